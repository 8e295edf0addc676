"""The aggregative pure-equilibrium solver against brute force and the payoff-tensor path."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings

from dualdilemma.errors import InvalidParameterError
from dualdilemma.models.export_market import CONTROL, EXPORT, ExportMarket, Supplier
from dualdilemma.solvers.aggregative_pure import (
    aggregative_pure_equilibria,
    profile_regrets,
    search_pure_profiles,
)
from dualdilemma.solvers.pure_nash import pure_equilibria
from dualdilemma.strategies import export_markets


# -- seeded markets of three kinds --------------------------------------------------------------
def mixed_market(seed: int, n: int) -> ExportMarket:
    """Heterogeneous suppliers, every parameter drawn independently."""
    rng = np.random.default_rng(seed)
    suppliers = [
        Supplier(
            f"S{i}",
            Fraction(int(rng.integers(1, 13)), 10),
            Fraction(int(rng.integers(0, 80)), 2),
            Fraction(int(rng.integers(0, 11)), 10),
            Fraction(int(rng.integers(0, 4)), 20),
        )
        for i in range(n)
    ]
    value = Fraction(int(rng.integers(1, 12)))
    return ExportMarket(value, Fraction(int(rng.integers(0, 3)), 10), Fraction(9, 10), suppliers)


def coordination_market(seed: int, n: int, exponent: int = 1) -> ExportMarket:
    """One or two well-safeguarded large suppliers and leaky ones whose harm is 1.1-2.5 times
    the market value: leaky suppliers export when the others leak (strategic complements), so
    many control and several equilibria are common."""
    rng = np.random.default_rng(seed)
    value = Fraction(int(rng.integers(1, 7)))
    safe = int(rng.integers(1, 3))
    suppliers = []
    for i in range(n):
        if i < safe:
            supplier = Supplier(
                f"S{i}",
                Fraction(int(rng.integers(6, 13)), 10),
                int(rng.integers(0, 6)),
                Fraction(int(rng.integers(8, 11)), 10),
            )
        else:
            supplier = Supplier(
                f"S{i}",
                Fraction(int(rng.integers(2, 9)), 10),
                value * Fraction(int(rng.integers(11, 26)), 10),
                Fraction(int(rng.integers(0, 4)), 10),
                Fraction(int(rng.integers(0, 3)), 20),
            )
        suppliers.append(supplier)
    return ExportMarket(value, 0, 1, suppliers, risk_exponent=exponent)


def tied_market(seed: int, n: int) -> ExportMarket:
    """Groups of identical suppliers: a count threshold gives many equilibria and exact ties."""
    rng = np.random.default_rng(seed)
    kinds = [
        (
            Fraction(int(rng.integers(1, 6)), 10),
            int(rng.integers(0, 30)),
            Fraction(int(rng.integers(0, 3)), 4),
            Fraction(int(rng.integers(0, 2)), 10),
        )
        for _ in range(2)
    ]
    suppliers = [Supplier(f"S{i}", *kinds[i % 2]) for i in range(n)]
    return ExportMarket(int(rng.integers(1, 8)), 0, 1, suppliers)


# -- brute force: every profile, float screen, exact decision --------------------------------
def brute_force(market: ExportMarket, fixed: dict[int, int] | None = None) -> list[tuple[int, ...]]:
    """All pure equilibria by evaluating every profile: a vectorised float regret screen over
    the 2^n profiles (chunks of 2^15), then the exact regret of the few that pass."""
    n = market.num_suppliers
    fixed = fixed or {}
    k = np.array([float(s.capacity) for s in market.suppliers])
    ks = np.array([float(s.capacity * s.safeguard) for s in market.suppliers])
    h = np.array([float(s.harm) for s in market.suppliers])
    c = np.array([float(s.control_cost) for s in market.suppliers])
    v, p0, p1 = (
        float(market.value),
        float(market.risk_without_supply),
        float(market.risk_with_supply),
    )
    gamma = float(market.risk_exponent)

    def payoff(action, total, screened):
        q = (total - screened) / np.maximum(1.0, total)
        risk = p0 + (p1 - p0) * np.maximum(q, 0.0) ** gamma
        return v * k * (1 - action) / np.maximum(1.0, total) - h * risk - c * action

    found = []
    bits = 1 << np.arange(n)
    for start in range(0, 2**n, 2**15):
        index = np.arange(start, min(2**n, start + 2**15))
        actions = ((index[:, None] & bits) > 0).astype(float)  # 1 = control
        keep = np.ones(len(index), dtype=bool)
        for i, a in fixed.items():
            keep &= actions[:, i] == a
        actions = actions[keep]
        exporting = 1 - actions
        total = (exporting * k).sum(axis=1, keepdims=True)
        screened = (exporting * ks).sum(axis=1, keepdims=True)
        sign = np.where(actions == 0, -1.0, 1.0)
        here = payoff(actions, total, screened)
        there = payoff(1 - actions, total + sign * k, screened + sign * ks)
        gain = there - here
        for i in fixed:
            gain[:, i] = -np.inf
        scale = max(1.0, v, float(h.max()))
        for row in np.flatnonzero(gain.max(axis=1) <= 1e-7 * scale):
            found.append(tuple(int(a) for a in actions[row]))
    exact = market.risk_exponent.denominator == 1
    held = frozenset(fixed)
    out = []
    for profile in found:
        regret = profile_regrets(market, profile, exact=exact, held=held)[0]
        if (regret == 0) if exact else (regret <= 4e-9 * max(1.0, v, float(h.max()))):
            out.append(profile)
    return sorted(out)


def solved(market: ExportMarket, **kwargs) -> list[tuple[int, ...]]:
    result = aggregative_pure_equilibria(market, **kwargs)
    assert result.complete
    assert all(eq.max_regret == 0 for eq in result) or not result.exact
    return [eq.pure_profile() for eq in result]


KINDS = {"mixed": mixed_market, "coordination": coordination_market, "tied": tied_market}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("seed", range(60))
def test_equals_brute_force_on_small_markets(kind: str, seed: int) -> None:
    n = 2 + seed % 11
    market = KINDS[kind](seed, n)
    assert solved(market) == brute_force(market)


@pytest.mark.parametrize(
    "seed", [s if s < 9 else pytest.param(s, marks=pytest.mark.slow) for s in range(24)]
)
def test_equals_brute_force_up_to_twenty_suppliers(seed: int) -> None:
    n = 13 + seed % 8
    kind = sorted(KINDS)[seed % 3]
    market = KINDS[kind](1000 + seed, n)
    assert solved(market) == brute_force(market)


def test_the_seeded_families_are_not_vacuous() -> None:
    """The brute-force comparisons above include markets with several equilibria, with many
    controllers and with ties (so equality there is evidence)."""
    several = controlling = weak = 0
    for kind in sorted(KINDS):
        for seed in range(0, 60, 2):
            market = KINDS[kind](seed, 2 + seed % 11)
            result = aggregative_pure_equilibria(market)
            profiles = [eq.pure_profile() for eq in result]
            several += len(profiles) > 1
            controlling += any(2 * sum(p) >= len(p) for p in profiles)
            weak += bool(result.degenerate)
    assert several >= 20
    assert controlling >= 40
    assert weak >= 2


@pytest.mark.parametrize("seed", range(40))
def test_equals_the_exact_tensor_path(seed: int) -> None:
    n = 2 + seed % 8
    market = KINDS[sorted(KINDS)[seed % 3]](2000 + seed, n)
    tensor = pure_equilibria(market.game(exact=True))
    mine = aggregative_pure_equilibria(market)
    assert [eq.pure_profile() for eq in mine] == [eq.pure_profile() for eq in tensor]
    assert [eq.payoffs for eq in mine] == [eq.payoffs for eq in tensor]
    assert bool(mine.degenerate) == bool(tensor.degenerate)


@pytest.mark.parametrize("seed", range(6))
def test_equals_the_float_tensor_path_at_sixteen(seed: int) -> None:
    market = coordination_market(3000 + seed, 16)
    tensor = pure_equilibria(market.game(exact=False))
    assert solved(market) == [eq.pure_profile() for eq in tensor]


@pytest.mark.parametrize("seed", range(20))
def test_square_risk_equals_brute_force(seed: int) -> None:
    market = coordination_market(4000 + seed, 3 + seed % 8, exponent=2)
    assert solved(market) == brute_force(market)


@pytest.mark.parametrize("seed", range(10))
def test_fractional_exponent_is_verified_in_floating_point(seed: int) -> None:
    base = coordination_market(5000 + seed, 3 + seed % 6)
    market = ExportMarket(base.value, 0, 1, base.suppliers, risk_exponent="1/2")
    result = aggregative_pure_equilibria(market)
    assert not result.exact and result.complete
    assert [eq.pure_profile() for eq in result] == brute_force(market)


@pytest.mark.parametrize("seed", range(30))
def test_fixed_members_give_the_outsiders_equilibria(seed: int) -> None:
    n = 3 + seed % 8
    market = KINDS[sorted(KINDS)[seed % 3]](6000 + seed, n)
    fixed = {i: CONTROL for i in range(0, n, 3)}
    assert solved(market, fixed=fixed) == brute_force(market, fixed)


@settings(max_examples=60, deadline=None)
@given(export_markets(num_suppliers=5))
def test_hypothesis_markets_equal_brute_force(market: ExportMarket) -> None:
    assert solved(market) == brute_force(market)


def test_many_equilibria_stop_at_the_limit() -> None:
    # ten suppliers without capacity or control cost are indifferent whatever the others do:
    # 2^10 equilibria, far more than the limit
    suppliers = [Supplier("big", 1, 1, 0), *(Supplier(f"S{i}", 0, 1, 0) for i in range(10))]
    market = ExportMarket(1, 0, 1, suppliers)
    result = aggregative_pure_equilibria(market, limit=5)
    assert not result.complete and len(result) == 5
    assert any("limit" in note for note in result.diagnostics)


def test_time_limit_flags_an_incomplete_search() -> None:
    suppliers = [Supplier("big", 1, 1, 0), *(Supplier(f"S{i}", 0, 1, 0) for i in range(16))]
    market = ExportMarket(1, 0, 1, suppliers)
    result = aggregative_pure_equilibria(market, limit=None, time_limit=1e-6)
    assert not result.complete
    assert any("time limit" in note for note in result.diagnostics)


def test_large_market_needs_no_tensor() -> None:
    market = mixed_market(7, 300)
    result = aggregative_pure_equilibria(market)
    assert result.complete and result.exact
    for eq in result:
        assert profile_regrets(market, eq.pure_profile())[0] == 0


def test_search_reports_its_work() -> None:
    search = search_pure_profiles(coordination_market(3, 9))
    assert search.complete and search.nodes >= 1 and not search.stopped


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"limit": 0}, "limit"),
        ({"time_limit": -1}, "time_limit"),
        ({"fixed": {99: CONTROL}}, "fixed"),
        ({"fixed": {0: 7}}, "fixed"),
    ],
)
def test_bad_arguments(kwargs, message) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        aggregative_pure_equilibria(mixed_market(1, 4), **kwargs)


def test_exact_refused_for_irrational_risks() -> None:
    market = ExportMarket(
        2, 0, 1, [Supplier("A", 1, 1, 0), Supplier("B", 1, 1, 0)], risk_exponent="1/2"
    )
    with pytest.raises(InvalidParameterError, match="risk_exponent"):
        aggregative_pure_equilibria(market, exact=True)


def test_profile_regrets_match_the_model_outcome() -> None:
    market = coordination_market(11, 6)
    profile = (EXPORT, CONTROL, EXPORT, CONTROL, CONTROL, EXPORT)
    _, gains, payoffs = profile_regrets(market, profile)
    assert payoffs == market.payoffs(profile)
    for i in range(6):
        flipped = tuple((1 - a) if j == i else a for j, a in enumerate(profile))
        assert gains[i] == market.payoffs(flipped)[i] - payoffs[i]
