"""Cartels of suppliers: effectiveness, self-enforcement, stability, minimal and sustainable
cartels, which sizes sustain cooperation, and enlargement over time (MODEL s.4)."""

from dualdilemma.cartels.analysis import (
    FLOAT_SLACK,
    CartelAnalysis,
    CartelMarket,
    OutsiderResponse,
    analyse_cartel,
    at_most,
)
from dualdilemma.cartels.enlargement import Enlargement, enlargement_path, market_in_year
from dualdilemma.cartels.minimal import (
    MinimalCartels,
    minimal_effective_cartels,
    smallest_effective_cartels,
)
from dualdilemma.cartels.minimal_count import MinimalCount, count_minimal_effective_cartels
from dualdilemma.cartels.sizes import (
    CartelSize,
    CartelSizeConditions,
    cartel_size_conditions,
    cartel_sizes,
)
from dualdilemma.cartels.sustainable import SustainableCartel, smallest_sustainable_cartel

__all__ = [
    "FLOAT_SLACK",
    "CartelAnalysis",
    "CartelMarket",
    "OutsiderResponse",
    "analyse_cartel",
    "at_most",
    "Enlargement",
    "enlargement_path",
    "market_in_year",
    "MinimalCartels",
    "minimal_effective_cartels",
    "smallest_effective_cartels",
    "MinimalCount",
    "count_minimal_effective_cartels",
    "CartelSize",
    "CartelSizeConditions",
    "cartel_size_conditions",
    "cartel_sizes",
    "SustainableCartel",
    "smallest_sustainable_cartel",
]
