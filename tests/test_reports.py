"""The scenario report: known answers, exact re-verification, cartel sections, renderers."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma.analysis.dual_dilemma import lone_switch_condition
from dualdilemma.analysis.profile_conditions import (
    lone_switch_dual_dilemma,
    market_region_conditions,
    profile_condition,
)
from dualdilemma.cartels.analysis import analyse_cartel
from dualdilemma.cartels.minimal import minimal_effective_cartels
from dualdilemma.cartels.sizes import cartel_sizes
from dualdilemma.models.export_market import ExportMarket, Supplier, SymmetricExportMarket
from dualdilemma.reporting import scenario_report as sr
from dualdilemma.reporting.blocks import FORMATS, render_report, report_blocks
from dualdilemma.reporting.common import TEXT_WIDTH, dumps_json
from dualdilemma.reporting.latex import escape_latex
from dualdilemma.scenarios import builtin_scenarios, load_scenario, parse_scenario
from dualdilemma.solvers.pure_nash import pure_equilibria

F = Fraction


def market_text(suppliers: list[tuple], *, value="4", p0="0", p1="1", extra="") -> str:
    lines = [
        "[market]",
        f'value = "{value}"',
        f'risk_without_supply = "{p0}"',
        f'risk_with_supply = "{p1}"',
        "discount = 0.9",
        'tolerance = "1/10"',
    ]
    for name, k, h, s, *c in suppliers:
        lines += [
            "[[supplier]]",
            f"name = {json.dumps(name)}",
            f'capacity = "{k}"',
            f'harm = "{h}"',
            f'safeguard = "{s}"',
            f'control_cost = "{c[0] if c else 0}"',
        ]
    return "\n".join(lines) + "\n" + extra


LEADER = market_text([("leader", 1, 1, "9/10"), ("other", 1, 1, "1/10")])
THREE = market_text(
    [("Leader", 1, 1, "9/10"), ("Other", 1, 1, "1/10"), ("Small", "1/2", 3, "1/2")],
    extra='[regime]\nname = "Club"\nmembers = ["Leader"]\n',
)


# -- known answers ------------------------------------------------------------------------------
def test_leader_report_known_answer() -> None:
    """MODEL s.2: the leader's control raises the risk by 2/5 and costs it 12/5 (its share 1/2
    of V = 4 less the harm of the extra risk)."""
    data = sr.scenario_report(parse_scenario(LEADER))
    assert data["suppliers"] == ["leader", "other"]
    assert data["pure_equilibria"] == [["export", "export"]]
    assert data["game"]["arithmetic"] == "exact"
    rows = {row["supplier"]: row for row in data["unilateral"]}
    leader, other = rows["leader"], rows["other"]
    assert (leader["delta_risk"], leader["delta_payoff"], leader["delta_share"]) == (
        "2/5",
        "-12/5",
        "-1/2",
    )
    assert leader["verdict"] == "dual dilemma" and leader["dual_dilemma"]
    assert leader["verdicts"] == ["ineffective", "counterproductive", "costly"]
    assert leader["baseline"] == ["export", "export"]
    assert (leader["others_capacity"], leader["others_mean_safeguard"]) == (1, "1/10")
    assert leader["others_cover"] is True
    assert other["verdict"] == "effective but costly" and other["delta_risk"] == "-2/5"
    assert data["dual_dilemma_holds_for"] == ["leader"]
    assert data["mixed_equilibria"]["computed"] is True


def test_covered_verdicts_agree_with_the_symbolic_condition() -> None:
    """Where the others cover the buyer, each row's verdict is the closed-form condition
    evaluated at that row's numbers (k_i, s_i, K_o, sbar)."""
    scenario = load_scenario("mtcr-1987")
    data = sr.scenario_report(scenario)
    condition = lone_switch_condition(others_cover=True)
    market = scenario.market
    by_name = {s.name: s for s in market.suppliers}
    checked = 0
    for row in data["unilateral"]:
        if not row["others_cover"]:
            continue
        s = by_name[row["supplier"]]
        values = {
            "k_i": s.capacity,
            "s_i": s.safeguard,
            "h_i": s.harm,
            "c_i": s.control_cost,
            "K_o": F(row["others_capacity"]),
            "sbar": F(row["others_mean_safeguard"]),
            "V": market.value,
            "p0": market.risk_without_supply,
            "p1": market.risk_with_supply,
        }
        verdict = condition.evaluate(values)
        assert verdict["ineffective"] == ("ineffective" in row["verdicts"])
        assert verdict["costly"] == ("costly" in row["verdicts"])
        assert verdict["holds"] == row["dual_dilemma"]
        checked += 1
    assert checked == len(data["unilateral"]) > 0


# -- pure equilibria through the float tensor, re-verified exactly -------------------------------
MARKETS = [
    pytest.param([("A", 1, 1, "9/10"), ("B", 1, 1, "1/10"), ("C", "1/2", 3, "1/2")], id="three"),
    pytest.param(
        [("A", "1/2", 20, "1/2"), ("B", "1/2", 20, "1/2"), ("C", "1/10", 1, 0)], id="big-two"
    ),
    pytest.param([("A", "1/2", 8, 0), ("B", "1/2", 8, 0), ("C", "1/2", 8, 0)], id="symmetric"),
    pytest.param([("A", 1, 1, 0), ("B", 1, 1, 0)], id="indifferent-ties"),
    pytest.param([("A", "1/3", 30, 0, 1), ("B", "1/3", 30, 0, 1), ("C", 1, 0, 0)], id="costs"),
]


@pytest.mark.parametrize("suppliers", MARKETS)
def test_float_path_finds_the_exact_equilibria(suppliers, monkeypatch) -> None:
    market = parse_scenario(market_text(suppliers)).market
    exact = sr.verified_pure_equilibria(market)
    assert exact["arithmetic"] == "exact"
    truth = sorted(eq.pure_profile() for eq in pure_equilibria(market.game(exact=True)).equilibria)
    assert sorted(exact["profiles"]) == truth
    monkeypatch.setattr(sr, "EXACT_SUPPLIERS", 1)
    floated = sr.verified_pure_equilibria(market)
    assert floated["arithmetic"] == "float" and "re-verified exactly" in floated["method"]
    assert sorted(floated["profiles"]) == truth
    assert floated["weak"] == [
        exact["weak"][exact["profiles"].index(p)] for p in floated["profiles"]
    ]


def test_float_false_positive_is_rejected_exactly(monkeypatch) -> None:
    """A supplier gains 10**-11 by exporting: float tolerance calls it indifferent, exact
    arithmetic does not, and the report keeps only the true equilibrium."""
    tiny = "1/1000000000000"
    market = parse_scenario(market_text([("A", 1, 0, 0), ("tiny", tiny, 0, 0)], value=10)).market
    monkeypatch.setattr(sr, "EXACT_SUPPLIERS", 1)
    result = sr.verified_pure_equilibria(market)
    assert result["profiles"] == [(0, 0)]
    assert any("rejected: regret" in note for note in result["diagnostics"])


def test_without_a_tensor_candidates_are_verified(monkeypatch) -> None:
    monkeypatch.setattr(sr, "TENSOR_SUPPLIERS", 2)
    scenario = parse_scenario(THREE)
    data = sr.scenario_report(scenario)
    assert data["pure_equilibria"] == [["export", "export", "export"]]
    # without a tensor the aggregative branch and bound certifies the list complete
    assert data["pure_equilibria_detail"]["complete"] is True
    assert "branch and bound" in data["pure_equilibria_detail"]["method"]
    assert data["mixed_equilibria"]["computed"] is False
    # exporting is provably dominant here, so the cartels are analysed without a tensor
    assert "exact for best-replying" in data["cartels"]["minimal_effective"]["assumption"]
    assert data["cartels"]["sizes"]
    assert data["cartels"]["minimal_effective"]["cartels"]  # capacity-based search still runs


def test_large_market_where_control_may_pay_is_searched_exactly(monkeypatch) -> None:
    # the "Small" supplier's harm is so large that it may control of its own accord: the cartels
    # are still analysed, with each cartel's outsiders best-responding, and the smallest
    # self-enforcing effective cartel comes from the exact search
    from dualdilemma.cartels import sustainable

    monkeypatch.setattr(sr, "TENSOR_SUPPLIERS", 2)
    monkeypatch.setattr(sustainable, "EXHAUSTIVE_SUPPLIERS", 0)
    text = market_text(
        [("Leader", 1, 1, "9/10"), ("Other", 1, 1, "1/10"), ("Small", "1/2", 300, "1/2")]
    )
    data = sr.scenario_report(parse_scenario(text))
    cartels = data["cartels"]
    assert cartels["minimal_effective"]["not_analysed"] is None
    assert cartels["minimal"] and cartels["sizes"]
    found = cartels["smallest_sustainable"]
    assert found["complete"] and "may control of its own accord" in found["reason"]
    rendered = " ".join(render_report(data, "text").split())
    assert "skipped" not in rendered


# -- mixed equilibria ----------------------------------------------------------------------------
def test_mixed_equilibria_of_a_small_game_are_verified() -> None:
    # two suppliers, each alone covers the buyer; harm large enough for an interior mix
    text = market_text([("A", 1, 10, 0), ("B", 1, 10, 0)], value=4)
    data = sr.scenario_report(parse_scenario(text))
    mixed = data["mixed_equilibria"]
    assert mixed["computed"] and mixed["complete"]
    assert all(eq["max_regret"] == 0 for eq in mixed["equilibria"])
    pure = [eq for eq in mixed["equilibria"] if eq["pure"]]
    assert len(pure) == len(data["pure_equilibria"])
    assert any(not eq["pure"] for eq in mixed["equilibria"])


def test_non_integer_risk_exponent_is_reported_in_floats() -> None:
    text = market_text([("A", 1, 1, "9/10"), ("B", 1, 1, "1/10")]).replace(
        'risk_with_supply = "1"', 'risk_with_supply = "1"\nrisk_exponent = 0.5'
    )
    data = sr.scenario_report(parse_scenario(text))
    assert data["game"]["arithmetic"] == "float"
    assert data["pure_equilibria"] == [["export", "export"]]
    assert isinstance(data["unilateral"][0]["delta_risk"], float)
    assert data["unilateral"][0]["verdict"] == "dual dilemma"


def test_mixed_equilibria_skipped_for_many_players_with_a_reason() -> None:
    text = market_text([(f"S{i}", "1/3", 1, "1/2") for i in range(5)])
    mixed = sr.scenario_report(parse_scenario(text))["mixed_equilibria"]
    assert mixed["computed"] is False and "5 players" in mixed["reason"]


def test_missing_mixed_solver_is_reported(monkeypatch) -> None:
    import dualdilemma.solvers.solve as solve_module

    def unavailable(game, method="all", **kwargs):
        raise ImportError("No module named 'dualdilemma.solvers.vertex_enumeration'")

    monkeypatch.setattr(solve_module, "solve", unavailable)
    mixed = sr.scenario_report(parse_scenario(LEADER))["mixed_equilibria"]
    assert mixed["computed"] is False and "unavailable" in mixed["reason"]


# -- cartels -------------------------------------------------------------------------------------
def test_cartel_section_matches_the_cartel_package() -> None:
    scenario = parse_scenario(THREE)
    section = sr.scenario_report(scenario)["cartels"]
    minimal = minimal_effective_cartels(scenario.market, scenario.tolerance)
    assert section["minimal_effective"]["cartels"] == [list(c) for c in minimal.cartels]
    for entry, cartel in zip(section["minimal"], minimal.cartels, strict=False):
        expected = analyse_cartel(
            scenario.market, cartel, tolerance=scenario.tolerance, discount=scenario.discount
        ).to_dict()
        assert entry == json.loads(json.dumps(expected))
        for member in entry["members"]:
            assert (member["critical_discount"] is None) == (member["status"] == "never")
    regime = section["regime"]
    assert regime["name"] == "Club" and regime["analysis"]["cartel"] == ["Leader"]
    for row in section["sizes"]:
        enforced = bool(row["self_enforcing"])
        assert row["sustains_cooperation"] == (
            row["effective"] and enforced and row["externally_stable"]
        )
    assert section["sustaining_sizes"] == [
        r["size"] for r in section["sizes"] if r["sustains_cooperation"]
    ]


def test_minimal_cartels_are_counted_when_the_list_stops(monkeypatch) -> None:
    # 8 identical suppliers of capacity 1/4, tau = 1/4: a cartel is effective iff it leaves at
    # most one outsider, so there are C(8, 7) = 8 minimal cartels; the list stops at 3
    monkeypatch.setattr(sr, "MINIMAL_LIMIT", 3)
    text = market_text([(f"S{i}", "1/4", "1/2", 0) for i in range(8)])
    scenario = parse_scenario(text.replace('tolerance = "1/10"', 'tolerance = "1/4"'))
    report = sr.scenario_report(scenario)
    minimal = report["cartels"]["minimal_effective"]
    assert minimal["found"] == 3 and not minimal["complete"]
    assert minimal["count"] == 8 and minimal["count_by_size"] == {"7": 8}
    assert minimal["count_method"].startswith("dynamic programming")
    rendered = " ".join(render_report(report, "text").split())
    assert "8 (exact count); the first 3 listed, smallest size 7" in rendered


@pytest.mark.parametrize(
    ("n", "harm", "safeguard", "tolerance", "discount"),
    [
        pytest.param(5, 8, 0, "1/2", "9/10", id="five"),
        pytest.param(4, 6, "1/4", "1/5", "4/5", id="four"),
        pytest.param(6, 12, "1/2", "1/10", "19/20", id="six"),
    ],
)
def test_sizes_agree_with_cartel_sizes_for_identical_suppliers(
    n, harm, safeguard, tolerance, discount
) -> None:
    """For identical suppliers the size table equals :func:`cartel_sizes` wherever the
    outsiders export (the closed form's assumption)."""
    suppliers = [(f"S{i}", "1/2", harm, safeguard) for i in range(n)]
    text = market_text(suppliers, value=10).replace('"1/10"', f'"{tolerance}"')
    text = text.replace("discount = 0.9", f'discount = "{discount}"')
    scenario = parse_scenario(text)
    rows = sr.scenario_report(scenario)["cartels"]["sizes"]
    symmetric = SymmetricExportMarket(
        n,
        value=10,
        risk_without_supply=0,
        risk_with_supply=1,
        capacity="1/2",
        harm=harm,
        safeguard=safeguard,
        control_cost=0,
    )
    closed = cartel_sizes(symmetric, tolerance=tolerance, discount=discount)
    compared = 0
    for row, size in zip(rows, closed, strict=True):
        assert row["size"] == size.size
        if not size.outsiders_export:
            continue
        assert row["effective"] == size.effective
        expected = size.critical_discount.value
        assert row["critical_discount"] == (None if expected is None else sr.json_number(expected))
        assert row["self_enforcing"] == size.self_enforcing
        assert row["externally_stable"] == size.externally_stable
        compared += 1
    assert compared >= 2


def test_requested_cartel_and_unknown_member() -> None:
    scenario = parse_scenario(THREE)
    data = sr.cartel_report(scenario, members=["Other", "Small"])
    assert data["cartels"]["requested"]["cartel"] == ["Other", "Small"]
    assert "game" not in data and "unilateral" not in data
    with pytest.raises(ValueError, match="did you mean 'Small'"):
        sr.cartel_report(scenario, members=["Smal"])


def test_enlargement_path_in_the_report() -> None:
    text = market_text(
        [("Leader", "9/10", 30, "1/2"), ("Emerging", "1/20", 5, 0), ("Fringe", "1/20", 5, 0)],
        value=10,
        extra='[capacity_paths]\nyears = [1975, 1985, 1995]\nEmerging = ["1/20", "1/5", "2/5"]\n',
    )
    path = sr.scenario_report(parse_scenario(text))["cartels"]["enlargement"]
    assert path["members"] == [["Leader"], ["Leader"], ["Leader", "Emerging", "Fringe"]]
    assert path["breakdown_year"] == 1985


def test_no_discount_means_no_self_enforcement_verdict() -> None:
    scenario = parse_scenario(LEADER.replace("discount = 0.9\n", ""))
    cartels = sr.scenario_report(scenario)["cartels"]
    assert cartels["smallest_sustainable"] is None
    assert "no discount factor" in " ".join(cartels["diagnostics"])


# -- conditions ----------------------------------------------------------------------------------
def test_model_conditions_are_complete_and_typeset() -> None:
    items = sr.model_conditions()["items"]
    keys = [item["key"] for item in items]
    assert {"ineffective", "costly", "dual_dilemma", "critical_discount", "effective"} <= set(keys)
    for item in items:
        assert item["latex"] and item["terms"] and item["expression"]


def test_profile_conditions_hold_exactly_at_the_equilibria() -> None:
    scenario = load_scenario("mtcr-1987")
    data = sr.conditions_report(scenario, ["V", "h_7"])
    values = scenario.market.parameter_values()
    assert [p["name"] for p in data["kept_parameters"]] == ["V", "h_7"]
    for item in data["profile_conditions"]:
        condition = sympy.S(sympy.sympify(item["expression"]))
        by_name = {s.name: s for s in condition.free_symbols}
        bound = condition.subs({by_name[n]: sympy.Rational(str(values[n])) for n in by_name})
        assert bool(bound) == item["equilibrium_here"]


_small = st.fractions(min_value=0, max_value=2, max_denominator=4)
_unit = st.fractions(min_value=0, max_value=1, max_denominator=4)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(_small, _small, _unit, _small), min_size=2, max_size=3),
    st.fractions(min_value=1, max_value=8, max_denominator=2),
)
def test_profile_condition_decides_exactly_the_pure_equilibria(suppliers, value) -> None:
    market = ExportMarket(
        value, 0, 1, [Supplier(f"S{i}", k, h, s, c) for i, (k, h, s, c) in enumerate(suppliers)]
    )
    truth = {eq.pure_profile() for eq in pure_equilibria(market.game()).equilibria}
    for profile in itertools.product((0, 1), repeat=len(suppliers)):
        condition = profile_condition(market, profile)
        assert condition.always == (profile in truth)
        assert condition.never == (profile not in truth)


def test_region_conditions_agree_with_the_report_at_the_scenario_values() -> None:
    scenario = load_scenario("nsg-1975")
    market = scenario.market
    conditions = market_region_conditions(market, ["V", "h_1"])
    values = market.parameter_values()
    point = {sympy.Symbol("V", positive=True): sympy.Rational(str(values["V"]))}
    point[sympy.Symbol("h_1", nonnegative=True)] = sympy.Rational(str(values["h_1"]))
    assert bool(conditions["all export"].subs(point)) is True  # the report's only equilibrium
    assert bool(conditions["all control"].subs(point)) is False
    leader = lone_switch_dual_dilemma(market, [0] * market.num_suppliers, "United States")
    assert bool(conditions["dual dilemma (United States)"].subs(point)) == bool(leader)


# -- rendering -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def builtin_reports() -> dict[str, dict]:
    return {name: sr.scenario_report(load_scenario(name)) for name in builtin_scenarios()}


def test_json_is_deterministic(builtin_reports) -> None:
    again = sr.scenario_report(load_scenario("mtcr-1987"))
    assert dumps_json(again) == dumps_json(builtin_reports["mtcr-1987"])
    json.loads(dumps_json(again))  # strict JSON (no NaN)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_every_builtin(builtin_reports, fmt) -> None:
    for name, data in builtin_reports.items():
        out = render_report(data, fmt)
        assert out.endswith("\n") and len(out) > 1000, name
        if fmt == "text":
            widths = [len(line) for line in out.splitlines()]
            assert max(widths) <= TEXT_WIDTH, name
        if fmt == "markdown":
            check_markdown(out)
        if fmt == "latex":
            check_latex(out)
        if fmt == "json":
            assert json.loads(out) == json.loads(dumps_json(data))


def test_text_report_says_what_matters(builtin_reports) -> None:
    out = render_report(builtin_reports["nsg-1975"], "text")
    for phrase in (
        "Pure equilibria",
        "all export",
        "dual dilemma",
        "Minimal effective cartels",
        "critical discount",
        "Cartel sizes",
        "Conditions that decide the verdicts",
        "Mixed equilibria: not computed",
    ):
        assert phrase in out


def check_markdown(source: str) -> None:
    """Every pipe table has the same number of cells in each row."""
    table: list[int] = []
    for line in [*source.splitlines(), ""]:
        if line.startswith("| "):
            cells = len(re.findall(r"(?<!\\)\|", line)) - 1
            table.append(cells)
        elif table:
            assert len(set(table)) == 1, table
            table = []
    assert source.count("$$") % 2 == 0


_MATH_ENVS = {"gather*", "equation*", "align*"}


def check_latex(source: str) -> None:
    """A structural check standing in for a TeX engine: a document class, balanced braces and
    environments, math balanced, and no unescaped special character in text mode."""
    assert source.startswith("\\documentclass")
    assert source.count("\\begin{document}") == 1 and source.rstrip().endswith("\\end{document}")
    stack: list[str] = []
    depth = 0
    math = False
    table = 0
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            match = re.match(r"\\(begin|end)\{([^}]*)\}", source[i:])
            if match:
                kind, env = match.groups()
                if kind == "begin":
                    stack.append(env)
                    math = math or env in _MATH_ENVS
                    table += env == "longtable"
                else:
                    assert stack and stack[-1] == env, (stack, env)
                    stack.pop()
                    if env in _MATH_ENVS:
                        math = False
                    table -= env == "longtable"
                i += match.end()
                continue
            i += 2  # a control symbol or the first letter of a control word
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            assert depth >= 0, source[max(0, i - 80) : i + 1]
        elif ch in "#%$~":
            raise AssertionError(f"unescaped {ch!r} near {source[max(0, i - 60) : i + 20]!r}")
        elif ch in "_^" and not math:
            raise AssertionError(f"{ch!r} outside math near {source[max(0, i - 60) : i + 20]!r}")
        elif ch == "&" and not (table or math):
            raise AssertionError(f"'&' outside a table near {source[max(0, i - 60) : i + 20]!r}")
        i += 1
    assert depth == 0 and not stack


def test_latex_escapes_hostile_names() -> None:
    hostile = "R&D_Co 100% #1 {x} ~$^\\"
    text = market_text([(hostile, 1, 1, "9/10"), ("other", 1, 1, "1/10")])
    data = sr.scenario_report(parse_scenario(text))
    source = render_report(data, "latex")
    check_latex(source)
    assert escape_latex(hostile) in source
    markdown = render_report(data, "markdown")
    check_markdown(markdown)
    assert "R&D\\_Co 100% #1 {x} ~$^\\\\" in markdown


def test_latex_checker_catches_errors() -> None:
    good = render_report(sr.scenario_report(parse_scenario(LEADER)), "latex")
    check_latex(good)
    for broken in (
        good.replace("\\end{longtable}", "", 1),
        good.replace("leader &", "lea_der &", 1),
        good.replace("\\section*{", "\\section*{{", 1),
        good.replace("\\par", "% \\par", 1),
    ):
        with pytest.raises(AssertionError):
            check_latex(broken)


def test_formulas_parse_as_math() -> None:
    """Every typeset formula is valid math for a real TeX-math parser (matplotlib's mathtext),
    which stands in for a TeX engine when none is installed."""
    from matplotlib.mathtext import MathTextParser

    parser = MathTextParser("agg")
    data = sr.conditions_report(parse_scenario(THREE), ["V", "h_1", "s_2"])
    items = [*data["conditions"]["items"], *data["profile_conditions"]]
    for item in items:
        for term in item["terms"]:
            parser.parse(f"${term}$")
    with pytest.raises(ValueError):
        parser.parse(r"$\frac{1}{$")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no TeX engine installed")
def test_latex_compiles_to_pdf(tmp_path: Path, builtin_reports) -> None:
    (tmp_path / "report.tex").write_text(render_report(builtin_reports["nsg-1975"], "latex"))
    completed = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "report.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stdout[-2000:]
    assert (tmp_path / "report.pdf").stat().st_size > 1000


def test_blocks_cover_each_report_kind() -> None:
    scenario = parse_scenario(THREE)
    kinds = {
        "report": sr.scenario_report(scenario),
        "cartel": sr.cartel_report(scenario),
        "conditions": sr.conditions_report(scenario, ["V"]),
    }
    for name, data in kinds.items():
        blocks = report_blocks(data)
        assert blocks, name
        for fmt in FORMATS:
            assert render_report(data, fmt)
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render_report(kinds["report"], "pdf")


README = Path(__file__).resolve().parent.parent / "README.md"


def _readme_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Scenario reports (`dualdilemma report`)")
    return text[start : text.index("\n## ", start + 10)]


def test_readme_documents_every_report_key() -> None:
    section = _readme_section()
    documented = set(re.findall(r"^\| ([^|]+) \|", section, flags=re.MULTILINE))
    keys = {k.strip("` ") for row in documented for k in row.split(",")}
    data = sr.scenario_report(parse_scenario(THREE))
    assert set(data) <= keys, set(data) - keys
    for key in data["cartels"]:
        assert f"`{key}`" in section, key


def test_readme_example_scenario_parses() -> None:
    section = _readme_section()
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    scenario = parse_scenario(example)
    assert scenario.suppliers == ("United States", "France", "West Germany")
    assert scenario.dynamics is not None and scenario.capacity_paths is not None


@pytest.mark.parametrize(
    ("members", "needed", "not_needed", "joiners"),
    [
        # {A, B} leaves only C's 5% of the buyer's needs: effective; without A or B it is not
        (["A", "B"], ["A", "B"], [], []),
        # with C too it stays effective without C, so C is not needed
        (["A", "B", "C"], ["A", "B"], ["C"], []),
        # {C} alone is not effective: the first minimal effective cartel {A, B} is needed
        (["C"], [], ["C"], ["A", "B"]),
    ],
)
def test_regime_members_needed_for_effectiveness(members, needed, not_needed, joiners) -> None:
    regime = f'[regime]\nname = "Club"\nmembers = {json.dumps(members)}\n'
    text = market_text([("A", 1, 1, 0), ("B", 1, 1, 0), ("C", "1/20", 1, 0)], extra=regime)
    data = sr.scenario_report(parse_scenario(text))
    found = data["cartels"]["regime"]["needed"]
    assert (found["needed"], found["not_needed"], found["non_members_needed"]) == (
        needed,
        not_needed,
        joiners,
    )
    assert "Members needed for effectiveness" in render_report(data, "text")


def test_search_seconds_limit_marks_the_cartel_search_incomplete() -> None:
    from dualdilemma import limits

    with limits.override(search_seconds=0):
        data = sr.scenario_report(load_scenario("mtcr-today"))
    assert data["cartels"]["smallest_sustainable"]["complete"] is False
    assert any("search_seconds" in note for note in data["cartels"]["diagnostics"])
    unlimited = sr.scenario_report(load_scenario("mtcr-today"))
    assert unlimited["cartels"]["smallest_sustainable"]["complete"] is True
