"""configure_torch makes seeded training steps bit-identical; torch_device names the fix when CUDA is unusable."""

import os

import pytest
import torch

from brainsnn.errors import ConfigError
from brainsnn.train.snn.encoders import poisson
from brainsnn.train.snn.neurons import LIF, Integrator
from brainsnn.train.snn.runtime import configure_torch, torch_device
from brainsnn.train.snn.spike_losses import count_cross_entropy

STEPS = 12


def seeded_training_step(seed, device="cpu", dtype=torch.float32):
    """Forward and backward of a 30-20-3 LIF network on Poisson input; returns spikes, loss and gradients.

    Weights, inputs and input spikes are drawn on the CPU, so every device sees the same values."""
    configure_torch(threads=1, seed=seed)
    hidden, readout = torch.nn.Linear(30, 20), torch.nn.Linear(20, 3)
    hidden, readout = hidden.to(device, dtype), readout.to(device, dtype)
    neurons, output = LIF(0.9, threshold=0.5), Integrator()
    x = torch.rand(8, 30, dtype=dtype)
    spikes = poisson(x, STEPS, torch.Generator().manual_seed(seed)).to(device)
    recorded, membranes = [], []
    for t in range(STEPS):
        recorded.append(neurons(hidden(spikes[t])))
        membranes.append(output(readout(recorded[-1])))
    loss = count_cross_entropy(torch.stack(membranes), torch.arange(8, device=device) % 3, scale=1 / STEPS)
    loss.backward()
    grads = [p.grad for p in (*hidden.parameters(), *readout.parameters())]
    return torch.stack(recorded), loss.detach(), grads


def assert_bit_identical(first, second):
    spikes, loss, grads = first
    assert torch.equal(spikes, second[0]) and torch.equal(loss, second[1])
    assert all(torch.equal(a, b) for a, b in zip(grads, second[2], strict=True))


def test_seeded_runs_are_bit_identical():
    first = seeded_training_step(11)
    assert 0 < first[0].mean() < 0.5
    assert_bit_identical(first, seeded_training_step(11))
    assert not torch.equal(first[2][0], seeded_training_step(12)[2][0])


def test_configure_torch_settings(monkeypatch):
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    configure_torch(threads=1, deterministic=False)
    assert not torch.are_deterministic_algorithms_enabled()
    configure_torch(threads=1)
    assert torch.get_num_threads() == 1 and torch.are_deterministic_algorithms_enabled()
    assert os.environ["OMP_WAIT_POLICY"] == "PASSIVE"
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    configure_torch()
    assert os.environ["OMP_WAIT_POLICY"] == "ACTIVE"


@pytest.mark.parametrize(
    ("keywords", "message"), [({"threads": 0}, "threads"), ({"seed": -1}, "seed"), ({"seed": 1.5}, "seed")]
)
def test_configure_torch_rejects_bad_arguments(keywords, message):
    with pytest.raises(ConfigError, match=message):
        configure_torch(**keywords)


def test_torch_device_names_the_fix(monkeypatch):
    assert torch_device("cpu") == torch.device("cpu")
    with pytest.raises(ConfigError, match="cpu, cuda"):
        torch_device("gpu")
    monkeypatch.setattr(torch.version, "cuda", None)
    with pytest.raises(ConfigError, match="built without CUDA; install a CUDA build"):
        torch_device("cuda")
    monkeypatch.setattr(torch.version, "cuda", "12.8")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ConfigError, match="no CUDA GPU.*use device 'cpu'"):
        torch_device("cuda")


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU: torch.cuda.is_available() is False")
def test_seeded_runs_are_bit_identical_on_cuda():
    device = torch_device("cuda")
    first = seeded_training_step(11, device, torch.float64)
    assert_bit_identical(first, seeded_training_step(11, device, torch.float64))
    cpu = seeded_training_step(11, "cpu", torch.float64)
    assert torch.equal(first[0].cpu(), cpu[0])
    for on_gpu, on_cpu in zip(first[2], cpu[2], strict=True):
        torch.testing.assert_close(on_gpu.cpu(), on_cpu, rtol=1e-10, atol=1e-12)
