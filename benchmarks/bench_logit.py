"""Benchmark: the principal logit QRE branch and its limit, against Gambit, in one process.

Games: seeded random games (payoffs standard normal, rounded to 6 decimals) of shapes 3x3, 5x5,
2x2x2, 3x3x3 and 2x2x2x2, and two fixed games: the 2x3 game of issue 16 whose branch folds
twice, and McKelvey and McLennan's three-player game with nine equilibria.

* ``logit_solve``: :func:`dualdilemma.solvers.logit.logit_solve` (the branch's limit, refined
  and verified) against ``pygambit.nash.logit_solve`` (traced until the QRE regret is small;
  an approximate equilibrium);
* ``logit_path``: :func:`dualdilemma.solvers.logit.logit_path` at ``lambdas = [0.5, 1, 2]``
  (every crossing, each point checked as a QRE) against ``pygambit.qre.logit_solve_lambda``.

Times are the median over games of the median over ``--repeats`` runs (after one warm-up
run).  The ratio is ours / Gambit's (above 1: we are slower).  ``agree`` counts the games on
which the two answers are within 1e-4 (limits) or 1e-6 (branch points, first crossing); the
notes list every disagreement.

Two differences are by design, not defects: ``logit_path`` traces on past ``max(lambdas)``
until the QRE regret is below 1e-6 of the payoff range (so that a fold back below a requested
value is not missed), where Gambit stops at the largest value -- most of the ``logit_path``
ratio; and on McKelvey-McLennan's game pygambit 16.7 stops at lambda ~ 0.597, short of the
bifurcation point at ~ 0.637 that our tracer passes (tests/test_logit_branch.py checks our
branch there against an independent small-step continuation), so its points at lambda 1 and 2
and its end point differ from ours.

Run ``python benchmarks/bench_logit.py`` (``--quick`` for fewer games).  Prints Markdown.
"""

from __future__ import annotations

import argparse
import statistics
import sys

import numpy as np
from _timing import median_and_result

from dualdilemma import NormalFormGame
from dualdilemma.solvers.logit import logit_path, logit_solve

LAMBDAS = [0.5, 1.0, 2.0]


def random_games(shape: tuple[int, ...], count: int) -> list[np.ndarray]:
    out = []
    for seed in range(count):
        rng = np.random.default_rng(1000 * len(shape) + 10 * sum(shape) + seed)
        out.append(np.round(rng.normal(size=(len(shape), *shape)), 6))
    return out


def fixed_games() -> dict[str, np.ndarray]:
    fold = np.array([[[73, 16, 46], [-44, 18, 80]], [[-60, 20, -89], [-29, 27, 52]]], float)
    nine = np.zeros((3, 2, 2, 2))
    nine[:, 0, 0, 0], nine[:, 1, 1, 0] = (9, 8, 12), (9, 8, 2)
    nine[:, 1, 0, 1], nine[:, 0, 1, 1] = (3, 4, 6), (3, 4, 6)
    return {"fold 2x3 (issue 16)": fold, "McKelvey-McLennan 2x2x2": nine}


def flat(profile, game) -> np.ndarray:
    return np.array([float(profile[s]) for player in game.players for s in player.strategies])


def compare(label: str, games: list[np.ndarray], repeats: int, gbt) -> tuple[dict, list[str]]:
    notes: list[str] = []
    times = {"ours_solve": [], "gambit_solve": [], "ours_path": [], "gambit_path": []}
    agree_solve = agree_path = 0
    for index, payoffs in enumerate(games):
        game = NormalFormGame(payoffs)
        gambit_game = gbt.Game.from_arrays(*payoffs)
        seconds, ours = median_and_result(lambda g=game: logit_solve(g), repeats, warmup=True)
        times["ours_solve"].append(seconds)
        seconds, theirs = median_and_result(
            lambda g=gambit_game: gbt.nash.logit_solve(g), repeats, warmup=True
        )
        times["gambit_solve"].append(seconds)
        if ours.converged and theirs.equilibria:
            gap = np.max(
                np.abs(
                    np.concatenate(ours[0].as_arrays()) - flat(theirs.equilibria[0], gambit_game)
                )
            )
            agree_solve += gap < 1e-4
            if gap >= 1e-4:
                notes.append(f"{label} #{index}: limits differ by {gap:.2g}")
        else:
            notes.append(f"{label} #{index}: ours converged={ours.converged}")
        seconds, branch = median_and_result(
            lambda g=game: logit_path(g, lambdas=LAMBDAS), repeats, warmup=True
        )
        times["ours_path"].append(seconds)
        seconds, points = median_and_result(
            lambda g=gambit_game: gbt.qre.logit_solve_lambda(g, lam=LAMBDAS), repeats, warmup=True
        )
        times["gambit_path"].append(seconds)
        first = {}
        for k, lam in enumerate(branch.lambdas):
            first.setdefault(float(lam), branch.profiles[k])
        gaps = [
            np.max(np.abs(first[lam] - flat(q.profile, gambit_game)))
            for lam, q in zip(LAMBDAS, points, strict=True)
            if lam in first
        ]
        ok = len(gaps) == len(LAMBDAS) and max(gaps) < 1e-6
        agree_path += ok
        if not ok:
            notes.append(
                f"{label} #{index}: branch points differ by {max(gaps, default=np.inf):.2g}"
            )
        if any(count > 1 for _, count in branch.crossings):
            notes.append(f"{label} #{index}: folded branch, crossings {dict(branch.crossings)}")
    row = {key: statistics.median(values) for key, values in times.items()}
    row["agree_solve"], row["agree_path"], row["games"] = agree_solve, agree_path, len(games)
    return row, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer games")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    try:
        import pygambit as gbt
    except ImportError:
        print("pygambit is not installed (pip install -e '.[bench]')", file=sys.stderr)
        return 1
    count = 3 if args.quick else 10
    sets = {
        f"random {'x'.join(map(str, s))}": random_games(s, count)
        for s in [(3, 3), (5, 5), (2, 2, 2), (3, 3, 3), (2, 2, 2, 2)]
    }
    sets.update({name: [payoffs] for name, payoffs in fixed_games().items()})
    print(
        "| games | n | ours solve (ms) | Gambit solve (ms) | ratio | agree | ours path (ms) "
        "| Gambit lambda (ms) | ratio | agree |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    all_notes = []
    for label, games in sets.items():
        print(f"{label}...", file=sys.stderr, flush=True)
        row, notes = compare(label, games, args.repeats, gbt)
        all_notes.extend(notes)
        print(
            f"| {label} | {row['games']} | {1e3 * row['ours_solve']:.1f} | "
            f"{1e3 * row['gambit_solve']:.1f} | {row['ours_solve'] / row['gambit_solve']:.2f} | "
            f"{row['agree_solve']}/{row['games']} | {1e3 * row['ours_path']:.1f} | "
            f"{1e3 * row['gambit_path']:.1f} | {row['ours_path'] / row['gambit_path']:.2f} | "
            f"{row['agree_path']}/{row['games']} |"
        )
    print()
    for note in all_notes or ["no disagreements"]:
        print(f"- {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
