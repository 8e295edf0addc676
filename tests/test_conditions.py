"""Parametric equilibrium conditions agree with brute force, exactly, at random points."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma.analysis.conditions import (
    EquilibriumCondition,
    anonymous_equilibrium_conditions,
    count_label,
    equilibrium_conditions,
    export_market_closed_forms,
    nonnegative_hints,
    pure_equilibrium_conditions,
    region_conditions,
)
from dualdilemma.errors import InvalidGameError, InvalidParameterError
from dualdilemma.models.export_market import ExportMarket, Supplier, SymmetricExportMarket
from dualdilemma.models.standards_race import SymmetricStandardsRace
from dualdilemma.solvers.pure_nash import pure_equilibria
from dualdilemma.symbolic import REAL, Parameter, SymbolicGame

F = Fraction

# computed once: the sympy work is the expensive part, evaluation at points is cheap
FORMS = export_market_closed_forms()
SYMMETRIC = SymmetricExportMarket()
TWO = ExportMarket(1, 0, 1, [Supplier("A", 1, 1, 0), Supplier("B", 1, 1, 0)])
TWO_SYMBOLIC = TWO.symbolic_game()
TWO_CONDITIONS = pure_equilibrium_conditions(TWO_SYMBOLIC)
THREE = ExportMarket(
    1,
    0,
    1,
    [Supplier("A", "1/2", 1, "9/10"), Supplier("B", "2/3", 1, "1/5"), Supplier("C", 1, 1, 0)],
)
THREE_SYMBOLIC = THREE.symbolic_game(
    keep=["V", "p0", "p1", "h_1", "h_2", "h_3", "c_1", "c_2", "c_3"]
)
THREE_CONDITIONS = pure_equilibrium_conditions(THREE_SYMBOLIC)

_unit = st.fractions(min_value=0, max_value=1, max_denominator=6)
_nonnegative = st.fractions(min_value=0, max_value=3, max_denominator=6)
_positive = st.fractions(min_value=F(1, 6), max_value=3, max_denominator=6)


@st.composite
def risks(draw):
    low = draw(st.integers(0, 6))
    return F(low, 6), F(draw(st.integers(low, 6)), 6)


def brute_force(game) -> set[tuple[int, ...]]:
    return {eq.pure_profile() for eq in pure_equilibria(game)}


# -- closed forms for the symmetric export market -------------------------------------------------
def test_closed_forms_have_the_documented_shape():
    v, k, s, c, h = (
        SYMMETRIC.symbol(f) for f in ("value", "capacity", "safeguard", "control_cost", "harm")
    )
    n = SYMMETRIC.num_suppliers
    p0, p1 = SYMMETRIC.symbol("risk_without_supply"), SYMMETRIC.symbol("risk_with_supply")
    delta = h * (1 - s) * (p1 - p0)
    all_export = FORMS["all export"].condition
    expected = (
        v * k / sympy.Max(1, n * k) + c - delta * (sympy.Min(1, n * k) - sympy.Min(1, k * (n - 1)))
    )
    assert isinstance(all_export, sympy.GreaterThan)
    assert sympy.simplify(all_export.lhs - all_export.rhs - expected) == 0
    all_control = FORMS["all control"].condition
    assert (
        sympy.simplify(
            (all_control.lhs - all_control.rhs)
            - (delta * sympy.Min(1, k) - v * sympy.Min(1, k) - c)
        )
        == 0
    )
    assert set(FORMS) == {"all export", "all control", "interior"}
    assert "\\max" in FORMS["all export"].latex and "\\min" in FORMS["all control"].latex
    assert FORMS["interior"].deviations == (
        "range",
        "range",
        "export -> control",
        "control -> export",
    )


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 5),
    _positive,
    risks(),
    st.fractions(0, 2, max_denominator=6),
    _nonnegative,
    _unit,
    _unit,
)
def test_symmetric_closed_forms_agree_with_brute_force(
    n, value, risk, capacity, harm, safeguard, cost
):
    p0, p1 = risk
    values = {"V": value, "p0": p0, "p1": p1, "k": capacity, "h": harm, "s": safeguard, "c": cost}
    equilibria = brute_force(SYMMETRIC.market(values | {"N": n}).game())
    bound = values | {"N": n}
    assert FORMS["all export"].holds(bound) == ((0,) * n in equilibria)
    assert FORMS["all control"].holds(bound) == ((1,) * n in equilibria)
    for x in range(1, n):
        profile = (0,) * x + (1,) * (n - x)
        assert FORMS["interior"].holds(bound | {"x": x}) == (profile in equilibria)


def test_all_export_is_an_equilibrium_when_the_others_cover():
    """C1: with (N - 1) k >= 1 the all-export condition reduces to V/N + c >= 0."""
    for size in (2, 3, 7, 40):
        values = {
            "V": 1,
            "p0": 0,
            "p1": 1,
            "h": 100,
            "s": 0,
            "c": 0,
            "N": size,
            "k": F(1, size - 1),
        }
        assert FORMS["all export"].holds(values)


# -- normal-form conditions -----------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(
    _positive,
    risks(),
    st.lists(
        st.tuples(st.fractions(0, 2, max_denominator=4), _nonnegative, _unit, _unit),
        min_size=2,
        max_size=2,
    ),
)
def test_two_supplier_conditions_agree_with_brute_force(value, risk, suppliers):
    p0, p1 = risk
    values = {"V": value, "p0": p0, "p1": p1}
    for i, (k, h, s, c) in enumerate(suppliers, start=1):
        values |= {f"k_{i}": k, f"h_{i}": h, f"s_{i}": s, f"c_{i}": c}
    equilibria = brute_force(TWO_SYMBOLIC.substitute(values))
    assert {c.profile for c in TWO_CONDITIONS if c.holds(values)} == equilibria


@settings(max_examples=60, deadline=None)
@given(
    _positive,
    risks(),
    st.lists(_nonnegative, min_size=3, max_size=3),
    st.lists(_unit, min_size=3, max_size=3),
)
def test_three_supplier_conditions_agree_with_brute_force(value, risk, harms, costs):
    p0, p1 = risk
    values = {"V": value, "p0": p0, "p1": p1}
    for i in range(3):
        values |= {f"h_{i + 1}": harms[i], f"c_{i + 1}": costs[i]}
    equilibria = brute_force(THREE_SYMBOLIC.substitute(values))
    assert {c.profile for c in THREE_CONDITIONS if c.holds(values)} == equilibria


def test_three_supplier_conditions_known_answers():
    by_label = {c.label: c for c in THREE_CONDITIONS}
    # a supplier with the best safeguards (A, s = 9/10) lowers the risk by exporting when the
    # others cover: exporting is dominant for it, so no profile where A controls is stable
    assert all(c.never for c in THREE_CONDITIONS if c.profile[0] == 1 and c.profile != (1, 1, 1))
    assert not by_label["export, export, export"].never
    assert by_label["export, export, export"].profile == (0, 0, 0)


def test_prisoners_dilemma_conditions():
    t, r, p = (Parameter(x, REAL) for x in "TRP")
    game = SymbolicGame(
        [[["R", 0], ["T", "P"]], [["R", "T"], [0, "P"]]],
        [t, r, p],
        strategies=[["C", "D"], ["C", "D"]],
    )
    conditions = pure_equilibrium_conditions(game)
    assert [c.label for c in conditions] == ["C, C", "C, D", "D, C", "D, D"]
    assert conditions[0].condition == sympy.Ge(r.symbol, t.symbol)
    assert conditions[3].condition == sympy.Ge(p.symbol, 0)
    assert conditions[1].deviations == ("Player 1: C -> D", "Player 2: D -> C")
    assert conditions[3].holds({"P": 1}) and not conditions[3].holds({"P": -1})


# -- anonymous games with a numeric N -------------------------------------------------------------
RACE = SymmetricStandardsRace(3, value=1, risk_without_supply=0, risk_with_supply=1)
RACE_CONDITIONS = anonymous_equilibrium_conditions(RACE.game())


def test_numeric_n_lists_every_count_vector():
    assert len(RACE_CONDITIONS) == 10  # compositions of 3 into 3 parts
    assert RACE_CONDITIONS[0].label == "all export@0"
    assert RACE_CONDITIONS[1].label == "2 export@0, 1 export@1/2"
    assert count_label([0, 3, 0], RACE.actions) == "all export@1/2"


@settings(max_examples=40, deadline=None)
@given(st.fractions(0, 2, max_denominator=6), _nonnegative, _unit)
def test_anonymous_conditions_agree_with_the_anonymous_game(capacity, harm, cost):
    values = {"k": capacity, "h": harm, "c": cost}
    game = RACE.game().substitute(values)
    totals = np.array([[int(x) for x in c.counts] for c in RACE_CONDITIONS])
    regrets = game.pure_profile_regrets(totals)
    assert [c.holds(values) for c in RACE_CONDITIONS] == [r == 0 for r in regrets]


# -- region maps ----------------------------------------------------------------------------------
def test_region_conditions_mapping():
    mapping = region_conditions(THREE_SYMBOLIC)
    assert "control, export, export" not in mapping  # never an equilibrium
    assert set(mapping) == {c.label for c in THREE_CONDITIONS if not c.never}
    symbolic_n = region_conditions(SYMMETRIC.game())
    assert set(symbolic_n) == {"all export", "all control"}
    four = region_conditions(SymmetricExportMarket(4).game())
    assert list(four) == [
        "all export",
        "3 export, 1 control",
        "2 export, 2 control",
        "1 export, 3 control",
        "all control",
    ]


def test_region_map_classifies_like_brute_force():
    from dualdilemma.analysis.region_map import region_map

    market = SymmetricExportMarket(
        3, risk_without_supply=0, risk_with_supply=1, safeguard=0, control_cost=0, capacity="1/2"
    )
    conditions = region_conditions(market.game())
    values_v = [0.25, 0.5, 1.0, 2.0]
    values_h = [0.0, 0.5, 1.0, 3.0]
    result = region_map(conditions, {"V": values_v, "h": values_h})
    labels = list(conditions)
    for a, v in enumerate(values_v):
        for b, h in enumerate(values_h):
            point = {"V": F(str(v)), "h": F(str(h))}
            game = market.game().substitute(point)
            totals = [[3 - x, x] for x in range(4)]
            stable = {
                count_label(t, ("export", "control"))
                for t, r in zip(totals, game.pure_profile_regrets(totals), strict=True)
                if r == 0
            }
            code = int(result.codes[a, b])
            assert {labels[bit] for bit in range(len(labels)) if code >> bit & 1} == stable


# -- the result type ------------------------------------------------------------------------------
def test_condition_values_serialise_and_validate():
    condition = FORMS["all control"]
    assert isinstance(condition, EquilibriumCondition)
    assert json.loads(json.dumps(condition.to_dict()))["label"] == "all control"
    assert "EquilibriumCondition('all control'" in repr(condition)
    with pytest.raises(InvalidParameterError, match="missing values"):
        condition.holds({"V": 1})
    with pytest.raises(InvalidGameError):
        pure_equilibrium_conditions(SYMMETRIC.game())  # type: ignore[arg-type]
    with pytest.raises(InvalidGameError):
        anonymous_equilibrium_conditions(TWO_SYMBOLIC)  # type: ignore[arg-type]
    assert equilibrium_conditions(TWO_SYMBOLIC)[0].label == "export, export"


def test_hints_come_from_domains_and_constraints():
    hints = nonnegative_hints(THREE_SYMBOLIC.parameters, THREE_SYMBOLIC.constraints)
    p0, p1 = (p.symbol for p in THREE_SYMBOLIC.parameters if p.name in ("p0", "p1"))
    assert 1 - p0 in hints and p1 - p0 in hints
