"""A Hopfield network of N all-to-all coupled VO2 oscillators (Delacour & Todri-Sanial 2021, Sec. 3.1).

Inputs x_i in [-1, 1] (white pixel +1, black -1, grey in between) set the supply turn-on delays during
initialisation (Eq. 5 and Sec. 3.1.2)::

    Delta t_i = (1 - x_i) / 2 * T_osc / 2

so a black pixel starts half a period late (180 deg). With the ``global`` switch schedule (default) all switches
close at t_on = T_osc / 2 + t_c, when the latest-started oscillators complete their first charge ("initialised
during T_osc / 2"); with ``own`` each oscillator's switch closes when it completes its own first charge
(Delta t_i + t_c), so every pair joins as in the two-oscillator experiments. The network then settles and the
retrieved state is read from the phases relative to oscillator 1 (Eq. 14). Test inputs are simulated
``n_networks`` at a time in one compiled network; a shorter last batch is padded with copies of its last input.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Quantity, ohm, second

from brainsnn.backend import Backend
from brainsnn.errors import ConfigError
from brainsnn.models.vo2_oscillator import VO2Parameters
from brainsnn_studies.vo2_onn.oscillator_batch import BatchLayout, OscillatorBatch

SWITCH_SCHEDULES = ("global", "own")


@dataclass(frozen=True)
class Retrieval:
    """Per input: the retrieved +-1 state (oscillator 1 = +1), the phases (deg), whether any oscillator is
    unconverged or at an intermediate phase, and the locked period of oscillator 1 (s)."""

    states: np.ndarray
    phases_deg: np.ndarray
    flagged: np.ndarray
    locked_period: np.ndarray


def input_delays(inputs, period: Quantity) -> Quantity:
    """Supply turn-on delay of every pixel (Sec. 3.1.2)."""
    inputs = np.asarray(inputs, dtype=float)
    if np.any(np.abs(inputs) > 1):
        raise ConfigError("ONN inputs must lie in [-1, 1]")
    return (1 - inputs) / 2 * float(period / second) / 2 * second


class HopfieldONN:
    """``n_networks`` independent ``n_oscillators``-oscillator ONNs simulated for ``duration`` (build inside
    ``use_backend``)."""

    def __init__(self, backend: Backend, n_networks: int, n_oscillators: int, duration: Quantity,
                 hysteresis: str = "comparator", record=(), switch_schedule: str = "global"):
        if switch_schedule not in SWITCH_SCHEDULES:
            raise ConfigError(f"switch_schedule must be one of {SWITCH_SCHEDULES}, got {switch_schedule!r}")
        self.n_networks, self.n_oscillators, self.switch_schedule = n_networks, n_oscillators, switch_schedule
        self.layout = BatchLayout((n_oscillators,) * n_networks)
        self.batch = OscillatorBatch(backend, self.layout, duration, hysteresis, record=record)

    def retrieve(self, circuit: VO2Parameters, resistances: Quantity, inputs, period: Quantity) -> Retrieval:
        """Run every row of ``inputs`` with coupling matrix ``resistances`` (one N x N matrix for all inputs, or
        one per input); ``period`` is the measured free-running T_osc used for the delays and t_on."""
        inputs = np.atleast_2d(np.asarray(inputs, dtype=float))
        if inputs.shape[1] != self.n_oscillators:
            raise ConfigError(f"inputs need {self.n_oscillators} pixels, got {inputs.shape[1]}")
        matrices = np.asarray(resistances / ohm)
        if matrices.ndim == 2:
            matrices = np.broadcast_to(matrices, (len(inputs),) + matrices.shape)
        if len(matrices) != len(inputs):
            raise ConfigError("need one coupling matrix per input, or a single one")
        states, phases, flagged, periods = [], [], [], []
        for start in range(0, len(inputs), self.n_networks):
            chunk = np.arange(start, min(start + self.n_networks, len(inputs)))
            padded = np.concatenate([chunk, np.full(self.n_networks - len(chunk), chunk[-1])])
            delays = input_delays(inputs[padded], period).ravel()
            first_charge_done = (delays if self.switch_schedule == "own" else period / 2) + circuit.t_first_charge
            run = self.batch.run(circuit, delays, first_charge_done, self.layout.pair_values(matrices[padded]) * ohm)
            readout = run.phases
            shape = (self.n_networks, self.n_oscillators)
            states.append(readout.state.reshape(shape)[: len(chunk)])
            phases.append(readout.phase_deg.reshape(shape)[: len(chunk)])
            bad = ~readout.converged | readout.intermediate
            flagged.append(bad.reshape(shape).any(axis=1)[: len(chunk)])
            periods.append(readout.locked_period.reshape(shape)[: len(chunk), 0])
        return Retrieval(*map(np.concatenate, (states, phases, flagged, periods)))
