"""The package's exception hierarchy.

Every user error raised by dualdilemma derives from :class:`DualDilemmaError` and from
:class:`ValueError` or :class:`TypeError`, so callers can catch either the package's own
base class or the builtin they already expect.  Messages name the offending value and, where
there is one, the valid range.

>>> from dualdilemma.errors import InvalidGameError
>>> issubclass(InvalidGameError, ValueError)
True
"""

from __future__ import annotations

__all__ = [
    "DualDilemmaError",
    "InvalidGameError",
    "InvalidParameterError",
    "InvalidProfileError",
    "GameTooLargeError",
    "UnsupportedGameError",
    "FormatError",
    "ExpressionError",
    "SolverError",
]


class DualDilemmaError(Exception):
    """Base class of every error raised on purpose by dualdilemma."""


class InvalidGameError(DualDilemmaError, ValueError):
    """A game's payoffs, dimensions or labels are malformed (NaN, ragged shape, duplicates...)."""


class InvalidParameterError(DualDilemmaError, ValueError):
    """A parameter is outside its allowed range (a tolerance below zero, a probability > 1...)."""


class InvalidProfileError(DualDilemmaError, ValueError):
    """A strategy profile does not fit the game (wrong length, off the simplex)."""


class GameTooLargeError(DualDilemmaError, ValueError):
    """A payoff tensor would not fit in memory; the message says how large it would be."""


class UnsupportedGameError(DualDilemmaError, TypeError):
    """A solver was given a game it does not handle (e.g. three players for a bimatrix method)."""


class FormatError(DualDilemmaError, ValueError):
    """A file (Gambit NFG, scenario TOML) could not be parsed; the message gives the position."""


class ExpressionError(DualDilemmaError, ValueError):
    """A symbolic expression given as text was rejected by the restricted parser."""


class SolverError(DualDilemmaError, RuntimeError):
    """A solver failed internally: an equilibrium candidate did not verify. Please report it."""
