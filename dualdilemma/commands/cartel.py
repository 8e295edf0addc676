"""``dualdilemma cartel``: the cartel analysis of a scenario alone (MODEL s.4)."""

from __future__ import annotations

import argparse
from typing import Any

from dualdilemma.commands.report import (
    add_output_arguments,
    add_override_arguments,
    add_scenario_argument,
    check_output,
    emit,
    load_for,
    positive_int,
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
    parser.add_argument(
        "--cartels",
        type=positive_int,
        default=None,
        metavar="N",
        help="analyse the first N minimal effective cartels in full (default 5)",
    )
    parser.set_defaults(handler=_cmd_cartel)


def _cmd_cartel(args: argparse.Namespace) -> str:
    from dualdilemma.reporting.blocks import render_report
    from dualdilemma.reporting.scenario_report import DEFAULT_CARTELS, cartel_report

    check_output(args.output)
    scenario = load_for(args)
    members = None
    if args.members is not None:
        members = [name.strip() for name in args.members.split(",") if name.strip()]
    data = cartel_report(scenario, cartels=args.cartels or DEFAULT_CARTELS, members=members)
    return emit(render_report(data, args.fmt), args.output)
