r"""Claim C3, the dual dilemma: a lone switch to control fails and costs the switcher.

Statement
---------
In the export market (MODEL s.2, linear risk) take a pure profile :math:`a` at which supplier
:math:`i` (with :math:`k_i > 0`) exports, and let :math:`a'` be :math:`a` with :math:`i` alone
switched to control.  Let :math:`K_o` be the capacity of the *other* exporters at :math:`a` and
:math:`\bar s` their capacity-weighted mean safeguard.  If the others can fill the gap
(:math:`K_o \ge 1`) and the switcher's safeguards are not the weaker ones
(:math:`s_i \ge \bar s`), then

(a) the switch does not lower the proliferation probability: :math:`\Delta P \ge 0`, with
    :math:`\Delta P > 0` when :math:`s_i > \bar s` and :math:`p_1 > p_0` (the leader's case);
(b) it costs the switcher its whole market share (:math:`m_i(a') = 0 < m_i(a)`), its revenue
    :math:`V m_i(a)`, and payoff: :math:`\Delta u_i < 0`.

The package decides it with :func:`~dualdilemma.analysis.dual_dilemma.dual_dilemma` on the
baseline :math:`a`.  Proof sketch (:func:`dualdilemma.claims.proofs.dual_dilemma_proof`): when
:math:`K_o \ge 1`, :math:`\Delta P = (p_1 - p_0)\, k_i (s_i - \bar s) / (K_o + k_i)` and
:math:`\Delta u_i = -V k_i / (K_o + k_i) - h_i \Delta P - c_i`.

Naive versions
--------------
The theory's sentence ("if a state ... unilaterally rais[es] its standards, it will fail;
instead, other states ... can simply fill the gap") is false without either condition, and
each naive claim drops one of them:

* ``C3-naive-gap``: the others cannot fill the gap (:math:`K_o < 1` allowed): withholding
  supply then lowers the risk;
* ``C3-naive-weakest``: the switcher's safeguards may be below the others' average: removing
  its poorly screened sales then lowers the risk.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from dualdilemma.analysis.dual_dilemma import dual_dilemma
from dualdilemma.claims.claim import Claim, Verdict
from dualdilemma.models.export_market import EXPORT
from dualdilemma.solvers.result import json_number
from dualdilemma.strategies import SwitchScenario, unilateral_switches

__all__ = ["lone_switch_fails", "SOURCE", "C3", "C3_NAIVE_GAP", "C3_NAIVE_WEAKEST"]

SOURCE = (
    "if a state wishes to resolve the export control gap through unilaterally raising its "
    "standards, it will fail; instead, other states in an unregulated market can simply fill "
    "the gap. What will occur, however, is that the unilateral actor will simply hinder its "
    "ability to subsequently influence market patterns by having selected itself out of the "
    "market."
)


def lone_switch_fails(scenario: SwitchScenario) -> Verdict:
    """Decide C3's conclusion: the switch is ineffective and costs share, revenue and payoff.

    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(4, 0, 1, [Supplier("leader", 1, 1, "9/10"),
    ...                                 Supplier("other", 1, 1, "1/10")])
    >>> verdict = lone_switch_fails(SwitchScenario(market, (0, 0), 0))
    >>> verdict.holds, verdict.evidence["risk_change"], verdict.evidence["share_change"]
    (True, '2/5', '-1/2')
    """
    market, i = scenario.market, scenario.supplier
    report = dual_dilemma(market, [scenario.baseline])
    switch = next(s for s in report.switches if s.index == i)
    others = [
        s
        for j, (s, a) in enumerate(zip(market.suppliers, scenario.baseline, strict=True))
        if j != i and a == EXPORT
    ]
    capacity = sum((s.capacity for s in others), Fraction(0))
    mean = (
        sum((s.capacity * s.safeguard for s in others), Fraction(0)) / capacity
        if capacity
        else None
    )
    evidence: dict[str, Any] = {
        "switcher": switch.supplier,
        "others_capacity": json_number(capacity),
        "others_mean_safeguard": None if mean is None else json_number(mean),
        "switcher_safeguard": json_number(market.suppliers[i].safeguard),
        "risk_before": json_number(switch.risk_before),
        "risk_after": json_number(switch.risk_after),
        "risk_change": json_number(switch.risk_change),
        "share_change": json_number(switch.share_change),
        "revenue_change": json_number(market.value * switch.share_change),
        "payoff_change": json_number(switch.payoff_change),
        "verdicts": list(switch.verdicts),
    }
    if not switch.ineffective:
        reason = (
            f"{switch.supplier}'s lone control lowers the risk by {-switch.risk_change} "
            f"(others' capacity {capacity}, their mean safeguard "
            f"{'-' if mean is None else mean} vs its own {market.suppliers[i].safeguard})"
        )
        return Verdict(False, evidence, reason)
    own = market.suppliers[i].safeguard
    leader_case = (
        mean is not None
        and capacity >= 1
        and own > mean
        and market.risk_with_supply > market.risk_without_supply
    )
    if leader_case and not switch.counterproductive:
        return Verdict(False, evidence, f"{switch.supplier} has the better safeguards but dP = 0")
    if not (switch.share_after == 0 < switch.share_before and switch.costly):
        return Verdict(
            False,
            evidence,
            f"{switch.supplier}'s switch is not costly (payoff change {switch.payoff_change})",
        )
    kind = "raises" if switch.counterproductive else "does not lower"
    return Verdict(True, evidence, f"the switch {kind} the risk and costs the whole share")


C3 = Claim(
    name="C3",
    title="dual dilemma",
    statement=(
        "In the export market, if supplier i (k_i > 0) alone switches from export to control "
        "while the other exporters hold capacity K_o >= 1 and have capacity-weighted mean "
        "safeguard sbar <= s_i, then the proliferation probability does not fall "
        "(dP >= 0) and i loses its whole market share, its revenue and payoff (du_i < 0)."
    ),
    strategy=unilateral_switches(others_cover=True, not_weaker=True),
    predicate=lone_switch_fails,
    source=SOURCE,
)

C3_NAIVE_GAP = Claim(
    name="C3-naive-gap",
    title="dual dilemma, others may not fill the gap",
    statement=(
        "In the export market, a lone switch to control by an exporter whose safeguards are "
        "not below the other exporters' mean never lowers the proliferation probability and "
        "always costs the switcher (whatever the others' capacity)."
    ),
    strategy=unilateral_switches(not_weaker=True, risky=True),
    predicate=lone_switch_fails,
    source=SOURCE,
    expected="counterexample",
    naive_of="C3",
)

C3_NAIVE_WEAKEST = Claim(
    name="C3-naive-weakest",
    title="dual dilemma, the switcher may be the weakest",
    statement=(
        "In the export market, when the other exporters cover the buyer's needs, a lone "
        "switch to control never lowers the proliferation probability and always costs the "
        "switcher (whatever the safeguards)."
    ),
    strategy=unilateral_switches(others_cover=True, risky=True),
    predicate=lone_switch_fails,
    source=SOURCE,
    expected="counterexample",
    naive_of="C3",
)
