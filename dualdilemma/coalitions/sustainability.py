r"""Self-enforcing coalitions: best one-shot deviations and grim-trigger discount factors.

**A coalition in the repeated game.**  The stage game is the symmetric game of
:mod:`~dualdilemma.coalitions.game` with a coalition of :math:`k` members playing the outcome
of :mod:`~dualdilemma.coalitions.equilibrium` (members :math:`s`, outsiders :math:`f`).  A member
that deviates for one period best-responds to the others' actions, held fixed,

.. math::

    \pi_D(k) = \max_{x \in [\underline q, \overline q]} u(x,\; x + (k - 1) s + (N - k) f),

and after a detected deviation play reverts for ever to the non-cooperative outcome
(:math:`k = 0`), worth :math:`\pi_N = \pi_n(0)` (the symmetric stage Nash equilibrium when the
fringe is ``"cournot"``).  The critical discount factor is then Friedman's (1971)
:math:`\delta^*(k)` from :func:`~dualdilemma.repeated.critical_discount.critical_discount`
with :math:`\pi_C = \pi_s(k)`, :math:`\pi_D(k)`, :math:`\pi_N` and a detection probability
:math:`\beta`.  For :math:`k = N` this is the classic collusion problem: linear Cournot
duopoly gives :math:`\delta^* = 9/17`.  The deviation is a simultaneous-move best reply: the
fringe does not react within the period of the deviation, whatever the timing of the stage game.

The deviation's maximisation is solved exactly when its first-order condition is polynomial in
the action: every real root in the action interval and every bound is a candidate and the best
candidate is the global maximum (a payoff that keeps rising beyond them is reported).
Otherwise :func:`scipy.optimize.minimize_scalar` is used and the optimum checked at nearby
actions.

**Independent demand states** (Rotemberg and Saloner 1986).  When the stage game's state
:math:`\omega` is drawn independently each period with probabilities :math:`p_\omega` and
observed before play, cooperating in state :math:`\omega` is worth
:math:`c_\omega + \frac{\delta}{1 - \delta} \mathbb{E}c` and deviating
:math:`d_\omega + \frac{\delta}{1 - \delta} \mathbb{E}p`.  Cooperation holds in state
:math:`\omega` iff :math:`d_\omega - c_\omega \le \frac{\delta}{1-\delta}(\mathbb{E}c -
\mathbb{E}p)`, which is exactly the grim-trigger condition for per-period payoffs
:math:`(\mathbb{E}c,\; \mathbb{E}c + d_\omega - c_\omega,\; \mathbb{E}p)`, so
:func:`~dualdilemma.repeated.critical_discount.critical_discount` gives each state's threshold;
the binding state is the one with the largest threshold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from dualdilemma._numbers import format_number, to_fraction
from dualdilemma.coalitions._exact import NotApplicable, as_float, as_sympy
from dualdilemma.coalitions.best_reply import X, exact_maximum, numeric_maximum
from dualdilemma.coalitions.equilibrium import CoalitionOutcome, Method, Timing, _Solver, _solver
from dualdilemma.coalitions.game import CoalitionGame
from dualdilemma.errors import InvalidParameterError, UnsupportedGameError
from dualdilemma.repeated.critical_discount import (
    CriticalDiscount,
    check_detection,
    critical_discount,
)

__all__ = [
    "Deviation",
    "CoalitionDiscount",
    "StateContingentDiscount",
    "best_deviation",
    "coalition_discount",
    "coalition_discounts",
    "state_contingent_discount",
]


@dataclass(frozen=True)
class Deviation:
    """A member's best one-shot deviation from the outcome with ``size`` members."""

    size: int
    action: Any
    payoff: Any
    cooperative_action: Any
    cooperative_payoff: Any
    exact: bool
    method: str

    @property
    def gain(self) -> Any:
        """:math:`\\pi_D - \\pi_C \\ge 0`."""
        return self.payoff - self.cooperative_payoff

    def to_dict(self) -> dict[str, Any]:
        from dualdilemma.solvers.result import json_number

        return {
            "size": self.size,
            "action": json_number(self.action),
            "payoff": json_number(self.payoff),
            "cooperative_action": json_number(self.cooperative_action),
            "cooperative_payoff": json_number(self.cooperative_payoff),
            "gain": json_number(self.gain),
            "exact": self.exact,
            "method": self.method,
        }


@dataclass(frozen=True)
class CoalitionDiscount:
    """Grim-trigger sustainability of a coalition of ``size`` members.

    ``critical`` is the :class:`~dualdilemma.repeated.critical_discount.CriticalDiscount` of
    :math:`(\\pi_s(k), \\pi_D(k), \\pi_n(0), \\beta)`.
    """

    size: int
    outcome: CoalitionOutcome
    deviation: Deviation
    punishment: Any
    critical: CriticalDiscount

    @property
    def value(self) -> Any:
        """:math:`\\delta^*` (``None`` when the coalition can never be sustained)."""
        return self.critical.value

    @property
    def status(self) -> str:
        return self.critical.status

    def to_dict(self) -> dict[str, Any]:
        from dualdilemma.solvers.result import json_number

        return {
            "size": self.size,
            "punishment": json_number(self.punishment),
            "deviation": self.deviation.to_dict(),
            "critical_discount": self.critical.to_dict(),
            "outcome": self.outcome.to_dict(),
        }

    def __repr__(self) -> str:
        shown = "never" if self.value is None else format_number(self.value)
        return f"CoalitionDiscount(k={self.size}, delta*={shown}, status={self.status!r})"


def _deviation(solver: _Solver, outcome: CoalitionOutcome) -> tuple[Any, Any, str]:
    """The best reply of one member to the others' outcome actions: (action, payoff, method)."""
    bound = solver.bound
    k, n = outcome.size, bound.num_players
    what = f"a member deviating from a coalition of {k}"
    actions = [outcome.member_action] + ([outcome.outsider_action] if k < n else [])
    exact_actions = all(isinstance(v, Fraction) for v in actions)
    if solver.method != "numeric" and (exact_actions or solver.method == "symbolic"):
        exact = [to_fraction(v) for v in actions]
        others = (k - 1) * exact[0] + ((n - k) * exact[1] if k < n else 0)
        objective = bound.payoff.xreplace({bound.own: X, bound.total: X + as_sympy(others)})
        try:
            action, payoff = exact_maximum(objective, solver.lower, solver.upper, what=what)
        except NotApplicable as exc:
            if solver.method == "symbolic":
                raise UnsupportedGameError(
                    f"the deviation from a coalition of {k} has no closed form ({exc}); use "
                    "method='numeric'"
                ) from None
        else:
            if not isinstance(payoff, Fraction):
                action, payoff = as_float(action), as_float(payoff)
            return action, payoff, "symbolic"
    others_float = (k - 1) * float(outcome.member_action)
    if k < n:
        others_float += (n - k) * float(outcome.outsider_action)
    objective = bound.payoff.xreplace({bound.own: X, bound.total: X + others_float})
    lower = None if solver.lower is None else float(solver.lower)
    upper = None if solver.upper is None else float(solver.upper)
    action, payoff = numeric_maximum(
        objective, lower, upper, float(outcome.member_action), solver.tol, what=what
    )
    cooperative = float(outcome.member_payoff)
    if payoff - cooperative <= solver.tol * max(1.0, abs(cooperative)):
        # no profitable deviation up to the tolerance: staying put is a best reply
        action, payoff = float(outcome.member_action), cooperative
    return action, payoff, "numeric"


def _check_member_size(size: Any, n: int) -> int:
    if isinstance(size, bool) or not isinstance(size, int | np.integer):
        raise InvalidParameterError(f"coalition size must be an int in 1..{n}, got {size!r}")
    if not 1 <= int(size) <= n:
        raise InvalidParameterError(
            f"a deviation needs a coalition with members: size must be in 1..{n}, got {size}"
        )
    return int(size)


def _deviation_record(solver: _Solver, outcome: CoalitionOutcome) -> Deviation:
    action, payoff, method = _deviation(solver, outcome)
    exact = outcome.exact and isinstance(payoff, Fraction)
    if not exact:
        action, payoff = float(action), float(payoff)
    cooperative = outcome.member_payoff if exact else float(outcome.member_payoff)
    return Deviation(
        size=outcome.size,
        action=action,
        payoff=payoff,
        cooperative_action=outcome.member_action if exact else float(outcome.member_action),
        cooperative_payoff=cooperative,
        exact=exact,
        method=method,
    )


def best_deviation(
    game: CoalitionGame,
    size: int,
    values: Mapping[Any, Any] | None = None,
    *,
    timing: Timing = "nash",
    method: Method = "auto",
    tol: float | None = None,
) -> Deviation:
    """A member's best one-shot deviation from the outcome with ``size`` members.

    Parameters are those of :func:`~dualdilemma.coalitions.equilibrium.coalition_outcome`;
    ``size`` must be in ``1..N``.

    Examples
    --------
    Cournot duopoly, demand :math:`1 - Q`: from the collusive output 1/4 the best reply is 3/8.

    >>> game = CoalitionGame("q*(1 - Q)", num_players=2, lower=0)
    >>> d = best_deviation(game, 2)
    >>> d.action, d.payoff, d.cooperative_payoff
    (Fraction(3, 8), Fraction(9, 64), Fraction(1, 8))
    """
    solver = _solver(game, values, timing, method, tol)
    k = _check_member_size(size, solver.bound.num_players)
    return _deviation_record(solver, solver.solve(k))


def _discount(solver: _Solver, k: int, punishment: Any, detection: Any) -> CoalitionDiscount:
    outcome = solver.solve(k)
    deviation = _deviation_record(solver, outcome)
    exact = deviation.exact and isinstance(punishment, Fraction)
    cooperate = outcome.member_payoff if exact else float(outcome.member_payoff)
    punish = punishment if exact else float(punishment)
    critical = critical_discount(cooperate, deviation.payoff, punish, detection)
    return CoalitionDiscount(k, outcome, deviation, punish, critical)


def coalition_discount(
    game: CoalitionGame,
    size: int,
    values: Mapping[Any, Any] | None = None,
    *,
    timing: Timing = "nash",
    detection: Any = 1,
    method: Method = "auto",
    tol: float | None = None,
) -> CoalitionDiscount:
    """Grim-trigger critical discount factor of a coalition of ``size`` members.

    Parameters
    ----------
    game, size, values, timing, method, tol
        As in :func:`~dualdilemma.coalitions.equilibrium.coalition_outcome` (``size`` in
        ``1..N``).
    detection
        :math:`\\beta \\in (0, 1]`, the per-period probability that a deviation is detected.

    Examples
    --------
    Friedman (1971) collusion in linear Cournot duopoly: :math:`\\delta^* = 9/17`.

    >>> game = CoalitionGame("q*(1 - Q)", num_players=2, lower=0)
    >>> coalition_discount(game, 2)
    CoalitionDiscount(k=2, delta*=9/17, status='threshold')
    >>> coalition_discount(game, 2, detection="1/2").value
    Fraction(9, 13)
    """
    beta = check_detection(detection)
    solver = _solver(game, values, timing, method, tol)
    k = _check_member_size(size, solver.bound.num_players)
    punishment = solver.solve(0).outsider_payoff
    return _discount(solver, k, punishment, beta)


def coalition_discounts(
    game: CoalitionGame,
    values: Mapping[Any, Any] | None = None,
    *,
    timing: Timing = "nash",
    detection: Any = 1,
    method: Method = "auto",
    tol: float | None = None,
) -> tuple[CoalitionDiscount, ...]:
    """:func:`coalition_discount` for every size :math:`k = 1, \\dots, N`.

    >>> game = CoalitionGame("q*(1 - Q)", num_players=3, lower=0)
    >>> [d.status for d in coalition_discounts(game)]
    ['always', 'never', 'threshold']
    """
    beta = check_detection(detection)
    solver = _solver(game, values, timing, method, tol)
    punishment = solver.solve(0).outsider_payoff
    return tuple(
        _discount(solver, k, punishment, beta) for k in range(1, solver.bound.num_players + 1)
    )


# -- independent states ------------------------------------------------------------------------
@dataclass(frozen=True)
class StateContingentDiscount:
    """Grim-trigger thresholds with i.i.d. observed states (Rotemberg and Saloner 1986).

    ``states`` holds one :class:`~dualdilemma.repeated.critical_discount.CriticalDiscount` per
    state; ``value`` is the largest (the binding states are listed in ``binding``), ``None``
    when some state can never be held or when the thresholds are symbolic.
    """

    probabilities: tuple[Any, ...]
    expected_cooperate: Any
    expected_punish: Any
    states: tuple[CriticalDiscount, ...]
    value: Any
    status: str
    binding: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        from dualdilemma.solvers.result import json_number

        return {
            "probabilities": [json_number(p) for p in self.probabilities],
            "expected_cooperate": json_number(self.expected_cooperate),
            "expected_punish": json_number(self.expected_punish),
            "critical_discount": json_number(self.value),
            "status": self.status,
            "binding": list(self.binding),
            "states": [s.to_dict() for s in self.states],
        }


def _symbolic(value: Any) -> bool:
    return isinstance(value, sympy.Basic) and bool(value.free_symbols)


def state_contingent_discount(
    probabilities: Sequence[Any],
    cooperate: Sequence[Any],
    deviate: Sequence[Any],
    punish: Sequence[Any],
) -> StateContingentDiscount:
    """Critical discount factor when i.i.d. states are observed before play (see module doc).

    Parameters
    ----------
    probabilities
        :math:`p_\\omega`, nonnegative and summing to 1.
    cooperate, deviate, punish
        Per state: the cooperative payoff :math:`c_\\omega`, the best one-shot deviation
        :math:`d_\\omega` and the punishment payoff :math:`p_\\omega`.  Numbers (exact unless
        floats) or sympy expressions.

    Examples
    --------
    Rotemberg and Saloner (1986): Bertrand duopoly, monopoly profits 1 (low demand) and 2
    (high demand) with equal chances; a firm undercutting in a boom takes the whole market.
    The boom binds, at :math:`2\\pi_H / (\\pi_L + 3\\pi_H) = 4/7`:

    >>> r = state_contingent_discount(["1/2", "1/2"], ["1/2", 1], [1, 2], [0, 0])
    >>> r.value, r.binding
    (Fraction(4, 7), (1,))
    """
    lengths = {len(probabilities), len(cooperate), len(deviate), len(punish)}
    if len(lengths) != 1 or 0 in lengths:
        raise InvalidParameterError(
            "probabilities, cooperate, deviate and punish need one entry per state (at least "
            f"one state); got lengths {len(probabilities)}, {len(cooperate)}, {len(deviate)}, "
            f"{len(punish)}"
        )
    everything = [*probabilities, *cooperate, *deviate, *punish]
    symbolic = any(_symbolic(v) for v in everything)
    exact = not any(isinstance(v, float | np.floating) for v in everything)
    if symbolic:
        p = [sympy.sympify(v) for v in probabilities]
        c, d, q = ([sympy.sympify(v) for v in seq] for seq in (cooperate, deviate, punish))
    elif exact:
        p = [to_fraction(v, what="a state probability") for v in probabilities]
        c, d, q = (
            [to_fraction(v, what=what) for v in seq]
            for seq, what in ((cooperate, "cooperate"), (deviate, "deviate"), (punish, "punish"))
        )
    else:
        p = [float(v) for v in probabilities]
        c, d, q = ([float(v) for v in seq] for seq in (cooperate, deviate, punish))
    if not symbolic:
        bad = [v for v in p if not 0 <= v <= 1]
        if bad:
            raise InvalidParameterError(f"state probabilities must be in [0, 1], got {bad[0]}")
        total = sum(p)
        if (exact and total != 1) or (not exact and abs(total - 1) > 1e-12):
            raise InvalidParameterError(f"state probabilities must sum to 1, got {total}")
    expected_c = sum(pi * ci for pi, ci in zip(p, c, strict=True))
    expected_q = sum(pi * qi for pi, qi in zip(p, q, strict=True))
    if symbolic:
        expected_c, expected_q = sympy.simplify(expected_c), sympy.simplify(expected_q)
    states = tuple(
        critical_discount(expected_c, expected_c + (di - ci), expected_q)
        for ci, di in zip(c, d, strict=True)
    )
    if any(s.status == "symbolic" for s in states):
        return StateContingentDiscount(
            tuple(p), expected_c, expected_q, states, None, "symbolic", ()
        )
    never = tuple(i for i, s in enumerate(states) if s.status == "never")
    if never:
        return StateContingentDiscount(
            tuple(p), expected_c, expected_q, states, None, "never", never
        )
    value = max(s.value for s in states)
    binding = tuple(i for i, s in enumerate(states) if s.value == value)
    status = "always" if value == 0 else "threshold"
    return StateContingentDiscount(tuple(p), expected_c, expected_q, states, value, status, binding)
