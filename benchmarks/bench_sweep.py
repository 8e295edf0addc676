"""Benchmark: region maps and sweeps over parameter grids.

1. Throughput of :func:`dualdilemma.analysis.region_map.region_map` on closed-form conditions
   (target: >= 1e7 grid points per second on one core), against the obvious alternatives on a
   small grid: a sympy ``subs`` loop over the points, and solving the game at every point with
   a pure-equilibrium solver (quantecon's ``pure_nash_brute``, dualdilemma's ``pure_equilibria``).
   Every alternative's classification is checked equal to the region map's before timing counts.
2. Scaling of :func:`dualdilemma.analysis.sweep.sweep` and of ``region_map`` on a Dask local
   cluster of 1 and 2 worker processes (one thread each) against the local, in-process run.
   Worker processes get ``MALLOC_MMAP_THRESHOLD_=64 MiB`` (see ``scaling``) unless
   ``--dask-default-malloc``.

Run ``python benchmarks/bench_sweep.py`` (``--quick`` for a smaller run, ``--no-dask`` to skip
part 2).  Prints Markdown tables of medians.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp
from _timing import timed_runs

from dualdilemma.analysis.region_map import _compile_condition, region_map
from dualdilemma.analysis.sweep import parameter_grid, sweep
from dualdilemma.games import NormalFormGame
from dualdilemma.solvers.pure_nash import pure_equilibria

S, T = sp.symbols("S T", real=True)
#: pure equilibria of the symmetric 2x2 game (R, S, T, P) = (1, S, T, 0), strategies C, D
GAME_CONDITIONS = {
    "CC": 1 >= T,
    "CD": sp.And(S >= 0, T >= 1),
    "DC": sp.And(S >= 0, T >= 1),
    "DD": 0 >= S,
}
PROFILES = {(0, 0): "CC", (0, 1): "CD", (1, 0): "DC", (1, 1): "DD"}

m, n, k, s = sp.symbols("m n k s", positive=True)
#: closed forms with Min, Max and Piecewise, shaped like the export-market conditions
RICH_CONDITIONS = {
    "dominant": m > 1,
    "efficient": n * m > 1,
    "covered": sp.Min(1, k * (n - 1)) >= 1,
    "leak": sp.Piecewise((s * m, k * n < 1), (s, True)) <= sp.Max(sp.Rational(1, 2), m / n),
}


def timings(func: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """(median, best) wall time of ``repeats`` calls after one warm-up call."""
    # the warm-up takes the imports, lambdify caches and cluster connections
    runs = timed_runs(func, repeats, warmup=True)
    return runs.median, runs.best


def median_time(func: Callable[[], Any], repeats: int) -> float:
    return timings(func, repeats)[0]


def game_axes(size: int) -> dict[str, np.ndarray]:
    return {"S": np.linspace(-1.0, 1.0, size), "T": np.linspace(0.0, 2.0, size)}


def subs_loop(conditions: dict[str, Any], axes: dict[str, np.ndarray]) -> np.ndarray:
    """The sympy baseline: substitute every point into every condition."""
    symbols = {sym.name: sym for c in conditions.values() for sym in c.free_symbols}
    names = list(axes)
    codes = np.zeros(tuple(len(v) for v in axes.values()), dtype=np.uint8)
    for index in np.ndindex(codes.shape):
        point = {symbols[name]: axes[name][i] for name, i in zip(names, index, strict=True)}
        code = 0
        for bit, condition in enumerate(conditions.values()):
            if bool(condition.subs(point)):
                code |= 1 << bit
        codes[index] = code
    return codes


def _game(sv: float, tv: float) -> tuple[np.ndarray, np.ndarray]:
    return np.array([[1.0, sv], [tv, 0.0]]), np.array([[1.0, tv], [sv, 0.0]])


def solve_loop_quantecon(axes: dict[str, np.ndarray]) -> np.ndarray:
    """Anchor: build and solve the game at every grid point with quantecon."""
    from quantecon.game_theory import NormalFormGame as QEGame
    from quantecon.game_theory import Player, pure_nash_brute

    codes = np.zeros((len(axes["S"]), len(axes["T"])), dtype=np.uint8)
    labels = list(GAME_CONDITIONS)
    for i, sv in enumerate(axes["S"]):
        for j, tv in enumerate(axes["T"]):
            a, b = _game(sv, tv)
            game = QEGame([Player(a), Player(b.T)])
            for profile in pure_nash_brute(game):
                codes[i, j] |= 1 << labels.index(PROFILES[tuple(profile)])
    return codes


def solve_loop_dualdilemma(axes: dict[str, np.ndarray]) -> np.ndarray:
    """The package's own per-point solver, exact arithmetic."""
    codes = np.zeros((len(axes["S"]), len(axes["T"])), dtype=np.uint8)
    labels = list(GAME_CONDITIONS)
    for i, sv in enumerate(axes["S"]):
        for j, tv in enumerate(axes["T"]):
            sv_, tv_ = Fraction(repr(float(sv))), Fraction(repr(float(tv)))
            game = NormalFormGame.from_arrays([[1, sv_], [tv_, 0]], [[1, tv_], [sv_, 0]])
            for eq in pure_equilibria(game):
                codes[i, j] |= 1 << labels.index(PROFILES[eq.pure_profile()])
    return codes


def throughput(args: argparse.Namespace) -> list[tuple[str, int, float, str]]:
    rows = []
    big = game_axes(args.size)
    small = game_axes(args.small)
    big_points = args.size**2
    small_points = args.small**2

    reference = region_map(GAME_CONDITIONS, small, progress=False).codes
    for name, loop in [
        ("sympy subs loop", lambda: subs_loop(GAME_CONDITIONS, small)),
        ("quantecon pure_nash_brute per point", lambda: solve_loop_quantecon(small)),
        ("dualdilemma pure_equilibria per point", lambda: solve_loop_dualdilemma(small)),
    ]:
        if not np.array_equal(loop(), reference):
            raise SystemExit(f"{name} disagrees with region_map on the small grid")

    t_map = median_time(lambda: region_map(GAME_CONDITIONS, big, progress=False), args.repeats)
    rate_map = big_points / t_map
    rows.append(("region_map, 2x2 game equilibria", big_points, t_map, "1"))
    _compile_condition.cache_clear()
    start = time.perf_counter()
    region_map(GAME_CONDITIONS, big, progress=False)
    t_first = time.perf_counter() - start
    rows.append(("region_map, first call (includes lambdify)", big_points, t_first, "-"))
    for name, loop in [
        ("sympy subs loop", lambda: subs_loop(GAME_CONDITIONS, small)),
        ("quantecon pure_nash_brute per point", lambda: solve_loop_quantecon(small)),
        ("dualdilemma pure_equilibria per point", lambda: solve_loop_dualdilemma(small)),
    ]:
        t = median_time(loop, max(1, args.repeats // 2))
        rows.append((name, small_points, t, f"{rate_map / (small_points / t):,.0f}x slower"))

    rich_axes = {
        "m": np.linspace(0.01, 2.0, args.size),
        "n": np.linspace(2.0, 10.0, args.size),
        "k": [0.3],
        "s": [0.6],
    }
    rich_small = {
        "m": np.linspace(0.01, 2.0, args.small),
        "n": np.linspace(2.0, 10.0, args.small),
        "k": [0.3],
        "s": [0.6],
    }
    if not np.array_equal(
        subs_loop(RICH_CONDITIONS, rich_small).reshape(args.small, args.small, 1, 1),
        region_map(RICH_CONDITIONS, rich_small, progress=False).codes,
    ):
        raise SystemExit("sympy subs loop disagrees with region_map on the Min/Max/Piecewise set")
    t_rich = median_time(lambda: region_map(RICH_CONDITIONS, rich_axes), args.repeats)
    rate_rich = big_points / t_rich
    rows.append(("region_map, Min/Max/Piecewise set", big_points, t_rich, "1"))
    t_subs = median_time(lambda: subs_loop(RICH_CONDITIONS, rich_small), 1)
    rows.append(
        (
            "sympy subs loop, Min/Max/Piecewise set",
            small_points,
            t_subs,
            f"{rate_rich / (small_points / t_subs):,.0f}x slower",
        )
    )
    return rows


# -- dask scaling ---------------------------------------------------------------------------------
def heavy(m: np.ndarray, n: np.ndarray) -> dict[str, np.ndarray]:
    """A deliberately CPU-heavy vectorised payoff (about a microsecond per point)."""
    acc = np.zeros_like(m)
    for j in range(1, 16):
        acc += np.sin(j * m) * np.exp(-n / j)
    return {"value": acc, "positive": acc > 0}


def scaling(args: argparse.Namespace) -> list[tuple[str, str, tuple[float, float], str]]:
    import dask
    from distributed import Client, LocalCluster

    if not args.dask_default_malloc:
        # Dask's nannies set MALLOC_TRIM_THRESHOLD_, which (glibc) freezes the mmap threshold at
        # 128 KiB: every numpy temporary of a 64k-point chunk is then a fresh mmap that page
        # faults (~1.5x slower numpy on the workers); raise the mmap threshold back.
        dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_": 2**26})

    grid = parameter_grid(m=np.linspace(0.01, 2.0, args.size), n=np.linspace(1.0, 10.0, args.size))
    conditions = {"dominant": m > 1, "efficient": n * m > 1, **RICH_CONDITIONS}
    map_axes = {**grid.axes, "k": [0.3], "s": [0.6]}
    chunk = args.chunk_size
    rows = []
    reference = sweep(heavy, grid, chunk_size=chunk, progress=False)
    reference_map = region_map(conditions, map_axes, chunk_size=chunk, progress=False)
    t_local = timings(lambda: sweep(heavy, grid, chunk_size=chunk), args.repeats)
    m_local = timings(lambda: region_map(conditions, map_axes, chunk_size=chunk), args.repeats)
    rows.append(("local (in process)", "sweep", t_local, "1.00 / 1.00"))
    rows.append(("local (in process)", "region_map", m_local, "1.00 / 1.00"))
    for workers in (1, 2):
        with (
            LocalCluster(
                n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            remote = sweep(heavy, grid, chunk_size=chunk, client=client, progress=False)
            if not remote.equals(reference):
                raise SystemExit("the Dask sweep differs from the local sweep")
            codes = region_map(
                conditions, map_axes, chunk_size=chunk, client=client, progress=False
            ).codes
            if not np.array_equal(codes, reference_map.codes):
                raise SystemExit("the Dask region map differs from the local one")
            t = timings(
                lambda client=client: sweep(heavy, grid, chunk_size=chunk, client=client),
                args.repeats,
            )
            tm = timings(
                lambda client=client: region_map(
                    conditions, map_axes, chunk_size=chunk, client=client
                ),
                args.repeats,
            )
            label = f"dask, {workers} worker process{'es' if workers > 1 else ''}"
            for task, here, local in (("sweep", t, t_local), ("region_map", tm, m_local)):
                speedup = f"{local[0] / here[0]:.2f} / {local[1] / here[1]:.2f}"
                rows.append((label, task, here, speedup))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="points per axis of the big grid")
    parser.add_argument("--small", type=int, default=20, help="points per axis for the loops")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--chunk-size", type=int, default=2**16)
    parser.add_argument("--quick", action="store_true", help="smaller grids, fewer repeats")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask scaling part")
    parser.add_argument(
        "--dask-default-malloc",
        action="store_true",
        help="keep Dask's worker malloc settings (no MALLOC_MMAP_THRESHOLD_ fix)",
    )
    args = parser.parse_args()
    if args.quick:
        args.size, args.small, args.repeats = 600, 10, 3

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Machine: {os.cpu_count()} CPUs, load average {load} (1, 5, 15 min) at start.")
    print()
    print(f"## Region-map throughput (grid {args.size} x {args.size}, medians of {args.repeats})")
    print()
    print("| method | points | median time (s) | points / s | vs region_map |")
    print("|---|---:|---:|---:|---|")
    for name, points, seconds, ratio in throughput(args):
        print(f"| {name} | {points:,} | {seconds:.4f} | {points / seconds:,.0f} | {ratio} |")
    print()
    print("region_map runs on one core (numpy, no threads); the loops classify a small grid.")

    if not args.no_dask:
        print()
        print(
            f"## Dask scaling (grid {args.size} x {args.size}, chunks of {args.chunk_size}, "
            f"medians of {args.repeats})"
        )
        print()
        print("| where | task | median (s) | best (s) | speed-up vs local (median / best) |")
        print("|---|---|---:|---:|---:|")
        for where, task, (median, best), speedup in scaling(args):
            print(f"| {where} | {task} | {median:.3f} | {best:.3f} | {speedup} |")
    print()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Load average {load} at the end; worker scaling needs idle cores to show.")
    print(f"Rerun: .venv/bin/python benchmarks/bench_sweep.py {' '.join(sys.argv[1:])}".rstrip())


if __name__ == "__main__":
    main()
