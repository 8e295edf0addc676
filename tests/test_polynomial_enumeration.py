"""All equilibria of n-player games: known answers, Gambit's enumpoly, and properties.

Gambit's ``enumpoly_solve`` is a reference, not an oracle: it misses isolated equilibria of
some generic games (gambitproject/gambit issues 474 and 591 report it for ``2x2x2.nfg``).  So
the differential tests check that every equilibrium pygambit finds is ours, and that every
equilibrium of ours that pygambit does not report is a true equilibrium, by an independent
50-digit computation (mpmath) written in this file from the payoff tensor alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualdilemma import (
    InvalidParameterError,
    NormalFormGame,
    UnsupportedGameError,
)
from dualdilemma.solvers.polynomial_enumeration import polynomial_equilibria
from dualdilemma.solvers.pure_nash import pure_equilibria
from dualdilemma.strategies import normal_form_games

gbt = pytest.importorskip("pygambit")


# -- games ------------------------------------------------------------------------------------
def _from_nfg_outcomes(outcomes, n):
    """A binary n-player game from NFG outcome order (player 1's strategy varies fastest)."""
    payoffs = np.zeros((n,) + (2,) * n, dtype=object)
    for k, outcome in enumerate(outcomes):
        index = tuple((k >> j) & 1 for j in range(n))
        for i in range(n):
            payoffs[(i, *index)] = Fraction(str(outcome[i]))
    return NormalFormGame(payoffs)


def mckelvey_mclennan():
    # Gambit contrib/games/2x2x2.nfg: "2x2x2 Example from McKelvey-McLennan, with 9 Nash
    # equilibria, 2 totally mixed" (McKelvey and McLennan 1997).
    return _from_nfg_outcomes(
        [(9, 8, 12), (0, 0, 0), (0, 0, 0), (9, 8, 2), (0, 0, 0), (3, 4, 6), (3, 4, 6), (0, 0, 0)],
        3,
    )


def nau():
    # Gambit contrib/games/2x2x2-nau.nfg: "3 pure, 2 incompletely mixed, and a continuum of
    # completely mixed NE".
    return _from_nfg_outcomes(
        [(0, 0, 2), (3, 0, 0), (0, 3, 0), (0, 0, 0), (1, 1, 0), (0, 0, 0), (0, 0, 0), (0, 0, 3)],
        3,
    )


def four_player():
    # Gambit contrib/games/2x2x2x2.nfg: "Four person, 2x2x2x2 game with 3 Nash equilibria".
    return _from_nfg_outcomes(
        [
            (1.131, 1.210, 2.426, 2.429), (4.225, 5.277, 4.837, 5.645),
            (4.452, 4.549, 1.655, 1.347), (7.566, 4.655, 7.076, 4.423),
            (1.223, 1.358, 2.234, 2.238), (4.483, 5.764, 4.995, 5.754),
            (4.564, 4.326, 1.762, 1.576), (7.247, 4.943, 7.362, 4.382),
            (2.326, 2.422, 3.222, 3.024), (1.478, 2.544, 1.973, 7.486),
            (2.747, 2.243, 3.518, 3.062), (1.759, 2.705, 1.735, 4.043),
            (5.255, 5.334, 2.643, 2.873), (4.383, 1.436, 4.864, 5.267),
            (5.634, 5.675, 2.455, 6.523), (4.642, 1.897, 4.042, 3.830),
        ],
        4,
    )  # fmt: skip


def coordination3():
    # Three players earn 1 when all choose the same action: two pure equilibria and the
    # centroid (each player indifferent iff p_j p_k = (1 - p_j)(1 - p_k) for both others).
    u = np.zeros((3, 2, 2, 2), dtype=int)
    u[:, 0, 0, 0] = u[:, 1, 1, 1] = 1
    return NormalFormGame(u)


def public_good3():
    # Linear public good (Olson 1965), n = 3, m = 1/2: contributing (action 0) costs 1 and
    # returns 1/2 to everyone; free riding is strictly dominant.
    u = np.zeros((3, 2, 2, 2), dtype=object)
    for profile in np.ndindex(2, 2, 2):
        contributions = sum(1 for a in profile if a == 0)
        for i in range(3):
            u[(i, *profile)] = Fraction(contributions, 2) - (1 if profile[i] == 0 else 0)
    return NormalFormGame(u)


F = Fraction
H = F(1, 2)


@dataclass(frozen=True)
class Known:
    factory: object
    expected: tuple
    complete: bool
    degenerate: bool


KNOWN = [
    pytest.param(
        Known(
            mckelvey_mclennan,
            (
                ((1, 0), (1, 0), (1, 0)),
                ((1, 0), (0, 1), (0, 1)),
                ((H, H), (H, H), (1, 0)),
                ((H, H), (F(2, 5), F(3, 5)), (F(1, 4), F(3, 4))),
                ((F(2, 5), F(3, 5)), (H, H), (F(1, 3), F(2, 3))),
                ((F(1, 3), F(2, 3)), (1, 0), (F(1, 4), F(3, 4))),
                ((0, 1), (1, 0), (0, 1)),
                ((0, 1), (F(1, 4), F(3, 4)), (F(1, 3), F(2, 3))),
                ((0, 1), (0, 1), (1, 0)),
            ),
            complete=True,
            degenerate=False,
        ),
        id="mckelvey-mclennan-2x2x2-nine",
    ),
    pytest.param(
        Known(
            coordination3,
            (((1, 0), (1, 0), (1, 0)), ((H, H), (H, H), (H, H)), ((0, 1), (0, 1), (0, 1))),
            complete=True,
            degenerate=False,
        ),
        id="three-player-coordination",
    ),
    pytest.param(
        Known(public_good3, (((0, 1), (0, 1), (0, 1)),), complete=True, degenerate=False),
        id="public-good-dominance-solvable",
    ),
    pytest.param(
        Known(
            four_player,
            (
                ((1, 0), (1, 0), (1, 0), (0, 1)),
                ((F(184, 1833), F(1649, 1833)), (0, 1), (0, 1), (F(992, 3675), F(2683, 3675))),
                ((0, 1), (1, 0), (0, 1), (1, 0)),
            ),
            complete=True,
            degenerate=False,
        ),
        id="gambit-2x2x2x2-three",
    ),
]


@pytest.mark.parametrize("case", KNOWN)
def test_known_equilibria(case):
    result = polynomial_equilibria(case.factory())
    assert result.exact
    profiles = tuple(tuple(tuple(s) for s in eq.profile) for eq in result)
    assert set(profiles) == {tuple(tuple(F(p) for p in s) for s in eq) for eq in case.expected}
    assert len(profiles) == len(case.expected)
    assert all(eq.max_regret == 0 for eq in result)
    assert result.complete is case.complete
    assert result.degenerate is case.degenerate


def test_exact_and_interval_routes_agree_on_the_nine_equilibria():
    game = mckelvey_mclennan()
    exact = polynomial_equilibria(game)
    interval = polynomial_equilibria(game, exact=False)
    assert [eq.profile for eq in exact] == [eq.profile for eq in interval]
    assert "Groebner" in exact.diagnostics[-1]


def test_continuum_is_reported_as_components():
    game = nau()
    result = polynomial_equilibria(game)
    assert result.degenerate is True
    assert result.complete is False
    pure = {eq.pure_profile() for eq in result if eq.is_pure}
    assert pure == {(0, 1, 0), (1, 0, 0), (1, 1, 1)}
    assert result.components
    full = [c for c in result.components if c["support"] == [[0, 1], [0, 1], [0, 1]]]
    assert len(full) == 1 and full[0]["dimension"] == 1
    representative = result[full[0]["representative"]]
    assert all(len(support) == 2 for support in representative.supports)
    # on the continuum player 3 plays (1/4, 3/4) (its opponents' indifference pins it)
    assert representative.profile[2] == pytest.approx((0.25, 0.75), abs=1e-9)
    for component in result.components:
        assert result[component["representative"]].max_regret <= 1e-9 * 3
        for _, _, low, high in component["ranges"]:
            assert 0.0 <= low <= high <= 1.0
    json.dumps(result.to_dict())


def _gambit_order(flat):
    """A 2x2x2 payoff array from a list in Gambit's profile order (player 1 fastest)."""
    return np.array(flat, dtype=object).reshape(2, 2, 2).transpose(2, 1, 0)


def test_point_of_a_component_is_not_reported_as_isolated():
    # The audit's game (issue 14): with player 2 on strategy 0 and player 3 on strategy 1,
    # player 1 is indifferent, and player 2 stays put while player 1 plays strategy 0 with
    # probability at least 1/2.  So the pure profile (0, 0, 1) is the end of the segment
    # {((x, 1 - x), (1, 0), (0, 1)) : 1/2 <= x <= 1}; (1/2, 1/2) is its other end.
    game = NormalFormGame.from_arrays(
        _gambit_order([0, 2, 0, 1, 1, 1, 1, 0]),
        _gambit_order([2, 1, 0, 2, 2, 0, 1, 1]),
        _gambit_order([2, 0, 2, 0, 2, 0, 1, 1]),
    )
    result = polynomial_equilibria(game)
    profiles = [eq.profile for eq in result]
    half = Fraction(1, 2)
    assert profiles == [((1, 0), (1, 0), (0, 1)), ((half, half), (1, 0), (0, 1))]
    assert all(eq.max_regret == 0 for eq in result)
    assert result.degenerate is True and result.complete is False
    (component,) = result.components
    assert component["dimension"] == 1
    assert sorted(component["members"]) == [0, 1]
    # every point of the segment between the two is an equilibrium, and just past 1/2 it is not
    for x in (half, Fraction(3, 4), Fraction(99, 100), Fraction(1)):
        assert game.max_regret([[x, 1 - x], [1, 0], [0, 1]]) == 0
    assert game.max_regret([[Fraction(49, 100), Fraction(51, 100)], [1, 0], [0, 1]]) > 0


def test_equilibria_differing_in_one_player_are_grouped_even_without_boxes():
    from dualdilemma.solvers.polynomial_enumeration import _connected_equilibria

    result = polynomial_equilibria(nau())
    groups = _connected_equilibria(list(result), result.exact, 1e-9)
    assert sorted(k for group in groups for k in group) == list(range(len(result)))
    for group in groups:
        for component in result.components:
            if component["representative"] in group:
                assert sorted(component["members"]) == group


def test_dominated_strategies_are_removed_first():
    result = polynomial_equilibria(public_good3())
    assert "dominated" in result.diagnostics[0]


def test_pure_equilibria_are_a_subset():
    game = nau()
    ours = {eq.pure_profile() for eq in polynomial_equilibria(game) if eq.is_pure}
    assert ours == {eq.pure_profile() for eq in pure_equilibria(game)}


def test_three_strategy_player_matches_gambit():
    rng = np.random.default_rng(7)
    payoffs = np.round(rng.normal(size=(3, 3, 2, 2)), 6)
    ours, theirs = _solve_both(payoffs)
    _compare(payoffs, ours, theirs)


# -- differential tests against pygambit ---------------------------------------------------------
def _gambit_equilibria(payoffs):
    n = payoffs.shape[0]
    game = gbt.Game.from_arrays(*[payoffs[i] for i in range(n)])
    result = gbt.nash.enumpoly_solve(game, use_strategic=True)
    return [
        np.concatenate([[float(eq[s]) for s in player.strategies] for player in game.players])
        for eq in result.equilibria
    ]


def _solve_both(payoffs):
    result = polynomial_equilibria(NormalFormGame(payoffs))
    assert result.complete, result.diagnostics
    ours = [np.concatenate(eq.as_arrays()) for eq in result]
    return ours, _gambit_equilibria(payoffs)


def _certify(payoffs, flat, digits=50):
    """Independent check: Newton at 50 digits on the profile's support, then its regret."""
    shape = payoffs.shape[1:]
    n = len(shape)
    offsets = np.concatenate([[0], np.cumsum(shape)])
    sigma = [flat[offsets[i] : offsets[i + 1]] for i in range(n)]
    supports = [[s for s in range(a) if sigma[i][s] > 1e-7] for i, a in enumerate(shape)]
    unknowns = [(i, s) for i in range(n) for s in supports[i]]
    mp = mpmath.mp.clone()
    mp.dps = digits
    table = {index: mp.mpf(repr(float(payoffs[index]))) for index in np.ndindex(payoffs.shape)}

    def mixture(x):
        out = [[mp.zero] * a for a in shape]
        for (i, s), value in zip(unknowns, x, strict=True):
            out[i][s] = value
        return out

    def values(mix, i):
        result = [mp.zero] * shape[i]
        for profile in np.ndindex(*shape):
            weight = mp.one
            for j in range(n):
                if j != i:
                    weight *= mix[j][profile[j]]
            if weight != 0:
                result[profile[i]] += weight * table[(i, *profile)]
        return result

    def equations(*x):
        mix = mixture(x)
        out = []
        for i in range(n):
            out.append(sum(mix[i]) - 1)
            v = values(mix, i)
            out.extend(v[s] - v[supports[i][0]] for s in supports[i][1:])
        return out

    start = [mp.mpf(repr(float(sigma[i][s]))) for i, s in unknowns]
    root = mp.findroot(equations, start) if len(start) > 1 else [mp.one]
    root = list(root) if hasattr(root, "__len__") else [root]
    mix = mixture(root)
    assert all(value > 0 for value in root)
    regret = max(max(values(mix, i)) - mp.fdot(values(mix, i), mix[i]) for i in range(n))
    assert regret < mp.mpf(10) ** (-(digits - 10))
    gaps = [abs(float(r) - float(sigma[i][s])) for r, (i, s) in zip(root, unknowns, strict=True)]
    assert max(gaps) < 1e-9


def _compare(payoffs, ours, theirs):
    for eq in theirs:
        assert any(np.max(np.abs(eq - mine)) < 1e-6 for mine in ours), (eq, ours)
    for mine in ours:
        if not any(np.max(np.abs(eq - mine)) < 1e-6 for eq in theirs):
            _certify(payoffs, mine)  # an equilibrium pygambit missed: prove it independently


def _random_binary(seed, n):
    rng = np.random.default_rng(seed)
    return np.round(rng.normal(size=(n,) + (2,) * n), 6)


@pytest.mark.parametrize(
    ("n", "seed"),
    [pytest.param(3, seed, id=f"3-players-seed-{seed}") for seed in range(10)]
    + [pytest.param(4, seed, id=f"4-players-seed-{seed}") for seed in range(3)]
    + [pytest.param(5, 0, id="5-players-seed-0"), pytest.param(6, 0, id="6-players-seed-0")],
)
def test_matches_gambit_on_random_binary_games(n, seed):
    payoffs = _random_binary(1000 * n + seed, n)
    ours, theirs = _solve_both(payoffs)
    _compare(payoffs, ours, theirs)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("n", "seed"),
    [(n, seed) for n in (3, 4, 5) for seed in range(10, 30)] + [(6, s) for s in range(1, 6)],
)
def test_matches_gambit_on_many_random_binary_games(n, seed):
    payoffs = _random_binary(1000 * n + seed, n)
    ours, theirs = _solve_both(payoffs)
    _compare(payoffs, ours, theirs)


@pytest.mark.slow
@pytest.mark.parametrize("shape", [(3, 2, 2), (2, 3, 3), (3, 3, 3), (2, 2, 2, 3)])
@pytest.mark.parametrize("seed", range(3))
def test_matches_gambit_on_larger_action_sets(shape, seed):
    rng = np.random.default_rng(seed)
    payoffs = np.round(rng.normal(size=(len(shape), *shape)), 6)
    ours, theirs = _solve_both(payoffs)
    _compare(payoffs, ours, theirs)


def test_equilibria_missed_by_gambit_are_certified():
    # seed 4002 (n = 4): pygambit 16.7's enumpoly reports 2 of the 5 equilibria; the other 3
    # are certified by the independent 50-digit computation in _compare
    payoffs = _random_binary(4002, 4)
    ours, theirs = _solve_both(payoffs)
    assert len(ours) == 5
    _compare(payoffs, ours, theirs)


@pytest.mark.parametrize("seed", range(4))
def test_exact_routes_agree_on_integer_games(seed):
    rng = np.random.default_rng(seed)
    game = NormalFormGame(rng.integers(-1000, 1001, size=(3, 2, 2, 2)))
    groebner = polynomial_equilibria(game, exact=True)
    interval = polynomial_equilibria(game, exact=False)
    assert groebner.complete and interval.complete
    assert len(groebner) == len(interval)
    for a, b in zip(groebner, interval, strict=True):
        assert np.max(np.abs(np.concatenate(a.as_arrays()) - np.concatenate(b.as_arrays()))) < 1e-9


# -- properties --------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(normal_form_games(num_players=3, num_actions=st.integers(1, 2), bound=4))
def test_every_equilibrium_verifies_and_pure_ones_are_found(game):
    result = polynomial_equilibria(game)
    tol = 1e-9 * max(1.0, float(np.max(np.abs(game.to_float().payoffs))))
    for eq in result:
        regret = game.to_float().max_regret([np.asarray(s, dtype=float) for s in eq.profile])
        assert regret <= tol
    found = {eq.pure_profile() for eq in result if eq.is_pure}
    assert {eq.pure_profile() for eq in pure_equilibria(game)} <= found
    assert len(result) >= 1  # every finite game has an equilibrium (Nash 1951)


@settings(max_examples=30, deadline=None)
@given(
    normal_form_games(num_players=3, num_actions=2, kind="float", bound=5),
    st.floats(0.1, 10.0),
    st.floats(-5.0, 5.0),
)
def test_invariant_under_positive_affine_transformations(game, scale, shift):
    original = polynomial_equilibria(game)
    moved = polynomial_equilibria(game.affine_transform([scale] * 3, [shift] * 3))
    if original.complete and moved.complete and not original.degenerate:
        assert len(original) == len(moved)
        for a, b in zip(original, moved, strict=True):
            assert np.allclose(np.concatenate(a.as_arrays()), np.concatenate(b.as_arrays()))


# -- parameters and budgets ------------------------------------------------------------------------
def test_max_support_size_one_gives_pure_equilibria_and_says_incomplete():
    result = polynomial_equilibria(mckelvey_mclennan(), max_support_size=1)
    assert all(eq.is_pure for eq in result) and len(result) == 4
    assert result.complete is False
    assert any("max_support_size" in note for note in result.diagnostics)


def test_time_budget_stops_cleanly():
    result = polynomial_equilibria(NormalFormGame(_random_binary(5, 6)), time_budget=1e-6)
    assert result.converged is False and result.complete is False
    assert any("time budget" in note for note in result.diagnostics)


def test_box_budget_is_reported():
    result = polynomial_equilibria(NormalFormGame(_random_binary(5, 5)), max_boxes=1)
    assert result.complete is False
    assert any("box budget" in note for note in result.diagnostics)


def test_float_game_gives_float_result_and_json():
    result = polynomial_equilibria(mckelvey_mclennan().to_float())
    assert not result.exact and len(result) == 9
    json.dumps(result.to_dict())


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        pytest.param({"exact": True}, InvalidParameterError, id="exact-on-float-game"),
        pytest.param({"max_support_size": 0}, InvalidParameterError, id="support-size-0"),
        pytest.param({"time_budget": -1.0}, InvalidParameterError, id="negative-budget"),
        pytest.param({"max_boxes": 0}, InvalidParameterError, id="no-boxes"),
        pytest.param({"tol": -1.0}, InvalidParameterError, id="negative-tol"),
    ],
)
def test_bad_parameters_are_rejected(kwargs, error):
    with pytest.raises(error):
        polynomial_equilibria(coordination3().to_float(), **kwargs)


def test_rejects_non_games():
    with pytest.raises(UnsupportedGameError):
        polynomial_equilibria([[1, 2], [3, 4]])
