"""Olson (1965) / linear public good: the regenerated table against the three conditions."""

from __future__ import annotations

from fractions import Fraction

from dualdilemma.reporting.tables import committed_table, load_reproduction

REPRODUCE = load_reproduction(__file__)


def test_contributing_is_dominant_iff_m_exceeds_one(rows) -> None:
    for row in rows:
        m = row["m"]
        expected = "give" if m > 1 else "keep" if m < 1 else "none"
        assert row["dominant"] == expected, (row["n"], m)


def test_universal_contribution_is_efficient_iff_n_m_exceeds_one(rows) -> None:
    for row in rows:
        product = row["n"] * row["m"]
        expected = "give" if product > 1 else "keep" if product < 1 else "tie"
        assert row["efficient"] == expected, (row["n"], row["m"])


def test_dilemma_iff_one_over_n_below_m_below_one(rows) -> None:
    for row in rows:
        n, m = row["n"], row["m"]
        assert row["dilemma"] == (Fraction(1, n) < m < 1), (n, m)
    # the table covers both sides of every threshold
    assert any(r["dilemma"] for r in rows) and not all(r["dilemma"] for r in rows)


def test_committed_table_is_current(rows) -> None:
    assert REPRODUCE.table(rows) == committed_table(__file__), "run reproduce.py --write"
