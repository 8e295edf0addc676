r"""The grim-trigger critical discount factor, with imperfect detection.

A player who cooperates forever earns :math:`\pi_C` per period; its best one-shot deviation earns
:math:`\pi_D` once; after a detected deviation everybody reverts forever to a punishment worth
:math:`\pi_N` per period (Friedman 1971).  If a deviation is detected with probability
:math:`\beta \in (0, 1]` each period (and a deviator who is not caught keeps deviating),
the value of deviating solves
:math:`V_D = \pi_D + \delta(\beta \pi_N / (1 - \delta) + (1 - \beta) V_D)`,
and cooperation is a best reply iff :math:`\pi_C / (1 - \delta) \ge V_D`, i.e.

.. math::

    \delta \ge \delta^* = \frac{\pi_D - \pi_C}{\pi_D - \pi_C + \beta (\pi_C - \pi_N)},

which is Friedman's :math:`(\pi_D - \pi_C) / (\pi_D - \pi_N)` at :math:`\beta = 1`.  Two cases
are not given by the formula and are reported by name: :math:`\pi_D \le \pi_C` (no profitable
deviation; :math:`\delta^* = 0`, status ``"always"``) and :math:`\pi_C \le \pi_N < \pi_D` (no
threat works; status ``"never"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import sympy

from dualdilemma._numbers import format_number, to_fraction
from dualdilemma.errors import InvalidParameterError

__all__ = ["CriticalDiscount", "critical_discount", "check_discount", "check_detection"]

Status = Literal["always", "threshold", "never", "symbolic"]


def check_discount(delta: Any, *, name: str = "discount") -> Any:
    """Validate a discount factor in ``[0, 1)``; returns it unchanged (symbols pass through)."""
    if isinstance(delta, sympy.Basic) and delta.free_symbols:
        return delta
    value = _as_number(delta, name)
    if not 0 <= value < 1:
        raise InvalidParameterError(f"{name} must be in [0, 1), got {delta!r}")
    return value


def check_detection(beta: Any, *, name: str = "detection") -> Any:
    """Validate a per-period detection probability in ``(0, 1]``."""
    if isinstance(beta, sympy.Basic) and beta.free_symbols:
        return beta
    value = _as_number(beta, name)
    if not 0 < value <= 1:
        raise InvalidParameterError(f"{name} must be in (0, 1], got {beta!r}")
    return value


def _as_number(value: Any, name: str) -> Any:
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise InvalidParameterError(f"{name} must be finite, got {value!r}")
        return value
    try:
        return to_fraction(value, what=name)
    except ValueError:
        raise InvalidParameterError(f"{name} must be a number, got {value!r}") from None


@dataclass(frozen=True)
class CriticalDiscount:
    """The smallest discount factor at which grim trigger sustains a profile for one player.

    Attributes
    ----------
    value
        :math:`\\delta^*` (a Fraction, float or sympy expression), ``0`` for ``"always"`` and
        ``None`` for ``"never"``.
    status
        ``"always"``, ``"threshold"``, ``"never"``, or ``"symbolic"`` when the payoffs contain
        free symbols (then ``value`` holds where ``condition`` holds).
    cooperate, deviate, punish, detection
        :math:`\\pi_C, \\pi_D, \\pi_N, \\beta`.
    condition
        For symbolic payoffs, the sympy condition under which ``value`` is the threshold
        (:math:`\\pi_D > \\pi_C > \\pi_N`).
    """

    value: Any
    status: Status
    cooperate: Any
    deviate: Any
    punish: Any
    detection: Any = 1
    condition: Any = None

    def sustainable_at(self, delta: Any) -> bool:
        """Whether grim trigger deters this player's deviation at discount factor ``delta``."""
        delta = check_discount(delta)
        if self.status == "always":
            return True
        if self.status == "never":
            return False
        if self.status == "symbolic":
            raise InvalidParameterError(
                "a symbolic critical discount factor cannot be compared with a number; "
                "substitute the parameters first"
            )
        return delta >= self.value

    def latex(self) -> str:
        if self.status == "never":
            return r"\text{never}"
        return sympy.latex(sympy.nsimplify(self.value) if self.status != "symbolic" else self.value)

    def to_dict(self) -> dict[str, Any]:
        from dualdilemma.solvers.result import json_number

        return {
            "status": self.status,
            "critical_discount": json_number(self.value),
            "cooperate": json_number(self.cooperate),
            "deviate": json_number(self.deviate),
            "punish": json_number(self.punish),
            "detection": json_number(self.detection),
        }

    def __repr__(self) -> str:
        shown = (
            "never"
            if self.value is None
            else (str(self.value) if self.status == "symbolic" else format_number(self.value))
        )
        return f"CriticalDiscount({shown}, status={self.status!r})"


def critical_discount(
    cooperate: Any, deviate: Any, punish: Any, detection: Any = 1
) -> CriticalDiscount:
    """Grim-trigger critical discount factor (Friedman 1971), with detection probability beta.

    Parameters
    ----------
    cooperate, deviate, punish
        Per-period payoffs :math:`\\pi_C`, :math:`\\pi_D` (best one-shot deviation) and
        :math:`\\pi_N` (punishment: stage Nash reversion or minmax).  Numbers (exact when given
        as ints, Fractions or strings) or sympy expressions.
    detection
        :math:`\\beta \\in (0, 1]`, the chance per period that a deviation is detected.

    Examples
    --------
    Prisoner's dilemma with T=5, R=3, P=1: :math:`\\delta^* = (5-3)/(5-1) = 1/2`.

    >>> critical_discount(3, 5, 1)
    CriticalDiscount(1/2, status='threshold')
    >>> critical_discount(3, 5, 1, detection="1/2").value
    Fraction(2, 3)
    >>> critical_discount(3, 2, 1).status, critical_discount(1, 5, 3).status
    ('always', 'never')

    Symbolic payoffs give a closed form:

    >>> import sympy
    >>> n = sympy.Symbol("n", positive=True)
    >>> critical_discount(1 / n, 1, 0).value  # Bertrand with n firms
    (n - 1)/n
    """
    beta = check_detection(detection)
    values = (cooperate, deviate, punish, beta)
    if any(isinstance(v, sympy.Basic) and v.free_symbols for v in values):
        c, d, p, b = (sympy.sympify(v) for v in values)
        value = sympy.simplify((d - c) / (d - c + b * (c - p)))
        condition = sympy.And(d > c, c > p)
        return CriticalDiscount(value, "symbolic", c, d, p, b, condition)
    exact = not any(isinstance(v, float) for v in values)
    if exact:
        c, d, p = (
            to_fraction(v, what=name)
            for v, name in zip(values[:3], ("cooperate", "deviate", "punish"), strict=True)
        )
        b: Any = to_fraction(beta, what="detection")
    else:
        c, d, p, b = (float(v) for v in values)
    if d <= c:
        return CriticalDiscount(Fraction(0) if exact else 0.0, "always", c, d, p, b)
    if c <= p:
        return CriticalDiscount(None, "never", c, d, p, b)
    return CriticalDiscount((d - c) / (d - c + b * (c - p)), "threshold", c, d, p, b)
