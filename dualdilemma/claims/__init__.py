"""The theory's claims C1-C6 as checkable properties, and a checker that finds counterexamples.

* :mod:`~dualdilemma.claims.claim`: :class:`Claim` (region, conclusion, source sentence, kind:
  a *theorem* that could fail or a *definition* true by construction) and :class:`Verdict`;
* :mod:`~dualdilemma.claims.check`: :func:`check` runs hypothesis and returns a
  :class:`ClaimResult` (holds on N examples, or a shrunk minimal counterexample);
* one module per claim: :mod:`~dualdilemma.claims.collective_action` (C1),
  :mod:`~dualdilemma.claims.race_to_the_bottom` (C2), :mod:`~dualdilemma.claims.dual_dilemma`
  (C3), :mod:`~dualdilemma.claims.multilateral_remedy` (C4),
  :mod:`~dualdilemma.claims.smallest_group` (C5), :mod:`~dualdilemma.claims.shocks` (C6), each
  with its conditioned claim and the naive version(s) that fail;
* :mod:`~dualdilemma.claims.proofs`: sympy-checked proofs of the conditioned statements;
* :mod:`~dualdilemma.claims.registry`: :data:`CLAIMS` in report order and :func:`get_claim`.

>>> from dualdilemma.claims import CLAIMS, check
>>> [c.name for c in CLAIMS if not c.naive and c.kind == "theorem"]
['C1', 'C2', 'C3', 'C4', 'C5', 'C6']
>>> [c.name for c in CLAIMS if c.kind == "definition"]  # true by construction, never support
['C5-first-group', 'C5-enlargement', 'C6-lag']
"""

from dualdilemma.claims.check import (
    DEFAULT_MAX_EXAMPLES,
    DEFAULT_SHRINK_BUDGET,
    ClaimResult,
    check,
    check_all,
)
from dualdilemma.claims.claim import Claim, Verdict, as_verdict
from dualdilemma.claims.registry import CLAIMS, claim_names, get_claim

__all__ = [
    "Claim",
    "Verdict",
    "as_verdict",
    "ClaimResult",
    "check",
    "check_all",
    "DEFAULT_MAX_EXAMPLES",
    "DEFAULT_SHRINK_BUDGET",
    "CLAIMS",
    "claim_names",
    "get_claim",
]
