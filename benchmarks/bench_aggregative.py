"""Benchmark: all pure equilibria of heterogeneous export markets without the payoff tensor.

Targets (issue 12): 48 suppliers under 0.5 s, 1,000 under 10 s, memory linear in N, growth
exponent reported.  Two families of seeded markets:

* ``mixed``: capacities from a Dirichlet draw totalling 2-7 times the buyer's needs, harm,
  safeguard and control cost drawn independently (the "random heterogeneous market" of the
  issue);
* ``coordination``: the same with harms of 0-40 times the market value, which puts many
  suppliers near indifference at the kink K = 1 (the hard case the NP-completeness result is
  about): the search may stop at its time limit and say so.

The anchor is the payoff-tensor path the aggregative solver replaces (``ExportMarket.game`` +
``pure_equilibria``, and pygambit's ``enumpure_solve`` on the same tensor when installed), at
16 suppliers; beyond 20 suppliers no tensor fits.  Memory is tracemalloc's peak during a solve.
The growth exponent is the slope of a least-squares fit of log(median time) on log(N) over the
completed ``mixed`` runs.

Run: python benchmarks/bench_aggregative.py [--sizes 48 200 1000] [--seeds 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from fractions import Fraction

import numpy as np
from _timing import median_time

from dualdilemma.models.export_market import ExportMarket, Supplier
from dualdilemma.solvers.aggregative_pure import aggregative_pure_equilibria
from dualdilemma.solvers.pure_nash import pure_equilibria


def market(seed: int, n: int, family: str = "mixed") -> ExportMarket:
    rng = np.random.default_rng(seed)
    capacities = rng.dirichlet(np.full(n, 0.7)) * rng.uniform(2, 7)
    value = Fraction(int(rng.integers(1, 20)))
    scale = value if family == "coordination" else 1
    suppliers = [
        Supplier(
            f"S{i}",
            Fraction(int(round(capacities[i] * 10000)) + 1, 10000),
            Fraction(int(rng.integers(0, 400)), 10) * scale,
            Fraction(int(rng.integers(0, 11)), 10),
            Fraction(int(rng.integers(0, 5)), 100),
        )
        for i in range(n)
    ]
    return ExportMarket(value, Fraction(1, 10), Fraction(9, 10), suppliers)


def peak_memory(m: ExportMarket, time_limit: float) -> int:
    tracemalloc.start()
    aggregative_pure_equilibria(m, time_limit=time_limit)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def anchors(n: int = 16) -> None:
    m = market(0, n)
    ours = median_time(lambda: aggregative_pure_equilibria(m), 3)
    tensor = median_time(lambda: pure_equilibria(m.game(exact=False)), 1)
    line = f"| {n} | {ours:.4f} | {tensor:.3f} ({tensor / ours:,.0f}x) |"
    try:
        import pygambit

        game = pygambit.Game.from_arrays(*m.game(exact=False).payoffs)
        gambit = median_time(lambda: pygambit.nash.enumpure_solve(game), 1)
        line += f" {gambit:.3f} ({gambit / ours:,.0f}x) |"
    except ImportError:
        line += " pygambit not installed |"
    print("| suppliers | aggregative (s) | tensor + pure_equilibria (s) | pygambit enumpure (s) |")
    print("|---:|---:|---:|---:|")
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[48, 100, 200, 500, 1000])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=20.0)
    args = parser.parse_args()
    anchors()
    print()
    print(
        "| family | suppliers | median (s) | max (s) | complete | equilibria | peak memory (MiB) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    fit: list[tuple[float, float]] = []
    for family in ("mixed", "coordination"):
        for n in args.sizes:
            times, complete, counts = [], 0, []
            for seed in range(args.seeds):
                m = market(seed, n, family)
                start = time.perf_counter()
                result = aggregative_pure_equilibria(m, time_limit=args.time_limit)
                times.append(time.perf_counter() - start)
                complete += result.complete
                counts.append(len(result))
            memory = peak_memory(market(0, n, family), args.time_limit) / 2**20
            median = statistics.median(times)
            if family == "mixed" and complete == args.seeds:
                fit.append((np.log(n), np.log(median)))
            print(
                f"| {family} | {n} | {median:.3f} | {max(times):.3f} | {complete}/{args.seeds} "
                f"| {min(counts)}-{max(counts)} | {memory:.2f} |"
            )
    if len(fit) >= 2:
        x, y = np.array(fit).T
        slope = np.polyfit(x, y, 1)[0]
        print(f"\ngrowth exponent (mixed, log-log fit of median time on N): {slope:.2f}")
    print("\nrerun: python benchmarks/bench_aggregative.py")


if __name__ == "__main__":
    main()
