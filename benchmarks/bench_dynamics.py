"""Benchmark: the regime-dynamics Monte Carlo (target: 100,000 histories x 100 years in < 5 s).

No anchor package simulates these dynamics, so the baselines are (a) the same model run history
by history in plain Python (the loop the vectorisation replaces) and (b) the precomputation of
the regime tables, the cartel analysis that the Monte Carlo reuses.  Rows:

* ``regime tables``: :func:`dualdilemma.dynamics.tables.regime_tables` on the demonstration
  setting, 100 years (its capacities change every five years: 10 distinct markets);
* ``vectorised``: :func:`dualdilemma.dynamics.simulation.simulate` on those tables, with the
  default chunk size, with ``keep_paths=False``, under the null model (``revision=
  "immediate"``, which ``dualdilemma simulate`` runs beside the theory on the same draws), and
  on a Dask local cluster (``--dask``);
* ``per-history Python loop``: the same outputs (paths, episodes, per-history kurtosis and
  L-kurtosis) computed history by history, as the tests' reference does; timed on a subset and
  extrapolated.

Wall time and process CPU time are both reported (medians), since a loaded machine inflates wall
time.  Run ``python benchmarks/bench_dynamics.py`` (``--quick`` for 10,000 histories,
``--dask`` to add a 2-worker local cluster).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from _timing import timed_runs

from dualdilemma.dynamics.moments import kurtosis, l_kurtosis
from dualdilemma.dynamics.settings import demonstration_setting
from dualdilemma.dynamics.simulation import BLOCK_SIZE, ShockDynamics, simulate
from dualdilemma.dynamics.tables import RegimeTables, regime_tables


def timed(func: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """Median (wall, cpu) seconds of ``repeats`` calls after one warm-up call."""
    runs = timed_runs(func, repeats, warmup=True)
    return runs.median, runs.median_cpu


def python_loop(tables: RegimeTables, d: ShockDynamics, seed: int, histories: int) -> int:
    """The same outputs history by history in plain Python: membership and shock paths, gap
    episodes and the per-history kurtosis and L-kurtosis (same random streams as the kernel).

    Returns the number of revisions (checked against the vectorised run).
    """
    years = tables.num_years
    gaps, is_open, targets = tables.gaps.tolist(), tables.open.tolist(), tables.targets.tolist()
    sizes = tables.sizes.tolist()
    revisions = 0
    episodes = []
    for b in range(0, histories, BLOCK_SIZE):
        count = min(BLOCK_SIZE, histories - b)
        stream = np.random.SeedSequence(seed, spawn_key=(b // BLOCK_SIZE,))
        draws = np.random.Generator(np.random.PCG64(stream)).random((count, years)).tolist()
        for offset, u in enumerate(draws):
            h = b + offset
            state, attention, opened, first = 0, d.initial_attention, None, None
            membership, shocks = [], []
            for t in range(years):
                if opened is None and is_open[state][t]:
                    opened = t
                revised = False
                target = targets[t]
                if target >= 0 and attention * gaps[state][t] > d.negotiation_cost:
                    if state != target:
                        state, revised = target, True
                        revisions += 1
                if opened is not None and not is_open[state][t]:
                    episodes.append((h, opened, -1 if first is None else first, t, revised))
                    opened = first = None
                if opened is None and is_open[state][t]:
                    opened = t
                shock = u[t] < d.shock_base + d.shock_gap * gaps[state][t]
                attention = attention + 1.0 if shock else attention * d.decay
                if shock and opened is not None and first is None:
                    first = t
                membership.append(state)
                shocks.append(shock)
            if opened is not None:
                episodes.append((h, opened, -1 if first is None else first, -1, False))
            changes = np.diff([sizes[s] for s in membership], prepend=sizes[0])
            kurtosis(changes)
            l_kurtosis(changes)
    return revisions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 histories")
    parser.add_argument("--dask", action="store_true", help="also time a 2-worker local cluster")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    histories = 10_000 if args.quick else 100_000
    years = 100
    demo = demonstration_setting()

    start_wall, start_cpu = time.perf_counter(), time.process_time()
    tables = regime_tables(
        demo.market,
        demo.capacity_paths,
        discount=demo.discount,
        start_year=demo.start_year,
        years=years,
    )
    tables_wall, tables_cpu = time.perf_counter() - start_wall, time.process_time() - start_cpu
    dynamics = ShockDynamics()

    rows = []
    rows.append(("regime tables (10 distinct markets, once)", 1, tables_wall, tables_cpu, ""))
    wall, cpu = timed(lambda: simulate(tables, histories=histories, seed=1), args.repeats)
    rows.append((f"vectorised, {histories:,} histories", histories, wall, cpu, ""))
    vector_wall = wall
    wall, cpu = timed(
        lambda: simulate(tables, histories=histories, seed=1, keep_paths=False), args.repeats
    )
    rows.append(("vectorised, keep_paths=False", histories, wall, cpu, ""))
    wall, cpu = timed(
        lambda: simulate(tables, histories=histories, seed=1, revision="immediate"), args.repeats
    )
    rows.append(("vectorised, null model (same draws)", histories, wall, cpu, ""))
    if args.dask:
        import distributed

        with (
            distributed.LocalCluster(
                n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            wall, cpu = timed(
                lambda: simulate(tables, histories=histories, seed=1, client=client),
                args.repeats,
            )
        rows.append(("vectorised, Dask 2 worker processes", histories, wall, cpu, "cpu: client"))
    subset = 2 * BLOCK_SIZE
    loop_wall, loop_cpu = timed(lambda: python_loop(tables, dynamics, 1, subset), 1)
    scale = histories / subset
    rows.append(
        (
            "per-history Python loop (extrapolated)",
            histories,
            loop_wall * scale,
            loop_cpu * scale,
            f"timed on {subset:,}",
        )
    )
    # the loop and the kernel agree on the number of revisions
    check = simulate(tables, histories=subset, seed=1, keep_paths=False)
    assert int(check.revision_counts.sum()) == python_loop(tables, dynamics, 1, subset)

    print(f"\n{histories:,} histories x {years} years, demonstration setting, seed 1\n")
    print("| run | histories | wall (s) | cpu (s) | vs vectorised (wall) | note |")
    print("|---|---:|---:|---:|---:|---|")
    for label, count, wall, cpu, note in rows:
        ratio = "" if count == 1 else f"{wall / vector_wall:.2f}x"
        print(f"| {label} | {count:,} | {wall:.3f} | {cpu:.3f} | {ratio} | {note} |")
    status = "meets" if vector_wall < 5 else "MISSES"
    print(f"\ntarget: {histories:,} x {years} in under 5 s: {status} ({vector_wall:.2f} s wall)")
    print("\nrerun: python benchmarks/bench_dynamics.py [--quick] [--dask]")


if __name__ == "__main__":
    main()
