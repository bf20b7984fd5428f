"""Backends: the same seeded network gives identical results on numpy, cython and cpp_standalone."""

import io
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from brian2 import Network, NeuronGroup, SpikeGeneratorGroup, SpikeMonitor, Synapses, defaultclock, ms, prefs, second
from brian2.utils.logger import BrianLogger

from brainsnn import backend as backend_module
from brainsnn.backend import BackendCannotRun, use_backend
from brainsnn.errors import ConfigError
from brainsnn.models.conductance_lif import excitatory_group
from brainsnn.models.stdp import rule_parameters, stdp_code


def _poisson_lif_stdp(device: str, seed: int = 3, duration_ms: float = 400.0):
    """30 Poisson inputs (generated in numpy) -> 4 conductance LIF neurons with add-STDP (no noise)."""
    rng = np.random.default_rng(seed)
    n_inputs, rate_hz, dt = 30, 50.0, 0.5e-3
    steps = int(duration_ms / 0.5)
    spikes = rng.random((steps, n_inputs)) < rate_hz * dt
    step_idx, neuron_idx = np.nonzero(spikes)
    initial_w = rng.uniform(0.2, 0.8, n_inputs * 4)
    with use_backend(device, label="identity", seed=seed) as backend:
        defaultclock.dt = 0.5 * ms
        inputs = SpikeGeneratorGroup(n_inputs, neuron_idx, step_idx * dt * second, name="inputs")
        params = rule_parameters("add", {"eta": 0.05, "sigma": 0.0, "c_minus": 0.6, "w_max": 1.0,
                                         "tau_plus": 17.0, "tau_minus": 34.0})
        code = stdp_code("add", params)
        neurons = excitatory_group(4, name="exc", **code.postsynaptic_arguments())
        neurons.learning = 1
        synapses = Synapses(inputs, neurons, code.model, on_pre=code.on_pre, on_post=code.on_post,
                            namespace=code.namespace, name="plastic")
        synapses.connect()
        synapses.w = initial_w
        monitor = SpikeMonitor(neurons, name="exc_spikes")
        net = Network(inputs, neurons, synapses, monitor)
        net.run(duration_ms * ms)
        backend.execute()
        return (np.array(monitor.i[:]), np.array(monitor.t[:] / ms), np.array(synapses.w[:]),
                np.array(neurons.theta[:]))


@pytest.mark.slow
@pytest.mark.cpp_standalone
def test_numpy_cython_and_cpp_standalone_agree():
    reference = _poisson_lif_stdp("numpy")
    assert len(reference[0]) > 10, "the test network must spike to test anything"
    assert not np.allclose(reference[2], _poisson_lif_stdp("numpy", seed=4)[2])
    for device in ("cython", "cpp_standalone"):
        indices, times, weights, theta = _poisson_lif_stdp(device)
        np.testing.assert_array_equal(indices, reference[0], err_msg=device)
        np.testing.assert_allclose(times, reference[1], rtol=0, atol=1e-9, err_msg=device)
        np.testing.assert_allclose(weights, reference[2], rtol=1e-9, atol=1e-12, err_msg=device)
        np.testing.assert_allclose(theta, reference[3], rtol=1e-9, err_msg=device)


def _order_dependent_run() -> None:
    """A synaptic block that reads a post-synaptic variable it has just changed: Brian2 warns about it."""
    group = NeuronGroup(2, "v : 1", threshold="True", reset="")
    synapses = Synapses(group, group, "w : 1", on_pre="v_post += w\nw = v_post")
    synapses.connect()
    Network(group, synapses).run(0.2 * ms)


def test_order_dependence_warning_is_quiet_only_inside_use_backend():
    console = io.StringIO()
    previous = BrianLogger.console_handler.setStream(console)
    try:
        with use_backend("numpy"):
            _order_dependent_run()
        assert console.getvalue() == ""
        prefs.codegen.target = "numpy"
        _order_dependent_run()
        assert "may depend on the order of execution" in console.getvalue()
    finally:
        BrianLogger.console_handler.setStream(previous)
        prefs.reset_to_defaults()


def test_unknown_device_is_rejected():
    with pytest.raises(ConfigError, match="unknown device 'gpu'"), use_backend("gpu"):
        pass


def test_without_compiler_falls_back_to_numpy(monkeypatch):
    monkeypatch.setenv("CXX", "no-such-compiler-brainsnn")
    backend_module.cxx_compiler_works.cache_clear()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with use_backend("cpp_standalone") as backend:
                assert backend.name == "numpy"
        assert any("no working C++ compiler" in str(w.message) for w in caught)
    finally:
        backend_module.cxx_compiler_works.cache_clear()


def test_standalone_directories_are_per_process(tmp_path, monkeypatch):
    monkeypatch.setenv("BRAINSNN_BUILD_DIR", str(tmp_path))
    with use_backend("cpp_standalone", label="net") as backend:
        assert backend.directory.parent == tmp_path
        assert backend.directory.name.endswith(f"-{os.getpid()}")


@pytest.mark.slow
@pytest.mark.cuda_compile
def test_cuda_standalone_generates_and_compiles_without_gpu():
    pytest.importorskip("brian2cuda", reason="brian2cuda not installed (pip install 'brainsnn[cuda]')")
    if shutil.which("nvcc") is None:
        pytest.skip("nvcc not on PATH: CUDA code cannot be compiled on this machine")
    if backend_module.gpu_available():
        pytest.skip("a GPU is present: the run test covers CUDA")
    with pytest.raises(BackendCannotRun, match="compiled in") as raised:
        _poisson_lif_stdp("cuda_standalone", duration_ms=20.0)
    directory = str(raised.value).split("compiled in ")[1].split(" but")[0]
    assert (__import__("pathlib").Path(directory) / "main").is_file()


@pytest.mark.gpu
def test_cuda_standalone_matches_cpp_standalone_on_a_gpu():
    pytest.importorskip("brian2cuda", reason="brian2cuda not installed (pip install 'brainsnn[cuda]')")
    if not backend_module.gpu_available():
        pytest.skip("no CUDA GPU (nvidia-smi lists none)")
    reference = _poisson_lif_stdp("cpp_standalone")
    indices, _, weights, _ = _poisson_lif_stdp("cuda_standalone")
    np.testing.assert_array_equal(indices, reference[0])
    np.testing.assert_allclose(weights, reference[2], rtol=1e-6)


def test_a_build_key_shares_one_locked_folder_between_processes(tmp_path, monkeypatch):
    monkeypatch.setenv("BRAINSNN_BUILD_DIR", str(tmp_path))
    probe = ("from brainsnn.backend import use_backend\n"
             "with use_backend('cpp_standalone', label='net', build_key='784x400') as backend:\n"
             "    print(backend.directory)")
    child = [sys.executable, "-c", probe]
    with use_backend("cpp_standalone", label="net", build_key="784x400") as backend:
        shared = backend.directory
        assert shared.parent == tmp_path and not shared.name.endswith(f"-{os.getpid()}")
        held = subprocess.run(child, capture_output=True, text=True, check=True).stdout.strip()
        assert held != str(shared) and held.startswith(str(tmp_path / "net-"))  # busy: its own folder
    free = subprocess.run(child, capture_output=True, text=True, check=True).stdout.strip()
    assert free == str(shared)  # released: the next process builds where the first one did
    with use_backend("cpp_standalone", label="net", build_key="28x28") as other:
        assert other.directory not in (shared, Path(held))
