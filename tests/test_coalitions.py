"""The coalition-formation engine: closed forms derived by hand, symbolic against numeric
solutions, corners, tie conventions, grim-trigger thresholds, independent best-reply checks and
typed errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma import (
    InvalidGameError,
    InvalidParameterError,
    SolverError,
    UnsupportedGameError,
)
from dualdilemma.coalitions import (
    CoalitionGame,
    best_deviation,
    coalition_closed_form,
    coalition_discount,
    coalition_discounts,
    coalition_outcome,
    coalition_outcomes,
    coalition_stability,
    state_contingent_discount,
)
from dualdilemma.symbolic.parameters import POSITIVE, Parameter

F = Fraction


# -- games -------------------------------------------------------------------------------------
def cournot(n: int | str = 4) -> CoalitionGame:
    """Linear Cournot, inverse demand 1 - Q, no cost, outputs >= 0."""
    return CoalitionGame("q*(1 - Q)", num_players=n, lower=0)


def public_good(n: int | str = 5, **bounds) -> CoalitionGame:
    """Linear benefit b Q, quadratic cost c q^2 / 2 (Hoel 1992; Carraro and Siniscalco 1993)."""
    return CoalitionGame("b*Q - c*q**2/2", ["b", "c"], num_players=n, **bounds)


def barrett(n: int | str = 10, **bounds) -> CoalitionGame:
    """Barrett (1994): B = (b/N)(aQ - Q^2/2), C = c q^2 / 2."""
    return CoalitionGame(
        "b/N*(a*Q - Q**2/2) - c*q**2/2", ["a", "b", "c"], num_players="N", **bounds
    )


def price_leadership(n: int = 6) -> CoalitionGame:
    """Linear demand 1 - Q, cost q^2/2, competitive fringe (d'Aspremont et al. 1983)."""
    return CoalitionGame("q*(1 - Q) - q**2/2", num_players=n, lower=0, fringe="price_taking")


# -- closed forms derived by hand ------------------------------------------------------------
@dataclass(frozen=True)
class ClosedCase:
    """Expected pi_s(k), pi_n(k) for 1 <= k <= N-1, the non-cooperative and grand payoffs."""

    game: Callable[[], CoalitionGame]
    values: dict
    timing: str
    member: Callable[[int, int], Fraction]
    outsider: Callable[[int, int], Fraction]
    none: Callable[[int], Fraction]
    grand: Callable[[int], Fraction]
    n: int


CLOSED_CASES = [
    pytest.param(
        # the coalition is one Cournot player among N - k + 1 (Salant et al. 1983)
        ClosedCase(
            lambda: cournot(6),
            {},
            "nash",
            lambda n, k: F(1, k * (n - k + 2) ** 2),
            lambda n, k: F(1, (n - k + 2) ** 2),
            lambda n: F(1, (n + 1) ** 2),
            lambda n: F(1, 4 * n),
            6,
        ),
        id="cournot-nash",
    ),
    pytest.param(
        # Shaffer (1995): the cartel sells 1/2, each follower 1/(2(N-k+1))
        ClosedCase(
            lambda: cournot(6),
            {},
            "stackelberg",
            lambda n, k: F(1, 4 * k * (n - k + 1)),
            lambda n, k: F(1, 4 * (n - k + 1) ** 2),
            lambda n: F(1, (n + 1) ** 2),
            lambda n: F(1, 4 * n),
            6,
        ),
        id="cournot-stackelberg",
    ),
    pytest.param(
        # s = k b / c, f = b / c: pi_s = b^2/c (k^2/2 + N - k), pi_n = b^2/c (k^2 + N - k - 1/2)
        ClosedCase(
            lambda: public_good(7),
            {"b": 2, "c": 3},
            "nash",
            lambda n, k: F(4, 3) * (F(k * k, 2) + n - k),
            lambda n, k: F(4, 3) * (k * k + n - k - F(1, 2)),
            lambda n: F(4, 3) * (n - F(1, 2)),
            lambda n: F(4, 3) * F(n * n, 2),
            7,
        ),
        id="public-good-nash",
    ),
    pytest.param(
        # cartel X = k/(k+N+1), price (N+1)/((k+N+1)(N-k+1)), followers supply q = price
        ClosedCase(
            lambda: price_leadership(6),
            {},
            "stackelberg",
            lambda n, k: F(1, 2 * (n - k + 1) * (n + k + 1)),
            lambda n, k: F((n + 1) ** 2, 2 * (n + k + 1) ** 2 * (n - k + 1) ** 2),
            lambda n: F(1, 2 * (n + 1) ** 2),
            lambda n: F(1, 2 * (2 * n + 1)),
            6,
        ),
        id="price-leadership",
    ),
]


@pytest.mark.parametrize("case", CLOSED_CASES)
def test_outcomes_match_hand_derived_closed_forms(case: ClosedCase) -> None:
    outcomes = coalition_outcomes(case.game(), case.values, timing=case.timing)
    n = case.n
    assert [o.size for o in outcomes] == list(range(n + 1))
    assert all(o.exact and o.method == "symbolic" and o.residual == 0 for o in outcomes)
    assert outcomes[0].member_payoff is None and outcomes[n].outsider_payoff is None
    assert outcomes[0].outsider_payoff == case.none(n)
    assert outcomes[n].member_payoff == case.grand(n)
    for k in range(1, n):
        assert outcomes[k].member_payoff == case.member(n, k), k
        assert outcomes[k].outsider_payoff == case.outsider(n, k), k


@pytest.mark.parametrize("case", CLOSED_CASES)
def test_symbolic_and_numeric_solutions_agree(case: ClosedCase) -> None:
    exact = coalition_outcomes(case.game(), case.values, timing=case.timing)
    numeric = coalition_outcomes(case.game(), case.values, timing=case.timing, method="numeric")
    for a, b in zip(exact, numeric, strict=True):
        assert b.method == "numeric" and not b.exact
        for name in ("member_action", "outsider_action", "member_payoff", "outsider_payoff"):
            x, y = getattr(a, name), getattr(b, name)
            assert (x is None) == (y is None)
            if x is not None:
                assert y == pytest.approx(float(x), rel=1e-7, abs=1e-10), (a.size, name)


@pytest.mark.parametrize("case", CLOSED_CASES)
def test_closed_forms_in_k_and_n_evaluate_to_the_outcomes(case: ClosedCase) -> None:
    game = case.game()
    symbolic_n = CoalitionGame(
        game.payoff, game.parameters, num_players="N", lower=game.lower, fringe=game.fringe
    )
    form = coalition_closed_form(symbolic_n, timing=case.timing, values=case.values)
    n = case.n
    for k in range(0, n + 1):
        if k >= 1:
            assert form.member_payoff_at(k, {"N": n}) == _rational(
                case.grand(n) if k == n else case.member(n, k)
            )
        if k <= n - 1:
            assert form.outsider_payoff_at(k, {"N": n}) == _rational(
                case.none(n) if k == 0 else case.outsider(n, k)
            )


def _rational(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


def test_closed_form_of_the_linear_public_good() -> None:
    form = coalition_closed_form(public_good("N"))
    b, c = (sympy.Symbol(x, real=True) for x in "bc")
    k = form.size
    assert sympy.simplify(form.internal_margin + b**2 * (k - 1) * (k - 3) / (2 * c)) == 0
    assert sympy.simplify(form.external_margin - b**2 * k * (k - 2) / (2 * c)) == 0
    assert form.extends_to_none and form.extends_to_grand
    assert form.internal_range == (1, sympy.Symbol("N", integer=True, positive=True))
    assert json.dumps(form.to_dict())
    assert set(form.latex()) == {
        "member_payoff",
        "outsider_payoff",
        "internal_margin",
        "external_margin",
    }


def test_closed_form_of_shaffer_internal_stability() -> None:
    form = coalition_closed_form(cournot("n"), timing="stackelberg")
    k, n = form.size, form.num_players
    top, bottom = sympy.fraction(sympy.together(form.internal_margin))
    assert sympy.expand(top - ((n - k + 2) ** 2 - k * (n - k + 1))) == 0
    # the denominator is positive for 1 <= k <= n
    assert sympy.expand(bottom - 4 * k * (n - k + 1) * (n - k + 2) ** 2) == 0
    assert not form.extends_to_none and form.extends_to_grand


def test_closed_form_of_barrett_matches_his_solution() -> None:
    """Barrett (1994): with lambda = N gamma / (N gamma + N - k), q_n = a / (lambda k^2 + N - k
    + N gamma) and q_s = lambda k q_n."""
    a, b, c = (sympy.Symbol(x, positive=True) for x in "abc")
    game = CoalitionGame(
        b / sympy.Symbol("N") * (a * sympy.Symbol("Q") - sympy.Symbol("Q") ** 2 / 2)
        - c * sympy.Symbol("q") ** 2 / 2,
        [a, b, c],
        num_players="N",
        lower=0,
    )
    form = coalition_closed_form(game, timing="stackelberg")
    k, n = form.size, form.num_players
    gamma = c / b
    lam = n * gamma / (n * gamma + n - k)
    q_n = a / (lam * k**2 + n - k + n * gamma)
    assert sympy.simplify(form.outsider_action - q_n) == 0
    assert sympy.simplify(form.member_action - lam * k * q_n) == 0


def test_closed_form_rejects_a_taken_size_symbol() -> None:
    game = CoalitionGame("k*Q - q**2", ["k"], num_players=3)
    with pytest.raises(InvalidParameterError, match="size_symbol"):
        coalition_closed_form(game)
    assert coalition_closed_form(game, size_symbol="m").size.name == "m"


# -- corners ---------------------------------------------------------------------------------
def test_upper_bound_binds_for_large_coalitions() -> None:
    """With q <= 2 the members' interior action k b / c is capped: s = min(k, 2)."""
    game = public_good(5, upper=2)
    outcomes = coalition_outcomes(game, {"b": 1, "c": 1})
    assert [o.member_action for o in outcomes[1:]] == [1, 2, 2, 2, 2]
    assert "members upper bound" in outcomes[3].regime
    numeric = coalition_outcomes(game, {"b": 1, "c": 1}, method="numeric")
    for a, b in zip(outcomes[1:], numeric[1:], strict=True):
        assert b.member_action == pytest.approx(float(a.member_action))
        assert b.member_payoff == pytest.approx(float(a.member_payoff))


@pytest.mark.parametrize("k", [1, 2, 3, 5, 8, 9])
def test_stackelberg_with_a_fringe_at_its_lower_bound(k: int) -> None:
    """Cournot with a minimum output of 1/10: with many followers their interior reaction
    1/(2(N-k+1)) falls below the floor and the leader's problem has a kink."""
    game = CoalitionGame("q*(1 - Q)", num_players=10, lower="1/10")
    exact = coalition_outcome(game, k, timing="stackelberg")
    numeric = coalition_outcome(game, k, timing="stackelberg", method="numeric")
    assert exact.exact
    assert numeric.member_action == pytest.approx(float(exact.member_action), abs=1e-7)
    assert numeric.member_payoff == pytest.approx(float(exact.member_payoff), abs=1e-9)
    assert exact.outsider_action >= F(1, 10)
    # independent check: no common action of the leaders does better against the clipped
    # reaction of the fringe
    best = exact.member_payoff
    for step in range(1, 400):
        s = F(step, 400)
        if s < F(1, 10):
            continue
        f = max(F(1, 10), (1 - k * s) / (10 - k + 1))
        assert s * (1 - k * s - (10 - k) * f) <= best


def test_barrett_abatement_capped_at_unabated_emissions() -> None:
    """Rubio and Ulph (2006): abatement cannot exceed unabated emissions a / N.  With a small
    gamma Barrett's non-signatories abate more than that; the cap binds for the fringe and the
    leaders choose the kink where the fringe's reaction just reaches it."""
    values = {"a": 10, "b": 1, "c": "1/100", "N": 10}
    free = coalition_outcome(barrett(lower=0), 8, values, timing="stackelberg")
    capped_game = barrett(lower=0, upper="a/N")
    capped = coalition_outcome(capped_game, 8, values, timing="stackelberg")
    assert free.outsider_action > 1
    assert capped.outsider_action == 1 and "fringe upper bound" in capped.regime
    assert capped.member_action == F(79, 80)
    numeric = coalition_outcome(capped_game, 8, values, timing="stackelberg", method="numeric")
    assert numeric.member_action == pytest.approx(79 / 80, abs=1e-7)
    assert numeric.member_payoff == pytest.approx(float(capped.member_payoff), abs=1e-9)


# -- independent best-reply checks -----------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(2, 6),
    a=st.fractions(1, 5),
    c=st.fractions(0, 6),
    data=st.data(),
)
def test_nash_outcomes_are_best_replies_on_a_grid(n, a, c, data) -> None:
    """No outsider gains by another output and the coalition gains by no other common output
    (checked exactly on a grid, independently of the solver)."""
    game = CoalitionGame("q*(a - Q) - c*q", ["a", "c"], num_players=n, lower=0)
    k = data.draw(st.integers(0, n))
    out = coalition_outcome(game, k, {"a": a, "c": c})
    s, f = out.member_action, out.outsider_action
    total = out.total
    grid = [a * F(j, 40) for j in range(41)]

    def u(x, q):
        return x * (a - q) - c * x

    if f is not None:
        assert all(u(x, total - f + x) <= u(f, total) for x in grid)
    if s is not None:
        assert all(k * u(x, total - k * s + k * x) <= k * u(s, total) for x in grid)


@settings(max_examples=8, deadline=None)
@given(n=st.integers(3, 8), gamma=st.fractions(F(1, 100), 10), data=st.data())
def test_barrett_leader_beats_every_grid_action(n, gamma, data) -> None:
    k = data.draw(st.integers(1, n - 1))
    values = {"a": 1, "b": 1, "c": gamma, "N": n}
    out = coalition_outcome(barrett(lower=0), k, values, timing="stackelberg")

    def value(s):  # the fringe's interior reaction (a - Q) = N gamma f, Q = k s + (N - k) f
        f = max(F(0), (1 - k * s) / (n * gamma + n - k))
        q = k * s + (n - k) * f
        return F(1, n) * (q - q * q / 2) - gamma * s * s / 2

    assert value(out.member_action) == out.member_payoff
    assert all(value(F(j, 200)) <= out.member_payoff for j in range(201))


# -- stability and tie conventions -------------------------------------------------------------
@pytest.mark.parametrize(
    ("ties", "stable"),
    [
        pytest.param("stay", (2, 3), id="stay"),
        pytest.param("join", (3,), id="join"),
        pytest.param("leave", (2,), id="leave"),
        pytest.param("move", (), id="move"),
    ],
)
def test_tie_conventions_decide_the_linear_public_good(ties, stable) -> None:
    result = coalition_stability(public_good(6), {"b": 1, "c": 1}, ties=ties)
    assert result.stable_sizes == stable
    assert result.ties == ties and result.exact and result.tol == 0
    # I(1) = I(3) = 0 and E(2) = 0 exactly
    assert result.ties_decided == (1, 2, 3)
    assert [s.internal_margin for s in result.sizes[:4]] == [0, F(1, 2), 0, F(-3, 2)]
    assert result.sizes[1].external_margin == 0
    assert result.to_dict()["ties"] == ties
    assert json.dumps(result.to_dict())
    assert "| 3 |" in result.to_markdown()


def test_float_ties_use_the_tolerance() -> None:
    exact = coalition_stability(public_good(6), {"b": 1, "c": 1}, ties="join")
    floats = coalition_stability(public_good(6), {"b": 1.0, "c": 1.0}, ties="join")
    assert not floats.exact and floats.tol > 0
    assert floats.stable_sizes == exact.stable_sizes == (3,)
    assert floats.ties_decided == exact.ties_decided


def test_shaffer_condition_and_full_cartel_threshold() -> None:
    for n in range(2, 9):
        result = coalition_stability(cournot(n), timing="stackelberg", ties="join")
        for size in result.sizes[1:]:
            k = size.size
            assert size.internal == ((n - k + 2) ** 2 >= k * (n - k + 1)), (n, k)
        assert result.sizes[-1].internal == (n <= 4)


def test_price_leadership_always_has_a_stable_cartel() -> None:
    for n in range(2, 9):
        for ties in ("stay", "join", "leave"):
            result = coalition_stability(price_leadership(n), timing="stackelberg", ties=ties)
            assert result.stable_sizes, (n, ties)


def test_stability_with_symbolic_number_of_players() -> None:
    result = coalition_stability(public_good("N"), {"b": 1, "c": 1, "N": 4}, ties="join")
    assert result.num_players == 4 and result.stable_sizes == (3,)


# -- repeated game --------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_cournot_cartel_critical_discount(n) -> None:
    result = coalition_discount(cournot(n), n)
    assert result.value == F((n + 1) ** 2, n * n + 6 * n + 1)
    assert result.punishment == F(1, (n + 1) ** 2)
    assert result.deviation.action == F(n + 1, 4 * n)
    assert result.status == "threshold" and json.dumps(result.to_dict())


def test_coalition_discounts_statuses_and_detection() -> None:
    statuses = [d.status for d in coalition_discounts(cournot(3))]
    assert statuses == ["always", "never", "threshold"]
    half = coalition_discount(cournot(2), 2, detection="1/2")
    # (pi_D - pi_C) / (pi_D - pi_C + beta (pi_C - pi_N)) = (1/64) / (1/64 + 1/144)
    assert half.value == F(9, 13)
    numeric = coalition_discount(cournot(2), 2, method="numeric")
    assert numeric.value == pytest.approx(9 / 17)
    assert best_deviation(cournot(2), 2).gain == F(1, 64)


def test_state_contingent_discount_rotemberg_saloner() -> None:
    low, high = sympy.symbols("pi_L pi_H", positive=True)
    result = state_contingent_discount(["1/2", "1/2"], [low / 2, high / 2], [low, high], [0, 0])
    assert result.status == "symbolic"
    assert sympy.simplify(result.states[1].value - 2 * high / (low + 3 * high)) == 0
    numbers = state_contingent_discount([0.5, 0.5], [0.5, 1.0], [1.0, 2.0], [0.0, 0.0])
    assert numbers.value == pytest.approx(4 / 7) and numbers.binding == (1,)
    never = state_contingent_discount([1], [0], [1], [1])
    assert never.status == "never" and never.value is None


# -- errors -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        pytest.param(
            lambda: coalition_outcome(cournot(3), 4), InvalidParameterError, "0..3", id="size"
        ),
        pytest.param(
            lambda: coalition_outcome(cournot(3), True), InvalidParameterError, "int", id="bool"
        ),
        pytest.param(
            lambda: coalition_outcome(cournot(3), 1, timing="bertrand"),
            InvalidParameterError,
            "timing",
            id="timing",
        ),
        pytest.param(
            lambda: coalition_outcome(cournot(3), 1, method="magic"),
            InvalidParameterError,
            "method",
            id="method",
        ),
        pytest.param(
            lambda: coalition_outcome(cournot(3), 1, tol=-1), InvalidParameterError, "tol", id="tol"
        ),
        pytest.param(
            lambda: coalition_stability(cournot(3), ties="maybe"),
            InvalidParameterError,
            "ties",
            id="ties",
        ),
        pytest.param(
            lambda: coalition_outcome(public_good(3), 1, {"b": 1}),
            InvalidParameterError,
            "missing",
            id="missing-value",
        ),
        pytest.param(
            lambda: coalition_outcome(public_good(3), 1, {"b": 1, "c": 1, "d": 2}),
            InvalidParameterError,
            "unknown parameter 'd'",
            id="unknown-value",
        ),
        pytest.param(
            lambda: coalition_outcome(
                CoalitionGame("b*Q - q**2", [Parameter("b", POSITIVE)], num_players=3),
                1,
                {"b": -1},
            ),
            InvalidParameterError,
            "must be in",
            id="domain",
        ),
        pytest.param(
            lambda: coalition_outcome(barrett(), 1, {"a": 1, "b": 1, "c": 1, "N": 1}),
            InvalidParameterError,
            "integers >= 2",
            id="symbolic-n-too-small",
        ),
        pytest.param(
            lambda: CoalitionGame("q*(1 - Q)", num_players=1),
            InvalidParameterError,
            ">= 2",
            id="n-too-small",
        ),
        pytest.param(
            lambda: coalition_outcome(
                CoalitionGame("q*(1 - Q)", num_players=3, lower=1, upper=0), 1
            ),
            InvalidParameterError,
            "lower <= upper",
            id="bounds",
        ),
        pytest.param(
            lambda: CoalitionGame("Q**2", num_players=3),
            InvalidGameError,
            "own action",
            id="no-own-action",
        ),
        pytest.param(
            lambda: CoalitionGame(3, num_players=3), InvalidGameError, "sympy", id="not-expr"
        ),
        pytest.param(
            lambda: CoalitionGame("q*(1 - Q)", num_players=3, fringe="cartel"),
            InvalidParameterError,
            "fringe",
            id="fringe",
        ),
        pytest.param(
            lambda: CoalitionGame("q*x", ["q"], num_players=3),
            InvalidParameterError,
            "cannot also be parameters",
            id="clash",
        ),
        pytest.param(
            lambda: coalition_outcome("game", 1), UnsupportedGameError, "CoalitionGame", id="type"
        ),
        pytest.param(
            lambda: coalition_outcome(CoalitionGame("q**2 + Q", num_players=3), 1),
            UnsupportedGameError,
            "no \\(concave\\) equilibrium",
            id="convex",
        ),
        pytest.param(
            lambda: coalition_outcome(CoalitionGame("q*Q", num_players=3, lower=0), 2),
            UnsupportedGameError,
            "without bound",
            id="unbounded",
        ),
        pytest.param(
            lambda: coalition_outcome(
                CoalitionGame("q*(1 - Q) + q**2*Q", num_players=3, lower=0),
                2,
                timing="stackelberg",
                method="symbolic",
            ),
            UnsupportedGameError,
            "no closed form",
            id="no-closed-form",
        ),
        pytest.param(
            lambda: best_deviation(cournot(3), 0), InvalidParameterError, "1..3", id="deviation"
        ),
        pytest.param(
            lambda: coalition_discount(cournot(3), 3, detection=0),
            InvalidParameterError,
            "\\(0, 1\\]",
            id="detection",
        ),
        pytest.param(
            lambda: state_contingent_discount([1, 0], [1], [1], [1]),
            InvalidParameterError,
            "one entry per state",
            id="lengths",
        ),
        pytest.param(
            lambda: state_contingent_discount(["1/2", "1/3"], [1, 1], [2, 2], [0, 0]),
            InvalidParameterError,
            "sum to 1",
            id="probabilities",
        ),
    ],
)
def test_bad_input_raises_typed_errors(call, error, match) -> None:
    with pytest.raises(error, match=match):
        call()


def test_errors_are_value_and_type_errors() -> None:
    with pytest.raises(ValueError):
        coalition_outcome(cournot(3), 7)
    with pytest.raises(TypeError):
        coalition_outcome(object(), 1)


def test_numeric_path_for_non_polynomial_payoffs() -> None:
    """Inverse demand 2 - sqrt(Q), unit cost 1/4: the conditions are not polynomial, so scipy
    solves them and the solution is verified."""
    game = CoalitionGame("q*(2 - sqrt(Q)) - q/4", num_players=3, lower=0)
    out = coalition_outcome(game, 2)
    assert out.method == "numeric" and "not polynomial" in out.diagnostics[0]
    assert out.residual <= 1e-9
    # the outsider's first-order condition 2 - sqrt(Q) - f/(2 sqrt(Q)) - 1/4 = 0
    q = out.total
    assert 2 - q**0.5 - out.outsider_action / (2 * q**0.5) - 0.25 == pytest.approx(0, abs=1e-8)
    lead = coalition_outcome(game, 2, timing="stackelberg")
    assert lead.member_payoff >= out.member_payoff - 1e-12


@pytest.mark.parametrize("timing", ["nash", "stackelberg"])
def test_irrational_closed_forms_and_nonlinear_fringe(timing) -> None:
    """Inverse demand 1 - Q^2: the Nash conditions are quadratic (closed forms with square
    roots, reported as floats); the Stackelberg fringe's condition is not linear in its action,
    so the leader's problem is solved numerically.  Both agree with the numeric path."""
    game = CoalitionGame("q*(1 - Q**2)", num_players=3, lower=0)
    for k in range(4):
        closed = coalition_outcome(game, k, timing=timing)
        numeric = coalition_outcome(game, k, timing=timing, method="numeric")
        assert not closed.exact
        for name in ("member_action", "outsider_action", "member_payoff", "outsider_payoff"):
            x, y = getattr(closed, name), getattr(numeric, name)
            assert (x is None) == (y is None)
            if x is not None:
                assert x == pytest.approx(y, rel=1e-7)
    # k = 0: each firm sells sqrt(1/15) (first-order condition 1 - Q^2 - 2 q Q = 0, Q = 3q)
    assert coalition_outcome(game, 0).outsider_action == pytest.approx((1 / 15) ** 0.5)


def test_solver_error_is_not_raised_for_well_posed_games() -> None:
    # guard: SolverError stays reserved for internal failures
    assert issubclass(SolverError, RuntimeError)
    coalition_outcomes(price_leadership(4), timing="stackelberg", method="numeric")
