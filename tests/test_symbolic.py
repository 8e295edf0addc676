"""Parameters and domains, exact evaluation, and the symbolic (anonymous) games."""

from __future__ import annotations

import importlib.util
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma.errors import (
    ExpressionError,
    InvalidGameError,
    InvalidParameterError,
    InvalidProfileError,
)
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.symbolic import (
    NONNEGATIVE,
    POSITIVE,
    REAL,
    UNIT_INTERVAL,
    Parameter,
    SymbolicAnonymousGame,
    SymbolicGame,
    evaluate_exact,
    integer_at_least,
    interval,
)
from dualdilemma.symbolic.exact import exact_root
from dualdilemma.symbolic.parameters import validate_values

HAS_ANONYMOUS = importlib.util.find_spec("dualdilemma.games.anonymous") is not None
needs_anonymous = pytest.mark.skipif(
    not HAS_ANONYMOUS, reason="dualdilemma.games.anonymous is not available yet"
)


# -- domains and parameters -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("domain", "inside", "outside", "described"),
    [
        pytest.param(REAL, [-5, 0, "7/3"], [], "(-inf, inf)", id="real"),
        pytest.param(POSITIVE, ["1/1000", 3], [0, -1], "(0, inf)", id="positive"),
        pytest.param(NONNEGATIVE, [0, 2.5], ["-1/10"], "[0, inf)", id="nonnegative"),
        pytest.param(UNIT_INTERVAL, [0, "1/2", 1], [-0.01, "11/10"], "[0, 1]", id="unit"),
        pytest.param(integer_at_least(2), [2, 17], [1, "5/2", 0], "integers >= 2", id="int2"),
        pytest.param(
            interval(1, 2, lower_closed=False), ["3/2", 2], [1, "5/2"], "(1, 2]", id="interval"
        ),
    ],
)
def test_domains(domain, inside, outside, described):
    assert domain.describe() == described
    assert all(domain.contains(x) for x in inside)
    assert not any(domain.contains(x) for x in outside)
    floats = np.array([float(Fraction(str(x))) for x in inside + outside])
    expected = [True] * len(inside) + [False] * len(outside)
    assert domain.contains_array(floats).tolist() == expected


@pytest.mark.parametrize(
    ("domain", "assumption"),
    [
        pytest.param(POSITIVE, "is_positive", id="positive"),
        pytest.param(NONNEGATIVE, "is_nonnegative", id="nonnegative"),
        pytest.param(UNIT_INTERVAL, "is_nonnegative", id="unit"),
        pytest.param(integer_at_least(2), "is_integer", id="integer"),
    ],
)
def test_symbols_carry_domain_assumptions(domain, assumption):
    assert getattr(Parameter("x", domain).symbol, assumption) is True


def test_domain_as_relational():
    s = Parameter("s", UNIT_INTERVAL)
    assert s.as_relational() == sympy.And(s.symbol >= 0, s.symbol <= 1)
    assert Parameter("x", REAL).as_relational() is sympy.true


@pytest.mark.parametrize(
    ("parameter", "value", "message"),
    [
        pytest.param(
            Parameter("s", UNIT_INTERVAL, "safeguard"),
            2,
            "'s' (safeguard) must be in [0, 1], got 2",
            id="above",
        ),
        pytest.param(Parameter("V", POSITIVE), 0, "'V' must be in (0, inf), got 0", id="zero"),
        pytest.param(Parameter("N", integer_at_least(2)), 1, "integers >= 2, got 1", id="int"),
        pytest.param(Parameter("k", NONNEGATIVE), float("nan"), "finite", id="nan"),
        pytest.param(Parameter("k", NONNEGATIVE), "abc", "fraction such as", id="text"),
        pytest.param(Parameter("k", NONNEGATIVE), True, "boolean", id="bool"),
    ],
)
def test_validation_names_parameter_and_range(parameter, value, message):
    with pytest.raises(InvalidParameterError) as info:
        parameter.validate(value)
    assert message in str(info.value)


def test_validate_array_and_values():
    k = Parameter("k", NONNEGATIVE)
    assert k.validate_array([0, 1.5]).tolist() == [0, 1.5]
    with pytest.raises(InvalidParameterError, match=r"\[0, inf\), got -1.0"):
        k.validate_array([0, -1.0])
    with pytest.raises(InvalidParameterError, match="unknown parameter 'x'"):
        validate_values([k], {"x": 1})
    with pytest.raises(InvalidParameterError, match="missing values"):
        validate_values([k], {})
    assert validate_values([k], {k.symbol: 0.25}) == {"k": Fraction(1, 4)}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("1x", id="not-identifier"),
        pytest.param("lambda", id="keyword"),
        pytest.param("Min", id="function"),
        pytest.param("pi", id="constant"),
    ],
)
def test_parameter_names_are_checked(name):
    with pytest.raises(InvalidParameterError):
        Parameter(name)


# -- exact evaluation ----------------------------------------------------------------------------
x, y = sympy.symbols("x y", real=True)


@pytest.mark.parametrize(
    ("expr", "values", "expected"),
    [
        pytest.param(x / sympy.Max(1, x), {x: 0}, Fraction(0), id="share-at-zero"),
        pytest.param(sympy.Min(x, y) + sympy.Abs(x - y), {x: "1/3", y: 2}, Fraction(2), id="min"),
        pytest.param(sympy.sqrt(x), {x: "9/4"}, Fraction(3, 2), id="sqrt"),
        pytest.param(x ** sympy.Rational(2, 3), {x: 8}, Fraction(4), id="rational-power"),
        pytest.param(x**y, {x: 2, y: -2}, Fraction(1, 4), id="symbolic-power"),
        pytest.param(sympy.exp(x) + sympy.log(y), {x: 0, y: 1}, Fraction(1), id="trivial-exp"),
        pytest.param(
            sympy.Piecewise((0, sympy.Eq(x, 0)), (1 / x, True)), {x: 0}, Fraction(0), id="pw"
        ),
        pytest.param(sympy.And(x >= 1, y < 1), {x: 1, y: 0}, True, id="and"),
        pytest.param(sympy.Or(x > 1, sympy.Not(y < 1)), {x: 1, y: 0}, False, id="or-not"),
    ],
)
def test_evaluate_exact_scalars(expr, values, expected):
    assert evaluate_exact(expr, values) == expected


def test_evaluate_exact_arrays_select_piecewise_branches_lazily():
    pw = sympy.Piecewise((0, sympy.Eq(x, 0)), (y / x, True))
    xs = np.array([0, 2, 0, 4], dtype=object)
    result = evaluate_exact(pw, {x: xs, y: 1})
    assert result.tolist() == [0, Fraction(1, 2), 0, Fraction(1, 4)]
    grid = evaluate_exact(sympy.Max(x, y), {x: np.array([[0], [2]]), y: np.array([1, 3])})
    assert grid.shape == (2, 2) and grid.tolist() == [[1, 3], [2, 3]]


@pytest.mark.parametrize(
    ("expr", "values", "message"),
    [
        pytest.param(sympy.sqrt(x), {x: 2}, "irrational", id="sqrt2"),
        pytest.param(sympy.exp(x), {x: 1}, "irrational", id="exp1"),
        pytest.param(1 / x, {x: 0}, "division by zero", id="div0"),
        pytest.param(x + y, {x: 1}, "no value", id="missing"),
        pytest.param(sympy.sin(x), {x: 0}, "cannot evaluate", id="unsupported"),
    ],
)
def test_evaluate_exact_refuses(expr, values, message):
    with pytest.raises(ExpressionError, match=message):
        evaluate_exact(expr, values)


@given(st.fractions(min_value=0, max_value=1000, max_denominator=50), st.integers(2, 4))
def test_exact_root_inverts_powers(value, degree):
    assert exact_root(value**degree, degree) == value


# -- symbolic normal-form games ---------------------------------------------------------------
T, R, P, S = (Parameter(name, REAL) for name in ("T", "R", "P", "S"))
PD_PAYOFFS = [[["R", "S"], ["T", "P"]], [["R", "T"], ["S", "P"]]]


def pd_game() -> SymbolicGame:
    return SymbolicGame(
        PD_PAYOFFS,
        [T, R, P, S],
        players=["Row", "Column"],
        strategies=[["C", "D"], ["C", "D"]],
        constraints=[sympy.Ge(T.symbol, R.symbol)],
        title="pd",
    )


def test_substitute_exact_and_float():
    game = pd_game()
    exact = game.substitute({"T": 5, "R": 3, "P": 1, "S": 0})
    expected = NormalFormGame.from_arrays(
        [[3, 0], [5, 1]],
        [[3, 5], [0, 1]],
        players=["Row", "Column"],
        strategies=[["C", "D"], ["C", "D"]],
        title="pd",
    )
    assert exact == expected and exact.exact
    floats = game.substitute({"T": 5.0, "R": 3, "P": 1, "S": 0})
    assert not floats.exact
    np.testing.assert_allclose(floats.payoffs, expected.payoffs.astype(float))
    assert game.substitute({"T": 5, "R": 3, "P": 1, "S": 0}, exact=False) == floats


def test_substitute_checks_values_and_constraints():
    game = pd_game()
    with pytest.raises(InvalidParameterError, match="missing"):
        game.substitute({"T": 5})
    with pytest.raises(InvalidParameterError, match="constraint"):
        game.substitute({"T": 1, "R": 3, "P": 1, "S": 0})
    with pytest.raises(InvalidParameterError, match="unknown parameter"):
        game.substitute({"T": 5, "R": 3, "P": 1, "S": 0, "Q": 2})


def test_construction_errors():
    with pytest.raises(InvalidGameError, match="undeclared symbol 'Q'"):
        SymbolicGame([[sympy.Symbol("Q")]], [T])
    with pytest.raises(InvalidGameError, match="other assumptions"):
        SymbolicGame([[sympy.Symbol("T", positive=True)]], [T])
    with pytest.raises(ExpressionError, match="unknown name 'Q'"):
        SymbolicGame([["Q"]], [T])
    with pytest.raises(InvalidGameError, match="constraint"):
        SymbolicGame([["T"]], [T], constraints=[T.symbol - 1])
    with pytest.raises(InvalidGameError, match="shape"):
        SymbolicGame([[[1, 2]]], [T])
    with pytest.raises(InvalidGameError, match="duplicate"):
        SymbolicGame(PD_PAYOFFS, [T, R, P, S], strategies=[["C", "C"], ["C", "D"]])
    with pytest.raises(InvalidParameterError, match="declared twice"):
        SymbolicGame(PD_PAYOFFS, [T, R, P, S, T])
    with pytest.raises(InvalidProfileError):
        pd_game().payoff((0, 2))


def test_irrational_payoffs_need_float_mode():
    a = Parameter("a", POSITIVE)
    game = SymbolicGame([["sqrt(a)"]], [a])
    assert game.substitute({"a": "9/4"}).payoff((0,)) == (Fraction(3, 2),)
    with pytest.raises(ExpressionError, match="irrational"):
        game.substitute({"a": 2})
    assert game.substitute({"a": 2}, exact=False).payoff((0,))[0] == pytest.approx(2**0.5)


def test_lambdify_evaluates_all_payoffs_over_a_grid():
    game = pd_game()
    function = game.lambdify()
    assert function is game.lambdify()  # compiled once
    ts = np.linspace(3, 6, 7)
    ps = np.array([[0.0], [0.5], [1.0]])
    values = function(T=ts, R=3.0, P=ps, S=0.0)
    assert values.shape == (2, 2, 2, 3, 7)
    for a, b in np.ndindex(3, 7):
        point = game.substitute({"T": ts[b], "R": 3.0, "P": ps[a, 0], "S": 0.0})
        np.testing.assert_allclose(values[..., a, b], point.payoffs)
    with pytest.raises(InvalidParameterError, match="missing"):
        function(T=1.0)
    with pytest.raises(InvalidParameterError, match="unknown"):
        function(T=1.0, R=1.0, P=1.0, S=1.0, X=1.0)
    positive = SymbolicGame([["a"]], [Parameter("a", POSITIVE)]).lambdify()
    with pytest.raises(InvalidParameterError, match=r"\(0, inf\)"):
        positive(a=np.array([1.0, -1.0]))


def test_partial_fixes_some_parameters():
    game = pd_game().partial({"S": 0, "P": 1})
    assert [p.name for p in game.parameters] == ["T", "R"]
    assert game.payoff((1, 1)) == (1, 1)
    assert game.substitute({"T": 5, "R": 3}) == pd_game().substitute(
        {"T": 5, "R": 3, "P": 1, "S": 0}
    )


# -- symbolic anonymous games -----------------------------------------------------------------
M = Parameter("m", POSITIVE, "marginal per-capita return")


def public_good(num_players=None) -> SymbolicAnonymousGame:
    # keep (0): 1 + m * (contributors among others); give (1): m * (contributors + 1)
    return SymbolicAnonymousGame(
        ["1 + m*n1", "m*(n1 + 1)"], [M], num_players=num_players, actions=["keep", "give"]
    )


def test_anonymous_payoffs_and_counts():
    game = public_good()
    n = game.num_players
    assert game.payoff("give", {"give": n - 1}) == M.symbol * n
    assert game.payoff(0, [n - 1, 0]) == 1
    assert game.count_profiles(3).tolist() == [[2, 0], [1, 1], [0, 2]]
    three = SymbolicAnonymousGame(["n0", "n1", "n2"], [], num_players=3)
    rows = three.count_profiles(3)
    assert rows.shape == (6, 3) and (rows.sum(axis=1) == 2).all()


def test_anonymous_to_symbolic_game_matches_direct_construction():
    game = public_good().to_symbolic_game(3).substitute({"m": "1/2"})
    # player 0 keeps, players 1 and 2 give: 1 + m * 2
    assert game.payoff((0, 1, 1))[0] == 2
    # player 1 gives with one other giver: m * 2
    assert game.payoff((0, 1, 1))[1] == 1
    with pytest.raises(InvalidParameterError, match="needed"):
        public_good().to_symbolic_game()


def test_anonymous_payoff_table_and_validation():
    counts, table = public_good().payoff_table({"m": "1/2", "N": 3})
    assert counts.tolist() == [[2, 0], [1, 1], [0, 2]]
    assert table.tolist() == [[1, Fraction(3, 2), 2], [Fraction(1, 2), 1, Fraction(3, 2)]]
    _, floats = public_good().payoff_table({"m": 0.5, "N": 3})
    np.testing.assert_allclose(floats, table.astype(float))
    with pytest.raises(InvalidParameterError, match="integers >= 2"):
        public_good().payoff_table({"m": 1, "N": 1})
    with pytest.raises(InvalidParameterError, match="missing"):
        public_good().payoff_table({"m": 1})
    with pytest.raises(InvalidGameError, match="undeclared symbol"):
        SymbolicAnonymousGame([sympy.Symbol("z"), 0], [M])
    with pytest.raises(InvalidParameterError, match=">= 2"):
        SymbolicAnonymousGame(["1", "2"], [M], num_players=1)


def test_anonymous_partial_binds_n():
    game = public_good().partial({"N": 4})
    assert game.num_players == 4 and game.num_players_parameter is None
    assert game.payoff("give", [0, 3]) == 4 * M.symbol


@needs_anonymous
def test_anonymous_substitute_builds_an_anonymous_game():
    game = public_good().substitute({"m": "1/2", "N": 3})
    assert game.num_players == 3
    np.testing.assert_array_equal(
        np.asarray(game.payoffs, dtype=object),
        public_good().payoff_table({"m": "1/2", "N": 3})[1],
    )


@settings(max_examples=25, deadline=None)
@given(
    st.fractions(min_value="1/8", max_value=3, max_denominator=8),
    st.integers(min_value=2, max_value=4),
)
def test_anonymous_normal_form_is_consistent_with_table(m, n):
    game = public_good().to_symbolic_game(n).substitute({"m": m})
    counts, table = public_good().payoff_table({"m": m, "N": n})
    lookup = {tuple(row): c for c, row in enumerate(counts.tolist())}
    for profile in np.ndindex(*([2] * n)):
        for i, own in enumerate(profile):
            others = [0, 0]
            for j, action in enumerate(profile):
                if j != i:
                    others[action] += 1
            assert game.payoffs[(i, *profile)] == table[own, lookup[tuple(others)]]
