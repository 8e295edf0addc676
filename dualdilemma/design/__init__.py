"""Regime design (MODEL s.1, C7): the form a negotiating group gives an export-control regime.

:mod:`~dualdilemma.design.model` is the model (six features, each chosen by an explicit
margin); :mod:`~dualdilemma.design.scenario` computes its inputs from a scenario;
:mod:`~dualdilemma.design.record` holds the eight regimes' inputs and actual forms and scores
the predictions; :mod:`~dualdilemma.design.sensitivity` finds the thresholds at which a form
flips; :mod:`~dualdilemma.design.conjectures` lists the rational-design conjectures and how the
claims of :mod:`dualdilemma.claims.design` express them.
"""

from dualdilemma.design.model import (
    FEATURES,
    FORMS,
    DesignCase,
    DesignResult,
    DesignWeights,
    FeatureChoice,
    design,
    margins,
)

__all__ = [
    "FEATURES",
    "FORMS",
    "DesignCase",
    "DesignResult",
    "DesignWeights",
    "FeatureChoice",
    "design",
    "margins",
]
