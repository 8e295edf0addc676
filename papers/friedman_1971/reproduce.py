"""Friedman (1971): grim-trigger critical discount factors of n-firm Bertrand and Cournot cartels.

Regenerates the table of README.md from the package:

* Cournot (inverse demand 1 - Q, no cost): the cartel, the best one-shot deviation and the
  Cournot-Nash punishment come from the coalition engine (grand coalition k = n, one member's
  best reply, no coalition k = 0), and the threshold from ``critical_discount``;
* Bertrand (demand 1 - p, no cost): the stage game is an n-player normal-form game with prices
  {0, 1/2 - h, 1/2}; ``RepeatedGame.grim_trigger`` gives delta*(h) for the monopoly profile with
  reversion to the worst pure stage equilibrium, and the limit h -> 0 of the symbolic threshold
  is Friedman's 1 - 1/n.

Run ``python papers/friedman_1971/reproduce.py`` (add ``--write`` to refresh table.md).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import sympy

from dualdilemma import NormalFormGame
from dualdilemma.coalitions import CoalitionGame, coalition_discount
from dualdilemma.repeated import RepeatedGame, critical_discount
from dualdilemma.reporting.tables import markdown_table, reproduction_main
from dualdilemma.solvers.pure_nash import pure_equilibria

SIZES = (2, 3, 4, 5)
STEPS = (Fraction(1, 10), Fraction(1, 100), Fraction(1, 1000))
PRICE = sympy.Symbol("p", nonnegative=True)
#: Bertrand industry profit at price p (demand 1 - p, no cost); the monopoly price is 1/2.
PROFIT = PRICE * (1 - PRICE)
MONOPOLY_PRICE = Fraction(1, 2)


def cournot_rows() -> list[dict]:
    """One row per n: cartel, deviation and Cournot payoffs and delta* (exact)."""
    rows = []
    for n in SIZES:
        game = CoalitionGame("q*(1 - Q)", num_players=n, lower=0, title="linear Cournot")
        result = coalition_discount(game, n)
        rows.append(
            {
                "n": n,
                "cooperate": result.outcome.member_payoff,
                "deviate": result.deviation.payoff,
                "punish": result.punishment,
                "delta": result.value,
            }
        )
    return rows


def _profit(price: Fraction) -> Fraction:
    value = PROFIT.xreplace({PRICE: sympy.Rational(price.numerator, price.denominator)})
    return Fraction(int(value.p), int(value.q))


def bertrand_game(n: int, step: Fraction) -> NormalFormGame:
    """n firms choose a price in {0, 1/2 - step, 1/2}; the cheapest serve the whole market and
    share it equally."""
    prices = [Fraction(0), MONOPOLY_PRICE - step, MONOPOLY_PRICE]
    payoffs = np.empty((n, *([3] * n)), dtype=object)
    for profile in itertools.product(range(3), repeat=n):
        chosen = [prices[i] for i in profile]
        low = min(chosen)
        sellers = [i for i, p in enumerate(chosen) if p == low]
        for i in range(n):
            payoffs[(i, *profile)] = _profit(low) / len(sellers) if i in sellers else Fraction(0)
    labels = ["cost", "undercut", "monopoly"]
    return NormalFormGame(payoffs, strategies=[labels] * n, title=f"Bertrand, step {step}")


def bertrand_threshold(n: int, step: Fraction) -> Fraction:
    """delta* of the all-monopoly profile, punished by the worst pure stage equilibrium."""
    game = bertrand_game(n, step)
    equilibria = pure_equilibria(game).equilibria
    punish = [min(eq.payoffs[i] for eq in equilibria) for i in range(n)]
    analysis = RepeatedGame(game).grim_trigger((2,) * n, punishment=punish)
    return analysis.overall


def bertrand_limit(n: int) -> sympy.Expr:
    """The symbolic threshold with undercut step h, and its limit as h -> 0."""
    h = sympy.Symbol("h", positive=True)
    cooperate = PROFIT.xreplace({PRICE: sympy.Rational(1, 2)}) / n
    deviate = PROFIT.xreplace({PRICE: sympy.Rational(1, 2) - h})
    symbolic = critical_discount(cooperate, deviate, 0).value
    return symbolic, sympy.limit(symbolic, h, 0, "+"), h


def bertrand_rows() -> list[dict]:
    rows = []
    for n in SIZES:
        symbolic, limit, h = bertrand_limit(n)
        row = {"n": n, "limit": limit, "formula": symbolic}
        for step in STEPS:
            row[step] = bertrand_threshold(n, step)
            row[("symbolic", step)] = symbolic.xreplace(
                {h: sympy.Rational(step.numerator, step.denominator)}
            )
        rows.append(row)
    return rows


def table() -> str:
    cournot = [
        (
            row["n"],
            row["cooperate"],
            row["deviate"],
            row["punish"],
            row["delta"],
            Fraction((row["n"] + 1) ** 2, row["n"] ** 2 + 6 * row["n"] + 1),
        )
        for row in cournot_rows()
    ]
    bertrand = [
        (row["n"], *(row[s] for s in STEPS), row["limit"], Fraction(row["n"] - 1, row["n"]))
        for row in bertrand_rows()
    ]
    return (
        "### Cournot, inverse demand 1 - Q, no cost\n\n"
        + markdown_table(
            ("n", "cartel pi_C", "best deviation pi_D", "Cournot pi_N", "delta*", "published"),
            cournot,
        )
        + "\n### Bertrand, demand 1 - p, no cost; undercut step h\n\n"
        + markdown_table(
            (
                "n",
                *(f"delta*(h = {s})" for s in STEPS),
                "limit h -> 0",
                "published 1 - 1/n",
            ),
            bertrand,
        )
    )


if __name__ == "__main__":
    reproduction_main(table, __file__)
