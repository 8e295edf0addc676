"""``dualdilemma solve`` as a user runs it: JSON contract, text, and every user error."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from dualdilemma import NormalFormGame, write_nfg


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dualdilemma.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_json_contract_for_battle_of_the_sexes() -> None:
    completed = run("solve", "battle-of-sexes", "--format", "json")
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    for key in ("players", "strategies", "method", "exact", "equilibria"):
        assert key in data
    assert data["exact"] is True and data["method"] == "vertex_enumeration"
    profiles = {
        tuple(tuple(Fraction(p) for p in sigma) for sigma in eq["profile"])
        for eq in data["equilibria"]
    }
    third = Fraction(1, 3)
    assert profiles == {
        ((1, 0), (1, 0)),
        ((0, 1), (0, 1)),
        ((2 * third, third), (third, 2 * third)),
    }
    assert all(eq["max_regret"] == 0 for eq in data["equilibria"])
    assert "2/3" in completed.stdout  # exact numbers are "p/q" strings


def test_degenerate_game_reports_components() -> None:
    data = json.loads(run("solve", "degenerate-3x2", "--format", "json").stdout)
    assert data["degenerate"] is True and data["complete"] is True
    assert len(data["components"]) == 2
    text = run("solve", "degenerate-3x2").stdout
    assert "component 1: any mix of row strategies" in text


def test_identical_input_gives_identical_json() -> None:
    first = run("solve", "export-dilemma-3", "--format", "json").stdout
    assert first == run("solve", "export-dilemma-3", "--format", "json").stdout


def test_a_file_written_by_the_package_solves(tmp_path: Path) -> None:
    game = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], title="pennies")
    path = tmp_path / "pennies.nfg"
    write_nfg(game, path)
    data = json.loads(run("solve", str(path), "--method", "one", "--format", "json").stdout)
    assert data["equilibria"][0]["profile"] == [["1/2", "1/2"], ["1/2", "1/2"]]


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        pytest.param(None, ("solve", "missing.nfg"), "not found", id="missing-file"),
        pytest.param(
            'NFG 1 R "x" { "A" "B" } { 2 2 }\n1 2 3 nan 5 6 7 8\n', (), "finite", id="nan"
        ),
        pytest.param('NFG 1 R "x" { "A" "B" } { 2 2 }\n1 2 3\n', (), "expected", id="short"),
        pytest.param('NFG 1 R "x" { "A" "B" } { 2 0 }\n', (), "", id="zero-strategies"),
        pytest.param("not a game\n", (), "NFG", id="garbage"),
        pytest.param(
            None,
            ("solve", "prisoners-dilemma", "--method", "best"),
            "invalid choice",
            id="unknown-method",
        ),
        pytest.param(None, ("solve", "no-such-game"), "neither", id="unknown-game"),
    ],
)
def test_user_errors_exit_2_with_one_line(tmp_path: Path, content, args, message) -> None:
    if content is not None:
        path = tmp_path / "bad.nfg"
        path.write_text(content)
        args = ("solve", str(path))
    completed = run(*args)
    assert completed.returncode == 2
    assert completed.stdout == ""
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dualdilemma: error:")
    assert message in lines[0]
    assert "Traceback" not in completed.stderr
