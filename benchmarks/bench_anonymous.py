"""Benchmark: anonymous games (GitHub issue 2).

1. 100,000 identical suppliers (two actions): all pure equilibria (count vectors) and all
   symmetric equilibria of the symmetric export market of MODEL.md section 2 and of a
   volunteer's dilemma; target under 0.1 s each.
2. The same export market with 16 suppliers expanded to its full normal form: our
   ``to_normal_form()`` + ``pure_equilibria`` against pygambit (``Game.from_arrays`` +
   ``enumpure_solve``) and quantecon (``NormalFormGame`` + ``pure_nash_brute``); target ratio
   >= 100x.  All three must find the same pure equilibria.
3. 20 suppliers expanded (2^20 profiles): time and peak memory; target under 1 s and 1 GB.

The export market (MODEL.md s.2, equal suppliers): capacity ``k`` each, harm ``h``, safeguard
``s``, control cost ``c``, business value ``V``, risks ``p0 <= p1``.  With ``E`` exporters the
buyer's needs met are ``Q = min(1, E k)``, each exporter's share ``Q / E``, the leakage
``Q (1 - s)`` and the proliferation probability ``P = p0 + (p1 - p0) Q (1 - s)``; a supplier
earns ``V * share - h * P - c * [control]``.  Below saturation control lowers the risk; once the
others' capacity covers the buyer it only loses the sale, so ``d_k = u(control) - u(export)``
changes sign where the others' capacity reaches the buyer's needs.

Run: ``python benchmarks/bench_anonymous.py`` (``--quick`` for fewer repetitions).
"""

from __future__ import annotations

import argparse
import functools
import gc
import resource
import sys
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
from _timing import median_and_result

from dualdilemma.games.anonymous import AnonymousGame
from dualdilemma.solvers.anonymous import anonymous_pure_equilibria, symmetric_mixed_equilibria
from dualdilemma.solvers.pure_nash import pure_equilibria


def export_market(
    num_suppliers: int,
    *,
    k: float,
    h: float = 10.0,
    s: float = 0.5,
    c: float = 0.1,
    value: float = 1.0,
    p0: float = 0.05,
    p1: float = 0.55,
) -> AnonymousGame:
    """Symmetric export market, actions (control, export); column = others exporting."""

    def payoff(j: int, counts: np.ndarray) -> np.ndarray:
        exporters = counts[:, 1] + (1 if j == 1 else 0)
        met = np.minimum(1.0, exporters * k)
        share = met / np.maximum(exporters, 1) if j == 1 else 0.0
        risk = p0 + (p1 - p0) * met * (1.0 - s)
        return value * share - h * risk - (c if j == 0 else 0.0)

    return AnonymousGame.from_function(
        num_suppliers, ["control", "export"], payoff, title="symmetric export market"
    )


def volunteers_dilemma(num_players: int, benefit: float = 4.0, cost: float = 1.0) -> AnonymousGame:
    """Diekmann (1985): the good is provided if at least one volunteers."""

    def payoff(j: int, counts: np.ndarray) -> np.ndarray:
        if j == 0:
            return np.full(len(counts), benefit - cost)
        return np.where(counts[:, 0] > 0, benefit, 0.0)

    return AnonymousGame.from_function(num_players, ["volunteer", "ignore"], payoff)


#: (median seconds, last result), with a garbage collection before each timed call.
median_seconds = functools.partial(median_and_result, collect=True)


def pure_profiles_gambit(game: AnonymousGame) -> tuple[Callable[[], Any], Callable[[Any], set]]:
    import pygambit as gbt

    tensor = game.to_normal_form().payoffs
    arrays = [tensor[i] for i in range(game.num_players)]

    def run() -> Any:
        g = gbt.Game.from_arrays(*arrays)
        return g, gbt.nash.enumpure_solve(g)

    def profiles(out: Any) -> set:
        g, result = out
        found = set()
        for eq in result.equilibria:
            found.add(
                tuple(
                    next(i for i, st in enumerate(player.strategies) if eq[st] == 1)
                    for player in g.players
                )
            )
        return found

    return run, profiles


def pure_profiles_quantecon(
    game: AnonymousGame,
) -> tuple[Callable[[], Any], Callable[[Any], set]]:
    import quantecon.game_theory as qgt

    profile_array = np.moveaxis(game.to_normal_form().payoffs, 0, -1).copy()

    def run() -> Any:
        return qgt.pure_nash_brute(qgt.NormalFormGame(profile_array))

    return run, lambda out: {tuple(int(a) for a in p) for p in out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7
    rows: list[tuple[str, str, str, str]] = []

    # 1. 100,000 players ------------------------------------------------------------------
    n_big = 100_000
    big_games = {
        "export market (k=1/2000, c=2e-4)": lambda: export_market(n_big, k=1 / 2000, c=2e-4),
        "volunteer's dilemma (b=4, c=1)": lambda: volunteers_dilemma(n_big),
    }
    for name, build in big_games.items():
        t_build, game = median_seconds(build, repeat)
        t_pure, pure = median_seconds(lambda g=game: anonymous_pure_equilibria(g), repeat)
        t_sym, sym = median_seconds(lambda g=game: symmetric_mixed_equilibria(g), repeat)
        total = t_pure + t_sym
        summary = (
            f"{len(pure)} pure (counts {[eq.counts for eq in pure][:3]}), {len(sym)} symmetric "
            f"(p = {[round(eq.profile[0][1], 6) for eq in sym]}), complete={sym.complete}"
        )
        rows.append(
            (
                f"{n_big:,} players, {name}: pure + symmetric",
                f"{total * 1e3:.1f} ms (build {t_build * 1e3:.1f} ms)",
                "target < 100 ms: " + ("met" if total < 0.1 else "MISSED"),
                summary,
            )
        )

    # 2. N = 16 expanded: ours vs pygambit vs quantecon --------------------------------
    n_mid = 16
    game16 = export_market(n_mid, k=1 / 5, c=0.1)

    def ours() -> Any:
        return pure_equilibria(game16.to_normal_form())

    t_ours, res_ours = median_seconds(ours, repeat)
    ours_set = {eq.pure_profile() for eq in res_ours}
    t_anon, res_anon = median_seconds(lambda: anonymous_pure_equilibria(game16), repeat)
    rows.append(
        (
            f"{n_mid} suppliers expanded: to_normal_form + pure_equilibria",
            f"{t_ours * 1e3:.1f} ms",
            "baseline",
            f"{len(ours_set)} pure equilibria; anonymous solver {t_anon * 1e3:.2f} ms "
            f"({[eq.counts for eq in res_anon]})",
        )
    )
    for label, factory in (
        ("pygambit Game.from_arrays + enumpure_solve", pure_profiles_gambit),
        ("quantecon NormalFormGame + pure_nash_brute", pure_profiles_quantecon),
    ):
        try:
            run, profiles = factory(game16)
        except ImportError as exc:  # pragma: no cover - optional anchors
            rows.append((label, "n/a", "n/a", f"not installed: {exc}"))
            continue
        t_theirs, out = median_seconds(run, max(1, repeat // 3))
        agree = profiles(out) == ours_set
        ratio = t_theirs / t_ours
        rows.append(
            (
                f"{n_mid} suppliers expanded: {label}",
                f"{t_theirs * 1e3:.1f} ms",
                f"ours {ratio:.0f}x faster (target >= 100x: {'met' if ratio >= 100 else 'MISSED'})",
                f"same equilibria: {agree}",
            )
        )

    # 3. N = 20 expanded: time and memory -------------------------------------------------
    n_large = 20
    game20 = export_market(n_large, k=1 / 5, c=0.1)
    t_expand, nf20 = median_seconds(game20.to_normal_form, repeat)
    t_pure20, res20 = median_seconds(lambda nf=nf20: pure_equilibria(nf), repeat)
    nf20 = None
    gc.collect()
    tracemalloc.start()
    pure_equilibria(game20.to_normal_form())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    total20 = t_expand + t_pure20
    rows.append(
        (
            f"{n_large} suppliers expanded (2^{n_large} profiles): "
            "to_normal_form + pure_equilibria",
            f"{total20 * 1e3:.0f} ms (expand {t_expand * 1e3:.0f} + solve {t_pure20 * 1e3:.0f})",
            "target < 1 s: "
            + ("met" if total20 < 1.0 else "MISSED")
            + f"; peak {peak / 2**20:.0f} MiB traced (target < 1 GiB: "
            + ("met" if peak < 2**30 else "MISSED")
            + ")",
            f"{len(res20)} pure equilibria; max RSS of the whole benchmark process "
            f"(pygambit included) {rss:.0f} MiB",
        )
    )

    print("## Anonymous games benchmark (issue 2)\n")
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}; medians of {repeat} runs\n")
    print("| case | time | target / ratio | result |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print("\nRerun: `python benchmarks/bench_anonymous.py` (add `--quick` for fewer repetitions)")


if __name__ == "__main__":
    main()
