"""Selten (1973): full cartel participation is stable iff n <= 4."""

from __future__ import annotations

from fractions import Fraction

from dualdilemma.reporting.tables import committed_table, load_reproduction

REPRODUCE = load_reproduction(__file__)


def test_four_are_few_and_six_are_many(rows) -> None:
    for row in rows:
        n = row["n"]
        assert row["stable_weak"] == (n <= 4), n
        assert (n in row["stable_sizes"]) == (n <= 4), n
    assert not any(row["stable_weak"] for row in rows if row["n"] >= 6)


def test_the_threshold_is_a_tie_at_four(rows) -> None:
    by_n = {row["n"]: row for row in rows}
    assert by_n[4]["margin"] == 0
    assert by_n[4]["stable_weak"] and not by_n[4]["stable_strict"]
    assert by_n[3]["stable_strict"] and not by_n[5]["stable_weak"]
    for n, row in by_n.items():
        assert row["participant"] == Fraction(1, 4 * n)
        assert row["outsider"] == Fraction(1, 16)


def test_committed_table_is_current(rows) -> None:
    assert REPRODUCE.table(rows) == committed_table(__file__), "run reproduce.py --write"
