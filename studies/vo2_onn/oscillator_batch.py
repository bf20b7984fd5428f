"""Many independent, resistively coupled VO2 oscillator networks in one Brian2 simulation.

Network ``b`` of a batch is ``sizes[b]`` consecutive oscillators, all-to-all coupled (Eq. 6) with its own coupling
resistances; its first oscillator is the phase reference. One :class:`OscillatorBatch` is built once per layout and
duration and then run for any number of parameter sets: at runtime by restoring the initial state, in standalone
mode by rerunning the compiled binary with ``run_args`` (no recompilation). Each run returns the cycle events, the
phases read from them (:func:`brainsnn.metrics.phase_readout.read_phases`) and optional voltage traces.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from brian2 import EventMonitor, Network, Quantity, StateMonitor, defaultclock, nsecond, ohm, second, siemens, volt

from brainsnn.backend import Backend
from brainsnn.errors import ConfigError
from brainsnn.metrics.phase_readout import PhaseReadout, read_phases
from brainsnn.models.resistive_coupling import resistive_coupling
from brainsnn.models.vo2_oscillator import VO2Parameters, vo2_oscillator_group
from brainsnn.progress import brian_report

#: Integration step of the paper's simulations; it resolves tau0 = 10 ns and the 0.36 us charge.
STEP = 2 * nsecond


@dataclass(frozen=True)
class BatchLayout:
    """Sizes of the independent networks; derived oscillator and coupling indices."""

    sizes: tuple[int, ...]

    def __post_init__(self) -> None:
        if not self.sizes or min(self.sizes) < 1:
            raise ConfigError(f"every network needs at least one oscillator, got sizes {self.sizes}")

    @property
    def n_oscillators(self) -> int:
        return int(sum(self.sizes))

    @property
    def offsets(self) -> np.ndarray:
        """Index of the first oscillator (the reference) of each network."""
        return np.concatenate([[0], np.cumsum(self.sizes)[:-1]]).astype(int)

    @property
    def references(self) -> np.ndarray:
        """Reference oscillator of every oscillator."""
        return np.repeat(self.offsets, self.sizes)

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(pre, post, network) of every ordered pair of distinct oscillators within a network."""
        pre, post, network = [], [], []
        for b, (offset, size) in enumerate(zip(self.offsets, self.sizes, strict=True)):
            a, c = np.meshgrid(np.arange(size), np.arange(size), indexing="ij")
            mask = a != c
            pre.append(offset + a[mask])
            post.append(offset + c[mask])
            network.append(np.full(mask.sum(), b))
        return tuple(np.concatenate(x).astype(int) for x in (pre, post, network))

    def pair_values(self, matrices) -> np.ndarray:
        """Per-synapse values from one symmetric ``size x size`` matrix per network (diagonal ignored)."""
        if len(matrices) != len(self.sizes):
            raise ConfigError(f"need one coupling matrix per network ({len(self.sizes)}), got {len(matrices)}")
        values = []
        for matrix, size in zip(matrices, self.sizes, strict=True):
            matrix = np.asarray(matrix)
            if matrix.shape != (size, size):
                raise ConfigError(f"coupling matrix of a {size}-oscillator network has shape {matrix.shape}")
            values.append(matrix[~np.eye(size, dtype=bool)])
        return np.concatenate(values) if values else np.zeros(0)


@dataclass(frozen=True)
class BatchRun:
    """Outcome of one run: cycle events (``mit``: end of charge; oscillator, time in s), charge-start events
    (``imt``), phases, recorded voltages (V, one row per recorded oscillator)."""

    event_index: np.ndarray
    event_time: np.ndarray
    charge_index: np.ndarray
    charge_time: np.ndarray
    phases: PhaseReadout
    voltage_time: np.ndarray
    voltages: np.ndarray


class OscillatorBatch:
    """The Brian2 objects of a batch; build inside :func:`brainsnn.backend.use_backend` and call :meth:`run`.

    Parameters
    ----------
    backend : Backend
    layout : BatchLayout
    duration : Quantity
        Simulated time of every run.
    hysteresis : {'comparator', 'tanh'}
    dt : Quantity
        Integration step (default :data:`STEP`).
    record : sequence of int
        Oscillators whose V_out is recorded (every 20 steps).
    """

    def __init__(self, backend: Backend, layout: BatchLayout, duration: Quantity, hysteresis: str = "comparator",
                 dt: Quantity = STEP, record=()):
        self.backend, self.layout, self.duration = backend, layout, duration
        defaultclock.dt = dt
        self.oscillators = vo2_oscillator_group(VO2Parameters(), layout.n_oscillators, "oscillators", hysteresis)
        pre, post, _ = layout.pairs()
        self.coupling = resistive_coupling(self.oscillators, pre, post, "coupling") if len(pre) else None
        self.cycles = EventMonitor(self.oscillators, "mit", name="cycle_events")
        self.charges = EventMonitor(self.oscillators, "imt", name="charge_events")
        self.traces = StateMonitor(self.oscillators, "v_out", record=list(record), dt=20 * dt, name="voltages")
        self.network = Network(self.oscillators, self.cycles, self.charges, self.traces)
        if self.coupling is not None:
            self.network.add(self.coupling)
        if not backend.standalone:
            self.network.store("initial")
        self._recorded = False

    def run(self, circuit: VO2Parameters, t_start: Quantity, t_switch: Quantity, coupling_resistance=np.inf * ohm
            ) -> BatchRun:
        """Run once with per-oscillator ``circuit`` (scalar or array fields), supply-on times ``t_start``, switch
        times ``t_switch`` and per-synapse resistances (``layout.pair_values`` order)."""
        n = self.layout.n_oscillators
        circuit.check_oscillates()
        ones = np.ones(n)
        values = {(self.oscillators, p.name): getattr(circuit, p.name) * ones
                  for p in fields(circuit) if p.name in self.oscillators.variables}
        values[self.oscillators, "t_start"] = t_start * ones
        values[self.oscillators, "t_switch"] = t_switch * ones
        if self.coupling is not None:
            resistance = np.asarray(coupling_resistance / ohm) * np.ones(len(self.coupling))
            if not np.all(resistance > 0):
                raise ConfigError("coupling resistances must be positive (use np.inf for an open connection)")
            values[self.coupling, "g_c"] = (1.0 / resistance) * siemens
        if not self.backend.standalone:
            self.network.restore("initial")
        if self.backend.standalone and self._recorded:
            self.backend.execute(run_args={getattr(owner, name): value for (owner, name), value in values.items()})
        else:
            for (owner, name), value in values.items():
                setattr(owner, name, value)
            self.network.run(self.duration, namespace={}, report=brian_report())
            self._recorded = True
            self.backend.execute()
        event_index, event_time = np.asarray(self.cycles.i[:]), np.asarray(self.cycles.t[:] / second)
        return BatchRun(event_index, event_time, np.asarray(self.charges.i[:]), np.asarray(self.charges.t[:] / second),
                        read_phases(event_index, event_time, self.layout.references),
                        np.asarray(self.traces.t[:] / second), np.asarray(self.traces.v_out[:] / volt))
