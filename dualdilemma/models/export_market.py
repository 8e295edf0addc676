r"""The export market (MODEL section 2): suppliers choose to export or to control.

Model
-----
Suppliers :math:`i = 1, \dots, N` have capacity :math:`k_i \ge 0` (the share of the proliferant's
needs :math:`i` alone could meet), harm valuation :math:`h_i \ge 0`, safeguard quality
:math:`s_i \in [0, 1]` and control cost :math:`c_i \ge 0`.  The market has value :math:`V > 0` and
proliferation risk :math:`p_0` without supply and :math:`p_1 \ge p_0` with full unsafeguarded
supply.  Each supplier plays action 0 = *export* or 1 = *control* (this order is used by every
model and report of the package).

With exporters :math:`E`, :math:`K_E = \sum_{j \in E} k_j` and :math:`S_E = \sum_{j \in E} k_j s_j`:

.. math::

    Q = \min(1, K_E), \qquad
    m_j = \frac{k_j Q}{K_E} = \frac{k_j}{\max(1, K_E)} \quad (j \in E), \qquad
    q = \sum_{j \in E} m_j (1 - s_j) = \frac{K_E - S_E}{\max(1, K_E)},

    P = p_0 + (p_1 - p_0)\, q^{\gamma}, \qquad
    u_i = V m_i - h_i P - c_i [a_i = \text{control}].

The form :math:`k_j / \max(1, K_E)` is exactly :math:`k_j Q / K_E` for :math:`K_E > 0` and gives the
required zero shares at :math:`K_E = 0` without a division by zero, so the piecewise nature of
:math:`Q` is kept exactly (as ``sympy.Max``), never smoothed.  :math:`\gamma = 1` (default) is the
linear risk of MODEL; :math:`\gamma \ne 1` is the optional power risk shape.

One source of truth
-------------------
The functions :func:`needs_met`, :func:`supplier_share`, :func:`leakage`, :func:`risk` and
:func:`supplier_payoff` *are* the model: sympy expressions written once.  Everything else derives
from them:

* :meth:`ExportMarket.symbolic_game` substitutes them profile by profile into a
  :class:`~dualdilemma.symbolic.game.SymbolicGame` (for small :math:`N`);
* :meth:`ExportMarket.game` evaluates the payoff of a *generic* supplier, an expression in
  :math:`(k, h, c, a, K_E, S_E)` and the market parameters, over all :math:`2^N` profiles at once:
  :math:`K_E` and :math:`S_E` are built as broadcast tensors, one axis per supplier, and the
  expression is compiled by ``sympy.lambdify`` (float) or evaluated with Fractions over ``object``
  arrays (exact);
* :class:`SymmetricExportMarket` substitutes :math:`K_E = k\,x` and :math:`S_E = s k\,x` for
  :math:`x` exporters into the same expressions, giving a
  :class:`~dualdilemma.symbolic.game.SymbolicAnonymousGame` in which :math:`N` may stay a symbol.

Consequence (MODEL s.2): if the other exporters' capacity covers the buyer's needs
(:math:`K_{E \setminus i} \ge 1`), a lone switch to control by :math:`i` changes the risk by
:math:`(p_1 - p_0)\, k_i (s_i - \bar s_{-i}) / K_E` (for :math:`\gamma = 1`; :math:`K_E`
includes :math:`i`), where :math:`\bar s_{-i}` is the other exporters' capacity-weighted mean
safeguard: it lowers the risk only if :math:`s_i < \bar s_{-i}`, and it always costs :math:`i`
its share :math:`V m_i`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from dualdilemma.errors import (
    GameTooLargeError,
    InvalidParameterError,
    InvalidProfileError,
)
from dualdilemma.games._memory import check_tensor_fits
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.models._market import (
    MARKET_PARAMETERS,
    NUM_SUPPLIERS,
    RISK_EXPONENT,
    SupplierMarket,
    SymmetricMarket,
    check_risk_order,
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
    "EXPORT",
    "CONTROL",
    "ACTIONS",
    "Supplier",
    "ExportMarket",
    "MarketOutcome",
    "SupplierColumns",
    "SymmetricExportMarket",
    "needs_met",
    "supplier_share",
    "leakage",
    "risk",
    "supplier_payoff",
    "generic_supplier_payoff",
    "MAX_SYMBOLIC_SUPPLIERS",
    "MAX_EXACT_PROFILES",
    "check_exact_size",
    "as_suppliers",
    "validate_market",
    "normalise_profile",
]

#: Action indices, shared by every model: 0 = export, 1 = control.
EXPORT, CONTROL = 0, 1
ACTIONS = ("export", "control")
#: The symbolic normal form has 2^N profiles of N expressions; above this N use the numeric game.
MAX_SYMBOLIC_SUPPLIERS = 10
#: Exact (Fraction) games are evaluated for at most this many profiles; use exact=False beyond.
MAX_EXACT_PROFILES = 2**14


def check_exact_size(num_players: int, shape: tuple[int, ...], exact: bool) -> None:
    """Refuse an exact game with more than :data:`MAX_EXACT_PROFILES` profiles (Fraction
    arithmetic costs microseconds per entry; float games go much further)."""
    profiles = math.prod(shape)
    if exact and profiles > MAX_EXACT_PROFILES:
        raise GameTooLargeError(
            f"an exact game with {num_players} players has {profiles} profiles, above the "
            f"limit of {MAX_EXACT_PROFILES} for Fraction arithmetic: use exact=False"
        )


# -- the model equations, written once ------------------------------------------------------------
def needs_met(capacity: sympy.Expr) -> sympy.Expr:
    r"""Share of the buyer's needs met by exporters of total capacity :math:`K`: :math:`\min(1, K)`.

    >>> needs_met(sympy.Rational(3, 2))
    1
    """
    return sympy.Min(1, capacity)


def supplier_share(capacity: sympy.Expr, exports: sympy.Expr, total: sympy.Expr) -> sympy.Expr:
    r"""Market share :math:`m = e\, k / \max(1, K_E)`; :math:`e = 1` if the supplier exports.

    >>> supplier_share(sympy.Rational(1, 2), 1, 2)
    1/4
    """
    return exports * capacity / sympy.Max(1, total)


def leakage(total: sympy.Expr, screened: sympy.Expr) -> sympy.Expr:
    r"""Unscreened supply :math:`q = (K_E - S_E) / \max(1, K_E)`, :math:`S_E = \sum_E k_j s_j`.

    >>> leakage(2, 1)
    1/2
    """
    return (total - screened) / sympy.Max(1, total)


def risk(
    unscreened: sympy.Expr, low: sympy.Expr, high: sympy.Expr, exponent: sympy.Expr = 1
) -> sympy.Expr:
    r"""Proliferation probability :math:`P = p_0 + (p_1 - p_0)\, q^{\gamma}`.

    >>> risk(sympy.Rational(1, 2), sympy.Rational(1, 10), sympy.Rational(9, 10))
    1/2
    """
    return low + (high - low) * unscreened**exponent


def supplier_payoff(
    value: sympy.Expr,
    share: sympy.Expr,
    harm: sympy.Expr,
    probability: sympy.Expr,
    control_cost: sympy.Expr,
    controls: sympy.Expr,
) -> sympy.Expr:
    r"""A supplier's payoff :math:`u = V m - h P - c\,[\text{control}]`.

    >>> supplier_payoff(10, sympy.Rational(1, 4), 2, sympy.Rational(1, 2), 1, 0)
    3/2
    """
    return value * share - harm * probability - control_cost * controls


# -- generic-supplier symbols and compiled evaluators --------------------------------------------
_V = sympy.Symbol("V", positive=True)
_P0 = sympy.Symbol("p0", nonnegative=True)
_P1 = sympy.Symbol("p1", nonnegative=True)
_K = sympy.Symbol("k", nonnegative=True)
_H = sympy.Symbol("h", nonnegative=True)
_C = sympy.Symbol("c", nonnegative=True)
_A = sympy.Symbol("a", nonnegative=True)  # 0 export, 1 control
_KE = sympy.Symbol("K_E", nonnegative=True)
_SE = sympy.Symbol("S_E", nonnegative=True)
_GENERIC_ARGS = (_V, _P0, _P1, _K, _H, _C, _A, _KE, _SE)


@functools.lru_cache(maxsize=32)
def generic_supplier_payoff(exponent: Fraction = Fraction(1)) -> sympy.Expr:
    r"""The payoff of a generic supplier in terms of aggregates, for a numeric risk exponent.

    Symbols: ``V, p0, p1`` (market), ``k, h, c`` (own capacity, harm, cost), ``a`` (own action,
    0 export / 1 control) and ``K_E, S_E`` (exporters' capacity and safeguarded capacity,
    including the supplier itself when it exports).

    >>> generic_supplier_payoff()
    V*k*(1 - a)/Max(1, K_E) - a*c - h*(p0 + (K_E - S_E)*(-p0 + p1)/Max(1, K_E))
    """
    gamma = sympy.Rational(exponent.numerator, exponent.denominator)
    share = supplier_share(_K, 1 - _A, _KE)
    probability = risk(leakage(_KE, _SE), _P0, _P1, gamma)
    return supplier_payoff(_V, share, _H, probability, _C, _A)


@functools.lru_cache(maxsize=32)
def _generic_outcome(exponent: Fraction) -> tuple[sympy.Expr, ...]:
    gamma = sympy.Rational(exponent.numerator, exponent.denominator)
    q = leakage(_KE, _SE)
    return (
        needs_met(_KE),
        supplier_share(_K, 1 - _A, _KE),
        q,
        risk(q, _P0, _P1, gamma),
        generic_supplier_payoff(exponent),
    )


@functools.lru_cache(maxsize=32)
def _compiled_payoff(exponent: Fraction) -> Any:
    return sympy.lambdify(_GENERIC_ARGS, generic_supplier_payoff(exponent), modules="numpy")


@functools.lru_cache(maxsize=32)
def _compiled_outcome(exponent: Fraction) -> Any:
    return sympy.lambdify(_GENERIC_ARGS, list(_generic_outcome(exponent)), modules="numpy")


# -- suppliers and the heterogeneous market --------------------------------------------------------
def _validated(value: Any, what: str, domain: Any) -> Fraction:
    return validate_number(value, domain, what)


@dataclass(frozen=True)
class Supplier:
    """One supplier of the export market.

    Parameters
    ----------
    name
        A unique, non-empty label.
    capacity
        :math:`k \\ge 0`: the share of the buyer's needs it alone could meet.
    harm
        :math:`h \\ge 0`: how much it values avoiding proliferation.
    safeguard
        :math:`s \\in [0, 1]`: the share of the risk its own sales screen out.
    control_cost
        :math:`c \\ge 0`: its cost of controlling.

    Numbers are stored as exact Fractions (floats through their decimal form).

    >>> Supplier("US", "1/2", 3, 0.9).safeguard
    Fraction(9, 10)
    """

    name: str
    capacity: Fraction
    harm: Fraction
    safeguard: Fraction
    control_cost: Fraction = Fraction(0)
    float_input: bool = field(default=False, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidParameterError(
                f"a supplier name must be a non-empty string, got {self.name!r}"
            )
        raw = (self.capacity, self.harm, self.safeguard, self.control_cost)
        label = f"supplier {self.name!r}"
        object.__setattr__(
            self, "capacity", _validated(self.capacity, f"capacity of {label}", NONNEGATIVE)
        )
        object.__setattr__(self, "harm", _validated(self.harm, f"harm of {label}", NONNEGATIVE))
        object.__setattr__(
            self, "safeguard", _validated(self.safeguard, f"safeguard of {label}", UNIT_INTERVAL)
        )
        object.__setattr__(
            self,
            "control_cost",
            _validated(self.control_cost, f"control_cost of {label}", NONNEGATIVE),
        )
        object.__setattr__(
            self, "float_input", any(isinstance(v, float | np.floating) for v in raw)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "capacity": json_number(self.capacity),
            "harm": json_number(self.harm),
            "safeguard": json_number(self.safeguard),
            "control_cost": json_number(self.control_cost),
        }


def as_suppliers(suppliers: Iterable[Any]) -> tuple[Supplier, ...]:
    """Suppliers from Supplier objects or ``{name, capacity, ...}`` mappings, validated:
    at least two, unique names."""
    out = []
    for entry in suppliers:
        if isinstance(entry, Supplier):
            out.append(entry)
        elif isinstance(entry, Mapping):
            try:
                out.append(Supplier(**entry))
            except TypeError as exc:
                raise InvalidParameterError(
                    f"bad supplier description {dict(entry)!r}: {exc}"
                ) from None
        else:
            raise InvalidParameterError(f"expected a Supplier or a mapping, got {entry!r}")
    if len(out) < 2:
        raise InvalidParameterError(
            "suppliers: a market needs at least 2 suppliers (allowed: integers >= 2), "
            f"got {len(out)}"
        )
    names = [s.name for s in out]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InvalidParameterError(f"suppliers: duplicate supplier names {duplicates}")
    return tuple(out)


def validate_market(
    value: Any, risk_without_supply: Any, risk_with_supply: Any, risk_exponent: Any
) -> tuple[Fraction, Fraction, Fraction, Fraction]:
    """Validate ``V > 0``, ``0 <= p0 <= p1 <= 1`` and ``gamma > 0``; exact Fractions."""
    v = _validated(value, "value", POSITIVE)
    p0 = _validated(risk_without_supply, "risk_without_supply", UNIT_INTERVAL)
    p1 = _validated(risk_with_supply, "risk_with_supply", UNIT_INTERVAL)
    check_risk_order(p0, p1)
    gamma = _validated(risk_exponent, "risk_exponent", POSITIVE)
    from dualdilemma.limits import check_risk_exponent  # exact powers q**gamma grow with gamma

    check_risk_exponent(gamma)
    return v, p0, p1, gamma


@dataclass(frozen=True)
class MarketOutcome:
    """What a pure profile of a market model produces.

    Attributes
    ----------
    profile
        Action index of each supplier.
    actions
        Action label of each supplier.
    needs_met
        :math:`Q`, the share of the buyer's needs met.
    shares, payoffs
        Each supplier's market share :math:`m_i` and payoff :math:`u_i`.
    leakage, risk
        :math:`q` and the proliferation probability :math:`P`.
    exact
        Whether the numbers are Fractions.
    """

    profile: tuple[int, ...]
    actions: tuple[str, ...]
    needs_met: Any
    shares: tuple[Any, ...]
    leakage: Any
    risk: Any
    payoffs: tuple[Any, ...]
    exact: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": list(self.profile),
            "actions": list(self.actions),
            "needs_met": json_number(self.needs_met),
            "shares": [json_number(x) for x in self.shares],
            "leakage": json_number(self.leakage),
            "risk": json_number(self.risk),
            "payoffs": [json_number(x) for x in self.payoffs],
            "exact": self.exact,
        }


@dataclass(frozen=True, eq=False)
class SupplierColumns:
    """The suppliers' parameters as arrays, one entry per supplier in market order.

    ``capacity``, ``screened`` (:math:`k_j s_j`), ``harm`` and ``control_cost`` are ``object``
    arrays of exact Fractions; the ``*_float`` arrays are the same numbers as float64, each
    converted from its Fraction as ``float(fraction)`` does (correctly rounded).
    """

    capacity: np.ndarray
    screened: np.ndarray
    harm: np.ndarray
    control_cost: np.ndarray
    capacity_float: np.ndarray
    screened_float: np.ndarray
    harm_float: np.ndarray
    control_cost_float: np.ndarray

    @classmethod
    def of(cls, suppliers: Sequence[Supplier]) -> SupplierColumns:
        def exact(values: Iterable[Fraction]) -> np.ndarray:
            out = np.empty(len(suppliers), dtype=object)
            out[:] = list(values)
            return out

        capacity = exact(s.capacity for s in suppliers)
        screened = exact(s.capacity * s.safeguard for s in suppliers)
        harm = exact(s.harm for s in suppliers)
        cost = exact(s.control_cost for s in suppliers)
        return cls(
            capacity,
            screened,
            harm,
            cost,
            *(
                np.array([float(x) for x in a], dtype=float)
                for a in (capacity, screened, harm, cost)
            ),
        )


def normalise_profile(
    profile: Sequence[Any], num_suppliers: int, actions: Sequence[str]
) -> tuple[int, ...]:
    """A pure profile as action indices, from indices or action labels."""
    if isinstance(profile, str) or len(profile) != num_suppliers:
        raise InvalidProfileError(
            f"a profile needs one action per supplier ({num_suppliers}), got {profile!r}"
        )
    out = []
    for entry in profile:
        if isinstance(entry, str):
            if entry not in actions:
                raise InvalidProfileError(f"unknown action {entry!r}; actions: {list(actions)}")
            out.append(actions.index(entry))
        elif isinstance(entry, int | np.integer) and not isinstance(entry, bool):
            if not 0 <= int(entry) < len(actions):
                raise InvalidProfileError(
                    f"action index {entry} out of range 0..{len(actions) - 1} in {profile!r}"
                )
            out.append(int(entry))
        else:
            raise InvalidProfileError(f"actions must be indices or labels, got {entry!r}")
    return tuple(out)


def _axis_vector(values: Sequence[Any], axis: int, n: int, dtype: Any) -> np.ndarray:
    shape = [1] * n
    shape[axis] = len(values)
    return np.array(values, dtype=dtype).reshape(shape)


class ExportMarket(SupplierMarket):
    """A market of heterogeneous suppliers (see the module docstring for the model).

    Parameters
    ----------
    value
        :math:`V > 0`, the value of the proliferant's business.
    risk_without_supply, risk_with_supply
        :math:`0 \\le p_0 \\le p_1 \\le 1`.
    suppliers
        At least two :class:`Supplier` (or mappings of their fields), unique names.
    risk_exponent
        :math:`\\gamma > 0` of the risk shape (1 = linear, the MODEL default).
    exact
        Default arithmetic of :meth:`game` and :meth:`outcome`: ``None`` chooses exact unless a
        number was given as a float.
    title
        Free text carried into games.

    Examples
    --------
    Two suppliers that each cover the buyer: the better-safeguarded one gains nothing for the
    world by controlling alone, and loses its share.

    >>> market = ExportMarket(10, 0, 1, [Supplier("A", 1, 5, "3/4"), Supplier("B", 1, 5, 0)])
    >>> market.risk(("export", "export")), market.risk(("control", "export"))
    (Fraction(5, 8), Fraction(1, 1))
    >>> market.game()
    NormalFormGame(2 players, 2x2, exact, title='')
    """

    _MODEL = "export_market"
    _SUPPLIER_FIELDS = (
        ("k", "capacity", NONNEGATIVE, "capacity"),
        ("h", "harm", NONNEGATIVE, "harm valuation"),
        ("s", "safeguard", UNIT_INTERVAL, "safeguard quality"),
        ("c", "control_cost", NONNEGATIVE, "control cost"),
    )

    def __init__(
        self,
        value: Any,
        risk_without_supply: Any,
        risk_with_supply: Any,
        suppliers: Iterable[Supplier | Mapping[str, Any]],
        *,
        risk_exponent: Any = 1,
        exact: bool | None = None,
        title: str = "",
    ) -> None:
        raw = (value, risk_without_supply, risk_with_supply, risk_exponent)
        market = validate_market(*raw)
        super().__init__(market, as_suppliers(suppliers), raw, exact, title)

    # -- views ----------------------------------------------------------------------------------
    @property
    def suppliers(self) -> tuple[Supplier, ...]:
        return self._suppliers

    @property
    def actions(self) -> tuple[str, ...]:
        return ACTIONS

    @property
    def control_action(self) -> int:
        """The index of the action that withholds supply."""
        return CONTROL

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
        safeguard: Any,
        control_cost: Any = 0,
        risk_exponent: Any = 1,
        exact: bool | None = None,
        title: str = "",
    ) -> ExportMarket:
        """``num_suppliers`` identical suppliers named ``S1, S2, ...``."""
        n = validate_number(num_suppliers, integer_at_least(2), "num_suppliers").numerator
        suppliers = [
            Supplier(f"S{i + 1}", capacity, harm, safeguard, control_cost) for i in range(n)
        ]
        return cls(
            value,
            risk_without_supply,
            risk_with_supply,
            suppliers,
            risk_exponent=risk_exponent,
            exact=exact,
            title=title,
        )

    # -- the symbolic game ---------------------------------------------------------------------
    def symbolic_game(self, keep: Iterable[str] | None = None) -> SymbolicGame:
        """The game with payoffs as sympy expressions.

        Parameters
        ----------
        keep
            Names of the parameters that stay symbolic (see :meth:`parameters`); the others are
            fixed at this market's values.  Default: every parameter except ``gamma``.

        The normal form has :math:`2^N` profiles, so this is for at most
        :data:`MAX_SYMBOLIC_SUPPLIERS` suppliers; use :meth:`game` (numbers) or
        :class:`SymmetricExportMarket` (identical suppliers, any N) beyond.
        """
        n = self.num_suppliers
        if n > MAX_SYMBOLIC_SUPPLIERS:
            raise GameTooLargeError(
                f"a symbolic normal form for {n} suppliers has {2**n} profiles; the limit is "
                f"{MAX_SYMBOLIC_SUPPLIERS} suppliers: use ExportMarket.game() for numbers or "
                "SymmetricExportMarket for identical suppliers"
            )
        default = [p.name for p in self.parameters() if p.name != "gamma"]
        symbolic, expr, keep_set = self._symbolic_env(keep, default)
        gamma = expr["gamma"]
        base = generic_supplier_payoff(Fraction(1)) if gamma == 1 else None
        if base is None:
            share = supplier_share(_K, 1 - _A, _KE)
            base = supplier_payoff(_V, share, _H, risk(leakage(_KE, _SE), _P0, _P1, gamma), _C, _A)
        base = base.xreplace({_V: expr["V"], _P0: expr["p0"], _P1: expr["p1"]})
        k = [expr[f"k_{i}"] for i in range(1, n + 1)]
        h = [expr[f"h_{i}"] for i in range(1, n + 1)]
        s = [expr[f"s_{i}"] for i in range(1, n + 1)]
        c = [expr[f"c_{i}"] for i in range(1, n + 1)]
        payoffs = np.empty((n, *([2] * n)), dtype=object)
        for profile in np.ndindex(*([2] * n)):
            exporters = [j for j in range(n) if profile[j] == EXPORT]
            total = sympy.Add(*[k[j] for j in exporters])
            screened = sympy.Add(*[k[j] * s[j] for j in exporters])
            for i in range(n):
                payoffs[(i, *profile)] = base.xreplace(
                    {
                        _K: k[i],
                        _H: h[i],
                        _C: c[i],
                        _A: sympy.Integer(profile[i]),
                        _KE: total,
                        _SE: screened,
                    }
                )
        return self._symbolic_game(payoffs, symbolic, expr, keep_set)

    # -- numbers --------------------------------------------------------------------------------
    def game(self, exact: bool | None = None) -> NormalFormGame:
        """The normal-form game, all :math:`2^N` profiles evaluated at once (vectorised).

        The generic supplier payoff of :func:`generic_supplier_payoff` is evaluated with numpy
        (float) or Fractions (exact) over tensors of :math:`K_E` and :math:`S_E` with one axis
        per supplier.  Raises :class:`~dualdilemma.errors.GameTooLargeError` when the tensor
        would not fit in memory.
        """
        exact = self._arithmetic(exact)
        n = self.num_suppliers
        check_exact_size(n, (2,) * n, exact)
        check_tensor_fits(n, (2,) * n, exact=exact)
        dtype = object if exact else float
        convert = (lambda x: x) if exact else float
        exports = [convert(Fraction(1)), convert(Fraction(0))]  # indicator of action 0 (export)
        total: Any = convert(Fraction(0))
        screened: Any = convert(Fraction(0))
        for j, supplier in enumerate(self._suppliers):
            indicator = _axis_vector(exports, j, n, dtype)
            total = total + convert(supplier.capacity) * indicator
            screened = screened + convert(supplier.capacity * supplier.safeguard) * indicator
        total = np.broadcast_to(total, (2,) * n)
        screened = np.broadcast_to(screened, (2,) * n)
        payoffs = np.empty((n, *([2] * n)), dtype=dtype)
        market = [convert(self._value), convert(self._p0), convert(self._p1)]
        if exact:
            expr = generic_supplier_payoff(self._gamma)
            flat_total = np.ascontiguousarray(total).reshape(-1)
            flat_screened = np.ascontiguousarray(screened).reshape(-1)
        else:
            function = _compiled_payoff(self._gamma)
        for i, supplier in enumerate(self._suppliers):
            own = [
                convert(supplier.capacity),
                convert(supplier.harm),
                convert(supplier.control_cost),
            ]
            action = _axis_vector([convert(Fraction(0)), convert(Fraction(1))], i, n, dtype)
            if exact:
                action_flat = np.broadcast_to(action, (2,) * n).reshape(-1).copy()
                env = dict(zip(_GENERIC_ARGS, [*market, *own], strict=False))
                env.update({_A: action_flat, _KE: flat_total, _SE: flat_screened})
                (values,) = evaluate_exact_many([expr], env)
                payoffs[i] = values.reshape((2,) * n)
            else:
                with np.errstate(divide="ignore", invalid="ignore"):
                    payoffs[i] = function(*market, *own, action, total, screened)
        return self._normal_form(payoffs, exact)

    @functools.cached_property
    def columns(self) -> SupplierColumns:
        """The suppliers' parameters as arrays, exact and float, converted once per market
        (the analyses of a large market evaluate it thousands of times)."""
        return SupplierColumns.of(self._suppliers)

    def outcome(self, profile: Sequence[Any], *, exact: bool | None = None) -> MarketOutcome:
        """Needs met, shares, leakage, risk and payoffs at a pure profile.

        ``profile`` gives each supplier's action as an index (0 export, 1 control) or label.
        """
        exact = self._arithmetic(exact)
        index = normalise_profile(profile, self.num_suppliers, ACTIONS)
        exporting = [s for s, a in zip(self._suppliers, index, strict=True) if a == EXPORT]
        total = sum((s.capacity for s in exporting), Fraction(0))
        screened = sum((s.capacity * s.safeguard for s in exporting), Fraction(0))
        shares, payoffs = [], []
        q_value = p_value = q_met = None
        for supplier, action in zip(self._suppliers, index, strict=True):
            args = [
                self._value,
                self._p0,
                self._p1,
                supplier.capacity,
                supplier.harm,
                supplier.control_cost,
                Fraction(action),
                total,
                screened,
            ]
            if exact:
                env = dict(zip(_GENERIC_ARGS, args, strict=True))
                met, share, q, p, u = evaluate_exact_many(list(_generic_outcome(self._gamma)), env)
            else:
                met, share, q, p, u = (
                    float(x) for x in _compiled_outcome(self._gamma)(*(float(a) for a in args))
                )
            shares.append(share)
            payoffs.append(u)
            q_met, q_value, p_value = met, q, p
        return MarketOutcome(
            profile=index,
            actions=tuple(ACTIONS[a] for a in index),
            needs_met=q_met,
            shares=tuple(shares),
            leakage=q_value,
            risk=p_value,
            payoffs=tuple(payoffs),
            exact=exact,
        )

    def leakage(self, profile: Sequence[Any], *, exact: bool | None = None) -> Any:
        """The unscreened supply :math:`q` at a pure profile."""
        return self.outcome(profile, exact=exact).leakage

    def __repr__(self) -> str:
        mode = "exact" if self._exact else "float"
        return (
            f"ExportMarket({self.num_suppliers} suppliers, V={self._value}, p0={self._p0}, "
            f"p1={self._p1}, {mode}, title={self._title!r})"
        )


# -- identical suppliers: the anonymous game with N numeric or symbolic ----------------------------
_SYMMETRIC_FIELDS = {
    "value": MARKET_PARAMETERS[0],
    "risk_without_supply": MARKET_PARAMETERS[1],
    "risk_with_supply": MARKET_PARAMETERS[2],
    "capacity": Parameter("k", NONNEGATIVE, "capacity of each supplier"),
    "harm": Parameter("h", NONNEGATIVE, "harm valuation of each supplier"),
    "safeguard": Parameter("s", UNIT_INTERVAL, "safeguard quality of each supplier"),
    "control_cost": Parameter("c", NONNEGATIVE, "control cost of each supplier"),
    "risk_exponent": RISK_EXPONENT,
}
_NUM_SUPPLIERS = NUM_SUPPLIERS
_OTHERS_EXPORTING = sympy.Symbol("n_export", integer=True, nonnegative=True)
_OTHERS_CONTROLLING = sympy.Symbol("n_control", integer=True, nonnegative=True)


class SymmetricExportMarket(SymmetricMarket):
    """The export market with identical suppliers; any field left ``None`` stays symbolic.

    Parameters
    ----------
    num_suppliers
        An int ``>= 2``, or ``None`` for the symbol :math:`N`.
    value, risk_without_supply, risk_with_supply, capacity, harm, safeguard, control_cost
        Numbers, or ``None`` for the symbols ``V, p0, p1, k, h, s, c``.
    risk_exponent
        :math:`\\gamma` (default 1); ``None`` for the symbol ``gamma``.

    Examples
    --------
    >>> market = SymmetricExportMarket()
    >>> market.risk(market.num_suppliers)
    p0 + (1 - s)*(-p0 + p1)*Min(1, N*k)
    >>> market.game().substitute({"N": 3, "V": 6, "p0": 0, "p1": 1, "k": 1, "h": 1, "s": 0,
    ...                           "c": 0}).num_players
    3
    """

    _FIELDS = _SYMMETRIC_FIELDS

    def __init__(
        self,
        num_suppliers: int | None = None,
        *,
        value: Any = None,
        risk_without_supply: Any = None,
        risk_with_supply: Any = None,
        capacity: Any = None,
        harm: Any = None,
        safeguard: Any = None,
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
            "safeguard": safeguard,
            "control_cost": control_cost,
            "risk_exponent": risk_exponent,
        }
        self._bind(given, num_suppliers, title)

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        """The parameters that are still symbolic (not including ``N``)."""
        return self._parameters

    @property
    def num_suppliers_parameter(self) -> Parameter:
        return _NUM_SUPPLIERS

    def symbol(self, field_name: str) -> sympy.Expr:
        """The symbol (or fixed number) of a field, e.g. ``symbol("capacity")``."""
        if field_name not in self._symbols:
            raise InvalidParameterError(
                f"unknown field {field_name!r}; fields: {sorted(self._symbols)}"
            )
        return self._symbols[field_name]

    @property
    def nonnegative_hints(self) -> tuple[sympy.Expr, ...]:
        """Expressions known to be nonnegative: ``1 - s`` and ``p1 - p0``."""
        s, p0, p1 = (
            self._symbols[f] for f in ("safeguard", "risk_without_supply", "risk_with_supply")
        )
        return tuple(e for e in (1 - s, p1 - p0) if not e.is_number)

    def _aggregates(self, exporters: Any) -> dict[sympy.Symbol, sympy.Expr]:
        k, s = self._symbols["capacity"], self._symbols["safeguard"]
        total = k * sympy.sympify(exporters)
        return {_KE: total, _SE: s * total}

    def _market(self) -> dict[sympy.Symbol, sympy.Expr]:
        return {
            _V: self._symbols["value"],
            _P0: self._symbols["risk_without_supply"],
            _P1: self._symbols["risk_with_supply"],
            _K: self._symbols["capacity"],
            _H: self._symbols["harm"],
            _C: self._symbols["control_cost"],
        }

    def _gamma(self) -> sympy.Expr:
        return self._symbols["risk_exponent"]

    def _generic(self, quantity: int) -> sympy.Expr:
        gamma = self._gamma()
        q = leakage(_KE, _SE)
        exprs = (
            needs_met(_KE),
            supplier_share(_K, 1 - _A, _KE),
            q,
            risk(q, _P0, _P1, gamma),
            supplier_payoff(
                _V, supplier_share(_K, 1 - _A, _KE), _H, risk(q, _P0, _P1, gamma), _C, _A
            ),
        )
        return exprs[quantity]

    def _tidy(self, expr: sympy.Expr) -> sympy.Expr:
        from dualdilemma.symbolic.simplify import simplify_difference

        return simplify_difference(expr, (), self.nonnegative_hints)

    def needs_met(self, exporters: Any) -> sympy.Expr:
        """:math:`Q = \\min(1, k x)` with ``x`` exporters (a number or an expression)."""
        return self._tidy(
            self._generic(0).xreplace({**self._market(), **self._aggregates(exporters)})
        )

    def share(self, exporters: Any) -> sympy.Expr:
        """Each exporter's share :math:`k / \\max(1, k x)` with ``x`` exporters."""
        env = {**self._market(), **self._aggregates(exporters), _A: sympy.Integer(EXPORT)}
        return self._tidy(self._generic(1).xreplace(env))

    def leakage(self, exporters: Any) -> sympy.Expr:
        """:math:`q = (1 - s) \\min(1, k x)` with ``x`` exporters."""
        return self._tidy(
            self._generic(2).xreplace({**self._market(), **self._aggregates(exporters)})
        )

    def risk(self, exporters: Any) -> sympy.Expr:
        """:math:`P` with ``x`` exporters."""
        return self._tidy(
            self._generic(3).xreplace({**self._market(), **self._aggregates(exporters)})
        )

    def payoff(self, action: int | str, other_exporters: Any) -> sympy.Expr:
        """A supplier's payoff for ``action`` when ``other_exporters`` of the others export."""
        a = ACTIONS.index(action) if isinstance(action, str) else int(action)
        if a not in (EXPORT, CONTROL):
            raise InvalidProfileError(f"action must be 0/'export' or 1/'control', got {action!r}")
        exporters = sympy.sympify(other_exporters) + (1 - a)
        env = {**self._market(), **self._aggregates(exporters), _A: sympy.Integer(a)}
        return self._tidy(self._generic(4).xreplace(env))

    def game(self) -> SymbolicAnonymousGame:
        """The anonymous game: actions ``("export", "control")``, counts ``n_export`` and
        ``n_control`` of the others (``n_export + n_control = N - 1``)."""
        payoffs = [self.payoff(a, _OTHERS_EXPORTING) for a in (EXPORT, CONTROL)]
        return SymbolicAnonymousGame(
            payoffs,
            self._parameters,
            num_players=self._num_players(),
            counts=(_OTHERS_EXPORTING, _OTHERS_CONTROLLING),
            actions=ACTIONS,
            constraints=self._risk_constraints(),
            title=self._title,
        )

    def market(
        self, values: Mapping[str, Any] | None = None, *, exact: bool | None = None
    ) -> ExportMarket:
        """The heterogeneous :class:`ExportMarket` with these identical suppliers; ``values``
        binds the symbolic fields (by symbol name, e.g. ``{"N": 4, "V": 10}``)."""
        fields, n = self._field_values(values)
        return ExportMarket.symmetric(n, exact=exact, title=self._title, **fields)

    def __repr__(self) -> str:
        names = ", ".join(p.name for p in self._parameters)
        return f"SymmetricExportMarket(N={self._n}, symbolic ({names}))"
