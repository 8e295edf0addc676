"""The report's fast paths on large markets give the numbers of the per-supplier computation.

The dual-dilemma table evaluates every lone switch of a baseline in one pass
(:func:`~dualdilemma.analysis.dual_dilemma.market_lone_switches`), the cartel analysis reads
the suppliers' floats converted once (:attr:`ExportMarket.columns`), and the report takes the
other exporters' aggregates as the baseline's less the switcher's own.  Each is compared here
with the slow computation it replaced, kept as a reference: the market's own ``outcome`` at the
baseline and at every switched profile.  Markets are seeded and random, with exact Fractions,
repeated safeguards and capacities chosen so that switches tie (the others exactly cover the
buyer, a switcher's safeguard equal to the others' mean).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from dualdilemma.analysis.dual_dilemma import dual_dilemma, market_lone_switches
from dualdilemma.cartels.analysis import CartelMarket, _float_outcome, analyse_cartel
from dualdilemma.models.export_market import CONTROL, EXPORT, ExportMarket, Supplier
from dualdilemma.reporting import scenario_report as sr
from dualdilemma.scenarios import parse_scenario

F = Fraction


def random_market(seed: int, n: int, *, risk_exponent: int | Fraction = 1) -> ExportMarket:
    """A seeded market of ``n`` suppliers with few distinct values, so that ties are common:
    capacities in quarters and tenths (sums hit 1 exactly), safeguards in {0, 1/2, 3/4, 1}, a
    zero capacity now and then."""
    rng = np.random.default_rng(seed)
    capacities = [F(0), F(1, 10), F(1, 4), F(1, 2), F(3, 4), F(1)]
    safeguards = [F(0), F(1, 2), F(3, 4), F(1)]
    suppliers = [
        Supplier(
            f"S{i}",
            capacities[int(rng.integers(len(capacities)))],
            F(int(rng.integers(0, 12)), int(rng.integers(1, 4))),
            safeguards[int(rng.integers(len(safeguards)))],
            F(int(rng.integers(0, 3)), 10),
        )
        for i in range(n)
    ]
    return ExportMarket(
        F(int(rng.integers(1, 20)), 2), F(1, 10), F(9, 10), suppliers, risk_exponent=risk_exponent
    )


def profiles(seed: int, n: int) -> list[tuple[int, ...]]:
    """All-export, all-control, one lone controller and random profiles."""
    rng = np.random.default_rng(seed + 1000)
    out = [tuple([EXPORT] * n), tuple([CONTROL] * n), tuple([CONTROL] + [EXPORT] * (n - 1))]
    out += [tuple(int(a) for a in rng.integers(0, 2, n)) for _ in range(4)]
    return out


def reference_rows(market: ExportMarket, baseline: tuple[int, ...], exact: bool) -> list[tuple]:
    """The computation the fast path replaced: the whole market outcome once per switch."""
    before = market.outcome(baseline, exact=exact)
    rows = []
    for i, action in enumerate(baseline):
        if action == CONTROL:
            continue
        switched = tuple(CONTROL if j == i else a for j, a in enumerate(baseline))
        after = market.outcome(switched, exact=exact)
        others = [s for j, s in enumerate(market.suppliers) if j != i and baseline[j] == EXPORT]
        rows.append(
            (
                i,
                before.risk,
                after.risk,
                before.payoffs[i],
                after.payoffs[i],
                before.shares[i],
                after.shares[i],
                sum((s.capacity for s in others), F(0)),
                sum((s.capacity * s.safeguard for s in others), F(0)),
            )
        )
    return rows


def fast_rows(market: ExportMarket, baseline: tuple[int, ...], exact: bool) -> list[tuple]:
    lone = market_lone_switches(market, baseline, exact=exact)
    return list(
        zip(
            lone.switchers,
            [lone.risk_before] * len(lone.switchers),
            lone.risk_after.tolist(),
            lone.payoff_before.tolist(),
            lone.payoff_after.tolist(),
            lone.share_before.tolist(),
            lone.share_after.tolist(),
            lone.others_capacity.tolist(),
            lone.others_screened.tolist(),
            strict=True,
        )
    )


def same_numbers(fast: list[tuple], slow: list[tuple]) -> None:
    """Equal values of the same types (a Fraction where the reference has one, a Python float
    where it has a float), so the JSON written from them is the same."""
    assert fast == slow
    for fast_row, slow_row in zip(fast, slow, strict=True):
        assert [type(x) for x in fast_row] == [type(x) for x in slow_row]


@pytest.mark.parametrize("seed", range(6))
def test_lone_switches_equal_the_per_switch_outcomes_exactly(seed: int) -> None:
    n = 5 + 3 * seed
    market = random_market(seed, n)
    for baseline in profiles(seed, n):
        same_numbers(fast_rows(market, baseline, True), reference_rows(market, baseline, True))


@pytest.mark.parametrize("seed", range(3))
def test_lone_switches_with_a_quadratic_risk_are_exact_too(seed: int) -> None:
    market = random_market(seed, 9, risk_exponent=2)
    for baseline in profiles(seed, 9):
        same_numbers(fast_rows(market, baseline, True), reference_rows(market, baseline, True))


@pytest.mark.parametrize("seed", range(3))
def test_lone_switches_in_float_are_the_floats_of_the_outcome(seed: int) -> None:
    # a fractional exponent makes risks irrational: the report works in float, and the fast
    # path must produce the very floats that market.outcome computes (same inputs, same
    # compiled function), hence exact equality rather than a tolerance
    market = random_market(seed, 8, risk_exponent=F(3, 2))
    for baseline in profiles(seed, 8):
        same_numbers(fast_rows(market, baseline, False), reference_rows(market, baseline, False))


def test_ties_are_found_and_decided_as_before() -> None:
    # B and C export 1/2 each with safeguard 1/2; A (safeguard 1/2, capacity 1/4) switching
    # leaves the others covering exactly (K_o = 1) at its own safeguard: Delta P = 0, an
    # ineffective switch that is not counterproductive
    market = ExportMarket(
        4,
        0,
        1,
        [
            Supplier("A", "1/4", 1, "1/2"),
            Supplier("B", "1/2", 1, "1/2"),
            Supplier("C", "1/2", 1, "1/2"),
        ],
    )
    baseline = (EXPORT, EXPORT, EXPORT)
    same_numbers(fast_rows(market, baseline, True), reference_rows(market, baseline, True))
    lone = market_lone_switches(market, baseline)
    assert lone.others_capacity[0] == 1 and lone.risk_change[0] == 0
    switch = dual_dilemma(market, [baseline]).switches[0]
    assert switch.ineffective and not switch.counterproductive and switch.costly


@pytest.mark.parametrize("seed", range(4))
def test_dual_dilemma_report_equals_the_reference_switch_by_switch(seed: int) -> None:
    market = random_market(seed, 10)
    baselines = profiles(seed, 10)
    report = dual_dilemma(market, baselines)
    expected = [row for b in baselines for row in reference_rows(market, b, True)]
    assert len(report.switches) == len(expected)
    for switch, row in zip(report.switches, expected, strict=True):
        i, risk_before, risk_after, payoff_before, payoff_after, share_before, share_after = row[:7]
        assert switch.index == i
        assert (switch.risk_before, switch.risk_after) == (risk_before, risk_after)
        assert (switch.payoff_before, switch.payoff_after) == (payoff_before, payoff_after)
        assert (switch.share_before, switch.share_after) == (share_before, share_after)
        assert switch.ineffective == (risk_after - risk_before >= 0)
        assert switch.counterproductive == (risk_after - risk_before > 0)
        assert switch.costly == (payoff_after - payoff_before < 0)


def test_a_baseline_without_exporters_has_no_switch() -> None:
    market = random_market(0, 6)
    lone = market_lone_switches(market, (CONTROL,) * 6)
    assert lone.switchers == () and lone.risk_after.size == 0
    assert lone.risk_before == market.outcome((CONTROL,) * 6).risk


def test_an_exact_switch_with_a_fractional_exponent_is_refused() -> None:
    market = random_market(0, 4, risk_exponent=F(1, 2))
    with pytest.raises(ValueError, match="not an integer"):
        market_lone_switches(market, (EXPORT,) * 4, exact=True)


@pytest.mark.parametrize("seed", range(3))
def test_report_table_others_aggregates_equal_the_sums_over_the_others(seed: int) -> None:
    market = random_market(seed, 9)
    baselines = profiles(seed, 9)
    table = sr._unilateral(market, baselines)
    expected = [row for b in baselines for row in reference_rows(market, b, True)]
    assert len(table["rows"]) == len(expected)
    for row, ref in zip(table["rows"], expected, strict=True):
        capacity, screened = ref[7], ref[8]
        assert row["others_capacity"] == sr.json_number(capacity)
        mean = None if capacity == 0 else sr.json_number(screened / capacity)
        assert row["others_mean_safeguard"] == mean
        assert row["others_cover"] == (capacity >= 1)


@pytest.mark.parametrize("seed", range(3))
def test_cartel_float_outcome_from_cached_columns_equals_the_model(seed: int) -> None:
    market = random_market(seed, 14)
    for profile in profiles(seed, 14):
        fast = _float_outcome(market, profile)
        slow = market.outcome(profile, exact=False)
        assert fast.payoffs == pytest.approx(slow.payoffs, rel=1e-12, abs=1e-12)
        assert fast.risk == pytest.approx(slow.risk, rel=1e-12, abs=1e-12)
        assert all(type(u) is float for u in fast.payoffs + fast.shares)
    columns = market.columns
    assert columns is market.columns  # converted once
    assert columns.capacity_float.tolist() == [float(s.capacity) for s in market.suppliers]
    assert columns.screened_float.tolist() == [
        float(s.capacity * s.safeguard) for s in market.suppliers
    ]


def reference_stability(context: CartelMarket, members: frozenset[int]) -> tuple[list, list]:
    """Leavers and joiners from the outsiders' reply to every one-supplier deviation, solved
    anew each time (ties count as stable)."""
    profile = context.outsider_response(members).selected
    leavers = [
        context.names[i]
        for i in sorted(members)
        if context.payoff(i, context.outsider_response(members - {i}).selected)
        > context.payoff(i, profile)
    ]
    joiners = [
        context.names[j]
        for j in range(len(context.names))
        if j not in members
        and context.payoff(j, context.outsider_response(members | {j}).selected)
        > context.payoff(j, profile)
    ]
    return leavers, joiners


@pytest.mark.parametrize("seed", range(3))
def test_stability_shortcut_when_exporting_dominates_equals_the_solved_replies(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 16
    suppliers = [
        Supplier(
            f"S{i}",
            F(int(rng.integers(1, 30)), 100),
            F(int(rng.integers(0, 4))),
            F(int(rng.integers(0, 4)), 4),
            F(int(rng.integers(0, 3)), 10),
        )
        for i in range(n)
    ]
    context = CartelMarket(ExportMarket(10, F(1, 10), F(9, 10), suppliers))
    assert context.export_dominant
    decided = []
    for size in (1, 4, 9, 15, 16):
        members = frozenset(int(j) for j in rng.choice(n, size, replace=False))
        analysis = analyse_cartel(context, members, tolerance="1/5")
        leavers, joiners = reference_stability(context, members)
        assert list(analysis.leavers) == leavers and list(analysis.joiners) == joiners
        decided.append(bool(leavers))
    assert any(decided)  # the deviations' replies matter to the answer


def large_scenario_text(n: int, seed: int) -> str:
    """A random market of ``n`` suppliers with a discount factor and a regime (every section)."""
    rng = np.random.default_rng(seed)
    lines = [
        "[market]",
        "value = 10",
        'risk_without_supply = "1/10"',
        'risk_with_supply = "9/10"',
        'tolerance = "1/5"',
        'discount = "19/20"',
        'detection = "4/5"',
    ]
    for i in range(n):
        lines += [
            "[[supplier]]",
            f'name = "S{i}"',
            f'capacity = "{int(rng.integers(2, 30))}/100"',
            f"harm = {400 if i == 0 else int(rng.integers(1, 6))}",
            f'safeguard = "{int(rng.integers(3, 10))}/10"',
            f'control_cost = "{int(rng.integers(0, 3))}/10"',
        ]
    members = ", ".join(f'"S{i}"' for i in range(n // 2))
    lines += ["[regime]", 'name = "Random regime"', "year = 2000", f"members = [{members}]"]
    return "\n".join(lines) + "\n"


def test_a_48_supplier_report_is_complete() -> None:
    scenario = parse_scenario(large_scenario_text(48, seed=3), name="large")
    report = sr.scenario_report(scenario)
    detail = report["pure_equilibria_detail"]
    assert report["pure_equilibria"] and detail["complete"] is True
    exporters = sum(
        profile.count("export") for profile in report["pure_equilibria"][: sr.UNILATERAL_BASELINES]
    )
    assert len(report["unilateral"]) == exporters
    cartels = report["cartels"]
    assert [row["size"] for row in cartels["sizes"]] == list(range(1, 49))
    minimal = cartels["minimal_effective"]  # listed in full, or up to the report's limit
    assert minimal["complete"] or minimal["found"] == sr.MINIMAL_LIMIT
    assert len(cartels["minimal"]) == min(sr.DEFAULT_CARTELS, minimal["found"])
    assert cartels["smallest_sustainable"]["complete"] is True
    assert cartels["regime"] is not None
    assert not [note for note in cartels["diagnostics"] if "not analysed" in note]
    notes = report["diagnostics"] + cartels["diagnostics"]
    assert not [note for note in notes if "time limit" in note or "stopped early" in note]
    assert [item["key"] for item in report["conditions"]["items"]][:3] == [
        "risk_change",
        "payoff_change",
        "share_change",
    ]
    assert report["verdict"]
