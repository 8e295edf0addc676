"""From a report dictionary to blocks: the sections of the scenario reports, in one place.

The JSON-ready dictionary of a report (:mod:`dualdilemma.reporting.scenario_report`) is the
single source; :func:`report_blocks` turns it into a list of blocks
(:mod:`dualdilemma.reporting.document`) and each renderer
(:mod:`~dualdilemma.reporting.text`, :mod:`~dualdilemma.reporting.markdown`,
:mod:`~dualdilemma.reporting.latex`, :mod:`~dualdilemma.reporting.html`) draws the same blocks
its own way, so the formats always say the same thing.  :func:`render_report` picks the
renderer (``json`` prints the dictionary itself, with the verdict and glossary first).

Every report opens with the verdict block and the glossary
(:mod:`dualdilemma.reporting.verdict`).  The sections follow in the order of
:data:`SECTIONS`, a list of ``(JSON key, renderer)`` pairs: a section whose key is absent from
the dictionary is skipped, so a new section is one renderer and one :func:`register_section`
call (or one line in :data:`SECTIONS`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from dualdilemma.errors import InvalidParameterError
from dualdilemma.reporting.document import (
    Block,
    Figure,
    Formula,
    Heading,
    KeyValues,
    Note,
    Paragraph,
    Table,
    describe_members,
    show_number,
)
from dualdilemma.reporting.figures import report_figures
from dualdilemma.reporting.html import render_html
from dualdilemma.reporting.latex import render_latex
from dualdilemma.reporting.markdown import render_markdown
from dualdilemma.reporting.text import render_text
from dualdilemma.reporting.verdict import degenerate_market, glossary, verdict, with_verdict

__all__ = [
    "Heading",
    "Paragraph",
    "KeyValues",
    "Table",
    "Formula",
    "Note",
    "Figure",
    "Block",
    "FORMATS",
    "SECTIONS",
    "SectionRenderer",
    "register_section",
    "show_number",
    "describe_members",
    "report_blocks",
    "render_report",
]

#: Output formats of the scenario reports.
FORMATS = ("text", "markdown", "json", "latex", "html")

#: A section renderer: the report dictionary to the section's blocks.
SectionRenderer = Callable[[dict[str, Any]], list[Block]]


def _yes(value: Any) -> str:
    if value is None:
        return "-"
    return "yes" if value else "no"


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
    blocks: list[Block] = [Heading(f"{title}", 1), Heading("Scenario", 2)]
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
            f"Suppliers ({len(rows)})" if len(rows) != 1 else "Supplier",
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
                ("verified", detail["verified"]),
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
                f"Pure equilibria (verified: {detail['verified']})",
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
    if degenerate_market(data):
        blocks.append(
            Note(
                "p1 = p0: the risk cannot change in this market, so every switch is "
                "'ineffective' by arithmetic alone"
            )
        )
    figure = report_figures(data).get("unilateral")
    if figure is not None:
        blocks.append(figure)
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
    if degenerate_market(data):
        blocks.append(
            Note(
                "p1 = p0: the risk cannot change in this market, so every cartel is "
                "'effective' by arithmetic alone"
            )
        )
    minimal = cartels["minimal_effective"]
    if minimal is not None:
        size = minimal["smallest_size"]
        found = minimal["found"]
        count = minimal.get("count")
        if not minimal["complete"] and count is not None:
            text = (
                f"Minimal effective cartels (outsiders best-respond): {int(count):,} "
                f"(exact count); the first {found:,} listed, "
                f"smallest size {size if size is not None else '-'}"
            )
        else:
            text = (
                f"Minimal effective cartels (outsiders best-respond): {found} found "
                f"({'complete' if minimal['complete'] else 'list incomplete, see the notes'}), "
                f"smallest size {size if size is not None else '-'}"
            )
        if found == 0:
            text += "."
        elif minimal["analysed"] >= found:
            text += (
                f"; {'it is' if found == 1 else 'all are'} analysed with the outsiders' "
                "actual reply."
            )
        else:
            text += (
                f"; the first {minimal['analysed']} analysed with the outsiders' actual reply "
                "(--cartels N analyses more)."
            )
        blocks.append(Paragraph(text))
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
        needed = regime.get("needed")
        if needed:
            # the members not needed are described within the regime ("all but ...")
            spare = describe_members(needed["not_needed"], regime["analysis"]["cartel"])
            text = (
                f"Members needed for effectiveness: {describe_members(needed['needed'], suppliers)}"
                f"; not needed: {spare}"
            )
            if needed["non_members_needed"]:
                joiners = describe_members(needed["non_members_needed"], suppliers)
                text += f"; non-members needed as well: {joiners}"
            blocks.append(Paragraph(f"{text} ({needed['rule']})."))
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
        blocks.append(report_figures(data)["sizes"])
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
        breakdown = enlargement["breakdown_year"]
        rows = []
        for year, members in zip(enlargement["years"], enlargement["members"], strict=True):
            if breakdown is not None and year >= breakdown:
                status = "breakdown" if year == breakdown else "after breakdown"
                rows.append((str(year), "-", "none self-enforcing", "-", status))
                continue
            rows.append(
                (
                    str(year),
                    str(len(members)),
                    describe_members(members, suppliers),
                    ", ".join(joined.get(year, [])) or "-",
                    "sustained",
                )
            )
        blocks.append(
            Table(
                "Enlargement as capacities grow",
                ("year", "size", "members", "joining", "status"),
                tuple(rows),
                align="rrlll",
                wide=frozenset({2, 3}),
            )
        )
        if breakdown is not None:
            blocks.append(
                Paragraph(
                    f"Breakdown in {breakdown}: from that year on no effective cartel grown from "
                    "the minimal ones is self-enforcing at the scenario's discount factor, so the "
                    "model predicts that the regime stops holding (members keep no sustainable "
                    "agreement) rather than enlarging; rows from then on list no members."
                )
            )
        blocks.append(report_figures(data)["enlargement"])
    for note in cartels["diagnostics"]:
        blocks.append(Note(note))
    return blocks


def _simulation_blocks(data: dict[str, Any]) -> list[Block]:
    simulation = data["simulation"]
    years = simulation["years"]
    median = [row[simulation["quantiles"].index(0.5)] for row in simulation["size_quantiles"]]
    text = (
        f"Regime dynamics (MODEL s.5) on this market: {simulation['histories']:,} histories of "
        f"{simulation['years_simulated']} years, seed {simulation['seed']}; median membership "
        f"{show_number(median[0])} in {years[0]} and {show_number(median[-1])} in {years[-1]}"
    )
    record = simulation.get("record")
    if record:
        inside = [
            (y, m)
            for y, m in zip(record["years"], record["members"], strict=True)
            if years[0] <= y <= years[-1]
        ]
        if inside:
            text += (
                f"; the {simulation['regime']} recorded {inside[0][1]} members in "
                f"{inside[0][0]} and {inside[-1][1]} in {inside[-1][0]} (all adherents, not "
                "only the scenario's suppliers)"
            )
    blocks: list[Block] = [Heading("Simulated membership", 2), Paragraph(text + ".")]
    blocks.append(report_figures(data)["simulation"])
    return blocks


def _conditions_blocks(data: dict[str, Any]) -> list[Block]:
    conditions = data["conditions"]
    blocks: list[Block] = [Heading("Conditions that decide the verdicts", 2)]
    blocks.append(KeyValues(tuple(conditions["symbols"].items()), "Symbols"))
    for item in conditions["items"]:
        blocks.append(
            Formula(
                item["statement"],
                item["expression"],
                item["latex"],
                tuple(item["terms"]),
                item.get("pretty", ""),
            )
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
                item.get("pretty", ""),
            )
        )
    return blocks


def _verdict_blocks(data: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = [Heading("Verdict", 2)]
    blocks.extend(Paragraph(sentence) for sentence in verdict(data))
    terms = glossary(data)
    if terms:
        blocks.append(KeyValues(tuple(terms), "Glossary"))
    return blocks


def _history_blocks(data: dict[str, Any]) -> list[Block]:
    # the section's wording lives beside its computation, in the fit package (loaded lazily)
    from dualdilemma.fit.history_section import history_blocks

    return history_blocks(data)


def _design_blocks(data: dict[str, Any]) -> list[Block]:
    from dualdilemma.design.report import design_blocks

    return design_blocks(data["design"])


#: The report's sections in order: ``(JSON key, renderer)``; absent keys are skipped.
SECTIONS: list[tuple[str, SectionRenderer]] = [
    ("game", _equilibria_blocks),
    ("unilateral", _unilateral_blocks),
    ("cartels", _cartel_blocks),
    ("history", _history_blocks),
    ("design", _design_blocks),
    ("simulation", _simulation_blocks),
    ("profile_conditions", _profile_condition_blocks),
    ("conditions", _conditions_blocks),
]


def register_section(key: str, renderer: SectionRenderer, *, before: str | None = None) -> None:
    """Add (or replace) the section rendered from ``data[key]``; it goes before the section
    ``before`` (default: before the symbolic conditions, which close the report).

    >>> register_section("example", lambda data: [Paragraph(str(data["example"]))])
    >>> [key for key, _ in SECTIONS][-2:]
    ['example', 'conditions']
    >>> SECTIONS[:] = [(k, r) for k, r in SECTIONS if k != "example"]
    """
    SECTIONS[:] = [(k, r) for k, r in SECTIONS if k != key]
    anchor = "conditions" if before is None else before
    keys = [k for k, _ in SECTIONS]
    position = keys.index(anchor) if anchor in keys else len(SECTIONS)
    SECTIONS.insert(position, (key, renderer))


def report_blocks(data: dict[str, Any]) -> list[Block]:
    """The blocks of a report dictionary (any of the report, cartel and conditions reports):
    the title, the verdict block and glossary, the scenario, then each section of
    :data:`SECTIONS` present in ``data``, the notes and the sources."""
    scenario = _scenario_blocks(data)
    blocks = [scenario[0], *_verdict_blocks(data), *scenario[1:]]
    for key, renderer in SECTIONS:
        if data.get(key) is not None:
            blocks += renderer(data)
    for note in data.get("diagnostics", []):
        blocks.append(Note(note))
    sources = data["scenario"].get("sources") or []
    if sources:
        blocks.append(Heading("Sources", 2))
        blocks.extend(Paragraph(f"- {source}") for source in sources)
    return blocks


_RENDERERS: dict[str, Callable[[list[Block]], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "latex": render_latex,
}


def render_report(data: dict[str, Any], fmt: str = "text") -> str:
    """Render a report dictionary as ``text`` (100 columns), ``markdown``, ``json``, ``latex``
    (a complete document) or ``html`` (one self-contained page with SVG figures)."""
    if fmt == "json":
        from dualdilemma.reporting.common import dumps_json

        return dumps_json(with_verdict(data))
    blocks = report_blocks(data)
    if fmt == "html":
        title = data["scenario"].get("title") or data["scenario"].get("name") or "report"
        return render_html(blocks, title=title)
    if fmt not in _RENDERERS:
        raise InvalidParameterError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return _RENDERERS[fmt](blocks)
