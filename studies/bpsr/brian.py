"""A trained `BPSRNetwork` as a Brian2 network, run on many samples in one ``run()``, spike for spike.

One Brian2 step is one step ``t`` of Eq. 1. Everything runs in the ``thresholds`` slot, layer by layer; within a
layer's block: its recurrent synapses (reading its own spikes of step ``t-1``, since its threshold has not run yet),
the feed-forward synapses from the layer before (spikes of step ``t``), the update, the threshold, the reset::

    I += R_ik (recurrent, not at a sample's first step),  I += W_ij (feed-forward),  one count per event
    u = tau u + I + b;  I = 0;  spike if u >= U_th;  reset u = 0       (the hard reset is Eq. 1's gate tau (1 - s))

Only existing synapses are built (``len(Synapses)`` is the synapse count). Samples follow each other, ``T`` steps
each; a ``run_regularly`` every ``T`` steps resets the membranes. The synaptic events are counted by Brian2 itself
(``received`` of every neuron), so the SOPs come from the run, not from a formula.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Network, NeuronGroup, SpikeGeneratorGroup, SpikeMonitor, Synapses, defaultclock, ms

from brainsnn.backend import use_backend
from brainsnn_studies.bpsr.network import BPSRNetwork

SLOT = "thresholds"
#: Positions within a layer's block of the step.
RECURRENT, FEEDFORWARD, UPDATE, THRESHOLD, RESET, BLOCK = 0, 1, 2, 3, 4, 5
MODEL = """
u : 1
I : 1
b : 1 (constant)
tau : 1 (constant)
sample_step : 1
received : 1
"""
UPDATE_CODE = "u = tau * u + I + b\nI = 0\nsample_step += 1"
FEEDFORWARD_EVENT = "I_post += w\nreceived_post += 1"
RECURRENT_EVENT = "I_post += w * int(sample_step_post > 0.5)\nreceived_post += int(sample_step_post > 0.5)"


@dataclass(frozen=True)
class BrianRun:
    """Spikes ``(T, n_samples, n)`` of every layer and the SOPs per sample Brian2 counted."""

    spikes: list[np.ndarray]
    synaptic_operations: float
    synapses: int


def _place(obj, layer: int, position: int) -> None:
    obj.when, obj.order = SLOT, BLOCK * layer + position


def _synapses(source, target, weights: np.ndarray, mask: np.ndarray, on_pre: str, layer: int, position: int):
    synapses = Synapses(source, target, "w : 1 (constant)", on_pre=on_pre, name=f"{target.name}_{position}")
    post, pre = np.nonzero(mask)
    synapses.connect(i=pre, j=post)
    synapses.w = weights[post, pre]
    _place(synapses.pre, layer, position)
    return synapses


def _layer(index: int, layer, steps: int, dt) -> NeuronGroup:
    group = NeuronGroup(layer.weight.shape[0], MODEL, threshold="u >= theta", reset="u = 0",
                        namespace={"theta": layer.threshold}, name=f"layer_{index}")
    group.b = layer.bias.detach().cpu().numpy()
    group.tau = layer.tau.detach().cpu().numpy()
    _place(group.run_regularly(UPDATE_CODE), index, UPDATE)
    reset = group.run_regularly("u = 0\nsample_step = 0", dt=steps * dt)
    reset.when, reset.order = SLOT, -1
    _place(group.thresholder["spike"], index, THRESHOLD)
    _place(group.resetter["spike"], index, RESET)
    return group


def run_in_brian(network: BPSRNetwork, input_spikes: np.ndarray, device: str = "numpy") -> BrianRun:
    """Run ``network`` on ``input_spikes`` ``(T, n_samples, n_in)`` (0/1) on the Brian2 ``device``."""
    steps, samples, n_in = input_spikes.shape
    dt = 1 * ms
    with use_backend(device, label="bpsr") as backend:
        defaultclock.dt = dt
        step, sample, neuron = np.nonzero(input_spikes)
        when = sample * steps + step
        order = np.lexsort((neuron, when))
        source = SpikeGeneratorGroup(n_in, neuron[order], when[order] * dt, name="inputs")
        source.when, source.order = SLOT, 0
        objects, groups, synapse_count = [source], [], 0
        for index, layer in enumerate(network.layers, start=1):
            group = _layer(index, layer, steps, dt)
            masks = {kind: network.masks[f"{index - 1}.{kind}"].cpu().numpy() for kind in layer.weights()}
            weights = {kind: weight.detach().cpu().numpy() for kind, weight in layer.weights().items()}
            objects += [group, _synapses(source, group, weights["weight"], masks["weight"], FEEDFORWARD_EVENT,
                                         index, FEEDFORWARD)]
            if "recurrent" in masks:
                objects.append(_synapses(group, group, weights["recurrent"], masks["recurrent"], RECURRENT_EVENT,
                                         index, RECURRENT))
            synapse_count += sum(int(mask.sum()) for mask in masks.values())
            groups.append(group)
            source = group
        monitors = [SpikeMonitor(group) for group in groups]
        Network(*objects, *monitors).run(steps * samples * dt)
        backend.execute()
        trains = []
        for monitor, group in zip(monitors, groups, strict=True):
            train = np.zeros((steps, samples, len(group)), dtype=bool)
            when = np.rint(np.asarray(monitor.t / dt)).astype(np.int64)
            train[when % steps, when // steps, np.asarray(monitor.i)] = True
            trains.append(train)
        received = sum(float(np.sum(group.received[:])) for group in groups)
        return BrianRun(spikes=trains, synaptic_operations=received / samples, synapses=synapse_count)
