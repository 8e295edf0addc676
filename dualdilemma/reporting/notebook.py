"""The scenario report as a Python object, for scripts and notebooks.

``dualdilemma.report(scenario)`` computes the same report as ``dualdilemma report`` and
returns a :class:`Report`: the verdict, every format (:meth:`Report.to_json`,
:meth:`~Report.to_markdown`, :meth:`~Report.to_html`, ...), its rich display in Jupyter
(``_repr_html_`` draws the HTML report with its figures, ``_repr_markdown_`` the Markdown) and
its tables as pandas frames (:meth:`Report.to_frame`).

Frames hold numbers, never ``"p/q"`` strings: counts and years are integer columns; other
numeric columns are float64 (``NaN`` where the report has no value, e.g. a critical discount
factor of "never"), and a column whose values are exact fractions in the report gets a
companion ``<name>_exact`` column of :class:`fractions.Fraction` (``None`` where missing), so
exact results stay exact.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dualdilemma.errors import InvalidParameterError

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from dualdilemma.scenarios import Scenario

__all__ = ["Report", "report", "FRAMES"]


def _suppliers(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(row) for row in data["supplier_parameters"]]


def _equilibria(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for number, outcome in enumerate(data["pure_equilibria_detail"]["outcomes"], start=1):
        rows.append(
            {
                "equilibrium": number,
                "exporters": ", ".join(outcome["exporters"]),
                "needs_met": outcome["needs_met"],
                "leakage": outcome["leakage"],
                "risk": outcome["risk"],
                "weak": outcome["weak"],
            }
        )
    return rows


def _unilateral(data: dict[str, Any]) -> list[dict[str, Any]]:
    keys = (
        "supplier",
        "baseline_index",
        "delta_risk",
        "delta_payoff",
        "delta_share",
        "safeguard",
        "others_capacity",
        "others_mean_safeguard",
        "others_cover",
        "verdict",
        "dual_dilemma",
    )
    return [{k: row[k] for k in keys} for row in data["unilateral"]]


def _sizes(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for row in data["cartels"]["sizes"]:
        entry = dict(row)
        entry["cartel"] = ", ".join(row["cartel"])
        rows.append(entry)
    return rows


def _minimal(data: dict[str, Any]) -> list[dict[str, Any]]:
    keys = (
        "leakage",
        "risk",
        "effective",
        "critical_discount",
        "self_enforcing",
        "internally_stable",
        "externally_stable",
    )
    return [
        {"cartel": ", ".join(e["cartel"]), "size": len(e["cartel"]), **{k: e[k] for k in keys}}
        for e in data["cartels"]["minimal"]
    ]


def _enlargement(data: dict[str, Any]) -> list[dict[str, Any]]:
    path = data["cartels"]["enlargement"]
    if not path:
        return []
    breakdown = path["breakdown_year"]
    rows = []
    for year, members in zip(path["years"], path["members"], strict=True):
        held = breakdown is None or year < breakdown
        rows.append(
            {
                "year": year,
                "size": len(members) if held else None,
                "members": ", ".join(members) if held else "",
                "sustained": held,
            }
        )
    return rows


#: The frames :meth:`Report.to_frame` builds, by section name.
FRAMES: dict[str, Callable[[dict[str, Any]], list[dict[str, Any]]]] = {
    "suppliers": _suppliers,
    "equilibria": _equilibria,
    "unilateral": _unilateral,
    "cartel_sizes": _sizes,
    "minimal_cartels": _minimal,
    "enlargement": _enlargement,
}


def _exact_value(value: Any) -> Fraction | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(value)
        except ValueError:
            return None
    return None


def _numeric(values: list[Any]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(
        (isinstance(v, int | float) and not isinstance(v, bool))
        or (isinstance(v, str) and _exact_value(v) is not None)
        for v in present
    )


#: Columns that are numeric even when every value is missing (float NaN, not objects).
_NUMERIC = frozenset(
    {
        "critical_discount",
        "leakage",
        "risk",
        "needs_met",
        "delta_risk",
        "delta_payoff",
        "delta_share",
        "others_mean_safeguard",
    }
)


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    if not rows:
        return pd.DataFrame()
    columns: dict[str, Any] = {}
    for name in rows[0]:
        values = [row[name] for row in rows]
        present = [v for v in values if v is not None]
        if not present and name in _NUMERIC:
            columns[name] = pd.Series([float("nan")] * len(values), dtype=float)
        elif present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            columns[name] = pd.Series(values, dtype="Int64")  # counts, years: exact already
        elif _numeric(values):
            columns[name] = pd.Series(
                [float(Fraction(v)) if isinstance(v, str) else v for v in values], dtype=float
            )
            if any(isinstance(v, str) for v in present):
                columns[f"{name}_exact"] = pd.Series(
                    [_exact_value(v) for v in values], dtype=object
                )
        else:
            columns[name] = values
    return pd.DataFrame(columns)


class Report:
    """A scenario report (:func:`report`); every format renders the same dictionary.

    Attributes
    ----------
    data
        The JSON-ready report dictionary (read it with :meth:`to_dict`, which copies).
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    # -- formats --------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A deep copy of the report dictionary (the JSON schema of the README)."""
        return copy.deepcopy(self._data)

    def render(self, fmt: str) -> str:
        """The report as ``text``, ``markdown``, ``json``, ``latex`` or ``html``."""
        from dualdilemma.reporting.blocks import render_report

        return render_report(self._data, fmt)

    def to_json(self) -> str:
        return self.render("json")

    def to_markdown(self) -> str:
        return self.render("markdown")

    def to_text(self) -> str:
        return self.render("text")

    def to_latex(self) -> str:
        return self.render("latex")

    def to_html(self) -> str:
        """One self-contained HTML page with the figures inline."""
        return self.render("html")

    @property
    def verdict(self) -> list[str]:
        """The verdict sentences that open the report."""
        return list(self._data.get("verdict") or [])

    # -- frames ---------------------------------------------------------------------------------
    def to_frame(self, section: str) -> pd.DataFrame:
        """One table of the report as a pandas DataFrame (module docstring): ``suppliers``,
        ``equilibria``, ``unilateral``, ``cartel_sizes``, ``minimal_cartels`` or
        ``enlargement``."""
        if section not in FRAMES:
            raise InvalidParameterError(
                f"unknown section {section!r}; sections: {', '.join(FRAMES)}"
            )
        try:
            rows = FRAMES[section](self._data)
        except (KeyError, TypeError):
            rows = []  # the report has no such table (e.g. a cartel report has no equilibria)
        return _frame(rows)

    # -- display --------------------------------------------------------------------------------
    def __repr__(self) -> str:
        data = self._data
        name = data["scenario"].get("name") or "scenario"
        parts = [f"{len(data.get('suppliers') or [])} suppliers"]
        if "pure_equilibria" in data:
            count = len(data["pure_equilibria"])
            parts.append(f"{count} pure equilibri{'um' if count == 1 else 'a'}")
        if data.get("dual_dilemma_holds_for") is not None:
            holds = data["dual_dilemma_holds_for"]
            parts.append("dual dilemma for " + (", ".join(holds) if holds else "nobody"))
        cartels = data.get("cartels") or {}
        if cartels.get("sizes"):
            sizes = cartels.get("sustaining_sizes") or []
            parts.append("sustaining sizes " + (", ".join(map(str, sizes)) if sizes else "none"))
        return f"Report({name}: {'; '.join(parts)})"

    def _repr_html_(self) -> str:
        page = self.to_html()
        start, end = page.index("<body>") + len("<body>"), page.index("</body>")
        style = page[page.index("<style>") : page.index("</style>") + len("</style>")]
        return f'<div class="dualdilemma-report">{style}{page[start:end]}</div>'

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


def report(scenario: Scenario | str, *, cartels: int | None = None) -> Report:
    """The equilibrium report on ``scenario`` (a :class:`~dualdilemma.scenarios.Scenario`, a
    built-in scenario's name or a TOML path), as a :class:`Report`.

    Examples
    --------
    >>> import dualdilemma
    >>> rep = dualdilemma.report("mtcr-1987")
    >>> rep
    Report(mtcr-1987: 14 suppliers; 1 pure equilibrium; dual dilemma for ...)
    >>> frame = rep.to_frame("unilateral")
    >>> str(frame["delta_risk"].dtype), type(frame["delta_risk_exact"][0]).__name__
    ('float64', 'Fraction')
    """
    from dualdilemma.reporting.scenario_report import DEFAULT_CARTELS, scenario_report
    from dualdilemma.scenarios import load_scenario

    if isinstance(scenario, str):
        scenario = load_scenario(scenario)
    return Report(scenario_report(scenario, cartels=cartels or DEFAULT_CARTELS))
