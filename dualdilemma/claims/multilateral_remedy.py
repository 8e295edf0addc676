r"""Claim C4, the multilateral remedy: a cartel with enough capacity lowers the risk, and it is
self-enforcing only above a critical discount factor.

Statement
---------
In the export market, a cartel :math:`S` controls and the outsiders :math:`O` best-respond (the
highest-risk pure equilibrium of their game, :mod:`dualdilemma.cartels.analysis`).  Say the
cartel *holds enough capacity* at tolerance :math:`\tau` when the outsiders' unsafeguarded
capacity is at most :math:`\tau`: :math:`W_O = \sum_{j \in O} k_j (1 - s_j) \le \tau`.  In the
collective-action region of C1 (:mod:`dualdilemma.claims.collective_action`), for a cartel
that holds enough capacity with :math:`\tau` below the leakage :math:`W / \max(1, K)` of the
stage equilibrium (everyone exports):

(a) the cartel is *effective*: leakage :math:`\le \tau`, whatever the outsiders do;
(b) it *lowers the risk* strictly below the stage equilibrium's;
(c) it is self-enforcing under grim trigger (Friedman 1971) only above a critical discount
    factor: every member's :math:`\delta^*_i > 0` (a one-shot deviation pays, since exporting
    is dominant), the cartel holds at :math:`\delta` iff :math:`\delta \ge \delta^* =
    \max_i \delta^*_i`, and :math:`\delta^* < 1` exists iff every member is better off in the
    cartel than in the stage equilibrium (:math:`\pi_C > \pi_N`).

The package decides (a)-(c) with :func:`~dualdilemma.cartels.analysis.analyse_cartel` (outsiders'
equilibria, critical discounts) and :func:`~dualdilemma.solvers.pure_nash.pure_equilibria` (the
stage equilibrium); the payoffs of (c) are read from the game, not from the analysis.

Naive version
-------------
"A cartel with enough capacity lowers the risk and is self-enforcing only above a critical
discount factor in (0, 1)", in every market: false when the members would control anyway
(:math:`\delta^* = 0`: nothing to enforce), when the stage equilibrium already has low risk
(high harm valuations), or when a member does better in the stage game than in the cartel
(no discount factor works).
"""

from __future__ import annotations

from typing import Any

from dualdilemma.cartels.analysis import CartelMarket, analyse_cartel
from dualdilemma.claims.claim import Claim, Verdict
from dualdilemma.solvers.pure_nash import pure_equilibria
from dualdilemma.solvers.result import json_number
from dualdilemma.strategies import CartelScenario, cartel_scenarios

__all__ = ["cartel_remedy", "naive_cartel_remedy", "SOURCE", "C4", "C4_NAIVE"]

SOURCE = (
    "The result is a dilemma which necessitates multilateral action, in an arena where states "
    "are likely to struggle to find an optimal coordination solution."
)


def _stage(context: CartelMarket) -> tuple[tuple[int, ...], Any] | None:
    """The stage equilibrium used as the benchmark: the pure equilibrium with the highest
    risk (``None`` if the game has no pure equilibrium)."""
    profiles = [eq.pure_profile() for eq in pure_equilibria(context.game).equilibria]
    if not profiles:
        return None
    risks = [context.outcome(p).risk for p in profiles]
    worst = max(risks)
    return profiles[risks.index(worst)], worst


def cartel_remedy(scenario: CartelScenario) -> Verdict:
    """Decide C4's conclusion (a)-(c) on one cartel.

    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(1, 0, 1, [Supplier(f"S{i}", "1/2", "3/4", 0) for i in range(4)])
    >>> verdict = cartel_remedy(CartelScenario(market, ("S1", "S2", "S3"), "1/2", "9/10"))
    >>> verdict.holds, verdict.evidence["critical_discount"], verdict.evidence["risk"]
    (True, '1/2', '1/2')
    """
    market = scenario.market
    context = CartelMarket(market)
    evidence: dict[str, Any] = {"cartel": list(scenario.cartel)}
    response = context.outsider_response(context.members(scenario.cartel))
    if response.selected is None:
        return Verdict(False, evidence, "the outsiders have no pure equilibrium reply")
    analysis = analyse_cartel(
        context,
        scenario.cartel,
        tolerance=scenario.tolerance,
        discount=scenario.discount,
        stability=False,
    )
    outcome = analysis.response.selected
    stage = _stage(context)
    evidence.update(
        outsiders_reply=[market.actions[a] for a in outcome],
        leakage=json_number(analysis.leakage),
        risk=json_number(analysis.risk),
        stage_equilibrium=None if stage is None else [market.actions[a] for a in stage[0]],
        stage_risk=None if stage is None else json_number(stage[1]),
        critical_discounts={name: cd.to_dict() for name, cd in analysis.critical_discounts},
        critical_discount=None
        if analysis.critical_discount is None
        else json_number(analysis.critical_discount),
        self_enforcing=analysis.self_enforcing,
    )
    if not analysis.effective:
        return Verdict(False, evidence, f"not effective: leakage {analysis.leakage}")
    if stage is None:
        return Verdict(False, evidence, "the stage game has no pure equilibrium to compare with")
    if not analysis.risk < stage[1]:
        return Verdict(
            False, evidence, f"risk {analysis.risk} is not below the stage risk {stage[1]}"
        )
    game = context.game
    names = market.names
    for name, cd in analysis.critical_discounts:
        i = names.index(name)
        cooperate = game.payoffs[(i, *outcome)]
        punish = min(game.payoffs[(i, *p)] for p in _all_stage_profiles(context))
        if cd.status == "always":
            return Verdict(False, evidence, f"{name} would control anyway: delta* = 0")
        if (cd.status == "threshold") != (cooperate > punish):
            return Verdict(
                False,
                evidence,
                f"{name}: delta* status {cd.status!r} but cartel payoff {cooperate} vs "
                f"stage payoff {punish}",
            )
    overall = analysis.critical_discount
    if analysis.self_enforcing != (overall is not None and scenario.discount >= overall):
        return Verdict(False, evidence, "self-enforcement does not follow the threshold")
    if overall is None:
        return Verdict(True, evidence, "effective, lowers the risk; no discount factor holds it")
    return Verdict(
        True, evidence, f"effective, lowers the risk; self-enforcing iff delta >= {overall}"
    )


def _all_stage_profiles(context: CartelMarket) -> list[tuple[int, ...]]:
    return [eq.pure_profile() for eq in pure_equilibria(context.game).equilibria]


def naive_cartel_remedy(scenario: CartelScenario) -> Verdict:
    """C4's conclusion, and moreover a critical discount factor strictly inside (0, 1)."""
    verdict = cartel_remedy(scenario)
    if verdict.holds and verdict.evidence.get("critical_discount") is None:
        return Verdict(False, verdict.evidence, "no discount factor below 1 holds the cartel")
    return verdict


C4 = Claim(
    name="C4",
    title="multilateral remedy",
    statement=(
        "In the collective-action region of C1, a cartel whose outsiders' unsafeguarded "
        "capacity W_O is at most tau, with tau below the stage leakage W / max(1, K), is "
        "effective (leakage <= tau with the outsiders' best reply), lowers the risk strictly "
        "below the stage equilibrium's, and is self-enforcing under grim trigger exactly for "
        "delta >= delta* with delta* > 0; delta* < 1 exists iff every member earns more in "
        "the cartel than in the stage equilibrium."
    ),
    strategy=cartel_scenarios(collective_action=True, below_stage=True),
    predicate=cartel_remedy,
    source=SOURCE,
)

C4_NAIVE = Claim(
    name="C4-naive",
    title="multilateral remedy, any market",
    statement=(
        "In every export market, a cartel whose outsiders' unsafeguarded capacity is at most "
        "tau is effective, lowers the risk below the stage equilibrium's, and is self-enforcing "
        "exactly above a critical discount factor delta* in (0, 1)."
    ),
    strategy=cartel_scenarios(risky=True, positive_capacity=True),
    predicate=naive_cartel_remedy,
    source=SOURCE,
    expected="counterexample",
    naive_of="C4",
)
