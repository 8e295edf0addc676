r"""All pure-strategy Nash equilibria of a normal-form game, vectorised over the payoff tensor.

For each player :math:`i` the best-response value against every opponents' profile is one
``max`` along axis :math:`i` of :math:`U[i]`; a profile :math:`s` is a pure equilibrium iff
:math:`U[i, s] \ge \max_{t} U[i, t, s_{-i}] - \text{tol}` for every :math:`i`.  That is
:math:`O(n \prod_i a_i)` work in numpy with no Python loop over profiles.  A profile at which
some player has another, equally good reply is a *weak* equilibrium; its presence marks the
game as degenerate in the result.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from dualdilemma.errors import InvalidParameterError, SolverError
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.solvers.regret import check_tol
from dualdilemma.solvers.result import Equilibrium, SolverResult

__all__ = ["pure_equilibria", "pure_equilibrium_mask"]


def pure_equilibrium_mask(
    game: NormalFormGame, tol: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Boolean tensors over profiles: ``(is_equilibrium, is_weak)``.

    ``is_weak`` marks equilibria where some player has a second best reply (a tie).
    """
    tol = check_tol(tol, game)
    payoffs = game.payoffs
    shape = game.shape
    is_eq = np.ones(shape, dtype=bool)
    # ties[i] marks the opponents' profiles where player i has two or more best replies
    ties = []
    screen = game.to_float().payoffs if game.exact and payoffs.size > _SCREEN_SIZE else None
    for i in range(game.num_players):
        near = None if screen is None else _screened_best(payoffs[i], screen[i], i)
        if near is None:
            best = payoffs[i].max(axis=i, keepdims=True)
            # exact: equality with the best reply, no Fraction subtraction per profile
            near = (payoffs[i] == best) if game.exact else (best - payoffs[i] <= tol)
        is_eq &= near
        ties.append(np.count_nonzero(near, axis=i, keepdims=True) > 1)
    is_weak = np.zeros(shape, dtype=bool)
    if is_eq.any():
        for tie in ties:
            is_weak |= tie
        is_weak &= is_eq
    return is_eq, is_weak


#: Exact games with more payoffs than this are screened with their floats first.
_SCREEN_SIZE = 100_000
#: Share of opponents' profiles with tied floats above which the screen is not worth it.
_SCREEN_TIES = 0.01


def _screened_best(exact: np.ndarray, floats: np.ndarray, axis: int) -> np.ndarray | None:
    """Where ``exact`` attains its maximum along ``axis``, found through its floats.

    Rounding to the nearest double is monotone, so every exact maximiser has the largest float
    of its slice; a slice with a single largest float therefore has that entry as its only
    exact maximiser, and only slices with tied floats are compared exactly.  ``None`` when
    more than :data:`_SCREEN_TIES` of the slices are tied (the exact comparison is then as
    cheap).
    """
    candidates = floats == floats.max(axis=axis, keepdims=True)
    tied = np.count_nonzero(candidates, axis=axis) > 1
    if np.count_nonzero(tied) > _SCREEN_TIES * tied.size:
        return None
    if not tied.any():
        return candidates
    moved = np.moveaxis(candidates, axis, -1).copy()
    values = np.moveaxis(exact, axis, -1)
    for index in zip(*np.nonzero(tied), strict=True):
        hits = np.flatnonzero(moved[index])
        best = max(values[index][k] for k in hits)
        moved[index] = False
        moved[index][[k for k in hits if values[index][k] == best]] = True
    return np.moveaxis(moved, -1, axis)


def pure_equilibria(
    game: NormalFormGame, *, tol: float | None = None, limit: int | None = None
) -> SolverResult:
    """Every pure Nash equilibrium of ``game``.

    Parameters
    ----------
    game
        Any finite normal-form game.
    tol
        Regret tolerance in float mode (default ``1e-9 * max(1, max|U|)``); ignored when exact.
    limit
        Return at most this many equilibria; if more exist the result says so
        (``complete=False``) instead of truncating silently.

    Returns
    -------
    SolverResult
        Equilibria in lexicographic order of strategy indices, each verified by recomputing the
        best-reply gaps at that profile.

    Examples
    --------
    Battle of the sexes (Luce and Raiffa 1957) has two pure equilibria:

    >>> bos = NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> result = pure_equilibria(bos)
    >>> [eq.pure_profile() for eq in result]
    [(0, 0), (1, 1)]
    """
    tol_value = check_tol(tol, game)
    if limit is not None and limit < 0:
        raise InvalidParameterError(f"limit must be >= 0 or None, got {limit!r}")
    is_eq, is_weak = pure_equilibrium_mask(game, tol_value)
    indices = np.argwhere(is_eq)
    total = len(indices)
    diagnostics = [
        f"{total} pure equilibri{'um' if total == 1 else 'a'} among {game.num_profiles} profiles"
    ]
    complete = True
    if limit is not None and total > limit:
        indices = indices[:limit]
        complete = False
        diagnostics.append(f"returned the first {limit} of {total} pure equilibria (limit)")
    weak = int(is_weak.sum())
    if weak:
        diagnostics.append(
            f"{weak} of them weak (a player has an equally good alternative): "
            "the game is degenerate"
        )
    equilibria = tuple(_pure_equilibrium(game, tuple(int(s) for s in index)) for index in indices)
    if any(
        (eq.max_regret != 0) if game.exact else (eq.max_regret > tol_value) for eq in equilibria
    ):  # pragma: no cover - the mask and the regret are the same inequality
        raise SolverError("a pure equilibrium failed verification")
    return SolverResult(
        method="pure",
        parameters={"tol": tol_value if not game.exact else 0, "limit": limit},
        exact=game.exact,
        equilibria=equilibria,
        complete=complete,
        degenerate=bool(weak) or None,
        diagnostics=tuple(diagnostics),
    )


def _pure_equilibrium(game: NormalFormGame, index: tuple[int, ...]) -> Equilibrium:
    payoffs = game.payoffs
    regret: Any = 0 if game.exact else 0.0
    own = []
    for i in range(game.num_players):
        line = list(index)
        line[i] = slice(None)
        column = payoffs[(i, *line)]
        value = payoffs[(i, *index)]
        regret = max(regret, column.max() - value)
        own.append(value if game.exact else float(value))
    one: Any = Fraction(1) if game.exact else 1.0
    zero: Any = Fraction(0) if game.exact else 0.0
    profile = tuple(
        tuple(one if s == chosen else zero for s in range(a))
        for chosen, a in zip(index, game.shape, strict=True)
    )
    return Equilibrium(
        profile=profile,
        max_regret=regret if game.exact else float(regret),
        payoffs=tuple(own),
    )
