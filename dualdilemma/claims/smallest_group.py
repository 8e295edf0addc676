r"""Claim C5, smallest group first: the leader prefers the smallest effective group, which is
enlarged as emerging suppliers grow.

Statements
----------
*The leader's preference* (``C5``, a theorem, and ``C5-naive``).  The leader :math:`L` is the
supplier with the highest harm valuation.  At tolerance :math:`\tau` and discount factor
:math:`\delta` let :math:`\mathcal H` be the cartels containing :math:`L` that are effective
and self-enforcing (the outsiders' reply as in
:func:`~dualdilemma.cartels.analysis.analyse_cartel`), and :math:`S^* \in \mathcal H` the
leader's first group, the smallest of them (fewest members, ties by capacity;
:func:`~dualdilemma.cartels.sustainable.smallest_sustainable_cartel`).  The theory's
sentence, read literally (``C5-naive``): *the leader's payoff is highest at* :math:`S^*`.
It is false.  What holds (``C5``), whenever :math:`|\mathcal H| \ge 2`:

(a) for every :math:`T \in \mathcal H`,
    :math:`u_L(T) - u_L(S^*) = h_L (p_1 - p_0)\,(q(S^*) - q(T))`, where :math:`q` is the
    leakage at the outsiders' reply;
(b) hence the leader prefers its first group exactly when no other self-enforcing effective
    group leaks less (:math:`q(S^*) = \min_{\mathcal H} q`), and in every case it loses at
    most :math:`h_L (p_1 - p_0)\, q(S^*) \le h_L (p_1 - p_0)\,\tau` by keeping it: the smallest
    effective group is :math:`h_L (p_1 - p_0)\tau`-optimal for the leader;
(c) at the margin (C3 applied to the cartel): let :math:`E_T \subseteq E_{S^*}` be the exporters
    of the two replies and :math:`A = E_{S^*} \setminus E_T` the exporters that :math:`T` takes
    out of the market.  If :math:`T`'s exporters still cover the buyer's needs
    (:math:`K_{E_T} \ge 1`) and :math:`A` screens at least as well as :math:`E_{S^*}` on
    average (capacity-weighted, :math:`\bar s_A \ge \bar s_{E_{S^*}}`), the leader does not
    gain from :math:`T`; if :math:`S^*`'s exporters do not cover the buyer
    (:math:`K_{E_{S^*}} \le 1`), :math:`A` held unsafeguarded capacity (:math:`W_A > 0`) and
    :math:`h_L (p_1 - p_0) > 0`, the leader strictly gains.

Proof.  A member controls, so its market share is 0 and
:math:`u_L(T) = -h_L P(T) - c_L` with :math:`P(T) = p_0 + (p_1 - p_0) q(T)`; subtracting gives
(a).  (b) follows from (a), :math:`q(T) \ge 0` and effectiveness, :math:`q(S^*) \le \tau`.
(c): with exporters :math:`E` covering the buyer, :math:`q = 1 - \bar s_E`, and
:math:`\bar s_{E_{S^*}}` is the capacity-weighted mean of :math:`\bar s_A` and
:math:`\bar s_{E_T}`, so :math:`\bar s_A \ge \bar s_{E_{S^*}}` gives
:math:`\bar s_{E_T} \le \bar s_{E_{S^*}}`, :math:`q(T) \ge q(S^*)` and by (a)
:math:`u_L(T) \le u_L(S^*)`.  Without cover, :math:`q = W_E`, so
:math:`q(S^*) - q(T) = W_A > 0`.

So the condition under which the theory's C5 holds is C3's: the smallest effective group is
the leader's choice when enlarging it would leave the gap to outsiders who fill it with no
better safeguards; where capacity is scarce every further member lowers the risk and the
leader (who bears none of the members' lost sales) wants the larger group.  The predicate
decides (a)-(c) with the package: the leader's payoffs are read from the game tensor at the
outsiders' reply, the leakages from :func:`~dualdilemma.cartels.analysis.analyse_cartel`.
Markets in which the leader has fewer than two self-enforcing effective groups say nothing
about a preference: they are *vacuous* and rejected by the checker.

*The first group* (``C5-first-group``, a definition).  :math:`|S^*| \ge m`, the fewest
members of an effective cartel containing the leader; the leader is better off in
:math:`S^*` than in the stage equilibrium; and :math:`|S^*| > m` only if every smallest
effective cartel fails self-enforcement.  All three hold by construction in C1's region:
the search returns the smallest effective cartel that holds, so it cannot be smaller than the
smallest effective one, nor larger while a smallest one holds; and self-enforcement at
:math:`\delta < 1` needs :math:`\pi_C > \pi_N` for every member, the leader included.  The
claim checks the implementation; it is listed but not counted as support.  Its naive
version ``C5-first-group-naive`` ("the leader's first group is a smallest effective group")
is a falsifiable statement, and false.

*Enlargement* (``C5-enlargement``, a definition).  As emerging suppliers' capacities grow
along non-decreasing paths, :func:`~dualdilemma.cartels.enlargement.enlargement_path` never
expels a member, changes the group only in a year in which it has become ineffective or no
longer self-enforcing, and in every year that is not reported as a breakdown the group is
effective and self-enforcing (re-checked with :func:`~dualdilemma.cartels.analysis.analyse_cartel`).
These are the rules ``enlargement_path`` is built from: the claim checks the implementation
and is not counted as support.  Its naive version ``C5-enlargement-naive`` says more: once a
group has formed, the growth of emerging suppliers is always met by an enlargement that holds
(no breakdown year).  It fails when an emerging supplier does better free-riding on the
others' control than inside any cartel.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from typing import Any

from hypothesis import strategies as st

from dualdilemma.cartels.analysis import CartelMarket, analyse_cartel
from dualdilemma.cartels.enlargement import enlargement_path, market_in_year
from dualdilemma.cartels.minimal import minimal_effective_cartels
from dualdilemma.cartels.sustainable import smallest_sustainable_cartel
from dualdilemma.claims.claim import Claim, Verdict
from dualdilemma.models.export_market import EXPORT
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
    "held_groups",
    "leader_preference",
    "leader_prefers_smallest",
    "first_group",
    "first_group_is_smallest",
    "enlargement_follows_growth",
    "enlargement_never_breaks_down",
    "SOURCE",
    "C5",
    "C5_NAIVE",
    "C5_FIRST_GROUP",
    "C5_FIRST_GROUP_NAIVE",
    "LEADER_MARKETS",
    "SCARCE_LEADER_MARKETS",
    "C5_ENLARGEMENT",
    "C5_ENLARGEMENT_NAIVE",
]

SOURCE = (
    "I argue that they will do so through the generation of a cartel mechanism that begins "
    "with the smallest possible negotiating group of influential suppliers and may be extended "
    "beyond that group to secondary or emerging suppliers over time based on typical patterns "
    "identified by cartel theory."
)


def held_groups(scenario: LeaderScenario, context: CartelMarket | None = None) -> list[Any]:
    """Every cartel containing the leader that is effective and self-enforcing, with its
    analysis, by size then market order (at most :math:`2^{n-1}` cartels: small markets).

    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(1, 0, 1, [Supplier(f"S{i}", "1/2", "3/4", 0) for i in range(4)])
    >>> [a.cartel for a in held_groups(LeaderScenario(market, "S0", "1/2", "9/10"))]
    [('S0', 'S1', 'S2'), ('S0', 'S1', 'S3'), ('S0', 'S2', 'S3'), ('S0', 'S1', 'S2', 'S3')]
    """
    context = CartelMarket(scenario.market) if context is None else context
    names = scenario.market.names
    others = [n for n in names if n != scenario.leader]
    held = []
    for size in range(len(others) + 1):
        for extra in combinations(others, size):
            cartel = tuple(n for n in names if n == scenario.leader or n in extra)
            analysis = analyse_cartel(
                context,
                cartel,
                tolerance=scenario.tolerance,
                discount=scenario.discount,
                stability=False,
            )
            if analysis.effective and analysis.self_enforcing:
                held.append(analysis)
    return held


def _exporters(market: Any, profile: tuple[int, ...]) -> list[Any]:
    return [s for s, a in zip(market.suppliers, profile, strict=True) if a == EXPORT]


def _mean_safeguard(suppliers: list[Any]) -> Fraction | None:
    capacity = sum((s.capacity for s in suppliers), Fraction(0))
    if not capacity:
        return None
    return sum((s.capacity * s.safeguard for s in suppliers), Fraction(0)) / capacity


def _margin(market: Any, first: Any, other: Any) -> str | None:
    """Which case of (c) applies to ``other`` against the first group, if any."""
    if not set(first.cartel) < set(other.cartel):
        return None
    before = _exporters(market, first.response.selected)
    after = _exporters(market, other.response.selected)
    if not {s.name for s in after} <= {s.name for s in before}:
        return None
    taken = [s for s in before if s.name not in {t.name for t in after}]
    if not taken:
        return None
    covered = sum((s.capacity for s in after), Fraction(0)) >= 1
    mean_taken, mean_before = _mean_safeguard(taken), _mean_safeguard(before)
    if covered and mean_taken is not None and mean_taken >= mean_before:
        return "gap filled"
    scarce = sum((s.capacity for s in before), Fraction(0)) <= 1
    unsafe = sum((s.capacity * (1 - s.safeguard) for s in taken), Fraction(0))
    if scarce and unsafe > 0 and market.risk_with_supply > market.risk_without_supply:
        return "scarce"
    return None


def _preference(scenario: LeaderScenario) -> tuple[Any, list[Any], dict[str, Any]] | Verdict:
    """The first group, the other held groups and the leader's payoffs, or a vacuous verdict."""
    context = CartelMarket(scenario.market)
    found = smallest_sustainable_cartel(
        context,
        tolerance=scenario.tolerance,
        discount=scenario.discount,
        required=[scenario.leader],
    )
    held = held_groups(scenario, context)
    evidence: dict[str, Any] = {
        "leader": scenario.leader,
        "first_group": None if found.cartel is None else list(found.cartel),
        "held_groups": [list(a.cartel) for a in held],
    }
    if found.cartel is None or len(held) < 2:
        return Verdict(
            True,
            evidence,
            "fewer than two self-enforcing effective groups contain the leader",
            vacuous=True,
        )
    first = next(a for a in held if set(a.cartel) == set(found.cartel))
    leader = scenario.market.names.index(scenario.leader)
    payoffs = {a.cartel: context.payoff(leader, a.response.selected) for a in held}
    evidence.update(
        leader_payoffs={" ".join(c): json_number(u) for c, u in payoffs.items()},
        leakages={" ".join(a.cartel): json_number(a.leakage) for a in held},
    )
    return first, held, evidence | {"_payoffs": payoffs, "_context": context}


def leader_prefers_smallest(scenario: LeaderScenario) -> Verdict:
    """The naive reading of C5: the leader's payoff is highest at its first group.

    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(1, 0, 1, [Supplier(f"S{i}", "1/3", "2/3", 0) for i in range(3)])
    >>> verdict = leader_prefers_smallest(LeaderScenario(market, "S0", 1, "9/10"))
    >>> verdict.holds, verdict.evidence["first_group"], verdict.evidence["preferred"]
    (False, ['S0', 'S1'], ['S0', 'S1', 'S2'])
    >>> verdict.evidence["leader_payoffs"]
    {'S0 S1': '-2/9', 'S0 S2': '-2/9', 'S0 S1 S2': 0}
    """
    found = _preference(scenario)
    if isinstance(found, Verdict):
        return found
    first, held, evidence = found
    payoffs = evidence.pop("_payoffs")
    evidence.pop("_context")
    best = max(held, key=lambda a: payoffs[a.cartel])
    evidence["preferred"] = list(best.cartel)
    if payoffs[best.cartel] > payoffs[first.cartel]:
        return Verdict(
            False,
            evidence,
            f"the leader gets {payoffs[best.cartel]} in {list(best.cartel)} (leakage "
            f"{best.leakage}) but {payoffs[first.cartel]} in its first group "
            f"{list(first.cartel)} (leakage {first.leakage})",
        )
    return Verdict(True, evidence, f"the leader prefers its first group {list(first.cartel)}")


def leader_preference(scenario: LeaderScenario) -> Verdict:
    """Decide C5 (a)-(c): the leader's gain from any other held group is
    :math:`h_L (p_1 - p_0)(q(S^*) - q(T)) \\le h_L (p_1 - p_0)\\tau`, and the margin cases.

    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(1, 0, 1, [Supplier(f"S{i}", "1/3", "2/3", 0) for i in range(3)])
    >>> verdict = leader_preference(LeaderScenario(market, "S0", 1, "9/10"))
    >>> verdict.holds, verdict.evidence["largest_gain"], verdict.evidence["bound"]
    (True, '2/9', '2/3')
    >>> verdict.evidence["margin_cases"]  # taking S2 out of a scarce market: the leader gains
    {'gap filled': 0, 'scarce': 1}
    """
    found = _preference(scenario)
    if isinstance(found, Verdict):
        return found
    first, held, evidence = found
    payoffs = evidence.pop("_payoffs")
    evidence.pop("_context")
    market = scenario.market
    leader = market.suppliers[market.names.index(scenario.leader)]
    slope = leader.harm * (market.risk_with_supply - market.risk_without_supply)
    bound = slope * scenario.tolerance
    gains, cases = [], {"gap filled": 0, "scarce": 0}
    for other in held:
        gain = payoffs[other.cartel] - payoffs[first.cartel]
        gains.append(gain)
        named = list(other.cartel)
        if gain != slope * (first.leakage - other.leakage):
            return Verdict(
                False,
                evidence,
                f"{named}: the leader's gain {gain} is not h_L (p1 - p0)(q(S*) - q(T)) = "
                f"{slope * (first.leakage - other.leakage)}",
            )
        if gain > slope * first.leakage or gain > bound:
            return Verdict(
                False, evidence, f"{named}: the leader gains {gain} > h_L (p1 - p0) tau = {bound}"
            )
        case = _margin(market, first, other)
        if case is not None:
            cases[case] += 1
        if case == "gap filled" and gain > 0:
            return Verdict(
                False, evidence, f"{named}: the others fill the gap yet the leader gains {gain}"
            )
        if case == "scarce" and not gain > 0:
            return Verdict(
                False, evidence, f"{named}: scarce capacity taken out, yet the leader gains {gain}"
            )
    largest = max(gains)
    prefers = largest <= 0
    minimal_leakage = first.leakage <= min(a.leakage for a in held)
    evidence.update(
        largest_gain=json_number(largest),
        bound=json_number(bound),
        margin_cases=cases,
        prefers_first_group=prefers,
    )
    if prefers != minimal_leakage:
        return Verdict(False, evidence, "the preference does not follow the leakages")
    which = "prefers its first group" if prefers else f"gains at most {largest} <= {bound}"
    return Verdict(True, evidence, f"the leader {which}")


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


#: Markets of C1's region where capacity is scarce (K <= 1), with three or four suppliers and a
#: discount factor of at least 9/10: there, unlike in C1's region at large, the leader often
#: belongs to two self-enforcing effective cartels, so that it has a choice to make.
SCARCE_LEADER_MARKETS = leader_scenarios(
    st.integers(3, 4),
    collective_action=True,
    scarce=True,
    discount=discount_factors(Fraction(9, 10)),
)
#: The same, or any market in which supply raises the risk (outsiders may then control).
LEADER_MARKETS = st.one_of(
    SCARCE_LEADER_MARKETS,
    leader_scenarios(st.integers(3, 4), risky=True, discount=discount_factors(Fraction(9, 10))),
)

C5 = Claim(
    name="C5",
    title="smallest group first: the leader's preference",
    statement=(
        "Whenever the leader (highest harm) belongs to at least two effective self-enforcing "
        "cartels: its payoff in any of them exceeds its payoff in its first group S* (the "
        "smallest) by exactly h_L (p1 - p0)(q(S*) - q(T)), at most h_L (p1 - p0) tau; so it "
        "prefers S* exactly when no such cartel leaks less, it does not gain from an "
        "enlargement whose exporters still cover the buyer and screen no better than those "
        "removed, and it strictly gains from one that removes unsafeguarded capacity from a "
        "market its exporters cannot cover."
    ),
    strategy=LEADER_MARKETS,
    predicate=leader_preference,
    source=SOURCE,
)

C5_NAIVE = Claim(
    name="C5-naive",
    title="the leader prefers the smallest effective group",
    statement=(
        "Among the effective self-enforcing cartels containing the leader (highest harm), the "
        "leader's payoff is highest at the smallest one (its first group)."
    ),
    strategy=SCARCE_LEADER_MARKETS,
    predicate=leader_prefers_smallest,
    source=SOURCE,
    expected="counterexample",
    naive_of="C5",
)

C5_FIRST_GROUP = Claim(
    name="C5-first-group",
    title="the leader's first group (true by construction)",
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
    kind="definition",
)

C5_FIRST_GROUP_NAIVE = Claim(
    name="C5-first-group-naive",
    title="the first group is a smallest effective group",
    statement=(
        "In the collective-action region of C1, whenever some effective cartel containing the "
        "leader is self-enforcing at delta, a smallest effective cartel containing the leader "
        "is (the leader can start with the smallest effective group)."
    ),
    strategy=leader_scenarios(collective_action=True, discount=discount_factors("4/5")),
    predicate=first_group_is_smallest,
    source=SOURCE,
    expected="counterexample",
    naive_of="C5-first-group",
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
    kind="definition",
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
