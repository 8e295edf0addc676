"""d'Aspremont et al. (1983): a stable dominant cartel exists with finitely many firms.

Illustrative model: n firms, inverse demand P = 1 - Q, cost q^2/2; a cartel of k firms leads
(price leadership), the n - k others are price takers (supply where price = marginal cost).
The coalition engine (fringe="price_taking", Stackelberg timing) computes the exact payoffs,
the stable cartel sizes under each tie convention, and the closed forms in k and n.

Run ``python papers/daspremont_1983/reproduce.py`` (``--write`` refreshes table.md).
"""

from __future__ import annotations

from fractions import Fraction

from dualdilemma.coalitions import CoalitionGame, coalition_closed_form, coalition_stability
from dualdilemma.reporting.tables import markdown_table, reproduction_main

SIZES = tuple(range(2, 16))
CONVENTIONS = ("stay", "join", "leave")


def game(n: int | str) -> CoalitionGame:
    return CoalitionGame(
        "q*(1 - Q) - q**2/2",
        num_players=n,
        lower=0,
        fringe="price_taking",
        title="dominant cartel, competitive fringe",
    )


def rows() -> list[dict]:
    out = []
    for n in SIZES:
        stable = {}
        for ties in CONVENTIONS:
            stable[ties] = coalition_stability(game(n), timing="stackelberg", ties=ties)
        first = stable["stay"]
        out.append(
            {
                "n": n,
                "stable": {t: r.stable_sizes for t, r in stable.items()},
                "ties_decided": first.ties_decided,
                "fraction": [Fraction(k, n) for k in first.stable_sizes],
                "internal_at_1": first.sizes[0].internal,
            }
        )
    return out


def closed_form():
    return coalition_closed_form(game("n"), timing="stackelberg")


def table(table_rows: list[dict] | None = None) -> str:
    form = closed_form()
    headers = ("n", "stable k (stay)", "stable k (join)", "stable k (leave)", "k*/n")
    body = [
        (
            r["n"],
            *(", ".join(map(str, r["stable"][t])) for t in CONVENTIONS),
            ", ".join(f"{float(x):.3f}" for x in r["fraction"]),
        )
        for r in (rows() if table_rows is None else table_rows)
    ]
    return (
        f"pi_s(k) = {form.member_payoff},  pi_n(k) = {form.outsider_payoff},  "
        f"competitive outcome pi_n(0) = {form.noncooperative_payoff}.\n\n"
        + markdown_table(headers, body)
    )


if __name__ == "__main__":
    reproduction_main(table, __file__)
