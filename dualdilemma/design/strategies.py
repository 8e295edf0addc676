"""Hypothesis strategies that build valid design cases, and shifts of one driver, by construction.

:func:`design_cases` draws every input of :class:`~dualdilemma.design.model.DesignCase` inside
its domain (integers ordered :math:`1 \\le m \\le n \\le S`), so no example is rejected.
:func:`design_shifts` draws a case and a second case in which one *driver* of the cooperation
problem (Koremenos, Lipson and Snidal 2001) is larger and everything else is equal:

==================  ==========================================================================
``enforcement``     both critical discounts :math:`d, u` weakly larger, one strictly
``club_enforcement`` the group's :math:`d` alone larger
``common_enforcement`` both slacks :math:`1-d, 1-u` shrunk by the same factor :math:`t < 1`
``behaviour``       detection :math:`\\beta` smaller (uncertainty about behaviour)
``uncertainty``     shock rate :math:`\\lambda` and technology rate :math:`\\theta` weakly
                    larger, one strictly (uncertainty about the state of the world)
``preferences``     preference uncertainty :math:`\\sigma` larger
``distribution``    inequality :math:`g` larger
``number``          the group :math:`m` and the states :math:`S` one larger (:math:`n` too if
                    needed)
``shock``           post-shock hazard :math:`h` larger
``adaptation``      adaptation :math:`a` larger
``leverage``        supply leverage :math:`\\ell` larger
==================  ==========================================================================
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from dualdilemma.design.model import DesignCase
from dualdilemma.errors import InvalidParameterError

__all__ = ["DRIVERS", "DesignShift", "design_cases", "design_shifts", "unit_fractions"]

DRIVERS = (
    "enforcement",
    "club_enforcement",
    "common_enforcement",
    "behaviour",
    "uncertainty",
    "preferences",
    "distribution",
    "number",
    "shock",
    "adaptation",
    "leverage",
)


def unit_fractions(low: Any = 0, high: Any = 1, *, max_denominator: int = 20) -> Any:
    """Fractions in ``[low, high]`` with small denominators (they shrink towards ``low``)."""
    return _fractions(Fraction(low), Fraction(high), max_denominator)


@functools.cache
def _fractions(low: Fraction, high: Fraction, max_denominator: int) -> Any:
    # built once per range: building a strategy inside every draw costs more than the draw
    return st.fractions(min_value=low, max_value=high, max_denominator=max_denominator)


@functools.cache
def _integers(low: int, high: int) -> Any:
    return st.integers(low, high)


@st.composite
def design_cases(draw: st.DrawFn, *, max_states: int = 200) -> DesignCase:
    """A valid :class:`~dualdilemma.design.model.DesignCase`."""
    m = draw(_integers(1, 30))
    n = draw(_integers(m, 40))
    states = draw(_integers(n, max(n, max_states)))
    u = unit_fractions
    return DesignCase(
        name="drawn",
        suppliers=n,
        smallest_group=m,
        states=states,
        leverage=draw(u()),
        discount=draw(u(0, Fraction(19, 20))),
        club_critical_discount=draw(u()),
        universal_critical_discount=draw(u()),
        detection=draw(u(Fraction(1, 20), 1)),
        inequality=draw(u()),
        preference_uncertainty=draw(u()),
        shock_rate=draw(u(0, Fraction(1, 2))),
        technology_rate=draw(u(0, Fraction(1, 2))),
        post_shock_hazard=draw(u()),
        ratification_delay=draw(_integers(0, 6)),
        legitimacy_cost=draw(u()),
        adaptation=draw(u()),
    )


@dataclass(frozen=True)
class DesignShift:
    """A case and the same case with one driver larger."""

    driver: str
    before: DesignCase
    after: DesignCase

    def to_dict(self) -> dict[str, Any]:
        before = self.before.to_dict()
        after = self.after.to_dict()
        changed = {
            k: [before[k], after[k]] for k in after if k != "notes" and before[k] != after[k]
        }
        for key in ("name", "estimates", "notes"):
            before.pop(key, None)
        return {"driver": self.driver, "case": before, "changed": changed}


def _larger(draw: st.DrawFn, value: Fraction, high: Any = 1) -> Fraction:
    high = Fraction(high)
    if value >= high:
        return value
    step = draw(unit_fractions(0, 1))
    return value + (high - value) * (step if step > 0 else Fraction(1, 2))


def _membership_parts(case: DesignCase) -> tuple[Fraction, Fraction]:
    """The membership margin as A - c x: the part A without the legitimacy cost, and x."""
    from dualdilemma.design.model import feature_margin

    v = case.values()
    rest = feature_margin("membership", {**v, "legitimacy_cost": Fraction(0)})
    return rest, Fraction(v["states"] - v["smallest_group"], v["states"])


def _near_boundary(before: DesignCase, after: DesignCase) -> tuple[DesignCase, DesignCase]:
    """Both cases with the legitimacy cost :math:`c` (not a driver) set half way between the
    zeros of their membership margins :math:`A - c x`, so that the shift flips the membership,
    whenever such a :math:`c` lies in [0, 1]; otherwise the cases unchanged."""
    (rest_b, x_b), (rest_a, x_a) = _membership_parts(before), _membership_parts(after)
    if x_b <= 0 or x_a <= 0:
        return before, after
    cost = (rest_b / x_b + rest_a / x_a) / 2
    zero_b, zero_a = rest_b / x_b, rest_a / x_a
    if zero_b == zero_a or not 0 <= cost <= 1:
        return before, after
    return before.with_values(legitimacy_cost=cost), after.with_values(legitimacy_cost=cost)


def _holding_cap(delta: Fraction, beta: Fraction) -> Fraction:
    """The largest full-detection critical discount d with D(d, beta) <= delta."""
    return delta * beta / (1 - delta + delta * beta)


def _between(draw: st.DrawFn, low: Fraction, high: Fraction) -> Fraction:
    """A fraction strictly above ``low`` and at most ``high`` (``low < high``)."""
    step = draw(unit_fractions(Fraction(1, 20), 1))
    return low + (high - low) * step


def _in_region(draw: st.DrawFn, region: str, case: DesignCase) -> dict[str, Any]:
    """Inputs placing ``case`` in a claim's region (see :func:`design_shifts`)."""
    from dualdilemma.design.model import DesignWeights

    v = case.values()
    delta = v["discount"]
    if region == "sa":  # the group holds under national detection; a standalone form likely
        cap = _holding_cap(delta, v["detection"])
        return {
            "club_critical_discount": v["club_critical_discount"] * cap,
            "universal_critical_discount": 1 - (1 - v["universal_critical_discount"]) / 10,
            "shock_rate": v["shock_rate"] / 10,
            "technology_rate": v["technology_rate"] / 10,
            "legitimacy_cost": v["legitimacy_cost"] / 10,
            "ratification_delay": max(1, v["ratification_delay"]),
            "smallest_group": 1 + (v["smallest_group"] - 1) % 10,
            "leverage": (1 + v["leverage"]) / 2,
            "inequality": v["inequality"] / 4,
            "post_shock_hazard": Fraction(1, 10) + v["post_shock_hazard"] * Fraction(9, 10),
        }
    if region == "m1":  # after the common shift the group still holds
        cap = _holding_cap(delta, v["detection"])
        return {"club_critical_discount": v["club_critical_discount"] * cap}
    if region == "c4":  # fails under national detection, holds under verification
        central = DesignWeights().central_detection
        beta = Fraction(1, 20) + (central - Fraction(1, 20)) * draw(
            unit_fractions(0, 1)
        ) * Fraction(19, 20)
        low, high = _holding_cap(delta, beta), _holding_cap(delta, central)
        club = _between(draw, low, high) if low < high else v["club_critical_discount"]
        universal = _between(draw, low, high) if low < high else v["universal_critical_discount"]
        return {
            "detection": beta,
            "club_critical_discount": min(club, (club + high) / 2),
            "universal_critical_discount": min(universal, (universal + high) / 2),
        }
    raise InvalidParameterError(f"unknown region {region!r}")


@st.composite
def design_shifts(
    draw: st.DrawFn, driver: str, *, near_boundary: bool = False, region: str | None = None
) -> DesignShift:
    """A case and the case with ``driver`` (see :data:`DRIVERS`) larger.

    ``near_boundary=True`` sets the legitimacy cost (never a driver) so that the shift flips the
    chosen membership whenever a cost in [0, 1] does that: the cases where the membership
    choice moves the other margins.  ``region`` places the case inside a claim's region by
    construction: ``"m1"`` (the group's commitment holds after a common enforcement shift),
    ``"c4"`` (fails under national detection, holds under verification, before and after an
    enforcement shift that stays below the verification cap) and ``"sa"`` (the group holds
    under national detection).
    """
    if driver not in DRIVERS:
        raise InvalidParameterError(f"unknown driver {driver!r}; drivers are {DRIVERS}")
    case = draw(design_cases())
    if region is not None:
        case = case.with_values(**_in_region(draw, region, case))
    v = case.values()
    changes: dict[str, Any] = {}
    if driver == "enforcement":
        cap = Fraction(1)
        if region == "c4":  # stay where verification still makes the commitment hold
            from dualdilemma.design.model import DesignWeights

            cap = _holding_cap(v["discount"], DesignWeights().central_detection)
        for key in ("club_critical_discount", "universal_critical_discount"):
            changes[key] = _larger(draw, v[key], max(cap, v[key]))
    elif driver == "club_enforcement":
        changes["club_critical_discount"] = _larger(draw, v["club_critical_discount"])
    elif driver == "common_enforcement":
        t = draw(unit_fractions(0, Fraction(19, 20)))
        if region == "m1":  # the group's value after the shift lies below the holding cap
            after = v["club_critical_discount"]  # already scaled into [0, cap] by _in_region
            t = max(t, 1 - after) if after < 1 else t
            case = case.with_values(club_critical_discount=max(Fraction(0), 1 - (1 - after) / t))
            v = case.values()
            changes["club_critical_discount"] = after
        else:
            changes["club_critical_discount"] = 1 - t * (1 - v["club_critical_discount"])
        changes["universal_critical_discount"] = 1 - t * (1 - v["universal_critical_discount"])
    elif driver == "behaviour":
        low = Fraction(1, 20)
        factor = draw(unit_fractions(0, Fraction(19, 20)))
        changes["detection"] = low + (v["detection"] - low) * factor
    elif driver == "uncertainty":
        changes["shock_rate"] = _larger(draw, v["shock_rate"], Fraction(1, 2))
        changes["technology_rate"] = _larger(draw, v["technology_rate"], Fraction(1, 2))
    elif driver == "preferences":
        changes["preference_uncertainty"] = _larger(draw, v["preference_uncertainty"])
    elif driver == "distribution":
        changes["inequality"] = _larger(draw, v["inequality"])
    elif driver == "number":
        m = v["smallest_group"] + 1
        n = max(v["suppliers"], m)
        changes.update(smallest_group=m, suppliers=n, states=max(v["states"] + 1, n))
    elif driver == "shock":
        changes["post_shock_hazard"] = _larger(draw, v["post_shock_hazard"])
    elif driver == "adaptation":
        changes["adaptation"] = _larger(draw, v["adaptation"])
    elif driver == "leverage":
        changes["leverage"] = _larger(draw, v["leverage"])
    after = case.with_values(**changes)
    if near_boundary:
        case, after = _near_boundary(case, after)
    return DesignShift(driver, case, after)
