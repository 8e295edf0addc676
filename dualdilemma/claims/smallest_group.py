r"""Claim C5, smallest group first: the leader starts with the smallest effective group that can
hold together, and the group is enlarged as emerging suppliers grow.

Statements
----------
*The first group* (``C5``).  The leader is the supplier with the highest harm valuation.  At
tolerance :math:`\tau` and discount factor :math:`\delta`, its first group :math:`S^*` is the
smallest cartel containing it that is effective and self-enforcing
(:func:`~dualdilemma.cartels.sustainable.smallest_sustainable_cartel`; ties by capacity).  Let
:math:`m` be the fewest members of an effective cartel containing the leader when outsiders
export (:func:`~dualdilemma.cartels.minimal.minimal_effective_cartels`, a capacity
computation).  In the collective-action region of C1, whenever :math:`S^*` exists:

(a) :math:`|S^*| \ge m`: no group smaller than the smallest effective one works;
(b) the leader is strictly better off with :math:`S^*` than in the stage equilibrium;
(c) :math:`|S^*| > m` only if *every* smallest effective cartel containing the leader fails
    self-enforcement at :math:`\delta` -- the conflict between "smallest" and
    "self-enforcing" that the naive version ``C5-naive`` ("the leader's first group is a
    smallest effective group") runs into.

*Enlargement* (``C5-enlargement``).  As emerging suppliers' capacities grow along
non-decreasing paths, :func:`~dualdilemma.cartels.enlargement.enlargement_path` never expels a
member; it changes the group only in a year in which the current group has become ineffective
or no longer self-enforcing; and in every year that is not reported as a breakdown the group is
effective and self-enforcing in that year's market (re-checked here with
:func:`~dualdilemma.cartels.analysis.analyse_cartel`).  Its naive version
``C5-enlargement-naive`` says more: once a group has formed, the growth of emerging suppliers is
always met by an enlargement that holds (no breakdown year).  It fails when an emerging
supplier does better free-riding on the others' control than inside any cartel.
"""

from __future__ import annotations

from typing import Any

from dualdilemma.cartels.analysis import CartelMarket, analyse_cartel
from dualdilemma.cartels.enlargement import enlargement_path, market_in_year
from dualdilemma.cartels.minimal import minimal_effective_cartels
from dualdilemma.cartels.sustainable import smallest_sustainable_cartel
from dualdilemma.claims.claim import Claim, Verdict
from dualdilemma.solvers.pure_nash import pure_equilibria
from dualdilemma.solvers.result import json_number
from dualdilemma.strategies import (
    EnlargementScenario,
    LeaderScenario,
    discount_factors,
    enlargement_scenarios,
    leader_scenarios,
)

__all__ = [
    "first_group",
    "first_group_is_smallest",
    "enlargement_follows_growth",
    "enlargement_never_breaks_down",
    "SOURCE",
    "C5",
    "C5_NAIVE",
    "C5_ENLARGEMENT",
    "C5_ENLARGEMENT_NAIVE",
]

SOURCE = (
    "I argue that they will do so through the generation of a cartel mechanism that begins "
    "with the smallest possible negotiating group of influential suppliers and may be extended "
    "beyond that group to secondary or emerging suppliers over time based on typical patterns "
    "identified by cartel theory."
)


def _first_group(scenario: LeaderScenario) -> tuple[Any, Any, CartelMarket, dict[str, Any]]:
    context = CartelMarket(scenario.market)
    options = {"tolerance": scenario.tolerance, "discount": scenario.discount}
    found = smallest_sustainable_cartel(context, required=[scenario.leader], **options)
    minimal = minimal_effective_cartels(
        scenario.market, scenario.tolerance, required=[scenario.leader]
    )
    evidence: dict[str, Any] = {
        "leader": scenario.leader,
        "first_group": None if found.cartel is None else list(found.cartel),
        "smallest_effective_size": minimal.smallest_size,
        "smallest_effective": [list(c) for c in minimal.smallest],
        "search": found.reason,
    }
    return found, minimal, context, evidence


def first_group(scenario: LeaderScenario) -> Verdict:
    """Decide C5 (a)-(c) on one market.

    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(1, 0, 1, [Supplier(f"S{i}", "1/2", "3/4", 0) for i in range(4)])
    >>> verdict = first_group(LeaderScenario(market, "S0", "1/2", "9/10"))
    >>> verdict.holds, verdict.evidence["first_group"], verdict.evidence["smallest_effective_size"]
    (True, ['S0', 'S1', 'S2'], 3)
    """
    found, minimal, context, evidence = _first_group(scenario)
    if found.cartel is None:
        return Verdict(True, evidence, "no effective cartel is self-enforcing", vacuous=True)
    size, smallest = len(found.cartel), minimal.smallest_size
    if smallest is None or size < smallest:
        return Verdict(
            False, evidence, f"the first group has {size} members, below the minimum {smallest}"
        )
    game = context.game
    leader = scenario.market.names.index(scenario.leader)
    outcome = found.analysis.response.selected
    stage = [eq.pure_profile() for eq in pure_equilibria(game).equilibria]
    with_group = game.payoffs[(leader, *outcome)]
    without = max(game.payoffs[(leader, *p)] for p in stage) if stage else None
    evidence.update(
        leader_payoff_group=json_number(with_group),
        leader_payoff_stage=None if without is None else json_number(without),
    )
    if without is not None and not with_group > without:
        return Verdict(
            False, evidence, f"the leader gains nothing: {with_group} vs stage {without}"
        )
    if size > smallest:
        holding = [
            c
            for c in minimal.smallest
            if analyse_cartel(
                context,
                c,
                tolerance=scenario.tolerance,
                discount=scenario.discount,
                stability=False,
            ).self_enforcing
        ]
        if holding:
            return Verdict(
                False, evidence, f"the smallest effective cartel {list(holding[0])} holds too"
            )
        return Verdict(
            True,
            evidence,
            f"every smallest effective group ({smallest}) fails self-enforcement; "
            f"first group has {size}",
        )
    return Verdict(True, evidence, f"the first group is a smallest effective group ({size})")


def first_group_is_smallest(scenario: LeaderScenario) -> Verdict:
    """The naive reading: the leader's first group, if any, is a smallest effective group."""
    found, minimal, _, evidence = _first_group(scenario)
    if found.cartel is None:
        return Verdict(True, evidence, "no effective cartel is self-enforcing", vacuous=True)
    if len(found.cartel) != minimal.smallest_size:
        return Verdict(
            False,
            evidence,
            f"no smallest effective group ({minimal.smallest_size} members) is self-enforcing "
            f"at delta = {scenario.discount}; the first group has {len(found.cartel)}",
        )
    return Verdict(True, evidence, "the first group is a smallest effective group")


def _enlargement(scenario: EnlargementScenario) -> tuple[Any, dict[str, Any]]:
    path = enlargement_path(
        scenario.market,
        scenario.capacity_paths,
        years=scenario.years,
        tolerance=scenario.tolerance,
        discount=scenario.discount,
    )
    evidence = {
        "members": [list(m) for m in path.members],
        "accession": [[name, year] for name, year in path.accession],
        "breakdown_year": path.breakdown_year,
        "notes": list(path.notes),
    }
    return path, evidence


def _holds(context: CartelMarket, group: tuple[str, ...], scenario: EnlargementScenario) -> bool:
    """Whether ``group`` is non-empty, effective and self-enforcing in ``context``."""
    if not group:
        return False
    result = analyse_cartel(
        context,
        group,
        tolerance=scenario.tolerance,
        discount=scenario.discount,
        stability=False,
    )
    return bool(result.effective and result.self_enforcing)


def enlargement_follows_growth(scenario: EnlargementScenario) -> Verdict:
    """Decide C5-enlargement on one capacity path."""
    path, evidence = _enlargement(scenario)
    broken = {note.split(":", 1)[0] for note in path.notes}
    previous: tuple[str, ...] = ()
    for t, (year, members) in enumerate(zip(path.years, path.members, strict=True)):
        members = tuple(members)
        if not set(previous) <= set(members):
            left = sorted(set(previous) - set(members))
            return Verdict(False, evidence, f"{year}: members {left} left")
        market = market_in_year(
            scenario.market, {name: p[t] for name, p in scenario.capacity_paths.items()}
        )
        context = CartelMarket(market)
        if members != previous and _holds(context, previous, scenario):
            return Verdict(False, evidence, f"{year}: the group changed though it still held")
        if str(year) not in broken and not _holds(context, members, scenario):
            return Verdict(False, evidence, f"{year}: the group {list(members)} does not hold")
        previous = members
    return Verdict(True, evidence, "members only join, when the group stops holding")


def enlargement_never_breaks_down(scenario: EnlargementScenario) -> Verdict:
    """The naive reading: once a group has formed, enlargement always keeps one that holds."""
    path, evidence = _enlargement(scenario)
    if not path.members[0]:
        return Verdict(True, evidence, "no group forms in the first year", vacuous=True)
    if path.breakdown_year is not None:
        return Verdict(
            False,
            evidence,
            f"{path.breakdown_year}: the group {list(path.members[-1])} stops holding and no "
            "enlargement is self-enforcing",
        )
    return Verdict(True, evidence, "the group was enlarged whenever needed")


C5 = Claim(
    name="C5",
    title="smallest group first",
    statement=(
        "In the collective-action region of C1, the leader's first group (the smallest cartel "
        "containing the leader that is effective and self-enforcing at delta) has at least as "
        "many members as the smallest effective cartel containing the leader, leaves the leader "
        "strictly better off than the stage equilibrium, and is larger than the smallest "
        "effective cartel only if every smallest effective cartel fails self-enforcement."
    ),
    strategy=leader_scenarios(collective_action=True, discount=discount_factors("4/5")),
    predicate=first_group,
    source=SOURCE,
)

C5_NAIVE = Claim(
    name="C5-naive",
    title="smallest group first, ignoring self-enforcement",
    statement=(
        "In the collective-action region of C1, whenever some effective cartel containing the "
        "leader is self-enforcing at delta, a smallest effective cartel containing the leader "
        "is (the leader can start with the smallest effective group)."
    ),
    strategy=leader_scenarios(collective_action=True, discount=discount_factors("4/5")),
    predicate=first_group_is_smallest,
    source=SOURCE,
    expected="counterexample",
    naive_of="C5",
)

C5_ENLARGEMENT = Claim(
    name="C5-enlargement",
    title="enlargement as emerging suppliers grow",
    statement=(
        "When emerging suppliers' capacities grow along non-decreasing paths, the regime never "
        "expels a member, changes only in a year in which it has become ineffective or not "
        "self-enforcing, and is effective and self-enforcing in every year that is not a "
        "reported breakdown."
    ),
    strategy=enlargement_scenarios(risky=True, discount=discount_factors("4/5")),
    predicate=enlargement_follows_growth,
    source=SOURCE,
)

C5_ENLARGEMENT_NAIVE = Claim(
    name="C5-enlargement-naive",
    title="enlargement always succeeds",
    statement=(
        "Once a regime has formed (in a market that starts in the collective-action region of "
        "C1), the growth of emerging suppliers is always met in time by an enlargement that is "
        "effective and self-enforcing (no breakdown year)."
    ),
    strategy=enlargement_scenarios(collective_action=True, discount=discount_factors("4/5")),
    predicate=enlargement_never_breaks_down,
    source=SOURCE,
    expected="counterexample",
    naive_of="C5-enlargement",
)
