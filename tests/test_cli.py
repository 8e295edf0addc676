"""The command line, run as a subprocess: golden JSON, every format, every error path.

Regenerate the golden report after an intended change with
``DUALDILEMMA_REGENERATE_GOLDEN=1 python -m pytest tests/test_cli.py -k golden`` and review
the diff.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden" / "report-mtcr-1987.json"

SMALL = """
[scenario]
title = "Three suppliers"
[market]
value = 4
risk_without_supply = 0
risk_with_supply = 1
tolerance = "1/10"
discount = 0.9
detection = 0.5
[[supplier]]
name = "Leader"
capacity = 1
harm = 1
safeguard = 0.9
[[supplier]]
name = "Other"
capacity = 1
harm = 1
safeguard = 0.1
[[supplier]]
name = "R&D_Co 100%"
capacity = 0.5
harm = 3
safeguard = 0.5
[regime]
members = ["Leader"]
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DUALDILEMMA_DEBUG"}
    env["COLUMNS"] = "200"  # the report must not depend on the terminal
    return subprocess.run(
        [sys.executable, "-m", "dualdilemma.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scenario") / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def mtcr_json() -> subprocess.CompletedProcess[str]:
    return run("report", "mtcr-1987", "--format", "json")


# -- the main job ---------------------------------------------------------------------------------
def test_default_report_is_the_main_job() -> None:
    completed = run("report")
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    out = completed.stdout
    assert "London Club" in out and "dual dilemma" in out and "Minimal effective cartels" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def _same(actual: Any, expected: Any, where: str = "$") -> None:
    if isinstance(expected, float) or isinstance(actual, float):
        assert isinstance(actual, int | float) and isinstance(expected, int | float), where
        assert math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-12), where
    elif isinstance(expected, dict):
        assert isinstance(actual, dict) and list(actual) == list(expected), where
        for key in expected:
            _same(actual[key], expected[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), where
        for index, (a, e) in enumerate(zip(actual, expected, strict=True)):
            _same(a, e, f"{where}[{index}]")
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


def test_golden_json(mtcr_json: subprocess.CompletedProcess[str]) -> None:
    assert mtcr_json.returncode == 0, mtcr_json.stderr
    if os.environ.get("DUALDILEMMA_REGENERATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(mtcr_json.stdout, encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    actual = json.loads(mtcr_json.stdout)  # stdout holds only JSON
    _same(actual, expected)
    # the contract of the README
    assert actual["suppliers"][:2] == ["Canada", "France"]
    assert all(a in ("export", "control") for p in actual["pure_equilibria"] for a in p)
    row = actual["unilateral"][0]
    assert {"supplier", "baseline", "delta_risk", "delta_payoff", "delta_share", "verdict"} <= set(
        row
    )
    for cartel in actual["cartels"]["minimal"]:
        assert all(isinstance(name, str) for name in cartel["cartel"])
        for member in cartel["members"]:
            assert "critical_discount" in member


def test_json_is_byte_identical(mtcr_json: subprocess.CompletedProcess[str]) -> None:
    again = run("report", "mtcr-1987", "--format", "json")
    assert again.returncode == 0
    assert again.stdout == mtcr_json.stdout


@pytest.mark.parametrize(
    ("fmt", "to_file"),
    [("text", True), ("markdown", False), ("latex", True), ("json", False)],
)
def test_every_format_renders(fmt: str, to_file: bool, small: Path, tmp_path: Path) -> None:
    target = tmp_path / f"report.{fmt}"
    extra = ["--output", str(target)] if to_file else []
    completed = run("report", str(small), "--format", fmt, *extra)
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    if to_file:
        assert completed.stdout == ""
        out = target.read_text(encoding="utf-8")
        # the file holds exactly what the library renders
        from dualdilemma.reporting.blocks import render_report
        from dualdilemma.reporting.scenario_report import scenario_report
        from dualdilemma.scenarios import load_scenario

        assert out == render_report(scenario_report(load_scenario(str(small))), fmt)
    else:
        out = completed.stdout
    marks = {
        "text": "The dual dilemma of unilateral control",
        "markdown": "## The dual dilemma of unilateral control",
        "latex": "\\subsection*{The dual dilemma of unilateral control}",
    }
    if fmt == "json":
        data = json.loads(out)
        assert data["suppliers"] == ["Leader", "Other", "R&D_Co 100%"]
        assert data["mixed_equilibria"]["computed"] is True
    else:
        assert marks[fmt] in out
    if fmt == "text":
        assert max(len(line) for line in out.splitlines()) <= 100
    if fmt == "latex":
        assert "R\\&D\\_Co 100\\%" in out and out.rstrip().endswith("\\end{document}")


# -- the other subcommands -------------------------------------------------------------------------
def test_scenarios_lists_the_builtins(capsys: pytest.CaptureFixture[str]) -> None:
    text = run("scenarios")
    assert text.returncode == 0
    assert "nsg-1975 *" in text.stdout and "mtcr-1987" in text.stdout
    from dualdilemma.cli import main

    assert main(["scenarios", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    names = [row["name"] for row in data["scenarios"]]
    assert {"nsg-1975", "nsg-1991", "australia-group-1985", "mtcr-1987"} <= set(names)
    assert [row["name"] for row in data["scenarios"] if row["default"]] == ["nsg-1975"]


def test_cartel_with_overrides(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    completed = run(
        "cartel",
        str(small),
        "--discount",
        "0.5",
        "--detection",
        "1/4",
        "--format",
        "json",
        "--members",
        "Leader, Other",
    )
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    assert data["command"] == "cartel" and "unilateral" not in data
    cartels = data["cartels"]
    assert (cartels["discount"], cartels["detection"]) == ("1/2", "1/4")
    assert cartels["requested"]["cartel"] == ["Leader", "Other"]
    assert cartels["requested"]["discount"] == "1/2"
    from dualdilemma.cli import main

    assert main(["cartel", str(small), "--members", "Leader"]) == 0
    assert "The requested cartel" in capsys.readouterr().out


def test_conditions(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    completed = run("conditions", str(small), "--keep", "V,h_1", "--format", "json")
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    assert [p["name"] for p in data["kept_parameters"]] == ["V", "h_1"]
    here = [c for c in data["profile_conditions"] if c["equilibrium_here"]]
    assert here and all("V" in c["expression"] or c["expression"] == "True" for c in here)
    from dualdilemma.cli import main

    assert main(["conditions", str(small), "--format", "latex"]) == 0
    assert "\\begin{gather*}" in capsys.readouterr().out


def test_sweep_writes_csv_and_plot(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv, png = tmp_path / "grid.csv", tmp_path / "map.png"
    completed = run(
        "sweep",
        str(small),
        "--grid",
        "V=0.5:8:16",
        "--grid",
        "h_1=0,1,2,4,8",
        "--output",
        str(csv),
        "--plot",
        str(png),
        "--format",
        "json",
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""  # no progress bar when stderr is not a terminal
    data = json.loads(completed.stdout)
    assert data["points"] == 80 and sum(r["count"] for r in data["regions"]) == 80
    lines = csv.read_text().splitlines()
    assert lines[0].startswith("V,h_1,code,region,all export") and len(lines) == 81
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from dualdilemma.cli import main

    assert main(["sweep", str(small), "--grid", "V=1:4:4"]) == 0
    assert "Regions" in capsys.readouterr().out


# -- user errors: exit 2, one line, no traceback ---------------------------------------------------
def _scenario_file(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return str(path)


BAD_FILES = {
    "typo.toml": SMALL.replace("capacity = 0.5", "capacty = 0.5"),
    "syntax.toml": SMALL.replace("[market]", "[market"),
    "range.toml": SMALL.replace("safeguard = 0.5", "safeguard = 1.5"),
    "unknown-table.toml": SMALL + "[dynamic]\n",
}

ERRORS = [
    pytest.param(["report", "missing.toml"], "not found", id="missing-file"),
    pytest.param(["report", "{typo.toml}"], "unknown key 'capacty'", id="unknown-key"),
    pytest.param(["report", "{syntax.toml}"], "invalid TOML", id="malformed-toml"),
    pytest.param(["report", "{range.toml}"], "safeguard of supplier", id="out-of-range"),
    pytest.param(["report", "{binary.toml}"], "not UTF-8", id="binary-file"),
    pytest.param(["report", "nsg-1957"], "unknown scenario 'nsg-1957'", id="unknown-scenario"),
    pytest.param(["report", "--format", "pdf"], "invalid choice: 'pdf'", id="unknown-format"),
]

#: More user errors, checked in-process through ``main`` (the same code path, no interpreter
#: start-up per case).
MORE_ERRORS = [
    pytest.param(["report", "{dir}"], "is not a file", id="directory"),
    pytest.param(["report", "--discount", "1.5"], "--discount must be in", id="discount"),
    pytest.param(
        ["report", "--output", "/nonexistent-dir/x.txt"], "does not exist", id="output-dir"
    ),
    pytest.param(["cartel", "--members", "Frnace"], "did you mean 'France'", id="member"),
    pytest.param(["conditions", "--keep", "X_1"], "unknown parameter 'X_1'", id="keep"),
    pytest.param(["sweep", "--grid", "s_1=0:2:3"], "outside its domain", id="grid-domain"),
    pytest.param(["frobnicate"], "invalid choice: 'frobnicate'", id="unknown-command"),
    pytest.param(["report", "{unknown-table.toml}"], "did you mean 'dynamics'", id="table"),
    pytest.param(["report", "--colour"], "unrecognized arguments", id="unknown-option"),
    pytest.param(["report", "--detection", "0"], "--detection must be in", id="detection"),
    pytest.param(["report", "--tolerance", "lots"], "--tolerance must be a number", id="tau"),
    pytest.param(["report", "--cartels", "0"], "positive integer", id="cartels"),
    pytest.param(["cartel", "--members", ","], "at least one supplier", id="no-members"),
    pytest.param(["sweep", "--grid", "V=1:2"], "expected NAME=START:STOP:NUM", id="grid"),
    pytest.param(["sweep", "--grid", "Q=1:2:3"], "unknown parameter 'Q'", id="grid-name"),
    pytest.param(["sweep", "--grid", "V=1,x"], "expected NAME=START:STOP:NUM", id="grid-value"),
    pytest.param(["sweep", "--grid", "V=1,2", "--grid", "V=3"], "given twice", id="grid-twice"),
    pytest.param(["sweep", "--grid", "p0=0:1:3"], "p0 > p1", id="grid-p0"),
    pytest.param(["sweep", "--grid", "V=1,2", "--plot", "x.png"], "exactly two", id="plot"),
    pytest.param(["sweep", "--output", "{dir}"], "is a directory", id="csv-directory"),
    pytest.param(["scenarios", "--format", "latex"], "invalid choice", id="scenarios-format"),
]


def _files(tmp_path: Path) -> dict[str, str]:
    for name, text in BAD_FILES.items():
        _scenario_file(tmp_path, name, text)
    _scenario_file(tmp_path, "binary.toml", b"\xff\xfe\x00garbage")
    (tmp_path / "folder.toml").mkdir()
    files = {f"{{{name}}}": str(tmp_path / name) for name in [*BAD_FILES, "binary.toml"]}
    files["{dir}"] = str(tmp_path / "folder.toml")
    return files


@pytest.mark.parametrize(("args", "message"), MORE_ERRORS)
def test_more_user_errors_in_process(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dualdilemma.cli import main

    files = _files(tmp_path)
    status = main([files.get(a, a) for a in args])
    captured = capsys.readouterr()
    assert status == 2 and captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("dualdilemma: error: ")
    assert message in lines[0]


@pytest.mark.parametrize(("args", "message"), ERRORS)
def test_user_errors_exit_2_with_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    files = _files(tmp_path)
    completed = run(*[files.get(a, a) for a in args], cwd=tmp_path)
    assert completed.returncode == 2, (completed.returncode, completed.stderr)
    assert completed.stdout == ""
    lines = completed.stderr.splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith("dualdilemma: error: ")
    assert message in lines[0]
    assert "Traceback" not in completed.stderr
