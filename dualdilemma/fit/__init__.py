"""Fitting the theory to the historical record over a scenario's priors (``dualdilemma fit``).

One algorithm per module: :mod:`.sampling` (Sobol draws through the priors' inverse CDFs),
:mod:`.batch` (the founding rule of MODEL s.4-s.5, vectorised, exact agreement with
:func:`~dualdilemma.cartels.sustainable.smallest_sustainable_cartel`), :mod:`.evaluate`
(predictions per draw), :mod:`.statistics`, :mod:`.engine` (:func:`fit_scenario`),
:mod:`.history_section` (the report's ``history`` section) and :mod:`.render`.
"""

from dualdilemma.fit.engine import FitResult, fit_scenario, historical_accessions

__all__ = ["FitResult", "fit_scenario", "historical_accessions"]
