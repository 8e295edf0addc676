r"""Finite games in normal (strategic) form.

Payoff-array convention
-----------------------
A game with players :math:`i = 1, \dots, n`, where player :math:`i` has :math:`a_i` pure
strategies, is stored as one tensor

.. math::

    U \in \mathbb{R}^{n \times a_1 \times \dots \times a_n}, \qquad
    U[i, s_1, \dots, s_n] = u_i(s_1, \dots, s_n),

so axis 0 indexes the player whose payoff is stored and axis :math:`j + 1` indexes the pure
strategy of player :math:`j` (all indices from zero).  A mixed profile
:math:`\sigma = (\sigma_1, \dots, \sigma_n)` with :math:`\sigma_j \in \Delta(a_j)` gives player
:math:`i`'s pure strategy :math:`s` the expected payoff

.. math::

    v_i(s; \sigma_{-i}) = \sum_{s_{-i}} U[i, s, s_{-i}] \prod_{j \ne i} \sigma_j(s_j),

and the profile's *regret* for player :math:`i` is
:math:`\max_s v_i(s; \sigma_{-i}) - \sum_s \sigma_i(s) v_i(s; \sigma_{-i}) \ge 0`.
:math:`\sigma` is a Nash equilibrium iff every player's regret is zero.

For two players, ``U[0]`` is the row player's matrix :math:`A` and ``U[1]`` the column player's
matrix :math:`B` (both indexed ``[row, column]``), the convention of nashpy and Gambit.

Float mode stores ``float64``; exact mode stores :class:`fractions.Fraction` in an ``object``
array (see :mod:`dualdilemma._numbers` for how floats and strings become fractions).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from dualdilemma._numbers import (
    all_rational,
    as_exact_array,
    as_float_array,
    exact_to_float,
    to_fraction,
)
from dualdilemma.errors import InvalidGameError, InvalidProfileError
from dualdilemma.games._memory import check_tensor_fits

__all__ = ["NormalFormGame", "MixedProfile", "player_regrets", "max_regret"]

#: A mixed profile: one probability vector per player (float64 or object arrays of Fraction).
MixedProfile = tuple[np.ndarray, ...]


def _default_players(n: int) -> tuple[str, ...]:
    return tuple(f"Player {i + 1}" for i in range(n))


def _default_strategies(shape: Sequence[int]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(s + 1) for s in range(a)) for a in shape)


def _check_labels(labels: Sequence[str], expected: int, what: str) -> tuple[str, ...]:
    labels = tuple(str(label) for label in labels)
    if len(labels) != expected:
        raise InvalidGameError(f"{what}: expected {expected} labels, got {len(labels)}")
    if len(set(labels)) != len(labels):
        dupes = sorted({lab for lab in labels if labels.count(lab) > 1})
        raise InvalidGameError(f"{what}: duplicate labels {dupes}")
    return labels


def _check_game_labels(
    players: Sequence[str] | None,
    strategies: Sequence[Sequence[str]] | None,
    shape: tuple[int, ...],
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Player and strategy labels for a game of this ``shape`` (defaults where ``None``)."""
    n = len(shape)
    checked = _check_labels(players or _default_players(n), n, "players")
    strategies = strategies if strategies is not None else _default_strategies(shape)
    if len(strategies) != n:
        raise InvalidGameError(f"strategies: expected {n} label lists, got {len(strategies)}")
    return checked, tuple(
        _check_labels(labels, a, f"strategies of {checked[i]!r}")
        for i, (labels, a) in enumerate(zip(strategies, shape, strict=True))
    )


def _check_strategy_counts(shape: tuple[int, ...]) -> None:
    if any(a < 1 for a in shape):
        raise InvalidGameError(f"every player needs at least one strategy, got {shape}")


class _LabelledTensorGame:
    """Views shared by the games that hold an ``(n, a_1, ..., a_n)`` payoff tensor and labels
    (:class:`NormalFormGame`, :class:`~dualdilemma.symbolic.game.SymbolicGame`)."""

    __slots__ = ()

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        return self._strategies

    @property
    def title(self) -> str:
        return self._title

    @property
    def num_players(self) -> int:
        return self._payoffs.shape[0]

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of pure strategies of each player."""
        return tuple(self._payoffs.shape[1:])

    def _pure_index(self, pure_profile: Sequence[int]) -> tuple[int, ...] | None:
        """``pure_profile`` as strategy indices, or ``None`` if it does not fit the shape."""
        index = tuple(int(s) for s in pure_profile)
        if len(index) != self.num_players or any(
            not 0 <= s < a for s, a in zip(index, self.shape, strict=True)
        ):
            return None
        return index

    def _payoffs_at(self, index: tuple[int, ...]) -> tuple[Any, ...]:
        return tuple(self._payoffs[(i, *index)] for i in range(self.num_players))


class NormalFormGame(_LabelledTensorGame):
    """A finite n-player game in normal form (see the module docstring for the convention).

    Parameters
    ----------
    payoffs
        Array-like of shape ``(n, a_1, ..., a_n)``.
    players, strategies
        Optional labels; default ``"Player 1"``... and ``"1"``, ``"2"``...
    exact
        ``True`` stores Fractions, ``False`` float64; ``None`` (default) chooses exact mode
        when every payoff is an int, Fraction or sympy Rational.
    title
        Free text, kept through Gambit NFG round trips.

    Examples
    --------
    The prisoner's dilemma (Rapoport and Chammah 1965):

    >>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                 strategies=[["C", "D"], ["C", "D"]])
    >>> pd
    NormalFormGame(2 players, 2x2, exact, title='')
    >>> pd.payoff((1, 1))
    (Fraction(1, 1), Fraction(1, 1))
    """

    __slots__ = ("_payoffs", "_players", "_strategies", "_title", "_float_twin")

    def __init__(
        self,
        payoffs: Any,
        *,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        exact: bool | None = None,
        title: str = "",
    ) -> None:
        raw = payoffs if isinstance(payoffs, np.ndarray) else np.asarray(payoffs, dtype=object)
        if raw.ndim < 2:
            raise InvalidGameError(
                f"payoffs must have shape (n, a_1, ..., a_n) with n >= 1, got shape {raw.shape}"
            )
        n = raw.shape[0]
        shape = tuple(int(a) for a in raw.shape[1:])
        if len(shape) != n:
            raise InvalidGameError(
                f"payoffs of shape {raw.shape} list {n} players but {len(shape)} strategy axes"
            )
        _check_strategy_counts(shape)
        if exact is None:
            exact = all_rational(raw)
        check_tensor_fits(n, shape, exact=exact)
        self._payoffs = as_exact_array(raw) if exact else as_float_array(raw)
        self._payoffs.setflags(write=False)
        self._players, self._strategies = _check_game_labels(players, strategies, shape)
        self._title = str(title)
        self._float_twin: NormalFormGame | None = None  # to_float(), kept: games are immutable

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_arrays(cls, *arrays: Any, **kwargs: Any) -> NormalFormGame:
        """Build from one payoff array per player, each of shape ``(a_1, ..., a_n)``.

        >>> NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]).shape
        (2, 2)
        """
        if not arrays:
            raise InvalidGameError("from_arrays needs one payoff array per player, got none")
        shapes = {np.shape(a) for a in arrays}
        if len(shapes) != 1:
            raise InvalidGameError(f"payoff arrays have different shapes: {sorted(shapes)}")
        stacked = np.empty((len(arrays), *shapes.pop()), dtype=object)
        for i, array in enumerate(arrays):
            stacked[i] = np.asarray(array, dtype=object)
        return cls(stacked, **kwargs)

    # -- views ----------------------------------------------------------------------------------
    @property
    def payoffs(self) -> np.ndarray:
        """The read-only payoff tensor ``U`` of shape ``(n, a_1, ..., a_n)``."""
        return self._payoffs

    @property
    def exact(self) -> bool:
        """Whether payoffs are exact Fractions."""
        return self._payoffs.dtype == object

    @property
    def num_profiles(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64))

    def bimatrix(self) -> tuple[np.ndarray, np.ndarray]:
        """``(A, B)`` of a two-player game; raises for other player counts."""
        from dualdilemma.errors import UnsupportedGameError

        if self.num_players != 2:
            raise UnsupportedGameError(
                f"a bimatrix needs exactly 2 players, this game has {self.num_players}"
            )
        return self._payoffs[0], self._payoffs[1]

    def payoff(self, pure_profile: Sequence[int]) -> tuple[Any, ...]:
        """Each player's payoff at a pure profile given as strategy indices."""
        index = self._pure_index(pure_profile)
        if index is None:
            raise InvalidProfileError(
                f"pure profile {pure_profile!r} does not fit shape {self.shape}"
            )
        return self._payoffs_at(index)

    def is_zero_sum(self) -> bool:
        """Whether payoffs sum to zero at every profile (exactly in exact mode)."""
        total = self._payoffs.sum(axis=0)
        if self.exact:
            return bool(np.all(total == 0))
        scale = max(1.0, float(np.max(np.abs(self._payoffs))))
        return bool(np.all(np.abs(total) <= 1e-12 * scale))

    # -- conversions ------------------------------------------------------------------------------
    def to_float(self) -> NormalFormGame:
        if not self.exact:
            return self
        if self._float_twin is None:
            self._float_twin = self._replace(exact_to_float(self._payoffs), exact=False)
        return self._float_twin

    def to_exact(self) -> NormalFormGame:
        if self.exact:
            return self
        return self._replace(self._payoffs, exact=True)

    def _replace(self, payoffs: Any, *, exact: bool | None = None) -> NormalFormGame:
        return NormalFormGame(
            payoffs,
            players=self._players,
            strategies=self._strategies,
            exact=self.exact if exact is None else exact,
            title=self._title,
        )

    def affine_transform(self, scale: Sequence[Any], shift: Sequence[Any]) -> NormalFormGame:
        """The game with ``u_i -> scale[i] * u_i + shift[i]`` (``scale[i] > 0``).

        Nash equilibria are invariant under such transformations.
        """
        if len(scale) != self.num_players or len(shift) != self.num_players:
            raise InvalidGameError("affine_transform needs one scale and one shift per player")
        if any(s <= 0 for s in scale):
            raise InvalidGameError(f"scales must be positive, got {list(scale)}")
        if self.exact:
            scale = [to_fraction(s) for s in scale]
            shift = [to_fraction(s) for s in shift]
        new = np.empty_like(self._payoffs)
        for i in range(self.num_players):
            new[i] = self._payoffs[i] * scale[i] + shift[i]
        return self._replace(new)

    def restrict(self, keep: Sequence[Sequence[int]]) -> NormalFormGame:
        """The subgame where player ``i`` keeps only the strategies ``keep[i]`` (in that order)."""
        if len(keep) != self.num_players:
            raise InvalidGameError(f"restrict needs {self.num_players} index lists")
        payoffs = self._payoffs[np.ix_(range(self.num_players), *[list(k) for k in keep])]
        return NormalFormGame(
            payoffs,
            players=self._players,
            strategies=[[self._strategies[i][s] for s in k] for i, k in enumerate(keep)],
            exact=self.exact,
            title=self._title,
        )

    # -- mixed profiles -------------------------------------------------------------------------
    def as_profile(self, profile: Sequence[Sequence[Any]], *, tol: float = 1e-9) -> MixedProfile:
        """Validate a mixed profile (one probability vector per player) and convert it."""
        return as_profile(self, profile, tol=tol)

    def strategy_values(self, profile: Sequence[Sequence[Any]]) -> tuple[np.ndarray, ...]:
        """``v_i(s; sigma_{-i})`` for every player ``i`` and pure strategy ``s``."""
        return strategy_values(self._payoffs, as_profile(self, profile))

    def expected_payoffs(self, profile: Sequence[Sequence[Any]]) -> tuple[Any, ...]:
        """Each player's expected payoff under a mixed profile."""
        sigma = as_profile(self, profile)
        values = strategy_values(self._payoffs, sigma)
        return tuple(v @ s for v, s in zip(values, sigma, strict=True))

    def max_regret(self, profile: Sequence[Sequence[Any]]) -> Any:
        """The largest regret of any player (0 exactly at an exact equilibrium)."""
        return max_regret(self, as_profile(self, profile))

    # -- dunder -----------------------------------------------------------------------------------
    def __repr__(self) -> str:
        mode = "exact" if self.exact else "float"
        dims = "x".join(str(a) for a in self.shape)
        return f"NormalFormGame({self.num_players} players, {dims}, {mode}, title={self._title!r})"

    def _repr_html_(self) -> str:
        from dualdilemma.reporting.display import game_html

        return game_html(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return (
            self.shape == other.shape
            and self.exact == other.exact
            and self._players == other._players
            and self._strategies == other._strategies
            and bool(np.all(self._payoffs == other._payoffs))
        )

    __hash__ = None  # type: ignore[assignment]


def as_profile(
    game: NormalFormGame, profile: Sequence[Sequence[Any]], *, tol: float = 1e-9
) -> MixedProfile:
    """Check that ``profile`` is a mixed profile of ``game`` and return it as arrays.

    In exact mode each vector must be exactly on the simplex and is returned as Fractions; in
    float mode entries must be >= -tol and sum to 1 within ``tol``.
    """
    if len(profile) != game.num_players:
        raise InvalidProfileError(
            f"a profile needs one strategy vector per player ({game.num_players}), "
            f"got {len(profile)}"
        )
    out = []
    for i, (vector, a) in enumerate(zip(profile, game.shape, strict=True)):
        if len(vector) != a:
            raise InvalidProfileError(
                f"player {game.players[i]!r} has {a} strategies, profile gives {len(vector)} "
                "probabilities"
            )
        if game.exact:
            sigma = as_exact_array(vector, what="probabilities")
            if any(p < 0 for p in sigma) or sum(sigma) != 1:
                raise InvalidProfileError(
                    f"probabilities of {game.players[i]!r} are not on the simplex: "
                    f"{[str(p) for p in sigma]}"
                )
        else:
            sigma = as_float_array(vector, what="probabilities")
            if np.any(sigma < -tol) or abs(sigma.sum() - 1.0) > tol * max(1, a):
                raise InvalidProfileError(
                    f"probabilities of {game.players[i]!r} are not on the simplex: {sigma.tolist()}"
                )
        out.append(sigma)
    return tuple(out)


def strategy_values(payoffs: np.ndarray, sigma: MixedProfile) -> tuple[np.ndarray, ...]:
    """For each player, the expected payoff of each pure strategy against the others' mix.

    Contracts player ``i``'s payoff tensor with every other player's strategy vector, from the
    last axis to the first so that axis numbers stay valid.
    """
    n = payoffs.shape[0]
    # a pure strategy (a single probability 1) selects a slice: no products, exact either way
    pure = [_pure_index(vector) for vector in sigma]
    values = []
    for i in range(n):
        tensor = payoffs[i]
        for j in range(n - 1, -1, -1):
            if j == i:
                continue
            if pure[j] is not None:
                tensor = np.take(tensor, pure[j], axis=j)
            else:
                tensor = np.tensordot(tensor, sigma[j], axes=([j], [0]))
        values.append(tensor)
    return tuple(values)


def _pure_index(vector: np.ndarray) -> int | None:
    """The strategy a vector plays for sure (one entry exactly 1, the rest 0), else ``None``."""
    support = [k for k, p in enumerate(vector) if p != 0]
    if len(support) == 1 and vector[support[0]] == 1:
        return support[0]
    return None


def player_regrets(game: NormalFormGame, sigma: MixedProfile) -> tuple[Any, ...]:
    """Each player's regret: best pure-strategy value minus the value of its own mix.

    Defined here, with the representation, so that the solvers (which verify every candidate
    with it, :mod:`dualdilemma.solvers.regret`) depend on the game and not the other way round.
    """
    values = strategy_values(game.payoffs, sigma)
    return tuple(max(v) - v @ s for v, s in zip(values, sigma, strict=True))


def max_regret(game: NormalFormGame, sigma: MixedProfile) -> Any:
    """The largest regret over players; 0 exactly at an exact Nash equilibrium.

    >>> mp = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> max_regret(mp, mp.as_profile([[1, 0], [1, 0]]))
    Fraction(2, 1)
    """
    regrets = player_regrets(game, sigma)
    worst = max(regrets)
    return worst if game.exact else max(0.0, float(worst))
