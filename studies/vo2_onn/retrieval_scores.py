"""Scores of retrieved states and the coupling a resistance mapping gives a stored pattern (Figs. 12-14).

States are compared with the stored patterns up to global inversion, since the phases are read relative to
oscillator 1 (Eq. 14).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from brian2 import Quantity, kohm, ohm

from brainsnn.metrics.retrieval import exact_retrieval, hamming_up_to_inversion, nearest_pattern
from brainsnn_studies.vo2_onn.onn_mapping import ResistanceMapping


def scores(states: np.ndarray, patterns: np.ndarray, targets: np.ndarray) -> dict[str, float]:
    """Exact retrieval, mean Hamming distance and recognition (nearest stored pattern), all up to inversion."""
    return {"retrieval_accuracy": float(exact_retrieval(states, patterns[targets]).mean()),
            "hamming": float(hamming_up_to_inversion(states, patterns[targets]).mean()),
            "recognition": float(np.mean(nearest_pattern(states, patterns) == targets))}


def pattern_imbalance(resistances: Quantity, patterns: np.ndarray) -> float:
    """The Hebbian part of the coupling seen by a stored pattern.

    The mean over patterns xi and oscillators i of xi_i sum_j g_ij xi_j / sum_j g_ij (g = 1 / R), minus the same
    with every g_ij replaced by their mean (so 0 for uniform coupling): the extra fraction of an oscillator's
    coupling conductance that joins it to its own side of the pattern.
    """
    conductance = 1.0 / np.asarray(resistances / ohm)
    uniform = np.where(np.isfinite(np.asarray(resistances / ohm)), conductance[conductance > 0].mean(), 0.0)

    def own_side(g: np.ndarray) -> float:
        return float(np.mean(patterns * (patterns @ g) / g.sum(axis=1)))

    return own_side(conductance) - own_side(uniform)


def mapping_summary(mapping: ResistanceMapping, weights: np.ndarray, patterns: np.ndarray) -> dict[str, Any]:
    """The resistance of every level (kOhm), its spread and smallest step (Fig. 14B) and the pattern imbalance."""
    return {"r_kohm": np.asarray(mapping.resistances / kohm), "spread": mapping.spread,
            "smallest_step": mapping.smallest_step,
            "pattern_imbalance": pattern_imbalance(mapping.matrix(weights), patterns)}
