r"""Logit quantal response equilibria: the principal branch, the Nash equilibrium it tends to,
and maximum-likelihood estimation of the precision :math:`\lambda`.

The correspondence
------------------
A logit QRE with precision :math:`\lambda \ge 0` is a profile with
:math:`\sigma_i(s) \propto \exp(\lambda v_i(s; \sigma_{-i}))` for every player :math:`i`
(McKelvey and Palfrey 1995).  At :math:`\lambda = 0` the unique QRE is the centroid; the
*principal branch* is the connected curve of QRE through it, and for generic games it
converges to a Nash equilibrium as :math:`\lambda \to \infty` (McKelvey and Palfrey 1995,
Theorem 3).  Following Turocy (2005), the branch is traced in log-probabilities
:math:`w_i(s) = \ln \sigma_i(s)`, as the zero set of

.. math::

    H_{i,s}(w, \lambda) = w_i(s) - w_i(0) - \lambda\,(v_i(s) - v_i(0)) \quad (s \ne 0),
    \qquad
    H_{i,0}(w, \lambda) = \textstyle\sum_s e^{w_i(s)} - 1,

:math:`N` equations in :math:`N + 1` unknowns (:math:`N = \sum_i a_i`): a curve in
:math:`(w, \lambda)`.  Probabilities of inferior strategies fall like
:math:`e^{-\lambda \cdot \text{gap}}` while their logarithms stay well scaled, which keeps the
equations well conditioned to large :math:`\lambda` (Turocy 2005, Sec. 4).  Payoffs are scaled
to unit range internally; every :math:`\lambda` reported is in the game's own payoff units.

Path following and its guarantees
----------------------------------
The curve is followed by the arc-length predictor-corrector of
:mod:`dualdilemma.solvers.continuation` (Allgower and Georg 1990): Euler predictor, Newton
corrector orthogonal to the tangent, orientation of the tangent kept by the sign of the
determinant of the augmented Jacobian (so the tracer passes folds, where :math:`\lambda`
turns back, and never re-orients by ":math:`\lambda` increases"; it goes straight through
simple bifurcation points and reports them).  A step is rejected and halved when the first
correction exceeds 0.4 or half the step, when a Newton correction is more than 0.6 times the
one before or Newton needs more than 8 iterations, when the tangent turns by more than 20
degrees, or when the orientation changes over a step longer than :math:`10^{-4}` (such a step
may have landed on a nearby branch; only a step that short crosses a bifurcation point).
Step length is capped at :math:`1 + \lambda` (internal units), so :math:`\lambda` at most
about doubles per step.

*Requested precisions.*  With ``lambdas``, every crossing of each requested value is
located -- between the two traced points that bracket it, by Newton's method in :math:`w`
with :math:`\lambda` fixed from the cubic Hermite interpolant of the arc, or, if that fails
(a long curved step, or next to a fold), within the bracketing step of a finer re-trace of
that piece -- and returned in branch order; :attr:`LogitBranch.crossings` counts them.  Tracing
goes on past the largest requested value until the branch's QRE regret is below
:math:`10^{-6}` of the payoff range (then it is next to a Nash equilibrium, where a branch of
a generic game no longer turns), or to ``max_lambda``; folds beyond are not searched.

*Checked points.*  Every point returned is first checked as a QRE: finite, on the simplex
(:math:`|\sum_s e^{w_i(s)} - 1| \le 10^{-9}`) and with fixed-point residual
:math:`\max |\sigma - \mathrm{logit}_\lambda(\sigma)| \le 10^{-9} + 10^{-14}\lambda` (internal
units).  A point that fails is left out and ``status`` says so.

From the branch to its limit
----------------------------
At precisions :math:`\lambda_1 < \lambda_2 < \dots` spaced by a factor of at least 3 (once
the QRE regret is below 5% of the payoff range), the most likely pure profile and the
strategies with probability above :math:`10^{-3}, 10^{-6}, 10^{-9}` of each player's largest
guess the support of the limit; each guessed support's indifference equations are solved by
Gauss-Newton from the QRE point, and among the solutions that are Nash equilibria (regret
:math:`\le 10^{-9}`) the one nearest the branch is the check's *candidate*.

*A regular candidate* (the support's system nonsingular there, so it is the only solution
nearby) is accepted as the branch's limit only when three successive checks find the same
point (to :math:`10^{-9}`) and the branch's distance :math:`d` to it falls at least like
:math:`1/\lambda` (:math:`\lambda d` does not grow by more than a factor 2, and
:math:`d \le 0.1`) -- the rate at which a branch approaches a regular limit -- or the branch
is within :math:`10^{-10}` of it.  A different equilibrium fails this: the branch's distance to
it levels off, so :math:`\lambda d` grows.  The accepted limit is then made exact when the
game is exact (the nearest simple fraction, or for two players the exact solution of the
support's linear system, verified with zero regret) and verified by
:func:`~dualdilemma.solvers.regret.collect_equilibria`.

*A singular candidate* (the support's system has a null space: the equilibria with that
support form a continuum, as in degenerate games) is the branch's projection onto that set,
which moves as the branch does (in the examples we studied, by
:math:`O(\ln \lambda / \lambda)`).  Four successive projections are extrapolated to
:math:`\lambda = \infty` by fitting :math:`x + (a + b \ln \lambda) / \lambda` componentwise
(twice, to the first and to the last three); when the two estimates agree to
:math:`10^{-6}`, the estimate projected back onto the set (moving it by at most
:math:`10^{-6}`, and verified) is returned in floats, and the
diagnostics state its accuracy as the branch's limit.  The result is ``degenerate=True``
and ``components`` describes the set (support, local dimension = the nullity) in the format
of :func:`~dualdilemma.solvers.polynomial_enumeration.polynomial_equilibria`; a regular limit
with unused best replies is reported there too (it may lie in a larger component).  When no
check confirms a limit before ``max_lambda``, no equilibrium is returned.

Estimation
----------
Given observed choice counts :math:`n_i(s)`, the log-likelihood along the branch is
:math:`\ell(\lambda) = \sum_{i,s} n_i(s)\, w_i(s; \lambda)`; :func:`fit_logit` maximises it
over the principal branch (McKelvey and Palfrey 1995, Sec. 5; Gambit's ``logit_estimate``):
the best traced point is refined by a bounded scalar search in :math:`\lambda`.

References
----------
Allgower, E. L. and Georg, K. (1990). *Numerical Continuation Methods*. Springer.
McKelvey, R. D. and Palfrey, T. R. (1995). Quantal response equilibria for normal form games.
*Games and Economic Behavior* 10(1), 6-38.
Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence. *Games and Economic Behavior* 51(2), 243-263.

Examples
--------
A 2x3 game whose principal branch bends back twice: :math:`\lambda = 0.1` is met three times.

>>> from dualdilemma import NormalFormGame
>>> g = NormalFormGame.from_arrays([[73, 16, 46], [-44, 18, 80]], [[-60, 20, -89], [-29, 27, 52]])
>>> branch = logit_path(g, lambdas=[0.1, 0.5])
>>> branch.lambdas.tolist(), dict(branch.crossings)
([0.1, 0.1, 0.1, 0.5], {0.1: 3, 0.5: 1})
>>> logit_solve(g)[0]
Equilibrium([(0, 1), (0, 0, 1)], max_regret=0)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

from dualdilemma.errors import InvalidParameterError, UnsupportedGameError
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.solvers.continuation import ArcLengthTracer, StepControl
from dualdilemma.solvers.regret import check_tol, collect_equilibria, max_regret, to_exact_profile
from dualdilemma.solvers.result import SolverResult

__all__ = ["LogitBranch", "LogitFit", "logit_path", "logit_solve", "fit_logit", "qre_residual"]

#: Internal precision (payoffs scaled to unit range) at which tracing stops by default.
DEFAULT_MAX_LAMBDA = 1e7
#: Past the largest requested lambda, tracing stops once the QRE regret is below this
#: fraction of the payoff range.
SETTLED_REGRET = 1e-6
#: A returned point's sum constraint and fixed-point residual must be within these bounds.
SIMPLEX_TOL = 1e-9
RESIDUAL_TOL = 1e-9
#: Relative probability thresholds that guess the support of the limit.
SUPPORT_THRESHOLDS = (1e-3, 1e-6, 1e-9)
#: Two-player games up to this many pure profiles have a degenerate limit located among the
#: maximal Nash subsets of vertex enumeration.
MAX_PROFILES_FOR_SUBSETS = 400


@dataclass(frozen=True)
class LogitBranch:
    """Points of the principal logit QRE branch, each checked as a QRE.

    Attributes
    ----------
    lambdas
        Precision of each point, in the game's payoff units, in the order met along the branch
        (not monotone where the branch bends back).
    profiles
        ``(len(lambdas), sum(shape))`` array: each row the players' probability vectors,
        concatenated.
    shape
        Number of strategies of each player (to split the rows).
    status
        Why tracing stopped, and any requested point left out (with the reason).
    crossings
        With requested ``lambdas``: ``(lambda, count)`` pairs, how often the branch crossed
        each requested value before tracing stopped (more than 1 on a folded branch).
    folds
        Approximate precisions at which the traced branch turned back (local extrema of
        :math:`\\lambda` along the arc), in branch order.
    """

    lambdas: np.ndarray
    profiles: np.ndarray
    shape: tuple[int, ...]
    status: str
    crossings: tuple[tuple[float, int], ...] = ()
    folds: tuple[float, ...] = field(default=())

    def __post_init__(self) -> None:
        for array in (self.lambdas, self.profiles):
            array.setflags(write=False)

    def __len__(self) -> int:
        return len(self.lambdas)

    def profile(self, k: int) -> tuple[np.ndarray, ...]:
        """The ``k``-th point as one probability vector per player."""
        return tuple(np.split(self.profiles[k], np.cumsum(self.shape)[:-1]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "lambdas": [float(lam) for lam in self.lambdas],
            "profiles": [
                [[float(p) for p in vector] for vector in self.profile(k)] for k in range(len(self))
            ],
            "shape": list(self.shape),
            "status": self.status,
            "crossings": [[float(lam), int(count)] for lam, count in self.crossings],
            "folds": [float(lam) for lam in self.folds],
        }

    def __repr__(self) -> str:
        last = f", last lambda={self.lambdas[-1]:.6g}" if len(self) else ""
        folds = f", {len(self.folds)} folds" if self.folds else ""
        return f"LogitBranch({len(self)} points{last}{folds}, status={self.status!r})"


class LogitFit(NamedTuple):
    """Maximum-likelihood fit of the logit QRE: unpacks as ``(lam, log_likelihood, profile)``."""

    lam: float
    log_likelihood: float
    profile: tuple[np.ndarray, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "lambda": self.lam,
            "log_likelihood": self.log_likelihood,
            "profile": [[float(p) for p in vector] for vector in self.profile],
        }


# -- public functions ---------------------------------------------------------------------------
def logit_path(
    game: NormalFormGame,
    *,
    max_lambda: float | None = None,
    lambdas: Sequence[float] | None = None,
    first_step: float = 0.03,
    max_accel: float = 2.0,
    max_steps: int = 10_000,
    time_budget: float | None = None,
) -> LogitBranch:
    """Trace the principal branch of logit QRE from the centroid (see the module docstring).

    Parameters
    ----------
    game
        Any finite normal-form game (exact games are traced in floating point).
    max_lambda
        Stop at this precision (payoff units).  Default: when the QRE point's regret falls
        below ``1e-8`` times the payoff range, or at ``1e7`` over the payoff range.
    lambdas
        If given, return the branch exactly at these precisions instead of at the steps
        taken: every crossing of each value, in branch order (a value met three times where
        the branch bends back appears three times; ``crossings`` counts them).  Tracing goes
        on past ``max(lambdas)`` until the branch has settled (see the module docstring), or
        to ``max_lambda`` if that is given.
    first_step, max_accel
        Initial arc-length step and largest growth factor of the step after an easy step.
    max_steps, time_budget
        Budgets; when one ends the branch stops there and ``status`` says so.

    Returns
    -------
    LogitBranch
        Frozen: ``lambdas``, ``profiles``, ``crossings``, ``folds`` and the ``status``.  Every
        point in it has passed :func:`qre_residual`.

    Examples
    --------
    Matching pennies: the QRE is the centroid at every precision.

    >>> from dualdilemma import NormalFormGame
    >>> mp = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> branch = logit_path(mp, lambdas=[0.5, 2.0])
    >>> branch.lambdas.tolist()
    [0.5, 2.0]
    >>> branch.profile(1)[0].round(6).tolist()
    [0.5, 0.5]
    """
    system = _LogitSystem.from_game(game)
    _check_budgets(max_steps, time_budget)
    targets = None
    if lambdas is not None:
        targets = sorted({_check_lambda(lam, "lambdas") for lam in lambdas})
    if max_lambda is not None:
        max_lambda = _check_lambda(max_lambda, "max_lambda")
    _check_step(first_step, max_accel)
    limit = DEFAULT_MAX_LAMBDA if max_lambda is None else max_lambda * system.scale
    points: list[tuple[float, np.ndarray]] = []  # (lambda in payoff units, y)
    counts = {lam: 0 for lam in targets} if targets is not None else {}
    start = system.start()
    if targets is not None and targets[0] == 0.0:
        points.append((0.0, start))
        counts[0.0] = 1
    elif targets is None:
        points.append((0.0, start))
    internal = [t * system.scale for t in targets or [] if t > 0.0]
    highest = max(internal, default=0.0)
    tracer = _tracer(system, first_step, max_accel, max_steps, time_budget)
    folds: list[float] = []
    previous, previous_tangent = start, None
    status = ""
    for current, tangent in tracer.run(first_step):
        before_tangent = tracer.initial_tangent if previous_tangent is None else previous_tangent
        if previous_tangent is not None and previous_tangent[-1] * tangent[-1] < 0:
            # lambda turned: a maximum along the arc if it now falls, else a minimum
            turn = max if tangent[-1] < 0 else min
            folds.append(turn(previous[-1], current[-1]))
        previous_tangent = tangent
        if targets is None:
            if current[-1] >= limit:
                point = _locate_crossing(system, previous, current, limit)
                if point is not None:
                    points.append((max_lambda if max_lambda is not None else limit, point))
                status = f"reached lambda={limit / system.scale:.6g}"
                break
            points.append((current[-1] / system.scale, current))
            if max_lambda is None and system.regret(current) <= 1e-8:
                status = "QRE regret below 1e-8 of the payoff range"
                break
        else:
            for target, lam in zip(internal, [t for t in targets if t > 0.0], strict=True):
                if _crosses(previous[-1], current[-1], target):
                    counts[lam] += 1
                    point = _locate_crossing(
                        system, previous, current, target, (before_tangent, tangent)
                    )
                    if point is None:
                        status += f"; the crossing of lambda={lam:g} could not be located"
                        continue
                    point[-1] = target
                    points.append((lam, point))
            if current[-1] >= limit:
                status = f"reached max lambda={limit / system.scale:.6g}" + status
                break
            if current[-1] > highest and system.regret(current) <= SETTLED_REGRET:
                status = (
                    f"passed lambda={highest / system.scale:g}; stopped at "
                    f"lambda={current[-1] / system.scale:.6g} where the QRE regret is below "
                    f"{SETTLED_REGRET:g} of the payoff range" + status
                )
                break
        previous = current
    if tracer.status:
        status = (
            f"{tracer.status} at lambda={tracer.y[-1] / system.scale:.6g} after "
            f"{tracer.count} steps" + status
        )
    lams_out, rows = [], []
    for lam, y in points:
        reason = system.check_point(y)
        if reason is not None:
            status += f"; the point at lambda={lam:g} was left out: {reason}"
            continue
        lams_out.append(lam)
        rows.append(system.probabilities(y))
    if targets is not None:
        missing = [lam for lam in targets if counts[lam] == 0]
        if missing:
            status += "; never reached lambda=" + ", ".join(f"{lam:g}" for lam in missing)
        several = [f"lambda={lam:g} crossed {c} times" for lam, c in counts.items() if c > 1]
        if several:
            status += "; the branch bends back: " + ", ".join(several)
    return LogitBranch(
        lambdas=np.asarray(lams_out, dtype=float),
        profiles=np.asarray(rows, dtype=float).reshape(len(lams_out), system.size),
        shape=game.shape,
        status=status.lstrip("; "),
        crossings=tuple((lam, counts[lam]) for lam in targets or ()),
        folds=tuple(lam / system.scale for lam in folds),
    )


def qre_residual(game: NormalFormGame, profile: Sequence[Sequence[float]], lam: float) -> float:
    """Largest gap between a profile and its own logit response at precision ``lam``.

    :math:`\\max_{i,s} |\\sigma_i(s) - e^{\\lambda v_i(s)} / \\sum_t e^{\\lambda v_i(t)}|`
    (payoff units), zero exactly at a logit QRE.

    >>> from dualdilemma import NormalFormGame
    >>> mp = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> qre_residual(mp, [[0.5, 0.5], [0.5, 0.5]], 3.0)
    0.0
    """
    payoffs = game.to_float().payoffs
    sigma = [np.asarray(v, dtype=float) for v in profile]
    return _residual(payoffs, sigma, float(lam))


def logit_solve(
    game: NormalFormGame,
    *,
    tol: float | None = None,
    max_lambda: float | None = None,
    max_steps: int = 10_000,
    time_budget: float | None = None,
    first_step: float = 0.03,
    max_accel: float = 2.0,
) -> SolverResult:
    """One Nash equilibrium: the limit of the principal logit QRE branch, refined and verified.

    Parameters
    ----------
    game
        Any finite normal-form game, any number of players.
    tol
        Regret tolerance of the returned equilibrium (default ``1e-9 * max(1, max|U|)``).
    max_lambda
        Give up at this precision in payoff units (default ``1e7`` over the payoff range).
    max_steps, time_budget
        Budgets of the trace (steps, seconds).
    first_step, max_accel
        Step control, as in :func:`logit_path`.

    Returns
    -------
    SolverResult
        ``converged=True`` with the branch's limit (see "From the branch to its limit" in the
        module docstring), or ``converged=False`` with no equilibrium and a diagnostic quoting
        the last QRE point (an approximation, labelled as such) and its regret.  ``complete``
        is always ``False`` (one equilibrium).  The result is exact when the game is exact
        and the limit is rational and isolated.  ``degenerate`` and ``components`` describe a
        limit that need not be isolated.

    Examples
    --------
    >>> import numpy as np
    >>> from dualdilemma import NormalFormGame
    >>> u = np.zeros((3, 2, 2, 2), dtype=int)
    >>> u[:, 0, 0, 0], u[:, 1, 1, 0], u[:, 1, 0, 1] = (9, 8, 12), (9, 8, 2), (3, 4, 6)
    >>> u[:, 0, 1, 1] = (3, 4, 6)
    >>> result = logit_solve(NormalFormGame(u))
    >>> result.converged, len(result)
    (True, 1)
    >>> result[0]
    Equilibrium([(1/2, 1/2), (1/2, 1/2), (1, 0)], max_regret=0)
    """
    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError(f"logit_solve needs a NormalFormGame, got {type(game).__name__}")
    float_game = game.to_float()
    tol_value = check_tol(tol, float_game)
    _check_step(first_step, max_accel)
    _check_budgets(max_steps, time_budget)
    if max_lambda is not None:
        max_lambda = _check_lambda(max_lambda, "max_lambda")
    parameters = {
        "tol": tol_value,
        "max_lambda": max_lambda,
        "max_steps": max_steps,
        "time_budget": time_budget,
        "first_step": first_step,
        "max_accel": max_accel,
    }
    system = _LogitSystem.from_game(game)
    limit = DEFAULT_MAX_LAMBDA if max_lambda is None else max_lambda * system.scale
    tracer = _tracer(system, first_step, max_accel, max_steps, time_budget)
    history: list[_Candidate] = []  # checks along the branch agreeing on the support
    accepted: _Candidate | None = None
    status = ""
    last = system.start()
    next_check = 1.0
    for current, _ in tracer.run(first_step):
        last = current
        at_end = current[-1] >= limit
        if not at_end and (current[-1] < next_check or system.regret(current) > 0.05):
            continue
        next_check = 3.0 * current[-1]
        candidate = _limit_candidate(system, current, history[-1] if history else None)
        if candidate is None:
            history = []
        else:
            if history and (history[-1].support, history[-1].nullity) != (
                candidate.support,
                candidate.nullity,
            ):
                history = []
            history.append(candidate)
            accepted, status = _confirmed_limit(system, history)
            if accepted is not None:
                break
        if at_end:
            status = f"reached max lambda={limit / system.scale:.6g} without a confirmed limit"
            break
    if tracer.status:
        status = f"{tracer.status} at lambda={tracer.y[-1] / system.scale:.6g}" + (
            f"; {status}" if status else ""
        )
    diagnostics = [f"{tracer.count} steps ({tracer.rejected} rejected); {status}"]
    if tracer.bifurcations:
        diagnostics.append(
            f"passed {len(tracer.bifurcations)} bifurcation point(s) of the QRE correspondence "
            f"(at lambda={', '.join(f'{b[-1] / system.scale:.6g}' for b in tracer.bifurcations)})"
        )
    if accepted is None:
        sigma = system.profile(last)
        regret = float(max_regret(float_game, sigma))
        approximate = [[round(float(p), 9) for p in v] for v in sigma]
        diagnostics.append(
            f"no equilibrium returned; APPROXIMATE last QRE point at "
            f"lambda={last[-1] / system.scale:.6g} (not an equilibrium, regret {regret:.3g}): "
            f"{approximate}"
        )
        return SolverResult(
            method="logit",
            parameters=parameters,
            exact=False,
            equilibria=(),
            complete=False,
            converged=False,
            diagnostics=tuple(diagnostics),
        )
    return _finish(game, float_game, system, accepted, tol_value, parameters, diagnostics)


def fit_logit(
    game: NormalFormGame,
    counts: Sequence[Sequence[float]],
    *,
    max_lambda: float | None = None,
    first_step: float = 0.03,
    max_accel: float = 2.0,
    max_steps: int = 10_000,
) -> LogitFit:
    """Maximum-likelihood precision of the logit QRE for observed choice counts.

    Parameters
    ----------
    game
        The game the choices were made in.
    counts
        One vector per player: how often each strategy was observed (non-negative; any
        player may have no observation).
    max_lambda
        Largest precision considered (payoff units).  Default: the branch is traced until its
        QRE regret is below ``1e-8`` of the payoff range.
    first_step, max_accel, max_steps
        Path-following controls, as in :func:`logit_path`.

    Returns
    -------
    LogitFit
        ``(lam, log_likelihood, profile)``: the estimate, the log-likelihood
        :math:`\\sum n_i(s) \\ln \\sigma_i(s)` there (without the multinomial constant) and the
        fitted QRE.  When the likelihood still rises at the end of the traced branch (choices
        as sharp as a Nash equilibrium), ``lam`` is that end.

    Examples
    --------
    >>> from dualdilemma import NormalFormGame
    >>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> fit = fit_logit(pd, [[30, 70], [30, 70]])
    >>> round(fit.lam, 4), fit.profile[0].round(4).tolist()
    (0.6518, [0.3, 0.7])
    """
    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError(f"fit_logit needs a NormalFormGame, got {type(game).__name__}")
    data = _check_counts(game, counts)
    _check_step(first_step, max_accel)
    if max_lambda is not None:
        max_lambda = _check_lambda(max_lambda, "max_lambda")
    _check_budgets(max_steps, None)
    system = _LogitSystem.from_game(game)
    limit = DEFAULT_MAX_LAMBDA if max_lambda is None else max_lambda * system.scale
    tracer = _tracer(system, first_step, max_accel, max_steps, None)

    def loglik(y: np.ndarray) -> float:
        return float(data @ y[:-1])

    points = [system.start()]
    values = [loglik(points[0])]
    for current, _ in tracer.run(first_step):
        if current[-1] > limit:
            located = _locate_crossing(system, points[-1], current, limit)
            current = located if located is not None else current
        points.append(current)
        values.append(loglik(current))
        if current[-1] >= limit or (max_lambda is None and system.regret(current) <= 1e-8):
            break
    best = int(np.argmax(values))
    y = points[best]
    if 0 < best < len(points) - 1:
        y = _refine_maximum(system, points[best - 1], points[best], points[best + 1], loglik)
    return LogitFit(
        lam=float(y[-1] / system.scale),
        log_likelihood=loglik(y),
        profile=system.profile(y),
    )


# -- the branch's equations -----------------------------------------------------------------------
class _LogitSystem:
    """The equations :math:`H(w, \\lambda) = 0` of the module docstring (internal units)."""

    def __init__(self, payoffs: np.ndarray, scale: float):
        self.payoffs = payoffs
        self.scale = scale
        self.shape = tuple(payoffs.shape[1:])
        self.n = len(self.shape)
        self.offsets = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)
        self.size = int(self.offsets[-1])
        self.blocks = [(int(self.offsets[i]), a) for i, a in enumerate(self.shape)]
        self.transposed = np.ascontiguousarray(payoffs[1].T) if self.n == 2 else None
        # the constant entries of the Jacobian: d/dw of w_i(s) - w_i(0)
        self.template = np.zeros((self.size, self.size + 1))
        for o, a in self.blocks:
            rows = np.arange(o + 1, o + a)
            self.template[rows, rows] = 1.0
            self.template[rows, o] = -1.0

    @classmethod
    def from_game(cls, game: Any) -> _LogitSystem:
        if not isinstance(game, NormalFormGame):
            raise UnsupportedGameError(
                f"the logit QRE needs a NormalFormGame, got {type(game).__name__}"
            )
        payoffs = game.to_float().payoffs
        spread = float(payoffs.max() - payoffs.min()) if payoffs.size else 0.0
        scale = spread if spread > 0 else 1.0
        return cls(payoffs / scale, scale)

    def start(self) -> np.ndarray:
        w0 = np.concatenate([np.full(a, -math.log(a)) for a in self.shape])
        return np.append(w0, 0.0)

    def split(self, flat: np.ndarray) -> tuple[np.ndarray, ...]:
        return tuple(flat[self.offsets[i] : self.offsets[i + 1]] for i in range(self.n))

    def profile(self, y: np.ndarray) -> tuple[np.ndarray, ...]:
        """The point's mixed profile, each vector normalised to sum 1."""
        return tuple(v / v.sum() for v in self.split(np.exp(y[:-1])))

    def probabilities(self, y: np.ndarray) -> np.ndarray:
        return np.concatenate(self.profile(y))

    def equations(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        w, lam = y[:-1], y[-1]
        sigma = self.split(np.exp(w))
        values, pairs = self.values_and_pairs(sigma)
        h = np.empty(self.size)
        jac = self.template.copy()
        for i, (o, a) in enumerate(self.blocks):
            gaps = values[i][1:] - values[i][0]
            h[o] = sigma[i].sum() - 1.0
            h[o + 1 : o + a] = w[o + 1 : o + a] - w[o] - lam * gaps
            jac[o, o : o + a] = sigma[i]
            jac[o + 1 : o + a, -1] = -gaps
            for j, (p, b) in enumerate(self.blocks):
                if j != i:
                    d = pairs[i][j]
                    jac[o + 1 : o + a, p : p + b] = (-lam) * (d[1:] - d[0]) * sigma[j]
        return h, jac

    def values_and_pairs(self, sigma: Sequence[np.ndarray]) -> tuple[list, list]:
        """Strategy values and ``d v_i / d sigma_j`` (two players: the payoff matrices)."""
        if self.n == 2:
            a, b_transposed = self.payoffs[0], self.transposed
            return [a @ sigma[1], b_transposed @ sigma[0]], [[None, a], [b_transposed, None]]
        return _values_and_pairs(self.payoffs, sigma, need_pairs=True)

    def regret(self, y: np.ndarray) -> float:
        """Nash regret of the QRE point (internal units, so relative to the payoff range)."""
        sigma = self.profile(y)
        values, _ = _values_and_pairs(self.payoffs, sigma, need_pairs=False)
        return max(float(v.max() - v @ s) for v, s in zip(values, sigma, strict=True))

    def check_point(self, y: np.ndarray) -> str | None:
        """``None`` if ``y`` is a QRE (finite, on the simplex, small residual), else why not."""
        if not np.all(np.isfinite(y)):
            return "not finite"
        if y[-1] < 0:
            return f"negative lambda {y[-1]:.3g}"
        with np.errstate(all="ignore"):
            raw = self.split(np.exp(y[:-1]))
            sums = np.array([v.sum() for v in raw])
            if not np.all(np.isfinite(sums)) or np.max(np.abs(sums - 1.0)) > SIMPLEX_TOL:
                return f"off the simplex (probability sums {sums.tolist()})"
            sigma = [v / v.sum() for v in raw]
            residual = _residual(self.payoffs, sigma, float(y[-1]))
        bound = RESIDUAL_TOL + 1e-14 * float(y[-1])
        if not residual <= bound:
            return f"logit fixed-point residual {residual:.3g} above {bound:.3g}"
        return None

    def solve_at(self, w: np.ndarray, lam: float, iterations: int = 30) -> np.ndarray | None:
        """Newton's method in ``w`` with ``lambda`` fixed; ``None`` unless it converges."""
        w = w.copy()
        with np.errstate(all="ignore"):
            for _ in range(iterations):
                y = np.append(w, lam)
                h, jac = self.equations(y)
                if not (np.all(np.isfinite(h)) and np.all(np.isfinite(jac))):
                    return None
                try:
                    delta = np.linalg.solve(jac[:, :-1], h)
                except np.linalg.LinAlgError:
                    return None
                if not np.all(np.isfinite(delta)):
                    return None
                w = w - delta
                if np.max(np.abs(delta)) <= 1e-13 * (1.0 + float(np.max(np.abs(w)))):
                    return np.append(w, lam)
        return None


def _residual(payoffs: np.ndarray, sigma: Sequence[np.ndarray], lam: float) -> float:
    values, _ = _values_and_pairs(payoffs, sigma, need_pairs=False)
    worst = 0.0
    with np.errstate(all="ignore"):
        for v, s in zip(values, sigma, strict=True):
            z = lam * (v - v.max())
            response = np.exp(z) / np.exp(z).sum()
            worst = max(worst, float(np.max(np.abs(response - s))))
    return worst if math.isfinite(worst) else math.inf


def _tracer(
    system: _LogitSystem,
    first_step: float,
    max_accel: float,
    max_steps: int,
    time_budget: float | None,
) -> ArcLengthTracer:
    del first_step  # (given to run())
    return ArcLengthTracer(
        system.equations,
        system.start(),
        orient_along=system.size,  # lambda increases at the centroid
        control=StepControl(max_accel=max_accel),
        max_steps=max_steps,
        time_budget=time_budget,
        # lambda at most about doubles per step (arc length ~ lambda at large lambda)
        max_step=lambda y: 1.0 + abs(float(y[-1])),
    )


def _crosses(before: float, after: float, target: float) -> bool:
    """Whether the step from ``before`` to ``after`` crosses ``target`` (each crossing once)."""
    return before < target <= after or after <= target < before


def _locate_crossing(
    system: _LogitSystem,
    before: np.ndarray,
    after: np.ndarray,
    target: float,
    tangents: tuple[np.ndarray, np.ndarray] | None = None,
    depth: int = 0,
) -> np.ndarray | None:
    """The branch point at ``lambda = target`` between two neighbouring traced points.

    Newton's method in ``w`` with ``lambda`` fixed, from the cubic Hermite interpolant of the
    arc (when the end tangents are known; else the chord) where its ``lambda`` equals
    ``target``; the result must lie on this piece of arc (within 1.5 chord lengths of both
    ends).  If that fails (a strongly curved piece, or next to a fold where that Newton is
    ill-conditioned), the piece is traced again with steps of a twentieth of its length and
    the crossing located within the small step that brackets it.
    """
    chord = after - before
    length = float(np.linalg.norm(chord))
    guess = _interpolate(before, after, target, tangents)
    point = system.solve_at(guess[:-1], target)
    if point is not None:
        if max(np.linalg.norm(point - before), np.linalg.norm(point - after)) <= 1.5 * length:
            return point
    if depth >= 2 or length == 0 or tangents is None:
        return None
    tracer = ArcLengthTracer(
        system.equations,
        before,
        orient_along=system.size,
        tangent=tangents[0],
        max_steps=400,
        max_step=lambda y: length / 20.0,
    )
    previous, previous_tangent = before, tangents[0]
    with np.errstate(all="ignore"):
        for current, tangent in tracer.run(length / 20.0):
            if _crosses(previous[-1], current[-1], target):
                return _locate_crossing(
                    system, previous, current, target, (previous_tangent, tangent), depth + 1
                )
            if np.linalg.norm(current - before) > 2.0 * length:
                break
            previous, previous_tangent = current, tangent
    return None


def _interpolate(
    before: np.ndarray,
    after: np.ndarray,
    target: float,
    tangents: tuple[np.ndarray, np.ndarray] | None,
) -> np.ndarray:
    """The point of the chord, or of the cubic Hermite arc, where ``lambda = target``."""
    span = after[-1] - before[-1]
    if tangents is None:
        weight = 0.5 if span == 0 else (target - before[-1]) / span
        return before + weight * (after - before)
    length = float(np.linalg.norm(after - before))
    t0, t1 = tangents[0] * length, tangents[1] * length

    def hermite(theta: float) -> np.ndarray:
        theta2, theta3 = theta * theta, theta**3
        return (
            (2 * theta3 - 3 * theta2 + 1) * before
            + (theta3 - 2 * theta2 + theta) * t0
            + (-2 * theta3 + 3 * theta2) * after
            + (theta3 - theta2) * t1
        )

    from scipy.optimize import brentq

    try:
        theta = brentq(lambda x: hermite(x)[-1] - target, 0.0, 1.0, xtol=1e-14)
    except ValueError:  # (no sign change: target at an end)
        theta = 0.0 if abs(before[-1] - target) <= abs(after[-1] - target) else 1.0
    return hermite(theta)


def _values_and_pairs(
    payoffs: np.ndarray, sigma: Sequence[np.ndarray], *, need_pairs: bool
) -> tuple[list[np.ndarray], list[list[np.ndarray | None]]]:
    """Each player's strategy values and, if asked, ``d v_i(s) / d sigma_j(t)`` for ``j != i``.

    The derivative matrices are the payoff tensor contracted with every mixture but ``i``'s and
    ``j``'s; they are computed for all ``j`` at once by splitting the opponents in halves and
    contracting one half before recursing into the other (``O(n log n)`` contractions of
    geometrically shrinking tensors per player).
    """
    n = payoffs.shape[0]
    values: list[np.ndarray] = []
    pairs: list[list[np.ndarray | None]] = []
    for i in range(n):
        if n == 1:
            values.append(payoffs[0].astype(float))
            pairs.append([None])
            continue
        row: list[np.ndarray | None] = [None] * n
        if need_pairs:
            for j, matrix in _leave_one_out(payoffs[i], list(range(n)), i, sigma).items():
                row[j] = matrix
            j0 = 1 if i == 0 else 0
            values.append(row[j0] @ sigma[j0])
        else:
            tensor, labels = payoffs[i], list(range(n))
            tensor, labels = _contract(tensor, labels, sigma, {j for j in range(n) if j != i})
            values.append(tensor)
        pairs.append(row)
    return values, pairs


def _contract(
    tensor: np.ndarray, labels: list[int], sigma: Sequence[np.ndarray], drop: set[int]
) -> tuple[np.ndarray, list[int]]:
    """Contract the axes of the players in ``drop`` with their mixtures.

    Each maximal run of adjacent dropped axes is contracted at once, with the outer product of
    the run's mixtures, by one matrix product.
    """
    position = len(labels)
    while position > 0:
        if labels[position - 1] not in drop:
            position -= 1
            continue
        end = position
        while position > 0 and labels[position - 1] in drop:
            position -= 1
        weights = sigma[labels[position]]
        for label in labels[position + 1 : end]:
            weights = np.multiply.outer(weights, sigma[label]).reshape(-1)
        shape = tensor.shape
        pre, post = math.prod(shape[:position]), math.prod(shape[end:])
        block = tensor.reshape(pre, weights.size, post)
        tensor = (weights @ block).reshape(shape[:position] + shape[end:])
    return tensor, [label for label in labels if label not in drop]


def _leave_one_out(
    tensor: np.ndarray, labels: list[int], keep: int, sigma: Sequence[np.ndarray]
) -> dict[int, np.ndarray]:
    others = [label for label in labels if label != keep]
    if len(others) == 1:
        matrix = tensor if labels[0] == keep else tensor.T
        return {others[0]: matrix}
    half = len(others) // 2
    left, right = others[:half], others[half:]
    out = {}
    for theirs in (right, left):
        reduced, reduced_labels = _contract(tensor, labels, sigma, set(theirs))
        out.update(_leave_one_out(reduced, reduced_labels, keep, sigma))
    return out


# -- from the branch to a Nash equilibrium ---------------------------------------------------


# -- from the branch to its limit ----------------------------------------------------------------
@dataclass(frozen=True)
class _Candidate:
    """An equilibrium solving one support's indifference equations near a branch point."""

    sigma: tuple[np.ndarray, ...]
    support: tuple[tuple[int, ...], ...]
    nullity: int  # of the support's system at the solution: 0 when the solution is regular
    ties: tuple[tuple[int, int], ...]  # unused best replies (player, strategy)
    lam: float  # internal units
    distance: float  # from the branch point at ``lam``
    accuracy: float = 0.0  # estimated distance to the limit, when that is not isolated


def _limit_candidate(
    system: _LogitSystem, y: np.ndarray, previous: _Candidate | None = None
) -> _Candidate | None:
    """The equilibrium nearest the branch point among the supports its probabilities suggest.

    When ``previous`` (the last check's candidate) is given, its support is tried alone
    first; the confirmation tests of :func:`_confirmed_limit` decide whether it is the limit.
    """
    sigma = system.profile(y)
    if previous is not None:
        again = _limit_candidate_on(system, y, sigma, [previous.support])
        if again is not None and _approaching(previous, again):
            return again
    guesses = [tuple((int(np.argmax(v)),) for v in sigma)]
    for threshold in SUPPORT_THRESHOLDS:
        guesses.append(
            tuple(tuple(int(s) for s in np.flatnonzero(v >= threshold * v.max())) for v in sigma)
        )
    return _limit_candidate_on(system, y, sigma, list(dict.fromkeys(guesses)))


def _limit_candidate_on(
    system: _LogitSystem,
    y: np.ndarray,
    sigma: tuple[np.ndarray, ...],
    guesses: list[tuple[tuple[int, ...], ...]],
) -> _Candidate | None:
    best = None
    for supports in guesses:
        solved = _solve_support(system.payoffs, sigma, supports)
        if solved is None:
            continue
        candidate, nullity = solved
        values, _ = _values_and_pairs(system.payoffs, candidate, need_pairs=False)
        regret = max(float(v.max() - v @ s) for v, s in zip(values, candidate, strict=True))
        if not regret <= 1e-9:
            continue
        # unused best replies: best replies without probability (also inside a guessed
        # support whose solution gives them none)
        ties = tuple(
            (i, s)
            for i, v in enumerate(values)
            for s in range(len(v))
            if candidate[i][s] <= 1e-12 and v[s] >= v @ candidate[i] - 1e-9
        )
        distance = max(float(np.max(np.abs(c - s))) for c, s in zip(candidate, sigma, strict=True))
        if best is None or distance < best.distance:
            best = _Candidate(candidate, supports, nullity, ties, float(y[-1]), distance)
    return best


def _confirmed_limit(
    system: _LogitSystem, history: list[_Candidate]
) -> tuple[_Candidate | None, str]:
    """The branch's limit if the checks so far agree on it (see the module docstring).

    Regular solution: the last three checks found the same point (to ``1e-9``) and the
    branch's distance to it fell at least like ``1/lambda`` (``distance * lambda`` did not
    grow by more than a factor 2), or the branch is within ``1e-10`` of it.  A continuum of
    solutions: the branch's projections onto it at the last four checks, extrapolated by
    the model ``x + (a + b ln lambda) / lambda``, give two estimates that agree to ``1e-6``.
    """
    last = history[-1]
    text = f"support {_support_text(last.support)}"
    if last.nullity == 0:
        if last.distance <= 1e-10 and len(history) >= 2:
            gap = _gap(history[-2].sigma, last.sigma)
            if gap <= 1e-9:
                return last, (
                    f"the branch converges to the equilibrium with {text}: it is within "
                    f"{last.distance:.1e} of it at lambda={last.lam / system.scale:.6g}"
                )
        if len(history) < 3:
            return None, ""
        a, b, c = history[-3:]
        same = _gap(a.sigma, b.sigma) <= 1e-9 and _gap(b.sigma, c.sigma) <= 1e-9
        falling = _approaching(a, b) and _approaching(b, c)
        if not (same and falling):
            return None, ""
        return c, (
            f"the branch converges to the equilibrium with {text}: the same point solves "
            f"that support at lambda={a.lam / system.scale:.6g}, {b.lam / system.scale:.6g} "
            f"and {c.lam / system.scale:.6g}, and the branch's distance to it fell like "
            f"1/lambda or faster ({a.distance:.3g}, {b.distance:.3g}, {c.distance:.3g})"
        )
    if len(history) < 4:
        return None, ""
    flats = [np.concatenate(h.sigma) for h in history[-4:]]
    lams = [h.lam for h in history[-4:]]
    first, second = _extrapolate(lams[:3], flats[:3]), _extrapolate(lams[1:], flats[1:])
    accuracy = float(np.max(np.abs(first - second)))
    if not accuracy <= 1e-6:
        return None, ""
    estimate = system.split(np.clip(second, 0.0, None))
    solved = _solve_support(system.payoffs, estimate, last.support)
    if solved is None or solved[1] != last.nullity:
        return None, ""
    projected = solved[0]
    values, _ = _values_and_pairs(system.payoffs, projected, need_pairs=False)
    regret = max(float(v.max() - v @ s) for v, s in zip(values, projected, strict=True))
    moved = _gap(projected, estimate)
    if not (regret <= 1e-9 and moved <= 1e-6):
        return None, ""
    candidate = _Candidate(
        projected,
        last.support,
        last.nullity,
        last.ties,
        last.lam,
        _gap(projected, history[-1].sigma),
        max(accuracy, moved),
    )
    return candidate, (
        f"the branch converges into a set of equilibria with {text}: its projections onto "
        f"that set at lambda={history[-4].lam / system.scale:.6g} to "
        f"{last.lam / system.scale:.6g}, extrapolated to lambda = infinity, give the limit "
        f"to about {max(accuracy, moved):.1e}"
    )


def _approaching(earlier: _Candidate, later: _Candidate) -> bool:
    """Whether the branch's distance to the candidate fell at least like ``1/lambda``."""
    return (
        later.distance * later.lam <= 2.0 * earlier.distance * earlier.lam and later.distance <= 0.1
    )


def _gap(first: Sequence[np.ndarray], second: Sequence[np.ndarray]) -> float:
    return max(float(np.max(np.abs(a - b))) for a, b in zip(first, second, strict=True))


def _extrapolate(lams: Sequence[float], points: Sequence[np.ndarray]) -> np.ndarray:
    """Fit ``x + (a + b ln lambda) / lambda`` to three points, componentwise; return ``x``.

    The model of a branch converging into a continuum of equilibria, where the projection's
    error falls like ``ln(lambda) / lambda`` (observed, not proven; two fits must agree).
    """
    basis = np.array([[1.0, 1.0 / lam, math.log(lam) / lam] for lam in lams])
    coefficients = np.linalg.solve(basis, np.vstack(points))
    return coefficients[0]


def _solve_support(
    payoffs: np.ndarray, start: tuple[np.ndarray, ...], supports: tuple[tuple[int, ...], ...]
) -> tuple[tuple[np.ndarray, ...], int] | None:
    """Gauss-Newton on the indifference equations of one support profile.

    Unknowns: the probabilities on the supports.  Equations: each player's support strategies
    earn the same, and each mixture sums to one (a square system).  Least-squares steps make
    this the nearest solution when the solutions form a continuum.  Returns the solution and
    the nullity of the system's Jacobian there, or ``None`` (no convergence, or a negative
    probability).
    """
    n = len(start)
    sigma = [np.zeros_like(v) for v in start]
    for i, support in enumerate(supports):
        sigma[i][list(support)] = start[i][list(support)]
        sigma[i] /= sigma[i].sum()
    columns = np.concatenate([[0], np.cumsum([len(support) for support in supports])])
    size = int(columns[-1])
    converged = False
    matrix = np.zeros((0, size))
    with np.errstate(all="ignore"):
        best = math.inf
        for iteration in range(50):
            values, pairs = _values_and_pairs(payoffs, sigma, need_pairs=True)
            residual, rows = [], []
            for i, support in enumerate(supports):
                chosen, base = list(support), support[0]
                total = np.zeros(size)
                total[columns[i] : columns[i + 1]] = 1.0
                residual.append(sigma[i][chosen].sum() - 1.0)
                rows.append(total[None])
                if len(support) == 1:
                    continue
                residual.extend(values[i][chosen[1:]] - values[i][base])
                block = np.zeros((len(support) - 1, size))
                for j in range(n):
                    if j != i and pairs[i][j] is not None:
                        d = pairs[i][j][:, list(supports[j])]
                        block[:, columns[j] : columns[j + 1]] = d[chosen[1:]] - d[base]
                rows.append(block)
            residual_vector = np.asarray(residual)
            matrix = np.vstack(rows)
            if not (np.all(np.isfinite(residual_vector)) and np.all(np.isfinite(matrix))):
                return None
            error = float(np.max(np.abs(residual_vector)))
            if error <= 1e-14:
                converged = True
                break
            # from a point near a solution Newton is there in a few steps: a guess that is
            # still far, or diverging, is a wrong support
            if (iteration >= 8 and error > 1e-6) or error > 10.0 * best:
                return None
            best = min(best, error)
            delta = np.linalg.lstsq(matrix, residual_vector, rcond=None)[0]
            if not np.all(np.isfinite(delta)):
                return None
            for i, support in enumerate(supports):
                sigma[i][list(support)] -= delta[columns[i] : columns[i + 1]]
            if float(np.max(np.abs(delta))) <= 1e-15:
                converged = float(np.max(np.abs(residual_vector))) <= 1e-11
                break
    if not converged or any(np.any(v < -1e-12) for v in sigma):
        return None
    singular = np.linalg.svd(matrix, compute_uv=False)
    nullity = int(np.sum(singular <= 1e-8 * max(1.0, float(singular.max()))))
    sigma = [np.clip(v, 0.0, None) for v in sigma]
    return tuple(v / v.sum() for v in sigma), nullity


def _exact_limit(game: NormalFormGame, candidate: _Candidate) -> tuple | None:
    """The exact equilibrium that ``candidate`` approximates, when the game is exact.

    The nearest simple fraction (verified with zero regret, on the same support and within
    ``1e-9``), or, for two players, the exact solution of the support's linear indifference
    system.  Only for a regular (isolated) solution, which is then the unique one nearby.
    """

    def matches(rational: tuple) -> bool:
        gaps = [
            max(abs(float(p) - q) for p, q in zip(r, c, strict=True))
            for r, c in zip(rational, candidate.sigma, strict=True)
        ]
        supports = tuple(tuple(s for s, p in enumerate(r) if p != 0) for r in rational)
        close = max(gaps) <= 1e-9 and supports == _used(candidate)
        return close and max_regret(game, rational) == 0

    rational = to_exact_profile(candidate.sigma)
    if matches(rational):
        return rational
    if game.num_players == 2:
        solved = _exact_two_player(game, _used(candidate))
        if solved is not None and matches(solved):
            return solved
    return None


def _used(candidate: _Candidate) -> tuple[tuple[int, ...], ...]:
    """The strategies the candidate gives positive probability."""
    return tuple(tuple(int(s) for s in np.flatnonzero(c > 1e-12)) for c in candidate.sigma)


def _exact_two_player(game: NormalFormGame, support: tuple[tuple[int, ...], ...]) -> tuple | None:
    """Exact solution of a two-player support's indifference equations (Fractions)."""
    a, b = game.bimatrix()
    rows, cols = support
    if len(rows) != len(cols):
        return None
    # column player's mixture y makes the rows indifferent; row player's x the columns
    y = _fraction_solve([[a[r, c] for c in cols] for r in rows])
    x = _fraction_solve([[b[r, c] for r in rows] for c in cols])
    if x is None or y is None:
        return None
    full_x = [Fraction(0)] * game.shape[0]
    full_y = [Fraction(0)] * game.shape[1]
    for k, r in enumerate(rows):
        full_x[r] = x[k]
    for k, c in enumerate(cols):
        full_y[c] = y[k]
    from dualdilemma._numbers import as_exact_array

    return (as_exact_array(full_x), as_exact_array(full_y))


def _fraction_solve(payoff_rows: list[list[Any]]) -> list[Fraction] | None:
    """Probabilities ``p`` with ``M p = v 1`` and ``sum p = 1`` (exact Gaussian elimination)."""
    k = len(payoff_rows)
    # unknowns p_1..p_k, v: rows M p - v = 0, and sum p = 1
    matrix = [[Fraction(x) for x in row] + [Fraction(-1), Fraction(0)] for row in payoff_rows]
    matrix.append([Fraction(1)] * k + [Fraction(0), Fraction(1)])
    size = k + 1
    for col in range(size):
        pivot = next((r for r in range(col, size) if matrix[r][col] != 0), None)
        if pivot is None:
            return None
        matrix[col], matrix[pivot] = matrix[pivot], matrix[col]
        for r in range(size):
            if r != col and matrix[r][col] != 0:
                factor = matrix[r][col] / matrix[col][col]
                matrix[r] = [x - factor * y for x, y in zip(matrix[r], matrix[col], strict=True)]
    solution = [matrix[r][size] / matrix[r][r] for r in range(size)]
    probabilities = solution[:k]
    return probabilities if all(p >= 0 for p in probabilities) else None


def _support_text(support: tuple[tuple[int, ...], ...]) -> str:
    return (
        "(" + ", ".join("{" + ", ".join(str(s) for s in player) + "}" for player in support) + ")"
    )


def _nash_subsets_containing(
    game: NormalFormGame, sigma: tuple[np.ndarray, ...]
) -> tuple[list, list]:
    """The maximal Nash subsets of vertex enumeration whose hull contains ``sigma``.

    Each subset is a product of two convex hulls of extreme strategies (Avis et al. 2010);
    membership is a non-negative least-squares fit of convex weights, to ``1e-7``.
    Returns the subsets (row and column indices into the extreme strategies) and, as
    ``[[x...], [y...]]`` float lists, the extreme equilibria they span.
    """
    from scipy.optimize import nnls

    from dualdilemma.solvers.vertex_enumeration import extreme_strategies, vertex_enumeration

    result = vertex_enumeration(game)
    rows, cols = extreme_strategies(result)

    def inside(points: tuple, indices: tuple[int, ...], target: np.ndarray) -> bool:
        matrix = np.array([[float(p) for p in points[k]] + [1.0] for k in indices]).T
        weights, residual = nnls(matrix, np.append(target, 1.0))
        return residual <= 1e-7

    subsets = [
        (r, c)
        for r, c in result.components
        if inside(rows, r, sigma[0]) and inside(cols, c, sigma[1])
    ]
    extreme = sorted(
        {
            (tuple(float(p) for p in rows[a]), tuple(float(p) for p in cols[b]))
            for r, c in subsets
            for a in r
            for b in c
        }
    )
    return subsets, [[list(x), list(y)] for x, y in extreme]


def _finish(
    game: NormalFormGame,
    float_game: NormalFormGame,
    system: _LogitSystem,
    candidate: _Candidate,
    tol: float,
    parameters: dict[str, Any],
    diagnostics: list[str],
) -> SolverResult:
    """Exact refinement, final verification and the degeneracy report of an accepted limit."""
    regular = candidate.nullity == 0
    equilibria: tuple = ()
    exact = False
    if regular and game.exact:
        rational = _exact_limit(game, candidate)
        if rational is not None:
            equilibria, _ = collect_equilibria(game, [rational], tol=0)
            exact = bool(equilibria)
        else:
            diagnostics.append("the limit is not a simple rational: it is returned in floats")
    if not equilibria:
        equilibria, _ = collect_equilibria(float_game, [candidate.sigma], tol=tol)
    components: tuple = ()
    degenerate = None
    if not regular or candidate.ties:
        degenerate = True
        support = [list(s) for s in candidate.support]
        if regular:
            description = (
                f"the limit solves its support {_support_text(candidate.support)} regularly, "
                f"but strategies {list(candidate.ties)} (player, strategy) are unused best "
                "replies there: the game is degenerate and the limit may lie in a larger "
                "component of equilibria"
            )
            dimension = None
        else:
            description = (
                f"the limit is not isolated: it lies in a set of equilibria with support "
                f"{_support_text(candidate.support)} of local dimension {candidate.nullity} "
                "(the nullity of the support's indifference equations there); the returned "
                "point is the branch's projection onto that set at "
                f"lambda={candidate.lam / system.scale:.6g} extrapolated to lambda = infinity; "
                f"it is the branch's limit to about {candidate.accuracy:.1e}"
            )
            dimension = candidate.nullity
        component = {
            "support": support,
            "dimension": dimension,
            "dimension_source": "nullity of the support's indifference equations",
            "representative": 0,
            "ranges": [],
            "description": description,
        }
        if game.num_players == 2 and game.num_profiles <= MAX_PROFILES_FOR_SUBSETS:
            subsets, extreme = _nash_subsets_containing(game, candidate.sigma)
            component["nash_subsets"] = [list(map(list, subset)) for subset in subsets]
            component["extreme_equilibria"] = extreme
            component["description"] += (
                f"; it lies in {len(subsets)} maximal Nash subset(s) of vertex enumeration, "
                "spanned by the extreme equilibria listed in 'extreme_equilibria'"
            )
        components = (component,)
        diagnostics.append(component["description"])
    if not equilibria:
        diagnostics.append("the limit failed the final verification; no equilibrium returned")
    return SolverResult(
        method="logit",
        parameters=parameters,
        exact=exact,
        equilibria=equilibria,
        complete=False,
        degenerate=degenerate,
        converged=bool(equilibria),
        diagnostics=tuple(diagnostics),
        components=components,
    )


def _refine_maximum(
    system: _LogitSystem, before: np.ndarray, best: np.ndarray, after: np.ndarray, loglik: Any
) -> np.ndarray:
    """Maximise the log-likelihood over lambda between two neighbours of the best point."""
    from scipy.optimize import minimize_scalar

    if not before[-1] < best[-1] < after[-1]:
        return best  # the branch bends back here: keep the traced point

    def point(lam: float) -> np.ndarray:
        source = (before, best) if lam <= best[-1] else (best, after)
        located = _locate_crossing(system, *source, lam)
        return located if located is not None else source[0]

    result = minimize_scalar(
        lambda lam: -loglik(point(lam)),
        bounds=(before[-1], after[-1]),
        method="bounded",
        options={"xatol": 1e-10 * max(1.0, after[-1])},
    )
    candidate = point(float(result.x))
    return candidate if loglik(candidate) >= loglik(best) else best


# -- validation ----------------------------------------------------------------------------------
def _check_lambda(value: Any, name: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{name} must be a number >= 0, got {value!r}") from None
    if not np.isfinite(number) or number < 0:
        raise InvalidParameterError(f"{name} must be a finite number >= 0, got {value!r}")
    return number


def _check_budgets(max_steps: Any, time_budget: Any) -> None:
    if isinstance(max_steps, bool) or not isinstance(max_steps, (int, np.integer)) or max_steps < 1:
        raise InvalidParameterError(f"max_steps must be an integer >= 1, got {max_steps!r}")
    if time_budget is not None and not (np.isfinite(time_budget) and time_budget > 0):
        raise InvalidParameterError(
            f"time_budget must be a positive number of seconds or None, got {time_budget!r}"
        )


def _check_step(first_step: float, max_accel: float) -> None:
    if not (np.isfinite(first_step) and first_step > 0):
        raise InvalidParameterError(f"first_step must be > 0, got {first_step!r}")
    if not (np.isfinite(max_accel) and max_accel >= 1):
        raise InvalidParameterError(f"max_accel must be >= 1, got {max_accel!r}")


def _check_counts(game: NormalFormGame, counts: Sequence[Sequence[float]]) -> np.ndarray:
    if len(counts) != game.num_players:
        raise InvalidParameterError(
            f"counts needs one vector per player ({game.num_players}), got {len(counts)}"
        )
    out = []
    for i, (vector, a) in enumerate(zip(counts, game.shape, strict=True)):
        array = np.asarray(vector, dtype=float)
        if array.shape != (a,):
            raise InvalidParameterError(
                f"counts of {game.players[i]!r} must have {a} entries, got {array.shape}"
            )
        if not np.all(np.isfinite(array)) or np.any(array < 0):
            raise InvalidParameterError(
                f"counts of {game.players[i]!r} must be finite and >= 0, got {array.tolist()}"
            )
        out.append(array)
    data = np.concatenate(out)
    if data.sum() == 0:
        raise InvalidParameterError("counts are all zero: there is nothing to fit")
    return data
