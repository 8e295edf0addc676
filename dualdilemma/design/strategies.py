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
    return st.fractions(
        min_value=Fraction(low), max_value=Fraction(high), max_denominator=max_denominator
    )


@st.composite
def design_cases(draw: st.DrawFn, *, max_states: int = 200) -> DesignCase:
    """A valid :class:`~dualdilemma.design.model.DesignCase`."""
    m = draw(st.integers(1, 30))
    n = draw(st.integers(m, 40))
    states = draw(st.integers(n, max(n, max_states)))
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
        ratification_delay=draw(st.integers(0, 6)),
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


def _near_boundary(case: DesignCase) -> DesignCase:
    """The case with the legitimacy cost set so that inclusive membership is chosen by a hair
    and a one-member larger group and state count tip it to restrictive (when such a cost in
    [0, 1] exists; otherwise the case unchanged).  The membership margin is
    A - c (S - m) / S with A the other terms, and c = A (S + 1/2) / (S - m) lies between the
    zeros of A - c (S - m) / S and A - c (S - m) / (S + 1)."""
    from dualdilemma.design.model import feature_margin

    v = case.values()
    s, m = v["states"], v["smallest_group"]
    if s <= m:
        return case
    rest = feature_margin("membership", {**v, "legitimacy_cost": Fraction(0)})
    cost = rest * (s + Fraction(1, 2)) / (s - m)
    if not 0 < rest or cost > 1:
        return case
    return case.with_values(legitimacy_cost=cost)


@st.composite
def design_shifts(draw: st.DrawFn, driver: str, *, near_boundary: bool = False) -> DesignShift:
    """A case and the case with ``driver`` (see :data:`DRIVERS`) larger.

    ``near_boundary=True`` (for ``driver="number"``) places the case where the shift tips the
    membership from inclusive to restrictive whenever a legitimacy cost in [0, 1] does that.
    """
    if driver not in DRIVERS:
        raise InvalidParameterError(f"unknown driver {driver!r}; drivers are {DRIVERS}")
    case = draw(design_cases())
    if near_boundary:
        case = _near_boundary(case)
    v = case.values()
    changes: dict[str, Any] = {}
    if driver == "enforcement":
        changes["club_critical_discount"] = _larger(draw, v["club_critical_discount"])
        changes["universal_critical_discount"] = _larger(draw, v["universal_critical_discount"])
    elif driver == "club_enforcement":
        changes["club_critical_discount"] = _larger(draw, v["club_critical_discount"])
    elif driver == "common_enforcement":
        t = draw(unit_fractions(0, Fraction(19, 20)))
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
    return DesignShift(driver, case, case.with_values(**changes))
