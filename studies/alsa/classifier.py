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

from brainsnn.backend import Backend, use_backend
from brainsnn.config import require_positive
from brainsnn.data.encoders import rate_timed_array
from brainsnn.errors import ConfigError
from brainsnn.models.alsa import AlsaRule
from brainsnn.models.alsa_neuron import alsa_neuron_group
from brainsnn.progress import brian_report
from brainsnn_studies.alsa.layers import alsa_synapses, check_weight_range, teacher_neurons
from brainsnn_studies.alsa.schedule import PresentationSchedule

#: Input spike trains at the encoded rates: Poisson, or regular (first spike half an interval after onset).
INPUT_TRAINS = ("poisson", "regular")


@dataclass(frozen=True, kw_only=True)
class TeacherProtocol(PresentationSchedule):
    """The schedule, initial weights, input trains and output neurons of the layer (IRIS values of the paper;
    teacher weight, output lateral inhibition and neuron constants ours)."""

    initial_weight_range: tuple[float, float] = (0.2, 0.3)
    forget_pre_each_sample: bool = True
    input_trains: str = "poisson"
    lateral_inhibition: float = 0.0
    neuron: Mapping = field(default_factory=dict)

    def check(self) -> None:
        check_weight_range("initial_weight_range", self.initial_weight_range)
        super().check()
        require_positive(vars(self), "lateral_inhibition", allow_zero=True)
        if self.input_trains not in INPUT_TRAINS:
            raise ConfigError(f"input_trains must be one of {', '.join(INPUT_TRAINS)}, got {self.input_trains!r}")


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
    rates, classes, gate = _checked_stream(input_rates_hz, labels, supervised)
    n_copies, n_slots, n_inputs = rates.shape
    rng = np.random.default_rng(seed)
    teacher_rates = protocol.teacher_rates_hz(classes, gate[np.newaxis, :], n_classes)
    pre_index, post_index = _block_connections(n_copies, n_inputs, n_classes)
    initial = rng.uniform(*protocol.initial_weight_range, size=pre_index.size)

    with use_backend(device, label="alsa-classifier", seed=seed, threads=threads) as backend:
        neuron, times_ms, final = _simulate(rates, teacher_rates, gate, (pre_index, post_index), initial, rule,
                                            protocol, backend)
    by_neuron = protocol.window_activity(neuron, times_ms, n_slots, n_copies * n_classes)
    counts, first = (values.reshape(n_slots, n_copies, n_classes).transpose(1, 0, 2) for values in by_neuron)
    weights = np.zeros((2, n_copies, n_inputs, n_classes))
    weights[:, pre_index // n_inputs, pre_index % n_inputs, post_index % n_classes] = initial, final
    return ClassifierRun(counts=counts, first_spike_ms=first, initial_weights=weights[0], final_weights=weights[1])


def _simulate(rates, teacher_rates, gate, connections, initial, rule: AlsaRule, protocol: TeacherProtocol,
              backend: Backend) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Build and run the copies on the active backend; output spikes (neuron, time in ms) and the final weights."""
    (n_copies, n_slots, n_inputs), n_classes = rates.shape, teacher_rates.shape[-1]
    defaultclock.dt = protocol.dt_ms * ms
    slot = protocol.slot_ms * ms
    stimulus, _ = rate_timed_array(_by_slot(rates) * Hz, protocol.present_ms * ms, protocol.rest_ms * ms,
                                   name="input_rates")
    inputs = _input_group(n_copies * n_inputs, protocol.input_trains, slot)
    outputs = alsa_neuron_group(n_copies * n_classes, name="outputs", **protocol.neuron)
    teachers, teach, teaching = teacher_neurons(outputs, _by_slot(teacher_rates), protocol)
    synapses = alsa_synapses(inputs, outputs, rule, TimedArray(gate.astype(float), dt=slot, name="plastic"), initial,
                             name="alsa", slot=slot, forget_pre=protocol.forget_pre_each_sample,
                             i=connections[0], j=connections[1])
    spikes = SpikeMonitor(outputs, name="output_spikes")
    net = Network(inputs, teachers, outputs, synapses, teach, spikes)
    if protocol.lateral_inhibition > 0:
        net.add(_lateral_inhibition(outputs, n_classes, protocol.lateral_inhibition))
    net.run(n_slots * slot, namespace={"input_rates": stimulus, "teacher_rates": teaching}, report=brian_report())
    backend.execute()
    return np.array(spikes.i[:]), np.array(spikes.t / second) * 1e3, np.array(synapses.w[:])


def _checked_stream(input_rates_hz, labels, supervised) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The stream as arrays of matching shapes, with finite, non-negative rates."""
    rates = np.asarray(input_rates_hz, dtype=float)
    classes = np.asarray(labels)
    gate = np.asarray(supervised, dtype=bool)
    if rates.ndim != 3 or classes.shape != rates.shape[:2] or gate.shape != rates.shape[1:2]:
        raise ConfigError("need input_rates (copies, slots, inputs), labels (copies, slots), supervised (slots,)")
    if not np.all(np.isfinite(rates)) or rates.min() < 0:
        raise ConfigError("input rates must be finite and non-negative")
    return rates, classes, gate


def _input_group(n: int, trains: str, slot):
    """Inputs firing at ``input_rates(t, i)``: Poisson, or regular with the phase restarted at each sample onset."""
    if trains == "poisson":
        return PoissonGroup(n, rates="input_rates(t, i)", name="inputs")
    group = NeuronGroup(n, "dphase/dt = input_rates(t, i) : 1", threshold="phase >= 1", reset="phase -= 1",
                        method="euler", name="inputs")
    group.phase = 0.5
    group.run_regularly("phase = 0.5", dt=slot, when="start", name="restart_phase")
    return group


def _lateral_inhibition(outputs: NeuronGroup, n_classes: int, strength: float) -> Synapses:
    """Every output inhibits the other outputs of its own copy (``g_I += strength``)."""
    inhibit = Synapses(outputs, outputs, on_pre="gi_post += lateral_inhibition",
                       namespace={"lateral_inhibition": strength}, name="inhibit")
    inhibit.connect(condition=f"i != j and int(i / {n_classes}) == int(j / {n_classes})")
    return inhibit


def _by_slot(values: np.ndarray) -> np.ndarray:
    """(copies, slots, units) -> (slots, copies * units), unit ``c * units + u`` of copy ``c``."""
    return values.transpose(1, 0, 2).reshape(values.shape[1], -1)


def _block_connections(n_copies: int, n_inputs: int, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """All-to-all input -> output synapses within each copy."""
    copy, pre, post = np.meshgrid(np.arange(n_copies), np.arange(n_inputs), np.arange(n_classes), indexing="ij")
    return (copy * n_inputs + pre).ravel(), (copy * n_classes + post).ravel()
