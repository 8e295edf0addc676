"""Fixtures shared by the test modules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


def _dask_client(processes: bool) -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, processes=processes, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    """A two-worker local dask cluster with threads (skips the test without ``distributed``)."""
    yield from _dask_client(processes=False)


@pytest.fixture
def dask_process_client() -> Iterator[Any]:
    """A two-worker local dask cluster with worker processes, so work travels by pickle."""
    yield from _dask_client(processes=True)
