"""Brian2 building blocks of both ALSA networks: a block of ALSA synapses and one-to-one teacher neurons.

ALSA synapses follow Eqs. 6-7 of Mo et al. (2022), ``dw = eta (alpha + beta exp(-ISI / tau_p)) w (1 - w)`` on
each post spike, gated by a per-slot ``TimedArray`` that is 1 while the block learns and 0 while it is frozen.
Teachers (Sec. 2.3, step 2) are Poisson neurons, one per output, each exciting its output through a fixed synapse.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from brian2 import Hz, NeuronGroup, PoissonGroup, Synapses, TimedArray, ms

from brainsnn.data.encoders import rate_timed_array
from brainsnn.errors import ConfigError
from brainsnn.models.alsa import FORGET_PRE_SPIKES, NEVER, AlsaRule, alsa_code
from brainsnn_studies.alsa.schedule import PresentationSchedule


def check_weight_range(name: str, weight_range: tuple[float, float]) -> None:
    """Raise :class:`ConfigError` unless ``weight_range`` is ``(low, high)`` with 0 <= low <= high <= 1."""
    low, high = weight_range
    if not 0 <= low <= high <= 1:
        raise ConfigError(f"{name} must satisfy 0 <= low <= high <= 1, got {(low, high)}")


def alsa_synapses(
    source: NeuronGroup, target: NeuronGroup, rule: AlsaRule, gate: TimedArray, initial: np.ndarray, *,
    name: str, slot, forget_pre: bool = True, **connect: Any,
) -> Synapses:
    """ALSA synapses from ``source`` to ``target`` (``connect``: Brian2's ``connect`` arguments, default all to
    all), plastic while ``gate(t)`` is 1, starting from the weights ``initial`` with no pre spike seen.

    With ``forget_pre`` the most recent pre spike is forgotten at each slot onset, so that a pre neuron silent in
    this sample gives the heterosynaptic depression ``eta alpha w (1 - w)`` instead of pairing with a spike of an
    earlier sample.
    """
    code = alsa_code(rule, gate=f"{gate.name}(t)")
    synapses = Synapses(source, target, code.model, on_pre=code.on_pre, on_post=code.on_post,
                        namespace={**code.namespace, gate.name: gate}, name=name)
    synapses.connect(**connect)
    synapses.w = initial
    synapses.last_pre_spike = NEVER
    if forget_pre:
        synapses.run_regularly(FORGET_PRE_SPIKES, dt=slot, when="start", name=f"{name}_forget")
    return synapses


def teacher_neurons(
    outputs: NeuronGroup, rates_hz: np.ndarray, schedule: PresentationSchedule
) -> tuple[PoissonGroup, Synapses, TimedArray]:
    """One Poisson teacher per output neuron, firing at ``rates_hz[k]`` (``(n_slots, n_outputs)``) during slot
    ``k``'s presentation and exciting its output by ``teacher_weight``; returns the teachers, their synapses and
    the ``teacher_rates`` TimedArray, which the network's ``run`` namespace must hold."""
    rates, _ = rate_timed_array(rates_hz * Hz, schedule.present_ms * ms, schedule.rest_ms * ms, name="teacher_rates")
    teachers = PoissonGroup(len(outputs), rates="teacher_rates(t, i)", name="teachers")
    teach = Synapses(teachers, outputs, on_pre="ge_post += teacher_weight",
                     namespace={"teacher_weight": schedule.teacher_weight}, name="teach")
    teach.connect(j="i")
    return teachers, teach, rates
