"""A trained ANTLR network as a Brian2 network: the discrete map of Eqs. 1-3 with ``run_regularly``, one Brian2 step
per time step, all samples in one ``run()``.

    I = active (alpha_I I + I_in);  V = active (alpha_V V + beta_V I + beta_V b);  I_in = 0     (groups slot)
    spike if V >= theta; reset V = 0, I = 0;  a presynaptic spike adds beta_I w to I_in          (synapses slot)

Brian2 delivers a spike to the next layer one step later, while the paper's map propagates through every layer
within a step (research notes B.5), so layer l's train is the numpy train shifted by l steps. Each sample gets a
window of T + L steps; layer l stays inactive (V = I = 0) for the first l steps of every window, so its first
update sees the first input of the sample, and the shifted trains compare spike for spike.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from brian2 import Network, NeuronGroup, SpikeGeneratorGroup, SpikeMonitor, Synapses, defaultclock, ms

from brainsnn.backend import use_backend
from brainsnn_studies.antlr.neuron import Neuron

MODEL = """
V : 1
I : 1
I_in : 1
b : 1 (constant)
k : integer
"""
UPDATE = """
I = int(k >= lag) * (alpha_i * I + I_in)
V = int(k >= lag) * (alpha_v * V + beta_v * I + beta_v * b)
I_in = 0
k = (k + 1) % window
"""


@dataclass(frozen=True)
class BrianRun:
    """Spikes ``(T, n_samples, n)`` of every layer, unshifted, and the wall time of the run."""

    spikes: list[np.ndarray]
    seconds: float


def run_in_brian(neuron: Neuron, weights: list[np.ndarray], biases: list[np.ndarray], inputs: np.ndarray,
                 device: str = "numpy") -> BrianRun:
    """Run one network (weights ``(n_in, n_out)``, biases ``(n_out,)``) on ``inputs`` ``(T, n_samples, n_in)``."""
    steps, samples, n_in = inputs.shape
    window = steps + len(weights)
    dt = 1 * ms
    started = time.perf_counter()
    with use_backend(device, label="antlr") as backend:
        defaultclock.dt = dt
        step, sample, index = np.nonzero(inputs)
        when = sample * window + step
        order = np.lexsort((index, when))
        source = SpikeGeneratorGroup(n_in, index[order], when[order] * dt, name="inputs")
        objects, groups = [source], []
        for lag, (weight, bias) in enumerate(zip(weights, biases, strict=True), start=1):
            group = NeuronGroup(weight.shape[1], MODEL, threshold="V >= theta", reset="V = 0\nI = 0",
                                name=f"layer_{lag}",
                                namespace={"theta": neuron.threshold, "alpha_i": neuron.alpha_i,
                                           "alpha_v": neuron.alpha_v, "beta_v": neuron.beta_v, "lag": lag,
                                           "window": window})
            group.b = bias
            group.run_regularly(UPDATE, when="groups")
            synapses = Synapses(source, group, "w : 1 (constant)", on_pre="I_in_post += beta_i * w",
                                namespace={"beta_i": neuron.beta_i}, name=f"synapses_{lag}")
            synapses.connect()
            synapses.w = weight.ravel()
            objects += [group, synapses]
            groups.append(group)
            source = group
        monitors = [SpikeMonitor(group) for group in groups]
        Network(*objects, *monitors).run(window * samples * dt, namespace={})
        backend.execute()
        trains = []
        for lag, (monitor, group) in enumerate(zip(monitors, groups, strict=True), start=1):
            train = np.zeros((steps, samples, len(group)))
            brian_step = np.rint(np.asarray(monitor.t / dt)).astype(np.int64)
            t = brian_step % window - lag
            inside = (t >= 0) & (t < steps)
            train[t[inside], (brian_step // window)[inside], np.asarray(monitor.i)[inside]] = 1.0
            trains.append(train)
    return BrianRun(trains, time.perf_counter() - started)
