"""The closed-form TTFS network against its oracles: the unconverted ReLU network (activations, logits,
predictions) and an event-by-event integration of the neuron dynamics (Eq. 2.2)."""

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.train import Sequential
from brainsnn.train.layers import Dense, ReLU
from brainsnn.ttfs import map_to_ttfs, spike_fractions, ttfs_forward
from brainsnn.ttfs.closed_form import input_spike_times

TIME_TOLERANCE = 1e-9
LOGIT_TOLERANCE = 1e-9


def mapped(network, digits, conv, **options):
    shape = (1, 8, 8) if conv else (64,)
    x_train, x_test = (digits[key].reshape((-1, *shape)) for key in ("x_train", "x_test"))
    mapping = map_to_ttfs(network, shape, digits["input_range"], x_train, **options)
    return mapping, x_test


@pytest.mark.parametrize("conv", [False, True], ids=["mlp", "convnet"])
@pytest.mark.parametrize("ramp_start", ["previous", "own"])
def test_spike_times_encode_activations_and_potentials_equal_logits(
    digits, trained_mlp, trained_convnet, conv, ramp_start
):
    network = trained_convnet if conv else trained_mlp
    mapping, x_test = mapped(network, digits, conv, ramp_start=ramp_start)
    relu_logits = network.forward(x_test)
    encoded = mapping.encode(x_test)
    relu_trace = mapping.relu.trace(encoded)
    assert np.abs(relu_trace.logits - relu_logits).max() < 1e-10  # Phase 1 is function-preserving
    trace = ttfs_forward(mapping.ttfs, encoded)
    for layer, times, activation in zip(mapping.ttfs.hidden, trace.spike_times, relu_trace.activations, strict=True):
        assert np.all((times >= layer.t_min) & (times <= layer.t_max))
        assert np.abs((layer.t_max - times) - activation).max() < TIME_TOLERANCE  # x_bar = t_max - t
    for layer, times, output in zip(mapping.ttfs.hidden, trace.pooled_times, relu_trace.outputs, strict=True):
        assert np.abs((layer.t_max - times) - output).max() < TIME_TOLERANCE
    assert np.abs(trace.potentials - relu_logits).max() < LOGIT_TOLERANCE
    assert np.array_equal(trace.potentials.argmax(axis=1), relu_logits.argmax(axis=1))
    assert np.mean(relu_logits.argmax(axis=1) == digits["y_test"]) > (0.85 if conv else 0.93)
    if conv:
        assert mapping.relu.hidden[0].min_pool[:2].all() and not mapping.relu.hidden[0].min_pool[2:].any()


def test_sparse_variant_fires_exactly_the_active_relus(digits, trained_mlp, trained_convnet):
    for network, conv in ((trained_mlp, False), (trained_convnet, True)):
        mapping, x_test = mapped(network, digits, conv)
        encoded = mapping.encode(x_test)
        active = [np.mean(a > 0) for a in mapping.relu.trace(encoded).activations]
        fractions = spike_fractions(mapping.ttfs, ttfs_forward(mapping.ttfs, encoded))
        assert np.array_equal(fractions, active)
        assert np.all((fractions > 0) & (fractions < 1))


def test_negative_zeta_saturates_like_a_clipped_relu(digits, trained_mlp):
    mapping, x_test = mapped(trained_mlp, digits, conv=False, zeta=-0.5)
    encoded = mapping.encode(x_test)
    relu_activations = mapping.relu.trace(encoded).activations
    trace = ttfs_forward(mapping.ttfs, encoded)
    first = mapping.ttfs.hidden[0]
    window = first.t_max - first.t_min
    clipped = np.minimum(relu_activations[0], window)
    assert (relu_activations[0] > window).any()
    assert np.abs((first.t_max - trace.spike_times[0]) - clipped).max() < TIME_TOLERANCE


def simulate_neuron(input_times, weights, alpha, t_ramp, threshold, t_min, t_max):
    """First time in [t_min, t_max] at which the piecewise-linear V of Eq. 2.2 reaches threshold (t_max if never)."""
    onsets = np.concatenate([[t_ramp], input_times])
    slopes = np.concatenate([[alpha], weights])
    boundaries = np.unique(np.concatenate([onsets, [t_min, t_max]]))
    boundaries = boundaries[boundaries <= t_max]
    for start, end in zip(boundaries[:-1], boundaries[1:], strict=True):
        slope = slopes[onsets <= start].sum()
        v_start = (slopes * np.maximum(start - onsets, 0)).sum()
        if start >= t_min and v_start >= threshold:
            return start
        if start >= t_min and slope > 0 and v_start + slope * (end - start) >= threshold:
            return start + (threshold - v_start) / slope
    return t_max


def test_closed_form_matches_event_by_event_integration(digits):
    rng = np.random.default_rng(5)
    network = Sequential([Dense(64, 12, rng), ReLU(), Dense(12, 8, rng), ReLU(), Dense(8, 10, rng)])
    for layer in network.layers:
        if "bias" in layer.params:
            layer.params["bias"] = rng.normal(0, 0.3, size=layer.params["bias"].shape)
    mapping = map_to_ttfs(network, (64,), digits["input_range"], digits["x_train"][:200])
    encoded = mapping.encode(digits["x_test"][:6])
    trace = ttfs_forward(mapping.ttfs, encoded)
    times = input_spike_times(encoded)
    for layer, closed_form in zip(mapping.ttfs.hidden, trace.spike_times, strict=True):
        simulated = np.array(
            [
                [
                    simulate_neuron(
                        sample, layer.weight[i], layer.alpha, layer.t_ramp, layer.threshold[i], layer.t_min, layer.t_max
                    )
                    for i in range(len(layer.weight))
                ]
                for sample in times
            ]
        )
        assert np.abs(simulated - closed_form).max() < TIME_TOLERANCE
        times = simulated
    output = mapping.ttfs.output
    potentials = output.alpha * (output.t_read - output.t_start) + (output.t_read - times) @ output.weight.T
    assert np.abs(potentials - network.forward(digits["x_test"][:6])).max() < LOGIT_TOLERANCE


def test_inputs_outside_unit_interval_raise():
    with pytest.raises(ConfigError, match="fuse_input_range"):
        input_spike_times(np.array([[0.5, 1.5]]))
