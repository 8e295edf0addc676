r"""Symbolic proofs of the claims' conditioned statements, checked by sympy.

Each function derives the quantities of one claim from the model's own symbolic equations
(:mod:`dualdilemma.models.export_market`, :mod:`dualdilemma.models.standards_race`,
:func:`~dualdilemma.analysis.dual_dilemma.lone_switch_effects`,
:func:`~dualdilemma.repeated.critical_discount.critical_discount`) and verifies every step of
the proof sketch: an identity is verified when sympy reduces the difference of its two sides
to zero; a sign is verified when sympy decides it from the symbols' assumptions (after the
substitutions the step names, e.g. :math:`K_o = 1 + t` with :math:`t \ge 0` for "the others
cover the buyer").  Piecewise terms (:math:`\max(1, K)`) are handled regime by regime.

A :class:`Proof` lists its steps with their verdicts; :attr:`Proof.verified` is true only if
every step was verified.  Nothing here is asserted by hand: a step that sympy cannot decide is
reported as unverified.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sympy

from dualdilemma.models.export_market import leakage, risk, supplier_payoff, supplier_share

__all__ = [
    "ProofStep",
    "Proof",
    "collective_action_proof",
    "race_proof",
    "dual_dilemma_proof",
    "remedy_proof",
    "punctuation_proof",
    "all_proofs",
]


@dataclass(frozen=True)
class ProofStep:
    """One verified (or not) step: what it says, the expression checked, and the verdict."""

    description: str
    expression: str
    verified: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "expression": self.expression,
            "verified": self.verified,
        }


@dataclass(frozen=True)
class Proof:
    """A claim's proof sketch as checked steps."""

    claim: str
    statement: str
    steps: tuple[ProofStep, ...]

    @property
    def verified(self) -> bool:
        return bool(self.steps) and all(step.verified for step in self.steps)

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "statement": self.statement,
            "verified": self.verified,
            "steps": [s.to_dict() for s in self.steps],
        }


def _identity(description: str, left: sympy.Expr, right: sympy.Expr) -> ProofStep:
    difference = sympy.simplify(sympy.expand(left - right))
    return ProofStep(description, f"{sympy.simplify(left)} = {right}", difference == 0)


def _sign(description: str, expr: sympy.Expr, relation: str) -> ProofStep:
    """``relation`` is one of ``>= 0``, ``> 0``, ``<= 0``, ``< 0``; decided by assumptions."""
    value = sympy.factor(sympy.simplify(expr))
    checks: dict[str, Callable[[sympy.Expr], Any]] = {
        ">= 0": lambda e: e.is_nonnegative,
        "> 0": lambda e: e.is_positive,
        "<= 0": lambda e: e.is_nonpositive,
        "< 0": lambda e: e.is_negative,
    }
    return ProofStep(description, f"{value} {relation}", checks[relation](value) is True)


def collective_action_proof() -> Proof:
    r"""C1: exporting gains at least :math:`m_i (V - h_i d (1 - s_i)) + c_i`, and the gain
    of all-control over all-export is :math:`(h_i d W - V k_i) / \max(1, K) - c_i`
    (:math:`d = p_1 - p_0`).

    >>> collective_action_proof().verified
    True
    """
    v, k = sympy.symbols("V k_i", positive=True)
    s, h, c, d, p0 = sympy.symbols("s_i h_i c_i d p0", nonnegative=True)
    ko, wo, t, u = sympy.symbols("K_o W_o t u", nonnegative=True)
    p1 = p0 + d
    so = ko - wo  # the others' safeguarded capacity
    q_export = leakage(k + ko, k * s + so)
    q_control = leakage(ko, so)
    share = supplier_share(k, 1, k + ko)
    own = share * (1 - s)
    bound = wo * (1 / sympy.Max(1, ko) - 1 / sympy.Max(1, ko + k))
    steps = [
        _identity(
            "exporting adds at most its own unsafeguarded sales to the leakage: "
            "m_i (1 - s_i) - (q_E - q_C) = W_o (1/max(1, K_o) - 1/max(1, K_o + k_i))",
            own - (q_export - q_control),
            bound,
        ),
        _sign(
            "... which is >= 0 when the others cover the buyer (K_o = 1 + t)",
            bound.xreplace({ko: 1 + t}),
            ">= 0",
        ),
        _sign(
            "... and when no one covers it (K_o + k_i <= 1: both maxima are 1)",
            bound.xreplace({sympy.Max(1, ko): 1, sympy.Max(1, ko + k): 1}),
            ">= 0",
        ),
        _sign(
            "... and in between (K_o <= 1 <= K_o + k_i, K_o + k_i = 1 + u)",
            bound.xreplace({sympy.Max(1, ko): 1, sympy.Max(1, ko + k): 1 + u}),
            ">= 0",
        ),
    ]
    u_export = supplier_payoff(v, share, h, risk(q_export, p0, p1), c, 0)
    u_control = supplier_payoff(v, 0, h, risk(q_control, p0, p1), c, 1)
    gain = u_export - u_control
    floor = share * (v - h * d * (1 - s)) + c
    steps.append(
        _identity(
            "the gain from exporting exceeds m_i (V - h_i d (1 - s_i)) + c_i by h_i d times "
            "the non-negative slack above",
            gain - floor,
            h * d * (own - (q_export - q_control)),
        )
    )
    total, unsafe = sympy.symbols("K W", nonnegative=True)
    everyone_exports = supplier_payoff(
        v, supplier_share(k, 1, total), h, risk(leakage(total, total - unsafe), p0, p1), c, 0
    )
    everyone_controls = supplier_payoff(v, 0, h, risk(0, p0, p1), c, 1)
    steps.append(
        _identity(
            "u_i(all control) - u_i(all export) = (h_i d W - V k_i) / max(1, K) - c_i",
            everyone_controls - everyone_exports,
            (h * d * unsafe - v * k) / sympy.Max(1, total) - c,
        )
    )
    return Proof(
        "C1",
        "export strictly dominates control when V > h_i d (1 - s_i) and k_i > 0; all-control "
        "is better for i iff h_i d W > V k_i + c_i max(1, K)",
        tuple(steps),
    )


def race_proof() -> Proof:
    r"""C2: with :math:`k \ge 1`, undercutting a common level by one rung gains
    :math:`V (1 - 1/N) - h (p_1 - p_0)(x^v - x^{v-1})`, increasing in :math:`N`.

    >>> race_proof().verified
    True
    """
    from dualdilemma.models.standards_race import SymmetricStandardsRace

    race = SymmetricStandardsRace(ladder=(0, sympy.Rational(1, 2), 1))
    symbols = {p.name: p.symbol for p in race.parameters}
    big_n = race.num_suppliers
    t, n = sympy.symbols("t n", nonnegative=True)
    ample = {symbols["k"]: 1 + t, big_n: 2 + n}
    undercut = race.payoff("export@0", [0, big_n - 1, 0]) - race.payoff(
        "export@1/2", [0, big_n - 1, 0]
    )
    undercut = sympy.simplify(undercut.xreplace(ample))
    v, h, p0, p1 = (symbols[name] for name in ("V", "h", "p0", "p1"))
    expected = v * (1 - 1 / (2 + n)) - h * (p1 - p0) / 2
    raise_ = race.payoff("export@1/2", [big_n - 1, 0, 0]) - race.payoff(
        "export@0", [big_n - 1, 0, 0]
    )
    raise_ = sympy.simplify(raise_.xreplace(ample))
    steps = [
        _identity(
            "undercutting everyone at 1/2 by one rung gains V (1 - 1/N) - h (p1 - p0)/2 "
            "(k = 1 + t, N = 2 + n)",
            undercut,
            expected,
        ),
        _sign("... a gain increasing in N: d/dn", sympy.diff(undercut, n), "> 0"),
        _identity(
            "raising the standard above a common floor loses the sale and leaves the risk: -V/N",
            raise_,
            -v / (2 + n),
        ),
    ]
    return Proof(
        "C2",
        "with k >= 1 the floor is always an equilibrium standard and every higher standard "
        "has a size beyond which undercutting pays",
        tuple(steps),
    )


def dual_dilemma_proof() -> Proof:
    r"""C3: when the others cover the buyer and :math:`s_i = \bar s + e`, :math:`e \ge 0`,
    the lone switch raises the risk weakly and costs the switcher.

    >>> dual_dilemma_proof().verified
    True
    """
    from dualdilemma.analysis.dual_dilemma import lone_switch_effects

    effects = lone_switch_effects()
    symbols = effects.symbols
    e, t, d = sympy.symbols("e t d", nonnegative=True)
    ki = sympy.Symbol("k_i", positive=True)
    region = {
        symbols["s_i"]: symbols["sbar"] + e,
        symbols["K_o"]: 1 + t,
        symbols["p1"]: symbols["p0"] + d,
        symbols["k_i"]: ki,
    }
    risk_change = effects.covered_risk_change.xreplace(region)
    payoff_change = effects.covered_payoff_change.xreplace(region)
    steps = [
        _identity(
            "with K_o >= 1: dP = (p1 - p0) k_i (s_i - sbar) / (K_o + k_i)",
            effects.covered_risk_change,
            (symbols["p1"] - symbols["p0"])
            * symbols["k_i"]
            * (symbols["s_i"] - symbols["sbar"])
            / (symbols["K_o"] + symbols["k_i"]),
        ),
        _sign("dP >= 0 when s_i >= sbar", risk_change, ">= 0"),
        _sign("du_i < 0 (V > 0, k_i > 0)", payoff_change, "< 0"),
        _identity(
            "the share lost is the whole share k_i / (K_o + k_i)",
            effects.covered_share_change,
            -symbols["k_i"] / (symbols["K_o"] + symbols["k_i"]),
        ),
    ]
    return Proof(
        "C3",
        "if the others cover the buyer and s_i >= sbar, a lone switch does not lower the risk "
        "and costs the switcher its share and payoff",
        tuple(steps),
    )


def remedy_proof() -> Proof:
    r"""C4: when a deviation pays (:math:`\pi_D = \pi_C + b`, :math:`b > 0`) and the cartel
    beats the stage game (:math:`\pi_C = \pi_N + a`, :math:`a > 0`), Friedman's
    :math:`\delta^* = b / (a + b) \in (0, 1)`.

    >>> remedy_proof().verified
    True
    """
    from dualdilemma.repeated.critical_discount import critical_discount

    a, b = sympy.symbols("a b", positive=True)
    punish = sympy.Symbol("pi_N", real=True)
    threshold = critical_discount(punish + a, punish + a + b, punish)
    value = threshold.value
    steps = [
        _identity("delta* = (pi_D - pi_C) / (pi_D - pi_N) = b / (a + b)", value, b / (a + b)),
        _sign("delta* > 0", value, "> 0"),
        _sign("delta* < 1", 1 - value, "> 0"),
    ]
    # the member-gain condition gives a > 0: write it as h d (W - tau M) = V k + c M + g, g > 0
    # (d = p1 - p0, M = max(1, K)); the cartel's risk is at most p0 + d tau, the stage risk is
    # p0 + d W / M and the member's stage share k / M
    h, d, big_w, tau, big_m, value_v, k, c, g, p0 = sympy.symbols(
        "h d W tau M V k c g p0", positive=True
    )
    condition = sympy.Eq(h * d * (big_w - tau * big_m), value_v * k + c * big_m + g)
    solved_h = sympy.solve(condition, h)[0]
    cartel_bound = -h * (p0 + d * tau) - c
    stage = value_v * k / big_m - h * (p0 + d * big_w / big_m)
    gain = (cartel_bound - stage).subs(h, solved_h)
    steps += [
        _identity("pi_C - pi_N >= g / max(1, K) under the member-gain condition", gain, g / big_m),
        _sign("so the cartel beats the stage game: a > 0", gain, "> 0"),
    ]
    return Proof(
        "C4",
        "a profitable deviation (b > 0) makes delta* > 0; the member-gain condition makes the "
        "cartel better than the stage equilibrium (a > 0), so delta* < 1",
        tuple(steps),
    )


def punctuation_proof() -> Proof:
    r"""C6-lag (b): a distribution with an atom of mass :math:`1 - p \ge 1/2` has kurtosis at
    least :math:`1 / (p (1 - p)) - 3`, above 3 iff :math:`p < (3 - \sqrt 3) / 6`.

    >>> punctuation_proof().verified
    True
    """
    p = sympy.Symbol("p", positive=True)
    u = sympy.Symbol("u", nonnegative=True)
    y = sympy.Symbol("y", positive=True)
    r = sympy.Symbol("r", nonnegative=True)
    bound = u**2 / (1 - p) + (1 - u) ** 2 / p
    at_edge = bound.subs(u, p)
    steps = [
        _identity(
            "Cauchy-Schwarz bound at u = (1 - p) z0^2 = p: p^2/(1-p) + (1-p)^2/p = 1/(p(1-p)) - 3",
            at_edge,
            1 / (p * (1 - p)) - 3,
        ),
        _identity(
            "its slope in u, times p (1 - p) / 2 > 0, is u + p - 1",
            sympy.diff(bound, u) * p * (1 - p) / 2,
            u + p - 1,
        ),
        _sign(
            "... negative on u in [0, p] when p < 1/2 (u = p - r, p = 1/(2 + y)), so the "
            "minimum over u is at u = p",
            (u + p - 1).xreplace({u: p - r}).xreplace({p: 1 / (2 + y)}),
            "< 0",
        ),
    ]
    roots = sympy.solve(sympy.Eq(p * (1 - p), sympy.Rational(1, 6)), p)
    threshold = min(roots, key=lambda r: float(r))
    steps.append(
        _identity(
            "1/(p(1-p)) - 3 > 3 iff p (1 - p) < 1/6 iff p < (3 - sqrt 3)/6",
            threshold,
            (3 - sympy.sqrt(3)) / 6,
        )
    )
    from dualdilemma.claims.shocks import PUNCTUATION_THRESHOLD

    steps.append(
        ProofStep(
            "the claim's PUNCTUATION_THRESHOLD is this root",
            f"{PUNCTUATION_THRESHOLD!r} = {float(threshold)!r}",
            math.isclose(float(threshold), PUNCTUATION_THRESHOLD, rel_tol=1e-15),
        )
    )
    return Proof(
        "C6-lag",
        "at most a share p < (3 - sqrt 3)/6 of non-zero yearly changes makes their "
        "distribution leptokurtic",
        tuple(steps),
    )


def all_proofs() -> tuple[Proof, ...]:
    """Every proof, in claim order."""
    return (
        collective_action_proof(),
        race_proof(),
        dual_dilemma_proof(),
        remedy_proof(),
        punctuation_proof(),
    )
