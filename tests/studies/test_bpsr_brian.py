"""The Brian2 build of a BPSR network against the torch forward (spike for spike) and against a hand count of
spikes and synaptic operations on a 2-2-1 recurrent network."""

import numpy as np
import torch

from brainsnn_studies.bpsr.brian import run_in_brian
from brainsnn_studies.bpsr.energy import synaptic_operations
from brainsnn_studies.bpsr.network import BPSRNetwork
from brainsnn_studies.bpsr.quantisation import quantised


def _hand_network() -> BPSRNetwork:
    """W1 = [[1, -], [0.5, 0.5]], R = [[-, -], [0.3, -]] (neuron 0 -> 1), W2 = [[1, 1]], b = 0, tau = 0.5."""
    network = BPSRNetwork((2, 2, 1), recurrent=True, seed=0)
    hidden, output = network.layers
    with torch.no_grad():
        hidden.weight.copy_(torch.tensor([[1.0, 0.0], [0.5, 0.5]]))
        hidden.recurrent.copy_(torch.tensor([[0.0, 0.0], [0.3, 0.0]]))
        output.weight.copy_(torch.tensor([[1.0, 1.0]]))
        for layer in network.layers:
            layer.bias.zero_()
            layer.tau.fill_(0.5)
    network.set_masks({"0.weight": torch.tensor([[True, False], [True, True]]),
                       "0.recurrent": torch.tensor([[False, False], [True, False]]),
                       "1.weight": torch.tensor([[True, True]])})
    return network


def test_hand_counted_spikes_and_synaptic_operations():
    # sample 0: input 0 at t = 0 and 2, input 1 at t = 1; sample 1 silent (a stale recurrent spike must not count)
    x = np.zeros((3, 2, 2))
    x[0, 0, 0] = x[2, 0, 0] = x[1, 0, 1] = 1
    # t0: h0 = 1 spikes, h1 = 0.5; out = 1 spikes.  t1: h0 = 0 (reset, W1[0,1] missing), h1 = 0.25 + 0.5 + 0.3 = 1.05
    # spikes; out = 1 spikes.  t2: h0 = 1 spikes, h1 = 0 (reset) + 0.5 = 0.5; out = 1 spikes.
    hidden = np.zeros((3, 2, 2), dtype=bool)
    hidden[0, 0, 0] = hidden[1, 0, 1] = hidden[2, 0, 0] = True
    output = np.zeros((3, 2, 1), dtype=bool)
    output[:, 0, 0] = True
    # SOPs of sample 0: inputs 2 + 1 + 2; h0 at t0: 1 (to the output) + 1 (recurrent); h1 at t1: 1; h0 at t2: 1
    # (its recurrent spike reaches no step) -> 9; sample 1: 0; mean 4.5
    network = _hand_network()
    run = run_in_brian(network, x)
    assert np.array_equal(run.spikes[0], hidden) and np.array_equal(run.spikes[1], output)
    assert run.synaptic_operations == 4.5 and run.synapses == 6
    inputs = torch.as_tensor(x)
    with torch.no_grad():
        trains = network(inputs)
    assert np.array_equal(trains[0].numpy().astype(bool), hidden)
    assert synaptic_operations(network, inputs, trains) == 4.5


def test_random_recurrent_network_runs_identically_in_brian2():
    network = BPSRNetwork((12, 10, 4), recurrent=True, seed=5)
    masks = {name: torch.rand(mask.shape, generator=torch.Generator().manual_seed(2)) < 0.7
             for name, mask in network.masks.items()}
    network.set_masks(masks)
    network.clamp_()
    x = (torch.rand(8, 15, 12, generator=torch.Generator().manual_seed(3)) < 0.2).to(torch.float64)
    for candidate in (network, quantised(network, 8)):
        with torch.no_grad():
            trains = candidate(x)
        run = run_in_brian(candidate, x.numpy())
        for torch_train, brian_train in zip(trains, run.spikes, strict=True):
            assert np.array_equal(torch_train.numpy().astype(bool), brian_train)
        assert 0.05 < trains[0].mean() < 0.95
        assert run.synaptic_operations == synaptic_operations(candidate, x, trains)
        assert run.synapses == candidate.synapse_count()
