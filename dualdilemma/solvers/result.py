"""The one result type every solver returns.

A :class:`SolverResult` is a frozen value: the method and its parameters, whether arithmetic was
exact, the verified equilibria (each an :class:`Equilibrium` carrying its max regret and
payoffs), whether the set is complete for what the method promises, whether the game was found
degenerate, and diagnostics.  ``to_dict()`` gives a JSON-ready dictionary in which exact numbers
are ``"p/q"`` strings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import numpy as np

from dualdilemma._numbers import format_number

__all__ = ["Equilibrium", "SolverResult", "Elimination", "json_number"]


def json_number(value: Any) -> Any:
    """A JSON-ready number: ``"p/q"`` for non-integer fractions, an int or a float otherwise;
    ``None`` stays ``None`` and a symbolic sympy expression becomes its text.

    >>> json_number(Fraction(1, 3)), json_number(Fraction(4, 2)), json_number(None)
    ('1/3', 2, None)
    """
    if value is None:
        return None
    if getattr(value, "free_symbols", None):
        return str(value)
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    if isinstance(value, (int, np.integer)):
        return int(value)
    if hasattr(value, "is_Rational") and getattr(value, "is_Rational", False):
        return json_number(Fraction(int(value.p), int(value.q)))
    if hasattr(value, "is_number") and getattr(value, "is_number", False):
        return float(value)
    return float(value)


@dataclass(frozen=True)
class Equilibrium:
    """One verified equilibrium.

    Attributes
    ----------
    profile
        One probability tuple per player (Fractions in exact mode, floats otherwise).
    max_regret
        The largest gain any player could make by deviating (exactly 0 in exact mode).
    payoffs
        Each player's expected payoff.
    """

    profile: tuple[tuple[Any, ...], ...]
    max_regret: Any
    payoffs: tuple[Any, ...]

    @property
    def is_pure(self) -> bool:
        return all(sum(1 for p in sigma if p != 0) == 1 for sigma in self.profile)

    @property
    def supports(self) -> tuple[tuple[int, ...], ...]:
        """Indices of the strategies each player uses with positive probability."""
        return tuple(tuple(s for s, p in enumerate(sigma) if p > 0) for sigma in self.profile)

    def pure_profile(self) -> tuple[int, ...] | None:
        """Strategy indices if the equilibrium is pure, else ``None``."""
        # one pass (a cartel analysis asks this of thousands of 100-player equilibria)
        chosen = []
        for sigma in self.profile:
            used = [s for s, p in enumerate(sigma) if p != 0]
            if len(used) != 1:
                return None
            chosen.append(used[0])
        return tuple(chosen)

    def as_arrays(self) -> tuple[np.ndarray, ...]:
        return tuple(np.array(sigma, dtype=float) for sigma in self.profile)

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": [[json_number(p) for p in sigma] for sigma in self.profile],
            "max_regret": json_number(self.max_regret),
            "payoffs": [json_number(u) for u in self.payoffs],
        }

    def __repr__(self) -> str:
        profile = ", ".join(
            "(" + ", ".join(format_number(p) for p in sigma) + ")" for sigma in self.profile
        )
        return f"Equilibrium([{profile}], max_regret={format_number(self.max_regret)})"


@dataclass(frozen=True)
class Elimination:
    """One step of iterated elimination: ``player`` drops ``strategy``, dominated by ``by``."""

    player: int
    strategy: int
    by: tuple[tuple[int, Any], ...]
    round: int

    @property
    def mixed(self) -> bool:
        return len(self.by) > 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "player": self.player,
            "strategy": self.strategy,
            "dominated_by": [[s, json_number(w)] for s, w in self.by],
            "round": self.round,
        }


@dataclass(frozen=True)
class SolverResult:
    """What every solver returns.

    Attributes
    ----------
    method
        Name of the algorithm (``"pure"``, ``"vertex_enumeration"``...).
    parameters
        The arguments that shaped the computation (tolerances, starting labels...).
    exact
        Whether all arithmetic, and therefore every number in the result, is exact.
    equilibria
        Verified, deduplicated equilibria in a deterministic order.
    complete
        ``True`` when ``equilibria`` holds every equilibrium the method promises (all pure
        equilibria, all extreme equilibria...); ``False`` for one-equilibrium methods and for
        any search that could not certify completeness (``diagnostics`` says why).
    degenerate
        ``True``/``False`` when the method can tell, ``None`` when it cannot.
    converged
        ``False`` when an iterative method stopped on a budget.
    diagnostics
        Human-readable notes: degeneracy, fallbacks, counts.
    components
        For degenerate games, the components of the equilibrium set.  Two-player vertex
        enumeration: the maximal Nash subsets, each a pair ``(rows, columns)`` of index tuples
        into the distinct row and column strategies of ``equilibria`` in order of first
        appearance (see ``vertex_enumeration.extreme_strategies``); singletons in
        non-degenerate games.  n-player games
        (polynomial enumeration): dictionaries with ``support``, ``dimension``,
        ``dimension_source``, ``representative`` (an index into ``equilibria``), ``ranges``
        (``[player, strategy, min, max]``) and ``description``.
    eliminations, reduced_game
        For iterated dominance: the order of elimination and the surviving game.
    """

    method: str
    parameters: Mapping[str, Any]
    exact: bool
    equilibria: tuple[Equilibrium, ...]
    complete: bool = True
    degenerate: bool | None = None
    converged: bool = True
    diagnostics: tuple[str, ...] = ()
    components: tuple[Any, ...] = ()
    eliminations: tuple[Elimination, ...] = ()
    reduced_game: Any = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):
        return iter(self.equilibria)

    def __getitem__(self, index: int) -> Equilibrium:
        return self.equilibria[index]

    @property
    def max_regret(self) -> Any:
        """Largest regret over all returned equilibria (0 when there are none)."""
        return max((eq.max_regret for eq in self.equilibria), default=0)

    def to_dict(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            if isinstance(value, Mapping):
                return {str(k): plain(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [plain(v) for v in value]
            if isinstance(value, str | bool) or value is None:
                return value
            if isinstance(value, Fraction | int | float | np.number):
                return json_number(value)
            return str(value)

        out = {
            "method": self.method,
            "parameters": plain(self.parameters),
            "exact": self.exact,
            "complete": self.complete,
            "degenerate": self.degenerate,
            "converged": self.converged,
            "diagnostics": list(self.diagnostics),
            "equilibria": [eq.to_dict() for eq in self.equilibria],
        }
        if self.components:
            out["components"] = plain(self.components)
        if self.eliminations:
            out["eliminations"] = [e.to_dict() for e in self.eliminations]
        return out

    def __repr__(self) -> str:
        mode = "exact" if self.exact else "float"
        flags = [] if self.complete else ["incomplete"]
        if self.degenerate:
            flags.append("degenerate")
        if not self.converged:
            flags.append("not converged")
        extra = (", " + ", ".join(flags)) if flags else ""
        return (
            f"SolverResult(method={self.method!r}, {mode}, {len(self.equilibria)} "
            f"equilibri{'um' if len(self.equilibria) == 1 else 'a'}{extra})"
        )

    def _repr_html_(self) -> str:
        from dualdilemma.reporting.display import result_html

        return result_html(self)


def sort_key(profile: Sequence[Sequence[Any]]) -> tuple:
    """Deterministic order: pure strategies first by index, then lexicographic by probability."""
    # rounded so that float results sort like their exact counterparts (0.4999999999999999 ~ 1/2)
    return tuple(round(-float(p), 12) for sigma in profile for p in sigma)
