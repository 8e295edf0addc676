"""Benchmark: equilibria of n-player games, side by side with pygambit.

Games
-----
* The export market of MODEL.md section 2 with 3-8 heterogeneous suppliers, actions
  0 = Export, 1 = Control, in two regimes: a *dense* market (capacities ample, control cheap)
  and a *thin* one (total capacity near the buyer's needs, high harm valuations, weak
  safeguards), the regime in which control can be a best reply.  The payoff tensor is written
  here directly (:func:`export_market`), not taken from the package's model builders.
* Seeded random games with 3-6 players and two actions, payoffs N(0, 1) rounded to 6 decimals.

Methods
-------
All equilibria: :func:`dualdilemma.solvers.polynomial_enumeration.polynomial_equilibria`
against ``pygambit.nash.enumpoly_solve``.  One equilibrium:
:func:`dualdilemma.solvers.logit.logit_solve` against pygambit's ``logit_solve``,
``gnm_solve`` and ``simpdiv_solve``; ``gnm`` and ``simpdiv`` run in a forked child process
(``gnm`` can crash the interpreter on some 4-player games) with a timeout, timed inside the
child.  Times are medians of ``--repeats`` runs after one warm-up run.

Agreement is checked, not assumed: every pygambit equilibrium must be among ours; ours that
pygambit misses are counted; the one-equilibrium methods' answers are located in our set of
all equilibria.  The closing notes list every disagreement.

Run ``python benchmarks/bench_n_player.py`` (``--quick`` for fewer, smaller games).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import multiprocessing
import sys
from typing import Any

import numpy as np
import pygambit as gbt
from _timing import median_and_result

from dualdilemma import NormalFormGame
from dualdilemma.solvers.logit import logit_solve
from dualdilemma.solvers.polynomial_enumeration import polynomial_equilibria

MATCH = 1e-5  # max-norm distance at which two equilibria are the same


# -- games --------------------------------------------------------------------------------------
def export_market(
    k: np.ndarray,
    h: np.ndarray,
    s: np.ndarray,
    c: np.ndarray,
    *,
    value: float = 1.0,
    p0: float = 0.05,
    p1: float = 0.6,
) -> np.ndarray:
    """The ``(n, 2, ..., 2)`` payoff tensor of MODEL.md section 2 (0 = Export, 1 = Control).

    Exporters E share the buyer's needs met, ``Q = min(1, K_E)``, in proportion to capacity
    (``m_j = k_j Q / K_E``); leakage ``q = sum_j m_j (1 - s_j)``; proliferation probability
    ``P = p0 + (p1 - p0) q``; payoff ``u_i = V m_i - h_i P - c_i [i controls]``.
    """
    k, h, s, c = (np.asarray(x, dtype=float) for x in (k, h, s, c))
    n = k.size
    profiles = np.array(list(itertools.product((0, 1), repeat=n)), dtype=np.int8)
    exporting = profiles == 0
    capacity = exporting @ k
    met = np.minimum(1.0, capacity)
    ratio = np.divide(met, capacity, out=np.zeros_like(capacity), where=capacity > 0)
    share = np.where(exporting, k * ratio[:, None], 0.0)
    risk = p0 + (p1 - p0) * (share @ (1.0 - s))
    payoff = value * share - h * risk[:, None] - c * (~exporting)
    return payoff.T.reshape((n,) + (2,) * n)


def dense_market(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return export_market(
        k=rng.uniform(0.15, 0.6, n),
        h=rng.uniform(0.0, 2.0, n),
        s=rng.uniform(0.0, 1.0, n),
        c=rng.uniform(0.0, 0.1, n),
    )


def thin_market(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    total = rng.uniform(0.9, 1.3)
    return export_market(
        k=rng.dirichlet(np.ones(n)) * total,
        h=rng.uniform(1.0, 6.0, n),
        s=rng.uniform(0.0, 0.6, n),
        c=rng.uniform(0.0, 0.05, n),
    )


def random_game(n: int, seed: int) -> np.ndarray:
    return np.round(np.random.default_rng(seed).normal(size=(n,) + (2,) * n), 6)


# -- running the solvers ---------------------------------------------------------------------------
#: (median seconds, last result) of ``repeats`` calls after a warm-up call.
timed = functools.partial(median_and_result, warmup=True)


def gambit_game(payoffs: np.ndarray) -> Any:
    return gbt.Game.from_arrays(*[payoffs[i] for i in range(payoffs.shape[0])])


def gambit_profiles(game: Any, equilibria: Any) -> list[np.ndarray]:
    return [
        np.array([float(eq[s]) for player in game.players for s in player.strategies])
        for eq in equilibria
    ]


def _child(method: str, payoffs: np.ndarray, repeats: int, pipe: Any) -> None:
    game = gambit_game(payoffs)

    def run() -> Any:
        if method == "gnm":
            return gbt.nash.gnm_solve(game)
        return gbt.nash.simpdiv_solve(game.mixed_strategy_profile(rational=True))

    seconds, result = timed(run, repeats)
    pipe.send((seconds, gambit_profiles(game, result.equilibria)))


def isolated(method: str, payoffs: np.ndarray, repeats: int, timeout: float) -> tuple:
    """Run a pygambit method in a forked child: (seconds, profiles, status)."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(method, payoffs, repeats, sender))
    process.start()
    sender.close()
    if receiver.poll(timeout):
        try:
            seconds, profiles = receiver.recv()
        except EOFError:
            seconds, profiles = None, None
    else:
        seconds, profiles = None, None
    process.join(1.0)
    if process.is_alive():
        process.kill()
        process.join()
        return None, None, f"timeout after {timeout:g} s"
    if process.exitcode and process.exitcode < 0:
        return None, None, f"crashed (signal {-process.exitcode})"
    if seconds is None:
        return None, None, f"failed (exit code {process.exitcode})"
    return seconds, profiles, "ok"


def located(profile: np.ndarray, among: list[np.ndarray]) -> bool:
    return any(float(np.max(np.abs(profile - other))) < MATCH for other in among)


# -- one game --------------------------------------------------------------------------------------
def bench_game(label: str, payoffs: np.ndarray, repeats: int, timeout: float) -> dict[str, Any]:
    n = payoffs.shape[0]
    game = NormalFormGame(payoffs)
    gambit = gambit_game(payoffs)
    row: dict[str, Any] = {"game": label, "n": n, "notes": []}

    seconds, ours = timed(lambda: polynomial_equilibria(game), repeats)
    ours_all = [np.concatenate(eq.as_arrays()) for eq in ours]
    row["ours_all"] = seconds
    row["ours_count"] = len(ours_all)
    row["ours_mixed"] = sum(not eq.is_pure for eq in ours)
    if not ours.complete:
        row["notes"].append("our enumeration is not complete: " + "; ".join(ours.diagnostics))

    seconds, result = timed(lambda: gbt.nash.enumpoly_solve(gambit, use_strategic=True), repeats)
    enumpoly = gambit_profiles(gambit, result.equilibria)
    row["enumpoly"] = seconds
    row["enumpoly_count"] = len(enumpoly)
    missing = [eq for eq in enumpoly if not located(eq, ours_all)]
    extra = [eq for eq in ours_all if not located(eq, enumpoly)]
    if missing:
        row["notes"].append(f"{len(missing)} enumpoly equilibria are not in ours")
    if extra:
        row["notes"].append(f"enumpoly misses {len(extra)} of our verified equilibria")
    row["all_agree"] = not missing and not extra

    seconds, one = timed(lambda: logit_solve(game), repeats)
    row["ours_one"] = seconds
    if not one.converged:
        row["notes"].append("our logit_solve did not converge: " + one.diagnostics[-1])
    ours_one = np.concatenate(one[0].as_arrays()) if len(one) else None

    seconds, result = timed(lambda: gbt.nash.logit_solve(gambit, use_strategic=True), repeats)
    row["pg_logit"] = seconds
    theirs = gambit_profiles(gambit, result.equilibria)
    regret = float(result.equilibria[0].max_regret()) if result.equilibria else float("nan")
    if ours_one is not None and theirs and not located(ours_one, theirs):
        row["notes"].append(
            f"logit limits differ (pygambit's point has regret {regret:.2g}; ours is verified)"
        )
    if ours_one is not None and not located(ours_one, ours_all):
        row["notes"].append("our logit equilibrium is not in our enumeration")

    for method in ("gnm", "simpdiv"):
        seconds, profiles, status = isolated(method, payoffs, repeats, timeout)
        row[method] = seconds
        if status != "ok":
            row["notes"].append(f"pygambit {method}: {status}")
        else:
            for profile in profiles or []:
                if located(profile, ours_all):
                    continue
                sigma = np.split(profile, np.cumsum(game.shape)[:-1])
                regret = float(game.to_float().max_regret(sigma))
                gap = min(float(np.max(np.abs(profile - eq))) for eq in ours_all)
                row["notes"].append(
                    f"pygambit {method}'s answer is not among our equilibria: its regret is "
                    f"{regret:.2g} and it lies {gap:.2g} (max-norm) from the nearest of ours"
                )
    return row


# -- report ----------------------------------------------------------------------------------------
def fmt(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e3:.3g} ms"


def ratio(ours: float | None, theirs: float | None) -> str:
    if ours is None or theirs is None or theirs == 0:
        return "-"
    return f"{ours / theirs:.2g}"


def report(rows: list[dict[str, Any]]) -> None:
    print("\n### All equilibria: polynomial_equilibria vs pygambit enumpoly_solve\n")
    print("| game | n | ours | enumpoly | ours / enumpoly | # ours (mixed) | # enumpoly | agree |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['game']} | {r['n']} | {fmt(r['ours_all'])} | {fmt(r['enumpoly'])} | "
            f"{ratio(r['ours_all'], r['enumpoly'])} | {r['ours_count']} ({r['ours_mixed']}) | "
            f"{r['enumpoly_count']} | {'yes' if r['all_agree'] else 'no'} |"
        )
    print("\n### One equilibrium: logit_solve vs pygambit logit_solve, gnm_solve, simpdiv_solve\n")
    print("| game | n | ours (logit) | pg logit | ours / pg logit | pg gnm | pg simpdiv |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['game']} | {r['n']} | {fmt(r['ours_one'])} | {fmt(r['pg_logit'])} | "
            f"{ratio(r['ours_one'], r['pg_logit'])} | {fmt(r['gnm'])} | {fmt(r['simpdiv'])} |"
        )
    print("\n### Notes (every disagreement)\n")
    notes = [(r["game"], note) for r in rows for note in r["notes"]]
    if not notes:
        print("- none: every method's answers are consistent with our complete enumeration")
    for game, note in notes:
        print(f"- {game}: {note}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer and smaller games")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per method")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds for gnm/simpdiv")
    args = parser.parse_args(argv)
    market_sizes = range(3, 6) if args.quick else range(3, 9)
    random_sizes = range(3, 5) if args.quick else range(3, 7)
    seeds = range(1) if args.quick else range(2)
    games = []
    for n in market_sizes:
        games.append((f"dense market {n}", dense_market(n, n)))
        games.append((f"thin market {n}", thin_market(n, 100 * n + 1)))
    for n in random_sizes:
        for seed in seeds:
            games.append((f"random {n} #{seed}", random_game(n, 1000 * n + seed)))
    rows = []
    for label, payoffs in games:
        print(f"running {label} ...", file=sys.stderr, flush=True)
        rows.append(bench_game(label, payoffs, args.repeats, args.timeout))
    report(rows)
    print(f"\nRerun: `python benchmarks/bench_n_player.py{' --quick' if args.quick else ''}`")


if __name__ == "__main__":
    main()
