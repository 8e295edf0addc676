"""``dualdilemma report``: the equilibrium report on a scenario (the package's main job).

Also holds the options shared by the scenario subcommands (``cartel``, ``conditions``,
``sweep``): the scenario argument, ``--format``, ``--output`` and the cartel-parameter
overrides.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dualdilemma.commands.common import UsageError

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


def add_scenario_argument(parser: argparse.ArgumentParser) -> None:
    from dualdilemma.scenarios import DEFAULT_SCENARIO

    parser.add_argument(
        "scenario",
        nargs="?",
        default=None,
        metavar="SCENARIO",
        help="a scenario .toml file or the name of a built-in scenario (default: "
        f"{DEFAULT_SCENARIO}; see 'dualdilemma scenarios')",
    )


def add_output_arguments(
    parser: argparse.ArgumentParser,
    formats: tuple[str, ...] = ("text", "markdown", "json", "latex", "html"),
) -> None:
    parser.add_argument(
        "--format", choices=formats, default="text", dest="fmt", help="output format"
    )
    parser.add_argument(
        "--output", metavar="FILE", default=None, help="write the output to FILE, not stdout"
    )


def add_override_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tolerance", metavar="TAU", default=None, help="override the scenario's tolerance"
    )
    parser.add_argument(
        "--discount", metavar="DELTA", default=None, help="override the discount factor"
    )
    parser.add_argument(
        "--detection", metavar="BETA", default=None, help="override the detection probability"
    )


def add_cartels_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cartels",
        type=positive_int,
        default=None,
        metavar="N",
        help="analyse the first N minimal effective cartels in full (default 5)",
    )


def positive_int(text: str) -> int:
    """argparse type: an integer >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def load_for(args: argparse.Namespace) -> Any:
    """The scenario named by ``args.scenario``, with any ``--tolerance/--discount/--detection``."""
    from dualdilemma.scenarios import load_scenario

    scenario = load_scenario(args.scenario)
    overrides = {key: getattr(args, key, None) for key in ("tolerance", "discount", "detection")}
    if any(v is not None for v in overrides.values()):
        scenario = scenario.with_overrides(**overrides)
    return scenario


def check_output(output: str | None, option: str = "--output") -> None:
    """Refuse, before any work, an output path that cannot be written."""
    if output is None:
        return
    path = Path(output)
    if path.is_dir():
        raise UsageError(f"{option} {output!r} is a directory")
    parent = path.parent
    if not parent.is_dir():
        raise UsageError(f"cannot write {output!r}: directory {str(parent)!r} does not exist")


def emit(text: str, output: str | None) -> str:
    """Return ``text`` for stdout, or write it to ``output`` and return nothing."""
    if output is None:
        return text
    path = Path(output)
    if path.is_dir():
        raise UsageError(f"--output {output!r} is a directory")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output!r}: {exc.strerror or exc}") from None
    return ""


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


def emit_scenario_report(args: argparse.Namespace, build: Callable[[Any, int], Any]) -> str:
    """Check ``--output``, load the scenario (with overrides), build the report data with
    ``build(scenario, cartels)`` (``--cartels`` or the default) and render it as ``--format``."""
    from dualdilemma.reporting.blocks import render_report
    from dualdilemma.reporting.scenario_report import DEFAULT_CARTELS

    check_output(args.output)
    figures = getattr(args, "figures", None)
    if figures is not None and not Path(figures).is_dir():
        raise UsageError(f"--figures {figures!r} is not an existing directory")
    scenario = load_for(args)
    refuse_inapplicable(args, scenario)
    data = build(scenario, args.cartels or DEFAULT_CARTELS)
    text = render_report(data, args.fmt)
    if figures is not None:
        write_figures(data, Path(figures))
    return emit(text, args.output)


def write_figures(data: dict[str, Any], directory: Path) -> list[Path]:
    """Write each figure of the report as ``directory/<key>.svg``; returns the paths."""
    from dualdilemma.reporting.figures import report_figures

    written = []
    for figure in report_figures(data).values():
        path = directory / f"{figure.key}.svg"
        try:
            path.write_text(figure.draw(), encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
        written.append(path)
    return written


def refuse_inapplicable(args: argparse.Namespace, scenario: Any) -> None:
    """Refuse (exit 2) an option that would be silently ignored for this scenario."""
    from dualdilemma.reporting.scenario_report import TENSOR_SUPPLIERS

    n = len(scenario.suppliers)
    if getattr(args, "cartels", None) is not None and n > TENSOR_SUPPLIERS:
        raise UsageError(
            f"--cartels does not apply: the cartel analysis stops at {TENSOR_SUPPLIERS} "
            f"suppliers and this scenario has {n}"
        )
    if getattr(args, "detection", None) is not None and scenario.discount is None:
        raise UsageError(
            "--detection does not apply: the scenario has no discount factor, so "
            "self-enforcement is not judged (give --discount too)"
        )


def _cmd_report(args: argparse.Namespace) -> str:
    from dualdilemma.reporting.scenario_report import scenario_report

    return emit_scenario_report(
        args,
        lambda scenario, cartels: scenario_report(
            scenario, cartels=cartels, simulate=args.simulate
        ),
    )
