"""Cartels of the export market: effectiveness, self-enforcement, stability, minimal cartels."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy

from dualdilemma import InvalidParameterError
from dualdilemma.cartels.analysis import CartelMarket, analyse_cartel
from dualdilemma.cartels.enlargement import enlargement_path
from dualdilemma.cartels.minimal import minimal_effective_cartels
from dualdilemma.cartels.sizes import cartel_size_conditions, cartel_sizes
from dualdilemma.cartels.sustainable import smallest_sustainable_cartel
from dualdilemma.models.export_market import (
    CONTROL,
    EXPORT,
    ExportMarket,
    Supplier,
    SymmetricExportMarket,
)
from dualdilemma.repeated import critical_discount


def _market(seed: int, n: int) -> ExportMarket:
    rng = np.random.default_rng(seed)
    suppliers = [
        Supplier(
            f"S{i}",
            Fraction(int(rng.integers(1, 8)), 10),
            int(rng.integers(0, 30)),
            Fraction(int(rng.integers(0, 5)), 4),
            Fraction(int(rng.integers(0, 3)), 2),
        )
        for i in range(n)
    ]
    return ExportMarket(10, Fraction(1, 20), Fraction(9, 10), suppliers)


THREE = ExportMarket(
    10,
    0,
    1,
    [Supplier("A", "1/2", 20, "1/2"), Supplier("B", "1/2", 20, "1/2"), Supplier("C", "1/10", 1, 0)],
)


def test_cartel_outcome_comes_from_the_model() -> None:
    result = analyse_cartel(THREE, ["A", "B"], tolerance="1/10", discount="9/10")
    profile = (CONTROL, CONTROL, EXPORT)
    assert result.response.selected == profile
    assert result.leakage == THREE.leakage(profile) == Fraction(1, 10)
    assert result.effective
    # each member's delta* from the model's own payoffs
    stage_all_export = THREE.payoffs((EXPORT, EXPORT, EXPORT))
    for i, (name, cd) in enumerate(result.critical_discounts):
        deviation = list(profile)
        deviation[i] = EXPORT
        cooperate = THREE.payoffs(profile)[i]
        deviate = max(cooperate, THREE.payoffs(tuple(deviation))[i])
        context = CartelMarket(THREE)
        punish = context.punishments("nash")[i]
        assert cd == critical_discount(cooperate, deviate, punish)
        assert name == "AB"[i]
    assert result.critical_discount == max(cd.value for _, cd in result.critical_discounts)
    assert stage_all_export  # the market has a stage game to revert to


def test_strictness_of_effectiveness_at_the_tolerance() -> None:
    assert analyse_cartel(THREE, ["A", "B"], tolerance="1/10").effective
    assert not analyse_cartel(THREE, ["A", "B"], tolerance="99/1000").effective


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"cartel": ["A", "Z"]}, "unknown supplier 'Z'", id="unknown-supplier"),
        pytest.param({"tolerance": "3/2"}, r"tolerance must be in \[0, 1\]", id="tolerance"),
        pytest.param({"discount": 1}, r"discount must be in \[0, 1\)", id="discount"),
        pytest.param({"detection": 0}, r"detection must be in \(0, 1\]", id="detection"),
        pytest.param({"measure": "harm"}, "measure must be", id="measure"),
    ],
)
def test_bad_cartel_arguments(kwargs, message) -> None:
    arguments = {"cartel": ["A"], **kwargs}
    cartel = arguments.pop("cartel")
    with pytest.raises(InvalidParameterError, match=message):
        analyse_cartel(THREE, cartel, **arguments)


def _brute_force_minimal(market: ExportMarket, tau: Fraction) -> set[tuple[str, ...]]:
    n = market.num_suppliers

    def effective(members: frozenset[int]) -> bool:
        profile = tuple(CONTROL if j in members else EXPORT for j in range(n))
        return market.leakage(profile, exact=True) <= tau

    cache = {}
    for size in range(n + 1):
        for members in itertools.combinations(range(n), size):
            cache[frozenset(members)] = effective(frozenset(members))
    found = set()
    for members, ok in cache.items():
        proper = (
            frozenset(sub)
            for size in range(len(members))
            for sub in itertools.combinations(sorted(members), size)
        )
        if ok and not any(cache[sub] for sub in proper):
            found.add(tuple(market.names[j] for j in sorted(members)))
    return found


@pytest.mark.parametrize("seed", range(40))
def test_minimal_effective_cartels_match_brute_force(seed: int) -> None:
    market = _market(seed, 3 + seed % 5)
    tau = Fraction(seed % 4 + 1, 10)
    result = minimal_effective_cartels(market, tau)
    assert result.complete
    assert set(result.cartels) == _brute_force_minimal(market, tau)
    if result.cartels:
        assert result.smallest_size == min(len(c) for c in result.cartels)
        sizes = [len(c) for c in result.cartels]
        assert sizes == sorted(sizes)


def test_required_members_are_in_every_cartel() -> None:
    market = _market(3, 6)
    result = minimal_effective_cartels(market, "1/10", required=["S0"])
    assert result.cartels and all("S0" in c for c in result.cartels)
    with pytest.raises(InvalidParameterError, match="required member 'X'"):
        minimal_effective_cartels(market, "1/10", required=["X"])


def test_sixty_suppliers_without_enumerating_subsets() -> None:
    market = _market(7, 60)
    result = minimal_effective_cartels(market, "1/10", limit=200)
    assert result.cartels
    # a cardinality minimum: taking the largest unsafeguarded capacities is optimal
    assert result.smallest_size <= min(len(c) for c in result.cartels)
    assert result.nodes < 10**6


def test_limit_is_reported() -> None:
    market = ExportMarket(10, 0, 1, [Supplier(f"S{i}", "1/4", 1, 0) for i in range(10)])
    result = minimal_effective_cartels(market, "1/4", limit=5)
    assert len(result.cartels) == 5 and not result.complete


def test_limit_is_not_overshot_by_the_last_nodes_children() -> None:
    # the limit was reached while the node had children still to push: they were pushed and
    # searched, and 51 cartels came back for a limit of 50
    rng = np.random.default_rng(1)
    suppliers = [
        Supplier(
            f"S{i}",
            Fraction(int(rng.integers(2, 30)), 100),
            int(rng.integers(6, 12)),
            Fraction(int(rng.integers(3, 10)), 10),
        )
        for i in range(25)
    ]
    market = ExportMarket(10, "1/10", "9/10", suppliers)
    for limit in (1, 50, 200):
        result = minimal_effective_cartels(market, "1/4", limit=limit)
        assert len(result.cartels) == limit and not result.complete


@pytest.mark.parametrize("seed", range(12))
def test_smallest_sustainable_cartel_matches_brute_force(seed: int) -> None:
    market = _market(100 + seed, 4 + seed % 2)
    context = CartelMarket(market)
    tau, delta = Fraction(1, 5), Fraction(4, 5)
    found = smallest_sustainable_cartel(context, tolerance=tau, discount=delta)
    best = None
    for size in range(1, market.num_suppliers + 1):
        candidates = []
        for members in itertools.combinations(market.names, size):
            analysis = analyse_cartel(context, members, tolerance=tau, discount=delta)
            if analysis.effective and analysis.self_enforcing:
                candidates.append(members)
        if candidates:
            best = candidates
            break
    if best is None:
        assert found.cartel is None
    else:
        assert found.cartel is not None and len(found.cartel) == len(best[0])
        assert found.cartel in best


def test_stability_tie_convention_is_explicit() -> None:
    # A has no capacity: as an exporter it sells nothing, so leaving changes nothing (a tie)
    market = ExportMarket(10, 0, 1, [Supplier("A", 0, 1, 0, 0), Supplier("B", 1, 1, 0, 0)])
    tie_stable = analyse_cartel(market, ["A"], tolerance=1, ties_stable=True)
    tie_unstable = analyse_cartel(market, ["A"], tolerance=1, ties_stable=False)
    assert tie_stable.ties_stable and not tie_unstable.ties_stable
    assert tie_stable.internally_stable
    assert not tie_unstable.internally_stable


SYMMETRIC = SymmetricExportMarket(
    5,
    value=10,
    risk_without_supply=0,
    risk_with_supply=1,
    capacity="1/2",
    harm=8,
    safeguard=0,
    control_cost=0,
)


def test_symmetric_sizes_agree_with_heterogeneous_analysis() -> None:
    rows = cartel_sizes(SYMMETRIC, tolerance="1/2", discount="9/10")
    market = SYMMETRIC.market()
    context = CartelMarket(market)
    for row in rows:
        members = market.names[: row.size]
        analysis = analyse_cartel(context, members, tolerance="1/2", discount="9/10")
        assert row.effective == analysis.effective
        assert row.leakage == analysis.leakage
        assert row.critical_discount.value == analysis.critical_discount


def test_symbolic_size_conditions_match_the_table() -> None:
    conditions = cartel_size_conditions(
        SYMMETRIC.__class__(
            value=10,
            risk_without_supply=0,
            risk_with_supply=1,
            capacity="1/2",
            harm=8,
            safeguard=0,
            control_cost=0,
        ),
        tolerance="1/2",
    )
    n_symbol = sympy.Symbol("N", integer=True, positive=True)
    n_symbol = next(s for s in conditions.effective.free_symbols if s.name == "N")
    for row in cartel_sizes(SYMMETRIC, tolerance="1/2"):
        env = {n_symbol: 5, conditions.size: row.size}
        assert bool(conditions.effective.subs(env)) == row.effective
        if row.critical_discount.status == "threshold":
            assert conditions.critical_discount.value.subs(env) == row.critical_discount.value


def test_enlargement_validates_paths() -> None:
    with pytest.raises(InvalidParameterError, match="same length"):
        enlargement_path(THREE, {"A": [1, 1], "C": [1]}, discount="1/2")
    with pytest.raises(InvalidParameterError, match="unknown supplier 'Z'"):
        enlargement_path(THREE, {"Z": [1]}, discount="1/2")
    with pytest.raises(InvalidParameterError, match="years has length 3"):
        enlargement_path(THREE, {"C": ["1/10", "1/5"]}, years=[1, 2, 3], discount="1/2")


def test_enlargement_brings_in_growing_supplier() -> None:
    market = ExportMarket(
        10,
        0,
        1,
        [
            Supplier("Leader", "9/10", 30, "1/2"),
            Supplier("Emerging", "1/20", 5, 0),
            Supplier("Fringe", "1/20", 5, 0),
        ],
    )
    path = enlargement_path(
        market,
        {"Emerging": ["1/20", "1/5", "2/5"]},
        years=[1975, 1985, 1995],
        tolerance="1/10",
        discount="9/10",
    )
    assert path.members[0] == ("Leader",)
    assert path.breakdown_year == 1985
    assert path.order == ("Leader", "Emerging", "Fringe")
    assert dict(path.accession)["Emerging"] == 1995


# -- regression: enlargement decides its first year like smallest_sustainable_cartel (issue 11) ----
MINMAX_MARKET = ExportMarket(
    10,
    Fraction(1, 20),
    Fraction(9, 10),
    [
        Supplier("S0", "3/5", 28, 1, "1/2"),
        Supplier("S1", "7/10", 29, 1, 0),
        Supplier("S2", "2/5", 18, "1/4", "1/2"),
    ],
)


def test_enlargement_uses_the_punishment_it_is_given() -> None:
    options = {"tolerance": "1/10", "discount": "9/10", "punishment": "minmax"}
    smallest = smallest_sustainable_cartel(MINMAX_MARKET, **options)
    assert smallest.cartel == ("S0",)
    path = enlargement_path(MINMAX_MARKET, {"S0": ["3/5"]}, **options)
    assert path.members == (("S0",),)
    assert path.breakdown_year is None
    # under stage-Nash punishment the answer differs, so the option is not vacuous
    nash = smallest_sustainable_cartel(MINMAX_MARKET, tolerance="1/10", discount="9/10")
    assert nash.cartel != smallest.cartel


@pytest.mark.parametrize("selection", ["max_risk", "min_risk"])
@pytest.mark.parametrize("punishment", ["nash", "minmax"])
@pytest.mark.parametrize("seed", range(12))
def test_enlargement_first_year_is_the_smallest_sustainable_cartel(
    seed: int, punishment: str, selection: str
) -> None:
    market = _market(seed, 3 + seed % 3)
    options = {"tolerance": "1/10", "discount": "9/10", "punishment": punishment}
    context = CartelMarket(market, selection=selection)
    try:
        smallest = smallest_sustainable_cartel(context, **options)
    except InvalidParameterError:
        return  # an outsiders' game without a pure equilibrium: nothing to compare
    first = market.names[0]
    path = enlargement_path(
        market, {first: [market.suppliers[0].capacity]}, selection=selection, **options
    )
    assert path.members[0] == (smallest.cartel or ())
    assert (path.breakdown_year is None) == (smallest.cartel is not None)
