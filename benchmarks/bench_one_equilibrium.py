"""Benchmark: one equilibrium of a bimatrix game, and the value of a zero-sum game.

Part 1, Lemke-Howson from label 0 on seeded random games (payoffs uniform on [0, 1)) of sizes
10x10, 20x20 and 50x50:

* dualdilemma ``lemke_howson`` in float mode (the reference) and in exact mode (the float
  payoffs read through their decimal representation);
* nashpy ``Game.lemke_howson(initial_dropped_label=0)``;
* quantecon ``game_theory.lemke_howson(init_pivot=0)`` (numba; compiled before timing);
* pygambit ``nash.lcp_solve(stop_after=1)``, ``rational=False`` and ``rational=True``.

Part 2, a zero-sum 50x50 game (``A`` standard normal, not antisymmetric, ``B = -A``):

* dualdilemma ``zero_sum`` in float mode (the reference) and in exact mode;
* a direct ``scipy.optimize.linprog(method="highs")`` solve of the same LP, built the same way
  (same scaling and tolerances), without the verification ``zero_sum`` adds: the target is a
  ratio below 2;
* nashpy ``Game.linear_program()`` (two LPs, one per player);
* pygambit ``nash.lp_solve``, ``rational=False`` and ``rational=True``.

Every call is first run once in a child process with a time limit (default 20 s; nashpy's
Lemke-Howson cycles on some games).  Calls that finish are then timed in this process: the median
over games of the median over repeats.  The ``valid`` column counts the games on which the
method returned a profile whose max regret is at most ``1e-9 * max(1, max|U|)`` (for the
zero-sum part: whose value agrees with dualdilemma's within 1e-7).  Ratios are relative to
dualdilemma's float method of the same part and size.

Run ``python benchmarks/bench_one_equilibrium.py`` (``--quick`` for smaller sizes and fewer
games, ``--limit SECONDS`` to change the time limit).  Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import warnings
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
from _timing import median_time

from dualdilemma import NormalFormGame
from dualdilemma.solvers.lemke_howson import lemke_howson
from dualdilemma.solvers.zero_sum import HIGHS_OPTIONS, zero_sum

LH_SEEDS = {10: range(5), 20: range(5), 50: range(3)}
ZS_SEEDS = {50: range(5)}
LH_REFERENCE = "dualdilemma lemke_howson (float)"
ZS_REFERENCE = "dualdilemma zero_sum (float)"


def random_bimatrix(size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.random((size, size)), rng.random((size, size))


def random_zero_sum(size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    a = np.random.default_rng(10_000 + seed).standard_normal((size, size))
    return a, -a


def decimal_fractions(matrix: np.ndarray) -> np.ndarray:
    return np.array([[Fraction(repr(float(v))) for v in row] for row in matrix], dtype=object)


# -- Lemke-Howson methods: payoff arrays in, one (x, y) pair of float arrays out -----------------
def ours_lh(a: np.ndarray, b: np.ndarray) -> tuple:
    result = lemke_howson(NormalFormGame.from_arrays(a, b), initial_label=0)
    return result[0].as_arrays()


def ours_lh_exact(a: np.ndarray, b: np.ndarray) -> tuple:
    game = NormalFormGame.from_arrays(a, b).to_exact()
    return lemke_howson(game, initial_label=0)[0].as_arrays()


def nashpy_lh(a: np.ndarray, b: np.ndarray) -> tuple:
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return nashpy.Game(a, b).lemke_howson(initial_dropped_label=0)


def quantecon_lh(a: np.ndarray, b: np.ndarray) -> tuple:
    from quantecon.game_theory import NormalFormGame as QGame
    from quantecon.game_theory import Player
    from quantecon.game_theory import lemke_howson as q_lemke_howson

    # quantecon stores each player's payoffs indexed by (own action, opponent action)
    return q_lemke_howson(QGame((Player(a), Player(b.T))), init_pivot=0)


def gambit_profile(solver: str, a: np.ndarray, b: np.ndarray, rational: bool, **options) -> tuple:
    """The one equilibrium ``pygambit.nash.<solver>`` finds, as float arrays; with ``rational``
    the payoffs enter as the Fractions of their decimal forms."""
    import pygambit as gbt

    if rational:
        a, b = decimal_fractions(a), decimal_fractions(b)
    game = gbt.Game.from_arrays(a, b)
    (eq,) = getattr(gbt.nash, solver)(game, rational=rational, **options).equilibria
    return tuple(np.array([float(eq[s]) for s in player.strategies]) for player in game.players)


def gambit_lcp(a: np.ndarray, b: np.ndarray, rational: bool = False) -> tuple:
    return gambit_profile("lcp_solve", a, b, rational, stop_after=1)


def gambit_lcp_rational(a: np.ndarray, b: np.ndarray) -> tuple:
    return gambit_lcp(a, b, rational=True)


LH_METHODS: dict[str, Callable[[np.ndarray, np.ndarray], Any]] = {
    LH_REFERENCE: ours_lh,
    "dualdilemma lemke_howson (exact)": ours_lh_exact,
    "nashpy Game.lemke_howson": nashpy_lh,
    "quantecon lemke_howson": quantecon_lh,
    "pygambit lcp_solve (rational=False)": gambit_lcp,
    "pygambit lcp_solve (rational=True)": gambit_lcp_rational,
}


# -- zero-sum methods: payoff arrays in, the value to the row player out --------------------------
def ours_zs(a: np.ndarray, b: np.ndarray) -> float:
    return float(zero_sum(NormalFormGame.from_arrays(a, b)).parameters["value"])


def ours_zs_exact(a: np.ndarray, b: np.ndarray) -> float:
    game = NormalFormGame.from_arrays(a, b).to_exact()
    return float(zero_sum(game).parameters["value"])


def direct_linprog(a: np.ndarray, b: np.ndarray) -> float:
    """The LP zero_sum solves, built and solved directly: row player's maxmin."""
    from scipy.optimize import linprog

    m, n = a.shape
    scale = max(1.0, float(np.max(np.abs(a))))
    objective = np.zeros(m + 1)
    objective[-1] = -1.0
    a_eq = np.ones((1, m + 1))
    a_eq[0, -1] = 0.0
    res = linprog(
        objective,
        A_ub=np.hstack([-a.T / scale, np.ones((n, 1))]),
        b_ub=np.zeros(n),
        A_eq=a_eq,
        b_eq=np.ones(1),
        bounds=[(0.0, None)] * m + [(None, None)],
        method="highs",
        options=HIGHS_OPTIONS,
    )
    return float(res.x[-1]) * scale


def nashpy_lp(a: np.ndarray, b: np.ndarray) -> float:
    import nashpy

    x, y = nashpy.Game(a, b).linear_program()
    return float(np.asarray(x) @ a @ np.asarray(y))


def gambit_lp(a: np.ndarray, b: np.ndarray, rational: bool = False) -> float:
    x, y = gambit_profile("lp_solve", a, b, rational)
    return float(x @ np.asarray(a, dtype=float) @ y)  # decimal forms round-trip: same a


def gambit_lp_rational(a: np.ndarray, b: np.ndarray) -> float:
    return gambit_lp(a, b, rational=True)


ZS_METHODS: dict[str, Callable[[np.ndarray, np.ndarray], Any]] = {
    ZS_REFERENCE: ours_zs,
    "dualdilemma zero_sum (exact)": ours_zs_exact,
    "scipy linprog HiGHS, same LP": direct_linprog,
    "nashpy Game.linear_program": nashpy_lp,
    "pygambit lp_solve (rational=False)": gambit_lp,
    "pygambit lp_solve (rational=True)": gambit_lp_rational,
}

ALL_METHODS = {**LH_METHODS, **ZS_METHODS}


# -- validity -------------------------------------------------------------------------------------
def valid_equilibrium(a: np.ndarray, b: np.ndarray, profile: Any) -> bool:
    try:
        x, y = (np.asarray(v, dtype=float).reshape(-1) for v in profile)
    except (TypeError, ValueError):
        return False
    if x.shape != (a.shape[0],) or y.shape != (a.shape[1],):
        return False
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        return False
    if min(x.min(), y.min()) < -1e-9 or abs(x.sum() - 1) > 1e-9 or abs(y.sum() - 1) > 1e-9:
        return False
    regret = max((a @ y).max() - x @ a @ y, (x @ b).max() - x @ b @ y)
    return bool(regret <= 1e-9 * max(1.0, np.abs(a).max(), np.abs(b).max()))


# -- timing ---------------------------------------------------------------------------------------
def _child(name: str, a: np.ndarray, b: np.ndarray, queue: Any) -> None:
    try:
        ALL_METHODS[name](a, b)
    except Exception as exc:  # reported by the parent as a failure on this game
        queue.put(f"{type(exc).__name__}: {exc}")
        return
    queue.put("ok")


def finishes_within(name: str, a: np.ndarray, b: np.ndarray, limit: float) -> str:
    """Run one call in a child process: ``"ok"``, ``"timeout"`` or the error it raised."""
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(name, a, b, queue))
    process.start()
    process.join(limit)
    if process.is_alive():
        process.terminate()
        process.join()
        return "timeout"
    if process.exitcode != 0:
        return f"exit code {process.exitcode}"
    return queue.get(timeout=5)


def run_part(
    methods: dict[str, Callable],
    games: dict[int, list[tuple[np.ndarray, np.ndarray]]],
    reference: str,
    check: Callable[[np.ndarray, np.ndarray, Any, Any], bool],
    limit: float,
) -> list[dict[str, Any]]:
    rows = []
    for size, instances in games.items():
        anchors = [methods[reference](a, b) for a, b in instances]
        here = []
        for name, method in methods.items():
            medians, valid, skipped = [], 0, []
            for index, (a, b) in enumerate(instances):
                outcome = finishes_within(name, a, b, limit)
                if outcome != "ok":
                    skipped.append(outcome if outcome == "timeout" else "error")
                    continue
                answer = method(a, b)
                valid += check(a, b, answer, anchors[index])
                probe = median_time(lambda a=a, b=b, f=method: f(a, b), 1)
                repeats = 1 if probe > 2 else (3 if probe > 0.2 else 9)
                medians.append(median_time(lambda a=a, b=b, f=method: f(a, b), repeats))
            row: dict[str, Any] = {"size": f"{size}x{size}", "method": name}
            row["valid"] = f"{valid}/{len(instances)}"
            if skipped:
                counts = {k: skipped.count(k) for k in sorted(set(skipped))}
                row["note"] = ", ".join(f"{v} {k}" for k, v in counts.items())
            if medians:
                row["seconds"] = statistics.median(medians)
            here.append(row)
        base = next((r.get("seconds") for r in here if r["method"] == reference), None)
        for row in here:
            if base and "seconds" in row:
                row["ratio"] = row["seconds"] / base
        rows.extend(here)
    return rows


def render(rows: list[dict[str, Any]], limit: float) -> str:
    lines = [
        "| size | method | median time | ratio to ours (float) | valid | not timed |",
        "|---|---|---:|---:|:---:|---|",
    ]
    for row in rows:
        time_text = f"{row['seconds'] * 1e3:.3f} ms" if "seconds" in row else f"> {limit:g} s"
        ratio = f"{row['ratio']:.2f}x" if "ratio" in row else "-"
        lines.append(
            f"| {row['size']} | {row['method']} | {time_text} | {ratio} | {row['valid']} | "
            f"{row.get('note', '')} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10x10 and 20x20, two games each")
    parser.add_argument("--limit", type=float, default=20.0, help="seconds before giving up")
    args = parser.parse_args(argv)
    quantecon_lh(*random_bimatrix(3, 0))  # compile the numba kernels before any timing
    lh_seeds = {10: range(2), 20: range(2)} if args.quick else LH_SEEDS
    zs_seeds = {20: range(2)} if args.quick else ZS_SEEDS
    lh_games = {n: [random_bimatrix(n, s) for s in seeds] for n, seeds in lh_seeds.items()}
    zs_games = {n: [random_zero_sum(n, s) for s in seeds] for n, seeds in zs_seeds.items()}

    lh_rows = run_part(
        LH_METHODS,
        lh_games,
        LH_REFERENCE,
        lambda a, b, answer, anchor: valid_equilibrium(a, b, answer),
        args.limit,
    )
    zs_rows = run_part(
        ZS_METHODS,
        zs_games,
        ZS_REFERENCE,
        lambda a, b, value, anchor: bool(abs(value - anchor) <= 1e-7),
        args.limit,
    )
    print("## Lemke-Howson from label 0 (random games, payoffs uniform on [0, 1))\n")
    print(render(lh_rows, args.limit))
    print("\n## Zero-sum value (A standard normal, B = -A)\n")
    print(render(zs_rows, args.limit))
    print()
    print("valid: Lemke-Howson answers with regret <= 1e-9 * max(1, max|U|) / zero-sum values")
    print("within 1e-7 of dualdilemma's; ratio: median time / dualdilemma float, same size")
    print(
        f"rerun: python benchmarks/bench_one_equilibrium.py{' --quick' if args.quick else ''}"
        f" --limit {args.limit:g}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
