r"""The equilibrium report on a scenario: what ``dualdilemma report`` computes.

For a :class:`~dualdilemma.scenarios.Scenario` the report gathers, as one JSON-ready dictionary
(:func:`scenario_report`; the schema is documented in the README):

1. **The game**: the export market's normal form, :math:`N` suppliers, actions *export* and
   *control*, :math:`2^N` profiles.  Its payoff tensor is exact (Fractions) for at most
   :data:`EXACT_SUPPLIERS` suppliers and float64 up to :data:`TENSOR_SUPPLIERS`; beyond that no
   tensor is built.
2. **Pure equilibria**: all of them, from the tensor (:func:`~dualdilemma.solvers.pure_nash.
   pure_equilibria`, verified by regret).  A float equilibrium is then *re-verified exactly*:
   the model is evaluated in Fractions at the profile and at each of its :math:`N` unilateral
   deviations, and the profile is kept only if no deviation gains (exact regret 0).  Without a
   tensor (more than :data:`TENSOR_SUPPLIERS` suppliers), all pure equilibria come from the
   exact branch and bound on the two aggregates of :mod:`dualdilemma.solvers.aggregative_pure`,
   verified the same way; the list is complete unless that search hits its time limit
   (the ``search_seconds`` input limit of :mod:`dualdilemma.limits`, which also bounds the
   smallest-cartel search) or :data:`PURE_LIMIT` equilibria, and then says so.
3. **Mixed equilibria** when the game is small (at most :data:`MIXED_PLAYERS` players):
   :func:`~dualdilemma.solvers.solve.solve` with ``"all"``; otherwise the report says why
   they were not computed.
4. **The dual-dilemma table** (:func:`~dualdilemma.analysis.dual_dilemma.dual_dilemma`, exact):
   at each pure equilibrium, each exporter's lone switch to control, with :math:`\Delta P`,
   :math:`\Delta u_i`, :math:`\Delta m_i`, the verdicts, and the numbers that decide them: the
   other exporters' capacity :math:`K_o` and mean safeguard :math:`\bar s` (when
   :math:`K_o \ge 1` the switch is ineffective iff :math:`s_i \ge \bar s`).
5. **Cartels** (MODEL s.4): the minimal effective cartels
   (:func:`~dualdilemma.cartels.minimal.minimal_effective_cartels`), the first
   ``cartels`` of them analysed (:func:`~dualdilemma.cartels.analysis.analyse_cartel`: each
   member's critical discount factor, self-enforcement at the scenario's :math:`\delta, \beta`,
   stability), the smallest self-enforcing effective cartel
   (:func:`~dualdilemma.cartels.sustainable.smallest_sustainable_cartel`), the historical
   regime's cartel, the cartel sizes that sustain cooperation and, with capacity paths, the
   enlargement path (:func:`~dualdilemma.cartels.enlargement.enlargement_path`).
6. **The symbolic conditions** behind the verdicts
   (:func:`~dualdilemma.analysis.dual_dilemma.lone_switch_condition` with the scenario's risk
   exponent, the critical discount factor and the effectiveness test), as text, LaTeX and
   sympy's pretty-printed form (:mod:`dualdilemma.reporting.conditions`).
7. Optionally (``simulate=N``), **simulated membership** of the regime dynamics against the
   record (:func:`simulation_section`).

Last, :func:`~dualdilemma.reporting.verdict.with_verdict` puts the **verdict** sentences and
the **glossary** at the front of the dictionary; they are computed from the sections above, so
a section added to the dictionary (e.g. ``history``) is read by the verdict too.

Cartel sizes
------------
For each size :math:`m = 1, \dots, N` the report analyses the cartel of the :math:`m`
suppliers with the most *unsafeguarded* capacity :math:`w_j = k_j (1 - s_j)` (ties: larger
capacity, then file order), the suppliers whose control closes the most of the gap; a size
*sustains cooperation* when that cartel is effective, self-enforcing (at :math:`\delta`, or for
some :math:`\delta < 1` when none is given) and externally stable, as in
:func:`~dualdilemma.cartels.sizes.cartel_sizes` for identical suppliers.

Arithmetic of the cartel analysis: exact up to :data:`CARTEL_EXACT_SUPPLIERS` suppliers,
float64 above (it solves one outsiders' game per cartel examined, and Fraction arithmetic is
slow).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import sympy

from dualdilemma.errors import DualDilemmaError, GameTooLargeError, UnsupportedGameError
from dualdilemma.limits import how_to_raise, search_time_limit
from dualdilemma.models.export_market import ACTIONS, CONTROL, EXPORT, ExportMarket
from dualdilemma.reporting.conditions import simplify_condition
from dualdilemma.reporting.verdict import with_verdict
from dualdilemma.scenarios import Scenario
from dualdilemma.solvers.result import json_number

__all__ = [
    "scenario_report",
    "simulation_section",
    "cartel_report",
    "conditions_report",
    "model_conditions",
    "verified_pure_equilibria",
    "EXACT_SUPPLIERS",
    "CARTEL_EXACT_SUPPLIERS",
    "TENSOR_SUPPLIERS",
    "MIXED_PLAYERS",
    "DEFAULT_CARTELS",
    "REPORT_FORMAT",
]

#: Exact (Fraction) payoff tensors, equilibria and dual-dilemma tables up to this many suppliers.
EXACT_SUPPLIERS = 10
#: Exact cartel analysis up to this many suppliers (it solves many outsiders' games).
CARTEL_EXACT_SUPPLIERS = 8
#: Float payoff tensors up to this many suppliers (2^18 profiles); no tensor beyond.
TENSOR_SUPPLIERS = 18
#: Mixed equilibria are computed for games with at most this many players.
MIXED_PLAYERS = 4
#: Minimal effective cartels analysed in full by default.
DEFAULT_CARTELS = 5
#: Stop the search for minimal effective cartels after this many.
MINIMAL_LIMIT = 200
#: At most this many pure equilibria are enumerated and re-verified.
PURE_LIMIT = 200
#: The dual-dilemma table starts from at most this many pure equilibria.
UNILATERAL_BASELINES = 50
#: The report's ``format`` tag (bumped on incompatible schema changes).
REPORT_FORMAT = "dualdilemma-report/1"


def _num(value: Any) -> Any:
    return None if value is None else json_number(value)


def _named(profile: Sequence[int]) -> list[str]:
    return [ACTIONS[a] for a in profile]


def _market_twin(market: ExportMarket, exact: bool) -> ExportMarket:
    """The same market whose default arithmetic is ``exact``."""
    if market.exact == exact:
        return market
    return ExportMarket(
        market.value,
        market.risk_without_supply,
        market.risk_with_supply,
        market.suppliers,
        risk_exponent=market.risk_exponent,
        exact=exact,
        title=market.title,
    )


def _exact_ok(market: ExportMarket) -> bool:
    return market.num_suppliers <= EXACT_SUPPLIERS and market.risk_exponent.denominator == 1


# -- header -------------------------------------------------------------------------------------
def _header(scenario: Scenario, command: str) -> dict[str, Any]:
    body = scenario.to_dict()
    return {
        "format": REPORT_FORMAT,
        "command": command,
        "scenario": {
            key: body[key] for key in ("name", "title", "description", "year", "sources", "origin")
        },
        "market": body["market"],
        "suppliers": list(scenario.suppliers),
        "supplier_parameters": body["suppliers"],
        "regime": body["regime"],
        "capacity_paths": body["capacity_paths"],
        "dynamics": body["dynamics"],
    }


# -- pure equilibria ----------------------------------------------------------------------------
def _exact_model(market: ExportMarket) -> bool:
    """Whether the model can be evaluated in Fractions (an integer risk exponent)."""
    return market.risk_exponent.denominator == 1


def _tolerance(market: ExportMarket) -> Any:
    """0 in exact arithmetic, else the package's relative float tolerance."""
    if _exact_model(market):
        return Fraction(0)
    scale = max([1, market.value, *(s.harm for s in market.suppliers)])
    return 1e-9 * float(scale) * 4


def _exact_regrets(market: ExportMarket, profile: tuple[int, ...]) -> tuple[Any, bool]:
    """Max regret of a pure profile (exact when the model allows) and whether some player has
    an equally good deviation (a weak equilibrium)."""
    exact, tol = _exact_model(market), _tolerance(market)
    base = market.outcome(profile, exact=exact)
    worst: Any = Fraction(0) if exact else 0.0
    weak = False
    for i in range(market.num_suppliers):
        flipped = tuple((1 - a) if j == i else a for j, a in enumerate(profile))
        gain = market.outcome(flipped, exact=exact).payoffs[i] - base.payoffs[i]
        if gain > tol:
            worst = max(worst, gain)
        weak = weak or abs(gain) <= tol
    return worst, weak


def verified_pure_equilibria(market: ExportMarket, *, limit: int = PURE_LIMIT) -> dict[str, Any]:
    """All pure equilibria of the market, each verified exactly (module docstring, item 2).

    Returns a dictionary with ``profiles`` (tuples of action indices), ``weak`` flags,
    ``complete``, ``method``, ``arithmetic`` (of the tensor), ``game`` (the
    :class:`~dualdilemma.games.normal_form.NormalFormGame` or ``None``), ``representation``
    and ``diagnostics``.

    >>> from dualdilemma.models.export_market import Supplier
    >>> market = ExportMarket(4, 0, 1, [Supplier("A", 1, 1, "9/10"), Supplier("B", 1, 1, 0)])
    >>> verified_pure_equilibria(market)["profiles"]
    [(0, 0)]
    """
    from dualdilemma.solvers.pure_nash import pure_equilibria

    n = market.num_suppliers
    diagnostics: list[str] = []
    game = None
    exact = _exact_ok(market)
    if n <= TENSOR_SUPPLIERS:
        try:
            game = market.game(exact=exact)
        except GameTooLargeError as exc:
            diagnostics.append(f"no payoff tensor: {exc}")
    else:
        diagnostics.append(
            f"no payoff tensor: {n} suppliers give 2^{n} profiles, above the report's limit of "
            f"2^{TENSOR_SUPPLIERS}"
        )
    profiles: list[tuple[int, ...]] = []
    weak: list[bool] = []
    if game is not None:
        result = pure_equilibria(game, limit=limit)
        candidates = [eq.pure_profile() for eq in result.equilibria]
        complete = bool(result.complete)
        arithmetic = "exact" if game.exact else "float"
        method = "pure_equilibria on the payoff tensor"
        if game.exact:
            method += " (exact)"
        elif _exact_model(market):
            method += ", each re-verified exactly at all unilateral deviations"
        else:
            method += " (floating point: a non-integer risk exponent makes risks irrational)"
        if not complete:
            diagnostics.append(f"pure equilibria listed up to the limit of {limit}")
        representation = (
            f"normal form, payoff tensor of {n} x 2^{n} = {n * 2**n} "
            f"{'exact Fractions' if game.exact else 'float64 numbers'}"
        )
    else:
        return _aggregative_pure_equilibria(market, limit, diagnostics)
    for profile in candidates:
        regret, is_weak = _exact_regrets(market, profile)
        if regret > 0:
            if game is not None:
                diagnostics.append(
                    f"{arithmetic} candidate {_named(profile)} rejected: regret {regret} > 0 "
                    "at the exact check"
                )
            continue
        profiles.append(tuple(profile))
        weak.append(is_weak)
    return {
        "profiles": profiles,
        "weak": weak,
        "complete": complete,
        "method": method,
        "arithmetic": arithmetic,
        "game": game,
        "representation": representation,
        "diagnostics": diagnostics,
    }


def _search_hint() -> str:
    return (
        f"(at the search_seconds limit of {search_time_limit():g} s; "
        f"{how_to_raise('search_seconds')})"
    )


def _aggregative_pure_equilibria(
    market: ExportMarket, limit: int, diagnostics: list[str]
) -> dict[str, Any]:
    """The pure equilibria without a tensor: the aggregative branch and bound
    (:mod:`dualdilemma.solvers.aggregative_pure`), every one verified at all deviations."""
    from dualdilemma.solvers.aggregative_pure import (
        aggregative_pure_equilibria,
        profile_regrets,
    )

    n = market.num_suppliers
    from dualdilemma.progress import spinner

    with spinner(f"pure equilibria of {n} suppliers") as tick:
        result = aggregative_pure_equilibria(
            market, limit=limit, time_limit=search_time_limit(), tick=tick
        )
    profiles = [eq.pure_profile() for eq in result.equilibria]
    tol = 0 if result.exact else _tolerance(market)
    weak = [
        any(abs(g) <= tol for g in profile_regrets(market, p, exact=result.exact)[1])
        for p in profiles
    ]
    diagnostics.extend(_untimed(note) for note in result.diagnostics[1:])
    method = (
        "branch and bound on the aggregates (K, U) (dualdilemma.solvers.aggregative_pure): "
        "complete because a supplier's action is ruled out only where interval bounds on its "
        "deviation gain are strictly negative over the whole box of aggregates, so every "
        "equilibrium survives to a leaf; each leaf verified "
        + ("exactly at all unilateral deviations" if result.exact else "in floating point")
    )
    if not result.complete:
        method += "; stopped early, so not every equilibrium may be listed " + _search_hint()
    return {
        "profiles": profiles,
        "weak": weak,
        "complete": bool(result.complete),
        "method": method,
        "arithmetic": "exact" if result.exact else "float",
        "game": None,
        "representation": (
            f"aggregative: each payoff from two sums over the {n} suppliers' exports "
            "(no payoff tensor)"
        ),
        "diagnostics": diagnostics,
    }


def _mixed_section(game: Any, n: int) -> dict[str, Any]:
    base: dict[str, Any] = {
        "computed": False,
        "reason": "",
        "method": None,
        "complete": None,
        "equilibria": [],
        "diagnostics": [],
    }
    if game is None:
        base["reason"] = "no payoff tensor, so mixed equilibria were not computed"
        return base
    if n > MIXED_PLAYERS:
        base["reason"] = (
            f"not computed: the game has {n} players; all mixed equilibria are computed for at "
            f"most {MIXED_PLAYERS} players (the support enumeration grows as 3^n)"
        )
        return base
    from dualdilemma.solvers.solve import solve

    try:
        result = solve(game, "all")
    except (ImportError, UnsupportedGameError, GameTooLargeError, NotImplementedError) as exc:
        base["reason"] = f"not computed: the all-equilibria solver is unavailable ({exc})"
        return base
    base.update(
        computed=True,
        reason="all equilibria of the game",
        method=result.method,
        complete=bool(result.complete),
        equilibria=[
            {
                "profile": [[json_number(p) for p in sigma] for sigma in eq.profile],
                "pure": eq.is_pure,
                "payoffs": [json_number(u) for u in eq.payoffs],
                "max_regret": json_number(eq.max_regret),
            }
            for eq in result.equilibria
        ],
        diagnostics=[_untimed(note) for note in result.diagnostics],
    )
    return base


_DURATION = re.compile(r",?\s*\b(in|after|took)\s+\d+(\.\d+)?(e-?\d+)?\s?(s|ms|seconds?)\b")


def _untimed(note: str) -> str:
    """A solver note without its wall-clock time, so that identical input gives identical JSON.

    Only a duration the work took ("in 0.29 s", "after 3 s", "took 2 ms") is removed; a
    limit's value is an input and stays, so that the note still reads.

    >>> _untimed("0 boxes, 2 profiles pruned, in 0.292 s")
    '0 boxes, 2 profiles pruned'
    >>> _untimed("incomplete: time limit of 10.0 s reached after 4096 nodes")
    'incomplete: time limit of 10.0 s reached after 4096 nodes'
    """
    return _DURATION.sub("", note).rstrip()


def _outcome_dict(market: ExportMarket, profile: tuple[int, ...], weak: bool) -> dict[str, Any]:
    outcome = market.outcome(profile, exact=_exact_model(market))
    return {
        "profile": _named(profile),
        "exporters": [n for n, a in zip(market.names, profile, strict=True) if a == EXPORT],
        "needs_met": json_number(outcome.needs_met),
        "leakage": json_number(outcome.leakage),
        "risk": json_number(outcome.risk),
        "shares": [json_number(x) for x in outcome.shares],
        "payoffs": [json_number(x) for x in outcome.payoffs],
        "max_regret": 0,
        "weak": bool(weak),
    }


# -- the dual-dilemma table ---------------------------------------------------------------------
def _verdict(switch: Any) -> str:
    if switch.dual_dilemma:
        return "dual dilemma"
    if switch.costly:
        return "effective but costly"
    if switch.ineffective:
        return "ineffective but costless"
    return "effective and costless"


def _unilateral(market: ExportMarket, profiles: Sequence[tuple[int, ...]]) -> dict[str, Any]:
    from dualdilemma.analysis.dual_dilemma import dual_dilemma

    if not profiles:
        return {"rows": [], "holds_for": [], "diagnostics": ["no pure equilibrium to start from"]}
    report = dual_dilemma(market, profiles, exact=_exact_model(market))
    suppliers = market.suppliers
    position = {tuple(p): index for index, p in reversed(list(enumerate(profiles)))}
    # the exporters' capacity and safeguarded capacity per baseline; the others' of a switch
    # are these less the switcher's own (exact Fractions)
    aggregates = {
        p: (
            sum(
                (s.capacity for s, a in zip(suppliers, p, strict=True) if a == EXPORT), Fraction(0)
            ),
            sum(
                (
                    s.capacity * s.safeguard
                    for s, a in zip(suppliers, p, strict=True)
                    if a == EXPORT
                ),
                Fraction(0),
            ),
        )
        for p in position
    }
    rows = []
    for switch in report.switches:
        total, screened = aggregates[tuple(switch.baseline)]
        own = suppliers[switch.index]
        capacity = total - own.capacity
        mean = (screened - own.capacity * own.safeguard) / capacity if capacity > 0 else None
        rows.append(
            {
                "supplier": switch.supplier,
                "baseline": _named(switch.baseline),
                "baseline_index": position[tuple(switch.baseline)],
                "delta_risk": json_number(switch.risk_change),
                "delta_payoff": json_number(switch.payoff_change),
                "delta_share": json_number(switch.share_change),
                "verdict": _verdict(switch),
                "verdicts": list(switch.verdicts),
                "dual_dilemma": switch.dual_dilemma,
                "risk_before": json_number(switch.risk_before),
                "risk_after": json_number(switch.risk_after),
                "payoff_before": json_number(switch.payoff_before),
                "payoff_after": json_number(switch.payoff_after),
                "share_before": json_number(switch.share_before),
                "safeguard": json_number(suppliers[switch.index].safeguard),
                "others_capacity": json_number(capacity),
                "others_mean_safeguard": _num(mean),
                "others_cover": bool(capacity >= 1),
            }
        )
    return {"rows": rows, "holds_for": list(report.holds_for), "diagnostics": []}


# -- cartels ------------------------------------------------------------------------------------
def _ranked(market: ExportMarket) -> list[str]:
    suppliers = list(enumerate(market.suppliers))
    suppliers.sort(
        key=lambda js: (-(js[1].capacity * (1 - js[1].safeguard)), -js[1].capacity, js[0])
    )
    return [s.name for _, s in suppliers]


def _needed_members(
    regime: Sequence[str],
    entry: Mapping[str, Any],
    minimal: Sequence[Sequence[str]],
    analyse: Callable[..., Mapping[str, Any] | None],
    tick: Callable[[], None],
) -> dict[str, Any]:
    """Which of the regime's members effectiveness needs.

    If the regime is effective, a member is *needed* when the regime without it is not
    (outsiders best-responding as everywhere in the report).  If it is not, no subset of it is
    either, and the members needed are those in the first minimal effective cartel (fewest
    members, ties by capacity), with the non-members that cartel would have to bring in.
    """
    members = list(regime)
    if entry["effective"]:
        needed = []
        for name in members:
            tick()
            without = analyse([m for m in members if m != name], stability=False)
            if without is not None and not without["effective"]:
                needed.append(name)
        return {
            "rule": "the regime is effective; a member is needed when the regime without it "
            "is not effective",
            "needed": needed,
            "not_needed": [m for m in members if m not in needed],
            "non_members_needed": [],
        }
    if not minimal:
        return {
            "rule": "no cartel is effective, even with every supplier",
            "needed": [],
            "not_needed": members,
            "non_members_needed": [],
        }
    first = list(minimal[0])
    return {
        "rule": "the regime is not effective; the members needed are those in the first "
        "minimal effective cartel (fewest members, ties by capacity), with the non-members it "
        "would have to bring in",
        "needed": [m for m in members if m in first],
        "not_needed": [m for m in members if m not in first],
        "non_members_needed": [m for m in first if m not in members],
    }


def _cartel_section(
    scenario: Scenario, cartels: int, requested: Sequence[str] | None = None
) -> dict[str, Any]:
    from dualdilemma.progress import spinner

    with spinner(f"cartels of {scenario.market.num_suppliers} suppliers") as tick:
        return _cartel_section_body(scenario, cartels, requested, tick)


def _cartel_section_body(
    scenario: Scenario, cartels: int, requested: Sequence[str] | None, tick: Any
) -> dict[str, Any]:
    from dualdilemma.cartels.analysis import CartelMarket, analyse_cartel
    from dualdilemma.cartels.enlargement import enlargement_path
    from dualdilemma.cartels.minimal import minimal_effective_cartels
    from dualdilemma.cartels.sustainable import smallest_sustainable_cartel

    market = scenario.market
    n = market.num_suppliers
    exact = n <= CARTEL_EXACT_SUPPLIERS and _exact_ok(market)
    twin = _market_twin(market, exact)
    options = {
        "tolerance": scenario.tolerance,
        "discount": scenario.discount,
        "detection": scenario.detection,
        "punishment": scenario.punishment,
    }
    section: dict[str, Any] = {
        "arithmetic": "exact" if exact else "float",
        "measure": "leakage",
        "tolerance": json_number(scenario.tolerance),
        "discount": _num(scenario.discount),
        "detection": json_number(scenario.detection),
        "punishment": scenario.punishment,
        "selection": scenario.selection,
        "ties_stable": scenario.ties_stable,
        "minimal_effective": None,
        "minimal": [],
        "smallest_sustainable": None,
        "regime": None,
        "requested": None,
        "sizes": [],
        "sustaining_sizes": [],
        "enlargement": None,
        "diagnostics": [],
    }
    notes = section["diagnostics"]
    context = CartelMarket(twin, selection=scenario.selection)
    # MODEL s.4's definition: outsiders best-respond (searched exactly at every size)
    minimal = minimal_effective_cartels(
        context,
        scenario.tolerance,
        limit=MINIMAL_LIMIT,
        outsiders="best_reply",
        time_limit=search_time_limit(),
        tick=tick,
    )
    section["minimal_effective"] = {
        "cartels": [list(c) for c in minimal.cartels],
        "smallest_size": minimal.smallest_size,
        "complete": minimal.complete,
        "found": len(minimal.cartels),
        "analysed": min(cartels, len(minimal.cartels)),
        "assumption": (
            f"outsiders best-respond (MODEL s.4, selection {scenario.selection}): " + minimal.method
        ),
        # kept for the JSON's keys: since the exact search covers every market size, the
        # cartels are always analysed
        "not_analysed": None,
        # how many there are: the list's length when complete, else the exact count with
        # exporting outsiders (None when not known; count_method says why)
        **{key: value for key, value in minimal.to_dict().items() if key.startswith("count")},
    }
    if not minimal.complete:
        if len(minimal.cartels) >= MINIMAL_LIMIT:
            notes.append(f"the search for minimal effective cartels stopped at {MINIMAL_LIMIT}")
        elif "time limit" in minimal.method:
            notes.append(f"the search for minimal effective cartels stopped early {_search_hint()}")
        else:
            notes.append(
                "the list of minimal effective cartels may be incomplete: an outsiders' game was "
                "not solved completely"
            )
    if not minimal.cartels:
        notes.append("no cartel is effective at this tolerance, even with every supplier")
    if scenario.discount is None:
        notes.append("no discount factor given: self-enforcement is not judged")

    def analyse(members: Sequence[str], stability: bool = True) -> dict[str, Any] | None:
        try:
            return analyse_cartel(
                context,
                members,
                ties_stable=scenario.ties_stable,
                stability=stability,
                **options,
            ).to_dict()
        except (DualDilemmaError, ValueError) as exc:
            notes.append(f"cartel {list(members)} not analysed: {str(exc).splitlines()[0]}")
            return None

    for members in minimal.cartels[:cartels]:
        entry = analyse(members)
        if entry is not None:
            section["minimal"].append(entry)
    if scenario.discount is not None:
        try:
            found = smallest_sustainable_cartel(
                context, tick=tick, time_limit=search_time_limit(), **options
            )
            section["smallest_sustainable"] = found.to_dict()
            if not found.complete and "time limit" in (found.reason or ""):
                notes.append(f"the smallest-cartel search stopped early {_search_hint()}")
        except DualDilemmaError as exc:
            notes.append(f"smallest sustainable cartel not found: {str(exc).splitlines()[0]}")
    if scenario.regime is not None:
        entry = analyse(scenario.regime.members)
        if entry is not None:
            section["regime"] = {
                "name": scenario.regime.name,
                "year": scenario.regime.year,
                "analysis": entry,
                "needed": _needed_members(
                    scenario.regime.members, entry, minimal.cartels, analyse, tick
                ),
            }
    if requested is not None:
        section["requested"] = analyse(requested)
    ranked = _ranked(market)
    for size in range(1, n + 1):
        tick()
        members = [name for name in market.names if name in set(ranked[:size])]
        entry = analyse(members)
        if entry is None:
            continue
        statuses = [m["status"] for m in entry["members"]]
        if scenario.discount is None:
            enforced = "never" not in statuses
        else:
            enforced = bool(entry["self_enforcing"])
        sustains = bool(entry["effective"] and enforced and entry["externally_stable"])
        section["sizes"].append(
            {
                "size": size,
                "cartel": entry["cartel"],
                "effective": entry["effective"],
                "leakage": entry["leakage"],
                "critical_discount": entry["critical_discount"],
                "self_enforcing": entry["self_enforcing"],
                "internally_stable": entry["internally_stable"],
                "externally_stable": entry["externally_stable"],
                "sustains_cooperation": sustains,
            }
        )
        if sustains:
            section["sustaining_sizes"].append(size)
    paths = scenario.capacity_paths
    if paths is not None:
        if scenario.discount is None:
            notes.append("capacity paths given but no discount factor: no enlargement path")
        else:
            try:
                path = enlargement_path(
                    twin,
                    {name: list(p) for name, p in paths.paths.items()},
                    years=list(paths.years),
                    tolerance=scenario.tolerance,
                    discount=scenario.discount,
                    detection=scenario.detection,
                    initial=paths.initial,
                    punishment=scenario.punishment,
                    selection=scenario.selection,
                )
                section["enlargement"] = path.to_dict()
            except DualDilemmaError as exc:
                notes.append(f"enlargement path not computed: {str(exc).splitlines()[0]}")
    return section


# -- symbolic conditions ------------------------------------------------------------------------
def _condition_item(
    key: str,
    statement: str,
    expression: sympy.Basic | None = None,
    lhs: tuple[str, str, str] | None = None,
    *,
    raw: tuple[str, str] | None = None,
) -> dict[str, Any]:
    from dualdilemma.reporting.conditions import condition_item

    return condition_item(key, statement, expression, lhs, raw=raw)


def _gamma_text(gamma: Fraction) -> str:
    return "" if gamma == 1 else f", risk exponent gamma = {gamma}"


#: The conditions' items by risk exponent (:func:`_model_conditions`).
_CONDITIONS: dict[Fraction, tuple[dict[str, Any], ...]] = {}
_CONDITIONS_KEPT = 8


def _model_conditions(
    gamma: Fraction = Fraction(1), tick: Callable[[], None] | None = None
) -> tuple[dict[str, Any], ...]:
    """The items of :func:`model_conditions`, computed once per risk exponent (the sympy work
    takes about a second); ``tick`` is called between the symbolic steps (a spinner)."""
    if gamma not in _CONDITIONS:
        if len(_CONDITIONS) >= _CONDITIONS_KEPT:
            _CONDITIONS.pop(next(iter(_CONDITIONS)))
        _CONDITIONS[gamma] = _condition_items(gamma, tick or (lambda: None))
    return _CONDITIONS[gamma]


def _condition_items(gamma: Fraction, tick: Callable[[], None]) -> tuple[dict[str, Any], ...]:
    from dualdilemma.analysis.dual_dilemma import lone_switch_condition
    from dualdilemma.models.export_market import leakage
    from dualdilemma.repeated.critical_discount import critical_discount

    tick()
    covered = lone_switch_condition(others_cover=True, risk_exponent=gamma)
    tick()
    general = lone_switch_condition(risk_exponent=gamma)
    tick()
    d_p, d_u, d_m = (
        ("Delta P", r"\Delta P", "ΔP"),
        ("Delta u_i", r"\Delta u_i", "Δu_i"),
        ("Delta m_i", r"\Delta m_i", "Δm_i"),
    )
    pi_c, pi_d, pi_n = sympy.symbols("pi_C pi_D pi_N", real=True)
    beta = sympy.Symbol("beta", positive=True)
    k_out, s_out = sympy.symbols("K_O S_O", nonnegative=True)
    tau = sympy.Symbol("tau", nonnegative=True)
    threshold = critical_discount(pi_c, pi_d, pi_n, beta)
    where = _gamma_text(gamma)
    return (
        _condition_item(
            "risk_change",
            f"change in risk when supplier i alone switches to control (general{where})",
            general.risk_change,
            d_p,
        ),
        _condition_item(
            "payoff_change", f"change in i's payoff (general{where})", general.payoff_change, d_u
        ),
        _condition_item("share_change", "change in i's share (general)", general.share_change, d_m),
        _condition_item(
            "covered_risk_change",
            f"change in risk when the other exporters cover the buyer (K_o >= 1{where})",
            covered.risk_change,
            d_p,
        ),
        _condition_item(
            "ineffective",
            "the switch is ineffective (does not lower the risk) when others cover",
            covered.ineffective,
        ),
        _condition_item(
            "ineffective_simple",
            "equivalently, for k_i > 0 and p1 > p0 (P grows with the leakage for every "
            "gamma > 0): i's safeguard is at least the others' mean",
            raw=("s_i >= sbar", r"s_i \geq \bar{s}"),
        ),
        _condition_item(
            "counterproductive",
            "the switch is counterproductive (raises the risk) when others cover",
            covered.counterproductive,
        ),
        _condition_item("costly", "the switch is costly to i when others cover", covered.costly),
        _condition_item(
            "dual_dilemma_covered",
            "dual dilemma (ineffective and costly) when others cover",
            covered.holds,
        ),
        _condition_item(
            "dual_dilemma", "dual dilemma (ineffective and costly), general", general.holds
        ),
        _condition_item(
            "export_best_reply",
            "exporting is i's best reply iff the switch does not pay",
            raw=("Delta u_i <= 0", r"\Delta u_i \leq 0"),
        ),
        _condition_item(
            "critical_discount",
            "member i's grim-trigger critical discount factor with detection beta "
            "(0 if pi_D <= pi_C; none if pi_C <= pi_N < pi_D)",
            threshold.value,
            ("delta*_i", r"\delta^*_i", "δ*_i"),
        ),
        _condition_item(
            "self_enforcing",
            "the cartel is self-enforcing iff the discount factor reaches every member's",
            raw=("delta >= max_i delta*_i", r"\delta \geq \max_i \delta^*_i"),
        ),
        _condition_item(
            "effective",
            "the cartel is effective iff the outsiders' leakage is at most tau "
            "(K_O, S_O: exporting outsiders' capacity and safeguarded capacity)",
            sympy.Le(leakage(k_out, s_out), tau),
        ),
    )


#: What each symbol of the conditions means.
SYMBOLS = {
    "V": "value of the proliferant's business",
    "p0, p1": "risk without supply, with full unsafeguarded supply",
    "k_i, h_i, s_i, c_i": "supplier i's capacity, harm valuation, safeguard, control cost",
    "K_o, sbar": "the other exporters' capacity and capacity-weighted mean safeguard",
    "pi_C, pi_D, pi_N": "cooperation, best one-shot deviation and punishment payoffs",
    "beta, delta": "detection probability per period, discount factor",
    "tau": "tolerance: the leakage a cartel may leave",
}


def model_conditions(
    risk_exponent: Any = 1, *, tick: Callable[[], None] | None = None
) -> dict[str, Any]:
    """The symbolic conditions that decide the report's verdicts, for a market with the given
    risk exponent (cached); ``tick`` is called between the symbolic steps of a first call.

    >>> [item["key"] for item in model_conditions()["items"]][:3]
    ['risk_change', 'payoff_change', 'share_change']
    """
    gamma = Fraction(risk_exponent)
    symbols = dict(SYMBOLS)
    if gamma != 1:
        symbols["gamma"] = f"risk exponent, here {gamma}: P = p0 + (p1 - p0) q^gamma"
    return {"symbols": symbols, "items": [dict(i) for i in _model_conditions(gamma, tick)]}


# -- the reports --------------------------------------------------------------------------------
def _equilibria_sections(scenario: Scenario) -> tuple[dict[str, Any], dict[str, Any]]:
    market = scenario.market
    pure = verified_pure_equilibria(market)
    n = market.num_suppliers
    game = {
        "players": n,
        "actions": list(ACTIONS),
        "profiles": 2**n,
        "representation": pure["representation"],
        "arithmetic": pure["arithmetic"],
    }
    body = {
        "game": game,
        "pure_equilibria": [_named(p) for p in pure["profiles"]],
        "pure_equilibria_detail": {
            "complete": pure["complete"],
            "method": pure["method"],
            "verified": "regret 0 at every unilateral deviation, "
            + ("exactly" if _exact_model(market) else "within the float tolerance"),
            "outcomes": [
                _outcome_dict(market, p, w)
                for p, w in zip(pure["profiles"], pure["weak"], strict=True)
            ],
        },
        "mixed_equilibria": _mixed_section(pure["game"], n),
    }
    return body, pure


def simulation_section(
    scenario: Scenario, histories: int, *, years: int = 40, seed: int = 0
) -> dict[str, Any]:
    """Simulated membership of the regime dynamics (MODEL s.5) on the scenario's market,
    ``histories`` seeded histories of ``years`` years, summarised by year (size quantiles
    5/25/50/75/95 %), beside the shipped record of the regime the scenario stands for."""
    from dualdilemma.dynamics.settings import setting_from_scenario
    from dualdilemma.dynamics.simulation import QUANTILES, simulate

    setting = setting_from_scenario(scenario)
    simulation = simulate(
        setting.market,
        histories=histories,
        years=years,
        seed=seed,
        **setting.simulate_options(),
    )
    quantiles = simulation.summary.size_quantiles
    section: dict[str, Any] = {
        "histories": histories,
        "years_simulated": years,
        "seed": seed,
        "regime": setting.regime,
        "years": [int(y) for y in simulation.years],
        "quantiles": list(QUANTILES),
        "size_quantiles": [[float(v) for v in row] for row in quantiles],
        "record": None,
    }
    if setting.regime is not None:
        from dualdilemma.history import regime

        record_years, members = regime(setting.regime).series()
        section["record"] = {
            "years": [int(y) for y in record_years],
            "members": [int(m) for m in members],
        }
    return section


def scenario_report(
    scenario: Scenario, *, cartels: int = DEFAULT_CARTELS, simulate: int | None = None
) -> dict[str, Any]:
    """The full report on ``scenario`` as a JSON-ready dictionary (module docstring).

    Parameters
    ----------
    scenario
        The scenario.
    cartels
        How many minimal effective cartels to analyse in full (all are listed).
    simulate
        With a number of histories, add the ``simulation`` section
        (:func:`simulation_section`, seed 0): simulated membership against the record.

    Examples
    --------
    >>> from dualdilemma.scenarios import parse_scenario
    >>> scenario = parse_scenario('''
    ... [market]
    ... value = 4
    ... risk_without_supply = 0
    ... risk_with_supply = 1
    ... discount = 0.9
    ... [[supplier]]
    ... name = "leader"
    ... capacity = 1
    ... harm = 1
    ... safeguard = 0.9
    ... [[supplier]]
    ... name = "other"
    ... capacity = 1
    ... harm = 1
    ... safeguard = 0.1
    ... ''')
    >>> report = scenario_report(scenario)
    >>> report["pure_equilibria"]
    [['export', 'export']]
    >>> [(row["supplier"], row["verdict"]) for row in report["unilateral"]]
    [('leader', 'dual dilemma'), ('other', 'effective but costly')]
    """
    data = _header(scenario, "report")
    body, pure = _equilibria_sections(scenario)
    data.update(body)
    unilateral = _unilateral(scenario.market, pure["profiles"][:UNILATERAL_BASELINES])
    if len(pure["profiles"]) > UNILATERAL_BASELINES:
        unilateral["diagnostics"].append(
            f"the dual-dilemma table starts from the first {UNILATERAL_BASELINES} of "
            f"{len(pure['profiles'])} pure equilibria"
        )
    data["unilateral"] = unilateral["rows"]
    data["dual_dilemma_holds_for"] = unilateral["holds_for"]
    data["cartels"] = _cartel_section(scenario, cartels)
    if scenario.regime is not None:  # how the theory fares against history (dualdilemma.fit)
        from dualdilemma.fit.history_section import history_section

        data["history"] = history_section(scenario, data["cartels"])
    if simulate:
        data["simulation"] = simulation_section(scenario, simulate)
    from dualdilemma.progress import spinner

    with spinner("symbolic conditions") as tick:
        data["conditions"] = model_conditions(scenario.market.risk_exponent, tick=tick)
    from dualdilemma.design.report import design_section

    data["design"] = design_section(scenario)
    data["diagnostics"] = [*pure["diagnostics"], *unilateral["diagnostics"]]
    # keep last: the verdict reads every section above
    return with_verdict(data)


def cartel_report(
    scenario: Scenario,
    *,
    cartels: int = DEFAULT_CARTELS,
    members: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The cartel analysis alone (the ``cartels`` section of :func:`scenario_report`); with
    ``members``, that cartel is analysed too (``cartels.requested``).

    Raises :class:`~dualdilemma.errors.InvalidParameterError` for a member that is not a
    supplier (the message suggests the nearest name).
    """
    import difflib

    from dualdilemma.errors import InvalidParameterError

    data = _header(scenario, "cartel")
    requested = None
    if members is not None:
        names = scenario.suppliers
        for name in members:
            if name not in names:
                close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.5)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise InvalidParameterError(
                    f"--members names an unknown supplier {name!r}{hint}; suppliers: "
                    f"{', '.join(names)}"
                )
        if not members:
            raise InvalidParameterError("--members must name at least one supplier")
        requested = [n for n in names if n in set(members)]
    data["cartels"] = _cartel_section(scenario, cartels, requested)
    data["diagnostics"] = []
    return with_verdict(data)


def conditions_report(
    scenario: Scenario, keep: Sequence[str] = ("V", "p0", "p1")
) -> dict[str, Any]:
    """The symbolic conditions: the model-wide ones and, for the scenario's market, the
    condition in the parameters ``keep`` under which each pure equilibrium (and the
    all-export and all-control profiles) is an equilibrium
    (:func:`~dualdilemma.analysis.profile_conditions.profile_condition`)."""
    from dualdilemma.analysis.profile_conditions import market_symbols, profile_condition

    market = scenario.market
    symbols = market_symbols(market, keep)
    data = _header(scenario, "conditions")
    pure = verified_pure_equilibria(market)
    n = market.num_suppliers
    profiles = list(pure["profiles"])
    for extra in (tuple([EXPORT] * n), tuple([CONTROL] * n)):
        if extra not in profiles:
            profiles.append(extra)
    items = []
    domains = {p.name: p.domain for p in symbols.kept}
    for profile in profiles:
        condition = profile_condition(symbols, profile)
        entry = _condition_item(
            "profile",
            f"{_describe(market, profile)} is a pure equilibrium",
            simplify_condition(condition.condition, domains),
        )
        entry.update(
            profile=_named(profile),
            equilibrium_here=profile in pure["profiles"],
            deviations=list(condition.deviations),
        )
        items.append(entry)
    data["conditions"] = model_conditions(market.risk_exponent)
    data["kept_parameters"] = [
        {"name": p.name, "description": p.description, "value": json_number(v)}
        for p in symbols.kept
        for v in [market.parameter_values()[p.name]]
    ]
    data["profile_conditions"] = items
    data["diagnostics"] = list(pure["diagnostics"])
    return with_verdict(data)


def _describe(market: ExportMarket, profile: Sequence[int]) -> str:
    exporters = [n for n, a in zip(market.names, profile, strict=True) if a == EXPORT]
    if len(exporters) == market.num_suppliers:
        return "all export"
    if not exporters:
        return "all control"
    return "export by " + ", ".join(exporters) + " only"
