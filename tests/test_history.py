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

# -- the record ------------------------------------------------------------------------------------
#: year-end NSG counts, derived from the NSG's participant table (years of adherence)
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
        assert by_year[year].basis == "derived" and not by_year[year].estimate
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
    """INFCIRC/254: fifteen governments by January 1978 (the eight who joined the seven)."""
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
    assert {s["response_year"] for s in data["shock_responses"]} == {1975, 1978, 1991, 1992}
    keys = {s["key"] for s in data["sources"]}
    assert {"nsg-participants", "us-london-09455-1975"} <= keys


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


# -- data integrity: the official participant tables ---------------------------------------------
def _participants(key: str) -> dict[str, int]:
    return {p.member: p.year for p in regime(key).participants}


@pytest.mark.parametrize(
    ("key", "count", "states"),
    [
        pytest.param("NSG", 48, 48, id="nsg-48"),
        pytest.param("AG", 43, 42, id="australia-group-42-and-the-eu"),
        pytest.param("MTCR", 35, 35, id="mtcr-35"),
    ],
)
def test_participant_counts_match_the_official_tables(key: str, count: int, states: int) -> None:
    members = _participants(key)
    assert len(members) == count
    assert len([m for m in members if m != "European Union"]) == states


@pytest.mark.parametrize(
    ("key", "member", "year"),
    [
        pytest.param("NSG", "United States", 1974, id="nsg-us"),
        pytest.param("NSG", "Australia", 1978, id="nsg-australia"),
        pytest.param("NSG", "Romania", 1990, id="nsg-romania"),
        pytest.param("NSG", "Argentina", 1994, id="nsg-argentina"),
        pytest.param("NSG", "Brazil", 1996, id="nsg-brazil"),
        pytest.param("NSG", "China", 2004, id="nsg-china"),
        pytest.param("NSG", "Mexico", 2012, id="nsg-mexico"),
        pytest.param("NSG", "Serbia", 2013, id="nsg-serbia"),
        pytest.param("AG", "Switzerland", 1987, id="ag-switzerland"),
        pytest.param("AG", "Argentina", 1993, id="ag-argentina"),
        pytest.param("AG", "Mexico", 2013, id="ag-mexico"),
        pytest.param("AG", "India", 2018, id="ag-india"),
        pytest.param("MTCR", "Spain", 1989, id="mtcr-spain"),
        pytest.param("MTCR", "Russia", 1995, id="mtcr-russia"),
        pytest.param("MTCR", "Bulgaria", 2004, id="mtcr-bulgaria"),
        pytest.param("MTCR", "India", 2016, id="mtcr-india"),
    ],
)
def test_accession_years(key: str, member: str, year: int) -> None:
    assert _participants(key)[member] == year


def test_nsg_year_end_counts_follow_from_the_participant_table() -> None:
    """Every yearly NSG count, carried-forward years included, is the number of today's
    participants that had adhered by then, plus East Germany (a participant from the London
    meetings until German unification in October 1990) and minus one for Czechoslovakia, which
    the table lists as the Czech Republic and Slovakia although it split only in March 1993."""
    nsg = regime("NSG")
    for row in nsg.membership:
        derived = len(nsg.joined_by(row.year))
        if 1978 <= row.year <= 1992:
            derived -= 1  # the Czech Republic and Slovakia were one participant
        if 1978 <= row.year <= 1989:
            derived += 1  # East Germany
        assert derived == row.members, row.year


def test_mtcr_early_counts_follow_from_the_participant_table() -> None:
    mtcr = regime("MTCR")
    counts = {m.year: m.members for m in mtcr.membership}
    assert len(mtcr.joined_by(1987)) == counts[1987] == 7
    assert len(mtcr.joined_by(1990)) == counts[1990] == 15
    assert len(mtcr.joined_by(1996)) == counts[1997] == 28  # ACDA: 28 by April 1997
    assert len(mtcr.joined_by(2012)) == counts[2012] == 34
    assert len(mtcr.joined_by(2016)) == counts[2016] == 35
    founders = {f.member for f in mtcr.founders if f.role == "founder"}
    assert len(founders) == len(mtcr.joined_by(1987))


def test_australia_group_counts_follow_from_the_participant_table() -> None:
    ag = regime("AG")
    counts = {m.year: m.members for m in ag.membership}
    states = [p for p in ag.participants if p.member != "European Union"]
    assert sum(p.year <= 2013 for p in states) == counts[2013] == 41
    assert sum(p.year <= 2018 for p in states) == counts[2018] == 42


def test_every_citation_is_a_document_not_the_project() -> None:
    data = load_history()
    for source in data.sources.values():
        text = source.citation.lower()
        assert "model.md" not in text and "project notes" not in text, source.key
        assert "wikipedia" not in source.url.lower(), source.key
        assert source.url, f"{source.key} has no address"
    used = {
        key
        for r in data.regimes.values()
        for rows in (r.founders, r.membership, r.shocks, r.participants)
        for row in rows
        for key in row.sources
    } | {key for r in data.regimes.values() for key in r.sources}
    assert used <= set(data.sources)


def test_london_club_first_met_in_april_1975() -> None:
    """State 119267 (21 May 1975) prepares the paper for the 18 June meeting 'as agreed at April
    nuclear suppliers' meeting'; the June meeting is the one cable 1975LONDON09455 reports."""
    nsg = regime("NSG")
    assert nsg.founded_date == "1975-04"
    first = next(s for s in nsg.shocks if s.response_year == 1975)
    assert first.response_date == "1975-04"
    assert {"us-state-119267-1975", "us-london-09455-1975"} <= set(first.sources)


def test_the_hague_revival_preceded_the_inspections_in_iraq() -> None:
    nsg = regime("NSG")
    hague = next(s for s in nsg.shocks if s.response_date == "1991-03")
    iraq = next(s for s in nsg.shocks if s.response_year == 1992)
    assert hague.kind == "treaty" and iraq.kind == "proliferation"
    assert hague.response_date < iraq.shock_date  # March 1991 before the May 1991 inspections
    assert {"chilcot-1-1", "iaea-iraq-action-team"} <= set(iraq.sources)


def test_a_participant_listed_twice_is_rejected(tmp_path: Path) -> None:
    for name in ("sources", "regimes", "founders", "membership", "shocks", "participants"):
        shutil.copy(DATA / f"{name}.csv", tmp_path / f"{name}.csv")
    with open(tmp_path / "participants.csv", "a", encoding="utf-8") as handle:
        handle.write("NSG,China,2004,nsg-participants,false,\n")
    with pytest.raises(FormatError, match="'China' is listed twice"):
        load_history(tmp_path)
