"""The theory's claims C1-C6: each conditioned claim holds, each naive claim fails for the
reason it is meant to show, the checker is deterministic, and the CLI follows the package's
conventions."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import strategies as st

from dualdilemma.claims import CLAIMS, Claim, Verdict, as_verdict, check, check_all, get_claim
from dualdilemma.claims.check import ClaimResult
from dualdilemma.claims.collective_action import collective_action
from dualdilemma.claims.dual_dilemma import lone_switch_fails
from dualdilemma.claims.multilateral_remedy import cartel_remedy
from dualdilemma.claims.proofs import Proof, ProofStep, _identity, _sign, all_proofs
from dualdilemma.claims.report import claims_report_dict, render_claims_report
from dualdilemma.claims.shocks import PUNCTUATION_THRESHOLD, rare_enough, target_runs
from dualdilemma.cli import main
from dualdilemma.errors import InvalidParameterError
from dualdilemma.models.export_market import ExportMarket, Supplier
from dualdilemma.strategies import CartelScenario, SwitchScenario, normal_form_games

#: Small enough for the default suite, large enough that every claim comes out as expected.
EXAMPLES = 10
#: A modest shrink budget: the counterexamples need not be the very smallest here.
SHRINKS = 30


@pytest.fixture(scope="module")
def results() -> dict[str, ClaimResult]:
    return {r.name: r for r in check_all(max_examples=EXAMPLES, seed=0, shrink_budget=SHRINKS)}


@pytest.mark.parametrize("name", [pytest.param(c.name, id=c.name) for c in CLAIMS])
def test_every_claim_comes_out_as_expected(results, name: str) -> None:
    result = results[name]
    assert result.status == get_claim(name).expected, result
    if result.holds:
        assert result.counterexample is None and result.example is not None
        assert result.examples >= EXAMPLES // 2  # the region was actually explored
    else:
        assert result.counterexample is not None and result.example is None
        assert result.reason


def test_every_conditioned_claim_has_a_failing_naive_version() -> None:
    conditioned = {c.name for c in CLAIMS if not c.naive}
    naive_of = {c.naive_of for c in CLAIMS if c.naive}
    assert naive_of <= conditioned
    assert conditioned - naive_of == set(), "every conditioned claim bounds a naive one"
    assert all(c.expected == "counterexample" for c in CLAIMS if c.naive)
    assert all(c.expected == "holds" for c in CLAIMS if not c.naive)


# -- the naive claims fail for the stated reasons -------------------------------------------------
def test_c3_gap_counterexample_is_a_gap_the_others_cannot_fill(results) -> None:
    evidence = results["C3-naive-gap"].evidence
    assert Fraction(evidence["others_capacity"]) < 1
    assert Fraction(evidence["risk_change"]) < 0


def test_c3_weakest_counterexample_has_the_weakest_switcher(results) -> None:
    evidence = results["C3-naive-weakest"].evidence
    assert Fraction(evidence["others_capacity"]) >= 1
    assert Fraction(evidence["switcher_safeguard"]) < Fraction(evidence["others_mean_safeguard"])
    assert Fraction(evidence["risk_change"]) < 0


def test_c5_first_group_counterexample_needs_a_larger_group(results) -> None:
    evidence = results["C5-first-group-naive"].evidence
    assert len(evidence["first_group"]) > evidence["smallest_effective_size"]


def test_c5_counterexample_is_a_leader_preferring_a_larger_group(results) -> None:
    evidence = results["C5-naive"].evidence
    payoffs = {k: Fraction(v) for k, v in evidence["leader_payoffs"].items()}
    first, preferred = " ".join(evidence["first_group"]), " ".join(evidence["preferred"])
    assert len(evidence["preferred"]) > len(evidence["first_group"])
    assert payoffs[preferred] > payoffs[first]
    leakages = {k: Fraction(v) for k, v in evidence["leakages"].items()}
    assert leakages[preferred] < leakages[first]  # C5 (a): only the risk matters to the leader


def test_c6_counterexample_has_a_kurtosis_no_higher_than_the_null_models(results) -> None:
    evidence = results["C6-naive"].evidence
    assert evidence["theory"]["kurtosis"] <= evidence["null_model"]["kurtosis"]
    # while the shock-led share still tells the models apart (C6)
    assert evidence["theory"]["shock_led_share"] >= evidence["null_model"]["shock_led_share"]


def test_c5_enlargement_counterexample_breaks_down(results) -> None:
    assert results["C5-enlargement-naive"].evidence["breakdown_year"] is not None


def test_c6_attention_counterexample_starts_with_attention(results) -> None:
    result = results["C6-naive-attention"]
    assert result.counterexample["dynamics"]["initial_attention"] > 0
    assert result.evidence["revised_before_any_shock"] > 0


def test_c6_horizon_counterexample_changes_too_often(results) -> None:
    evidence = results["C6-naive-horizon"].evidence
    assert evidence["kurtosis"] <= 3
    assert not rare_enough(evidence["target_runs"], evidence["yearly_changes"])


# -- predicates on hand-made examples (known answers) ---------------------------------------------
def _market(*suppliers: tuple, value: object = 1) -> ExportMarket:
    return ExportMarket(
        value, 0, 1, [Supplier(f"S{i + 1}", *fields) for i, fields in enumerate(suppliers)]
    )


@pytest.mark.parametrize(
    ("market", "holds"),
    [
        pytest.param(_market(*[("1/2", "3/4", 0)] * 4), True, id="dense-dilemma"),
        pytest.param(_market(*[("1/2", 0, 0)] * 4), False, id="no-harm-no-dilemma"),
        pytest.param(_market(*[("1/2", 5, 0)] * 4), False, id="high-harm-control-pays"),
    ],
)
def test_collective_action_known_answers(market: ExportMarket, holds: bool) -> None:
    assert collective_action(market).holds is holds


@pytest.mark.parametrize(
    ("suppliers", "baseline", "switcher", "holds", "risk_change"),
    [
        pytest.param(
            [(1, 1, "9/10"), (1, 1, "1/10")], (0, 0), 0, True, Fraction(2, 5), id="leader"
        ),
        pytest.param([(1, 1, "1/2"), (1, 1, "1/2")], (0, 0), 0, True, 0, id="equal-safeguards"),
        pytest.param(
            [(1, 1, "1/10"), (1, 1, "9/10")], (0, 0), 0, False, Fraction(-2, 5), id="weakest"
        ),
        pytest.param(
            [(1, 1, "1/2"), (1, 1, "1/2")], (0, 1), 0, False, Fraction(-1, 2), id="no-one-fills"
        ),
    ],
)
def test_lone_switch_known_answers(suppliers, baseline, switcher, holds, risk_change) -> None:
    scenario = SwitchScenario(_market(*suppliers, value=4), baseline, switcher)
    verdict = lone_switch_fails(scenario)
    assert verdict.holds is holds
    assert Fraction(verdict.evidence["risk_change"]) == risk_change


def test_cartel_remedy_reports_friedman_threshold() -> None:
    market = _market(*[("1/2", "3/4", 0)] * 4)
    above = CartelScenario(market, ("S1", "S2", "S3"), Fraction(1, 2), Fraction(1, 2))
    verdict = cartel_remedy(above)
    assert verdict.holds and verdict.evidence["critical_discount"] == "1/2"
    assert verdict.evidence["self_enforcing"] is True
    lower = CartelScenario(market, ("S1", "S2", "S3"), Fraction(1, 2), Fraction(1, 4))
    assert cartel_remedy(lower).evidence["self_enforcing"] is False
    with pytest.raises(InvalidParameterError, match="discount"):
        cartel_remedy(CartelScenario(market, ("S1",), Fraction(1, 2), Fraction(1)))


def test_target_runs_and_threshold() -> None:
    assert target_runs([]) == 0
    assert target_runs([-1, -1]) == 0
    assert target_runs([0, 0, 1, 1, 0]) == 3
    assert rare_enough(1, 5) and not rare_enough(1, 4)  # 1/5 < 0.2113 < 1/4
    assert not rare_enough(0, 0)
    assert 0.2113 < PUNCTUATION_THRESHOLD < 0.2114


# -- the checker ------------------------------------------------------------------------------
def _pure_claim(expected: str = "counterexample") -> Claim:
    from dualdilemma.solvers.pure_nash import pure_equilibria

    def has_pure(game):
        found = pure_equilibria(game).equilibria
        return Verdict(bool(found), {"pure": len(found)}, "no pure equilibrium")

    return Claim(
        "2x2-pure",
        "pure equilibria",
        "every 2x2 game has a pure equilibrium",
        normal_form_games(num_players=2, num_actions=2, bound=3),
        has_pure,
        expected=expected,
        parameters=lambda g: [[str(x) for x in row] for row in g.payoffs.reshape(2, 4).tolist()],
    )


def test_user_claim_finds_a_game_without_pure_equilibrium() -> None:
    result = check(_pure_claim(), max_examples=300, seed=1)
    assert result.status == "counterexample" and result.as_expected
    a = [[Fraction(x) for x in result.counterexample[0][i : i + 2]] for i in (0, 2)]
    b = [[Fraction(x) for x in result.counterexample[1][i : i + 2]] for i in (0, 2)]
    from dualdilemma import NormalFormGame
    from dualdilemma.solvers.pure_nash import pure_equilibria

    assert not pure_equilibria(NormalFormGame.from_arrays(a, b)).equilibria


def test_check_is_deterministic_for_a_seed() -> None:
    first = check(get_claim("C3-naive-weakest"), max_examples=8, seed=4)
    second = check(get_claim("C3-naive-weakest"), max_examples=8, seed=4)
    assert json.dumps(first.to_dict()) == json.dumps(second.to_dict())


def test_shrink_budget_zero_returns_the_first_counterexample() -> None:
    result = check(get_claim("C3-naive-weakest"), max_examples=10, seed=0, shrink_budget=0)
    assert result.status == "counterexample" and result.shrinks == 0


def test_check_accepts_a_claim_name() -> None:
    assert check("C1", max_examples=2).name == "C1"


def test_a_true_user_claim_holds_and_reports_its_simplest_example() -> None:
    claim = Claim(
        "sum", "sums", "integers add up", st.integers(0, 5), lambda x: x + 1 > x, parameters=int
    )
    result = check(claim, max_examples=10, seed=0)
    assert result.holds and result.example == 0 and result.examples <= 10


def test_vacuous_examples_are_rejected_not_counted() -> None:
    claim = Claim(
        "vacuous",
        "implication",
        "x odd implies x + 1 even",
        st.integers(0, 20),
        lambda x: Verdict((x + 1) % 2 == 0, vacuous=x % 2 == 0),
        parameters=int,
    )
    result = check(claim, max_examples=20, seed=0)
    assert result.holds and result.vacuous > 0
    assert result.example % 2 == 1  # the example shown met the premise
    assert result.support and "rejected" in result.notes[0]


def test_a_vacuous_false_example_is_not_a_counterexample() -> None:
    """An example outside the premise cannot refute the claim, even with holds=False."""
    claim = Claim(
        "premise",
        "premise",
        "x >= 10 implies x >= 5",
        st.integers(0, 20),
        lambda x: Verdict(x >= 5, vacuous=x < 10),
        parameters=int,
    )
    assert check(claim, max_examples=20, seed=0).holds


def test_a_claim_without_any_example_meeting_its_premise_is_vacuous() -> None:
    claim = Claim(
        "never",
        "never",
        "s",
        st.integers(0, 5),
        lambda x: Verdict(True, vacuous=True),
        parameters=int,
    )
    result = check(claim, max_examples=5, seed=0)
    assert result.status == "vacuous" and result.examples == 0 and result.vacuous > 0
    assert not result.holds and not result.as_expected and not result.support
    assert claims_report_dict([result])["summary"]["support"] == 0


# -- kinds: theorems that could fail, definitions that cannot -----------------------------------
KINDS = {
    "C1": "theorem",
    "C2": "theorem",
    "C3": "theorem",
    "C4": "theorem",
    "C5": "theorem",
    "C5-first-group": "definition",
    "C5-enlargement": "definition",
    "C6": "theorem",
    "C6-lag": "definition",
}


def test_every_claim_states_its_kind() -> None:
    for claim in CLAIMS:
        if claim.naive:
            assert claim.kind == "theorem", claim  # a naive reading is a falsifiable statement
        else:
            assert claim.kind == KINDS[claim.name], claim


def test_definitions_are_never_support(results) -> None:
    data = claims_report_dict(list(results.values()))
    summary = data["summary"]
    assert summary["definitions"] == sum(k == "definition" for k in KINDS.values())
    assert summary["theorems"] == len(CLAIMS) - summary["definitions"]
    supporting = {c["name"] for c in data["claims"] if c["support"]}
    assert supporting == {n for n, k in KINDS.items() if k == "theorem"}
    assert summary["support"] == len(supporting)
    for entry in data["claims"]:
        assert entry["kind"] == get_claim(entry["name"]).kind


def _mutant(claim: Claim, **changes) -> Claim:
    """``claim`` with a wider region or a deliberately broken predicate."""
    from dataclasses import replace

    return replace(claim, name=claim.name + "-mutant", expected="counterexample", **changes)


def _null_not_below_theory(scenario):
    """C6 with the models swapped: the null model's changes follow shocks at least as often."""
    from dualdilemma.claims.shocks import theory_against_null

    verdict = theory_against_null(scenario)
    if verdict.vacuous:
        return verdict
    theory = verdict.evidence["theory"]["shock_led_share"]
    null = verdict.evidence["null_model"]["shock_led_share"]
    return Verdict(null >= theory, verdict.evidence, f"null {null} < theory {theory}")


def _leader_gains_nothing(scenario):
    """C5 (b) with the tolerance's allowance dropped: the leader never gains from a larger
    self-enforcing group (the naive reading, as a mutated predicate on C5's region)."""
    from dualdilemma.claims.smallest_group import leader_preference

    verdict = leader_preference(scenario)
    if verdict.vacuous:
        return verdict
    return Verdict(Fraction(verdict.evidence["largest_gain"]) <= 0, verdict.evidence, "gains")


def _mutants() -> dict[str, Claim]:
    from dualdilemma.claims.multilateral_remedy import naive_cartel_remedy
    from dualdilemma.strategies import cartel_scenarios

    return {
        "C1": get_claim("C1-naive"),  # wider region: rivals cover, no condition on harm
        "C2": get_claim("C2-naive"),
        "C3": get_claim("C3-naive-weakest"),
        # C4 without the member-gain condition, in C4's own region
        "C4": _mutant(
            get_claim("C4"),
            strategy=cartel_scenarios(collective_action=True, below_stage=True),
            predicate=naive_cartel_remedy,
        ),
        "C5": _mutant(get_claim("C5"), predicate=_leader_gains_nothing),
        "C6": _mutant(get_claim("C6"), predicate=_null_not_below_theory),
    }


@pytest.mark.parametrize("name", [n for n, k in KINDS.items() if k == "theorem"])
def test_every_theorem_could_fail(name: str) -> None:
    """A wider region or a broken predicate gives a counterexample: the check can fail."""
    result = check(_mutants()[name], max_examples=EXAMPLES, seed=0, shrink_budget=0)
    assert result.status == "counterexample", result


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"max_examples": 0}, "max_examples", id="no-examples"),
        pytest.param({"seed": -1}, "seed", id="negative-seed"),
        pytest.param({"shrink_budget": -1}, "shrink_budget", id="negative-budget"),
        pytest.param({"max_examples": 2.5}, "max_examples", id="float-examples"),
    ],
)
def test_check_rejects_bad_settings(kwargs, message) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        check(get_claim("C1"), **kwargs)


def test_check_rejects_unknown_names_and_non_claims() -> None:
    with pytest.raises(InvalidParameterError, match="unknown claim 'C9'"):
        check("C9")
    with pytest.raises(InvalidParameterError, match="needs a Claim"):
        check(42)  # type: ignore[arg-type]


def test_claim_validation() -> None:
    good = {"name": "x", "title": "t", "statement": "s", "strategy": st.just(1)}
    with pytest.raises(InvalidParameterError, match="non-empty name"):
        Claim(**{**good, "name": " "}, predicate=bool)
    with pytest.raises(InvalidParameterError, match="expected"):
        Claim(**good, predicate=bool, expected="maybe")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="SearchStrategy"):
        Claim(**{**good, "strategy": [1, 2]}, predicate=bool)
    with pytest.raises(InvalidParameterError, match="callable"):
        Claim(**good, predicate=3)  # type: ignore[arg-type]


def test_as_verdict_forms() -> None:
    assert as_verdict(True).holds and not as_verdict(False).holds
    assert as_verdict((False, {"a": 1})).evidence == {"a": 1}
    with pytest.raises(InvalidParameterError, match="Verdict, a bool"):
        as_verdict("yes")
    claim = Claim("bad", "t", "s", st.just(1), lambda x: None)
    with pytest.raises(InvalidParameterError):
        check(claim, max_examples=1)


# -- proofs -----------------------------------------------------------------------------------
def test_every_proof_is_verified_by_sympy() -> None:
    proofs = all_proofs()
    assert [p.claim for p in proofs] == ["C1", "C2", "C3", "C4", "C6-lag"]
    for proof in proofs:
        assert proof.verified, [s for s in proof.steps if not s.verified]


def test_proof_steps_can_fail() -> None:
    import sympy

    x = sympy.Symbol("x", real=True)
    assert not _identity("wrong", x + 1, x).verified
    assert not _sign("undecidable sign", x, ">= 0").verified
    assert _sign("square", x**2, ">= 0").verified
    assert not Proof("C0", "nothing", ()).verified
    assert not Proof("C0", "one bad step", (ProofStep("d", "e", False),)).verified


# -- report and command line -----------------------------------------------------------------
def test_report_json_has_the_documented_keys(results) -> None:
    data = claims_report_dict(list(results.values()))
    assert data["summary"]["as_expected"] == len(CLAIMS)
    for entry in data["claims"]:
        assert {"name", "statement", "status", "examples", "counterexample"} <= set(entry)
        assert entry["status"] in ("holds", "counterexample")
        assert (entry["counterexample"] is None) == (entry["status"] == "holds")
    json.dumps(data, allow_nan=False)


def test_text_report_lists_every_claim_and_counterexample(results) -> None:
    text = render_claims_report(list(results.values()))
    for name in results:
        assert name in text
    assert "counterexamples (minimal, after shrinking)" in text
    assert all(len(line) <= 100 for line in text.splitlines())


def test_cli_json_is_byte_identical_for_a_seed(capsys) -> None:
    argv = [
        "claims",
        "C1",
        "C3-naive-gap",
        "--max-examples",
        "4",
        "--seed",
        "7",
        "--format",
        "json",
    ]
    assert main(argv) == 0
    first = capsys.readouterr().out
    assert main(argv) == 0
    assert capsys.readouterr().out == first
    data = json.loads(first)
    assert [c["name"] for c in data["claims"]] == ["C1", "C3-naive-gap"]
    assert data["seed"] == 7 and data["max_examples"] == 4
    assert [c["kind"] for c in data["claims"]] == ["theorem", "theorem"]
    assert [c["support"] for c in data["claims"]] == [True, False]  # a refuted naive reading
    summary = data["summary"]
    assert (summary["theorems"], summary["definitions"], summary["support"]) == (2, 0, 1)


def test_cli_text_counts_definitions_apart(capsys) -> None:
    assert main(["claims", "C5-enlargement", "--max-examples", "3"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "0 theorems" in out and "1 definitions" in out and "never counted as support" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["claims", "C9"], "unknown claim 'C9'", id="unknown-claim"),
        pytest.param(["claims", "--max-examples", "0"], "--max-examples", id="zero-examples"),
        pytest.param(["claims", "--seed", "x"], "--seed", id="bad-seed"),
        pytest.param(["claims", "--format", "xml"], "--format", id="bad-format"),
    ],
)
def test_cli_user_errors_exit_2_with_one_line(capsys, argv, message) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


# -- C5: the leader's preference, known answers ---------------------------------------------------
def test_leader_preference_in_a_scarce_market() -> None:
    """Three suppliers of a third each, no safeguards: the leader's first group of two leaves a
    third of the market unsafeguarded; the leader gains 2/9 = h (p1 - p0) * 1/3 from the third
    member, within the bound h (p1 - p0) tau = 2/3."""
    from dualdilemma.claims.smallest_group import leader_preference, leader_prefers_smallest
    from dualdilemma.strategies import LeaderScenario

    market = _market(*[("1/3", "2/3", 0)] * 3)
    scenario = LeaderScenario(market, "S1", Fraction(1), Fraction(9, 10))
    naive = leader_prefers_smallest(scenario)
    assert not naive.holds and naive.evidence["preferred"] == ["S1", "S2", "S3"]
    verdict = leader_preference(scenario)
    assert verdict.holds and not verdict.vacuous
    assert Fraction(verdict.evidence["largest_gain"]) == Fraction(2, 9)
    assert verdict.evidence["margin_cases"] == {"gap filled": 0, "scarce": 1}
    assert verdict.evidence["prefers_first_group"] is False
    # a leader that cannot sustain two groups has no choice: vacuous, never support
    lonely = LeaderScenario(market, "S1", Fraction(1), Fraction(0))
    assert leader_preference(lonely).vacuous


def test_leader_prefers_its_first_group_when_the_others_fill_the_gap() -> None:
    """C5 holds where C3 does: two weak screeners L and W (safeguard 0) form the first group;
    adding Y (safeguard 1/2, as good as the exporters X1, X2 it leaves) keeps the leakage at 1/2,
    since X1 and X2 still cover the buyer.  Worked by hand: stage leakage 7/10; in {L, W}
    delta*_L = (1/80) / (77/400) = 5/77 and delta*_W = 5/13; in {L, W, Y} delta*_Y = 10/13 <=
    9/10.  So both groups hold, and the leader, paying -h_L / 2 = -19/20 in each, prefers the
    smaller."""
    from dualdilemma.cartels.analysis import analyse_cartel
    from dualdilemma.claims.smallest_group import leader_preference, leader_prefers_smallest
    from dualdilemma.strategies import LeaderScenario

    market = ExportMarket(
        1,
        0,
        1,
        [
            Supplier("L", 1, "19/10", 0),
            Supplier("W", 1, "3/2", 0),
            Supplier("X1", 1, 0, "1/2"),
            Supplier("X2", 1, 0, "1/2"),
            Supplier("Y", 1, "3/2", "1/2"),
        ],
    )
    scenario = LeaderScenario(market, "L", Fraction(1, 2), Fraction(9, 10))
    verdict = leader_preference(scenario)
    assert verdict.holds and not verdict.vacuous
    assert verdict.evidence["held_groups"] == [["L", "W"], ["L", "W", "Y"]]
    assert verdict.evidence["leader_payoffs"] == {"L W": "-19/20", "L W Y": "-19/20"}
    assert verdict.evidence["margin_cases"] == {"gap filled": 1, "scarce": 0}
    assert verdict.evidence["prefers_first_group"] is True
    assert leader_prefers_smallest(scenario).holds  # the theory's sentence, here true
    options = {"tolerance": "1/2", "discount": "9/10", "stability": False}
    first = analyse_cartel(market, ("L", "W"), **options).critical_discounts
    larger = analyse_cartel(market, ("L", "W", "Y"), **options).critical_discounts
    assert [cd.value for _, cd in first] == [Fraction(5, 77), Fraction(5, 13)]
    assert dict(larger)["Y"].value == Fraction(10, 13)


def test_the_default_claims_run_checks_the_whole_catalogue(monkeypatch) -> None:
    import importlib

    from dualdilemma.claims.registry import ALL_CLAIMS

    check_module = importlib.import_module("dualdilemma.claims.check")

    seen: list[str] = []

    def fake_check_all(claims, **_):
        seen.extend(c.name for c in claims)
        return []

    monkeypatch.setattr(check_module, "check_all", fake_check_all)
    from dualdilemma.cli import main

    main(["claims", "--format", "json"])
    assert seen == [c.name for c in ALL_CLAIMS]
    assert any(name.startswith("C7-") for name in seen)
