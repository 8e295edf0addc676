r"""Conditions for one pure profile of a heterogeneous export market, in chosen parameters.

The full symbolic normal form of an :class:`~dualdilemma.models.export_market.ExportMarket`
has :math:`2^N` profiles, so it stops at a handful of suppliers.  A *single* profile :math:`a`
needs only :math:`N + 1` of them: :math:`a` is a Nash equilibrium iff no supplier gains by
flipping its own action,

.. math::

    a \in NE \iff \bigwedge_{i=1}^{N} u_i(a) \ge u_i(a^{(i)}), \qquad
    a^{(i)} = a \text{ with } a_i \text{ flipped},

and each :math:`u_i` is the model's generic supplier payoff
(:func:`~dualdilemma.models.export_market.generic_supplier_payoff`) with the exporters'
aggregates :math:`K_E = \sum_{j \in E} k_j` and :math:`S_E = \sum_{j \in E} k_j s_j` substituted.
Parameters named in ``keep`` (``V``, ``p0``, ``p1``, ``k_i``, ``h_i``, ``s_i``, ``c_i`` with
``i`` counted from 1, as in :meth:`~dualdilemma.models.export_market.ExportMarket.parameters`)
stay symbolic; the others take the market's exact values.  So the work is linear in :math:`N`
and conditions exist for markets of any size.

The dual dilemma of supplier :math:`i` at baseline :math:`a` (where :math:`i` exports) is
:math:`\Delta P \ge 0 \wedge \Delta u_i < 0` with :math:`\Delta P = P(a^{(i)}) - P(a)` and
:math:`\Delta u_i = u_i(a^{(i)}) - u_i(a)` (:mod:`dualdilemma.analysis.dual_dilemma`).

Each inequality is put in tidy form by :func:`dualdilemma.symbolic.simplify.inequality`
(J. Nash, "Non-cooperative games", Annals of Mathematics 54 (1951) for the definition).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import sympy

from dualdilemma.analysis.conditions import EquilibriumCondition, nonnegative_hints
from dualdilemma.errors import InvalidParameterError
from dualdilemma.models.export_market import (
    ACTIONS,
    CONTROL,
    EXPORT,
    ExportMarket,
    generic_supplier_payoff,
    leakage,
    normalise_profile,
    risk,
)
from dualdilemma.symbolic.parameters import Parameter
from dualdilemma.symbolic.simplify import inequality

__all__ = [
    "MarketSymbols",
    "market_symbols",
    "profile_condition",
    "lone_switch_dual_dilemma",
    "market_region_conditions",
]


class MarketSymbols:
    """The market's parameters with those in ``keep`` symbolic and the rest exact numbers.

    >>> from dualdilemma.models.export_market import Supplier
    >>> market = ExportMarket(10, 0, 1, [Supplier("A", 1, 2, "1/2"), Supplier("B", 1, 1, 0)])
    >>> ms = market_symbols(market, ["V", "h_1"])
    >>> ms.payoff(0, (0, 0))
    V/2 - 3*h_1/4
    """

    def __init__(self, market: ExportMarket, keep: Iterable[str] = ()) -> None:
        parameters = {p.name: p for p in market.parameters()}
        keep = tuple(dict.fromkeys(keep))
        unknown = [k for k in keep if k not in parameters or k == "gamma"]
        if unknown:
            allowed = [n for n in parameters if n != "gamma"]
            raise InvalidParameterError(
                f"unknown parameter {unknown[0]!r} to keep symbolic; parameters are "
                f"V, p0, p1 and k_i, h_i, s_i, c_i for i = 1..{market.num_suppliers} "
                f"({', '.join(allowed[:7])}, ...)"
            )
        values = market.parameter_values()
        self.market = market
        self.kept: tuple[Parameter, ...] = tuple(parameters[k] for k in keep)
        self.expr: dict[str, sympy.Expr] = {
            name: parameters[name].symbol
            if name in keep
            else sympy.Rational(values[name].numerator, values[name].denominator)
            for name in parameters
            if name != "gamma"
        }
        base = generic_supplier_payoff(Fraction(market.risk_exponent))
        self._base = base
        self._sym = {s.name: s for s in base.free_symbols}
        constraints = []
        if "p0" in keep or "p1" in keep:
            constraints.append(sympy.Le(self.expr["p0"], self.expr["p1"]))
        self.constraints = tuple(constraints)
        self.hints = nonnegative_hints(self.kept, constraints)

    def _aggregates(self, profile: Sequence[int]) -> tuple[sympy.Expr, sympy.Expr]:
        exporters = [j for j, a in enumerate(profile) if a == EXPORT]
        total = sympy.Add(*[self.expr[f"k_{j + 1}"] for j in exporters])
        screened = sympy.Add(
            *[self.expr[f"k_{j + 1}"] * self.expr[f"s_{j + 1}"] for j in exporters]
        )
        return total, screened

    def payoff(self, i: int, profile: Sequence[int]) -> sympy.Expr:
        """Supplier ``i``'s payoff at a pure profile (action indices)."""
        total, screened = self._aggregates(profile)
        s = self._sym
        return self._base.xreplace(
            {
                s["V"]: self.expr["V"],
                s["p0"]: self.expr["p0"],
                s["p1"]: self.expr["p1"],
                s["k"]: self.expr[f"k_{i + 1}"],
                s["h"]: self.expr[f"h_{i + 1}"],
                s["c"]: self.expr[f"c_{i + 1}"],
                s["a"]: sympy.Integer(profile[i]),
                s["K_E"]: total,
                s["S_E"]: screened,
            }
        )

    def risk(self, profile: Sequence[int]) -> sympy.Expr:
        """The proliferation probability at a pure profile."""
        total, screened = self._aggregates(profile)
        gamma = self.market.risk_exponent
        exponent = sympy.Rational(gamma.numerator, gamma.denominator)
        return risk(leakage(total, screened), self.expr["p0"], self.expr["p1"], exponent)


def market_symbols(market: ExportMarket, keep: Iterable[str] = ()) -> MarketSymbols:
    """:class:`MarketSymbols` of ``market`` with the parameters ``keep`` symbolic."""
    return MarketSymbols(market, keep)


def _flip(profile: tuple[int, ...], i: int) -> tuple[int, ...]:
    return tuple(
        (CONTROL if a == EXPORT else EXPORT) if j == i else a for j, a in enumerate(profile)
    )


def profile_condition(
    market: ExportMarket | MarketSymbols,
    profile: Sequence[Any],
    keep: Iterable[str] = (),
    *,
    label: str | None = None,
) -> EquilibriumCondition:
    """The condition, in the parameters ``keep``, under which ``profile`` is a pure equilibrium.

    Parameters
    ----------
    market
        The export market (or its :class:`MarketSymbols`, to reuse them).
    profile
        Action indices (0 export, 1 control) or labels, one per supplier.
    keep
        Parameter names that stay symbolic (module docstring); ignored when ``market`` is a
        :class:`MarketSymbols`.
    label
        The condition's label (default: the profile's actions, or ``"all export"``).

    Examples
    --------
    Two suppliers who each cover the buyer: the weakly safeguarded one lowers the risk by
    controlling, so all-export is an equilibrium iff its harm is small against the share
    :math:`V/2` it would lose.

    >>> from dualdilemma.models.export_market import Supplier
    >>> market = ExportMarket(10, 0, 1, [Supplier("weak", 1, 2, 0),
    ...                                  Supplier("other", 1, 1, "1/2")])
    >>> condition = profile_condition(market, ["export", "export"], ["h_1"])
    >>> condition.condition, condition.deviations
    (h_1 <= 20, ('weak: export -> control',))
    >>> profile_condition(market, ["export", "export"]).always
    True
    """
    symbols = market if isinstance(market, MarketSymbols) else MarketSymbols(market, keep)
    n = symbols.market.num_suppliers
    index = normalise_profile(profile, n, ACTIONS)
    kept, described = [], []
    condition: sympy.Basic = sympy.true
    for i in range(n):
        deviated = _flip(index, i)
        relation = inequality(
            symbols.payoff(i, index), symbols.payoff(i, deviated), hints=symbols.hints
        )
        if relation is sympy.false:
            condition = sympy.false
            kept, described = [], []
            break
        if relation is sympy.true or relation in kept:
            continue
        kept.append(relation)
        described.append(
            f"{symbols.market.names[i]}: {ACTIONS[index[i]]} -> {ACTIONS[deviated[i]]}"
        )
    if condition is not sympy.false:
        condition = sympy.And(*kept)
    if label is None:
        actions = [ACTIONS[a] for a in index]
        label = f"all {actions[0]}" if len(set(actions)) == 1 else ", ".join(actions)
    return EquilibriumCondition(
        label=label,
        profile=index,
        counts=None,
        condition=condition,
        inequalities=tuple(kept),
        deviations=tuple(described),
    )


def lone_switch_dual_dilemma(
    market: ExportMarket | MarketSymbols,
    baseline: Sequence[Any],
    supplier: int | str,
    keep: Iterable[str] = (),
) -> sympy.Basic:
    """The dual-dilemma condition :math:`\\Delta P \\ge 0 \\wedge \\Delta u_i < 0` of one
    supplier's lone switch from ``baseline``, in the parameters ``keep``.

    >>> from dualdilemma.models.export_market import Supplier
    >>> market = ExportMarket(10, 0, 1, [Supplier("leader", 1, 2, "9/10"),
    ...                                  Supplier("other", 1, 1, "1/10")])
    >>> lone_switch_dual_dilemma(market, (0, 0), "leader", ["s_1"])
    10*s_1 >= 1
    """
    symbols = market if isinstance(market, MarketSymbols) else MarketSymbols(market, keep)
    names = symbols.market.names
    if isinstance(supplier, str):
        if supplier not in names:
            raise InvalidParameterError(
                f"unknown supplier {supplier!r}; suppliers are {list(names)}"
            )
        i = names.index(supplier)
    else:
        i = int(supplier)
        if not 0 <= i < len(names):
            raise InvalidParameterError(f"supplier index {supplier} out of range")
    index = normalise_profile(baseline, len(names), ACTIONS)
    if index[i] != EXPORT:
        raise InvalidParameterError(
            f"{names[i]!r} does not export at the baseline {list(index)}: no switch to control"
        )
    switched = _flip(index, i)
    delta_risk = symbols.risk(switched) - symbols.risk(index)
    delta_payoff = symbols.payoff(i, switched) - symbols.payoff(i, index)
    ineffective = inequality(delta_risk, 0, hints=symbols.hints)
    costly = inequality(0, delta_payoff, strict=True, hints=symbols.hints)
    return sympy.And(ineffective, costly)


def market_region_conditions(
    market: ExportMarket, keep: Iterable[str], *, leader: int | str | None = None
) -> dict[str, sympy.Basic]:
    """``{label: condition}`` for a region map of a heterogeneous market over ``keep``:
    ``"all export"`` and ``"all control"`` are equilibria, and the leader's (default: the
    supplier with the highest harm valuation, first in file order on ties) dual dilemma at
    all-export.

    >>> from dualdilemma.models.export_market import Supplier
    >>> market = ExportMarket(10, 0, 1, [Supplier("weak", 1, 2, 0),
    ...                                  Supplier("other", 1, 1, "1/2")])
    >>> market_region_conditions(market, ["h_1"])
    {'all export': h_1 <= 20, 'all control': False, 'dual dilemma (weak)': False}
    """
    symbols = MarketSymbols(market, keep)
    n = market.num_suppliers
    if leader is None:
        harms = [s.harm for s in market.suppliers]
        leader = harms.index(max(harms))
    index = leader if isinstance(leader, int) else market.names.index(leader)
    everyone = tuple([EXPORT] * n)
    return {
        "all export": profile_condition(symbols, everyone).condition,
        "all control": profile_condition(symbols, tuple([CONTROL] * n)).condition,
        f"dual dilemma ({market.names[index]})": lone_switch_dual_dilemma(symbols, everyone, index),
    }
