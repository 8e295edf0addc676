r"""Thresholds at which a predicted form flips: the margin solved for zero in one input.

For a case, a feature :math:`f` and an input :math:`p`, the threshold is the value
:math:`p^\dagger` nearest to the case's own value at which the margin :math:`\Delta_f` changes
sign, everything else held at the case's values (membership held at its chosen form, so the
threshold is that of the feature's own margin; the membership margin's thresholds say where
membership flips).

1. **Symbolic** (sympy): :math:`p` becomes a symbol, :math:`\Delta_f(p)` is built from the same
   code as the numbers (:func:`~dualdilemma.design.model.feature_margin`), piecewise in
   :math:`p` (the holding probability and the caps are ``Piecewise``/``Min``/``Max``).  Each
   piece is solved with :func:`sympy.solve`; a real root inside the piece's condition and the
   input's domain is kept after checking that the exact margin changes sign across it.
2. **Numeric** when sympy returns nothing usable or no root (as a check): the domain is
   scanned on a grid of :data:`GRID` points and every sign change is refined by
   :func:`scipy.optimize.brentq` (bracketing, tolerance :data:`XTOL`).

Integer inputs (numbers of states, years) get a real threshold; the form flips at the first
integer past it.  A margin that never changes sign over the domain has no threshold
(reported as ``None`` with the reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from dualdilemma.design.model import (
    _CASE_FIELDS,
    FEATURES,
    PARAMETERS,
    DesignCase,
    DesignWeights,
    design,
    feature_margin,
)
from dualdilemma.errors import InvalidParameterError
from dualdilemma.solvers.result import json_number

__all__ = ["Threshold", "threshold", "thresholds", "GRID", "XTOL"]

GRID = 400
XTOL = 1e-12


@dataclass(frozen=True)
class Threshold:
    """Where one feature's form flips as one input moves.

    ``value`` is exact (a sympy number) when ``method == "symbolic"``, a float for
    ``"numeric"`` and ``None`` when the form does not flip inside ``domain``.
    """

    feature: str
    parameter: str
    current: Any
    value: Any
    method: str
    domain: tuple[Any, Any]
    flips_to: str | None
    reason: str = ""

    @property
    def distance(self) -> float | None:
        return None if self.value is None else abs(float(self.value) - float(self.current))

    def to_dict(self) -> dict[str, Any]:
        value = self.value
        if value is not None and self.method == "symbolic":
            text = str(value)
            value = {"exact": text, "float": float(value)}
        return {
            "feature": self.feature,
            "parameter": self.parameter,
            "current": json_number(self.current),
            "threshold": value,
            "method": self.method,
            "domain": [json_number(d) for d in self.domain],
            "flips_to": self.flips_to,
            "reason": self.reason,
        }


def _domain(parameter: str, case: DesignCase) -> tuple[Any, Any, bool]:
    for name, low, high, integer, _ in _CASE_FIELDS:
        if name == parameter:
            lo = Fraction(low[1:]) if isinstance(low, str) else Fraction(low)
            hi: Any = Fraction(high[1:]) if isinstance(high, str) else Fraction(high)
            if parameter == "smallest_group":
                hi = Fraction(case.suppliers)
            if parameter == "suppliers":
                lo, hi = Fraction(case.smallest_group), Fraction(case.states)
            if parameter == "states":
                lo = Fraction(case.suppliers)
            return lo, hi, integer
    raise InvalidParameterError(f"unknown design input {parameter!r}; inputs: {list(PARAMETERS)}")


def _margin_at(case: DesignCase, feature: str, parameter: str, x: Any, restrictive: bool) -> Any:
    values = {**case.values(), parameter: x}
    w = DesignWeights().values()
    if feature == "membership":
        return feature_margin(feature, values, w)
    return feature_margin(feature, values, w, restrictive=restrictive)


def _symbolic(
    case: DesignCase, feature: str, parameter: str, lo: Fraction, hi: Fraction, restrictive: bool
) -> list[Any] | None:
    import sympy

    x = sympy.Symbol("x", real=True)
    values = {k: sympy.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else v
              for k, v in case.values().items()}  # fmt: skip
    values[parameter] = x
    w = {k: sympy.Rational(v.numerator, v.denominator) for k, v in DesignWeights().values().items()}
    try:
        expr = feature_margin(feature, values, w, restrictive=restrictive)
        expr = sympy.piecewise_fold(sympy.sympify(expr).rewrite(sympy.Piecewise))
        pieces = expr.args if isinstance(expr, sympy.Piecewise) else ((expr, True),)
        roots = []
        for piece, condition in pieces:
            for root in sympy.solve(sympy.Eq(piece, 0), x):
                if not root.is_real:
                    continue
                if not (lo <= root <= hi):
                    continue
                if condition is not True and not bool(condition.subs(x, root)):
                    continue
                roots.append(sympy.nsimplify(root) if root.is_Float else root)
        return roots
    except (NotImplementedError, TypeError, ValueError):
        return None


def _changes_sign(case, feature, parameter, root, restrictive, lo, hi) -> bool:
    eps = max((hi - lo) * Fraction(1, 10**6), Fraction(1, 10**9))
    a = max(lo, Fraction(float(root)) - eps)
    b = min(hi, Fraction(float(root)) + eps)
    fa = _margin_at(case, feature, parameter, a, restrictive)
    fb = _margin_at(case, feature, parameter, b, restrictive)
    return fa * fb < 0  # a strict change of sign: touching zero is a tie, not a flip


def _numeric(case, feature, parameter, lo, hi, restrictive) -> list[float]:
    import numpy as np
    from scipy.optimize import brentq

    def f(t: float) -> float:
        return float(_margin_at(case, feature, parameter, Fraction(t), restrictive))

    grid = np.linspace(float(lo), float(hi), GRID)
    values = [f(t) for t in grid]
    roots = []
    for (a, fa), (b, fb) in zip(
        zip(grid[:-1], values[:-1], strict=True),
        zip(grid[1:], values[1:], strict=True),
        strict=True,
    ):
        if fa * fb < 0:
            roots.append(float(brentq(f, a, b, xtol=XTOL)))
    return roots


def threshold(
    case: DesignCase, feature: str, parameter: str, *, symbolic: bool = True
) -> Threshold:
    """The flip point of ``feature`` in ``parameter`` nearest the case's value.

    Examples
    --------
    >>> case = DesignCase("toy", 7, 5, 100, "9/10", "9/10", "1/2", "19/20", "1/2", "1/5",
    ...                   "1/10", "1/50", "1/10", "1/5", 3, "1/5", "1/2")
    >>> t = threshold(case, "transparency", "adaptation")
    >>> t.method, t.value, t.flips_to
    ('symbolic', 313/1260, 'published')
    """
    if feature not in FEATURES:
        raise InvalidParameterError(f"unknown design feature {feature!r}; features: {FEATURES}")
    lo, hi, _ = _domain(parameter, case)
    result = design(case)
    restrictive = result.form["membership"] != "inclusive"
    chosen = result.choice(feature)
    current = case.values()[parameter]
    other = [f for f in chosen.forms if f != chosen.chosen]
    flips_to = other[0] if chosen.chosen is not None else None
    roots: list[Any] | None = None
    method = "symbolic"
    if symbolic:
        roots = _symbolic(case, feature, parameter, lo, hi, restrictive)
        if roots is not None:
            roots = [
                r for r in roots if _changes_sign(case, feature, parameter, r, restrictive, lo, hi)
            ]
    if not roots:
        # sympy failed, or found no flip: a bracketing scan confirms or finds what it missed
        numeric = _numeric(case, feature, parameter, lo, hi, restrictive)
        if numeric or roots is None or not symbolic:
            method, roots = "numeric", numeric
    if not roots:
        return Threshold(feature, parameter, current, None, method, (lo, hi), None,
                         f"the {feature} margin keeps its sign over [{lo}, {hi}]")  # fmt: skip
    nearest = min(roots, key=lambda r: abs(float(r) - float(current)))
    return Threshold(feature, parameter, current, nearest, method, (lo, hi), flips_to)


def thresholds(
    case: DesignCase, feature: str, parameters: tuple[str, ...] | None = None
) -> tuple[Threshold, ...]:
    """The flip points of ``feature`` in every input (or in ``parameters``)."""
    parameters = tuple(PARAMETERS) if parameters is None else parameters
    return tuple(threshold(case, feature, p) for p in parameters)
