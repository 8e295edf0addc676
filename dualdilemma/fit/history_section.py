"""The ``history`` section of a scenario report: how the theory fares at the point values.

With a ``[regime]``, the theory's founding group (the smallest effective self-enforcing cartel,
:func:`~dualdilemma.cartels.sustainable.smallest_sustainable_cartel`, as in the report's cartel
section) is set beside the historical founders, and the enlargement along ``[capacity_paths]``
(:func:`~dualdilemma.cartels.enlargement.enlargement_path`) beside the later accessions of the
package's history data (:func:`~dualdilemma.fit.engine.historical_accessions`), with Spearman's
rank correlation of the accession years (a supplier never predicted to join ranks last).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dualdilemma.scenarios import Scenario

__all__ = ["history_section", "history_sentence", "history_blocks"]


def _rank_correlation(
    historical: Sequence[tuple[str, int]], predicted: Sequence[tuple[str, Any]]
) -> float | None:
    from scipy.stats import spearmanr

    if len(historical) < 2 or len({y for _, y in historical}) < 2:
        return None
    years = dict(predicted)
    last = max([y for _, y in historical] + [y for y in years.values() if y is not None]) + 1
    guess = [years.get(name, last) for name, _ in historical]
    if len(set(guess)) < 2:
        return None
    return float(spearmanr([y for _, y in historical], guess).statistic)


def history_section(
    scenario: Scenario, cartels: Mapping[str, Any] | None = None
) -> dict[str, Any] | None:
    """The report's ``history`` dictionary (``None`` without a ``[regime]``).

    ``cartels`` is the report's cartel section when it has one: its smallest sustainable
    cartel and enlargement path are used as they are, so the report says one thing.

    >>> from dualdilemma.scenarios import load_scenario
    >>> section = history_section(load_scenario("mtcr-1987"))
    >>> section["founders"][:2], section["match"]
    (['Canada', 'France'], False)
    """
    from dualdilemma.fit.engine import founders_disagreement, historical_accessions

    if scenario.regime is None:
        return None
    founders = list(scenario.regime.members)
    notes: list[str] = []
    disagreement = founders_disagreement(scenario)
    if disagreement:
        notes.append(disagreement)
    predicted: list[str] | None = None
    enlargement_path: Mapping[str, Any] | None = None
    complete = True
    if cartels is not None and cartels.get("smallest_sustainable") is not None:
        found = cartels["smallest_sustainable"]
        predicted, complete = found["cartel"], bool(found.get("complete", True))
        enlargement_path = cartels.get("enlargement")
        if not complete:
            notes.append(
                "the predicted founding group comes from a search that is not exhaustive: "
                f"{found.get('reason', '')}"
            )
    elif scenario.discount is None:
        notes.append("no discount factor: the founding group is not predicted")
    else:
        predicted, enlargement_path, complete = _compute(scenario, notes)
    historical = historical_accessions(scenario)
    predicted_accessions: list[list[Any]] = []
    if enlargement_path is not None:
        skip = set(founders) | set(
            scenario.capacity_paths.initial if scenario.capacity_paths else ()
        )
        predicted_accessions = [
            [row["supplier"], row["year"]]
            for row in enlargement_path["accession"]
            if row["supplier"] not in skip
        ]
    elif scenario.capacity_paths is None:
        notes.append("no [capacity_paths]: the later accessions are not predicted")
    section = {
        "founders": founders,
        "predicted_founders": predicted,
        # False when the smallest-cartel search was not exhaustive (a time limit, or a
        # market where it can only grow the minimal cartels)
        "predicted_complete": complete,
        "match": predicted is not None and set(predicted) == set(founders),
        "enlargement": {
            "historical": [[name, year] for name, year in historical],
            "predicted": predicted_accessions,
            "rank_correlation": _rank_correlation(
                historical, [(n, y) for n, y in predicted_accessions]
            )
            if enlargement_path is not None
            else None,
            "computed": enlargement_path is not None,
        },
        "notes": notes,
    }
    section["summary"] = history_sentence(section)
    return section


def _compute(scenario: Scenario, notes: list[str]) -> tuple[list[str] | None, Any, bool]:
    from dualdilemma.cartels.analysis import CartelMarket
    from dualdilemma.cartels.enlargement import enlargement_path
    from dualdilemma.cartels.sustainable import smallest_sustainable_cartel
    from dualdilemma.errors import DualDilemmaError

    options = {
        "tolerance": scenario.tolerance,
        "discount": scenario.discount,
        "detection": scenario.detection,
        "punishment": scenario.punishment,
    }
    from dualdilemma.limits import search_time_limit

    predicted, complete = None, False
    try:
        found = smallest_sustainable_cartel(
            CartelMarket(scenario.market, selection=scenario.selection),
            time_limit=search_time_limit(),
            **options,
        )
        predicted = None if found.cartel is None else list(found.cartel)
        complete = bool(found.complete)
        if not complete:
            notes.append(
                f"the predicted founding group comes from a search that is not exhaustive: "
                f"{found.reason}"
            )
    except DualDilemmaError as exc:
        notes.append(f"founding group not predicted: {str(exc).splitlines()[0]}")
    path = None
    paths = scenario.capacity_paths
    if paths is not None:
        try:
            path = enlargement_path(
                scenario.market,
                {name: list(p) for name, p in paths.paths.items()},
                years=list(paths.years),
                initial=paths.initial,
                **options,
            ).to_dict()
        except DualDilemmaError as exc:
            notes.append(f"enlargement not predicted: {str(exc).splitlines()[0]}")
    return predicted, path, complete


def history_sentence(section: Mapping[str, Any]) -> str:
    """One sentence on how the theory fares against the record."""
    founders = section["founders"]
    predicted = section["predicted_founders"]
    if predicted is None:
        head = (
            f"The theory predicts no self-enforcing effective founding group, where history "
            f"has {len(founders)} founders"
        )
    elif section["match"]:
        head = f"The theory predicts the {len(founders)} historical founders exactly"
    else:
        common = len(set(predicted) & set(founders))
        head = (
            f"The theory predicts a founding group of {len(predicted)} where history has "
            f"{len(founders)}, {common} of them historical founders"
        )
    if not section.get("predicted_complete", True):
        head += " (from a search that is not exhaustive)"
    enlargement = section["enlargement"]
    historical = enlargement["historical"]
    if historical and not enlargement.get("computed", True):
        tail = f"; without capacity paths it cannot place the {len(historical)} later accessions"
    elif historical and enlargement["predicted"]:
        rho = enlargement["rank_correlation"]
        tail = f"; of {len(historical)} later accessions it predicts " + (
            f"the order with rank correlation {rho:.2f}"
            if rho is not None
            else f"{len({n for n, _ in enlargement['predicted']} & {n for n, _ in historical})}"
        )
    elif historical:
        tail = f"; it predicts none of the {len(historical)} later accessions"
    else:
        tail = ""
    return head + tail + "."


def history_blocks(data: Mapping[str, Any]) -> list[Any]:
    """The report blocks of the ``history`` section (it opens with :func:`history_sentence`)."""
    from dualdilemma.reporting.blocks import Heading, KeyValues, Note, Paragraph

    section = data["history"]
    enlargement = section["enlargement"]

    def listed(rows: Sequence[Sequence[Any]]) -> str:
        return ", ".join(f"{name} {year}" for name, year in rows) or "none"

    predicted = section["predicted_founders"]
    rho = enlargement["rank_correlation"]
    blocks: list[Any] = [
        Heading("How the theory fares against history", 2),
        Paragraph(section["summary"]),
        KeyValues(
            (
                ("historical founders", ", ".join(section["founders"])),
                ("predicted founders", ", ".join(predicted) if predicted else "none"),
                ("match", "yes" if section["match"] else "no"),
                ("later accessions, history", listed(enlargement["historical"])),
                ("later accessions, predicted", listed(enlargement["predicted"])),
                ("rank correlation", "n/a" if rho is None else f"{rho:.3f}"),
            )
        ),
    ]
    blocks.extend(Note(note) for note in section.get("notes", []))
    return blocks
