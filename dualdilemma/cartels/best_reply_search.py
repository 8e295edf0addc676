r"""Minimal effective cartels when outsiders best-respond, by size, without :math:`2^N` subsets.

MODEL s.4 calls a cartel :math:`S` effective when the leakage at its outsiders' selected pure
equilibrium is at most :math:`\tau`, and minimal when no proper subset of it (keeping the
required members) is effective.  Where some supplier may control of its own accord,
effectiveness is not monotone in :math:`S` and has no weighted-voting form, so the search of
:mod:`dualdilemma.cartels.minimal` does not apply.  What remains linear is a *necessary*
condition (:mod:`dualdilemma.cartels.search`): with :math:`A` the suppliers free to control
(:func:`~dualdilemma.cartels.search.may_control`), an effective :math:`S` meets

.. math::

    \text{(1')}\; \textstyle\sum_{j \in S} w'_j \ge \sum_N w'_j - \tau
    \quad\text{or}\quad
    \text{(2')}\; \textstyle\sum_{j \in S} v'_j \ge \sum_N v'_j,

with :math:`w'_j = k_j (1 - s_j)` and :math:`v'_j = w'_j - \tau k_j` off :math:`A`, and
:math:`w'_j = 0`, :math:`v'_j = \min(v_j, 0)` on :math:`A` (every outsider off :math:`A`
exports in every outsiders' equilibrium, and one on :math:`A` can at best stop exporting).

Algorithm
---------
For :math:`m = |R_0|, |R_0| + 1, \dots` (:math:`R_0` the required members, possibly none, so
the empty cartel is judged too) a depth-first search
chooses the other members from the suppliers sorted by :math:`w'`.  A node is discarded when

a. neither (1') nor (2') can be met by adding the largest remaining :math:`w'`, resp.
   :math:`v'`;
b. its members already contain a minimal effective cartel found at a smaller size (no
   completion is minimal).

A leaf that survives is judged by ``effective(members)`` (the outsiders' game solved exactly and
its selected equilibrium's leakage compared with :math:`\tau`).

**Completeness.**  By induction on :math:`m`: suppose every minimal effective cartel of fewer
than :math:`m` members has been found.  A cartel :math:`S` of size :math:`m` has an effective
proper subset iff it contains a minimal effective cartel (a smallest effective subset of an
effective set is minimal), and every such cartel has fewer than :math:`m` members, so (b)
discards exactly the non-minimal :math:`S`.  (a) discards only sets that fail a necessary
condition of effectiveness (with a margin above float rounding).  Every other set of size
:math:`m` is a leaf of the search (each subset is visited once, in the order of positions) and
is judged exactly.  So the cartels found at size :math:`m` are exactly the minimal effective
cartels of size :math:`m`, and the induction goes on.  The work is the number of surviving
nodes, not :math:`\binom{N}{m}`; it is exponential in the worst case (many suppliers free to
control make (1') and (2') weak), so a time limit and a count limit stop it, and the answer then
says it is incomplete.  When a leaf's outsiders' game is not solved completely, the answer is
marked incomplete too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dualdilemma.models.export_market import ExportMarket

__all__ = ["BestReplyMinimal", "search_minimal_best_reply"]

_MARGIN = 1e-9


@dataclass(frozen=True)
class BestReplyMinimal:
    """The search's answer: minimal effective cartels (member indices, in the order found:
    by size, then by the search's order) and its work.

    ``stopped`` says why the search stopped early (empty when it ran to the end);
    ``unsolved`` counts the leaves whose outsiders' game was not solved completely.
    """

    cartels: tuple[tuple[int, ...], ...]
    nodes: int
    leaves: int
    stopped: str
    unsolved: int

    @property
    def complete(self) -> bool:
        return not self.stopped and not self.unsolved


def search_minimal_best_reply(
    market: ExportMarket,
    *,
    tolerance: Any,
    free_to_control: np.ndarray,
    effective: Callable[[tuple[int, ...]], bool | None],
    required: Sequence[int] = (),
    max_size: int | None = None,
    limit: int = 1000,
    time_limit: float | None = None,
    tick: Callable[[], None] | None = None,
) -> BestReplyMinimal:
    """The search of the module docstring.

    ``effective(members)`` is the exact test of a leaf: ``True`` or ``False``, or ``None``
    when the outsiders' game could not be solved completely (treated as not effective and
    counted in ``unsolved``).  ``free_to_control`` marks the suppliers that may control of
    their own accord (:func:`~dualdilemma.cartels.search.may_control`); marking more of them
    than needed only weakens the bound (a).
    """
    from dualdilemma.cartels.search import _bounds, _top_sums

    start = time.perf_counter()
    bounds = _bounds(market)
    n = market.num_suppliers
    k, w = bounds.k, bounds.w
    tau = float(tolerance)
    free_mask = np.asarray(free_to_control, dtype=bool)
    v = w - tau * k
    w_quota = np.where(free_mask, 0.0, w)
    v_quota = np.where(free_mask, np.minimum(v, 0.0), v)
    target_w = float(w_quota.sum()) - tau
    target_v = float(v_quota.sum())
    forced = sorted(set(int(i) for i in required))
    forced_mask = sum(1 << i for i in forced)
    taken = set(forced)
    pool = sorted(
        (j for j in range(n) if j not in taken),
        key=lambda j: (-w_quota[j], -v_quota[j], -k[j], j),
    )
    pool_arr = np.array(pool, dtype=np.int64)
    top_w = _top_sums(w_quota[pool_arr])
    top_v = _top_sums(v_quota[pool_arr])
    base_w = float(w_quota[forced].sum())
    base_v = float(v_quota[forced].sum())
    found: list[tuple[int, ...]] = []
    found_masks: list[int] = []
    nodes = leaves = unsolved = 0
    stopped = ""
    cap = n if max_size is None else min(n, int(max_size))

    def contains_found(mask: int) -> bool:
        return any(f & mask == f for f in found_masks)

    # size 0 too: where the suppliers free to control leave little enough on their own, the
    # empty cartel is effective and the only minimal one
    for size in range(len(forced), cap + 1):
        slots = size - len(forced)
        if slots > len(pool):
            break
        if time_limit is not None and time.perf_counter() - start > time_limit:
            stopped = f"time limit of {time_limit} s reached at size {size}"
            break
        if contains_found(forced_mask):
            break  # the required members alone are effective: nothing larger is minimal
        stack: list[tuple[int, list[int], float, float, int]] = [
            (0, [], base_w, base_v, forced_mask)
        ]
        at_size: list[tuple[int, ...]] = []
        while stack and not stopped:
            p, chosen, sum_w, sum_v, mask = stack.pop()
            nodes += 1
            if tick is not None and nodes % 512 == 0:
                tick()
            if time_limit is not None and nodes % 256 == 0:
                if time.perf_counter() - start > time_limit:
                    stopped = f"time limit of {time_limit} s reached at size {size}"
                    break
            r = slots - len(chosen)
            if r == 0:
                if sum_w < target_w - _MARGIN and sum_v < target_v - _MARGIN:
                    continue
                if contains_found(mask):
                    continue
                leaves += 1
                members = tuple(sorted(forced + chosen))
                verdict = effective(members)
                if verdict is None:
                    unsolved += 1
                elif verdict:
                    at_size.append(members)
                    if len(found) + len(at_size) >= limit:
                        stopped = f"limit of {limit} cartels reached at size {size}"
                continue
            if len(pool) - p < r:
                continue
            # (a) a quota of effectiveness must still be reachable
            reach_w, reach_v = sum_w + top_w[p][r], sum_v + top_v[p][r]
            if reach_w < target_w - _MARGIN and reach_v < target_v - _MARGIN:
                continue
            # (b) a node that holds a smaller minimal cartel has no minimal completion
            if contains_found(mask):
                continue
            children = []
            for q in range(p, len(pool) - r + 1):
                j = pool[q]
                children.append(
                    (q + 1, [*chosen, j], sum_w + w_quota[j], sum_v + v_quota[j], mask | 1 << j)
                )
            stack.extend(reversed(children))
        # cartels of one size do not contain each other, so they join the list together
        found.extend(at_size)
        found_masks.extend(sum(1 << j for j in c) for c in at_size)
        if stopped:
            break
    return BestReplyMinimal(tuple(found), nodes, leaves, stopped, unsolved)
