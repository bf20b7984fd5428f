"""One BindsNET case of the Diehl & Cook throughput benchmark, run by BindsNET's own interpreter.

BindsNET (Hazan et al. 2018) lives in its own virtual environment (``make bench`` builds ``.venv-bindsnet``: the
pinned CPU torch, numpy, SciPy and ``bindsnet`` without its declared dependencies), so this module imports neither
brainsnn nor the benchmark harness. It trains BindsNET's ``DiehlAndCook2015`` model the way BindsNET's MNIST
example does, one sample per ``network.run`` on Poisson spikes from ``bindsnet.encoding.poisson``, a spike monitor
on the excitatory layer, state reset after each sample, torch on one thread; the sample's length, time step and
rate scale come from the case.

``bindsnet/__init__.py`` imports every subpackage, including plotting, datasets and gym environments whose
dependencies (torchvision >= 0.29, gymnasium, OpenCV) have no CPU build for the torch that installs offline
here; :func:`import_simulator` loads only the simulation modules (network, learning, encoding, models), which
are BindsNET's unchanged code.

Usage: ``python -m benchmarks.bindsnet_diehl_cook CASE_JSON OUT_JSON``; ``CASE_JSON`` names ``idx_folder`` (the
benchmark's ``train-images-idx3-ubyte``), ``n_exc``, ``n_samples``, ``calls``, ``present_ms``, ``dt_ms``,
``rate_per_pixel_hz`` and ``seed``.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import json
import struct
import sys
import time
import types
from pathlib import Path

import numpy as np

from benchmarks.cpu_clock import cpu_seconds


def import_simulator():
    """BindsNET's ``DiehlAndCook2015``, ``poisson`` and ``Monitor`` without its package-level imports."""
    spec = importlib.util.find_spec("bindsnet")
    if spec is None:
        raise SystemExit("BindsNET is not installed in this interpreter; `make bench` builds .venv-bindsnet")
    package = types.ModuleType("bindsnet")
    package.__path__ = list(spec.submodule_search_locations)
    sys.modules["bindsnet"] = package
    network = importlib.import_module("bindsnet.network")  # before models: the subpackages import each other
    models = importlib.import_module("bindsnet.models")
    encoding = importlib.import_module("bindsnet.encoding")
    return models.DiehlAndCook2015, encoding.poisson, network.monitors.Monitor


def read_images(folder: Path) -> np.ndarray:
    """The uncompressed ``train-images-idx3-ubyte`` of ``folder`` as rows of 784 uint8 pixels."""
    payload = (folder / "train-images-idx3-ubyte").read_bytes()
    count, rows, columns = struct.unpack(">III", payload[4:16])
    return np.frombuffer(payload[16:], dtype=np.uint8).reshape(count, rows * columns)


def run_case(case: dict) -> dict:
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(case["seed"])
    model, poisson, monitor = import_simulator()
    images = read_images(Path(case["idx_folder"]))[: case["n_samples"]]
    rates = torch.tensor(images, dtype=torch.float32) * case["rate_per_pixel_hz"]
    present, dt = case["present_ms"], case["dt_ms"]
    network = model(n_inpt=784, n_neurons=case["n_exc"], exc=22.5, inh=120.0, dt=dt, norm=78.4, theta_plus=0.05,
                    inpt_shape=(1, 28, 28))
    spikes = monitor(network.layers["Ae"], state_vars=["s"], time=int(present / dt))
    network.add_monitor(spikes, name="Ae_spikes")
    records = []
    for call in range(case["calls"]):
        wall, cpu, exc_spikes = time.perf_counter(), cpu_seconds(), 0
        for row in rates:
            trains = poisson(datum=row, time=present, dt=dt).view(-1, 1, 1, 28, 28)
            network.run(inputs={"X": trains}, time=present, input_time_dim=1)
            exc_spikes += int(spikes.get("s").sum())
            network.reset_state_variables()
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        records.append({"call": call, "seconds": wall, "cpu_seconds": cpu, "samples": len(rates),
                        "samples_per_s": len(rates) / wall, "simulated_ms": len(rates) * present,
                        "exc_spikes": exc_spikes})
    return {"records": records, "bindsnet": importlib.metadata.version("bindsnet"), "torch": torch.__version__}


if __name__ == "__main__":
    case_json, out_json = sys.argv[1:3]
    Path(out_json).write_text(json.dumps(run_case(json.loads(case_json)), indent=1))
