"""The regimes' history shipped as package data and the `dualdilemma history` command."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.stats

from dualdilemma.cli import main
from dualdilemma.errors import FormatError, InvalidParameterError
from dualdilemma.history import history_directory, load_history, regime, shock_responses

DATA = Path(str(history_directory()))

# -- the record as MODEL s.7 states it ------------------------------------------------------------
#: year-end NSG adherence counts of MODEL s.7 (official adherence table)
NSG_TABLE = {
    1974: 7, 1978: 16, 1980: 17, 1984: 22, 1985: 23, 1986: 24, 1988: 25, 1989: 26, 1991: 27,
    1993: 28, 1994: 30, 1995: 32, 1996: 34, 1997: 35, 2000: 39, 2002: 40, 2004: 44, 2005: 45,
    2009: 46, 2012: 47, 2013: 48,
}  # fmt: skip


def test_nsg_counts_are_the_adherence_table() -> None:
    nsg = regime("NSG")
    by_year = {m.year: m for m in nsg.membership}
    for year, count in NSG_TABLE.items():
        assert by_year[year].members == count, year
        assert by_year[year].basis == "official table" and not by_year[year].estimate
    years, members = nsg.series()
    assert years.tolist() == list(range(1974, 2014))  # a yearly series
    assert np.all(np.diff(members) >= 0)
    # every year the table does not list carries the last count forward, flagged as an estimate
    for m in nsg.membership:
        if m.year not in NSG_TABLE:
            assert m.basis == "carried forward" and m.estimate
            assert m.members == NSG_TABLE[max(y for y in NSG_TABLE if y < m.year)]


@pytest.mark.parametrize(
    ("key", "founders", "year"),
    [
        pytest.param(
            "NSG",
            {
                "Canada",
                "France",
                "West Germany",
                "Japan",
                "Soviet Union",
                "United Kingdom",
                "United States",
            },
            1975,
            id="nsg-london-seven",
        ),
        pytest.param(
            "MTCR",
            {
                "Canada",
                "France",
                "West Germany",
                "Italy",
                "Japan",
                "United Kingdom",
                "United States",
            },
            1987,
            id="mtcr-g7",
        ),
    ],
)
def test_founders(key: str, founders: set[str], year: int) -> None:
    record = regime(key)
    named = {f.member for f in record.founders if f.role == "founder"}
    assert named == founders
    assert record.founded_year == year
    assert record.founding_size == len(founders)


@pytest.mark.parametrize(
    ("key", "founded", "size"),
    [
        pytest.param("NSG", 1975, 7, id="nsg"),
        pytest.param("ZC", 1971, 15, id="zangger"),
        pytest.param("AG", 1985, 15, id="australia-group"),
        pytest.param("MTCR", 1987, 7, id="mtcr"),
        pytest.param("WA", 1996, 33, id="wassenaar"),
    ],
)
def test_founding_facts(key: str, founded: int, size: int) -> None:
    record = regime(key)
    assert (record.founded_year, record.founding_size) == (founded, size)


def test_nsg_growth_after_the_founding() -> None:
    """MODEL s.7: 15 states by 1977 (the eight who joined the seven in 1976-77)."""
    record = regime("NSG")
    early = [f for f in record.founders if f.role == "early"]
    assert len(early) == 8 and len(record.founders) == 15
    assert all(f.estimate for f in early)  # the year within 1976-77 is an estimate


@pytest.mark.parametrize(
    ("label", "lag"),
    [
        pytest.param("NSG 1974 -> 1975", 1, id="india-london-club"),
        pytest.param("NSG 1974 -> 1978", 4, id="india-infcirc254"),
        pytest.param("AG 1984 -> 1985", 1, id="iraq-cw-australia-group"),
        pytest.param("NSG 1991 -> 1992", 1, id="iraq-nsg-part2"),
        pytest.param("MTCR 1978-81 -> 1987", 6, id="missiles-mtcr"),
    ],
)
def test_shock_response_lags(label: str, lag: int) -> None:
    found = {s.label: s for s in shock_responses()}
    assert found[label].lag == lag
    assert found[label].kind == "proliferation"


def test_lag_range_of_a_dated_range() -> None:
    mtcr = next(s for s in shock_responses() if s.regime == "MTCR")
    assert mtcr.lag_range == (6, 9) and mtcr.estimate
    assert {s.kind for s in shock_responses(None)} == {"proliferation", "treaty", "political"}
    with pytest.raises(InvalidParameterError, match="kind must be one of"):
        shock_responses("war")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        pytest.param("nsg", "NSG", id="lower"),
        pytest.param("London Club", "NSG", id="london-club"),
        pytest.param("Nuclear Suppliers Group", "NSG", id="full-name"),
        pytest.param("australia_group", "AG", id="underscore"),
        pytest.param("Zangger", "ZC", id="zangger"),
        pytest.param("Missile Technology Control Regime", "MTCR", id="mtcr-full"),
        pytest.param(" wassenaar ", "WA", id="padded"),
        pytest.param("cocom", "COCOM", id="cocom"),
    ],
)
def test_regime_aliases(name: str, key: str) -> None:
    assert regime(name).key == key


@pytest.mark.parametrize("name", ["OPEC", "", "NSG2"])
def test_unknown_regime_is_a_typed_error_naming_it(name: str) -> None:
    with pytest.raises(InvalidParameterError, match="unknown regime"):
        regime(name)


def test_every_row_cites_known_sources_and_flags_estimates() -> None:
    data = load_history()
    for r in data.regimes.values():
        keys = [*r.sources]
        keys += [k for f in r.founders for k in f.sources]
        keys += [k for m in r.membership for k in m.sources]
        keys += [k for s in r.shocks for k in s.sources]
        assert keys and all(k in data.sources for k in keys)
    # COCOM's founding figures come from a secondary source
    assert regime("COCOM").estimate
    assert all(f.estimate for f in regime("COCOM").founders)


def test_nsg_punctuation_matches_scipy() -> None:
    stats = regime("NSG").change_statistics()
    changes = np.diff([m.members for m in regime("NSG").membership])
    assert list(stats.changes) == changes.tolist()
    assert stats.kurtosis == pytest.approx(scipy.stats.kurtosis(changes, fisher=False))
    assert stats.l_kurtosis == pytest.approx(scipy.stats.lmoment(changes, order=4))
    assert stats.kurtosis > 3 and stats.l_kurtosis > 0.1226  # leptokurtic
    assert stats.estimated_years == sum(1 for m in regime("NSG").membership if m.estimate)


def test_scattered_counts_have_no_yearly_changes() -> None:
    with pytest.raises(InvalidParameterError, match="not a yearly series"):
        regime("MTCR").yearly_changes()


def test_records_serialise_to_json() -> None:
    text = json.dumps(load_history().to_dict(), allow_nan=False)
    assert '"lag": 4' in text


# -- malformed data files -------------------------------------------------------------------------
def _edit(directory: Path, name: str, line: int, column: str, value: str) -> None:
    path = directory / f"{name}.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    fields = list(rows[0])
    rows[line - 2][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    ("name", "line", "column", "value", "message"),
    [
        pytest.param("membership", 2, "source", "nowhere", "unknown source key", id="source"),
        pytest.param("membership", 2, "estimate", "maybe", "expected true or false", id="flag"),
        pytest.param("membership", 3, "year", "1974", "already has a count", id="dup-year"),
        pytest.param("membership", 3, "year", "1973", "must increase", id="year-order"),
        pytest.param("membership", 3, "estimate", "false", "must be flagged", id="carried"),
        pytest.param("membership", 2, "members", "many", "expected an integer", id="count"),
        pytest.param("membership", 2, "basis", "rumour", "expected one of", id="basis"),
        pytest.param("regimes", 2, "founded_date", "1975/11", "expected YYYY", id="date"),
        pytest.param("regimes", 2, "founded_date", "1976-11", "not in the row's year", id="yr"),
        pytest.param("shocks", 2, "response_year", "1970", "before the shock", id="order"),
        pytest.param("founders", 2, "regime", "OPEC", "unknown regime", id="regime"),
    ],
)
def test_malformed_rows_name_file_line_and_column(
    tmp_path: Path, name: str, line: int, column: str, value: str, message: str
) -> None:
    directory = tmp_path / "history"
    shutil.copytree(DATA, directory)
    _edit(directory, name, line, column, value)
    with pytest.raises(FormatError, match=message) as info:
        load_history(directory)
    assert f"{name}.csv line {line}" in str(info.value)
    assert repr(column) in str(info.value)


def test_missing_file_and_wrong_columns(tmp_path: Path) -> None:
    directory = tmp_path / "history"
    shutil.copytree(DATA, directory)
    (directory / "shocks.csv").unlink()
    with pytest.raises(FormatError, match="shocks.csv is missing"):
        load_history(directory)
    shutil.copy(DATA / "shocks.csv", directory / "shocks.csv")
    text = (directory / "sources.csv").read_text().replace("citation", "cite", 1)
    (directory / "sources.csv").write_text(text)
    with pytest.raises(FormatError, match="must have the columns"):
        load_history(directory)


def test_loading_a_copy_gives_the_shipped_data(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "h")
    assert load_history(tmp_path / "h").to_dict() == load_history().to_dict()


# -- the command line -----------------------------------------------------------------------------
def test_cli_overview(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "Nuclear Suppliers Group" in out and "Wassenaar" in out
    assert "kurtosis 12" in out and "Sources:" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_cli_regime_json_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "nsg", "--format", "json"]) == 0
    first = capsys.readouterr().out
    assert main(["history", "NSG", "--format", "json"]) == 0
    assert capsys.readouterr().out == first
    data = json.loads(first)
    assert data["format"] == "dualdilemma-history/1"
    assert [r["regime"] for r in data["regimes"]] == ["NSG"]
    assert data["punctuation"]["kurtosis"] == pytest.approx(11.969466785602686)
    assert {s["response_year"] for s in data["shock_responses"]} == {1975, 1978, 1992}
    keys = {s["key"] for s in data["sources"]}
    assert {"nsg-adherence", "model-s7"} <= keys


def test_cli_scenario_founding_groups(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "mtcr", "--scenarios", "--format", "json"]) == 0
    rows = {r["scenario"]: r for r in json.loads(capsys.readouterr().out)["scenario_founding"]}
    nsg = rows["nsg-1975"]
    assert nsg["recorded_size"] == 7 and nsg["founding_size"] == 7
    assert nsg["minimal_effective_size"] is not None and nsg["sustainable_size"] is not None
    assert set(nsg["overlap"]) <= set(nsg["recorded_members"])
    # the model's smallest effective cartel is at most its smallest self-enforcing one
    for row in rows.values():
        if row["sustainable_size"] is not None:
            assert row["minimal_effective_size"] <= row["sustainable_size"]


def test_cli_unknown_regime_exits_2_with_one_line() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "dualdilemma.cli", "history", "OPEC"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.count("\n") == 1 and "unknown regime 'OPEC'" in completed.stderr
