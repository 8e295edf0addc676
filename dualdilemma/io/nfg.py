r"""Gambit ``.nfg`` files: read both dialects, write the payoff-list dialect.

The format (version 1, documented by the Gambit Project, "Game representation formats",
https://gambitproject.readthedocs.io/en/latest/formats.html) is a sequence of tokens
separated by white space::

    NFG 1 R "title" { "P1" "P2" } { 2 3 }                      # strategy counts, or
    NFG 1 R "title" { "P1" "P2" } { { "a" "b" } { "x" "y" "z" } }  # strategy labels
    "optional comment"
    <body>

``D`` or ``R`` is the number type (doubles or rationals); the data are parsed the same way in
both cases.  Strings are double quoted and read as Gambit reads them (``src/games/file.cc``):
a quote preceded by a backslash is part of the string and stands for ``"``; a backslash
followed by any other character ``c`` stands for the backslash and ``c`` (so ``\\`` is read as
two backslashes, and ``\\x`` as three and ``x``).  Nothing else is escaped and line ends inside
strings are kept as they are.  The body is either

* the **payoff list**: for each pure profile, the payoffs of players :math:`1, \dots, n`; or
* the **outcome form**: ``{ { "name" u_1, ..., u_n } ... }`` (commas optional, names may be
  empty) followed by one outcome index per profile, ``0`` meaning the null outcome with all
  payoffs zero and :math:`k \ge 1` the :math:`k`-th outcome listed.

Profiles are listed with player 1's strategy varying fastest: with 0-based strategy indices
the profile :math:`(s_1, \dots, s_n)` comes at position

.. math::

    \ell(s) = s_1 + a_1 \bigl(s_2 + a_2 (s_3 + \dots + a_{n-1} s_n)\bigr),

which is Fortran (column-major) order of the payoff tensor ``U[i]`` (see
:mod:`dualdilemma.games.normal_form`).

Numbers are integers, decimals with an optional exponent (``-2``, ``.5``, ``1.5e-3``) or
rationals ``p/q``.  Like Gambit, which keeps every payoff as an exact number, this module reads
decimals as exact decimal fractions (``0.1`` is ``1/10``) and returns an exact game; pass
``exact=False`` for a float game (each payoff then is the float nearest to its exact value).
``nan`` and ``inf`` are rejected.  Nothing is ever evaluated: the tokenizer accepts only the
grammar above and every error is a :class:`~dualdilemma.errors.FormatError` that gives the line,
the column, what was expected and what was found.

Labels are made unique and nonempty the way Gambit 16.7 does when it reads a file: an empty
label becomes ``_1``, ``_2``...; repeated labels ``a``, ``a`` become ``a_1``, ``a_2`` (the next
suffix not already in use), so a file reads to the same labels here and in pygambit.

Writing: :func:`write_nfg` writes the payoff-list dialect, one profile per line, strategy labels
always spelled out, ``R`` for exact games and ``D`` for float games (floats are written as
their shortest round-tripping decimal, so a float game written and read back with
``exact=False`` is identical).  Text is escaped so that the reading rule above gives it back
exactly: a run of :math:`k` backslashes before a quote is written as :math:`k/2 + 1`
backslashes and the quote, a run before another character as :math:`(k + 1)/2`.  Under that
rule only even runs can precede a quote and only odd runs another character, and a string
cannot end in a backslash; text outside those forms cannot be written by any writer, and is
refused with its reason.  By default :func:`write_nfg` also refuses text that Gambit 16.7
would read back differently or reject (non-ASCII text; labels that are empty, have leading,
trailing or doubled spaces), naming the offending label.

Reading is fast for big games: the header is tokenised, and a payoff-list body is split and
converted with numpy (each distinct spelling is converted once), so a file of a million
payoffs is read in about a second.  Every number is measured against
:mod:`dualdilemma.limits` (digits, order of magnitude) before it is converted.
"""

from __future__ import annotations

import bisect
import itertools
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple

import numpy as np

from dualdilemma.errors import DualDilemmaError, FormatError, InvalidParameterError
from dualdilemma.games.normal_form import NormalFormGame
from dualdilemma.limits import LimitExceededError, parse_exact_number, shorten
from dualdilemma.limits import current as current_limits

__all__ = [
    "NfgDocument",
    "parse_nfg",
    "read_nfg",
    "read_nfg_document",
    "write_nfg",
    "builtin_games",
    "load_builtin",
]

#: Kept for compatibility: numbers are now bounded by :mod:`dualdilemma.limits`
#: (``number_magnitude`` and ``number_digits``), which every reader shares.
MAX_EXPONENT = 10_000

_NUMBER_SYNTAX = r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|\d+/\d+)"
_NUMBER = re.compile(_NUMBER_SYNTAX)
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_COUNT = re.compile(r"\+?\d+")
#: One token: a brace or comma, a number (a whole word), any other word (a symbol), or a string.
#: Inside a string a quote preceded by a backslash is part of the string (Gambit's rule), so the
#: string body is a run of: any character but a quote or backslash, or a run of backslashes
#: with the quote after it, if any (atomic, so a quote after a backslash never closes the
#: string).  Only white space matches none of the alternatives.
_TOKEN = re.compile(
    r"(?P<punct>[{},])"
    r"|(?P<number>" + _NUMBER_SYNTAX + r')(?=[\s{},"]|\Z)'
    r'|(?P<symbol>[^\s{},"]+)'
    r'|"(?P<string>(?>[^"\\]|\\+"?)*)"'
    r'|(?P<unclosed>")'
)
#: A run of backslashes and the character after it (or the end of the text).
_BACKSLASH_RUN = re.compile(r"(\\+)(.?)", re.DOTALL)

# -- tokens -----------------------------------------------------------------------------------


class _Token(NamedTuple):
    kind: str  # "{", "}", ",", "string", "number", "symbol", "eof"
    text: str  # the decoded string, the number's spelling, or the symbol
    offset: int  # position of the token's first character in the text


def _describe(token: _Token) -> str:
    if token.kind == "eof":
        return "the end of the file"
    if token.kind == "string":
        shown = token.text if len(token.text) <= 40 else token.text[:37] + "..."
        return f"the string {shown!r}"
    if token.kind == "number":
        return f"the number {token.text}"
    if token.kind == "symbol":
        return f"{token.text!r}"
    return f"'{token.kind}'"


class _Source:
    """The text being parsed, with line/column lookup for error messages."""

    def __init__(self, text: str, name: str | None) -> None:
        # a byte order mark is dropped; strings keep their line ends, as in Gambit
        self.text = text.removeprefix("\ufeff")
        self.name = name
        self._line_starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset (Windows and old Mac line ends too)."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _LINE_END.finditer(self.text)]
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def error(self, offset: int, message: str) -> FormatError:
        line, column = self.position(offset)
        where = f"{shorten(self.name, 200)}: " if self.name else ""
        return FormatError(f"{where}line {line}, column {column}: {message}")


_LINE_END = re.compile(r"\r\n|\r|\n")


def _gambit_unescape(raw: str) -> str:
    r"""A string's text as Gambit reads it: ``\"`` is ``"``, and ``\c`` is ``\c`` for any
    other ``c`` (the backslash is kept, and marks the next character too).

    >>> print(_gambit_unescape(r'q\"x'), _gambit_unescape(r'a\b'), _gambit_unescape(r'a\\b'))
    q"x a\b a\\\b
    """
    if "\\" not in raw:
        return raw
    out = []
    after_backslash = False
    for char in raw:
        if after_backslash:
            out.append('"' if char == '"' else "\\" + char)
        elif char != "\\":
            out.append(char)
        after_backslash = char == "\\"
    return "".join(out)


def _gambit_escape(text: str) -> tuple[str | None, str]:
    r"""``(escaped, "")`` such that :func:`_gambit_unescape` gives ``text`` back, or
    ``(None, reason)`` when no spelling can (see the module docstring).

    >>> print(_gambit_escape('q"x')[0], _gambit_escape(r'a\\\b')[0], _gambit_escape('a\\'))
    q\"x a\\b (None, 'a final backslash would escape the closing quote')
    """
    if "\\" not in text:
        return text.replace('"', '\\"'), ""
    problem = ""

    def run(match: re.Match[str]) -> str:
        nonlocal problem
        k, after = len(match.group(1)), match.group(2)
        if after == "":
            problem = "a final backslash would escape the closing quote"
        elif after == '"':
            if k % 2:
                problem = "an odd number of backslashes before a quote cannot be read back"
            return "\\" * (k // 2 + 1) + '"'
        elif after != "\\" and k % 2 == 0:
            problem = (
                "an even number of backslashes before a character other than a quote "
                "cannot be read back"
            )
        return "\\" * ((k + 1) // 2) + after

    quoted = _BACKSLASH_RUN.sub(run, text)
    if problem:
        return None, problem
    # quotes not preceded by a backslash run
    return re.sub(r'(?<!\\)"', '\\\\"', quoted), ""


class _Tokens:
    """Tokens read one at a time (so a big payoff list can be handed to numpy whole)."""

    def __init__(self, source: _Source) -> None:
        self.source = source
        self.matches = _TOKEN.finditer(source.text)
        self.buffer: list[_Token] = []
        self.done = False

    def _read(self) -> _Token:
        for match in self.matches:
            kind = match.lastgroup
            if kind == "punct":
                return _Token(match.group(), match.group(), match.start())
            if kind == "string":
                return _Token("string", _gambit_unescape(match.group(kind)), match.start())
            if kind == "unclosed":
                raise self.source.error(match.start(), "this string is never closed (missing '\"')")
            return _Token(kind, match.group(), match.start())  # type: ignore[arg-type]
        return _Token("eof", "", len(self.source.text))

    def peek(self) -> _Token:
        if not self.buffer:
            self.buffer.append(self._read())
        return self.buffer[0]

    def next(self) -> _Token:
        token = self.peek()
        if token.kind != "eof":
            self.buffer.pop()
        return token

    def restart(self, offset: int) -> None:
        """Continue tokenising from ``offset`` (after a bulk read of the body)."""
        self.buffer.clear()
        self.matches = _TOKEN.finditer(self.source.text, offset)


# -- parsing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NfgDocument:
    """Everything an ``.nfg`` file holds: the game and what :class:`NormalFormGame` does not keep.

    Attributes
    ----------
    game
        The game (title, player and strategy labels, payoffs).
    comment
        The optional comment string after the header (``""`` if absent).
    number_type
        ``"R"`` or ``"D"`` as written in the header (informative only: both are read exactly).
    dialect
        ``"payoffs"`` for the payoff list, ``"outcomes"`` for the outcome form.
    """

    game: NormalFormGame
    comment: str
    number_type: Literal["D", "R"]
    dialect: Literal["payoffs", "outcomes"]


class _Parser:
    def __init__(self, source: _Source, exact: bool) -> None:
        self.source = source
        self.tokens = _Tokens(source)
        self.exact = exact
        self.cache: dict[str, Fraction | float] = {}

    # token helpers
    def peek(self) -> _Token:
        return self.tokens.peek()

    def next(self) -> _Token:
        return self.tokens.next()

    def fail(self, token: _Token, expected: str) -> FormatError:
        return self.source.error(token.offset, f"expected {expected}, found {_describe(token)}")

    def expect(self, kind: str, expected: str) -> _Token:
        token = self.next()
        if token.kind != kind:
            raise self.fail(token, expected)
        return token

    def number(self, token: _Token) -> Fraction | float:
        """The value of a number token (cached: payoff tables repeat their numbers)."""
        value = self.cache.get(token.text)
        if value is None:
            value = self.cache[token.text] = self.convert(token.text, token.offset)
        return value

    def convert(self, spelling: str, offset: int) -> Fraction | float:
        """A number's value, its size checked against :mod:`dualdilemma.limits` first."""
        shown = shorten(spelling)
        try:
            value = parse_exact_number(spelling, "number", "payoff_magnitude")
        except LimitExceededError as exc:
            raise self.source.error(offset, str(exc)) from None
        except DualDilemmaError:
            raise self.source.error(
                offset, f"the number {shown} cannot be read: a zero denominator"
            ) from None
        if value is None:
            raise self.source.error(offset, f"expected a number, found {shown!r}")
        if self.exact:
            return value
        # float(Fraction) is correctly rounded: the float nearest the exact value
        try:
            as_float = float(value)
        except OverflowError:
            as_float = math.inf
        if not math.isfinite(as_float):
            raise self.source.error(
                offset, f"the number {shown} overflows a float (read with exact=True)"
            )
        return as_float

    def payoff(self, expected: str) -> Fraction | float:
        token = self.next()
        if token.kind == "number":
            return self.number(token)
        if token.kind == "symbol" and _NON_FINITE.fullmatch(token.text):
            raise self.source.error(
                token.offset,
                f"payoffs must be finite numbers, found {token.text!r} ({expected})",
            )
        raise self.fail(token, expected)

    def count(self, token: _Token, what: str, *, minimum: int) -> int:
        if token.kind != "number" or not _COUNT.fullmatch(token.text):
            raise self.fail(token, what)
        value = int(token.text)
        if value < minimum:
            raise self.source.error(
                token.offset, f"expected {what}, found {value} (must be at least {minimum})"
            )
        return value

    # grammar
    def header(self) -> tuple[str, str, list[str], list[list[str]]]:
        first = self.next()
        if first.kind != "symbol" or first.text != "NFG":
            raise self.fail(first, "the file type 'NFG' (this is not a Gambit .nfg file)")
        version = self.next()
        if version.kind != "number" or version.text != "1":
            raise self.fail(version, "the format version 1 (only 'NFG 1' is supported)")
        number_type = self.next()
        if number_type.kind != "symbol" or number_type.text not in ("D", "R"):
            raise self.fail(number_type, "the number type 'D' or 'R'")
        title = self.expect("string", "the game's title (a quoted string)").text
        self.expect("{", "'{' opening the list of player names")
        players = []
        while self.peek().kind == "string":
            players.append(self.next().text)
        closing = self.next()
        if closing.kind != "}":
            raise self.fail(closing, "a player name (a quoted string) or '}'")
        if not players:
            raise self.source.error(closing.offset, "the game has no players")
        strategies = self.strategy_block(players)
        return number_type.text, title, players, strategies

    def strategy_block(self, players: list[str]) -> list[list[str]]:
        opening = self.expect("{", "'{' opening the strategies (counts or label lists)")
        n = len(players)
        strategies: list[list[str]] = []
        labelled = self.peek().kind == "{"
        if labelled:
            while self.peek().kind == "{":
                brace = self.next()
                labels = []
                while self.peek().kind == "string":
                    labels.append(self.next().text)
                closing = self.next()
                if closing.kind != "}":
                    raise self.fail(closing, "a strategy label (a quoted string) or '}'")
                if not labels:
                    raise self.source.error(
                        brace.offset, f"player {len(strategies) + 1} has no strategies"
                    )
                strategies.append(labels)
        else:
            while self.peek().kind == "number":
                token = self.next()
                player = len(strategies) + 1
                count = self.count(token, f"the number of strategies of player {player}", minimum=1)
                room = len(self.source.text) // 2 + 1
                if count > room:
                    # each payoff takes at least two characters: refuse before building
                    # millions of labels for a file that cannot hold the payoffs
                    raise self.source.error(
                        token.offset,
                        f"player {player} is given {count} strategies, more than the "
                        f"{room} payoffs the whole file could hold",
                    )
                strategies.append([str(s + 1) for s in range(count)])
        closing = self.next()
        if closing.kind != "}":
            what = "a strategy list '{ ... }'" if labelled else "a strategy count"
            raise self.fail(closing, f"{what} or '}}' closing the strategies")
        if len(strategies) != n:
            raise self.source.error(
                opening.offset,
                f"the header names {n} player{'s' * (n != 1)} but gives strategies for "
                f"{len(strategies)}",
            )
        return strategies

    def body(self, n: int, shape: tuple[int, ...]) -> tuple[list[Any], str]:
        """The payoffs as a flat list, profile by profile (player 1 fastest), and the dialect."""
        profiles = math.prod(shape)
        token = self.peek()
        if token.kind == "{":
            return self.outcome_body(n, profiles), "outcomes"
        if token.kind == "number" or token.kind == "symbol":
            return self.payoff_body(n, profiles), "payoffs"
        raise self.fail(token, "the payoffs or an outcome list '{ ... }'")

    def payoff_body(self, n: int, profiles: int) -> Any:
        expected = n * profiles
        if math.prod([n, profiles]) > len(self.source.text):
            token = self.peek()
            raise self.source.error(
                token.offset,
                f"expected {expected} payoffs ({profiles} profiles x {n} players), more than "
                "the rest of the file can hold",
            )
        values = self.bulk_payoffs(expected)
        if values is not None:
            return values
        # something is missing or malformed: walk the payoffs one by one to say what and where
        values: list[Any] = []
        for k in range(expected):
            if self.peek().kind == "eof":
                raise self.source.error(
                    self.peek().offset,
                    f"expected {expected} payoffs ({profiles} profiles x {n} players), found {k}",
                )
            profile, player = divmod(k, n)
            values.append(
                self.payoff(
                    f"payoff {k + 1} of {expected} (player {player + 1} at profile "
                    f"{profile + 1}, a number)"
                )
            )
        return values  # pragma: no cover - the fast path takes every well-formed list

    def bulk_payoffs(self, expected: int) -> np.ndarray | None:
        """The whole payoff list at once, or ``None`` if it is not exactly ``expected`` numbers
        (the caller then walks it token by token to say what is wrong, and where).

        The body is split on white space and each distinct spelling converted once
        (:meth:`convert`); the payoffs are then gathered by numpy indexing.
        """
        start = self.peek().offset
        words = self.source.text[start:].split()
        if len(words) != expected:
            return None
        codes: dict[str, int] = {}
        inverse = np.fromiter(
            map(codes.setdefault, words, itertools.count()), dtype=np.int64, count=expected
        )
        # codes.setdefault(word, k) keeps the first k: renumber to 0..len(codes)-1
        first = np.fromiter(codes.values(), dtype=np.int64, count=len(codes))
        renumber = np.empty(expected, dtype=np.int64)
        renumber[first] = np.arange(len(codes))
        inverse = renumber[inverse]
        spellings = list(codes)
        distinct = _plain_decimals(spellings, self.exact)
        if distinct is not None:
            self.tokens.restart(len(self.source.text))
            return distinct[inverse]
        distinct = np.empty(len(codes), dtype=object if self.exact else float)
        number = _NUMBER.fullmatch
        for k, word in enumerate(spellings):
            if number(word) is None:
                return None
            value = self.cache.get(word)
            if value is None:
                try:
                    value = self.cache[word] = self.convert(word, start)
                except FormatError:
                    return None  # the walk reports it at its own line and column
            distinct[k] = value
        self.tokens.restart(len(self.source.text))
        return distinct[inverse]

    def outcome_body(self, n: int, profiles: int) -> list[Any]:
        self.expect("{", "'{'")
        outcomes: list[tuple[Any, ...]] = [
            tuple(Fraction(0) if self.exact else 0.0 for _ in range(n))
        ]
        while self.peek().kind == "{":
            self.next()
            number = len(outcomes)
            name = self.expect(
                "string", f"the name of outcome {number} (a quoted string, may be empty)"
            ).text
            payoffs = []
            while self.peek().kind not in ("}", "eof"):
                if len(payoffs) == n:
                    raise self.fail(
                        self.peek(),
                        f"'}}' closing outcome {number} ({name!r}): it lists more than "
                        f"{n} payoffs (one per player)",
                    )
                payoffs.append(self.payoff(f"a payoff of outcome {number} ({name!r})"))
                if self.peek().kind == ",":
                    self.next()
            closing = self.next()
            if closing.kind != "}":
                raise self.fail(closing, f"'}}' closing outcome {number} ({name!r})")
            if len(payoffs) != n:
                raise self.source.error(
                    closing.offset,
                    f"outcome {number} ({name!r}) has {len(payoffs)} payoffs, expected {n} "
                    "(one per player)",
                )
            outcomes.append(tuple(payoffs))
        self.expect("}", "'{' opening an outcome or '}' closing the outcome list")
        last = len(outcomes) - 1
        values: list[Any] = []
        for k in range(profiles):
            token = self.next()
            if token.kind == "eof":
                raise self.source.error(
                    token.offset,
                    f"expected {profiles} outcome indices (one per profile), found {k}",
                )
            if token.kind != "number" or not _COUNT.fullmatch(token.text):
                raise self.fail(
                    token, f"outcome index {k + 1} of {profiles} (an integer 0..{last})"
                )
            index = int(token.text)
            if index > last:
                raise self.source.error(
                    token.offset,
                    f"outcome index {index} (profile {k + 1}) is out of range: the file "
                    f"defines {last} outcome{'s' * (last != 1)}, so indices run from 0 "
                    f"(null outcome) to {last}",
                )
            values.extend(outcomes[index])
        return values

    def document(self) -> NfgDocument:
        number_type, title, players, strategies = self.header()
        comment = ""
        if self.peek().kind == "string":
            comment = self.next().text
        shape = tuple(len(labels) for labels in strategies)
        flat, dialect = self.body(len(players), shape)
        trailing = self.peek()
        if trailing.kind != "eof":
            raise self.fail(trailing, "the end of the file after the last profile")
        game = _build_game(flat, players, strategies, shape, title, self.exact)
        return NfgDocument(game, comment, number_type, dialect)  # type: ignore[arg-type]


#: Decimals without exponent, one per line: the spellings of most payoff lists.
_PLAIN_DECIMALS = re.compile(r"(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:\n|\Z))+")
#: Digits that always fit int64 with room to align decimal points.
_INT64_DIGITS = 18


def _plain_decimals(spellings: list[str], exact: bool) -> np.ndarray | None:
    """Values of distinct decimal spellings, vectorised, or ``None`` outside the plain case.

    The plain case: every spelling is a decimal without exponent, so its length bounds its
    digits and its order of magnitude.  Up to 18 digits once decimal points are aligned they
    are converted in int64, and are within every limit of :mod:`dualdilemma.limits`.  Exact
    values are ``m / 10^d`` reduced by a vectorised gcd; float values are parsed by numpy
    (correctly rounded, like ``float(text)``).
    """
    if not hasattr(np, "strings"):  # numpy < 2: the per-spelling path
        return None
    joined = "\n".join(spellings)
    if _PLAIN_DECIMALS.fullmatch(joined) is None:
        return None
    text = np.array(spellings)
    if not exact:
        if max(map(len, spellings)) > 300:
            return None  # may overflow a float: the per-spelling path says where
        return text.astype(np.float64)
    limits = current_limits()
    if max(map(len, spellings)) > min(limits.number_digits, limits.payoff_magnitude):
        return None
    unsigned = np.strings.lstrip(text, "+-")
    before, _, after = np.strings.partition(unsigned, ".")
    places = int(np.strings.str_len(after).max())
    aligned = np.strings.add(before, np.strings.ljust(after, places, "0"))
    width = int(np.strings.str_len(aligned).max())
    negative = np.strings.startswith(text, "-")
    out = np.empty(len(spellings), dtype=object)
    if width <= _INT64_DIGITS:
        numerators = np.where(aligned == "", "0", aligned).astype(np.int64)
        numerators = np.where(negative, -numerators, numerators)
        scale = np.int64(10**places)
        common = np.gcd(numerators, scale)
        pairs = zip((numerators // common).tolist(), (scale // common).tolist(), strict=True)
        out[:] = [Fraction(n, d) for n, d in pairs]
        return out
    if width <= 2 * _INT64_DIGITS and hasattr(np.strings, "slice"):  # numpy >= 2.3
        # two int64 halves of at most 18 digits each, joined as Python integers
        aligned = np.strings.rjust(aligned, 2 * _INT64_DIGITS, "0")
        high = np.strings.slice(aligned, 0, _INT64_DIGITS).astype(np.int64).tolist()
        low = np.strings.slice(aligned, _INT64_DIGITS, None).astype(np.int64).tolist()
        shift, scale_int = 10**_INT64_DIGITS, 10**places
        signs = np.where(negative, -1, 1).tolist()
        out[:] = [
            Fraction(sign * (h * shift + lo), scale_int)
            for sign, h, lo in zip(signs, high, low, strict=True)
        ]
        return out
    out[:] = [Fraction(word) for word in spellings]
    return out


def _normalize_labels(labels: Sequence[str]) -> list[str]:
    """Gambit's rule: empty labels and repeated labels get ``_n`` suffixes not yet in use."""
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    used = set(labels)
    visited: dict[str, int] = {}
    out = []
    for label in labels:
        if counts[label] == 1 and label != "":
            out.append(label)
            continue
        while True:
            visited[label] = visited.get(label, 0) + 1
            candidate = f"{label}_{visited[label]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return out


def _build_game(
    flat: list[Any],
    players: list[str],
    strategies: list[list[str]],
    shape: tuple[int, ...],
    title: str,
    exact: bool,
) -> NormalFormGame:
    n = len(players)
    table = np.empty((len(flat) // n, n), dtype=object if exact else float)
    table.reshape(-1)[:] = flat
    payoffs = np.empty((n, *shape), dtype=table.dtype)
    for i in range(n):
        payoffs[i] = table[:, i].reshape(shape, order="F")
    return NormalFormGame(
        payoffs,
        players=_normalize_labels(players),
        strategies=[_normalize_labels(labels) for labels in strategies],
        exact=exact,
        title=title,
    )


# -- public reading API -------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # files written by old Gambit versions use the platform's 8-bit encoding
        return data.decode("latin-1")


def _load(source: Any) -> tuple[str, str | None]:
    if isinstance(source, bytes | bytearray):
        return _decode(bytes(source)), None
    if isinstance(source, str):
        stripped = source.lstrip()
        if stripped.startswith("NFG") or "{" in source or "\n" in source:
            return source, None
        return _decode(Path(source).read_bytes()), source
    if isinstance(source, os.PathLike):
        return _decode(Path(source).read_bytes()), os.fspath(source)
    if hasattr(source, "read"):
        data = source.read()
        name = getattr(source, "name", None)
        text = _decode(data) if isinstance(data, bytes | bytearray) else str(data)
        return text, name if isinstance(name, str) else None
    if isinstance(source, Traversable):
        return _decode(source.read_bytes()), str(source)
    raise InvalidParameterError(
        "an .nfg source must be a path, the file's text, bytes or an open file, got "
        f"{type(source).__name__}"
    )


def parse_nfg(text: str, *, exact: bool = True) -> NormalFormGame:
    """Parse the text of a Gambit ``.nfg`` file (either dialect) into a game.

    Parameters
    ----------
    text
        The file's contents.
    exact
        ``True`` (default, Gambit's convention) reads every payoff exactly, decimals as decimal
        fractions; ``False`` returns a float game.

    Raises
    ------
    FormatError
        With the line, column, what was expected and what was found.

    Examples
    --------
    Matching pennies in the payoff-list dialect (player 1's strategy varies fastest):

    >>> game = parse_nfg('NFG 1 R "Pennies" { "Row" "Col" } { 2 2 }  1 -1  -1 1  -1 1  1 -1')
    >>> game.payoffs[0]
    array([[Fraction(1, 1), Fraction(-1, 1)],
           [Fraction(-1, 1), Fraction(1, 1)]], dtype=object)
    >>> parse_nfg('NFG 1 D "" { "A" "B" } { 1 1 } 0.1 2.5e-1').payoff((0, 0))
    (Fraction(1, 10), Fraction(1, 4))
    """
    if not isinstance(text, str):
        raise InvalidParameterError(
            f"parse_nfg needs the file's text (str), got {type(text).__name__}"
        )
    return _Parser(_Source(text, None), exact).document().game


def read_nfg_document(source: Any, *, exact: bool = True) -> NfgDocument:
    """Read an ``.nfg`` file and keep its comment, number type and dialect.

    ``source`` is a path (``str`` or :class:`os.PathLike`), the file's text (a string starting
    with ``NFG``), ``bytes``, an open file, or an :mod:`importlib.resources` traversable.

    >>> doc = read_nfg_document(builtin_games()["prisoners-dilemma"])
    >>> doc.dialect, doc.game.strategies
    ('payoffs', (('Cooperate', 'Defect'), ('Cooperate', 'Defect')))
    """
    text, name = _load(source)
    return _Parser(_Source(text, name), exact).document()


def read_nfg(source: Any, *, exact: bool = True) -> NormalFormGame:
    """Read a Gambit ``.nfg`` file from a path, text, bytes or an open file.

    See :func:`parse_nfg` for ``exact`` and the errors raised, and :func:`read_nfg_document`
    to keep the file's comment.

    >>> read_nfg('NFG 1 R "t" { "P1" "P2" } { { "L" "R" } { "l" } } { { "" 1, 2 } } 1 0')
    NormalFormGame(2 players, 2x1, exact, title='t')
    """
    return read_nfg_document(source, exact=exact).game


# -- writing ---------------------------------------------------------------------------------


def _gambit_label_problem(label: str) -> str | None:
    """Why Gambit 16.7 would reject or alter a player/strategy label (``None`` if it is fine)."""
    if label == "":
        return "it is empty"
    if any(not " " <= ch <= "~" for ch in label):
        return "it has characters other than printable ASCII and spaces"
    if label != label.strip(" "):
        return "it begins or ends with a space"
    if "  " in label:
        return "it has two consecutive spaces"
    return _gambit_text_problem(label)


def _gambit_text_problem(text: str) -> str | None:
    """Why Gambit 16.7 would read a title or comment back differently (``None`` if fine)."""
    if not text.isascii():
        return "it has non-ASCII characters"
    return None


def _quote(text: str, what: str, *, gambit: bool, label: bool) -> str:
    escaped, problem = _gambit_escape(text)
    if escaped is None:
        raise FormatError(f"{what} {shorten(text)!r} cannot be written to an .nfg file: {problem}")
    if gambit:
        issue = _gambit_label_problem(text) if label else _gambit_text_problem(text)
        if issue is not None:
            raise FormatError(
                f"{what} {shorten(text)!r} cannot be read back by Gambit: {issue} "
                "(rename it, or pass gambit_compatible=False)"
            )
    return '"' + escaped + '"'


def _format_number(value: Any) -> str:
    if isinstance(value, Fraction):
        return str(value)
    return repr(float(value))


def write_nfg(
    game: NormalFormGame,
    path: str | os.PathLike[str] | IO[str] | None = None,
    *,
    comment: str = "",
    gambit_compatible: bool = True,
) -> str:
    """Write ``game`` as a Gambit ``.nfg`` file in the payoff-list dialect.

    Parameters
    ----------
    game
        Any normal-form game; title, labels and payoffs are written exactly.
    path
        Where to write (a path or an open text file); ``None`` only returns the text.
    comment
        The file's comment string (free text, e.g. the game's source and parameters).
    gambit_compatible
        If ``True`` (default), refuse labels, title or comment that Gambit 16.7 would reject or
        read back differently (see the module docstring), so every file written is read by
        Gambit to the same game.

    Returns
    -------
    str
        The file's text.

    Raises
    ------
    FormatError
        A label or text cannot be written (the message names it and says why).

    Examples
    --------
    >>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]], title="PD",
    ...                                 strategies=[["C", "D"], ["C", "D"]])
    >>> print(write_nfg(pd, comment="Rapoport and Chammah (1965)"))
    NFG 1 R "PD" { "Player 1" "Player 2" }
    { { "C" "D" }
      { "C" "D" }
    }
    "Rapoport and Chammah (1965)"
    <BLANKLINE>
    3 3
    5 0
    0 5
    1 1
    <BLANKLINE>
    >>> read_nfg(write_nfg(pd)) == pd
    True
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidParameterError(f"write_nfg needs a NormalFormGame, got {type(game).__name__}")
    gambit = bool(gambit_compatible)
    players = " ".join(_quote(p, "player label", gambit=gambit, label=True) for p in game.players)
    strategy_lines = [
        "{ "
        + " ".join(
            _quote(s, f"strategy label of player {game.players[i]!r}", gambit=gambit, label=True)
            for s in labels
        )
        + " }"
        for i, labels in enumerate(game.strategies)
    ]
    number_type = "R" if game.exact else "D"
    lines = [
        f"NFG 1 {number_type} {_quote(game.title, 'title', gambit=gambit, label=False)} "
        f"{{ {players} }}",
        "{ " + "\n  ".join(strategy_lines),
        "}",
        _quote(str(comment), "comment", gambit=gambit, label=False),
        "",
    ]
    n = game.num_players
    columns = [game.payoffs[i].reshape(-1, order="F") for i in range(n)]
    for k in range(game.num_profiles):
        lines.append(" ".join(_format_number(columns[i][k]) for i in range(n)))
    text = "\n".join(lines) + "\n"
    if path is not None:
        if hasattr(path, "write"):
            path.write(text)  # type: ignore[union-attr]
        else:
            Path(path).write_text(text, encoding="utf-8", newline="\n")
    return text


# -- shipped games --------------------------------------------------------------------------------


def _games_dir() -> Traversable:
    return resources.files("dualdilemma").joinpath("data", "games")


def builtin_games() -> dict[str, Traversable]:
    """The ``.nfg`` games shipped with dualdilemma: name (file name without ``.nfg``) to file.

    The files are :class:`pathlib.Path` objects in a normal installation; any value can be
    passed to :func:`read_nfg`.  Each file's comment states its source and parameters.

    >>> sorted(builtin_games())  # doctest: +NORMALIZE_WHITESPACE
    ['battle-of-sexes', 'degenerate-3x2', 'export-dilemma-3', 'prisoners-dilemma']
    """
    found = {}
    for entry in _games_dir().iterdir():
        if entry.is_file() and entry.name.endswith(".nfg"):
            found[entry.name[: -len(".nfg")]] = entry
    return dict(sorted(found.items()))


def load_builtin(name: str, *, exact: bool = True) -> NormalFormGame:
    """Load a shipped game by name (see :func:`builtin_games`).

    Raises
    ------
    InvalidParameterError
        For an unknown name; the message lists the available names.

    >>> load_builtin("battle-of-sexes").payoff((0, 0))
    (Fraction(2, 1), Fraction(1, 1))
    """
    games = builtin_games()
    if name not in games:
        raise InvalidParameterError(
            f"no built-in game named {name!r}; available: {', '.join(games) or '(none)'}"
        )
    return read_nfg(games[name], exact=exact)
