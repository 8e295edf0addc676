r"""Nash equilibria of a bimatrix game by support enumeration, with a degeneracy check.

Mathematics
-----------
For supports :math:`I \subseteq \{0..m-1\}` and :math:`J \subseteq \{0..n-1\}` of equal size
:math:`k`, solve the two indifference systems

.. math::

    \sum_{i \in I} x_i B_{ij} = v \ (j \in J), \quad \sum_{i \in I} x_i = 1; \qquad
    \sum_{j \in J} A_{ij} y_j = u \ (i \in I), \quad \sum_{j \in J} y_j = 1,

each a :math:`(k+1) \times (k+1)` linear system.  :math:`(x, y)` is an equilibrium iff
:math:`x, y \ge 0` and no pure strategy earns more than :math:`v` (resp. :math:`u`) against
it (Nisan, Roughgarden, Tardos and Vazirani 2007, Algorithm 3.4; von Stengel 2002, section 2.7).
All systems of one size are solved together with stacked ``numpy.linalg`` calls; the second
system is only solved where the first has a feasible solution.

Completeness and degeneracy
---------------------------
Equal-size supports find every equilibrium of a *non-degenerate* game (no mixed strategy with
more pure best responses than its support size).  This module does not assume it; it proves
completeness or says it cannot:

* an equilibrium found with more best responses than its support size proves the game
  degenerate;
* a singular system whose equations are consistent, paired with a consistent system of the
  other player, might hide a continuum of equilibria.

If neither happens, the equilibria found are all the equilibria: an extreme equilibrium with
supports :math:`S, T` solves the systems of some :math:`I \supseteq S`, :math:`J \supseteq T`
with :math:`|I| = |J|` chosen among the best responses (a vertex of a best-response polytope has
at least as many labels as its dimension), so it is found unless one of those systems is
singular; and without extra best responses every maximal Nash subset is a single point.  When
either check fires the result has ``complete=False`` and its diagnostics point to
:func:`~dualdilemma.solvers.vertex_enumeration.vertex_enumeration`, which finds every extreme
equilibrium of any game.

Exact mode screens the systems in floating point (well-conditioned systems that are clearly
infeasible are dropped; the margin is four orders of magnitude above the float error) and
re-solves every other one with Fractions, so every decision that can change the answer
is exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any

import numpy as np

from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.solvers._polytope import positive_float_matrix
from dualdilemma.solvers.regret import check_tol, collect_equilibria
from dualdilemma.solvers.result import Equilibrium, SolverResult
from dualdilemma.solvers.vertex_enumeration import _check_bimatrix, _ztol

__all__ = ["support_enumeration"]

#: Condition number above which a float system is treated as singular.
_SINGULAR_COND = 1e10
#: Exact mode's float screen: condition bound and feasibility margin.
_SCREEN_COND = 1e6
_SCREEN_TOL = 1e-6
#: Scalar entries per stacked chunk (bounds memory).
_CHUNK_ENTRIES = 2_000_000


def support_enumeration(game: NormalFormGame, *, tol: float | None = None) -> SolverResult:
    """All equilibria of a non-degenerate two-player game, by equal-size supports.

    Parameters
    ----------
    game
        A two-player :class:`~dualdilemma.games.normal_form.NormalFormGame` (Fractions give exact
        results with regret exactly 0).
    tol
        Float mode: regret tolerance (default ``1e-9 * max(1, max|U|)``), also the tolerance of
        the feasibility tests after rescaling payoffs to ``[1, 2]``.  Ignored in exact mode.

    Returns
    -------
    SolverResult
        ``complete=True`` means every equilibrium of the game was found (see the module
        docstring for why).  If the game turns out degenerate (``degenerate=True``), or a
        singular support system cannot be excluded (``degenerate=None``), ``complete`` is
        ``False`` and ``diagnostics`` says why; use
        :func:`~dualdilemma.solvers.vertex_enumeration.vertex_enumeration` then.

    Raises
    ------
    UnsupportedGameError
        If ``game`` is not a two-player normal-form game.

    Notes
    -----
    Algorithm 3.4 of Nisan, Roughgarden, Tardos and Vazirani (2007), *Algorithmic Game
    Theory*, ch. 3 (von Stengel), vectorised over all supports of one size.

    Examples
    --------
    Matching pennies has one equilibrium, both players mixing half-half:

    >>> pennies = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> result = support_enumeration(pennies)
    >>> [[str(p) for p in sigma] for sigma in result[0].profile], result.complete
    ([['1/2', '1/2'], ['1/2', '1/2']], True)

    A degenerate game is recognised and not reported as complete:

    >>> tied = NormalFormGame.from_arrays([[2, 2], [1, 0]], [[1, 1], [0, 2]])
    >>> result = support_enumeration(tied)
    >>> result.complete, result.degenerate
    (False, True)
    """
    _check_bimatrix(game, "support_enumeration")
    tol_value = check_tol(tol, game)
    A, B = game.bimatrix()
    m, n = game.shape
    if game.exact:
        a_float, b_float = _exact_to_unit(A), _exact_to_unit(B)
        ztol_a = ztol_b = _SCREEN_TOL
        cond = _SCREEN_COND
    else:
        a_float = positive_float_matrix(A)
        b_float = positive_float_matrix(B)
        ztol_a, ztol_b = _ztol(A, tol_value), _ztol(B, tol_value)
        cond = _SINGULAR_COND
    candidates: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = []
    unresolved = 0
    pairs = 0
    for k in range(1, min(m, n) + 1):
        rows_k = np.array(list(combinations(range(m), k)), dtype=np.intp)
        cols_k = np.array(list(combinations(range(n), k)), dtype=np.intp)
        total = len(rows_k) * len(cols_k)
        pairs += total
        chunk = max(1, _CHUNK_ENTRIES // ((k + 1) * (k + 1 + max(m, n))))
        for start in range(0, total, chunk):
            index = np.arange(start, min(total, start + chunk))
            rs, cs = rows_k[index // len(cols_k)], cols_k[index % len(cols_k)]
            # x on the row set makes the columns of the column set indifferent, and vice versa
            sx = _indifference(b_float.T, rs, cs, ztol_b, cond)
            sy = _indifference(a_float, cs[~sx.clear], rs[~sx.clear], ztol_a, cond)
            keep = np.nonzero(~sx.clear)[0][~sy.clear]
            rs, cs = rs[keep], cs[keep]
            sx, sy = sx.select(keep), sy.select(~sy.clear)
            if game.exact:
                for a in range(len(rs)):
                    found, flag = _exact_pair(A, B, rs[a], cs[a])
                    unresolved += flag
                    if found is not None:
                        candidates.append(found)
                continue
            regular = ~sx.singular & ~sy.singular
            for a in np.nonzero(regular)[0]:
                candidates.append((_spread(sx.mix[a], rs[a], m), _spread(sy.mix[a], cs[a], n)))
            for a in np.nonzero(~regular)[0]:
                x_consistent = _consistent(b_float.T, rs[a], cs[a], ztol_b)
                unresolved += x_consistent and _consistent(a_float, cs[a], rs[a], ztol_a)
    equilibria, rejected = collect_equilibria(game, candidates, tol=tol_value)
    extra = [eq for eq in equilibria if _extra_best_responses(game, eq, tol_value)]
    degenerate: bool | None = True if extra else None
    diagnostics = [
        f"{pairs} support pairs of equal size; {len(candidates)} candidate(s), "
        f"{len(equilibria)} verified equilibri{'um' if len(equilibria) == 1 else 'a'}"
    ]
    if extra:
        diagnostics.append(
            f"the game is degenerate: {len(extra)} equilibrium profile(s) with more pure best "
            "responses than the opponent's support size, so equal-size supports can miss "
            "equilibria; vertex_enumeration finds all extreme equilibria"
        )
    if unresolved:
        diagnostics.append(
            f"{unresolved} support pair(s) gave singular but consistent indifference systems, "
            "which may hide a continuum of equilibria: completeness cannot be certified; "
            "vertex_enumeration finds all extreme equilibria"
        )
    if rejected:
        diagnostics.append(f"{rejected} candidate(s) failed verification")
    return SolverResult(
        method="support_enumeration",
        parameters={"tol": 0 if game.exact else tol_value},
        exact=game.exact,
        equilibria=equilibria,
        complete=not extra and not unresolved and not rejected,
        degenerate=degenerate,
        diagnostics=tuple(diagnostics),
    )


@dataclass(frozen=True)
class _Systems:
    """Stacked solutions of indifference systems, one per support pair."""

    mix: np.ndarray  # (P, k) the mixing player's probabilities on its support
    singular: np.ndarray  # (P,) condition number above the bound
    clear: np.ndarray  # (P,) well conditioned and infeasible: no equilibrium here

    def select(self, keep: np.ndarray) -> _Systems:
        return _Systems(self.mix[keep], self.singular[keep], self.clear[keep])


def _indifference(
    U: np.ndarray, support: np.ndarray, indifferent: np.ndarray, ztol: float, cond: float
) -> _Systems:
    """Solve ``U[R, S] p = w 1, sum p = 1`` for every stacked pair ``(S, R)``.

    ``U[r, s]`` is the payoff of the indifferent player's strategy ``r`` against the other's
    pure strategy ``s``; ``support`` holds the sets ``S`` (``(P, k)``), ``indifferent`` the sets
    ``R``.  Feasible means ``p >= -ztol`` and no strategy of the indifferent player earns more
    than ``w + ztol``.
    """
    count, k = support.shape
    if count == 0:
        empty = np.zeros(0, dtype=bool)
        return _Systems(np.zeros((0, k)), empty, empty)
    M = np.zeros((count, k + 1, k + 1))
    M[:, :k, :k] = U[indifferent[:, :, None], support[:, None, :]]
    M[:, :k, k] = -1.0
    M[:, k, :k] = 1.0
    try:
        inverse = np.linalg.inv(M)
        zero = np.zeros(count, dtype=bool)
    except np.linalg.LinAlgError:  # some matrix is exactly singular: set it aside
        zero = np.linalg.det(M) == 0
        safe = M.copy()
        safe[zero] = np.eye(k + 1)
        inverse = np.linalg.inv(safe)
    # payoffs lie in [1, 2], so ||M||_1 <= 2k + 1 and ||M^-1||_1 <= (k + 1) max |M^-1|: an
    # upper bound of the 1-norm condition number
    condition = (2 * k + 1) * (k + 1) * np.abs(inverse).max(axis=(1, 2))
    singular = zero | ~np.isfinite(condition) | (condition > cond)
    mix, value = inverse[:, :k, k], inverse[:, k, k]
    payoffs = np.einsum("ps,rps->pr", mix, U[:, support])
    feasible = (mix >= -ztol).all(axis=1) & (payoffs.max(axis=1) <= value + ztol)
    return _Systems(mix, singular, ~singular & ~feasible)


def _consistent(U: np.ndarray, support: np.ndarray, indifferent: np.ndarray, ztol: float) -> bool:
    """Whether a (singular) float system has a least-squares solution with zero residual."""
    k = len(support)
    M = np.zeros((k + 1, k + 1))
    M[:k, :k] = U[np.ix_(indifferent, support)]
    M[:k, k] = -1.0
    M[k, :k] = 1.0
    rhs = np.zeros(k + 1)
    rhs[k] = 1.0
    solution = np.linalg.lstsq(M, rhs, rcond=None)[0]
    return bool(np.max(np.abs(M @ solution - rhs)) <= max(ztol, 1e-9))


def _exact_to_unit(matrix: np.ndarray) -> np.ndarray:
    """Rescale exact payoffs onto ``[1, 2]`` exactly, then round once to float."""
    low, high = min(matrix.flat), max(matrix.flat)
    if high == low:
        return np.ones(matrix.shape)
    return np.array([[1 + float((a - low) / (high - low)) for a in row] for row in matrix])


def _spread(mix: np.ndarray, support: np.ndarray, size: int) -> tuple[float, ...]:
    out = np.zeros(size)
    out[support] = mix
    return tuple(float(p) for p in out)


# -- exact mode ------------------------------------------------------------------------------------


def _exact_pair(
    A: np.ndarray, B: np.ndarray, rows: np.ndarray, cols: np.ndarray
) -> tuple[tuple[tuple[Fraction, ...], tuple[Fraction, ...]] | None, int]:
    """Exact analysis of one support pair: ``(equilibrium or None, 1 if unresolved else 0)``."""
    m, n = A.shape
    x_side = _exact_side(B.T, list(cols), list(rows))
    if x_side == "infeasible":
        return None, 0
    y_side = _exact_side(A, list(rows), list(cols))
    if y_side == "infeasible":
        return None, 0
    if x_side == "singular" or y_side == "singular":
        return None, 1
    return (_exact_spread(x_side, rows, m), _exact_spread(y_side, cols, n)), 0


def _exact_side(U: np.ndarray, indifferent: list[int], support: list[int]) -> Any:
    """Solve one indifference system exactly.

    Returns the probabilities on ``support`` if the system is regular and its solution is
    feasible, ``"infeasible"`` if it has no feasible solution or is inconsistent, and
    ``"singular"`` if it is singular and consistent.
    """
    k = len(support)
    rows = [[Fraction(U[r, s]) for s in support] + [Fraction(-1), Fraction(0)] for r in indifferent]
    rows.append([Fraction(1)] * k + [Fraction(0), Fraction(1)])
    solution = _gauss_jordan(rows)
    if solution is None:
        return "infeasible"
    if solution == "singular":
        return "singular"
    mix, value = solution[:k], solution[k]
    if any(p < 0 for p in mix):
        return "infeasible"
    for r in range(U.shape[0]):
        if sum((U[r, s] * p for s, p in zip(support, mix, strict=True)), Fraction(0)) > value:
            return "infeasible"
    return mix


def _gauss_jordan(rows: list[list[Fraction]]) -> Any:
    """Solve an augmented square system exactly.

    Returns the solution list, ``"singular"`` if singular but consistent, ``None`` if
    inconsistent.
    """
    size = len(rows)
    pivot_row = 0
    pivots = []
    for col in range(size):
        found = next((r for r in range(pivot_row, size) if rows[r][col] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [v / lead for v in rows[pivot_row]]
        for r in range(size):
            if r != pivot_row and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [v - factor * w for v, w in zip(rows[r], rows[pivot_row], strict=True)]
        pivots.append(col)
        pivot_row += 1
    if any(all(v == 0 for v in row[:size]) and row[size] != 0 for row in rows[pivot_row:]):
        return None
    if pivot_row < size:
        return "singular"
    return [rows[r][size] for r in range(size)]


def _exact_spread(mix: list[Fraction], support: np.ndarray, size: int) -> tuple[Fraction, ...]:
    out = [Fraction(0)] * size
    for s, p in zip(support, mix, strict=True):
        out[int(s)] = p
    return tuple(out)


def _extra_best_responses(game: NormalFormGame, eq: Equilibrium, tol: float) -> bool:
    """Whether a player has more pure best responses than the other's support size."""
    values = game.strategy_values(eq.profile)
    for own, other in ((0, 1), (1, 0)):
        v = values[own]
        best = v.max()
        replies = int(np.sum(v == best)) if game.exact else int(np.sum(v >= float(best) - tol))
        support = sum(1 for p in eq.profile[other] if (p > 0 if game.exact else p > tol))
        if replies > support:
            return True
    return False
