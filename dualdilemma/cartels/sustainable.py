"""The smallest effective cartel that is self-enforcing at a given discount and detection.

Candidates are visited by size, then by larger total capacity, and each is analysed with the
outsiders' actual best reply (:func:`~dualdilemma.cartels.analysis.analyse_cartel`).

* With at most :data:`EXHAUSTIVE_SUPPLIERS` suppliers every cartel of each size is examined, so
  the answer is exact (``complete=True``): outsiders who control of their own accord can make a
  smaller cartel effective than capacity alone suggests.
* Larger markets are searched exactly by :mod:`~dualdilemma.cartels.search`: a branch and bound
  on the exporters' aggregate that never enumerates :math:`2^N` subsets.  When exporting is
  every supplier's strict best reply at every aggregate
  (:func:`~dualdilemma.cartels.search.export_dominant`) every outsider exports whatever the
  cartel; otherwise the suppliers that may control of their own accord widen the search's
  bounds, and each candidate is analysed with the outsiders' actual best reply.  The answer is
  complete unless the search's time limit is reached or some outsiders' game could not be
  solved completely, and ``reason`` says which.

:func:`grow_from_minimal` keeps the older heuristic (minimal effective cartels with exporting
outsiders, grown one supplier at a time) for comparison; it is not exhaustive.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dualdilemma.cartels.analysis import (
    CartelAnalysis,
    CartelMarket,
    analyse_cartel,
    check_tolerance,
)
from dualdilemma.cartels.minimal import minimal_effective_cartels
from dualdilemma.errors import InvalidParameterError
from dualdilemma.models.export_market import ExportMarket
from dualdilemma.repeated.critical_discount import check_detection, check_discount

__all__ = [
    "SustainableCartel",
    "smallest_sustainable_cartel",
    "grow_from_minimal",
    "EXHAUSTIVE_SUPPLIERS",
]

#: Markets up to this size are searched exhaustively (2^N cartels, by size).
EXHAUSTIVE_SUPPLIERS = 10


@dataclass(frozen=True)
class SustainableCartel:
    """The search's answer: the cartel (or ``None``) and what was examined."""

    analysis: CartelAnalysis | None
    examined: int
    complete: bool
    reason: str

    @property
    def cartel(self) -> tuple[str, ...] | None:
        return None if self.analysis is None else self.analysis.cartel

    def to_dict(self) -> dict[str, Any]:
        return {
            "cartel": None if self.cartel is None else list(self.cartel),
            "analysis": None if self.analysis is None else self.analysis.to_dict(),
            "examined": self.examined,
            "complete": self.complete,
            "reason": self.reason,
        }


def smallest_sustainable_cartel(
    market: ExportMarket | CartelMarket,
    *,
    tolerance: Any = "1/10",
    discount: Any,
    detection: Any = 1,
    required: Iterable[str] = (),
    punishment: str = "nash",
    budget: int = 2000,
    time_limit: float | None = 60.0,
    tick: Any = None,
) -> SustainableCartel:
    """The smallest effective cartel self-enforcing at ``discount`` and ``detection``.

    Examples
    --------
    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(10, 0, 1, [Supplier("A", "1/2", 20, "1/2"),
    ...                                  Supplier("B", "1/2", 20, "1/2"),
    ...                                  Supplier("C", "1/10", 1, 0)])
    >>> smallest_sustainable_cartel(market, tolerance="1/10", discount="9/10").cartel
    ('A', 'B')
    """
    if budget < 1:
        raise InvalidParameterError(f"budget must be >= 1, got {budget!r}")
    context = market if isinstance(market, CartelMarket) else CartelMarket(market)
    base = context.market
    required = tuple(required)
    options = {
        "tolerance": tolerance,
        "discount": discount,
        "detection": detection,
        "punishment": punishment,
    }
    if base.num_suppliers <= EXHAUSTIVE_SUPPLIERS and context.game is not None:
        return _exhaustive(context, required, options)
    return _searched(context, required, options, time_limit, tick)


def grow_from_minimal(
    market: ExportMarket | CartelMarket,
    *,
    tolerance: Any = "1/10",
    discount: Any,
    detection: Any = 1,
    required: Iterable[str] = (),
    punishment: str = "nash",
    budget: int = 2000,
    time_limit: float | None = 60.0,
    tick: Any = None,
) -> SustainableCartel:
    """A self-enforcing effective cartel grown from the minimal effective cartels with exporting
    outsiders (a heuristic, ``complete=False``), for comparison with the exact search."""
    if budget < 1:
        raise InvalidParameterError(f"budget must be >= 1, got {budget!r}")
    context = market if isinstance(market, CartelMarket) else CartelMarket(market)
    options = {
        "tolerance": tolerance,
        "discount": discount,
        "detection": detection,
        "punishment": punishment,
    }
    return _from_minimal(context, tuple(required), options, budget, time_limit, tick)


def _searched(
    context: CartelMarket,
    required: tuple[str, ...],
    options: dict[str, Any],
    time_limit: float | None,
    tick: Any,
) -> SustainableCartel:
    from dualdilemma.cartels.search import search_smallest_sustainable

    base = context.market
    forced = sorted(context.members(required))
    punish = context.punishments(options["punishment"])
    examined = 0
    unsolved = 0

    def accept(members: tuple[int, ...]) -> bool:
        nonlocal examined, unsolved
        examined += 1
        quick = analyse_cartel(context, members, stability=False, **options)
        unsolved += not quick.response.complete
        return bool(quick.effective and quick.self_enforcing)

    discount = options["discount"]
    found = search_smallest_sustainable(
        base,
        tolerance=check_tolerance(options["tolerance"]),
        discount=None if discount is None else check_discount(discount),
        detection=check_detection(options["detection"]),
        punish=punish,
        required=forced,
        accept=accept,
        free_to_control=context.free_to_control,
        time_limit=time_limit,
        tick=tick,
    )
    if context.export_dominant:
        outsiders = (
            "exporting is every supplier's strict best reply at every aggregate, so outsiders "
            "export"
        )
    else:
        count = len(found.free_to_control)
        outsiders = (
            f"{count} supplier{'' if count == 1 else 's'} may control of "
            f"{'its' if count == 1 else 'their'} own accord, so each candidate's outsiders "
            "best-respond"
        )
    excluded = len(found.excluded)
    how = (
        f"{outsiders}; branch and bound over cartels by size on the exporters' aggregate "
        f"({found.nodes} nodes, {examined} cartels analysed"
        + (f", {excluded} suppliers proved unable to hold as members" if excluded else "")
        + f", no enumeration of 2^{base.num_suppliers} subsets)"
    )
    complete = found.complete and not unsolved
    if unsolved:
        how += (
            f"; the outsiders' game of {unsolved} candidate"
            f"{'' if unsolved == 1 else 's'} was not solved completely"
        )
    if found.members is None:
        if not found.complete:
            return SustainableCartel(None, examined, False, f"{found.stopped}; {how}")
        return SustainableCartel(
            None,
            examined,
            complete,
            f"no effective cartel is self-enforcing at this discount ({how})",
        )
    analysis = analyse_cartel(context, found.members, **options)
    return SustainableCartel(
        analysis,
        examined,
        complete,
        f"smallest self-enforcing effective cartel ({len(found.members)} members), found by an "
        f"exact search: {how}",
    )


def _key(base: ExportMarket) -> Any:
    capacity = {s.name: s.capacity for s in base.suppliers}
    order = {name: i for i, name in enumerate(base.names)}

    def key(cartel: tuple[str, ...]) -> tuple:
        return (len(cartel), -sum(capacity[m] for m in cartel), [order[m] for m in cartel])

    return key


def _exhaustive(
    context: CartelMarket, required: tuple[str, ...], options: dict[str, Any]
) -> SustainableCartel:
    base = context.market
    context.members(required)  # validates the names
    free = [name for name in base.names if name not in required]
    key = _key(base)
    examined = 0
    for extra in range(len(free) + 1):
        level = sorted(
            (
                tuple(n for n in base.names if n in set(required) | set(chosen))
                for chosen in itertools.combinations(free, extra)
            ),
            key=key,
        )
        for cartel in level:
            if not cartel:
                continue
            examined += 1
            quick = analyse_cartel(context, cartel, stability=False, **options)
            if quick.effective and quick.self_enforcing:
                analysis = analyse_cartel(context, cartel, **options)
                return SustainableCartel(
                    analysis,
                    examined,
                    True,
                    f"smallest self-enforcing effective cartel ({len(cartel)} "
                    f"member{'' if len(cartel) == 1 else 's'}), "
                    "found by examining every cartel up to that size",
                )
    return SustainableCartel(
        None, examined, True, "no effective cartel is self-enforcing at this discount factor"
    )


def _from_minimal(
    context: CartelMarket,
    required: tuple[str, ...],
    options: dict[str, Any],
    budget: int,
    time_limit: float | None = None,
    tick: Any = None,
) -> SustainableCartel:
    import time

    started = time.perf_counter()
    base = context.market
    minimal = minimal_effective_cartels(base, options["tolerance"], required=required, limit=budget)
    if not minimal.cartels:
        return SustainableCartel(
            None, 0, False, "no cartel is effective at this tolerance with exporting outsiders"
        )
    key = _key(base)
    order = {name: i for i, name in enumerate(base.names)}
    frontier = sorted(set(minimal.cartels), key=key)
    seen = set(frontier)
    examined = 0
    while frontier:
        size = len(frontier[0])
        level = [c for c in frontier if len(c) == size]
        rest = [c for c in frontier if len(c) != size]
        for cartel in level:
            examined += 1
            if tick is not None:
                tick()
            if time_limit is not None and time.perf_counter() - started > time_limit:
                return SustainableCartel(
                    None, examined, False, f"time limit of {time_limit} s reached"
                )
            quick = analyse_cartel(context, cartel, stability=False, **options)
            if quick.effective and quick.self_enforcing:
                return SustainableCartel(
                    analyse_cartel(context, cartel, **options),
                    examined,
                    False,
                    f"self-enforcing effective cartel of {size} members grown from the minimal "
                    "effective cartels with exporting outsiders (not an exhaustive search)",
                )
            if examined >= budget:
                return SustainableCartel(None, examined, False, f"budget of {budget} exhausted")
        grown = set()
        for cartel in level:
            for name in base.names:
                if name not in cartel:
                    bigger = tuple(sorted((*cartel, name), key=order.__getitem__))
                    if bigger not in seen:
                        grown.add(bigger)
                        seen.add(bigger)
        frontier = sorted([*rest, *grown], key=key)
    return SustainableCartel(
        None,
        examined,
        False,
        "no effective cartel grown from the minimal ones is self-enforcing at this discount",
    )
