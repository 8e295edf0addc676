r"""First- and second-order conditions of the coalition game with k members.

With :math:`u_1, u_2, u_{11}, u_{12}, u_{22}` the partial derivatives of :math:`u(q, Q)`, members
playing :math:`s`, outsiders :math:`f` and :math:`Q = k s + (N - k) f`:

* the coalition's condition for a common action, :math:`g_s = u_1(s, Q) + k u_2(s, Q)`;
  its curvature along the common action :math:`u_{11} + 2k u_{12} + k^2 u_{22}`, and across
  members (shifting output between them) :math:`u_{11}`;
* a ``"cournot"`` outsider's condition :math:`g_f = u_1(f, Q) + u_2(f, Q)` with curvature
  :math:`u_{11} + 2u_{12} + u_{22}`; a ``"price_taking"`` one's :math:`g_f = u_1(f, Q)` with
  curvature :math:`u_{11}`;
* the payoffs :math:`\pi_s = u(s, Q)` and :math:`\pi_n = u(f, Q)`.

With :math:`k = 0` there are no members (:math:`Q = N f`), with :math:`k = N` no outsiders
(:math:`Q = N s`).  :math:`k` may be the dummy :data:`K` (a generic size
:math:`1 \le k \le N - 1`) and :math:`N` a symbol.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

__all__ = ["S", "F", "K", "Structure", "structure", "Solution", "role"]

#: The members' common action, the outsiders' action and a generic coalition size.
S = sympy.Dummy("s", real=True)
F = sympy.Dummy("f", real=True)
K = sympy.Dummy("k", integer=True, positive=True)


@dataclass(frozen=True)
class Structure:
    """The expressions of the game with ``k`` members (``k`` an int or the dummy ``K``)."""

    k: Any
    n: Any
    members: bool
    outsiders: bool
    payoff: sympy.Expr
    aggregate: sympy.Expr
    g_s: sympy.Expr | None
    g_f: sympy.Expr | None
    soc_s: sympy.Expr | None
    split_s: sympy.Expr | None
    soc_f: sympy.Expr | None
    pi_s: sympy.Expr | None
    pi_n: sympy.Expr | None


def structure(
    payoff: sympy.Expr, own: sympy.Symbol, total: sympy.Symbol, n: Any, k: Any, fringe: str
) -> Structure:
    """The conditions of the module docstring with ``k`` members among ``n`` players.

    >>> q, Q = sympy.symbols("q Q")
    >>> st = structure(q * (1 - Q), q, Q, 3, 2, "cournot")
    >>> st.g_s.xreplace({S: sympy.Rational(1, 6), F: sympy.Rational(1, 3)})
    0
    """
    u1 = sympy.diff(payoff, own)
    u2 = sympy.diff(payoff, total)
    u11 = sympy.diff(u1, own)
    u12 = sympy.diff(u1, total)
    u22 = sympy.diff(u2, total)
    members = not (isinstance(k, int) and k == 0)
    outsiders = not (k is n or (isinstance(k, int) and isinstance(n, int) and k == n))
    if members and outsiders:
        aggregate = k * S + (n - k) * F
    elif members:
        aggregate = n * S
    else:
        aggregate = n * F
    at_s = {own: S, total: aggregate}
    at_f = {own: F, total: aggregate}
    if fringe == "cournot":
        g_f_raw, soc_f_raw = u1 + u2, u11 + 2 * u12 + u22
    else:
        g_f_raw, soc_f_raw = u1, u11
    return Structure(
        k=k,
        n=n,
        members=members,
        outsiders=outsiders,
        payoff=payoff,
        aggregate=aggregate,
        g_s=(u1 + k * u2).xreplace(at_s) if members else None,
        g_f=g_f_raw.xreplace(at_f) if outsiders else None,
        soc_s=(u11 + 2 * k * u12 + k**2 * u22).xreplace(at_s) if members else None,
        split_s=u11.xreplace(at_s) if members else None,
        soc_f=soc_f_raw.xreplace(at_f) if outsiders else None,
        pi_s=payoff.xreplace(at_s) if members else None,
        pi_n=payoff.xreplace(at_f) if outsiders else None,
    )


@dataclass(frozen=True)
class Solution:
    """A solver's answer at one size: the actions, where they lie, how, and the residual."""

    member_action: Any
    outsider_action: Any
    regime: str
    method: str
    residual: Any


def role(var: sympy.Symbol) -> str:
    """``"members"`` for :data:`S`, ``"fringe"`` for :data:`F`."""
    return "members" if var == S else "fringe"
