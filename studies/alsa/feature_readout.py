"""ALSA's image pipeline (Mo et al. 2022, Fig. 7): an unsupervised feature layer, then a supervised ALSA readout.

Latency-coded pixels (one spike per pixel, brighter earlier, none below the encoding threshold) drive a feature
layer of ALSA neurons (Eqs. 1-5) through ALSA synapses (Eqs. 6-7, the paper's input -> feature constants); every
feature neuron inhibits all others (lateral inhibition, so that one neuron wins a sample). Training is layer-wise,
in one stream of samples and one ``run()``:

1. *features*: input -> feature plasticity and the feature thresholds' homeostasis on, no teacher;
2. *readout*: features frozen; feature -> output ALSA synapses learn while the teacher of each sample's class
   drives its output neuron (as in :mod:`brainsnn.networks.alsa_classifier`);
3. *test*: everything frozen, teachers silent.

Feature spike counts of phases 2 and 3 also feed Diehl & Cook's label-vote readout, so both readouts see the
same frozen features.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from brian2 import (
    Hz,
    Network,
    PoissonGroup,
    SpikeGeneratorGroup,
    SpikeMonitor,
    Synapses,
    TimedArray,
    defaultclock,
    ms,
    second,
)

from brainsnn.backend import use_backend
from brainsnn.data.encoders import latency_spikes, rate_timed_array
from brainsnn.errors import ConfigError
from brainsnn.models.alsa import FORGET_PRE_SPIKES, NEVER, AlsaRule, alsa_code
from brainsnn.models.alsa_neuron import alsa_neuron_group
from brainsnn.config import require_positive

#: MNIST, 400 features (Sec. 3.3): input -> features (unsupervised) and features -> output (ALSA).
MNIST_FEATURE_RULE = AlsaRule(eta=0.015, alpha=-0.3, beta=1.3, tau_p_ms=20.0)
MNIST_READOUT_RULE = AlsaRule(eta=0.001, alpha=-0.003, beta=2.0, tau_p_ms=100.0)
PHASES = ("features", "readout", "test")


@dataclass(frozen=True)
class FeatureReadoutSetup:
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
    present_ms: float = 200.0
    rest_ms: float = 50.0
    teacher_rate_hz: float = 20.0
    teacher_weight: float = 10.0
    dt_ms: float = 0.5

    def check(self) -> None:
        if not isinstance(self.n_features, int) or self.n_features < 1:
            raise ConfigError(f"n_features must be a positive integer, got {self.n_features!r}")
        for name in ("feature_initial_weight", "readout_initial_weight"):
            low, high = getattr(self, name)
            if not 0 <= low <= high <= 1:
                raise ConfigError(f"{name} must satisfy 0 <= low <= high <= 1, got {(low, high)}")
        require_positive(vars(self), "teacher_rate_hz", "teacher_weight", "dt_ms")
        require_positive(vars(self), "lateral_inhibition", "rest_ms", allow_zero=True)
        if not 0 < self.latency_max_ms < self.present_ms:
            raise ConfigError("latency_max_ms must lie in (0, present_ms): every pixel spikes during its sample")

    @property
    def slot_ms(self) -> float:
        return self.present_ms + self.rest_ms


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
    values, classes, phases = np.asarray(images, dtype=float), np.asarray(labels), np.asarray(phase)
    if values.ndim != 2 or classes.shape != values.shape[:1] or phases.shape != classes.shape:
        raise ConfigError("need images (slots, pixels) with one label and one phase per slot")
    if np.any(np.diff(phases) < 0) or phases.min() < 0 or phases.max() >= len(PHASES):
        raise ConfigError("phase must be 0 (features), 1 (readout), 2 (test), in non-decreasing order")
    if classes.min() < 0 or classes.max() >= n_classes:
        raise ConfigError(f"labels must lie in 0..{n_classes - 1}")
    n_slots, n_inputs = values.shape
    rng = np.random.default_rng(seed)
    feature_w0 = rng.uniform(*setup.feature_initial_weight, size=n_inputs * setup.n_features)
    readout_w0 = rng.uniform(*setup.readout_initial_weight, size=setup.n_features * n_classes)
    teacher_rates = np.zeros((n_slots, n_classes))
    teacher_rates[np.arange(n_slots), classes] = setup.teacher_rate_hz * (phases == 1)

    with use_backend(device, label="alsa-feature-readout", seed=seed, threads=threads) as backend:
        defaultclock.dt = setup.dt_ms * ms
        slot = setup.slot_ms * ms
        indices, times = latency_spikes(values, setup.latency_max_ms * ms, threshold=setup.latency_threshold,
                                        period=slot)
        inputs = SpikeGeneratorGroup(n_inputs, indices, times, name="pixels")
        schedule = {
            "feature_plastic": TimedArray((phases == 0).astype(float), dt=slot, name="feature_plastic"),
            "readout_plastic": TimedArray((phases == 1).astype(float), dt=slot, name="readout_plastic"),
        }
        schedule["teacher_rates"], _ = rate_timed_array(teacher_rates * Hz, setup.present_ms * ms,
                                                        setup.rest_ms * ms, name="teacher_rates")
        features = alsa_neuron_group(setup.n_features, name="features", **setup.feature_neuron)
        features.run_regularly("learning = feature_plastic(t)", dt=slot, when="start", name="feature_homeostasis")
        outputs = alsa_neuron_group(n_classes, name="outputs", **setup.output_neuron)
        teachers = PoissonGroup(n_classes, rates="teacher_rates(t, i)", name="teachers")
        feature_code = alsa_code(setup.feature_rule, gate="feature_plastic(t)")
        encode = Synapses(inputs, features, feature_code.model, on_pre=feature_code.on_pre,
                          on_post=feature_code.on_post, namespace={**feature_code.namespace, **schedule},
                          name="encode")
        encode.connect()
        readout_code = alsa_code(setup.readout_rule, gate="readout_plastic(t)")
        readout = Synapses(features, outputs, readout_code.model, on_pre=readout_code.on_pre,
                           on_post=readout_code.on_post, namespace={**readout_code.namespace, **schedule},
                           name="readout")
        readout.connect()
        for synapses, start in ((encode, feature_w0), (readout, readout_w0)):
            synapses.w = start
            synapses.last_pre_spike = NEVER
            synapses.run_regularly(FORGET_PRE_SPIKES, dt=slot, when="start", name=f"{synapses.name}_forget")
        inhibit = Synapses(features, features, on_pre="gi_post += lateral_inhibition",
                           namespace={"lateral_inhibition": setup.lateral_inhibition}, name="inhibit")
        inhibit.connect(condition="i != j")
        teach = Synapses(teachers, outputs, on_pre="ge_post += teacher_weight",
                         namespace={"teacher_weight": setup.teacher_weight}, name="teach")
        teach.connect(j="i")
        feature_spikes = SpikeMonitor(features, name="feature_spikes")
        output_spikes = SpikeMonitor(outputs, name="output_spikes")
        net = Network(inputs, features, outputs, teachers, encode, readout, inhibit, teach, feature_spikes,
                      output_spikes)
        net.run(n_slots * slot, namespace=schedule)
        backend.execute()
        spikes = {name: (np.array(m.i[:]), np.array(m.t / second) * 1e3)
                  for name, m in (("features", feature_spikes), ("outputs", output_spikes))}
        feature_w, readout_w = np.zeros((n_inputs, setup.n_features)), np.zeros((setup.n_features, n_classes))
        feature_w[encode.i[:], encode.j[:]] = encode.w[:]
        readout_w[readout.i[:], readout.j[:]] = readout.w[:]
    return FeatureReadoutRun(
        feature_counts=_counts(*spikes["features"], n_slots, setup.n_features, setup),
        output_counts=_counts(*spikes["outputs"], n_slots, n_classes, setup),
        feature_weights=feature_w,
        readout_weights=readout_w,
    )


def _counts(neuron: np.ndarray, times_ms: np.ndarray, n_slots: int, n_neurons: int, setup) -> np.ndarray:
    """Spikes of each neuron during each presentation window."""
    slot = np.floor(times_ms / setup.slot_ms + 1e-9).astype(int)
    shown = (times_ms - slot * setup.slot_ms < setup.present_ms) & (slot < n_slots)
    counts = np.zeros((n_slots, n_neurons))
    np.add.at(counts, (slot[shown], neuron[shown]), 1)
    return counts
