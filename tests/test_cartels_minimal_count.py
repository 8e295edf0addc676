"""The exact count of minimal effective cartels against brute force, listings and closed forms."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma import limits
from dualdilemma.cartels.minimal import minimal_effective_cartels
from dualdilemma.cartels.minimal_count import COUNT_METHOD, count_minimal_effective_cartels
from dualdilemma.errors import InvalidParameterError
from dualdilemma.limits import LimitExceededError
from dualdilemma.models.export_market import CONTROL, EXPORT, ExportMarket, Supplier

#: Safeguards drawn from few values (ties) and near 1 (s > 1 - tau: negative v-weights).
SAFEGUARDS = [Fraction(x, 10) for x in (0, 3, 5, 8, 9, 10)] + [Fraction(19, 20)]


def _market(seed: int, n: int) -> ExportMarket:
    rng = np.random.default_rng(seed)
    suppliers = [
        Supplier(
            f"S{i}",
            Fraction(int(rng.integers(0, 8)), int(rng.choice([4, 10]))),
            int(rng.integers(0, 30)),
            SAFEGUARDS[int(rng.integers(0, len(SAFEGUARDS)))],
        )
        for i in range(n)
    ]
    return ExportMarket(10, Fraction(1, 20), Fraction(9, 10), suppliers)


def _leakage(market: ExportMarket, members: set[int]) -> Fraction:
    """MODEL s.2's leakage with exporting outsiders, q = W_O / max(1, K_O), summed directly
    (``test_leakage_is_the_models`` checks it against the model's outcome function)."""
    outsiders = [s for j, s in enumerate(market.suppliers) if j not in members]
    total = sum((s.capacity for s in outsiders), Fraction(0))
    unsafe = sum((s.capacity * (1 - s.safeguard) for s in outsiders), Fraction(0))
    return unsafe / max(Fraction(1), total)


@pytest.mark.parametrize("seed", range(4))
def test_leakage_is_the_models(seed: int) -> None:
    market = _market(seed, 5)
    for mask in range(1 << 5):
        members = {j for j in range(5) if mask >> j & 1}
        profile = tuple(CONTROL if j in members else EXPORT for j in range(5))
        assert _leakage(market, members) == market.leakage(profile, exact=True)


def _brute_force(
    market: ExportMarket, tau: Fraction, required: tuple[str, ...] = ()
) -> dict[int, int]:
    """Minimal effective cartels by size from the model's leakage over every cartel:
    effective, and no proper subset (keeping ``required``) effective.  ``below[mask]`` says
    whether some proper subset of ``mask`` is effective; it is built from every subset of
    ``mask`` minus one member, each of which covers its own subsets, so every proper subset is
    examined (not only the ones a member short)."""
    n = market.num_suppliers
    forced = [market.names.index(name) for name in required]
    free = [j for j in range(n) if j not in forced]
    m = len(free)
    effective = [False] * (1 << m)
    for mask in range(1 << m):
        members = {free[i] for i in range(m) if mask >> i & 1} | set(forced)
        effective[mask] = _leakage(market, members) <= tau
    below = [False] * (1 << m)
    sizes: dict[int, int] = {}
    for mask in range(1 << m):
        below[mask] = any(
            effective[mask ^ (1 << i)] or below[mask ^ (1 << i)] for i in range(m) if mask >> i & 1
        )
        if effective[mask] and not below[mask]:
            size = bin(mask).count("1") + len(forced)
            sizes[size] = sizes.get(size, 0) + 1
    return sizes


TOLERANCES = [Fraction(0), Fraction(1, 20), Fraction(1, 10), Fraction(1, 4), Fraction(3, 10)]
TOLERANCES += [Fraction(1, 2), Fraction(9, 10), Fraction(1)]


@pytest.mark.parametrize("seed", range(120))
def test_count_matches_brute_force_on_small_markets(seed: int) -> None:
    market = _market(seed, 2 + seed % 9)
    tau = TOLERANCES[seed % len(TOLERANCES)]
    result = count_minimal_effective_cartels(market, tau)
    assert result.count_by_size == _brute_force(market, tau)
    assert result.count == sum(result.count_by_size.values())


@pytest.mark.parametrize("seed", range(6))
def test_count_matches_brute_force_up_to_fourteen_suppliers(seed: int) -> None:
    market = _market(1000 + seed, 12 + seed % 3)
    tau = [Fraction(1, 10), Fraction(1, 4), Fraction(3, 10)][seed % 3]
    expected = _brute_force(market, tau)
    assert count_minimal_effective_cartels(market, tau).count_by_size == expected


@pytest.mark.parametrize("seed", range(24))
def test_required_members_match_brute_force(seed: int) -> None:
    market = _market(500 + seed, 3 + seed % 6)
    tau = TOLERANCES[seed % len(TOLERANCES)]
    required = tuple(market.names[: 1 + seed % 2])
    result = count_minimal_effective_cartels(market, tau, required=required)
    assert result.count_by_size == _brute_force(market, tau, required)
    assert result.required == required


def test_negative_weights_need_every_subset_not_only_one_member_short() -> None:
    # C's and D's safeguards are above 1 - tau: each lowers the v-sum of a cartel.  {A, C, D}
    # is effective through (1); dropping C or D alone leaves it ineffective, but dropping both
    # leaves {A}, effective through (2); so {A, C, D} is not minimal.
    market = ExportMarket(
        10,
        0,
        1,
        [
            Supplier("A", 2, 1, "1/2"),
            Supplier("B", "1/10", 1, 0),
            Supplier("C", "3/10", 1, "9/10"),
            Supplier("D", "3/10", 1, "9/10"),
        ],
    )
    tau = Fraction(1, 2)
    expected = _brute_force(market, tau)
    assert count_minimal_effective_cartels(market, tau).count_by_size == expected
    listed = minimal_effective_cartels(market, tau)
    assert len(listed.cartels) == sum(expected.values())


def _heterogeneous(seed: int, n: int) -> ExportMarket:
    """Small capacities and safeguards 0.3-0.9 (as in benchmarks/bench_cartel_search.py): many
    minimal cartels at tau = 1/4."""
    rng = np.random.default_rng(seed)
    suppliers = [
        Supplier(
            f"S{i}",
            Fraction(int(rng.integers(2, 30)), 100),
            int(rng.integers(6, 12)),
            Fraction(int(rng.integers(3, 10)), 10),
        )
        for i in range(n)
    ]
    return ExportMarket(10, "1/10", "9/10", suppliers)


@pytest.mark.parametrize(("seed", "n"), [(s, n) for s in range(3) for n in (20, 25, 30)])
def test_count_equals_a_complete_listing(seed: int, n: int) -> None:
    cases = [(_market(2000 + seed, n), "1/4"), (_heterogeneous(seed, n), "1/10")]
    if n < 30:
        cases.append((_heterogeneous(seed, n), "1/4"))  # hundreds to thousands of cartels
    for market, tau in cases:
        listed = minimal_effective_cartels(market, tau, limit=10**6)
        assert listed.complete
        counted = count_minimal_effective_cartels(market, tau)
        assert counted.count == len(listed.cartels)
        sizes: dict[int, int] = {}
        for cartel in listed.cartels:
            sizes[len(cartel)] = sizes.get(len(cartel), 0) + 1
        assert counted.count_by_size == sizes
        assert sum(counted.count_by_size.values()) == counted.count
        assert listed.count == counted.count and listed.count_method == "listed"


def test_incomplete_listing_carries_the_exact_count() -> None:
    market = _heterogeneous(1, 25)
    full = minimal_effective_cartels(market, "1/4", limit=10**6)
    assert full.complete and len(full.cartels) > 50
    cut = minimal_effective_cartels(market, "1/4", limit=50)
    assert not cut.complete and len(cut.cartels) == 50
    assert cut.count == len(full.cartels)
    assert cut.count_by_size == full.count_by_size
    assert cut.count_method == COUNT_METHOD
    data = cut.to_dict()
    assert data["count"] == len(full.cartels)
    assert data["count_by_size"] == {str(s): c for s, c in full.count_by_size}


def _identical(n: int, capacity: str) -> ExportMarket:
    return ExportMarket(10, 0, 1, [Supplier(f"S{i}", capacity, 1, 0) for i in range(n)])


def test_closed_form_for_identical_suppliers_beyond_double_precision() -> None:
    # without safeguards a cartel is effective iff its outsiders' capacity is at most tau,
    # i.e. at most 30 outsiders of capacity 1/100: the minimal cartels are the C(60, 30)
    # cartels of 30 members
    market = _identical(60, "1/100")
    result = count_minimal_effective_cartels(market, "3/10")
    assert result.count == math.comb(60, 30) > 2**53
    assert result.count_by_size == {30: math.comb(60, 30)}
    listed = minimal_effective_cartels(market, "3/10", limit=100)
    assert not listed.complete and listed.count == math.comb(60, 30)
    assert listed.to_dict()["count"] == str(math.comb(60, 30))
    assert listed.to_dict()["count_by_size"] == {"30": str(math.comb(60, 30))}
    assert result.to_dict()["count"] == str(math.comb(60, 30))


def test_closed_form_with_required_members_and_max_size() -> None:
    market = _identical(12, "1/10")  # effective iff at most 3 outsiders: 9 members
    result = count_minimal_effective_cartels(market, "3/10", required=["S0", "S1"])
    assert result.count_by_size == {9: math.comb(10, 7)}
    assert count_minimal_effective_cartels(market, "3/10", max_size=8).count == 0
    everyone = count_minimal_effective_cartels(market, "3/10", required=market.names)
    assert everyone.count_by_size == {12: 1}


def test_an_effective_empty_cartel_is_the_only_minimal_one() -> None:
    market = _identical(5, "1/100")  # all outsiders together leave leakage 5/100
    result = count_minimal_effective_cartels(market, "1/10")
    assert result.count_by_size == {0: 1}
    assert minimal_effective_cartels(market, "1/10").cartels == ((),)


def test_the_table_limit_fires_before_allocation_with_a_clear_message() -> None:
    market = _market(7, 40)
    with limits.override(count_states=10):
        with pytest.raises(LimitExceededError, match="count_states") as caught:
            count_minimal_effective_cartels(market, "3/10")
        assert caught.value.limit == "count_states"
        assert "states, beyond the limit count_states = 10 " in str(caught.value)
        assert "override(count_states=N)" in str(caught.value)
        listed = minimal_effective_cartels(market, "3/10", limit=5)
    assert not listed.complete
    assert listed.count is None and listed.count_by_size is None
    assert listed.count_method.startswith("not counted: count minimal effective cartels")
    assert count_minimal_effective_cartels(market, "3/10").count > 5


def test_unknown_required_member() -> None:
    with pytest.raises(InvalidParameterError, match="required member 'X'"):
        count_minimal_effective_cartels(_market(1, 4), "1/10", required=["X"])


@st.composite
def small_markets(draw):
    """Markets of 2-7 suppliers with capacities and safeguards on coarse grids (ties), the
    safeguards often above 1 - tau (negative v-weights), and a tolerance on the same grid."""
    count = draw(st.integers(2, 7))
    suppliers = [
        Supplier(
            f"S{i}",
            Fraction(draw(st.integers(0, 12)), draw(st.sampled_from([4, 5, 10]))),
            1,
            Fraction(draw(st.integers(0, 10)), 10),
        )
        for i in range(count)
    ]
    tau = Fraction(draw(st.integers(0, 10)), 10)
    return ExportMarket(10, 0, 1, suppliers), tau


@settings(max_examples=150, deadline=None)
@given(small_markets())
def test_property_count_equals_brute_force(case) -> None:
    market, tau = case
    result = count_minimal_effective_cartels(market, tau)
    expected = _brute_force(market, tau)
    assert result.count_by_size == expected
    assert result.count == sum(expected.values())
