"""The C7 claims: each checked on generated design cases, the strategies, and the catalogue."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings

from dualdilemma.claims import check
from dualdilemma.claims.design import DESIGN_CLAIMS, shift_verdict, standalone
from dualdilemma.claims.registry import CLAIMS, claim_names, get_claim
from dualdilemma.design.conjectures import CONJECTURES
from dualdilemma.design.model import DesignCase, design
from dualdilemma.design.strategies import DRIVERS, DesignShift, design_cases, design_shifts

#: Kept small so the default suite stays fast (naive claims need the checker's default number
#: of examples to meet their counterexample); the slow test runs the checker's defaults.
EXAMPLES, NAIVE_EXAMPLES, SHRINKS = 8, 25, 60


@pytest.mark.parametrize("claim", [pytest.param(c, id=c.name) for c in DESIGN_CLAIMS])
def test_each_claim_comes_out_as_expected(claim) -> None:
    examples = NAIVE_EXAMPLES if claim.naive else EXAMPLES
    result = check(claim, max_examples=examples, seed=0, shrink_budget=SHRINKS)
    assert result.as_expected, (claim.name, result.reason, result.counterexample)
    if claim.kind == "theorem" and result.holds:
        # a theorem's region is drawn by construction: most examples must meet its premise
        assert result.vacuous * 2 < result.examples, (claim.name, result.vacuous)
    if not result.holds:
        # a counterexample is a real shift of the claim's driver
        assert result.counterexample["changed"]


@pytest.mark.slow
@pytest.mark.parametrize("claim", [pytest.param(c, id=c.name) for c in DESIGN_CLAIMS])
def test_each_claim_at_the_default_settings(claim) -> None:
    assert check(claim, seed=1).as_expected


def test_catalogue_kinds_and_registration() -> None:
    names = [c.name for c in DESIGN_CLAIMS]
    assert len(names) == len(set(names))
    assert all(n in claim_names() for n in names)
    assert get_claim("C7-M1").kind == "theorem"
    # C1-C6 keep their own default run
    assert not any(c.name.startswith("C7") for c in CLAIMS)
    theorems = {c.name for c in DESIGN_CLAIMS if c.kind == "theorem"}
    assert {"C7-M1", "C7-C4", "C7-SA"} <= theorems
    assert all(c.naive_of in names for c in DESIGN_CLAIMS if c.naive)
    assert all(c.expected == "counterexample" for c in DESIGN_CLAIMS if c.naive)


def test_every_conjecture_is_a_claim_or_says_why_not() -> None:
    ids = {c.id for c in CONJECTURES}
    assert {"M1", "M2", "M3", "S1", "S2", "S3", "C1", "C2", "C3", "C4", "V1", "V2", "V3"} <= ids
    assert {"F1", "F2", "F3", "SH", "CF", "SA"} <= ids
    names = {c.name for c in DESIGN_CLAIMS}
    for c in CONJECTURES:
        if c.expressible:
            assert f"C7-{c.id}" in names, c.id
        else:
            assert c.not_expressible and f"C7-{c.id}" not in names
    assert {c.id for c in CONJECTURES if not c.expressible} == {"S1", "S2", "S3", "V2"}


@settings(max_examples=30, deadline=None)
@given(design_cases())
def test_strategy_builds_valid_cases(case: DesignCase) -> None:
    assert 1 <= case.smallest_group <= case.suppliers <= case.states
    assert design(case).choices


@pytest.mark.parametrize("driver", DRIVERS)
def test_shifts_move_only_their_driver(driver: str) -> None:
    @settings(max_examples=10, deadline=None)
    @given(design_shifts(driver))
    def run(shift: DesignShift) -> None:
        changed = set(shift.to_dict()["changed"])
        allowed = {
            "enforcement": {"club_critical_discount", "universal_critical_discount"},
            "club_enforcement": {"club_critical_discount"},
            "common_enforcement": {"club_critical_discount", "universal_critical_discount"},
            "behaviour": {"detection"},
            "uncertainty": {"shock_rate", "technology_rate"},
            "preferences": {"preference_uncertainty"},
            "distribution": {"inequality"},
            "number": {"smallest_group", "suppliers", "states"},
            "shock": {"post_shock_hazard"},
            "adaptation": {"adaptation"},
            "leverage": {"leverage"},
        }[driver]
        assert changed <= allowed
        before, after = shift.before.values(), shift.after.values()
        assert all(after[k] >= before[k] for k in allowed if k != "detection")
        assert after["detection"] <= before["detection"]

    run()


def _case(**values) -> DesignCase:
    base = dict(
        name="hand",
        suppliers=7,
        smallest_group=5,
        states=100,
        leverage=F(1, 2),
        discount=F(9, 10),
        club_critical_discount=F(19, 20),
        universal_critical_discount=F(1),
        detection=F(1, 2),
        inequality=F(0),
        preference_uncertainty=F(0),
        shock_rate=F(0),
        technology_rate=F(0),
        post_shock_hazard=F(1, 2),
        ratification_delay=3,
        legitimacy_cost=F(0),
        adaptation=F(1),
    )
    base.update(values)
    return DesignCase(**base)


def test_standalone_without_its_condition_fails_on_a_hand_built_case() -> None:
    # the group does not hold nationally (D = 38/39 > 9/10, H = 10/39); verification raises
    # detection to 9/10 (D = 19/20, H = 1/2): a gain of leverage x 31/78 against a net cost of
    # 1/10 - 4/200 = 2/25.  At leverage 1/5 the regime stays national, at 1/2 it centralises.
    before, after = _case(leverage=F(1, 5)), _case(leverage=F(1, 2))
    assert standalone(design(before)) and not standalone(design(after))
    shift = DesignShift("leverage", before, after)
    assert not shift_verdict(shift, None, "standalone", None).holds
    # with its condition (the group holds nationally) the example is outside the region
    assert shift_verdict(shift, None, "standalone", "sa").vacuous
