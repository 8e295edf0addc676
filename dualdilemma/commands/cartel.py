"""``dualdilemma cartel``: the cartel analysis of a scenario alone (MODEL s.4)."""

from __future__ import annotations

import argparse
from typing import Any

from dualdilemma.commands.common import (
    UsageError,
    add_cartels_argument,
    add_limit_option,
    add_output_arguments,
    add_override_arguments,
    add_scenario_argument,
    emit_scenario_report,
)

__all__ = ["register"]


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "cartel",
        help="the cartel analysis of a scenario",
        description="Minimal effective cartels, critical discount factors, self-enforcement, "
        "stability, the cartel sizes that sustain cooperation and the enlargement path.",
    )
    add_scenario_argument(parser)
    add_output_arguments(parser)
    add_override_arguments(parser)
    parser.add_argument(
        "--members",
        metavar="NAMES",
        default=None,
        help="also analyse this cartel: supplier names separated by commas",
    )
    add_cartels_argument(parser)
    parser.set_defaults(handler=_cmd_cartel)
    add_limit_option(parser)


def _cmd_cartel(args: argparse.Namespace) -> str:
    from dualdilemma.reporting.scenario_report import cartel_report

    members = None
    if args.members is not None:
        members = [name.strip() for name in args.members.split(",") if name.strip()]

    def check(data: dict[str, Any]) -> None:
        # the requested cartel must be in the output, never dropped without a word
        section = data.get("cartels") or {}
        if members is not None and section.get("requested") is None:
            reasons = [
                d for d in section.get("diagnostics", []) if "not analysed" in d or "skipped" in d
            ]
            why = reasons[-1] if reasons else "the cartel analysis did not run"
            raise UsageError(f"--members: the cartel could not be analysed: {why}")

    return emit_scenario_report(
        args,
        lambda scenario, cartels: cartel_report(scenario, cartels=cartels, members=members),
        check,
    )
