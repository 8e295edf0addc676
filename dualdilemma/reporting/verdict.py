"""The verdict block and the glossary that open every scenario report.

:func:`verdict` reads a finished report dictionary (:func:`~dualdilemma.reporting.
scenario_report.scenario_report`, or any dictionary with the same keys) and answers the
package's questions in a few plain sentences:

1. does unilateral control fail, and for whom (the dual-dilemma table at the first pure
   equilibrium);
2. which cartel sizes sustain cooperation, and at which discount factor (the ``cartels.sizes``
   table);
3. is the historical regime effective, and self-enforcing (``cartels.regime``); with capacity
   paths, whether the regime can be enlarged to the end or breaks down;
4. how the theory fares against the historical record, when the report holds a ``history``
   section (``history.founders``, ``history.predicted_founders``, ``history.match``,
   ``history.enlargement.rank_correlation``).

A market with ``p1 == p0`` cannot change the risk; the verdict says so first, since every
switch is then "ineffective" and every cartel "effective" by arithmetic alone.

:func:`glossary` lists every term and symbol that the rendered report uses, for the sections
present.  Both are pure functions of the dictionary, so every format says the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from dualdilemma.reporting.document import describe_members, plural, show_number

__all__ = ["verdict", "glossary", "degenerate_market", "GLOSSARY", "with_verdict", "MAX_SENTENCES"]

#: The verdict block holds at most this many items (the enlargement outlook is merged first).
MAX_SENTENCES = 6

#: Every term and symbol the reports use, with its meaning (the glossary shows those in use).
GLOSSARY: dict[str, str] = {
    "V": "value of the proliferant's business, shared among the exporting suppliers",
    "p0, p1": "probability of proliferation with no supply, and with full unscreened supply",
    "gamma": "risk exponent: P = p0 + (p1 - p0) q^gamma",
    "k, h, s, c": "a supplier's capacity (share of the buyer's needs it alone could meet), harm "
    "valuation, safeguard (share of the risk its sales screen out) and cost of control",
    "Q": "share of the buyer's needs met, min(1, capacity of the exporters)",
    "q (leakage)": "unscreened supply: sum over exporters of share x (1 - safeguard)",
    "P (risk)": "probability of proliferation, p0 + (p1 - p0) q^gamma",
    "dP, du, dm": "change in risk, in the switching supplier's payoff and in its market share "
    "when it alone switches from export to control",
    "K_o": "capacity of the other exporters (K_o >= 1: they can meet the buyer's needs alone)",
    "sbar": "capacity-weighted mean safeguard of the other exporters",
    "s_i": "the switching supplier's own safeguard",
    "dual dilemma": "a lone switch to control does not lower the risk (dP >= 0) and costs the "
    "supplier (du < 0)",
    "effective but costly": "a lone switch lowers the risk but costs the supplier",
    "weak / strict": "an equilibrium is weak when some supplier has an equally good deviation",
    "cartel": "a group of suppliers that all control; outsiders reply with a pure equilibrium "
    "of their own game",
    "tau": "tolerance: a cartel is effective when the leakage it leaves is at most tau",
    "effective": "the outsiders' leakage is at most tau",
    "minimal effective cartel": "an effective cartel none of whose members can be dropped",
    "delta": "discount factor: the weight a supplier gives next period's payoff",
    "beta": "detection probability: the chance per period that a secret deviation is seen",
    "delta*": "critical discount factor: the cartel holds under grim trigger iff delta >= "
    "delta* = max over members of delta*_i",
    "delta*_i": "member i's critical discount factor (pi_D - pi_C) / (pi_D - pi_C + beta "
    "(pi_C - pi_N)); 'never' when no threat deters i (pi_C <= pi_N)",
    "pi_C, pi_D, pi_N": "a member's payoff when the cartel holds, after its best one-shot "
    "deviation, and under punishment (stage Nash reversion or minmax)",
    "binding": "the members whose delta*_i equals the cartel's delta* (the hardest to keep)",
    "self-enforcing": "delta >= delta*: no member gains by deviating",
    "stable i/e": "internally stable (no member gains by leaving) / externally stable (no "
    "outsider gains by joining), d'Aspremont et al. 1983",
    "sustains": "the cartel is effective, self-enforcing and externally stable",
    "m": "cartel size: the m suppliers with the most unscreened capacity k (1 - s)",
    "breakdown": "the first year in which no effective cartel is self-enforcing",
    "exact / float": "exact: rational arithmetic, results are proved; float: float64 within a "
    "stated tolerance",
}

_SECTION_TERMS = {
    "game": ("Q", "q (leakage)", "P (risk)", "weak / strict"),
    "unilateral": (
        "dP, du, dm",
        "K_o",
        "sbar",
        "s_i",
        "dual dilemma",
        "effective but costly",
    ),
    "cartels": (
        "cartel",
        "tau",
        "effective",
        "minimal effective cartel",
        "delta",
        "beta",
        "delta*",
        "delta*_i",
        "pi_C, pi_D, pi_N",
        "binding",
        "self-enforcing",
        "stable i/e",
        "sustains",
        "m",
    ),
    "conditions": ("pi_C, pi_D, pi_N", "K_o", "sbar", "s_i", "tau", "beta", "delta"),
}


def _number(value: Any) -> Fraction | float | None:
    if value is None:
        return None
    if isinstance(value, str):
        return Fraction(value)
    return value


def degenerate_market(data: dict[str, Any]) -> bool:
    """Whether the market's risk cannot change (``p1 == p0``)."""
    market = data.get("market") or {}
    low, high = market.get("risk_without_supply"), market.get("risk_with_supply")
    return low is not None and high is not None and _number(low) == _number(high)


def _names(names: Sequence[str], conjunction: str = "and") -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def _unilateral_sentence(data: dict[str, Any]) -> str | None:
    rows = [r for r in data.get("unilateral") or [] if r.get("baseline_index", 0) == 0]
    if "unilateral" not in data:
        return None
    if not rows:
        if not data.get("pure_equilibria"):
            return "The game has no pure equilibrium, so no lone switch to control is judged."
        return "At the first pure equilibrium no supplier exports, so no lone switch is judged."
    first = data["pure_equilibria"][0]
    where = (
        "everyone exports"
        if all(a == "export" for a in first)
        else f"{plural(sum(a == 'export' for a in first), 'supplier')} export"
    )
    fails = [r["supplier"] for r in rows if r["dual_dilemma"]]
    lowers = [
        r["supplier"] for r in rows if not r["dual_dilemma"] and "ineffective" not in r["verdicts"]
    ]
    if fails:
        text = (
            f"Unilateral control fails for {_names(fails)}: at the equilibrium where {where}, "
            f"a lone switch to control by {'this supplier' if len(fails) == 1 else 'any of them'} "
            "does not lower the risk of proliferation and costs the switcher its sales"
        )
    else:
        text = f"Unilateral control does not fail outright: at the equilibrium where {where}"
    if lowers:
        text += (
            f"; {'a' if not fails else 'only a'} switch by {_names(lowers, 'or')} would lower the "
            "risk, at a cost to the switcher"
        )
        if not fails:
            text += " (so no supplier faces the dual dilemma)"
    return text + "."


def _members_text(members: Sequence[str], suppliers: Sequence[str]) -> str:
    described = describe_members(members, suppliers)
    if described == "all":
        return f"all {len(members)} suppliers"
    return described


def _sizes_sentence(data: dict[str, Any]) -> str | None:
    cartels = data.get("cartels")
    if not cartels:
        return None
    sizes = cartels.get("sizes") or []
    discount = cartels.get("discount")
    if not sizes:
        minimal = cartels.get("minimal_effective") or {}
        smallest = minimal.get("smallest_size")
        if smallest is None:
            return "No cartel, not even all suppliers together, is effective at this tolerance."
        reason = "see the cartel notes"
        return (
            f"The smallest effective cartel has {plural(smallest, 'member')}; which sizes "
            f"sustain cooperation is not decided here ({reason})."
        )
    sustaining = cartels.get("sustaining_sizes") or []
    at = f"delta = {show_number(discount)}" if discount is not None else "some delta < 1"
    if not sustaining:
        effective = [r["size"] for r in sizes if r["effective"]]
        if not effective:
            return "No cartel size sustains cooperation: no cartel is effective at this tolerance."
        rows = [r for r in sizes if r["effective"]]
        enforcing = [r for r in rows if r["self_enforcing"]]
        if not enforcing:
            finite = [_number(r["critical_discount"]) for r in rows]
            finite = [d for d in finite if d is not None]
            reason = (
                f"none is self-enforcing at {at} (the lowest critical discount factor among "
                f"them is {show_number(min(finite))})"
                if finite
                else "each has a member whom no threat deters (delta* never)"
            )
        else:
            reason = (
                "the self-enforcing ones ("
                + ", ".join(str(r["size"]) for r in enforcing)
                + ") are not externally stable: an outsider gains by joining"
            )
        return (
            f"No cartel size sustains cooperation at {at}: cartels of {effective[0]} or more "
            f"suppliers are effective, but {reason}."
        )
    lowest = min(sustaining)
    row = next(r for r in sizes if r["size"] == lowest)
    critical = row["critical_discount"]
    needs = (
        f"needs delta >= {show_number(critical)}"
        if critical not in (None, 0, "0")
        else "holds at any discount factor"
    )
    listed = ", ".join(str(s) for s in sustaining)
    return (
        f"Cartels of {listed} suppliers (of the most unscreened capacity) sustain cooperation at "
        f"{at}; the smallest ({_members_text(row['cartel'], data.get('suppliers', []))}) "
        f"{needs}."
    )


def _regime_sentence(data: dict[str, Any]) -> str | None:
    cartels = data.get("cartels") or {}
    regime = cartels.get("regime")
    if not regime:
        return None
    entry = regime["analysis"]
    name = regime["name"] + (f" ({regime['year']})" if regime.get("year") else "")
    size = plural(len(entry["cartel"]), "member")
    tolerance = show_number(cartels.get("tolerance"))
    if entry["effective"]:
        text = (
            f"The historical regime, {name}, with {size}, is effective: it leaves leakage "
            f"{show_number(entry['leakage'])} <= tau = {tolerance}"
        )
    else:
        text = (
            f"The historical regime, {name}, with {size}, is not effective: the outsiders leave "
            f"leakage {show_number(entry['leakage'])} > tau = {tolerance}"
        )
    enforcing = entry.get("self_enforcing")
    critical = entry.get("critical_discount")
    if enforcing is True:
        text += f", and it is self-enforcing (delta* = {show_number(critical)})"
    elif enforcing is False:
        reason = (
            "no threat deters some member"
            if critical is None
            else f"it needs delta >= {show_number(critical)}"
        )
        text += f", and it is not self-enforcing ({reason})"
    return text + "."


def _enlargement_sentence(data: dict[str, Any]) -> str | None:
    enlargement = (data.get("cartels") or {}).get("enlargement")
    if not enlargement:
        return None
    breakdown = enlargement.get("breakdown_year")
    years = enlargement.get("years") or []
    if breakdown is not None:
        if years and breakdown == years[0]:
            return (
                f"As capacities grow from {years[0]}, no effective cartel is self-enforcing in "
                "any year of the path."
            )
        return (
            f"As capacities grow, enlargement keeps an effective self-enforcing cartel until "
            f"{breakdown}, when none exists any more: the model predicts breakdown, not further "
            "enlargement, unless delta or beta rises."
        )
    if not years:
        return None
    return (
        f"As capacities grow, enlargement keeps an effective self-enforcing cartel through "
        f"{years[-1]}, taking in {plural(len(enlargement.get('order') or []), 'supplier')} in all."
    )


def _name_list(items: Any) -> list[str]:
    """Names from a list of names or of ``{"name": ...}`` / ``{"supplier": ...}`` records."""
    out = []
    for item in items or []:
        if isinstance(item, dict):
            item = item.get("name") or item.get("supplier") or item.get("state") or ""
        out.append(str(item))
    return [name for name in out if name]


def _history_sentence(data: dict[str, Any]) -> str | None:
    history = data.get("history")
    if not history:
        return None
    founders = _name_list(history.get("founders"))
    predicted = _name_list(history.get("predicted_founders"))
    match = history.get("match")
    text = "Against the historical record: "
    if predicted or founders:
        common = [name for name in predicted if name in set(founders)]
        text += (
            f"the theory predicts {plural(len(predicted), 'founder')} "
            f"({_names(predicted) or 'none'}), the record has {len(founders)}, "
            f"{len(common)} in common"
        )
        if match is not None:
            text += f" (match {show_number(match)})"
        if history.get("predicted_complete") is False:
            text += ", found by a search that is not exhaustive"
    else:
        text += "no founding group to compare"
    correlation = (history.get("enlargement") or {}).get("rank_correlation")
    if correlation is not None:
        text += (
            f"; the predicted order of enlargement has rank correlation "
            f"{show_number(correlation, 3)} with the order of accession"
        )
    return text + "."


def _profiles_sentence(data: dict[str, Any]) -> str | None:
    items = data.get("profile_conditions")
    if not items:
        return None
    here = [
        i["statement"].removesuffix(" is a pure equilibrium")
        for i in items
        if i["equilibrium_here"]
    ]
    not_here = [
        i["statement"].removesuffix(" is a pure equilibrium")
        for i in items
        if not i["equilibrium_here"]
    ]
    kept = [p["name"] for p in data.get("kept_parameters") or []]
    text = "At the scenario's numbers, "
    text += (
        f"{_names(here)} {'is a' if len(here) == 1 else 'are'} pure equilibri"
        f"{'um' if len(here) == 1 else 'a'}"
        if here
        else "no listed profile is an equilibrium"
    )
    if not_here:
        text += f" and {_names(not_here)} {'is' if len(not_here) == 1 else 'are'} not"
    if kept:
        text += f"; the conditions below say for which values of {_names(kept)} this stays so"
    return text + "."


def verdict(data: dict[str, Any]) -> list[str]:
    """The verdict sentences of a report dictionary (module docstring).

    >>> verdict({"market": {"risk_without_supply": "1/2", "risk_with_supply": "1/2"}})[0][:30]
    'The risk cannot change in this'
    """
    sentences: list[str] = []
    if degenerate_market(data):
        sentences.append(
            "The risk cannot change in this market (p1 = p0), so every switch is trivially "
            "'ineffective' and every cartel 'effective': read the verdicts below as arithmetic, "
            "not as findings."
        )
    for build in (
        _unilateral_sentence,
        _sizes_sentence,
        _regime_sentence,
        _enlargement_sentence,
        _history_sentence,
        _profiles_sentence,
    ):
        sentence = build(data)
        if sentence:
            sentences.append(sentence)
    arithmetic = _arithmetic_sentence(data)
    if arithmetic:
        sentences.append(arithmetic)
    enlargement = _enlargement_sentence(data)
    if len(sentences) > MAX_SENTENCES and enlargement in sentences:
        # keep the block short: the enlargement outlook joins the regime's sentence
        at = sentences.index(enlargement)
        sentences[at - 1 : at + 1] = [sentences[at - 1] + " " + enlargement]
    return sentences


def _arithmetic_sentence(data: dict[str, Any]) -> str | None:
    parts: list[tuple[str, bool]] = []  # (what, exact)
    if data.get("game"):
        verified = (data.get("pure_equilibria_detail") or {}).get("verified", "")
        parts.append(("the equilibria", verified.endswith("exactly")))
        if data.get("unilateral"):
            parts.append(("the dual-dilemma table", verified.endswith("exactly")))
    if data.get("cartels"):
        parts.append(("the cartel analysis", data["cartels"].get("arithmetic") == "exact"))
    if not parts:
        return None
    if all(exact for _, exact in parts):
        return (
            "Every number in this report is exact (rational arithmetic), and every equilibrium "
            "is verified exactly."
        )
    exact = [what for what, is_exact in parts if is_exact]
    rough = [what for what, is_exact in parts if not is_exact]
    text = f"{_names(rough).capitalize()} {'is' if len(rough) == 1 else 'are'} in floating point, "
    text += "correct within the float tolerance, not exactly"
    if exact:
        text += f"; {_names(exact)} {'is' if len(exact) == 1 else 'are'} exact"
    return text + "."


def glossary(data: dict[str, Any]) -> list[tuple[str, str]]:
    """``(term, meaning)`` for every term the report's sections use, in :data:`GLOSSARY` order.

    >>> [term for term, _ in glossary({"unilateral": []})][:3]
    ['V', 'p0, p1', 'k, h, s, c']
    """
    wanted = {"V", "p0, p1", "k, h, s, c", "exact / float"}
    market = data.get("market") or {}
    if market.get("risk_exponent") not in (None, 1, "1"):
        wanted.add("gamma")
    for key, terms in _SECTION_TERMS.items():
        if key in data:
            wanted.update(terms)
    if (data.get("cartels") or {}).get("enlargement"):
        wanted.add("breakdown")
    return [(term, meaning) for term, meaning in GLOSSARY.items() if term in wanted]


def with_verdict(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with ``verdict`` (sentences) and ``glossary`` (``{term: meaning}``) placed right
    after its ``format`` and ``command`` keys (recomputed, so a section added later counts)."""
    head = {k: data[k] for k in ("format", "command") if k in data}
    rest = {k: v for k, v in data.items() if k not in head and k not in ("verdict", "glossary")}
    return {
        **head,
        "verdict": verdict(data),
        "glossary": dict(glossary(data)),
        **rest,
    }
