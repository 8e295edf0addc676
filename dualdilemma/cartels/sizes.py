r"""Which cartel sizes sustain cooperation in the symmetric export market.

With :math:`N` identical suppliers and a cartel of :math:`k` members that control while the
:math:`N - k` outsiders export, let :math:`u(a, x)` be a supplier's payoff for action :math:`a`
when :math:`x` of the others export
(:class:`~dualdilemma.models.export_market.SymmetricExportMarket`).  Then, for a member,

.. math::

    \pi_C(k) = u(\text{control}, N - k), \qquad \pi_D(k) = u(\text{export}, N - k),

and the punishment :math:`\pi_N` is the worst payoff over the stage game's pure equilibria
(numeric :math:`N`) or, with symbolic :math:`N`, the all-export payoff :math:`u(\text{export},
N-1)` (the stage equilibrium of a dense market, C1).  The cartel is

* **effective** iff the leakage with :math:`N - k` exporters is at most :math:`\tau`;
* **self-enforcing** at :math:`\delta` iff :math:`\delta \ge \delta^*(k)` (grim trigger);
* **internally stable** iff :math:`u(\text{control}, N-k) \ge u(\text{export}, N-k)` (a leaver
  becomes an exporter beside the :math:`N-k` outsiders) and **externally stable** iff
  :math:`u(\text{export}, N-k-1) \ge u(\text{control}, N-k-1)` (d'Aspremont et al. 1983; ties
  count as stable unless ``ties_stable=False``).

Here a leaver's payoff is exactly a one-shot deviator's, so *internal* stability is the static
shadow of self-enforcement: it holds iff :math:`\delta^*(k) = 0`.  A size therefore
*sustains cooperation* when it is effective, self-enforcing (the repeated game's test) and
externally stable; internal stability is reported beside it.

With numeric :math:`N` every :math:`k` is tabulated; with symbolic :math:`N` (and :math:`k`)
the conditions come back as sympy relations and :math:`\delta^*` in closed form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from dualdilemma.cartels.analysis import check_tolerance
from dualdilemma.errors import InvalidParameterError
from dualdilemma.models.export_market import SymmetricExportMarket
from dualdilemma.repeated.critical_discount import (
    CriticalDiscount,
    check_detection,
    check_discount,
    critical_discount,
)
from dualdilemma.solvers.result import json_number

__all__ = ["CartelSize", "CartelSizeConditions", "cartel_sizes", "cartel_size_conditions"]

K = sympy.Symbol("k", integer=True, positive=True)


@dataclass(frozen=True)
class CartelSize:
    """One row of the numeric table: a cartel of ``size`` identical suppliers."""

    size: int
    leakage: Any
    effective: bool
    critical_discount: CriticalDiscount
    self_enforcing: bool | None
    internally_stable: bool
    externally_stable: bool
    outsiders_export: bool

    @property
    def sustains_cooperation(self) -> bool:
        """Effective, self-enforcing (at the given discount, or for some discount when none was
        given) and externally stable."""
        return bool(
            self.effective
            and self.self_enforcing is not False
            and self.critical_discount.status != "never"
            and self.externally_stable
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "leakage": json_number(self.leakage),
            "effective": self.effective,
            "critical_discount": None
            if self.critical_discount.value is None
            else json_number(self.critical_discount.value),
            "status": self.critical_discount.status,
            "self_enforcing": self.self_enforcing,
            "internally_stable": self.internally_stable,
            "externally_stable": self.externally_stable,
            "outsiders_export": self.outsiders_export,
        }


def _number(expr: Any) -> Any:
    from fractions import Fraction

    value = sympy.nsimplify(expr)
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return float(value)


def cartel_sizes(
    market: SymmetricExportMarket,
    *,
    tolerance: Any = "1/10",
    discount: Any = None,
    detection: Any = 1,
    ties_stable: bool = True,
) -> tuple[CartelSize, ...]:
    """Tabulate every cartel size ``k = 1..N`` of a numeric symmetric market.

    Examples
    --------
    >>> from dualdilemma.models.export_market import SymmetricExportMarket
    >>> market = SymmetricExportMarket(5, value=10, risk_without_supply=0, risk_with_supply=1,
    ...                                capacity="1/2", harm=8, safeguard=0, control_cost=0)
    >>> table = cartel_sizes(market, tolerance="1/2", discount="9/10")
    >>> [(row.size, row.critical_discount.value) for row in table if row.sustains_cooperation]
    [(4, Fraction(1, 3)), (5, Fraction(1, 7))]
    """
    n = market.num_suppliers
    if not isinstance(n, int):
        raise InvalidParameterError(
            "cartel_sizes needs a numeric number of suppliers; use cartel_size_conditions for N"
        )
    if market.parameters:
        names = [p.name for p in market.parameters]
        raise InvalidParameterError(f"cartel_sizes needs numeric parameters; symbolic: {names}")
    tau = check_tolerance(tolerance)
    if discount is not None:
        discount = check_discount(discount)
    detection = check_detection(detection)
    u = {(a, x): _number(market.payoff(a, x)) for a in ("export", "control") for x in range(n)}
    # pure equilibria of the anonymous stage game: x exporters
    equilibria = [
        x
        for x in range(n + 1)
        if (x == 0 or u["export", x - 1] >= u["control", x - 1])
        and (x == n or u["control", x] >= u["export", x])
    ]
    punish_values = []
    for x in equilibria:
        if x >= 1:
            punish_values.append(u["export", x - 1])
        if x <= n - 1:
            punish_values.append(u["control", x])
    punish = min(punish_values)
    rows = []

    def at_least(a: Any, b: Any) -> bool:
        return a >= b if ties_stable else a > b

    for k in range(1, n + 1):
        outsiders = n - k
        leakage = _number(market.leakage(outsiders))
        cooperate = u["control", outsiders]
        deviate = max(cooperate, u["export", outsiders])
        cd = critical_discount(cooperate, deviate, punish, detection)
        enforced = None if discount is None else cd.sustainable_at(discount)
        external = k == n or at_least(u["export", outsiders - 1], u["control", outsiders - 1])
        outsiders_export = (
            outsiders == 0 or u["export", outsiders - 1] >= u["control", outsiders - 1]
        )
        rows.append(
            CartelSize(
                size=k,
                leakage=leakage,
                effective=bool(leakage <= tau),
                critical_discount=cd,
                self_enforcing=enforced,
                internally_stable=at_least(cooperate, u["export", outsiders]),
                externally_stable=external,
                outsiders_export=outsiders_export,
            )
        )
    return tuple(rows)


@dataclass(frozen=True)
class CartelSizeConditions:
    """Symbolic conditions on the cartel size ``k`` (and ``N``)."""

    size: sympy.Symbol
    effective: Any
    critical_discount: CriticalDiscount
    internally_stable: Any
    externally_stable: Any

    def latex(self) -> dict[str, str]:
        return {
            "effective": sympy.latex(self.effective),
            "critical_discount": sympy.latex(self.critical_discount.value),
            "internally_stable": sympy.latex(self.internally_stable),
            "externally_stable": sympy.latex(self.externally_stable),
        }

    def to_dict(self) -> dict[str, str]:
        return {key: str(value) for key, value in self._items()}

    def _items(self):
        yield "effective", self.effective
        yield "critical_discount", self.critical_discount.value
        yield "internally_stable", self.internally_stable
        yield "externally_stable", self.externally_stable


def cartel_size_conditions(
    market: SymmetricExportMarket, *, tolerance: Any = None, detection: Any = 1
) -> CartelSizeConditions:
    """Conditions on a cartel of ``k`` members, with ``N`` and parameters possibly symbolic.

    Examples
    --------
    >>> from dualdilemma.models.export_market import SymmetricExportMarket
    >>> market = SymmetricExportMarket(value=10, risk_without_supply=0, risk_with_supply=1,
    ...                                capacity="1/2", harm=8, safeguard=0, control_cost=0)
    >>> conditions = cartel_size_conditions(market, tolerance="1/2")
    >>> conditions.effective.subs({market.num_suppliers: 5, conditions.size: 4})
    True
    >>> conditions.critical_discount.value.subs({market.num_suppliers: 5, conditions.size: 4})
    1/3
    """
    tau = (
        sympy.Symbol("tau", nonnegative=True)
        if tolerance is None
        else sympy.nsimplify(str(check_tolerance(tolerance)))
    )
    n = market.num_suppliers
    outsiders = n - K
    cooperate = market.payoff("control", outsiders)
    deviate = market.payoff("export", outsiders)
    punish = market.payoff("export", n - 1)
    cd = critical_discount(cooperate, deviate, punish, detection)
    effective = sympy.Le(market.leakage(outsiders), tau)
    internal = sympy.Ge(cooperate, deviate)
    external = sympy.Ge(
        market.payoff("export", outsiders - 1), market.payoff("control", outsiders - 1)
    )
    return CartelSizeConditions(K, effective, cd, internal, external)
