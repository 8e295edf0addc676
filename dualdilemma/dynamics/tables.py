r"""Regime tables: each year's revision target and the gap of every reachable membership.

The regime dynamics of MODEL s.5 need, in year :math:`t`, the gap :math:`g_t(R)` of the current
member set :math:`R` and, when a revision happens, the year's target
:math:`R^*_t`, the minimal effective sustainable cartel.  Both are cartel computations on the
market of year :math:`t` (capacities from the paths), far too slow to repeat inside a Monte
Carlo over many histories.  They do not depend on the history, however, and the member set of
any history only ever takes finitely many values: it starts at :math:`R_0` (``initial``) and
changes only at revisions, each time to the target of the revision's year.  The reachable
member sets are therefore

.. math::

    \mathcal{R} = \{R_0\} \cup \{R^*_t : t = 0, \dots, T\},

at most :math:`T + 2` sets and usually a handful.  This module computes, once:

* ``targets[t]``: the index in :math:`\mathcal{R}` of :math:`R^*_t`
  (:func:`~dualdilemma.cartels.sustainable.smallest_sustainable_cartel`: the smallest
  effective cartel self-enforcing at the discount factor and detection probability, ties by
  larger capacity), or :math:`-1` when no effective cartel is self-enforcing that year;
* ``gaps[s, t]``: the leakage :math:`q` of the market of year :math:`t` when the members of
  the :math:`s`-th set control and the outsiders reply (``outsiders="best_reply"``: the
  outsiders' pure equilibrium with the highest risk, as in
  :func:`~dualdilemma.cartels.analysis.analyse_cartel`; ``"export"``: every outsider exports,
  the dense market of C1);
* ``open[s, t]``: whether that gap exceeds the tolerance :math:`\tau` (the set is not
  effective), compared as the target search compares it.

Floating point (the default, ``exact=False``) is some ten times faster than Fraction
arithmetic but would let rounding decide knife-edge cases such as a leakage of exactly
:math:`\tau = 1/10`; both the target search and ``open`` therefore count a float leakage within
:data:`FLOAT_SLACK` of :math:`\tau` as meeting it, so that floats agree with exact arithmetic
wherever the two differ by more than the slack.

Markets of years with identical capacities are computed once.  The per-year work runs through
:func:`~dualdilemma.analysis.sweep.map_chunks`, so it shows a progress bar and can run on a
Dask cluster.  Capacity paths shorter than the horizon hold their last value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from dualdilemma.analysis.sweep import map_chunks, parameter_points
from dualdilemma.cartels.analysis import CartelMarket, check_tolerance
from dualdilemma.cartels.enlargement import market_in_year
from dualdilemma.cartels.sustainable import smallest_sustainable_cartel
from dualdilemma.errors import InvalidParameterError
from dualdilemma.models.export_market import CONTROL, EXPORT, ExportMarket
from dualdilemma.repeated.critical_discount import check_detection, check_discount
from dualdilemma.solvers.result import json_number
from dualdilemma.symbolic.parameters import NONNEGATIVE, validate_number

__all__ = ["RegimeTables", "regime_tables", "OUTSIDER_REPLIES", "FLOAT_SLACK", "check_members"]

#: How outsiders act when the gap of a member set is measured.
OUTSIDER_REPLIES = ("best_reply", "export")
#: In floating point a leakage up to tolerance + FLOAT_SLACK counts as effective.
FLOAT_SLACK = 1e-9


@dataclass(frozen=True, eq=False)
class RegimeTables:
    """Targets and gaps of the reachable member sets, year by year (module docstring).

    Attributes
    ----------
    years
        Year labels, ``start_year + t``.
    names
        Supplier names of the market.
    states
        The reachable member sets; ``states[0]`` is the initial set.
    gaps
        ``(len(states), len(years))`` float leakage of each set in each year (read-only).
    open
        Same shape, ``True`` where the gap exceeds the tolerance (read-only).
    targets
        One state index per year, ``-1`` where no effective cartel is self-enforcing.
    complete
        One flag per year: the target search was exhaustive (see
        :mod:`~dualdilemma.cartels.sustainable`).
    capacity_rows
        Each year's capacities of all suppliers (exact), in supplier order.
    notes
        Remarks worth reporting (years without a target, outsiders without a pure reply).
    """

    market: ExportMarket
    years: tuple[int, ...]
    names: tuple[str, ...]
    states: tuple[tuple[str, ...], ...]
    gaps: np.ndarray
    open: np.ndarray
    targets: np.ndarray
    complete: np.ndarray
    capacity_rows: tuple[tuple[Fraction, ...], ...]
    tolerance: Any
    discount: Any
    detection: Any
    punishment: str
    outsiders: str
    required: tuple[str, ...]
    exact: bool
    notes: tuple[str, ...]

    def __post_init__(self) -> None:
        for name in ("gaps", "open", "targets", "complete"):
            array = np.array(getattr(self, name))
            array.setflags(write=False)
            object.__setattr__(self, name, array)

    @property
    def sizes(self) -> np.ndarray:
        """Number of members of each state."""
        return np.array([len(s) for s in self.states], dtype=np.int64)

    @property
    def num_years(self) -> int:
        return len(self.years)

    @property
    def capacities(self) -> np.ndarray:
        """``(len(years), len(names))`` float capacity of each supplier in each year."""
        return np.array([[float(x) for x in row] for row in self.capacity_rows])

    def target(self, t: int) -> tuple[str, ...] | None:
        """The member set a revision in year index ``t`` moves to (``None``: no target)."""
        index = int(self.targets[t])
        return None if index < 0 else self.states[index]

    def market_in(self, t: int) -> ExportMarket:
        """The market of year index ``t`` (capacities from the paths)."""
        return market_in_year(
            self.market, dict(zip(self.names, self.capacity_rows[t], strict=True))
        )

    def to_dict(self) -> dict[str, Any]:
        changes = [
            {
                "year": self.years[t],
                "target": None if self.target(t) is None else list(self.target(t)),
            }
            for t in range(self.num_years)
            if t == 0 or self.targets[t] != self.targets[t - 1]
        ]
        return {
            "years": [self.years[0], self.years[-1]],
            "suppliers": list(self.names),
            "states": [list(s) for s in self.states],
            "targets": [int(x) for x in self.targets],
            "target_changes": changes,
            "gaps": [[float(x) for x in row] for row in self.gaps],
            "complete": bool(self.complete.all()),
            "tolerance": json_number(self.tolerance),
            "discount": json_number(self.discount),
            "detection": json_number(self.detection),
            "punishment": self.punishment,
            "outsiders": self.outsiders,
            "required": list(self.required),
            "exact": self.exact,
            "notes": list(self.notes),
        }

    def __repr__(self) -> str:
        return (
            f"RegimeTables({self.num_years} years {self.years[0]}-{self.years[-1]}, "
            f"{len(self.names)} suppliers, {len(self.states)} reachable member sets)"
        )


def check_members(market: ExportMarket, members: Sequence[str], what: str) -> tuple[str, ...]:
    """Member names in market order; unknown or repeated names raise."""
    if isinstance(members, str):
        raise InvalidParameterError(f"{what} must be a list of supplier names, got {members!r}")
    names = market.names
    listed = list(members)
    for name in listed:
        if name not in names:
            raise InvalidParameterError(
                f"{what} names an unknown supplier {name!r}; suppliers are {list(names)}"
            )
    if len(set(listed)) != len(listed):
        raise InvalidParameterError(f"{what} lists a supplier twice: {listed}")
    return tuple(n for n in names if n in set(listed))


def _capacity_rows(
    market: ExportMarket,
    capacity_paths: Mapping[str, Sequence[Any]] | None,
    years: int | None,
    start_year: int,
) -> list[tuple[Fraction, ...]]:
    """Each year's capacities (all suppliers, exact), holding each path's last value."""
    base = [s.capacity for s in market.suppliers]
    paths: dict[str, list[Fraction]] = {}
    if capacity_paths is not None:
        if not isinstance(capacity_paths, Mapping):
            raise InvalidParameterError(
                "capacity_paths must map supplier names to sequences of capacities, got "
                f"{type(capacity_paths).__name__}"
            )
        lengths = {}
        for name, path in capacity_paths.items():
            if name not in market.names:
                raise InvalidParameterError(
                    f"capacity path for unknown supplier {name!r}; suppliers are "
                    f"{list(market.names)}"
                )
            if isinstance(path, str) or not isinstance(path, Sequence | np.ndarray):
                raise InvalidParameterError(
                    f"the capacity path of {name!r} must be a sequence, got {path!r}"
                )
            if len(path) == 0:
                raise InvalidParameterError(f"the capacity path of {name!r} is empty")
            lengths[name] = len(path)
            paths[name] = [
                validate_number(v, NONNEGATIVE, f"capacity of {name!r} in year {start_year + t}")
                for t, v in enumerate(path)
            ]
        if len(set(lengths.values())) > 1:
            raise InvalidParameterError(
                f"capacity paths must all have the same length, got lengths {lengths}"
            )
    length = len(next(iter(paths.values()))) if paths else None
    if years is None:
        if length is None:
            raise InvalidParameterError(
                "years is required when no capacity paths are given (the horizon)"
            )
        years = length
    index = {n: j for j, n in enumerate(market.names)}
    rows = []
    for t in range(years):
        row = list(base)
        for name, path in paths.items():
            row[index[name]] = path[min(t, len(path) - 1)]
        rows.append(tuple(row))
    return rows


class _TableKernel:
    """One distinct year market per chunk: its target (phase 1) or its gaps (phase 2).

    Markets are built where the chunk runs and cached per process; the cache is not pickled.
    """

    def __init__(
        self,
        market: ExportMarket,
        rows: list[tuple[Fraction, ...]],
        options: dict[str, Any],
        states: tuple[tuple[str, ...], ...] | None = None,
        contexts: dict[int, CartelMarket] | None = None,
    ) -> None:
        self.market = market
        self.rows = rows
        self.options = options
        self.states = states
        self._contexts = {} if contexts is None else contexts

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_contexts"] = {}
        return state

    def context(self, key: int) -> CartelMarket:
        if key not in self._contexts:
            names = self.market.names
            year_market = market_in_year(self.market, dict(zip(names, self.rows[key], strict=True)))
            self._contexts[key] = CartelMarket(year_market, exact=self.options["exact"])
        return self._contexts[key]

    def __call__(self, key: np.ndarray) -> list[Any]:
        return [self._target(int(k)) if self.states is None else self._gaps(int(k)) for k in key]

    def _target(self, key: int) -> tuple[tuple[str, ...] | None, bool, str]:
        found = smallest_sustainable_cartel(
            self.context(key),
            tolerance=self.options["tolerance"],
            discount=self.options["discount"],
            detection=self.options["detection"],
            required=self.options["required"],
            punishment=self.options["punishment"],
        )
        return found.cartel, found.complete, found.reason

    def _gaps(self, key: int) -> list[tuple[float, bool, bool]]:
        context = self.context(key)
        tolerance = self.options["tolerance"]
        n = len(context.names)
        out = []
        for state in self.states or ():
            members = context.members(state)
            fallback = False
            profile: tuple[int, ...] | None = None
            if self.options["outsiders"] == "best_reply":
                profile = context.outsider_response(members).selected
                fallback = profile is None
            if profile is None:
                profile = tuple(CONTROL if j in members else EXPORT for j in range(n))
            leak = context.outcome(profile).leakage
            out.append((float(leak), not bool(leak <= tolerance), fallback))
        return out


def regime_tables(
    market: ExportMarket,
    capacity_paths: Mapping[str, Sequence[Any]] | None = None,
    *,
    discount: Any,
    years: int | None = None,
    start_year: int = 0,
    initial: Sequence[str] = (),
    tolerance: Any = "1/10",
    detection: Any = 1,
    punishment: str = "nash",
    required: Sequence[str] = (),
    outsiders: str = "best_reply",
    exact: bool = False,
    progress: bool | None = None,
    client: Any = None,
) -> RegimeTables:
    """Precompute each year's revision target and the gaps of the reachable member sets.

    Parameters
    ----------
    market
        The export market; suppliers without a capacity path keep their capacity.
    capacity_paths
        Supplier name -> capacities for years ``0, 1, ...`` (all paths of equal length).
    discount, detection, punishment, tolerance
        Passed to :func:`~dualdilemma.cartels.sustainable.smallest_sustainable_cartel`:
        :math:`\\delta \\in [0, 1)`, :math:`\\beta \\in (0, 1]`, ``"nash"`` or ``"minmax"``,
        :math:`\\tau \\in [0, 1]`.
    years
        Horizon (number of years); default the paths' length, which it may exceed (the paths
        then hold their last value) or shorten.
    start_year
        Label of year 0.
    initial
        The regime's member set before year 0 (default: no regime).
    required
        Suppliers every target must contain (e.g. founders who never leave).
    outsiders
        ``"best_reply"`` or ``"export"``: how outsiders act when a gap is measured.
    exact
        Fraction arithmetic for the cartel analysis (slow; small markets only).  Default
        floating point.
    progress, client
        As in :func:`~dualdilemma.analysis.sweep.map_chunks` (one chunk per distinct market).

    Examples
    --------
    Two large suppliers close the market between them until a fringe supplier grows; then
    the target is the three of them, and the pair's gap opens:

    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(10, 0, 1, [Supplier("A", "1/2", 20, "1/2"),
    ...                                  Supplier("B", "1/2", 20, "1/2"),
    ...                                  Supplier("C", "1/10", 5, 0)])
    >>> tables = regime_tables(market, {"C": ["1/10", "1/10", "3/10"]}, discount="9/10",
    ...                        start_year=1975)
    >>> tables
    RegimeTables(3 years 1975-1977, 3 suppliers, 3 reachable member sets)
    >>> tables.states
    ((), ('A', 'B'), ('A', 'B', 'C'))
    >>> tables.targets.tolist()
    [1, 1, 2]
    >>> tables.gaps.round(3).tolist()
    [[0.545, 0.545, 0.615], [0.1, 0.1, 0.3], [0.0, 0.0, 0.0]]
    >>> tables.open.tolist()
    [[True, True, True], [False, False, True], [False, False, False]]
    """
    if not isinstance(market, ExportMarket):
        raise InvalidParameterError(f"market must be an ExportMarket, got {type(market).__name__}")
    if years is not None and (
        isinstance(years, bool) or not isinstance(years, int | np.integer) or years < 1
    ):
        raise InvalidParameterError(f"years must be a positive integer, got {years!r}")
    if isinstance(start_year, bool) or not isinstance(start_year, int | np.integer):
        raise InvalidParameterError(f"start_year must be an integer, got {start_year!r}")
    if outsiders not in OUTSIDER_REPLIES:
        raise InvalidParameterError(
            f"outsiders must be one of {list(OUTSIDER_REPLIES)}, got {outsiders!r}"
        )
    if punishment not in ("nash", "minmax"):
        raise InvalidParameterError(f"punishment must be 'nash' or 'minmax', got {punishment!r}")
    tau = check_tolerance(tolerance)
    options = {
        "tolerance": tau if exact else min(float(tau) + FLOAT_SLACK, 1.0),
        "discount": check_discount(discount),
        "detection": check_detection(detection),
        "punishment": punishment,
        "required": check_members(market, required, "required"),
        "outsiders": outsiders,
        "exact": bool(exact),
    }
    start = check_members(market, initial, "initial")
    rows = _capacity_rows(
        market, capacity_paths, None if years is None else int(years), int(start_year)
    )
    distinct: dict[tuple[Fraction, ...], int] = {}
    year_key = np.array([distinct.setdefault(row, len(distinct)) for row in rows], dtype=np.int64)
    keys = list(distinct)
    grid = parameter_points(key=np.arange(len(keys)))

    phase1 = _TableKernel(market, keys, options)
    found = [
        item
        for chunk in map_chunks(
            phase1,
            grid,
            chunk_size=1,
            progress=progress,
            client=client,
            description="regime targets",
        )
        for item in chunk
    ]
    labels = tuple(int(start_year) + t for t in range(len(rows)))
    states: list[tuple[str, ...]] = [start]
    notes = []
    target_of_key = []
    for k, (cartel, _, reason) in enumerate(found):
        if cartel is None:
            target_of_key.append(-1)
            first = labels[int(np.argmax(year_key == k))]
            notes.append(f"{first}: no revision target ({reason})")
            continue
        members = tuple(n for n in market.names if n in set(cartel))
        if members not in states:
            states.append(members)
        target_of_key.append(states.index(members))

    phase2 = _TableKernel(market, keys, options, tuple(states), phase1._contexts)
    measured = [
        item
        for chunk in map_chunks(
            phase2, grid, chunk_size=1, progress=progress, client=client, description="regime gaps"
        )
        for item in chunk
    ]
    gap_by_key = np.array([[g for g, _, _ in per_state] for per_state in measured]).T
    open_by_key = np.array([[o for _, o, _ in per_state] for per_state in measured]).T
    for k, per_state in enumerate(measured):
        for s, (_, _, fallback) in enumerate(per_state):
            if fallback:
                first = labels[int(np.argmax(year_key == k))]
                notes.append(
                    f"{first}: the outsiders of {list(states[s]) or 'no regime'} have no pure "
                    "equilibrium reply; their gap assumes they all export"
                )
    tables = RegimeTables(
        market=market,
        years=labels,
        names=market.names,
        states=tuple(states),
        gaps=gap_by_key[:, year_key].reshape(len(states), len(rows)),
        open=open_by_key[:, year_key].reshape(len(states), len(rows)),
        targets=np.array(target_of_key, dtype=np.int64)[year_key],
        complete=np.array([c for _, c, _ in found], dtype=bool)[year_key],
        capacity_rows=tuple(rows),
        tolerance=tau,
        discount=options["discount"],
        detection=options["detection"],
        punishment=punishment,
        outsiders=outsiders,
        required=options["required"],
        exact=bool(exact),
        notes=tuple(notes),
    )
    return tables
