"""Rotemberg and Saloner (1986): with i.i.d. demand states, monopoly pricing in both states is
sustainable iff delta >= 2 pi_H / (pi_L + 3 pi_H).

Bertrand duopoly, demand alpha_s - p in state s (low or high, probability 1/2 each, observed
before prices are set), no cost.  The monopoly profit of each state comes from the coalition
engine (the grand coalition of a Cournot market with demand alpha_s - Q earns the monopoly
profit); colluding firms share it, a deviator undercuts and takes all of it, and the punishment
is the Bertrand equilibrium (price = cost, profit 0).  ``state_contingent_discount`` gives the
threshold of each state and the binding one, numerically and as a closed form.

Run ``python papers/rotemberg_saloner_1986/reproduce.py`` (``--write`` refreshes table.md).
"""

from __future__ import annotations

from fractions import Fraction

import sympy

from dualdilemma.coalitions import CoalitionGame, coalition_outcome, state_contingent_discount
from dualdilemma.reporting.tables import markdown_table, reproduction_main

#: (alpha_L, alpha_H) demand intercepts.
STATES = tuple((Fraction(1), Fraction(x)) for x in ("1", "11/10", "5/4", "3/2", "2", "3", "10"))
PROBABILITIES = (Fraction(1, 2), Fraction(1, 2))


def monopoly_profit(alpha: Fraction) -> Fraction:
    """Industry profit of the grand coalition of two firms facing demand alpha - Q."""
    game = CoalitionGame("q*(alpha - Q)", ["alpha"], num_players=2, lower=0)
    outcome = coalition_outcome(game, 2, {"alpha": alpha})
    return 2 * outcome.member_payoff


def threshold(profit_low, profit_high):
    """Cooperate: half the monopoly profit; deviate: all of it; punish: zero."""
    return state_contingent_discount(
        PROBABILITIES,
        [profit_low / 2, profit_high / 2],
        [profit_low, profit_high],
        [0, 0],
    )


def rows() -> list[dict]:
    out = []
    for alpha_low, alpha_high in STATES:
        low, high = monopoly_profit(alpha_low), monopoly_profit(alpha_high)
        result = threshold(low, high)
        out.append(
            {
                "alpha_low": alpha_low,
                "alpha_high": alpha_high,
                "pi_low": low,
                "pi_high": high,
                "delta": result.value,
                "binding": result.binding,
                "by_state": tuple(s.value for s in result.states),
            }
        )
    return out


def closed_form() -> sympy.Expr:
    low, high = sympy.symbols("pi_L pi_H", positive=True)
    result = threshold(low, high)
    return sympy.factor(result.states[1].value), low, high


def table(table_rows: list[dict] | None = None) -> str:
    formula, _, _ = closed_form()
    headers = (
        "alpha_L",
        "alpha_H",
        "pi_L",
        "pi_H",
        "delta*_L",
        "delta*_H",
        "delta*",
        "binding state",
    )
    body = [
        (
            r["alpha_low"],
            r["alpha_high"],
            r["pi_low"],
            r["pi_high"],
            r["by_state"][0],
            r["by_state"][1],
            r["delta"],
            ", ".join("low" if i == 0 else "high" for i in r["binding"]),
        )
        for r in (rows() if table_rows is None else table_rows)
    ]
    return f"Closed form of the high-demand threshold: delta* = {formula}.\n\n" + markdown_table(
        headers, body
    )


if __name__ == "__main__":
    reproduction_main(table, __file__)
