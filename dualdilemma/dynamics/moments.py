r"""Kurtosis and L-kurtosis of a sample: how punctuated a series of changes is.

A *punctuated* series (Baumgartner and Jones 1993) changes rarely and then by a lot, so the
distribution of its period-to-period changes has a tall peak at zero and heavy tails: it is
*leptokurtic*.  Two measures are computed here.

Kurtosis
    The moment ratio :math:`\kappa = m_4 / m_2^2` with the sample central moments
    :math:`m_r = n^{-1} \sum_i (x_i - \bar x)^r` (Pearson's definition, *not* the excess
    :math:`\kappa - 3`); a normal distribution has :math:`\kappa = 3`.

L-kurtosis
    :math:`\tau_4 = \lambda_4 / \lambda_2` (Hosking 1990), from the L-moments, linear
    combinations of order statistics that exist whenever the mean does and are far less
    sensitive to a single extreme change.  With :math:`x_{(1)} \le \dots \le x_{(n)}` and the
    unbiased probability-weighted moments

    .. math::

        b_r = \frac{1}{n} \sum_{j=1}^{n} \frac{\binom{j-1}{r}}{\binom{n-1}{r}}\, x_{(j)},

    the sample L-moments are :math:`\ell_1 = b_0`, :math:`\ell_2 = 2 b_1 - b_0`,
    :math:`\ell_3 = 6 b_2 - 6 b_1 + b_0` and :math:`\ell_4 = 20 b_3 - 30 b_2 + 12 b_1 - b_0`
    (Hosking 1990, eq. 2.3 and section 2.6); :math:`t_4 = \ell_4 / \ell_2`.  A normal
    distribution has :math:`\tau_4 = 30 \pi^{-1} \arctan\sqrt 2 - 9 \approx 0.1226`; the
    uniform 0, the exponential and the logistic :math:`1/6`.  A population has
    :math:`-1/4 \le \tau_4 < 1`; a sample of zeros but for one change has :math:`t_4 = 1`.

Both are undefined for a constant sample (:math:`m_2 = \ell_2 = 0`): the functions return NaN
there rather than a number produced by rounding.

Samples of integer changes (membership counts) pooled over many histories are best kept as a
histogram.  :func:`l_moments_from_counts` computes the sample L-moments of a sample given as
distinct values with multiplicities *exactly*, in time proportional to the number of distinct
values: a run of equal order statistics at positions :math:`a..b` contributes
:math:`x \sum_{j=a}^{b} \binom{j-1}{r} = x \bigl[\binom{b}{r+1} - \binom{a-1}{r+1}\bigr]`
(the hockey-stick identity) to :math:`n \binom{n-1}{r} b_r`.

References
----------
J. R. M. Hosking, "L-moments: analysis and estimation of distributions using linear
combinations of order statistics", Journal of the Royal Statistical Society B 52 (1990),
105-124.

F. R. Baumgartner and B. D. Jones, *Agendas and Instability in American Politics*, University
of Chicago Press, 1993.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from dualdilemma.errors import InvalidParameterError

__all__ = [
    "NORMAL_KURTOSIS",
    "NORMAL_L_KURTOSIS",
    "kurtosis",
    "l_moments",
    "l_kurtosis",
    "kurtosis_from_counts",
    "l_moments_from_counts",
    "l_kurtosis_from_counts",
]

#: Kurtosis :math:`m_4 / m_2^2` of a normal distribution.
NORMAL_KURTOSIS = 3.0
#: L-kurtosis of a normal distribution, :math:`30 \pi^{-1} \arctan\sqrt 2 - 9` (Hosking 1990).
NORMAL_L_KURTOSIS = 30.0 / math.pi * math.atan(math.sqrt(2.0)) - 9.0


def _as_sample(x: Any, axis: int, minimum: int, what: str) -> np.ndarray:
    """``x`` as a real array with the sample axis last; checks size and finiteness.

    Integer arrays keep their dtype (sorting them is faster); callers convert to float.
    """
    array = np.asarray(x)
    if array.dtype == object or array.dtype.kind not in "biuf":
        raise InvalidParameterError(f"{what} needs real numbers, got dtype {array.dtype}")
    if array.ndim == 0:
        raise InvalidParameterError(f"{what} needs a sample (an array), got a scalar")
    try:
        array = np.moveaxis(array, axis, -1)
    except np.exceptions.AxisError:
        raise InvalidParameterError(
            f"axis {axis} is out of range for an array of shape {np.shape(x)}"
        ) from None
    if array.shape[-1] < minimum:
        raise InvalidParameterError(
            f"{what} needs at least {minimum} observations, got {array.shape[-1]}"
        )
    if array.dtype.kind == "b":
        array = array.astype(np.int64)
    if array.dtype.kind == "f" and not np.all(np.isfinite(array)):
        raise InvalidParameterError(f"{what} needs finite numbers, found NaN or infinity")
    return array


def _constant(array: np.ndarray) -> np.ndarray:
    return array.max(axis=-1) == array.min(axis=-1)


def kurtosis(x: Any, axis: int = -1) -> Any:
    """Pearson's kurtosis :math:`m_4 / m_2^2` along ``axis`` (NaN for a constant sample).

    Equal to ``scipy.stats.kurtosis(x, fisher=False, bias=True)``.

    Examples
    --------
    >>> kurtosis([0, 0, 0, 0, 0, 0, 0, 0, 0, 5])
    np.float64(8.11...)
    >>> kurtosis([[1, 2, 3, 4], [2, 2, 2, 2]])
    array([1.64, nan])
    """
    array = _as_sample(x, axis, 2, "kurtosis")
    values = array.astype(np.float64)
    deviations = values - values.mean(axis=-1, keepdims=True)
    squares = deviations * deviations
    m2 = squares.mean(axis=-1)
    m4 = (squares * squares).mean(axis=-1)
    constant = _constant(array)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(constant, np.nan, m4 / np.where(constant, 1.0, m2 * m2))
    return value[()] if value.ndim == 0 else value


def l_moments(x: Any, axis: int = -1) -> np.ndarray:
    r"""Sample L-moments :math:`(\ell_1, \ell_2, \ell_3, \ell_4)` along ``axis`` (Hosking 1990).

    Returns an array with the sample axis replaced by a last axis of length 4.  The sample
    needs at least 4 observations.

    Examples
    --------
    >>> l_moments([1, 2, 3, 4, 5])
    array([3., 1., 0., 0.])
    >>> l_moments([[3, 1, 2, 9], [0, 0, 0, 4]]).round(4)
    array([[3.75  , 2.0833, 1.25  , 1.25  ],
           [1.    , 1.    , 1.    , 1.    ]])
    """
    array = np.sort(_as_sample(x, axis, 4, "l_moments"), axis=-1)
    n = array.shape[-1]
    j = np.arange(n, dtype=np.float64)  # j - 1 for the 1-based position j
    weights = np.empty((n, 4))
    weights[:, 0] = 1.0
    weights[:, 1] = j / (n - 1)
    weights[:, 2] = weights[:, 1] * (j - 1) / (n - 2)
    weights[:, 3] = weights[:, 2] * (j - 2) / (n - 3)
    b = (array.astype(np.float64) @ weights) / n  # b_0..b_3 on the last axis
    b0, b1, b2, b3 = b[..., 0], b[..., 1], b[..., 2], b[..., 3]
    out = np.stack(
        [b0, 2 * b1 - b0, 6 * b2 - 6 * b1 + b0, 20 * b3 - 30 * b2 + 12 * b1 - b0], axis=-1
    )
    out[array[..., 0] == array[..., -1], 1:] = 0.0  # exact zeros, not rounding residue
    return out


def l_kurtosis(x: Any, axis: int = -1) -> Any:
    r"""Sample L-kurtosis :math:`t_4 = \ell_4 / \ell_2` along ``axis`` (NaN if constant).

    Examples
    --------
    A series that changes once is as punctuated as a sample can be:

    >>> l_kurtosis([0, 0, 0, 0, 0, 0, 0, 0, 0, 5])
    np.float64(1.0)
    >>> round(float(l_kurtosis(np.random.default_rng(1).normal(size=200_000))), 2)
    0.12
    """
    moments = l_moments(x, axis)
    l2, l4 = moments[..., 1], moments[..., 3]
    zero = l2 == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(zero, np.nan, l4 / np.where(zero, 1.0, l2))
    return value[()] if value.ndim == 0 else value


def _as_counts(values: Sequence[Any], counts: Sequence[Any]) -> list[tuple[Fraction, int]]:
    """Distinct values (exact, ascending) with positive integer multiplicities."""
    value_list, count_list = list(values), list(counts)
    if len(value_list) != len(count_list):
        raise InvalidParameterError(
            f"values and counts must have the same length, got {len(value_list)} and "
            f"{len(count_list)}"
        )
    merged: dict[Fraction, int] = {}
    for value, count in zip(value_list, count_list, strict=True):
        if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 0:
            raise InvalidParameterError(f"counts must be integers >= 0, got {count!r}")
        if isinstance(value, float | np.floating) and not math.isfinite(value):
            raise InvalidParameterError(f"values must be finite, got {value!r}")
        try:
            exact = Fraction(value) if not isinstance(value, np.integer) else Fraction(int(value))
        except (TypeError, ValueError):
            raise InvalidParameterError(f"values must be real numbers, got {value!r}") from None
        if count:
            merged[exact] = merged.get(exact, 0) + int(count)
    return sorted(merged.items())


def l_moments_from_counts(values: Sequence[Any], counts: Sequence[Any]) -> tuple[float, ...]:
    r"""Sample L-moments :math:`(\ell_1, \dots, \ell_4)` of a sample given as a histogram.

    ``values[i]`` occurs ``counts[i]`` times.  Exact rational arithmetic (the module
    docstring's hockey-stick sums), rounded to floats at the end; equal to :func:`l_moments`
    of the expanded sample.

    Examples
    --------
    >>> l_moments_from_counts([0, 5], [9, 1])
    (0.5, 0.5, 0.5, 0.5)
    """
    runs = _as_counts(values, counts)
    n = sum(count for _, count in runs)
    if n < 4:
        raise InvalidParameterError(f"L-moments need at least 4 observations, got {n}")
    sums = [Fraction(0)] * 4
    position = 0  # observations before the run
    for value, count in runs:
        a, b = position + 1, position + count
        for r in range(4):
            sums[r] += value * (math.comb(b, r + 1) - math.comb(a - 1, r + 1))
        position = b
    b_r = [sums[r] / (n * math.comb(n - 1, r)) for r in range(4)]
    l1 = b_r[0]
    l2 = 2 * b_r[1] - b_r[0]
    l3 = 6 * b_r[2] - 6 * b_r[1] + b_r[0]
    l4 = 20 * b_r[3] - 30 * b_r[2] + 12 * b_r[1] - b_r[0]
    return tuple(float(v) for v in (l1, l2, l3, l4))


def l_kurtosis_from_counts(values: Sequence[Any], counts: Sequence[Any]) -> float:
    """:math:`t_4` of a histogram sample (NaN when the sample is constant).

    >>> l_kurtosis_from_counts([-1, 0, 3], [2, 90, 8])
    0.6...
    """
    _, l2, _, l4 = l_moments_from_counts(values, counts)
    return math.nan if l2 == 0 else l4 / l2


def kurtosis_from_counts(values: Sequence[Any], counts: Sequence[Any]) -> float:
    """Kurtosis :math:`m_4 / m_2^2` of a histogram sample, exactly (NaN if constant).

    >>> kurtosis_from_counts([0, 5], [9, 1])
    8.11...
    """
    runs = _as_counts(values, counts)
    n = sum(count for _, count in runs)
    if n < 2:
        raise InvalidParameterError(f"kurtosis needs at least 2 observations, got {n}")
    mean = sum((v * c for v, c in runs), Fraction(0)) / n
    m2 = sum(((v - mean) ** 2 * c for v, c in runs), Fraction(0)) / n
    m4 = sum(((v - mean) ** 4 * c for v, c in runs), Fraction(0)) / n
    return math.nan if m2 == 0 else float(m4 / (m2 * m2))
