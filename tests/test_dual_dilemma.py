"""The dual dilemma (C3) numerically and symbolically, and the race to the bottom (C2)."""

from __future__ import annotations

import dataclasses
import json
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma.analysis.dual_dilemma import (
    DualDilemmaReport,
    dual_dilemma,
    lone_switch_condition,
    lone_switch_effects,
    race_to_the_bottom,
    symmetric_dual_dilemma_condition,
)
from dualdilemma.errors import InvalidParameterError, InvalidProfileError
from dualdilemma.models.export_market import (
    CONTROL,
    EXPORT,
    ExportMarket,
    Supplier,
    SymmetricExportMarket,
)
from dualdilemma.models.standards_race import StandardsRace, SymmetricStandardsRace
from dualdilemma.solvers.pure_nash import pure_equilibria
from dualdilemma.symbolic import evaluate_exact

F = Fraction
EFFECTS = lone_switch_effects()
SYMBOLS = EFFECTS.symbols
COVERED = lone_switch_condition(others_cover=True)
GENERAL = lone_switch_condition()
SYMMETRIC_CONDITION = symmetric_dual_dilemma_condition()

_unit = st.fractions(min_value=0, max_value=1, max_denominator=6)
_nonnegative = st.fractions(min_value=0, max_value=2, max_denominator=6)


def leader_market(**overrides) -> ExportMarket:
    return ExportMarket(
        4, 0, 1, [Supplier("leader", 1, 1, "9/10"), Supplier("other", 1, 1, "1/10")], **overrides
    )


# -- known answers --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("suppliers", "verdicts", "dilemma"),
    [
        # the others cover and are weaker: control raises the risk (the leader's case)
        pytest.param(
            [("A", 1, "9/10"), ("B", 1, "1/10")],
            ("ineffective", "counterproductive", "costly"),
            True,
            id="leader",
        ),
        # equally good safeguards: the risk is unchanged
        pytest.param(
            [("A", 1, "1/2"), ("B", 1, "1/2")], ("ineffective", "costly"), True, id="equal"
        ),
        # the switcher was the weak one: control lowers the risk, so no dilemma
        pytest.param([("A", 1, 0), ("B", 1, 1)], ("costly",), False, id="laggard"),
        # the others cannot cover: control lowers the risk
        pytest.param([("A", 1, "1/2"), ("B", "1/2", "1/2")], ("costly",), False, id="others-short"),
    ],
)
def test_first_supplier_switching_from_all_export(suppliers, verdicts, dilemma):
    market = ExportMarket(4, 0, 1, [Supplier(n, k, 0, s) for n, k, s in suppliers])
    report = dual_dilemma(market, baselines=[(EXPORT, EXPORT)])
    first = report.switches[0]
    assert first.supplier == "A" and first.switched == (CONTROL, EXPORT)
    assert first.verdicts == verdicts
    assert first.dual_dilemma is dilemma


def test_leader_report_known_numbers():
    report = dual_dilemma(leader_market())
    assert report.baselines == ((0, 0),)
    leader = report.switches[0]
    # before: shares 1/2 each, leakage (1/10 + 9/10)/2 = 1/2; after: leakage 9/10
    assert (leader.risk_before, leader.risk_after, leader.risk_change) == (
        F(1, 2),
        F(9, 10),
        F(2, 5),
    )
    assert (leader.share_before, leader.share_after, leader.share_change) == (F(1, 2), 0, -F(1, 2))
    assert leader.payoff_change == -4 * F(1, 2) - F(2, 5)
    assert report.holds_for == ("leader",)
    assert not report.holds_everywhere
    data = json.loads(json.dumps(report.to_dict()))
    assert data["switches"][0]["risk_change"] == "2/5"
    assert "DualDilemmaReport(export_market, exact" in repr(report)
    with pytest.raises(dataclasses.FrozenInstanceError):
        leader.dual_dilemma = False  # type: ignore[misc]


def test_float_mode_uses_a_tolerance():
    report = dual_dilemma(leader_market(exact=False))
    assert not report.exact and report.tol == pytest.approx(4e-9)
    assert report.switches[0].risk_change == pytest.approx(0.4)
    equal = ExportMarket(4, 0.1, 0.7, [Supplier("A", 1, 1, 0.3), Supplier("B", 1, 1, 0.3)])
    switch = dual_dilemma(equal, exact=False, baselines=[(0, 0)]).switches[0]
    assert switch.ineffective and not switch.counterproductive  # round-off is not a change
    with pytest.raises(InvalidParameterError, match="tol"):
        dual_dilemma(equal, tol=-1)


def test_standards_race_unilateral_raise_is_a_dual_dilemma():
    race = StandardsRace(1, 0, 1, [Supplier("A", 1, 1, 0), Supplier("B", 1, 1, 0)])
    report = dual_dilemma(race)
    assert (0, 0) in report.baselines
    floor = [s for s in report.switches if s.baseline == (0, 0)]
    assert all(s.dual_dilemma and s.risk_change == 0 and s.switched.count(2) == 1 for s in floor)
    assert report.model == "standards_race"


# -- symbolic: one supplier against the rest ------------------------------------------------------
def test_covered_risk_change_closed_form():
    k, s, sbar, ko = SYMBOLS["k_i"], SYMBOLS["s_i"], SYMBOLS["sbar"], SYMBOLS["K_o"]
    p0, p1 = SYMBOLS["p0"], SYMBOLS["p1"]
    expected = (p1 - p0) * k * (s - sbar) / (k + ko)
    assert sympy.simplify(EFFECTS.covered_risk_change - expected) == 0
    assert sympy.simplify(EFFECTS.covered_share_change + k / (k + ko)) == 0
    v, h, c = SYMBOLS["V"], SYMBOLS["h_i"], SYMBOLS["c_i"]
    assert (
        sympy.simplify(EFFECTS.covered_payoff_change - (-v * k / (k + ko) - h * expected - c)) == 0
    )


@settings(max_examples=80, deadline=None)
@given(
    st.fractions(F(1, 6), 2, max_denominator=6),
    _unit,
    _unit,
    st.fractions(1, 3, max_denominator=6),
    st.integers(0, 5),
    st.integers(1, 6),
)
def test_covered_switch_lowers_risk_iff_safeguard_below_average(k, s, sbar, ko, low, spread):
    """The key closed form, checked on the symbolic condition at exact points."""
    p0 = F(low, 6)
    p1 = min(F(1), p0 + F(spread, 6))
    if p1 == p0:
        p1 = F(1)
        p0 = F(0)
    values = {
        "k_i": k,
        "s_i": s,
        "sbar": sbar,
        "K_o": ko,
        "p0": p0,
        "p1": p1,
        "V": 1,
        "h_i": 1,
        "c_i": 0,
    }
    verdict = COVERED.evaluate(values)
    assert verdict["ineffective"] == (s >= sbar)
    assert verdict["counterproductive"] == (s > sbar)
    assert verdict["costly"] == (
        evaluate_exact(EFFECTS.covered_payoff_change, {SYMBOLS[n]: v for n, v in values.items()})
        < 0
    )
    assert GENERAL.evaluate(values)["ineffective"] == verdict["ineffective"]


@st.composite
def markets_with_exporter(draw):
    count = draw(st.integers(2, 4))
    suppliers = [
        Supplier(f"S{i}", draw(_nonnegative), draw(_nonnegative), draw(_unit), draw(_unit))
        for i in range(count)
    ]
    low = draw(st.integers(0, 6))
    market = ExportMarket(
        draw(st.fractions(F(1, 6), 4, max_denominator=6)),
        F(low, 6),
        F(draw(st.integers(low, 6)), 6),
        suppliers,
    )
    profile = [EXPORT] + draw(st.lists(st.integers(0, 1), min_size=count - 1, max_size=count - 1))
    return market, tuple(profile)


@settings(max_examples=60, deadline=None)
@given(markets_with_exporter())
def test_numeric_switches_match_the_symbolic_effects(case):
    market, profile = case
    switch = dual_dilemma(market, baselines=[profile]).switches[0]
    others = [s for j, s in enumerate(market.suppliers) if j > 0 and profile[j] == EXPORT]
    capacity = sum((s.capacity for s in others), F(0))
    screened = sum((s.capacity * s.safeguard for s in others), F(0))
    me = market.suppliers[0]
    values = {
        SYMBOLS["V"]: market.value,
        SYMBOLS["p0"]: market.risk_without_supply,
        SYMBOLS["p1"]: market.risk_with_supply,
        SYMBOLS["k_i"]: me.capacity,
        SYMBOLS["s_i"]: me.safeguard,
        SYMBOLS["h_i"]: me.harm,
        SYMBOLS["c_i"]: me.control_cost,
        SYMBOLS["K_o"]: capacity,
        SYMBOLS["sbar"]: screened / capacity if capacity else 0,
    }
    assert switch.risk_change == evaluate_exact(EFFECTS.risk_change, values)
    assert switch.payoff_change == evaluate_exact(EFFECTS.payoff_change, values)
    assert switch.share_change == evaluate_exact(EFFECTS.share_change, values)
    verdict = GENERAL.evaluate({s.name: v for s, v in values.items()})
    assert verdict["holds"] == switch.dual_dilemma
    assert switch.dual_dilemma == (
        (switch.ineffective or switch.counterproductive) and switch.costly
    )
    assert not switch.counterproductive or switch.ineffective


# -- symbolic: identical suppliers ----------------------------------------------------------------
def test_symmetric_condition_shape():
    assert set(SYMMETRIC_CONDITION.to_dict()) >= {"holds", "latex", "risk_change"}
    everyone = symmetric_dual_dilemma_condition(exporters=SymmetricExportMarket().num_suppliers)
    assert "N" in {s.name for s in everyone.costly.free_symbols}
    three = symmetric_dual_dilemma_condition(SymmetricExportMarket(3), exporters=3)
    values = {"V": 1, "p0": 0, "p1": 1, "k": 1, "h": 1, "s": 0, "c": 0}
    # the other two exporters cover the buyer: risk unchanged, the switcher loses V/3
    assert three.evaluate(values) == {
        "ineffective": True,
        "counterproductive": False,
        "costly": True,
        "holds": True,
    }
    for bad in (0, 4, sympy.Rational(1, 2)):
        with pytest.raises(InvalidProfileError, match=r"integer in \[1, N\]"):
            symmetric_dual_dilemma_condition(SymmetricExportMarket(3), exporters=bad)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 5),
    st.data(),
    st.fractions(F(1, 6), 3, max_denominator=6),
    _nonnegative,
    _nonnegative,
    _unit,
    _unit,
)
def test_symmetric_condition_matches_numeric_analysis(
    n, data, value, capacity, harm, safeguard, cost
):
    x = data.draw(st.integers(1, n))
    values = {
        "V": value,
        "p0": 0,
        "p1": F(1, 2),
        "k": capacity,
        "h": harm,
        "s": safeguard,
        "c": cost,
    }
    market = SymmetricExportMarket().market(values | {"N": n})
    baseline = (EXPORT,) * x + (CONTROL,) * (n - x)
    switch = dual_dilemma(market, baselines=[baseline]).switches[0]
    verdict = SYMMETRIC_CONDITION.evaluate(values | {"N": n, "x": x})
    assert verdict["ineffective"] == switch.ineffective
    assert verdict["counterproductive"] == switch.counterproductive
    assert verdict["costly"] == switch.costly
    assert verdict["holds"] == switch.dual_dilemma


# -- claim C2 -------------------------------------------------------------------------------------
RACE = SymmetricStandardsRace(ladder=(0, "1/3", "2/3", 1))


def test_race_to_the_bottom_known_answer():
    race = SymmetricStandardsRace(
        value=1,
        risk_without_supply=0,
        risk_with_supply=1,
        capacity=1,
        harm="3/2",
        control_cost="1/10",
    )
    result = race_to_the_bottom(race, [8, 2, 3, 4, 5])
    assert [r.num_suppliers for r in result.rows] == [2, 3, 4, 5, 8]
    assert [r.highest for r in result.rows] == [F(1, 2)] * 3 + [F(0)] * 2
    assert result.falls_with_n
    assert result.at_floor(F(0)) == (5, 8)
    # everybody refusing is not stable: selling at 1/2 wins 1 and costs h/2 = 3/4 in risk
    assert not any(r.all_control for r in result.rows)
    assert json.loads(json.dumps(result.to_dict()))["falls_with_n"] is True


@settings(max_examples=12, deadline=None)
@given(
    st.fractions(F(1, 6), 2, max_denominator=6), st.fractions(F(1, 3), 3, max_denominator=3), _unit
)
def test_race_to_the_bottom_matches_brute_force(capacity, harm, cost):
    values = {"V": 1, "p0": 0, "p1": 1, "k": capacity, "h": harm, "c": cost}
    result = race_to_the_bottom(RACE, [2, 3], values)
    top = len(RACE.levels) - 1
    for row in result.rows:
        n = row.num_suppliers
        equilibria = {
            eq.pure_profile() for eq in pure_equilibria(RACE.race(values | {"N": n}).game())
        }
        levels = tuple(RACE.levels[v] for v in range(top) if (v,) * n in equilibria)
        assert row.levels == levels
        assert row.all_control == ((top,) * n in equilibria)


def test_race_to_the_bottom_validation():
    with pytest.raises(InvalidParameterError, match="symbolic number of suppliers"):
        race_to_the_bottom(SymmetricStandardsRace(3), [3])
    with pytest.raises(InvalidParameterError, match="SymmetricStandardsRace"):
        race_to_the_bottom(leader_market(), [3])
    with pytest.raises(InvalidParameterError, match=">= 2"):
        race_to_the_bottom(RACE, [1], {"V": 1, "p0": 0, "p1": 1, "k": 1, "h": 1, "c": 0})


def test_report_type_is_frozen_value():
    report = dual_dilemma(leader_market(), baselines=[("export", "control")])
    assert isinstance(report, DualDilemmaReport) and len(report) == 1
    assert report.switches[0].supplier == "leader"
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.model = "x"  # type: ignore[misc]
