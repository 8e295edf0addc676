"""Hoel (1992) / Carraro and Siniscalco (1993): the stable size is 3 for every N >= 3."""

from __future__ import annotations

import sympy

from dualdilemma.reporting.tables import committed_table, load_reproduction

REPRODUCE = load_reproduction(__file__)


def test_unique_stable_size_is_three_when_indifferent_countries_join() -> None:
    rows = REPRODUCE.rows()
    assert {r["n"] for r in rows} >= {3, 4, 5, 10, 50}
    for row in rows:
        assert row["stable"]["join"] == (3,), row
        # the tie conventions are explicit: the other ones give other answers
        assert row["stable"]["stay"] == (2, 3)
        assert row["stable"]["leave"] == (2,)
        assert row["stable"]["move"] == ()
        assert row["ties_decided"] == (1, 2, 3)


def test_closed_form_margins() -> None:
    internal, external = REPRODUCE.margins()
    b, c, k = sympy.symbols("b c k")
    assert sympy.simplify(sympy.sympify(internal) + b**2 * (k - 1) * (k - 3) / (2 * c)) == 0
    assert sympy.simplify(sympy.sympify(external) - b**2 * k * (k - 2) / (2 * c)) == 0


def test_committed_table_is_current(rows) -> None:
    assert REPRODUCE.table(rows) == committed_table(__file__), "run reproduce.py --write"
