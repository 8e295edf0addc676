"""Statistics of a fit: shares with confidence intervals, rank correlations, marginals.

* :func:`wilson_interval`: the Wilson score interval of a proportion (Wilson 1927).  Sobol
  points are not independent draws; the interval treats them as if they were, which is
  conservative for smooth indicators (quasi-Monte Carlo errors shrink faster than
  :math:`1/\\sqrt{n}`) and is reported as such.
* :func:`row_spearman`: Spearman's rank correlation of each row of predicted years with one
  historical vector (ranks by :func:`scipy.stats.rankdata`, average ranks for ties; Spearman
  1904), vectorised over rows.
* :func:`marginal_table`: a prior's and its posterior's mean and quantiles.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["wilson_interval", "row_spearman", "marginal_table", "share"]


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of ``successes / trials``.

    >>> low, high = wilson_interval(50, 100)
    >>> round(low, 4), round(high, 4)
    (0.4038, 0.5962)
    >>> wilson_interval(0, 0)
    (0.0, 1.0)
    """
    from scipy.stats import norm

    if trials <= 0:
        return 0.0, 1.0
    z = float(norm.ppf(0.5 + confidence / 2))
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def share(mask: np.ndarray, confidence: float = 0.95) -> dict[str, Any]:
    """``{"share", "count", "of", "interval"}`` of a boolean array."""
    mask = np.asarray(mask, dtype=bool)
    count, trials = int(mask.sum()), int(mask.size)
    low, high = wilson_interval(count, trials, confidence)
    return {
        "share": count / trials if trials else None,
        "count": count,
        "of": trials,
        "interval": [low, high],
        "confidence": confidence,
        "method": "Wilson score interval",
    }


def row_spearman(predicted: np.ndarray, historical: np.ndarray) -> np.ndarray:
    """Spearman's rho of each row of ``predicted`` with ``historical`` (``nan`` if either is
    constant).

    >>> row_spearman(np.array([[1, 2, 3], [3, 2, 1]]), np.array([10, 20, 30])).tolist()
    [1.0, -1.0]
    """
    from scipy.stats import rankdata

    predicted = np.atleast_2d(np.asarray(predicted, dtype=float))
    hist = rankdata(np.asarray(historical, dtype=float))
    ranks = rankdata(predicted, axis=1)
    hist = hist - hist.mean()
    ranks = ranks - ranks.mean(axis=1, keepdims=True)
    numerator = ranks @ hist
    denominator = np.sqrt((ranks**2).sum(axis=1) * (hist**2).sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        rho = numerator / denominator
    return np.where(denominator > 0, rho, np.nan)


def marginal_table(values: np.ndarray, posterior: np.ndarray) -> dict[str, Any]:
    """Prior and posterior summaries of one parameter's draws."""
    values = np.asarray(values, dtype=float)
    chosen = values[np.asarray(posterior, dtype=bool)]
    quantiles = (0.05, 0.5, 0.95)

    def summary(x: np.ndarray) -> dict[str, Any]:
        if x.size == 0:
            return {"count": 0, "mean": None, "quantiles": None}
        return {
            "count": int(x.size),
            "mean": float(x.mean()),
            "quantiles": {str(q): float(np.quantile(x, q)) for q in quantiles},
        }

    return {"prior": summary(values), "posterior": summary(chosen)}
