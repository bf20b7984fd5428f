"""Random dense ReLU networks for the TTFS tests (a helper module, imported by the tests beside it)."""

import numpy as np

from brainsnn.train import Sequential
from brainsnn.train.layers import Dense, ReLU
from brainsnn.ttfs import fuse_network


def random_fused_relu(rng: np.random.Generator, sizes: tuple[int, ...], bias_mean: float, bias_sd: float):
    """Dense layers of ``sizes`` with a ReLU after all but the last, biases ~ N(bias_mean, bias_sd), fused.

    Draws the weights layer by layer, then the biases layer by layer, from ``rng``.
    """
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        layers += [Dense(n_in, n_out, rng), ReLU()]
    network = Sequential(layers[:-1])
    for layer in network.layers:
        if "bias" in layer.params:
            layer.params["bias"] = rng.normal(bias_mean, bias_sd, size=layer.params["bias"].shape)
    return fuse_network(network, (sizes[0],))
