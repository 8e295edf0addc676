"""Benchmark: classifying parameter grids with the export-control models' closed-form conditions.

The conditions are the package's own, derived symbolically from the model equations
(:mod:`dualdilemma.analysis.conditions`):

* ``symmetric N``: "all export" / "all control" of the symmetric export market with a symbolic
  number of suppliers, classified over (V, h, N) with k, s, p0, p1, c fixed;
* ``symmetric N=6``: all seven pure profiles (0..6 exporters) of the symmetric market;
* ``3 suppliers``: the eight pure profiles of a heterogeneous market over (V, h_1, ...).

Each set is classified three ways, and the codes (bitmasks of the conditions that hold) are
checked equal on a small grid before anything is timed:

1. :func:`dualdilemma.analysis.region_map.region_map`, the package's path: every condition
   compiled once by ``sympy.lambdify`` and evaluated chunk by chunk with numpy (one core);
   the throughput target is >= 1e7 grid points per second;
2. a plain ``sympy.lambdify`` loop over materialised chunks of grid points, for reference;
3. the baselines on a small grid: a sympy ``subs`` loop (exact Rationals), and, for the
   3-supplier market, solving the game at every point with quantecon's ``pure_nash_brute``
   and with dualdilemma's own ``pure_equilibria``.

Run ``python benchmarks/bench_conditions.py`` (``--quick`` for a smaller run).  Prints a
Markdown table of medians and ratios.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import _timing
import numpy as np
import sympy

from dualdilemma.analysis.conditions import region_conditions
from dualdilemma.analysis.region_map import region_map
from dualdilemma.models.export_market import ExportMarket, Supplier, SymmetricExportMarket
from dualdilemma.solvers.pure_nash import pure_equilibria

#: Median wall time of ``repeats`` calls after one warm-up call.
median_time = functools.partial(_timing.median_time, warmup=True)


class Case:
    """A set of conditions, the grid axes that vary and the values held fixed."""

    def __init__(
        self,
        name: str,
        conditions: dict[str, Any],
        axes: dict[str, np.ndarray],
        fixed: dict[str, Any],
        game: Callable[[dict[str, Fraction]], Any] | None = None,
    ) -> None:
        self.name = name
        self.conditions = conditions
        self.axes = axes
        self.fixed = fixed
        self.game = game
        symbols = {s.name: s for c in conditions.values() for s in c.free_symbols}
        self.symbols = symbols
        order = [symbols[n] for n in (*axes, *fixed) if n in symbols]
        self.order = [s.name for s in order]
        self.functions = [sympy.lambdify(order, c, modules="numpy") for c in conditions.values()]

    def small(self, size: int) -> dict[str, np.ndarray]:
        return {n: a[:: max(1, len(a) // size)][:size] for n, a in self.axes.items()}

    def lambdified(self, axes: dict[str, np.ndarray], chunk: int = 1 << 18) -> np.ndarray:
        """Codes over the grid from the lambdified conditions, in chunks of grid points."""
        names = list(axes)
        shape = tuple(len(a) for a in axes.values())
        total = int(np.prod(shape))
        codes = np.zeros(total, dtype=np.uint16)
        fixed = {n: float(v) for n, v in self.fixed.items()}
        for start in range(0, total, chunk):
            flat = np.arange(start, min(total, start + chunk))
            columns = dict(fixed)
            for name, index in zip(names, np.unravel_index(flat, shape), strict=True):
                columns[name] = np.asarray(axes[name], dtype=float)[index]
            args = [columns[n] for n in self.order]
            block = np.zeros(len(flat), dtype=np.uint16)
            for bit, function in enumerate(self.functions):
                holds = np.broadcast_to(np.asarray(function(*args), dtype=bool), block.shape)
                block |= holds.astype(np.uint16) << np.uint16(bit)
            codes[start : start + len(flat)] = block
        return codes.reshape(shape)

    def with_region_map(self, axes: dict[str, np.ndarray]) -> np.ndarray:
        fixed = {n: v for n, v in self.fixed.items() if n in self.symbols}
        return np.asarray(region_map(self.conditions, axes, fixed=fixed, progress=False).codes)

    def subs_loop(self, axes: dict[str, np.ndarray]) -> np.ndarray:
        """Baseline: substitute exact Rationals of every point into every condition."""
        names = list(axes)
        codes = np.zeros(tuple(len(a) for a in axes.values()), dtype=np.uint16)
        fixed = {
            self.symbols[n]: sympy.Rational(str(Fraction(repr(float(v)))))
            for n, v in self.fixed.items()
            if n in self.symbols
        }
        for index in np.ndindex(codes.shape):
            point = dict(fixed)
            for name, i in zip(names, index, strict=True):
                if name in self.symbols:
                    point[self.symbols[name]] = sympy.Rational(
                        str(Fraction(repr(float(axes[name][i]))))
                    )
            code = 0
            for bit, condition in enumerate(self.conditions.values()):
                if bool(condition.subs(point)):
                    code |= 1 << bit
            codes[index] = code
        return codes

    def solve_loop(self, axes: dict[str, np.ndarray], solver: str) -> np.ndarray:
        """Anchor: build the game at every point and solve it for its pure equilibria."""
        labels = list(self.conditions)
        names = list(axes)
        codes = np.zeros(tuple(len(a) for a in axes.values()), dtype=np.uint16)
        for index in np.ndindex(codes.shape):
            point = {n: Fraction(repr(float(v))) for n, v in self.fixed.items()}
            for name, i in zip(names, index, strict=True):
                point[name] = Fraction(repr(float(axes[name][i])))
            game = self.game(point)
            if solver == "quantecon":
                from quantecon.game_theory import NormalFormGame as QEGame
                from quantecon.game_theory import pure_nash_brute

                payoffs = np.asarray(game.payoffs, dtype=float)
                qe = QEGame(np.moveaxis(payoffs, 0, -1))
                profiles = [tuple(p) for p in pure_nash_brute(qe)]
            else:
                profiles = [eq.pure_profile() for eq in pure_equilibria(game)]
            for profile in profiles:
                label = ", ".join(game.strategies[i][s] for i, s in enumerate(profile))
                if label in labels:
                    codes[index] |= 1 << labels.index(label)
        return codes


def build_cases(size: int) -> list[Case]:
    cases = []
    symmetric = SymmetricExportMarket(
        risk_without_supply="1/10",
        risk_with_supply="9/10",
        safeguard="3/10",
        capacity="1/4",
        control_cost="1/20",
    )
    n_axis = np.array([2, 3, 4, 6, 10, 30, 100, 1000], dtype=float)
    third = max(4, size // 3)
    cases.append(
        Case(
            "symmetric N (symbolic)",
            region_conditions(symmetric.game()),
            {"V": np.linspace(0.013, 3.0, third), "h": np.linspace(0.017, 8.0, third), "N": n_axis},
            {},
        )
    )
    six = SymmetricExportMarket(
        6,
        risk_without_supply="1/10",
        risk_with_supply="9/10",
        safeguard="3/10",
        capacity="1/4",
        control_cost="1/20",
    )
    cases.append(
        Case(
            "symmetric N=6",
            region_conditions(six.game()),
            {"V": np.linspace(0.013, 3.0, size), "h": np.linspace(0.017, 8.0, size)},
            {},
        )
    )
    market = ExportMarket(
        1,
        "1/10",
        "9/10",
        [Supplier("A", "1/2", 1, "9/10"), Supplier("B", "2/3", 1, "1/5"), Supplier("C", 1, 1, 0)],
    )
    keep = ["V", "h_1", "h_2", "h_3"]
    symbolic = market.symbolic_game(keep=keep)
    conditions = {
        c.label: c.condition
        for c in __import__(
            "dualdilemma.analysis.conditions", fromlist=["pure_equilibrium_conditions"]
        ).pure_equilibrium_conditions(symbolic)
    }
    cases.append(
        Case(
            "3 suppliers (8 profiles)",
            conditions,
            {"V": np.linspace(0.013, 3.0, size), "h_2": np.linspace(0.017, 8.0, size)},
            {"h_1": 1.5, "h_3": 2.5},
            game=lambda point: symbolic.substitute({n: point[n] for n in keep}),
        )
    )
    return cases


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=3000, help="points per grid axis")
    parser.add_argument("--small", type=int, default=12, help="points per axis for baselines")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="size 800, 3 repeats")
    args = parser.parse_args(argv)
    if args.quick:
        args.size, args.repeats = 800, 3

    rows = []
    for case in build_cases(args.size):
        small = case.small(args.small)
        reference = case.subs_loop(small)
        checks = {
            "lambdify": case.lambdified(small),
            "region_map": case.with_region_map(small).reshape(reference.shape),
        }
        if case.game is not None:
            checks["dualdilemma pure_equilibria per point"] = case.solve_loop(small, "dualdilemma")
            checks["quantecon pure_nash_brute per point"] = case.solve_loop(small, "quantecon")
        for name, codes in checks.items():
            if not np.array_equal(codes, reference):
                raise SystemExit(f"{case.name}: {name} disagrees with the sympy subs loop")
        big_points = int(np.prod([len(a) for a in case.axes.values()]))
        small_points = int(np.prod([len(a) for a in small.values()]))
        t_map = median_time(lambda case=case: case.with_region_map(case.axes), args.repeats)
        rate = big_points / t_map
        rows.append((case.name, "region_map (package)", big_points, t_map, rate, "1"))
        t_lambdify = median_time(lambda case=case: case.lambdified(case.axes), args.repeats)
        rows.append(
            (
                case.name,
                "sympy.lambdify, materialised chunks",
                big_points,
                t_lambdify,
                big_points / t_lambdify,
                f"{rate / (big_points / t_lambdify):.1f}x slower",
            )
        )
        baselines = [("sympy subs loop", lambda case=case, small=small: case.subs_loop(small))]
        if case.game is not None:
            baselines += [
                (
                    "quantecon pure_nash_brute per point",
                    lambda case=case, small=small: case.solve_loop(small, "quantecon"),
                ),
                (
                    "dualdilemma pure_equilibria per point",
                    lambda case=case, small=small: case.solve_loop(small, "dualdilemma"),
                ),
            ]
        for name, loop in baselines:
            t = median_time(loop, 1)
            rows.append(
                (
                    case.name,
                    name,
                    small_points,
                    t,
                    small_points / t,
                    f"{rate / (small_points / t):,.0f}x slower",
                )
            )

    print(
        f"Python {sys.version.split()[0]}, numpy {np.__version__}, sympy {sympy.__version__}, "
        f"{os.cpu_count()} CPUs (numpy elementwise work runs on one core)\n"
    )
    print("| conditions | method | grid points | median time (s) | points/s | vs region_map |")
    print("|---|---|---:|---:|---:|---|")
    for case, method, points, t, per_second, ratio in rows:
        print(f"| {case} | {method} | {points:,} | {t:.4g} | {per_second:,.0f} | {ratio} |")
    print("\nAll methods agree with the exact sympy subs loop on the small grid.")
    print("Rerun: python benchmarks/bench_conditions.py" + (" --quick" if args.quick else ""))


if __name__ == "__main__":
    main()
