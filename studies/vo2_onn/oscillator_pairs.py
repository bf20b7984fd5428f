"""Batched two-oscillator experiments and the simulated transition function (Delacour & Todri-Sanial 2021,
Secs. 2.1.4-2.1.8, Figs. 2-5, 7, 8).

Pair p is oscillator 1 (supply on at t = 0, the phase reference) and oscillator 2 (supply on ``delay[p]`` later),
joined by ``resistance[p]`` (``inf``: two free-running oscillators). With switches, both close when oscillator 2
completes its first charge (t_on = delay + t_c, Fig. 3B, so V_out2(t_on) = V+); without, the resistor joins them
from t = 0 (Fig. 3A). Every argument is a scalar or a per-pair array; fewer pairs than the batch holds are padded
with copies of the last one.

The simulated transition function is found by batched bisection: every pair brackets one boundary point, and each
iteration reruns the same compiled network with new resistances. zeta^-1 bisects log R_C at fixed delays and relies
on the outcome being in phase below the boundary and out of phase above it (Eq. 8).
"""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np
from brian2 import Quantity, ohm, second

from brainsnn.backend import Backend
from brainsnn.errors import ConfigError
from brainsnn.metrics.oscillation import CycleStatistics, cycle_statistics
from brainsnn.metrics.phase_readout import PhaseReadout
from brainsnn.models.vo2_oscillator import VO2Parameters
from brainsnn_studies.vo2_onn.oscillator_batch import BatchLayout, BatchRun, OscillatorBatch


class OscillatorPairs:
    """Up to ``n_pairs`` independent pairs simulated for ``duration`` (build inside ``use_backend``); V_out of the
    first ``recorded_pairs`` pairs is recorded."""

    def __init__(self, backend: Backend, n_pairs: int, duration: Quantity, hysteresis: str = "comparator",
                 recorded_pairs: int = 0):
        self.n_pairs = n_pairs
        self.batch = OscillatorBatch(backend, BatchLayout((2,) * n_pairs), duration, hysteresis,
                                     record=range(2 * min(recorded_pairs, n_pairs)))

    def run(self, circuit: VO2Parameters, delay: Quantity, resistance: Quantity,
            switches: bool = True) -> tuple[int, BatchRun]:
        """Simulate; returns the number of real (unpadded) pairs and the batch run."""
        arrays = [np.asarray(getattr(circuit, p.name)) for p in fields(circuit)]
        arrays += [np.asarray(delay / second), np.asarray(resistance / ohm)]
        used = max([1] + [a.size for a in arrays if a.ndim])
        if used > self.n_pairs:
            raise ConfigError(f"{used} pairs requested, but the batch holds {self.n_pairs}")
        take = np.minimum(np.arange(self.n_pairs), used - 1)

        def per_pair(value):
            return (value * np.ones(used))[take]

        def per_oscillator(value):
            return np.repeat(per_pair(value), 2)

        pairs_circuit = replace(circuit, **{p.name: per_pair(getattr(circuit, p.name)) for p in fields(circuit)})
        oscillator_circuit = replace(circuit, **{p.name: per_oscillator(getattr(circuit, p.name))
                                                 for p in fields(circuit)})
        delays = per_pair(delay)
        t_start = np.stack([np.zeros(self.n_pairs), np.asarray(delays / second)], axis=1).ravel() * second
        t_switch = np.repeat(delays + pairs_circuit.t_first_charge, 2) if switches else 0 * second
        return used, self.batch.run(oscillator_circuit, t_start, t_switch, per_oscillator(resistance))

    def second_oscillator_phases(self, circuit: VO2Parameters, delay: Quantity, resistance: Quantity,
                                 switches: bool = True) -> PhaseReadout:
        """Phase of oscillator 2 relative to oscillator 1 in every pair."""
        used, run = self.run(circuit, delay, resistance, switches)
        phases = run.phases
        return PhaseReadout(*(np.asarray(value)[1::2][:used] for value in (
            phases.phase_deg, phases.state, phases.converged, phases.intermediate, phases.locked_period)))

    def free_running(self, circuit: VO2Parameters) -> CycleStatistics:
        """Period, charge and discharge times of uncoupled oscillators (one per pair, ``circuit`` per pair)."""
        used, run = self.run(circuit, 0 * second, np.inf * ohm)
        stats = cycle_statistics(run.event_index, run.event_time, run.charge_index, run.charge_time,
                                 2 * self.n_pairs)
        return CycleStatistics(*(value[0::2][:used] for value in (stats.period, stats.t_charge, stats.t_discharge)))

    def out_of_phase(self, circuit: VO2Parameters, delay: Quantity, resistance: Quantity) -> np.ndarray:
        """Whether each pair (with switches) locks out of phase (Eq. 13's activation)."""
        return self.second_oscillator_phases(circuit, delay, resistance).state < 0

    def zeta_inverse(self, circuit: VO2Parameters, delay: Quantity, low: Quantity, high: Quantity,
                     iterations: int = 14) -> Quantity:
        """Simulated zeta^-1: per delay, the resistance above which the pair locks out of phase.

        Bisection on log R in [``low``, ``high``] (scalars or one bracket per delay); a bracket that does not
        contain the boundary gives NaN. The result is the geometric bracket midpoint, within a factor
        (high/low)^(2^-(iterations+1)).
        """
        n = len(np.atleast_1d(np.asarray(delay / second)))
        lo = np.log(np.asarray(low / ohm, dtype=float) * np.ones(n))
        hi = np.log(np.asarray(high / ohm, dtype=float) * np.ones(n))
        valid = (~self.out_of_phase(circuit, delay, np.exp(lo) * ohm)) & self.out_of_phase(circuit, delay,
                                                                                            np.exp(hi) * ohm)
        for _ in range(iterations):
            middle = (lo + hi) / 2
            above = self.out_of_phase(circuit, delay, np.exp(middle) * ohm)
            hi, lo = np.where(above, middle, hi), np.where(above, lo, middle)
        return np.where(valid, np.exp((lo + hi) / 2), np.nan) * ohm
