r"""Settings of a regime-dynamics simulation: from a scenario file, or the built-in demonstration.

A :class:`DynamicsSetting` bundles what :func:`~dualdilemma.dynamics.simulation.simulate`
needs besides the number of histories: the market, its yearly capacity paths, the first year,
the members before it, :math:`\tau, \delta, \beta`, and the shock parameters.

From a scenario
---------------
:func:`setting_from_scenario` reads a :class:`~dualdilemma.scenarios.Scenario`.  Its
``[capacity_paths]`` give capacities at listed years (e.g. 1991, 1994, 1996, 2004); the yearly
path holds each listed value until the next listed year (a step function), starting at the
first listed year with the listed ``initial`` members (default: the ``[regime]`` members).
Without capacity paths the market is constant and starts in the scenario's year.  Either way a
scenario with a ``[regime]`` starts with that regime in force, not from an empty one.  The
``[dynamics]`` table, when present, gives :math:`\lambda_0, \lambda_1, \rho` and the
negotiation cost.

The demonstration
-----------------
Eight suppliers of a sensitive good, from 1970: a leader, three major and two secondary
established suppliers with fixed capacities, and two emerging suppliers whose capacities grow
in five-year steps (as a capacity estimate per period would), from a few per cent of the
proliferant's needs to 0.3 each.  The established suppliers value the harm of proliferation
more and screen better; the emerging ones less so.  There is no regime before 1970.

With the defaults (:math:`\tau = 0.1`, :math:`\delta = 0.9`, :math:`\beta = 1`) the targets
are a founding group of five established suppliers, then six, then seven with the first
emerging supplier, then a group of seven in which the second emerging supplier replaces a
secondary one: the growth of the emerging suppliers opens the founding group's gap from
0.1 to 0.64 over fifty years.

Every number here is illustrative: the setting exists so that ``dualdilemma simulate`` runs
without a scenario file; it is not an estimate of any real market.  Scenario files with
capacity paths (issue 5) replace it for real questions.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dualdilemma.dynamics.simulation import ShockDynamics
from dualdilemma.errors import InvalidParameterError
from dualdilemma.models.export_market import ExportMarket, Supplier

if TYPE_CHECKING:  # pragma: no cover - typing only
    from dualdilemma.scenarios import Scenario

__all__ = [
    "DynamicsSetting",
    "demonstration_setting",
    "setting_from_scenario",
    "load_setting",
    "DEMO_NAME",
]

#: The name under which the CLI knows the demonstration setting.
DEMO_NAME = "demo"


@dataclass(frozen=True)
class DynamicsSetting:
    """A market with yearly capacity paths and the options of a simulation.

    ``capacity_paths`` may be empty (a constant market); ``regime`` names the shipped
    historical regime the setting stands for (:mod:`dualdilemma.history`), if any.
    """

    name: str
    market: ExportMarket
    capacity_paths: Mapping[str, Sequence[Any]]
    start_year: int
    discount: Any
    tolerance: Any = "1/10"
    detection: Any = 1
    punishment: str = "nash"
    initial: tuple[str, ...] = ()
    dynamics: ShockDynamics = field(default_factory=ShockDynamics)
    regime: str | None = None
    title: str = ""
    description: str = ""
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        from dualdilemma.cartels.analysis import check_tolerance
        from dualdilemma.repeated.critical_discount import check_detection, check_discount

        object.__setattr__(self, "tolerance", check_tolerance(self.tolerance))
        object.__setattr__(self, "discount", check_discount(self.discount))
        object.__setattr__(self, "detection", check_detection(self.detection))

    @property
    def path_years(self) -> int | None:
        """Length of the capacity paths (``None`` for a constant market)."""
        if not self.capacity_paths:
            return None
        return len(next(iter(self.capacity_paths.values())))

    def simulate_options(self) -> dict[str, Any]:
        """Keyword arguments of :func:`~dualdilemma.dynamics.simulation.simulate`."""
        return {
            "capacity_paths": dict(self.capacity_paths) or None,
            "start_year": self.start_year,
            "initial": self.initial,
            "tolerance": self.tolerance,
            "discount": self.discount,
            "detection": self.detection,
            "punishment": self.punishment,
            "dynamics": self.dynamics,
        }

    def to_dict(self) -> dict[str, Any]:
        from dualdilemma.solvers.result import json_number

        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "start_year": self.start_year,
            "path_years": self.path_years,
            "initial": list(self.initial),
            "tolerance": json_number(self.tolerance),
            "discount": json_number(self.discount),
            "detection": json_number(self.detection),
            "punishment": self.punishment,
            "regime": self.regime,
            "notes": list(self.notes),
        }


def _steps(values: Sequence[str], width: int = 5) -> list[str]:
    return [v for v in values for _ in range(width)]


def demonstration_setting() -> DynamicsSetting:
    """The stylised eight-supplier setting of the module docstring (1970-2019).

    >>> setting = demonstration_setting()
    >>> setting.market.num_suppliers, setting.start_year, setting.path_years
    (8, 1970, 50)
    """
    suppliers = [
        Supplier("Leader", "0.35", 20, "0.6"),
        Supplier("Major A", "0.25", 12, "0.5"),
        Supplier("Major B", "0.2", 12, "0.4"),
        Supplier("Major C", "0.15", 10, "0.4"),
        Supplier("Secondary A", "0.1", 8, "0.3"),
        Supplier("Secondary B", "0.1", 8, "0.3"),
        Supplier("Emerging A", "0.02", 6, "0.1"),
        Supplier("Emerging B", "0.01", 6, "0"),
    ]
    market = ExportMarket(
        10, "0.05", "0.9", suppliers, title="demonstration: established and emerging suppliers"
    )
    paths = {
        "Emerging A": _steps(
            ["0.02", "0.03", "0.05", "0.08", "0.12", "0.16", "0.2", "0.24", "0.28", "0.3"]
        ),
        "Emerging B": _steps(
            ["0.01", "0.01", "0.02", "0.04", "0.08", "0.12", "0.16", "0.2", "0.25", "0.3"]
        ),
    }
    return DynamicsSetting(
        name=DEMO_NAME,
        market=market,
        capacity_paths=paths,
        start_year=1970,
        discount="9/10",
        title=market.title,
        description=(
            "stylised demonstration (not calibrated): six established suppliers and two "
            "emerging ones growing in five-year steps, 1970-2019"
        ),
        notes=("illustrative numbers, not estimates of a real market",),
    )


def _regime_key(name: str | None) -> str | None:
    from dualdilemma.history import load_history

    if not name:
        return None
    try:
        return load_history().regime(name).key
    except InvalidParameterError:
        return None


def setting_from_scenario(scenario: Scenario) -> DynamicsSetting:
    """The dynamics setting of a scenario (see the module docstring).

    Raises
    ------
    InvalidParameterError
        The scenario gives no discount factor (``[market] discount``).

    Examples
    --------
    >>> from dualdilemma.scenarios import load_scenario
    >>> setting = setting_from_scenario(load_scenario("nsg-1991"))
    >>> setting.start_year, setting.path_years, len(setting.initial), setting.regime
    (1991, 14, 13, 'NSG')
    >>> [str(c) for c in setting.capacity_paths["China"][4:6]]
    ['5/8', '3/4']
    """
    if scenario.discount is None:
        raise InvalidParameterError(
            f"scenario {scenario.name!r} gives no discount factor ([market] discount), which "
            "the regime dynamics need"
        )
    paths: dict[str, list[Any]] = {}
    # the regime the scenario records is in force when the simulation starts
    initial: tuple[str, ...] = () if scenario.regime is None else tuple(scenario.regime.members)
    start = scenario.year
    if scenario.capacity_paths is not None:
        listed = scenario.capacity_paths
        years = listed.years
        start = years[0]
        if listed.initial:
            initial = tuple(listed.initial)
        for name, values in listed.paths.items():
            path = []
            position = 0
            for year in range(years[0], years[-1] + 1):
                while position + 1 < len(years) and years[position + 1] <= year:
                    position += 1
                path.append(values[position])
            paths[name] = path
    elif start is None and scenario.regime is not None:
        start = scenario.regime.year
    dynamics = ShockDynamics()
    if scenario.dynamics is not None:
        d = scenario.dynamics
        dynamics = ShockDynamics(
            shock_base=d.shock_rate,
            shock_gap=d.shock_gap_rate,
            decay=d.attention_decay,
            negotiation_cost=d.negotiation_cost,
        )
    regime_name = scenario.regime.name if scenario.regime is not None else None
    return DynamicsSetting(
        name=scenario.name,
        market=scenario.market,
        capacity_paths=paths,
        start_year=0 if start is None else int(start),
        discount=scenario.discount,
        tolerance=scenario.tolerance,
        detection=scenario.detection,
        punishment=scenario.punishment,
        initial=initial,
        dynamics=dynamics,
        regime=_regime_key(regime_name),
        title=scenario.title,
        description=scenario.description,
        notes=()
        if scenario.capacity_paths is not None
        else ("the scenario has no capacity paths: capacities stay constant",),
    )


def load_setting(spec: str | os.PathLike[str] | None = None) -> DynamicsSetting:
    """A setting by name: ``"demo"`` (:func:`demonstration_setting`), a built-in scenario or
    a scenario file (``None``: the default built-in scenario).

    >>> load_setting("demo").name, load_setting("nsg-1975").regime
    ('demo', 'NSG')
    """
    if spec is not None and os.fspath(spec) == DEMO_NAME and not os.path.exists(DEMO_NAME):
        return demonstration_setting()
    from dualdilemma.scenarios import load_scenario

    return setting_from_scenario(load_scenario(spec))
