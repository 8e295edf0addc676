r"""Closed forms of coalition outcomes as functions of the coalition size k and of N.

For the model of :mod:`~dualdilemma.coalitions.equilibrium`, sympy solves the interior
first-order conditions with the coalition size :math:`k` (and, when the game's number of
players is a symbol, :math:`N`) left symbolic:

* Nash timing: :math:`g_s = u_1(s, Q) + k u_2(s, Q) = 0` and :math:`g_f = 0` jointly in
  :math:`(s, f)`;
* Stackelberg timing: :math:`g_f = 0` for the fringe's reaction :math:`f(s)` (which must be
  unique), then :math:`V'(s) = 0` for :math:`V(s) = k\,u(s, k s + (N - k) f(s))`.

The general formulas hold for :math:`1 \le k \le N - 1`; the non-cooperative outcome
(:math:`k = 0`) and the grand coalition (:math:`k = N`) are solved separately, and the result
says whether the general formulas extend to them.  The stability margins

.. math::

    I(k) = \pi_s(k) - \pi_n(k - 1), \qquad E(k) = \pi_n(k) - \pi_s(k + 1)

(d'Aspremont et al. 1983) come out factored.  Only interior solutions are given in closed form;
``condition`` collects what makes them valid (actions within their bounds, second-order
conditions), and :func:`~dualdilemma.coalitions.equilibrium.coalition_outcome` handles corners.

Example: with linear benefits and quadratic costs, :math:`u = bQ - c q^2/2` (Hoel 1992;
Carraro and Siniscalco 1993), :math:`I(k) = -b^2 (k - 1)(k - 3) / (2c)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from dualdilemma._numbers import to_fraction
from dualdilemma.coalitions._exact import numerator
from dualdilemma.coalitions.conditions import F, S, structure
from dualdilemma.coalitions.equilibrium import Timing, check_timing
from dualdilemma.coalitions.game import CoalitionGame
from dualdilemma.errors import InvalidParameterError, UnsupportedGameError

__all__ = ["CoalitionClosedForm", "coalition_closed_form"]


@dataclass(frozen=True)
class CoalitionClosedForm:
    """Interior coalition outcomes in closed form (see the module docstring).

    Attributes
    ----------
    size
        The symbol :math:`k` (a positive integer).
    num_players
        :math:`N`: an int or a symbol.
    member_action, outsider_action, total, member_payoff, outsider_payoff
        :math:`s(k), f(k), Q(k), \\pi_s(k), \\pi_n(k)` for :math:`1 \\le k \\le N - 1`.
    noncooperative_action, noncooperative_payoff
        Each player's action and payoff with no coalition (:math:`k = 0`).
    grand_action, grand_payoff
        Each player's action and payoff in the grand coalition (:math:`k = N`).
    extends_to_none, extends_to_grand
        Whether the general formulas give the :math:`k = 0` (resp. :math:`k = N`) outcome.
    internal_margin, external_margin
        :math:`I(k) = \\pi_s(k) - \\pi_n(k-1)` for :math:`2 \\le k \\le N - 1` and
        :math:`E(k) = \\pi_n(k) - \\pi_s(k+1)` for :math:`1 \\le k \\le N - 2` (wider ranges
        when the formulas extend; see ``internal_range`` and ``external_range``).
    internal_range, external_range
        The sizes ``(first, last)`` for which the margins hold, with ``last`` an expression in
        :math:`N`.
    condition
        When the interior formulas are the outcome: bounds and second-order conditions.
    """

    timing: str
    fringe: str
    size: sympy.Symbol
    num_players: Any
    member_action: sympy.Expr
    outsider_action: sympy.Expr
    total: sympy.Expr
    member_payoff: sympy.Expr
    outsider_payoff: sympy.Expr
    noncooperative_action: sympy.Expr
    noncooperative_payoff: sympy.Expr
    grand_action: sympy.Expr
    grand_payoff: sympy.Expr
    extends_to_none: bool
    extends_to_grand: bool
    internal_margin: sympy.Expr
    external_margin: sympy.Expr
    internal_range: tuple[Any, Any]
    external_range: tuple[Any, Any]
    condition: Any

    def member_payoff_at(self, k: Any, values: Mapping[Any, Any] | None = None) -> sympy.Expr:
        """:math:`\\pi_s(k)` with the special cases ``k = N`` handled."""
        return self._at("member", k, values)

    def outsider_payoff_at(self, k: Any, values: Mapping[Any, Any] | None = None) -> sympy.Expr:
        """:math:`\\pi_n(k)` with the special case ``k = 0`` handled."""
        return self._at("outsider", k, values)

    def _at(self, who: str, k: Any, values: Mapping[Any, Any] | None) -> sympy.Expr:
        replace = _replacement(self, values)
        n = sympy.sympify(self.num_players).xreplace(replace)
        k = sympy.sympify(k)
        if who == "member":
            if k == 0:
                raise InvalidParameterError("there is no member payoff with k = 0")
            expr = self.grand_payoff if k == n else self.member_payoff.xreplace({self.size: k})
        else:
            if k == n:
                raise InvalidParameterError("there is no outsider payoff with k = N")
            expr = (
                self.noncooperative_payoff
                if k == 0
                else self.outsider_payoff.xreplace({self.size: k})
            )
        return sympy.factor(sympy.cancel(expr.xreplace(replace)))

    def latex(self) -> dict[str, str]:
        """LaTeX of the main formulas."""
        return {
            "member_payoff": sympy.latex(self.member_payoff),
            "outsider_payoff": sympy.latex(self.outsider_payoff),
            "internal_margin": sympy.latex(self.internal_margin),
            "external_margin": sympy.latex(self.external_margin),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "timing": self.timing,
            "fringe": self.fringe,
            "size": str(self.size),
            "num_players": str(self.num_players),
            "member_action": str(self.member_action),
            "outsider_action": str(self.outsider_action),
            "total": str(self.total),
            "member_payoff": str(self.member_payoff),
            "outsider_payoff": str(self.outsider_payoff),
            "noncooperative_action": str(self.noncooperative_action),
            "noncooperative_payoff": str(self.noncooperative_payoff),
            "grand_action": str(self.grand_action),
            "grand_payoff": str(self.grand_payoff),
            "extends_to_none": self.extends_to_none,
            "extends_to_grand": self.extends_to_grand,
            "internal_margin": str(self.internal_margin),
            "external_margin": str(self.external_margin),
            "internal_range": [str(x) for x in self.internal_range],
            "external_range": [str(x) for x in self.external_range],
            "condition": str(self.condition),
        }

    def __repr__(self) -> str:
        return (
            f"CoalitionClosedForm({self.timing}, pi_s={self.member_payoff}, "
            f"pi_n={self.outsider_payoff})"
        )


def _replacement(form: CoalitionClosedForm, values: Mapping[Any, Any] | None) -> dict:
    if not values:
        return {}
    symbols = set().union(
        *(
            getattr(form, name).free_symbols
            for name in ("member_payoff", "outsider_payoff", "grand_payoff")
        )
    )
    if isinstance(form.num_players, sympy.Symbol):
        symbols.add(form.num_players)
    by_name = {s.name: s for s in symbols}
    out = {}
    for key, value in values.items():
        name = key if isinstance(key, str) else key.name
        if name not in by_name:
            raise InvalidParameterError(
                f"unknown symbol {name!r}; the closed form uses {sorted(by_name)}"
            )
        exact = to_fraction(value, what=f"value of {name}")
        out[by_name[name]] = sympy.Rational(exact.numerator, exact.denominator)
    return out


def _tidy(expr: sympy.Expr) -> sympy.Expr:
    return sympy.factor(sympy.cancel(sympy.together(expr)))


def _orient(expr: sympy.Expr, k: sympy.Symbol, n: Any) -> sympy.Expr:
    """Write linear factors such as ``k - n - 1`` as ``n - k + 1`` (value unchanged)."""
    if not isinstance(n, sympy.Symbol):
        return expr
    sign = 1
    parts = []
    for factor in sympy.Mul.make_args(expr):
        base, exponent = factor.as_base_exp()
        if (
            base.is_Add
            and sympy.Poly(base, k, n).total_degree() == 1
            and base.coeff(k).is_positive
            and base.coeff(n).is_negative
            and exponent.is_Integer
        ):
            base = sympy.expand(-base)
            sign = -sign if int(exponent) % 2 else sign
        parts.append(sympy.Pow(base, exponent))
    return sign * sympy.Mul(*parts)


def _unique(
    solutions: list[dict], unknown: sympy.Symbol, what: str, *, depends: tuple = ()
) -> sympy.Expr:
    values = {_tidy(s[unknown]) for s in solutions if unknown in s}
    banned = [x for x in (S, F) if x not in depends]
    if len(values) != 1 or any(v.has(*banned) for v in values):
        raise UnsupportedGameError(
            f"{what}: the first-order conditions have {len(values)} solutions in closed form; "
            "a closed form needs exactly one (use coalition_outcome for numbers)"
        )
    return values.pop()


def _solve_all(equations: list[sympy.Expr], unknowns: list[sympy.Symbol]) -> list[dict]:
    try:
        return sympy.solve(equations, unknowns, dict=True)
    except NotImplementedError as exc:
        raise UnsupportedGameError(
            f"sympy could not solve the first-order conditions: {exc}"
        ) from None


def coalition_closed_form(
    game: CoalitionGame,
    *,
    timing: Timing = "nash",
    values: Mapping[Any, Any] | None = None,
    size_symbol: str = "k",
) -> CoalitionClosedForm:
    """Interior coalition outcomes and stability margins in closed form, in k and N.

    Parameters
    ----------
    game
        A :class:`~dualdilemma.coalitions.game.CoalitionGame`; its number of players may be a
        symbol.
    timing
        ``"nash"`` or ``"stackelberg"``.
    values
        Optional values for some parameters (the others stay symbolic).
    size_symbol
        The name of the coalition-size symbol (default ``"k"``).

    Returns
    -------
    CoalitionClosedForm

    Raises
    ------
    UnsupportedGameError
        When sympy finds no unique interior solution.

    Examples
    --------
    Linear benefit, quadratic cost (Carraro and Siniscalco 1993): the internal-stability
    margin vanishes at k = 1 and k = 3.

    >>> game = CoalitionGame("b*Q - c*q**2/2", ["b", "c"], num_players="N")
    >>> form = coalition_closed_form(game)
    >>> form.member_payoff
    b**2*(2*N + k**2 - 2*k)/(2*c)
    >>> form.internal_margin
    -b**2*(k - 3)*(k - 1)/(2*c)

    Stackelberg cartel with a Cournot fringe, linear demand (Shaffer 1995):

    >>> cournot = CoalitionGame("q*(1 - Q)", num_players="n")
    >>> shaffer = coalition_closed_form(cournot, timing="stackelberg")
    >>> shaffer.member_payoff, shaffer.outsider_payoff
    (1/(4*k*(-k + n + 1)), 1/(4*(-k + n + 1)**2))
    >>> k, n = shaffer.size, shaffer.num_players
    >>> top = sympy.numer(shaffer.internal_margin)  # Shaffer's (n-k+2)^2 - k(n-k+1)
    >>> sympy.expand(top - ((n - k + 2)**2 - k*(n - k + 1)))
    0
    """
    if not isinstance(game, CoalitionGame):
        raise UnsupportedGameError(f"expected a CoalitionGame, got {type(game).__name__}")
    timing = check_timing(timing)
    if not isinstance(size_symbol, str) or not size_symbol.isidentifier():
        raise InvalidParameterError(f"size_symbol must be an identifier, got {size_symbol!r}")
    taken = {p.name for p in game.parameters} | {game.own.name, game.total.name}
    if game.num_players_parameter is not None:
        taken.add(game.num_players_parameter.name)
    if size_symbol in taken:
        raise InvalidParameterError(
            f"the size symbol {size_symbol!r} is already used by the game; choose another "
            "size_symbol"
        )
    replace, _, _ = game.substitution(values, require_all=False)
    payoff = game.payoff.xreplace(replace)
    n = game.num_players
    if isinstance(n, sympy.Symbol) and n in replace:
        n = int(replace[n])
    k = sympy.Symbol(size_symbol, integer=True, positive=True)
    lower = None if game.lower is None else game.lower.xreplace(replace)
    upper = None if game.upper is None else game.upper.xreplace(replace)
    args = (payoff, game.own, game.total)
    st = structure(*args, n, k, game.fringe)
    if timing == "nash":
        solutions = _solve_all([numerator(st.g_s), numerator(st.g_f)], [S, F])
        s = _unique(solutions, S, "members' action")
        f = _unique(solutions, F, "fringe action")
        second_order = [st.soc_s, st.split_s, st.soc_f]
    else:
        reaction = _unique(_solve_all([numerator(st.g_f)], [F]), F, "fringe reaction", depends=(S,))
        value = k * st.pi_s.xreplace({F: reaction})
        derivative = sympy.diff(value, S)
        s = _unique(_solve_all([numerator(derivative)], [S]), S, "leader's action")
        f = _tidy(reaction.xreplace({S: s}))
        second_order = [sympy.diff(value, S, 2), st.split_s, st.soc_f]
    point = {S: s, F: f}
    total = _tidy(st.aggregate.xreplace(point))
    pi_s = _tidy(st.pi_s.xreplace(point))
    pi_n = _tidy(st.pi_n.xreplace(point))
    none = structure(*args, n, 0, game.fringe)
    f0 = _unique(_solve_all([numerator(none.g_f)], [F]), F, "non-cooperative action")
    pi_0 = _tidy(none.pi_n.xreplace({F: f0}))
    grand = structure(*args, n, n, game.fringe)
    s_n = _unique(_solve_all([numerator(grand.g_s)], [S]), S, "grand-coalition action")
    pi_grand = _tidy(grand.pi_s.xreplace({S: s_n}))
    extends_to_none = _is_zero(pi_n.xreplace({k: 0}) - pi_0) and _is_zero(f.xreplace({k: 0}) - f0)
    extends_to_grand = _is_zero(pi_s.xreplace({k: n}) - pi_grand)
    internal = _tidy(pi_s - pi_n.xreplace({k: k - 1}))
    external = _tidy(pi_n - pi_s.xreplace({k: k + 1}))
    s, f, total, pi_s, pi_n, internal, external = (
        _orient(e, k, n) for e in (s, f, total, pi_s, pi_n, internal, external)
    )
    conditions = []
    for action in (s, f):
        if lower is not None:
            conditions.append(action >= lower)
        if upper is not None:
            conditions.append(action <= upper)
    for curvature in second_order:
        conditions.append(_tidy(curvature.xreplace(point)) <= 0)
    condition = sympy.And(*conditions)
    return CoalitionClosedForm(
        timing=timing,
        fringe=game.fringe,
        size=k,
        num_players=n,
        member_action=s,
        outsider_action=f,
        total=total,
        member_payoff=pi_s,
        outsider_payoff=pi_n,
        noncooperative_action=f0,
        noncooperative_payoff=pi_0,
        grand_action=s_n,
        grand_payoff=pi_grand,
        extends_to_none=extends_to_none,
        extends_to_grand=extends_to_grand,
        internal_margin=internal,
        external_margin=external,
        internal_range=(1 if extends_to_none else 2, n if extends_to_grand else n - 1),
        external_range=(1, n - 1 if extends_to_grand else n - 2),
        condition=condition,
    )


def _is_zero(expr: sympy.Expr) -> bool:
    return sympy.simplify(expr) == 0
