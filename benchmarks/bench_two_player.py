"""Benchmark: all equilibria of random bimatrix games, against Gambit, nashpy and QuantEcon.

For each size (6x6, 10x10, 15x15) a few seeded games with payoffs drawn uniformly from [0, 1)
are solved by

* dualdilemma ``vertex_enumeration`` and ``support_enumeration``, float and exact mode;
* pygambit ``enummixed_solve`` with ``rational=False`` and ``rational=True`` (the anchor for
  correctness: every method's equilibrium set is compared with Gambit's float set within 1e-6;
  where Gambit exceeds ``--anchor-limit``, as at 15x15, with dualdilemma's exact set instead);
* nashpy ``vertex_enumeration`` and ``support_enumeration``;
* quantecon ``game_theory.support_enumeration`` (numba; compiled before timing).

Exact mode reads the float payoffs through their decimal representation (Gambit's convention),
so its numbers have long denominators.  Every method is first run once in a child process with a
time limit (default 60 s); one that does not finish is reported as ``> limit`` and skipped at
larger sizes.  Methods that finish are then timed in this process: the median over games of the
median over repeats.  Ratios are relative to dualdilemma's float vertex enumeration.

Run ``python benchmarks/bench_two_player.py`` (``--quick`` for 6x6 and 10x10 only,
``--limit SECONDS`` to change the time limit, ``--anchor-limit 1000`` to let Gambit check the
15x15 sets too).  Prints a Markdown table; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
from _timing import median_time

from dualdilemma import NormalFormGame
from dualdilemma.solvers.support_enumeration import support_enumeration
from dualdilemma.solvers.vertex_enumeration import vertex_enumeration

SEEDS = {6: range(5), 10: range(3), 15: range(1)}
REFERENCE = "dualdilemma vertex_enumeration (float)"


def random_game(size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.random((size, size)), rng.random((size, size))


# -- one function per method: payoff arrays in, list of (x, y) float arrays out ----------------


def ours_vertex(A: np.ndarray, B: np.ndarray, exact: bool = False) -> list:
    game = NormalFormGame.from_arrays(A, B, exact=exact)
    return [eq.as_arrays() for eq in vertex_enumeration(game)]


def ours_vertex_exact(A: np.ndarray, B: np.ndarray) -> list:
    return ours_vertex(A, B, exact=True)


def ours_support(A: np.ndarray, B: np.ndarray, exact: bool = False) -> list:
    game = NormalFormGame.from_arrays(A, B, exact=exact)
    return [eq.as_arrays() for eq in support_enumeration(game)]


def ours_support_exact(A: np.ndarray, B: np.ndarray) -> list:
    return ours_support(A, B, exact=True)


def gambit(A: np.ndarray, B: np.ndarray, rational: bool = False) -> list:
    import pygambit as gbt

    if rational:
        A = np.array([[Fraction(repr(float(a))) for a in row] for row in A], dtype=object)
        B = np.array([[Fraction(repr(float(b))) for b in row] for row in B], dtype=object)
    game = gbt.Game.from_arrays(A, B)
    return [
        tuple(np.array([float(eq[s]) for s in player.strategies]) for player in game.players)
        for eq in gbt.nash.enummixed_solve(game, rational=rational).equilibria
    ]


def gambit_rational(A: np.ndarray, B: np.ndarray) -> list:
    return gambit(A, B, rational=True)


def nashpy_vertex(A: np.ndarray, B: np.ndarray) -> list:
    import nashpy

    return list(nashpy.Game(A, B).vertex_enumeration())


def nashpy_support(A: np.ndarray, B: np.ndarray) -> list:
    import nashpy

    return list(nashpy.Game(A, B).support_enumeration())


def quantecon_support(A: np.ndarray, B: np.ndarray) -> list:
    from quantecon.game_theory import NormalFormGame as QGame
    from quantecon.game_theory import Player, support_enumeration

    # quantecon stores each player's payoffs indexed by (own action, opponent action)
    return list(support_enumeration(QGame((Player(A), Player(B.T)))))


METHODS: dict[str, Callable[[np.ndarray, np.ndarray], list]] = {
    REFERENCE: ours_vertex,
    "dualdilemma vertex_enumeration (exact)": ours_vertex_exact,
    "dualdilemma support_enumeration (float)": ours_support,
    "dualdilemma support_enumeration (exact)": ours_support_exact,
    "pygambit enummixed (rational=False)": gambit,
    "pygambit enummixed (rational=True)": gambit_rational,
    "nashpy vertex_enumeration": nashpy_vertex,
    "nashpy support_enumeration": nashpy_support,
    "quantecon support_enumeration": quantecon_support,
}


# -- timing ---------------------------------------------------------------------------------------


def _child(name: str, A: np.ndarray, B: np.ndarray, queue: Any) -> None:
    start = time.perf_counter()
    try:
        METHODS[name](A, B)
    except Exception as exc:  # reported by the parent, which then fails loudly
        queue.put(f"{type(exc).__name__}: {exc}")
        return
    queue.put(time.perf_counter() - start)


def finishes_within(name: str, A: np.ndarray, B: np.ndarray, limit: float) -> float | None:
    """Run one call in a child process; its time, or ``None`` if it exceeds ``limit``.

    Raises ``RuntimeError`` if the call fails in the child.
    """
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(name, A, B, queue))
    process.start()
    process.join(limit)
    if process.is_alive():
        process.terminate()
        process.join()
        return None
    outcome = queue.get(timeout=5) if process.exitcode == 0 else f"exit code {process.exitcode}"
    if isinstance(outcome, str):
        raise RuntimeError(f"{name} failed: {outcome}")
    return outcome


def same_set(found: list, expected: list, atol: float = 1e-6) -> bool:
    flat = [np.concatenate([np.asarray(s, float) for s in p]) for p in found]
    pool = [np.concatenate([np.asarray(s, float) for s in p]) for p in expected]
    if len(flat) != len(pool):
        return False
    for f in flat:
        hit = next((i for i, e in enumerate(pool) if np.max(np.abs(f - e)) <= atol), None)
        if hit is None:
            return False
        pool.pop(hit)
    return True


def reference_sets(games: list, limit: float, anchor_limit: float) -> tuple[str, list | None]:
    """Gambit's float equilibrium sets, or, where Gambit is too slow, exact vertex enumeration's."""
    for label, name, budget in (
        ("Gambit", "pygambit enummixed (rational=False)", anchor_limit),
        ("exact", "dualdilemma vertex_enumeration (exact)", limit),
    ):
        if finishes_within(name, *games[0], budget) is not None:
            return label, [METHODS[name](A, B) for A, B in games]
    return "none", None


def run(sizes: list[int], limit: float, anchor_limit: float, quick: bool) -> list[dict[str, Any]]:
    quantecon_support(*random_game(3, 0))  # compile the numba kernels before any timing
    rows = []
    too_slow: dict[str, float] = {}
    for size in sizes:
        games = [random_game(size, seed) for seed in SEEDS[size]]
        if quick:
            games = games[:2]
        progress(f"{size}x{size}: reference equilibria")
        label, anchor = reference_sets(games, limit, anchor_limit)
        for name, method in METHODS.items():
            progress(f"{size}x{size}: {name}")
            row: dict[str, Any] = {"size": f"{size}x{size}", "method": name}
            if name in too_slow:
                row["time"] = f"> {too_slow[name]:.0f} s (not run)"
                rows.append(row)
                continue
            probe = finishes_within(name, *games[0], limit)
            if probe is None:
                too_slow[name] = limit
                row["time"] = f"> {limit:.0f} s"
                rows.append(row)
                continue
            repeats = 1 if probe > 5 else (3 if probe > 0.5 or quick else 7)
            medians, agree, counts = [], [], []
            for index, (A, B) in enumerate(games):
                result = method(A, B)
                counts.append(len(result))
                if anchor is not None:
                    agree.append(same_set(result, anchor[index]))
                medians.append(median_time(lambda A=A, B=B, f=method: f(A, B), repeats))
            row["seconds"] = statistics.median(medians)
            row["equilibria"] = "/".join(str(c) for c in counts)
            row["agrees"] = f"{'yes' if all(agree) else 'NO'} ({label})" if anchor else "n/a"
            rows.append(row)
        here = [r for r in rows if r["size"] == f"{size}x{size}"]
        reference = next((r.get("seconds") for r in here if r["method"] == REFERENCE), None)
        for row in here:
            if reference and "seconds" in row:
                row["ratio"] = row["seconds"] / reference
    return rows


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def render(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| size | method | median time | ratio to ours | equilibria per game | same set as |",
        "|---|---|---:|---:|---:|:---:|",
    ]
    for row in rows:
        time_text = f"{row['seconds']:.4f} s" if "seconds" in row else row["time"]
        ratio = f"{row['ratio']:.1f}x" if "ratio" in row else "-"
        lines.append(
            f"| {row['size']} | {row['method']} | {time_text} | {ratio} | "
            f"{row.get('equilibria', '-')} | {row.get('agrees', '-')} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="6x6 and 10x10, two games each")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before giving up")
    parser.add_argument(
        "--anchor-limit",
        type=float,
        default=None,
        help="seconds allowed to Gambit for the reference sets (default: --limit)",
    )
    args = parser.parse_args(argv)
    sizes = [6, 10] if args.quick else [6, 10, 15]
    anchor_limit = args.limit if args.anchor_limit is None else args.anchor_limit
    rows = run(sizes, args.limit, anchor_limit, args.quick)
    print(render(rows))
    print()
    print("ratio: median time / median time of dualdilemma vertex_enumeration (float), same size")
    print(
        f"rerun: python benchmarks/bench_two_player.py{' --quick' if args.quick else ''}"
        f" --limit {args.limit:g} --anchor-limit {anchor_limit:g}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
