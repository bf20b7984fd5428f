"""Inputs inside the declared range that overflow representative windows are counted and warned about; worst-case
windows keep the mapping exact for every input of the range. The case: an iris MLP 4-16-3 (not the digits networks
the mapping was tuned on) and 12 000 inputs drawn uniformly from the range, against the ReLU network as oracle."""

import warnings

import numpy as np
import pytest

from brainsnn.data.datasets import load_dataset
from brainsnn.errors import ConfigError
from brainsnn.train import Adam, Sequential, fit
from brainsnn.train.layers import Dense, ReLU
from brainsnn.ttfs import WindowOverflowWarning, map_to_ttfs, ttfs_forward, worst_case_max_activations

LOGIT_TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def iris_case():
    data = load_dataset("iris", seed=0)
    rng = np.random.default_rng(0)
    network = Sequential([Dense(4, 16, rng), ReLU(), Dense(16, 3, rng)])
    fit(network, data.x_train, data.y_train, epochs=60, batch_size=16, optimizer=Adam(1e-2), seed=0)
    input_range = (0.0, 8.0)  # every iris feature (cm) lies inside it
    uniform = rng.uniform(*input_range, size=(12_000, 4))
    return network, data, input_range, uniform


def relu_activations_past_windows(mapping, encoded):
    """Independent count: samples with any ReLU activation above (1 + zeta) X^(n), layer by layer."""
    trace = mapping.relu.trace(encoded)
    return np.array([np.sum((a > (1 + mapping.zeta) * x_max * (1 + 1e-12)).any(axis=1))
                     for a, x_max in zip(trace.activations, mapping.max_activation, strict=True)])


def test_in_range_inputs_past_representative_windows_are_counted_warned_and_the_only_wrong_ones(iris_case):
    network, data, input_range, uniform = iris_case
    mapping = map_to_ttfs(network, (4,), input_range, data.x_train)
    with pytest.warns(WindowOverflowWarning, match=r"windows='worst-case'") as caught:
        encoded = mapping.encode(uniform)
    counts = mapping.window_overflows(encoded)
    assert np.array_equal(counts, relu_activations_past_windows(mapping, encoded))
    assert counts[0] > 0
    assert f"{counts[0]} in layer 1" in str(caught[0].message)
    wrong = np.abs(ttfs_forward(mapping.ttfs, encoded).potentials - network.forward(uniform)).max(axis=1)
    past = (mapping.relu.trace(encoded).activations[0] > (1 + mapping.zeta) * mapping.max_activation[0]).any(axis=1)
    assert wrong[~past].max() < LOGIT_TOLERANCE  # exact wherever no activation overflows
    assert wrong[past].max() > 0.1  # and wrong, silently before, where one does
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        training = mapping.encode(data.x_train)  # the inputs the windows were computed on never overflow
    assert not mapping.window_overflows(training).any()


def test_worst_case_windows_are_exact_for_every_input_in_range(iris_case):
    network, data, input_range, uniform = iris_case
    mapping = map_to_ttfs(network, (4,), input_range, windows="worst-case")
    corners = np.array(np.meshgrid(*[input_range] * 4)).reshape(4, -1).T  # the 16 corners of the input box
    x = np.vstack([uniform, corners])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        encoded = mapping.encode(x)
    assert not mapping.window_overflows(encoded).any()
    logits = ttfs_forward(mapping.ttfs, encoded).potentials
    assert np.abs(logits - network.forward(x)).max() < LOGIT_TOLERANCE
    representative = map_to_ttfs(network, (4,), input_range, data.x_train)
    assert np.all(mapping.max_activation >= representative.max_activation)  # longer windows, longer latency
    assert mapping.ttfs.latency > representative.ttfs.latency


def test_worst_case_bound_is_attained_by_a_corner_for_one_dense_layer(iris_case):
    """For one dense layer the interval bound is tight: the best corner of the box reaches it."""
    network, _, input_range, _ = iris_case
    mapping = map_to_ttfs(network, (4,), input_range, windows="worst-case")
    layer = mapping.relu.hidden[0]
    corners = np.array(np.meshgrid(*[[0.0, 1.0]] * 4)).reshape(4, -1).T
    assert worst_case_max_activations(mapping.relu)[0] == pytest.approx(layer.preactivation(corners).max(), rel=1e-12)


def test_negative_zeta_clips_on_purpose_without_a_warning(iris_case):
    network, data, input_range, uniform = iris_case
    mapping = map_to_ttfs(network, (4,), input_range, data.x_train, zeta=-0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        encoded = mapping.encode(uniform)
    assert mapping.window_overflows(encoded)[0] > 0


def test_window_source_is_validated(iris_case):
    network, _, input_range, _ = iris_case
    with pytest.raises(ConfigError, match="worst-case"):
        map_to_ttfs(network, (4,), input_range)
    with pytest.raises(ConfigError, match="windows must be one of"):
        map_to_ttfs(network, (4,), input_range, windows="largest")
