"""The export market (MODEL s.2): validation, one symbolic source, exact and vectorised games."""

from __future__ import annotations

import functools
import itertools
import json
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma.errors import (
    GameTooLargeError,
    InvalidParameterError,
    InvalidProfileError,
)
from dualdilemma.models.export_market import (
    ACTIONS,
    CONTROL,
    EXPORT,
    MAX_SYMBOLIC_SUPPLIERS,
    ExportMarket,
    Supplier,
    SymmetricExportMarket,
)
from dualdilemma.solvers.pure_nash import pure_equilibria

F = Fraction


def two_suppliers(**market) -> ExportMarket:
    defaults = {"value": 10, "risk_without_supply": "1/10", "risk_with_supply": "9/10"}
    defaults.update(market)
    return ExportMarket(
        defaults["value"],
        defaults["risk_without_supply"],
        defaults["risk_with_supply"],
        [Supplier("A", "1/2", 3, "9/10", "1/10"), Supplier("B", 1, 1, "1/5")],
    )


# -- validation -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("build", "message"),
    [
        pytest.param(
            lambda: Supplier("A", -1, 1, 0),
            "capacity of supplier 'A' must be in [0, inf)",
            id="negative-capacity",
        ),
        pytest.param(
            lambda: Supplier("A", 1, 1, "3/2"),
            "safeguard of supplier 'A' must be in [0, 1]",
            id="safeguard-above-one",
        ),
        pytest.param(
            lambda: Supplier("A", 1, 1, -0.1),
            "safeguard of supplier 'A' must be in [0, 1]",
            id="safeguard-negative",
        ),
        pytest.param(
            lambda: Supplier("A", 1, -2, 0),
            "harm of supplier 'A' must be in [0, inf)",
            id="negative-harm",
        ),
        pytest.param(
            lambda: Supplier("A", 1, 1, 0, -1),
            "control_cost of supplier 'A' must be in",
            id="negative-cost",
        ),
        pytest.param(lambda: Supplier("", 1, 1, 0), "non-empty string", id="empty-name"),
        pytest.param(
            lambda: ExportMarket(1, "1/2", "1/4", [Supplier("A", 1, 1, 0), Supplier("B", 1, 1, 0)]),
            "risk_with_supply must be in [risk_without_supply, 1] = [1/2, 1], got 1/4",
            id="risk-with-below-without",
        ),
        pytest.param(
            lambda: ExportMarket(1, 0, 2, [Supplier("A", 1, 1, 0), Supplier("B", 1, 1, 0)]),
            "risk_with_supply must be in [0, 1], got 2",
            id="risk-above-one",
        ),
        pytest.param(
            lambda: ExportMarket(0, 0, 1, [Supplier("A", 1, 1, 0), Supplier("B", 1, 1, 0)]),
            "value must be in (0, inf), got 0",
            id="zero-value",
        ),
        pytest.param(
            lambda: ExportMarket(1, 0, 1, [Supplier("A", 1, 1, 0)]),
            "at least 2 suppliers (allowed: integers >= 2), got 1",
            id="one-supplier",
        ),
        pytest.param(
            lambda: ExportMarket(1, 0, 1, [Supplier("A", 1, 1, 0), Supplier("A", 2, 1, 0)]),
            "duplicate supplier names ['A']",
            id="duplicate-names",
        ),
        pytest.param(
            lambda: ExportMarket(
                1, 0, 1, [Supplier("A", 1, 1, 0), Supplier("B", 1, 1, 0)], risk_exponent=0
            ),
            "risk_exponent must be in (0, inf), got 0",
            id="zero-exponent",
        ),
        pytest.param(
            lambda: ExportMarket(1, 0, 1, [Supplier("A", 1, 1, 0), {"name": "B", "size": 1}]),
            "bad supplier description",
            id="bad-mapping",
        ),
        pytest.param(
            lambda: ExportMarket.symmetric(
                1,
                value=1,
                risk_without_supply=0,
                risk_with_supply=1,
                capacity=1,
                harm=1,
                safeguard=0,
            ),
            "integers >= 2, got 1",
            id="symmetric-one",
        ),
        pytest.param(
            lambda: SymmetricExportMarket(risk_without_supply="1/2", risk_with_supply="1/3"),
            "risk_with_supply must be in [risk_without_supply, 1]",
            id="symmetric-risks",
        ),
        pytest.param(
            lambda: SymmetricExportMarket(safeguard=2),
            "safeguard must be in [0, 1], got 2",
            id="symmetric-safeguard",
        ),
    ],
)
def test_bad_parameters_raise_typed_errors_naming_parameter_and_range(build, message):
    with pytest.raises(InvalidParameterError) as info:
        build()
    assert message in str(info.value)


def test_profiles_are_validated():
    market = two_suppliers()
    with pytest.raises(InvalidProfileError, match="one action per supplier"):
        market.risk((0,))
    with pytest.raises(InvalidProfileError, match="unknown action 'sell'"):
        market.risk(("sell", "export"))
    with pytest.raises(InvalidProfileError, match="out of range"):
        market.risk((0, 2))
    assert market.risk(("export", "control")) == market.risk((EXPORT, CONTROL))


# -- known answers --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("profile", "needs", "shares", "leakage", "risk"),
    [
        # K_E = 3/2: shares 1/3 and 2/3, leakage (1/2*1/10 + 1*4/5)/(3/2) = 17/30
        pytest.param(
            (0, 0),
            F(1),
            (F(1, 3), F(2, 3)),
            F(17, 30),
            F(1, 10) + F(4, 5) * F(17, 30),
            id="both-export",
        ),
        # A alone: K_E = 1/2, Q = 1/2, share 1/2, leakage 1/2 * 1/10
        pytest.param(
            (0, 1), F(1, 2), (F(1, 2), F(0)), F(1, 20), F(1, 10) + F(4, 5) * F(1, 20), id="A-alone"
        ),
        pytest.param(
            (1, 0), F(1), (F(0), F(1)), F(4, 5), F(1, 10) + F(4, 5) * F(4, 5), id="B-alone"
        ),
        pytest.param((1, 1), F(0), (F(0), F(0)), F(0), F(1, 10), id="no-supply"),
    ],
)
def test_outcomes_known_answers(profile, needs, shares, leakage, risk):
    outcome = two_suppliers().outcome(profile)
    assert outcome.needs_met == needs
    assert outcome.shares == shares
    assert outcome.leakage == leakage
    assert outcome.risk == risk
    a_payoff = 10 * shares[0] - 3 * risk - (F(1, 10) if profile[0] == CONTROL else 0)
    assert outcome.payoffs[0] == a_payoff
    json.dumps(outcome.to_dict())


def test_float_outcome_matches_exact():
    market = two_suppliers()
    for profile in itertools.product(range(2), repeat=2):
        exact = market.outcome(profile)
        floats = market.outcome(profile, exact=False)
        assert not floats.exact
        assert floats.risk == pytest.approx(float(exact.risk))
        np.testing.assert_allclose(floats.payoffs, [float(u) for u in exact.payoffs])


def test_zero_capacity_market_has_no_supply():
    market = ExportMarket(1, "1/5", 1, [Supplier("A", 0, 1, 0), Supplier("B", 0, 1, 0)])
    outcome = market.outcome((0, 0))
    assert outcome.shares == (0, 0) and outcome.risk == F(1, 5) and outcome.needs_met == 0
    game = market.game()
    assert game.payoffs[(0, 0, 0)] == -F(1, 5)


def test_risk_exponent_changes_the_shape():
    base = two_suppliers()
    squared = ExportMarket(10, "1/10", "9/10", list(base.suppliers), risk_exponent=2)
    assert squared.risk((1, 0)) == F(1, 10) + F(4, 5) * F(4, 5) ** 2
    with pytest.raises(InvalidParameterError, match="use exact=False"):
        ExportMarket(10, 0, 1, list(base.suppliers), risk_exponent="1/2").game()
    root = ExportMarket(10, 0, 1, list(base.suppliers), risk_exponent="1/2")
    assert root.risk((1, 0), exact=False) == pytest.approx(0.8**0.5)


# -- one source of truth --------------------------------------------------------------------------
def test_symbolic_game_substituted_equals_vectorised_game():
    market = ExportMarket(
        5,
        "1/10",
        "9/10",
        [
            Supplier("A", "1/2", 3, "9/10", "1/10"),
            Supplier("B", "2/3", 1, "1/5"),
            Supplier("C", 1, 0, 0, "1/3"),
        ],
    )
    symbolic = market.symbolic_game()
    assert "gamma" not in [p.name for p in symbolic.parameters]
    values = {k: v for k, v in market.parameter_values().items() if k != "gamma"}
    assert symbolic.substitute(values) == market.game()
    partial = market.symbolic_game(keep=["V", "h_1"])
    assert [p.name for p in partial.parameters] == ["V", "h_1"]
    assert partial.substitute({"V": 5, "h_1": 3}) == market.game()
    with pytest.raises(InvalidParameterError, match="unknown parameters"):
        market.symbolic_game(keep=["k_9"])


def test_lambdified_market_payoffs_broadcast_over_grids():
    market = two_suppliers()
    symbolic = market.symbolic_game(keep=["V", "k_2", "s_2"])
    function = symbolic.lambdify()
    values = function(V=np.array([[1.0], [10.0]]), k_2=np.array([0.0, 0.5, 2.0]), s_2=0.2)
    assert values.shape == (2, 2, 2, 2, 3)
    for a, v in enumerate((1, 10)):
        for b, k in enumerate((0, F(1, 2), 2)):
            game = symbolic.substitute({"V": v, "k_2": k, "s_2": F(1, 5)})
            np.testing.assert_allclose(values[..., a, b], game.payoffs.astype(float))


def test_symbolic_payoffs_keep_q_exactly_piecewise():
    market = two_suppliers()
    payoff = market.symbolic_game().payoffs[(0, EXPORT, EXPORT)]
    assert payoff.has(sympy.Max)
    k1, k2 = (p.symbol for p in market.symbolic_game().parameters if p.name in ("k_1", "k_2"))
    assert sympy.Max(1, k1 + k2) in payoff.atoms(sympy.Max)


def test_exact_game_refuses_too_many_profiles():
    suppliers = [Supplier(f"S{i}", "1/4", 1, 0) for i in range(15)]
    with pytest.raises(GameTooLargeError, match="use exact=False"):
        ExportMarket(1, 0, 1, suppliers).game()
    assert ExportMarket(1, 0, 1, suppliers).game(exact=False).shape == (2,) * 15


def test_symbolic_game_refuses_many_suppliers():
    suppliers = [Supplier(f"S{i}", "1/4", 1, 0) for i in range(MAX_SYMBOLIC_SUPPLIERS + 1)]
    with pytest.raises(GameTooLargeError, match="symbolic normal form"):
        ExportMarket(1, 0, 1, suppliers).symbolic_game()


_fractions = st.fractions(min_value=0, max_value=2, max_denominator=6)
_unit = st.fractions(min_value=0, max_value=1, max_denominator=6)


@st.composite
def markets(draw, min_suppliers=2, max_suppliers=4):
    count = draw(st.integers(min_suppliers, max_suppliers))
    suppliers = [
        Supplier(f"S{i}", draw(_fractions), draw(_fractions), draw(_unit), draw(_unit))
        for i in range(count)
    ]
    p0 = draw(_unit)
    p1 = draw(st.fractions(min_value=p0, max_value=1, max_denominator=6))
    value = draw(st.fractions(min_value=F(1, 6), max_value=5, max_denominator=6))
    return ExportMarket(value, p0, p1, suppliers)


@settings(max_examples=30, deadline=None)
@given(markets())
def test_game_entries_equal_outcome_payoffs(market):
    game = market.game()
    floats = market.game(exact=False)
    np.testing.assert_allclose(floats.payoffs, game.payoffs.astype(float), atol=1e-12)
    for profile in itertools.product(range(2), repeat=market.num_suppliers):
        outcome = market.outcome(profile)
        assert tuple(game.payoffs[(slice(None), *profile)]) == outcome.payoffs
        # shares add up to the needs met, Q = min(1, K_E)
        capacity = sum(
            s.capacity for s, a in zip(market.suppliers, profile, strict=True) if a == EXPORT
        )
        assert sum(outcome.shares) == min(1, capacity) == outcome.needs_met


def test_float_game_is_vectorised_for_many_suppliers():
    rng = np.random.default_rng(7)
    suppliers = [
        Supplier(
            f"S{i}",
            float(rng.uniform(0, 0.3)),
            float(rng.uniform(0, 2)),
            float(rng.uniform()),
            float(rng.uniform(0, 0.1)),
        )
        for i in range(15)
    ]
    market = ExportMarket(1.0, 0.1, 0.9, suppliers)
    assert not market.exact
    game = market.game()
    assert game.shape == (2,) * 15 and not game.exact
    for _ in range(20):
        profile = tuple(int(a) for a in rng.integers(0, 2, size=15))
        np.testing.assert_allclose(
            game.payoffs[(slice(None), *profile)], market.payoffs(profile), rtol=1e-12
        )


# -- the consequences MODEL s.2 asks the solvers to show -----------------------------------------
@st.composite
def covered_switches(draw):
    """A market, a profile and an exporter i whose fellow exporters cover the buyer."""
    others = draw(st.integers(1, 4))
    suppliers = [
        Supplier(
            "i",
            draw(st.fractions(F(1, 6), 2, max_denominator=6)),
            draw(_fractions),
            draw(_unit),
            draw(_unit),
        )
    ]
    # the first other exporter alone covers the buyer; the rest are arbitrary
    suppliers.append(
        Supplier(
            "o1",
            draw(st.fractions(1, 2, max_denominator=6)),
            draw(_fractions),
            draw(_unit),
            draw(_unit),
        )
    )
    suppliers += [
        Supplier(f"o{j}", draw(_fractions), draw(_fractions), draw(_unit), draw(_unit))
        for j in range(2, others + 1)
    ]
    low = draw(st.integers(0, 5))
    p0, p1 = F(low, 6), F(draw(st.integers(low + 1, 6)), 6)
    market = ExportMarket(draw(st.fractions(F(1, 6), 5, max_denominator=6)), p0, p1, suppliers)
    rest = draw(st.lists(st.integers(0, 1), min_size=others - 1, max_size=others - 1))
    return market, (EXPORT, EXPORT, *rest)


@settings(max_examples=80, deadline=None)
@given(covered_switches())
def test_lone_switch_lowers_risk_iff_safeguard_below_others_average(case):
    """When the other exporters cover the buyer, control by i lowers the risk iff s_i < sbar."""
    market, profile = case
    switcher = market.suppliers[0]
    others = [s for j, s in enumerate(market.suppliers) if j > 0 and profile[j] == EXPORT]
    capacity = sum((s.capacity for s in others), F(0))
    assert capacity >= 1
    average = sum(s.capacity * s.safeguard for s in others) / capacity
    switched = (CONTROL, *profile[1:])
    before, after = market.outcome(profile), market.outcome(switched)
    assert (after.risk < before.risk) == (switcher.safeguard < average)
    assert (after.risk == before.risk) == (switcher.safeguard == average)
    # the closed form: dP = (p1 - p0) k_i (sbar - s_i) / K_E ... with the sign of s_i - sbar
    spread = market.risk_with_supply - market.risk_without_supply
    expected_change = (
        spread * switcher.capacity * (switcher.safeguard - average) / (switcher.capacity + capacity)
    )
    assert after.risk - before.risk == expected_change
    # Q unchanged and i's share moves to the others; i loses V m_i
    assert after.needs_met == before.needs_met == 1
    assert after.shares[0] == 0 and sum(after.shares) == 1
    assert after.payoffs[0] - before.payoffs[0] == (
        -market.value * before.shares[0]
        - switcher.harm * (after.risk - before.risk)
        - switcher.control_cost
    )


def test_dense_market_is_a_collective_action_problem():
    """C1: the others cover the buyer, so exporting is each one's best reply to all-export,
    although every supplier would be better off if all controlled."""
    market = ExportMarket.symmetric(
        4, value=1, risk_without_supply=0, risk_with_supply=1, capacity=1, harm=2, safeguard=0
    )
    game = market.game()
    assert (0, 0, 0, 0) in [eq.pure_profile() for eq in pure_equilibria(game)]
    all_export = market.payoffs((0, 0, 0, 0))
    all_control = market.payoffs((1, 1, 1, 1))
    assert all(c > e for c, e in zip(all_control, all_export, strict=True))


# -- symmetric markets ----------------------------------------------------------------------------
def test_symmetric_expressions():
    market = SymmetricExportMarket()
    n = market.num_suppliers
    k, s = market.symbol("capacity"), market.symbol("safeguard")
    assert market.needs_met(n) == sympy.Min(1, n * k)
    assert sympy.simplify(market.leakage(n) - (1 - s) * sympy.Min(1, n * k)) == 0
    assert market.share(n) == k / sympy.Max(1, n * k)
    with pytest.raises(InvalidParameterError, match="unknown field"):
        market.symbol("colour")
    with pytest.raises(InvalidProfileError):
        market.payoff(2, n)


SYMMETRIC = SymmetricExportMarket()
SYMMETRIC_GAME = SYMMETRIC.game()


@functools.cache
def _expanded(n: int):
    return SYMMETRIC_GAME.to_symbolic_game(n)


@settings(max_examples=20, deadline=None)
@given(
    st.integers(2, 4),
    st.fractions(min_value=F(1, 6), max_value=3, max_denominator=6),
    _unit,
    _fractions,
    _fractions,
    _unit,
    _unit,
)
def test_symmetric_game_matches_heterogeneous_market(n, value, p0, capacity, harm, safeguard, cost):
    p1 = max(p0, F(5, 6))
    values = {"V": value, "p0": p0, "p1": p1, "k": capacity, "h": harm, "s": safeguard, "c": cost}
    direct = SYMMETRIC.market(values | {"N": n}).game()
    anonymous = SYMMETRIC_GAME.substitute(values | {"N": n})
    assert anonymous.num_players == n
    np.testing.assert_array_equal(anonymous.to_normal_form().payoffs, direct.payoffs)
    expanded = _expanded(n).substitute(values)
    np.testing.assert_array_equal(expanded.payoffs, direct.payoffs)


def test_symmetric_market_with_numeric_n_and_large_n():
    market = SymmetricExportMarket(
        1000,
        value=1,
        risk_without_supply=0,
        risk_with_supply=1,
        capacity="1/100",
        harm=1,
        safeguard="1/2",
        control_cost=0,
    )
    game = market.game().substitute({})
    assert game.num_players == 1000 and game.payoffs.shape == (2, 1000)
    # all export: share 1/1000 each, leakage 1/2
    assert game.payoffs[0, 0] == F(1, 1000) - F(1, 2)
    assert market.market().num_suppliers == 1000
    assert ACTIONS == ("export", "control")
