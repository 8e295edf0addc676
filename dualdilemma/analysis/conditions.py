r"""Parametric equilibrium conditions: for which parameters is a pure profile a Nash equilibrium?

Normal form
-----------
A pure profile :math:`s` of a :class:`~dualdilemma.symbolic.game.SymbolicGame` is a Nash
equilibrium at parameters :math:`\theta` iff no player gains by a unilateral deviation:

.. math::

    s \in NE(\theta) \iff \bigwedge_{i} \bigwedge_{t \ne s_i}
        u_i(s; \theta) \ge u_i(t, s_{-i}; \theta).

Each inequality is put in a tidy exact form by :func:`dualdilemma.symbolic.simplify.inequality`
(positive terms on the left, ``Min``/``Max`` kept exact) and inequalities that the parameters'
domains decide are dropped (or make the conjunction ``False``).

Anonymous games
---------------
In a :class:`~dualdilemma.symbolic.game.SymbolicAnonymousGame` a pure profile is described by
the counts :math:`z = (z_0, \dots, z_{m-1})`, :math:`\sum_a z_a = N`, of players on each action.
A player on action :math:`a` (present iff :math:`z_a \ge 1`) sees the others' counts
:math:`z - e_a`, so

.. math::

    z \in NE \iff \bigwedge_{a : z_a \ge 1} \bigwedge_{b \ne a}
        u_a(z - e_a) \ge u_b(z - e_a).

With a numeric :math:`N` every count vector gets its condition.  With a symbolic :math:`N` the
symmetric profiles "all play :math:`a`" get closed forms in :math:`N`, and for two actions so
does the profile with a symbolic number :math:`x` of players on action 0
(:math:`1 \le x \le N - 1`).  For the symmetric export market (action 0 = export, 1 =
control) this gives, with :math:`\Delta = (p_1 - p_0)(1 - s)` and :math:`\gamma = 1`,

.. math::

    \text{all export} \iff \frac{V k}{\max(1, N k)} + c \ge
        h \Delta \left(\min(1, N k) - \min(1, (N - 1) k)\right),
    \qquad
    \text{all control} \iff (V - h \Delta) \min(1, k) + c \le 0

(:func:`export_market_closed_forms`), so that all-export is an equilibrium whenever the others
alone cover the buyer (:math:`(N-1)k \ge 1`): the collective-action problem C1.

Region maps take the ``{label: condition}`` mapping of :func:`region_conditions` (see
:func:`dualdilemma.analysis.region_map.region_map`).

References: J. Nash, "Non-cooperative games", Annals of Mathematics 54 (1951); for anonymous
games, I. Milchtaich, "Congestion games with player-specific payoff functions", GEB 13 (1996).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from dualdilemma.errors import InvalidGameError, InvalidParameterError
from dualdilemma.symbolic.exact import evaluate_exact
from dualdilemma.symbolic.game import SymbolicAnonymousGame, SymbolicGame
from dualdilemma.symbolic.parameters import Parameter
from dualdilemma.symbolic.simplify import inequality

__all__ = [
    "EquilibriumCondition",
    "pure_equilibrium_conditions",
    "anonymous_equilibrium_conditions",
    "equilibrium_conditions",
    "region_conditions",
    "export_market_closed_forms",
    "nonnegative_hints",
    "count_label",
]


@dataclass(frozen=True)
class EquilibriumCondition:
    """The exact condition under which one pure profile is a Nash equilibrium.

    Attributes
    ----------
    label
        ``"export, control"`` (normal form) or ``"all export"``, ``"2 export, 1 control"``,
        ``"x export, N - x control"`` (anonymous).
    profile
        Strategy indices (normal form), else ``None``.
    counts
        Players on each action (anonymous; entries may be expressions in ``N`` and ``x``),
        else ``None``.
    condition
        A sympy boolean: the conjunction of ``inequalities`` (``True``/``False`` when decided).
    inequalities
        The undecided no-profitable-deviation inequalities, one per (player or action,
        alternative).
    deviations
        For each inequality, who deviates to what (``"export -> control"``).
    """

    label: str
    profile: tuple[int, ...] | None
    counts: tuple[Any, ...] | None
    condition: sympy.Basic
    inequalities: tuple[sympy.Basic, ...]
    deviations: tuple[str, ...]

    @property
    def latex(self) -> str:
        """The condition in LaTeX."""
        return sympy.latex(self.condition)

    def _repr_latex_(self) -> str:
        return f"${self.latex}$"

    @property
    def always(self) -> bool:
        """Whether the profile is an equilibrium for every admissible parameter value."""
        return self.condition is sympy.true

    @property
    def never(self) -> bool:
        """Whether the profile is an equilibrium for no admissible parameter value."""
        return self.condition is sympy.false

    @property
    def free_symbols(self) -> frozenset[sympy.Symbol]:
        return frozenset(self.condition.free_symbols)

    def holds(self, values: Mapping[Any, Any]) -> bool:
        """Evaluate the condition exactly at ``{name or symbol: number}``."""
        by_name = {s.name: s for s in self.condition.free_symbols}
        bound = {}
        for key, value in values.items():
            name = key.name if isinstance(key, sympy.Symbol | Parameter) else str(key)
            if name in by_name:
                bound[by_name[name]] = value
        missing = sorted(set(by_name) - {s.name for s in bound})
        if missing:
            raise InvalidParameterError(f"missing values for {missing} to decide {self.label!r}")
        return bool(evaluate_exact(self.condition, bound))

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "profile": None if self.profile is None else list(self.profile),
            "counts": None if self.counts is None else [str(c) for c in self.counts],
            "condition": str(self.condition),
            "latex": self.latex,
            "inequalities": [str(c) for c in self.inequalities],
            "deviations": list(self.deviations),
        }

    def __repr__(self) -> str:
        return f"EquilibriumCondition({self.label!r}: {self.condition})"


def nonnegative_hints(
    parameters: Sequence[Parameter], constraints: Sequence[sympy.Basic] = ()
) -> tuple[sympy.Expr, ...]:
    """Expressions the declarations make nonnegative: ``u - x`` for a parameter with upper
    bound ``u`` (``1 - s`` for a safeguard) and ``b - a`` for a constraint ``a <= b``.

    >>> from dualdilemma.symbolic.parameters import UNIT_INTERVAL
    >>> s = Parameter("s", UNIT_INTERVAL)
    >>> p0, p1 = Parameter("p0", UNIT_INTERVAL), Parameter("p1", UNIT_INTERVAL)
    >>> nonnegative_hints([s], [sympy.Le(p0.symbol, p1.symbol)])
    (1 - s, -p0 + p1)
    """
    hints = []
    for parameter in parameters:
        upper = parameter.domain.upper
        if upper is not None:
            hints.append(sympy.Rational(upper.numerator, upper.denominator) - parameter.symbol)
    for constraint in constraints:
        if isinstance(constraint, sympy.Le | sympy.Lt):
            hints.append(constraint.rhs - constraint.lhs)
        elif isinstance(constraint, sympy.Ge | sympy.Gt):
            hints.append(constraint.lhs - constraint.rhs)
    return tuple(h for h in hints if not h.is_number)


def _conjunction(
    pairs: Sequence[tuple[sympy.Basic, str]],
) -> tuple[sympy.Basic, tuple[sympy.Basic, ...], tuple[str, ...]]:
    kept, described = [], []
    for relation, description in pairs:
        if relation is sympy.false:
            return sympy.false, (), ()
        if relation is sympy.true or relation in kept:
            continue
        kept.append(relation)
        described.append(description)
    return sympy.And(*kept), tuple(kept), tuple(described)


def pure_equilibrium_conditions(
    game: SymbolicGame,
    *,
    hints: Sequence[sympy.Expr] | None = None,
    prefer: Sequence[sympy.Symbol] = (),
) -> tuple[EquilibriumCondition, ...]:
    """The equilibrium condition of every pure profile of a symbolic normal-form game.

    Parameters
    ----------
    game
        The symbolic game.
    hints
        Expressions known to be nonnegative (default: :func:`nonnegative_hints` of the game's
        parameters and constraints); they orient factors and decide signs.
    prefer
        Symbols to collect the inequalities by.

    Returns
    -------
    tuple of EquilibriumCondition
        In lexicographic order of profiles.

    Examples
    --------
    A parametric prisoner's dilemma (sucker's payoff 0): mutual cooperation needs ``R >= T``,
    mutual defection ``P >= 0``.

    >>> from dualdilemma.symbolic.parameters import Parameter, REAL
    >>> T, R, P = (Parameter(x, REAL) for x in "TRP")
    >>> pd = SymbolicGame([[["R", 0], ["T", "P"]], [["R", "T"], [0, "P"]]], [T, R, P],
    ...                   strategies=[["C", "D"], ["C", "D"]])
    >>> [str(c.condition) for c in pure_equilibrium_conditions(pd)]
    ['R >= T', '(T >= R) & (P <= 0)', '(T >= R) & (P <= 0)', 'P >= 0']
    """
    if not isinstance(game, SymbolicGame):
        raise InvalidGameError(f"expected a SymbolicGame, got {type(game).__name__}")
    if hints is None:
        hints = nonnegative_hints(game.parameters, game.constraints)
    payoffs = game.payoffs
    out = []
    for profile in itertools.product(*(range(a) for a in game.shape)):
        pairs = []
        for i, own in enumerate(profile):
            here = payoffs[(i, *profile)]
            for alternative in range(game.shape[i]):
                if alternative == own:
                    continue
                deviated = list(profile)
                deviated[i] = alternative
                there = payoffs[(i, *deviated)]
                relation = inequality(here, there, prefer=prefer, hints=hints)
                name = game.strategies[i]
                pairs.append((relation, f"{game.players[i]}: {name[own]} -> {name[alternative]}"))
        condition, kept, described = _conjunction(pairs)
        label = ", ".join(game.strategies[i][s] for i, s in enumerate(profile))
        out.append(
            EquilibriumCondition(
                label=label,
                profile=tuple(profile),
                counts=None,
                condition=condition,
                inequalities=kept,
                deviations=described,
            )
        )
    return tuple(out)


def count_label(counts: Sequence[Any], actions: Sequence[str]) -> str:
    """``"all export"`` or ``"2 export, 1 control"`` (zero counts omitted).

    >>> count_label([2, 1], ["export", "control"]), count_label([0, 3], ["export", "control"])
    ('2 export, 1 control', 'all control')
    """
    nonzero = [(c, a) for c, a in zip(counts, actions, strict=True) if not (c == 0)]
    if len(nonzero) == 1:
        return f"all {nonzero[0][1]}"
    return ", ".join(f"{c} {a}" for c, a in nonzero)


def _anonymous_condition(
    game: SymbolicAnonymousGame,
    counts: Sequence[sympy.Expr],
    present: Sequence[int],
    hints: Sequence[sympy.Expr],
    prefer: Sequence[sympy.Symbol],
    extra: Sequence[sympy.Basic] = (),
    label: str | None = None,
) -> EquilibriumCondition:
    pairs: list[tuple[sympy.Basic, str]] = [(e, "range") for e in extra]
    for a in present:
        others = [c - (1 if b == a else 0) for b, c in enumerate(counts)]
        here = game.payoff(a, others)
        for b in range(game.num_actions):
            if b == a:
                continue
            relation = inequality(here, game.payoff(b, others), prefer=prefer, hints=hints)
            pairs.append((relation, f"{game.actions[a]} -> {game.actions[b]}"))
    condition, kept, described = _conjunction(pairs)
    return EquilibriumCondition(
        label=label or count_label(counts, game.actions),
        profile=None,
        counts=tuple(sympy.sympify(c) for c in counts),
        condition=condition,
        inequalities=kept,
        deviations=described,
    )


#: The symbol of a symbolic number of players on action 0 (e.g. exporters).
PLAYERS_ON_FIRST = sympy.Symbol("x", integer=True, nonnegative=True)


def anonymous_equilibrium_conditions(
    game: SymbolicAnonymousGame,
    *,
    hints: Sequence[sympy.Expr] | None = None,
    prefer: Sequence[sympy.Symbol] = (),
    interior: bool = True,
) -> tuple[EquilibriumCondition, ...]:
    """Equilibrium conditions of the pure profiles of a symbolic anonymous game.

    With a numeric number of players, one condition per count vector (for two actions: ``N``
    players on action 0, then ``N - 1``, ..., then 0).  With a symbolic ``N``: "all play
    ``a``" for every action, and for two actions (if ``interior``) the profile with a symbolic
    number ``x`` of players on action 0, ``1 <= x <= N - 1`` (the range is part of its
    condition).

    Examples
    --------
    >>> from dualdilemma.symbolic.parameters import Parameter, POSITIVE
    >>> m = Parameter("m", POSITIVE)
    >>> game = SymbolicAnonymousGame(["1 + m*n1", "m*(n1 + 1)"], [m], actions=["keep", "give"])
    >>> [(c.label, str(c.condition)) for c in anonymous_equilibrium_conditions(game)]
    [('all keep', 'm <= 1'), ('all give', 'm >= 1'), ('x keep, N - x give', ...)]
    """
    if not isinstance(game, SymbolicAnonymousGame):
        raise InvalidGameError(f"expected a SymbolicAnonymousGame, got {type(game).__name__}")
    if hints is None:
        everything = list(game.parameters)
        hints = nonnegative_hints(everything, game.constraints)
    m = game.num_actions
    n = game.num_players
    out = []
    if isinstance(n, int):
        if m == 2:
            vectors = [(x, n - x) for x in range(n, -1, -1)]
        else:
            vectors = [v for v in itertools.product(range(n, -1, -1), repeat=m) if sum(v) == n]
        for vector in vectors:
            present = [a for a in range(m) if vector[a] > 0]
            counts = [sympy.Integer(c) for c in vector]
            out.append(_anonymous_condition(game, counts, present, hints, prefer))
        return tuple(out)
    for a in range(m):
        counts = [n if b == a else sympy.Integer(0) for b in range(m)]
        out.append(_anonymous_condition(game, counts, [a], hints, prefer))
    if m == 2 and interior:
        x = PLAYERS_ON_FIRST
        extra = [x >= 1, x <= n - 1]
        out.append(
            _anonymous_condition(
                game,
                [x, n - x],
                [0, 1],
                hints,
                prefer,
                extra,
                label=f"x {game.actions[0]}, N - x {game.actions[1]}",
            )
        )
    return tuple(out)


def equilibrium_conditions(
    game: SymbolicGame | SymbolicAnonymousGame, **kwargs: Any
) -> tuple[EquilibriumCondition, ...]:
    """:func:`pure_equilibrium_conditions` or :func:`anonymous_equilibrium_conditions`."""
    if isinstance(game, SymbolicAnonymousGame):
        return anonymous_equilibrium_conditions(game, **kwargs)
    return pure_equilibrium_conditions(game, **kwargs)


def region_conditions(
    source: SymbolicGame | SymbolicAnonymousGame | Sequence[EquilibriumCondition],
    **kwargs: Any,
) -> dict[str, sympy.Basic]:
    """``{label: condition}`` for region maps (profiles that can never be equilibria omitted;
    for a symbolic ``N``, only the closed-form symmetric profiles).

    >>> from dualdilemma.models.export_market import SymmetricExportMarket
    >>> sorted(region_conditions(SymmetricExportMarket(num_suppliers=2).game()))
    ['1 export, 1 control', 'all control', 'all export']
    """
    if isinstance(source, SymbolicGame | SymbolicAnonymousGame):
        if isinstance(source, SymbolicAnonymousGame):
            kwargs.setdefault("interior", False)
        conditions = equilibrium_conditions(source, **kwargs)
    else:
        conditions = tuple(source)
    return {c.label: c.condition for c in conditions if not c.never}


def export_market_closed_forms(market: Any = None) -> dict[str, EquilibriumCondition]:
    """Closed forms for the symmetric export market with (by default) a symbolic ``N``.

    Returns ``{"all export": ..., "all control": ..., "interior": ...}``; ``"interior"`` is
    the profile with ``x`` exporters, ``1 <= x <= N - 1``.

    >>> forms = export_market_closed_forms()
    >>> forms["all export"].condition
    V*k/Max(1, N*k) + c >= h*(1 - s)*(-p0 + p1)*(Min(1, N*k) - Min(1, k*(N - 1)))
    >>> forms["all control"].condition
    h*(1 - s)*(-p0 + p1)*Min(1, k) >= V*Min(1, k) + c
    """
    from dualdilemma.models.export_market import SymmetricExportMarket

    market = SymmetricExportMarket() if market is None else market
    game = market.game()
    conditions = anonymous_equilibrium_conditions(game, hints=market.nonnegative_hints)
    by_label = {c.label: c for c in conditions}
    out = {"all export": by_label["all export"], "all control": by_label["all control"]}
    interior = [c for c in conditions if c.label.startswith("x ")]
    if interior:
        out["interior"] = interior[0]
    return out
