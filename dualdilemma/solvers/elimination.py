r"""Every common zero of two polynomials in the open 2-simplex, by resultant elimination.

The problem
-----------
Given :math:`F_1, F_2 \in \mathbb{Q}[x, y]`, find every real :math:`(x, y)` with

.. math::

    F_1(x, y) = F_2(x, y) = 0, \qquad x > 0,\; y > 0,\; x + y < 1 .

This is the indifference system of a symmetric equilibrium of an anonymous game whose support
has three actions (:mod:`dualdilemma.solvers.anonymous`): with :math:`x, y` the probabilities of
the second and third action, :math:`F_k = v_k - v_0` are the payoff differences, polynomials of
total degree at most :math:`N - 1`.

The method and why it is complete
---------------------------------
1. If :math:`\gcd(F_1, F_2)` has positive degree the two curves share a component and the
   solution set may be a continuum: the function says so (``status="common factor"``) and
   returns no points; the caller must not claim completeness.
2. Otherwise the resultant :math:`R(y) = \operatorname{Res}_x(F_1, F_2)` is a nonzero
   univariate polynomial, and :math:`R(y^*) = 0` at the :math:`y`-coordinate of every common
   zero (Cox, Little and O'Shea 2015, *Ideals, Varieties, and Algorithms*, Ch. 3, Sec. 6,
   Proposition 3: :math:`R(y^*) = 0` iff the two polynomials in :math:`x` have a common root
   or both leading coefficients vanish).  The real roots of :math:`R` in :math:`(0, 1)` are
   isolated *exactly* (sympy's Vincent-Akritas-Strzebonski isolation on rational intervals) and
   each is refined to width below :math:`10^{-40}`.
3. For each such :math:`y^*`, the :math:`x`-coordinates of the common zeros are among the roots
   of the one-variable polynomial :math:`F_1(\cdot, y^*)` (or :math:`F_2(\cdot, y^*)` if the
   first vanishes identically there), which are all found by ``mpmath.polyroots`` at
   :data:`DIGITS` significant digits; a root is kept when it is real, lies in
   :math:`(0, 1 - y^*)` and the other polynomial vanishes there to within
   :math:`10^{-(DIGITS/2)}` of its coefficient scale, then it is polished by Newton's method on
   the pair.

Steps 1-2 are exact, so no :math:`y`-coordinate can be missed; step 3 is numerical at 60
digits, so a common zero can be missed or invented only if :math:`|F_2|` at a root of
:math:`F_1(\cdot, y^*)` lies within 30 orders of magnitude of zero without being zero.  The
caller verifies every point it accepts against the game (regret) in any case.  A multiple root
of :math:`R` marks a singular (non-regular) solution: ``singular`` is then ``True``.

The cost is dominated by the resultant, whose degree grows like :math:`\deg F_1 \deg F_2`;
:data:`MAX_DEGREE` bounds the total degree accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

import mpmath
import sympy

__all__ = ["DIGITS", "MAX_DEGREE", "SimplexZeros", "common_zeros_in_simplex"]

#: Working precision (significant digits) of the back substitution.
DIGITS = 60

#: Largest total degree of :math:`F_1, F_2` accepted (the resultant's degree is up to its square).
MAX_DEGREE = 12

_X, _Y = sympy.symbols("x y")


@dataclass(frozen=True)
class SimplexZeros:
    """The common zeros found, and whether the set is certified complete.

    Attributes
    ----------
    status
        ``"complete"`` (every zero in the open simplex is listed) or ``"common factor"`` (the
        curves share a component; ``points`` is empty and completeness is not claimed).
    points
        ``(x, y)`` pairs as floats, each a common zero to about :data:`DIGITS` digits.
    singular
        ``True`` when some :math:`y`-coordinate is a multiple root of the resultant.
    """

    status: Literal["complete", "common factor"]
    points: tuple[tuple[float, float], ...] = field(default_factory=tuple)
    singular: bool = False


def _poly(coefficients: dict[tuple[int, int], Fraction]) -> sympy.Poly:
    terms = {
        monomial: sympy.Rational(c.numerator, c.denominator) for monomial, c in coefficients.items()
    }
    return sympy.Poly.from_dict(terms or {(0, 0): 0}, _X, _Y, domain=sympy.QQ)


def _evaluate_in_x(poly: sympy.Poly, y_value: Any) -> list[Any]:
    """Coefficients (highest first) of ``poly(x, y_value)`` as a polynomial in ``x``."""
    degree = poly.degree(_X)
    out = [mpmath.mpf(0)] * (degree + 1)
    for (i, j), c in poly.terms():
        out[degree - i] += mpmath.mpf(c.p) / c.q * y_value**j
    return out


def _value(poly: sympy.Poly, x: Any, y: Any) -> Any:
    return mpmath.fsum(mpmath.mpf(c.p) / c.q * x**i * y**j for (i, j), c in poly.terms())


def _scale(poly: sympy.Poly) -> Any:
    return max((abs(mpmath.mpf(c.p) / c.q) for _, c in poly.terms()), default=mpmath.mpf(0))


def _newton(f1: sympy.Poly, f2: sympy.Poly, x: Any, y: Any) -> tuple[Any, Any]:
    d1x, d1y = f1.diff(_X), f1.diff(_Y)
    d2x, d2y = f2.diff(_X), f2.diff(_Y)
    for _ in range(8):
        a, b = _value(d1x, x, y), _value(d1y, x, y)
        c, d = _value(d2x, x, y), _value(d2y, x, y)
        det = a * d - b * c
        if det == 0:
            break
        r1, r2 = _value(f1, x, y), _value(f2, x, y)
        x, y = x - (d * r1 - b * r2) / det, y - (a * r2 - c * r1) / det
    return x, y


def common_zeros_in_simplex(
    f1: dict[tuple[int, int], Fraction], f2: dict[tuple[int, int], Fraction]
) -> SimplexZeros:
    """Every common zero of ``f1`` and ``f2`` with ``x, y > 0`` and ``x + y < 1``.

    Parameters
    ----------
    f1, f2
        Polynomials as ``{(i, j): coefficient}`` of :math:`x^i y^j`, exact rationals.

    Returns
    -------
    SimplexZeros
        See the module docstring for the method and its completeness claim.

    Raises
    ------
    ValueError
        If a total degree exceeds :data:`MAX_DEGREE`.

    Examples
    --------
    The lines :math:`x = y` and :math:`x + 2y = 3/4` meet once, at :math:`(1/4, 1/4)`:

    >>> zeros = common_zeros_in_simplex(
    ...     {(1, 0): Fraction(1), (0, 1): Fraction(-1)},
    ...     {(1, 0): Fraction(1), (0, 1): Fraction(2), (0, 0): Fraction(-3, 4)},
    ... )
    >>> zeros.status, [(round(x, 12), round(y, 12)) for x, y in zeros.points]
    ('complete', [(0.25, 0.25)])

    A shared factor is reported, not solved:

    >>> common_zeros_in_simplex({(1, 0): Fraction(1)}, {(1, 1): Fraction(1)}).status
    'common factor'
    """
    p1, p2 = _poly(f1), _poly(f2)
    for poly in (p1, p2):
        if poly.total_degree() > MAX_DEGREE:
            raise ValueError(
                f"polynomial of total degree {poly.total_degree()} exceeds MAX_DEGREE = "
                f"{MAX_DEGREE} of the resultant elimination"
            )
    if p1.is_zero or p2.is_zero or sympy.gcd(p1, p2).total_degree() > 0:
        return SimplexZeros("common factor")
    resultant = sympy.Poly(sympy.resultant(p1.as_expr(), p2.as_expr(), _X), _Y, domain=sympy.QQ)
    if resultant.is_zero:  # pragma: no cover - excluded by the gcd test above
        return SimplexZeros("common factor")
    if resultant.degree() <= 0:
        return SimplexZeros("complete")
    points: list[tuple[float, float]] = []
    singular = False
    tolerance = mpmath.mpf(10) ** (-(DIGITS // 2))
    with mpmath.workdps(DIGITS):
        for (low, high), multiplicity in resultant.intervals(
            inf=0, sup=1, eps=sympy.Rational(1, 10**40)
        ):
            if high <= 0 or low >= 1:
                continue
            singular |= multiplicity > 1
            y_star = (mpmath.mpf(low.p) / low.q + mpmath.mpf(high.p) / high.q) / 2
            if not 0 < y_star < 1:
                continue
            # a y-coordinate where F1(., y*) vanishes identically is solved from F2
            first, second = p1, p2
            coefficients = _evaluate_in_x(first, y_star)
            size = max(abs(c) for c in coefficients)
            if size <= tolerance * max(_scale(first), 1):
                first, second = p2, p1
                coefficients = _evaluate_in_x(first, y_star)
                size = max(abs(c) for c in coefficients)
            while len(coefficients) > 1 and abs(coefficients[0]) <= tolerance * size:
                coefficients = coefficients[1:]
            if len(coefficients) < 2:
                continue
            roots = mpmath.polyroots(coefficients, maxsteps=200, extraprec=4 * DIGITS)
            scale = max(_scale(second), 1)
            for root in roots:
                x = mpmath.re(root)
                if abs(mpmath.im(root)) > tolerance or not 0 < x < 1 - y_star:
                    continue
                if abs(_value(second, x, y_star)) > tolerance * scale:
                    continue
                x, y = _newton(p1, p2, x, y_star)
                if x > 0 and y > 0 and x + y < 1:
                    points.append((float(x), float(y)))
    return SimplexZeros("complete", tuple(sorted(set(points))), singular)
