"""Selten (1973): full cartel participation is stable iff n <= 4."""

from __future__ import annotations

import importlib.util
from fractions import Fraction
from pathlib import Path

import pytest


def _reproduce():
    path = Path(__file__).with_name("reproduce.py")
    spec = importlib.util.spec_from_file_location("papers_selten_1973_reproduce", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REPRODUCE = _reproduce()


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    """The regenerated table rows (computed once per module, not at collection)."""
    return REPRODUCE.rows()


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
