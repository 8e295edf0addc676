"""A small document model between the report dictionaries and the text, Markdown and LaTeX.

The JSON-ready dictionary of a report (:mod:`dualdilemma.reporting.scenario_report`) is the
single source; :func:`report_blocks` turns it into a list of blocks (headings, paragraphs,
key-value lists, tables, formulas, notes) and each renderer
(:mod:`~dualdilemma.reporting.text`, :mod:`~dualdilemma.reporting.markdown`,
:mod:`~dualdilemma.reporting.latex`) draws the same blocks its own way, so the three formats
always say the same thing.  :func:`render_report` picks the renderer (``json`` prints the
dictionary itself).

Numbers in the dictionaries are exact (``"p/q"`` strings, integers) or floats; people get four
significant digits (:func:`show_number`), machines the exact values in JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from dualdilemma.errors import InvalidParameterError

__all__ = [
    "Heading",
    "Paragraph",
    "KeyValues",
    "Table",
    "Formula",
    "Note",
    "Block",
    "FORMATS",
    "show_number",
    "describe_members",
    "report_blocks",
    "render_report",
]

#: Output formats of the scenario reports.
FORMATS = ("text", "markdown", "json", "latex")


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
    statement: str
    expression: str
    latex: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    text: str


Block = Heading | Paragraph | KeyValues | Table | Formula | Note


# -- formatting helpers ---------------------------------------------------------------------------
def _as_number(value: Any) -> Any:
    if isinstance(value, str) and "/" in value:
        return Fraction(value)
    return value


def show_number(value: Any, digits: int = 4) -> str:
    """A number for people: integers as such, others with ``digits`` significant digits.

    >>> show_number("1/3"), show_number(2), show_number(0.1234567), show_number(None)
    ('0.3333', '2', '0.1235', '-')
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
    return f"{number:.{digits}g}"


def _yes(value: Any) -> str:
    if value is None:
        return "-"
    return "yes" if value else "no"


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


def _profile_text(profile: Sequence[str], suppliers: Sequence[str]) -> str:
    exporters = [s for s, a in zip(suppliers, profile, strict=True) if a == "export"]
    controllers = [s for s, a in zip(suppliers, profile, strict=True) if a == "control"]
    if not controllers:
        return "all export"
    if not exporters:
        return "all control"
    if len(controllers) <= len(exporters):
        return "control: " + ", ".join(controllers) + " (others export)"
    return "export: " + ", ".join(exporters) + " (others control)"


def _discount_text(value: Any, status: str | None = None) -> str:
    if status == "never" or (value is None and status is None):
        return "never"
    return show_number(value)


# -- the sections ---------------------------------------------------------------------------------
def _scenario_blocks(data: dict[str, Any]) -> list[Block]:
    scenario, market = data["scenario"], data["market"]
    title = scenario["title"] or scenario["name"]
    blocks: list[Block] = [Heading(f"{title}", 1)]
    if scenario["description"]:
        blocks.append(Paragraph(scenario["description"]))
    items = [
        ("scenario", f"{scenario['name']} ({scenario['origin'] or 'given'})"),
        ("value V", show_number(market["value"])),
        (
            "risk p0 / p1",
            f"{show_number(market['risk_without_supply'])} / "
            f"{show_number(market['risk_with_supply'])}",
        ),
        ("tolerance tau", show_number(market["tolerance"])),
        ("discount delta", show_number(market["discount"])),
        ("detection beta", show_number(market["detection"])),
        ("punishment", market["punishment"]),
    ]
    if market["risk_exponent"] not in (1, "1"):
        items.insert(3, ("risk exponent gamma", show_number(market["risk_exponent"])))
    blocks.append(KeyValues(tuple(items), "Market"))
    rows = tuple(
        (
            s["name"],
            show_number(s["capacity"]),
            show_number(s["harm"]),
            show_number(s["safeguard"]),
            show_number(s["control_cost"]),
        )
        for s in data["supplier_parameters"]
    )
    blocks.append(
        Table(
            f"Suppliers ({len(rows)})",
            ("supplier", "capacity k", "harm h", "safeguard s", "control cost c"),
            rows,
        )
    )
    if data.get("regime"):
        regime = data["regime"]
        year = f" ({regime['year']})" if regime.get("year") else ""
        blocks.append(
            Paragraph(
                f"Historical regime: {regime['name']}{year}, members: "
                f"{describe_members(regime['members'], data['suppliers'])}."
            )
        )
    return blocks


def _equilibria_blocks(data: dict[str, Any]) -> list[Block]:
    suppliers = data["suppliers"]
    game, detail = data["game"], data["pure_equilibria_detail"]
    blocks: list[Block] = [Heading("Game and equilibria", 2)]
    blocks.append(
        KeyValues(
            (
                ("players", f"{game['players']} suppliers"),
                ("actions", " / ".join(game["actions"])),
                ("profiles", f"2^{game['players']} = {game['profiles']}"),
                ("representation", game["representation"]),
                (
                    "pure equilibria",
                    f"{len(data['pure_equilibria'])} "
                    f"({'complete' if detail['complete'] else 'NOT certified complete'})",
                ),
                ("method", detail["method"]),
            ),
        )
    )
    rows = tuple(
        (
            str(number),
            _profile_text(outcome["profile"], suppliers),
            show_number(outcome["needs_met"]),
            show_number(outcome["leakage"]),
            show_number(outcome["risk"]),
            "weak" if outcome["weak"] else "strict",
        )
        for number, outcome in enumerate(detail["outcomes"], start=1)
    )
    if rows:
        blocks.append(
            Table(
                "Pure equilibria (verified exactly)",
                ("#", "profile", "needs met Q", "leakage q", "risk P", "kind"),
                rows,
                align="rlrrrl",
                wide=frozenset({1}),
            )
        )
    else:
        blocks.append(Paragraph("The game has no pure equilibrium."))
    mixed = data["mixed_equilibria"]
    if mixed["computed"]:
        mixed_rows = tuple(
            (
                str(number),
                ", ".join(
                    f"{name} {show_number(sigma[0])}"
                    for name, sigma in zip(suppliers, eq["profile"], strict=True)
                ),
                "pure" if eq["pure"] else "mixed",
                show_number(eq["max_regret"]),
            )
            for number, eq in enumerate(mixed["equilibria"], start=1)
        )
        blocks.append(
            Table(
                f"All equilibria ({mixed['method']}; "
                f"{'complete' if mixed['complete'] else 'not certified complete'}): "
                "probability of export",
                ("#", "probability of export", "kind", "max regret"),
                mixed_rows,
                align="rllr",
                wide=frozenset({1}),
            )
        )
    else:
        blocks.append(Paragraph(f"Mixed equilibria: {mixed['reason']}."))
    return blocks


def _unilateral_blocks(data: dict[str, Any]) -> list[Block]:
    rows = tuple(
        (
            str(row["baseline_index"] + 1),
            row["supplier"],
            show_number(row["delta_risk"]),
            show_number(row["delta_payoff"]),
            show_number(row["delta_share"]),
            show_number(row["others_capacity"]),
            show_number(row["safeguard"]),
            show_number(row["others_mean_safeguard"]),
            row["verdict"],
        )
        for row in data["unilateral"]
    )
    blocks: list[Block] = [Heading("The dual dilemma of unilateral control", 2)]
    blocks.append(
        Paragraph(
            "At each pure equilibrium (#), each exporter's lone switch to control: change in "
            "risk dP, in its own payoff du and share dm; K_o and sbar are the other exporters' "
            "capacity and mean safeguard. When K_o >= 1 the switch lowers the risk only if "
            "s_i < sbar; the dual dilemma holds when it does not lower the risk and costs the "
            "supplier (du < 0)."
        )
    )
    if rows:
        blocks.append(
            Table(
                "Unilateral switches to control",
                ("#", "supplier", "dP", "du", "dm", "K_o", "s_i", "sbar", "verdict"),
                rows,
                align="rlrrrrrrl",
            )
        )
    holds = data["dual_dilemma_holds_for"]
    blocks.append(
        Paragraph(
            "The dual dilemma holds for: " + (", ".join(holds) if holds else "no supplier") + "."
        )
    )
    return blocks


def _member_text(entry: dict[str, Any], suppliers: Sequence[str]) -> str:
    return describe_members(entry["cartel"], suppliers)


def _stable_text(entry: dict[str, Any]) -> str:
    return f"{_yes(entry['internally_stable'])} / {_yes(entry['externally_stable'])}"


def _one_cartel(entry: dict[str, Any], suppliers: Sequence[str], title: str) -> list[Block]:
    outsiders = entry["outsiders"]
    reply = outsiders["selected"]
    exporting = [s for s, a in zip(suppliers, reply, strict=True) if a == "export"] if reply else []
    items = (
        ("members", _member_text(entry, suppliers)),
        ("outsiders exporting", ", ".join(exporting) or "none"),
        ("leakage", show_number(entry["leakage"])),
        ("risk", show_number(entry["risk"])),
        ("effective", _yes(entry["effective"])),
        ("delta*", _discount_text(entry["critical_discount"])),
        ("binding", ", ".join(entry["binding"]) or "-"),
        ("self-enforcing", _yes(entry["self_enforcing"])),
        ("stable (internal / external)", _stable_text(entry)),
        ("would leave", ", ".join(entry["would_leave"]) or "-"),
        ("would join", ", ".join(entry["would_join"]) or "-"),
    )
    rows = tuple(
        (m["supplier"], _discount_text(m["critical_discount"], m["status"]), m["status"])
        for m in entry["members"]
    )
    return [
        KeyValues(items, title),
        Table("Members' critical discount factors", ("member", "delta*_i", "status"), rows, "lrl"),
    ]


def _cartel_blocks(data: dict[str, Any]) -> list[Block]:
    suppliers = data["suppliers"]
    cartels = data["cartels"]
    blocks: list[Block] = [Heading("Cartels", 2)]
    blocks.append(
        KeyValues(
            (
                ("tolerance tau", show_number(cartels["tolerance"]) + " (leakage)"),
                ("discount delta", show_number(cartels["discount"])),
                ("detection beta", show_number(cartels["detection"])),
                ("punishment", cartels["punishment"]),
                ("outsiders' reply", f"pure equilibrium, selection {cartels['selection']}"),
                ("arithmetic", cartels["arithmetic"]),
            ),
        )
    )
    minimal = cartels["minimal_effective"]
    if minimal is not None:
        size = minimal["smallest_size"]
        blocks.append(
            Paragraph(
                f"Minimal effective cartels (outsiders exporting): {minimal['found']} found "
                f"({'complete' if minimal['complete'] else 'search stopped at the limit'}), "
                f"smallest size {size if size is not None else '-'}; the first "
                f"{minimal['analysed']} analysed with the outsiders' actual reply."
            )
        )
    analysed = cartels["minimal"]
    if analysed:
        rows = tuple(
            (
                str(number),
                str(len(entry["cartel"])),
                _member_text(entry, suppliers),
                show_number(entry["leakage"]),
                _discount_text(entry["critical_discount"]),
                ", ".join(entry["binding"]) or "-",
                _yes(entry["self_enforcing"]),
                _stable_text(entry),
            )
            for number, entry in enumerate(analysed, start=1)
        )
        blocks.append(
            Table(
                "Minimal effective cartels",
                ("#", "size", "members", "leakage", "delta*", "binding", "self-enf.", "stable i/e"),
                rows,
                align="rrlrrlll",
                wide=frozenset({2}),
            )
        )
        member_rows = []
        for name in suppliers:
            cells = [name]
            for entry in analysed:
                found = [m for m in entry["members"] if m["supplier"] == name]
                if not found:
                    cells.append("")
                else:
                    cells.append(_discount_text(found[0]["critical_discount"], found[0]["status"]))
            member_rows.append(tuple(cells))
        blocks.append(
            Table(
                "Each member's critical discount factor delta*_i (blank: not a member)",
                ("supplier", *[f"#{k}" for k in range(1, len(analysed) + 1)]),
                tuple(member_rows),
            )
        )
    sustainable = cartels["smallest_sustainable"]
    if sustainable is not None:
        if sustainable["cartel"] is None:
            text = f"Smallest self-enforcing effective cartel: none ({sustainable['reason']})."
        else:
            analysis = sustainable["analysis"]
            text = (
                f"Smallest self-enforcing effective cartel: {len(sustainable['cartel'])} members, "
                f"{describe_members(sustainable['cartel'], suppliers)}; leakage "
                f"{show_number(analysis['leakage'])}, delta* "
                f"{_discount_text(analysis['critical_discount'])} "
                f"({sustainable['reason']})."
            )
        blocks.append(Paragraph(text))
    regime = cartels["regime"]
    if regime is not None:
        year = f" ({regime['year']})" if regime.get("year") else ""
        blocks += _one_cartel(
            regime["analysis"],
            suppliers,
            f"The historical regime as a cartel: {regime['name']}{year}",
        )
    if cartels.get("requested") is not None:
        blocks += _one_cartel(cartels["requested"], suppliers, "The requested cartel")
    if cartels["sizes"]:
        rows = tuple(
            (
                str(row["size"]),
                describe_members(row["cartel"], suppliers),
                _yes(row["effective"]),
                show_number(row["leakage"]),
                _discount_text(row["critical_discount"]),
                _yes(row["self_enforcing"]),
                _yes(row["externally_stable"]),
                _yes(row["sustains_cooperation"]),
            )
            for row in cartels["sizes"]
        )
        blocks.append(
            Table(
                "Cartel sizes: the m suppliers with the most unsafeguarded capacity",
                (
                    "m",
                    "members",
                    "effective",
                    "leakage",
                    "delta*",
                    "self-enf.",
                    "ext. stable",
                    "sustains",
                ),
                rows,
                align="rlrrrlll",
                wide=frozenset({1}),
            )
        )
        sizes = cartels["sustaining_sizes"]
        blocks.append(
            Paragraph(
                "Sizes that sustain cooperation (effective, self-enforcing, externally stable): "
                + (", ".join(str(s) for s in sizes) if sizes else "none")
                + "."
            )
        )
    enlargement = cartels["enlargement"]
    if enlargement is not None:
        initial = set((data.get("capacity_paths") or {}).get("initial") or [])
        joined: dict[Any, list[str]] = {}
        for item in enlargement["accession"]:
            if item["supplier"] not in initial:
                joined.setdefault(item["year"], []).append(item["supplier"])
        if initial:
            blocks.append(
                Paragraph(
                    "Enlargement starts from the members "
                    f"{describe_members(sorted(initial), suppliers)} "
                    f"in {enlargement['years'][0]}."
                )
            )
        rows = tuple(
            (
                str(year),
                str(len(members)),
                describe_members(members, suppliers),
                ", ".join(joined.get(year, [])) or "-",
            )
            for year, members in zip(enlargement["years"], enlargement["members"], strict=True)
        )
        blocks.append(
            Table(
                "Enlargement as capacities grow",
                ("year", "size", "members", "joining"),
                rows,
                align="rrll",
                wide=frozenset({2, 3}),
            )
        )
        if enlargement["breakdown_year"] is not None:
            blocks.append(
                Paragraph(
                    f"From {enlargement['breakdown_year']} no self-enforcing effective "
                    "enlargement exists."
                )
            )
    for note in cartels["diagnostics"]:
        blocks.append(Note(note))
    return blocks


def _conditions_blocks(data: dict[str, Any]) -> list[Block]:
    conditions = data["conditions"]
    blocks: list[Block] = [Heading("Conditions that decide the verdicts", 2)]
    blocks.append(KeyValues(tuple(conditions["symbols"].items()), "Symbols"))
    for item in conditions["items"]:
        blocks.append(
            Formula(item["statement"], item["expression"], item["latex"], tuple(item["terms"]))
        )
    return blocks


def _profile_condition_blocks(data: dict[str, Any]) -> list[Block]:
    kept = data["kept_parameters"]
    blocks: list[Block] = [Heading("Equilibrium conditions of this market", 2)]
    if kept:
        blocks.append(
            KeyValues(
                tuple(
                    (p["name"], f"{p['description']} (here {show_number(p['value'])})")
                    for p in kept
                ),
                "Parameters kept symbolic (all others take the scenario's values)",
            )
        )
    for item in data["profile_conditions"]:
        where = "an equilibrium here" if item["equilibrium_here"] else "not an equilibrium here"
        blocks.append(
            Formula(
                f"{item['statement']} ({where})",
                item["expression"],
                item["latex"],
                tuple(item["terms"]),
            )
        )
    return blocks


def report_blocks(data: dict[str, Any]) -> list[Block]:
    """The blocks of a report dictionary (any of the report, cartel and conditions reports)."""
    blocks = _scenario_blocks(data)
    if "game" in data:
        blocks += _equilibria_blocks(data)
    if "unilateral" in data:
        blocks += _unilateral_blocks(data)
    if "cartels" in data:
        blocks += _cartel_blocks(data)
    if "profile_conditions" in data:
        blocks += _profile_condition_blocks(data)
    if "conditions" in data:
        blocks += _conditions_blocks(data)
    if "design" in data:
        from dualdilemma.design.report import design_blocks

        blocks += design_blocks(data["design"])
    for note in data.get("diagnostics", []):
        blocks.append(Note(note))
    sources = data["scenario"].get("sources") or []
    if sources:
        blocks.append(Heading("Sources", 2))
        blocks.extend(Paragraph(f"- {source}") for source in sources)
    return blocks


def render_report(data: dict[str, Any], fmt: str = "text") -> str:
    """Render a report dictionary as ``text`` (rich, 100 columns), ``markdown``, ``json`` or
    ``latex`` (a complete document)."""
    if fmt == "json":
        from dualdilemma.reporting.common import dumps_json

        return dumps_json(data)
    renderers: dict[str, Callable[[list[Block]], str]] = {}
    if fmt == "text":
        from dualdilemma.reporting.text import render_text

        renderers[fmt] = render_text
    elif fmt == "markdown":
        from dualdilemma.reporting.markdown import render_markdown

        renderers[fmt] = render_markdown
    elif fmt == "latex":
        from dualdilemma.reporting.latex import render_latex

        renderers[fmt] = render_latex
    else:
        raise InvalidParameterError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return renderers[fmt](report_blocks(data))
