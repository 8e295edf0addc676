"""``dualdilemma claims``: check the theory's claims C1-C6 with hypothesis."""

from __future__ import annotations

import argparse
from typing import Any

from dualdilemma.commands.common import UsageError, add_limit_option

__all__ = ["register"]


def _count(minimum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError(f"must be an integer >= {minimum}, got {text!r}")
        return value

    return parse


def register(commands: Any) -> None:
    # Options left out are not passed on, so the checker's own defaults apply; importing them
    # here would load sympy and hypothesis on every command line, even for --help.
    parser = commands.add_parser(
        "claims",
        help="check the theory's claims C1-C7 (and their naive versions) with hypothesis",
        description=(
            "Check each claim of the theory on generated examples; report whether it holds "
            "or a shrunk, minimal counterexample.  Naive versions are expected to fail."
        ),
    )
    parser.add_argument(
        "names",
        nargs="*",
        metavar="CLAIM",
        help="claims to check (default: the whole catalogue, C1-C6 and the design claims C7-*; "
        "e.g. C3 C3-naive-gap)",
    )
    parser.add_argument(
        "--max-examples",
        type=_count(1),
        default=argparse.SUPPRESS,
        help="examples per claim (default 25)",  # = claims.check.DEFAULT_MAX_EXAMPLES (tested)
    )
    parser.add_argument("--seed", type=_count(0), default=0, help="seed of the search (default 0)")
    parser.add_argument(
        "--shrink-budget",
        type=_count(0),
        default=argparse.SUPPRESS,
        help="candidates decided while shrinking "
        "(default 150)",  # = claims.check.DEFAULT_SHRINK_BUDGET (tested)
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", dest="fmt")
    parser.set_defaults(handler=_cmd_claims)
    add_limit_option(parser)


def _cmd_claims(args: argparse.Namespace) -> str:
    from dualdilemma.claims.check import check_all
    from dualdilemma.claims.registry import ALL_CLAIMS, claim_names, get_claim
    from dualdilemma.claims.report import render_claims_report

    if args.names:
        unknown = [n for n in args.names if n not in claim_names()]
        if unknown:
            raise UsageError(f"unknown claim {unknown[0]!r}; claims are {', '.join(claim_names())}")
        claims = [get_claim(n) for n in dict.fromkeys(args.names)]
    else:
        claims = list(ALL_CLAIMS)
    budgets = {
        key: getattr(args, key) for key in ("max_examples", "shrink_budget") if hasattr(args, key)
    }
    from dualdilemma.progress import spinner

    # a spinner on a terminal's stderr only: the JSON on stdout never carries it
    with spinner(f"checking {len(claims)} claims") as tick:
        results = check_all(claims, seed=args.seed, tick=tick, **budgets)
    return render_claims_report(results, args.fmt)
