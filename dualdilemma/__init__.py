"""dualdilemma: the game theory of multilateral export controls.

Why export controls fail when one supplier acts alone, and which groups of suppliers can
sustain them together.  The namespace is flat: games, models, solvers, analyses and errors are
importable from ``dualdilemma`` directly; the subpackages show the architecture
(``games`` -> ``solvers`` -> ``models`` -> ``analysis``/``cartels``/``repeated``/``dynamics``
-> ``reporting``/``commands``).

>>> import dualdilemma as dd
>>> pd = dd.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> dd.solve(pd, "all").equilibria[0].pure_profile()
(1, 1)
"""

import importlib
from typing import Any

from dualdilemma.errors import (
    DualDilemmaError,
    ExpressionError,
    FormatError,
    GameTooLargeError,
    InvalidGameError,
    InvalidParameterError,
    InvalidProfileError,
    SolverError,
    UnsupportedGameError,
)

_LAZY = {
    "dual_dilemma": "dualdilemma.analysis",
    "equilibrium_conditions": "dualdilemma.analysis",
    "parameter_grid": "dualdilemma.analysis",
    "plot_region_map": "dualdilemma.analysis",
    "race_to_the_bottom": "dualdilemma.analysis",
    "region_conditions": "dualdilemma.analysis",
    "region_map": "dualdilemma.analysis",
    "sweep": "dualdilemma.analysis",
    "analyse_cartel": "dualdilemma.cartels",
    "cartel_size_conditions": "dualdilemma.cartels",
    "cartel_sizes": "dualdilemma.cartels",
    "enlargement_path": "dualdilemma.cartels",
    "minimal_effective_cartels": "dualdilemma.cartels",
    "smallest_sustainable_cartel": "dualdilemma.cartels",
    "fit_scenario": "dualdilemma.fit",
    "FitResult": "dualdilemma.fit",
    "NormalFormGame": "dualdilemma.games",
    "AnonymousGame": "dualdilemma.games.anonymous",
    "from_nashpy": "dualdilemma.io.interop",
    "from_pygambit": "dualdilemma.io.interop",
    "to_nashpy": "dualdilemma.io.interop",
    "to_pygambit": "dualdilemma.io.interop",
    "builtin_games": "dualdilemma.io.nfg",
    "load_builtin": "dualdilemma.io.nfg",
    "parse_nfg": "dualdilemma.io.nfg",
    "read_nfg": "dualdilemma.io.nfg",
    "write_nfg": "dualdilemma.io.nfg",
    "ExportMarket": "dualdilemma.models",
    "StandardsRace": "dualdilemma.models",
    "Supplier": "dualdilemma.models",
    "SymmetricExportMarket": "dualdilemma.models",
    "SymmetricStandardsRace": "dualdilemma.models",
    "RepeatedGame": "dualdilemma.repeated",
    "critical_discount": "dualdilemma.repeated",
    "feasible_set": "dualdilemma.repeated",
    "finitely_repeated": "dualdilemma.repeated",
    "folk_theorem_check": "dualdilemma.repeated",
    "anonymous_pure_equilibria": "dualdilemma.solvers.anonymous",
    "symmetric_mixed_equilibria": "dualdilemma.solvers.anonymous",
    "dominated_strategies": "dualdilemma.solvers.dominance",
    "iterated_dominance": "dualdilemma.solvers.dominance",
    "lemke_howson": "dualdilemma.solvers.lemke_howson",
    "fit_logit": "dualdilemma.solvers.logit",
    "logit_path": "dualdilemma.solvers.logit",
    "logit_solve": "dualdilemma.solvers.logit",
    "polynomial_equilibria": "dualdilemma.solvers.polynomial_enumeration",
    "pure_equilibria": "dualdilemma.solvers.pure_nash",
    "Elimination": "dualdilemma.solvers.result",
    "Equilibrium": "dualdilemma.solvers.result",
    "SolverResult": "dualdilemma.solvers.result",
    "solve": "dualdilemma.solvers.solve",
    "support_enumeration": "dualdilemma.solvers.support_enumeration",
    "vertex_enumeration": "dualdilemma.solvers.vertex_enumeration",
    "zero_sum": "dualdilemma.solvers.zero_sum",
    "Report": "dualdilemma.reporting.notebook",
    "report": "dualdilemma.reporting.notebook",
    "load_scenario": "dualdilemma.scenarios",
    "parse_scenario": "dualdilemma.scenarios",
    "Parameter": "dualdilemma.symbolic",
    "SymbolicAnonymousGame": "dualdilemma.symbolic",
    "SymbolicGame": "dualdilemma.symbolic",
    "parse_expression": "dualdilemma.symbolic",
}


def __getattr__(name: str) -> Any:
    """Import public names on first use, so ``import dualdilemma`` and the CLI start fast."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dualdilemma' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__version__ = "0.1.0"

__all__ = [
    # errors
    "DualDilemmaError",
    "ExpressionError",
    "FormatError",
    "GameTooLargeError",
    "InvalidGameError",
    "InvalidParameterError",
    "InvalidProfileError",
    "SolverError",
    "UnsupportedGameError",
    # games and files
    "NormalFormGame",
    "AnonymousGame",
    "Parameter",
    "SymbolicGame",
    "SymbolicAnonymousGame",
    "parse_expression",
    "read_nfg",
    "parse_nfg",
    "write_nfg",
    "builtin_games",
    "load_builtin",
    "to_nashpy",
    "from_nashpy",
    "to_pygambit",
    "from_pygambit",
    # solvers
    "Equilibrium",
    "Elimination",
    "SolverResult",
    "solve",
    "pure_equilibria",
    "iterated_dominance",
    "dominated_strategies",
    "vertex_enumeration",
    "support_enumeration",
    "lemke_howson",
    "zero_sum",
    "anonymous_pure_equilibria",
    "symmetric_mixed_equilibria",
    "polynomial_equilibria",
    "logit_path",
    "logit_solve",
    "fit_logit",
    # models
    "Supplier",
    "ExportMarket",
    "SymmetricExportMarket",
    "StandardsRace",
    "SymmetricStandardsRace",
    # analyses
    "dual_dilemma",
    "race_to_the_bottom",
    "equilibrium_conditions",
    "region_conditions",
    "region_map",
    "plot_region_map",
    "parameter_grid",
    "sweep",
    # repeated games and cartels
    "RepeatedGame",
    "critical_discount",
    "finitely_repeated",
    "feasible_set",
    "folk_theorem_check",
    "analyse_cartel",
    "minimal_effective_cartels",
    "smallest_sustainable_cartel",
    "cartel_sizes",
    "cartel_size_conditions",
    "enlargement_path",
    # scenarios and reports
    "load_scenario",
    "parse_scenario",
    "report",
    "Report",
]
