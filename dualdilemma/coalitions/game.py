r"""Symmetric games with continuous actions, as used in coalition formation.

Each of :math:`N` identical players chooses an action :math:`q_i` in an interval
:math:`[\underline q, \overline q]` (either side may be unbounded) and earns

.. math::

    u_i = u(q_i, Q), \qquad Q = \sum_{j=1}^{N} q_j,

a function of its own action and of the aggregate (Cournot oligopoly:
:math:`u = q P(Q) - C(q)`; a public good: :math:`u = B(Q) - C(q)`).  The payoff is one sympy
expression in the own action, the aggregate, named parameters and possibly the number of
players :math:`N`, which may stay a symbol (then closed forms come out as functions of
:math:`N`).  Partial derivatives are written :math:`u_1 = \partial u / \partial q_i` and
:math:`u_2 = \partial u / \partial Q`.

Players outside a coalition (the fringe) behave in one of two ways:

* ``"cournot"``: each best-responds, taking into account its own effect on the aggregate, with
  first-order condition :math:`u_1 + u_2 = 0`;
* ``"price_taking"``: each takes the aggregate as given (a competitive fringe, as in
  d'Aspremont et al. 1983), with first-order condition :math:`u_1 = 0`.

Coalition members always maximise their joint payoff (see
:mod:`~dualdilemma.coalitions.equilibrium`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import sympy

from dualdilemma.errors import InvalidGameError, InvalidParameterError
from dualdilemma.symbolic.game import _PlayerCountGame
from dualdilemma.symbolic.parameters import (
    NONNEGATIVE,
    POSITIVE,
    REAL,
    Domain,
    Parameter,
    integer_at_least,
    validate_values,
)
from dualdilemma.symbolic.parser import parse_expression

__all__ = ["CoalitionGame", "BoundGame", "Fringe", "FRINGES"]

Fringe = Literal["cournot", "price_taking"]
#: The fringe behaviours understood by the engine.
FRINGES: tuple[str, ...] = ("cournot", "price_taking")


def _domain_of(symbol: sympy.Symbol) -> Domain:
    if symbol.is_positive:
        return POSITIVE
    if symbol.is_nonnegative:
        return NONNEGATIVE
    return REAL


def _as_parameter(entry: Any, what: str) -> Parameter:
    if isinstance(entry, Parameter):
        return entry
    if isinstance(entry, sympy.Symbol):
        return Parameter(entry.name, _domain_of(entry))
    if isinstance(entry, str):
        return Parameter(entry, REAL)
    raise InvalidParameterError(
        f"{what} must be a Parameter, a sympy Symbol or a name, got {entry!r}"
    )


def _name_of(entry: Any, what: str) -> str:
    if isinstance(entry, sympy.Symbol | Parameter):
        return entry.name
    if isinstance(entry, str) and entry.isidentifier():
        return entry
    raise InvalidParameterError(f"{what} must be a sympy Symbol or an identifier, got {entry!r}")


def _rational(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


@dataclass(frozen=True)
class BoundGame:
    """A :class:`CoalitionGame` with every parameter and the number of players fixed.

    Attributes
    ----------
    payoff
        :math:`u(q, Q)` with exact rational constants, in the symbols ``own`` and ``total``.
    own, total
        The own-action and aggregate symbols.
    num_players
        :math:`N`, an int ``>= 2``.
    lower, upper
        Action bounds as sympy Rationals, ``None`` when unbounded.
    fringe
        ``"cournot"`` or ``"price_taking"``.
    exact
        ``False`` when some value was given as a float (results are then floats).
    values
        The parameter values as Fractions, by name (floats enter through their decimal form).
    """

    payoff: sympy.Expr
    own: sympy.Symbol
    total: sympy.Symbol
    num_players: int
    lower: sympy.Rational | None
    upper: sympy.Rational | None
    fringe: str
    exact: bool
    values: Mapping[str, Fraction]


class CoalitionGame(_PlayerCountGame):
    """A symmetric N-player game :math:`u(q_i, Q)` with continuous actions.

    Parameters
    ----------
    payoff
        A sympy expression, or a string parsed by the package's restricted parser
        (:func:`~dualdilemma.symbolic.parser.parse_expression`), in the own action, the
        aggregate, the parameters and (when symbolic) the number of players.
    parameters
        The parameters, as :class:`~dualdilemma.symbolic.parameters.Parameter` objects (whose
        domains validate values), sympy Symbols (domain from their assumptions) or names
        (the real line).  For a sympy ``payoff`` every free symbol that is not the own action,
        the aggregate or :math:`N` is a parameter, declared or not; a string may use declared
        names only.
    own, total
        Names (or Symbols) of the own action and of the aggregate.  Default ``"q"``, ``"Q"``.
    num_players
        An int ``>= 2``, or a Symbol / name / Parameter for a symbolic :math:`N` (integer,
        at least 2), which the payoff may use.
    lower, upper
        Bounds of every player's action: numbers or expressions in the parameters (e.g.
        ``upper="a/N"``); ``None`` (default) for an unbounded side.
    fringe
        How non-members behave: ``"cournot"`` (default) or ``"price_taking"`` (see the module
        docstring).
    title
        Free text for reports.

    Examples
    --------
    Linear Cournot oligopoly with inverse demand :math:`a - Q` and unit cost :math:`c`:

    >>> game = CoalitionGame("q*(a - Q) - c*q", ["a", "c"], num_players=3, lower=0)
    >>> game
    CoalitionGame(-c*q + q*(-Q + a), N=3, parameters (a, c), actions in [0, inf), fringe='cournot')
    >>> bound = game.bind({"a": 1, "c": 0})
    >>> bound.payoff, bound.num_players
    (q*(1 - Q), 3)
    """

    __slots__ = (
        "_payoff",
        "_own",
        "_total",
        "_parameters",
        "_num_players",
        "_num_players_parameter",
        "_lower",
        "_upper",
        "_fringe",
        "_title",
    )

    def __init__(
        self,
        payoff: Any,
        parameters: Sequence[Any] = (),
        *,
        own: Any = "q",
        total: Any = "Q",
        num_players: Any,
        lower: Any = None,
        upper: Any = None,
        fringe: Fringe = "cournot",
        title: str = "",
    ) -> None:
        if isinstance(parameters, str | sympy.Basic | Parameter):
            parameters = [parameters]
        own_name = _name_of(own, "own")
        total_name = _name_of(total, "total")
        if own_name == total_name:
            raise InvalidGameError(
                f"own action and aggregate need distinct names, got {own_name!r}"
            )
        # the number of players
        if isinstance(num_players, bool):
            raise InvalidParameterError(
                f"num_players must be an int >= 2 or a symbol, got {num_players!r}"
            )
        if isinstance(num_players, int | np.integer):
            if int(num_players) < 2:
                raise InvalidParameterError(f"num_players must be >= 2, got {num_players}")
            self._num_players_parameter: Parameter | None = None
            self._num_players: int | sympy.Symbol = int(num_players)
        else:
            name = _name_of(num_players, "num_players")
            self._num_players_parameter = Parameter(name, integer_at_least(2), "number of players")
            self._num_players = self._num_players_parameter.symbol
        declared = [_as_parameter(p, "a parameter") for p in parameters]
        names = [p.name for p in declared]
        if len(set(names)) != len(names):
            dupes = sorted({n for n in names if names.count(n) > 1})
            raise InvalidParameterError(f"parameters declared twice: {dupes}")
        reserved = {own_name, total_name}
        if self._num_players_parameter is not None:
            reserved.add(self._num_players_parameter.name)
        clash = sorted(reserved & set(names))
        if clash:
            raise InvalidParameterError(
                f"{clash} name the own action, the aggregate or the number of players and "
                "cannot also be parameters"
            )
        self._own = sympy.Symbol(own_name, real=True)
        self._total = sympy.Symbol(total_name, real=True)
        fixed: dict[str, sympy.Symbol] = {own_name: self._own, total_name: self._total}
        if self._num_players_parameter is not None:
            fixed[self._num_players_parameter.name] = self._num_players_parameter.symbol
        if isinstance(payoff, str):
            table = {**{p.name: p.symbol for p in declared}, **fixed}
            expr = parse_expression(payoff, table)
        elif isinstance(payoff, sympy.Basic):
            expr = payoff
            known = set(names) | set(fixed)
            for symbol in sorted(expr.free_symbols, key=lambda s: s.name):
                if not isinstance(symbol, sympy.Symbol):
                    raise InvalidGameError(f"payoff uses the unsupported object {symbol!r}")
                if symbol.name not in known:
                    declared.append(Parameter(symbol.name, _domain_of(symbol)))
                    known.add(symbol.name)
            by_name = {**{p.name: p.symbol for p in declared}, **fixed}
            expr = expr.xreplace({s: by_name[s.name] for s in expr.free_symbols})
        else:
            raise InvalidGameError(
                f"payoff must be a sympy expression or a string, got {type(payoff).__name__}"
            )
        if not isinstance(expr, sympy.Expr) or expr.has(sympy.zoo, sympy.nan, sympy.oo):
            raise InvalidGameError(f"payoff {expr!r} is not a finite expression")
        if self._own not in expr.free_symbols:
            raise InvalidGameError(
                f"payoff {expr} does not depend on the own action {own_name!r}; a coalition "
                "game needs u(q, Q) with q the player's own action"
            )
        self._payoff = expr
        self._parameters = tuple(declared)
        table = {**{p.name: p.symbol for p in declared}}
        if self._num_players_parameter is not None:
            table[self._num_players_parameter.name] = self._num_players_parameter.symbol
        self._lower = self._bound(lower, table, "lower")
        self._upper = self._bound(upper, table, "upper")
        if fringe not in FRINGES:
            raise InvalidParameterError(f"fringe must be one of {list(FRINGES)}, got {fringe!r}")
        self._fringe = str(fringe)
        self._title = str(title)

    @staticmethod
    def _bound(value: Any, table: Mapping[str, sympy.Symbol], what: str) -> sympy.Expr | None:
        if value is None:
            return None
        if isinstance(value, str):
            return parse_expression(value, table)
        if isinstance(value, sympy.Basic):
            by_name = dict(table)
            unknown = sorted(s.name for s in value.free_symbols if s.name not in by_name)
            if unknown:
                raise InvalidGameError(f"{what} bound uses undeclared symbols {unknown}")
            return value.xreplace({s: by_name[s.name] for s in value.free_symbols})
        if isinstance(value, bool):
            raise InvalidParameterError(f"{what} bound must be a number, got {value!r}")
        from dualdilemma._numbers import to_fraction

        try:
            return _rational(to_fraction(value, what=f"{what} bound"))
        except InvalidGameError as exc:
            raise InvalidParameterError(str(exc)) from None

    # -- views ------------------------------------------------------------------------------
    @property
    def payoff(self) -> sympy.Expr:
        """:math:`u(q, Q)` as a sympy expression."""
        return self._payoff

    @property
    def own(self) -> sympy.Symbol:
        return self._own

    @property
    def total(self) -> sympy.Symbol:
        return self._total

    @property
    def lower(self) -> sympy.Expr | None:
        return self._lower

    @property
    def upper(self) -> sympy.Expr | None:
        return self._upper

    @property
    def fringe(self) -> str:
        return self._fringe

    @property
    def title(self) -> str:
        return self._title

    def __repr__(self) -> str:
        names = ", ".join(p.name for p in self._parameters)
        low = "-inf" if self._lower is None else str(self._lower)
        high = "inf" if self._upper is None else str(self._upper)
        left = "(" if self._lower is None else "["
        right = ")" if self._upper is None else "]"
        return (
            f"CoalitionGame({self._payoff}, N={self._num_players}, parameters ({names}), "
            f"actions in {left}{low}, {high}{right}, fringe={self._fringe!r})"
        )

    # -- binding values ---------------------------------------------------------------------
    def substitution(
        self, values: Mapping[Any, Any] | None, *, require_all: bool
    ) -> tuple[dict[sympy.Symbol, sympy.Rational], dict[str, Fraction], bool]:
        """Validate ``values`` and return ``(symbol -> Rational, name -> Fraction, exact)``."""
        values = dict(values or {})
        for key in values:
            if isinstance(key, Parameter):
                continue
            if not isinstance(key, str | sympy.Symbol):
                raise InvalidParameterError(
                    f"parameter values must be keyed by name, Symbol or Parameter, got {key!r}"
                )
        exact = not any(isinstance(v, float | np.floating) for v in values.values())
        checked = validate_values(self._all_parameters(), values, require_all=require_all)
        symbols = {p.name: p.symbol for p in self._all_parameters()}
        replace = {symbols[name]: _rational(v) for name, v in checked.items()}
        return replace, checked, exact

    def bind(self, values: Mapping[Any, Any] | None = None) -> BoundGame:
        """Fix every parameter (and a symbolic :math:`N`); validates domains and bounds.

        Raises
        ------
        InvalidParameterError
            For an unknown or missing parameter, a value outside its domain, or
            ``lower > upper``.
        """
        replace, checked, exact = self.substitution(values, require_all=True)
        if self._num_players_parameter is None:
            n = int(self._num_players)
        else:
            n = int(checked[self._num_players_parameter.name])
        payoff = self._payoff.xreplace(replace)
        lower = None if self._lower is None else self._lower.xreplace(replace)
        upper = None if self._upper is None else self._upper.xreplace(replace)
        for what, bound in (("lower", lower), ("upper", upper)):
            if bound is not None and not bound.is_Rational:
                raise InvalidParameterError(
                    f"the {what} action bound evaluates to {bound}, not a rational number"
                )
        if lower is not None and upper is not None and lower > upper:
            raise InvalidParameterError(
                f"the action bounds need lower <= upper, got [{lower}, {upper}]"
            )
        return BoundGame(
            payoff=payoff,
            own=self._own,
            total=self._total,
            num_players=n,
            lower=lower,
            upper=upper,
            fringe=self._fringe,
            exact=exact,
            values=checked,
        )
