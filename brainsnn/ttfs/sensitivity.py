"""Closed-form TTFS inference under spike-time jitter and slope heterogeneity (thesis Sec. 2.5, Fig. 2.5).

Slope heterogeneity: every hidden neuron's ramp slope becomes ``alpha + Y_i`` with ``Y_i ~ N(0, slope_sd)``, drawn
once per call (a fixed property of the neuron), so Eq. 2.30 reads::

    t_i = clip((theta_i + (alpha + Y_i) t_ramp + sum_j J_ij t_j) / (alpha + Y_i + sum_j J_ij), t_min, t_max)

Jitter: ``N(0, jitter_sd)`` is added to every spike time, input layer included, fresh per spike and sample
(after pooling for pooled layers); the next layer evaluates the closed form on the jittered times, as the
authors' code does. This equals the integrate-and-fire dynamics as long as the jittered inputs of a layer still
arrive by its ``t_min``.
"""

import math
from dataclasses import replace

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.ttfs.closed_form import input_spike_times, layer_spike_times
from brainsnn.ttfs.conversion import TTFSNetwork
from brainsnn.ttfs.relu_network import apply_weights, pool


def perturbed_potentials(
    network: TTFSNetwork, x: np.ndarray, rng: np.random.Generator, *, jitter_sd: float = 0.0, slope_sd: float = 0.0
) -> np.ndarray:
    """Output potentials ``(n, classes)`` for inputs in ``[0, 1]`` with jittered spikes and perturbed slopes."""
    for name, value in (("jitter_sd", jitter_sd), ("slope_sd", slope_sd)):
        if not (math.isfinite(value) and value >= 0):
            raise ConfigError(f"{name} must be a finite number >= 0, got {value!r}")
    times = input_spike_times(x)
    times = times + rng.normal(0.0, jitter_sd, size=times.shape) if jitter_sd else times
    for layer in network.hidden:
        slope = layer.alpha + rng.normal(0.0, slope_sd, size=layer.threshold.shape) if slope_sd else layer.alpha
        layer_times = layer_spike_times(replace(layer, alpha=slope), times)
        earliest = np.ones(len(layer.weight), dtype=bool) if layer.min_pool is None else ~layer.min_pool
        times = pool(layer_times, layer.pool_size, take_min=earliest)
        times = times + rng.normal(0.0, jitter_sd, size=times.shape) if jitter_sd else times
    output = network.output
    elapsed = output.t_read - times
    return apply_weights(output.weight, elapsed, output.padding) + output.alpha * (output.t_read - output.t_start)
