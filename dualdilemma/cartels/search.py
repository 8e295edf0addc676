r"""Exact search for the smallest self-enforcing effective cartel, without :math:`2^N` subsets.

When exporting is strictly dominant
-----------------------------------
Write :math:`F^C_j(z)` for supplier :math:`j`'s gain from exporting when the exporters'
aggregate is :math:`z = (K, U)` and :math:`j` controls
(:mod:`dualdilemma.solvers.aggregative_pure`).  If the interval bound of
:math:`F^C_j` over the box of *all* aggregates :math:`[0, K_{tot}] \times [0, U_{tot}]` is
positive for every :math:`j` (:func:`export_dominant`), no supplier ever controls of its own
accord: in the outsiders' game of any cartel :math:`S` the only pure equilibrium is that every
outsider exports, so MODEL s.4's best-reply outcome of :math:`S` is the exporting-outsiders
outcome, at the aggregate :math:`z_S = (K_{tot} - K_S, U_{tot} - U_S)`.  Then

* :math:`S` is effective iff :math:`U_{tot} - U_S \le \tau \max(1, K_{tot} - K_S)`;
* member :math:`i` holds at :math:`\delta` iff, with :math:`\pi_C = u_i(\text{control}; z_S)`,
  :math:`\pi_D = \max(\pi_C, u_i(\text{export}; z_S + (k_i, w_i)))` and its punishment
  :math:`\pi_N` (which does not depend on :math:`S`), :math:`\delta \ge \delta^*_i`.

Both depend on :math:`S` only through :math:`z_S`.

Algorithm
---------
For :math:`m = |R|, |R| + 1, \dots` (:math:`R` the required members) a depth-first search
chooses the other :math:`m - |R|` members among the suppliers sorted by unsafeguarded capacity
:math:`w_j` (largest first).  A node (members so far, next position :math:`p`, :math:`r` slots
left) bounds :math:`z_S` of every completion by a box: :math:`K_S` grows by at most the sum of
the :math:`r` largest capacities after :math:`p`, :math:`U_S` by the sum of the next :math:`r`
weights :math:`w` (the order makes them the largest).  The node is discarded when

1. even the lowest leakage in the box, :math:`U_{lo} / \max(1, K_{hi})`, exceeds :math:`\tau`;
2. some member's condition :math:`\delta \ge \delta^*_i` fails everywhere in the box: interval
   bounds of :math:`F^C_i` and of :math:`(1 - \delta) F^C_i - \delta\beta (\pi_C - \pi_N)`
   (monotone terms evaluated at corners, as in the pure-equilibrium solver) are both above a
   margin;
3. its total capacity plus the :math:`r` largest capacities left cannot reach the best cartel
   of size :math:`m` found so far (the tie-break: larger capacity first).

A leaf (:math:`r = 0`) that passes is analysed by
:func:`~dualdilemma.cartels.analysis.analyse_cartel` (the package's definition, exact when the
market is); the best analysed cartel of the first size that has one is the answer.

**Completeness.**  Every cartel of size :math:`m` is a leaf of the search of size :math:`m`
(each subset is chosen in the order of positions exactly once).  Tests 1 and 2 only discard a
node when the bound holds at every point of a box containing :math:`z_S` of every completion,
with a margin above float rounding, and test 3 only when no completion can beat (or tie) the
incumbent on capacity; so every self-enforcing effective cartel of size :math:`m` with maximal
capacity reaches the analysis.  Sizes are tried in increasing order, so the first success is
the smallest.  The work is bounded by the leaves that survive the tests, not by
:math:`\binom{N}{m}`; a time limit marks the answer incomplete.

Outside the dominant-export case the outsiders may control of their own accord, and
:func:`~dualdilemma.cartels.sustainable.smallest_sustainable_cartel` falls back to its
documented search.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from dualdilemma.models.export_market import ExportMarket

__all__ = ["export_dominant", "DominantSearch", "search_smallest_sustainable", "SEARCH_TIME_LIMIT"]

#: Seconds before the exact cartel search stops and reports an incomplete answer.
SEARCH_TIME_LIMIT = 60.0
_MARGIN = 1e-9
#: Subdivision depth and cell budget of :func:`export_dominant`'s proof.
DOMINANCE_DEPTH = 12
DOMINANCE_CELLS = 4000


def export_dominant(market: ExportMarket) -> bool:
    """Whether exporting is every supplier's strict best reply at every aggregate (so every
    outsiders' game has exactly one pure equilibrium: all outsiders export).

    Decided by the interval bounds of :mod:`dualdilemma.solvers.aggregative_pure` on an
    adaptive subdivision of the aggregates (cells halved up to :data:`DOMINANCE_DEPTH` times,
    at most :data:`DOMINANCE_CELLS` refined), with a margin: ``True`` is a proof, ``False``
    may be conservative.

    >>> from dualdilemma.models.export_market import Supplier
    >>> export_dominant(ExportMarket(10, 0, 1, [Supplier("A", 1, 1, 0), Supplier("B", 1, 1, 0)]))
    True
    >>> export_dominant(ExportMarket(1, 0, 1, [Supplier("A", 1, 9, 0), Supplier("B", 1, 9, 0)]))
    False
    """
    from dualdilemma.solvers.aggregative_pure import _Bounds

    bounds = _Bounds(market)
    positive = bounds.positive
    if not positive.any():
        return False
    ratio = bounds.ratio[positive]
    r_min, r_max = float(ratio.min()), float(ratio.max())
    k_total, w_total = float(bounds.k.sum()), float(bounds.w.sum())
    # adaptive subdivision of the aggregates: every cell that meets the cone
    # r_min K <= U <= r_max K of real aggregates must prove that nobody may control
    cells = [(0.0, k_total, 0.0, w_total, 0)]
    budget = DOMINANCE_CELLS
    while cells:
        k_lo, k_hi, u_lo, u_hi, depth = cells.pop()
        if u_lo > r_max * k_hi + _MARGIN or u_hi < r_min * k_lo - _MARGIN:
            continue
        _, can_control = bounds.consistent((k_lo, k_hi, u_lo, u_hi))
        if not can_control.any():
            continue
        budget -= 1
        if depth >= DOMINANCE_DEPTH or budget <= 0:
            return False
        k_mid = 1.0 if k_lo < 1.0 < k_hi else 0.5 * (k_lo + k_hi)
        u_mid = 0.5 * (u_lo + u_hi)
        for a, b in ((k_lo, k_mid), (k_mid, k_hi)):
            for c, d in ((u_lo, u_mid), (u_mid, u_hi)):
                cells.append((a, b, c, d, depth + 1))
    return True


@dataclass(frozen=True)
class DominantSearch:
    """The exact search's answer: the cartel (member indices) or ``None``, and its work."""

    members: tuple[int, ...] | None
    size_searched: int
    nodes: int
    leaves: int
    complete: bool
    stopped: str


def search_smallest_sustainable(
    market: ExportMarket,
    *,
    tolerance: Any,
    discount: Any,
    detection: Any,
    punish: Sequence[Any],
    required: Sequence[int] = (),
    accept: Callable[[tuple[int, ...]], bool],
    time_limit: float | None = SEARCH_TIME_LIMIT,
    tick: Callable[[], None] | None = None,
) -> DominantSearch:
    """The search of the module docstring (the market must satisfy :func:`export_dominant`).

    ``punish`` holds each supplier's punishment payoff; ``accept(members)`` is the exact test
    of a leaf (effective and self-enforcing by the package's analysis).  ``discount=None``
    asks for the smallest effective cartel.
    """
    from dualdilemma.solvers.aggregative_pure import _Bounds

    bounds = _Bounds(market)
    n = market.num_suppliers
    k, w, h, c = bounds.k, bounds.w, bounds.h, bounds.c
    value, delta_p = bounds.value, bounds.delta
    p0 = float(market.risk_without_supply)
    tau = float(tolerance)
    d = None if discount is None else float(discount)
    beta = float(detection)
    pi_n = np.array([float(x) for x in punish])
    margin = bounds.margin
    k_total, w_total = float(k.sum()), float(w.sum())
    forced = sorted(set(int(i) for i in required))
    base_k = float(k[forced].sum()) if forced else 0.0
    base_w = float(w[forced].sum()) if forced else 0.0
    free = sorted((j for j in range(n) if j not in set(forced)), key=lambda j: (-w[j], -k[j], j))
    free_k = np.array([k[j] for j in free])
    free_w = np.array([w[j] for j in free])
    # largest_k[p][r] = sum of the r largest capacities among free[p:]
    largest_k = []
    for p in range(len(free) + 1):
        tail = np.sort(free_k[p:])[::-1]
        largest_k.append(np.concatenate([[0.0], np.cumsum(tail)]))
    prefix_w = np.concatenate([[0.0], np.cumsum(free_w)])

    def holds_somewhere(members: list[int], box: tuple[float, float, float, float]) -> bool:
        if d is None or not members:
            return True
        idx = np.array(members)
        k_lo, k_hi, u_lo, u_hi = box
        ki, wi, hi, ci = k[idx], w[idx], h[idx], c[idx]
        g = bounds.g
        export_low = value * ki / np.maximum(1.0, k_hi + ki) - hi * (
            p0 + delta_p * g(k_lo + ki, u_hi + wi)
        )
        control_high = -hi * (p0 + delta_p * g(k_hi, u_lo)) - ci
        gain_low = export_low - control_high
        # (1 - d) (u_E - pi_C) - d beta (pi_C - pi_N), bounded below term by term
        phi_low = (1 - d) * export_low - (1 - d + d * beta) * control_high + d * beta * pi_n[idx]
        # "never" needs pi_C <= pi_N; if pi_C > pi_N everywhere the threshold is finite
        possible = (gain_low <= margin) | (
            (phi_low <= margin) & (control_high > pi_n[idx] - margin)
        )
        return bool(possible.all())

    start = time.perf_counter()
    nodes = leaves = 0
    stopped = ""
    for size in range(max(1, len(forced)), n + 1):
        slots = size - len(forced)
        best: tuple[Fraction, tuple[int, ...]] | None = None
        best_cap = -1.0
        stack: list[tuple[int, list[int], float, float, float]] = [(0, [], base_k, base_w, 0.0)]
        while stack:
            p, chosen, ks, ws, cap = stack.pop()
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
                leaves += 1
                key = tuple(sorted(members))
                capacity = sum((market.suppliers[j].capacity for j in key), Fraction(0))
                if best is not None and (-capacity, key) >= (-best[0], best[1]):
                    continue
                if accept(key):
                    best = (capacity, key)
                    best_cap = float(capacity)
                continue
            if len(free) - p < r:
                continue
            add_k = float(largest_k[p][r])
            add_w = float(prefix_w[p + r] - prefix_w[p])
            if best is not None and (
                cap + float(sum(k[j] for j in forced)) + add_k < best_cap - _MARGIN
            ):
                continue
            box = (
                max(0.0, k_total - ks - add_k),
                k_total - ks,
                max(0.0, w_total - ws - add_w),
                w_total - ws,
            )
            if box[2] / max(1.0, box[1]) > tau + _MARGIN:
                continue
            if not holds_somewhere(members, box):
                continue
            children = []
            for q in range(p, len(free) - r + 1):
                j = free[q]
                children.append((q + 1, [*chosen, j], ks + k[j], ws + w[j], cap + k[j]))
            stack.extend(reversed(children))
        if stopped:
            break
        if best is not None:
            return DominantSearch(best[1], size, nodes, leaves, True, "")
    return DominantSearch(None, n, nodes, leaves, not stopped, stopped)
