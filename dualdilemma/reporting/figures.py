"""The report's figures, drawn from the report dictionary as SVG (matplotlib, Agg backend).

* :func:`cartel_sizes_svg`: cartel size :math:`m` against the leakage it leaves (with the
  tolerance :math:`\\tau`) and its critical discount factor :math:`\\delta^*` (with the
  scenario's :math:`\\delta`);
* :func:`dual_dilemma_svg`: each exporter's change in risk :math:`\\Delta P` against
  :math:`s_i - \\bar s`, its safeguard minus the other exporters' mean, at the first pure
  equilibrium: the dual dilemma sits at :math:`\\Delta P \\ge 0`;
* :func:`enlargement_svg`: the predicted cartel size year by year as capacities grow, with the
  breakdown year, against the regime's recorded membership (:mod:`dualdilemma.history`);
* :func:`membership_svg`: membership in simulated histories of the regime dynamics (median and
  5-95 % bands) against the recorded membership (the report's ``simulation`` section).

:func:`report_figures` lists the figures a report dictionary supports, as
:class:`~dualdilemma.reporting.document.Figure` blocks whose SVG is drawn only when a format
shows it.  The SVG is deterministic (fixed hash salt, no date), so identical input gives
identical pages.  Figures are built on :class:`matplotlib.figure.Figure`, never ``pyplot``.
"""

from __future__ import annotations

import io
from fractions import Fraction
from typing import Any

from dualdilemma.reporting.document import Figure

__all__ = [
    "VERDICT_COLOURS",
    "cartel_sizes_svg",
    "dual_dilemma_svg",
    "enlargement_svg",
    "membership_svg",
    "report_figures",
    "to_svg",
]

#: One fixed colour per verdict of a lone switch (the same in every report).
VERDICT_COLOURS = {
    "dual dilemma": "#c0392b",
    "effective but costly": "#2e86c1",
    "ineffective but costless": "#7f8c8d",
    "effective and costless": "#27ae60",
}


def _float(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        return float(Fraction(value))
    return float(value)


def _new_figure(size: tuple[float, float] = (7.0, 4.2)) -> Any:
    from matplotlib.figure import Figure as MplFigure

    return MplFigure(figsize=size, layout="constrained")


def to_svg(figure: Any) -> str:
    """A matplotlib figure as a deterministic SVG document."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "dualdilemma", "svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def cartel_sizes_svg(data: dict[str, Any]) -> str:
    """Cartel size against leakage (left axis, with tau) and delta* (right axis, with delta)."""
    cartels = data["cartels"]
    rows = cartels["sizes"]
    sizes = [row["size"] for row in rows]
    leakage = [_float(row["leakage"]) for row in rows]
    figure = _new_figure((7.0, 5.0))
    ax = figure.add_subplot()
    ax.plot(sizes, leakage, "o-", color="#2e86c1", label="leakage q left by the cartel")
    tau = _float(cartels["tolerance"])
    ax.axhline(tau, color="#2e86c1", linestyle="--", label=f"tolerance tau = {tau:g}")
    ax.set_xlabel("cartel size m (the m suppliers with the most unscreened capacity)")
    ax.set_ylabel("leakage q (share of needs met unscreened)")
    ax.set_xticks(sizes)
    ax.set_ylim(bottom=0)
    right = ax.twinx()
    finite = [(m, _float(r["critical_discount"])) for m, r in zip(sizes, rows, strict=True)]
    shown = [(m, d) for m, d in finite if d is not None]
    never = [m for m, d in finite if d is None]
    if shown:
        right.plot(*zip(*shown, strict=True), "s-", color="#c0392b", label="delta* (critical)")
    if never:
        right.plot(
            never,
            [1.0] * len(never),
            "x",
            color="#c0392b",
            markersize=9,
            label="delta*: never (no threat deters a member)",
        )
    discount = _float(cartels.get("discount"))
    if discount is not None:
        right.axhline(
            discount, color="#c0392b", linestyle=":", label=f"discount factor delta = {discount:g}"
        )
    right.set_ylim(0, 1.05)
    right.set_ylabel("critical discount factor delta*")
    handles = ax.get_legend_handles_labels()
    more = right.get_legend_handles_labels()
    ax.legend(
        handles[0] + more[0],
        handles[1] + more[1],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=2,
        fontsize=8,
    )
    sustaining = cartels.get("sustaining_sizes") or []
    for m in sustaining:
        ax.axvspan(m - 0.4, m + 0.4, color="#27ae60", alpha=0.12, linewidth=0)
    ax.set_title(
        "Cartel size: leakage and critical discount factor"
        + (" (green: sustains cooperation)" if sustaining else "")
    )
    return to_svg(figure)


def dual_dilemma_svg(data: dict[str, Any]) -> str:
    """dP against s_i - sbar for each exporter at the first pure equilibrium."""
    rows = [
        r
        for r in data["unilateral"]
        if r["baseline_index"] == 0 and r["others_mean_safeguard"] is not None
    ]
    figure = _new_figure()
    ax = figure.add_subplot()
    seen: set[str] = set()
    for row in rows:
        x = _float(row["safeguard"]) - _float(row["others_mean_safeguard"])
        y = _float(row["delta_risk"])
        colour = VERDICT_COLOURS.get(row["verdict"], "#333333")
        label = row["verdict"] if row["verdict"] not in seen else None
        seen.add(row["verdict"])
        marker = "o" if row["others_cover"] else "^"
        ax.scatter([x], [y], color=colour, marker=marker, s=50, label=label, zorder=3)
        ax.annotate(row["supplier"], (x, y), textcoords="offset points", xytext=(5, 4), fontsize=8)
    ax.axhline(0, color="#444444", linewidth=0.8)
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_xlabel("safeguard of the switcher minus the other exporters' mean, s_i - sbar")
    ax.set_ylabel("change in risk dP when it alone switches to control")
    ax.set_title("The dual dilemma: who cannot lower the risk alone (dP >= 0)")
    if any(not r["others_cover"] for r in rows):
        ax.scatter([], [], marker="^", color="#333333", label="others cannot cover (K_o < 1)")
    if rows:
        ax.legend(fontsize=8, loc="best")
    return to_svg(figure)


def _record(name: str | None) -> tuple[list[int], list[int]] | None:
    if not name:
        return None
    from dualdilemma.errors import DualDilemmaError
    from dualdilemma.history import regime

    try:
        years, members = regime(name).series()
    except (DualDilemmaError, ValueError, OSError):
        return None
    return [int(y) for y in years], [int(m) for m in members]


def enlargement_svg(data: dict[str, Any]) -> str:
    """Predicted cartel size by year (to the breakdown) against the recorded membership."""
    enlargement = data["cartels"]["enlargement"]
    years = list(enlargement["years"])
    breakdown = enlargement.get("breakdown_year")
    sizes = [
        len(members) if breakdown is None or year < breakdown else None
        for year, members in zip(years, enlargement["members"], strict=True)
    ]
    figure = _new_figure()
    ax = figure.add_subplot()
    kept = [(y, s) for y, s in zip(years, sizes, strict=True) if s is not None]
    if kept:
        ax.step(
            *zip(*kept, strict=True),
            where="post",
            color="#2e86c1",
            marker="o",
            label="predicted: smallest effective self-enforcing cartel (model suppliers)",
        )
    if breakdown is not None:
        ax.axvline(breakdown, color="#c0392b", linestyle="--", label=f"breakdown ({breakdown})")
    regime = data.get("regime") or {}
    record = _record(regime.get("name"))
    if record is not None:
        low, high = min(years) - 2, max(years) + 2
        points = [(y, m) for y, m in zip(*record, strict=True) if low <= y <= high]
        if points:
            ax.step(
                *zip(*points, strict=True),
                where="post",
                color="#555555",
                linestyle="-",
                alpha=0.8,
                label="recorded members of the regime (all states, official counts)",
            )
    ax.set_xlabel("year")
    ax.set_ylabel("number of members")
    ax.set_ylim(bottom=0)
    ax.set_title("Enlargement as capacities grow, against the historical record")
    ax.legend(fontsize=8, loc="lower right")
    return to_svg(figure)


def membership_svg(data: dict[str, Any]) -> str:
    """Simulated membership (median and bands) by year against the recorded membership."""
    simulation = data["simulation"]
    years = simulation["years"]
    quantiles = simulation["size_quantiles"]
    low, lower, median, upper, high = (
        [row[i] for row in quantiles] for i in range(len(simulation["quantiles"]))
    )
    figure = _new_figure()
    ax = figure.add_subplot()
    ax.fill_between(
        years,
        low,
        high,
        step="post",
        alpha=0.2,
        color="#2e86c1",
        label="simulated: 5-95 % of histories",
    )
    ax.fill_between(
        years, lower, upper, step="post", alpha=0.35, color="#2e86c1", label="simulated: 25-75 %"
    )
    ax.step(years, median, where="post", color="#2e86c1", linewidth=2, label="simulated: median")
    record = simulation.get("record")
    if record:
        ax.step(
            record["years"],
            record["members"],
            where="post",
            color="black",
            linewidth=1.5,
            label=f"{simulation['regime']}: recorded members (all states)",
        )
    ax.set_xlabel("year")
    ax.set_ylabel("number of members")
    ax.set_ylim(bottom=0)
    ax.set_title(
        f"Simulated membership ({simulation['histories']:,} histories, seed "
        f"{simulation['seed']}) against the record"
    )
    ax.legend(fontsize=8, loc="upper left")
    return to_svg(figure)


def report_figures(data: dict[str, Any]) -> dict[str, Figure]:
    """The figures the report dictionary supports, by section key (drawn lazily)."""
    figures: dict[str, Figure] = {}
    if any(r["others_mean_safeguard"] is not None for r in data.get("unilateral") or []):
        figures["unilateral"] = Figure(
            "dual-dilemma",
            "The dual dilemma of unilateral control",
            "each exporter's change in risk dP against its safeguard minus the other exporters' "
            "mean (s_i - sbar), at the first pure equilibrium; colours: the verdict of its lone "
            "switch; circles: the others can meet the buyer's needs (K_o >= 1)",
            lambda: dual_dilemma_svg(data),
        )
    cartels = data.get("cartels") or {}
    if cartels.get("sizes"):
        figures["sizes"] = Figure(
            "cartel-sizes",
            "Cartel size, leakage and critical discount factor",
            "left axis: the leakage the m-supplier cartel leaves (dashed: tolerance tau); right "
            "axis: its critical discount factor delta* (dotted: the scenario's delta); a cartel "
            "is effective below the dashed line and self-enforcing below the dotted one",
            lambda: cartel_sizes_svg(data),
        )
    if cartels.get("enlargement"):
        figures["enlargement"] = Figure(
            "enlargement",
            "Enlargement timeline against the historical record",
            "predicted cartel size by year as capacities grow (up to the breakdown year, if "
            "any) against the regime's recorded membership; the record counts every adherent, "
            "the model only the scenario's suppliers",
            lambda: enlargement_svg(data),
        )
    if data.get("simulation"):
        figures["simulation"] = Figure(
            "simulated-membership",
            "Simulated membership against the record",
            "membership of the regime in histories simulated with shocks, attention and "
            "revisions (MODEL s.5) on the scenario's market: median and bands across histories, "
            "against the regime's recorded membership; the record counts every adherent, the "
            "model only the scenario's suppliers",
            lambda: membership_svg(data),
        )
    return figures
