r"""Real roots in (0, 1) of polynomials in Bernstein form, in floating point and exactly.

The polynomials are the payoff differences of anonymous games along an edge of the simplex
(:mod:`dualdilemma.solvers.anonymous`): with :math:`n` others each playing the second action
with probability :math:`p`,

.. math::

    f(p) = \sum_{k=0}^{n} d_k \binom{n}{k} p^k (1-p)^{n-k}.

With :math:`t = p / (1 - p)`, :math:`f(p) = (1-p)^n \sum_k d_k \binom{n}{k} t^k`, so by
Descartes' rule of signs (the *variation-diminishing* property of the Bernstein basis; Lorentz
1953, *Bernstein Polynomials*, ch. 1; Farouki 2012, "The Bernstein polynomial basis: a
centennial retrospective", CAGD 29) the number of roots in :math:`(0, 1)`, counted with
multiplicity, is at most the number :math:`V` of sign changes of :math:`d` (zeros skipped) and
has the same parity.  Both routes below use that bound to certify completeness.

Floating point (:func:`float_bernstein_roots`)
----------------------------------------------
:math:`f` is evaluated from the binomial pmf restricted to the window
:math:`|k - np| \le \sqrt{23.5\, n}`, whose complement has mass below :math:`2 e^{-47}` by
Hoeffding's inequality, so each evaluation costs :math:`O(\sqrt{n})`; where the window sees no
nonzero :math:`d_k` (a stretch of indifference) the sign is taken from the full sums in log
space.  Signs are sampled on a grid that is dense around each sign change of :math:`d` (within
:math:`20\sqrt{n}` counts, where every root must lie unless the payoffs differ by more than
:math:`e^{800}`), and each sign change of the samples is refined by Brent's method (Brent 1973,
*Algorithms for Minimization without Derivatives*, ch. 4) on :math:`\log P(p) - \log Q(p)`,
the log ratio of the positive and negative parts of :math:`f`.  The set is certified complete
when the roots found reach the bound :math:`V`.  Otherwise, for :math:`n \le`
:data:`SUBDIVISION_MAX_DEGREE`, the roots are isolated by de Casteljau subdivision with
Descartes' rule on each piece (Lane and Riesenfeld 1981, "Bounds on a polynomial", BIT 21),
carrying a rounding-error bound for every computed coefficient, which certifies the exact
number of roots whenever they are simple.  Above that degree the grid is refined, then
near-tangencies (:math:`|f| \le` tol without a sign change) are taken as double roots; if the
count still falls short of :math:`V` the caller is told the set may be incomplete.  A root
closer to 0 or 1 than floating point resolves is represented by that end point.

Exactly (:func:`exact_bernstein_roots`)
---------------------------------------
The polynomial is built with integer coefficients and its roots in :math:`(0, 1)` are isolated
exactly with sympy (Vincent-Akritas-Strzebonski continued fractions), with multiplicities.
Each root is narrowed by exact bisection to a width below :math:`2^{-62}`; the simplest fraction
in the final interval is then the only candidate with a denominator below :math:`2^{30}` and
is tested exactly, so such rational roots are returned as :class:`~fractions.Fraction`.  The
other roots are proved irrational (the square-free remainder has no root modulo some prime not
dividing its leading coefficient) and returned with their exact value, an :class:`ExactRoot`:
the unique root of an integer polynomial in an isolating interval with rational end points.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.special import gammaln, logsumexp, xlog1py, xlogy

from dualdilemma.errors import InvalidParameterError, SolverError
from dualdilemma.solvers.result import json_number

__all__ = [
    "BernsteinRoot",
    "ExactRoot",
    "SUBDIVISION_MAX_DEGREE",
    "exact_bernstein_roots",
    "float_bernstein_roots",
    "log_binomials",
    "sign_at_algebraic",
]

#: Squared half-width factor of the evaluation window: tail mass <= 2 exp(-2 * 23.5) < 1e-20.
_WINDOW_Z = 23.5
#: Relative threshold below which a log ratio (or a windowed value) is not trusted for a sign.
_SIGN_EPS = 1e-9
#: Largest ``N - 1`` for which float root counts are certified by Bernstein subdivision.
SUBDIVISION_MAX_DEGREE = 2000


@dataclass(frozen=True)
class ExactRoot:
    """An exact algebraic probability: the root of a polynomial in an isolating interval.

    Attributes
    ----------
    coefficients
        Integer coefficients, highest degree first, of a square-free polynomial :math:`P` with
        exactly one root :math:`r` in ``interval``.
    interval
        ``(lo, hi)`` with rational endpoints, ``lo < r < hi``, neither a root of :math:`P`.
    complement
        When ``True`` the probability is :math:`1 - r` instead of :math:`r`.
    approx
        A float approximation of the probability.
    """

    coefficients: tuple[int, ...]
    interval: tuple[Fraction, Fraction]
    complement: bool = False
    approx: float = field(default=float("nan"), compare=False)

    def __float__(self) -> float:
        return self.approx

    def complemented(self) -> ExactRoot:
        return ExactRoot(self.coefficients, self.interval, not self.complement, 1.0 - self.approx)

    def polynomial(self) -> Any:
        """:math:`P` as a sympy ``Poly`` in ``x``."""
        import sympy

        return sympy.Poly(list(self.coefficients), sympy.Symbol("x"), domain="ZZ")

    def refine(self, digits: int = 30) -> tuple[Fraction, Fraction]:
        """An interval of width below ``10**-digits`` around the probability (exact bisection).

        >>> root = ExactRoot((4, 0, 0, -1), (Fraction(1, 2), Fraction(1)))
        >>> lo, hi = root.refine(20)
        >>> f"{float(lo):.15f}"
        '0.629960524947437'
        """
        if isinstance(digits, bool) or not isinstance(digits, int) or digits < 1:
            raise InvalidParameterError(f"digits must be an integer >= 1, got {digits!r}")
        lo, hi = self.interval
        coefficients = list(self.coefficients)
        sign_lo = _eval_sign(coefficients, lo)
        width = Fraction(1, 10**digits)
        while hi - lo >= width:
            mid = (lo + hi) / 2
            sign_mid = _eval_sign(coefficients, mid)
            if sign_mid == 0:
                lo = hi = mid
            elif sign_mid == sign_lo:
                lo = mid
            else:
                hi = mid
        return (1 - hi, 1 - lo) if self.complement else (lo, hi)

    def to_sympy(self) -> Any:
        """The exact value as a sympy ``CRootOf`` expression.

        sympy factors the polynomial to build it, which can take minutes above degree ~60;
        :meth:`refine` gives any precision quickly.
        """
        import sympy

        poly = self.polynomial()
        index = poly.count_roots(sup=sympy.Rational(self.interval[0]))
        value = sympy.CRootOf(poly, int(index))
        return 1 - value if self.complement else value

    def __str__(self) -> str:
        return self.describe(max_degree=None)

    def describe(self, max_degree: int | None = 8) -> str:
        """Readable form; polynomials above ``max_degree`` are summarised by their degree."""
        import sympy

        degree = len(self.coefficients) - 1
        lo, hi = self.interval
        if max_degree is None or degree <= max_degree:
            text = f"root of {sympy.sstr(self.polynomial().as_expr())} in [{lo}, {hi}]"
        else:
            middle = float((lo + hi) / 2)
            text = f"root of an integer polynomial of degree {degree} near {middle:.17g}"
        return f"1 - ({text})" if self.complement else text

    def to_dict(self) -> dict[str, Any]:
        return {
            "coefficients": [int(c) for c in self.coefficients],
            "interval": [json_number(self.interval[0]), json_number(self.interval[1])],
            "complement": self.complement,
            "approx": self.approx,
        }


# -- roots of Bernstein polynomials: float -----------------------------------------------------
@dataclass
class BernsteinRoot:
    """A root in (0, 1) of an edge polynomial (``value`` = probability of the second action)."""

    value: float
    fraction: Fraction | None = None
    algebraic: ExactRoot | None = None
    multiplicity: int = 1
    tangent: bool = False  # float mode: accepted as a double root without a sign change
    at_end: bool = False  # float mode: closer to 0 or 1 than floating point resolves


class _FloatBernstein:
    """Signs and roots of ``f(p) = sum_k d_k b_{k,n}(p)`` in floating point."""

    def __init__(self, d: np.ndarray, log_binom: np.ndarray) -> None:
        self.d = d
        self.n = len(d) - 1
        self.log_binom = log_binom
        self.k = np.arange(self.n + 1, dtype=float)
        self.scale = float(np.max(np.abs(d))) if len(d) else 0.0
        self.half = math.ceil(math.sqrt(_WINDOW_Z * self.n)) + 1
        positive, negative = d > 0, d < 0
        self.pos_index, self.neg_index = np.flatnonzero(positive), np.flatnonzero(negative)
        self.log_pos = np.log(d[positive])
        self.log_neg = np.log(-d[negative])
        self.evaluations = 0

    def _window(self, p: float) -> tuple[float, float]:
        """Positive and negative parts of ``f(p)`` summed over the window around ``n p``."""
        self.evaluations += 1
        n = self.n
        lo = max(0, math.floor(n * p - self.half))
        hi = min(n, math.ceil(n * p + self.half))
        k = self.k[lo : hi + 1]
        log_w = self.log_binom[lo : hi + 1] + k * math.log(p) + (n - k) * math.log1p(-p)
        w = np.exp(log_w)
        window = self.d[lo : hi + 1]
        pos = float(np.sum(np.where(window > 0, window, 0.0) * w))
        neg = float(np.sum(np.where(window < 0, -window, 0.0) * w))
        return pos, neg

    def _full_log_ratio(self, p: float) -> float:
        n, k = self.n, self.k
        lw = self.log_binom + xlogy(k, p) + xlog1py(n - k, -p)
        lp = logsumexp(lw[self.pos_index] + self.log_pos) if len(self.pos_index) else -np.inf
        ln = logsumexp(lw[self.neg_index] + self.log_neg) if len(self.neg_index) else -np.inf
        if lp == -np.inf and ln == -np.inf:
            return 0.0
        return float(lp - ln)

    def log_ratio(self, p: float) -> float:
        """``log P(p) - log Q(p)``, P and Q the positive and negative parts of ``f``."""
        pos, neg = self._window(p)
        tail = 2e-20 * self.scale  # mass outside the window times max |d|
        if pos > 1e10 * tail and neg > 1e10 * tail:
            return math.log(pos) - math.log(neg)
        # a stretch of zeros (or a tail-dominated side): use the full sums in log space
        return self._full_log_ratio(p)

    def relative(self, p: float) -> float:
        """``|f| / (P + Q)`` over the window (cheap; ``inf`` where the window sees only zeros)."""
        pos, neg = self._window(p)
        return abs(pos - neg) / (pos + neg) if pos + neg > 0 else math.inf

    def sign(self, p: float) -> int:
        """Sign of ``f(p)``; 0 when it is within rounding of zero."""
        pos, neg = self._window(p)
        margin = _SIGN_EPS * (pos + neg) + 2e-20 * self.scale
        if abs(pos - neg) > margin:
            return 1 if pos > neg else -1
        value = self._full_log_ratio(p)
        if abs(value) <= _SIGN_EPS:
            return 0
        return 1 if value > 0 else -1


def log_binomials(n: int) -> np.ndarray:
    k = np.arange(n + 1, dtype=float)
    return gammaln(n + 1.0) - gammaln(k + 1.0) - gammaln(n - k + 1.0)


def _sign_changes(values: Sequence[Any]) -> int:
    """Number of sign changes of a sequence, zeros skipped."""
    if isinstance(values, np.ndarray) and values.dtype != object:
        signs = np.sign(values[values != 0])
        return int(np.count_nonzero(signs[1:] != signs[:-1]))
    signs = [1 if v > 0 else -1 for v in values if v != 0]
    return sum(1 for a, b in zip(signs, signs[1:], strict=False) if a != b)


def float_bernstein_roots(
    d: np.ndarray, log_binom: np.ndarray
) -> tuple[list[BernsteinRoot], bool, str]:
    """Roots of the Bernstein polynomial in (0, 1), whether the set is certified, and a note."""
    n = len(d) - 1
    nonzero = np.flatnonzero(d)
    bound = _sign_changes(d[nonzero])
    if bound == 0:
        return [], True, "no sign change in d: no root in (0, 1)"
    ev = _FloatBernstein(d, log_binom)
    signs_nz = np.sign(d[nonzero])
    changes = np.flatnonzero(signs_nz[1:] != signs_nz[:-1])
    margin = 20.0 * math.sqrt(n) + 2.0
    regions: list[list[float]] = []
    anchors: list[float] = []
    for c in changes:
        left, right = int(nonzero[c]), int(nonzero[c + 1])
        lo, hi = max(0.0, left - margin), min(float(n), right + margin)
        anchors.extend([left / n, right / n, (left + right) / (2 * n)])
        if regions and lo <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], hi)
            regions[-1][2] += 1
        else:
            regions.append([lo, hi, 1])
    samples: dict[float, int] = {}

    def add(points: np.ndarray | Sequence[float]) -> None:
        for p in np.asarray(points, dtype=float):
            p = float(p)
            if 0.0 < p < 1.0 and p not in samples:
                samples[p] = ev.sign(p)

    add(np.linspace(0.0, 1.0, 65))
    if len(anchors) > 3000:  # very many sign changes: an even subsample of them
        anchors = anchors[:: math.ceil(len(anchors) / 3000)]
    add(anchors)
    density = 64
    left_sign = 1 if d[nonzero[0]] > 0 else -1
    right_sign = 1 if d[nonzero[-1]] > 0 else -1
    roots: list[BernsteinRoot] = []
    for lo, hi, count in regions:
        add(np.linspace(lo, hi, min(density * count + 1, 4097)) / n)
    roots = _bracket_roots(ev, samples, left_sign, right_sign)
    if len(roots) < bound and n <= SUBDIVISION_MAX_DEGREE:
        isolated = _isolate_by_subdivision(d)
        if isolated is not None:
            certified = []
            for lo, hi in isolated:
                inside = [r for r in roots if lo <= r.value <= hi]
                if len(inside) == 1:
                    certified.append(inside[0])
                elif not inside:
                    found = _root_in(ev, lo, hi, left_sign, right_sign)
                    if found is None:
                        break
                    certified.append(found)
                else:
                    break
            else:
                note = (
                    f"{len(certified)} root(s) in (0, 1), each isolated by Bernstein subdivision "
                    f"(variation bound {bound})"
                )
                return sorted(certified, key=lambda r: r.value), True, note
    for _round in range(3):
        if len(roots) >= bound or ev.evaluations > 20_000:
            break
        # refine the grid, also around local minima of |log ratio|
        density *= 4
        points = sorted(samples)
        magnitude = [ev.relative(p) for p in points]
        minima = [
            i
            for i in range(1, len(points) - 1)
            if magnitude[i] <= magnitude[i - 1] and magnitude[i] <= magnitude[i + 1]
        ]
        for i in sorted(minima, key=lambda i: magnitude[i])[:256]:
            add(np.linspace(points[i - 1], points[i + 1], 17))
        for lo, hi, count in regions:
            add(np.linspace(lo, hi, min(density * count + 1, 4097)) / n)
        roots = _bracket_roots(ev, samples, left_sign, right_sign)
    found = len(roots)
    if found < bound:
        roots.extend(_tangent_roots(ev, samples, roots, (bound - found) // 2))
    multiplicity = sum(2 if r.tangent else 1 for r in roots)
    complete = multiplicity == bound
    note = (
        f"{len(roots)} root(s) in (0, 1) ({multiplicity} with multiplicity) against the "
        f"variation bound {bound}"
    )
    return sorted(roots, key=lambda r: r.value), complete, note


def _root_in(
    ev: _FloatBernstein, lo: float, hi: float, left_sign: int, right_sign: int
) -> BernsteinRoot | None:
    """The root in an isolating interval ``[lo, hi]``; ``None`` if no sign change is seen."""
    grid = np.linspace(lo, hi, 33)
    points = [(float(p), ev.sign(float(p))) for p in grid if 0.0 < p < 1.0]
    points = [(p, s) for p, s in points if s != 0]
    for (a, sa), (b, sb) in zip(points, points[1:], strict=False):
        if sa != sb:
            return BernsteinRoot(_brent(ev, a, b))
    if not points:
        return None
    # the root is closer to 0 or 1 than the grid: approach that end geometrically
    if hi == 1.0 and points[-1][1] != right_sign:
        near = _toward(ev, points[-1][0], right_sign, 1.0)
        return (
            BernsteinRoot(1.0, at_end=True)
            if near is None
            else BernsteinRoot(_brent(ev, points[-1][0], near))
        )
    if lo == 0.0 and points[0][1] != left_sign:
        near = _toward(ev, points[0][0], left_sign, 0.0)
        return (
            BernsteinRoot(0.0, at_end=True)
            if near is None
            else BernsteinRoot(_brent(ev, near, points[0][0]))
        )
    return None


def _max_variation(coefficients: np.ndarray, errors: np.ndarray) -> int:
    """Largest sign variation when a coefficient within its error bound of 0 may take any sign.

    A coefficient that is exactly 0 with a zero error bound is a true zero and is skipped.
    """
    best = {1: -1, -1: -1}  # largest variation of a prefix whose last nonzero sign is the key
    for c, e in zip(coefficients.tolist(), errors.tolist(), strict=True):
        if abs(c) > e:
            s = 1 if c > 0 else -1
            change = best[-s] + 1 if best[-s] >= 0 else -1
            best = {s: max(best[s], change, 0), -s: -1}
        elif e > 0:
            plus = max(best[1], best[-1] + 1 if best[-1] >= 0 else -1, 0)
            minus = max(best[-1], best[1] + 1 if best[1] >= 0 else -1, 0)
            best = {1: plus, -1: minus}
    return max(0, *best.values())


def _de_casteljau_split(
    b: np.ndarray, errors: np.ndarray, t: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Bernstein coefficients of the two pieces split at ``t``, with rounding-error bounds.

    Each de Casteljau step ``(1 - t) x + t y`` is a convex combination: it carries the same
    combination of the inputs' error bounds plus ``2 u ((1-t)|x| + t|y|)`` for its own
    rounding (``u`` the unit roundoff) and the smallest subnormal for underflow.
    """
    n = len(b) - 1
    left, right = np.empty(n + 1), np.empty(n + 1)
    left_errors, right_errors = np.empty(n + 1), np.empty(n + 1)
    level, level_errors = b.copy(), errors.copy()
    left[0], right[n] = level[0], level[n]
    left_errors[0], right_errors[n] = level_errors[0], level_errors[n]
    u, s = 2.0 * np.finfo(float).eps, 1.0 - t
    tiny = 2.0 * np.nextafter(0.0, 1.0)
    for r in range(1, n + 1):
        x, y = level[:-1], level[1:]
        level_errors = (
            s * level_errors[:-1]
            + t * level_errors[1:]
            + u * (s * np.abs(x) + t * np.abs(y))
            + tiny
        )
        level = s * x + t * y
        left[r], right[n - r] = level[0], level[-1]
        left_errors[r], right_errors[n - r] = level_errors[0], level_errors[-1]
    return left, right, left_errors, right_errors


def _isolate_by_subdivision(
    d: np.ndarray, max_leaves: int = 512
) -> list[tuple[float, float]] | None:
    """Isolating intervals of all roots in (0, 1), or ``None`` when it cannot be certified.

    Descartes' rule in the Bernstein basis on subintervals (Lane and Riesenfeld 1981, "Bounds
    on a polynomial", BIT 21): on ``[lo, hi]`` the number of roots is at most the sign variation
    of the local Bernstein coefficients, obtained by de Casteljau subdivision.  The payoff
    differences ``d`` have exact signs; computed coefficients within their accumulated rounding
    bound of zero may take either sign.  A leaf with variation 0 has no root; one with
    variation 1 and end values of opposite, certain signs has exactly one.
    """
    n = len(d) - 1
    nonzero = np.flatnonzero(d)
    k0, k1 = int(nonzero[0]), int(nonzero[-1])
    stack = [(0.0, 1.0, np.asarray(d, dtype=float), np.zeros(n + 1), 0)]
    isolated: list[tuple[float, float]] = []
    leaves = 0
    while stack:
        lo, hi, b, errors, depth = stack.pop()
        start = k0 if lo == 0.0 else 0  # structural zeros at the ends (roots at 0 or 1)
        stop = k1 + 1 if hi == 1.0 else n + 1
        core, core_errors = b[start:stop], errors[start:stop]
        variation = _max_variation(core, core_errors)
        if variation == 0:
            leaves += 1
            continue
        first, last = core[0], core[-1]
        certain = abs(first) > core_errors[0] and abs(last) > core_errors[-1]
        if variation == 1 and certain and first * last < 0:
            isolated.append((lo, hi))
            leaves += 1
            continue
        if depth >= 60 or leaves + len(stack) > max_leaves:
            return None
        for t in (0.5, 0.46875, 0.53125):
            left, right, left_errors, right_errors = _de_casteljau_split(b, errors, t)
            if abs(left[-1]) > left_errors[-1]:  # no (possible) root at the split point
                break
        else:
            return None
        mid = lo + t * (hi - lo)
        stack.append((mid, hi, right, right_errors, depth + 1))
        stack.append((lo, mid, left, left_errors, depth + 1))
    return sorted(isolated)


def _bracket_roots(
    ev: _FloatBernstein, samples: dict[float, int], left_sign: int, right_sign: int
) -> list[BernsteinRoot]:
    points = sorted(p for p, s in samples.items() if s != 0)
    signs = [samples[p] for p in points]
    roots = []
    for a, b, sa, sb in zip(points, points[1:], signs, signs[1:], strict=False):
        if sa != sb:
            roots.append(BernsteinRoot(_brent(ev, a, b)))
    # between the ends (where f has the sign of its first / last nonzero d) and the grid
    if points and signs[0] != left_sign:
        near = _toward(ev, points[0], left_sign, 0.0)
        roots.insert(
            0,
            BernsteinRoot(0.0, at_end=True)
            if near is None
            else BernsteinRoot(_brent(ev, near, points[0])),
        )
    if points and signs[-1] != right_sign:
        near = _toward(ev, points[-1], right_sign, 1.0)
        roots.append(
            BernsteinRoot(1.0, at_end=True)
            if near is None
            else BernsteinRoot(_brent(ev, points[-1], near))
        )
    return roots


def _toward(ev: _FloatBernstein, start: float, sign: int, end: float) -> float | None:
    """A point between ``start`` and ``end`` (0 or 1) where ``f`` has the given sign.

    ``None`` when the root lies closer to ``end`` than floating point can resolve.
    """
    gap = abs(end - start)
    for _ in range(300):
        gap /= 16.0
        p = end + gap if end == 0.0 else end - gap
        if not 0.0 < p < 1.0:
            break
        if ev.sign(p) == sign:
            return p
    return None


def _brent(ev: _FloatBernstein, a: float, b: float) -> float:
    """Root in ``[a, b]`` (opposite signs at the ends): Brent's method, bisection as fallback."""
    try:
        return float(
            brentq(ev.log_ratio, a, b, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=400)
        )
    except RuntimeError:  # a function too flat or kinked for Brent: bisect on certified signs
        sign_a = ev.sign(a)
        for _ in range(2200):
            mid = 0.5 * (a + b)
            if mid in (a, b):
                break
            sign_mid = ev.sign(mid)
            if sign_mid == 0:
                return mid
            if sign_mid == sign_a:
                a = mid
            else:
                b = mid
        return 0.5 * (a + b)


def _tangent_roots(
    ev: _FloatBernstein, samples: dict[float, int], roots: list[BernsteinRoot], budget: int
) -> list[BernsteinRoot]:
    """Double roots: local minima of ``|f|`` at zero level without a sign change."""
    if budget <= 0:
        return []
    points = sorted(samples)
    magnitude = [ev.relative(p) for p in points]
    minima = [
        i
        for i in range(1, len(points) - 1)
        if magnitude[i] <= magnitude[i - 1]
        and magnitude[i] <= magnitude[i + 1]
        and magnitude[i] < math.inf
        and not any(points[i - 1] <= r.value <= points[i + 1] for r in roots)
    ]
    minima.sort(key=lambda i: magnitude[i])
    found: list[tuple[float, float]] = []
    for i in minima[:32]:  # the most promising local minima
        best = minimize_scalar(
            lambda p: abs(ev.log_ratio(p)),
            bounds=(points[i - 1], points[i + 1]),
            method="bounded",
            options={"xatol": 1e-14},
        )
        if best.fun <= _SIGN_EPS:
            found.append((float(best.fun), float(best.x)))
    found.sort()
    return [BernsteinRoot(x, tangent=True, multiplicity=2) for _, x in found[:budget]]


# -- roots of Bernstein polynomials: exact -----------------------------------------------------
def _eval_sign(coefficients: Sequence[int], x: Fraction) -> int:
    """Exact sign of ``P(x)`` for integer ``P`` (highest degree first) and rational ``x``."""
    u, w = x.numerator, x.denominator
    acc = coefficients[0]
    power = 1
    for c in coefficients[1:]:
        power *= w
        acc = acc * u + c * power
    return (acc > 0) - (acc < 0)


def _simplest_between(lo: Fraction, hi: Fraction) -> Fraction:
    """The fraction with the smallest denominator in ``[lo, hi]`` (``0 <= lo <= hi``)."""
    floor = lo.numerator // lo.denominator
    if floor == lo:
        return Fraction(floor)
    if floor + 1 <= hi:
        return Fraction(floor + 1)
    return floor + 1 / _simplest_between(1 / (hi - floor), 1 / (lo - floor))


def _has_root_mod(coefficients: Sequence[int], prime: int) -> bool:
    residues = np.arange(prime, dtype=np.int64)
    acc = np.zeros(prime, dtype=np.int64)
    for c in coefficients:
        acc = (acc * residues + (c % prime)) % prime
    return bool(np.any(acc == 0))


def _small_primes(count: int) -> list[int]:
    primes: list[int] = []
    candidate = 101
    while len(primes) < count:
        if all(candidate % q for q in range(2, math.isqrt(candidate) + 1)):
            primes.append(candidate)
        candidate += 2
    return primes


def _no_rational_roots(coefficients: Sequence[int]) -> bool:
    """Proof that an integer polynomial has no rational root: none modulo some good prime.

    A root ``a/b`` (lowest terms) of a primitive integer polynomial has ``b`` dividing the
    leading coefficient, so it reduces to a root modulo every prime not dividing that
    coefficient.
    """
    if len(coefficients) <= 1:
        return True
    if len(coefficients) == 2:
        return False
    lead = coefficients[0]
    for prime in _small_primes(300):
        if lead % prime == 0:
            continue
        if not _has_root_mod(coefficients, prime):
            return True
    return False


def _integer_bernstein(d: Sequence[Fraction], n: int) -> tuple[list[int], int] | None:
    """Integer coefficients (ascending in ``t``) of ``sum d_k C(n,k) t^(k-k0)`` and ``k0``."""
    nonzero = [k for k, v in enumerate(d) if v != 0]
    if len(nonzero) < 2:
        return None
    k0, k1 = nonzero[0], nonzero[-1]
    scale = math.lcm(*(Fraction(d[k]).denominator for k in nonzero))
    coefficients = [int(Fraction(d[k]) * scale) * math.comb(n, k) for k in range(k0, k1 + 1)]
    common = math.gcd(*coefficients)
    return [c // common for c in coefficients], k0


def _power_basis(ascending_t: Sequence[int]) -> list[int]:
    """Coefficients (highest first) of ``(1-x)^K g(x / (1 - x))`` for ``g`` ascending in t."""
    import sympy

    x = sympy.Symbol("x")
    g = sympy.Poly(list(reversed(ascending_t)), x, domain="ZZ")
    h = g.transform(sympy.Poly(x, x, domain="ZZ"), sympy.Poly(1 - x, x, domain="ZZ"))
    h = h.primitive()[1]
    return [int(c) for c in h.all_coeffs()]


def exact_bernstein_roots(d: Sequence[Fraction], n: int) -> tuple[list[BernsteinRoot], list[str]]:
    """All roots in (0, 1) of the exact Bernstein polynomial, rational ones as Fractions."""
    import sympy

    notes: list[str] = []
    integer = _integer_bernstein(d, n)
    if integer is None or _sign_changes(integer[0]) == 0:
        return [], notes
    coefficients = _power_basis(integer[0])
    x = sympy.Symbol("x")
    poly = sympy.Poly(coefficients, x, domain="ZZ")
    square_free = poly.sqf_part().primitive()[1]
    sqf = [int(c) for c in square_free.all_coeffs()]
    roots: list[BernsteinRoot] = []
    pending: list[tuple[Fraction, Fraction, int]] = []
    for (a, b), multiplicity in poly.intervals(inf=0, sup=1):
        lo, hi = Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))
        if lo == hi:
            roots.append(BernsteinRoot(float(lo), fraction=lo, multiplicity=int(multiplicity)))
            continue
        lo, hi, exact = _bisect(sqf, lo, hi)
        if exact is not None:
            roots.append(
                BernsteinRoot(float(exact), fraction=exact, multiplicity=int(multiplicity))
            )
        else:
            pending.append((lo, hi, int(multiplicity)))
    if pending:
        remainder = square_free
        for r in roots:
            if r.fraction is None:  # pragma: no cover - only rational roots so far
                continue
            remainder = remainder.exquo(
                sympy.Poly([r.fraction.denominator, -r.fraction.numerator], x, domain="ZZ")
            )
        rest = [int(c) for c in remainder.primitive()[1].all_coeffs()]
        if len(rest) == 2:  # a rational root with a large denominator
            value = Fraction(-rest[1], rest[0])
            for _lo, _hi, multiplicity in pending:
                roots.append(BernsteinRoot(float(value), fraction=value, multiplicity=multiplicity))
            roots.sort(key=lambda r: r.value)
            return roots, notes
        proved = _no_rational_roots(rest)
        if not proved:
            notes.append(
                "could not prove some roots irrational (they have no fraction with a "
                "denominator below 2^30); they are returned with their exact algebraic value"
            )
        for lo, hi, multiplicity in pending:
            approx = float((lo + hi) / 2)
            algebraic = ExactRoot(tuple(rest), (lo, hi), False, approx)
            roots.append(BernsteinRoot(approx, algebraic=algebraic, multiplicity=multiplicity))
    roots.sort(key=lambda r: r.value)
    return roots, notes


def _bisect(
    coefficients: Sequence[int], lo: Fraction, hi: Fraction
) -> tuple[Fraction, Fraction, Fraction | None]:
    """Narrow an isolating interval of a simple root; return a rational root when there is one.

    Stops when the width is below ``2^-62`` times the distance to the nearer end of
    ``[0, 1]``; any rational root with denominator up to ``2^30`` is then the simplest
    fraction of the interval, which is tested exactly.
    """
    # an end point may be a neighbouring root (sympy's intervals can share end points): then
    # the sign just inside is that of the derivative there (P has simple roots)
    degree = len(coefficients) - 1
    derivative = [c * (degree - i) for i, c in enumerate(coefficients[:-1])]
    neighbours = {x for x in (lo, hi) if _eval_sign(coefficients, x) == 0}
    sign_lo = _eval_sign(coefficients, lo) or _eval_sign(derivative, lo)
    sign_hi = _eval_sign(coefficients, hi) or -_eval_sign(derivative, hi)
    if sign_lo == 0 or sign_lo == sign_hi:
        raise SolverError(f"interval [{lo}, {hi}] does not isolate a simple root")
    for _ in range(4000):
        if hi - lo <= min(hi, 1 - lo) * Fraction(1, 2**62):
            break
        mid = (lo + hi) / 2
        sign_mid = _eval_sign(coefficients, mid)
        if sign_mid == 0:
            return mid, mid, mid
        if sign_mid == sign_lo:
            lo = mid
        else:
            hi = mid
    candidate = _simplest_between(lo, hi)
    if candidate not in neighbours and _eval_sign(coefficients, candidate) == 0:
        return candidate, candidate, candidate
    return lo, hi, None


def sign_at_algebraic(values_minus: Sequence[Fraction], n: int, root: ExactRoot) -> int:
    """Exact sign at ``root`` of the Bernstein polynomial with coefficients ``values_minus``."""
    import sympy

    integer = _integer_bernstein(values_minus, n)
    if integer is None:
        nonzero = [v for v in values_minus if v != 0]
        return 0 if not nonzero else (1 if nonzero[0] > 0 else -1)
    h = _power_basis(integer[0])
    x = sympy.Symbol("x")
    target = root.polynomial()
    other = sympy.Poly(h, x, domain="ZZ")
    lo, hi = root.interval
    common = sympy.gcd(other, target)
    if common.degree() > 0 and common.count_roots(sympy.Rational(lo), sympy.Rational(hi)) > 0:
        return 0
    coefficients = list(root.coefficients)
    sign_lo = _eval_sign(coefficients, lo)
    for _ in range(4000):
        if other.count_roots(sympy.Rational(lo), sympy.Rational(hi)) == 0:
            break
        mid = (lo + hi) / 2
        sign_mid = _eval_sign(coefficients, mid)
        if sign_mid == sign_lo:
            lo = mid
        else:
            hi = mid
    return _eval_sign(h, (lo + hi) / 2)
