"""The exact cartel search against examining every cartel, on small markets."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from dualdilemma.cartels import sustainable
from dualdilemma.cartels.analysis import CartelMarket
from dualdilemma.cartels.search import export_dominant
from dualdilemma.models.export_market import CONTROL, ExportMarket, Supplier


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


# -- markets where some supplier may control of its own accord (issue 12) --------------------------
def _mixed_cases() -> list[tuple[int, int]]:
    return [(seed, 4 + seed % 4) for seed in range(32)]


@pytest.mark.parametrize(("seed", "n"), _mixed_cases())
@pytest.mark.parametrize("discount", ["1/2", "9/10"])
def test_exact_search_with_free_controllers_equals_examining_every_cartel(
    seed, n, discount, monkeypatch
) -> None:
    market = _harmful_market(seed, n)
    options = {"tolerance": "1/5", "discount": discount}
    every = sustainable.smallest_sustainable_cartel(CartelMarket(market), **options)
    monkeypatch.setattr(sustainable, "EXHAUSTIVE_SUPPLIERS", 0)
    searched = sustainable.smallest_sustainable_cartel(CartelMarket(market), **options)
    assert searched.complete
    assert searched.cartel == every.cartel


def test_the_free_controller_comparison_is_not_vacuous() -> None:
    """Most draws have suppliers free to control, and the answers vary."""
    free = found = none = 0
    for seed, n in _mixed_cases()[::2]:
        context = CartelMarket(_harmful_market(seed, n))
        free += not context.export_dominant
        result = sustainable.smallest_sustainable_cartel(context, tolerance="1/5", discount="1/2")
        found += result.cartel is not None
        none += result.cartel is None
    assert free >= 10
    assert found >= 5 and none >= 2


@pytest.mark.parametrize("seed", range(12))
def test_free_to_control_is_a_proof(seed: int) -> None:
    """A supplier marked unable to control strictly prefers exporting at every profile."""
    import itertools

    from dualdilemma.cartels.search import may_control
    from dualdilemma.models.export_market import CONTROL, EXPORT

    market = _harmful_market(seed, 3 + seed % 5) if seed % 2 else dominant_market(seed, 6)
    mask = may_control(market)
    n = market.num_suppliers
    for profile in itertools.product((EXPORT, CONTROL), repeat=n):
        for j in np.flatnonzero(~mask):
            exporting = tuple(EXPORT if i == j else a for i, a in enumerate(profile))
            controlling = tuple(CONTROL if i == j else a for i, a in enumerate(profile))
            gain = (
                market.outcome(exporting, exact=True).payoffs[j]
                - market.outcome(controlling, exact=True).payoffs[j]
            )
            assert gain > 0, (market.names[j], profile)


@pytest.mark.parametrize("seed", range(16))
def test_suppliers_proved_unable_to_hold_hold_in_no_effective_cartel(seed: int) -> None:
    """never_hold's proof against every cartel of a small market."""
    import itertools

    from dualdilemma.cartels.analysis import analyse_cartel
    from dualdilemma.cartels.search import never_hold

    market = dominant_market(seed, 7, harm=40) if seed % 2 else _harmful_market(seed, 6)
    context = CartelMarket(market)
    discount, detection, tau = Fraction(1, 2), Fraction(4, 5), Fraction(1, 5)
    punish = context.punishments("nash")
    never = never_hold(market, tolerance=tau, discount=discount, detection=detection, punish=punish)
    for size in range(1, market.num_suppliers + 1):
        for members in itertools.combinations(range(market.num_suppliers), size):
            if not any(never[i] for i in members):
                continue
            result = analyse_cartel(
                context,
                members,
                tolerance=tau,
                discount=discount,
                detection=detection,
                stability=False,
            )
            if not result.effective:
                continue
            for name, critical in result.critical_discounts:
                i = market.names.index(name)
                if never[i]:
                    holds = critical.status == "always" or (
                        critical.status == "threshold" and critical.value <= discount
                    )
                    assert not holds, (name, members)


def test_the_never_hold_proof_is_not_vacuous() -> None:
    from dualdilemma.cartels.search import never_hold

    proved = 0
    for seed in range(16):
        market = dominant_market(seed, 7, harm=40) if seed % 2 else _harmful_market(seed, 6)
        punish = CartelMarket(market).punishments("nash")
        proved += int(
            never_hold(
                market, tolerance="1/5", discount="1/2", detection="4/5", punish=punish
            ).sum()
        )
    assert proved >= 5


@pytest.mark.parametrize("name", ["australia-group-today", "nsg-today", "mtcr-today"])
def test_todays_regimes_are_searched_completely(name: str) -> None:
    from dualdilemma.scenarios import load_scenario

    scenario = load_scenario(name)
    context = CartelMarket(scenario.market, selection=scenario.selection)
    result = sustainable.smallest_sustainable_cartel(
        context,
        tolerance=scenario.tolerance,
        discount=scenario.discount,
        detection=scenario.detection,
        punishment=scenario.punishment,
        time_limit=None,
    )
    assert result.complete
    assert "no enumeration of 2^" in result.reason


def careful_market(n: int, seed: int) -> ExportMarket:
    """``n`` heterogeneous suppliers, two of them small and so harm-averse that they would
    control on their own (so exporting is not dominant)."""
    rng = np.random.default_rng(seed)
    suppliers = [
        Supplier(
            f"S{i}",
            Fraction(int(rng.integers(2, 60)), 100),
            int(rng.integers(0, 12)),
            Fraction(int(rng.integers(0, 10)), 10),
        )
        for i in range(n)
    ]
    suppliers[0] = Supplier("Careful0", "1/50", 400, "1/2")
    suppliers[1] = Supplier("Careful1", "1/50", 400, "1/2")
    return ExportMarket(10, "1/10", "9/10", suppliers)


def test_forty_eight_suppliers_with_free_controllers_are_searched_exactly() -> None:
    market = careful_market(48, 7)
    context = CartelMarket(market)
    assert not context.export_dominant
    result = sustainable.smallest_sustainable_cartel(
        context, tolerance="1/5", discount="19/20", detection="4/5"
    )
    assert result.complete, result.reason
    assert "may control of" in result.reason


# -- minimal effective cartels with best-replying outsiders, searched (issue 12) -------------------
def _best_reply_cases() -> list[tuple[int, str]]:
    return [(seed, tau) for seed in range(14) for tau in ("1/10", "2/5")]


def _searched_minimal(monkeypatch, market: ExportMarket, tau: str, **options):
    from dualdilemma.cartels import minimal

    monkeypatch.setattr(minimal, "BEST_REPLY_EXHAUSTIVE", 0)
    return minimal.minimal_effective_cartels(market, tau, outsiders="best_reply", **options)


@pytest.mark.parametrize(("seed", "tau"), _best_reply_cases())
@pytest.mark.parametrize("selection", ["max_risk", "min_risk"])
def test_best_reply_search_matches_brute_force(seed, tau, selection, monkeypatch) -> None:
    market = _harmful_market(seed, 3 + seed % 5) if seed % 2 else dominant_market(seed, 6, 60)
    searched = _searched_minimal(monkeypatch, market, tau, selection=selection)
    assert searched.complete, searched.method
    assert "exact for best-replying" in searched.method or "exact search by size" in (
        searched.method
    )
    assert {tuple(sorted(c)) for c in searched.cartels} == _brute_minimal_best_reply(
        market, tau, selection
    )
    sizes = [len(c) for c in searched.cartels]
    assert sizes == sorted(sizes)


def test_the_best_reply_search_comparison_is_not_vacuous() -> None:
    """The draws are mostly not export-dominant, and their minimal cartels vary (the empty
    cartel, single suppliers, larger groups) and often differ from exporting outsiders'."""
    from dualdilemma.cartels.minimal import minimal_effective_cartels

    free = empty = larger = differ = 0
    for seed, tau in _best_reply_cases():
        market = _harmful_market(seed, 3 + seed % 5) if seed % 2 else dominant_market(seed, 6, 60)
        free += not CartelMarket(market).export_dominant
        found = minimal_effective_cartels(market, tau, outsiders="best_reply").cartels
        empty += found == ((),)
        larger += any(len(c) >= 2 for c in found)
        differ += set(found) != set(minimal_effective_cartels(market, tau).cartels)
    assert free >= 20
    assert empty >= 2 and larger >= 5 and differ >= 5


@pytest.mark.parametrize("seed", range(8))
def test_best_reply_search_keeps_required_members(seed, monkeypatch) -> None:
    from dualdilemma.cartels.minimal import minimal_effective_cartels

    market = _harmful_market(seed, 5 + seed % 3)
    required = [market.names[-1]]
    every = minimal_effective_cartels(market, "1/5", outsiders="best_reply", required=required)
    searched = _searched_minimal(monkeypatch, market, "1/5", required=required)
    assert searched.complete and set(searched.cartels) == set(every.cartels)
    assert all(required[0] in c for c in searched.cartels)


def test_best_reply_minimal_cartels_of_forty_suppliers_with_free_controllers() -> None:
    """Each cartel found is effective, and no proper subset of it is (checked outright)."""
    import itertools

    from dualdilemma.cartels.analysis import analyse_cartel
    from dualdilemma.cartels.minimal import minimal_effective_cartels

    market = careful_market(40, 11)
    context = CartelMarket(market)
    assert not context.export_dominant
    result = minimal_effective_cartels(context, "2/5", outsiders="best_reply", limit=50)
    assert "exact search by size" in result.method
    assert result.cartels and len(result.cartels) <= 50
    checked = 0
    assert result.smallest_size == 8
    for cartel in result.cartels[:3]:
        assert analyse_cartel(context, cartel, tolerance="2/5", stability=False).effective
        for size in range(len(cartel)):
            for subset in itertools.combinations(cartel, size):
                analysis = analyse_cartel(context, subset, tolerance="2/5", stability=False)
                assert not analysis.effective, subset
                checked += 1
    assert checked == 3 * (2**8 - 1)


def test_best_reply_search_says_when_it_stops() -> None:
    from dualdilemma.cartels.minimal import minimal_effective_cartels

    market = careful_market(40, 11)
    stopped = minimal_effective_cartels(market, "1/10", outsiders="best_reply", time_limit=0)
    assert not stopped.complete and "time limit of 0 s reached" in stopped.method
    capped = minimal_effective_cartels(market, "1/10", outsiders="best_reply", limit=1)
    assert not capped.complete and "limit of 1 cartels reached" in capped.method
    assert len(capped.cartels) == 1


def test_the_weighted_voting_listing_stops_at_its_time_limit_and_counts() -> None:
    """60 small suppliers at a lax tolerance: millions of minimal cartels and far more sets on
    the way; the listing stops at its time limit, says so, and the count is still exact."""
    from dualdilemma.cartels.minimal import minimal_effective_cartels

    rng = np.random.default_rng(3)
    suppliers = [
        Supplier(
            f"S{i}",
            Fraction(int(rng.integers(2, 30)), 100),
            1,
            Fraction(int(rng.integers(0, 10)), 10),
        )
        for i in range(60)
    ]
    market = ExportMarket(10, "1/10", "9/10", suppliers)
    result = minimal_effective_cartels(market, "1/2", limit=10**6, time_limit=0.5)
    assert not result.complete and "time limit of 0.5 s reached" in result.method
    assert result.count is not None and result.count > len(result.cartels)
    assert result.count_method != "listed"
    assert sum(number for _, number in result.count_by_size) == result.count


@pytest.mark.parametrize("seed", range(6))
def test_outsiders_games_fix_the_suppliers_proved_never_to_control(seed: int) -> None:
    """The cartel analysis solves only the outsiders free to control; the equilibria are
    those of the whole outsiders' game (several equilibria in some draws)."""
    from dualdilemma.solvers.aggregative_pure import aggregative_pure_equilibria

    market = _harmful_market(seed, 16) if seed % 2 else careful_market(20, seed)
    context = CartelMarket(market)
    assert 0 < int(context.free_to_control.sum()) < market.num_suppliers
    rng = np.random.default_rng(seed)
    several = 0
    for _ in range(12):
        members = frozenset(int(i) for i in np.flatnonzero(rng.random(market.num_suppliers) < 0.3))
        whole = aggregative_pure_equilibria(market, fixed={i: CONTROL for i in members})
        response = context.outsider_response(members)
        assert whole.complete and response.complete
        assert list(response.equilibria) == [eq.pure_profile() for eq in whole]
        several += len(whole) > 1
    if seed % 2:  # the harm-averse draws have outsiders' games with several equilibria
        assert several >= 1
