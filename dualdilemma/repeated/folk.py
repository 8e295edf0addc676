r"""The feasible and individually rational payoff set, and a folk-theorem check.

The feasible set is the convex hull of the stage game's pure payoff vectors
:math:`F = \operatorname{conv}\{u(s)\}`; the individually rational ones exceed every player's
minmax value :math:`\underline v`.  The folk theorem (Fudenberg and Maskin 1986) says every
:math:`v \in F` with :math:`v \gg \underline v` is a subgame-perfect equilibrium payoff for
:math:`\delta` close enough to one, for two players and, with three or more, when :math:`F` has
full dimension.  Membership in :math:`F` is a linear feasibility problem (weights on the pure
payoff vectors), solved with HiGHS and, for exact games, re-verified with fractions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from scipy.optimize import linprog

from dualdilemma._numbers import to_fraction
from dualdilemma.errors import InvalidProfileError, UnsupportedGameError
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.repeated.punishment import mixed_minmax, pure_minmax

__all__ = ["FeasibleSet", "FolkCheck", "feasible_set", "folk_theorem_check"]


@dataclass(frozen=True)
class FeasibleSet:
    """Vertices of the feasible payoff set (2 or 3 players) and the minmax vector."""

    vertices: np.ndarray
    minmax: tuple[Any, ...]
    minmax_kind: str
    dimension: int


@dataclass(frozen=True)
class FolkCheck:
    """Whether a payoff vector is feasible and strictly individually rational."""

    payoff: tuple[Any, ...]
    feasible: bool
    individually_rational: bool
    full_dimensional: bool
    sustainable_for_patient_players: bool
    weights: tuple[tuple[tuple[int, ...], Any], ...]
    explanation: str


def _payoff_points(game: NormalFormGame) -> tuple[np.ndarray, list[tuple[int, ...]]]:
    profiles = list(np.ndindex(*game.shape))
    points = np.array(
        [[game.payoffs[(i, *s)] for i in range(game.num_players)] for s in profiles],
        dtype=object if game.exact else float,
    )
    return points, profiles


def _minmax(game: NormalFormGame) -> tuple[tuple[Any, ...], str]:
    if game.num_players == 2:
        return mixed_minmax(game), "mixed"
    return pure_minmax(game), "pure (an upper bound on the mixed minmax)"


def feasible_set(game: NormalFormGame) -> FeasibleSet:
    """The convex hull's vertices (via Qhull) and the minmax vector, for 2 or 3 players."""
    if game.num_players not in (2, 3):
        raise UnsupportedGameError(
            f"the feasible set is computed for 2 or 3 players, this game has {game.num_players}"
        )
    from scipy.spatial import ConvexHull, QhullError

    points, _ = _payoff_points(game)
    numeric = points.astype(float)
    unique = np.unique(numeric, axis=0)
    centred = unique - unique.mean(axis=0)
    dimension = int(np.linalg.matrix_rank(centred)) if len(unique) > 1 else 0
    if dimension == game.num_players:
        try:
            hull = ConvexHull(unique)
            vertices = unique[hull.vertices]
        except QhullError:  # pragma: no cover - rank check makes this rare
            vertices = unique
    else:
        vertices = unique
    minmax, kind = _minmax(game)
    return FeasibleSet(vertices=vertices, minmax=minmax, minmax_kind=kind, dimension=dimension)


def folk_theorem_check(game: NormalFormGame, payoff: Sequence[Any]) -> FolkCheck:
    """Is ``payoff`` feasible and strictly individually rational (Fudenberg-Maskin 1986)?

    Examples
    --------
    >>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> folk_theorem_check(pd, (2, 2)).sustainable_for_patient_players
    True
    >>> folk_theorem_check(pd, (4, 4)).feasible
    False
    """
    if len(payoff) != game.num_players:
        raise InvalidProfileError(
            f"need one payoff per player ({game.num_players}), got {len(payoff)}"
        )
    points, profiles = _payoff_points(game)
    target = [to_fraction(v, what="payoff") if game.exact else float(v) for v in payoff]
    numeric = points.astype(float)
    k = len(profiles)
    res = linprog(
        np.zeros(k),
        A_eq=np.vstack([numeric.T, np.ones((1, k))]),
        b_eq=np.append(np.array(target, dtype=float), 1.0),
        bounds=[(0, None)] * k,
        method="highs",
    )
    feasible = res.status == 0
    weights: list[tuple[tuple[int, ...], Any]] = []
    if feasible:
        support = [j for j in range(k) if res.x[j] > 1e-12]
        if game.exact:
            exact_weights = _exact_weights(points, target, support)
            if exact_weights is None:
                feasible = False
            else:
                weights = [
                    (profiles[j], w) for j, w in zip(support, exact_weights, strict=True) if w != 0
                ]
        else:
            weights = [(profiles[j], float(res.x[j])) for j in support]
    minmax, kind = _minmax(game)
    rational = all(v > m for v, m in zip(target, minmax, strict=True))
    unique = np.unique(numeric, axis=0)
    dimension = int(np.linalg.matrix_rank(unique - unique.mean(axis=0))) if len(unique) > 1 else 0
    full = game.num_players == 2 or dimension == game.num_players
    ok = feasible and rational and full
    if not feasible:
        why = "not a convex combination of pure payoff vectors"
    elif not rational:
        why = f"not above every player's {kind} minmax value {[str(m) for m in minmax]}"
    elif not full:
        why = "the feasible set is not full-dimensional, so the n-player folk theorem is silent"
    else:
        why = "feasible and strictly individually rational: sustainable for delta close to 1"
    return FolkCheck(tuple(target), feasible, rational, full, ok, tuple(weights), why)


def _exact_weights(points: np.ndarray, target: list[Fraction], support: list[int]):
    """Exact convex weights on ``support`` (a basic solution), or None if none exists."""
    import sympy

    rows = [[points[j][i] for j in support] for i in range(points.shape[1])]
    rows.append([1] * len(support))
    matrix = sympy.Matrix(rows)
    rhs = sympy.Matrix([*target, 1])
    try:
        solution, params = matrix.gauss_jordan_solve(rhs)
    except ValueError:
        return None
    if params.shape[0]:
        solution = solution.subs({p: 0 for p in params})
    weights = [Fraction(int(sympy.fraction(w)[0]), int(sympy.fraction(w)[1])) for w in solution]
    if any(w < 0 for w in weights):
        return None
    return weights
