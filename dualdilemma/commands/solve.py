"""``dualdilemma solve`` and ``dualdilemma games``: equilibria of normal-form games."""

from __future__ import annotations

import argparse
import math
import os
from pathlib import Path
from typing import Any

from dualdilemma.commands.common import UsageError, add_limit_option

__all__ = ["register", "load_game", "DEFAULT_GAME"]

DEFAULT_GAME = "export-dilemma-3"


def register(commands: Any) -> None:
    solve = commands.add_parser(
        "solve",
        help="equilibria of a game in Gambit .nfg format (or a built-in game)",
        description="Compute and verify the equilibria of a normal-form game.",
    )
    solve.add_argument(
        "game",
        nargs="?",
        default=None,
        help="path to a .nfg file or the name of a built-in game (default: the built-in "
        f"{DEFAULT_GAME}; see 'dualdilemma games')",
    )
    solve.add_argument("--method", choices=("pure", "all", "one"), default="all")
    solve.add_argument("--format", choices=("text", "json"), default="text", dest="fmt")
    solve.add_argument("--float", action="store_true", help="use floating point, not exact")
    solve.add_argument(
        "--max-seconds",
        type=_seconds,
        default=None,
        metavar="S",
        help="with --method all on 3 or more players: stop starting new support profiles "
        "after S seconds (the result then says it is incomplete)",
    )
    solve.set_defaults(handler=_cmd_solve)
    add_limit_option(solve)

    games = commands.add_parser("games", help="list the built-in games")
    games.set_defaults(handler=_cmd_games)
    add_limit_option(games)


def _seconds(text: str) -> float:
    try:
        value = float(text) if len(text) <= 30 else math.nan
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def load_game(spec: str | None, *, exact: bool | None = None):
    """A game from a .nfg path or a built-in name (``None``: the default game)."""
    from dualdilemma.io.nfg import builtin_games, load_builtin, read_nfg
    from dualdilemma.limits import shorten

    if spec is None:
        spec = DEFAULT_GAME
    path = Path(spec)
    shown = shorten(spec, 200)
    if path.suffix == ".nfg" or path.exists() or os.sep in spec:
        if path.is_dir():
            raise UsageError(f"game {shown!r} is a directory, not a .nfg file")
        if path.exists() and not path.is_file():
            raise UsageError(f"game {shown!r} is not a regular file (a device or a pipe)")
        if not path.exists():
            raise UsageError(f"game file {shown!r} not found")
        game = read_nfg(path)
    elif spec in builtin_games():
        game = load_builtin(spec)
    else:
        names = ", ".join(sorted(builtin_games()))
        raise UsageError(f"{shown!r} is neither a .nfg file nor a built-in game ({names})")
    if exact is False:
        game = game.to_float()
    return game


def _cmd_solve(args: argparse.Namespace) -> str:
    from dualdilemma.reporting.solve_report import render_solve_report
    from dualdilemma.solvers.solve import solve

    game = load_game(args.game, exact=False if args.float else None)
    if args.max_seconds is not None and (args.method != "all" or game.num_players < 3):
        raise UsageError(
            "--max-seconds bounds the support enumeration of --method all on 3 or more "
            "players; for two players use --method one or --limit solve_vertices=N"
        )
    if args.max_seconds is not None:
        from dualdilemma.solvers.polynomial_enumeration import polynomial_equilibria

        result = polynomial_equilibria(game, time_budget=args.max_seconds)
    else:
        if args.method == "all" and game.num_players >= 3:
            from dualdilemma.limits import check_solve_all

            check_solve_all(game)  # two players: solve() checks the vertex bound itself
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
