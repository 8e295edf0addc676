"""Coalition formation in symmetric games with continuous actions.

* :mod:`~dualdilemma.coalitions.game`: :class:`CoalitionGame`, a payoff :math:`u(q_i, Q)` with
  parameters, action bounds and a fringe behaviour;
* :mod:`~dualdilemma.coalitions.conditions`: the first- and second-order conditions with a
  coalition of :math:`k` members;
* :mod:`~dualdilemma.coalitions.equilibrium`: the verified outcome for each :math:`k`, Nash or
  Stackelberg timing, solved by :mod:`~dualdilemma.coalitions.kkt` (exact, sympy) or
  :mod:`~dualdilemma.coalitions.numeric` (scipy);
* :mod:`~dualdilemma.coalitions.closed_form`: :math:`\\pi_s(k), \\pi_n(k)` and the stability
  margins in closed form in :math:`k` and :math:`N`;
* :mod:`~dualdilemma.coalitions.formation`: internal and external stability with an explicit
  tie convention, and the stable sizes;
* :mod:`~dualdilemma.coalitions.sustainability`: best one-shot deviations and grim-trigger
  critical discount factors of a coalition; thresholds with i.i.d. demand states.
"""

from dualdilemma.coalitions.closed_form import CoalitionClosedForm, coalition_closed_form
from dualdilemma.coalitions.equilibrium import (
    CoalitionOutcome,
    coalition_outcome,
    coalition_outcomes,
)
from dualdilemma.coalitions.formation import (
    TIE_CONVENTIONS,
    CoalitionStability,
    SizeStability,
    coalition_stability,
)
from dualdilemma.coalitions.game import BoundGame, CoalitionGame
from dualdilemma.coalitions.sustainability import (
    CoalitionDiscount,
    Deviation,
    StateContingentDiscount,
    best_deviation,
    coalition_discount,
    coalition_discounts,
    state_contingent_discount,
)

__all__ = [
    "CoalitionGame",
    "BoundGame",
    "CoalitionOutcome",
    "coalition_outcome",
    "coalition_outcomes",
    "CoalitionClosedForm",
    "coalition_closed_form",
    "CoalitionStability",
    "SizeStability",
    "coalition_stability",
    "TIE_CONVENTIONS",
    "Deviation",
    "CoalitionDiscount",
    "StateContingentDiscount",
    "best_deviation",
    "coalition_discount",
    "coalition_discounts",
    "state_contingent_discount",
]
