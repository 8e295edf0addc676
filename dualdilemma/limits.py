r"""Input limits: every size the package accepts is checked here, before any work or allocation.

A hostile or mistaken input (``value = 1e999999999``, a grid of :math:`10^9` points, a
:math:`40 \times 40` game solved for every equilibrium) must end at once with a clear error,
not hang or exhaust memory.  Every reader and option of the package calls the checks of this
module on the input *as given*: a number's text is measured before it becomes a
:class:`~fractions.Fraction`, a grid's specification before the grid is built, a game's
size before its equilibria are enumerated.

Each limit is a field of :class:`Limits` with a name, a default and a meaning (:data:`LIMITS`).
An error is a :class:`LimitExceededError` whose message names the limit, the value found and
the way to raise it: ``--limit NAME=N`` on the command line, :func:`override` in Python::

    from dualdilemma import limits
    with limits.override(grid_points=10**7):
        ...

Numbers: a number may have at most ``number_digits`` digits as written (in ``p/q``, each of
``p`` and ``q``) and lie within ``number_magnitude`` decimal orders of one,
:math:`10^{-N} < |x| < 10^{N}` (or be zero), so that sums and products of a few model
parameters stay exact and cheap and their floats finite.  Payoffs in a game file get
``payoff_magnitude`` orders, enough for every double.  A risk exponent :math:`\gamma` is used in
exact powers :math:`q^{\gamma}`, whose digits grow with :math:`\gamma`: its numerator and
denominator are bounded by ``risk_exponent``.

Costs of ``solve --method all`` are estimated from the game's dimensions alone:

* two players, vertex enumeration of the best-response polytopes: the polytope
  :math:`P` of an :math:`m \times n` game has dimension :math:`d = m` and at most
  :math:`f = m + n` facets, so by McMullen's upper bound theorem it has at most

  .. math::

      \binom{f - \lfloor (d+1)/2 \rfloor}{f - d} + \binom{f - \lfloor (d+2)/2 \rfloor}{f - d}

  vertices (McMullen 1970; the bound used for bimatrix games by von Stengel 1999, "New maximal
  numbers of equilibria in bimatrix games", Discrete Comput. Geom. 21:557-568);
* three or more players, support enumeration: the support profiles in which some player mixes,
  :math:`\prod_i (2^{a_i} - 1) - \prod_i a_i`, counted after the removal of strategies
  strictly dominated by a pure strategy (which the solver removes too).

Both counts are upper bounds on the work, so a refusal may be pessimistic for a particular
game: raise the limit, ask for one equilibrium (``--method one``), or give the n-player search
a time budget (``--max-seconds``).  The defaults were set on random integer games on a shared
two-core machine: a 12x12 game (vertex bound 24,752) takes about 5 s, a 16x16 one (980,628)
140 s; a 3x3x3 game (316 support profiles) 5 s, a 4x4x4 one (3,311) 86 s.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import decimal
import math
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from dualdilemma.errors import GameTooLargeError, InvalidParameterError

__all__ = [
    "Limits",
    "LimitInfo",
    "LIMITS",
    "LimitExceededError",
    "current",
    "search_time_limit",
    "how_to_raise",
    "override",
    "cli_interface",
    "parse_limit_assignment",
    "shorten",
    "parse_exact_number",
    "check_number_text",
    "check_decimal",
    "check_integer",
    "check_fraction",
    "check_risk_exponent",
    "check_grid_points",
    "check_simulation",
    "check_count_states",
    "check_support_profiles",
    "vertex_bound",
    "support_profiles",
    "check_solve_all",
]


@dataclass(frozen=True)
class Limits:
    """The input limits in force (see :data:`LIMITS` for each field's meaning).

    >>> Limits().grid_points
    1000000
    """

    number_digits: int = 1000
    number_magnitude: int = 100
    payoff_magnitude: int = 400
    risk_exponent: int = 100
    grid_points: int = 10**6
    history_years: int = 2 * 10**7
    tensor_bytes: int = 0
    solve_vertices: int = 50_000
    solve_supports: int = 1000
    search_seconds: int = 10
    count_states: int = 10**7


@dataclass(frozen=True)
class LimitInfo:
    """What a limit bounds, for messages and ``--limit`` help."""

    name: str
    meaning: str


#: Every limit with its meaning, in the order of :class:`Limits`.
LIMITS: dict[str, LimitInfo] = {
    info.name: info
    for info in (
        LimitInfo("number_digits", "digits of a number as written (of p and of q in 'p/q')"),
        LimitInfo(
            "number_magnitude",
            "decimal orders of magnitude of a number: 10^-N < |x| < 10^N, or x = 0",
        ),
        LimitInfo(
            "payoff_magnitude",
            "decimal orders of magnitude of a payoff in a game file (every double fits)",
        ),
        LimitInfo("risk_exponent", "size of the risk exponent (exact powers grow with it)"),
        LimitInfo("grid_points", "points of a sweep grid"),
        LimitInfo("history_years", "histories x years of a simulation"),
        LimitInfo(
            "tensor_bytes",
            "bytes of a payoff tensor (0: half of the memory available to the process)",
        ),
        LimitInfo("solve_vertices", "vertices bound of a best-response polytope (solve all)"),
        LimitInfo("solve_supports", "support profiles of an n-player game (solve all)"),
        LimitInfo(
            "search_seconds",
            "seconds a report's equilibrium or cartel search may run before its answer is "
            "marked incomplete",
        ),
        LimitInfo(
            "count_states",
            "states (cells) of a counting table of minimal effective cartels",
        ),
    )
}

_CURRENT: contextvars.ContextVar[Limits] = contextvars.ContextVar(
    "limits",
    default=Limits(),  # noqa: B039 - frozen, never mutated
)
#: ``"cli"`` while a command runs: messages then name ``--limit``, else :func:`override`.
_INTERFACE: contextvars.ContextVar[str] = contextvars.ContextVar("interface", default="python")


def current() -> Limits:
    """The limits in force (the defaults unless inside :func:`override`)."""
    return _CURRENT.get()


@contextlib.contextmanager
def override(**changes: int) -> Iterator[Limits]:
    """Raise (or lower) some limits inside a ``with`` block.

    Numbers longer than Python's own guard on integer-string conversion (4,300 digits) are
    allowed while ``number_digits`` or ``risk_exponent`` is raised, since this module's
    limits then take its place.

    >>> with override(grid_points=10):
    ...     current().grid_points
    10
    >>> current().grid_points
    1000000
    """
    for name, value in changes.items():
        if name not in LIMITS:
            raise InvalidParameterError(
                f"unknown limit {shorten(name)!r}; limits are {', '.join(LIMITS)}"
            )
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidParameterError(
                f"limit {name} must be an integer >= 0, got {shorten(str(value))}"
            )
    new = dataclasses.replace(current(), **changes)
    token = _CURRENT.set(new)
    defaults = Limits()
    lift = new.number_digits > defaults.number_digits or new.risk_exponent > defaults.risk_exponent
    previous = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else None
    if lift and previous:
        sys.set_int_max_str_digits(0)
    try:
        yield new
    finally:
        if lift and previous:
            sys.set_int_max_str_digits(previous)
        _CURRENT.reset(token)


@contextlib.contextmanager
def cli_interface() -> Iterator[None]:
    """Within this block messages say how to raise a limit on the command line."""
    token = _INTERFACE.set("cli")
    try:
        yield
    finally:
        _INTERFACE.reset(token)


def parse_limit_assignment(text: str) -> tuple[str, int]:
    """``"grid_points=5000000"`` to ``("grid_points", 5000000)`` (the ``--limit`` syntax).

    >>> parse_limit_assignment("grid_points=2e6")
    ('grid_points', 2000000)
    """
    name, sep, raw = text.partition("=")
    name = name.strip().replace("-", "_")
    if not sep or name not in LIMITS:
        raise InvalidParameterError(
            f"--limit {shorten(text)!r}: expected NAME=N with NAME one of {', '.join(LIMITS)}"
        )
    raw = raw.strip().replace("_", "")
    match = re.fullmatch(r"(\d{1,18})(?:[eE](\d{1,2}))?", raw)
    if match is None:
        raise InvalidParameterError(
            f"--limit {name}: expected a whole number such as 5000000 or 5e6, got {shorten(raw)!r}"
        )
    return name, int(match.group(1)) * 10 ** int(match.group(2) or 0)


class LimitExceededError(GameTooLargeError):
    """An input is larger than a limit of :class:`Limits`; the message says how to raise it.

    Attributes
    ----------
    limit
        The name of the limit (a field of :class:`Limits`).
    """

    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit


def search_time_limit() -> float:
    """Seconds a search may run before its answer is marked incomplete (``search_seconds``;
    the searches need a positive budget, so a limit of 0 stops them at their first check).

    >>> search_time_limit()
    10.0
    """
    return max(float(current().search_seconds), 1e-3)


def how_to_raise(name: str) -> str:
    """How to raise the limit ``name``: the ``--limit`` spelling on the command line, the
    :func:`override` call in Python."""
    return _how_to_raise(name)


def _how_to_raise(name: str) -> str:
    if _INTERFACE.get() == "cli":
        return f"raise it with --limit {name}=N"
    return f"raise it with dualdilemma.limits.override({name}=N)"


def _exceeded(what: str, found: str, name: str, *, advice: str = "") -> LimitExceededError:
    limit = getattr(current(), name)
    extra = f"; {advice}" if advice else ""
    return LimitExceededError(
        f"{what}: {found}, beyond the limit {name} = {limit:,} ({_how_to_raise(name)}){extra}",
        name,
    )


def shorten(text: str, width: int = 40) -> str:
    """``text`` cut to ``width`` characters for a message (the middle replaced by ``...``).

    >>> shorten("1" * 100, 20)
    '11111111...11111111 (100 characters)'
    """
    text = str(text)
    if len(text) <= width:
        return text
    half = max(1, (width - 4) // 2)
    return f"{text[:half]}...{text[-half:]} ({len(text):,} characters)"


# -- numbers -------------------------------------------------------------------------------------
_DECIMAL = re.compile(r"[+-]?(?P<int>\d*)(?:\.(?P<frac>\d*))?(?:[eE](?P<exp>[+-]?\d+))?")
_RATIO = re.compile(r"(?P<num>[+-]?\d+)\s*/\s*(?P<den>[+-]?\d+)")
#: An exponent written with more digits than this is refused without converting it.
_EXPONENT_DIGITS = 12


def _check_digits(count: int, what: str, text: str) -> None:
    if count > current().number_digits:
        raise _exceeded(what, f"{shorten(text)} has {count:,} digits", "number_digits")


def _check_order(order: int, what: str, text: str, name: str = "number_magnitude") -> None:
    bound = getattr(current(), name)
    if not -bound < order <= bound:
        size = "large" if order > 0 else "small"
        raise _exceeded(
            what,
            f"{shorten(text)} is too {size} (about 10^{order - 1:,})",
            name,
        )


def check_number_text(text: str, what: str = "value", magnitude: str = "number_magnitude") -> bool:
    """Check a number's text against the limits; ``False`` if it is not a number at all.

    A decimal (``-1.5e3``) or a fraction ``p/q``.  Digits and orders of magnitude are
    measured on the text, so ``1e999999999`` is refused without building its integer.

    >>> check_number_text("2.5e-3"), check_number_text("abc")
    (True, False)
    >>> check_number_text("1e999999999")
    Traceback (most recent call last):
    ...
    dualdilemma.limits.LimitExceededError: value: 1e999999999 is too large ... = 100 ...
    """
    text = text.strip()
    ratio = _RATIO.fullmatch(text)
    if ratio is not None:
        num, den = ratio.group("num").lstrip("+-"), ratio.group("den").lstrip("+-")
        for part in (num, den):
            _check_digits(len(part), what, text)
        num_digits, den_digits = len(num.lstrip("0")), len(den.lstrip("0"))
        if num_digits and den_digits:
            _check_order(num_digits - den_digits, what, text, magnitude)
        return True
    match = _DECIMAL.fullmatch(text)
    if match is None or not (match.group("int") or match.group("frac")):
        return False
    whole, frac = match.group("int"), match.group("frac") or ""
    _check_digits(len(whole) + len(frac), what, text)
    exponent_text = match.group("exp")
    if exponent_text is not None and len(exponent_text.lstrip("+-")) > _EXPONENT_DIGITS:
        digits = exponent_text.lstrip("+-0")
        sign = "-" if exponent_text.startswith("-") else ""
        raise _exceeded(
            what,
            f"{shorten(text)} has an exponent of {len(digits):,} digits "
            f"({sign}10^{len(digits) - 1:,} or beyond)",
            magnitude,
        )
    exponent = int(exponent_text) if exponent_text is not None else 0
    significant = whole.lstrip("0")
    if significant:
        order = exponent + len(significant)
    else:
        stripped = frac.lstrip("0")
        if not stripped:
            return True  # zero, however written
        order = exponent - (len(frac) - len(stripped))
    _check_order(order, what, text, magnitude)
    return True


def _digits_to_int(digits: str) -> int:
    """An integer from a string of digits, not limited by Python's int-string guard."""
    if len(digits) <= 4000:
        return int(digits or "0")
    numerator, denominator = decimal.Decimal(digits).as_integer_ratio()
    return numerator // denominator


def parse_exact_number(
    text: str, what: str = "value", magnitude: str = "number_magnitude"
) -> Fraction | None:
    """The exact value of a decimal or ``p/q`` text within the limits (``None``: not a number).

    >>> parse_exact_number("0.1"), parse_exact_number("-6/4"), parse_exact_number("x")
    (Fraction(1, 10), Fraction(-3, 2), None)
    """
    if not check_number_text(text, what, magnitude):
        return None
    text = text.strip()
    ratio = _RATIO.fullmatch(text)
    if ratio is not None:
        num, den = ratio.group("num"), ratio.group("den")
        sign = -1 if (num.startswith("-")) != (den.startswith("-")) else 1
        denominator = _digits_to_int(den.lstrip("+-"))
        if denominator == 0:
            raise InvalidParameterError(f"{what}: {shorten(text)} has a zero denominator")
        return Fraction(sign * _digits_to_int(num.lstrip("+-")), denominator)
    match = _DECIMAL.fullmatch(text)
    assert match is not None  # checked by check_number_text
    whole, frac = match.group("int") or "", match.group("frac") or ""
    exponent = int(match.group("exp") or 0) - len(frac)
    value = Fraction(_digits_to_int(whole + frac))
    value = value * 10**exponent if exponent >= 0 else value / 10**-exponent
    return -value if text.startswith("-") else value


def check_decimal(value: decimal.Decimal, what: str = "value") -> None:
    """Check a :class:`decimal.Decimal` (a TOML float) without converting it."""
    if not value.is_finite():
        return
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    shown = shorten(str(value))  # str of a Decimal never builds an integer
    if len(digits) > current().number_digits:
        raise _exceeded(what, f"{shown} has {len(digits):,} digits", "number_digits")
    significant = list(digits)
    while significant and significant[0] == 0:
        significant.pop(0)
    if significant:
        _check_order(len(significant) + exponent, what, shown)


def check_integer(value: int, what: str = "value") -> None:
    """Check an integer's size from its bit length (no string conversion)."""
    digits = int(abs(value).bit_length() * 0.30103) + 1
    if digits > current().number_digits:
        raise _exceeded(what, f"an integer of about {digits:,} digits", "number_digits")
    if value:
        _check_order(digits, what, f"an integer of about {digits:,} digits")


def check_fraction(value: Fraction, what: str = "value") -> None:
    """Check a Fraction's numerator and denominator sizes."""
    num_bits = abs(value.numerator).bit_length()
    den_bits = value.denominator.bit_length()
    digits = int(max(num_bits, den_bits) * 0.30103) + 1
    if digits > current().number_digits:
        raise _exceeded(what, f"a fraction of about {digits:,} digits", "number_digits")
    if value:
        order = int((num_bits - den_bits) * 0.30103)
        _check_order(order, what, f"a fraction of about 10^{order}")


def check_risk_exponent(gamma: Fraction, what: str = "risk_exponent") -> None:
    """Refuse a risk exponent whose exact powers would be huge.

    :math:`q^{\\gamma}` with :math:`q = a/b` is computed exactly for integer :math:`\\gamma`,
    which has :math:`\\gamma` times the digits of :math:`a` and :math:`b`; so :math:`\\gamma`
    (and, for a fraction, its numerator and denominator) is bounded by the limit
    ``risk_exponent``.

    >>> check_risk_exponent(Fraction(5, 2))
    >>> check_risk_exponent(Fraction(10**6))
    Traceback (most recent call last):
    ...
    dualdilemma.limits.LimitExceededError: risk_exponent: 1000000, beyond the limit ... = 100 ...
    """
    bound = current().risk_exponent
    if max(abs(gamma.numerator), gamma.denominator) > bound:
        digits = max(abs(gamma.numerator).bit_length(), gamma.denominator.bit_length())
        shown = (
            str(gamma) if digits < 200 else f"a fraction of about {int(digits * 0.30103)} digits"
        )
        raise _exceeded(what, shorten(shown), "risk_exponent")


# -- sizes ---------------------------------------------------------------------------------------
def check_grid_points(points: int, what: str = "--grid") -> None:
    """Refuse a sweep grid of more than ``grid_points`` points (before it is built)."""
    if points > current().grid_points:
        raise _exceeded(what, f"{points:,} grid points", "grid_points")


def check_simulation(histories: int, years: int) -> None:
    """Refuse a simulation of more than ``history_years`` histories x years."""
    product = histories * years
    if product > current().history_years:
        raise _exceeded(
            "simulate",
            f"{histories:,} histories x {years:,} years = {product:,}",
            "history_years",
        )


def check_count_states(states: int, what: str = "count minimal effective cartels") -> None:
    """Refuse a counting table of more than ``count_states`` states (before it is allocated).

    >>> check_count_states(10**6)
    >>> check_count_states(10**8)
    Traceback (most recent call last):
    ...
    dualdilemma.limits.LimitExceededError: count minimal effective cartels: a table of ...
    """
    if states > current().count_states:
        raise _exceeded(what, f"a table of {states:,} states", "count_states")


def check_support_profiles(count: int, what: str = "support enumeration") -> None:
    """Refuse an enumeration of more than ``solve_supports`` support profiles."""
    if count > current().solve_supports:
        raise _exceeded(what, f"{count:,} support profiles", "solve_supports")


def vertex_bound(dimension: int, facets: int) -> int:
    """McMullen's upper bound on the vertices of a ``dimension``-polytope with ``facets`` facets.

    >>> vertex_bound(2, 5), vertex_bound(16, 32)
    (5, 980628)
    """
    d, f = dimension, facets
    if f <= d:
        return 1
    return math.comb(f - (d + 1) // 2, f - d) + math.comb(f - (d + 2) // 2, f - d)


def support_profiles(shape: tuple[int, ...]) -> int:
    """Support profiles in which at least one player mixes.

    >>> support_profiles((2, 2, 2))
    19
    """
    return math.prod(2**a - 1 for a in shape) - math.prod(shape)


def _reduced_shape(game: Any) -> tuple[int, ...]:
    """The game's shape after iterated removal of strategies strictly dominated by pure ones."""
    import numpy as np

    payoffs = np.asarray(game.to_float().payoffs, dtype=float)
    n = payoffs.shape[0]
    alive = [np.ones(a, dtype=bool) for a in payoffs.shape[1:]]
    changed = True
    while changed:
        changed = False
        sub = payoffs[np.ix_(range(n), *[np.flatnonzero(a) for a in alive])]
        for i in range(n):
            mine = np.moveaxis(sub[i], i, 0).reshape(sub.shape[i + 1], -1)
            if mine.shape[0] < 2:
                continue
            # row r is dominated by row q when q is strictly better at every opponents' profile
            beaten = (mine[None, :, :] > mine[:, None, :]).all(axis=2).any(axis=1)
            if beaten.any():
                indices = np.flatnonzero(alive[i])
                alive[i][indices[beaten]] = False
                changed = True
                break
    return tuple(int(a.sum()) for a in alive)


def check_solve_all(game: Any, *, method_hint: bool = True) -> None:
    """Refuse ``solve --method all`` on a game whose enumeration cost is above the limits.

    Two players: the vertex bound of either best-response polytope against
    ``solve_vertices``; more players: the support profiles left after pure strict dominance
    against ``solve_supports`` (see the module docstring).
    """
    shape = tuple(game.shape)
    cli = _INTERFACE.get() == "cli"
    one = "--method one" if cli else 'solve(game, "one")'
    budget = "--max-seconds S" if cli else "polynomial_equilibria(game, time_budget=S)"
    advice = f"{one} finds one equilibrium" if method_hint else ""
    if len(shape) == 2:
        m, n = shape
        bound = max(vertex_bound(m, m + n), vertex_bound(n, m + n))
        if bound > current().solve_vertices:
            raise _exceeded(
                f"solve all on a {m}x{n} game",
                f"its best-response polytopes may have up to {bound:,} vertices",
                "solve_vertices",
                advice=advice,
            )
        return
    if len(shape) < 3:
        return
    if support_profiles(shape) <= current().solve_supports:
        return
    profiles = math.prod(shape)
    if profiles * len(shape) > 5 * 10**7:  # too large to scan for dominance cheaply
        reduced = shape
    else:
        reduced = _reduced_shape(game)
    count = support_profiles(reduced)
    if count > current().solve_supports:
        dims = "x".join(map(str, shape)) if len(shape) <= 6 else f"{len(shape)}-player"
        raise _exceeded(
            f"solve all on a {dims} game",
            f"up to {count:,} support profiles to examine",
            "solve_supports",
            advice=(advice + f" or {budget} bounds the search")
            if method_hint
            else f"{budget} bounds the search",
        )
