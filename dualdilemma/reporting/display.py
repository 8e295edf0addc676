"""Short displays of the package's objects for the console and for notebooks.

The classes keep their mathematics; their ``__repr__`` and ``_repr_html_`` (IPython's rich
display protocol) delegate here, so how objects look is decided in one place:

* :func:`game_html`: a normal-form game as a payoff table (two players) or a summary;
* :func:`result_html`: a solver result, its flags and one row per equilibrium;
* :func:`cartel_repr` and :func:`cartel_html`: a cartel analysis in one short line, or a table
  of its verdicts and of each member's critical discount factor.

Every text is escaped; numbers are shown with :func:`~dualdilemma.reporting.document.
show_number` (exact values stay in the objects).
"""

from __future__ import annotations

import html
from typing import Any

from dualdilemma.reporting.document import plural, show_number

__all__ = ["game_html", "result_html", "cartel_repr", "cartel_html", "MAX_CELLS"]

#: Payoff tables are drawn for two-player games with at most this many cells.
MAX_CELLS = 100


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _table(headers: list[str], rows: list[list[str]], caption: str = "") -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    title = f"<caption>{_e(caption)}</caption>" if caption else ""
    return f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def game_html(game: Any) -> str:
    """A normal-form game: its payoff bimatrix when it is small and has two players."""
    summary = f"<p><code>{_e(repr(game))}</code></p>"
    shape = tuple(game.shape)
    if len(shape) != 2 or shape[0] * shape[1] > MAX_CELLS:
        return summary
    payoffs = game.payoffs
    rows_labels, cols_labels = game.strategies
    players = game.players
    rows = [
        [str(rows_labels[i])]
        + [
            f"{show_number(payoffs[0][i][j])}, {show_number(payoffs[1][i][j])}"
            for j in range(shape[1])
        ]
        for i in range(shape[0])
    ]
    caption = f"payoffs ({players[0]}, {players[1]}); rows: {players[0]}"
    return summary + _table(["", *map(str, cols_labels)], rows, caption)


def result_html(result: Any) -> str:
    """A solver result: method, flags and each equilibrium with its payoffs and max regret."""
    rows = []
    for number, eq in enumerate(result.equilibria, start=1):
        profile = "; ".join(
            "(" + ", ".join(show_number(p) for p in sigma) + ")" for sigma in eq.profile
        )
        payoffs = ", ".join(show_number(u) for u in eq.payoffs)
        rows.append([str(number), profile, payoffs, show_number(eq.max_regret)])
    caption = plural(len(result.equilibria), "equilibrium", "equilibria")
    return f"<p><code>{_e(repr(result))}</code></p>" + _table(
        ["#", "profile (one probability vector per player)", "payoffs", "max regret"],
        rows,
        caption,
    )


def _discount(value: Any) -> str:
    return "never" if value is None else show_number(value)


def cartel_repr(analysis: Any) -> str:
    """One line: members, effectiveness, delta* and the verdicts.

    >>> from dualdilemma import ExportMarket, Supplier, analyse_cartel
    >>> market = ExportMarket(10, 0, 1, [Supplier("A", "1/2", 12, "1/2"),
    ...                                  Supplier("B", "1/2", 12, "1/2"),
    ...                                  Supplier("C", "1/10", 1, 0)])
    >>> analyse_cartel(market, ["A", "B"], tolerance="1/10", discount="9/10")
    CartelAnalysis(A, B: effective (leakage 0.1 <= tau 0.1), delta* 0.7143, self-enforcing, stable i/e no/yes)
    """  # noqa: E501
    members = ", ".join(analysis.cartel) or "none"
    relation = "<=" if analysis.effective else ">"
    parts = [
        f"{'effective' if analysis.effective else 'not effective'} ({analysis.measure} "
        f"{show_number(analysis.leakage if analysis.measure == 'leakage' else analysis.risk)} "
        f"{relation} tau {show_number(analysis.tolerance)})",
        f"delta* {_discount(analysis.critical_discount)}",
    ]
    if analysis.self_enforcing is not None:
        parts.append("self-enforcing" if analysis.self_enforcing else "not self-enforcing")
    yes = {True: "yes", False: "no"}
    parts.append(f"stable i/e {yes[analysis.internally_stable]}/{yes[analysis.externally_stable]}")
    return f"CartelAnalysis({members}: {', '.join(parts)})"


def cartel_html(analysis: Any) -> str:
    """A cartel analysis: the verdicts, then each member's critical discount factor."""
    yes = {True: "yes", False: "no", None: "-"}
    verdicts = [
        ["members", ", ".join(analysis.cartel)],
        ["leakage", show_number(analysis.leakage)],
        ["risk", show_number(analysis.risk)],
        ["effective", f"{yes[analysis.effective]} (tau = {show_number(analysis.tolerance)})"],
        ["delta*", _discount(analysis.critical_discount)],
        ["binding", ", ".join(analysis.binding) or "-"],
        ["self-enforcing", yes[analysis.self_enforcing]],
        [
            "internally / externally stable",
            f"{yes[analysis.internally_stable]} / {yes[analysis.externally_stable]}",
        ],
        ["would leave", ", ".join(analysis.leavers) or "-"],
        ["would join", ", ".join(analysis.joiners) or "-"],
    ]
    members = [[name, _discount(cd.value), cd.status] for name, cd in analysis.critical_discounts]
    return _table(["", "value"], verdicts, "cartel analysis") + _table(
        ["member", "delta*_i", "status"], members, "critical discount factors"
    )
