r"""Parameter sweeps: evaluate a vectorised function over a parameter grid, chunk by chunk.

Grids
-----
A *product grid* over named one-dimensional axes :math:`v^{(1)}, \dots, v^{(d)}` of lengths
:math:`n_1, \dots, n_d` holds the :math:`N = \prod_j n_j` points of their Cartesian product, in
C order (the last axis varies fastest, as :func:`itertools.product`).  The point with flat index
:math:`k \in \{0, \dots, N - 1\}` is

.. math::

    \theta_k = \bigl(v^{(1)}_{k_1}, \dots, v^{(d)}_{k_d}\bigr), \qquad
    k_j = \lfloor k / s_j \rfloor \bmod n_j, \qquad s_j = \prod_{l > j} n_l,

so any range of flat indices can be materialised without the rest of the grid.  A *point grid*
(:func:`parameter_points`) is a list of :math:`N` points given column by column.

Sweeps
------
:func:`sweep` cuts :math:`\{0, \dots, N - 1\}` into consecutive chunks
:math:`[cL, \min((c + 1)L, N))` of ``chunk_size`` :math:`L` points, evaluates the function on
each chunk's columns (one 1-D array per parameter, so memory is :math:`O(L)` per chunk) and
concatenates the outputs in chunk order.  The table therefore does not depend on :math:`L` nor
on where the chunks ran: locally, one after the other, or as independent tasks on a Dask
distributed cluster (Rocklin 2015), gathered back in order.

References
----------
M. Rocklin, "Dask: parallel computation with blocked algorithms and task scheduling",
Proceedings of the 14th Python in Science Conference (SciPy 2015), 126-132.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from dualdilemma.errors import InvalidParameterError

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "PROGRESS_MIN_CHUNKS",
    "ParameterGrid",
    "SweepOutputError",
    "as_grid",
    "parameter_grid",
    "parameter_points",
    "map_chunks",
    "sweep",
]

#: Grid points per chunk: 65536 points of a few float64 columns is a few MiB per chunk.
DEFAULT_CHUNK_SIZE = 2**16

#: With ``progress=None`` a bar is shown only for sweeps of at least this many chunks.
PROGRESS_MIN_CHUNKS = 8


class SweepOutputError(InvalidParameterError):
    """A swept function returned something that does not fit its chunk of the grid.

    For example an output array of the wrong length; the message names the output.
    """


def _check_name(name: Any, what: str) -> str:
    if not isinstance(name, str) or not name:
        raise InvalidParameterError(f"{what} names must be non-empty strings, got {name!r}")
    return name


def _check_values(name: str, values: Any, what: str) -> np.ndarray:
    """A read-only, finite, non-empty 1-D array (scalars become one-value axes)."""
    array = np.asarray(values)
    if array.dtype == object:
        try:  # exact numbers (Fraction, sympy Rational...) become floats; None does not
            array = np.array([float(v) for v in array.reshape(-1)]).reshape(array.shape)
        except (TypeError, ValueError):
            raise InvalidParameterError(
                f"{what} {name!r} must hold real numbers or strings, got {values!r}"
            ) from None
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1:
        raise InvalidParameterError(
            f"{what} {name!r} must be one-dimensional, got an array of shape {array.shape}"
        )
    if array.size == 0:
        raise InvalidParameterError(f"{what} {name!r} is empty: give it at least one value")
    kind = array.dtype.kind
    if kind == "f":
        finite = np.isfinite(array)
        if not finite.all():
            position = int(np.argmin(finite))
            raise InvalidParameterError(
                f"{what} {name!r} must be finite, found {array[position].item()!r} "
                f"at position {position}"
            )
    elif kind not in "biuU":
        raise InvalidParameterError(
            f"{what} {name!r} must hold real numbers or strings, got dtype {array.dtype}"
        )
    array = array.copy()
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class ParameterGrid:
    """Named parameter values: the Cartesian product of axes, or a list of points.

    Build one with :func:`parameter_grid` or :func:`parameter_points`.  Nothing larger than
    one chunk is materialised until :meth:`column` or :meth:`to_frame` is asked for.

    Attributes
    ----------
    names
        Parameter names, in order (the order of the table's columns).
    values
        One read-only 1-D array per parameter: the axis (product grid) or the column (points).
    product
        ``True`` for a Cartesian product, ``False`` for a list of points.
    """

    names: tuple[str, ...]
    values: tuple[np.ndarray, ...]
    product: bool = True

    def __post_init__(self) -> None:
        names = tuple(_check_name(name, "parameter") for name in self.names)
        if len(set(names)) != len(names):
            dupes = sorted({n for n in names if names.count(n) > 1})
            raise InvalidParameterError(f"duplicate parameter names {dupes}")
        if not names:
            raise InvalidParameterError("a parameter grid needs at least one parameter")
        if len(self.values) != len(names):
            raise InvalidParameterError(
                f"{len(names)} parameter names but {len(self.values)} value arrays"
            )
        what = "axis" if self.product else "column"
        values = tuple(
            _check_values(name, v, what) for name, v in zip(names, self.values, strict=True)
        )
        if not self.product:
            lengths = {len(v) for v in values}
            if len(lengths) != 1:
                listing = ", ".join(f"{n}: {len(v)}" for n, v in zip(names, values, strict=True))
                raise InvalidParameterError(
                    f"parameter_points needs columns of equal length, got {listing}"
                )
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "product", bool(self.product))

    # -- shape ----------------------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        """One entry per axis for a product grid; ``(N,)`` for a list of points."""
        if self.product:
            return tuple(len(v) for v in self.values)
        return (len(self.values[0]),)

    @property
    def size(self) -> int:
        """The number of grid points."""
        return math.prod(self.shape)

    def __len__(self) -> int:
        return self.size

    @property
    def axes(self) -> dict[str, np.ndarray]:
        """``{name: values}`` in parameter order."""
        return dict(zip(self.names, self.values, strict=True))

    def _strides(self) -> tuple[int, ...]:
        strides = []
        stride = 1
        for n in reversed(self.shape):
            strides.append(stride)
            stride *= n
        return tuple(reversed(strides))

    # -- materialisation ------------------------------------------------------------------------
    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """The columns of grid points ``start, ..., stop - 1`` (fresh, writable arrays).

        >>> grid = parameter_grid(a=[1, 2, 3], b=[10.0, 20.0])
        >>> grid.chunk(1, 4)
        {'a': array([1, 2, 2]), 'b': array([20., 10., 20.])}
        """
        start, stop = int(start), int(stop)
        if not 0 <= start <= stop <= self.size:
            raise InvalidParameterError(
                f"chunk [{start}, {stop}) is not inside the grid's {self.size} points"
            )
        if not self.product or len(self.values) == 1:
            return {name: v[start:stop].copy() for name, v in self.axes.items()}
        return {
            name: _axis_run(v, stride, start, stop)
            for name, v, stride in zip(self.names, self.values, self._strides(), strict=True)
        }

    def chunk_bounds(self, chunk_size: int = DEFAULT_CHUNK_SIZE) -> tuple[tuple[int, int], ...]:
        """``(start, stop)`` of each chunk of at most ``chunk_size`` points, in order.

        >>> parameter_grid(a=range(5)).chunk_bounds(2)
        ((0, 2), (2, 4), (4, 5))
        """
        size = _check_chunk_size(chunk_size)
        return tuple((s, min(s + size, self.size)) for s in range(0, self.size, size))

    def iter_chunks(
        self, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> Iterator[tuple[int, int, dict[str, np.ndarray]]]:
        """Yield ``(start, stop, columns)`` chunk by chunk (only one chunk alive at a time)."""
        for start, stop in self.chunk_bounds(chunk_size):
            yield start, stop, self.chunk(start, stop)

    def column(self, name: str) -> np.ndarray:
        """The full column of parameter ``name`` over all points (materialises ``size`` values).

        >>> parameter_grid(a=[1, 2], b=[0.5, 1.5, 2.5]).column("a")
        array([1, 1, 1, 2, 2, 2])
        """
        if name not in self.names:
            raise InvalidParameterError(
                f"no parameter named {name!r}; the grid has {list(self.names)}"
            )
        j = self.names.index(name)
        v = self.values[j]
        if not self.product:
            return v.copy()
        inner = self._strides()[j]
        outer = self.size // (inner * len(v))
        return np.tile(np.repeat(v, inner), outer)

    def to_frame(self) -> pd.DataFrame:
        """All grid points as a DataFrame, one column per parameter."""
        pd = _import_pandas()
        return pd.DataFrame({name: self.column(name) for name in self.names}, copy=False)

    def __repr__(self) -> str:
        def describe(v: np.ndarray) -> str:
            if v.dtype.kind in "biuf" and len(v) > 1:
                return f"{len(v)} values in [{v.min()!s}, {v.max()!s}]"
            return f"{len(v)} value{'s' if len(v) > 1 else ''}"

        kind = "product" if self.product else "points"
        body = "; ".join(f"{n}: {describe(v)}" for n, v in self.axes.items())
        return f"ParameterGrid({kind}, {body}; {self.size} points)"


def _cyclic(values: np.ndarray, offset: int, count: int) -> np.ndarray:
    """``values[(offset + arange(count)) % len(values)]`` by copying runs, not by dividing."""
    head = values[offset : offset + count]
    if len(head) == count:
        return head.copy()
    full, rest = divmod(count - len(head), len(values))
    return np.concatenate((head, np.tile(values, full), values[:rest]))


def _axis_run(values: np.ndarray, stride: int, start: int, stop: int) -> np.ndarray:
    """One axis's column over flat indices ``start..stop-1``: ``values[k // stride % n]``.

    Along the flat index an axis is a cycle of runs of ``stride`` equal values, so the column
    is a cyclic slice of the axis with each entry repeated by its run length within the chunk.
    """
    n = len(values)
    if stop <= start:
        return values[:0].copy()
    if n == 1:
        return np.full(stop - start, values[0], dtype=values.dtype)
    if stride == 1:
        return _cyclic(values, start % n, stop - start)
    first, last = start // stride, (stop - 1) // stride
    runs = np.full(last - first + 1, stride, dtype=np.int64)
    runs[0] = min((first + 1) * stride, stop) - start
    if last > first:
        runs[-1] = stop - last * stride
    return np.repeat(_cyclic(values, first % n, last - first + 1), runs)


def _check_chunk_size(chunk_size: Any) -> int:
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int | np.integer):
        raise InvalidParameterError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    if chunk_size < 1:
        raise InvalidParameterError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    return int(chunk_size)


def parameter_grid(**axes: Any) -> ParameterGrid:
    """The Cartesian product of named 1-D axes (C order: the last axis varies fastest).

    Parameters
    ----------
    **axes
        ``name=values``: each a non-empty 1-D array-like of finite real numbers (or strings);
        a scalar is an axis of one value.

    Returns
    -------
    ParameterGrid
        A lazy grid of ``prod(len(values))`` points.

    Raises
    ------
    InvalidParameterError
        No axis, an empty axis, a non-finite value (naming the axis and the position), a
        multi-dimensional array.

    Examples
    --------
    >>> grid = parameter_grid(m=np.linspace(0.0, 2.0, 5), n=[2, 3])
    >>> grid.shape, grid.size
    ((5, 2), 10)
    >>> grid.chunk(0, 3)
    {'m': array([0. , 0. , 0.5]), 'n': array([2, 3, 2])}
    >>> parameter_grid(m=[0.5, float("nan")])
    Traceback (most recent call last):
    ...
    dualdilemma.errors.InvalidParameterError: axis 'm' must be finite, found nan at position 1
    """
    if not axes:
        raise InvalidParameterError(
            "parameter_grid needs at least one axis, e.g. parameter_grid(m=np.linspace(0, 2, 101))"
        )
    return ParameterGrid(tuple(axes), tuple(axes.values()), product=True)


def parameter_points(**columns: Any) -> ParameterGrid:
    """A list of points given column by column (all columns of the same length).

    Use it for scattered or random parameter points; :func:`sweep` and
    :func:`~dualdilemma.analysis.region_map.region_map` accept it like a product grid.

    Examples
    --------
    >>> points = parameter_points(m=[0.5, 1.5], n=[2, 4])
    >>> points.shape
    (2,)
    >>> parameter_points(m=[0.5, 1.5], n=[2, 3, 4])
    Traceback (most recent call last):
    ...
    dualdilemma.errors.InvalidParameterError: parameter_points needs columns of equal length, got m: 2, n: 3
    """  # noqa: E501
    if not columns:
        raise InvalidParameterError("parameter_points needs at least one column")
    return ParameterGrid(tuple(columns), tuple(columns.values()), product=False)


def as_grid(grid: ParameterGrid | Mapping[Any, Any]) -> ParameterGrid:
    """A :class:`ParameterGrid` as is, or the product grid of a mapping ``{name: axis}``.

    Mapping keys may be strings or sympy symbols (their names are used).
    """
    if isinstance(grid, ParameterGrid):
        return grid
    if isinstance(grid, Mapping):
        return parameter_grid(**{_key_name(key): values for key, values in grid.items()})
    raise InvalidParameterError(
        f"expected a ParameterGrid or a mapping {{name: axis values}}, got {type(grid).__name__}"
    )


def _key_name(key: Any) -> str:
    if isinstance(key, str):
        return key
    name = getattr(key, "name", None)
    if isinstance(name, str):
        return name
    raise InvalidParameterError(f"parameter names must be strings or symbols, got {key!r}")


def _import_pandas() -> Any:
    try:
        import pandas
    except ImportError:  # pragma: no cover - pandas is installed with the package
        raise ImportError("sweep tables need pandas: pip install pandas") from None
    return pandas


# -- running chunks ---------------------------------------------------------------------------
def _stderr_is_tty() -> bool:
    try:
        return bool(sys.stderr.isatty())
    except (AttributeError, ValueError):
        return False


def _show_progress(progress: bool | None, num_chunks: int) -> bool:
    if progress is None:
        return num_chunks >= PROGRESS_MIN_CHUNKS and _stderr_is_tty()
    if not isinstance(progress, bool | np.bool_):
        raise InvalidParameterError(f"progress must be True, False or None, got {progress!r}")
    return bool(progress)


@contextmanager
def _progress_bar(show: bool, total: int, description: str) -> Iterator[Callable[[], None]]:
    if not show:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("chunks"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda: bar.advance(task)


def _run_chunk(
    func: Callable[..., Any], grid: ParameterGrid, start: int, stop: int, index: int
) -> Any:
    columns = grid.chunk(start, stop)
    try:
        return func(**columns)
    except Exception as exc:
        exc.add_note(f"while evaluating chunk {index} (grid points {start} to {stop - 1})")
        raise


def _check_client(client: Any) -> None:
    if not all(hasattr(client, attr) for attr in ("submit", "scatter", "cancel")):
        raise InvalidParameterError(
            f"client must be a dask.distributed.Client, got {type(client).__name__}"
        )


def _run_on_client(
    client: Any,
    func: Callable[..., Any],
    grid: ParameterGrid,
    bounds: Sequence[tuple[int, int]],
    advance: Callable[[], None],
) -> list[Any]:
    from distributed import as_completed

    # ship the function and the (small) grid axes once, not once per chunk
    func_future = client.scatter(func, hash=False)
    grid_future = client.scatter(grid, hash=False)
    futures = [
        client.submit(_run_chunk, func_future, grid_future, start, stop, i, pure=False)
        for i, (start, stop) in enumerate(bounds)
    ]
    position = {future.key: i for i, future in enumerate(futures)}
    results: list[Any] = [None] * len(futures)
    try:
        for future in as_completed(futures):
            results[position[future.key]] = future.result()
            advance()
    except BaseException:
        client.cancel(futures)
        raise
    return results


def map_chunks(
    func: Callable[..., Any],
    grid: ParameterGrid | Mapping[Any, Any],
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: bool | None = None,
    client: Any = None,
    description: str = "sweep",
) -> list[Any]:
    """``[func(**grid.chunk(start, stop)) for each chunk]``, in chunk order.

    The engine under :func:`sweep` and :func:`~dualdilemma.analysis.region_map.region_map`:
    use it directly when the per-chunk result is not a table.

    Parameters
    ----------
    func
        Called with one keyword argument per parameter, each a 1-D array of the chunk's values.
        With a ``client`` it must be picklable (cloudpickle handles lambdas and closures).
    grid
        A :class:`ParameterGrid` or a mapping ``{name: axis}`` (its product grid).
    chunk_size
        Points per chunk; bounds the memory of one evaluation.
    progress
        ``True`` always shows a rich progress bar on stderr, ``False`` never; ``None`` shows one
        when stderr is a terminal and there are at least :data:`PROGRESS_MIN_CHUNKS` chunks.
    client
        A ``dask.distributed.Client``: the chunks run as tasks on its cluster and the results
        are gathered back in chunk order.  ``None`` runs them here, one after the other.
    description
        The progress bar's label.

    Examples
    --------
    >>> grid = parameter_grid(a=np.arange(5))
    >>> map_chunks(lambda a: int(a.sum()), grid, chunk_size=2)
    [1, 5, 4]
    """
    grid = as_grid(grid)
    if not callable(func):
        raise InvalidParameterError(f"func must be callable, got {type(func).__name__}")
    bounds = grid.chunk_bounds(chunk_size)
    show = _show_progress(progress, len(bounds))
    if client is not None:
        _check_client(client)
    with _progress_bar(show, len(bounds), description) as advance:
        if client is not None:
            return _run_on_client(client, func, grid, bounds, advance)
        results = []
        for i, (start, stop) in enumerate(bounds):
            results.append(_run_chunk(func, grid, start, stop, i))
            advance()
        return results


# -- sweeps -----------------------------------------------------------------------------------
def _as_output_arrays(raw: Any, length: int, parameters: Sequence[str]) -> dict[str, np.ndarray]:
    """Validate one chunk's outputs: a dict (or DataFrame) of 1-D arrays of ``length``."""
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(raw, pandas.DataFrame):
        names = [str(c) for c in raw.columns]
        if len(set(names)) != len(names):
            raise SweepOutputError(f"the swept function returned duplicate columns {names}")
        if len(raw) != length:
            raise SweepOutputError(
                f"the swept function returned a DataFrame of {len(raw)} rows for a chunk of "
                f"{length} grid points"
            )
        raw = {name: raw[c].to_numpy() for name, c in zip(names, raw.columns, strict=True)}
    if not isinstance(raw, Mapping):
        raise SweepOutputError(
            "the swept function must return a dict {output name: 1-D array} or a DataFrame, "
            f"got {type(raw).__name__}"
        )
    if not raw:
        raise SweepOutputError("the swept function returned no outputs")
    outputs = {}
    for name, value in raw.items():
        if not isinstance(name, str) or not name:
            raise SweepOutputError(f"output names must be non-empty strings, got {name!r}")
        if name in parameters:
            raise SweepOutputError(
                f"output {name!r} has the name of a parameter; rename the output"
            )
        array = np.asarray(value)
        if array.shape != (length,):
            got = "a scalar" if array.ndim == 0 else f"shape {array.shape}"
            raise SweepOutputError(
                f"output {name!r} has {got}, expected one value per grid point of the chunk, "
                f"shape ({length},) (broadcast constants with np.full_like)"
            )
        outputs[name] = array
    return outputs


class _SweepKernel:
    """The user's function plus validation of its outputs; runs where the chunk runs."""

    def __init__(
        self,
        func: Callable[..., Any],
        parameters: tuple[str, ...],
        columns: list[str] | None,
    ) -> None:
        self.func = func
        self.parameters = parameters
        self.columns = columns

    def __call__(self, **columns: np.ndarray) -> dict[str, np.ndarray]:
        length = len(next(iter(columns.values())))
        outputs = _as_output_arrays(self.func(**columns), length, self.parameters)
        if self.columns is None:
            return outputs
        missing = [c for c in self.columns if c not in outputs]
        if missing:
            raise SweepOutputError(
                f"requested column(s) {missing} not among the function's outputs {list(outputs)}"
            )
        return {c: outputs[c] for c in self.columns}


def sweep(
    func: Callable[..., Any],
    grid: ParameterGrid | Mapping[Any, Any],
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: bool | None = None,
    client: Any = None,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Evaluate a vectorised function at every grid point; one table row per point.

    The grid is cut into chunks of ``chunk_size`` consecutive points (module docstring);
    ``func`` sees one chunk at a time, so memory stays bounded by the chunk, and the outputs
    are concatenated in chunk order: the table is the same for every ``chunk_size`` and with or
    without a Dask ``client``.

    Parameters
    ----------
    func
        ``func(**{name: 1-D array})`` returning a dict ``{output: 1-D array}`` (or a DataFrame)
        with one value per point of the chunk.  Use :func:`functools.partial` for fixed
        arguments.
    grid
        A :class:`ParameterGrid` (:func:`parameter_grid`, :func:`parameter_points`) or a mapping
        ``{name: axis}``, swept as its Cartesian product.
    chunk_size
        Grid points per chunk.
    progress
        ``True``/``False`` forces the rich progress bar on/off; ``None`` (default) shows it when
        stderr is a terminal and the sweep has at least :data:`PROGRESS_MIN_CHUNKS` chunks.
    client
        Optional ``dask.distributed.Client`` (install the ``dask`` extra): the same chunks run
        on its workers and are gathered in order; the table is identical to a local run.
    columns
        Keep only these outputs, in this order (default: all, in the function's order).

    Returns
    -------
    pandas.DataFrame
        Parameter columns (in grid order), then output columns; rows in grid order (C order
        for product grids), with a default ``RangeIndex``.

    Notes
    -----
    Dask pays off when one chunk takes much longer than a task's overhead (a few ms) and
    there are idle cores or machines.  On Linux, Dask's nannies set ``MALLOC_TRIM_THRESHOLD_``,
    which pins glibc's mmap threshold at 128 KiB, so numpy temporaries of large chunks page
    fault on the workers; setting ``distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_``
    (e.g. to ``2**26``) in the Dask config before starting the cluster avoids it.

    Raises
    ------
    SweepOutputError
        The function returned something else than a dict or DataFrame, an output of the wrong
        length (the message names it), an output named like a parameter, or different outputs
        on different chunks; a requested column is missing.
    InvalidParameterError
        A bad grid, ``chunk_size``, ``progress`` or ``client``.

    Examples
    --------
    The linear public-good game: with marginal per-capita return :math:`m` and :math:`n`
    players, contributing one unit changes one's own payoff by :math:`m - 1` and the group's
    total by :math:`nm - 1`:

    >>> grid = parameter_grid(m=[0.25, 0.5, 1.5], n=[2, 4])
    >>> table = sweep(lambda m, n: {"own": m - 1, "total": n * m - 1}, grid)
    >>> table
         m  n   own  total
    0  0.25  2 -0.75  -0.5
    1  0.25  4 -0.75   0.0
    2  0.50  2 -0.50   0.0
    3  0.50  4 -0.50   1.0
    4  1.50  2  0.50   2.0
    5  1.50  4  0.50   5.0
    >>> sweep(lambda m, n: {"own": (m - 1)[:1]}, grid)
    Traceback (most recent call last):
    ...
    dualdilemma.analysis.sweep.SweepOutputError: output 'own' has shape (1,), expected ...
    """
    pandas = _import_pandas()
    grid = as_grid(grid)
    if not callable(func):
        raise InvalidParameterError(f"func must be callable, got {type(func).__name__}")
    if columns is not None:
        if isinstance(columns, str):
            columns = [columns]
        columns = [str(c) for c in columns]
        if len(set(columns)) != len(columns):
            raise InvalidParameterError(f"columns lists an output twice: {columns}")
    parts = map_chunks(
        _SweepKernel(func, grid.names, columns),
        grid,
        chunk_size=chunk_size,
        progress=progress,
        client=client,
        description="sweep",
    )
    names = list(parts[0])
    for index, part in enumerate(parts[1:], start=1):
        if set(part) != set(names):
            raise SweepOutputError(
                f"the swept function returned outputs {sorted(part)} on chunk {index} but "
                f"{sorted(names)} on chunk 0"
            )
    data: dict[str, np.ndarray] = {name: grid.column(name) for name in grid.names}
    for name in names:
        pieces = [part[name] for part in parts]
        data[name] = pieces[0] if len(pieces) == 1 else np.concatenate(pieces)
    return pandas.DataFrame(data, copy=False)
