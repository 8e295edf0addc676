r"""Scenarios: export markets described in TOML files, and the package's built-in ones.

A scenario is an export market (MODEL s.2) plus the settings of the analyses run on it:

.. code-block:: toml

    [scenario]                   # optional
    title = "A three-supplier market"

    [market]
    value = 10                   # V > 0
    risk_without_supply = 0.05   # p0 in [0, 1]
    risk_with_supply = 0.9       # p1 in [p0, 1]
    tolerance = 0.1              # tau in [0, 1]: leakage a cartel may leave
    discount = 0.9               # delta in [0, 1)
    detection = 1.0              # beta in (0, 1]

    [[supplier]]
    name = "United States"
    capacity = 0.45              # k >= 0
    harm = 20                    # h >= 0
    safeguard = 0.6              # s in [0, 1]
    control_cost = 0             # c >= 0 (optional, default 0)

Optional tables: ``[scenario]`` (``name``, ``title``, ``description``, ``year``, ``sources``),
``[regime]`` (the historical regime: ``name``, ``year``, ``members``), ``[capacity_paths]``
(``years``, optional ``initial`` members, and one list of capacities per named supplier, for
the enlargement analysis of MODEL s.4) and ``[dynamics]`` (the regime-dynamics parameters of
MODEL s.5: ``shock_rate`` :math:`\lambda_0`, ``shock_gap_rate`` :math:`\lambda_1`,
``attention_decay`` :math:`\rho` and ``negotiation_cost``).  :data:`SCHEMA` lists every key.

Numbers are exact: TOML floats are read as decimals (``0.1`` is :math:`1/10`, never the binary
float), and strings such as ``"1/3"`` are fractions (:func:`dualdilemma._numbers.to_fraction`).
An unknown key is an error that names it and the nearest valid key; every error names the
table (and supplier) it comes from.  Scenario text is parsed by :mod:`tomllib` only and is never
evaluated.
"""

from __future__ import annotations

import dataclasses
import decimal
import difflib
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dualdilemma import limits
from dualdilemma._numbers import to_fraction
from dualdilemma.errors import DualDilemmaError, FormatError, InvalidParameterError
from dualdilemma.limits import shorten
from dualdilemma.solvers.result import json_number

if TYPE_CHECKING:  # pragma: no cover - the model (and sympy) load on first parse
    from dualdilemma.models.export_market import ExportMarket

__all__ = [
    "Scenario",
    "Regime",
    "CapacityPaths",
    "Dynamics",
    "Prior",
    "PRIOR_KEYS",
    "SCHEMA",
    "DEFAULT_SCENARIO",
    "parse_scenario",
    "load_scenario",
    "builtin_scenarios",
    "scenario_text",
]

#: The built-in scenario run when none is named.
DEFAULT_SCENARIO = "nsg-1975"

#: Every table and its keys; ``*`` marks required keys.  ``[capacity_paths]`` also takes one
#: key per supplier name.
SCHEMA: dict[str, tuple[str, ...]] = {
    "scenario": ("name", "title", "description", "year", "sources"),
    "market": (
        "value*",
        "risk_without_supply*",
        "risk_with_supply*",
        "risk_exponent",
        "tolerance",
        "discount",
        "detection",
        "punishment",
        "selection",
        "ties_stable",
    ),
    "supplier": ("name*", "capacity*", "harm*", "safeguard*", "control_cost"),
    "regime": ("name", "year", "members*"),
    "capacity_paths": ("years*", "initial"),
    "dynamics": ("shock_rate*", "shock_gap_rate*", "attention_decay*", "negotiation_cost*"),
    # one sub-table per uncertain parameter, [priors."<path>"], each with these keys
    "priors": ("distribution", "low*", "high*", "mode", "group", "rationale*", "source*"),
}
_PUNISHMENTS = ("nash", "minmax")
_SELECTIONS = ("max_risk", "min_risk")


def _keys(table: str) -> tuple[str, ...]:
    return tuple(k.rstrip("*") for k in SCHEMA[table])


def _required(table: str) -> tuple[str, ...]:
    return tuple(k.rstrip("*") for k in SCHEMA[table] if k.endswith("*"))


@dataclass(frozen=True)
class Regime:
    """The historical regime of a scenario: its name, founding year and member suppliers."""

    name: str
    year: int | None
    members: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "year": self.year, "members": list(self.members)}


@dataclass(frozen=True)
class CapacityPaths:
    """Capacities over time for the enlargement analysis.

    Attributes
    ----------
    years
        Year labels (integers), increasing.
    paths
        ``{supplier name: capacities, one per year}`` (exact).
    initial
        Members at the first year (default none).
    """

    years: tuple[int, ...]
    paths: Mapping[str, tuple[Fraction, ...]]
    initial: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "years": list(self.years),
            "initial": list(self.initial),
            "paths": {name: [json_number(x) for x in path] for name, path in self.paths.items()},
        }


@dataclass(frozen=True)
class Dynamics:
    r"""Regime-dynamics parameters (MODEL s.5): shocks arrive with probability
    :math:`\lambda_0 + \lambda_1 g_t` per year, attention decays by :math:`\rho`, and the regime
    is revised when attention times the gap exceeds the negotiation cost."""

    shock_rate: Fraction
    shock_gap_rate: Fraction
    attention_decay: Fraction
    negotiation_cost: Fraction

    def to_dict(self) -> dict[str, Any]:
        return {
            "shock_rate": json_number(self.shock_rate),
            "shock_gap_rate": json_number(self.shock_gap_rate),
            "attention_decay": json_number(self.attention_decay),
            "negotiation_cost": json_number(self.negotiation_cost),
        }


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: the export market and the settings of its analyses.

    Attributes
    ----------
    name, title, description, year, sources
        Metadata (``name`` defaults to the file's stem).
    market
        The :class:`~dualdilemma.models.export_market.ExportMarket` (exact numbers).
    tolerance, discount, detection
        :math:`\\tau`, :math:`\\delta` (``None`` if not given) and :math:`\\beta`.
    punishment, selection, ties_stable
        Cartel-analysis conventions (:func:`~dualdilemma.cartels.analysis.analyse_cartel`).
    regime, capacity_paths, dynamics
        The optional tables (``None`` when absent).
    priors
        The ``[priors]`` table: one :class:`Prior` per uncertain parameter (empty when absent).
    origin
        Where it was read from: a path, or ``"built-in"``.
    """

    name: str
    title: str
    description: str
    year: int | None
    sources: tuple[str, ...]
    market: ExportMarket
    tolerance: Fraction
    discount: Fraction | None
    detection: Fraction
    punishment: str = "nash"
    selection: str = "max_risk"
    ties_stable: bool = True
    regime: Regime | None = None
    capacity_paths: CapacityPaths | None = None
    dynamics: Dynamics | None = None
    origin: str = field(default="", compare=False)
    priors: tuple[Prior, ...] = ()

    @property
    def suppliers(self) -> tuple[str, ...]:
        """Supplier names in file order."""
        return self.market.names

    def with_overrides(
        self, *, tolerance: Any = None, discount: Any = None, detection: Any = None
    ) -> Scenario:
        """A copy with some of :math:`\\tau, \\delta, \\beta` replaced (validated)."""
        import dataclasses

        changes: dict[str, Any] = {}
        if tolerance is not None:
            changes["tolerance"] = _tolerance(tolerance, "--tolerance")
        if discount is not None:
            changes["discount"] = _discount(discount, "--discount")
        if detection is not None:
            changes["detection"] = _detection(detection, "--detection")
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "year": self.year,
            "sources": list(self.sources),
            "origin": self.origin,
            "market": {
                "value": json_number(self.market.value),
                "risk_without_supply": json_number(self.market.risk_without_supply),
                "risk_with_supply": json_number(self.market.risk_with_supply),
                "risk_exponent": json_number(self.market.risk_exponent),
                "tolerance": json_number(self.tolerance),
                "discount": None if self.discount is None else json_number(self.discount),
                "detection": json_number(self.detection),
                "punishment": self.punishment,
                "selection": self.selection,
                "ties_stable": self.ties_stable,
            },
            "suppliers": [s.to_dict() for s in self.market.suppliers],
            "regime": None if self.regime is None else self.regime.to_dict(),
            "capacity_paths": None
            if self.capacity_paths is None
            else self.capacity_paths.to_dict(),
            "dynamics": None if self.dynamics is None else self.dynamics.to_dict(),
            "priors": [prior.to_dict() for prior in self.priors],
        }

    def __repr__(self) -> str:
        return f"Scenario({self.name!r}, {self.market.num_suppliers} suppliers)"


# -- validation helpers ---------------------------------------------------------------------------
class _Where:
    """Prefixes error messages with the source and the table."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, where: str, message: str, kind: type[DualDilemmaError] = InvalidParameterError):
        prefix = f"{shorten(self.source, 80)}: " if self.source else ""
        return kind(f"{prefix}{where}: {_cut_numbers(message)}")


#: Errors of a value, re-raised with the table (and supplier) they come from.
_INPUT_ERRORS = (InvalidParameterError, limits.LimitExceededError)
_LONG_NUMBER = re.compile(r"\d{41,}")


def _cut_numbers(message: str) -> str:
    """Cut runs of more than 40 digits (a long number echoed by a model check) in a message."""
    return _LONG_NUMBER.sub(lambda m: shorten(m.group(), 30), message)


def _suggest(key: str, valid: Sequence[str], noun: str = "keys") -> str:
    close = difflib.get_close_matches(key, list(valid), n=1, cutoff=0.5)
    if close:
        return f" (did you mean {close[0]!r}?)"
    listed = ", ".join(valid)
    return f" (valid {noun}: {shorten(listed, 200)})"


def _show(value: Any) -> str:
    """A value as a message shows it: numbers as written, text quoted and cut, no Python reprs."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{shorten(value)}'"
    if isinstance(value, Fraction | int | decimal.Decimal):
        return shorten(str(value))
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' * (len(value) != 1)}"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def _check_keys(
    table: Mapping[str, Any], valid: Sequence[str], required: Sequence[str], where: str, w: _Where
) -> None:
    for key in table:
        if key not in valid:
            raise w.error(where, f"unknown key {shorten(key)!r}{_suggest(key, valid)}")
    for key in required:
        if key not in table:
            raise w.error(where, f"missing required key {key!r}")


def _number(value: Any, key: str) -> Fraction:
    """An exact number from a TOML value: int, Decimal (a TOML float) or a string (from Python
    also a float, through its decimal form, or a Fraction).  Sizes are checked against
    :mod:`dualdilemma.limits` before any conversion."""
    expected = f'{key} must be a number (a decimal or a fraction such as "1/3")'
    if isinstance(value, bool):
        raise InvalidParameterError(f"{key} must be a number, got the boolean {value}")
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise InvalidParameterError(f"{key} must be finite, got {value}")
        limits.check_decimal(value, key)
        return Fraction(value)
    if isinstance(value, int):
        limits.check_integer(value, key)
        return Fraction(value)
    if isinstance(value, Fraction):
        limits.check_fraction(value, key)
        return value
    if isinstance(value, str):
        number = limits.parse_exact_number(value, key)
        if number is None:
            raise InvalidParameterError(f"{expected}, got {_show(value)}")
        return number
    if isinstance(value, float):
        try:
            return to_fraction(value, what=key)
        except ValueError:
            raise InvalidParameterError(f"{expected}, got {_show(value)}") from None
    raise InvalidParameterError(f"{expected}, got {_show(value)}")


def _text(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise InvalidParameterError(f"{key} must be a string, got {_show(value)}")
    return value


def _year(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidParameterError(f"{key} must be an integer year, got {_show(value)}")
    return value


def _names(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidParameterError(f"{key} must be a list of strings, got {_show(value)}")
    return tuple(value)


def _tolerance(value: Any, key: str) -> Fraction:
    tau = _number(value, key) if not isinstance(value, Fraction) else value
    if not 0 <= tau <= 1:
        raise InvalidParameterError(f"{key} must be in [0, 1], got {_show(tau)}")
    return tau


def _discount(value: Any, key: str) -> Fraction:
    delta = _number(value, key) if not isinstance(value, Fraction) else value
    if not 0 <= delta < 1:
        raise InvalidParameterError(f"{key} must be in [0, 1), got {_show(delta)}")
    return delta


def _detection(value: Any, key: str) -> Fraction:
    beta = _number(value, key) if not isinstance(value, Fraction) else value
    if not 0 < beta <= 1:
        raise InvalidParameterError(f"{key} must be in (0, 1], got {_show(beta)}")
    return beta


def _choice(value: Any, key: str, choices: Sequence[str]) -> str:
    if value not in choices:
        hint = _suggest(str(value), choices) if isinstance(value, str) else ""
        raise InvalidParameterError(
            f"{key} must be one of {', '.join(choices)}, got {_show(value)}{hint}"
        )
    return value


def _supplier_label(index: int, entry: Mapping[str, Any]) -> str:
    name = entry.get("name")
    shown = f" {shorten(name)!r}" if isinstance(name, str) else ""
    return f"[[supplier]] #{index}{shown}"


# -- parsing -------------------------------------------------------------------------------------
def parse_scenario(text: str, *, name: str = "scenario", origin: str = "") -> Scenario:
    """Parse and validate the TOML text of a scenario.

    Parameters
    ----------
    text
        The TOML document.
    name
        The scenario's name when ``[scenario]`` gives none.
    origin
        Where the text came from, used as the prefix of error messages.

    Raises
    ------
    FormatError
        The text is not valid TOML (the message gives the line and column).
    InvalidParameterError
        An unknown table or key, a missing key, or a value out of its range; the message names
        the table, the supplier and the key.

    Examples
    --------
    >>> scenario = parse_scenario('''
    ... [market]
    ... value = 10
    ... risk_without_supply = 0.05
    ... risk_with_supply = "9/10"
    ... [[supplier]]
    ... name = "A"
    ... capacity = 0.1
    ... harm = 2
    ... safeguard = 0.5
    ... [[supplier]]
    ... name = "B"
    ... capacity = 1
    ... harm = 1
    ... safeguard = 0
    ... ''')
    >>> scenario.market.suppliers[0].capacity, scenario.market.risk_with_supply
    (Fraction(1, 10), Fraction(9, 10))
    >>> try:
    ...     parse_scenario('[market]\\nvalue = 1\\nrisk_without_supply = 0\\n'
    ...                    'risk_with_supply = 1\\n[[supplier]]\\nname = "A"\\ncapacty = 1')
    ... except InvalidParameterError as exc:
    ...     print(exc)
    [[supplier]] #1 'A': unknown key 'capacty' (did you mean 'capacity'?)
    """
    from dualdilemma.models.export_market import ExportMarket, Supplier

    w = _Where(origin)
    try:
        data = tomllib.loads(text, parse_float=decimal.Decimal)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc).splitlines()[0] if str(exc) else "invalid TOML"
        raise w.error("invalid TOML", message, FormatError) from None
    except ValueError as exc:  # an integer beyond Python's int-string guard, e.g. 10^5000
        message = str(exc).splitlines()[0] if str(exc) else "invalid TOML"
        raise w.error(
            "invalid TOML",
            f"a number could not be read ({shorten(message, 80)}); write long numbers as "
            "strings, within the limit number_digits",
            FormatError,
        ) from None
    for table, content in data.items():
        if table not in SCHEMA:
            kind = "table" if isinstance(content, dict | list) else "key (keys belong in a table)"
            raise w.error(
                "top level", f"unknown {kind} {shorten(table)!r}{_suggest(table, list(SCHEMA))}"
            )
    for table in ("scenario", "market", "regime", "capacity_paths", "dynamics"):
        if table in data and not isinstance(data[table], dict):
            raise w.error(f"[{table}]", "must be a table, e.g. [" + table + "]")
    if "market" not in data:
        raise w.error("top level", "missing the [market] table")
    if "supplier" not in data:
        raise w.error("top level", "missing the [[supplier]] entries")
    if not isinstance(data["supplier"], list):
        raise w.error("[[supplier]]", "suppliers must be an array of tables: [[supplier]]")

    meta = data.get("scenario", {})
    _check_keys(meta, _keys("scenario"), (), "[scenario]", w)
    try:
        title = _text(meta.get("title", ""), "title")
        description = _text(meta.get("description", ""), "description")
        scenario_name = _text(meta.get("name", name), "name")
        year = None if "year" not in meta else _year(meta["year"], "year")
        sources = _names(meta.get("sources", []), "sources")
    except _INPUT_ERRORS as exc:
        raise w.error("[scenario]", str(exc)) from None

    market_table = data["market"]
    _check_keys(market_table, _keys("market"), _required("market"), "[market]", w)
    try:
        numbers = {
            key: _number(market_table[key], key)
            for key in ("value", "risk_without_supply", "risk_with_supply", "risk_exponent")
            if key in market_table
        }
        tolerance = _tolerance(market_table.get("tolerance", "1/10"), "tolerance")
        discount = (
            None
            if "discount" not in market_table
            else _discount(market_table["discount"], "discount")
        )
        detection = _detection(market_table.get("detection", 1), "detection")
        punishment = _choice(market_table.get("punishment", "nash"), "punishment", _PUNISHMENTS)
        selection = _choice(market_table.get("selection", "max_risk"), "selection", _SELECTIONS)
        ties_stable = market_table.get("ties_stable", True)
        if not isinstance(ties_stable, bool):
            raise InvalidParameterError(
                f"ties_stable must be true or false, got {_show(ties_stable)}"
            )
        if "risk_exponent" in numbers:
            limits.check_risk_exponent(numbers["risk_exponent"])
    except _INPUT_ERRORS as exc:
        raise w.error("[market]", str(exc)) from None

    suppliers = []
    for index, entry in enumerate(data["supplier"], start=1):
        if not isinstance(entry, dict):
            raise w.error(f"[[supplier]] #{index}", "must be a table")
        label = _supplier_label(index, entry)
        _check_keys(entry, _keys("supplier"), _required("supplier"), label, w)
        try:
            supplier_name = _text(entry["name"], "name")
            fields = {
                key: _number(entry[key], key)
                for key in ("capacity", "harm", "safeguard", "control_cost")
                if key in entry
            }
            suppliers.append(Supplier(supplier_name, **fields))
        except _INPUT_ERRORS as exc:
            raise w.error(label, str(exc)) from None
    try:
        market = ExportMarket(
            numbers["value"],
            numbers["risk_without_supply"],
            numbers["risk_with_supply"],
            suppliers,
            risk_exponent=numbers.get("risk_exponent", 1),
            title=title or scenario_name,
        )
    except InvalidParameterError as exc:
        where = "[[supplier]]" if "supplier" in str(exc) else "[market]"
        raise w.error(where, str(exc)) from None
    names = market.names

    regime = None
    if "regime" in data:
        regime = _parse_regime(data["regime"], names, w)
    paths = None
    if "capacity_paths" in data:
        paths = _parse_paths(data["capacity_paths"], names, w)
    dynamics = None
    if "dynamics" in data:
        dynamics = _parse_dynamics(data["dynamics"], w)
    scenario = Scenario(
        name=scenario_name,
        title=title,
        description=description,
        year=year,
        sources=sources,
        market=market,
        tolerance=tolerance,
        discount=discount,
        detection=detection,
        punishment=punishment,
        selection=selection,
        ties_stable=ties_stable,
        regime=regime,
        capacity_paths=paths,
        dynamics=dynamics,
        origin=origin,
    )
    if "priors" in data:
        scenario = dataclasses.replace(scenario, priors=_parse_priors(data["priors"], scenario, w))
    return scenario


def _known_supplier(name: str, names: Sequence[str], key: str) -> str:
    if name not in names:
        raise InvalidParameterError(
            f"{key} names an unknown supplier {shorten(name)!r}{_suggest(name, names, 'suppliers')}"
        )
    return name


def _parse_regime(table: Mapping[str, Any], names: Sequence[str], w: _Where) -> Regime:
    _check_keys(table, _keys("regime"), _required("regime"), "[regime]", w)
    try:
        members = _names(table["members"], "members")
        for member in members:
            _known_supplier(member, names, "members")
        if len(set(members)) != len(members):
            twice = next(m for m in members if members.count(m) > 1)
            raise InvalidParameterError(f"members lists the supplier {shorten(twice)!r} twice")
        if not members:
            raise InvalidParameterError("members must name at least one supplier")
        return Regime(
            name=_text(table.get("name", "regime"), "name"),
            year=None if "year" not in table else _year(table["year"], "year"),
            members=tuple(n for n in names if n in set(members)),
        )
    except _INPUT_ERRORS as exc:
        raise w.error("[regime]", str(exc)) from None


def _parse_paths(table: Mapping[str, Any], names: Sequence[str], w: _Where) -> CapacityPaths:
    fixed = _keys("capacity_paths")
    for key in table:
        if key not in fixed and key not in names:
            raise w.error(
                "[capacity_paths]",
                f"unknown key {shorten(key)!r}: not 'years', 'initial' or a supplier"
                f"{_suggest(key, [*fixed, *names])}",
            )
    try:
        if "years" not in table:
            raise InvalidParameterError("missing required key 'years'")
        years = table["years"]
        if (
            not isinstance(years, list)
            or not years
            or not all(isinstance(y, int) and not isinstance(y, bool) for y in years)
        ):
            raise InvalidParameterError(
                f"years must be a non-empty list of integers, got {_show(years)}"
            )
        if any(b <= a for a, b in zip(years, years[1:], strict=False)):
            raise InvalidParameterError(f"years must increase, got {', '.join(map(str, years))}")
        initial = _names(table.get("initial", []), "initial")
        for member in initial:
            _known_supplier(member, names, "initial")
        paths: dict[str, tuple[Fraction, ...]] = {}
        for key, path in table.items():
            if key in fixed:
                continue
            if not isinstance(path, list) or len(path) != len(years):
                raise InvalidParameterError(
                    f"the path of {key!r} must be a list of {len(years)} capacities (one per "
                    f"year), got {_show(path)}"
                )
            values = []
            for year, entry in zip(years, path, strict=True):
                value = _number(entry, f"capacity of {key!r} in {year}")
                if value < 0:
                    raise InvalidParameterError(
                        f"capacity of {key!r} in {year} must be >= 0, got {_show(value)}"
                    )
                values.append(value)
            paths[key] = tuple(values)
        if not paths:
            raise InvalidParameterError("give at least one supplier's capacity path")
    except _INPUT_ERRORS as exc:
        raise w.error("[capacity_paths]", str(exc)) from None
    ordered = {n: paths[n] for n in names if n in paths}
    return CapacityPaths(years=tuple(years), paths=ordered, initial=tuple(initial))


def _parse_dynamics(table: Mapping[str, Any], w: _Where) -> Dynamics:
    _check_keys(table, _keys("dynamics"), _required("dynamics"), "[dynamics]", w)
    try:
        values = {key: _number(table[key], key) for key in _keys("dynamics")}
        if not 0 <= values["shock_rate"] <= 1:
            raise InvalidParameterError(
                f"shock_rate must be in [0, 1], got {_show(values['shock_rate'])}"
            )
        if not 0 <= values["shock_gap_rate"] <= 1 - values["shock_rate"]:
            raise InvalidParameterError(
                "shock_gap_rate must be in [0, 1 - shock_rate] so that the yearly shock "
                f"probability stays in [0, 1], got {_show(values['shock_gap_rate'])}"
            )
        if not 0 <= values["attention_decay"] < 1:
            raise InvalidParameterError(
                f"attention_decay must be in [0, 1), got {_show(values['attention_decay'])}"
            )
        if values["negotiation_cost"] < 0:
            raise InvalidParameterError(
                f"negotiation_cost must be >= 0, got {_show(values['negotiation_cost'])}"
            )
    except _INPUT_ERRORS as exc:
        raise w.error("[dynamics]", str(exc)) from None
    return Dynamics(**values)


# -- the [priors] table (sampled by dualdilemma.fit) ---------------------------------------------
#: Keys of one ``[priors."path"]`` sub-table; ``*`` marks required keys.
PRIOR_KEYS: tuple[str, ...] = SCHEMA["priors"]
_DISTRIBUTIONS = ("uniform", "loguniform", "triangular")
_PRIOR_SUPPLIER_FIELDS = ("capacity", "harm", "safeguard", "control_cost")
_PRIOR_MARKET_KEYS = (
    "value",
    "risk_without_supply",
    "risk_with_supply",
    "risk_exponent",
    "tolerance",
    "discount",
    "detection",
)
# the domain of each parameter: (lowest, highest, lowest open?, highest open?); None = unbounded
_DOMAINS: dict[str, tuple[Fraction | None, Fraction | None, bool, bool]] = {
    "capacity": (Fraction(0), None, False, False),
    "harm": (Fraction(0), None, False, False),
    "safeguard": (Fraction(0), Fraction(1), False, False),
    "control_cost": (Fraction(0), None, False, False),
    "value": (Fraction(0), None, True, False),
    "risk_without_supply": (Fraction(0), Fraction(1), False, False),
    "risk_with_supply": (Fraction(0), Fraction(1), False, False),
    "risk_exponent": (Fraction(0), None, True, False),
    "tolerance": (Fraction(0), Fraction(1), False, False),
    "discount": (Fraction(0), Fraction(1), False, True),
    "detection": (Fraction(0), Fraction(1), True, False),
    "paths": (Fraction(0), None, False, False),
}


@dataclass(frozen=True)
class Prior:
    """The prior distribution of one uncertain parameter (a ``[priors."path"]`` sub-table).

    Attributes
    ----------
    path
        The parameter: ``supplier.<name>.<field>``, ``market.<key>`` or ``paths.<name>`` (a
        factor, nominal 1, on that supplier's ``[capacity_paths]`` row).
    distribution
        ``"uniform"``, ``"loguniform"`` (``low > 0``) or ``"triangular"`` (with ``mode``).
    low, high, mode
        The range (exact) and the triangular mode (``None`` otherwise).
    point
        The scenario's own value (the point estimate; 1 for a path factor), inside the range.
    group
        The sensitivity group (default: the field for supplier parameters, else
        ``"market"``).
    rationale, source
        Why this range, and where it comes from.
    """

    path: str
    distribution: str
    low: Fraction
    high: Fraction
    mode: Fraction | None
    point: Fraction
    group: str
    rationale: str
    source: str

    @property
    def kind(self) -> str:
        """``"supplier"``, ``"market"`` or ``"paths"``."""
        return self.path.split(".", 1)[0]

    @property
    def target(self) -> tuple[str, ...]:
        """The path's parts after the kind: ``(name, field)``, ``(key,)`` or ``(name,)``."""
        head, rest = self.path.split(".", 1)
        if head == "supplier":
            name, _, fieldname = rest.rpartition(".")
            return (name, fieldname)
        return (rest,)

    def ppf(self, u: Any) -> Any:
        """The inverse CDF at ``u`` in ``[0, 1]`` (numpy arrays welcome), in floating point.

        >>> prior = Prior("market.value", "uniform", Fraction(2), Fraction(4), None,
        ...               Fraction(3), "market", "", "")
        >>> float(prior.ppf(0.25))
        2.5
        """
        import numpy as np

        u = np.asarray(u, dtype=float)
        low, high = float(self.low), float(self.high)
        if self.distribution == "uniform":
            return low + (high - low) * u
        if self.distribution == "loguniform":
            return np.exp(np.log(low) + (np.log(high) - np.log(low)) * u)
        mode = float(self.mode if self.mode is not None else self.low)
        width = high - low
        if width == 0:
            return np.full_like(u, low)
        split = (mode - low) / width
        left = low + np.sqrt(np.clip(u * width * (mode - low), 0, None))
        right = high - np.sqrt(np.clip((1 - u) * width * (high - mode), 0, None))
        return np.where(u < split, left, right)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "distribution": self.distribution,
            "low": json_number(self.low),
            "high": json_number(self.high),
            "mode": None if self.mode is None else json_number(self.mode),
            "point": json_number(self.point),
            "group": self.group,
            "rationale": self.rationale,
            "source": self.source,
        }


def _prior_point(path: str, scenario: Scenario) -> tuple[Fraction, str, str]:
    """``(point value, domain key, default group)`` of a prior's parameter path."""
    head, _, rest = path.partition(".")
    if head == "supplier":
        name, _, fieldname = rest.rpartition(".")
        if not name or fieldname not in _PRIOR_SUPPLIER_FIELDS:
            raise InvalidParameterError(
                f"the path must be supplier.<name>.<field> with field one of "
                f"{', '.join(_PRIOR_SUPPLIER_FIELDS)}, got {path!r}"
            )
        _known_supplier(name, scenario.suppliers, "the path")
        supplier = scenario.market.suppliers[scenario.suppliers.index(name)]
        return Fraction(getattr(supplier, fieldname)), fieldname, fieldname
    if head == "market":
        if rest not in _PRIOR_MARKET_KEYS:
            raise InvalidParameterError(
                f"market.{rest} is not an uncertain market parameter"
                f"{_suggest(rest, _PRIOR_MARKET_KEYS)}"
            )
        if rest == "discount":
            if scenario.discount is None:
                raise InvalidParameterError(
                    "a prior on market.discount needs a point value: set discount in [market]"
                )
            return scenario.discount, rest, "market"
        if rest in ("tolerance", "detection"):
            return getattr(scenario, rest), rest, "market"
        return Fraction(getattr(scenario.market, rest)), rest, "market"
    if head == "paths":
        if scenario.capacity_paths is None or rest not in scenario.capacity_paths.paths:
            raise InvalidParameterError(
                f"paths.{rest} needs a row for {rest!r} in [capacity_paths]"
            )
        return Fraction(1), "paths", "market"
    raise InvalidParameterError(
        f"a prior's path starts with supplier., market. or paths., got {path!r}"
        f"{_suggest(head, ('supplier', 'market', 'paths'))}"
    )


def _in_domain(value: Fraction, domain: str) -> bool:
    lowest, highest, low_open, high_open = _DOMAINS[domain]
    if lowest is not None and (value < lowest or (low_open and value == lowest)):
        return False
    return not (highest is not None and (value > highest or (high_open and value == highest)))


def _parse_prior(path: str, table: Any, scenario: Scenario) -> Prior:
    if not isinstance(table, dict):
        raise InvalidParameterError('must be a table, e.g. [priors."market.value"]')
    valid = tuple(k.rstrip("*") for k in PRIOR_KEYS)
    for key in table:
        if key not in valid:
            raise InvalidParameterError(f"unknown key {key!r}{_suggest(key, valid)}")
    for key in (k.rstrip("*") for k in PRIOR_KEYS if k.endswith("*")):
        if key not in table:
            raise InvalidParameterError(f"missing required key {key!r}")
    point, domain, default_group = _prior_point(path, scenario)
    distribution = _choice(table.get("distribution", "uniform"), "distribution", _DISTRIBUTIONS)
    low, high = _number(table["low"], "low"), _number(table["high"], "high")
    if not low < high:
        raise InvalidParameterError(f"low must be below high, got low={low}, high={high}")
    for key, bound in (("low", low), ("high", high)):
        if not _in_domain(bound, domain):
            raise InvalidParameterError(f"{key} = {bound} lies outside the domain of {path}")
    if distribution == "loguniform" and low <= 0:
        raise InvalidParameterError(f"a loguniform prior needs low > 0, got low={low}")
    mode = None
    if distribution == "triangular":
        if "mode" not in table:
            raise InvalidParameterError("a triangular prior needs 'mode'")
        mode = _number(table["mode"], "mode")
        if not low <= mode <= high:
            raise InvalidParameterError(f"mode must lie in [low, high], got {mode}")
    elif "mode" in table:
        raise InvalidParameterError(f"mode applies to triangular priors only, not {distribution}")
    if not low <= point <= high:
        raise InvalidParameterError(
            f"the scenario's value {point} lies outside [low, high] = [{low}, {high}]"
        )
    group = _text(table.get("group", default_group), "group")
    rationale = _text(table["rationale"], "rationale").strip()
    source = _text(table["source"], "source").strip()
    for key, value in (("rationale", rationale), ("source", source), ("group", group)):
        if not value:
            raise InvalidParameterError(f"{key} must not be empty")
    return Prior(path, distribution, low, high, mode, point, group, rationale, source)


def _parse_priors(table: Any, scenario: Scenario, w: _Where) -> tuple[Prior, ...]:
    if not isinstance(table, dict):
        raise w.error("[priors]", 'must be a table of tables, e.g. [priors."market.value"]')
    priors = []
    for path, entry in table.items():
        try:
            priors.append(_parse_prior(path, entry, scenario))
        except InvalidParameterError as exc:
            raise w.error(f'[priors."{path}"]', str(exc)) from None
    by_path = {prior.path: prior for prior in priors}
    # the risk order p0 <= p1 must hold for every draw, not only at the point values
    p0 = by_path.get("market.risk_without_supply")
    p1 = by_path.get("market.risk_with_supply")
    highest_p0 = p0.high if p0 else scenario.market.risk_without_supply
    lowest_p1 = p1.low if p1 else scenario.market.risk_with_supply
    if highest_p0 > lowest_p1:
        where = "market.risk_without_supply" if p0 else "market.risk_with_supply"
        raise w.error(
            f'[priors."{where}"]',
            f"draws could put risk_without_supply ({highest_p0}) above risk_with_supply "
            f"({lowest_p1}): the ranges must not overlap that way",
        )
    return tuple(priors)


# -- files and built-ins -------------------------------------------------------------------------
def _builtin_dir() -> Traversable:
    return resources.files("dualdilemma").joinpath("data", "scenarios")


def builtin_scenarios() -> dict[str, Traversable]:
    """``{name: resource}`` of the built-in scenarios, sorted by name.

    >>> sorted(builtin_scenarios())[:2]
    ['australia-group-1985', 'australia-group-today']
    """
    folder = _builtin_dir()
    found = {
        entry.name[: -len(".toml")]: entry
        for entry in folder.iterdir()
        if entry.name.endswith(".toml") and entry.is_file()
    }
    return dict(sorted(found.items()))


def scenario_text(spec: str | None = None) -> tuple[str, str, str]:
    """``(text, name, origin)`` of a scenario path or built-in name (``None``: the default)."""
    if spec is None:
        spec = DEFAULT_SCENARIO
    spec = str(spec)
    path = Path(spec)
    looks_like_path = path.suffix == ".toml" or os.sep in spec or "/" in spec or path.exists()
    if looks_like_path:
        if not path.exists():
            raise InvalidParameterError(f"scenario file {shorten(spec, 200)!r} not found")
        if not path.is_file():
            kind = "a directory" if path.is_dir() else "a device or a pipe"
            raise InvalidParameterError(f"scenario {shorten(spec, 200)!r} is not a file ({kind})")
        raw = path.read_bytes()
        origin, name = spec, path.stem
    else:
        builtins = builtin_scenarios()
        if spec not in builtins:
            close = difflib.get_close_matches(spec, list(builtins), n=1, cutoff=0.5)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise InvalidParameterError(
                f"unknown scenario {shorten(spec)!r}: neither a file nor a built-in scenario "
                f"({', '.join(builtins)}){hint}"
            )
        raw = builtins[spec].read_bytes()
        origin, name = f"built-in:{spec}", spec
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(
            f"{origin}: not UTF-8 text (byte {exc.start}); a scenario is a TOML file"
        ) from None
    return text, name, origin


def load_scenario(spec: str | os.PathLike[str] | None = None) -> Scenario:
    """A scenario from a ``.toml`` path or a built-in name (``None``: :data:`DEFAULT_SCENARIO`).

    >>> load_scenario("mtcr-1987").regime.members[:2]
    ('Canada', 'France')
    """
    text, name, origin = scenario_text(None if spec is None else os.fspath(spec))
    return parse_scenario(text, name=name, origin=origin)
