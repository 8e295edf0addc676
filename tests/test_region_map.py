"""Tests of equilibrium region maps (dualdilemma.analysis.region_map)."""

from __future__ import annotations

import json
import math
import pickle
import re
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma.analysis.region_map import (
    EMPTY_REGION,
    RegionMap,
    _ConditionKernel,
    plot_region_map,
    region_map,
    region_name,
)
from dualdilemma.analysis.sweep import parameter_grid, parameter_points
from dualdilemma.errors import InvalidParameterError
from dualdilemma.games import NormalFormGame
from dualdilemma.solvers.pure_nash import pure_equilibria

m, n = sp.symbols("m n", positive=True)
#: the linear public-good game (Ledyard 1995): contributing dominant, contributing efficient
PUBLIC_GOOD = {"dominant": m > 1, "efficient": n * m > 1}


# -- known answers ------------------------------------------------------------------------------
def test_public_good_counts_on_a_dyadic_grid() -> None:
    # m = i/64 is exact in binary, so n*m > 1 is decided exactly, ties (n*i = 64) included
    i = np.arange(1, 129)
    ns = np.arange(2, 13)
    rm = region_map(PUBLIC_GOOD, parameter_grid(m=i / 64, n=ns))
    none = sum(64 // k for k in ns)  # 1 <= i <= 64/n
    dominant = 64 * len(ns)  # i > 64
    assert rm.counts == {
        "none": none,
        "efficient": len(i) * len(ns) - none - dominant,
        "dominant & efficient": dominant,
    }
    assert rm.codes.shape == (128, 11)
    # the tie m = 1/n is outside "efficient" (strict inequality), m = 1 outside "dominant"
    assert rm.codes[31, 0] == 0 and rm.codes[32, 0] == 2  # n = 2: m = 1/2, then 33/64
    assert rm.codes[63, 5] == 2 and rm.codes[64, 5] == 3  # m = 1, then m = 65/64


def test_public_good_areas_on_a_fine_grid() -> None:
    # midpoints of 800 x 800 cells of the box m in (0, 2), n in (1, 3), area 4
    cells = 800
    ms = (np.arange(cells) + 0.5) * 2 / cells
    ns = 1 + (np.arange(cells) + 0.5) * 2 / cells
    fractions = region_map(PUBLIC_GOOD, {m: ms, n: ns}).fractions
    assert fractions["dominant & efficient"] == pytest.approx(1 / 2, abs=2e-3)
    assert fractions["none"] == pytest.approx(math.log(3) / 4, abs=2e-3)  # m <= 1/n
    assert fractions["efficient"] == pytest.approx((2 - math.log(3)) / 4, abs=2e-3)
    assert sum(fractions.values()) == pytest.approx(1.0)


def test_matches_pure_equilibria_of_the_core_engine() -> None:
    """Symmetric 2x2 games (R, S, T, P) = (1, S, T, 0): the set of pure equilibria."""
    s, t = sp.symbols("S T", real=True)
    conditions = {
        "CC": 1 >= t,
        "CD": sp.And(s >= 0, t >= 1),
        "DC": sp.And(s >= 0, t >= 1),
        "DD": 0 >= s,
    }
    values = np.arange(-4, 9) / 4  # includes the ties S = 0 and T = 1
    rm = region_map(conditions, {s: values, t: values})
    profiles = {(0, 0): "CC", (0, 1): "CD", (1, 0): "DC", (1, 1): "DD"}
    for i, sv in enumerate(values):
        for j, tv in enumerate(values):
            S, T = Fraction(sv), Fraction(tv)
            game = NormalFormGame.from_arrays([[1, S], [T, 0]], [[1, T], [S, 0]])
            found = {profiles[eq.pure_profile()] for eq in pure_equilibria(game)}
            assert set(rm.labels_of(rm.codes[i, j])) == found, (sv, tv)


BOUNDARY_CASES = [
    pytest.param(m >= 1, True, id="ge-includes-boundary"),
    pytest.param(m > 1, False, id="gt-excludes-boundary"),
    pytest.param(m <= 1, True, id="le-includes-boundary"),
    pytest.param(m < 1, False, id="lt-excludes-boundary"),
    pytest.param(sp.Eq(m, 1), True, id="eq"),
    pytest.param(sp.Ne(m, 1), False, id="ne"),
    pytest.param(sp.Min(m, 2) >= 1, True, id="min"),
    pytest.param(sp.Max(m, sp.Rational(1, 2)) > 1, False, id="max"),
    pytest.param(sp.Piecewise((m, m < 1), (2 - m, True)) >= 1, True, id="piecewise"),
]


@pytest.mark.parametrize(("condition", "holds"), BOUNDARY_CASES)
def test_boundary_points_follow_the_relational(condition, holds: bool) -> None:
    rm = region_map({"c": condition}, {m: [1.0]})
    assert bool(rm.holds("c")[0]) is holds
    # and agree with exact substitution
    assert bool(condition.subs(m, 1)) is holds


def test_float_rounding_and_tolerance() -> None:
    # 3 * 0.1 = 0.30000000000000004 in float64: on the boundary exactly, not in floats
    conditions = {"le": 3 * m <= sp.Rational(3, 10), "eq": sp.Eq(3 * m, sp.Rational(3, 10))}
    exact_answer = {label: bool(c.subs(m, sp.Rational(1, 10))) for label, c in conditions.items()}
    assert exact_answer == {"le": True, "eq": True}
    assert region_map(conditions, {m: [0.1]}).counts == {"none": 1}
    assert region_map(conditions, {m: [0.1]}, tol=1e-12).counts == {"le & eq": 1}


TOL = 1e-6
OFFSETS = [-2 * TOL, -TOL / 2, 0.0, TOL / 2, 2 * TOL]
x = sp.Symbol("x", real=True)
TOL_CASES = [
    pytest.param(x >= 0.5, [0, 0, 1, 1, 1], [0, 1, 1, 1, 1], id="ge"),
    pytest.param(x > 0.5, [0, 0, 0, 1, 1], [0, 0, 0, 0, 1], id="gt"),
    pytest.param(x <= 0.5, [1, 1, 1, 0, 0], [1, 1, 1, 1, 0], id="le"),
    pytest.param(x < 0.5, [1, 1, 0, 0, 0], [1, 0, 0, 0, 0], id="lt"),
    pytest.param(sp.Eq(x, 0.5), [0, 0, 1, 0, 0], [0, 1, 1, 1, 0], id="eq"),
    pytest.param(sp.Ne(x, 0.5), [1, 1, 0, 1, 1], [1, 0, 0, 0, 1], id="ne"),
    pytest.param(sp.And(x >= 0.5, x <= 0.5), [0, 0, 1, 0, 0], [0, 1, 1, 1, 0], id="and"),
]


@pytest.mark.parametrize(("condition", "exact", "banded"), TOL_CASES)
def test_tolerance_band_semantics(condition, exact: list[int], banded: list[int]) -> None:
    points = {x: 0.5 + np.array(OFFSETS)}
    assert region_map({"c": condition}, points).holds("c").astype(int).tolist() == exact
    rm = region_map({"c": condition}, points, tol=TOL)
    assert rm.holds("c").astype(int).tolist() == banded
    assert rm.tol == TOL


# -- chunking, agreement with sympy -------------------------------------------------------------
@pytest.mark.parametrize("chunk_size", [1, 7, 64, 1000, 10**6])
def test_codes_do_not_depend_on_chunk_size(chunk_size: int) -> None:
    grid = parameter_grid(m=np.linspace(0.01, 2, 37), n=np.arange(1, 9), k=[0.5, 1.0])
    k = sp.Symbol("k", positive=True)
    conditions = {**PUBLIC_GOOD, "k": sp.Min(m, k) * n >= 1}
    reference = region_map(conditions, grid, chunk_size=10**6)
    np.testing.assert_array_equal(
        region_map(conditions, grid, chunk_size=chunk_size).codes, reference.codes
    )


a, b = sp.symbols("a b", real=True)
MIXED_CONDITIONS = {
    "linear": a + 2 * b > 1,
    "product": a * b >= sp.Rational(1, 2),
    "min_max": sp.Min(a, b) <= sp.Max(a - 1, b / 2),
    "piecewise": sp.Piecewise((a, a < b), (b - a, True)) > 0,
    "logic": sp.And(a >= 0, sp.Or(b < a, sp.Eq(a, b))),
    "not_equal": sp.Ne(a + b, 1),
    "abs": sp.Abs(a - b) <= 1,
    "negation": sp.Not(sp.And(a > 0, b > 0)),
    "boolean_piecewise": sp.Piecewise((a > b, a > 0), (b >= 1, True)),
    "ite": sp.ITE(a > 1, b > 1, b < -1),
    "xor": sp.Xor(a > 0, b > 0),
}
eighths = st.integers(-24, 24).map(lambda k: Fraction(k, 8))


@settings(max_examples=50, deadline=None)
@given(
    points=st.lists(st.tuples(eighths, eighths), min_size=1, max_size=20),
    chunk_size=st.integers(1, 30),
)
def test_agrees_with_sympy_substitution(points, chunk_size: int) -> None:
    """Multiples of 1/8 make float arithmetic exact here, so ties are decided exactly too."""
    grid = parameter_points(a=[float(p) for p, _ in points], b=[float(q) for _, q in points])
    rm = region_map(MIXED_CONDITIONS, grid, chunk_size=chunk_size)
    for index, (p, q) in enumerate(points):
        values = {
            a: sp.Rational(p.numerator, p.denominator),
            b: sp.Rational(q.numerator, q.denominator),
        }
        expected = {label for label, c in MIXED_CONDITIONS.items() if bool(c.subs(values))}
        assert set(rm.labels_of(rm.codes[index])) == expected, (p, q)


def test_kernel_survives_pickling() -> None:
    grid = parameter_points(a=[0.5, 2.0, -1.0], b=[1.0, 0.0, -3.0])
    kernel = _ConditionKernel(
        tuple(MIXED_CONDITIONS),
        tuple(MIXED_CONDITIONS.values()),
        fixed={},
        tol=0.0,
        dtype=np.dtype(np.uint16),
    )
    clone = pickle.loads(pickle.dumps(kernel))
    chunk = grid.chunk(0, 3)
    np.testing.assert_array_equal(clone(**chunk), kernel(**chunk))
    np.testing.assert_array_equal(clone(**chunk), region_map(MIXED_CONDITIONS, grid).codes)


# -- parameters, fixed values, errors -----------------------------------------------------------
def test_fixed_parameters_and_symbols_as_keys() -> None:
    k = sp.Symbol("k", positive=True)
    conditions = {"covered": k * n >= 1, "dominant": m > k}
    rm = region_map(conditions, {m: [0.5, 2.0], "n": [1, 4]}, fixed={k: sp.Rational(1, 2)})
    assert rm.fixed == {"k": 0.5}
    assert rm.codes.tolist() == [[0, 1], [2, 3]]
    same = region_map(conditions, parameter_grid(m=[0.5, 2.0], n=[1, 4]), fixed={"k": 0.5})
    np.testing.assert_array_equal(same.codes, rm.codes)


def test_symbols_are_matched_by_name_across_assumptions() -> None:
    plain_m = sp.Symbol("m")
    rm = region_map({"both": sp.And(m > 1, plain_m < 3)}, {"m": [0.5, 2.0, 4.0]})
    assert rm.holds("both").tolist() == [False, True, False]


def test_constant_conditions() -> None:
    rm = region_map({"always": True, "never": sp.false, "m": m > 1}, {m: [0.5, 2.0]})
    assert rm.holds("always").all() and not rm.holds("never").any()
    assert rm.regions == {1: "always", 5: "always & m"}


def test_sixty_four_labels_use_every_bit() -> None:
    rm = region_map({f"above {i}": m > i for i in range(64)}, {m: [0.5, 1.5, 63.5]})
    assert rm.codes.dtype == np.uint64
    assert rm.codes.tolist() == [1, 3, 2**64 - 1]  # m > 0; m > 0, 1; all
    assert rm.labels_of(2**64 - 1) == rm.labels


N = sp.Symbol("N", integer=True, positive=True)
BAD_CALLS = [
    pytest.param(
        lambda: region_map({"c": sp.Function("f")(m) > 1}, {m: [1.0]}),
        "condition 'c' uses undefined functions ['f']",
        id="undefined-function",
    ),
    pytest.param(lambda: region_map({}, {m: [1.0]}), "at least one condition", id="empty"),
    pytest.param(lambda: region_map([m > 1], {m: [1.0]}), "must be a mapping", id="not-map"),
    pytest.param(
        lambda: region_map({"c": m - 1}, {m: [1.0]}), "'c' must be a sympy Boolean", id="expr"
    ),
    pytest.param(
        lambda: region_map({"c": "m > 1"}, {m: [1.0]}), "'c' must be a sympy Boolean", id="text"
    ),
    pytest.param(lambda: region_map({"": m > 1}, {m: [1.0]}), "non-empty strings", id="label"),
    pytest.param(
        lambda: region_map({f"c{i}": m > i for i in range(65)}, {m: [1.0]}),
        "at most 64 conditions",
        id="too-many",
    ),
    pytest.param(
        lambda: region_map(PUBLIC_GOOD, {m: [1.0]}),
        "condition 'efficient' uses ['n'], neither grid axes ['m'] nor fixed []",
        id="missing-symbol",
    ),
    pytest.param(
        lambda: region_map(PUBLIC_GOOD, {m: [1.0], n: [2]}, fixed={n: 3}),
        "'n' is both a grid axis and fixed",
        id="fixed-and-axis",
    ),
    pytest.param(
        lambda: region_map(PUBLIC_GOOD, {m: [1.0]}, fixed={n: "two"}),
        "fixed parameter 'n' must be a real number",
        id="fixed-text",
    ),
    pytest.param(
        lambda: region_map(PUBLIC_GOOD, {m: [1.0]}, fixed={n: math.inf}),
        "fixed parameter 'n' must be finite",
        id="fixed-inf",
    ),
    pytest.param(
        lambda: region_map(PUBLIC_GOOD, {m: [1.0]}, fixed=[2]), "fixed must be", id="fixed-list"
    ),
    pytest.param(
        lambda: region_map(PUBLIC_GOOD, {m: [0.0, 1.0], n: [2]}),
        "parameter 'm' takes the value 0.0 but the symbol m is declared positive",
        id="domain-positive",
    ),
    pytest.param(
        lambda: region_map({"c": N > 2}, {N: [2, 2.5, 3]}),
        "parameter 'N' takes the value 2.5 but the symbol N is declared integer",
        id="domain-integer",
    ),
    pytest.param(
        lambda: region_map(PUBLIC_GOOD, {m: [1.0]}, fixed={n: -2}),
        "fixed parameter 'n' takes the value -2.0",
        id="domain-fixed",
    ),
    pytest.param(
        lambda: region_map({"c": a > 1}, {a: ["x", "y"]}),
        "parameter 'a' must be numeric",
        id="string-axis",
    ),
    pytest.param(lambda: region_map(PUBLIC_GOOD, {m: [1.0], n: [2]}, tol=-1), "tol", id="tol"),
    pytest.param(
        lambda: region_map(PUBLIC_GOOD, {m: [1.0], n: [2]}, tol=math.nan), "tol", id="tol-nan"
    ),
    pytest.param(
        lambda: region_map(PUBLIC_GOOD, {m: [1.0], n: [2]}, chunk_size=0),
        "chunk_size",
        id="chunk-size",
    ),
]


@pytest.mark.parametrize(("call", "message"), BAD_CALLS)
def test_bad_calls_raise_typed_errors(call, message: str) -> None:
    with pytest.raises(InvalidParameterError, match=re.escape(message)):
        call()


# -- the RegionMap value ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_map() -> RegionMap:
    return region_map(PUBLIC_GOOD, {m: [0.25, 0.5, 1.5, 2.0], n: [2, 4, 8]})


def test_region_map_value(small_map: RegionMap) -> None:
    rm = small_map
    assert rm.labels == ("dominant", "efficient")
    assert rm.parameters == ("m", "n") and rm.shape == (4, 3)
    assert list(rm.axes) == ["m", "n"]
    # codes[i, j] belongs to (m[i], n[j])
    assert rm.codes[0, 2] == 2 and rm.codes[0, 0] == 0 and rm.codes[2, 0] == 3
    assert rm.codes.dtype == np.uint8 and not rm.codes.flags.writeable
    assert rm.regions == {0: "none", 2: "efficient", 3: "dominant & efficient"}
    assert rm.counts == {"none": 3, "efficient": 3, "dominant & efficient": 6}
    assert rm.fractions == {"none": 0.25, "efficient": 0.25, "dominant & efficient": 0.5}
    assert rm.labels_of(2) == ("efficient",) and rm.region_name(0) == EMPTY_REGION
    np.testing.assert_array_equal(
        rm.holds("efficient"), np.outer([0.25, 0.5, 1.5, 2.0], [2, 4, 8]) > 1
    )
    assert "m[4] x n[3]" in repr(rm) and "'dominant & efficient': 0.5" in repr(rm)
    with pytest.raises(InvalidParameterError, match="no condition labelled 'x'"):
        rm.holds("x")
    with pytest.raises(InvalidParameterError, match="code 4 is not a set"):
        rm.labels_of(4)


def test_region_map_frame_and_dict(small_map: RegionMap) -> None:
    frame = small_map.to_frame()
    assert list(frame.columns) == ["m", "n", "code", "region", "dominant", "efficient"]
    assert isinstance(frame["region"].dtype, pd.CategoricalDtype)
    assert frame["region"].value_counts().to_dict() == {
        "dominant & efficient": 6,
        "none": 3,
        "efficient": 3,
    }
    assert (frame["efficient"] == (frame["m"] * frame["n"] > 1)).all()
    data = json.loads(json.dumps(small_map.to_dict()))
    assert data["codes"] == small_map.codes.tolist()
    assert data["parameters"] == {"m": [0.25, 0.5, 1.5, 2.0], "n": [2, 4, 8]}
    assert [r["name"] for r in data["regions"]] == ["none", "efficient", "dominant & efficient"]
    assert data["regions"][2] == {
        "code": 3,
        "name": "dominant & efficient",
        "labels": ["dominant", "efficient"],
        "count": 6,
        "fraction": 0.5,
    }
    assert "codes" not in small_map.to_dict(include_codes=False)


def test_region_map_on_points_and_name_clashes() -> None:
    rm = region_map({"m": m > 1}, parameter_points(m=[0.5, 2.0, 3.0]))
    assert rm.codes.tolist() == [0, 1, 1]
    assert "3 points of (m)" in repr(rm)
    with pytest.raises(InvalidParameterError, match="clashing names"):
        rm.to_frame()


def test_region_map_validates_codes() -> None:
    grid = parameter_grid(m=[1.0, 2.0])
    with pytest.raises(InvalidParameterError, match="do not match the grid's shape"):
        RegionMap(grid, ("a",), np.zeros(3, dtype=np.uint8))
    with pytest.raises(InvalidParameterError, match="unsigned"):
        RegionMap(grid, ("a",), np.zeros(2, dtype=np.int64))


def test_region_name() -> None:
    assert region_name(("a", "b")) == "a & b"
    assert region_name(()) == "none"


# -- plotting -----------------------------------------------------------------------------------
@pytest.fixture
def pyplot():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def test_plot_writes_a_nontrivial_png(pyplot, tmp_path) -> None:
    k = sp.Symbol("k", positive=True)
    conditions = {**PUBLIC_GOOD, "cheap": m < k}
    rm = region_map(conditions, {m: np.linspace(0.02, 2, 60), n: np.arange(1, 11)}, fixed={k: 1.5})
    ax = plot_region_map(rm)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("m", "n")
    assert ax.get_title() == "k = 1.5"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == list(rm.regions.values())
    path = tmp_path / "regions.png"
    ax.figure.savefig(path)
    assert path.stat().st_size > 1000
    image = pyplot.imread(path)
    colours = np.unique(image.reshape(-1, image.shape[-1]), axis=0)
    assert len(colours) > 3
    # each region's colour appears in the image
    for patch in ax.get_legend().get_patches():
        rgba = np.asarray(patch.get_facecolor())
        assert np.any(np.all(np.abs(image - rgba) < 0.01, axis=-1))


def test_plot_on_given_axes_with_swapped_axes_and_colours(pyplot) -> None:
    rm = region_map(PUBLIC_GOOD, {m: [0.25, 0.5, 1.5], n: [8, 2, 4]})
    fig, given_ax = pyplot.subplots()
    ax = plot_region_map(
        rm, given_ax, x="n", colors={"none": "black"}, legend=False, title="public good"
    )
    assert ax is given_ax and ax.get_legend() is None
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("n", "m", "public good")
    mesh = ax.collections[0]
    # rows are m (sorted), columns are n sorted as 2, 4, 8; the colour ranks follow the codes
    ranks = np.asarray(mesh.get_array()).reshape(3, 3)
    expected_codes = np.array([[0, 0, 2], [0, 2, 2], [3, 3, 3]])  # [m, sorted n]
    np.testing.assert_array_equal(ranks, np.searchsorted([0, 2, 3], expected_codes))
    assert tuple(mesh.cmap(0)) == (0.0, 0.0, 0.0, 1.0)


def test_plot_rejects_maps_it_cannot_draw(pyplot) -> None:
    k = sp.Symbol("k", positive=True)
    three = region_map({"c": m * n > k}, {m: [1.0], n: [1.0], k: [1.0]})
    with pytest.raises(InvalidParameterError, match="exactly two parameters"):
        plot_region_map(three)
    points = region_map(PUBLIC_GOOD, parameter_points(m=[1.0, 2.0], n=[1.0, 2.0]))
    with pytest.raises(InvalidParameterError, match="list of points"):
        plot_region_map(points)
    rm = region_map(PUBLIC_GOOD, {m: [1.0, 2.0], n: [1.0, 2.0]})
    with pytest.raises(InvalidParameterError, match="x must be one of"):
        plot_region_map(rm, x="k")
    with pytest.raises(InvalidParameterError, match="draws a RegionMap"):
        plot_region_map(rm.codes)


# -- dask ---------------------------------------------------------------------------------------
def test_dask_region_map_is_identical_to_local(dask_client) -> None:
    grid = {m: np.linspace(0.01, 2, 101), n: np.arange(1, 21)}
    local = region_map(MIXED_CONDITIONS | {}, {a: [0.5, 1.5], b: [-2.0, 0.0, 2.0]})
    remote = region_map(
        MIXED_CONDITIONS, {a: [0.5, 1.5], b: [-2.0, 0.0, 2.0]}, chunk_size=2, client=dask_client
    )
    np.testing.assert_array_equal(remote.codes, local.codes)
    local = region_map(PUBLIC_GOOD, grid, chunk_size=97)
    remote = region_map(PUBLIC_GOOD, grid, chunk_size=97, client=dask_client)
    np.testing.assert_array_equal(remote.codes, local.codes)
    assert remote.counts == local.counts


@pytest.mark.slow
def test_dask_worker_processes_give_the_local_codes(dask_process_client) -> None:
    """With processes, the kernel is pickled without its compiled functions and rebuilt."""
    grid = {a: np.linspace(-3, 3, 121), b: np.linspace(-3, 3, 97)}
    local = region_map(MIXED_CONDITIONS, grid, chunk_size=999)
    remote = region_map(MIXED_CONDITIONS, grid, chunk_size=999, client=dask_process_client)
    np.testing.assert_array_equal(remote.codes, local.codes)
