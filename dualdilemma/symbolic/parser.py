r"""A restricted parser from text to sympy expressions.  Nothing is ever evaluated as Python.

``sympy.sympify`` and ``sympy.parse_expr`` call :func:`eval` on their input, so a payoff typed
by a user (or read from a scenario file) could run arbitrary code.  This parser instead

1. rejects text longer than :data:`MAX_LENGTH` characters;
2. parses it with :func:`ast.parse` in ``mode="eval"`` (parsing only builds a tree);
3. walks the tree, allowing only

   * numeric literals (ints, and floats read as their shortest decimal, so ``0.1`` is exactly
     ``1/10``);
   * the operators ``+ - * / **`` and unary ``-`` / ``+``;
   * names in an allowlist of declared parameters or symbols;
   * calls of the functions in :data:`FUNCTIONS` (``Min``, ``Max``, ``sqrt``, ``exp``, ``log``,
     ``Abs``), by name, with positional arguments only;

4. builds the sympy expression itself, node by node.

Anything else (attribute access, subscripts, comparisons, keywords, lambdas, strings, unknown
names or functions...) raises :class:`~dualdilemma.errors.ExpressionError` naming the offending
token and its column.  Nesting deeper than :data:`MAX_DEPTH`, exponents larger than
:data:`MAX_EXPONENT` in absolute value and numeric constants above :data:`MAX_NUMBER_BITS`
bits are refused, so that no input can make sympy compute for long; a division by zero is
refused too.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import sympy

from dualdilemma._numbers import to_fraction
from dualdilemma.errors import DualDilemmaError, ExpressionError
from dualdilemma.symbolic.parameters import Parameter

__all__ = [
    "parse_expression",
    "FUNCTIONS",
    "MAX_LENGTH",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_NUMBER_BITS",
]

#: Longest accepted text, in characters.
MAX_LENGTH = 2000
#: Deepest accepted nesting of operations.
MAX_DEPTH = 60
#: Largest accepted |exponent| when the exponent is a number.
MAX_EXPONENT = 1000
#: Largest accepted numeric constant (numerator or denominator), in bits.
MAX_NUMBER_BITS = 4096

#: The callable functions: name -> (sympy function, minimum arity, maximum arity or None).
FUNCTIONS: Mapping[str, tuple[Callable[..., sympy.Basic], int, int | None]] = {
    "Min": (sympy.Min, 1, None),
    "Max": (sympy.Max, 1, None),
    "min": (sympy.Min, 1, None),
    "max": (sympy.Max, 1, None),
    "sqrt": (sympy.sqrt, 1, 1),
    "exp": (sympy.exp, 1, 1),
    "log": (sympy.log, 1, 1),
    "Abs": (sympy.Abs, 1, 1),
    "abs": (sympy.Abs, 1, 1),
}

_BINARY = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
}
_FORBIDDEN_BINARY = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^ (write powers as **)",
}
_FORBIDDEN_NODES = {
    ast.Attribute: "'.' (attribute access)",
    ast.Subscript: "'[...]' (subscript)",
    ast.Compare: "a comparison",
    ast.BoolOp: "'and'/'or'",
    ast.Lambda: "'lambda'",
    ast.IfExp: "'if ... else'",
    ast.Tuple: "a tuple",
    ast.List: "a list",
    ast.Dict: "a dict",
    ast.Set: "a set",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a generator expression",
    ast.JoinedStr: "an f-string",
    ast.NamedExpr: "':=' (assignment)",
    ast.Starred: "'*' unpacking",
    ast.Await: "'await'",
    ast.Yield: "'yield'",
    ast.YieldFrom: "'yield from'",
    ast.Slice: "a slice",
}


def _symbol_table(symbols: Any) -> dict[str, sympy.Symbol]:
    if isinstance(symbols, Mapping):
        table = {str(name): symbol for name, symbol in symbols.items()}
    else:
        table = {}
        for item in symbols:
            symbol = item.symbol if isinstance(item, Parameter) else item
            if not isinstance(symbol, sympy.Symbol):
                raise ExpressionError(
                    f"allowed names must be Parameters or sympy Symbols: {item!r}"
                )
            table[symbol.name] = symbol
    for name, symbol in table.items():
        if not isinstance(symbol, sympy.Symbol):
            raise ExpressionError(f"name {name!r} must map to a sympy Symbol, got {symbol!r}")
        if name in FUNCTIONS:
            raise ExpressionError(f"{name!r} is a function name and cannot be a symbol")
    return table


def parse_expression(
    text: str,
    symbols: Mapping[str, sympy.Symbol] | Iterable[Parameter | sympy.Symbol] = (),
) -> sympy.Expr:
    """Parse ``text`` into a sympy expression over the allowed ``symbols`` only.

    Parameters
    ----------
    text
        An arithmetic expression, e.g. ``"V*k/Max(1, N*k) - h*p1"``.
    symbols
        The names that may appear: a ``{name: Symbol}`` mapping, or Parameters / Symbols
        (their own names are used).  The returned expression uses exactly these symbol objects,
        with their assumptions.

    Returns
    -------
    sympy.Expr

    Raises
    ------
    ExpressionError
        For anything outside the grammar described in the module docstring; the message names
        the offending token and its column.

    Examples
    --------
    >>> from dualdilemma.symbolic.parameters import Parameter, POSITIVE
    >>> V, k = Parameter("V", POSITIVE), Parameter("k", POSITIVE)
    >>> parse_expression("V*k/Max(1, 2*k) - 0.1", [V, k])
    V*k/Max(1, 2*k) - 1/10
    >>> parse_expression("__import__('os')", [V, k])
    Traceback (most recent call last):
    ...
    dualdilemma.errors.ExpressionError: '__import__' at column 1 is not an allowed function; ...
    """
    if not isinstance(text, str):
        raise ExpressionError(f"an expression must be given as a string, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"expression is {len(text)} characters long, above the limit of {MAX_LENGTH}"
        )
    if not text.strip():
        raise ExpressionError("expression is empty")
    table = _symbol_table(symbols)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        column = f" at column {exc.offset}" if exc.offset else ""
        raise ExpressionError(f"invalid syntax{column}: {exc.msg}") from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ExpressionError(f"expression could not be parsed: {type(exc).__name__}") from None
    builder = _Builder(table)
    try:
        result = builder.build(tree.body, 1)
    except RecursionError:
        raise ExpressionError(f"expression is nested deeper than {MAX_DEPTH} levels") from None
    if result.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise ExpressionError(f"expression {text!r} divides by zero or is infinite")
    if result.has(sympy.I):
        raise ExpressionError(f"expression {text!r} has a complex (non-real) value")
    return result


class _Builder:
    def __init__(self, table: Mapping[str, sympy.Symbol]) -> None:
        self.table = table

    def build(self, node: ast.AST, depth: int) -> sympy.Expr:  # noqa: C901 - one case per node
        if depth > MAX_DEPTH:
            raise ExpressionError(f"expression is nested deeper than {MAX_DEPTH} levels")
        where = f" at column {getattr(node, 'col_offset', 0) + 1}"
        if isinstance(node, ast.Constant):
            return self._constant(node.value, where)
        if isinstance(node, ast.Name):
            if node.id in self.table:
                return self.table[node.id]
            if node.id in FUNCTIONS:
                raise ExpressionError(f"function {node.id!r}{where} must be called with arguments")
            allowed = ", ".join(sorted(self.table)) or "(none)"
            raise ExpressionError(f"unknown name {node.id!r}{where}; allowed names: {allowed}")
        if isinstance(node, ast.BinOp):
            op = type(node.op)
            if op not in _BINARY:
                token = _FORBIDDEN_BINARY.get(op, op.__name__)
                raise ExpressionError(f"operator {token}{where} is not allowed")
            left = self.build(node.left, depth + 1)
            right = self.build(node.right, depth + 1)
            return self._binary(op, left, right, where)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self.build(node.operand, depth + 1)
            if isinstance(node.op, ast.UAdd):
                return self.build(node.operand, depth + 1)
            token = {ast.Not: "'not'", ast.Invert: "'~'"}.get(type(node.op), "unary operator")
            raise ExpressionError(f"{token}{where} is not allowed")
        if isinstance(node, ast.Call):
            return self._call(node, depth, where)
        token = _FORBIDDEN_NODES.get(type(node), type(node).__name__)
        raise ExpressionError(f"{token}{where} is not allowed in an expression")

    @staticmethod
    def _constant(value: Any, where: str) -> sympy.Expr:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ExpressionError(f"literal {value!r}{where} is not allowed; only numbers are")
        try:
            fraction = to_fraction(value)
        except DualDilemmaError:
            raise ExpressionError(f"number {value!r}{where} is not finite") from None
        if max(abs(fraction.numerator), fraction.denominator).bit_length() > MAX_NUMBER_BITS:
            raise ExpressionError(f"number{where} is larger than {MAX_NUMBER_BITS} bits")
        return sympy.Rational(fraction.numerator, fraction.denominator)

    @staticmethod
    def _binary(op: type, left: sympy.Expr, right: sympy.Expr, where: str) -> sympy.Expr:
        if op is ast.Add:
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            return left * right
        if op is ast.Div:
            if right.is_zero:
                raise ExpressionError(f"division by zero{where}")
            return left / right
        # power: bound numeric exponents and the size of numeric results
        if right.is_Number:
            if right.is_Rational and abs(right) > MAX_EXPONENT:
                raise ExpressionError(
                    f"exponent {right}{where} exceeds the limit of {MAX_EXPONENT} in absolute value"
                )
            if not right.is_Rational:
                raise ExpressionError(f"exponent {right}{where} must be a rational number")
            if left.is_Rational and right.is_Integer:
                bits = max(abs(left.p), abs(left.q)).bit_length() * abs(int(right))
                if bits > MAX_NUMBER_BITS:
                    raise ExpressionError(
                        f"power{where} would be a number above {MAX_NUMBER_BITS} bits"
                    )
            if left.is_zero and right.is_negative:
                raise ExpressionError(f"division by zero{where} (0 to a negative power)")
            if left.is_number and left.is_negative and not right.is_integer:
                raise ExpressionError(
                    f"a negative number to the fractional power {right}{where} is not real"
                )
        return left**right

    def _call(self, node: ast.Call, depth: int, where: str) -> sympy.Expr:
        if not isinstance(node.func, ast.Name):
            token = _FORBIDDEN_NODES.get(type(node.func), "a computed function")
            raise ExpressionError(f"calling {token}{where} is not allowed")
        name = node.func.id
        if name not in FUNCTIONS:
            allowed = ", ".join(sorted(FUNCTIONS))
            raise ExpressionError(f"{name!r}{where} is not an allowed function; allowed: {allowed}")
        if node.keywords:
            raise ExpressionError(f"keyword arguments to {name!r}{where} are not allowed")
        function, low, high = FUNCTIONS[name]
        count = len(node.args)
        if count < low or (high is not None and count > high):
            expected = str(low) if high == low else f"at least {low}"
            raise ExpressionError(f"{name!r}{where} takes {expected} argument(s), got {count}")
        args = [self.build(arg, depth + 1) for arg in node.args]
        if name == "log" and args[0].is_zero:
            raise ExpressionError(f"log(0){where} is undefined")
        return function(*args)
