"""Analyses that answer the theory's questions: sweeps, region maps, conditions, dual dilemma."""

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
