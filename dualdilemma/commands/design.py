"""``dualdilemma design``: the predicted form of a regime (MODEL s.1, C7) and its margins."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dualdilemma.commands.common import UsageError, add_limit_option

__all__ = ["register"]


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "design",
        help="predict a regime's form (membership, formality, transparency, ...) with margins",
        description=(
            "Predict each design feature of a regime with the design model and show the margin "
            "by which it is chosen and the regime's actual form.  SCENARIO is a regime of the "
            "package data (NSG, ZC, AG, MTCR, COCOM, WA, CWC, NPT), a built-in scenario that "
            "one of them uses (e.g. nsg-1975), or any scenario file with --given for the "
            "inputs a market does not determine."
        ),
    )
    parser.add_argument("scenario", nargs="?", metavar="SCENARIO", default=None)
    parser.add_argument(
        "--given",
        action="append",
        default=[],
        metavar="INPUT=VALUE",
        help="a design input not computed from the scenario (repeatable), e.g. states=96",
    )
    parser.add_argument(
        "--thresholds",
        action="store_true",
        help="also find where each feature's form flips in each estimated input (slower)",
    )
    parser.add_argument(
        "--conjectures",
        action="store_true",
        help="list the rational-design conjectures and the claims that express them",
    )
    parser.add_argument(
        "--check", action="store_true", help="with --conjectures: check each C7 claim"
    )
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "json", "latex"),
        default="text",
        dest="fmt",
    )
    parser.set_defaults(handler=_cmd_design)
    add_limit_option(parser)


def _given(items: list[str]) -> dict[str, str]:
    found = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UsageError(f"--given needs INPUT=VALUE, got {item!r}")
        found[key.strip()] = value.strip()
    return found


def _cmd_design(args: argparse.Namespace) -> str:
    from dualdilemma.design.record import record, records, regime_names
    from dualdilemma.design.report import conjectures_report, design_report, render_design

    if args.conjectures:
        return render_design(conjectures_report(check_claims=args.check), args.fmt)
    if args.scenario is None:
        raise UsageError(
            f"name a SCENARIO: a regime ({', '.join(regime_names())}) or a scenario file"
        )
    given = _given(args.given)
    progress = sys.stderr.isatty()
    name = args.scenario
    match = [r for r in records() if name.lower() in (r.key.lower(), (r.scenario or "").lower())]
    if match and not given:
        rec = record(match[0].key)
        regime = {"key": rec.key, "title": rec.title, "year": rec.year, "scenario": rec.scenario}
        data = design_report(
            rec.case(),
            actual=rec.actual_form,
            regime=regime,
            thresholds=args.thresholds,
            progress=progress,
        )
        return render_design(data, args.fmt)
    from dualdilemma.design.scenario import design_case_from_scenario
    from dualdilemma.scenarios import load_scenario

    scenario = load_scenario(name)
    case = design_case_from_scenario(scenario, given)
    data = design_report(case, thresholds=args.thresholds, progress=progress)
    return render_design(data, args.fmt)
