"""The standards race (MODEL s.3): queue allocation, one symbolic source, symmetric form."""

from __future__ import annotations

import functools
import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma.errors import GameTooLargeError, InvalidParameterError, InvalidProfileError
from dualdilemma.models.export_market import ExportMarket, Supplier
from dualdilemma.models.standards_race import (
    DEFAULT_LADDER,
    StandardsRace,
    SymmetricStandardsRace,
    ladder_labels,
    validate_ladder,
)
from dualdilemma.solvers.pure_nash import pure_equilibria

F = Fraction


@pytest.mark.parametrize(
    ("ladder", "message"),
    [
        pytest.param([1], "at least 2 levels", id="one-level"),
        pytest.param([0, "1/2", "1/2", 1], "strictly increasing", id="repeated"),
        pytest.param([0, 1, "1/2"], "strictly increasing", id="decreasing"),
        pytest.param([0, "1/2"], "top level must be 1", id="no-refusal"),
        pytest.param([-1, 1], "ladder level 0 must be in [0, 1], got -1", id="negative"),
        pytest.param([0, 2], "ladder level 1 must be in [0, 1], got 2", id="above-one"),
    ],
)
def test_ladder_validation(ladder, message):
    with pytest.raises(InvalidParameterError) as info:
        validate_ladder(ladder)
    assert message in str(info.value)


def test_labels_say_export_and_control():
    assert ladder_labels(DEFAULT_LADDER) == ("export@0", "export@1/2", "control")


def three_suppliers(**kwargs) -> StandardsRace:
    return StandardsRace(
        1,
        0,
        1,
        [Supplier("A", "1/2", 1, 0), Supplier("B", "1/2", 1, 0), Supplier("C", 1, 1, 0)],
        **kwargs,
    )


@pytest.mark.parametrize(
    ("profile", "shares", "leakage"),
    [
        # A alone at the floor sells 1/2; B and C share the remaining 1/2 by capacity 1:2
        pytest.param(
            (0, 1, 1), (F(1, 2), F(1, 6), F(1, 3)), F(1, 2) + F(1, 2) * F(1, 2), id="floor-first"
        ),
        # everyone at the floor: capacity 2, shares by capacity
        pytest.param((0, 0, 0), (F(1, 4), F(1, 4), F(1, 2)), F(1), id="tie-by-capacity"),
        # C refuses: A and B at 1/2 fill exactly the needs
        pytest.param((1, 1, 2), (F(1, 2), F(1, 2), F(0)), F(1, 2), id="refuser-sells-nothing"),
        # only A sells: half the needs unmet even though C could have supplied
        pytest.param((1, 2, 2), (F(1, 2), F(0), F(0)), F(1, 4), id="unmet-needs"),
        # C at the floor covers everything: nothing left for A and B
        pytest.param((1, 1, 0), (F(0), F(0), F(1)), F(1), id="crowded-out"),
    ],
)
def test_queue_allocation_known_answers(profile, shares, leakage):
    outcome = three_suppliers().outcome(profile)
    assert outcome.shares == shares
    assert outcome.leakage == leakage
    assert outcome.risk == leakage  # p0 = 0, p1 = 1
    assert outcome.needs_met == sum(shares)


def test_zero_capacity_group_sells_nothing():
    race = StandardsRace(1, 0, 1, [Supplier("A", 0, 1, 0), Supplier("B", 1, 1, 0)])
    assert race.outcome((0, 1)).shares == (0, 1)
    assert race.game().payoffs[(0, 0, 1)] == -F(1, 2)


def test_profile_validation():
    with pytest.raises(InvalidProfileError, match="unknown action"):
        three_suppliers().outcome(("export", "control", "control"))


_fractions = st.fractions(min_value=0, max_value=2, max_denominator=6)
_unit = st.fractions(min_value=0, max_value=1, max_denominator=6)


@st.composite
def races(draw, ladder=None, min_suppliers=2, max_suppliers=3):
    count = draw(st.integers(min_suppliers, max_suppliers))
    suppliers = [
        Supplier(f"S{i}", draw(_fractions), draw(_fractions), 0, draw(_unit)) for i in range(count)
    ]
    low = draw(st.integers(0, 5))
    p0, p1 = F(low, 6), F(draw(st.integers(low, 6)), 6)
    if ladder is None:
        ladder = draw(st.sampled_from([(0, 1), (0, F(1, 2), 1), (F(1, 4), F(1, 2), F(3, 4), 1)]))
    value = draw(st.fractions(min_value=F(1, 6), max_value=5, max_denominator=6))
    return StandardsRace(value, p0, p1, suppliers, ladder)


@settings(max_examples=25, deadline=None)
@given(races(ladder=None), _unit)
def test_two_rung_ladder_is_the_export_market(race, floor):
    """With the ladder (s, 1) everyone selling screens s, exactly as in the export market."""
    race = StandardsRace(
        race.value,
        race.risk_without_supply,
        race.risk_with_supply,
        race.suppliers,
        (floor, 1) if floor < 1 else (0, 1),
    )
    floor = race.levels[0]
    market = ExportMarket(
        race.value,
        race.risk_without_supply,
        race.risk_with_supply,
        [Supplier(s.name, s.capacity, s.harm, floor, s.control_cost) for s in race.suppliers],
    )
    np.testing.assert_array_equal(race.game().payoffs, market.game().payoffs)


@settings(max_examples=20, deadline=None)
@given(races())
def test_game_outcomes_and_float_mode_agree(race):
    game = race.game()
    floats = race.game(exact=False)
    np.testing.assert_allclose(floats.payoffs, game.payoffs.astype(float), atol=1e-12)
    m = len(race.levels)
    for profile in itertools.product(range(m), repeat=race.num_suppliers):
        assert tuple(game.payoffs[(slice(None), *profile)]) == race.payoffs(profile)


def test_symbolic_game_is_the_same_source():
    race = three_suppliers(ladder=(0, "1/3", "2/3", 1))
    symbolic = race.symbolic_game()
    assert {p.name for p in symbolic.parameters} == {
        "V",
        "p0",
        "p1",
        "h_1",
        "c_1",
        "h_2",
        "c_2",
        "h_3",
        "c_3",
    }
    values = {p.name: race.parameter_values()[p.name] for p in symbolic.parameters}
    assert symbolic.substitute(values) == race.game()
    two = StandardsRace(2, "1/10", "9/10", [Supplier("A", "1/2", 1, 0), Supplier("B", 1, 2, 0)])
    with_capacities = two.symbolic_game(keep=["V", "k_1", "k_2"])
    assert with_capacities.substitute({"V": 2, "k_1": "1/2", "k_2": 1}) == two.game()
    with pytest.raises(InvalidParameterError, match="unknown parameters"):
        two.symbolic_game(keep=["s_1"])
    big = StandardsRace.symmetric(
        8, value=1, risk_without_supply=0, risk_with_supply=1, capacity=1, harm=1
    )
    with pytest.raises(GameTooLargeError):
        big.symbolic_game()


def test_ample_capacity_floor_equilibrium_and_unilateral_raise():
    """C2/C3: with ample capacity everyone at the floor is an equilibrium; a unilateral raise
    loses the sale and leaves the risk unchanged."""
    race = StandardsRace(
        1,
        0,
        1,
        [Supplier("A", 1, 5, 0), Supplier("B", 1, 1, 0), Supplier("C", "3/2", 0, 0)],
    )
    floor = (0, 0, 0)
    assert floor in [eq.pure_profile() for eq in pure_equilibria(race.game())]
    before = race.outcome(floor)
    for i in range(3):
        for level in (1, 2):
            raised = tuple(level if j == i else 0 for j in range(3))
            after = race.outcome(raised)
            assert after.shares[i] == 0 and before.shares[i] > 0
            assert after.risk == before.risk


# -- symmetric race -------------------------------------------------------------------------------
SYMMETRIC = SymmetricStandardsRace()
SYMMETRIC_GAME = SYMMETRIC.game()


@functools.cache
def _expanded(n: int):
    return SYMMETRIC_GAME.to_symbolic_game(n)


@settings(max_examples=15, deadline=None)
@given(
    st.integers(2, 3),
    st.fractions(min_value=F(1, 6), max_value=3, max_denominator=6),
    _fractions,
    _fractions,
    _unit,
)
def test_symmetric_race_matches_heterogeneous(n, value, capacity, harm, cost):
    values = {"V": value, "p0": 0, "p1": 1, "k": capacity, "h": harm, "c": cost}
    direct = SYMMETRIC.race(values | {"N": n}).game()
    np.testing.assert_array_equal(_expanded(n).substitute(values).payoffs, direct.payoffs)
    anonymous = SYMMETRIC_GAME.substitute(values | {"N": n})
    np.testing.assert_array_equal(anonymous.to_normal_form().payoffs, direct.payoffs)


def test_symmetric_race_validation_and_values():
    with pytest.raises(InvalidParameterError, match="risk_with_supply must be"):
        SymmetricStandardsRace(risk_without_supply=1, risk_with_supply=0)
    with pytest.raises(InvalidParameterError, match="missing value for 'N'"):
        SYMMETRIC.race({"V": 1, "p0": 0, "p1": 1, "k": 1, "h": 1, "c": 0})
    with pytest.raises(InvalidParameterError, match="unknown parameters"):
        SYMMETRIC.race({"V": 1, "p0": 0, "p1": 1, "k": 1, "h": 1, "c": 0, "N": 2, "z": 1})
    fixed = SymmetricStandardsRace(
        3, value=1, risk_without_supply=0, risk_with_supply=1, capacity=1, harm=1, control_cost=0
    )
    assert fixed.parameters == () and fixed.num_suppliers == 3
    assert fixed == SymmetricStandardsRace(
        3, value=1, risk_without_supply=0, risk_with_supply=1, capacity=1, harm=1, control_cost=0
    )
    # everyone at the floor with N k >= 1: risk p1 * (1 - floor) = 1
    assert fixed.risk([3, 0, 0]) == 1
    assert fixed.game().substitute({}).num_players == 3
