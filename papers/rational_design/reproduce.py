"""Rational design (Koremenos, Lipson and Snidal 2001) of eight regimes: predicted against actual.

Regenerates the table of README.md from the package: for each regime of the design data
(:mod:`dualdilemma.design.record`), the form the design model predicts for each of the six
features (from the regime's own inputs: a built-in scenario's computed quantities where one
exists, sourced facts or ranged estimates otherwise), the margin, the actual form, and the
score beside the majority-rule null model.

Run ``python papers/rational_design/reproduce.py`` (add ``--write`` to refresh table.md).
"""

from __future__ import annotations

from dualdilemma.design.model import FEATURES
from dualdilemma.design.record import robustness, score
from dualdilemma.reporting.tables import markdown_table, reproduction_main

ABBREVIATIONS = {
    "restrictive": "restr",
    "inclusive": "incl",
    "treaty": "treaty",
    "political": "pol",
    "published": "pub",
    "confidential": "conf",
    "centralised": "central",
    "national": "nat",
    "consensus": "cons",
    "majority": "maj",
    "flexible": "flex",
    "rigid": "rigid",
}


def rows() -> list[dict]:
    """One row per regime: predicted and actual form, margins, hits."""
    card = score()
    out = []
    for comparison in card.comparisons:
        out.append(
            {
                "regime": comparison.regime,
                "predicted": dict(comparison.result.form),
                "actual": dict(comparison.actual),
                "margins": {c.feature: c.margin for c in comparison.result.choices},
                "hits": len(comparison.hits),
                "flips": robustness(comparison.regime),
            }
        )
    out.append({"regime": "total", "hits": card.hits, "null_hits": card.null_hits,
                "total": card.total, "null_rule": dict(card.null_rule)})  # fmt: skip
    return out


def _cell(row: dict, feature: str) -> str:
    predicted, actual = row["predicted"][feature], row["actual"][feature]
    mark = "" if predicted == actual else " ✗"
    shown = "tie" if predicted is None else ABBREVIATIONS[predicted]
    return f"{shown} ({float(row['margins'][feature]):+.2f}){mark}"


def table() -> str:
    regimes = [r for r in rows() if r["regime"] != "total"]
    total = rows()[-1]
    body = [[r["regime"], *(_cell(r, f) for f in FEATURES), f"{r['hits']}/6"] for r in regimes]
    actual = [[r["regime"], *(ABBREVIATIONS[r["actual"][f]] for f in FEATURES)] for r in regimes]
    null = ", ".join(f"{f} {ABBREVIATIONS[v]}" for f, v in total["null_rule"].items())
    fragile = [
        [r["regime"], "; ".join(f"{f}: {', '.join(v)}" for f, v in r["flips"].items() if v) or "-"]
        for r in regimes
    ]
    return (
        "### Predicted form (margin), ✗ where it differs from the actual form\n\n"
        + markdown_table(("regime", *FEATURES, "hits"), body)
        + "\n### Actual form (official sources in dualdilemma/data/design/regimes.toml)\n\n"
        + markdown_table(("regime", *FEATURES), actual)
        + f"\nModel: {total['hits']} of {total['total']} features as recorded. "
        + f"Null model (every feature at its most common actual form: {null}): "
        + f"{total['null_hits']} of {total['total']}.\n"
        + "\n### Estimated inputs whose range flips a prediction (one at a time, range ends)\n\n"
        + markdown_table(("regime", "feature: inputs"), fragile)
    )


if __name__ == "__main__":
    reproduction_main(table, __file__)
