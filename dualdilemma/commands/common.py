"""Helpers shared by the subcommands: the scenario options, output handling and ``--limit``.

The scenario subcommands (``report``, ``cartel``, ``conditions``, ``sweep``) take the same
scenario argument, ``--format``/``--output`` and cartel-parameter overrides; every subcommand
takes ``--limit NAME=N`` to raise an input limit of :mod:`dualdilemma.limits`.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dualdilemma.errors import DualDilemmaError

__all__ = [
    "UsageError",
    "add_scenario_argument",
    "add_output_arguments",
    "add_override_arguments",
    "add_cartels_argument",
    "add_limit_option",
    "positive_int",
    "load_for",
    "check_output",
    "emit",
    "emit_scenario_report",
    "write_figures",
    "refuse_inapplicable",
]


class UsageError(DualDilemmaError, ValueError):
    """A command-line argument was invalid."""


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


def _limit_assignment(text: str) -> tuple[str, int]:
    from dualdilemma.limits import parse_limit_assignment

    try:
        return parse_limit_assignment(text)
    except DualDilemmaError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_limit_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--limit NAME=N`` and run the parser's handler under those limits.

    Call it after ``parser.set_defaults(handler=...)``: the handler is wrapped so that it runs
    inside :func:`dualdilemma.limits.override` and limit messages name ``--limit``.
    """
    from dualdilemma.limits import LIMITS

    handler = parser.get_default("handler")
    if handler is None:
        raise RuntimeError("add_limit_option needs the parser's handler set first")
    parser.add_argument(
        "--limit",
        action="append",
        type=_limit_assignment,
        default=None,
        metavar="NAME=N",
        help="raise an input limit, e.g. --limit grid_points=5e6 (repeatable; limits: "
        f"{', '.join(LIMITS)})",
    )
    parser.set_defaults(handler=_with_limits(handler))


def _with_limits(handler: Callable[[argparse.Namespace], str]) -> Callable[..., str]:
    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> str:
        from dualdilemma import limits

        changes = dict(getattr(args, "limit", None) or [])
        with limits.cli_interface(), limits.override(**changes):
            return handler(args)

    return run


def positive_int(text: str) -> int:
    """argparse type: an integer >= 1."""
    from dualdilemma.limits import shorten

    try:
        value = int(text) if len(text) <= 30 else None
    except ValueError:
        value = None
    if value is None or value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {shorten(text)!r}")
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


def emit_scenario_report(
    args: argparse.Namespace,
    build: Callable[[Any, int], Any],
    check: Callable[[Any], None] | None = None,
) -> str:
    """Check ``--output`` (and ``--figures``), load the scenario (with overrides), refuse
    options that would be ignored, build the report data with ``build(scenario, cartels)``
    (``--cartels`` or the default), pass it to ``check`` (which may refuse it), render it as
    ``--format`` and write the figures to ``--figures``."""
    from dualdilemma.reporting.blocks import render_report
    from dualdilemma.reporting.scenario_report import DEFAULT_CARTELS

    check_output(args.output)
    figures = getattr(args, "figures", None)
    if figures is not None and not Path(figures).is_dir():
        raise UsageError(f"--figures {figures!r} is not an existing directory")
    scenario = load_for(args)
    refuse_inapplicable(args, scenario)
    data = build(scenario, args.cartels or DEFAULT_CARTELS)
    if check is not None:
        check(data)
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
    # (--cartels and --members are refused after the analysis, which knows whether it ran)
    if getattr(args, "detection", None) is not None and scenario.discount is None:
        raise UsageError(
            "--detection does not apply: the scenario has no discount factor, so "
            "self-enforcement is not judged (give --discount too)"
        )
