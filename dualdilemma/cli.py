"""The ``dualdilemma`` command line.

Every subcommand follows the same conventions: exit status 0 on success, 2 on any user error
(a missing or malformed file, a bad value, an unknown name) with a one-line message on stderr and
no traceback, and 1 only for a genuine internal failure.  ``--format json`` prints only JSON.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from dualdilemma.errors import DualDilemmaError

__all__ = ["main", "build_parser"]

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE = 0, 1, 2


class UsageError(DualDilemmaError, ValueError):
    """A command-line argument was invalid."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors as one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dualdilemma",
        description="Game theory of export controls: equilibria, cartels and reports.",
    )
    from dualdilemma import __version__

    parser.add_argument("--version", action="version", version=f"dualdilemma {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    solve = commands.add_parser(
        "solve",
        help="equilibria of a game in Gambit .nfg format (or a built-in game)",
        description="Compute and verify the equilibria of a normal-form game.",
    )
    solve.add_argument(
        "game",
        nargs="?",
        default=None,
        help="path to a .nfg file or the name of a built-in game (default: %(default)s -> "
        "the built-in export dilemma; see 'dualdilemma games')",
    )
    solve.add_argument("--method", choices=("pure", "all", "one"), default="all")
    solve.add_argument("--format", choices=("text", "json"), default="text", dest="fmt")
    solve.add_argument("--float", action="store_true", help="use floating point, not exact")
    solve.set_defaults(handler=_cmd_solve)

    games = commands.add_parser("games", help="list the built-in games")
    games.set_defaults(handler=_cmd_games)
    return parser


DEFAULT_GAME = "export-dilemma-3"


def _load_game(spec: str | None, *, exact: bool | None):
    from dualdilemma.io.nfg import builtin_games, load_builtin, read_nfg

    if spec is None:
        spec = DEFAULT_GAME
    path = Path(spec)
    if path.suffix == ".nfg" or path.exists() or os.sep in spec:
        if not path.is_file():
            raise UsageError(f"game file {spec!r} not found")
        game = read_nfg(path)
    elif spec in builtin_games():
        game = load_builtin(spec)
    else:
        names = ", ".join(sorted(builtin_games()))
        raise UsageError(f"{spec!r} is neither a .nfg file nor a built-in game ({names})")
    if exact is False:
        game = game.to_float()
    return game


def _cmd_solve(args: argparse.Namespace) -> str:
    from dualdilemma.reporting.solve_report import render_solve_report
    from dualdilemma.solvers.solve import solve

    game = _load_game(args.game, exact=False if args.float else None)
    result = solve(game, args.method)
    return render_solve_report(game, result, args.fmt)


def _cmd_games(args: argparse.Namespace) -> str:
    from dualdilemma.io.nfg import builtin_games, load_builtin

    lines = []
    for name in sorted(builtin_games()):
        game = load_builtin(name)
        dims = "x".join(str(a) for a in game.shape)
        lines.append(f"{name:<28} {game.num_players} players, {dims}  {game.title}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
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
    sys.stdout.write(output)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
