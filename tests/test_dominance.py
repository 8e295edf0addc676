"""Iterated elimination of strictly dominated strategies: known answers, certificates checked
independently, differential tests against pygambit, and invariance properties."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pygambit as gbt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from dualdilemma import (
    Elimination,
    InvalidParameterError,
    NormalFormGame,
    UnsupportedGameError,
)
from dualdilemma.solvers import dominance
from dualdilemma.solvers.dominance import dominated_strategies, iterated_dominance

F = Fraction


# -- games ---------------------------------------------------------------------------------------
def prisoners_dilemma() -> NormalFormGame:
    """Rapoport and Chammah (1965); Gibbons (1992), Sec. 1.1.A: Defect strictly dominates."""
    return NormalFormGame.from_arrays(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"], ["C", "D"]]
    )


def mixed_only() -> NormalFormGame:
    """The textbook game in which ``b`` is dominated only by the mixture of ``t`` and ``m``
    (rows t = (3, 0), m = (0, 3), b = (1, 1); e.g. the 'Rationalizability' entry of Wikipedia,
    cf. Fudenberg and Tirole 1991, Sec. 2.1).  Column's payoffs are constant."""
    return NormalFormGame.from_arrays(
        [[3, 0], [0, 3], [1, 1]],
        [[0, 0], [0, 0], [0, 0]],
        strategies=[["t", "m", "b"], ["L", "R"]],
    )


def mixed_then_chain() -> NormalFormGame:
    """Constructed from :func:`mixed_only`: column's R pays only against b (5), L pays 1
    against t and m.  Round 1: b (mixture); round 2: R (by L, 1 > 0 twice); round 3: m (by t,
    3 > 0 against L).  Solution (t, L)."""
    return NormalFormGame.from_arrays(
        [[3, 0], [0, 3], [1, 1]],
        [[1, 0], [1, 0], [0, 5]],
        strategies=[["t", "m", "b"], ["L", "R"]],
    )


def gibbons() -> NormalFormGame:
    """Gibbons (1992), A Primer in Game Theory, Sec. 1.1.B: Right is dominated by Middle,
    then Down by Up, then Left by Middle; the solution is (Up, Middle)."""
    return NormalFormGame.from_arrays(
        [[1, 1, 0], [0, 0, 2]],
        [[0, 2, 1], [3, 1, 0]],
        strategies=[["Up", "Down"], ["Left", "Middle", "Right"]],
    )


def witness_among_survivors() -> NormalFormGame:
    """Constructed: c = (18, 18) is beaten purely only by b = (19, 19), and b by the even mix of
    a = (40, 0) and d = (0, 40); both b and c go in round 1, so c's witness must be that mix."""
    return NormalFormGame.from_arrays(
        [[40, 0], [0, 40], [19, 19], [18, 18]],
        [[0, 0]] * 4,
        strategies=[["a", "d", "b", "c"], ["L", "R"]],
    )


def three_player_chain() -> NormalFormGame:
    """Constructed 3-player game with actions {0, 1}: u3 = [s3 = 1], u2 = [s2 = s3],
    u1 = [s1 = s2].  Player 3's 0 goes in round 1, then player 2's 0, then player 1's 0."""
    payoffs = np.zeros((3, 2, 2, 2), dtype=int)
    for s1, s2, s3 in itertools.product(range(2), repeat=3):
        payoffs[:, s1, s2, s3] = [int(s1 == s2), int(s2 == s3), int(s3 == 1)]
    return NormalFormGame(payoffs)


def three_player_mixed() -> NormalFormGame:
    """Constructed 3-player game: player 1's b = 1 at every opponents' profile, t = 3 when
    player 2 plays 0 and m = 3 when player 2 plays 1 (0 otherwise): b is beaten only by the even
    mixture of t and m.  Players 2 and 3 are indifferent."""
    payoffs = np.zeros((3, 3, 2, 2), dtype=int)
    payoffs[0, 0, 0, :] = 3
    payoffs[0, 1, 1, :] = 3
    payoffs[0, 2, :, :] = 1
    return NormalFormGame(payoffs, strategies=[["t", "m", "b"], ["0", "1"], ["0", "1"]])


def public_good(n: int, m: Fraction, levels: tuple[int, ...] = (0, 1, 2), w: int = 2):
    """Linear public good (MODEL.md s.6; Olson 1965, Ledyard 1995):
    pi_i = w - g_i + m * sum_j g_j with contributions g_i in ``levels``."""
    shape = (len(levels),) * n
    payoffs = np.empty((n, *shape), dtype=object)
    for profile in np.ndindex(*shape):
        g = [levels[k] for k in profile]
        for i in range(n):
            payoffs[(i, *profile)] = w - g[i] + m * sum(g)
    labels = [[f"g={level}" for level in levels]] * n
    return NormalFormGame(payoffs, strategies=labels, exact=True)


def majority_vote() -> NormalFormGame:
    """Osborne (2004), An Introduction to Game Theory, Ch. 2 (voting): three voters, two
    candidates, majority rule; voters 1 and 2 prefer A, voter 3 prefers B (payoff 1 if the
    preferred candidate wins).  Voting for the less preferred candidate is weakly but not
    strictly dominated (a vote is pivotal only when the others split)."""
    payoffs = np.zeros((3, 2, 2, 2), dtype=int)
    for votes in itertools.product(range(2), repeat=3):  # 0 = A, 1 = B
        winner = int(sum(votes) >= 2)
        payoffs[:, votes[0], votes[1], votes[2]] = [winner == 0, winner == 0, winner == 1]
    return NormalFormGame(payoffs, strategies=[["A", "B"]] * 3)


def weakly_dominated() -> NormalFormGame:
    """Row's Down ties Up against Left and loses against Right: weak, not strict."""
    return NormalFormGame.from_arrays([[1, 1], [1, 0]], [[1, 1], [1, 1]])


def duplicate_strategies() -> NormalFormGame:
    """Two identical rows never dominate each other (ties are not strict)."""
    return NormalFormGame.from_arrays([[2, 0], [2, 0], [0, 1]], [[0, 1], [0, 1], [1, 0]])


def one_player() -> NormalFormGame:
    """A decision problem: the strategies paying 1 are dominated by the first maximum."""
    return NormalFormGame(np.array([[3, 1, 3, 1]]))


@dataclass(frozen=True)
class Case:
    factory: Callable[[], NormalFormGame]
    #: (player, strategy, round) in order of elimination.
    eliminated: list[tuple[int, int, int]]
    #: Pure profile of the unique equilibrium, or None if not dominance solvable.
    solution: tuple[int, ...] | None
    mixed: bool = True
    #: Expected witnesses {(player, strategy): by}; others are only checked independently.
    witnesses: dict | None = None


CASES = [
    pytest.param(Case(prisoners_dilemma, [(0, 0, 1), (1, 0, 1)], (1, 1)), id="prisoners-dilemma"),
    pytest.param(
        Case(mixed_only, [(0, 2, 1)], None, witnesses={(0, 2): ((0, F(1, 2)), (1, F(1, 2)))}),
        id="mixed-only",
    ),
    pytest.param(Case(mixed_only, [], None, mixed=False), id="mixed-only-pure-tests"),
    pytest.param(
        Case(mixed_then_chain, [(0, 2, 1), (1, 1, 2), (0, 1, 3)], (0, 0)), id="mixed-then-chain"
    ),
    pytest.param(
        Case(
            gibbons,
            [(1, 2, 1), (0, 1, 2), (1, 0, 3)],
            (0, 1),
            witnesses={(1, 2): ((1, F(1)),), (0, 1): ((0, F(1)),), (1, 0): ((1, F(1)),)},
        ),
        id="gibbons-three-rounds",
    ),
    pytest.param(
        Case(
            witness_among_survivors,
            [(0, 2, 1), (0, 3, 1)],
            None,
            witnesses={
                (0, 2): ((0, F(1, 2)), (1, F(1, 2))),
                (0, 3): ((0, F(1, 2)), (1, F(1, 2))),
            },
        ),
        id="witness-among-survivors",
    ),
    pytest.param(
        Case(three_player_chain, [(2, 0, 1), (1, 0, 2), (0, 0, 3)], (1, 1, 1)),
        id="three-player-chain",
    ),
    pytest.param(
        Case(
            three_player_mixed,
            [(0, 2, 1)],
            None,
            witnesses={(0, 2): ((0, F(1, 2)), (1, F(1, 2)))},
        ),
        id="three-player-mixed",
    ),
    pytest.param(
        Case(
            lambda: public_good(3, F(1, 2)),
            [(i, s, 1) for i in range(3) for s in (1, 2)],
            (0, 0, 0),
            witnesses={(i, s): ((0, F(1)),) for i in range(3) for s in (1, 2)},
        ),
        id="public-good-free-ride-m<1",
    ),
    pytest.param(
        Case(
            lambda: public_good(4, F(3, 10), levels=(0, 1)),
            [(i, 1, 1) for i in range(4)],
            (0, 0, 0, 0),
        ),
        id="public-good-dilemma-4-players",
    ),
    pytest.param(
        Case(
            lambda: public_good(3, F(3, 2)),
            [(i, s, 1) for i in range(3) for s in (0, 1)],
            (2, 2, 2),
        ),
        id="public-good-contribute-m>1",
    ),
    pytest.param(Case(lambda: public_good(3, F(1)), [], None), id="public-good-indifferent-m=1"),
    pytest.param(Case(majority_vote, [], None), id="voting-weak-only"),
    pytest.param(Case(weakly_dominated, [], None), id="weak-dominance-kept"),
    pytest.param(Case(weakly_dominated, [], None, mixed=False), id="weak-dominance-kept-pure"),
    pytest.param(Case(duplicate_strategies, [], None), id="duplicates-kept"),
    pytest.param(
        Case(lambda: NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]), [], None),
        id="matching-pennies",
    ),
    pytest.param(
        Case(one_player, [(0, 1, 1), (0, 3, 1)], None, witnesses={(0, 1): ((0, F(1)),)}),
        id="one-player",
    ),
]


# -- independent checks ----------------------------------------------------------------------------
def alive_before(game: NormalFormGame, result, round_number: int) -> list[list[int]]:
    """Strategies present at the start of ``round_number``, rebuilt from the records."""
    gone = {(e.player, e.strategy) for e in result.eliminations if e.round < round_number}
    return [[s for s in range(a) if (i, s) not in gone] for i, a in enumerate(game.shape)]


def beats(game: NormalFormGame, player: int, alive, strategy: int, by, margin=0) -> bool:
    """Whether the mixture ``by`` beats ``strategy`` by more than ``margin`` at every profile of
    the others' ``alive`` strategies (a plain loop, no shared code with the solver)."""
    others = [alive[j] for j in range(game.num_players) if j != player]
    for rest in itertools.product(*others):

        def u(s, rest=rest):
            profile = list(rest)
            profile.insert(player, s)
            return game.payoffs[(player, *profile)]

        if not sum(w * u(t) for t, w in by) > u(strategy) + margin:
            return False
    return True


def best_reply_belief_value(game: NormalFormGame, player: int, alive, strategy: int) -> float:
    """min over beliefs y on the others' alive profiles of max_t E_y[u(t) - u(strategy)]:
    <= 0 iff ``strategy`` is a best reply to some belief (Pearce 1984), i.e. undominated."""
    others = [alive[j] for j in range(game.num_players) if j != player]
    profiles = list(itertools.product(*others))
    rows = []
    for t in alive[player]:
        row = []
        for rest in profiles:
            a, b = list(rest), list(rest)
            a.insert(player, t)
            b.insert(player, strategy)
            row.append(float(game.payoffs[(player, *a)]) - float(game.payoffs[(player, *b)]))
        rows.append(row)
    d = np.array(rows)
    m = len(profiles)
    res = linprog(
        np.r_[np.zeros(m), 1.0],
        A_ub=np.hstack([d, -np.ones((len(rows), 1))]),
        b_ub=np.zeros(len(rows)),
        A_eq=np.r_[np.ones(m), 0.0][None, :],
        b_eq=[1.0],
        bounds=[(0, None)] * m + [(None, None)],
        method="highs",
    )
    assert res.status == 0
    return float(res.fun)


def survivors(result) -> list[list[int]]:
    game = result.reduced_game
    return [list(labels) for labels in game.strategies]


def surviving_indices(game: NormalFormGame, result) -> list[list[int]]:
    gone = {(e.player, e.strategy) for e in result.eliminations}
    return [[s for s in range(a) if (i, s) not in gone] for i, a in enumerate(game.shape)]


def check_certificates(game: NormalFormGame, result) -> None:
    """Every record is justified, the witness survives its round, and the end is a fixpoint."""
    exact = game.exact
    margin = 0 if exact else result.parameters["tol"]
    for e in result.eliminations:
        alive = alive_before(game, result, e.round)
        assert e.strategy in alive[e.player]
        support = [t for t, _ in e.by]
        assert e.strategy not in support
        assert all(t in alive[e.player] for t in support)
        weights = [w for _, w in e.by]
        assert all(w > 0 for w in weights)
        if exact:
            assert all(isinstance(w, Fraction) for w in weights)
            assert sum(weights) == 1
        else:
            assert sum(weights) == pytest.approx(1.0, abs=1e-9)
        assert beats(game, e.player, alive, e.strategy, e.by, margin)
        # the witness is made of strategies that survive the round
        gone_now = {(x.player, x.strategy) for x in result.eliminations if x.round == e.round}
        assert not any((e.player, t) in gone_now for t in support)
    final = surviving_indices(game, result)
    assert result.reduced_game == game.restrict(final)
    for i, kept in enumerate(final):
        for s in kept:
            # no pure strategy beats a survivor ...
            for t in kept:
                assert t == s or not beats(game, i, final, s, ((t, 1),), margin)
            # ... and a belief makes it a best reply (an independent dual check)
            if len(kept) > 1:
                assert best_reply_belief_value(game, i, final, s) <= 1e-7


# -- known answers -------------------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("exact", [True, False], ids=["exact", "float"])
def test_known_answers(case: Case, exact: bool) -> None:
    game = case.factory()
    game = game if exact else game.to_float()
    result = iterated_dominance(game, mixed=case.mixed)
    assert [(e.player, e.strategy, e.round) for e in result.eliminations] == case.eliminated
    assert result.method == "iterated_dominance"
    assert result.exact is exact
    assert result.parameters["mixed"] is case.mixed
    if case.witnesses:
        got = {(e.player, e.strategy): e.by for e in result.eliminations}
        for key, by in case.witnesses.items():
            assert [t for t, _ in got[key]] == [t for t, _ in by]
            if exact:
                assert got[key] == by
            else:
                assert [w for _, w in got[key]] == pytest.approx([float(w) for _, w in by])
    if case.mixed:
        check_certificates(game, result)
    if case.solution is None:
        assert result.equilibria == ()
        assert result.complete is False
        assert any("must be solved by an equilibrium solver" in d for d in result.diagnostics)
        for labels in result.reduced_game.strategies:
            assert str(list(labels)) in result.diagnostics[-1]
    else:
        assert result.complete is True
        assert len(result) == 1
        assert result[0].pure_profile() == case.solution
        assert result[0].max_regret == 0
        assert result.reduced_game.shape == (1,) * game.num_players


def test_public_good_is_a_dilemma() -> None:
    """With 1/n < m < 1 free riding is dominant although all contributing pays everyone more
    (MODEL.md s.6)."""
    n, m = 4, F(3, 10)
    game = public_good(n, m, levels=(0, 1))
    result = iterated_dominance(game)
    (equilibrium,) = result.equilibria
    assert equilibrium.payoffs == (2,) * n
    assert game.payoff((1,) * n) == (2 - 1 + m * n,) * n
    assert all(2 - 1 + m * n > p for p in equilibrium.payoffs)


def test_tiny_margin_exact_uses_exact_vertex() -> None:
    """Domination by 1e-13 with weights of denominator 1000003: exact mode must rebuild the
    vertex exactly (rounding to denominators <= 1e6 fails); float mode's tolerance keeps it."""
    p0, d = F(1, 1000003), F(1, 10**13)
    game = NormalFormGame.from_arrays([[1, 0], [0, 1], [p0 - d, 1 - p0 - d]], [[0, 0]] * 3)
    (record,) = iterated_dominance(game).eliminations
    assert record.by == ((0, p0), (1, 1 - p0))
    assert beats(game, 0, [[0, 1, 2], [0, 1]], 2, record.by)
    assert iterated_dominance(game.to_float()).eliminations == ()
    # with exact ties the mixture only weakly dominates: nothing may go
    tie = NormalFormGame.from_arrays([[1, 0], [0, 1], [p0, 1 - p0]], [[0, 0]] * 3)
    result = iterated_dominance(tie)
    assert result.eliminations == ()
    assert len(result.diagnostics) == 2  # summary and survivors: the tie was decided exactly


def _bad_programme(d):
    """A solver that lies: claims the first alternative wins with a large margin."""
    k, m = d.shape
    sigma = np.zeros(k)
    sigma[0] = 1.0
    return dominance._Solution(sigma=sigma, eps=1.0, belief=np.ones(m) / m, slack=np.zeros(m))


@pytest.mark.parametrize("exact", [True, False], ids=["exact", "float"])
def test_wrong_programme_never_eliminates(monkeypatch, exact) -> None:
    """If the linear programme returns a false witness, the check against the payoffs
    rejects it; in exact mode the strategy is kept and named in the diagnostics."""
    monkeypatch.setattr(dominance, "_solve_programme", _bad_programme)
    game = mixed_only() if exact else mixed_only().to_float()
    result = iterated_dominance(game)
    assert result.eliminations == ()
    if exact:
        # the fake belief (1/2, 1/2) makes b a best reply to nothing: undecided
        assert any("could not decide" in d and "'b'" in d for d in result.diagnostics)


@pytest.mark.parametrize("exact", [True, False], ids=["exact", "float"])
def test_failed_programme_is_reported(monkeypatch, exact) -> None:
    monkeypatch.setattr(dominance, "_solve_programme", lambda d: None)
    game = mixed_only() if exact else mixed_only().to_float()
    result = iterated_dominance(game)
    assert result.eliminations == ()
    assert any("no optimum" in d and "'b'" in d for d in result.diagnostics)


def test_dominated_strategies_single_pass() -> None:
    game = gibbons()
    assert dominated_strategies(game, 0) == ()  # Down is dominated only after Right goes
    assert dominated_strategies(game, 1) == (
        Elimination(player=1, strategy=2, by=((1, F(1)),), round=1),
    )
    (record,) = dominated_strategies(mixed_only(), np.int64(0))
    assert record.mixed and record.strategy == 2
    assert dominated_strategies(mixed_only(), 0, mixed=False) == ()


def test_to_dict_is_json() -> None:
    result = iterated_dominance(mixed_then_chain())
    data = json.loads(json.dumps(result.to_dict()))
    assert data["method"] == "iterated_dominance"
    assert data["eliminations"][0] == {
        "player": 0,
        "strategy": 2,
        "dominated_by": [[0, "1/2"], [1, "1/2"]],
        "round": 1,
    }
    assert data["equilibria"][0]["profile"] == [[1, 0, 0], [1, 0]]


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        pytest.param(lambda g: dominated_strategies(g, 2), InvalidParameterError, "got 2", id="p"),
        pytest.param(
            lambda g: dominated_strategies(g, True), InvalidParameterError, "True", id="bool"
        ),
        pytest.param(lambda g: dominated_strategies(g, -1), InvalidParameterError, "-1", id="neg"),
        pytest.param(
            lambda g: iterated_dominance(g, mixed="yes"), InvalidParameterError, "'yes'", id="mix"
        ),
        pytest.param(
            lambda g: iterated_dominance(g.to_float(), tol=-1.0),
            InvalidParameterError,
            "-1",
            id="tol",
        ),
        pytest.param(
            lambda g: iterated_dominance(g.payoffs), UnsupportedGameError, "ndarray", id="type"
        ),
    ],
)
def test_bad_arguments(call, error, fragment) -> None:
    with pytest.raises(error, match=fragment):
        call(prisoners_dilemma())


def test_tol_controls_float_margin() -> None:
    """A float game where Down loses by 0.001 everywhere: a larger tol keeps it."""
    game = NormalFormGame.from_arrays([[1.0, 2.0], [0.999, 1.999]], [[0.0, 0.0], [0.0, 0.0]])
    assert [e.strategy for e in iterated_dominance(game).eliminations] == [1]
    assert iterated_dominance(game, tol=0.01).eliminations == ()
    assert iterated_dominance(game, tol=0.01).parameters["tol"] == 0.01


# -- random games: differential and properties ---------------------------------------------
def random_game(rng: np.random.Generator, shape: tuple[int, ...]) -> NormalFormGame:
    """Integer payoffs = noise in 0..4 plus a random quality of one's own strategy, so that
    strict, weak and mixed domination all occur often."""
    n = len(shape)
    payoffs = rng.integers(0, 5, size=(n, *shape))
    for i in range(n):
        quality = rng.integers(0, 4, size=shape[i]) * rng.integers(0, 3)
        view = [1] * n
        view[i] = shape[i]
        payoffs[i] += quality.reshape(view)
    return NormalFormGame(payoffs)


def random_games(seed: int, count: int, players: int):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        shape = tuple(int(a) for a in rng.integers(1, 5 if players == 2 else 4, size=players))
        yield random_game(rng, shape)


def gambit_supports(game: NormalFormGame) -> list[list[set[int]]]:
    """Supports of pygambit's equilibria: all extreme equilibria (enummixed) for two players,
    all pure equilibria (enumpure) otherwise."""
    g = gbt.Game.from_arrays(
        *[np.asarray(game.payoffs[i], dtype=int) for i in range(len(game.shape))]
    )
    if game.num_players == 2:
        found = gbt.nash.enummixed_solve(g, rational=True).equilibria
    else:
        found = gbt.nash.enumpure_solve(g).equilibria
    return [
        [
            {s for s, strategy in enumerate(p.strategies) if Fraction(str(eq[strategy])) != 0}
            for p in g.players
        ]
        for eq in found
    ]


@pytest.mark.parametrize(("players", "seed", "count"), [(2, 11, 150), (3, 12, 120)])
def test_no_equilibrium_uses_an_eliminated_strategy(players, seed, count) -> None:
    solved = eliminated = 0
    for game in random_games(seed, count, players):
        result = iterated_dominance(game)
        gone = {(e.player, e.strategy) for e in result.eliminations}
        eliminated += len(gone)
        equilibria = gambit_supports(game)
        assert equilibria or players > 2  # every finite game has a (mixed) equilibrium
        for supports in equilibria:
            for i, support in enumerate(supports):
                assert not any((i, s) in gone for s in support)
        if result.complete:
            solved += 1
            (ours,) = result.equilibria
            expected = [{s} for s in ours.pure_profile()]
            assert equilibria == [expected]
    # the generator must exercise the solver, or the test could not fail
    assert eliminated > count and solved > count // 10


@pytest.mark.parametrize(("players", "seed"), [(2, 21), (3, 22)])
def test_exact_and_float_agree(players, seed) -> None:
    for game in random_games(seed, 80, players):
        exact = iterated_dominance(game)
        floating = iterated_dominance(game.to_float())
        assert [(e.player, e.strategy, e.round) for e in exact.eliminations] == [
            (e.player, e.strategy, e.round) for e in floating.eliminations
        ]
        assert exact.reduced_game.strategies == floating.reduced_game.strategies
        assert not any("could not decide" in d for d in exact.diagnostics)
        assert len(exact.equilibria) == len(floating.equilibria)


@st.composite
def games(draw, max_players: int = 3) -> NormalFormGame:
    """Small integer games, built valid by construction (1-3 players, 1-4 strategies)."""
    n = draw(st.integers(1, max_players))
    limit = 4 if n < 3 else 3
    shape = tuple(draw(st.lists(st.integers(1, limit), min_size=n, max_size=n)))
    size = n * int(np.prod(shape))
    noise = draw(st.lists(st.integers(-3, 3), min_size=size, max_size=size))
    payoffs = np.array(noise, dtype=int).reshape(n, *shape)
    for i in range(n):
        quality = draw(st.lists(st.integers(0, 4), min_size=shape[i], max_size=shape[i]))
        view = [1] * n
        view[i] = shape[i]
        payoffs[i] += np.array(quality).reshape(view)
    return NormalFormGame(payoffs)


def test_strategy_generates_varied_games() -> None:
    """The hypothesis strategy yields games of every player count with eliminations."""
    seen = {"players": set(), "eliminated": 0}

    @settings(max_examples=60, deadline=None, derandomize=True)
    @given(games())
    def collect(game):
        seen["players"].add(game.num_players)
        seen["eliminated"] += len(iterated_dominance(game, mixed=False).eliminations)

    collect()
    assert seen["players"] == {1, 2, 3}
    assert seen["eliminated"] > 20


def records(result) -> list[tuple[int, int, int]]:
    return [(e.player, e.strategy, e.round) for e in result.eliminations]


PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(games())
def test_certificates_on_random_games(game) -> None:
    result = iterated_dominance(game)
    check_certificates(game, result)
    # pure-only elimination is weaker: its survivors contain the mixed survivors
    pure = iterated_dominance(game, mixed=False)
    for weak, strong in zip(
        surviving_indices(game, pure), surviving_indices(game, result), strict=True
    ):
        assert set(strong) <= set(weak)
    # the single pass is round 1 of the iteration
    first = [e for e in result.eliminations if e.round == 1]
    assert [x for i in range(game.num_players) for x in dominated_strategies(game, i)] == first


@PROPERTY_SETTINGS
@given(
    games(),
    st.lists(st.fractions(min_value=F(1, 8), max_value=8, max_denominator=9), min_size=3),
    st.lists(st.integers(-50, 50), min_size=3),
    st.booleans(),
)
def test_invariant_under_positive_affine_transforms(game, scales, shifts, exact) -> None:
    n = game.num_players
    transformed = game.affine_transform(scales[:n], shifts[:n])
    if not exact:
        game, transformed = game.to_float(), transformed.to_float()
    before, after = iterated_dominance(game), iterated_dominance(transformed)
    assert records(after) == records(before)
    # pure witnesses (largest worst-case margin, first index) scale with the payoffs
    for x, y in zip(before.eliminations, after.eliminations, strict=True):
        if not x.mixed:
            assert x.by == y.by
    assert after.reduced_game.strategies == before.reduced_game.strategies


@PROPERTY_SETTINGS
@given(games(), st.randoms(use_true_random=False))
def test_invariant_under_relabelling(game, random) -> None:
    n = game.num_players
    perms = [random.sample(range(a), a) for a in game.shape]  # new position k holds old perm[k]
    payoffs = game.payoffs[np.ix_(range(n), *perms)]
    labels = [[game.strategies[i][s] for s in perm] for i, perm in enumerate(perms)]
    relabelled = NormalFormGame(payoffs, strategies=labels, exact=True)
    before, after = iterated_dominance(game), iterated_dominance(relabelled)
    mapped = {(e.player, perms[e.player][e.strategy], e.round) for e in after.eliminations}
    assert mapped == set(records(before))
    assert [set(s) for s in after.reduced_game.strategies] == [
        set(s) for s in before.reduced_game.strategies
    ]
    assert [eq.payoffs for eq in after.equilibria] == [eq.payoffs for eq in before.equilibria]
