"""``dualdilemma solve`` and ``dualdilemma games``: equilibria of normal-form games."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from dualdilemma.commands.common import UsageError

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
    solve.set_defaults(handler=_cmd_solve)

    games = commands.add_parser("games", help="list the built-in games")
    games.set_defaults(handler=_cmd_games)


def load_game(spec: str | None, *, exact: bool | None = None):
    """A game from a .nfg path or a built-in name (``None``: the default game)."""
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

    game = load_game(args.game, exact=False if args.float else None)
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
