r"""The exact number of minimal effective cartels, by dynamic programming (no set is listed).

Representation.  As in :mod:`dualdilemma.cartels.minimal`, with outsiders exporting a cartel
:math:`S` is effective iff :math:`w(S) \ge Q_w` or :math:`v(S) \ge Q_v`, with
:math:`w_j = k_j (1 - s_j) \ge 0`, :math:`v_j = k_j (1 - s_j - \tau)` (of either sign),
:math:`Q_w = W - \tau`, :math:`Q_v = W - \tau K`, all scaled to integers
(:func:`~dualdilemma.cartels.minimal._integer_weights`).  With required members :math:`R`
(never outsiders) a cartel is :math:`R \cup F`, :math:`F \subseteq U` (the free suppliers), and
it is *minimal* when it is effective and no :math:`R \cup F'` with :math:`F' \subsetneq F` is.
Put :math:`A = Q_w - w(R)`, :math:`B = Q_v - v(R)`.  If :math:`A \le 0` or :math:`B \le 0`
the only minimal cartel is :math:`R` itself; assume from now on :math:`A, B > 0`, so
:math:`F \ne \emptyset`.

Characterisation.  Write :math:`F^- = \{j \in F : v_j < 0\}`, :math:`U^+ = \{j : v_j \ge 0\}`,
:math:`v^+(F) = \sum_F \max(v_j, 0)`.  Since the effective sets are the union of two games,
some proper subset of :math:`F` is effective iff
:math:`\max_{F' \subsetneq F} w(F') \ge A` or :math:`\max_{F' \subsetneq F} v(F') \ge B`, and
the two maxima are explicit: as :math:`w \ge 0` the first is :math:`w(F) - \min_F w` (drop
the lightest member); the second is :math:`v^+(F)` (drop every negative member: a proper
subset) when :math:`F^- \neq \emptyset`, and :math:`v(F) - \min_F v` otherwise.  Hence
:math:`F` is minimal iff

.. math::

    [w(F) \ge A \lor v(F) \ge B] \;\land\; w(F) - \min_F w < A \;\land\;
    \begin{cases} v^+(F) < B & F^- \ne \emptyset \\ v(F) - \min_F v < B & F^- = \emptyset.
    \end{cases}

(Removing one member at a time is *not* enough: two negative members may each fail to lift
:math:`v` to :math:`B` alone and succeed together.)  The minimal sets fall into three disjoint
classes:

* P1, :math:`w(F) \ge A > w(F) - \min_F w` and :math:`v^+(F) < B`;
* P2, :math:`F \subseteq U^+`, :math:`w(F) < A` and :math:`v(F) \ge B > v(F) - \min_F v`;
* P3, :math:`F \subseteq U^+`, :math:`w(F) \ge A > w(F) - \min_F w` and
  :math:`v(F) \ge B > v(F) - \min_F v`: minimal in both games at once.

Proof.  Each class satisfies the display: P1 through :math:`w(F) \ge A`, its
:math:`v`-condition being :math:`v^+(F) < B` itself if :math:`F^- \ne \emptyset` and
:math:`v(F) - \min_F v \le v(F) = v^+(F) < B` otherwise (:math:`v \ge 0` on :math:`F`); P2
and P3 directly (:math:`F^- = \emptyset`, and in P2 :math:`w(F) - \min_F w \le w(F) < A`).
Conversely let :math:`F` be minimal.  If :math:`w(F) < A`, then :math:`v(F) \ge B`, and
:math:`F^- = \emptyset` since otherwise :math:`v^+(F) \ge v(F) \ge B` breaks the
:math:`v`-condition: :math:`F \in` P2.  If :math:`w(F) \ge A` and :math:`v^+(F) < B`,
:math:`F \in` P1.  If :math:`w(F) \ge A` and :math:`v^+(F) \ge B`, the :math:`v`-condition
rules out :math:`F^- \ne \emptyset`, so :math:`v(F) = v^+(F) \ge B`: :math:`F \in` P3.  The
classes are disjoint (P2 has :math:`w(F) < A`, P1 has :math:`v^+(F) < B`, P3 neither), so the
count is :math:`|P1| + |P2| + |P3|`.

Counting by the outsiders.  Let :math:`O = U \setminus F`, :math:`T_1 = w(U) - A`,
:math:`T_2 = v(U) - B` (in the scaled units :math:`T_1 = \tau` and :math:`T_2 = 0`, whatever
:math:`R`).  Then :math:`w(F) \ge A \iff w(O) \le T_1` and
:math:`w(F) - \min_F w < A \iff w(O) + w_a > T_1`, :math:`a` the lightest supplier outside
:math:`O`: :math:`O` is a *maximal* solution of the knapsack :math:`w(O) \le T_1`.  Order the
items by weight, ties by index.  A maximal solution has exactly one lightest excluded item
:math:`a`; every item before :math:`a` (the set :math:`L_a`) is in :math:`O`, and the rest of
:math:`O` is a subset :math:`X` of the items after :math:`a` with
:math:`T_1 - w_a < w(L_a) + w(X) \le T_1`; conversely each such :math:`(a, X)` gives a maximal
solution with that :math:`a`.  So the solutions are counted once each by one pass from the
heaviest item: a table of the subsets :math:`X` of the items seen (by sum, a second statistic
and size) is read at each :math:`a`, then :math:`a` is added to it.  In these terms

* P1: :math:`O \subseteq U` maximal for :math:`w(O) \le T_1`, with
  :math:`v^+(O) > v^+(U) - B` (the table's second axis, clamped at the threshold since it only
  grows);
* P2: :math:`O = U^- \cup O^+`, :math:`O^+ \subseteq U^+` maximal for
  :math:`v(O^+) \le T_2 - v(U^-)` (weights :math:`v \ge 0` on :math:`U^+`; :math:`b` the
  lightest excluded item in :math:`v`), with :math:`w(O^+) > T_1 - w(U^-)` (clamped axis);
* P3: :math:`O^+` maximal for both :math:`w(O^+) \le T_1 - w(U^-)` and
  :math:`v(O^+) \le T_2 - v(U^-)`, counted once at its pair (:math:`a`, :math:`b`) of
  lightest excluded items in :math:`w` and in :math:`v`: the items before :math:`a` in
  :math:`w` or before :math:`b` in :math:`v` are in :math:`O^+`, :math:`a` and :math:`b` are
  not (so neither may precede the other in the other order), and :math:`X` ranges over the
  items after both.  For each :math:`a` with :math:`w(L_a) \le T_1 - w(U^-)`, one pass in
  decreasing :math:`v` builds the table of :math:`X` and each :math:`b` reads it.

Each table has axes bounded by :math:`T_1`, :math:`T_2 - v(U^-)` or a clamped threshold
(after dividing the weights by their greatest common divisor: comparisons of integer sums
with :math:`T` are unchanged when :math:`T` is floored) and a size axis (no larger than the
most items that fit the bound), so the work is one table pass per item, times the number of
feasible :math:`a` for P3.  Tables larger than the
limit ``count_states`` (:mod:`dualdilemma.limits`) are refused before allocation.  Counts
are exact: the tables hold residues modulo primes whose product exceeds :math:`2^{|U|}`
(no count can exceed the number of subsets), small enough that no sum overflows 64 bits,
and the Chinese remainder theorem gives the integers back.

References: the maximal-knapsack decomposition by the smallest excluded item is the usual
way of counting minimal winning coalitions of a weighted voting game (Taylor and Zwicker,
*Simple Games*, 1999, ch. 3; for dynamic programming over weights, Matsui and Matsui 2000,
"A survey of algorithms for calculating power indices of weighted majority games", J. Oper.
Res. Soc. Japan 43:71-86).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from dualdilemma import limits
from dualdilemma.cartels.analysis import check_tolerance
from dualdilemma.cartels.minimal import _integer_weights, _weights, json_count
from dualdilemma.errors import InvalidParameterError
from dualdilemma.models.export_market import ExportMarket
from dualdilemma.solvers.result import json_number

__all__ = ["MinimalCount", "count_minimal_effective_cartels", "COUNT_METHOD"]

#: The method string of a count made here.
COUNT_METHOD = "dynamic programming over maximal outsider sets (exact, integer weights)"


@dataclass(frozen=True)
class MinimalCount:
    """The number of minimal effective cartels (outsiders export) and their sizes.

    Attributes
    ----------
    count
        The exact number (a Python integer).
    by_size
        ``(size, number)`` pairs, sizes increasing, sizes with no cartel left out.
    states
        Cells of the largest counting table used (the quantity ``count_states`` bounds).
    """

    count: int
    by_size: tuple[tuple[int, int], ...]
    tolerance: Any
    required: tuple[str, ...]
    states: int
    method: str = COUNT_METHOD

    @property
    def count_by_size(self) -> dict[int, int]:
        return dict(self.by_size)

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": json_count(self.count),
            "count_by_size": {str(s): json_count(c) for s, c in self.by_size},
            "tolerance": json_number(self.tolerance),
            "required": list(self.required),
            "method": self.method,
        }


def count_minimal_effective_cartels(
    market: ExportMarket,
    tolerance: Any = "1/10",
    *,
    required: Iterable[str] = (),
    max_size: int | None = None,
) -> MinimalCount:
    """The exact number of minimal effective cartels (the sets
    :func:`~dualdilemma.cartels.minimal.minimal_effective_cartels` lists with exporting
    outsiders), in total and by size, without listing them (see the module docstring).

    >>> from dualdilemma.models.export_market import ExportMarket, Supplier
    >>> market = ExportMarket(10, 0, 1, [Supplier(f"S{i}", "1/4", 1, 0) for i in range(10)])
    >>> result = count_minimal_effective_cartels(market, "1/4")
    >>> result.count, result.count_by_size  # any 9 of the 10 equal suppliers
    (10, {9: 10})
    """
    tau = Fraction(check_tolerance(tolerance))
    names = market.names
    forced: set[int] = set()
    for name in required:
        if name not in names:
            raise InvalidParameterError(
                f"required member {name!r} is not a supplier; suppliers are {list(names)}"
            )
        forced.add(names.index(name))
    w_all, v_all, quota_w, quota_v = _integer_weights(*_weights(market, tau))
    free = [j for j in range(len(names)) if j not in forced]
    base = len(forced)
    a_quota = quota_w - sum(w_all[j] for j in forced)
    b_quota = quota_v - sum(v_all[j] for j in forced)
    if a_quota <= 0 or b_quota <= 0:
        by_size = {base: 1}
        states = 1
    else:
        w = [w_all[j] for j in free]
        v = [v_all[j] for j in free]
        by_outsiders, states = _count_by_outsiders(w, v, a_quota, b_quota)
        m = len(free)
        by_size = {m - o + base: c for o, c in enumerate(by_outsiders) if c}
    if max_size is not None:
        by_size = {s: c for s, c in by_size.items() if s <= int(max_size)}
    pairs = tuple(sorted(by_size.items()))
    return MinimalCount(
        count=sum(c for _, c in pairs),
        by_size=pairs,
        tolerance=tau,
        required=tuple(names[j] for j in sorted(forced)),
        states=states,
    )


# -- the three classes ---------------------------------------------------------------------------
def _count_by_outsiders(w: list[int], v: list[int], a_quota: int, b_quota: int):
    """Minimal sets by number of outsiders: ``(list indexed by |O|, largest table)``."""
    m = len(w)
    t1 = sum(w) - a_quota
    t2 = sum(v) - b_quota
    gw = functools.reduce(math.gcd, w, 0) or 1
    gv = functools.reduce(math.gcd, v, 0) or 1
    w = [x // gw for x in w]
    v = [x // gv for x in v]
    t1 //= gw
    t2 //= gv
    vplus = [max(x, 0) for x in v]
    total = [0] * (m + 1)
    largest = 0
    # P1: O maximal for w(O) <= t1, with v+(O) > v+(U) - B.
    if t1 >= 0:
        # v+(F) < B  <=>  v+(O) > v+(U) - B, floored to the units of gv
        threshold = sum(vplus) + (-b_quota) // gv
        found, cells = _maximal_single(list(range(m)), w, vplus, t1, threshold + 1, 0)
        _accumulate(total, found)
        largest = max(largest, cells)
    positive = [j for j in range(m) if v[j] >= 0]
    negative = [j for j in range(m) if v[j] < 0]
    s_cap = t1 - sum(w[j] for j in negative)  # w(O+) <= s_cap (in units of gw)
    # r_cap: v(O+) <= T2 - v(U-) in units of gv
    r_cap = t2 - sum(v[j] for j in negative)
    if r_cap >= 0:
        # P2: O+ maximal for v(O+) <= r_cap, with w(O+) > s_cap.
        found, cells = _maximal_single(
            positive,
            v,
            w,
            r_cap,
            max(s_cap + 1, 0),
            len(negative),
        )
        _accumulate(total, found)
        largest = max(largest, cells)
        if s_cap >= 0:
            found, cells = _maximal_double(positive, w, v, s_cap, r_cap, len(negative))
            _accumulate(total, found)
            largest = max(largest, cells)
    return total, largest


def _accumulate(total: list[int], found: dict[int, int]) -> None:
    for outsiders, count in found.items():
        total[outsiders] += count


def _fit_count(weights: Iterable[int], cap: int) -> int:
    """The most items whose weights (>= 0) sum to at most ``cap``."""
    used = 0
    count = 0
    for x in sorted(weights):
        if used + x > cap:
            break
        used += x
        count += 1
    return count


def _maximal_single(
    items: list[int],
    key: list[int],
    second: list[int],
    cap: int,
    need: int,
    forced_count: int,
) -> tuple[dict[int, int], int]:
    """Subsets ``O`` of ``items`` maximal for ``key(O) <= cap`` (weights >= 0) with
    ``second(O) >= need`` (``second`` >= 0), by ``|O| + forced_count``.

    Counted at the lightest excluded item ``a`` (order: key, then index): the items before
    ``a`` are in ``O``, the rest is ``X`` from the items after it, read from a table over
    (``key(X)`` in ``0..cap``, ``second(X)`` clamped at ``need``, ``|X|``).
    """
    order = sorted(items, key=lambda j: (key[j], j))
    n = len(order)
    if n == 0:
        return {}, 0
    second_axis = min(max(need, 0), sum(second[j] for j in order)) + 1
    sizes = _fit_count((key[j] for j in order), cap) + 1
    table = _Table((cap + 1, second_axis, sizes), n)
    prefix_key = [0] * (n + 1)
    prefix_second = [0] * (n + 1)
    for i, j in enumerate(order):
        prefix_key[i + 1] = prefix_key[i] + key[j]
        prefix_second[i + 1] = prefix_second[i] + second[j]
    found: dict[int, np.ndarray] = {}
    for i in range(n - 1, -1, -1):
        a = order[i]
        rest = cap - prefix_key[i]  # key(X) <= rest and key(X) > rest - key[a]
        low = max(need - prefix_second[i], 0)  # second(X) >= low
        if rest >= 0 and low < second_axis:
            table.read(
                found,
                (max(rest - key[a] + 1, 0), rest + 1),
                (low, second_axis),
                offset=i + forced_count,
            )
        table.add(key[a], second[a], clamp_second=second_axis - 1)
    return table.result(found), table.cells


def _maximal_double(
    items: list[int], w: list[int], v: list[int], s_cap: int, r_cap: int, forced_count: int
) -> tuple[dict[int, int], int]:
    """Subsets ``O`` of ``items`` (weights >= 0) maximal for both ``w(O) <= s_cap`` and
    ``v(O) <= r_cap``, by ``|O| + forced_count``: counted at the pair (``a``, ``b``) of lightest
    excluded items in ``w`` and in ``v`` (each order broken by index)."""
    by_w = sorted(items, key=lambda j: (w[j], j))
    by_v = sorted(items, key=lambda j: (v[j], j))
    rank_w = {j: r for r, j in enumerate(by_w)}
    rank_v = {j: r for r, j in enumerate(by_v)}
    n = len(items)
    if n == 0:
        return {}, 0
    size_axis = 1 + min(
        _fit_count((w[j] for j in items), s_cap), _fit_count((v[j] for j in items), r_cap)
    )
    table = _Table((s_cap + 1, r_cap + 1, size_axis), n)
    found: dict[int, np.ndarray] = {}
    light_w = 0  # w of the items before a in the w order
    for ia, a in enumerate(by_w):
        if ia:
            light_w += w[by_w[ia - 1]]
        if light_w > s_cap:
            break
        table.clear()
        # items forced in by b: those before b in the v order and not already before a in w
        forced_w, forced_v, forced_n = light_w, sum(v[j] for j in by_w[:ia]), ia
        extra_w = [0] * (n + 1)
        extra_v = [0] * (n + 1)
        extra_n = [0] * (n + 1)
        for ib, j in enumerate(by_v):
            new = rank_w[j] > ia  # not before a in w (a itself is excluded below)
            extra_w[ib + 1] = extra_w[ib] + (w[j] if new else 0)
            extra_v[ib + 1] = extra_v[ib] + (v[j] if new else 0)
            extra_n[ib + 1] = extra_n[ib] + (1 if new else 0)
        for ib in range(n - 1, -1, -1):
            b = by_v[ib]
            # b must be excluded: not before a in w; a must be excluded: not before b in v
            if rank_w[b] >= ia and rank_v[a] >= ib:
                fw = forced_w + extra_w[ib]
                fv = forced_v + extra_v[ib]
                if fw <= s_cap and fv <= r_cap:
                    table.read(
                        found,
                        (max(s_cap - w[a] - fw + 1, 0), s_cap - fw + 1),
                        (max(r_cap - v[b] - fv + 1, 0), r_cap - fv + 1),
                        offset=forced_n + extra_n[ib] + forced_count,
                    )
            if rank_w[b] > ia:
                table.add(w[b], v[b], clamp_second=None)
    return table.result(found), table.cells


# -- exact counting tables -----------------------------------------------------------------------
@functools.lru_cache(maxsize=32)
def _moduli(bits: int, count_bits: int) -> tuple[int, ...]:
    """Primes below ``2**bits`` whose product exceeds ``2**count_bits``."""
    import sympy

    primes: list[int] = []
    product = 1
    p = 2**bits
    while product <= 2**count_bits:
        p = int(sympy.prevprime(p))
        primes.append(p)
        product *= p
    return tuple(primes)


class _Table:
    """Counts of subsets by (first sum, second sum, size), as residues modulo a few primes."""

    def __init__(self, shape: tuple[int, int, int], items: int) -> None:
        self.cells = math.prod(shape)
        limits.check_count_states(self.cells)
        # residues below 2**bits: a sum of all cells stays below 2**62
        bits = 62 - max(self.cells, 2).bit_length()
        self.moduli = _moduli(bits, items + 1)
        self.p = np.array(self.moduli, dtype=np.int64).reshape(-1, 1, 1, 1)
        self.data = np.zeros((len(self.moduli), *shape), dtype=np.int64)
        self.data[:, 0, 0, 0] = 1

    def clear(self) -> None:
        self.data[...] = 0
        self.data[:, 0, 0, 0] = 1

    def add(self, d1: int, d2: int, *, clamp_second: int | None) -> None:
        """Each subset may also contain an item of sums ``(d1, d2)``: every cell adds the
        cell ``(d1, d2, 1)`` below it (in place; numpy reads overlapping operands as if
        copied first), the second sum clamped at ``clamp_second`` if given."""
        data = self.data
        _, n1, n2, ns = data.shape
        if d1 >= n1 or ns < 2:
            return
        if clamp_second is None:
            if d2 >= n2:
                return
            target = data[:, d1:, d2:, 1:]
            target += data[:, : n1 - d1, : n2 - d2, : ns - 1]
            self._reduce(target)
            return
        top = clamp_second
        exact = max(top - d2, 0)  # second index i < exact goes to i + d2 < top
        # what lands on the clamped index, from the old values, before they change
        spill = data[:, : n1 - d1, exact:, : ns - 1].sum(axis=2) % self.p[:, :, 0]
        if exact:
            target = data[:, d1:, d2 : d2 + exact, 1:]
            target += data[:, : n1 - d1, :exact, : ns - 1]
            self._reduce(target)
        target = data[:, d1:, top, 1:]
        target += spill
        self._reduce(target)

    def _reduce(self, cells: np.ndarray) -> None:
        """Residues below twice the modulus back below it."""
        p = self.p.reshape((-1,) + (1,) * (cells.ndim - 1))
        np.subtract(cells, p, out=cells, where=cells >= p)

    def read(
        self,
        found: dict[int, np.ndarray],
        first: tuple[int, int],
        second: tuple[int, int],
        *,
        offset: int,
    ) -> None:
        """Add the counts of the cells in the box ``first x second`` to ``found`` by size
        (size plus ``offset``)."""
        lo1, hi1 = first
        lo2, hi2 = second
        if lo1 >= hi1 or lo2 >= hi2:
            return
        box = self.data[:, lo1:hi1, lo2:hi2, :].sum(axis=(1, 2)) % self.p[:, :, 0, 0]
        previous = found.get(offset)
        found[offset] = box if previous is None else (previous + box) % self.p[:, :, 0, 0]

    def result(self, found: dict[int, np.ndarray]) -> dict[int, int]:
        """Counts by size (size = table size + offset) as integers (Chinese remainders)."""
        total: dict[int, int] = {}
        for offset, residues in found.items():
            for size in range(residues.shape[1]):
                value = _crt([int(r) for r in residues[:, size]], self.moduli)
                if value:
                    total[size + offset] = total.get(size + offset, 0) + value
        return total


def _crt(residues: list[int], moduli: tuple[int, ...]) -> int:
    value, product = 0, 1
    for r, p in zip(residues, moduli, strict=True):
        step = ((r - value) * pow(product, -1, p)) % p
        value += product * step
        product *= p
    return value
