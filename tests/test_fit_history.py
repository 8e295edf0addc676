"""The report's `history` section: the theory's founders and accessions beside the record."""

from __future__ import annotations

from dualdilemma.fit.history_section import history_section, history_sentence
from dualdilemma.reporting.blocks import render_report
from dualdilemma.reporting.scenario_report import scenario_report
from dualdilemma.scenarios import load_scenario, parse_scenario

CLUB = """
[market]
value = 10
risk_without_supply = 0
risk_with_supply = 1
tolerance = 0.1
discount = 0.9
[[supplier]]
name = "A"
capacity = 0.5
harm = 20
safeguard = 0.5
[[supplier]]
name = "B"
capacity = 0.5
harm = 20
safeguard = 0.5
[[supplier]]
name = "C"
capacity = 0.1
harm = 1
safeguard = 0
[regime]
name = "test club"
members = ["A", "B"]
"""


def test_matching_founders_are_reported_in_json_and_text() -> None:
    data = scenario_report(parse_scenario(CLUB))
    history = data["history"]
    assert history["founders"] == ["A", "B"]
    assert history["predicted_founders"] == ["A", "B"]
    assert history["match"] is True
    assert history["enlargement"]["historical"] == []
    assert history["summary"] == "The theory predicts the 2 historical founders exactly."
    for fmt in ("text", "markdown", "latex"):
        assert "predicts the 2 historical founders exactly" in render_report(data, fmt)


def test_a_mismatch_is_said_plainly() -> None:
    # with C's capacity above the tolerance, A and B no longer suffice
    scenario = parse_scenario(CLUB.replace("capacity = 0.1", "capacity = 0.3"))
    section = history_section(scenario)
    assert section["match"] is False
    assert section["predicted_founders"] != ["A", "B"]
    assert section["summary"].startswith("The theory predicts")
    assert "where history has 2" in section["summary"]


def test_sentence_with_accessions() -> None:
    section = {
        "founders": ["A", "B"],
        "predicted_founders": ["A", "B"],
        "match": True,
        "enlargement": {
            "historical": [["C", 1980], ["D", 1990]],
            "predicted": [["D", 1980], ["C", 1990]],
            "rank_correlation": -1.0,
            "computed": True,
        },
    }
    assert history_sentence(section) == (
        "The theory predicts the 2 historical founders exactly; of 2 later accessions it "
        "predicts the order with rank correlation -1.00."
    )


def test_builtin_scenario_has_the_history_keys() -> None:
    section = history_section(load_scenario("mtcr-1987"))
    assert set(section) >= {"founders", "predicted_founders", "match", "enlargement"}
    assert set(section["enlargement"]) >= {"historical", "predicted", "rank_correlation"}
    assert section["founders"] == list(load_scenario("mtcr-1987").regime.members)


def test_founders_that_differ_from_the_history_data_are_noted() -> None:
    from dualdilemma.fit.engine import founders_disagreement
    from dualdilemma.scenarios import scenario_text

    text, _, _ = scenario_text("mtcr-1987")
    assert founders_disagreement(parse_scenario(text)) is None
    changed = text.replace(
        'members = ["Canada", "France", "West Germany", "Italy", "Japan", "United Kingdom", '
        '"United States"]',
        'members = ["Canada", "France", "West Germany", "Italy", "Japan", "United Kingdom"]',
    )
    assert changed != text
    note = founders_disagreement(parse_scenario(changed))
    assert note is not None and "United States" in note
    assert note in history_section(parse_scenario(changed))["notes"]


def test_a_founding_group_from_a_search_that_is_not_exhaustive_says_so() -> None:
    from dualdilemma import limits
    from dualdilemma.fit.history_section import history_section
    from dualdilemma.scenarios import load_scenario

    # the exact search stopped by its time limit: the group is not certified, and it says so
    with limits.override(search_seconds=0):
        section = history_section(load_scenario("nsg-1978"))
    assert section["predicted_complete"] is False
    assert "not exhaustive" in section["summary"]
    assert any("not exhaustive" in note for note in section["notes"])
    # without the limit the search (29 suppliers, one free to control) is exhaustive
    certified = history_section(load_scenario("nsg-1978"))
    assert certified["predicted_complete"] is True
    assert "not exhaustive" not in certified["summary"]
    exact = history_section(load_scenario("mtcr-1987"))
    assert exact["predicted_complete"] is True and "not exhaustive" not in exact["summary"]
