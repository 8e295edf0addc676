"""Regime dynamics (MODEL s.5): moments, regime tables, the vectorised Monte Carlo, comparisons,
plots and the ``dualdilemma simulate`` command."""

from __future__ import annotations

import itertools
import json
import math
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma.cli import main
from dualdilemma.dynamics import (
    NORMAL_KURTOSIS,
    NORMAL_L_KURTOSIS,
    RegimeTables,
    ShockDynamics,
    compare_with_history,
    demonstration_setting,
    founding_comparison,
    kurtosis,
    kurtosis_comparison,
    kurtosis_from_counts,
    l_kurtosis,
    l_kurtosis_from_counts,
    l_moments,
    l_moments_from_counts,
    lag_comparison,
    load_setting,
    plot_simulation,
    regime_tables,
    setting_from_scenario,
    simulate,
)
from dualdilemma.dynamics.simulation import BLOCK_SIZE
from dualdilemma.errors import InvalidParameterError
from dualdilemma.history import regime
from dualdilemma.models.export_market import ExportMarket, Supplier

THREE = ExportMarket(
    10,
    0,
    1,
    [Supplier("A", "1/2", 20, "1/2"), Supplier("B", "1/2", 20, "1/2"), Supplier("C", "1/10", 5, 0)],
)
#: the fringe supplier C grows in 1980: the pair's gap opens from 0.1 to 0.3
THREE_PATHS = {"C": ["1/10"] * 10 + ["3/10"] * 30}


@pytest.fixture(scope="module")
def three_tables() -> RegimeTables:
    return regime_tables(THREE, THREE_PATHS, discount="9/10", start_year=1970)


@pytest.fixture(scope="module")
def demo_tables() -> RegimeTables:
    demo = demonstration_setting()
    return regime_tables(
        demo.market, demo.capacity_paths, discount=demo.discount, start_year=demo.start_year,
        years=30,
    )  # fmt: skip


# -- moments --------------------------------------------------------------------------------------
def _brute_l_moments(x: list[float]) -> tuple[float, float, float, float]:
    """Sample L-moments from their definition as averages over ordered subsamples (Hosking 1990,
    eq. 2.1-2.4): l_r is the mean over all r-subsets of a contrast of their order statistics."""
    xs = sorted(x)
    out = []
    for r, weights in ((1, (1,)), (2, (-1, 1)), (3, (1, -2, 1)), (4, (-1, 3, -3, 1))):
        total = sum(
            sum(w * xs[i] for w, i in zip(weights, combo, strict=True))
            for combo in itertools.combinations(range(len(xs)), r)
        )
        out.append(total / math.comb(len(xs), r) / r)
    return tuple(out)


samples = st.lists(st.integers(-6, 6), min_size=4, max_size=9)


@settings(max_examples=60, deadline=None)
@given(samples)
def test_l_moments_equal_their_subset_definition_and_scipy(x: list[int]) -> None:
    ours = l_moments(x)
    assert ours == pytest.approx(_brute_l_moments(x), abs=1e-12)
    assert ours == pytest.approx(
        scipy.stats.lmoment(x, order=[1, 2, 3, 4], standardize=False), abs=1e-12
    )


@settings(max_examples=60, deadline=None)
@given(samples)
def test_histogram_moments_equal_the_expanded_sample(x: list[int]) -> None:
    values, counts = np.unique(x, return_counts=True)
    assert l_moments_from_counts(values, counts) == pytest.approx(l_moments(x), abs=1e-12)
    k, t4 = kurtosis(x), l_kurtosis(x)
    if np.ptp(x) == 0:
        assert math.isnan(k) and math.isnan(t4)
        assert math.isnan(kurtosis_from_counts(values, counts))
        assert math.isnan(l_kurtosis_from_counts(values, counts))
    else:
        assert k == pytest.approx(scipy.stats.kurtosis(x, fisher=False))
        assert kurtosis_from_counts(values, counts) == pytest.approx(k)
        assert l_kurtosis_from_counts(values, counts) == pytest.approx(t4)


def test_moments_along_an_axis() -> None:
    rng = np.random.default_rng(0)
    x = rng.integers(-3, 4, size=(7, 12))
    assert kurtosis(x, axis=1) == pytest.approx(scipy.stats.kurtosis(x, axis=1, fisher=False))
    assert l_kurtosis(x.T, axis=0) == pytest.approx(scipy.stats.lmoment(x, order=4, axis=1))


@pytest.mark.parametrize(
    ("draw", "tau4", "tolerance"),
    [
        pytest.param(lambda g, n: g.normal(size=n), NORMAL_L_KURTOSIS, 0.004, id="normal"),
        pytest.param(lambda g, n: g.uniform(size=n), 0.0, 0.004, id="uniform"),
        pytest.param(lambda g, n: g.exponential(size=n), 1 / 6, 0.005, id="exponential"),
        pytest.param(lambda g, n: g.logistic(size=n), 1 / 6, 0.005, id="logistic"),
        pytest.param(lambda g, n: g.gumbel(size=n), 0.1504, 0.005, id="gumbel"),
    ],
)
def test_l_kurtosis_of_known_distributions(draw, tau4: float, tolerance: float) -> None:
    """Population L-kurtosis (Hosking 1990, Table 1) recovered from a large sample."""
    sample = draw(np.random.default_rng(42), 400_000)
    assert l_kurtosis(sample) == pytest.approx(tau4, abs=tolerance)


def test_normal_references() -> None:
    assert NORMAL_L_KURTOSIS == pytest.approx(0.122602, abs=1e-6)
    assert kurtosis(np.random.default_rng(5).normal(size=400_000)) == pytest.approx(
        NORMAL_KURTOSIS, abs=0.03
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(lambda: l_moments([1, 2, 3]), "at least 4", id="short"),
        pytest.param(lambda: kurtosis([1]), "at least 2", id="short-kurtosis"),
        pytest.param(lambda: kurtosis([1.0, float("nan")]), "finite", id="nan"),
        pytest.param(lambda: l_moments(["a", "b", "c", "d"]), "real numbers", id="strings"),
        pytest.param(lambda: kurtosis(3.0), "scalar", id="scalar"),
        pytest.param(lambda: kurtosis([[1, 2]], axis=3), "out of range", id="axis"),
        pytest.param(lambda: l_moments_from_counts([1, 2], [1]), "same length", id="lengths"),
        pytest.param(lambda: l_moments_from_counts([1, 2], [1, -1]), ">= 0", id="negative"),
        pytest.param(lambda: l_moments_from_counts([1, 2], [1, 1]), "at least 4", id="few"),
    ],
)
def test_moment_errors(call, message: str) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        call()


# -- parameters -----------------------------------------------------------------------------------
def test_shock_probabilities_summing_to_one_exactly_are_accepted() -> None:
    dynamics = ShockDynamics(shock_base=Fraction(5, 17), shock_gap=Fraction(12, 17))
    assert dynamics.shock_probability(np.array([1.0]))[0] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"shock_base": -0.1}, r"shock_base must be in \[0, 1\]", id="base-low"),
        pytest.param({"shock_base": 1.5}, r"shock_base must be in \[0, 1\]", id="base-high"),
        pytest.param(
            {"shock_base": 0.6, "shock_gap": 0.5},
            r"shock_gap must be in \[0, 0.4\]",
            id="sum-above-one",
        ),
        pytest.param({"decay": 1}, r"decay must be in \[0, 1\)", id="decay-one"),
        pytest.param({"decay": -0.5}, "decay", id="decay-negative"),
        pytest.param({"negotiation_cost": -1}, "negotiation_cost", id="cost"),
        pytest.param({"negotiation_cost": float("inf")}, "negotiation_cost", id="cost-inf"),
        pytest.param({"initial_attention": -1}, "initial_attention", id="attention"),
        pytest.param({"decay": "half"}, "decay must be a number", id="text"),
        pytest.param({"decay": True}, "decay", id="bool"),
    ],
)
def test_shock_dynamics_validation(fields: dict, message: str) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        ShockDynamics(**fields)


def test_shock_dynamics_take_exact_numbers() -> None:
    d = ShockDynamics(shock_base=Fraction(1, 50), shock_gap="3/10", decay="0.7")
    assert (d.shock_base, d.shock_gap, d.decay) == (0.02, 0.3, 0.7)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({}, "needs a seed", id="no-seed"),
        pytest.param({"seed": 1, "rng": np.random.default_rng(1)}, "not both", id="both"),
        pytest.param({"seed": -1}, "seed must be an integer >= 0", id="negative-seed"),
        pytest.param({"seed": 1.5}, "seed must be an integer", id="float-seed"),
        pytest.param({"rng": 3}, "numpy.random.Generator", id="bad-rng"),
        pytest.param({"seed": 1, "histories": 0}, "histories must be", id="histories"),
        pytest.param({"seed": 1, "chunk_size": 0}, "chunk_size", id="chunk"),
        pytest.param({"seed": 1, "keep_paths": "yes"}, "keep_paths", id="keep"),
        pytest.param({"seed": 1, "decay": 2}, "decay", id="decay"),
        pytest.param(
            {"seed": 1, "dynamics": ShockDynamics(), "decay": 0.5},
            "not both",
            id="dynamics-and-field",
        ),
        pytest.param({"seed": 1, "dynamics": {"decay": 0.5}}, "ShockDynamics", id="dynamics"),
    ],
)
def test_simulate_validation(three_tables: RegimeTables, kwargs: dict, message: str) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        simulate(three_tables, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"seed": 1}, "discount is required", id="no-discount"),
        pytest.param({"seed": 1, "discount": 1}, r"discount must be in \[0, 1\)", id="discount"),
        pytest.param(
            {"seed": 1, "discount": 0.9, "years": 3}, "years must be an integer >= 4", id="years"
        ),
        pytest.param({"seed": 1, "discount": 0.9, "tolerance": 2}, "tolerance", id="tolerance"),
        pytest.param({"seed": 1, "discount": 0.9, "detection": 0}, "detection", id="detection"),
        pytest.param(
            {"seed": 1, "discount": 0.9, "initial": ["Z"]}, "unknown supplier 'Z'", id="initial"
        ),
        pytest.param(
            {"seed": 1, "discount": 0.9, "required": ["A", "A"]}, "twice", id="required-twice"
        ),
        pytest.param({"seed": 1, "discount": 0.9, "outsiders": "flee"}, "outsiders", id="reply"),
        pytest.param(
            {"seed": 1, "discount": 0.9, "punishment": "war"}, "punishment", id="punishment"
        ),
        pytest.param(
            {"seed": 1, "discount": 0.9, "capacity_paths": {"Z": [1] * 5}},
            "unknown supplier 'Z'",
            id="path-unknown",
        ),
        pytest.param(
            {"seed": 1, "discount": 0.9, "capacity_paths": {"A": [1] * 5, "B": [1] * 6}},
            "same length",
            id="path-lengths",
        ),
        pytest.param(
            {"seed": 1, "discount": 0.9, "capacity_paths": {"A": [1] * 5 + [-1]}},
            r"capacity of 'A' in year 5 must be in \[0, inf\)",
            id="path-negative",
        ),
        pytest.param(
            {"seed": 1, "discount": 0.9, "capacity_paths": {"A": []}}, "empty", id="path-empty"
        ),
        pytest.param(
            {"seed": 1, "discount": 0.9, "capacity_paths": {"A": "1111"}},
            "must be a sequence",
            id="path-text",
        ),
        pytest.param({"seed": 1, "discount": 0.9}, "years is required", id="no-horizon"),
    ],
)
def test_simulate_market_validation(kwargs: dict, message: str) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        simulate(THREE, **kwargs)


def test_ready_tables_refuse_table_options(three_tables: RegimeTables) -> None:
    with pytest.raises(InvalidParameterError, match="tolerance, discount set the regime tables"):
        simulate(three_tables, seed=1, tolerance="1/5", discount=0.5)
    with pytest.raises(InvalidParameterError, match="ExportMarket or RegimeTables"):
        simulate("nsg", seed=1)


# -- regime tables --------------------------------------------------------------------------------
def test_tables_of_a_growing_fringe(three_tables: RegimeTables) -> None:
    t = three_tables
    assert t.years[0] == 1970 and t.num_years == 40
    assert t.states == ((), ("A", "B"), ("A", "B", "C"))
    assert t.targets.tolist() == [1] * 10 + [2] * 30
    assert t.gaps[1, :10] == pytest.approx(0.1) and t.gaps[1, 10:] == pytest.approx(0.3)
    assert t.gaps[0, 0] == pytest.approx(6 / 11)  # no regime: everyone exports
    assert not t.open[1, :10].any() and t.open[1, 10:].all()  # 0.1 meets tau = 1/10
    assert not t.open[2].any() and t.open[0].all()
    assert t.complete.all() and t.notes == ()
    assert t.sizes.tolist() == [0, 2, 3]
    assert t.target(0) == ("A", "B") and t.market_in(12).suppliers[2].capacity == Fraction(3, 10)
    assert json.dumps(t.to_dict(), allow_nan=False)


def test_float_tables_agree_with_exact_ones() -> None:
    """Leakage of exactly tau: floats must not let rounding decide effectiveness."""
    paths = {"C": ["1/10", "1/5", "3/10", "1/10", "2/5"]}
    exact = regime_tables(THREE, paths, discount="9/10", exact=True)
    floating = regime_tables(THREE, paths, discount="9/10")
    assert exact.states == floating.states
    assert exact.targets.tolist() == floating.targets.tolist()
    assert exact.open.tolist() == floating.open.tolist()
    assert exact.gaps == pytest.approx(floating.gaps)


def test_tables_hold_the_last_capacity_and_truncate() -> None:
    long = regime_tables(THREE, {"C": ["1/10", "3/10"]}, discount="9/10", years=6)
    assert [row[2] for row in long.capacity_rows] == [Fraction(1, 10)] + [Fraction(3, 10)] * 5
    short = regime_tables(THREE, {"C": ["1/10", "3/10", "1/2"]}, discount="9/10", years=2)
    assert short.num_years == 2


def test_tables_with_exporting_outsiders_and_required_members() -> None:
    tables = regime_tables(THREE, THREE_PATHS, discount="9/10", outsiders="export",
                           required=["C"], initial=["A"])  # fmt: skip
    assert tables.states[0] == ("A",)
    assert all("C" in s for s in tables.states[1:])
    for s, members in enumerate(tables.states):  # gap: members control, the rest export
        for t in (0, 15):
            profile = tuple(1 if n in members else 0 for n in THREE.names)
            expected = float(tables.market_in(t).leakage(profile))
            assert tables.gaps[s, t] == pytest.approx(expected)


def test_years_without_a_target_are_noted() -> None:
    """A fringe that grows enough makes every effective cartel unsustainable (gap cannot close)."""
    paths = {"C": ["1/10", "1/10", "1/2", "1/2", "1/2"]}
    tables = regime_tables(THREE, paths, discount="9/10", years=5)
    assert tables.targets.tolist()[:2] == [1, 1]
    assert (tables.targets[2:] == -1).all()
    assert any(note.startswith("2: no revision target") for note in tables.notes)
    sim = simulate(tables, histories=300, seed=0, shock_base=0.2, shock_gap=0.8)
    assert sim.summary.episodes["censored"] > 0  # open gaps that no revision can close


# -- the Monte Carlo against a per-history reference ----------------------------------------------
def _reference(
    tables: RegimeTables, d: ShockDynamics, seed: int, histories: int, revision: str = "attention"
):
    """The model of MODEL s.5 history by history, in plain Python, on the same random streams
    (``revision="immediate"``: the null model, which closes every open gap in its year)."""
    years = tables.num_years
    membership = np.empty((histories, years), dtype=int)
    shocks = np.empty((histories, years), dtype=bool)
    episodes = []
    draws_of_block = {}
    for h in range(histories):
        b = h // BLOCK_SIZE
        if b not in draws_of_block:
            count = min(BLOCK_SIZE, histories - b * BLOCK_SIZE)
            stream = np.random.SeedSequence(seed, spawn_key=(b,))
            draws_of_block[b] = np.random.Generator(np.random.PCG64(stream)).random((count, years))
        u = draws_of_block[b][h % BLOCK_SIZE]
        state, attention = 0, d.initial_attention
        opened = first = None
        for t in range(years):
            if opened is None and tables.open[state, t]:
                opened = t
            revised = False
            target = int(tables.targets[t])
            if revision == "immediate":
                wants = bool(tables.open[state, t])
            else:
                wants = attention * tables.gaps[state, t] > d.negotiation_cost
            if target >= 0 and wants:
                if state != target:
                    state, revised = target, True
            if opened is not None and not tables.open[state, t]:
                episodes.append((h, opened, -1 if first is None else first, t, revised))
                opened = first = None
            if opened is None and tables.open[state, t]:  # revised to a set that leaves a gap
                opened = t
            shock = bool(u[t] < d.shock_base + d.shock_gap * tables.gaps[state, t])
            attention = attention + 1.0 if shock else attention * d.decay
            if shock and opened is not None and first is None:
                first = t
            membership[h, t], shocks[h, t] = state, shock
        if opened is not None:
            episodes.append((h, opened, -1 if first is None else first, -1, False))
    return membership, shocks, sorted(episodes)


def _synthetic_tables(seed: int, years: int, states: int) -> RegimeTables:
    """Random gaps, open flags and targets: the kernel must follow any tables."""
    rng = np.random.default_rng(seed)
    names = THREE.names
    sets = [(), ("A",), ("A", "B"), ("A", "B", "C"), ("B",), ("C",)][:states]
    gaps = rng.uniform(0, 1, size=(states, years)).round(2)
    targets = rng.integers(-1, states, size=years)
    return RegimeTables(
        market=THREE, years=tuple(range(years)), names=names, states=tuple(sets), gaps=gaps,
        open=gaps > 0.3, targets=targets, complete=np.ones(years, dtype=bool),
        capacity_rows=tuple(tuple(s.capacity for s in THREE.suppliers) for _ in range(years)),
        tolerance=Fraction(3, 10), discount=Fraction(9, 10), detection=Fraction(1),
        punishment="nash", outsiders="best_reply", required=(), exact=False, notes=(),
    )  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    years=st.integers(5, 25),
    states=st.integers(1, 6),
    base=st.sampled_from([0.0, 0.05, 0.3]),
    gap=st.sampled_from([0.0, 0.4, 0.7]),
    decay=st.sampled_from([0.0, 0.5, 0.9]),
    cost=st.sampled_from([0.0, 0.1, 0.5, 2.0]),
    attention=st.sampled_from([0.0, 1.0]),
    histories=st.integers(1, 40),
    revision=st.sampled_from(["attention", "immediate"]),
)
def test_vectorised_histories_equal_the_reference(
    seed, years, states, base, gap, decay, cost, attention, histories, revision
) -> None:
    tables = _synthetic_tables(seed, years, states)
    d = ShockDynamics(base, gap, decay, cost, attention)
    sim = simulate(tables, histories=histories, seed=seed, dynamics=d, revision=revision)
    membership, shocks, episodes = _reference(tables, d, seed, histories, revision)
    assert np.array_equal(sim.membership, membership)
    assert np.array_equal(sim.shocks, shocks)
    # changes of size and those within two years of a shock, history by history
    sizes = tables.sizes[membership]
    for h in range(histories):
        before = np.concatenate(([tables.sizes[0]], sizes[h]))
        moved = [t for t in range(years) if sizes[h, t] != before[t]]
        led = [t for t in moved if shocks[h, max(0, t - 2) : t + 1].any()]
        assert (sim.size_changes[h], sim.shock_led_changes[h]) == (len(moved), len(led))
    got = sorted(
        zip(*(a.tolist() for a in (sim.episodes.history, sim.episodes.opened,
                                   sim.episodes.first_shock, sim.episodes.closed,
                                   sim.episodes.by_revision)), strict=True)
    )  # fmt: skip
    assert got == episodes


def test_reference_across_random_stream_blocks(demo_tables: RegimeTables) -> None:
    """More histories than one block, on the demonstration tables."""
    histories = BLOCK_SIZE + 37
    d = ShockDynamics(0.05, 0.5, 0.7, 0.15)
    sim = simulate(demo_tables, histories=histories, seed=11, dynamics=d, chunk_size=1)
    membership, shocks, episodes = _reference(demo_tables, d, 11, histories)
    assert np.array_equal(sim.membership, membership)
    assert np.array_equal(sim.shocks, shocks)
    assert len(sim.episodes) == len(episodes)


def test_results_do_not_depend_on_chunks_or_paths(demo_tables: RegimeTables) -> None:
    one = simulate(demo_tables, histories=3 * BLOCK_SIZE + 5, seed=3)
    many = simulate(demo_tables, histories=3 * BLOCK_SIZE + 5, seed=3, chunk_size=1)
    lean = simulate(demo_tables, histories=3 * BLOCK_SIZE + 5, seed=3, keep_paths=False)
    assert np.array_equal(one.membership, many.membership)
    assert lean.membership is None and lean.shocks is None
    text = json.dumps(one.summary.to_dict(), allow_nan=False)
    assert json.dumps(many.summary.to_dict()) == text == json.dumps(lean.summary.to_dict())
    assert np.array_equal(one.kurtosis, lean.kurtosis, equal_nan=True)
    with pytest.raises(InvalidParameterError, match="kept no membership paths"):
        lean.history(0)


def test_seeds_and_generators(three_tables: RegimeTables) -> None:
    a = simulate(three_tables, histories=200, seed=1)
    b = simulate(three_tables, histories=200, seed=2)
    assert not np.array_equal(a.shocks, b.shocks)
    c = simulate(three_tables, histories=200, rng=np.random.default_rng(9))
    d = simulate(three_tables, histories=200, rng=np.random.default_rng(9))
    assert c.seed == d.seed and np.array_equal(c.membership, d.membership)
    again = simulate(three_tables, histories=200, seed=c.seed)
    assert np.array_equal(again.shocks, c.shocks)


@pytest.mark.parametrize(
    ("fields", "never", "year"),
    [
        pytest.param({"shock_base": 0, "shock_gap": 0}, True, None, id="no-shocks"),
        pytest.param({"negotiation_cost": 1e9}, True, None, id="prohibitive-cost"),
        pytest.param(
            {"initial_attention": 1.0, "negotiation_cost": 0.0},
            False,
            1970,
            id="attentive-from-the-start",
        ),
    ],
)
def test_limiting_cases(three_tables: RegimeTables, fields: dict, never: bool, year) -> None:
    sim = simulate(three_tables, histories=300, seed=0, **fields)
    if never:
        assert sim.summary.never_revised == 1.0
        assert (sim.membership == 0).all()
        assert sim.summary.episodes["censored"] == 300  # the gap of no regime never closes
        assert np.isnan(sim.kurtosis).all()
    else:
        assert (sim.first_revision == 0).all()
        assert {sim.history(i).revisions[0] for i in range(5)} == {year}


def test_shock_frequency_follows_the_gap(three_tables: RegimeTables) -> None:
    """With no revisions the gap is that of no regime, so shocks arrive at lambda0 + lambda1 g."""
    sim = simulate(three_tables, histories=20_000, seed=4, negotiation_cost=1e9,
                   shock_base=0.05, shock_gap=0.5)  # fmt: skip
    expected = 0.05 + 0.5 * three_tables.gaps[0]
    observed = sim.shocks.mean(axis=0)
    assert observed == pytest.approx(expected, abs=4 * math.sqrt(0.25 / 20_000))


def test_responses_follow_shocks_by_at_least_a_year(three_tables: RegimeTables) -> None:
    sim = simulate(three_tables, histories=2000, seed=5)
    assert (sim.episodes.shock_lags >= 1).all()
    first = sim.first_revision[sim.first_revision >= 0]
    first_shock = sim.shocks.argmax(axis=1)[sim.first_revision >= 0]
    assert (first > first_shock).all()  # attention starts at 0: a shock must come first


def test_membership_moves_only_to_the_year_target(demo_tables: RegimeTables) -> None:
    sim = simulate(demo_tables, histories=3000, seed=6, negotiation_cost=0.1)
    m = sim.membership
    before = np.concatenate((np.zeros((len(m), 1), dtype=m.dtype), m[:, :-1]), axis=1)
    rows, years = np.nonzero(m != before)
    assert (m[rows, years] == demo_tables.targets[years]).all()
    assert sim.revision_counts.sum() == len(rows)


def test_summary_statistics_match_the_paths(demo_tables: RegimeTables) -> None:
    sim = simulate(demo_tables, histories=4000, seed=8)
    sizes = sim.sizes()
    summary = sim.summary
    quantiles = np.quantile(sizes, [0.05, 0.25, 0.5, 0.75, 0.95], axis=0, method="inverted_cdf")
    assert np.array_equal(summary.size_quantiles, quantiles.T)
    assert summary.size_mean == pytest.approx(sizes.mean(axis=0))
    deltas = np.diff(sizes, axis=1, prepend=demo_tables.sizes[0]).ravel()  # from the start set
    assert summary.changes["observations"] == deltas.size
    assert summary.changes["kurtosis"] == pytest.approx(kurtosis(deltas))
    assert summary.changes["l_kurtosis"] == pytest.approx(l_kurtosis(deltas))
    assert summary.changes["kurtosis"] > NORMAL_KURTOSIS  # punctuated
    assert summary.changes["l_kurtosis"] > NORMAL_L_KURTOSIS
    per_history = np.diff(sizes, axis=1, prepend=demo_tables.sizes[0])
    assert sim.kurtosis == pytest.approx(kurtosis(per_history, axis=1), nan_ok=True)
    founded = sim.first_revision >= 0
    assert sim.founding_size[founded] == pytest.approx(sizes[founded, sim.first_revision[founded]])
    assert summary.revisions["count"] == 4000
    assert summary.lags["count"] == int(sim.episodes.by_revision.sum())


def test_history_paths_and_json(three_tables: RegimeTables) -> None:
    sim = simulate(three_tables, histories=50, seed=7, shock_base=0.05, shock_gap=0.5,
                   negotiation_cost=0.2)  # fmt: skip
    first = sim.history(0)
    assert first.shocks[:3] == (1971, 1976, 1978)
    assert first.revisions == (1972, 1980)
    assert first.membership[1] == () and first.membership[2] == ("A", "B")
    assert first.episodes[0] == {
        "opened": 1970, "first_shock": 1971, "closed": 1972, "by_revision": True, "lag": 2,
    }  # fmt: skip
    assert first.sizes[-1] == 3
    data = sim.to_dict(sample=2)
    assert len(data["sample_histories"]) == 2
    json.dumps(data, allow_nan=False)
    assert "Simulation(50 histories x 40 years" in repr(sim)
    with pytest.raises(InvalidParameterError, match="out of range"):
        sim.history(50)


def test_dask_client_gives_the_local_result(demo_tables: RegimeTables) -> None:
    distributed = pytest.importorskip("distributed")
    local = simulate(demo_tables, histories=2 * BLOCK_SIZE + 3, seed=12, chunk_size=BLOCK_SIZE)
    with (
        distributed.LocalCluster(n_workers=2, processes=False, threads_per_worker=1,
                                 dashboard_address=":0") as cluster,
        distributed.Client(cluster) as client,
    ):  # fmt: skip
        remote = simulate(demo_tables, histories=2 * BLOCK_SIZE + 3, seed=12,
                          chunk_size=BLOCK_SIZE, client=client)  # fmt: skip
        demo = demonstration_setting()
        tables = regime_tables(demo.market, demo.capacity_paths, discount=demo.discount,
                               start_year=1970, years=30, client=client)  # fmt: skip
    assert np.array_equal(remote.membership, local.membership)
    assert json.dumps(remote.summary.to_dict()) == json.dumps(local.summary.to_dict())
    assert tables.states == demo_tables.states
    assert np.array_equal(tables.gaps, demo_tables.gaps)


# -- comparisons, settings and plots ---------------------------------------------------------------
def test_comparisons_with_the_record(demo_tables: RegimeTables) -> None:
    sim = simulate(demo_tables, histories=2000, seed=9)
    found = founding_comparison(sim)
    assert found.year == 1970 and found.target_size == 5 and found.minimal_effective_size == 5
    assert [r.founding_size for r in found.rows][:4] == [7, 15, 15, 7]
    assert found.simulated["count"] == int((sim.founding_size >= 0).sum())
    assert found.rows[0].overlap == ()  # the demonstration's suppliers are not countries
    with pytest.raises(InvalidParameterError, match="outside the tables' years"):
        founding_comparison(demo_tables, year=1900)

    lags = lag_comparison(sim)
    shock_lags = sim.episodes.shock_lags
    row = lags.rows[0]
    assert (row.label, row.lag) == ("NSG 1974 -> 1975", 1)
    assert row.share_at_most == pytest.approx(np.mean(shock_lags <= 1))
    assert row.share_equal == pytest.approx(np.mean(shock_lags == 1))

    k = kurtosis_comparison(sim)
    nsg = regime("NSG").change_statistics()
    assert k.historical == nsg
    defined = sim.kurtosis[~np.isnan(sim.kurtosis)]
    assert k.share_at_least_kurtosis == pytest.approx(np.mean(defined >= nsg.kurtosis))
    assert k.simulated_changes_per_history == 30
    with pytest.raises(InvalidParameterError, match="not a yearly series"):
        kurtosis_comparison(sim, "MTCR")
    json.dumps(compare_with_history(sim).to_dict(), allow_nan=False)


def test_settings_from_scenarios() -> None:
    from dualdilemma.scenarios import load_scenario, parse_scenario

    setting = setting_from_scenario(load_scenario("nsg-1991"))
    china = setting.capacity_paths["China"]
    # listed at 1991, 1994, 1996 and 2004: each value holds until the next listed year
    assert len(china) == 14
    assert china[0:3] == [Fraction(5, 8)] * 3 and china[3:5] == [Fraction(5, 8)] * 2
    assert china[5:13] == [Fraction(3, 4)] * 8 and china[13] == Fraction(3, 4)
    nsg = load_setting("nsg-1975")
    assert nsg.capacity_paths == {} and nsg.start_year == 1975 and nsg.regime == "NSG"
    scenario_dynamics = load_scenario("nsg-1975").dynamics
    assert scenario_dynamics is not None  # the scenario's [dynamics] table is used
    assert nsg.dynamics.negotiation_cost == float(scenario_dynamics.negotiation_cost)
    assert nsg.dynamics.decay == float(scenario_dynamics.attention_decay)
    assert load_setting("demo").name == "demo"
    text = "[market]\nvalue = 10\nrisk_without_supply = 0\nrisk_with_supply = 1\n"
    text += '[[supplier]]\nname = "A"\ncapacity = 1\nharm = 1\nsafeguard = 0\n'
    text += '[[supplier]]\nname = "B"\ncapacity = 1\nharm = 1\nsafeguard = 0\n'
    with pytest.raises(InvalidParameterError, match="gives no discount factor"):
        setting_from_scenario(parse_scenario(text, name="bare"))
    with pytest.raises(InvalidParameterError, match="unknown scenario"):
        load_setting("no-such-scenario")


def test_plots(tmp_path: Path, three_tables: RegimeTables) -> None:
    pytest.importorskip("matplotlib")
    sim = simulate(three_tables, histories=300, seed=1)
    target = tmp_path / "dynamics.png"
    figure = plot_simulation(sim, target)
    assert target.stat().st_size > 10_000
    left, right = figure.axes
    assert left.get_ylabel() == "members" and right.get_yscale() == "log"
    lean = simulate(three_tables, histories=300, seed=1, keep_paths=False)
    assert len(plot_simulation(lean, regime=None).axes) == 2  # no sample paths needed
    from dualdilemma.dynamics.plots import plot_membership

    with pytest.raises(InvalidParameterError, match="kept no membership paths"):
        plot_membership(lean, samples=2)
    with pytest.raises(InvalidParameterError, match="expected a Simulation"):
        plot_simulation(three_tables)


# -- the command line -----------------------------------------------------------------------------
SCENARIO = """
[scenario]
title = "Two large suppliers and a growing fringe"
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
harm = 5
safeguard = 0
[capacity_paths]
years = [1970, 1980]
C = [0.1, 0.3]
[dynamics]
shock_rate = 0.05
shock_gap_rate = 0.5
attention_decay = 0.7
negotiation_cost = 0.2
"""


@pytest.fixture()
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "fringe.toml"
    path.write_text(SCENARIO)
    return path


def test_cli_json_is_byte_identical_across_processes(scenario_file: Path) -> None:
    command = [sys.executable, "-m", "dualdilemma.cli", "simulate", str(scenario_file),
               "--histories", "700", "--years", "30", "--seed", "5",
               "--format", "json"]  # fmt: skip
    runs = [subprocess.run(command, capture_output=True, check=False) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    data = json.loads(runs[0].stdout)
    assert data["format"] == "dualdilemma-simulate/1"
    assert data["simulation"]["seed"] == 5 and data["simulation"]["histories"] == 700
    assert data["simulation"]["tables"]["states"] == [[], ["A", "B"], ["A", "B", "C"]]
    assert data["simulation"]["dynamics"]["negotiation_cost"] == 0.2
    assert len(data["simulation"]["summary"]["membership_size"]) == 30
    assert [r["lag"] for r in data["history"]["lags"]["historical"]][:4] == [1, 4, 1, 1]
    null = data["null_model"]
    assert null["simulation"]["revision"] == "immediate" and "tables" not in null["simulation"]
    assert null["simulation"]["seed"] == 5  # the same draws as the theory's
    rows = null["burstiness"]["rows"]
    assert {(r["regime"], r["statistic"]) for r in rows} >= {
        ("NSG", "kurtosis"),
        ("NSG", "shock_led_share"),
    }
    for row in rows:
        theory, other = row["theory_share_at_least_as_bursty"], row["null_share_at_least_as_bursty"]
        assert 0 <= theory <= 1 and 0 <= other <= 1
        assert row["ratio"] == (None if other == 0 else pytest.approx(theory / other))


def test_cli_text_and_plot(
    scenario_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plot = tmp_path / "out.png"
    assert main(["simulate", str(scenario_file), "--histories", "500", "--plot", str(plot)]) == 0
    out = capsys.readouterr().out
    assert "Revision targets" in out and "Punctuation" in out and "NSG 1974 -> 1975" in out
    assert "Burstiness" in out and "null model" in out
    assert max(len(line) for line in out.splitlines()) <= 100
    assert plot.stat().st_size > 10_000


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        pytest.param(["--histories", "0"], "expected a positive integer", id="histories"),
        pytest.param(["--years", "4"], "expected an integer >= 5", id="years"),
        pytest.param(["--seed", "-1"], "expected an integer >= 0", id="seed"),
        pytest.param(["--format", "xml"], "invalid choice", id="format"),
        pytest.param(["--plot", "/no/such/dir/x.png"], "does not exist", id="plot-dir"),
        pytest.param(["--plot", "PLOT.nosuchformat"], "not supported", id="plot-format"),
    ],
)
def test_cli_user_errors_exit_2(
    scenario_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    arguments: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["simulate", str(scenario_file), "--histories", "50", *arguments]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_cli_unknown_scenario_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "no-such-scenario"]) == 2
    assert "unknown scenario 'no-such-scenario'" in capsys.readouterr().err


# -- the null model and burstiness (C6 as a test) ------------------------------------------------
def _gap_opens_in_year_three() -> RegimeTables:
    """No regime before year 0; the empty set's gap (0.5) opens in year 3 of 10; the target,
    ('A', 'B'), closes it; shocks come with probability 0.2 whatever the gap."""
    years = 10
    gaps = np.array([[0.0] * 3 + [0.5] * 7, [0.0] * years])
    return RegimeTables(
        market=THREE, years=tuple(range(2000, 2000 + years)), names=THREE.names,
        states=((), ("A", "B")), gaps=gaps, open=gaps > 0.3, targets=np.ones(years, dtype=int),
        complete=np.ones(years, dtype=bool),
        capacity_rows=tuple(tuple(s.capacity for s in THREE.suppliers) for _ in range(years)),
        tolerance=Fraction(3, 10), discount=Fraction(9, 10), detection=Fraction(1),
        punishment="nash", outsiders="best_reply", required=(), exact=False, notes=(),
    )  # fmt: skip


def _history_with_record(tmp_path: Path) -> Path:
    """The shipped history with the NSG's record replaced by a hand-made one: counts
    5 5 5 5 6 6 6 6 6 9 over 2000-2009 (changes +1 in 2004, +3 in 2009) and one proliferation
    shock, in 2002 -- so one of its two changes follows a shock within two years."""
    import csv
    import shutil

    from dualdilemma.history import history_directory

    directory = tmp_path / "history"
    shutil.copytree(str(history_directory()), directory)
    for name, rows in (
        (
            "membership",
            [
                {"regime": "NSG", "year": str(2000 + t), "members": str(n), "basis": "reported",
                 "source": "nsg-participants", "estimate": "false", "note": ""}
                for t, n in enumerate([5, 5, 5, 5, 6, 6, 6, 6, 6, 9])
            ],
        ),
        (
            "shocks",
            [
                {"regime": "NSG", "kind": "proliferation", "shock": "test", "shock_year": "2002",
                 "shock_year_end": "2002", "shock_date": "", "response": "test",
                 "response_year": "2004", "response_date": "", "source": "nsg-participants",
                 "estimate": "false", "note": ""}
            ],
        ),
    ):  # fmt: skip
        path = directory / f"{name}.csv"
        with path.open(newline="") as handle:
            reader = csv.DictReader(handle)
            fields = reader.fieldnames
            kept = [row for row in reader if row["regime"] != "NSG"]
        with path.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows + kept)
    return directory


def test_null_model_burstiness_computed_by_hand(tmp_path: Path) -> None:
    from dualdilemma.dynamics.comparisons import burstiness_comparison, record_burstiness
    from dualdilemma.history import load_history

    tables = _gap_opens_in_year_three()
    d = ShockDynamics(shock_base=0.2, shock_gap=0.0, decay=0.5, negotiation_cost=0.1)
    histories = 20_000
    null = simulate(tables, histories=histories, seed=5, dynamics=d, revision="immediate")
    theory = simulate(tables, histories=histories, seed=5, dynamics=d)
    # the null model adjusts in 2003, the year the gap opens, in every history: one change of
    # +2 among ten yearly changes, kurtosis 1 / (p (1 - p)) - 3 = 73/9 at p = 1/10
    assert (null.sizes() == [0, 0, 0, 2, 2, 2, 2, 2, 2, 2]).all()
    assert null.kurtosis == pytest.approx(np.full(histories, 73 / 9))
    assert null.summary.changes["kurtosis"] == pytest.approx(73 / 9)
    # the change is shock-led when a shock came in 2001, 2002 or 2003: 1 - 0.8^3 = 0.488
    assert set(np.unique(null.shock_led_share)) <= {0.0, 1.0}
    led = float(np.mean(null.shock_led_share))
    assert abs(led - 0.488) < 4 * math.sqrt(0.488 * 0.512 / histories)
    # common random numbers: the shock probability does not depend on the gap here, so both
    # models see the very same shocks
    assert np.array_equal(theory.shocks, null.shocks)

    data = load_history(_history_with_record(tmp_path))
    record = record_burstiness("NSG", history=data)
    assert (record.size_changes, record.shock_led_changes, record.shock_led_share) == (2, 1, 0.5)
    changes = np.array([0, 0, 0, 1, 0, 0, 0, 0, 3])
    assert record.kurtosis == pytest.approx(kurtosis(changes))  # about 5.73 < 73/9
    found = burstiness_comparison(theory, null, ["NSG"], history=data)
    kurt, shock = found.row("NSG", "kurtosis"), found.row("NSG", "shock_led_share")
    assert kurt.null_share == 1.0  # every null history is more kurtotic than the record
    assert shock.null_share == pytest.approx(led)  # shares of 0 or 1 against a record of 1/2
    # under the theory a history is as kurtotic iff it changed at all (one change, as above)
    assert kurt.theory_share == pytest.approx(np.mean(theory.size_changes > 0))
    assert kurt.ratio == pytest.approx(kurt.theory_share)
    assert shock.theory_share == pytest.approx(np.mean(theory.shock_led_share >= 0.5))
    assert shock.ratio == pytest.approx(shock.theory_share / shock.null_share)
    assert shock.theory_share > 1.5 * shock.null_share  # attention comes from shocks
    data_json = found.to_dict()
    assert data_json["rows"][0]["regime"] == "NSG" and data_json["simulated_years"] == 10
    json.dumps(data_json, allow_nan=False)


def test_burstiness_needs_paired_simulations(three_tables: RegimeTables) -> None:
    from dualdilemma.dynamics.comparisons import burstiness_comparison

    theory = simulate(three_tables, histories=50, seed=1)
    null = simulate(three_tables, histories=50, seed=1, revision="immediate")
    other = simulate(three_tables, histories=50, seed=2, revision="immediate")
    with pytest.raises(InvalidParameterError, match="same draws"):
        burstiness_comparison(theory, other)
    with pytest.raises(InvalidParameterError, match="revision='attention'"):
        burstiness_comparison(null, theory)
    with pytest.raises(InvalidParameterError, match="revision must be one of"):
        simulate(three_tables, histories=5, seed=1, revision="instant")
    assert burstiness_comparison(theory, null).rows


def test_scenarios_start_from_their_regime() -> None:
    from dualdilemma.scenarios import load_scenario

    for name in ("nsg-1975", "mtcr-1987"):
        scenario = load_scenario(name)
        setting = load_setting(name)
        if scenario.capacity_paths is None or not scenario.capacity_paths.initial:
            assert set(setting.initial) == set(scenario.regime.members)
        assert setting.initial, "a scenario with a [regime] does not start from no regime"
