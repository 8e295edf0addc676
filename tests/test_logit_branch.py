"""The principal logit QRE branch through folds, its checked points and its limit (issue 16).

Three independent references: Gambit (``pygambit.qre`` and ``pygambit.nash.logit_solve``), a
small-step continuation written here (its own equations, Jacobian and crude fixed-step
arc-length loop, sharing no code with the package), and exact equilibria from vertex
enumeration.  The four reproductions of issue 16 are pinned as regression tests.
"""

from __future__ import annotations

import string
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma import NormalFormGame, solve, vertex_enumeration
from dualdilemma.solvers.logit import logit_path, logit_solve, qre_residual
from dualdilemma.strategies import normal_form_games

gbt = pytest.importorskip("pygambit")

FOLD_A = [[73, 16, 46], [-44, 18, 80]]
FOLD_B = [[-60, 20, -89], [-29, 27, 52]]
JUMP_A = [[9, -5, 9, 3], [-10, 7, 5, -2], [-6, 8, -9, -5]]
JUMP_B = [[1, 0, -4, 5], [5, 6, -1, -9], [-2, 3, 1, 0]]
GARBAGE = [
    [3, 8, -1, -6, 2, -8, 2, 6, 0, -4, -1, -5, 0, 2, 5, -5, -2, -10, 8, 9, 2, 1, -9, 6, -6, 3, 8],
    [6, -5, -2, -8, 3, 5, -6, 7, -1, -8, 2, 10, 2, 3, 3, -7, -8, 2, -3, 1, -3, -2, 7, 4, 6, -2, 7],
    [3, 3, 6, -9, 5, 6, 5, 9, 3, 0, -9, -1, -5, 1, -9, -1, -6, -4, 7, 4, 1, -4, -2, 1, -3, -4, 4],
]
DEGENERATE_A = [[-10, 8, -6, 6], [-1, -4, -10, -7], [-6, -9, -10, 0], [-10, 5, -4, 4]]
DEGENERATE_B = [[4, -2, -10, 5], [8, -3, 3, 8], [5, -10, 1, -10], [10, -2, -1, -7]]


# -- an independent reference: fixed small steps along the arc --------------------------------
def _values_and_derivatives(payoffs, sigma):
    """v[i][s] and d v_i(s) / d sigma_j(t) by einsum over the full payoff tensor."""
    n = len(sigma)
    letters = string.ascii_lowercase[:n]
    values, derivatives = [], {}
    for i in range(n):
        others = [j for j in range(n) if j != i]
        spec = f"{letters}," + ",".join(letters[j] for j in others) + f"->{letters[i]}"
        values.append(np.einsum(spec, payoffs[i], *[sigma[j] for j in others]))
        for j in others:
            rest = [k for k in others if k != j]
            inputs = ",".join([letters] + [letters[k] for k in rest])
            spec = f"{inputs}->{letters[i]}{letters[j]}"
            derivatives[i, j] = np.einsum(spec, payoffs[i], *[sigma[k] for k in rest])
    return values, derivatives


def _reference_system(payoffs):
    shape = payoffs.shape[1:]
    offsets = np.concatenate([[0], np.cumsum(shape)])
    size = int(offsets[-1])

    def split(w):
        return [w[offsets[i] : offsets[i + 1]] for i in range(len(shape))]

    def system(y):
        w, lam = y[:-1], y[-1]
        sigma = [np.exp(v) for v in split(w)]
        values, derivatives = _values_and_derivatives(payoffs, sigma)
        h, jac = np.zeros(size), np.zeros((size, size + 1))
        for i, a in enumerate(shape):
            o = offsets[i]
            h[o] = sigma[i].sum() - 1
            jac[o, o : o + a] = sigma[i]
            for s in range(1, a):
                h[o + s] = w[o + s] - w[o] - lam * (values[i][s] - values[i][0])
                jac[o + s, o + s], jac[o + s, o] = 1.0, -1.0
                jac[o + s, -1] = -(values[i][s] - values[i][0])
                for j in range(len(shape)):
                    if j != i:
                        d = derivatives[i, j]
                        jac[o + s, offsets[j] : offsets[j + 1]] = -lam * (d[s] - d[0]) * sigma[j]
        return h, jac

    start = np.append(np.concatenate([np.full(a, -np.log(a)) for a in shape]), 0.0)
    return system, start, split


def reference_crossings(payoffs, targets, step=0.05):
    """Every crossing of each target lambda, in branch order, by a crude fixed-step tracer.

    Fixed Euler step (payoffs scaled to unit range), Newton back onto the curve in the hyperplane
    orthogonal to the tangent, tangent from the augmented system oriented by the previous
    one.  Stops when the branch rises beyond twice the largest target.
    """
    payoffs = np.asarray(payoffs, dtype=float)
    spread = max(float(np.ptp(payoffs)), 1e-300)
    targets = [lam * spread for lam in targets]  # (lambda * payoff is what matters)
    system, y, split = _reference_system(payoffs / spread)
    _, jac = system(y)
    t = np.linalg.svd(jac)[2][-1]
    t = t if t[-1] > 0 else -t
    unit = np.zeros(len(y))
    unit[-1] = 1.0
    out = []
    top = max(targets)
    for _ in range(100_000):
        predicted = y + step * t
        z = predicted.copy()
        for _ in range(20):
            h, jac = system(z)
            delta = np.linalg.solve(np.vstack([jac, t]), np.append(h, t @ (z - predicted)))
            z -= delta
            if np.max(np.abs(delta)) < 1e-13:
                break
        new_t = np.linalg.solve(np.vstack([system(z)[1], t]), unit)
        new_t /= np.linalg.norm(new_t)  # (t^T new_t = 1 > 0: the orientation is kept)
        for target in targets:
            if y[-1] < target <= z[-1] or z[-1] <= target < y[-1]:
                weight = (target - y[-1]) / (z[-1] - y[-1])
                w = y[:-1] + weight * (z[:-1] - y[:-1])
                for _ in range(30):
                    h, jac = system(np.append(w, target))
                    w = w - np.linalg.solve(jac[:, :-1], h)
                out.append((target / spread, np.concatenate([np.exp(v) for v in split(w)])))
        y, t = z, new_t
        if y[-1] > 2 * top and t[-1] > 0:
            break
    return out


def _flat(profile, game):
    return np.array([float(profile[s]) for player in game.players for s in player.strategies])


def _gambit(payoffs):
    return gbt.Game.from_arrays(*[np.asarray(p) for p in payoffs])


# -- issue 16, reproduction 1: a branch that folds twice ---------------------------------------
def test_fold_every_crossing_in_branch_order():
    game = NormalFormGame.from_arrays(FOLD_A, FOLD_B)
    branch = logit_path(game, lambdas=[0.01, 0.05, 0.1, 0.5, 1.0])
    assert branch.lambdas.tolist() == [0.01, 0.05, 0.1, 0.1, 0.1, 0.5, 1.0]
    assert dict(branch.crossings) == {0.01: 1, 0.05: 1, 0.1: 3, 0.5: 1, 1.0: 1}
    assert "crossed 3 times" in branch.status
    reference = reference_crossings(np.array([FOLD_A, FOLD_B]), [0.01, 0.05, 0.1, 0.5])
    assert [lam for lam, _ in reference] == pytest.approx(branch.lambdas[:-1].tolist(), rel=1e-12)
    for k, (_, point) in enumerate(reference):
        assert np.max(np.abs(branch.profiles[k] - point)) < 1e-8
    # the three points at lambda = 0.1 are distinct points of the branch
    assert np.max(np.abs(branch.profiles[2] - branch.profiles[3])) > 1e-3
    assert np.max(np.abs(branch.profiles[3] - branch.profiles[4])) > 1e-3


def test_fold_turning_points_match_gambit():
    game = NormalFormGame.from_arrays(FOLD_A, FOLD_B)
    branch = logit_path(game)
    lams = [q.lam for q in gbt.qre.logit_solve_branch(_gambit([FOLD_A, FOLD_B]))]
    turns = [lams[i + 1] for i in np.nonzero(np.diff(np.sign(np.diff(lams))))[0]]
    assert len(branch.folds) == len(turns) == 2
    assert branch.folds == pytest.approx(turns, abs=2e-3)


def test_fold_single_lambda_beyond_the_fold_and_the_limit():
    game = NormalFormGame.from_arrays(FOLD_A, FOLD_B)
    branch = logit_path(game, lambdas=[0.5])
    assert branch.lambdas.tolist() == [0.5]
    (unique,) = vertex_enumeration(game).equilibria
    result = logit_solve(game)
    assert result.converged and result.exact
    assert result[0].profile == unique.profile


def test_fold_with_a_dummy_third_player_solve_one():
    payoffs = np.zeros((3, 2, 3, 1), dtype=object)
    payoffs[0, :, :, 0], payoffs[1, :, :, 0] = FOLD_A, FOLD_B
    result = solve(NormalFormGame(payoffs), "one")
    assert result.converged and len(result) == 1
    assert result[0].profile == ((0, 1), (0, 0, 1), (1,))
    assert result.max_regret == 0


# -- reproduction 2: the branch must not jump ---------------------------------------------------
def test_no_branch_jump_and_the_limit_is_gambits():
    game = NormalFormGame.from_arrays(JUMP_A, JUMP_B)
    lambdas = [0.3, 0.5, 1.0]
    branch = logit_path(game, lambdas=lambdas)
    gambit_game = _gambit([JUMP_A, JUMP_B])
    theirs = gbt.qre.logit_solve_lambda(gambit_game, lam=lambdas)
    reference = reference_crossings(np.array([JUMP_A, JUMP_B]), lambdas)
    assert branch.lambdas.tolist() == lambdas
    assert [lam for lam, _ in reference] == pytest.approx(lambdas, rel=1e-12)
    for k, qre in enumerate(theirs):
        gambit_point = _flat(qre.profile, gambit_game)
        assert np.max(np.abs(branch.profiles[k] - gambit_point)) < 1e-8
        assert np.max(np.abs(branch.profiles[k] - reference[k][1])) < 1e-8
    result = logit_solve(game)
    # Gambit ends at row 1 against column 4; the index -1 mixed equilibrium is not a limit
    assert result.exact and result[0].profile == ((1, 0, 0), (0, 0, 0, 1))


# -- reproduction 3: no garbage at a requested lambda --------------------------------------------
def test_requested_point_is_a_qre_not_garbage():
    game = NormalFormGame(np.array(GARBAGE).reshape(3, 3, 3, 3))
    branch = logit_path(game, lambdas=[0.345])
    assert len(branch) == 1 and np.all((branch.profiles >= 0) & (branch.profiles <= 1))
    assert qre_residual(game, branch.profile(0), 0.345) < 1e-10
    gambit_game = _gambit(game.payoffs.astype(float))
    theirs = gbt.qre.logit_solve_lambda(gambit_game, lam=[0.345])
    reference = reference_crossings(game.payoffs.astype(float), [0.345])
    assert len(reference) == 1
    assert np.max(np.abs(branch.profiles[0] - reference[0][1])) < 1e-8
    assert np.max(np.abs(branch.profiles[0] - _flat(theirs[0].profile, gambit_game))) < 1e-8


# -- reproduction 4: the limit of the branch, not another equilibrium ---------------------------
def test_degenerate_limit_is_the_branch_limit():
    game = NormalFormGame.from_arrays(DEGENERATE_A, DEGENERATE_B)
    result = logit_solve(game)
    far = logit_path(game, lambdas=[100.0])
    assert result.converged and result.exact
    ours = np.concatenate(result[0].as_arrays())
    assert np.max(np.abs(ours - far.profiles[0])) < 1e-6
    gambit_game = _gambit([DEGENERATE_A, DEGENERATE_B])
    theirs = gbt.nash.logit_solve(gambit_game).equilibria[0]
    assert np.max(np.abs(ours - _flat(theirs, gambit_game))) < 1e-6


def _small_integer_game(seed):
    rng = np.random.default_rng(seed)
    shape = [(2, 2), (2, 3), (3, 3), (3, 4), (4, 4)][seed % 5]
    return rng.integers(-3, 4, size=(2, *shape))


@pytest.mark.parametrize(
    "block",
    [0, 1, pytest.param(2, marks=pytest.mark.slow), pytest.param(3, marks=pytest.mark.slow)],
)
def test_small_integer_games_return_their_own_branch_limit(block):
    """Issue 16 found 26 of 200 such games where the answer was not the branch's limit."""
    for seed in range(50 * block, 50 * block + 50):
        payoffs = _small_integer_game(seed)
        game = NormalFormGame(payoffs)
        result = logit_solve(game)
        if not result.converged:
            assert "no equilibrium returned" in " ".join(result.diagnostics)
            continue
        assert len(result) == 1
        ours = np.concatenate(result[0].as_arrays())
        branch = logit_path(game)  # to QRE regret 1e-8 of the payoff range
        # the branch approaches the returned point: close at the end, and closer than at a
        # tenth of the final lambda
        earlier = int(np.searchsorted(branch.lambdas, branch.lambdas[-1] / 10))
        near = np.max(np.abs(ours - branch.profiles[-1]))
        before = np.max(np.abs(ours - branch.profiles[earlier]))
        assert near < 1e-3 and near <= before * (1 + 1e-6) + 1e-9, seed
        if not result.degenerate:  # a regular limit of an exact game is exact
            assert result.exact, seed
        if result.degenerate:
            (component,) = result.components
            # vertex enumeration's maximal Nash subsets must hold the limit
            assert component["nash_subsets"], seed
            assert component["extreme_equilibria"], seed


# -- differential: 200+ seeded generic games against Gambit and the reference -------------------
SHAPES = [(2, 2), (2, 3), (3, 3), (3, 4), (2, 2, 2), (2, 2, 3)]
LAMBDAS = [0.2, 0.5, 1.0]


def _generic_game(seed):
    rng = np.random.default_rng(10_000 + seed)
    shape = SHAPES[seed % len(SHAPES)]
    return np.round(rng.normal(size=(len(shape), *shape)), 6)


def _check_branch_against_references(seed, lambdas):
    payoffs = _generic_game(seed)
    game = NormalFormGame(payoffs)
    branch = logit_path(game, lambdas=lambdas)
    reference = reference_crossings(payoffs, lambdas)
    assert [lam for lam, _ in reference] == pytest.approx(branch.lambdas.tolist(), rel=1e-12), seed
    for k, (_, point) in enumerate(reference):
        assert np.max(np.abs(branch.profiles[k] - point)) < 1e-7, seed
        assert qre_residual(game, branch.profile(k), branch.lambdas[k]) < 1e-9
    gambit_game = _gambit(payoffs)
    theirs = gbt.qre.logit_solve_lambda(gambit_game, lam=lambdas)
    first = {}
    for k, lam in enumerate(branch.lambdas):
        first.setdefault(float(lam), branch.profiles[k])
    gaps = [
        np.max(np.abs(first[lam] - _flat(q.profile, gambit_game)))
        for lam, q in zip(lambdas, theirs, strict=True)
    ]
    return max(gaps)


@pytest.mark.parametrize("block", range(8))
def test_branch_matches_gambit_and_reference_on_generic_games(block):
    gaps = [
        _check_branch_against_references(seed, LAMBDAS)
        for seed in range(25 * block, 25 * block + 25)
    ]
    # where Gambit differs, the reference continuation (checked above) sides with us; Gambit
    # must still agree on nearly all of these games
    assert sum(gap > 1e-6 for gap in gaps) <= 1, gaps


@pytest.mark.parametrize("block", range(8))
def test_limit_matches_gambit_on_generic_games(block):
    for seed in range(25 * block, 25 * block + 25):
        payoffs = _generic_game(seed)
        result = logit_solve(NormalFormGame(payoffs))
        assert result.converged and len(result) == 1, seed
        gambit_game = _gambit(payoffs)
        theirs = gbt.nash.logit_solve(gambit_game).equilibria[0]
        ours = np.concatenate(result[0].as_arrays())
        assert np.max(np.abs(ours - _flat(theirs, gambit_game))) < 1e-4, seed


def test_crossing_on_a_long_curved_step_is_located():
    # the slow sweep found this 2x3x4 game: the step over lambda = 4 is long and curved, and
    # Newton from the chord missed; the Hermite arc (or a finer re-trace) finds it
    _check_branch_against_references(1317, [0.5, 1.0, 2.0, 4.0])


@pytest.mark.slow
@pytest.mark.parametrize("block", range(20))
def test_branch_matches_references_large_sweep(block):
    for seed in range(1000 + 50 * block, 1000 + 50 * block + 50):
        _check_branch_against_references(seed, [0.5, 1.0, 2.0, 4.0])


# -- properties ---------------------------------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(
    normal_form_games(num_players=st.integers(2, 3), num_actions=st.integers(1, 3), bound=9),
    st.lists(st.floats(0.0, 3.0), min_size=1, max_size=3),
)
def test_every_returned_point_is_a_qre(game, lambdas):
    branch = logit_path(game, lambdas=lambdas)
    for k in range(len(branch)):
        profile = branch.profile(k)
        assert all(abs(v.sum() - 1) < 1e-12 and np.all(v >= 0) for v in profile)
        assert qre_residual(game, profile, branch.lambdas[k]) < 1e-8
    assert set(branch.lambdas.tolist()) <= set(lambdas)


@settings(max_examples=25, deadline=None)
@given(normal_form_games(num_players=st.integers(1, 4), num_actions=st.integers(1, 4), bound=9))
def test_lambda_zero_is_the_centroid(game):
    branch = logit_path(game, lambdas=[0.0])
    assert branch.lambdas.tolist() == [0.0]
    for vector, a in zip(branch.profile(0), game.shape, strict=True):
        assert vector == pytest.approx([1 / a] * a, abs=1e-15)


def test_exact_limit_is_rational():
    game = NormalFormGame.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    result = logit_solve(game)
    assert result.exact
    assert all(isinstance(p, Fraction) for sigma in result[0].profile for p in sigma)


def test_straight_through_a_bifurcation_point():
    # McKelvey and McLennan's game: players 1 and 2 stay at 1/2 along the branch, which
    # meets another branch at lambda ~ 0.637 (pygambit 16.7's tracer stops at 0.597 there)
    payoffs = np.zeros((3, 2, 2, 2), dtype=int)
    payoffs[:, 0, 0, 0], payoffs[:, 1, 1, 0] = (9, 8, 12), (9, 8, 2)
    payoffs[:, 1, 0, 1], payoffs[:, 0, 1, 1] = (3, 4, 6), (3, 4, 6)
    game = NormalFormGame(payoffs)
    lambdas = [0.5, 0.65, 1.0, 2.0]
    branch = logit_path(game, lambdas=lambdas)
    reference = reference_crossings(payoffs, lambdas)
    assert branch.lambdas.tolist() == lambdas and len(reference) == len(lambdas)
    for k, (_, point) in enumerate(reference):
        assert np.max(np.abs(branch.profiles[k] - point)) < 1e-8
    result = logit_solve(game)
    assert any("bifurcation" in note for note in result.diagnostics)
    assert [tuple(map(str, s)) for s in result[0].profile] == [
        ("1/2", "1/2"),
        ("1/2", "1/2"),
        ("1", "0"),
    ]
