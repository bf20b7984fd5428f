"""The Brian2 TTFS network built from a `brainsnn.ttfs.TTFSNetwork` (thesis Ch. 2, Eqs. 2.2, 2.32-2.35).

One ``NeuronGroup`` per layer: inputs firing at ``t_j = tau_c (1 - x_j)``, hidden integrate-and-fire layers
(ramp + step currents, fire once, forced at ``t_max``; `brainsnn.models.ttfs_neuron`), one max/min-pool group
after each pooled layer, and non-spiking output integrators read at ``t_read = t_max^(M)``. ``tau_c = 1 ms``.

Batch layout: ``batch_size`` samples run at once as independent copies (neuron ``b * N + i``, block-diagonal
synapses), so memory grows as ``batch_size * synapses_per_sample`` (MLP 64-32-32-10: 3 392 synapses per sample;
the digits conv net: about 5 000). Larger sets run in chunks of ``batch_size`` one after another on the same
network: runtime targets restore the stored initial state, standalone reruns the compiled binary with new input
times (``run_args``, no recompilation). Spike times are read back per neuron from the ``t_spk`` variable:
exact (off-grid) in ``exact-event`` mode, grid times in ``clock`` mode.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from brian2 import Network, NeuronGroup, Synapses, defaultclock, ms

from brainsnn.backend import Backend, use_backend
from brainsnn.errors import ConfigError
from brainsnn.models import ttfs_neuron as model
from brainsnn.networks.layer_connectivity import Connections, connections, pool_connections
from brainsnn.ttfs.closed_form import input_spike_times
from brainsnn.ttfs.conversion import TTFSLayer, TTFSNetwork
from brainsnn.ttfs.relu_network import per_channel

TAU_C = 1 * ms
#: Grid step (in tau_c) of the exact-event mode: spike times do not depend on it, only run time does.
DEFAULT_DT = 0.05
DEFAULT_BATCH_SIZE = 256


@dataclass(frozen=True)
class TTFSSimulation:
    """Per hidden layer the spike times before pooling (``spike_times``, ``(n, *layer shape)``) and after
    (``pooled_times``), in units of tau_c, ``inf`` where a neuron stayed silent ("< 1 spike" variant); the
    output potentials ``(n, n_outputs)`` at ``t_read``; the synapses of one sample's copy."""

    spike_times: list[np.ndarray]
    pooled_times: list[np.ndarray]
    potentials: np.ndarray
    synapses_per_sample: int

    def spikes_per_neuron(self) -> np.ndarray:
        """Per hidden layer, the fraction of (neuron, sample) pairs that spiked."""
        return np.array([np.isfinite(times).mean() for times in self.spike_times])


class BrianTTFSNetwork:
    """A `TTFSNetwork` as Brian2 groups for ``batch_size`` samples at once; build inside `use_backend`."""

    def __init__(
        self, network: TTFSNetwork, backend: Backend, *, mode: str = "exact-event", dt: float = DEFAULT_DT,
        sparse: bool = False, batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        check_simulation_options(network, mode, dt, batch_size)
        self.network, self.backend, self.mode, self.sparse, self.batch_size = network, backend, mode, sparse, batch_size
        self.synapses_per_sample = 0
        self._recorded = False
        defaultclock.dt = dt * TAU_C
        self.duration = (network.output.t_read + (model.EXACT_GATE_STEPS + 2) * dt) * TAU_C
        input_shape = network.hidden[0].input_shape
        self.inputs = NeuronGroup(
            batch_size * math.prod(input_shape), model.INPUT_EQUATIONS, threshold=model.INPUT_THRESHOLD,
            reset=model.input_reset(mode), name="inputs",
        )
        objects = [self.inputs]
        previous, previous_shape = self.inputs, input_shape
        self.layers, self.layer_outputs = [], []
        for index, layer in enumerate(network.hidden, start=1):
            group = self._hidden_group(index, layer)
            objects += [group, self._synapses(previous, group, connections(layer.weight, previous_shape,
                                                                           layer.padding), f"synapses_{index}")]
            self.layers.append(group)
            previous, previous_shape = group, layer.threshold.shape
            if layer.pool_size > 1:
                pool, pool_shape = self._pool_group(index, layer)
                objects += [pool, self._pool_synapses(group, pool, layer)]
                previous, previous_shape = pool, pool_shape
            self.layer_outputs.append((previous, previous_shape))
        output = network.output
        self.outputs = NeuronGroup(
            batch_size * output.alpha.size, model.output_equations(mode), method="euler", name="outputs",
            namespace={"t_start": output.t_start * TAU_C, "t_read": output.t_read * TAU_C, "tau_c": TAU_C},
        )
        self.outputs.alpha = np.tile(output.alpha.ravel(), batch_size)
        objects += [self.outputs, self._synapses(previous, self.outputs, connections(output.weight, previous_shape,
                                                                                     output.padding), "synapses_out")]
        self.net = Network(*objects)
        self.net.schedule = model.SCHEDULE
        if not backend.standalone:
            self.net.store("initial")

    def _hidden_group(self, index: int, layer: TTFSLayer) -> NeuronGroup:
        namespace = {
            "alpha": layer.alpha, "t_ramp": layer.t_ramp * TAU_C, "t_min": layer.t_min * TAU_C,
            "t_max": layer.t_max * TAU_C, "sparse": int(self.sparse), "tau_c": TAU_C,
        }
        group = NeuronGroup(
            self.batch_size * layer.threshold.size, model.hidden_equations(self.mode), method="euler",
            threshold=model.hidden_threshold(self.mode, self.sparse), reset=model.hidden_reset(self.mode),
            namespace=namespace, name=f"layer_{index}",
        )
        group.theta = np.tile(layer.threshold.ravel(), self.batch_size)
        weight_sums = np.broadcast_to(per_channel(layer.input_weight_sums(), layer.threshold), layer.threshold.shape)
        group.J_total = np.tile(weight_sums.ravel(), self.batch_size)
        return group

    def _synapses(self, source: NeuronGroup, target: NeuronGroup, wiring: Connections, name: str) -> Synapses:
        wiring = wiring.replicate(self.batch_size, len(source) // self.batch_size, len(target) // self.batch_size)
        if "J_pad" in target.variables:
            target.J_pad = wiring.padding_weight
        synapses = Synapses(source, target, model.SYNAPSE_MODEL, on_pre=model.ON_PRE, name=name)
        synapses.connect(i=wiring.pre, j=wiring.post)
        synapses.J = wiring.weight
        self.synapses_per_sample += len(wiring.pre) // self.batch_size
        return synapses

    def _pool_group(self, index: int, layer: TTFSLayer) -> tuple[NeuronGroup, tuple[int, int, int]]:
        channels, height, width = layer.threshold.shape
        shape = (channels, height // layer.pool_size, width // layer.pool_size)
        pool = NeuronGroup(
            self.batch_size * math.prod(shape), model.POOL_EQUATIONS, threshold=model.POOL_THRESHOLD,
            reset=model.pool_reset(self.mode), name=f"pool_{index}",
        )
        take_latest = np.zeros(channels) if layer.min_pool is None else layer.min_pool.astype(float)
        per_neuron = np.repeat(take_latest, shape[1] * shape[2])
        n_window = layer.pool_size**2
        pool.take_latest = np.tile(per_neuron, self.batch_size)
        pool.K = np.tile(np.where(per_neuron > 0, model.min_pool_step(n_window), model.MAX_POOL_STEP),
                         self.batch_size)
        pool.t_first = 2 * layer.t_max * TAU_C
        return pool, shape

    def _pool_synapses(self, source: NeuronGroup, pool: NeuronGroup, layer: TTFSLayer) -> Synapses:
        wiring = pool_connections(layer.threshold.shape, layer.pool_size)
        wiring = wiring.replicate(self.batch_size, len(source) // self.batch_size, len(pool) // self.batch_size)
        synapses = Synapses(source, pool, on_pre=model.POOL_ON_PRE, name=f"pool_synapses_{source.name}")
        synapses.connect(i=wiring.pre, j=wiring.post)
        self.synapses_per_sample += len(wiring.pre) // self.batch_size
        return synapses

    def run(self, x: np.ndarray) -> TTFSSimulation:
        """Simulate ``x`` ``(n, *input_shape)`` in [0, 1], at most ``batch_size`` samples."""
        n = len(x)
        if not 0 < n <= self.batch_size:
            raise ConfigError(f"a run takes 1 to batch_size={self.batch_size} samples, got {n}")
        times = np.ones((self.batch_size, math.prod(self.network.hidden[0].input_shape)))
        times[:n] = input_spike_times(x).reshape(n, -1)
        if self.backend.standalone and self._recorded:
            self.backend.execute(run_args={self.inputs.t_in: times.ravel() * TAU_C})
        else:
            if not self.backend.standalone:
                self.net.restore("initial")
            self.inputs.t_in = times.ravel() * TAU_C
            self.net.run(self.duration, namespace={})
            self._recorded = True
            self.backend.execute()
        return self._read(n)

    def _read(self, n: int) -> TTFSSimulation:
        spike_times = [self._times(group, layer.threshold.shape, n) for group, layer in
                       zip(self.layers, self.network.hidden, strict=True)]
        pooled = [self._times(group, shape, n) for group, shape in self.layer_outputs]
        output = self.network.output
        if self.mode == "clock":
            potentials = np.array(self.outputs.v[:])  # a copy: the next chunk reuses the state arrays
        else:
            elapsed = output.t_read * np.asarray(self.outputs.I_syn[:]) - np.asarray(self.outputs.SJt[:] / TAU_C)
            potentials = np.asarray(self.outputs.alpha[:]) * (output.t_read - output.t_start) + elapsed
        potentials = potentials.reshape(self.batch_size, *output.alpha.shape)[:n]
        return TTFSSimulation(spike_times, pooled, potentials, self.synapses_per_sample)

    def _times(self, group: NeuronGroup, shape: tuple[int, ...], n: int) -> np.ndarray:
        times = np.where(np.asarray(group.fired[:]), np.asarray(group.t_spk[:] / TAU_C), np.inf)
        return times.reshape(self.batch_size, *shape)[:n]


def check_simulation_options(network: TTFSNetwork, mode: str, dt: float, batch_size: int) -> None:
    """`ConfigError` for an unknown mode, a non-positive batch, or a step too coarse for the shortest window."""
    if mode not in model.MODES:
        raise ConfigError(f"mode must be one of {', '.join(model.MODES)}, got {mode!r}")
    if not (isinstance(batch_size, int) and batch_size >= 1):
        raise ConfigError(f"batch_size must be an integer >= 1, got {batch_size!r}")
    shortest = min(1.0, *(layer.t_max - layer.t_min for layer in network.hidden))
    if not (isinstance(dt, (int, float)) and math.isfinite(dt) and 0 < dt <= shortest / 4):
        raise ConfigError(
            f"dt must be > 0 and at most a quarter of the shortest window ({shortest:.4g} tau_c), got {dt!r}; "
            "lower dt"
        )


def simulate_ttfs(
    network: TTFSNetwork, x: np.ndarray, *, mode: str = "exact-event", dt: float = DEFAULT_DT, sparse: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE, device: str = "numpy", threads: int = 0,
) -> TTFSSimulation:
    """Simulate ``x`` ``(n, *input_shape)`` in [0, 1] on ``device`` in chunks of ``batch_size`` samples."""
    check_simulation_options(network, mode, dt, batch_size)
    input_spike_times(x)  # ConfigError for inputs outside [0, 1]
    batch_size = min(batch_size, len(x))
    with use_backend(device, label="ttfs", threads=threads) as backend:
        brian_network = BrianTTFSNetwork(network, backend, mode=mode, dt=dt, sparse=sparse, batch_size=batch_size)
        chunks = [brian_network.run(x[start : start + batch_size]) for start in range(0, len(x), batch_size)]
    return TTFSSimulation(
        spike_times=[np.concatenate(layer) for layer in zip(*(c.spike_times for c in chunks), strict=True)],
        pooled_times=[np.concatenate(layer) for layer in zip(*(c.pooled_times for c in chunks), strict=True)],
        potentials=np.concatenate([c.potentials for c in chunks]),
        synapses_per_sample=brian_network.synapses_per_sample,
    )
