"""The report of ``dualdilemma design``: predicted form, margins, actual form, thresholds.

:func:`design_report` builds a JSON-ready dictionary with ``format``
(``"dualdilemma-design/1"``), ``regime`` (key and title, or ``null`` for a scenario outside the
package data), ``case`` (the inputs, with the estimates named), ``features`` (one row per
feature: ``chosen``, ``margin`` exact and as a float, ``actual`` or ``null``, ``match``), and,
when asked, ``thresholds`` (per feature, the nearest flip in each estimated input, see
:mod:`dualdilemma.design.sensitivity`).  :func:`render_design` prints it as text, markdown,
JSON or LaTeX.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from dualdilemma.design.model import FEATURES, DesignCase, design
from dualdilemma.solvers.result import json_number

__all__ = [
    "DESIGN_FORMAT",
    "design_report",
    "render_design",
    "conjectures_report",
    "design_section",
    "design_blocks",
]

DESIGN_FORMAT = "dualdilemma-design/1"


def design_report(
    case: DesignCase,
    *,
    actual: Mapping[str, str] | None = None,
    regime: Mapping[str, Any] | None = None,
    thresholds: bool = False,
    progress: bool = False,
) -> dict[str, Any]:
    """The report on ``case`` (module docstring)."""
    result = design(case)
    rows = []
    for choice in result.choices:
        real = None if actual is None else actual.get(choice.feature)
        rows.append(
            {
                "feature": choice.feature,
                "forms": list(choice.forms),
                "chosen": choice.chosen,
                "margin": json_number(choice.margin),
                "margin_float": float(choice.margin),
                "terms": {k: json_number(v) for k, v in choice.terms.items()},
                "actual": real,
                "match": None if real is None or choice.chosen is None else choice.chosen == real,
            }
        )
    data: dict[str, Any] = {
        "format": DESIGN_FORMAT,
        "regime": None if regime is None else dict(regime),
        "case": case.to_dict(),
        "exact": result.exact,
        "features": rows,
        "ties": list(result.ties),
        "score": None
        if actual is None
        else {"hits": sum(bool(r["match"]) for r in rows), "features": len(rows)},
    }
    if thresholds:
        from dualdilemma.design.sensitivity import threshold

        inputs = [p for p in case.values() if p in case.estimates] or list(case.values())
        found = []
        for i, feature in enumerate(FEATURES):
            if progress:
                print(f"thresholds: {feature} ({i + 1}/{len(FEATURES)})", file=sys.stderr)
            found.extend(threshold(case, feature, p).to_dict() for p in inputs)
        data["thresholds"] = found
    return data


def conjectures_report(*, check_claims: bool = False, seed: int = 0) -> dict[str, Any]:
    """The conjecture table and, with ``check_claims``, the verdict of each C7 claim."""
    from dualdilemma.design.conjectures import CONJECTURES

    rows = []
    results = {}
    if check_claims:
        from dualdilemma.claims.check import check
        from dualdilemma.claims.design import DESIGN_CLAIMS

        for claim in DESIGN_CLAIMS:
            r = check(claim, seed=seed)
            results[claim.name] = {
                "kind": claim.kind,
                "expected": claim.expected,
                "status": r.status,
                "as_expected": r.as_expected,
                "examples": r.examples,
                "vacuous": r.vacuous,
                "reason": r.reason,
                "counterexample": r.counterexample,
            }
    from dualdilemma.claims.design import DESIGN_CLAIMS as claims

    for c in CONJECTURES:
        names = [k.name for k in claims if k.name in (f"C7-{c.id}", f"C7-{c.id}-naive")]
        row = c.to_dict()
        row["claims"] = [
            {"name": n, "kind": next(k.kind for k in claims if k.name == n), **results.get(n, {})}
            for n in names
        ]
        rows.append(row)
    return {"format": DESIGN_FORMAT, "conjectures": rows, "checked": check_claims}


def _latex_escape(text: str) -> str:
    return str(text).replace("_", r"\_").replace("%", r"\%").replace("&", r"\&")


def render_design(data: Mapping[str, Any], fmt: str = "text") -> str:
    """Render a :func:`design_report` (or :func:`conjectures_report`) dictionary."""
    from dualdilemma.reporting.common import dumps_json

    if fmt == "json":
        return dumps_json(data)
    if "conjectures" in data:
        return _render_conjectures(data, fmt)
    title = data["case"]["name"] if data["regime"] is None else data["regime"]["title"]
    header = ["feature", "predicted", "margin", "actual", "match"]
    rows = [
        [
            r["feature"],
            r["chosen"] or "tie",
            f"{r['margin_float']:+.4f}",
            r["actual"] or "-",
            "-" if r["match"] is None else ("yes" if r["match"] else "NO"),
        ]
        for r in data["features"]
    ]
    score = data.get("score")
    tail = "" if not score else f"{score['hits']} of {score['features']} features as recorded"
    estimates = ", ".join(data["case"]["estimates"]) or "none"
    thresholds = data.get("thresholds") or []
    flips = [t for t in thresholds if t["threshold"] is not None]
    if fmt == "markdown":
        lines = [f"## Regime design: {title}", "", "| " + " | ".join(header) + " |"]
        lines.append("|" + "---|" * len(header))
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        lines += ["", tail, "", f"Estimated inputs: {estimates}."]
        if flips:
            lines += ["", "| feature | input | now | flips at | method |", "|---|---|---|---|---|"]
            lines += [
                f"| {t['feature']} | {t['parameter']} | {t['current']} | {_value(t)} | "
                f"{t['method']} |"
                for t in flips
            ]
        return "\n".join(lines) + "\n"
    if fmt == "latex":
        lines = [
            r"\begin{tabular}{lllll}",
            r"\hline",
            " & ".join(header) + r" \\",
            r"\hline",
        ]
        lines += [" & ".join(_latex_escape(c) for c in row) + r" \\" for row in rows]
        lines += [r"\hline", r"\end{tabular}"]
        if tail:
            lines.append(f"% {tail}")
        return "\n".join(lines) + "\n"
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    out = [f"regime design: {title}", ""]
    out.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
    out += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    if tail:
        out += ["", tail]
    out += [f"estimated inputs: {estimates}"]
    if data["ties"]:
        out.append(f"ties (margin exactly 0, not resolved): {', '.join(data['ties'])}")
    if thresholds:
        out += ["", "thresholds (the form flips when the input crosses):"]
        for t in flips:
            out.append(
                f"  {t['feature']:<15} {t['parameter']:<28} now {t['current']!s:<10} "
                f"flips at {_value(t)} ({t['method']})"
            )
        steady = len(thresholds) - len(flips)
        out.append(f"  ({steady} feature-input pairs never flip inside the input's domain)")
    return "\n".join(out) + "\n"


def _value(t: Mapping[str, Any]) -> str:
    v = t["threshold"]
    if isinstance(v, Mapping):
        exact = v["exact"]
        return f"{v['float']:.4g}" + ("" if len(exact) > 40 else f" (= {exact})")
    return f"{float(v):.4g}"


def _render_conjectures(data: Mapping[str, Any], fmt: str) -> str:
    lines = []
    for c in data["conjectures"]:
        if not c["expressible"]:
            status = f"not expressible: {c['not_expressible']}"
        else:
            parts = []
            for claim in c["claims"]:
                s = f"{claim['name']} [{claim['kind']}]"
                if "status" in claim:
                    s += f" {claim['status']}" + ("" if claim["as_expected"] else " (UNEXPECTED)")
                parts.append(s)
            status = "; ".join(parts)
        lines.append((c["id"], c["statement"], status))
    if fmt == "markdown":
        out = ["| id | conjecture | in the model |", "|---|---|---|"]
        out += [f"| {a} | {b} | {c} |" for a, b, c in lines]
        return "\n".join(out) + "\n"
    if fmt == "latex":
        out = [r"\begin{tabular}{lp{6cm}p{6cm}}", r"\hline", r"id & conjecture & model \\"]
        out += [" & ".join(_latex_escape(x) for x in row) + r" \\" for row in lines]
        out += [r"\hline", r"\end{tabular}"]
        return "\n".join(out) + "\n"
    return "\n".join(f"{a:<3} {b}\n    {c}" for a, b, c in lines) + "\n"


# -- the ``design`` section of ``dualdilemma report`` ------------------------------------------


def design_section(scenario: Any) -> dict[str, Any]:
    """The ``design`` section of the scenario report: the predicted form against the actual
    form of the regime whose package data uses this scenario (its given inputs with the
    scenario's computed ones, overrides included), or why there is none."""
    from dualdilemma.design.record import records
    from dualdilemma.design.scenario import design_case_from_scenario
    from dualdilemma.errors import DualDilemmaError

    match = [r for r in records() if r.scenario and r.scenario == scenario.name]
    if not match:
        return {
            "available": False,
            "reason": "no regime of the design data uses this scenario; run "
            "`dualdilemma design SCENARIO --given INPUT=VALUE ...` with the inputs a market "
            "does not determine",
        }
    rec = match[0]
    given = {name: i.value for name, i in rec.inputs.items()}
    estimates = tuple(name for name, i in rec.inputs.items() if i.estimate)
    try:
        case = design_case_from_scenario(scenario, given, name=rec.key, estimates=estimates)
    except DualDilemmaError as exc:
        return {"available": False, "reason": str(exc).splitlines()[0]}
    regime = {"key": rec.key, "title": rec.title, "year": rec.year, "scenario": rec.scenario}
    data = design_report(case, actual=rec.actual_form, regime=regime)
    data["available"] = True
    return data


def design_blocks(section: Mapping[str, Any]) -> list[Any]:
    """The report blocks of a ``design`` section (see :mod:`dualdilemma.reporting.blocks`)."""
    from dualdilemma.reporting.blocks import Heading, Paragraph, Table, show_number

    blocks: list[Any] = [Heading("Regime design (C7)", 2)]
    if not section.get("available"):
        blocks.append(Paragraph(f"Not computed: {section.get('reason', '')}."))
        return blocks
    blocks.append(
        Paragraph(
            f"The design model's prediction for {section['regime']['title']}: each feature's "
            "form is chosen by the sign of its margin (dualdilemma.design.model); the actual "
            "form is from the official sources in dualdilemma/data/design/regimes.toml."
        )
    )
    rows = tuple(
        (
            r["feature"],
            r["chosen"] or "tie",
            show_number(r["margin"]),
            r["actual"] or "-",
            "-" if r["match"] is None else ("yes" if r["match"] else "no"),
        )
        for r in section["features"]
    )
    blocks.append(
        Table(
            "Predicted and actual form",
            ("feature", "predicted", "margin", "actual", "match"),
            rows,
            align="llrll",
        )
    )
    score = section.get("score")
    if score:
        estimates = ", ".join(section["case"]["estimates"]) or "none"
        blocks.append(
            Paragraph(
                f"{score['hits']} of {score['features']} features as recorded. Estimated "
                f"inputs: {estimates}."
            )
        )
    return blocks
