"""hypothesis strategies that build valid dualdilemma objects by construction.

Import them in your own property tests::

    from hypothesis import given
    from dualdilemma.strategies import normal_form_games

    @given(normal_form_games(num_players=2))
    def test_my_claim(game): ...

Every strategy draws only valid objects (no ``assume`` filtering), so shrinking is fast and
counterexamples are minimal.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

import numpy as np
from hypothesis import strategies as st

from dualdilemma.games.normal_form import NormalFormGame

__all__ = ["payoff_values", "normal_form_games", "mixed_profiles"]

PayoffKind = Literal["integer", "rational", "float"]


def payoff_values(kind: PayoffKind = "integer", *, bound: int = 10) -> st.SearchStrategy:
    """Payoff entries in ``[-bound, bound]``: ints, Fractions with small denominators, or floats."""
    if kind == "integer":
        return st.integers(-bound, bound)
    if kind == "rational":
        return st.builds(
            Fraction, st.integers(-bound * 12, bound * 12), st.sampled_from([1, 2, 3, 4, 6, 12])
        ).map(lambda f: max(min(f, Fraction(bound)), Fraction(-bound)))
    if kind == "float":
        return st.floats(-bound, bound, allow_nan=False, allow_infinity=False, width=64)
    raise ValueError(f"unknown payoff kind {kind!r}; choose integer, rational or float")


@st.composite
def normal_form_games(
    draw: st.DrawFn,
    num_players: int | st.SearchStrategy[int] | None = None,
    num_actions: int | st.SearchStrategy[int] | None = None,
    kind: PayoffKind = "integer",
    bound: int = 10,
) -> NormalFormGame:
    """Normal-form games with the given number of players and of actions per player.

    ``num_players`` defaults to 2 or 3 and ``num_actions`` to 1-3.  Integer and rational
    payoffs give exact games; float payoffs give float games.
    """
    num_players = st.integers(2, 3) if num_players is None else num_players
    num_actions = st.integers(1, 3) if num_actions is None else num_actions
    n = num_players if isinstance(num_players, int) else draw(num_players)
    shape = tuple(
        num_actions if isinstance(num_actions, int) else draw(num_actions) for _ in range(n)
    )
    size = n * int(np.prod(shape))
    entries = draw(st.lists(payoff_values(kind, bound=bound), min_size=size, max_size=size))
    payoffs = np.empty(size, dtype=object)
    payoffs[:] = entries
    return NormalFormGame(payoffs.reshape((n, *shape)), exact=kind != "float")


@st.composite
def mixed_profiles(draw: st.DrawFn, game: NormalFormGame) -> tuple[tuple[Fraction, ...], ...]:
    """Exact mixed profiles of ``game``: integer weights normalised onto the simplex."""
    profile = []
    for a in game.shape:
        weights = draw(st.lists(st.integers(0, 6), min_size=a, max_size=a))
        if sum(weights) == 0:
            weights[draw(st.integers(0, a - 1))] = 1
        total = sum(weights)
        profile.append(tuple(Fraction(w, total) for w in weights))
    return tuple(profile)
