"""The role of the switches and two two-oscillator examples (Delacour & Todri-Sanial 2021, Figs. 3-4).

Fig. 3: R_C = 10 kOhm and a delay of T/2, with the resistor connected from t = 0 (no switches) and with both
switches closing when oscillator 2 completes its first charge. Fig. 4: a delay of 0.1 T with R_C = 10 and
100 kOhm (in phase, out of phase).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from brian2 import kohm, second

from brainsnn.models.vo2_oscillator import VO2Parameters
from brainsnn_studies.vo2_onn.oscillator_batch import BatchRun
from brainsnn_studies.vo2_onn.oscillator_pairs import OscillatorPairs
from brainsnn_studies.vo2_onn.paper_numbers import EXAMPLE_DELAY, EXAMPLE_R_C_KOHM, SWITCH_DELAY, SWITCH_R_C_KOHM


@dataclass(frozen=True)
class Switches:
    """The metrics of Figs. 3-4 and the two runs: the Fig. 3 pair without switches (pair 0), and with switches the
    Fig. 3 pair (pair 0) and the Fig. 4 examples (pairs 1 and 2)."""

    metrics: dict[str, Any]
    without: BatchRun
    with_switches: BatchRun


def switches(pairs: OscillatorPairs, circuit: VO2Parameters, period: float) -> Switches:
    """Phase of oscillator 2 (deg) in the Fig. 3 pair without and with switches and in the Fig. 4 examples."""
    delays = np.array([SWITCH_DELAY, EXAMPLE_DELAY, EXAMPLE_DELAY]) * period * second
    resistances = np.array([SWITCH_R_C_KOHM, *EXAMPLE_R_C_KOHM]) * kohm
    _, without = pairs.run(circuit, delays[0], resistances[0], switches=False)
    _, with_switches = pairs.run(circuit, delays, resistances)
    phase_without = without.phases.phase_deg[1::2]
    phase_with = with_switches.phases.phase_deg[1::2]
    metrics = {"switches": {"without_switches_deg": float(phase_without[0]), "with_switches_deg": float(phase_with[0])},
               "pair_examples": {"rc10_delay0.1_deg": float(phase_with[1]), "rc100_delay0.1_deg": float(phase_with[2])}}
    return Switches(metrics, without, with_switches)
