r"""Exact evaluation of sympy expressions with Fractions, over scalars or whole arrays.

``sympy.lambdify`` prints rational constants as Python divisions, so a lambdified function
returns floats even when fed :class:`fractions.Fraction` inputs.  This module walks the sympy
tree instead, with every symbol bound to a Fraction or to a numpy ``object`` array of
Fractions (arrays are broadcast to one shape and flattened, so one walk evaluates a whole
grid):

* ``Add``, ``Mul``, integer powers, ``Min``, ``Max``, ``Abs``: exact rational arithmetic;
* rational powers such as ``sqrt``: exact when the result is rational (``sqrt(9/4) = 3/2``),
  otherwise :class:`~dualdilemma.errors.ExpressionError`;
* ``Piecewise``: each branch is evaluated only where it is selected, so a branch that would
  divide by zero elsewhere is harmless (as in the mathematical definition);
* relationals, ``And``, ``Or``, ``Not``: booleans (arrays of booleans).

Shared subtrees are evaluated once (a memo keyed by the subexpression).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from dualdilemma._numbers import to_fraction
from dualdilemma.errors import ExpressionError

__all__ = ["evaluate_exact", "evaluate_exact_many", "exact_root"]


def exact_root(value: Fraction, degree: int) -> Fraction | None:
    """The exact ``degree``-th root of a nonnegative Fraction, or ``None`` if irrational.

    >>> exact_root(Fraction(9, 4), 2)
    Fraction(3, 2)
    >>> exact_root(Fraction(2), 2) is None
    True
    """
    if value < 0:
        return None
    roots = []
    for part in (value.numerator, value.denominator):
        root = _integer_root(part, degree)
        if root is None:
            return None
        roots.append(root)
    return Fraction(roots[0], roots[1])


def _integer_root(n: int, degree: int) -> int | None:
    if n < 2:
        return n
    if degree == 2:
        r = math.isqrt(n)
        return r if r * r == n else None
    r = round(n ** (1.0 / degree))
    for candidate in (r - 1, r, r + 1):
        if candidate >= 0 and candidate**degree == n:
            return candidate
    return None


def evaluate_exact(expr: Any, values: Mapping[sympy.Symbol, Any]) -> Any:
    """Evaluate ``expr`` exactly with ``values`` bound to its symbols.

    Parameters
    ----------
    expr
        A sympy expression or boolean.
    values
        ``{symbol: number or array}``; numbers are converted with
        :func:`~dualdilemma._numbers.to_fraction`.  Arrays are broadcast together.

    Returns
    -------
    Fraction, bool, or ndarray
        A Fraction (or bool) when every value is a scalar, otherwise an ``object`` array of
        Fractions (or a ``bool`` array) with the broadcast shape.

    Examples
    --------
    >>> x, y = sympy.symbols("x y")
    >>> evaluate_exact(sympy.Max(1, x) / 3 + y, {x: "1/2", y: 1})
    Fraction(4, 3)
    >>> evaluate_exact(x / sympy.Max(1, x), {x: np.array([0, 2], dtype=object)})
    array([Fraction(0, 1), Fraction(1, 1)], dtype=object)
    """
    return evaluate_exact_many([expr], values)[0]


def evaluate_exact_many(exprs: Any, values: Mapping[sympy.Symbol, Any]) -> list[Any]:
    """Evaluate several expressions exactly in one pass (shared subexpressions once).

    Same conventions as :func:`evaluate_exact`; returns one result per expression.

    >>> x = sympy.Symbol("x")
    >>> evaluate_exact_many([x + 1, 2 * x], {x: "1/2"})
    [Fraction(3, 2), Fraction(1, 1)]
    """
    exprs = [e if isinstance(e, sympy.Basic) else sympy.sympify(e) for e in exprs]
    needed: set[sympy.Basic] = set()
    for expr in exprs:
        needed |= expr.free_symbols
    missing = needed - set(values)
    if missing:
        names = sorted(str(s) for s in missing)
        raise ExpressionError(f"no value given for symbols {names}")
    scalars: dict[sympy.Symbol, Fraction] = {}
    arrays: dict[sympy.Symbol, np.ndarray] = {}
    for symbol, value in values.items():
        if isinstance(value, np.ndarray) and value.ndim > 0:
            arrays[symbol] = value
        else:
            scalar = value.item() if isinstance(value, np.ndarray) else value
            scalars[symbol] = to_fraction(scalar, what=f"value of {symbol}")
    if not arrays:
        walker = _Walker(scalars, None)
        return [walker.eval(expr) for expr in exprs]
    shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    size = math.prod(shape)
    env: dict[sympy.Symbol, Any] = dict(scalars)
    for symbol, array in arrays.items():
        flat = np.broadcast_to(array, shape).reshape(-1)
        out = np.empty(size, dtype=object)
        what = f"value of {symbol}"
        for index, entry in enumerate(flat):
            out[index] = entry if type(entry) is Fraction else to_fraction(entry, what=what)
        env[symbol] = out
    walker = _Walker(env, size)
    return [_as_array(walker.eval(expr), size).reshape(shape) for expr in exprs]


def _as_array(value: Any, size: int) -> np.ndarray:
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, bool | np.bool_):
        return np.full(size, bool(value), dtype=bool)
    out = np.empty(size, dtype=object)
    out[...] = value
    return out


def _minimum(a: Any, b: Any) -> Any:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.where(np.asarray(a <= b, dtype=bool), a, b)
    return a if a <= b else b


def _maximum(a: Any, b: Any) -> Any:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.where(np.asarray(a >= b, dtype=bool), a, b)
    return a if a >= b else b


def _to_bool(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.astype(bool)
    return bool(value)


class _Walker:
    """One evaluation pass: an environment, the common array size (or None) and a memo."""

    def __init__(self, env: Mapping[sympy.Symbol, Any], size: int | None) -> None:
        self.env = env
        self.size = size
        self.memo: dict[sympy.Basic, Any] = {}

    def eval(self, expr: sympy.Basic) -> Any:
        cached = self.memo.get(expr)
        if cached is not None:
            return cached
        value = self._eval(expr)
        self.memo[expr] = value
        return value

    def _eval(self, expr: sympy.Basic) -> Any:  # noqa: C901 - one branch per node type
        if expr.is_Symbol:
            return self.env[expr]
        if expr.is_Rational:
            return Fraction(int(expr.p), int(expr.q))
        if expr is sympy.true:
            return True
        if expr is sympy.false:
            return False
        if expr.is_Add:
            total: Any = Fraction(0)
            for arg in expr.args:
                total = total + self.eval(arg)
            return total
        if expr.is_Mul:
            product: Any = Fraction(1)
            for arg in expr.args:
                product = product * self.eval(arg)
            return product
        if expr.is_Pow:
            return self._pow(expr)
        if isinstance(expr, sympy.Min | sympy.Max):
            combine = _minimum if isinstance(expr, sympy.Min) else _maximum
            args = [self.eval(arg) for arg in expr.args]
            result = args[0]
            for other in args[1:]:
                result = combine(result, other)
            return result
        if isinstance(expr, sympy.Abs):
            return abs(self.eval(expr.args[0]))
        if isinstance(expr, sympy.Piecewise):
            return self._piecewise(expr)
        if isinstance(expr, sympy.core.relational.Relational):
            left, right = self.eval(expr.lhs), self.eval(expr.rhs)
            op = expr.rel_op
            result = {
                ">=": lambda: left >= right,
                ">": lambda: left > right,
                "<=": lambda: left <= right,
                "<": lambda: left < right,
                "==": lambda: left == right,
                "!=": lambda: left != right,
            }[op]()
            return _to_bool(result)
        if isinstance(expr, sympy.And):
            out: Any = True
            for arg in expr.args:
                out = np.logical_and(out, self.eval(arg)) if self.size else (out and self.eval(arg))
            return out
        if isinstance(expr, sympy.Or):
            out = False
            for arg in expr.args:
                out = np.logical_or(out, self.eval(arg)) if self.size else (out or self.eval(arg))
            return out
        if isinstance(expr, sympy.Not):
            inner = self.eval(expr.args[0])
            return np.logical_not(inner) if isinstance(inner, np.ndarray) else not inner
        if isinstance(expr, sympy.exp | sympy.log):
            return self._transcendental(expr)
        raise ExpressionError(
            f"cannot evaluate {type(expr).__name__} ({expr}) exactly; use float mode"
        )

    def _pow(self, expr: sympy.Pow) -> Any:
        base = self.eval(expr.base)
        exponent = expr.exp
        try:
            if exponent.is_Integer:
                return base ** int(exponent)
            if exponent.is_Rational:
                p, q = int(exponent.p), int(exponent.q)
                return _elementwise(base, lambda b: _rational_power(b, p, q, expr))
            power = self.eval(exponent)
            return _elementwise2(base, power, lambda b, e: _fraction_power(b, e, expr))
        except ZeroDivisionError:
            raise ExpressionError(f"division by zero while evaluating {expr}") from None

    def _piecewise(self, expr: sympy.Piecewise) -> Any:
        if self.size is None:
            for branch, condition in expr.args:
                if self.eval(condition):
                    return self.eval(branch)
            raise ExpressionError(f"no branch of {expr} applies at these values")
        result = np.empty(self.size, dtype=object)
        remaining = np.ones(self.size, dtype=bool)
        for branch, condition in expr.args:
            chosen = remaining & np.asarray(self.eval(condition), dtype=bool)
            if chosen.any():
                env = {
                    s: (v[chosen] if isinstance(v, np.ndarray) else v) for s, v in self.env.items()
                }
                sub = _Walker(env, int(chosen.sum())).eval(branch)
                result[chosen] = sub
            remaining &= ~chosen
            if not remaining.any():
                break
        if remaining.any():
            raise ExpressionError(f"no branch of {expr} applies at some points")
        if all(isinstance(v, bool | np.bool_) for v in result):
            return result.astype(bool)
        return result

    def _transcendental(self, expr: sympy.Basic) -> Any:
        arg = self.eval(expr.args[0])
        trivial_in, trivial_out = (0, 1) if isinstance(expr, sympy.exp) else (1, 0)

        def one(value: Fraction) -> Fraction:
            if value != trivial_in:
                raise ExpressionError(
                    f"{expr.func.__name__}({value}) is irrational; evaluate in float mode"
                )
            return Fraction(trivial_out)

        return _elementwise(arg, one)


def _rational_power(base: Fraction, p: int, q: int, expr: sympy.Basic) -> Fraction:
    root = exact_root(base, q)
    if root is None:
        raise ExpressionError(
            f"{expr} is irrational at base {base}; evaluate in float mode (exact=False)"
        )
    return root**p


def _fraction_power(base: Fraction, exponent: Fraction, expr: sympy.Basic) -> Fraction:
    if exponent.denominator == 1:
        return base ** int(exponent)
    return _rational_power(base, exponent.numerator, exponent.denominator, expr)


def _elementwise(value: Any, func: Any) -> Any:
    if isinstance(value, np.ndarray):
        out = np.empty(value.shape, dtype=object)
        for index, entry in enumerate(value):
            out[index] = func(entry)
        return out
    return func(value)


def _elementwise2(a: Any, b: Any, func: Any) -> Any:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a_arr, b_arr = np.broadcast_arrays(np.asarray(a, dtype=object), np.asarray(b, dtype=object))
        out = np.empty(a_arr.shape, dtype=object)
        for index in range(a_arr.size):
            out[index] = func(a_arr[index], b_arr[index])
        return out
    return func(a, b)
