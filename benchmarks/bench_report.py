"""Benchmark: ``dualdilemma report`` on large heterogeneous markets (48, 100, 200 suppliers).

The issue: a 200-supplier report took 60-90 s.  Markets are drawn in two families:

* "dominant": harms are small beside the value of the business, so exporting is every
  supplier's strict best reply (the outsiders of any cartel all export);
* "mixed": as "dominant", but three small suppliers with a very large harm may control of
  their own accord, so the outsiders' games and the stage game have to be solved.

Each scenario carries a discount factor and a historical regime (the first half of the
suppliers), so every section of the report runs.  Printed per market: the wall time of
``dualdilemma report FILE --format json`` in a fresh process (the issue's figure, imports
included), and of one in-process report with a breakdown by section (pure equilibria,
dual-dilemma table, cartels, history, symbolic conditions, design, verdict), after a warm-up
report on a small market (imports, compiled model functions); the symbolic conditions' caches
are cleared before each, so their column is a fresh process's cost.  One run per market: the
figures are seconds, not medians.

Run: python benchmarks/bench_report.py [--quick]
"""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np
from _timing import timed_runs

from dualdilemma.analysis.dual_dilemma import _lone_switch_effects
from dualdilemma.reporting import scenario_report as sr
from dualdilemma.scenarios import parse_scenario

FAMILIES = ("dominant", "mixed")


def scenario_text(n: int, family: str, seed: int = 0) -> str:
    """The TOML of a random market of ``n`` suppliers of ``family`` (seeded).

    The shape of today's regimes: six large suppliers (capacities 1/5 to 3/5) and a long tail
    of small ones whose capacities add up to about 0.45 whatever ``n``, so that a few of the
    large ones can close the market (the minimal effective cartels stay few) while the tail
    makes the report's per-supplier work grow with ``n``.  Safeguards are tenths (many ties),
    harms integers; in "mixed" suppliers 6-8 of the tail have harm 400 on a value of 10.
    """
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {FAMILIES}, got {family!r}")
    rng = np.random.default_rng(seed)
    lines = [
        "[scenario]",
        f'name = "random-{family}-{n}"',
        f'title = "Random {family} market of {n} suppliers (seed {seed})"',
        "",
        "[market]",
        "value = 10",
        'risk_without_supply = "1/10"',
        'risk_with_supply = "9/10"',
        'tolerance = "1/5"',
        'discount = "19/20"',
        'detection = "4/5"',
    ]
    for i in range(n):
        if i < 6:
            capacity = f"{int(rng.integers(20, 61))}/100"
        else:
            capacity = f"{int(rng.integers(1, 9))}/{10 * n}"
        harm = int(rng.integers(1, 6))
        if family == "mixed" and 6 <= i < 9:
            harm = 400
        lines += [
            "",
            "[[supplier]]",
            f'name = "S{i}"',
            f'capacity = "{capacity}"',
            f"harm = {harm}",
            f'safeguard = "{int(rng.integers(3, 10))}/10"',
            f'control_cost = "{int(rng.integers(0, 3))}/10"',
        ]
    members = ", ".join(f'"S{i}"' for i in range(n // 2))
    lines += ["", "[regime]", 'name = "Random regime"', "year = 2000", f"members = [{members}]"]
    return "\n".join(lines) + "\n"


#: (label, module, attribute) of each timed section of ``scenario_report``.
SECTIONS = (
    ("pure equilibria", "dualdilemma.reporting.scenario_report", "_equilibria_sections"),
    ("dual-dilemma table", "dualdilemma.reporting.scenario_report", "_unilateral"),
    ("cartels", "dualdilemma.reporting.scenario_report", "_cartel_section"),
    ("history", "dualdilemma.fit.history_section", "history_section"),
    ("conditions", "dualdilemma.reporting.scenario_report", "model_conditions"),
    ("design", "dualdilemma.design.report", "design_section"),
    ("verdict", "dualdilemma.reporting.scenario_report", "with_verdict"),
)


def section_times(scenario: Any) -> tuple[float, dict[str, float]]:
    """Wall seconds of one report on ``scenario`` and of each of its :data:`SECTIONS`.

    The sections are timed by wrapping the functions the report calls; the symbolic
    conditions' cache is cleared first, so their cost is that of a fresh ``dualdilemma report``
    process.
    """
    import importlib

    spent = dict.fromkeys((label for label, _, _ in SECTIONS), 0.0)
    saved = []

    def timing(label: str, func: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - start

        return timed

    for label, module_name, attribute in SECTIONS:
        module = importlib.import_module(module_name)
        original = getattr(module, attribute)
        saved.append((module, attribute, original))
        setattr(module, attribute, timing(label, original))
    sr._CONDITIONS.clear()
    _lone_switch_effects.cache_clear()
    try:
        start = time.perf_counter()
        sr.scenario_report(scenario)
        total = time.perf_counter() - start
    finally:
        for module, attribute, original in saved:
            setattr(module, attribute, original)
    return total, spent


_CLI = "import sys; from dualdilemma.cli import main; sys.exit(main())"


def cli_seconds(text: str) -> float:
    """Wall seconds of ``dualdilemma report FILE --format json`` in a fresh process (imports
    and all), the figure the issue reports."""
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "market.toml"
        path.write_text(text, encoding="utf-8")
        runs = timed_runs(
            lambda: subprocess.run(
                [sys.executable, "-c", _CLI, "report", str(path), "--format", "json"],
                check=True,
                capture_output=True,
            ),
            1,
        )
    return runs.median


def main(quick: bool = False) -> None:
    sizes = (48,) if quick else (48, 100, 200)
    labels = [label for label, _, _ in SECTIONS]
    print("| market | CLI (s) | report (s) | " + " | ".join(labels) + " |")
    print("|---|" + "---:|" * (2 + len(labels)))
    warm = parse_scenario(scenario_text(12, "mixed"), name="warm-up")
    sr.scenario_report(warm)  # imports, compiled model functions
    for n in sizes:
        for family in FAMILIES:
            text = scenario_text(n, family, seed=n)
            scenario = parse_scenario(text, name=f"{family}-{n}")
            total, spent = section_times(scenario)
            cli = cli_seconds(text)
            parts = " | ".join(f"{spent[label]:.2f}" for label in labels)
            print(f"| {family} N={n} | {cli:.2f} | {total:.2f} | {parts} |", flush=True)


if __name__ == "__main__":
    main(quick="--quick" in sys.argv[1:])
