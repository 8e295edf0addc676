"""Analyses that answer the theory's questions: sweeps, region maps, conditions, dual dilemma."""

from dualdilemma.analysis.conditions import (
    EquilibriumCondition,
    anonymous_equilibrium_conditions,
    equilibrium_conditions,
    export_market_closed_forms,
    pure_equilibrium_conditions,
    region_conditions,
)
from dualdilemma.analysis.dual_dilemma import (
    DualDilemmaReport,
    RaceToBottom,
    UnilateralSwitch,
    dual_dilemma,
    lone_switch_condition,
    lone_switch_effects,
    race_to_the_bottom,
    symmetric_dual_dilemma_condition,
)
from dualdilemma.analysis.region_map import RegionMap, plot_region_map, region_map, region_name
from dualdilemma.analysis.sweep import (
    ParameterGrid,
    SweepOutputError,
    as_grid,
    map_chunks,
    parameter_grid,
    parameter_points,
    sweep,
)

__all__ = [
    "EquilibriumCondition",
    "anonymous_equilibrium_conditions",
    "equilibrium_conditions",
    "export_market_closed_forms",
    "pure_equilibrium_conditions",
    "region_conditions",
    "DualDilemmaReport",
    "RaceToBottom",
    "UnilateralSwitch",
    "dual_dilemma",
    "lone_switch_condition",
    "lone_switch_effects",
    "race_to_the_bottom",
    "symmetric_dual_dilemma_condition",
    "ParameterGrid",
    "SweepOutputError",
    "as_grid",
    "map_chunks",
    "parameter_grid",
    "parameter_points",
    "sweep",
    "RegionMap",
    "plot_region_map",
    "region_map",
    "region_name",
]
