"""Input limits (:mod:`dualdilemma.limits`) and the hostile inputs of issue 14.

Every case of the issue's table runs as a subprocess under a 2.5 GB address-space limit
(``RLIMIT_AS``) and must end with exit 2 and a one-line message naming the limit and the
option that raises it, or exit 0 where the input is valid and computable.  The subprocess
timeout only guards against a hang; no test asserts on timing.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from dualdilemma import limits
from dualdilemma.errors import DualDilemmaError, InvalidParameterError
from dualdilemma.limits import (
    LimitExceededError,
    check_number_text,
    check_risk_exponent,
    parse_exact_number,
    parse_limit_assignment,
    vertex_bound,
)

ADDRESS_SPACE = int(2.5 * 2**30)
HANG_GUARD = 120  # seconds; a guard against hangs, not a timing assertion

BASE = """
[market]
value = 10
risk_without_supply = 0.05
risk_with_supply = 0.9
tolerance = 0.1
discount = 0.9
[[supplier]]
name = "A"
capacity = 0.6
harm = 20
safeguard = 0.6
[[supplier]]
name = "B"
capacity = 0.5
harm = 5
safeguard = 0.2
[[supplier]]
name = "C"
capacity = 0.3
harm = 1
safeguard = 0
"""


def _limit_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DUALDILEMMA_DEBUG"}
    env["COLUMNS"] = "200"
    return subprocess.run(
        [sys.executable, "-m", "dualdilemma.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=HANG_GUARD,
        preexec_fn=_limit_memory,
    )


def _scenario(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def _market(**replace: str) -> str:
    text = BASE
    for key, value in replace.items():
        if key == "risk_exponent":
            text = text.replace("value = 10\n", f"value = 10\nrisk_exponent = {value}\n")
        elif key == "capacity":
            text = text.replace("capacity = 0.3", f"capacity = {value}")
        else:
            text = text.replace(f"{key} = 10\n", f"{key} = {value}\n")
    return text


def _random_game(path: Path, size: int) -> str:
    from dualdilemma import NormalFormGame
    from dualdilemma.io.nfg import write_nfg

    rng = np.random.default_rng(size)
    a, b = (rng.integers(-50, 50, (size, size)) for _ in range(2))
    write_nfg(NormalFormGame.from_arrays(a, b), path)
    return str(path)


def _supplier_market(path: Path, n: int) -> str:
    lines = [
        "[market]",
        "value = 10",
        "risk_without_supply = 0.05",
        "risk_with_supply = 0.9",
        "discount = 0.9",
    ]
    for i in range(n):
        lines += [
            "[[supplier]]",
            f'name = "S{i}"',
            f"capacity = {(i % 7 + 1) / 40}",
            f"harm = {i % 11}",
            f"safeguard = {(i % 5) / 5}",
        ]
    return _scenario(path, "\n".join(lines) + "\n")


LONG_FRACTION = '"' + "3" * 5000 + "/" + "1" + "0" * 5000 + '"'
LONG_DECIMAL = "0." + "1" * 4400

#: (id, arguments built from a temporary folder, allowed exit codes, text the message must hold)
TABLE = [
    (
        "value-1e999999999",
        lambda d: ["report", _scenario(d / "s.toml", _market(value="1e999999999"))],
        {2},
        "number_magnitude",
    ),
    (
        "value-string-1e999999999",
        lambda d: ["report", _scenario(d / "s.toml", _market(value='"1e999999999"'))],
        {2},
        "number_magnitude",
    ),
    (
        "detection-1e999999999",
        lambda d: ["report", "--detection", "1e999999999"],
        {2},
        "--limit number_magnitude",
    ),
    (
        "risk-exponent-1e6",
        lambda d: ["report", _scenario(d / "s.toml", _market(risk_exponent="1e6"))],
        {2},
        "risk_exponent",
    ),
    (
        "risk-exponent-10000",
        lambda d: ["report", _scenario(d / "s.toml", _market(risk_exponent="10000"))],
        {2},
        "risk_exponent",
    ),
    (
        "grid-1e9-points",
        lambda d: ["sweep", "--grid", "V=1:2:1000000000"],
        {2},
        "--limit grid_points",
    ),
    ("simulate-years", lambda d: ["simulate", "--years", "1000000000"], {2}, "history_years"),
    (
        "simulate-histories",
        lambda d: ["simulate", "--histories", "1000000000"],
        {2},
        "history_years",
    ),
    ("solve-25x25", lambda d: ["solve", _random_game(d / "g.nfg", 25)], {2}, "--method one"),
    ("solve-40x40", lambda d: ["solve", _random_game(d / "g.nfg", 40)], {2}, "solve_vertices"),
    (
        "value-1e400",
        lambda d: ["report", _scenario(d / "s.toml", _market(value="1e400"))],
        {2},
        "number_magnitude",
    ),
    (
        "value-1e5000",
        lambda d: ["report", _scenario(d / "s.toml", _market(value="1e5000"))],
        {2},
        "number_magnitude",
    ),
    (
        "capacity-1e-5000",
        lambda d: ["report", _scenario(d / "s.toml", _market(capacity='"1e-5000"'))],
        {2},
        "number_magnitude",
    ),
    (
        "decimal-4400-digits",
        lambda d: ["report", _scenario(d / "s.toml", _market(capacity=LONG_DECIMAL))],
        {2},
        "number_digits",
    ),
    (
        "nfg-1e9999",
        lambda d: ["solve", _scenario(d / "g.nfg", 'NFG 1 R "" { "A" "B" } { 1 1 } 1e9999 0')],
        {2},
        "payoff_magnitude",
    ),
    (
        "nfg-1e-9999",
        lambda d: ["solve", _scenario(d / "g.nfg", 'NFG 1 R "" { "A" "B" } { 1 1 } 1e-9999 0')],
        {2},
        "payoff_magnitude",
    ),
    ("game-directory", lambda d: ["solve", str(d)], {2}, "is a directory"),
    ("game-dev-null", lambda d: ["solve", os.devnull], {2}, "not a regular file"),
    ("grid-inf", lambda d: ["sweep", "--grid", "V=1:inf:3"], {2}, "finite"),
    (
        "fraction-5000-digits",
        lambda d: ["report", _scenario(d / "s.toml", _market(capacity=LONG_FRACTION))],
        {2},
        "number_digits",
    ),
    (
        "fraction-5000-digits-raised",
        lambda d: [
            "report",
            _scenario(d / "s.toml", _market(capacity=LONG_FRACTION)),
            "--limit",
            "number_digits=6000",
        ],
        {0},
        "",
    ),
    (
        "unknown-member-supplier",
        lambda d: ["report", _scenario(d / "s.toml", BASE + '[regime]\nmembers = ["Zzzzzz"]\n')],
        {2},
        "valid suppliers: A, B, C",
    ),
]


@pytest.mark.parametrize(("case", "build", "codes", "needle"), TABLE, ids=[t[0] for t in TABLE])
def test_issue_table_ends_cleanly(tmp_path: Path, case: str, build, codes, needle: str) -> None:
    done = run_cli(*build(tmp_path), cwd=tmp_path)
    assert done.returncode in codes, done.stderr[-500:]
    if 2 in codes:
        lines = done.stderr.splitlines()
        assert len(lines) == 1, done.stderr[-500:]
        assert lines[0].startswith("dualdilemma: error: ")
        assert needle in lines[0]
        assert len(lines[0]) < 400  # a long input is cut, never echoed
        assert "Decimal(" not in lines[0] and "Fraction(" not in lines[0]
        assert "not found" not in lines[0]
        assert "Warning" not in done.stderr
    else:
        assert done.stderr == ""


def test_cartel_members_honoured_on_a_40_supplier_market(tmp_path: Path) -> None:
    # issue 14's table: once silently ignored; exporting is provably dominant in this market,
    # so the exact large-market analysis runs and the requested cartel is in the output
    path = _supplier_market(tmp_path / "m.toml", 40)
    done = run_cli("cartel", path, "--members", "S1,S2,S3", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-500:]
    requested = json.loads(done.stdout)["cartels"]["requested"]
    assert requested["cartel"] == ["S1", "S2", "S3"]


def test_cartel_members_honoured_on_a_small_market(tmp_path: Path) -> None:
    path = _scenario(tmp_path / "s.toml", BASE)
    done = run_cli("cartel", path, "--members", "A,B", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    import json

    assert json.loads(done.stdout)["cartels"]["requested"]["cartel"] == ["A", "B"]


# -- the module's checks, in process ----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("1e101", "number_magnitude"),
        ("1e-101", "number_magnitude"),
        ("-0.000" + "0" * 200 + "1", "number_magnitude"),
        ("1" * 1001, "number_digits"),
        ("1/" + "1" * 1001, "number_digits"),
        ("1e" + "9" * 40, "number_magnitude"),
        ("1" + "0" * 200 + "/3", "number_magnitude"),
    ],
)
def test_numbers_beyond_the_limits_are_refused_from_their_text(text: str, limit: str) -> None:
    with pytest.raises(LimitExceededError, match=limit) as info:
        parse_exact_number(text)
    assert info.value.limit == limit
    assert len(str(info.value)) < 300


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", Fraction(0)),
        ("0e999999", Fraction(0)),
        ("-1.5e2", Fraction(-150)),
        (".5", Fraction(1, 2)),
        ("+3/6", Fraction(1, 2)),
        ("9.9e99", Fraction(99 * 10**98)),
        ("1e-99", Fraction(1, 10**99)),
        ("-4/-8", Fraction(1, 2)),
    ],
)
def test_numbers_within_the_limits_are_exact(text: str, value: Fraction) -> None:
    assert parse_exact_number(text) == value


def test_a_long_fraction_within_raised_limits_is_accepted() -> None:
    numerator, denominator = "7" * 5000, "3" * 4999 + "1"
    with limits.override(number_digits=6000):
        value = parse_exact_number(f"{numerator}/{denominator}")
        assert value == Fraction(int(numerator), int(denominator))
    with pytest.raises(LimitExceededError, match="number_digits"):
        parse_exact_number(f"{numerator}/{denominator}")


def test_not_a_number_is_none_not_a_limit() -> None:
    for text in ("abc", "1/2/3", "", "1e", "--1", "nan", "inf", "1_0"):
        assert check_number_text(text) is False or text == ""
        assert parse_exact_number(text) is None


def test_messages_name_the_cli_option_inside_a_command() -> None:
    with pytest.raises(LimitExceededError, match=r"override\(grid_points=N\)"):
        limits.check_grid_points(10**7)
    with limits.cli_interface(), pytest.raises(LimitExceededError, match="--limit grid_points=N"):
        limits.check_grid_points(10**7)


def test_override_is_scoped_and_validated() -> None:
    with limits.override(grid_points=10**8):
        limits.check_grid_points(10**7)
    with pytest.raises(LimitExceededError):
        limits.check_grid_points(10**7)
    with pytest.raises(InvalidParameterError, match="unknown limit"):
        with limits.override(grid=5):
            pass
    with pytest.raises(InvalidParameterError, match="integer >= 0"):
        with limits.override(grid_points=-1):
            pass


def test_limit_assignments() -> None:
    assert parse_limit_assignment("solve-vertices=2e6") == ("solve_vertices", 2 * 10**6)
    for bad in ("grid_points", "nope=3", "grid_points=1.5", "grid_points=" + "9" * 40):
        with pytest.raises(DualDilemmaError):
            parse_limit_assignment(bad)


def test_risk_exponent_limit() -> None:
    check_risk_exponent(Fraction(100))
    check_risk_exponent(Fraction(7, 3))
    for gamma in (Fraction(101), Fraction(1, 1000), Fraction(10**6)):
        with pytest.raises(LimitExceededError, match="risk_exponent"):
            check_risk_exponent(gamma)


def test_vertex_bound_is_mcmullens() -> None:
    # the cyclic polytope attains the bound; known values: a polygon with f edges has f
    # vertices, a 3-polytope with f facets at most 2f - 4
    assert [vertex_bound(2, f) for f in range(3, 9)] == list(range(3, 9))
    assert [vertex_bound(3, f) for f in range(4, 10)] == [2 * f - 4 for f in range(4, 10)]
    # and the dual cyclic 4-polytope with 6 facets has f(f-3)/2 = 9 vertices
    assert vertex_bound(4, 6) == 9


def test_solve_all_estimate_counts_after_dominance() -> None:
    from dualdilemma import NormalFormGame

    # every strategy but the first is strictly dominated: nothing left to enumerate
    payoffs = np.zeros((3, 9, 9, 9))
    for i in range(3):
        index = [slice(None)] * 3
        index[i] = 0
        payoffs[i][tuple(index)] = 1
    game = NormalFormGame(payoffs, exact=False)
    limits.check_solve_all(game)
    with limits.override(solve_supports=10):
        limits.check_solve_all(game)
    flat = NormalFormGame(np.zeros((3, 9, 9, 9)), exact=False)
    with pytest.raises(LimitExceededError, match="solve_supports"):
        limits.check_solve_all(flat)


def test_python_solve_refuses_a_large_bimatrix_game() -> None:
    from dualdilemma import NormalFormGame
    from dualdilemma.solvers.solve import solve

    rng = np.random.default_rng(0)
    game = NormalFormGame.from_arrays(*(rng.integers(-9, 9, (25, 25)) for _ in range(2)))
    with pytest.raises(LimitExceededError, match=r'solve\(game, "one"\)'):
        solve(game, "all")
    assert solve(game, "one").equilibria  # the suggested way out works


def test_max_seconds_bounds_the_n_player_search(tmp_path: Path) -> None:
    from dualdilemma import NormalFormGame
    from dualdilemma.cli import main
    from dualdilemma.io.nfg import write_nfg

    rng = np.random.default_rng(5)
    path = tmp_path / "g.nfg"
    write_nfg(NormalFormGame(rng.integers(-9, 10, (3, 5, 5, 5))), path)
    assert main(["solve", str(path)]) == 2  # beyond solve_supports
    assert main(["solve", str(path), "--max-seconds", "1", "--format", "json"]) == 0
    assert main(["solve", "prisoners-dilemma", "--max-seconds", "1"]) == 2  # two players
