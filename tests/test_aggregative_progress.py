"""Progress for long searches: on stderr, only when asked or on a terminal, never on stdout."""

from __future__ import annotations

import pytest

from dualdilemma.errors import InvalidParameterError
from dualdilemma.progress import spinner
from dualdilemma.solvers.aggregative_pure import aggregative_pure_equilibria
from tests.test_aggregative_pure import coordination_market


def test_spinner_writes_to_stderr_only(capsys) -> None:
    with spinner("searching", show=True, delay=0.0) as tick:
        for _ in range(3):
            tick()
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "searching" in captured.err


def test_spinner_is_silent_off_a_terminal(capsys) -> None:
    # under pytest stderr is captured, not a terminal: the default shows nothing
    with spinner("searching", delay=0.0) as tick:
        tick()
    assert capsys.readouterr() == ("", "")


def test_spinner_waits_before_appearing(capsys) -> None:
    with spinner("quick", show=True, delay=3600.0) as tick:
        tick()
    assert capsys.readouterr().err == ""


def test_solver_ticks_during_its_search() -> None:
    ticks = []
    aggregative_pure_equilibria(coordination_market(1, 12), tick=lambda: ticks.append(1))
    result = aggregative_pure_equilibria(coordination_market(1, 12))
    nodes = int(result.diagnostics[0].split(" nodes")[0].split()[-1])
    assert len(ticks) == nodes // 256


def test_bad_show_value() -> None:
    with pytest.raises(InvalidParameterError, match="progress"):
        with spinner("x", show="yes"):  # type: ignore[arg-type]
            pass
