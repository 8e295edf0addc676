r"""Claims C7-*: the rational-design conjectures as comparative statics of the design model.

Each expressible conjecture of :mod:`dualdilemma.design.conjectures` says that a form of one
feature becomes (weakly) more attractive when a driver of the cooperation problem grows.  On a
:class:`~dualdilemma.design.strategies.DesignShift` (a case and the same case with the driver
larger, drawn by :func:`~dualdilemma.design.strategies.design_shifts`) the claim decides

.. math:: \pm\,\Delta_f(\text{after}) \;\ge\; \pm\,\Delta_f(\text{before}),

with the sign pointing to the conjectured form and :math:`\Delta_f` the margin of
:func:`~dualdilemma.design.model.design`, membership re-chosen in each case.

Two versions per conjecture, as elsewhere in the catalogue:

* ``C7-<id>`` (conditioned): holds in its stated region.  For the features chosen *given*
  membership, the region is "the shift does not change the chosen membership" (a shift that
  does is a vacuous example); M1, C4 and SA add the conditions named in their statements.
  Where the driver enters the margin through a single monotone term that the model was
  built with, the claim is a ``definition``: true by construction and never counted as
  support.  Only M1, C4 and SA are ``theorem``\ s of the conditioned kind.
* ``C7-<id>-naive``: the conjecture over the whole domain, membership free to change.  These
  are theorems of the model (the membership choice can move every other margin); those that
  fail do so with a shrunk counterexample.  Where the membership margin does not depend on
  the driver (uncertainty, shocks, adaptation), the conditioned claim already covers the
  whole domain and there is no naive version.  The naive claims draw cases near the
  membership boundary (``near_boundary``: the legitimacy cost, never a driver, set so that the
  shift flips the membership when some cost in [0, 1] does), where the membership choice
  moves the other margins; for the number claims (C3, V1, F3) a larger group then tips an
  inclusive regime to a restrictive one and so *shrinks* the membership.  The conditioned
  theorems M1, C4 and SA draw their cases inside their regions by construction
  (``design_shifts(region=...)``), so that few examples are vacuous.  SA without its
  condition fails too (greater leverage raises the value of verification when the group's
  commitment is not self-enforcing nationally), but only in a thin band that random cases
  rarely hit; ``tests/test_design_claims.py`` shows a hand-built counterexample instead.
"""

from __future__ import annotations

from typing import Any

from dualdilemma.claims.claim import Claim, Verdict
from dualdilemma.design.conjectures import conjecture
from dualdilemma.design.model import (
    FORMS,
    DesignResult,
    DesignWeights,
    design,
    detection_discount,
)
from dualdilemma.design.strategies import DesignShift, design_shifts
from dualdilemma.solvers.result import json_number

__all__ = ["DESIGN_CLAIMS", "shift_verdict", "standalone"]

_STANDALONE = {"membership": "restrictive", "formality": "political", "centralisation": "national"}


def standalone(result: DesignResult) -> bool:
    """Whether the predicted regime is standalone: restrictive, political and national."""
    return all(result.form[f] == form for f, form in _STANDALONE.items())


def _signed(result: DesignResult, feature: str, toward: str) -> Any:
    margin = result.choice(feature).margin
    return margin if toward == FORMS[feature][0] else -margin


def _evidence(shift: DesignShift, before: DesignResult, after: DesignResult) -> dict[str, Any]:
    return {
        "form_before": before.form,
        "form_after": after.form,
        "margins_before": {c.feature: json_number(c.margin) for c in before.choices},
        "margins_after": {c.feature: json_number(c.margin) for c in after.choices},
    }


def _premise(condition: str, shift: DesignShift, before: DesignResult, after: DesignResult) -> str:
    """An empty string when the premise holds, else why it does not."""
    weights = DesignWeights()
    if condition in ("fixed_membership", "c4", "sa"):
        if before.form["membership"] != after.form["membership"]:
            return "the shift changes the chosen membership"
    if condition == "m1":
        v = shift.after.values()
        if detection_discount(v["club_critical_discount"], v["detection"]) > v["discount"]:
            return "the group's commitment is not self-enforcing after the shift"
    if condition == "c4":
        restrictive = before.form["membership"] == "restrictive"
        key = "club_critical_discount" if restrictive else "universal_critical_discount"
        b, a = shift.before.values(), shift.after.values()
        if not detection_discount(b[key], b["detection"]) > b["discount"]:
            return "the commitment is self-enforcing under national detection before the shift"
        verified = max(a["detection"], weights.central_detection)
        if detection_discount(a[key], verified) > a["discount"]:
            return "verification cannot make the commitment self-enforcing after the shift"
    if condition == "sa":
        b = shift.before.values()
        club = detection_discount(b["club_critical_discount"], b["detection"])
        if club > b["discount"]:
            return "the group's commitment is not self-enforcing under national detection"
    return ""


def shift_verdict(
    shift: DesignShift, feature: str | None, toward: str, condition: str | None
) -> Verdict:
    """Decide one comparative static on one shift (module docstring)."""
    before, after = design(shift.before), design(shift.after)
    evidence = _evidence(shift, before, after)
    if condition:
        why = _premise(condition, shift, before, after)
        if why:
            return Verdict(True, evidence, why, vacuous=True)
    if feature is None:  # the standalone form
        if not standalone(before):
            return Verdict(True, evidence, "not standalone before the shift", vacuous=True)
        if standalone(after):
            return Verdict(True, evidence, "standalone before and after")
        changed = [f for f, form in _STANDALONE.items() if after.form[f] != form]
        return Verdict(False, evidence, f"no longer standalone: {', '.join(changed)} changed")
    old, new = _signed(before, feature, toward), _signed(after, feature, toward)
    evidence.update(margin_toward_before=json_number(old), margin_toward_after=json_number(new))
    if new >= old:
        return Verdict(True, evidence, f"{feature} margin toward {toward}: {old} -> {new}")
    return Verdict(
        False,
        evidence,
        f"{feature} moves away from {toward}: margin {float(old):.4g} -> {float(new):.4g}",
    )


def _claim(
    ident: str,
    *,
    naive: bool,
    driver: str | None = None,
    condition: str | None = None,
    kind: str = "theorem",
    expected: str = "holds",
    region: str = "",
    near_boundary: bool = False,
    draw_region: str | None = None,
) -> Claim:
    c = conjecture(ident)
    driver = driver or c.driver
    name = f"C7-{ident}" + ("-naive" if naive else "")
    feature, toward = c.feature, c.toward

    def predicate(shift: DesignShift) -> Verdict:
        return shift_verdict(shift, feature, toward, condition)

    where = region or (
        "over every valid design case, membership re-chosen"
        if naive
        else "when the shift leaves the chosen membership unchanged"
    )
    what = (
        "the predicted form stays standalone (restrictive, political, national)"
        if feature is None
        else f"the {feature} margin toward {toward} does not fall"
    )
    return Claim(
        name=name,
        title=c.statement,
        statement=f"{c.id} ({c.source}): when the driver '{driver}' grows, {where}, {what}.",
        strategy=design_shifts(driver, near_boundary=near_boundary, region=draw_region),
        predicate=predicate,
        source=f"{c.source}: {c.statement}",
        expected=expected,  # type: ignore[arg-type]
        naive_of=f"C7-{ident}" if naive else None,
        kind=kind,  # type: ignore[arg-type]
    )


_FIXED = "fixed_membership"

_ALL = "over every valid design case (the membership margin does not depend on this driver)"

DESIGN_CLAIMS: tuple[Claim, ...] = (
    _claim(
        "M1",
        naive=False,
        condition="m1",
        draw_region="m1",
        region="for a common enforcement problem (both slacks 1-d, 1-u shrink by one factor) "
        "that leaves the group's commitment self-enforcing",
    ),
    _claim("M1", naive=True, driver="club_enforcement", expected="counterexample",
           region="when the group's enforcement problem d alone grows"),
    _claim("M2", naive=False, kind="definition", region="over every valid design case"),
    _claim("M3", naive=False, kind="definition", region="over every valid design case"),
    _claim("C1", naive=False, condition=_FIXED, kind="definition"),
    _claim("C1", naive=True, expected="counterexample", near_boundary=True),
    _claim("C2", naive=False, kind="definition", region=_ALL),
    _claim("C3", naive=False, condition=_FIXED, kind="definition"),
    _claim("C3", naive=True, expected="counterexample", near_boundary=True),
    _claim(
        "C4",
        naive=False,
        condition="c4",
        draw_region="c4",
        region="when membership is unchanged, the commitment fails under national detection "
        "before the shift and holds under verification after it",
    ),
    _claim("C4", naive=True, expected="counterexample", near_boundary=True),
    _claim("V1", naive=False, condition=_FIXED, kind="definition"),
    _claim("V1", naive=True, expected="counterexample", near_boundary=True),
    _claim("V3", naive=False, kind="definition", region=_ALL),
    _claim("F1", naive=False, kind="definition", region=_ALL),
    _claim("F2", naive=False, condition=_FIXED, kind="definition"),
    _claim("F2", naive=True, expected="counterexample", near_boundary=True),
    _claim("F3", naive=False, condition=_FIXED, kind="definition"),
    _claim("F3", naive=True, expected="counterexample", near_boundary=True),
    _claim("SH", naive=False, kind="definition", region=_ALL),
    _claim("CF", naive=False, kind="definition", region=_ALL),
    _claim(
        "SA",
        naive=False,
        condition="sa",
        draw_region="sa",
        region="when membership is unchanged and the group's commitment is self-enforcing "
        "under national detection",
    ),
)  # fmt: skip
