"""The document model of the reports: blocks that every renderer draws its own way.

A report dictionary (:mod:`dualdilemma.reporting.scenario_report`) is turned into a list of
blocks by :mod:`dualdilemma.reporting.blocks`; the renderers (:mod:`~dualdilemma.reporting.text`,
:mod:`~dualdilemma.reporting.markdown`, :mod:`~dualdilemma.reporting.latex`,
:mod:`~dualdilemma.reporting.html`) import only this module, so the builder can import the
renderers without an import cycle.

Numbers in the dictionaries are exact (``"p/q"`` strings, integers) or floats; people get four
significant digits (:func:`show_number`), more when four would round a number onto an integer
it is not (a critical discount factor of 0.9999999 is not 1).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

__all__ = [
    "Heading",
    "Paragraph",
    "KeyValues",
    "Table",
    "Formula",
    "Note",
    "Figure",
    "Block",
    "show_number",
    "describe_members",
    "plural",
]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class KeyValues:
    items: tuple[tuple[str, str], ...]
    title: str = ""


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: str = ""  # one of "l"/"r" per column; default: first column left, others right
    wide: frozenset[int] = field(default_factory=frozenset)  # columns holding long text

    def alignment(self) -> str:
        if self.align:
            return self.align
        return "l" + "r" * (len(self.headers) - 1)


@dataclass(frozen=True)
class Formula:
    """A condition: ``expression`` in plain text, ``latex``, its conjuncts ``terms`` in LaTeX,
    and ``pretty``, the same typeset over several lines by sympy's pretty printer."""

    statement: str
    expression: str
    latex: str
    terms: tuple[str, ...]
    pretty: str = ""


@dataclass(frozen=True)
class Note:
    text: str


@dataclass(frozen=True)
class Figure:
    """A figure drawn on demand: ``draw()`` returns an SVG document (a string).

    Formats that cannot show pictures (text, Markdown, LaTeX) print its title and caption only.
    """

    key: str
    title: str
    caption: str
    draw: Callable[[], str] = field(compare=False, repr=False)


Block = Heading | Paragraph | KeyValues | Table | Formula | Note | Figure


def _as_number(value: Any) -> Any:
    if isinstance(value, str) and "/" in value:
        return Fraction(value)
    return value


def show_number(value: Any, digits: int = 4) -> str:
    """A number for people: integers as such, others with ``digits`` significant digits, or
    more when that many would print an integer the number is not.

    >>> show_number("1/3"), show_number(2), show_number(0.1234567), show_number(None)
    ('0.3333', '2', '0.1235', '-')
    >>> show_number("999999999/1000000000"), show_number(1e-12)
    ('0.999999999', '1e-12')
    """
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    value = _as_number(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Fraction) and value.denominator == 1:
        return str(value.numerator)
    number = float(value)
    if number == 0:
        return "0"
    text = f"{number:.{digits}g}"
    while digits < 17 and number != round(number) and float(text) == round(float(text)):
        digits += 1
        text = f"{number:.{digits}g}"
    return text


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``count`` and the noun in the right number.

    >>> plural(1, "equilibrium", "equilibria"), plural(3, "member")
    ('1 equilibrium', '3 members')
    """
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


def describe_members(members: Sequence[str], suppliers: Sequence[str]) -> str:
    """Members of a set of suppliers, or its complement when that is shorter.

    >>> names = ["Canada", "France", "Japan", "Italy"]
    >>> describe_members(["Canada", "France", "Japan"], names)
    'all but Italy'
    >>> describe_members(["Japan"], names)
    'Japan'
    """
    members = [s for s in suppliers if s in set(members)]
    if not members:
        return "none"
    if len(members) == len(suppliers):
        return "all"
    rest = [s for s in suppliers if s not in set(members)]
    listed = ", ".join(members)
    complement = "all but " + ", ".join(rest)
    return complement if len(complement) < len(listed) else listed
