"""Shaffer (1995): a Stackelberg cartel with a Cournot fringe is internally stable iff
(n - k + 2)^2 >= k (n - k + 1).

Linear demand P = 1 - Q, constant marginal cost (normalised to 0), n firms; the cartel of k
firms leads, the n - k others follow as Cournot players.  The coalition engine computes the
exact payoffs for every k, the internal and external stability of each size, and the closed
form of the internal margin in k and n.

Run ``python papers/shaffer_1995/reproduce.py`` (``--write`` refreshes table.md).
"""

from __future__ import annotations

from dualdilemma.coalitions import CoalitionGame, coalition_closed_form, coalition_stability
from dualdilemma.reporting.tables import markdown_table, reproduction_main

SIZES = tuple(range(2, 13))


def game(n: int | str) -> CoalitionGame:
    return CoalitionGame("q*(1 - Q)", num_players=n, lower=0, title="linear Cournot")


def rows() -> list[dict]:
    out = []
    for n in SIZES:
        result = coalition_stability(game(n), timing="stackelberg", ties="stay")
        out.append(
            {
                "n": n,
                "internal": {s.size: s.internal for s in result.sizes},
                "internal_ties": tuple(s.size for s in result.sizes if s.internal_tie),
                "internally_stable": result.internally_stable,
                "stable": result.stable_sizes,
                "result": result,
            }
        )
    return out


def closed_form():
    return coalition_closed_form(game("n"), timing="stackelberg")


def table(table_rows: list[dict] | None = None) -> str:
    form = closed_form()
    headers = (
        "n",
        "internally stable k",
        "ties (I(k) = 0)",
        "stable k (weak inequalities)",
    )
    body = [
        (
            r["n"],
            ", ".join(map(str, r["internally_stable"])),
            ", ".join(map(str, r["internal_ties"])) or "-",
            ", ".join(map(str, r["stable"])),
        )
        for r in (rows() if table_rows is None else table_rows)
    ]
    return (
        f"pi_s(k) = {form.member_payoff},  pi_n(k) = {form.outsider_payoff},\n"
        f"I(k) = pi_s(k) - pi_n(k-1) = {form.internal_margin} (for k >= 2).\n\n"
        + markdown_table(headers, body)
    )


if __name__ == "__main__":
    reproduction_main(table, __file__)
