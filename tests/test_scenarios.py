"""Scenario files: exact numbers, schema errors that name the key, the built-in scenarios."""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma.errors import FormatError, InvalidParameterError
from dualdilemma.scenarios import (
    DEFAULT_SCENARIO,
    SCHEMA,
    builtin_scenarios,
    load_scenario,
    parse_scenario,
)

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "dualdilemma" / "data" / "scenarios"

BASE = """
[market]
value = 10
risk_without_supply = 0.05
risk_with_supply = 0.9
tolerance = 0.1
discount = 0.9
detection = 1.0

[[supplier]]
name = "A"
capacity = 0.45
harm = 20.0
safeguard = 0.6
control_cost = 0.0

[[supplier]]
name = "B"
capacity = 0.7
harm = 2
safeguard = 0.1
"""


def scenario(extra: str = "", **replace: str) -> str:
    text = BASE
    for old, new in replace.items():
        text = text.replace(old.replace("__", " = "), new)
    return text + extra


# -- exact numbers ------------------------------------------------------------------------------
def test_floats_are_read_as_exact_decimals() -> None:
    s = parse_scenario(BASE)
    assert s.market.risk_without_supply == Fraction(1, 20)
    assert s.market.suppliers[0].capacity == Fraction(9, 20)
    assert s.tolerance == Fraction(1, 10) and s.discount == Fraction(9, 10)
    assert s.detection == 1 and s.market.exact


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        pytest.param('"1/3"', Fraction(1, 3), id="fraction-string"),
        pytest.param('"0.1"', Fraction(1, 10), id="decimal-string"),
        pytest.param("1e-1", Fraction(1, 10), id="exponent"),
        pytest.param("0.30000000000000004", Fraction("0.30000000000000004"), id="long-decimal"),
        pytest.param("1_000", Fraction(1000), id="underscore-int"),
        pytest.param('"2/6"', Fraction(1, 3), id="unreduced"),
    ],
)
def test_number_forms(literal: str, expected: Fraction) -> None:
    s = parse_scenario(BASE.replace("harm = 20.0", f"harm = {literal}"))
    assert s.market.suppliers[0].harm == expected


@settings(max_examples=60, deadline=None)
@given(st.fractions(min_value=0, max_value=1000, max_denominator=10**6))
def test_fraction_strings_round_trip(value: Fraction) -> None:
    s = parse_scenario(BASE.replace("harm = 20.0", f'harm = "{value}"'))
    assert s.market.suppliers[0].harm == value


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value=0, max_value=1, places=8, allow_nan=False, allow_infinity=False))
def test_toml_floats_round_trip_exactly(value: Decimal) -> None:
    literal = format(value, "f")
    if "." not in literal:
        literal += ".0"
    s = parse_scenario(BASE.replace("safeguard = 0.6", f"safeguard = {literal}"))
    assert s.market.suppliers[0].safeguard == Fraction(literal)


def test_optional_keys_default() -> None:
    text = BASE.replace("tolerance = 0.1\n", "").replace("discount = 0.9\n", "")
    text = text.replace("detection = 1.0\n", "").replace("control_cost = 0.0\n", "")
    s = parse_scenario(text, name="mine")
    assert s.name == "mine" and s.tolerance == Fraction(1, 10)
    assert s.discount is None and s.detection == 1
    assert s.market.suppliers[0].control_cost == 0
    assert s.punishment == "nash" and s.selection == "max_risk" and s.ties_stable


def test_text_is_never_evaluated(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    with pytest.raises(InvalidParameterError, match="harm must be a number"):
        parse_scenario(BASE.replace("harm = 20.0", f'harm = "{payload}"'))
    assert not marker.exists()


# -- errors that name the key, the table and the supplier ----------------------------------------
@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        pytest.param(
            BASE.replace("capacity = 0.45", "capacty = 0.45"),
            InvalidParameterError,
            r"\[\[supplier\]\] #1 'A': unknown key 'capacty' \(did you mean 'capacity'\?\)",
            id="supplier-typo",
        ),
        pytest.param(
            BASE.replace("tolerance =", "tolerence ="),
            InvalidParameterError,
            r"\[market\]: unknown key 'tolerence' \(did you mean 'tolerance'\?\)",
            id="market-typo",
        ),
        pytest.param(
            BASE.replace("[market]", "[markt]"),
            InvalidParameterError,
            r"unknown table 'markt' \(did you mean 'market'\?\)",
            id="table-typo",
        ),
        pytest.param(
            BASE + '[regime]\nmember = ["A"]\n',
            InvalidParameterError,
            r"\[regime\]: unknown key 'member' \(did you mean 'members'\?\)",
            id="regime-typo",
        ),
        pytest.param(
            BASE + "[capacity_paths]\nyears = [1, 2]\nBB = [0.1, 0.2]\n",
            InvalidParameterError,
            r"\[capacity_paths\]: unknown key 'BB'.*did you mean 'B'",
            id="path-unknown-supplier",
        ),
        pytest.param(
            BASE + "[dynamics]\nshock_rate = 0.1\nshock_gap = 0.1\n",
            InvalidParameterError,
            r"\[dynamics\]: unknown key 'shock_gap' \(did you mean 'shock_gap_rate'\?\)",
            id="dynamics-typo",
        ),
        pytest.param(
            BASE.replace("safeguard = 0.1", "safeguard = 1.5"),
            InvalidParameterError,
            r"\[\[supplier\]\] #2 'B': safeguard of supplier 'B' must be in \[0, 1\], got 3/2",
            id="safeguard-range",
        ),
        pytest.param(
            BASE.replace("harm = 2\n", "harm = -2\n"),
            InvalidParameterError,
            r"#2 'B': harm of supplier 'B'",
            id="negative-harm",
        ),
        pytest.param(
            BASE.replace("harm = 2\n", ""),
            InvalidParameterError,
            r"#2 'B': missing required key 'harm'",
            id="missing-key",
        ),
        pytest.param(
            BASE.replace("risk_with_supply = 0.9", "risk_with_supply = 0.01"),
            InvalidParameterError,
            r"\[market\]: risk_with_supply must be in \[risk_without_supply, 1\]",
            id="p1-below-p0",
        ),
        pytest.param(
            BASE.replace("value = 10", "value = 0"),
            InvalidParameterError,
            r"\[market\]: value",
            id="value-zero",
        ),
        pytest.param(
            BASE.replace("tolerance = 0.1", "tolerance = 2"),
            InvalidParameterError,
            r"\[market\]: tolerance must be in \[0, 1\], got 2",
            id="tolerance-range",
        ),
        pytest.param(
            BASE.replace("discount = 0.9", "discount = 1"),
            InvalidParameterError,
            r"\[market\]: discount must be in \[0, 1\), got 1",
            id="discount-one",
        ),
        pytest.param(
            BASE.replace("detection = 1.0", "detection = 0"),
            InvalidParameterError,
            r"\[market\]: detection must be in \(0, 1\], got 0",
            id="detection-zero",
        ),
        pytest.param(
            BASE.replace("detection = 1.0", 'punishment = "minimax"'),
            InvalidParameterError,
            r"punishment must be one of nash, minmax, got 'minimax' \(did you mean 'minmax'\?\)",
            id="punishment-choice",
        ),
        pytest.param(
            BASE.replace("detection = 1.0", "ties_stable = 1"),
            InvalidParameterError,
            r"ties_stable must be true or false",
            id="ties-not-bool",
        ),
        pytest.param(
            BASE.replace("harm = 2\n", "harm = true\n"),
            InvalidParameterError,
            r"#2 'B': harm must be a number, got the boolean True",
            id="boolean-number",
        ),
        pytest.param(
            BASE.replace("harm = 2\n", "harm = inf\n"),
            InvalidParameterError,
            r"harm must be finite",
            id="infinite",
        ),
        pytest.param(
            BASE.replace("harm = 2\n", "harm = nan\n"),
            InvalidParameterError,
            r"harm must be finite",
            id="nan",
        ),
        pytest.param(
            BASE.replace("harm = 2\n", 'harm = "two"\n'),
            InvalidParameterError,
            r"harm must be a number \(a decimal or a fraction such as \"1/3\"\), got 'two'",
            id="word",
        ),
        pytest.param(
            BASE.replace('name = "B"', 'name = "A"'),
            InvalidParameterError,
            r"duplicate supplier names \['A'\]",
            id="duplicate-names",
        ),
        pytest.param(
            BASE.split("[[supplier]]")[0]
            + BASE.split("[[supplier]]")[1].join(["[[supplier]]", ""]),
            InvalidParameterError,
            r"at least 2 suppliers",
            id="one-supplier",
        ),
        pytest.param(
            "[market]\nvalue = 1\n",
            InvalidParameterError,
            r"missing the \[\[supplier\]\] entries",
            id="no-suppliers",
        ),
        pytest.param(
            "[[supplier]]" + BASE.split("[[supplier]]", 1)[1],
            InvalidParameterError,
            r"missing the \[market\] table",
            id="no-market",
        ),
        pytest.param(
            "value = 3\n" + BASE,
            InvalidParameterError,
            r"top level: unknown key \(keys belong in a table\) 'value'",
            id="top-level-key",
        ),
        pytest.param(
            "market = 3\n"
            + BASE.split("[market]")[1].split("[[supplier]]", 1)[1].join(["[[supplier]]", ""]),
            InvalidParameterError,
            r"\[market\]: must be a table",
            id="market-not-table",
        ),
        pytest.param(
            BASE.replace("[market]", "[market"),
            FormatError,
            r"invalid TOML: .*\(at line 2, column \d+\)",
            id="bad-toml",
        ),
        pytest.param(
            BASE + '[regime]\nmembers = ["A", "Z"]\n',
            InvalidParameterError,
            r"\[regime\]: members names an unknown supplier 'Z'",
            id="regime-unknown-member",
        ),
        pytest.param(
            BASE + "[capacity_paths]\nyears = [1, 2]\nA = [0.1]\n",
            InvalidParameterError,
            r"\[capacity_paths\]: the path of 'A' must be a list of 2 capacities",
            id="path-length",
        ),
        pytest.param(
            BASE + "[capacity_paths]\nyears = [2, 1]\nA = [0.1, 0.2]\n",
            InvalidParameterError,
            r"\[capacity_paths\]: years must increase",
            id="years-decrease",
        ),
        pytest.param(
            BASE + "[capacity_paths]\nyears = [1, 2]\nA = [0.1, -0.2]\n",
            InvalidParameterError,
            r"capacity of 'A' in 2 must be >= 0",
            id="path-negative",
        ),
        pytest.param(
            BASE
            + "[dynamics]\nshock_rate = 0.5\nshock_gap_rate = 0.6\nattention_decay = 0.5\n"
            + "negotiation_cost = 0\n",
            InvalidParameterError,
            r"\[dynamics\]: shock_gap_rate must be in \[0, 1 - shock_rate\]",
            id="dynamics-probability",
        ),
        pytest.param(
            BASE
            + "[dynamics]\nshock_rate = 0.5\nshock_gap_rate = 0.1\nattention_decay = 1\n"
            + "negotiation_cost = 0\n",
            InvalidParameterError,
            r"attention_decay must be in \[0, 1\)",
            id="dynamics-decay",
        ),
        pytest.param(
            BASE + '[scenario]\nyear = "1975"\n',
            InvalidParameterError,
            r"\[scenario\]: year must be an integer year",
            id="year-string",
        ),
    ],
)
def test_errors_name_the_key(text: str, kind: type[Exception], message: str) -> None:
    with pytest.raises(kind, match=message) as info:
        parse_scenario(text, origin="file.toml")
    text_of_error = str(info.value)
    assert text_of_error.startswith("file.toml: ")
    assert "\n" not in text_of_error


def test_schema_lists_every_table() -> None:
    assert set(SCHEMA) == {
        "scenario",
        "market",
        "supplier",
        "regime",
        "capacity_paths",
        "dynamics",
        "priors",
    }


def test_optional_tables_are_parsed() -> None:
    text = BASE + (
        '[regime]\nname = "Club"\nyear = 1975\nmembers = ["B", "A"]\n'
        '[capacity_paths]\nyears = [1975, 1980]\ninitial = ["A"]\nB = [0.7, "3/4"]\n'
        "[dynamics]\nshock_rate = 0.02\nshock_gap_rate = 0.3\nattention_decay = 0.7\n"
        "negotiation_cost = 0.05\n"
    )
    s = parse_scenario(text)
    assert s.regime.members == ("A", "B")  # in supplier order
    assert s.capacity_paths.paths == {"B": (Fraction(7, 10), Fraction(3, 4))}
    assert s.capacity_paths.initial == ("A",) and s.capacity_paths.years == (1975, 1980)
    assert s.dynamics.attention_decay == Fraction(7, 10)
    body = s.to_dict()
    assert body["capacity_paths"]["paths"]["B"] == ["7/10", "3/4"]
    assert body["dynamics"]["shock_rate"] == "1/50"


def test_overrides_are_validated() -> None:
    s = parse_scenario(BASE)
    t = s.with_overrides(discount="0.5", detection="1/4", tolerance=0.2)
    assert (t.discount, t.detection, t.tolerance) == (
        Fraction(1, 2),
        Fraction(1, 4),
        Fraction(1, 5),
    )
    assert s.discount == Fraction(9, 10)  # the original is unchanged
    with pytest.raises(InvalidParameterError, match="--discount must be in"):
        s.with_overrides(discount="1.5")


# -- files and built-ins -------------------------------------------------------------------------
def test_load_from_path_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(BASE, encoding="utf-8")
    s = load_scenario(path)
    assert s.name == "mine" and s.origin == str(path)
    with pytest.raises(InvalidParameterError, match="not found"):
        load_scenario(tmp_path / "missing.toml")
    with pytest.raises(InvalidParameterError, match="is not a file"):
        load_scenario(str(tmp_path) + "/")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(FormatError, match="not UTF-8"):
        load_scenario(binary)
    with pytest.raises(InvalidParameterError, match="did you mean 'nsg-1975'"):
        load_scenario("nsg-1o75")


def test_builtin_scenarios_load() -> None:
    names = list(builtin_scenarios())
    assert {"nsg-1975", "nsg-1991", "nsg-1978", "australia-group-1985", "mtcr-1987"} <= set(names)
    assert DEFAULT_SCENARIO == "nsg-1975"
    for name in names:
        s = load_scenario(name)
        assert s.name == name and s.market.exact and s.sources
        assert s.regime is not None and s.discount is not None


def test_nsg_1975_has_the_founders_and_the_1977_joiners() -> None:
    s = load_scenario("nsg-1975")
    founders = (
        "United States",
        "Soviet Union",
        "France",
        "West Germany",
        "United Kingdom",
        "Canada",
        "Japan",
    )
    joiners = (
        "Belgium",
        "Czechoslovakia",
        "East Germany",
        "Italy",
        "Netherlands",
        "Poland",
        "Sweden",
        "Switzerland",
    )
    assert set(s.regime.members) == set(founders)
    assert set(s.suppliers) == set(founders) | set(joiners)  # the fifteen of INFCIRC/254
    assert s.dynamics is not None


def test_mtcr_founders_are_the_g7() -> None:
    s = load_scenario("mtcr-1987")
    assert set(s.regime.members) == {
        "Canada",
        "France",
        "West Germany",
        "Italy",
        "Japan",
        "United Kingdom",
        "United States",
    }
    assert s.year == 1987


_NUMERIC = re.compile(r"^\s*([a-z_]+)\s*=\s*(-?[0-9][0-9._e+-]*|\"[0-9/. ]+\")\s*(#.*)?$")
_KEYS = re.compile(r"\[([a-z0-9][a-z0-9; ,.-]*)\]")


def _source_keys() -> set[str]:
    from dualdilemma.history import load_history

    return set(load_history().sources)


@pytest.mark.parametrize("path", sorted(BUILTIN_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_every_builtin_value_has_a_source_or_rationale(path: Path) -> None:
    """Each numeric parameter line carries a comment that says whether it is an estimate or
    sourced; every source key it names (in square brackets) is in sources.csv."""
    text = path.read_text(encoding="utf-8")
    tomllib.loads(text)  # valid TOML
    known = _source_keys()
    checked = 0
    table = ""
    for line in text.splitlines():
        if line.startswith("["):
            table = line.strip()
            continue
        match = _NUMERIC.match(line)
        if (
            not match
            or table in ("[scenario]", "[regime]")
            or table.startswith("[priors.")
            or match.group(1) == "years"
        ):
            continue
        comment = match.group(3) or ""
        assert comment, f"{path.name}: no source or rationale on {line.strip()!r}"
        assert re.search(r"ESTIMATE|SOURCED|not an estimate|fact", comment), (
            f"{path.name}: {line.strip()!r} does not say whether it is an estimate"
        )
        cited = {k.strip() for group in _KEYS.findall(comment) for k in re.split("[;,]", group)}
        assert cited <= known, f"{path.name}: unknown source keys {cited - known}"
        if "SOURCED" in comment:
            assert cited, f"{path.name}: {line.strip()!r} says SOURCED but names no source"
        checked += 1
    assert checked >= 20


@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_every_builtin_prior_is_sourced_and_contains_its_value(name: str) -> None:
    """The parser already checks each range against the value; here every prior must name a
    source key of sources.csv, and every supplier's capacity, harm and safeguard has a prior."""
    s = load_scenario(name)
    known = _source_keys()
    by_parameter = {p.path: p for p in s.priors}
    assert len(by_parameter) == len(s.priors)
    for prior in s.priors:
        assert prior.source in known, (name, prior.path, prior.source)
        assert prior.rationale
    for supplier in s.market.suppliers:
        for field in ("capacity", "harm", "safeguard"):
            assert f"supplier.{supplier.name}.{field}" in by_parameter, (name, supplier.name)
    for key in ("risk_without_supply", "risk_with_supply", "tolerance", "discount", "detection"):
        assert f"market.{key}" in by_parameter, (name, key)


# -- [priors] (schema of coord/PRIORS.md) ----------------------------------------------------------
PRIOR = '[priors."{parameter}"]\nlow = {low}\nhigh = {high}\nrationale = "r"\nsource = "s"\n{extra}'


def test_priors_are_parsed_with_defaults() -> None:
    text = BASE + PRIOR.format(parameter="supplier.A.capacity", low=0.3, high=0.6, extra="")
    text += PRIOR.format(
        parameter="market.discount",
        low=0.8,
        high=0.95,
        extra='distribution = "triangular"\nmode = 0.9\ngroup = "patience"\n',
    )
    s = parse_scenario(text)
    first, second = s.priors
    assert (first.path, first.distribution, first.group) == (
        "supplier.A.capacity",
        "uniform",
        "capacity",
    )
    assert (first.low, first.high) == (Fraction(3, 10), Fraction(3, 5))
    assert (second.distribution, second.mode, second.group) == (
        "triangular",
        Fraction(9, 10),
        "patience",
    )
    assert s.to_dict()["priors"][0]["low"] == "3/10"


@pytest.mark.parametrize(
    ("parameter", "low", "high", "extra", "message"),
    [
        pytest.param("supplier.A.capacity", 0.5, 0.6, "", "outside", id="value-below-range"),
        pytest.param("supplier.C.capacity", 0.1, 0.6, "", "unknown supplier 'C'", id="no-supplier"),
        pytest.param("supplier.A.colour", 0.1, 0.6, "", "field one of capacity", id="no-field"),
        pytest.param("market.tolerance", 0.2, 0.1, "", "low must be below high", id="inverted"),
        pytest.param(
            "supplier.A.harm", 0, 30, 'distribution = "loguniform"\n', "low > 0", id="log-zero"
        ),
        pytest.param(
            "supplier.A.harm", 1, 30, 'distribution = "triangular"\n', "needs 'mode'", id="mode"
        ),
        pytest.param("supplier.A.harm", 1, 30, "mode = 3\n", "triangular priors only", id="stray"),
        pytest.param("supplier.A.harm", 1, 30, 'distribution = "normal"\n', "one of", id="dist"),
        pytest.param("supplier.A.harm", 1, 30, "mean = 3\n", "unknown key 'mean'", id="key"),
        pytest.param(
            "paths.B",
            0.5,
            2,
            "",
            "needs a row for 'B' in \\[capacity_paths\\]",
            id="no-paths-table",
        ),
    ],
)
def test_bad_priors_are_rejected(
    parameter: str, low: float, high: float, extra: str, message: str
) -> None:
    text = BASE + PRIOR.format(parameter=parameter, low=low, high=high, extra=extra)
    with pytest.raises(InvalidParameterError, match=message):
        parse_scenario(text)


def test_a_prior_needs_a_source() -> None:
    text = BASE + '[priors."supplier.A.capacity"]\nlow = 0.3\nhigh = 0.6\nrationale = "r"\n'
    with pytest.raises(InvalidParameterError, match="missing required key 'source'"):
        parse_scenario(text)


# -- the regimes today (issue 12 item 3) -----------------------------------------------------------
TODAY = [
    pytest.param(
        "nsg-today", "NSG", {"India", "Pakistan", "Israel", "North Korea"}, 48, id="nsg-48"
    ),
    pytest.param(
        "australia-group-today",
        "AG",
        {"China", "Russia", "Singapore", "Brazil", "Israel", "South Africa"},
        42,
        id="australia-group-42",
    ),
    pytest.param(
        "mtcr-today",
        "MTCR",
        {"China", "Israel", "Pakistan", "North Korea", "Iran"},
        35,
        id="mtcr-35",
    ),
]


@pytest.mark.parametrize(("name", "key", "outsiders", "count"), TODAY)
def test_todays_regimes_are_the_official_participant_tables(
    name: str, key: str, outsiders: set[str], count: int
) -> None:
    from dualdilemma.history import regime

    s = load_scenario(name)
    table = {p.member for p in regime(key).participants} - {"European Union"}
    assert s.regime is not None and len(s.regime.members) == count
    assert set(s.regime.members) == table  # the scenario's members are the official table
    assert set(s.suppliers) == table | outsiders  # plus the principal non-member suppliers
    assert s.year == 2024 and s.discount is not None


def test_scenarios_command_lists_todays_regimes(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from dualdilemma.cli import main

    assert main(["scenarios", "--format", "json"]) == 0
    names = {row["name"] for row in json.loads(capsys.readouterr().out)["scenarios"]}
    assert {"nsg-today", "australia-group-today", "mtcr-today"} <= names


@pytest.mark.parametrize(
    ("name", "supplier", "capacity"),
    [
        # the capability index: mean of the category levels (see each file's header)
        pytest.param("nsg-1975", "West Germany", Fraction(1), id="brazil-deal-full-cycle"),
        pytest.param("nsg-1975", "Canada", Fraction(1, 3), id="candu-only"),
        pytest.param("nsg-today", "France", Fraction(1), id="france-full-cycle"),
        pytest.param("mtcr-1987", "North Korea", Fraction(2, 3), id="scud-copies"),
        pytest.param("australia-group-1985", "Netherlands", Fraction(3, 4), id="dutch-precursors"),
    ],
)
def test_capability_index_values(name: str, supplier: str, capacity: Fraction) -> None:
    s = load_scenario(name)
    assert {x.name: x.capacity for x in s.market.suppliers}[supplier] == capacity


@pytest.mark.parametrize(
    ("name", "leakage", "smallest", "count", "smallest_cartel"),
    [
        pytest.param("nsg-1975", Fraction(7, 18), 12, 17, None, id="nsg-1975"),
        pytest.param("nsg-1991", Fraction(34, 45), 14, 5, None, id="nsg-1991"),
        pytest.param("australia-group-1985", Fraction(93, 110), 16, 1, None, id="ag-1985"),
        pytest.param("mtcr-1987", Fraction(31, 40), 13, 3, None, id="mtcr-1987"),
        pytest.param(
            "nsg-today",
            Fraction(16, 25),
            5,
            1,
            {"China", "India", "Pakistan", "Israel", "North Korea"},
            id="nsg-today",
        ),
        pytest.param(
            "australia-group-today",
            Fraction(83, 180),
            6,
            1,
            {"China", "Russia", "Singapore", "Brazil", "Israel", "South Africa"},
            id="ag-today",
        ),
        pytest.param(
            "mtcr-today",
            Fraction(23, 35),
            6,
            1,
            {"Russia", "China", "Israel", "Pakistan", "North Korea", "Iran"},
            id="mtcr-today",
        ),
    ],
)
def test_what_each_header_says_the_model_predicts(
    name: str, leakage: Fraction, smallest: int, count: int, smallest_cartel: set[str] | None
) -> None:
    """The file headers report these figures; a recalibration that changes them must update
    the header (they are the honest record of fit, not targets)."""
    from dualdilemma.cartels.minimal import minimal_effective_cartels

    s = load_scenario(name)
    members = set(s.regime.members)
    profile = ["control" if n in members else "export" for n in s.suppliers]
    assert s.market.leakage(profile, exact=True) == leakage > s.tolerance  # not effective
    found = minimal_effective_cartels(s.market, s.tolerance)
    assert found.complete and found.smallest_size == smallest and len(found.cartels) == count
    if smallest_cartel is not None:
        assert set(found.cartels[0]) == smallest_cartel
    text = (BUILTIN_DIR / f"{name}.toml").read_text(encoding="utf-8")
    assert f"{float(leakage):.2f}"[1:] in text  # the header quotes the leakage


@pytest.mark.parametrize("name", ["nsg-1975", "nsg-1991", "australia-group-1985", "mtcr-1987"])
def test_historical_groups_are_never_self_enforcing_even_when_tolerated(name: str) -> None:
    """What the headers say: at a tolerance equal to the group's own leakage the historical
    group is effective, yet control pays no member more than the punishment (delta* never)."""
    from dualdilemma.cartels.analysis import analyse_cartel

    s = load_scenario(name)
    members = s.regime.members
    profile = ["control" if n in set(members) else "export" for n in s.suppliers]
    own_leakage = s.market.leakage(profile, exact=True)
    result = analyse_cartel(
        s.market,
        members,
        tolerance=own_leakage,
        discount=s.discount,
        detection=s.detection,
        punishment=s.punishment,
        stability=False,
    )
    assert result.effective and result.self_enforcing is False
    assert all(d.status == "never" for _, d in result.critical_discounts)
