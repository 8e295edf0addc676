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


def _default_grid(market: Any) -> list[tuple[str, np.ndarray]]:
    harms = [s.harm for s in market.suppliers]
    leader = harms.index(max(harms)) + 1
    value = float(market.value)
    top = float(max(harms)) * 2 or 10.0
    return [
        ("V", np.linspace(value / 10, value * 5, 50)),
        (f"h_{leader}", np.linspace(0.0, top, 41)),
    ]


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
    conditions = market_region_conditions(market, names)
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

        ax = plot_region_map(regions, title=f"{scenario.name}: region map")
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
    header.append("Conditions (exact, in the swept parameters):\n")
    for label, condition in conditions.items():
        header.append(f"  {label}: {condition}\n")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="Regions", title_justify="left")
    table.add_column("region", overflow="fold")
    table.add_column("points", justify="right")
    table.add_column("share", justify="right")
    for region in data["regions"]:
        table.add_row(region["name"], str(region["count"]), f"{region['fraction']:.3f}")
    footer = []
    if args.output:
        footer.append(Text(f"grid written to {args.output}"))
    if args.plot:
        footer.append(Text(f"map drawn in {args.plot}"))
    text = render_rich(header, table, *footer)
    return "".join(line.rstrip() + "\n" for line in text.splitlines())
