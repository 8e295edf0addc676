"""Labels through .nfg files: Gambit's reading of backslashes and quotes, and exact round trips.

Gambit (``src/games/file.cc``) reads a quote after a backslash as a quote, and any other
character ``c`` after a backslash as the backslash and ``c``.  The writer must spell every label
so that this rule gives it back exactly, and refuse the labels no spelling can give back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma import NormalFormGame
from dualdilemma.errors import FormatError
from dualdilemma.io.nfg import parse_nfg, read_nfg, write_nfg

#: Labels no spelling can give back: an odd run of backslashes before a quote, an even
#: (nonzero) run before another character, or a run at the end.  Stated from the reading rule,
#: independently of the writer's code.
UNWRITABLE = re.compile(r'(?<!\\)(?:\\\\)*\\"|(?<!\\)(?:\\\\)+[^\\"]|\\\Z', re.DOTALL)

ALPHABET = st.sampled_from(["\\", '"', "a", " ", "\u00e9", "\u4e2d", "\n", "\r", "\t", "{", "}"])
LABELS = st.one_of(
    st.text(ALPHABET, min_size=1, max_size=8),
    st.text(min_size=1, max_size=8),
)


def _game(labels: list[str]) -> NormalFormGame:
    return NormalFormGame.from_arrays(
        [[1] * len(labels)], [[2] * len(labels)], strategies=[["s"], labels]
    )


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(LABELS, min_size=1, max_size=4, unique=True))
def test_labels_round_trip_exactly_or_are_refused(labels: list[str]) -> None:
    labels = [label for label in labels if not re.fullmatch(r".*_\d+", label, re.DOTALL)]
    if not labels:
        return
    game = _game(labels)
    unwritable = [label for label in labels if UNWRITABLE.search(label)]
    if unwritable:
        with pytest.raises(FormatError, match="cannot be written"):
            write_nfg(game, gambit_compatible=False)
        return
    back = read_nfg(write_nfg(game, gambit_compatible=False))
    assert back.strategies[1] == tuple(labels)


@pytest.mark.parametrize(
    ("spelled", "read"),
    [
        pytest.param(r"q\"x", 'q"x', id="escaped-quote"),
        pytest.param(r"a\b", "a\\b", id="backslash-kept"),
        pytest.param(r"a\\b", "a\\\\\\b", id="two-backslashes-read-as-three"),
        pytest.param(r"a\\\"b", "a" + "\\" * 4 + '"b', id="backslashes-then-quote"),
        pytest.param(r"\\ z", "\\\\\\ z", id="leading"),
    ],
)
def test_gambit_reading_of_backslashes(spelled: str, read: str) -> None:
    text = 'NFG 1 R "t" { "' + spelled + '" "z" } { 1 1 } 1 2'
    assert parse_nfg(text).players[0] == read


_ASCII = st.text(
    st.sampled_from(["\\", '"', "a", "b", "x", "{", "1"]), min_size=1, max_size=6
).filter(lambda s: not UNWRITABLE.search(s))


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.lists(_ASCII, min_size=1, max_size=3, unique=True))
def test_pygambit_reads_written_labels_back(tmp_path_factory, labels: list[str]) -> None:
    gbt = pytest.importorskip("pygambit")
    labels = [label for label in labels if not re.fullmatch(r".*_\d+", label)]
    if not labels:
        return
    path = Path(tmp_path_factory.mktemp("nfg")) / "labels.nfg"
    write_nfg(_game(labels), path)
    game = gbt.read_nfg(str(path))
    assert [s.label for s in list(game.players)[1].strategies] == labels
    assert read_nfg(path).strategies[1] == tuple(labels)
