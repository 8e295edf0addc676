"""``dualdilemma fit``: the theory against the historical record over a scenario's priors."""

from __future__ import annotations

import argparse
from typing import Any

from dualdilemma.commands.common import UsageError, add_limit_option

__all__ = ["register"]


def register(commands: Any) -> None:
    from dualdilemma.commands.common import add_scenario_argument

    parser = commands.add_parser(
        "fit",
        help="fit the theory's predictions to the historical record over the priors",
        description="Draw parameter sets from the scenario's [priors] (scrambled Sobol), "
        "predict the founding group, the enlargement and the leader's verdict for each, and "
        "compare them with the package's history data: shares with confidence intervals, "
        "posterior marginals, out-of-sample accessions and Sobol sensitivity indices.",
    )
    add_scenario_argument(parser)
    parser.add_argument(
        "--samples", type=int, default=None, metavar="N", help="Sobol draws, a power of two"
    )
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed")
    parser.add_argument(
        "--dask", metavar="ADDRESS", default=None, help="run the chunks on this Dask scheduler"
    )
    parser.add_argument(
        "--format", choices=("text", "markdown", "json"), default="text", dest="fmt"
    )
    parser.add_argument(
        "--plot", metavar="FILE", default=None, help="write posterior histograms to FILE (PNG)"
    )
    parser.add_argument(
        "--no-sensitivity", action="store_true", help="skip the Sobol sensitivity indices"
    )
    parser.set_defaults(handler=_cmd_fit)
    add_limit_option(parser)


def _client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--dask needs dask.distributed: pip install 'dask[distributed]'") from None
    try:
        return Client(address, timeout=10)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address!r}: {exc}") from None


def _cmd_fit(args: argparse.Namespace) -> str:
    from dualdilemma.fit.engine import DEFAULT_SAMPLES, fit_scenario
    from dualdilemma.fit.render import plot_marginals, render_fit
    from dualdilemma.scenarios import load_scenario

    scenario = load_scenario(args.scenario)
    client = _client(args.dask) if args.dask else None
    try:
        result = fit_scenario(
            scenario,
            samples=DEFAULT_SAMPLES if args.samples is None else args.samples,
            seed=args.seed,
            client=client,
            sensitivity=not args.no_sensitivity,
        )
    finally:
        if client is not None:
            client.close()
    if args.plot:
        plot_marginals(result, args.plot)
    return render_fit(result, args.fmt)
