"""``dualdilemma simulate``: Monte Carlo of regime dynamics, shocks, lag and neglect (MODEL s.5).

``SCENARIO`` is a scenario file, a built-in scenario (default: the default built-in scenario)
or ``demo``, the stylised built-in setting of :mod:`dualdilemma.dynamics.settings`.  The output
lists the yearly revision targets, the distributions across histories (revisions, lags,
membership bands, yearly changes with their kurtosis and L-kurtosis) and the comparison with
the regimes' history; ``--format json`` prints the same as JSON, identical byte for byte for a
given seed.  The same histories are run under a null model (the regime adjusts in the year its
gap opens; same tables, same random draws) and, for each regime's yearly record, the share of
histories at least as bursty as the record under each model and their ratio are reported
(JSON key ``null_model``).  ``--plot FILE`` saves the membership bands and the change distribution.
"""

from __future__ import annotations

import argparse
from typing import Any

from dualdilemma.commands.common import UsageError, add_limit_option

__all__ = ["register", "DEFAULT_HISTORIES", "DEFAULT_YEARS", "DEFAULT_SEED", "JSON_FORMAT"]

DEFAULT_HISTORIES = 10_000
#: The NSG's yearly record spans 40 years (1974-2013): the same horizon compares like for like.
DEFAULT_YEARS = 40
DEFAULT_SEED = 0
JSON_FORMAT = "dualdilemma-simulate/1"
#: Histories listed in full in the JSON output.
SAMPLE_HISTORIES = 3
NULL_MODEL = (
    "no lag and no neglect: on the same tables and the same uniform draws, the regime moves to "
    "the year's revision target in every year in which its gap is open (above tau)"
)


def _integer(minimum: int, what: str) -> Any:
    def parse(text: str) -> int:
        from dualdilemma.limits import shorten

        try:
            value = int(text) if len(text) <= 30 else None
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError(f"expected {what}, got {shorten(text)!r}")
        return value

    return parse


def register(commands: Any) -> None:
    from dualdilemma.scenarios import DEFAULT_SCENARIO

    parser = commands.add_parser(
        "simulate",
        help="Monte Carlo of regime dynamics: shocks, lag and neglect",
        description="Simulate many histories of a regime whose membership is revised only "
        "after proliferation shocks (MODEL s.5), and compare them with the regimes' history.",
    )
    parser.add_argument(
        "scenario",
        nargs="?",
        default=None,
        metavar="SCENARIO",
        help="a scenario .toml file, the name of a built-in scenario (default: "
        f"{DEFAULT_SCENARIO}; see 'dualdilemma scenarios') or 'demo' (a stylised setting with "
        "growing emerging suppliers)",
    )
    integers = (  # option, smallest value, its description, default, metavar, help
        ("--histories", 1, "a positive integer", DEFAULT_HISTORIES, "N", "number of histories"),
        ("--years", 5, "an integer >= 5", DEFAULT_YEARS, "T", "years per history"),
        ("--seed", 0, "an integer >= 0", DEFAULT_SEED, "S", "random seed"),
    )
    for option, minimum, what, default, metavar, meaning in integers:
        span = ", the span of the NSG's record" if option == "--years" else ""
        parser.add_argument(
            option,
            type=_integer(minimum, what),
            default=default,
            metavar=metavar,
            help=f"{meaning} (default {default}{span})",
        )
    parser.add_argument("--format", choices=("text", "json"), default="text", dest="fmt")
    parser.add_argument(
        "--plot", metavar="FILE", default=None, help="save the plots to FILE (.png, .pdf, .svg)"
    )
    parser.set_defaults(handler=_cmd_simulate)
    add_limit_option(parser)


def _cmd_simulate(args: argparse.Namespace) -> str:
    from dualdilemma.dynamics.comparisons import burstiness_comparison, compare_with_history
    from dualdilemma.dynamics.settings import load_setting
    from dualdilemma.dynamics.simulation import simulate
    from dualdilemma.limits import check_simulation

    check_simulation(args.histories, args.years)
    setting = load_setting(args.scenario)
    simulation = simulate(
        setting.market,
        histories=args.histories,
        years=args.years,
        seed=args.seed,
        keep_paths=True,
        **setting.simulate_options(),
    )
    # the null model on the same tables and the same uniforms (common random numbers)
    null = simulate(
        simulation.tables,
        histories=args.histories,
        seed=args.seed,
        dynamics=simulation.dynamics,
        keep_paths=False,
        revision="immediate",
    )
    record = setting.regime or "NSG"
    comparison = compare_with_history(simulation, _yearly(record))
    bursts = burstiness_comparison(simulation, null)
    if args.plot is not None:
        _save_plot(simulation, args.plot, setting.regime or "NSG")
    null_data = null.to_dict(sample=0)
    del null_data["tables"]  # the same as the theory's
    data = {
        "format": JSON_FORMAT,
        "setting": setting.to_dict(),
        "simulation": simulation.to_dict(sample=SAMPLE_HISTORIES),
        "history": comparison.to_dict(),
        "null_model": {
            "description": NULL_MODEL,
            "simulation": null_data,
            "burstiness": bursts.to_dict(),
        },
    }
    if args.fmt == "json":
        from dualdilemma.reporting.common import dumps_json

        return dumps_json(data)
    return _render_text(setting, simulation, comparison, bursts)


def _yearly(regime: str) -> str:
    """``regime`` if it has a yearly record to compare kurtoses with, else the NSG's."""
    from dualdilemma.history import load_history

    try:
        return regime if load_history().regime(regime).yearly else "NSG"
    except ValueError:
        return "NSG"


def _save_plot(simulation: Any, path: str, regime: str) -> None:
    from pathlib import Path

    from dualdilemma.dynamics.plots import plot_simulation

    target = Path(path)
    if target.is_dir():
        raise UsageError(f"--plot {path!r} is a directory")
    if not target.parent.exists():
        raise UsageError(f"--plot {path!r}: directory {str(target.parent)!r} does not exist")
    try:
        plot_simulation(simulation, target, regime=regime)
    except ValueError as exc:  # matplotlib: unsupported format
        message = str(exc).splitlines()[0] if str(exc) else "cannot save the plot"
        raise UsageError(f"--plot {path!r}: {message}") from None


# -- text -------------------------------------------------------------------------------------
def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)


def _mean(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if abs(value) < 100 else f"{value:.1f}"


def _quantiles(dist: dict[str, Any]) -> str:
    values = dist.get("quantiles") or []
    if not values or values[0] is None:
        return "-"
    return " / ".join(_fmt(v) for v in values)


def _members(members: Any, limit: int = 60) -> str:
    if members is None:
        return "none"
    text = ", ".join(members) if members else "(no regime)"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _table(title: str, *columns: str, right: tuple[str, ...] = ()) -> Any:
    """A rich table in the report's style; the ``right`` columns are right-justified."""
    from rich import box
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    for column in columns:
        if column in right:
            table.add_column(column, justify="right")
        else:
            table.add_column(column)
    return table


def _render_text(setting: Any, simulation: Any, comparison: Any, bursts: Any) -> str:
    from rich.text import Text

    from dualdilemma.dynamics.moments import NORMAL_KURTOSIS, NORMAL_L_KURTOSIS
    from dualdilemma.reporting.common import render_rich

    tables = simulation.tables
    summary = simulation.summary
    d = simulation.dynamics
    years = simulation.years
    parts: list[Any] = []
    parts.append(
        Text(
            f"Regime dynamics: {setting.name} - {setting.title or setting.description}\n"
            f"{simulation.histories:,} histories x {len(years)} years ({years[0]}-{years[-1]}), "
            f"seed {simulation.seed}; tau = {_fmt(float(tables.tolerance))}, "
            f"delta = {_fmt(float(tables.discount))}, beta = {_fmt(float(tables.detection))}\n"
            f"shocks: lambda = {d.shock_base:g} + {d.shock_gap:g} x gap; attention decay "
            f"rho = {d.decay:g}; revision when attention x gap > {d.negotiation_cost:g}"
        )
    )
    targets = _table(
        "Revision targets (smallest effective self-enforcing cartel)",
        *("from", "size", "target", "its gap"),
        right=("from", "size", "its gap"),
    )
    for t in range(len(years)):
        if t and tables.targets[t] == tables.targets[t - 1]:
            continue
        index = int(tables.targets[t])
        target = tables.target(t)
        targets.add_row(
            str(years[t]),
            "-" if target is None else str(len(target)),
            _members(target),
            "-" if index < 0 else _fmt(float(tables.gaps[index, t])),
        )
    parts.append(targets)

    stats = _table(
        "Across histories (quantiles 5 / 25 / 50 / 75 / 95 %)",
        *("quantity", "mean", "quantiles", "count"),
        right=("mean", "quantiles", "count"),
    )
    rows = [
        ("revisions per history", summary.revisions),
        ("year of the first revision", summary.first_revision),
        ("members after the first revision", summary.founding_size),
        ("lag: gap opening -> revision", summary.lags),
        ("lag: first shock -> revision", summary.shock_lags),
    ]
    for label, dist in rows:
        stats.add_row(label, _mean(dist["mean"]), _quantiles(dist), _fmt(dist["count"]))
    parts.append(stats)
    episodes = summary.episodes
    parts.append(
        Text(
            f"Gap episodes (leakage above tau): {episodes['total']}, of which "
            f"{episodes['closed_by_revision']} closed by a revision, "
            f"{episodes['closed_by_capacities']} by a change of capacities and "
            f"{episodes['censored']} still open at the end; "
            f"{100 * summary.never_revised:.1f}% of histories were never revised."
        )
    )

    columns = ("year", "mean", "5%", "25%", "median", "75%", "95%")
    bands = _table("Membership size by year", *columns, right=columns)
    step = max(1, len(years) // 10)
    for t in range(0, len(years), step):
        q = summary.size_quantiles[t]
        bands.add_row(str(years[t]), f"{summary.size_mean[t]:.2f}", *(str(int(v)) for v in q))
    parts.append(bands)

    changes = summary.changes
    punct = _table(
        "Punctuation of yearly membership changes",
        *("", "kurtosis", "L-kurtosis"),
        right=("kurtosis", "L-kurtosis"),
    )
    k = comparison.kurtosis
    punct.add_row("simulated, pooled", _fmt(changes["kurtosis"]), _fmt(changes["l_kurtosis"]))
    punct.add_row(
        "simulated, per history (median)",
        _fmt(summary.history_kurtosis["quantiles"][2]),
        _fmt(summary.history_l_kurtosis["quantiles"][2]),
    )
    punct.add_row(
        f"{k.regime} record {k.historical.years[0]}-{k.historical.years[1]}",
        _fmt(k.historical.kurtosis),
        _fmt(k.historical.l_kurtosis),
    )
    punct.add_row(
        "share of histories at least as high",
        _fmt(k.share_at_least_kurtosis),
        _fmt(k.share_at_least_l_kurtosis),
    )
    punct.add_row("normal distribution", _fmt(NORMAL_KURTOSIS), f"{NORMAL_L_KURTOSIS:.4f}")
    parts.append(punct)
    unchanged = summary.history_kurtosis["undefined"]
    zero = changes["share_zero"]
    parts.append(
        Text(
            f"Histories whose membership never changed (no kurtosis): {unchanged}; yearly "
            f"changes that are zero: {'-' if zero is None else f'{100 * zero:.1f}%'}."
        )
    )

    columns = ("record", "statistic", "value", "theory", "null model", "ratio")
    right = ("value", "theory", "null model", "ratio")
    burst = _table(
        "Burstiness: share of histories at least as bursty as the record, theory against a "
        "null model on the same draws (the regime adjusts in the year its gap opens)",
        *columns,
        right=right,
    )
    labels = {"kurtosis": "kurtosis of yearly changes", "shock_led_share": "changes after shocks"}
    for row in bursts.rows:
        record = next(r for r in bursts.records if r.regime == row.regime)
        burst.add_row(
            f"{row.regime} {record.years[0]}-{record.years[1]}",
            labels[row.statistic],
            _fmt(row.record),
            _fmt(row.theory_share),
            _fmt(row.null_share),
            "-" if row.ratio is None else _fmt(row.ratio),
        )
    parts.append(burst)
    parts.append(
        Text(
            "changes after shocks: the share of changes of size that came in a year with a "
            "proliferation shock or one or two years after one; ratio - when the null model "
            "never reaches the record."
        )
    )

    right = ("lag", "simulated <= lag", "simulated = lag")
    lags = _table(
        "Shock-response lags: record against the simulated shock lags",
        "shock -> response",
        *right,
        right=right,
    )
    for row in comparison.lags.rows:
        lags.add_row(
            row.label + (" *" if row.estimate else ""),
            str(row.lag),
            _fmt(row.share_at_most),
            _fmt(row.share_equal),
        )
    parts.append(lags)

    found = comparison.founding
    founding = _table(
        f"Founding groups: record against the model ({found.year})",
        *("group", "size"),
        right=("size",),
    )
    founding.add_row(
        "model: smallest effective cartel (outsiders export)", _fmt(found.minimal_effective_size)
    )
    founding.add_row("model: smallest effective self-enforcing cartel", _fmt(found.target_size))
    if found.simulated is not None:
        founding.add_row(
            "model: members after the first revision (median)",
            _fmt(found.simulated["quantiles"][2]),
        )
    for row in found.rows:
        label = f"{row.regime} ({row.founded_year}){' *' if row.estimate else ''}"
        founding.add_row(label, _fmt(row.founding_size))
    parts.append(founding)
    notes = ["* marks figures flagged as estimates in the history data."]
    notes += [f"note: {n}" for n in (*setting.notes, *tables.notes)]
    if not bool(tables.complete.all()):
        notes.append(
            "note: the target search was not exhaustive in some years (more than 10 suppliers)"
        )
    parts.append(Text("\n".join(notes)))
    return render_rich(*parts)
