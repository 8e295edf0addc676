"""Shaffer (1995): internal stability iff (n - k + 2)^2 >= k (n - k + 1)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import sympy


def _reproduce():
    path = Path(__file__).with_name("reproduce.py")
    spec = importlib.util.spec_from_file_location("papers_shaffer_1995_reproduce", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REPRODUCE = _reproduce()


def test_internal_stability_matches_shaffers_inequality() -> None:
    rows = REPRODUCE.rows()
    assert [r["n"] for r in rows] == list(range(2, 13))
    for row in rows:
        n = row["n"]
        for k, internal in row["internal"].items():
            assert internal == ((n - k + 2) ** 2 >= k * (n - k + 1)), (n, k)
        ties = tuple(k for k in range(1, n + 1) if (n - k + 2) ** 2 == k * (n - k + 1))
        assert row["internal_ties"] == ties


def test_closed_form_margin_has_shaffers_numerator() -> None:
    form = REPRODUCE.closed_form()
    k, n = form.size, form.num_players
    top, bottom = sympy.fraction(sympy.together(form.internal_margin))
    assert sympy.expand(top - ((n - k + 2) ** 2 - k * (n - k + 1))) == 0
    assert sympy.expand(bottom - 4 * k * (n - k + 1) * (n - k + 2) ** 2) == 0
    assert form.member_payoff == 1 / (4 * k * (n - k + 1))
