"""Hoel (1992) / Carraro and Siniscalco (1993): the stable coalition has three members.

Payoff u = b Q - c q^2 / 2 (linear benefit of total abatement Q, quadratic own cost), Nash
timing: signatories maximise their joint payoff, non-signatories best-respond.  The coalition
engine computes pi_s(k), pi_n(k) exactly for k = 0..N and the stable sizes under each tie
convention; the closed-form margins in k and N come from ``coalition_closed_form``.

Run ``python papers/hoel_1992_carraro_siniscalco_1993/reproduce.py`` (``--write`` refreshes
table.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

from dualdilemma.coalitions import CoalitionGame, coalition_closed_form, coalition_stability

SIZES = (3, 4, 5, 6, 8, 10, 20, 50)
PARAMETERS = ({"b": 1, "c": 1}, {"b": 3, "c": "1/2"})
CONVENTIONS = ("join", "stay", "leave", "move")


def game(n: int | str) -> CoalitionGame:
    return CoalitionGame(
        "b*Q - c*q**2/2", ["b", "c"], num_players=n, title="linear benefit, quadratic cost"
    )


def rows() -> list[dict]:
    out = []
    for values in PARAMETERS:
        for n in SIZES:
            stable = {}
            ties = None
            for ties_rule in CONVENTIONS:
                result = coalition_stability(game(n), values, ties=ties_rule)
                stable[ties_rule] = result.stable_sizes
                ties = result.ties_decided
            out.append({"values": values, "n": n, "stable": stable, "ties_decided": ties})
    return out


def margins() -> tuple[str, str]:
    form = coalition_closed_form(game("N"))
    return str(form.internal_margin), str(form.external_margin)


def table() -> str:
    internal, external = margins()
    lines = [
        f"Closed forms: I(k) = pi_s(k) - pi_n(k-1) = {internal};  "
        f"E(k) = pi_n(k) - pi_s(k+1) = {external}.",
        "",
        "| b | c | N | stable, ties join | stable, ties stay | stable, ties leave | "
        "stable, ties move | sizes decided by a tie |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def show(sizes: tuple[int, ...]) -> str:
        return "{" + ", ".join(map(str, sizes)) + "}"

    for r in rows():
        s = r["stable"]
        lines.append(
            f"| {r['values']['b']} | {r['values']['c']} | {r['n']} | {show(s['join'])} | "
            f"{show(s['stay'])} | {show(s['leave'])} | {show(s['move'])} | "
            f"{show(r['ties_decided'])} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    text = table()
    print(text, end="")
    if "--write" in argv:
        Path(__file__).with_name("table.md").write_text(text)


if __name__ == "__main__":
    main(sys.argv[1:])
