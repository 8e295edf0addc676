r"""One Nash equilibrium of a two-player game by the Lemke-Howson algorithm.

The method of Lemke and Howson (1964), in the formulation of von Stengel (2002, sections 2-3).
Shift both payoff matrices :math:`A, B \in \mathbb{R}^{m \times n}` so that every entry is
positive (this changes no equilibrium) and consider the polytopes

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : y \ge 0,\ A y \le 1\}.

Labels are :math:`0, \dots, m-1` for the row player's strategies and :math:`m, \dots, m+n-1` for
the column player's.  A point :math:`x \in P` has label :math:`i` if :math:`x_i = 0` and label
:math:`m + j` if :math:`(B^\top x)_j = 1` (column :math:`j` is a best reply to :math:`x`); a point
:math:`y \in Q` has label :math:`m + j` if :math:`y_j = 0` and label :math:`i` if
:math:`(A y)_i = 1`.  A pair :math:`(x, y) \ne (0, 0)` that together carries every label is,
after normalising each vector to sum 1, a Nash equilibrium.

With slack variables the polytopes become the two systems :math:`B^\top x + s = 1` and
:math:`r + A y = 1`; each label names one variable in each system (:math:`x_i` and :math:`r_i`,
:math:`s_j` and :math:`y_j`), and a label is present when at least one of its two variables is
nonbasic (zero).  Starting from the artificial equilibrium :math:`(0, 0)` (every slack basic),
the *initial label* :math:`k` is dropped by letting its nonbasic variable enter its system; the
minimum ratio test chooses the variable that leaves, whose label is now carried twice, so its
partner enters the other system; and so on until the variable that leaves carries label
:math:`k` (complementary pivoting; von Stengel 2002, Algorithm 3.6 of Nisan et al. 2007).

Degenerate games, where a minimum ratio test has ties, are common among models with repeated
payoffs.  Ties are broken by the *lexicographic* minimum ratio test: the right-hand side is
perturbed to :math:`1 + (\varepsilon, \varepsilon^2, \dots)`, which amounts to comparing the rows
:math:`(\text{rhs}_i, C_i) / c_i` lexicographically, where :math:`C` holds the current tableau's
columns of the initial slack basis.  The perturbed polytopes are non-degenerate, so the path can
not cycle (von Stengel 2002, section 6).

Arithmetic.  In exact mode the payoffs are scaled to integers and pivoted fraction-free
(integer pivoting: every row is updated as :math:`(p\,T_i - T_{ic} T_r)/d` with :math:`p` the
pivot and :math:`d` the previous pivot, a division that is always exact), so the equilibrium is
a vector of exact fractions whose regret is exactly zero.  In float mode a Gauss-Jordan tableau
of the payoffs rescaled to :math:`[1, 2]` is pivoted in ``float64``; a float result that fails
verification is recomputed exactly on the game's rational payoffs.

Lemke-Howson finds *one* equilibrium from each starting label.  Different labels may reach
different equilibria, but not necessarily all of them (equilibria of the same index as the
artificial one are never reached from it), so a result from every label is never claimed to be
complete.

References
----------
C. E. Lemke and J. T. Howson, Jr. (1964). Equilibrium points of bimatrix games. *Journal of the
Society for Industrial and Applied Mathematics* 12(2), 413-423.

B. von Stengel (2002). Computing equilibria for two-person games. In R. J. Aumann and S. Hart
(eds.), *Handbook of Game Theory* vol. 3, ch. 45, 1723-1759.

N. Nisan, T. Roughgarden, E. Tardos and V. V. Vazirani (eds.) (2007). *Algorithmic Game Theory*,
ch. 3 (von Stengel, Equilibrium computation for two-player games in strategic and extensive
form).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from dualdilemma.errors import InvalidParameterError, SolverError, UnsupportedGameError
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.solvers.regret import (
    check_tol,
    collect_equilibria,
    max_regret,
    to_exact_profile,
)
from dualdilemma.solvers.result import SolverResult

__all__ = ["lemke_howson", "lemke_howson_nashpy", "DEFAULT_MAX_PIVOTS", "BACKENDS"]

#: Pivot budget of one path (one starting label) unless the caller gives another.
DEFAULT_MAX_PIVOTS = 10_000

#: Seconds nashpy may spend on one label before it is presumed to cycle.
DEFAULT_NASHPY_TIMEOUT = 10.0

#: Implementations :func:`lemke_howson` can run.
BACKENDS = ("dualdilemma", "nashpy")

#: A float entry of the entering column counts as positive above this fraction of its largest
#: absolute value (smaller pivots would amplify rounding errors).
_PIVOT_TOL = 1e-11

#: Two float ratios are tied when they differ by at most this, relative to their size.
_TIE_TOL = 1e-10


@dataclass(frozen=True)
class _Path:
    """What one run from one starting label produced."""

    label: int
    candidate: tuple[list[Any], list[Any]] | None
    pivots: int
    ties: bool
    converged: bool
    note: str | None = None


def lemke_howson(
    game: NormalFormGame,
    *,
    initial_label: int | None = None,
    tol: float | None = None,
    max_pivots: int = DEFAULT_MAX_PIVOTS,
    backend: str = "dualdilemma",
) -> SolverResult:
    """Equilibria of a two-player game reached by Lemke-Howson paths.

    Follows the complementary pivoting path of Lemke and Howson (1964) from the artificial
    equilibrium, with the lexicographic minimum ratio test of von Stengel (2002, section 6) so
    that degenerate games cannot make it cycle.  Steps (Algorithm 3.6 of Nisan et al. 2007):

    1. Start at the artificial equilibrium :math:`(0, 0)`, which carries every label.
    2. Drop the initial label: its nonbasic variable enters the basis of its system.
    3. The lexicographic minimum ratio test picks the leaving variable; its label is now
       duplicated, so the variable of the same label in the other system enters next.
    4. Stop when the leaving variable carries the initial label: the pair is completely
       labelled, and normalised it is a Nash equilibrium.

    Parameters
    ----------
    game
        A two-player game.
    initial_label
        The label dropped first: ``0 .. m-1`` for the row player's strategies, ``m .. m+n-1``
        for the column player's.  ``None`` (default) runs from every one of the ``m + n``
        labels and returns the distinct equilibria reached, with the diagnostics saying which
        labels reached which equilibrium.
    tol
        Regret tolerance of the verification in float mode (default
        ``1e-9 * max(1, max|U|)``); exact games are verified with regret exactly 0.
    max_pivots
        Budget of pivots for the path from one label.  A path that exhausts it is abandoned
        and the result says so (``converged=False``) instead of running on.
    backend
        ``"dualdilemma"`` (default) pivots with this module's own tableau.  ``"nashpy"`` asks
        :meth:`nashpy.Game.lemke_howson` first and checks its answer; see
        :func:`lemke_howson_nashpy` (called with its default timeout).

    Returns
    -------
    SolverResult
        ``method="lemke_howson"``; ``complete`` is always ``False`` (Lemke-Howson does not
        promise every equilibrium); ``degenerate`` is ``True`` when a minimum ratio test had a
        tie on some path, ``None`` otherwise (the paths need not visit every vertex).

    Raises
    ------
    UnsupportedGameError
        If the game does not have exactly two players.
    InvalidParameterError
        For a label outside ``0 .. m+n-1``, a budget below 1 or an unknown backend.

    References
    ----------
    Lemke and Howson (1964); von Stengel (2002), Handbook of Game Theory vol. 3, ch. 45;
    Nisan et al. (2007), Algorithmic Game Theory, ch. 3.

    Examples
    --------
    Battle of the sexes: every starting label reaches a pure equilibrium; the mixed one, of
    the same index as the artificial equilibrium, is never reached.

    >>> from dualdilemma import NormalFormGame
    >>> bos = NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> result = lemke_howson(bos)
    >>> [eq.pure_profile() for eq in result], result.complete
    ([(0, 0), (1, 1)], False)
    >>> lemke_howson(bos, initial_label=1)[0]
    Equilibrium([(0, 1), (0, 1)], max_regret=0)

    Matching pennies has a single, mixed, equilibrium:

    >>> mp = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> lemke_howson(mp, initial_label=0)[0]
    Equilibrium([(1/2, 1/2), (1/2, 1/2)], max_regret=0)
    """
    if backend not in BACKENDS:
        raise InvalidParameterError(f"backend must be one of {BACKENDS}, got {backend!r}")
    timeout = DEFAULT_NASHPY_TIMEOUT if backend == "nashpy" else None
    return _solve(game, initial_label, tol, max_pivots, timeout)


def lemke_howson_nashpy(
    game: NormalFormGame,
    *,
    initial_label: int | None = None,
    tol: float | None = None,
    max_pivots: int = DEFAULT_MAX_PIVOTS,
    timeout: float = DEFAULT_NASHPY_TIMEOUT,
) -> SolverResult:
    """Lemke-Howson by :meth:`nashpy.Game.lemke_howson`, checked, with a verified fallback.

    nashpy's lexicographic Lemke-Howson (Knight and Campbell 2018) is run from each label in a
    separate worker process, because on some games it never stops (it cycles, even on random
    non-degenerate games).  Its answer for a label is replaced by this module's own path from
    the same label, and the replacement recorded in the diagnostics, when nashpy

    - raises an exception, or does not answer within ``timeout`` seconds;
    - returns vectors of the wrong length, or containing NaN or infinities;
    - returns vectors off the simplex (a negative entry or a sum away from 1);
    - returns a profile whose regret exceeds ``tol`` (in exact mode: that is not an exact
      equilibrium once rounded to nearby fractions).

    Parameters
    ----------
    game, initial_label, tol, max_pivots
        As in :func:`lemke_howson` (``max_pivots`` bounds the fallback paths).
    timeout
        Seconds allowed to nashpy for one label (the worker's start is not counted).

    Returns
    -------
    SolverResult
        As :func:`lemke_howson`, with ``parameters["backend"] == "nashpy"``.

    References
    ----------
    V. Knight and J. Campbell (2018). Nashpy: a Python library for the computation of Nash
    equilibria. *Journal of Open Source Software* 3(30), 904.

    Examples
    --------
    >>> from dualdilemma import NormalFormGame
    >>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> result = lemke_howson_nashpy(pd, initial_label=0)
    >>> result[0], result.parameters["backend"]
    (Equilibrium([(0, 1), (0, 1)], max_regret=0), 'nashpy')
    """
    timeout = float(timeout)
    if not math.isfinite(timeout) or timeout <= 0:
        raise InvalidParameterError(f"timeout must be a positive number of seconds, got {timeout}")
    return _solve(game, initial_label, tol, max_pivots, timeout)


def _solve(
    game: NormalFormGame,
    initial_label: int | None,
    tol: float | None,
    max_pivots: int,
    nashpy_timeout: float | None,
) -> SolverResult:
    """Both backends: run the paths, verify, deduplicate and report."""
    if game.num_players != 2:
        raise UnsupportedGameError(
            f"Lemke-Howson needs a two-player game, this game has {game.num_players} players"
        )
    tol_value = check_tol(tol, game)
    m, n = game.shape
    labels = _check_labels(initial_label, m, n)
    if isinstance(max_pivots, bool) or not isinstance(max_pivots, int | np.integer):
        raise InvalidParameterError(f"max_pivots must be an integer >= 1, got {max_pivots!r}")
    if max_pivots < 1:
        raise InvalidParameterError(f"max_pivots must be >= 1, got {max_pivots!r}")
    budget = int(max_pivots)

    diagnostics: list[str] = []
    if nashpy_timeout is None:
        paths = [_own_path(game, label, budget, tol_value) for label in labels]
    else:
        answers = _nashpy_answers(game, labels, nashpy_timeout)
        paths = []
        for label in labels:
            path, problem = _check_nashpy(game, label, answers[label], tol_value)
            if path is None:
                path = _own_path(game, label, budget, tol_value)
                diagnostics.append(
                    f"label {label}: nashpy {problem}; fell back to dualdilemma's own pivoting"
                )
            paths.append(path)

    found = [p for p in paths if p.candidate is not None]
    equilibria, rejected = collect_equilibria(game, [p.candidate for p in found], tol=tol_value)
    if rejected:  # pragma: no cover - every candidate was verified on its own path
        raise SolverError(
            f"{rejected} Lemke-Howson candidate(s) failed verification after passing it; "
            "please report this game"
        )
    diagnostics.extend(p.note for p in paths if p.note)
    unfinished = [p.label for p in paths if not p.converged]
    if unfinished:
        diagnostics.append(
            f"pivot budget of {budget} exhausted from label(s) {unfinished}: "
            "no equilibrium from them"
        )
    diagnostics.append(_summary(game, found, equilibria, len(labels)))
    parameters: dict[str, Any] = {
        "initial_label": initial_label,
        "tol": 0 if game.exact else tol_value,
        "max_pivots": budget,
        "backend": "dualdilemma" if nashpy_timeout is None else "nashpy",
    }
    if nashpy_timeout is not None:
        parameters["timeout"] = nashpy_timeout
    return SolverResult(
        method="lemke_howson",
        parameters=parameters,
        exact=game.exact,
        equilibria=equilibria,
        complete=False,
        degenerate=True if any(p.ties for p in paths) else None,
        converged=not unfinished,
        diagnostics=tuple(diagnostics),
    )


# -- argument checks and reporting -------------------------------------------------------------
def _check_labels(initial_label: Any, m: int, n: int) -> list[int]:
    if initial_label is None:
        return list(range(m + n))
    if isinstance(initial_label, bool) or not isinstance(initial_label, int | np.integer):
        raise InvalidParameterError(
            f"initial_label must be an integer in 0..{m + n - 1} or None, got {initial_label!r}"
        )
    if not 0 <= initial_label < m + n:
        raise InvalidParameterError(
            f"initial_label must be in 0..{m + n - 1} (0..{m - 1} for the row player's "
            f"strategies, {m}..{m + n - 1} for the column player's), got {initial_label!r}"
        )
    return [int(initial_label)]


def _summary(game: NormalFormGame, found: list[_Path], equilibria: tuple, runs: int) -> str:
    """Which starting labels reached which (sorted, deduplicated) equilibrium."""
    reached: dict[int, list[int]] = {}
    for path in found:
        index = _match(game, path.candidate, equilibria)
        reached.setdefault(index, []).append(path.label)
    parts = [
        f"equilibrium {index} from label{'s' if len(lab) > 1 else ''} "
        + ", ".join(str(x) for x in sorted(lab))
        + f" ({sum(p.pivots for p in found if p.label in lab)} pivots)"
        for index, lab in sorted(reached.items())
    ]
    count = len(equilibria)
    head = (
        f"Lemke-Howson from {runs} starting label{'s' if runs > 1 else ''} reached "
        f"{count} distinct equilibri{'um' if count == 1 else 'a'}"
    )
    if runs > 1:
        head += " (the method does not promise every equilibrium)"
    return head + (": " + "; ".join(parts) if parts else "")


def _match(game: NormalFormGame, candidate: Any, equilibria: tuple) -> int:
    """Index of the returned equilibrium that ``candidate`` (normalised) was merged into."""
    if game.exact:
        flat = [p for vector in candidate for p in vector]
        for index, eq in enumerate(equilibria):
            if [p for sigma in eq.profile for p in sigma] == flat:
                return index
        return -1  # pragma: no cover - the candidate was accepted, so it is listed
    values = np.concatenate([np.asarray(vector, dtype=float) for vector in candidate])
    gaps = [np.max(np.abs(np.concatenate(eq.as_arrays()) - values)) for eq in equilibria]
    return int(np.argmin(gaps))


# -- this module's own path ----------------------------------------------------------------------
def _own_path(game: NormalFormGame, label: int, max_pivots: int, tol: float) -> _Path:
    """Run the pivoting path from ``label``; a float result that fails verification is redone
    exactly on the game's rational payoffs."""
    if game.exact:
        return _run(_exact_matrices(game), label, max_pivots, exact=True)
    try:
        path = _run(_float_matrices(game), label, max_pivots, exact=False)
    except SolverError:  # no usable pivot left in the float tableau
        path = None
    if path is not None:
        if path.candidate is None:
            return path
        _, rejected = collect_equilibria(game, [path.candidate], tol=tol)
        if not rejected:
            return path
    exact_path = _run(_exact_matrices(game.to_exact()), label, max_pivots, exact=True)
    if exact_path.candidate is None:
        return exact_path
    candidate = tuple([float(p) for p in vector] for vector in exact_path.candidate)
    _, rejected = collect_equilibria(game, [candidate], tol=tol)
    note = (
        f"label {label}: float pivoting lost accuracy (no usable pivot, or regret above "
        f"{tol:.3g}); recomputed with exact integer pivoting"
    )
    if rejected:
        note += (
            ", but the exact equilibrium rounded to floats still misses the tolerance; "
            "no equilibrium from this label (solve the exact game instead)"
        )
    return _Path(
        label=label,
        candidate=None if rejected else candidate,
        pivots=exact_path.pivots,
        ties=exact_path.ties,
        converged=True,
        note=note,
    )


def _float_matrices(game: NormalFormGame) -> tuple[np.ndarray, np.ndarray]:
    """Both payoff matrices rescaled to ``[1, 2]`` (positive, well scaled, same equilibria)."""
    out = []
    for matrix in game.bimatrix():
        matrix = np.asarray(matrix, dtype=float)
        low, high = float(matrix.min()), float(matrix.max())
        span = high - low
        out.append(1.0 + (matrix - low) / span if span > 0 else np.ones_like(matrix))
    return out[0], out[1]


def _exact_matrices(game: NormalFormGame) -> tuple[np.ndarray, np.ndarray]:
    """Both payoff matrices scaled to integers and shifted to be at least 1 (Python ints)."""
    out = []
    for matrix in game.bimatrix():
        scale = math.lcm(*(Fraction(p).denominator for p in matrix.reshape(-1)))
        ints = np.array([[int(Fraction(p) * scale) for p in row] for row in matrix], dtype=object)
        low = min(ints.reshape(-1))
        out.append(ints - low + 1)
    return out[0], out[1]


def _run(matrices: tuple[np.ndarray, np.ndarray], label: int, max_pivots: int, *, exact: bool):
    r"""Complementary pivoting from ``label`` on positive matrices ``(A, B)``.

    Both tableaux index their columns by label and carry the right-hand side last:
    the row system :math:`[B^\top \mid I_n \mid 1]` holds :math:`x` (labels ``0..m-1``) and the
    slacks :math:`s` (labels ``m..m+n-1``); the column system :math:`[I_m \mid A \mid 1]` holds
    the slacks :math:`r` (labels ``0..m-1``) and :math:`y` (labels ``m..m+n-1``).
    """
    a, b = matrices
    m, n = a.shape
    dtype = object if exact else float
    one = 1 if exact else 1.0
    row_system = _Tableau(
        np.hstack([b.T.astype(dtype), _identity(n, exact), np.full((n, 1), one, dtype=dtype)]),
        basis=list(range(m, m + n)),
        lex_columns=list(range(m, m + n)),
        exact=exact,
    )
    col_system = _Tableau(
        np.hstack([_identity(m, exact), a.astype(dtype), np.full((m, 1), one, dtype=dtype)]),
        basis=list(range(m)),
        lex_columns=list(range(m)),
        exact=exact,
    )
    # label k < m is dropped by x_k entering the row system, k >= m by y entering the column one
    tableau, other = (row_system, col_system) if label < m else (col_system, row_system)
    entering, pivots, ties = label, 0, False
    while pivots < max_pivots:
        leaving, tie = tableau.pivot(entering)
        pivots += 1
        ties = ties or tie
        if leaving == label:
            x = row_system.values(range(m))
            y = col_system.values(range(m, m + n))
            if not (_positive_sum(x, exact) and _positive_sum(y, exact)):  # pragma: no cover
                raise SolverError(
                    f"Lemke-Howson from label {label} ended at a zero vector; please report this"
                )
            return _Path(label, (_normalised(x), _normalised(y)), pivots, ties, True)
        entering = leaving
        tableau, other = other, tableau
    return _Path(label, None, pivots, ties, False)


def _identity(size: int, exact: bool) -> np.ndarray:
    if not exact:
        return np.eye(size)
    out = np.zeros((size, size), dtype=object)
    for i in range(size):
        out[i, i] = 1
    return out


def _positive_sum(vector: list[Any], exact: bool) -> bool:
    return sum(vector) > 0 if exact else float(sum(vector)) > 0.0


def _normalised(vector: list[Any]) -> list[Any]:
    total = sum(vector)
    return [p / total for p in vector]


class _Tableau:
    """One system of the pair, pivoted in place (Gauss-Jordan in float, fraction-free exact)."""

    __slots__ = ("table", "basis", "lex_columns", "exact", "det")

    def __init__(
        self, table: np.ndarray, *, basis: list[int], lex_columns: list[int], exact: bool
    ) -> None:
        self.table = table
        self.basis = basis
        self.lex_columns = lex_columns
        self.exact = exact
        self.det: Any = 1  # previous pivot element of the fraction-free tableau

    def pivot(self, column: int) -> tuple[int, bool]:
        """Let ``column`` enter the basis; return the leaving label and whether a tie occurred."""
        row, tie = self._ratio_test(column)
        leaving = self.basis[row]
        table = self.table
        if self.exact:
            pivot = table[row, column]
            updated = (table * pivot - np.multiply.outer(table[:, column], table[row])) // self.det
            updated[row] = table[row]
            self.table = updated
            self.det = pivot
        else:
            table[row] /= table[row, column]
            factors = table[:, column].copy()
            factors[row] = 0.0
            table -= factors[:, None] * table[row]
            table[:, column] = 0.0
            table[row, column] = 1.0
        self.basis[row] = column
        return leaving, tie

    def _ratio_test(self, column: int) -> tuple[int, bool]:
        """The lexicographic minimum ratio test over rows with a positive entry in ``column``."""
        table = self.table
        entries = table[:, column]
        keys = [table.shape[1] - 1, *self.lex_columns]
        if self.exact:
            rows = [i for i in range(table.shape[0]) if entries[i] > 0]
            if not rows:  # pragma: no cover - impossible with positive payoff matrices
                raise SolverError(f"unbounded Lemke-Howson step entering label {column}")
            tie = False
            for depth, key in enumerate(keys):
                ratios = {i: Fraction(table[i, key], entries[i]) for i in rows}
                low = min(ratios.values())
                rows = [i for i in rows if ratios[i] == low]
                if len(rows) == 1:
                    return rows[0], tie
                tie = tie or depth == 0
            raise SolverError(  # pragma: no cover - the lexicographic columns are nonsingular
                f"lexicographic ratio test left rows {rows} tied entering label {column}"
            )
        scale = float(np.abs(entries).max())
        rows_arr = np.flatnonzero(entries > _PIVOT_TOL * max(1.0, scale))
        if rows_arr.size == 0:
            raise SolverError(
                f"no positive pivot entering label {column}: the float tableau has lost "
                "accuracy; solve the game in exact mode"
            )
        tie = False
        for depth, key in enumerate(keys):
            ratios = table[rows_arr, key] / entries[rows_arr]
            low = float(ratios.min())
            rows_arr = rows_arr[ratios <= low + _TIE_TOL * max(1.0, abs(low))]
            if rows_arr.size == 1:
                return int(rows_arr[0]), tie
            tie = tie or depth == 0
        # numerically tied through every column: take the largest pivot for stability
        return int(rows_arr[np.argmax(entries[rows_arr])]), tie

    def values(self, labels: range) -> list[Any]:
        """Values of the variables with these labels (0 when nonbasic), unnormalised."""
        rhs = self.table.shape[1] - 1
        where = {label: row for row, label in enumerate(self.basis)}
        zero: Any = Fraction(0) if self.exact else 0.0
        out = []
        for label in labels:
            row = where.get(label)
            if row is None:
                out.append(zero)
            elif self.exact:
                out.append(Fraction(self.table[row, rhs], self.det))
            else:
                out.append(max(0.0, float(self.table[row, rhs])))
        return out


# -- the nashpy backend ------------------------------------------------------------------------
def _nashpy_worker(connection: Any, a: np.ndarray, b: np.ndarray, labels: list[int]) -> None:
    """Child process: nashpy's answer for each label, sent as ``(label, kind, x, y)``."""
    import nashpy

    connection.send(("ready", None, None, None))
    game = nashpy.Game(a, b)
    for label in labels:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                x, y = game.lemke_howson(initial_dropped_label=label)
            answer = (label, "ok", np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        except Exception as exc:  # any failure of the third-party code is reported
            answer = (label, "raised", f"{type(exc).__name__}: {exc}", None)
        connection.send(answer)
    connection.close()


def _nashpy_answers(game: NormalFormGame, labels: list[int], timeout: float) -> dict[int, tuple]:
    """Run nashpy from each label in a worker process, restarted after a label times out."""
    import multiprocessing

    import nashpy  # noqa: F401 - imported before forking so that each worker starts at once

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    a, b = (np.asarray(matrix, dtype=float) for matrix in game.bimatrix())
    answers: dict[int, tuple] = {}
    pending = list(labels)
    while pending:
        receiver, sender = context.Pipe(duplex=False)
        try:
            process = context.Process(
                target=_nashpy_worker, args=(sender, a, b, pending), daemon=True
            )
            process.start()
        except (AssertionError, OSError) as exc:  # e.g. inside a daemonic process
            for label in pending:
                answers[label] = ("failed", f"could not be started ({exc})", None)
            receiver.close()
            sender.close()
            break
        sender.close()
        try:
            if not receiver.poll(max(60.0, timeout)):
                for label in pending:
                    answers[label] = ("failed", "worker process did not start", None)
                pending = []
                break
            receiver.recv()  # "ready": nashpy is imported
            while pending:
                if not receiver.poll(timeout):
                    answers[pending.pop(0)] = (
                        "failed",
                        f"did not answer within {timeout:g} s (its path can cycle)",
                        None,
                    )
                    break
                label, kind, x, y = receiver.recv()
                answers[label] = (kind, x, y)
                pending.remove(label)
        except (EOFError, OSError):
            answers[pending.pop(0)] = ("failed", "worker process died", None)
        finally:
            receiver.close()
            if process.is_alive():
                process.kill()
            process.join()
    return answers


def _check_nashpy(
    game: NormalFormGame, label: int, answer: tuple, tol: float
) -> tuple[_Path | None, str]:
    """nashpy's answer as a verified path, or ``(None, what was wrong with it)``."""
    kind, x, y = answer
    if kind == "failed":
        return None, x
    if kind == "raised":
        return None, f"raised {x}"
    m, n = game.shape
    x, y = np.asarray(x, dtype=float).reshape(-1), np.asarray(y, dtype=float).reshape(-1)
    if x.shape != (m,) or y.shape != (n,):
        return None, f"returned vectors of lengths ({x.size}, {y.size}) for a {m}x{n} game"
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        return None, "returned NaN or infinite probabilities"
    simplex_tol = max(1e-9, tol)
    for vector in (x, y):
        if np.any(vector < -simplex_tol) or abs(float(vector.sum()) - 1.0) > simplex_tol:
            return None, f"returned {vector.tolist()}, which is off the simplex"
    candidate: tuple[list[Any], list[Any]]
    if game.exact:
        exact_profile = to_exact_profile((x, y))
        candidate = (list(exact_profile[0]), list(exact_profile[1]))
    else:
        candidate = (x.tolist(), y.tolist())
    _, rejected = collect_equilibria(game, [candidate], tol=tol)
    if rejected:
        regret = float(max_regret(game.to_float(), (x, y)))
        if game.exact:
            return None, (
                "returned a profile that is not an exact equilibrium once rationalised "
                f"(float regret {regret:.3g})"
            )
        return None, f"returned a profile with regret {regret:.3g} above the tolerance {tol:.3g}"
    return _Path(label, candidate, 0, False, True), ""
