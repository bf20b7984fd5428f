"""Every experiment of the study in the paper's order, each on ``config['device']``.

The pair experiments (Figs. 2-9) share one compiled batch of oscillator pairs, the 4-oscillator test (Figs. 8-9)
and the 60-oscillator ONN (Figs. 12-14) have their own. The ONN's mapping uses the period measured on one
oscillator and the epsilon fitted to the simulated boundary; the ladder of simpler models (hopfield, ideal phase
oscillators, composed pair rule) runs on the ONN's weights and test sets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from brainsnn.backend import use_backend
from brainsnn.progress import counter
from brainsnn_studies.vo2_onn.asymmetry import asymmetry_resistances, four_oscillator_test
from brainsnn_studies.vo2_onn.circuit import US, circuit_from
from brainsnn_studies.vo2_onn.ladder import ladder
from brainsnn_studies.vo2_onn.phase_map import phase_map
from brainsnn_studies.vo2_onn.retrieval import OnnRetrieval, hopfield_onn
from brainsnn_studies.vo2_onn.single_oscillator import SingleOscillator, single_oscillator
from brainsnn_studies.vo2_onn.switches import Switches, switches
from brainsnn_studies.vo2_onn.transition import pair_batch
from brainsnn_studies.vo2_onn.variability import variability


@dataclass(frozen=True)
class Results:
    """All metrics, and what the figures need beyond them."""

    metrics: dict[str, Any]
    single: SingleOscillator
    switches: Switches
    onn: OnnRetrieval


def pair_experiments(config: Mapping[str, Any]) -> tuple[dict[str, Any], SingleOscillator, Switches]:
    """Figs. 2-9 on one batch of pairs: one oscillator, the switches, the phase map and transition function,
    variability, and the R_+-1 of each R_S that the 4-oscillator test stores."""
    circuit = circuit_from(config)
    with use_backend(config["device"], label="vo2-pairs", seed=config["seed"], threads=config["threads"]) as backend:
        pairs = pair_batch(config, backend, circuit.period)
        single = single_oscillator(pairs, circuit, config)
        pair_switches = switches(pairs, circuit, single.period)
        transition = phase_map(pairs, circuit, single.period, config)
        varied = variability(pairs, circuit, config, single.metrics["period_us"], transition["r0_kohm"])
        resistances = asymmetry_resistances(pairs, circuit, config)
    metrics = {**single.metrics, **pair_switches.metrics, **transition, "variability": varied,
               "asymmetry": resistances}
    return metrics, single, pair_switches


def run_all(config: Mapping[str, Any]) -> Results:
    """The pair experiments, the 4-oscillator test and the 60-oscillator ONN, under a bar over these three parts
    (the ONN part has its own bar over the gains beta) while progress is shown."""
    with counter("vo2-onn parts (pairs, 4 oscillators, ONN)", total=3, unit="part") as bar:
        metrics, single, pair_switches = pair_experiments(config)
        bar.update()
        metrics["asymmetry"] = four_oscillator_test(config, metrics["asymmetry"])
        bar.update()
        onn = hopfield_onn(config, metrics["period_us"] / US, metrics["epsilon_mv"])
        bar.update()
    metrics.update(onn.metrics)
    metrics.update(ladder(config, onn, metrics["boundary"]))
    return Results(metrics, single, pair_switches, onn)
