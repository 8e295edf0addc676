"""Benchmark of ``dualdilemma fit``: the vectorised founding rule against the scalar search.

Run: ``python benchmarks/bench_fit.py [--samples N] [--scalar M]``.  It times, on one core:

* the batch evaluation of ``N`` Sobol draws (default 2^16) of the nsg-1975 copy with priors in
  ``tests/data`` (founding group, leader's verdict; the fit's main pass, without the Sobol
  sensitivity pass, which doubles the work);
* the package's scalar search (:func:`~dualdilemma.cartels.sustainable.smallest_sustainable_cartel`)
  on ``M`` of the same draws, as the anchor; the ratio is per draw.  For 15 suppliers the
  scalar search is its non-exhaustive "grown from the minimal cartels" path, so the anchor
  is faster per draw than an exhaustive scalar search would be;
* the whole ``fit_scenario`` (with sensitivity) on 2^12 draws.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

from _timing import timed_runs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "tests" / "data" / "nsg-1975-priors.toml"


def main(argv: list[str] | None = None) -> int:
    import numpy as np

    from dualdilemma.fit import fit_scenario
    from dualdilemma.fit.evaluate import _batch, _scalar_founding, evaluate_draws, fit_spec
    from dualdilemma.fit.sampling import draw_values
    from dualdilemma.scenarios import load_scenario

    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=2**16)
    parser.add_argument("--scalar", type=int, default=8)
    args = parser.parse_args(argv)
    scenario = load_scenario(SCENARIO)
    spec = fit_spec(scenario)
    values = draw_values(scenario.priors, args.samples, seed=0)

    def batch_pass():
        parts = [evaluate_draws(spec, values[i : i + 4096]) for i in range(0, len(values), 4096)]
        return np.concatenate([p["status"] for p in parts])

    runs = timed_runs(batch_pass, 1)
    status = runs.result
    batch_per_draw = runs.median / args.samples
    print(
        f"batch: {args.samples} draws of nsg-1975 (15 suppliers, {len(scenario.priors)} priors) "
        f"in {runs.median:.1f} s wall ({runs.median_cpu:.1f} s CPU); "
        f"{1e3 * batch_per_draw:.3f} ms per draw; status counts {np.bincount(status).tolist()}"
    )
    markets, _ = _batch(spec, values[: args.scalar])
    scalar = timed_runs(
        lambda: [_scalar_founding(markets, row) for row in range(args.scalar)],
        1,
    )
    scalar_per_draw = scalar.median / args.scalar
    print(
        f"scalar anchor (smallest_sustainable_cartel): {args.scalar} draws in "
        f"{scalar.median:.1f} s, {1e3 * scalar_per_draw:.1f} ms per draw; "
        f"ratio scalar/batch per draw: {scalar_per_draw / batch_per_draw:.0f}x"
    )
    whole = timed_runs(
        lambda: fit_scenario(scenario, samples=2**12, seed=0, progress=False),
        1,
    )
    print(f"fit_scenario with sensitivity, 2^12 draws: {whole.median:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
