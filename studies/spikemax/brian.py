"""Trained `SRMNetwork` s in Brian2, the SRM kernels as linear ODEs updated exactly, many samples in one run.

The alpha PSP ``eps`` and the alpha refractory kernel ``nu`` (Spikemax eq. 1) are each the impulse response of two
linear ODEs::

    dx/dt = -x / tau_s,  dy/dt = (x - y) / tau_s      a spike of weight w:  x += e w   ->  y(t) = w eps(t)
    dq/dt = -q / tau_r,  dz/dt = (q - z) / tau_r      an own spike:         q += -2 e theta  ->  z(t) = nu(t)
    u = y + z,   spike when u >= theta

Each 1-ms step applies their exact solution over ``dt`` (what ``method='exact'`` derives with sympy, written out
because deriving it costs ~10 s per run): ``y <- d (y + (dt / tau) x)``, ``x <- d x`` with ``d = exp(-dt / tau)``.
Brian2's step order (state update, thresholds, synapses, resets) delays a spike's effect to the next step, as
``eps(0) = nu(0) = 0`` does in the torch network, so the spike trains agree step for step. Samples follow each other,
``T`` steps each; at the start of every sample a ``run_regularly`` zeroes all state variables.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from brian2 import Network, NeuronGroup, SpikeGeneratorGroup, SpikeMonitor, Synapses, defaultclock, ms

from brainsnn.backend import use_backend
from brainsnn_studies.spikemax.srm import SRMNetwork

MODEL = """
x : 1
y : 1
q : 1
z : 1
u = y + z : 1
"""
EXACT_STEP = """
y = decay_s * (y + step_s * x)
x = decay_s * x
z = decay_r * (z + step_r * q)
q = decay_r * q
"""


def _layers(network: SRMNetwork, source, steps: int, dt, prefix: str) -> tuple[list, list]:
    namespace = {"decay_s": math.exp(-1 / network.tau_s), "step_s": 1 / network.tau_s,
                 "decay_r": math.exp(-1 / network.tau_r), "step_r": 1 / network.tau_r, "theta": network.theta,
                 "kick": -2 * math.e * network.theta, "e_weight": math.e}
    objects, groups = [], []
    for index, weight in enumerate(network.weights, start=1):
        weight = weight.detach().double().numpy()
        group = NeuronGroup(weight.shape[0], MODEL, threshold="u >= theta", reset="q += kick", namespace=namespace,
                            name=f"{prefix}layer_{index}")
        group.run_regularly("x = 0\ny = 0\nq = 0\nz = 0", dt=steps * dt, when="start")
        group.run_regularly(EXACT_STEP, when="groups")
        synapses = Synapses(source, group, "w : 1 (constant)", on_pre="x_post += e_weight * w", namespace=namespace,
                            name=f"{prefix}weights_{index}")
        synapses.connect()
        synapses.w = weight.T.ravel()
        objects += [group, synapses]
        groups.append(group)
        source = group
    return objects, groups


def run_in_brian(networks: Sequence[SRMNetwork], samples: np.ndarray, device: str = "numpy") -> list[list[np.ndarray]]:
    """Every network's layers' spikes ``(T, n, size)`` (bool) on 0/1 ``samples`` (n, T, C), in one run on ``device``.

    The networks share one input spike generator and run side by side.
    """
    n_samples, steps, n_in = samples.shape
    dt = 1 * ms
    with use_backend(device, label="spikemax") as backend:
        defaultclock.dt = dt
        sample, step, channel = np.nonzero(samples)
        source = SpikeGeneratorGroup(n_in, channel, (sample * steps + step) * dt, name="inputs")
        objects, all_groups = [source], []
        for k, network in enumerate(networks):
            built, groups = _layers(network, source, steps, dt, f"net{k}_")
            objects += built
            all_groups.append(groups)
        monitors = [[SpikeMonitor(group) for group in groups] for groups in all_groups]
        Network(*objects, *[m for group_monitors in monitors for m in group_monitors]).run(steps * n_samples * dt)
        backend.execute()
        trains = []
        for network_monitors, groups in zip(monitors, all_groups, strict=True):
            layers = []
            for monitor, group in zip(network_monitors, groups, strict=True):
                train = np.zeros((steps, n_samples, len(group)), dtype=bool)
                when = np.rint(np.asarray(monitor.t / dt)).astype(np.int64)
                train[when % steps, when // steps, np.asarray(monitor.i)] = True
                layers.append(train)
            trains.append(layers)
        return trains
