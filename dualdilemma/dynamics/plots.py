r"""Plots of a regime-dynamics simulation (matplotlib, imported only when a plot is drawn).

* :func:`plot_membership`: the simulated membership size by year, median and bands
  (5-95 % and 25-75 % of histories), with a regime's recorded counts on the same axes;
* :func:`plot_changes`: the distribution of the yearly membership changes, pooled over
  histories, against a normal distribution with the same mean and variance (discretised to
  the integers, :math:`\Phi(v + 1/2) - \Phi(v - 1/2)`) and against the record, with the
  kurtosis and L-kurtosis of each;
* :func:`plot_simulation`: both side by side, optionally saved to a file.

Figures are created with :class:`matplotlib.figure.Figure`, not ``pyplot``, so nothing depends
on a display or on the global backend.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from dualdilemma.dynamics.moments import NORMAL_KURTOSIS, NORMAL_L_KURTOSIS
from dualdilemma.dynamics.simulation import QUANTILES, Simulation
from dualdilemma.errors import InvalidParameterError
from dualdilemma.history import load_history

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_membership", "plot_changes", "plot_simulation"]


def _example() -> Simulation:
    """A small simulation for the examples: two large suppliers and a growing fringe."""
    from dualdilemma.dynamics.simulation import simulate
    from dualdilemma.models.export_market import ExportMarket, Supplier

    market = ExportMarket(
        10,
        0,
        1,
        [
            Supplier("A", "1/2", 20, "1/2"),
            Supplier("B", "1/2", 20, "1/2"),
            Supplier("C", "1/10", 5, 0),
        ],
    )
    paths = {"C": ["1/10"] * 10 + ["3/10"] * 30}
    return simulate(market, paths, discount="9/10", start_year=1970, histories=300, seed=1)


def _check(simulation: Any) -> Simulation:
    if not isinstance(simulation, Simulation):
        raise InvalidParameterError(f"expected a Simulation, got {type(simulation).__name__}")
    return simulation


def _new_axes(size: tuple[float, float] = (6.0, 4.2)) -> Axes:
    from matplotlib.figure import Figure

    return Figure(figsize=size, layout="constrained").add_subplot()


def plot_membership(
    simulation: Simulation,
    ax: Axes | None = None,
    *,
    regime: str | None = "NSG",
    samples: int = 0,
    title: str | None = None,
) -> Axes:
    """Median membership size by year with 5-95 % and 25-75 % bands, and the record.

    Parameters
    ----------
    simulation
        The :class:`~dualdilemma.dynamics.simulation.Simulation`.
    ax
        Axes to draw on (default a new figure; ``ax.figure.savefig(path)`` saves it).
    regime
        A shipped regime whose recorded counts are drawn as a step line (``None``: none).
    samples
        Also draw this many individual histories (needs the paths).
    title
        Axes title.

    Examples
    --------
    >>> sim = _example()
    >>> ax = plot_membership(sim, samples=2)
    >>> [line.get_label() for line in ax.get_lines()][:2]
    ['median', 'NSG (record)']
    """
    simulation = _check(simulation)
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 0:
        raise InvalidParameterError(f"samples must be an integer >= 0, got {samples!r}")
    ax = _new_axes() if ax is None else ax
    years = np.asarray(simulation.years)
    q = simulation.summary.size_quantiles
    low, lower, median, upper, high = (q[:, i] for i in range(len(QUANTILES)))
    ax.fill_between(years, low, high, step="post", alpha=0.2, color="C0", label="5-95 %")
    ax.fill_between(years, lower, upper, step="post", alpha=0.35, color="C0", label="25-75 %")
    ax.step(years, median, where="post", color="C0", linewidth=2, label="median")
    if regime is not None:
        record = load_history().regime(regime)
        rec_years, members = record.series()
        ax.step(
            rec_years,
            members,
            where="post",
            color="black",
            linewidth=1.5,
            label=f"{record.key} (record)",
        )
    if samples:
        sizes = simulation.sizes()
        for i in range(min(samples, simulation.histories)):
            ax.step(
                years,
                sizes[i],
                where="post",
                color="C1",
                linewidth=0.8,
                alpha=0.8,
                label="histories" if i == 0 else "_nolegend_",
            )
    ax.set_xlabel("year")
    ax.set_ylabel("members")
    ax.set_title(title or f"Membership over {simulation.histories:,} simulated histories")
    ax.legend(loc="upper left", fontsize="small")
    return ax


def _normal_masses(values: np.ndarray, mean: float, sd: float) -> np.ndarray:
    def cdf(x: float) -> float:
        return 0.5 * (1.0 + math.erf((x - mean) / (sd * math.sqrt(2.0))))

    return np.array([cdf(v + 0.5) - cdf(v - 0.5) for v in values])


def plot_changes(
    simulation: Simulation,
    ax: Axes | None = None,
    *,
    regime: str | None = "NSG",
    title: str | None = None,
) -> Axes:
    """The distribution of yearly membership changes (log scale) against a normal one.

    >>> sim = _example()
    >>> ax = plot_changes(sim)
    >>> ax.get_yscale(), ax.get_xlabel()
    ('log', 'yearly change in membership')
    """
    simulation = _check(simulation)
    ax = _new_axes() if ax is None else ax
    values, counts = simulation.change_values, simulation.change_counts
    shares = counts / counts.sum()
    present = counts > 0
    summary = simulation.summary.changes
    ax.bar(
        values[present],
        shares[present],
        width=0.8,
        color="C0",
        alpha=0.7,
        label=f"simulated (kurtosis {_fmt(summary['kurtosis'])}, "
        f"L-kurtosis {_fmt(summary['l_kurtosis'])})",
    )
    floor = float(shares[present].min())
    if regime is not None:
        record = load_history().regime(regime)
        stats = record.change_statistics()
        rec_values, rec_counts = np.unique(np.asarray(stats.changes), return_counts=True)
        rec_shares = rec_counts / rec_counts.sum()
        floor = min(floor, float(rec_shares.min()))
        ax.plot(
            rec_values,
            rec_shares,
            "s",
            color="black",
            markersize=5,
            fillstyle="none",
            label=f"{record.key} {stats.years[0]}-{stats.years[1]} (kurtosis "
            f"{stats.kurtosis:.3g}, L-kurtosis {stats.l_kurtosis:.3g})",
        )
    floor /= 5.0
    mean = float(values @ shares)
    sd = math.sqrt(float(((values - mean) ** 2) @ shares))
    if sd > 0:
        grid = np.arange(values.min(), values.max() + 1)
        normal = _normal_masses(grid, mean, sd)
        keep = normal >= floor
        ax.plot(
            grid[keep],
            normal[keep],
            "o--",
            color="C3",
            markersize=4,
            label=f"normal, same mean and variance (kurtosis {NORMAL_KURTOSIS:g}, "
            f"L-kurtosis {NORMAL_L_KURTOSIS:.4f})",
        )
    ax.set_yscale("log")
    ax.set_ylim(floor, 1.5)
    ax.set_xlabel("yearly change in membership")
    ax.set_ylabel("share of years")
    ax.set_title(title or "Yearly changes: punctuated, not normal")
    ax.legend(loc="upper right", fontsize="x-small")
    return ax


def _fmt(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.3g}"


def plot_simulation(
    simulation: Simulation,
    path: str | Path | None = None,
    *,
    regime: str | None = "NSG",
    samples: int = 3,
) -> Figure:
    """Membership bands and the change distribution side by side; saved to ``path`` if given
    (the format follows the suffix, e.g. ``.png``, ``.pdf``, ``.svg``).

    >>> sim = _example()
    >>> len(plot_simulation(sim).axes)
    2
    """
    from matplotlib.figure import Figure

    simulation = _check(simulation)
    figure = Figure(figsize=(12.0, 4.6), layout="constrained")
    left, right = figure.subplots(1, 2)
    samples = samples if simulation.membership is not None else 0
    plot_membership(simulation, left, regime=regime, samples=samples)
    plot_changes(simulation, right, regime=regime)
    if path is not None:
        figure.savefig(path)
    return figure
