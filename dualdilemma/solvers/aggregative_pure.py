r"""All pure equilibria of the export market as an aggregative game, without the :math:`2^N` tensor.

Representation
--------------
In the export market (MODEL s.2, :mod:`dualdilemma.models.export_market`) supplier :math:`i`'s
payoff depends on its own action and on two sums over the exporters :math:`E`: the capacity
:math:`K = \sum_E k_j` and the unsafeguarded capacity :math:`U = \sum_E w_j`,
:math:`w_j = k_j (1 - s_j)`.  With :math:`g(K, U) = \min(1, U / \max(1, K))^{\gamma}` (the
leakage to the power :math:`\gamma`; the minimum with 1 is inactive at every real profile since
:math:`U \le K`) and :math:`\Delta = p_1 - p_0`,

.. math::

    u_i(\text{export}; K, U) = \frac{V k_i}{\max(1, K)} - h_i (p_0 + \Delta\, g(K, U)), \qquad
    u_i(\text{control}; K, U) = -h_i (p_0 + \Delta\, g(K, U)) - c_i .

Call :math:`(K, U)` of a profile its *aggregate*.  At a profile with aggregate :math:`z`,
supplier :math:`i`'s deviation gain is a function of :math:`z` alone:

.. math::

    \text{exporter:}\; F^E_i(z) = u_i(\text{export}; z) - u_i(\text{control}; z - (k_i, w_i))
    \ge 0, \qquad
    \text{controller:}\; F^C_i(z) = u_i(\text{export}; z + (k_i, w_i)) - u_i(\text{control}; z)
    \le 0 .

A profile is a pure Nash equilibrium iff every supplier satisfies its inequality at the one
aggregate :math:`z` of the profile: a point of the aggregate plane that the suppliers' best
replies reproduce.

Algorithm (exact branch and bound on the aggregates)
---------------------------------------------------
A node is a partial assignment (each supplier *export*, *control* or *free*) and a box
:math:`B = [K_l, K_h] \times [U_l, U_h]` that must contain the aggregate.  At a node:

1. *Reachability.*  Every completion has :math:`K \in [K_E, K_E + K_F]` and
   :math:`U \in [U_E, U_E + U_F]` (fixed exporters :math:`E`, free suppliers :math:`F`);
   :math:`B` is intersected with that box, and the node is discarded if the result is empty.
2. *Interval bounds.*  :math:`V k / \max(1, K)` is non-increasing in :math:`K`, and
   :math:`g` is non-increasing in :math:`K` and non-decreasing in :math:`U`; so each of the
   three terms of :math:`F^E_i` and :math:`F^C_i` is bounded on :math:`B` by its values at
   corners, which gives an upper bound :math:`\overline{F^E_i}(B)` and a lower bound
   :math:`\underline{F^C_i}(B)` valid at every point of :math:`B` (all suppliers at once, in
   numpy).
3. *Propagation.*  If :math:`\overline{F^E_i}(B) < 0`, exporting is never consistent for
   :math:`i` in :math:`B`; if :math:`\underline{F^C_i}(B) > 0`, controlling never is.  A
   fixed supplier whose action is never consistent discards the node; a free supplier with one
   consistent action is fixed to it; one with none discards the node.  Steps 1-3 repeat until
   nothing changes.
4. *Branching.*  If free suppliers remain, let :math:`j` be the free supplier of largest
   capacity.  If :math:`(k_j, w_j)` is less than half the box in both directions (fixing
   :math:`j` could not narrow it much) and the box is wider than :math:`2^{-16}` of the
   market's totals, the box is halved along :math:`K` (at the kink :math:`K = 1` first) or
   :math:`U`; otherwise :math:`j` is fixed to each action in turn.  A node with no free
   supplier is a *candidate*.  For the bounds of (2), the difference
   :math:`g(z + (k, w)) - g(z)` is also bounded by the mean value theorem, so that its bound
   scales with :math:`k` (see ``_Bounds._difference``); the cone
   :math:`\min_F (1 - s) \le dU / dK \le \max_F (1 - s)` of the free suppliers narrows
   the box of (1).
5. *Verification.*  Each candidate is checked at all :math:`N` unilateral deviations with the
   model's own sympy payoff (:func:`~dualdilemma.models.export_market.generic_supplier_payoff`)
   evaluated in Fractions (exact regret 0), or in floating point when a non-integer
   :math:`\gamma` makes the risk irrational.

**Completeness.**  Let :math:`a^*` be a pure equilibrium with aggregate :math:`z^*`.  The root
(no assignment, :math:`B` = all aggregates) contains it.  If a node's assignment agrees with
:math:`a^*` and :math:`z^* \in B`, then (1) keeps :math:`z^*` (it is reachable); (2) bounds
hold at :math:`z^*`, so (3) never calls :math:`a^*_i` inconsistent for any :math:`i`: it
neither discards the node nor fixes a supplier against :math:`a^*`; and (4) partitions the
node's profiles (both actions of a supplier) and covers the box (the two closed halves), so one
child again agrees with :math:`a^*` and contains :math:`z^*`.  Box halvings stop at the
resolution (and after :data:`MAX_SPLITS` per path) and every supplier branch fixes one more
supplier, so the search
is finite, and :math:`a^*` reaches a candidate, which (5) accepts.  Every profile returned is
verified, so the list is exactly the set of pure equilibria.

The bounds of (2) are computed in float64 from the Fractions of the model, and a supplier is
declared inconsistent only when the bound is beyond a margin of :data:`MARGIN` times the
payoff scale :math:`\max(1, V, h_i, c_i)`.  Each bound is a dozen floating operations on numbers
of that scale, whose rounding error (below :math:`10^{-14}` of the scale) the margin exceeds by
five orders of magnitude; the box intersections of (1) are widened by a relative
:math:`10^{-12}` for the same reason.  Near-ties therefore always reach (5), where they are
decided exactly.

**Worst case.**  Deciding whether an additive aggregate game has a pure equilibrium is
NP-complete in general (Li, Wang, Zhang and Deng, "Pure and Strong Nash Equilibrium Computation
in Compactly Representable Aggregate Games", UAI 2025), so no method is polynomial on every
market: for example :math:`N` identical suppliers indifferent at a threshold have
:math:`\binom{N}{m}` equilibria.  The search therefore stops at ``limit`` equilibria or after
``time_limit`` seconds, and the result then says ``complete=False``.  On heterogeneous markets
the propagation fixes almost every supplier near the root (each supplier's indifference curve
crosses few of the boxes that survive reachability), and the work grows roughly linearly in
:math:`N` (see ``benchmarks/bench_aggregative.py``).  Memory is :math:`O(N)`: one assignment
array, each supplier's fixing depth for backtracking, and a stack of boxes and decisions.

Selfish aggregate-based best replies of this kind are the aggregative games of Corchón (1994)
and Jensen (2010); the branch and bound is the interval constraint propagation of Hentenryck,
McAllester and Kapur (1997) applied to the two aggregates.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from dualdilemma.errors import InvalidParameterError
from dualdilemma.models.export_market import (
    _A,
    _C,
    _H,
    _K,
    _KE,
    _P0,
    _P1,
    _SE,
    _V,
    CONTROL,
    EXPORT,
    ExportMarket,
    generic_supplier_payoff,
)
from dualdilemma.solvers.result import Equilibrium, SolverResult

__all__ = [
    "aggregative_pure_equilibria",
    "AggregativeSearch",
    "search_pure_profiles",
    "profile_regrets",
    "MARGIN",
    "MAX_SPLITS",
    "DEFAULT_TIME_LIMIT",
    "DEFAULT_LIMIT",
]

#: Bounds must clear this margin (times the payoff scale) before a supplier's action is ruled out.
MARGIN = 1e-9
#: Box halvings allowed along one search path (each halves a width: 2^-64 of the range).
MAX_SPLITS = 64
#: Seconds before the search stops and reports an incomplete list.
DEFAULT_TIME_LIMIT = 60.0
#: Equilibria listed before the search stops and reports an incomplete list.
DEFAULT_LIMIT = 1000
#: Boxes are not halved below 2^-RESOLUTION of the market's total capacity.
RESOLUTION = 16
_FREE = -1
_NEVER = np.iinfo(np.int64).max
_SLACK = 1e-12


@dataclass(frozen=True)
class AggregativeSearch:
    """What the branch and bound found, before verification.

    Attributes
    ----------
    profiles
        Candidate profiles (tuples of action indices), each with no supplier ruled out.
    complete
        ``False`` when the search stopped at ``limit`` candidates or at the time limit.
    nodes, splits
        Nodes visited and box halvings made.
    stopped
        Why the search stopped early (empty when it finished).
    """

    profiles: tuple[tuple[int, ...], ...]
    complete: bool
    nodes: int
    splits: int
    stopped: str


class _Bounds:
    """The float data of a market and the interval bounds of step (2)."""

    def __init__(self, market: ExportMarket) -> None:
        suppliers = market.suppliers
        self.k = np.array([float(s.capacity) for s in suppliers])
        self.w = np.array([float(s.capacity * (1 - s.safeguard)) for s in suppliers])
        self.h = np.array([float(s.harm) for s in suppliers])
        self.c = np.array([float(s.control_cost) for s in suppliers])
        self.positive = self.k > 0
        self.ratio = np.where(self.positive, self.w / np.where(self.positive, self.k, 1.0), 0.0)
        self.value = float(market.value)
        self.delta = float(market.risk_with_supply - market.risk_without_supply)
        self.gamma = float(market.risk_exponent)
        scale = max(1.0, self.value, float(self.h.max()), float(self.c.max()))
        self.margin = MARGIN * scale
        self.hd = self.h * self.delta

    def g(self, total: Any, unsafe: Any) -> Any:
        """Leakage to the power gamma, clipped to the aggregates' domain (monotone)."""
        total = np.maximum(total, 0.0)
        unsafe = np.maximum(unsafe, 0.0)
        q = np.minimum(1.0, unsafe / np.maximum(1.0, total))
        return q if self.gamma == 1.0 else q**self.gamma

    def _difference(
        self, k_lo: Any, k_hi: Any, u_lo: Any, u_hi: Any
    ) -> tuple[np.ndarray, np.ndarray]:
        r"""Bounds on g(z + (k, w)) - g(z) for z with z and z + (k, w) in the box (per supplier).

        By the mean value theorem on each side of the kink K = 1 the difference is
        :math:`\gamma q^{\gamma - 1} (w - k q [K > 1]) / \max(1, K)` at a point of the box,
        so its bounds scale with :math:`k` (the corner bounds alone do not: they would need
        boxes as narrow as the smallest supplier).  Corner bounds are intersected with these.
        """
        k, w, gamma = self.k, self.w, self.gamma
        k_lo = np.maximum(k_lo, 0.0)
        u_lo = np.maximum(u_lo, 0.0)
        q_lo = np.minimum(1.0, u_lo / np.maximum(1.0, k_hi))
        q_hi = np.minimum(1.0, u_hi / np.maximum(1.0, k_lo))
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if gamma == 1.0:
                slope_lo = slope_hi = np.ones_like(k)
            elif gamma > 1.0:
                slope_lo, slope_hi = gamma * q_lo ** (gamma - 1), gamma * q_hi ** (gamma - 1)
            else:
                slope_lo = gamma * q_hi ** (gamma - 1)
                slope_hi = np.where(q_lo > 0, gamma * q_lo ** (gamma - 1), np.inf)
            scale_lo = slope_lo / np.maximum(1.0, k_hi)
            scale_hi = slope_hi / np.maximum(1.0, k_lo)
            above = k_hi > 1.0  # some point of the box has K > 1
            below = k_lo <= 1.0  # some point has K <= 1
            c_lo = np.where(above, w - k * q_hi, w)
            c_hi = np.where(below, w, w - k * q_lo)
            corners = np.stack([scale_lo * c_lo, scale_lo * c_hi, scale_hi * c_lo, scale_hi * c_hi])
            corners = np.where(np.isnan(corners), 0.0, corners)
            low = np.where(np.isfinite(scale_hi), corners.min(axis=0), -np.inf)
            high = np.where(np.isfinite(scale_hi), corners.max(axis=0), np.inf)
        return low, high

    def consistent(self, box: tuple[float, float, float, float]) -> tuple[np.ndarray, np.ndarray]:
        """``(can_export, can_control)``: whether each action may be a best reply in ``box``."""
        k_lo, k_hi, u_lo, u_hi = box
        k, w, hd = self.k, self.w, self.hd
        # F^E = V k / max(1, K) - hD [g(K, U) - g(K - k, U - w)] + c at the aggregate (K, U)
        corner_e = self.g(k_hi, u_lo) - self.g(k_lo - k, u_hi - w)
        low_e, _ = self._difference(k_lo - k, k_hi, u_lo - w, u_hi)
        upper_export = self.value * k / max(1.0, k_lo) - hd * np.maximum(corner_e, low_e) + self.c
        # F^C = V k / max(1, K + k) - hD [g(K + k, U + w) - g(K, U)] + c
        corner_c = self.g(k_lo + k, u_hi + w) - self.g(k_hi, u_lo)
        _, high_c = self._difference(k_lo, k_hi + k, u_lo, u_hi + w)
        lower_control = (
            self.value * k / np.maximum(1.0, k_hi + k) - hd * np.minimum(corner_c, high_c) + self.c
        )
        return upper_export >= -self.margin, lower_control <= self.margin


_BOUNDS_CACHE: weakref.WeakKeyDictionary[ExportMarket, _Bounds] = weakref.WeakKeyDictionary()


def _bounds_of(market: ExportMarket) -> _Bounds:
    """The market's float data, computed once per (immutable) market: a cartel analysis
    solves hundreds of outsiders' games of the same market."""
    bounds = _BOUNDS_CACHE.get(market)
    if bounds is None:
        bounds = _BOUNDS_CACHE[market] = _Bounds(market)
    return bounds


def search_pure_profiles(
    market: ExportMarket,
    *,
    fixed: Mapping[int, int] | None = None,
    limit: int | None = DEFAULT_LIMIT,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    tick: Callable[[], None] | None = None,
) -> AggregativeSearch:
    """The branch and bound of the module docstring, steps (1)-(4), without verification.

    ``fixed`` maps supplier indices to an action they are held at; their best-reply condition
    is not imposed (e.g. a cartel's members at control, whose outsiders best-respond).
    ``tick`` is called every few hundred nodes (a progress spinner).
    """
    n = market.num_suppliers
    bounds = _bounds_of(market)
    status = np.full(n, _FREE, dtype=np.int8)
    depth_of = np.full(n, _NEVER, dtype=np.int64)
    held = np.zeros(n, dtype=bool)
    for i, action in (fixed or {}).items():
        if not 0 <= int(i) < n or action not in (EXPORT, CONTROL):
            raise InvalidParameterError(
                f"fixed must map supplier indices 0..{n - 1} to 0 (export) or 1 (control), "
                f"got {i!r}: {action!r}"
            )
        status[int(i)] = action
        depth_of[int(i)] = -1
        held[int(i)] = True
    k, w = bounds.k, bounds.w
    k_total, w_total = float(k.sum()), float(w.sum())
    slack_k = _SLACK * max(1.0, k_total)
    slack_w = _SLACK * max(1.0, w_total)
    resolution_k = k_total * 2.0**-RESOLUTION
    resolution_w = w_total * 2.0**-RESOLUTION
    start = time.perf_counter()
    found: set[tuple[int, ...]] = set()
    nodes = splits = 0
    stopped = ""
    # stack entries: (depth, box, decision, splits on the path); decision is None, or
    # ("fix", supplier, action) or ("box",)
    stack: list[tuple[int, tuple[float, float, float, float], Any, int]] = [
        (0, (0.0, k_total, 0.0, w_total), None, 0)
    ]
    while stack:
        depth, box, decision, path_splits = stack.pop()
        nodes += 1
        if tick is not None and nodes % 256 == 0:
            tick()
        if time_limit is not None and nodes % 64 == 0:
            if time.perf_counter() - start > time_limit:
                stopped = f"time limit of {time_limit} s reached after {nodes} nodes"
                break
        undo = depth_of >= depth
        status[undo] = _FREE
        depth_of[undo] = _NEVER
        if decision is not None and decision[0] == "fix":
            status[decision[1]] = decision[2]
            depth_of[decision[1]] = depth
        box = _propagate(bounds, status, depth_of, held, box, depth, slack_k, slack_w)
        if box is None:
            continue
        free = np.flatnonzero(status == _FREE)
        if free.size == 0:
            found.add(tuple(int(a) for a in status))
            if limit is not None and len(found) >= limit and stack:
                stopped = f"stopped at the limit of {limit} equilibria"
                break
            continue
        k_lo, k_hi, u_lo, u_hi = box
        pivot = int(free[np.argmax(k[free])])
        width_k, width_u = k_hi - k_lo, u_hi - u_lo
        # a supplier as large as half the box moves the aggregate across it: fix it; otherwise
        # halve the box (down to the resolution), which decides every supplier whose
        # indifference curve leaves the half
        small = 2 * k[pivot] < width_k and 2 * w[pivot] < width_u
        wide_k, wide_u = width_k > resolution_k, width_u > resolution_w
        if small and (wide_k or wide_u) and path_splits < MAX_SPLITS:
            if wide_k and (not wide_u or width_k / resolution_k >= width_u / resolution_w):
                # the kink of max(1, K) first: each side of it is smooth
                mid = 1.0 if k_lo < 1.0 < k_hi else 0.5 * (k_lo + k_hi)
                halves = [(k_lo, mid, u_lo, u_hi), (mid, k_hi, u_lo, u_hi)]
            else:
                mid = 0.5 * (u_lo + u_hi)
                halves = [(k_lo, k_hi, u_lo, mid), (k_lo, k_hi, mid, u_hi)]
            splits += 1
            for half in halves:
                stack.append((depth + 1, half, ("box",), path_splits + 1))
            continue
        stack.append((depth + 1, box, ("fix", pivot, CONTROL), path_splits))
        stack.append((depth + 1, box, ("fix", pivot, EXPORT), path_splits))
    complete = not stopped
    return AggregativeSearch(
        profiles=tuple(sorted(found)),
        complete=complete,
        nodes=nodes,
        splits=splits,
        stopped=stopped,
    )


def _propagate(
    bounds: _Bounds,
    status: np.ndarray,
    depth_of: np.ndarray,
    held: np.ndarray,
    box: tuple[float, float, float, float],
    depth: int,
    slack_k: float,
    slack_w: float,
) -> tuple[float, float, float, float] | None:
    """Steps (1)-(3) to a fixed point: the narrowed box, or ``None`` when the node is empty."""
    k, w = bounds.k, bounds.w
    while True:
        exporting = status == EXPORT
        free = status == _FREE
        k_fixed, w_fixed = float(k[exporting].sum()), float(w[exporting].sum())
        k_lo = max(box[0], k_fixed - slack_k)
        k_hi = min(box[1], k_fixed + float(k[free].sum()) + slack_k)
        u_lo = max(box[2], w_fixed - slack_w)
        u_hi = min(box[3], w_fixed + float(w[free].sum()) + slack_w)
        # the free exporters' (dK, dU) lies in the cone r_min dK <= dU <= r_max dK, with r the
        # free suppliers' unsafeguarded share 1 - s
        ratios = bounds.ratio[free & bounds.positive]
        if ratios.size:
            r_min, r_max = float(ratios.min()), float(ratios.max())
            u_lo = max(u_lo, w_fixed + r_min * max(0.0, k_lo - k_fixed) - slack_w)
            u_hi = min(u_hi, w_fixed + r_max * max(0.0, k_hi - k_fixed) + slack_w)
            if r_max > 0:
                k_lo = max(k_lo, k_fixed + max(0.0, u_lo - w_fixed) / r_max - slack_k)
            if r_min > 0:
                k_hi = min(k_hi, k_fixed + max(0.0, u_hi - w_fixed) / r_min + slack_k)
        if k_lo > k_hi or u_lo > u_hi:
            return None
        box = (k_lo, k_hi, u_lo, u_hi)
        can_export, can_control = bounds.consistent(box)
        checked = ~held
        if np.any(checked & exporting & ~can_export):
            return None
        if np.any(checked & (status == CONTROL) & ~can_control):
            return None
        if np.any(free & ~can_export & ~can_control):
            return None
        to_control = free & ~can_export
        to_export = free & ~can_control
        if not (to_control.any() or to_export.any()):
            return box
        status[to_control] = CONTROL
        status[to_export] = EXPORT
        depth_of[to_control | to_export] = depth


def profile_regrets(
    market: ExportMarket,
    profile: tuple[int, ...],
    *,
    exact: bool = True,
    held: frozenset[int] = frozenset(),
) -> tuple[Any, tuple[Any, ...], tuple[Any, ...]]:
    """Every supplier's gain from switching alone, and the payoffs, at a pure profile.

    The model's generic payoff (one sympy expression) is evaluated once over arrays: at the
    profile and at each supplier's deviation.  Returns ``(max regret over suppliers not in
    held, gains, payoffs)``; exact Fractions when ``exact`` (an integer risk exponent), floats
    otherwise.

    >>> from dualdilemma.models.export_market import Supplier
    >>> market = ExportMarket(4, 0, 1, [Supplier("A", 1, 1, "9/10"), Supplier("B", 1, 1, 0)])
    >>> profile_regrets(market, (0, 0))[0]
    Fraction(0, 1)
    """
    suppliers = market.suppliers
    n = len(suppliers)
    if exact:
        total = sum(
            (s.capacity for s, a in zip(suppliers, profile, strict=True) if a == EXPORT),
            Fraction(0),
        )
        screened = sum(
            (
                s.capacity * s.safeguard
                for s, a in zip(suppliers, profile, strict=True)
                if a == EXPORT
            ),
            Fraction(0),
        )
        from dualdilemma.symbolic.exact import evaluate_exact_many

        k = np.array([s.capacity for s in suppliers] * 2, dtype=object)
        h = np.array([s.harm for s in suppliers] * 2, dtype=object)
        c = np.array([s.control_cost for s in suppliers] * 2, dtype=object)
        ks = np.array([s.capacity * s.safeguard for s in suppliers], dtype=object)
        sign = np.array([-1 if a == EXPORT else 1 for a in profile], dtype=object)
        own = np.array([Fraction(a) for a in profile], dtype=object)
        actions = np.concatenate([own, 1 - own])
        totals = np.concatenate([np.full(n, total, dtype=object), total + sign * k[:n]])
        screens = np.concatenate([np.full(n, screened, dtype=object), screened + sign * ks])
        env = {
            _V: market.value,
            _P0: market.risk_without_supply,
            _P1: market.risk_with_supply,
            _K: k,
            _H: h,
            _C: c,
            _A: actions,
            _KE: totals,
            _SE: screens,
        }
        (values,) = evaluate_exact_many([generic_supplier_payoff(market.risk_exponent)], env)
        values = np.broadcast_to(values, (2 * n,))
        zero: Any = Fraction(0)
    else:
        from dualdilemma.models.export_market import _compiled_payoff

        columns = market.columns  # the same floats, converted once per market
        kf, sf = columns.capacity_float, columns.screened_float
        exporting = np.array(profile) == EXPORT
        total_f, screened_f = float(kf[exporting].sum()), float(sf[exporting].sum())
        sign_f = np.where(exporting, -1.0, 1.0)
        own_f = np.array(profile, dtype=float)
        args = [
            float(market.value),
            float(market.risk_without_supply),
            float(market.risk_with_supply),
            np.tile(kf, 2),
            np.tile(columns.harm_float, 2),
            np.tile(columns.control_cost_float, 2),
            np.concatenate([own_f, 1 - own_f]),
            np.concatenate([np.full(n, total_f), total_f + sign_f * kf]),
            np.concatenate([np.full(n, screened_f), screened_f + sign_f * sf]),
        ]
        function = _compiled_payoff(market.risk_exponent)
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.broadcast_to(function(*args), (2 * n,))
        zero = 0.0
    payoffs = tuple(values[:n])
    gains = tuple(values[n + i] - values[i] for i in range(n))
    regret = max([zero, *(g for i, g in enumerate(gains) if i not in held)])
    return regret, gains, payoffs


_TOLERANCES: weakref.WeakKeyDictionary[ExportMarket, float] = weakref.WeakKeyDictionary()


def _tolerance(market: ExportMarket) -> float:
    # once per market: a cartel analysis solves thousands of outsiders' games of one market
    if market not in _TOLERANCES:
        scale = max([1, market.value, *(s.harm for s in market.suppliers)])
        _TOLERANCES[market] = 4e-9 * float(scale)
    return _TOLERANCES[market]


def aggregative_pure_equilibria(
    market: ExportMarket,
    *,
    fixed: Mapping[int, int] | None = None,
    limit: int | None = DEFAULT_LIMIT,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    exact: bool | None = None,
    tick: Callable[[], None] | None = None,
) -> SolverResult:
    """Every pure Nash equilibrium of the export market, by the module's branch and bound.

    Parameters
    ----------
    market
        The :class:`~dualdilemma.models.export_market.ExportMarket` (any size: no tensor).
    fixed
        Supplier index -> action held fixed, whose best-reply condition is not imposed (the
        members of a cartel at control): the result is then the pure equilibria of the
        others' game.
    limit
        Stop after this many equilibria (``complete=False``); ``None`` for no limit.
    time_limit
        Stop after this many seconds (``complete=False``); ``None`` for no limit.
    exact
        Verify in Fractions (default when the risk exponent is an integer); ``False`` verifies
        in float64 with a tolerance of ``4e-9 * max(1, V, h_i)``.
    tick
        Called now and then during the search (for a progress spinner).

    Returns
    -------
    SolverResult
        ``method="aggregative_pure"``; equilibria in lexicographic order of the action indices
        (export = 0 first), each with its regret (0 exactly) and payoffs; ``degenerate`` is
        ``True`` when some supplier is indifferent at an equilibrium.

    Examples
    --------
    A leader with good safeguards and a fringe: exporting is everyone's best reply (C1).

    >>> from dualdilemma.models.export_market import Supplier
    >>> market = ExportMarket(4, 0, 1, [Supplier("A", 1, 1, "9/10"), Supplier("B", 1, 1, 0)])
    >>> result = aggregative_pure_equilibria(market)
    >>> [eq.pure_profile() for eq in result], result.complete, result.exact
    ([(0, 0)], True, True)
    """
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise InvalidParameterError(f"limit must be an integer >= 1 or None, got {limit!r}")
    if time_limit is not None and not (
        isinstance(time_limit, int | float) and time_limit > 0 and np.isfinite(time_limit)
    ):
        raise InvalidParameterError(
            f"time_limit must be a positive number of seconds or None, got {time_limit!r}"
        )
    integer_gamma = market.risk_exponent.denominator == 1
    if exact is None:
        exact = integer_gamma
    elif exact and not integer_gamma:
        raise InvalidParameterError(
            f"risk_exponent {market.risk_exponent} is not an integer, so risks can be "
            "irrational: use exact=False"
        )
    started = time.perf_counter()
    search = search_pure_profiles(
        market, fixed=fixed, limit=limit, time_limit=time_limit, tick=tick
    )
    held = frozenset(int(i) for i in (fixed or {}))
    tol = 0 if exact else _tolerance(market)
    equilibria = []
    weak = 0
    rejected = 0
    for profile in search.profiles:
        regret, gains, payoffs = profile_regrets(market, profile, exact=exact, held=held)
        if regret > tol:
            rejected += 1
            continue
        if any(abs(g) <= tol for i, g in enumerate(gains) if i not in held):
            weak += 1
        one: Any = Fraction(1) if exact else 1.0
        zero: Any = Fraction(0) if exact else 0.0
        equilibria.append(
            Equilibrium(
                profile=tuple((one, zero) if a == EXPORT else (zero, one) for a in profile),
                max_regret=regret,
                payoffs=payoffs,
            )
        )
    n = market.num_suppliers
    count = len(equilibria)
    diagnostics = [
        f"{count} pure equilibri{'um' if count == 1 else 'a'} of {n} suppliers; branch and "
        f"bound on the aggregates (K, U): {search.nodes} nodes, {search.splits} box halvings, "
        f"{rejected} near-tie candidates rejected by the "
        f"{'exact' if exact else 'float'} check, in {time.perf_counter() - started:.3g} s"
    ]
    if weak:
        diagnostics.append(
            f"{weak} of them weak (a supplier has an equally good alternative): "
            "the game is degenerate"
        )
    if search.stopped:
        diagnostics.append(f"incomplete: {search.stopped}")
    return SolverResult(
        method="aggregative_pure",
        parameters={
            "limit": limit,
            "time_limit": time_limit,
            "fixed": {int(i): int(a) for i, a in (fixed or {}).items()},
            "tol": tol,
        },
        exact=bool(exact),
        equilibria=tuple(equilibria),
        complete=search.complete,
        degenerate=True if weak else (False if search.complete else None),
        diagnostics=tuple(diagnostics),
    )
