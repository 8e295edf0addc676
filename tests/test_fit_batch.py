"""The batch founding rule agrees exactly with the package's scalar functions.

This agreement is the guarantee of :mod:`dualdilemma.fit.batch`: random markets (some with
suppliers that control of their own accord) are solved by both, row by row.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from dualdilemma.analysis.dual_dilemma import dual_dilemma
from dualdilemma.cartels.analysis import CartelMarket
from dualdilemma.cartels.sustainable import smallest_sustainable_cartel
from dualdilemma.fit.batch import (
    FALLBACK,
    FOUND,
    NONE_FOUND,
    UNDEFINED,
    VERDICTS,
    MarketBatch,
    leader_verdict_batch,
    smallest_sustainable_batch,
    undecided_suppliers,
)
from dualdilemma.models.export_market import ExportMarket, Supplier


def random_batch(rng: np.random.Generator, rows: int, n: int, **conventions: str) -> MarketBatch:
    """Markets on a coarse grid of exact binary fractions, so both sides see the same numbers."""

    def grid(low: float, high: float, shape: tuple[int, ...], step: float) -> np.ndarray:
        return np.round(rng.uniform(low, high, shape) / step) * step

    shape = (rows, n)
    return MarketBatch(
        tuple(f"S{i}" for i in range(n)),
        capacity=grid(0, 0.75, shape, 1 / 64),
        harm=grid(0, 40, shape, 1 / 4),
        safeguard=grid(0, 1, shape, 1 / 32),
        control_cost=np.where(rng.random(shape) < 0.3, grid(0, 1, shape, 1 / 16), 0.0),
        value=grid(2, 12, (rows,), 1 / 4),
        risk_without_supply=grid(0, 0.25, (rows,), 1 / 32),
        risk_with_supply=grid(0.5, 1, (rows,), 1 / 32),
        risk_exponent=np.ones(rows),
        tolerance=grid(0.05, 0.3, (rows,), 1 / 64),
        discount=grid(0.5, 0.97, (rows,), 1 / 64),
        detection=grid(0.3, 1, (rows,), 1 / 16),
        **conventions,
    )


def scalar_market(batch: MarketBatch, row: int) -> ExportMarket:
    suppliers = [
        Supplier(
            name,
            Fraction(float(batch.capacity[row, j])),
            Fraction(float(batch.harm[row, j])),
            Fraction(float(batch.safeguard[row, j])),
            Fraction(float(batch.control_cost[row, j])),
        )
        for j, name in enumerate(batch.names)
    ]
    return ExportMarket(
        Fraction(float(batch.value[row])),
        Fraction(float(batch.risk_without_supply[row])),
        Fraction(float(batch.risk_with_supply[row])),
        suppliers,
        risk_exponent=Fraction(float(batch.risk_exponent[row])),
        exact=float(batch.risk_exponent[row]).is_integer(),
    )


def scalar_answer(batch: MarketBatch, row: int, required=()) -> tuple[str, tuple[str, ...]]:
    market = CartelMarket(scalar_market(batch, row), selection=batch.selection)
    try:
        found = smallest_sustainable_cartel(
            market,
            tolerance=Fraction(float(batch.tolerance[row])),
            discount=Fraction(float(batch.discount[row])),
            detection=Fraction(float(batch.detection[row])),
            punishment=batch.punishment,
            required=required,
        )
    except Exception as exc:  # the scalar search stops at a cartel without a pure reply
        if "no pure equilibrium reply" in str(exc):
            return "undefined", ()
        raise
    return ("found", found.cartel) if found.cartel is not None else ("none", ())


def batch_answer(result, batch: MarketBatch, row: int) -> tuple[str, tuple[str, ...]]:
    code = int(result.status[row])
    names = tuple(n for n, m in zip(batch.names, result.members[row], strict=True) if m)
    return {FOUND: "found", NONE_FOUND: "none", UNDEFINED: "undefined"}[code], names


@pytest.mark.parametrize(
    ("seed", "rows", "n", "selection"),
    [
        (1, 120, 3, "max_risk"),
        (2, 100, 4, "max_risk"),
        (3, 60, 5, "min_risk"),
        (4, 40, 6, "max_risk"),
    ],
)
def test_batch_founding_agrees_with_the_scalar_search(seed, rows, n, selection) -> None:
    rng = np.random.default_rng(seed)
    batch = random_batch(rng, rows, n, selection=selection)
    result = smallest_sustainable_batch(batch)
    compared = found = voluntary = 0
    for row in range(rows):
        if result.status[row] == FALLBACK:
            continue
        compared += 1
        expected = scalar_answer(batch, row)
        assert batch_answer(result, batch, row) == expected, row
        found += expected[0] == "found"
    voluntary = int(undecided_suppliers(batch).any(axis=1).sum())
    assert compared >= 0.9 * rows
    # the comparison is not vacuous: cartels are found, and some rows have suppliers that may
    # control of their own accord
    assert found >= rows // 4
    assert voluntary >= rows // 10


def test_batch_search_with_required_members_and_power_risk_agrees() -> None:
    rng = np.random.default_rng(7)
    batch = random_batch(rng, 80, 5)
    batch = MarketBatch(
        **{**batch.__dict__, "risk_exponent": rng.choice([0.5, 1.0, 2.0], batch.size)}
    )
    required = np.zeros((batch.size, 5), dtype=bool)
    required[:, 0] = True
    required[::2, 3] = True
    result = smallest_sustainable_batch(batch, required)
    compared = 0
    for row in range(batch.size):
        if result.status[row] == FALLBACK:
            continue
        compared += 1
        names = [batch.names[j] for j in np.flatnonzero(required[row])]
        expected = scalar_answer(batch, row, required=names)
        assert batch_answer(result, batch, row) == expected, row
    assert compared >= 70


def test_minmax_punishment_is_left_to_the_scalar_function() -> None:
    batch = random_batch(np.random.default_rng(0), 5, 3, punishment="minmax")
    assert (smallest_sustainable_batch(batch).status == FALLBACK).all()


def test_leader_verdict_agrees_with_dual_dilemma() -> None:
    rng = np.random.default_rng(11)
    batch = random_batch(rng, 150, 4)
    verdicts = leader_verdict_batch(batch, 0)
    seen = set()
    for row in range(batch.size):
        code = int(verdicts[row])
        if VERDICTS[code] == "undecided":
            continue
        market = scalar_market(batch, row)
        result = smallest_sustainable_batch(batch.rows(np.array([row])))
        del result
        cartel = CartelMarket(market, selection=batch.selection)
        baseline = cartel.outsider_response(frozenset()).selected
        report = dual_dilemma(market, [baseline])
        switch = [s for s in report.switches if s.index == 0]
        if not switch:
            assert VERDICTS[code] == "controls at the stage equilibrium"
        else:
            from dualdilemma.reporting.scenario_report import _verdict

            assert VERDICTS[code] == _verdict(switch[0]), row
        seen.add(VERDICTS[code])
    assert len(seen) >= 2


def test_size_bounds_never_change_the_answer(monkeypatch) -> None:
    # the nsg-1975 copy with priors: 15 suppliers, beyond the scalar search's exhaustive range,
    # so the pruning is checked against the same batch search without it
    from pathlib import Path

    from dualdilemma.fit import batch as batch_module
    from dualdilemma.fit.evaluate import _batch, fit_spec
    from dualdilemma.fit.sampling import draw_values
    from dualdilemma.scenarios import load_scenario

    scenario = load_scenario(Path(__file__).parent / "data" / "nsg-1975-priors.toml")
    markets, _ = _batch(fit_spec(scenario), draw_values(scenario.priors, 128, seed=9))
    pruned = smallest_sustainable_batch(markets)

    def no_bounds(batch, required, undecided, punish):
        n = batch.capacity.shape[1]
        return np.ones(batch.size, dtype=np.int64), np.full(batch.size, n, dtype=np.int64)

    monkeypatch.setattr(batch_module, "_size_bounds", no_bounds)
    full = smallest_sustainable_batch(markets)
    assert np.array_equal(pruned.status, full.status)
    assert np.array_equal(pruned.members, full.members)
    assert (full.status == FOUND).sum() >= 20 and (full.status == NONE_FOUND).sum() >= 20


def test_batch_enlargement_agrees_with_enlargement_path() -> None:
    from dualdilemma.cartels.enlargement import enlargement_path
    from dualdilemma.fit.evaluate import NEVER, FitSpec, _enlargement

    rng = np.random.default_rng(21)
    rows, n = 60, 4
    batch = random_batch(rng, rows, n)
    years = (1980, 1985, 1990)
    paths = np.full((3, n), np.nan)
    paths[:, 3] = [0.0625, 0.25, 0.5]
    factors = np.ones((rows, n))
    factors[:, 3] = np.round(rng.uniform(0.5, 1.5, rows) * 16) / 16
    initial = np.array([True, False, False, False])
    spec = FitSpec(
        names=batch.names,
        supplier={},
        market={},
        punishment="nash",
        selection="max_risk",
        targets=(),
        years=years,
        paths=paths,
        initial=initial,
    )
    founders = np.zeros((rows, n), dtype=bool)
    status = np.zeros(rows, dtype=np.int8)
    accession, breakdown = _enlargement(spec, batch, factors, founders, status)
    joined_later = 0
    for row in range(rows):
        market = scalar_market(batch, row)
        path = [Fraction(float(p * factors[row, 3])) for p in paths[:, 3]]
        try:
            expected = enlargement_path(
                market,
                {"S3": path},
                years=list(years),
                tolerance=Fraction(float(batch.tolerance[row])),
                discount=Fraction(float(batch.discount[row])),
                detection=Fraction(float(batch.detection[row])),
                initial=["S0"],
            )
        except Exception as exc:
            if "no pure equilibrium reply" in str(exc):
                continue
            raise
        years_by_name = dict(expected.accession)
        got = {
            name: int(accession[row, j])
            for j, name in enumerate(batch.names)
            if accession[row, j] != NEVER
        }
        assert got == years_by_name, row
        assert (breakdown[row] if breakdown[row] != NEVER else None) == expected.breakdown_year
        joined_later += sum(1 for y in got.values() if y > years[0])
    assert joined_later >= 5
