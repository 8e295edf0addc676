r"""The dual dilemma of unilateral export control (claim C3), and the race to the bottom (C2).

Unilateral switches
-------------------
Take a model (an :class:`~dualdilemma.models.export_market.ExportMarket` or a
:class:`~dualdilemma.models.standards_race.StandardsRace`), a baseline pure profile :math:`a`
(default: each pure Nash equilibrium) and a supplier :math:`i` that sells at :math:`a`.  Let
:math:`a'` be :math:`a` with :math:`i` alone switched to control.  Then

.. math::

    \Delta P = P(a') - P(a), \qquad \Delta u_i = u_i(a') - u_i(a), \qquad
    \Delta m_i = m_i(a') - m_i(a) = -m_i(a),

and the verdicts are, with a tolerance :math:`\tau \ge 0` (0 in exact arithmetic):
*ineffective* iff :math:`\Delta P \ge -\tau` (risk not lowered beyond :math:`\tau`),
*counterproductive* iff :math:`\Delta P > \tau` (risk raised), *costly* iff
:math:`\Delta u_i < -\tau`.  The **dual dilemma** holds for :math:`i` when its unilateral control
is ineffective (or counterproductive) *and* costly.

Closed forms (export market, :math:`\gamma = 1`)
-----------------------------------------------
Let the other exporters have capacity :math:`K_o` and capacity-weighted mean safeguard
:math:`\bar s`.  From the model's equations (:func:`lone_switch_effects`),

.. math::

    \Delta P = (p_1 - p_0)\left(\frac{K_o (1 - \bar s)}{\max(1, K_o)} -
        \frac{k_i (1 - s_i) + K_o (1 - \bar s)}{\max(1, k_i + K_o)}\right),
    \qquad
    \Delta u_i = -\frac{V k_i}{\max(1, k_i + K_o)} - h_i \Delta P - c_i,

and when the others cover the buyer (:math:`K_o \ge 1`),
:math:`\Delta P = (p_1 - p_0)\, k_i (s_i - \bar s) / (k_i + K_o)`: the switch lowers the risk iff
:math:`s_i < \bar s` (MODEL s.2).  For identical suppliers with :math:`x` exporters,
:func:`symmetric_dual_dilemma_condition` gives the condition in :math:`k, s, V, h, c, x`.

Computing every lone switch at once
-----------------------------------
A switch by :math:`i` changes only :math:`i`'s action, so the switched profile's aggregates are
:math:`K_E - k_i` and :math:`S_E - k_i s_i`, and what the table needs after the switch
(:math:`P`, :math:`u_i`, :math:`m_i`) is the model's generic outcome at those aggregates with
:math:`i`'s own parameters.  :func:`market_lone_switches` evaluates it for every exporter of a
baseline in one pass over arrays (Fractions in exact arithmetic), instead of the whole market
outcome (:math:`N` suppliers) once per switch: :math:`O(N)` evaluations per baseline rather
than :math:`O(N^2)`, with the same numbers, since it evaluates the same expressions
(:func:`~dualdilemma.models.export_market.generic_supplier_payoff`) at the same exact inputs.

Race to the bottom
------------------
:func:`race_to_the_bottom` evaluates, for each number of suppliers :math:`N`, the closed-form
conditions (symbolic in :math:`N`) under which "everyone at level :math:`x^v`" is an equilibrium
of the symmetric standards race, and reports the equilibrium standards; C2 says the highest one
falls (weakly) as :math:`N` grows.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from dualdilemma.errors import InvalidParameterError, InvalidProfileError
from dualdilemma.models.export_market import (
    _GENERIC_ARGS,
    ACTIONS,
    CONTROL,
    EXPORT,
    ExportMarket,
    SymmetricExportMarket,
    _compiled_outcome,
    _generic_outcome,
    leakage,
    normalise_profile,
    risk,
    supplier_payoff,
    supplier_share,
)
from dualdilemma.solvers.pure_nash import pure_equilibria
from dualdilemma.solvers.result import json_number
from dualdilemma.symbolic.exact import evaluate_exact, evaluate_exact_many
from dualdilemma.symbolic.simplify import (
    inequality,
    normalise_signs,
    simplify_difference,
    tidy_min_max,
)

__all__ = [
    "LoneSwitches",
    "market_lone_switches",
    "UnilateralSwitch",
    "DualDilemmaReport",
    "dual_dilemma",
    "LoneSwitchEffects",
    "lone_switch_effects",
    "DualDilemmaCondition",
    "lone_switch_condition",
    "symmetric_dual_dilemma_condition",
    "StandardAtSize",
    "RaceToBottom",
    "race_to_the_bottom",
]


@dataclass(frozen=True)
class LoneSwitches:
    """Every exporter's lone switch to control from one baseline of an export market.

    Attributes
    ----------
    baseline
        The pure profile (action indices).
    exact
        Whether the numbers are Fractions.
    switchers
        Indices of the baseline's exporters, in supplier order; the arrays below have one
        entry per switcher.
    risk_before
        :math:`P` at the baseline.
    risk_after
        :math:`P` after each switch.
    payoff_before, payoff_after, share_before, share_after
        The switcher's payoff and share before and after its switch.
    others_capacity, others_screened
        The other exporters' capacity :math:`K_o` and safeguarded capacity
        :math:`\\sum_{j \\ne i} k_j s_j` (exact Fractions in either arithmetic).
    """

    baseline: tuple[int, ...]
    exact: bool
    switchers: tuple[int, ...]
    risk_before: Any
    risk_after: np.ndarray
    payoff_before: np.ndarray
    payoff_after: np.ndarray
    share_before: np.ndarray
    share_after: np.ndarray
    others_capacity: np.ndarray
    others_screened: np.ndarray

    @property
    def risk_change(self) -> np.ndarray:
        return self.risk_after - self.risk_before

    @property
    def payoff_change(self) -> np.ndarray:
        return self.payoff_after - self.payoff_before

    @property
    def share_change(self) -> np.ndarray:
        return self.share_after - self.share_before


def market_lone_switches(
    market: ExportMarket, baseline: Sequence[Any], *, exact: bool | None = None
) -> LoneSwitches:
    """Each exporter's lone switch to control from ``baseline``, all in one pass (module
    docstring, "Computing every lone switch at once").

    The numbers equal those of ``market.outcome`` at the baseline and at each switched profile:
    in exact arithmetic one evaluation of the model's generic outcome over ``object`` arrays
    of Fractions; in float arithmetic (a non-integer risk exponent) the model's compiled
    outcome once per switcher on the same float inputs as ``market.outcome``, so that every
    float is the one it computes (a vectorised power need not round as the scalar one does).

    >>> from dualdilemma.models.export_market import Supplier
    >>> market = ExportMarket(4, 0, 1, [Supplier("leader", 1, 1, "9/10"),
    ...                                 Supplier("other", 1, 1, "1/10")])
    >>> switches = market_lone_switches(market, ("export", "export"))
    >>> switches.switchers, switches.risk_change[0], switches.payoff_change[0]
    ((0, 1), Fraction(2, 5), Fraction(-12, 5))
    """
    exact = market.exact if exact is None else bool(exact)
    if exact and market.risk_exponent.denominator != 1:
        raise InvalidParameterError(
            f"risk_exponent {market.risk_exponent} is not an integer, so risks can be "
            "irrational: use exact=False"
        )
    profile = normalise_profile(baseline, market.num_suppliers, ACTIONS)
    columns = market.columns
    exporting = np.array(profile) == EXPORT
    switchers = np.flatnonzero(exporting)
    total = sum(columns.capacity[exporting], Fraction(0))
    screened = sum(columns.screened[exporting], Fraction(0))
    others_capacity = total - columns.capacity[switchers]
    others_screened = screened - columns.screened[switchers]
    market_values = [market.value, market.risk_without_supply, market.risk_with_supply]
    expressions = list(_generic_outcome(market.risk_exponent))
    own_before = [columns.capacity, columns.harm, columns.control_cost]
    own_after = [a[switchers] for a in own_before]
    actions = np.empty(len(profile), dtype=object)
    actions[:] = [Fraction(a) for a in profile]
    switched = np.empty(switchers.size, dtype=object)
    switched[:] = [Fraction(CONTROL)] * switchers.size
    if exact:

        def evaluate(own: list[Any], action: Any, k_e: Any, s_e: Any) -> list[Any]:
            env = dict(zip(_GENERIC_ARGS, [*market_values, *own, action, k_e, s_e], strict=True))
            return evaluate_exact_many(expressions, env)

        _, share, _, risk_before, payoff = evaluate(own_before, actions, total, screened)
        risk_before = np.broadcast_to(risk_before, (len(profile),))[0]
        if switchers.size:
            _, share_after, _, risk_after, payoff_after = (
                np.broadcast_to(v, (switchers.size,))
                for v in evaluate(own_after, switched, others_capacity, others_screened)
            )
        else:
            share_after = risk_after = payoff_after = np.empty(0, dtype=object)
        share = np.broadcast_to(share, (len(profile),))
        payoff = np.broadcast_to(payoff, (len(profile),))
    else:
        function = _compiled_outcome(market.risk_exponent)
        floats = [float(x) for x in market_values]

        def outcome(i: int, action: Any, k_e: Fraction, s_e: Fraction) -> list[float]:
            own = (columns.capacity[i], columns.harm[i], columns.control_cost[i])
            args = [*floats, *(float(x) for x in own), float(action), float(k_e), float(s_e)]
            return [float(x) for x in function(*args)]

        before = [outcome(i, a, total, screened) for i, a in enumerate(profile)]
        after = [
            outcome(int(i), CONTROL, k_e, s_e)
            for i, k_e, s_e in zip(switchers, others_capacity, others_screened, strict=True)
        ]
        risk_before = before[-1][3]
        share = np.array([b[1] for b in before], dtype=float)
        payoff = np.array([b[4] for b in before], dtype=float)
        share_after = np.array([a[1] for a in after], dtype=float)
        risk_after = np.array([a[3] for a in after], dtype=float)
        payoff_after = np.array([a[4] for a in after], dtype=float)
    return LoneSwitches(
        baseline=profile,
        exact=exact,
        switchers=tuple(int(i) for i in switchers),
        risk_before=risk_before,
        risk_after=np.asarray(risk_after),
        payoff_before=np.asarray(payoff)[switchers],
        payoff_after=np.asarray(payoff_after),
        share_before=np.asarray(share)[switchers],
        share_after=np.asarray(share_after),
        others_capacity=others_capacity,
        others_screened=others_screened,
    )


@dataclass(frozen=True)
class UnilateralSwitch:
    """What happens when one supplier alone switches from selling to control.

    Attributes
    ----------
    baseline, switched
        The pure profiles before and after (action indices).
    supplier, index
        The switching supplier's name and position.
    risk_before, risk_after, risk_change
        Proliferation probability and its change :math:`\\Delta P`.
    payoff_before, payoff_after, payoff_change
        The supplier's payoff and :math:`\\Delta u_i`.
    share_before, share_after, share_change
        The supplier's market share and :math:`\\Delta m_i`.
    ineffective, counterproductive, costly, dual_dilemma
        The verdicts of the module docstring.
    """

    baseline: tuple[int, ...]
    switched: tuple[int, ...]
    supplier: str
    index: int
    risk_before: Any
    risk_after: Any
    risk_change: Any
    payoff_before: Any
    payoff_after: Any
    payoff_change: Any
    share_before: Any
    share_after: Any
    share_change: Any
    ineffective: bool
    counterproductive: bool
    costly: bool
    dual_dilemma: bool

    @property
    def verdicts(self) -> tuple[str, ...]:
        """The verdict names that apply, e.g. ``("ineffective", "costly")``."""
        names = ("ineffective", "counterproductive", "costly")
        flags = (self.ineffective, self.counterproductive, self.costly)
        return tuple(n for n, f in zip(names, flags, strict=True) if f)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "baseline": list(self.baseline),
            "switched": list(self.switched),
            "supplier": self.supplier,
            "index": self.index,
        }
        for key in (
            "risk_before",
            "risk_after",
            "risk_change",
            "payoff_before",
            "payoff_after",
            "payoff_change",
            "share_before",
            "share_after",
            "share_change",
        ):
            out[key] = json_number(getattr(self, key))
        out.update(
            ineffective=self.ineffective,
            counterproductive=self.counterproductive,
            costly=self.costly,
            dual_dilemma=self.dual_dilemma,
        )
        return out

    def __repr__(self) -> str:
        from dualdilemma._numbers import format_number

        verdicts = ", ".join(self.verdicts) or "effective, costless"
        return (
            f"UnilateralSwitch({self.supplier!r} at {self.baseline}: "
            f"dP={format_number(self.risk_change)}, du={format_number(self.payoff_change)}, "
            f"dm={format_number(self.share_change)}; {verdicts}; "
            f"dual dilemma={self.dual_dilemma})"
        )


@dataclass(frozen=True)
class DualDilemmaReport:
    """All unilateral switches examined for one model.

    Attributes
    ----------
    model
        ``"export_market"`` or ``"standards_race"``.
    exact, tol
        Arithmetic and tolerance of the verdicts.
    baselines
        The baseline profiles (pure equilibria by default).
    switches
        One :class:`UnilateralSwitch` per (baseline, selling supplier).
    diagnostics
        Notes (e.g. that no pure equilibrium exists).
    """

    model: str
    exact: bool
    tol: Any
    baselines: tuple[tuple[int, ...], ...]
    switches: tuple[UnilateralSwitch, ...]
    diagnostics: tuple[str, ...] = ()

    @property
    def holds_for(self) -> tuple[str, ...]:
        """Names of the suppliers for which the dual dilemma holds at some baseline."""
        return tuple(dict.fromkeys(s.supplier for s in self.switches if s.dual_dilemma))

    @property
    def holds_everywhere(self) -> bool:
        """Whether the dual dilemma holds for every switch examined (and there is one)."""
        return bool(self.switches) and all(s.dual_dilemma for s in self.switches)

    def __len__(self) -> int:
        return len(self.switches)

    def __iter__(self):
        return iter(self.switches)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "exact": self.exact,
            "tol": json_number(self.tol),
            "baselines": [list(b) for b in self.baselines],
            "switches": [s.to_dict() for s in self.switches],
            "holds_for": list(self.holds_for),
            "diagnostics": list(self.diagnostics),
        }

    def __repr__(self) -> str:
        mode = "exact" if self.exact else "float"
        return (
            f"DualDilemmaReport({self.model}, {mode}, {len(self.baselines)} baselines, "
            f"{len(self.switches)} switches, holds for {list(self.holds_for)})"
        )


def _default_tol(model: Any, exact: bool) -> Any:
    if exact:
        return Fraction(0)
    scale = max(
        [1.0, float(model.value)]
        + [float(s.harm) for s in model.suppliers]
        + [float(s.control_cost) for s in model.suppliers]
    )
    return 1e-9 * scale


def dual_dilemma(
    model: Any,
    baselines: Iterable[Sequence[Any]] | None = None,
    *,
    exact: bool | None = None,
    tol: float | None = None,
) -> DualDilemmaReport:
    """Examine every unilateral switch to control from each baseline profile.

    Parameters
    ----------
    model
        An :class:`~dualdilemma.models.export_market.ExportMarket` or a
        :class:`~dualdilemma.models.standards_race.StandardsRace` (anything with ``game``,
        ``outcome``, ``actions``, ``control_action``, ``names`` and ``suppliers``).
    baselines
        Pure profiles (indices or labels).  Default: every pure Nash equilibrium of
        ``model.game()`` (verified by :func:`~dualdilemma.solvers.pure_nash.pure_equilibria`).
    exact
        Arithmetic (default: the model's).
    tol
        Tolerance of the verdicts (default 0 in exact mode, ``1e-9 * max(1, V, h_i, c_i)`` in
        float mode).

    Examples
    --------
    The leader (best safeguards) and a weak supplier, each able to cover the buyer: at the
    all-export equilibrium the leader's control raises the risk and costs it its share.

    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(4, 0, 1, [Supplier("leader", 1, 1, "9/10"),
    ...                                 Supplier("other", 1, 1, "1/10")])
    >>> report = dual_dilemma(market)
    >>> report.baselines
    ((0, 0),)
    >>> report.switches[0]
    UnilateralSwitch('leader' at (0, 0): dP=2/5, du=-12/5, dm=-1/2; ineffective, ...=True)
    """
    exact = model.exact if exact is None else bool(exact)
    if tol is None:
        tol_value: Any = _default_tol(model, exact)
    else:
        tol_value = float(tol)
        if not tol_value >= 0 or tol_value == float("inf"):
            raise InvalidParameterError(f"tol must be a finite number >= 0, got {tol!r}")
        if exact:
            tol_value = Fraction(repr(tol_value))
    diagnostics = []
    if baselines is None:
        result = pure_equilibria(model.game(exact=exact))
        profiles = [eq.pure_profile() for eq in result.equilibria]
        diagnostics.append(f"baselines: the {len(profiles)} pure equilibria of the game")
        if not profiles:
            diagnostics.append("the game has no pure equilibrium: nothing to examine")
    else:
        profiles = [normalise_profile(p, model.num_suppliers, model.actions) for p in baselines]
    control = model.control_action
    names = model.names
    switches = []
    for baseline in profiles:
        for row in _lone_switch_rows(model, tuple(baseline), exact):
            i, risk_before, risk_after, payoff_before, payoff_after, share_before, share_after = row
            risk_change = risk_after - risk_before
            payoff_change = payoff_after - payoff_before
            share_change = share_after - share_before
            ineffective = bool(risk_change >= -tol_value)
            counterproductive = bool(risk_change > tol_value)
            costly = bool(payoff_change < -tol_value)
            switches.append(
                UnilateralSwitch(
                    baseline=tuple(baseline),
                    switched=tuple(control if j == i else a for j, a in enumerate(baseline)),
                    supplier=names[i],
                    index=i,
                    risk_before=risk_before,
                    risk_after=risk_after,
                    risk_change=risk_change,
                    payoff_before=payoff_before,
                    payoff_after=payoff_after,
                    payoff_change=payoff_change,
                    share_before=share_before,
                    share_after=share_after,
                    share_change=share_change,
                    ineffective=ineffective,
                    counterproductive=counterproductive,
                    costly=costly,
                    dual_dilemma=(ineffective or counterproductive) and costly,
                )
            )
    model_name = type(model).__name__
    kind = {"ExportMarket": "export_market", "StandardsRace": "standards_race"}.get(
        model_name, model_name
    )
    return DualDilemmaReport(
        model=kind,
        exact=exact,
        tol=tol_value,
        baselines=tuple(tuple(p) for p in profiles),
        switches=tuple(switches),
        diagnostics=tuple(diagnostics),
    )


def _lone_switch_rows(model: Any, baseline: tuple[int, ...], exact: bool) -> list[tuple[Any, ...]]:
    """``(i, P before, P after, u_i before, u_i after, m_i before, m_i after)`` for each
    supplier ``i`` that sells at ``baseline``, in supplier order: all at once for an export
    market (:func:`market_lone_switches`), one outcome per switch for other models."""
    if isinstance(model, ExportMarket):
        lone = market_lone_switches(model, baseline, exact=exact)
        return list(
            zip(
                lone.switchers,
                [lone.risk_before] * len(lone.switchers),
                lone.risk_after.tolist(),
                lone.payoff_before.tolist(),
                lone.payoff_after.tolist(),
                lone.share_before.tolist(),
                lone.share_after.tolist(),
                strict=True,
            )
        )
    control = model.control_action
    before = model.outcome(baseline, exact=exact)
    rows = []
    for i, action in enumerate(baseline):
        if action == control:
            continue
        switched = tuple(control if j == i else a for j, a in enumerate(baseline))
        after = model.outcome(switched, exact=exact)
        rows.append(
            (
                i,
                before.risk,
                after.risk,
                before.payoffs[i],
                after.payoffs[i],
                before.shares[i],
                after.shares[i],
            )
        )
    return rows


# -- symbolic: one supplier against the rest ---------------------------------------------------
_V = sympy.Symbol("V", positive=True)
_P0, _P1 = sympy.symbols("p0 p1", nonnegative=True)
_KI, _HI, _CI = sympy.symbols("k_i h_i c_i", nonnegative=True)
_SI = sympy.Symbol("s_i", nonnegative=True)
_KO = sympy.Symbol("K_o", nonnegative=True)
_SBAR = sympy.Symbol("sbar", nonnegative=True)
_HINTS = (1 - _SI, 1 - _SBAR, _P1 - _P0)


@dataclass(frozen=True)
class LoneSwitchEffects:
    """Symbolic effects of supplier ``i`` alone switching from export to control.

    Symbols: ``k_i, s_i, h_i, c_i`` (the switcher), ``K_o`` and ``sbar`` (the other exporters'
    capacity and capacity-weighted mean safeguard), ``V, p0, p1``.

    Attributes
    ----------
    risk_change, payoff_change, share_change
        :math:`\\Delta P`, :math:`\\Delta u_i`, :math:`\\Delta m_i` in general.
    covered_risk_change, covered_payoff_change, covered_share_change
        The same when the others cover the buyer, :math:`K_o \\ge 1`.
    """

    risk_change: sympy.Expr
    payoff_change: sympy.Expr
    share_change: sympy.Expr
    covered_risk_change: sympy.Expr
    covered_payoff_change: sympy.Expr
    covered_share_change: sympy.Expr

    @property
    def symbols(self) -> dict[str, sympy.Symbol]:
        return {s.name: s for s in (_V, _P0, _P1, _KI, _SI, _HI, _CI, _KO, _SBAR)}

    def to_dict(self) -> dict[str, str]:
        return {
            name: str(getattr(self, name))
            for name in (
                "risk_change",
                "payoff_change",
                "share_change",
                "covered_risk_change",
                "covered_payoff_change",
                "covered_share_change",
            )
        }


def lone_switch_effects(risk_exponent: Any = 1) -> LoneSwitchEffects:
    """The symbolic :math:`\\Delta P`, :math:`\\Delta u_i`, :math:`\\Delta m_i` of a lone switch
    (export market with risk exponent :math:`\\gamma`, default 1), derived from the model's
    equations.

    >>> effects = lone_switch_effects()
    >>> effects.covered_risk_change
    k_i*(-p0 + p1)*(s_i - sbar)/(K_o + k_i)
    >>> quadratic = lone_switch_effects(2)
    >>> names = quadratic.symbols
    >>> at = {names["k_i"]: 1, names["K_o"]: 1, names["s_i"]: 1, names["sbar"]: 0}
    >>> quadratic.covered_risk_change.subs(at)  # leakage 1/2 -> 1: risk rises by 1 - 1/4
    -3*p0/4 + 3*p1/4
    """
    return _lone_switch_effects(_exponent(risk_exponent))


@functools.lru_cache(maxsize=16)
def _lone_switch_effects(gamma: sympy.Rational) -> LoneSwitchEffects:
    """:func:`lone_switch_effects` for an exact exponent, cached: the report asks for the
    general and the covered condition, and each simplification costs a fraction of a second
    (the effects are immutable sympy expressions)."""
    total_before = _KI + _KO
    screened_before = _KI * _SI + _KO * _SBAR
    screened_after = _KO * _SBAR
    p_before = risk(leakage(total_before, screened_before), _P0, _P1, gamma)
    p_after = risk(leakage(_KO, screened_after), _P0, _P1, gamma)
    share_before = supplier_share(_KI, 1, total_before)
    share_after = supplier_share(_KI, 0, _KO)
    u_before = supplier_payoff(_V, share_before, _HI, p_before, _CI, 0)
    u_after = supplier_payoff(_V, share_after, _HI, p_after, _CI, 1)
    # the payoff is affine in (share, risk, control), so its change is the payoff of the changes
    risk_change = simplify_difference(p_after - p_before, (), _HINTS)
    share_change = simplify_difference(share_after - share_before, (), _HINTS)
    payoff_change = supplier_payoff(_V, share_change, _HI, risk_change, _CI, 1)
    residual = sympy.expand(tidy_min_max(sympy.expand((u_after - u_before) - payoff_change)))
    if residual != 0:  # fractional powers: (K - K s)**g against K**g (1 - s)**g
        residual = residual.replace(
            lambda e: e.is_Pow and not e.exp.is_integer, lambda e: sympy.factor(e.base) ** e.exp
        )
        residual = sympy.expand(sympy.expand_power_base(residual, force=True))
    if residual != 0:  # pragma: no cover - an identity of the model's equations
        raise InvalidParameterError(f"payoff change is not affine in the changes: {residual}")
    # others cover the buyer: K_o = 1 + t with t >= 0, so Max(1, K_o) = K_o and so on
    t = sympy.Symbol("t", nonnegative=True)

    def covered(expr: sympy.Expr) -> sympy.Expr:
        value = sympy.factor(sympy.cancel(expr.xreplace({_KO: 1 + t}))).xreplace({t: _KO - 1})
        return normalise_signs(sympy.factor(value), _HINTS)

    covered_risk = covered(risk_change)
    covered_share = covered(share_change)
    covered_payoff = supplier_payoff(_V, covered_share, _HI, covered_risk, _CI, 1)
    return LoneSwitchEffects(
        risk_change, payoff_change, share_change, covered_risk, covered_payoff, covered_share
    )


@dataclass(frozen=True)
class DualDilemmaCondition:
    """When the dual dilemma holds, symbolically.

    Attributes
    ----------
    ineffective
        :math:`\\Delta P \\ge 0` (the switch does not lower the risk).
    counterproductive
        :math:`\\Delta P > 0`.
    costly
        :math:`\\Delta u_i < 0`.
    holds
        ``ineffective & costly`` (``counterproductive`` implies ``ineffective``).
    risk_change, payoff_change, share_change
        The expressions behind them.
    """

    ineffective: sympy.Basic
    counterproductive: sympy.Basic
    costly: sympy.Basic
    holds: sympy.Basic
    risk_change: sympy.Expr
    payoff_change: sympy.Expr
    share_change: sympy.Expr

    @property
    def latex(self) -> str:
        return sympy.latex(self.holds)

    def _repr_latex_(self) -> str:
        return f"${self.latex}$"

    def evaluate(self, values: Mapping[Any, Any]) -> dict[str, bool]:
        """Decide each verdict exactly at ``{name: number}``."""
        out = {}
        for name in ("ineffective", "counterproductive", "costly", "holds"):
            expr = getattr(self, name)
            by_name = {s.name: s for s in expr.free_symbols}
            bound = {by_name[str(k)]: v for k, v in values.items() if str(k) in by_name}
            missing = sorted(set(by_name) - {s.name for s in bound})
            if missing:
                raise InvalidParameterError(f"missing values for {missing}")
            out[name] = bool(evaluate_exact(expr, bound))
        return out

    def to_dict(self) -> dict[str, str]:
        return {
            "ineffective": str(self.ineffective),
            "counterproductive": str(self.counterproductive),
            "costly": str(self.costly),
            "holds": str(self.holds),
            "latex": self.latex,
            "risk_change": str(self.risk_change),
            "payoff_change": str(self.payoff_change),
            "share_change": str(self.share_change),
        }


def _condition(
    risk_change: sympy.Expr,
    payoff_change: sympy.Expr,
    share_change: sympy.Expr,
    hints: Sequence[sympy.Expr],
    extra: Sequence[sympy.Basic] = (),
) -> DualDilemmaCondition:
    ineffective = inequality(risk_change, 0, hints=hints)
    counterproductive = inequality(risk_change, 0, strict=True, hints=hints)
    costly = inequality(0, payoff_change, strict=True, hints=hints)
    holds = sympy.And(*extra, ineffective, costly)
    return DualDilemmaCondition(
        ineffective=ineffective,
        counterproductive=counterproductive,
        costly=costly,
        holds=holds,
        risk_change=risk_change,
        payoff_change=payoff_change,
        share_change=share_change,
    )


def _exponent(value: Any) -> sympy.Rational:
    """The risk exponent as an exact positive rational."""
    exponent = Fraction(value) if not isinstance(value, sympy.Rational) else value
    exponent = sympy.Rational(exponent.numerator, exponent.denominator)
    if exponent <= 0:
        raise InvalidParameterError(f"risk exponent must be positive, got {value}")
    return exponent


def lone_switch_condition(
    *, others_cover: bool = False, risk_exponent: Any = 1
) -> DualDilemmaCondition:
    """The dual-dilemma condition for one supplier against the rest (export market).

    With ``others_cover=True`` the condition assumes :math:`K_o \\ge 1` (the case of MODEL
    s.2): then the switch is ineffective iff :math:`s_i \\ge \\bar s` (for :math:`k_i > 0`,
    :math:`p_1 > p_0`) and always costly when :math:`V k_i > 0`.

    >>> lone_switch_condition(others_cover=True).ineffective
    k_i*(-p0 + p1)*(s_i - sbar)/(K_o + k_i) >= 0
    """
    effects = lone_switch_effects(risk_exponent)
    if others_cover:
        return _condition(
            effects.covered_risk_change,
            effects.covered_payoff_change,
            effects.covered_share_change,
            _HINTS,
            extra=(sympy.Ge(_KO, 1),),
        )
    return _condition(effects.risk_change, effects.payoff_change, effects.share_change, _HINTS)


def symmetric_dual_dilemma_condition(
    market: SymmetricExportMarket | None = None, exporters: Any = None
) -> DualDilemmaCondition:
    """The dual-dilemma condition for identical suppliers, from a baseline with ``exporters``
    exporters (default: the symbol ``x``, with ``1 <= x <= N`` in the condition).

    One exporter switching moves the profile from ``x`` to ``x - 1`` exporters:
    :math:`\\Delta P = P(x - 1) - P(x)`, :math:`\\Delta u = u_C(x - 1) - u_E(x - 1)` (payoffs
    against ``x - 1`` other exporters), :math:`\\Delta m = -k / \\max(1, k x)`.

    >>> everyone = SymmetricExportMarket().num_suppliers
    >>> symmetric_dual_dilemma_condition(exporters=everyone).costly
    V*k/Max(1, N*k) + c > h*(1 - s)*(-p0 + p1)*(Min(1, N*k) - Min(1, k*(N - 1)))
    """
    market = SymmetricExportMarket() if market is None else market
    extra: list[sympy.Basic] = []
    if exporters is None:
        x = sympy.Symbol("x", integer=True, nonnegative=True)
        extra = [x >= 1, x <= market.num_suppliers]
        exporters = x
    exporters = sympy.sympify(exporters)
    if exporters.is_number:
        upper = market.num_suppliers if isinstance(market.num_suppliers, int) else None
        if not exporters.is_integer or exporters < 1 or (upper is not None and exporters > upper):
            raise InvalidProfileError(
                f"exporters must be an integer in [1, N] (N = {market.num_suppliers}), "
                f"got {exporters}"
            )
    hints = market.nonnegative_hints
    risk_change = simplify_difference(
        market.risk(exporters - 1) - market.risk(exporters), (), hints
    )
    payoff_change = simplify_difference(
        market.payoff("control", exporters - 1) - market.payoff("export", exporters - 1), (), hints
    )
    share_change = simplify_difference(-market.share(exporters), (), hints)
    return _condition(risk_change, payoff_change, share_change, hints, extra)


# -- claim C2: the equilibrium standard as a function of N --------------------------------------
@dataclass(frozen=True)
class StandardAtSize:
    """Symmetric pure equilibria of the standards race with ``num_suppliers`` suppliers.

    Attributes
    ----------
    num_suppliers
        :math:`N`.
    levels
        The selling levels :math:`x^v < 1` such that "everyone at :math:`x^v`" is an
        equilibrium.
    highest, lowest
        The highest and lowest of them (``None`` if there is none): the equilibrium standards.
    all_control
        Whether "everyone refuses" is an equilibrium too (no sale at all; reported apart, since
        it is not a standard of supply).
    """

    num_suppliers: int
    levels: tuple[Fraction, ...]
    highest: Fraction | None
    lowest: Fraction | None
    all_control: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "num_suppliers": self.num_suppliers,
            "levels": [json_number(x) for x in self.levels],
            "highest": None if self.highest is None else json_number(self.highest),
            "lowest": None if self.lowest is None else json_number(self.lowest),
            "all_control": self.all_control,
        }


@dataclass(frozen=True)
class RaceToBottom:
    """Claim C2: the equilibrium standard of the symmetric standards race as ``N`` grows.

    Attributes
    ----------
    conditions
        ``{action label: condition in N}`` under which everyone at that level is an equilibrium.
    rows
        One :class:`StandardAtSize` per number of suppliers, in increasing ``N``.
    """

    conditions: Mapping[str, sympy.Basic]
    rows: tuple[StandardAtSize, ...]

    @property
    def falls_with_n(self) -> bool:
        """Whether the highest equilibrium standard is non-increasing in ``N`` (C2)."""
        highs = [r.highest for r in self.rows if r.highest is not None]
        return all(b <= a for a, b in zip(highs, highs[1:], strict=False))

    def at_floor(self, floor: Fraction) -> tuple[int, ...]:
        """The sizes ``N`` at which the only symmetric equilibrium standard is ``floor``."""
        return tuple(r.num_suppliers for r in self.rows if r.levels == (floor,))

    def to_dict(self) -> dict[str, Any]:
        return {
            "conditions": {k: str(v) for k, v in self.conditions.items()},
            "rows": [r.to_dict() for r in self.rows],
            "falls_with_n": self.falls_with_n,
        }


def race_to_the_bottom(
    race: Any, sizes: Iterable[int], values: Mapping[str, Any] | None = None
) -> RaceToBottom:
    r"""For each ``N`` in ``sizes``, the levels at which everyone-at-that-level is an equilibrium.

    Parameters
    ----------
    race
        A :class:`~dualdilemma.models.standards_race.SymmetricStandardsRace` with a symbolic
        number of suppliers.
    sizes
        Numbers of suppliers (each ``>= 2``).
    values
        Values of the race's remaining symbolic parameters (by name).

    Examples
    --------
    Each supplier can serve the whole market (k = 1).  Undercutting a common level
    :math:`x^v` by one rung wins :math:`V(1 - 1/N)` and costs :math:`h (x^v - x^{v-1})` in risk,
    so the standard 1/2 holds iff :math:`1 - 1/N \le 3/4`, i.e. :math:`N \le 4`:

    >>> from dualdilemma.models.standards_race import SymmetricStandardsRace
    >>> race = SymmetricStandardsRace(value=1, risk_without_supply=0, risk_with_supply=1,
    ...                               capacity=1, harm="3/2", control_cost="1/10")
    >>> result = race_to_the_bottom(race, [2, 3, 4, 5, 8])
    >>> [(r.num_suppliers, str(r.highest)) for r in result.rows]
    [(2, '1/2'), (3, '1/2'), (4, '1/2'), (5, '0'), (8, '0')]
    >>> result.falls_with_n
    True
    """
    from dualdilemma.models.standards_race import SymmetricStandardsRace

    if not isinstance(race, SymmetricStandardsRace):
        raise InvalidParameterError(
            f"race must be a SymmetricStandardsRace, got {type(race).__name__}"
        )
    if isinstance(race.num_suppliers, int):
        raise InvalidParameterError(
            "race_to_the_bottom needs a symbolic number of suppliers (num_suppliers=None)"
        )
    by_level = _symmetric_race_conditions(race)
    labels = [f"all {a}" for a in race.actions]
    values = dict(values or {})
    rows = []
    for size in sorted({int(n) for n in sizes}):
        if size < 2:
            raise InvalidParameterError(f"sizes must be integers >= 2, got {size}")
        bound = {**values, "N": size}
        holds = [by_level[label].holds(bound) for label in labels]
        levels = tuple(x for x, ok in zip(race.levels[:-1], holds, strict=False) if ok)
        rows.append(
            StandardAtSize(
                num_suppliers=size,
                levels=levels,
                highest=max(levels) if levels else None,
                lowest=min(levels) if levels else None,
                all_control=holds[-1],
            )
        )
    return RaceToBottom(
        conditions={label: by_level[label].condition for label in labels},
        rows=tuple(rows),
    )


@functools.lru_cache(maxsize=64)
def _symmetric_race_conditions(race: Any) -> dict[str, Any]:
    """``{label: EquilibriumCondition}`` of the symmetric profiles (cached per race)."""
    from dualdilemma.analysis.conditions import anonymous_equilibrium_conditions

    game = race.game()
    conditions = anonymous_equilibrium_conditions(game, hints=race.nonnegative_hints)
    return {c.label: c for c in conditions}
