r"""Arc-length predictor-corrector continuation of a smooth curve :math:`H(y) = 0`.

The curve
---------
:math:`H : \mathbb{R}^{N+1} \to \mathbb{R}^N` is smooth and its Jacobian :math:`H'(y)` has
full rank :math:`N` along the curve, so the solution set is locally a curve :math:`c(s)`
parametrised by arc length.  Its unit tangent :math:`t(y)` spans the null space of
:math:`H'(y)`; its *orientation* is fixed by the sign of the determinant of the augmented
Jacobian

.. math::

    \det \begin{pmatrix} H'(y) \\ t^\top \end{pmatrix},

which keeps one sign along a regular curve whatever its shape, so the tracer passes turning
points of any coordinate (folds) without special handling (Allgower and Georg 1990,
Sec. 2.1-2.2).  The determinant comes from the QR decomposition
:math:`H'(y)^\top = Q R`: the tangent is :math:`\pm` the last column of :math:`Q` and the
determinant's sign is :math:`\operatorname{sign}\det Q \cdot \prod_k \operatorname{sign} R_{kk}`.
The caller chooses the orientation once, at the start; it is never re-chosen from a coordinate
(for example "the last coordinate increases"), which would turn back at a fold.

One step
--------
From a point :math:`y` with tangent :math:`t`, the Euler predictor :math:`v = y + h t` is
corrected by Newton's method on the square system :math:`H(z) = 0`,
:math:`t^\top (z - v) = 0` (the corrector stays in the hyperplane through the predictor
orthogonal to the tangent; Allgower and Georg 1990, Sec. 2.2 and 3.3).  The new tangent
solves :math:`\begin{pmatrix} H'(z) \\ t^\top \end{pmatrix} \tau = e_{N+1}`, normalised, so
it never reverses against the old one; the sign of :math:`\det [H'(z); \tau^\top]` is then
compared with the orientation fixed at the start: a change with a tangent that barely turned
means a bifurcation point lies within the step -- or that the corrector landed on a nearby
branch, which keeps the tangent's direction but has the other orientation (Allgower and
Georg 1990, Sec. 8.1).  Such a step is rejected unless it is shorter than
``bifurcation_step``; a step that short crosses a genuine bifurcation point straight on and
is recorded in :attr:`ArcLengthTracer.bifurcations`.  The step is also *rejected* and
:math:`h` halved when

* the first correction is longer than ``max_distance`` or than half the step (the predictor
  was far from the curve: the corrector could land on another branch);
* Newton contracts badly (a correction longer than ``max_contraction`` times the one before),
  does not converge within ``max_newton`` iterations, or leaves the finite numbers;
* the tangent at the new point turns by more than ``max_angle`` from the old one (the curve
  bends faster than the step can resolve).

Below the rounding noise of the corrections (``10 * newton_tol * (1 + |z|)``, reached at large
arguments) the distance and contraction bounds are not applied and Newton stops.

After an accepted step, :math:`h` is divided by the largest of
:math:`\sqrt{d_1 / (d_{\max}/2)}`, :math:`\sqrt{\kappa / (\kappa_{\max}/2)}` and
:math:`\alpha / (\alpha_{\max}/2)` (first correction, contraction, angle against their
nominal values), kept within ``[1/max_accel, 2]`` (Allgower and Georg 1990, Sec. 6.1).
These tests make a jump to a neighbouring branch need a predictor error of half the step,
a contracting Newton sequence and a tangent within ``max_angle`` of the old one at once.

References
----------
Allgower, E. L. and Georg, K. (1990). *Numerical Continuation Methods: An Introduction*.
Springer, Berlin.  (Reprinted by SIAM, 2003.)

Examples
--------
The unit circle :math:`x^2 + y^2 = 1` traced from :math:`(1, 0)` with the orientation that
first increases :math:`y`: :math:`y` turns back at :math:`(0, 1)` and the tracer follows
the circle on to :math:`(-1, 0)`.

>>> import itertools
>>> import numpy as np
>>> def circle(p):
...     return np.array([p @ p - 1.0]), 2.0 * p[None, :]
>>> tracer = ArcLengthTracer(circle, np.array([1.0, 0.0]), orient_along=1)
>>> points = [y for y, _ in itertools.islice(tracer.run(first_step=0.1), 40)]
>>> bool(max(p[1] for p in points) > 0.99 and min(p[0] for p in points) < -0.99)
True
>>> bool(max(abs(p @ p - 1.0) for p in points) < 1e-12)
True
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

__all__ = ["StepControl", "ArcLengthTracer", "oriented_tangent"]

Equations = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class StepControl:
    """Bounds of one predictor-corrector step (see the module docstring).

    Attributes
    ----------
    max_distance
        Largest first Newton correction (also at most half the step length).
    max_contraction
        Largest ratio of successive Newton corrections.
    max_angle
        Largest turn of the tangent in one step, in radians.
    max_newton
        Most Newton iterations per step.
    max_accel
        Largest growth factor of the step length after an easy step.
    min_step
        The tracer gives up below this step length.
    newton_tol
        Newton stops when a correction is below this (relative to ``1 + |y|``).
    bifurcation_step
        Only a step at most this long may cross a change of orientation (a bifurcation
        point); a longer one is rejected, since it may have landed on another branch.
    """

    max_distance: float = 0.4
    max_contraction: float = 0.6
    max_angle: float = math.radians(20.0)
    max_newton: int = 8
    max_accel: float = 2.0
    min_step: float = 1e-12
    newton_tol: float = 1e-12
    bifurcation_step: float = 1e-4


def oriented_tangent(jacobian: np.ndarray) -> tuple[np.ndarray, int, np.ndarray, np.ndarray]:
    """Unit null vector of an ``N x (N+1)`` Jacobian and the orientation sign.

    Returns ``(t, sign, q, r)``: ``t`` is the last column of ``Q`` in ``J^T = QR``, ``sign``
    is the sign of ``det [J; t^T]`` (0 when ``J`` is rank deficient), and ``q``, ``r`` the
    factors.

    >>> t, sign, _, _ = oriented_tangent(np.array([[1.0, 0.0]]))
    >>> (sign * t).round(12).tolist()
    [0.0, 1.0]
    """
    q, r = np.linalg.qr(jacobian.T, mode="complete")
    diagonal = np.diag(r)
    det_q = np.linalg.slogdet(q)[0]
    sign = int(np.sign(det_q) * np.prod(np.sign(diagonal)))
    return q[:, -1].copy(), sign, q, r


class ArcLengthTracer:
    """Follow the curve ``H(y) = 0`` from ``y0`` in arc length.

    Parameters
    ----------
    equations
        ``y -> (H(y), H'(y))`` with ``H'`` of shape ``(N, N+1)``.
    y0
        A point on the curve (``|H(y0)|`` tiny).
    orient_along
        Index of a coordinate that must *increase* at the start; this fixes the orientation
        once (afterwards the determinant keeps it).
    control
        Step bounds (:class:`StepControl`).
    max_steps, time_budget
        Budgets: accepted steps and seconds.  When one ends, :meth:`run` stops and
        :attr:`status` says why.
    max_step
        ``y -> h``: the largest step allowed from ``y``.
    tangent
        The initial direction, when resuming along an already oriented curve (then
        ``orient_along`` is ignored).
    """

    def __init__(
        self,
        equations: Equations,
        y0: np.ndarray,
        *,
        orient_along: int,
        control: StepControl | None = None,
        max_steps: int = 10_000,
        time_budget: float | None = None,
        max_step: Callable[[np.ndarray], float] | None = None,
        tangent: np.ndarray | None = None,
    ) -> None:
        self.equations = equations
        self.y = np.asarray(y0, dtype=float).copy()
        self.control = control or StepControl()
        self.max_steps = int(max_steps)
        self.deadline = None if time_budget is None else time.perf_counter() + time_budget
        self.max_step = max_step
        self.orient_along = orient_along
        self.count = 0
        self.rejected = 0
        self.bifurcations: list[np.ndarray] = []
        self.status = ""
        self.orientation = 0
        self.tangent = None if tangent is None else np.asarray(tangent, dtype=float)
        self.initial_tangent: np.ndarray | None = None

    # -- one step ---------------------------------------------------------------------------------
    def _start(self) -> bool:
        _, jac = self.equations(self.y)
        if self.tangent is not None:  # a known direction (resuming along a traced curve)
            t = self.tangent / np.linalg.norm(self.tangent)
            sign = int(np.linalg.slogdet(np.vstack([jac, t]))[0])
            if sign == 0:
                self.status = "the curve is singular at its starting point"
                return False
            self.orientation, self.tangent = sign, t
            self.initial_tangent = t.copy()
            return True
        t, sign, _, _ = oriented_tangent(jac)
        if sign == 0 or not np.all(np.isfinite(t)):
            self.status = "the curve is singular at its starting point"
            return False
        direction = 1 if t[self.orient_along] >= 0 else -1
        self.orientation = direction * sign  # the sign of det [H'; t] along the curve
        self.tangent = direction * t
        self.initial_tangent = self.tangent.copy()
        return True

    def _step(self, h: float) -> tuple[np.ndarray, np.ndarray, float] | None:
        """One predictor-corrector step; ``(point, tangent, slowdown factor)`` or ``None``."""
        control = self.control
        t = self.tangent
        predicted = self.y + h * t
        z = predicted.copy()
        first = previous = None
        contraction = 0.0
        converged = False
        jac = None
        for iteration in range(control.max_newton):
            value, jac = self.equations(z)
            if not (np.all(np.isfinite(value)) and np.all(np.isfinite(jac))):
                return None
            # Newton in the hyperplane through the predictor orthogonal to the tangent
            augmented = np.vstack([jac, t])
            delta = np.linalg.solve(augmented, np.append(value, t @ (z - predicted)))
            norm = float(np.linalg.norm(delta))
            if not math.isfinite(norm):
                return None
            # rounding noise of the corrections at this point: below it no bound can apply
            noise = 10.0 * control.newton_tol * (1.0 + float(np.linalg.norm(z)))
            if first is None:
                first = norm
                if norm > min(control.max_distance, max(0.5 * h, noise)):
                    return None
            else:
                if norm > control.max_contraction * previous and norm > noise:
                    return None
                if iteration == 1 and first > 0:
                    contraction = norm / first
            previous = norm
            z = z - delta
            if norm <= control.newton_tol * (1.0 + float(np.linalg.norm(z))) or (
                iteration >= 1 and norm <= noise
            ):
                converged = True
                break
        if not converged or not np.all(np.isfinite(z)):
            return None
        # the new tangent solves [H'; t] tau = e (so t . tau > 0); the Jacobian of the last
        # iteration is used, the final correction being below the Newton tolerance
        unit = np.zeros(len(z))
        unit[-1] = 1.0
        tau = np.linalg.solve(np.vstack([jac, t]), unit)
        t_new = tau / np.linalg.norm(tau)
        cosine = float(t_new @ t)
        if not cosine >= math.cos(control.max_angle):
            return None
        sign = int(np.linalg.slogdet(np.vstack([jac, t_new]))[0])
        if sign != 0 and sign != self.orientation:
            # the determinant changed sign: a bifurcation point lies within the step, or the
            # corrector landed on a nearby branch (near an imperfect bifurcation, where two
            # branches come close); shorter steps tell them apart: only a step shorter than
            # ``bifurcation_step`` may cross, straight on, and it is recorded
            # (Allgower and Georg 1990, Sec. 8.1)
            if h > control.bifurcation_step:
                return None
            self.orientation = sign
            self.bifurcations.append(z.copy())
        angle = math.acos(min(1.0, cosine))
        slowdown = max(
            math.sqrt(first / (0.5 * control.max_distance)),
            math.sqrt(contraction / (0.5 * control.max_contraction)),
            angle / (0.5 * control.max_angle),
        )
        return z, t_new, slowdown

    # -- the loop ---------------------------------------------------------------------------------
    def run(self, first_step: float) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(point, tangent)`` after each accepted step, until a budget ends or a step
        underflows (then :attr:`status` says why; the consumer may also simply stop)."""
        control = self.control
        with np.errstate(all="ignore"):
            try:
                if not self._start():
                    return
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
                if self.max_step is not None:
                    h = min(h, self.max_step(self.y))
                try:
                    step = self._step(h)
                except (np.linalg.LinAlgError, ValueError, FloatingPointError):
                    step = None
                if step is None:
                    self.rejected += 1
                    h *= 0.5
                    if h < control.min_step:
                        self.status = "step size underflow"
                        return
                    continue
                z, t_new, slowdown = step
                self.count += 1
                self.y, self.tangent = z, t_new
                yield z, t_new
                h /= min(2.0, max(1.0 / control.max_accel, slowdown))
