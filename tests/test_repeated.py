"""Repeated games: critical discount factors, punishments, finite horizons, folk theorem."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma import InvalidParameterError, InvalidProfileError, NormalFormGame
from dualdilemma.repeated import (
    RepeatedGame,
    critical_discount,
    feasible_set,
    finitely_repeated,
    folk_theorem_check,
    mixed_minmax,
    pure_minmax,
)

PD = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])


@pytest.mark.parametrize(
    ("args", "status", "value"),
    [
        pytest.param((3, 5, 1), "threshold", Fraction(1, 2), id="pd-friedman"),
        pytest.param((3, 5, 1, "1/2"), "threshold", Fraction(2, 3), id="pd-half-detection"),
        pytest.param((3, 5, 1, "1/4"), "threshold", Fraction(4, 5), id="pd-quarter-detection"),
        pytest.param((3, 3, 1), "always", 0, id="no-gain-from-deviation"),
        pytest.param((3, 2, 7), "always", 0, id="no-gain-even-if-punishment-is-better"),
        pytest.param((1, 5, 1), "never", None, id="cooperation-no-better-than-punishment"),
        pytest.param((1, 5, 3), "never", None, id="punishment-better-than-cooperation"),
    ],
)
def test_critical_discount_table(args, status, value) -> None:
    result = critical_discount(*args)
    assert result.status == status
    assert result.value == value


def test_float_inputs_stay_float() -> None:
    result = critical_discount(3.0, 5.0, 1.0)
    assert isinstance(result.value, float) and result.value == pytest.approx(0.5)


def test_symbolic_bertrand_and_cournot_closed_forms() -> None:
    n = sympy.Symbol("n", positive=True, integer=True)
    assert sympy.simplify(critical_discount(1 / n, 1, 0).value - (1 - 1 / n)) == 0
    # linear Cournot, demand 1 - Q, zero cost: collusion 1/(4n), Cournot 1/(n+1)^2,
    # best deviation (n+1)^2 / (16 n^2)
    cournot = critical_discount(1 / (4 * n), (n + 1) ** 2 / (16 * n**2), 1 / (n + 1) ** 2)
    assert sympy.simplify(cournot.value - (n + 1) ** 2 / (n**2 + 6 * n + 1)) == 0
    assert cournot.status == "symbolic"


@settings(max_examples=200, deadline=None)
@given(
    st.fractions(-10, 10),
    st.fractions(-10, 10),
    st.fractions(-10, 10),
    st.fractions(Fraction(1, 100), 1),
)
def test_threshold_is_exactly_the_indifference_point(c, d, p, beta) -> None:
    result = critical_discount(c, d, p, beta)
    if result.status != "threshold":
        assert (d <= c) or (c <= p)
        return
    delta = result.value
    assert 0 < delta < 1
    # at delta*, cooperating and deviating (with detection beta) are worth the same
    value_cooperate = c / (1 - delta)
    value_deviate = (d + delta * beta * p / (1 - delta)) / (1 - delta * (1 - beta))
    assert value_cooperate == value_deviate


@pytest.mark.parametrize("beta", [0, -0.1, 1.5, float("nan")])
def test_detection_out_of_range(beta) -> None:
    with pytest.raises(InvalidParameterError, match="detection"):
        critical_discount(3, 5, 1, beta)


@pytest.mark.parametrize("delta", [1, 1.2, -0.1])
def test_discount_out_of_range(delta) -> None:
    with pytest.raises(InvalidParameterError, match=r"discount must be in \[0, 1\)"):
        RepeatedGame(PD, discount=delta)


@pytest.mark.parametrize("punishment", ["nash", "pure_minmax", "mixed_minmax"])
def test_prisoners_dilemma_grim_trigger(punishment) -> None:
    analysis = RepeatedGame(PD, discount="0.4").grim_trigger((0, 0), punishment)
    assert analysis.overall == Fraction(1, 2)
    assert analysis.binding == (0, 1)
    assert analysis.sustainable is False
    assert RepeatedGame(PD, discount="1/2").grim_trigger((0, 0), punishment).sustainable


def test_stage_equilibrium_needs_no_patience() -> None:
    analysis = RepeatedGame(PD).grim_trigger((1, 1))
    assert analysis.status == "always" and analysis.overall == 0 and analysis.sustainable is None


def test_never_sustainable_is_reported_by_name() -> None:
    # row player's target payoff 1 is below its Nash payoff 2
    game = NormalFormGame.from_arrays([[1, 0], [3, 2]], [[5, 0], [0, 1]])
    analysis = RepeatedGame(game, discount="0.99").grim_trigger((0, 0))
    assert analysis.status == "never" and analysis.overall is None
    assert analysis.binding == (0,) and analysis.sustainable is False


def test_bad_target_profile() -> None:
    with pytest.raises(InvalidProfileError, match="target profile"):
        RepeatedGame(PD).grim_trigger((0, 2))


def test_minmax_values() -> None:
    assert pure_minmax(PD) == (1, 1)
    assert mixed_minmax(PD) == (1, 1)
    mp = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert pure_minmax(mp) == (1, 1)
    assert mixed_minmax(mp) == (0, 0)


def test_finite_prisoners_dilemma_unravels() -> None:
    result = finitely_repeated(PD, 10, (0, 0))
    assert result.unique_stage_equilibrium and result.unravels and result.periods == ()


def test_finite_game_with_two_stage_equilibria_sustains_early_cooperation() -> None:
    # Benoit & Krishna (1985)-style game: (C,C) is not an equilibrium, but the good stage
    # equilibrium (P,P) can reward compliance and the bad one (D,D) punish deviation.
    game = NormalFormGame.from_arrays(
        [[4, 0, 0], [5, 1, 0], [0, 0, 3]], [[4, 5, 0], [0, 1, 0], [0, 0, 3]]
    )
    three = finitely_repeated(game, 3, (0, 0))
    assert not three.unravels and three.periods == (1, 2)
    assert finitely_repeated(game, 1, (0, 0)).unravels


def test_folk_theorem_check() -> None:
    assert folk_theorem_check(PD, (2, 2)).sustainable_for_patient_players
    assert not folk_theorem_check(PD, (4, 4)).feasible
    below = folk_theorem_check(PD, ("1/2", 4))
    assert below.feasible and not below.individually_rational
    weights = dict(folk_theorem_check(PD, (3, 3)).weights)
    assert weights == {(0, 0): 1}


def test_feasible_set_vertices() -> None:
    hull = feasible_set(PD)
    assert hull.dimension == 2
    assert {tuple(v) for v in hull.vertices} == {(0, 5), (5, 0), (3, 3), (1, 1)}
