r"""Punishment payoffs for repeated games: stage Nash reversion and minmax values.

* **Nash reversion** (Friedman 1971): after a deviation the players revert forever to a stage
  Nash equilibrium.  Reverting to the equilibrium that is worst *for the deviator* is still
  subgame perfect, so player :math:`i`'s punishment is :math:`\min_{\sigma \in NE} u_i(\sigma)`.
  For two players the minimum over the (convex, bilinear) equilibrium components is attained at
  an extreme equilibrium, which vertex enumeration lists.
* **Pure minmax**: :math:`\underline v_i = \min_{s_{-i}} \max_{s_i} u_i(s_i, s_{-i})`.
* **Mixed minmax** of a two-player game: the value of the zero-sum game in which :math:`i`
  maximises its own payoff :math:`A` and the opponent minimises it,
  :math:`\min_y \max_x x^\top A y`, a linear programme (von Neumann 1928).  With three or
  more players independent mixed punishments make the minmax problem non-convex; the pure
  minmax is then reported as an upper bound.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from dualdilemma.errors import InvalidParameterError, UnsupportedGameError
from dualdilemma.games.normal_form import NormalFormGame

__all__ = ["nash_reversion_payoffs", "pure_minmax", "mixed_minmax", "punishment_payoffs"]

Punishment = Literal["nash", "pure_minmax", "mixed_minmax"]


def pure_minmax(game: NormalFormGame) -> tuple[Any, ...]:
    """Each player's pure minmax value (vectorised over the payoff tensor).

    >>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> pure_minmax(pd)
    (Fraction(1, 1), Fraction(1, 1))
    """
    values = []
    for i in range(game.num_players):
        best_reply = game.payoffs[i].max(axis=i)
        values.append(best_reply.min())
    return tuple(values if game.exact else [float(v) for v in values])


def mixed_minmax(game: NormalFormGame) -> tuple[Any, ...]:
    """Each player's mixed minmax value in a two-player game (exact in exact mode).

    >>> mp = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> mixed_minmax(mp)
    (Fraction(0, 1), Fraction(0, 1))
    """
    if game.num_players != 2:
        raise UnsupportedGameError(
            f"mixed minmax is computed for two players only (this game has {game.num_players}); "
            "use the pure minmax, an upper bound"
        )
    from dualdilemma.solvers.zero_sum import zero_sum

    values = []
    for i in range(2):
        own = game.payoffs[i] if i == 0 else game.payoffs[i].T
        punished = NormalFormGame.from_arrays(own, -own, exact=game.exact)
        result = zero_sum(punished)
        values.append(result.equilibria[0].payoffs[0])
    return tuple(values)


def nash_reversion_payoffs(game: NormalFormGame) -> tuple[tuple[Any, ...], Any]:
    """Each player's worst payoff over the stage game's Nash equilibria.

    Returns the payoffs and the :class:`~dualdilemma.solvers.result.SolverResult` used.
    """
    from dualdilemma.solvers.solve import solve

    result = solve(game, "all")
    if not result.equilibria:
        raise UnsupportedGameError(
            "no stage Nash equilibrium was found to revert to; use a minmax punishment"
        )
    worst = tuple(min(eq.payoffs[i] for eq in result.equilibria) for i in range(game.num_players))
    return worst, result


def punishment_payoffs(game: NormalFormGame, kind: Punishment = "nash") -> tuple[Any, ...]:
    """Punishment payoff of every player under ``kind`` (see the module docstring)."""
    if kind == "nash":
        return nash_reversion_payoffs(game)[0]
    if kind == "pure_minmax":
        return pure_minmax(game)
    if kind == "mixed_minmax":
        return mixed_minmax(game)
    raise InvalidParameterError(
        f"unknown punishment {kind!r}; choose nash, pure_minmax or mixed_minmax"
    )


def _as_float(values: tuple[Any, ...]) -> np.ndarray:
    return np.array([float(v) for v in values])
