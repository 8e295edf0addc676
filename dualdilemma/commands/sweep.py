"""``dualdilemma sweep``: a region map of a scenario's market over a parameter grid.

Each grid point is classified by which of three conditions hold there
(:func:`~dualdilemma.analysis.profile_conditions.market_region_conditions`): all-export is an
equilibrium, all-control is an equilibrium, the leader's dual dilemma at all-export.  The
conditions are exact sympy expressions in the swept parameters, evaluated over the grid in
chunks by :func:`~dualdilemma.analysis.region_map.region_map` (progress bar on a terminal).
"""

from __future__ import annotations

import argparse
import math
from typing import Any

import numpy as np

from dualdilemma.commands.common import (
    UsageError,
    add_limit_option,
    add_scenario_argument,
    check_output,
    emit,
    load_for,
)
from dualdilemma.errors import DualDilemmaError

__all__ = ["register", "parse_grid"]

#: Grid points at most by default (a 2-D grid of 1000 x 1000); the limit ``grid_points`` of
#: :mod:`dualdilemma.limits`, raised with ``--limit grid_points=N``.
MAX_POINTS = 10**6


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "sweep",
        help="region map of a scenario over a parameter grid",
        description="Classify a grid of parameter values by whether all-export and all-control "
        "are equilibria and whether the leader (highest harm) faces the dual dilemma at "
        "all-export.  Parameters: V, p0, p1, and k_i, h_i, s_i, c_i for supplier i (from 1).",
    )
    add_scenario_argument(parser)
    parser.add_argument(
        "--grid",
        action="append",
        metavar="NAME=START:STOP:NUM",
        default=None,
        help="a swept parameter: NUM evenly spaced values from START to STOP, or a list "
        "NAME=v1,v2,...; repeat for a product grid (default: V and the leader's harm)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", dest="fmt")
    parser.add_argument("--output", metavar="FILE.csv", default=None, help="write the grid as CSV")
    parser.add_argument(
        "--plot", metavar="FILE.png", default=None, help="draw the region map (two parameters)"
    )
    parser.add_argument(
        "--no-progress", action="store_true", help="never show the progress bar on stderr"
    )
    parser.set_defaults(handler=_cmd_sweep)
    add_limit_option(parser)


def parse_grid(spec: str) -> tuple[str, np.ndarray]:
    """``"V=1:10:10"`` or ``"h_1=0,5,10"`` to ``(name, values)``.

    >>> name, values = parse_grid("V=1:3:3")
    >>> name, values.tolist()
    ('V', [1.0, 2.0, 3.0])
    """
    from dualdilemma.limits import check_grid_points, shorten

    shown = shorten(spec)
    if "=" not in spec:
        raise UsageError(f"--grid {shown!r}: expected NAME=START:STOP:NUM or NAME=v1,v2,...")
    name, _, body = spec.partition("=")
    name = name.strip()
    try:
        if ":" in body:
            parts = body.split(":")
            if len(parts) != 3 or len(parts[2].strip()) > 30:
                raise ValueError
            start, stop, num = float(parts[0]), float(parts[1]), int(parts[2])
            if num < 1:
                raise ValueError
            if not (math.isfinite(start) and math.isfinite(stop)):
                raise UsageError(f"--grid {shown!r}: START and STOP must be finite numbers")
            check_grid_points(num, f"--grid {shorten(name)}")
            values = np.linspace(start, stop, num)
        else:
            items = body.split(",")
            check_grid_points(len(items), f"--grid {shorten(name)}")
            values = np.array([float(v) for v in items], dtype=float)
    except DualDilemmaError:
        raise
    except ValueError:
        raise UsageError(
            f"--grid {shown!r}: expected NAME=START:STOP:NUM (NUM >= 1) or NAME=v1,v2,..."
        ) from None
    if not name or values.size == 0 or not np.all(np.isfinite(values)):
        raise UsageError(f"--grid {shown!r}: expected a name and finite values")
    return name, values


def _leader(market: Any) -> int:
    harms = [s.harm for s in market.suppliers]
    return harms.index(max(harms)) + 1


def _boundaries(market: Any, name: str, domains: dict[str, Any]) -> list[float]:
    """The values of parameter ``name`` (all others at the scenario's) where a region
    condition changes: the bounds of the simplified one-parameter conditions."""
    import sympy

    from dualdilemma.analysis.profile_conditions import market_region_conditions
    from dualdilemma.reporting.conditions import simplify_condition

    found: list[float] = []
    for condition in market_region_conditions(market, [name]).values():
        simple = simplify_condition(condition, domains)
        terms = simple.args if isinstance(simple, sympy.And) else (simple,)
        for term in terms:
            if isinstance(term, sympy.core.relational.Relational):
                for side in (term.lhs, term.rhs):
                    if side.is_number and side.is_finite:
                        found.append(float(side))
    return found


def _straddling(
    market: Any, name: str, domains: dict[str, Any], scenario_value: float, points: int
) -> np.ndarray:
    """A grid of ``name`` that holds the scenario's value and every region boundary, with
    room on both sides; within the parameter's domain."""
    domain = domains[name]
    low = float(domain.lower) if domain.lower is not None else None
    high = float(domain.upper) if domain.upper is not None else None
    marks = [scenario_value, *_boundaries(market, name, domains)]
    if low is not None and high is not None:
        return np.linspace(low, high, points)
    top = max(max(marks) * 1.5, 2 * scenario_value, 1.0)
    start = low if low is not None else min(marks) - 0.5 * abs(min(marks))
    if domain.lower is not None and not domain.lower_closed:
        start = top / (4 * points)  # a positive parameter: start just above 0
    return np.linspace(start, top, points)


def _default_grid(market: Any) -> list[tuple[str, np.ndarray]]:
    """The leader's safeguard (whose comparison with the others' mean decides the dual
    dilemma) across its whole domain, against the leader's harm over a range that holds the
    boundary of the all-export equilibrium and the scenario's value."""
    leader = _leader(market)
    domains = {p.name: p.domain for p in market.parameters()}
    values = market.parameter_values()
    harm = f"h_{leader}"
    safeguard = f"s_{leader}"
    return [
        (safeguard, _straddling(market, safeguard, domains, float(values[safeguard]), 41)),
        (harm, _straddling(market, harm, domains, float(values[harm]), 41)),
    ]


#: One fixed colour per region of the sweep, keyed by (all export, all control, dual dilemma).
REGION_COLOURS = {
    (False, False, False): "#d9d9d9",
    (True, False, False): "#6baed6",
    (False, True, False): "#74c476",
    (True, True, False): "#9e9ac8",
    (False, False, True): "#fdae6b",
    (True, False, True): "#e6550d",
    (False, True, True): "#a1d99b",
    (True, True, True): "#756bb1",
}


def _region_meaning(name: str, labels: list[str], leader: str) -> tuple[tuple[bool, ...], str]:
    """The flags of a region (which of the three conditions hold) and its exact meaning."""
    held = set(name.split(" & ")) if name != "none" else set()
    flags = tuple(label in held for label in labels)
    parts = [
        "all-export is an equilibrium" if flags[0] else "all-export is not an equilibrium",
        "all-control is an equilibrium" if flags[1] else "all-control is not",
        f"the lone switch of {leader} from all-export is ineffective and costly"
        if flags[2]
        else f"no dual dilemma for {leader} at all-export",
    ]
    return flags, "; ".join(parts)


def _check_axes(market: Any, axes: list[tuple[str, np.ndarray]]) -> None:
    from dualdilemma.limits import shorten

    parameters = {p.name: p for p in market.parameters() if p.name != "gamma"}
    seen = set()
    for name, values in axes:
        if name not in parameters:
            import difflib

            close = difflib.get_close_matches(name, list(parameters), n=1, cutoff=0.5)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise UsageError(
                f"--grid: unknown parameter {shorten(name)!r}{hint}; parameters are V, p0, p1 and "
                f"k_i, h_i, s_i, c_i for i = 1..{market.num_suppliers}"
            )
        if name in seen:
            raise UsageError(f"--grid: parameter {name!r} given twice")
        seen.add(name)
        domain = parameters[name].domain
        bad = values[~domain.contains_array(values)]
        if bad.size:
            raise UsageError(
                f"--grid: {name} = {bad[0]:g} is outside its domain {domain.describe()}"
            )
    values = dict(axes)
    p0 = values.get("p0", np.array([float(market.risk_without_supply)]))
    p1 = values.get("p1", np.array([float(market.risk_with_supply)]))
    if p0.max() > p1.min():
        raise UsageError(
            f"--grid: the grid has points with p0 > p1 (p0 up to {p0.max():g}, p1 from "
            f"{p1.min():g}); the model needs p0 <= p1"
        )
    from dualdilemma.limits import check_grid_points

    check_grid_points(math.prod(len(v) for _, v in axes))


def _cmd_sweep(args: argparse.Namespace) -> str:
    import sympy

    from dualdilemma.analysis.profile_conditions import market_region_conditions
    from dualdilemma.analysis.region_map import region_map
    from dualdilemma.reporting.common import dumps_json, render_rich
    from dualdilemma.reporting.conditions import pretty, simplify_condition
    from dualdilemma.solvers.result import json_number

    check_output(args.output)
    check_output(args.plot, "--plot")
    scenario = load_for(args)
    market = scenario.market
    axes = [parse_grid(spec) for spec in args.grid] if args.grid else _default_grid(market)
    _check_axes(market, axes)
    if args.plot is not None and len(axes) != 2:
        raise UsageError(f"--plot draws a map over exactly two parameters, got {len(axes)}")
    names = [name for name, _ in axes]
    domains = {p.name: p.domain for p in market.parameters()}
    conditions = {
        label: simplify_condition(condition, domains)
        for label, condition in market_region_conditions(market, names).items()
    }
    size = math.prod(len(v) for _, v in axes)
    chunk = max(256, math.ceil(size / 32))
    regions = region_map(
        conditions,
        dict(axes),
        chunk_size=chunk,
        progress=False if args.no_progress else None,
    )
    if args.output is not None:
        frame = regions.to_frame()
        emit(frame.to_csv(index=False, lineterminator="\n"), args.output)
    if args.plot is not None:
        import matplotlib

        matplotlib.use("Agg")
        from dualdilemma.analysis.region_map import plot_region_map

        parameters_by_name = {p.name: p for p in market.parameters()}
        values_now = market.parameter_values()
        labels = list(conditions)
        leader_name = labels[2][len("dual dilemma (") : -1]
        legend, colours = {}, {}
        for code in regions.regions:
            region = regions.region_name(code)
            flags, meaning = _region_meaning(region, labels, leader_name)
            legend[region] = meaning
            colours[region] = REGION_COLOURS[flags]
        ax = plot_region_map(
            regions,
            title=f"{scenario.title or scenario.name}: equilibria and the dual dilemma",
            labels={name: f"{parameters_by_name[name].description}, {name}" for name in names},
            point={name: float(values_now[name]) for name in names},
            point_label="the scenario's own values",
            colors=colours,
            legend_labels=legend,
        )
        try:
            ax.figure.savefig(args.plot, dpi=120, bbox_inches="tight")
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot write the plot {args.plot!r}: {exc}") from None
        finally:
            import matplotlib.pyplot as plt

            plt.close(ax.figure)
    parameters = {p.name: p for p in market.parameters()}
    values = market.parameter_values()
    data = {
        "format": "dualdilemma-sweep/1",
        "command": "sweep",
        "scenario": {"name": scenario.name, "origin": scenario.origin},
        "suppliers": list(market.names),
        "grid": {
            name: {
                "description": parameters[name].description,
                "scenario_value": json_number(values[name]),
                "values": [float(v) for v in axis],
            }
            for name, axis in axes
        },
        "points": size,
        "conditions": {
            label: {"expression": str(c), "latex": sympy.latex(c)}
            for label, c in conditions.items()
        },
        "regions": regions.to_dict(include_codes=False)["regions"],
        "csv": args.output,
        "plot": args.plot,
    }
    if args.fmt == "json":
        return dumps_json(data)
    from rich import box
    from rich.table import Table
    from rich.text import Text

    header = Text(f"Region map of {scenario.name}: {size} grid points\n")
    for name, axis in axes:
        header.append(
            f"  {name} ({parameters[name].description}; scenario {values[name]}): "
            f"{len(axis)} values from {axis.min():g} to {axis.max():g}\n"
        )
    header.append("Conditions (exact, in the swept parameters, simplified on their domains):\n")
    for label, condition in conditions.items():
        typeset = pretty(condition, columns=90).splitlines()
        if len(typeset) == 1:
            header.append(f"  {label}: {typeset[0]}\n")
        else:
            header.append(f"  {label}:\n" + "".join(f"      {line}\n" for line in typeset))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="Regions", title_justify="left")
    table.add_column("region", overflow="fold")
    table.add_column("points", justify="right")
    table.add_column("share", justify="right")
    table.add_column("meaning", overflow="fold", ratio=2)
    labels = list(conditions)
    leader_name = labels[2][len("dual dilemma (") : -1]
    for region in data["regions"]:
        meaning = _region_meaning(region["name"], labels, leader_name)[1]
        table.add_row(region["name"], str(region["count"]), f"{region['fraction']:.3f}", meaning)
    footer = []
    if args.output:
        footer.append(Text(f"grid written to {args.output}"))
    if args.plot:
        footer.append(Text(f"map drawn in {args.plot}"))
    text = render_rich(header, table, *footer)
    return "".join(line.rstrip() + "\n" for line in text.splitlines())
