"""The built-in claims C1-C6 of the theory (MODEL s.1), conditioned and naive, in report order.

Each conditioned claim is followed by its naive version(s); :func:`get_claim` looks one up by
name.
"""

from __future__ import annotations

from dualdilemma.claims.claim import Claim
from dualdilemma.claims.collective_action import C1, C1_NAIVE
from dualdilemma.claims.design import DESIGN_CLAIMS
from dualdilemma.claims.dual_dilemma import C3, C3_NAIVE_GAP, C3_NAIVE_WEAKEST
from dualdilemma.claims.multilateral_remedy import C4, C4_NAIVE
from dualdilemma.claims.race_to_the_bottom import C2, C2_NAIVE
from dualdilemma.claims.shocks import (
    C6,
    C6_LAG,
    C6_NAIVE,
    C6_NAIVE_ATTENTION,
    C6_NAIVE_HORIZON,
)
from dualdilemma.claims.smallest_group import (
    C5,
    C5_ENLARGEMENT,
    C5_ENLARGEMENT_NAIVE,
    C5_FIRST_GROUP,
    C5_FIRST_GROUP_NAIVE,
    C5_NAIVE,
)
from dualdilemma.errors import InvalidParameterError

__all__ = ["CLAIMS", "DESIGN_CLAIMS", "ALL_CLAIMS", "get_claim", "claim_names"]

CLAIMS: tuple[Claim, ...] = (
    C1,
    C1_NAIVE,
    C2,
    C2_NAIVE,
    C3,
    C3_NAIVE_GAP,
    C3_NAIVE_WEAKEST,
    C4,
    C4_NAIVE,
    C5,
    C5_NAIVE,
    C5_FIRST_GROUP,
    C5_FIRST_GROUP_NAIVE,
    C5_ENLARGEMENT,
    C5_ENLARGEMENT_NAIVE,
    C6,
    C6_NAIVE,
    C6_LAG,
    C6_NAIVE_ATTENTION,
    C6_NAIVE_HORIZON,
)


#: C1-C6 and the design claims C7-* (:mod:`dualdilemma.claims.design`); ``CLAIMS`` stays C1-C6
#: so that the default ``dualdilemma claims`` run and its paper table are unchanged.
ALL_CLAIMS: tuple[Claim, ...] = (*CLAIMS, *DESIGN_CLAIMS)


def claim_names() -> tuple[str, ...]:
    """Names of the built-in claims, in report order.

    >>> claim_names()[:3]
    ('C1', 'C1-naive', 'C2')
    """
    return tuple(c.name for c in ALL_CLAIMS)


def get_claim(name: str) -> Claim:
    """The built-in claim called ``name``.

    >>> get_claim("C3").title
    'dual dilemma'
    """
    for claim in ALL_CLAIMS:
        if claim.name == name:
            return claim
    raise InvalidParameterError(f"unknown claim {name!r}; claims are {', '.join(claim_names())}")
