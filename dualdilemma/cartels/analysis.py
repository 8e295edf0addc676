r"""One cartel of the export market: outsiders' reply, effectiveness, self-enforcement, stability.

A cartel :math:`S` of suppliers controls; the outsiders :math:`O` best-respond, i.e. play a pure
Nash equilibrium of the game among themselves with the members fixed at *control* (MODEL s.4).
When that game has several equilibria the analysis uses one chosen by ``selection``:
``"max_risk"`` (default: the conservative choice, the outsiders' equilibrium with the highest
proliferation risk) or ``"min_risk"``; all of them are reported.

* **Effective**: the leakage :math:`q` (or the risk :math:`P`) at that outcome is at most the
  tolerance :math:`\tau`.
* **Self-enforcing** (grim trigger, Friedman 1971): member :math:`i` cooperates for
  :math:`\pi_C = u_i(\text{cartel outcome})`, its best one-shot deviation is to export while
  everybody else keeps their actions, :math:`\pi_D`, and the punishment :math:`\pi_N` is its
  worst payoff over the pure Nash equilibria of the whole market (stage Nash reversion) or its
  pure minmax.  :math:`\delta^*_i` follows from
  :func:`~dualdilemma.repeated.critical_discount.critical_discount` (with detection
  :math:`\beta`); the cartel holds at :math:`\delta` iff :math:`\delta \ge \max_i \delta^*_i`.
* **Stable** (d'Aspremont et al. 1983): *internally*, no member gains by leaving (becoming an
  outsider of :math:`S \setminus \{i\}`, the outsiders re-best-responding); *externally*, no
  outsider gains by joining.  ``ties_stable=True`` (default) counts indifference as stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any, Literal

import numpy as np

from dualdilemma.errors import GameTooLargeError, InvalidParameterError
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.models.export_market import CONTROL, EXPORT, ExportMarket
from dualdilemma.repeated.critical_discount import (
    CriticalDiscount,
    check_detection,
    check_discount,
    critical_discount,
)
from dualdilemma.solvers.pure_nash import pure_equilibria
from dualdilemma.solvers.result import json_number

__all__ = [
    "FLOAT_SLACK",
    "EXACT_SUPPLIERS",
    "at_most",
    "CartelMarket",
    "OutsiderResponse",
    "CartelAnalysis",
    "analyse_cartel",
    "check_tolerance",
]

#: Float-mode comparisons (leakage <= tolerance, delta >= delta*) allow this absolute slack, so a
#: value that equals its bound in exact arithmetic is not lost to binary rounding.
FLOAT_SLACK = 1e-9
#: Markets with more suppliers are analysed in floating point unless exact=True is asked for.
EXACT_SUPPLIERS = 8
#: Above this many suppliers the outsiders' games and the stage equilibria come from the
#: aggregative branch and bound (:mod:`dualdilemma.solvers.aggregative_pure`), not a tensor.
AGGREGATIVE_SUPPLIERS = 12

Selection = Literal["max_risk", "min_risk"]
Measure = Literal["leakage", "risk"]


def at_most(value: Any, bound: Any) -> bool:
    """``value <= bound``, exactly for exact numbers and with :data:`FLOAT_SLACK` for floats.

    >>> at_most(0.1 + 0.2, "3/10"), at_most(0.31, "3/10")
    (True, False)
    """
    if isinstance(value, float) or isinstance(bound, float):
        return float(value) <= float(Fraction(bound) if isinstance(bound, str) else bound) + (
            FLOAT_SLACK
        )
    return value <= bound


def check_tolerance(tolerance: Any) -> Any:
    """Validate a tolerance in ``[0, 1]``."""
    from dualdilemma._numbers import to_fraction

    if isinstance(tolerance, float):
        value: Any = tolerance
        if not np.isfinite(value):
            raise InvalidParameterError(f"tolerance must be in [0, 1], got {tolerance!r}")
    else:
        try:
            value = to_fraction(tolerance, what="tolerance")
        except ValueError:
            raise InvalidParameterError(
                f"tolerance must be a number in [0, 1], got {tolerance!r}"
            ) from None
    if not 0 <= value <= 1:
        raise InvalidParameterError(f"tolerance must be in [0, 1], got {tolerance!r}")
    return value


@dataclass(frozen=True)
class OutsiderResponse:
    """The outsiders' reply to a cartel: every pure equilibrium and the one selected."""

    cartel: tuple[str, ...]
    outsiders: tuple[str, ...]
    equilibria: tuple[tuple[int, ...], ...]
    selected: tuple[int, ...] | None
    selection: str
    method: str
    complete: bool

    def to_dict(self, actions: Sequence[str] = ("export", "control")) -> dict[str, Any]:
        def named(profile: tuple[int, ...]) -> list[str]:
            return [actions[a] for a in profile]

        return {
            "cartel": list(self.cartel),
            "outsiders": list(self.outsiders),
            "equilibria": [named(p) for p in self.equilibria],
            "selected": None if self.selected is None else named(self.selected),
            "selection": self.selection,
            "method": self.method,
            "complete": self.complete,
        }


class CartelMarket:
    """An export market prepared for many cartel questions (the payoff tensor is built once).

    Parameters
    ----------
    market
        The :class:`~dualdilemma.models.export_market.ExportMarket`.
    selection
        Which outsiders' equilibrium to use when there are several (see the module docstring).
    exact
        Arithmetic; defaults to the market's for up to :data:`EXACT_SUPPLIERS` suppliers and to
        floating point (with :data:`FLOAT_SLACK` in comparisons) above.
    """

    def __init__(
        self, market: ExportMarket, *, selection: Selection = "max_risk", exact: bool | None = None
    ) -> None:
        if selection not in ("max_risk", "min_risk"):
            raise InvalidParameterError(
                f"selection must be 'max_risk' or 'min_risk', got {selection!r}"
            )
        self.market = market
        self.selection = selection
        if exact is None:
            # exact outcomes cost about a millisecond each: fine for small markets only
            exact = market.exact and market.num_suppliers <= EXACT_SUPPLIERS
        self.exact = bool(exact)
        self.names = market.names
        self._outcomes: dict[tuple[int, ...], Any] = {}

    @cached_property
    def game(self) -> NormalFormGame | None:
        """The full normal-form game, or ``None`` when its tensor would not fit.

        Exact games are limited to small markets; a larger market falls back to floating
        point (and ``exact`` becomes ``False``) before giving up.
        """
        try:
            return self.market.game(exact=self.exact)
        except GameTooLargeError:
            if not self.exact:
                return None
        try:
            game = self.market.game(exact=False)
        except GameTooLargeError:
            return None
        self.exact = False
        self._outcomes.clear()
        return game

    def members(self, cartel: Iterable[str | int]) -> frozenset[int]:
        """Supplier indices of a cartel given by names or indices; unknown names are errors."""
        out = set()
        for entry in cartel:
            if isinstance(entry, str):
                if entry not in self.names:
                    raise InvalidParameterError(
                        f"the cartel names an unknown supplier {entry!r}; suppliers are "
                        f"{list(self.names)}"
                    )
                out.add(self.names.index(entry))
            elif isinstance(entry, int | np.integer) and not isinstance(entry, bool):
                if not 0 <= int(entry) < len(self.names):
                    raise InvalidParameterError(
                        f"supplier index {entry} out of range 0..{len(self.names) - 1}"
                    )
                out.add(int(entry))
            else:
                raise InvalidParameterError(f"cartel members are names or indices, got {entry!r}")
        return frozenset(out)

    def outcome(self, profile: tuple[int, ...]) -> Any:
        """The market outcome at a pure profile (memoised)."""
        if profile not in self._outcomes:
            if self.exact or len(self.names) <= AGGREGATIVE_SUPPLIERS:
                self._outcomes[profile] = self.market.outcome(profile, exact=self.exact)
            else:
                self._outcomes[profile] = _float_outcome(self.market, profile)
        return self._outcomes[profile]

    def payoff(self, player: int, profile: tuple[int, ...]) -> Any:
        if len(self.names) <= AGGREGATIVE_SUPPLIERS and self.game is not None:
            return self.game.payoffs[(player, *profile)]
        return self.outcome(profile).payoffs[player]

    def outsider_response(self, members: frozenset[int]) -> OutsiderResponse:
        """Pure equilibria of the outsiders' game with ``members`` at control."""
        n = len(self.names)
        outsiders = [j for j in range(n) if j not in members]
        if not outsiders:
            profiles = [tuple(CONTROL for _ in range(n))]
            method, complete = "no outsiders", True
        elif self.export_dominant:
            profiles = [tuple(CONTROL if i in members else EXPORT for i in range(n))]
            method = (
                "every outsider exports: exporting is each supplier's strict best reply at "
                "every aggregate (interval bounds)"
            )
            complete = True
        elif n > AGGREGATIVE_SUPPLIERS:
            profiles, complete = self._outsider_equilibria_aggregative(members)
            method = "pure equilibria of the outsiders' game (aggregative branch and bound)"
        elif self.game is not None:
            profiles = self._outsider_equilibria_exhaustive(members, outsiders)
            method, complete = "pure equilibria of the outsiders' game", True
        else:
            profiles = [self._best_response_dynamics(members, outsiders)]
            method = "best-response dynamics from all-export (the game is too large to enumerate)"
            complete = False
        selected = None
        if profiles:
            risks = [self.outcome(p).risk for p in profiles]
            pick = max if self.selection == "max_risk" else min
            target = pick(risks)
            selected = profiles[risks.index(target)]
        return OutsiderResponse(
            cartel=tuple(self.names[i] for i in sorted(members)),
            outsiders=tuple(self.names[j] for j in outsiders),
            equilibria=tuple(profiles),
            selected=selected,
            selection=self.selection,
            method=method,
            complete=complete,
        )

    @cached_property
    def export_dominant(self) -> bool:
        """Whether exporting is every supplier's strict best reply at every aggregate, so the
        outsiders of any cartel all export (:func:`~dualdilemma.cartels.search.export_dominant`)."""
        return not bool(self.free_to_control.any())

    @cached_property
    def free_to_control(self) -> np.ndarray:
        """Which suppliers may control of their own accord at some aggregate
        (:func:`~dualdilemma.cartels.search.may_control`; ``False`` is a proof)."""
        from dualdilemma.cartels.search import may_control

        return may_control(self.market)

    def _outsider_equilibria_aggregative(
        self, members: frozenset[int]
    ) -> tuple[list[tuple[int, ...]], bool]:
        from dualdilemma.solvers.aggregative_pure import aggregative_pure_equilibria

        cache = self.__dict__.setdefault("_aggregative_cache", {})
        if members not in cache:
            # outsiders proved never to control (may_control) export in every equilibrium:
            # fixing them leaves the search only the outsiders free to control (same set)
            fixed = {i: CONTROL for i in members}
            free = self.free_to_control
            fixed.update({j: EXPORT for j in range(len(free)) if j not in members and not free[j]})
            result = aggregative_pure_equilibria(
                self.market, fixed=fixed, exact=None if self.exact else False
            )
            cache[members] = ([eq.pure_profile() for eq in result], bool(result.complete))
        return cache[members]

    def _outsider_equilibria_exhaustive(
        self, members: frozenset[int], outsiders: list[int]
    ) -> list[tuple[int, ...]]:
        game = self.game
        n = len(self.names)
        index: list[Any] = [slice(None)] * n
        for i in members:
            index[i] = CONTROL
        sub_payoffs = np.stack([game.payoffs[(j, *index)] for j in outsiders])
        sub = NormalFormGame(sub_payoffs, exact=game.exact)
        found = []
        for eq in pure_equilibria(sub).equilibria:
            choice = dict(zip(outsiders, eq.pure_profile(), strict=True))
            found.append(tuple(CONTROL if i in members else choice[i] for i in range(n)))
        return found

    def _best_response_dynamics(
        self, members: frozenset[int], outsiders: list[int]
    ) -> tuple[int, ...] | None:
        n = len(self.names)
        profile = [CONTROL if i in members else EXPORT for i in range(n)]
        for _ in range(4 * n * n):
            changed = False
            for j in outsiders:
                current = self.payoff(j, tuple(profile))
                flipped = list(profile)
                flipped[j] = 1 - flipped[j]
                if self.payoff(j, tuple(flipped)) > current:
                    profile = flipped
                    changed = True
            if not changed:
                return tuple(profile)
        return None

    def punishments(self, kind: str = "nash") -> tuple[Any, ...]:
        """Each supplier's punishment payoff: worst pure stage equilibrium, or pure minmax."""
        if kind not in ("nash", "minmax"):
            raise InvalidParameterError(f"punishment must be 'nash' or 'minmax', got {kind!r}")
        return self._punishments(kind)

    def _punishments(self, kind: str) -> tuple[Any, ...]:
        cache = self.__dict__.setdefault("_punish_cache", {})
        if kind in cache:
            return cache[kind]
        n = len(self.names)
        if kind == "nash" and (self.export_dominant or n > AGGREGATIVE_SUPPLIERS):
            # all-export when exporting is dominant, else every stage equilibrium by the
            # aggregative branch and bound
            if self.export_dominant:
                equilibria = [tuple(EXPORT for _ in range(n))]
            else:
                equilibria, complete = self._outsider_equilibria_aggregative(frozenset())
                if not complete:
                    raise GameTooLargeError(
                        f"the stage game of {n} suppliers has too many pure equilibria to list "
                        "within the search's limits; give explicit punishment payoffs"
                    )
            if equilibria:
                value = tuple(min(self.payoff(i, p) for p in equilibria) for i in range(n))
                cache[kind] = value
                return value
        if self.game is None:
            raise GameTooLargeError(
                f"punishment payoffs need the full game of {len(self.names)} suppliers, which "
                "does not fit; give explicit punishment payoffs"
            )
        if kind == "nash":
            equilibria = [eq.pure_profile() for eq in pure_equilibria(self.game).equilibria]
            if equilibria:
                value = tuple(
                    min(self.game.payoffs[(i, *p)] for p in equilibria)
                    for i in range(len(self.names))
                )
                cache[kind] = value
                return value
        from dualdilemma.repeated.punishment import pure_minmax

        cache[kind] = pure_minmax(self.game)
        return cache[kind]


def _float_outcome(market: ExportMarket, profile: tuple[int, ...]) -> Any:
    """``market.outcome(profile, exact=False)`` with the model's compiled outcome evaluated
    once over all suppliers (arrays) instead of once per supplier."""
    from dualdilemma.models.export_market import ACTIONS, MarketOutcome, _compiled_outcome

    columns = market.columns  # the suppliers' floats, converted once per market
    k, ks = columns.capacity_float, columns.screened_float
    exporting = np.array(profile) == EXPORT
    function = _compiled_outcome(market.risk_exponent)
    with np.errstate(divide="ignore", invalid="ignore"):
        met, share, q, p, u = function(
            float(market.value),
            float(market.risk_without_supply),
            float(market.risk_with_supply),
            k,
            columns.harm_float,
            columns.control_cost_float,
            np.array(profile, dtype=float),
            float(k[exporting].sum()),
            float(ks[exporting].sum()),
        )
    n = len(profile)
    return MarketOutcome(
        profile=tuple(profile),
        actions=tuple(ACTIONS[a] for a in profile),
        needs_met=float(met),
        shares=tuple(np.broadcast_to(np.asarray(share, dtype=float), (n,)).tolist()),
        leakage=float(q),
        risk=float(p),
        payoffs=tuple(np.broadcast_to(np.asarray(u, dtype=float), (n,)).tolist()),
        exact=False,
    )


@dataclass(frozen=True)
class CartelAnalysis:
    """Everything about one cartel (see the module docstring for definitions)."""

    cartel: tuple[str, ...]
    response: OutsiderResponse
    leakage: Any
    risk: Any
    measure: str
    tolerance: Any
    effective: bool
    critical_discounts: tuple[tuple[str, CriticalDiscount], ...]
    critical_discount: Any
    binding: tuple[str, ...]
    discount: Any
    detection: Any
    self_enforcing: bool | None
    internally_stable: bool
    externally_stable: bool
    leavers: tuple[str, ...]
    joiners: tuple[str, ...]
    ties_stable: bool

    @property
    def stable(self) -> bool:
        return self.internally_stable and self.externally_stable

    def __repr__(self) -> str:
        from dualdilemma.reporting.display import cartel_repr

        return cartel_repr(self)

    def _repr_html_(self) -> str:
        from dualdilemma.reporting.display import cartel_html

        return cartel_html(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "cartel": list(self.cartel),
            "outsiders": self.response.to_dict(),
            "leakage": json_number(self.leakage),
            "risk": json_number(self.risk),
            "measure": self.measure,
            "tolerance": json_number(self.tolerance),
            "effective": self.effective,
            "members": [
                {
                    "supplier": name,
                    "critical_discount": None if cd.value is None else json_number(cd.value),
                    "status": cd.status,
                }
                for name, cd in self.critical_discounts
            ],
            "critical_discount": None
            if self.critical_discount is None
            else json_number(self.critical_discount),
            "binding": list(self.binding),
            "discount": None if self.discount is None else json_number(self.discount),
            "detection": json_number(self.detection),
            "self_enforcing": self.self_enforcing,
            "internally_stable": self.internally_stable,
            "externally_stable": self.externally_stable,
            "stable": self.stable,
            "would_leave": list(self.leavers),
            "would_join": list(self.joiners),
            "ties_stable": self.ties_stable,
        }


def analyse_cartel(
    market: ExportMarket | CartelMarket,
    cartel: Iterable[str | int],
    *,
    tolerance: Any = "1/10",
    measure: Measure = "leakage",
    discount: Any = None,
    detection: Any = 1,
    punishment: str = "nash",
    ties_stable: bool = True,
    stability: bool = True,
) -> CartelAnalysis:
    """Analyse one cartel: outsiders' reply, effectiveness, delta* per member, stability.

    ``stability=False`` skips the stability checks (they solve one outsiders' game per
    supplier); both stability flags are then ``False`` and no leavers or joiners are listed.

    Examples
    --------
    Two large suppliers of three can close the market between them:

    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(10, 0, 1, [Supplier("A", "1/2", 20, "1/2"),
    ...                                  Supplier("B", "1/2", 20, "1/2"),
    ...                                  Supplier("C", "1/10", 1, 0)])
    >>> result = analyse_cartel(market, ["A", "B"], tolerance="1/10", discount="9/10")
    >>> result.effective, result.leakage, result.self_enforcing
    (True, Fraction(1, 10), True)
    """
    context = market if isinstance(market, CartelMarket) else CartelMarket(market)
    tolerance = check_tolerance(tolerance)
    if measure not in ("leakage", "risk"):
        raise InvalidParameterError(f"measure must be 'leakage' or 'risk', got {measure!r}")
    if discount is not None:
        discount = check_discount(discount)
    detection = check_detection(detection)
    members = context.members(cartel)
    core = _core(context, members, tolerance, measure, discount, detection, punishment)
    leavers, joiners = (
        _stability(context, members, core["profile"], ties_stable) if stability else ((), ())
    )
    return CartelAnalysis(
        cartel=tuple(context.names[i] for i in sorted(members)),
        response=core["response"],
        leakage=core["outcome"].leakage,
        risk=core["outcome"].risk,
        measure=measure,
        tolerance=tolerance,
        effective=core["effective"],
        critical_discounts=core["discounts"],
        critical_discount=core["overall"],
        binding=core["binding"],
        discount=discount,
        detection=detection,
        self_enforcing=core["self_enforcing"],
        internally_stable=stability and not leavers,
        externally_stable=stability and not joiners,
        leavers=leavers,
        joiners=joiners,
        ties_stable=ties_stable,
    )


def _core(
    context: CartelMarket,
    members: frozenset[int],
    tolerance: Any,
    measure: str,
    discount: Any,
    detection: Any,
    punishment: str,
) -> dict[str, Any]:
    """Outsiders' reply, effectiveness and critical discount factors (no stability)."""
    names = context.names
    response = context.outsider_response(members)
    if response.selected is None:
        raise InvalidParameterError(
            f"the outsiders of cartel {sorted(names[i] for i in members)} have no pure "
            "equilibrium reply; the cartel's outcome is undefined"
        )
    profile = response.selected
    outcome = context.outcome(profile)
    achieved = outcome.leakage if measure == "leakage" else outcome.risk
    punish = context.punishments(punishment) if members else ()
    discounts = []
    for i in sorted(members):
        cooperate = context.payoff(i, profile)
        deviation = list(profile)
        deviation[i] = EXPORT
        deviate = max(cooperate, context.payoff(i, tuple(deviation)))
        discounts.append((names[i], critical_discount(cooperate, deviate, punish[i], detection)))
    overall, binding = _overall(discounts)
    self_enforcing = None
    if discount is not None:
        self_enforcing = overall is not None and at_most(overall, discount)
    return {
        "response": response,
        "profile": profile,
        "outcome": outcome,
        "effective": at_most(achieved, tolerance),
        "discounts": tuple(discounts),
        "overall": overall,
        "binding": binding,
        "self_enforcing": self_enforcing,
    }


def _overall(discounts: list[tuple[str, CriticalDiscount]]) -> tuple[Any, tuple[str, ...]]:
    never = tuple(name for name, cd in discounts if cd.status == "never")
    if never:
        return None, never
    if not discounts:
        return 0, ()
    worst = max(cd.value for _, cd in discounts)
    return worst, tuple(name for name, cd in discounts if cd.value == worst)


def _stability(
    context: CartelMarket, members: frozenset[int], profile: tuple[int, ...], ties_stable: bool
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    def gains(new: Any, old: Any) -> bool:
        return new > old if ties_stable else new >= old

    names = context.names
    if context.export_dominant:
        # every outsiders' game has one equilibrium, all outsiders export (the reply
        # outsider_response gives), so a one-supplier deviation's reply is the profile with
        # that supplier's action flipped: no reply object to build per deviation
        def reply(cartel: frozenset[int], j: int) -> tuple[int, ...] | None:
            flipped = list(profile)
            flipped[j] = CONTROL if j in cartel else EXPORT
            return tuple(flipped)
    else:

        def reply(cartel: frozenset[int], j: int) -> tuple[int, ...] | None:
            return context.outsider_response(cartel).selected

    leavers, joiners = [], []
    for i in sorted(members):
        after = reply(members - {i}, i)
        if after is not None and gains(context.payoff(i, after), context.payoff(i, profile)):
            leavers.append(names[i])
    for j in range(len(names)):
        if j in members:
            continue
        after = reply(members | {j}, j)
        if after is not None and gains(context.payoff(j, after), context.payoff(j, profile)):
            joiners.append(names[j])
    return tuple(leavers), tuple(joiners)
