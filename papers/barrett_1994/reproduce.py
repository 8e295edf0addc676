"""Barrett (1994): the self-enforcing IEA and the paradox of cooperation.

B_i = (b/N)(a Q - Q^2/2), C_i = (c/2) q_i^2, signatories as Stackelberg leaders, abatement
q >= 0.  For N = 10 and 100 and a range of gamma = c/b the coalition engine computes the stable
number of signatories k*, the potential gain of full cooperation over no cooperation and the
share of that gain the stable agreement achieves (all exact).

Run ``python papers/barrett_1994/reproduce.py`` (``--write`` refreshes table.md).
"""

from __future__ import annotations

from fractions import Fraction

from dualdilemma.coalitions import CoalitionGame, coalition_stability
from dualdilemma.reporting.tables import markdown_table, reproduction_main

SIZES = (10, 100)
GAMMAS = tuple(
    Fraction(x)
    for x in ("1/1000", "1/100", "1/20", "1/10", "1/4", "1/2", "1", "2", "10", "100", "1000")
)
TIES = "stay"


def game() -> CoalitionGame:
    return CoalitionGame(
        "b/N*(a*Q - Q**2/2) - c*q**2/2",
        ["a", "b", "c"],
        num_players="N",
        lower=0,
        title="Barrett (1994)",
    )


def welfare(result, k: int) -> Fraction:
    n = result.num_players
    members = k * result.outcomes[k].member_payoff if k else 0
    outsiders = (n - k) * result.outcomes[k].outsider_payoff if k < n else 0
    return members + outsiders


def row(n: int, gamma: Fraction) -> dict:
    values = {"a": 1, "b": 1, "c": gamma, "N": n}
    result = coalition_stability(game(), values, timing="stackelberg", ties=TIES)
    none, full = welfare(result, 0), welfare(result, n)
    stable = result.stable_sizes
    return {
        "n": n,
        "gamma": gamma,
        "stable": stable,
        "ties_decided": result.ties_decided,
        "potential_gain": (full - none) / none,
        "share": [(welfare(result, k) - none) / (full - none) for k in stable],
        "result": result,
    }


def rows() -> list[dict]:
    return [row(n, gamma) for n in SIZES for gamma in GAMMAS]


def table(table_rows: list[dict] | None = None) -> str:
    headers = (
        "N",
        "gamma = c/b",
        "stable k*",
        "(W(N) - W(0)) / W(0)",
        "share of that gain at k*",
    )
    body = [
        (
            r["n"],
            r["gamma"],
            ", ".join(map(str, r["stable"])),
            f"{float(r['potential_gain']):.3g}",
            ", ".join(f"{float(s):.3f}" for s in r["share"]),
        )
        for r in (rows() if table_rows is None else table_rows)
    ]
    return markdown_table(headers, body)


if __name__ == "__main__":
    reproduction_main(table, __file__)
