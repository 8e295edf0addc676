"""``dualdilemma design``: formats, the conjecture listing, thresholds and errors."""

from __future__ import annotations

import json

import pytest

from dualdilemma.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_json_prediction_and_record(capsys) -> None:
    status, out, err = run(capsys, "design", "NPT", "--format", "json")
    assert status == 0 and err == ""
    data = json.loads(out)
    assert data["format"] == "dualdilemma-design/1"
    rows = {r["feature"]: r for r in data["features"]}
    assert rows["membership"]["chosen"] == "inclusive" and rows["membership"]["match"] is True
    assert isinstance(rows["membership"]["margin"], str)  # exact "p/q"
    assert data["score"]["features"] == 6


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("text", "regime design:"), ("markdown", "| feature |"), ("latex", r"\begin{tabular}")],
)
def test_human_formats(capsys, fmt: str, marker: str) -> None:
    status, out, _ = run(capsys, "design", "cwc", "--format", fmt)
    assert status == 0 and marker in out
    assert "membership" in out and "inclusive" in out


def test_scenario_name_selects_its_regime(capsys) -> None:
    status, out, _ = run(capsys, "design", "nsg-1975")
    assert status == 0 and "Nuclear Suppliers Group" in out


def test_conjectures_listing_names_what_is_not_expressible(capsys) -> None:
    status, out, _ = run(capsys, "design", "--conjectures", "--format", "json")
    assert status == 0
    rows = {r["id"]: r for r in json.loads(out)["conjectures"]}
    assert rows["S1"]["expressible"] is False and "scope" in rows["S1"]["not_expressible"]
    assert [c["name"] for c in rows["M1"]["claims"]] == ["C7-M1", "C7-M1-naive"]
    status, out, _ = run(capsys, "design", "--conjectures")
    assert "not expressible" in out and "C7-C4 [theorem]" in out


def test_thresholds_in_json(capsys) -> None:
    status, out, err = run(capsys, "design", "NPT", "--thresholds", "--format", "json")
    assert status == 0
    found = json.loads(out)["thresholds"]
    assert {t["feature"] for t in found} >= {"membership", "formality"}
    flips = [t for t in found if t["threshold"] is not None]
    assert flips and all(t["method"] in ("symbolic", "numeric") for t in flips)


def test_any_scenario_with_given_inputs(capsys) -> None:
    given = [
        "states=100",
        "universal_critical_discount=0.95",
        "preference_uncertainty=0.3",
        "technology_rate=0.05",
        "ratification_delay=3",
        "legitimacy_cost=0.2",
        "adaptation=0.3",
        "shock_rate=0.02",
        "post_shock_hazard=0.2",
    ]
    argv = ["design", "nsg-1991", "--format", "json"]
    for item in given:
        argv += ["--given", item]
    status, out, _ = run(capsys, *argv)
    assert status == 0
    data = json.loads(out)
    assert data["regime"] is None and data["score"] is None
    assert all(r["actual"] is None for r in data["features"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["design"], "name a SCENARIO"),
        (["design", "nowhere"], "unknown scenario"),
        (["design", "nsg-1991"], "must be given"),
        (["design", "nsg-1991", "--given", "states"], "INPUT=VALUE"),
        (["design", "NSG", "--format", "pdf"], "invalid choice"),
    ],
)
def test_errors_exit_2_with_one_line(capsys, argv: list[str], message: str) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["design", "NSG"],
        ["design", "--conjectures"],
        ["fit", "nsg-1975", "--samples", "16", "--no-sensitivity"],
    ],
    ids=["design", "conjectures", "fit"],
)
def test_text_output_has_no_trailing_spaces(argv, capsys) -> None:
    from dualdilemma.cli import main

    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.strip()
    assert not [line for line in out.splitlines() if line != line.rstrip()]
