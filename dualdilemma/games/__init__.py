"""Game representations: normal form and anonymous (symmetric) games."""

from dualdilemma.games.anonymous import AnonymousGame
from dualdilemma.games.normal_form import MixedProfile, NormalFormGame

__all__ = ["NormalFormGame", "MixedProfile", "AnonymousGame"]
