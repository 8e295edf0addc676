"""The rational-design conjectures and how the design model expresses them.

Koremenos, Lipson and Snidal (2001, *International Organization* 55(4), p. 797) state sixteen
conjectures linking five design features (membership, scope, centralisation, control,
flexibility) to four cooperation problems (distribution, number, enforcement, uncertainty).
The seed theory (THEORY.txt) adds three about export-control regimes: informality after shocks,
confidentiality, and standalone form.  Each conjecture the design model can express is a claim
``C7-<id>`` of :mod:`dualdilemma.claims.design`, a comparative static of
:func:`~dualdilemma.design.model.design`.  The table:

=====  =================================================================  ====================
id     conjecture                                                         in the model
=====  =================================================================  ====================
M1     restrictive membership increases with the enforcement problem     claim (theorem)
M2     restrictive membership increases with uncertainty about prefs.    claim (definition)
M3     inclusive membership increases with the distribution problem      claim (definition)
S1     scope increases with number                                        not expressible
S2     scope increases with the distribution problem                      not expressible
S3     scope increases with the enforcement problem                       not expressible
C1     centralisation increases with uncertainty about behaviour         claim (theorem)
C2     centralisation increases with uncertainty about the state         claim
C3     centralisation increases with number                               claim
C4     centralisation increases with the enforcement problem              claim (theorem)
V1     individual control decreases with number                           claim
V2     asymmetry of control increases with asymmetry of contributors      not expressible
V3     individual control increases with uncertainty about the state      claim
F1     flexibility increases with uncertainty about the state             claim
F2     flexibility increases with the distribution problem                claim
F3     flexibility decreases with number                                  claim
SH     informal (political) form after a shock (seed)                     claim
CF     confidentiality because proliferants adapt to published lists      claim
SA     standalone form (restrictive, political, national) with leverage   claim (theorem)
=====  =================================================================  ====================

Scope (S1-S3) is not a feature of the model: each regime covers one class of items and issue
linkage is not modelled.  V2 needs a weighted decision rule; the model's rule is consensus or
majority with one vote each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Conjecture", "CONJECTURES", "conjecture"]


@dataclass(frozen=True)
class Conjecture:
    """One conjecture: its statement, source, and the claim that expresses it (or why none)."""

    id: str
    statement: str
    source: str
    feature: str | None
    toward: str | None
    driver: str | None
    not_expressible: str | None = None

    @property
    def expressible(self) -> bool:
        return self.not_expressible is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "statement": self.statement,
            "source": self.source,
            "feature": self.feature,
            "toward": self.toward,
            "driver": self.driver,
            "expressible": self.expressible,
            "not_expressible": self.not_expressible,
        }


_KLS = "Koremenos, Lipson and Snidal 2001"
_SEED = "THEORY.txt (informal, secretive, standalone mechanisms)"
_SCOPE = "scope is not a feature of the model: a regime covers one class of items, no linkage"

CONJECTURES: tuple[Conjecture, ...] = (
    Conjecture("M1", "restrictive membership increases with the enforcement problem", _KLS,
               "membership", "restrictive", "common_enforcement"),
    Conjecture("M2", "restrictive membership increases with uncertainty about preferences", _KLS,
               "membership", "restrictive", "preferences"),
    Conjecture("M3", "inclusive membership increases with the distribution problem", _KLS,
               "membership", "inclusive", "distribution"),
    Conjecture("S1", "scope increases with number", _KLS, None, None, None, _SCOPE),
    Conjecture("S2", "scope increases with the distribution problem", _KLS, None, None, None,
               _SCOPE),
    Conjecture("S3", "scope increases with the enforcement problem", _KLS, None, None, None,
               _SCOPE),
    Conjecture("C1", "centralisation increases with uncertainty about behaviour", _KLS,
               "centralisation", "centralised", "behaviour"),
    Conjecture("C2", "centralisation increases with uncertainty about the state of the world",
               _KLS, "centralisation", "centralised", "uncertainty"),
    Conjecture("C3", "centralisation increases with number", _KLS, "centralisation",
               "centralised", "number"),
    Conjecture("C4", "centralisation increases with the enforcement problem", _KLS,
               "centralisation", "centralised", "enforcement"),
    Conjecture("V1", "individual control (consensus) decreases with number", _KLS, "decision",
               "majority", "number"),
    Conjecture("V2", "asymmetry of control increases with asymmetry among contributors", _KLS,
               None, None, None,
               "the decision rule is consensus or majority with equal votes; no weighted voting"),
    Conjecture("V3", "individual control (consensus) increases with uncertainty about the state",
               _KLS, "decision", "consensus", "uncertainty"),
    Conjecture("F1", "flexibility increases with uncertainty about the state of the world", _KLS,
               "flexibility", "flexible", "uncertainty"),
    Conjecture("F2", "flexibility increases with the distribution problem", _KLS, "flexibility",
               "flexible", "distribution"),
    Conjecture("F3", "flexibility decreases with number", _KLS, "flexibility", "rigid",
               "number"),
    Conjecture("SH", "after a shock the regime takes informal (political) form", _SEED,
               "formality", "political", "shock"),
    Conjecture("CF", "the regime is confidential because proliferants adapt to published lists",
               _SEED, "transparency", "confidential", "adaptation"),
    Conjecture("SA", "greater supply leverage keeps a standalone regime standalone "
               "(restrictive, political, national)", _SEED, None, "standalone", "leverage"),
)  # fmt: skip


def conjecture(identifier: str) -> Conjecture:
    """The conjecture with this id.

    >>> conjecture("S1").expressible
    False
    """
    for c in CONJECTURES:
        if c.id == identifier:
            return c
    from dualdilemma.errors import InvalidParameterError

    ids = ", ".join(c.id for c in CONJECTURES)
    raise InvalidParameterError(f"unknown conjecture {identifier!r}; conjectures are {ids}")
