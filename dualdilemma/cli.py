"""The ``dualdilemma`` command line.

Every subcommand follows the same conventions: exit status 0 on success, 2 on any user error
(a missing or malformed file, a bad value, an unknown name) with a one-line message on stderr and
no traceback, and 1 only for a genuine internal failure.  ``--format json`` prints only JSON.
Subcommands live in :mod:`dualdilemma.commands`, one module each.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from dualdilemma.commands.common import UsageError
from dualdilemma.errors import DualDilemmaError

__all__ = ["main", "build_parser", "COMMAND_MODULES"]

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE = 0, 1, 2

#: Modules of :mod:`dualdilemma.commands` whose ``register`` adds subcommands, in help order.
COMMAND_MODULES = (
    "solve",
    "report",
    "scenarios",
    "conditions",
    "cartel",
    "sweep",
    "simulate",
    "history",
    "claims",
    "fit",
    "design",
)


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors as one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    from dualdilemma import __version__

    parser = _Parser(
        prog="dualdilemma",
        description="Game theory of export controls: equilibria, cartels and reports.",
    )
    parser.add_argument("--version", action="version", version=f"dualdilemma {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(f"dualdilemma.commands.{name}").register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
        output = args.handler(args)
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    except (DualDilemmaError, OSError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"dualdilemma: error: {message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("dualdilemma: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: keep the promise of one line, allow a traceback on demand
        if os.environ.get("DUALDILEMMA_DEBUG"):
            raise
        print(
            f"dualdilemma: internal error: {type(exc).__name__}: {exc} "
            "(set DUALDILEMMA_DEBUG=1 for a traceback and please report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    if output:
        sys.stdout.write(output)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
