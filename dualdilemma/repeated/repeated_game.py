r"""Infinitely repeated games: grim-trigger sustainability of a target profile.

The stage game :math:`G` is played in periods :math:`t = 0, 1, \dots`, payoffs discounted by
:math:`\delta \in [0, 1)`.  For a pure target profile :math:`a` each player :math:`i` has a
cooperative payoff :math:`\pi_C = u_i(a)`, a best one-shot deviation
:math:`\pi_D = \max_{s_i} u_i(s_i, a_{-i})` and a punishment :math:`\pi_N`
(:mod:`~dualdilemma.repeated.punishment`).  Grim trigger sustains :math:`a` iff
:math:`\delta \ge \max_i \delta^*_i` (:mod:`~dualdilemma.repeated.critical_discount`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dualdilemma.errors import InvalidProfileError
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.repeated.critical_discount import (
    CriticalDiscount,
    check_detection,
    check_discount,
    critical_discount,
)
from dualdilemma.repeated.punishment import Punishment, punishment_payoffs

__all__ = ["RepeatedGame", "GrimTriggerAnalysis", "best_deviations"]


@dataclass(frozen=True)
class GrimTriggerAnalysis:
    """Per-player and overall critical discount factors of a target profile.

    ``overall`` is the largest :math:`\\delta^*_i` (``None`` when some player can never be
    held); ``binding`` lists the players attaining it; ``sustainable`` answers at the game's
    discount factor (``None`` when none was given).
    """

    profile: tuple[int, ...]
    punishment: str
    players: tuple[CriticalDiscount, ...]
    overall: Any
    status: str
    binding: tuple[int, ...]
    sustainable: bool | None

    def to_dict(self) -> dict[str, Any]:
        from dualdilemma.solvers.result import json_number

        return {
            "profile": list(self.profile),
            "punishment": self.punishment,
            "status": self.status,
            "critical_discount": None if self.overall is None else json_number(self.overall),
            "binding": list(self.binding),
            "sustainable": self.sustainable,
            "players": [p.to_dict() for p in self.players],
        }


def best_deviations(game: NormalFormGame, profile: Sequence[int]) -> tuple[tuple[int, Any], ...]:
    """For each player, its best one-shot deviation from a pure profile: (strategy, payoff).

    The current strategy counts as a "deviation" too, so the payoff is never below
    :math:`u_i(a)`; ties go to the lowest index.
    """
    index = _check_profile(game, profile)
    out = []
    for i in range(game.num_players):
        line = list(index)
        line[i] = slice(None)
        column = game.payoffs[(i, *line)]
        best = int(max(range(len(column)), key=lambda s: (column[s], -s)))
        out.append((best, column[best]))
    return tuple(out)


def _check_profile(game: NormalFormGame, profile: Sequence[int]) -> tuple[int, ...]:
    index = tuple(int(s) for s in profile)
    if len(index) != game.num_players or any(
        not 0 <= s < a for s, a in zip(index, game.shape, strict=True)
    ):
        raise InvalidProfileError(
            f"target profile {list(profile)!r} is not a pure profile of a game with "
            f"strategy counts {game.shape}"
        )
    return index


class RepeatedGame:
    """An infinitely repeated game with discount factor and detection probability.

    Examples
    --------
    The prisoner's dilemma with T=5, R=3, P=1 sustains mutual cooperation iff
    :math:`\\delta \\ge 1/2`:

    >>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> analysis = RepeatedGame(pd, discount="0.6").grim_trigger((0, 0))
    >>> analysis.overall, analysis.sustainable
    (Fraction(1, 2), True)
    """

    def __init__(self, stage: NormalFormGame, discount: Any = None, detection: Any = 1) -> None:
        self.stage = stage
        self.discount = None if discount is None else check_discount(discount)
        self.detection = check_detection(detection)

    def __repr__(self) -> str:
        return f"RepeatedGame({self.stage!r}, discount={self.discount}, detection={self.detection})"

    def grim_trigger(
        self, profile: Sequence[int], punishment: Punishment | Sequence[Any] = "nash"
    ) -> GrimTriggerAnalysis:
        """Critical discount factors of ``profile`` under grim trigger.

        ``punishment`` is ``"nash"`` (worst stage equilibrium for the deviator),
        ``"pure_minmax"``, ``"mixed_minmax"`` (two players) or explicit punishment payoffs.
        """
        index = _check_profile(self.stage, profile)
        if isinstance(punishment, str):
            punish = punishment_payoffs(self.stage, punishment)
            label = punishment
        else:
            punish = tuple(punishment)
            label = "given"
            if len(punish) != self.stage.num_players:
                raise InvalidProfileError(
                    f"need one punishment payoff per player ({self.stage.num_players}), "
                    f"got {len(punish)}"
                )
        cooperate = self.stage.payoff(index)
        deviations = best_deviations(self.stage, index)
        players = tuple(
            critical_discount(cooperate[i], deviations[i][1], punish[i], self.detection)
            for i in range(self.stage.num_players)
        )
        return summarise(index, label, players, self.discount)


def summarise(
    profile: tuple[int, ...], label: str, players: tuple[CriticalDiscount, ...], discount: Any
) -> GrimTriggerAnalysis:
    """Combine per-player critical discount factors into the overall verdict."""
    never = tuple(i for i, p in enumerate(players) if p.status == "never")
    if never:
        overall, status, binding = None, "never", never
    else:
        overall = max(p.value for p in players)
        status = "always" if overall == 0 else "threshold"
        binding = tuple(i for i, p in enumerate(players) if p.value == overall)
    sustainable = None
    if discount is not None:
        sustainable = status != "never" and discount >= overall
    return GrimTriggerAnalysis(profile, label, players, overall, status, binding, sustainable)
