"""``fit_scenario``: the theory against the historical record, over a scenario's priors.

Draw ``N`` parameter sets from the ``[priors]`` (scrambled Sobol, :mod:`.sampling`), predict
for each the founding group, the enlargement along ``[capacity_paths]`` and the leader's
verdict (:mod:`.evaluate`), and compare with the record:

* the share of the prior whose founding group is exactly the historical one, and whose founding
  *size* is right, each with a Wilson interval, beside two null models on the same draws: the
  historical number of largest suppliers by capacity, and a random group of the predicted size;
* the **posterior**: the draws that reproduce the founders (rejection sampling: the prior
  conditioned on the founding episode), its marginals and the best-fitting draws;
* **out of sample**: on the posterior draws only, the predicted accession years of the later
  members against history (Spearman's rho and the share within ``within_years``), beside a
  naive baseline on the same draws (they join in order of capacity, in the historical years);
* global **sensitivity** of the founding size to each prior group: Sobol indices (Sobol' 2001;
  Saltelli 2002) by :mod:`SALib`'s Saltelli-scheme sampler and analyser, seeded.

The chunks run one after another here or, given a ``dask.distributed.Client``, on its cluster
(:func:`~dualdilemma.analysis.sweep.map_chunks`); results are gathered in chunk order, so the
output is the same either way for a seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dualdilemma.errors import InvalidParameterError
from dualdilemma.fit.batch import FOUND, NONE_FOUND, UNDEFINED, VERDICTS
from dualdilemma.fit.evaluate import NEVER, FitSpec, evaluate_draws, fit_spec
from dualdilemma.fit.sampling import MAX_SAMPLES, check_samples, draw_values, prior_values
from dualdilemma.fit.statistics import marginal_table, row_spearman, share
from dualdilemma.scenarios import Scenario, load_scenario

__all__ = ["FitResult", "fit_scenario", "historical_accessions", "DEFAULT_SAMPLES"]

#: Draws of a fit unless told otherwise.
DEFAULT_SAMPLES = 2**12
#: Draws per chunk (bounds the memory of one evaluation).
DEFAULT_CHUNK = 2**10


@dataclass(frozen=True)
class FitResult:
    """The fit of one scenario (see the module docstring); :meth:`to_dict` is JSON-ready."""

    scenario: str
    method: str
    parameters: dict[str, Any]
    priors: tuple[dict[str, Any], ...]
    history: dict[str, Any]
    founding: dict[str, Any]
    leader: dict[str, Any]
    enlargement: dict[str, Any] | None
    out_of_sample: dict[str, Any] | None
    posterior: dict[str, Any]
    best: tuple[dict[str, Any], ...]
    sensitivity: dict[str, Any] | None
    diagnostics: tuple[str, ...]
    draws: np.ndarray = field(repr=False, compare=False)
    reproduces: np.ndarray = field(repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "method": self.method,
            "parameters": dict(self.parameters),
            "priors": [dict(p) for p in self.priors],
            "history": self.history,
            "founding": self.founding,
            "leader": self.leader,
            "enlargement": self.enlargement,
            "out_of_sample": self.out_of_sample,
            "posterior": self.posterior,
            "best": list(self.best),
            "sensitivity": self.sensitivity,
            "diagnostics": list(self.diagnostics),
        }


class _Kernel:
    """Picklable chunk function: prior columns ``p0, p1, ...`` to predictions."""

    def __init__(self, spec: FitSpec, enlargement: bool = True) -> None:
        self.spec = spec
        self.enlargement = enlargement

    def __call__(self, **columns: np.ndarray) -> dict[str, np.ndarray]:
        values = np.stack([columns[f"p{j}"] for j in range(len(columns))], axis=1)
        spec = self.spec
        if not self.enlargement and spec.years:
            import dataclasses

            spec = dataclasses.replace(spec, years=())
        return evaluate_draws(spec, values)


def _run(
    spec: FitSpec,
    values: np.ndarray,
    *,
    enlargement: bool,
    client: Any,
    progress: bool | None,
    chunk_size: int,
    description: str,
) -> dict[str, np.ndarray]:
    from dualdilemma.analysis.sweep import map_chunks, parameter_points

    grid = parameter_points(**{f"p{j}": values[:, j] for j in range(values.shape[1])})
    parts = map_chunks(
        _Kernel(spec, enlargement),
        grid,
        chunk_size=chunk_size,
        progress=progress,
        client=client,
        description=description,
    )
    return {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}


def _history_regime(scenario: Scenario) -> Any:
    """The package's history record of the scenario's ``[regime]`` (``None`` if none matches)."""
    from dualdilemma.history import load_history

    if scenario.regime is None:
        return None
    wanted = scenario.regime.name.casefold()
    for key, record in load_history().regimes.items():
        if wanted in (key.casefold(), record.name.casefold()) or wanted in record.name.casefold():
            return record
    return None


#: Earlier names a scenario may use for a state the participant tables list by today's name.
EARLIER_NAMES = {"Russia": "Soviet Union", "Germany": "West Germany"}


def historical_accessions(scenario: Scenario) -> tuple[tuple[str, int], ...]:
    """``(supplier, year)`` of the scenario's suppliers that joined its regime after it was
    founded, by year, from the package's history data (:mod:`dualdilemma.history`): the
    founders table and the official participant tables (a participant listed by today's name,
    e.g. Russia, matches a scenario supplier with its earlier name, e.g. Soviet Union)."""
    record = _history_regime(scenario)
    if record is None or scenario.regime is None:
        return ()
    founded = scenario.regime.year if scenario.regime.year is not None else record.founded_year
    joined: dict[str, int] = {}
    entries = [(f.member, f.year) for f in record.founders]
    entries += [(p.member, p.year) for p in getattr(record, "participants", ())]
    for member, year in entries:
        name = member if member in scenario.suppliers else EARLIER_NAMES.get(member)
        if name is None or name not in scenario.suppliers or name in scenario.regime.members:
            continue
        if year > founded:
            joined[name] = min(year, joined.get(name, year))
    rows = sorted(joined.items(), key=lambda row: (row[1], scenario.suppliers.index(row[0])))
    return tuple(rows)


def founders_disagreement(scenario: Scenario) -> str | None:
    """A note when the scenario's ``[regime]`` members differ from the founders in the
    package's history data (compared only when both give the same founding year)."""
    record = _history_regime(scenario)
    if record is None or scenario.regime is None or scenario.regime.year != record.founded_year:
        return None
    recorded = {
        f.member for f in record.founders if f.role == "founder" and f.member in scenario.suppliers
    }
    if not recorded or recorded == set(scenario.regime.members):
        return None
    return (
        f"the scenario's founders differ from the history data's {record.key} founders among "
        f"its suppliers ({', '.join(sorted(recorded))}); the fit uses the scenario's"
    )


def _check_accessions(accessions: Any, scenario: Scenario) -> tuple[tuple[str, int], ...]:
    rows = []
    for entry in accessions:
        try:
            name, year = entry
        except (TypeError, ValueError):
            raise InvalidParameterError(
                f"accessions must be (supplier, year) pairs, got {entry!r}"
            ) from None
        if name not in scenario.suppliers:
            raise InvalidParameterError(f"accessions name an unknown supplier {name!r}")
        if isinstance(year, bool) or not isinstance(year, int):
            raise InvalidParameterError(f"the accession year of {name!r} must be an integer")
        rows.append((name, year))
    return tuple(rows)


def _check_chunk(chunk_size: Any) -> int:
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise InvalidParameterError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    return chunk_size


def fit_scenario(
    scenario: Scenario | str,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    client: Any = None,
    progress: bool | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    sensitivity: bool = True,
    top: int = 5,
    within_years: int = 2,
    accessions: Any = None,
    max_samples: int = MAX_SAMPLES,
) -> FitResult:
    """Fit a scenario's theory predictions to the historical record over its priors.

    Parameters
    ----------
    scenario
        A :class:`~dualdilemma.scenarios.Scenario` with ``[priors]`` and ``[regime]``, or a
        built-in name or ``.toml`` path.
    samples
        Sobol draws, a power of two.
    seed
        Seeds the scrambling of the Sobol points and SALib's sampler and bootstrap.
    client
        A ``dask.distributed.Client`` to run the chunks on (``None``: here).
    progress
        A progress bar on stderr: ``None`` shows one on a terminal for long runs.
    chunk_size
        Draws per chunk.
    sensitivity
        Compute Sobol indices of the founding size (about ``samples`` extra evaluations).
    top
        How many best-fitting draws to list.
    within_years
        The out-of-sample score counts accessions predicted within this many years.
    max_samples
        The limit on ``samples`` (raise it for larger fits; memory grows linearly).
    accessions
        ``[(supplier, year), ...]`` of the later members to predict; default: the package's
        history data for the scenario's regime (:func:`historical_accessions`).

    Examples
    --------
    One uncertain capacity decides whether the small supplier must join (see
    ``tests/test_fit.py`` for the closed form):

    >>> from dualdilemma.scenarios import parse_scenario
    >>> text = '''
    ... [market]
    ... value = 10
    ... risk_without_supply = 0
    ... risk_with_supply = 1
    ... tolerance = 0.1
    ... discount = 0.9
    ... [[supplier]]
    ... name = "A"
    ... capacity = 0.5
    ... harm = 20
    ... safeguard = 0.5
    ... [[supplier]]
    ... name = "B"
    ... capacity = 0.5
    ... harm = 20
    ... safeguard = 0.5
    ... [[supplier]]
    ... name = "C"
    ... capacity = 0.1
    ... harm = 1
    ... safeguard = 0
    ... [regime]
    ... members = ["A", "B"]
    ... [priors."supplier.C.capacity"]
    ... low = 0.05
    ... high = 0.15
    ... rationale = "example"
    ... source = "example"
    ... '''
    >>> result = fit_scenario(parse_scenario(text), samples=256, sensitivity=False)
    >>> round(result.founding["exact"]["share"], 2)
    0.5
    """
    if isinstance(scenario, str):
        scenario = load_scenario(scenario)
    if not isinstance(scenario, Scenario):
        raise InvalidParameterError(
            f"scenario must be a Scenario, a built-in name or a path, got {scenario!r}"
        )
    samples = check_samples(samples, max_samples=max_samples)
    chunk_size = _check_chunk(chunk_size)
    if progress is None:  # a fit takes seconds even when it has few chunks
        from dualdilemma.analysis.sweep import _stderr_is_tty

        progress = _stderr_is_tty()
    if scenario.regime is None:
        raise InvalidParameterError(
            f"scenario {scenario.name!r} has no [regime]: there is no history to fit"
        )
    if isinstance(within_years, bool) or not isinstance(within_years, int) or within_years < 0:
        raise InvalidParameterError(f"within_years must be an integer >= 0, got {within_years!r}")
    spec = fit_spec(scenario)
    priors = scenario.priors
    values = draw_values(priors, samples, seed)
    out = _run(
        spec,
        values,
        enlargement=True,
        client=client,
        progress=progress,
        chunk_size=chunk_size,
        description="fit",
    )
    names = scenario.suppliers
    n = len(names)
    founders_mask = np.array([name in scenario.regime.members for name in names])
    predicted = out["founders"]
    status = out["status"]
    found = status == FOUND
    exact = found & (predicted == founders_mask).all(axis=1)
    sizes = np.where(found, predicted.sum(axis=1), 0)
    hist_size = int(founders_mask.sum())
    diagnostics = [
        "intervals are Wilson intervals that treat the Sobol draws as independent "
        "(conservative for quasi-Monte Carlo)",
    ]
    disagreement = founders_disagreement(scenario)
    if disagreement:
        diagnostics.append(disagreement)
    if out["scalar"].any():
        diagnostics.append(
            f"{int(out['scalar'].sum())} draws were solved by the scalar search "
            "(smallest_sustainable_cartel): minmax punishment, a stage game without a pure "
            "equilibrium, or many suppliers that may control of their own accord"
        )
    if (status == UNDEFINED).any():
        diagnostics.append(
            f"{int((status == UNDEFINED).sum())} draws have a cartel whose outsiders have no "
            "pure equilibrium reply: no founding group is predicted there"
        )
    # null models on the same draws
    capacity = _capacities(spec, values)
    by_capacity = np.argsort(-capacity, axis=1, kind="stable")[:, :hist_size]
    largest = np.zeros_like(predicted)
    np.put_along_axis(largest, by_capacity, True, axis=1)
    capacity_null = (largest == founders_mask).all(axis=1)
    chance = np.where(sizes == hist_size, 1 / math.comb(n, hist_size), 0.0)
    size_counts = {
        str(size): int((sizes == size).sum()) for size in range(1, n + 1) if (sizes == size).any()
    }
    founding = {
        "historical": list(scenario.regime.members),
        "historical_size": hist_size,
        "exact": share(exact),
        "size": share(found & (sizes == hist_size)),
        "size_distribution": size_counts,
        "none_found": int((status == NONE_FOUND).sum()),
        "undefined": int((status == UNDEFINED).sum()),
        "null_models": {
            "largest_by_capacity": share(capacity_null),
            "random_group_of_predicted_size": float(chance.mean()),
        },
    }
    verdicts = out["verdict"]
    leader = {
        "supplier": names[spec.leader],
        "verdicts": {
            VERDICTS[code]: int((verdicts == code).sum())
            for code in range(len(VERDICTS))
            if (verdicts == code).any()
        },
        "dual_dilemma": share(verdicts == 0),
    }
    accessions = (
        historical_accessions(scenario)
        if accessions is None
        else _check_accessions(accessions, scenario)
    )
    enlargement, out_of_sample = None, None
    if "accession" in out:
        enlargement, out_of_sample = _enlargement_sections(
            scenario, out, accessions, exact, capacity, within_years
        )
    elif accessions:
        diagnostics.append(
            "no [capacity_paths]: the later accessions "
            f"({', '.join(f'{m} {y}' for m, y in accessions)}) are not predicted"
        )
    marginals = {
        prior.path: {**marginal_table(values[:, j], exact), "group": prior.group}
        for j, prior in enumerate(priors)
    }
    posterior = {
        "condition": "the predicted founding group is exactly the historical one",
        "count": int(exact.sum()),
        "marginals": marginals,
    }
    best = _best(scenario, values, predicted, found, founders_mask, top)
    sobol = None
    if sensitivity:
        sobol = _sensitivity(spec, scenario, samples, seed, client, progress, chunk_size)
    return FitResult(
        scenario=scenario.name,
        method="scrambled Sobol draws from the priors; founding rule of MODEL s.4-s.5 "
        "(smallest effective self-enforcing cartel, exhaustive, vectorised)",
        parameters={
            "samples": samples,
            "seed": seed,
            "within_years": within_years,
            "punishment": scenario.punishment,
            "selection": scenario.selection,
        },
        priors=tuple(p.to_dict() for p in priors),
        history={
            "regime": scenario.regime.name,
            "year": scenario.regime.year,
            "founders": list(scenario.regime.members),
            "accessions": [[m, y] for m, y in accessions],
        },
        founding=founding,
        leader=leader,
        enlargement=enlargement,
        out_of_sample=out_of_sample,
        posterior=posterior,
        best=tuple(best),
        sensitivity=sobol,
        diagnostics=tuple(diagnostics),
        draws=values,
        reproduces=exact,
    )


def _capacities(spec: FitSpec, values: np.ndarray) -> np.ndarray:
    from dualdilemma.fit.evaluate import _batch

    return _batch(spec, values)[0].capacity


def _scores(
    predicted_years: np.ndarray, historical_years: np.ndarray, within: int
) -> dict[str, Any]:
    """Rank correlation and share within ``within`` years of rows of predicted years."""
    never = predicted_years == NEVER
    ranked = np.where(never, np.inf, predicted_years).astype(float)
    # a supplier never predicted to join ranks after every predicted one
    finite_max = np.where(never, -np.inf, ranked).max(axis=1, keepdims=True)
    ranked = np.where(never, np.maximum(finite_max, historical_years.max()) + 1, ranked)
    rho = row_spearman(ranked, historical_years)
    close = ~never & (np.abs(predicted_years - historical_years[None, :]) <= within)
    valid = ~np.isnan(rho)
    return {
        "draws": int(predicted_years.shape[0]),
        "kendall_mean": _kendall_mean(ranked, historical_years),
        "spearman_mean": float(np.mean(rho[valid])) if valid.any() else None,
        "spearman_median": float(np.median(rho[valid])) if valid.any() else None,
        "spearman_positive": share(rho[valid] > 0) if valid.any() else None,
        "within_years_share": float(close.mean()) if close.size else None,
        "never_join_share": float(never.mean()) if never.size else None,
    }


def _kendall_mean(ranked: np.ndarray, historical_years: np.ndarray) -> float | None:
    """Mean Kendall tau-b (:func:`scipy.stats.kendalltau`) over the rows with a defined value;
    rows are predicted year patterns, few of them distinct, so each is computed once."""
    from scipy.stats import kendalltau

    if ranked.shape[0] == 0 or ranked.shape[1] < 2:
        return None
    patterns, counts = np.unique(ranked, axis=0, return_counts=True)
    total, weight = 0.0, 0
    for pattern, count in zip(patterns, counts, strict=True):
        tau = kendalltau(pattern, historical_years).statistic
        if np.isfinite(tau):
            total += float(tau) * int(count)
            weight += int(count)
    return total / weight if weight else None


def _enlargement_sections(
    scenario: Scenario,
    out: dict[str, np.ndarray],
    accessions: tuple[tuple[str, int], ...],
    reproduces: np.ndarray,
    capacity: np.ndarray,
    within: int,
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    names = scenario.suppliers
    accession = out["accession"]
    breakdown = out["breakdown"]
    enlargement: dict[str, Any] = {
        "years": list(scenario.capacity_paths.years) if scenario.capacity_paths else [],
        "breakdown_share": float((breakdown != NEVER).mean()),
        "join_share": {
            name: float((accession[:, j] != NEVER).mean()) for j, name in enumerate(names)
        },
    }
    if not accessions:
        enlargement["note"] = "the history data list no later accessions of these suppliers"
        return enlargement, None
    columns = [names.index(m) for m, _ in accessions]
    historical = np.array([y for _, y in accessions], dtype=float)
    if np.ptp(historical) == 0:
        note = "every historical accession is in one year: a rank correlation is undefined"
    else:
        note = ""
    predicted = accession[:, columns].astype(float)
    enlargement["rank_correlation_prior"] = _scores(predicted, historical, within)
    # the naive baseline: later members join in order of capacity, in the historical years
    order = np.argsort(-capacity[:, columns], axis=1, kind="stable")
    baseline = np.empty_like(predicted)
    np.put_along_axis(baseline, order, np.sort(historical)[None, :].repeat(len(order), 0), axis=1)
    post = reproduces
    out_of_sample = {
        "condition": "draws that reproduce the historical founders (fitted on the founding only)",
        "draws": int(post.sum()),
        "within_years": within,
        "theory": _scores(predicted[post], historical, within) if post.any() else None,
        "capacity_order_baseline": _scores(baseline[post], historical, within)
        if post.any()
        else None,
    }
    if note:
        enlargement["note"] = note
        out_of_sample["note"] = note
    return enlargement, out_of_sample


def _best(
    scenario: Scenario,
    values: np.ndarray,
    predicted: np.ndarray,
    found: np.ndarray,
    founders_mask: np.ndarray,
    top: int,
) -> list[dict[str, Any]]:
    inter = (predicted & founders_mask).sum(axis=1)
    union = (predicted | founders_mask).sum(axis=1)
    jaccard = np.where(found, inter / np.maximum(union, 1), 0.0)
    order = np.argsort(-jaccard, kind="stable")[: max(0, top)]
    rows = []
    for row in order:
        rows.append(
            {
                "draw": int(row),
                "jaccard": float(jaccard[row]),
                "predicted_founders": [
                    name for name, m in zip(scenario.suppliers, predicted[row], strict=True) if m
                ]
                if found[row]
                else None,
                "parameters": {
                    prior.path: float(values[row, j]) for j, prior in enumerate(scenario.priors)
                },
            }
        )
    return rows


def _sensitivity(
    spec: FitSpec,
    scenario: Scenario,
    samples: int,
    seed: int,
    client: Any,
    progress: bool | None,
    chunk_size: int,
) -> dict[str, Any]:
    """First-order and total Sobol indices of the founding size per prior group (SALib)."""
    import warnings

    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    priors = scenario.priors
    groups = [p.group for p in priors]
    distinct = list(dict.fromkeys(groups))
    if len(distinct) < 2:
        return {"note": "one parameter group only: nothing to apportion", "groups": distinct}
    problem = {
        "num_vars": len(priors),
        "names": [p.path for p in priors],
        "bounds": [[0.0, 1.0]] * len(priors),
        "groups": groups,
    }
    base = 1 << max(4, int(math.log2(max(1, samples // (len(distinct) + 2)))))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        unit = sobol_sample.sample(problem, base, calc_second_order=False, seed=seed)
    unit = np.clip(unit, 0.0, np.nextafter(1.0, 0.0))
    values = prior_values(priors, unit)
    out = _run(
        spec,
        values,
        enlargement=False,
        client=client,
        progress=progress,
        chunk_size=chunk_size,
        description="sensitivity",
    )
    n = len(spec.names)
    size = np.where(out["status"] == FOUND, out["founders"].sum(axis=1), n + 1).astype(float)
    if np.ptp(size) == 0:
        return {
            "groups": distinct,
            "note": f"the founding size is {size[0]:g} in every draw: no variance to apportion",
            "base_samples": base,
            "evaluations": int(size.size),
        }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = sobol_analyze.analyze(
            problem, size, calc_second_order=False, seed=seed, print_to_console=False
        )
    rows = {
        group: {
            "first_order": float(result["S1"][i]),
            "first_order_conf": float(result["S1_conf"][i]),
            "total": float(result["ST"][i]),
            "total_conf": float(result["ST_conf"][i]),
        }
        for i, group in enumerate(distinct)
    }
    return {
        "output": f"founding size (no self-enforcing effective cartel counts as {n + 1})",
        "method": "Sobol indices, Saltelli scheme (SALib sample.sobol / analyze.sobol)",
        "base_samples": base,
        "evaluations": int(size.size),
        "groups": rows,
    }
