"""The repetition-based source-recovery network: Poisson inputs -> two-compartment outputs with lateral inhibition.

Dellaferrera, Asabuki & Fukai (2022): each stimulus (a flattened spectrogram or image in [0, 1]) drives one Poisson
input per element at ``input_rate_hz`` times its value for ``stimulus_ms``; the whole schedule (warm-up, training,
test) is one 2-D ``TimedArray`` and one ``run()`` per phase. Slot phases: ``WARM_UP`` (running statistics settle,
no plasticity), ``TRAIN`` (Eqs. 3-4 on), ``TEST`` (frozen, raw somatic rate, f recorded every 1 ms step).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Network, StateMonitor, TimedArray, defaultclock, ms

from brainsnn.backend import use_backend
from brainsnn.errors import ConfigError
from brainsnn.models.two_compartment import (
    TwoCompartmentParams,
    dendritic_synapses,
    lateral_inhibition,
    poisson_input_group,
    two_compartment_group,
)

WARM_UP, TRAIN, TEST = 0, 1, 2
DT_MS = 1.0
TEST_RATES = ("standardised", "raw")


@dataclass
class BssRun:
    """Somatic rates of the test slots (slot, step, neuron), final weights (input, output), inhibition, and the
    recorded weights at the end of every ``snapshot_slots`` slot before the test (snapshot, synapse)."""

    rates: np.ndarray
    weights: np.ndarray
    inhibition: np.ndarray
    weight_history: np.ndarray


def run_bss_network(stimuli: np.ndarray, phases: np.ndarray, params: TwoCompartmentParams, *, n_outputs: int,
                    stimulus_ms: float, input_rate_hz: float, device: str = "cython", seed: int = 0,
                    test_rate: str = "standardised", threads: int = 0, connectivity: float = 1.0,
                    snapshot_slots: int = 1, recorded_synapses: int = 1000) -> BssRun:
    """Present ``stimuli[k]`` (values in [0, 1]) in slot ``k`` with phase ``phases[k]``; test slots come last.

    ``test_rate``: ``"raw"`` tests with f = sigmoid(beta0 (u - theta0)) as the reference code does, ``"standardised"``
    with the learning rate function of the running statistics without its noise. ``connectivity``: probability of
    each dendritic synapse. Up to ``recorded_synapses`` weights (evenly spaced) are recorded every
    ``snapshot_slots`` slots until the test (the learning curves of Fig. 3).
    """
    stimuli, phases = np.asarray(stimuli, float), np.asarray(phases, int)
    if stimuli.ndim != 2 or len(stimuli) != len(phases) or not np.all(np.isfinite(stimuli)):
        raise ConfigError("stimuli must be a finite (slots, inputs) array with one phase per slot")
    if stimuli.min() < 0 or stimuli.max() > 1:
        raise ConfigError("stimuli must be normalised to [0, 1] (see brainsnn.data.recovery_tasks.normalise)")
    n_test = int(np.sum(phases == TEST))
    if n_test == 0 or np.any(phases[-n_test:] != TEST):
        raise ConfigError("the schedule must end with its test slots (phase TEST) and have at least one")
    if test_rate not in TEST_RATES:
        raise ConfigError(f"test_rate must be one of {', '.join(TEST_RATES)}, got {test_rate!r}")
    if not float(stimulus_ms / DT_MS).is_integer() or n_outputs < 2:
        raise ConfigError("stimulus_ms must be a whole number of 1 ms steps and n_outputs >= 2")
    if snapshot_slots < 1 or recorded_synapses < 1:
        raise ConfigError("snapshot_slots and recorded_synapses must be >= 1")
    if not 0 < connectivity <= 1:
        raise ConfigError(f"connectivity must lie in (0, 1], got {connectivity}")
    # explicit synapse indices (also for all-to-all), so that standalone mode can check the recorded ones
    mask = np.ones((stimuli.shape[1], n_outputs), bool)
    if connectivity < 1:
        mask = np.random.default_rng([seed, n_outputs]).random(mask.shape) < connectivity
        if not mask.any():
            raise ConfigError(f"connectivity {connectivity} left no dendritic synapse; raise it")
    steps = int(stimulus_ms / DT_MS)
    with use_backend(device, label="dendritic-bss", seed=seed, threads=threads) as backend:
        defaultclock.dt = DT_MS * ms
        stimulus = TimedArray(stimuli * input_rate_hz * Hz, dt=stimulus_ms * ms, name="bss_stimulus")
        phase = TimedArray(phases.astype(float), dt=stimulus_ms * ms, name="bss_phase")
        namespace = {"stimulus": stimulus, "phase": phase}
        plastic, noisy = f"int(phase(t) == {TRAIN})", f"int(phase(t) < {TEST})"
        standardised = noisy if test_rate == "raw" else "1"
        inputs = poisson_input_group(stimuli.shape[1], params, "stimulus(t, i)")
        outputs = two_compartment_group(n_outputs, params, standardised, noisy)
        feed_forward = dendritic_synapses(inputs, outputs, params, plastic, mask)
        feed_forward.w = f"randn() / sqrt({stimuli.shape[1]})"
        lateral = lateral_inhibition(outputs, params, plastic)
        for obj in (inputs, outputs, feed_forward, lateral):
            obj.namespace.update(namespace)
        monitor = StateMonitor(outputs, "f", record=True, name="bss_rates")
        monitor.active = False
        n_synapses = int(mask.sum())
        recorded = np.unique(np.linspace(0, n_synapses - 1, min(recorded_synapses, n_synapses)).astype(int))
        history = StateMonitor(feed_forward, "w", record=recorded, dt=snapshot_slots * stimulus_ms * ms,
                               when="start", name="bss_weight_history")
        net = Network(inputs, outputs, feed_forward, lateral, monitor, history)
        n_before = len(phases) - n_test
        if n_before:
            net.run(n_before * stimulus_ms * ms)
        monitor.active, history.active = True, False
        net.run(n_test * stimulus_ms * ms)
        backend.execute()
        rates = np.asarray(monitor.f[:]).T[: n_test * steps]
        weights = np.zeros((stimuli.shape[1], n_outputs))
        weights[feed_forward.i[:], feed_forward.j[:]] = feed_forward.w[:]
        inhibition = np.zeros((n_outputs, n_outputs))
        inhibition[lateral.i[:], lateral.j[:]] = lateral.G[:]
        weight_history = np.asarray(history.w[:]).T
    return BssRun(rates=rates.reshape(n_test, steps, n_outputs), weights=weights, inhibition=inhibition,
                  weight_history=weight_history)
