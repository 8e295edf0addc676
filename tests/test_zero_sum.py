"""Zero-sum games by linear programming: known values, exact recovery, differential tests
against Gambit's lp_solve, and properties of the value."""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma import NormalFormGame, UnsupportedGameError
from dualdilemma.solvers.regret import default_tol
from dualdilemma.solvers.zero_sum import minimax_lp, zero_sum

# the module itself (the package namespace may export the function of the same name)
zero_sum_module = importlib.import_module("dualdilemma.solvers.zero_sum")

gbt = pytest.importorskip("pygambit")

F = Fraction


def zero_sum_game(a) -> NormalFormGame:
    a = np.array(a, dtype=object)
    return NormalFormGame.from_arrays(a, -a)


# -- known answers -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    a: list
    value: Fraction
    profile: tuple | None  # the unique optimal pair, when it is unique


CASES = [
    pytest.param(
        Case([[1, -1], [-1, 1]], F(0), ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))),
        id="matching-pennies",
    ),
    pytest.param(
        Case([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], F(0), ((F(1, 3),) * 3, (F(1, 3),) * 3)),
        id="rock-paper-scissors",
    ),
    pytest.param(
        # 3x + ... : x = (3/7, 4/7), y = (2/7, 5/7), v = 1/7 (solve the 2x2 equalisers by hand)
        Case([[3, -1], [-2, 1]], F(1, 7), ((F(3, 7), F(4, 7)), (F(2, 7), F(5, 7)))),
        id="2x2-value-1/7",
    ),
    pytest.param(
        # Ferguson, Game Theory, part II section 4 ([[1,-1,-1],[-1,-1,3],[-1,3,-1]], value 0)
        # shifted by 1: optimal (1/2, 1/4, 1/4) for both, value 1
        Case(
            [[2, 0, 0], [0, 0, 4], [0, 4, 0]],
            F(1),
            ((F(1, 2), F(1, 4), F(1, 4)), (F(1, 2), F(1, 4), F(1, 4))),
        ),
        id="ferguson-3x3-value-1",
    ),
    pytest.param(
        Case([[4, 2, 3], [1, 0, -1], [5, 1, 2]], F(2), ((1, 0, 0), (0, 1, 0))),
        id="saddle-point",
    ),
    pytest.param(
        Case([[F(1, 2), F(-5, 4)], [-1, 1]], F(-1, 5), ((F(8, 15), F(7, 15)), (F(3, 5), F(2, 5)))),
        id="fractional-payoffs",
    ),
    pytest.param(Case([[7, 7], [7, 7]], F(7), None), id="constant-continuum"),
    pytest.param(Case([[1, 0], [1, 0]], F(0), None), id="row-indifferent-continuum"),
    pytest.param(Case([[3]], F(3), ((1,), (1,))), id="one-by-one"),
]


@pytest.mark.parametrize("case", CASES)
def test_known_values_exact(case: Case) -> None:
    result = zero_sum(zero_sum_game(case.a))
    assert result.exact and not result.complete and len(result) == 1
    (eq,) = result.equilibria
    assert eq.max_regret == 0
    assert result.parameters["value"] == case.value
    assert isinstance(result.parameters["value"], Fraction)
    assert eq.payoffs == (case.value, -case.value)
    if case.profile is not None:
        assert eq.profile == tuple(tuple(F(p) for p in v) for v in case.profile)
    json.dumps(result.to_dict())


@pytest.mark.parametrize("case", CASES)
def test_known_values_float(case: Case) -> None:
    game = zero_sum_game(case.a).to_float()
    result = zero_sum(game)
    assert not result.exact
    assert abs(result.parameters["value"] - float(case.value)) <= 1e-9
    assert abs(result.parameters["lp_value"] - float(case.value)) <= 1e-9
    assert result.max_regret <= default_tol(game)
    if case.profile is not None:
        expected = np.concatenate([np.array(v, dtype=float) for v in case.profile])
        assert np.allclose(np.concatenate(result[0].as_arrays()), expected, atol=1e-9)


def test_continuum_is_documented_in_diagnostics() -> None:
    result = zero_sum(zero_sum_game([[7, 7], [7, 7]]))
    assert not result.complete
    assert any("one pair of optimal strategies" in d for d in result.diagnostics)


def test_unequal_supports_flag_degeneracy() -> None:
    """Row 0 guarantees the value 0 as well as any mix of rows 1 and 2 with equal weights; the
    column player must mix evenly.  The optimal vertex x = (1, 0, 0) has a smaller support than
    y, which only a degenerate game allows."""
    result = zero_sum(zero_sum_game([[0, 0], [1, -1], [-1, 1]]))
    (eq,) = result.equilibria
    assert result.parameters["value"] == 0 and eq.max_regret == 0
    assert eq.profile[1] == (F(1, 2), F(1, 2))
    assert eq.profile[0] in {(1, 0, 0), (0, F(1, 2), F(1, 2))}
    assert result.degenerate is (True if eq.profile[0] == (1, 0, 0) else None)


# -- errors --------------------------------------------------------------------------------------
def test_non_zero_sum_game_names_the_worst_entry() -> None:
    game = NormalFormGame.from_arrays(
        [[3, 0], [5, 1]], [[-3, 5], [-5, -1]], strategies=[["C", "D"], ["c", "d"]]
    )
    with pytest.raises(UnsupportedGameError, match=r"u1 \+ u2 = 5.*\('C', 'd'\).*\(0, 1\)"):
        zero_sum(game)


def test_three_players_rejected() -> None:
    with pytest.raises(UnsupportedGameError, match="3 players"):
        zero_sum(NormalFormGame(np.zeros((3, 2, 2, 2), dtype=int)))


# -- recovery paths ------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(5))
def test_exact_recovery_from_supports(seed: int) -> None:
    """Random 8x8 integer games: the equilibrium's denominators exceed what rounding the LP's
    floats recovers, so the support system is solved exactly."""
    rng = np.random.default_rng(seed)
    game = zero_sum_game(rng.integers(-1000, 1000, (8, 8)))
    result = zero_sum(game)
    assert result.exact and result[0].max_regret == 0
    value = result.parameters["value"]
    assert abs(float(value) - result.parameters["lp_value"]) < 1e-6
    a = game.bimatrix()[0]
    x, y = (np.array(v, dtype=object) for v in result[0].profile)
    assert min(x @ a) == value == max(a @ y)


def test_lp_failure_falls_back_to_lemke_howson(monkeypatch) -> None:
    monkeypatch.setattr(zero_sum_module, "minimax_lp", lambda matrix: None)
    result = zero_sum(zero_sum_game([[3, -1], [-2, 1]]))
    assert result.parameters["value"] == F(1, 7) and result.parameters["lp_value"] is None
    assert any("Lemke-Howson" in d for d in result.diagnostics)


@pytest.mark.parametrize("exact", [True, False], ids=["exact", "float"])
def test_wrong_lp_answer_is_never_returned(monkeypatch, exact: bool) -> None:
    """A corrupted LP answer (uniform strategies) fails verification; the result is still an
    equilibrium, recovered and reported."""

    def uniform(matrix):
        m, n = np.shape(matrix)
        return np.full(m, 1 / m), np.full(n, 1 / n), 0.0

    monkeypatch.setattr(zero_sum_module, "minimax_lp", uniform)
    game = zero_sum_game([[3, -1, 0], [-2, 1, 4], [0, 2, -3]])
    game = game if exact else game.to_float()
    result = zero_sum(game)
    assert result.max_regret == 0 if exact else result.max_regret <= default_tol(game)
    assert any("did not verify" in d for d in result.diagnostics)
    reference = zero_sum(zero_sum_game([[3, -1, 0], [-2, 1, 4], [0, 2, -3]]))
    assert float(result.parameters["value"]) == pytest.approx(float(reference.parameters["value"]))


def test_slightly_inaccurate_lp_answer_is_polished(monkeypatch) -> None:
    """An LP answer off by 1e-7 misses the float tolerance; the support system repairs it."""
    real = minimax_lp

    def noisy(matrix):
        x, y, value = real(matrix)
        x = x + 1e-7 * (x > 0)
        return x / x.sum(), y, value

    monkeypatch.setattr(zero_sum_module, "minimax_lp", noisy)
    rng = np.random.default_rng(7)
    game = zero_sum_game(rng.standard_normal((6, 6)).round(3).tolist()).to_float()
    result = zero_sum(game)
    assert result.max_regret <= default_tol(game)
    assert any("recovering from its supports" in d for d in result.diagnostics)
    assert not any("Lemke-Howson" in d for d in result.diagnostics)


@pytest.mark.parametrize(
    "a",
    [
        pytest.param([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], id="rock-paper-scissors"),
        pytest.param([[3, -1], [-2, 1]], id="value-1/7"),
    ],
)
def test_zero_float_tolerance_never_returns_an_unverified_profile(a) -> None:
    """With tol=0 a float profile must have regret exactly 0.0; when even the exact answer
    rounded to floats cannot reach that, nothing is returned and the result says why."""
    result = zero_sum(zero_sum_game(a).to_float(), tol=0.0)
    if result.equilibria:
        assert result[0].max_regret == 0.0 and result.converged
    else:
        assert not result.converged and result.parameters["value"] is None
        assert "miss the tolerance 0" in result.diagnostics[-1]


# -- differential tests against Gambit -----------------------------------------------------------
def _random_matrix(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    m, n = (int(v) for v in rng.integers(1, 9, 2))
    low, high = [(-3, 4), (-1000, 1000), (0, 2)][seed % 3]
    return rng.integers(low, high, (m, n))


def _gambit_value(a: np.ndarray) -> Fraction:
    game = gbt.Game.from_arrays(a, -a)
    (eq,) = gbt.nash.lp_solve(game, rational=True).equilibria
    x, y = (
        np.array([F(str(eq[s])) for s in player.strategies], dtype=object)
        for player in game.players
    )
    return x @ a.astype(object) @ y


@pytest.mark.parametrize("block", range(4))
def test_values_match_gambit_lp_solve(block: int) -> None:
    """200 seeded games up to 8x8: the exact value equals Gambit's exact LP value; the float
    value is within the tolerance."""
    for seed in range(50 * block, 50 * block + 50):
        a = _random_matrix(seed)
        expected = _gambit_value(a)
        game = zero_sum_game(a)
        exact = zero_sum(game)
        assert exact.parameters["value"] == expected, seed
        assert exact[0].max_regret == 0, seed
        approx = zero_sum(game.to_float())
        tol = default_tol(game.to_float())
        assert abs(approx.parameters["value"] - float(expected)) <= tol, seed
        assert approx[0].max_regret <= tol, seed


def test_50x50_float_and_exact() -> None:
    rng = np.random.default_rng(50)
    a = rng.integers(-100, 100, (50, 50))
    exact = zero_sum(zero_sum_game(a))
    assert exact[0].max_regret == 0
    approx = zero_sum(zero_sum_game(a).to_float())
    assert abs(approx.parameters["value"] - float(exact.parameters["value"])) <= 1e-9 * 100


# -- properties ----------------------------------------------------------------------------------
@st.composite
def integer_matrices(draw, max_size: int = 5, bound: int = 20):
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    values = draw(st.lists(st.integers(-bound, bound), min_size=m * n, max_size=m * n))
    return np.array(values, dtype=object).reshape(m, n)


@st.composite
def float_matrices(draw, max_size: int = 6):
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    values = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
    return np.array(draw(st.lists(values, min_size=m * n, max_size=m * n))).reshape(m, n)


@settings(max_examples=60, deadline=None)
@given(a=integer_matrices())
def test_exact_value_is_guaranteed_by_both_strategies(a: np.ndarray) -> None:
    """min_j (x'A)_j = value = max_i (Ay)_i: x guarantees the value, y holds the row player to
    it; the LP's float optimum agrees."""
    result = zero_sum(zero_sum_game(a))
    x, y = (np.array(v, dtype=object) for v in result[0].profile)
    value = result.parameters["value"]
    assert min(x @ a) == value == max(a @ y)
    assert abs(float(value) - result.parameters["lp_value"]) <= 1e-7 * max(1, np.abs(a).max())


@settings(max_examples=60, deadline=None)
@given(a=float_matrices())
def test_float_regret_and_lp_value(a: np.ndarray) -> None:
    game = zero_sum_game(a).to_float()
    result = zero_sum(game)
    tol = default_tol(game)
    assert result[0].max_regret <= tol
    assert abs(result.parameters["value"] - result.parameters["lp_value"]) <= tol


@settings(max_examples=40, deadline=None)
@given(
    a=integer_matrices(),
    scale=st.fractions(min_value=F(1, 10), max_value=10, max_denominator=12),
    shift=st.fractions(min_value=-50, max_value=50, max_denominator=12),
)
def test_value_transforms_with_positive_affine_maps(a, scale, shift) -> None:
    """value(s A + c) = s value(A) + c, exactly."""
    base = zero_sum(zero_sum_game(a)).parameters["value"]
    moved = zero_sum(zero_sum_game(a * scale + shift)).parameters["value"]
    assert moved == scale * base + shift


@settings(max_examples=40, deadline=None)
@given(a=integer_matrices())
def test_swapping_roles_negates_the_value(a: np.ndarray) -> None:
    """The column player's game -A' has value -value(A) (the minimax theorem)."""
    value = zero_sum(zero_sum_game(a)).parameters["value"]
    assert zero_sum(zero_sum_game(-a.T)).parameters["value"] == -value


@settings(max_examples=30, deadline=None)
@given(a=float_matrices(), scale=st.floats(0.01, 100), shift=st.floats(-1e3, 1e3))
def test_float_value_transforms_with_positive_affine_maps(a, scale, shift) -> None:
    base = zero_sum(zero_sum_game(a).to_float()).parameters["value"]
    moved_game = zero_sum_game(a * scale + shift).to_float()
    moved = zero_sum(moved_game).parameters["value"]
    assert abs(moved - (scale * base + shift)) <= 10 * default_tol(moved_game)
