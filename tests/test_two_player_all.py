"""All equilibria of two-player games: vertex enumeration and support enumeration.

Known answers (table-driven, both arithmetic modes), error handling, and hypothesis properties:
verified regret, profiles on the simplex, invariance under positive affine maps and under
relabelling strategies, agreement of the two methods on non-degenerate games, and the
structure of the maximal Nash subsets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualdilemma import InvalidParameterError, NormalFormGame, UnsupportedGameError
from dualdilemma.solvers._polytope import (
    _exact_leaving_row,
    _lex_leaving_rows,
    polytope_vertices,
)
from dualdilemma.solvers.support_enumeration import support_enumeration
from dualdilemma.solvers.vertex_enumeration import (
    extreme_strategies,
    nash_subsets,
    vertex_enumeration,
)

F = Fraction


def _profile(*vectors: str) -> tuple[tuple[Fraction, ...], ...]:
    """``_profile("1/2 1/2", "1 0")``: one space-separated probability vector per player."""
    return tuple(tuple(F(p) for p in vector.split()) for vector in vectors)


@dataclass(frozen=True)
class Case:
    A: list[list[int]]
    B: list[list[int]]
    equilibria: set[tuple[tuple[Fraction, ...], ...]]
    degenerate: bool
    #: maximal Nash subsets as (row strategies, column strategies); default: singletons
    components: set[tuple[frozenset, frozenset]] = field(default_factory=set)
    source: str = ""

    def expected_components(self) -> set[tuple[frozenset, frozenset]]:
        if self.components:
            return self.components
        return {(frozenset([x]), frozenset([y])) for x, y in self.equilibria}


def _component(rows: list[str], cols: list[str]) -> tuple[frozenset, frozenset]:
    return (
        frozenset(_profile(*rows)),
        frozenset(_profile(*cols)),
    )


CASES = [
    pytest.param(
        Case(
            A=[[3, 0], [5, 1]],
            B=[[3, 5], [0, 1]],
            equilibria={_profile("0 1", "0 1")},
            degenerate=False,
            source="prisoner's dilemma, Rapoport and Chammah (1965)",
        ),
        id="prisoners-dilemma",
    ),
    pytest.param(
        Case(
            A=[[1, -1], [-1, 1]],
            B=[[-1, 1], [1, -1]],
            equilibria={_profile("1/2 1/2", "1/2 1/2")},
            degenerate=False,
            source="matching pennies, von Neumann and Morgenstern (1944)",
        ),
        id="matching-pennies",
    ),
    pytest.param(
        Case(
            A=[[2, 0], [0, 1]],
            B=[[1, 0], [0, 2]],
            equilibria={
                _profile("1 0", "1 0"),
                _profile("0 1", "0 1"),
                _profile("2/3 1/3", "1/3 2/3"),
            },
            degenerate=False,
            source="battle of the sexes, Luce and Raiffa (1957)",
        ),
        id="battle-of-the-sexes",
    ),
    pytest.param(
        Case(
            A=[[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
            B=[[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
            equilibria={_profile("1/3 1/3 1/3", "1/3 1/3 1/3")},
            degenerate=False,
            source="rock-paper-scissors (zero-sum, unique uniform equilibrium)",
        ),
        id="rock-paper-scissors",
    ),
    pytest.param(
        Case(
            A=[[1, 0, 0], [0, 1, 0], [0, 0, 1]],
            B=[[0, 1, 0], [0, 0, 1], [1, 0, 0]],
            equilibria={_profile("1/3 1/3 1/3", "1/3 1/3 1/3")},
            degenerate=False,
            source="Shapley (1964), 'Some topics in two-person games': unique, uniform",
        ),
        id="shapley-1964",
    ),
    pytest.param(
        Case(
            A=[[3, 3], [2, 5], [0, 6]],
            B=[[3, 2], [2, 6], [3, 1]],
            equilibria={
                _profile("1 0 0", "1 0"),
                _profile("4/5 1/5 0", "2/3 1/3"),
                _profile("0 1/3 2/3", "1/3 2/3"),
            },
            degenerate=False,
            source="von Stengel (2002), Handbook of Game Theory ch. 45, the 3x2 example",
        ),
        id="von-stengel-3x2",
    ),
    pytest.param(
        Case(
            A=[[3, 3], [2, 5], [0, 6]],
            B=[[3, 3], [2, 6], [3, 1]],
            equilibria={
                _profile("1 0 0", "1 0"),
                _profile("1 0 0", "2/3 1/3"),
                _profile("0 1/3 2/3", "1/3 2/3"),
            },
            degenerate=True,
            components={
                _component(["1 0 0"], ["1 0", "2/3 1/3"]),
                _component(["0 1/3 2/3"], ["1/3 2/3"]),
            },
            source="von Stengel (2002), section 2.6: the degenerate 3x2 example (the top row "
            "has two best replies); a segment of equilibria",
        ),
        id="von-stengel-3x2-degenerate",
    ),
    pytest.param(
        Case(
            A=[[1, 0], [0, 2]],
            B=[[1, 1], [0, 1]],
            equilibria={
                _profile("1 0", "1 0"),
                _profile("1 0", "2/3 1/3"),
                _profile("0 1", "0 1"),
            },
            degenerate=True,
            components={
                _component(["1 0"], ["1 0", "2/3 1/3"]),
                _component(["0 1"], ["0 1"]),
            },
            source="weakly dominant column tied against the top row (hand computation: the top "
            "row is a best reply iff y_1 >= 2/3)",
        ),
        id="dominant-but-tied-column",
    ),
    pytest.param(
        Case(
            A=[[0, 0], [0, 0]],
            B=[[0, 0], [0, 0]],
            equilibria={
                _profile("1 0", "1 0"),
                _profile("1 0", "0 1"),
                _profile("0 1", "1 0"),
                _profile("0 1", "0 1"),
            },
            degenerate=True,
            components={_component(["1 0", "0 1"], ["1 0", "0 1"])},
            source="a constant game: every profile is an equilibrium (one maximal Nash subset)",
        ),
        id="constant-game",
    ),
    pytest.param(
        Case(
            A=[[1, 1, 0]],
            B=[[2, 2, 1]],
            equilibria={_profile("1", "1 0 0"), _profile("1", "0 1 0")},
            degenerate=True,
            components={_component(["1"], ["1 0 0", "0 1 0"])},
            source="a 1x3 decision problem with two tied optimal columns",
        ),
        id="one-row-tie",
    ),
    pytest.param(
        Case(
            A=[[4]],
            B=[[-1]],
            equilibria={_profile("1", "1")},
            degenerate=False,
            source="a trivial 1x1 game",
        ),
        id="one-by-one",
    ),
]


def _game(case: Case, exact: bool) -> NormalFormGame:
    return NormalFormGame.from_arrays(case.A, case.B, exact=exact)


def _same_set(found, expected, atol: float = 1e-9) -> bool:
    found = [np.concatenate([np.asarray(s, float) for s in p]) for p in found]
    expected = [np.concatenate([np.asarray(s, float) for s in p]) for p in expected]
    if len(found) != len(expected):
        return False
    unmatched = list(range(len(expected)))
    for f in found:
        hit = next((e for e in unmatched if np.max(np.abs(f - expected[e])) <= atol), None)
        if hit is None:
            return False
        unmatched.remove(hit)
    return True


def _is_subset(found, expected, atol: float = 1e-7) -> bool:
    pool = [np.concatenate([np.asarray(s, float) for s in p]) for p in expected]
    return all(
        any(
            np.max(np.abs(np.concatenate([np.asarray(s, float) for s in p]) - e)) <= atol
            for e in pool
        )
        for p in found
    )


def _components_as_strategies(result) -> set[tuple[frozenset, frozenset]]:
    rows, cols = extreme_strategies(result)
    return {
        (frozenset(rows[a] for a in R), frozenset(cols[b] for b in C)) for R, C in result.components
    }


@pytest.mark.parametrize("case", CASES)
def test_vertex_enumeration_known_exact(case: Case) -> None:
    result = vertex_enumeration(_game(case, exact=True))
    assert result.exact and result.complete
    assert {eq.profile for eq in result} == case.equilibria
    assert all(eq.max_regret == 0 for eq in result)
    assert all(isinstance(p, Fraction) for eq in result for sigma in eq.profile for p in sigma)
    assert result.degenerate is case.degenerate
    assert _components_as_strategies(result) == case.expected_components()


@pytest.mark.parametrize("case", CASES)
def test_vertex_enumeration_known_float(case: Case) -> None:
    result = vertex_enumeration(_game(case, exact=False))
    assert not result.exact and result.complete
    assert _same_set([eq.profile for eq in result], case.equilibria)
    assert result.degenerate is case.degenerate
    assert len(result.components) == len(case.expected_components())


@pytest.mark.parametrize("exact", [True, False], ids=["exact", "float"])
@pytest.mark.parametrize("case", CASES)
def test_support_enumeration_known(case: Case, exact: bool) -> None:
    result = support_enumeration(_game(case, exact))
    found = [eq.profile for eq in result]
    if case.degenerate:
        # never a silently partial set: a degenerate game is never reported complete
        assert not result.complete
        assert any("vertex_enumeration" in note for note in result.diagnostics)
        assert _is_subset(found, case.equilibria)
    else:
        assert result.complete
        assert _same_set(found, case.equilibria)
    if exact:
        assert all(eq.max_regret == 0 for eq in result)


def test_degenerate_diagnostics_and_json() -> None:
    game = NormalFormGame.from_arrays([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    result = vertex_enumeration(game)
    assert result.degenerate and any("degenerate" in note for note in result.diagnostics)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["components"] == [[[0], [0, 1]], [[1], [2]]]
    assert data["equilibria"][1]["profile"] == [[1, 0, 0], ["2/3", "1/3"]]
    assert nash_subsets(result.equilibria) == result.components


@pytest.mark.parametrize("solver", [vertex_enumeration, support_enumeration])
def test_exact_mode_beyond_float_precision(solver) -> None:
    """Battle of the sexes shifted by 10^20 and divided by 10^30: floats cannot tell the
    payoffs apart, exact mode must still find the three equilibria exactly."""
    shift, unit = F(10**20), F(1, 10**30)
    A = [[shift + 2 * unit, shift], [shift, shift + unit]]
    B = [[shift + unit, shift], [shift, shift + 2 * unit]]
    result = solver(NormalFormGame.from_arrays(A, B))
    assert result.complete
    assert {eq.profile for eq in result} == {
        _profile("1 0", "1 0"),
        _profile("0 1", "0 1"),
        _profile("2/3 1/3", "1/3 2/3"),
    }


@pytest.mark.parametrize("solver", [vertex_enumeration, support_enumeration])
def test_rejects_other_games(solver) -> None:
    three = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(UnsupportedGameError, match="3 players"):
        solver(three)
    with pytest.raises(UnsupportedGameError, match="list"):
        solver([[1, 0], [0, 1]])
    with pytest.raises(InvalidParameterError, match="tol"):
        solver(NormalFormGame.from_arrays([[1.0]], [[1.0]]), tol=-1.0)


def test_result_order_is_deterministic() -> None:
    rng = np.random.default_rng(11)
    A, B = rng.integers(0, 3, size=(2, 5, 5))
    first = vertex_enumeration(NormalFormGame.from_arrays(A, B))
    second = vertex_enumeration(NormalFormGame.from_arrays(A, B))
    assert first.equilibria == second.equilibria and first.components == second.components


def test_float_game_with_many_bases_matches_exact() -> None:
    """A large degenerate game takes the lexicographic float path; it must agree with exact."""
    rng = np.random.default_rng(2024)
    A, B = rng.integers(0, 2, size=(2, 7, 7))
    exact = vertex_enumeration(NormalFormGame.from_arrays(A, B))
    floats = vertex_enumeration(NormalFormGame.from_arrays(A.astype(float), B.astype(float)))
    assert exact.degenerate and floats.degenerate
    assert _same_set([eq.profile for eq in floats], [eq.profile for eq in exact])
    assert len(floats.components) == len(exact.components)


# -- hypothesis properties -------------------------------------------------------------------------


@st.composite
def bimatrices(draw, max_size: int = 4, integer: bool | None = None):
    """Two payoff matrices of one random shape; small integer ranges make ties frequent."""
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    if integer is None:
        integer = draw(st.booleans())
    if integer:
        high = draw(st.integers(1, 4))
        values = st.integers(-high, high)
    else:
        values = st.floats(-10, 10, allow_nan=False, allow_infinity=False).map(
            lambda v: round(v, 3)
        )
    A = draw(st.lists(st.lists(values, min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(values, min_size=n, max_size=n), min_size=m, max_size=m))
    return np.array(A, dtype=int if integer else float), np.array(
        B, dtype=int if integer else float
    )


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(bimatrices())
def test_every_equilibrium_verified_and_on_simplex(arrays) -> None:
    A, B = arrays
    game = NormalFormGame.from_arrays(A, B, exact=False)
    tol = 1e-9 * max(1.0, float(np.max(np.abs(game.payoffs))))
    for solver in (vertex_enumeration, support_enumeration):
        result = solver(game)
        assert len(result) >= 1 or solver is support_enumeration
        for eq in result:
            assert eq.max_regret <= tol
            assert game.max_regret(eq.profile) <= tol
            for sigma in eq.profile:
                assert min(sigma) >= 0 and abs(sum(sigma) - 1) <= 1e-9


@PROPERTY
@given(bimatrices(integer=True))
def test_exact_mode_is_exact(arrays) -> None:
    A, B = arrays
    game = NormalFormGame.from_arrays(A, B)
    result = vertex_enumeration(game)
    assert result.exact and result.complete and len(result) >= 1
    for eq in result:
        assert eq.max_regret == 0 and game.max_regret(eq.profile) == 0
        assert all(sum(sigma) == 1 for sigma in eq.profile)


@PROPERTY
@given(
    bimatrices(integer=True),
    st.tuples(st.integers(1, 7), st.integers(1, 7)),
    st.tuples(st.integers(-5, 5), st.integers(-5, 5)),
)
def test_positive_affine_invariance(arrays, scale, shift) -> None:
    A, B = arrays
    game = NormalFormGame.from_arrays(A, B)
    moved = game.affine_transform([F(scale[0], 3), F(scale[1], 2)], list(shift))
    for solver in (vertex_enumeration, support_enumeration):
        before, after = solver(game), solver(moved)
        assert [eq.profile for eq in before] == [eq.profile for eq in after]
        assert before.components == after.components and before.complete == after.complete
    floats = vertex_enumeration(game.to_float())
    moved_floats = vertex_enumeration(moved.to_float())
    assert _same_set([eq.profile for eq in floats], [eq.profile for eq in moved_floats], 1e-7)


@PROPERTY
@given(bimatrices(integer=True), st.randoms(use_true_random=False))
def test_relabelling_strategies_permutes_equilibria(arrays, rnd) -> None:
    A, B = arrays
    rows, cols = list(range(A.shape[0])), list(range(A.shape[1]))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    game = NormalFormGame.from_arrays(A, B)
    shuffled = game.restrict([rows, cols])
    expected = {
        (tuple(x[r] for r in rows), tuple(y[c] for c in cols))
        for x, y in (eq.profile for eq in vertex_enumeration(game))
    }
    assert {eq.profile for eq in vertex_enumeration(shuffled)} == expected


@PROPERTY
@given(bimatrices())
def test_methods_agree_on_non_degenerate_games(arrays) -> None:
    A, B = arrays
    exact = A.dtype.kind == "i"
    game = NormalFormGame.from_arrays(A, B, exact=exact)
    ve, se = vertex_enumeration(game), support_enumeration(game)
    if se.complete or not ve.degenerate:
        # equal-size supports find every equilibrium of a non-degenerate game
        assert _same_set([eq.profile for eq in se], [eq.profile for eq in ve], 1e-7)
    else:
        assert _is_subset([eq.profile for eq in se], [eq.profile for eq in ve])
    if se.complete:
        assert ve.degenerate is False or all(len(R) == 1 and len(C) == 1 for R, C in ve.components)


@PROPERTY
@given(bimatrices(integer=True))
def test_nash_subsets_are_maximal_bicliques(arrays) -> None:
    A, B = arrays
    game = NormalFormGame.from_arrays(A, B)
    result = vertex_enumeration(game)
    rows, cols = extreme_strategies(result)
    pairs = {eq.profile for eq in result}
    covered = set()
    for R, C in result.components:
        block = {(rows[a], cols[b]) for a in R for b in C}
        assert block <= pairs  # a biclique of extreme equilibria
        covered |= block
        # maximal: no further row or column can join
        assert not any(
            all((rows[a], cols[b]) in pairs for b in C) for a in set(range(len(rows))) - set(R)
        )
        assert not any(
            all((rows[a], cols[b]) in pairs for a in R) for b in set(range(len(cols))) - set(C)
        )
        # the barycentre of a maximal Nash subset is an equilibrium too
        x = [sum(rows[a][i] for a in R) / len(R) for i in range(len(rows[0]))]
        y = [sum(cols[b][j] for b in C) / len(C) for j in range(len(cols[0]))]
        assert game.max_regret([x, y]) == 0
    assert covered == pairs
    if not result.degenerate:
        assert all(len(R) == 1 and len(C) == 1 for R, C in result.components)


# -- the polytope machinery ------------------------------------------------------------------------


def _brute_force_vertices(C: np.ndarray) -> set[tuple[Fraction, ...]]:
    """Vertices of {z >= 0 : Cz <= 1}: every d tight constraints with a unique feasible point."""
    import itertools

    import sympy

    k, d = C.shape
    rows = [[int(i == j) for i in range(d)] for j in range(d)] + C.tolist()
    rhs = [0] * d + [1] * k
    out = set()
    for chosen in itertools.combinations(range(d + k), d):
        M = sympy.Matrix([rows[c] for c in chosen])
        if M.det() == 0:
            continue
        z = M.LUsolve(sympy.Matrix([rhs[c] for c in chosen]))
        point = tuple(F(int(v.p), int(v.q)) for v in z)
        if min(point) >= 0 and all(
            sum(c * p for c, p in zip(row, point, strict=True)) <= 1 for row in C
        ):
            out.add(point)
    return out


@pytest.mark.parametrize("seed", range(40))
def test_polytope_vertices_match_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    k, d = rng.integers(1, 5, size=2)
    C = rng.integers(1, 4, size=(k, d))  # small range: degenerate vertices are common
    expected = _brute_force_vertices(C)
    exact = polytope_vertices(C.tolist(), exact=True)
    assert {tuple(p) for p in exact.points} == expected and len(exact.points) == len(expected)
    floats = polytope_vertices(C.astype(float), exact=False)
    assert len(floats.points) == len(expected)
    assert {tuple(np.round(p, 9)) for p in floats.points} == {
        tuple(np.round(np.array(p, dtype=float), 9)) for p in expected
    }
    # the zero pattern says which coordinates and slacks vanish
    for zero, point in zip(exact.zero, exact.points, strict=True):
        slack = 1 - C @ np.array(point, dtype=object)
        assert list(zero) == [p == 0 for p in point] + [s == 0 for s in slack]
    assert exact.degenerate == bool((exact.zero.sum(axis=1) > d).any())


def test_lexicographic_rule_breaks_ratio_ties() -> None:
    """Two identical constraints z <= 1: rows 0 and 1 tie; the lexicographic rule picks row 1.

    With the slack basis, B^{-1} = I and the keys (B^{-1})_{r0} / T_{r0} are 1 and 0.
    """
    tableau_t = np.array([[[1.0, 1.0], [1.0, 0.0], [0.0, 1.0]]])  # (basis, column, row)
    rhs = np.array([[1.0, 1.0]])
    inverse_t = np.eye(2)[None]
    assert _lex_leaving_rows(tableau_t, rhs, inverse_t, 1e-9, 1e-12)[0, 0] == 1
    tableau = np.array([[1, 1, 0, 1], [1, 0, 1, 1]], dtype=object)  # [C | I | 1]
    assert _exact_leaving_row(tableau, [1, 1], 0, 1, 2) == 1
