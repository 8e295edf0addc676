r"""Finitely repeated games: backward induction and the unravelling of cooperation.

In a stage game :math:`G` repeated :math:`T` times, the last period must be a stage Nash
equilibrium.  If :math:`G` has a **unique** equilibrium, backward induction makes the unique
subgame-perfect outcome the repetition of it (Luce and Raiffa 1957; Selten 1978): cooperation
unravels from the end.  With several stage equilibria, continuation play can reward and punish:
a pure profile :math:`a` can be played in a period followed by :math:`r` more periods if,
for every player :math:`i`,

.. math::

    \max_{s_i} u_i(s_i, a_{-i}) - u_i(a) \le
    \sum_{t=1}^{r} \delta^{t} \bigl(u_i(e^R) - u_i(e^{P_i})\bigr),

where :math:`e^R` is a stage equilibrium played after compliance and :math:`e^{P_i}` the stage
equilibrium worst for :math:`i` played after :math:`i` deviates (Benoit and Krishna 1985).  This
is a sufficient condition with stationary equilibrium continuations; the report states it so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dualdilemma.errors import InvalidParameterError
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.repeated.repeated_game import _check_profile, best_deviations

__all__ = ["FiniteRepetition", "finitely_repeated"]


@dataclass(frozen=True)
class FiniteRepetition:
    """What backward induction says about a target profile in a :math:`T`-period game.

    Attributes
    ----------
    unique_stage_equilibrium
        Whether the stage game has exactly one Nash equilibrium (then cooperation unravels).
    unravels
        ``True`` when the target is not a stage equilibrium and can be played in no period.
    periods
        The periods (1-based) in which the target can be played under the sufficient condition.
    reward_equilibrium
        Index (into the stage solver's equilibria) of the reward equilibrium used.
    explanation
        One sentence saying why.
    """

    horizon: int
    profile: tuple[int, ...]
    unique_stage_equilibrium: bool
    unravels: bool
    periods: tuple[int, ...]
    reward_equilibrium: int | None
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "horizon": self.horizon,
            "profile": list(self.profile),
            "unique_stage_equilibrium": self.unique_stage_equilibrium,
            "unravels": self.unravels,
            "periods": list(self.periods),
            "explanation": self.explanation,
        }


def finitely_repeated(
    stage: NormalFormGame, horizon: int, profile: Sequence[int], discount: Any = 1
) -> FiniteRepetition:
    """Backward induction for a pure target profile in the ``horizon``-fold repetition.

    Examples
    --------
    The prisoner's dilemma has a unique equilibrium, so cooperation unravels:

    >>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> finitely_repeated(pd, 10, (0, 0)).unravels
    True
    """
    from dualdilemma.solvers.solve import solve

    if int(horizon) != horizon or horizon < 1:
        raise InvalidParameterError(f"horizon must be an integer >= 1, got {horizon!r}")
    horizon = int(horizon)
    if not 0 <= float(discount) <= 1:
        raise InvalidParameterError(f"discount must be in [0, 1], got {discount!r}")
    index = _check_profile(stage, profile)
    result = solve(stage, "all")
    equilibria = result.equilibria
    unique = len(equilibria) == 1 and result.complete and not result.degenerate
    cooperate = stage.payoff(index)
    gains = [dev[1] - cooperate[i] for i, dev in enumerate(best_deviations(stage, index))]
    if all(g <= 0 for g in gains):
        return FiniteRepetition(
            horizon,
            index,
            unique,
            False,
            tuple(range(1, horizon + 1)),
            None,
            "the target is a stage Nash equilibrium, playable in every period",
        )
    if unique:
        return FiniteRepetition(
            horizon,
            index,
            True,
            True,
            (),
            0,
            "the stage game has a unique Nash equilibrium: backward induction unravels "
            "cooperation in every period",
        )
    worst = [min(eq.payoffs[i] for eq in equilibria) for i in range(stage.num_players)]
    best_periods: tuple[int, ...] = ()
    best_reward: int | None = None
    for r_index, reward in enumerate(equilibria):
        spread = [reward.payoffs[i] - worst[i] for i in range(stage.num_players)]
        playable = []
        for period in range(1, horizon + 1):
            remaining = horizon - period
            weight = sum(discount**t for t in range(1, remaining + 1))
            if all(gains[i] <= weight * spread[i] for i in range(stage.num_players)):
                playable.append(period)
        if len(playable) > len(best_periods):
            best_periods, best_reward = tuple(playable), r_index
    if best_periods:
        explanation = (
            f"sustained in periods 1-{best_periods[-1]} by rewarding with stage equilibrium "
            f"#{best_reward + 1} and punishing with each deviator's worst stage equilibrium "
            "(Benoit-Krishna sufficient condition)"
        )
    else:
        explanation = (
            "the spread between stage equilibria is too small to deter deviation in any period"
        )
    return FiniteRepetition(
        horizon, index, False, not best_periods, best_periods, best_reward, explanation
    )
