"""Enlargement: who must be brought in, and when, as emerging suppliers grow (MODEL s.4, C5).

Capacities follow given paths over years :math:`t = 0, \\dots, T`.  Starting from an initial
membership (default: none), each year the regime keeps its members and, if it is no longer
effective, adds the smallest set of outsiders that makes it effective and self-enforcing
(:func:`~dualdilemma.cartels.sustainable.smallest_sustainable_cartel` with the current members
required).  The result lists each supplier's accession year, the order of accession, and the
first year no self-enforcing effective enlargement exists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dualdilemma.cartels.analysis import CartelMarket, Selection, analyse_cartel
from dualdilemma.cartels.sustainable import smallest_sustainable_cartel
from dualdilemma.errors import InvalidParameterError
from dualdilemma.models.export_market import ExportMarket, Supplier

__all__ = ["Enlargement", "enlargement_path", "market_in_year"]


@dataclass(frozen=True)
class Enlargement:
    """Membership over time and the order of accession."""

    years: tuple[Any, ...]
    members: tuple[tuple[str, ...], ...]
    accession: tuple[tuple[str, Any], ...]
    breakdown_year: Any
    notes: tuple[str, ...]

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.accession)

    def to_dict(self) -> dict[str, Any]:
        return {
            "years": list(self.years),
            "members": [list(m) for m in self.members],
            "accession": [{"supplier": n, "year": y} for n, y in self.accession],
            "order": list(self.order),
            "breakdown_year": self.breakdown_year,
            "notes": list(self.notes),
        }


def market_in_year(market: ExportMarket, capacities: Mapping[str, Any]) -> ExportMarket:
    """The market with some suppliers' capacities replaced."""
    suppliers = [
        Supplier(s.name, capacities.get(s.name, s.capacity), s.harm, s.safeguard, s.control_cost)
        for s in market.suppliers
    ]
    return ExportMarket(
        market.value,
        market.risk_without_supply,
        market.risk_with_supply,
        suppliers,
        risk_exponent=market.risk_exponent,
        exact=market.exact,
        title=market.title,
    )


def enlargement_path(
    market: ExportMarket,
    capacity_paths: Mapping[str, Sequence[Any]],
    *,
    years: Sequence[Any] | None = None,
    tolerance: Any = "1/10",
    discount: Any,
    detection: Any = 1,
    initial: Sequence[str] = (),
    punishment: str = "nash",
    selection: Selection = "max_risk",
) -> Enlargement:
    """Accession years and order as capacities follow ``capacity_paths``.

    Each year is decided exactly as :func:`~dualdilemma.cartels.sustainable.
    smallest_sustainable_cartel` and :func:`~dualdilemma.cartels.analysis.analyse_cartel`
    decide it for that year's market, with the same ``punishment`` and outsiders'
    ``selection``, so the first year's group is the smallest sustainable cartel.

    Parameters
    ----------
    capacity_paths
        Supplier name -> capacities, one per year (suppliers not named keep their capacity).
    years
        Labels of the years (default ``0..T``); must have the paths' length.
    punishment
        ``"nash"`` (stage Nash reversion) or ``"minmax"``, as in :func:`analyse_cartel`.
    selection
        The outsiders' equilibrium used when there are several (``"max_risk"`` or
        ``"min_risk"``), as in :class:`~dualdilemma.cartels.analysis.CartelMarket`.

    Examples
    --------
    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(10, 0, 1, [Supplier("Leader", "9/10", 30, "1/2"),
    ...                                  Supplier("Emerging", "1/20", 5, 0),
    ...                                  Supplier("Fringe", "1/20", 5, 0)])
    >>> path = enlargement_path(market, {"Emerging": ["1/20", "1/5", "2/5"]},
    ...                         years=[1975, 1985, 1995], tolerance="1/10", discount="9/10")
    >>> path.members
    (('Leader',), ('Leader',), ('Leader', 'Emerging', 'Fringe'))
    >>> path.breakdown_year, path.order
    (1985, ('Leader', 'Emerging', 'Fringe'))

    In 1985 the Leader's lone control no longer closes the gap, yet no enlargement holds: the
    Emerging supplier does better free-riding on the Leader's control (the stage equilibrium)
    than inside a cartel.  By 1995 its own sales matter enough for all three to hold together.
    """
    names = market.names
    lengths = {name: len(path) for name, path in capacity_paths.items()}
    for name in capacity_paths:
        if name not in names:
            raise InvalidParameterError(
                f"capacity path for unknown supplier {name!r}; suppliers are {list(names)}"
            )
    if not lengths:
        raise InvalidParameterError("capacity_paths is empty: give at least one supplier's path")
    horizon = set(lengths.values())
    if len(horizon) != 1:
        raise InvalidParameterError(
            f"capacity paths must all have the same length, got lengths {lengths}"
        )
    periods = horizon.pop()
    if years is None:
        years = list(range(periods))
    if len(years) != periods:
        raise InvalidParameterError(
            f"years has length {len(years)} but the capacity paths have length {periods}"
        )
    current = tuple(initial)
    for name in current:
        if name not in names:
            raise InvalidParameterError(f"initial member {name!r} is not a supplier")
    members_path, accession, notes = [], [], []
    joined = set(current)
    accession.extend((name, years[0]) for name in current)
    breakdown = None
    for t, year in enumerate(years):
        year_market = market_in_year(
            market, {name: path[t] for name, path in capacity_paths.items()}
        )
        context = CartelMarket(year_market, selection=selection)
        still = (
            analyse_cartel(
                context,
                current,
                tolerance=tolerance,
                discount=discount,
                detection=detection,
                punishment=punishment,
            )
            if current
            else None
        )
        if still is None or not (still.effective and still.self_enforcing):
            found = smallest_sustainable_cartel(
                context,
                tolerance=tolerance,
                discount=discount,
                detection=detection,
                required=current,
                punishment=punishment,
            )
            if found.cartel is None:
                if breakdown is None:
                    breakdown = year
                notes.append(f"{year}: {found.reason}")
            else:
                for name in found.cartel:
                    if name not in joined:
                        joined.add(name)
                        accession.append((name, year))
                current = found.cartel
        members_path.append(tuple(current))
    return Enlargement(
        years=tuple(years),
        members=tuple(members_path),
        accession=tuple(accession),
        breakdown_year=breakdown,
        notes=tuple(notes),
    )
