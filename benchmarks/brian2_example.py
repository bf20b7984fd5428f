"""Brian2's published Diehl & Cook example, training mode, re-expressed for the throughput benchmark.

``examples/frompapers/Diehl_Cook_2015.py`` of Brian2 (B. A. Lindqvist, 2024) is the reference the issue measures
against. This module follows it step for step, written here (the example's code is not copied), so that the
benchmark times what a Brian2 user running that script would wait for:

- runtime mode with Brian2's default code-generation target, one ``Network`` of a ``PoissonGroup``, excitatory and
  inhibitory groups with the example's equations (conductances with 1 ms / 2 ms decay, a ``timer`` gating the
  excitatory threshold ``v > theta - 72 mV``, theta += 0.05 mV per spike decaying with 1e7 ms, Euler), one-to-one
  exc -> inh (w = 10.4), all-but-one inh -> exc (w = 17.0) and the plastic input synapses (pre trace 20 ms,
  post traces 20 / 40 ms, nu_pre 1e-4, nu_post 1e-2, weights in [0, 1], delays ``rand() * 10 ms``, initial
  weights (U[0, 1) + 0.01) * 0.3);
- per training sample: normalise every neuron's input weights to 78 in numpy, rates = pixel / 8 * intensity Hz
  with intensity 2, ``run(350 ms)``, read the spike counts, rates 0, ``run(150 ms)``; fewer than 5 spikes: show
  the sample again with intensity + 1 (no limit); then the example's per-sample statistics (tick, spike count,
  weight mean and s.d., theta mean and s.d.) and, every ``n_train // 100`` samples, a copy of all weights.

The example skips only the magic number of the label file, not the item count, so its labels are shifted by four
items; labels do not enter training, and :func:`read_training_idx` keeps that reading. For the images, the
version of the example read for this benchmark skips the magic number and item count but not the row and
column counts, which then cannot be reshaped into 784-pixel rows; :func:`read_training_idx` skips the whole
16-byte header, as a run of the example needs.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
from brian2 import (
    Equations,
    Hz,
    Network,
    NeuronGroup,
    PoissonGroup,
    SpikeMonitor,
    Synapses,
    defaultclock,
    ms,
    mV,
)

N_INPUT = 784
#: The example's constants.
INTENSITY = 2
W_EXC_INH, W_INH_EXC = 10.4, 17.0
NORM_TOTAL = 78.0
MIN_SPIKES = 5
SAVE_POINTS = 100

NEURON_EQUATIONS = """
dv/dt = (v_rest - v + i_exc + i_inh) / tau_mem : volt (unless refractory)
i_exc = ge * -v : volt
i_inh = gi * (v_inh_base - v) : volt
dge/dt = -ge / (1 * ms) : 1
dgi/dt = -gi / (2 * ms) : 1
dtimer/dt = 0.1 : second
"""
PLASTIC_MODEL = """
w : 1
post2before : 1
dpre/dt = -pre / (20 * ms) : 1 (event-driven)
dpost1/dt = -post1 / (20 * ms) : 1 (event-driven)
dpost2/dt = -post2 / (40 * ms) : 1 (event-driven)
"""


def read_training_idx(folder: Path) -> tuple[np.ndarray, np.ndarray]:
    """``train-images-idx3-ubyte`` / ``train-labels-idx1-ubyte`` of ``folder`` as the example reads them: images
    / 8 as rows of 784, labels after skipping only the magic number (so the first four are the item count)."""
    with open(folder / "train-images-idx3-ubyte", "rb") as images:
        images.read(4)
        count, rows, columns = struct.unpack(">III", images.read(12))
        x = np.frombuffer(images.read(), dtype=np.uint8).reshape(count, rows * columns) / 8.0
    with open(folder / "train-labels-idx1-ubyte", "rb") as labels:
        labels.read(4)
        y = np.frombuffer(labels.read(), dtype=np.uint8)
    return x, y


class PublishedExampleNetwork:
    """The example's training network with ``n_exc`` excitatory and inhibitory neurons (the example: 400)."""

    def __init__(self, n_exc: int):
        self.n_exc = n_exc
        defaultclock.dt = 0.5 * ms
        exc = NeuronGroup(
            n_exc, Equations(NEURON_EQUATIONS + "dtheta/dt = -theta / (1e7 * ms) : volt", tau_mem=100 * ms,
                             v_rest=-65 * mV, v_inh_base=-100 * mV),
            threshold="v > (theta - 72 * mV) and (timer > 5 * ms)", refractory=5 * ms,
            reset="v = -65 * mV; timer = 0 * ms; theta += 0.05 * mV", method="euler", name="exc")
        exc.v = -105 * mV
        exc.theta = 20 * mV
        inh = NeuronGroup(
            n_exc, Equations(NEURON_EQUATIONS, tau_mem=10 * ms, v_rest=-60 * mV, v_inh_base=-85 * mV),
            threshold="v > -40 * mV", refractory=2 * ms, reset="v = -45 * mV", method="euler", name="inh")
        inh.v = -100 * mV
        exc_to_inh = Synapses(exc, inh, on_pre=f"ge_post += {W_EXC_INH}")
        exc_to_inh.connect(j="i")
        inh_to_exc = Synapses(inh, exc, on_pre=f"gi_post += {W_INH_EXC}")
        inh_to_exc.connect(condition="i != j")
        self.inputs = PoissonGroup(N_INPUT, 0 * Hz, name="inp")
        self.plastic = Synapses(
            self.inputs, exc, model=PLASTIC_MODEL,
            on_pre="ge_post += w; pre = 1.; w = clip(w - 0.0001 * post1, 0, 1.0)",
            on_post="post2before = post2; w = clip(w + 0.01 * pre * post2before, 0, 1.0); post1 = 1.; post2 = 1.",
            name="inp_exc")
        self.plastic.connect(True)
        self.plastic.delay = "rand() * 10 * ms"
        self.plastic.w = (np.random.random(N_INPUT * n_exc) + 0.01) * 0.3
        self.exc = exc
        self.spikes = SpikeMonitor(exc, name="sp_exc")
        self.net = Network(self.inputs, exc, inh, self.plastic, exc_to_inh, inh_to_exc, self.spikes)
        self.net.run(0 * ms)
        self.presentations_per_sample: list[int] = []

    def normalise(self) -> None:
        """Every excitatory neuron's input weights scaled to sum to 78 (numpy, before each sample)."""
        weights = np.reshape(self.plastic.w, (N_INPUT, self.n_exc))
        weights *= NORM_TOTAL / weights.sum(axis=0)
        self.plastic.w = weights.reshape(-1)

    def show(self, pixels_over_8: np.ndarray, intensity: int = INTENSITY) -> np.ndarray:
        """350 ms at pixel / 8 * intensity Hz, then 150 ms silent; again with intensity + 1 while < 5 spikes."""
        self.presentations_per_sample.append(0)
        while True:
            before = self.spikes.count[:]
            self.inputs.rates = pixels_over_8 * intensity * Hz
            self.net.run(350 * ms)
            counts = self.spikes.count[:] - before
            self.inputs.rates = 0 * Hz
            self.net.run(150 * ms)
            self.presentations_per_sample[-1] += 1
            if counts.sum() >= MIN_SPIKES:
                return counts
            intensity += 1

    def statistics(self) -> list[float]:
        """The example's per-sample row: tick, total spikes, weight mean / s.d., theta mean / s.d. (mV)."""
        weights, theta = np.asarray(self.plastic.w), self.exc.theta / mV
        return [float(defaultclock.timestep[:]), float(np.sum(self.spikes.count[:])), float(np.mean(weights)),
                float(np.std(weights)), float(np.mean(theta)), float(np.std(theta))]

    def train(self, images_over_8: np.ndarray, n_train: int) -> tuple[list[list[float]], list[np.ndarray]]:
        """The example's ``train()`` loop over ``n_train`` samples (cycling through the images)."""
        rows = [self.statistics()]
        snapshots = [np.array(self.plastic.w)]
        every = max(n_train // SAVE_POINTS, 1)
        for k in range(n_train):
            self.normalise()
            self.show(images_over_8[k % len(images_over_8)])
            rows.append(self.statistics())
            if k % every == 0:
                snapshots.append(np.array(self.plastic.w))
        return rows, snapshots

    @property
    def total_exc_spikes(self) -> int:
        return int(self.spikes.num_spikes)
