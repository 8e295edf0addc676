"""Logit QRE: the branch, its Nash limit and the MLE of lambda, against Gambit and known data."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma import InvalidParameterError, NormalFormGame, UnsupportedGameError
from dualdilemma.solvers.logit import LogitBranch, fit_logit, logit_path, logit_solve
from dualdilemma.strategies import normal_form_games

gbt = pytest.importorskip("pygambit")


def _random_game(seed, shape):
    rng = np.random.default_rng(seed)
    return np.round(rng.normal(size=(len(shape), *shape)), 6)


def _gambit_game(payoffs):
    return gbt.Game.from_arrays(*[payoffs[i] for i in range(payoffs.shape[0])])


def _flat(profile, game):
    return np.array([float(profile[s]) for player in game.players for s in player.strategies])


def mckelvey_mclennan():
    u = np.zeros((3, 2, 2, 2), dtype=int)
    u[:, 0, 0, 0], u[:, 1, 1, 0], u[:, 1, 0, 1], u[:, 0, 1, 1] = (
        (9, 8, 12),
        (9, 8, 2),
        (3, 4, 6),
        (3, 4, 6),
    )
    return NormalFormGame(u)


# -- the branch ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "shape", [pytest.param((2, 2, 2), id="2x2x2"), pytest.param((3, 2, 2), id="3x2x2")]
)
@pytest.mark.parametrize("seed", range(3))
def test_branch_matches_gambit_at_given_lambdas(shape, seed):
    payoffs = _random_game(seed, shape)
    lambdas = [0.25, 1.0, 3.0, 8.0]
    ours = logit_path(NormalFormGame(payoffs), lambdas=lambdas)
    game = _gambit_game(payoffs)
    theirs = gbt.qre.logit_solve_lambda(game, lambdas, use_strategic=True)
    assert ours.lambdas.tolist() == lambdas  # (the principal branch of these games is monotone)
    for k, qre in enumerate(theirs):
        assert np.max(np.abs(ours.profiles[k] - _flat(qre.profile, game))) < 1e-6


def test_branch_starts_at_the_centroid_and_stays_on_the_simplex():
    branch = logit_path(NormalFormGame(_random_game(1, (2, 3, 2))), max_lambda=5.0)
    assert branch.lambdas[0] == 0.0 and branch.lambdas[-1] == pytest.approx(5.0)
    assert np.all(np.diff(branch.lambdas) > 0)
    assert branch.profile(0)[1] == pytest.approx([1 / 3] * 3)
    for k in range(len(branch)):
        assert [v.sum() for v in branch.profile(k)] == pytest.approx([1.0, 1.0, 1.0])
    assert np.all(branch.profiles > 0)


def test_branch_is_a_frozen_value_with_json():
    branch = logit_path(mckelvey_mclennan(), lambdas=[1.0])
    assert isinstance(branch, LogitBranch)
    with pytest.raises(ValueError):
        branch.profiles[0, 0] = 1.0
    data = json.loads(json.dumps(branch.to_dict()))
    assert data["lambdas"] == [1.0] and data["shape"] == [2, 2, 2]
    assert "LogitBranch(1 points" in repr(branch)


def test_default_branch_ends_near_a_nash_equilibrium():
    game = NormalFormGame(_random_game(4, (2, 2, 2)))
    branch = logit_path(game)
    assert "regret" in branch.status
    last = branch.profile(len(branch) - 1)
    assert game.max_regret(last) <= 1e-7 * np.ptp(game.payoffs)


# -- the Nash limit ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "seed"), [(3, s) for s in range(4)] + [(4, s) for s in range(3)] + [(5, 0), (6, 0)]
)
def test_limit_matches_gambit(n, seed):
    payoffs = _random_game(100 * n + seed, (2,) * n)
    result = logit_solve(NormalFormGame(payoffs))
    assert result.converged and len(result) == 1
    game = _gambit_game(payoffs)
    theirs = gbt.nash.logit_solve(game, use_strategic=True).equilibria[0]
    ours = np.concatenate(result[0].as_arrays())
    same = np.max(np.abs(ours - _flat(theirs, game))) < 1e-5
    # same equilibrium, or both valid (Gambit's point is an approximate equilibrium)
    assert same or float(theirs.max_regret()) < 1e-6
    assert result[0].max_regret <= 1e-9 * max(1.0, np.max(np.abs(payoffs)))


def test_nine_equilibrium_game_reaches_a_verified_equilibrium():
    # pygambit 16.7's logit_solve stops at lambda ~ 0.597 on this game, at a profile with
    # regret ~ 0.21 (players 1 and 2 stay at 1/2 along the whole branch); the branch goes on to
    # the equilibrium ((1/2, 1/2), (1/2, 1/2), (1, 0)).
    result = logit_solve(mckelvey_mclennan())
    assert result.exact and result.converged
    assert [tuple(map(str, s)) for s in result[0].profile] == [
        ("1/2", "1/2"),
        ("1/2", "1/2"),
        ("1", "0"),
    ]


@pytest.mark.parametrize(
    "payoffs",
    [
        pytest.param(np.zeros((3, 2, 2, 2)), id="all-zero"),
        pytest.param(np.full((3, 2, 3, 2), 7.0), id="constant"),
        pytest.param(
            _random_game(2, (2, 2, 2))[:, :, :, [0, 1, 1]],
            id="duplicated-strategy",
        ),
        pytest.param(np.array([[3, 3, 1]]), id="one-player-tie"),
        pytest.param(np.array([[[1, 0], [0, 1]], [[1, 0], [0, 1]]]), id="coordination-ties"),
        pytest.param(np.zeros((4, 2, 2, 2, 2), dtype=int), id="zero-4-players"),
    ],
)
def test_degenerate_inputs_converge_to_verified_equilibria(payoffs):
    game = NormalFormGame(payoffs)
    result = logit_solve(game)
    assert result.converged and len(result) == 1
    profile = [np.asarray(s, dtype=float) for s in result[0].profile]
    assert game.to_float().max_regret(profile) <= 1e-9 * max(1.0, np.max(np.abs(payoffs)))


def test_budget_gives_a_clear_status_and_no_equilibrium():
    result = logit_solve(NormalFormGame(_random_game(3, (2, 2, 2, 2))), max_steps=1)
    assert result.converged is False and len(result) == 0
    assert any("APPROXIMATE" in note for note in result.diagnostics)
    assert "step limit" in result.diagnostics[0]
    json.dumps(result.to_dict())


def test_time_budget_gives_a_clear_status():
    result = logit_solve(NormalFormGame(_random_game(3, (2,) * 6)), time_budget=1e-9)
    assert result.converged is False
    assert "time budget" in result.diagnostics[0]


def test_max_lambda_too_small_is_not_converged():
    result = logit_solve(NormalFormGame(_random_game(5, (2, 2, 2))), max_lambda=1e-3)
    assert result.converged is False and len(result) == 0


@settings(max_examples=30, deadline=None)
@given(normal_form_games(num_players=st.integers(2, 4), num_actions=st.integers(1, 3), bound=5))
def test_never_raises_and_returns_verified_equilibria(game):
    result = logit_solve(game)
    for eq in result:
        profile = [np.asarray(s, dtype=float) for s in eq.profile]
        assert game.to_float().max_regret(profile) <= 1e-9 * max(
            1.0, np.max(np.abs(game.to_float().payoffs))
        )
    assert result.converged == (len(result) == 1)


# -- estimation ----------------------------------------------------------------------------------
def _simulate(profile, size, seed):
    rng = np.random.default_rng(seed)
    return [rng.multinomial(size, p / p.sum()) for p in profile]


@pytest.mark.parametrize("true_lambda", [0.5, 2.0, 6.0])
def test_fit_recovers_a_known_lambda(true_lambda):
    game = NormalFormGame(_random_game(11, (2, 3, 2)))
    qre = logit_path(game, lambdas=[true_lambda]).profile(0)
    counts = _simulate(qre, 50_000, seed=int(true_lambda * 10))
    fit = fit_logit(game, counts)
    assert fit.lam == pytest.approx(true_lambda, rel=0.1)
    lam, loglik, profile = fit
    assert loglik == pytest.approx(sum(c @ np.log(p) for c, p in zip(counts, profile, strict=True)))


@pytest.mark.parametrize("seed", range(3))
def test_fit_matches_gambit_logit_estimate(seed):
    payoffs = _random_game(20 + seed, (2, 2, 2))
    game = NormalFormGame(payoffs)
    counts = _simulate(logit_path(game, lambdas=[1.5]).profile(0), 500, seed)
    gambit_game = _gambit_game(payoffs)
    data = gambit_game.mixed_strategy_profile(rational=False)
    for player, observed in zip(gambit_game.players, counts, strict=True):
        for strategy, count in zip(player.strategies, observed, strict=True):
            data[strategy] = float(count)
    theirs = gbt.qre.logit_estimate(data)
    ours = fit_logit(game, counts)
    assert ours.lam == pytest.approx(theirs.lam, rel=1e-4)
    assert ours.log_likelihood == pytest.approx(theirs.log_like, abs=1e-6)


def test_fit_at_the_nash_end_when_data_are_sharp():
    pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    fit = fit_logit(pd, [[0, 40], [0, 40]])
    assert fit.lam > 10 and fit.profile[0][1] > 0.999999
    assert fit.log_likelihood == pytest.approx(0.0, abs=1e-4)
    assert math.isfinite(fit.log_likelihood)
    json.dumps(fit.to_dict())


@pytest.mark.parametrize(
    "counts",
    [
        pytest.param([[1, 2]], id="missing-player"),
        pytest.param([[1, 2, 3], [1, 2]], id="wrong-length"),
        pytest.param([[-1, 2], [1, 2]], id="negative"),
        pytest.param([[0, 0], [0, 0]], id="all-zero"),
        pytest.param([[np.nan, 1], [1, 2]], id="nan"),
    ],
)
def test_bad_counts_are_rejected(counts):
    pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(InvalidParameterError):
        fit_logit(pd, counts)


@pytest.mark.parametrize(
    ("function", "kwargs"),
    [
        pytest.param(logit_path, {"max_lambda": -1.0}, id="path-negative-lambda"),
        pytest.param(logit_path, {"lambdas": [1.0, float("inf")]}, id="path-infinite-lambda"),
        pytest.param(logit_path, {"first_step": 0.0}, id="path-zero-step"),
        pytest.param(logit_solve, {"max_accel": 0.5}, id="solve-accel-below-1"),
        pytest.param(logit_solve, {"max_steps": 0}, id="solve-no-steps"),
        pytest.param(logit_solve, {"time_budget": -2.0}, id="solve-negative-budget"),
        pytest.param(logit_solve, {"tol": -1.0}, id="solve-negative-tol"),
    ],
)
def test_bad_parameters_are_rejected(function, kwargs):
    with pytest.raises(InvalidParameterError):
        function(mckelvey_mclennan(), **kwargs)


def test_rejects_non_games():
    with pytest.raises(UnsupportedGameError):
        logit_solve(np.zeros((2, 2, 2)))
