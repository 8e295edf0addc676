"""Solver invariants as hypothesis properties over the package's own strategies.

* every equilibrium any solver returns has regret at most ``tol`` (exactly 0 in exact mode),
  recomputed here from the game, not read from the result;
* the equilibria are unchanged by positive affine payoff transformations and follow a
  relabelling of players and actions;
* the solvers agree with each other (vertex enumeration, support enumeration, pure
  equilibria, Lemke-Howson, the zero-sum LP, iterated dominance, polynomial enumeration,
  anonymous-game solvers) and with pygambit (enummixed, enumpure, lcp).
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualdilemma import NormalFormGame
from dualdilemma.solvers.anonymous import anonymous_pure_equilibria, symmetric_mixed_equilibria
from dualdilemma.solvers.dominance import iterated_dominance
from dualdilemma.solvers.lemke_howson import lemke_howson
from dualdilemma.solvers.polynomial_enumeration import polynomial_equilibria
from dualdilemma.solvers.pure_nash import pure_equilibria
from dualdilemma.solvers.regret import default_tol
from dualdilemma.solvers.support_enumeration import support_enumeration
from dualdilemma.solvers.vertex_enumeration import vertex_enumeration
from dualdilemma.solvers.zero_sum import zero_sum
from dualdilemma.strategies import (
    anonymous_games,
    normal_form_games,
    positive_affine_maps,
    relabel_game,
    relabel_profile,
    relabellings,
)

PROPERTY = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

bimatrix_games = normal_form_games(num_players=2, num_actions=st.integers(1, 4), bound=4)
rational_bimatrix_games = normal_form_games(
    num_players=2, num_actions=st.integers(1, 3), kind="rational", bound=3
)
three_player_games = normal_form_games(num_players=3, num_actions=2, bound=3)


def profiles(result) -> set[tuple[tuple[Fraction, ...], ...]]:
    return {tuple(tuple(Fraction(p) for p in sigma) for sigma in eq.profile) for eq in result}


def assert_verified(game: NormalFormGame, result) -> None:
    """Every equilibrium's regret, recomputed from the game, is within tolerance: exactly 0
    when the result is exact, at most the default tolerance of the float game otherwise (an
    exact game can have irrational equilibria, which solvers return in floats)."""
    judge = game if result.exact else game.to_float()
    tol = default_tol(judge)
    for eq in result:
        regret = judge.max_regret(eq.profile)
        if judge.exact:
            assert regret == 0 and eq.max_regret == 0, eq
        else:
            assert regret <= tol and eq.max_regret <= tol, eq


# -- regret ----------------------------------------------------------------------------------
@PROPERTY
@given(st.one_of(bimatrix_games, rational_bimatrix_games))
def test_two_player_solvers_return_only_equilibria(game: NormalFormGame) -> None:
    for solve in (pure_equilibria, vertex_enumeration, support_enumeration, lemke_howson):
        assert_verified(game, solve(game))
    assert_verified(game, iterated_dominance(game))


@PROPERTY
@given(normal_form_games(num_players=2, num_actions=st.integers(1, 3), kind="float", bound=5))
def test_float_solvers_return_only_equilibria(game: NormalFormGame) -> None:
    for solve in (pure_equilibria, vertex_enumeration, support_enumeration, lemke_howson):
        assert_verified(game, solve(game))


@PROPERTY
@given(normal_form_games(num_players=2, num_actions=st.integers(1, 4), zero_sum=True, bound=5))
def test_zero_sum_lp_matches_the_value_of_every_equilibrium(game: NormalFormGame) -> None:
    result = zero_sum(game)
    assert_verified(game, result)
    value = result[0].payoffs[0]
    assert {eq.payoffs[0] for eq in vertex_enumeration(game)} == {value}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(three_player_games)
def test_polynomial_enumeration_returns_only_equilibria(game: NormalFormGame) -> None:
    result = polynomial_equilibria(game)
    assert_verified(game, result)
    pure = {eq.pure_profile() for eq in pure_equilibria(game)}
    assert pure <= {eq.pure_profile() for eq in result if eq.is_pure} or not result.complete


@PROPERTY
@given(anonymous_games(num_players=st.integers(2, 4), num_actions=2, bound=4))
def test_anonymous_solvers_agree_with_the_normal_form(game) -> None:
    normal = game.to_normal_form()
    expected = Counter(
        tuple(sorted(Counter(eq.pure_profile()).items())) for eq in pure_equilibria(normal)
    )
    found = set()
    for eq in anonymous_pure_equilibria(game):
        counts = Counter()
        for sigma, size in zip(eq.profile, eq.role_sizes, strict=True):
            counts[list(sigma).index(1)] += size
        found.add(tuple(sorted(counts.items())))
    assert found == set(expected)
    for eq in symmetric_mixed_equilibria(game):
        (sigma,) = {tuple(s) for s in eq.profile}
        if all(isinstance(p, Fraction) for p in sigma):
            assert game.max_regret_symmetric(sigma) == 0
            assert normal.max_regret([sigma] * game.num_players) == 0
        else:  # an irrational mixture (a root of the indifference polynomial), in floats
            floats = [float(p) for p in sigma]
            tol = default_tol(normal.to_float())
            assert game.to_float().max_regret_symmetric(floats) <= tol
            assert normal.to_float().max_regret([floats] * game.num_players) <= tol


# -- invariance ------------------------------------------------------------------------------
@PROPERTY
@given(bimatrix_games, st.data())
def test_equilibria_are_invariant_under_positive_affine_maps(game, data) -> None:
    scale, shift = data.draw(positive_affine_maps(2))
    moved = game.affine_transform(scale, shift)
    assert profiles(vertex_enumeration(moved)) == profiles(vertex_enumeration(game))
    assert profiles(pure_equilibria(moved)) == profiles(pure_equilibria(game))
    before, after = support_enumeration(game), support_enumeration(moved)
    assert before.complete == after.complete
    if before.complete:
        assert profiles(before) == profiles(after)
    assert profiles(lemke_howson(moved)) <= profiles(vertex_enumeration(game))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(three_player_games, st.data())
def test_three_player_equilibria_are_invariant_under_affine_maps(game, data) -> None:
    scale, shift = data.draw(positive_affine_maps(3))
    before, after = (
        polynomial_equilibria(game),
        polynomial_equilibria(game.affine_transform(scale, shift)),
    )
    if before.complete and after.complete and before.exact and after.exact:
        assert profiles(before) == profiles(after)


def _relabelled(result, players, actions) -> set:
    return {
        tuple(tuple(Fraction(p) for p in s) for s in relabel_profile(eq.profile, players, actions))
        for eq in result
    }


@PROPERTY
@given(bimatrix_games, st.data())
def test_equilibria_follow_a_relabelling(game, data) -> None:
    players, actions = data.draw(relabellings(game))
    renamed = relabel_game(game, players, actions)
    assert profiles(vertex_enumeration(renamed)) == _relabelled(
        vertex_enumeration(game), players, actions
    )
    assert profiles(pure_equilibria(renamed)) == _relabelled(
        pure_equilibria(game), players, actions
    )


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(three_player_games, st.data())
def test_three_player_equilibria_follow_a_relabelling(game, data) -> None:
    players, actions = data.draw(relabellings(game))
    renamed = relabel_game(game, players, actions)
    assert profiles(pure_equilibria(renamed)) == _relabelled(
        pure_equilibria(game), players, actions
    )
    before, after = polynomial_equilibria(game), polynomial_equilibria(renamed)
    if before.complete and after.complete and before.exact and after.exact:
        assert profiles(after) == _relabelled(before, players, actions)


# -- agreement between solvers ---------------------------------------------------------------
@PROPERTY
@given(st.one_of(bimatrix_games, rational_bimatrix_games))
def test_two_player_solvers_agree(game: NormalFormGame) -> None:
    extreme = profiles(vertex_enumeration(game))
    pure = profiles(pure_equilibria(game))
    assert pure == {p for p in extreme if all(max(s) == 1 for s in p)}
    support = support_enumeration(game)
    if support.complete:  # non-degenerate: all equilibria are extreme and isolated
        assert profiles(support) == extreme
    assert profiles(lemke_howson(game)) <= extreme
    dominance = iterated_dominance(game)
    if dominance.complete:
        assert extreme == profiles(dominance)


# -- against pygambit ------------------------------------------------------------------------
def _gambit():
    return pytest.importorskip("pygambit")


def _gambit_profiles(gbt_game, equilibria) -> set:
    return {
        tuple(tuple(Fraction(str(eq[s])) for s in player.strategies) for player in gbt_game.players)
        for eq in equilibria
    }


@PROPERTY
@given(st.one_of(bimatrix_games, rational_bimatrix_games))
def test_vertex_enumeration_and_lcp_agree_with_gambit(game: NormalFormGame) -> None:
    gbt = _gambit()
    from dualdilemma.io.interop import to_pygambit

    gbt_game = to_pygambit(game)
    extreme = profiles(vertex_enumeration(game))
    assert extreme == _gambit_profiles(
        gbt_game, gbt.nash.enummixed_solve(gbt_game, rational=True).equilibria
    )
    assert _gambit_profiles(gbt_game, gbt.nash.lcp_solve(gbt_game, rational=True).equilibria) <= (
        extreme
    )


@PROPERTY
@given(normal_form_games(num_players=st.integers(2, 4), num_actions=st.integers(1, 3), bound=3))
def test_pure_equilibria_agree_with_gambit(game: NormalFormGame) -> None:
    gbt = _gambit()
    from dualdilemma.io.interop import to_pygambit

    gbt_game = to_pygambit(game)
    gambit = _gambit_profiles(gbt_game, gbt.nash.enumpure_solve(gbt_game).equilibria)
    assert profiles(pure_equilibria(game)) == gambit


def test_relabelled_matching_pennies_keeps_its_equilibrium() -> None:
    pennies = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    renamed = relabel_game(pennies, [1, 0], [[1, 0], [0, 1]])
    half = (Fraction(1, 2), Fraction(1, 2))
    assert profiles(vertex_enumeration(renamed)) == {(half, half)}
    assert np.array_equal(renamed.payoffs[0], np.asarray(pennies.payoffs[1]).T[::-1, :])
