r"""The eight regimes' inputs and actual forms (package data), and the model's score on them.

``dualdilemma/data/design/regimes.toml`` holds, for the Nuclear Suppliers Group (``NSG``), the
Zangger Committee (``ZC``), the Australia Group (``AG``), the MTCR, COCOM, the Wassenaar
Arrangement (``WA``), the Chemical Weapons Convention (``CWC``) and the NPT:

* the inputs of :class:`~dualdilemma.design.model.DesignCase`: computed from a built-in
  scenario where one exists (NSG, AG, MTCR; :mod:`dualdilemma.design.scenario`), the rest given,
  each either a fact with its source or an estimate with a range and a rationale;
* the regime's actual form, feature by feature, each with an official source.

Every case is predicted from its own inputs; nothing in the model or the data says which
regimes are supplier regimes.  :func:`score` compares the predictions with the actual forms:
a *hit* is a feature predicted as it was, a *miss* one predicted otherwise, and a tie (a
margin of exactly zero) counts as neither.  As a null model on the same cases,
:func:`score` also reports the hits of the rule "predict every feature's most common actual
form" (the majority rule), so that a high score can be told from a base rate.
"""

from __future__ import annotations

import functools
import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Any

from dualdilemma._numbers import to_fraction
from dualdilemma.design.model import (
    FEATURES,
    FORMS,
    PARAMETERS,
    DesignCase,
    DesignResult,
    DesignWeights,
    design,
)
from dualdilemma.errors import FormatError, InvalidParameterError
from dualdilemma.solvers.result import json_number

__all__ = [
    "REGIMES",
    "Input",
    "ActualFeature",
    "RegimeRecord",
    "Comparison",
    "Scorecard",
    "records",
    "record",
    "regime_names",
    "compare",
    "score",
    "sources",
    "robustness",
]

#: The regimes of the package data, in report order.
REGIMES = ("NSG", "ZC", "AG", "MTCR", "COCOM", "WA", "CWC", "NPT")


@dataclass(frozen=True)
class Input:
    """One given input: value, range, whether it is an estimate, and its source or rationale."""

    name: str
    value: Any
    low: Any
    high: Any
    estimate: bool
    source: str | None
    rationale: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": json_number(self.value),
            "low": json_number(self.low),
            "high": json_number(self.high),
            "estimate": self.estimate,
            "source": self.source,
            "rationale": self.rationale,
        }


@dataclass(frozen=True)
class ActualFeature:
    """A regime's actual form of one feature, with its source."""

    feature: str
    form: str
    source: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature,
            "form": self.form,
            "source": self.source,
            "note": self.note,
        }


@dataclass(frozen=True)
class RegimeRecord:
    """One regime of the package data."""

    key: str
    title: str
    year: int
    scenario: str | None
    inputs: Mapping[str, Input]
    actual: Mapping[str, ActualFeature]

    def __post_init__(self) -> None:
        object.__setattr__(self, "inputs", MappingProxyType(dict(self.inputs)))
        object.__setattr__(self, "actual", MappingProxyType(dict(self.actual)))

    @property
    def actual_form(self) -> dict[str, str]:
        return {f: self.actual[f].form for f in FEATURES}

    def case(self) -> DesignCase:
        """The design case (scenario inputs computed by the package)."""
        given = {name: i.value for name, i in self.inputs.items()}
        estimates = tuple(name for name, i in self.inputs.items() if i.estimate)
        notes = {name: (i.rationale or i.source or "") for name, i in self.inputs.items()}
        if self.scenario is None:
            return DesignCase(name=self.key, **given, estimates=estimates, notes=notes)
        from dualdilemma.design.scenario import design_case_from_scenario
        from dualdilemma.scenarios import load_scenario

        return design_case_from_scenario(
            load_scenario(self.scenario), given, name=self.key, estimates=estimates, notes=notes
        )

    def ranges(self) -> dict[str, tuple[Any, Any]]:
        """The range of every given estimate."""
        return {n: (i.low, i.high) for n, i in self.inputs.items() if i.estimate}

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "year": self.year,
            "scenario": self.scenario,
            "inputs": {n: i.to_dict() for n, i in self.inputs.items()},
            "actual": {f: a.to_dict() for f, a in self.actual.items()},
        }


def _number(value: Any, where: str) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return to_fraction(value, what=where)
    except ValueError:
        raise FormatError(f"{where}: not a number: {str(value)[:40]!r}") from None


def _parse(data: Mapping[str, Any]) -> tuple[dict[str, RegimeRecord], dict[str, str]]:
    source_table = data.get("source", {})
    regimes = data.get("regime", {})
    found: dict[str, RegimeRecord] = {}
    for key, table in regimes.items():
        where = f"design data, regime {key}"
        inputs = {}
        for name, spec in table.items():
            if name in ("title", "year", "scenario", "actual"):
                continue
            if name not in PARAMETERS:
                raise FormatError(f"{where}: unknown input {name!r}")
            value = _number(spec["value"], f"{where}.{name}")
            low = _number(spec.get("low", spec["value"]), f"{where}.{name}.low")
            high = _number(spec.get("high", spec["value"]), f"{where}.{name}.high")
            if not low <= value <= high:
                raise FormatError(f"{where}.{name}: value {value} outside [{low}, {high}]")
            estimate = bool(spec.get("estimate", True))
            source = spec.get("source")
            if not estimate and source not in source_table:
                raise FormatError(f"{where}.{name}: a fact needs a source key, got {source!r}")
            if estimate and not spec.get("rationale"):
                raise FormatError(f"{where}.{name}: an estimate needs a rationale")
            inputs[name] = Input(
                name, value, low, high, estimate, source, spec.get("rationale", "")
            )
        actual = {}
        for feature in FEATURES:
            spec = table.get("actual", {}).get(feature)
            if spec is None:
                raise FormatError(f"{where}: actual form of {feature!r} missing")
            if spec["form"] not in FORMS[feature]:
                raise FormatError(
                    f"{where}: {feature} form {spec['form']!r} not in {FORMS[feature]}"
                )
            if spec.get("source") not in source_table:
                raise FormatError(
                    f"{where}: {feature} needs a source key, got {spec.get('source')!r}"
                )
            actual[feature] = ActualFeature(
                feature, spec["form"], spec["source"], spec.get("note", "")
            )
        found[key] = RegimeRecord(
            key, table["title"], int(table["year"]), table.get("scenario"), inputs, actual
        )
    return found, dict(source_table)


@functools.cache
def _load() -> tuple[dict[str, RegimeRecord], dict[str, str]]:
    text = resources.files("dualdilemma").joinpath("data/design/regimes.toml").read_text("utf-8")
    return _parse(tomllib.loads(text))


def sources() -> dict[str, str]:
    """The citations of the design data, by key."""
    return dict(_load()[1])


def regime_names() -> tuple[str, ...]:
    """The regimes of the package data.

    >>> regime_names()
    ('NSG', 'ZC', 'AG', 'MTCR', 'COCOM', 'WA', 'CWC', 'NPT')
    """
    found = _load()[0]
    return tuple(k for k in REGIMES if k in found)


def record(key: str) -> RegimeRecord:
    """The record of one regime (case-insensitive key).

    >>> record("nsg").actual_form["formality"]
    'political'
    """
    found = _load()[0]
    for name, value in found.items():
        if name.lower() == str(key).lower():
            return value
    raise InvalidParameterError(f"unknown regime {key!r}; regimes are {', '.join(regime_names())}")


def records() -> tuple[RegimeRecord, ...]:
    return tuple(record(k) for k in regime_names())


@dataclass(frozen=True)
class Comparison:
    """Predicted against actual form for one regime."""

    regime: str
    result: DesignResult
    actual: Mapping[str, str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "actual", MappingProxyType(dict(self.actual)))

    @property
    def hits(self) -> tuple[str, ...]:
        return tuple(f for f in FEATURES if self.result.form[f] == self.actual[f])

    @property
    def misses(self) -> tuple[str, ...]:
        return tuple(
            f
            for f in FEATURES
            if self.result.form[f] is not None and self.result.form[f] != self.actual[f]
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "predicted": self.result.form,
            "actual": dict(self.actual),
            "margins": {c.feature: json_number(c.margin) for c in self.result.choices},
            "hits": list(self.hits),
            "misses": list(self.misses),
            "ties": list(self.result.ties),
        }


def compare(key: str, weights: DesignWeights | None = None) -> Comparison:
    """The model's prediction for one regime against its actual form."""
    rec = record(key)
    return Comparison(rec.key, design(rec.case(), weights), rec.actual_form)


@dataclass(frozen=True)
class Scorecard:
    """The score over several regimes, with the majority-rule null model beside it."""

    comparisons: tuple[Comparison, ...]
    null_hits: int
    null_rule: Mapping[str, str] = field(default_factory=dict)

    @property
    def hits(self) -> int:
        return sum(len(c.hits) for c in self.comparisons)

    @property
    def misses(self) -> int:
        return sum(len(c.misses) for c in self.comparisons)

    @property
    def total(self) -> int:
        return len(self.comparisons) * len(FEATURES)

    def by_feature(self) -> dict[str, int]:
        return {f: sum(f in c.hits for c in self.comparisons) for f in FEATURES}

    def to_dict(self) -> dict[str, Any]:
        return {
            "hits": self.hits,
            "misses": self.misses,
            "ties": self.total - self.hits - self.misses,
            "total": self.total,
            "by_feature": self.by_feature(),
            "null_model": {
                "rule": "predict each feature's most common actual form",
                "forms": dict(self.null_rule),
                "hits": self.null_hits,
            },
            "regimes": [c.to_dict() for c in self.comparisons],
        }


def score(keys: tuple[str, ...] | None = None, weights: DesignWeights | None = None) -> Scorecard:
    """Compare predictions with actual forms for ``keys`` (default: all eight regimes)."""
    keys = regime_names() if keys is None else keys
    comparisons = tuple(compare(k, weights) for k in keys)
    rule = {}
    null = 0
    for feature in FEATURES:
        counts = Counter(c.actual[feature] for c in comparisons)
        # ties in the base rate go to the first-named form, stated in the rule
        best = max(FORMS[feature], key=lambda form: (counts[form], form == FORMS[feature][0]))
        rule[feature] = best
        null += counts[best]
    return Scorecard(comparisons, null, MappingProxyType(rule))


def robustness(key: str, weights: DesignWeights | None = None) -> dict[str, tuple[str, ...]]:
    """For each feature, the estimated inputs whose range contains a flip of the predicted form,
    found by moving one input at a time to each end of its range (a lower bound on the inputs
    that can flip it: a margin may flip and flip back inside a range).

    >>> robustness("NPT")["membership"]
    ()
    """
    rec = record(key)
    case = rec.case()
    form = design(case, weights).form
    flips: dict[str, list[str]] = {f: [] for f in FEATURES}
    for name, (low, high) in rec.ranges().items():
        for end in (low, high):
            moved = design(case.with_values(**{name: end}), weights).form
            for feature in FEATURES:
                if moved[feature] != form[feature] and name not in flips[feature]:
                    flips[feature].append(name)
    return {f: tuple(v) for f, v in flips.items()}
