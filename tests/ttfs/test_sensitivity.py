"""Closed-form inference with jitter and slope noise against an integrate-and-fire threshold search."""

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.train import Sequential
from brainsnn.train.layers import Dense, ReLU
from brainsnn.ttfs import convert, fuse_network, max_activations, scale_rows, ttfs_forward
from brainsnn.ttfs.sensitivity import perturbed_potentials


def one_hidden_layer_network(rng, x):
    relu = Sequential([Dense(6, 5, rng), ReLU(), Dense(5, 3, rng)])
    relu.layers[0].params["bias"] = rng.normal(0, 0.2, size=5)
    scaled = scale_rows(fuse_network(relu, (6,)))
    return convert(scaled, max_activations(scaled, x))


def first_crossing(layer, input_times, slope):
    """Gated integrate-and-fire spike time: V(t) = slope (t - t_ramp) + sum_j J_j (t - t_j) H(t - t_j) searched by
    bisection on [t_min, t_max] (t_min if already above threshold, t_max if never)."""
    times = np.empty((len(input_times), len(layer.weight)))
    for sample, t_in in enumerate(input_times):
        for i, (weights, threshold) in enumerate(zip(layer.weight, layer.threshold, strict=True)):
            def potential(t, i=i, weights=weights, t_in=t_in):
                return slope[i] * (t - layer.t_ramp) + np.sum(weights * np.maximum(t - t_in, 0.0))

            low, high = layer.t_min, layer.t_max
            if potential(low) >= threshold or potential(high) < threshold:
                times[sample, i] = low if potential(low) >= threshold else high
                continue
            for _ in range(200):
                middle = 0.5 * (low + high)
                low, high = (middle, high) if potential(middle) < threshold else (low, middle)
            times[sample, i] = high
    return times


def test_jitter_and_slope_noise_match_the_integrate_and_fire_dynamics():
    rng = np.random.default_rng(0)
    x = rng.uniform(0.1, 0.9, size=(20, 6))  # jittered inputs (SD 0.01) still arrive before t_min = 1
    network = one_hidden_layer_network(rng, x)
    layer, output = network.hidden[0], network.output
    jitter_sd, slope_sd = 0.01, 0.05
    potentials = perturbed_potentials(network, x, np.random.default_rng(7), jitter_sd=jitter_sd, slope_sd=slope_sd)
    draws = np.random.default_rng(7)  # same draws in the same order: inputs, slopes, hidden spikes
    input_times = 1 - x + draws.normal(0, jitter_sd, size=x.shape)
    assert input_times.max() < layer.t_min
    slope = layer.alpha + draws.normal(0, slope_sd, size=5)
    hidden = first_crossing(layer, input_times, slope) + draws.normal(0, jitter_sd, size=(20, 5))
    expected = (output.t_read - hidden) @ output.weight.T + output.alpha * (output.t_read - output.t_start)
    assert np.abs(potentials - expected).max() < 1e-9


def test_without_noise_it_is_the_closed_form():
    rng = np.random.default_rng(1)
    x = rng.uniform(size=(30, 6))
    network = one_hidden_layer_network(rng, x)
    assert np.array_equal(perturbed_potentials(network, x, rng), ttfs_forward(network, x).potentials)
    with pytest.raises(ConfigError, match="jitter_sd"):
        perturbed_potentials(network, x, rng, jitter_sd=-0.1)
