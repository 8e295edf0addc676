"""Barrett (1994): stable numbers of signatories against gamma = c/b for N = 10 and 100."""

from __future__ import annotations

from fractions import Fraction

from dualdilemma.reporting.tables import committed_table, load_reproduction

REPRODUCE = load_reproduction(__file__)


#: k* derived independently from Barrett's analytic solution q_n = a/(lambda k^2 + N - k +
#: N gamma), q_s = lambda k q_n (plain Fraction arithmetic, weak stability inequalities).
DERIVED = {
    10: [10, 10, 8, 6, 4, 3, 3, 3, 2, 2, 2],
    100: [92, 51, 18, 11, 5, 4, 3, 3, 3, 2, 2],
}


def test_stable_sizes_match_the_analytic_solution(rows) -> None:
    for n, expected in DERIVED.items():
        found = [r["stable"] for r in rows if r["n"] == n]
        assert found == [(k,) for k in expected]
        assert all(not r["ties_decided"] for r in rows)


def test_large_agreements_only_when_gamma_is_small(rows) -> None:
    for n in REPRODUCE.SIZES:
        sizes = [r["stable"][0] for r in rows if r["n"] == n]
        assert sizes == sorted(sizes, reverse=True)  # k* falls as gamma rises
        assert min(sizes) == 2  # any size from 2 ...
        assert max(sizes) >= 0.9 * n  # ... to (nearly) N


def test_paradox_of_cooperation(rows) -> None:
    """Where k* is large the gain from cooperating is negligible; where the gain is large the
    stable agreement is small and achieves little of it."""
    for r in rows:
        (k,) = r["stable"]
        if k >= r["n"] // 2:
            assert r["potential_gain"] < Fraction(1, 100)
        if r["potential_gain"] > 1:
            assert k <= 3 and r["share"][0] < Fraction(1, 10)
    gains = [r["potential_gain"] for r in rows if r["n"] == 100]
    assert gains == sorted(gains)


def test_outcomes_follow_barretts_closed_form(rows) -> None:
    row = next(r for r in rows if r["n"] == 10 and r["gamma"] == Fraction(1, 10))
    n, gamma = 10, Fraction(1, 10)
    for k in range(1, n):
        lam = n * gamma / (n * gamma + n - k)
        q_n = 1 / (lam * k * k + n - k + n * gamma)
        outcome = row["result"].outcomes[k]
        assert outcome.outsider_action == q_n
        assert outcome.member_action == lam * k * q_n


def test_committed_table_is_current(rows) -> None:
    assert REPRODUCE.table(rows) == committed_table(__file__), "run reproduce.py --write"
