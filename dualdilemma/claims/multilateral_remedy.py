r"""Claim C4, the multilateral remedy: a cartel with enough capacity lowers the risk, and it is
self-enforcing above a critical discount factor below one when every member gains from it.

Statement
---------
In the export market, a cartel :math:`S` controls and the outsiders :math:`O` best-respond (the
highest-risk pure equilibrium of their game, :mod:`dualdilemma.cartels.analysis`).  Say the
cartel *holds enough capacity* at tolerance :math:`\tau` when the outsiders' unsafeguarded
capacity is at most :math:`\tau`: :math:`W_O = \sum_{j \in O} k_j (1 - s_j) \le \tau`.  In the
collective-action region of C1 (:mod:`dualdilemma.claims.collective_action`), take a cartel that
holds enough capacity with :math:`\tau` below the leakage :math:`W / \max(1, K)` of the stage
equilibrium (everyone exports), and suppose every member :math:`i` values the harm enough that

.. math::

    h_i (p_1 - p_0) \bigl(W - \tau \max(1, K)\bigr) > V k_i + c_i \max(1, K)
    \qquad \text{(member gain)}.

Then the cartel is effective and lowers the risk strictly below the stage equilibrium's, and
every member's critical discount factor (grim trigger with Nash reversion, Friedman 1971)
lies strictly inside :math:`(0, 1)`: the cartel is self-enforcing exactly for
:math:`\delta \ge \delta^* = \max_i \delta^*_i`, a threshold below one.

Proof (the steps are verified by sympy in :func:`dualdilemma.claims.proofs.remedy_proof`):
the outsiders' leakage is at most :math:`W_O / \max(1, K_O) \le W_O \le \tau`, whatever they
do (effective) and below the stage leakage (lower risk).  A member's one-shot deviation is to
export, strictly better by C1's dominance: :math:`\pi_D > \pi_C`, so :math:`\delta^*_i > 0`.
The stage equilibrium is all-export (C1), where member :math:`i` gets
:math:`\pi_N = V k_i / \max(1, K) - h_i P_N`, while in the cartel
:math:`\pi_C = -h_i P_C - c_i` with :math:`P_C \le p_0 + (p_1 - p_0)\tau`.  So
:math:`\pi_C - \pi_N \ge [h_i (p_1 - p_0)(W - \tau \max(1, K)) - V k_i - c_i \max(1, K)] /
\max(1, K) > 0` by the member-gain condition, and
:math:`\delta^*_i = (\pi_D - \pi_C) / (\pi_D - \pi_N) < 1`.

Kind.  Effectiveness and the lower risk follow from the premises directly (the premises bound
:math:`W_O` by :math:`\tau` and :math:`\tau` by the stage leakage); the content of the theorem is
the critical discount factor in :math:`(0, 1)`, which the package computes from the game's
payoffs at the outsiders' equilibrium and could have found outside it (``C4-naive``, and the
mutation test that drops the member-gain condition).  Examples whose members do not meet the
member-gain condition are vacuous and rejected.

Naive version
-------------
"A cartel with enough capacity lowers the risk and is self-enforcing only above a critical
discount factor in (0, 1)", in every market: false when the members would control anyway
(:math:`\delta^* = 0`: nothing to enforce), when the stage equilibrium already has low risk
(high harm valuations), or when a member does better in the stage game than in the cartel
(no discount factor works).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from dualdilemma.cartels.analysis import CartelMarket, analyse_cartel
from dualdilemma.claims.claim import Claim, Verdict
from dualdilemma.solvers.pure_nash import pure_equilibria
from dualdilemma.solvers.result import json_number
from dualdilemma.strategies import CartelScenario, cartel_scenarios

__all__ = [
    "cartel_remedy",
    "naive_cartel_remedy",
    "members_short_of_gain",
    "SOURCE",
    "C4",
    "C4_NAIVE",
]

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


def members_short_of_gain(scenario: CartelScenario) -> list[str]:
    """Members that fail the member-gain condition of C4 (module docstring).

    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(1, 0, 1, [Supplier(f"S{i}", "1/2", "3/4", 0) for i in range(4)])
    >>> members_short_of_gain(CartelScenario(market, ("S1", "S2", "S3"), "1/4", "9/10"))
    []
    >>> members_short_of_gain(CartelScenario(market, ("S1", "S2", "S3"), "3/4", "9/10"))
    ['S1', 'S2', 'S3']
    """
    market = scenario.market
    suppliers = market.suppliers
    capacity = sum((s.capacity for s in suppliers), Fraction(0))
    scale = max(Fraction(1), capacity)
    unsafe = sum((s.capacity * (1 - s.safeguard) for s in suppliers), Fraction(0))
    spread = market.risk_with_supply - market.risk_without_supply
    room = unsafe - scenario.tolerance * scale
    return [
        s.name
        for s in suppliers
        if s.name in scenario.cartel
        and not s.harm * spread * room > market.value * s.capacity + s.control_cost * scale
    ]


def cartel_remedy(scenario: CartelScenario, *, premise: bool = True) -> Verdict:
    """Decide C4's conclusion on one cartel (``premise=False``: whether or not the members
    meet the member-gain condition, as the naive version asks).

    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(1, 0, 1, [Supplier(f"S{i}", "1/2", "3/4", 0) for i in range(4)])
    >>> verdict = cartel_remedy(CartelScenario(market, ("S1", "S2", "S3"), "1/2", "9/10"))
    >>> verdict.holds, verdict.evidence["critical_discount"], verdict.evidence["risk"]
    (True, '1/2', '1/2')
    """
    market = scenario.market
    context = CartelMarket(market)
    evidence: dict[str, Any] = {"cartel": list(scenario.cartel)}
    short = members_short_of_gain(scenario)
    evidence["members_short_of_gain"] = short
    if premise and short:
        return Verdict(
            True, evidence, f"{', '.join(short)} fail the member-gain condition", vacuous=True
        )
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
        if premise and not (cd.status == "threshold" and 0 < cd.value < 1):
            return Verdict(
                False,
                evidence,
                f"{name}: delta* is {cd.status} {cd.value} (payoff {cooperate} in the cartel, "
                f"{punish} in the stage game), not inside (0, 1)",
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
    """C4's conclusion without the member-gain condition: in every market, a critical discount
    factor strictly inside (0, 1)."""
    verdict = cartel_remedy(scenario, premise=False)
    if verdict.holds and verdict.evidence.get("critical_discount") is None:
        return Verdict(False, verdict.evidence, "no discount factor below 1 holds the cartel")
    return verdict


C4 = Claim(
    name="C4",
    title="multilateral remedy",
    statement=(
        "In the collective-action region of C1, a cartel whose outsiders' unsafeguarded "
        "capacity W_O is at most tau, with tau below the stage leakage W / max(1, K), and "
        "whose every member i has h_i (p1 - p0)(W - tau max(1, K)) > V k_i + c_i max(1, K), "
        "is effective, lowers the risk strictly below the stage equilibrium's, and is "
        "self-enforcing under grim trigger exactly for delta >= delta*, with every member's "
        "delta*_i strictly inside (0, 1)."
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
