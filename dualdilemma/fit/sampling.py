"""Draws from a scenario's priors: scrambled Sobol points mapped through the inverse CDFs.

The unit points come from :class:`scipy.stats.qmc.Sobol` (Owen-scrambled, seeded), whose
balance properties hold for a power-of-two number of points (Owen 1998; Sobol' 1967), so the
number of samples is checked to be one.  Column ``j`` of the draws is the ``j``-th prior's
:meth:`~dualdilemma.scenarios.Prior.ppf` of column ``j`` of the points.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dualdilemma.errors import InvalidParameterError
from dualdilemma.scenarios import Prior

__all__ = ["MAX_SAMPLES", "check_samples", "sobol_unit", "prior_values", "draw_values"]

#: The largest number of draws a fit accepts (raise it with ``max_samples=``).
MAX_SAMPLES = 2**22


def check_samples(samples: object, *, max_samples: int = MAX_SAMPLES) -> int:
    """A number of Sobol samples: a power of two in ``[2, max_samples]``.

    >>> check_samples(1024)
    1024
    >>> check_samples(1000)
    Traceback (most recent call last):
    ...
    dualdilemma.errors.InvalidParameterError: samples must be a power of two (Sobol points \
balance only then), got 1000; try 1024
    """
    if isinstance(samples, bool) or not isinstance(samples, int | np.integer):
        raise InvalidParameterError(f"samples must be an integer power of two, got {samples!r}")
    samples = int(samples)
    if samples < 2 or samples & (samples - 1):
        nearest = 1 << max(1, round(np.log2(max(samples, 2))))
        raise InvalidParameterError(
            "samples must be a power of two (Sobol points balance only then), got "
            f"{samples}; try {nearest}"
        )
    if samples > max_samples:
        raise InvalidParameterError(
            f"samples = {samples} exceeds the limit of {max_samples} draws (max_samples)"
        )
    return samples


def sobol_unit(dimension: int, samples: int, seed: int) -> np.ndarray:
    """``(samples, dimension)`` scrambled Sobol points in ``[0, 1)``, deterministic for a seed.

    >>> sobol_unit(2, 4, seed=1).shape
    (4, 2)
    """
    from scipy.stats import qmc

    samples = check_samples(samples)
    if dimension < 1:
        raise InvalidParameterError("a fit needs at least one prior")
    sampler = qmc.Sobol(dimension, scramble=True, seed=np.random.default_rng(seed))
    return sampler.random_base2(int(np.log2(samples)))


def prior_values(priors: Sequence[Prior], unit: np.ndarray) -> np.ndarray:
    """Map unit points (one column per prior) to parameter values."""
    unit = np.asarray(unit, dtype=float)
    if unit.ndim != 2 or unit.shape[1] != len(priors):
        raise InvalidParameterError(
            f"expected unit points with {len(priors)} columns, got shape {unit.shape}"
        )
    columns = [np.asarray(prior.ppf(unit[:, j]), dtype=float) for j, prior in enumerate(priors)]
    return np.stack(columns, axis=1) if columns else np.zeros((unit.shape[0], 0))


def draw_values(priors: Sequence[Prior], samples: int, seed: int) -> np.ndarray:
    """``(samples, len(priors))`` parameter values drawn from the priors.

    >>> from fractions import Fraction
    >>> prior = Prior("market.value", "uniform", Fraction(2), Fraction(4), None,
    ...               Fraction(3), "market", "why", "where")
    >>> values = draw_values([prior], 8, seed=0)
    >>> values.shape, bool((values >= 2).all() and (values < 4).all())
    ((8, 1), True)
    """
    return prior_values(priors, sobol_unit(len(priors), samples, seed))
