r"""Iterated elimination of strictly dominated strategies (IESDS), pure and mixed.

Strict dominance
----------------
Let :math:`R_j` be the strategies of player :math:`j` still present and
:math:`R_{-i} = \prod_{j \ne i} R_j` the opponents' remaining profiles.  A strategy
:math:`s \in R_i` is *strictly dominated* when some mixture :math:`\sigma` over
:math:`R_i \setminus \{s\}` beats it against every remaining opponents' profile:

.. math::

    \sum_{t} \sigma_t \, u_i(t, s_{-i}) > u_i(s, s_{-i}) \qquad \forall s_{-i} \in R_{-i}.

With :math:`D_{t, p} = u_i(t, p) - u_i(s, p)` this is decided by the linear programme of
Conitzer and Sandholm (2005)

.. math::

    \varepsilon^* = \max_{\sigma \in \Delta(R_i \setminus \{s\}),\, \varepsilon} \varepsilon
    \quad \text{s.t.} \quad \sigma^\top D_{\cdot, p} \ge \varepsilon \quad \forall p,

and :math:`s` is dominated iff :math:`\varepsilon^* > 0`.  Its dual is
:math:`\min_{y \in \Delta(R_{-i})} \max_t (D y)_t`, so :math:`s` is *not* dominated iff it is a
best reply (among :math:`R_i`) to some belief :math:`y` over the opponents' profiles — a
correlated belief when there are three or more players (Pearce 1984, Lemma 3).  Cheap cases are
settled first, vectorised over all strategies: domination by a pure strategy
(:math:`\min_p D_{t,p} > 0` for some :math:`t`), and non-domination because :math:`s` is a best
reply to a pure profile.  The linear programme runs only for the strategies left undecided.

Schedule
--------
Each round removes, simultaneously, every strategy of every player that is strictly dominated
in the game left by the previous round; rounds repeat until none is.  For strict dominance the
set of surviving strategies does not depend on the order or speed of elimination (Gilboa, Kalai
and Zemel 1990), so this maximal schedule loses nothing and makes the round numbers canonical.
Records are listed by round, then player, then strategy index.  The witness ``by`` of each
record is a mixture that strictly dominates the strategy in the game at the start of its round;
it is chosen among the strategies that survive that round whenever one exists (it always does
mathematically: a strategy that is dominated is dominated by a mixture of undominated ones),
the pure dominator with the largest worst-case margin first, then the programme's solution.

If one strategy per player survives, the game is *dominance solvable* (Moulin 1979) and the
surviving profile is its unique Nash equilibrium, mixed ones included: an equilibrium never uses
a strictly dominated strategy, at any round (Fudenberg and Tirole 1991, Sec. 2.1).

Numbers
-------
Float mode eliminates :math:`s` iff a witness beats it by more than ``tol`` at every remaining
profile, the margin being recomputed from the payoffs for the witness the solver returned (HiGHS
through :func:`scipy.optimize.linprog`), never taken from the solver's objective.  Exact mode
eliminates only on a certificate checked with :class:`fractions.Fraction`: the witness is the
programme's solution rounded to nearby fractions or, failing that, the vertex recomputed exactly
from the solution's support and active constraints; a strategy is kept when a belief ``y`` to
which it is a best reply is verified the same way.  A strategy for which neither certificate
verifies is kept and named in the diagnostics: exact mode may eliminate less than the truth,
never more.

References
----------
Conitzer, V. and Sandholm, T. (2005). Complexity of (iterated) dominance. *Proceedings of the 6th
ACM Conference on Electronic Commerce*, 88-97.
Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, Section 2.1.
Gilboa, I., Kalai, E. and Zemel, E. (1990). On the order of eliminating dominated strategies.
*Operations Research Letters* 9(2), 85-89.
Moulin, H. (1979). Dominance solvable voting schemes. *Econometrica* 47(6), 1337-1351.
Pearce, D. G. (1984). Rationalizable strategic behavior and the problem of perfection.
*Econometrica* 52(4), 1029-1050.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from scipy.optimize import linprog

from dualdilemma.errors import InvalidParameterError, SolverError, UnsupportedGameError
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.solvers.regret import check_tol, collect_equilibria, to_exact_profile
from dualdilemma.solvers.result import Elimination, SolverResult

__all__ = ["iterated_dominance", "dominated_strategies"]

#: Relative size under which a float weight, belief entry or constraint slack counts as zero
#: when an exact certificate is rebuilt from the programme's solution.
_ZERO = 1e-9
#: Largest denominator tried when rounding the programme's solution to fractions.
_MAX_DENOMINATOR = 10**6
#: Bound on the elements of the broadcast tensor of pure-strategy margins (memory).
_BLOCK_ELEMENTS = 1 << 22
#: Integers below this size have differences that fit in int64.
_INT64_SAFE = 1 << 61
_HIGHS_OPTIONS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}

#: A witness: (local strategy index, weight) pairs with positive weights.
_Witness = tuple[tuple[int, Any], ...]


@dataclass(frozen=True)
class _Pass:
    """One player's dominated strategies in one game (local indices)."""

    witnesses: dict[int, _Witness]
    undecided: dict[int, str]


def iterated_dominance(
    game: NormalFormGame, *, mixed: bool = True, tol: float | None = None
) -> SolverResult:
    """Remove strictly dominated strategies of every player until none is left.

    Parameters
    ----------
    game
        Any finite normal-form game, with any number of players.
    mixed
        ``True`` (default) also tests domination by mixed strategies (one linear programme per
        undecided strategy); ``False`` tests domination by pure strategies only.
    tol
        Float mode: a strategy is eliminated only when beaten by more than ``tol`` at every
        remaining opponents' profile (default ``1e-9 * max(1, max|U|)``).  Ignored in exact
        mode, where domination must hold strictly and is verified with Fractions.

    Returns
    -------
    SolverResult
        ``eliminations`` in the order of removal (round, then player, then strategy), with
        strategy indices of the original game; ``reduced_game`` the game restricted to the
        survivors.  If one strategy per player survives, ``equilibria`` holds that profile, the
        game's unique Nash equilibrium, and ``complete`` is ``True``; otherwise ``equilibria``
        is empty, ``complete`` is ``False`` and the reduced game is left to an equilibrium
        solver (the diagnostics list the survivors).

    Notes
    -----
    All strategies dominated at a round are removed together (see the module docstring); by
    Gilboa, Kalai and Zemel (1990) the survivors are the same for every elimination order.
    The linear programme is that of Conitzer and Sandholm (2005).

    Examples
    --------
    The prisoner's dilemma is solved in one round:

    >>> from dualdilemma import NormalFormGame
    >>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                 strategies=[["C", "D"], ["C", "D"]])
    >>> result = iterated_dominance(pd)
    >>> [(e.player, e.strategy, e.round) for e in result.eliminations]
    [(0, 0, 1), (1, 0, 1)]
    >>> result[0].pure_profile(), result.complete
    ((1, 1), True)

    Row's ``b`` is beaten by no pure strategy but by the even mixture of ``t`` and ``m``:

    >>> g = NormalFormGame.from_arrays([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]],
    ...                                strategies=[["t", "m", "b"], ["L", "R"]])
    >>> result = iterated_dominance(g)
    >>> result.eliminations[0].by
    ((0, Fraction(1, 2)), (1, Fraction(1, 2)))
    >>> result.reduced_game.strategies
    (('t', 'm'), ('L', 'R'))
    >>> iterated_dominance(g, mixed=False).eliminations
    ()
    """
    _check_game(game)
    mixed = _check_mixed(mixed)
    tol_value = check_tol(tol, game)
    exact = game.exact
    n = game.num_players
    tensors, float_tensors = _player_tensors(game)
    alive = [list(range(a)) for a in game.shape]
    eliminations: list[Elimination] = []
    undecided_notes: list[str] = []
    programmes = 0
    round_number = 0
    while True:
        round_number += 1
        index = np.ix_(*alive)
        removed: list[list[int]] = []
        for i in range(n):
            found, solved = _player_pass(
                _player_matrix(tensors[i][index], i),
                _player_matrix(float_tensors[i][index], i),
                exact=exact,
                tol=tol_value,
                mixed=mixed,
            )
            programmes += solved
            for local, reason in sorted(found.undecided.items()):
                undecided_notes.append(
                    f"round {round_number}: could not decide whether strategy "
                    f"{game.strategies[i][alive[i][local]]!r} of {game.players[i]!r} is strictly "
                    f"dominated ({reason}); kept it"
                )
            for local in sorted(found.witnesses):
                eliminations.append(
                    Elimination(
                        player=i,
                        strategy=alive[i][local],
                        by=tuple((alive[i][t], w) for t, w in found.witnesses[local]),
                        round=round_number,
                    )
                )
            removed.append(sorted(found.witnesses))
        if not any(removed):
            break
        alive = [
            [s for local, s in enumerate(kept) if local not in gone]
            for kept, gone in zip(alive, map(set, removed), strict=True)
        ]
    rounds = round_number - 1
    reduced = game.restrict(alive)
    diagnostics = [
        f"{len(eliminations)} strateg{'y' if len(eliminations) == 1 else 'ies'} eliminated in "
        f"{rounds} round{'' if rounds == 1 else 's'} "
        f"({sum(e.mixed for e in eliminations)} by a mixed strategy); "
        f"{programmes} linear programme{'' if programmes == 1 else 's'} solved"
    ]
    diagnostics.extend(undecided_notes)
    survivors = "; ".join(
        f"{player}: {list(labels)}"
        for player, labels in zip(reduced.players, reduced.strategies, strict=True)
    )
    if all(len(kept) == 1 for kept in alive):
        profile = [
            [1 if s == kept[0] else 0 for s in range(a)]
            for kept, a in zip(alive, game.shape, strict=True)
        ]
        equilibria, rejected = collect_equilibria(game, [profile], tol=tol_value)
        if rejected:  # pragma: no cover - a dominance-solvable game's survivor is an equilibrium
            raise SolverError(
                f"the surviving profile {survivors} of iterated dominance failed verification"
            )
        complete = True
        diagnostics.append(
            f"dominance solvable: the surviving profile ({survivors}) is the unique Nash "
            "equilibrium"
        )
    else:
        equilibria, complete = (), False
        dims = "x".join(str(len(kept)) for kept in alive)
        diagnostics.append(
            f"not dominance solvable: the reduced {dims} game must be solved by an equilibrium "
            f"solver; surviving strategies {survivors}"
        )
    return SolverResult(
        method="iterated_dominance",
        parameters={
            "mixed": mixed,
            "tol": 0 if exact else tol_value,
            "schedule": "simultaneous",
        },
        exact=exact,
        equilibria=equilibria,
        complete=complete,
        diagnostics=tuple(diagnostics),
        eliminations=tuple(eliminations),
        reduced_game=reduced,
    )


def dominated_strategies(
    game: NormalFormGame, player: int, *, mixed: bool = True, tol: float | None = None
) -> tuple[Elimination, ...]:
    """One pass: the strategies of ``player`` strictly dominated in ``game`` as it stands.

    Parameters
    ----------
    game
        Any finite normal-form game.
    player
        Index of the player, from 0.
    mixed, tol
        As in :func:`iterated_dominance`.

    Returns
    -------
    tuple of Elimination
        One record per dominated strategy, in index order, each with ``round=1`` and a witness
        ``by`` (chosen among the player's undominated strategies when possible).  In exact mode
        a strategy whose status could not be verified is left out (use
        :func:`iterated_dominance` to see such cases in its diagnostics).

    Examples
    --------
    >>> from dualdilemma import NormalFormGame
    >>> g = NormalFormGame.from_arrays([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]])
    >>> dominated_strategies(g, 0)
    (Elimination(player=0, strategy=2, by=((0, Fraction(1, 2)), (1, Fraction(1, 2))), round=1),)
    >>> dominated_strategies(g, 1)
    ()
    """
    _check_game(game)
    mixed = _check_mixed(mixed)
    if (
        isinstance(player, bool)
        or not isinstance(player, int | np.integer)
        or not 0 <= player < game.num_players
    ):
        raise InvalidParameterError(
            f"player must be an index in 0..{game.num_players - 1}, got {player!r}"
        )
    tol_value = check_tol(tol, game)
    player = int(player)
    tensors, float_tensors = _player_tensors(game, only=player)
    found, _ = _player_pass(
        _player_matrix(tensors[player], player),
        _player_matrix(float_tensors[player], player),
        exact=game.exact,
        tol=tol_value,
        mixed=mixed,
    )
    return tuple(
        Elimination(player=player, strategy=s, by=found.witnesses[s], round=1)
        for s in sorted(found.witnesses)
    )


# -- validation --------------------------------------------------------------------------------
def _check_game(game: Any) -> None:
    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError(
            f"iterated dominance needs a NormalFormGame, got {type(game).__name__}"
        )


def _check_mixed(mixed: Any) -> bool:
    if not isinstance(mixed, bool | np.bool_):
        raise InvalidParameterError(f"mixed must be True or False, got {mixed!r}")
    return bool(mixed)


# -- one player, one game ------------------------------------------------------------------------
def _player_tensors(
    game: NormalFormGame, only: int | None = None
) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """Each player's payoff tensor for the dominance tests, and its float copy.

    In exact mode a player's payoffs are multiplied by the least common multiple of their
    denominators: domination is unchanged by a positive scale, and integers (``int64`` when
    small enough, Python ints otherwise) are much faster to compare than Fractions.
    """
    players = range(game.num_players) if only is None else [only]
    tensors, float_tensors = {}, {}
    for i in players:
        tensor = game.payoffs[i]
        if game.exact:
            float_tensors[i] = game.to_float().payoffs[i]  # the game's cached float twin
            tensors[i] = _integer_tensor(tensor)
        else:
            tensors[i] = float_tensors[i] = tensor
    return tensors, float_tensors


def _integer_tensor(tensor: np.ndarray) -> np.ndarray:
    """A positive integer multiple of a Fraction tensor (``int64`` if differences fit)."""
    flat = tensor.reshape(-1)
    scale = math.lcm(*(value.denominator for value in flat)) if flat.size else 1
    ints = [value.numerator * (scale // value.denominator) for value in flat]
    if max((abs(v) for v in ints), default=0) < _INT64_SAFE:
        return np.array(ints, dtype=np.int64).reshape(tensor.shape)
    out = np.empty(len(ints), dtype=object)
    out[:] = ints
    return out.reshape(tensor.shape)


def _player_matrix(tensor: np.ndarray, i: int) -> np.ndarray:
    """Player ``i``'s payoff tensor as a ``(strategies, opponents' profiles)`` matrix."""
    moved = np.moveaxis(tensor, i, 0)
    return moved.reshape(moved.shape[0], -1)


def _player_pass(
    u: np.ndarray, u_float: np.ndarray, *, exact: bool, tol: float, mixed: bool
) -> tuple[_Pass, int]:
    """Every strictly dominated row of ``u``, with witnesses among the undominated rows.

    Returns the pass and the number of linear programmes solved.
    """
    k = u.shape[0]
    if k < 2:
        return _Pass({}, {}), 0
    everyone = np.ones(k, dtype=bool)
    first, programmes = _find_dominated(u, u_float, range(k), everyone, exact, tol, mixed)
    dominated = set(first.witnesses)
    survivors = np.array([s not in dominated for s in range(k)])
    witnesses = dict(first.witnesses)
    for s, witness in first.witnesses.items():
        if all(survivors[t] for t, _ in witness):
            continue
        better, extra = _find_dominated(u, u_float, [s], survivors, exact, tol, mixed)
        programmes += extra
        if s in better.witnesses:
            witnesses[s] = better.witnesses[s]
    return _Pass(witnesses, first.undecided), programmes


def _find_dominated(
    u: np.ndarray,
    u_float: np.ndarray,
    targets: Sequence[int],
    allowed: np.ndarray,
    exact: bool,
    tol: float,
    mixed: bool,
) -> tuple[_Pass, int]:
    """For each target row ``s``, a witness over ``allowed`` rows (``s`` excluded), if any."""
    targets = list(targets)
    rows = np.flatnonzero(allowed)
    witnesses: dict[int, _Witness] = {}
    undecided: dict[int, str] = {}
    programmes = 0
    if len(rows) == 0 or not targets:
        return _Pass(witnesses, undecided), 0
    one: Any = Fraction(1) if exact else 1.0
    margins = _pure_margins(u[rows], u[targets])
    best_reply = u[rows].max(axis=0)
    threshold = 0 if exact else tol
    # s is a (weak) best reply to some pure profile: no mixture can beat it there.
    replies = (u[targets] >= best_reply - threshold).any(axis=1)
    # The first pure strategy of largest worst-case margin.  A target's margin against itself
    # is 0, which never exceeds the threshold, so it is never taken for its own dominator.
    best = np.argmax(margins, axis=0)
    pure = margins[best, np.arange(len(targets))] > threshold
    for j, s in enumerate(targets):
        if pure[j]:
            witnesses[s] = ((int(rows[best[j]]), one),)
            continue
        alternatives = rows[rows != s]
        if not mixed or len(alternatives) < 2 or replies[j]:
            continue
        programmes += 1
        solution = _solve_programme(u_float[alternatives] - u_float[s])
        if solution is None:
            undecided[s] = "the linear programme reported no optimum"
            continue
        if exact:
            difference = (u[alternatives] - u[s]).astype(object)  # Python ints: no overflow
            witness, reason = _exact_decision(difference, solution)
            if reason:
                undecided[s] = reason
        else:
            witness = _float_decision(u[alternatives] - u[s], solution, tol)
        if witness is not None:
            witnesses[s] = tuple((int(alternatives[t]), w) for t, w in enumerate(witness) if w != 0)
    return _Pass(witnesses, undecided), programmes


def _pure_margins(dominators: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """``M[a, j] = min_p dominators[a, p] - targets[j, p]``, broadcast in bounded blocks."""
    per_row = max(1, targets.shape[0] * targets.shape[1])
    block = max(1, _BLOCK_ELEMENTS // per_row)
    parts = [
        (dominators[start : start + block, None, :] - targets[None, :, :]).min(axis=2)
        for start in range(0, dominators.shape[0], block)
    ]
    return np.concatenate(parts, axis=0)


# -- the linear programme --------------------------------------------------------------------------
@dataclass(frozen=True)
class _Solution:
    """The programme's primal ``sigma``, value ``eps``, dual belief ``y`` and row slacks.

    ``eps`` and the slacks are in units of the scaled matrix ``D / scale``.
    """

    sigma: np.ndarray
    eps: float
    belief: np.ndarray
    slack: np.ndarray


def _solve_programme(d: np.ndarray) -> _Solution | None:
    r"""Solve :math:`\max \varepsilon` s.t. :math:`\sigma^\top D \ge \varepsilon`, :math:`\sigma`
    on the simplex, with HiGHS; ``None`` if the solver did not report an optimum."""
    k, m = d.shape
    scale = float(np.max(np.abs(d)))
    if scale == 0.0:  # the target ties every alternative everywhere: eps* = 0, any belief
        return _Solution(np.full(k, 1.0 / k), 0.0, np.full(m, 1.0 / m), np.zeros(m))
    scaled = d / scale
    cost = np.zeros(k + 1)
    cost[-1] = -1.0
    a_ub = np.hstack([-scaled.T, np.ones((m, 1))])
    a_eq = np.ones((1, k + 1))
    a_eq[0, -1] = 0.0
    bounds = [(0.0, None)] * k + [(None, None)]
    res = linprog(
        cost,
        A_ub=a_ub,
        b_ub=np.zeros(m),
        A_eq=a_eq,
        b_eq=np.ones(1),
        bounds=bounds,
        method="highs",
        options=_HIGHS_OPTIONS,
    )
    if res.status != 0:
        return None
    return _Solution(
        sigma=np.asarray(res.x[:k], dtype=float),
        eps=float(res.x[-1]),
        belief=-np.asarray(res.ineqlin.marginals, dtype=float),
        slack=np.asarray(res.ineqlin.residual, dtype=float),
    )


def _float_decision(d: np.ndarray, solution: _Solution, tol: float) -> tuple | None:
    """The programme's mixture if it beats the target by more than ``tol`` everywhere."""
    raw = np.clip(solution.sigma, 0.0, None)
    cleaned = np.where(raw < _ZERO, 0.0, raw)
    for sigma in (cleaned, raw):
        if sigma.sum() <= 0:
            continue
        sigma = sigma / sigma.sum()
        if float((sigma @ d).min()) > tol:
            return tuple(float(w) for w in sigma)
    return None


def _exact_decision(d: np.ndarray, solution: _Solution) -> tuple[tuple | None, str]:
    """``(witness, "")`` if domination verifies exactly, ``(None, "")`` if non-domination does
    (a belief to which the target is a best reply), ``(None, reason)`` if neither does."""
    witness = _exact_primal(d, solution)
    if witness is not None:
        return witness, ""
    if _exact_dual(d, solution):
        return None, ""
    return None, f"float margin {solution.eps:.3g} of the scaled programme"


def _exact_primal(d: np.ndarray, solution: _Solution) -> tuple | None:
    """A mixture ``sigma`` with ``sigma @ d > 0`` exactly, from the float solution."""
    for sigma in _primal_candidates(d, solution):
        if _on_simplex(sigma) and min(np.dot(_common_numerators(sigma), d)) > 0:
            return tuple(Fraction(w) for w in sigma)
    return None


def _exact_dual(d: np.ndarray, solution: _Solution) -> bool:
    """Whether a belief ``y`` with ``max(d @ y) <= 0`` (target a best reply) verifies exactly."""
    for belief in _dual_candidates(d, solution):
        if _on_simplex(belief) and max(np.dot(d, _common_numerators(belief))) <= 0:
            return True
    return False


def _on_simplex(weights: Sequence[Fraction]) -> bool:
    return all(w >= 0 for w in weights) and sum(weights) == 1


def _common_numerators(weights: Sequence[Fraction]) -> np.ndarray:
    """``L * weights`` as Python ints, ``L`` the common denominator (signs are unchanged)."""
    common = math.lcm(*(Fraction(w).denominator for w in weights))
    out = np.empty(len(weights), dtype=object)
    out[:] = [int(Fraction(w) * common) for w in weights]
    return out


def _primal_candidates(d: np.ndarray, solution: _Solution):
    yield list(to_exact_profile([solution.sigma], _MAX_DENOMINATOR)[0])
    support = np.flatnonzero(solution.sigma > _ZERO)
    active = np.flatnonzero(solution.slack <= _ZERO)
    if len(support) == 0:
        return
    # sum_t D[t, p] sigma_t - eps = 0 on active rows p; sum_t sigma_t = 1.
    matrix = [[d[t, p] for t in support] + [Fraction(-1)] for p in active]
    matrix.append([Fraction(1)] * len(support) + [Fraction(0)])
    rhs = [Fraction(0)] * len(active) + [Fraction(1)]
    values = _solve_exact(matrix, rhs)
    if values is not None:
        sigma = [Fraction(0)] * d.shape[0]
        for t, w in zip(support, values, strict=False):
            sigma[t] = w
        yield sigma


def _dual_candidates(d: np.ndarray, solution: _Solution):
    yield list(to_exact_profile([solution.belief], _MAX_DENOMINATOR)[0])
    support = np.flatnonzero(solution.belief > _ZERO)
    tight = np.flatnonzero(solution.sigma > _ZERO)
    if len(support) == 0:
        return
    # sum_p D[t, p] y_p - v = 0 on the primal support t; sum_p y_p = 1.
    matrix = [[d[t, p] for p in support] + [Fraction(-1)] for t in tight]
    matrix.append([Fraction(1)] * len(support) + [Fraction(0)])
    rhs = [Fraction(0)] * len(tight) + [Fraction(1)]
    values = _solve_exact(matrix, rhs)
    if values is not None:
        belief = [Fraction(0)] * d.shape[1]
        for p, w in zip(support, values, strict=False):
            belief[p] = w
        yield belief


def _solve_exact(matrix: list[list[Any]], rhs: list[Any]) -> list[Fraction] | None:
    """A solution of ``matrix @ x = rhs`` in Fractions (free variables set to 0), or ``None``
    if the system is inconsistent.  Gauss-Jordan elimination."""
    width = len(matrix[0])
    rows = [[Fraction(x) for x in row] + [Fraction(b)] for row, b in zip(matrix, rhs, strict=True)]
    pivots: list[int] = []
    r = 0
    for c in range(width):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        inverse = 1 / rows[r][c]
        rows[r] = [x * inverse for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(c)
        r += 1
        if r == len(rows):
            break
    if any(row[-1] != 0 for row in rows[r:]):
        return None
    x = [Fraction(0)] * width
    for i, c in enumerate(pivots):
        x[c] = rows[i][-1]
    return x
