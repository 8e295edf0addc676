"""Regime dynamics (MODEL s.5, claim C6): shocks, attention, neglect and punctuated revision.

* :mod:`~dualdilemma.dynamics.tables`: each year's revision target and the gaps of the
  reachable member sets, precomputed with the cartel analysis;
* :mod:`~dualdilemma.dynamics.simulation`: the vectorised, seeded Monte Carlo over histories;
* :mod:`~dualdilemma.dynamics.moments`: kurtosis and L-kurtosis (Hosking 1990);
* :mod:`~dualdilemma.dynamics.comparisons`: the model against the regimes' history
  (:mod:`dualdilemma.history`);
* :mod:`~dualdilemma.dynamics.plots`: membership bands and change distributions;
* :mod:`~dualdilemma.dynamics.settings`: settings from scenario files, and a built-in,
  stylised demonstration.
"""

from dualdilemma.dynamics.comparisons import (
    FoundingComparison,
    HistoryComparison,
    KurtosisComparison,
    LagComparison,
    compare_with_history,
    founding_comparison,
    kurtosis_comparison,
    lag_comparison,
)
from dualdilemma.dynamics.moments import (
    NORMAL_KURTOSIS,
    NORMAL_L_KURTOSIS,
    kurtosis,
    kurtosis_from_counts,
    l_kurtosis,
    l_kurtosis_from_counts,
    l_moments,
    l_moments_from_counts,
)
from dualdilemma.dynamics.plots import plot_changes, plot_membership, plot_simulation
from dualdilemma.dynamics.settings import (
    DynamicsSetting,
    demonstration_setting,
    load_setting,
    setting_from_scenario,
)
from dualdilemma.dynamics.simulation import (
    DynamicsSummary,
    GapEpisodes,
    HistoryPath,
    ShockDynamics,
    Simulation,
    simulate,
)
from dualdilemma.dynamics.tables import RegimeTables, regime_tables

__all__ = [
    "FoundingComparison",
    "HistoryComparison",
    "KurtosisComparison",
    "LagComparison",
    "compare_with_history",
    "founding_comparison",
    "kurtosis_comparison",
    "lag_comparison",
    "DynamicsSetting",
    "demonstration_setting",
    "load_setting",
    "setting_from_scenario",
    "NORMAL_KURTOSIS",
    "NORMAL_L_KURTOSIS",
    "kurtosis",
    "kurtosis_from_counts",
    "l_kurtosis",
    "l_kurtosis_from_counts",
    "l_moments",
    "l_moments_from_counts",
    "plot_changes",
    "plot_membership",
    "plot_simulation",
    "DynamicsSummary",
    "GapEpisodes",
    "HistoryPath",
    "ShockDynamics",
    "Simulation",
    "simulate",
    "RegimeTables",
    "regime_tables",
]
