"""Operation counts of a deployed network, measured from its Brian2 run: synaptic accumulates per inference (spikes
x fan-out, `brainsnn.metrics.synaptic_operations`), spikes per neuron per layer, the ANN-equivalent MACs, and the
energy of both (`brainsnn.metrics.energy`).

Spikes into a max-pooling relay are comparisons (an OR), not accumulates: like the ANN's pooling they are not
counted; the relay's own spikes are, at the synapses of the layer after it. Direct (analog) inputs are multiplied by
their weights: the first projection then counts multiply-accumulates (non-zero inputs x fan-out, every step),
``input_macs``, kept apart from the accumulates and charged at the MAC energy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brainsnn.deploy.brian_network import BrianRun
from brainsnn.deploy.plan import DeploymentPlan
from brainsnn.metrics.energy import FLOAT32_45NM, EnergyEstimate, EnergyModel, energy_estimate
from brainsnn.metrics.synaptic_operations import accumulates_per_sample


@dataclass(frozen=True)
class OperationCounts:
    """Per projection (named by its target population): mean accumulates per inference; per spiking population
    (inputs and relays included): mean spikes per neuron per inference; the ANN's MACs per inference; the SNN's
    multiply-accumulates of a direct-coded input per inference (0 for spike inputs)."""

    accumulates: dict[str, float]
    spikes_per_neuron: dict[str, float]
    macs: int
    input_macs: float = 0.0

    @property
    def total_accumulates(self) -> float:
        return float(sum(self.accumulates.values()))

    def energy(self, model: EnergyModel = FLOAT32_45NM) -> EnergyEstimate:
        return energy_estimate(self.total_accumulates, self.macs, model, snn_macs=self.input_macs)


def operation_counts(plan: DeploymentPlan, run: BrianRun) -> OperationCounts:
    """Count the operations of ``run`` (a Brian2 run of ``plan``)."""
    populations = plan.populations
    accumulates = {
        target.name: float(accumulates_per_sample(run.counts[source.name], target.synapses.pre).mean())
        for source, target in zip(populations[:-1], populations[1:], strict=True)
        if target.kind != "relay"
    }
    input_macs = accumulates.pop(populations[1].name) if run.input_coding == "direct" else 0.0
    spikes = {name: float(np.mean(counts)) for name, counts in run.counts.items()}
    return OperationCounts(accumulates=accumulates, spikes_per_neuron=spikes, macs=plan.macs, input_macs=input_macs)
