"""dualdilemma fit: known answers in closed form, determinism, the Dask path and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from dualdilemma.cli import main
from dualdilemma.errors import InvalidParameterError
from dualdilemma.fit import fit_scenario
from dualdilemma.fit.render import plot_marginals, render_fit
from dualdilemma.scenarios import parse_scenario

# Two large suppliers A and B (capacity 1/2 each, safeguard 1/2) and a small unsafeguarded C.
# With A and B controlling, the leakage is C's capacity k_C (it sells all it has), so {A, B} is
# effective iff k_C <= tau = 1/10; any single supplier leaves leakage above 1/10.  With k_C
# uniform on [1/20, 1/5], the founders {A, B} are reproduced with probability
# (1/10 - 1/20) / (1/5 - 1/20) = 1/3, and the posterior of k_C is uniform on [1/20, 1/10].
THRESHOLD = """
[market]
value = 10
risk_without_supply = 0
risk_with_supply = 1
tolerance = 0.1
discount = 0.9
[[supplier]]
name = "A"
capacity = 0.5
harm = 20
safeguard = 0.5
[[supplier]]
name = "B"
capacity = 0.5
harm = 20
safeguard = 0.5
[[supplier]]
name = "C"
capacity = 0.1
harm = 1
safeguard = 0
[regime]
name = "test club"
members = ["A", "B"]
[priors."supplier.C.capacity"]
low = 0.05
high = 0.2
rationale = "test"
source = "test"
"""

PATHS = """
[capacity_paths]
years = [1980, 1990, 2000]
C = [0.05, 0.3, 0.6]
[priors."paths.C"]
low = 0.5
high = 1.5
group = "paths"
rationale = "test"
source = "test"
"""


@pytest.fixture(scope="module")
def threshold_fit():
    return fit_scenario(parse_scenario(THRESHOLD), samples=1024, seed=3, sensitivity=False)


def test_share_reproducing_the_founders_is_the_interval_ratio(threshold_fit) -> None:
    exact = threshold_fit.founding["exact"]
    # 1-D scrambled Sobol points put exactly one point in each [i/n, (i+1)/n)
    assert abs(exact["share"] - 1 / 3) <= 1 / 1024
    low, high = exact["interval"]
    assert low < 1 / 3 < high
    assert threshold_fit.founding["size"]["share"] == exact["share"]


def test_posterior_is_uniform_on_the_sub_interval(threshold_fit) -> None:
    chosen = threshold_fit.draws[threshold_fit.reproduces, 0]
    assert chosen.max() <= 0.1 + 1e-12
    assert chosen.min() >= 0.05
    assert stats.kstest(chosen, stats.uniform(0.05, 0.05).cdf).pvalue > 0.05
    marginal = threshold_fit.posterior["marginals"]["supplier.C.capacity"]["posterior"]
    assert marginal["mean"] == pytest.approx(0.075, abs=1e-3)
    rejected = threshold_fit.draws[~threshold_fit.reproduces, 0]
    assert rejected.min() > 0.1


def test_fit_is_deterministic_for_a_seed() -> None:
    scenario = parse_scenario(THRESHOLD + PATHS)
    one = fit_scenario(scenario, samples=64, seed=5, accessions=[("C", 1990)])
    two = fit_scenario(scenario, samples=64, seed=5, accessions=[("C", 1990)])
    other = fit_scenario(scenario, samples=64, seed=6, accessions=[("C", 1990)])
    assert one.to_dict() == two.to_dict()
    assert np.array_equal(one.draws, two.draws)
    assert not np.array_equal(one.draws, other.draws)
    json.loads(render_fit(one, "json"))


def test_out_of_sample_beside_the_capacity_baseline() -> None:
    scenario = parse_scenario(THRESHOLD + PATHS)
    result = fit_scenario(scenario, samples=256, seed=1, accessions=[("C", 1990)])
    oos = result.out_of_sample
    assert oos["draws"] == int(result.reproduces.sum()) > 0
    # C grows past the tolerance by 1990 in every draw (factor >= 1/2: 0.15 > 0.1), so the
    # theory predicts its accession in 1990 or it never joins; one accession has no rank order
    theory = oos["theory"]
    assert theory["within_years_share"] + theory["never_join_share"] == pytest.approx(1.0)
    assert oos["capacity_order_baseline"]["within_years_share"] == 1.0


def test_sensitivity_known_answer() -> None:
    # the path factor of C acts only after the founding year: the founding size depends on the
    # capacity group alone, so its indices are 1 and those of the paths group 0
    scenario = parse_scenario(THRESHOLD + PATHS)
    result = fit_scenario(scenario, samples=1024, seed=0, accessions=[("C", 1990)])
    groups = result.sensitivity["groups"]
    assert set(groups) == {"capacity", "paths"}
    assert groups["capacity"]["first_order"] == pytest.approx(1.0, abs=0.1)
    assert groups["capacity"]["total"] == pytest.approx(1.0, abs=0.1)
    assert abs(groups["paths"]["first_order"]) < 0.05
    assert groups["paths"]["total"] < 0.05


def test_samples_must_be_a_power_of_two() -> None:
    with pytest.raises(InvalidParameterError, match="power of two"):
        fit_scenario(parse_scenario(THRESHOLD), samples=1000)


def test_a_scenario_without_priors_is_an_error() -> None:
    text = THRESHOLD.split("[priors.")[0]
    with pytest.raises(InvalidParameterError, match="no \\[priors\\]"):
        fit_scenario(parse_scenario(text), samples=16)


def test_dask_gives_the_same_output() -> None:
    distributed = pytest.importorskip("distributed")
    scenario = parse_scenario(THRESHOLD + PATHS)
    local = fit_scenario(scenario, samples=128, seed=2, chunk_size=32, accessions=[("C", 1990)])
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = fit_scenario(
            scenario,
            samples=128,
            seed=2,
            chunk_size=32,
            client=client,
            accessions=[("C", 1990)],
        )
    assert remote.to_dict() == local.to_dict()


def test_cli_fit_json_and_plot(tmp_path: Path, capsys) -> None:
    path = tmp_path / "club.toml"
    path.write_text(THRESHOLD)
    png = tmp_path / "posterior.png"
    code = main(
        [
            "fit",
            str(path),
            "--samples",
            "64",
            "--format",
            "json",
            "--no-sensitivity",
            "--plot",
            str(png),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    assert data["founding"]["historical"] == ["A", "B"]
    assert png.stat().st_size > 1000
    assert main(["fit", str(path), "--samples", "64", "--no-sensitivity"]) == 0
    assert "reproducing the founders" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--samples", "100"], "power of two"),
        (["--dask", "tcp://127.0.0.1:1"], "Dask scheduler"),
    ],
)
def test_cli_errors_are_one_line(tmp_path: Path, capsys, arguments, message) -> None:
    path = tmp_path / "club.toml"
    path.write_text(THRESHOLD)
    assert main(["fit", str(path), *arguments]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_plot_without_posterior(tmp_path: Path) -> None:
    result = fit_scenario(parse_scenario(THRESHOLD), samples=16, sensitivity=False)
    assert plot_marginals(result, tmp_path / "p.png").exists()


# C is smaller than D at the founding but grows first: joining in order of capacity gets the
# order backwards, the theory (which follows the paths) gets it right
EMERGING = """
[market]
value = 10
risk_without_supply = 0
risk_with_supply = 1
tolerance = 0.1
discount = 0.9
[[supplier]]
name = "A"
capacity = 0.5
harm = 20
safeguard = 0.5
[[supplier]]
name = "B"
capacity = 0.5
harm = 20
safeguard = 0.5
[[supplier]]
name = "C"
capacity = 0.02
harm = 10
safeguard = 0
[[supplier]]
name = "D"
capacity = 0.05
harm = 10
safeguard = 0
[regime]
name = "test club"
members = ["A", "B"]
[capacity_paths]
years = [1980, 1985, 1990]
C = [0.02, 0.3, 0.3]
D = [0.05, 0.05, 0.3]
[priors."supplier.A.harm"]
low = 15
high = 25
rationale = "test"
source = "test"
"""


def test_out_of_sample_theory_beats_the_capacity_baseline_when_paths_cross() -> None:
    result = fit_scenario(
        parse_scenario(EMERGING),
        samples=64,
        sensitivity=False,
        accessions=[("C", 1985), ("D", 1990)],
    )
    oos = result.out_of_sample
    assert oos["draws"] > 0
    assert oos["theory"]["spearman_mean"] == 1.0
    assert oos["theory"]["kendall_mean"] == 1.0
    assert oos["theory"]["within_years_share"] == 1.0
    assert oos["capacity_order_baseline"]["spearman_mean"] == -1.0
    assert oos["capacity_order_baseline"]["within_years_share"] == 0.0


def test_progress_bar_does_not_change_the_result(capsys) -> None:
    scenario = parse_scenario(THRESHOLD)
    quiet = fit_scenario(scenario, samples=64, seed=1, sensitivity=False, progress=False)
    shown = fit_scenario(
        scenario, samples=64, seed=1, sensitivity=False, progress=True, chunk_size=16
    )
    assert quiet.to_dict() == shown.to_dict()
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "fit" in captured.err


def test_json_has_no_nan() -> None:
    from dualdilemma.fit.render import _finite

    assert _finite({"a": [float("nan"), 1.0], "b": float("inf")}) == {"a": [None, 1.0], "b": None}


def test_minmax_punishment_goes_through_the_scalar_search() -> None:
    scenario = parse_scenario(
        THRESHOLD.replace("discount = 0.9", 'discount = 0.9\npunishment = "minmax"')
    )
    result = fit_scenario(scenario, samples=16, sensitivity=False)
    assert any("scalar search" in note for note in result.diagnostics)
    # C's capacity still decides: the founders need k_C <= 1/10
    reproduced = result.draws[result.reproduces, 0]
    assert reproduced.size > 0 and reproduced.max() <= 0.1


def test_historical_accessions_read_the_participant_tables_and_earlier_names():
    from dualdilemma.fit import historical_accessions
    from dualdilemma.scenarios import load_scenario

    # the official NSG table: Argentina 1994, Brazil 1996, China 2004
    assert historical_accessions(load_scenario("nsg-1991")) == (
        ("Argentina", 1994),
        ("Brazil", 1996),
        ("China", 2004),
    )
    # the MTCR lists Russia, which the 1987 scenario calls the Soviet Union
    mtcr = dict(historical_accessions(load_scenario("mtcr-1987")))
    assert mtcr["Soviet Union"] == 1995 and mtcr["Argentina"] == 1993


def test_nsg_1978_accessions_are_the_official_adherence_years() -> None:
    """Typed from data/history/participants.csv: the adherents of 1979-1991 and the non-members
    that joined later (Australia adhered in 1978, the scenario's own year: not an accession)."""
    from dualdilemma.fit import historical_accessions
    from dualdilemma.scenarios import load_scenario

    expected = (
        ("Finland", 1980),
        ("Bulgaria", 1984),
        ("Hungary", 1985),
        ("Spain", 1988),
        ("Norway", 1989),
        ("Romania", 1990),
        ("Austria", 1991),
        ("Argentina", 1994),
        ("South Africa", 1995),
        ("Brazil", 1996),
        ("China", 2004),
    )
    assert tuple(historical_accessions(load_scenario("nsg-1978"))) == expected
