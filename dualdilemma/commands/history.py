"""``dualdilemma history``: the export-control regimes' record shipped with the package.

Without ``REGIME``: every regime's founding, its latest recorded size and its shocks, the
shock-response lags and the punctuation of the NSG's yearly membership changes.  With a
``REGIME`` (``NSG``, ``ZC``, ``AG``, ``MTCR``, ``COCOM``, ``WA`` or a name such as
``"Australia Group"``): its founders, membership counts, shocks and the sources cited.
``--scenarios`` adds the founding groups of the built-in scenarios against the model's smallest
effective (and self-enforcing) cartels.  Figures flagged as estimates are marked ``*``.
"""

from __future__ import annotations

import argparse
from typing import Any

from dualdilemma.commands.common import add_limit_option

__all__ = ["register", "JSON_FORMAT"]

JSON_FORMAT = "dualdilemma-history/1"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "history",
        help="the regimes' history: founders, membership, shocks and lags",
        description="The export-control regimes' record (NSG, Zangger Committee, Australia "
        "Group, MTCR, COCOM and Wassenaar), each figure with its source.",
    )
    parser.add_argument(
        "regime",
        nargs="?",
        default=None,
        metavar="REGIME",
        help="NSG, ZC, AG, MTCR, COCOM or WA (default: an overview of all)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", dest="fmt")
    parser.add_argument(
        "--scenarios",
        action="store_true",
        help="compare the built-in scenarios' founding groups with the model's smallest "
        "cartels (runs the cartel analysis of each scenario)",
    )
    parser.set_defaults(handler=_cmd_history)
    add_limit_option(parser)


def _cmd_history(args: argparse.Namespace) -> str:
    from dualdilemma.history import load_history
    from dualdilemma.reporting.common import dumps_json

    data = load_history()
    regimes = list(data.regimes.values()) if args.regime is None else [data.regime(args.regime)]
    nsg = data.regime("NSG").change_statistics()
    lags = data.shock_responses(None)
    if args.regime is not None:
        lags = tuple(s for s in lags if s.regime == regimes[0].key)
    scenarios = ()
    if args.scenarios:
        from dualdilemma.dynamics.comparisons import scenario_founding_comparison

        scenarios = scenario_founding_comparison()
    cited = data.cited(
        key
        for r in regimes
        for key in (
            *r.sources,
            *(k for f in r.founders for k in f.sources),
            *(k for m in r.membership for k in m.sources),
            *(k for s in r.shocks for k in s.sources),
        )
    )
    if args.fmt == "json":
        out: dict[str, Any] = {
            "format": JSON_FORMAT,
            "regimes": [r.to_dict() for r in regimes],
            "shock_responses": [s.to_dict() for s in lags],
            "sources": [s.to_dict() for s in cited],
        }
        if args.regime is None or regimes[0].yearly:
            stats = regimes[0].change_statistics() if args.regime is not None else nsg
            out["punctuation"] = {
                "regime": regimes[0].key if args.regime is not None else "NSG",
                **stats.to_dict(),
            }
        if args.scenarios:
            out["scenario_founding"] = [row.to_dict() for row in scenarios]
        return dumps_json(out)
    return _render_text(args.regime is None, regimes, lags, nsg, cited, scenarios)


def _star(flag: bool) -> str:
    return " *" if flag else ""


def _render_text(
    overview: bool, regimes: list[Any], lags: Any, nsg: Any, cited: Any, scenarios: Any
) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from dualdilemma.dynamics.moments import NORMAL_KURTOSIS, NORMAL_L_KURTOSIS
    from dualdilemma.reporting.common import render_rich

    parts: list[Any] = []
    if overview:
        table = Table(title="Export-control regimes", box=box.SIMPLE_HEAD, title_justify="left")
        for column, justify in (
            ("regime", "left"),
            ("name", "left"),
            ("founded", "right"),
            ("founders", "right"),
            ("latest size", "right"),
            ("shocks", "right"),
        ):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for r in regimes:
            latest = r.membership[-1] if r.membership else None
            table.add_row(
                r.key,
                r.name,
                f"{r.founded_date or r.founded_year}",
                f"{r.founding_size if r.founding_size is not None else '-'}{_star(r.estimate)}",
                "-"
                if latest is None
                else f"{latest.members} ({latest.year}){_star(latest.estimate)}",
                str(len(r.shocks)),
            )
        parts.append(table)
    else:
        r = regimes[0]
        lines = [
            f"{r.name} ({r.key}), {r.domain}",
            f"founded {r.founded_date or r.founded_year}: {r.founding_event}; founding group "
            f"{r.founding_size if r.founding_size is not None else 'unknown'}{_star(r.estimate)}",
        ]
        if r.dissolved_year:
            lines.append(f"dissolved {r.dissolved_year}; successor {r.successor or '-'}")
        if r.note:
            lines.append(f"note: {r.note}")
        parts.append(Text("\n".join(lines)))
        if r.founders:
            founders = Table(
                title="Founders and early members", box=box.SIMPLE_HEAD, title_justify="left"
            )
            founders.add_column("member")
            founders.add_column("year", justify="right")
            founders.add_column("role")
            for f in r.founders:
                founders.add_row(f.member, f"{f.year}{_star(f.estimate)}", f.role)
            parts.append(founders)
        if r.membership:
            counts = Table(title="Membership", box=box.SIMPLE_HEAD, title_justify="left")
            counts.add_column("year", justify="right")
            counts.add_column("members", justify="right")
            counts.add_column("basis")
            for m in r.membership:
                counts.add_row(str(m.year), f"{m.members}{_star(m.estimate)}", m.basis)
            parts.append(counts)
    if lags:
        table = Table(title="Shocks and responses", box=box.SIMPLE_HEAD, title_justify="left")
        table.add_column("shock")
        table.add_column("year", justify="right")
        table.add_column("response")
        table.add_column("lag", justify="right")
        for s in lags:
            shock_year = str(s.shock_year)
            if s.shock_year_end != s.shock_year:
                shock_year += f"-{s.shock_year_end % 100:02d}"
            table.add_row(
                f"{s.regime}: {s.shock}",
                shock_year,
                f"{s.response} ({s.response_date or s.response_year})",
                f"{s.lag}{_star(s.estimate)}",
            )
        parts.append(table)
    if overview or regimes[0].yearly:
        stats = regimes[0].change_statistics() if not overview else nsg
        key = "NSG" if overview else regimes[0].key
        parts.append(
            Text(
                f"Punctuation of {key}'s yearly membership changes {stats.years[0]}-"
                f"{stats.years[1]}: kurtosis {stats.kurtosis:.3g} (normal {NORMAL_KURTOSIS:g}), "
                f"L-kurtosis {stats.l_kurtosis:.3g} (normal {NORMAL_L_KURTOSIS:.4f}); "
                f"{stats.estimated_years} of the yearly counts are carried forward (estimates)."
            )
        )
    if scenarios:
        table = Table(
            title="Founding groups of the built-in scenarios against the model",
            box=box.SIMPLE_HEAD,
            title_justify="left",
        )
        for column in (
            "scenario",
            "regime",
            "recorded",
            "founding",
            "min. effective",
            "self-enforcing",
            "overlap",
        ):
            table.add_column(
                column, justify="left" if column in ("scenario", "regime") else "right"
            )
        for row in scenarios:
            table.add_row(
                row.scenario,
                row.regime or row.regime_name,
                str(len(row.recorded_members)),
                "-" if row.founding_size is None else str(row.founding_size),
                "-" if row.minimal_effective_size is None else str(row.minimal_effective_size),
                "none" if row.sustainable is None else str(len(row.sustainable)),
                str(len(row.overlap)),
            )
        parts.append(table)
    parts.append(
        Text(
            "* an estimate (carried forward, a year within a range, or a secondary source).\n"
            "Sources:\n" + "\n".join(f"  [{s.key}] {s.citation} {s.url}".rstrip() for s in cited)
        )
    )
    return render_rich(*parts)
