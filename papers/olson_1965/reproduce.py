"""Olson (1965) as a linear public good: when is contributing dominant, efficient, a dilemma?

Each of n players keeps an endowment w or contributes it (g = w); every contribution returns
m to each player: pi_i = w - g_i + m sum_j g_j (with w = 1).  The payoffs are one symbolic
anonymous game; for each (n, m) the package builds the n-player normal form, runs iterated
elimination of strictly dominated strategies, and compares the welfare of all-contribute and
all-keep computed from the same game.

Run ``python papers/olson_1965/reproduce.py`` (add ``--write`` to refresh table.md).
"""

from __future__ import annotations

from fractions import Fraction

from dualdilemma.reporting.tables import markdown_table, reproduction_main
from dualdilemma.solvers.dominance import iterated_dominance
from dualdilemma.symbolic import POSITIVE, Parameter, SymbolicAnonymousGame

SIZES = (2, 3, 4, 5)
RETURNS = tuple(Fraction(x) for x in ("1/10", "1/5", "1/4", "1/3", "1/2", "3/4", "1", "5/4", "2"))
ACTIONS = ("keep", "give")


def public_good() -> SymbolicAnonymousGame:
    """pi = w + m * n_give (keep) or w - w + m * w * (n_give + 1) (give), w = 1."""
    m = Parameter("m", POSITIVE, "marginal per-capita return")
    return SymbolicAnonymousGame(
        ["1 + m*n1", "m*(n1 + 1)"], [m], actions=list(ACTIONS), title="linear public good"
    )


def row(n: int, m: Fraction) -> dict:
    game = public_good().to_symbolic_game(n).substitute({"m": m})
    result = iterated_dominance(game)
    if result.complete:
        profile = result.equilibria[0].pure_profile()
        dominant = ACTIONS[profile[0]] if len(set(profile)) == 1 else "mixed"
    else:
        dominant = "none"
    everyone = {a: sum(game.payoff((i,) * n)) for i, a in enumerate(ACTIONS)}
    if everyone["give"] > everyone["keep"]:
        efficient = "give"
    elif everyone["give"] < everyone["keep"]:
        efficient = "keep"
    else:
        efficient = "tie"
    return {
        "n": n,
        "m": m,
        "dominant": dominant,
        "welfare_give": everyone["give"],
        "welfare_keep": everyone["keep"],
        "efficient": efficient,
        "dilemma": dominant == "keep" and efficient == "give",
    }


def rows() -> list[dict]:
    return [row(n, m) for n in SIZES for m in RETURNS]


def table(table_rows: list[dict] | None = None) -> str:
    headers = (
        "n",
        "m",
        "dominant action (IESDS)",
        "welfare all give",
        "welfare all keep",
        "efficient",
        "dilemma",
    )
    body = [
        (
            r["n"],
            r["m"],
            r["dominant"],
            r["welfare_give"],
            r["welfare_keep"],
            r["efficient"],
            "yes" if r["dilemma"] else "no",
        )
        for r in (rows() if table_rows is None else table_rows)
    ]
    return markdown_table(headers, body)


if __name__ == "__main__":
    reproduction_main(table, __file__)
