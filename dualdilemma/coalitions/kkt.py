r"""Exact coalition equilibria by enumerating Karush-Kuhn-Tucker regimes (sympy).

Algorithm (see :mod:`~dualdilemma.coalitions.equilibrium` for the model):

**Nash timing.**  Each present action (members' :math:`s`, outsiders' :math:`f`) is either
interior (its first-order condition :math:`g = 0`), at its lower bound (:math:`g \le 0`) or at
its upper bound (:math:`g \ge 0`).  For every combination of regimes the equations are solved
by :func:`sympy.solve` with the coalition size left symbolic, so that one solve serves every
:math:`k` (:func:`nash_families`).  At a given :math:`k` each family is evaluated exactly and
kept iff it lies within the bounds and satisfies its KKT sign conditions and, for interior
actions, the second-order conditions (:func:`select_nash`).  For polynomial conditions the
enumeration finds every KKT point, so zero survivors means no equilibrium and several mean
several equilibria (an error: the engine reports, it does not choose).

**Stackelberg timing.**  The fringe's condition must be linear and decreasing in :math:`f`;
then the symmetric fringe equilibrium given :math:`s` is the interior reaction clipped to the
bounds.  The leader's payoff :math:`V(s)` is smooth on each *piece* (fringe interior, at its
lower or upper bound), so its maximum over the action interval is at a stationary point of a
piece, at a kink (where the interior reaction meets a bound) or at a bound of :math:`s`
(:func:`stackelberg_families`).  Comparing :math:`V` over these candidates, each evaluated with
the true clipped reaction, gives the global maximum exactly; beyond the outermost candidate the
slope of :math:`V` no longer changes sign, so a positive slope there means no maximum
(:func:`select_stackelberg`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from dualdilemma._numbers import format_number
from dualdilemma.coalitions._exact import (
    NotApplicable,
    as_float,
    as_sympy,
    check_polynomial,
    evaluate,
    less,
    numerator,
    same,
    sign,
    solve_polynomial,
    within,
)
from dualdilemma.coalitions.conditions import F, K, S, Solution, Structure, role
from dualdilemma.errors import UnsupportedGameError

__all__ = [
    "Family",
    "StackelbergFamilies",
    "nash_families",
    "stackelberg_families",
    "select_nash",
    "select_stackelberg",
]


@dataclass(frozen=True)
class Family:
    """A candidate solution: each present action as an expression (in k), with its regime."""

    values: dict
    regimes: dict


def nash_families(st: Structure, lower: Any, upper: Any) -> list[Family]:
    """Solve every KKT regime of the Nash-timing conditions (actions as functions of k)."""
    variables = []
    if st.members:
        variables.append((S, st.g_s))
    if st.outsiders:
        variables.append((F, st.g_f))
    options = ["interior"]
    if lower is not None:
        options.append("lower bound")
    if upper is not None:
        options.append("upper bound")
    families = []
    for combo in itertools.product(options, repeat=len(variables)):
        fixed = {}
        for (var, _), regime in zip(variables, combo, strict=True):
            if regime == "lower bound":
                fixed[var] = lower
            elif regime == "upper bound":
                fixed[var] = upper
        unknowns = [var for (var, _), r in zip(variables, combo, strict=True) if r == "interior"]
        equations = [
            numerator(g.xreplace(fixed))
            for (var, g), r in zip(variables, combo, strict=True)
            if r == "interior"
        ]
        for solution in solve_polynomial(equations, unknowns):
            families.append(
                Family(
                    values={**fixed, **solution},
                    regimes={var: r for (var, _), r in zip(variables, combo, strict=True)},
                )
            )
    return families


def _kkt_ok(st: Structure, env: dict, regimes: dict, lower: Any, upper: Any) -> bool:
    """Exact KKT and second-order conditions of a Nash candidate."""
    for var, g, socs in (
        (S, st.g_s, (st.soc_s, st.split_s if _members_at_least_two(st, env) else None)),
        (F, st.g_f, (st.soc_f,)),
    ):
        if g is None:
            continue
        value = env[var]
        if not within(value, lower, upper):
            return False
        gradient = evaluate(g, env)
        if gradient is None:
            return False
        direction = sign(gradient)
        regime = regimes[var]
        if regime == "interior":
            if direction != 0:
                return False
            for soc in socs:
                if soc is None:
                    continue
                curvature = evaluate(soc, env)
                if curvature is None or sign(curvature) > 0:
                    return False
        elif regime == "lower bound" and direction > 0:
            return False
        elif regime == "upper bound" and direction < 0:
            return False
    return True


def _members_at_least_two(st: Structure, env: dict) -> bool:
    k = env.get(K, st.k)
    return st.members and k >= 2


@dataclass(frozen=True)
class StackelbergFamilies:
    """The fringe's interior reaction :math:`f^{int}(s)`, the slope of its condition in
    :math:`f`, the leader's payoff and its derivative on each piece, and the candidate actions
    (stationary points of the pieces and kinks), all as expressions in the coalition size."""

    reaction: sympy.Expr
    slope: sympy.Expr
    pieces: dict
    derivatives: dict
    candidates: list


def stackelberg_families(st: Structure, lower: Any, upper: Any) -> StackelbergFamilies:
    """The fringe reaction and the leader's candidate actions (as functions of k).

    Raises :class:`NotApplicable` unless the fringe's condition is linear in its action.
    """
    top = numerator(st.g_f)
    check_polynomial(top, [F, S])
    if sympy.Poly(top, F).degree() != 1:
        raise NotApplicable("the fringe's first-order condition is not linear in its action")
    slope = sympy.cancel(sympy.diff(st.g_f, F))
    if slope.has(S, F):
        raise NotApplicable("the fringe's first-order condition is not linear in its action")
    (reaction,) = sympy.solve(top, F)
    pieces = {"interior": reaction}
    if lower is not None:
        pieces["lower bound"] = lower
    if upper is not None:
        pieces["upper bound"] = upper
    values = {}
    derivatives = {}
    candidates: list[sympy.Expr] = []
    for name, fringe_action in pieces.items():
        value = st.k * st.pi_s.xreplace({F: fringe_action})
        values[name] = value
        derivative = sympy.diff(value, S)
        derivatives[name] = derivative
        top = numerator(derivative)
        if top == 0:
            continue
        for solution in solve_polynomial([top], [S]):
            candidates.append(solution[S])
    for bound in (lower, upper):
        if bound is None:
            continue
        difference = numerator(reaction - bound)
        if difference.has(S):
            candidates.extend(solution[S] for solution in solve_polynomial([difference], [S]))
    return StackelbergFamilies(reaction, slope, values, derivatives, candidates)


def select_nash(
    st: Structure, families: list[Family], k: int, lower: Any, upper: Any
) -> Solution | None:
    """The unique family that is a KKT point at size ``k`` (``None`` if none is)."""
    found = []
    for family in families:
        env = {K: Fraction(k)} if st.k is K else {}
        values = {}
        for var, expr in family.values.items():
            value = evaluate(sympy.sympify(expr), env)
            if value is None:
                break
            values[var] = value
        else:
            point = {**env, **values}
            if _kkt_ok(st, point, family.regimes, lower, upper):
                found.append((values, family.regimes))
    unique = []
    for values, regimes in found:
        if not any(all(same(values[v], other[v]) for v in values) for other, _ in unique):
            unique.append((values, regimes))
    if not unique:
        return None
    if len(unique) > 1:
        shown = "; ".join(
            ", ".join(f"{_label(v)}={format_number(_show(x))}" for v, x in values.items())
            for values, _ in unique
        )
        raise UnsupportedGameError(
            f"with {k} members there are several equilibria ({shown}); the engine needs a "
            "unique equilibrium for each coalition size"
        )
    values, regimes = unique[0]
    regime = ", ".join(f"{role(v)} {r}" for v, r in regimes.items())
    return Solution(values.get(S), values.get(F), regime, "symbolic", Fraction(0))


def _show(value: Any) -> Any:
    return value if isinstance(value, Fraction) else float(value)


def _label(var: sympy.Symbol) -> str:
    return "s" if var == S else "f"


def _clip(value: Any, lower: Any, upper: Any) -> tuple[Any, str]:
    """The value clipped to the bounds, and whether a bound is reached (ties count)."""
    if lower is not None and not less(lower, value):
        return lower, "lower bound"
    if upper is not None and not less(value, upper):
        return upper, "upper bound"
    return value, "interior"


def select_stackelberg(
    st: Structure, fam: StackelbergFamilies, k: int, lower: Any, upper: Any
) -> Solution | None:
    """The leader's global maximum at size ``k`` and the fringe's reaction to it."""
    base = {K: Fraction(k)} if st.k is K else {}
    slope = evaluate(fam.slope, base)
    if slope is None or sign(slope) >= 0:
        raise NotApplicable("the fringe's first-order condition is not decreasing in its action")
    points = [b for b in (lower, upper) if b is not None]
    for expr in fam.candidates:
        value = evaluate(expr, base)
        if value is not None and within(value, lower, upper):
            points.append(value)
    if not points:
        points = [Fraction(0)]

    def reaction(s: Any) -> tuple[Any, str] | None:
        inner = evaluate(fam.reaction, {**base, S: s})
        return None if inner is None else _clip(inner, lower, upper)

    def leader(s: Any, f: Any) -> Any:
        return evaluate(st.pi_s, {**base, S: s, F: f})

    # a leader payoff that keeps rising beyond every candidate has no maximum
    for direction, bound in ((1, upper), (-1, lower)):
        if bound is not None:
            continue
        extreme = max(points, key=as_float) if direction > 0 else min(points, key=as_float)
        far = as_sympy(extreme) + direction
        far = Fraction(int(far.p), int(far.q)) if far.is_Rational else far
        r = reaction(far)
        if r is None:
            continue
        slope_far = evaluate(fam.derivatives[r[1]], {**base, S: far})
        if slope_far is not None and sign(slope_far) * direction > 0:
            raise UnsupportedGameError(
                f"with {k} members the coalition's payoff keeps increasing as its action "
                f"{'grows' if direction > 0 else 'falls'}: it has no maximum; bound the actions"
            )
    scored = []
    for s in points:
        r = reaction(s)
        if r is None:
            continue
        value = leader(s, r[0])
        if value is None:
            continue
        scored.append((value, s, r))
    if not scored:
        return None
    best = max(scored, key=lambda item: as_float(item[0]))
    best_value = best[0]
    winners = [item for item in scored if same(item[0], best_value)]
    distinct = []
    for item in winners:
        if not any(same(item[1], other[1]) for other in distinct):
            distinct.append(item)
    if len(distinct) > 1:
        shown = ", ".join(format_number(_show(item[1])) for item in distinct)
        raise UnsupportedGameError(
            f"with {k} members the leading coalition is indifferent between actions {shown}; "
            "the engine needs a unique optimum"
        )
    # exact equality among near-equal floats: pick the true maximum exactly
    for item in scored:
        if less(best_value, item[0]):  # pragma: no cover - float ranking already exact enough
            best_value = item[0]
            best = item
    _, s, (f, fringe_regime) = best
    env = {**base, S: s, F: f}
    # members' split and the fringe's own second-order condition
    if k >= 2:
        split = evaluate(st.split_s, env)
        if split is None or sign(split) > 0:
            return None
    if fringe_regime == "interior":
        curvature = evaluate(st.soc_f, env)
        if curvature is None or sign(curvature) > 0:
            return None
    s_regime = (
        "lower bound"
        if lower is not None and same(s, lower)
        else "upper bound"
        if upper is not None and same(s, upper)
        else "interior"
    )
    return Solution(
        s,
        f,
        f"members {s_regime} (leader's global maximum over {len(points)} candidates), "
        f"fringe {fringe_regime}",
        "symbolic",
        Fraction(0),
    )
