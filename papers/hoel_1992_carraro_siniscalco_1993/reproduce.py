"""Hoel (1992) / Carraro and Siniscalco (1993): the stable coalition has three members.

Payoff u = b Q - c q^2 / 2 (linear benefit of total abatement Q, quadratic own cost), Nash
timing: signatories maximise their joint payoff, non-signatories best-respond.  The coalition
engine computes pi_s(k), pi_n(k) exactly for k = 0..N and the stable sizes under each tie
convention; the closed-form margins in k and N come from ``coalition_closed_form``.

Run ``python papers/hoel_1992_carraro_siniscalco_1993/reproduce.py`` (``--write`` refreshes
table.md).
"""

from __future__ import annotations

from dualdilemma.coalitions import CoalitionGame, coalition_closed_form, coalition_stability
from dualdilemma.reporting.tables import markdown_table, reproduction_main

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


def table(table_rows: list[dict] | None = None) -> str:
    internal, external = margins()
    headers = (
        "b",
        "c",
        "N",
        "stable, ties join",
        "stable, ties stay",
        "stable, ties leave",
        "stable, ties move",
        "sizes decided by a tie",
    )

    def show(sizes: tuple[int, ...]) -> str:
        return "{" + ", ".join(map(str, sizes)) + "}"

    body = [
        (
            r["values"]["b"],
            r["values"]["c"],
            r["n"],
            *(show(r["stable"][t]) for t in ("join", "stay", "leave", "move")),
            show(r["ties_decided"]),
        )
        for r in (rows() if table_rows is None else table_rows)
    ]
    return (
        f"Closed forms: I(k) = pi_s(k) - pi_n(k-1) = {internal};  "
        f"E(k) = pi_n(k) - pi_s(k+1) = {external}.\n\n" + markdown_table(headers, body)
    )


if __name__ == "__main__":
    reproduction_main(table, __file__)
