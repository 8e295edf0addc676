"""The float screen of exact pure-equilibrium search agrees with exact comparison everywhere.

Large exact games find each player's best replies through their floats first
(:func:`dualdilemma.solvers.pure_nash._screened_best`); only slices with tied floats are
compared exactly.  Payoffs here differ by 10^-30, far below float resolution, so floats tie
where exact values do not: the screen must still give the exact answer.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from dualdilemma import NormalFormGame
from dualdilemma.solvers import pure_nash


@pytest.mark.parametrize("seed", range(60))
def test_screen_matches_exact_comparison(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(seed)
    shape = tuple(int(a) for a in rng.integers(1, 4, size=int(rng.integers(2, 4))))
    base = rng.integers(-3, 4, (len(shape), *shape))
    nudge = rng.integers(-1, 2, base.shape)
    payoffs = np.empty(base.shape, dtype=object)
    payoffs.reshape(-1)[:] = [
        Fraction(int(b)) + Fraction(int(e), 10**30)
        for b, e in zip(base.reshape(-1), nudge.reshape(-1), strict=True)
    ]
    game = NormalFormGame(payoffs, exact=True)
    exact = pure_nash.pure_equilibrium_mask(game)
    monkeypatch.setattr(pure_nash, "_SCREEN_SIZE", 0)
    monkeypatch.setattr(pure_nash, "_SCREEN_TIES", 1.0)
    screened = pure_nash.pure_equilibrium_mask(NormalFormGame(payoffs, exact=True))
    assert np.array_equal(exact[0], screened[0])
    assert np.array_equal(exact[1], screened[1])
