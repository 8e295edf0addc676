r"""Claim C2, race to the bottom: the equilibrium standard falls to the floor as N grows.

Statement
---------
In the symmetric standards race (MODEL s.3: :math:`N` identical suppliers of capacity
:math:`k`, harm :math:`h`, control cost :math:`c`, ladder :math:`0 = x^0 < \dots < x^L = 1`),
call a selling level :math:`x^v` an *equilibrium standard* at :math:`N` when "everyone at
:math:`x^v`" is a pure Nash equilibrium.  Let :math:`g = \max_{1 \le v < L} (x^v - x^{v-1})`
be the largest rung between selling levels.  If each supplier alone covers the buyer
(:math:`k \ge 1`), :math:`p_1 > p_0` and :math:`h (p_1 - p_0) g < V`, then

(a) the floor :math:`x^0` is an equilibrium standard for every :math:`N \ge 2`;
(b) the highest equilibrium standard is non-increasing in :math:`N`;
(c) from the smallest :math:`N^*` with :math:`V (1 - 1/N^*) > h (p_1 - p_0) g` on, the floor is
    the only equilibrium standard.

The package decides (a)-(c) with
:func:`~dualdilemma.analysis.dual_dilemma.race_to_the_bottom`, whose symbolic equilibrium
conditions (derived once per ladder from the race's payoffs) are evaluated exactly at
:math:`N = 2, \dots, N^*`.

Why (proof sketch, :func:`dualdilemma.claims.proofs.race_proof`): at a common level each
supplier sells :math:`1/N`; undercutting by one rung sells everything and raises the risk by
:math:`(p_1 - p_0)(x^v - x^{v-1})`, a gain of :math:`V (1 - 1/N) - h (p_1 - p_0)(x^v - x^{v-1})`
that grows with :math:`N`; raising the standard or refusing only loses the sale, since the
others cover the buyer.  "Falls faster as the number of suppliers grows" is the monotonicity in
(b): every standard above the floor has a size beyond which it cannot be held.

Naive version
-------------
"Competition on standards drives the equilibrium standard to the floor as N grows", for every
symmetric race and :math:`N` up to 6: false when suppliers are small (:math:`N k < 1`: no one
gains by undercutting) or when harm outweighs the business (a high standard holds at every N).
"""

from __future__ import annotations

from typing import Any

from dualdilemma.analysis.dual_dilemma import race_to_the_bottom
from dualdilemma.claims.claim import Claim, Verdict
from dualdilemma.solvers.result import json_number
from dualdilemma.strategies import RaceScenario, race_scenarios

__all__ = ["falls_to_floor", "SOURCE", "C2", "C2_NAIVE"]

SOURCE = (
    "As marketplaces become increasingly dense, the risk for sellers to compete for lucrative "
    "contracts risks downward pressure to international standards, which in this case "
    "typically results in weaker safeguards, contributing to the diminishing likelihood of "
    "success in generating the public good of nonproliferation."
)


def falls_to_floor(scenario: RaceScenario) -> Verdict:
    """Decide C2's conclusion: floor always an equilibrium standard, highest standard
    non-increasing in N, and only the floor at the largest N.

    >>> from dualdilemma.models.standards_race import SymmetricStandardsRace
    >>> race = SymmetricStandardsRace(ladder=(0, "1/2", 1))
    >>> values = {"V": 1, "p0": 0, "p1": 1, "k": 1, "h": "3/2", "c": "1/10"}
    >>> verdict = falls_to_floor(RaceScenario(race, values, (2, 3, 4, 5)))
    >>> verdict.holds, verdict.evidence["highest"]
    (True, ['1/2', '1/2', '1/2', 0])
    """
    result = race_to_the_bottom(scenario.race, scenario.sizes, scenario.values)
    floor = scenario.race.levels[0]
    rows = result.rows
    evidence: dict[str, Any] = {
        "sizes": [r.num_suppliers for r in rows],
        "highest": [None if r.highest is None else json_number(r.highest) for r in rows],
        "equilibrium_standards": [[json_number(x) for x in r.levels] for r in rows],
        "falls_with_n": result.falls_with_n,
    }
    missing = [r.num_suppliers for r in rows if floor not in r.levels]
    if missing:
        return Verdict(False, evidence, f"the floor is not an equilibrium standard at N={missing}")
    if not result.falls_with_n:
        return Verdict(False, evidence, f"the highest standard rises with N: {evidence['highest']}")
    last = rows[-1]
    if last.levels != (floor,):
        shown = [str(x) for x in last.levels]
        return Verdict(
            False, evidence, f"at N={last.num_suppliers} the equilibrium standards are {shown}"
        )
    return Verdict(True, evidence, "falls weakly with N and reaches the floor")


C2 = Claim(
    name="C2",
    title="race to the bottom",
    statement=(
        "In the symmetric standards race with k >= 1, p1 > p0 and h (p1 - p0) g < V (g the "
        "largest rung between selling levels): the floor is an equilibrium standard for every "
        "N >= 2, the highest equilibrium standard is non-increasing in N, and it is the floor "
        "for every N with V (1 - 1/N) > h (p1 - p0) g."
    ),
    strategy=race_scenarios(ample_capacity=True, reaches_floor=True),
    predicate=falls_to_floor,
    source=SOURCE,
)

C2_NAIVE = Claim(
    name="C2-naive",
    title="race to the bottom, any race",
    statement=(
        "In every symmetric standards race the equilibrium standard falls weakly as N grows "
        "and is the floor by N = 6."
    ),
    strategy=race_scenarios(risky=True),
    predicate=falls_to_floor,
    source=SOURCE,
    expected="counterexample",
    naive_of="C2",
)
