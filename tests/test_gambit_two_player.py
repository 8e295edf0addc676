"""Differential tests: all extreme equilibria of bimatrix games against Gambit's enummixed.

Seeded random games of sizes 2x2 to 6x6.  Integer payoffs in a small range make ties (degenerate
games with continua of equilibria) common; there exact mode must return exactly Gambit's rational
set.  Float games are compared with Gambit's floating-point solver within 1e-6, and float mode is
also run on the integer games (the degenerate, lexicographic path) against the rational set.
Support enumeration must agree whenever it claims completeness and never return anything else.
Gambit may list an equilibrium of a degenerate game more than once, so its answers are compared
as sets.  More and larger games run under ``pytest -m slow``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from dualdilemma import NormalFormGame
from dualdilemma.solvers.support_enumeration import support_enumeration
from dualdilemma.solvers.vertex_enumeration import vertex_enumeration

gbt = pytest.importorskip("pygambit")

DEFAULT_SEEDS = range(200)
SLOW_SEEDS = range(200, 1000)


def gambit_equilibria(A: np.ndarray, B: np.ndarray, *, rational: bool) -> list[tuple]:
    """Gambit's extreme equilibria as tuples of Fractions (rational) or floats."""
    if rational:
        A = np.array([[Fraction(int(a)) for a in row] for row in A], dtype=object)
        B = np.array([[Fraction(int(b)) for b in row] for row in B], dtype=object)
    game = gbt.Game.from_arrays(A, B)
    convert = (lambda v: Fraction(str(v))) if rational else float
    return [
        tuple(tuple(convert(eq[s]) for s in player.strategies) for player in game.players)
        for eq in gbt.nash.enummixed_solve(game, rational=rational).equilibria
    ]


def integer_game(seed: int, sizes: tuple[int, int] = (2, 6)) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    m, n = (int(v) for v in rng.integers(sizes[0], sizes[1] + 1, size=2))
    high = int(rng.integers(1, 4))
    return rng.integers(-high, high + 1, size=(m, n)), rng.integers(-high, high + 1, size=(m, n))


def float_game(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(10_000 + seed)
    m, n = (int(v) for v in rng.integers(2, 7, size=2))
    return rng.random((m, n)), rng.random((m, n))


def same_within(found: list[tuple], expected: list[tuple], atol: float = 1e-6) -> bool:
    """A bijection between the two lists matching profiles within ``atol``."""
    flat_found = [np.concatenate([np.asarray(s, float) for s in p]) for p in found]
    flat_expected = [np.concatenate([np.asarray(s, float) for s in p]) for p in expected]
    if len(flat_found) != len(flat_expected):
        return False
    unmatched = list(range(len(flat_expected)))
    for f in flat_found:
        hit = next((e for e in unmatched if np.max(np.abs(f - flat_expected[e])) <= atol), None)
        if hit is None:
            return False
        unmatched.remove(hit)
    return True


def check_exact(A: np.ndarray, B: np.ndarray) -> None:
    # Gambit lists an equilibrium of a degenerate game once per basis: compare sets
    expected = sorted(set(gambit_equilibria(A, B, rational=True)))
    game = NormalFormGame.from_arrays(A, B)
    result = vertex_enumeration(game)
    assert result.exact and result.complete
    assert {eq.profile for eq in result} == set(expected)
    assert all(eq.max_regret == 0 for eq in result)
    supports = support_enumeration(game)
    found = {eq.profile for eq in supports}
    assert found <= set(expected)
    if supports.complete:
        assert found == set(expected)
    if not result.degenerate:
        assert found == set(expected)
    # float mode on the same (often degenerate) game
    floats = vertex_enumeration(game.to_float())
    assert floats.complete and floats.degenerate == result.degenerate
    assert same_within([eq.profile for eq in floats], expected)
    assert len(floats.components) == len(result.components)


def check_float(A: np.ndarray, B: np.ndarray) -> None:
    expected = gambit_equilibria(A, B, rational=False)
    game = NormalFormGame.from_arrays(A, B)
    result = vertex_enumeration(game)
    assert not result.exact and result.complete
    assert same_within([eq.profile for eq in result], expected)
    supports = support_enumeration(game)
    assert supports.complete
    assert same_within([eq.profile for eq in supports], expected)


@pytest.mark.parametrize("seed", DEFAULT_SEEDS)
def test_exact_matches_gambit_rational(seed: int) -> None:
    check_exact(*integer_game(seed))


@pytest.mark.parametrize("seed", DEFAULT_SEEDS)
def test_float_matches_gambit_float(seed: int) -> None:
    check_float(*float_game(seed))


def test_some_default_games_are_degenerate() -> None:
    """The integer sample really exercises degeneracy (otherwise the test above is weak)."""
    flags = [
        vertex_enumeration(NormalFormGame.from_arrays(*integer_game(s))).degenerate
        for s in DEFAULT_SEEDS
    ]
    assert 0.2 < sum(flags) / len(flags) < 1.0


@pytest.mark.slow
@pytest.mark.parametrize("seed", SLOW_SEEDS)
def test_exact_matches_gambit_rational_slow(seed: int) -> None:
    check_exact(*integer_game(seed))


@pytest.mark.slow
@pytest.mark.parametrize("seed", SLOW_SEEDS)
def test_float_matches_gambit_float_slow(seed: int) -> None:
    check_float(*float_game(seed))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(60))
def test_larger_degenerate_games_match_gambit(seed: int) -> None:
    A, B = integer_game(50_000 + seed, sizes=(6, 8))
    A, B = np.abs(A) % 3, np.abs(B) % 3  # payoffs in {0, 1, 2}: many ties
    check_exact(A, B)
