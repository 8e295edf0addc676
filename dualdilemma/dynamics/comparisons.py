r"""The model against the regimes' history (MODEL s.5 and s.7; claims C5 and C6).

Three comparisons:

Founding groups of the built-in scenarios (C5, smallest group first)
    :func:`scenario_founding_comparison`: for each built-in scenario (issue 5's
    ``dualdilemma/data/scenarios``), the historical group it stands for (its ``[regime]``
    members, and the regime's founding size from the shipped history) beside the smallest
    effective cartel with exporting outsiders and the smallest effective self-enforcing cartel
    of the scenario's market, and the overlap of the latter with the historical group.

Founding groups in a simulation
    The historical founding group sizes (NSG 7, Zangger 15, Australia Group 15, MTCR 7, ...)
    beside, for the market of the simulation's first year, the size of the smallest effective
    cartel when outsiders export (:func:`~dualdilemma.cartels.minimal.minimal_effective_cartels`),
    the size of the year's revision target (smallest effective *and* self-enforcing cartel) and
    the distribution over histories of the size of the member set the first revision creates.
    Where supplier names match a regime's founders (a scenario using country names), the
    overlap is listed.

Punctuation (C6)
    The kurtosis and L-kurtosis of a regime's yearly membership changes (NSG 1974-2013)
    beside the simulated per-history distribution: the share of simulated histories at least as
    leptokurtic as the record, and the pooled simulated values; normal references 3 and 0.1226.
    Per-history values are over the simulated horizon; choose ``years`` to match the record's
    length for a like-for-like reading.

Burstiness against a null model (C6)
    :func:`burstiness_comparison` takes two simulations on the same random draws (common
    random numbers): the theory's (lag and neglect: a revision needs attention times gap above
    the negotiation cost) and the null model's (``revision="immediate"``: the regime adjusts
    in the year its gap opens).  For each regime with a yearly record it reports, under each
    model, the share of histories at least as bursty as the record, and the ratio theory /
    null, for two statistics: the kurtosis of yearly changes of size, and the share of the
    changes of size that came in a year with a proliferation shock or one or two years after
    one (a statistic of every change, not of the single largest).  A history whose size never
    changes is not bursty: it counts in the denominator and never as "at least as bursty".
    Without the null model a share means little: when every history makes exactly one change
    its kurtosis is forced, :math:`1 / (p (1 - p)) - 3` with :math:`p = 1 / T`.

Lags (C6, shock and lag)
    Each historical shock-response lag (India 1974 -> 1975 and 1978, Iraq 1984 -> 1985,
    Iraq 1991 -> 1992, ...) beside the simulated distribution of *shock lags*, the years from an
    episode's first shock to the revision that closes it: the share of simulated lags at most
    as long, and exactly as long.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dualdilemma.cartels.minimal import minimal_effective_cartels
from dualdilemma.cartels.sustainable import smallest_sustainable_cartel
from dualdilemma.dynamics.moments import NORMAL_KURTOSIS, NORMAL_L_KURTOSIS
from dualdilemma.dynamics.simulation import Simulation, integer_distribution
from dualdilemma.dynamics.tables import RegimeTables
from dualdilemma.errors import GameTooLargeError, InvalidParameterError
from dualdilemma.history import ChangeStatistics, HistoryData, load_history
from dualdilemma.limits import search_time_limit

__all__ = [
    "ScenarioFounding",
    "scenario_founding_comparison",
    "FoundingRow",
    "FoundingComparison",
    "KurtosisComparison",
    "LagRow",
    "LagComparison",
    "HistoryComparison",
    "RecordBurstiness",
    "BurstinessRow",
    "BurstinessComparison",
    "record_burstiness",
    "burstiness_comparison",
    "founding_comparison",
    "kurtosis_comparison",
    "lag_comparison",
    "compare_with_history",
]


@dataclass(frozen=True)
class ScenarioFounding:
    """A built-in scenario's historical group beside the model's smallest groups."""

    scenario: str
    year: int | None
    regime: str | None
    regime_name: str
    recorded_members: tuple[str, ...]
    founding_size: int | None
    minimal_effective_size: int | None
    minimal_effective: tuple[str, ...] | None
    sustainable: tuple[str, ...] | None
    sustainable_complete: bool
    sustainable_reason: str

    @property
    def overlap(self) -> tuple[str, ...]:
        """Members of the smallest sustainable cartel that belonged to the historical group."""
        return tuple(m for m in self.sustainable or () if m in set(self.recorded_members))

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "year": self.year,
            "regime": self.regime,
            "regime_name": self.regime_name,
            "recorded_members": list(self.recorded_members),
            "recorded_size": len(self.recorded_members),
            "founding_size": self.founding_size,
            "minimal_effective_size": self.minimal_effective_size,
            "minimal_effective": None
            if self.minimal_effective is None
            else list(self.minimal_effective),
            "sustainable": None if self.sustainable is None else list(self.sustainable),
            "sustainable_size": None if self.sustainable is None else len(self.sustainable),
            "sustainable_complete": self.sustainable_complete,
            "sustainable_reason": self.sustainable_reason,
            "overlap": list(self.overlap),
        }


def scenario_founding_comparison(
    names: Sequence[str] | None = None, *, history: HistoryData | None = None
) -> tuple[ScenarioFounding, ...]:
    """Historical groups of built-in scenarios against the model's smallest groups.

    ``names`` selects built-in scenarios or scenario files (default: every built-in one that
    has a ``[regime]`` table).  Scenarios without a discount factor get no sustainable cartel.

    >>> (row,) = scenario_founding_comparison(["nsg-1975"])
    >>> row.regime, len(row.recorded_members), row.founding_size
    ('NSG', 7, 7)
    >>> row.minimal_effective_size, len(row.sustainable), len(row.overlap)
    (12, 14, 6)
    """
    from dualdilemma.scenarios import builtin_scenarios, load_scenario

    data = load_history() if history is None else history
    specs = list(builtin_scenarios()) if names is None else list(names)
    rows = []
    for spec in specs:
        scenario = load_scenario(spec)
        if scenario.regime is None:
            if names is None:
                continue
            raise InvalidParameterError(f"scenario {spec!r} has no [regime] table to compare")
        try:
            regime = data.regime(scenario.regime.name)
        except InvalidParameterError:
            regime = None
        minimal = minimal_effective_cartels(scenario.market, scenario.tolerance)
        sustainable, complete, reason = None, False, "the scenario gives no discount factor"
        if scenario.discount is not None:
            try:
                found = smallest_sustainable_cartel(
                    scenario.market,
                    tolerance=scenario.tolerance,
                    discount=scenario.discount,
                    detection=scenario.detection,
                    punishment=scenario.punishment,
                    time_limit=search_time_limit(),
                )
            except GameTooLargeError as exc:  # today's regimes: 35-52 suppliers
                reason = str(exc)
            else:
                sustainable, complete, reason = found.cartel, found.complete, found.reason
        rows.append(
            ScenarioFounding(
                scenario=scenario.name,
                year=scenario.regime.year if scenario.regime.year is not None else scenario.year,
                regime=None if regime is None else regime.key,
                regime_name=scenario.regime.name,
                recorded_members=scenario.regime.members,
                founding_size=None if regime is None else regime.founding_size,
                minimal_effective_size=minimal.smallest_size,
                minimal_effective=minimal.smallest[0] if minimal.smallest else None,
                sustainable=sustainable,
                sustainable_complete=complete,
                sustainable_reason=reason,
            )
        )
    return tuple(rows)


@dataclass(frozen=True)
class FoundingRow:
    """One regime's founding group beside the model's."""

    regime: str
    name: str
    founded_year: int
    founding_size: int | None
    estimate: bool
    overlap: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "name": self.name,
            "founded_year": self.founded_year,
            "founding_size": self.founding_size,
            "estimate": self.estimate,
            "overlap_with_model_target": list(self.overlap),
        }


@dataclass(frozen=True)
class FoundingComparison:
    """Historical founding sizes and the model's smallest groups (module docstring)."""

    year: int
    minimal_effective_size: int | None
    minimal_effective: tuple[tuple[str, ...], ...]
    target: tuple[str, ...] | None
    simulated: dict[str, Any] | None
    rows: tuple[FoundingRow, ...]

    @property
    def target_size(self) -> int | None:
        return None if self.target is None else len(self.target)

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "minimal_effective_size": self.minimal_effective_size,
            "minimal_effective": [list(c) for c in self.minimal_effective],
            "target": None if self.target is None else list(self.target),
            "target_size": self.target_size,
            "simulated_founding_size": self.simulated,
            "regimes": [r.to_dict() for r in self.rows],
        }


def founding_comparison(
    setting: RegimeTables | Simulation,
    *,
    year: int | None = None,
    history: HistoryData | None = None,
) -> FoundingComparison:
    """Founding group sizes of every shipped regime against the model's (module docstring).

    Parameters
    ----------
    setting
        Regime tables, or a simulation (which adds the simulated founding sizes).
    year
        The year label whose market is analysed (default the first year).
    history
        The history data (default the shipped files).

    Examples
    --------
    >>> from dualdilemma.dynamics.settings import demonstration_setting
    >>> from dualdilemma.dynamics.tables import regime_tables
    >>> demo = demonstration_setting()
    >>> tables = regime_tables(demo.market, demo.capacity_paths, discount=demo.discount,
    ...                        start_year=demo.start_year, years=5)
    >>> found = founding_comparison(tables)
    >>> found.minimal_effective_size, found.target_size
    (5, 5)
    >>> [(r.regime, r.founding_size) for r in found.rows][:4]
    [('NSG', 7), ('ZC', 15), ('AG', 15), ('MTCR', 7)]
    """
    simulation = setting if isinstance(setting, Simulation) else None
    tables = setting.tables if isinstance(setting, Simulation) else setting
    if not isinstance(tables, RegimeTables):
        raise InvalidParameterError(
            f"setting must be RegimeTables or a Simulation, got {type(setting).__name__}"
        )
    t = 0 if year is None else _year_index(tables, year)
    minimal = minimal_effective_cartels(tables.market_in(t), tables.tolerance)
    target = tables.target(t)
    data = load_history() if history is None else history
    rows = []
    for regime in data.regimes.values():
        founders = {f.member for f in regime.founders if f.role == "founder"}
        overlap = tuple(n for n in (target or ()) if n in founders)
        rows.append(
            FoundingRow(
                regime=regime.key,
                name=regime.name,
                founded_year=regime.founded_year,
                founding_size=regime.founding_size,
                estimate=regime.estimate,
                overlap=overlap,
            )
        )
    simulated = None
    if simulation is not None:
        sizes = simulation.founding_size
        simulated = integer_distribution(sizes[sizes >= 0])
    return FoundingComparison(
        year=tables.years[t],
        minimal_effective_size=minimal.smallest_size,
        minimal_effective=minimal.smallest,
        target=target,
        simulated=simulated,
        rows=tuple(rows),
    )


def _year_index(tables: RegimeTables, year: int) -> int:
    if year not in tables.years:
        raise InvalidParameterError(
            f"year {year!r} is outside the tables' years {tables.years[0]}-{tables.years[-1]}"
        )
    return tables.years.index(year)


@dataclass(frozen=True)
class KurtosisComparison:
    """A regime's punctuation against the simulated histories (module docstring)."""

    regime: str
    historical: ChangeStatistics
    simulated_changes_per_history: int
    share_at_least_kurtosis: float | None
    share_at_least_l_kurtosis: float | None
    simulated_kurtosis: dict[str, Any]
    simulated_l_kurtosis: dict[str, Any]
    pooled_kurtosis: float | None
    pooled_l_kurtosis: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "historical": self.historical.to_dict(),
            "simulated_changes_per_history": self.simulated_changes_per_history,
            "share_of_histories_with_kurtosis_at_least_historical": self.share_at_least_kurtosis,
            "share_of_histories_with_l_kurtosis_at_least_historical": (
                self.share_at_least_l_kurtosis
            ),
            "simulated_kurtosis": self.simulated_kurtosis,
            "simulated_l_kurtosis": self.simulated_l_kurtosis,
            "pooled_kurtosis": self.pooled_kurtosis,
            "pooled_l_kurtosis": self.pooled_l_kurtosis,
            "normal_kurtosis": NORMAL_KURTOSIS,
            "normal_l_kurtosis": NORMAL_L_KURTOSIS,
        }


def _share_at_least(sample: np.ndarray, value: float) -> float | None:
    defined = sample[~np.isnan(sample)]
    if defined.size == 0 or value != value:
        return None
    return float(np.mean(defined >= value))


def kurtosis_comparison(
    simulation: Simulation, regime: str = "NSG", *, history: HistoryData | None = None
) -> KurtosisComparison:
    """The record's kurtosis and L-kurtosis of yearly changes against the simulation's.

    Histories whose membership never changed have no kurtosis and are left out of the shares.
    """
    if not isinstance(simulation, Simulation):
        raise InvalidParameterError(
            f"kurtosis_comparison needs a Simulation, got {type(simulation).__name__}"
        )
    data = load_history() if history is None else history
    record = data.regime(regime)
    stats = record.change_statistics()
    summary = simulation.summary
    return KurtosisComparison(
        regime=record.key,
        historical=stats,
        simulated_changes_per_history=len(simulation.years),
        share_at_least_kurtosis=_share_at_least(simulation.kurtosis, stats.kurtosis),
        share_at_least_l_kurtosis=_share_at_least(simulation.l_kurtosis, stats.l_kurtosis),
        simulated_kurtosis=summary.history_kurtosis,
        simulated_l_kurtosis=summary.history_l_kurtosis,
        pooled_kurtosis=summary.changes["kurtosis"],
        pooled_l_kurtosis=summary.changes["l_kurtosis"],
    )


def _shock_led(changes: np.ndarray, years: np.ndarray, shock_years: set[int]) -> tuple[int, int]:
    """``(changes of size, those in a shock year or one or two years after one)``."""
    moved = [int(y) for y, c in zip(years[1:], changes, strict=True) if c != 0]
    led = [y for y in moved if shock_years & {y, y - 1, y - 2}]
    return len(moved), len(led)


@dataclass(frozen=True)
class RecordBurstiness:
    """A regime's yearly record: kurtosis of its yearly changes and its shock-led changes."""

    regime: str
    years: tuple[int, int]
    kurtosis: float | None
    size_changes: int
    shock_led_changes: int
    shock_years: tuple[int, ...]

    @property
    def shock_led_share(self) -> float | None:
        return self.shock_led_changes / self.size_changes if self.size_changes else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "years": list(self.years),
            "kurtosis": self.kurtosis,
            "size_changes": self.size_changes,
            "shock_led_changes": self.shock_led_changes,
            "shock_led_share": self.shock_led_share,
            "shock_years": list(self.shock_years),
        }


def record_burstiness(regime: str, *, history: HistoryData | None = None) -> RecordBurstiness:
    """The burstiness statistics of ``regime``'s yearly record (its proliferation shocks).

    >>> record = record_burstiness("NSG")
    >>> record.years, round(record.kurtosis, 2), record.shock_years
    ((1974, 2013), 11.97, (1974, 1991))
    >>> 0 < record.shock_led_changes < record.size_changes
    True
    """
    data = load_history() if history is None else history
    record = data.regime(regime)
    stats = record.change_statistics()
    years, _ = record.series()
    shock_years = sorted(
        {
            y
            for s in record.shocks
            if s.kind == "proliferation"
            for y in range(s.shock_year, s.shock_year_end + 1)
        }
    )
    moved, led = _shock_led(np.asarray(stats.changes), years, set(shock_years))
    return RecordBurstiness(
        regime=record.key,
        years=stats.years,
        kurtosis=None if stats.kurtosis != stats.kurtosis else float(stats.kurtosis),
        size_changes=moved,
        shock_led_changes=led,
        shock_years=tuple(shock_years),
    )


def _at_least(sample: np.ndarray, value: float | None) -> float | None:
    """Share of all entries at least ``value`` (NaN entries count as below)."""
    if value is None or sample.size == 0:
        return None
    with np.errstate(invalid="ignore"):
        return float(np.mean(np.nan_to_num(sample, nan=-np.inf) >= value))


def _ratio(theory: float | None, null: float | None) -> float | None:
    if theory is None or null is None or null == 0:
        return None
    return theory / null


@dataclass(frozen=True)
class BurstinessRow:
    """One regime and statistic: the record, and the share of histories at least as bursty
    under the theory and under the null model (``ratio`` is ``None`` when the null share is
    0: the record is then out of the null model's reach)."""

    regime: str
    statistic: str
    record: float | None
    theory_share: float | None
    null_share: float | None

    @property
    def ratio(self) -> float | None:
        return _ratio(self.theory_share, self.null_share)

    def to_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "statistic": self.statistic,
            "record": self.record,
            "theory_share_at_least_as_bursty": self.theory_share,
            "null_share_at_least_as_bursty": self.null_share,
            "ratio": self.ratio,
        }


@dataclass(frozen=True)
class BurstinessComparison:
    """The records against the theory and the null model (module docstring)."""

    records: tuple[RecordBurstiness, ...]
    rows: tuple[BurstinessRow, ...]
    theory: dict[str, Any]
    null: dict[str, Any]
    years: int

    def row(self, regime: str, statistic: str) -> BurstinessRow:
        for r in self.rows:
            if r.regime == regime and r.statistic == statistic:
                return r
        raise InvalidParameterError(f"no row for {regime!r} and {statistic!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "simulated_years": self.years,
            "records": [r.to_dict() for r in self.records],
            "rows": [r.to_dict() for r in self.rows],
            "theory": self.theory,
            "null_model": self.null,
        }


def _model_summary(simulation: Simulation) -> dict[str, Any]:
    summary = simulation.summary
    return {
        "revision": simulation.revision,
        "pooled_kurtosis": summary.changes["kurtosis"],
        "shock_led_share": summary.shock_led["share"],
        "mean_size_changes": float(simulation.size_changes.mean()),
        "histories_without_change": int((simulation.size_changes == 0).sum()),
    }


def burstiness_comparison(
    theory: Simulation,
    null: Simulation,
    regimes: Sequence[str] | None = None,
    *,
    history: HistoryData | None = None,
) -> BurstinessComparison:
    """Each regime's record against paired simulations of the theory and the null model.

    ``regimes`` defaults to every regime with a yearly record.  The two simulations must be
    paired: the same tables, histories and seed, with revision rules ``"attention"`` and
    ``"immediate"``.

    >>> from dualdilemma.dynamics.settings import demonstration_setting
    >>> from dualdilemma.dynamics.simulation import simulate
    >>> demo = demonstration_setting()
    >>> options = demo.simulate_options() | {"years": 40}
    >>> theory = simulate(demo.market, histories=2000, seed=1, **options)
    >>> null = simulate(theory.tables, histories=2000, seed=1, dynamics=theory.dynamics,
    ...                 revision="immediate")
    >>> found = burstiness_comparison(theory, null)
    >>> row = found.row("NSG", "shock_led_share")
    >>> row.theory_share > row.null_share
    True
    """
    if not isinstance(theory, Simulation) or not isinstance(null, Simulation):
        raise InvalidParameterError("burstiness_comparison needs two Simulations")
    if (theory.revision, null.revision) != ("attention", "immediate"):
        raise InvalidParameterError(
            "burstiness_comparison needs the theory (revision='attention') and the null model "
            f"(revision='immediate'), got {theory.revision!r} and {null.revision!r}"
        )
    if (
        theory.seed != null.seed
        or theory.histories != null.histories
        or theory.tables is not null.tables
        and theory.tables.to_dict() != null.tables.to_dict()
    ):
        raise InvalidParameterError(
            "the theory and the null model must run on the same draws: the same tables, "
            "number of histories and seed"
        )
    data = load_history() if history is None else history
    if regimes is None:
        regimes = [key for key, r in data.regimes.items() if r.yearly]
    records = tuple(record_burstiness(r, history=data) for r in regimes)
    rows = []
    for record in records:
        for statistic, value, pick in (
            ("kurtosis", record.kurtosis, lambda sim: sim.kurtosis),
            ("shock_led_share", record.shock_led_share, lambda sim: sim.shock_led_share),
        ):
            rows.append(
                BurstinessRow(
                    regime=record.regime,
                    statistic=statistic,
                    record=value,
                    theory_share=_at_least(pick(theory), value),
                    null_share=_at_least(pick(null), value),
                )
            )
    return BurstinessComparison(
        records=records,
        rows=tuple(rows),
        theory=_model_summary(theory),
        null=_model_summary(null),
        years=len(theory.years),
    )


@dataclass(frozen=True)
class LagRow:
    """A historical lag beside the simulated shock lags."""

    label: str
    shock: str
    response: str
    lag: int
    estimate: bool
    share_at_most: float | None
    share_equal: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "shock": self.shock,
            "response": self.response,
            "lag": self.lag,
            "estimate": self.estimate,
            "simulated_share_at_most": self.share_at_most,
            "simulated_share_equal": self.share_equal,
        }


@dataclass(frozen=True)
class LagComparison:
    """Historical shock-response lags against the simulated shock lags."""

    rows: tuple[LagRow, ...]
    simulated: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"historical": [r.to_dict() for r in self.rows], "simulated": self.simulated}


def lag_comparison(
    simulation: Simulation,
    *,
    kind: str | None = "proliferation",
    history: HistoryData | None = None,
) -> LagComparison:
    """Each recorded shock-response lag of ``kind`` against the simulated shock lags.

    >>> from dualdilemma.dynamics.plots import _example
    >>> lags = lag_comparison(_example())
    >>> [(row.label, row.lag) for row in lags.rows][:4]
    [('NSG 1974 -> 1975', 1), ('NSG 1974 -> 1978', 4), ('NSG 1991 -> 1992', 1), ('AG 1984 -> 1985', 1)]
    >>> 0 < lags.rows[0].share_at_most <= lags.rows[1].share_at_most <= 1
    True
    """  # noqa: E501
    if not isinstance(simulation, Simulation):
        raise InvalidParameterError(
            f"lag_comparison needs a Simulation, got {type(simulation).__name__}"
        )
    data = load_history() if history is None else history
    lags = simulation.episodes.shock_lags
    rows = []
    for item in data.shock_responses(kind):
        rows.append(
            LagRow(
                label=item.label,
                shock=item.shock,
                response=item.response,
                lag=item.lag,
                estimate=item.estimate,
                share_at_most=float(np.mean(lags <= item.lag)) if lags.size else None,
                share_equal=float(np.mean(lags == item.lag)) if lags.size else None,
            )
        )
    return LagComparison(tuple(rows), integer_distribution(lags))


@dataclass(frozen=True)
class HistoryComparison:
    """All three comparisons of a simulation with the record."""

    founding: FoundingComparison
    kurtosis: KurtosisComparison
    lags: LagComparison

    def to_dict(self) -> dict[str, Any]:
        return {
            "founding": self.founding.to_dict(),
            "kurtosis": self.kurtosis.to_dict(),
            "lags": self.lags.to_dict(),
        }


def compare_with_history(
    simulation: Simulation, regime: str = "NSG", *, history: HistoryData | None = None
) -> HistoryComparison:
    """Founding sizes, punctuation (against ``regime``'s yearly series) and lags."""
    return HistoryComparison(
        founding=founding_comparison(simulation, history=history),
        kurtosis=kurtosis_comparison(simulation, regime, history=history),
        lags=lag_comparison(simulation, history=history),
    )
