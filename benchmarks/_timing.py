"""Timing helpers shared by the benchmark scripts (``from _timing import ...``).

The scripts run as ``python benchmarks/<name>.py``, so this folder is on ``sys.path``.  Each call
is timed with ``time.perf_counter`` (wall) and ``time.process_time`` (CPU of this process); a
warm-up call (imports, caches, compiled functions) and a ``gc.collect()`` before each timed call
are options, since the scripts differ on both.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Runs", "timed_runs", "median_time", "median_and_result"]


@dataclass(frozen=True)
class Runs:
    """Wall and CPU seconds of each timed call, and the last call's result."""

    wall: tuple[float, ...]
    cpu: tuple[float, ...]
    result: Any

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def best(self) -> float:
        return min(self.wall)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)


def timed_runs(
    func: Callable[[], Any], repeats: int, *, warmup: bool = False, collect: bool = False
) -> Runs:
    """Time ``repeats`` calls of ``func`` (after one untimed call if ``warmup``; with a garbage
    collection before each timed call if ``collect``)."""
    result = func() if warmup else None
    walls, cpus = [], []
    for _ in range(repeats):
        if collect:
            gc.collect()
        cpu = time.process_time()
        start = time.perf_counter()
        result = func()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return Runs(tuple(walls), tuple(cpus), result)


def median_time(
    func: Callable[[], Any], repeats: int, *, warmup: bool = False, collect: bool = False
) -> float:
    """Median wall seconds of ``repeats`` calls (see :func:`timed_runs`)."""
    return timed_runs(func, repeats, warmup=warmup, collect=collect).median


def median_and_result(
    func: Callable[[], Any], repeats: int, *, warmup: bool = False, collect: bool = False
) -> tuple[float, Any]:
    """(median wall seconds, last result) of ``repeats`` calls (see :func:`timed_runs`)."""
    runs = timed_runs(func, repeats, warmup=warmup, collect=collect)
    return runs.median, runs.result
