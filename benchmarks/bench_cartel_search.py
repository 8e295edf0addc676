"""Benchmark: the exact smallest-cartel search at today's regime sizes (issue 12: 48 suppliers,
certified, in under 5 s).

No anchor package searches cartels, so two baselines are printed beside it: the size of the
subset space the search avoids (2^N) and the package's older heuristic, which grows the minimal
effective cartels one supplier at a time and is not exhaustive.  Markets are drawn in three
families: "dominant" (exporting is every supplier's strict best reply), "few-free" (one small,
very harm-averse supplier may control of its own accord) and "many-free" (harms up to 2.5 times
the market's value: most suppliers may control, the outsiders' games have many equilibria, and
the search's bounds are weak: the hard case, where the time limit may bite).

A second table times the minimal effective cartels with best-replying outsiders (MODEL s.4)
in the markets where some supplier may control of its own accord, beside the weighted-voting
listing that assumes exporting outsiders (a different definition there, printed for scale).

Run: python benchmarks/bench_cartel_search.py [--quick]
"""

from __future__ import annotations

import sys
from fractions import Fraction

import numpy as np
from _timing import timed_runs

from dualdilemma.cartels.analysis import CartelMarket
from dualdilemma.cartels.minimal import minimal_effective_cartels
from dualdilemma.cartels.sustainable import grow_from_minimal, smallest_sustainable_cartel
from dualdilemma.models.export_market import ExportMarket, Supplier
from dualdilemma.scenarios import load_scenario


def market(seed: int, n: int, family: str) -> ExportMarket:
    rng = np.random.default_rng(seed)
    harm = {"dominant": (6, 12), "few-free": (6, 12), "many-free": (12, 25)}[family]
    suppliers = [
        Supplier(
            f"S{i}",
            Fraction(int(rng.integers(2, 30)), 100),
            int(rng.integers(*harm)),
            Fraction(int(rng.integers(3, 10)), 10),
        )
        for i in range(n)
    ]
    if family != "dominant":
        suppliers[0] = Supplier("Careful", "1/50", 400, "1/2")
    return ExportMarket(10, "1/10", "9/10", suppliers)


def run(label: str, build, options: dict) -> None:
    runs = timed_runs(lambda: smallest_sustainable_cartel(build(), **options), 1, warmup=True)
    result = runs.result
    size = "none" if result.cartel is None else str(len(result.cartel))
    grown = timed_runs(lambda: grow_from_minimal(build(), **options), 1)
    heuristic = "none" if grown.result.cartel is None else str(len(grown.result.cartel))
    free = int(build().free_to_control.sum())
    print(
        f"| {label} | {free} | {size} | {result.complete} | {runs.median:.2f} | "
        f"{heuristic} | {grown.median:.2f} |"
    )


def main(quick: bool = False) -> None:
    print(
        "| market | free to control | smallest | certified | exact search (s) | "
        "heuristic size | heuristic (s) |"
    )
    print("|---|---:|---:|:---:|---:|---:|---:|")
    options = {"tolerance": "1/5", "discount": "19/20", "detection": "4/5", "time_limit": 30}
    sizes = (48,) if quick else (48, 100, 200)
    for n in sizes:
        for family in ("dominant", "few-free", "many-free"):
            for seed in range(2 if quick else 3):
                run(
                    f"{family} N={n} seed={seed}",
                    lambda n=n, family=family, seed=seed: CartelMarket(market(seed, n, family)),
                    options,
                )
    for name in ("nsg-today", "australia-group-today", "mtcr-today"):
        scenario = load_scenario(name)
        run(
            name,
            lambda scenario=scenario: CartelMarket(scenario.market),
            {
                "tolerance": scenario.tolerance,
                "discount": scenario.discount,
                "detection": scenario.detection,
                "time_limit": 60,
            },
        )


def minimal_table(quick: bool) -> None:
    print()
    print(
        "| market | free to control | best reply: found | smallest | complete | time (s) | "
        "exporting outsiders: found | time (s) |"
    )
    print("|---|---:|---:|---:|:---:|---:|---:|---:|")
    for n in (48,) if quick else (48, 60, 100):
        for family in ("few-free", "many-free"):
            for seed in range(2 if quick else 3):
                built = market(seed, n, family)
                replying = timed_runs(
                    lambda built=built: minimal_effective_cartels(
                        CartelMarket(built),
                        "1/5",
                        outsiders="best_reply",
                        limit=1000,
                        time_limit=30,
                    ),
                    1,
                    warmup=True,
                )
                exporting = timed_runs(
                    lambda built=built: minimal_effective_cartels(built, "1/5", limit=1000), 1
                )
                found = replying.result
                free = int(CartelMarket(built).free_to_control.sum())
                print(
                    f"| {family} N={n} seed={seed} | {free} | {len(found.cartels)} | "
                    f"{found.smallest_size} | {found.complete} | {replying.median:.2f} | "
                    f"{len(exporting.result.cartels)} | {exporting.median:.2f} |"
                )


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
    minimal_table(quick="--quick" in sys.argv)
