"""Tests of the chunked parameter-sweep engine (dualdilemma.analysis.sweep)."""

from __future__ import annotations

import importlib
import itertools
import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma.analysis.sweep import (
    ParameterGrid,
    SweepOutputError,
    as_grid,
    map_chunks,
    parameter_grid,
    parameter_points,
    sweep,
)
from dualdilemma.errors import DualDilemmaError, InvalidParameterError

# the package re-exports the function `sweep`, which shadows the module as an attribute
sweep_module = importlib.import_module("dualdilemma.analysis.sweep")

# -- grids --------------------------------------------------------------------------------------
GRID_CASES = [
    pytest.param({"a": [1, 2, 3]}, id="one-axis"),
    pytest.param({"a": [0.5, 1.5], "b": [10, 20, 30]}, id="two-axes"),
    pytest.param({"a": [3, 1, 2], "b": ["x", "y"], "c": [0.0, -1.0]}, id="three-axes-strings"),
    pytest.param({"a": [7], "b": [1.0, 2.0], "c": [5]}, id="length-one-axes"),
]


@pytest.mark.parametrize("axes", GRID_CASES)
def test_grid_order_is_itertools_product(axes: dict) -> None:
    grid = parameter_grid(**axes)
    expected = list(itertools.product(*axes.values()))
    assert grid.size == len(expected) == len(grid)
    assert grid.shape == tuple(len(v) for v in axes.values())
    full = grid.chunk(0, grid.size)
    got = list(zip(*(full[name].tolist() for name in axes), strict=True))
    assert got == expected
    for j, name in enumerate(axes):
        assert grid.column(name).tolist() == [point[j] for point in expected]
    frame = grid.to_frame()
    assert list(frame.columns) == list(axes)
    assert list(frame.itertuples(index=False, name=None)) == expected


@settings(max_examples=60, deadline=None)
@given(
    lengths=st.lists(st.integers(1, 5), min_size=1, max_size=4),
    data=st.data(),
)
def test_chunk_equals_slice_of_full_grid(lengths: list[int], data: st.DataObject) -> None:
    axes = {f"p{j}": np.arange(n) * 10 + j for j, n in enumerate(lengths)}
    grid = parameter_grid(**axes)
    start = data.draw(st.integers(0, grid.size))
    stop = data.draw(st.integers(start, grid.size))
    chunk = grid.chunk(start, stop)
    for name in axes:
        np.testing.assert_array_equal(chunk[name], grid.column(name)[start:stop])


def test_chunk_of_a_huge_grid_is_computed_without_the_rest() -> None:
    # 10**12 points: only the requested three are ever built
    axes = {f"p{j}": np.arange(100, dtype=float) for j in range(6)}
    grid = parameter_grid(**axes)
    assert grid.size == 10**12
    chunk = grid.chunk(grid.size - 3, grid.size)
    assert chunk["p0"].tolist() == [99.0, 99.0, 99.0]
    assert chunk["p5"].tolist() == [97.0, 98.0, 99.0]
    point = 123_456_789_012
    digits = [int(d) for d in f"{point:012d}"]
    values = grid.chunk(point, point + 1)
    assert [int(values[f"p{j}"][0]) for j in range(6)] == [
        10 * digits[2 * j] + digits[2 * j + 1] for j in range(6)
    ]


def test_chunks_are_fresh_writable_copies() -> None:
    grid = parameter_grid(a=[1.0, 2.0])
    chunk = grid.chunk(0, 2)
    chunk["a"][0] = 99.0
    assert grid.values[0].tolist() == [1.0, 2.0]
    with pytest.raises(ValueError):
        grid.values[0][0] = 5.0


def test_chunk_bounds_cover_the_grid_in_order() -> None:
    grid = parameter_grid(a=range(10))
    assert grid.chunk_bounds(4) == ((0, 4), (4, 8), (8, 10))
    assert grid.chunk_bounds(100) == ((0, 10),)
    assert [s for s, _, _ in grid.iter_chunks(3)] == [0, 3, 6, 9]


def test_parameter_points_and_as_grid() -> None:
    points = parameter_points(m=[0.5, 1.5, 2.5], n=[4, 2, 3])
    assert points.shape == (3,) and not points.product
    chunk = points.chunk(1, 3)
    assert chunk["m"].tolist() == [1.5, 2.5] and chunk["n"].tolist() == [2, 3]
    assert as_grid(points) is points
    grid = as_grid({"m": [1, 2], "n": [3]})
    assert isinstance(grid, ParameterGrid) and grid.shape == (2, 1)
    assert "2 points" in repr(grid) and "m: 2 values in [1, 2]" in repr(grid)


def test_scalars_and_object_arrays_become_float_axes() -> None:
    from fractions import Fraction

    grid = parameter_grid(a=0.5, b=[Fraction(1, 2), Fraction(3, 4)])
    assert grid.shape == (1, 2)
    assert grid.values[1].dtype == float and grid.values[1].tolist() == [0.5, 0.75]


BAD_GRIDS = [
    pytest.param(lambda: parameter_grid(), "at least one axis", id="no-axes"),
    pytest.param(lambda: parameter_grid(m=[]), "axis 'm' is empty", id="empty-axis"),
    pytest.param(
        lambda: parameter_grid(m=[0.1, np.nan]), "axis 'm' must be finite, found nan", id="nan"
    ),
    pytest.param(
        lambda: parameter_grid(m=[1.0], n=[np.inf]), "axis 'n' must be finite, found inf", id="inf"
    ),
    pytest.param(
        lambda: parameter_grid(m=[[1.0, 2.0]]), "'m' must be one-dimensional", id="two-dim"
    ),
    pytest.param(lambda: parameter_grid(m=[1j]), "'m' must hold real numbers", id="complex"),
    pytest.param(lambda: parameter_grid(m=[None]), "'m' must hold real numbers", id="none"),
    pytest.param(lambda: parameter_points(), "at least one column", id="no-columns"),
    pytest.param(
        lambda: parameter_points(m=[1, 2], n=[1, 2, 3]),
        "equal length, got m: 2, n: 3",
        id="mismatched-lengths",
    ),
    pytest.param(
        lambda: parameter_points(m=[1, np.nan]), "column 'm' must be finite", id="points-nan"
    ),
    pytest.param(lambda: ParameterGrid(("a", "a"), ([1], [2])), "duplicate", id="duplicates"),
    pytest.param(lambda: ParameterGrid(("a",), ([1], [2])), "1 parameter names", id="ragged"),
    pytest.param(lambda: as_grid([1, 2]), "ParameterGrid or a mapping", id="not-a-grid"),
    pytest.param(lambda: as_grid({3: [1]}), "strings or symbols", id="bad-key"),
    pytest.param(lambda: parameter_grid(a=[1]).chunk(0, 2), "not inside", id="chunk-outside"),
    pytest.param(lambda: parameter_grid(a=[1]).column("b"), "no parameter named 'b'", id="col"),
    pytest.param(lambda: parameter_grid(a=[1]).chunk_bounds(0), "chunk_size", id="chunk-0"),
    pytest.param(lambda: parameter_grid(a=[1]).chunk_bounds(1.5), "chunk_size", id="chunk-f"),
    pytest.param(lambda: parameter_grid(a=[1]).chunk_bounds(True), "chunk_size", id="chunk-b"),
]


@pytest.mark.parametrize(("make", "message"), BAD_GRIDS)
def test_bad_grids_raise_typed_errors(make, message: str) -> None:
    with pytest.raises(InvalidParameterError, match=re.escape(message)):
        make()


# -- sweeps -------------------------------------------------------------------------------------
def public_good(m: np.ndarray, n: np.ndarray, **unused: np.ndarray) -> dict[str, np.ndarray]:
    """Linear public-good game: gain from contributing, own and for the group."""
    return {"own_gain": m - 1, "group_gain": n * m - 1, "dominant": m > 1}


def test_sweep_known_table() -> None:
    grid = parameter_grid(m=[0.25, 0.5, 1.5], n=[2, 4])
    table = sweep(public_good, grid)
    assert list(table.columns) == ["m", "n", "own_gain", "group_gain", "dominant"]
    assert table["n"].dtype == np.int64 and table["dominant"].dtype == bool
    expected = [
        (m, n, m - 1, n * m - 1, m > 1) for m, n in itertools.product([0.25, 0.5, 1.5], [2, 4])
    ]
    assert list(table.itertuples(index=False, name=None)) == expected
    assert isinstance(table.index, pd.RangeIndex)


def test_sweep_accepts_mapping_points_and_dataframe_outputs() -> None:
    points = parameter_points(m=[2.0, 0.5], n=[3, 5])
    table = sweep(lambda m, n: pd.DataFrame({"total": n * m}, index=m), points)
    assert table["total"].tolist() == [6.0, 2.5]
    assert list(table["m"]) == [2.0, 0.5]
    table = sweep(lambda m: {"label": np.where(m > 1, "high", "low")}, {"m": [0.5, 2.0]})
    assert table["label"].tolist() == ["low", "high"]


def test_sweep_columns_select_and_order() -> None:
    grid = parameter_grid(m=[0.5, 2.0], n=[2])
    table = sweep(public_good, grid, columns=["dominant", "own_gain"])
    assert list(table.columns) == ["m", "n", "dominant", "own_gain"]
    assert list(sweep(public_good, grid, columns="dominant").columns) == ["m", "n", "dominant"]


@settings(max_examples=40, deadline=None)
@given(chunk_size=st.integers(1, 80))
def test_sweep_is_chunking_invariant(chunk_size: int) -> None:
    grid = parameter_grid(m=np.linspace(0, 2, 9), n=[2, 3, 5], k=[0.0, 1.0])
    reference = sweep(public_good, grid, chunk_size=10_000)
    pd.testing.assert_frame_equal(sweep(public_good, grid, chunk_size=chunk_size), reference)


def test_sweep_never_shows_func_more_than_a_chunk() -> None:
    seen = []

    def record(m: np.ndarray, n: np.ndarray) -> dict[str, np.ndarray]:
        seen.append(len(m))
        return {"x": m * n}

    sweep(record, parameter_grid(m=np.arange(100.0), n=np.arange(7.0)), chunk_size=64)
    assert max(seen) == 64 and sum(seen) == 700 and len(seen) == math.ceil(700 / 64)


def test_map_chunks_returns_results_in_chunk_order() -> None:
    sums = map_chunks(lambda a: int(a.sum()), parameter_grid(a=np.arange(10)), chunk_size=3)
    assert sums == [3, 12, 21, 9]


BAD_OUTPUTS = [
    pytest.param(
        lambda m, n: {"short": m[:-1], "ok": m},
        "output 'short' has shape (5,), expected",
        id="wrong-length",
    ),
    pytest.param(lambda m, n: {"total": 1.0}, "output 'total' has a scalar", id="scalar"),
    pytest.param(
        lambda m, n: {"grid": np.outer(m, n)}, "output 'grid' has shape (6, 6)", id="two-dim"
    ),
    pytest.param(lambda m, n: m * n, "must return a dict", id="array-return"),
    pytest.param(lambda m, n: {}, "no outputs", id="empty-dict"),
    pytest.param(lambda m, n: {"m": m}, "output 'm' has the name of a parameter", id="clash"),
    pytest.param(lambda m, n: {3: m}, "non-empty strings", id="non-string-name"),
    pytest.param(
        lambda m, n: pd.DataFrame({"x": m[:2]}), "DataFrame of 2 rows for a chunk of 6", id="df"
    ),
    pytest.param(
        lambda m, n: {"a": m} if m[0] == 0 else {"b": m},
        "outputs ['b'] on chunk 1 but ['a'] on chunk 0",
        id="inconsistent-outputs",
    ),
]


@pytest.mark.parametrize(("func", "message"), BAD_OUTPUTS)
def test_bad_outputs_raise_and_name_the_output(func, message: str) -> None:
    grid = parameter_grid(m=np.arange(4.0), n=np.arange(3.0))
    with pytest.raises(SweepOutputError, match=re.escape(message)):
        sweep(func, grid, chunk_size=6)


def test_sweep_output_error_is_a_package_value_error() -> None:
    assert issubclass(SweepOutputError, InvalidParameterError)
    assert issubclass(SweepOutputError, DualDilemmaError)
    assert issubclass(SweepOutputError, ValueError)


def test_sweep_bad_arguments() -> None:
    grid = parameter_grid(m=[1.0, 2.0])
    with pytest.raises(InvalidParameterError, match="func must be callable"):
        sweep(42, grid)
    with pytest.raises(InvalidParameterError, match="chunk_size"):
        sweep(lambda m: {"x": m}, grid, chunk_size=0)
    with pytest.raises(InvalidParameterError, match="progress must be"):
        sweep(lambda m: {"x": m}, grid, progress="yes")
    with pytest.raises(InvalidParameterError, match="dask.distributed.Client"):
        sweep(lambda m: {"x": m}, grid, client=object())
    with pytest.raises(SweepOutputError, match=r"requested column\(s\) \['y'\]"):
        sweep(lambda m: {"x": m}, grid, columns=["y"])
    with pytest.raises(InvalidParameterError, match="twice"):
        sweep(lambda m: {"x": m}, grid, columns=["x", "x"])


def test_errors_inside_func_say_which_chunk() -> None:
    def fail_late(m: np.ndarray) -> dict[str, np.ndarray]:
        if m[0] >= 4:
            raise ZeroDivisionError("boom")
        return {"x": m}

    with pytest.raises(ZeroDivisionError) as info:
        sweep(fail_late, parameter_grid(m=np.arange(6.0)), chunk_size=2)
    assert info.value.__notes__ == ["while evaluating chunk 2 (grid points 4 to 5)"]


# -- progress -----------------------------------------------------------------------------------
def test_progress_false_and_auto_without_tty_are_silent(capsys: pytest.CaptureFixture) -> None:
    grid = parameter_grid(m=np.arange(100.0))
    sweep(lambda m: {"x": m}, grid, chunk_size=1, progress=False)
    sweep(lambda m: {"x": m}, grid, chunk_size=1, progress=None)  # stderr is not a TTY here
    assert capsys.readouterr().err == ""


def test_progress_true_draws_a_bar(capsys: pytest.CaptureFixture) -> None:
    grid = parameter_grid(m=np.arange(10.0))
    table = sweep(lambda m: {"x": 2 * m}, grid, chunk_size=2, progress=True)
    assert table["x"].tolist() == (2 * np.arange(10.0)).tolist()
    err = capsys.readouterr().err
    assert "sweep" in err and "5/5" in err


def test_progress_auto_needs_a_tty_and_many_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sweep_module, "_stderr_is_tty", lambda: True)
    assert sweep_module._show_progress(None, sweep_module.PROGRESS_MIN_CHUNKS)
    assert not sweep_module._show_progress(None, sweep_module.PROGRESS_MIN_CHUNKS - 1)
    monkeypatch.setattr(sweep_module, "_stderr_is_tty", lambda: False)
    assert not sweep_module._show_progress(None, 10**6)
    assert sweep_module._show_progress(True, 1)


# -- dask ---------------------------------------------------------------------------------------
def test_dask_sweep_is_identical_to_local(dask_client) -> None:
    grid = parameter_grid(m=np.linspace(0, 2, 41), n=[2, 3, 5, 8], k=np.arange(3))
    local = sweep(public_good, grid, chunk_size=37)
    remote = sweep(public_good, grid, chunk_size=37, client=dask_client)
    pd.testing.assert_frame_equal(remote, local)
    # both workers took part
    assert len(dask_client.scheduler_info()["workers"]) == 2


def test_dask_sweep_with_progress_and_points(dask_client, capsys) -> None:
    points = parameter_points(m=np.linspace(0, 1, 50), n=np.arange(50))
    local = sweep(public_good, points, chunk_size=7, progress=False)
    remote = sweep(public_good, points, chunk_size=7, progress=True, client=dask_client)
    pd.testing.assert_frame_equal(remote, local)
    assert "8/8" in capsys.readouterr().err


def test_dask_sweep_raises_the_typed_error(dask_client) -> None:
    grid = parameter_grid(m=np.arange(20.0))
    with pytest.raises(SweepOutputError, match="output 'short'"):
        sweep(lambda m: {"short": m[:1]}, grid, chunk_size=5, client=dask_client)


@pytest.mark.slow
def test_dask_worker_processes_give_the_local_table(dask_process_client) -> None:
    """With processes, the function and the grid really travel by pickle."""
    grid = parameter_grid(m=np.linspace(0, 2, 300), n=np.arange(2, 12))
    func = lambda m, n: {"total": n * m - 1, "dominant": m > 1}  # noqa: E731 - pickled by value
    local = sweep(func, grid, chunk_size=512)
    remote = sweep(func, grid, chunk_size=512, client=dask_process_client)
    pd.testing.assert_frame_equal(remote, local)
