"""The repetition-based source-recovery network: Poisson inputs -> two-compartment outputs with lateral inhibition.

Dellaferrera, Asabuki & Fukai (2022): each stimulus (a flattened spectrogram or image in [0, 1]) drives one Poisson
input per element at ``input_rate_hz`` times its value for ``stimulus_ms``; the whole schedule (warm-up, training,
test) is one 2-D ``TimedArray`` and one ``run()`` per phase. Slot phases (:mod:`.phases`): ``WARM_UP`` (running
statistics settle, no plasticity), ``TRAIN`` (Eqs. 3-4 on), ``TEST`` (frozen, somatic rate f recorded every 1 ms step).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Network, StateMonitor, Synapses, TimedArray, defaultclock, ms

from brainsnn.backend import use_backend
from brainsnn.errors import ConfigError
from brainsnn.models.two_compartment import (
    TwoCompartmentParams,
    dendritic_synapses,
    lateral_inhibition,
    poisson_input_group,
    two_compartment_group,
)
from brainsnn_studies.dendritic_bss.phases import TEST, TEST_RATES, TRAIN

DT_MS = 1.0


@dataclass
class BssRun:
    """Somatic rates of the test slots (slot, step, neuron), final weights (input, output), inhibition, and the
    recorded weights at the end of every ``snapshot_slots`` slot before the test (snapshot, synapse)."""

    rates: np.ndarray
    weights: np.ndarray
    inhibition: np.ndarray
    weight_history: np.ndarray


def _check_schedule(stimuli: np.ndarray, phases: np.ndarray, *, n_outputs: int, stimulus_ms: float, test_rate: str,
                    snapshot_slots: int, recorded_synapses: int) -> int:
    """Raise :class:`ConfigError` for a schedule the network cannot run; return the number of test slots."""
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
    return n_test


def dendritic_mask(n_inputs: int, n_outputs: int, connectivity: float, seed: int) -> np.ndarray:
    """Present dendritic synapses (input, output): all of them, or each with probability ``connectivity`` (the
    paper's "only 30 % of the total connections"), drawn from ``seed``. Explicit indices also for all-to-all, so
    that standalone mode can check the recorded synapses."""
    if not 0 < connectivity <= 1:
        raise ConfigError(f"connectivity must lie in (0, 1], got {connectivity}")
    mask = np.ones((n_inputs, n_outputs), bool)
    if connectivity < 1:
        mask = np.random.default_rng([seed, n_outputs]).random(mask.shape) < connectivity
        if not mask.any():
            raise ConfigError(f"connectivity {connectivity} left no dendritic synapse; raise it")
    return mask


def _recorded(feed_forward: Synapses, n_synapses: int, recorded_synapses: int, every_ms: float) -> StateMonitor:
    """A monitor of up to ``recorded_synapses`` evenly spaced weights, sampled every ``every_ms``."""
    recorded = np.unique(np.linspace(0, n_synapses - 1, min(recorded_synapses, n_synapses)).astype(int))
    return StateMonitor(feed_forward, "w", record=recorded, dt=every_ms * ms, when="start",
                        name="bss_weight_history")


def run_bss_network(stimuli: np.ndarray, phases: np.ndarray, params: TwoCompartmentParams, *, n_outputs: int,
                    stimulus_ms: float, input_rate_hz: float, device: str = "cython", seed: int = 0,
                    test_rate: str = "standardised", threads: int = 0, connectivity: float = 1.0,
                    snapshot_slots: int = 1, recorded_synapses: int = 1000) -> BssRun:
    """Present ``stimuli[k]`` (values in [0, 1]) in slot ``k`` with phase ``phases[k]``; test slots come last.

    ``test_rate``: one of :data:`~.phases.TEST_RATES`. ``connectivity``: probability of each dendritic synapse
    (:func:`dendritic_mask`). Up to ``recorded_synapses`` weights (evenly spaced) are recorded every
    ``snapshot_slots`` slots until the test (the learning curves of Fig. 3).
    """
    stimuli, phases = np.asarray(stimuli, float), np.asarray(phases, int)
    n_test = _check_schedule(stimuli, phases, n_outputs=n_outputs, stimulus_ms=stimulus_ms, test_rate=test_rate,
                             snapshot_slots=snapshot_slots, recorded_synapses=recorded_synapses)
    mask = dendritic_mask(stimuli.shape[1], n_outputs, connectivity, seed)
    steps = int(stimulus_ms / DT_MS)
    with use_backend(device, label="dendritic-bss", seed=seed, threads=threads) as backend:
        defaultclock.dt = DT_MS * ms
        namespace = {"stimulus": TimedArray(stimuli * input_rate_hz * Hz, dt=stimulus_ms * ms, name="bss_stimulus"),
                     "phase": TimedArray(phases.astype(float), dt=stimulus_ms * ms, name="bss_phase")}
        plastic, noisy = f"int(phase(t) == {TRAIN})", f"int(phase(t) < {TEST})"
        inputs = poisson_input_group(stimuli.shape[1], params, "stimulus(t, i)")
        outputs = two_compartment_group(n_outputs, params, noisy if test_rate == "raw" else "1", noisy)
        feed_forward = dendritic_synapses(inputs, outputs, params, plastic, mask)
        feed_forward.w = f"randn() / sqrt({stimuli.shape[1]})"
        lateral = lateral_inhibition(outputs, params, plastic)
        for obj in (inputs, outputs, feed_forward, lateral):
            obj.namespace.update(namespace)
        monitor = StateMonitor(outputs, "f", record=True, name="bss_rates")
        monitor.active = False
        history = _recorded(feed_forward, int(mask.sum()), recorded_synapses, snapshot_slots * stimulus_ms)
        net = Network(inputs, outputs, feed_forward, lateral, monitor, history)
        if len(phases) > n_test:
            net.run((len(phases) - n_test) * stimulus_ms * ms)
        monitor.active, history.active = True, False
        net.run(n_test * stimulus_ms * ms)
        backend.execute()
        weights = np.zeros((stimuli.shape[1], n_outputs))
        weights[feed_forward.i[:], feed_forward.j[:]] = feed_forward.w[:]
        inhibition = np.zeros((n_outputs, n_outputs))
        inhibition[lateral.i[:], lateral.j[:]] = lateral.G[:]
        return BssRun(rates=np.asarray(monitor.f[:]).T[: n_test * steps].reshape(n_test, steps, n_outputs),
                      weights=weights, inhibition=inhibition, weight_history=np.asarray(history.w[:]).T)
