"""Differential tests: pure equilibria of n-player games against Gambit's enumpure."""

from __future__ import annotations

import numpy as np
import pytest

from dualdilemma import NormalFormGame
from dualdilemma.solvers.pure_nash import pure_equilibria

gbt = pytest.importorskip("pygambit")


def _gambit_pure(arrays: list[np.ndarray]) -> set[tuple[int, ...]]:
    game = gbt.Game.from_arrays(*arrays)
    found = set()
    for eq in gbt.nash.enumpure_solve(game).equilibria:
        found.add(
            tuple(
                next(s for s, strategy in enumerate(player.strategies) if eq[strategy] == 1)
                for player in game.players
            )
        )
    return found


def _random_arrays(seed: int, integer: bool) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 5))
    shape = tuple(int(a) for a in rng.integers(1, 5 if n < 4 else 3, size=n))
    if integer:
        # a small range makes ties (degenerate games) frequent
        return [rng.integers(-2, 3, size=shape) for _ in range(n)]
    return [np.round(rng.normal(size=shape), 6) for _ in range(n)]


@pytest.mark.parametrize("seed", range(150))
@pytest.mark.parametrize("integer", [True, False], ids=["exact", "float"])
def test_pure_equilibria_match_gambit(seed: int, integer: bool) -> None:
    arrays = _random_arrays(seed, integer)
    game = NormalFormGame.from_arrays(*arrays, exact=integer)
    ours = {eq.pure_profile() for eq in pure_equilibria(game)}
    assert ours == _gambit_pure(arrays)
