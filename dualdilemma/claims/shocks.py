r"""Claim C6, shocks and lag: regimes are formed or revised only after a shock, and their
membership changes are punctuated (leptokurtic) -- tested against a null model.

The theorem (``C6``) and its naive version (``C6-naive``)
---------------------------------------------------------
A statistic forced by arithmetic is no evidence: when a history makes one change in
:math:`T` years its kurtosis is :math:`1 / (p (1 - p)) - 3` at :math:`p = 1/T`, whatever
caused the change.  ``C6`` therefore compares the theory with a null model on the *same*
random draws (common random numbers, :mod:`dualdilemma.dynamics.simulation`): the theory's
rule (lag and neglect: a revision needs attention times gap above the negotiation cost) and
the null model's (``revision="immediate"``: the regime moves to the year's target in every
year in which its gap is open).  With no attention before the first shock (:math:`A_0 = 0`):

    the share of the changes of membership size that come in a year with a proliferation shock
    or one or two years after one, pooled over histories, is at least as high under the theory
    as under the null model.

It is decided by Monte Carlo (the scenario's histories and seed), so it is a statistical
statement: the null model's share is about the chance that a three-year window holds a shock,
the theory's is higher because attention comes only from shocks; it could be lower where
attention lingers long after the shocks (slow decay, a cheap negotiation) and the theory, unlike
the null model, revises groups that are still effective.  ``C6-naive`` says what the kurtosis
alone would need: that the theory's changes are strictly more leptokurtic than the null
model's.  It fails wherever every history makes the same single change under both models, a
kurtosis forced by arithmetic.  Histories in which either model makes no change of
size are no test: such scenarios are vacuous and rejected.  The kurtosis of both models is
reported as evidence; for a regime's record the ``simulate`` command reports the share of
histories at least as bursty under each model and their ratio
(:func:`~dualdilemma.dynamics.comparisons.burstiness_comparison`).

The definition ``C6-lag`` and its naive versions
-------------------------------------------------
``C6-lag`` states (a) and (b) below.  Both hold by construction, so the claim is a definition
(a test of the implementation, never support): (a) follows from :math:`A_0 = 0`, and (b) is
arithmetic (an atom at zero of mass above :math:`1 - (3 - \sqrt 3)/6` forces a kurtosis above
3, whatever the process).

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
    "theory_against_null",
    "kurtosis_beyond_null",
    "shocks_then_punctuation",
    "naive_shocks_then_punctuation",
    "target_runs",
    "rare_enough",
    "PUNCTUATION_THRESHOLD",
    "SOURCE",
    "C6",
    "C6_NAIVE",
    "C6_LAG",
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
    yearly = len(tables.years)  # changes Delta_0..Delta_T-1, from the set before year 0
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


def _paired(scenario: ShockScenario) -> tuple[Any, Any, Any]:
    """The theory's and the null model's simulations of ``scenario`` on the same draws."""
    from dualdilemma.dynamics.simulation import simulate

    tables, theory = _run(scenario)
    null = simulate(
        tables,
        histories=scenario.histories,
        seed=scenario.seed,
        dynamics=scenario.dynamics,
        revision="immediate",
        keep_paths=False,
        progress=False,
    )
    return tables, theory, null


def theory_against_null(scenario: ShockScenario) -> Verdict:
    """Decide C6 on one scenario: on the same draws, the theory's changes of size follow
    shocks at least as often as the null model's (the kurtosis of both is evidence only).

    >>> from dualdilemma.dynamics.simulation import ShockDynamics
    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(10, 0, 1, [Supplier("A", "1/2", 20, "1/2"),
    ...                                  Supplier("B", "1/2", 20, "1/2"),
    ...                                  Supplier("C", "1/10", 5, 0)])
    >>> dynamics = ShockDynamics(shock_base=0.05, shock_gap=0.5, negotiation_cost=0.2)
    >>> scenario = ShockScenario(market, {"C": ["1/10"] * 6 + ["3/10"] * 8}, "1/10", "9/10",
    ...                          dynamics, histories=300, seed=1)
    >>> verdict = theory_against_null(scenario)
    >>> verdict.holds, verdict.evidence["theory"]["shock_led_share"] > 0.9
    (True, True)
    >>> round(verdict.evidence["null_model"]["shock_led_share"], 2)
    0.19
    """
    _, theory, null = _paired(scenario)
    models = {"theory": theory.summary, "null_model": null.summary}
    evidence: dict[str, Any] = {
        name: {
            "size_changes": summary.shock_led["size_changes"],
            "shock_led_share": summary.shock_led["share"],
            "kurtosis": summary.changes["kurtosis"],
        }
        for name, summary in models.items()
    }
    led_theory, led_null = (evidence[m]["shock_led_share"] for m in ("theory", "null_model"))
    if led_theory is None or led_null is None:
        return Verdict(
            True, evidence, "a model made no change of size: nothing to compare", vacuous=True
        )
    if led_theory < led_null:
        return Verdict(
            False,
            evidence,
            f"on the same draws the theory's changes follow shocks less often than the null "
            f"model's: {led_theory:.4g} < {led_null:.4g}",
        )
    return Verdict(
        True,
        evidence,
        f"changes after shocks: {led_theory:.3g} (theory) >= {led_null:.3g} (null model)",
    )


def kurtosis_beyond_null(scenario: ShockScenario) -> Verdict:
    """The naive reading of C6: kurtosis evidences neglect, i.e. on the same draws the
    theory's pooled yearly changes are strictly more leptokurtic than the null model's."""
    verdict = theory_against_null(scenario)
    if verdict.vacuous:
        return verdict
    k_theory = verdict.evidence["theory"]["kurtosis"]
    k_null = verdict.evidence["null_model"]["kurtosis"]
    if k_theory is None or k_null is None:
        return Verdict(True, verdict.evidence, "a model's changes do not vary", vacuous=True)
    if not k_theory > k_null:
        return Verdict(
            False,
            verdict.evidence,
            f"kurtosis {k_theory:.4g} under the theory, {k_null:.4g} under the null model: "
            "not higher",
        )
    return Verdict(True, verdict.evidence, f"kurtosis {k_theory:.4g} > {k_null:.4g}")


C6_LAG = Claim(
    name="C6-lag",
    title="shocks and lag (true by construction)",
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
    kind="definition",
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
    naive_of="C6-lag",
)

C6_NAIVE_HORIZON = Claim(
    name="C6-naive-horizon",
    title="punctuation over any horizon",
    statement=(
        "In the regime dynamics with no attention before the first shock, over any horizon "
        "(4-8 years here) and with capacities that may grow every year, the yearly changes of "
        "membership size are leptokurtic whenever they vary."
    ),
    strategy=shock_scenarios(quiet_start=True),
    predicate=naive_shocks_then_punctuation,
    source=SOURCE,
    expected="counterexample",
    naive_of="C6-lag",
)


C6 = Claim(
    name="C6",
    title="shocks and lag against a null model",
    statement=(
        "In the regime dynamics with no attention before the first shock (A0 = 0), on the "
        "same random draws, the theory's changes of membership size come in a year with a "
        "proliferation shock or one or two years after one at least as often (pooled over "
        "histories) as under the null model in which the regime adjusts in the year its gap "
        "opens."
    ),
    strategy=shock_scenarios(quiet_start=True),
    predicate=theory_against_null,
    source=SOURCE,
)

C6_NAIVE = Claim(
    name="C6-naive",
    title="kurtosis evidences neglect",
    statement=(
        "In the regime dynamics with no attention before the first shock, on the same random "
        "draws the theory's pooled yearly changes of membership size are strictly more "
        "leptokurtic than the null model's (in which the regime adjusts in the year its gap "
        "opens)."
    ),
    strategy=shock_scenarios(quiet_start=True),
    predicate=kurtosis_beyond_null,
    source=SOURCE,
    expected="counterexample",
    naive_of="C6",
)
