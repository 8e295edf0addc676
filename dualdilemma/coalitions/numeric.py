r"""Numeric coalition equilibria with scipy, for payoffs without polynomial conditions.

**Nash timing.**  The KKT conditions of all present actions :math:`x` (members' :math:`s`,
outsiders' :math:`f`) with gradients :math:`g(x)` are the natural-map equations
:math:`x - \mathrm{clip}(x + g(x), \underline q, \overline q) = 0`, solved by
:func:`scipy.optimize.root` (Powell's hybrid method, then Levenberg-Marquardt) from several
starting points (:func:`numeric_nash`).

**Stackelberg timing.**  The fringe's symmetric reaction to :math:`s` solves the scalar
natural-map equation; the leader's payoff :math:`V(s)` is maximised by
:func:`~dualdilemma.coalitions.best_reply.minimise_scalar` (a grid refined by bounded Brent,
widening the interval when a side is unbounded) (:func:`numeric_stackelberg`).

Every solution is verified before it is returned: the KKT residual is at most ``tol`` (relative
to the actions), the second-order conditions hold at the point, and for Stackelberg timing the
leader's payoff is not beaten at nearby actions (relative steps :math:`10^{-6}` to
:math:`10^{-1}`); a failure raises :class:`~dualdilemma.errors.SolverError` or, for a
non-concave payoff, :class:`~dualdilemma.errors.UnsupportedGameError`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import sympy
from scipy import optimize

from dualdilemma.coalitions.best_reply import minimise_scalar
from dualdilemma.coalitions.conditions import F, S, Solution, Structure, role
from dualdilemma.errors import SolverError, UnsupportedGameError

__all__ = ["numeric_nash", "numeric_stackelberg"]


def _float_bounds(lower: Any, upper: Any) -> tuple[float, float]:
    return (
        -math.inf if lower is None else float(lower),
        math.inf if upper is None else float(upper),
    )


def numeric_nash(st: Structure, lower: Any, upper: Any, tol: float) -> Solution:
    """Solve the natural-map KKT equations of the Nash-timing game with ``k = st.k``."""
    lo, hi = _float_bounds(lower, upper)
    variables = [v for v, present in ((S, st.members), (F, st.outsiders)) if present]
    grads = [st.g_s if v == S else st.g_f for v in variables]
    function = sympy.lambdify(variables, grads, modules="numpy")

    def residual(x: np.ndarray) -> np.ndarray:
        g = np.asarray(function(*x), dtype=float)
        return x - np.clip(x + g, lo, hi)

    starts = [1.0, 0.5, 2.0, 10.0, 0.0, -1.0]
    starts += [b for b in (lo, hi, (lo + hi) / 2) if math.isfinite(b)]
    best = None
    for start in dict.fromkeys(starts):
        x0 = np.full(len(variables), float(np.clip(start, lo, hi)))
        with np.errstate(all="ignore"):
            for method in ("hybr", "lm"):
                try:
                    solution = optimize.root(residual, x0, method=method)
                except (ValueError, FloatingPointError):  # pragma: no cover - scipy guards
                    continue
                x = np.asarray(solution.x, dtype=float)
                if not np.all(np.isfinite(x)):
                    continue
                r = float(np.max(np.abs(residual(x))))
                if not math.isfinite(r):
                    continue
                if best is None or r < best[0]:
                    best = (r, x)
                if r <= tol * max(1.0, float(np.max(np.abs(x)))):
                    break
        if best is not None and best[0] <= tol * max(1.0, float(np.max(np.abs(best[1])))):
            break
    if best is None or best[0] > tol * max(1.0, float(np.max(np.abs(best[1])))):
        raise SolverError(
            f"the numeric solver found no equilibrium with k = {st.k} (smallest KKT residual "
            f"{'none' if best is None else f'{best[0]:.3g}'}); try method='symbolic' or bounds"
        )
    values = dict(zip(variables, (float(v) for v in best[1]), strict=True))
    _check_numeric_soc(st, values, lo, hi, tol)
    regimes = []
    for v in variables:
        x = values[v]
        regime = (
            "lower bound"
            if math.isfinite(lo) and abs(x - lo) <= tol * max(1.0, abs(lo))
            else "upper bound"
            if math.isfinite(hi) and abs(x - hi) <= tol * max(1.0, abs(hi))
            else "interior"
        )
        regimes.append(f"{role(v)} {regime}")
    return Solution(values.get(S), values.get(F), ", ".join(regimes), "numeric", best[0])


def _check_numeric_soc(
    st: Structure, values: dict, lo: float, hi: float, tol: float, *, members: bool = True
) -> None:
    k = st.k
    checks = []
    if st.members and members:
        checks.append(("the coalition's", S, st.soc_s))
        if k >= 2:
            checks.append(("a member's", S, st.split_s))
    if st.outsiders:
        checks.append(("a fringe player's", F, st.soc_f))
    point = {v: values[v] for v in values}
    for who, var, expr in checks:
        x = values[var]
        if not (lo + tol < x < hi - tol):
            continue
        function = sympy.lambdify(list(point), expr, modules="numpy")
        curvature = float(function(*point.values()))
        if curvature > tol * max(1.0, abs(curvature)):
            raise UnsupportedGameError(
                f"with k = {k}, {who} payoff is not concave at the solution of the first-order "
                f"conditions (second derivative {curvature:.3g}): not a best reply"
            )


def numeric_stackelberg(st: Structure, lower: Any, upper: Any, tol: float) -> Solution:
    """Maximise the leader's payoff over the fringe's numeric reaction (``k = st.k``)."""
    lo, hi = _float_bounds(lower, upper)
    g_f = sympy.lambdify([S, F], st.g_f, modules="numpy")
    value = sympy.lambdify([S, F], st.k * st.pi_s, modules="numpy")
    memo: dict[float, float] = {}

    def reaction(s: float) -> float:
        if s in memo:
            return memo[s]
        guess = next(iter(memo.values()), 0.0)

        def residual(f: np.ndarray) -> np.ndarray:
            return f - np.clip(f + np.asarray(g_f(s, f), dtype=float), lo, hi)

        best = None
        for start in (guess, 0.0, 1.0, lo, hi):
            if not math.isfinite(start):
                continue
            with np.errstate(all="ignore"):
                solution = optimize.root(residual, np.array([start]), method="hybr")
            f = float(solution.x[0])
            r = abs(float(residual(np.array([f]))[0]))
            if best is None or r < best[0]:
                best = (r, f)
            if r <= tol * max(1.0, abs(f)):
                break
        if best is None or best[0] > tol * max(1.0, abs(best[1])):
            raise SolverError(
                f"the numeric solver found no fringe reaction to s = {s:.6g} with k = {st.k}"
            )
        memo[s] = best[1]
        return best[1]

    def negative_value(s: float) -> float:
        with np.errstate(all="ignore"):
            v = float(value(s, reaction(float(s))))
        return -v if math.isfinite(v) else math.inf

    if math.isfinite(lo) and math.isfinite(hi):
        start = (lo + hi) / 2
    else:
        start = numeric_nash(st, lower, upper, max(tol, 1e-9)).member_action
    s_star = minimise_scalar(negative_value, lo, hi, start, what=f"the leading coalition of {st.k}")
    for edge in (lo, hi):
        if math.isfinite(edge) and negative_value(edge) <= negative_value(s_star):
            s_star = edge
    if not math.isfinite(s_star):  # pragma: no cover - minimize_scalar returns finite points
        raise SolverError(f"the leader's problem has no finite solution with k = {st.k}")
    f_star = reaction(s_star)
    v_star = -negative_value(s_star)
    scale = max(1.0, abs(v_star))
    for step in (1e-6, 1e-4, 1e-2, 1e-1):
        for direction in (-1, 1):
            s_near = s_star + direction * step * max(1.0, abs(s_star))
            if not lo <= s_near <= hi:
                continue
            gain = -negative_value(s_near) - v_star
            if gain > max(tol, 1e-9) * scale:
                raise SolverError(
                    f"the numeric leader optimum with k = {st.k} is beaten at s = {s_near:.6g} "
                    f"by {gain:.3g}"
                )
    _check_numeric_soc(st, {S: s_star, F: f_star}, lo, hi, tol, members=False)
    if st.k >= 2:
        split = float(sympy.lambdify([S, F], st.split_s, modules="numpy")(s_star, f_star))
        if split > tol * max(1.0, abs(split)):
            raise UnsupportedGameError(
                f"with k = {st.k}, a member's payoff is convex in its own action: the members "
                "would not choose a common action"
            )
    fr = float(abs(f_star - np.clip(f_star + float(g_f(s_star, f_star)), lo, hi)))
    regime = "interior"
    if math.isfinite(lo) and abs(f_star - lo) <= tol * max(1.0, abs(lo)):
        regime = "lower bound"
    elif math.isfinite(hi) and abs(f_star - hi) <= tol * max(1.0, abs(hi)):
        regime = "upper bound"
    return Solution(s_star, f_star, f"leader maximised numerically, fringe {regime}", "numeric", fr)
