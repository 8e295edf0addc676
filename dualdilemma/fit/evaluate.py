"""The theory's predictions for many parameter sets of one scenario.

:class:`FitSpec` holds what a fit needs of a scenario as plain arrays (so chunks can be shipped
to a Dask cluster): the point values, the priors' targets, the conventions, the capacity paths
and the historical record.  :func:`evaluate_draws` maps rows of prior values to predictions:

* the **founding group**: the smallest effective self-enforcing cartel of the scenario's market
  (MODEL s.4, with its tolerance, discount, detection, punishment and selection), by
  :func:`~dualdilemma.fit.batch.smallest_sustainable_batch`; rows the batch leaves to the scalar
  search (:data:`~dualdilemma.fit.batch.FALLBACK`) are solved by
  :func:`~dualdilemma.cartels.sustainable.smallest_sustainable_cartel`;
* the **enlargement** along ``[capacity_paths]`` (each row's capacities times its ``paths.*``
  factors): every year the regime keeps its members if they still hold, otherwise it becomes
  the smallest effective self-enforcing cartel containing them (MODEL s.4-s.5), starting from
  the paths' ``initial`` members or else the predicted founders;
* the **leader's verdict** on its lone switch to control
  (:func:`~dualdilemma.fit.batch.leader_verdict_batch`); the leader is the supplier with the
  highest harm at the point values (the first such in file order).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dualdilemma.errors import InvalidParameterError
from dualdilemma.fit.batch import (
    FALLBACK,
    FOUND,
    NONE_FOUND,
    UNDEFINED,
    MarketBatch,
    leader_verdict_batch,
    smallest_sustainable_batch,
)
from dualdilemma.scenarios import Scenario

__all__ = ["FitSpec", "fit_spec", "evaluate_draws", "NEVER"]

#: The accession year of a supplier that never joins.
NEVER = -1

_SUPPLIER_FIELDS = ("capacity", "harm", "safeguard", "control_cost")
_MARKET_FIELDS = {
    "value": "value",
    "risk_without_supply": "risk_without_supply",
    "risk_with_supply": "risk_with_supply",
    "risk_exponent": "risk_exponent",
    "tolerance": "tolerance",
    "discount": "discount",
    "detection": "detection",
}


@dataclass(frozen=True, eq=False)
class FitSpec:
    """A scenario reduced to arrays (see the module docstring)."""

    names: tuple[str, ...]
    supplier: Mapping[str, np.ndarray]  # field -> (N,)
    market: Mapping[str, float]
    punishment: str
    selection: str
    targets: tuple[tuple[str, Any], ...]  # per prior: ("supplier", (j, field)) / ("market", key)
    years: tuple[int, ...] = ()
    paths: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # (T, N) nan = fixed
    initial: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    leader: int = 0


def fit_spec(scenario: Scenario) -> FitSpec:
    """The :class:`FitSpec` of a scenario with a ``[priors]`` table."""
    if not scenario.priors:
        raise InvalidParameterError(
            f"scenario {scenario.name!r} has no [priors] table: nothing to fit"
        )
    if scenario.discount is None:
        raise InvalidParameterError(
            f"scenario {scenario.name!r} sets no discount in [market]: self-enforcement needs one"
        )
    names = scenario.suppliers
    market = scenario.market
    supplier = {
        name: np.array([float(getattr(s, name)) for s in market.suppliers])
        for name in _SUPPLIER_FIELDS
    }
    point = {
        "value": float(market.value),
        "risk_without_supply": float(market.risk_without_supply),
        "risk_with_supply": float(market.risk_with_supply),
        "risk_exponent": float(market.risk_exponent),
        "tolerance": float(scenario.tolerance),
        "discount": float(scenario.discount),
        "detection": float(scenario.detection),
    }
    targets: list[tuple[str, Any]] = []
    for prior in scenario.priors:
        if prior.kind == "supplier":
            name, fieldname = prior.target
            targets.append(("supplier", (names.index(name), fieldname)))
        elif prior.kind == "market":
            targets.append(("market", prior.target[0]))
        else:
            targets.append(("paths", names.index(prior.target[0])))
    years: tuple[int, ...] = ()
    paths = np.zeros((0, len(names)))
    initial = np.zeros(len(names), dtype=bool)
    if scenario.capacity_paths is not None:
        cp = scenario.capacity_paths
        years = tuple(cp.years)
        paths = np.full((len(years), len(names)), np.nan)
        for name, row in cp.paths.items():
            paths[:, names.index(name)] = [float(x) for x in row]
        initial = np.array([name in cp.initial for name in names])
    harms = supplier["harm"]
    return FitSpec(
        names=names,
        supplier=supplier,
        market=point,
        punishment=scenario.punishment,
        selection=scenario.selection,
        targets=tuple(targets),
        years=years,
        paths=paths,
        initial=initial,
        leader=int(np.argmax(harms)),
    )


def _batch(spec: FitSpec, values: np.ndarray) -> tuple[MarketBatch, np.ndarray]:
    """The markets of the rows of ``values`` and their path factors ``(B, N)``."""
    rows = values.shape[0]
    n = len(spec.names)
    supplier = {name: np.tile(spec.supplier[name], (rows, 1)) for name in _SUPPLIER_FIELDS}
    market = {name: np.full(rows, spec.market[name]) for name in _MARKET_FIELDS}
    factors = np.ones((rows, n))
    for column, (kind, target) in enumerate(spec.targets):
        if kind == "supplier":
            j, fieldname = target
            supplier[fieldname][:, j] = values[:, column]
        elif kind == "market":
            market[target] = values[:, column]
        else:
            factors[:, target] = values[:, column]
    batch = MarketBatch(
        spec.names,
        supplier["capacity"],
        supplier["harm"],
        supplier["safeguard"],
        supplier["control_cost"],
        market["value"],
        market["risk_without_supply"],
        market["risk_with_supply"],
        market["risk_exponent"],
        market["tolerance"],
        market["discount"],
        market["detection"],
        punishment=spec.punishment,
        selection=spec.selection,
    )
    return batch, factors


def _scalar_founding(batch: MarketBatch, row: int, required: Sequence[str] = ()) -> tuple[int, Any]:
    """One row by the package's scalar search: ``(status, member mask)``."""
    from dualdilemma.cartels.analysis import CartelMarket
    from dualdilemma.cartels.sustainable import smallest_sustainable_cartel
    from dualdilemma.models.export_market import ExportMarket, Supplier

    suppliers = [
        Supplier(
            name,
            float(batch.capacity[row, j]),
            float(batch.harm[row, j]),
            float(batch.safeguard[row, j]),
            float(batch.control_cost[row, j]),
        )
        for j, name in enumerate(batch.names)
    ]
    market = ExportMarket(
        float(batch.value[row]),
        float(batch.risk_without_supply[row]),
        float(batch.risk_with_supply[row]),
        suppliers,
        risk_exponent=float(batch.risk_exponent[row]),
        exact=False,
    )
    try:
        found = smallest_sustainable_cartel(
            CartelMarket(market, selection=batch.selection, exact=False),
            tolerance=float(batch.tolerance[row]),
            discount=float(batch.discount[row]),
            detection=float(batch.detection[row]),
            punishment=batch.punishment,
            required=required,
        )
    except InvalidParameterError:
        return UNDEFINED, None
    if found.cartel is None:
        return NONE_FOUND, None
    return FOUND, np.array([name in found.cartel for name in batch.names])


def _founding(
    batch: MarketBatch, required: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Member masks and statuses, with fallback rows solved by the scalar search."""
    result = smallest_sustainable_batch(batch, required)
    members, status = result.members.copy(), result.status.copy()
    fallback = np.flatnonzero(status == FALLBACK)
    for row in fallback:
        names = (
            ()
            if required is None
            else [n for n, r in zip(batch.names, required[row], strict=True) if r]
        )
        code, mask = _scalar_founding(batch, int(row), names)
        status[row] = code
        if mask is not None:
            members[row] = mask
    used = np.zeros(status.shape, dtype=bool)
    used[fallback] = True
    return members, status, used


def evaluate_draws(spec: FitSpec, values: np.ndarray) -> dict[str, np.ndarray]:
    """Predictions for each row of prior ``values`` (one column per prior, in file order).

    Returns a dictionary of arrays, one row per draw: ``founders`` (``(B, N)`` bool),
    ``status`` (batch status codes), ``verdict`` (the leader's verdict code), ``scalar``
    (``True`` where the founding group came from the scalar search), and with capacity paths
    ``accession`` (``(B, N)`` year of joining, :data:`NEVER` if never; initial members get the
    first year) and ``breakdown`` (the first year without a self-enforcing effective regime,
    :data:`NEVER` if none).
    """
    values = np.atleast_2d(np.asarray(values, dtype=float))
    batch, factors = _batch(spec, values)
    founders, status, fallback = _founding(batch)
    out = {
        "founders": founders,
        "status": status,
        "verdict": leader_verdict_batch(batch, spec.leader),
        "scalar": fallback,
    }
    if spec.years:
        accession, breakdown = _enlargement(spec, batch, factors, founders, status)
        out["accession"] = accession
        out["breakdown"] = breakdown
    return out


def _enlargement(
    spec: FitSpec,
    batch: MarketBatch,
    factors: np.ndarray,
    founders: np.ndarray,
    status: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    rows, n = founders.shape
    if spec.initial.any():
        current = np.tile(spec.initial, (rows, 1))
    else:
        current = founders & (status == FOUND)[:, None]
    accession = np.where(current, spec.years[0], NEVER).astype(np.int64)
    breakdown = np.full(rows, NEVER, dtype=np.int64)
    for t, year in enumerate(spec.years):
        capacity = batch.capacity.copy()
        fixed = np.isnan(spec.paths[t])
        capacity[:, ~fixed] = spec.paths[t][~fixed][None, :] * factors[:, ~fixed]
        members, codes, _ = _founding(batch.with_capacity(capacity), current)
        ok = codes == FOUND
        joined = ok[:, None] & members & ~current
        accession = np.where(joined, year, accession)
        current = np.where(ok[:, None], members, current)
        breakdown = np.where(~ok & (breakdown == NEVER), year, breakdown)
    return accession, breakdown
