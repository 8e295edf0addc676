"""Exact arithmetic and polynomial solving shared by the coalition solvers (private).

* :func:`evaluate` evaluates a sympy expression exactly: rational functions are compiled once
  into Python code over :class:`fractions.Fraction` (much faster than walking the tree), other
  expressions go through :func:`dualdilemma.symbolic.exact.evaluate_exact`, and irrational values
  (square roots of non-squares) stay exact sympy numbers.
* :func:`solve_polynomial` solves polynomial first-order conditions with :func:`sympy.solve`,
  refusing continua of solutions and systems of too high a degree.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sympy
from sympy.printing.pycode import PythonCodePrinter

from dualdilemma.errors import ExpressionError, UnsupportedGameError
from dualdilemma.symbolic.exact import evaluate_exact

__all__ = [
    "NotApplicable",
    "MAX_DEGREE",
    "numerator",
    "check_polynomial",
    "solve_polynomial",
    "evaluate",
    "as_sympy",
    "as_float",
    "as_fraction",
    "sign",
    "less",
    "within",
    "same",
]

#: Highest polynomial degree handed to :func:`sympy.solve`.
MAX_DEGREE = 4


class NotApplicable(Exception):
    """The symbolic path cannot treat this game (non-polynomial, too high a degree...)."""


def numerator(expr: sympy.Expr) -> sympy.Expr:
    return sympy.numer(sympy.together(expr))


def check_polynomial(expr: sympy.Expr, unknowns: list[sympy.Symbol]) -> None:
    try:
        poly = sympy.Poly(expr, *unknowns)
    except sympy.PolynomialError:
        raise NotApplicable(f"{expr} is not polynomial in the actions") from None
    if poly.total_degree() > MAX_DEGREE:
        raise NotApplicable(f"{expr} has degree {poly.total_degree()} in the actions")
    if any(c.has(*unknowns) for c in poly.coeffs()):  # pragma: no cover - Poly guarantees it
        raise NotApplicable(f"{expr} is not polynomial in the actions")


def solve_polynomial(equations: list[sympy.Expr], unknowns: list[sympy.Symbol]) -> list[dict]:
    """All solutions of a polynomial system; a continuum raises UnsupportedGameError."""
    if not unknowns:
        return [{}]
    equations = [e for e in equations if e != 0]
    if len(equations) < len(unknowns):
        raise UnsupportedGameError(
            "the first-order conditions hold identically: the payoff does not depend on the "
            "action, so there is a continuum of equilibria"
        )
    for e in equations:
        check_polynomial(e, unknowns)
    try:
        solutions = sympy.solve(equations, unknowns, dict=True)
    except NotImplementedError as exc:
        raise NotApplicable(f"sympy could not solve the first-order conditions: {exc}") from None
    out = []
    for solution in solutions:
        if any(u not in solution for u in unknowns) or any(
            v.has(*unknowns) for v in solution.values()
        ):
            raise UnsupportedGameError(
                "the first-order conditions have a continuum of solutions; the engine needs "
                "isolated equilibria"
            )
        out.append({u: solution[u] for u in unknowns})
    return out


def evaluate(expr: sympy.Expr, env: Mapping[sympy.Symbol, Any]) -> Any:
    """``expr`` at ``env``: a Fraction, an exact sympy number (irrational), or ``None`` if
    undefined (division by zero) or not real."""
    if all(isinstance(v, Fraction) for v in env.values()):
        compiled = _compiled(expr)
        try:
            if compiled is not None:
                function, symbols = compiled
                return Fraction(function(*(env[s] for s in symbols)))
            return evaluate_exact(expr, {s: v for s, v in env.items() if s in expr.free_symbols})
        except ZeroDivisionError:
            return None
        except ExpressionError:
            pass
    value = expr.xreplace({s: as_sympy(v) for s, v in env.items()})
    value = sympy.nsimplify(value) if value.is_Float else sympy.simplify(value)
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or value.free_symbols:
        return None
    if value.is_real is False:
        return None
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    if value.is_real is None:
        return None
    return value


class _FractionPrinter(PythonCodePrinter):
    """Prints rational constants as ``Fraction(p, q)`` so that compiled code stays exact."""

    def _print_Rational(self, expr: sympy.Rational) -> str:
        return f"Fraction({expr.p}, {expr.q})"

    def _print_Half(self, expr: sympy.Rational) -> str:
        return "Fraction(1, 2)"


def _is_rational_function(expr: sympy.Expr) -> bool:
    for node in sympy.preorder_traversal(expr):
        if node.is_Symbol or node.is_Rational or isinstance(node, sympy.Add | sympy.Mul):
            continue
        if isinstance(node, sympy.Pow) and node.exp.is_Integer:
            continue
        return False
    return True


@functools.lru_cache(maxsize=4096)
def _compiled(expr: sympy.Expr) -> tuple[Any, tuple[sympy.Symbol, ...]] | None:
    """A Python function evaluating a rational function exactly on Fractions, or ``None``."""
    if not _is_rational_function(expr):
        return None
    symbols = tuple(sorted(expr.free_symbols, key=sympy.default_sort_key))
    function = sympy.lambdify(
        symbols, expr, printer=_FractionPrinter, modules=[{"Fraction": Fraction}]
    )
    return function, symbols


def as_sympy(value: Any) -> sympy.Expr:
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    return sympy.sympify(value)


def sign(value: Any) -> int:
    if isinstance(value, Fraction):
        return (value > 0) - (value < 0)
    if value.is_zero:
        return 0
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    number = float(sympy.N(value, 50))  # pragma: no cover - sympy decides algebraic signs
    return (number > 0) - (number < 0)  # pragma: no cover


def less(a: Any, b: Any) -> bool:
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a < b
    return sign(as_sympy(a) - as_sympy(b)) < 0


def within(value: Any, lower: Any, upper: Any) -> bool:
    return not (lower is not None and less(value, lower)) and not (
        upper is not None and less(upper, value)
    )


def as_fraction(value: sympy.Rational | None) -> Fraction | None:
    return None if value is None else Fraction(int(value.p), int(value.q))


def same(a: Any, b: Any) -> bool:
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == b
    return sign(as_sympy(a) - as_sympy(b)) == 0


def as_float(value: Any) -> float:
    return float(value) if isinstance(value, Fraction) else float(sympy.N(value, 30))
