r"""Named model parameters with declared domains.

A :class:`Parameter` is a name, a :class:`Domain` and a description.  The domain does three
jobs from one declaration:

* it validates user values, raising :class:`~dualdilemma.errors.InvalidParameterError` that
  names the parameter, the offending value and the allowed range;
* it gives the parameter's sympy symbol the matching assumptions (``positive=True``,
  ``nonnegative=True``, ``integer=True``), so that simplification knows, for instance, that a
  capacity :math:`k \ge 0` makes :math:`\max(1, k) > 0`;
* it renders as a sympy relational (``0 <= s <= 1``) for use in conditions.

Domains are intervals of the real line, optionally restricted to the integers:

=====================  =========================  =======================================
domain                 set                        sympy assumptions
=====================  =========================  =======================================
``REAL``               :math:`(-\infty, \infty)`  ``real``
``POSITIVE``           :math:`(0, \infty)`        ``positive``
``NONNEGATIVE``        :math:`[0, \infty)`        ``nonnegative``
``UNIT_INTERVAL``      :math:`[0, 1]`             ``nonnegative``
``integer_at_least``   :math:`\{m, m+1, \dots\}`  ``integer`` (and ``positive`` if m > 0)
=====================  =========================  =======================================

Values may be ints, floats, :class:`fractions.Fraction`, sympy Rationals or strings such as
``"1/3"``; they are converted exactly by :func:`dualdilemma._numbers.to_fraction` (floats through
their shortest decimal form, so ``0.1`` is ``1/10``).
"""

from __future__ import annotations

import keyword
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from dualdilemma._numbers import to_fraction
from dualdilemma.errors import InvalidGameError, InvalidParameterError

__all__ = [
    "Domain",
    "Parameter",
    "REAL",
    "POSITIVE",
    "NONNEGATIVE",
    "UNIT_INTERVAL",
    "integer_at_least",
    "interval",
    "parameter_map",
    "validate_values",
    "validate_number",
    "RESERVED_NAMES",
]

#: Names that cannot be parameters: the parser's functions and sympy's constants.
RESERVED_NAMES = frozenset(
    {"Min", "Max", "min", "max", "sqrt", "exp", "log", "Abs", "abs", "E", "I", "pi", "oo", "nan"}
)


def _format_bound(value: Fraction | None) -> str:
    if value is None:
        return "inf"
    return str(value.numerator) if value.denominator == 1 else str(value)


@dataclass(frozen=True)
class Domain:
    """An interval of the real line, optionally restricted to integers.

    Parameters
    ----------
    lower, upper
        Bounds (``None`` for unbounded), exact.
    lower_closed, upper_closed
        Whether the bounds belong to the set.
    integer
        Whether only integers belong to the set.
    name
        A short name used in messages ("positive", "unit interval"...).

    Examples
    --------
    >>> UNIT_INTERVAL.describe()
    '[0, 1]'
    >>> POSITIVE.contains(0)
    False
    >>> integer_at_least(2).describe()
    'integers >= 2'
    """

    lower: Fraction | None = None
    upper: Fraction | None = None
    lower_closed: bool = True
    upper_closed: bool = True
    integer: bool = False
    name: str = "real"

    def __post_init__(self) -> None:
        if self.lower is not None:
            object.__setattr__(self, "lower", to_fraction(self.lower, what="domain lower bound"))
        if self.upper is not None:
            object.__setattr__(self, "upper", to_fraction(self.upper, what="domain upper bound"))
        if self.lower is not None and self.upper is not None and self.lower > self.upper:
            raise InvalidParameterError(
                f"a domain needs lower <= upper, got [{self.lower}, {self.upper}]"
            )

    # -- membership -------------------------------------------------------------------------
    def contains(self, value: Any) -> bool:
        """Whether a number (exact or float) lies in the domain."""
        x = to_fraction(value)
        if self.integer and x.denominator != 1:
            return False
        if self.lower is not None and (
            x < self.lower or (x == self.lower and not self.lower_closed)
        ):
            return False
        if self.upper is not None and (
            x > self.upper or (x == self.upper and not self.upper_closed)
        ):
            return False
        return True

    def contains_array(self, values: np.ndarray) -> np.ndarray:
        """Elementwise membership of a float array (boolean array of the same shape)."""
        x = np.asarray(values, dtype=float)
        ok = np.isfinite(x)
        if self.integer:
            ok &= np.floor(x) == x
        if self.lower is not None:
            lo = float(self.lower)
            ok &= (x >= lo) if self.lower_closed else (x > lo)
        if self.upper is not None:
            hi = float(self.upper)
            ok &= (x <= hi) if self.upper_closed else (x < hi)
        return ok

    # -- rendering --------------------------------------------------------------------------
    def describe(self) -> str:
        """The set in interval notation (or ``'integers >= m'``)."""
        if self.integer:
            if self.lower is not None and self.upper is None:
                low = self.lower if self.lower_closed else self.lower + 1
                return f"integers >= {_format_bound(low)}"
            prefix = "integers in "
        else:
            prefix = ""
        left = "[" if self.lower is not None and self.lower_closed else "("
        right = "]" if self.upper is not None and self.upper_closed else ")"
        low = "-inf" if self.lower is None else _format_bound(self.lower)
        return f"{prefix}{left}{low}, {_format_bound(self.upper)}{right}"

    def assumptions(self) -> dict[str, bool]:
        """The strongest sympy assumptions implied by the domain."""
        out: dict[str, bool] = {"real": True}
        if self.integer:
            out["integer"] = True
        if self.lower is not None:
            if self.lower > 0 or (self.lower == 0 and not self.lower_closed):
                out["positive"] = True
            elif self.lower == 0:
                out["nonnegative"] = True
        return out

    def as_relational(self, symbol: sympy.Expr) -> sympy.Basic:
        """The domain as a sympy boolean in ``symbol`` (``True`` for the real line)."""
        parts = []
        if self.lower is not None:
            low = sympy.Rational(self.lower.numerator, self.lower.denominator)
            parts.append(symbol >= low if self.lower_closed else symbol > low)
        if self.upper is not None:
            high = sympy.Rational(self.upper.numerator, self.upper.denominator)
            parts.append(symbol <= high if self.upper_closed else symbol < high)
        return sympy.And(*parts)


REAL = Domain(name="real")
POSITIVE = Domain(lower=Fraction(0), lower_closed=False, name="positive")
NONNEGATIVE = Domain(lower=Fraction(0), name="nonnegative")
UNIT_INTERVAL = Domain(lower=Fraction(0), upper=Fraction(1), name="unit interval")


def integer_at_least(minimum: int) -> Domain:
    """The integers ``minimum, minimum + 1, ...`` (e.g. numbers of players: ``>= 2``).

    >>> integer_at_least(2).contains(3), integer_at_least(2).contains(1)
    (True, False)
    """
    if isinstance(minimum, bool) or not isinstance(minimum, int):
        raise InvalidParameterError(f"minimum must be an int, got {minimum!r}")
    return Domain(lower=Fraction(minimum), integer=True, name=f"integer >= {minimum}")


def interval(
    lower: Any = None,
    upper: Any = None,
    *,
    lower_closed: bool = True,
    upper_closed: bool = True,
    name: str = "interval",
) -> Domain:
    """An arbitrary interval; ``None`` leaves a side unbounded.

    >>> interval("1/2", 2, upper_closed=False).describe()
    '[1/2, 2)'
    """
    return Domain(
        lower=None if lower is None else to_fraction(lower, what="lower bound"),
        upper=None if upper is None else to_fraction(upper, what="upper bound"),
        lower_closed=lower_closed,
        upper_closed=upper_closed,
        name=name,
    )


@dataclass(frozen=True)
class Parameter:
    """A named model parameter with a declared domain.

    Parameters
    ----------
    name
        A Python identifier (it is how the parameter is written in expressions); not one of
        :data:`RESERVED_NAMES`.
    domain
        The allowed values (default: the real line).
    description
        One line for reports.

    Examples
    --------
    >>> s = Parameter("s", UNIT_INTERVAL, "safeguard quality")
    >>> s.validate("1/4")
    Fraction(1, 4)
    >>> s.validate(1.5)
    Traceback (most recent call last):
    ...
    dualdilemma.errors.InvalidParameterError: parameter 's' (...) must be in [0, 1], got 3/2
    >>> s.symbol.is_nonnegative
    True
    """

    name: str
    domain: Domain = REAL
    description: str = ""
    _symbol: sympy.Symbol = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise InvalidParameterError(
                f"a parameter name must be a Python identifier, got {self.name!r}"
            )
        if keyword.iskeyword(self.name) or self.name in RESERVED_NAMES:
            raise InvalidParameterError(
                f"{self.name!r} is reserved and cannot name a parameter; "
                f"reserved: {sorted(RESERVED_NAMES)} and Python keywords"
            )
        if not isinstance(self.domain, Domain):
            raise InvalidParameterError(
                f"domain of parameter {self.name!r} must be a Domain, got {self.domain!r}"
            )
        object.__setattr__(self, "_symbol", sympy.Symbol(self.name, **self.domain.assumptions()))

    @property
    def symbol(self) -> sympy.Symbol:
        """The sympy symbol, carrying the domain's assumptions."""
        return self._symbol

    def _label(self) -> str:
        return f"parameter {self.name!r}" + (f" ({self.description})" if self.description else "")

    def validate(self, value: Any) -> Fraction:
        """The value as an exact Fraction, or :class:`InvalidParameterError` if outside."""
        return validate_number(value, self.domain, self._label())

    def validate_array(self, values: Any) -> np.ndarray:
        """A float array of values, every one inside the domain (vectorised check)."""
        try:
            array = np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            raise InvalidParameterError(
                f"{self._label()} must be numeric, got {values!r}"
            ) from None
        ok = self.domain.contains_array(array)
        if not np.all(ok):
            bad = float(array[~ok].reshape(-1)[0])
            raise InvalidParameterError(
                f"{self._label()} must be in {self.domain.describe()}, got {bad!r}"
            )
        return array

    def as_relational(self) -> sympy.Basic:
        """The domain constraint on the symbol, e.g. ``(s >= 0) & (s <= 1)``."""
        return self.domain.as_relational(self._symbol)

    def to_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "domain": self.domain.describe(),
            "description": self.description,
        }


def _show(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(value)


def validate_number(value: Any, domain: Domain, what: str) -> Fraction:
    """``value`` as an exact Fraction if it lies in ``domain``; otherwise
    :class:`InvalidParameterError` saying ``"<what> must be in <range>, got <value>"``.

    >>> validate_number("-1", NONNEGATIVE, "capacity of supplier 'A'")
    Traceback (most recent call last):
    ...
    dualdilemma.errors.InvalidParameterError: capacity of supplier 'A' must be in [0, inf), got -1
    """
    try:
        exact = to_fraction(value, what=what)
    except InvalidGameError as exc:
        raise InvalidParameterError(str(exc)) from None
    if not domain.contains(exact):
        raise InvalidParameterError(f"{what} must be in {domain.describe()}, got {_show(exact)}")
    return exact


def parameter_map(parameters: Iterable[Parameter]) -> dict[str, Parameter]:
    """``{name: parameter}``, rejecting duplicate names and non-Parameter entries."""
    out: dict[str, Parameter] = {}
    for parameter in parameters:
        if not isinstance(parameter, Parameter):
            raise InvalidParameterError(f"expected a Parameter, got {parameter!r}")
        if parameter.name in out:
            raise InvalidParameterError(f"parameter {parameter.name!r} is declared twice")
        out[parameter.name] = parameter
    return out


def validate_values(
    parameters: Sequence[Parameter],
    values: Mapping[Any, Any],
    *,
    require_all: bool = True,
) -> dict[str, Fraction]:
    """Check a ``{name or symbol: value}`` mapping against declared parameters.

    Returns ``{name: Fraction}``.  Unknown names, and (with ``require_all``) missing ones, raise
    :class:`InvalidParameterError` listing the declared names.

    >>> k = Parameter("k", NONNEGATIVE)
    >>> validate_values([k], {"k": "3/2"})
    {'k': Fraction(3, 2)}
    """
    by_name = parameter_map(parameters)
    out: dict[str, Fraction] = {}
    for key, value in values.items():
        name = key.name if isinstance(key, sympy.Symbol | Parameter) else str(key)
        if name not in by_name:
            raise InvalidParameterError(
                f"unknown parameter {name!r}; declared parameters: {sorted(by_name)}"
            )
        out[name] = by_name[name].validate(value)
    if require_all:
        missing = [name for name in by_name if name not in out]
        if missing:
            raise InvalidParameterError(f"missing values for parameters {missing}")
    return out
