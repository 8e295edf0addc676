"""Choose the right solver for a game: the single entry point behind ``dualdilemma solve``.

=========  ==========================================  ==========================================
method     normal-form game                            anonymous game
=========  ==========================================  ==========================================
``pure``   :func:`~.pure_nash.pure_equilibria`         :func:`~.anonymous.anonymous_pure_equilibria`
``all``    2 players: vertex enumeration;              pure equilibria (up to permutation) and
           3+ players: polynomial support enumeration  every symmetric mixed equilibrium
``one``    zero-sum: linear programming; 2 players:    as ``all`` (both are cheap)
           Lemke-Howson from label 0; 3+: logit tracing
=========  ==========================================  ==========================================

``all`` on a two-player game first bounds the vertices of its best-response polytopes
(:func:`dualdilemma.limits.check_solve_all`) and refuses a game beyond the limit
``solve_vertices``; ``dualdilemma solve`` also bounds the support profiles of larger games.
"""

from __future__ import annotations

from typing import Any

from dualdilemma.errors import InvalidParameterError, UnsupportedGameError
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.solvers.result import SolverResult

__all__ = ["solve", "METHODS"]

METHODS = ("pure", "all", "one")


def solve(game: Any, method: str = "all", *, tol: float | None = None) -> SolverResult:
    """Solve ``game`` with the method named ``method`` (see the module docstring).

    Examples
    --------
    >>> from dualdilemma import NormalFormGame
    >>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> solve(pd, "pure")
    SolverResult(method='pure', exact, 1 equilibrium)
    """
    if method not in METHODS:
        raise InvalidParameterError(
            f"unknown method {method!r}; choose one of {', '.join(METHODS)}"
        )
    from dualdilemma.games.anonymous import AnonymousGame

    if isinstance(game, AnonymousGame):
        return _solve_anonymous(game, method, tol)
    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError(
            f"solve needs a NormalFormGame or AnonymousGame, got {type(game).__name__}"
        )
    if method == "pure":
        from dualdilemma.solvers.pure_nash import pure_equilibria

        return pure_equilibria(game, tol=tol)
    if game.num_players == 1:
        from dualdilemma.solvers.pure_nash import pure_equilibria

        return pure_equilibria(game, tol=tol)
    if method == "all":
        if game.num_players == 2:
            from dualdilemma.limits import check_solve_all  # refuse what cannot end in time

            check_solve_all(game)
            from dualdilemma.solvers.vertex_enumeration import vertex_enumeration

            return vertex_enumeration(game, tol=tol)
        from dualdilemma.solvers.polynomial_enumeration import polynomial_equilibria

        return polynomial_equilibria(game, tol=tol)
    # method == "one"
    if game.num_players == 2:
        if game.is_zero_sum():
            from dualdilemma.solvers.zero_sum import zero_sum

            return zero_sum(game, tol=tol)
        from dualdilemma.solvers.lemke_howson import lemke_howson

        return lemke_howson(game, initial_label=0, tol=tol)
    from dualdilemma.solvers.logit import logit_solve

    return logit_solve(game, tol=tol)


def _solve_anonymous(game: Any, method: str, tol: float | None) -> SolverResult:
    from dualdilemma.solvers.anonymous import anonymous_pure_equilibria, symmetric_mixed_equilibria

    pure = anonymous_pure_equilibria(game, tol=tol)
    if method == "pure":
        return pure
    symmetric = symmetric_mixed_equilibria(game, tol=tol)
    # symmetric equilibria in pure strategies are already among the pure ones
    mixed = tuple(eq for eq in symmetric.equilibria if not eq.is_pure)
    return SolverResult(
        method="anonymous_all",
        parameters={**dict(pure.parameters), **dict(symmetric.parameters)},
        exact=pure.exact and symmetric.exact,
        equilibria=pure.equilibria + mixed,
        complete=pure.complete and symmetric.complete,
        degenerate=bool(pure.degenerate or symmetric.degenerate) or None,
        converged=pure.converged and symmetric.converged,
        diagnostics=pure.diagnostics + symmetric.diagnostics,
        components=symmetric.components,
    )
