r"""Equilibria of anonymous games: every pure equilibrium up to permutation, every symmetric one.

Pure equilibria
---------------
A pure profile of an :class:`~dualdilemma.games.anonymous.AnonymousGame` is, up to a permutation
of the identical players, the count vector :math:`n` of all :math:`N` players.  It is an
equilibrium iff nobody gains by switching:

.. math::

    u(j, n - e_j) \ge u(j', n - e_j) - \text{tol} \qquad \forall j : n_j > 0, \ \forall j'.

With :math:`g[j, c] = \max_{j'} u(j', c) - u(j, c)` computed once over the :math:`C` columns,
the test is one gather per action over all :math:`\binom{N+m-1}{m-1}` count vectors:
:math:`O(N m)` for two actions, with no Python loop (:func:`anonymous_pure_equilibria`).

Symmetric equilibria, two actions
---------------------------------
When the :math:`n = N - 1` others play :math:`a_1` with probability :math:`p`, the number who do
is binomial, and the payoff difference :math:`v_0(p) - v_1(p)` is a polynomial in Bernstein form

.. math::

    f(p) = \sum_{k=0}^{n} d_k \binom{n}{k} p^k (1-p)^{n-k}, \qquad d_k = u(0, k) - u(1, k).

Everybody playing :math:`(1-p, p)` is an equilibrium iff :math:`p \in (0, 1)` and
:math:`f(p) = 0`, or :math:`p = 0` and :math:`d_0 \ge 0`, or :math:`p = 1` and
:math:`d_n \le 0`.  The roots of :math:`f` in :math:`(0, 1)` are isolated by
:mod:`dualdilemma.solvers.root_isolation` (Descartes' rule on the Bernstein basis bounds their
number, which certifies completeness): in floating point, or exactly for rational payoffs and
:math:`n \le` :data:`EXACT_MAX_DEGREE`, when rational roots come back as Fractions (regret
exactly 0) and irrational ones as floats verified to the float tolerance with their exact value,
an :class:`~dualdilemma.solvers.root_isolation.ExactRoot`.  Above the degree bound the solver
falls back to float mode and says so (``exact=False``); :data:`EXACT_MAX_DEGREE` = 200 keeps a
solve under about a second (sympy's isolation dominates).

Symmetric equilibria, more actions
----------------------------------
Pure symmetric equilibria (all on one action) are checked directly.  For each pair of actions
:math:`\{a, b\}` (an *edge* of the simplex) the same method finds every :math:`p` with support
:math:`\{a, b\}` making :math:`a` and :math:`b` indifferent; the candidate is an equilibrium
iff no third action is better (decided exactly at irrational roots in exact mode).  A support
of three actions gives two polynomial equations in two unknowns; for :math:`N - 1 \le`
:data:`~dualdilemma.solvers.elimination.MAX_DEGREE` every interior solution is found by exact
resultant elimination (:mod:`dualdilemma.solvers.elimination`, whose docstring proves the
completeness) and verified against the game, so three-action games are certified complete.
Larger supports, and three-action supports above that degree or whose curves share a factor,
are searched numerically (``scipy.optimize.root`` from seeded random starting points); such
results are verified but not certified, the result then has ``complete=False`` and a
diagnostic says which part is certified.

If :math:`d \equiv 0` on an edge, every point of the edge makes :math:`a` and :math:`b`
indifferent: the equilibria on it form segments, cut where a third action becomes better.  The
result lists each segment's endpoints as equilibria and the segment as a pair of indices into
``equilibria`` in ``SolverResult.components``, and is marked degenerate.

Result representation
---------------------
``Equilibrium.profile`` lists one probability tuple per player, which is :math:`O(N^2)` for
large :math:`N`.  Here it lists one tuple per *role*, a group of players doing the same thing,
and :class:`AnonymousEquilibrium` (a subclass of
:class:`~dualdilemma.solvers.result.Equilibrium`) adds ``role_sizes``, the number of players in
each role:

* a pure equilibrium with count vector :math:`n` has one role per action in use, in action
  order: ``profile = (e_j, ...)``, ``role_sizes = (n_j, ...)``, ``payoffs`` = each role's
  payoff; ``counts`` recovers :math:`n`;
* a symmetric equilibrium has a single role: ``profile = (p,)``, ``role_sizes = (N,)``.

``expand()`` rebuilds the per-player profile for small games (one player per entry, roles in
order), which is how the tests compare with the normal form.

Verification
------------
:func:`~dualdilemma.solvers.regret.collect_equilibria` needs a normal-form game, which does not
exist for large :math:`N`; here every equilibrium is verified by recomputing its regret from
the anonymous payoffs (:meth:`AnonymousGame.pure_profile_regrets`,
:meth:`AnonymousGame.symmetric_values`): exactly 0 with Fractions in exact mode, at most
``tol`` otherwise, before it is returned.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from scipy.optimize import root
from scipy.special import xlogy

from dualdilemma._numbers import format_number
from dualdilemma.errors import InvalidParameterError, SolverError, UnsupportedGameError
from dualdilemma.games.anonymous import AnonymousGame, _composition_table, _rank, count_vectors
from dualdilemma.solvers.elimination import MAX_DEGREE as ELIMINATION_MAX_DEGREE
from dualdilemma.solvers.elimination import common_zeros_in_simplex
from dualdilemma.solvers.regret import check_tol, default_tol
from dualdilemma.solvers.result import Equilibrium, SolverResult, json_number, sort_key
from dualdilemma.solvers.root_isolation import (
    SUBDIVISION_MAX_DEGREE,
    BernsteinRoot,
    ExactRoot,
    exact_bernstein_roots,
    float_bernstein_roots,
    log_binomials,
    sign_at_algebraic,
)

__all__ = [
    "AnonymousEquilibrium",
    "ExactRoot",
    "EXACT_MAX_DEGREE",
    "SUBDIVISION_MAX_DEGREE",
    "anonymous_pure_equilibria",
    "anonymous_pure_equilibrium_mask",
    "symmetric_mixed_equilibria",
]

#: Largest ``N - 1`` for which symmetric equilibria of exact games are computed exactly.
EXACT_MAX_DEGREE = 200

#: Largest number of count vectors a numerical search over a support of 3+ actions may touch.
_MAX_SUPPORT_COLUMNS = 400_000


# -- result types ------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class AnonymousEquilibrium(Equilibrium):
    """An equilibrium of an anonymous game, one profile entry per role (see module docstring).

    Attributes
    ----------
    role_sizes
        Number of players in each role (they sum to ``N``).
    algebraic
        For an irrational symmetric equilibrium found in exact mode: the exact probability of
        each action (``Fraction`` or :class:`ExactRoot`); ``None`` otherwise.
    """

    role_sizes: tuple[int, ...] = ()
    algebraic: tuple[Any, ...] | None = None

    @property
    def num_players(self) -> int:
        return sum(self.role_sizes)

    @property
    def counts(self) -> tuple[int, ...] | None:
        """Count vector of all players (``counts[j]`` play action ``j``) if every role is pure."""
        if not self.is_pure:
            return None
        out = [0] * len(self.profile[0])
        for support, size in zip(self.supports, self.role_sizes, strict=True):
            out[support[0]] += size
        return tuple(out)

    @property
    def num_profiles(self) -> int:
        """Number of per-player profiles this entry stands for (a multinomial coefficient)."""
        total, out = 0, 1
        for size in self.role_sizes:
            total += size
            out *= math.comb(total, size)
        return out

    def expand(self) -> tuple[tuple[Any, ...], ...]:
        """The per-player profile (roles in order), for comparison with the normal form."""
        return tuple(
            sigma
            for sigma, size in zip(self.profile, self.role_sizes, strict=True)
            for _ in range(size)
        )

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["role_sizes"] = list(self.role_sizes)
        if self.algebraic is not None:
            out["algebraic"] = [
                a.to_dict() if isinstance(a, ExactRoot) else json_number(a) for a in self.algebraic
            ]
        return out

    def __repr__(self) -> str:
        roles = ", ".join(
            f"{size} x (" + ", ".join(format_number(p) for p in sigma) + ")"
            for sigma, size in zip(self.profile, self.role_sizes, strict=True)
        )
        return f"AnonymousEquilibrium([{roles}], max_regret={format_number(self.max_regret)})"


# -- pure equilibria ---------------------------------------------------------------------------
def _check_game(game: Any) -> AnonymousGame:
    if not isinstance(game, AnonymousGame):
        raise UnsupportedGameError(
            f"expected an AnonymousGame, got {type(game).__name__}; for a NormalFormGame use "
            "dualdilemma.solvers.pure_nash.pure_equilibria"
        )
    return game


def anonymous_pure_equilibrium_mask(
    game: AnonymousGame, tol: float | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """All count vectors of the ``N`` players and, for each, whether it is a pure equilibrium.

    Returns
    -------
    (totals, is_equilibrium, is_weak, regret)
        ``totals`` is the ``(K, m)`` int array of count vectors in decreasing lexicographic
        order; ``is_weak`` marks equilibria in which some player has an equally good
        alternative; ``regret`` is each profile's largest gain from switching.

    >>> game = AnonymousGame(3, [[3, 3, 3], [4, 4, 0]])
    >>> totals, is_eq, _, _ = anonymous_pure_equilibrium_mask(game)
    >>> totals[is_eq].tolist()
    [[1, 2]]
    """
    game = _check_game(game)
    tol_value = check_tol(tol, game)
    payoffs = game.payoffs
    n_players, m = game.num_players, game.num_actions
    gap = payoffs.max(axis=0)[None, :] - payoffs
    near = (gap == 0) if game.exact else (gap <= tol_value)
    best_count = near.sum(axis=0)
    totals = count_vectors(n_players, m)
    is_eq = np.ones(len(totals), dtype=bool)
    has_tie = np.zeros(len(totals), dtype=bool)
    regret = np.zeros(len(totals), dtype=payoffs.dtype)
    if game.exact:
        regret[:] = Fraction(0)
    table = _composition_table(n_players - 1, m) if m > 2 else None
    for j in range(m):
        present = totals[:, j] > 0
        others = totals[present]
        others[:, j] -= 1
        columns = _rank(others, n_players - 1, table)
        is_eq[present] &= near[j, columns]
        has_tie[present] |= best_count[columns] > 1
        regret[present] = np.maximum(regret[present], gap[j, columns])
    return totals, is_eq, is_eq & has_tie, regret


def anonymous_pure_equilibria(
    game: AnonymousGame, *, tol: float | None = None, limit: int | None = None
) -> SolverResult:
    """Every pure equilibrium of an anonymous game, up to permutation of the players.

    Parameters
    ----------
    game
        An :class:`~dualdilemma.games.anonymous.AnonymousGame`.
    tol
        Regret tolerance in float mode (default ``1e-9 * max(1, max|U|)``); ignored when exact.
    limit
        Return at most this many equilibria (``complete=False`` if more exist).

    Returns
    -------
    SolverResult
        ``method="anonymous_pure"``; one :class:`AnonymousEquilibrium` per equilibrium count
        vector (one role per action in use), in decreasing lexicographic order of the counts.
        ``degenerate`` is ``True`` when an equilibrium is weak, ``None`` otherwise.

    Notes
    -----
    With a fixed number of actions there are polynomially many count vectors, so checking each
    decides the pure equilibria of a symmetric game in polynomial time (Brandt, Fischer and
    Holzer 2009, "Symmetries and the complexity of pure Nash equilibrium", J. Comput. Syst.
    Sci. 75(3)); this is that check, vectorised.

    Examples
    --------
    In the three-player volunteer's dilemma exactly one player volunteers:

    >>> game = AnonymousGame(3, [[3, 3, 3], [4, 4, 0]], actions=["volunteer", "ignore"])
    >>> result = anonymous_pure_equilibria(game)
    >>> [eq.counts for eq in result]
    [(1, 2)]
    >>> result[0]
    AnonymousEquilibrium([1 x (1, 0), 2 x (0, 1)], max_regret=0)
    >>> result[0].num_profiles
    3
    """
    game = _check_game(game)
    tol_value = check_tol(tol, game)
    if limit is not None and (isinstance(limit, bool) or limit < 0):
        raise InvalidParameterError(f"limit must be >= 0 or None, got {limit!r}")
    totals, is_eq, is_weak, regret = anonymous_pure_equilibrium_mask(game, tol_value)
    found = np.flatnonzero(is_eq)
    diagnostics = [
        f"{len(found)} pure equilibri{'um' if len(found) == 1 else 'a'} (count vectors) among "
        f"{len(totals)} count vectors of {game.num_players} players"
    ]
    complete = True
    if limit is not None and len(found) > limit:
        diagnostics.append(f"returned the first {limit} of {len(found)} pure equilibria (limit)")
        found = found[:limit]
        complete = False
    weak = int(is_weak.sum())
    if weak:
        diagnostics.append(
            f"{weak} of them weak (a player has an equally good alternative): "
            "the game is degenerate"
        )
    recheck = game.pure_profile_regrets(totals[found]) if len(found) else regret[:0]
    bad = (recheck != 0) if game.exact else (recheck > tol_value)
    if np.any(bad):  # pragma: no cover - the mask and the regret are the same inequality
        raise SolverError("a pure equilibrium of an anonymous game failed verification")
    payoffs = game.payoffs
    n_players, m = game.num_players, game.num_actions
    one: Any = Fraction(1) if game.exact else 1.0
    zero: Any = Fraction(0) if game.exact else 0.0
    units = [tuple(one if s == j else zero for s in range(m)) for j in range(m)]
    role_columns = []
    for j in range(m):
        others = totals[found].copy()
        others[:, j] = np.maximum(others[:, j] - 1, 0)
        others[:, 0] += (n_players - 1) - others.sum(axis=1)  # only used where n_j > 0
        role_columns.append(_rank(others, n_players - 1))
    equilibria = []
    for row, index in enumerate(found):
        counts = totals[index]
        roles = [j for j in range(m) if counts[j] > 0]
        value = recheck[row]
        equilibria.append(
            AnonymousEquilibrium(
                profile=tuple(units[j] for j in roles),
                max_regret=value if game.exact else float(value),
                payoffs=tuple(
                    payoffs[j, role_columns[j][row]]
                    if game.exact
                    else float(payoffs[j, role_columns[j][row]])
                    for j in roles
                ),
                role_sizes=tuple(int(counts[j]) for j in roles),
            )
        )
    return SolverResult(
        method="anonymous_pure",
        parameters={
            "tol": tol_value if not game.exact else 0,
            "limit": limit,
            "num_players": n_players,
        },
        exact=game.exact,
        equilibria=tuple(equilibria),
        complete=complete,
        degenerate=bool(weak) or None,
        diagnostics=tuple(diagnostics),
    )


# -- symmetric equilibria ----------------------------------------------------------------------
@dataclass
class _Candidate:
    profile: tuple[Any, ...]
    exact: bool
    algebraic: tuple[Any, ...] | None = None
    weak: bool = False


class _Context:
    """Shared state of one call of :func:`symmetric_mixed_equilibria`."""

    def __init__(self, game: AnonymousGame, exact_mode: bool, tol: float) -> None:
        self.game = game
        self.fgame = game.to_float()
        self.exact_mode = exact_mode
        self.tol = tol
        self.ftol = tol if not game.exact else default_tol(self.fgame)
        self.n = game.num_players - 1
        self.m = game.num_actions
        # for two actions the game's cached log multinomial coefficients are the binomials
        two = self.m == 2
        self.log_binom = self.fgame._log_coefficients() if two else log_binomials(self.n)
        self.candidates: dict[Any, _Candidate] = {}
        self.components: list[tuple[Any, Any]] = []
        self.diagnostics: list[str] = []
        self.complete = True
        self.degenerate = False
        self.rejected = 0

    def unit(self, p_b: Any, a: int, b: int) -> tuple[Any, ...]:
        zero: Any = Fraction(0) if isinstance(p_b, Fraction) else 0.0
        out = [zero] * self.m
        out[a], out[b] = 1 - p_b, p_b
        return tuple(out)

    def edge_columns(self, a: int, b: int) -> np.ndarray:
        k = np.arange(self.n + 1, dtype=np.int64)
        counts = np.zeros((self.n + 1, self.m), dtype=np.int64)
        counts[:, a] = self.n - k
        counts[:, b] = k
        return _rank(counts, self.n)

    def values(self, profile: tuple[Any, ...], exact: bool) -> np.ndarray:
        return (self.game if exact else self.fgame).symmetric_values(profile)


def _classify(ctx: _Context, values: np.ndarray, support: Sequence[int], exact: bool) -> str:
    """``"ok"``, ``"weak"`` (an outside action ties) or ``"beaten"`` (one is better)."""
    inside = max(values[j] for j in support)
    outside = [values[j] for j in range(ctx.m) if j not in support]
    if not outside:
        return "ok"
    best = max(outside)
    if exact:
        return "beaten" if best > inside else ("weak" if best == inside else "ok")
    if best > inside + ctx.ftol:
        return "beaten"
    return "weak" if best >= inside - ctx.ftol else "ok"


def _vertex(ctx: _Context, a: int) -> None:
    one: Any = Fraction(1) if ctx.exact_mode else 1.0
    zero: Any = Fraction(0) if ctx.exact_mode else 0.0
    profile = tuple(one if j == a else zero for j in range(ctx.m))
    values = ctx.values(profile, ctx.exact_mode)
    status = _classify(ctx, values, [a], ctx.exact_mode)
    if status == "beaten":
        return
    ctx.candidates[("vertex", a)] = _Candidate(profile, ctx.exact_mode, weak=status == "weak")
    if status == "weak":
        ctx.degenerate = True


def _edge(ctx: _Context, a: int, b: int) -> None:
    columns = ctx.edge_columns(a, b)
    payoffs = ctx.game.payoffs if ctx.exact_mode else ctx.fgame.payoffs
    d = payoffs[a, columns] - payoffs[b, columns]
    label = f"{ctx.game.actions[a]}/{ctx.game.actions[b]}"
    if all(v == 0 for v in d):
        _segment(ctx, a, b, columns, label)
        return
    if ctx.exact_mode:
        roots, notes = exact_bernstein_roots(list(d), ctx.n)
        ctx.diagnostics.extend(f"edge {label}: {note}" for note in notes)
    else:
        roots, complete, note = float_bernstein_roots(np.asarray(d, dtype=float), ctx.log_binom)
        if not complete:
            ctx.complete = False
            ctx.diagnostics.append(
                f"edge {label}: {note}; roots may be missing (close pairs or tangencies the "
                "float search could not resolve)"
            )
    for index, r in enumerate(roots):
        if r.at_end:
            ctx.diagnostics.append(
                f"edge {label}: a root lies within floating-point resolution of "
                f"p={r.value:g}; it is represented by that end point"
            )
        if r.multiplicity > 1:
            ctx.degenerate = True
            ctx.diagnostics.append(
                f"edge {label}: p={r.value:.12g} is a "
                + ("tangency (|f| <= tol without a sign change)" if r.tangent else "multiple root")
                + ": a non-regular equilibrium"
            )
        _accept_root(ctx, a, b, r, ("edge", a, b, index), payoffs, columns)


def _accept_root(
    ctx: _Context,
    a: int,
    b: int,
    r: BernsteinRoot,
    key: Any,
    payoffs: np.ndarray,
    columns: np.ndarray,
) -> bool:
    """Verify the edge point ``p_b = r``; register it if it is an equilibrium."""
    if r.fraction is not None:
        profile = ctx.unit(r.fraction, a, b)
        values = ctx.values(profile, True)
        if values[a] != values[b]:  # pragma: no cover - the root makes them equal
            raise SolverError(f"exact root {r.fraction} does not equalise actions {a} and {b}")
        status = _classify(ctx, values, [a, b], True)
        if status == "beaten":
            return False
        ctx.candidates[key] = _Candidate(profile, True, weak=status == "weak")
        ctx.degenerate |= status == "weak"
        return True
    profile = ctx.unit(float(r.value), a, b)
    values = ctx.values(profile, False)
    algebraic = None
    if r.algebraic is not None:
        status = "ok"
        for j in range(ctx.m):
            if j in (a, b):
                continue
            sign = sign_at_algebraic(
                list(payoffs[j, columns] - payoffs[a, columns]), ctx.n, r.algebraic
            )
            if sign > 0:
                return False
            if sign == 0:
                status = "weak"
        zero = Fraction(0)
        exact_profile = [zero] * ctx.m
        exact_profile[b] = r.algebraic
        exact_profile[a] = r.algebraic.complemented()
        algebraic = tuple(exact_profile)
    else:
        status = _classify(ctx, values, [a, b], False)
        if status == "beaten":
            return False
    regret = max(0.0, float(values.max() - values @ np.asarray(profile)))
    if regret > ctx.ftol:
        ctx.rejected += 1
        ctx.complete = False
        ctx.diagnostics.append(
            f"a root p={r.value:.17g} of the indifference polynomial of actions {a} and {b} "
            f"failed verification (regret {regret:.3g} > tol {ctx.ftol:.3g})"
        )
        return False
    ctx.candidates[key] = _Candidate(profile, False, algebraic=algebraic, weak=status == "weak")
    ctx.degenerate |= status == "weak"
    if algebraic is not None:
        ctx.diagnostics.append(
            f"irrational equilibrium on edge {ctx.game.actions[a]}/{ctx.game.actions[b]}: "
            f"p({ctx.game.actions[b]}) = {r.algebraic.describe()}; float profile verified to "
            f"tol {ctx.ftol:.3g}, exact value in AnonymousEquilibrium.algebraic"
        )
    return True


def _segment(ctx: _Context, a: int, b: int, columns: np.ndarray, label: str) -> None:
    """``a`` and ``b`` tie along the whole edge: equilibria form segments (module docstring)."""
    ctx.degenerate = True
    payoffs = ctx.game.payoffs if ctx.exact_mode else ctx.fgame.payoffs
    breakpoints: list[BernsteinRoot] = []
    for j in range(ctx.m):
        if j in (a, b):
            continue
        e = payoffs[j, columns] - payoffs[a, columns]
        if ctx.exact_mode:
            roots, notes = exact_bernstein_roots(list(e), ctx.n)
            ctx.diagnostics.extend(f"edge {label}: {note}" for note in notes)
        else:
            roots, complete, note = float_bernstein_roots(np.asarray(e, dtype=float), ctx.log_binom)
            if not complete:
                ctx.complete = False
                ctx.diagnostics.append(f"edge {label}, action {j}: {note}")
        breakpoints.extend(roots)
    breakpoints.sort(key=lambda r: r.value)
    unique: list[BernsteinRoot] = []
    for r in breakpoints:
        if not unique or r.value - unique[-1].value > 1e-12:
            unique.append(r)
    values = [0.0] + [r.value for r in unique] + [1.0]
    exact_points: list[Fraction | None] = (
        [Fraction(0)] + [r.fraction for r in unique] + [Fraction(1)]
    )
    feasible = []
    for i in range(len(values) - 1):
        if ctx.exact_mode and exact_points[i] is not None and exact_points[i + 1] is not None:
            mid: Any = (exact_points[i] + exact_points[i + 1]) / 2
            profile = ctx.unit(mid, a, b)
            status = _classify(ctx, ctx.values(profile, True), [a, b], True)
        else:
            mid = Fraction((values[i] + values[i + 1]) / 2) if ctx.exact_mode else None
            mid_float = (values[i] + values[i + 1]) / 2
            if mid is not None:
                profile = ctx.unit(mid, a, b)
                status = _classify(ctx, ctx.values(profile, True), [a, b], True)
            else:
                profile = ctx.unit(mid_float, a, b)
                status = _classify(ctx, ctx.values(profile, False), [a, b], False)
        feasible.append(status != "beaten")
    keys: list[Any] = [("vertex", a) if ("vertex", a) in ctx.candidates else None]
    for i, point in enumerate(unique, start=1):
        if feasible[i - 1] and feasible[i]:
            keys.append(None)  # inside a segment: not an end point, not listed
            continue
        key = ("segment", a, b, i)
        accepted = _accept_root(ctx, a, b, point, key, payoffs, columns)
        keys.append(key if accepted else None)
    keys.append(("vertex", b) if ("vertex", b) in ctx.candidates else None)
    segments = 0
    i = 0
    while i < len(feasible):
        if not feasible[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(feasible) and feasible[j + 1]:
            j += 1
        lo_key, hi_key = keys[i], keys[j + 1]
        if lo_key is None or hi_key is None:  # pragma: no cover - closed sets keep endpoints
            ctx.complete = False
            ctx.diagnostics.append(f"edge {label}: a segment endpoint failed verification")
        else:
            ctx.components.append((lo_key, hi_key))
            segments += 1
        i = j + 1
    ctx.diagnostics.append(
        f"edge {label}: actions tie along the whole edge; {segments} segment(s) of symmetric "
        "equilibria (end points listed, segments in components)"
    )


def _larger_supports(
    ctx: _Context, max_support: int, starts: int, rng: np.random.Generator
) -> None:
    """Numerical search for symmetric equilibria with 3 or more actions in the support."""
    game, m = ctx.fgame, ctx.m
    counts = game.counts
    log_coef = game._log_coefficients()
    searched, skipped, certified, uncertified = 0, [], 0, []
    for size in range(3, max_support + 1):
        for support in itertools.combinations(range(m), size):
            if size == 3 and ctx.n <= ELIMINATION_MAX_DEGREE:
                if _three_action_support(ctx, support):
                    certified += 1
                    continue
                uncertified.append(support)
            outside = [j for j in range(m) if j not in support]
            mask = counts[:, outside].sum(axis=1) == 0 if outside else np.ones(len(counts), bool)
            rows = np.flatnonzero(mask)
            if len(rows) > _MAX_SUPPORT_COLUMNS:
                skipped.append(support)
                continue
            searched += 1
            sub_counts = counts[rows][:, list(support)]
            sub_coef = log_coef[rows]
            sub_payoffs = game.payoffs[:, rows]

            def equations(
                x: np.ndarray,
                sub_counts=sub_counts,
                sub_coef=sub_coef,
                sub_payoffs=sub_payoffs,
                support=support,
            ) -> np.ndarray:
                q = np.concatenate([[1.0 - x.sum()], x])
                q = np.clip(q, 1e-300, None)
                w = np.exp(sub_coef + xlogy(sub_counts, q[None, :]).sum(axis=1))
                v = sub_payoffs[list(support)] @ w
                return v[1:] - v[0]

            continuum = False
            for start in rng.dirichlet(np.ones(size), size=starts):
                solution = root(equations, start[1:], method="hybr")
                if not solution.success:
                    continue
                q = np.concatenate([[1.0 - solution.x.sum()], solution.x])
                if np.any(q <= 1e-9):  # on a face: supports of fewer actions cover it
                    continue
                profile = [0.0] * m
                for j, value in zip(support, q, strict=True):
                    profile[j] = float(value)
                key = ("support", support, tuple(np.round(q, 9)))
                if any(
                    k[0] == "support"
                    and k[1] == support
                    and max(abs(u - v) for u, v in zip(k[2], key[2], strict=True)) < 1e-7
                    for k in ctx.candidates
                ):
                    continue
                jacobian = _jacobian(equations, solution.x)
                singular = np.linalg.cond(jacobian) > 1e10 if jacobian.size else False
                if singular and continuum:
                    continue
                if not _accept_numeric(ctx, tuple(profile), support, key):
                    continue
                if singular:
                    continuum = True
                    ctx.degenerate = True
                    ctx.diagnostics.append(
                        f"support {support}: singular Jacobian at a solution, probably a "
                        "continuum of equilibria; one representative returned"
                    )
    if certified:
        ctx.diagnostics.append(
            f"{certified} support(s) of 3 actions solved by exact resultant elimination "
            "(certified complete, dualdilemma.solvers.elimination)"
        )
    if searched or skipped:
        ctx.complete = False
        ctx.diagnostics.append(
            f"{searched} support(s) of 3 to {max_support} actions searched numerically "
            f"({starts} starts each): verified but not certified complete; supports of 1 and 2 "
            "actions are certified"
            + (
                f"; of 3 actions certified only for N - 1 <= {ELIMINATION_MAX_DEGREE}"
                if ctx.n > ELIMINATION_MAX_DEGREE
                else ""
            )
            + (f"; not certified (curves share a factor): {uncertified}" if uncertified else "")
            + (f"; skipped (too many count vectors): {skipped}" if skipped else "")
        )


def _support_polynomials(
    ctx: _Context, support: Sequence[int]
) -> tuple[dict[tuple[int, int], Fraction], dict[tuple[int, int], Fraction]]:
    r"""The indifference polynomials :math:`v_b - v_a` and :math:`v_c - v_a` of a 3-support.

    With :math:`(1 - x - y, x, y)` on the support :math:`(a, b, c)` and :math:`n` others,
    :math:`v_j = \sum_{i + k + l = n} u(j, (i, k, l)) \binom{n}{i, k, l} (1-x-y)^i x^k y^l`,
    expanded exactly (float payoffs are converted to the rationals they represent).
    """
    n, m = ctx.n, ctx.m
    a, b, c = support
    payoffs = ctx.game.payoffs if ctx.game.exact else ctx.fgame.payoffs
    triples = [(i, k, n - i - k) for i in range(n + 1) for k in range(n + 1 - i)]
    counts = np.zeros((len(triples), m), dtype=np.int64)
    for row, (i, k, rest) in enumerate(triples):
        counts[row, a], counts[row, b], counts[row, c] = i, k, rest
    columns = _rank(counts, n)
    f1: dict[tuple[int, int], Fraction] = {}
    f2: dict[tuple[int, int], Fraction] = {}
    for (i, k, rest), column in zip(triples, columns, strict=True):
        weight = Fraction(
            math.factorial(n), math.factorial(i) * math.factorial(k) * math.factorial(rest)
        )
        base = Fraction(payoffs[a, column])
        d1 = (Fraction(payoffs[b, column]) - base) * weight
        d2 = (Fraction(payoffs[c, column]) - base) * weight
        if d1 == 0 and d2 == 0:
            continue
        # (1 - x - y)^i = sum over r + s <= i of i!/(r! s! (i-r-s)!) (-x)^r (-y)^s
        for r in range(i + 1):
            for t in range(i + 1 - r):
                expand = Fraction(
                    (-1) ** (r + t) * math.factorial(i),
                    math.factorial(r) * math.factorial(t) * math.factorial(i - r - t),
                )
                monomial = (r + k, t + rest)
                f1[monomial] = f1.get(monomial, Fraction(0)) + d1 * expand
                f2[monomial] = f2.get(monomial, Fraction(0)) + d2 * expand
    return (
        {key: v for key, v in f1.items() if v != 0},
        {key: v for key, v in f2.items() if v != 0},
    )


def _three_action_support(ctx: _Context, support: Sequence[int]) -> bool:
    """Certified interior symmetric equilibria on a 3-action support; ``False`` if not certified."""
    f1, f2 = _support_polynomials(ctx, support)
    zeros = common_zeros_in_simplex(f1, f2)
    if zeros.status != "complete":
        return False
    if zeros.singular:
        ctx.degenerate = True
        ctx.diagnostics.append(
            f"support {tuple(support)}: a multiple root of the resultant (a non-regular "
            "equilibrium)"
        )
    for index, (x, y) in enumerate(zeros.points):
        profile = [0.0] * ctx.m
        profile[support[0]], profile[support[1]], profile[support[2]] = 1.0 - x - y, x, y
        key = ("support", tuple(support), index)
        if not _accept_numeric(ctx, tuple(profile), support, key):
            regret = ctx.fgame.max_regret_symmetric(tuple(profile))
            if regret <= ctx.ftol:
                continue  # already found, or a known point
            values = ctx.fgame.symmetric_values(tuple(profile))
            if _classify(ctx, values, list(support), False) == "beaten":
                continue  # an outside action is better: not an equilibrium
            ctx.rejected += 1
            ctx.complete = False
            ctx.diagnostics.append(
                f"support {tuple(support)}: a certified zero failed verification "
                f"(regret {regret:.3g} > tol {ctx.ftol:.3g})"
            )
    return True


def _jacobian(func: Any, x: np.ndarray) -> np.ndarray:
    base = func(x)
    out = np.empty((len(base), len(x)))
    for i in range(len(x)):
        step = np.zeros_like(x)
        step[i] = 1e-7
        out[:, i] = (func(x + step) - base) / 1e-7
    return out


def _accept_numeric(ctx: _Context, profile: tuple[float, ...], support: Any, key: Any) -> bool:
    for other in ctx.candidates.values():  # a point already found (on a face or before)
        if max(abs(float(u) - v) for u, v in zip(other.profile, profile, strict=True)) < 1e-7:
            return False
    regret = ctx.fgame.max_regret_symmetric(profile)
    if regret > ctx.ftol:
        return False
    values = ctx.fgame.symmetric_values(profile)
    status = _classify(ctx, values, list(support), False)
    ctx.degenerate |= status == "weak"
    if ctx.exact_mode:
        exact = _rational_profile(profile)
        if exact is not None and ctx.game.max_regret_symmetric(exact) == 0:
            ctx.candidates[key] = _Candidate(exact, True, weak=status == "weak")
            return True
    ctx.candidates[key] = _Candidate(profile, False, weak=status == "weak")
    return True


def _rational_profile(profile: Sequence[float]) -> tuple[Fraction, ...] | None:
    fractions = [Fraction(p).limit_denominator(10**6) for p in profile]
    total = sum(fractions)
    if total == 0:
        return None
    return tuple(f / total for f in fractions)


def symmetric_mixed_equilibria(
    game: AnonymousGame,
    *,
    tol: float | None = None,
    max_support: int | None = None,
    starts: int = 8,
    seed: int | None = 0,
) -> SolverResult:
    """Every symmetric equilibrium (all players mix the same ``p``) of an anonymous game.

    Parameters
    ----------
    game
        An :class:`~dualdilemma.games.anonymous.AnonymousGame`.
    tol
        Regret tolerance in float mode (default ``1e-9 * max(1, max|U|)``).
    max_support
        Largest support searched (default: all ``m`` actions).  Supports of 1 and 2 actions
        are solved with certified completeness; larger ones numerically.
    starts, seed
        Random starting points per support of 3+ actions, and the seed of their generator.

    Returns
    -------
    SolverResult
        ``method="symmetric_mixed"``.  Each :class:`AnonymousEquilibrium` has one role
        (``profile = (p,)``, ``role_sizes = (N,)``).  ``exact`` is ``True`` only if every
        equilibrium is exact (rational); in an exact game rational equilibria keep Fraction
        profiles and a regret of exactly 0 even when others are irrational, which are floats
        verified to the float tolerance with their exact value in ``algebraic``.
        ``components`` lists segments of equilibria as index pairs.  See the module
        docstring for the method and the completeness claim.

    Examples
    --------
    The volunteer's dilemma with three players, cost 1 and benefit 4: the unique symmetric
    equilibrium ignores with probability :math:`p` where :math:`p^2 = 1/4` (Diekmann 1985):

    >>> game = AnonymousGame(3, [[3, 3, 3], [4, 4, 0]], actions=["volunteer", "ignore"])
    >>> result = symmetric_mixed_equilibria(game)
    >>> result
    SolverResult(method='symmetric_mixed', exact, 1 equilibrium)
    >>> result[0].profile
    ((Fraction(1, 2), Fraction(1, 2)),)

    With four players :math:`p^3 = 1/4` is irrational: a float verified to tolerance, with
    its exact value kept:

    >>> result = symmetric_mixed_equilibria(AnonymousGame(4, [[3] * 4, [4, 4, 4, 0]]))
    >>> result.exact, round(result[0].profile[0][1], 12)
    (False, 0.629960524947)
    >>> print(result[0].algebraic[1])
    root of 4*x**3 - 1 in [...]
    """
    game = _check_game(game)
    tol_value = check_tol(tol, game)
    m = game.num_actions
    if max_support is None:
        max_support = m
    if isinstance(max_support, bool) or not isinstance(max_support, int) or max_support < 1:
        raise InvalidParameterError(f"max_support must be an integer >= 1, got {max_support!r}")
    max_support = min(max_support, m)
    if isinstance(starts, bool) or not isinstance(starts, int) or starts < 1:
        raise InvalidParameterError(f"starts must be an integer >= 1, got {starts!r}")
    n = game.num_players - 1
    exact_mode = game.exact and n <= EXACT_MAX_DEGREE
    ctx = _Context(game, exact_mode, tol_value)
    if game.exact and not exact_mode:
        ctx.diagnostics.append(
            f"exact payoffs but N - 1 = {n} > EXACT_MAX_DEGREE = {EXACT_MAX_DEGREE}: solved "
            "in floating point (exact=False)"
        )
    for a in range(m):
        _vertex(ctx, a)
    if max_support >= 2:
        for a, b in itertools.combinations(range(m), 2):
            _edge(ctx, a, b)
    if max_support >= 3:
        _larger_supports(ctx, max_support, starts, np.random.default_rng(seed))
    elif m > max_support:
        ctx.complete = False
        ctx.diagnostics.append(f"supports larger than max_support={max_support} not searched")
    return _assemble(ctx, tol_value, max_support, starts, seed)


def _assemble(
    ctx: _Context, tol: float, max_support: int, starts: int, seed: int | None
) -> SolverResult:
    game = ctx.game
    entries = []
    for key, candidate in ctx.candidates.items():
        if candidate.exact:
            profile = tuple(Fraction(p) for p in candidate.profile)
            values = game.symmetric_values(profile)
            regret = max(values) - sum(p * v for p, v in zip(profile, values, strict=True))
            if regret != 0:  # pragma: no cover - candidates were verified
                raise SolverError(f"exact symmetric equilibrium {profile} has regret {regret}")
            payoff = sum(p * v for p, v in zip(profile, values, strict=True))
        else:
            profile = tuple(float(p) for p in candidate.profile)
            values = ctx.fgame.symmetric_values(profile)
            regret = max(0.0, float(values.max() - values @ np.asarray(profile)))
            if regret > ctx.ftol:  # pragma: no cover - candidates were verified
                raise SolverError(f"symmetric equilibrium {profile} has regret {regret}")
            payoff = float(np.dot(profile, values))
        entries.append(
            (
                key,
                AnonymousEquilibrium(
                    profile=(profile,),
                    max_regret=regret,
                    payoffs=(payoff,),
                    role_sizes=(game.num_players,),
                    algebraic=candidate.algebraic,
                ),
            )
        )
    entries.sort(key=lambda item: (sort_key(item[1].profile), not ctx.candidates[item[0]].exact))
    position: dict[Any, int] = {}
    kept: list[tuple[Any, AnonymousEquilibrium]] = []
    for key, eq in entries:  # merge the same point reached twice (e.g. a root at an end)
        for i, (_, other) in enumerate(kept):
            gap = max(
                abs(float(a) - float(b))
                for a, b in zip(eq.profile[0], other.profile[0], strict=True)
            )
            if gap <= 1e-12:
                position[key] = i
                break
        else:
            position[key] = len(kept)
            kept.append((key, eq))
    entries = kept
    components = tuple(
        sorted({tuple(sorted((position[lo], position[hi]))) for lo, hi in ctx.components})
    )
    equilibria = tuple(eq for _, eq in entries)
    all_exact = ctx.exact_mode and all(c.exact for c in ctx.candidates.values())
    if ctx.degenerate:
        degenerate: bool | None = True
    elif ctx.complete and game.num_actions <= 2:
        degenerate = False
    else:
        degenerate = None
    diagnostics = [
        f"{len(equilibria)} symmetric equilibri{'um' if len(equilibria) == 1 else 'a'} of "
        f"{game.num_players} players" + (" (complete)" if ctx.complete else ""),
        *ctx.diagnostics,
    ]
    return SolverResult(
        method="symmetric_mixed",
        parameters={
            "tol": 0 if all_exact else (ctx.ftol if game.exact else tol),
            "exact_max_degree": EXACT_MAX_DEGREE,
            "max_support": max_support,
            "starts": starts,
            "seed": seed,
            "num_players": game.num_players,
        },
        exact=all_exact,
        equilibria=equilibria,
        complete=ctx.complete,
        degenerate=degenerate,
        diagnostics=tuple(diagnostics),
        components=components,
    )
