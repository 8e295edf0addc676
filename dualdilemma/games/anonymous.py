r"""Anonymous (symmetric) games: identical players whose payoffs depend on counts, not names.

Representation
--------------
:math:`N` identical players choose among actions :math:`a_0, \dots, a_{m-1}`.  A player's payoff
depends only on its own action :math:`j` and on the *count vector*
:math:`c = (c_0, \dots, c_{m-1})` of the other :math:`N - 1` players, :math:`c_l` of whom play
:math:`a_l` (so :math:`\sum_l c_l = N - 1`).  There are

.. math::

    C = \binom{N - 1 + m - 1}{m - 1}

count vectors, and the game is the array :math:`U \in \mathbb{R}^{m \times C}` with
:math:`U[j, r(c)] = u(j, c)`, where :math:`r` ranks count vectors in *decreasing lexicographic
order*: :math:`(N-1, 0, \dots, 0)` first and :math:`(0, \dots, 0, N-1)` last (the order of
:func:`itertools.combinations_with_replacement`).  For two actions column :math:`k` is the
count vector :math:`(N-1-k, k)`: :math:`U[j, k]` is the payoff of playing :math:`a_j` when
:math:`k` others play :math:`a_1`.  The storage is :math:`O(N m)` for two actions, against the
:math:`N 2^N` entries of the normal form (Papadimitriou and Roughgarden 2008, "Computing
correlated equilibria in multi-player games", J. ACM 55(3), call these *symmetric* games; Daskalakis
and Papadimitriou 2007 *anonymous* games).

The rank of a count vector :math:`c` of total :math:`n` is

.. math::

    r(c) = \sum_{i=0}^{m-2} S\!\left(n - \textstyle\sum_{l<i} c_l - c_i - 1,\; m - i\right),
    \qquad S(t, q) = \binom{t + q - 1}{q - 1} \ (t \ge 0), \quad S(-1, q) = 0,

where :math:`S(t, q)` counts the compositions of :math:`t` into :math:`q` parts: the vectors
preceding :math:`c` are those that agree with it up to position :math:`i - 1` and put more
players on :math:`a_i`.

Mixed strategies
----------------
When each of the others independently plays the mixed strategy :math:`p \in \Delta_m`, the
count vector is multinomial and action :math:`j` is worth

.. math::

    v_j(p) = \sum_{c} \binom{N-1}{c_0, \dots, c_{m-1}} \prod_l p_l^{c_l} \, u(j, c).

The symmetric profile in which everybody plays :math:`p` has regret
:math:`\max_j v_j(p) - \sum_j p_j v_j(p)`; it is a (symmetric) Nash equilibrium iff the regret is
zero.  A pure profile is described, up to a permutation of the identical players, by the count
vector :math:`n` of *all* :math:`N` players; a player on :math:`a_j` sees the others' counts
:math:`n - e_j`.

Exact mode stores Fractions in an ``object`` array with the rules of
:class:`~dualdilemma.games.normal_form.NormalFormGame`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from scipy.special import gammaln

from dualdilemma._numbers import all_rational, as_exact_array, as_float_array, to_fraction
from dualdilemma.errors import (
    GameTooLargeError,
    InvalidGameError,
    InvalidParameterError,
    InvalidProfileError,
)
from dualdilemma.games._memory import (
    EXACT_ENTRY_BYTES,
    check_tensor_fits,
    format_bytes,
    memory_limit,
)
from dualdilemma.games.normal_form import NormalFormGame

__all__ = ["AnonymousGame", "count_vectors", "count_vector_index", "num_count_vectors"]

#: Tolerance used to accept a float mixed strategy as lying on the simplex.
SIMPLEX_TOL = 1e-9


# -- count vectors -----------------------------------------------------------------------------
def num_count_vectors(total: int, parts: int) -> int:
    """Number of count vectors (weak compositions) of ``total`` into ``parts`` parts.

    >>> num_count_vectors(3, 2), num_count_vectors(2, 3)
    (4, 6)
    """
    if parts < 1 or total < 0:
        return 0
    return math.comb(total + parts - 1, parts - 1)


def _composition_table(total: int, parts: int) -> np.ndarray:
    """``T[t + 1, q] = S(t, q)`` for ``-1 <= t <= total`` and ``1 <= q <= parts`` (int64)."""
    table = np.zeros((total + 2, parts + 1), dtype=np.int64)
    table[1:, 1] = 1
    for q in range(2, parts + 1):
        table[1:, q] = np.cumsum(table[1:, q - 1])
    return table


def count_vectors(total: int, parts: int) -> np.ndarray:
    """All count vectors of ``total`` into ``parts`` parts, in decreasing lexicographic order.

    Built without a Python loop over vectors: the tails are the vectors of total at most
    ``total`` in ``parts - 1`` parts grouped by increasing sum, and each group of ``q`` parts is
    a prefix of the groups of ``q - 1`` parts.

    >>> count_vectors(2, 3).tolist()
    [[2, 0, 0], [1, 1, 0], [1, 0, 1], [0, 2, 0], [0, 1, 1], [0, 0, 2]]
    """
    total, parts = int(total), int(parts)
    if parts < 1 or total < 0:
        raise InvalidParameterError(
            f"count vectors need parts >= 1 and total >= 0, got parts={parts}, total={total}"
        )
    if parts == 1:
        return np.array([[total]], dtype=np.int64)
    table = _composition_table(total, parts)
    sums = np.arange(total + 1, dtype=np.int64)
    tails = sums[:, None]  # all vectors of sum <= total in one part, grouped by sum
    for q in range(2, parts):
        lengths = table[1:, q]  # rows of `tails` with sum <= s, for s = 0..total
        size = int(lengths.sum())
        starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
        index = np.arange(size, dtype=np.int64) - starts
        group = np.repeat(sums, lengths)
        picked = tails[index]
        tails = np.column_stack([group - picked.sum(axis=1), picked])
    return np.column_stack([total - tails.sum(axis=1), tails])


def _rank(counts: np.ndarray, total: int, table: np.ndarray | None = None) -> np.ndarray:
    """Unchecked vectorised rank of count vectors (last axis) of the given total."""
    parts = counts.shape[-1]
    if parts == 1:
        return np.zeros(counts.shape[:-1], dtype=np.int64)
    if parts == 2:
        return counts[..., 1].astype(np.int64)
    if table is None:
        table = _composition_table(total, parts)
    rank = np.zeros(counts.shape[:-1], dtype=np.int64)
    remaining = np.full(counts.shape[:-1], total, dtype=np.int64)
    for i in range(parts - 1):
        c = counts[..., i].astype(np.int64)
        rank += table[remaining - c, parts - i]  # row offset +1 cancels the "- 1"
        remaining -= c
    return rank


def count_vector_index(counts: Any, total: int) -> np.ndarray:
    """Column index (rank) of each count vector along the last axis of ``counts``.

    >>> int(count_vector_index([1, 0, 1], 2)), count_vector_index([[2, 0], [0, 2]], 2).tolist()
    (2, [0, 2])
    """
    array = np.asarray(counts)
    if array.ndim == 0 or array.shape[-1] < 1:
        raise InvalidProfileError(f"count vectors need a last axis of actions, got {counts!r}")
    if not np.issubdtype(array.dtype, np.integer):
        rounded = np.asarray(array, dtype=float)
        if not np.all(np.isfinite(rounded)) or np.any(rounded != np.round(rounded)):
            raise InvalidProfileError(f"count vectors must hold integers, got {counts!r}")
        array = rounded.astype(np.int64)
    if np.any(array < 0) or np.any(array.sum(axis=-1) != total):
        raise InvalidProfileError(
            f"count vectors must be >= 0 and sum to {total}, got {array.tolist()!r}"
        )
    return _rank(array, int(total))


# -- the game ----------------------------------------------------------------------------------
def _check_num_players(num_players: Any) -> int:
    if isinstance(num_players, bool) or not isinstance(num_players, int | np.integer):
        raise InvalidGameError(f"num_players must be an integer >= 1, got {num_players!r}")
    if num_players < 1:
        raise InvalidGameError(f"num_players must be >= 1, got {num_players}")
    return int(num_players)


def _check_size(num_players: int, num_actions: int, exact: bool) -> int:
    """Number of count vectors; raises GameTooLargeError when the arrays would not fit."""
    columns = num_count_vectors(num_players - 1, num_actions)
    entry = EXACT_ENTRY_BYTES if exact else 8
    needed = columns * num_actions * (entry + 8)  # payoffs plus the int64 count vectors
    ceiling = memory_limit()
    if needed > ceiling:
        raise GameTooLargeError(
            f"an anonymous game with {num_players} players and {num_actions} actions has "
            f"{columns} count vectors and needs {format_bytes(needed)}, above the limit of "
            f"{format_bytes(ceiling)}; reduce the number of actions or players"
        )
    return columns


def _check_labels(labels: Sequence[str], expected: int) -> tuple[str, ...]:
    labels = tuple(str(label) for label in labels)
    if len(labels) != expected:
        raise InvalidGameError(f"actions: expected {expected} labels, got {len(labels)}")
    if len(set(labels)) != len(labels):
        dupes = sorted({lab for lab in labels if labels.count(lab) > 1})
        raise InvalidGameError(f"actions: duplicate labels {dupes}")
    return labels


class AnonymousGame:
    """A game of ``N`` identical players whose payoffs depend on own action and others' counts.

    See the module docstring for the column order of ``payoffs`` and the mathematics.

    Parameters
    ----------
    num_players
        ``N >= 1``.  ``N = 1`` is allowed (a single decision maker; the others' count vector is
        empty), as in :class:`~dualdilemma.games.normal_form.NormalFormGame`, so that sweeps
        over the number of suppliers may start at a monopolist.
    payoffs
        Array-like of shape ``(m, C)``: ``payoffs[j, r]`` is the payoff of playing action ``j``
        when the others' count vector is ``counts[r]``.
    actions
        Optional labels, one per action (their number must equal ``m``); default ``"1"``...
    exact
        ``True`` stores Fractions, ``False`` float64; ``None`` chooses exact mode when every
        payoff is an int, Fraction or sympy Rational.
    title
        Free text.

    Examples
    --------
    The volunteer's dilemma (Diekmann 1985) with three players: volunteering costs 1 and
    everybody gains 4 if at least one volunteers.  Column ``k`` = ``k`` others ignore.

    >>> game = AnonymousGame(3, [[3, 3, 3], [4, 4, 0]], actions=["volunteer", "ignore"])
    >>> game
    AnonymousGame(3 players, 2 actions, exact, title='')
    >>> game.counts.tolist()
    [[2, 0], [1, 1], [0, 2]]
    >>> game.payoff(1, [0, 2])
    Fraction(0, 1)
    >>> game.max_regret_symmetric([Fraction(1, 2), Fraction(1, 2)])
    Fraction(0, 1)
    """

    __slots__ = ("_num_players", "_actions", "_payoffs", "_title", "_counts", "_log_coef")

    def __init__(
        self,
        num_players: int,
        payoffs: Any,
        *,
        actions: Sequence[str] | None = None,
        exact: bool | None = None,
        title: str = "",
    ) -> None:
        n_players = _check_num_players(num_players)
        try:
            raw = payoffs if isinstance(payoffs, np.ndarray) else np.asarray(payoffs, dtype=object)
        except ValueError as exc:
            raise InvalidGameError(f"payoffs must be a rectangular array: {exc}") from None
        if actions is not None:
            m = len(actions)
        elif raw.ndim >= 1:
            m = int(raw.shape[0])
        else:
            m = 0
        if m < 1:
            raise InvalidGameError(f"an anonymous game needs at least one action, got {m}")
        columns = num_count_vectors(n_players - 1, m)
        if raw.shape != (m, columns):
            raise InvalidGameError(
                f"payoffs of shape {raw.shape} do not fit {n_players} players and {m} actions: "
                f"expected shape ({m}, {columns}), one column per count vector of the other "
                f"{n_players - 1} players (ordered as AnonymousGame.counts)"
            )
        if exact is None:
            exact = all_rational(raw)
        _check_size(n_players, m, bool(exact))
        self._payoffs = as_exact_array(raw) if exact else as_float_array(raw)
        self._payoffs.setflags(write=False)
        self._num_players = n_players
        labels = actions if actions is not None else [str(j + 1) for j in range(m)]
        self._actions = _check_labels(labels, m)
        self._title = str(title)
        self._counts: np.ndarray | None = None
        self._log_coef: np.ndarray | None = None

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_function(
        cls,
        num_players: int,
        actions: Sequence[str],
        payoff: Callable[[int, np.ndarray], Any],
        **kwargs: Any,
    ) -> AnonymousGame:
        """Build from a vectorised payoff function.

        ``payoff(j, counts)`` receives the read-only ``(C, m)`` int array of the others' count
        vectors (in column order) and returns the ``C`` payoffs of action ``j`` (a scalar is
        broadcast).  The size is checked before ``counts`` is allocated.

        >>> game = AnonymousGame.from_function(
        ...     4, ["stay", "go"], lambda j, c: np.where(j == 1, 2 - c[:, 1], 0.0))
        >>> game.payoffs.tolist()
        [[0.0, 0.0, 0.0, 0.0], [2.0, 1.0, 0.0, -1.0]]
        """
        n_players = _check_num_players(num_players)
        labels = tuple(str(a) for a in actions)
        if not labels:
            raise InvalidGameError("an anonymous game needs at least one action, got none")
        columns = _check_size(n_players, len(labels), bool(kwargs.get("exact")))
        counts = count_vectors(n_players - 1, len(labels))
        counts.setflags(write=False)
        rows = []
        for j in range(len(labels)):
            value = np.asarray(payoff(j, counts))
            if value.ndim == 0:
                value = np.full(columns, value.item(), dtype=value.dtype)
            if value.shape != (columns,):
                raise InvalidGameError(
                    f"payoff({j}, counts) returned shape {value.shape}; expected ({columns},), "
                    f"one payoff per count vector of the other {n_players - 1} players"
                )
            rows.append(value)
        if any(row.dtype == object for row in rows):
            stacked = np.empty((len(labels), columns), dtype=object)
            for j, row in enumerate(rows):
                stacked[j] = row
        else:
            stacked = np.stack(rows)
        game = cls(n_players, stacked, actions=labels, **kwargs)
        game._counts = counts
        return game

    # -- views ----------------------------------------------------------------------------------
    @property
    def num_players(self) -> int:
        return self._num_players

    @property
    def actions(self) -> tuple[str, ...]:
        return self._actions

    @property
    def num_actions(self) -> int:
        return len(self._actions)

    @property
    def payoffs(self) -> np.ndarray:
        """The read-only ``(m, C)`` payoff array."""
        return self._payoffs

    @property
    def exact(self) -> bool:
        """Whether payoffs are exact Fractions."""
        return self._payoffs.dtype == object

    @property
    def title(self) -> str:
        return self._title

    @property
    def num_count_vectors(self) -> int:
        """``C``, the number of columns."""
        return int(self._payoffs.shape[1])

    @property
    def counts(self) -> np.ndarray:
        """The read-only ``(C, m)`` int array of the others' count vectors, in column order."""
        if self._counts is None:
            counts = count_vectors(self._num_players - 1, self.num_actions)
            counts.setflags(write=False)
            self._counts = counts
        return self._counts

    def count_index(self, counts: Any) -> np.ndarray:
        """Column index of others' count vector(s) (last axis of length ``m``, sum ``N - 1``)."""
        array = np.asarray(counts)
        if array.ndim == 0 or array.shape[-1] != self.num_actions:
            raise InvalidProfileError(
                f"a count vector needs {self.num_actions} entries, got {counts!r}"
            )
        return count_vector_index(array, self._num_players - 1)

    def payoff(self, action: int, counts: Sequence[int]) -> Any:
        """Payoff of ``action`` when the other players' count vector is ``counts``."""
        j = self._check_action(action)
        return self._payoffs[j, int(self.count_index(counts))]

    def _check_action(self, action: Any) -> int:
        if isinstance(action, bool) or not isinstance(action, int | np.integer):
            raise InvalidProfileError(f"action must be an index, got {action!r}")
        if not 0 <= action < self.num_actions:
            raise InvalidProfileError(
                f"action {action} out of range 0..{self.num_actions - 1} ({self._actions})"
            )
        return int(action)

    # -- conversions ------------------------------------------------------------------------------
    def to_float(self) -> AnonymousGame:
        if not self.exact:
            return self
        return self._replace(self._payoffs.astype(float), exact=False)

    def to_exact(self) -> AnonymousGame:
        if self.exact:
            return self
        return self._replace(self._payoffs, exact=True)

    def _replace(self, payoffs: Any, *, exact: bool) -> AnonymousGame:
        game = AnonymousGame(
            self._num_players, payoffs, actions=self._actions, exact=exact, title=self._title
        )
        game._counts = self._counts
        game._log_coef = self._log_coef
        return game

    def affine_transform(self, scale: Any, shift: Any) -> AnonymousGame:
        """The game with every payoff ``u -> scale * u + shift`` (``scale > 0``).

        Symmetric and pure equilibria are invariant under such transformations.
        """
        if self.exact:
            scale, shift = to_fraction(scale, what="scale"), to_fraction(shift, what="shift")
        else:
            scale, shift = float(scale), float(shift)
        if not scale > 0:
            raise InvalidGameError(f"scale must be positive, got {scale!r}")
        return self._replace(self._payoffs * scale + shift, exact=self.exact)

    def to_normal_form(self) -> NormalFormGame:
        """The full ``N``-player normal form (guarded: raises GameTooLargeError when too big).

        Built with numpy fancy indexing, no Python loop over profiles: the count vector of every
        profile is ranked once per action, and player ``i`` on action ``j`` reads column
        ``r(n - e_j)``.

        >>> AnonymousGame(2, [[3, 0], [5, 1]]).to_normal_form().payoffs[0].tolist()
        [[Fraction(3, 1), Fraction(0, 1)], [Fraction(5, 1), Fraction(1, 1)]]
        """
        n, m = self._num_players, self.num_actions
        shape = (m,) * n
        check_tensor_fits(n, shape, exact=self.exact)
        size = m**n
        if m == 2:
            # players on action 1 in each profile = set bits of the flat index; a player on
            # action 0 sees all of them, a player on action 1 sees one fewer (clipped where
            # nobody plays that action: those entries are never read)
            ones = np.bitwise_count(np.arange(size, dtype=np.uint64)).astype(np.int64)
            by_action = [
                np.take(self._payoffs[0], ones, mode="clip"),
                np.take(self._payoffs[1], ones - 1, mode="clip"),
            ]
            del ones
        else:
            by_action = self._gather_by_action(n, m, size)
        tensor = np.empty((n, *shape), dtype=self._payoffs.dtype)
        for i in range(n):
            block = (m**i, m, m ** (n - i - 1))
            view = tensor[i].reshape(block)
            for j in range(m):
                view[:, j, :] = by_action[j].reshape(block)[:, j, :]
        return NormalFormGame(
            tensor,
            players=[f"Player {i + 1}" for i in range(n)],
            strategies=[self._actions] * n,
            exact=self.exact,
            title=self._title,
        )

    def _gather_by_action(self, n: int, m: int, size: int) -> list[np.ndarray]:
        """For each action ``j``: the payoff of a player on ``j`` at every flat profile."""
        flat = np.arange(size, dtype=np.int64)
        totals = np.zeros((size, m), dtype=np.int64)
        for _ in range(n):
            digit = flat % m
            flat //= m
            for j in range(m):
                totals[:, j] += digit == j
        del flat
        table = _composition_table(n - 1, m)
        by_action = []
        for j in range(m):
            others = totals.copy()
            others[:, j] -= 1
            unused = others[:, j] < 0  # nobody plays j: any valid column will do
            others[unused] = 0
            others[unused, 0] = n - 1
            by_action.append(np.take(self._payoffs[j], _rank(others, n - 1, table)))
        return by_action

    # -- mixed strategies -------------------------------------------------------------------------
    def as_mixed(self, p: Sequence[Any]) -> np.ndarray:
        """Validate a mixed strategy of length ``m`` (exactly on the simplex in exact mode)."""
        if len(p) != self.num_actions:
            raise InvalidProfileError(
                f"a mixed strategy needs {self.num_actions} probabilities, got {len(p)}"
            )
        if self.exact:
            sigma = as_exact_array(p, what="probabilities")
            if any(q < 0 for q in sigma) or sum(sigma) != 1:
                raise InvalidProfileError(
                    f"probabilities are not on the simplex: {[str(q) for q in sigma]}"
                )
            return sigma
        sigma = as_float_array(p, what="probabilities")
        if np.any(sigma < -SIMPLEX_TOL) or abs(sigma.sum() - 1.0) > SIMPLEX_TOL * self.num_actions:
            raise InvalidProfileError(f"probabilities are not on the simplex: {sigma.tolist()}")
        sigma = np.clip(sigma, 0.0, None)
        return sigma / sigma.sum()

    def _log_coefficients(self) -> np.ndarray:
        """``log`` of the multinomial coefficient of every count vector (cached)."""
        if self._log_coef is None:
            counts = self.counts
            self._log_coef = gammaln(self._num_players) - gammaln(counts + 1.0).sum(axis=1)
        return self._log_coef

    def symmetric_values(self, p: Sequence[Any]) -> np.ndarray:
        """``v_j(p)``: expected payoff of each action when every other player mixes with ``p``.

        Float mode sums ``exp(log pmf)`` over all count vectors (``O(m C)``); exact mode sums
        Fractions over the count vectors supported by ``p`` only.

        >>> game = AnonymousGame(3, [[3, 3, 3], [4, 4, 0]])
        >>> game.symmetric_values([Fraction(1, 2), Fraction(1, 2)]).tolist()
        [Fraction(3, 1), Fraction(3, 1)]
        """
        sigma = self.as_mixed(p)
        if self.exact:
            return self._exact_values(sigma)
        return self._float_values(sigma)

    def _float_values(self, sigma: np.ndarray) -> np.ndarray:
        zero = np.flatnonzero(sigma == 0)
        counts = self.counts
        log_coef = self._log_coefficients()
        payoffs = self._payoffs
        if len(zero):  # only count vectors with nobody on a zero-probability action
            rows = np.flatnonzero(counts[:, zero].sum(axis=1) == 0)
            counts, log_coef, payoffs = counts[rows], log_coef[rows], payoffs[:, rows]
        log_p = np.log(np.where(sigma > 0, sigma, 1.0))
        return payoffs @ np.exp(log_coef + counts @ log_p)

    def _exact_values(self, sigma: np.ndarray) -> np.ndarray:
        zero = [j for j, q in enumerate(sigma) if q == 0]
        counts = self.counts
        rows = np.flatnonzero(counts[:, zero].sum(axis=1) == 0) if zero else range(len(counts))
        values = [Fraction(0)] * self.num_actions
        for r in rows:
            c = [int(x) for x in counts[r]]
            weight = Fraction(_multinomial(c))
            for q, k in zip(sigma, c, strict=True):
                if k:
                    weight *= q**k
            for j in range(self.num_actions):
                values[j] += weight * self._payoffs[j, r]
        out = np.empty(self.num_actions, dtype=object)
        out[:] = values
        return out

    def max_regret_symmetric(self, p: Sequence[Any]) -> Any:
        """Regret of the symmetric profile in which every player mixes with ``p``.

        Exactly ``Fraction(0)`` at an exact symmetric equilibrium; a float ``>= 0`` otherwise.
        """
        sigma = self.as_mixed(p)
        if self.exact:
            values = self._exact_values(sigma)
            return max(values) - sum(q * v for q, v in zip(sigma, values, strict=True))
        values = self._float_values(sigma)
        return max(0.0, float(values.max() - values @ sigma))

    # -- pure profiles ----------------------------------------------------------------------------
    def _check_totals(self, counts_total: Any) -> np.ndarray:
        array = np.asarray(counts_total)
        if array.ndim == 0 or array.shape[-1] != self.num_actions:
            raise InvalidProfileError(
                f"a count vector of all players needs {self.num_actions} entries, "
                f"got {counts_total!r}"
            )
        if not np.issubdtype(array.dtype, np.integer):
            as_float = np.asarray(array, dtype=float)
            if not np.all(np.isfinite(as_float)) or np.any(as_float != np.round(as_float)):
                raise InvalidProfileError(f"counts must be integers, got {counts_total!r}")
            array = as_float.astype(np.int64)
        if np.any(array < 0) or np.any(array.sum(axis=-1) != self._num_players):
            raise InvalidProfileError(
                f"counts must be >= 0 and sum to num_players={self._num_players}, "
                f"got {array.tolist()!r}"
            )
        return array.astype(np.int64)

    def pure_profile_regrets(self, counts_total: Any) -> np.ndarray:
        """Vectorised :meth:`pure_profile_regret` over an array of shape ``(K, m)``."""
        totals = self._check_totals(counts_total)
        totals = totals.reshape(-1, self.num_actions)
        payoffs = self._payoffs
        gap = payoffs.max(axis=0)[None, :] - payoffs
        regret = np.zeros(len(totals), dtype=payoffs.dtype)
        if self.exact:
            regret[:] = Fraction(0)
        table = (
            _composition_table(self._num_players - 1, self.num_actions)
            if self.num_actions > 2
            else None
        )
        for j in range(self.num_actions):
            present = totals[:, j] > 0
            others = totals[present].copy()
            others[:, j] -= 1
            columns = _rank(others, self._num_players - 1, table)
            regret[present] = np.maximum(regret[present], gap[j, columns])
        return regret

    def pure_profile_regret(self, counts_total: Sequence[int]) -> Any:
        """Regret of the pure profile in which ``counts_total[j]`` players play action ``j``.

        The largest gain of any player from switching: ``max`` over ``j`` with
        ``counts_total[j] > 0`` of ``max_l u(l, n - e_j) - u(j, n - e_j)``.

        >>> AnonymousGame(3, [[3, 3, 3], [4, 4, 0]]).pure_profile_regret([1, 2])
        Fraction(0, 1)
        """
        totals = self._check_totals(counts_total)
        if totals.ndim != 1:
            raise InvalidProfileError(f"expected one count vector, got shape {totals.shape}")
        value = self.pure_profile_regrets(totals[None, :])[0]
        return value if self.exact else float(value)

    # -- dunder -----------------------------------------------------------------------------------
    def __repr__(self) -> str:
        mode = "exact" if self.exact else "float"
        return (
            f"AnonymousGame({self._num_players} players, {self.num_actions} actions, {mode}, "
            f"title={self._title!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AnonymousGame):
            return NotImplemented
        return (
            self._num_players == other._num_players
            and self._actions == other._actions
            and self.exact == other.exact
            and bool(np.all(self._payoffs == other._payoffs))
        )

    __hash__ = None  # type: ignore[assignment]


def _multinomial(counts: Sequence[int]) -> int:
    total, out = 0, 1
    for k in counts:
        total += k
        out *= math.comb(total, k)
    return out
