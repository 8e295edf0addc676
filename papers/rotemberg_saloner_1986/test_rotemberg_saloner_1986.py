"""Rotemberg and Saloner (1986): delta* = 2 pi_H / (pi_L + 3 pi_H)."""

from __future__ import annotations

from fractions import Fraction

import sympy

from dualdilemma.reporting.tables import committed_table, load_reproduction

REPRODUCE = load_reproduction(__file__)


def test_threshold_matches_the_published_condition() -> None:
    rows = REPRODUCE.rows()
    for row in rows:
        low, high = row["pi_low"], row["pi_high"]
        assert low == row["alpha_low"] ** 2 / 4 and high == row["alpha_high"] ** 2 / 4
        assert row["delta"] == 2 * high / (low + 3 * high)
        assert Fraction(1, 2) <= row["delta"] < Fraction(2, 3)
        assert 1 in row["binding"]
    deltas = [row["delta"] for row in rows]
    assert deltas == sorted(deltas) and deltas[0] == Fraction(1, 2)


def test_closed_form() -> None:
    formula, low, high = REPRODUCE.closed_form()
    assert sympy.simplify(formula - 2 * high / (low + 3 * high)) == 0


def test_committed_table_is_current(rows) -> None:
    assert REPRODUCE.table(rows) == committed_table(__file__), "run reproduce.py --write"
