r"""Conditions as people read them: simplified, with always-true terms dropped, and typeset.

:func:`simplify_condition` rewrites a conjunction of inequalities in the market's parameters
into an equivalent, shorter one *on the parameters' domains* (each
:class:`~dualdilemma.symbolic.parameters.Parameter` declares its interval, and the model needs
:math:`p_0 \le p_1`):

* every term in a single parameter becomes an interval of that parameter; the intervals of one
  parameter are intersected with each other and with its domain, so ``(47*V >= 72) &
  (47*V >= 116)`` reads ``V >= 116/47``, a term that the domain implies disappears and an empty
  intersection makes the whole condition ``False``;
* a term in several parameters is dropped when it holds on the whole domain, decided by sympy
  from the symbols' signs after writing :math:`p_1 = p_0 + d` with :math:`d \ge 0` (so
  ``23*V + 20*p1 >= 20*p0`` goes: it is :math:`23 V + 20 d \ge 0`);
* a term :math:`f \ge 0` is dropped when another remaining term :math:`g \ge 0` implies it:
  :math:`f = \lambda g + r` with :math:`\lambda > 0` and :math:`r \ge 0` proved the same way
  (``48*V >= 13*(p1 - p0)`` follows from ``43*V >= 66*(p1 - p0)``).

Only implications that are proved are used; a term that cannot be decided stays.  The result is
equivalent to the input at every point of the domain (a test samples them).

:func:`pretty` typesets an expression or relation with sympy's pretty printer (Unicode, several
lines); :func:`condition_item` builds the ``{key, statement, expression, latex, terms, pretty}``
dictionaries of the reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sympy

from dualdilemma.symbolic.parameters import Domain

__all__ = ["simplify_condition", "pretty", "condition_item", "PRETTY_COLUMNS"]

#: Pretty-printed conditions wrap at this many columns (the text report is 100 wide, indented 4).
PRETTY_COLUMNS = 94


def _domain_set(domain: Domain) -> sympy.Set:
    low = (
        sympy.S.NegativeInfinity
        if domain.lower is None
        else sympy.Rational(domain.lower.numerator, domain.lower.denominator)
    )
    high = (
        sympy.S.Infinity
        if domain.upper is None
        else sympy.Rational(domain.upper.numerator, domain.upper.denominator)
    )
    return sympy.Interval(
        low,
        high,
        left_open=domain.lower is None or not domain.lower_closed,
        right_open=domain.upper is None or not domain.upper_closed,
    )


def _interval_relation(symbol: sympy.Symbol, interval: sympy.Set, domain: sympy.Set) -> Any:
    """``interval`` (a subset of ``domain``) as relations on ``symbol``, without the bounds
    the domain already gives."""
    if interval == domain:
        return sympy.true
    if interval is sympy.S.EmptySet:
        return sympy.false
    if isinstance(interval, sympy.FiniteSet) and len(interval) == 1:
        return sympy.Eq(symbol, next(iter(interval)))
    if not isinstance(interval, sympy.Interval):
        return interval.as_relational(symbol)
    parts = []
    if interval.start != domain.start or interval.left_open != domain.left_open:
        parts.append(symbol > interval.start if interval.left_open else symbol >= interval.start)
    if interval.end != domain.end or interval.right_open != domain.right_open:
        parts.append(symbol < interval.end if interval.right_open else symbol <= interval.end)
    return sympy.And(*parts)


_ORDER = (sympy.GreaterThan, sympy.StrictGreaterThan, sympy.LessThan, sympy.StrictLessThan)
_GAP = sympy.Symbol("d_p", nonnegative=True)


def _as_difference(
    term: sympy.Basic, symbols: Mapping[str, sympy.Symbol]
) -> tuple[sympy.Expr, bool] | None:
    """``(f, strict)`` with the relation equivalent to ``f >= 0`` (``f > 0`` if strict), with
    ``p1`` written as ``p0 + d`` (``d >= 0``) when both occur; ``None`` for other relations."""
    if not isinstance(term, _ORDER):
        return None
    difference = term.lhs - term.rhs
    if isinstance(term, (sympy.LessThan, sympy.StrictLessThan)):
        difference = -difference
    strict = isinstance(term, (sympy.StrictGreaterThan, sympy.StrictLessThan))
    if "p0" in symbols and "p1" in symbols:
        difference = difference.xreplace({symbols["p1"]: symbols["p0"] + _GAP})
    return sympy.expand(difference), strict


def _always_true(term: sympy.Basic, symbols: Mapping[str, sympy.Symbol]) -> bool:
    """Whether a relation holds on the whole domain, proved from the symbols' signs."""
    found = _as_difference(term, symbols)
    if found is None:
        return False
    difference, strict = found
    verdict = difference.is_positive if strict else difference.is_nonnegative
    return verdict is True


def _implied(term: sympy.Basic, other: sympy.Basic, symbols: Mapping[str, sympy.Symbol]) -> bool:
    """Whether ``other`` implies ``term`` on the domain: ``f = lam g + r`` with ``lam > 0`` and
    ``r`` of a proved sign, for ``term: f >= 0`` and ``other: g >= 0`` (``lam`` is tried as the
    ratio of each shared coefficient)."""
    first, second = _as_difference(term, symbols), _as_difference(other, symbols)
    if first is None or second is None:
        return False
    (f, f_strict), (g, g_strict) = first, second
    if not (f.is_polynomial() and g.is_polynomial()):
        return False
    for symbol in sorted(f.free_symbols & g.free_symbols, key=str):
        a, b = f.coeff(symbol), g.coeff(symbol)
        if not (a.is_number and b.is_number and b != 0 and (a / b).is_positive):
            continue
        rest = sympy.expand(f - (a / b) * g)
        proved = rest.is_nonnegative if (g_strict or not f_strict) else rest.is_positive
        if proved is True:
            return True
    return False


def simplify_condition(
    condition: sympy.Basic, domains: Mapping[str, Domain] | None = None
) -> sympy.Basic:
    """An equivalent, shorter form of ``condition`` on the parameters' ``domains``
    (``{symbol name: Domain}``; symbols not named keep the whole real line but their sympy
    assumptions still count).  See the module docstring.

    >>> from dualdilemma.symbolic.parameters import POSITIVE, UNIT_INTERVAL
    >>> V = sympy.Symbol("V", positive=True)
    >>> p0, p1 = sympy.symbols("p0 p1", nonnegative=True)
    >>> simplify_condition((47 * V >= 72) & (47 * V >= 116), {"V": POSITIVE})
    V >= 116/47
    >>> simplify_condition((23 * V + 20 * p1 >= 20 * p0) & (V <= 3), {"V": POSITIVE})
    V <= 3
    >>> simplify_condition((43 * V + 66 * p0 >= 66 * p1) & (48 * V + 13 * p0 >= 13 * p1))
    43*V + 66*p0 >= 66*p1
    >>> simplify_condition((V >= -1) & (V > 0), {"V": POSITIVE})
    True
    >>> simplify_condition((V >= 3) & (V < 2), {"V": POSITIVE})
    False
    """
    if condition in (sympy.true, sympy.false) or not isinstance(condition, sympy.Basic):
        return condition
    domains = dict(domains or {})
    terms = condition.args if isinstance(condition, sympy.And) else (condition,)
    symbols = {s.name: s for s in condition.free_symbols if isinstance(s, sympy.Symbol)}
    single: dict[sympy.Symbol, sympy.Set] = {}
    kept: list[sympy.Basic] = []
    for term in terms:
        free = term.free_symbols
        if len(free) == 1 and isinstance(term, sympy.core.relational.Relational):
            (symbol,) = free
            try:
                solution = term.as_set()
            except (NotImplementedError, TypeError, ValueError):
                kept.append(term)
                continue
            current = single.get(symbol, sympy.S.Reals)
            single[symbol] = current.intersect(solution)
            continue
        if _always_true(term, symbols):
            continue
        kept.append(term)
    # drop a term that another remaining term implies (one at a time, so equals keep one)
    index = 0
    while index < len(kept):
        others = kept[:index] + kept[index + 1 :]
        if any(_implied(kept[index], other, symbols) for other in others):
            kept.pop(index)
        else:
            index += 1
    parts: list[sympy.Basic] = []
    for symbol, solution in single.items():
        domain = (
            _domain_set(domains[symbol.name]) if symbol.name in domains else _assumed_set(symbol)
        )
        relation = _interval_relation(symbol, solution.intersect(domain), domain)
        if relation is sympy.false:
            return sympy.false
        if relation is not sympy.true:
            parts.append(relation)
    return sympy.And(*parts, *kept)


def _assumed_set(symbol: sympy.Symbol) -> sympy.Set:
    if symbol.is_positive:
        return sympy.Interval.open(0, sympy.oo)
    if symbol.is_nonnegative:
        return sympy.Interval(0, sympy.oo)
    return sympy.S.Reals


def pretty(expression: Any, columns: int = PRETTY_COLUMNS) -> str:
    """``expression`` typeset by sympy's pretty printer (Unicode), no trailing spaces.

    >>> print(pretty(sympy.Symbol("k_i") / (sympy.Symbol("K_o") + 1)))
      kᵢ
    ──────
    Kₒ + 1
    """
    text = sympy.pretty(expression, use_unicode=True, num_columns=columns, wrap_line=True)
    return "\n".join(line.rstrip() for line in text.splitlines())


def _conjuncts(expression: sympy.Basic) -> Iterable[sympy.Basic]:
    return expression.args if isinstance(expression, sympy.And) else (expression,)


def condition_item(
    key: str,
    statement: str,
    expression: sympy.Basic | None = None,
    lhs: tuple[str, str, str] | None = None,
    *,
    raw: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """One condition for the reports: a relation, or ``lhs = expression`` with ``lhs`` given as
    (text, LaTeX, pretty-printer symbol name), or a ``raw`` (text, LaTeX) pair.

    >>> item = condition_item("x", "a test", sympy.Symbol("V") >= 2)
    >>> item["expression"], item["latex"], item["pretty"]
    ('V >= 2', 'V \\\\geq 2', 'V ≥ 2')
    """
    if raw is not None:
        text, latex = raw
        terms = [latex]
        typeset = text
    elif lhs is not None:
        text = f"{lhs[0]} = {expression}"
        latex = f"{lhs[1]} = {sympy.latex(expression)}"
        terms = [latex]
        typeset = pretty(sympy.Eq(sympy.Symbol(lhs[2]), expression, evaluate=False))
    else:
        text = str(expression)
        latex = sympy.latex(expression)
        terms = [sympy.latex(p) for p in _conjuncts(expression)]
        parts = list(_conjuncts(expression))
        typeset = "\n∧\n".join(pretty(p) for p in parts) if len(parts) > 1 else pretty(expression)
    return {
        "key": key,
        "statement": statement,
        "expression": text,
        "latex": latex,
        "terms": terms,
        "pretty": typeset,
    }
