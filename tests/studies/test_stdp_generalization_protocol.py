"""The paper's protocol (Sec. 3.1.4-3.1.6): the sample stream a run presents, checked against its layout."""

import numpy as np
import pytest

from brainsnn.data.datasets import load_dataset
from brainsnn.errors import ConfigError
from brainsnn.networks.diehl_cook import DiehlCookParameters
from brainsnn_studies.stdp_generalization.protocol import Protocol, prepare_run

N_EXC = 3


@pytest.fixture(scope="module")
def digits():
    return load_dataset("digits", seed=0)


def _prepare(dataset, **sizes):
    protocol = Protocol(**{"n_train": 20, "iteration_size": 10, "probe_size": 6, "n_label": 8, "n_test": 5, **sizes})
    params = DiehlCookParameters(n_input=dataset.x_train.shape[1], n_exc=N_EXC, rule="add", n_recorded_synapses=50,
                                 max_rate_hz=40.0)
    return prepare_run(params, dataset, protocol, seed=7)


def test_the_stream_interleaves_iterations_and_probes_then_labels_and_tests(digits):
    stream = _prepare(digits).stream
    assert stream.segments == {"train": [(0, 10), (16, 26)], "probe": [(10, 16), (26, 32)], "label": [(32, 40)],
                               "test": [(40, 45)]}
    train, probe, label = (stream.images[stream.rows(phase)] for phase in ("train", "probe", "label"))
    assert len(set(train)) == 20  # one pass: no training sample twice
    np.testing.assert_array_equal(probe[:6], probe[6:])  # the same probe set after every iteration
    np.testing.assert_array_equal(label, train[:8])  # labelling uses the first training samples
    np.testing.assert_array_equal(stream.learn, np.isin(np.arange(45), stream.rows("train")).astype(float))
    np.testing.assert_array_equal(stream.from_test, np.isin(np.arange(45), stream.rows("test")))


def test_inputs_and_labels_are_the_datasets_rows_at_the_diehl_cook_rates(digits):
    prepared = _prepare(digits)
    stream = prepared.stream
    train_rows, test_rows = stream.rows("train"), stream.rows("test")
    np.testing.assert_allclose(prepared.rates_hz[train_rows], digits.x_train[stream.images[train_rows]] / 255 * 40.0)
    np.testing.assert_allclose(prepared.rates_hz[test_rows], digits.x_test[stream.images[test_rows]] / 255 * 40.0)
    np.testing.assert_array_equal(prepared.labels[test_rows], digits.y_test[stream.images[test_rows]])
    recorded = prepared.recorded_synapses
    assert len(np.unique(recorded)) == 50 and recorded.max() < digits.x_train.shape[1] * N_EXC
    np.testing.assert_array_equal(recorded, np.sort(recorded))


def test_the_stream_is_drawn_from_the_seed(digits):
    first, second = _prepare(digits), _prepare(digits)
    np.testing.assert_array_equal(first.stream.images, second.stream.images)
    np.testing.assert_array_equal(first.initial_state.weights, second.initial_state.weights)


@pytest.mark.parametrize(("sizes", "message"), [
    ({"probe_size": 1}, "probe_size must be 0"),
    ({"iteration_size": 30}, "iteration_size must be <= n_train"),
    ({"n_test": 10_000}, "n_test must be <="),
    ({"slack_fraction": 0.0}, "slack_fraction"),
])
def test_impossible_protocols_are_rejected(digits, sizes, message):
    with pytest.raises(ConfigError, match=message):
        _prepare(digits, **sizes)
