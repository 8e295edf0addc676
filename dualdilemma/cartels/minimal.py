r"""Minimal effective cartels by branch and bound over capacities (not :math:`2^N` enumeration).

When the members of a cartel :math:`S` control and the outsiders :math:`O` export, the model's
leakage (MODEL s.2) is :math:`q(O) = W_O / \max(1, K_O)` with :math:`K_O = \sum_O k_j` and
:math:`W_O = \sum_O k_j (1 - s_j)`, the outsiders' unsafeguarded capacity.  Hence
:math:`q(O) \le \tau` iff

.. math::

    \text{(1)}\; \textstyle\sum_{j \in S} w_j \ge W - \tau
    \quad\text{or}\quad
    \text{(2)}\; \textstyle\sum_{j \in S} v_j \ge W - \tau K,
    \qquad w_j = k_j (1 - s_j),\; v_j = k_j (1 - s_j - \tau),

where :math:`W, K` are market totals.  (1) says the outsiders cannot fill the gap, (2) that
they screen well enough; (1) is exact when :math:`K_O \le 1`, (2) when
:math:`K_O \ge 1`, and each implies the other in the other regime.  Effectiveness is therefore
the union of two weighted-voting games (Taylor and Zwicker 1999), and minimal effective cartels
are found by a depth-first search over suppliers sorted by weight that (a) stops extending a set
as soon as it is effective, (b) prunes a branch when even all remaining positive weights cannot
reach either quota, and (c) keeps a set only if none of its proper subsets is effective (decided
in closed form from the weights, since (2) can have negative weights: a well-safeguarded supplier
that joins removes good supply from the market).  The work is the
number of sets visited that are not yet effective but can still reach a quota: often close to
the number of minimal cartels, but exponential in the worst case (many small suppliers and a
lax tolerance), so a ``limit`` and a time limit bound it and the result says when the list is
incomplete; :mod:`dualdilemma.cartels.minimal_count` then counts them without listing.

The search assumes that outsiders export (C1's dense market: others fill the gap).  Every cartel
returned is re-checked with the model's own outcome function; :func:`analyse_cartel` then
evaluates it with the outsiders' actual best reply.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from dualdilemma.cartels.analysis import check_tolerance
from dualdilemma.errors import InvalidParameterError
from dualdilemma.models.export_market import _KE, _SE, ExportMarket
from dualdilemma.solvers.result import json_number

__all__ = [
    "MinimalCartels",
    "minimal_effective_cartels",
    "smallest_effective_cartels",
    "best_reply_minimal_cartels",
    "BEST_REPLY_EXHAUSTIVE",
    "json_count",
]


def json_count(value: int | None) -> int | str | None:
    """A count for JSON: an int up to :math:`2^{53}` (exact in every JSON reader), its decimal
    text beyond.

    >>> json_count(12), json_count(2**60)
    (12, '1152921504606846976')
    """
    if value is None:
        return None
    return int(value) if value <= 2**53 else str(value)


_EXPORT_METHOD = "weighted-voting search with exporting outsiders"


@dataclass(frozen=True)
class MinimalCartels:
    """Minimal effective cartels of a market at tolerance ``tolerance``.

    Attributes
    ----------
    cartels
        All minimal effective cartels found, smallest first, ties by larger total capacity,
        then by supplier order.
    smallest_size
        The fewest members an effective cartel can have (``None`` if no cartel is effective).
    complete
        ``False`` when the search stopped at ``limit`` or at its time limit.
    required
        Suppliers that must be in the cartel (e.g. existing members).
    count, count_by_size, count_method
        How many minimal effective cartels there are, in all and as ``(size, number)`` pairs,
        and how that was known: ``"listed"`` when the list is complete,
        :data:`~dualdilemma.cartels.minimal_count.COUNT_METHOD` when it is not and the
        cartels were counted without listing them
        (:func:`~dualdilemma.cartels.minimal_count.count_minimal_effective_cartels`).
        ``None`` when unknown: the counting table would exceed the limit ``count_states``
        (``count_method`` then says so), or outsiders best-respond and the list is
        incomplete (the count is for exporting outsiders).
    """

    cartels: tuple[tuple[str, ...], ...]
    smallest_size: int | None
    tolerance: Any
    complete: bool
    required: tuple[str, ...]
    nodes: int
    outsiders: str = "export"
    method: str = _EXPORT_METHOD
    count: int | None = None
    count_by_size: tuple[tuple[int, int], ...] | None = None
    count_method: str | None = None

    @property
    def smallest(self) -> tuple[tuple[str, ...], ...]:
        return tuple(c for c in self.cartels if len(c) == self.smallest_size)

    def to_dict(self) -> dict[str, Any]:
        return {
            "cartels": [list(c) for c in self.cartels],
            "smallest_size": self.smallest_size,
            "smallest": [list(c) for c in self.smallest],
            "tolerance": json_number(self.tolerance),
            "complete": self.complete,
            "required": list(self.required),
            "outsiders": self.outsiders,
            "method": self.method,
            "count": json_count(self.count),
            "count_by_size": None
            if self.count_by_size is None
            else {str(size): json_count(number) for size, number in self.count_by_size},
            "count_method": self.count_method,
        }


def _listed_count(cartels: tuple[tuple[str, ...], ...]) -> dict[str, Any]:
    """The count fields of a complete list."""
    sizes: dict[int, int] = {}
    for cartel in cartels:
        sizes[len(cartel)] = sizes.get(len(cartel), 0) + 1
    return {
        "count": len(cartels),
        "count_by_size": tuple(sorted(sizes.items())),
        "count_method": "listed",
    }


def _weights(market: ExportMarket, tolerance: Fraction) -> tuple[list, list, Fraction, Fraction]:
    w = [s.capacity * (1 - s.safeguard) for s in market.suppliers]
    v = [s.capacity * (1 - s.safeguard - tolerance) for s in market.suppliers]
    total_w = sum(w, Fraction(0))
    total_k = sum((s.capacity for s in market.suppliers), Fraction(0))
    return w, v, total_w - tolerance, total_w - tolerance * total_k


def _integer_weights(
    w: list[Fraction], v: list[Fraction], quota_w: Fraction, quota_v: Fraction
) -> tuple[list[int], list[int], int, int]:
    """The same weighted-voting games with integer weights (times the common denominator):
    identical comparisons, and Python ints are an order of magnitude faster than Fractions."""
    scale = 1
    for x in (*w, *v, quota_w, quota_v):
        scale = math.lcm(scale, x.denominator)
    return (
        [int(x * scale) for x in w],
        [int(x * scale) for x in v],
        int(quota_w * scale),
        int(quota_v * scale),
    )


def minimal_effective_cartels(
    market: ExportMarket,
    tolerance: Any = "1/10",
    *,
    required: Iterable[str] = (),
    max_size: int | None = None,
    limit: int = 1000,
    outsiders: str = "export",
    selection: str = "max_risk",
    time_limit: float | None = 60.0,
    tick: Callable[[], None] | None = None,
) -> MinimalCartels:
    """All minimal effective cartels (see the module docstring), smallest first.

    Parameters
    ----------
    market
        The export market.
    tolerance
        :math:`\\tau \\in [0, 1]`, the leakage the cartel may leave.
    required
        Suppliers every returned cartel must contain (minimality is then relative to them).
    max_size
        Only cartels with at most this many members.
    limit
        Stop after this many cartels (the result says ``complete=False``).
    outsiders
        ``"export"`` (default): outsiders export, the weighted-voting search above.
        ``"best_reply"``: MODEL s.4's definition, outsiders play a pure equilibrium of their
        game given the cartel, the one chosen by ``selection`` (``"max_risk"`` or
        ``"min_risk"``, as in :class:`~dualdilemma.cartels.analysis.CartelMarket`); see
        :func:`best_reply_minimal_cartels` for when it is exact.
    time_limit, tick
        Seconds before the search stops and says it is incomplete (``None``: no limit), and a
        callback called now and then during it (a progress spinner).

    Examples
    --------
    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(10, 0, 1, [Supplier("A", "1/2", 1, 0), Supplier("B", "1/2", 1, 0),
    ...                                  Supplier("C", "1/2", 1, 0)])
    >>> minimal_effective_cartels(market, "1/2").cartels
    (('A', 'B'), ('A', 'C'), ('B', 'C'))
    """
    if outsiders not in ("export", "best_reply"):
        raise InvalidParameterError(
            f"outsiders must be 'export' or 'best_reply', got {outsiders!r}"
        )
    if outsiders == "best_reply":
        return best_reply_minimal_cartels(
            market,
            tolerance,
            required=required,
            max_size=max_size,
            limit=limit,
            selection=selection,
            time_limit=time_limit,
            tick=tick,
        )
    tau = Fraction(check_tolerance(tolerance))
    if limit < 1:
        raise InvalidParameterError(f"limit must be >= 1, got {limit!r}")
    names = market.names
    forced = set()
    for name in required:
        if name not in names:
            raise InvalidParameterError(
                f"required member {name!r} is not a supplier; suppliers are {list(names)}"
            )
        forced.add(names.index(name))
    w, v, quota_w, quota_v = _integer_weights(*_weights(market, tau))
    n = len(names)
    free = sorted(
        (j for j in range(n) if j not in forced),
        key=lambda j: (-max(w[j], v[j]), -market.suppliers[j].capacity, j),
    )
    suffix_w = [Fraction(0)] * (len(free) + 1)
    suffix_v = [Fraction(0)] * (len(free) + 1)
    for pos in range(len(free) - 1, -1, -1):
        suffix_w[pos] = suffix_w[pos + 1] + w[free[pos]]
        suffix_v[pos] = suffix_v[pos + 1] + max(v[free[pos]], Fraction(0))

    def effective(a_w: Fraction, a_v: Fraction) -> bool:
        return a_w >= quota_w or a_v >= quota_v

    base_w = sum((w[j] for j in forced), Fraction(0))
    base_v = sum((v[j] for j in forced), Fraction(0))
    size_cap = n if max_size is None else int(max_size)
    found: list[tuple[int, ...]] = []
    nodes = 0
    complete = True

    def minimal(chosen: list[int], a_w: Fraction, a_v: Fraction) -> bool:
        # No proper subset (keeping the required members) may be effective.  Condition (1) is
        # monotone (w >= 0): the best proper subset drops the lightest member.  Condition (2)
        # may have negative weights: the best proper subset drops every negative-weight member,
        # or, if there is none, the lightest one.
        if not chosen:
            return True
        best_w = a_w - min(w[j] for j in chosen)
        negative = [v[j] for j in chosen if v[j] < 0]
        best_v = a_v - (sum(negative) if negative else min(v[j] for j in chosen))
        return not effective(best_w, best_v)

    stack = [(0, [], base_w, base_v)]
    if effective(base_w, base_v):
        found.append(())
        stack = []
    start = time.perf_counter()
    stopped = ""
    while stack:
        pos, chosen, a_w, a_v = stack.pop()
        nodes += 1
        if nodes % 1024 == 0:
            if tick is not None:
                tick()
            if time_limit is not None and time.perf_counter() - start > time_limit:
                complete = False
                stopped = f"time limit of {time_limit} s reached after {nodes} nodes"
                break
        # children in reverse so that heavier suppliers are explored first (stack order)
        children = []
        for nxt in range(pos, len(free)):
            if len(chosen) + 1 + len(forced) > size_cap:
                break
            if a_w + suffix_w[nxt] < quota_w and a_v + suffix_v[nxt] < quota_v:
                break  # no remaining combination can reach either quota
            j = free[nxt]
            new_w, new_v, new_chosen = a_w + w[j], a_v + v[j], [*chosen, j]
            if effective(new_w, new_v):
                if minimal(new_chosen, new_w, new_v):
                    found.append(tuple(new_chosen))
                    if len(found) >= limit:
                        complete = False
                        stack = []
                        break
            else:
                children.append((nxt + 1, new_chosen, new_w, new_v))
        if not complete:
            break  # the children of the last node would otherwise go past the limit
        stack.extend(reversed(children))
    cartels = [tuple(sorted(set(chosen) | forced)) for chosen in found]
    _verify(market, [list(c) for c in cartels], tau)
    cartels.sort(key=lambda c: (len(c), -sum(market.suppliers[j].capacity for j in c), c))
    named = tuple(tuple(names[j] for j in c) for c in cartels)
    smallest = len(named[0]) if named else None
    if not complete and named:
        # the search is depth-first: the true minimum may lie in an unexplored branch
        smallest = min(smallest, _greedy_minimum(w, v, quota_w, quota_v, free, forced))
    if complete:
        counted = _listed_count(named)
    else:
        counted = _counted(market, tau, [names[j] for j in sorted(forced)], max_size)
    return MinimalCartels(
        cartels=named,
        smallest_size=smallest,
        tolerance=tau,
        complete=complete,
        required=tuple(names[j] for j in sorted(forced)),
        nodes=nodes,
        method=_EXPORT_METHOD + (f"; {stopped}" if stopped else ""),
        **counted,
    )


def _counted(
    market: ExportMarket, tau: Fraction, required: list[str], max_size: int | None
) -> dict[str, Any]:
    """The count fields of an incomplete list: counted without listing, or ``None`` with
    the reason when the counting table exceeds its limit."""
    from dualdilemma.cartels.minimal_count import count_minimal_effective_cartels
    from dualdilemma.limits import LimitExceededError

    try:
        result = count_minimal_effective_cartels(market, tau, required=required, max_size=max_size)
    except LimitExceededError as exc:
        return {"count": None, "count_by_size": None, "count_method": f"not counted: {exc}"}
    return {
        "count": result.count,
        "count_by_size": result.by_size,
        "count_method": result.method,
    }


#: Without provable export dominance, markets up to this size are searched over every cartel.
BEST_REPLY_EXHAUSTIVE = 8


def best_reply_minimal_cartels(
    market: Any,
    tolerance: Any = "1/10",
    *,
    required: Iterable[str] = (),
    max_size: int | None = None,
    limit: int = 1000,
    selection: str = "max_risk",
    time_limit: float | None = 60.0,
    tick: Callable[[], None] | None = None,
) -> MinimalCartels:
    """Minimal effective cartels when outsiders best-respond (MODEL s.4).

    A cartel is effective when the leakage at the outsiders' selected pure equilibrium is at
    most ``tolerance``; it is minimal when no proper subset (keeping ``required``) is.

    * If exporting is every supplier's strict best reply at every aggregate
      (:func:`~dualdilemma.cartels.search.export_dominant`), every outsider exports whatever
      the cartel, so the weighted-voting search is exact for this definition too.
    * Otherwise markets of up to :data:`BEST_REPLY_EXHAUSTIVE` suppliers are searched over
      every cartel (each outsiders' game solved completely); larger ones by the exact search
      of :mod:`dualdilemma.cartels.best_reply_search` (by size, pruned by a necessary linear
      condition of effectiveness and by the minimal cartels already found), which stops
      after ``time_limit`` seconds (``None``: no limit) and then says it is incomplete.
      ``tick`` is called now and then (a progress spinner).

    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(1, 0, 1, [Supplier("A", 1, 9, 0), Supplier("B", 1, 9, 0)])
    >>> best_reply_minimal_cartels(market, "1/2").cartels  # with A at control, B controls too
    (('A',), ('B',))
    >>> minimal_effective_cartels(market, "1/2").cartels
    (('A', 'B'),)
    """
    from dualdilemma.cartels.analysis import CartelMarket, at_most

    context = (
        market if isinstance(market, CartelMarket) else CartelMarket(market, selection=selection)
    )
    base = context.market
    if context.export_dominant:
        found = minimal_effective_cartels(
            base,
            tolerance,
            required=required,
            max_size=max_size,
            limit=limit,
            time_limit=time_limit,
            tick=tick,
        )
        stopped = found.method[len(_EXPORT_METHOD) :]
        return MinimalCartels(
            **{
                **found.__dict__,
                "outsiders": "best_reply",
                "method": "weighted-voting search; exact for best-replying outsiders because "
                "exporting is every supplier's strict best reply at every aggregate" + stopped,
            }
        )
    n = base.num_suppliers
    tau = check_tolerance(tolerance)
    if limit < 1:
        raise InvalidParameterError(f"limit must be >= 1, got {limit!r}")
    forced = context.members(required)
    if n > BEST_REPLY_EXHAUSTIVE:
        return _searched_best_reply(
            context, tau, forced, max_size, limit, time_limit=time_limit, tick=tick
        )
    size_cap = n if max_size is None else int(max_size)
    free = [j for j in range(n) if j not in forced]
    effective_masks: list[int] = []
    found_masks: list[int] = []
    complete = True
    nodes = 0
    for extra in range(len(free) + 1):
        if len(forced) + extra > size_cap or not complete:
            break
        for chosen in itertools.combinations(free, extra):
            members = frozenset(forced | set(chosen))
            nodes += 1
            response = context.outsider_response(members)
            if response.selected is None:
                continue
            if not at_most(context.outcome(response.selected).leakage, tau):
                continue
            mask = sum(1 << j for j in members)
            if not any(e & mask == e for e in effective_masks):
                found_masks.append(mask)
                if len(found_masks) >= limit:
                    complete = False
                    break
            effective_masks.append(mask)
    cartels = [tuple(j for j in range(n) if mask >> j & 1) for mask in found_masks]
    cartels.sort(key=lambda c: (len(c), -sum(base.suppliers[j].capacity for j in c), c))
    named = tuple(tuple(base.names[j] for j in c) for c in cartels)
    # the counting of minimal_count assumes exporting outsiders: only a complete list counts
    counted = _listed_count(named) if complete else {}
    return MinimalCartels(
        cartels=named,
        smallest_size=len(named[0]) if named else None,
        tolerance=tau,
        complete=complete,
        required=tuple(base.names[j] for j in sorted(forced)),
        nodes=nodes,
        outsiders="best_reply",
        method=f"every cartel examined, each outsiders' game solved ({context.selection})",
        **counted,
    )


def _searched_best_reply(
    context: Any,
    tau: Fraction,
    forced: frozenset[int],
    max_size: int | None,
    limit: int,
    *,
    time_limit: float | None,
    tick: Callable[[], None] | None,
) -> MinimalCartels:
    """:func:`best_reply_minimal_cartels` by the search of
    :mod:`dualdilemma.cartels.best_reply_search`."""
    from dualdilemma.cartels.analysis import at_most
    from dualdilemma.cartels.best_reply_search import search_minimal_best_reply

    base = context.market

    def effective(members: tuple[int, ...]) -> bool | None:
        response = context.outsider_response(frozenset(members))
        if not response.complete:
            return None
        if response.selected is None:
            return False  # no pure equilibrium: no outcome, as in the exhaustive search
        return bool(at_most(context.outcome(response.selected).leakage, tau))

    found = search_minimal_best_reply(
        base,
        tolerance=tau,
        free_to_control=context.free_to_control,
        effective=effective,
        required=sorted(forced),
        max_size=max_size,
        limit=limit,
        time_limit=time_limit,
        tick=tick,
    )
    cartels = sorted(
        found.cartels,
        key=lambda c: (len(c), -sum(base.suppliers[j].capacity for j in c), c),
    )
    named = tuple(tuple(base.names[j] for j in c) for c in cartels)
    free = int(np.count_nonzero(context.free_to_control))
    method = (
        f"exact search by size ({free} of {base.num_suppliers} suppliers may control of their "
        f"own accord; {found.nodes} nodes, {found.leaves} outsiders' games solved "
        f"({context.selection}), no enumeration of 2^{base.num_suppliers} subsets)"
    )
    if found.stopped:
        method += f"; {found.stopped}"
    if found.unsolved:
        method += (
            f"; the outsiders' game of {found.unsolved} candidate"
            f"{'' if found.unsolved == 1 else 's'} was not solved completely"
        )
    return MinimalCartels(
        cartels=named,
        smallest_size=len(named[0]) if named else None,
        tolerance=tau,
        complete=found.complete,
        required=tuple(base.names[j] for j in sorted(forced)),
        nodes=found.nodes,
        outsiders="best_reply",
        method=method,
        # the counting of minimal_count assumes exporting outsiders: only a complete list counts
        **(_listed_count(named) if found.complete else {}),
    )


def _greedy_minimum(w, v, quota_w, quota_v, free, forced) -> int:
    """Fewest members reaching either quota: take the largest weights first (exact)."""
    best = None
    for weights, quota in ((w, quota_w), (v, quota_v)):
        total = sum((weights[j] for j in forced), Fraction(0))
        count = len(forced)
        if total >= quota:
            best = count if best is None else min(best, count)
            continue
        for j in sorted(free, key=lambda j: -weights[j]):
            if weights[j] <= 0:
                break
            total += weights[j]
            count += 1
            if total >= quota:
                best = count if best is None else min(best, count)
                break
    return best if best is not None else len(free) + len(forced)


def smallest_effective_cartels(
    market: ExportMarket, tolerance: Any = "1/10", **kwargs: Any
) -> tuple[tuple[str, ...], ...]:
    """The effective cartels with the fewest members (ties: larger total capacity first)."""
    result = minimal_effective_cartels(market, tolerance, **kwargs)
    return result.smallest


def _verify(market: ExportMarket, cartels: list[list[int]], tau: Fraction) -> None:
    """Re-check effectiveness with the model's own leakage expression (all outsiders export).

    The expression :func:`~dualdilemma.models.export_market.leakage` is evaluated exactly, once,
    over the arrays of the outsiders' :math:`K_E` and :math:`S_E` of every cartel.
    """
    if not cartels:
        return
    import numpy as np

    from dualdilemma.models.export_market import leakage
    from dualdilemma.symbolic.exact import evaluate_exact_many

    totals = np.empty(len(cartels), dtype=object)
    screened = np.empty(len(cartels), dtype=object)
    for row, members in enumerate(cartels):
        inside = set(members)
        outsiders = [s for j, s in enumerate(market.suppliers) if j not in inside]
        totals[row] = sum((s.capacity for s in outsiders), Fraction(0))
        screened[row] = sum((s.capacity * s.safeguard for s in outsiders), Fraction(0))
    (values,) = evaluate_exact_many([leakage(_KE, _SE)], {_KE: totals, _SE: screened})
    for members, value in zip(cartels, np.broadcast_to(values, totals.shape), strict=True):
        if value > tau:  # pragma: no cover - the weights are an exact reformulation
            from dualdilemma.errors import SolverError

            raise SolverError(
                f"cartel {members} passed the capacity test but leaves leakage {value} > {tau}"
            )
