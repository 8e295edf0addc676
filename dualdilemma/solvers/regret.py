"""Regret, verification and deduplication shared by every solver.

:func:`player_regrets` and :func:`max_regret` are defined with the representation
(:mod:`dualdilemma.games.normal_form`) and re-exported here, so the game layer never imports a
solver.

No solver returns a candidate directly: each is passed through :func:`collect_equilibria`, which
recomputes every player's regret from the game's payoffs (exactly with Fractions in exact mode),
keeps candidates whose max regret is at most ``tol`` (exactly zero in exact mode), merges
duplicates and sorts the survivors deterministically.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from dualdilemma._numbers import as_exact_array, rationalize
from dualdilemma.errors import InvalidParameterError
from dualdilemma.games.normal_form import (
    MixedProfile,
    NormalFormGame,
    max_regret,
    player_regrets,
    strategy_values,
)
from dualdilemma.solvers.result import Equilibrium, sort_key

__all__ = [
    "player_regrets",
    "max_regret",
    "default_tol",
    "check_tol",
    "collect_equilibria",
    "to_exact_profile",
]

#: Relative tolerance: regrets are compared with ``1e-9 * max(1, max |payoff|)``.
RELATIVE_TOL = 1e-9


def default_tol(game: NormalFormGame) -> float:
    """The default regret tolerance of a float game, scaled by its largest payoff."""
    if game.exact:
        return 0.0
    scale = float(np.max(np.abs(game.payoffs))) if game.payoffs.size else 1.0
    return RELATIVE_TOL * max(1.0, scale)


def check_tol(tol: float | None, game: NormalFormGame) -> float:
    """Validate a user tolerance (``None`` means :func:`default_tol`)."""
    if tol is None:
        return default_tol(game)
    tol = float(tol)
    if not np.isfinite(tol) or tol < 0:
        raise InvalidParameterError(f"tol must be a finite number >= 0, got {tol!r}")
    return tol


def to_exact_profile(sigma: Sequence[Sequence[Any]], max_denominator: int = 10**6) -> MixedProfile:
    """Round a float profile to nearby fractions, renormalised to lie exactly on the simplex."""
    out = []
    for vector in sigma:
        rounded = [rationalize(max(0.0, float(p)), max_denominator) for p in vector]
        total = sum(rounded)
        if total == 0:
            rounded = [Fraction(1, len(rounded))] * len(rounded)
            total = Fraction(1)
        out.append(as_exact_array([p / total for p in rounded]))
    return tuple(out)


def collect_equilibria(
    game: NormalFormGame,
    candidates: Iterable[Sequence[Sequence[Any]]],
    *,
    tol: float,
    dedupe_tol: float | None = None,
) -> tuple[tuple[Equilibrium, ...], int]:
    """Verify, deduplicate and sort candidate profiles.

    Returns
    -------
    (equilibria, rejected)
        The verified equilibria, and how many candidates failed verification (a solver that
        sees ``rejected > 0`` must not claim completeness).
    """
    accepted: list[tuple[MixedProfile, Any]] = []
    seen_exact: set[tuple] = set()
    flat_rows: list[np.ndarray] = []
    merge_tol = dedupe_tol if dedupe_tol is not None else max(1e-7, 100 * tol)
    rejected = 0
    for candidate in candidates:
        sigma = _coerce(game, candidate)
        regret = max_regret(game, sigma)
        if (game.exact and regret != 0) or (not game.exact and regret > tol):
            rejected += 1
            continue
        if game.exact:
            key = tuple(tuple(s) for s in sigma)
            if key in seen_exact:
                continue
            seen_exact.add(key)
        else:
            flat = np.concatenate(sigma)
            if flat_rows:
                gaps = np.max(np.abs(np.vstack(flat_rows) - flat), axis=1)
                if np.min(gaps) <= merge_tol:
                    continue
            flat_rows.append(flat)
        accepted.append((sigma, regret))
    equilibria = []
    for sigma, regret in accepted:
        values = strategy_values(game.payoffs, sigma)
        payoffs = tuple(v @ s for v, s in zip(values, sigma, strict=True))
        if game.exact:
            profile = tuple(tuple(Fraction(p) for p in s) for s in sigma)
        else:
            profile = tuple(tuple(float(p) for p in s) for s in sigma)
            payoffs = tuple(float(u) for u in payoffs)
        equilibria.append(Equilibrium(profile=profile, max_regret=regret, payoffs=payoffs))
    equilibria.sort(key=lambda eq: sort_key(eq.profile))
    return tuple(equilibria), rejected


def _coerce(game: NormalFormGame, candidate: Sequence[Sequence[Any]]) -> MixedProfile:
    if game.exact:
        return tuple(as_exact_array(s, what="probabilities") for s in candidate)
    out = []
    for s in candidate:
        vector = np.clip(np.asarray(s, dtype=float), 0.0, None)
        total = vector.sum()
        out.append(vector / total if total > 0 else vector)
    return tuple(out)
