r"""Games whose payoffs are sympy expressions in named parameters.

:class:`SymbolicGame` is a normal-form game (see :mod:`dualdilemma.games.normal_form` for the
payoff-tensor convention :math:`U[i, s_1, \dots, s_n]`) in which every payoff is an expression
in declared :class:`~dualdilemma.symbolic.parameters.Parameter` objects.  Three things derive
from it, never re-typed:

* :meth:`SymbolicGame.substitute` binds values (validated against their domains) and returns a
  :class:`~dualdilemma.games.normal_form.NormalFormGame`, exact (Fractions, evaluated by
  :func:`~dualdilemma.symbolic.exact.evaluate_exact`) or float;
* :meth:`SymbolicGame.lambdify` compiles all payoffs once (``sympy.lambdify`` with common
  subexpression elimination) into a numpy function evaluating them over parameter grids;
* :mod:`dualdilemma.analysis.conditions` reads the expressions to derive the parametric
  equilibrium conditions.

:class:`SymbolicAnonymousGame` is a symmetric game with :math:`m` actions in which a player's
payoff depends on its own action :math:`j` and on how many of the :math:`N - 1` others play each
action, :math:`n = (n_0, \dots, n_{m-1})`, :math:`\sum_a n_a = N - 1` (Milchtaich 1996; Daskalakis
and Papadimitriou 2007).  Its payoffs are expressions :math:`u_j(n; \theta)` in the parameters
:math:`\theta`, in the count symbols and in the number of players :math:`N`, which may stay a
symbol.  Binding :math:`N` and the parameters gives an
:class:`~dualdilemma.games.anonymous.AnonymousGame` whose table for two actions is
``payoffs[j, c] = u_j(n = (N - 1 - c, c))`` (``c`` others play action 1).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from dualdilemma._numbers import to_fraction
from dualdilemma.errors import InvalidGameError, InvalidParameterError
from dualdilemma.games._memory import check_tensor_fits
from dualdilemma.games.normal_form import (
    NormalFormGame,
    _check_game_labels,
    _check_strategy_counts,
    _LabelledTensorGame,
)
from dualdilemma.symbolic.exact import evaluate_exact_many
from dualdilemma.symbolic.parameters import (
    Parameter,
    integer_at_least,
    parameter_map,
    validate_values,
)
from dualdilemma.symbolic.parser import parse_expression

__all__ = ["SymbolicGame", "SymbolicAnonymousGame", "PayoffFunction", "is_exact_input"]


def is_exact_input(values: Mapping[Any, Any]) -> bool:
    """Whether no value is a float (the default rule for choosing exact arithmetic).

    >>> is_exact_input({"a": 1, "b": "1/3"}), is_exact_input({"a": 0.5})
    (True, False)
    """
    return not any(isinstance(v, float | np.floating) for v in values.values())


def _to_expr(entry: Any, symbols: Mapping[str, sympy.Symbol]) -> sympy.Expr:
    if isinstance(entry, str):
        return parse_expression(entry, symbols)
    if isinstance(entry, sympy.Basic):
        return entry
    if isinstance(entry, bool):
        raise InvalidGameError(f"a payoff must be a number or an expression, got {entry!r}")
    if isinstance(entry, int | Fraction | float | np.integer | np.floating):
        value = to_fraction(entry, what="payoff")
        return sympy.Rational(value.numerator, value.denominator)
    raise InvalidGameError(
        f"a payoff must be a number, a sympy expression or a string, got {type(entry).__name__}"
    )


def _check_free_symbols(expr: sympy.Basic, allowed: Mapping[str, sympy.Symbol], where: str) -> None:
    declared = set(allowed.values())
    for symbol in expr.free_symbols:
        if symbol in declared:
            continue
        hint = ""
        if symbol.name in allowed:
            hint = (
                " (a parameter of that name is declared with other assumptions: build "
                "expressions from Parameter.symbol)"
            )
        raise InvalidGameError(f"{where} uses the undeclared symbol {symbol.name!r}{hint}")


def _rational(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


def _as_constraint(entry: Any, symbols: Mapping[str, sympy.Symbol]) -> sympy.Basic:
    if not isinstance(entry, sympy.logic.boolalg.Boolean):
        raise InvalidGameError(
            f"a constraint must be a sympy relation such as p0 <= p1, got {entry!r}"
        )
    _check_free_symbols(entry, symbols, "constraint")
    return entry


def _check_constraints(
    constraints: Sequence[sympy.Basic], bound: Mapping[sympy.Symbol, Fraction]
) -> None:
    for constraint in constraints:
        if not constraint.free_symbols <= set(bound):
            continue
        holds = constraint.xreplace({s: _rational(v) for s, v in bound.items()})
        if holds is not sympy.true:
            shown = ", ".join(
                f"{s.name} = {v}"
                for s, v in sorted(bound.items(), key=lambda kv: kv[0].name)
                if s in constraint.free_symbols
            )
            raise InvalidParameterError(f"constraint {constraint} does not hold at {shown}")


class PayoffFunction:
    """All payoffs of a symbolic game compiled once into one numpy function.

    Call it with one keyword per parameter (scalars or arrays, broadcast together); it returns
    a float array of shape ``(n, a_1, ..., a_n, *grid_shape)``.  Values are checked against
    their domains unless ``validate=False`` was given to :meth:`SymbolicGame.lambdify`.
    """

    def __init__(
        self,
        parameters: Sequence[Parameter],
        exprs: Sequence[sympy.Expr],
        shape: tuple[int, ...],
        *,
        validate: bool = True,
    ) -> None:
        self.parameters = tuple(parameters)
        self.shape = shape
        self.validate = validate
        symbols = [p.symbol for p in self.parameters]
        self._function = sympy.lambdify(symbols, list(exprs), modules="numpy", cse=True)

    def __call__(self, values: Mapping[str, Any] | None = None, /, **kwargs: Any) -> np.ndarray:
        given = dict(values or {}, **kwargs)
        unknown = set(given) - {p.name for p in self.parameters}
        if unknown:
            raise InvalidParameterError(
                f"unknown parameters {sorted(unknown)}; "
                f"expected {[p.name for p in self.parameters]}"
            )
        args = []
        for parameter in self.parameters:
            if parameter.name not in given:
                raise InvalidParameterError(f"missing values for parameter {parameter.name!r}")
            value = given[parameter.name]
            args.append(
                parameter.validate_array(value) if self.validate else np.asarray(value, float)
            )
        with np.errstate(divide="ignore", invalid="ignore"):
            results = self._function(*args)
        grid = np.broadcast_shapes(*(np.shape(a) for a in args)) if args else ()
        stacked = np.empty((len(results), *grid), dtype=float)
        for index, result in enumerate(results):
            stacked[index] = result
        return stacked.reshape(*self.shape, *grid)

    def __repr__(self) -> str:
        names = ", ".join(p.name for p in self.parameters)
        return f"PayoffFunction({names}) -> shape {self.shape} + grid"


class SymbolicGame(_LabelledTensorGame):
    """A normal-form game with sympy payoffs in declared parameters.

    Parameters
    ----------
    payoffs
        Array-like of shape ``(n, a_1, ..., a_n)`` of sympy expressions, numbers, or strings
        (parsed by the restricted :func:`~dualdilemma.symbolic.parser.parse_expression`).
    parameters
        The declared parameters; every free symbol of a payoff must be one of their symbols.
    players, strategies, title
        Labels, as in :class:`~dualdilemma.games.normal_form.NormalFormGame`.
    constraints
        Sympy booleans relating parameters (e.g. ``p0 <= p1``), checked by :meth:`substitute`.

    Examples
    --------
    A parametric prisoner's dilemma (temptation T, reward R, punishment P, sucker S = 0):

    >>> from dualdilemma.symbolic.parameters import Parameter, REAL
    >>> T, R, P = (Parameter(x, REAL) for x in "TRP")
    >>> pd = SymbolicGame([[["R", 0], ["T", "P"]], [["R", "T"], [0, "P"]]], [T, R, P],
    ...                   strategies=[["C", "D"], ["C", "D"]])
    >>> pd.substitute({"T": 5, "R": 3, "P": 1}).payoff((1, 1))
    (Fraction(1, 1), Fraction(1, 1))
    >>> f = pd.lambdify()
    >>> f(T=np.array([4.0, 5.0]), R=3.0, P=1.0).shape
    (2, 2, 2, 2)
    """

    __slots__ = (
        "_payoffs",
        "_parameters",
        "_players",
        "_strategies",
        "_title",
        "_constraints",
        "_float_function",
    )

    def __init__(
        self,
        payoffs: Any,
        parameters: Sequence[Parameter],
        *,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        constraints: Sequence[Any] = (),
        title: str = "",
    ) -> None:
        by_name = parameter_map(parameters)
        symbols = {name: p.symbol for name, p in by_name.items()}
        raw = np.asarray(payoffs, dtype=object)
        if raw.ndim < 2 or raw.shape[0] != raw.ndim - 1:
            raise InvalidGameError(
                f"payoffs must have shape (n, a_1, ..., a_n), got shape {raw.shape}"
            )
        table = np.empty(raw.shape, dtype=object)
        for index in np.ndindex(raw.shape):
            expr = _to_expr(raw[index], symbols)
            _check_free_symbols(expr, symbols, f"payoff {index}")
            table[index] = expr
        table.setflags(write=False)
        self._payoffs = table
        self._parameters = tuple(by_name.values())
        self._constraints = tuple(_as_constraint(c, symbols) for c in constraints)
        shape = tuple(int(a) for a in raw.shape[1:])
        _check_strategy_counts(shape)
        check_tensor_fits(len(shape), shape, exact=False)  # its numeric games must fit
        self._players, self._strategies = _check_game_labels(players, strategies, shape)
        self._title = str(title)
        self._float_function: PayoffFunction | None = None

    # -- views ----------------------------------------------------------------------------------
    @property
    def payoffs(self) -> np.ndarray:
        """The read-only ``object`` array of sympy payoffs, shape ``(n, a_1, ..., a_n)``."""
        return self._payoffs

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return self._parameters

    @property
    def symbols(self) -> tuple[sympy.Symbol, ...]:
        return tuple(p.symbol for p in self._parameters)

    @property
    def constraints(self) -> tuple[sympy.Basic, ...]:
        return self._constraints

    def payoff(self, pure_profile: Sequence[int]) -> tuple[sympy.Expr, ...]:
        """Each player's payoff expression at a pure profile (strategy indices)."""
        index = self._pure_index(pure_profile)
        if index is None:
            from dualdilemma.errors import InvalidProfileError

            raise InvalidProfileError(f"pure profile {pure_profile!r} does not fit {self.shape}")
        return self._payoffs_at(index)

    # -- derived games --------------------------------------------------------------------------
    def validate(
        self, values: Mapping[Any, Any], *, require_all: bool = True
    ) -> dict[str, Fraction]:
        """Check values against domains and constraints; ``{name: Fraction}``."""
        checked = validate_values(self._parameters, values, require_all=require_all)
        by_name = parameter_map(self._parameters)
        _check_constraints(self._constraints, {by_name[n].symbol: v for n, v in checked.items()})
        return checked

    def substitute(self, values: Mapping[Any, Any], *, exact: bool | None = None) -> NormalFormGame:
        """The numeric game at ``values`` (``{name or symbol: number}``, every parameter).

        ``exact=None`` chooses exact arithmetic unless a value is a float.  In exact mode an
        irrational payoff (e.g. ``sqrt(2)``) raises :class:`~dualdilemma.errors.ExpressionError`.
        """
        checked = self.validate(values)
        if exact is None:
            exact = is_exact_input(values)
        by_name = parameter_map(self._parameters)
        flat = list(self._payoffs.reshape(-1))
        if exact:
            bound = {by_name[n].symbol: v for n, v in checked.items()}
            numbers = evaluate_exact_many(flat, bound)
            table = np.empty(len(flat), dtype=object)
            table[:] = numbers
        else:
            function = self.lambdify()
            table = function({n: float(v) for n, v in checked.items()})
        return NormalFormGame(
            table.reshape(self._payoffs.shape),
            players=self._players,
            strategies=self._strategies,
            exact=exact,
            title=self._title,
        )

    def partial(self, values: Mapping[Any, Any]) -> SymbolicGame:
        """The symbolic game with some parameters fixed (exactly) and removed."""
        checked = validate_values(self._parameters, values, require_all=False)
        by_name = parameter_map(self._parameters)
        replace = {by_name[n].symbol: _rational(v) for n, v in checked.items()}
        _check_constraints(self._constraints, {by_name[n].symbol: v for n, v in checked.items()})
        payoffs = np.empty(self._payoffs.shape, dtype=object)
        for index in np.ndindex(self._payoffs.shape):
            payoffs[index] = self._payoffs[index].xreplace(replace)
        constraints = [c.xreplace(replace) for c in self._constraints]
        constraints = [c for c in constraints if c is not sympy.true]
        return SymbolicGame(
            payoffs,
            [p for p in self._parameters if p.name not in checked],
            players=self._players,
            strategies=self._strategies,
            constraints=constraints,
            title=self._title,
        )

    def lambdify(self, *, validate: bool = True) -> PayoffFunction:
        """Compile all payoffs once into a numpy function of the parameters (see
        :class:`PayoffFunction`)."""
        if validate and self._float_function is not None:
            return self._float_function
        function = PayoffFunction(
            self._parameters,
            list(self._payoffs.reshape(-1)),
            self._payoffs.shape,
            validate=validate,
        )
        if validate:
            self._float_function = function
        return function

    def __repr__(self) -> str:
        dims = "x".join(str(a) for a in self.shape)
        names = ", ".join(p.name for p in self._parameters)
        return (
            f"SymbolicGame({self.num_players} players, {dims}, parameters ({names}), "
            f"title={self._title!r})"
        )


class _PlayerCountGame:
    """Views shared by the games whose number of players is an int or a parameter ``N``
    (:class:`SymbolicAnonymousGame`, :class:`~dualdilemma.coalitions.game.CoalitionGame`)."""

    __slots__ = ()

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return self._parameters

    @property
    def num_players(self) -> int | sympy.Symbol:
        """An int, or the symbol of the number-of-players parameter."""
        return self._num_players

    @property
    def num_players_parameter(self) -> Parameter | None:
        return self._num_players_parameter

    def _all_parameters(self) -> list[Parameter]:
        """The declared parameters, then ``N`` when it is symbolic."""
        extra = [self._num_players_parameter] if self._num_players_parameter else []
        return [*self._parameters, *extra]


class SymbolicAnonymousGame(_PlayerCountGame):
    """A symmetric game whose payoffs depend on one's action and the counts of the others'.

    Parameters
    ----------
    payoffs
        One expression per action ``j``: the payoff :math:`u_j` of playing ``j``, in the
        parameters, the count symbols and the number of players.
    parameters
        The declared parameters (not including the number of players).
    num_players
        An int ``>= 2``, or a :class:`Parameter` with an integer domain for a symbolic ``N``
        (default: ``Parameter("N", integer_at_least(2))``).
    counts
        One symbol (or name) per action: how many of the *other* players play it.  Default
        ``n0, n1, ...``.  Payoffs may use any of them; they always sum to ``N - 1``.
    actions
        Action labels (default ``"0"``, ``"1"``...).
    constraints, title
        As in :class:`SymbolicGame`.

    Examples
    --------
    A linear public good with N players: contributing (action 1) costs 1 and returns m to each.

    >>> from dualdilemma.symbolic.parameters import Parameter, POSITIVE
    >>> m = Parameter("m", POSITIVE)
    >>> game = SymbolicAnonymousGame(["1 + m*n1", "m*(n1 + 1)"], [m], actions=["keep", "give"])
    >>> game.payoff("give", {"keep": 0, "give": game.num_players - 1})
    N*m
    """

    __slots__ = (
        "_payoffs",
        "_parameters",
        "_num_players",
        "_num_players_parameter",
        "_counts",
        "_actions",
        "_constraints",
        "_title",
    )

    def __init__(
        self,
        payoffs: Sequence[Any],
        parameters: Sequence[Parameter],
        *,
        num_players: int | Parameter | None = None,
        counts: Sequence[sympy.Symbol | str] | None = None,
        actions: Sequence[str] | None = None,
        constraints: Sequence[Any] = (),
        title: str = "",
    ) -> None:
        payoffs = list(payoffs)
        m = len(payoffs)
        if m < 1:
            raise InvalidGameError("an anonymous game needs at least one action")
        by_name = parameter_map(parameters)
        if num_players is None:
            num_players = Parameter("N", integer_at_least(2), "number of players")
        if isinstance(num_players, Parameter):
            if (
                not num_players.domain.integer
                or num_players.domain.lower is None
                or (num_players.domain.lower < 1)
            ):
                raise InvalidParameterError(
                    f"the number of players {num_players.name!r} needs an integer domain >= 1, "
                    f"got {num_players.domain.describe()}"
                )
            if num_players.name in by_name:
                raise InvalidParameterError(
                    f"{num_players.name!r} is both a parameter and the number of players"
                )
            self._num_players_parameter: Parameter | None = num_players
            self._num_players: int | sympy.Symbol = num_players.symbol
        else:
            if isinstance(num_players, bool) or not isinstance(num_players, int | np.integer):
                raise InvalidParameterError(
                    f"num_players must be an int >= 2 or a Parameter, got {num_players!r}"
                )
            if int(num_players) < 2:
                raise InvalidParameterError(f"num_players must be >= 2, got {num_players}")
            self._num_players_parameter = None
            self._num_players = int(num_players)
        if counts is None:
            counts = [f"n{j}" for j in range(m)]
        if len(counts) != m:
            raise InvalidGameError(
                f"counts: expected {m} symbols (one per action), got {len(counts)}"
            )
        count_symbols = tuple(
            c
            if isinstance(c, sympy.Symbol)
            else sympy.Symbol(str(c), integer=True, nonnegative=True)
            for c in counts
        )
        names = [c.name for c in count_symbols]
        clash = (set(names) & set(by_name)) | (
            {self._num_players_parameter.name} & set(names)
            if self._num_players_parameter
            else set()
        )
        if len(set(names)) != m or clash:
            raise InvalidGameError(
                f"count symbols {names} must be distinct from each other and parameters"
            )
        self._counts = count_symbols
        allowed = {name: p.symbol for name, p in by_name.items()}
        allowed.update({c.name: c for c in count_symbols})
        if self._num_players_parameter is not None:
            allowed[self._num_players_parameter.name] = self._num_players_parameter.symbol
        exprs = []
        for j, entry in enumerate(payoffs):
            expr = _to_expr(entry, allowed)
            _check_free_symbols(expr, allowed, f"payoff of action {j}")
            exprs.append(expr)
        self._payoffs = tuple(exprs)
        self._parameters = tuple(by_name.values())
        self._constraints = tuple(_as_constraint(c, allowed) for c in constraints)
        labels = tuple(str(a) for a in (actions if actions is not None else range(m)))
        if len(labels) != m or len(set(labels)) != m:
            raise InvalidGameError(f"actions: expected {m} distinct labels, got {list(labels)}")
        self._actions = labels
        self._title = str(title)

    # -- views ----------------------------------------------------------------------------------
    @property
    def payoffs(self) -> tuple[sympy.Expr, ...]:
        """The payoff expression of each action, in parameters, counts and ``N``."""
        return self._payoffs

    @property
    def counts(self) -> tuple[sympy.Symbol, ...]:
        """The count symbols: how many others play each action."""
        return self._counts

    @property
    def actions(self) -> tuple[str, ...]:
        return self._actions

    @property
    def num_actions(self) -> int:
        return len(self._actions)

    @property
    def constraints(self) -> tuple[sympy.Basic, ...]:
        return self._constraints

    @property
    def title(self) -> str:
        return self._title

    def action_index(self, action: int | str) -> int:
        """The index of an action given by index or label."""
        if isinstance(action, str):
            if action not in self._actions:
                raise InvalidGameError(f"unknown action {action!r}; actions: {list(self._actions)}")
            return self._actions.index(action)
        index = int(action)
        if not 0 <= index < self.num_actions:
            raise InvalidGameError(f"action index {index} out of range 0..{self.num_actions - 1}")
        return index

    def payoff(self, action: int | str, others: Mapping[Any, Any] | Sequence[Any]) -> sympy.Expr:
        """``u_j`` with the others' counts bound (a sequence per action, or ``{action: count}``).

        Counts may be numbers or expressions (e.g. ``N - 1``).
        """
        j = self.action_index(action)
        if isinstance(others, Mapping):
            values = [sympy.Integer(0)] * self.num_actions
            for key, count in others.items():
                values[self.action_index(key)] = sympy.sympify(count)
        else:
            if len(others) != self.num_actions:
                raise InvalidGameError(f"counts: expected {self.num_actions} numbers")
            values = [sympy.sympify(c) for c in others]
        return self._payoffs[j].xreplace(dict(zip(self._counts, values, strict=True)))

    # -- derived games --------------------------------------------------------------------------
    def validate(
        self, values: Mapping[Any, Any], *, require_all: bool = True
    ) -> dict[str, Fraction]:
        """Check values (parameters and, when symbolic, ``N``) against domains and constraints."""
        everything = self._all_parameters()
        checked = validate_values(everything, values, require_all=require_all)
        by_name = parameter_map(everything)
        _check_constraints(self._constraints, {by_name[n].symbol: v for n, v in checked.items()})
        return checked

    def partial(self, values: Mapping[Any, Any]) -> SymbolicAnonymousGame:
        """Fix some parameters (and possibly ``N``) exactly; the rest stay symbolic."""
        checked = self.validate(values, require_all=False)
        everything = parameter_map(self._all_parameters())
        replace = {everything[n].symbol: _rational(v) for n, v in checked.items()}
        num_players: int | Parameter | None = self._num_players_parameter
        if self._num_players_parameter and self._num_players_parameter.name in checked:
            num_players = int(checked[self._num_players_parameter.name])
        elif num_players is None:
            num_players = int(self._num_players)
        constraints = [c.xreplace(replace) for c in self._constraints]
        return SymbolicAnonymousGame(
            [p.xreplace(replace) for p in self._payoffs],
            [p for p in self._parameters if p.name not in checked],
            num_players=num_players,
            counts=self._counts,
            actions=self._actions,
            constraints=[c for c in constraints if c is not sympy.true],
            title=self._title,
        )

    def count_profiles(self, num_players: int) -> np.ndarray:
        """All count vectors of ``num_players - 1`` others over the actions, shape ``(C, m)``,
        in the column order of :class:`~dualdilemma.games.anonymous.AnonymousGame` (decreasing
        lexicographic; for two actions ``(N - 1 - c, c)`` for ``c = 0, ..., N - 1``)."""
        from dualdilemma.games.anonymous import count_vectors

        return count_vectors(num_players - 1, self.num_actions)

    def _bound(self, values: Mapping[Any, Any]) -> tuple[int, dict[sympy.Symbol, Fraction]]:
        checked = self.validate(values)
        everything = parameter_map(self._all_parameters())
        bound = {everything[n].symbol: v for n, v in checked.items()}
        if self._num_players_parameter is None:
            n = int(self._num_players)
        else:
            n = int(checked[self._num_players_parameter.name])
            if n < 2:
                raise InvalidParameterError(f"the number of players must be >= 2, got {n}")
        return n, bound

    def payoff_table(
        self, values: Mapping[Any, Any], *, exact: bool | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """``(counts, table)``: the count vectors ``(C, m)`` and payoffs ``table[j, row]``."""
        if exact is None:
            exact = is_exact_input(values)
        n, bound = self._bound(values)
        counts = self.count_profiles(n)
        env: dict[sympy.Symbol, Any] = dict(bound)
        if exact:
            for a, symbol in enumerate(self._counts):
                column = np.empty(len(counts), dtype=object)
                column[:] = [Fraction(int(x)) for x in counts[:, a]]
                env[symbol] = column
            rows = evaluate_exact_many(list(self._payoffs), env)
            table = np.empty((self.num_actions, len(counts)), dtype=object)
            for j, row in enumerate(rows):
                table[j] = row
        else:
            symbols = [*bound, *self._counts]
            function = sympy.lambdify(symbols, list(self._payoffs), modules="numpy", cse=True)
            args = [float(v) for v in bound.values()] + [
                counts[:, a].astype(float) for a in range(self.num_actions)
            ]
            with np.errstate(divide="ignore", invalid="ignore"):
                results = function(*args)
            table = np.empty((self.num_actions, len(counts)), dtype=float)
            for j, result in enumerate(results):
                table[j] = result
        return counts, table

    def substitute(self, values: Mapping[Any, Any], *, exact: bool | None = None) -> Any:
        """The :class:`~dualdilemma.games.anonymous.AnonymousGame` at ``values``.

        ``values`` binds every parameter and, when it is symbolic, the number of players.
        """
        from dualdilemma.games.anonymous import AnonymousGame

        if exact is None:
            exact = is_exact_input(values)
        n, _ = self._bound(values)
        _, table = self.payoff_table(values, exact=exact)
        return AnonymousGame(n, table, actions=self._actions, exact=exact, title=self._title)

    def to_symbolic_game(self, num_players: int | None = None) -> SymbolicGame:
        """The full normal form for a small number of players (``num_players ** ...`` profiles).

        Each player's payoff at a profile is ``u_j`` with the counts of the other players'
        actions; a symbolic ``N`` is replaced by ``num_players``.
        """
        if self._num_players_parameter is None:
            n = int(self._num_players)
            if num_players is not None and num_players != n:
                raise InvalidParameterError(f"this game has {n} players, not {num_players}")
        else:
            if num_players is None:
                raise InvalidParameterError("num_players is needed when N is symbolic")
            n = self._num_players_parameter.validate(num_players).numerator
        m = self.num_actions
        from dualdilemma.games._memory import check_tensor_fits

        check_tensor_fits(n, (m,) * n, exact=True, limit=10**8)
        replace = {self._num_players: sympy.Integer(n)} if self._num_players_parameter else {}
        base = [p.xreplace(replace) for p in self._payoffs]
        payoffs = np.empty((n, *([m] * n)), dtype=object)
        cache: dict[tuple[int, tuple[int, ...]], sympy.Expr] = {}
        for profile in itertools.product(range(m), repeat=n):
            totals = [0] * m
            for a in profile:
                totals[a] += 1
            for i, own in enumerate(profile):
                others = list(totals)
                others[own] -= 1
                key = (own, tuple(others))
                if key not in cache:
                    cache[key] = base[own].xreplace(
                        {c: sympy.Integer(x) for c, x in zip(self._counts, others, strict=True)}
                    )
                payoffs[(i, *profile)] = cache[key]
        return SymbolicGame(
            payoffs,
            self._parameters,
            players=[f"Player {i + 1}" for i in range(n)],
            strategies=[list(self._actions)] * n,
            constraints=[c.xreplace(replace) for c in self._constraints],
            title=self._title,
        )

    def __repr__(self) -> str:
        names = ", ".join(p.name for p in self._parameters)
        return (
            f"SymbolicAnonymousGame(N={self._num_players}, actions={list(self._actions)}, "
            f"parameters ({names}), title={self._title!r})"
        )
