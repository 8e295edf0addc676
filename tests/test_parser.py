"""The restricted expression parser: what it builds, what it refuses, and that it never evals."""

from __future__ import annotations

import builtins

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma.errors import ExpressionError
from dualdilemma.symbolic.parameters import NONNEGATIVE, POSITIVE, UNIT_INTERVAL, Parameter
from dualdilemma.symbolic.parser import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_LENGTH,
    parse_expression,
)

V = Parameter("V", POSITIVE)
K = Parameter("k", NONNEGATIVE)
S = Parameter("s", UNIT_INTERVAL)
N = Parameter("N", POSITIVE)
ALLOWED = [V, K, S, N]
v, k, s, n = (p.symbol for p in ALLOWED)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("V", v, id="name"),
        pytest.param("2", sympy.Integer(2), id="int"),
        pytest.param("0.1", sympy.Rational(1, 10), id="float-is-decimal"),
        pytest.param("2.5e-1", sympy.Rational(1, 4), id="exponent-float"),
        pytest.param("V*k/Max(1, N*k)", v * k / sympy.Max(1, n * k), id="share"),
        pytest.param("-s + 1", 1 - s, id="unary-minus"),
        pytest.param("+V", v, id="unary-plus"),
        pytest.param("k**2 - k**(1/2)", k**2 - sympy.sqrt(k), id="powers"),
        pytest.param(
            "sqrt(k) + exp(s) + log(V)", sympy.sqrt(k) + sympy.exp(s) + sympy.log(v), id="functions"
        ),
        pytest.param("Abs(s - 1) + abs(k)", sympy.Abs(s - 1) + k, id="abs"),
        pytest.param("min(V, k, 1) + max(s, 0)", sympy.Min(v, k, 1) + s, id="lowercase-min-max"),
        pytest.param("  (V)  ", v, id="whitespace"),
        pytest.param("V*(1 - s)**2", v * (1 - s) ** 2, id="parentheses"),
    ],
)
def test_parses_known_expressions(text, expected):
    assert parse_expression(text, ALLOWED) == expected


def test_symbols_keep_the_declared_assumptions():
    expr = parse_expression("V + k", ALLOWED)
    assert {sym.name: sym for sym in expr.free_symbols}["V"].is_positive
    assert expr.free_symbols == {v, k}


def test_mapping_and_symbols_are_accepted_as_allowlists():
    x = sympy.Symbol("x", real=True)
    assert parse_expression("x + 1", {"x": x}) == x + 1
    assert parse_expression("x + 1", [x]) == x + 1


@pytest.mark.parametrize(
    ("text", "token"),
    [
        pytest.param("__import__('os')", "'__import__'", id="import"),
        pytest.param("os.system('ls')", "'.'", id="attribute"),
        pytest.param("V.__class__", "'.'", id="dunder-attribute"),
        pytest.param("V[0]", "subscript", id="subscript"),
        pytest.param("lambda: 1", "'lambda'", id="lambda"),
        pytest.param("(lambda: 1)()", "calling 'lambda'", id="call-lambda"),
        pytest.param("1 if V else 2", "'if ... else'", id="ifexp"),
        pytest.param("V < 1", "comparison", id="compare"),
        pytest.param("V and k", "'and'/'or'", id="boolop"),
        pytest.param("not V", "'not'", id="not"),
        pytest.param("~V", "'~'", id="invert"),
        pytest.param("'abc'", "literal 'abc'", id="string"),
        pytest.param("b'x'", "literal b'x'", id="bytes"),
        pytest.param("True", "literal True", id="bool"),
        pytest.param("None", "literal None", id="none"),
        pytest.param("1j", "literal 1j", id="complex"),
        pytest.param("[1, 2]", "a list", id="list"),
        pytest.param("(1, 2)", "a tuple", id="tuple"),
        pytest.param("{1: 2}", "a dict", id="dict"),
        pytest.param("{V}", "a set", id="set"),
        pytest.param("[x for x in V]", "comprehension", id="listcomp"),
        pytest.param("f'{V}'", "f-string", id="fstring"),
        pytest.param("(x := 1)", "':='", id="walrus"),
        pytest.param("V // 2", "//", id="floordiv"),
        pytest.param("V % 2", "%", id="mod"),
        pytest.param("V ^ 2", "write powers as **", id="xor"),
        pytest.param("V @ k", "@", id="matmul"),
        pytest.param("V << 1", "<<", id="lshift"),
        pytest.param("V & k", "&", id="bitand"),
        pytest.param("eval('1')", "'eval'", id="eval-call"),
        pytest.param("sympify('V')", "'sympify'", id="sympify-call"),
        pytest.param("Min(V, key=1)", "keyword arguments", id="keyword"),
        pytest.param("Min(*V)", "'*' unpacking", id="starred"),
        pytest.param("sqrt(V, k)", "takes 1 argument", id="arity"),
        pytest.param("Min", "must be called", id="function-name-alone"),
        pytest.param("x + 1", "unknown name 'x'", id="unknown-name"),
        pytest.param("1/0", "division by zero", id="div-zero"),
        pytest.param("V/(k - k)", "division by zero", id="div-zero-symbolic"),
        pytest.param("0**(-1)", "division by zero", id="zero-negative-power"),
        pytest.param("log(0)", "log(0)", id="log-zero"),
        pytest.param("2**100000", "exponent", id="huge-exponent"),
        pytest.param("9**9**9", "exponent", id="tower"),
        pytest.param("V**2000", "exponent", id="symbolic-huge-exponent"),
        pytest.param("(10**999)**999", "bits", id="huge-number"),
        pytest.param("V**(-2)**1.5", "not real", id="complex-power"),
        pytest.param("(-8)**(1/3)", "not real", id="negative-root"),
        pytest.param("1e999", "not finite", id="infinite-literal"),
        pytest.param("V; k", "invalid syntax", id="statement"),
        pytest.param("V = 1", "invalid syntax", id="assignment"),
        pytest.param("", "empty", id="empty"),
        pytest.param("   ", "empty", id="blank"),
        pytest.param("V +", "invalid syntax", id="syntax"),
    ],
)
def test_rejects_everything_outside_the_grammar(text, token):
    with pytest.raises(ExpressionError) as info:
        parse_expression(text, ALLOWED)
    assert token in str(info.value)


def test_rejects_long_and_deep_input():
    with pytest.raises(ExpressionError, match="characters long"):
        parse_expression("V+" * MAX_LENGTH + "V", ALLOWED)
    with pytest.raises(ExpressionError, match="nested deeper"):
        parse_expression("-" * (MAX_DEPTH + 5) + "V", ALLOWED)
    with pytest.raises(ExpressionError):
        parse_expression("(" * 300 + "V" + ")" * 300, ALLOWED)


def test_rejects_non_strings_and_bad_allowlists():
    with pytest.raises(ExpressionError, match="string"):
        parse_expression(3, ALLOWED)  # type: ignore[arg-type]
    with pytest.raises(ExpressionError, match="function name"):
        parse_expression("Min + 1", {"Min": sympy.Symbol("Min")})
    with pytest.raises(ExpressionError, match="Parameters or sympy Symbols"):
        parse_expression("x", ["x"])  # type: ignore[list-item]


def test_error_names_the_column():
    with pytest.raises(ExpressionError, match="column 5"):
        parse_expression("V + foo", ALLOWED)


def test_never_evaluates(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec/sympify called")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    monkeypatch.setattr(sympy, "sympify", forbidden)
    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", forbidden)
    assert parse_expression("V*k/Max(1, N*k) - 0.5", ALLOWED) == v * k / sympy.Max(1, n * k) - (
        sympy.Rational(1, 2)
    )
    with pytest.raises(ExpressionError):
        parse_expression("__import__('os').system('true')", ALLOWED)


# -- properties ---------------------------------------------------------------------------------
# Trees are drawn as (text, expression) pairs built side by side, so that the parser's result is
# compared with an expression assembled directly, without any string evaluation.
_LEAVES = st.sampled_from(
    [
        ("V", v),
        ("k", k),
        ("s", s),
        ("N", n),
        ("1", sympy.Integer(1)),
        ("3", sympy.Integer(3)),
        ("0.5", sympy.Rational(1, 2)),
    ]
)


def _extend(inner: st.SearchStrategy) -> st.SearchStrategy:
    def binary(t):
        (a, x), op, (b, y) = t
        value = {"+": x + y, "-": x - y, "*": x * y}[op]
        return f"({a} {op} {b})", value

    return st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(binary),
        st.tuples(inner, st.sampled_from([2, 3])).map(
            lambda t: (f"({t[0][0]})**{t[1]}", t[0][1] ** t[1])
        ),
        st.tuples(inner, inner).map(
            lambda t: (f"Max({t[0][0]}, {t[1][0]})", sympy.Max(t[0][1], t[1][1]))
        ),
        st.tuples(inner, inner).map(
            lambda t: (f"Min({t[0][0]}, {t[1][0]})", sympy.Min(t[0][1], t[1][1]))
        ),
        inner.map(lambda t: (f"-({t[0]})", -t[1])),
        inner.map(lambda t: (f"({t[0]})/(N + 1)", t[1] / (n + 1))),
    )


_trees = st.recursive(_LEAVES, _extend, max_leaves=10)


@settings(max_examples=60, deadline=None)
@given(_trees)
def test_parse_builds_the_expression_the_text_denotes(pair):
    text, expected = pair
    assert parse_expression(text, ALLOWED) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_fails_only_with_expression_error(text):
    try:
        result = parse_expression(text, ALLOWED)
    except ExpressionError:
        return
    assert isinstance(result, sympy.Expr)
    assert result.free_symbols <= {v, k, s, n}


def test_function_table_is_the_documented_allowlist():
    assert set(FUNCTIONS) == {"Min", "Max", "min", "max", "sqrt", "exp", "log", "Abs", "abs"}
