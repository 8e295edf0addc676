"""The export-control models, each written once as sympy equations.

* :mod:`~dualdilemma.models.export_market`: suppliers export or control (MODEL s.2);
* :mod:`~dualdilemma.models.standards_race`: suppliers pick a stringency level (MODEL s.3).

Both use action 0 for (least stringent) export and the last action for control.
"""

from dualdilemma.models.export_market import (
    ACTIONS,
    CONTROL,
    EXPORT,
    ExportMarket,
    MarketOutcome,
    Supplier,
    SymmetricExportMarket,
)
from dualdilemma.models.standards_race import StandardsRace, SymmetricStandardsRace

__all__ = [
    "ACTIONS",
    "CONTROL",
    "EXPORT",
    "ExportMarket",
    "MarketOutcome",
    "Supplier",
    "SymmetricExportMarket",
    "StandardsRace",
    "SymmetricStandardsRace",
]
