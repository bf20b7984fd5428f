"""The Brian2 build of a `SpikingNetwork` fires exactly the spikes of its float64 torch forward, on every backend."""

import copy

import numpy as np
import pytest
import torch
from torch import nn

from brainsnn import backend as backend_module
from brainsnn.data import load_dataset
from brainsnn.deploy.verification import verify_deployment
from brainsnn.errors import ConfigError
from brainsnn.train.snn.encoders import poisson
from brainsnn.train.snn.fit import fit, predict
from brainsnn.train.snn.network import SpikingNetwork
from brainsnn.train.snn.neurons import LIF, Integrator
from brainsnn.train.snn.time_batch_norm import TimeBatchNorm

STEPS = 10


def dense_network() -> SpikingNetwork:
    torch.manual_seed(1)
    network = SpikingNetwork([
        nn.Flatten(), nn.Linear(64, 20), LIF(0.9, 1.0, "subtract", refractory_steps=2),
        nn.Linear(20, 10), LIF(1.0, 0.7, "zero"),
    ])
    with torch.no_grad():
        network.layers[1].weight.mul_(4.0)
        network.layers[3].weight.mul_(3.0)
    return network.double().eval()


def conv_network() -> SpikingNetwork:
    torch.manual_seed(2)
    network = SpikingNetwork([
        nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), LIF(0.9, refractory_steps=1), nn.MaxPool2d(2),
        nn.Conv2d(4, 6, 3, padding=1, stride=2), LIF(1.0, 0.8, "zero"), nn.AvgPool2d(2), nn.Flatten(),
        nn.Linear(6, 10), Integrator(0.95),
    ])
    with torch.no_grad():
        network.layers[0].weight.mul_(3.0)
        network.layers[1].running_var.uniform_(0.5, 2.0)
        network.layers[1].running_mean.uniform_(-0.2, 0.2)
        network.layers[4].weight.mul_(3.0)
    return network.double().eval()


def bntt_network() -> SpikingNetwork:
    """BNTT's layout: conv without bias, one batch norm per time step, soft-reset LIF, mean-membrane read-out."""
    torch.manual_seed(3)
    norms = [TimeBatchNorm(4, steps=STEPS), TimeBatchNorm(10, steps=STEPS)]
    network = SpikingNetwork([
        nn.Conv2d(1, 4, 3, padding=1, bias=False), norms[0], LIF(0.95), nn.AvgPool2d(2), nn.Flatten(),
        nn.Linear(64, 10, bias=False), norms[1], Integrator(),
    ])
    with torch.no_grad():
        for norm in norms:
            norm.running_mean.uniform_(-0.2, 0.2)
            norm.running_var.uniform_(0.1, 0.5)
            norm.gamma.uniform_(0.5, 1.5)
    return network.double().eval()


def random_spikes(samples: int, seed: int) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    return (torch.rand(STEPS, samples, 1, 8, 8, generator=generator, dtype=torch.float64) < 0.3).double()


def assert_identical(identity) -> None:
    assert all(spikes > 0 for spikes in identity.spikes_per_layer), "a silent layer would make the check empty"
    assert identity.mismatched_spikes == [0] * len(identity.layer_names)
    assert identity.readout_difference < 1e-12
    assert identity.predictions_agree == 1.0 and identity.identical


@pytest.mark.parametrize("build", [dense_network, conv_network, bntt_network])
def test_numpy_runtime_fires_the_torch_spikes(build):
    identity, run, _ = verify_deployment(build(), random_spikes(12, 0), device="numpy")
    assert run.device == "numpy"
    assert_identical(identity)


def test_the_time_step_may_be_a_brian2_quantity_and_only_moves_the_spike_times():
    from brian2 import us

    identity, _, _ = verify_deployment(dense_network(), random_spikes(3, 6), device="numpy", dt_ms=100 * us)
    assert_identical(identity)


def pre_charged_network() -> SpikingNetwork:
    """Rate-conversion layout: IF neurons with reset by subtraction starting half charged, analog first layer."""
    torch.manual_seed(4)
    network = SpikingNetwork([
        nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), LIF(1.0, 1.0, "subtract", initial_v=0.5),
        nn.AvgPool2d(2), nn.Flatten(), nn.Linear(64, 10), LIF(1.0, 0.8, "subtract", initial_v=0.4),
    ])
    with torch.no_grad():
        network.layers[0].weight.mul_(2.0)
        network.layers[1].running_mean.uniform_(-0.2, 0.2)
        network.layers[5].weight.mul_(3.0)
    return network.double().eval()


@pytest.mark.parametrize("constant", [True, False], ids=["constant current", "per-step values"])
def test_direct_analog_inputs_and_initial_charge_fire_the_torch_spikes(constant):
    generator = torch.Generator().manual_seed(7)
    images = torch.rand(STEPS if not constant else 1, 6, 1, 8, 8, generator=generator, dtype=torch.float64)
    images[images < 0.3] = 0.0
    identity, run, _ = verify_deployment(pre_charged_network(), images.expand(STEPS, -1, -1, -1, -1).contiguous(),
                                         device="numpy", input_coding="direct")
    assert_identical(identity)
    assert run.input_coding == "direct"
    np.testing.assert_array_equal(run.counts["inputs"], (images != 0).expand(STEPS, -1, -1, -1, -1).sum(0)
                                  .reshape(6, 64).numpy())


def test_direct_coding_refuses_analog_max_pooling_and_spike_coding_refuses_analog_values():
    network = SpikingNetwork([nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16, 3), Integrator()]).double().eval()
    with pytest.raises(ConfigError, match="max pooling of direct"):
        verify_deployment(network, torch.rand(2, 1, 1, 8, 8), device="numpy", input_coding="direct")
    with pytest.raises(ConfigError, match='input_coding="direct"'):
        verify_deployment(pre_charged_network(), torch.rand(2, 1, 1, 8, 8), device="numpy")
    with pytest.raises(ConfigError, match="unknown input_coding"):
        verify_deployment(pre_charged_network(), torch.rand(2, 1, 1, 8, 8), device="numpy", input_coding="rate")


def test_per_step_batch_norm_needs_inputs_of_as_many_steps():
    with pytest.raises(ConfigError, match="statistics for 10 time steps, but the inputs have 6"):
        verify_deployment(bntt_network(), random_spikes(2, 5)[:6], device="numpy")


@pytest.mark.slow
def test_cython_runtime_fires_the_torch_spikes():
    identity, run, _ = verify_deployment(conv_network(), random_spikes(8, 1), device="cython")
    assert run.device in ("cython", "numpy")
    assert_identical(identity)


@pytest.mark.slow
@pytest.mark.cpp_standalone
def test_cpp_standalone_fires_the_torch_spikes_with_per_step_batch_norm():
    """Per-step tables (2-D TimedArrays) in generated C++; dense and conv layouts: the trained networks below."""
    identity, _, _ = verify_deployment(bntt_network(), random_spikes(12, 2), device="cpp_standalone")
    assert_identical(identity)


@pytest.mark.slow
@pytest.mark.cpp_standalone
def test_cpp_standalone_fires_the_torch_spikes_of_direct_inputs_and_initial_charge():
    images = torch.rand(1, 5, 1, 8, 8, generator=torch.Generator().manual_seed(8), dtype=torch.float64)
    identity, _, _ = verify_deployment(pre_charged_network(), images.expand(STEPS, -1, -1, -1, -1).contiguous(),
                                       device="cpp_standalone", input_coding="direct")
    assert_identical(identity)


TRAINED_LAYOUTS = {
    "dense": lambda: [nn.Flatten(), nn.Linear(64, 48), LIF(0.9, refractory_steps=1), nn.Linear(48, 10), Integrator()],
    "conv": lambda: [
        nn.Conv2d(1, 8, 3, padding=1), LIF(0.9), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), LIF(0.9),
        nn.AvgPool2d(2), nn.Flatten(), nn.Linear(64, 10), Integrator(),
    ],
}


@pytest.fixture(scope="module")
def trained_digits_networks():
    """A dense and a conv SNN trained for 4 epochs on scikit-learn's digits (Poisson input, 10 steps), with the
    encoded test set and torch's read-out of it."""
    data = load_dataset("digits", seed=0)
    scale = data.x_train.max()
    x_train = torch.tensor(data.x_train / scale, dtype=torch.float32).reshape(-1, 1, 8, 8)
    x_test = torch.tensor(data.x_test / scale, dtype=torch.float32).reshape(-1, 1, 8, 8)
    encode = lambda x, generator: poisson(x, STEPS, generator)  # noqa: E731
    trained = {}
    for name, layers in TRAINED_LAYOUTS.items():
        torch.manual_seed(0)
        network = SpikingNetwork(layers())
        fit(network, x_train, torch.tensor(data.y_train), encode=encode,
            optimizer=torch.optim.Adam(network.parameters(), lr=3e-3), epochs=4, batch_size=32)
        spikes, readout = predict(network, x_test, encode=encode)
        assert (readout.argmax(dim=1).numpy() == data.y_test).mean() > 0.6  # it learned something
        trained[name] = network, spikes, readout
    return trained


@pytest.mark.slow
@pytest.mark.parametrize("device", ["numpy", "cython"])
@pytest.mark.parametrize("layout", sorted(TRAINED_LAYOUTS))
def test_trained_networks_fire_the_torch_spikes_on_the_runtime_backends(trained_digits_networks, layout, device):
    network, spikes, _ = trained_digits_networks[layout]
    identity, _, _ = verify_deployment(network, spikes[:, :60], device=device)
    assert_identical(identity)


@pytest.mark.slow
@pytest.mark.cpp_standalone
@pytest.mark.parametrize("layout", sorted(TRAINED_LAYOUTS))
def test_trained_network_runs_in_cpp_standalone_with_identical_predictions(trained_digits_networks, layout):
    network, spikes, readout = trained_digits_networks[layout]
    identity, run, _ = verify_deployment(network, spikes, device="cpp_standalone")
    assert_identical(identity)
    np.testing.assert_array_equal(run.readout.argmax(axis=1), readout.argmax(dim=1).numpy())
    # Spike counts per neuron and sample agree with the torch forward of every test sample.
    record = copy.deepcopy(network).double().record(spikes.double())
    for torch_spikes, population in zip(record.spikes, identity.layer_names, strict=True):
        np.testing.assert_array_equal(run.counts[population], torch_spikes.sum(dim=0).numpy())


@pytest.mark.gpu
@pytest.mark.parametrize("build", [conv_network, bntt_network])
def test_cuda_standalone_fires_the_torch_spikes_on_a_gpu(build):
    """Without a GPU the CUDA path is compile-tested by tests/test_backend.py; compiling this network's project
    alone takes nvcc about 4 minutes on 2 cores (measured), too long for every `make test`."""
    pytest.importorskip("brian2cuda", reason="brian2cuda not installed (pip install 'brainsnn[cuda]')")
    if not backend_module.gpu_available():
        pytest.skip("no CUDA GPU (nvidia-smi lists none)")
    identity, _, _ = verify_deployment(build(), random_spikes(12, 4), device="cuda_standalone")
    assert_identical(identity)
