"""Text, Markdown and JSON renderings of a :class:`~dualdilemma.fit.engine.FitResult`, and the
histogram figure of its posterior marginals (matplotlib, Agg backend)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from dualdilemma.fit.engine import FitResult

__all__ = ["render_fit", "plot_marginals", "FORMATS"]

#: Output formats of :func:`render_fit`.
FORMATS = ("text", "markdown", "json")


def _pct(entry: dict[str, Any] | None) -> str:
    if not entry or entry.get("share") is None:
        return "n/a"
    low, high = entry["interval"]
    return f"{100 * entry['share']:.1f}% (95% CI {100 * low:.1f}-{100 * high:.1f}%)"


def _num(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "n/a"
    return f"{value:.{digits}g}" if isinstance(value, float) else str(value)


def _lines(result: FitResult, markdown: bool) -> list[str]:
    data = result.to_dict()
    founding = data["founding"]
    head = "## " if markdown else ""
    bullet = "- " if markdown else "  "
    out = [
        f"{'# ' if markdown else ''}Fit of {data['scenario']} to the historical record",
        "",
        f"{data['parameters']['samples']} Sobol draws from {len(data['priors'])} priors "
        f"(seed {data['parameters']['seed']}); {data['method']}.",
        "",
        f"{head}Founding ({data['history']['regime']}, {data['history']['year']})",
        f"{bullet}historical founders ({founding['historical_size']}): "
        + ", ".join(founding["historical"]),
        f"{bullet}share of the prior reproducing the founders exactly: {_pct(founding['exact'])}",
        f"{bullet}share predicting the founding size: {_pct(founding['size'])}",
        f"{bullet}null model, the {founding['historical_size']} largest by capacity: "
        f"{_pct(founding['null_models']['largest_by_capacity'])}",
        f"{bullet}null model, a random group of the predicted size: "
        f"{100 * founding['null_models']['random_group_of_predicted_size']:.2f}%",
        f"{bullet}predicted sizes: "
        + (", ".join(f"{k}: {v}" for k, v in founding["size_distribution"].items()) or "none found")
        + f"; no self-enforcing effective cartel in {founding['none_found']} draws",
        "",
        f"{head}The leader ({data['leader']['supplier']}) acting alone",
        f"{bullet}dual dilemma in {_pct(data['leader']['dual_dilemma'])} of the draws",
        f"{bullet}verdicts: "
        + ", ".join(f"{k} {v}" for k, v in data["leader"]["verdicts"].items()),
    ]
    enlargement, oos = data["enlargement"], data["out_of_sample"]
    if enlargement is not None:
        out += ["", f"{head}Enlargement along the capacity paths"]
        prior_scores = enlargement.get("rank_correlation_prior")
        if prior_scores:
            out.append(
                f"{bullet}Spearman rho of predicted and historical accession years, over the "
                f"prior: mean {_num(prior_scores['spearman_mean'])}"
            )
        if enlargement.get("note"):
            out.append(f"{bullet}{enlargement['note']}")
    if oos is not None:
        out += ["", f"{head}Out of sample (fitted on the founding only; {oos['draws']} draws)"]
        for label, key in (("theory", "theory"), ("capacity order", "capacity_order_baseline")):
            scores = oos.get(key)
            if scores is None:
                out.append(f"{bullet}{label}: no draw reproduces the founders")
                continue
            out.append(
                f"{bullet}{label}: Spearman rho mean {_num(scores['spearman_mean'])}, "
                f"Kendall tau mean {_num(scores['kendall_mean'])}, "
                f"accessions within +/-{oos['within_years']} years "
                f"{_num(scores['within_years_share'])}"
            )
    out += ["", f"{head}Posterior (draws reproducing the founders: {data['posterior']['count']})"]
    table = [("parameter", "prior mean", "posterior mean", "posterior 5%-95%")]
    for path, entry in data["posterior"]["marginals"].items():
        post = entry["posterior"]
        band = (
            f"{post['quantiles']['0.05']:.3g}-{post['quantiles']['0.95']:.3g}"
            if post["quantiles"]
            else "n/a"
        )
        table.append((path, _num(entry["prior"]["mean"]), _num(post["mean"]), band))
    out += _table(table, markdown)
    if data["best"]:
        out += ["", f"{head}Best-fitting draws (Jaccard similarity with the founders)"]
        for row in data["best"]:
            founders = ", ".join(row["predicted_founders"] or ["none"])
            out.append(f"{bullet}draw {row['draw']}: {row['jaccard']:.2f}: {founders}")
    sens = data["sensitivity"]
    if sens is not None:
        out += ["", f"{head}Sensitivity of the founding size (Sobol indices)"]
        if "groups" in sens and isinstance(sens["groups"], dict):
            rows = [("group", "first order", "total")]
            for group, entry in sens["groups"].items():
                rows.append(
                    (
                        group,
                        f"{entry['first_order']:.3f} +/- {entry['first_order_conf']:.3f}",
                        f"{entry['total']:.3f} +/- {entry['total_conf']:.3f}",
                    )
                )
            out += _table(rows, markdown)
        if sens.get("note"):
            out.append(f"{bullet}{sens['note']}")
    if data["diagnostics"]:
        out += ["", f"{head}Notes"] + [f"{bullet}{d}" for d in data["diagnostics"]]
    return out


def _table(rows: list[tuple[str, ...]], markdown: bool) -> list[str]:
    if markdown:
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        return lines + ["| " + " | ".join(r) + " |" for r in rows[1:]]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        ("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True))).rstrip()
        for r in rows
    ]


def render_fit(result: FitResult, fmt: str = "text") -> str:
    """The fit as ``"text"``, ``"markdown"`` or ``"json"``."""
    if fmt == "json":
        data = _finite(result.to_dict())
        return json.dumps(data, indent=2, allow_nan=False, default=_json_default) + "\n"
    if fmt not in FORMATS:
        from dualdilemma.errors import InvalidParameterError

        raise InvalidParameterError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    return "\n".join(_lines(result, fmt == "markdown")) + "\n"


def _finite(value: Any) -> Any:
    """The data with non-finite floats (an undefined index or correlation) as ``null``."""
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    if isinstance(value, float | np.floating) and not np.isfinite(value):
        return None
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _float(value: Any) -> float:
    from fractions import Fraction

    return float(Fraction(str(value)))


def plot_marginals(result: FitResult, path: str | Path) -> Path:
    """Histograms of each prior (grey) and its posterior (blue), one panel per parameter,
    written to ``path`` (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    priors = result.priors
    count = len(priors)
    columns = min(4, count)
    rows = -(-count // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(3.2 * columns, 2.4 * rows), squeeze=False)
    for j, prior in enumerate(priors):
        axis = axes[j // columns][j % columns]
        bins = np.linspace(_float(prior["low"]), _float(prior["high"]), 21)
        axis.hist(result.draws[:, j], bins=bins, density=True, color="0.8", label="prior")
        chosen = result.draws[result.reproduces, j]
        if chosen.size:
            axis.hist(chosen, bins=bins, density=True, alpha=0.6, color="C0", label="posterior")
        axis.set_title(prior["path"], fontsize=7)
        axis.tick_params(labelsize=6)
    for j in range(count, rows * columns):
        axes[j // columns][j % columns].axis("off")
    axes[0][0].legend(fontsize=6)
    figure.suptitle(
        f"{result.scenario}: priors and posterior (founders reproduced in "
        f"{int(result.reproduces.sum())} of {len(result.reproduces)} draws)",
        fontsize=9,
    )
    figure.tight_layout()
    path = Path(path)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
