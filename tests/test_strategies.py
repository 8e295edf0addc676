"""The hypothesis strategies of dualdilemma.strategies draw valid objects of the regions they
promise (checked against the regions' definitions, not against the construction)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualdilemma import NormalFormGame
from dualdilemma.errors import InvalidGameError, InvalidParameterError
from dualdilemma.games.anonymous import AnonymousGame, num_count_vectors
from dualdilemma.models.export_market import EXPORT, ExportMarket
from dualdilemma.models.standards_race import StandardsRace
from dualdilemma.strategies import (
    COMMON_LADDERS,
    anonymous_games,
    capacity_paths,
    cartel_scenarios,
    discount_factors,
    enlargement_scenarios,
    exact_fractions,
    export_markets,
    ladders,
    leader_scenarios,
    mixed_profiles,
    normal_form_games,
    payoff_values,
    positive_affine_maps,
    race_scenarios,
    relabel_game,
    relabel_profile,
    relabellings,
    shock_scenarios,
    simplest,
    standards_races,
    unilateral_switches,
)

FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _unsafe(market: ExportMarket) -> list[Fraction]:
    return [s.capacity * (1 - s.safeguard) for s in market.suppliers]


# -- games ------------------------------------------------------------------------------------
@FEW
@given(normal_form_games(num_players=st.integers(1, 3), num_actions=st.integers(1, 3)))
def test_normal_form_games_fit_their_options(game: NormalFormGame) -> None:
    assert 1 <= game.num_players <= 3 and all(1 <= a <= 3 for a in game.shape)
    assert game.exact
    assert np.all(np.abs(game.payoffs.astype(float)) <= 10)


@FEW
@given(normal_form_games(num_players=2, kind="float", bound=3))
def test_float_games_are_float(game: NormalFormGame) -> None:
    assert not game.exact and np.all(np.abs(game.payoffs) <= 3)


@FEW
@given(normal_form_games(num_players=2, kind="rational", zero_sum=True))
def test_zero_sum_games_are_zero_sum(game: NormalFormGame) -> None:
    assert game.is_zero_sum()


def test_zero_sum_needs_two_players() -> None:
    with pytest.raises(InvalidParameterError, match="2 players"):
        simplest(normal_form_games(num_players=3, zero_sum=True))


def test_payoff_kind_is_checked() -> None:
    with pytest.raises(InvalidParameterError, match="unknown payoff kind"):
        payoff_values("complex")  # type: ignore[arg-type]


@FEW
@given(st.data())
def test_mixed_profiles_lie_on_the_simplex(data) -> None:
    game = data.draw(normal_form_games())
    profile = data.draw(mixed_profiles(game))
    assert [len(p) for p in profile] == list(game.shape)
    assert all(sum(p) == 1 and min(p) >= 0 for p in profile)
    game.as_profile(profile)  # validated by the game itself


@FEW
@given(anonymous_games())
def test_anonymous_games_have_one_column_per_count_vector(game: AnonymousGame) -> None:
    assert game.payoffs.shape == (
        game.num_actions,
        num_count_vectors(game.num_players - 1, game.num_actions),
    )


@FEW
@given(st.data())
def test_relabelling_preserves_payoffs_profile_by_profile(data) -> None:
    game = data.draw(normal_form_games())
    players, actions = data.draw(relabellings(game))
    renamed = relabel_game(game, players, actions)
    for index in np.ndindex(*game.shape):
        old = [[int(a == s) for a in range(n)] for s, n in zip(index, game.shape, strict=True)]
        new = relabel_profile(old, players, actions)
        new_index = tuple(row.index(1) for row in new)
        assert renamed.payoff(new_index) == tuple(game.payoff(index)[p] for p in players)
    assert renamed.strategies == tuple(
        tuple(game.strategies[players[p]][a] for a in actions[p]) for p in range(len(players))
    )


def test_relabel_game_rejects_non_permutations() -> None:
    game = NormalFormGame.from_arrays([[1, 0]], [[0, 1]])
    with pytest.raises(InvalidGameError, match="permutation"):
        relabel_game(game, [0, 0], [[0], [0, 1]])
    with pytest.raises(InvalidGameError, match="permutation"):
        relabel_game(game, [0, 1], [[0], [1, 1]])
    with pytest.raises(InvalidGameError, match="one permutation per player"):
        relabel_game(game, [0, 1], [[0]])


@FEW
@given(positive_affine_maps(3), positive_affine_maps(2, exact=False))
def test_positive_affine_maps_have_positive_scales(exact_map, float_map) -> None:
    for scale, shift in (exact_map, float_map):
        assert all(s > 0 for s in scale) and len(scale) == len(shift)


# -- numbers ----------------------------------------------------------------------------------
@FEW
@given(exact_fractions("1/3", 2, max_denominator=6, open_low=True, open_high=True))
def test_exact_fractions_respect_open_bounds(x: Fraction) -> None:
    assert Fraction(1, 3) < x < 2 and x.denominator <= 6


def test_exact_fractions_shrink_to_the_low_end_and_reject_empty_intervals() -> None:
    assert simplest(exact_fractions(2, 5)) == 2
    with pytest.raises(InvalidParameterError, match="no fraction"):
        exact_fractions("1/10", "1/9", max_denominator=4)
    with pytest.raises(InvalidParameterError, match="max_denominator"):
        exact_fractions(0, 1, max_denominator=0)


@FEW
@given(discount_factors("4/5"))
def test_discount_factors(delta: Fraction) -> None:
    assert Fraction(4, 5) <= delta < 1


# -- export markets and their regions ---------------------------------------------------------
@FEW
@given(export_markets(others_cover=True))
def test_others_cover(market: ExportMarket) -> None:
    total = sum(s.capacity for s in market.suppliers)
    assert all(total - s.capacity >= 1 for s in market.suppliers)
    assert market.exact and market.risk_exponent == 1


@FEW
@given(export_markets(risky=True, positive_capacity=True))
def test_risky_and_positive(market: ExportMarket) -> None:
    assert market.risk_with_supply > market.risk_without_supply
    assert all(s.capacity > 0 for s in market.suppliers)


@FEW
@given(export_markets(num_suppliers=st.integers(2, 5), collective_action=True))
def test_collective_action_region(market: ExportMarket) -> None:
    d = market.risk_with_supply - market.risk_without_supply
    unsafe = sum(_unsafe(market))
    scale = max(1, sum(s.capacity for s in market.suppliers))
    v = market.value
    assert 2 <= market.num_suppliers <= 5
    for s in market.suppliers:
        assert s.capacity > 0 and s.safeguard < 1 and d > 0
        assert v > s.harm * d * (1 - s.safeguard)
        assert s.harm * d * unsafe > v * s.capacity + s.control_cost * scale


@FEW
@given(standards_races(ample_capacity=True))
def test_standards_races(race: StandardsRace) -> None:
    total = sum(s.capacity for s in race.suppliers)
    assert all(total - s.capacity >= 1 for s in race.suppliers)
    assert race.levels in COMMON_LADDERS


@FEW
@given(ladders(max_levels=5))
def test_ladders(levels) -> None:
    assert levels[-1] == 1 and 2 <= len(levels) <= 5
    assert all(a < b for a, b in zip(levels, levels[1:], strict=False))


def test_ladders_need_two_levels() -> None:
    with pytest.raises(InvalidParameterError, match="max_levels"):
        simplest(ladders(max_levels=1))


@FEW
@given(unilateral_switches(others_cover=True, not_weaker=True, risky=True))
def test_switches_in_the_region_of_c3(scenario) -> None:
    market, i = scenario.market, scenario.supplier
    assert scenario.baseline[i] == EXPORT and market.suppliers[i].capacity > 0
    others = [
        s
        for j, (s, a) in enumerate(zip(market.suppliers, scenario.baseline, strict=True))
        if j != i and a == EXPORT
    ]
    capacity = sum(s.capacity for s in others)
    assert capacity >= 1
    mean = sum(s.capacity * s.safeguard for s in others) / capacity
    assert market.suppliers[i].safeguard >= mean
    assert market.risk_with_supply > market.risk_without_supply


@FEW
@given(race_scenarios(ample_capacity=True, reaches_floor=True))
def test_race_scenarios_reach_the_floor_at_the_last_size(scenario) -> None:
    values, levels = scenario.values, scenario.race.levels
    gap = max((b - a for a, b in zip(levels[:-2], levels[1:-1], strict=True)), default=1)
    margin = values["h"] * (values["p1"] - values["p0"]) * gap
    largest = scenario.sizes[-1]
    assert values["k"] >= 1 and scenario.sizes[0] == 2
    assert values["V"] * (1 - Fraction(1, largest)) > margin
    if largest > 2:  # the smallest such size
        assert not values["V"] * (1 - Fraction(1, largest - 1)) > margin


def test_race_scenarios_validate_their_options() -> None:
    with pytest.raises(InvalidParameterError, match="ample_capacity"):
        simplest(race_scenarios(reaches_floor=True))


@FEW
@given(cartel_scenarios(collective_action=True, below_stage=True))
def test_cartels_hold_enough_capacity(scenario) -> None:
    market = scenario.market
    outside = [s for s in market.suppliers if s.name not in scenario.cartel]
    everyone = sum(_unsafe(market)) / max(1, sum(s.capacity for s in market.suppliers))
    assert scenario.cartel and set(scenario.cartel) <= set(market.names)
    assert sum(s.capacity * (1 - s.safeguard) for s in outside) <= scenario.tolerance
    assert scenario.tolerance < everyone
    assert 0 <= scenario.discount < 1


@FEW
@given(leader_scenarios(discount=discount_factors("1/2")))
def test_leader_has_the_highest_harm(scenario) -> None:
    harms = {s.name: s.harm for s in scenario.market.suppliers}
    assert harms[scenario.leader] == max(harms.values())
    assert scenario.discount >= Fraction(1, 2)


@FEW
@given(st.data())
def test_capacity_paths(data) -> None:
    start = {"A": Fraction(1, 2), "B": 0}
    growing = data.draw(capacity_paths(start, 4))
    assert {k: p[0] for k, p in growing.items()} == start
    assert all(len(p) == 4 and list(p) == sorted(p) for p in growing.values())
    anyway = data.draw(capacity_paths(start, 3, growing=False))
    assert all(min(p) >= 0 for p in anyway.values())


def test_capacity_paths_need_a_period() -> None:
    with pytest.raises(InvalidParameterError, match="periods"):
        simplest(capacity_paths({"A": 1}, 0))


@FEW
@given(enlargement_scenarios())
def test_enlargement_paths_start_at_the_market(scenario) -> None:
    capacity = {s.name: s.capacity for s in scenario.market.suppliers}
    assert scenario.capacity_paths
    for name, path in scenario.capacity_paths.items():
        assert path[0] == capacity[name] and list(path) == sorted(path)
        assert len(path) == len(scenario.years)


@settings(max_examples=10, deadline=None)
@given(shock_scenarios(rare_changes=True, quiet_start=True))
def test_shock_scenarios_with_rare_changes(scenario) -> None:
    assert scenario.dynamics.initial_attention == 0
    assert scenario.dynamics.shock_base >= 0.05
    lengths = {len(p) for p in scenario.capacity_paths.values()}
    assert len(lengths) == 1 and 12 <= lengths.pop() <= 16
    for path in scenario.capacity_paths.values():
        assert sum(a != b for a, b in zip(path, path[1:], strict=False)) <= 1


def test_scenarios_store_exact_numbers_and_serialise() -> None:
    import json

    scenario = simplest(cartel_scenarios())
    assert isinstance(scenario.tolerance, Fraction) and isinstance(scenario.discount, Fraction)
    json.dumps(scenario.to_dict())
    shock = simplest(shock_scenarios())
    json.dumps(shock.to_dict())


def test_minimal_examples_are_deterministic() -> None:
    first = simplest(export_markets(collective_action=True))
    second = simplest(export_markets(collective_action=True))
    assert first.to_dict() == second.to_dict()
    assert math.isclose(float(first.value), 1.0)


@settings(max_examples=25, deadline=None)
@given(
    market=st.one_of(
        export_markets(scarce=True), export_markets(scarce=True, collective_action=True)
    )
)
def test_scarce_markets_hold_at_most_the_buyers_needs(market) -> None:
    assert sum(s.capacity for s in market.suppliers) <= 1


def test_scarce_excludes_others_cover() -> None:
    with pytest.raises(InvalidParameterError, match="scarce and others_cover"):
        simplest(export_markets(scarce=True, others_cover=True))
