"""``dualdilemma scenarios``: list the built-in scenarios."""

from __future__ import annotations

import argparse
from typing import Any

from dualdilemma.commands.common import add_limit_option

__all__ = ["register"]


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "scenarios",
        help="list the built-in scenarios",
        description="List the built-in scenarios; the default one is marked with '*'.",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", dest="fmt")
    parser.set_defaults(handler=_cmd_scenarios)
    add_limit_option(parser)


def _cmd_scenarios(args: argparse.Namespace) -> str:
    from dualdilemma.reporting.common import dumps_json, render_rich
    from dualdilemma.scenarios import DEFAULT_SCENARIO, builtin_scenarios, load_scenario

    rows = []
    for name in builtin_scenarios():
        scenario = load_scenario(name)
        rows.append(
            {
                "name": name,
                "default": name == DEFAULT_SCENARIO,
                "year": scenario.year,
                "suppliers": len(scenario.suppliers),
                "title": scenario.title,
                "regime": None if scenario.regime is None else scenario.regime.name,
            }
        )
    if args.fmt == "json":
        return dumps_json({"format": "dualdilemma-scenarios/1", "scenarios": rows})
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("scenario", no_wrap=True)
    table.add_column("year", justify="right")
    table.add_column("suppliers", justify="right")
    table.add_column("title", overflow="fold")
    for row in rows:
        marker = " *" if row["default"] else ""
        table.add_row(
            row["name"] + marker, str(row["year"] or "-"), str(row["suppliers"]), row["title"]
        )
    text = render_rich(table, "* the default of 'dualdilemma report'")
    return "".join(line.rstrip() + "\n" for line in text.splitlines())
