"""The Brian2 network of the antlr study reproduces the numpy map spike for spike after the one-step-per-layer
shift, with biases and several spikes per neuron."""

import numpy as np

from brainsnn_studies.antlr.brian import run_in_brian
from brainsnn_studies.antlr.classification import decide
from brainsnn_studies.antlr.neuron import Neuron, forward


def test_brian2_reproduces_every_spike_and_decision():
    rng = np.random.default_rng(3)
    neuron = Neuron(alpha_i=0.9, alpha_v=0.95)
    weights = [rng.normal(0.3, 0.5, (1, 12, 8)), rng.normal(0.6, 0.5, (1, 8, 3))]
    biases = [rng.normal(0.02, 0.02, (1, 1, 8)), rng.normal(0.02, 0.02, (1, 1, 3))]
    inputs = (rng.random((25, 5, 12)) < 0.15).astype(float)
    reference = forward(neuron, weights, biases, inputs[:, None])
    brian = run_in_brian(neuron, [w[0] for w in weights], [b[0, 0] for b in biases], inputs)
    for ours, theirs in zip(reference.spikes, brian.spikes, strict=True):
        assert ours[:, 0].sum(axis=0).max() >= 2  # multi-spike neurons exercise the reset of V and I
        np.testing.assert_array_equal(ours[:, 0], theirs)
    np.testing.assert_array_equal(decide(reference.output, "antlr")[0][0], decide(brian.spikes[-1][:, None],
                                                                                     "antlr")[0][0])
