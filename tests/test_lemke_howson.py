"""Lemke-Howson: known answers, degenerate games, budgets, the nashpy backend's checks,
differential tests against Gambit, and properties."""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma import (
    InvalidParameterError,
    NormalFormGame,
    UnsupportedGameError,
)
from dualdilemma.solvers.lemke_howson import lemke_howson, lemke_howson_nashpy
from dualdilemma.solvers.regret import default_tol

# the module itself (the package namespace may export the function of the same name)
lemke_howson_module = importlib.import_module("dualdilemma.solvers.lemke_howson")

gbt = pytest.importorskip("pygambit")

F = Fraction


def bimatrix(a, b) -> NormalFormGame:
    return NormalFormGame.from_arrays(a, b)


def profile(*vectors) -> tuple[tuple[Fraction, ...], ...]:
    return tuple(tuple(F(p) for p in v) for v in vectors)


# -- known answers -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    a: list
    b: list
    expected: frozenset  # the equilibria reached from all labels together
    by_label: dict  # label -> equilibrium reached from it alone
    degenerate: bool | None


VON_STENGEL_A = [[3, 3], [2, 5], [0, 6]]

CASES = [
    pytest.param(
        Case(
            [[3, 0], [5, 1]],
            [[3, 5], [0, 1]],
            frozenset({profile((0, 1), (0, 1))}),
            {0: profile((0, 1), (0, 1)), 3: profile((0, 1), (0, 1))},
            None,
        ),
        id="prisoners-dilemma",
    ),
    pytest.param(
        # the mixed equilibrium (2/3, 1/3), (1/3, 2/3) has the artificial equilibrium's index
        Case(
            [[2, 0], [0, 1]],
            [[1, 0], [0, 2]],
            frozenset({profile((1, 0), (1, 0)), profile((0, 1), (0, 1))}),
            {0: profile((1, 0), (1, 0)), 1: profile((0, 1), (0, 1))},
            None,
        ),
        id="battle-of-the-sexes",
    ),
    pytest.param(
        Case(
            [[1, -1], [-1, 1]],
            [[-1, 1], [1, -1]],
            frozenset({profile((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))}),
            {2: profile((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))},
            None,
        ),
        id="matching-pennies",
    ),
    pytest.param(
        Case(
            [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
            [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
            frozenset({profile([F(1, 3)] * 3, [F(1, 3)] * 3)}),
            {4: profile([F(1, 3)] * 3, [F(1, 3)] * 3)},
            None,
        ),
        id="rock-paper-scissors",
    ),
    pytest.param(
        # von Stengel (2002), Figure 1: three equilibria; the middle one is never reached
        Case(
            VON_STENGEL_A,
            [[3, 2], [2, 6], [3, 1]],
            frozenset(
                {profile((1, 0, 0), (1, 0)), profile((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))}
            ),
            {0: profile((1, 0, 0), (1, 0)), 1: profile((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))},
            None,
        ),
        id="von-stengel-3x2",
    ),
    pytest.param(
        # von Stengel (2002), section 6: the degenerate variant; row 0 gives column player a tie
        Case(
            VON_STENGEL_A,
            [[3, 3], [2, 6], [3, 1]],
            frozenset({profile((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))}),
            {0: profile((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))},
            True,
        ),
        id="von-stengel-degenerate",
    ),
    pytest.param(
        # every profile is an equilibrium: ties in every ratio test
        Case(
            [[1] * 3] * 3,
            [[1] * 3] * 3,
            frozenset({profile((0, 0, 1), (0, 0, 1))}),
            {0: profile((0, 0, 1), (0, 0, 1))},
            True,
        ),
        id="constant-3x3",
    ),
    pytest.param(
        # nashpy issue 35: returned vectors of the wrong lengths on this game
        Case(
            [[-1, -1, -1], [0, 0, 0], [-1, -1, -10000]],
            [[-1, -1, -1], [0, 0, 0], [-1, -1, -10000]],
            frozenset({profile((0, 1, 0), (0, 0, 1))}),
            {5: profile((0, 1, 0), (0, 0, 1))},
            True,
        ),
        id="nashpy-issue-35",
    ),
    pytest.param(
        Case([[5]], [[-2]], frozenset({profile((1,), (1,))}), {0: profile((1,), (1,))}, None),
        id="one-by-one",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_known_answers_exact(case: Case) -> None:
    game = bimatrix(case.a, case.b)
    result = lemke_howson(game)
    assert result.exact and not result.complete and result.converged
    assert {eq.profile for eq in result} == set(case.expected)
    assert all(eq.max_regret == 0 for eq in result)
    assert result.degenerate is case.degenerate
    for label, expected in case.by_label.items():
        single = lemke_howson(game, initial_label=label)
        assert [eq.profile for eq in single] == [expected]
        assert single.parameters["initial_label"] == label


@pytest.mark.parametrize("case", CASES)
def test_known_answers_float(case: Case) -> None:
    game = bimatrix(case.a, case.b).to_float()
    result = lemke_howson(game)
    assert not result.exact
    tol = default_tol(game)
    found = [np.concatenate(eq.as_arrays()) for eq in result]
    expected = [np.array([float(p) for v in prof for p in v]) for prof in case.expected]
    assert len(found) == len(expected)
    for vector in expected:
        assert min(np.max(np.abs(vector - f)) for f in found) < 1e-9
    assert all(eq.max_regret <= tol for eq in result)


def test_diagnostics_say_which_labels_reached_which_equilibrium() -> None:
    result = lemke_howson(bimatrix(VON_STENGEL_A, [[3, 2], [2, 6], [3, 1]]))
    summary = result.diagnostics[-1]
    assert "5 starting labels reached 2 distinct equilibria" in summary
    assert "does not promise every equilibrium" in summary
    assert "equilibrium 0 from labels 0, 2, 3" in summary
    assert "equilibrium 1 from labels 1, 4" in summary
    json.dumps(result.to_dict())


def test_payoffs_and_exact_types() -> None:
    result = lemke_howson(bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]), initial_label=0)
    (eq,) = result.equilibria
    assert eq.payoffs == (F(1), F(1))
    assert all(isinstance(p, Fraction) for v in eq.profile for p in v)


def test_exact_rational_payoffs() -> None:
    game = bimatrix([[F(1, 3), F(-1, 7)], [F(-2, 5), F(1, 2)]], [[F(-1, 3), 1], [1, F(-1, 9)]])
    result = lemke_howson(game)
    assert result.exact and all(eq.max_regret == 0 for eq in result)


# -- degenerate games: the lexicographic rule terminates -----------------------------------------
@pytest.mark.parametrize("seed", range(30))
def test_highly_degenerate_games_terminate(seed: int) -> None:
    """Binary payoffs make almost every ratio test a tie; every path still ends, verified."""
    rng = np.random.default_rng(seed)
    m, n = (int(v) for v in rng.integers(2, 7, 2))
    game = bimatrix(rng.integers(0, 2, (m, n)), rng.integers(0, 2, (m, n)))
    result = lemke_howson(game, max_pivots=200)
    assert result.converged and len(result) >= 1
    assert all(eq.max_regret == 0 for eq in result)
    float_result = lemke_howson(game.to_float(), max_pivots=200)
    assert float_result.converged and len(float_result) >= 1


# -- budget and errors ---------------------------------------------------------------------------
def test_pivot_budget_reports_non_convergence() -> None:
    """Every path needs at least two pivots (one in each system)."""
    game = bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    result = lemke_howson(game, initial_label=0, max_pivots=1)
    assert not result.converged and len(result) == 0
    assert any("pivot budget of 1 exhausted from label(s) [0]" in d for d in result.diagnostics)


def test_partial_budget_keeps_the_paths_that_finished() -> None:
    game = bimatrix(VON_STENGEL_A, [[3, 2], [2, 6], [3, 1]])
    lengths = {}
    for label in range(5):
        summary = lemke_howson(game, initial_label=label).diagnostics[-1]
        lengths[label] = int(summary.split("(")[-1].split(" pivots")[0])
    budget = min(lengths.values())
    result = lemke_howson(game, max_pivots=budget)
    assert not result.converged
    assert len(result) >= 1 and all(eq.max_regret == 0 for eq in result)
    unfinished = sorted(label for label, count in lengths.items() if count > budget)
    assert any(f"exhausted from label(s) {unfinished}" in d for d in result.diagnostics)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"initial_label": 5}, "0..4", id="label-too-large"),
        pytest.param({"initial_label": -1}, "0..4", id="label-negative"),
        pytest.param({"initial_label": True}, "True", id="label-bool"),
        pytest.param({"initial_label": 1.0}, "1.0", id="label-float"),
        pytest.param({"max_pivots": 0}, "max_pivots", id="budget-zero"),
        pytest.param({"max_pivots": 2.5}, "max_pivots", id="budget-float"),
        pytest.param({"backend": "gambit"}, "gambit", id="backend"),
        pytest.param({"tol": -1.0}, "tol", id="tol"),
    ],
)
def test_invalid_parameters(kwargs: dict, message: str) -> None:
    game = bimatrix(VON_STENGEL_A, [[3, 2], [2, 6], [3, 1]])
    with pytest.raises(InvalidParameterError, match=message):
        lemke_howson(game, **kwargs)


def test_three_players_rejected() -> None:
    game = NormalFormGame(np.zeros((3, 2, 2, 2), dtype=int))
    with pytest.raises(UnsupportedGameError, match="3 players"):
        lemke_howson(game)


def test_nashpy_timeout_must_be_positive() -> None:
    with pytest.raises(InvalidParameterError, match="timeout"):
        lemke_howson_nashpy(bimatrix([[1]], [[1]]), timeout=0)


def test_inaccurate_float_path_is_redone_exactly(monkeypatch) -> None:
    """If the float tableau ends at a wrong profile, the path is recomputed exactly and the
    replacement is reported."""
    real = lemke_howson_module._float_matrices

    def corrupted(game):
        a, b = real(game)
        return a, b[::-1]  # the column player's payoffs of another game

    monkeypatch.setattr(lemke_howson_module, "_float_matrices", corrupted)
    game = bimatrix(VON_STENGEL_A, [[3, 2], [2, 6], [3, 1]]).to_float()
    result = lemke_howson(game)
    assert result.max_regret <= default_tol(game) and len(result) >= 1
    assert any("recomputed with exact integer pivoting" in d for d in result.diagnostics)


def test_zero_float_tolerance_never_returns_an_unverified_profile() -> None:
    rng = np.random.default_rng(3)
    game = bimatrix(rng.random((6, 6)), rng.random((6, 6)))
    result = lemke_howson(game, tol=0.0)
    assert all(eq.max_regret == 0.0 for eq in result)
    reached = result.diagnostics[-1]
    assert "12 starting labels" in reached


# -- the nashpy backend --------------------------------------------------------------------------
def _normal(seed: int, m: int, n: int) -> NormalFormGame:
    rng = np.random.default_rng(seed)
    return bimatrix(rng.standard_normal((m, n)), rng.standard_normal((m, n)))


def _uniform(seed: int, n: int) -> NormalFormGame:
    rng = np.random.default_rng(seed)
    return bimatrix(rng.random((n, n)), rng.random((n, n)))


# Games found by searching seeded random games (nashpy 0.0.43, label 0).
NASHPY_FAILURES = [
    pytest.param(_normal(8, 5, 5), "returned NaN or infinite probabilities", id="nan"),
    pytest.param(_uniform(13, 8), "returned vectors of lengths (7, 8)", id="wrong-length"),
    pytest.param(_normal(0, 6, 3), "returned a profile with regret", id="not-an-equilibrium"),
    pytest.param(_uniform(20, 8), "did not answer within 1 s", id="cycles"),
]


@pytest.mark.parametrize(("game", "symptom"), NASHPY_FAILURES)
def test_nashpy_misbehaviour_is_detected_and_replaced(game: NormalFormGame, symptom: str) -> None:
    result = lemke_howson_nashpy(game, initial_label=0, timeout=1.0)
    assert result.parameters["backend"] == "nashpy"
    notes = [d for d in result.diagnostics if d.startswith("label 0: nashpy")]
    assert len(notes) == 1 and symptom in notes[0]
    assert "fell back to dualdilemma's own pivoting" in notes[0]
    assert len(result) == 1 and result.max_regret <= default_tol(game)
    own = lemke_howson(game, initial_label=0)
    assert np.allclose(np.concatenate(own[0].as_arrays()), np.concatenate(result[0].as_arrays()))


def test_nashpy_backend_keeps_valid_answers() -> None:
    game = bimatrix(VON_STENGEL_A, [[3, 2], [2, 6], [3, 1]]).to_float()
    result = lemke_howson(game, backend="nashpy")
    assert not any("nashpy" in d for d in result.diagnostics[:-1])
    assert len(result) >= 1 and result.max_regret <= default_tol(game)


def test_nashpy_backend_in_exact_mode_returns_exact_fractions() -> None:
    game = bimatrix(VON_STENGEL_A, [[3, 2], [2, 6], [3, 1]])
    result = lemke_howson(game, backend="nashpy")
    assert result.exact
    assert {eq.profile for eq in result} <= {
        profile((1, 0, 0), (1, 0)),
        profile((F(4, 5), F(1, 5), 0), (F(2, 3), F(1, 3))),
        profile((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
    }
    assert all(eq.max_regret == 0 for eq in result)


# -- differential tests against Gambit -----------------------------------------------------------
def _gambit_profiles(a: np.ndarray, b: np.ndarray, solver, **kwargs) -> set:
    game = gbt.Game.from_arrays(a, b)
    result = solver(game, rational=True, **kwargs)
    return {
        tuple(tuple(F(str(eq[s])) for s in player.strategies) for player in game.players)
        for eq in result.equilibria
    }


def _random_game(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Seeded games from 1x1 to 5x5: small integers (degenerate), wide integers (generic) or
    binary payoffs (highly degenerate)."""
    rng = np.random.default_rng(seed)
    m, n = (int(v) for v in rng.integers(1, 6, 2))
    low, high = [(-3, 4), (-1000, 1000), (0, 2)][seed % 3]
    return rng.integers(low, high, (m, n)), rng.integers(low, high, (m, n))


@pytest.mark.parametrize("block", range(4))
def test_every_equilibrium_is_in_gambits_enumeration(block: int) -> None:
    """200 seeded games: every equilibrium found (exact and float) is an extreme equilibrium
    listed by pygambit.nash.enummixed_solve."""
    for seed in range(50 * block, 50 * block + 50):
        a, b = _random_game(seed)
        reference = _gambit_profiles(a, b, gbt.nash.enummixed_solve)
        game = bimatrix(a, b)
        exact = lemke_howson(game)
        assert exact.converged and len(exact) >= 1, seed
        assert {eq.profile for eq in exact} <= reference, seed
        approx = lemke_howson(game.to_float())
        assert approx.converged and len(approx) >= 1, seed
        vectors = [np.array([float(p) for v in prof for p in v]) for prof in reference]
        for eq in approx:
            found = np.concatenate(eq.as_arrays())
            assert min(np.max(np.abs(found - v)) for v in vectors) < 1e-9, seed


@pytest.mark.parametrize("seed", range(0, 300, 3))
def test_generic_games_subset_of_gambit_lcp(seed: int) -> None:
    """On generic (wide-integer) games the equilibria reachable from the artificial one are
    among those pygambit.nash.lcp_solve finds, and its first one is among ours."""
    a, b = _random_game(seed + 1)
    ours = {eq.profile for eq in lemke_howson(bimatrix(a, b))}
    assert ours <= _gambit_profiles(a, b, gbt.nash.lcp_solve)
    assert _gambit_profiles(a, b, gbt.nash.lcp_solve, stop_after=1) <= ours


@pytest.mark.parametrize("seed", range(40))
def test_float_path_matches_exact_path(seed: int) -> None:
    """Generic float games: the float tableau ends where exact pivoting on the same numbers
    does, from every label."""
    rng = np.random.default_rng(1000 + seed)
    m, n = (int(v) for v in rng.integers(2, 9, 2))
    game = bimatrix(rng.random((m, n)).round(6), rng.random((m, n)).round(6))
    exact_game = game.to_exact()
    for label in range(m + n):
        approx = lemke_howson(game, initial_label=label)[0]
        exact = lemke_howson(exact_game, initial_label=label)[0]
        assert exact.max_regret == 0
        assert np.allclose(
            np.concatenate(approx.as_arrays()), np.concatenate(exact.as_arrays()), atol=1e-9
        )


@pytest.mark.parametrize("n", [10, 20])
def test_larger_random_games(n: int) -> None:
    rng = np.random.default_rng(n)
    game = bimatrix(rng.standard_normal((n, n)), rng.standard_normal((n, n)))
    result = lemke_howson(game, initial_label=0)
    assert len(result) == 1 and result.max_regret <= default_tol(game)
    exact = lemke_howson(game.to_exact(), initial_label=0)
    assert exact[0].max_regret == 0


# -- properties ----------------------------------------------------------------------------------
@st.composite
def integer_bimatrices(draw, max_size: int = 4, bound: int = 6):
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    entries = st.lists(st.integers(-bound, bound), min_size=m * n, max_size=m * n)
    a = np.array(draw(entries), dtype=object).reshape(m, n)
    b = np.array(draw(entries), dtype=object).reshape(m, n)
    return bimatrix(a, b)


@st.composite
def float_bimatrices(draw, max_size: int = 5):
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    values = st.floats(-100, 100, allow_nan=False, allow_infinity=False)
    a = np.array(draw(st.lists(values, min_size=m * n, max_size=m * n))).reshape(m, n)
    b = np.array(draw(st.lists(values, min_size=m * n, max_size=m * n))).reshape(m, n)
    return bimatrix(a, b)


@settings(max_examples=60, deadline=None)
@given(game=integer_bimatrices())
def test_exact_results_have_zero_regret(game: NormalFormGame) -> None:
    result = lemke_howson(game)
    assert result.converged and len(result) >= 1
    assert all(eq.max_regret == 0 for eq in result)
    for eq in result:
        assert all(sum(v) == 1 and min(v) >= 0 for v in eq.profile)


@settings(max_examples=60, deadline=None)
@given(game=float_bimatrices())
def test_float_results_within_tolerance(game: NormalFormGame) -> None:
    result = lemke_howson(game)
    assert result.converged and len(result) >= 1
    assert all(eq.max_regret <= default_tol(game) for eq in result)


@settings(max_examples=40, deadline=None)
@given(
    game=integer_bimatrices(bound=50),
    scales=st.tuples(st.integers(1, 9), st.integers(1, 9)),
    shifts=st.tuples(st.integers(-20, 20), st.integers(-20, 20)),
    label=st.integers(0, 7),
)
def test_positive_affine_invariance(game, scales, shifts, label) -> None:
    """A path without ties is combinatorial: rescaling and shifting the payoffs (which changes
    no label) must end at the very same equilibrium."""
    label = label % sum(game.shape)
    original = lemke_howson(game, initial_label=label)
    transformed = lemke_howson(
        game.affine_transform([F(s, 3) for s in scales], list(shifts)), initial_label=label
    )
    if original.degenerate is None:
        assert [eq.profile for eq in transformed] == [eq.profile for eq in original]
    assert transformed[0].max_regret == 0


def test_strategies_of_the_property_tests_produce_varied_games() -> None:
    """The composite strategies draw every shape up to the maximum (examples are not stuck)."""
    shapes = set()

    @settings(max_examples=80, deadline=None)
    @given(game=integer_bimatrices(max_size=3))
    def collect(game):
        shapes.add(game.shape)

    collect()
    assert len(shapes) >= 6
