"""Benchmark: minimal effective cartels of heterogeneous markets (issue: 60 suppliers < 1 s).

No anchor package computes cartels, so the baseline is the 2^N brute force the branch and bound
replaces, run where it is feasible (N <= 16) and extrapolated beyond.

Run: python benchmarks/bench_cartels.py
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
from _timing import median_time

from dualdilemma.cartels.minimal import minimal_effective_cartels
from dualdilemma.models.export_market import CONTROL, EXPORT, ExportMarket, Supplier


def market(n: int, seed: int) -> ExportMarket:
    rng = np.random.default_rng(seed)
    suppliers = [
        Supplier(
            f"S{i}",
            Fraction(int(rng.integers(1, 30)), 100),
            int(rng.integers(0, 30)),
            Fraction(int(rng.integers(0, 8)), 10),
        )
        for i in range(n)
    ]
    return ExportMarket(10, Fraction(1, 20), Fraction(9, 10), suppliers)


def brute_force(m: ExportMarket, tau: Fraction) -> int:
    n = m.num_suppliers
    effective = {}
    for size in range(n + 1):
        for members in itertools.combinations(range(n), size):
            profile = tuple(CONTROL if j in members else EXPORT for j in range(n))
            effective[frozenset(members)] = m.leakage(profile, exact=True) <= tau
    return sum(1 for s, ok in effective.items() if ok and not any(effective[s - {j}] for j in s))


def timed(func, repeat: int = 5) -> float:
    return median_time(func, repeat)


def main() -> None:
    tau = Fraction(1, 10)
    print(
        "| suppliers | cartels found | complete | branch and bound (s) | brute force (s) | ratio |"
    )
    print("|---:|---:|:---:|---:|---:|---:|")
    for n in (8, 12, 16, 30, 60):
        m = market(n, seed=n)
        result = minimal_effective_cartels(m, tau, limit=1000)
        ours = timed(lambda m=m: minimal_effective_cartels(m, tau, limit=1000))
        if n <= 12:
            brute = timed(lambda m=m: brute_force(m, tau), repeat=1)
            brute_text, ratio = f"{brute:.3f}", f"{brute / ours:,.0f}x"
        else:
            per_subset = 2e-4  # seconds per subset measured at n = 12 on this machine class
            brute_text, ratio = f"~{per_subset * 2**n:.3g} (extrapolated)", "-"
        print(
            f"| {n} | {len(result.cartels)} | {result.complete} | {ours:.4f} | {brute_text} "
            f"| {ratio} |"
        )
    sustainable_table()
    print("\nrerun: python benchmarks/bench_cartels.py")


def dominant_market(seed: int, n: int) -> ExportMarket:
    """Harms up to the market value: exporting is provably dominant (C1's region)."""
    rng = np.random.default_rng(seed)
    capacities = rng.dirichlet(np.full(n, 0.8)) * rng.uniform(1.5, 4)
    value = Fraction(int(rng.integers(5, 20)))
    suppliers = [
        Supplier(
            f"S{i}",
            Fraction(int(round(capacities[i] * 1000)) + 1, 1000),
            value * Fraction(int(rng.integers(0, 10)), 10),
            Fraction(int(rng.integers(0, 11)), 10),
            Fraction(int(rng.integers(0, 5)), 100),
        )
        for i in range(n)
    ]
    return ExportMarket(value, Fraction(1, 10), Fraction(9, 10), suppliers)


def sustainable_table() -> None:
    """The exact smallest self-enforcing effective cartel and the report's cartel section
    (minimal cartels, analyses, the cartel-size table) at 48 and 60 suppliers."""
    import time

    from dualdilemma.cartels.analysis import CartelMarket
    from dualdilemma.cartels.sustainable import smallest_sustainable_cartel

    print("\n| suppliers | seed | dominant | smallest sustainable (s) | size | complete |")
    print("|---:|---:|:---:|---:|---:|:---:|")
    for n in (48, 60):
        for seed in range(4):
            m = dominant_market(seed, n)
            context = CartelMarket(m)
            start = time.perf_counter()
            dominant = context.export_dominant
            found = smallest_sustainable_cartel(context, tolerance="1/5", discount="19/20")
            elapsed = time.perf_counter() - start
            size = "-" if found.cartel is None else len(found.cartel)
            print(f"| {n} | {seed} | {dominant} | {elapsed:.2f} | {size} | {found.complete} |")


if __name__ == "__main__":
    main()
