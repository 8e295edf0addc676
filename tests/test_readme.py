"""The README's examples run, and it opens with the two set-up commands CI uses."""

from __future__ import annotations

import doctest
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_examples_run() -> None:
    result = doctest.testfile(
        str(README), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.attempted > 0
    assert result.failed == 0


def test_readme_opens_with_the_two_setup_commands() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    first_block = lines.index("```sh")
    commands = lines[first_block + 1 : first_block + 3]
    assert lines[first_block + 3] == "```"
    assert commands[0].endswith("dualdilemma report")
    assert "pytest" in commands[1] and ".[test]" in commands[1]
    # nothing but the title comes before the set-up block
    assert [line for line in lines[:first_block] if line.strip()] == ["# dualdilemma"]
