"""d'Aspremont et al. (1983): a stable dominant cartel exists for every finite n."""

from __future__ import annotations

from fractions import Fraction

import sympy

from dualdilemma.reporting.tables import committed_table, load_reproduction

REPRODUCE = load_reproduction(__file__)


def test_a_stable_cartel_exists_for_every_n(rows) -> None:
    for row in rows:
        assert row["internal_at_1"], row["n"]
        for ties, stable in row["stable"].items():
            assert stable, (row["n"], ties)


def test_stable_sizes_derived_from_the_closed_forms(rows) -> None:
    """From pi_s and pi_n above: I(k) >= 0 iff k <= 3 or k = n <= 5; the full cartel is
    stable for n <= 5 and three firms for n >= 6 (no ties)."""
    for row in rows:
        n = row["n"]
        expected = (n,) if n <= 5 else (3,)
        assert all(stable == expected for stable in row["stable"].values()), n
        assert row["ties_decided"] == ()


def test_stable_share_vanishes_in_large_industries(rows) -> None:
    shares = [row["fraction"][0] for row in rows if row["n"] >= 6]
    assert shares == sorted(shares, reverse=True)
    assert shares[-1] == Fraction(3, rows[-1]["n"])


def test_closed_forms() -> None:
    form = REPRODUCE.closed_form()
    k, n = form.size, form.num_players
    assert sympy.simplify(form.member_payoff - 1 / (2 * (n - k + 1) * (n + k + 1))) == 0
    expected = (n + 1) ** 2 / (2 * (n - k + 1) ** 2 * (n + k + 1) ** 2)
    assert sympy.simplify(form.outsider_payoff - expected) == 0
    assert sympy.simplify(form.noncooperative_payoff - 1 / (2 * (n + 1) ** 2)) == 0


def test_committed_table_is_current(rows) -> None:
    assert REPRODUCE.table(rows) == committed_table(__file__), "run reproduce.py --write"
