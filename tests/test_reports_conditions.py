"""The printed conditions, evaluated at the scenario's numbers, agree with the report's tables.

Every expression is read back from the text the report prints (``expression``), not from the
objects that built it, so a wrong print (the risk exponent dropped, a term lost in
simplification) fails here.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

import pytest
import sympy

from dualdilemma.reporting.conditions import simplify_condition
from dualdilemma.reporting.scenario_report import conditions_report, scenario_report
from dualdilemma.scenarios import load_scenario, parse_scenario
from dualdilemma.symbolic.parameters import NONNEGATIVE, POSITIVE, UNIT_INTERVAL

THREE = """
[scenario]
title = "three suppliers, risk exponent {gamma}"
[market]
value = 10
risk_without_supply = 0.05
risk_with_supply = 0.9
risk_exponent = "{gamma}"
discount = 0.9
[[supplier]]
name = "A"
capacity = 0.6
harm = 20
safeguard = 0.8
[[supplier]]
name = "B"
capacity = 0.5
harm = 5
safeguard = 0.3
[[supplier]]
name = "C"
capacity = 0.7
harm = 8
safeguard = 0.5
"""

NAMES = ("V", "p0", "p1", "k_i", "h_i", "s_i", "c_i", "K_o", "sbar")


def _parse(text: str) -> sympy.Basic:
    symbols = {name: sympy.Symbol(name) for name in NAMES}
    return sympy.parse_expr(text, local_dict=symbols)


def _right_side(item: dict[str, Any]) -> sympy.Basic:
    return _parse(item["expression"].split(" = ", 1)[1])


def _exact(value: Any) -> Fraction:
    return Fraction(value) if isinstance(value, str | int) else Fraction(value)


def _row_values(data: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    supplier = next(s for s in data["supplier_parameters"] if s["name"] == row["supplier"])
    market = data["market"]
    values = {
        "V": market["value"],
        "p0": market["risk_without_supply"],
        "p1": market["risk_with_supply"],
        "k_i": supplier["capacity"],
        "h_i": supplier["harm"],
        "s_i": supplier["safeguard"],
        "c_i": supplier["control_cost"],
        "K_o": row["others_capacity"],
        "sbar": row["others_mean_safeguard"] if row["others_mean_safeguard"] is not None else 0,
    }
    return {sympy.Symbol(k): sympy.Rational(str(_exact(v))) for k, v in values.items()}


def _close(value: sympy.Basic, expected: Any, exact: bool) -> bool:
    if exact:
        return sympy.Rational(str(_exact(expected))) == sympy.nsimplify(value)
    return abs(float(value) - float(_exact(expected))) <= 1e-9


@pytest.mark.parametrize("gamma", ["1", "2", "1/3"])
def test_printed_lone_switch_conditions_match_the_table(gamma: str) -> None:
    data = scenario_report(parse_scenario(THREE.format(gamma=gamma)))
    items = {item["key"]: item for item in data["conditions"]["items"]}
    exact = Fraction(gamma).denominator == 1
    rows = data["unilateral"]
    assert rows
    for row in rows:
        values = _row_values(data, row)
        general = {
            key: _right_side(items[key]).xreplace(values)
            for key in ("risk_change", "payoff_change", "share_change")
        }
        assert _close(general["risk_change"], row["delta_risk"], exact), (gamma, row["supplier"])
        assert _close(general["payoff_change"], row["delta_payoff"], exact), row["supplier"]
        assert _close(general["share_change"], row["delta_share"], exact), row["supplier"]
        holds = bool(_parse(items["dual_dilemma"]["expression"]).xreplace(values))
        assert holds == row["dual_dilemma"], row["supplier"]
        if row["others_cover"]:
            covered = _right_side(items["covered_risk_change"]).xreplace(values)
            assert _close(covered, row["delta_risk"], exact)
            ineffective = bool(_parse(items["ineffective"]["expression"]).xreplace(values))
            assert ineffective == ("ineffective" in row["verdicts"])
            simple = bool(_parse(items["ineffective_simple"]["expression"]).xreplace(values))
            assert simple == ineffective
            costly = bool(_parse(items["costly"]["expression"]).xreplace(values))
            assert costly == ("costly" in row["verdicts"])


def test_risk_exponent_two_prints_the_table_s_risk_change() -> None:
    """Issue 15: with gamma = 2 the printed Delta P of C gave -0.0721 against the table's
    -0.07562; the printed formula must now give the table's number (whatever it is)."""
    data = scenario_report(parse_scenario(THREE.format(gamma="2")))
    items = {item["key"]: item for item in data["conditions"]["items"]}
    linear = scenario_report(parse_scenario(THREE.format(gamma="1")))
    linear_items = {item["key"]: item for item in linear["conditions"]["items"]}
    row = next(r for r in data["unilateral"] if r["supplier"] == "C")
    values = _row_values(data, row)
    printed = _right_side(items["risk_change"]).xreplace(values)
    old = _right_side(linear_items["risk_change"]).xreplace(values)
    assert _exact(row["delta_risk"]) == Fraction(str(sympy.nsimplify(printed)))
    assert sympy.nsimplify(old) != sympy.nsimplify(printed)  # the gamma = 1 formula was wrong


@pytest.mark.parametrize("name", ["mtcr-1987", "nsg-1975", "australia-group-1985"])
def test_printed_profile_conditions_hold_exactly_where_the_profile_is_an_equilibrium(
    name: str,
) -> None:
    scenario = load_scenario(name)
    data = conditions_report(scenario, ["V", "p0", "p1"])
    kept = {p["name"]: sympy.Rational(str(_exact(p["value"]))) for p in data["kept_parameters"]}
    symbols = {n: sympy.Symbol(n) for n in kept}
    for item in data["profile_conditions"]:
        condition = sympy.sympify(sympy.parse_expr(item["expression"], local_dict=symbols))
        value = condition.xreplace({symbols[n]: v for n, v in kept.items()})
        assert bool(value) == item["equilibrium_here"], item["statement"]
        # no term that the domain makes always true, no duplicate bound on one parameter
        terms = condition.args if isinstance(condition, sympy.And) else (condition,)
        singles = [t.free_symbols for t in terms if len(t.free_symbols) == 1]
        assert len(singles) == len({frozenset(s) for s in singles})


def _random_point(rng: random.Random) -> dict[str, Fraction]:
    p0 = Fraction(rng.randint(0, 20), 20)
    return {
        "V": Fraction(rng.randint(1, 400), 40),
        "p0": p0,
        "p1": p0 + (1 - p0) * Fraction(rng.randint(0, 20), 20),
        "h": Fraction(rng.randint(0, 200), 10),
        "s": Fraction(rng.randint(0, 10), 10),
    }


def test_simplified_conditions_are_equivalent_on_the_domain() -> None:
    """Random conjunctions of linear terms; the simplified form agrees at random domain points
    (boundary values included, since the grid of the points is coarse)."""
    V = sympy.Symbol("V", positive=True)
    p0, p1, h = sympy.symbols("p0 p1 h", nonnegative=True)
    s = sympy.Symbol("s", nonnegative=True)
    domains = {"V": POSITIVE, "p0": UNIT_INTERVAL, "p1": UNIT_INTERVAL, "h": NONNEGATIVE}
    domains["s"] = UNIT_INTERVAL
    variables = (V, p0, p1, h, s)
    rng = random.Random(20261204)
    simplified_something = 0
    for _ in range(120):
        terms = []
        for _ in range(rng.randint(1, 4)):
            chosen = rng.sample(variables, rng.randint(1, 2))
            lhs = sum(rng.randint(-5, 5) * v for v in chosen) + rng.randint(-6, 6)
            relation = rng.choice([sympy.Ge, sympy.Gt, sympy.Le])
            term = relation(lhs, 0)
            if term not in (sympy.true, sympy.false):
                terms.append(term)
        condition = sympy.And(*terms)
        simple = simplify_condition(condition, domains)
        if sympy.count_ops(simple) < sympy.count_ops(condition):
            simplified_something += 1
        for _ in range(25):
            point = _random_point(rng)
            values = {sym: sympy.Rational(str(point[sym.name])) for sym in variables}
            assert bool(condition.xreplace(values)) == bool(simple.xreplace(values)), (
                condition,
                simple,
                point,
            )
    assert simplified_something > 20  # the check is not vacuous


def test_sweep_prints_no_redundant_conjunction(capsys: pytest.CaptureFixture[str]) -> None:
    from dualdilemma.cli import main

    code = main(["sweep", "mtcr-1987", "--no-progress", "--grid", "V=1:20:5", "--format", "json"])
    assert code in (0, None)
    import json

    data = json.loads(capsys.readouterr().out)
    expression = data["conditions"]["all export"]["expression"]
    assert "&" not in expression, expression  # one bound on V, not four
