"""Shaffer (1995): internal stability iff (n - k + 2)^2 >= k (n - k + 1)."""

from __future__ import annotations

import sympy

from dualdilemma.reporting.tables import committed_table, load_reproduction

REPRODUCE = load_reproduction(__file__)


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


def test_committed_table_is_current(rows) -> None:
    assert REPRODUCE.table(rows) == committed_table(__file__), "run reproduce.py --write"
