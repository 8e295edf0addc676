"""Benchmark: reading a big Gambit .nfg file and solving it, end to end, in fresh processes.

Issue 12 item 5: ``dualdilemma solve FILE`` on the 16-player export game written as a
payoff-list NFG file (:math:`2^{16}` profiles, :math:`2^{20}` payoffs) against a fresh
``python -c`` running pygambit's ``read_nfg`` and ``enumpure_solve``.  Both sides pay the
interpreter's start-up and their imports, as a user does.

The game is the package's export market (MODEL s.2) with 16 seeded heterogeneous suppliers,
written by :func:`dualdilemma.io.nfg.write_nfg` as a float (``D``) game: 17-digit decimals,
read exactly by both programs.  Agreement is checked: both must report the same pure
equilibria.

Rows: ``solve --method pure`` (the like-for-like comparison with ``enumpure_solve``), the
default ``solve`` (all equilibria: dominance, then the enumeration; exact), and reading alone
(the in-process split printed last).  Times are medians of
``--repeats`` runs.

Run ``python benchmarks/bench_nfg.py`` (``--players 12`` for a quicker run).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

from dualdilemma.io.nfg import write_nfg
from dualdilemma.models.export_market import ExportMarket, Supplier

GAMBIT = """
import sys, pygambit as gbt
game = gbt.read_nfg(sys.argv[1])
result = gbt.nash.enumpure_solve(game)
profiles = []
for eq in result.equilibria:
    profiles.append([
        [i for i, s in enumerate(player.strategies) if eq[s] == 1][0]
        for player in game.players
    ])
print(sorted(profiles))
"""


def export_game(players: int, seed: int, path: Path) -> None:
    rng = np.random.default_rng(seed)
    suppliers = [
        Supplier(
            f"S{i + 1}",
            capacity=Fraction(int(rng.integers(1, 20)), 100),
            harm=Fraction(int(rng.integers(0, 30))),
            safeguard=Fraction(int(rng.integers(0, 10)), 10),
        )
        for i in range(players)
    ]
    market = ExportMarket(10, Fraction(1, 20), Fraction(9, 10), suppliers)
    write_nfg(market.game(exact=False), path)


def timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout


def ours_pure(stdout: str) -> list[list[int]]:
    data = json.loads(stdout)
    return sorted([int(np.argmax(p)) for p in eq["profile"]] for eq in data["equilibria"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export{args.players}.nfg"
        export_game(args.players, args.seed, path)
        size = path.stat().st_size
        print(
            f"{path.name}: {args.players} players, {2**args.players} profiles, "
            f"{size / 2**20:.1f} MiB; medians of {args.repeats} fresh processes"
        )
        ours = [sys.executable, "-m", "dualdilemma.cli", "solve", str(path), "--format", "json"]
        rows = {
            "gambit read_nfg + enumpure_solve": [sys.executable, "-c", GAMBIT, str(path)],
            "dualdilemma solve --method pure": [*ours, "--method", "pure"],
            "dualdilemma solve (all, default)": ours,
        }
        times: dict[str, float] = {}
        outputs: dict[str, str] = {}
        for label, command in rows.items():
            runs = []
            for _ in range(args.repeats):
                seconds, outputs[label] = timed(command)
                runs.append(seconds)
            times[label] = statistics.median(runs)
        gambit_label = "gambit read_nfg + enumpure_solve"
        reference = outputs[gambit_label].strip()
        for label, seconds in times.items():
            ratio = "" if label == gambit_label else f"  {times[gambit_label] / seconds:5.1f}x"
            print(f"  {label:<36} {seconds:8.2f} s{ratio}")
        pure = ours_pure(outputs["dualdilemma solve --method pure"])
        agree = str(pure) == reference
        print(
            f"pure equilibria: ours {pure}, gambit {reference}: {'agree' if agree else 'DISAGREE'}"
        )
        # where our time goes, in one process
        from dualdilemma.io.nfg import read_nfg
        from dualdilemma.solvers.solve import solve

        start = time.perf_counter()
        game = read_nfg(path)
        read = time.perf_counter() - start
        solve(game, "pure")
        pure_seconds = time.perf_counter() - start - read
        print(f"in process: read_nfg {read:.2f} s, pure equilibria {pure_seconds:.2f} s")


if __name__ == "__main__":
    main()
