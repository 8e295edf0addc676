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
    refuse_inapplicable,
    write_figures,
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
    "write_figures",
    "refuse_inapplicable",
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
    parser.add_argument(
        "--simulate",
        type=positive_int,
        default=None,
        metavar="N",
        help="add N seeded histories of the regime dynamics and their membership against the "
        "record (seed 0, 40 years; a figure in --format html)",
    )
    parser.add_argument(
        "--figures",
        metavar="DIR",
        default=None,
        help="also write the report's figures as SVG files into DIR (an existing directory)",
    )
    parser.set_defaults(handler=_cmd_report)
    add_limit_option(parser)


def _cmd_report(args: argparse.Namespace) -> str:
    from dualdilemma.reporting.scenario_report import scenario_report

    return emit_scenario_report(
        args,
        lambda scenario, cartels: scenario_report(
            scenario, cartels=cartels, simulate=args.simulate
        ),
    )
