"""Fuzzing the command line: valid documents and options, mutated, must end in exit 0 or 2.

Hypothesis builds valid scenario TOML, valid NFG text and valid options by construction, then
mutates them the way hostile or careless input does: numbers pushed to the extremes, keys
dropped or duplicated, types swapped, unicode in names and keys, tokens deleted or repeated.
Every case runs in process through :func:`dualdilemma.cli.main` and must

* return 0 or 2, never 1 (an internal error);
* write at most 3 lines on stderr, and never a traceback.

A SIGALRM guard turns a hang into a failure; nothing asserts on timing.  The seed is fixed
(``@seed``), so CI runs the same cases every time; the budget is about a minute in all.
"""

from __future__ import annotations

import contextlib
import io
import signal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from dualdilemma.cli import main

HANG_GUARD = 60  # seconds per case: a guard against hangs only

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

#: Literals a careless or hostile file puts where a number belongs.
EXTREMES = [
    "1e999999999",
    '"1e999999999"',
    "-1e999999999",
    "1e400",
    "1e-400",
    '"1e-5000"',
    "1e300",
    "1e-300",
    "0",
    "-0.0",
    "-1",
    "1",
    "1.0000000000000000000000001",
    "nan",
    "inf",
    "-inf",
    '"1/0"',
    '"1/3"',
    '"' + "9" * 5000 + "/" + "7" * 5000 + '"',
    "0." + "3" * 4400,
    "9" * 5000,
    '"abc"',
    '"\u00e9\u4e2d"',
    "true",
    "[]",
    "[1, 2]",
    "{}",
    "1979-05-27",
]


def run(args: list[str]) -> tuple[int, str, str]:
    """``main(args)`` with stdout and stderr captured, under the hang guard."""
    out, err = io.StringIO(), io.StringIO()

    def hang(signum: int, frame: Any) -> None:
        raise TimeoutError(f"no answer after {HANG_GUARD} s: {args!r}"[:500])

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(HANG_GUARD)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return status, out.getvalue(), err.getvalue()


def check(args: list[str]) -> int:
    status, _, err = run(args)
    lines = err.splitlines()
    assert status in (0, 2), f"exit {status} for {str(args)[:300]}: {err[-800:]}"
    assert "Traceback" not in err, err[-800:]
    assert len(lines) <= 3, err[-800:]
    if status == 2:
        assert lines and lines[-1].startswith("dualdilemma: error: "), err[-800:]
        assert len(lines[-1]) < 2000, lines[-1][:200]
    return status


# -- scenarios -----------------------------------------------------------------------------
def _decimal(low: float, high: float) -> st.SearchStrategy[str]:
    return st.integers(int(low * 1000), int(high * 1000)).map(lambda k: str(k / 1000))


@st.composite
def scenario_tables(draw: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """A valid scenario as ``[(table header, [(key, TOML literal)])]`` (MODEL s.2 ranges)."""
    p0 = draw(st.integers(0, 50))
    p1 = draw(st.integers(p0, 100))
    market = [
        ("value", draw(_decimal(0.1, 50))),
        ("risk_without_supply", str(p0 / 100)),
        ("risk_with_supply", str(p1 / 100)),
        ("tolerance", draw(_decimal(0, 1))),
        ("discount", draw(_decimal(0, 0.99))),
        ("detection", draw(_decimal(0.01, 1))),
    ]
    if draw(st.booleans()):
        market.append(("risk_exponent", draw(st.sampled_from(["1", "2", "0.5", '"3/2"']))))
    tables = [("[market]", market)]
    names = draw(
        st.lists(
            st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=6),
            min_size=2,
            max_size=4,
            unique=True,
        )
    )
    for name in names:
        tables.append(
            (
                "[[supplier]]",
                [
                    ("name", _toml_string(name)),
                    ("capacity", draw(_decimal(0, 1))),
                    ("harm", draw(_decimal(0, 30))),
                    ("safeguard", draw(_decimal(0, 1))),
                    ("control_cost", draw(_decimal(0, 2))),
                ],
            )
        )
    if draw(st.booleans()):
        members = ", ".join(_toml_string(n) for n in names[: draw(st.integers(1, len(names)))])
        tables.append(("[regime]", [("name", '"R"'), ("members", f"[{members}]")]))
    return tables


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped) + '"'


def render(tables: list[tuple[str, list[tuple[str, str]]]]) -> str:
    lines = []
    for header, items in tables:
        lines.append(header)
        lines.extend(f"{key} = {literal}" for key, literal in items)
        lines.append("")
    return "\n".join(lines)


@st.composite
def mutated_scenarios(draw: Any) -> str:
    tables = draw(scenario_tables())
    for _ in range(draw(st.integers(0, 3))):
        index = draw(st.integers(0, len(tables) - 1))
        header, items = tables[index]
        items = list(items)
        kind = draw(st.sampled_from(["extreme", "drop", "duplicate", "swap", "unicode-key"]))
        if not items:
            continue
        k = draw(st.integers(0, len(items) - 1))
        key, literal = items[k]
        if kind == "extreme":
            items[k] = (key, draw(st.sampled_from(EXTREMES)))
        elif kind == "drop":
            del items[k]
        elif kind == "duplicate":
            items.insert(k, (key, literal))
        elif kind == "swap":
            swapped = f'"{literal}"' if not literal.startswith('"') else literal.strip('"') or "0"
            items[k] = (key, draw(st.sampled_from([swapped, f"[{literal}]", "false"])))
        else:
            items[k] = (_toml_string(draw(st.text(min_size=1, max_size=4))), literal)
        tables[index] = (header, items)
    return render(tables)


@seed(14)
@FUZZ
@given(
    text=mutated_scenarios(),
    command=st.sampled_from(["report", "cartel", "conditions"]),
    fmt=st.sampled_from(["text", "json"]),
)
def test_fuzz_scenarios(tmp_path: Path, text: str, command: str, fmt: str) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_text(text, encoding="utf-8")
    check([command, str(path), "--format", fmt])


# -- NFG files ------------------------------------------------------------------------------
@st.composite
def nfg_texts(draw: Any) -> str:
    """A valid payoff-list NFG file with 1-3 players, then mutated token by token."""
    n = draw(st.integers(1, 3))
    shape = [draw(st.integers(1, 3)) for _ in range(n)]
    payoff = st.one_of(
        st.integers(-20, 20).map(str),
        _decimal(-5, 5),
        st.tuples(st.integers(-9, 9), st.integers(1, 9)).map(lambda p: f"{p[0]}/{p[1]}"),
    )
    # labels valid by construction: any text without backslashes, quotes escaped
    label = st.text(
        st.characters(blacklist_categories=["Cs"], blacklist_characters="\\"),
        min_size=1,
        max_size=4,
    ).map(lambda text: text.replace('"', '\\"'))
    players = " ".join(f'"{draw(label)}"' for _ in range(n))
    strategies = " ".join(
        "{ " + " ".join(f'"{draw(label)}"' for _ in range(a)) + " }" for a in shape
    )
    count = n
    for a in shape:
        count *= a
    body = [draw(payoff) for _ in range(count)]
    tokens = ["NFG", "1", draw(st.sampled_from(["R", "D"])), '"t"', "{", players, "}"]
    tokens += ["{", strategies, "}", *body]
    for _ in range(draw(st.integers(0, 3))):
        k = draw(st.integers(0, len(tokens) - 1))
        kind = draw(st.sampled_from(["extreme", "delete", "repeat", "unicode", "count"]))
        if kind == "extreme":
            tokens[k] = draw(
                st.sampled_from(
                    ["1e9999", "1e-9999", "1e400", "9" * 5000, "1/0", "nan", "inf", "-", "e5"]
                )
            )
        elif kind == "delete":
            del tokens[k]
        elif kind == "repeat":
            tokens.insert(k, tokens[k])
        elif kind == "unicode":
            tokens.insert(k, draw(st.text(min_size=1, max_size=3)))
        else:
            tokens[k] = draw(st.sampled_from(["1000000000", "0", "-1", "99999999999999999999"]))
    return " ".join(tokens)


@seed(14)
@FUZZ
@given(
    text=nfg_texts(),
    method=st.sampled_from(["pure", "all", "one"]),
    as_float=st.booleans(),
)
def test_fuzz_nfg(tmp_path: Path, text: str, method: str, as_float: bool) -> None:
    path = tmp_path / "fuzz.nfg"
    path.write_text(text, encoding="utf-8")
    check(["solve", str(path), "--method", method, *(["--float"] if as_float else [])])


# -- options --------------------------------------------------------------------------------
NUMBER_TEXT = st.one_of(
    _decimal(0, 1),
    _decimal(0, 20),
    st.sampled_from([e.strip('"') for e in EXTREMES]),
    st.text(max_size=6),
)


@st.composite
def grid_specs(draw: Any) -> str:
    name = draw(st.sampled_from(["V", "p0", "p1", "h_1", "k_2", "s_1", "c_1", "x", "\u00e9"]))
    if draw(st.booleans()):
        start, stop = draw(NUMBER_TEXT), draw(NUMBER_TEXT)
        num = draw(st.sampled_from(["3", "4", "0", "-1", "1000000000", "2.5", "", "9" * 40]))
        return f"{name}={start}:{stop}:{num}"
    return f"{name}=" + ",".join(draw(st.lists(NUMBER_TEXT, min_size=1, max_size=3)))


@seed(14)
@FUZZ
@given(
    grids=st.lists(grid_specs(), min_size=1, max_size=2),
    overrides=st.dictionaries(
        st.sampled_from(["--tolerance", "--discount", "--detection"]), NUMBER_TEXT, max_size=2
    ),
    command=st.sampled_from(["sweep", "report"]),
)
def test_fuzz_options(grids: list[str], overrides: dict[str, str], command: str) -> None:
    args = [command, "mtcr-1987"]
    if command == "sweep":
        for grid in grids:
            args += ["--grid", grid]
        args.append("--no-progress")
    for option, value in overrides.items():
        if command == "report":
            args += [f"{option}={value}"]
    check(args)


@seed(14)
@settings(FUZZ, max_examples=15)
@given(
    histories=st.sampled_from(["1", "3", "0", "-5", "x", "1000000000", "9" * 50]),
    years=st.sampled_from(["5", "8", "4", "1000000000", "", "1e3"]),
    limit=st.sampled_from([[], ["--limit", "history_years=10"], ["--limit", "bogus=1"]]),
)
def test_fuzz_simulate_options(histories: str, years: str, limit: list[str]) -> None:
    check(["simulate", "demo", "--histories", histories, "--years", years, *limit])


def test_the_checker_catches_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import dualdilemma.commands.solve as solve_command

    def broken(args: Any) -> str:
        raise RuntimeError("a bug")

    monkeypatch.setattr(solve_command, "_cmd_solve", broken)
    with pytest.raises(AssertionError, match="exit 1"):
        check(["solve", "prisoners-dilemma"])
