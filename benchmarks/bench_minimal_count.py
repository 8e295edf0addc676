"""Benchmark: the exact count of minimal effective cartels at 60, 100 and 200 suppliers (issue:
"complete for 60 suppliers, or counted when there are too many to list").

Markets are those of ``bench_cartels.py`` (capacities 0.01-0.29, safeguards 0-0.7, seed 0).  No
anchor package counts minimal winning coalitions of a union of two weighted games, so the
baseline printed beside the count is the listing the report runs: the branch and bound of
``minimal_effective_cartels`` stopped at the report's limit (``MINIMAL_LIMIT``), whose time is
what a user waited for an incomplete list before (run in a child process and given up after
``LISTING_SECONDS``: at tau = 1/2 the branch and bound finds few minimal cartels among many
effective ones).  A count whose table exceeds the limit
``count_states`` is refused before allocation (printed as such); ``--raise`` counts those too
with the limit raised to 10^8.

Run: python benchmarks/bench_minimal_count.py [--quick] [--raise]
"""

from __future__ import annotations

import multiprocessing
import sys
import time

from _timing import timed_runs
from bench_cartels import market

from dualdilemma import limits
from dualdilemma.cartels.minimal import minimal_effective_cartels
from dualdilemma.cartels.minimal_count import count_minimal_effective_cartels
from dualdilemma.limits import LimitExceededError
from dualdilemma.reporting.scenario_report import MINIMAL_LIMIT

#: Seconds the listing may run before the benchmark gives up on it.
LISTING_SECONDS = 30


def _list(n: int, tau: str, out) -> None:
    start = time.perf_counter()
    found = minimal_effective_cartels(market(n, 0), tau, limit=MINIMAL_LIMIT)
    out.put((len(found.cartels), time.perf_counter() - start))


def listing(n: int, tau: str) -> str:
    """The listing's (found, seconds), or that it did not finish in LISTING_SECONDS."""
    out = multiprocessing.Queue()
    child = multiprocessing.Process(target=_list, args=(n, tau, out))
    child.start()
    child.join(LISTING_SECONDS)
    if child.is_alive():
        child.terminate()
        child.join()
        return f"not done in {LISTING_SECONDS} s"
    found, seconds = out.get()
    return f"{found:,} in {seconds:.2f}"


def count_row(n: int, tau: str, raised: bool) -> str:
    build = market(n, 0)
    listed = listing(n, tau)
    try:
        if raised:
            with limits.override(count_states=10**8):
                runs = timed_runs(lambda: count_minimal_effective_cartels(build, tau), 1)
        else:
            runs = timed_runs(lambda: count_minimal_effective_cartels(build, tau), 1)
    except LimitExceededError as exc:
        limit = getattr(limits.current(), exc.limit)
        return f"| {n} | {tau} | refused ({exc.limit} = {limit:,}) | | | | {listed} |"
    result = runs.result
    sizes = f"{result.by_size[0][0]}-{result.by_size[-1][0]}" if result.by_size else "-"
    return (
        f"| {n} | {tau} | {result.count:,} | {sizes} | {result.states:,} | "
        f"{runs.median:.2f} | {listed} |"
    )


def main(quick: bool = False, raised: bool = False) -> None:
    print(
        "| suppliers | tau | minimal cartels (exact) | sizes | largest table (states) | "
        f"count (s) | listing to {MINIMAL_LIMIT} (found, s) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in (60,) if quick else (60, 100, 200):
        for tau in ("1/10", "3/10", "1/2"):
            print(count_row(n, tau, raised), flush=True)


if __name__ == "__main__":
    main(quick="--quick" in sys.argv, raised="--raise" in sys.argv)
