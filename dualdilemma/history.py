r"""The export-control regimes' history, shipped as package data (MODEL s.7).

Five CSV files in ``dualdilemma/data/history`` hold what the record says about the Nuclear
Suppliers Group (``NSG``), the Zangger Committee (``ZC``), the Australia Group (``AG``), the
Missile Technology Control Regime (``MTCR``) and, briefly, COCOM and the Wassenaar Arrangement
(``COCOM``, ``WA``):

``regimes.csv``
    founding year and date, founding event, founding group size, dissolution and successor;
``founders.csv``
    founding and early members by name, with the year they joined;
``membership.csv``
    membership counts by year (year-end counts where the source gives them);
``shocks.csv``
    the shocks (proliferation events, a treaty, a political change) and the regime's response
    to each, with their dates;
``participants.csv``
    today's participants of the NSG, the Australia Group and the MTCR with the year each
    joined, from the regimes' official participant tables;
``sources.csv``
    the citations (with addresses) that every row of the other files refers to by key.

Every row names its source(s) (keys of ``sources.csv``, which cite official documents, archival
records or, flagged as such, secondary accounts) and says whether it is an **estimate**: a value
carried forward over years in which the source lists no change, a year picked inside a range
("1976-77"), or a figure from a secondary source.  The ``basis`` column of ``membership.csv``
says which (``official table``, ``reported``, ``derived`` or ``carried forward``); the NSG's
yearly counts are ``derived`` from its participant table (years of adherence).

Derived quantities
------------------
* The **lag** of a response is :math:`y_{\text{response}} - y_{\text{shock}}` in whole years,
  counted from the shock's last year when it is dated only as a range (the MTCR's missile
  shocks of 1978-81); :attr:`ShockResponse.lag_range` gives both ends.
* The **yearly membership changes** of a regime with a count for every year in a span are
  :math:`\Delta_t = n_t - n_{t-1}`; their kurtosis and L-kurtosis
  (:mod:`dualdilemma.dynamics.moments`) measure how punctuated the regime's growth was
  (MODEL s.5, C6).  Only the NSG has a yearly series (1974-2013, from its adherence table).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from dualdilemma.errors import FormatError, InvalidParameterError

__all__ = [
    "Source",
    "Founder",
    "Participant",
    "MembershipCount",
    "ShockResponse",
    "ChangeStatistics",
    "Regime",
    "HistoryData",
    "load_history",
    "regime",
    "regime_names",
    "shock_responses",
    "history_directory",
    "REGIME_ALIASES",
]

#: Accepted spellings of each regime key (lower case, spaces and underscores as hyphens).
REGIME_ALIASES = MappingProxyType(
    {
        "nsg": "NSG",
        "nuclear-suppliers-group": "NSG",
        "london-club": "NSG",
        "zc": "ZC",
        "zangger": "ZC",
        "zangger-committee": "ZC",
        "ag": "AG",
        "australia-group": "AG",
        "mtcr": "MTCR",
        "missile-technology-control-regime": "MTCR",
        "cocom": "COCOM",
        "wa": "WA",
        "wassenaar": "WA",
        "wassenaar-arrangement": "WA",
    }
)

_FILES = ("sources", "regimes", "founders", "membership", "shocks", "participants")
_COLUMNS = {
    "sources": ("key", "citation", "url"),
    "regimes": (
        "regime",
        "name",
        "domain",
        "founded_year",
        "founded_date",
        "founding_event",
        "founding_size",
        "dissolved_year",
        "successor",
        "source",
        "estimate",
        "note",
    ),
    "founders": ("regime", "member", "year", "role", "source", "estimate", "note"),
    "participants": ("regime", "member", "year", "source", "estimate", "note"),
    "membership": ("regime", "year", "members", "basis", "source", "estimate", "note"),
    "shocks": (
        "regime",
        "kind",
        "shock",
        "shock_year",
        "shock_year_end",
        "shock_date",
        "response",
        "response_year",
        "response_date",
        "source",
        "estimate",
        "note",
    ),
}
_BASES = ("official table", "reported", "derived", "carried forward")
_KINDS = ("proliferation", "treaty", "political")
_ROLES = ("founder", "early")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


# -- records ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    """A citation that data rows refer to by ``key``."""

    key: str
    citation: str
    url: str

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "citation": self.citation, "url": self.url}


@dataclass(frozen=True)
class Founder:
    """A founding or early member of a regime and the year it joined."""

    member: str
    year: int
    role: str
    sources: tuple[str, ...]
    estimate: bool
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "member": self.member,
            "year": self.year,
            "role": self.role,
            "sources": list(self.sources),
            "estimate": self.estimate,
            "note": self.note,
        }


@dataclass(frozen=True)
class Participant:
    """A present participant of a regime and the year it joined (official participant table)."""

    member: str
    year: int
    sources: tuple[str, ...]
    estimate: bool
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "member": self.member,
            "year": self.year,
            "sources": list(self.sources),
            "estimate": self.estimate,
            "note": self.note,
        }


@dataclass(frozen=True)
class MembershipCount:
    """A regime's number of members in one year; ``basis`` says where the number comes from."""

    year: int
    members: int
    basis: str
    sources: tuple[str, ...]
    estimate: bool
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "members": self.members,
            "basis": self.basis,
            "sources": list(self.sources),
            "estimate": self.estimate,
            "note": self.note,
        }


@dataclass(frozen=True)
class ShockResponse:
    """A shock and the regime's response to it (see the module docstring for the lag)."""

    regime: str
    kind: str
    shock: str
    shock_year: int
    shock_year_end: int
    shock_date: str
    response: str
    response_year: int
    response_date: str
    sources: tuple[str, ...]
    estimate: bool
    note: str

    @property
    def lag(self) -> int:
        """Whole years from the shock (its last year) to the response."""
        return self.response_year - self.shock_year_end

    @property
    def lag_range(self) -> tuple[int, int]:
        """``(shortest, longest)`` lag over the years the shock is dated to."""
        return (self.response_year - self.shock_year_end, self.response_year - self.shock_year)

    @property
    def label(self) -> str:
        """``"NSG 1974 -> 1975"`` (a range shows as ``1978-81``)."""
        shock = str(self.shock_year)
        if self.shock_year_end != self.shock_year:
            shock += f"-{self.shock_year_end % 100:02d}"
        return f"{self.regime} {shock} -> {self.response_year}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "kind": self.kind,
            "shock": self.shock,
            "shock_year": self.shock_year,
            "shock_year_end": self.shock_year_end,
            "shock_date": self.shock_date or None,
            "response": self.response,
            "response_year": self.response_year,
            "response_date": self.response_date or None,
            "lag": self.lag,
            "lag_range": list(self.lag_range),
            "sources": list(self.sources),
            "estimate": self.estimate,
            "note": self.note,
        }


@dataclass(frozen=True)
class ChangeStatistics:
    """Kurtosis and L-kurtosis of a series of yearly changes, beside the normal references."""

    years: tuple[int, int]
    changes: tuple[int, ...]
    kurtosis: float
    l_kurtosis: float
    estimated_years: int

    def to_dict(self) -> dict[str, Any]:
        from dualdilemma.dynamics.moments import NORMAL_KURTOSIS, NORMAL_L_KURTOSIS

        return {
            "years": list(self.years),
            "changes": list(self.changes),
            "kurtosis": _json_float(self.kurtosis),
            "l_kurtosis": _json_float(self.l_kurtosis),
            "normal_kurtosis": NORMAL_KURTOSIS,
            "normal_l_kurtosis": NORMAL_L_KURTOSIS,
            "estimated_years": self.estimated_years,
        }


def _json_float(value: float) -> float | None:
    return None if value != value else float(value)


@dataclass(frozen=True)
class Regime:
    """One regime: founding facts, founders, membership counts and shocks."""

    key: str
    name: str
    domain: str
    founded_year: int
    founded_date: str
    founding_event: str
    founding_size: int | None
    dissolved_year: int | None
    successor: str
    sources: tuple[str, ...]
    estimate: bool
    note: str
    founders: tuple[Founder, ...] = ()
    membership: tuple[MembershipCount, ...] = ()
    shocks: tuple[ShockResponse, ...] = ()
    participants: tuple[Participant, ...] = ()

    def joined_by(self, year: int) -> tuple[str, ...]:
        """Today's participants that had joined by the end of ``year`` (participant table).

        >>> regime("MTCR").joined_by(1987)
        ('Canada', 'France', 'Germany', 'Italy', 'Japan', 'United Kingdom', 'United States')
        """
        return tuple(p.member for p in self.participants if p.year <= year)

    def series(self) -> tuple[np.ndarray, np.ndarray]:
        """``(years, members)`` of :attr:`membership` as integer arrays, by year.

        >>> years, members = regime("NSG").series()
        >>> int(years[0]), int(members[0]), int(years[-1]), int(members[-1])
        (1974, 7, 2013, 48)
        """
        years = np.array([row.year for row in self.membership], dtype=np.int64)
        members = np.array([row.members for row in self.membership], dtype=np.int64)
        return years, members

    @property
    def yearly(self) -> bool:
        """Whether the counts cover every year of their span (at least 5 years)."""
        years, _ = self.series()
        return len(years) >= 5 and bool(np.all(np.diff(years) == 1))

    def yearly_changes(self) -> np.ndarray:
        """:math:`n_t - n_{t-1}` over the yearly series.

        Raises
        ------
        InvalidParameterError
            When the counts do not cover every year of their span.

        >>> regime("NSG").yearly_changes()[:5].tolist()
        [0, 0, 0, 9, 0]
        """
        if not self.yearly:
            years, _ = self.series()
            raise InvalidParameterError(
                f"{self.key} has membership counts for {len(years)} scattered years "
                f"({', '.join(str(int(y)) for y in years)}), not a yearly series; only regimes "
                "with a count for every year have yearly changes"
            )
        return np.diff(self.series()[1])

    def change_statistics(self) -> ChangeStatistics:
        """Kurtosis and L-kurtosis of :meth:`yearly_changes`.

        >>> stats = regime("NSG").change_statistics()
        >>> round(stats.kurtosis, 2), round(stats.l_kurtosis, 3)
        (11.97, 0.314)
        """
        from dualdilemma.dynamics.moments import kurtosis, l_kurtosis

        changes = self.yearly_changes()
        years, _ = self.series()
        return ChangeStatistics(
            years=(int(years[0]), int(years[-1])),
            changes=tuple(int(c) for c in changes),
            kurtosis=float(kurtosis(changes)),
            l_kurtosis=float(l_kurtosis(changes)),
            estimated_years=sum(1 for row in self.membership if row.estimate),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "regime": self.key,
            "name": self.name,
            "domain": self.domain,
            "founded_year": self.founded_year,
            "founded_date": self.founded_date or None,
            "founding_event": self.founding_event,
            "founding_size": self.founding_size,
            "dissolved_year": self.dissolved_year,
            "successor": self.successor or None,
            "sources": list(self.sources),
            "estimate": self.estimate,
            "note": self.note,
            "founders": [f.to_dict() for f in self.founders],
            "membership": [m.to_dict() for m in self.membership],
            "shocks": [s.to_dict() for s in self.shocks],
            "participants": [p.to_dict() for p in self.participants],
        }


@dataclass(frozen=True)
class HistoryData:
    """All regimes (by key, in file order) and the sources they cite."""

    regimes: Mapping[str, Regime]
    sources: Mapping[str, Source] = field(default_factory=dict)

    def regime(self, name: str) -> Regime:
        """A regime by key or alias (case-insensitive), e.g. ``"nsg"`` or ``"Australia Group"``."""
        if not isinstance(name, str):
            raise InvalidParameterError(f"a regime name must be a string, got {name!r}")
        text = re.sub(r"[\s_]+", "-", name.strip().lower())
        key = REGIME_ALIASES.get(text, name.strip().upper())
        if key not in self.regimes:
            known = ", ".join(self.regimes)
            raise InvalidParameterError(f"unknown regime {name!r}; regimes: {known}")
        return self.regimes[key]

    def shock_responses(self, kind: str | None = "proliferation") -> tuple[ShockResponse, ...]:
        """Every shock-response pair of the given ``kind`` (``None``: all), in file order."""
        if kind is not None and kind not in _KINDS:
            raise InvalidParameterError(f"kind must be one of {list(_KINDS)} or None, got {kind!r}")
        return tuple(
            s for r in self.regimes.values() for s in r.shocks if kind is None or s.kind == kind
        )

    def cited(self, keys: Iterable[str]) -> tuple[Source, ...]:
        """The sources with these keys, each once, in the order given."""
        seen: dict[str, Source] = {}
        for key in keys:
            seen.setdefault(key, self.sources[key])
        return tuple(seen.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "regimes": [r.to_dict() for r in self.regimes.values()],
            "sources": [s.to_dict() for s in self.sources.values()],
        }


# -- loading ------------------------------------------------------------------------------------
def history_directory() -> Traversable:
    """The shipped data directory ``dualdilemma/data/history``."""
    return resources.files("dualdilemma").joinpath("data", "history")


class _Reader:
    """Typed access to one CSV row, with errors that name the file, line and column."""

    def __init__(self, file: str, line: int, row: dict[str, str], sources: Mapping[str, Any]):
        self.file, self.line, self.row, self.known_sources = file, line, row, sources

    def fail(self, column: str, message: str) -> FormatError:
        return FormatError(f"{self.file}.csv line {self.line}, column {column!r}: {message}")

    def text(self, column: str, *, required: bool = True) -> str:
        value = self.row[column].strip()
        if required and not value:
            raise self.fail(column, "is empty")
        return value

    def integer(self, column: str, *, required: bool = True, minimum: int = 0) -> int | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            raise self.fail(column, f"expected an integer, got {value!r}") from None
        if number < minimum:
            raise self.fail(column, f"must be >= {minimum}, got {number}")
        return number

    def year(self, column: str, *, required: bool = True) -> int | None:
        return self.integer(column, required=required, minimum=1900)

    def flag(self, column: str) -> bool:
        value = self.text(column).lower()
        if value not in ("true", "false"):
            raise self.fail(column, f"expected true or false, got {value!r}")
        return value == "true"

    def choice(self, column: str, options: tuple[str, ...]) -> str:
        value = self.text(column)
        if value not in options:
            raise self.fail(column, f"expected one of {list(options)}, got {value!r}")
        return value

    def date(self, column: str, year: int | None) -> str:
        value = self.text(column, required=False)
        if value and not _DATE.match(value):
            raise self.fail(column, f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
        if value and year is not None and int(value[:4]) != year:
            raise self.fail(column, f"date {value} is not in the row's year {year}")
        return value

    def source_keys(self) -> tuple[str, ...]:
        keys = tuple(k.strip() for k in self.text("source").split(";") if k.strip())
        unknown = [k for k in keys if k not in self.known_sources]
        if unknown or not keys:
            raise self.fail("source", f"unknown source key(s) {unknown or keys}")
        return keys


def _rows(directory: Any, name: str) -> list[tuple[int, dict[str, str]]]:
    path = directory.joinpath(f"{name}.csv")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormatError(f"history data file {name}.csv is missing from {directory}") from None
    reader = csv.DictReader(io.StringIO(text))
    expected = _COLUMNS[name]
    if tuple(reader.fieldnames or ()) != expected:
        raise FormatError(
            f"{name}.csv must have the columns {list(expected)}, got {reader.fieldnames}"
        )
    rows = []
    for row in reader:
        if None in row or any(v is None for v in row.values()):
            raise FormatError(f"{name}.csv line {reader.line_num}: wrong number of fields")
        rows.append((reader.line_num, row))
    return rows


def load_history(directory: str | Path | Traversable | None = None) -> HistoryData:
    """Load and validate the history data (default: the shipped files, cached).

    Raises
    ------
    FormatError
        A missing file or column, a malformed number, date or flag, an unknown source key or
        regime, duplicate years, a response before its shock; the message names the file,
        line and column.

    Examples
    --------
    >>> data = load_history()
    >>> list(data.regimes)
    ['NSG', 'ZC', 'AG', 'MTCR', 'COCOM', 'WA']
    >>> [s.label for s in data.shock_responses()]
    ['NSG 1974 -> 1975', 'NSG 1974 -> 1978', 'NSG 1991 -> 1992', 'AG 1984 -> 1985', 'MTCR 1978-81 -> 1987']
    """  # noqa: E501
    if directory is None:
        return _load_shipped()
    if isinstance(directory, str | Path):
        directory = Path(directory)
    return _load(directory)


@functools.lru_cache(maxsize=1)
def _load_shipped() -> HistoryData:
    return _load(history_directory())


def _load(directory: Any) -> HistoryData:
    sources: dict[str, Source] = {}
    for line, row in _rows(directory, "sources"):
        reader = _Reader("sources", line, row, {})
        key = reader.text("key")
        if key in sources:
            raise reader.fail("key", f"duplicate source key {key!r}")
        sources[key] = Source(key, reader.text("citation"), reader.text("url", required=False))

    regimes: dict[str, dict[str, Any]] = {}
    for line, row in _rows(directory, "regimes"):
        r = _Reader("regimes", line, row, sources)
        key = r.text("regime")
        if key in regimes:
            raise r.fail("regime", f"duplicate regime {key!r}")
        founded = r.year("founded_year")
        regimes[key] = {
            "key": key,
            "name": r.text("name"),
            "domain": r.text("domain"),
            "founded_year": founded,
            "founded_date": r.date("founded_date", founded),
            "founding_event": r.text("founding_event"),
            "founding_size": r.integer("founding_size", required=False, minimum=1),
            "dissolved_year": r.year("dissolved_year", required=False),
            "successor": r.text("successor", required=False),
            "sources": r.source_keys(),
            "estimate": r.flag("estimate"),
            "note": r.text("note", required=False),
            "founders": [],
            "membership": [],
            "shocks": [],
            "participants": [],
        }
    for key, entry in regimes.items():
        if entry["successor"] and entry["successor"] not in regimes:
            raise FormatError(f"regimes.csv: successor {entry['successor']!r} of {key} unknown")

    def owner(reader: _Reader) -> dict[str, Any]:
        key = reader.text("regime")
        if key not in regimes:
            raise reader.fail("regime", f"unknown regime {key!r}; regimes.csv has {list(regimes)}")
        return regimes[key]

    for line, row in _rows(directory, "founders"):
        r = _Reader("founders", line, row, sources)
        target = owner(r)
        target["founders"].append(
            Founder(
                member=r.text("member"),
                year=r.year("year"),
                role=r.choice("role", _ROLES),
                sources=r.source_keys(),
                estimate=r.flag("estimate"),
                note=r.text("note", required=False),
            )
        )
    for line, row in _rows(directory, "membership"):
        r = _Reader("membership", line, row, sources)
        target = owner(r)
        year = r.year("year")
        if any(m.year == year for m in target["membership"]):
            raise r.fail("year", f"{target['key']} already has a count for {year}")
        if target["membership"] and target["membership"][-1].year > year:
            raise r.fail(
                "year",
                f"years of {target['key']} must increase, got {year} after "
                f"{target['membership'][-1].year}",
            )
        basis = r.choice("basis", _BASES)
        estimate = r.flag("estimate")
        if basis == "carried forward" and not estimate:
            raise r.fail("estimate", "a count carried forward must be flagged as an estimate")
        target["membership"].append(
            MembershipCount(
                year=year,
                members=r.integer("members"),
                basis=basis,
                sources=r.source_keys(),
                estimate=estimate,
                note=r.text("note", required=False),
            )
        )
    for line, row in _rows(directory, "shocks"):
        r = _Reader("shocks", line, row, sources)
        target = owner(r)
        start, end = r.year("shock_year"), r.year("shock_year_end")
        response = r.year("response_year")
        if end < start:
            raise r.fail("shock_year_end", f"{end} is before shock_year {start}")
        if response < end:
            raise r.fail("response_year", f"response in {response} before the shock ({end})")
        target["shocks"].append(
            ShockResponse(
                regime=target["key"],
                kind=r.choice("kind", _KINDS),
                shock=r.text("shock"),
                shock_year=start,
                shock_year_end=end,
                shock_date=r.date("shock_date", start),
                response=r.text("response"),
                response_year=response,
                response_date=r.date("response_date", response),
                sources=r.source_keys(),
                estimate=r.flag("estimate"),
                note=r.text("note", required=False),
            )
        )
    for line, row in _rows(directory, "participants"):
        r = _Reader("participants", line, row, sources)
        target = owner(r)
        member = r.text("member")
        if any(p.member == member for p in target["participants"]):
            raise r.fail("member", f"{member!r} is listed twice for {target['key']}")
        year = r.year("year")
        target["participants"].append(
            Participant(
                member=member,
                year=year,
                sources=r.source_keys(),
                estimate=r.flag("estimate"),
                note=r.text("note", required=False),
            )
        )
    lists = ("founders", "membership", "shocks", "participants")
    built = {
        key: Regime(
            **{k: v for k, v in entry.items() if k not in lists},
            **{k: tuple(entry[k]) for k in lists},
        )
        for key, entry in regimes.items()
    }
    return HistoryData(MappingProxyType(built), MappingProxyType(sources))


# -- convenience --------------------------------------------------------------------------------
def regime(name: str) -> Regime:
    """A shipped regime by key or alias.

    >>> regime("australia group").founding_size
    15
    >>> regime("OPEC")
    Traceback (most recent call last):
    ...
    dualdilemma.errors.InvalidParameterError: unknown regime 'OPEC'; regimes: NSG, ZC, AG, MTCR, COCOM, WA
    """  # noqa: E501
    return load_history().regime(name)


def regime_names() -> tuple[str, ...]:
    """The keys of the shipped regimes, in file order."""
    return tuple(load_history().regimes)


def shock_responses(kind: str | None = "proliferation") -> tuple[ShockResponse, ...]:
    """The shipped shock-response pairs of ``kind`` (default: proliferation shocks).

    >>> [(s.label, s.lag) for s in shock_responses()][:4]
    [('NSG 1974 -> 1975', 1), ('NSG 1974 -> 1978', 4), ('NSG 1991 -> 1992', 1), ('AG 1984 -> 1985', 1)]
    """  # noqa: E501
    return load_history().shock_responses(kind)
