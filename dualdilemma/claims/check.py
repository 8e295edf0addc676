r"""Check a claim with hypothesis: holds on N examples, or a shrunk minimal counterexample.

Algorithm
---------
:func:`check` runs :func:`hypothesis.find` on the claim's strategy with the condition "the
conclusion fails":

1. *Generation*: up to ``max_examples`` examples are drawn from the region with a
   :class:`random.Random` seeded by ``seed`` (no example database, no deadline, health checks
   off), and each is decided by the claim's predicate.  If none fails, the claim *holds* on the
   examples evaluated.
2. *Shrinking*: from the first failing example hypothesis shrinks towards a minimal one (fewer
   suppliers, smaller numbers, simpler fractions).  Each candidate costs a predicate call, so at
   most ``shrink_budget`` new candidates are evaluated; after that, no new candidate is
   accepted and the smallest failure found so far is returned.

*Vacuous* examples, those whose verdict says the claim's premise did not apply, are rejected
(:func:`hypothesis.assume`): they are counted in ``vacuous`` but are neither examples nor
support, and hypothesis draws others in their place (within its own limit on rejected draws).
A claim none of whose examples met its premise comes out ``"vacuous"``, never ``"holds"``.

Verdicts are cached by the example's parameters (:meth:`~dualdilemma.claims.claim.Claim.key`),
so a replayed example is never decided twice and the budget cannot make the search flaky.  The
run is deterministic: the same claim, ``max_examples``, ``seed`` and ``shrink_budget`` give the
same result, byte for byte in JSON.

For a claim that holds the result also carries the *simplest* example of the region (the one
hypothesis shrinks to without any condition) and its evidence, so that a report can show what
was checked.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from random import Random
from types import MappingProxyType
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, assume, find, settings
from hypothesis.errors import NoSuchExample, Unsatisfiable

from dualdilemma.claims.claim import Claim, Verdict
from dualdilemma.errors import InvalidParameterError
from dualdilemma.strategies import simplest

__all__ = [
    "ClaimResult",
    "check",
    "check_all",
    "DEFAULT_MAX_EXAMPLES",
    "DEFAULT_SHRINK_BUDGET",
]

DEFAULT_MAX_EXAMPLES = 25
DEFAULT_SHRINK_BUDGET = 150


@dataclass(frozen=True)
class ClaimResult:
    """The outcome of checking one claim.

    Attributes
    ----------
    name, statement, expected, kind
        From the claim (``kind``: ``"theorem"`` or ``"definition"``).
    status
        ``"holds"`` (no counterexample among the examples), ``"counterexample"``, or
        ``"vacuous"`` (no example met the claim's premise: nothing was checked).
    examples
        Examples decided that met the premise: all of them when the claim holds, up to and
        including the first failure otherwise.
    vacuous
        Draws rejected because they did not meet the claim's premise (not examples).
    shrinks
        Further candidates decided while shrinking the counterexample.
    counterexample
        The minimal counterexample's parameters (``None`` when the claim holds).
    example
        When the claim holds: the simplest example of the region (``None`` otherwise).
    evidence, reason
        The verdict on ``counterexample`` (or on ``example``).
    seed, max_examples, shrink_budget
        The settings of the run.
    """

    name: str
    statement: str
    expected: str
    status: str
    examples: int
    vacuous: int
    shrinks: int
    counterexample: Any
    example: Any
    evidence: Mapping[str, Any]
    reason: str
    seed: int
    max_examples: int
    shrink_budget: int
    naive_of: str | None = None
    requires: str | None = None
    notes: tuple[str, ...] = field(default=())
    kind: str = "theorem"

    def __post_init__(self) -> None:
        object.__setattr__(self, "evidence", MappingProxyType(dict(self.evidence)))

    @property
    def holds(self) -> bool:
        return self.status == "holds"

    @property
    def support(self) -> bool:
        """Whether the result supports the theory: a conditioned theorem that held on at least
        one example meeting its premise (a definition or a vacuous check never does)."""
        return self.kind == "theorem" and self.naive_of is None and self.holds and self.examples > 0

    @property
    def as_expected(self) -> bool:
        """Whether the status is the one the claim expects (a naive claim expects to fail)."""
        return self.status == self.expected

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "statement": self.statement,
            "status": self.status,
            "expected": self.expected,
            "as_expected": self.as_expected,
            "support": self.support,
            "naive_of": self.naive_of,
            "examples": self.examples,
            "vacuous": self.vacuous,
            "shrinks": self.shrinks,
            "counterexample": self.counterexample,
            "example": self.example,
            "reason": self.reason,
            "evidence": dict(self.evidence),
            "seed": self.seed,
            "max_examples": self.max_examples,
            "requires": self.requires,
            "notes": list(self.notes),
        }

    def __repr__(self) -> str:
        tail = "" if self.holds else f": {self.reason}"
        return (
            f"ClaimResult({self.name!r}, {self.status} on {self.examples} examples, "
            f"expected {self.expected}{tail})"
        )


def _settings(max_examples: int, *, shrink: bool = True) -> settings:
    return settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        derandomize=False,
        verbosity=Verbosity.quiet,
        phases=(Phase.generate, Phase.shrink) if shrink else (Phase.generate,),
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )


def _check_count(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidParameterError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return value


def check(
    claim: Claim,
    *,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    seed: int = 0,
    shrink_budget: int = DEFAULT_SHRINK_BUDGET,
) -> ClaimResult:
    """Check ``claim`` on up to ``max_examples`` examples (see the module docstring).

    Parameters
    ----------
    claim
        A :class:`~dualdilemma.claims.claim.Claim` (or the name of a built-in claim).
    max_examples
        Examples to generate (``>= 1``).
    seed
        Seed of the search (an integer ``>= 0``); the result is a function of it.
    shrink_budget
        Largest number of candidates decided while shrinking a counterexample (``>= 0``).

    Examples
    --------
    A false claim about 2x2 games, with the package's pure-equilibrium solver as the judge:

    >>> from dualdilemma.claims.claim import Claim, Verdict
    >>> from dualdilemma.solvers.pure_nash import pure_equilibria
    >>> from dualdilemma.strategies import normal_form_games
    >>> def has_pure(game):
    ...     found = pure_equilibria(game).equilibria
    ...     return Verdict(bool(found), {"pure_equilibria": len(found)}, "no pure equilibrium")
    >>> claim = Claim("2x2-pure", "pure equilibria", "every 2x2 game has a pure equilibrium",
    ...               normal_form_games(num_players=2, num_actions=2), has_pure,
    ...               expected="counterexample",
    ...               parameters=lambda g: [[str(x) for x in row] for row in
    ...                                     g.payoffs.reshape(2, 4).tolist()])
    >>> result = check(claim, max_examples=200, seed=1)
    >>> result.status, result.as_expected
    ('counterexample', True)
    >>> result.counterexample  # rows: A then B, flattened; a matching-pennies pattern
    [['0', '0', '-1', '1'], ['0', '1', '0', '-1']]
    """
    if isinstance(claim, str):
        from dualdilemma.claims.registry import get_claim

        claim = get_claim(claim)
    if not isinstance(claim, Claim):
        raise InvalidParameterError(f"check needs a Claim, got {type(claim).__name__}")
    max_examples = _check_count(max_examples, "max_examples", 1)
    seed = _check_count(seed, "seed", 0)
    shrink_budget = _check_count(shrink_budget, "shrink_budget", 0)

    cache: dict[str, Verdict] = {}
    state = {"decided": 0, "vacuous": 0, "first_failure": 0, "shrinks": 0}

    def fails(example: Any) -> bool:
        key = claim.key(example)
        if key in cache:
            assume(not cache[key].vacuous)
            return not cache[key].holds
        first = state["first_failure"]
        if first and state["shrinks"] >= shrink_budget:
            return False  # budget spent: accept no new shrink (never cached, so consistent)
        verdict = claim.evaluate(example)
        cache[key] = verdict
        if first:
            state["shrinks"] += 1
        elif verdict.vacuous:
            state["vacuous"] += 1
        else:
            state["decided"] += 1
            if not verdict.holds:
                state["first_failure"] = state["decided"]
        assume(not verdict.vacuous)  # a vacuous example is rejected, never support
        return not verdict.holds

    try:
        options = _settings(max_examples, shrink=shrink_budget > 0)
        minimal = find(claim.strategy, fails, settings=options, random=Random(seed))
    except (NoSuchExample, Unsatisfiable):  # Unsatisfiable: every draw was vacuous
        minimal = None
    common = {
        "name": claim.name,
        "statement": claim.statement,
        "expected": claim.expected,
        "seed": seed,
        "max_examples": max_examples,
        "shrink_budget": shrink_budget,
        "naive_of": claim.naive_of,
        "requires": claim.requires,
        "kind": claim.kind,
    }
    if minimal is not None:
        verdict = cache[claim.key(minimal)]
        return ClaimResult(
            status="counterexample",
            examples=state["first_failure"],
            vacuous=state["vacuous"],
            shrinks=state["shrinks"],
            counterexample=claim.describe(minimal),
            example=None,
            evidence=dict(verdict.evidence),
            reason=verdict.reason,
            **common,
        )
    if not state["decided"]:
        return ClaimResult(
            status="vacuous",
            examples=0,
            vacuous=state["vacuous"],
            shrinks=0,
            counterexample=None,
            example=None,
            evidence={},
            reason=f"none of {state['vacuous']} examples met the claim's premise",
            notes=("nothing was checked: every example was vacuous",),
            **common,
        )
    simplest_example = simplest(claim.strategy)
    verdict = cache.get(claim.key(simplest_example)) or claim.evaluate(simplest_example)
    if verdict.vacuous:  # show an example that met the premise instead
        simplest_key = next(k for k, v in cache.items() if not v.vacuous)
        verdict = cache[simplest_key]
        shown = json.loads(simplest_key)
    else:
        shown = claim.describe(simplest_example)
    notes = ()
    if state["vacuous"]:
        notes = (
            f"{state['vacuous']} examples did not meet the premise and were rejected "
            f"(not counted among the {state['decided']} examples)",
        )
    return ClaimResult(
        status="holds",
        examples=state["decided"],
        vacuous=state["vacuous"],
        shrinks=0,
        counterexample=None,
        example=shown,
        evidence=dict(verdict.evidence),
        reason=verdict.reason,
        notes=notes,
        **common,
    )


def check_all(
    claims: Iterable[Claim | str] | None = None,
    *,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    seed: int = 0,
    shrink_budget: int = DEFAULT_SHRINK_BUDGET,
    tick: Callable[[], None] | None = None,
) -> tuple[ClaimResult, ...]:
    """Check several claims (default: every built-in claim) with the same settings.

    ``tick`` is called after each claim (a progress hook, e.g. from
    :func:`dualdilemma.progress.spinner`).
    """
    if claims is None:
        from dualdilemma.claims.registry import CLAIMS

        claims = CLAIMS
    results = []
    for claim in claims:
        results.append(
            check(claim, max_examples=max_examples, seed=seed, shrink_budget=shrink_budget)
        )
        if tick is not None:
            tick()
    return tuple(results)
