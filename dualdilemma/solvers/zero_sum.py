r"""Optimal strategies and the value of a two-player zero-sum game by linear programming.

In a zero-sum game (:math:`B = -A`) the row player's maxmin strategy and the column player's
minmax strategy form a Nash equilibrium, and every equilibrium pays the row player the *value*
:math:`v = \max_x \min_y x^\top A y = \min_y \max_x x^\top A y` (von Neumann 1928).  The row
player's problem is the linear program (Dantzig 1951; Nisan et al. 2007, section 1.4.2)

.. math::

    \max_{x, v}\; v \quad\text{s.t.}\quad A^\top x \ge v \mathbf{1},\quad
    \mathbf{1}^\top x = 1,\quad x \ge 0,

whose dual is the column player's problem
:math:`\min_{y, w} w` s.t. :math:`A y \le w \mathbf{1}`, :math:`\mathbf{1}^\top y = 1`,
:math:`y \ge 0`.  One HiGHS solve therefore gives both strategies: :math:`x` from the primal
solution and :math:`y` from the dual values (the marginals) of the :math:`n` inequality
constraints, which are :math:`-y` for a minimisation of :math:`-v`.

The LP is solved on :math:`A / \max(1, \max|A|)` with HiGHS's feasibility tolerances tightened
to :math:`10^{-10}`, below the package's default regret tolerance (the value is scaled back).
The profile is then verified through :func:`dualdilemma.solvers.regret.collect_equilibria`.
If it misses the tolerance, or in exact mode once it is rounded to nearby fractions, the
equilibrium is recovered from the supports the LP identified, by solving the equalities

.. math::

    \textstyle\sum_{i \in I} x_i A_{ij} = v \ (j \in J),\quad \sum_{i \in I} x_i = 1,\qquad
    \sum_{j \in J} A_{ij} y_j = v \ (i \in I),\quad \sum_{j \in J} y_j = 1,

exactly (fraction-free elimination on integers) or in float; and if that fails too (a degenerate
game whose supports do not determine a vertex), by exact Lemke-Howson pivoting, which always
ends at an equilibrium, here a pair of optimal strategies.

A zero-sum game may have a whole polytope of optimal strategies; :func:`zero_sum` returns one
of them (``complete=False``).  The value is unique.

References
----------
J. von Neumann (1928). Zur Theorie der Gesellschaftsspiele. *Mathematische Annalen* 100,
295-320.

G. B. Dantzig (1951). A proof of the equivalence of the programming problem and the game
problem. In T. C. Koopmans (ed.), *Activity Analysis of Production and Allocation*, 330-335.

N. Nisan, T. Roughgarden, E. Tardos and V. V. Vazirani (eds.) (2007). *Algorithmic Game Theory*,
ch. 1 (Papadimitriou and Roughgarden's overview; the minimax LP) and ch. 3.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from dualdilemma._numbers import format_number
from dualdilemma.errors import SolverError, UnsupportedGameError
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.solvers.regret import check_tol, collect_equilibria, to_exact_profile
from dualdilemma.solvers.result import Equilibrium, SolverResult

__all__ = ["zero_sum", "minimax_lp", "HIGHS_OPTIONS"]

#: A probability above this counts as in the support when recovering an equilibrium.
_SUPPORT_TOL = 1e-9

#: HiGHS feasibility tolerances, on payoffs divided by ``max(1, max|A|)``: below the package's
#: default regret tolerance ``1e-9 * max(1, max|A|)`` (HiGHS's own default, 1e-7, is above it).
HIGHS_OPTIONS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}


def minimax_lp(matrix: Any) -> tuple[np.ndarray, np.ndarray, float] | None:
    """Solve the row player's minimax LP once with HiGHS: ``(x, y, value)``, or ``None``.

    ``x`` is the primal solution, ``y`` the negated marginals of the ``n`` constraints
    :math:`v - (A^\\top x)_j \\le 0`, ``value`` the optimal :math:`v`.  ``None`` when HiGHS
    does not report an optimal solution.

    >>> x, y, value = minimax_lp([[1, -1], [-1, 1]])
    >>> x.round(6).tolist(), y.round(6).tolist(), round(value, 9)
    ([0.5, 0.5], [0.5, 0.5], 0.0)
    """
    from scipy.optimize import linprog

    a = np.asarray(matrix, dtype=float)
    m, n = a.shape
    scale = max(1.0, float(np.max(np.abs(a)))) if a.size else 1.0
    objective = np.zeros(m + 1)
    objective[-1] = -1.0
    a_ub = np.hstack([-a.T / scale, np.ones((n, 1))])
    a_eq = np.ones((1, m + 1))
    a_eq[0, -1] = 0.0
    res = linprog(
        objective,
        A_ub=a_ub,
        b_ub=np.zeros(n),
        A_eq=a_eq,
        b_eq=np.ones(1),
        bounds=[(0.0, None)] * m + [(None, None)],
        method="highs",
        options=HIGHS_OPTIONS,
    )
    if res.status != 0 or res.x is None or res.ineqlin is None:
        return None
    x = np.clip(res.x[:m], 0.0, None)
    y = np.clip(-np.asarray(res.ineqlin.marginals, dtype=float), 0.0, None)
    if x.sum() <= 0 or y.sum() <= 0:  # pragma: no cover - HiGHS reported optimality
        return None
    return x / x.sum(), y / y.sum(), float(res.x[-1]) * scale


def zero_sum(game: NormalFormGame, *, tol: float | None = None) -> SolverResult:
    """A pair of optimal (maxmin/minmax) strategies and the value of a zero-sum game.

    Solves the minimax linear program of von Neumann (1928) and Dantzig (1951) once with
    :func:`scipy.optimize.linprog` (``method="highs"``): the row player's strategy is the
    primal solution, the column player's the dual values of the same LP.  Steps:

    1. Check that the game is a two-player zero-sum game.
    2. Solve the LP for the row player's maxmin strategy; read the column player's minmax
       strategy from the inequality marginals.
    3. Verify the profile (float: regret at most ``tol``; exact: rationalise the floats and
       require regret exactly 0).
    4. If verification fails, recover the equilibrium from the LP's supports (an exact linear
       system in exact mode), else by exact Lemke-Howson pivoting; every step is recorded in
       the diagnostics and nothing unverified is returned.

    Parameters
    ----------
    game
        A two-player game with :math:`u_1 + u_2 = 0` at every profile
        (:meth:`NormalFormGame.is_zero_sum`).
    tol
        Regret tolerance in float mode (default ``1e-9 * max(1, max|U|)``); exact games are
        verified with regret exactly 0.

    Returns
    -------
    SolverResult
        ``method="zero_sum"`` with one equilibrium (none, with ``converged=False``, only in
        float mode when even the exact optimal strategies rounded to floats miss ``tol``, as a
        ``tol`` of 0 can make them); ``parameters["value"]`` is the value of
        the game to the row player at the returned profile (its first payoff; a Fraction in
        exact mode) and ``parameters["lp_value"]`` the optimum HiGHS reported (``None`` if it
        reported none).  ``complete=False``: the optimal strategies can form a continuum, of
        which one point is returned.  ``degenerate=True`` when the two supports differ in
        size (then the game is degenerate), ``None`` otherwise.

    Raises
    ------
    UnsupportedGameError
        If the game does not have two players or is not zero-sum; the message names the
        profile with the largest :math:`|u_1 + u_2|`.

    References
    ----------
    von Neumann (1928); Dantzig (1951); Nisan et al. (2007), Algorithmic Game Theory, ch. 1.

    Examples
    --------
    Rock-paper-scissors has value 0 and the uniform strategies:

    >>> from dualdilemma import NormalFormGame
    >>> rps = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    >>> game = NormalFormGame.from_arrays(rps, [[-u for u in row] for row in rps])
    >>> result = zero_sum(game)
    >>> result[0], result.parameters["value"]
    (Equilibrium([(1/3, 1/3, 1/3), (1/3, 1/3, 1/3)], max_regret=0), Fraction(0, 1))

    Exact games get exact values:

    >>> a = [[3, -1], [-2, 1]]
    >>> zero_sum(NormalFormGame.from_arrays(a, [[-3, 1], [2, -1]])).parameters["value"]
    Fraction(1, 7)
    """
    _check_zero_sum(game)
    tol_value = check_tol(tol, game)
    matrix = game.bimatrix()[0]
    diagnostics: list[str] = []
    solution = minimax_lp(matrix)
    equilibrium: Equilibrium | None = None
    lp_value: float | None = None
    if solution is None:
        diagnostics.append("HiGHS did not report an optimal solution; used Lemke-Howson instead")
    else:
        x, y, lp_value = solution
        diagnostics.append(f"LP value {lp_value:.12g} (HiGHS)")
        equilibrium = _verified(game, _as_mode(game, x, y), tol_value)
        if equilibrium is None:
            what = "rounded to fractions, " if game.exact else ""
            diagnostics.append(
                f"the LP solution {what}did not verify; recovering from its supports "
                f"(rows {_support(x)}, columns {_support(y)})"
            )
            equilibrium = _verified(game, _from_supports(game, x, y), tol_value)
            if equilibrium is None:
                diagnostics.append("the supports did not determine an equilibrium")
    if equilibrium is None:
        equilibrium = _by_lemke_howson(game, tol_value)
        if equilibrium is not None:
            diagnostics.append("equilibrium recovered by exact Lemke-Howson pivoting")
    parameters: dict[str, Any] = {"tol": 0 if game.exact else tol_value, "lp_value": lp_value}
    if equilibrium is None:
        diagnostics.append(
            "exact Lemke-Howson pivoting found optimal strategies, but rounded to floats they "
            f"miss the tolerance {tol_value:.3g}; no equilibrium returned (raise tol or solve "
            "the exact game)"
        )
        return SolverResult(
            method="zero_sum",
            parameters={**parameters, "value": None},
            exact=False,
            equilibria=(),
            complete=False,
            converged=False,
            diagnostics=tuple(diagnostics),
        )
    value = equilibrium.payoffs[0]
    diagnostics.append(
        f"game value {format_number(value, digits=12)} to the row player; zero_sum returns "
        "one pair of optimal strategies (the optimal sets can be polytopes)"
    )
    sizes = [len(s) for s in equilibrium.supports]
    return SolverResult(
        method="zero_sum",
        parameters={**parameters, "value": value},
        exact=game.exact,
        equilibria=(equilibrium,),
        complete=False,
        degenerate=True if sizes[0] != sizes[1] else None,
        diagnostics=tuple(diagnostics),
    )


def _check_zero_sum(game: NormalFormGame) -> None:
    if game.num_players != 2:
        raise UnsupportedGameError(
            f"zero_sum needs a two-player game, this game has {game.num_players} players"
        )
    if game.is_zero_sum():
        return
    a, b = game.bimatrix()
    total = a + b
    magnitude = np.abs(total.astype(float))
    row, col = np.unravel_index(int(np.argmax(magnitude)), magnitude.shape)
    raise UnsupportedGameError(
        "zero_sum needs a zero-sum game (u1 + u2 = 0 at every profile), but u1 + u2 = "
        f"{total[row, col]}, the largest in absolute value, at strategies "
        f"({game.strategies[0][row]!r}, {game.strategies[1][col]!r}) (indices ({row}, {col})); "
        "use lemke_howson for general two-player games"
    )


def _support(vector: np.ndarray) -> list[int]:
    return [int(i) for i in np.flatnonzero(vector > _SUPPORT_TOL)]


def _as_mode(game: NormalFormGame, x: np.ndarray, y: np.ndarray) -> tuple:
    return to_exact_profile((x, y)) if game.exact else (x, y)


def _verified(game: NormalFormGame, candidate: Any, tol: float) -> Equilibrium | None:
    if candidate is None:
        return None
    equilibria, _ = collect_equilibria(game, [candidate], tol=tol)
    return equilibria[0] if equilibria else None


def _from_supports(game: NormalFormGame, x: np.ndarray, y: np.ndarray) -> tuple | None:
    """Solve the equalising equations on the LP's supports (exactly in exact mode)."""
    rows, cols = _support(x), _support(y)
    a = game.bimatrix()[0]
    if game.exact:
        scaled = _integer_matrix(a)
        x_part = _solve_exact(_equalising_system(scaled[np.ix_(rows, cols)].T))
        y_part = _solve_exact(_equalising_system(scaled[np.ix_(rows, cols)]))
    else:
        sub = np.asarray(a, dtype=float)[np.ix_(rows, cols)]
        x_part = _solve_float(_equalising_system(sub.T))
        y_part = _solve_float(_equalising_system(sub))
    if x_part is None or y_part is None:
        return None
    zero: Any = Fraction(0) if game.exact else 0.0
    m, n = game.shape
    x_full, y_full = [zero] * m, [zero] * n
    for i, p in zip(rows, x_part, strict=True):
        x_full[i] = p
    for j, q in zip(cols, y_part, strict=True):
        y_full[j] = q
    if any(p < 0 for p in x_full + y_full):
        return None
    return x_full, y_full


def _integer_matrix(matrix: np.ndarray) -> np.ndarray:
    """A positive multiple of an exact matrix with integer entries (Python ints)."""
    scale = math.lcm(*(Fraction(p).denominator for p in matrix.reshape(-1)))
    return np.array([[int(Fraction(p) * scale) for p in row] for row in matrix], dtype=object)


def _equalising_system(sub: np.ndarray) -> np.ndarray:
    r"""Augmented matrix of ``sub.T``-weighted equalities: for unknowns :math:`(p, v)`,
    :math:`\sum_k sub[r, k] p_k - v = 0` for every row ``r`` and :math:`\sum_k p_k = 1`."""
    r, k = sub.shape
    exact = sub.dtype == object
    one, zero = (1, 0) if exact else (1.0, 0.0)
    dtype = object if exact else float
    system = np.full((r + 1, k + 2), zero, dtype=dtype)
    system[:r, :k] = sub
    system[:r, k] = -one
    system[r, :k] = one
    system[r, k + 1] = one
    return system


def _solve_exact(system: np.ndarray) -> list[Fraction] | None:
    """Fraction-free Gauss-Jordan elimination on an integer augmented matrix.

    Returns the probability part of one solution (free unknowns set to 0) or ``None`` when the
    system is inconsistent.
    """
    table = system.copy()
    rows, cols = table.shape[0], table.shape[1] - 1
    det: int = 1
    pivots: list[tuple[int, int]] = []
    used = 0
    for col in range(cols):
        candidates = [i for i in range(used, rows) if table[i, col] != 0]
        if not candidates:
            continue
        r = candidates[0]
        if r != used:
            table[[used, r]] = table[[r, used]]
        pivot = table[used, col]
        updated = (table * pivot - np.multiply.outer(table[:, col], table[used])) // det
        updated[used] = table[used]
        table, det = updated, pivot
        pivots.append((used, col))
        used += 1
        if used == rows:
            break
    if any(table[i, -1] != 0 for i in range(used, rows)):
        return None
    solution = [Fraction(0)] * cols
    for row, col in pivots:
        solution[col] = Fraction(table[row, -1], det)
    return solution[:-1]  # drop the value v


def _solve_float(system: np.ndarray) -> list[float] | None:
    coefficients, rhs = system[:, :-1], system[:, -1]
    solution, _, _, _ = np.linalg.lstsq(coefficients, rhs, rcond=None)
    if np.max(np.abs(coefficients @ solution - rhs)) > 1e-9 * max(1.0, np.abs(system).max()):
        return None
    return [float(p) for p in np.clip(solution[:-1], 0.0, None)]


def _by_lemke_howson(game: NormalFormGame, tol: float) -> Equilibrium | None:
    """Exact Lemke-Howson from label 0: always an equilibrium, i.e. optimal strategies.

    ``None`` only in float mode, when that exact equilibrium rounded to floats still misses
    ``tol`` (a tolerance of 0, say).
    """
    from dualdilemma.solvers.lemke_howson import lemke_howson

    exact = game if game.exact else game.to_exact()
    result = lemke_howson(exact, initial_label=0, max_pivots=10**9)
    if not result.equilibria:  # pragma: no cover - Lemke-Howson always terminates
        raise SolverError("Lemke-Howson found no equilibrium of a zero-sum game; please report")
    if game.exact:
        return result[0]
    return _verified(game, [[float(p) for p in s] for s in result[0].profile], tol)
