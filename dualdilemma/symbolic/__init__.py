"""Symbolic games: payoffs as sympy expressions in named, domain-checked parameters.

* :mod:`~dualdilemma.symbolic.parameters`: :class:`Parameter` and its :class:`Domain`;
* :mod:`~dualdilemma.symbolic.parser`: a restricted text-to-sympy parser that never evaluates;
* :mod:`~dualdilemma.symbolic.exact`: exact evaluation of sympy trees with Fractions;
* :mod:`~dualdilemma.symbolic.game`: :class:`SymbolicGame` and :class:`SymbolicAnonymousGame`;
* :mod:`~dualdilemma.symbolic.simplify`: tidy forms of parametric inequalities.
"""

from dualdilemma.symbolic.exact import evaluate_exact, evaluate_exact_many
from dualdilemma.symbolic.game import PayoffFunction, SymbolicAnonymousGame, SymbolicGame
from dualdilemma.symbolic.parameters import (
    NONNEGATIVE,
    POSITIVE,
    REAL,
    UNIT_INTERVAL,
    Domain,
    Parameter,
    integer_at_least,
    interval,
)
from dualdilemma.symbolic.parser import parse_expression

__all__ = [
    "Domain",
    "Parameter",
    "REAL",
    "POSITIVE",
    "NONNEGATIVE",
    "UNIT_INTERVAL",
    "integer_at_least",
    "interval",
    "parse_expression",
    "evaluate_exact",
    "evaluate_exact_many",
    "SymbolicGame",
    "SymbolicAnonymousGame",
    "PayoffFunction",
]
