r"""Region maps: classify every point of a parameter grid by the set of conditions that hold.

Given labelled conditions :math:`C_0, \dots, C_{L-1}` on parameters :math:`\theta` (sympy
Booleans: relationals combined with And/Or/Not, sides may use Min, Max, Abs, Piecewise...),
for instance ":math:`C_\ell`: pure profile :math:`\ell` is a Nash equilibrium", each grid point
gets the set :math:`S(\theta) = \{\ell : C_\ell(\theta)\}`, encoded as the bitmask

.. math::

    \operatorname{code}(\theta) = \sum_{\ell \in S(\theta)} 2^{\ell}.

A *region* is a level set of the code; its name lists its labels (``"A & B"``, or ``"none"``
for the empty set).  Each condition is translated once into numpy code with
:func:`sympy.lambdify` (Meurer et al. 2017) and evaluated on whole chunks of the grid, so the
work is a handful of array operations per point with no Python loop over points.

Boundaries
----------
With ``tol=0`` (default) a condition is evaluated exactly as its relationals say, in float64:
``m >= 1`` holds at ``m = 1.0``, ``m > 1`` does not, ``Eq(m, 1)`` holds only at ``m = 1.0``.
Float rounding of computed sides can put a point that is on the boundary in exact arithmetic
on either side (``3 * 0.1 > 0.3`` in float64).  With ``tol > 0`` every relational
:math:`a \mathrel{R} b` is decided on the difference :math:`d = a - b` with a band of
half-width ``tol`` counted as the boundary: :math:`a \ge b` iff :math:`d \ge -\text{tol}`,
:math:`a > b` iff :math:`d > \text{tol}`, :math:`a \le b` iff :math:`d \le \text{tol}`,
:math:`a < b` iff :math:`d < -\text{tol}`, :math:`a = b` iff :math:`|d| \le \text{tol}` and
:math:`a \ne b` iff :math:`|d| > \text{tol}`.  So non-strict inequalities and equalities include
their boundary, strict ones exclude it, in both modes.  A boolean Piecewise with no piece
applying (no ``True`` clause) is false there.  Sides that are undefined at a point (NaN, e.g.
``0/0``) compare false (but ``!=`` with ``tol=0`` true, as in numpy): keep such points off
the grid.

Grid values must respect the symbols' declared assumptions (a ``positive`` symbol gets only
positive values...), since sympy may have simplified the conditions under them; this is
checked.

:func:`plot_region_map` draws a two-parameter map with matplotlib, one colour per region.

References
----------
A. Meurer et al., "SymPy: symbolic computing in Python", PeerJ Computer Science 3:e103 (2017).

J. O. Ledyard, "Public goods: a survey of experimental research", in J. H. Kagel and A. E. Roth
(eds.), *The Handbook of Experimental Economics*, Princeton University Press (1995), 111-194
(the linear public-good game of the examples).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.core.relational import Relational
from sympy.logic.boolalg import ITE, Boolean
from sympy.printing.numpy import NumPyPrinter

from dualdilemma._numbers import format_number
from dualdilemma.analysis.sweep import (
    DEFAULT_CHUNK_SIZE,
    ParameterGrid,
    _import_pandas,
    _key_name,
    as_grid,
    map_chunks,
)
from dualdilemma.errors import InvalidParameterError

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "EMPTY_REGION",
    "MAX_LABELS",
    "RegionMap",
    "region_map",
    "region_name",
    "plot_region_map",
]

#: The name of the region where no condition holds.
EMPTY_REGION = "none"

#: Bitmask codes are unsigned 64-bit integers at most.
MAX_LABELS = 64


def region_name(labels: tuple[str, ...] | list[str]) -> str:
    """The readable name of a set of labels: joined by ``" & "``, or ``"none"`` if empty.

    >>> region_name(("(E, E)", "(C, C)")), region_name(())
    ('(E, E) & (C, C)', 'none')
    """
    return " & ".join(labels) if labels else EMPTY_REGION


# -- translating conditions ---------------------------------------------------------------------
class _BroadcastingPrinter(NumPyPrinter):
    """NumPy printer whose And/Or broadcast constants against arrays (pairwise, not reduce)."""

    def _logical(self, function: str, expr: Any) -> str:
        name = self._module_format(self._module + "." + function)
        args = [self._print(arg) for arg in expr.args]
        return functools.reduce(lambda a, b: f"{name}({a}, {b})", args)

    def _print_And(self, expr: Any) -> str:
        return self._logical("logical_and", expr)

    def _print_Or(self, expr: Any) -> str:
        return self._logical("logical_or", expr)


def _piecewise_to_logic(expr: sp.Piecewise) -> Boolean:
    """A boolean Piecewise as logic: the first applying piece decides, none applying is false."""
    terms = []
    earlier: list[Boolean] = []
    for piece, condition in expr.args:
        terms.append(sp.And(*[sp.Not(c) for c in earlier], condition, piece))
        earlier.append(condition)
    return sp.Or(*terms)


def _is_boolean_piecewise(expr: Any) -> bool:
    return isinstance(expr, sp.Piecewise) and all(
        isinstance(piece, Boolean) for piece, _ in expr.args
    )


def _to_logic(condition: Any) -> Any:
    condition = condition.replace(_is_boolean_piecewise, _piecewise_to_logic)
    return condition.replace(
        lambda e: isinstance(e, ITE),
        lambda e: sp.Or(sp.And(e.args[0], e.args[1]), sp.And(sp.Not(e.args[0]), e.args[2])),
    )


def _with_tolerance(condition: Any, tol: float) -> Any:
    """Decide every relational on ``lhs - rhs`` with a boundary band of half-width ``tol``."""
    band = sp.Float(tol)

    def rewrite(rel: Relational) -> Any:
        if not (isinstance(rel.lhs, sp.Expr) and isinstance(rel.rhs, sp.Expr)):
            return rel
        d = rel.lhs - rel.rhs
        op = rel.rel_op
        if op == "==":
            new = (sp.Abs(d), "<=", band)
        elif op == "!=":
            new = (sp.Abs(d), ">", band)
        elif op in (">=", "<="):
            new = (d, op, -band if op == ">=" else band)
        else:
            new = (d, op, band if op == ">" else -band)
        # a constant difference is decided now; otherwise keep the form as written
        side, relation, bound = new
        return sp.Rel(side, bound, relation, evaluate=not d.free_symbols)

    return condition.replace(lambda e: isinstance(e, Relational), rewrite)


def _check_condition(label: Any, condition: Any) -> tuple[str, Any]:
    if not isinstance(label, str) or not label:
        raise InvalidParameterError(f"condition labels must be non-empty strings, got {label!r}")
    if isinstance(condition, bool | np.bool_):
        return label, sp.true if condition else sp.false
    if isinstance(condition, Boolean) or _is_boolean_piecewise(condition):
        undefined = sorted(str(f.func) for f in condition.atoms(AppliedUndef))
        if undefined:
            raise InvalidParameterError(
                f"condition {label!r} uses undefined functions {undefined}: numpy cannot "
                "evaluate them; substitute their expressions first"
            )
        return label, condition
    raise InvalidParameterError(
        f"condition {label!r} must be a sympy Boolean (a relational such as m > 1, combined "
        f"with And/Or/Not), got {type(condition).__name__} {condition!r}"
    )


_DOMAIN_CHECKS = (
    ("positive", lambda v: v > 0, "> 0"),
    ("nonnegative", lambda v: v >= 0, ">= 0"),
    ("negative", lambda v: v < 0, "< 0"),
    ("nonpositive", lambda v: v <= 0, "<= 0"),
    ("nonzero", lambda v: v != 0, "!= 0"),
    ("integer", lambda v: v == np.round(v), "integers"),
)


def _check_domain(symbol: sp.Symbol, values: np.ndarray, where: str) -> None:
    if values.dtype.kind not in "biuf":
        raise InvalidParameterError(
            f"{where} {symbol.name!r} must be numeric for the conditions, got dtype {values.dtype}"
        )
    numbers = values.astype(float)
    for assumption, test, text in _DOMAIN_CHECKS:
        if getattr(symbol, f"is_{assumption}") is True:
            ok = test(numbers)
            if not np.all(ok):
                bad = values[~ok][0].item()  # as given: 2, not 2.0
                raise InvalidParameterError(
                    f"{where} {symbol.name!r} takes the value {bad!r} but the symbol {symbol} is "
                    f"declared {assumption} (values {text}); the conditions may have been "
                    "simplified under that assumption"
                )


class _ConditionKernel:
    """Evaluates the bitmask code on one chunk; lambdifies once per process, lazily.

    ``conditions`` are checked sympy Booleans; they are translated here (boolean Piecewise and
    ITE to logic, relationals to the tolerance band when ``tol > 0``).
    """

    def __init__(
        self,
        labels: tuple[str, ...],
        conditions: tuple[Any, ...],
        *,
        fixed: Mapping[str, float],
        tol: float,
        dtype: np.dtype,
    ) -> None:
        translated = []
        for condition in conditions:
            condition = _to_logic(condition)
            if tol > 0:
                condition = _with_tolerance(condition, tol)
            translated.append(condition)
        self.labels = labels
        self.conditions = tuple(translated)
        used = {s.name for c in self.conditions for s in c.free_symbols}
        self.fixed = {name: value for name, value in fixed.items() if name in used}
        self.dtype = dtype
        self._compiled: tuple[tuple[Any, tuple[str, ...]], ...] | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_compiled"] = None  # generated functions are rebuilt on the worker
        return state

    def compile(self) -> tuple[tuple[Any, tuple[str, ...]], ...]:
        if self._compiled is None:
            self._compiled = tuple(_compile_condition(c) for c in self.conditions)
        return self._compiled

    def __call__(self, **columns: np.ndarray) -> np.ndarray:
        length = len(next(iter(columns.values())))
        values = dict(columns)
        for name, value in self.fixed.items():
            values[name] = np.full(length, value)
        codes = np.zeros(length, dtype=self.dtype)
        with np.errstate(all="ignore"):
            for bit, (label, (function, names)) in enumerate(
                zip(self.labels, self.compile(), strict=True)
            ):
                mask = _as_mask(function(*(values[n] for n in names)), length, label)
                codes |= mask.astype(self.dtype) * self.dtype.type(1 << bit)
        return codes


@functools.lru_cache(maxsize=1024)
def _compile_condition(condition: Any) -> tuple[Any, tuple[str, ...]]:
    """The numpy function of a translated condition and its argument names, cached per process.

    Arguments are the free symbols sorted by name; same-named symbols with different
    assumptions are distinct arguments fed the same values.
    """
    symbols = sorted(condition.free_symbols, key=lambda s: (s.name, str(s.assumptions0)))
    function = sp.lambdify(symbols, condition, modules="numpy", printer=_printer(), dummify=True)
    return function, tuple(s.name for s in symbols)


def _printer() -> NumPyPrinter:
    return _BroadcastingPrinter(
        {"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True}
    )


def _as_mask(out: Any, length: int, label: str) -> np.ndarray:
    mask = np.asarray(out)
    if mask.dtype != bool:  # pragma: no cover - logic is translated to boolean numpy operations
        raise InvalidParameterError(
            f"condition {label!r} evaluated to {mask.dtype} values, not booleans"
        )
    if mask.shape != (length,):
        mask = np.broadcast_to(mask, (length,))
    return mask


# -- the result ---------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class RegionMap:
    """Which labelled conditions hold at every point of a parameter grid.

    Attributes
    ----------
    grid
        The :class:`~dualdilemma.analysis.sweep.ParameterGrid` classified.
    labels
        The conditions' labels; label ``labels[b]`` is bit ``b`` of a code.
    codes
        Read-only unsigned integer array of shape ``grid.shape`` (a 2-D array for two axes,
        indexed ``[i, j]`` = ``(axis0[i], axis1[j])``): the bitmask of the labels holding there.
    tol
        The boundary tolerance used (module docstring).
    fixed
        Values of the parameters held fixed.
    """

    grid: ParameterGrid
    labels: tuple[str, ...]
    codes: np.ndarray
    tol: float = 0.0
    fixed: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        codes = np.asarray(self.codes)
        if codes.shape != self.grid.shape:
            raise InvalidParameterError(
                f"codes of shape {codes.shape} do not match the grid's shape {self.grid.shape}"
            )
        if codes.dtype.kind != "u":
            raise InvalidParameterError(f"codes must be unsigned integers, got {codes.dtype}")
        if codes.flags.writeable:
            codes = codes.copy()
            codes.setflags(write=False)
        object.__setattr__(self, "codes", codes)
        object.__setattr__(self, "labels", tuple(self.labels))
        object.__setattr__(self, "fixed", MappingProxyType(dict(self.fixed)))

    @property
    def axes(self) -> dict[str, np.ndarray]:
        """``{parameter: values}`` of the grid."""
        return self.grid.axes

    @property
    def parameters(self) -> tuple[str, ...]:
        """The grid's parameter names."""
        return self.grid.names

    @property
    def shape(self) -> tuple[int, ...]:
        return self.grid.shape

    def labels_of(self, code: int) -> tuple[str, ...]:
        """The labels whose bit is set in ``code``.

        >>> import sympy as sp
        >>> m = sp.Symbol("m")
        >>> rm = region_map({"A": m > 0, "B": m > 1}, {"m": [0.5, 2.0]})
        >>> rm.labels_of(3)
        ('A', 'B')
        """
        code = int(code)
        if not 0 <= code < 2 ** len(self.labels):
            raise InvalidParameterError(
                f"code {code} is not a set of this map's {len(self.labels)} labels"
            )
        return tuple(label for b, label in enumerate(self.labels) if code >> b & 1)

    def region_name(self, code: int) -> str:
        """The readable name of the region with this code."""
        return region_name(self.labels_of(code))

    @functools.cached_property
    def _code_counts(self) -> tuple[tuple[int, int], ...]:
        flat = self.codes.reshape(-1)
        if self.codes.dtype.itemsize <= 2:
            counts = np.bincount(flat, minlength=1)
            present = np.flatnonzero(counts)
            return tuple((int(c), int(counts[c])) for c in present)
        values, counts = np.unique(flat, return_counts=True)
        return tuple((int(v), int(k)) for v, k in zip(values, counts, strict=True))

    @property
    def regions(self) -> dict[int, str]:
        """``{code: name}`` of the regions present, by increasing code."""
        return {code: self.region_name(code) for code, _ in self._code_counts}

    @property
    def counts(self) -> dict[str, int]:
        """``{region name: number of grid points}`` of the regions present."""
        return {self.region_name(code): count for code, count in self._code_counts}

    @property
    def fractions(self) -> dict[str, float]:
        """``{region name: fraction of grid points}``; on an evenly spaced product grid, the
        fraction of the parameter box's area (volume) up to the grid's resolution."""
        size = self.grid.size
        return {self.region_name(code): count / size for code, count in self._code_counts}

    def holds(self, label: str) -> np.ndarray:
        """Boolean array of shape ``grid.shape``: where the condition ``label`` holds."""
        if label not in self.labels:
            raise InvalidParameterError(
                f"no condition labelled {label!r}; the labels are {list(self.labels)}"
            )
        bit = self.labels.index(label)
        return ((self.codes >> self.codes.dtype.type(bit)) & self.codes.dtype.type(1)) == 1

    def to_frame(self) -> pd.DataFrame:
        """One row per grid point: the parameters, ``code``, ``region`` (categorical) and one
        boolean column per label."""
        pandas = _import_pandas()
        clashes = {"code", "region", *self.labels} & set(self.parameters)
        if len(set(self.labels) | {"code", "region"}) != len(self.labels) + 2 or clashes:
            raise InvalidParameterError(
                "to_frame needs labels and parameters distinct from each other and from "
                f"'code' and 'region'; clashing names: {sorted(clashes) or self.labels}"
            )
        frame = self.grid.to_frame()
        flat = self.codes.reshape(-1)
        frame["code"] = flat
        present = [code for code, _ in self._code_counts]
        names = [self.region_name(code) for code in present]
        frame["region"] = pandas.Categorical.from_codes(
            np.searchsorted(present, flat), categories=names
        )
        for label in self.labels:
            frame[label] = self.holds(label).reshape(-1)
        return frame

    def to_dict(self, *, include_codes: bool = True) -> dict[str, Any]:
        """A JSON-ready dictionary (codes as nested lists unless ``include_codes=False``)."""
        out: dict[str, Any] = {
            "kind": "product" if self.grid.product else "points",
            "parameters": {name: values.tolist() for name, values in self.axes.items()},
            "fixed": dict(self.fixed),
            "labels": list(self.labels),
            "tol": self.tol,
            "regions": [
                {
                    "code": code,
                    "name": self.region_name(code),
                    "labels": list(self.labels_of(code)),
                    "count": count,
                    "fraction": count / self.grid.size,
                }
                for code, count in self._code_counts
            ],
        }
        if include_codes:
            out["codes"] = self.codes.tolist()
        return out

    def __repr__(self) -> str:
        shape = " x ".join(f"{name}[{len(v)}]" for name, v in self.axes.items())
        if not self.grid.product:
            shape = f"{self.grid.size} points of ({', '.join(self.parameters)})"
        regions = ", ".join(
            f"{name!r}: {format_number(fraction, digits=4)}"
            for name, fraction in self.fractions.items()
        )
        fixed = ""
        if self.fixed:
            fixed = ", fixed={" + ", ".join(f"{k}={v:g}" for k, v in self.fixed.items()) + "}"
        return f"RegionMap({shape}, labels={self.labels!r}{fixed}, regions={{{regions}}})"


# -- the classification -------------------------------------------------------------------------
def region_map(
    conditions: Mapping[str, Any],
    grid: ParameterGrid | Mapping[Any, Any],
    *,
    fixed: Mapping[Any, Any] | None = None,
    tol: float = 0.0,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: bool | None = None,
    client: Any = None,
) -> RegionMap:
    """Classify every grid point by the set of labels whose condition holds there.

    Parameters
    ----------
    conditions
        ``{label: condition}``: sympy Booleans (relationals combined with And/Or/Not/ITE,
        boolean Piecewise; sides may use Min, Max, Abs, Piecewise...) or Python bools.  The
        ``b``-th label is bit ``b`` of the codes; at most :data:`MAX_LABELS` labels.
    grid
        A :class:`~dualdilemma.analysis.sweep.ParameterGrid` or a mapping ``{name or symbol:
        axis}`` (its Cartesian product).  Symbols are matched to parameters by name.
    fixed
        ``{name or symbol: value}`` for symbols of the conditions that are not grid axes.
    tol
        Boundary half-width for float grids (module docstring); ``0`` evaluates the
        relationals exactly as written.
    chunk_size, progress, client
        As in :func:`~dualdilemma.analysis.sweep.sweep`: bounded-memory chunks, progress bar,
        optional ``dask.distributed.Client``.  The codes are identical either way.

    Returns
    -------
    RegionMap
        Codes of shape ``grid.shape``, region names, counts and fractions.

    Raises
    ------
    InvalidParameterError
        No conditions, too many, a condition that is not a Boolean, a symbol that is neither an
        axis nor fixed, a fixed value on an axis, grid values outside a symbol's declared
        domain, a negative or non-finite ``tol``.

    Examples
    --------
    The linear public-good game with marginal per-capita return :math:`m` and :math:`n`
    players: contributing is dominant iff :math:`m > 1` and all contributing beats none iff
    :math:`nm > 1` (Ledyard 1995).

    >>> m, n = sp.symbols("m n", positive=True)
    >>> conditions = {"dominant": m > 1, "efficient": n * m > 1}
    >>> rm = region_map(conditions, {m: [0.25, 0.5, 1.5, 2.0], n: [2, 4, 8]})
    >>> rm.codes
    array([[0, 0, 2],
           [0, 2, 2],
           [3, 3, 3],
           [3, 3, 3]], dtype=uint8)
    >>> rm.counts
    {'none': 3, 'efficient': 3, 'dominant & efficient': 6}
    >>> rm
    RegionMap(m[4] x n[3], labels=('dominant', 'efficient'), regions={'none': 0.25, ...})
    """
    grid = as_grid(grid)
    if not isinstance(conditions, Mapping):
        raise InvalidParameterError(
            "conditions must be a mapping {label: sympy Boolean}, "
            f"got {type(conditions).__name__}"
        )
    if not conditions:
        raise InvalidParameterError("region_map needs at least one condition")
    if len(conditions) > MAX_LABELS:
        raise InvalidParameterError(
            f"region_map encodes at most {MAX_LABELS} conditions, got {len(conditions)}"
        )
    tol = float(tol)
    if not np.isfinite(tol) or tol < 0:
        raise InvalidParameterError(f"tol must be a finite number >= 0, got {tol!r}")
    checked = [_check_condition(label, c) for label, c in conditions.items()]
    labels = tuple(label for label, _ in checked)
    fixed_values = _check_fixed(fixed, grid)
    kernel = _ConditionKernel(
        labels,
        tuple(condition for _, condition in checked),
        fixed=fixed_values,
        tol=tol,
        dtype=np.dtype(np.min_scalar_type(2 ** len(labels) - 1)),
    )
    axes = grid.axes
    for label, condition in zip(labels, kernel.conditions, strict=True):
        missing = sorted(
            s.name
            for s in condition.free_symbols
            if s.name not in axes and s.name not in fixed_values
        )
        if missing:
            raise InvalidParameterError(
                f"condition {label!r} uses {missing}, neither grid axes {list(axes)} nor fixed "
                f"{list(fixed_values)}"
            )
    symbols = set().union(*(c.free_symbols for c in kernel.conditions))
    for symbol in sorted(symbols, key=lambda s: s.name):
        if symbol.name in axes:
            _check_domain(symbol, axes[symbol.name], "parameter")
        else:
            _check_domain(symbol, np.array([fixed_values[symbol.name]]), "fixed parameter")
    kernel.compile()  # fail early, here, on anything lambdify cannot translate
    parts = map_chunks(
        kernel,
        grid,
        chunk_size=chunk_size,
        progress=progress,
        client=client,
        description="region map",
    )
    codes = parts[0] if len(parts) == 1 else np.concatenate(parts)
    codes.setflags(write=False)  # frozen here, so RegionMap need not copy
    return RegionMap(
        grid=grid,
        labels=labels,
        codes=codes.reshape(grid.shape),
        tol=tol,
        fixed=fixed_values,
    )


def _check_fixed(fixed: Mapping[Any, Any] | None, grid: ParameterGrid) -> dict[str, float]:
    if fixed is None:
        return {}
    if not isinstance(fixed, Mapping):
        raise InvalidParameterError(
            f"fixed must be a mapping {{name: value}}, got {type(fixed).__name__}"
        )
    out = {}
    for key, value in fixed.items():
        name = _key_name(key)
        if name in grid.names:
            raise InvalidParameterError(
                f"parameter {name!r} is both a grid axis and fixed; give it only once"
            )
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InvalidParameterError(
                f"fixed parameter {name!r} must be a real number, got {value!r}"
            ) from None
        if not np.isfinite(number):
            raise InvalidParameterError(f"fixed parameter {name!r} must be finite, got {value!r}")
        out[name] = number
    return out


# -- plotting -----------------------------------------------------------------------------------
def _edges(values: np.ndarray) -> np.ndarray:
    """Cell edges around sorted centres: midpoints, and half a step beyond the ends."""
    if len(values) == 1:
        half = 0.5 * max(1.0, abs(float(values[0])))
        return np.array([values[0] - half, values[0] + half], dtype=float)
    centres = values.astype(float)
    mid = 0.5 * (centres[1:] + centres[:-1])
    return np.concatenate(
        ([centres[0] - (mid[0] - centres[0])], mid, [centres[-1] + (centres[-1] - mid[-1])])
    )


def _plot_axis(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str] | None]:
    """(order, cell edges, tick labels or None) of one axis of the map."""
    if values.dtype.kind in "biuf":
        order = np.argsort(values, kind="stable")
        return order, _edges(values[order]), None
    order = np.arange(len(values))
    return order, _edges(order), [str(v) for v in values]


def plot_region_map(
    region_map: RegionMap,
    ax: Axes | None = None,
    *,
    x: str | None = None,
    colors: Mapping[str, Any] | None = None,
    legend: bool = True,
    title: str | None = None,
    labels: Mapping[str, str] | None = None,
    point: Mapping[str, float] | None = None,
    point_label: str = "scenario",
    legend_labels: Mapping[str, str] | None = None,
) -> Axes:
    """Draw a two-parameter region map: one colour per region, a legend naming regions.

    Parameters
    ----------
    region_map
        A :class:`RegionMap` over a product grid of exactly two parameters.
    ax
        Matplotlib axes to draw on; default a new figure (``matplotlib.pyplot``, imported only
        here).
    x
        The parameter on the horizontal axis (default the grid's first); the other is vertical.
    colors
        ``{region name: matplotlib colour}`` overriding the default qualitative palette.
    legend
        Whether to add the legend (outside the axes, to the right).
    title
        Axes title; default lists the fixed parameters, if any.
    labels
        ``{parameter: axis label in words}`` (default: the parameter's name).
    point
        ``{parameter: value}`` of a point to mark (e.g. the scenario's own), drawn as a star.
    point_label
        The legend entry of ``point``.
    legend_labels
        ``{region name: legend text}`` (default: the region's name).

    Returns
    -------
    matplotlib.axes.Axes
        Save the figure with ``ax.figure.savefig(path)``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> m, n = sp.symbols("m n", positive=True)
    >>> rm = region_map({"dominant": m > 1, "efficient": n * m > 1},
    ...                 {m: np.linspace(0.05, 2, 40), n: np.arange(1, 11)})
    >>> ax = plot_region_map(rm)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('m', 'n')
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['none', 'efficient', 'dominant & efficient']
    """
    if not isinstance(region_map, RegionMap):
        raise InvalidParameterError(
            f"plot_region_map draws a RegionMap, got {type(region_map).__name__}"
        )
    grid = region_map.grid
    if not grid.product or len(grid.names) != 2:
        kind = "product grid" if grid.product else "list of points"
        raise InvalidParameterError(
            "plot_region_map draws a product grid of exactly two parameters; this map is a "
            f"{kind} over {list(grid.names)} (fix the other parameters with fixed=)"
        )
    x = grid.names[0] if x is None else x
    if x not in grid.names:
        raise InvalidParameterError(f"x must be one of {list(grid.names)}, got {x!r}")
    y = grid.names[1] if x == grid.names[0] else grid.names[0]

    from matplotlib.colors import ListedColormap, to_rgba
    from matplotlib.patches import Patch

    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8.0, 4.8), layout="constrained")

    codes = region_map.codes if x == grid.names[0] else region_map.codes.T
    x_order, x_edges, x_ticks = _plot_axis(grid.axes[x])
    y_order, y_edges, y_ticks = _plot_axis(grid.axes[y])
    codes = codes[np.ix_(x_order, y_order)]

    present = list(region_map.regions)
    names = [region_map.region_name(code) for code in present]
    palette = _palette(len(present))
    chosen = [to_rgba((colors or {}).get(name, palette[i])) for i, name in enumerate(names)]
    ranks = np.searchsorted(present, codes)
    ax.pcolormesh(
        x_edges,
        y_edges,
        ranks.T,
        cmap=ListedColormap(chosen),
        vmin=-0.5,
        vmax=len(present) - 0.5,
        shading="flat",
    )
    ax.set_xlabel((labels or {}).get(x, x))
    ax.set_ylabel((labels or {}).get(y, y))
    if point is not None and x in point and y in point:
        ax.plot(
            [point[x]],
            [point[y]],
            marker="*",
            markersize=14,
            color="white",
            markeredgecolor="black",
            linestyle="none",
            label=point_label,
            zorder=5,
        )
    if x_ticks is not None:
        ax.set_xticks(np.arange(len(x_ticks)), x_ticks)
    if y_ticks is not None:
        ax.set_yticks(np.arange(len(y_ticks)), y_ticks)
    if title is None and region_map.fixed:
        title = ", ".join(f"{k} = {v:g}" for k, v in region_map.fixed.items())
    if title:
        ax.set_title(title)
    if legend:
        texts = legend_labels or {}
        handles = [
            Patch(facecolor=color, edgecolor="none", label=texts.get(name, name))
            for color, name in zip(chosen, names, strict=True)
        ]
        handles += [line for line in ax.get_lines() if line.get_label() == point_label]
        if legend_labels:  # long, exact meanings: below the map, one per line
            ax.legend(
                handles=handles,
                title="region",
                loc="upper left",
                fontsize=8,
                bbox_to_anchor=(0.0, -0.14),
            )
        else:
            ax.legend(handles=handles, title="region", loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return ax


def _palette(count: int) -> list[Any]:
    import matplotlib

    name = "tab10" if count <= 10 else "tab20"
    cmap = matplotlib.colormaps[name]
    if count <= cmap.N:
        return [cmap(i) for i in range(count)]
    turbo = matplotlib.colormaps["turbo"]
    return [turbo(t) for t in np.linspace(0.0, 1.0, count)]
