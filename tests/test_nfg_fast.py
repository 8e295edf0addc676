"""The vectorised reading of payoff lists gives exactly what the number grammar says.

Payoff lists are split and converted once per distinct spelling, with numpy for plain
decimals (int64, two int64 halves, or Python's parser beyond).  Each payoff read must equal
``Fraction(spelling)`` (Python's own exact parser, an independent reference) and, in float
mode, ``float(spelling)``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dualdilemma.io.nfg import parse_nfg

DIGITS = st.text("0123456789", min_size=1, max_size=45)
SPELLINGS = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.tuples(st.sampled_from(["", "-", "+"]), DIGITS, st.sampled_from([".", ""]), DIGITS).map(
        "".join
    ),
    st.tuples(st.sampled_from(["", "-"]), st.just("."), DIGITS).map("".join),
    st.tuples(st.integers(-99, 99), st.integers(1, 99)).map(lambda p: f"{p[0]}/{p[1]}"),
    st.tuples(DIGITS, st.integers(-30, 30)).map(lambda p: f"{p[0][:10]}e{p[1]}"),
)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(SPELLINGS, min_size=1, max_size=40))
def test_payoff_lists_read_exactly(spellings: list[str]) -> None:
    n = len(spellings)
    text = f'NFG 1 R "" {{ "P" }} {{ {n} }}\n' + "\n".join(spellings)
    game = parse_nfg(text)
    assert list(game.payoffs[0]) == [Fraction(s) for s in spellings]
    floats = parse_nfg(text, exact=False).payoffs[0]
    assert np.array_equal(floats, np.array([float(Fraction(s)) for s in spellings]))


def test_repeated_spellings_share_their_value_and_order_is_kept() -> None:
    body = ["0.5", "1", "0.5", "-2", "1", "0.50"]
    game = parse_nfg('NFG 1 R "" { "A" "B" } { 3 1 } ' + " ".join(body))
    # profile k lists (payoff of A, payoff of B)
    assert game.payoffs[0].ravel().tolist() == [Fraction(1, 2), Fraction(1, 2), Fraction(1)]
    assert game.payoffs[1].ravel().tolist() == [Fraction(1), Fraction(-2), Fraction(1, 2)]
