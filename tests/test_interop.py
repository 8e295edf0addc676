"""Conversions to and from nashpy and pygambit: exact payoffs, labels, titles, failure modes."""

from __future__ import annotations

import importlib.util
import io
import itertools
import sys
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma import NormalFormGame
from dualdilemma.errors import InvalidGameError, UnsupportedGameError
from dualdilemma.io.interop import from_nashpy, from_pygambit, to_nashpy, to_pygambit
from dualdilemma.io.nfg import load_builtin, parse_nfg, write_nfg

F = Fraction

# -- nashpy ---------------------------------------------------------------------------------------


def test_to_nashpy_gives_float_bimatrix() -> None:
    game = NormalFormGame.from_arrays([[F(1, 3), 2], [3, 4]], [[5, 6], [7, F(-1, 8)]])
    converted = to_nashpy(game)
    a, b = converted.payoff_matrices
    assert a.dtype == b.dtype == np.float64
    assert np.array_equal(a, [[1 / 3, 2.0], [3.0, 4.0]])
    assert np.array_equal(b, [[5.0, 6.0], [7.0, -0.125]])


@pytest.mark.parametrize("name", ["prisoners-dilemma", "battle-of-sexes", "degenerate-3x2"])
def test_nashpy_round_trip_with_labels(name: str) -> None:
    game = load_builtin(name)
    back = from_nashpy(
        to_nashpy(game),
        exact=True,
        players=game.players,
        strategies=game.strategies,
        title=game.title,
    )
    assert back == game  # integer payoffs survive float64, so exact mode recovers them
    assert back.title == game.title
    floats = from_nashpy(
        to_nashpy(game), exact=False, players=game.players, strategies=game.strategies
    )
    assert floats == game.to_float()
    assert not floats.exact


def test_nashpy_finds_the_same_equilibria() -> None:
    bos = load_builtin("battle-of-sexes")
    found = {
        tuple(tuple(np.round(x, 9)) for x in eq) for eq in to_nashpy(bos).support_enumeration()
    }
    assert found == {
        ((1.0, 0.0), (1.0, 0.0)),
        ((0.0, 1.0), (0.0, 1.0)),
        ((round(2 / 3, 9), round(1 / 3, 9)), (round(1 / 3, 9), round(2 / 3, 9))),
    }
    for eq in to_nashpy(bos).support_enumeration():
        assert float(bos.to_float().max_regret(list(eq))) <= 1e-9


def test_from_nashpy_zero_sum_and_float_matrices() -> None:
    import nashpy

    game = from_nashpy(nashpy.Game(np.array([[0.5, -1.0], [-1.0, 1.0]])))
    assert not game.exact
    assert game.is_zero_sum()
    assert from_nashpy(nashpy.Game(np.array([[0.5]])), exact=True).payoffs[1, 0, 0] == F(-1, 2)


def test_to_nashpy_needs_two_players() -> None:
    game = load_builtin("export-dilemma-3")
    with pytest.raises(UnsupportedGameError, match="exactly 2 players, this game has 3"):
        to_nashpy(game)
    with pytest.raises(UnsupportedGameError, match="NormalFormGame, got ndarray"):
        to_nashpy(np.zeros((2, 2)))  # type: ignore[arg-type]


def test_from_nashpy_needs_a_nashpy_game() -> None:
    with pytest.raises(UnsupportedGameError, match="nashpy.Game, got dict"):
        from_nashpy({"A": [[1]]})


# -- pygambit ------------------------------------------------------------------------------------

gbt_required = pytest.mark.skipif(
    importlib.util.find_spec("pygambit") is None, reason="pygambit is not installed"
)


def _gambit_tensor(gbt_game) -> np.ndarray:
    """Payoffs read straight from pygambit, independently of from_pygambit."""
    players = list(gbt_game.players)
    shape = tuple(len(p.strategies) for p in players)
    out = np.empty((len(players), *shape), dtype=object)
    for profile in itertools.product(*(range(a) for a in shape)):
        outcome = gbt_game[profile]
        for i, player in enumerate(players):
            out[(i, *profile)] = F(0) if outcome is None else F(outcome[player])
    return out


_CHARS = "".join(chr(c) for c in range(0x21, 0x7F))
LABELS = st.lists(st.text(alphabet=_CHARS, min_size=1, max_size=4), min_size=1, max_size=2).map(
    " ".join
)
PAYOFFS = st.one_of(
    st.integers(-(10**25), 10**25).map(F),
    st.fractions(min_value=-100, max_value=100, max_denominator=10**12),
)


@st.composite
def games(draw: st.DrawFn) -> NormalFormGame:
    n = draw(st.integers(1, 4))
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    size = n * int(np.prod(shape))
    flat = np.empty(size, dtype=object)
    flat[:] = draw(st.lists(PAYOFFS, min_size=size, max_size=size))
    return NormalFormGame(
        flat.reshape((n, *shape)),
        players=draw(st.lists(LABELS, min_size=n, max_size=n, unique=True)),
        strategies=[draw(st.lists(LABELS, min_size=a, max_size=a, unique=True)) for a in shape],
        title=draw(st.text(alphabet=_CHARS + " ", max_size=15)),
    )


@gbt_required
@settings(max_examples=50, deadline=None)
@given(game=games())
def test_pygambit_round_trip_is_exact_with_labels(game: NormalFormGame) -> None:
    theirs = to_pygambit(game)
    assert theirs.title == game.title
    assert tuple(p.label for p in theirs.players) == game.players
    assert tuple(tuple(s.label for s in p.strategies) for p in theirs.players) == game.strategies
    assert np.array_equal(_gambit_tensor(theirs), game.payoffs)
    back = from_pygambit(theirs)
    assert back == game
    assert back.title == game.title
    assert all(type(v) is Fraction for v in back.payoffs.reshape(-1))


@gbt_required
@settings(max_examples=30, deadline=None)
@given(
    values=st.lists(
        st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=8, max_size=8
    )
)
def test_pygambit_float_games_round_trip(values: list[float]) -> None:
    game = NormalFormGame(np.array(values).reshape(2, 2, 2), exact=False)
    theirs = to_pygambit(game)
    assert np.array_equal(_gambit_tensor(theirs), game.to_exact().payoffs)
    assert from_pygambit(theirs, exact=False) == game


@gbt_required
def test_to_pygambit_can_swap_gambits_default_labels() -> None:
    # Gambit names players and strategies "1", "2"... and refuses a duplicate at every step
    game = NormalFormGame.from_arrays(
        [[1, 2], [3, 4]],
        [[5, 6], [7, 8]],
        players=["2", "1"],
        strategies=[["2", "1"], ["_0", "_1"]],
    )
    assert from_pygambit(to_pygambit(game)) == game


@gbt_required
def test_pygambit_solvers_see_the_same_game() -> None:
    import pygambit as gbt

    bos = load_builtin("battle-of-sexes")
    result = gbt.nash.enummixed_solve(to_pygambit(bos), rational=True)
    profiles = {
        tuple(tuple(eq[s] for s in p.strategies) for p in result.game.players)
        for eq in result.equilibria
    }
    assert ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))) in profiles
    assert len(profiles) == 3


@gbt_required
def test_from_pygambit_reads_null_outcomes_and_decimals() -> None:
    import pygambit as gbt

    text = (
        'NFG 1 R "t" { "A" "B" } { { "x" "y" } { "l" "r" } }\n'
        '{ { "o1" 0.1, -2 } { "" 3/7 4 } }\n1 0 2 1\n'
    )
    theirs = gbt.read_nfg(io.StringIO(text))
    game = from_pygambit(theirs)
    assert game.payoff((1, 0)) == (0, 0)  # the null outcome
    assert game.payoff((0, 0)) == (F(1, 10), -2)  # Gambit keeps 0.1 as a decimal
    assert type(game.payoffs[0, 0, 0]) is Fraction
    assert game.payoff((0, 1)) == (F(3, 7), 4)
    assert game == parse_nfg(text)
    assert from_pygambit(theirs, exact=False).payoffs[0, 0, 0] == 0.1


@gbt_required
def test_from_pygambit_takes_the_strategic_form_of_a_tree() -> None:
    import pygambit as gbt

    efg = (
        'EFG 2 R "Chance first" { "P1" "P2" }\n""\n\n'
        'c "" 1 "" { "H" 1/2 "T" 1/2 } 0\n'
        'p "" 1 1 "" { "a" "b" } 0\n'
        't "" 1 "Ha" { 2, 0 }\n'
        'p "" 2 1 "" { "x" "y" } 0\n'
        't "" 2 "Hbx" { 0, 1 }\n'
        't "" 3 "Hby" { 1, 0 }\n'
        'p "" 1 1 "" { "a" "b" } 0\n'
        't "" 4 "Ta" { 0, 0 }\n'
        't "" 5 "Tb" { 4, 1 }\n'
    )
    game = from_pygambit(gbt.read_efg(io.StringIO(efg)))
    assert game.title == "Chance first"
    # P1 plays a: (2 + 0) / 2 = 1 and 0 whatever P2 does; b against x: (0 + 4) / 2, (1 + 1) / 2
    assert game.payoff((0, 0)) == game.payoff((0, 1)) == (1, 0)
    assert game.payoff((1, 0)) == (2, 1)
    assert game.payoff((1, 1)) == (F(5, 2), F(1, 2))


@gbt_required
def test_pygambit_nfg_text_and_our_reader_agree() -> None:
    game = load_builtin("export-dilemma-3")
    assert parse_nfg(to_pygambit(game).to_nfg()) == game
    import pygambit as gbt

    assert from_pygambit(gbt.read_nfg(io.StringIO(write_nfg(game)))) == game


@gbt_required
@pytest.mark.parametrize(
    ("players", "title", "message"),
    [
        pytest.param(
            ["caf\xe9", "B"],
            "t",
            r"player label 'caf\xe9' cannot be used in Gambit",
            id="non-ascii-label",
        ),
        pytest.param(
            ["A  B", "C"],
            "t",
            r"player label 'A  B' cannot be used in Gambit: Invalid",
            id="double-space",
        ),
        pytest.param(["A", ""], "t", r"player label '' cannot be used in Gambit", id="empty"),
        pytest.param(
            ["A", "B"], "\u2014", r"title '\u2014' cannot be used in Gambit", id="non-ascii-title"
        ),
    ],
)
def test_to_pygambit_names_labels_gambit_refuses(players, title, message) -> None:
    game = NormalFormGame.from_arrays([[1]], [[2]], players=players, title=title)
    with pytest.raises(InvalidGameError, match=message):
        to_pygambit(game)


@gbt_required
def test_from_pygambit_needs_a_gambit_game() -> None:
    with pytest.raises(UnsupportedGameError, match="pygambit.Game, got NormalFormGame"):
        from_pygambit(load_builtin("battle-of-sexes"))
    with pytest.raises(UnsupportedGameError, match="NormalFormGame, got str"):
        to_pygambit("NFG 1 R")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("module", "call"),
    [
        pytest.param("pygambit", lambda: to_pygambit(load_builtin("battle-of-sexes")), id="to"),
        pytest.param("pygambit", lambda: from_pygambit(object()), id="from"),
        pytest.param("nashpy", lambda: to_nashpy(load_builtin("battle-of-sexes")), id="nashpy"),
    ],
)
def test_missing_library_gives_install_hint(monkeypatch, module: str, call) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    with pytest.raises(ImportError, match=f"pip install {module}"):
        call()
