"""ALSA's image pipeline (Mo et al. 2022, Fig. 7): an unsupervised feature layer, then a supervised ALSA readout.

Latency-coded pixels (one spike per pixel, brighter earlier, none below the encoding threshold) drive a feature
layer of ALSA neurons (Eqs. 1-5) through ALSA synapses (Eqs. 6-7, the paper's input -> feature constants); every
feature neuron inhibits all others (lateral inhibition, so that one neuron wins a sample). Training is layer-wise,
in one stream of samples and one ``run()``:

1. *features*: input -> feature plasticity and the feature thresholds' homeostasis on, no teacher;
2. *readout*: features frozen; feature -> output ALSA synapses learn while the teacher of each sample's class
   drives its output neuron (as in :mod:`brainsnn_studies.alsa.classifier`);
3. *test*: everything frozen, teachers silent.

Feature spike counts of phases 2 and 3 also feed Diehl & Cook's label-vote readout, so both readouts see the
same frozen features.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from brian2 import Network, SpikeGeneratorGroup, SpikeMonitor, Synapses, TimedArray, defaultclock, ms, second

from brainsnn.backend import Backend, use_backend
from brainsnn.config import require_positive
from brainsnn.data.encoders import latency_spikes
from brainsnn.errors import ConfigError
from brainsnn.models.alsa import AlsaRule
from brainsnn.models.alsa_neuron import alsa_neuron_group
from brainsnn.progress import brian_report
from brainsnn_studies.alsa.layers import alsa_synapses, check_weight_range, teacher_neurons
from brainsnn_studies.alsa.paper_numbers import MNIST_FEATURE_CONSTANTS, MNIST_READOUT_CONSTANTS
from brainsnn_studies.alsa.schedule import PresentationSchedule

#: MNIST, 400 features (Sec. 3.3): input -> features (unsupervised) and features -> output (ALSA).
MNIST_FEATURE_RULE = AlsaRule(**MNIST_FEATURE_CONSTANTS)
MNIST_READOUT_RULE = AlsaRule(**MNIST_READOUT_CONSTANTS)
PHASES = ("features", "readout", "test")


@dataclass(frozen=True, kw_only=True)
class FeatureReadoutSetup(PresentationSchedule):
    """Architecture and protocol (the paper's MNIST values where printed; inhibition and neuron constants ours)."""

    n_features: int = 100
    feature_rule: AlsaRule = MNIST_FEATURE_RULE
    readout_rule: AlsaRule = MNIST_READOUT_RULE
    feature_initial_weight: tuple[float, float] = (0.01, 0.11)
    readout_initial_weight: tuple[float, float] = (0.1, 0.2)
    lateral_inhibition: float = 10.0
    feature_neuron: Mapping = field(default_factory=dict)
    output_neuron: Mapping = field(default_factory=dict)
    latency_max_ms: float = 100.0
    latency_threshold: float = 0.3

    def check(self) -> None:
        if not isinstance(self.n_features, int) or self.n_features < 1:
            raise ConfigError(f"n_features must be a positive integer, got {self.n_features!r}")
        check_weight_range("feature_initial_weight", self.feature_initial_weight)
        check_weight_range("readout_initial_weight", self.readout_initial_weight)
        super().check()
        require_positive(vars(self), "lateral_inhibition", allow_zero=True)
        if not 0 < self.latency_max_ms < self.present_ms:
            raise ConfigError("latency_max_ms must lie in (0, present_ms): every pixel spikes during its sample")


@dataclass
class FeatureReadoutRun:
    """Activity per slot of the stream (features phase, readout phase, test phase) and learned weights."""

    feature_counts: np.ndarray  # (n_slots, n_features)
    output_counts: np.ndarray  # (n_slots, n_classes)
    feature_weights: np.ndarray  # (n_inputs, n_features)
    readout_weights: np.ndarray  # (n_features, n_classes)


def run_feature_readout(
    images: np.ndarray,
    labels: np.ndarray,
    phase: np.ndarray,
    n_classes: int,
    setup: FeatureReadoutSetup,
    *,
    device: str = "cpp_standalone",
    seed: int = 0,
    threads: int = 0,
) -> FeatureReadoutRun:
    """Present ``images`` (``(n_slots, n_pixels)`` in [0, 1]) in order; ``phase[k]`` (0, 1, 2 = PHASES) says what
    slot ``k`` does. Phases must come in order (all feature training first, then readout, then test)."""
    setup.check()
    values, phases = np.asarray(images, dtype=float), np.asarray(phase)
    if values.ndim != 2 or np.shape(labels) != values.shape[:1] or phases.shape != values.shape[:1]:
        raise ConfigError("need images (slots, pixels) with one label and one phase per slot")
    if np.any(np.diff(phases) < 0) or phases.min() < 0 or phases.max() >= len(PHASES):
        raise ConfigError("phase must be 0 (features), 1 (readout), 2 (test), in non-decreasing order")
    teacher_rates = setup.teacher_rates_hz(labels, phases == 1, n_classes)
    n_slots, n_inputs = values.shape
    rng = np.random.default_rng(seed)
    initial = (rng.uniform(*setup.feature_initial_weight, size=n_inputs * setup.n_features),
               rng.uniform(*setup.readout_initial_weight, size=setup.n_features * n_classes))
    with use_backend(device, label="alsa-feature-readout", seed=seed, threads=threads) as backend:
        spikes, weights = _simulate(values, phases, teacher_rates, initial, setup, backend)
    return FeatureReadoutRun(
        feature_counts=setup.window_activity(*spikes["features"], n_slots, setup.n_features)[0],
        output_counts=setup.window_activity(*spikes["outputs"], n_slots, n_classes)[0],
        feature_weights=weights["encode"],
        readout_weights=weights["readout"],
    )


def _simulate(values, phases, teacher_rates, initial, setup: FeatureReadoutSetup, backend: Backend):
    """Build and run the pipeline on the active backend; spikes ``(neuron, time in ms)`` of features and outputs,
    and the final weights as ``(pre, post)`` matrices of the ``encode`` and ``readout`` synapses."""
    (n_slots, n_inputs), n_classes = values.shape, teacher_rates.shape[1]
    defaultclock.dt = setup.dt_ms * ms
    slot = setup.slot_ms * ms
    indices, times = latency_spikes(values, setup.latency_max_ms * ms, threshold=setup.latency_threshold, period=slot)
    inputs = SpikeGeneratorGroup(n_inputs, indices, times, name="pixels")
    gates = {name: TimedArray((phases == k).astype(float), dt=slot, name=name)
             for k, name in enumerate(("feature_plastic", "readout_plastic"))}
    features = alsa_neuron_group(setup.n_features, name="features", **setup.feature_neuron)
    features.run_regularly("learning = feature_plastic(t)", dt=slot, when="start", name="feature_homeostasis")
    outputs = alsa_neuron_group(n_classes, name="outputs", **setup.output_neuron)
    teachers, teach, teaching = teacher_neurons(outputs, teacher_rates, setup)
    encode = alsa_synapses(inputs, features, setup.feature_rule, gates["feature_plastic"], initial[0],
                           name="encode", slot=slot)
    readout = alsa_synapses(features, outputs, setup.readout_rule, gates["readout_plastic"], initial[1],
                            name="readout", slot=slot)
    inhibit = Synapses(features, features, on_pre="gi_post += lateral_inhibition",
                       namespace={"lateral_inhibition": setup.lateral_inhibition}, name="inhibit")
    inhibit.connect(condition="i != j")
    monitors = {"features": SpikeMonitor(features, name="feature_spikes"),
                "outputs": SpikeMonitor(outputs, name="output_spikes")}
    net = Network(inputs, features, outputs, teachers, encode, readout, inhibit, teach, *monitors.values())
    net.run(n_slots * slot, namespace={**gates, "teacher_rates": teaching}, report=brian_report())
    backend.execute()
    spikes = {name: (np.array(m.i[:]), np.array(m.t / second) * 1e3) for name, m in monitors.items()}
    weights = {}
    for synapses, shape in ((encode, (n_inputs, setup.n_features)), (readout, (setup.n_features, n_classes))):
        weights[synapses.name] = np.zeros(shape)
        weights[synapses.name][synapses.i[:], synapses.j[:]] = synapses.w[:]
    return spikes, weights
