"""Exact and floating-point numbers: conversion rules used throughout the package.

Exact mode stores payoffs as :class:`fractions.Fraction` in numpy ``object`` arrays.  Floats
enter exact mode through their shortest decimal representation, so ``0.1`` becomes ``1/10``
(the convention of Gambit), not the binary fraction ``3602879701896397/36028797018963968``.
sympy ``Rational`` values and strings such as ``"1/3"`` or ``"2.5e-1"`` are accepted too.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction
from typing import Any

import numpy as np

from dualdilemma.errors import DualDilemmaError, InvalidGameError

__all__ = [
    "all_rational",
    "to_fraction",
    "as_exact_array",
    "as_float_array",
    "is_exact_array",
    "format_number",
    "rationalize",
    "exact_to_float",
]


def to_fraction(value: Any, *, what: str = "value") -> Fraction:
    """Convert a number (int, float, Fraction, sympy Rational, decimal or 'p/q' string) exactly.

    Strings are measured against :mod:`dualdilemma.limits` (digits, order of magnitude) before
    they are converted, so ``"1e999999999"`` is refused at once.

    >>> to_fraction(0.1)
    Fraction(1, 10)
    >>> to_fraction("2/6")
    Fraction(1, 3)
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise InvalidGameError(f"{what} must be a number, got the boolean {value!r}")
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, float | np.floating):
        if not math.isfinite(value):
            raise InvalidGameError(f"{what} must be finite, got {value!r}")
        return Fraction(repr(float(value)))
    if isinstance(value, str):
        from dualdilemma.limits import parse_exact_number, shorten

        try:
            number = parse_exact_number(value, what)
        except InvalidGameError:
            raise
        except ValueError as exc:  # a limit, or a zero denominator
            if isinstance(exc, DualDilemmaError):
                raise
            number = None
        if number is None:
            raise InvalidGameError(
                f"{what} must be a decimal or a fraction such as '1/3', got '{shorten(value)}'"
            )
        return number
    # sympy numbers, without importing sympy eagerly
    if hasattr(value, "is_Rational") and getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, numbers.Rational):
        return Fraction(value.numerator, value.denominator)
    raise InvalidGameError(
        f"{what} must be a rational number for exact arithmetic, got {value!r} "
        f"of type {type(value).__name__}"
    )


def all_rational(raw: np.ndarray) -> bool:
    """Whether every entry is an int, Fraction or sympy Rational (so exact mode is natural).

    >>> all_rational(np.array([1, 2])), all_rational(np.array([0.5]))
    (True, False)
    """
    if raw.dtype != object:
        return bool(np.issubdtype(raw.dtype, np.integer))
    for entry in raw.reshape(-1):
        if isinstance(entry, bool):
            return False
        if isinstance(entry, numbers.Integral | Fraction):
            continue
        if getattr(entry, "is_Rational", False):
            continue
        return False
    return True


def is_exact_array(array: np.ndarray) -> bool:
    """Whether ``array`` holds exact numbers (dtype ``object``)."""
    return array.dtype == object


def as_exact_array(values: Any, *, what: str = "payoffs") -> np.ndarray:
    """An ``object`` array of Fractions with the shape of ``values``.

    >>> as_exact_array([[1, 0.5]])
    array([[Fraction(1, 1), Fraction(1, 2)]], dtype=object)
    """
    array = np.asarray(values, dtype=object)
    if array.size > 1000 and set(map(type, array.reshape(-1))) == {Fraction}:
        return array.copy()  # already exact (a file reader's output): no per-entry call
    out = np.empty(array.shape, dtype=object)
    flat_in = array.reshape(-1)
    flat_out = out.reshape(-1)
    for index, entry in enumerate(flat_in):
        flat_out[index] = to_fraction(entry, what=what)
    return out


def as_float_array(values: Any, *, what: str = "payoffs") -> np.ndarray:
    """A finite ``float64`` array; raises :class:`InvalidGameError` on NaN or infinity."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InvalidGameError(f"{what} must be numeric: {exc}") from None
    if not np.all(np.isfinite(array)):
        bad = array[~np.isfinite(array)].reshape(-1)[0]
        raise InvalidGameError(f"{what} must be finite, found {bad!r}")
    return array


def exact_to_float(array: np.ndarray) -> np.ndarray:
    """``array.astype(float)`` for an array of Fractions, each entry correctly rounded.

    ``p / q`` of two Python integers is correctly rounded, as ``float(Fraction(p, q))`` is;
    reading the two attributes directly avoids the generic ``numbers.Rational.__float__``,
    which costs several times more per entry on the million payoffs of a large game.

    >>> exact_to_float(np.array([Fraction(1, 3), Fraction(-2)], dtype=object))
    array([ 0.33333333, -2.        ])
    """
    flat = array.reshape(-1)
    if not all(type(value) is Fraction for value in flat):
        return array.astype(float)
    out = np.fromiter(
        (value.numerator / value.denominator for value in flat), dtype=float, count=flat.size
    )
    return out.reshape(array.shape)


def rationalize(value: float, max_denominator: int = 10**6) -> Fraction:
    """The simplest fraction near a float (used to re-verify float results exactly)."""
    return Fraction(float(value)).limit_denominator(max_denominator)


def format_number(value: Any, *, digits: int = 6) -> str:
    """Render a number: ``'p/q'`` for fractions, ``'%g'`` for floats.

    >>> format_number(Fraction(2, 4)), format_number(0.333333333)
    ('1/2', '0.333333')
    """
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    return f"{float(value):.{digits}g}"
