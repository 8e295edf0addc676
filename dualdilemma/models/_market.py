r"""The scaffolding shared by the supplier-market models (export market, standards race).

Both models have a market :math:`(V, p_0, p_1, \gamma)` and a tuple of validated suppliers, the
same declared parameters (``V, p0, p1``, per-supplier ``k_i, h_i, ...``, ``gamma``), the same
choice between exact (Fraction) and float arithmetic, the same symbolic-game plumbing (which
parameters stay symbols, the constraint :math:`p_0 \le p_1`), and identical-supplier versions
whose fields are numbers or symbols.  The model equations themselves stay in
:mod:`dualdilemma.models.export_market` and :mod:`dualdilemma.models.standards_race`; this
module only holds what the two classes of each kind did alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from dualdilemma.errors import InvalidParameterError
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.solvers.result import json_number
from dualdilemma.symbolic.game import SymbolicGame
from dualdilemma.symbolic.parameters import (
    POSITIVE,
    UNIT_INTERVAL,
    Parameter,
    integer_at_least,
    validate_number,
)

__all__ = [
    "rational",
    "check_risk_order",
    "MARKET_PARAMETERS",
    "RISK_EXPONENT",
    "NUM_SUPPLIERS",
    "SupplierMarket",
    "SymmetricMarket",
]


def rational(x: Fraction) -> sympy.Rational:
    """An exact Fraction as a sympy Rational.

    >>> rational(Fraction(3, 4))
    3/4
    """
    return sympy.Rational(x.numerator, x.denominator)


def check_risk_order(p0: Fraction, p1: Fraction) -> None:
    """Refuse ``p1 < p0`` (supply cannot lower the risk).

    >>> check_risk_order(Fraction(1, 2), Fraction(1, 4))
    Traceback (most recent call last):
    ...
    dualdilemma.errors.InvalidParameterError: risk_with_supply must be in [...] = [1/2, 1], got 1/4
    """
    if p1 < p0:
        raise InvalidParameterError(
            f"risk_with_supply must be in [risk_without_supply, 1] = [{p0}, 1], got {p1}"
        )


#: The market parameters ``V, p0, p1``, in this order.
MARKET_PARAMETERS = (
    Parameter("V", POSITIVE, "value of the proliferant's business"),
    Parameter("p0", UNIT_INTERVAL, "risk without supply"),
    Parameter("p1", UNIT_INTERVAL, "risk with full unsafeguarded supply"),
)
RISK_EXPONENT = Parameter("gamma", POSITIVE, "risk exponent")
NUM_SUPPLIERS = Parameter("N", integer_at_least(2), "number of suppliers")


class SupplierMarket:
    """Base of the heterogeneous models: a validated market and suppliers, their parameters.

    Subclasses set ``_MODEL`` (the ``"model"`` entry of :meth:`to_dict`) and
    ``_SUPPLIER_FIELDS``: ``(symbol prefix, Supplier attribute, domain, description)`` per
    supplier parameter, in declaration order.
    """

    _MODEL = ""
    _SUPPLIER_FIELDS: tuple[tuple[str, str, Any, str], ...] = ()

    def __init__(
        self,
        market: tuple[Fraction, Fraction, Fraction, Fraction],
        suppliers: tuple[Any, ...],
        raw: Iterable[Any],
        exact: bool | None,
        title: str,
    ) -> None:
        """``market`` and ``suppliers`` already validated; ``raw`` the numbers as given, whose
        floats (or the suppliers' float input) make the default arithmetic float."""
        self._value, self._p0, self._p1, self._gamma = market
        self._suppliers = suppliers
        if exact is None:
            exact = not (
                any(isinstance(v, float | np.floating) for v in raw)
                or any(s.float_input for s in self._suppliers)
            )
        self._exact = bool(exact)
        self._title = str(title)

    # -- views ----------------------------------------------------------------------------------
    @property
    def value(self) -> Fraction:
        return self._value

    @property
    def risk_without_supply(self) -> Fraction:
        return self._p0

    @property
    def risk_with_supply(self) -> Fraction:
        return self._p1

    @property
    def risk_exponent(self) -> Fraction:
        return self._gamma

    @property
    def suppliers(self) -> tuple[Any, ...]:
        return self._suppliers

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self._suppliers)

    @property
    def num_suppliers(self) -> int:
        return len(self._suppliers)

    @property
    def exact(self) -> bool:
        return self._exact

    @property
    def title(self) -> str:
        return self._title

    # -- parameters -----------------------------------------------------------------------------
    def parameters(self) -> tuple[Parameter, ...]:
        """The declared parameters: ``V, p0, p1``, then the supplier parameters per supplier
        (``i`` from 1, in supplier order: ``k_i, h_i, s_i, c_i`` in the export market,
        ``k_i, h_i, c_i`` in the standards race) and ``gamma``."""
        out = list(MARKET_PARAMETERS)
        for i, supplier in enumerate(self._suppliers, start=1):
            label = f"of {supplier.name}"
            out += [
                Parameter(f"{prefix}_{i}", domain, f"{description} {label}")
                for prefix, _, domain, description in self._SUPPLIER_FIELDS
            ]
        out.append(RISK_EXPONENT)
        return tuple(out)

    def parameter_values(self) -> dict[str, Fraction]:
        """``{parameter name: exact value}`` for every parameter of :meth:`parameters`."""
        values = {"V": self._value, "p0": self._p0, "p1": self._p1}
        for i, supplier in enumerate(self._suppliers, start=1):
            for prefix, attribute, _, _ in self._SUPPLIER_FIELDS:
                values[f"{prefix}_{i}"] = getattr(supplier, attribute)
        values["gamma"] = self._gamma
        return values

    def _symbolic_env(
        self, keep: Iterable[str] | None, default: Iterable[str]
    ) -> tuple[list[Parameter], dict[str, sympy.Expr], set[str]]:
        """The parameters kept symbolic (``default`` when ``keep`` is None), every parameter's
        symbol or exact value by name, and the set of kept names."""
        parameters = self.parameters()
        names = [p.name for p in parameters]
        keep_set = set(default) if keep is None else set(keep)
        unknown = keep_set - set(names)
        if unknown:
            raise InvalidParameterError(f"unknown parameters {sorted(unknown)}; known: {names}")
        values = self.parameter_values()
        env = {
            p.name: (p.symbol if p.name in keep_set else rational(values[p.name]))
            for p in parameters
        }
        return [p for p in parameters if p.name in keep_set], env, keep_set

    def _symbolic_game(
        self,
        payoffs: np.ndarray,
        symbolic: Sequence[Parameter],
        env: Mapping[str, sympy.Expr],
        keep_set: set[str],
    ) -> SymbolicGame:
        constraints = []
        if "p0" in keep_set or "p1" in keep_set:
            constraints.append(sympy.Le(env["p0"], env["p1"]))
        return SymbolicGame(
            payoffs,
            symbolic,
            players=self.names,
            strategies=[list(self.actions)] * self.num_suppliers,
            constraints=constraints,
            title=self._title,
        )

    # -- numbers --------------------------------------------------------------------------------
    def _check_exact_exponent(self, exact: bool) -> None:
        if exact and self._gamma.denominator != 1:
            raise InvalidParameterError(
                f"risk_exponent {self._gamma} is not an integer, so risks can be irrational: "
                "use exact=False"
            )

    def _arithmetic(self, exact: bool | None) -> bool:
        """``exact`` or this model's default, checked against a fractional risk exponent."""
        exact = self._exact if exact is None else bool(exact)
        self._check_exact_exponent(exact)
        return exact

    def _normal_form(self, payoffs: np.ndarray, exact: bool) -> NormalFormGame:
        return NormalFormGame(
            payoffs,
            players=self.names,
            strategies=[list(self.actions)] * self.num_suppliers,
            exact=exact,
            title=self._title,
        )

    def shares(self, profile: Sequence[Any], *, exact: bool | None = None) -> tuple[Any, ...]:
        """Each supplier's market share :math:`m_i` at a pure profile."""
        return self.outcome(profile, exact=exact).shares

    def risk(self, profile: Sequence[Any], *, exact: bool | None = None) -> Any:
        """The proliferation probability :math:`P` at a pure profile."""
        return self.outcome(profile, exact=exact).risk

    def payoffs(self, profile: Sequence[Any], *, exact: bool | None = None) -> tuple[Any, ...]:
        """Each supplier's payoff at a pure profile."""
        return self.outcome(profile, exact=exact).payoffs

    def _extra_dict(self) -> dict[str, Any]:
        return {}

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self._MODEL,
            "value": json_number(self._value),
            "risk_without_supply": json_number(self._p0),
            "risk_with_supply": json_number(self._p1),
            "risk_exponent": json_number(self._gamma),
            **self._extra_dict(),
            "suppliers": [s.to_dict() for s in self._suppliers],
            "actions": list(self.actions),
            "title": self._title,
        }


class SymmetricMarket:
    """Base of the identical-supplier models: fields given as numbers or left as symbols.

    Subclasses set ``_FIELDS``: ``{field name: Parameter}``, in declaration order.
    """

    _FIELDS: dict[str, Parameter] = {}

    def _bind(self, given: Mapping[str, Any], num_suppliers: int | None, title: str) -> None:
        """Validate the numeric fields of ``given`` (``None`` keeps the symbol), check
        :math:`p_0 \\le p_1` when both are numbers, and set the number of suppliers."""
        self._values: dict[str, Fraction] = {}
        self._symbols: dict[str, sympy.Expr] = {}
        parameters = []
        for field_name, parameter in self._FIELDS.items():
            raw = given[field_name]
            if raw is None:
                self._symbols[field_name] = parameter.symbol
                parameters.append(parameter)
            else:
                exact = validate_number(raw, parameter.domain, field_name)
                self._values[field_name] = exact
                self._symbols[field_name] = rational(exact)
        if "risk_without_supply" in self._values and "risk_with_supply" in self._values:
            check_risk_order(self._values["risk_without_supply"], self._values["risk_with_supply"])
        self._parameters = tuple(parameters)
        if num_suppliers is None:
            self._n: int | sympy.Symbol = NUM_SUPPLIERS.symbol
        else:
            self._n = NUM_SUPPLIERS.validate(num_suppliers).numerator
        self._title = str(title)

    @property
    def num_suppliers(self) -> int | sympy.Symbol:
        return self._n

    @property
    def values(self) -> dict[str, Fraction]:
        """The fields given as numbers."""
        return dict(self._values)

    def _risk_constraints(self) -> list[sympy.Basic]:
        """``[p0 <= p1]`` when either is a symbol."""
        p0, p1 = self._symbols["risk_without_supply"], self._symbols["risk_with_supply"]
        return [] if (p0.is_number and p1.is_number) else [sympy.Le(p0, p1)]

    def _num_players(self) -> int | Parameter:
        return NUM_SUPPLIERS if not isinstance(self._n, int) else self._n

    def _field_values(self, values: Mapping[str, Any] | None) -> tuple[dict[str, Any], Any]:
        """Every field's value (fixed, or bound by symbol name in ``values``) and ``N``."""
        values = dict(values or {})
        fields = {}
        for field_name, parameter in self._FIELDS.items():
            if field_name in self._values:
                fields[field_name] = self._values[field_name]
            elif parameter.name in values:
                fields[field_name] = values.pop(parameter.name)
            else:
                raise InvalidParameterError(f"missing value for {parameter.name!r} ({field_name})")
        n = self._n if isinstance(self._n, int) else values.pop("N", None)
        if n is None:
            raise InvalidParameterError("missing value for 'N' (number of suppliers)")
        if values:
            raise InvalidParameterError(f"unknown parameters {sorted(values)}")
        return fields, n
