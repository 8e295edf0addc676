"""Shaffer (1995): a Stackelberg cartel with a Cournot fringe is internally stable iff
(n - k + 2)^2 >= k (n - k + 1).

Linear demand P = 1 - Q, constant marginal cost (normalised to 0), n firms; the cartel of k
firms leads, the n - k others follow as Cournot players.  The coalition engine computes the
exact payoffs for every k, the internal and external stability of each size, and the closed
form of the internal margin in k and n.

Run ``python papers/shaffer_1995/reproduce.py`` (``--write`` refreshes table.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

from dualdilemma.coalitions import CoalitionGame, coalition_closed_form, coalition_stability

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


def table() -> str:
    form = closed_form()
    lines = [
        f"pi_s(k) = {form.member_payoff},  pi_n(k) = {form.outsider_payoff},",
        f"I(k) = pi_s(k) - pi_n(k-1) = {form.internal_margin} (for k >= 2).",
        "",
        "| n | internally stable k | ties (I(k) = 0) | stable k (weak inequalities) |",
        "|---|---|---|---|",
    ]
    for r in rows():
        internal = ", ".join(map(str, r["internally_stable"]))
        ties = ", ".join(map(str, r["internal_ties"])) or "-"
        stable = ", ".join(map(str, r["stable"]))
        lines.append(f"| {r['n']} | {internal} | {ties} | {stable} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    text = table()
    print(text, end="")
    if "--write" in argv:
        Path(__file__).with_name("table.md").write_text(text)


if __name__ == "__main__":
    main(sys.argv[1:])
