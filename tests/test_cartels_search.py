"""The exact cartel search against examining every cartel, on small markets."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from dualdilemma.cartels import sustainable
from dualdilemma.cartels.analysis import CartelMarket
from dualdilemma.cartels.search import export_dominant
from dualdilemma.models.export_market import ExportMarket, Supplier


def dominant_market(seed: int, n: int, harm: int = 20) -> ExportMarket:
    """Harms up to twice the market value: exporting is usually dominant for every supplier
    while the cartel's collective effect can still be worth sustaining (C1's public good)."""
    rng = np.random.default_rng(seed)
    capacities = rng.dirichlet(np.full(n, 0.8)) * rng.uniform(1.5, 4)
    value = Fraction(int(rng.integers(5, 20)))
    suppliers = [
        Supplier(
            f"S{i}",
            Fraction(int(round(capacities[i] * 1000)) + 1, 1000),
            value * Fraction(int(rng.integers(0, harm)), 10),
            Fraction(int(rng.integers(0, 11)), 10),
            Fraction(int(rng.integers(0, 5)), 100),
        )
        for i in range(n)
    ]
    return ExportMarket(value, Fraction(1, 10), Fraction(9, 10), suppliers)


def _cases() -> list[tuple[int, int]]:
    return [(seed, 5 + seed % 4) for seed in range(28)]


@pytest.mark.parametrize(("seed", "n"), _cases())
@pytest.mark.parametrize("discount", ["3/4", "19/20"])
def test_exact_search_equals_examining_every_cartel(seed, n, discount, monkeypatch) -> None:
    market = dominant_market(seed, n)
    context = CartelMarket(market)
    if not context.export_dominant:
        pytest.skip("exporting is not provably dominant in this draw")
    options = {"tolerance": "1/5", "discount": discount}
    every = sustainable.smallest_sustainable_cartel(context, **options)
    assert "every cartel" in every.reason or every.cartel is None
    monkeypatch.setattr(sustainable, "EXHAUSTIVE_SUPPLIERS", 0)
    searched = sustainable.smallest_sustainable_cartel(CartelMarket(market), **options)
    assert searched.complete and "exact search" in searched.reason or searched.cartel is None
    assert searched.cartel == every.cartel


def test_the_comparison_is_not_vacuous() -> None:
    dominant = found = 0
    for seed, n in _cases():
        context = CartelMarket(dominant_market(seed, n))
        if context.export_dominant:
            dominant += 1
            result = sustainable.smallest_sustainable_cartel(
                context, tolerance="1/5", discount="19/20"
            )
            found += result.cartel is not None
    assert dominant >= 12
    assert found >= 2


def test_required_members_are_kept(monkeypatch) -> None:
    for seed, n in _cases():
        market = dominant_market(seed, n)
        context = CartelMarket(market)
        if not context.export_dominant:
            continue
        every = sustainable.smallest_sustainable_cartel(
            context, tolerance="1/5", discount="19/20", required=[market.names[-1]]
        )
        monkeypatch.setattr(sustainable, "EXHAUSTIVE_SUPPLIERS", 0)
        searched = sustainable.smallest_sustainable_cartel(
            CartelMarket(market), tolerance="1/5", discount="19/20", required=[market.names[-1]]
        )
        monkeypatch.setattr(sustainable, "EXHAUSTIVE_SUPPLIERS", 10)
        assert searched.cartel == every.cartel


def test_dominance_is_refuted_when_a_supplier_would_control() -> None:
    harmful = ExportMarket(1, 0, 1, [Supplier("A", 1, 9, 0), Supplier("B", 1, 9, 0)])
    assert not export_dominant(harmful)
    # and the claim is checked against the outsiders' game itself
    assert CartelMarket(harmful).outsider_response(frozenset({0})).selected == (1, 1)


def test_forty_eight_suppliers_are_searched_exactly() -> None:
    for seed in range(20):
        market = dominant_market(seed, 48)
        context = CartelMarket(market)
        if context.export_dominant:
            break
    else:  # pragma: no cover - the family is built to be dominant
        pytest.fail("no dominant market drawn")
    result = sustainable.smallest_sustainable_cartel(context, tolerance="1/5", discount="19/20")
    assert result.complete
    assert "exact search" in result.reason or result.cartel is None


def test_vectorised_outcome_equals_the_model_outcome() -> None:
    from dualdilemma.cartels.analysis import _float_outcome

    market = dominant_market(3, 30)
    rng = np.random.default_rng(0)
    for _ in range(5):
        profile = tuple(int(a) for a in rng.integers(0, 2, 30))
        fast, slow = _float_outcome(market, profile), market.outcome(profile, exact=False)
        assert fast.risk == pytest.approx(slow.risk, abs=1e-12)
        assert fast.payoffs == pytest.approx(slow.payoffs, abs=1e-12)
        assert fast.shares == pytest.approx(slow.shares, abs=1e-12)
        assert fast.leakage == pytest.approx(slow.leakage, abs=1e-12)


# -- minimal effective cartels with best-replying outsiders (MODEL s.4) ----------------------------
def _brute_minimal_best_reply(market: ExportMarket, tau: str, selection: str) -> set:
    import itertools

    from dualdilemma.cartels.analysis import analyse_cartel

    context = CartelMarket(market, selection=selection)
    effective = []
    for size in range(market.num_suppliers + 1):
        for members in itertools.combinations(market.names, size):
            try:
                result = analyse_cartel(context, members, tolerance=tau, stability=False)
            except Exception:  # noqa: BLE001 - no pure reply: not effective
                continue
            if result.effective:
                effective.append(frozenset(members))
    return {tuple(sorted(s)) for s in effective if not any(e < s for e in effective)}


@pytest.mark.parametrize("selection", ["max_risk", "min_risk"])
@pytest.mark.parametrize("seed", range(16))
def test_best_reply_minimal_cartels_match_brute_force(seed: int, selection: str) -> None:
    from dualdilemma.cartels.minimal import minimal_effective_cartels

    market = _harmful_market(seed, 3 + seed % 4)
    result = minimal_effective_cartels(market, "1/5", outsiders="best_reply", selection=selection)
    assert result.complete and result.outsiders == "best_reply"
    assert {tuple(sorted(c)) for c in result.cartels} == _brute_minimal_best_reply(
        market, "1/5", selection
    )


def _harmful_market(seed: int, n: int) -> ExportMarket:
    rng = np.random.default_rng(seed)
    suppliers = [
        Supplier(
            f"S{i}",
            Fraction(int(rng.integers(2, 9)), 10),
            int(rng.integers(0, 30)),
            Fraction(int(rng.integers(0, 5)), 4),
            Fraction(int(rng.integers(0, 3)), 10),
        )
        for i in range(n)
    ]
    return ExportMarket(int(rng.integers(1, 6)), 0, 1, suppliers)


def test_best_reply_definition_differs_from_exporting_outsiders() -> None:
    """Issue 11: with outsiders that control of their own accord the two definitions part."""
    from dualdilemma.cartels.minimal import minimal_effective_cartels

    differ = smaller = 0
    for seed in range(16):
        market = _harmful_market(seed, 3 + seed % 4)
        exporting = minimal_effective_cartels(market, "1/5")
        replying = minimal_effective_cartels(market, "1/5", outsiders="best_reply")
        differ += set(exporting.cartels) != set(replying.cartels)
        if exporting.smallest_size is not None and replying.smallest_size is not None:
            smaller += replying.smallest_size < exporting.smallest_size
    assert differ >= 3 and smaller >= 1


def test_best_reply_on_a_dominant_market_is_the_weighted_voting_search() -> None:
    from dualdilemma.cartels.minimal import minimal_effective_cartels

    for seed in range(10):
        market = dominant_market(seed, 60, harm=10)
        if CartelMarket(market).export_dominant:
            break
    replying = minimal_effective_cartels(market, "1/5", outsiders="best_reply", limit=300)
    exporting = minimal_effective_cartels(market, "1/5", limit=300)
    assert replying.cartels == exporting.cartels
    assert "exact for best-replying outsiders" in replying.method
