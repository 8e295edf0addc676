r"""One player's (or one coalition's) best reply over an action interval.

The problem is :math:`\max_{x \in [\underline q, \overline q]} \phi(x)` for a smooth
:math:`\phi` (a deviation payoff, or a payoff used to verify an equilibrium).

* **Exact** (:func:`exact_maximum`), when :math:`\phi'` is a rational function whose numerator
  is a polynomial of degree at most 4: the maximum over a closed interval is attained at a
  real root of :math:`\phi'` or at a bound, so comparing :math:`\phi` exactly over all of them
  gives the global maximum.  Beyond the outermost candidate the sign of :math:`\phi'` no longer
  changes, so a positive slope there (towards an unbounded side) means :math:`\phi` has no
  maximum, which is reported.
* **Numeric** (:func:`numeric_maximum`), otherwise: on a bounded interval the best of 201 grid
  points is refined with bounded Brent (:func:`scipy.optimize.minimize_scalar`); with one
  finite bound the interval is widened (by factors of 4) until the maximiser is not at its far
  end; with none Brent starts from a given point.  The result is checked against nearby
  actions.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from scipy import optimize

from dualdilemma.coalitions._exact import (
    as_float,
    as_sympy,
    check_polynomial,
    evaluate,
    numerator,
    sign,
    solve_polynomial,
    within,
)
from dualdilemma.errors import SolverError, UnsupportedGameError

__all__ = ["X", "exact_maximum", "numeric_maximum", "minimise_scalar"]

#: The action variable of the objectives.
X = sympy.Dummy("x", real=True)


def exact_maximum(
    objective: sympy.Expr, lower: Fraction | None, upper: Fraction | None, *, what: str
) -> tuple[Any, Any]:
    """The global maximiser and maximum of ``objective`` (in :data:`X`) over the interval.

    Values are Fractions when rational, exact sympy numbers otherwise.  Raises
    :class:`~dualdilemma.coalitions._exact.NotApplicable` when the derivative is not
    polynomial enough, and :class:`~dualdilemma.errors.UnsupportedGameError` (naming ``what``)
    when the objective increases without bound.

    >>> x0, v = exact_maximum(X * (1 - X), Fraction(0), None, what="a firm")
    >>> x0, v
    (Fraction(1, 2), Fraction(1, 4))
    """
    derivative = sympy.diff(objective, X)
    top = numerator(derivative)
    points: list[Any] = [b for b in (lower, upper) if b is not None]
    if top != 0:
        check_polynomial(top, [X])
        if top.has(X):
            for root in solve_polynomial([top], [X]):
                value = evaluate(root[X], {})
                if value is not None and within(value, lower, upper):
                    points.append(value)
    if not points:
        points = [Fraction(0)]
    for direction, bound in ((1, upper), (-1, lower)):
        if bound is not None:
            continue
        extreme = max(points, key=as_float) if direction > 0 else min(points, key=as_float)
        far = as_sympy(extreme) + direction
        far = Fraction(int(far.p), int(far.q)) if far.is_Rational else far
        slope = evaluate(derivative, {X: far})
        if slope is not None and sign(slope) * direction > 0:
            raise UnsupportedGameError(
                f"{what} gains without bound as the action {'grows' if direction > 0 else 'falls'}"
                "; bound the actions"
            )
    scored = []
    for x in points:
        value = evaluate(objective, {X: x})
        if value is not None:
            scored.append((value, x))
    if not scored:
        raise SolverError(f"the payoff of {what} could not be evaluated at any candidate action")
    best_value, best_x = scored[0]
    for value, x in scored[1:]:
        if sign(as_sympy(value) - as_sympy(best_value)) > 0:
            best_value, best_x = value, x
    return best_x, best_value


def _interval_search(negative: Any, a: float, b: float) -> float:
    """Minimise ``negative`` on [a, b]: the best of 201 grid points, refined by bounded Brent."""
    grid = np.linspace(a, b, 201)
    with np.errstate(all="ignore"):
        values = [negative(float(x)) for x in grid]
    i = int(np.argmin(values))
    left, right = float(grid[max(i - 1, 0)]), float(grid[min(i + 1, 200)])
    if right <= left:
        return float(grid[i])
    result = optimize.minimize_scalar(
        negative, bounds=(left, right), method="bounded", options={"xatol": 1e-12 * (b - a + 1)}
    )
    return float(result.x) if result.fun <= values[i] else float(grid[i])


def minimise_scalar(negative: Any, lo: float, hi: float, start: float, *, what: str) -> float:
    """The minimiser of ``negative`` over [lo, hi] (either side may be infinite); see the
    module docstring for the search."""
    if math.isfinite(lo) and math.isfinite(hi):
        x = _interval_search(negative, lo, hi)
    elif math.isfinite(lo) or math.isfinite(hi):
        # one finite bound: widen the interval until the maximiser is not at its far end
        edge = lo if math.isfinite(lo) else hi
        width = max(1.0, 2 * abs(start - edge))
        for _ in range(40):
            a, b = (edge, edge + width) if math.isfinite(lo) else (edge - width, edge)
            x = _interval_search(negative, a, b)
            far = b if math.isfinite(lo) else a
            if abs(x - far) > 1e-6 * width:
                break
            width *= 4
        else:
            raise UnsupportedGameError(f"{what}: the payoff keeps increasing; bound the actions")
    else:
        try:
            with np.errstate(all="ignore"):
                result = optimize.minimize_scalar(
                    negative, bracket=(start, start + max(1.0, abs(start))), method="brent"
                )
        except (ValueError, RuntimeError):
            raise UnsupportedGameError(f"{what}: no maximum was found numerically") from None
        if not math.isfinite(result.fun):
            raise UnsupportedGameError(f"{what}: no maximum was found numerically")
        x = float(result.x)
    return float(np.clip(x, lo, hi))


def numeric_maximum(
    objective: sympy.Expr,
    lower: float | None,
    upper: float | None,
    start: float,
    tol: float,
    *,
    what: str,
) -> tuple[float, float]:
    """Numeric maximiser and maximum of ``objective`` (in :data:`X`), checked locally.

    >>> x0, v = numeric_maximum(X * (1 - X), 0.0, 1.0, 0.3, 1e-9, what="a firm")
    >>> round(x0, 6), round(v, 6)
    (0.5, 0.25)
    """
    function = sympy.lambdify([X], objective, modules="numpy")
    lo = -math.inf if lower is None else float(lower)
    hi = math.inf if upper is None else float(upper)

    def negative(x: float) -> float:
        with np.errstate(all="ignore"):
            value = float(function(x))
        return -value if math.isfinite(value) else math.inf

    x = minimise_scalar(negative, lo, hi, start, what=what)
    value = -negative(x)
    scale = max(1.0, abs(value))
    for step in (1e-6, 1e-4, 1e-2, 1e-1):
        for direction in (-1, 1):
            near = x + direction * step * max(1.0, abs(x))
            if lo <= near <= hi and -negative(near) - value > max(tol, 1e-9) * scale:
                raise SolverError(f"the numeric best reply of {what} is beaten at x = {near:.6g}")
    return x, value
