r"""Best-response polytopes of a bimatrix game: vertex enumeration and complementary pairs.

Shared by :mod:`~dualdilemma.solvers.vertex_enumeration` and
:mod:`~dualdilemma.solvers.support_enumeration`.

Polytopes and labels
--------------------
After a positive affine change of each player's payoffs (which leaves Nash equilibria
unchanged) both matrices are positive, and the best-response polytopes of von Stengel (2002,
section 2.4)

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}

are bounded.  Both have the form :math:`\{z \ge 0 : Cz \le 1\}` with :math:`C > 0`
(:math:`C = B^\top` for :math:`P`, :math:`C = A` for :math:`Q`).  A point carries the *label*
of every inequality it satisfies with equality; labels :math:`0, \dots, m-1` are the row
player's strategies (:math:`x_i = 0` in :math:`P`, :math:`(Ay)_i = 1` in :math:`Q`) and labels
:math:`m, \dots, m+n-1` the column player's.  A pair :math:`(x, y) \ne (0, 0)` is *completely
labelled* when every label appears at :math:`x` or at :math:`y`; the completely labelled vertex
pairs, rescaled to the simplices, are exactly the extreme Nash equilibria, in degenerate games
too (von Stengel 2002, sections 2.4, 2.6 and 2.7; Avis, Rosenberg, Savani and von Stengel
2010).

Enumeration
-----------
The vertices of :math:`\{z \ge 0 : Cz \le 1\}` are found by breadth-first search over feasible
bases of the slack form :math:`Cz + s = 1`, starting at the origin (all slacks basic).  Every
entering variable leaves by the *lexicographic* minimum-ratio rule (Dantzig, Orden and Wolfe
1955), which is the simplex method on the symbolically perturbed right-hand side
:math:`1 + (\varepsilon, \varepsilon^2, \dots)`: the perturbed polytope is simple, its vertex
graph is connected, each of its vertices is one lexicographically feasible basis, and every
vertex of the unperturbed polytope is the limit of at least one of them.  So the search visits
every vertex even when the polytope is degenerate (a vertex with more than :math:`d` zero
variables), without visiting all of a degenerate vertex's bases (the device of lrs, Avis 2000).

* Float mode processes a whole BFS layer at once: the basis inverses are one stacked
  ``numpy.linalg.inv`` (no error accumulates along pivot paths), the ratio tests for every
  entering column of every basis are one array operation, and new bases are recognised by
  bitmask keys with ``numpy.unique``/``numpy.isin``.  A first pass assumes non-degeneracy
  (plain minimum ratio); if it meets a basis with a zero basic variable it starts again with
  the lexicographic rule, also vectorised.
* Exact mode pivots an integer tableau fraction-free (Edmonds 1967; the integer pivoting of
  lrs), on Python integers, so every zero test and every ratio comparison is exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np

__all__ = [
    "PolytopeVertices",
    "polytope_vertices",
    "positive_float_matrix",
    "positive_integer_matrix",
    "complementary_pairs",
    "maximal_bicliques",
]

#: Bases per stacked linear-algebra call in float mode (keeps temporaries in cache).
_CHUNK = 2048


@dataclass(frozen=True)
class PolytopeVertices:
    """The vertices of :math:`\\{z \\ge 0 : Cz \\le 1\\}` (``C`` of shape ``(k, d)``).

    Attributes
    ----------
    zero
        Boolean array ``(V, d + k)``: entry ``[v, j]`` is true when variable ``j`` is zero at
        vertex ``v`` (``j < d``: the coordinate ``z_j``; ``j >= d``: the slack of constraint
        ``j - d``).  One row per vertex, the origin first.
    points
        The coordinates ``(V, d)``: float64, or ``object`` Fractions in exact mode.
    degenerate
        Whether some vertex has more than ``d`` zero variables.
    bases
        How many (lexicographically feasible) bases the search visited.
    """

    zero: np.ndarray
    points: np.ndarray
    degenerate: bool
    bases: int


def positive_float_matrix(matrix: np.ndarray) -> np.ndarray:
    """Map a payoff matrix affinely onto ``[1, 2]`` (a constant matrix becomes all ones).

    >>> positive_float_matrix(np.array([[0.0, -2.0], [2.0, 1.0]]))
    array([[1.5 , 1.  ],
           [2.  , 1.75]])
    """
    low, high = float(np.min(matrix)), float(np.max(matrix))
    if high == low:
        return np.ones(matrix.shape)
    return 1.0 + (np.asarray(matrix, dtype=float) - low) / (high - low)


def positive_integer_matrix(matrix: np.ndarray) -> list[list[int]]:
    """Map a matrix of Fractions onto positive integers by ``(a - min) * lcm(denominators) + 1``.

    >>> from fractions import Fraction
    >>> positive_integer_matrix(np.array([[Fraction(1, 2), Fraction(-1, 3)]], dtype=object))
    [[6, 1]]
    """
    entries = [Fraction(a) for a in np.asarray(matrix, dtype=object).reshape(-1)]
    low = min(entries)
    scale = lcm(*(a.denominator for a in entries))
    rows, cols = matrix.shape
    out = [int((a - low) * scale) + 1 for a in entries]
    return [out[r * cols : (r + 1) * cols] for r in range(rows)]


def polytope_vertices(C: Any, *, exact: bool, ztol: float = 1e-9) -> PolytopeVertices:
    """All vertices of :math:`\\{z \\ge 0 : Cz \\le 1\\}` for a positive ``(k, d)`` matrix ``C``.

    Parameters
    ----------
    C
        Float array (float mode) or list of rows of positive Python ints (exact mode).
    exact
        Integer pivoting on Python ints (every decision exact) instead of floats.
    ztol
        Float mode: a value at most ``ztol`` counts as zero (values are at most 1 here).

    Examples
    --------
    The unit square has four vertices; the origin comes first:

    >>> result = polytope_vertices([[1, 0], [0, 1]], exact=True)
    >>> sorted(tuple(int(p) for p in point) for point in result.points)
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    >>> result.degenerate
    False
    """
    if exact:
        return _vertices_exact([[int(c) for c in row] for row in C])
    matrix = np.asarray(C, dtype=float)
    fast = _vertices_float(matrix, ztol, lexicographic=False)
    if fast is not None:
        return fast
    careful = _vertices_float(matrix, ztol, lexicographic=True)
    if careful is None:  # pragma: no cover - the lexicographic pass never gives up
        raise RuntimeError("lexicographic vertex enumeration gave up")
    return careful


# -- float mode ------------------------------------------------------------------------------------


class _KeySet:
    """Bitmask keys of bases (sets of basic variables) and a growing set of seen keys."""

    def __init__(self, nvar: int) -> None:
        self.nbytes = (nvar + 7) // 8
        self.seen = np.empty(0, dtype=self._dtype())

    def _dtype(self) -> np.dtype:
        return np.dtype(np.uint64) if self.nbytes <= 8 else np.dtype((np.void, self.nbytes))

    def keys(self, member: np.ndarray) -> np.ndarray:
        """One key per row of a boolean membership matrix ``(N, nvar)``."""
        packed = np.packbits(member, axis=1, bitorder="little")
        if self.nbytes <= 8:
            padded = np.zeros((len(member), 8), dtype=np.uint8)
            padded[:, : self.nbytes] = packed
            return padded.view("<u8").reshape(-1)
        return np.ascontiguousarray(packed).view(self._dtype()).reshape(-1)

    def add_new(self, keys: np.ndarray) -> np.ndarray:
        """Indices of the first occurrence of each key not seen before; mark them seen."""
        unique, first = np.unique(keys, return_index=True)
        fresh = ~np.isin(unique, self.seen, assume_unique=True)
        if fresh.any():
            self.seen = np.union1d(self.seen, unique[fresh])
        return np.sort(first[fresh])


def _vertices_float(C: np.ndarray, ztol: float, *, lexicographic: bool) -> PolytopeVertices | None:
    k, d = C.shape
    nvar = d + k
    full_t = np.vstack([C.T, np.eye(k)])  # row j: column j of [C | I]
    c_t = np.ascontiguousarray(C.T)
    ptol = 1e-12
    keyset = _KeySet(nvar)
    frontier = np.arange(d, nvar)[None, :]  # row r of a basis: its basic variable for row r
    keyset.add_new(keyset.keys(_membership(frontier, nvar)))
    zero_blocks: list[np.ndarray] = []
    point_blocks: list[np.ndarray] = []
    degenerate = False
    visited = 0
    while len(frontier):
        child_keys: list[np.ndarray] = []
        child_bases: list[np.ndarray] = []
        for start in range(0, len(frontier), _CHUNK):
            bases = frontier[start : start + _CHUNK]
            count = len(bases)
            visited += count
            inverse_t = np.linalg.inv(full_t[bases])  # (F, k, k): transpose of B^{-1}
            rhs = inverse_t.sum(axis=1)  # B^{-1} 1, one row per basis
            tableau_t = np.concatenate([np.matmul(c_t, inverse_t), inverse_t], axis=1)
            member = _membership(bases, nvar)
            zero_basic = rhs <= ztol
            if zero_basic.any():
                degenerate = True
                if not lexicographic:
                    return None
            zero = ~member
            rows = np.nonzero(zero_basic)
            zero[rows[0], bases[rows]] = True
            points = np.zeros((count, nvar))
            np.put_along_axis(points, bases, np.where(zero_basic, 0.0, rhs), axis=1)
            zero_blocks.append(zero)
            point_blocks.append(points[:, :d])
            if lexicographic:
                leave = _lex_leaving_rows(tableau_t, rhs, inverse_t, ztol, ptol)
            else:
                with np.errstate(divide="ignore", invalid="ignore"):
                    leave = np.argmax(tableau_t / rhs[:, None, :], axis=2)
            parent, entering = np.nonzero(~member)
            row = leave[parent, entering]
            ok = row >= 0
            if not lexicographic and not (tableau_t[parent, entering, row] > ptol).all():
                return None  # a numerically doubtful pivot: use the careful rule
            parent, entering, row = parent[ok], entering[ok], row[ok]
            new_bases = bases[parent]
            new_bases[np.arange(len(parent)), row] = entering
            child_bases.append(new_bases)
            child_keys.append(keyset.keys(_membership(new_bases, nvar)))
        if not child_keys:
            break
        all_bases = np.concatenate(child_bases)
        fresh = keyset.add_new(np.concatenate(child_keys))
        frontier = all_bases[fresh]
    zero = np.concatenate(zero_blocks)
    points = np.concatenate(point_blocks)
    # several bases of a degenerate vertex: keep one row per vertex (its zero pattern)
    packed = np.packbits(zero, axis=1)
    _, first = np.unique(
        np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1]))).reshape(-1),
        return_index=True,
    )
    first = np.sort(first)
    zero, points = zero[first], points[first]
    degenerate = degenerate or bool((zero.sum(axis=1) > d).any())
    return PolytopeVertices(zero=zero, points=points, degenerate=degenerate, bases=visited)


def _membership(bases: np.ndarray, nvar: int) -> np.ndarray:
    member = np.zeros((len(bases), nvar), dtype=bool)
    np.put_along_axis(member, bases, True, axis=1)
    return member


def _lex_leaving_rows(
    tableau_t: np.ndarray, rhs: np.ndarray, inverse_t: np.ndarray, ztol: float, ptol: float
) -> np.ndarray:
    """Lexicographic minimum-ratio rows ``(F, nvar)`` (``-1`` where no entry is positive).

    ``tableau_t[f, j, r]`` is the tableau entry in row ``r``, column ``j``; the lexicographic
    keys of row ``r`` are ``(rhs_r, B^{-1}_{r,0}, ..., B^{-1}_{r,k-1}) / T_{rj}``.
    """
    positive = tableau_t > ptol
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(positive, rhs[:, None, :] / tableau_t, np.inf)
    best = ratio.min(axis=2)
    candidate = ratio <= (best + ztol)[..., None]
    leave = np.argmax(candidate, axis=2)
    leave[~np.isfinite(best)] = -1
    tied_f, tied_j = np.nonzero(candidate.sum(axis=2) > 1)
    if len(tied_f):
        cand = candidate[tied_f, tied_j]  # (N, k)
        pivots = tableau_t[tied_f, tied_j]  # (N, k)
        k = rhs.shape[1]
        for t in range(k):
            unresolved = cand.sum(axis=1) > 1
            if not unresolved.any():
                break
            with np.errstate(divide="ignore", invalid="ignore"):
                keys = np.where(cand, inverse_t[tied_f, t, :] / pivots, np.inf)
            low = keys.min(axis=1)
            scale = np.maximum(1.0, np.abs(low))
            cand &= ~unresolved[:, None] | (keys <= (low + ztol * scale)[:, None])
        leave[tied_f, tied_j] = np.argmax(cand, axis=1)
    return leave


# -- exact mode ------------------------------------------------------------------------------------


def _vertices_exact(C: list[list[int]]) -> PolytopeVertices:
    """Depth-first search with fraction-free integer pivoting.

    The tableau ``T`` is ``det(B) * B^{-1} [C | I | 1]`` in integers, with ``D = det(B) > 0``;
    a pivot on ``T[r, c] = p > 0`` maps every other row to ``(p T_i - T_ic T_r) / D`` (an exact
    division) and sets ``D = p`` (Edmonds 1967).
    """
    k, d = len(C), len(C[0])
    nvar = d + k
    start = np.empty((k, nvar + 1), dtype=object)
    for r in range(k):
        start[r, :d] = C[r]
        start[r, d:nvar] = [1 if t == r else 0 for t in range(k)]
        start[r, nvar] = 1
    basis0 = list(range(d, nvar))
    seen = {_bitmask(basis0)}
    stack: list[tuple[np.ndarray, int, list[int]]] = [(start, 1, basis0)]
    vertices: dict[int, tuple[Fraction, ...]] = {}
    degenerate = False
    visited = 0
    while stack:
        tableau, det, basis = stack.pop()
        visited += 1
        rhs = [int(v) for v in tableau[:, nvar]]
        basis_mask = _bitmask(basis)
        zero_mask = ((1 << nvar) - 1) ^ basis_mask
        point = [Fraction(0)] * d
        for r, var in enumerate(basis):
            if rhs[r] == 0:
                zero_mask |= 1 << var
                degenerate = True
            elif var < d:
                point[var] = Fraction(rhs[r], det)
        vertices.setdefault(zero_mask, tuple(point))
        in_basis = set(basis)
        for entering in range(nvar):
            if entering in in_basis:
                continue
            row = _exact_leaving_row(tableau, rhs, entering, d, k)
            if row < 0:  # pragma: no cover - C > 0 bounds the polytope
                continue
            key = basis_mask ^ (1 << basis[row]) ^ (1 << entering)
            if key in seen:
                continue
            seen.add(key)
            pivot = int(tableau[row, entering])
            column = tableau[:, entering].copy()
            new = (pivot * tableau - np.outer(column, tableau[row])) // det
            new[row] = tableau[row]
            new_basis = list(basis)
            new_basis[row] = entering
            stack.append((new, pivot, new_basis))
    masks = list(vertices)
    zero = np.array([[(mask >> j) & 1 for j in range(nvar)] for mask in masks], dtype=bool)
    points = np.empty((len(masks), d), dtype=object)
    for v, mask in enumerate(masks):
        points[v] = vertices[mask]
    degenerate = degenerate or bool((zero.sum(axis=1) > d).any())
    return PolytopeVertices(zero=zero, points=points, degenerate=degenerate, bases=visited)


def _bitmask(indices: Sequence[int]) -> int:
    mask = 0
    for j in indices:
        mask |= 1 << j
    return mask


def _exact_leaving_row(tableau: np.ndarray, rhs: list[int], col: int, d: int, k: int) -> int:
    """The lexicographic minimum-ratio row for entering column ``col`` (exact comparisons)."""
    best = -1
    best_pivot = 0
    ties: list[int] = []
    for r in range(k):
        pivot = int(tableau[r, col])
        if pivot <= 0:
            continue
        if best < 0:
            best, best_pivot, ties = r, pivot, [r]
            continue
        # rhs_r / pivot  versus  rhs_best / best_pivot (both pivots positive)
        left, right = rhs[r] * best_pivot, rhs[best] * pivot
        if left < right:
            best, best_pivot, ties = r, pivot, [r]
        elif left == right:
            ties.append(r)
    if len(ties) <= 1:
        return best
    for t in range(d, d + k):  # the columns of B^{-1}: the lexicographic keys
        low = ties[0]
        kept = [low]
        for r in ties[1:]:
            left = int(tableau[r, t]) * int(tableau[low, col])
            right = int(tableau[low, t]) * int(tableau[r, col])
            if left < right:
                low, kept = r, [r]
            elif left == right:
                kept.append(r)
        ties = kept
        if len(ties) == 1:
            break
    return ties[0]


# -- complementary pairs and maximal Nash subsets --------------------------------------------------


def complementary_pairs(
    labels_p: np.ndarray, labels_q: np.ndarray, m: int, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Indices ``(i, j)`` of all pairs with ``labels_p[i] | labels_q[j]`` = every label.

    ``labels_p`` is ``(Vp, m + n)``, ``labels_q`` is ``(Vq, m + n)``, both boolean in the game's
    label order.  A vertex of ``P`` with exactly ``m`` labels pairs with a vertex of ``Q`` with
    exactly ``n`` labels only if their label sets are complementary, which a hash lookup finds;
    vertices with extra labels (degenerate ones) are checked against all vertices of the
    other polytope with vectorised bitmask ``OR``, in chunks.

    >>> p = np.array([[1, 0, 1, 0], [0, 1, 0, 1], [1, 1, 0, 0]], dtype=bool)
    >>> q = np.array([[0, 1, 0, 1], [1, 0, 1, 0], [0, 0, 1, 1]], dtype=bool)
    >>> complementary_pairs(p, q, 2, 2)
    (array([0, 1, 2]), array([0, 1, 2]))
    """
    found: set[tuple[int, int]] = set()
    count_p = labels_p.sum(axis=1)
    count_q = labels_q.sum(axis=1)
    packed_p = np.packbits(labels_p, axis=1)
    packed_q = np.packbits(labels_q, axis=1)
    plain_p = np.nonzero(count_p == m)[0]
    plain_q = np.nonzero(count_q == n)[0]
    lookup = {packed_q[j].tobytes(): int(j) for j in plain_q}
    complements = np.packbits(~labels_p[plain_p], axis=1)
    for i, key in zip(plain_p, complements, strict=True):
        j = lookup.get(key.tobytes())
        if j is not None:
            found.add((int(i), j))
    full = np.packbits(np.ones(m + n, dtype=bool))
    extra_p = np.nonzero(count_p > m)[0]
    extra_q = np.nonzero(count_q > n)[0]
    for rows, cols, flip in ((extra_p, np.arange(len(labels_q)), False), (extra_q, plain_p, True)):
        if not len(rows) or not len(cols):
            continue
        mine = packed_q if flip else packed_p
        other = packed_p if flip else packed_q
        block = max(1, 2_000_000 // (len(cols) * packed_p.shape[1]))
        for start in range(0, len(rows), block):
            sub = rows[start : start + block]
            union = mine[sub][:, None, :] | other[cols][None, :, :]
            hit_a, hit_b = np.nonzero(np.all(union == full, axis=2))
            for a, b in zip(sub[hit_a], cols[hit_b], strict=True):
                found.add((int(b), int(a)) if flip else (int(a), int(b)))
    pairs = sorted(found)
    return (
        np.array([p for p, _ in pairs], dtype=np.intp),
        np.array([q for _, q in pairs], dtype=np.intp),
    )


def maximal_bicliques(edges: Sequence[tuple[int, int]]) -> list[tuple[tuple[int, ...], ...]]:
    """Maximal bicliques ``(rows, cols)`` of a bipartite graph given by its edges.

    For the graph of extreme equilibria (an edge joins ``x`` and ``y`` when ``(x, y)`` is an
    extreme equilibrium) these are the *maximal Nash subsets*: every convex combination of
    their ``x``'s with every convex combination of their ``y``'s is an equilibrium (Winkels
    1979; Avis et al. 2010, section 4).  They are the closed pairs of the graph: the column
    sets are the intersections of row neighbourhoods, generated incrementally.

    >>> maximal_bicliques([(0, 0), (0, 1), (1, 1)])
    [((0,), (0, 1)), ((0, 1), (1,))]
    """
    neighbours: dict[int, int] = {}
    for row, col in edges:
        neighbours[row] = neighbours.get(row, 0) | (1 << col)
    intents: set[int] = set()
    for mask in neighbours.values():
        intents |= {mask & other for other in intents if mask & other} | {mask}
    out = []
    for intent in intents:
        rows = tuple(sorted(r for r, mask in neighbours.items() if mask & intent == intent))
        cols = tuple(j for j in range(intent.bit_length()) if (intent >> j) & 1)
        out.append((rows, cols))
    out.sort()
    return out
