"""BPTT training with `fit`: one step equals a hand-made SGD step, seeded runs repeat bit for bit, it learns."""

import pytest
import torch
from torch import nn
from torch.nn import functional

from brainsnn.errors import ConfigError
from brainsnn.train.snn.encoders import poisson, rate_regular
from brainsnn.train.snn.fit import fit, predict
from brainsnn.train.snn.network import SpikingNetwork
from brainsnn.train.snn.neurons import LIF, Integrator


def small_network(seed: int) -> SpikingNetwork:
    torch.manual_seed(seed)
    return SpikingNetwork([nn.Linear(4, 8), LIF(0.9), nn.Linear(8, 2), Integrator()]).double()


def two_blobs(n: int = 64) -> tuple[torch.Tensor, torch.Tensor]:
    labels = torch.arange(n) % 2
    x = torch.where(labels[:, None] == 1, torch.tensor([0.9, 0.8, 0.1, 0.2]), torch.tensor([0.1, 0.2, 0.9, 0.8]))
    return x.double(), labels


def regular(x, generator):
    return rate_regular(x, 8)


def test_one_full_batch_epoch_is_one_sgd_step_on_the_bptt_gradient():
    x, y = two_blobs(16)
    network, reference = small_network(0), small_network(0)
    fit(network, x, y, encode=regular, optimizer=torch.optim.SGD(network.parameters(), lr=0.5), epochs=1,
        batch_size=16)
    loss = functional.cross_entropy(reference(rate_regular(x, 8)), y)  # same samples: the order does not matter
    loss.backward()
    for trained, start in zip(network.parameters(), reference.parameters(), strict=True):
        torch.testing.assert_close(trained, start - 0.5 * start.grad, rtol=0, atol=1e-12)


def test_seeded_runs_repeat_bit_for_bit_and_learn_two_blobs():
    x, y = two_blobs()

    def train(seed):
        network = small_network(1)
        encode = lambda batch, generator: poisson(batch, 8, generator)  # noqa: E731
        logs = fit(network, x, y, encode=encode, optimizer=torch.optim.Adam(network.parameters(), lr=0.02),
                   epochs=6, batch_size=16, seed=seed)
        return network, logs, encode

    first, logs, encode = train(3)
    second, _, _ = train(3)
    for a, b in zip(first.parameters(), second.parameters(), strict=True):
        assert torch.equal(a, b)
    assert logs[-1].loss < logs[0].loss
    _, readout = predict(first, x, encode=encode)
    assert (readout.argmax(dim=1) == y).double().mean() > 0.9


def test_bad_arguments_are_refused():
    x, y = two_blobs(4)
    network = small_network(0)
    optimizer = torch.optim.SGD(network.parameters(), lr=0.1)
    with pytest.raises(ConfigError, match="as many labels"):
        fit(network, x, y[:3], encode=regular, optimizer=optimizer, epochs=1)
    with pytest.raises(ConfigError, match="epochs must be a positive integer"):
        fit(network, x, y, encode=regular, optimizer=optimizer, epochs=0)
    with pytest.raises(ConfigError, match="batch_size"):
        predict(network, x, encode=regular, batch_size=0)
