r"""The regime-design model (MODEL s.1, C7): which form the negotiating group gives a regime.

The negotiating group (the leader and the suppliers it has brought together, MODEL s.4) chooses
six features of the regime, each between two forms.  Every feature is chosen to maximise the
group's expected *regime value*, the share of the proliferation problem the regime removes net
of its costs, normalised so that a regime that removes the whole problem and costs nothing is
worth 1.  The model is functionalist in the sense of Koremenos, Lipson and Snidal (2001): the
cooperation problem (number, enforcement, distribution, uncertainty) is the independent
variable and the form is chosen to solve it.  It is a *reduced form*: the quantities below come
from the package's analyses of a scenario (:mod:`dualdilemma.design.scenario`) or from sourced
estimates (:mod:`dualdilemma.design.record`), and the design choice itself is not a game.

Inputs (a :class:`DesignCase`)
------------------------------
=================  =====================================================================
:math:`n`          suppliers: states able to supply the controlled items
:math:`m`          the smallest effective group (:mod:`dualdilemma.cartels.minimal`)
:math:`S`          states with a stake: the parties whose exclusion costs legitimacy and
                   who would join an inclusive (universal) regime, :math:`S \ge n`
:math:`\ell`       supply leverage :math:`(p_1 - p_0)/p_1`: the share of the risk that
                   denying supply removes (MODEL s.2; the rest is indigenous capability)
:math:`\delta`     the members' discount factor
:math:`d`          the restrictive group's critical discount factor at full detection,
                   :math:`\max_i \delta^*_i` (:mod:`dualdilemma.cartels.analysis`)
:math:`u`          the same for the inclusive rival: the universal bargain in which
                   non-suppliers renounce the weapon and suppliers control
:math:`\beta`      detection probability of a deviation per period
:math:`g`          distribution problem: the Gini coefficient of members' lost sales
:math:`\sigma`     uncertainty about preferences: share of would-be members whose aims the
                   group cannot screen
:math:`\lambda`    shock rate per year (the scenario's ``[dynamics] shock_rate``)
:math:`\theta`     technology-change rate: share of a control list out of date per year
:math:`h`          hazard of a further proliferation step per year just after a shock,
                   :math:`\lambda_0 + \lambda_1 q_0` with :math:`q_0` the leakage with no regime
:math:`L`          treaty delay: years from negotiation to entry into force (ratification)
:math:`c`          legitimacy cost of excluding every party with a stake (regime-value units)
:math:`a`          adaptation: share of a published list's effect that proliferants undo by
                   re-routing procurement
=================  =====================================================================

Weights (a :class:`DesignWeights`) are estimates fixed before the eight historical cases were
coded and never fitted to them: :math:`\kappa` (a legal obligation lowers the gain from a
deviation by this share), :math:`\beta_C` (detection with central verification), :math:`F`
(cost of a secretariat with a verification staff), :math:`\varepsilon` (cost per partner of
monitoring the others nationally), :math:`v` (chance that a given member vetoes a given
decision), :math:`w_O` (share of outsiders' supply that aligns with a published standard),
:math:`w_D` (weight of the distribution problem), :math:`w_U` (value of pooled information
per unit of uncertainty) and :math:`\varepsilon_F` (per-member cost of national discretion).

Enforcement
-----------
With detection :math:`\beta` a member's critical discount factor (MODEL s.4) is
:math:`\delta^*_\beta = x/(x + \beta y)` with :math:`x = \pi_D - \pi_C` and
:math:`y = \pi_C - \pi_N`; in terms of its value at full detection :math:`d = x/(x+y)`,

.. math::  D(d, \beta) = \frac{d}{d + \beta (1 - d)} .

A treaty adds a legal cost to deviation that removes a share :math:`\kappa` of the deviation
gain, :math:`x \to (1-\kappa) x`, so :math:`T(D) = (1-\kappa) D / ((1-\kappa) D + 1 - D)`.
The commitment *holds* with probability

.. math::  H(D) = 1 \text{ if } D \le \delta, \qquad H(D) = \frac{1 - D}{1 - \delta}
           \text{ otherwise,}

(assumption: the shortfall of patience below the threshold, relative to the slack
:math:`1-\delta`, is the chance that some member's temptation exceeds the threat in a period;
:math:`H` is 1 when the grim trigger is self-enforcing and 0 when no threat works).

The features and their margins
------------------------------
Each margin :math:`\Delta` is the value of the first-named form minus the second's; the
first form is chosen when :math:`\Delta > 0`, the second when :math:`\Delta < 0`, and
:math:`\Delta = 0` is reported as a tie (never resolved silently).  Membership is chosen
first; the other features are chosen for the chosen membership, whose size :math:`s`, base
value :math:`B`, critical discount :math:`d_s` and excluded share :math:`x = (S - s)/S` are
:math:`(m, \ell, d, (S-m)/S)` for the restrictive group and :math:`(S, 1-\sigma, u, 0)` for the
inclusive one.  Write :math:`H_s = H(D(d_s, \beta))`.

1. **Membership**, restrictive (the smallest effective group) or inclusive (every party):

   .. math:: \Delta_M = \ell\,H(D(d,\beta)) - c\,\tfrac{S-m}{S} - w_D\,g
             - (1-\sigma)\,H(D(u,\beta)).

   The group reaches only the supply side of the risk (:math:`\ell`), pays the legitimacy
   cost of exclusion, and cannot compensate the members who lose most (a club has no side
   payments; the universal bargain trades access for restraint, as NPT Article IV).  The
   inclusive regime reaches the whole risk but only among the members whose aims are sound.
2. **Formality**, treaty or political commitment:

   .. math:: \Delta_F = B\,[H(T(D(d_s,\beta)))\,(1-h)^L - H_s] - B \min(1, \theta L)/2 .

   A treaty holds better, but acts only after :math:`L` years, during which further
   proliferation happens with probability :math:`1-(1-h)^L` (the regime then comes too late),
   and each revision of its list waits :math:`L` years for ratification, during which a share
   :math:`\theta L` of the list is out of date (half of it on average).
3. **Transparency**, published or confidential deliberations, lists and denials:

   .. math:: \Delta_T = w_O\,\ell\,\tfrac{\max(n-s,0)}{n} + c\,x/2
             + [\text{inclusive}]\,(1-\ell) H_s - a\,\ell\,H_s .

   Publishing lets outside suppliers align (outreach) and halves the legitimacy cost of
   exclusion; an inclusive regime must publish the obligations of the non-suppliers to bind
   them; publishing the list and denials lets proliferants re-route (adaptation).
4. **Centralisation**, a secretariat with verification or national implementation:

   .. math:: \Delta_C = B\,[H(D(d_s,\max(\beta,\beta_C))) - H_s]
             + w_U (\lambda + \theta) + \varepsilon (s - 1) - F .

   Verification raises detection to :math:`\beta_C`; a secretariat pools information about
   a changing world; national monitoring of :math:`s-1` partners costs :math:`\varepsilon`
   each, a secretariat :math:`F`.
5. **Decision rule**, consensus or majority:

   .. math:: \Delta_D = g + w_U (\lambda + \theta) - [1 - (1 - v)^{s-1}] .

   A veto protects a member against being bound to lose (distribution) or bound in a world
   that turned out differently (uncertainty about the state of the world); consensus fails
   when any of the other :math:`s-1` members vetoes.
6. **Flexibility**, flexible (quick list revision, national discretion) or rigid:

   .. math:: \Delta_X = (\lambda + \theta) + w_D\,g - \varepsilon_F (s - 1) .

   Flexibility keeps the list current and lets losers cope; national discretion is cover for
   opportunism that grows with the number of members who can use it.

Every margin is a rational function of the inputs (with integer powers), so exact inputs give
exact margins; :mod:`dualdilemma.design.sensitivity` solves each margin for zero in one input
at a time.

Sources: B. Koremenos, C. Lipson and D. Snidal, "The Rational Design of International
Institutions", *International Organization* 55(4), 2001, 761-799 (the conjectures); J. W.
Friedman, "A Non-cooperative Equilibrium for Supergames", *Review of Economic Studies* 38,
1971 (grim trigger); K. W. Abbott and D. Snidal, "Hard and Soft Law in International
Governance", *International Organization* 54(3), 2000 (formality and its costs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from dualdilemma._numbers import to_fraction
from dualdilemma.errors import InvalidParameterError
from dualdilemma.solvers.result import json_number

__all__ = [
    "MAX_STATES",
    "MAX_DELAY",
    "FEATURES",
    "FORMS",
    "DesignCase",
    "DesignWeights",
    "FeatureChoice",
    "DesignResult",
    "design",
    "margins",
    "feature_margin",
    "detection_discount",
    "treaty_discount",
    "holding",
]

#: The six features, in the order they are chosen.
FEATURES = (
    "membership",
    "formality",
    "transparency",
    "centralisation",
    "decision",
    "flexibility",
)
#: The two forms of each feature: the first is chosen when the margin is positive.
FORMS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "membership": ("restrictive", "inclusive"),
        "formality": ("treaty", "political"),
        "transparency": ("published", "confidential"),
        "centralisation": ("centralised", "national"),
        "decision": ("consensus", "majority"),
        "flexibility": ("flexible", "rigid"),
    }
)

#: Largest number of states (or suppliers) a case may have: the margins raise (1 - v) to the
#: power s - 1 exactly, so the size is bounded before any arithmetic; the world has < 200 states.
MAX_STATES = 1000
#: Largest treaty delay in years (a power of the same kind).
MAX_DELAY = 100

# name, lower bound, upper bound, integer?, description
_CASE_FIELDS: tuple[tuple[str, Any, Any, bool, str], ...] = (
    ("suppliers", 1, MAX_STATES, True, "n, suppliers able to supply the items"),
    ("smallest_group", 1, MAX_STATES, True, "m, the smallest effective group"),
    ("states", 1, MAX_STATES, True, "S, states with a stake"),
    ("leverage", 0, 1, False, "ell, share of the risk that denying supply removes"),
    ("discount", 0, "<1", False, "delta, discount factor"),
    ("club_critical_discount", 0, 1, False, "d, the group's critical discount (beta = 1)"),
    ("universal_critical_discount", 0, 1, False, "u, the inclusive rival's critical discount"),
    ("detection", ">0", 1, False, "beta, detection probability"),
    ("inequality", 0, 1, False, "g, Gini of members' lost sales"),
    ("preference_uncertainty", 0, 1, False, "sigma, share of members not screened"),
    ("shock_rate", 0, 1, False, "lambda, shocks per year"),
    ("technology_rate", 0, 1, False, "theta, share of the list out of date per year"),
    ("post_shock_hazard", 0, 1, False, "h, hazard of proliferation just after a shock"),
    ("ratification_delay", 0, MAX_DELAY, True, "L, years before a treaty acts"),
    ("legitimacy_cost", 0, 1, False, "c, cost of excluding every party with a stake"),
    ("adaptation", 0, 1, False, "a, share of a published list's effect undone"),
)
PARAMETERS: Mapping[str, str] = MappingProxyType({f[0]: f[4] for f in _CASE_FIELDS})


def _bounded(value: Any, name: str, low: Any, high: Any, integer: bool, where: str) -> Any:
    if integer:
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                as_fraction = to_fraction(value, what=name)
            except ValueError:
                as_fraction = None
            if as_fraction is None or as_fraction.denominator != 1:
                raise InvalidParameterError(f"{where}{name} must be an integer, got {value!r}")
            value = int(as_fraction)
        number: Any = value
    else:
        try:
            number = to_fraction(value, what=name)
        except ValueError:
            raise InvalidParameterError(
                f"{where}{name} must be a number, got {str(value)[:40]!r}"
            ) from None
    strict_low = isinstance(low, str)
    strict_high = isinstance(high, str)
    lo = Fraction(low[1:]) if strict_low else low
    hi = Fraction(high[1:]) if strict_high else high
    if (strict_low and not number > lo) or (not strict_low and number < lo):
        raise InvalidParameterError(
            f"{where}{name} must be {'>' if strict_low else '>='} {lo}, got {value}"
        )
    if hi is not None and ((strict_high and not number < hi) or (not strict_high and number > hi)):
        limits = {MAX_STATES: "MAX_STATES", MAX_DELAY: "MAX_DELAY"}
        named = f" (dualdilemma.design.model.{limits[hi]})" if integer and hi in limits else ""
        raise InvalidParameterError(
            f"{where}{name} must be {'<' if strict_high else '<='} {hi}{named}, got {value}"
        )
    return number


@dataclass(frozen=True)
class DesignCase:
    """The inputs of the design model for one regime (see the module docstring).

    Numbers are stored exactly (:class:`~fractions.Fraction`; floats are read as the decimal
    they print as).  ``estimates`` names the inputs that are estimates (the rest were computed
    by the package or come from a source); ``notes`` says where each input came from.

    >>> case = DesignCase("toy", 4, 2, 10, "9/10", "9/10", "1/2", "19/20", 1, "1/5", "1/10",
    ...                   "1/50", "1/10", "1/20", 2, "1/5", "1/2")
    >>> case.smallest_group, case.leverage
    (2, Fraction(9, 10))
    """

    name: str
    suppliers: int
    smallest_group: int
    states: int
    leverage: Fraction
    discount: Fraction
    club_critical_discount: Fraction
    universal_critical_discount: Fraction
    detection: Fraction
    inequality: Fraction
    preference_uncertainty: Fraction
    shock_rate: Fraction
    technology_rate: Fraction
    post_shock_hazard: Fraction
    ratification_delay: int
    legitimacy_cost: Fraction
    adaptation: Fraction
    estimates: tuple[str, ...] = ()
    notes: Mapping[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        where = f"design case {self.name!r}: "
        for name, low, high, integer, _ in _CASE_FIELDS:
            object.__setattr__(
                self, name, _bounded(getattr(self, name), name, low, high, integer, where)
            )
        if self.smallest_group > self.suppliers:
            raise InvalidParameterError(
                f"{where}smallest_group ({self.smallest_group}) cannot exceed suppliers "
                f"({self.suppliers})"
            )
        if self.states < self.suppliers:
            raise InvalidParameterError(
                f"{where}states ({self.states}) must be at least suppliers ({self.suppliers})"
            )
        unknown = [e for e in self.estimates if e not in PARAMETERS]
        if unknown:
            raise InvalidParameterError(f"{where}unknown estimate name {unknown[0]!r}")
        object.__setattr__(self, "estimates", tuple(self.estimates))
        object.__setattr__(self, "notes", MappingProxyType(dict(self.notes)))

    def values(self) -> dict[str, Any]:
        """The sixteen inputs by name."""
        return {name: getattr(self, name) for name in PARAMETERS}

    def with_values(self, **changes: Any) -> DesignCase:
        """A copy with some inputs changed (validated again)."""
        unknown = [k for k in changes if k not in PARAMETERS and k != "name"]
        if unknown:
            raise InvalidParameterError(f"unknown design input {unknown[0]!r}")
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            **{name: json_number(value) for name, value in self.values().items()},
            "estimates": list(self.estimates),
            "notes": dict(self.notes),
        }


@dataclass(frozen=True)
class DesignWeights:
    """The model's weights (module docstring): estimates fixed a priori, never fitted.

    >>> DesignWeights().veto_rate
    Fraction(1, 50)
    """

    legal_commitment: Fraction = Fraction(1, 4)
    central_detection: Fraction = Fraction(9, 10)
    secretariat_cost: Fraction = Fraction(1, 10)
    monitoring_cost: Fraction = Fraction(1, 200)
    veto_rate: Fraction = Fraction(1, 50)
    outreach: Fraction = Fraction(1, 2)
    distribution_weight: Fraction = Fraction(1, 2)
    information_weight: Fraction = Fraction(1, 2)
    discretion_cost: Fraction = Fraction(1, 100)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = _bounded(getattr(self, f.name), f.name, 0, 1, False, "design weights: ")
            object.__setattr__(self, f.name, value)

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def to_dict(self) -> dict[str, Any]:
        return {name: json_number(value) for name, value in self.values().items()}


# -- the building blocks (work on Fractions and on sympy expressions alike) ---------------------


def _is_symbolic(*values: Any) -> bool:
    return any(hasattr(v, "free_symbols") and v.free_symbols for v in values)


def detection_discount(d: Any, beta: Any) -> Any:
    r"""The critical discount factor with detection :math:`\beta`, from its value :math:`d` at
    full detection: :math:`d / (d + \beta (1 - d))` (0 when :math:`d = 0`).

    >>> detection_discount(Fraction(1, 2), Fraction(1, 2))
    Fraction(2, 3)
    """
    if not _is_symbolic(d, beta) and d == 0:
        return Fraction(0)
    return d / (d + beta * (1 - d))


def treaty_discount(critical: Any, kappa: Any) -> Any:
    r"""The critical discount factor once a treaty removes a share :math:`\kappa` of the gain
    from deviating: :math:`(1-\kappa) D / ((1-\kappa) D + 1 - D)`.

    >>> treaty_discount(Fraction(1, 2), Fraction(1, 4))
    Fraction(3, 7)
    """
    if not _is_symbolic(critical, kappa) and critical == 0:
        return Fraction(0)
    return (1 - kappa) * critical / ((1 - kappa) * critical + 1 - critical)


def holding(critical: Any, delta: Any) -> Any:
    r"""The probability :math:`H(D)` that a commitment with critical discount :math:`D` holds
    at discount factor :math:`\delta` (module docstring).

    >>> holding(Fraction(1, 2), Fraction(9, 10)), holding(Fraction(19, 20), Fraction(9, 10))
    (1, Fraction(1, 2))
    """
    if _is_symbolic(critical, delta):
        import sympy

        return sympy.Piecewise((1, critical <= delta), ((1 - critical) / (1 - delta), True))
    if critical <= delta:
        return 1
    return (1 - critical) / (1 - delta)


def _min1(value: Any) -> Any:
    if _is_symbolic(value):
        import sympy

        return sympy.Min(1, value)
    return min(Fraction(1), value)


def _max(a: Any, b: Any) -> Any:
    if _is_symbolic(a, b):
        import sympy

        return sympy.Max(a, b)
    return max(a, b)


def _ratio(numerator: Any, denominator: Any) -> Any:
    """``numerator / denominator``, a Fraction (never a float) for integers."""
    if _is_symbolic(numerator, denominator):
        return numerator / denominator
    return Fraction(numerator) / denominator


def _positive(value: Any) -> Any:
    return _max(value, 0)


# -- the margins ----------------------------------------------------------------------------------


def _membership_terms(v: Mapping[str, Any], w: Mapping[str, Any]) -> dict[str, Any]:
    beta, delta = v["detection"], v["discount"]
    club = holding(detection_discount(v["club_critical_discount"], beta), delta)
    universal = holding(detection_discount(v["universal_critical_discount"], beta), delta)
    return {
        "club supply-side value": v["leverage"] * club,
        "legitimacy cost of exclusion": -v["legitimacy_cost"]
        * (v["states"] - v["smallest_group"])
        / v["states"],
        "distribution problem left in the club": -w["distribution_weight"] * v["inequality"],
        "inclusive regime's value": -(1 - v["preference_uncertainty"]) * universal,
    }


def _chosen(v: Mapping[str, Any], restrictive: bool) -> dict[str, Any]:
    if restrictive:
        return {
            "size": v["smallest_group"],
            "base": v["leverage"],
            "critical": v["club_critical_discount"],
            "excluded": _ratio(v["states"] - v["smallest_group"], v["states"]),
        }
    return {
        "size": v["states"],
        "base": 1 - v["preference_uncertainty"],
        "critical": v["universal_critical_discount"],
        "excluded": 0,
    }


def _feature_terms(
    feature: str, v: Mapping[str, Any], w: Mapping[str, Any], restrictive: bool
) -> dict[str, Any]:
    if feature == "membership":
        return _membership_terms(v, w)
    s = _chosen(v, restrictive)
    beta, delta = v["detection"], v["discount"]
    critical = detection_discount(s["critical"], beta)
    hold = holding(critical, delta)
    uncertainty = v["shock_rate"] + v["technology_rate"]
    size = s["size"]
    if feature == "formality":
        treaty = holding(treaty_discount(critical, w["legal_commitment"]), delta)
        on_time = (1 - v["post_shock_hazard"]) ** v["ratification_delay"]
        return {
            "legal commitment holds better": s["base"] * (treaty - hold),
            "ratification delay after a shock": -s["base"] * treaty * (1 - on_time),
            "amendments wait for ratification": -s["base"]
            * _min1(v["technology_rate"] * v["ratification_delay"])
            / 2,
        }
    if feature == "transparency":
        outsiders = _ratio(_positive(v["suppliers"] - size), v["suppliers"])
        return {
            "outreach to outside suppliers": w["outreach"] * v["leverage"] * outsiders,
            "legitimacy regained": v["legitimacy_cost"] * s["excluded"] / 2,
            "non-suppliers' obligations must be public": 0
            if restrictive
            else (1 - v["leverage"]) * hold,
            "proliferants adapt to published lists": -v["adaptation"] * v["leverage"] * hold,
        }
    if feature == "centralisation":
        verified = holding(
            detection_discount(s["critical"], _max(beta, w["central_detection"])), delta
        )
        return {
            "verification raises detection": s["base"] * (verified - hold),
            "pooled information under uncertainty": w["information_weight"] * uncertainty,
            "national monitoring of partners saved": w["monitoring_cost"] * (size - 1),
            "secretariat cost": -w["secretariat_cost"],
        }
    if feature == "decision":
        return {
            "veto protects losers": v["inequality"],
            "veto protects under uncertainty": w["information_weight"] * uncertainty,
            "deadlock": -(1 - (1 - w["veto_rate"]) ** (size - 1)),
        }
    if feature == "flexibility":
        return {
            "keeps lists current": uncertainty,
            "lets losers cope": w["distribution_weight"] * v["inequality"],
            "opportunism under discretion": -w["discretion_cost"] * (size - 1),
        }
    raise InvalidParameterError(f"unknown design feature {feature!r}; features: {FEATURES}")


def _sum(terms: Mapping[str, Any]) -> Any:
    total: Any = 0
    for value in terms.values():
        total = total + value
    return total


def feature_margin(
    feature: str,
    values: Mapping[str, Any],
    weights: Mapping[str, Any] | None = None,
    *,
    restrictive: bool | None = None,
) -> Any:
    """The margin of one feature from raw input values (numbers or sympy expressions).

    ``restrictive`` fixes the membership the other features are chosen for; by default it is
    the membership the model chooses (a symbolic membership margin needs it given).
    """
    w = DesignWeights().values() if weights is None else dict(weights)
    if restrictive is None and feature != "membership":
        membership = _sum(_membership_terms(values, w))
        if _is_symbolic(membership):
            raise InvalidParameterError("give restrictive= for a symbolic membership margin")
        restrictive = membership >= 0
    return _sum(_feature_terms(feature, values, w, bool(restrictive)))


@dataclass(frozen=True)
class FeatureChoice:
    """The choice of one feature: the chosen form, the margin and its terms.

    ``chosen`` is ``None`` for a tie (margin exactly 0), which is reported, not resolved.
    """

    feature: str
    forms: tuple[str, str]
    margin: Any
    terms: Mapping[str, Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", MappingProxyType(dict(self.terms)))

    @property
    def chosen(self) -> str | None:
        if self.margin > 0:
            return self.forms[0]
        if self.margin < 0:
            return self.forms[1]
        return None

    @property
    def tie(self) -> bool:
        return self.margin == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature,
            "forms": list(self.forms),
            "chosen": self.chosen,
            "margin": json_number(self.margin),
            "margin_float": float(self.margin),
            "terms": {k: json_number(v) for k, v in self.terms.items()},
        }


@dataclass(frozen=True)
class DesignResult:
    """The predicted form of a regime: one :class:`FeatureChoice` per feature.

    Attributes
    ----------
    case, weights
        The inputs.
    choices
        In :data:`FEATURES` order.
    exact
        Whether every margin is an exact rational.
    """

    case: DesignCase
    weights: DesignWeights
    choices: tuple[FeatureChoice, ...]
    exact: bool = True
    method: str = "closed-form margins (dualdilemma.design.model)"

    def choice(self, feature: str) -> FeatureChoice:
        for c in self.choices:
            if c.feature == feature:
                return c
        raise InvalidParameterError(f"unknown design feature {feature!r}; features: {FEATURES}")

    @property
    def form(self) -> dict[str, str | None]:
        """The chosen form of each feature."""
        return {c.feature: c.chosen for c in self.choices}

    @property
    def ties(self) -> tuple[str, ...]:
        return tuple(c.feature for c in self.choices if c.tie)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "exact": self.exact,
            "case": self.case.to_dict(),
            "weights": self.weights.to_dict(),
            "form": self.form,
            "ties": list(self.ties),
            "choices": [c.to_dict() for c in self.choices],
        }

    def __repr__(self) -> str:
        parts = ", ".join(f"{k}={v}" for k, v in self.form.items())
        return f"DesignResult({self.case.name!r}: {parts})"


def margins(case: DesignCase, weights: DesignWeights | None = None) -> dict[str, Any]:
    """The six margins of ``case`` (exact when the inputs are)."""
    return {c.feature: c.margin for c in design(case, weights).choices}


def design(case: DesignCase, weights: DesignWeights | None = None) -> DesignResult:
    """Predict each feature of the regime for ``case`` (module docstring).

    Examples
    --------
    A small club of suppliers with strong supply leverage, facing a hard universal bargain,
    right after a shock:

    >>> case = DesignCase("toy", 7, 5, 100, "9/10", "9/10", "1/2", "19/20", "1/2", "1/5",
    ...                   "1/10", "1/50", "1/10", "1/5", 3, "1/5", "1/2")
    >>> result = design(case)
    >>> result.form["membership"], result.form["formality"], result.form["transparency"]
    ('restrictive', 'political', 'confidential')
    >>> result.choice("membership").margin
    Fraction(493, 1300)
    """
    if not isinstance(case, DesignCase):
        raise InvalidParameterError(f"design needs a DesignCase, got {type(case).__name__}")
    weights = DesignWeights() if weights is None else weights
    if not isinstance(weights, DesignWeights):
        raise InvalidParameterError(
            f"weights must be a DesignWeights, got {type(weights).__name__}"
        )
    v, w = case.values(), weights.values()
    membership_terms = _membership_terms(v, w)
    membership = _sum(membership_terms)
    # a tie in membership is reported; the other features are then shown for the restrictive
    # group (the incumbent form of a supplier regime), which the tie flag makes visible
    restrictive = membership >= 0
    choices = [FeatureChoice("membership", FORMS["membership"], membership, membership_terms)]
    for feature in FEATURES[1:]:
        terms = _feature_terms(feature, v, w, restrictive)
        choices.append(FeatureChoice(feature, FORMS[feature], _sum(terms), terms))
    exact = all(isinstance(c.margin, Fraction | int) for c in choices)
    choices = [
        replace(c, margin=Fraction(c.margin)) if isinstance(c.margin, int) else c for c in choices
    ]
    return DesignResult(case=case, weights=weights, choices=tuple(choices), exact=exact)
