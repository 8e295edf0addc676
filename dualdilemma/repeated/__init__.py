"""Repeated games: critical discount factors, punishments, finite horizons, folk theorem."""

from dualdilemma.repeated.critical_discount import (
    CriticalDiscount,
    check_detection,
    check_discount,
    critical_discount,
)
from dualdilemma.repeated.finite import FiniteRepetition, finitely_repeated
from dualdilemma.repeated.folk import FeasibleSet, FolkCheck, feasible_set, folk_theorem_check
from dualdilemma.repeated.punishment import (
    mixed_minmax,
    nash_reversion_payoffs,
    punishment_payoffs,
    pure_minmax,
)
from dualdilemma.repeated.repeated_game import GrimTriggerAnalysis, RepeatedGame, best_deviations

__all__ = [
    "CriticalDiscount",
    "critical_discount",
    "check_discount",
    "check_detection",
    "FiniteRepetition",
    "finitely_repeated",
    "FeasibleSet",
    "FolkCheck",
    "feasible_set",
    "folk_theorem_check",
    "mixed_minmax",
    "nash_reversion_payoffs",
    "punishment_payoffs",
    "pure_minmax",
    "GrimTriggerAnalysis",
    "RepeatedGame",
    "best_deviations",
]
