"""The shared FC network of both TTFS studies and the scores of a TTFS network against its ReLU network."""

import numpy as np
import pytest

from brainsnn.train.layers import ActivityL1, Dense, Dropout, ReLU
from brainsnn.ttfs.evaluation import pooled_over_neurons, prediction_metrics
from brainsnn.ttfs.fc_network import fc_network


def test_fc_network_draws_hidden_then_readout_weights_and_adds_l1_only_when_positive():
    network = fc_network(64, 20, np.random.default_rng(3), l1_coefficient=1e-2, dropout=0.1)
    assert [type(layer) for layer in network.layers] == [Dense, ReLU, ActivityL1, Dropout, Dense]
    reference = np.random.default_rng(3)
    hidden, readout = Dense(64, 20, reference), Dense(20, 10, reference)
    np.testing.assert_array_equal(network.layers[0].params["weight"], hidden.params["weight"])
    np.testing.assert_array_equal(network.layers[-1].params["weight"], readout.params["weight"])
    assert network.layers[2].coefficient == 1e-2 and network.layers[3].rate == 0.1
    plain = fc_network(64, 20, np.random.default_rng(3), n_classes=3)
    assert [type(layer) for layer in plain.layers] == [Dense, ReLU, Dropout, Dense]
    assert plain.layers[-1].params["weight"].shape == (3, 20)


def test_prediction_metrics_count_accuracies_and_agreement():
    labels = np.array([0, 1, 2, 3])
    relu = np.array([0, 1, 2, 0])  # 3 of 4 right
    snn = np.array([0, 1, 1, 0])  # 2 of 4 right, agrees with relu on 3
    assert prediction_metrics(relu, snn, labels) == {"relu_accuracy": 0.75, "snn_accuracy": 0.5, "agreement": 0.75}


def test_pooled_over_neurons_weights_each_layer_by_its_size():
    # 100 neurons at 50 % and 300 at 10 %: (50 + 30) / 400 spikes per neuron
    assert pooled_over_neurons([0.5, 0.1], [100, 300]) == pytest.approx(0.2, abs=1e-15)
    assert pooled_over_neurons(np.array([0.25]), np.array([7])) == 0.25
