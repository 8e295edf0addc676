r"""Claims as values: a parameter region, a conclusion decided by the package, and a verdict.

A :class:`Claim` formalises one sentence of a theory as a property

.. math::

    \forall x \in R:\; \text{conclusion}(x),

where the region :math:`R` is a hypothesis strategy that draws only valid examples (see
:mod:`dualdilemma.strategies`) and the conclusion is a predicate that decides the example with
the package's own models and solvers, returning a :class:`Verdict` (holds or not, with the
evidence behind it: equilibria, changes in risk and payoffs).  A claim whose premise is more
than its region can say so in its verdict: a *vacuous* verdict is one in which the premise did
not apply (an implication holding trivially); :func:`~dualdilemma.claims.check.check` rejects
such examples: they are counted apart and never as support.

Every claim states its *kind*: a ``"theorem"`` is a property of the model that could fail on
some example of its region (the package's tests show that a wider region or a broken predicate
does give a counterexample); a ``"definition"`` follows from its premises or from how the code
is built, so it is checked as a test of the implementation but never counted as support.

A theory's sentence is often false as naively stated.  The package then gives two claims: the
*conditioned* one, whose region states the exact conditions under which the conclusion holds
(``expected="holds"``), and a *naive* one over the sentence's literal domain
(``expected="counterexample"``, ``naive_of`` naming the conditioned claim), whose shrunk
counterexample shows why the conditions are needed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from hypothesis import strategies as st

from dualdilemma.errors import InvalidParameterError

__all__ = ["Claim", "Verdict", "Expected", "Kind", "as_verdict"]

Expected = Literal["holds", "counterexample"]
Kind = Literal["theorem", "definition"]


@dataclass(frozen=True)
class Verdict:
    """The conclusion of a claim decided on one example.

    Attributes
    ----------
    holds
        Whether the conclusion holds on the example.
    evidence
        JSON-ready numbers and profiles behind the decision (equilibria, deltas...).
    reason
        One line: what held, or which part failed and by how much.
    vacuous
        ``True`` when the claim's premise did not apply (the verdict then holds trivially).
    """

    holds: bool
    evidence: Mapping[str, Any] = field(default_factory=dict)
    reason: str = ""
    vacuous: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "holds", bool(self.holds))
        object.__setattr__(self, "evidence", MappingProxyType(dict(self.evidence)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "holds": self.holds,
            "reason": self.reason,
            "vacuous": self.vacuous,
            "evidence": dict(self.evidence),
        }


def as_verdict(value: Any) -> Verdict:
    """A :class:`Verdict` from a predicate's return value: a Verdict, a bool, or a pair
    ``(bool, evidence)``.

    >>> as_verdict(True).holds
    True
    >>> dict(as_verdict((False, {"gap": 1})).evidence)
    {'gap': 1}
    """
    if isinstance(value, Verdict):
        return value
    if isinstance(value, bool):
        return Verdict(holds=value)
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], bool):
        return Verdict(holds=value[0], evidence=dict(value[1]))
    raise InvalidParameterError(
        "a claim's predicate must return a Verdict, a bool or a pair (bool, evidence), "
        f"got {value!r}"
    )


def _default_parameters(example: Any) -> Any:
    to_dict = getattr(example, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    return repr(example)


@dataclass(frozen=True)
class Claim:
    """A named, documented, checkable claim (see the module docstring).

    Parameters
    ----------
    name
        Short unique name, e.g. ``"C3"`` or ``"C3-naive-gap"``.
    title
        A few words.
    statement
        The formal statement: region and conclusion, in words and symbols.
    strategy
        The hypothesis strategy drawing the examples of the region.
    predicate
        ``example -> Verdict`` (or a bool, or ``(bool, evidence)``), computed with the package.
    source
        The sentence of the theory that the claim formalises.
    expected
        ``"holds"`` for a claim the package shows true, ``"counterexample"`` for a naive
        version known to fail.
    naive_of
        For a naive claim, the name of its conditioned counterpart.
    parameters
        ``example -> JSON-ready description`` (default: the example's ``to_dict()``); it must
        identify the example, since the checker caches verdicts by it.
    requires
        A note on what the claim needs that may be missing (a module, an optional package).
    kind
        ``"theorem"`` for a property of the model that could fail on some example of its
        region, ``"definition"`` for one that is true by construction (it follows from the
        premises or from how the code is built).  A definition is listed but never counted as
        support for the theory.

    Examples
    --------
    A user-defined claim, false as stated (``expected="counterexample"``): every 2x2 game with
    integer payoffs has a pure equilibrium, decided by the package's solver:

    >>> from dualdilemma.strategies import normal_form_games
    >>> from dualdilemma.solvers.pure_nash import pure_equilibria
    >>> def has_pure_equilibrium(game):
    ...     found = pure_equilibria(game)
    ...     return Verdict(bool(found.equilibria), {"pure": len(found.equilibria)})
    >>> claim = Claim(
    ...     name="2x2-pure",
    ...     title="2x2 games have a pure equilibrium",
    ...     statement="every 2x2 game with integer payoffs has a pure Nash equilibrium",
    ...     strategy=normal_form_games(num_players=2, num_actions=2),
    ...     predicate=has_pure_equilibrium,
    ...     expected="counterexample",
    ...     parameters=lambda game: game.payoffs.tolist(),
    ... )
    >>> claim
    Claim('2x2-pure', '2x2 games have a pure equilibrium', conditioned, expected='counterexample',
          kind='theorem')

    :func:`~dualdilemma.claims.check.check` then finds matching pennies.
    """

    name: str
    title: str
    statement: str
    strategy: st.SearchStrategy
    predicate: Callable[[Any], Any]
    source: str = ""
    expected: Expected = "holds"
    naive_of: str | None = None
    parameters: Callable[[Any], Any] = _default_parameters
    requires: str | None = None
    kind: Kind = "theorem"

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidParameterError(f"a claim needs a non-empty name, got {self.name!r}")
        if self.expected not in ("holds", "counterexample"):
            raise InvalidParameterError(
                f"expected must be 'holds' or 'counterexample', got {self.expected!r}"
            )
        if self.kind not in ("theorem", "definition"):
            raise InvalidParameterError(
                f"claim {self.name!r}: kind must be 'theorem' or 'definition', got {self.kind!r}"
            )
        if not isinstance(self.strategy, st.SearchStrategy):
            raise InvalidParameterError(
                f"claim {self.name!r}: strategy must be a hypothesis SearchStrategy, "
                f"got {type(self.strategy).__name__}"
            )
        if not callable(self.predicate):
            raise InvalidParameterError(f"claim {self.name!r}: predicate must be callable")

    @property
    def naive(self) -> bool:
        """Whether this is the naive version of another claim."""
        return self.naive_of is not None

    def evaluate(self, example: Any) -> Verdict:
        """Decide the conclusion on one example."""
        return as_verdict(self.predicate(example))

    def describe(self, example: Any) -> Any:
        """The JSON-ready parameters of an example."""
        return self.parameters(example)

    def key(self, example: Any) -> str:
        """A canonical string identifying an example (its parameters as sorted JSON)."""
        return json.dumps(self.describe(example), sort_keys=True, default=str)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "statement": self.statement,
            "source": self.source,
            "expected": self.expected,
            "kind": self.kind,
            "naive_of": self.naive_of,
            "requires": self.requires,
        }

    def __repr__(self) -> str:
        role = f"naive version of {self.naive_of}" if self.naive else "conditioned"
        return (
            f"Claim({self.name!r}, {self.title!r}, {role}, expected={self.expected!r}, "
            f"kind={self.kind!r})"
        )
