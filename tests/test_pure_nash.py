"""Pure equilibria: known answers, Gambit agreement and properties."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma import InvalidParameterError, NormalFormGame
from dualdilemma.solvers.pure_nash import pure_equilibria
from dualdilemma.strategies import normal_form_games


@dataclass(frozen=True)
class PureCase:
    arrays: tuple
    expected: frozenset
    degenerate: bool | None
    source: str


def _three_player_coordination():
    # Each of three players earns 1 when all choose the same action, else 0 (a pure
    # coordination game: exactly two pure equilibria, the unanimous profiles).
    u = np.zeros((2, 2, 2), dtype=int)
    u[0, 0, 0] = u[1, 1, 1] = 1
    return (u, u, u)


def _three_player_majority():
    # Selten's (1975) "horse" is extensive form; here the 3-player minority game:
    # a player earns 1 if it is alone on its side.  Pure equilibria: every profile with a
    # 2-1 split (6 of them), each weak because the majority members are indifferent.
    u = np.zeros((3, 2, 2, 2), dtype=int)
    for s in np.ndindex(2, 2, 2):
        for i in range(3):
            u[(i, *s)] = int(sum(1 for t in s if t == s[i]) == 1)
    return tuple(u)


CASES = [
    pytest.param(
        PureCase(
            ([[3, 0], [5, 1]], [[3, 5], [0, 1]]),
            frozenset({(1, 1)}),
            None,
            "prisoner's dilemma, Rapoport & Chammah 1965",
        ),
        id="prisoners-dilemma",
    ),
    pytest.param(
        PureCase(
            ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),
            frozenset(),
            None,
            "matching pennies, von Neumann & Morgenstern 1944",
        ),
        id="matching-pennies",
    ),
    pytest.param(
        PureCase(
            ([[2, 0], [0, 1]], [[1, 0], [0, 2]]),
            frozenset({(0, 0), (1, 1)}),
            None,
            "battle of the sexes, Luce & Raiffa 1957",
        ),
        id="battle-of-the-sexes",
    ),
    pytest.param(
        PureCase(
            ([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]),
            frozenset(),
            None,
            "rock-paper-scissors",
        ),
        id="rock-paper-scissors",
    ),
    pytest.param(
        PureCase(
            ([[1, 1], [1, 1]], [[1, 1], [1, 1]]),
            frozenset({(0, 0), (0, 1), (1, 0), (1, 1)}),
            True,
            "a game of pure ties",
        ),
        id="all-ties",
    ),
    pytest.param(
        PureCase(
            _three_player_coordination(),
            frozenset({(0, 0, 0), (1, 1, 1)}),
            True,
            "3-player pure coordination (weak: deviations by one player cost 0 at "
            "the 2-1 profiles but equilibria are strict)",
        ),
        id="three-player-coordination",
    ),
    pytest.param(
        PureCase(
            _three_player_majority(),
            frozenset({(0, 0, 1), (0, 1, 0), (1, 0, 0), (1, 1, 0), (1, 0, 1), (0, 1, 1)}),
            True,
            "3-player minority game",
        ),
        id="three-player-minority",
    ),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("exact", [True, False], ids=["exact", "float"])
def test_known_pure_equilibria(case: PureCase, exact: bool) -> None:
    game = NormalFormGame.from_arrays(*case.arrays, exact=exact)
    result = pure_equilibria(game)
    assert {eq.pure_profile() for eq in result} == case.expected
    assert result.exact is exact
    assert result.complete
    for eq in result:
        assert eq.max_regret == 0
        assert game.max_regret(eq.profile) == 0


def test_three_player_coordination_is_not_flagged_weak() -> None:
    game = NormalFormGame.from_arrays(*_three_player_coordination())
    assert pure_equilibria(game).degenerate is None


def test_minority_game_is_flagged_degenerate() -> None:
    result = pure_equilibria(NormalFormGame.from_arrays(*_three_player_majority()))
    assert result.degenerate is True
    assert any("weak" in line for line in result.diagnostics)


def test_limit_is_reported_not_silent() -> None:
    game = NormalFormGame.from_arrays(np.zeros((2, 2)), np.zeros((2, 2)))
    result = pure_equilibria(game, limit=2)
    assert len(result) == 2 and not result.complete
    assert any("limit" in line for line in result.diagnostics)


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_bad_tolerance_is_a_typed_error(bad: float) -> None:
    game = NormalFormGame.from_arrays([1.0, 0.0])
    with pytest.raises(InvalidParameterError, match="tol"):
        pure_equilibria(game, tol=bad)


def test_float_tolerance_accepts_near_ties() -> None:
    game = NormalFormGame.from_arrays([[1.0, 0.0], [1.0 - 1e-12, 0.0]], [[1.0, 0.0], [1.0, 0.0]])
    assert {eq.pure_profile() for eq in pure_equilibria(game)} == {(0, 0), (1, 0)}
    assert {eq.pure_profile() for eq in pure_equilibria(game, tol=0.0)} == {(0, 0)}


@settings(max_examples=60, deadline=None)
@given(normal_form_games(num_players=st.integers(1, 4), num_actions=st.integers(1, 3)))
def test_pure_equilibria_are_exactly_the_zero_regret_profiles(game: NormalFormGame) -> None:
    found = {eq.pure_profile() for eq in pure_equilibria(game)}
    for index in np.ndindex(*game.shape):
        profile = [
            [Fraction(int(s == t)) for t in range(a)]
            for s, a in zip(index, game.shape, strict=True)
        ]
        assert (game.max_regret(profile) == 0) == (index in found)


@settings(max_examples=40, deadline=None)
@given(
    normal_form_games(num_players=st.integers(2, 4), num_actions=st.integers(1, 3)),
    st.data(),
)
def test_invariant_under_positive_affine_transforms(game: NormalFormGame, data) -> None:
    scales = data.draw(
        st.lists(st.integers(1, 9), min_size=game.num_players, max_size=game.num_players)
    )
    shifts = data.draw(
        st.lists(st.integers(-20, 20), min_size=game.num_players, max_size=game.num_players)
    )
    transformed = game.affine_transform([Fraction(s, 3) for s in scales], shifts)
    before = {eq.pure_profile() for eq in pure_equilibria(game)}
    after = {eq.pure_profile() for eq in pure_equilibria(transformed)}
    assert before == after
