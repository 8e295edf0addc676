r"""The equilibrium of a symmetric game given a coalition of size k.

Model
-----
:math:`N` players with payoff :math:`u(q_i, Q)`, :math:`Q = \sum_j q_j`
(:mod:`~dualdilemma.coalitions.game`).  A coalition of :math:`k` signatories chooses a common
action :math:`s` to maximise the members' joint payoff :math:`k\,u(s, Q)`; the :math:`N - k`
non-signatories (the fringe) each choose :math:`f`, with

.. math::

    Q = k s + (N - k) f.

* **Nash timing** (simultaneous moves; Carraro and Siniscalco 1993, Hoel 1992): the coalition
  acts as one player against the fringe.  With :math:`u_1 = \partial u/\partial q` and
  :math:`u_2 = \partial u/\partial Q`, the first-order conditions are

  .. math::

      g_s = u_1(s, Q) + k\,u_2(s, Q) = 0, \qquad
      g_f = u_1(f, Q) + u_2(f, Q) = 0

  (a ``"price_taking"`` fringe drops :math:`u_2` from :math:`g_f`).
* **Stackelberg timing** (Barrett 1994; d'Aspremont et al. 1983; Shaffer 1995): the
  coalition moves first and anticipates the fringe's symmetric reaction :math:`f(s)`, solving
  :math:`\max_s V(s) = k\,u(s, k s + (N - k) f(s))`.

Actions lie in :math:`[\underline q, \overline q]`; at a bound the first-order condition becomes
the Karush-Kuhn-Tucker sign condition (:math:`g \le 0` at the lower bound, :math:`g \ge 0` at the
upper bound).  :math:`k = 0` is the non-cooperative symmetric equilibrium of all :math:`N`
players (Cournot-Nash for a ``"cournot"`` fringe, the competitive outcome for a
``"price_taking"`` one) and :math:`k = N` the grand coalition; in these two cases the timings
coincide.

Algorithms
----------
*Symbolic* (sympy; when the first-order conditions are polynomial in the actions after clearing
denominators).  For Nash timing every *regime* (each action interior, at its lower or at its
upper bound) is solved in closed form as a function of :math:`k`, then each regime's solution is
evaluated exactly (:class:`fractions.Fraction`) at every :math:`k` and kept iff it satisfies the
KKT conditions and the second-order conditions (own curvature of the fringe,
:math:`u_{11} + 2k u_{12} + k^2 u_{22} \le 0` and :math:`u_{11} \le 0` for the coalition); the
enumeration is complete, so more than one survivor means several equilibria (reported as an
error rather than choosing silently).  For Stackelberg timing the fringe's reaction is
:math:`\mathrm{clip}(f^{int}(s), \underline q, \overline q)` (the fringe's condition must be
linear and decreasing in :math:`f`); the leader's maximum over :math:`s` is attained at a
stationary point of one of the pieces of :math:`V`, at a kink of the reaction or at a bound, so
comparing :math:`V` over all of these candidates gives the global maximum exactly (and a leader
whose payoff increases without bound is reported).

*Numeric* (scipy; any smooth payoff).  Nash timing solves the natural-map equations
:math:`x - \mathrm{clip}(x + g(x)) = 0` with :func:`scipy.optimize.root` from several starts;
Stackelberg timing nests the fringe's scalar reaction inside a bounded (or Brent) maximisation
of :math:`V` with :func:`scipy.optimize.minimize_scalar`.  Every numeric solution is verified
before it is returned: the KKT residual must be at most the tolerance and the second-order
conditions must hold at the point (for Stackelberg timing, :math:`V` at the solution must not be
beaten at nearby actions).  These checks certify a global best reply when the payoff is concave
in the own action, which the solver establishes when :math:`u` has constant second derivatives
with :math:`u_{11} + 2m u_{12} + m^2 u_{22} \le 0` for :math:`m = 0, \dots, N` (``concave`` in
the result).  Otherwise every outcome is also verified by a *global* one-dimensional
maximisation of each fringe player's payoff and, with Nash timing, of the coalition's payoff
over the action interval (:mod:`~dualdilemma.coalitions.best_reply`; exact on the symbolic path),
and a KKT point that is not a best reply is reported as an error.  The details are in
:mod:`~dualdilemma.coalitions.kkt` and :mod:`~dualdilemma.coalitions.numeric`.

References
----------
Barrett, S. (1994). Self-enforcing international environmental agreements. *Oxford Economic
Papers* 46, 878-894.
Carraro, C. and Siniscalco, D. (1993). Strategies for the international protection of the
environment. *Journal of Public Economics* 52(3), 309-328.
d'Aspremont, C., Jacquemin, A., Gabszewicz, J. J. and Weymark, J. A. (1983). On the stability
of collusive price leadership. *Canadian Journal of Economics* 16(1), 17-25.
Hoel, M. (1992). International environment conventions: the case of uniform reductions of
emissions. *Environmental and Resource Economics* 2(2), 141-159.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import sympy

from dualdilemma._numbers import format_number
from dualdilemma.coalitions._exact import (
    NotApplicable,
    as_float,
    as_fraction,
    as_sympy,
    evaluate,
    sign,
    within,
)
from dualdilemma.coalitions.best_reply import X, exact_maximum, numeric_maximum
from dualdilemma.coalitions.conditions import F, K, S, Solution, Structure, role, structure
from dualdilemma.coalitions.game import BoundGame, CoalitionGame
from dualdilemma.coalitions.kkt import (
    StackelbergFamilies,
    nash_families,
    select_nash,
    select_stackelberg,
    stackelberg_families,
)
from dualdilemma.coalitions.numeric import numeric_nash, numeric_stackelberg
from dualdilemma.errors import InvalidParameterError, SolverError, UnsupportedGameError

__all__ = [
    "CoalitionOutcome",
    "coalition_outcome",
    "coalition_outcomes",
    "check_timing",
    "check_method",
    "check_coalition_tol",
    "TIMINGS",
    "METHODS",
    "Timing",
    "Method",
]

Timing = Literal["nash", "stackelberg"]
Method = Literal["auto", "symbolic", "numeric"]
#: The timings of the coalition-fringe game.
TIMINGS: tuple[str, ...] = ("nash", "stackelberg")
#: How outcomes are computed.
METHODS: tuple[str, ...] = ("auto", "symbolic", "numeric")
#: Default relative tolerance of float decisions (residuals, ties).
DEFAULT_TOL = 1e-9


def check_timing(timing: Any) -> str:
    """Validate a timing name (``"nash"`` or ``"stackelberg"``)."""
    if timing not in TIMINGS:
        raise InvalidParameterError(f"timing must be one of {list(TIMINGS)}, got {timing!r}")
    return str(timing)


def check_method(method: Any) -> str:
    """Validate a method name (``"auto"``, ``"symbolic"`` or ``"numeric"``)."""
    if method not in METHODS:
        raise InvalidParameterError(f"method must be one of {list(METHODS)}, got {method!r}")
    return str(method)


def check_coalition_tol(tol: Any) -> float:
    """Validate a float tolerance (``None`` gives the default ``1e-9``)."""
    if tol is None:
        return DEFAULT_TOL
    if isinstance(tol, bool):
        raise InvalidParameterError(f"tol must be a finite number >= 0, got {tol!r}")
    try:
        value = float(tol)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"tol must be a finite number >= 0, got {tol!r}") from None
    if not math.isfinite(value) or value < 0:
        raise InvalidParameterError(f"tol must be a finite number >= 0, got {tol!r}")
    return value


def _check_size(size: Any, n: int) -> int:
    if isinstance(size, bool) or not isinstance(size, int | np.integer):
        raise InvalidParameterError(f"coalition size must be an int in 0..{n}, got {size!r}")
    if not 0 <= int(size) <= n:
        raise InvalidParameterError(f"coalition size must be in 0..{n}, got {size}")
    return int(size)


# -- the result ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class CoalitionOutcome:
    """The equilibrium with a coalition of ``size`` members, verified.

    Attributes
    ----------
    size, num_players
        :math:`k` and :math:`N`.
    timing, fringe
        ``"nash"`` / ``"stackelberg"`` and ``"cournot"`` / ``"price_taking"``.
    member_action, outsider_action
        :math:`s` and :math:`f` (``None`` when there are no members, resp. no outsiders).
    total
        The aggregate :math:`Q = k s + (N - k) f`.
    member_payoff, outsider_payoff
        :math:`\\pi_s(k) = u(s, Q)` and :math:`\\pi_n(k) = u(f, Q)` (``None`` as above).
    exact
        Whether every number is an exact Fraction.
    method
        ``"symbolic"`` (closed form / exact KKT enumeration) or ``"numeric"`` (scipy).
    residual
        The largest violation of the KKT conditions at the solution: exactly 0 in exact mode,
        at most the tolerance in float mode.
    concave
        ``True`` when the relevant second derivatives are constant and nonpositive (the KKT
        point is then a global best reply), ``None`` when only the local second-order
        conditions at the point were checked.
    regime
        Where each action lies: ``"interior"``, ``"lower bound"``, ``"upper bound"``; for
        Stackelberg timing how the leader's optimum was found.
    """

    size: int
    num_players: int
    timing: str
    fringe: str
    member_action: Any
    outsider_action: Any
    total: Any
    member_payoff: Any
    outsider_payoff: Any
    exact: bool
    method: str
    residual: Any
    concave: bool | None
    regime: str
    diagnostics: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        from dualdilemma.solvers.result import json_number

        def number(value: Any) -> Any:
            return None if value is None else json_number(value)

        return {
            "size": self.size,
            "num_players": self.num_players,
            "timing": self.timing,
            "fringe": self.fringe,
            "member_action": number(self.member_action),
            "outsider_action": number(self.outsider_action),
            "total": number(self.total),
            "member_payoff": number(self.member_payoff),
            "outsider_payoff": number(self.outsider_payoff),
            "exact": self.exact,
            "method": self.method,
            "residual": number(self.residual),
            "concave": self.concave,
            "regime": self.regime,
            "diagnostics": list(self.diagnostics),
        }

    def __repr__(self) -> str:
        def show(value: Any) -> str:
            return "-" if value is None else format_number(value)

        return (
            f"CoalitionOutcome(k={self.size}, N={self.num_players}, {self.timing}, "
            f"s={show(self.member_action)}, f={show(self.outsider_action)}, "
            f"pi_s={show(self.member_payoff)}, pi_n={show(self.outsider_payoff)}, "
            f"method={self.method!r})"
        )


# -- assembling outcomes --------------------------------------------------------------------------
class _Solver:
    """Outcomes of one bound game for every k, reusing closed forms across k."""

    def __init__(self, bound: BoundGame, timing: str, method: str, tol: float) -> None:
        self.bound = bound
        self.timing = timing
        self.method = method
        self.tol = tol
        self.lower = as_fraction(bound.lower)
        self.upper = as_fraction(bound.upper)
        self._generic: Any = None
        self._generic_error: str | None = None
        self._structures: dict[Any, Structure] = {}
        self._concave = self._global_concavity()

    def _global_concavity(self) -> bool | None:
        """Whether u is concave in the own action for every fringe and coalition choice."""
        u, x, q = self.bound.payoff, self.bound.own, self.bound.total
        derivatives = [sympy.diff(u, x, 2), sympy.diff(u, x, q), sympy.diff(u, q, 2)]
        if not all(d.is_Rational for d in derivatives):
            return None
        u11, u12, u22 = (Fraction(int(d.p), int(d.q)) for d in map(sympy.Rational, derivatives))
        # every relevant curvature is u11 + 2 m u12 + m^2 u22 for some m in [0, N]
        n = self.bound.num_players
        return all(u11 + 2 * m * u12 + m * m * u22 <= 0 for m in range(n + 1)) and u11 <= 0

    def structure(self, k: Any) -> Structure:
        """The expressions with ``k`` members (``K`` for the generic size), cached."""
        if k not in self._structures:
            bound = self.bound
            self._structures[k] = structure(
                bound.payoff, bound.own, bound.total, bound.num_players, k, bound.fringe
            )
        return self._structures[k]

    def _families(self, st: Structure) -> Any:
        if self.timing == "stackelberg" and st.members and st.outsiders:
            return stackelberg_families(st, self.bound.lower, self.bound.upper)
        return nash_families(st, self.bound.lower, self.bound.upper)

    def _select(self, st: Structure, families: Any, k: int) -> Solution | None:
        if isinstance(families, StackelbergFamilies):
            return select_stackelberg(st, families, k, self.lower, self.upper)
        return select_nash(st, families, k, self.lower, self.upper)

    def _symbolic(self, k: int) -> Solution | None:
        n = self.bound.num_players
        if 1 <= k <= n - 1:
            if self._generic is None and self._generic_error is None:
                try:
                    st = self.structure(K)
                    self._generic = (st, self._families(st))
                except NotApplicable as exc:
                    self._generic_error = str(exc)
            if self._generic is not None:
                st, families = self._generic
                try:
                    solution = self._select(st, families, k)
                except NotApplicable:
                    solution = None
                if solution is not None:
                    return solution
            elif self._generic_error is not None:
                raise NotApplicable(self._generic_error)
        st = self.structure(k)
        return self._select(st, self._families(st), k)

    def solve(self, k: int) -> CoalitionOutcome:
        diagnostics = []
        solution = None
        if self.method in ("auto", "symbolic"):
            try:
                solution = self._symbolic(k)
                if solution is None:
                    raise UnsupportedGameError(
                        f"with {k} members no action profile satisfies the first- and "
                        "second-order conditions: the game has no (concave) equilibrium"
                    )
            except NotApplicable as exc:
                if self.method == "symbolic":
                    raise UnsupportedGameError(
                        f"no closed form with {k} members: {exc}; use method='numeric'"
                    ) from None
                diagnostics.append(f"symbolic path not applicable ({exc}); solved numerically")
        if solution is None:
            st = self.structure(k)
            if self.timing == "stackelberg" and st.members and st.outsiders:
                solution = numeric_stackelberg(st, self.lower, self.upper, self.tol)
            else:
                solution = numeric_nash(st, self.lower, self.upper, self.tol)
        if not self._concave:
            self._check_best_replies(k, solution)
            diagnostics.append(
                "payoff not known to be concave in the own action: best replies verified by "
                "global one-dimensional maximisation"
            )
        return self._outcome(k, solution, tuple(diagnostics))

    def _check_best_replies(self, k: int, solution: Solution) -> None:
        """Verify, by a global 1-D maximisation, that no fringe player and (Nash timing) not
        the coalition can gain by another action; needed when u is not known to be concave."""
        bound = self.bound
        n = bound.num_players
        s, f = solution.member_action, solution.outsider_action
        exact = solution.method == "symbolic"
        number = (lambda v: v) if exact else as_float
        total = (k * number(s) if k else 0) + ((n - k) * number(f) if k < n else 0)
        u, own, aggregate = bound.payoff, bound.own, bound.total

        def at(x: Any, q: Any) -> sympy.Expr:
            return u.xreplace({own: _constant(x), aggregate: _constant(q)})

        checks = []
        if k < n:
            rest = total - number(f)
            if bound.fringe == "cournot":
                objective = u.xreplace({own: X, aggregate: X + _constant(rest)})
            else:
                objective = u.xreplace({own: X, aggregate: _constant(total)})
            checks.append(("a fringe player", objective, at(number(f), total), number(f)))
        if k and (self.timing == "nash" or k == n):
            rest = total - k * number(s)
            objective = k * u.xreplace({own: X, aggregate: k * X + _constant(rest)})
            checks.append(("the coalition", objective, k * at(number(s), total), number(s)))
        for who, objective, current, start in checks:
            what = f"{who} (with {k} members)"
            if exact:
                try:
                    x, best = exact_maximum(objective, self.lower, self.upper, what=what)
                except NotApplicable:
                    exact = False
                else:
                    gain = as_sympy(best) - current
                    if sign(gain) > 0:
                        raise UnsupportedGameError(
                            f"with {k} members the solution of the first-order conditions is "
                            f"not an equilibrium: {who} gains {format_number(_number(gain))} "
                            f"by choosing {format_number(_number(x))}"
                        )
                    continue
            lower = None if self.lower is None else float(self.lower)
            upper = None if self.upper is None else float(self.upper)
            x, best = numeric_maximum(objective, lower, upper, float(start), self.tol, what=what)
            gain = best - float(current)
            if gain > self.tol * max(1.0, abs(best)):
                raise UnsupportedGameError(
                    f"with {k} members the solution of the first-order conditions is not an "
                    f"equilibrium: {who} gains {gain:.6g} by choosing {x:.6g}"
                )

    def _outcome(self, k: int, solution: Solution, diagnostics: tuple) -> CoalitionOutcome:
        n = self.bound.num_players
        st = self.structure(K if 1 <= k <= n - 1 else k)
        base = {K: Fraction(k)} if st.k is K else {}
        s, f = solution.member_action, solution.outsider_action
        exact_numbers = solution.method == "symbolic" and all(
            isinstance(v, Fraction) for v in (s, f) if v is not None
        )
        if exact_numbers:
            env = {**base, **{var: v for var, v in ((S, s), (F, f)) if v is not None}}
            total = evaluate(st.aggregate, env)
            pi_s = evaluate(st.pi_s, env) if st.members else None
            pi_n = evaluate(st.pi_n, env) if st.outsiders else None
            self._verify_exact(st, env, solution)
        else:
            env_float = {var: float(v) for var, v in base.items()}
            env_float.update({var: as_float(v) for var, v in ((S, s), (F, f)) if v is not None})
            symbols = list(env_float)
            values = list(env_float.values())

            def at(expr: sympy.Expr) -> float:
                return float(sympy.lambdify(symbols, expr, modules="numpy")(*values))

            total = at(st.aggregate)
            pi_s = at(st.pi_s) if st.members else None
            pi_n = at(st.pi_n) if st.outsiders else None
            s = None if s is None else as_float(s)
            f = None if f is None else as_float(f)
            if solution.method == "symbolic":
                diagnostics = (*diagnostics, "irrational closed form: reported as floats")
        exact = exact_numbers and self.bound.exact
        if exact_numbers and not self.bound.exact:
            s, f, total, pi_s, pi_n = (
                None if v is None else float(v) for v in (s, f, total, pi_s, pi_n)
            )
        residual = solution.residual
        if not exact:
            residual = float(residual)
        return CoalitionOutcome(
            size=k,
            num_players=self.bound.num_players,
            timing=self.timing,
            fringe=self.bound.fringe,
            member_action=s,
            outsider_action=f,
            total=total,
            member_payoff=pi_s,
            outsider_payoff=pi_n,
            exact=exact,
            method=solution.method,
            residual=residual,
            concave=True if self._concave else None,
            regime=solution.regime,
            diagnostics=diagnostics,
        )

    def _verify_exact(self, st: Structure, env: dict, solution: Solution) -> None:
        """Re-check the fringe's (and for Nash timing the coalition's) KKT conditions."""
        checks = [(F, st.g_f)]
        if self.timing == "nash" or not (st.members and st.outsiders):
            checks.append((S, st.g_s))
        for var, g in checks:
            if g is None:
                continue
            x = env[var]
            gradient = evaluate(g, env)
            at_lower = self.lower is not None and x == self.lower
            at_upper = self.upper is not None and x == self.upper
            ok = gradient is not None and (
                gradient == 0 or (at_lower and gradient < 0) or (at_upper and gradient > 0)
            )
            if not ok or not within(x, self.lower, self.upper):
                raise SolverError(  # pragma: no cover - the selection already checked this
                    f"the {role(var)}' KKT conditions fail at {solution}; please report"
                )


def _constant(value: Any) -> sympy.Expr:
    if isinstance(value, float):
        return sympy.Float(value, 30)
    return as_sympy(value)


def _number(value: Any) -> Any:
    value = as_sympy(value) if isinstance(value, Fraction) else value
    return Fraction(int(value.p), int(value.q)) if value.is_Rational else as_float(value)


def _solver(
    game: CoalitionGame,
    values: Mapping[Any, Any] | None,
    timing: Any,
    method: Any,
    tol: Any,
) -> _Solver:
    if not isinstance(game, CoalitionGame):
        raise UnsupportedGameError(f"expected a CoalitionGame, got {type(game).__name__}")
    return _Solver(
        game.bind(values), check_timing(timing), check_method(method), check_coalition_tol(tol)
    )


def coalition_outcome(
    game: CoalitionGame,
    size: int,
    values: Mapping[Any, Any] | None = None,
    *,
    timing: Timing = "nash",
    method: Method = "auto",
    tol: float | None = None,
) -> CoalitionOutcome:
    """The equilibrium when ``size`` players form a coalition (see the module docstring).

    Parameters
    ----------
    game
        A :class:`~dualdilemma.coalitions.game.CoalitionGame`.
    size
        :math:`k \\in \\{0, \\dots, N\\}`.
    values
        Values of every parameter (and of a symbolic :math:`N`), by name.  Ints, Fractions and
        strings keep the arithmetic exact; a float makes the results floats.
    timing
        ``"nash"`` (simultaneous) or ``"stackelberg"`` (the coalition leads).
    method
        ``"symbolic"`` (sympy closed forms, exact), ``"numeric"`` (scipy) or ``"auto"``
        (symbolic when the first-order conditions are polynomial, numeric otherwise).
    tol
        Float tolerance on the KKT residual of numeric solutions (default ``1e-9``, relative).

    Returns
    -------
    CoalitionOutcome

    Raises
    ------
    InvalidParameterError
        A size outside ``0..N``, an unknown timing or method, a bad parameter value.
    UnsupportedGameError
        Several equilibria, a continuum, a non-concave payoff, or no maximum.

    Examples
    --------
    Linear Cournot triopoly (demand :math:`1 - Q`, no cost) with a two-firm merger, Nash
    timing (Salant, Switzer and Reynolds 1983): the merged firm and the outsider each sell 1/3.

    >>> from dualdilemma.coalitions.game import CoalitionGame
    >>> game = CoalitionGame("q*(1 - Q)", num_players=3, lower=0)
    >>> out = coalition_outcome(game, 2)
    >>> out.member_action, out.outsider_action, out.member_payoff, out.outsider_payoff
    (Fraction(1, 6), Fraction(1, 3), Fraction(1, 18), Fraction(1, 9))

    As a Stackelberg leader the pair sells 1/2 in total:

    >>> coalition_outcome(game, 2, timing="stackelberg").member_action
    Fraction(1, 4)
    """
    solver = _solver(game, values, timing, method, tol)
    k = _check_size(size, solver.bound.num_players)
    return solver.solve(k)


def coalition_outcomes(
    game: CoalitionGame,
    values: Mapping[Any, Any] | None = None,
    *,
    timing: Timing = "nash",
    method: Method = "auto",
    tol: float | None = None,
) -> tuple[CoalitionOutcome, ...]:
    """The outcomes for every coalition size :math:`k = 0, \\dots, N` (closed forms shared).

    Same parameters as :func:`coalition_outcome`.

    >>> from dualdilemma.coalitions.game import CoalitionGame
    >>> game = CoalitionGame("b*Q - c*q**2/2", ["b", "c"], num_players=4)
    >>> [o.member_payoff for o in coalition_outcomes(game, {"b": 1, "c": 1})][1:]
    [Fraction(7, 2), Fraction(4, 1), Fraction(11, 2), Fraction(8, 1)]
    """
    solver = _solver(game, values, timing, method, tol)
    return tuple(solver.solve(k) for k in range(solver.bound.num_players + 1))
