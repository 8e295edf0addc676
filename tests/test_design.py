"""The regime-design model: known answers, validation, exactness, data and sensitivity."""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction as F
from typing import Any

import pytest

from dualdilemma.design.model import (
    FEATURES,
    DesignCase,
    DesignWeights,
    design,
    detection_discount,
    feature_margin,
    holding,
    treaty_discount,
)
from dualdilemma.design.record import _parse, compare, record, records, regime_names, score
from dualdilemma.design.scenario import design_case_from_scenario, gini
from dualdilemma.design.sensitivity import _numeric, threshold
from dualdilemma.errors import FormatError, InvalidParameterError
from dualdilemma.scenarios import load_scenario


def toy(**changes: Any) -> DesignCase:
    """Seven suppliers, a group of five, 100 states; the club holds, the universal rival not."""
    base = DesignCase(
        name="toy",
        suppliers=7,
        smallest_group=5,
        states=100,
        leverage=F(9, 10),
        discount=F(9, 10),
        club_critical_discount=F(1, 2),
        universal_critical_discount=F(19, 20),
        detection=F(1, 2),
        inequality=F(1, 5),
        preference_uncertainty=F(1, 10),
        shock_rate=F(1, 50),
        technology_rate=F(1, 10),
        post_shock_hazard=F(1, 5),
        ratification_delay=3,
        legitimacy_cost=F(1, 5),
        adaptation=F(1, 2),
    )
    return base.with_values(**changes) if changes else base


# -- known answers, derived by hand from the formulas of the module docstring ---------------------
# toy: D(d, beta) = (1/2) / (1/2 + 1/4) = 2/3 <= 9/10, so the club holds (H = 1);
# D(u, beta) = (19/20) / (19/20 + 1/40) = 38/39, H = (1/39) / (1/10) = 10/39.
# treaty: T(2/3) = (3/4 * 2/3) / (3/4 * 2/3 + 1/3) = 3/5 (still holds); on time (4/5)^3 = 64/125.


@dataclass(frozen=True)
class KnownMargin:
    feature: str
    margin: F
    chosen: str


KNOWN = [
    # 9/10 - (1/5)(95/100) - (1/2)(1/5) - (9/10)(10/39)
    KnownMargin("membership", F(9, 10) - F(19, 100) - F(1, 10) - F(9, 39), "restrictive"),
    # B = 9/10: 9/10 * (1 * 64/125 - 1) - 9/10 * min(1, 3/10) / 2
    KnownMargin("formality", F(9, 10) * (F(64, 125) - 1) - F(9, 10) * F(3, 10) / 2, "political"),
    # outreach 1/2 * 9/10 * 2/7 + legitimacy 1/5 * 95/100 / 2 - adaptation 1/2 * 9/10
    KnownMargin(
        "transparency", F(1, 2) * F(9, 10) * F(2, 7) + F(19, 1000) * 5 - F(9, 20), "confidential"
    ),
    # verification gain 0 (the club already holds) + 1/2 (3/25) + 1/200 * 4 - 1/10
    KnownMargin("centralisation", F(3, 50) + F(1, 50) - F(1, 10), "national"),
    # 1/5 + 1/2 * 3/25 - (1 - (49/50)^4)
    KnownMargin("decision", F(1, 5) + F(3, 50) - (1 - F(49, 50) ** 4), "consensus"),
    # 3/25 + 1/2 * 1/5 - 1/100 * 4
    KnownMargin("flexibility", F(3, 25) + F(1, 10) - F(4, 100), "flexible"),
]


@pytest.mark.parametrize("known", [pytest.param(k, id=k.feature) for k in KNOWN])
def test_known_margins_of_the_toy_case(known: KnownMargin) -> None:
    choice = design(toy()).choice(known.feature)
    assert choice.margin == known.margin
    assert choice.chosen == known.chosen
    assert sum(choice.terms.values()) == choice.margin


def test_inclusive_membership_changes_the_other_features() -> None:
    # a universal bargain that holds (u = 0) beats a club with little leverage
    case = toy(leverage=F(1, 5), universal_critical_discount=F(0))
    result = design(case)
    assert result.form["membership"] == "inclusive"
    # 1 - 1/10 = 9/10 is the inclusive regime's value; -(9/10 - 1/5 + 19/100 + 1/10)
    assert result.choice("membership").margin == F(1, 5) - F(19, 100) - F(1, 10) - F(9, 10)
    # size 100: deadlock 1 - (49/50)^99 outweighs the veto's value
    assert result.form["decision"] == "majority"
    assert result.choice("flexibility").margin == F(3, 25) + F(1, 10) - F(99, 100)


def test_building_blocks() -> None:
    assert detection_discount(F(1, 2), 1) == F(1, 2)
    assert detection_discount(F(0), F(1, 3)) == 0
    assert treaty_discount(F(1, 2), 0) == F(1, 2)
    assert holding(F(1), F(1, 2)) == 0
    assert holding(F(1, 2), F(1, 2)) == 1


def test_a_zero_margin_is_reported_as_a_tie() -> None:
    # one member, no inequality and no uncertainty: the veto is worth exactly what it costs
    case = toy(
        smallest_group=1, inequality=0, shock_rate=0, technology_rate=0, suppliers=1, states=1
    )
    result = design(case)
    assert result.choice("decision").margin == 0
    assert result.form["decision"] is None and "decision" in result.ties


def test_exact_inputs_give_exact_margins_and_json() -> None:
    result = design(toy())
    assert result.exact
    assert all(isinstance(c.margin, F) for c in result.choices)
    text = json.dumps(result.to_dict())
    assert json.loads(text)["form"]["membership"] == "restrictive"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"smallest_group": 8}, "cannot exceed suppliers"),
        ({"states": 6}, "at least suppliers"),
        ({"discount": 1}, "discount must be < 1"),
        ({"detection": 0}, "detection must be > 0"),
        ({"leverage": F(3, 2)}, "leverage must be <= 1"),
        ({"ratification_delay": F(1, 2)}, "must be an integer"),
        ({"adaptation": "much"}, "must be a number"),
    ],
)
def test_bad_inputs_name_the_value(changes: dict, message: str) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        toy(**changes)


def test_bad_weights_and_features() -> None:
    with pytest.raises(InvalidParameterError, match="veto_rate"):
        DesignWeights(veto_rate=2)
    with pytest.raises(InvalidParameterError, match="unknown design feature"):
        design(toy()).choice("scope")
    with pytest.raises(InvalidParameterError, match="unknown design input"):
        toy().with_values(scope=1)
    with pytest.raises(InvalidParameterError, match="restrictive="):
        import sympy

        feature_margin("formality", {**toy().values(), "leverage": sympy.Symbol("l")})


# -- inputs from a scenario ------------------------------------------------------------------------


def test_gini_known_values() -> None:
    assert gini([F(1), F(1), F(1)]) == 0
    assert gini([F(0), F(0), F(3)]) == F(2, 3)
    assert gini([]) == 0


def test_nsg_inputs_computed_from_the_scenario() -> None:
    scenario = load_scenario("nsg-1975")
    given = {k: i.value for k, i in record("NSG").inputs.items()}
    case = design_case_from_scenario(scenario, given)
    assert case.suppliers == 15
    assert case.leverage == F(8, 9)  # (9/10 - 1/10) / (9/10)
    assert case.discount == F(9, 10) and case.detection == F(1, 2)
    assert case.shock_rate == F(1, 50)
    assert 1 <= case.smallest_group <= 15
    assert 0 < case.inequality < 1
    with pytest.raises(InvalidParameterError, match="computed from scenario"):
        design_case_from_scenario(scenario, {**given, "leverage": 1})
    with pytest.raises(InvalidParameterError, match="must be given"):
        design_case_from_scenario(scenario, {})


# -- package data ---------------------------------------------------------------------------------


def test_every_fact_and_form_has_a_source_and_every_estimate_a_range() -> None:
    assert regime_names() == ("NSG", "ZC", "AG", "MTCR", "COCOM", "WA", "CWC", "NPT")
    for rec in records():
        for name, item in rec.inputs.items():
            assert item.low <= item.value <= item.high, (rec.key, name)
            if item.estimate:
                assert item.rationale, (rec.key, name)
            else:
                assert item.source, (rec.key, name)
        assert set(rec.actual) == set(FEATURES)
        assert all(a.source for a in rec.actual.values())


def test_malformed_design_data_is_rejected() -> None:
    table = {
        "source": {"s": "a source"},
        "regime": {"X": {"title": "x", "year": 1, "states": {"value": 3, "estimate": False}}},
    }
    with pytest.raises(FormatError, match="needs a source key"):
        _parse(table)
    table["regime"]["X"]["states"] = {"value": 3, "low": 4, "high": 5, "rationale": "r"}
    with pytest.raises(FormatError, match="outside"):
        _parse(table)


def test_scorecard_counts_and_null_model() -> None:
    card = score(("CWC", "NPT"))
    assert card.total == 12
    assert card.hits + card.misses <= 12
    # both are treaties with the same actual form: the null model gets every feature
    assert card.null_hits == 12
    assert compare("npt").regime == "NPT"
    with pytest.raises(InvalidParameterError, match="unknown regime"):
        record("OPCW")


# -- sensitivity ----------------------------------------------------------------------------------


def test_adaptation_threshold_is_exact_and_hand_derived() -> None:
    # transparency: 9/70 + 19/200 - a * 9/10 = 0  ->  a = (9/70 + 19/200) * 10/9
    t = threshold(toy(), "transparency", "adaptation")
    assert t.method == "symbolic"
    assert F(str(t.value)) == (F(9, 70) + F(19, 200)) * F(10, 9)
    assert t.flips_to == "published"


def test_numeric_and_symbolic_thresholds_agree() -> None:
    case = toy()
    symbolic = threshold(case, "membership", "universal_critical_discount")
    numeric = _numeric(case, "membership", "universal_critical_discount", F(0), F(1), True)
    assert symbolic.method == "symbolic"
    assert min(abs(r - float(symbolic.value)) for r in numeric) < 1e-9
    # the margin changes sign across the threshold
    below = toy(universal_critical_discount=F(symbolic.value.p, symbolic.value.q) - F(1, 10**6))
    above = toy(universal_critical_discount=F(symbolic.value.p, symbolic.value.q) + F(1, 10**6))
    assert design(below).form["membership"] != design(above).form["membership"]


def test_a_margin_that_never_changes_sign_has_no_threshold() -> None:
    t = threshold(toy(), "membership", "adaptation")
    assert t.value is None and "keeps its sign" in t.reason
    assert json.dumps(t.to_dict())


def test_integer_input_threshold_by_bracketing() -> None:
    # the club does not hold (D = 38/39, H = 10/39); a treaty would (T = 57/59, H = 20/59) if it
    # came in time: 20/59 (4/5)^L = 10/39 at L = log(59/78) / log(4/5), about 1.25 years
    case = toy(post_shock_hazard=F(1, 5), technology_rate=F(0), club_critical_discount=F(19, 20))
    t = threshold(case, "formality", "ratification_delay")
    assert t.value is not None
    assert float(t.value) == pytest.approx(1.2511, abs=1e-3)
    before = case.with_values(ratification_delay=int(float(t.value)))
    after = case.with_values(ratification_delay=int(float(t.value)) + 1)
    assert design(before).form["formality"] != design(after).form["formality"]


def test_sizes_are_bounded_before_any_arithmetic() -> None:
    with pytest.raises(InvalidParameterError, match="MAX_STATES"):
        toy(states=10**6)
    with pytest.raises(InvalidParameterError, match="MAX_DELAY"):
        toy(ratification_delay=10**5)
