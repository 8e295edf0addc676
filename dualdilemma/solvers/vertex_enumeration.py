r"""All extreme Nash equilibria of a bimatrix game by vertex enumeration, degenerate games included.

Mathematics
-----------
Shift and scale each player's payoffs so that :math:`A, B > 0` (Nash equilibria are invariant
under positive affine maps of a player's payoffs) and form the best-response polytopes

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

Label :math:`i < m` (a row) is carried by :math:`x \in P` when :math:`x_i = 0` and by
:math:`y \in Q` when :math:`(Ay)_i = 1`; label :math:`m + j` (a column) by :math:`x` when
:math:`(B^\top x)_j = 1` and by :math:`y` when :math:`y_j = 0`.  A pair
:math:`(x, y) \in P \times Q \setminus \{(0, 0)\}` is a Nash equilibrium, after rescaling to
:math:`(x / \sum x, y / \sum y)`, iff it is *completely labelled*; the extreme equilibria are
exactly the completely labelled pairs of vertices (von Stengel 2002, sections 2.4 and 2.7; for
degenerate games Avis, Rosenberg, Savani and von Stengel 2010).

The algorithm (vertex enumeration of both polytopes, Mangasarian 1964, as surveyed by Avis et
al. 2010; the vertex search is in :mod:`dualdilemma.solvers._polytope`):

1. enumerate every vertex of :math:`P` and of :math:`Q` with its label set, by a
   breadth-first search over lexicographically feasible bases (vectorised in float mode,
   fraction-free integer pivoting in exact mode);
2. pair them: a vertex of :math:`P` with exactly :math:`m` labels matches the vertex of
   :math:`Q` whose label set is its complement (a hash lookup); a vertex with more labels than
   its dimension (a *degenerate* vertex) is checked against every vertex of the other polytope
   with vectorised bitmask ``OR``;
3. verify every candidate through :func:`~dualdilemma.solvers.regret.collect_equilibria`.

A game is *degenerate* when some mixed strategy has more pure best responses than the size of its
support; equivalently (von Stengel 2002, section 2.6) some vertex of :math:`P` or :math:`Q` has
more labels than the dimension.  Degenerate games can have infinitely many equilibria; their
equilibrium set is the union of finitely many *maximal Nash subsets*
:math:`\operatorname{conv} X \times \operatorname{conv} Y` (Winkels 1979), each a maximal biclique
of the bipartite graph whose edges are the extreme equilibria, and the result lists them in
``components``.

References
----------
B. von Stengel (2002), "Computing equilibria for two-person games", Handbook of Game Theory
vol. 3, ch. 45, pp. 1723-1759.  D. Avis, G. D. Rosenberg, R. Savani, B. von Stengel (2010),
"Enumeration of Nash equilibria for two-player games", Economic Theory 42:9-37.
O. L. Mangasarian (1964), "Equilibrium points of bimatrix games", J. SIAM 12:778-780.
H.-M. Winkels (1979), "An algorithm to determine all equilibrium points of a bimatrix game".
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from dualdilemma.errors import UnsupportedGameError
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.solvers._polytope import (
    complementary_pairs,
    maximal_bicliques,
    polytope_vertices,
    positive_float_matrix,
    positive_integer_matrix,
)
from dualdilemma.solvers.regret import check_tol, collect_equilibria
from dualdilemma.solvers.result import Equilibrium, SolverResult

__all__ = ["vertex_enumeration", "extreme_strategies", "nash_subsets"]

#: Smallest and largest zero tolerance (in units of the rescaled payoffs, which span [1, 2]).
_ZTOL_RANGE = (1e-12, 1e-7)


def vertex_enumeration(game: NormalFormGame, *, tol: float | None = None) -> SolverResult:
    """Every extreme Nash equilibrium of a two-player game, and its maximal Nash subsets.

    Parameters
    ----------
    game
        A two-player :class:`~dualdilemma.games.normal_form.NormalFormGame`.  In exact mode
        (Fraction payoffs) every decision is exact and the equilibria are Fractions with regret
        exactly 0.
    tol
        Float mode: regret tolerance (default ``1e-9 * max(1, max|U|)``); divided by the payoff
        range it is also the tolerance below which a slack or a probability counts as zero.
        Ignored in exact mode.

    Returns
    -------
    SolverResult
        ``equilibria``: all extreme equilibria, verified and sorted; ``complete`` is ``True``
        unless a candidate failed verification (then ``diagnostics`` says so).
        ``degenerate``: whether a vertex of a best-response polytope has more labels than its
        dimension.  ``components``: the maximal Nash subsets, each a pair
        ``(rows, columns)`` of index tuples into :func:`extreme_strategies` of the result; every
        mixture of those rows with every mixture of those columns is an equilibrium.  In a
        non-degenerate game each equilibrium is its own subset.

    Raises
    ------
    UnsupportedGameError
        If ``game`` is not a two-player normal-form game.

    Notes
    -----
    Algorithm of Avis, Rosenberg, Savani and von Stengel (2010) over the best-response polytopes
    of von Stengel (2002, section 2.4); see the module docstring.

    Examples
    --------
    Battle of the sexes (Luce and Raiffa 1957): two pure equilibria and one mixed.

    >>> bos = NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> result = vertex_enumeration(bos)
    >>> [[tuple(str(p) for p in sigma) for sigma in eq.profile] for eq in result]
    [[('1', '0'), ('1', '0')], [('2/3', '1/3'), ('1/3', '2/3')], [('0', '1'), ('0', '1')]]
    >>> result.degenerate
    False

    A degenerate game: the column player is indifferent when the row player plays his dominant
    first row, so every mixture of the columns is an equilibrium (one maximal Nash subset
    with one row strategy and two column vertices):

    >>> tied = NormalFormGame.from_arrays([[2, 2], [1, 0]], [[1, 1], [0, 2]])
    >>> result = vertex_enumeration(tied)
    >>> len(result), result.degenerate, result.components
    (2, True, (((0,), (0, 1)),))
    """
    _check_bimatrix(game, "vertex_enumeration")
    tol_value = check_tol(tol, game)
    A, B = game.bimatrix()
    m, n = game.shape
    if game.exact:
        P = polytope_vertices(positive_integer_matrix(B.T), exact=True)
        Q = polytope_vertices(positive_integer_matrix(A), exact=True)
    else:
        P = polytope_vertices(positive_float_matrix(B.T), exact=False, ztol=_ztol(B, tol_value))
        Q = polytope_vertices(positive_float_matrix(A), exact=False, ztol=_ztol(A, tol_value))
    labels_p = P.zero  # variables x (labels 0..m-1), then slacks of B^T x <= 1 (m..m+n-1)
    labels_q = np.concatenate([Q.zero[:, n:], Q.zero[:, :n]], axis=1)  # slacks of Ay <= 1, y
    rows, cols = complementary_pairs(labels_p, labels_q, m, n)
    candidates = []
    for i, j in zip(rows, cols, strict=True):
        x, y = P.points[i], Q.points[j]
        if not any(x) or not any(y):  # the artificial equilibrium (0, 0)
            continue
        candidates.append((_normalise(x), _normalise(y)))
    equilibria, rejected = collect_equilibria(game, candidates, tol=tol_value)
    degenerate = P.degenerate or Q.degenerate
    components = nash_subsets(equilibria)
    diagnostics = [
        f"{len(P.zero) - 1} vertices of P and {len(Q.zero) - 1} of Q besides the origin "
        f"({P.bases + Q.bases} bases visited); {len(candidates)} completely labelled pairs",
    ]
    if degenerate:
        diagnostics.append(
            "the game is degenerate (a best-response polytope has a vertex with more labels "
            "than its dimension): all extreme equilibria are returned, and components lists "
            f"the {len(components)} maximal Nash subsets"
        )
    if rejected:
        diagnostics.append(
            f"{rejected} candidate(s) failed verification; the set may be incomplete"
        )
    return SolverResult(
        method="vertex_enumeration",
        parameters={"tol": 0 if game.exact else tol_value},
        exact=game.exact,
        equilibria=equilibria,
        complete=rejected == 0,
        degenerate=degenerate,
        diagnostics=tuple(diagnostics),
        components=components,
    )


def extreme_strategies(
    equilibria: SolverResult | tuple[Equilibrium, ...],
) -> tuple[tuple[tuple[Any, ...], ...], tuple[tuple[Any, ...], ...]]:
    """The distinct row and column strategies of a list of equilibria, in order of appearance.

    These are the index spaces of ``SolverResult.components``.

    >>> tied = NormalFormGame.from_arrays([[2, 2], [1, 0]], [[1, 1], [0, 2]])
    >>> rows, cols = extreme_strategies(vertex_enumeration(tied))
    >>> [[str(p) for p in x] for x in rows], [[str(p) for p in y] for y in cols]
    ([['1', '0']], [['1', '0'], ['0', '1']])
    """
    eqs = tuple(equilibria)
    rows = tuple(dict.fromkeys(eq.profile[0] for eq in eqs))
    cols = tuple(dict.fromkeys(eq.profile[1] for eq in eqs))
    return rows, cols


def nash_subsets(
    equilibria: SolverResult | tuple[Equilibrium, ...],
) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]:
    """Maximal Nash subsets (maximal bicliques) of a set of extreme equilibria.

    Returns pairs ``(rows, columns)`` of indices into :func:`extreme_strategies`, sorted; every
    pair ``(rows[a], columns[b])`` is one of the given equilibria.  Complete only when
    ``equilibria`` holds every extreme equilibrium of the game.

    >>> bos = NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> nash_subsets(vertex_enumeration(bos))
    (((0,), (0,)), ((1,), (1,)), ((2,), (2,)))
    """
    eqs = tuple(equilibria)
    rows, cols = extreme_strategies(eqs)
    row_index = {x: a for a, x in enumerate(rows)}
    col_index = {y: b for b, y in enumerate(cols)}
    edges = [(row_index[eq.profile[0]], col_index[eq.profile[1]]) for eq in eqs]
    return tuple(maximal_bicliques(edges))


def _check_bimatrix(game: Any, name: str) -> None:
    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError(
            f"{name} needs a two-player NormalFormGame, got {type(game).__name__}"
        )
    if game.num_players != 2:
        raise UnsupportedGameError(
            f"{name} handles two-player games only; this game has {game.num_players} players"
        )


def _ztol(matrix: np.ndarray, tol: float) -> float:
    spread = float(np.max(matrix) - np.min(matrix))
    relative = tol / spread if spread > 0 else tol
    return float(min(max(relative, _ZTOL_RANGE[0]), _ZTOL_RANGE[1]))


def _normalise(point: np.ndarray) -> tuple[Any, ...]:
    if point.dtype == object:
        total = sum(point, Fraction(0))
        return tuple(Fraction(p) / total for p in point)
    clipped = np.clip(point, 0.0, None)
    return tuple(float(p) for p in clipped / clipped.sum())
