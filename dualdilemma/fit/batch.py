r"""The founding rule of MODEL s.4-s.5, vectorised over many parameter sets of one market.

Each row of a :class:`MarketBatch` is one export market (MODEL s.2) with the same suppliers:
capacities :math:`k`, harms :math:`h`, safeguards :math:`s`, control costs :math:`c`, and the
market's :math:`V, p_0, p_1, \gamma, \tau, \delta, \beta`.  For exporters :math:`E`,

.. math::

    q = \frac{K_E - \sum_E k_j s_j}{\max(1, K_E)}, \qquad P = p_0 + (p_1 - p_0) q^\gamma,
    \qquad u_j = V \frac{k_j}{\max(1, K_E)} [j \in E] - h_j P - c_j [j \notin E].

:func:`smallest_sustainable_batch` returns, row by row, the smallest cartel :math:`S` (fewest
members; ties by larger capacity, then by supplier order) that is *effective* (leakage at the
outsiders' reply at most :math:`\tau`) and *self-enforcing* (grim trigger with detection
:math:`\beta`: :math:`\delta \ge \max_{i \in S} \delta^*_i`, Friedman 1971), every cartel of
each size being examined: the rule of
:func:`~dualdilemma.cartels.sustainable.smallest_sustainable_cartel` in its exhaustive form.

Why it is fast and still exact
------------------------------
A supplier whose export is *strictly dominant* exports in every equilibrium.  Adding exporter
:math:`j` raises the leakage by at most :math:`m_j (1 - s_j)` (the others' shares can only
shrink), so export is strictly dominant when :math:`V > h_j (p_1 - p_0)\gamma(1 - s_j)` for
:math:`\gamma \ge 1`, or :math:`V m_{\min}^{1-\gamma} > h_j (p_1 - p_0)(1 - s_j)^\gamma` for
:math:`\gamma < 1` (:math:`m_{\min}` its smallest share as an exporter).  Only the other
suppliers (*undecided*, usually none or a few) can control of their own accord, so the
outsiders' pure equilibria are found by enumerating the subsets of the undecided outsiders
that control, not all :math:`2^{|O|}` profiles.  Rows are grouped by their undecided set;
within a group, the aggregates :math:`K_E, \sum_E k_j s_j` of every cartel of a size come from
one matrix product, and :math:`\delta^*` is computed only for the effective cartels.

Rows the batch cannot decide exactly are flagged (:data:`FALLBACK`) and left to the scalar
function: punishment by ``"minmax"``, a stage game without a pure equilibrium (the scalar
function then punishes by the pure minmax), or more than :data:`MAX_UNDECIDED` undecided
suppliers.  A row where some examined cartel's outsiders have no pure reply is
:data:`UNDEFINED` (the scalar function raises an error there).  Two known differences, both
confined to such rows (none occurred in the agreement tests): the scalar search raises at the
first reply-less cartel in its order even when a self-enforcing one of the same size comes
later (the batch then returns the latter), and it also visits the sizes that
:func:`_size_bounds` proves cannot hold a self-enforcing effective cartel, where the batch
does not look for reply-less cartels.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dualdilemma.errors import InvalidParameterError

__all__ = [
    "MarketBatch",
    "BatchCartels",
    "FOUND",
    "NONE_FOUND",
    "UNDEFINED",
    "FALLBACK",
    "MAX_UNDECIDED",
    "undecided_suppliers",
    "smallest_sustainable_batch",
    "leader_verdict_batch",
]

#: Row status codes of :class:`BatchCartels`.
FOUND, NONE_FOUND, UNDEFINED, FALLBACK = 0, 1, 2, 3
#: Rows with more suppliers that may control of their own accord go to the scalar function.
MAX_UNDECIDED = 8
#: The slack of float comparisons (as :data:`dualdilemma.cartels.analysis.FLOAT_SLACK`).
SLACK = 1e-9
#: Cartel-by-sample cells evaluated at once (bounds the memory of one block).
BLOCK_CELLS = 1 << 21


@dataclass(frozen=True)
class MarketBatch:
    """``B`` markets with the same ``N`` suppliers, as float arrays (rows are markets)."""

    names: tuple[str, ...]
    capacity: np.ndarray  # (B, N)
    harm: np.ndarray  # (B, N)
    safeguard: np.ndarray  # (B, N)
    control_cost: np.ndarray  # (B, N)
    value: np.ndarray  # (B,)
    risk_without_supply: np.ndarray
    risk_with_supply: np.ndarray
    risk_exponent: np.ndarray
    tolerance: np.ndarray
    discount: np.ndarray
    detection: np.ndarray
    punishment: str = "nash"
    selection: str = "max_risk"

    @property
    def size(self) -> int:
        return int(self.capacity.shape[0])

    def rows(self, index: np.ndarray) -> MarketBatch:
        """The markets at ``index``."""
        fields = {
            name: getattr(self, name)[index]
            for name in (
                "capacity",
                "harm",
                "safeguard",
                "control_cost",
                "value",
                "risk_without_supply",
                "risk_with_supply",
                "risk_exponent",
                "tolerance",
                "discount",
                "detection",
            )
        }
        return MarketBatch(
            self.names, **fields, punishment=self.punishment, selection=self.selection
        )

    def with_capacity(self, capacity: np.ndarray) -> MarketBatch:
        """The same markets with other capacities."""
        import dataclasses

        return dataclasses.replace(self, capacity=np.asarray(capacity, dtype=float))


@dataclass(frozen=True)
class BatchCartels:
    """Row by row: the cartel found (boolean member mask) and a status code."""

    members: np.ndarray  # (B, N) bool
    status: np.ndarray  # (B,) int8: FOUND, NONE_FOUND, UNDEFINED or FALLBACK

    @property
    def found(self) -> np.ndarray:
        return self.status == FOUND


# -- the model's equations on arrays ------------------------------------------------------------
def _risk(total: Any, screened: Any, batch: MarketBatch, rows: Any = slice(None)) -> Any:
    """``(P, q)`` for exporters of capacity ``total`` and screened capacity ``screened``."""
    leak = total - screened
    leak /= np.maximum(1.0, total)
    np.maximum(leak, 0.0, out=leak)
    p0 = _col(batch.risk_without_supply[rows], leak)
    spread = _col(batch.risk_with_supply[rows] - batch.risk_without_supply[rows], leak)
    gamma = batch.risk_exponent[rows]
    if np.all(gamma == 1):
        return p0 + spread * leak, leak
    return p0 + spread * leak ** _col(gamma, leak), leak


def _col(values: np.ndarray, like: np.ndarray) -> np.ndarray:
    """Per-row values shaped to broadcast against ``like`` (rows first)."""
    return values.reshape(values.shape + (1,) * (like.ndim - values.ndim))


def _tolerances(batch: MarketBatch) -> np.ndarray:
    """The regret tolerance of each row, as the scalar solvers' float default."""
    scale = np.maximum.reduce(
        [
            np.ones(batch.size),
            batch.value,
            batch.harm.max(axis=1),
            batch.control_cost.max(axis=1),
        ]
    )
    return 1e-9 * scale


def undecided_suppliers(batch: MarketBatch) -> np.ndarray:
    """``(B, N)``: suppliers whose export is not provably strictly dominant (module docstring).

    >>> batch = _example_batch()
    >>> undecided_suppliers(batch).tolist()
    [[True, True, False]]
    """
    k, h, s = batch.capacity, batch.harm, batch.safeguard
    spread = (batch.risk_with_supply - batch.risk_without_supply)[:, None]
    gamma = batch.risk_exponent[:, None]
    value = batch.value[:, None]
    convex = value * (1 - 1e-9) > h * spread * np.maximum(gamma, 1.0) * (1 - s)
    smallest_share = k / np.maximum(1.0, k.sum(axis=1, keepdims=True))
    with np.errstate(divide="ignore", invalid="ignore"):
        concave = value * smallest_share ** (1 - gamma) * (1 - 1e-9) > h * spread * (1 - s) ** gamma
    dominant = np.where(gamma >= 1, convex, concave)
    # a supplier without capacity changes nothing by exporting: its choice is immaterial
    dominant |= (k == 0) & (batch.control_cost >= 0)
    dominant |= h * spread == 0
    return ~dominant


def _example_batch() -> MarketBatch:
    def one(*values: float) -> np.ndarray:
        return np.array([values], dtype=float)

    return MarketBatch(
        ("A", "B", "C"),
        one(0.5, 0.5, 0.1),
        one(20, 20, 1),
        one(0.5, 0.5, 0),
        one(0, 0, 0),
        np.array([10.0]),
        np.array([0.0]),
        np.array([1.0]),
        np.array([1.0]),
        np.array([0.1]),
        np.array([0.9]),
        np.array([1.0]),
    )


# -- the outsiders' reply -----------------------------------------------------------------------
@dataclass(frozen=True)
class _Reply:
    total: np.ndarray  # (b, C) exporters' capacity at the selected equilibrium
    screened: np.ndarray  # (b, C)
    risk: np.ndarray | None  # None: compute from total and screened when needed
    leakage: np.ndarray
    has_equilibrium: np.ndarray  # (b, C) bool
    chosen: np.ndarray  # (b, C) int: which subset of the undecided controls voluntarily
    cartel_capacity: np.ndarray  # (b, C) the members' total capacity


def _subset_masks(undecided: Sequence[int], n: int) -> np.ndarray:
    """``(2^u, N)`` masks of every subset of ``undecided`` (the empty set first)."""
    masks = np.zeros((1 << len(undecided), n), dtype=bool)
    for w in range(1 << len(undecided)):
        for bit, j in enumerate(undecided):
            if w >> bit & 1:
                masks[w, j] = True
    return masks


def _outsider_reply(
    batch: MarketBatch, cartels: np.ndarray, undecided: Sequence[int], tol: np.ndarray
) -> _Reply:
    """The selected pure equilibrium of the outsiders' game of each cartel, in every row."""
    k, ks = batch.capacity, batch.capacity * batch.safeguard
    member_float = cartels.astype(float)
    cartel_total = k @ member_float.T  # (b, C)
    cartel_screened = ks @ member_float.T
    all_total = k.sum(axis=1)[:, None]
    all_screened = ks.sum(axis=1)[:, None]
    if not undecided:  # every outsider exports: the reply is unique (risk computed on demand)
        total = all_total - cartel_total
        screened = all_screened - cartel_screened
        leak = total - screened
        leak /= np.maximum(1.0, total)
        has = np.ones(total.shape, dtype=bool)
        chosen = np.zeros(total.shape, dtype=np.int64)
        return _Reply(total, screened, None, leak, has, chosen, cartel_total)
    subsets = _subset_masks(undecided, len(batch.names))
    shape = cartel_total.shape
    best_total = np.zeros(shape)
    best_screened = np.zeros(shape)
    best_risk = np.full(shape, np.nan)
    best_leak = np.zeros(shape)
    has = np.zeros(shape, dtype=bool)
    chosen = np.zeros(shape, dtype=np.int64)
    value = batch.value[:, None]
    tol_col = tol[:, None]
    for w, subset in enumerate(subsets):
        disjoint = ~(cartels & subset).any(axis=1)  # (C,)
        if not disjoint.any():
            continue
        total = all_total - cartel_total - k @ subset.astype(float)[:, None]
        screened = all_screened - cartel_screened - ks @ subset.astype(float)[:, None]
        risk, leak = _risk(total, screened, batch)
        equilibrium = np.broadcast_to(disjoint, shape).copy()
        for j in undecided:
            kj, hj, cj = k[:, j : j + 1], batch.harm[:, j : j + 1], batch.control_cost[:, j : j + 1]
            ksj = ks[:, j : j + 1]
            outside = ~cartels[:, j]  # (C,) j is an outsider of the cartel
            if subset[j]:  # j controls: exporting must not pay
                risk_x, _ = _risk(total + kj, screened + ksj, batch)
                gain = value * kj / np.maximum(1.0, total + kj) - hj * risk_x - (-hj * risk - cj)
            else:  # j exports (when an outsider): controlling must not pay
                risk_c, _ = _risk(total - kj, screened - ksj, batch)
                gain = (-hj * risk_c - cj) - (value * kj / np.maximum(1.0, total) - hj * risk)
            equilibrium &= ~(outside & (gain > tol_col))
        if batch.selection == "max_risk":
            better = equilibrium & (~has | (risk > best_risk))
        else:
            better = equilibrium & (~has | (risk < best_risk))
        best_total = np.where(better, total, best_total)
        best_screened = np.where(better, screened, best_screened)
        best_risk = np.where(better, risk, best_risk)
        best_leak = np.where(better, leak, best_leak)
        chosen = np.where(better, w, chosen)
        has |= equilibrium
    return _Reply(best_total, best_screened, best_risk, best_leak, has, chosen, cartel_total)


def _stage_punishment(
    batch: MarketBatch, undecided: Sequence[int], tol: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each supplier's worst payoff over the pure equilibria of the whole market, and whether
    the stage game has a pure equilibrium at all (``(B, N)``, ``(B,)``)."""
    n = len(batch.names)
    k = batch.capacity
    subsets = _subset_masks(undecided, n)
    empty = np.zeros((1, n), dtype=bool)
    worst = np.full(k.shape, np.inf)
    has = np.zeros(batch.size, dtype=bool)
    value = batch.value[:, None]
    for subset in subsets:
        reply = _outsider_reply_fixed(batch, empty, subset, undecided, tol)
        if reply is None:
            continue
        total, screened, equilibrium = reply
        risk, _ = _risk(total, screened, batch)
        exporter_pay = value * k / np.maximum(1.0, total) - batch.harm * risk
        controller_pay = -batch.harm * risk - batch.control_cost
        pay = np.where(subset[None, :], controller_pay, exporter_pay)
        worst = np.where(equilibrium[:, None], np.minimum(worst, pay), worst)
        has |= equilibrium
    return worst, has


def _outsider_reply_fixed(
    batch: MarketBatch,
    cartel: np.ndarray,
    subset: np.ndarray,
    undecided: Sequence[int],
    tol: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """``(total, screened, is equilibrium)`` (``(B, 1)``, ``(B, 1)``, ``(B,)``) of one profile:
    the cartel and ``subset`` control, everybody else exports."""
    if (cartel[0] & subset).any():
        return None
    k, ks = batch.capacity, batch.capacity * batch.safeguard
    controls = (cartel[0] | subset).astype(float)
    total = (k @ (1 - controls))[:, None]
    screened = (ks @ (1 - controls))[:, None]
    risk, _ = _risk(total, screened, batch)
    equilibrium = np.ones(batch.size, dtype=bool)
    value = batch.value[:, None]
    for j in undecided:
        if cartel[0, j]:
            continue
        kj, hj, cj = k[:, j : j + 1], batch.harm[:, j : j + 1], batch.control_cost[:, j : j + 1]
        ksj = ks[:, j : j + 1]
        if subset[j]:
            risk_x, _ = _risk(total + kj, screened + ksj, batch)
            gain = value * kj / np.maximum(1.0, total + kj) - hj * risk_x + hj * risk + cj
        else:
            risk_c, _ = _risk(total - kj, screened - ksj, batch)
            gain = -hj * risk_c - cj - value * kj / np.maximum(1.0, total) + hj * risk
        equilibrium &= ~(gain[:, 0] > tol)
    return total, screened, equilibrium


# -- self-enforcement ---------------------------------------------------------------------------
def _critical_discounts(
    batch: MarketBatch,
    rows: np.ndarray,
    members: np.ndarray,
    total: np.ndarray,
    screened: np.ndarray,
    risk: np.ndarray,
    punish: np.ndarray,
) -> np.ndarray:
    """``max_i delta*_i`` of each (row, cartel) pair (``inf`` for "never")."""
    k = batch.capacity[rows]
    h = batch.harm[rows]
    c = batch.control_cost[rows]
    ks = k * batch.safeguard[rows]
    total, screened, risk = total[:, None], screened[:, None], risk[:, None]
    cooperate = -h * risk - c
    risk_d, _ = _risk(total + k, screened + ks, batch, rows)
    deviate = np.maximum(
        cooperate, batch.value[rows][:, None] * k / np.maximum(1.0, total + k) - h * risk_d
    )
    beta = batch.detection[rows][:, None]
    pun = punish[rows]
    gain = deviate - cooperate
    with np.errstate(divide="ignore", invalid="ignore"):
        threshold = gain / (gain + beta * (cooperate - pun))
    critical = np.where(gain <= 0, 0.0, np.where(cooperate <= pun, np.inf, threshold))
    return np.where(members, critical, -np.inf).max(axis=1)


# -- the search ---------------------------------------------------------------------------------
@functools.lru_cache(maxsize=64)
def _combinations(n: int, size: int) -> np.ndarray:
    """``(C(n, size), size)`` index combinations in lexicographic order."""
    if size == 0:
        return np.zeros((1, 0), dtype=np.int64)
    combos = np.fromiter(
        itertools.chain.from_iterable(itertools.combinations(range(n), size)),
        dtype=np.int64,
        count=math.comb(n, size) * size,
    )
    return combos.reshape(-1, size)


def _cartel_levels(n: int, required: np.ndarray) -> list[np.ndarray]:
    """Cartels containing ``required``, by number of extra members, each level in the
    lexicographic order of member indices (the scalar search's last tie-break)."""
    return list(_cached_levels(n, tuple(bool(x) for x in required)))


@functools.lru_cache(maxsize=256)
def _cached_levels(n: int, required: tuple[bool, ...]) -> tuple[np.ndarray, ...]:
    fixed = np.array(required, dtype=bool)
    free = np.flatnonzero(~fixed)
    levels = []
    for extra in range(free.size + 1):
        if extra == 0 and not fixed.any():
            continue  # the empty cartel is not a cartel
        chosen = free[_combinations(int(free.size), extra)]
        masks = np.zeros((chosen.shape[0], n), dtype=bool)
        masks[:, fixed] = True
        np.put_along_axis(masks, chosen, True, axis=1)
        masks.setflags(write=False)
        levels.append(masks)
    return tuple(levels)


def _size_bounds(
    batch: MarketBatch, required: np.ndarray, undecided: int, punish: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per row, sizes outside ``[smallest, largest]`` hold no effective self-enforcing cartel.

    *Smallest*: the exporters :math:`E` of an effective cartel have
    :math:`Q_E = \\sum_E k_j (1 - s_j) \\le \\tau \\max(1, K_E)`, i.e. :math:`Q_E \\le \\tau` or
    :math:`\\sum_E (k_j (1 - s_j) - \\tau k_j) \\le 0`; a set of :math:`m` suppliers meeting
    either exists iff the :math:`m` smallest terms do, which holds for :math:`m` up to some
    :math:`m^*`; at most ``undecided`` outsiders control of their own accord, so
    :math:`|S| \\ge N - m^* - u`.

    *Largest*: a member :math:`i` with :math:`g_i = V - h_i (p_1 - p_0)\\gamma(1 - s_i) > 0`
    (:math:`\\gamma \\ge 1`) gains at least :math:`g_i m_i + c_i` by deviating, with
    :math:`m_i = k_i / \\max(1, K_E + k_i)`, and the cartel gives it at most
    :math:`A_i = -h_i p_0 - c_i - \\pi_N` over the punishment; self-enforcement
    :math:`(1-\\delta)(\\pi_D - \\pi_C) \\le \\delta\\beta(\\pi_C - \\pi_N)` then needs
    :math:`K_E \\ge K^*_i`.  A cartel of size :math:`s` has :math:`K_E` at most the sum of the
    :math:`N - s` largest capacities, so at least :math:`s` suppliers (all required ones among
    them) must have :math:`K^*_i` below it.  Both bounds are loosened by a margin so that
    rounding never prunes a cartel the scalar search would accept.
    """
    k = batch.capacity
    size, n = k.shape
    unscreened = k * (1 - batch.safeguard)
    tau = batch.tolerance[:, None]
    margin = 1e-7
    low_q = np.cumsum(np.sort(unscreened, axis=1), axis=1) <= tau + margin
    low_w = np.cumsum(np.sort(unscreened - tau * k, axis=1), axis=1) <= margin
    meets = np.concatenate([np.ones((size, 1), dtype=bool), low_q | low_w], axis=1)  # m = 0..n
    most_exporters = n - np.argmax(meets[:, ::-1], axis=1)  # the largest m that meets it
    smallest = np.maximum(1, n - most_exporters - undecided)
    smallest = np.maximum(smallest, int(required.sum()))
    # the largest size
    delta = np.minimum(batch.discount + 1e-6, 1 - 1e-12)[:, None]
    beta = batch.detection[:, None]
    spread = (batch.risk_with_supply - batch.risk_without_supply)[:, None]
    gamma = batch.risk_exponent[:, None]
    gain = batch.value[:, None] - batch.harm * spread * gamma * (1 - batch.safeguard)
    room = -batch.harm * batch.risk_without_supply[:, None] - batch.control_cost - punish
    room = room + 1e-7 * np.maximum(1.0, np.abs(punish))
    with np.errstate(divide="ignore", invalid="ignore"):
        share_cap = (delta * beta * room / (1 - delta) - batch.control_cost) / gain
        needed = np.where(share_cap >= np.minimum(k, 1.0), 0.0, k / share_cap - k)
    needed = np.where(share_cap <= 0, np.inf, needed)
    needed = np.where((gain > 0) & (gamma >= 1) & (k > 0), needed, 0.0)
    needed = np.where(room <= 0, np.where((gain > 0) & (gamma >= 1), np.inf, needed), needed)
    descending = -np.sort(-k, axis=1)
    largest_capacity = np.zeros((size, n + 1))
    for s_ in range(n + 1):
        largest_capacity[:, s_] = descending[:, : n - s_].sum(axis=1)
    largest_capacity *= 1 + 1e-9
    largest = np.zeros(size, dtype=np.int64)
    for s_ in range(1, n + 1):
        fits = needed <= largest_capacity[:, s_ : s_ + 1]
        possible = (fits.sum(axis=1) >= s_) & (fits | ~required[None, :]).all(axis=1)
        largest = np.where(possible, s_, largest)
    return smallest, largest


def _search_group(
    batch: MarketBatch, required: np.ndarray, undecided: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    """The search for rows that share ``required`` and ``undecided``."""
    n = len(batch.names)
    members = np.zeros((batch.size, n), dtype=bool)
    status = np.full(batch.size, NONE_FOUND, dtype=np.int8)
    tol = _tolerances(batch)
    punish, has_stage = _stage_punishment(batch, undecided, tol)
    status[~has_stage] = FALLBACK
    open_rows = np.flatnonzero(has_stage)
    smallest, largest = _size_bounds(batch, required, len(undecided), punish)
    for level in _cartel_levels(n, required):
        if open_rows.size == 0:
            break
        size = int(level[0].sum())
        open_rows = open_rows[largest[open_rows] >= size]  # the others stay NONE_FOUND
        active = open_rows[smallest[open_rows] <= size]
        waiting = open_rows[smallest[open_rows] > size]
        block = max(1, BLOCK_CELLS // max(1, level.shape[0]))
        still_open = [waiting]
        for start in range(0, active.size, block):
            rows = active[start : start + block]
            sub = batch.rows(rows)
            reply = _outsider_reply(sub, level, undecided, tol[rows])
            no_reply = ~reply.has_equilibrium.all(axis=1)
            effective = reply.has_equilibrium & (reply.leakage <= sub.tolerance[:, None] + SLACK)
            pair_row, pair_cartel = np.nonzero(effective)
            holds = np.zeros(effective.shape, dtype=bool)
            if pair_row.size:
                pair_total = reply.total[pair_row, pair_cartel]
                pair_screened = reply.screened[pair_row, pair_cartel]
                if reply.risk is None:
                    pair_risk, _ = _risk(pair_total, pair_screened, sub, pair_row)
                else:
                    pair_risk = reply.risk[pair_row, pair_cartel]
                critical = _critical_discounts(
                    sub,
                    pair_row,
                    level[pair_cartel],
                    pair_total,
                    pair_screened,
                    pair_risk,
                    punish[rows],
                )
                holds[pair_row, pair_cartel] = critical <= sub.discount[pair_row] + SLACK
            capacity = reply.cartel_capacity
            best = np.where(holds, capacity, -np.inf).max(axis=1, keepdims=True)
            tied = holds & (capacity >= best - 1e-12 * np.maximum(1.0, np.abs(best)))
            found = holds.any(axis=1)
            first = np.argmax(tied, axis=1)
            members[rows[found]] = level[first[found]]
            status[rows[found]] = FOUND
            undefined = no_reply & ~found
            status[rows[undefined]] = UNDEFINED
            still_open.append(rows[~found & ~undefined])
        open_rows = np.concatenate(still_open) if still_open else open_rows[:0]
    return members, status


def smallest_sustainable_batch(
    batch: MarketBatch, required: np.ndarray | None = None
) -> BatchCartels:
    """Row by row, the smallest effective self-enforcing cartel containing ``required``.

    Parameters
    ----------
    batch
        The markets (one per row) and the conventions (``punishment``, ``selection``).
    required
        ``(B, N)`` boolean: members each row's cartel must contain (default none).

    Returns
    -------
    BatchCartels
        Member masks and status codes (:data:`FOUND`, :data:`NONE_FOUND`, :data:`UNDEFINED`,
        :data:`FALLBACK`; see the module docstring).

    Examples
    --------
    The example of :func:`~dualdilemma.cartels.sustainable.smallest_sustainable_cartel`:

    >>> result = smallest_sustainable_batch(_example_batch())
    >>> result.members.tolist(), result.status.tolist()
    ([[True, True, False]], [0])
    """
    if batch.punishment not in ("nash", "minmax"):
        raise InvalidParameterError(
            f"punishment must be 'nash' or 'minmax', got {batch.punishment!r}"
        )
    if batch.selection not in ("max_risk", "min_risk"):
        raise InvalidParameterError(
            f"selection must be 'max_risk' or 'min_risk', got {batch.selection!r}"
        )
    size, n = batch.capacity.shape
    if required is None:
        required = np.zeros((size, n), dtype=bool)
    required = np.asarray(required, dtype=bool)
    members = np.zeros((size, n), dtype=bool)
    status = np.full(size, FALLBACK, dtype=np.int8)
    if batch.punishment == "minmax" or size == 0:
        return BatchCartels(members, status)
    undecided = undecided_suppliers(batch)
    too_many = undecided.sum(axis=1) > MAX_UNDECIDED
    weights = 1 << np.arange(n, dtype=np.int64)
    keys = np.stack([required @ weights, undecided @ weights], axis=1)
    keys[too_many] = -1
    groups, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    for g, (required_key, undecided_key) in enumerate(groups):
        if required_key < 0:
            continue
        rows = np.flatnonzero(inverse == g)
        required_row = (int(required_key) >> np.arange(n)) & 1 == 1
        undecided_list = [j for j in range(n) if int(undecided_key) >> j & 1]
        found, codes = _search_group(batch.rows(rows), required_row, undecided_list)
        members[rows] = found
        status[rows] = codes
    return BatchCartels(members, status)


# -- the leader's dual dilemma ------------------------------------------------------------------
#: Verdict codes of :func:`leader_verdict_batch`.
VERDICTS = (
    "dual dilemma",
    "effective but costly",
    "ineffective but costless",
    "effective and costless",
    "controls at the stage equilibrium",
    "undecided",
)


def leader_verdict_batch(batch: MarketBatch, leader: int) -> np.ndarray:
    r"""The leader's verdict on its lone switch to control (codes index :data:`VERDICTS`).

    The baseline is the stage equilibrium chosen by the batch's ``selection`` (the outsiders'
    reply to the empty cartel); the verdicts follow
    :func:`~dualdilemma.analysis.dual_dilemma.dual_dilemma` (float tolerance
    :math:`10^{-9} \max(1, V, h, c)`).  Rows with too many undecided suppliers or no pure stage
    equilibrium get ``"undecided"``.

    >>> leader_verdict_batch(_example_batch(), 0).tolist()
    [1]
    """
    size, n = batch.capacity.shape
    verdict = np.full(size, len(VERDICTS) - 1, dtype=np.int8)
    undecided = undecided_suppliers(batch)
    keys = undecided @ (1 << np.arange(n, dtype=np.int64))
    keys[undecided.sum(axis=1) > MAX_UNDECIDED] = -1
    tol_all = _tolerances(batch)
    empty = np.zeros((1, n), dtype=bool)
    for key in np.unique(keys):
        if key < 0:
            continue
        rows = np.flatnonzero(keys == key)
        sub = batch.rows(rows)
        undecided_list = [j for j in range(n) if int(key) >> j & 1]
        reply = _outsider_reply(sub, empty, undecided_list, tol_all[rows])
        subsets = _subset_masks(undecided_list, n)
        exports = ~subsets[reply.chosen[:, 0], leader] & reply.has_equilibrium[:, 0]
        total, screened = reply.total[:, 0], reply.screened[:, 0]
        risk = _risk(total, screened, sub)[0] if reply.risk is None else reply.risk[:, 0]
        k = sub.capacity[:, leader]
        h = sub.harm[:, leader]
        cost = sub.control_cost[:, leader]
        after, _ = _risk(total - k, screened - k * sub.safeguard[:, leader], sub)
        risk_change = after - risk
        payoff_change = (-h * after - cost) - (sub.value * k / np.maximum(1.0, total) - h * risk)
        tol = tol_all[rows]
        ineffective = risk_change >= -tol
        costly = payoff_change < -tol
        code = np.where(
            ineffective & costly, 0, np.where(costly, 1, np.where(ineffective, 2, 3))
        ).astype(np.int8)
        code = np.where(exports, code, 4)
        code = np.where(reply.has_equilibrium[:, 0], code, len(VERDICTS) - 1)
        verdict[rows] = code
    return verdict
