"""Anonymous games: representation, expansion, pure and symmetric equilibria.

Known answers (closed forms from the literature), differential tests against the expanded
normal form (``pure_equilibria``, ``NormalFormGame.max_regret``) and pygambit's ``enummixed``,
exact against float solving, and hypothesis properties.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualdilemma.errors import (
    GameTooLargeError,
    InvalidGameError,
    InvalidParameterError,
    InvalidProfileError,
    UnsupportedGameError,
)
from dualdilemma.games.anonymous import (
    AnonymousGame,
    count_vector_index,
    count_vectors,
    num_count_vectors,
)
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.solvers.anonymous import (
    EXACT_MAX_DEGREE,
    AnonymousEquilibrium,
    ExactRoot,
    anonymous_pure_equilibria,
    anonymous_pure_equilibrium_mask,
    symmetric_mixed_equilibria,
)
from dualdilemma.solvers.pure_nash import pure_equilibria


# -- game builders (closed-form answers below) --------------------------------------------------
def volunteers_dilemma(n: int, benefit=4, cost=1) -> AnonymousGame:
    """Diekmann (1985): actions (volunteer, ignore); column k = k others ignore.

    Integer (or Fraction) benefit and cost give an exact game, floats a float game.
    """
    exact = not isinstance(benefit, float) and not isinstance(cost, float)
    dtype = object if exact else float

    def payoff(j, counts):
        if j == 0:
            return np.full(len(counts), benefit - cost, dtype=dtype)
        return np.where(counts[:, 0] > 0, benefit, 0 * benefit).astype(dtype)

    return AnonymousGame.from_function(n, ["volunteer", "ignore"], payoff)


def threshold_public_good(n: int, threshold: int, benefit=8, cost=3) -> AnonymousGame:
    """Palfrey and Rosenthal (1984): the good (worth ``benefit``) needs ``threshold`` givers."""

    def payoff(j, counts):
        givers = counts[:, 0] + (1 if j == 0 else 0)
        return np.where(givers >= threshold, benefit, 0) - (cost if j == 0 else 0)

    return AnonymousGame.from_function(n, ["contribute", "free-ride"], payoff)


def el_farol(n: int, capacity: int) -> AnonymousGame:
    """Arthur (1994): going earns +1 if at most ``capacity`` go (oneself included), else -1."""
    return AnonymousGame.from_function(
        n, ["stay", "go"], lambda j, c: j * np.where(c[:, 1] + 1 <= capacity, 1, -1)
    )


def linear_public_good(n: int, m: Fraction, w: int = 1) -> AnonymousGame:
    """Olson: pi = w - g + m * sum g, g in {1 (contribute), 0 (defect)}."""

    def payoff(j, counts):
        givers = counts[:, 0] + (1 if j == 0 else 0)
        return np.array([w - (1 if j == 0 else 0) + m * int(g) for g in givers], dtype=object)

    return AnonymousGame.from_function(n, ["contribute", "defect"], payoff)


def export_market(n: int, k: float, c: float, h=10.0, s=0.5, value=1.0, p0=0.05, p1=0.55):
    """MODEL.md s.2 with equal suppliers; actions (control, export)."""

    def payoff(j, counts):
        exporters = counts[:, 1] + (1 if j == 1 else 0)
        met = np.minimum(1.0, exporters * k)
        share = met / np.maximum(exporters, 1) if j == 1 else 0.0
        risk = p0 + (p1 - p0) * met * (1.0 - s)
        return value * share - h * risk - (c if j == 0 else 0.0)

    return AnonymousGame.from_function(n, ["control", "export"], payoff)


def _brute_force_payoff(game: AnonymousGame, profile: tuple[int, ...], i: int):
    others = np.bincount([a for k, a in enumerate(profile) if k != i], minlength=game.num_actions)
    return game.payoff(profile[i], others)


# -- count vectors -------------------------------------------------------------------------
@pytest.mark.parametrize("total", range(0, 6))
@pytest.mark.parametrize("parts", range(1, 5))
def test_count_vectors_follow_combinations_with_replacement(total: int, parts: int) -> None:
    expected = [
        np.bincount(c, minlength=parts).tolist()
        for c in itertools.combinations_with_replacement(range(parts), total)
    ]
    vectors = count_vectors(total, parts)
    assert vectors.tolist() == expected
    assert (
        len(vectors) == num_count_vectors(total, parts) == math.comb(total + parts - 1, parts - 1)
    )
    assert count_vector_index(vectors, total).tolist() == list(range(len(vectors)))


def test_two_action_columns_count_players_on_action_one() -> None:
    game = AnonymousGame(5, np.arange(10).reshape(2, 5))
    assert game.counts.tolist() == [[4 - k, k] for k in range(5)]
    assert game.payoff(1, [1, 3]) == 8
    assert not game.counts.flags.writeable and not game.payoffs.flags.writeable


# -- construction errors ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"num_players": 0, "payoffs": [[1]]}, "num_players must be >= 1", id="zero"),
        pytest.param({"num_players": True, "payoffs": [[1]]}, "integer", id="bool-players"),
        pytest.param({"num_players": 2.5, "payoffs": [[1]]}, "integer", id="float-players"),
        pytest.param(
            {"num_players": 3, "payoffs": [[1, 2], [3, 4]]}, r"expected shape \(2, 3\)", id="shape"
        ),
        pytest.param(
            {"num_players": 3, "payoffs": [[1, 2, 3]], "actions": ["a", "b"]},
            r"expected shape \(2, 3\)",
            id="labels-vs-rows",
        ),
        pytest.param(
            {"num_players": 2, "payoffs": [[1.0, float("nan")], [0.0, 1.0]]}, "finite", id="nan"
        ),
        pytest.param(
            {"num_players": 2, "payoffs": [[1.0, float("inf")], [0.0, 1.0]]}, "finite", id="inf"
        ),
        pytest.param(
            {"num_players": 2, "payoffs": [[1, 2], [3, 4]], "actions": ["a", "a"]},
            "duplicate",
            id="duplicate-labels",
        ),
        pytest.param({"num_players": 2, "payoffs": [["x", 1], [2, 3]]}, "numeric", id="text"),
        pytest.param({"num_players": 2, "payoffs": 3}, "at least one action", id="scalar"),
    ],
)
def test_bad_games_raise_typed_errors(kwargs, message) -> None:
    with pytest.raises(InvalidGameError, match=message):
        AnonymousGame(**kwargs)


def test_from_function_checks_the_returned_shape() -> None:
    with pytest.raises(InvalidGameError, match=r"returned shape \(3,\); expected \(4,\)"):
        AnonymousGame.from_function(4, ["a", "b"], lambda j, c: np.zeros(3))
    with pytest.raises(InvalidGameError, match="at least one action"):
        AnonymousGame.from_function(4, [], lambda j, c: 0.0)
    scalar = AnonymousGame.from_function(3, ["a", "b"], lambda j, c: float(j))
    assert scalar.payoffs.tolist() == [[0.0] * 3, [1.0] * 3]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        pytest.param(lambda g: g.payoff(2, [1, 1]), InvalidProfileError, "out of range", id="act"),
        pytest.param(lambda g: g.payoff(0, [2, 1]), InvalidProfileError, "sum to 2", id="sum"),
        pytest.param(lambda g: g.payoff(0, [1, 1, 0]), InvalidProfileError, "2 entries", id="len"),
        pytest.param(
            lambda g: g.symmetric_values([0.5, 0.6]), InvalidProfileError, "simplex", id="simplex"
        ),
        pytest.param(
            lambda g: g.max_regret_symmetric([1]), InvalidProfileError, "2 probabilities", id="p"
        ),
        pytest.param(
            lambda g: g.pure_profile_regret([1, 1]), InvalidProfileError, "num_players=3", id="n"
        ),
        pytest.param(
            lambda g: g.pure_profile_regret([1.5, 1.5]), InvalidProfileError, "integers", id="i"
        ),
        pytest.param(lambda g: g.affine_transform(-1, 0), InvalidGameError, "positive", id="scale"),
    ],
)
def test_bad_queries_raise_typed_errors(call, error, message) -> None:
    game = AnonymousGame(3, [[1, 2, 3], [3, 2, 1]])
    with pytest.raises(error, match=message):
        call(game)


def test_solvers_reject_other_games_and_bad_parameters() -> None:
    normal = NormalFormGame.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(UnsupportedGameError, match="AnonymousGame"):
        anonymous_pure_equilibria(normal)
    game = volunteers_dilemma(3)
    with pytest.raises(InvalidParameterError, match="tol"):
        symmetric_mixed_equilibria(game, tol=-1.0)
    with pytest.raises(InvalidParameterError, match="limit"):
        anonymous_pure_equilibria(game, limit=-1)
    with pytest.raises(InvalidParameterError, match="max_support"):
        symmetric_mixed_equilibria(game, max_support=0)
    with pytest.raises(InvalidParameterError, match="starts"):
        symmetric_mixed_equilibria(game, starts=0)


# -- memory guards ---------------------------------------------------------------------------
def test_expansion_is_refused_before_allocating() -> None:
    game = volunteers_dilemma(40)
    with pytest.raises(GameTooLargeError, match="AnonymousGame") as info:
        game.to_normal_form()
    assert "40 players" in str(info.value) and "needs 4.4 PiB" in str(info.value)


def test_anonymous_game_itself_is_size_checked(monkeypatch) -> None:
    monkeypatch.setenv("DUALDILEMMA_MAX_BYTES", str(10**6))
    with pytest.raises(GameTooLargeError, match="count vectors"):
        AnonymousGame.from_function(1000, list("abcd"), lambda j, c: np.zeros(len(c)))


# -- expansion -------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 2, 3, 5])
@pytest.mark.parametrize("m", [1, 2, 3])
@pytest.mark.parametrize("exact", [True, False], ids=["exact", "float"])
def test_to_normal_form_matches_brute_force(n: int, m: int, exact: bool) -> None:
    rng = np.random.default_rng(100 * n + m)
    columns = num_count_vectors(n - 1, m)
    values = rng.integers(-4, 5, size=(m, columns))
    game = AnonymousGame(n, values if exact else values + 0.25, exact=exact)
    normal = game.to_normal_form()
    assert normal.exact == exact and normal.shape == (m,) * n
    assert normal.strategies == (game.actions,) * n
    for profile in itertools.product(range(m), repeat=n):
        for i in range(n):
            assert normal.payoffs[(i, *profile)] == _brute_force_payoff(game, profile, i)


def test_round_trip_through_the_normal_form_is_symmetric() -> None:
    game = threshold_public_good(4, 2)
    normal = game.to_normal_form()
    # permuting players permutes payoffs: the expanded game is symmetric
    for perm in itertools.permutations(range(4)):
        axes = [p + 1 for p in perm]
        permuted = np.transpose(normal.payoffs, [0, *axes])[list(perm)]
        assert np.array_equal(permuted, normal.payoffs)


def test_conversions_keep_the_game() -> None:
    game = volunteers_dilemma(4)
    assert game.exact and not game.to_float().exact
    assert game.to_float().to_exact() == game
    assert game.to_exact() is game
    shifted = game.affine_transform(Fraction(1, 2), 3)
    assert shifted.payoffs[0, 0] == Fraction(1, 2) * 3 + 3
    assert repr(game) == "AnonymousGame(4 players, 2 actions, exact, title='')"


# -- pure equilibria ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PureCase:
    game: object
    counts: frozenset
    degenerate: bool | None


PURE_CASES = [
    pytest.param(
        PureCase(lambda: volunteers_dilemma(5), frozenset({(1, 4)}), None), id="volunteer"
    ),
    pytest.param(
        PureCase(lambda: threshold_public_good(3, 2), frozenset({(2, 1), (0, 3)}), None),
        id="threshold-public-good",
    ),
    pytest.param(PureCase(lambda: el_farol(10, 4), frozenset({(6, 4)}), None), id="el-farol"),
    pytest.param(
        PureCase(lambda: linear_public_good(6, Fraction(1, 2)), frozenset({(0, 6)}), None),
        id="olson-dilemma",
    ),
    pytest.param(
        PureCase(lambda: linear_public_good(6, Fraction(3, 2)), frozenset({(6, 0)}), None),
        id="olson-dominant-giving",
    ),
    pytest.param(
        PureCase(lambda: export_market(16, k=1 / 5, c=0.1), frozenset({(16, 0), (0, 16)}), None),
        id="export-market-coordination",
    ),
    pytest.param(
        PureCase(
            lambda: AnonymousGame(3, [[1, 1, 1], [1, 1, 1]]),
            frozenset({(3, 0), (2, 1), (1, 2), (0, 3)}),
            True,
        ),
        id="all-ties",
    ),
]


@pytest.mark.parametrize("case", PURE_CASES)
def test_pure_equilibria_known_answers(case: PureCase) -> None:
    game = case.game()
    result = anonymous_pure_equilibria(game)
    assert {eq.counts for eq in result} == case.counts
    assert result.degenerate == case.degenerate and result.complete
    for eq in result:
        assert isinstance(eq, AnonymousEquilibrium) and eq.is_pure
        assert eq.num_players == game.num_players
        assert eq.max_regret == game.pure_profile_regret(eq.counts)
        assert (eq.max_regret == 0) if game.exact else eq.max_regret <= 1e-9


def test_pure_equilibrium_roles_and_payoffs() -> None:
    game = volunteers_dilemma(5)
    (eq,) = anonymous_pure_equilibria(game)
    assert eq.profile == ((1, 0), (0, 1)) and eq.role_sizes == (1, 4)
    assert eq.payoffs == (3, 4)  # the volunteer nets b - c, the others b
    assert eq.num_profiles == 5 and eq.pure_profile() == (0, 1)
    assert len(eq.expand()) == 5
    assert json.loads(json.dumps(eq.to_dict()))["role_sizes"] == [1, 4]
    assert "1 x (1, 0), 4 x (0, 1)" in repr(eq)


def test_pure_limit_is_reported_not_silent() -> None:
    game = AnonymousGame(4, np.zeros((2, 4), dtype=int))
    result = anonymous_pure_equilibria(game, limit=2)
    assert len(result) == 2 and not result.complete
    assert any("limit" in d for d in result.diagnostics)
    totals, is_eq, is_weak, regret = anonymous_pure_equilibrium_mask(game)
    assert is_eq.all() and is_weak.all() and all(r == 0 for r in regret)
    assert len(totals) == 5


@pytest.mark.parametrize("seed", range(40))
def test_pure_equilibria_match_the_expanded_game(seed: int) -> None:
    rng = np.random.default_rng(seed)
    m = int(rng.integers(2, 4))
    n = int(rng.integers(1, 6 if m == 2 else 5))
    columns = num_count_vectors(n - 1, m)
    exact = seed % 2 == 0
    values = rng.integers(-2, 3, size=(m, columns))
    game = AnonymousGame(n, values if exact else np.round(rng.normal(size=(m, columns)), 3))
    expanded = pure_equilibria(game.to_normal_form())
    permutations = {tuple(np.bincount(eq.pure_profile(), minlength=m)) for eq in expanded}
    ours = anonymous_pure_equilibria(game)
    assert {eq.counts for eq in ours} == permutations
    assert sum(eq.num_profiles for eq in ours) == len(expanded)
    assert bool(ours.degenerate) == bool(expanded.degenerate)


# -- symmetric equilibria: known answers ---------------------------------------------------------
@dataclass(frozen=True)
class SymmetricCase:
    game: object
    expected: tuple  # probabilities of action 1, increasing
    exact: bool
    degenerate: bool | None


SYMMETRIC_CASES = [
    pytest.param(
        SymmetricCase(lambda: volunteers_dilemma(3), (Fraction(1, 2),), True, False),
        id="volunteer-3-rational",
    ),
    pytest.param(
        SymmetricCase(
            lambda: volunteers_dilemma(9, 16, 1), (Fraction(1, 2) ** Fraction(1, 2),), False, False
        ),
        id="volunteer-9-irrational",
    ),
    pytest.param(
        SymmetricCase(
            lambda: volunteers_dilemma(1000, 4.0, 1.0), (0.25 ** (1 / 999),), False, False
        ),
        id="volunteer-1000-float",
    ),
    pytest.param(
        SymmetricCase(
            lambda: threshold_public_good(3, 2),
            (Fraction(1, 4), Fraction(3, 4), Fraction(1)),
            True,
            False,
        ),
        id="threshold-public-good",
    ),
    pytest.param(
        SymmetricCase(lambda: el_farol(100, 50), (Fraction(1, 2),), True, False),
        id="el-farol-100",
    ),
    pytest.param(
        SymmetricCase(lambda: linear_public_good(5, Fraction(1, 2)), (Fraction(1),), True, False),
        id="olson-dilemma",
    ),
    pytest.param(
        SymmetricCase(
            lambda: AnonymousGame(3, [[1, 0, 1], [0, 1, 0]]),
            (Fraction(0), Fraction(1, 2)),
            True,
            True,
        ),
        id="tangent-double-root",
    ),
]


@pytest.mark.parametrize("case", SYMMETRIC_CASES)
def test_symmetric_equilibria_known_answers(case: SymmetricCase) -> None:
    game = case.game()
    result = symmetric_mixed_equilibria(game)
    assert result.complete and result.exact == case.exact
    assert result.degenerate == case.degenerate
    found = [eq.profile[0][1] for eq in result]
    assert len(found) == len(case.expected)
    for got, want in zip(sorted(found), case.expected, strict=True):
        if case.exact:
            assert got == want
        else:
            assert got == pytest.approx(float(want), rel=1e-12, abs=1e-14)
    for eq in result:
        assert eq.role_sizes == (game.num_players,)
        regret = game.max_regret_symmetric(eq.profile[0]) if case.exact else eq.max_regret
        assert regret == 0 if case.exact else regret <= 1e-9 * max(1, np.abs(game.payoffs).max())


def test_irrational_equilibrium_keeps_its_exact_value() -> None:
    game = volunteers_dilemma(4)  # p^3 = 1/4
    result = symmetric_mixed_equilibria(game)
    (eq,) = result
    assert not result.exact and result.complete and eq.algebraic is not None
    ignore, volunteer = eq.algebraic[1], eq.algebraic[0]
    assert isinstance(ignore, ExactRoot) and volunteer.complement
    assert ignore.coefficients == (4, 0, 0, -1)
    lo, hi = ignore.refine(40)
    assert lo**3 < Fraction(1, 4) < hi**3 and hi - lo < Fraction(1, 10**40)
    assert float(ignore) == pytest.approx(0.25 ** (1 / 3), rel=1e-15)
    assert float(volunteer.to_sympy()) == pytest.approx(1 - 0.25 ** (1 / 3), rel=1e-15)
    assert str(ignore).startswith("root of 4*x**3 - 1 in [")
    assert any("irrational" in d for d in result.diagnostics)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["equilibria"][0]["algebraic"][1]["coefficients"] == [4, 0, 0, -1]
    # the float profile is verified in the expanded game too
    normal = game.to_float().to_normal_form()
    assert normal.max_regret(eq.expand()) <= 1e-12


def test_a_whole_edge_of_ties_is_a_segment() -> None:
    result = symmetric_mixed_equilibria(AnonymousGame(3, [[1, 2, 3], [1, 2, 3]]))
    assert result.degenerate and result.complete
    assert [eq.profile[0] for eq in result] == [(1, 0), (0, 1)]
    assert result.components == ((0, 1),)


def test_a_tie_edge_cut_by_a_third_action() -> None:
    # actions 0 and 1 are identical; action 2 beats them once p(1) > 1/3
    game = AnonymousGame(2, [[1, 1, 0], [1, 1, 0], [0, 3, 2]])
    result = symmetric_mixed_equilibria(game, max_support=2)
    profiles = [eq.profile[0] for eq in result]
    assert (Fraction(2, 3), Fraction(1, 3), 0) in profiles
    lo = profiles.index((1, 0, 0))
    hi = profiles.index((Fraction(2, 3), Fraction(1, 3), 0))
    assert tuple(sorted((lo, hi))) in result.components
    assert not result.complete  # supports of three actions were not searched


def test_segments_with_irrational_end_points() -> None:
    # actions 0 and 1 identical; action 2 is better exactly for p(1) between (3 -+ sqrt 3)/6
    game = AnonymousGame(3, [[0] * 6, [0] * 6, [-1, 2, 0, -1, 0, 0]])
    for version in (game, game.to_float()):
        result = symmetric_mixed_equilibria(version, max_support=2)
        edge = [eq for eq in result if eq.profile[0][2] == 0]
        assert [float(eq.profile[0][1]) for eq in edge] == pytest.approx(
            [0.0, (3 - math.sqrt(3)) / 6, (3 + math.sqrt(3)) / 6, 1.0], abs=1e-14
        )
        assert result.components == ((0, 1), (2, 3)) and result.degenerate
    exact = symmetric_mixed_equilibria(game, max_support=2)
    assert exact[1].algebraic[1].coefficients == (6, -6, 1)


@pytest.mark.parametrize(
    ("third", "present", "degenerate"),
    [
        pytest.param(6, True, None, id="third-action-worse"),
        pytest.param(12, True, True, id="third-action-ties-exactly"),
        pytest.param(13, False, None, id="third-action-better"),
    ],
)
def test_third_action_is_compared_exactly_at_an_irrational_root(third, present, degenerate):
    # volunteer's dilemma (p^3 = 1/4 on the volunteer/ignore edge) plus a third action worth
    # `third` when all three others ignore: 12 p^3 = 3 ties exactly with volunteering
    counts = count_vectors(3, 3)
    payoffs = np.stack(
        [
            np.full(len(counts), 3),
            np.where(counts[:, 0] > 0, 4, 0),
            np.where(counts[:, 1] == 3, third, 0),
        ]
    )
    result = symmetric_mixed_equilibria(AnonymousGame(4, payoffs), max_support=2)
    found = [eq for eq in result if eq.algebraic is not None]
    assert len(found) == int(present)
    assert result.degenerate == degenerate


def test_stretch_of_indifference_with_many_players() -> None:
    n = 100_000
    d = np.zeros(n)
    d[0], d[-1] = 1.0, -1.0  # f(p) = (1-p)^(n-1) - p^(n-1): one root, 1/2
    result = symmetric_mixed_equilibria(AnonymousGame(n, np.stack([d, np.zeros(n)])))
    assert result.complete
    assert [eq.profile[0][1] for eq in result] == [0.0, pytest.approx(0.5, abs=1e-12), 1.0]


def test_large_export_market_is_solved_completely() -> None:
    game = export_market(100_000, k=1 / 2000, c=2e-4)
    pure = anonymous_pure_equilibria(game)
    assert [eq.counts for eq in pure] == [(100_000, 0), (0, 100_000)]
    result = symmetric_mixed_equilibria(game)
    assert result.complete and len(result) == 3
    mixed = result[1].profile[0][1]
    assert 0.019 < mixed < 0.021  # others export about 1/k = 2000 of 100,000 units
    assert game.max_regret_symmetric(result[1].profile[0]) <= 1e-9


def test_exact_games_above_the_degree_bound_fall_back_to_float() -> None:
    n = EXACT_MAX_DEGREE + 2
    game = el_farol(n, n // 2)
    result = symmetric_mixed_equilibria(game)
    assert game.exact and not result.exact
    assert any("floating point" in d for d in result.diagnostics)
    assert result[0].profile[0][1] == pytest.approx(0.5, abs=1e-12)


def test_single_player_and_single_action_games() -> None:
    solo = AnonymousGame(1, [[2], [3]])
    assert [eq.counts for eq in anonymous_pure_equilibria(solo)] == [(0, 1)]
    assert [eq.profile[0] for eq in symmetric_mixed_equilibria(solo)] == [(0, 1)]
    one_action = AnonymousGame(4, [[0]])
    assert [eq.counts for eq in anonymous_pure_equilibria(one_action)] == [(4,)]
    assert [eq.profile[0] for eq in symmetric_mixed_equilibria(one_action)] == [(1,)]


def test_three_action_supports_are_certified_by_elimination() -> None:
    # rock-paper-scissors among 3 players: the uniform mix has full support
    def payoff(j, counts):
        beats, loses = (j + 2) % 3, (j + 1) % 3
        return counts[:, beats] - counts[:, loses]

    game = AnonymousGame.from_function(3, ["rock", "paper", "scissors"], payoff)
    result = symmetric_mixed_equilibria(game)
    assert result.complete
    assert any("resultant elimination" in d for d in result.diagnostics)
    assert [eq.profile[0] for eq in result] == [(Fraction(1, 3),) * 3]
    assert game.to_normal_form().max_regret(result[0].expand()) == 0


def test_four_action_supports_stay_numerical_and_say_so() -> None:
    def payoff(j, counts):
        return counts[:, (j + 1) % 4] - counts[:, (j + 3) % 4] + (j == 0)

    result = symmetric_mixed_equilibria(AnonymousGame.from_function(3, list("abcd"), payoff))
    assert not result.complete
    assert any("numerically" in d for d in result.diagnostics)


def _reference_interior(game: AnonymousGame, support) -> list[tuple[float, ...]]:
    """Interior zeros of a 3-action support from a lex Groebner basis (sympy) and numerical
    roots of its triangular elements: an elimination independent of the resultant under test."""
    import sympy

    from dualdilemma.solvers.anonymous import _Context, _support_polynomials

    ctx = _Context(game, game.exact, 1e-9)
    x, y = sympy.symbols("x y")
    f1, f2 = (
        sum(sympy.Rational(c.numerator, c.denominator) * x**i * y**j for (i, j), c in f.items())
        for f in _support_polynomials(ctx, support)
    )
    basis = list(sympy.groebner([f1, f2], x, y, order="lex"))
    (last,) = [g for g in basis if not g.has(x)]
    found = []
    for y0 in sympy.Poly(last, y).nroots(n=30, maxsteps=200):
        if abs(sympy.im(y0)) > 1e-20 or not 0 < sympy.re(y0) < 1:
            continue
        y0 = sympy.re(y0)
        with_x = [sympy.Poly(g.subs(y, y0), x) for g in basis if g.has(x)]
        for x0 in with_x[0].nroots(n=30, maxsteps=200):
            if abs(sympy.im(x0)) > 1e-20:
                continue
            x0 = sympy.re(x0)
            scales = [max(abs(c) for c in h.coeffs()) for h in with_x]
            residuals = [abs(h.eval(x0)) / scale for h, scale in zip(with_x, scales, strict=True)]
            if max(residuals) < 1e-12 and 0 < x0 < 1 - y0:
                found.append((float(1 - x0 - y0), float(x0), float(y0)))
    return found


@pytest.mark.parametrize("seed", range(12))
def test_three_action_equilibria_match_an_independent_elimination(seed) -> None:
    rng = np.random.default_rng(seed)
    columns = len(count_vectors(4, 3))
    game = AnonymousGame(5, rng.integers(-4, 5, size=(3, columns)).tolist())
    result = symmetric_mixed_equilibria(game)
    assert result.complete
    ours = sorted(
        tuple(float(p) for p in eq.profile[0])
        for eq in result
        if all(float(p) > 1e-12 for p in eq.profile[0])
    )
    reference = []
    for point in _reference_interior(game, (0, 1, 2)):
        if game.to_float().max_regret_symmetric(point) <= 1e-9:
            reference.append(point)
    assert len(ours) == len(reference)
    for a, b in zip(ours, sorted(reference), strict=True):
        assert a == pytest.approx(b, abs=1e-9)


def _many_start_interior(game: AnonymousGame, starts: int, seed: int) -> list[np.ndarray]:
    """Interior symmetric equilibria of a 3-action game found by Newton from many starts."""
    from scipy.optimize import root

    fgame = game.to_float()

    def equations(z: np.ndarray) -> np.ndarray:
        p = np.clip(np.array([1.0 - z.sum(), *z]), 0.0, None)
        values = fgame.symmetric_values(tuple(p / p.sum()))
        return np.array([values[1] - values[0], values[2] - values[0]])

    found: list[np.ndarray] = []
    for start in np.random.default_rng(seed).dirichlet(np.ones(3), size=starts):
        solution = root(equations, start[1:], method="hybr")
        p = np.array([1.0 - solution.x.sum(), *solution.x])
        if solution.success and np.all(p > 1e-6) and fgame.max_regret_symmetric(tuple(p)) <= 1e-9:
            if not any(np.max(np.abs(p - q)) < 1e-6 for q in found):
                found.append(p)
    return found


def test_many_random_starts_find_nothing_the_certified_route_misses() -> None:
    # issue 14: in N = 5, m = 3 games a few random starts missed interior equilibria such as
    # (0.2192, 0.0193, 0.7614); the certified route must contain what 300 starts find
    rng = np.random.default_rng(2024)
    columns = len(count_vectors(4, 3))
    interior_found = 0
    for index in range(15):
        game = AnonymousGame(5, rng.normal(size=(3, columns)).tolist())
        certified = symmetric_mixed_equilibria(game)
        assert certified.complete
        ours = [np.asarray(eq.profile[0], dtype=float) for eq in certified]
        for point in _many_start_interior(game, 300, index):
            interior_found += 1
            assert any(np.max(np.abs(point - q)) < 1e-6 for q in ours)
        for eq in certified:
            assert game.max_regret_symmetric(eq.profile[0]) <= certified.parameters["tol"]
    assert interior_found > 0  # the comparison is not vacuous


# -- differential tests --------------------------------------------------------------------
gbt = pytest.importorskip("pygambit")


def _gambit_symmetric(normal: NormalFormGame) -> set[tuple[float, ...]]:
    A, B = (np.asarray(a, dtype=object).tolist() for a in normal.bimatrix())
    game = gbt.Game.from_arrays(A, B)
    rows, cols = (list(p.strategies) for p in game.players)
    found = set()
    for eq in gbt.nash.enummixed_solve(game, rational=True).equilibria:
        x, y = [eq[s] for s in rows], [eq[s] for s in cols]
        if x == y:
            found.add(tuple(round(float(p), 9) for p in x))
    return found


@pytest.mark.parametrize("seed", range(60))
def test_two_players_match_vertex_enumeration_and_gambit(seed: int) -> None:
    from dualdilemma.solvers.vertex_enumeration import vertex_enumeration

    rng = np.random.default_rng(seed)
    m = 2 if seed < 40 else 3
    game = AnonymousGame(2, rng.integers(-3, 4, size=(m, m)))
    normal = game.to_normal_form()
    result = symmetric_mixed_equilibria(game)
    ours = {tuple(round(float(p), 9) for p in eq.profile[0]) for eq in result}
    if not result.degenerate:  # then every equilibrium is extreme and listed by both
        assert ours == _gambit_symmetric(normal)
        ve = {
            tuple(round(float(p), 9) for p in eq.profile[0])
            for eq in vertex_enumeration(normal)
            if eq.profile[0] == eq.profile[1]
        }
        assert ours == ve
    for eq in result:
        assert normal.max_regret(eq.expand()) == 0


@pytest.mark.parametrize("seed", range(30))
def test_symmetric_equilibria_have_zero_regret_in_the_expanded_game(seed: int) -> None:
    rng = np.random.default_rng(1000 + seed)
    n = int(rng.integers(2, 7))
    game = AnonymousGame(n, rng.integers(-3, 4, size=(2, n)))
    normal = game.to_normal_form()
    result = symmetric_mixed_equilibria(game)
    assert result.complete and len(result) >= 1  # Nash (1951): a symmetric equilibrium exists
    for eq in result:
        if result.exact or eq.algebraic is None:
            assert normal.max_regret(eq.expand()) == 0
        else:
            assert normal.to_float().max_regret(eq.expand()) <= 1e-9


@pytest.mark.parametrize("n", [3, 8, 30, 120])
@pytest.mark.parametrize("seed", range(5))
def test_exact_and_float_solvers_agree(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    game = AnonymousGame(n, rng.integers(-5, 6, size=(2, n)))
    exact = symmetric_mixed_equilibria(game)
    floats = symmetric_mixed_equilibria(game.to_float())
    assert exact.complete and floats.complete
    assert [float(eq.profile[0][1]) for eq in floats] == pytest.approx(
        [float(eq.profile[0][1]) for eq in exact], abs=1e-10
    )


# -- hypothesis properties --------------------------------------------------------------------
@st.composite
def anonymous_games(draw, max_players: int = 6, exact: bool | None = None) -> AnonymousGame:
    """Small anonymous games; integer payoffs in a narrow range make ties frequent."""
    m = draw(st.integers(2, 3))
    n = draw(st.integers(1, max_players if m == 2 else 4))
    columns = num_count_vectors(n - 1, m)
    use_exact = draw(st.booleans()) if exact is None else exact
    if use_exact:
        entries = st.integers(-3, 3)
    else:
        entries = st.floats(-10, 10, allow_nan=False, allow_infinity=False)
    values = draw(st.lists(entries, min_size=m * columns, max_size=m * columns))
    return AnonymousGame(n, np.array(values).reshape(m, columns), exact=use_exact)


@given(anonymous_games())
def test_the_strategy_builds_valid_games(game: AnonymousGame) -> None:
    assert game.payoffs.shape == (game.num_actions, len(game.counts))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anonymous_games())
def test_every_returned_equilibrium_has_regret_within_tol(game: AnonymousGame) -> None:
    tol = 1e-9 * max(1.0, float(np.abs(game.payoffs.astype(float)).max()))
    for eq in anonymous_pure_equilibria(game):
        regret = game.pure_profile_regret(eq.counts)
        assert regret == 0 if game.exact else regret <= tol
    result = symmetric_mixed_equilibria(game)
    for eq in result:
        if eq.algebraic is None and result.exact:
            assert game.max_regret_symmetric(eq.profile[0]) == 0
        else:
            assert game.to_float().max_regret_symmetric(eq.profile[0]) <= 10 * tol
    if game.num_actions == 2:
        # Nash (1951): a symmetric equilibrium exists.  Exact solving always certifies the set;
        # floats can defeat certification (roots closer than 1e-20 to an end, say)
        assert len(result) >= 1
        assert result.complete or not game.exact


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    anonymous_games(exact=True),
    st.fractions(min_value=Fraction(1, 10), max_value=10, max_denominator=20),
    st.integers(-5, 5),
)
def test_equilibria_are_invariant_under_positive_affine_maps(game, scale, shift) -> None:
    moved = game.affine_transform(scale, shift)
    assert {eq.counts for eq in anonymous_pure_equilibria(moved)} == {
        eq.counts for eq in anonymous_pure_equilibria(game)
    }
    before = symmetric_mixed_equilibria(game, max_support=2)
    after = symmetric_mixed_equilibria(moved, max_support=2)
    flat_before = [float(p) for eq in before for p in eq.profile[0]]
    flat_after = [float(p) for eq in after for p in eq.profile[0]]
    assert flat_after == pytest.approx(flat_before, abs=1e-12)
    assert after.components == before.components
