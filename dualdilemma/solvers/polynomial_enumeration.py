r"""All Nash equilibria of an n-player game: support enumeration and polynomial systems.

The indifference system of a support profile
--------------------------------------------
Fix a support :math:`S_i \subseteq A_i` for every player, with base strategy
:math:`b_i = \min S_i`.  A mixed profile :math:`\sigma` with :math:`\operatorname{supp}\sigma_i
= S_i` is a Nash equilibrium iff

.. math::

    F_{i,s}(\sigma) = v_i(s; \sigma_{-i}) - v_i(b_i; \sigma_{-i}) = 0
        \quad (s \in S_i \setminus \{b_i\}), \qquad
    G_{i,t}(\sigma) = v_i(t; \sigma_{-i}) - v_i(b_i; \sigma_{-i}) \le 0
        \quad (t \notin S_i),

with :math:`\sigma_i(s) > 0` on :math:`S_i` (McKelvey and McLennan 1996, Sec. 6).  The unknowns
are :math:`x_{i,s} = \sigma_i(s)` for :math:`s \in S_i \setminus \{b_i\}`, with
:math:`\sigma_i(b_i) = 1 - \sum_s x_{i,s}`; a player with :math:`|S_i| = 1` plays purely and
contributes no unknown.  There are as many equations as unknowns, and each is *multilinear*:
:math:`v_i` is linear in every opponent's mixture, and affine in each coordinate.  For binary
action sets (the export market: Export or Control) each mixing player has one unknown and its
equation does not involve its own unknown.

Pruning
-------
Strategies removed by iterated strict dominance (:mod:`dualdilemma.solvers.dominance`) are never
used in an equilibrium.  Support profiles are visited in the order of Porter, Nudelman and
Shoham (2008) -- by total size, then by balance -- and each partial profile is pruned by
*conditional* strict dominance: a strategy beaten by another pure strategy against every
opponents' profile inside the opponents' (current) supports cannot be a best reply.

Solving one support profile
---------------------------
*Exactly* (small systems of an exact game): a lexicographic Groebner basis over
:math:`\mathbb{Q}` (Buchberger's algorithm in sympy; Cox, Little and O'Shea 2015, Ch. 2-3) decides
whether the system has no solution (basis :math:`\{1\}`), finitely many, or a positive-dimensional
set (dimension of the ideal from the leading monomials, Ch. 9).  Zero-dimensional systems are
solved by back substitution along the triangular basis (the extension theorem, Ch. 3); roots
are exact rationals where they are rational and 50-digit numbers otherwise (Datta 2010 solves the
same systems by Groebner bases and by homotopies).

*By certified interval subdivision* (everything else): the unknowns live in the box
:math:`[0, 1]^m`.  A multilinear function attains its extremes over a box at the box's vertices,
so evaluating :math:`F` and :math:`G` at the :math:`2^m` vertices gives the *exact* range of each
function over the box, and its partial derivatives (again multilinear) are exact differences
of vertex values.  A box is discarded when some :math:`F_{i,s}` cannot vanish on it, some
:math:`G_{i,t}` is positive on all of it, or -- with the preconditioner
:math:`Y = F'(c)^{-1}` at its midpoint :math:`c` -- some component of the (still multilinear)
:math:`YF` keeps one sign on it.  A surviving box :math:`X` is tested with the Krawczyk operator
(Krawczyk 1969; Moore 1977; Neumaier 1990, Ch. 5)

.. math::

    K(X) = c - Y F(c) + (I - Y F'(X))(X - c),

whose matrix term is enclosed by the exact vertex ranges of the entries of :math:`I - YF'`:
if :math:`K(X) \subset \operatorname{int} X` the box contains exactly one zero, found by Newton's
method; if :math:`K(X) \cap X = \emptyset` it contains none; otherwise :math:`X` is replaced by
:math:`X \cap K(X)` or bisected.  When every box is settled, every isolated solution in the box
has been found and certified unique in its box -- up to floating-point rounding, against which
every test keeps a safety margin of :math:`10^{-11}` times the largest payoff.  Support profiles
whose systems have the same shape (for binary games: the same number of mixing players) are
subdivided together, one vectorised batch of boxes per generation.

Degenerate games
----------------
Where the solution set of a support profile is positive-dimensional (a continuum of
equilibria) or singular, no box around it can be certified.  Boxes narrower than
:math:`w = 2^{-6/d}` on which Gauss-Newton converges to a zero with a rank-deficient Jacobian
are set aside, where :math:`d \ge 1` is the dimension the solution set must have (the
Groebner dimension, or the rank deficiency of :math:`F'` at a generic point: by the fibre
dimension theorem every component then has at least that dimension), so that about
:math:`2^6` boxes cover each unit of a component whatever its dimension.  Adjacent boxes are
merged into a *component*, reported with one verified representative equilibrium, its support,
its dimension (from the Groebner basis when computed, otherwise the rank deficiency of the
Jacobian at the representative) and the ranges of probabilities the boxes cover; a cluster
whose equilibria all lie on a face of the support belongs to a smaller support and is reported
there.  Such a result has ``degenerate=True`` and ``complete=False``.

Every candidate is checked against the full game by
:func:`~dualdilemma.solvers.regret.collect_equilibria` before it is returned.

References
----------
Cox, D. A., Little, J. and O'Shea, D. (2015). *Ideals, Varieties, and Algorithms*, 4th ed.
Springer.
Datta, R. S. (2010). Finding all Nash equilibria of a finite game using polynomial algebra.
*Economic Theory* 42(1), 55-96.
Krawczyk, R. (1969). Newton-Algorithmen zur Bestimmung von Nullstellen mit Fehlerschranken.
*Computing* 4, 187-201.
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. In
*Handbook of Computational Economics*, vol. 1, 87-142.
Moore, R. E. (1977). A test for existence of solutions to nonlinear systems. *SIAM Journal on
Numerical Analysis* 14(4), 611-615.
Neumaier, A. (1990). *Interval Methods for Systems of Equations*. Cambridge University Press.
Porter, R., Nudelman, E. and Shoham, Y. (2008). Simple search methods for finding a Nash
equilibrium. *Games and Economic Behavior* 63(2), 642-662.
Turocy, T. L. Gambit's ``enumpoly``: the same enumeration with a polynomial solver per support.
"""

from __future__ import annotations

import functools
import itertools
import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from dualdilemma.errors import InvalidParameterError, UnsupportedGameError
from dualdilemma.games.normal_form import NormalFormGame, strategy_values
from dualdilemma.solvers.regret import check_tol, collect_equilibria, max_regret
from dualdilemma.solvers.result import SolverResult

__all__ = ["polynomial_equilibria"]

#: Supports with at most this many unknowns are solved with Groebner bases in exact games.
EXACT_MAX_UNKNOWNS = 3
#: The search box is ``[-OUTER, 1 + OUTER]`` per unknown, so that zeros on a face are interior.
OUTER = 2.0**-10
#: Boxes are bisected at this fraction of their width, not at 1/2, so that rational zeros
#: (1/2, 1/4, 1/3...) do not fall on the boundary between two boxes.
SPLIT = math.sqrt(2.0) - 0.93
#: Boxes narrower than this are tested for singular (non-isolated) zeros.
COARSE_WIDTH = 2.0**-6
#: Boxes narrower than this are given up as unresolved.
MIN_WIDTH = 1e-10
#: Safety margin of every interval test, relative to the largest absolute payoff.
MARGIN = 1e-11
#: Default budget of boxes examined per support profile.
DEFAULT_MAX_BOXES = 20_000
#: Numerical rank threshold (relative singular value) for the singularity test.
RANK_TOL = 1e-8
#: Largest number of vertex evaluations per batch (memory bound).
_BATCH_ENTRIES = 2**21
#: Largest number of support profiles solved together.
_MAX_BATCH = 512


def polynomial_equilibria(
    game: NormalFormGame,
    *,
    tol: float | None = None,
    exact: bool | None = None,
    max_support_size: int | None = None,
    time_budget: float | None = None,
    max_boxes: int = DEFAULT_MAX_BOXES,
) -> SolverResult:
    """Every Nash equilibrium of a finite n-player game (see the module docstring).

    Parameters
    ----------
    game
        Any finite normal-form game (any number of players; 3 or more is the intended use).
    tol
        Regret tolerance for equilibria verified in floating point (default
        ``1e-9 * max(1, max|U|)``).  Equilibria of an exact game whose probabilities are all
        rational are verified exactly whatever ``tol`` is.
    exact
        ``None`` (default): Groebner bases for the supports of an exact game with at most
        :data:`EXACT_MAX_UNKNOWNS` unknowns, interval subdivision otherwise.  ``True``: Groebner
        bases for every support (exact games only; slow beyond four unknowns).  ``False``:
        interval subdivision for every support.
    max_support_size
        Largest support a player may use; larger supports are skipped and the result is then
        not complete.  Default: no limit.
    time_budget
        Seconds after which no further support profile is started (``converged=False`` and
        ``complete=False`` if that happens).  Default: no limit.
    max_boxes
        Budget of boxes examined per support profile by the interval method; boxes left when
        it runs out make the result incomplete.

    Returns
    -------
    SolverResult
        Verified, deduplicated equilibria.  The result is exact when the game is exact and every
        equilibrium found is rational; otherwise probabilities are floats verified against
        ``game.to_float()``.  ``complete`` is ``True`` only if every support profile was
        settled (no budget ran out and no positive-dimensional or singular solution set was
        met).  ``components`` describes each continuum or singular set found, as a dictionary
        with its ``support``, ``dimension``, ``representative`` (index into ``equilibria``),
        the covered ``ranges`` of its unknowns and a ``description``; ``degenerate`` is then
        ``True``.

    Raises
    ------
    InvalidParameterError
        For a negative budget, ``max_support_size < 1`` or ``exact=True`` on a float game.

    Notes
    -----
    ``degenerate`` is ``True`` when a component was found or some equilibrium is not
    quasi-strict (a player has an unused best reply), ``False`` otherwise.

    Examples
    --------
    The McKelvey-McLennan 2x2x2 game (Gambit's ``2x2x2.nfg``) has 9 equilibria, two of them
    totally mixed:

    >>> import numpy as np
    >>> from dualdilemma import NormalFormGame
    >>> u = np.zeros((3, 2, 2, 2), dtype=int)
    >>> u[:, 0, 0, 0], u[:, 1, 1, 0], u[:, 1, 0, 1] = (9, 8, 12), (9, 8, 2), (3, 4, 6)
    >>> u[:, 0, 1, 1] = (3, 4, 6)
    >>> result = polynomial_equilibria(NormalFormGame(u))
    >>> result
    SolverResult(method='polynomial_enumeration', exact, 9 equilibria)
    >>> for eq in result:
    ...     if all(len(support) == 2 for support in eq.supports):
    ...         print(eq)
    Equilibrium([(1/2, 1/2), (2/5, 3/5), (1/4, 3/4)], max_regret=0)
    Equilibrium([(2/5, 3/5), (1/2, 1/2), (1/3, 2/3)], max_regret=0)
    """
    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError(
            f"polynomial_equilibria needs a NormalFormGame, got {type(game).__name__}"
        )
    float_game = game.to_float()
    tol_value = check_tol(tol, float_game)
    if exact is not None and not isinstance(exact, bool):
        raise InvalidParameterError(f"exact must be True, False or None, got {exact!r}")
    if exact and not game.exact:
        raise InvalidParameterError(
            "exact=True needs an exact game (Fraction payoffs); convert with game.to_exact()"
        )
    if max_support_size is not None and (
        isinstance(max_support_size, bool) or int(max_support_size) < 1
    ):
        raise InvalidParameterError(
            f"max_support_size must be an integer >= 1 or None, got {max_support_size!r}"
        )
    if time_budget is not None and not (np.isfinite(time_budget) and time_budget > 0):
        raise InvalidParameterError(
            f"time_budget must be a positive number of seconds or None, got {time_budget!r}"
        )
    if isinstance(max_boxes, bool) or int(max_boxes) < 1:
        raise InvalidParameterError(f"max_boxes must be an integer >= 1, got {max_boxes!r}")
    if game.num_players + sum(game.shape) > 48:
        raise UnsupportedGameError(
            f"support enumeration is limited to games with players + strategies <= 48; this "
            f"game has {game.num_players} players and {sum(game.shape)} strategies (use "
            "dualdilemma.solvers.logit.logit_solve for one equilibrium of a large game)"
        )
    start = time.perf_counter()
    search = _Search(
        game=game,
        float_game=float_game,
        tol=tol_value,
        exact_mode=exact,
        max_support_size=None if max_support_size is None else int(max_support_size),
        max_boxes=int(max_boxes),
        deadline=None if time_budget is None else start + float(time_budget),
    )
    search.run()
    return search.result(
        parameters={
            "tol": tol_value,
            "exact": exact,
            "max_support_size": max_support_size,
            "time_budget": time_budget,
            "max_boxes": int(max_boxes),
        },
    )


# -- the search over support profiles -------------------------------------------------------------
@dataclass
class _Component:
    support: tuple[tuple[int, ...], ...]
    dimension: int | None
    dimension_source: str
    boxes: int
    ranges: list[tuple[int, int, float, float]]
    representative: tuple[tuple[float, ...], ...]


@dataclass
class _Search:
    game: NormalFormGame
    float_game: NormalFormGame
    tol: float
    exact_mode: bool | None
    max_support_size: int | None
    max_boxes: int
    deadline: float | None
    exact_candidates: list = field(default_factory=list)
    float_candidates: list = field(default_factory=list)
    components: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    incomplete: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    timed_out: bool = False

    def run(self) -> None:
        from dualdilemma.solvers.dominance import iterated_dominance

        reduction = iterated_dominance(self.game, mixed=True, tol=self.tol)
        removed: dict[int, set[int]] = {}
        for elimination in reduction.eliminations:
            removed.setdefault(elimination.player, set()).add(elimination.strategy)
        self.keep = [
            [s for s in range(a) if s not in removed.get(i, set())]
            for i, a in enumerate(self.game.shape)
        ]
        if reduction.eliminations:
            self.notes.append(
                f"{len(reduction.eliminations)} strictly dominated strateg"
                f"{'y' if len(reduction.eliminations) == 1 else 'ies'} removed before the "
                "enumeration (iterated strict dominance)"
            )
        reduced = self.game.restrict(self.keep)
        self.reduced_float = reduced.to_float().payoffs
        self.reduced_exact = reduced.payoffs if reduced.exact else None
        self.shape = tuple(self.reduced_float.shape[1:])
        scale = float(np.max(np.abs(self.reduced_float))) if self.reduced_float.size else 0.0
        self.scale = max(scale, 1e-300)
        self.margin = MARGIN * self.scale
        self.counts = {"supports": 0, "groebner": 0, "interval": 0, "boxes": 0, "pruned": 0}
        self._pure_candidates()
        for level in _support_levels(
            self.reduced_float, self.margin, self.max_support_size, self.counts
        ):
            groebner = []
            batches: dict[tuple, list[_Layout]] = {}
            for supports in level:
                layout = _layout(supports, self.shape)
                if self._use_groebner(layout):
                    groebner.append(layout)
                else:
                    batches.setdefault(layout.key, []).append(layout)
            work = [[layout] for layout in groebner] + [
                group[k : k + _MAX_BATCH]
                for group in batches.values()
                for k in range(0, len(group), _MAX_BATCH)
            ]
            for layouts in work:
                if self.deadline is not None and time.perf_counter() > self.deadline:
                    self.timed_out = True
                    return
                self.counts["supports"] += len(layouts)
                if self._use_groebner(layouts[0]):
                    self._solve_groebner(layouts[0])
                else:
                    self._solve_interval(layouts, {})
        if self.max_support_size is not None and any(a > self.max_support_size for a in self.shape):
            self.incomplete.append(
                f"supports larger than max_support_size={self.max_support_size} were skipped"
            )

    def _use_groebner(self, layout: _Layout) -> bool:
        if self.reduced_exact is None:
            return False
        return self.exact_mode is True or (
            self.exact_mode is None and layout.m <= EXACT_MAX_UNKNOWNS
        )

    # -- candidates ------------------------------------------------------------------------------
    def _pure_candidates(self) -> None:
        from dualdilemma.solvers.pure_nash import pure_equilibrium_mask

        exact = self.reduced_exact is not None
        reduced = NormalFormGame(self.reduced_exact if exact else self.reduced_float, exact=exact)
        is_eq, _ = pure_equilibrium_mask(reduced, tol=0 if exact else self.tol)
        for index in np.argwhere(is_eq):
            profile = [
                [1 if s == int(chosen) else 0 for s in range(a)]
                for chosen, a in zip(index, reduced.shape, strict=True)
            ]
            lifted = self._lift(profile, exact=exact)
            (self.exact_candidates if exact else self.float_candidates).append(lifted)

    def _lift(self, reduced_profile: Sequence[Sequence[Any]], *, exact: bool) -> list[list[Any]]:
        """A profile of the reduced game as a profile of the full game (zeros elsewhere)."""
        zero: Any = Fraction(0) if exact else 0.0
        out = []
        for kept, a, sigma in zip(self.keep, self.game.shape, reduced_profile, strict=True):
            vector = [zero] * a
            for s, p in zip(kept, sigma, strict=True):
                vector[s] = Fraction(p) if exact else float(p)
            out.append(vector)
        return out

    def _profile_of(self, layout: _Layout, x: Sequence[Any]) -> list[list[Any]]:
        """The reduced game's mixed profile given the unknowns of ``layout``."""
        exact = all(isinstance(v, Fraction) for v in x)
        values = list(x) if exact else [float(v) for v in x]
        one: Any = Fraction(1) if exact else 1.0
        zero: Any = Fraction(0) if exact else 0.0
        profile = []
        for i, support in enumerate(layout.supports):
            vector = [zero] * self.shape[i]
            if i in layout.offset:
                own = values[layout.offset[i] : layout.offset[i] + len(support) - 1]
                vector[support[0]] = one - sum(own, zero)
                for s, p in zip(support[1:], own, strict=True):
                    vector[s] = p
            else:
                vector[support[0]] = one
            profile.append(vector)
        return profile

    def _accept(
        self, layout: _Layout, x: Sequence[Any], *, record: bool = True, loose: bool = False
    ) -> list[list[Any]] | None:
        """Keep a zero of the indifference system if it is an equilibrium (exactly if rational).

        Returns the lifted profile when it is an equilibrium (recorded as a candidate unless
        ``record`` is false), ``None`` for a zero that is none (a negative probability or a
        profitable deviation outside the support).  ``loose`` marks a point of a continuum,
        which may be replaced by a simpler exact point of the game's equilibria.
        """
        profile = self._profile_of(layout, x)
        if self.game.exact and all(isinstance(v, Fraction) for v in x):
            if any(p < 0 for sigma in profile for p in sigma):
                return None
            lifted = self._lift(profile, exact=True)
            if max_regret(self.game, self.game.as_profile(lifted)) != 0:
                return None
            if record:
                self.exact_candidates.append(lifted)
            return lifted
        if any(p < -1e-9 for sigma in profile for p in sigma):
            return None
        lifted = self._lift(profile, exact=False)
        sigma = tuple(np.clip(np.asarray(v, dtype=float), 0.0, None) for v in lifted)
        sigma = tuple(v / v.sum() for v in sigma)
        if max_regret(self.float_game, sigma) > self.tol:
            return None
        accepted: list[list[Any]] | None = None
        if self.game.exact:
            accepted = _rational_equilibrium(self.game, sigma, near=not loose)
        if accepted is not None:
            if record:
                self.exact_candidates.append(accepted)
            return accepted
        accepted = [v.tolist() for v in sigma]
        if record:
            self.float_candidates.append(accepted)
        return accepted

    # -- solving support profiles ----------------------------------------------------------------
    def _solve_groebner(self, layout: _Layout) -> None:
        self.counts["groebner"] += 1
        status, points, dimension = _groebner_solve(self.reduced_exact, layout)
        if status == "empty":
            return
        if status == "points":
            for point in points:
                self._accept(layout, point)
            return
        self._solve_interval([layout], {0: dimension})

    def _solve_interval(self, layouts: list[_Layout], dimensions: dict[int, int | None]) -> None:
        if not dimensions:
            self.counts["interval"] += len(layouts)
        system = _BatchSystem(self.reduced_float, layouts)
        outcome = _interval_solve(system, self.scale, self.margin, self.max_boxes, dimensions)
        self.counts["boxes"] += outcome.boxes
        for index, x in outcome.solutions:
            self._accept(layouts[index], list(x))
        for index in sorted(outcome.exhausted):
            self.incomplete.append(
                f"support {self._label(layouts[index])}: box budget ({self.max_boxes}) ran out"
            )
        by_layout: dict[int, list] = {}
        for index, lo, hi, point in outcome.unresolved:
            by_layout.setdefault(index, []).append((lo, hi, point))
        for index, boxes in sorted(by_layout.items(), key=lambda item: item[0]):
            self._components(system, index, boxes, dimensions.get(index))

    def _components(
        self, system: _BatchSystem, index: int, boxes: list, dimension: int | None
    ) -> None:
        """Merge unresolved boxes into components, each with a verified representative.

        A cluster whose only verified points lie on a face of the support (some probability
        zero) belongs to a smaller support, where it is reported; it is not repeated here.
        """
        layout = system.layouts[index]
        lo = np.array([box[0] for box in boxes])
        hi = np.array([box[1] for box in boxes])
        points = [box[2] for box in boxes]
        label = self._label(layout)
        for cluster in _clusters(lo, hi):
            representative, on_face, x = None, False, None
            ordered = sorted(
                (k for k in cluster if points[k] is not None),
                key=lambda k: -_interior_margin(layout, points[k]),
            )
            for k in ordered:
                interior = _interior_margin(layout, points[k]) > 1e-9
                accepted = self._accept(layout, list(points[k]), record=interior, loose=True)
                if accepted is None:
                    continue
                if not interior:
                    on_face = True
                    continue
                representative, x = accepted, np.asarray(points[k], dtype=float)
                break
            if representative is None:
                if not on_face:
                    centre = np.round(0.5 * (lo[cluster[0]] + hi[cluster[0]]), 6).tolist()
                    self.incomplete.append(
                        f"support {label}: {len(cluster)} unresolved box(es) near unknowns "
                        f"{centre} without a verified equilibrium"
                    )
                else:
                    self.incomplete.append(
                        f"support {label}: {len(cluster)} unresolved box(es) whose equilibria "
                        "lie on a face (a smaller support)"
                    )
                continue
            if dimension is not None:
                local_dimension, source = dimension, "groebner basis"
            else:
                jacobian = system.point(x[None], np.array([index]))[1][0]
                local_dimension = layout.m - _numerical_rank(jacobian, self.scale)
                source = "jacobian rank deficiency at the representative"
            ranges = [
                (
                    j,
                    self.keep[j][s],
                    float(max(0.0, lo[cluster, layout.offset[j] + t].min())),
                    float(min(1.0, hi[cluster, layout.offset[j] + t].max())),
                )
                for j in sorted(layout.mixing)
                for t, s in enumerate(layout.supports[j][1:])
            ]
            self.components.append(
                _Component(
                    support=tuple(
                        tuple(self.keep[i][s] for s in support)
                        for i, support in enumerate(layout.supports)
                    ),
                    dimension=local_dimension,
                    dimension_source=source,
                    boxes=len(cluster),
                    ranges=ranges,
                    representative=tuple(tuple(float(p) for p in v) for v in representative),
                )
            )

    def _label(self, layout: _Layout) -> str:
        return str(
            [[self.keep[i][s] for s in support] for i, support in enumerate(layout.supports)]
        )

    # -- the result ------------------------------------------------------------------------------
    def result(self, parameters: dict[str, Any]) -> SolverResult:
        exact = self.game.exact and not self.float_candidates
        if exact:
            equilibria, rejected = collect_equilibria(self.game, self.exact_candidates, tol=0)
        else:
            candidates = [
                [[float(p) for p in sigma] for sigma in profile]
                for profile in self.exact_candidates + self.float_candidates
            ]
            equilibria, rejected = collect_equilibria(self.float_game, candidates, tol=self.tol)
        diagnostics = list(self.notes)
        counts = self.counts
        diagnostics.append(
            f"{counts['supports']} support profiles with a mixing player solved "
            f"({counts['groebner']} by Groebner bases, {counts['interval']} by interval "
            f"subdivision; {counts['boxes']} boxes), "
            f"{counts['pruned']} partial profiles pruned by conditional dominance"
        )
        if self.game.exact and not exact:
            diagnostics.append(
                "some equilibria have no exact rational form (irrational probabilities, or "
                "float representatives of components): all are reported as floats verified "
                "against the float game"
            )
        complete = True
        if self.timed_out:
            complete = False
            diagnostics.append("the time budget ran out before every support was examined")
        if self.incomplete:
            complete = False
            diagnostics.extend(self.incomplete)
        if rejected:
            complete = False
            diagnostics.append(f"{rejected} candidate(s) failed the final verification")
        groups = _connected_equilibria(equilibria, exact, self.tol)
        group_of = {k: g for g, members in enumerate(groups) for k in members}
        components, covered = [], set()
        for component in self.components:
            support = [list(s) for s in component.support]
            dimension = "unknown" if component.dimension is None else str(component.dimension)
            representative = _match(equilibria, component.representative)
            members = [] if representative is None else groups[group_of[representative]]
            covered.update(group_of[k] for k in members)
            components.append(
                {
                    "support": support,
                    "dimension": component.dimension,
                    "dimension_source": component.dimension_source,
                    "representative": representative,
                    "members": list(members),
                    "ranges": [list(r) for r in component.ranges],
                    "description": (
                        f"non-isolated or singular equilibria with support {support} "
                        f"(dimension {dimension}, by {component.dimension_source}); "
                        f"{component.boxes} boxes cover it; 'ranges' lists "
                        "[player, strategy, min, max] of its probabilities; 'members' lists "
                        "the returned equilibria proved to lie in the same connected set"
                    ),
                }
            )
        for g, members in enumerate(groups):
            if len(members) < 2 or g in covered:
                continue
            supports = [
                sorted({s for k in members for s in equilibria[k].supports[i]})
                for i in range(self.game.num_players)
            ]
            components.append(
                {
                    "support": supports,
                    "dimension": None,
                    "dimension_source": "segments between returned equilibria",
                    "representative": members[0],
                    "members": list(members),
                    "ranges": [],
                    "description": (
                        f"equilibria {list(members)} are joined by segments of equilibria "
                        "(each segment joins two profiles that differ in one player's "
                        "strategy), so they lie in one connected set of dimension at least 1"
                    ),
                }
            )
        if components:
            complete = False
            diagnostics.append(
                f"{len(components)} component(s) of non-isolated or singular equilibria, one "
                "representative each; equilibria listed as a component's 'members' are points "
                "of it, not isolated equilibria"
            )
        degenerate = bool(components) or any(
            not _quasi_strict(self.game if exact else self.float_game, eq.profile, self.tol)
            for eq in equilibria
        )
        return SolverResult(
            method="polynomial_enumeration",
            parameters=parameters,
            exact=exact,
            equilibria=equilibria,
            complete=complete,
            degenerate=degenerate,
            converged=not self.timed_out,
            diagnostics=tuple(diagnostics),
            components=tuple(components),
        )


def _connected_equilibria(equilibria: Sequence[Any], exact: bool, tol: float) -> list[list[int]]:
    r"""Group equilibria joined by segments of equilibria (union-find, in index order).

    If two equilibria :math:`\sigma, \tau` differ only in player :math:`j`'s strategy, every
    point :math:`\sigma^t = (1-t)\sigma + t\tau` of the segment between them is an
    equilibrium: player :math:`j`'s payoff vector does not depend on its own mixture, so its
    best replies are the same at every :math:`t`, and both endpoints use only them; every
    other player's payoff vector is affine in :math:`\sigma_j`, so each of its equilibrium
    inequalities, true at both ends, holds along the segment.  The two therefore lie in one
    connected set of equilibria (which cannot be isolated points).
    """
    parent = list(range(len(equilibria)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def same(a: Sequence[Any], b: Sequence[Any]) -> bool:
        if exact:
            return tuple(a) == tuple(b)
        return max(abs(float(x) - float(y)) for x, y in zip(a, b, strict=True)) <= tol

    for a, b in itertools.combinations(range(len(equilibria)), 2):
        differing = sum(
            not same(x, y)
            for x, y in zip(equilibria[a].profile, equilibria[b].profile, strict=True)
        )
        if differing == 1:
            parent[root(b)] = root(a)
    groups: dict[int, list[int]] = {}
    for k in range(len(equilibria)):
        groups.setdefault(root(k), []).append(k)
    return sorted(groups.values())


def _interior_margin(layout: _Layout, x: Sequence[float]) -> float:
    """The smallest probability of a support strategy at the unknowns ``x``."""
    smallest = math.inf
    for j in layout.mixing:
        own = [float(v) for v in x[layout.offset[j] : layout.offset[j] + layout.count[j]]]
        smallest = min(smallest, 1.0 - sum(own), *own)
    return smallest


def _match(equilibria: Sequence[Any], profile: Sequence[Sequence[float]]) -> int | None:
    flat = np.concatenate([np.asarray(v, dtype=float) for v in profile])
    best, best_gap = None, math.inf
    for k, eq in enumerate(equilibria):
        gap = float(np.max(np.abs(np.concatenate(eq.as_arrays()) - flat)))
        if gap < best_gap:
            best, best_gap = k, gap
    return best if best_gap <= 1e-6 else None


def _quasi_strict(game: NormalFormGame, profile: Sequence[Sequence[Any]], tol: float) -> bool:
    """Whether every best reply of every player is used (Harsanyi 1973's quasi-strictness)."""
    sigma = game.as_profile(profile)
    for values, vector in zip(strategy_values(game.payoffs, sigma), sigma, strict=True):
        best = max(values)
        for value, p in zip(values, vector, strict=True):
            tie = (value == best) if game.exact else (best - value <= tol)
            if tie and p == 0:
                return False
    return True


def _rational_equilibrium(
    game: NormalFormGame, sigma: Sequence[np.ndarray], *, near: bool = True
) -> list | None:
    """A rational profile close to ``sigma`` that is an exact equilibrium of ``game``.

    Simplest fractions are tried first.  With ``near`` the fraction must round to ``sigma``
    within ``1e-9`` (an isolated equilibrium is never replaced by another one); without it
    (a point of a continuum) any exact equilibrium found this way will do.
    """
    for denominator in (10, 100, 10**4, 10**6, 10**9):
        profile = []
        for vector in sigma:
            rounded = [Fraction(float(p)).limit_denominator(denominator) for p in vector]
            if sum(rounded) != 1:
                break
            gaps = [abs(float(r) - float(p)) for r, p in zip(rounded, vector, strict=True)]
            if near and max(gaps) > 1e-9:
                break
            profile.append(rounded)
        else:
            if max_regret(game, game.as_profile(profile)) == 0:
                return profile
    return None


def _numerical_rank(matrix: np.ndarray, scale: float) -> int:
    if matrix.size == 0:
        return 0
    values = np.linalg.svd(matrix, compute_uv=False)
    return int(np.sum(values > RANK_TOL * max(scale, float(values[0]))))


# -- support profiles in Porter-Nudelman-Shoham order ---------------------------------------------
def _support_levels(
    payoffs: np.ndarray, margin: float, max_size: int | None, counts: dict[str, int]
) -> Iterator[list[tuple[tuple[int, ...], ...]]]:
    """Support profiles with a mixing player that survive conditional strict dominance.

    One list per total support size, smallest first; inside a list, size vectors are ordered
    by balance (Porter, Nudelman and Shoham 2008).
    """
    shape = payoffs.shape[1:]
    n = len(shape)
    limits = [a if max_size is None else min(a, max_size) for a in shape]
    size_vectors = [
        sizes
        for sizes in itertools.product(*[range(1, limit + 1) for limit in limits])
        if sum(sizes) > n
    ]
    size_vectors.sort(key=lambda sizes: (sum(sizes), max(sizes) - min(sizes), sizes))
    cache: dict[tuple, np.ndarray] = {}
    for _, group in itertools.groupby(size_vectors, key=sum):
        level: list[tuple[tuple[int, ...], ...]] = []
        for sizes in group:
            domains = [tuple(range(a)) for a in shape]
            level.extend(_extend(payoffs, sizes, [], domains, margin, counts, cache))
        yield level


def _extend(
    payoffs: np.ndarray,
    sizes: Sequence[int],
    chosen: list[tuple[int, ...]],
    domains: list[tuple[int, ...]],
    margin: float,
    counts: dict[str, int],
    cache: dict[tuple, np.ndarray],
) -> Iterator[tuple[tuple[int, ...], ...]]:
    k = len(chosen)
    if k == len(sizes):
        yield tuple(chosen)
        return
    for support in itertools.combinations(domains[k], sizes[k]):
        trial = list(domains)
        trial[k] = support
        reduced = _conditional_dominance(payoffs, trial, k + 1, sizes, margin, cache)
        if reduced is None:
            counts["pruned"] += 1
            continue
        yield from _extend(payoffs, sizes, [*chosen, support], reduced, margin, counts, cache)


def _conditional_dominance(
    payoffs: np.ndarray,
    domains: list[tuple[int, ...]],
    assigned: int,
    sizes: Sequence[int],
    margin: float,
    cache: dict[tuple, np.ndarray],
) -> list[tuple[int, ...]] | None:
    """Iterated removal of strategies strictly dominated by a pure strategy given the domains.

    Players ``0..assigned-1`` have fixed supports: if one of their support strategies is
    dominated the profile is impossible (``None``).  The others' domains shrink.
    """
    domains = list(domains)
    n = len(domains)
    changed = True
    while changed:
        changed = False
        for i in range(n):
            key = (i, *[domains[j] for j in range(n) if j != i])
            dominated = cache.get(key)
            if dominated is None:
                index = [
                    np.arange(payoffs.shape[1 + i]) if j == i else domains[j] for j in range(n)
                ]
                sub = np.moveaxis(payoffs[i][np.ix_(*index)], i, 0)
                sub = sub.reshape(sub.shape[0], -1)
                gaps = (sub[:, None, :] - sub[None, :, :]).min(axis=2)
                dominated = (gaps > margin).any(axis=0)
                cache[key] = dominated
            if not any(dominated[s] for s in domains[i]):
                continue
            if i < assigned:
                return None
            kept = tuple(s for s in domains[i] if not dominated[s])
            if len(kept) < sizes[i]:
                return None
            domains[i] = kept
            changed = True
    return domains


# -- the multilinear system of a batch of support profiles ---------------------------------------
@dataclass(frozen=True)
class _Layout:
    """Where the unknowns of one support profile live.

    ``order`` lists the players mixing ones first (by support size and number of strategies),
    then pure ones; profiles with the same ``key`` have systems of the same shape and are
    solved together.
    """

    supports: tuple[tuple[int, ...], ...]
    order: tuple[int, ...]
    mixing: tuple[int, ...]
    offset: dict[int, int]
    count: dict[int, int]
    m: int
    key: tuple


def _layout(supports: tuple[tuple[int, ...], ...], shape: tuple[int, ...]) -> _Layout:
    n = len(shape)
    mixing = sorted(
        (i for i in range(n) if len(supports[i]) > 1), key=lambda i: (len(supports[i]), shape[i])
    )
    pure = sorted((i for i in range(n) if len(supports[i]) == 1), key=lambda i: shape[i])
    offset, count, m = {}, {}, 0
    for j in mixing:
        offset[j], count[j] = m, len(supports[j]) - 1
        m += count[j]
    order = tuple(mixing + pure)
    key = tuple((len(supports[i]), shape[i]) for i in order)
    return _Layout(supports, order, tuple(mixing), offset, count, m, key)


@dataclass
class _Block:
    position: int  # the player's position in the layouts' order
    rows_last: np.ndarray  # (r, d..., S) payoff differences to the base strategy, per layout
    equations: int  # the first `equations` rows are equalities, the rest inequalities
    others: tuple[int, ...]  # positions of the mixing opponents
    variables: tuple[int, ...]  # their unknowns, in the order of the vertex axes


class _BatchSystem:
    """The indifference equations and deviation inequalities of support profiles of one shape."""

    def __init__(self, payoffs: np.ndarray, layouts: list[_Layout]) -> None:
        first = layouts[0]
        self.layouts = layouts
        self.m = first.m
        n = len(first.order)
        self.mixing_positions = tuple(range(len(first.mixing)))
        self.position_offset = [first.offset[j] for j in first.mixing]
        self.position_count = [first.count[j] for j in first.mixing]
        self.blocks: list[_Block] = []
        for position in range(n):
            size, a = first.key[position]
            if a == 1:
                continue
            mixing = position < len(first.mixing)
            others = tuple(p for p in self.mixing_positions if p != position)
            variables = tuple(
                v
                for p in others
                for v in range(
                    self.position_offset[p], self.position_offset[p] + self.position_count[p]
                )
            )
            stacked = np.stack(
                [_block_rows(payoffs, layout, position) for layout in layouts], axis=-1
            )
            self.blocks.append(
                _Block(position, stacked, size - 1 if mixing else 0, others, variables)
            )

    def _vertex_sigma(self, lo: np.ndarray, hi: np.ndarray, position: int) -> np.ndarray:
        """A mixing player's mixture at the vertices of each box: ``(2**k, k + 1, B)``."""
        k, off = self.position_count[position], self.position_offset[position]
        grid = _cube(k)[:, :, None]
        coords = np.where(grid, hi.T[None, off : off + k], lo.T[None, off : off + k])
        first = 1.0 - coords.sum(axis=1, keepdims=True)
        return np.concatenate([first, coords], axis=1)

    def _block_vertices(
        self, block: _Block, sigmas: dict[int, np.ndarray], ids: np.ndarray
    ) -> np.ndarray:
        """``block.rows`` at every vertex of each box: ``(r, 2**q, B)``.

        The batch axis is last so that every elementwise loop runs over contiguous memory.
        """
        rows = block.rows_last[..., ids]
        r, batch = rows.shape[0], rows.shape[-1]
        if not block.others:
            return rows.reshape(r, 1, batch)
        tensor = rows.reshape(r, 1, -1, batch)
        remaining = list(rows.shape[1:-1])
        for p in block.others:
            d = remaining.pop(0)
            rest = math.prod(remaining)
            tensor = tensor.reshape(r, -1, d, rest, batch)
            tensor = np.einsum("rpdxb,qdb->rpqxb", tensor, sigmas[p])
            tensor = tensor.reshape(r, -1, rest, batch)
        return tensor.reshape(r, -1, batch)

    def evaluate(self, lo: np.ndarray, hi: np.ndarray, ids: np.ndarray) -> dict[str, np.ndarray]:
        """The equations, their Jacobian and the inequalities at every vertex of each box.

        Returns ``f`` of shape ``(m, 2**m, B)`` and ``jac`` of shape ``(m, m, 2**m, B)``
        (vertices in C order of the unknowns, batch last), their values at the midpoints
        ``f_mid`` ``(B, m)`` and ``j_mid`` ``(B, m, m)`` (a multilinear function's value at the
        midpoint is the mean of its vertex values), and ``g_min`` ``(B, k)``, the least value
        of each deviation inequality over each box.  Every partial derivative is an exact
        difference quotient along an edge: the functions are affine in each unknown.
        """
        batch, m = lo.shape
        sigmas = {p: self._vertex_sigma(lo, hi, p) for p in self.mixing_positions}
        width = (hi - lo).T
        cube = (2,) * m
        f = np.zeros((m, *cube, batch))
        jac = np.zeros((m, m, *cube, batch))
        g_min = []
        for block in self.blocks:
            flat = self._block_vertices(block, sigmas, ids)
            e = block.equations
            if flat.shape[0] > e:
                g_min.append(flat[e:].min(axis=1).T)
            if not e:
                continue
            start = self.position_offset[block.position]
            variables = block.variables
            axes = [2 if v in variables else 1 for v in range(m)]
            values = flat[:e].reshape((e,) + (2,) * len(variables) + (batch,))
            f[start : start + e] = values.reshape(e, *axes, batch)
            for k, v in enumerate(variables):
                slope = np.diff(values, axis=1 + k) / width[v]
                jac[start : start + e, v] = slope.reshape(
                    e, *[1 if w == v else a for w, a in enumerate(axes)], batch
                )
        f = f.reshape(m, -1, batch)
        jac = jac.reshape(m, m, -1, batch)
        return {
            "f": f,
            "jac": jac,
            "f_mid": f.mean(axis=1).T,
            "j_mid": jac.mean(axis=2).transpose(2, 0, 1),
            "g_min": np.concatenate(g_min, axis=1) if g_min else np.zeros((batch, 0)),
        }

    def point(
        self, x: np.ndarray, ids: np.ndarray, h: float = 1e-7
    ) -> tuple[np.ndarray, np.ndarray]:
        """``F`` and its Jacobian at each row of ``x`` (exact up to rounding: F is multilinear)."""
        ev = self.evaluate(x - h, x + h, ids)
        return ev["f_mid"], ev["j_mid"]

    def simplex_violated(self, lo: np.ndarray) -> np.ndarray:
        bad = np.zeros(lo.shape[0], dtype=bool)
        for p in self.mixing_positions:
            if self.position_count[p] > 1:
                off = self.position_offset[p]
                bad |= lo[:, off : off + self.position_count[p]].sum(axis=1) > 1.0 + OUTER
        return bad


def _block_rows(payoffs: np.ndarray, layout: _Layout, position: int) -> np.ndarray:
    """Payoff differences ``u_i(t, .) - u_i(b_i, .)`` for the player at ``position``.

    Rows: the support strategies after the base (equalities), then the strategies outside the
    support (inequalities).  Axes: the mixing opponents in layout order, over their supports.
    """
    i = layout.order[position]
    n = len(layout.order)
    support = layout.supports[i]
    a = payoffs.shape[1 + i]
    index = [np.arange(a) if j == i else np.asarray(layout.supports[j]) for j in range(n)]
    sub = payoffs[i][np.ix_(*index)]
    mixing_others = [j for j in layout.order if j != i and j in layout.offset]
    pure_others = [j for j in range(n) if j != i and j not in layout.offset]
    sub = sub.transpose([i, *mixing_others, *pure_others])
    sub = sub.reshape(sub.shape[: 1 + len(mixing_others)])
    rows = list(support[1:]) + [t for t in range(a) if t not in support]
    return sub[rows] - sub[[support[0]]]


@functools.cache
def _cube(k: int) -> np.ndarray:
    """The vertices of ``{0, 1}^k`` in C order, as booleans ``(2**k, k)``."""
    return np.array(list(itertools.product((False, True), repeat=k)), dtype=bool).reshape(-1, k)


@functools.cache
def _edge_pairs(q: int) -> tuple[np.ndarray, np.ndarray]:
    """Vertex indices of the edges of the cube ``{0, 1}^q`` along each axis.

    Row ``k`` of the two ``(q, 2**(q-1))`` arrays pairs every vertex with bit ``k`` set (first
    array) with the vertex that differs from it in bit ``k`` only (second array); bit 0 is the
    most significant, matching C order.
    """
    vertices = np.arange(2**q)
    upper = np.empty((q, 2 ** (q - 1)), dtype=np.intp)
    for k in range(q):
        upper[k] = vertices[(vertices & (1 << (q - 1 - k))) != 0]
    lower = upper - (1 << (q - 1 - np.arange(q)))[:, None]
    return upper, lower


# -- interval subdivision with the Krawczyk test ------------------------------------------------
@dataclass
class _IntervalOutcome:
    solutions: list[tuple[int, np.ndarray]]
    unresolved: list[tuple[int, np.ndarray, np.ndarray, np.ndarray | None]]
    boxes: int
    exhausted: set[int]


def _interval_solve(
    system: _BatchSystem,
    scale: float,
    margin: float,
    max_boxes: int,
    dimensions: dict[int, int | None] | None = None,
) -> _IntervalOutcome:
    """Settle the box ``[-OUTER, 1 + OUTER]^m`` of every layout of ``system``.

    ``dimensions`` gives, where a Groebner basis found it, the dimension of a layout's
    solution set.
    """
    m = system.m
    count = len(system.layouts)
    lo = np.full((count, m), -OUTER)
    hi = np.full((count, m), 1.0 + OUTER)
    ids = np.arange(count)
    outcome = _IntervalOutcome([], [], 0, set())
    used = np.zeros(count, dtype=np.int64)
    chunk = max(1, _BATCH_ENTRIES // (2**m * max(1, m) ** 2))
    with np.errstate(all="ignore"):
        # A Jacobian of generic rank r < m means every solution lies on a set of dimension at
        # least m - r (fibre dimension): no isolated zero is lost by setting such boxes aside
        # at a width whose (m - r)-th power is COARSE_WIDTH, which bounds the cover's size.
        generic = np.broadcast_to(0.5 + 0.1 * np.sin(np.arange(1, m + 1) * 2.3), (count, m))
        jacobian = system.point(np.array(generic), ids)[1]
        deficiency = m - np.array([_numerical_rank(j, scale) for j in jacobian])
        for index, dimension in (dimensions or {}).items():
            deficiency[index] = max(deficiency[index], dimension or 0)
        coarse = np.where(deficiency > 0, COARSE_WIDTH ** (1.0 / np.maximum(deficiency, 1)), 0.0)
        coarse = np.maximum(coarse, COARSE_WIDTH)
        while ids.size:
            used += np.bincount(ids, minlength=count)
            over = used[ids] > max_boxes
            for b in np.flatnonzero(over):
                outcome.unresolved.append((int(ids[b]), lo[b], hi[b], None))
                outcome.exhausted.add(int(ids[b]))
            lo, hi, ids = lo[~over], hi[~over], ids[~over]
            outcome.boxes += int(ids.size)
            parts = [
                _process(
                    system,
                    lo[k : k + chunk],
                    hi[k : k + chunk],
                    ids[k : k + chunk],
                    scale,
                    margin,
                    outcome,
                    coarse,
                )
                for k in range(0, ids.size, chunk)
            ]
            if not parts:
                break
            lo = np.concatenate([part[0] for part in parts])
            hi = np.concatenate([part[1] for part in parts])
            ids = np.concatenate([part[2] for part in parts])
    return outcome


def _process(
    system: _BatchSystem,
    lo: np.ndarray,
    hi: np.ndarray,
    ids: np.ndarray,
    scale: float,
    margin: float,
    outcome: _IntervalOutcome,
    coarse: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Settle a batch of boxes; return the boxes still to be examined.

    ``coarse[layout]`` is the width below which a box is tested for singular zeros.
    """
    ev = system.evaluate(lo, hi, ids)
    f = ev["f"]
    excluded = (
        np.any(f.min(axis=1) > margin, axis=0)
        | np.any(f.max(axis=1) < -margin, axis=0)
        | np.any(ev["g_min"] > margin, axis=1)
        | system.simplex_violated(lo)
    )
    alive = ~excluded
    lo, hi, ids = lo[alive], hi[alive], ids[alive]
    if not ids.size:
        return lo, hi, ids
    ev = {
        key: (value[..., alive] if key in ("f", "jac") else value[alive])
        for key, value in ev.items()
    }
    k_lo, k_hi, inside, disjoint = _krawczyk(lo, hi, ev, margin)
    if inside.any():
        x = _polish(system, k_lo[inside], k_hi[inside], ids[inside])
        outcome.solutions.extend(zip(ids[inside].tolist(), x, strict=True))
    keep = ~(inside | disjoint)
    before = (hi - lo)[keep].max(axis=1)
    lo, hi, ids = np.fmax(lo, k_lo)[keep], np.fmin(hi, k_hi)[keep], ids[keep]
    width = hi - lo
    widest = width.max(axis=1)
    tiny = widest < MIN_WIDTH
    give_up = tiny.copy()
    points: dict[int, np.ndarray] = {}
    test = np.flatnonzero(widest < coarse[ids])
    if test.size:
        x, ok, rank_deficient = _gauss_newton(system, lo[test], hi[test], ids[test], scale)
        for k, b in enumerate(test):
            if ok[k]:
                points[int(b)] = x[k]
                give_up[b] |= rank_deficient[k]
    for b in np.flatnonzero(give_up):
        outcome.unresolved.append((int(ids[b]), lo[b], hi[b], points.get(int(b))))
    go_on = ~give_up
    lo, hi, ids, width = lo[go_on], hi[go_on], ids[go_on], width[go_on]
    # a box the Krawczyk operator shrank well is examined again as it is; the others are split
    shrunk = widest[go_on] < 0.7 * before[go_on]
    split = ~shrunk
    s_lo, s_hi, s_ids, s_width = lo[split], hi[split], ids[split], width[split]
    axis = np.argmax(s_width, axis=1)
    rows = np.arange(s_lo.shape[0])
    cut = s_lo[rows, axis] + SPLIT * s_width[rows, axis]
    left_hi = s_hi.copy()
    left_hi[rows, axis] = cut
    right_lo = s_lo.copy()
    right_lo[rows, axis] = cut
    return (
        np.concatenate([lo[shrunk], s_lo, right_lo]),
        np.concatenate([hi[shrunk], left_hi, s_hi]),
        np.concatenate([ids[shrunk], s_ids, s_ids]),
    )


def _krawczyk(
    lo: np.ndarray, hi: np.ndarray, ev: dict[str, np.ndarray], margin: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Preconditioned exclusion and the Krawczyk test of each box.

    With :math:`Y = F'(c)^{-1}`, every component of :math:`YF` and every entry of
    :math:`I - YF'` is multilinear, so their exact ranges over the box come from the vertex
    values.  A box on which some :math:`(YF)_i` keeps one sign has no zero ("disjoint");
    otherwise the Krawczyk operator :math:`K = c - YF(c) + (I - YF'(X))(X - c)` is enclosed
    with the exact ranges of :math:`I - YF'`, and :math:`K \\subset \\operatorname{int} X`
    proves a unique zero in the box ("inside").
    """
    m = lo.shape[1]
    c = 0.5 * (lo + hi)
    r = 0.5 * (hi - lo)
    y = _inverse(ev["j_mid"])
    finite = np.all(np.isfinite(y), axis=(1, 2))
    y = np.where(finite[:, None, None], y, 0.0)
    # margins scaled by the preconditioner: rounding of F and of the products
    guard = margin * np.abs(y).sum(axis=2)
    pre = np.einsum("bij,jvb->biv", y, ev["f"])
    disjoint = finite & (
        np.any(pre.min(axis=2) > guard, axis=1) | np.any(pre.max(axis=2) < -guard, axis=1)
    )
    contraction = np.eye(m)[None, :, :, None] - np.einsum("bij,jkvb->bikv", y, ev["jac"])
    spread = np.abs(contraction).max(axis=3)
    radius = (spread @ r[..., None])[..., 0] + guard
    center = c - (y @ ev["f_mid"][..., None])[..., 0]
    slack = 1e-12 * (1.0 + np.abs(center))
    k_lo = center - radius - slack
    k_hi = center + radius + slack
    inside = finite & ~disjoint & np.all((k_lo > lo) & (k_hi < hi), axis=1)
    disjoint |= finite & np.any((k_hi < lo) | (k_lo > hi), axis=1)
    k_lo = np.where(finite[:, None], k_lo, -np.inf)
    k_hi = np.where(finite[:, None], k_hi, np.inf)
    return k_lo, k_hi, inside, disjoint


def _inverse(matrices: np.ndarray) -> np.ndarray:
    """Batched inverse; ``nan`` for the singular matrices."""
    try:
        return np.linalg.inv(matrices)
    except np.linalg.LinAlgError:
        out = np.full_like(matrices, np.nan)
        for b, matrix in enumerate(matrices):
            try:
                out[b] = np.linalg.inv(matrix)
            except np.linalg.LinAlgError:
                pass
        return out


def _polish(system: _BatchSystem, lo: np.ndarray, hi: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Newton's method for the unique zero certified in each box ``[lo, hi]``."""
    x = 0.5 * (lo + hi)
    for _ in range(6):
        f, jac = system.point(x, ids)
        step = (_inverse(jac) @ f[..., None])[..., 0]
        x = np.clip(x - np.nan_to_num(step), lo, hi)
    return x


def _gauss_newton(
    system: _BatchSystem, lo: np.ndarray, hi: np.ndarray, ids: np.ndarray, scale: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gauss-Newton from each box's midpoint: the zero reached, whether it lies in (or next to)
    the box, and whether the Jacobian there is rank deficient."""
    x = 0.5 * (lo + hi)
    for _ in range(12):
        f, jac, _ = _finite_rows(*system.point(x, ids))
        try:
            x = x - (np.linalg.pinv(jac) @ f[..., None])[..., 0]
        except np.linalg.LinAlgError:  # a pathological batch: stop iterating, judge as is
            break
    f, jac, finite = _finite_rows(*system.point(x, ids))
    reach = np.maximum(hi - lo, 1e-9)
    ok = (
        finite
        & np.all(np.isfinite(x), axis=1)
        & (np.max(np.abs(f), axis=1) <= 1e-9 * scale)
        & np.all((x >= lo - reach) & (x <= hi + reach), axis=1)
    )
    try:
        values = np.linalg.svd(jac, compute_uv=False)
        rank_deficient = values[:, -1] <= RANK_TOL * np.maximum(values[:, 0], scale)
    except np.linalg.LinAlgError:
        rank_deficient = np.zeros(len(x), dtype=bool)
        ok = np.zeros(len(x), dtype=bool)
    return x, ok, rank_deficient


def _finite_rows(f: np.ndarray, jac: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Zero the residual and Jacobian of diverged points (NaN/inf) so that linear algebra on
    the batch cannot fail; returns them with the mask of finite rows (the others are rejected)."""
    finite = np.all(np.isfinite(f), axis=-1) & np.all(np.isfinite(jac), axis=(-2, -1))
    if finite.all():
        return f, jac, finite
    f = np.where(finite[:, None], f, 0.0)
    return f, np.where(finite[:, None, None], jac, 0.0), finite


def _clusters(lo: np.ndarray, hi: np.ndarray) -> list[list[int]]:
    """Groups of boxes connected by touching or overlapping (union-find)."""
    count = lo.shape[0]
    parent = list(range(count))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    slack = 1e-9
    for a in range(count):
        touching = np.all((lo[a + 1 :] <= hi[a] + slack) & (lo[a] <= hi[a + 1 :] + slack), axis=1)
        for b in np.flatnonzero(touching):
            root_a, root_b = find(a), find(a + 1 + int(b))
            if root_a != root_b:
                parent[root_b] = root_a
    groups: dict[int, list[int]] = {}
    for a in range(count):
        groups.setdefault(find(a), []).append(a)
    return list(groups.values())


# -- exact solution by Groebner bases ----------------------------------------------------------
def _groebner_solve(
    payoffs: np.ndarray, layout: _Layout
) -> tuple[str, list[list[Any]], int | None]:
    """Solve the support's indifference equations exactly.

    Returns ``("empty", [], None)``, ``("points", points, 0)`` with every real solution in
    the search box (coordinates as Fractions when rational, 60-digit numbers otherwise), or
    ``("positive", [], d)`` when the solution set has dimension ``d > 0``.
    """
    import sympy
    from sympy import QQ
    from sympy.polys.rings import ring

    m = layout.m
    poly_ring, *unknowns = ring(",".join(f"x{v}" for v in range(m)), QQ)
    sigmas = {}
    for j in layout.mixing:
        coords = unknowns[layout.offset[j] : layout.offset[j] + layout.count[j]]
        vector = np.empty(len(coords) + 1, dtype=object)
        vector[0] = poly_ring.one - sum(coords, poly_ring.zero)
        vector[1:] = coords
        sigmas[j] = vector
    polynomials = []
    for position, i in enumerate(layout.order[: len(layout.mixing)]):
        rows = _block_rows(payoffs, layout, position)[: layout.count[i]]
        others = [j for j in layout.mixing if j != i]
        for row in rows:
            row = np.asarray(row, dtype=object)
            tensor = np.empty(row.shape, dtype=object)
            for index, value in np.ndenumerate(row):
                value = Fraction(value)
                tensor[index] = poly_ring(QQ(value.numerator, value.denominator))
            for j in reversed(others):
                tensor = np.tensordot(tensor, sigmas[j], axes=([tensor.ndim - 1], [0]))
            polynomial = tensor.item() if isinstance(tensor, np.ndarray) else tensor
            if polynomial != 0:
                polynomials.append(polynomial)
    if not polynomials:
        return "positive", [], m
    basis = sympy.groebner(
        [p.as_expr() for p in polynomials], *poly_ring.symbols, order="lex", domain=QQ
    )
    if list(basis.exprs) == [1]:
        return "empty", [], None
    if not basis.is_zero_dimensional:
        return "positive", [], _dimension(basis, m)
    return "points", _triangular_solve(basis, m), 0


def _dimension(basis: Any, m: int) -> int:
    """Dimension of the ideal: the largest set of unknowns containing no leading monomial."""
    leading = [
        {v for v, e in enumerate(poly.monoms(order="lex")[0]) if e > 0} for poly in basis.polys
    ]
    for size in range(m, -1, -1):
        for subset in itertools.combinations(range(m), size):
            if not any(lead <= set(subset) for lead in leading):
                return size
    return 0  # pragma: no cover - the empty set always qualifies for a proper ideal


def _triangular_solve(basis: Any, m: int) -> list[list[Any]]:
    """Back substitution along a zero-dimensional lexicographic basis (extension theorem)."""
    import sympy

    symbols = basis.gens
    by_variable: dict[int, list[Any]] = {}
    for poly in basis.polys:
        main = min(v for v, e in enumerate(poly.degree_list()) if e > 0)
        by_variable.setdefault(main, []).append(poly)
    partial: list[dict[int, Any]] = [{}]
    for v in range(m - 1, -1, -1):
        extended = []
        for solution in partial:
            exact = all(isinstance(value, Fraction) for value in solution.values())
            substitution = {
                symbols[w]: (
                    sympy.Rational(value.numerator, value.denominator)
                    if isinstance(value, Fraction)
                    else value
                )
                for w, value in solution.items()
            }
            specialised = [
                sympy.Poly(poly.as_expr().subs(substitution), symbols[v])
                for poly in by_variable.get(v, [])
            ]
            for root in _common_roots(specialised, exact=exact):
                if -OUTER <= float(root) <= 1.0 + OUTER:
                    extended.append({**solution, v: root})
        partial = extended
    return [[solution[v] for v in range(m)] for solution in partial]


def _common_roots(polys: list[Any], *, exact: bool) -> list[Any]:
    """Real common roots of univariate polynomials: Fractions when rational, else 60-digit."""
    import sympy

    nonzero = [p for p in polys if not p.is_zero]
    if not nonzero:  # pragma: no cover - impossible for a zero-dimensional basis
        return []
    if exact:
        g = nonzero[0]
        for p in nonzero[1:]:
            g = sympy.gcd(g, p)
        if g.degree() <= 0:
            return []
        roots: list[Any] = []
        for root in sympy.Poly(g.as_expr(), g.gens[0], domain="QQ").real_roots():
            if root.is_Rational:
                roots.append(Fraction(int(root.p), int(root.q)))
            else:
                roots.append(sympy.Float(root.evalf(60), 60))
        return roots
    # numerical coefficients: roots of the lowest-degree polynomial that the others share
    ordered = sorted(nonzero, key=lambda p: p.degree())
    sizes = [max(abs(c) for c in p.all_coeffs()) for p in ordered]
    base = next(
        (p for p, size in zip(ordered, sizes, strict=True) if abs(p.LC()) > 1e-40 * size), None
    )
    if base is None or base.degree() < 1:
        return []
    roots = []
    for root in base.nroots(n=50, maxsteps=200):
        if abs(sympy.im(root)) > 1e-30:
            continue
        value = sympy.Float(sympy.re(root), 60)
        if all(
            abs(p.eval(value)) <= 1e-30 * max(1, size)
            for p, size in zip(ordered, sizes, strict=True)
        ):
            roots.append(value)
    return roots
