"""Gambit .nfg files: both dialects, every error path, round trips, Gambit itself, shipped games."""

from __future__ import annotations

import io
import itertools
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma import NormalFormGame
from dualdilemma.errors import FormatError, InvalidParameterError
from dualdilemma.io.nfg import (
    NfgDocument,
    builtin_games,
    load_builtin,
    parse_nfg,
    read_nfg,
    read_nfg_document,
    write_nfg,
)
from dualdilemma.solvers.pure_nash import pure_equilibria

F = Fraction

# -- fixtures: real Gambit files (gambitproject/gambit, catalog/ and contrib/games/) ---------------

#: Payoff-list dialect, no comment (catalog/gamefiles/e01.nfg).
E01 = """NFG 1 R "Selten (IJGT, 75), Figure 1, normal form" { "Player 1" "Player 2" "Player 3" }

{ { "1" "2" }
{ "1" "2" }
{ "1" "2" }
}

1 1 1 3 2 2 4 4 0 3 2 2 1 1 1 0 0 0 0 0 1 0 0 0
"""

#: Outcome dialect with decimals, no commas, indices not in order (contrib/games/cent2.nfg).
CENT2 = (
    (
        'NFG 1 R "Centipede game. Two inning, with probability of altruists" '
        '{ "Player 1" "Player 2" }\n'
    )
    + """
{ { "1*11" "2111" "2211" }
{ "1*11" "2111" "2211" }
}

{
{ "" 0.811000 0.274000 }
{ "" 0.868000 0.502000 }
{ "" 1.400000 0.350000 }
{ "" 0.564000 1.566000 }
{ "" 3.148000 1.072000 }
{ "" 3.680000 0.920000 }
{ "" 1.020000 1.680000 }
{ "" 2.160000 6.240000 }
{ "" 12.800000 3.200000 }
}
1 4 7 2 5 8 3 6 9
"""
)

#: Outcome dialect with commas and a comment (contrib/games/csg1.nfg).
CSG1 = """NFG 1 R "2x2 constant sum game with a continuum of equilibria" { "Player 1" "Player 2" }

{ { "1" "2" "3" }
{ "1" "2" "3" }
}
""

{
{ "" 0, 0 }
{ "" -1, 1 }
{ "" 0, 0 }
{ "" 1, -1 }
{ "" 0, 0 }
{ "" 1, -1 }
{ "" 0, 0 }
{ "" -1, 1 }
{ "" 0, 0 }
}
1 2 3 4 5 6 7 8 9
"""

#: Hand-written: named and empty outcomes, the null outcome 0, strategy counts, escapes.
NULLS = r"""NFG 1 D "A \"quoted\" title" { "Row \"R\"" "Col" } { 2 2 }
"a comment
on two lines"
{ { "win" 1, -1 } { "" 5/2 1.5e1 } }
1 0
2 1
"""


def _tensor(n: int, shape: tuple[int, ...], table: dict[tuple[int, ...], tuple]) -> np.ndarray:
    out = np.empty((n, *shape), dtype=object)
    for profile in itertools.product(*(range(a) for a in shape)):
        for i in range(n):
            out[(i, *profile)] = F(table[profile][i])
    return out


KNOWN = [
    pytest.param(
        E01,
        _tensor(
            3,
            (2, 2, 2),
            {
                (0, 0, 0): (1, 1, 1),
                (1, 0, 0): (3, 2, 2),
                (0, 1, 0): (4, 4, 0),
                (1, 1, 0): (3, 2, 2),
                (0, 0, 1): (1, 1, 1),
                (1, 0, 1): (0, 0, 0),
                (0, 1, 1): (0, 0, 1),
                (1, 1, 1): (0, 0, 0),
            },
        ),
        (("1", "2"),) * 3,
        "payoffs",
        id="gambit-e01-payoff-list",
    ),
    pytest.param(
        CENT2,
        _tensor(
            2,
            (3, 3),
            {
                (0, 0): ("0.811", "0.274"),
                (1, 0): ("0.564", "1.566"),
                (2, 0): ("1.02", "1.68"),
                (0, 1): ("0.868", "0.502"),
                (1, 1): ("3.148", "1.072"),
                (2, 1): ("2.16", "6.24"),
                (0, 2): ("1.4", "0.35"),
                (1, 2): ("3.68", "0.92"),
                (2, 2): ("12.8", "3.2"),
            },
        ),
        (("1*11", "2111", "2211"),) * 2,
        "outcomes",
        id="gambit-cent2-outcomes-permuted",
    ),
    pytest.param(
        CSG1,
        _tensor(
            2,
            (3, 3),
            {
                (0, 0): (0, 0),
                (1, 0): (-1, 1),
                (2, 0): (0, 0),
                (0, 1): (1, -1),
                (1, 1): (0, 0),
                (2, 1): (1, -1),
                (0, 2): (0, 0),
                (1, 2): (-1, 1),
                (2, 2): (0, 0),
            },
        ),
        (("1", "2", "3"),) * 2,
        "outcomes",
        id="gambit-csg1-outcomes-commas",
    ),
    pytest.param(
        NULLS,
        _tensor(
            2,
            (2, 2),
            {(0, 0): (1, -1), (1, 0): (0, 0), (0, 1): ("5/2", 15), (1, 1): (1, -1)},
        ),
        (("1", "2"),) * 2,
        "outcomes",
        id="null-outcome-counts-escapes",
    ),
]


@pytest.mark.parametrize(("text", "payoffs", "strategies", "dialect"), KNOWN)
def test_known_files(text: str, payoffs: np.ndarray, strategies, dialect: str) -> None:
    doc = read_nfg_document(text)
    assert doc.dialect == dialect
    assert doc.game.exact
    assert doc.game.strategies == strategies
    assert doc.game.payoffs.shape == payoffs.shape
    assert all(type(v) is Fraction for v in doc.game.payoffs.reshape(-1))
    assert np.array_equal(doc.game.payoffs, payoffs)
    floats = parse_nfg(text, exact=False)
    assert not floats.exact
    assert np.array_equal(floats.payoffs, payoffs.astype(float))


def test_titles_labels_comments_and_escapes() -> None:
    doc = read_nfg_document(NULLS)
    assert doc.game.title == 'A "quoted" title'
    assert doc.game.players == ('Row "R"', "Col")
    assert doc.comment == "a comment\non two lines"
    assert doc.number_type == "D"
    e01 = read_nfg_document(E01)
    assert (e01.comment, e01.number_type, e01.game.title) == (
        "",
        "R",
        "Selten (IJGT, 75), Figure 1, normal form",
    )


def test_backslashes_other_than_before_a_quote_are_kept() -> None:
    # Gambit's rule (src/games/file.cc): a backslash is kept and marks the next character,
    # which then also gets a backslash unless it is a quote
    game = parse_nfg(r'NFG 1 R "a\b \\ c\"" { "x\\y" "z" } { 1 1 } 1 2')
    assert game.title == 'a\\b \\\\\\ c"'
    assert game.players == ("x\\\\\\y", "z")


@pytest.mark.parametrize(
    ("spelling", "value"),
    [
        pytest.param("7", F(7), id="integer"),
        pytest.param("-7", F(-7), id="negative"),
        pytest.param("+7", F(7), id="plus-sign"),
        pytest.param("0.1", F(1, 10), id="decimal-is-exact"),
        pytest.param(".5", F(1, 2), id="leading-dot"),
        pytest.param("5.", F(5), id="trailing-dot"),
        pytest.param("-2.5e-3", F(-1, 400), id="exponent"),
        pytest.param("1E3", F(1000), id="capital-exponent"),
        pytest.param("3e+2", F(300), id="integer-exponent"),
        pytest.param("-3/4", F(-3, 4), id="rational"),
        pytest.param("6/8", F(3, 4), id="rational-reduced"),
        pytest.param("1" + "0" * 60, F(10**60), id="big-integer"),
    ],
)
def test_numbers_are_read_exactly(spelling: str, value: Fraction) -> None:
    game = parse_nfg(f'NFG 1 R "" {{ "A" }} {{ 1 }} {spelling}')
    assert game.payoffs[0, 0] == value
    assert parse_nfg(f'NFG 1 R "" {{ "A" }} {{ 1 }} {spelling}', exact=False).payoffs[0, 0] == (
        float(value)
    )


# -- every error names what is wrong and where --------------------------------------------------

HEAD = 'NFG 1 R "t" { "A" "B" } { 2 2 }\n'

ERRORS = [
    pytest.param(
        'EFG 2 R "t" { "A" } { 1 } 1',
        r"line 1, column 1: expected the file type 'NFG'",
        id="not-nfg",
    ),
    pytest.param(
        "", r"line 1, column 1: expected the file type 'NFG'.*end of the file", id="empty"
    ),
    pytest.param(
        'NFG 2 R "t" { "A" } { 1 } 1', r"column 5: expected the format version 1.*2", id="version"
    ),
    pytest.param(
        'NFG 1 Q "t" { "A" } { 1 } 1',
        r"column 7: expected the number type 'D' or 'R'",
        id="number-type",
    ),
    pytest.param(
        'NFG 1 R { "A" } { 1 } 1', r"column 9: expected the game's title.*'\{'", id="no-title"
    ),
    pytest.param(
        'NFG 1 R "t" "A" { 1 } 1',
        r"expected '\{' opening the list of player names",
        id="no-player-brace",
    ),
    pytest.param('NFG 1 R "t" { } { } 1', r"column 15: the game has no players", id="no-players"),
    pytest.param(
        'NFG 1 R "t" { "A" 3 } { 1 } 1',
        r"expected a player name .*the number 3",
        id="player-not-string",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" "B" } { 2 } 1 2',
        r"names 2 players but gives strategies for 1",
        id="too-few-counts",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" } { 2 2 } 1 2',
        r"names 1 player but gives strategies for 2",
        id="too-many-counts",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" } { 0 } 1',
        r"strategies of player 1, found 0 \(must be at "
        "least 1\\)",
        id="zero-strategies",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" } { 2.5 } 1 2',
        r"expected the number of strategies of player "
        "1, found the number 2.5",
        id="fractional-count",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" } { 1000000000 } 1 2',
        r"player 1 is given 1000000000 "
        "strategies, more than the 20 payoffs the whole file could hold",
        id="absurd-count",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" } { { "a" } { "b" } } 1',
        r"names 1 player but gives "
        "strategies for 2",
        id="too-many-label-lists",
    ),
    pytest.param(
        'NFG 1 R "t" { "A" } { { } } 1', r"player 1 has no strategies", id="empty-label-list"
    ),
    pytest.param(
        'NFG 1 R "t" { "A" } { { "a" 2 } } 1',
        r"expected a strategy label .*the number 2",
        id="label-not-string",
    ),
    pytest.param(
        HEAD + "1 2 3 4 5 6",
        r"line 2, column 12: expected 8 payoffs \(4 profiles x 2 "
        "players\\), found 6",
        id="missing-payoffs",
    ),
    pytest.param(
        HEAD + "1 2 3 4 5 6 7 8 9",
        r"line 2, column 17: expected the end of the file "
        "after the last profile, found the number 9",
        id="extra-payoff",
    ),
    pytest.param(
        HEAD + "1 2 nan 4 5 6 7 8",
        r"line 2, column 5: payoffs must be finite numbers, "
        "found 'nan' \\(payoff 3 of 8 \\(player 1 at profile 2",
        id="nan",
    ),
    pytest.param(HEAD + "1 2 3 -inf 5 6 7 8", r"must be finite numbers, found '-inf'", id="inf"),
    pytest.param(
        HEAD + "1 2 3 4 5 1/0 7 8",
        r"line 2, column 11: the number 1/0 cannot be read: "
        "a zero denominator",
        id="zero-denominator",
    ),
    pytest.param(
        HEAD + "1 2 3 x 5 6 7 8",
        r"column 7: expected payoff 4 of 8 \(player 2 at "
        "profile 2, a number\\), found 'x'",
        id="word-payoff",
    ),
    pytest.param(
        HEAD + "1, 2 3 4 5 6 7 8",
        r"column 2: expected payoff 2 of 8 .*found ','",
        id="comma-in-payoff-list",
    ),
    pytest.param(
        HEAD + "1 2 3 4 5 6 7 1e99999",
        r"1e99999 is too large .*payoff_magnitude",
        id="huge-exponent",
    ),
    pytest.param(
        HEAD + "1 2 3 4 5 6 7 1/" + "9" * 5000,
        r"has 5,000 digits, beyond the limit number_digits",
        id="too-many-digits-in-denominator",
    ),
    pytest.param(
        HEAD + "1 2 3 4 5 6 7 1/000",
        r"cannot be read: a zero denominator",
        id="zero-denominator-spelled-000",
    ),
    pytest.param(
        HEAD + "1 2 3 4 5 6 7 " + "9" * 5000,
        r"has 5,000 digits, beyond the limit number_digits",
        id="too-many-digits",
    ),
    pytest.param(
        HEAD + '{ { "a" 1 2 } } 1 1 2 1',
        r"line 2, column 21: outcome index 2 "
        r"\(profile 3\) is out of range: the file defines 1 outcome, so indices run "
        "from 0 \\(null outcome\\) to 1",
        id="outcome-index-range",
    ),
    pytest.param(
        HEAD + '{ { "a" 1 } } 1 1 1 1',
        r"outcome 1 \('a'\) has 1 payoffs, expected 2",
        id="outcome-too-few-payoffs",
    ),
    pytest.param(
        HEAD + '{ { "a" 1, 2, 3 } } 1 1 1 1',
        r"'}' closing outcome 1 \('a'\): it lists "
        "more than 2 payoffs",
        id="outcome-too-many-payoffs",
    ),
    pytest.param(
        HEAD + "{ { 1 2 } } 1 1 1 1",
        r"expected the name of outcome 1 \(a quoted string",
        id="outcome-without-name",
    ),
    pytest.param(
        HEAD + '{ { "a" 1 2 } } 1 0 1',
        r"expected 4 outcome indices \(one per "
        "profile\\), found 3",
        id="missing-outcome-indices",
    ),
    pytest.param(
        HEAD + '{ { "a" 1 2 } } 1 0.5 1 1',
        r"expected outcome index 2 of 4 \(an "
        "integer 0..1\\), found the number 0.5",
        id="fractional-outcome-index",
    ),
    pytest.param(
        HEAD + '{ { "a" 1 2 } } 1 -1 1 1',
        r"expected outcome index 2 of 4",
        id="negative-outcome-index",
    ),
    pytest.param(
        HEAD + '{ { "a" 1 2 } 1 1 1 1',
        r"expected '\{' opening an outcome or '}' "
        "closing the outcome list, found the number 1",
        id="unclosed-outcome-list",
    ),
    pytest.param(
        HEAD + '{ { "a" 1 nan } } 1 1 1 1',
        r"must be finite numbers, found 'nan'",
        id="nan-in-outcome",
    ),
    pytest.param(
        HEAD + '"unterminated 1 2 3',
        r"line 2, column 1: this string is never closed",
        id="unterminated-string",
    ),
    pytest.param(
        'NFG 1 R "t\\" { "A" } { 1 } 1',
        r"column 17: expected '{' opening the list of player names, found 'A'",
        id="escaped-closing-quote",
    ),
    pytest.param(HEAD + "}", r"expected the payoffs or an outcome list", id="no-body"),
]


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_malformed_files_raise_format_error(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        parse_nfg(text)


def test_error_position_counts_lines_and_columns() -> None:
    text = 'NFG 1 R "t"\n{ "A" }\n{ 2 }\n  1   oops\n'
    with pytest.raises(FormatError, match=r"^line 4, column 7: .*found 'oops'$"):
        parse_nfg(text)


def test_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.nfg"
    path.write_text(HEAD + "1 2 3")
    with pytest.raises(FormatError, match=r"broken\.nfg: line 2, column 6: expected 8 payoffs"):
        read_nfg(path)


def test_format_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_nfg("NFG 1")


def test_parse_nfg_rejects_non_text() -> None:
    with pytest.raises(InvalidParameterError, match="bytes"):
        parse_nfg(E01.encode())  # type: ignore[arg-type]


# -- sources --------------------------------------------------------------------------------------


def test_every_kind_of_source(tmp_path: Path) -> None:
    expected = parse_nfg(E01)
    path = tmp_path / "e01.nfg"
    path.write_text(E01)
    sources = [
        E01,
        str(path),
        path,
        E01.encode(),
        io.StringIO(E01),
        io.BytesIO(E01.encode()),
        builtin_games()["prisoners-dilemma"],
    ]
    for source in sources[:-1]:
        assert read_nfg(source) == expected
    assert read_nfg(sources[-1]) == load_builtin("prisoners-dilemma")
    with pytest.raises(InvalidParameterError, match="got int"):
        read_nfg(3)
    with pytest.raises(FileNotFoundError):
        read_nfg(str(tmp_path / "missing.nfg"))


def test_latin1_files_and_byte_order_marks_are_read() -> None:
    text = 'NFG 1 R "caf\xe9" { "A" } { 1 } 1'
    assert read_nfg(text.encode("latin-1")).title == "caf\xe9"
    assert read_nfg(("\ufeff" + text).encode("utf-8")).title == "caf\xe9"


def test_windows_line_ends_and_long_strings() -> None:
    text = 'NFG 1 R "t"\r\n{ "A" }\r{ 2 }\r\n"one\r\ntwo"\r\n  1   oops\r\n'
    with pytest.raises(FormatError, match=r"^line 6, column 7: .*found 'oops'$"):
        parse_nfg(text)
    # line ends inside strings are kept as they are, as Gambit keeps them
    assert read_nfg_document(text.replace("oops", "2")).comment == "one\r\ntwo"
    comment = ("x" * 99 + "\\") * 1000 + 'end \\\\" quote'
    game = NormalFormGame.from_arrays([1], players=["A"])
    doc = read_nfg_document(write_nfg(game, comment=comment))
    assert doc.comment == comment  # written and read back through Gambit's escaping


def test_labels_are_made_unique_like_gambit() -> None:
    game = parse_nfg(
        'NFG 1 R "" { "a" "a" "" } { { "x" "x" "x_1" } { "" } { "1" "2" } } '
        + (" ".join(["0"] * 18))
    )
    assert game.players == ("a_1", "a_2", "_1")
    assert game.strategies == (("x_2", "x_3", "x_1"), ("_1",), ("1", "2"))


# -- writing -------------------------------------------------------------------------------------


def test_writer_layout_and_profile_order() -> None:
    game = NormalFormGame.from_arrays(
        [[1, 2, 3], [4, 5, 6]],
        [[F(1, 2), -1, 0], [7, 8, 9]],
        title="t",
        players=["R", "C"],
        strategies=[["u", "d"], ["l", "m", "r"]],
    )
    text = write_nfg(game, comment="c")
    assert text.splitlines() == [
        'NFG 1 R "t" { "R" "C" }',
        '{ { "u" "d" }',
        '  { "l" "m" "r" }',
        "}",
        '"c"',
        "",
        "1 1/2",
        "4 7",
        "2 -1",
        "5 8",
        "3 0",
        "6 9",
    ]


def test_float_games_are_written_as_shortest_decimals() -> None:
    game = NormalFormGame([[0.1, 1e-300, 2.5e20, -0.0]], exact=False)
    text = write_nfg(game)
    assert text.startswith("NFG 1 D ")
    assert text.splitlines()[-4:] == ["0.1", "1e-300", "2.5e+20", "-0.0"]
    back = read_nfg(text, exact=False)
    assert back == game
    assert read_nfg(text).payoffs[0, 0] == F(1, 10)


def test_write_to_path_and_file(tmp_path: Path) -> None:
    game = load_builtin("battle-of-sexes")
    path = tmp_path / "out.nfg"
    text = write_nfg(game, path)
    assert path.read_text(encoding="utf-8") == text
    buffer = io.StringIO()
    assert write_nfg(game, buffer) == buffer.getvalue() == text


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        pytest.param("", "it is empty", id="empty"),
        pytest.param(" a", "begins or ends with a space", id="leading-space"),
        pytest.param("a  b", "two consecutive spaces", id="double-space"),
        pytest.param("caf\xe9", "other than printable ASCII", id="non-ascii"),
        pytest.param("tab\there", "other than printable ASCII", id="tab"),
    ],
)
def test_writer_refuses_labels_gambit_cannot_read(label: str, reason: str) -> None:
    game = NormalFormGame.from_arrays([[1, 2]], [[3, 4]], strategies=[["s"], [label, "t"]])
    with pytest.raises(FormatError, match=re.escape(repr(label)) + ".*" + re.escape(reason)):
        write_nfg(game)
    # without the Gambit check the file is still exact for this reader (empty labels aside)
    back = read_nfg(write_nfg(game, gambit_compatible=False))
    assert back.strategies[1] == ((label or "_1"), "t")


def test_writer_refuses_non_ascii_title_and_comment() -> None:
    game = NormalFormGame.from_arrays([1], title="\u00e9t\u00e9")
    with pytest.raises(FormatError, match="title .*non-ASCII"):
        write_nfg(game)
    with pytest.raises(FormatError, match="comment .*non-ASCII"):
        write_nfg(NormalFormGame.from_arrays([1]), comment="\u2014")
    doc = read_nfg_document(write_nfg(game, comment="\u2014", gambit_compatible=False))
    assert (doc.game.title, doc.comment) == ("\u00e9t\u00e9", "\u2014")


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        pytest.param('a\\"b', "odd number of backslashes before a quote", id="backslash-quote"),
        pytest.param("a\\\\b", "even number of backslashes before a character", id="two"),
        pytest.param("A\\", "final backslash", id="final"),
    ],
)
def test_labels_no_spelling_reads_back_are_refused(label: str, reason: str) -> None:
    # Gambit's reading rule cannot give these back, whatever the writer spells
    game = NormalFormGame.from_arrays([[1, 2]], [[3, 4]], strategies=[["s"], [label, "t"]])
    for compatible in (True, False):
        with pytest.raises(FormatError, match=re.escape(repr(label)) + ".*" + reason):
            write_nfg(game, gambit_compatible=compatible)


def test_final_backslash_cannot_be_written() -> None:
    game = NormalFormGame.from_arrays([1], players=["A\\"])
    for compatible in (True, False):
        with pytest.raises(FormatError, match=r"'A\\\\' .*final backslash"):
            write_nfg(game, gambit_compatible=compatible)


def test_write_nfg_rejects_non_games() -> None:
    with pytest.raises(InvalidParameterError, match="NormalFormGame, got list"):
        write_nfg([[1, 2]])  # type: ignore[arg-type]


# -- round trips (hypothesis) -------------------------------------------------------------------

_CHARS = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) != "\\")
_WORDS = st.text(alphabet=_CHARS, min_size=1, max_size=5)
LABELS = st.lists(_WORDS, min_size=1, max_size=3).map(" ".join)
PAYOFFS = st.one_of(
    st.integers(-(10**30), 10**30).map(F),
    st.fractions(min_value=-1000, max_value=1000, max_denominator=10**9),
)


@st.composite
def exact_games(draw: st.DrawFn, max_players: int = 4) -> NormalFormGame:
    n = draw(st.integers(1, max_players))
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    size = n * int(np.prod(shape))
    values = draw(st.lists(PAYOFFS, min_size=size, max_size=size))
    payoffs = np.empty(size, dtype=object)
    payoffs[:] = values
    return NormalFormGame(
        payoffs.reshape((n, *shape)),
        players=draw(st.lists(LABELS, min_size=n, max_size=n, unique=True)),
        strategies=[draw(st.lists(LABELS, min_size=a, max_size=a, unique=True)) for a in shape],
        title=draw(st.text(alphabet=_CHARS + " \n", max_size=20)),
    )


@settings(max_examples=60, deadline=None)
@given(game=exact_games(), comment=st.text(alphabet=_CHARS + ' \n"', max_size=30))
def test_exact_round_trip(game: NormalFormGame, comment: str) -> None:
    doc = read_nfg_document(write_nfg(game, comment=comment))
    assert doc.game == game
    assert doc.game.title == game.title
    assert doc.comment == comment
    assert doc.dialect == "payoffs"


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(
        st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=12, max_size=12
    )
)
def test_float_round_trip(values: list[float]) -> None:
    game = NormalFormGame(np.array(values).reshape(2, 3, 2), exact=False)
    assert read_nfg(write_nfg(game), exact=False) == game


@settings(max_examples=40, deadline=None)
@given(
    label=st.text(alphabet=_CHARS + '\\" \t\n\xe9\u2014', min_size=1, max_size=12).filter(
        lambda s: not s.endswith("\\")
    )
)
def test_any_label_round_trips_through_this_reader(label: str) -> None:
    game = NormalFormGame.from_arrays([1, 2], players=[label], strategies=[["a", "b"]])
    back = read_nfg(write_nfg(game, gambit_compatible=False, comment=label))
    assert back.players == (label,)


# -- against Gambit itself ------------------------------------------------------------------------


def _gambit_tensor(gbt_game) -> np.ndarray:
    players = list(gbt_game.players)
    shape = tuple(len(p.strategies) for p in players)
    out = np.empty((len(players), *shape), dtype=object)
    for profile in itertools.product(*(range(a) for a in shape)):
        outcome = gbt_game[profile]
        for i, player in enumerate(players):
            out[(i, *profile)] = F(0) if outcome is None else F(outcome[player])
    return out


def _same_as_gambit(ours: NfgDocument | NormalFormGame, theirs) -> None:
    game = ours.game if isinstance(ours, NfgDocument) else ours
    assert game.title == theirs.title
    assert game.players == tuple(p.label for p in theirs.players)
    assert game.strategies == tuple(tuple(s.label for s in p.strategies) for p in theirs.players)
    assert np.array_equal(game.payoffs, _gambit_tensor(theirs))
    if isinstance(ours, NfgDocument):
        assert ours.comment == theirs.description


def _random_game(seed: int) -> NormalFormGame:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 5))
    shape = tuple(int(a) for a in rng.integers(1, 4 if n < 4 else 3, size=n))
    kind = seed % 3
    if kind == 0:  # integers and rationals
        num = rng.integers(-50, 51, size=(n, *shape))
        den = rng.integers(1, 13, size=(n, *shape))
        values = np.vectorize(lambda a, b: F(int(a), int(b)), otypes=[object])(num, den)
        game = NormalFormGame(values, exact=True)
    elif kind == 1:  # six-decimal floats, stored exactly as decimals
        game = NormalFormGame(np.round(rng.normal(size=(n, *shape)) * 100, 6), exact=True)
    else:  # raw floats
        game = NormalFormGame(
            rng.normal(size=(n, *shape)) * 10.0 ** rng.integers(-5, 6), exact=False
        )
    labels = [[f"s{i}.{k}" for k in range(a)] for i, a in enumerate(shape)]
    return NormalFormGame(
        game.payoffs,
        players=[f"P {i + 1}" for i in range(n)],
        strategies=labels,
        exact=game.exact,
        title=f"Random game {seed}",
    )


@pytest.mark.parametrize("seed", range(30))
def test_gambit_reads_what_we_write(seed: int) -> None:
    gbt = pytest.importorskip("pygambit")
    game = _random_game(seed)
    text = write_nfg(game, comment=f"seed {seed}")
    theirs = gbt.read_nfg(io.StringIO(text))
    _same_as_gambit(read_nfg_document(text), theirs)
    assert theirs.description == f"seed {seed}"
    expected = game if game.exact else game.to_exact()
    assert np.array_equal(_gambit_tensor(theirs), expected.payoffs)


@pytest.mark.parametrize("seed", range(30))
def test_we_read_what_gambit_writes(seed: int) -> None:
    gbt = pytest.importorskip("pygambit")
    game = _random_game(seed)
    arrays = [game.payoffs[i] for i in range(game.num_players)]
    theirs = gbt.Game.from_arrays(*arrays, title=game.title)
    for player, label in zip(theirs.players, game.players, strict=True):
        player.label = label
    text = theirs.to_nfg()  # Gambit 16.7 writes the outcome dialect
    doc = read_nfg_document(text)
    assert doc.dialect == "outcomes"
    _same_as_gambit(doc, theirs)


def test_gambit_files_with_null_outcomes_read_alike() -> None:
    gbt = pytest.importorskip("pygambit")
    for text in (NULLS, CENT2, CSG1, E01):
        _same_as_gambit(read_nfg_document(text), gbt.read_nfg(io.StringIO(text)))


def test_gambit_catalog_files_read_alike() -> None:
    gbt = pytest.importorskip("pygambit")
    root = Path(gbt.__file__).parent / "catalog_data"
    files = sorted(root.rglob("*.nfg"))
    if not files:
        pytest.skip("this pygambit ships no .nfg catalog files")
    for path in files:
        _same_as_gambit(read_nfg_document(path), gbt.read_nfg(str(path)))


def test_label_normalisation_matches_gambit() -> None:
    gbt = pytest.importorskip("pygambit")
    text = 'NFG 1 R "" { "a" "a" "" } { { "x" "x" "x_1" } { "" } { "1" "2" } } ' + " ".join(
        str(k) for k in range(18)
    )
    _same_as_gambit(parse_nfg(text), gbt.read_nfg(io.StringIO(text)))


# -- shipped games --------------------------------------------------------------------------------


def test_builtin_registry() -> None:
    games = builtin_games()
    assert set(games) == {
        "prisoners-dilemma",
        "battle-of-sexes",
        "export-dilemma-3",
        "degenerate-3x2",
    }
    with pytest.raises(
        InvalidParameterError,
        match=r"'chicken'.*available: battle-of-sexes, "
        "degenerate-3x2, export-dilemma-3, prisoners-dilemma",
    ):
        load_builtin("chicken")


@pytest.mark.parametrize("name", sorted(builtin_games()))
def test_builtin_files_are_canonical_and_documented(name: str) -> None:
    doc = read_nfg_document(builtin_games()[name])
    assert doc.game.exact and doc.game.title
    assert len(doc.comment) > 100  # states the source and the parameters
    assert write_nfg(doc.game, comment=doc.comment) == builtin_games()[name].read_text()
    gbt = pytest.importorskip("pygambit")
    _same_as_gambit(doc, gbt.read_nfg(str(builtin_games()[name])))


def _export_market(V, p0, p1, k, h, s, c) -> np.ndarray:
    """MODEL.md section 2, written out again from the text for this test."""
    n = len(k)
    out = np.empty((n,) + (2,) * n, dtype=object)
    for actions in itertools.product((0, 1), repeat=n):  # 0 = Export, 1 = Control
        exporters = [j for j in range(n) if actions[j] == 0]
        capacity = sum(k[j] for j in exporters)
        met = min(F(1), capacity)
        share = [k[j] * met / capacity if j in exporters else F(0) for j in range(n)]
        leakage = sum(share[j] * (1 - s[j]) for j in range(n))
        risk = p0 + (p1 - p0) * leakage
        for i in range(n):
            out[(i, *actions)] = V * share[i] - h[i] * risk - c[i] * actions[i]
    return out


def test_export_dilemma_matches_model_and_claims() -> None:
    game = load_builtin("export-dilemma-3")
    half = F(1, 2)
    expected = _export_market(
        F(10),
        F(0),
        F(1),
        [half] * 3,
        [F(12), F(8), F(8)],
        [F(3, 4), F(1, 4), F(1, 4)],
        [F(1)] * 3,
    )
    assert np.array_equal(game.payoffs, expected)
    assert game.strategies == (("Export", "Control"),) * 3
    # C1: Export strictly dominates Control for every supplier ...
    for i in range(3):
        exports = np.take(game.payoffs[i], 0, axis=i)
        controls = np.take(game.payoffs[i], 1, axis=i)
        assert np.all(exports > controls)
    assert [eq.pure_profile() for eq in pure_equilibria(game)] == [(0, 0, 0)]
    # ... yet everybody prefers all controlling to all exporting
    assert game.payoff((0, 0, 0)) == (F(-11, 3), F(-4, 3), F(-4, 3))
    assert all(a > b for a, b in zip(game.payoff((1, 1, 1)), game.payoff((0, 0, 0)), strict=True))
    # C3: the leader controlling alone raises the risk (7/12 -> 3/4) and costs its sales
    assert game.payoff((1, 0, 0))[0] == -12 * F(3, 4) - 1
    assert game.payoff((0, 0, 0))[0] == 10 * F(1, 3) - 12 * F(7, 12)


def test_degenerate_game_equilibria_stated_in_its_comment() -> None:
    game = load_builtin("degenerate-3x2")
    top = [1, 0, 0]
    for q in (F(1), F(5, 6), F(2, 3)):
        assert game.max_regret([top, [q, 1 - q]]) == 0
    assert game.max_regret([top, [F(1, 2), F(1, 2)]]) > 0
    assert game.max_regret([[0, F(1, 3), F(2, 3)], [F(1, 3), F(2, 3)]]) == 0
    # degenerate: the pure strategy T has two pure best replies
    column_payoffs = game.payoffs[1][0]
    assert list(column_payoffs) == [3, 3]


def test_classic_games() -> None:
    pd = load_builtin("prisoners-dilemma")
    assert [eq.pure_profile() for eq in pure_equilibria(pd)] == [(1, 1)]
    bos = load_builtin("battle-of-sexes")
    assert [eq.pure_profile() for eq in pure_equilibria(bos)] == [(0, 0), (1, 1)]
    assert bos.max_regret([[F(2, 3), F(1, 3)], [F(1, 3), F(2, 3)]]) == 0
    assert bos.expected_payoffs([[F(2, 3), F(1, 3)], [F(1, 3), F(2, 3)]]) == (F(2, 3), F(2, 3))
