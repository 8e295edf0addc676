"""Selten (1973), "four are few and six are many": full cartel participation is stable for
n <= 4 firms.

Reading used: symmetric Cournot oligopoly, linear demand P = 1 - Q, constant marginal cost;
participants in the cartel agree on binding quotas before the outsiders choose their outputs,
so the cartel acts as a Stackelberg leader and the outsiders as a Cournot fringe.  Full
participation is stable iff no firm gains by staying out when the other n - 1 form the cartel:
pi_s(n) >= pi_n(n - 1).  The coalition engine computes both payoffs exactly.

Run ``python papers/selten_1973/reproduce.py`` (``--write`` refreshes table.md).
"""

from __future__ import annotations

from dualdilemma.coalitions import CoalitionGame, coalition_outcome, coalition_stability
from dualdilemma.reporting.tables import markdown_table, reproduction_main

SIZES = tuple(range(2, 10))


def game(n: int) -> CoalitionGame:
    return CoalitionGame("q*(1 - Q)", num_players=n, lower=0, title="linear Cournot")


def rows() -> list[dict]:
    out = []
    for n in SIZES:
        full = coalition_outcome(game(n), n, timing="stackelberg")
        rest = coalition_outcome(game(n), n - 1, timing="stackelberg")
        weak = coalition_stability(game(n), timing="stackelberg", ties="join")
        strict = coalition_stability(game(n), timing="stackelberg", ties="leave")
        out.append(
            {
                "n": n,
                "participant": full.member_payoff,
                "outsider": rest.outsider_payoff,
                "margin": full.member_payoff - rest.outsider_payoff,
                "stable_weak": weak.sizes[-1].internal,
                "stable_strict": strict.sizes[-1].internal,
                "stable_sizes": weak.stable_sizes,
            }
        )
    return out


def table(table_rows: list[dict] | None = None) -> str:
    headers = (
        "n",
        "participant, all join: 1/(4n)",
        "outsider vs n-1: 1/16",
        "difference",
        "all join, indifferent firm joins",
        "indifferent firm stays out",
        "stable sizes (ties join)",
    )
    body = [
        (
            r["n"],
            r["participant"],
            r["outsider"],
            r["margin"],
            "yes" if r["stable_weak"] else "no",
            "yes" if r["stable_strict"] else "no",
            ", ".join(map(str, r["stable_sizes"])),
        )
        for r in (rows() if table_rows is None else table_rows)
    ]
    return markdown_table(headers, body)


if __name__ == "__main__":
    reproduction_main(table, __file__)
