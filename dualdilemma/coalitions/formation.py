r"""Stable coalition sizes: internal and external stability with an explicit tie convention.

With :math:`\pi_s(k)` the payoff of a member of a coalition of size :math:`k` and
:math:`\pi_n(k)` that of an outsider (:mod:`~dualdilemma.coalitions.equilibrium`), a coalition
of size :math:`k` is (d'Aspremont, Jacquemin, Gabszewicz and Weymark 1983; Carraro and
Siniscalco 1993)

* **internally stable** when no member gains by leaving:
  :math:`I(k) = \pi_s(k) - \pi_n(k - 1) \ge 0`;
* **externally stable** when no outsider gains by joining:
  :math:`E(k) = \pi_n(k) - \pi_s(k + 1) \ge 0` (vacuous for :math:`k = N`);
* **stable** when both hold.

When a margin is exactly zero the player is indifferent, and whether the coalition is then
stable is a convention that changes the answer (with linear benefits and quadratic costs the
stable sizes are :math:`\{2, 3\}`, :math:`\{3\}`, :math:`\{2\}` or none, depending on it).  The
``ties`` argument names what an indifferent player does:

=========  =========================  ===========================  ==========================
``ties``   indifferent player         internal condition           external condition
=========  =========================  ===========================  ==========================
``stay``   keeps its status           :math:`I(k) \ge 0`           :math:`E(k) \ge 0`
``join``   prefers to be a member     :math:`I(k) \ge 0`           :math:`E(k) > 0`
``leave``  prefers to be outside      :math:`I(k) > 0`             :math:`E(k) \ge 0`
``move``   changes status             :math:`I(k) > 0`             :math:`E(k) > 0`
=========  =========================  ===========================  ==========================

``stay`` is the weak-inequality definition of d'Aspremont et al. (1983).  For ``stay``, ``join``
and ``leave``, a failure of external stability at :math:`k` implies internal stability at
:math:`k + 1`, so a stable size exists whenever :math:`k = 1` is internally stable (the
existence argument of d'Aspremont et al. 1983); under ``move`` none may exist.  Exact inputs give
exact margins and exact ties; with floats a margin within ``tol`` (relative to the payoffs)
counts as a tie.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from dualdilemma._numbers import format_number
from dualdilemma.coalitions.equilibrium import (
    CoalitionOutcome,
    Method,
    Timing,
    _solver,
)
from dualdilemma.coalitions.game import CoalitionGame
from dualdilemma.errors import InvalidParameterError

__all__ = [
    "CoalitionStability",
    "SizeStability",
    "coalition_stability",
    "check_ties",
    "TIE_CONVENTIONS",
    "Ties",
]

Ties = Literal["stay", "join", "leave", "move"]
#: For each convention: (an internal tie counts as stable, an external tie counts as stable).
TIE_CONVENTIONS: dict[str, tuple[bool, bool]] = {
    "stay": (True, True),
    "join": (True, False),
    "leave": (False, True),
    "move": (False, False),
}


def check_ties(ties: Any) -> str:
    """Validate a tie convention (see the module docstring)."""
    if ties not in TIE_CONVENTIONS:
        raise InvalidParameterError(
            f"ties must be one of {list(TIE_CONVENTIONS)} (what an indifferent player does), "
            f"got {ties!r}"
        )
    return str(ties)


@dataclass(frozen=True)
class SizeStability:
    """The stability verdict for one coalition size.

    ``internal_margin`` is :math:`I(k)`, ``external_margin`` :math:`E(k)` (``None`` for
    :math:`k = N`); ``internal_tie`` / ``external_tie`` say whether the verdict rested on the tie
    convention.
    """

    size: int
    member_payoff: Any
    outsider_payoff: Any
    internal_margin: Any
    external_margin: Any
    internal: bool
    external: bool
    internal_tie: bool
    external_tie: bool

    @property
    def stable(self) -> bool:
        return self.internal and self.external

    def to_dict(self) -> dict[str, Any]:
        from dualdilemma.solvers.result import json_number

        def number(value: Any) -> Any:
            return None if value is None else json_number(value)

        return {
            "size": self.size,
            "member_payoff": number(self.member_payoff),
            "outsider_payoff": number(self.outsider_payoff),
            "internal_margin": number(self.internal_margin),
            "external_margin": number(self.external_margin),
            "internal": self.internal,
            "external": self.external,
            "internal_tie": self.internal_tie,
            "external_tie": self.external_tie,
            "stable": self.stable,
        }


@dataclass(frozen=True)
class CoalitionStability:
    """Stability of every coalition size :math:`k = 1, \\dots, N`.

    Attributes
    ----------
    num_players, timing, fringe
        The setting.
    ties
        The tie convention used (``"stay"``, ``"join"``, ``"leave"`` or ``"move"``).
    exact
        Whether all payoffs and margins are exact.
    tol
        The float tie tolerance (0 in exact mode).
    outcomes
        The :class:`~dualdilemma.coalitions.equilibrium.CoalitionOutcome` for
        :math:`k = 0, \\dots, N`.
    sizes
        One :class:`SizeStability` per :math:`k = 1, \\dots, N`.
    """

    num_players: int
    timing: str
    fringe: str
    ties: str
    exact: bool
    tol: float
    outcomes: tuple[CoalitionOutcome, ...]
    sizes: tuple[SizeStability, ...]

    @property
    def stable_sizes(self) -> tuple[int, ...]:
        """The sizes that are internally and externally stable."""
        return tuple(s.size for s in self.sizes if s.stable)

    @property
    def internally_stable(self) -> tuple[int, ...]:
        return tuple(s.size for s in self.sizes if s.internal)

    @property
    def externally_stable(self) -> tuple[int, ...]:
        return tuple(s.size for s in self.sizes if s.external)

    @property
    def ties_decided(self) -> tuple[int, ...]:
        """Sizes whose verdict depended on the tie convention."""
        return tuple(s.size for s in self.sizes if s.internal_tie or s.external_tie)

    def member_payoff(self, k: int) -> Any:
        """:math:`\\pi_s(k)`."""
        return self.outcomes[k].member_payoff

    def outsider_payoff(self, k: int) -> Any:
        """:math:`\\pi_n(k)`."""
        return self.outcomes[k].outsider_payoff

    def to_dict(self) -> dict[str, Any]:
        return {
            "num_players": self.num_players,
            "timing": self.timing,
            "fringe": self.fringe,
            "ties": self.ties,
            "exact": self.exact,
            "tol": self.tol,
            "stable_sizes": list(self.stable_sizes),
            "internally_stable": list(self.internally_stable),
            "externally_stable": list(self.externally_stable),
            "ties_decided": list(self.ties_decided),
            "sizes": [s.to_dict() for s in self.sizes],
            "outcomes": [o.to_dict() for o in self.outcomes],
        }

    def to_markdown(self) -> str:
        """A Markdown table of payoffs, margins and verdicts by size."""
        lines = [
            "| k | pi_s(k) | pi_n(k) | I(k) | E(k) | internal | external | stable |",
            "|---|---|---|---|---|---|---|---|",
        ]

        def show(value: Any) -> str:
            return "-" if value is None else format_number(value)

        for s in self.sizes:
            lines.append(
                f"| {s.size} | {show(s.member_payoff)} | {show(s.outsider_payoff)} | "
                f"{show(s.internal_margin)}{' (tie)' if s.internal_tie else ''} | "
                f"{show(s.external_margin)}{' (tie)' if s.external_tie else ''} | "
                f"{'yes' if s.internal else 'no'} | {'yes' if s.external else 'no'} | "
                f"{'**yes**' if s.stable else 'no'} |"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"CoalitionStability(N={self.num_players}, {self.timing}, ties={self.ties!r}, "
            f"stable_sizes={list(self.stable_sizes)})"
        )


def _verdict(margin: Any, scale: Any, tie_stable: bool, exact: bool, tol: float) -> tuple:
    if exact:
        tie = margin == 0
    else:
        tie = abs(float(margin)) <= tol * max(1.0, float(scale))
    holds = tie_stable if tie else margin > 0
    return holds, tie


def coalition_stability(
    game: CoalitionGame,
    values: Mapping[Any, Any] | None = None,
    *,
    timing: Timing = "nash",
    ties: Ties = "stay",
    method: Method = "auto",
    tol: float | None = None,
) -> CoalitionStability:
    """Internal and external stability of every coalition size, and the stable sizes.

    Parameters
    ----------
    game
        A :class:`~dualdilemma.coalitions.game.CoalitionGame`.
    values
        Values of every parameter and of a symbolic :math:`N`.
    timing
        ``"nash"`` or ``"stackelberg"`` (signatories lead).
    ties
        What an indifferent player does: ``"stay"`` (default; weak inequalities), ``"join"``,
        ``"leave"`` or ``"move"`` (see the module docstring).  Reported in the result.
    method, tol
        As in :func:`~dualdilemma.coalitions.equilibrium.coalition_outcome`; ``tol`` is also
        the relative tie tolerance of float margins.

    Returns
    -------
    CoalitionStability

    Examples
    --------
    Linear benefit :math:`bQ`, quadratic cost :math:`c q^2 / 2` (Carraro and Siniscalco 1993;
    Hoel 1992), :math:`N = 5`: the members of a coalition of three are indifferent about
    leaving, so the tie convention decides.

    >>> game = CoalitionGame("b*Q - c*q**2/2", ["b", "c"], num_players=5)
    >>> coalition_stability(game, {"b": 1, "c": 1}, ties="join").stable_sizes
    (3,)
    >>> coalition_stability(game, {"b": 1, "c": 1}, ties="stay").stable_sizes
    (2, 3)
    """
    ties = check_ties(ties)
    solver = _solver(game, values, timing, method, tol)
    n = solver.bound.num_players
    outcomes = tuple(solver.solve(k) for k in range(n + 1))
    exact = all(o.exact for o in outcomes)
    internal_tie_stable, external_tie_stable = TIE_CONVENTIONS[ties]
    sizes = []
    for k in range(1, n + 1):
        pi_s = outcomes[k].member_payoff
        pi_n = outcomes[k].outsider_payoff
        left = outcomes[k - 1].outsider_payoff
        internal_margin = _difference(pi_s, left, exact)
        internal, internal_tie = _verdict(
            internal_margin, max(abs(pi_s), abs(left)), internal_tie_stable, exact, solver.tol
        )
        if k < n:
            joined = outcomes[k + 1].member_payoff
            external_margin = _difference(pi_n, joined, exact)
            external, external_tie = _verdict(
                external_margin,
                max(abs(pi_n), abs(joined)),
                external_tie_stable,
                exact,
                solver.tol,
            )
        else:
            external_margin, external, external_tie = None, True, False
        sizes.append(
            SizeStability(
                size=k,
                member_payoff=pi_s,
                outsider_payoff=pi_n,
                internal_margin=internal_margin,
                external_margin=external_margin,
                internal=bool(internal),
                external=bool(external),
                internal_tie=bool(internal_tie),
                external_tie=bool(external_tie),
            )
        )
    return CoalitionStability(
        num_players=n,
        timing=solver.timing,
        fringe=solver.bound.fringe,
        ties=ties,
        exact=exact,
        tol=0.0 if exact else solver.tol,
        outcomes=outcomes,
        sizes=tuple(sizes),
    )


def _difference(a: Any, b: Any, exact: bool) -> Any:
    if exact:
        return Fraction(a) - Fraction(b)
    return float(a) - float(b)
