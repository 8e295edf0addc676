r"""The design model's inputs computed from a scenario (the package's own analyses).

For a :class:`~dualdilemma.scenarios.Scenario` the inputs of
:class:`~dualdilemma.design.model.DesignCase` that the package can compute are:

* :math:`n`, the number of suppliers in the market;
* :math:`m`, the size of the *group*: the smallest cartel that is effective and
  self-enforcing at the scenario's :math:`\delta, \beta`
  (:func:`~dualdilemma.cartels.sustainable.smallest_sustainable_cartel`), or, when none is,
  the first smallest effective cartel (:func:`~dualdilemma.cartels.minimal.
  minimal_effective_cartels`), whose members then cannot all be held;
* :math:`d`, the group's critical discount factor at full detection,
  :math:`\max_i \delta^*_i` (:func:`~dualdilemma.cartels.analysis.analyse_cartel` with
  :math:`\beta = 1`; 1 when some member cannot be held at any :math:`\delta`);
* :math:`\delta` and :math:`\beta`, the scenario's discount factor and detection;
* :math:`\ell = (p_1 - p_0)/p_1`, the supply leverage of the market;
* :math:`g`, the Gini coefficient of the group members' lost sales: member :math:`i` gives up
  its share :math:`m_i` of the business at the all-export outcome,
  :math:`G = \sum_{i,j} |m_i - m_j| / (2 s \sum_i m_i)` over the :math:`s` members (0 when they
  lose nothing);
* :math:`\lambda = \lambda_0` and :math:`h = \min(1, \lambda_0 + \lambda_1 q_0)`, from the
  scenario's ``[dynamics]``, with :math:`q_0` the leakage at the all-export outcome (the gap
  that a shock reveals, MODEL s.5); a scenario without ``[dynamics]`` needs them given.

The remaining inputs (states with a stake, the universal rival's critical discount, preference
uncertainty, technology change, ratification delay, legitimacy cost and adaptation) are not
properties of the market; they must be given (the package data of
:mod:`dualdilemma.design.record` gives them, sourced or as estimates with ranges).

Markets with more than :data:`~dualdilemma.cartels.analysis.EXACT_SUPPLIERS` suppliers are
analysed in floating point by the cartel machinery; their critical discount is then
rationalised (denominator at most :math:`10^6`) and the case says so in its notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from dualdilemma._numbers import rationalize
from dualdilemma.design.model import PARAMETERS, DesignCase
from dualdilemma.errors import InvalidParameterError
from dualdilemma.models.export_market import EXPORT

__all__ = [
    "COMPUTED",
    "GIVEN",
    "DYNAMICS_INPUTS",
    "computed_inputs",
    "design_case_from_scenario",
    "gini",
]

#: Inputs computed from the scenario.
COMPUTED = (
    "suppliers",
    "smallest_group",
    "leverage",
    "discount",
    "club_critical_discount",
    "detection",
    "inequality",
    "shock_rate",
    "post_shock_hazard",
)
#: Computed only when the scenario has a ``[dynamics]`` table.
DYNAMICS_INPUTS = ("shock_rate", "post_shock_hazard")
#: Inputs that must be given.
GIVEN = tuple(p for p in PARAMETERS if p not in COMPUTED)


def gini(values: list[Fraction]) -> Fraction:
    """The Gini coefficient of non-negative numbers (0 for an empty or all-zero list).

    >>> gini([Fraction(1), Fraction(1)]), gini([Fraction(0), Fraction(1)])
    (Fraction(0, 1), Fraction(1, 2))
    """
    total = sum(values, Fraction(0))
    if not values or total == 0:
        return Fraction(0)
    spread = sum((abs(a - b) for a in values for b in values), Fraction(0))
    return spread / (2 * len(values) * total)


def _exact(value: Any) -> tuple[Fraction, bool]:
    if isinstance(value, float):
        return rationalize(value), False
    return Fraction(value), True


def computed_inputs(scenario: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The inputs the package computes for ``scenario`` and a note on each."""
    from dualdilemma.cartels.analysis import CartelMarket, analyse_cartel
    from dualdilemma.cartels.minimal import minimal_effective_cartels
    from dualdilemma.cartels.sustainable import smallest_sustainable_cartel

    market = scenario.market
    if scenario.discount is None:
        raise InvalidParameterError(
            f"scenario {scenario.name!r} has no discount factor; the design model needs "
            "[market] discount"
        )
    context = CartelMarket(market, selection=scenario.selection)
    options = {"tolerance": scenario.tolerance, "punishment": scenario.punishment}
    found = smallest_sustainable_cartel(
        context, discount=scenario.discount, detection=scenario.detection, **options
    )
    notes: dict[str, str] = {}
    if found.cartel is not None:
        group = found.cartel
        notes["smallest_group"] = (
            "the smallest effective cartel that is self-enforcing at the scenario's delta, beta"
        )
    else:
        minimal = minimal_effective_cartels(market, scenario.tolerance)
        if not minimal.smallest:
            raise InvalidParameterError(
                f"scenario {scenario.name!r}: no cartel is effective at tolerance "
                f"{scenario.tolerance}; the design model needs an effective group"
            )
        group = minimal.smallest[0]
        notes["smallest_group"] = (
            "no effective cartel is self-enforcing; the first smallest effective cartel"
        )
    analysis = analyse_cartel(context, group, detection=1, stability=False, **options)
    if analysis.critical_discount is None:
        club, exact = Fraction(1), True
        notes["club_critical_discount"] = (
            f"members {list(analysis.binding)} cannot be held at any delta (set to 1)"
        )
    else:
        club, exact = _exact(analysis.critical_discount)
        notes["club_critical_discount"] = f"max delta* of {list(group)} at beta = 1" + (
            "" if exact else " (floating point, rationalised)"
        )
    everyone = tuple([EXPORT] * market.num_suppliers)
    outcome = market.outcome(everyone, exact=True)
    members = set(group)
    lost = [
        Fraction(s) for name, s in zip(market.names, outcome.shares, strict=True) if name in members
    ]
    low, high = market.risk_without_supply, market.risk_with_supply
    leverage = Fraction(0) if high == 0 else (high - low) / high
    notes.update(
        suppliers="suppliers in the scenario's market",
        leverage="(p1 - p0) / p1 of the scenario's market",
        discount="the scenario's delta",
        detection="the scenario's beta",
        inequality="Gini of the group members' shares at the all-export outcome",
    )
    values = {
        "suppliers": market.num_suppliers,
        "smallest_group": len(group),
        "leverage": leverage,
        "discount": scenario.discount,
        "club_critical_discount": club,
        "detection": scenario.detection,
        "inequality": gini(lost),
    }
    dynamics = scenario.dynamics
    if dynamics is not None:
        values["shock_rate"] = dynamics.shock_rate
        values["post_shock_hazard"] = min(
            Fraction(1), dynamics.shock_rate + dynamics.shock_gap_rate * outcome.leakage
        )
        notes["shock_rate"] = "[dynamics] shock_rate"
        notes["post_shock_hazard"] = "[dynamics] shock_rate + shock_gap_rate x all-export leakage"
    return values, notes


def design_case_from_scenario(
    scenario: Any,
    given: Mapping[str, Any],
    *,
    name: str | None = None,
    estimates: tuple[str, ...] = (),
    notes: Mapping[str, str] | None = None,
) -> DesignCase:
    """A :class:`~dualdilemma.design.model.DesignCase` for ``scenario``: the inputs in
    :data:`COMPUTED` from the package, those in :data:`GIVEN` from ``given``.

    Raises :class:`~dualdilemma.errors.InvalidParameterError` naming a missing or unknown
    given input.
    """
    unknown = [k for k in given if k not in PARAMETERS]
    if unknown:
        raise InvalidParameterError(f"unknown design input {unknown[0]!r}")
    values, computed_notes = computed_inputs(scenario)
    clash = [k for k in given if k in values]
    if clash:
        raise InvalidParameterError(
            f"design input {clash[0]!r} is computed from scenario {scenario.name!r} and cannot "
            "be given"
        )
    missing = [p for p in PARAMETERS if p not in values and p not in given]
    if missing:
        raise InvalidParameterError(
            f"the design inputs {', '.join(missing)} are not computed from scenario "
            f"{scenario.name!r} and must be given"
        )
    all_notes = {**computed_notes, **dict(notes or {})}
    return DesignCase(
        name=name or scenario.name,
        **values,
        **dict(given),
        estimates=tuple(e for e in estimates if e not in values),
        notes=all_notes,
    )
