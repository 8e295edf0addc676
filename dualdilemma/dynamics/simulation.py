r"""Monte Carlo of regime dynamics: shocks, attention, neglect and revision (MODEL s.5, C6).

Model
-----
Years :math:`t = 0, \dots, T`.  A history carries the regime's member set :math:`R` (initially
:math:`R_0`) and an attention level :math:`A` (initially :math:`A_0`).  In year :math:`t`:

1. the **gap** is the leakage :math:`g_t = q_t(R)` of that year's market with the members
   controlling (:mod:`~dualdilemma.dynamics.tables`);
2. the regime is **revised** when :math:`A\, g_t > c` (the negotiation cost :math:`c \ge 0`)
   and the year has a target :math:`R^*_t` different from :math:`R`: then
   :math:`R \leftarrow R^*_t`, the minimal effective sustainable cartel of year :math:`t`;
3. a **proliferation shock** arrives with probability
   :math:`\lambda_t = \lambda_0 + \lambda_1 q_t(R)`, the gap of the regime in force
   (:math:`\lambda_0, \lambda_1 \ge 0`, :math:`\lambda_0 + \lambda_1 \le 1`, so
   :math:`\lambda_t \in [0, 1]` for every gap);
4. **attention** jumps by one at a shock and decays otherwise:
   :math:`A \leftarrow A + 1` or :math:`A \leftarrow \rho A` with :math:`\rho \in [0, 1)`.

Null model (``revision="immediate"``): no lag and no neglect.  The regime moves to the year's
target in every year in which the set in force is not effective (:math:`g_t > \tau`, its gap
is open), whatever the attention; shocks still arrive as above.  Run with the same seed, it
draws the same uniforms as the theory, so the two are compared history by history (common
random numbers; :func:`~dualdilemma.dynamics.comparisons.burstiness_comparison`).

Timing: attention raised by a shock in year :math:`t` first counts in year :math:`t + 1`, so a
response follows its shock by at least one year (the time to convene and negotiate; compare
India 1974 and the London meeting of 1975).  With :math:`A_0 = 0` nothing happens before the
first shock.

The membership path is :math:`R` at the end of each year.  A **gap episode** opens in the
first year in which the set entering the year, or the set a revision moved to, is not
effective (:math:`g_t > \tau`), and closes in the first year whose end-of-year set is effective
again; its **lag** is the number of years from opening to closing, its **shock lag** the years
from its first shock (while open) to the closing.  An episode closes *by revision* when a
revision closed it and otherwise by a change of capacities; one still open at :math:`T` is
*censored*.  Yearly changes are :math:`\Delta_t = |R_t| - |R_{t-1}|` for
:math:`t = 0, \dots, T`, where :math:`R_{-1} = R_0` is the set in force before year 0 (a
regime that adjusts at once changes in year 0, as a record counts a change in its first
year); their kurtosis and L-kurtosis (:mod:`~dualdilemma.dynamics.moments`)
are computed per history and pooled over histories.  A punctuated process (long neglect, then
large revisions) is leptokurtic: far above the normal 3 and 0.1226 (Jones, Sulkin and Larsen
2003 use the same measures on budget changes).

Vectorisation and reproducibility
---------------------------------
All histories advance together, one numpy operation per year over the arrays of states and
attention levels, on tables precomputed by :func:`~dualdilemma.dynamics.tables.regime_tables`
(there is no Python loop over histories).  Histories run in chunks through
:func:`~dualdilemma.analysis.sweep.map_chunks` (progress bar, optional Dask client).  The
uniform draws of history :math:`h` come from the stream ``SeedSequence(seed,
spawn_key=(h // 1024,))``, row :math:`h \bmod 1024`, so every history, and every result,
is the same for every chunk size and with or without Dask.  Pooled statistics are
computed from histograms of integers, exactly, after the chunks are gathered.

References
----------
F. R. Baumgartner and B. D. Jones, *Agendas and Instability in American Politics*, University
of Chicago Press, 1993 (punctuated equilibrium).

B. D. Jones and F. R. Baumgartner, *The Politics of Attention*, University of Chicago Press,
2005 (attention that decays between shocks).

B. D. Jones, T. Sulkin and H. A. Larsen, "Policy punctuations in American political
institutions", American Political Science Review 97 (2003), 151-169 (kurtosis of change
distributions).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from dualdilemma.analysis.sweep import map_chunks, parameter_points
from dualdilemma.dynamics.moments import (
    NORMAL_KURTOSIS,
    NORMAL_L_KURTOSIS,
    kurtosis,
    kurtosis_from_counts,
    l_kurtosis,
    l_kurtosis_from_counts,
)
from dualdilemma.dynamics.tables import RegimeTables, regime_tables
from dualdilemma.errors import InvalidParameterError
from dualdilemma.models.export_market import ExportMarket

__all__ = [
    "ShockDynamics",
    "GapEpisodes",
    "HistoryPath",
    "DynamicsSummary",
    "Simulation",
    "simulate",
    "integer_distribution",
    "BLOCK_SIZE",
    "QUANTILES",
    "REVISION_RULES",
]

#: Histories per random stream (see the module docstring).
BLOCK_SIZE = 1024
#: Quantiles reported for distributions (inverted CDF, Hyndman and Fan type 1).
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
#: Revision rules: the theory's (attention times gap above the negotiation cost) and the null
#: model's (the regime moves to the year's target in every year in which its gap is open).
REVISION_RULES = ("attention", "immediate")


def _real(value: Any, name: str, low: float, high: float, *, open_high: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        try:
            from dualdilemma._numbers import to_fraction

            value = float(to_fraction(value, what=name))
        except (ValueError, TypeError):
            raise InvalidParameterError(f"{name} must be a number, got {value!r}") from None
    number = float(value)
    upper = ")" if open_high else "]"
    shown = "inf" if math.isinf(high) else f"{high:g}"
    if (
        not math.isfinite(number)
        or number < low
        or (number >= high if open_high else number > high)
    ):
        raise InvalidParameterError(f"{name} must be in [{low:g}, {shown}{upper}, got {value!r}")
    return number


@dataclass(frozen=True)
class ShockDynamics:
    r"""The parameters of shocks, attention and revision (module docstring).

    Parameters
    ----------
    shock_base
        :math:`\lambda_0 \in [0, 1]`, the yearly shock probability with no gap.
    shock_gap
        :math:`\lambda_1 \in [0, 1 - \lambda_0]`, the extra probability per unit of gap.
    decay
        :math:`\rho \in [0, 1)`, the share of attention kept in a year without a shock.
    negotiation_cost
        :math:`c \ge 0`: a revision needs :math:`A\,g > c`.
    initial_attention
        :math:`A_0 \ge 0`.

    >>> ShockDynamics(shock_base=0.05, shock_gap=0.5).shock_probability(np.array([0.0, 0.4]))
    array([0.05, 0.25])
    >>> ShockDynamics(decay=1.0)
    Traceback (most recent call last):
    ...
    dualdilemma.errors.InvalidParameterError: decay must be in [0, 1), got 1.0
    """

    shock_base: float = 0.02
    shock_gap: float = 0.3
    decay: float = 0.7
    negotiation_cost: float = 0.25
    initial_attention: float = 0.0

    def __post_init__(self) -> None:
        from dualdilemma._numbers import to_fraction

        raw_base, raw_gap = self.shock_base, self.shock_gap
        base = _real(raw_base, "shock_base", 0.0, 1.0)
        gap = _real(raw_gap, "shock_gap", 0.0, 1.0)
        # decide lambda0 + lambda1 <= 1 exactly for exact input (5/17 + 12/17 must pass) and
        # with a rounding allowance for floats (0.05 + 0.95 written as floats must pass too)
        if isinstance(raw_base, float) or isinstance(raw_gap, float):
            too_large = base + gap > 1.0 + 1e-12
        else:
            too_large = (
                to_fraction(raw_base, what="shock_base") + to_fraction(raw_gap, what="shock_gap")
                > 1
            )
        if too_large:
            raise InvalidParameterError(
                f"shock_gap must be in [0, {1 - base:g}] (1 - shock_base), got {raw_gap!r}"
            )
        object.__setattr__(self, "shock_base", base)
        object.__setattr__(self, "shock_gap", gap)
        object.__setattr__(self, "decay", _real(self.decay, "decay", 0.0, 1.0, open_high=True))
        object.__setattr__(
            self,
            "negotiation_cost",
            _real(self.negotiation_cost, "negotiation_cost", 0.0, math.inf),
        )
        object.__setattr__(
            self,
            "initial_attention",
            _real(self.initial_attention, "initial_attention", 0.0, math.inf),
        )

    def shock_probability(self, gap: Any) -> Any:
        r""":math:`\lambda_0 + \lambda_1 g`."""
        return self.shock_base + self.shock_gap * np.asarray(gap, dtype=float)

    def to_dict(self) -> dict[str, float]:
        return {
            "shock_base": self.shock_base,
            "shock_gap": self.shock_gap,
            "decay": self.decay,
            "negotiation_cost": self.negotiation_cost,
            "initial_attention": self.initial_attention,
        }


@dataclass(frozen=True, eq=False)
class GapEpisodes:
    """All gap episodes of all histories, one entry per episode, by history then opening.

    Years are indices ``t`` (``0..T``); ``first_shock`` is ``-1`` when no shock came during the
    episode and ``closed`` is ``-1`` when the episode is still open at the horizon.
    """

    history: np.ndarray
    opened: np.ndarray
    first_shock: np.ndarray
    closed: np.ndarray
    by_revision: np.ndarray

    def __len__(self) -> int:
        return len(self.history)

    @property
    def censored(self) -> np.ndarray:
        return self.closed < 0

    @property
    def lags(self) -> np.ndarray:
        """Years from opening to the closing revision, of episodes closed by revision."""
        return (self.closed - self.opened)[self.by_revision]

    @property
    def shock_lags(self) -> np.ndarray:
        """Years from the episode's first shock to the closing revision."""
        keep = self.by_revision & (self.first_shock >= 0)
        return (self.closed - self.first_shock)[keep]


@dataclass(frozen=True)
class HistoryPath:
    """One history: membership by year, its revisions and its gap episodes (years as labels)."""

    index: int
    years: tuple[int, ...]
    membership: tuple[tuple[str, ...], ...]
    shocks: tuple[int, ...]
    revisions: tuple[int, ...]
    episodes: tuple[dict[str, Any], ...]

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(len(m) for m in self.membership)

    def to_dict(self) -> dict[str, Any]:
        return {
            "history": self.index,
            "revision_years": list(self.revisions),
            "shock_years": list(self.shocks),
            "sizes": list(self.sizes),
            "membership": {
                str(self.years[t]): list(self.membership[t])
                for t in range(len(self.years))
                if t == 0 or self.membership[t] != self.membership[t - 1]
            },
            "episodes": list(self.episodes),
        }


def _quantiles_from_counts(counts: np.ndarray, values: np.ndarray) -> list[int | None]:
    """Inverted-CDF quantiles of an integer histogram (``None`` if it is empty)."""
    total = int(counts.sum())
    if total == 0:
        return [None] * len(QUANTILES)
    cumulative = np.cumsum(counts)
    return [int(values[np.searchsorted(cumulative, q * total, side="left")]) for q in QUANTILES]


def integer_distribution(sample: Any) -> dict[str, Any]:
    """Count, mean, :data:`QUANTILES` (inverted CDF) and histogram of a sample of integers.

    >>> integer_distribution([3, 1, 1, 2])
    {'count': 4, 'mean': 1.75, 'quantiles': [1, 1, 1, 2, 3], 'histogram': {'1': 2, '2': 1, '3': 1}}
    """
    sample = np.asarray(sample, dtype=np.int64)
    if sample.size == 0:
        return {"count": 0, "mean": None, "quantiles": [None] * len(QUANTILES), "histogram": {}}
    values, counts = np.unique(sample, return_counts=True)
    return {
        "count": int(sample.size),
        "mean": float(sample.mean()),
        "quantiles": _quantiles_from_counts(counts, values),
        "histogram": {str(int(v)): int(c) for v, c in zip(values, counts, strict=True)},
    }


def _float_distribution(sample: np.ndarray) -> dict[str, Any]:
    finite = sample[~np.isnan(sample)]
    out: dict[str, Any] = {"defined": int(finite.size), "undefined": int(sample.size - finite.size)}
    if finite.size:
        out["mean"] = float(finite.mean())
        out["quantiles"] = [float(x) for x in np.quantile(finite, QUANTILES, method="inverted_cdf")]
    else:
        out["mean"] = None
        out["quantiles"] = [None] * len(QUANTILES)
    return out


@dataclass(frozen=True)
class DynamicsSummary:
    """Distributions across histories (every quantile list follows :data:`QUANTILES`)."""

    histories: int
    years: tuple[int, ...]
    revisions: dict[str, Any]
    never_revised: float
    first_revision: dict[str, Any]
    founding_size: dict[str, Any]
    lags: dict[str, Any]
    shock_lags: dict[str, Any]
    episodes: dict[str, int]
    size_quantiles: np.ndarray
    size_mean: np.ndarray
    changes: dict[str, Any]
    history_kurtosis: dict[str, Any]
    history_l_kurtosis: dict[str, Any]
    shock_led: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "histories": self.histories,
            "years": [self.years[0], self.years[-1]],
            "quantiles": list(QUANTILES),
            "revisions": self.revisions,
            "never_revised": self.never_revised,
            "first_revision_year": self.first_revision,
            "founding_size": self.founding_size,
            "lags": self.lags,
            "shock_lags": self.shock_lags,
            "episodes": self.episodes,
            "membership_size": [
                {"year": y, "mean": float(m), "quantiles": [int(v) for v in q]}
                for y, m, q in zip(self.years, self.size_mean, self.size_quantiles, strict=True)
            ],
            "changes": self.changes,
            "history_kurtosis": self.history_kurtosis,
            "history_l_kurtosis": self.history_l_kurtosis,
            "shock_led_changes": self.shock_led,
        }


@dataclass(frozen=True, eq=False)
class Simulation:
    """The outcome of :func:`simulate`: per-history arrays and their summary.

    Attributes
    ----------
    tables
        The precomputed :class:`~dualdilemma.dynamics.tables.RegimeTables`.
    dynamics
        The :class:`ShockDynamics` parameters.
    histories, seed
        Number of histories and the seed that reproduces them.
    membership
        ``(histories, years)`` int16 state index (into ``tables.states``) at the end of each
        year, or ``None`` with ``keep_paths=False``.
    shocks
        ``(histories, years)`` bool, a shock in that year (``None`` without paths).
    revision_counts, first_revision, founding_size
        Per history: number of revisions, the year index of the first (``-1``: never) and the
        size of the member set it created (``-1``: never).
    kurtosis, l_kurtosis
        Per history, of the yearly membership changes (NaN when membership never changed).
    size_changes, shock_led_changes
        Per history, the years with a change of size (:math:`\\Delta_t \\ne 0`), and those of
        them with a shock in year :math:`t`, :math:`t - 1` or :math:`t - 2`
        (:attr:`shock_led_share`).
    revision
        ``"attention"`` (the theory: a revision needs :math:`A g > c`) or ``"immediate"``
        (the null model: every open gap is closed in the year it opens).
    episodes
        :class:`GapEpisodes` of all histories.
    size_counts
        ``(years, max size + 1)`` histories with each membership size at the end of each year.
    change_counts
        Histogram of the yearly changes :math:`\\Delta_t` over all histories; entry ``i``
        counts the change ``i - max size``.
    """

    tables: RegimeTables
    dynamics: ShockDynamics
    histories: int
    seed: int
    membership: np.ndarray | None
    shocks: np.ndarray | None
    revision_counts: np.ndarray
    first_revision: np.ndarray
    founding_size: np.ndarray
    kurtosis: np.ndarray
    l_kurtosis: np.ndarray
    episodes: GapEpisodes
    size_counts: np.ndarray
    change_counts: np.ndarray
    size_changes: np.ndarray
    shock_led_changes: np.ndarray
    revision: str = "attention"

    @property
    def shock_led_share(self) -> np.ndarray:
        """Per history, the share of its changes of size (:math:`\\Delta_t \\ne 0`) that came in
        a year with a shock, or one or two years after one (NaN for a history whose size never
        changed)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(
                self.size_changes > 0,
                self.shock_led_changes / np.maximum(self.size_changes, 1),
                np.nan,
            )

    @property
    def years(self) -> tuple[int, ...]:
        return self.tables.years

    @property
    def change_values(self) -> np.ndarray:
        """The change each entry of :attr:`change_counts` counts."""
        top = (len(self.change_counts) - 1) // 2
        return np.arange(-top, top + 1)

    def sizes(self) -> np.ndarray:
        """``(histories, years)`` membership sizes (needs the paths)."""
        return self.tables.sizes[self._paths()]

    def _paths(self) -> np.ndarray:
        if self.membership is None:
            raise InvalidParameterError(
                "this simulation kept no membership paths; rerun simulate(..., keep_paths=True)"
            )
        return self.membership

    def history(self, index: int) -> HistoryPath:
        """History ``index``: its membership, shocks, revisions and episodes, with year labels.

        Needs the paths (``keep_paths=True``).
        """
        if isinstance(index, bool) or not isinstance(index, int | np.integer):
            raise InvalidParameterError(f"history index must be an integer, got {index!r}")
        if not 0 <= index < self.histories:
            raise InvalidParameterError(
                f"history index {index} out of range 0..{self.histories - 1}"
            )
        paths = self._paths()
        row = paths[index]
        previous = np.concatenate(([0], row[:-1]))
        years = self.tables.years
        revised = np.flatnonzero(row != previous)
        shocks = self.shocks if self.shocks is not None else np.zeros_like(paths, dtype=bool)
        pick = self.episodes.history == index
        episodes = []
        for opened, first, closed, by_revision in zip(
            self.episodes.opened[pick],
            self.episodes.first_shock[pick],
            self.episodes.closed[pick],
            self.episodes.by_revision[pick],
            strict=True,
        ):
            episodes.append(
                {
                    "opened": years[opened],
                    "first_shock": None if first < 0 else years[first],
                    "closed": None if closed < 0 else years[closed],
                    "by_revision": bool(by_revision),
                    "lag": None if closed < 0 else int(closed - opened),
                }
            )
        return HistoryPath(
            index=int(index),
            years=years,
            membership=tuple(self.tables.states[s] for s in row),
            shocks=tuple(years[t] for t in np.flatnonzero(shocks[index])),
            revisions=tuple(years[t] for t in revised),
            episodes=tuple(episodes),
        )

    @cached_property
    def summary(self) -> DynamicsSummary:
        """Distributions across histories (see :class:`DynamicsSummary`)."""
        years = self.tables.years
        sizes = np.arange(self.size_counts.shape[1])
        size_quantiles = np.array(
            [_quantiles_from_counts(row, sizes) for row in self.size_counts], dtype=np.int64
        )
        size_mean = (self.size_counts @ sizes) / self.histories
        values, counts = self.change_values, self.change_counts
        nonzero = counts > 0
        pooled_n = int(counts.sum())
        changes: dict[str, Any] = {
            "observations": pooled_n,
            "histogram": {
                str(int(v)): int(c) for v, c in zip(values[nonzero], counts[nonzero], strict=True)
            },
            "share_zero": float(counts[values == 0].sum() / pooled_n) if pooled_n else None,
            "kurtosis": None,
            "l_kurtosis": None,
            "normal_kurtosis": NORMAL_KURTOSIS,
            "normal_l_kurtosis": NORMAL_L_KURTOSIS,
        }
        if pooled_n >= 4:
            k = kurtosis_from_counts(values[nonzero].tolist(), counts[nonzero].tolist())
            t4 = l_kurtosis_from_counts(values[nonzero].tolist(), counts[nonzero].tolist())
            changes["kurtosis"] = None if math.isnan(k) else k
            changes["l_kurtosis"] = None if math.isnan(t4) else t4
        revised = self.first_revision >= 0
        episodes = self.episodes
        return DynamicsSummary(
            histories=self.histories,
            years=years,
            revisions=integer_distribution(self.revision_counts),
            never_revised=float(1.0 - revised.mean()),
            first_revision=integer_distribution(
                np.asarray(years)[self.first_revision[revised]]
                if revised.any()
                else np.empty(0, dtype=np.int64)
            ),
            founding_size=integer_distribution(self.founding_size[revised]),
            lags=integer_distribution(episodes.lags),
            shock_lags=integer_distribution(episodes.shock_lags),
            episodes={
                "total": len(episodes),
                "closed_by_revision": int(episodes.by_revision.sum()),
                "closed_by_capacities": int((~episodes.by_revision & ~episodes.censored).sum()),
                "censored": int(episodes.censored.sum()),
            },
            size_quantiles=size_quantiles,
            size_mean=size_mean,
            changes=changes,
            history_kurtosis=_float_distribution(self.kurtosis),
            history_l_kurtosis=_float_distribution(self.l_kurtosis),
            shock_led={
                "size_changes": int(self.size_changes.sum()),
                "after_shock": int(self.shock_led_changes.sum()),
                "share": float(self.shock_led_changes.sum() / self.size_changes.sum())
                if self.size_changes.sum()
                else None,
                "per_history": _float_distribution(self.shock_led_share),
            },
        )

    def to_dict(self, *, sample: int = 5) -> dict[str, Any]:
        """JSON-ready: parameters, tables, summary and the first ``sample`` histories."""
        out = {
            "histories": self.histories,
            "seed": self.seed,
            "revision": self.revision,
            "dynamics": self.dynamics.to_dict(),
            "tables": self.tables.to_dict(),
            "summary": self.summary.to_dict(),
        }
        if self.membership is not None and sample > 0:
            out["sample_histories"] = [
                self.history(i).to_dict() for i in range(min(sample, self.histories))
            ]
        return out

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"Simulation({self.histories} histories x {len(self.years)} years, "
            f"mean revisions {s.revisions['mean']:.3g}, pooled kurtosis "
            f"{_show(s.changes['kurtosis'])}, L-kurtosis {_show(s.changes['l_kurtosis'])})"
        )


def _show(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.3g}"


# -- the vectorised kernel -------------------------------------------------------------------
class _HistoryKernel:
    """Simulate the histories of a chunk of random-stream blocks (runs where the chunk runs)."""

    def __init__(
        self,
        tables: RegimeTables,
        dynamics: ShockDynamics,
        entropy: int,
        histories: int,
        keep_paths: bool,
        revision: str = "attention",
    ) -> None:
        self.revision = revision
        self.gaps_by_year = np.ascontiguousarray(tables.gaps.T)  # (years, states)
        self.open_by_year = np.ascontiguousarray(tables.open.T)
        self.targets = np.asarray(tables.targets, dtype=np.int64)
        self.sizes = tables.sizes
        self.max_size = len(tables.names)
        self.dynamics = dynamics
        self.entropy = entropy
        self.histories = histories
        self.keep_paths = keep_paths

    def uniforms(self, blocks: np.ndarray) -> tuple[int, np.ndarray]:
        """``(first history, draws)``: row ``i`` holds the uniforms of history ``first + i``."""
        years = len(self.targets)
        parts = []
        for b in blocks:
            start = int(b) * BLOCK_SIZE
            count = min(BLOCK_SIZE, self.histories - start)
            stream = np.random.SeedSequence(self.entropy, spawn_key=(int(b),))
            parts.append(np.random.Generator(np.random.PCG64(stream)).random((count, years)))
        return int(blocks[0]) * BLOCK_SIZE, np.concatenate(parts)

    def __call__(self, block: np.ndarray) -> dict[str, Any]:
        first, draws = self.uniforms(block)
        n, years = draws.shape
        d = self.dynamics
        # the shock probability of every state in every year, computed once
        thresholds = d.shock_base + d.shock_gap * self.gaps_by_year
        any_open = self.open_by_year.any(axis=1)
        state = np.zeros(n, dtype=np.intp)  # intp: np.take needs no index conversion
        attention = np.full(n, d.initial_attention)
        open_since = np.full(n, -1, dtype=np.int32)
        first_shock = np.full(n, -1, dtype=np.int32)
        by_year = np.empty((years, n), dtype=np.int16)  # membership, year by year
        shocks_by_year = np.empty((years, n), dtype=bool)
        records: list[tuple[np.ndarray, ...]] = []
        no_revision = np.zeros(n, dtype=bool)
        nowhere_open = np.zeros(n, dtype=bool)
        immediate = self.revision == "immediate"
        for t in range(years):
            gaps, is_open = self.gaps_by_year[t], self.open_by_year[t]
            if any_open[t]:
                opening = np.take(is_open, state) & (open_since < 0)
                if opening.any():
                    open_since[opening] = t
            # revision, decided on the attention carried into the year
            target = self.targets[t]
            revise = no_revision
            if target >= 0:
                if immediate:  # the null model: every open gap is closed in its year
                    revise = np.take(is_open, state)
                else:
                    revise = attention * np.take(gaps, state) > d.negotiation_cost
                revise &= state != target
                if revise.any():
                    state[revise] = target
            still_open = np.take(is_open, state) if any_open[t] else nowhere_open
            closing = (open_since >= 0) & ~still_open
            if closing.any():
                rows = np.flatnonzero(closing)
                records.append(
                    (
                        rows + first,
                        open_since[rows],
                        first_shock[rows],
                        np.full(len(rows), t, dtype=np.int32),
                        revise[rows],
                    )
                )
                open_since[rows] = -1
                first_shock[rows] = -1
            if any_open[t]:
                # a revision to a set that is not effective either opens an episode now
                opening = still_open & (open_since < 0)
                if opening.any():
                    open_since[opening] = t
            # the year's shock, under the regime in force, and next year's attention
            shock = draws[:, t] < np.take(thresholds[t], state)
            attention = np.where(shock, attention + 1.0, attention * d.decay)
            if any_open[t]:
                noticed = shock & still_open & (first_shock < 0)
                if noticed.any():
                    first_shock[noticed] = t
            by_year[t] = state
            shocks_by_year[t] = shock
        rows = np.flatnonzero(open_since >= 0)
        records.append(
            (
                rows + first,
                open_since[rows],
                first_shock[rows],
                np.full(len(rows), -1, dtype=np.int32),
                np.zeros(len(rows), dtype=bool),
            )
        )
        sizes_by_year = self.sizes[by_year]
        offsets = (self.max_size + 1) * np.arange(years)[:, None]
        size_counts = np.bincount(
            (sizes_by_year + offsets).ravel(), minlength=years * (self.max_size + 1)
        ).reshape(years, self.max_size + 1)
        membership = np.ascontiguousarray(by_year.T)
        shocks = np.ascontiguousarray(shocks_by_year.T)
        changed = membership != np.concatenate(
            (np.zeros((n, 1), dtype=np.int16), membership[:, :-1]), axis=1
        )
        revision_counts = changed.sum(axis=1).astype(np.int32)
        first_revision = np.where(changed.any(axis=1), changed.argmax(axis=1), -1)
        size_paths = self.sizes[membership]
        founding_size = np.where(
            first_revision >= 0,
            size_paths[np.arange(n), np.maximum(first_revision, 0)],
            -1,
        ).astype(np.int32)
        # yearly changes from the set in force before year 0 (a regime adjusting at once to
        # the first year's market changes in year 0, as the record counts its first year)
        deltas = np.diff(size_paths, axis=1, prepend=self.sizes[0])
        # changes of size, and those with a shock that year or in the two before
        moved = deltas != 0
        recent = shocks.copy()
        recent[:, 1:] |= shocks[:, :-1]
        recent[:, 2:] |= shocks[:, :-2]
        led = (moved & recent).sum(axis=1)
        size_changes = moved.sum(axis=1)
        change_counts = np.bincount(
            (deltas + self.max_size).ravel(), minlength=2 * self.max_size + 1
        )
        return {
            "membership": membership if self.keep_paths else None,
            "shocks": shocks if self.keep_paths else None,
            "revision_counts": revision_counts,
            "first_revision": first_revision.astype(np.int32),
            "founding_size": founding_size,
            "kurtosis": kurtosis(deltas, axis=1),
            "l_kurtosis": l_kurtosis(deltas, axis=1),
            "size_changes": size_changes.astype(np.int32),
            "shock_led_changes": led.astype(np.int32),
            "episodes": tuple(np.concatenate(parts) for parts in zip(*records, strict=True)),
            "size_counts": size_counts,
            "change_counts": change_counts,
        }


def _check_count(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise InvalidParameterError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _entropy(seed: Any, rng: Any) -> int:
    if seed is None and rng is None:
        raise InvalidParameterError(
            "simulate needs a seed (an integer >= 0) or an rng (numpy.random.Generator), so "
            "that its histories can be reproduced"
        )
    if seed is not None and rng is not None:
        raise InvalidParameterError("give either seed or rng, not both")
    if rng is not None:
        if not isinstance(rng, np.random.Generator):
            raise InvalidParameterError(
                f"rng must be a numpy.random.Generator, got {type(rng).__name__}"
            )
        return int(rng.integers(0, 2**63))
    return _check_count(seed, "seed", 0)


def simulate(
    setting: ExportMarket | RegimeTables,
    capacity_paths: Mapping[str, Sequence[Any]] | None = None,
    *,
    histories: int = 10_000,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
    dynamics: ShockDynamics | None = None,
    shock_base: Any = None,
    shock_gap: Any = None,
    decay: Any = None,
    negotiation_cost: Any = None,
    initial_attention: Any = None,
    years: int | None = None,
    start_year: int | None = None,
    initial: Sequence[str] | None = None,
    tolerance: Any = None,
    discount: Any = None,
    detection: Any = None,
    punishment: str | None = None,
    required: Sequence[str] | None = None,
    outsiders: str | None = None,
    exact: bool | None = None,
    keep_paths: bool = True,
    revision: str = "attention",
    chunk_size: int = 16 * BLOCK_SIZE,
    progress: bool | None = None,
    client: Any = None,
) -> Simulation:
    """Simulate ``histories`` histories of the regime dynamics (module docstring).

    Parameters
    ----------
    setting
        An :class:`~dualdilemma.models.export_market.ExportMarket` (its regime tables are then
        computed with ``capacity_paths`` and the table options below, ``discount`` required)
        or ready :class:`~dualdilemma.dynamics.tables.RegimeTables` (reuse them across runs;
        the table options must then be left out).
    capacity_paths, years, start_year, initial, tolerance, discount, detection, punishment
        Options of :func:`~dualdilemma.dynamics.tables.regime_tables`.
    required, outsiders, exact
        Options of :func:`~dualdilemma.dynamics.tables.regime_tables`.
    histories
        Number of histories (>= 1).
    seed, rng
        Exactly one: an integer seed, or a ``numpy.random.Generator`` that draws the seed.
    dynamics
        A :class:`ShockDynamics`; or give its fields (``shock_base``, ``shock_gap``, ``decay``,
        ``negotiation_cost``, ``initial_attention``) one by one, unset ones at their defaults.
    keep_paths
        Keep the ``(histories, years)`` membership and shock arrays (needed for
        :meth:`Simulation.history`); ``False`` keeps memory bounded by the chunk.
    revision
        ``"attention"`` (default: the theory's rule, a revision when :math:`A g > c`) or
        ``"immediate"`` (the null model of :data:`REVISION_RULES`: no lag and no neglect).
        For a seed both rules draw the same uniforms, so the two runs are paired (common
        random numbers).
    chunk_size
        Histories per chunk, rounded up to a multiple of :data:`BLOCK_SIZE`.  The results do not
        depend on it.
    progress, client
        As in :func:`~dualdilemma.analysis.sweep.map_chunks`.

    Returns
    -------
    Simulation
        Per-history arrays (membership, shocks, revisions, gap episodes, kurtosis) and, in
        :attr:`Simulation.summary`, their distributions across histories.

    Raises
    ------
    InvalidParameterError
        Any parameter out of range (the message names it and its range), no seed, table
        options given with ready tables, fewer than 4 years (the L-kurtosis of the yearly
        changes needs four changes).

    Examples
    --------
    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(10, 0, 1, [Supplier("A", "1/2", 20, "1/2"),
    ...                                  Supplier("B", "1/2", 20, "1/2"),
    ...                                  Supplier("C", "1/10", 5, 0)])
    >>> paths = {"C": ["1/10"] * 10 + ["3/10"] * 30}
    >>> sim = simulate(market, paths, discount="9/10", start_year=1970, histories=2000,
    ...                seed=7, shock_base=0.05, shock_gap=0.5, negotiation_cost=0.2)
    >>> sim.tables.states
    ((), ('A', 'B'), ('A', 'B', 'C'))
    >>> first = sim.history(0)
    >>> first.shocks[:3], first.revisions
    ((1971, 1976, 1978), (1972, 1980))
    >>> first.to_dict()["membership"]
    {'1970': [], '1972': ['A', 'B'], '1980': ['A', 'B', 'C']}

    The shock of 1971 raised attention, and the revision followed in 1972; in 1980 the fringe
    supplier's growth opened the pair's gap (0.3) while attention left by the shocks of 1976
    and 1978 (about 1.3) was still high enough: 1.3 times 0.3 exceeds the cost 0.2.

    >>> sim.summary.changes["kurtosis"] > 3, sim.summary.changes["l_kurtosis"] > 0.1226
    (True, True)
    """
    table_options = {
        "capacity_paths": capacity_paths,
        "years": years,
        "start_year": start_year,
        "initial": initial,
        "tolerance": tolerance,
        "discount": discount,
        "detection": detection,
        "punishment": punishment,
        "required": required,
        "outsiders": outsiders,
        "exact": exact,
    }
    if isinstance(setting, RegimeTables):
        given = [name for name, value in table_options.items() if value is not None]
        if given:
            raise InvalidParameterError(
                f"{', '.join(given)} set the regime tables; with ready tables leave them out "
                "(or pass the market instead)"
            )
        tables = setting
    elif isinstance(setting, ExportMarket):
        if discount is None:
            raise InvalidParameterError(
                "discount is required: the discount factor at which a revised regime must be "
                "self-enforcing, in [0, 1)"
            )
        tables = None
    else:
        raise InvalidParameterError(
            f"setting must be an ExportMarket or RegimeTables, got {type(setting).__name__}"
        )
    fields = {
        "shock_base": shock_base,
        "shock_gap": shock_gap,
        "decay": decay,
        "negotiation_cost": negotiation_cost,
        "initial_attention": initial_attention,
    }
    if dynamics is not None:
        if not isinstance(dynamics, ShockDynamics):
            raise InvalidParameterError(
                f"dynamics must be a ShockDynamics, got {type(dynamics).__name__}"
            )
        clash = [k for k, v in fields.items() if v is not None]
        if clash:
            raise InvalidParameterError(f"give dynamics or {', '.join(clash)}, not both")
    else:
        dynamics = ShockDynamics(**{k: v for k, v in fields.items() if v is not None})
    histories = _check_count(histories, "histories", 1)
    chunk_size = _check_count(chunk_size, "chunk_size", 1)
    if revision not in REVISION_RULES:
        raise InvalidParameterError(
            f"revision must be one of {list(REVISION_RULES)}, got {revision!r}"
        )
    if not isinstance(keep_paths, bool | np.bool_):
        raise InvalidParameterError(f"keep_paths must be True or False, got {keep_paths!r}")
    entropy = _entropy(seed, rng)
    if years is not None:
        _check_count(years, "years", 4)
    if tables is None:
        tables = regime_tables(
            setting,
            capacity_paths,
            discount=discount,
            years=years,
            start_year=0 if start_year is None else start_year,
            initial=() if initial is None else initial,
            tolerance="1/10" if tolerance is None else tolerance,
            detection=1 if detection is None else detection,
            punishment="nash" if punishment is None else punishment,
            required=() if required is None else required,
            outsiders="best_reply" if outsiders is None else outsiders,
            exact=False if exact is None else exact,
            progress=progress,
            client=client,
        )
    if tables.num_years < 4:
        raise InvalidParameterError(
            f"years must be an integer >= 4, got {tables.num_years} (the L-kurtosis of the "
            "yearly changes needs at least four changes, one a year)"
        )
    if len(tables.states) > np.iinfo(np.int16).max:  # pragma: no cover - needs 32767 years
        raise InvalidParameterError("too many reachable member sets for int16 state indices")
    blocks = math.ceil(histories / BLOCK_SIZE)
    per_chunk = math.ceil(chunk_size / BLOCK_SIZE)
    kernel = _HistoryKernel(tables, dynamics, entropy, histories, bool(keep_paths), revision)
    parts = map_chunks(
        kernel,
        parameter_points(block=np.arange(blocks)),
        chunk_size=per_chunk,
        progress=progress,
        client=client,
        description="histories",
    )
    return _gather(tables, dynamics, histories, entropy, parts, bool(keep_paths), revision)


def _gather(
    tables: RegimeTables,
    dynamics: ShockDynamics,
    histories: int,
    entropy: int,
    parts: list[dict[str, Any]],
    keep_paths: bool,
    revision: str = "attention",
) -> Simulation:
    def joined(name: str) -> np.ndarray:
        pieces = [p[name] for p in parts]
        return pieces[0] if len(pieces) == 1 else np.concatenate(pieces)

    columns = [np.concatenate([p["episodes"][i] for p in parts]) for i in range(5)]
    order = np.lexsort((columns[1], columns[0]))  # by history, then opening year
    episodes = GapEpisodes(*(c[order] for c in columns))
    for array in (*episodes.__dict__.values(),):
        array.setflags(write=False)
    arrays = {
        name: joined(name)
        for name in (
            "revision_counts",
            "first_revision",
            "founding_size",
            "kurtosis",
            "l_kurtosis",
            "size_changes",
            "shock_led_changes",
        )
    }
    paths = {name: joined(name) if keep_paths else None for name in ("membership", "shocks")}
    for array in (*arrays.values(), *(p for p in paths.values() if p is not None)):
        array.setflags(write=False)
    return Simulation(
        tables=tables,
        dynamics=dynamics,
        histories=histories,
        seed=entropy,
        membership=paths["membership"],
        shocks=paths["shocks"],
        episodes=episodes,
        size_counts=sum(p["size_counts"] for p in parts),
        change_counts=sum(p["change_counts"] for p in parts),
        revision=revision,
        **arrays,
    )
