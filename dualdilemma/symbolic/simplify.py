r"""Readable, exact forms of the parametric inequalities that equilibrium conditions are made of.

sympy's general ``simplify`` is slow on expressions with ``Min``/``Max`` and tends to put
everything over a common denominator.  The conditions of the export-control models have a known
shape, a sum of terms in which capacities enter through :math:`\min(1, K)` and
:math:`1/\max(1, K)`, so a few exact rewrites do better:

1. :func:`tidy_min_max`: :math:`X \cdot r / \max(1, X) = r \min(1, X)` for real :math:`X`
   (if :math:`X \le 1` both sides are :math:`r X`, otherwise both are :math:`r`);
2. :func:`simplify_difference`: ``Min``/``Max`` atoms are frozen as dummies, the difference is
   expanded (so equal terms cancel) and the candidate with the fewest operations among
   ``factor_terms``, ``factor`` and ``collect`` over the preferred symbols is kept;
3. :func:`inequality`: :math:`d \ge 0` is written with its positive terms on the left and its
   negative terms on the right, factors such as :math:`(p_0 - p_1)(s - 1)` being shown as
   :math:`(p_1 - p_0)(1 - s)` when those are given as known-nonnegative hints.

Every rewrite is an identity, so the result is equivalent to the input at every point.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import sympy

__all__ = ["tidy_min_max", "simplify_difference", "inequality", "normalise_signs"]

#: Above this many expanded terms, polynomial factoring is skipped (``factor_terms`` only).
MAX_FACTOR_TERMS = 12


def tidy_min_max(expr: sympy.Basic) -> sympy.Basic:
    """Rewrite ``X * r / Max(1, X)`` as ``r * Min(1, X)`` wherever ``X`` divides the numerator.

    >>> K, v = sympy.symbols("K v", nonnegative=True)
    >>> tidy_min_max(v * K / sympy.Max(1, K))
    v*Min(1, K)
    """

    def rule(term: sympy.Basic) -> sympy.Basic:
        factors = list(term.args)
        for factor in factors:
            if not (
                factor.is_Pow
                and factor.exp == -1
                and isinstance(factor.base, sympy.Max)
                and len(factor.base.args) == 2
                and sympy.S.One in factor.base.args
            ):
                continue
            inner = next(a for a in factor.base.args if a != 1)
            if not inner.is_real:
                continue
            rest = list(factors)
            rest.remove(factor)
            ratio = sympy.cancel(sympy.Mul(*rest) / inner)
            _, denominator = sympy.fraction(ratio)
            if denominator.free_symbols & inner.free_symbols:
                continue
            return ratio * sympy.Min(1, inner)
        return term

    return expr.replace(lambda e: e.is_Mul, rule)


def _freeze(expr: sympy.Basic) -> tuple[sympy.Basic, dict[sympy.Dummy, sympy.Basic]]:
    atoms = sorted(expr.atoms(sympy.Min, sympy.Max, sympy.Piecewise), key=sympy.default_sort_key)
    dummies = {atom: sympy.Dummy() for atom in atoms}
    return expr.xreplace(dummies), {d: atom for atom, d in dummies.items()}


def simplify_difference(
    expr: sympy.Expr,
    prefer: Sequence[sympy.Symbol] = (),
    hints: Sequence[sympy.Expr] = (),
) -> sympy.Expr:
    """An equivalent, shorter form of ``expr`` (see the module docstring).

    >>> V, h, c, k = sympy.symbols("V h c k", nonnegative=True)
    >>> simplify_difference(V*k/sympy.Max(1, k) + c - h*k/sympy.Max(1, k), [V, h])
    c + (V - h)*Min(1, k)
    """
    expr = tidy_min_max(sympy.factor_terms(tidy_min_max(expr)))
    frozen, back = _freeze(expr)
    expanded = sympy.expand(frozen)
    terms = sympy.Add.make_args(expanded)
    candidates = [frozen, expanded, sympy.factor_terms(expanded)]
    # polynomial factoring is the costly step: only for moderately sized differences
    factorise = sympy.factor if len(terms) <= MAX_FACTOR_TERMS else sympy.factor_terms
    if len(terms) <= MAX_FACTOR_TERMS:
        try:
            candidates.append(sympy.factor(frozen))
        except sympy.PolynomialError:  # pragma: no cover - factor refuses some exotic inputs
            pass
    # collect by the Min/Max atoms, and by the symbols that occur in the most terms
    frequency = {
        symbol: sum(1 for t in terms if symbol in t.free_symbols)
        for symbol in expanded.free_symbols
        if symbol not in back
    }
    frequent = sorted(frequency, key=lambda x: (-frequency[x], x.name))[:2]
    prefer = [p for p in [*prefer, *frequent] if p in expanded.free_symbols]
    prefer = list(dict.fromkeys(prefer))
    by_atoms = expanded
    if back:
        atoms = sorted(back, key=sympy.default_sort_key)
        by_atoms = sympy.collect(expanded, atoms, func=factorise)
        candidates.append(by_atoms)
    for symbol in prefer:
        with_symbol = [t for t in terms if symbol in t.free_symbols]
        rest = [t for t in terms if symbol not in t.free_symbols]
        candidates.append(factorise(sympy.Add(*with_symbol)) + sympy.Add(*rest))
        if back:
            candidates.append(sympy.collect(by_atoms, symbol, func=factorise))
    best = min(
        candidates,
        key=lambda e: (
            sympy.count_ops(e),
            sum(1 for t in sympy.Add.make_args(e) if t.could_extract_minus_sign()),
            len(sympy.Add.make_args(e)),
            sympy.default_sort_key(e),
        ),
    )
    return normalise_signs(best.xreplace(back), hints)


def normalise_signs(expr: sympy.Basic, hints: Sequence[sympy.Expr] = ()) -> sympy.Basic:
    """Write factors in the orientation of known-nonnegative ``hints``.

    A factor ``f`` with ``-f`` among the hints is replaced by ``-f`` and the product's sign is
    adjusted, so ``(p0 - p1)*(s - 1)`` with hints ``p1 - p0`` and ``1 - s`` reads
    ``(1 - s)*(p1 - p0)``.  The value is unchanged.

    >>> p0, p1, s, h = sympy.symbols("p0 p1 s h")
    >>> normalise_signs(h * (p0 - p1) * (s - 1), [p1 - p0, 1 - s])
    h*(1 - s)*(-p0 + p1)
    """
    negated = {sympy.expand(-hint): hint for hint in hints}
    if not negated:
        return expr

    def rule(term: sympy.Basic) -> sympy.Basic:
        flips = [f for f in term.args if f.is_Add and sympy.expand(f) in negated]
        if not flips:
            return term
        keep = list(term.args)
        for f in flips:
            keep.remove(f)
        sign = -1 if len(flips) % 2 else 1
        return sympy.Mul(sign, *keep, *[negated[sympy.expand(f)] for f in flips])

    return expr.replace(lambda e: e.is_Mul, rule)


def inequality(
    lhs: sympy.Expr,
    rhs: sympy.Expr = sympy.S.Zero,
    *,
    strict: bool = False,
    prefer: Sequence[sympy.Symbol] = (),
    hints: Sequence[sympy.Expr] = (),
) -> sympy.Basic:
    """``lhs >= rhs`` (``>`` if ``strict``) in the tidy form of the module docstring.

    ``prefer`` lists symbols to collect by, ``hints`` expressions known to be nonnegative
    (e.g. ``1 - s`` for a safeguard in [0, 1], ``p1 - p0`` under the model's constraint): they
    orient factors and help decide the sign.  Returns ``sympy.true`` or ``sympy.false`` when
    the domains of the symbols and the hints decide it.

    >>> V = sympy.Symbol("V", positive=True)
    >>> c, h = sympy.symbols("c h", nonnegative=True)
    >>> inequality(V + c - h)
    V + c >= h
    >>> inequality(V + c)
    True
    """
    difference = simplify_difference(sympy.sympify(lhs) - sympy.sympify(rhs), prefer, hints)
    if difference.is_number:
        holds = difference > 0 if strict else difference >= 0
        return sympy.true if bool(holds) else sympy.false
    positive, negative = [], []
    for term in _integer_coefficients(sympy.Add.make_args(_drop_positive_factors(difference))):
        (negative if term.could_extract_minus_sign() else positive).append(term)
    left = sympy.Add(*positive)
    right = -sympy.Add(*negative)
    relation = (sympy.Gt if strict else sympy.Ge)(left, right)
    if relation in (sympy.true, sympy.false):
        return relation
    # let assumptions and hints decide when they can (e.g. V + c >= 0 for V > 0, c >= 0)
    known = difference.xreplace({hint: sympy.Dummy(nonnegative=True) for hint in hints})
    if (known.is_positive if strict else known.is_nonnegative) is True:
        return sympy.true
    if (known.is_nonpositive if strict else known.is_negative) is True:
        return sympy.false
    if left.is_number:
        return (sympy.Lt if strict else sympy.Le)(right, left)
    return relation


def _drop_positive_factors(difference: sympy.Expr) -> sympy.Expr:
    """``d / f`` for the factors ``f > 0`` of a product ``d`` (same sign, so the same
    inequality ``d >= 0``); a single remaining sum is returned with its terms distributed."""
    if not difference.is_Mul:
        return difference
    coefficient, factors = difference.as_coeff_mul()
    kept = [f for f in factors if f.is_positive is not True]
    sign = -1 if coefficient.is_negative else 1
    if len(kept) == 1 and kept[0].is_Add:
        return sympy.Add(*[sign * t for t in kept[0].args])
    return sign * sympy.Mul(*kept)


def _integer_coefficients(terms: Sequence[sympy.Expr]) -> list[sympy.Expr]:
    """Scale terms by one positive rational so that their numeric coefficients are coprime
    integers (``4*h/5 - V - 1/3`` becomes ``12*h - 15*V - 5``)."""
    coefficients = [t.as_coeff_Mul()[0] for t in terms]
    if not all(c.is_Rational for c in coefficients):
        return list(terms)
    denominators = math.lcm(*[int(c.q) for c in coefficients])
    numerators = math.gcd(*[int(c.p) for c in coefficients])
    scale = sympy.Rational(denominators, numerators or 1)
    return [sympy.expand_mul(scale * t) if scale != 1 else t for t in terms]
