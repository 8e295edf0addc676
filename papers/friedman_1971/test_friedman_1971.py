"""Friedman (1971): regenerated thresholds against the published values."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from dualdilemma.reporting.tables import committed_table, load_reproduction

REPRODUCE = load_reproduction(__file__)

#: Published linear-Cournot thresholds, n = 2..5.
COURNOT = {2: Fraction(9, 17), 3: Fraction(4, 7), 4: Fraction(25, 41), 5: Fraction(9, 14)}


def test_cournot_thresholds_match_the_published_values() -> None:
    rows = REPRODUCE.cournot_rows()
    assert {row["n"]: row["delta"] for row in rows} == COURNOT
    for row in rows:
        n = row["n"]
        assert row["cooperate"] == Fraction(1, 4 * n)
        assert row["punish"] == Fraction(1, (n + 1) ** 2)
        assert row["deviate"] == Fraction((n + 1) ** 2, 16 * n * n)


def test_bertrand_thresholds_tend_to_one_minus_one_over_n() -> None:
    for row in REPRODUCE.bertrand_rows():
        n = row["n"]
        assert row["limit"] == sympy.Rational(n - 1, n)
        previous = Fraction(0)
        for step in REPRODUCE.STEPS:
            # the normal-form game agrees with the symbolic threshold at every step ...
            value = row[step]
            assert sympy.Rational(value.numerator, value.denominator) == row[("symbolic", step)]
            # ... and rises towards 1 - 1/n as the undercut shrinks
            assert previous < value < Fraction(n - 1, n)
            previous = value
        assert float(row[REPRODUCE.STEPS[-1]]) == pytest.approx((n - 1) / n, abs=1e-5)


def test_table_lists_every_published_value() -> None:
    text = REPRODUCE.table()
    for value in COURNOT.values():
        assert f"| {value} | {value} |" in text


def test_committed_table_is_current() -> None:
    assert REPRODUCE.table() == committed_table(__file__), "run reproduce.py --write"
