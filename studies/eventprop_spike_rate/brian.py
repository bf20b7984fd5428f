"""A trained network in Brian2 (Fontanini et al. 2024, Eq. 1 with ``method='exact'``), many samples in one run.

Each sample gets its own copy of the network (block-diagonal synapses), input spikes come from one
`SpikeGeneratorGroup` at times rounded to the grid ``dt``::

    tau_m dV/dt = -V + R_m I,   tau_s dI/dt = -I,   V > Theta -> V = 0,   on_pre: I_post += w

Brian2 integrates exactly between steps but places every spike on the grid, and a spike reaches the next layer
in the step it is emitted (Brian2's order: groups, thresholds, synapses, resets), so spike times differ from
the exact event simulation by up to about one ``dt`` per layer. `compare_with_brian` measures that error and
the fraction of identical first-spike decisions.
"""

from __future__ import annotations

import time

import numpy as np
from brian2 import Network, NeuronGroup, SpikeGeneratorGroup, SpikeMonitor, Synapses, defaultclock, ms

from brainsnn.backend import use_backend
from brainsnn_studies.eventprop_spike_rate.losses import first_spike_times, predictions
from brainsnn_studies.eventprop_spike_rate.neuron import LIF
from brainsnn_studies.eventprop_spike_rate.simulation import input_spikes, network_forward

EQUATIONS = """dV/dt = (-V + R_m * I) / tau_m : 1
dI/dt = -I / tau_s : 1"""


def run_in_brian(lif: LIF, weights: list[np.ndarray], times: np.ndarray, dt: float, device: str = "numpy"
                 ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Spikes ``(sample, neuron, time in ms)`` of every non-input layer for input spike ``times`` ``(n, n_in)``."""
    n = len(times)
    namespace = {"R_m": lif.r_m, "tau_m": lif.tau_m * ms, "tau_s": lif.tau_s * ms, "theta": lif.theta}
    with use_backend(device, label="eventprop-spike-rate") as backend:
        defaultclock.dt = dt * ms
        sample, neuron = np.nonzero(np.isfinite(times))
        steps = np.rint(times[sample, neuron] / dt).astype(np.int64)
        source = SpikeGeneratorGroup(n * times.shape[1], sample * times.shape[1] + neuron, steps * dt * ms)
        objects, groups, pre_size = [source], [], times.shape[1]
        for index, matrix in enumerate(weights):
            post_size = matrix.shape[0]
            group = NeuronGroup(n * post_size, EQUATIONS, threshold="V > theta", reset="V = 0", method="exact",
                                namespace=namespace, name=f"layer_{index + 1}")
            synapses = Synapses(source, group, "w : 1 (constant)", on_pre="I_post += w", name=f"weights_{index + 1}")
            copy, post, pre = np.meshgrid(np.arange(n), np.arange(post_size), np.arange(pre_size), indexing="ij")
            synapses.connect(i=(copy * pre_size + pre).ravel(), j=(copy * post_size + post).ravel())
            synapses.w = np.broadcast_to(matrix, (n, post_size, pre_size)).ravel()
            objects += [group, synapses]
            groups.append((group, post_size))
            source, pre_size = group, post_size
        monitors = [SpikeMonitor(group) for group, _ in groups]
        Network(*objects, *monitors).run(lif.t_end * ms)
        backend.execute()
        out = []
        for monitor, (_, size) in zip(monitors, groups, strict=True):
            index = np.asarray(monitor.i)
            out.append((index // size, index % size, np.asarray(monitor.t / ms)))
        return out


def margins(first: np.ndarray) -> np.ndarray:
    """Per sample, the time (ms) between the two earliest first output spikes (``inf`` with fewer than two)."""
    ordered = np.sort(first, 1)
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(ordered[:, 1]), ordered[:, 1] - ordered[:, 0], np.inf)


def compare_with_brian(lif: LIF, weights: list[np.ndarray], times: np.ndarray, labels: np.ndarray, dt: float,
                       device: str = "numpy") -> dict:
    """Decisions, spike counts and first-output-spike times of Brian2 against the exact event simulation; for every
    sample decided differently, the margin between its two earliest output neurons in both simulations."""
    n, n_out = len(times), weights[-1].shape[0]
    started = time.perf_counter()
    brian = run_in_brian(lif, weights, times, dt, device)
    seconds = time.perf_counter() - started
    exact = network_forward(lif, [w[None] for w in weights], input_spikes(times), np.zeros(n, dtype=int))[1:]
    sample, neuron, t = brian[-1]
    first_brian = np.full((n, n_out), np.inf)
    np.minimum.at(first_brian, (sample, neuron), t)
    first_exact = first_spike_times(exact[-1], n, n_out)
    decided_brian = np.where(np.isfinite(first_brian).any(1), np.argmin(first_brian, 1), -1)
    decided_exact = predictions(exact[-1], n, n_out)
    both = np.isfinite(first_brian) & np.isfinite(first_exact)
    error = np.abs(first_brian[both] - first_exact[both])
    differ = np.flatnonzero(decided_brian != decided_exact)
    margin_exact, margin_brian = margins(first_exact)[differ], margins(first_brian)[differ]
    counts_brian = [len(layer[0]) for layer in brian]
    counts_exact = [len(layer) for layer in exact]
    return {"agreement": float(np.mean(decided_brian == decided_exact)), "samples": n, "dt_ms": dt,
            "accuracy_brian2": float(np.mean(decided_brian == labels)),
            "accuracy_exact": float(np.mean(decided_exact == labels)),
            "spikes_brian2": counts_brian, "spikes_exact": counts_exact,
            "first_spike_error_ms_mean": float(error.mean()) if len(error) else None,
            "first_spike_error_ms_max": float(error.max()) if len(error) else None,
            "first_spike_presence_agreement": float(np.mean(np.isfinite(first_brian) == np.isfinite(first_exact))),
            "brian2_seconds": seconds,
            "disagreements": [{"sample": int(b), "margin_exact_ms": _finite(e), "margin_brian2_ms": _finite(m)}
                              for b, e, m in zip(differ, margin_exact, margin_brian, strict=True)]}


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None
