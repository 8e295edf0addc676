r"""Logit quantal response equilibria: the principal branch, a Nash equilibrium at its end, and
maximum-likelihood estimation of the precision :math:`\lambda`.

The correspondence
------------------
A logit QRE with precision :math:`\lambda \ge 0` is a profile with
:math:`\sigma_i(s) \propto \exp(\lambda v_i(s; \sigma_{-i}))` for every player :math:`i`
(McKelvey and Palfrey 1995).  At :math:`\lambda = 0` the unique QRE is the centroid; as
:math:`\lambda \to \infty` the *principal branch* of QRE starting there converges to a Nash
equilibrium for generic games (McKelvey and Palfrey 1995, Theorem 3).  Following Turocy
(2005), the branch is traced in log-probabilities :math:`w_i(s) = \ln \sigma_i(s)`, where it
is the zero set of

.. math::

    H_{i,s}(w, \lambda) = w_i(s) - w_i(b_i) - \lambda\,(v_i(s) - v_i(b_i)) \quad (s \ne b_i),
    \qquad
    H_{i,b_i}(w, \lambda) = \textstyle\sum_s e^{w_i(s)} - 1,

:math:`N` equations in :math:`N + 1` unknowns (:math:`N = \sum_i a_i`): a curve.  Along it,
probabilities of inferior strategies fall like :math:`e^{-\lambda \cdot \text{gap}}` while
their logarithms stay well scaled, which is why this parameterisation stays accurate to large
:math:`\lambda` (Turocy 2005, Sec. 4).

Path following
--------------
Predictor-corrector continuation in arc length (Allgower and Georg 1990, Ch. 2): the tangent
is the null vector of the :math:`N \times (N + 1)` Jacobian :math:`H'` (from its singular
value decomposition; at a branch point, where the null space is larger, the null vector
closest to the previous tangent), oriented so that :math:`\lambda` increases at the start and
the orientation never flips.  An Euler step of length :math:`h` is corrected by Newton's method
on :math:`H = 0` together with the hyperplane orthogonal to the tangent.  A step is rejected
and halved when Newton does not contract (the second correction must be at most half the
first), or when the tangent turns by more than 30 degrees.  After an accepted step :math:`h` is
scaled by :math:`\sqrt{0.1 / \kappa}`, where :math:`\kappa` is that contraction ratio, kept in
``[0.5, max_accel]`` (Allgower and Georg 1990, Sec. 6.1).  Payoffs are scaled to unit
range internally; every :math:`\lambda` reported is in the game's own payoff units.

From the branch to a Nash equilibrium
-------------------------------------
At large :math:`\lambda` the strategies with non-negligible probability guess the support of
the limit.  On that support the indifference equations are solved by Newton's method (least
squares, so degenerate supports are handled) from the QRE point; a solution with no
profitable deviation, close to the branch, is verified by
:func:`~dualdilemma.solvers.regret.collect_equilibria` and returned.  If no guess verifies
before the budget ends, :func:`logit_solve` returns no equilibrium, ``converged=False`` and a
status that quotes the last QRE point and its regret, labelled as approximate.

Estimation
----------
Given observed choice counts :math:`n_i(s)`, the log-likelihood along the branch is
:math:`\ell(\lambda) = \sum_{i,s} n_i(s)\, w_i(s; \lambda)`; :func:`fit_logit` maximises it
over the principal branch (the approach of McKelvey and Palfrey 1995, Sec. 5, and of Gambit's
``logit_estimate``): the best traced point is refined by a bounded scalar search in
:math:`\lambda`, each evaluation solving :math:`H(\cdot, \lambda) = 0` by Newton's method.

References
----------
Allgower, E. L. and Georg, K. (1990). *Numerical Continuation Methods*. Springer.
McKelvey, R. D. and Palfrey, T. R. (1995). Quantal response equilibria for normal form games.
*Games and Economic Behavior* 10(1), 6-38.
Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence. *Games and Economic Behavior* 51(2), 243-263.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from dualdilemma.errors import InvalidParameterError, UnsupportedGameError
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.solvers.regret import check_tol, collect_equilibria, max_regret, to_exact_profile
from dualdilemma.solvers.result import SolverResult

__all__ = ["LogitBranch", "LogitFit", "logit_path", "logit_solve", "fit_logit"]

#: Internal precision (payoffs scaled to unit range) at which tracing stops by default.
DEFAULT_MAX_LAMBDA = 1e7
#: Largest turn of the tangent accepted in one step (radians).
MAX_ANGLE = math.radians(30.0)
#: Smallest step before the tracer gives up.
MIN_STEP = 1e-10


@dataclass(frozen=True)
class LogitBranch:
    """Points of the principal logit QRE branch.

    Attributes
    ----------
    lambdas
        Precision of each point, in the game's payoff units, in the order met along the branch
        (non-decreasing unless the branch bends back).
    profiles
        ``(len(lambdas), sum(shape))`` array: each row the players' probability vectors,
        concatenated.
    shape
        Number of strategies of each player (to split the rows).
    status
        Why tracing stopped.
    """

    lambdas: np.ndarray
    profiles: np.ndarray
    shape: tuple[int, ...]
    status: str

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
        }

    def __repr__(self) -> str:
        last = f", last lambda={self.lambdas[-1]:.6g}" if len(self) else ""
        return f"LogitBranch({len(self)} points{last}, status={self.status!r})"


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
        taken (every crossing, in branch order: a value met twice where the branch bends back
        appears twice).  Tracing then stops at ``max(lambdas)``.
    first_step, max_accel
        Initial arc-length step and largest growth factor of the step after an easy step.
    max_steps, time_budget
        Budgets; when one ends the branch stops there and ``status`` says so.

    Returns
    -------
    LogitBranch
        Frozen: ``lambdas``, ``profiles`` and the ``status`` of the trace.

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
    tracer = _Tracer.start(game, max_steps=max_steps, time_budget=time_budget)
    targets = None
    if lambdas is not None:
        targets = np.sort(np.asarray([_check_lambda(lam, "lambdas") for lam in lambdas]))
        max_lambda = float(targets[-1]) if targets.size else 0.0
    elif max_lambda is not None:
        max_lambda = _check_lambda(max_lambda, "max_lambda")
    _check_step(first_step, max_accel)
    limit = DEFAULT_MAX_LAMBDA if max_lambda is None else max_lambda * tracer.scale
    found_lambdas: list[float] = []
    found_profiles: list[np.ndarray] = []
    if targets is not None:
        for lam in targets[targets <= 0.0]:
            found_lambdas.append(float(lam))
            found_profiles.append(np.exp(tracer.y[:-1]))
    else:
        found_lambdas.append(0.0)
        found_profiles.append(np.exp(tracer.y[:-1]))
    pending = None if targets is None else [t * tracer.scale for t in targets if t > 0.0]
    for previous, current in tracer.steps(first_step, max_accel, limit):
        if pending is None:
            if current[-1] > limit:
                current = tracer.at_lambda(previous, current, limit)
            elif max_lambda is None and tracer.regret(current) <= 1e-8:
                found_lambdas.append(current[-1] / tracer.scale)
                found_profiles.append(np.exp(current[:-1]))
                tracer.status = "QRE regret below 1e-8 of the payoff range"
                break
            found_lambdas.append(current[-1] / tracer.scale)
            found_profiles.append(np.exp(current[:-1]))
            continue
        low, high = sorted((previous[-1], current[-1]))
        for target in pending:
            if low < target <= high:
                point = tracer.at_lambda(previous, current, target)
                found_lambdas.append(target / tracer.scale)
                found_profiles.append(np.exp(point[:-1]))
    if tracer.status == "" and pending is not None:
        tracer.status = f"reached lambda={max_lambda:g}"
    return LogitBranch(
        lambdas=np.asarray(found_lambdas, dtype=float),
        profiles=np.asarray(found_profiles, dtype=float).reshape(len(found_lambdas), -1),
        shape=game.shape,
        status=tracer.status,
    )


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
        ``converged=True`` with one verified equilibrium, or ``converged=False``, no
        equilibrium and a diagnostic quoting the last QRE point (an approximation, labelled as
        such) with its regret.  ``complete`` is always ``False`` (one equilibrium).  The result
        is exact when the game is exact and the equilibrium is rational.

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
    tracer = _Tracer.start(game, max_steps=max_steps, time_budget=time_budget)
    limit = DEFAULT_MAX_LAMBDA if max_lambda is None else max_lambda * tracer.scale
    found = None
    last = tracer.y
    next_attempt = 1.0  # refinement is tried at geometrically spaced precisions
    for _, current in tracer.steps(first_step, max_accel, limit):
        last = current
        if current[-1] < limit and (current[-1] < next_attempt or tracer.regret(current) > 0.1):
            continue
        next_attempt = 1.5 * current[-1]
        sigma = tracer.split(np.exp(current[:-1]))
        found = _try_refine(tracer, float_game, sigma, tol_value)
        if found is not None:
            tracer.status = (
                f"refined to a Nash equilibrium at lambda={current[-1] / tracer.scale:.6g}"
            )
            break
        if current[-1] >= limit:
            tracer.status = f"reached max_lambda={limit / tracer.scale:.6g}"
            break
    else:
        sigma = tracer.split(np.exp(last[:-1]))
        found = _try_refine(tracer, float_game, sigma, tol_value)
        if found is not None:
            tracer.status += "; refined to a Nash equilibrium at the last point"
    # results are values: no wall-clock time in diagnostics (JSON must be reproducible)
    diagnostics = [f"{tracer.count} steps; {tracer.status}"]
    if found is None:
        sigma = tracer.split(np.exp(last[:-1]))
        sigma = tuple(v / v.sum() for v in sigma)
        regret = float(max_regret(float_game, sigma))
        approximate = [[round(float(p), 9) for p in v] for v in sigma]
        diagnostics.append(
            f"no verified equilibrium: the last QRE point (lambda={last[-1] / tracer.scale:.6g})"
            f" is only an APPROXIMATE equilibrium, regret {regret:.3g}: {approximate}"
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
    exact = False
    equilibria = ()
    if game.exact:
        rational = to_exact_profile(found)
        if max_regret(game, rational) == 0:
            equilibria, _ = collect_equilibria(game, [rational], tol=0)
            exact = True
    if not exact:
        equilibria, rejected = collect_equilibria(float_game, [found], tol=tol_value)
        if rejected:  # pragma: no cover - _try_refine checks the same regret
            diagnostics.append("the refined profile failed the final verification")
    return SolverResult(
        method="logit",
        parameters=parameters,
        exact=exact,
        equilibria=equilibria,
        complete=False,
        converged=bool(equilibria),
        diagnostics=tuple(diagnostics),
    )


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
    tracer = _Tracer.start(game, max_steps=max_steps, time_budget=None)
    limit = DEFAULT_MAX_LAMBDA if max_lambda is None else max_lambda * tracer.scale

    def loglik(y: np.ndarray) -> float:
        return float(data @ y[:-1])

    points = [tracer.y]
    values = [loglik(tracer.y)]
    for previous, current in tracer.steps(first_step, max_accel, limit):
        if current[-1] > limit:
            current = tracer.at_lambda(previous, current, limit)
        points.append(current)
        values.append(loglik(current))
        if current[-1] >= limit or (max_lambda is None and tracer.regret(current) <= 1e-8):
            break
    best = int(np.argmax(values))
    y = points[best]
    if 0 < best < len(points) - 1:
        y = _refine_maximum(tracer, points[best - 1], points[best], points[best + 1], loglik)
    return LogitFit(
        lam=float(y[-1] / tracer.scale),
        log_likelihood=loglik(y),
        profile=tracer.split(np.exp(y[:-1])),
    )


# -- the tracer -----------------------------------------------------------------------------------
class _Tracer:
    """The branch's equations and the predictor-corrector loop (internal units)."""

    def __init__(self, payoffs: np.ndarray, scale: float, max_steps: int, budget: float | None):
        self.payoffs = payoffs
        self.scale = scale
        self.shape = tuple(payoffs.shape[1:])
        self.n = len(self.shape)
        self.offsets = np.concatenate([[0], np.cumsum(self.shape)])
        self.size = int(self.offsets[-1])
        self.max_steps = max_steps
        self.deadline = None if budget is None else time.perf_counter() + budget
        w0 = np.concatenate([np.full(a, -math.log(a)) for a in self.shape])
        self.y = np.append(w0, 0.0)
        self.count = 0
        self.status = ""

    @classmethod
    def start(cls, game: Any, *, max_steps: int, time_budget: float | None) -> _Tracer:
        if not isinstance(game, NormalFormGame):
            raise UnsupportedGameError(
                f"the logit QRE needs a NormalFormGame, got {type(game).__name__}"
            )
        if isinstance(max_steps, bool) or int(max_steps) < 1:
            raise InvalidParameterError(f"max_steps must be an integer >= 1, got {max_steps!r}")
        if time_budget is not None and not (np.isfinite(time_budget) and time_budget > 0):
            raise InvalidParameterError(
                f"time_budget must be a positive number of seconds or None, got {time_budget!r}"
            )
        payoffs = game.to_float().payoffs
        spread = float(payoffs.max() - payoffs.min()) if payoffs.size else 0.0
        scale = spread if spread > 0 else 1.0
        return cls(payoffs / scale, scale, int(max_steps), time_budget)

    def split(self, flat: np.ndarray) -> tuple[np.ndarray, ...]:
        return tuple(flat[self.offsets[i] : self.offsets[i + 1]] for i in range(self.n))

    # -- equations ---------------------------------------------------------------------------
    def equations(self, y: np.ndarray, *, jacobian: bool = True) -> tuple[np.ndarray, Any]:
        w, lam = y[:-1], y[-1]
        sigma_flat = np.exp(w)
        sigma = self.split(sigma_flat)
        values, pairs = _values_and_pairs(self.payoffs, sigma, need_pairs=jacobian)
        size = self.size
        h = np.empty(size)
        jac = np.zeros((size, size + 1)) if jacobian else None
        for i in range(self.n):
            o, a = int(self.offsets[i]), self.shape[i]
            h[o] = sigma[i].sum() - 1.0
            h[o + 1 : o + a] = w[o + 1 : o + a] - w[o] - lam * (values[i][1:] - values[i][0])
            if not jacobian:
                continue
            jac[o, o : o + a] = sigma[i]
            rows = np.arange(o + 1, o + a)
            jac[rows, rows] = 1.0
            jac[rows, o] = -1.0
            jac[o + 1 : o + a, size] = -(values[i][1:] - values[i][0])
            for j in range(self.n):
                if j == i:
                    continue
                p, b = int(self.offsets[j]), self.shape[j]
                d = pairs[i][j]
                jac[o + 1 : o + a, p : p + b] = -lam * (d[1:] - d[0]) * sigma[j][None, :]
        return h, jac

    def regret(self, y: np.ndarray) -> float:
        """Nash regret of the QRE point (internal units)."""
        sigma = tuple(v / v.sum() for v in self.split(np.exp(y[:-1])))
        values, _ = _values_and_pairs(self.payoffs, sigma, need_pairs=False)
        return max(float(v.max() - v @ s) for v, s in zip(values, sigma, strict=True))

    def tangent(self, jac: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
        _, singular, vt = np.linalg.svd(jac)
        null = vt[-1]
        if previous is not None:
            # at a branch point the null space is larger: follow the previous direction
            tiny = singular[-1] <= 1e-10 * max(1.0, singular[0]) if singular.size else False
            if tiny:
                basis = vt[-2:]
                null = basis.T @ (basis @ previous)
                norm = np.linalg.norm(null)
                null = vt[-1] if norm == 0 else null / norm
            if null @ previous < 0:
                null = -null
        elif null[-1] < 0:
            null = -null
        return null

    # -- continuation --------------------------------------------------------------------------
    def steps(self, first_step: float, max_accel: float, limit: float):
        """Yield ``(previous, current)`` points along the branch until a budget or ``limit``."""
        y = self.y
        with np.errstate(all="ignore"):
            try:
                _, jac = self.equations(y)
                t = self.tangent(jac, None)
            except (np.linalg.LinAlgError, ValueError, FloatingPointError) as exc:
                self.status = f"numerical failure at the start: {exc}"
                return
            h = float(first_step)
            while True:
                if self.count >= self.max_steps:
                    self.status = f"step limit ({self.max_steps}) reached"
                    return
                if self.deadline is not None and time.perf_counter() > self.deadline:
                    self.status = "time budget ran out"
                    return
                if y[-1] >= limit:
                    self.status = self.status or f"reached lambda={limit / self.scale:.6g}"
                    return
                try:
                    step = self._corrected_step(y, t, h)
                except (np.linalg.LinAlgError, ValueError, FloatingPointError):
                    step = None
                if step is None:
                    h *= 0.5
                    if h < MIN_STEP:
                        self.status = f"step size underflow at lambda={y[-1] / self.scale:.6g}"
                        return
                    continue
                y_new, t_new, contraction = step
                self.count += 1
                previous, y, t = y, y_new, t_new
                self.y = y
                yield previous, y
                # aim at a first Newton contraction of about 0.1
                growth = max_accel if contraction <= 0 else math.sqrt(0.1 / contraction)
                h *= min(max_accel, max(0.5, growth))

    def _corrected_step(
        self, y: np.ndarray, t: np.ndarray, h: float
    ) -> tuple[np.ndarray, np.ndarray, float] | None:
        """Euler predictor and Newton corrector; ``(point, tangent, contraction)`` or ``None``.

        The contraction is the ratio of the second to the first Newton correction, the
        quantity that Allgower and Georg (1990, Sec. 6.1) use to adapt the step length.
        """
        predicted = y + h * t
        z = predicted.copy()
        first = second = None
        for _ in range(10):
            hval, jac = self.equations(z)
            if not (np.all(np.isfinite(hval)) and np.all(np.isfinite(jac))):
                return None
            augmented = np.vstack([jac, t])
            rhs = np.append(hval, t @ (z - predicted))
            delta = np.linalg.lstsq(augmented, rhs, rcond=None)[0]
            z = z - delta
            norm = float(np.max(np.abs(delta)))
            if not np.all(np.isfinite(z)):
                return None
            if first is None:
                first = norm
            elif second is None:
                second = norm
                if second > 0.5 * first + 1e-14:
                    return None
            if norm <= 1e-10 * max(1.0, float(np.max(np.abs(z)))):
                break
        else:
            return None
        hval, jac = self.equations(z)
        if not np.all(np.isfinite(jac)) or not np.max(np.abs(hval)) <= 1e-8 or z[-1] < 0:
            return None  # (the branch starts at lambda = 0 and never goes below)
        t_new = self.tangent(jac, t)
        if t_new @ t < math.cos(MAX_ANGLE):
            return None
        contraction = 0.0 if not first or second is None else second / first
        return z, t_new, contraction

    def at_lambda(self, before: np.ndarray, after: np.ndarray, lam: float) -> np.ndarray:
        """The branch point at precision ``lam`` between two traced points (Newton in ``w``)."""
        span = after[-1] - before[-1]
        weight = 0.5 if span == 0 else (lam - before[-1]) / span
        w = before[:-1] + weight * (after[:-1] - before[:-1])
        with np.errstate(all="ignore"):
            for _ in range(30):
                hval, jac = self.equations(np.append(w, lam))
                if not (np.all(np.isfinite(hval)) and np.all(np.isfinite(jac))):
                    break
                delta = np.linalg.lstsq(jac[:, :-1], hval, rcond=None)[0]
                w = w - delta
                if np.max(np.abs(delta)) <= 1e-12 * max(1.0, float(np.max(np.abs(w)))):
                    break
        return np.append(w, lam)


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
def _try_refine(
    tracer: _Tracer,
    game: NormalFormGame,
    sigma: tuple[np.ndarray, ...],
    tol: float,
) -> list[list[float]] | None:
    """Guess supports from a QRE point and solve their indifference equations."""
    sigma = tuple(v / v.sum() for v in sigma)
    tried = set()
    guesses = [tuple((int(np.argmax(v)),) for v in sigma)]  # the most likely pure profile
    for threshold in (1e-2, 1e-4, 1e-7):
        guesses.append(
            tuple(tuple(int(s) for s in np.flatnonzero(v >= threshold * v.max())) for v in sigma)
        )
    for supports in guesses:
        if supports in tried:
            continue
        tried.add(supports)
        candidate = _solve_support(tracer.payoffs, sigma, supports)
        if candidate is None:
            continue
        if max(float(np.max(np.abs(c - s))) for c, s in zip(candidate, sigma, strict=True)) > 0.1:
            continue
        if max_regret(game, candidate) <= tol:
            return [v.tolist() for v in candidate]
    return None


def _solve_support(
    payoffs: np.ndarray, start: tuple[np.ndarray, ...], supports: tuple[tuple[int, ...], ...]
) -> tuple[np.ndarray, ...] | None:
    """Newton (least squares) on the indifference equations of one support profile.

    Unknowns: the probabilities on the supports.  Equations: each player's support strategies
    earn the same, and each mixture sums to one.  Stops when the residual no longer halves.
    """
    n = len(start)
    sigma = [np.zeros_like(v) for v in start]
    for i, support in enumerate(supports):
        sigma[i][list(support)] = start[i][list(support)]
        sigma[i] /= sigma[i].sum()
    if all(len(support) == 1 for support in supports):
        return tuple(sigma)
    columns = np.concatenate([[0], np.cumsum([len(support) for support in supports])])
    size = int(columns[-1])
    best = math.inf
    with np.errstate(all="ignore"):
        for iteration in range(30):
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
            if error <= 1e-13:
                break
            if iteration >= 3 and error > 0.5 * best:
                break
            best = min(best, error)
            delta = np.linalg.lstsq(matrix, residual_vector, rcond=None)[0]
            if not np.all(np.isfinite(delta)):
                return None
            for i, support in enumerate(supports):
                sigma[i][list(support)] -= delta[columns[i] : columns[i + 1]]
    if any(np.any(v < -1e-9) for v in sigma):
        return None
    sigma = [np.clip(v, 0.0, None) for v in sigma]
    if any(v.sum() <= 0 for v in sigma):
        return None
    return tuple(v / v.sum() for v in sigma)


def _refine_maximum(
    tracer: _Tracer, before: np.ndarray, best: np.ndarray, after: np.ndarray, loglik: Any
) -> np.ndarray:
    """Maximise the log-likelihood over lambda between two neighbours of the best point."""
    from scipy.optimize import minimize_scalar

    if not before[-1] < best[-1] < after[-1]:
        return best  # the branch bends back here: keep the traced point

    def point(lam: float) -> np.ndarray:
        source = (before, best) if lam <= best[-1] else (best, after)
        return tracer.at_lambda(*source, lam)

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
