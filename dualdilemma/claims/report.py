"""The report of ``dualdilemma claims``: a table of claims with status and counterexamples.

The JSON object has ``seed``, ``max_examples``, ``shrink_budget``, ``claims`` (one object per
claim: ``name``, ``kind`` -- ``"theorem"`` or ``"definition"`` --, ``statement``, ``status`` --
``"holds"``, ``"counterexample"`` or ``"vacuous"`` --, ``expected``, ``as_expected``,
``support``, ``examples`` (those that met the premise), ``vacuous`` (rejected draws),
``counterexample``: the parameters of the minimal counterexample or ``null``, ``reason``,
``evidence``...) and ``summary``: how many claims came out as expected, and how many are
theorems and definitions.  Only a conditioned theorem that held on examples meeting its premise
counts as ``support``; a definition (true by construction) is listed and checked as a test of
the implementation, never counted as support, and vacuous draws are never examples.

The text report is a table at 100 columns, each claim's result in one line, and each
counterexample's parameters in one line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dualdilemma.claims.check import ClaimResult
from dualdilemma.reporting.common import dumps_json, render_rich

__all__ = ["claims_report_dict", "render_claims_report", "summarise_parameters"]


def claims_report_dict(results: Sequence[ClaimResult]) -> dict[str, Any]:
    """The JSON-ready report of ``results`` (all checked with the same settings)."""
    first = results[0] if results else None
    return {
        "seed": None if first is None else first.seed,
        "max_examples": None if first is None else first.max_examples,
        "shrink_budget": None if first is None else first.shrink_budget,
        "claims": [r.to_dict() for r in results],
        "summary": {
            "claims": len(results),
            "holds": sum(r.holds for r in results),
            "counterexamples": sum(r.status == "counterexample" for r in results),
            "vacuous": sum(r.status == "vacuous" for r in results),
            "as_expected": sum(r.as_expected for r in results),
            "theorems": sum(r.kind == "theorem" for r in results),
            "definitions": sum(r.kind == "definition" for r in results),
            "support": sum(r.support for r in results),
            "refuted_naive_theorems": sum(
                r.kind == "theorem" and r.naive_of is not None and r.status == "counterexample"
                for r in results
            ),
        },
    }


def _value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + "}"
    return str(value)


def _market(market: Mapping[str, Any]) -> str:
    head = f"V={market['value']} p0={market['risk_without_supply']} p1={market['risk_with_supply']}"
    suppliers = "; ".join(
        f"{s['name']}(k={s['capacity']} h={s['harm']} s={s['safeguard']} c={s['control_cost']})"
        for s in market["suppliers"]
    )
    return f"{head}; {suppliers}"


def summarise_parameters(parameters: Any) -> str:
    """One line for a claim's parameters (markets shown supplier by supplier).

    >>> summarise_parameters({"market": {"value": 1, "risk_without_supply": 0,
    ...     "risk_with_supply": 1, "suppliers": [{"name": "S1", "capacity": 1, "harm": 0,
    ...     "safeguard": 0, "control_cost": 0}]}, "cartel": ["S1"]})
    'V=1 p0=0 p1=1; S1(k=1 h=0 s=0 c=0); cartel=[S1]'
    """
    if not isinstance(parameters, Mapping):
        return _value(parameters)
    if "suppliers" in parameters and "value" in parameters:
        return _market(parameters)
    parts = []
    for key, value in parameters.items():
        if key == "market" and isinstance(value, Mapping) and "suppliers" in value:
            parts.append(_market(value))
        else:
            parts.append(f"{key}={_value(value)}")
    return "; ".join(parts)


def render_claims_report(results: Sequence[ClaimResult], fmt: str = "text") -> str:
    """Render as ``"text"`` (rich table, 100 columns) or ``"json"``."""
    data = claims_report_dict(results)
    if fmt == "json":
        return dumps_json(data)
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False)
    table.add_column("claim", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("as expected", no_wrap=True)
    table.add_column("examples", justify="right", no_wrap=True)
    for r in results:
        examples = str(r.examples) + (f" (+{r.vacuous} vacuous)" if r.vacuous else "")
        kind = "definition" if r.kind == "definition" else ("naive" if r.naive_of else "theorem")
        table.add_row(r.name, kind, r.status, "yes" if r.as_expected else "NO", examples)
    summary = data["summary"]
    header = Text(
        f"claims of the theory (MODEL s.1): seed {data['seed']}, up to {data['max_examples']} "
        f"examples each; {summary['as_expected']} of {summary['claims']} as expected\n"
        f"{summary['theorems']} theorems ({summary['support']} conditioned theorems hold and "
        f"count as support; {summary['refuted_naive_theorems']} naive readings refuted), "
        f"{summary['definitions']} definitions (true by construction: checked as tests of "
        "the implementation, never counted as support); vacuous draws are rejected, not "
        "counted\n"
    )
    reasons = Text("\nresults:\n")
    for r in results:
        reasons.append(f"{r.name}: {r.reason}\n")
    parts: list[Any] = [header, table, reasons]
    counterexamples = [r for r in results if not r.holds]
    if counterexamples:
        lines = Text("\ncounterexamples (minimal, after shrinking):\n")
        for r in counterexamples:
            lines.append(f"{r.name}: {summarise_parameters(r.counterexample)}\n")
        parts.append(lines)
    return render_rich(*parts)
