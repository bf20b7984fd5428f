"""ALSA's supervised layer: rate-coded inputs -> output neurons driven by one-to-one teacher neurons (Mo et al. 2022).

Steps 1-5 of Sec. 2.3 (Fig. 5 for IRIS): inputs fire Poisson trains at their sample's rates for ``present`` and
are silent for ``rest``; while a *supervised* sample is shown, the teacher neuron of its class fires a Poisson train
at ``teacher_rate_hz`` and, through a strong fixed synapse, makes its output neuron fire, so the ALSA rule
(Eqs. 6-7, gated on during supervised samples only) potentiates active inputs onto that output and depresses
silent ones. Unsupervised samples (teacher silent, plasticity off) are the test presentations.

Several independent copies of the layer (e.g. the folds and seeds of a cross-validation) run side by side in one
network, each with its own inputs, outputs, teachers and block of synapses, and all on one schedule: one
``run()`` (and in standalone mode one compilation) covers every epoch, test pass and copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from brian2 import Hz, Network, NeuronGroup, PoissonGroup, SpikeMonitor, Synapses, TimedArray, defaultclock, ms, second

from brainsnn.backend import use_backend
from brainsnn.data.encoders import rate_timed_array
from brainsnn.errors import ConfigError
from brainsnn.models.alsa import FORGET_PRE_SPIKES, NEVER, AlsaRule, alsa_code
from brainsnn.models.alsa_neuron import alsa_neuron_group
from brainsnn.config import require_positive

#: Input spike trains at the encoded rates: Poisson, or regular (first spike half an interval after onset).
INPUT_TRAINS = ("poisson", "regular")


@dataclass(frozen=True)
class TeacherProtocol:
    """Presentation, teacher and initial-weight constants (IRIS values of the paper; teacher weight ours)."""

    present_ms: float = 200.0
    rest_ms: float = 50.0
    teacher_rate_hz: float = 20.0
    teacher_weight: float = 10.0
    initial_weight_range: tuple[float, float] = (0.2, 0.3)
    forget_pre_each_sample: bool = True
    input_trains: str = "poisson"
    lateral_inhibition: float = 0.0
    dt_ms: float = 0.5
    neuron: Mapping = field(default_factory=dict)

    def check(self) -> None:
        low, high = self.initial_weight_range
        if not 0 <= low <= high <= 1:
            raise ConfigError(f"initial_weight_range must satisfy 0 <= low <= high <= 1, got {(low, high)}")
        require_positive(vars(self), "present_ms", "teacher_rate_hz", "teacher_weight", "dt_ms")
        require_positive(vars(self), "lateral_inhibition", "rest_ms", allow_zero=True)
        if self.input_trains not in INPUT_TRAINS:
            raise ConfigError(f"input_trains must be one of {', '.join(INPUT_TRAINS)}, got {self.input_trains!r}")

    @property
    def slot_ms(self) -> float:
        return self.present_ms + self.rest_ms


@dataclass
class ClassifierRun:
    """Output activity per copy and slot, and the learned weights."""

    counts: np.ndarray  # (n_copies, n_slots, n_classes) output spikes during each presentation
    first_spike_ms: np.ndarray  # (n_copies, n_slots, n_classes) latency of the first spike (inf: none)
    initial_weights: np.ndarray  # (n_copies, n_inputs, n_classes)
    final_weights: np.ndarray


def run_alsa_classifiers(
    input_rates_hz: np.ndarray,
    labels: np.ndarray,
    supervised: np.ndarray,
    n_classes: int,
    rule: AlsaRule,
    protocol: TeacherProtocol,
    *,
    device: str = "numpy",
    seed: int = 0,
    threads: int = 0,
) -> ClassifierRun:
    """Present a stream of samples to ``n_copies`` independent ALSA layers.

    Parameters
    ----------
    input_rates_hz
        ``(n_copies, n_slots, n_inputs)`` rate of each input while each slot's sample is shown.
    labels
        ``(n_copies, n_slots)`` class of each slot's sample (drives the teacher on supervised slots).
    supervised
        ``(n_slots,)`` booleans: teacher on and plasticity on (training) or both off (testing).
    """
    protocol.check()
    rates = np.asarray(input_rates_hz, dtype=float)
    classes = np.asarray(labels)
    gate = np.asarray(supervised, dtype=bool)
    if rates.ndim != 3 or classes.shape != rates.shape[:2] or gate.shape != rates.shape[1:2]:
        raise ConfigError("need input_rates (copies, slots, inputs), labels (copies, slots), supervised (slots,)")
    if not np.all(np.isfinite(rates)) or rates.min() < 0:
        raise ConfigError("input rates must be finite and non-negative")
    if classes.min() < 0 or classes.max() >= n_classes:
        raise ConfigError(f"labels must lie in 0..{n_classes - 1}")
    n_copies, n_slots, n_inputs = rates.shape
    rng = np.random.default_rng(seed)
    teacher_rates = np.zeros((n_copies, n_slots, n_classes))
    copy_index, slot_index = np.meshgrid(np.arange(n_copies), np.arange(n_slots), indexing="ij")
    teacher_rates[copy_index, slot_index, classes] = protocol.teacher_rate_hz * gate[np.newaxis, :]
    pre_index, post_index = _block_connections(n_copies, n_inputs, n_classes)
    initial = rng.uniform(*protocol.initial_weight_range, size=pre_index.size)

    with use_backend(device, label="alsa-classifier", seed=seed, threads=threads) as backend:
        defaultclock.dt = protocol.dt_ms * ms
        present, rest = protocol.present_ms * ms, protocol.rest_ms * ms
        stimulus, slot = rate_timed_array(_by_slot(rates) * Hz, present, rest, name="input_rates")
        teaching, _ = rate_timed_array(_by_slot(teacher_rates) * Hz, present, rest, name="teacher_rates")
        plastic = TimedArray(gate.astype(float), dt=slot, name="plastic")
        inputs = _input_group(n_copies * n_inputs, protocol.input_trains, slot)
        teachers = PoissonGroup(n_copies * n_classes, rates="teacher_rates(t, i)", name="teachers")
        outputs = alsa_neuron_group(n_copies * n_classes, name="outputs", **protocol.neuron)
        code = alsa_code(rule, gate="plastic(t)")
        synapses = Synapses(inputs, outputs, code.model, on_pre=code.on_pre, on_post=code.on_post,
                            namespace={**code.namespace, "plastic": plastic}, name="alsa")
        synapses.connect(i=pre_index, j=post_index)
        synapses.w = initial
        synapses.last_pre_spike = NEVER
        if protocol.forget_pre_each_sample:
            synapses.run_regularly(FORGET_PRE_SPIKES, dt=slot, when="start", name="forget_pre")
        teach = Synapses(teachers, outputs, on_pre="ge_post += teacher_weight",
                         namespace={"teacher_weight": protocol.teacher_weight}, name="teach")
        teach.connect(j="i")
        spikes = SpikeMonitor(outputs, name="output_spikes")
        net = Network(inputs, teachers, outputs, synapses, teach, spikes)
        if protocol.lateral_inhibition > 0:
            inhibit = Synapses(outputs, outputs, on_pre="gi_post += lateral_inhibition",
                               namespace={"lateral_inhibition": protocol.lateral_inhibition}, name="inhibit")
            inhibit.connect(condition=f"i != j and int(i / {n_classes}) == int(j / {n_classes})")
            net.add(inhibit)
        net.run(n_slots * slot, namespace={"input_rates": stimulus, "teacher_rates": teaching})
        backend.execute()
        neuron, times = np.array(spikes.i[:]), np.array(spikes.t / second)
        final = np.array(synapses.w[:])
    counts, first = _activity(neuron, times * 1e3, n_copies, n_slots, n_classes, protocol)
    weights = np.zeros((2, n_copies, n_inputs, n_classes))
    weights[:, pre_index // n_inputs, pre_index % n_inputs, post_index % n_classes] = initial, final
    return ClassifierRun(counts=counts, first_spike_ms=first, initial_weights=weights[0], final_weights=weights[1])


def _input_group(n: int, trains: str, slot):
    """Inputs firing at ``input_rates(t, i)``: Poisson, or regular with the phase restarted at each sample onset."""
    if trains == "poisson":
        return PoissonGroup(n, rates="input_rates(t, i)", name="inputs")
    group = NeuronGroup(n, "dphase/dt = input_rates(t, i) : 1", threshold="phase >= 1", reset="phase -= 1",
                        method="euler", name="inputs")
    group.phase = 0.5
    group.run_regularly("phase = 0.5", dt=slot, when="start", name="restart_phase")
    return group


def _by_slot(values: np.ndarray) -> np.ndarray:
    """(copies, slots, units) -> (slots, copies * units), unit ``c * units + u`` of copy ``c``."""
    return values.transpose(1, 0, 2).reshape(values.shape[1], -1)


def _block_connections(n_copies: int, n_inputs: int, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """All-to-all input -> output synapses within each copy."""
    copy, pre, post = np.meshgrid(np.arange(n_copies), np.arange(n_inputs), np.arange(n_classes), indexing="ij")
    return (copy * n_inputs + pre).ravel(), (copy * n_classes + post).ravel()


def _activity(neuron, times_ms, n_copies, n_slots, n_classes, protocol: TeacherProtocol):
    """Spike counts and first-spike latencies of every output within each presentation window."""
    slot = np.floor(times_ms / protocol.slot_ms + 1e-9).astype(int)
    latency = times_ms - slot * protocol.slot_ms
    shown = (latency < protocol.present_ms) & (slot < n_slots)
    copy, output = neuron[shown] // n_classes, neuron[shown] % n_classes
    counts = np.zeros((n_copies, n_slots, n_classes))
    np.add.at(counts, (copy, slot[shown], output), 1)
    first = np.full((n_copies, n_slots, n_classes), np.inf)
    np.minimum.at(first, (copy, slot[shown], output), latency[shown])
    return counts, first
