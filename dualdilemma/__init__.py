"""dualdilemma: the game theory of multilateral export controls.

Why export controls fail when one supplier acts alone, and which groups of suppliers can
sustain them together.  The namespace is flat: games, solvers and errors are importable from
``dualdilemma`` directly.
"""

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
from dualdilemma.games import NormalFormGame
from dualdilemma.solvers.result import Elimination, Equilibrium, SolverResult

__version__ = "0.1.0"

__all__ = [
    "DualDilemmaError",
    "ExpressionError",
    "FormatError",
    "GameTooLargeError",
    "InvalidGameError",
    "InvalidParameterError",
    "InvalidProfileError",
    "SolverError",
    "UnsupportedGameError",
    "NormalFormGame",
    "Equilibrium",
    "Elimination",
    "SolverResult",
]
