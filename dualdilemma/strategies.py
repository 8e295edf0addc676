r"""hypothesis strategies that build valid dualdilemma objects by construction.

Import them in your own property tests::

    from hypothesis import given
    from dualdilemma.strategies import export_markets, normal_form_games

    @given(normal_form_games(num_players=2))
    def test_my_claim(game): ...

    @given(export_markets(others_cover=True))
    def test_my_market_claim(market): ...

Every strategy draws only valid objects: no ``assume`` filtering, so generation never stalls
and shrinking goes straight to a minimal example (the approach of Axelrod's
``tests/property.py``, whose ``games()`` draws :math:`S`, then :math:`T \ge S + 3`, then
:math:`R, P` so that :math:`T > R > P > S` holds by construction).  Numbers of the model
strategies are exact :class:`~fractions.Fraction` values with small denominators, so a
counterexample reads like a hand-made one.

Regions
-------
Options restrict the model strategies to the parameter regions the theory's claims need (the
symbols of MODEL s.2: capacities :math:`k_i`, harm :math:`h_i`, safeguards :math:`s_i`, control
costs :math:`c_i`, value :math:`V`, risks :math:`p_0 \le p_1`; :math:`W = \sum_j k_j (1 - s_j)`
the unsafeguarded capacity, :math:`K = \sum_j k_j`):

* ``others_cover`` -- every supplier's rivals together cover the buyer's needs,
  :math:`K - k_i \ge 1` for every :math:`i` (capacities are drawn, then scaled up);
* ``collective_action`` -- the region of claim C1: :math:`p_1 > p_0`, :math:`k_i > 0`,
  :math:`s_i < 1` and, for every supplier,

  .. math::

      V > h_i (p_1 - p_0)(1 - s_i) \quad\text{and}\quad
      h_i (p_1 - p_0) W > V k_i + c_i \max(1, K),

  drawn by choosing :math:`c_i` below and :math:`h_i` strictly between the bounds these
  inequalities put on them (the interval is non-empty because every other supplier adds
  unsafeguarded capacity, :math:`W > k_i (1 - s_i)`).

Scenario values (:class:`SwitchScenario`, :class:`CartelScenario`, :class:`RaceScenario`,
:class:`LeaderScenario`, :class:`EnlargementScenario`, :class:`ShockScenario`) bundle a model
with the question asked of it; each has ``to_dict()`` for JSON.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from random import Random
from typing import Any, Literal

import numpy as np
from hypothesis import HealthCheck, Phase, Verbosity, find, settings
from hypothesis import strategies as st

from dualdilemma._numbers import to_fraction
from dualdilemma.errors import InvalidGameError, InvalidParameterError
from dualdilemma.games.anonymous import AnonymousGame, num_count_vectors
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.models.export_market import ExportMarket, Supplier
from dualdilemma.models.standards_race import (
    DEFAULT_LADDER,
    StandardsRace,
    SymmetricStandardsRace,
    validate_ladder,
)
from dualdilemma.solvers.result import json_number

__all__ = [
    "simplest",
    "payoff_values",
    "normal_form_games",
    "mixed_profiles",
    "anonymous_games",
    "relabellings",
    "relabel_game",
    "relabel_profile",
    "positive_affine_maps",
    "exact_fractions",
    "discount_factors",
    "export_markets",
    "standards_races",
    "ladders",
    "COMMON_LADDERS",
    "SwitchScenario",
    "unilateral_switches",
    "RaceScenario",
    "race_scenarios",
    "CartelScenario",
    "cartel_scenarios",
    "LeaderScenario",
    "leader_scenarios",
    "EnlargementScenario",
    "capacity_paths",
    "enlargement_scenarios",
    "ShockScenario",
    "shock_dynamics",
    "shock_scenarios",
]

PayoffKind = Literal["integer", "rational", "float"]
Count = int | st.SearchStrategy[int] | None


def simplest(strategy: st.SearchStrategy) -> Any:
    """The minimal example of ``strategy``: the one hypothesis shrinks every draw towards.

    Deterministic and quick (no example database, no explain phase); handy in doctests and to
    see what a region's simplest member looks like.

    >>> simplest(st.integers(3, 9))
    3
    """
    quick = settings(
        max_examples=1,
        database=None,
        deadline=None,
        phases=(Phase.generate, Phase.shrink),
        verbosity=Verbosity.quiet,
        suppress_health_check=list(HealthCheck),
    )
    return find(strategy, lambda _: True, settings=quick, random=Random(0))


def _count(draw: st.DrawFn, value: Count, default: st.SearchStrategy[int], minimum: int) -> int:
    count = draw(default) if value is None else value if isinstance(value, int) else draw(value)
    if count < minimum:
        raise InvalidParameterError(f"the count must be an integer >= {minimum}, got {count!r}")
    return int(count)


# -- normal-form and anonymous games ---------------------------------------------------------------
def payoff_values(kind: PayoffKind = "integer", *, bound: int = 10) -> st.SearchStrategy:
    """Payoff entries in ``[-bound, bound]``: ints, Fractions with small denominators, or floats."""
    if kind == "integer":
        return st.integers(-bound, bound)
    if kind == "rational":
        return st.builds(
            Fraction, st.integers(-bound * 12, bound * 12), st.sampled_from([1, 2, 3, 4, 6, 12])
        ).map(lambda f: max(min(f, Fraction(bound)), Fraction(-bound)))
    if kind == "float":
        return st.floats(-bound, bound, allow_nan=False, allow_infinity=False, width=64)
    raise InvalidParameterError(f"unknown payoff kind {kind!r}; choose integer, rational or float")


@st.composite
def normal_form_games(
    draw: st.DrawFn,
    num_players: Count = None,
    num_actions: Count = None,
    kind: PayoffKind = "integer",
    bound: int = 10,
    *,
    zero_sum: bool = False,
) -> NormalFormGame:
    """Normal-form games with the given number of players and of actions per player.

    ``num_players`` defaults to 2 or 3 and ``num_actions`` to 1-3 (an int, or a strategy drawn
    once per player).  Integer and rational payoffs give exact games; float payoffs give float
    games.  ``zero_sum=True`` draws the row player's payoffs and sets the column player's to
    their negatives (two players only).

    >>> simplest(normal_form_games(num_players=2, num_actions=2, zero_sum=True))
    NormalFormGame(2 players, 2x2, exact, title='')
    """
    n = _count(draw, num_players, st.integers(2, 3), 1)
    if zero_sum and n != 2:
        raise InvalidParameterError(f"zero_sum games need exactly 2 players, got {n}")
    shape = tuple(_count(draw, num_actions, st.integers(1, 3), 1) for _ in range(n))
    owners = 1 if zero_sum else n
    size = owners * math.prod(shape)
    entries = draw(st.lists(payoff_values(kind, bound=bound), min_size=size, max_size=size))
    payoffs = np.empty(size, dtype=object)
    payoffs[:] = entries
    payoffs = payoffs.reshape((owners, *shape))
    if zero_sum:
        payoffs = np.concatenate([payoffs, -payoffs])
    return NormalFormGame(payoffs, exact=kind != "float")


@st.composite
def mixed_profiles(draw: st.DrawFn, game: NormalFormGame) -> tuple[tuple[Fraction, ...], ...]:
    """Exact mixed profiles of ``game``: integer weights normalised onto the simplex."""
    profile = []
    for a in game.shape:
        weights = draw(st.lists(st.integers(0, 6), min_size=a, max_size=a))
        if sum(weights) == 0:
            weights[draw(st.integers(0, a - 1))] = 1
        total = sum(weights)
        profile.append(tuple(Fraction(w, total) for w in weights))
    return tuple(profile)


@st.composite
def anonymous_games(
    draw: st.DrawFn,
    num_players: Count = None,
    num_actions: Count = None,
    kind: PayoffKind = "integer",
    bound: int = 10,
) -> AnonymousGame:
    """Anonymous games: ``num_players`` (default 2-5) identical players, ``num_actions``
    (default 2-3) actions, one payoff per action and count vector of the others.

    >>> simplest(anonymous_games(num_players=3, num_actions=2))
    AnonymousGame(3 players, 2 actions, exact, title='')
    """
    n = _count(draw, num_players, st.integers(2, 5), 1)
    m = _count(draw, num_actions, st.integers(2, 3), 1)
    columns = num_count_vectors(n - 1, m)
    entries = draw(
        st.lists(payoff_values(kind, bound=bound), min_size=m * columns, max_size=m * columns)
    )
    payoffs = np.empty(m * columns, dtype=object)
    payoffs[:] = entries
    return AnonymousGame(n, payoffs.reshape((m, columns)), exact=kind != "float")


# -- relabelling and affine maps (solver invariants) -----------------------------------------------
def relabel_game(
    game: NormalFormGame, players: Sequence[int], actions: Sequence[Sequence[int]]
) -> NormalFormGame:
    """The same game with players and actions renamed.

    New player ``p`` is old player ``players[p]``; new action ``a`` of new player ``p`` is that
    player's old action ``actions[p][a]``.  Nash equilibria correspond one to one
    (:func:`relabel_profile`).

    >>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> relabel_game(pd, [1, 0], [[1, 0], [0, 1]]).payoff((0, 0))
    (Fraction(5, 1), Fraction(0, 1))
    """
    n = game.num_players
    order = [int(p) for p in players]
    if sorted(order) != list(range(n)):
        raise InvalidGameError(f"players must be a permutation of 0..{n - 1}, got {list(players)}")
    if len(actions) != n:
        raise InvalidGameError(f"actions needs one permutation per player ({n}), got {actions!r}")
    for p, perm in enumerate(actions):
        size = game.shape[order[p]]
        if sorted(int(a) for a in perm) != list(range(size)):
            raise InvalidGameError(
                f"actions[{p}] must be a permutation of 0..{size - 1}, got {list(perm)}"
            )
    payoffs = np.transpose(game.payoffs[order], (0, *[order[p] + 1 for p in range(n)]))
    for p, perm in enumerate(actions):
        payoffs = np.take(payoffs, [int(a) for a in perm], axis=p + 1)
    return NormalFormGame(
        np.ascontiguousarray(payoffs),
        players=[game.players[order[p]] for p in range(n)],
        strategies=[[game.strategies[order[p]][int(a)] for a in actions[p]] for p in range(n)],
        exact=game.exact,
        title=game.title,
    )


def relabel_profile(
    profile: Sequence[Sequence[Any]], players: Sequence[int], actions: Sequence[Sequence[int]]
) -> tuple[tuple[Any, ...], ...]:
    """A profile of the original game written in the labels of :func:`relabel_game`.

    >>> relabel_profile([[1, 0], [0, 1]], [1, 0], [[1, 0], [0, 1]])
    ((1, 0), (1, 0))
    """
    return tuple(
        tuple(profile[int(players[p])][int(a)] for a in perm) for p, perm in enumerate(actions)
    )


@st.composite
def relabellings(
    draw: st.DrawFn, game: NormalFormGame
) -> tuple[tuple[int, ...], tuple[tuple[int, ...], ...]]:
    """A permutation of players and of each player's actions, for :func:`relabel_game`."""
    players = tuple(draw(st.permutations(range(game.num_players))))
    actions = tuple(tuple(draw(st.permutations(range(game.shape[p])))) for p in players)
    return players, actions


@st.composite
def positive_affine_maps(
    draw: st.DrawFn, num_players: int, *, exact: bool = True
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """``(scale, shift)`` per player with ``scale > 0``, for
    :meth:`~dualdilemma.games.normal_form.NormalFormGame.affine_transform`."""
    scale_values = exact_fractions(0, 10, open_low=True) if exact else st.integers(1, 10)
    shift_values = exact_fractions(-10, 10) if exact else st.integers(-10, 10)
    scale = tuple(draw(scale_values) for _ in range(num_players))
    shift = tuple(draw(shift_values) for _ in range(num_players))
    if not exact:
        scale = tuple(float(s) / 4 for s in scale)
        shift = tuple(float(s) / 4 for s in shift)
    return scale, shift


# -- exact numbers ------------------------------------------------------------------------------
def exact_fractions(
    low: Any,
    high: Any,
    *,
    max_denominator: int = 4,
    open_low: bool = False,
    open_high: bool = False,
) -> st.SearchStrategy[Fraction]:
    """Fractions in ``[low, high]`` (bounds excluded on request) with denominators up to
    ``max_denominator``; they shrink towards ``low`` (or the integer nearest to it).

    >>> simplest(exact_fractions(0, 1, open_low=True))
    Fraction(1, 1)
    """
    lo, hi = to_fraction(low, what="low"), to_fraction(high, what="high")
    if max_denominator < 1:
        raise InvalidParameterError(f"max_denominator must be >= 1, got {max_denominator!r}")
    options = []
    for d in range(1, max_denominator + 1):
        first = math.floor(lo * d) + 1 if open_low else math.ceil(lo * d)
        last = math.ceil(hi * d) - 1 if open_high else math.floor(hi * d)
        if first <= last:
            options.append((d, first, last))
    if not options:
        raise InvalidParameterError(
            f"no fraction with denominator <= {max_denominator} lies in the interval "
            f"{'(' if open_low else '['}{lo}, {hi}{')' if open_high else ']'}"
        )
    return st.sampled_from(options).flatmap(
        lambda o: st.integers(o[1], o[2]).map(lambda num: Fraction(num, o[0]))
    )


def discount_factors(low: Any = 0, *, max_denominator: int = 10) -> st.SearchStrategy[Fraction]:
    """Discount factors :math:`\\delta \\in [\\text{low}, 1)`."""
    return exact_fractions(low, 1, max_denominator=max_denominator, open_high=True)


# -- export markets -------------------------------------------------------------------------------
def _names(n: int) -> list[str]:
    return [f"S{i + 1}" for i in range(n)]


def _cover(capacities: list[Fraction]) -> list[Fraction]:
    """Scale positive capacities up until every supplier's rivals hold at least 1."""
    slack = min(sum(capacities) - k for k in capacities)
    factor = max(Fraction(1), 1 / slack)
    return [k * factor for k in capacities]


def _market_values(draw: st.DrawFn, *, strict_risk: bool) -> tuple[Fraction, Fraction, Fraction]:
    """``V > 0``, ``p0 in [0, 1/2]`` and ``p1 in [p0, 1]`` (``p1 > p0`` if ``strict_risk``)."""
    value = draw(exact_fractions(0, 10, open_low=True))
    low = draw(exact_fractions(0, Fraction(1, 2)))
    spread = draw(exact_fractions(0, 1, open_low=strict_risk))
    return value, low, low + (1 - low) * spread


@st.composite
def export_markets(
    draw: st.DrawFn,
    num_suppliers: Count = None,
    *,
    others_cover: bool = False,
    collective_action: bool = False,
    risky: bool = False,
    positive_capacity: bool = False,
    scarce: bool = False,
) -> ExportMarket:
    """Exact export markets (MODEL s.2, linear risk) with ``num_suppliers`` (default 2-4)
    suppliers named ``S1, S2, ...``.

    Parameters
    ----------
    num_suppliers
        An int ``>= 2`` or a strategy.
    others_cover
        Every supplier's rivals together cover the buyer's needs (:math:`K - k_i \\ge 1`).
    collective_action
        Draw from the region of claim C1 (see the module docstring).
    risky
        Draw :math:`p_1 > p_0` (supply raises the risk); implied by ``collective_action``.
    positive_capacity
        Draw :math:`k_i > 0` for every supplier; implied by the two regions.
    scarce
        Total capacity at most the buyer's needs, :math:`K \\le 1` (capacities are drawn, then
        scaled down): every exporter's sales reach the buyer, so leakage is the exporters'
        unsafeguarded capacity, and a cartel lowers it by its members' own.  Not with
        ``others_cover``.

    >>> market = simplest(export_markets(num_suppliers=3, others_cover=True))
    >>> [s.capacity for s in market.suppliers]
    [Fraction(1, 1), Fraction(1, 1), Fraction(1, 1)]
    """
    n = _count(draw, num_suppliers, st.integers(2, 4), 2)
    if scarce and others_cover:
        raise InvalidParameterError("scarce and others_cover exclude each other")
    if collective_action:
        return _collective_action_market(draw, n, scarce=scarce)
    value, low, high = _market_values(draw, strict_risk=risky)
    positive = exact_fractions(0, 2, open_low=True)
    strictly = others_cover or positive_capacity
    capacities = [draw(positive if strictly else exact_fractions(0, 2)) for _ in range(n)]
    if others_cover:
        capacities = _cover(capacities)
    if scarce:
        capacities = _scale_down(capacities)
    suppliers = [
        Supplier(
            name,
            capacity,
            draw(exact_fractions(0, 20)),
            draw(exact_fractions(0, 1)),
            draw(exact_fractions(0, 2)),
        )
        for name, capacity in zip(_names(n), capacities, strict=True)
    ]
    return ExportMarket(value, low, high, suppliers)


def _scale_down(capacities: list[Fraction]) -> list[Fraction]:
    """Capacities scaled so that they sum to at most 1."""
    total = sum(capacities, Fraction(0))
    return [k / max(Fraction(1), total) for k in capacities]


def _collective_action_market(draw: st.DrawFn, n: int, *, scarce: bool = False) -> ExportMarket:
    value, low, high = _market_values(draw, strict_risk=True)
    spread = high - low
    capacities = [draw(exact_fractions(0, 2, open_low=True)) for _ in range(n)]
    if scarce:
        capacities = _scale_down(capacities)
    safeguards = [draw(exact_fractions(0, Fraction(9, 10), max_denominator=10)) for _ in range(n)]
    unsafe = sum((k * (1 - s) for k, s in zip(capacities, safeguards, strict=True)), Fraction(0))
    scale = max(Fraction(1), sum(capacities, Fraction(0)))
    suppliers = []
    for name, k, s in zip(_names(n), capacities, safeguards, strict=True):
        cost_bound = value * (unsafe / (1 - s) - k) / scale
        cost = cost_bound * draw(exact_fractions(0, 1, open_high=True))
        harm_low = (value * k + cost * scale) / (spread * unsafe)
        harm_high = value / (spread * (1 - s))
        harm = harm_low + (harm_high - harm_low) * draw(
            exact_fractions(0, 1, open_low=True, open_high=True)
        )
        suppliers.append(Supplier(name, k, harm, s, cost))
    return ExportMarket(value, low, high, suppliers)


# -- standards races ----------------------------------------------------------------------------
#: Ladders the race scenarios draw from (each ladder's symbolic equilibrium conditions are
#: derived once per process and cached by
#: :func:`~dualdilemma.analysis.dual_dilemma.race_to_the_bottom`).
COMMON_LADDERS: tuple[tuple[Fraction, ...], ...] = (
    DEFAULT_LADDER,
    (Fraction(0), Fraction(1)),
    (Fraction(0), Fraction(1, 3), Fraction(2, 3), Fraction(1)),
)


@st.composite
def ladders(draw: st.DrawFn, max_levels: int = 4) -> tuple[Fraction, ...]:
    """Stringency ladders: strictly increasing levels in ``[0, 1)`` followed by 1 (refuse)."""
    if max_levels < 2:
        raise InvalidParameterError(f"max_levels must be >= 2, got {max_levels!r}")
    selling = draw(
        st.lists(
            exact_fractions(0, 1, max_denominator=6, open_high=True),
            min_size=1,
            max_size=max_levels - 1,
            unique=True,
        )
    )
    return validate_ladder([*sorted(selling), Fraction(1)])


@st.composite
def standards_races(
    draw: st.DrawFn,
    num_suppliers: Count = None,
    *,
    ladder: tuple[Any, ...] | st.SearchStrategy | None = None,
    ample_capacity: bool = False,
    risky: bool = False,
) -> StandardsRace:
    """Exact standards races (MODEL s.3) with ``num_suppliers`` (default 2-3) suppliers.

    ``ladder`` is a ladder or a strategy (default: :data:`COMMON_LADDERS`);
    ``ample_capacity=True`` makes every supplier's rivals cover the buyer, as in
    ``export_markets(others_cover=True)``; ``risky=True`` draws :math:`p_1 > p_0`.
    """
    n = _count(draw, num_suppliers, st.integers(2, 3), 2)
    if ladder is None:
        ladder = st.sampled_from(COMMON_LADDERS)
    levels = draw(ladder) if isinstance(ladder, st.SearchStrategy) else validate_ladder(ladder)
    value, low, high = _market_values(draw, strict_risk=risky)
    positive = exact_fractions(0, 2, open_low=True)
    capacities = [draw(positive if ample_capacity else exact_fractions(0, 2)) for _ in range(n)]
    if ample_capacity:
        capacities = _cover(capacities)
    suppliers = [
        Supplier(name, k, draw(exact_fractions(0, 20)), 0, draw(exact_fractions(0, 2)))
        for name, k in zip(_names(n), capacities, strict=True)
    ]
    return StandardsRace(value, low, high, suppliers, levels)


# -- scenarios -----------------------------------------------------------------------------------
def _numbers(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {key: json_number(value) for key, value in mapping.items()}


def _exact_fields(scenario: Any, *names: str) -> None:
    """Store the named numeric fields of a frozen scenario as exact Fractions."""
    for name in names:
        object.__setattr__(scenario, name, to_fraction(getattr(scenario, name), what=name))


def _exact_paths(scenario: Any) -> None:
    paths = {
        name: tuple(to_fraction(k, what=f"capacity of {name!r}") for k in path)
        for name, path in scenario.capacity_paths.items()
    }
    object.__setattr__(scenario, "capacity_paths", paths)


@dataclass(frozen=True)
class SwitchScenario:
    """Supplier ``supplier`` (an index) alone switches to control from the pure ``baseline``."""

    market: ExportMarket
    baseline: tuple[int, ...]
    supplier: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "market": self.market.to_dict(),
            "baseline": [self.market.actions[a] for a in self.baseline],
            "switcher": self.market.names[self.supplier],
        }


@st.composite
def unilateral_switches(
    draw: st.DrawFn,
    num_suppliers: Count = None,
    *,
    others_cover: bool = False,
    not_weaker: bool = False,
    risky: bool = False,
) -> SwitchScenario:
    """A market, a baseline profile and an exporting supplier (with :math:`k_i > 0`) to switch.

    Parameters
    ----------
    others_cover
        The *other exporters* at the baseline cover the buyer's needs (:math:`K_o \\ge 1`).
    not_weaker
        The switcher's safeguard is at least the other exporters' capacity-weighted mean
        :math:`\\bar s` (drawn as :math:`\\bar s + u (1 - \\bar s)`; unrestricted when no one
        else exports).
    risky
        Draw :math:`p_1 > p_0`.
    """
    n = _count(draw, num_suppliers, st.integers(2, 4), 2)
    switcher = draw(st.integers(0, n - 1))
    others = [j for j in range(n) if j != switcher]
    actions = [draw(st.sampled_from((0, 1))) for _ in others]
    if others_cover and all(a == 1 for a in actions):
        actions[draw(st.integers(0, len(others) - 1))] = 0
    value, low, high = _market_values(draw, strict_risk=risky)
    positive = exact_fractions(0, 2, open_low=True)
    capacities = {
        j: draw(positive if (others_cover and a == 0) else exact_fractions(0, 2))
        for j, a in zip(others, actions, strict=True)
    }
    exporting = [j for j, a in zip(others, actions, strict=True) if a == 0]
    if others_cover:
        total = sum((capacities[j] for j in exporting), Fraction(0))
        factor = max(Fraction(1), 1 / total)
        capacities.update({j: capacities[j] * factor for j in exporting})
    safeguards = {j: draw(exact_fractions(0, 1)) for j in others}
    capacities[switcher] = draw(positive)
    total = sum((capacities[j] for j in exporting), Fraction(0))
    if not_weaker and total > 0:
        mean = sum((capacities[j] * safeguards[j] for j in exporting), Fraction(0)) / total
        safeguards[switcher] = mean + (1 - mean) * draw(exact_fractions(0, 1))
    else:
        safeguards[switcher] = draw(exact_fractions(0, 1))
    suppliers = [
        Supplier(
            name,
            capacities[j],
            draw(exact_fractions(0, 20)),
            safeguards[j],
            draw(exact_fractions(0, 2)),
        )
        for j, name in enumerate(_names(n))
    ]
    baseline = [0] * n
    for j, a in zip(others, actions, strict=True):
        baseline[j] = a
    return SwitchScenario(ExportMarket(value, low, high, suppliers), tuple(baseline), switcher)


@dataclass(frozen=True)
class RaceScenario:
    """A symmetric standards race (numeric ladder, symbolic ``N``), the values of its other
    parameters and the numbers of suppliers to compare."""

    race: SymmetricStandardsRace
    values: Mapping[str, Fraction]
    sizes: tuple[int, ...]

    def __post_init__(self) -> None:
        values = {k: to_fraction(v, what=f"value of {k!r}") for k, v in self.values.items()}
        object.__setattr__(self, "values", values)
        sizes = tuple(int(n) for n in self.sizes)
        if not sizes or min(sizes) < 2:
            raise InvalidParameterError(f"sizes must be integers >= 2, got {self.sizes!r}")
        object.__setattr__(self, "sizes", sizes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ladder": [json_number(x) for x in self.race.levels],
            "values": _numbers(self.values),
            "sizes": [self.sizes[0], self.sizes[-1]],
        }


@st.composite
def race_scenarios(
    draw: st.DrawFn,
    *,
    ample_capacity: bool = False,
    reaches_floor: bool = False,
    risky: bool = False,
    max_suppliers: int = 6,
) -> RaceScenario:
    """Symmetric standards races over ``N = 2..N_max``.

    ``ample_capacity`` draws :math:`k \\ge 1` (each supplier alone covers the buyer),
    otherwise :math:`k \\in (0, 2]`.
    ``reaches_floor`` also draws :math:`p_1 > p_0` and :math:`h < V / ((p_1 - p_0) g)` with
    :math:`g` the largest gap between adjacent selling levels, and sets :math:`N_{\\max}` to the
    smallest :math:`N` with :math:`V (1 - 1/N) > h (p_1 - p_0) g`; otherwise
    :math:`N_{\\max}` = ``max_suppliers``.  ``risky=True`` draws :math:`p_1 > p_0`.
    """
    if reaches_floor and not ample_capacity:
        raise InvalidParameterError("reaches_floor needs ample_capacity=True")
    levels = draw(st.sampled_from(COMMON_LADDERS))
    value, low, high = _market_values(draw, strict_risk=reaches_floor or risky)
    capacity = draw(
        exact_fractions(1, 3) if ample_capacity else exact_fractions(0, 2, open_low=True)
    )
    cost = draw(exact_fractions(0, 2))
    gaps = [b - a for a, b in zip(levels[:-2], levels[1:-1], strict=True)]
    if reaches_floor:
        gap = max(gaps, default=Fraction(1))
        share = draw(exact_fractions(0, Fraction(9, 10), max_denominator=10))
        harm = share * value / ((high - low) * gap)
        # V (1 - 1/N) > h (p1 - p0) g = share V  <=>  N > 1 / (1 - share)
        largest = math.floor(1 / (1 - share)) + 1
        largest = max(largest, 2)
    else:
        harm = draw(exact_fractions(0, 20))
        largest = max_suppliers
    values = {"V": value, "p0": low, "p1": high, "k": capacity, "h": harm, "c": cost}
    return RaceScenario(SymmetricStandardsRace(ladder=levels), values, tuple(range(2, largest + 1)))


@dataclass(frozen=True)
class CartelScenario:
    """A cartel of ``market`` at leakage tolerance ``tolerance``, judged at ``discount``."""

    market: ExportMarket
    cartel: tuple[str, ...]
    tolerance: Fraction
    discount: Fraction

    def __post_init__(self) -> None:
        object.__setattr__(self, "cartel", tuple(self.cartel))
        _exact_fields(self, "tolerance", "discount")

    def to_dict(self) -> dict[str, Any]:
        return {
            "market": self.market.to_dict(),
            "cartel": list(self.cartel),
            "tolerance": json_number(self.tolerance),
            "discount": json_number(self.discount),
        }


def _unsafe(supplier: Supplier) -> Fraction:
    return supplier.capacity * (1 - supplier.safeguard)


@st.composite
def cartel_scenarios(
    draw: st.DrawFn,
    num_suppliers: Count = None,
    *,
    collective_action: bool = False,
    enough_capacity: bool = True,
    below_stage: bool = False,
    risky: bool = False,
    positive_capacity: bool = False,
    discount: st.SearchStrategy[Fraction] | None = None,
) -> CartelScenario:
    """A market (see :func:`export_markets`), a tolerance, a discount factor and a cartel.

    Parameters
    ----------
    enough_capacity
        The cartel holds enough capacity that the outsiders' unsafeguarded capacity
        :math:`W_O` is at most the tolerance :math:`\\tau` (members are added in decreasing
        order of :math:`k_j (1 - s_j)` to a drawn core until it does).
    below_stage
        Draw :math:`\\tau` below the leakage :math:`W / \\max(1, K)` of everyone exporting.
    risky, positive_capacity
        As in :func:`export_markets`.
    discount
        Strategy of the discount factor (default :func:`discount_factors`).
    """
    market = draw(
        export_markets(
            num_suppliers,
            collective_action=collective_action,
            risky=risky,
            positive_capacity=positive_capacity,
        )
    )
    suppliers = market.suppliers
    if below_stage:
        total = sum((s.capacity for s in suppliers), Fraction(0))
        everyone = sum((_unsafe(s) for s in suppliers), Fraction(0)) / max(Fraction(1), total)
        tolerance = everyone * draw(exact_fractions(0, 1, open_high=True))
    else:
        tolerance = draw(exact_fractions(0, 1, max_denominator=10))
    members = {j for j in range(len(suppliers)) if draw(st.booleans())}
    if enough_capacity:
        for j in sorted(range(len(suppliers)), key=lambda j: (-_unsafe(suppliers[j]), j)):
            left = sum((_unsafe(s) for i, s in enumerate(suppliers) if i not in members), 0)
            if left <= tolerance:
                break
            members.add(j)
    if not members:
        members.add(draw(st.integers(0, len(suppliers) - 1)))
    cartel = tuple(market.names[j] for j in sorted(members))
    return CartelScenario(
        market, cartel, tolerance, draw(discount if discount is not None else discount_factors())
    )


@dataclass(frozen=True)
class LeaderScenario:
    """A market, its leader (the first supplier with the highest harm valuation), a tolerance
    and a discount factor."""

    market: ExportMarket
    leader: str
    tolerance: Fraction
    discount: Fraction

    def __post_init__(self) -> None:
        _exact_fields(self, "tolerance", "discount")

    def to_dict(self) -> dict[str, Any]:
        return {
            "market": self.market.to_dict(),
            "leader": self.leader,
            "tolerance": json_number(self.tolerance),
            "discount": json_number(self.discount),
        }


@st.composite
def leader_scenarios(
    draw: st.DrawFn,
    num_suppliers: Count = None,
    *,
    collective_action: bool = False,
    risky: bool = False,
    scarce: bool = False,
    discount: st.SearchStrategy[Fraction] | None = None,
) -> LeaderScenario:
    """A market (see :func:`export_markets`; ``collective_action``, ``risky`` and ``scarce``
    are its options) with its leader (highest harm valuation), a tolerance in [0, 1] and a
    discount factor (``discount``, default :func:`discount_factors`)."""
    market = draw(
        export_markets(
            num_suppliers, collective_action=collective_action, risky=risky, scarce=scarce
        )
    )
    harms = [s.harm for s in market.suppliers]
    leader = market.names[harms.index(max(harms))]
    tolerance = draw(exact_fractions(0, 1, max_denominator=10))
    return LeaderScenario(
        market, leader, tolerance, draw(discount if discount is not None else discount_factors())
    )


@dataclass(frozen=True)
class EnlargementScenario:
    """A market whose suppliers' capacities follow ``capacity_paths`` over ``years``."""

    market: ExportMarket
    capacity_paths: Mapping[str, tuple[Fraction, ...]]
    years: tuple[int, ...]
    tolerance: Fraction
    discount: Fraction

    def __post_init__(self) -> None:
        _exact_fields(self, "tolerance", "discount")
        _exact_paths(self)
        object.__setattr__(self, "years", tuple(self.years))

    def to_dict(self) -> dict[str, Any]:
        return {
            "market": self.market.to_dict(),
            "capacity_paths": {
                name: [json_number(k) for k in path] for name, path in self.capacity_paths.items()
            },
            "years": list(self.years),
            "tolerance": json_number(self.tolerance),
            "discount": json_number(self.discount),
        }


@st.composite
def capacity_paths(
    draw: st.DrawFn,
    start: Mapping[str, Any],
    periods: int,
    *,
    growing: bool = True,
    max_step: Any = 1,
) -> dict[str, tuple[Fraction, ...]]:
    """Capacity paths of length ``periods`` starting at ``start[name]``.

    With ``growing`` every step is in ``[0, max_step]`` (non-decreasing paths: emerging
    suppliers); otherwise in ``[-max_step, max_step]``, floored at 0.
    """
    if periods < 1:
        raise InvalidParameterError(f"periods must be >= 1, got {periods!r}")
    low = 0 if growing else -to_fraction(max_step)
    paths = {}
    for name, first in start.items():
        path = [to_fraction(first, what=f"capacity of {name!r}")]
        for _ in range(periods - 1):
            path.append(max(Fraction(0), path[-1] + draw(exact_fractions(low, max_step))))
        paths[name] = tuple(path)
    return paths


@st.composite
def enlargement_scenarios(
    draw: st.DrawFn,
    num_suppliers: Count = None,
    *,
    periods: int | st.SearchStrategy[int] | None = None,
    collective_action: bool = False,
    risky: bool = False,
    discount: st.SearchStrategy[Fraction] | None = None,
) -> EnlargementScenario:
    """A market of ``num_suppliers`` (default 2-3) suppliers, non-decreasing capacity paths
    over ``periods`` years (default 2-3) for a non-empty set of emerging suppliers (starting at
    their capacity in the market), a tolerance and a discount factor (``discount``, default
    :func:`discount_factors`); ``collective_action`` and ``risky`` as in
    :func:`export_markets` (they constrain the first year's market)."""
    n = _count(draw, num_suppliers, st.integers(2, 3), 2)
    market = draw(export_markets(n, collective_action=collective_action, risky=risky))
    t = _count(draw, periods, st.integers(2, 3), 1)
    emerging = [s for s in market.suppliers if draw(st.booleans())] or [market.suppliers[-1]]
    paths = draw(capacity_paths({s.name: s.capacity for s in emerging}, t))
    tolerance = draw(exact_fractions(0, 1, max_denominator=10))
    return EnlargementScenario(
        market,
        paths,
        tuple(range(t)),
        tolerance,
        draw(discount if discount is not None else discount_factors()),
    )


@dataclass(frozen=True)
class ShockScenario:
    """A market with capacity paths, the regime's tolerance and discount factor, and the
    shock, attention and revision parameters of a Monte Carlo of the regime dynamics
    (MODEL s.5; :func:`dualdilemma.dynamics.simulation.simulate`)."""

    market: ExportMarket
    capacity_paths: Mapping[str, tuple[Fraction, ...]]
    tolerance: Fraction
    discount: Fraction
    dynamics: Any
    histories: int
    seed: int

    def __post_init__(self) -> None:
        _exact_fields(self, "tolerance", "discount")
        _exact_paths(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "market": self.market.to_dict(),
            "capacity_paths": {
                name: [json_number(k) for k in path] for name, path in self.capacity_paths.items()
            },
            "tolerance": json_number(self.tolerance),
            "discount": json_number(self.discount),
            "dynamics": self.dynamics.to_dict(),
            "histories": self.histories,
            "seed": self.seed,
        }


@st.composite
def shock_dynamics(
    draw: st.DrawFn,
    *,
    quiet_start: bool = False,
    max_attention: Any = 3,
    min_shock: Any = 0,
    min_decay: Any = 0,
    max_cost: Any = Fraction(1, 2),
) -> Any:
    """:class:`~dualdilemma.dynamics.simulation.ShockDynamics` with valid parameters: the base
    shock probability :math:`\\lambda_0` in ``[min_shock, 1/2]``,
    :math:`\\lambda_1 \\in [0, 1 - \\lambda_0]`, :math:`\\rho \\in` ``[min_decay, 9/10]``,
    cost in ``[0, max_cost]`` and :math:`A_0` in ``[0, max_attention]`` (``quiet_start=True``:
    :math:`A_0 = 0`, no attention before the first shock)."""
    from dualdilemma.dynamics.simulation import ShockDynamics

    base = draw(exact_fractions(min_shock, Fraction(1, 2), max_denominator=20))
    # in floats, as ShockDynamics validates lambda_1 <= 1 - lambda_0: (1 - b) * u <= 1 - b
    gap = (1.0 - float(base)) * float(draw(exact_fractions(0, 1)))
    attention = Fraction(0) if quiet_start else draw(exact_fractions(0, max_attention))
    return ShockDynamics(
        shock_base=float(base),
        shock_gap=gap,
        decay=float(draw(exact_fractions(min_decay, Fraction(9, 10), max_denominator=10))),
        negotiation_cost=float(draw(exact_fractions(0, max_cost))),
        initial_attention=float(attention),
    )


@st.composite
def shock_scenarios(
    draw: st.DrawFn,
    num_suppliers: Count = None,
    *,
    rare_changes: bool = False,
    quiet_start: bool = False,
    histories: int = 200,
    horizon: tuple[int, int] = (4, 8),
) -> ShockScenario:
    """Regime-dynamics scenarios: a market of ``num_suppliers`` (default 2-3) suppliers in the
    collective-action region of C1 (so that cartels have something to solve), capacity paths
    for a non-empty set of emerging suppliers, a tolerance in ``[0, 1/2]``, a discount factor
    in ``[4/5, 1)``, :func:`shock_dynamics` (shock probability at least 1/20) and a seed.

    ``rare_changes=True`` gives 12-16 years and paths with at most one change of capacity
    (so the yearly revision target changes at most once); otherwise ``horizon`` (default 4-8)
    years of non-decreasing paths that may grow every year.  ``quiet_start`` is passed to
    :func:`shock_dynamics`; ``lingering=True`` draws slowly decaying attention
    (:math:`\\rho \\ge 1/2`) and a cheap negotiation (cost at most 1/20), where attention left
    by old shocks can still carry a revision.
    """
    n = _count(draw, num_suppliers, st.integers(2, 3), 2)
    market = draw(export_markets(n, collective_action=True))
    emerging = [s for s in market.suppliers if draw(st.booleans())] or [market.suppliers[-1]]
    if rare_changes:
        years = draw(st.integers(12, 16))
        switch = draw(st.integers(1, years - 1))
        paths = {
            s.name: (s.capacity,) * switch + (draw(exact_fractions(0, 2)),) * (years - switch)
            for s in emerging
        }
    else:
        years = draw(st.integers(*horizon))
        paths = draw(capacity_paths({s.name: s.capacity for s in emerging}, years))
    return ShockScenario(
        market=market,
        capacity_paths=paths,
        tolerance=draw(exact_fractions(0, Fraction(1, 2), max_denominator=10)),
        discount=draw(discount_factors(Fraction(4, 5))),
        dynamics=draw(shock_dynamics(quiet_start=quiet_start, min_shock=Fraction(1, 20))),
        histories=histories,
        seed=draw(st.integers(0, 2**16)),
    )
