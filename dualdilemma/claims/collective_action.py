r"""Claim C1, collective action: exporting is dominant, yet everyone would rather all control.

Statement
---------
In the export market (MODEL s.2, linear risk), write :math:`W = \sum_j k_j (1 - s_j)` for the
unsafeguarded capacity and :math:`K = \sum_j k_j`.  If :math:`p_1 > p_0` and every supplier
has :math:`k_i > 0`, :math:`s_i < 1` and

.. math::

    \text{(own risk)}\;\; V > h_i (p_1 - p_0)(1 - s_i), \qquad
    \text{(density)}\;\; h_i (p_1 - p_0) W > V k_i + c_i \max(1, K),

then (a) *export* strictly dominates *control* for every supplier, so iterated elimination of
strictly dominated strategies leaves only all-export in one round, and (b) every supplier is
strictly better off when all control than when all export: a prisoner's dilemma.

Why (proof sketch, :func:`dualdilemma.claims.proofs.collective_action_proof`): against any
profile of the others, exporting rather than controlling raises the leakage by at most
:math:`m_i (1 - s_i)` (own unsafeguarded sales), so it gains at least
:math:`m_i (V - h_i (p_1 - p_0)(1 - s_i)) + c_i > 0`; and
:math:`u_i(\text{all control}) - u_i(\text{all export}) = (h_i (p_1 - p_0) W - V k_i) / \max(1, K)
- c_i`.  The density condition says each supplier is small against the market's unsafeguarded
capacity: with many suppliers, :math:`k_i / W \to 0`.

Naive version
-------------
"In a dense market" read as "every supplier's rivals can cover the buyer's needs" (and no
condition on harm or value): false, e.g. when harm is so low that all-export is efficient, or so
high that controlling is a best reply.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from dualdilemma.claims.claim import Claim, Verdict
from dualdilemma.models.export_market import CONTROL, EXPORT, ExportMarket
from dualdilemma.solvers.dominance import iterated_dominance
from dualdilemma.solvers.pure_nash import pure_equilibria
from dualdilemma.solvers.result import json_number
from dualdilemma.strategies import export_markets

__all__ = ["collective_action", "SOURCE", "C1", "C1_NAIVE"]

SOURCE = (
    "The central challenge marketplaces face for proliferation is one of competition imposing a "
    "collective action problem."
)


def collective_action(market: ExportMarket) -> Verdict:
    """Decide C1's conclusion on ``market`` with iterated dominance and pure equilibria.

    >>> from dualdilemma.models.export_market import Supplier
    >>> market = ExportMarket(1, 0, 1, [Supplier("A", "1/2", 1, 0), Supplier("B", "1/2", 1, 0)])
    >>> collective_action(market).holds
    False
    >>> dense = ExportMarket(1, 0, 1, [Supplier(f"S{i}", "1/2", "3/4", 0) for i in range(4)])
    >>> verdict = collective_action(dense)
    >>> verdict.holds, verdict.evidence["gain_from_all_control"]
    (True, ['1/2', '1/2', '1/2', '1/2'])
    """
    n = market.num_suppliers
    game = market.game(exact=True)
    dominance = iterated_dominance(game)
    first_round = sorted(e.player for e in dominance.eliminations if e.round == 1)
    controls_gone = all(
        any(
            e.player == i and e.strategy == CONTROL and e.round == 1 for e in dominance.eliminations
        )
        for i in range(n)
    )
    solved = dominance.complete and dominance.equilibria[0].pure_profile() == (EXPORT,) * n
    pure = [eq.pure_profile() for eq in pure_equilibria(game).equilibria]
    everyone_exports = game.payoff((EXPORT,) * n)
    everyone_controls = game.payoff((CONTROL,) * n)
    gains = [c - e for c, e in zip(everyone_controls, everyone_exports, strict=True)]
    pareto = all(g > 0 for g in gains)
    evidence: dict[str, Any] = {
        "eliminated_in_round_1": [market.names[i] for i in first_round],
        "iterated_dominance_solution": None
        if not dominance.complete
        else [market.actions[a] for a in dominance.equilibria[0].pure_profile()],
        "pure_equilibria": [[market.actions[a] for a in p] for p in pure],
        "payoffs_all_export": [json_number(u) for u in everyone_exports],
        "payoffs_all_control": [json_number(u) for u in everyone_controls],
        "gain_from_all_control": [json_number(g) for g in gains],
    }
    if not (controls_gone and solved):
        survivors = [market.names[i] for i in range(n) if i not in first_round]
        reason = (
            "exporting is not strictly dominant for "
            + (", ".join(survivors) or "every supplier")
            + f"; pure equilibria {evidence['pure_equilibria']}"
        )
        return Verdict(False, evidence, reason)
    if not pareto:
        worst = min(range(n), key=lambda i: gains[i])
        reason = (
            f"exporting is dominant but all-control is not better for {market.names[worst]} "
            f"(gain {Fraction(gains[worst])})"
        )
        return Verdict(False, evidence, reason)
    return Verdict(True, evidence, "export strictly dominant; all-control Pareto-better")


C1 = Claim(
    name="C1",
    title="collective action",
    statement=(
        "In the export market with p1 > p0, k_i > 0, s_i < 1 and, for every supplier i, "
        "V > h_i (p1 - p0)(1 - s_i) and h_i (p1 - p0) W > V k_i + c_i max(1, K) "
        "(W = sum_j k_j (1 - s_j), K = sum_j k_j): exporting strictly dominates controlling "
        "for every supplier (iterated dominance leaves all-export in one round), and every "
        "supplier is strictly better off if all control than if all export."
    ),
    strategy=export_markets(collective_action=True),
    predicate=collective_action,
    source=SOURCE,
)

C1_NAIVE = Claim(
    name="C1-naive",
    title="collective action, 'dense' as 'rivals cover'",
    statement=(
        "In every export market in which each supplier's rivals cover the buyer's needs "
        "(K - k_i >= 1), exporting strictly dominates controlling and all-control is strictly "
        "better for everyone than all-export."
    ),
    strategy=export_markets(others_cover=True, risky=True),
    predicate=collective_action,
    source=SOURCE,
    expected="counterexample",
    naive_of="C1",
)
