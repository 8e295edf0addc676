"""``dualdilemma report``: the equilibrium report on a scenario (the package's main job).

The options it shares with the other scenario subcommands (the scenario argument, ``--format``,
``--output`` and the cartel-parameter overrides) live in :mod:`dualdilemma.commands.common`;
they are re-exported here for code that imported them from this module.
"""

from __future__ import annotations

import argparse
from typing import Any

from dualdilemma.commands.common import (
    add_cartels_argument,
    add_limit_option,
    add_output_arguments,
    add_override_arguments,
    add_scenario_argument,
    check_output,
    emit,
    emit_scenario_report,
    load_for,
    positive_int,
)

__all__ = [
    "register",
    "add_scenario_argument",
    "add_output_arguments",
    "add_override_arguments",
    "add_cartels_argument",
    "emit_scenario_report",
    "positive_int",
    "load_for",
    "check_output",
    "emit",
]


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "report",
        help="the equilibrium report on a scenario (the main job)",
        description="Equilibria, the dual dilemma of unilateral control, the cartel analysis "
        "and the conditions behind them, for an export-market scenario.",
    )
    add_scenario_argument(parser)
    add_output_arguments(parser)
    add_override_arguments(parser)
    add_cartels_argument(parser)
    parser.set_defaults(handler=_cmd_report)
    add_limit_option(parser)


def _cmd_report(args: argparse.Namespace) -> str:
    from dualdilemma.reporting.scenario_report import scenario_report

    return emit_scenario_report(
        args, lambda scenario, cartels: scenario_report(scenario, cartels=cartels)
    )
