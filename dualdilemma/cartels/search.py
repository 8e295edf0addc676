r"""Exact search for the smallest self-enforcing effective cartel, without :math:`2^N` subsets.

The outcome of a cartel
-----------------------
A cartel :math:`S` controls; its outsiders best-respond (MODEL s.4).  Write :math:`z = (K, U)`
for the exporters' aggregate (capacity and unsafeguarded capacity :math:`w_j = k_j (1 - s_j)`),
and :math:`F^C_j(z)` for supplier :math:`j`'s gain from exporting when it controls and the
exporters' aggregate is :math:`z` (:mod:`dualdilemma.solvers.aggregative_pure`).  Call
:math:`j` *free to control* if :math:`F^C_j \le 0` somewhere in the aggregates' box
:math:`[0, K_{tot}] \times [0, U_{tot}]` (:func:`may_control`, interval bounds on an adaptive
subdivision); every other supplier exports in every outsiders' game.  Let :math:`A` be the
suppliers free to control (empty when exporting is dominant, :func:`export_dominant`).  In any
outsiders' equilibrium the exporters :math:`X` satisfy
:math:`O \setminus A \subseteq X \subseteq O` with :math:`O = N \setminus S`.

* **Effective.**  The leakage of exporters :math:`X` is :math:`U_X / \max(1, K_X)`, so it is
  at most :math:`\tau` iff (1) :math:`U_X \le \tau` or (2) :math:`\sum_X v_j \le 0`,
  :math:`v_j = w_j - \tau k_j` (:mod:`dualdilemma.cartels.minimal`).  An effective :math:`S`
  therefore needs (1') :math:`\sum_{O \setminus A} w_j \le \tau` or (2')
  :math:`\sum_{O} v'_j \le 0` with :math:`v'_j = v_j` off :math:`A` and
  :math:`\min(v_j, 0)` on it: two linear quotas on the members' weights :math:`w'` (:math:`w`
  off :math:`A`, 0 on it) and :math:`v'`.
* **Self-enforcing.**  Member :math:`i` holds at :math:`\delta` iff, at the selected
  outsiders' equilibrium :math:`z`, with :math:`\pi_C = u_i(\text{control}; z)`, the deviation
  :math:`\pi_D = u_i(\text{export}; z + (k_i, w_i))` and its punishment :math:`\pi_N` (which
  does not depend on :math:`S`): :math:`F^C_i(z) \le 0`, or :math:`\pi_C > \pi_N` and
  :math:`(1 - \delta) F^C_i(z) \le \delta \beta (\pi_C - \pi_N)`.  The selected :math:`z` is
  effective, so it lies in the region :math:`R = \{z : U \le \tau \max(1, K),\;
  r_{min} K \le U \le r_{max} K\}` (:math:`r` the suppliers' ratios :math:`w_j / k_j`).

Algorithm
---------
1. Suppliers that hold nowhere in :math:`R` (:func:`never_hold`, interval bounds on an adaptive
   subdivision of :math:`R`) can only be outsiders: they leave the pool.
2. For :math:`m = |R_0|, |R_0| + 1, \dots` (:math:`R_0` the required members) a depth-first
   search chooses the other :math:`m - |R_0|` members from the pool sorted by :math:`w'`
   (largest first).  A node (members so far, next position :math:`p`, :math:`r` slots left)
   is discarded when

   a. neither quota (1') nor (2') can be met by adding the :math:`r` largest :math:`w'`, resp.
      :math:`v'`, still allowed;
   b. some member holds nowhere in the box that contains the exporters' aggregate of every
      completion (capacity bounds from the :math:`r` largest capacities allowed and from the
      free-to-control suppliers), intersected with :math:`R`;
   c. its capacity plus the :math:`r` largest allowed cannot reach the best cartel of size
      :math:`m` found so far (the tie-break: larger capacity first).

   Pool suppliers that hold nowhere in the node's box are not allowed below the node (boxes
   only shrink along a path), which sharpens a and c.
3. A leaf (:math:`r = 0`) that passes is analysed by
   :func:`~dualdilemma.cartels.analysis.analyse_cartel` (the package's definition, with the
   outsiders' actual best reply and its selection, exact when the market is); the best analysed
   cartel of the first size that has one is the answer.

**Completeness.**  Every cartel of size :math:`m` whose members all lie in the pool is a leaf of
the search of size :math:`m` (each subset is chosen in the order of positions exactly once),
and a self-enforcing effective cartel has all its members in the pool (step 1).  Steps 1 and 2b
discard a member or a node only when the bound holds at every point of a box containing every
aggregate the member can face, with a margin above float rounding; 2a only when no completion
meets a necessary condition of effectiveness; 2c only when no completion can beat (or tie) the
incumbent on capacity.  So every self-enforcing effective cartel of size :math:`m` with maximal
capacity reaches the analysis.  Sizes are tried in increasing order, so the first success is the
smallest.  The work is bounded by the nodes that survive the tests, not by
:math:`\binom{N}{m}`; the worst case is exponential, and a time limit marks the answer
incomplete.  When some leaf's outsiders' game could not be solved completely, the answer says
so too (``complete=False``).

>>> from dualdilemma.models.export_market import ExportMarket, Supplier
>>> market = ExportMarket(10, 0, 1, [Supplier("A", 1, 1, 0), Supplier("B", 1, 1, 0)])
>>> may_control(market).tolist()
[False, False]
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from dualdilemma.models.export_market import ExportMarket

__all__ = [
    "may_control",
    "export_dominant",
    "never_hold",
    "DominantSearch",
    "search_smallest_sustainable",
    "SEARCH_TIME_LIMIT",
]

#: Seconds before the exact cartel search stops and reports an incomplete answer.
SEARCH_TIME_LIMIT = 60.0
_MARGIN = 1e-9
#: Subdivision depth and cell budget of the proofs of :func:`may_control` and :func:`never_hold`.
DOMINANCE_DEPTH = 12
DOMINANCE_CELLS = 4000


def _bounds(market: ExportMarket) -> Any:
    from dualdilemma.solvers.aggregative_pure import _bounds_of

    return _bounds_of(market)


def _cone(bounds: Any) -> tuple[float, float]:
    """The least and greatest ratio U / K of any exporters' aggregate."""
    ratio = bounds.ratio[bounds.positive]
    if ratio.size == 0:
        return 0.0, 0.0
    return float(ratio.min()), float(ratio.max())


def _subdivide(
    bounds: Any,
    keep: Callable[[tuple[float, float, float, float]], bool],
    possible: Callable[[tuple[float, float, float, float]], np.ndarray],
    witness: Callable[[float, float], np.ndarray],
    open_: np.ndarray,
) -> np.ndarray:
    """Which suppliers of ``open_`` may satisfy a condition somewhere in the cells ``keep``s.

    ``possible(box)`` bounds the condition over a box (``False`` is a proof that it fails in
    the whole box), ``witness(K, U)`` evaluates it at a point.  Cells are halved up to
    :data:`DOMINANCE_DEPTH` times with a budget of :data:`DOMINANCE_CELLS`; a supplier
    undecided at the limits counts as possible (the answer is conservative).
    """
    k_total, w_total = float(bounds.k.sum()), float(bounds.w.sum())
    found = np.zeros(bounds.k.size, dtype=bool)
    cells = [(0.0, k_total, 0.0, w_total, 0, open_.copy())]
    budget = DOMINANCE_CELLS
    while cells:
        k_lo, k_hi, u_lo, u_hi, depth, mask = cells.pop()
        mask = mask & ~found
        box = (k_lo, k_hi, u_lo, u_hi)
        if not mask.any() or not keep(box):
            continue
        mask = mask & possible(box)
        if not mask.any():
            continue
        k_mid = 1.0 if k_lo < 1.0 < k_hi else 0.5 * (k_lo + k_hi)
        u_mid = 0.5 * (u_lo + u_hi)
        if keep((k_mid, k_mid, u_mid, u_mid)):
            # a point of the region where the condition holds settles those suppliers
            found |= mask & witness(k_mid, u_mid)
            mask = mask & ~found
            if not mask.any():
                continue
        budget -= 1
        if depth >= DOMINANCE_DEPTH or budget <= 0:
            found |= mask
            continue
        for a, b in ((k_lo, k_mid), (k_mid, k_hi)):
            for c, d in ((u_lo, u_mid), (u_mid, u_hi)):
                cells.append((a, b, c, d, depth + 1, mask))
    return found


def may_control(market: ExportMarket) -> np.ndarray:
    """For each supplier, whether control may be its best reply at some aggregate.

    ``False`` is a proof that exporting is the supplier's strict best reply at every aggregate
    (interval bounds of :mod:`dualdilemma.solvers.aggregative_pure` on an adaptive
    subdivision of the aggregates, with a margin); ``True`` may be conservative.
    """
    bounds = _bounds(market)
    r_min, r_max = _cone(bounds)

    def keep(box: tuple[float, float, float, float]) -> bool:
        k_lo, k_hi, u_lo, u_hi = box
        return not (u_lo > r_max * k_hi + _MARGIN or u_hi < r_min * k_lo - _MARGIN)

    def possible(box: tuple[float, float, float, float]) -> np.ndarray:
        return bounds.consistent(box)[1]

    def witness(total: float, unsafe: float) -> np.ndarray:
        return _export_gain(bounds, total, unsafe) <= 0.0

    if not bounds.positive.any():
        return np.ones(bounds.k.size, dtype=bool)
    return _subdivide(bounds, keep, possible, witness, np.ones(bounds.k.size, dtype=bool))


def export_dominant(market: ExportMarket) -> bool:
    """Whether exporting is every supplier's strict best reply at every aggregate (so every
    outsiders' game has exactly one pure equilibrium: all outsiders export).

    ``True`` is a proof, ``False`` may be conservative (see :func:`may_control`).

    >>> from dualdilemma.models.export_market import Supplier
    >>> export_dominant(ExportMarket(10, 0, 1, [Supplier("A", 1, 1, 0), Supplier("B", 1, 1, 0)]))
    True
    >>> export_dominant(ExportMarket(1, 0, 1, [Supplier("A", 1, 9, 0), Supplier("B", 1, 9, 0)]))
    False
    """
    return not bool(may_control(market).any())


def _export_gain(bounds: Any, total: Any, unsafe: Any) -> np.ndarray:
    """:math:`F^C_j(z)` for every supplier at the exporters' aggregate ``z = (total, unsafe)``."""
    k, w = bounds.k, bounds.w
    return (
        bounds.value * k / np.maximum(1.0, total + k)
        - bounds.hd * (bounds.g(total + k, unsafe + w) - bounds.g(total, unsafe))
        + bounds.c
    )


class _Holding:
    """Member :math:`i`'s condition of the module docstring, exactly at a point and bounded
    over a box (vectorised over suppliers)."""

    def __init__(
        self, bounds: Any, p0: float, discount: float, detection: float, punish: np.ndarray
    ) -> None:
        self.b = bounds
        self.p0 = p0
        self.d = discount
        self.beta = detection
        self.pi_n = punish

    def at(self, total: float, unsafe: float) -> np.ndarray:
        b, d = self.b, self.d
        gain = _export_gain(b, total, unsafe)
        pi_c = -b.h * (self.p0 + b.delta * b.g(total, unsafe)) - b.c
        phi = (1 - d) * gain - d * self.beta * (pi_c - self.pi_n)
        return (gain <= 0.0) | ((pi_c > self.pi_n) & (phi <= 0.0))

    def possible(self, box: tuple[float, float, float, float]) -> np.ndarray:
        b, d = self.b, self.d
        k_lo, k_hi, u_lo, u_hi = box
        k, w = b.k, b.w
        corner = b.g(k_lo + k, u_hi + w) - b.g(k_hi, u_lo)
        _, high = b._difference(k_lo, k_hi + k, u_lo, u_hi + w)
        gain_low = b.value * k / np.maximum(1.0, k_hi + k) - b.hd * np.minimum(corner, high) + b.c
        control_high = -b.h * (self.p0 + b.delta * b.g(k_hi, u_lo)) - b.c
        phi_low = (1 - d) * gain_low - d * self.beta * (control_high - self.pi_n)
        margin = b.margin
        return (gain_low <= margin) | ((phi_low <= margin) & (control_high > self.pi_n - margin))


def _region(bounds: Any, tau: float) -> Callable[[tuple[float, float, float, float]], bool]:
    """Whether a box meets the region R of effective exporters' aggregates."""
    r_min, r_max = _cone(bounds)

    def keep(box: tuple[float, float, float, float]) -> bool:
        k_lo, k_hi, u_lo, u_hi = box
        if u_lo > r_max * k_hi + _MARGIN or u_hi < r_min * k_lo - _MARGIN:
            return False
        return u_lo <= tau * max(1.0, k_hi) + _MARGIN

    return keep


def never_hold(
    market: ExportMarket,
    *,
    tolerance: Any,
    discount: Any,
    detection: Any,
    punish: Sequence[Any],
) -> np.ndarray:
    """For each supplier, whether it provably holds (as a cartel member) at no effective
    exporters' aggregate: such a supplier is in no self-enforcing effective cartel.

    ``True`` is a proof (interval bounds on an adaptive subdivision of the region R of the
    module docstring); ``False`` may be conservative.
    """
    from dualdilemma.cartels.analysis import check_tolerance
    from dualdilemma.repeated.critical_discount import check_detection, check_discount

    bounds = _bounds(market)
    holding = _Holding(
        bounds,
        float(market.risk_without_supply),
        float(check_discount(discount)),
        float(check_detection(detection)),
        np.array([float(x) for x in punish]),
    )
    keep = _region(bounds, float(check_tolerance(tolerance)))
    everyone = np.ones(bounds.k.size, dtype=bool)
    return ~_subdivide(bounds, keep, holding.possible, holding.at, everyone)


@dataclass(frozen=True)
class DominantSearch:
    """The exact search's answer: the cartel (member indices) or ``None``, and its work."""

    members: tuple[int, ...] | None
    size_searched: int
    nodes: int
    leaves: int
    complete: bool
    stopped: str
    excluded: tuple[int, ...] = ()
    free_to_control: tuple[int, ...] = ()


def _top_sums(values: np.ndarray) -> list[np.ndarray]:
    """``table[p][r]`` = the sum of the ``r`` largest of ``values[p:]``."""
    table = []
    for p in range(values.size + 1):
        tail = np.sort(values[p:])[::-1]
        table.append(np.concatenate([[0.0], np.cumsum(tail)]))
    return table


def search_smallest_sustainable(
    market: ExportMarket,
    *,
    tolerance: Any,
    discount: Any,
    detection: Any,
    punish: Sequence[Any],
    required: Sequence[int] = (),
    accept: Callable[[tuple[int, ...]], bool],
    free_to_control: np.ndarray | None = None,
    time_limit: float | None = SEARCH_TIME_LIMIT,
    tick: Callable[[], None] | None = None,
) -> DominantSearch:
    """The search of the module docstring.

    ``punish`` holds each supplier's punishment payoff; ``accept(members)`` is the exact test
    of a leaf (effective and self-enforcing by the package's analysis).  ``discount=None``
    asks for the smallest effective cartel.  ``free_to_control`` marks the suppliers that may
    control of their own accord (:func:`may_control`; computed when not given).
    """
    start = time.perf_counter()
    bounds = _bounds(market)
    n = market.num_suppliers
    k, w = bounds.k, bounds.w
    tau = float(tolerance)
    free_mask = may_control(market) if free_to_control is None else np.asarray(free_to_control)
    v = w - tau * k
    w_quota = np.where(free_mask, 0.0, w)
    v_quota = np.where(free_mask, np.minimum(v, 0.0), v)
    k_total, w_total = float(k.sum()), float(w.sum())
    k_free_total = float(k[free_mask].sum())
    w_free_total = float(w[free_mask].sum())
    target_w = float(w_quota.sum()) - tau
    target_v = float(v_quota.sum())
    r_min, r_max = _cone(bounds)
    forced = sorted(set(int(i) for i in required))
    holding = None
    excluded = np.zeros(n, dtype=bool)
    if discount is not None:
        punish_f = np.array([float(x) for x in punish])
        p0 = float(market.risk_without_supply)
        holding = _Holding(bounds, p0, float(discount), float(detection), punish_f)
        excluded = never_hold(
            market, tolerance=tolerance, discount=discount, detection=detection, punish=punish
        )
    excluded_idx = tuple(int(j) for j in np.flatnonzero(excluded))
    free_idx = tuple(int(j) for j in np.flatnonzero(free_mask))
    if any(excluded[i] for i in forced):
        return DominantSearch(None, len(forced), 0, 0, True, "", excluded_idx, free_idx)
    taken = set(forced)
    free = sorted(
        (j for j in range(n) if j not in taken and not excluded[j]),
        key=lambda j: (-w_quota[j], -k[j], j),
    )
    free_arr = np.array(free, dtype=np.int64)
    free_k, free_w = k[free_arr], w[free_arr]
    free_wq, free_vq = w_quota[free_arr], v_quota[free_arr]
    top_k, top_w, top_v = _top_sums(free_k), _top_sums(free_wq), _top_sums(free_vq)
    top_raw_w = _top_sums(free_w)
    base = (
        float(k[forced].sum()),
        float(w[forced].sum()),
        float(w_quota[forced].sum()),
        float(v_quota[forced].sum()),
        float(k[forced][free_mask[forced]].sum()) if forced else 0.0,
        float(w[forced][free_mask[forced]].sum()) if forced else 0.0,
    )
    forced_cap = float(k[forced].sum())

    def box_of(
        state: tuple[float, ...], add_k: float, add_raw_w: float
    ) -> tuple[float, float, float, float] | None:
        ks, ws, _, _, kf, wf = state
        # exporters: the outsiders, less those free to control (not members)
        k_hi = k_total - ks
        u_hi = w_total - ws
        k_lo = max(0.0, k_hi - add_k - (k_free_total - kf))
        u_lo = max(0.0, u_hi - add_raw_w - (w_free_total - wf))
        # only effective aggregates in the cone of real ones matter
        u_hi = min(u_hi, tau * max(1.0, k_hi), r_max * k_hi) + _MARGIN
        u_lo = max(u_lo, r_min * k_lo) - _MARGIN
        if u_lo > u_hi:
            return None
        return (k_lo, k_hi, max(0.0, u_lo), u_hi)

    nodes = leaves = 0
    stopped = ""
    for size in range(max(1, len(forced)), n + 1):
        slots = size - len(forced)
        if slots > len(free):
            break
        if time_limit is not None and time.perf_counter() - start > time_limit:
            stopped = f"time limit of {time_limit} s reached at size {size}"
            break
        best: tuple[Fraction, tuple[int, ...]] | None = None
        best_cap = -1.0
        root_allowed = np.ones(len(free), dtype=bool)
        stack: list[tuple[int, list[int], tuple[float, ...], float, np.ndarray]] = [
            (0, [], base, 0.0, root_allowed)
        ]
        while stack:
            p, chosen, state, cap, allowed = stack.pop()
            nodes += 1
            if tick is not None and nodes % 512 == 0:
                tick()
            if time_limit is not None and nodes % 256 == 0:
                if time.perf_counter() - start > time_limit:
                    stopped = f"time limit of {time_limit} s reached at size {size}"
                    break
            r = slots - len(chosen)
            members = forced + chosen
            if r == 0:
                if state[2] < target_w - _MARGIN and state[3] < target_v - _MARGIN:
                    continue
                box = box_of(state, 0.0, 0.0)
                if box is None:
                    continue
                if holding is not None and not holding.possible(box)[members].all():
                    continue
                leaves += 1
                key = tuple(sorted(members))
                capacity = sum((market.suppliers[j].capacity for j in key), Fraction(0))
                if best is not None and (-capacity, key) >= (-best[0], best[1]):
                    continue
                if accept(key):
                    best = (capacity, key)
                    best_cap = float(capacity)
                continue
            rest = allowed[p:]
            if int(rest.sum()) < r:
                continue
            if rest.all():
                add_k, add_w, add_v = top_k[p][r], top_w[p][r], top_v[p][r]
                add_raw_w = top_raw_w[p][r]
            else:
                add_raw_w = float(np.sort(free_w[p:][rest])[::-1][:r].sum())
                add_k = float(np.sort(free_k[p:][rest])[::-1][:r].sum())
                add_w = float(np.sort(free_wq[p:][rest])[::-1][:r].sum())
                add_v = float(np.sort(free_vq[p:][rest])[::-1][:r].sum())
            # (a) a quota of effectiveness must still be reachable
            if state[2] + add_w < target_w - _MARGIN and state[3] + add_v < target_v - _MARGIN:
                continue
            # (c) the tie-break on capacity
            if best is not None and cap + forced_cap + add_k < best_cap - _MARGIN:
                continue
            box = box_of(state, add_k, add_raw_w)
            if box is None:
                continue
            if holding is not None:
                # (b) every member must hold somewhere in the box; the others that cannot
                # are not allowed below this node
                possible = holding.possible(box)
                if members and not possible[members].all():
                    continue
                narrowed = allowed.copy()
                narrowed[p:] &= possible[free_arr[p:]]
                if not np.array_equal(narrowed, allowed):
                    stack.append((p, chosen, state, cap, narrowed))
                    continue
            children = []
            for q in range(p, len(free) - r + 1):
                if not allowed[q]:
                    continue
                j = free[q]
                fj = bool(free_mask[j])
                child = (
                    state[0] + k[j],
                    state[1] + w[j],
                    state[2] + w_quota[j],
                    state[3] + v_quota[j],
                    state[4] + (k[j] if fj else 0.0),
                    state[5] + (w[j] if fj else 0.0),
                )
                children.append((q + 1, [*chosen, j], child, cap + k[j], allowed))
            stack.extend(reversed(children))
        if stopped:
            break
        if best is not None:
            return DominantSearch(best[1], size, nodes, leaves, True, "", excluded_idx, free_idx)
    return DominantSearch(None, n, nodes, leaves, not stopped, stopped, excluded_idx, free_idx)
