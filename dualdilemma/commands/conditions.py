"""``dualdilemma conditions``: the symbolic equilibrium conditions of a scenario's model."""

from __future__ import annotations

import argparse
from typing import Any

from dualdilemma.commands.common import (
    add_limit_option,
    add_output_arguments,
    add_scenario_argument,
    check_output,
    emit,
    load_for,
)

__all__ = ["register"]


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "conditions",
        help="symbolic equilibrium conditions of a scenario's market",
        description="The conditions behind the verdicts (lone switch, critical discount "
        "factor, effectiveness) and, for the scenario's market, the condition in the kept "
        "parameters under which each pure equilibrium, all-export and all-control is an "
        "equilibrium.",
    )
    add_scenario_argument(parser)
    add_output_arguments(parser)
    parser.add_argument(
        "--keep",
        metavar="NAMES",
        default="V,p0,p1",
        help="parameters kept symbolic, separated by commas: V, p0, p1, k_i, h_i, s_i, c_i "
        "(i = supplier number from 1; default V,p0,p1; '' for none)",
    )
    parser.set_defaults(handler=_cmd_conditions)
    add_limit_option(parser)


def _cmd_conditions(args: argparse.Namespace) -> str:
    from dualdilemma.reporting.blocks import render_report
    from dualdilemma.reporting.scenario_report import conditions_report

    check_output(args.output)
    scenario = load_for(args)
    keep = [name.strip() for name in args.keep.split(",") if name.strip()]
    data = conditions_report(scenario, keep)
    return emit(render_report(data, args.fmt), args.output)
