"""The ``dualdilemma solve`` report: a game's equilibria as text or JSON.

The JSON object has ``players``, ``strategies``, ``method``, ``exact`` and ``equilibria`` (a list
of objects with ``profile``, one list of probabilities per player in the game's order, numbers or
``"p/q"`` strings when exact, and ``max_regret``), plus ``complete``, ``degenerate``,
``diagnostics``, ``payoffs`` of each equilibrium, and ``components`` (the maximal Nash subsets
or continua of a degenerate game, as the solver documents them; empty otherwise).
"""

from __future__ import annotations

from typing import Any

from dualdilemma._numbers import format_number
from dualdilemma.reporting.common import dumps_json, render_rich
from dualdilemma.solvers.result import SolverResult

__all__ = ["solve_report_dict", "render_solve_report"]


def solve_report_dict(game: Any, result: SolverResult) -> dict[str, Any]:
    """The JSON-ready report of ``result`` for ``game``."""
    body = result.to_dict()
    strategies = getattr(game, "strategies", None)
    if strategies is None:  # anonymous games: one shared action list
        strategies = [list(game.actions)]
        players = [f"{game.num_players} identical players"]
    else:
        strategies = [list(s) for s in strategies]
        players = list(game.players)
    return {
        "title": getattr(game, "title", ""),
        "players": players,
        "strategies": strategies,
        "method": body["method"],
        "exact": body["exact"],
        "complete": body["complete"],
        "degenerate": body["degenerate"],
        "converged": body["converged"],
        "diagnostics": body["diagnostics"],
        "equilibria": body["equilibria"],
        "components": body.get("components", []),
    }


def render_solve_report(game: Any, result: SolverResult, fmt: str = "text") -> str:
    """Render as ``"text"`` (rich tables, 100 columns) or ``"json"``."""
    data = solve_report_dict(game, result)
    if fmt == "json":
        return dumps_json(data)
    from rich.table import Table
    from rich.text import Text

    header = Text()
    title = data["title"] or "untitled game"
    header.append(f"{title}\n", style="bold")
    header.append(
        f"players: {', '.join(data['players'])}; method: {data['method']}; "
        f"arithmetic: {'exact' if data['exact'] else 'floating point'}\n"
    )
    status = "complete set" if data["complete"] else "NOT certified complete"
    if data["degenerate"]:
        status += "; game is degenerate (ties)"
    if not data["converged"]:
        status += "; did not converge"
    count = len(result.equilibria)
    header.append(f"{count} {'equilibrium' if count == 1 else 'equilibria'} ({status})")
    table = Table(show_lines=False, expand=False)
    table.add_column("#", justify="right")
    for player in data["players"]:
        table.add_column(player, overflow="fold")
    table.add_column("payoffs", overflow="fold")
    table.add_column("max regret", justify="right")
    for index, eq in enumerate(result.equilibria, start=1):
        cells = [str(index)]
        for p, sigma in enumerate(eq.profile):
            labels = data["strategies"][min(p, len(data["strategies"]) - 1)]
            cells.append(_describe_mix(sigma, labels))
        cells.append(", ".join(format_number(u) for u in eq.payoffs))
        cells.append(format_number(eq.max_regret))
        table.add_row(*cells)
    lines = [f"note: {line}" for line in data["diagnostics"]]
    lines += _describe_components(result, data["strategies"])
    notes = Text("\n".join(lines))
    return render_rich(header, table, notes)


def _describe_mix(sigma: tuple[Any, ...], labels: list[str]) -> str:
    parts = [
        f"{labels[s]}" if p == 1 else f"{labels[s]}:{format_number(p)}"
        for s, p in enumerate(sigma)
        if p != 0
    ]
    return " ".join(parts)


def _describe_components(result: SolverResult, labels: list[list[str]]) -> list[str]:
    """One line per component: the convex hull of the listed strategies, or its description."""
    out = []
    for index, component in enumerate(result.components, start=1):
        if isinstance(component, dict):
            out.append(f"component {index}: {component.get('description', component)}")
        elif len(labels) == 2 and len(component) == 2:
            from dualdilemma.solvers.vertex_enumeration import extreme_strategies

            rows, columns = extreme_strategies(result)
            row_text = " | ".join(_describe_mix(rows[i], labels[0]) for i in component[0])
            column_text = " | ".join(_describe_mix(columns[j], labels[1]) for j in component[1])
            out.append(
                f"component {index}: any mix of row strategies {{{row_text}}} with any mix of "
                f"column strategies {{{column_text}}}"
            )
    return out
