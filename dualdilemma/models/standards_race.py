r"""The standards race (MODEL section 3): suppliers compete on how strict their safeguards are.

Model
-----
A ladder of stringency levels :math:`x^0 < x^1 < \dots < x^L = 1` (default
:math:`0, \tfrac12, 1`); level 1 means *refuse* (control).  Supplier :math:`i` (capacity
:math:`k_i`, harm valuation :math:`h_i`, control cost :math:`c_i`, as in
:mod:`dualdilemma.models.export_market`) picks a level :math:`x_i`.  The buyer buys from the least
stringent suppliers first, up to their capacity; suppliers at the same level share in proportion
to capacity.  With :math:`C_v` the capacity at selling level :math:`v < L` and
:math:`B_v = \sum_{u < v} C_u` the capacity below it,

.. math::

    R_v = \max(0, 1 - B_v), \qquad \text{served}_v = \min(C_v, R_v), \qquad
    m_j = \frac{k_j\, \text{served}_{v(j)}}{C_{v(j)}} \ (0 \text{ if } C_{v(j)} = 0),

and refusers sell nothing.  Sales by :math:`j` screen out :math:`x_j` of the risk:
:math:`q = \sum_j m_j (1 - x_j) = \sum_{v < L} \text{served}_v (1 - x^v)`; the risk
:math:`P` and payoffs :math:`u_i = V m_i - h_i P - c_i [x_i = 1]` are those of the export market
(:func:`~dualdilemma.models.export_market.risk`,
:func:`~dualdilemma.models.export_market.supplier_payoff`), with :math:`s_j` replaced by
:math:`x_j`.  A supplier's own ``safeguard`` field is therefore not used here.

Actions are the ladder levels in increasing order, labelled ``"export@x"`` for selling levels
and ``"control"`` for the top level: action 0 is the floor, the last action is control, the
convention of the export market (where 0 = export, 1 = control).  With the ladder ``(s, 1)``
the race is exactly the export market in which every supplier has safeguard ``s``.

Claims (MODEL s.3, C2 and C3): when capacity is ample, everyone at the floor is an equilibrium; a
unilateral raise loses the sale and leaves the risk unchanged; and the highest sustainable common
standard falls as the number of suppliers grows, because undercutting a common level :math:`x^v`
wins :math:`V(\min(k, 1) - \min(k, 1/N))`, which grows with :math:`N`
(:func:`dualdilemma.analysis.dual_dilemma.race_to_the_bottom`).

One source of truth: :func:`served`, :func:`queue_share` and :func:`race_leakage` are the sympy
equations; the numeric game evaluates them over all profiles as tensors (one axis per supplier),
the symbolic game substitutes them profile by profile, and :class:`SymmetricStandardsRace`
substitutes group sizes into them to get an anonymous game in which :math:`N` may stay a symbol.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from dualdilemma.errors import GameTooLargeError, InvalidParameterError
from dualdilemma.games._memory import check_tensor_fits
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.models._market import (
    MARKET_PARAMETERS,
    NUM_SUPPLIERS,
    SupplierMarket,
    SymmetricMarket,
)
from dualdilemma.models._market import rational as _rational
from dualdilemma.models.export_market import (
    MarketOutcome,
    Supplier,
    as_suppliers,
    check_exact_size,
    normalise_profile,
    risk,
    supplier_payoff,
    validate_market,
)
from dualdilemma.solvers.result import json_number
from dualdilemma.symbolic.exact import evaluate_exact_many
from dualdilemma.symbolic.game import SymbolicAnonymousGame, SymbolicGame
from dualdilemma.symbolic.parameters import (
    NONNEGATIVE,
    POSITIVE,
    UNIT_INTERVAL,
    Parameter,
    integer_at_least,
    validate_number,
)

__all__ = [
    "DEFAULT_LADDER",
    "StandardsRace",
    "SymmetricStandardsRace",
    "served",
    "queue_share",
    "race_leakage",
    "validate_ladder",
    "ladder_labels",
    "MAX_SYMBOLIC_PROFILES",
]

DEFAULT_LADDER = (Fraction(0), Fraction(1, 2), Fraction(1))
#: Largest number of profiles for which :meth:`StandardsRace.symbolic_game` builds expressions.
MAX_SYMBOLIC_PROFILES = 4096


# -- the model equations, written once ------------------------------------------------------------
def served(below: sympy.Expr, group: sympy.Expr) -> sympy.Expr:
    r"""What a group of capacity :math:`C` sells after :math:`B` below it: :math:`\min(C, \max(0,
    1 - B))`.

    >>> served(sympy.Rational(3, 4), 1)
    1/4
    """
    return sympy.Min(group, sympy.Max(0, 1 - below))


def queue_share(capacity: sympy.Expr, group: sympy.Expr, sold: sympy.Expr) -> sympy.Expr:
    r"""A member's share :math:`k\, \text{served} / C` of what its group sold (0 if :math:`C = 0`).

    >>> queue_share(sympy.Rational(1, 2), sympy.Rational(3, 2), sympy.Rational(1, 2))
    1/6
    """
    return sympy.Piecewise((0, sympy.Eq(group, 0)), (capacity * sold / group, True))


def race_leakage(sold: Sequence[sympy.Expr], levels: Sequence[sympy.Expr]) -> sympy.Expr:
    r"""Unscreened supply :math:`q = \sum_v \text{served}_v (1 - x^v)` over the selling levels.

    >>> race_leakage([sympy.Rational(1, 2), sympy.Rational(1, 4)], [0, sympy.Rational(1, 2)])
    5/8
    """
    return sympy.Add(*[s * (1 - x) for s, x in zip(sold, levels, strict=True)])


# -- ladder ----------------------------------------------------------------------------------------
def validate_ladder(ladder: Iterable[Any]) -> tuple[Fraction, ...]:
    """Exact, strictly increasing levels in [0, 1] ending at 1 (refuse); at least two.

    >>> validate_ladder([0, "1/2", 1])
    (Fraction(0, 1), Fraction(1, 2), Fraction(1, 1))
    """
    levels = tuple(
        validate_number(x, UNIT_INTERVAL, f"ladder level {i}") for i, x in enumerate(ladder)
    )
    if len(levels) < 2:
        raise InvalidParameterError(
            f"ladder: needs at least 2 levels (a floor and 1 = refuse), got {len(levels)}"
        )
    if any(b <= a for a, b in itertools.pairwise(levels)):
        raise InvalidParameterError(
            f"ladder: levels must be strictly increasing, got {[str(x) for x in levels]}"
        )
    if levels[-1] != 1:
        raise InvalidParameterError(f"ladder: the top level must be 1 (refuse), got {levels[-1]}")
    return levels


def ladder_labels(levels: Sequence[Fraction]) -> tuple[str, ...]:
    """``("export@0", "export@1/2", "control")`` for the ladder ``(0, 1/2, 1)``."""
    return tuple(f"export@{x}" for x in levels[:-1]) + ("control",)


# generic symbols of the compiled evaluators
_V, _P0, _P1 = sympy.Symbol("V", positive=True), *sympy.symbols("p0 p1", nonnegative=True)
_K, _H, _C = sympy.symbols("k h c", nonnegative=True)
_BELOW, _GROUP = sympy.symbols("B C_v", nonnegative=True)
_SOLD, _Q, _R = sympy.symbols("served q r", nonnegative=True)


@functools.lru_cache(maxsize=1)
def _compiled_served() -> Any:
    return sympy.lambdify((_BELOW, _GROUP), served(_BELOW, _GROUP), modules="numpy")


@functools.lru_cache(maxsize=1)
def _compiled_share() -> Any:
    return sympy.lambdify((_K, _GROUP, _SOLD), queue_share(_K, _GROUP, _SOLD), modules="numpy")


@functools.lru_cache(maxsize=32)
def _generic_payoff(exponent: Fraction) -> sympy.Expr:
    gamma = _rational(exponent)
    # own share m = _SOLD here (already the member's share), r = 1 if refusing
    return supplier_payoff(_V, _SOLD, _H, risk(_Q, _P0, _P1, gamma), _C, _R)


@functools.lru_cache(maxsize=32)
def _compiled_payoff(exponent: Fraction) -> Any:
    args = (_V, _P0, _P1, _H, _C, _SOLD, _Q, _R)
    return sympy.lambdify(args, _generic_payoff(exponent), modules="numpy")


@functools.lru_cache(maxsize=32)
def _compiled_leakage(levels: tuple[Fraction, ...]) -> tuple[Any, tuple[sympy.Symbol, ...]]:
    sold = sympy.symbols(f"served0:{len(levels) - 1}", nonnegative=True)
    expr = race_leakage(sold, [_rational(x) for x in levels[:-1]])
    return sympy.lambdify(sold, expr, modules="numpy"), tuple(sold)


class _Ladder:
    """The ladder views of both race classes (``_levels`` set by their constructors)."""

    __slots__ = ()

    @property
    def levels(self) -> tuple[Fraction, ...]:
        """The ladder, floor first; the last level (1) is control."""
        return self._levels

    @property
    def actions(self) -> tuple[str, ...]:
        return ladder_labels(self._levels)


class StandardsRace(_Ladder, SupplierMarket):
    """A standards race among heterogeneous suppliers (see the module docstring).

    Parameters
    ----------
    value, risk_without_supply, risk_with_supply
        :math:`V > 0` and :math:`0 \\le p_0 \\le p_1 \\le 1`.
    suppliers
        At least two :class:`~dualdilemma.models.export_market.Supplier` with unique names
        (their ``safeguard`` is not used: the chosen level replaces it).
    ladder
        Stringency levels, strictly increasing in [0, 1], the last equal to 1 (refuse).
    risk_exponent, exact, title
        As in :class:`~dualdilemma.models.export_market.ExportMarket`.

    Examples
    --------
    Two suppliers that each cover the buyer: undercutting to the floor is each one's best reply.

    >>> race = StandardsRace(1, 0, 1, [Supplier("A", 1, "1/10", 0), Supplier("B", 1, "1/10", 0)])
    >>> race.actions
    ('export@0', 'export@1/2', 'control')
    >>> race.outcome(("export@0", "export@1/2")).shares
    (Fraction(1, 1), Fraction(0, 1))
    """

    _MODEL = "standards_race"
    _SUPPLIER_FIELDS = (
        ("k", "capacity", NONNEGATIVE, "capacity"),
        ("h", "harm", NONNEGATIVE, "harm valuation"),
        ("c", "control_cost", NONNEGATIVE, "control cost"),
    )

    def __init__(
        self,
        value: Any,
        risk_without_supply: Any,
        risk_with_supply: Any,
        suppliers: Iterable[Supplier | Mapping[str, Any]],
        ladder: Iterable[Any] = DEFAULT_LADDER,
        *,
        risk_exponent: Any = 1,
        exact: bool | None = None,
        title: str = "",
    ) -> None:
        raw = (value, risk_without_supply, risk_with_supply, risk_exponent)
        market = validate_market(*raw)
        checked = as_suppliers(suppliers)
        ladder = tuple(ladder)
        self._levels = validate_ladder(ladder)
        super().__init__(market, checked, (*raw, *ladder), exact, title)

    # -- views ----------------------------------------------------------------------------------
    @property
    def suppliers(self) -> tuple[Supplier, ...]:
        return self._suppliers

    @property
    def control_action(self) -> int:
        """The index of the refusal level."""
        return len(self._levels) - 1

    @classmethod
    def symmetric(
        cls,
        num_suppliers: int,
        *,
        value: Any,
        risk_without_supply: Any,
        risk_with_supply: Any,
        capacity: Any,
        harm: Any,
        control_cost: Any = 0,
        ladder: Iterable[Any] = DEFAULT_LADDER,
        risk_exponent: Any = 1,
        exact: bool | None = None,
        title: str = "",
    ) -> StandardsRace:
        """``num_suppliers`` identical suppliers named ``S1, S2, ...``."""
        n = validate_number(num_suppliers, integer_at_least(2), "num_suppliers").numerator
        suppliers = [Supplier(f"S{i + 1}", capacity, harm, 0, control_cost) for i in range(n)]
        return cls(
            value,
            risk_without_supply,
            risk_with_supply,
            suppliers,
            ladder,
            risk_exponent=risk_exponent,
            exact=exact,
            title=title,
        )

    # -- allocation ------------------------------------------------------------------------------
    def _allocation(self, profile: Sequence[int], env: Mapping[str, sympy.Expr]) -> tuple:
        """Symbolic shares and leakage at one profile (capacities from ``env``)."""
        n, top = self.num_suppliers, self.control_action
        k = [env[f"k_{i}"] for i in range(1, n + 1)]
        group = [sympy.Add(*[k[j] for j in range(n) if profile[j] == v]) for v in range(top)]
        sold = []
        below: sympy.Expr = sympy.Integer(0)
        for v in range(top):
            sold.append(served(below, group[v]))
            below = below + group[v]
        shares = [
            sympy.Integer(0)
            if profile[j] == top
            else queue_share(k[j], group[profile[j]], sold[profile[j]])
            for j in range(n)
        ]
        q = race_leakage(sold, [_rational(x) for x in self._levels[:-1]])
        return shares, q

    def symbolic_game(self, keep: Iterable[str] | None = None) -> SymbolicGame:
        """The game with sympy payoffs.

        Parameters
        ----------
        keep
            Names of the parameters that stay symbolic; the others are fixed at this race's
            values.  Default: ``V, p0, p1`` and every ``h_i, c_i``; capacities stay numeric by
            default because the queue makes payoffs piecewise in them.
        """
        n, m = self.num_suppliers, len(self._levels)
        if m**n > MAX_SYMBOLIC_PROFILES:
            raise GameTooLargeError(
                f"a symbolic standards race with {n} suppliers and {m} levels has {m**n} "
                f"profiles, above the limit of {MAX_SYMBOLIC_PROFILES}; use game() for numbers"
            )
        default = {"V", "p0", "p1"} | {f"{x}_{i}" for x in "hc" for i in range(1, n + 1)}
        symbolic, env, keep_set = self._symbolic_env(keep, default)
        gamma = env["gamma"]
        payoffs = np.empty((n, *([m] * n)), dtype=object)
        for profile in itertools.product(range(m), repeat=n):
            shares, q = self._allocation(profile, env)
            probability = risk(q, env["p0"], env["p1"], gamma)
            for i in range(n):
                refuses = sympy.Integer(1 if profile[i] == m - 1 else 0)
                payoffs[(i, *profile)] = supplier_payoff(
                    env["V"], shares[i], env[f"h_{i + 1}"], probability, env[f"c_{i + 1}"], refuses
                )
        return self._symbolic_game(payoffs, symbolic, env, keep_set)

    # -- numbers --------------------------------------------------------------------------------

    def game(self, exact: bool | None = None) -> NormalFormGame:
        """The normal-form game, every profile evaluated at once over tensors.

        Capacity at each level, capacity below it, what each level sells, each supplier's share
        and the leakage are tensors with one axis per supplier, computed from :func:`served`,
        :func:`queue_share` and :func:`race_leakage` (lambdified, or evaluated with Fractions).
        """
        exact = self._arithmetic(exact)
        n, m = self.num_suppliers, len(self._levels)
        check_exact_size(n, (m,) * n, exact)
        check_tensor_fits(n, (m,) * n, exact=exact)
        shape = (m,) * n
        dtype = object if exact else float
        convert = (lambda x: x) if exact else float
        zero = convert(Fraction(0))
        actions = [np.arange(m).reshape([m if a == j else 1 for a in range(n)]) for j in range(n)]
        group = []
        for v in range(m - 1):
            total = np.full(shape, zero, dtype=dtype)
            for j, supplier in enumerate(self._suppliers):
                total = total + np.where(actions[j] == v, convert(supplier.capacity), zero)
            group.append(total)
        sold, below = [], np.full(shape, zero, dtype=dtype)
        for v in range(m - 1):
            sold.append(
                self._evaluate(
                    served(_BELOW, _GROUP),
                    _compiled_served(),
                    exact,
                    {_BELOW: below, _GROUP: group[v]},
                )
            )
            below = below + group[v]
        leak_function, leak_symbols = _compiled_leakage(self._levels)
        if exact:
            expr = race_leakage(leak_symbols, [_rational(x) for x in self._levels[:-1]])
            q = self._evaluate(expr, None, True, dict(zip(leak_symbols, sold, strict=True)))
        else:
            q = np.broadcast_to(leak_function(*sold), shape)
        payoffs = np.empty((n, *shape), dtype=dtype)
        market = {_V: self._value, _P0: self._p0, _P1: self._p1}
        for i, supplier in enumerate(self._suppliers):
            level = np.broadcast_to(actions[i], shape)
            own_group = np.choose(np.minimum(level, m - 2), group) if m > 1 else group[0]
            own_sold = np.choose(np.minimum(level, m - 2), sold)
            share = self._evaluate(
                queue_share(_K, _GROUP, _SOLD),
                _compiled_share(),
                exact,
                {_K: supplier.capacity, _GROUP: own_group, _SOLD: own_sold},
            )
            refuses = np.where(level == m - 1, convert(Fraction(1)), zero)
            share = np.where(level == m - 1, zero, share)
            env = {
                **market,
                _H: supplier.harm,
                _C: supplier.control_cost,
                _SOLD: share,
                _Q: q,
                _R: refuses,
            }
            payoffs[i] = self._evaluate(
                _generic_payoff(self._gamma), _compiled_payoff(self._gamma), exact, env
            )
        return self._normal_form(payoffs, exact)

    @staticmethod
    def _evaluate(
        expr: sympy.Expr, function: Any, exact: bool, env: Mapping[sympy.Symbol, Any]
    ) -> np.ndarray:
        if exact:
            values = {
                s: (np.asarray(v, dtype=object) if isinstance(v, np.ndarray) else v)
                for s, v in env.items()
            }
            (result,) = evaluate_exact_many([expr], values)
            return result
        args = [
            np.asarray(env[s], dtype=float) if isinstance(env[s], np.ndarray) else float(env[s])
            for s in _ordered_args(function, env)
        ]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(function(*args), dtype=float)

    def outcome(self, profile: Sequence[Any], *, exact: bool | None = None) -> MarketOutcome:
        """Needs met, shares, leakage, risk and payoffs at a pure profile (indices or labels)."""
        exact = self._arithmetic(exact)
        index = normalise_profile(profile, self.num_suppliers, self.actions)
        env = {name: _rational(v) for name, v in self.parameter_values().items()}
        shares, q = self._allocation(index, env)
        probability = risk(q, env["p0"], env["p1"], env["gamma"])
        top = self.control_action
        payoffs = [
            supplier_payoff(
                env["V"],
                shares[i],
                env[f"h_{i + 1}"],
                probability,
                env[f"c_{i + 1}"],
                sympy.Integer(1 if index[i] == top else 0),
            )
            for i in range(self.num_suppliers)
        ]
        met = sympy.Add(*shares)
        numbers = evaluate_exact_many([met, q, probability, *shares, *payoffs], {})
        if not exact:
            numbers = [float(x) for x in numbers]
        n = self.num_suppliers
        return MarketOutcome(
            profile=index,
            actions=tuple(self.actions[a] for a in index),
            needs_met=numbers[0],
            shares=tuple(numbers[3 : 3 + n]),
            leakage=numbers[1],
            risk=numbers[2],
            payoffs=tuple(numbers[3 + n :]),
            exact=exact,
        )

    def _extra_dict(self) -> dict[str, Any]:
        return {"ladder": [json_number(x) for x in self._levels]}

    def __repr__(self) -> str:
        mode = "exact" if self._exact else "float"
        ladder = ", ".join(str(x) for x in self._levels)
        return (
            f"StandardsRace({self.num_suppliers} suppliers, ladder ({ladder}), V={self._value}, "
            f"p0={self._p0}, p1={self._p1}, {mode}, title={self._title!r})"
        )


def _ordered_args(function: Any, env: Mapping[sympy.Symbol, Any]) -> list[sympy.Symbol]:
    """The symbols of ``env`` in the order of the lambdified ``function``'s arguments."""
    names = function.__code__.co_varnames[: function.__code__.co_argcount]
    by_name = {s.name: s for s in env}
    return [by_name[name] for name in names]


# -- identical suppliers ---------------------------------------------------------------------------
_SYMMETRIC_FIELDS = {
    "value": MARKET_PARAMETERS[0],
    "risk_without_supply": MARKET_PARAMETERS[1],
    "risk_with_supply": MARKET_PARAMETERS[2],
    "capacity": Parameter("k", NONNEGATIVE, "capacity of each supplier"),
    "harm": Parameter("h", NONNEGATIVE, "harm valuation of each supplier"),
    "control_cost": Parameter("c", NONNEGATIVE, "control cost of each supplier"),
}
_NUM_SUPPLIERS = NUM_SUPPLIERS


class SymmetricStandardsRace(_Ladder, SymmetricMarket):
    """The standards race with identical suppliers, as an anonymous game.

    Any field left ``None`` stays a symbol (``V, p0, p1, k, h, c``), and so does the number of
    suppliers ``N`` when ``num_suppliers`` is ``None``.  The ladder is numeric.  Count symbols
    ``n_0, ..., n_L`` are how many *others* sit at each level.

    A member of a group of :math:`g` identical suppliers gets
    :math:`\\text{served} / g = \\min(k g, R) / g`: this is :func:`queue_share` with
    :math:`C = k g`, whose zero branch (:math:`k = 0`) gives the same value 0.

    >>> race = SymmetricStandardsRace(ladder=(0, 1))
    >>> race.game().payoff("export@0", {"export@0": race.num_suppliers - 1})
    -h*(p0 + (-p0 + p1)*Min(1, N*k)) + V*Min(1, N*k)/N
    """

    _FIELDS = _SYMMETRIC_FIELDS

    def __init__(
        self,
        num_suppliers: int | None = None,
        *,
        ladder: Iterable[Any] = DEFAULT_LADDER,
        value: Any = None,
        risk_without_supply: Any = None,
        risk_with_supply: Any = None,
        capacity: Any = None,
        harm: Any = None,
        control_cost: Any = None,
        risk_exponent: Any = 1,
        title: str = "",
    ) -> None:
        given = {
            "value": value,
            "risk_without_supply": risk_without_supply,
            "risk_with_supply": risk_with_supply,
            "capacity": capacity,
            "harm": harm,
            "control_cost": control_cost,
        }
        self._levels = validate_ladder(ladder)
        self._gamma = validate_number(risk_exponent, POSITIVE, "risk_exponent")
        self._bind(given, num_suppliers, title)

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        """The symbolic parameters (not including ``N``)."""
        return self._parameters

    @property
    def nonnegative_hints(self) -> tuple[sympy.Expr, ...]:
        """``p1 - p0`` (nonnegative by the model's constraint), when symbolic."""
        p0, p1 = self._symbols["risk_without_supply"], self._symbols["risk_with_supply"]
        return () if (p1 - p0).is_number else (p1 - p0,)

    def count_symbols(self) -> tuple[sympy.Symbol, ...]:
        return tuple(
            sympy.Symbol(f"n_{v}", integer=True, nonnegative=True) for v in range(len(self._levels))
        )

    def payoff(self, action: int | str, others: Sequence[Any]) -> sympy.Expr:
        """Payoff of playing ``action`` when ``others[v]`` of the others sit at level ``v``."""
        labels = self.actions
        a = labels.index(action) if isinstance(action, str) else int(action)
        if not 0 <= a < len(labels):
            raise InvalidParameterError(f"action {action!r} is not one of {list(labels)}")
        top = len(self._levels) - 1
        k = self._symbols["capacity"]
        sizes = [sympy.sympify(x) + (1 if v == a else 0) for v, x in enumerate(others)]
        sold, below = [], sympy.Integer(0)
        for v in range(top):
            sold.append(served(below, k * sizes[v]))
            below = below + k * sizes[v]
        q = race_leakage(sold, [_rational(x) for x in self._levels[:-1]])
        # queue_share(k, k g, served) with its k = 0 branch folded (it is 0 either way)
        share = sympy.Integer(0) if a == top else sold[a] / sizes[a]
        probability = risk(
            q,
            self._symbols["risk_without_supply"],
            self._symbols["risk_with_supply"],
            _rational(self._gamma),
        )
        return supplier_payoff(
            self._symbols["value"],
            share,
            self._symbols["harm"],
            probability,
            self._symbols["control_cost"],
            sympy.Integer(1 if a == top else 0),
        )

    def risk(self, counts: Sequence[Any]) -> sympy.Expr:
        """Risk when ``counts[v]`` suppliers (all of them, not just others) sit at level ``v``."""
        top = len(self._levels) - 1
        k = self._symbols["capacity"]
        sold, below = [], sympy.Integer(0)
        for v in range(top):
            group = k * sympy.sympify(counts[v])
            sold.append(served(below, group))
            below = below + group
        q = race_leakage(sold, [_rational(x) for x in self._levels[:-1]])
        return risk(
            q,
            self._symbols["risk_without_supply"],
            self._symbols["risk_with_supply"],
            _rational(self._gamma),
        )

    def game(self) -> SymbolicAnonymousGame:
        """The anonymous game: one action per level, counts ``n_0, ..., n_L`` of the others."""
        counts = self.count_symbols()
        payoffs = [self.payoff(a, counts) for a in range(len(self._levels))]
        return SymbolicAnonymousGame(
            payoffs,
            self._parameters,
            num_players=self._num_players(),
            counts=counts,
            actions=self.actions,
            constraints=self._risk_constraints(),
            title=self._title,
        )

    def race(
        self, values: Mapping[str, Any] | None = None, *, exact: bool | None = None
    ) -> StandardsRace:
        """The heterogeneous :class:`StandardsRace` with these identical suppliers; ``values``
        binds the symbolic fields by symbol name (``{"N": 4, "V": 1, ...}``)."""
        fields, n = self._field_values(values)
        return StandardsRace.symmetric(
            n,
            ladder=self._levels,
            risk_exponent=self._gamma,
            exact=exact,
            title=self._title,
            **fields,
        )

    def _key(self) -> tuple:
        return (self._levels, tuple(sorted(self._values.items())), self._gamma, str(self._n))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SymmetricStandardsRace):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        ladder = ", ".join(str(x) for x in self._levels)
        names = ", ".join(p.name for p in self._parameters)
        return f"SymmetricStandardsRace(N={self._n}, ladder ({ladder}), symbolic ({names}))"
