r"""Claim C6, shocks and lag: regimes are formed or revised only after a shock, and their
membership changes are punctuated (leptokurtic).

Statement
---------
In the regime dynamics of MODEL s.5 (:mod:`dualdilemma.dynamics.simulation`: a revision in year
:math:`t` needs attention times gap above the negotiation cost, :math:`A_t g_t > c`; attention
jumps by one at a shock and decays by :math:`\rho` otherwise, and a shock first counts the
year after it), with no attention before the first shock (:math:`A_0 = 0`):

(a) *lag*: in every history, no regime is formed or revised before a proliferation shock: the
    first change of membership comes strictly after the first shock;
(b) *punctuation*: let :math:`S` be the number of runs of years with the same revision target
    and :math:`T` the number of yearly changes :math:`\Delta_t = |R_t| - |R_{t-1}|` of each
    history.  If :math:`S / T < (3 - \sqrt 3) / 6 \approx 0.211`, the pooled yearly changes
    are leptokurtic (kurtosis :math:`> 3`) whenever they vary at all.

Proof sketch (:func:`dualdilemma.claims.proofs.punctuation_proof`).  (a): with
:math:`A_0 = 0`, :math:`A_t > 0` only after a shock, and :math:`A_t g_t > c \ge 0` needs
:math:`A_t > 0`.  (b): a revision moves the member set to the year's target, so a history
changes at most once per run of constant target: at most a share :math:`p = S / T` of the
:math:`\Delta_t` differ from 0.  For any distribution with an atom of mass :math:`1 - p` (here
at 0), Cauchy-Schwarz on the rest gives kurtosis :math:`\ge p^2 / (1 - p) + (1 - p)^2 / p =
1 / (p (1 - p)) - 3` for :math:`p < 1/2`, which exceeds 3 iff :math:`p (1 - p) < 1/6`.

The package decides (a) and (b) with :func:`~dualdilemma.dynamics.tables.regime_tables` and
:func:`~dualdilemma.dynamics.simulation.simulate` (seeded Monte Carlo; the claim reads each
history's membership and shocks).

Naive versions
--------------
* ``C6-naive-attention``: (a) and (b) for any attention :math:`A_0 \ge 0` left before the
  first shock: false, since attention carried in from earlier events lets a regime form
  before any shock;
* ``C6-naive-horizon``: (b) over any horizon: false over short windows, where a single
  founding jump among four yearly changes has kurtosis :math:`1/(p(1-p)) - 3 = 7/3` at
  :math:`p = 1/4`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from dualdilemma.claims.claim import Claim, Verdict
from dualdilemma.strategies import ShockScenario, shock_scenarios

__all__ = [
    "shocks_then_punctuation",
    "naive_shocks_then_punctuation",
    "target_runs",
    "rare_enough",
    "PUNCTUATION_THRESHOLD",
    "SOURCE",
    "C6",
    "C6_NAIVE_ATTENTION",
    "C6_NAIVE_HORIZON",
]

SOURCE = (
    "states will only respond to a market-based proliferation gap once a major “shock”—in the "
    "form of a proliferation event which reveals the extent of that gap—spurs actors to "
    "collectively overcome the mixed-motives incentives that had previously precluded "
    "cooperation. [...] The timelines tend towards a “pattern of activism and neglect” or "
    "“punctuated equilibrium”"
)

#: The share of non-zero changes below which any distribution is leptokurtic.
PUNCTUATION_THRESHOLD = (3 - math.sqrt(3)) / 6


def target_runs(targets: Any) -> int:
    """Runs of consecutive years with the same revision target (years without one excluded).

    >>> target_runs([1, 1, -1, 2, 2, 1])
    3
    """
    runs, previous = 0, None
    for target in (int(t) for t in targets):
        if target >= 0 and target != previous:
            runs += 1
        previous = target
    return runs


def rare_enough(runs: int, changes: int) -> bool:
    """Whether ``runs / changes < (3 - sqrt 3) / 6``, decided exactly.

    >>> rare_enough(2, 11), rare_enough(3, 14)
    (True, False)
    """
    if changes <= 0:
        return False
    p = Fraction(runs, changes)
    # p < (3 - sqrt 3)/6  <=>  3 - 6p > sqrt 3  <=>  3 - 6p > 0 and (3 - 6p)^2 > 3
    return 3 - 6 * p > 0 and (3 - 6 * p) ** 2 > 3


def _run(scenario: ShockScenario) -> tuple[Any, Any]:
    from dualdilemma.dynamics.simulation import simulate
    from dualdilemma.dynamics.tables import regime_tables

    tables = regime_tables(
        scenario.market,
        scenario.capacity_paths,
        discount=scenario.discount,
        tolerance=scenario.tolerance,
        progress=False,
    )
    simulation = simulate(
        tables,
        histories=scenario.histories,
        seed=scenario.seed,
        dynamics=scenario.dynamics,
        progress=False,
    )
    return tables, simulation


def _first(mask: np.ndarray) -> np.ndarray:
    """Index of the first ``True`` of each row, ``-1`` when there is none."""
    return np.where(mask.any(axis=1), mask.argmax(axis=1), -1)


def shocks_then_punctuation(scenario: ShockScenario, *, naive: bool = False) -> Verdict:
    """Decide C6 (a) and (b) on one scenario (``naive=True``: (b) without its premise).

    >>> from dualdilemma.dynamics.simulation import ShockDynamics
    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(10, 0, 1, [Supplier("A", "1/2", 20, "1/2"),
    ...                                  Supplier("B", "1/2", 20, "1/2"),
    ...                                  Supplier("C", "1/10", 5, 0)])
    >>> dynamics = ShockDynamics(shock_base=0.05, shock_gap=0.5, negotiation_cost=0.2)
    >>> scenario = ShockScenario(market, {"C": ["1/10"] * 6 + ["3/10"] * 8}, "1/10", "9/10",
    ...                          dynamics, histories=300, seed=1)
    >>> verdict = shocks_then_punctuation(scenario)
    >>> verdict.holds, verdict.evidence["target_runs"], verdict.evidence["kurtosis"] > 3
    (True, 2, True)
    """
    tables, simulation = _run(scenario)
    membership, shocks = simulation.membership, simulation.shocks
    previous = np.concatenate(
        (np.zeros((membership.shape[0], 1), dtype=membership.dtype), membership[:, :-1]), axis=1
    )
    first_change = _first(membership != previous)
    first_shock = _first(shocks)
    early = (first_change >= 0) & ((first_shock < 0) | (first_change <= first_shock))
    runs = target_runs(tables.targets)
    yearly = len(tables.years) - 1
    changes = simulation.summary.changes
    kurtosis = changes["kurtosis"]
    summary = simulation.summary
    evidence: dict[str, Any] = {
        "states": [list(s) for s in tables.states],
        "targets": [int(t) for t in tables.targets],
        "target_runs": runs,
        "yearly_changes": yearly,
        "histories_revised": int((first_change >= 0).sum()),
        "revised_before_any_shock": int(early.sum()),
        "mean_revisions": summary.revisions["mean"],
        "share_zero": changes["share_zero"],
        "kurtosis": kurtosis,
        "l_kurtosis": changes["l_kurtosis"],
    }
    if early.any():
        h = int(np.flatnonzero(early)[0])
        path = simulation.history(h)
        evidence["example_history"] = path.to_dict()
        first = (
            "no shock" if first_shock[h] < 0 else f"the first shock in {path.years[first_shock[h]]}"
        )
        return Verdict(
            False,
            evidence,
            f"history {h}: the regime changed in {path.years[first_change[h]]}, before {first} "
            f"(initial attention {scenario.dynamics.initial_attention:g})",
        )
    premise = naive or rare_enough(runs, yearly)
    if premise and kurtosis is not None and not kurtosis > 3:
        return Verdict(
            False,
            evidence,
            f"yearly changes are not leptokurtic: kurtosis {kurtosis:.4g} with "
            f"{changes['share_zero']:.3g} of them zero",
        )
    vacuous = not (first_change >= 0).any()
    if not premise or kurtosis is None:
        return Verdict(True, evidence, "every change follows a shock", vacuous=vacuous)
    return Verdict(True, evidence, f"every change follows a shock; kurtosis {kurtosis:.4g} > 3")


C6 = Claim(
    name="C6",
    title="shocks and lag",
    statement=(
        "In the regime dynamics with no attention before the first shock (A0 = 0): in every "
        "history the first change of membership comes strictly after the first shock; and if "
        "the yearly revision target forms S runs over T yearly changes with "
        "S / T < (3 - sqrt 3)/6, the pooled yearly changes of membership size are leptokurtic "
        "(kurtosis > 3) whenever they vary."
    ),
    strategy=shock_scenarios(rare_changes=True, quiet_start=True),
    predicate=shocks_then_punctuation,
    source=SOURCE,
)


def naive_shocks_then_punctuation(scenario: ShockScenario) -> Verdict:
    """C6 (a) and (b) with (b) demanded whatever the number of target runs."""
    return shocks_then_punctuation(scenario, naive=True)


C6_NAIVE_ATTENTION = Claim(
    name="C6-naive-attention",
    title="shocks and lag, any initial attention",
    statement=(
        "C6 whatever the attention before the first shock: no regime is formed or revised "
        "before a shock, and rare target changes make the yearly changes leptokurtic."
    ),
    strategy=shock_scenarios(rare_changes=True),
    predicate=shocks_then_punctuation,
    source=SOURCE,
    expected="counterexample",
    naive_of="C6",
)

C6_NAIVE_HORIZON = Claim(
    name="C6-naive-horizon",
    title="punctuation over any horizon",
    statement=(
        "In the regime dynamics with no attention before the first shock, over any horizon "
        "(5-8 years here) and with capacities that may grow every year, the yearly changes of "
        "membership size are leptokurtic whenever they vary."
    ),
    strategy=shock_scenarios(quiet_start=True),
    predicate=naive_shocks_then_punctuation,
    source=SOURCE,
    expected="counterexample",
    naive_of="C6",
)
