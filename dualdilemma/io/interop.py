r"""Conversion to and from the game objects of nashpy and pygambit.

Both libraries use the payoff convention of :mod:`dualdilemma.games.normal_form`:

* **nashpy** (Knight and Campbell 2018, "Nashpy: a Python library for the computation of Nash
  equilibria", JOSS 3(30), 904): a two-player game ``nashpy.Game(A, B)`` holds the row
  player's matrix :math:`A = U[0]` and the column player's matrix :math:`B = U[1]` as float
  arrays, without labels or title.
* **pygambit** (McKelvey, McLennan and Turocy, Gambit: software tools for game theory,
  https://www.gambit-project.org): a strategic game ``pygambit.Game`` with labelled players
  and strategies, a title, and at each pure profile :math:`s` an outcome whose payoff to player
  :math:`i` is :math:`U[i, s]`, kept as an exact rational (or exact decimal) number.  A profile
  without an outcome pays zero to everyone.

Conversions to pygambit and back are exact: Fractions become Gambit rationals and Gambit's
rationals and decimals become Fractions; a float game enters Gambit through each float's
shortest decimal (``0.1`` becomes ``1/10``), the convention of :mod:`dualdilemma._numbers`.
Conversions to nashpy are to float64 and drop the labels, which :func:`from_nashpy` lets the
caller supply again.

Both libraries are imported only when a conversion is asked for; a missing one raises
:class:`ImportError` with the command that installs it.
"""

from __future__ import annotations

import decimal
import itertools
import numbers
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from dualdilemma._numbers import to_fraction
from dualdilemma.errors import InvalidGameError, UnsupportedGameError
from dualdilemma.games.normal_form import NormalFormGame

__all__ = ["to_nashpy", "from_nashpy", "to_pygambit", "from_pygambit"]


def _import(module: str, install: str, caller: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(f"{caller} needs {module}, which is not installed: {install}") from exc


def _check_game(game: Any, caller: str) -> NormalFormGame:
    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError(f"{caller} needs a NormalFormGame, got {type(game).__name__}")
    return game


# -- nashpy -----------------------------------------------------------------------------------


def to_nashpy(game: NormalFormGame) -> Any:
    """The two-player ``game`` as a ``nashpy.Game`` with float64 payoff matrices.

    Labels and title are not kept (nashpy has none); exact payoffs are rounded to the nearest
    float.

    Raises
    ------
    UnsupportedGameError
        If ``game`` does not have exactly two players.

    Examples
    --------
    >>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> to_nashpy(pd).payoff_matrices[1]
    array([[3., 5.],
           [0., 1.]])
    """
    game = _check_game(game, "to_nashpy")
    if game.num_players != 2:
        raise UnsupportedGameError(
            f"nashpy games have exactly 2 players, this game has {game.num_players}"
        )
    nash = _import("nashpy", "pip install nashpy", "to_nashpy")
    a, b = game.bimatrix()
    return nash.Game(np.asarray(a, dtype=float), np.asarray(b, dtype=float))


def from_nashpy(
    nashpy_game: Any,
    *,
    exact: bool | None = None,
    players: Sequence[str] | None = None,
    strategies: Sequence[Sequence[str]] | None = None,
    title: str = "",
) -> NormalFormGame:
    """A :class:`NormalFormGame` from a ``nashpy.Game`` (labels may be supplied).

    ``exact`` follows :class:`NormalFormGame`: ``None`` keeps integer matrices exact and float
    matrices as floats; ``True`` turns each float into the Fraction of its shortest decimal.

    >>> import nashpy
    >>> game = from_nashpy(nashpy.Game([[1, -1], [-1, 1]]), players=["Even", "Odd"])
    >>> game.players, game.is_zero_sum()
    (('Even', 'Odd'), True)
    """
    matrices = getattr(nashpy_game, "payoff_matrices", None)
    if matrices is None or len(matrices) != 2:
        raise UnsupportedGameError(
            f"from_nashpy needs a nashpy.Game, got {type(nashpy_game).__name__}"
        )
    a, b = (np.asarray(m) for m in matrices)
    return NormalFormGame.from_arrays(
        a, b, exact=exact, players=players, strategies=strategies, title=title
    )


# -- pygambit ----------------------------------------------------------------------------------


def _gambit_number(value: Any, where: str) -> Fraction:
    """A Gambit payoff (``pygambit.Rational``, ``decimal.Decimal``, int) as a plain Fraction."""
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise InvalidGameError(f"payoff {where} is not finite: {value}")
        return Fraction(value)
    if isinstance(value, numbers.Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    return to_fraction(value, what=f"payoff {where}")


def _set_labels(objects: Sequence[Any], labels: Sequence[str], what: str) -> None:
    """Relabel Gambit objects that must keep unique labels at every step.

    Gambit refuses a label already used in its scope, so renaming ``"1", "2"`` to ``"2", "1"``
    one by one would fail: every object first gets a placeholder used by no final label.
    """
    pad = "_"
    while any(f"{pad}{k}" in labels for k in range(len(labels))):
        pad += "_"
    for k, obj in enumerate(objects):
        obj.label = f"{pad}{k}"
    for obj, label in zip(objects, labels, strict=True):
        try:
            obj.label = label
        except (ValueError, UnicodeEncodeError) as exc:
            raise InvalidGameError(f"{what} {label!r} cannot be used in Gambit: {exc}") from None


def to_pygambit(game: NormalFormGame) -> Any:
    """The game as a strategic ``pygambit.Game``, with labels, title and exact payoffs.

    Each pure profile gets its own outcome.  Exact payoffs are passed as rationals; floats
    as the Fraction of their shortest decimal.

    Raises
    ------
    ImportError
        If pygambit is not installed (``pip install pygambit``).
    InvalidGameError
        If a label or the title is not acceptable to Gambit (Gambit 16.7 takes printable ASCII
        labels without leading, trailing or doubled spaces); the message names it.

    Examples
    --------
    >>> bos = NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]], title="BoS",
    ...                                  strategies=[["Opera", "Football"]] * 2)
    >>> g = to_pygambit(bos)
    >>> g.title, [s.label for s in g.players["Player 1"].strategies]
    ('BoS', ['Opera', 'Football'])
    >>> from_pygambit(g) == bos
    True
    """
    game = _check_game(game, "to_pygambit")
    gbt = _import("pygambit", "pip install pygambit", "to_pygambit")
    try:
        table = gbt.Game.new_table(list(game.shape), title=game.title)
    except UnicodeEncodeError as exc:
        raise InvalidGameError(f"title {game.title!r} cannot be used in Gambit: {exc}") from None
    gambit_players = list(table.players)
    _set_labels(gambit_players, game.players, "player label")
    for i, player in enumerate(gambit_players):
        _set_labels(
            list(player.strategies), game.strategies[i], f"strategy label of {game.players[i]!r}"
        )
    payoffs = game.payoffs
    for profile in itertools.product(*(range(a) for a in game.shape)):
        outcome = table[profile]
        for i, player in enumerate(gambit_players):
            outcome[player] = to_fraction(payoffs[(i, *profile)])
    return table


def from_pygambit(gbt_game: Any, *, exact: bool = True) -> NormalFormGame:
    """A :class:`NormalFormGame` from a ``pygambit.Game``, with labels and title.

    Strategic games are read profile by profile (a profile without an outcome pays zero); for
    an extensive-form game this is its (unreduced) strategic form, with expected payoffs over
    chance moves.  Payoffs are exact unless ``exact=False``.

    Raises
    ------
    UnsupportedGameError
        If ``gbt_game`` is not a pygambit game.

    Examples
    --------
    >>> import pygambit
    >>> g = pygambit.Game.from_arrays([[1, 0], [0, 1]], [["1/2", 0], [0, "1/3"]], title="t")
    >>> from_pygambit(g).payoff((1, 1))
    (Fraction(1, 1), Fraction(1, 3))
    """
    gbt = _import("pygambit", "pip install pygambit", "from_pygambit")
    if not isinstance(gbt_game, gbt.Game):
        raise UnsupportedGameError(
            f"from_pygambit needs a pygambit.Game, got {type(gbt_game).__name__}"
        )
    players = list(gbt_game.players)
    shape = tuple(len(player.strategies) for player in players)
    payoffs = np.empty((len(players), *shape), dtype=object)
    for profile in itertools.product(*(range(a) for a in shape)):
        outcome = gbt_game[profile]
        for i, player in enumerate(players):
            if outcome is None:
                payoffs[(i, *profile)] = Fraction(0)
            else:
                payoffs[(i, *profile)] = _gambit_number(
                    outcome[player], f"of player {player.label!r} at profile {profile}"
                )
    game = NormalFormGame(
        payoffs,
        players=[player.label for player in players],
        strategies=[[strategy.label for strategy in player.strategies] for player in players],
        exact=True,
        title=gbt_game.title,
    )
    return game if exact else game.to_float()
