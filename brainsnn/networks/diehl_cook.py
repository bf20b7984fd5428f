"""Diehl & Cook (2015) two-layer network with a named STDP rule, run as one ``run()`` per chunk of samples.

Chakraborty & Mukhopadhyay (2021), Sec. 3.1 (Fig. 4): Poisson inputs (rate proportional to pixel intensity,
max 63.75 Hz) all-to-all onto N excitatory conductance LIF neurons with adaptive thresholds (plastic), each
excitatory neuron exciting one inhibitory neuron, each inhibitory neuron inhibiting all other excitatory ones.
Every sample is shown for ``present`` and followed by ``rest`` without input (or, with ``rest = 0``, by an
explicit reset of membrane, conductances and traces). If the excitatory layer fires fewer than ``min_spikes``
spikes during a presentation, the same sample is shown again with the maximum rate raised by ``boost``.

The whole schedule runs inside the simulation, so it works unchanged on every backend, standalone included:

- a one-neuron ``controller`` advances the sample index or raises the boost at the start of every slot
  (``run_regularly``) from the spike count the excitatory layer reported to it through a synapse;
- the input neurons read their rate from a 2-D ``TimedArray`` indexed by the controller's sample index;
- a per-sample learning flag (another ``TimedArray``) gates plasticity and threshold adaptation, so training,
  frozen probes, labelling and testing are one stream;
- input weights are normalised per excitatory neuron at every slot start from a column sum that the plasticity
  code keeps up to date (``w_sum``), not from a ``(summed)`` variable that would cost a pass over all synapses
  every time step.

A stream longer than ``chunk_size`` samples runs in chunks; in standalone mode the compiled binary is rerun with
new inputs and the carried-over state through ``run_args`` (no recompilation).
"""

from __future__ import annotations

import gc
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from brian2 import (
    Hz,
    Network,
    NeuronGroup,
    Quantity,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    TimedArray,
    defaultclock,
    linked_var,
    ms,
    mV,
)

from brainsnn.backend import Backend
from brainsnn.config import require_positive
from brainsnn.errors import ConfigError
from brainsnn.models.conductance_lif import excitatory_group, inhibitory_group
from brainsnn.models.stdp import STDPCode, rule_parameters, stdp_code
from brainsnn.progress import brian_report
from brainsnn.units import in_unit

#: Diehl & Cook's total input weight per excitatory neuron (784 MNIST inputs, ~150 of them lit).
NORMALISED_TOTAL_WEIGHT = 78.0


@dataclass(frozen=True)
class DiehlCookParameters:
    """Architecture and protocol constants (Diehl & Cook 2015 defaults).

    The defaults are Diehl & Cook's, not the ``stdp-generalization`` study's, which shows samples back to back
    (``rest_ms=0`` with an explicit state reset) and records more synapses for the BG index. Fields ending in
    ``_ms`` or ``_hz`` are numbers in that unit or Brian2 quantities (``present_ms=0.35 * second``).
    """

    n_input: int
    n_exc: int
    rule: str = "dc"
    rule_params: Mapping[str, float] = field(default_factory=dict)
    present_ms: float = 350.0
    rest_ms: float = 150.0
    dt_ms: float = 0.5
    boost_hz: float = 32.0
    max_rate_hz: float = 63.75
    min_spikes: int = 5
    max_boosts: int = 5
    w_exc_inh: float = 10.4
    w_inh_exc: float = 17.0
    max_input_delay_ms: float = 10.0
    normalise: bool = True
    n_recorded_synapses: int = 1000
    norm_total: float = NORMALISED_TOTAL_WEIGHT

    def __post_init__(self) -> None:
        for name in ("present_ms", "rest_ms", "dt_ms", "max_input_delay_ms"):
            object.__setattr__(self, name, in_unit(getattr(self, name), "ms", name))
        for name in ("boost_hz", "max_rate_hz"):
            object.__setattr__(self, name, in_unit(getattr(self, name), "Hz", name))

    def check(self) -> None:
        rule_parameters(self.rule, self.rule_params)
        fields = vars(self)
        require_positive(fields, "n_input", "n_exc", "present_ms", "dt_ms", "max_rate_hz", "w_exc_inh", "w_inh_exc",
                         "norm_total")
        require_positive(fields, "rest_ms", "boost_hz", "max_boosts", "max_input_delay_ms", "n_recorded_synapses",
                         allow_zero=True)

    @property
    def slot_ms(self) -> float:
        return self.present_ms + self.rest_ms


@dataclass
class NetworkState:
    """What carries over between chunks (and is checkpointed): plastic weights and thresholds."""

    weights: np.ndarray  # (n_input * n_exc,) in Brian2's synapse order (i-major)
    theta_mv: np.ndarray  # (n_exc,)
    delays_ms: np.ndarray  # (n_input * n_exc,)

    @classmethod
    def initial(cls, params: DiehlCookParameters, rng: np.random.Generator) -> NetworkState:
        """Diehl & Cook's start: w ~ (U(0,1) + 0.01) * 0.3 (scaled to w_max), theta = 0, delays U(0, max)."""
        n = params.n_input * params.n_exc
        w_max = rule_parameters(params.rule, params.rule_params)["w_max"]
        return cls(
            weights=(rng.random(n) + 0.01) * 0.3 * w_max,
            theta_mv=np.zeros(params.n_exc),
            delays_ms=rng.random(n) * params.max_input_delay_ms,
        )


@dataclass
class ChunkResult:
    """Responses to the first ``n_completed`` samples of a chunk (the rest ran out of slots and must be re-run).

    The state includes any learning during the unfinished presentations at the end of the chunk.
    """

    n_completed: int
    counts: np.ndarray  # (n_completed, n_exc) spikes of the accepted presentation of each sample
    presentations: np.ndarray  # (n_completed,) how often each sample was shown (1 + boosts)
    weight_snapshots: np.ndarray  # (n_completed, n_recorded) recorded weights at each sample's first slot
    state: NetworkState
    simulated_slots: int


class DiehlCookNetwork:
    """A Diehl & Cook network for one backend, able to run streams of samples chunk by chunk.

    Parameters
    ----------
    params : DiehlCookParameters
    backend : Backend
        The active backend (from :func:`brainsnn.backend.use_backend`), kept for the network's lifetime.
    chunk_size : int
        Samples per ``run()``; the stimulus arrays have this many rows (shorter chunks are padded).
    slack : float
        Extra slots per chunk, as a fraction of ``chunk_size``, for re-presentations.
    recorded_synapses : array of int
        Indices of the input synapses whose weights are sampled at every slot start.
    """

    def __init__(self, params: DiehlCookParameters, backend: Backend, chunk_size: int, slack: float,
                 recorded_synapses: np.ndarray):
        params.check()
        self.params = params
        self.backend = backend
        self.chunk_size = chunk_size
        self.n_slots = chunk_size + max(params.max_boosts + 2, int(math.ceil(slack * chunk_size)))
        self.recorded_synapses = np.asarray(recorded_synapses, dtype=int)
        self._net: Network | None = None

    # -- graph -------------------------------------------------------------------------------------------------
    def _build(self, rates_hz: np.ndarray, learn: np.ndarray, state: NetworkState) -> None:
        """Build the graph for one chunk (per-sample ``rates_hz`` and ``learn`` flags, starting from ``state``)
        and run it for ``n_slots`` slots."""
        p = self.params
        defaultclock.dt = p.dt_ms * ms
        slot = p.slot_ms * ms
        self.stimulus = TimedArray(rates_hz * Hz, dt=1 * ms, name="stimulus")
        self.learn_schedule = TimedArray(learn, dt=1 * ms, name="learn_schedule")
        code = stdp_code(p.rule, p.rule_params, track_column_sum=p.normalise, as_variables=True)
        controller = self._controller(slot)
        inputs = self._inputs(controller)
        exc, inh = self._layers(controller, state, slot, code)
        plastic = self._plastic_synapses(inputs, exc, state, code)
        fixed = self._fixed_synapses(controller, exc, inh)
        self._slot_operations(plastic, exc, inh, slot, code)
        self.controller_monitor = StateMonitor(controller, "sample", record=[0], dt=slot, when="start", order=0,
                                               name="controller_monitor")
        self.weight_monitor = StateMonitor(plastic, "w", record=self.recorded_synapses, dt=slot, when="start",
                                           order=0, name="weight_monitor")
        self.spike_monitor = SpikeMonitor(exc, name="exc_spikes")
        self._groups = {"plastic": plastic, "exc": exc}
        self._net = Network(controller, inputs, exc, inh, plastic, *fixed,
                            self.controller_monitor, self.weight_monitor, self.spike_monitor)
        self._net.run(self.n_slots * slot, namespace={"norm_total": p.norm_total}, report=brian_report())

    def _controller(self, slot: Quantity) -> NeuronGroup:
        """The one-neuron schedule: at every slot start it advances the sample (or raises the boost while the
        layer fired fewer than ``min_spikes`` spikes and boosts remain) and reads the sample's learning flag."""
        p = self.params
        controller = NeuronGroup(
            1,
            """sample : 1
            boost : 1
            count : 1
            learning : 1
            slot_start : second""",
            namespace={"min_spikes": p.min_spikes, "max_boosts": p.max_boosts, "learn_schedule": self.learn_schedule},
            name="controller",
        )
        controller.sample = -1
        controller.count = p.min_spikes
        controller.run_regularly(
            """advance = int(count >= min_spikes or boost >= max_boosts)
            sample = sample + advance
            boost = (boost + 1) * (1 - advance)
            count = 0
            slot_start = t
            learning = learn_schedule(sample * ms)""",
            dt=slot, when="start", order=-10, name="controller_step",
        )
        return controller

    def _inputs(self, controller: NeuronGroup) -> NeuronGroup:
        """Poisson inputs at the current sample's rates, scaled by (1 + boost * boost_hz / max_rate_hz), silent
        after ``present_ms`` of each slot."""
        p = self.params
        inputs = NeuronGroup(
            p.n_input,
            """rate = stimulus(sample * ms, i) * (1 + boost * boost_fraction) * int(t - slot_start < present) : Hz
            sample : 1 (linked)
            boost : 1 (linked)
            slot_start : second (linked)""",
            # Draw only where the pixel is lit: C++ and Cython short-circuit ``and``, so dark pixels (most of an
            # MNIST digit) cost no random number.
            threshold="rate > 0 * Hz and rand() < rate * dt",
            namespace={"stimulus": self.stimulus, "boost_fraction": p.boost_hz / p.max_rate_hz,
                       "present": p.present_ms * ms},
            name="inputs",
        )
        to_controller = np.zeros(p.n_input, dtype=int)
        inputs.sample = linked_var(controller, "sample", index=to_controller)
        inputs.boost = linked_var(controller, "boost", index=to_controller)
        inputs.slot_start = linked_var(controller, "slot_start", index=to_controller)
        return inputs

    def _layers(self, controller: NeuronGroup, state: NetworkState, slot: Quantity,
                code: STDPCode) -> tuple[NeuronGroup, NeuronGroup]:
        """Excitatory neurons (thresholds from ``state``, learning gated by the schedule, the rule's postsynaptic
        traces) and inhibitory ones."""
        p = self.params
        # Synapses cannot read linked variables, so the gate is copied from the controller each slot.
        exc = excitatory_group(p.n_exc, name="exc",
                               **code.postsynaptic_arguments(extra_model="scheduled_learning : 1 (linked)"))
        exc.scheduled_learning = linked_var(controller, "learning", index=np.zeros(p.n_exc, dtype=int))
        exc.run_regularly("learning = scheduled_learning", dt=slot, when="start", order=-9, name="gate")
        exc.theta = state.theta_mv * mV
        inh = inhibitory_group(p.n_exc, name="inh")
        return exc, inh

    def _plastic_synapses(self, inputs: NeuronGroup, exc: NeuronGroup, state: NetworkState,
                          code: STDPCode) -> Synapses:
        """All-to-all input synapses with the STDP rule, weights and delays from ``state``, and the column sums
        ``w_sum`` the normalisation reads."""
        p = self.params
        plastic = Synapses(inputs, exc, code.model, on_pre=code.on_pre, on_post=code.on_post,
                           namespace=code.namespace, name="plastic")
        plastic.connect()
        code.assign(plastic)
        plastic.w = state.weights
        plastic.delay = state.delays_ms * ms
        exc.w_sum = state.weights.reshape(p.n_input, p.n_exc).sum(axis=0)
        return plastic

    def _fixed_synapses(self, controller: NeuronGroup, exc: NeuronGroup, inh: NeuronGroup) -> list[Synapses]:
        """Each excitatory neuron excites its inhibitory partner, which inhibits all other excitatory neurons;
        the excitatory layer reports its spikes during presentation to the controller."""
        p = self.params
        exc_to_inh = Synapses(exc, inh, on_pre="ge_post += w_exc_inh", namespace={"w_exc_inh": p.w_exc_inh},
                              name="exc_to_inh")
        exc_to_inh.connect(j="i")
        inh_to_exc = Synapses(inh, exc, on_pre="gi_post += w_inh_exc", namespace={"w_inh_exc": p.w_inh_exc},
                              name="inh_to_exc")
        inh_to_exc.connect(condition="i != j")
        report = Synapses(exc, controller, on_pre="count_post += int(t - slot_start_post < present)",
                          namespace={"present": p.present_ms * ms}, name="spike_report")
        report.connect()
        return [exc_to_inh, inh_to_exc, report]

    def _slot_operations(self, plastic: Synapses, exc: NeuronGroup, inh: NeuronGroup, slot: Quantity,
                         code: STDPCode) -> None:
        """Weight normalisation and, without a rest, the reset of membranes, conductances and traces at slot starts.

        run_regularly operations belong to their group and run with it; all happen at slot starts, in this order:
        controller step (-10), learning gate (-9), normalisation (-5, -4), resets (-3), monitors (0).
        """
        p = self.params
        if p.normalise:
            plastic.run_regularly("w = w * norm_total / w_sum_post", dt=slot, when="start", order=-5, name="normalise")
            exc.run_regularly("w_sum = norm_total", dt=slot, when="start", order=-4, name="normalised_sum")
        if p.rest_ms == 0:
            for group, traces in ((exc, code.post_traces), (inh, ())):
                group.run_regularly(f"v = v_rest\n{_zeroing('ge', 'gi', *traces)}", dt=slot, when="start", order=-3,
                                    name=f"reset_{group.name}")
            plastic.run_regularly(_zeroing(*code.synapse_traces), dt=slot, when="start", order=-3, name="reset_traces")

    # -- running ------------------------------------------------------------------------------------------------
    def run_chunk(self, rates_hz: np.ndarray, learn: np.ndarray, state: NetworkState) -> ChunkResult:
        """Present ``rates_hz`` (n_samples, n_input; n_samples <= chunk_size) with per-sample ``learn`` flags.

        Samples that did not finish within the chunk's slots are reported as not completed; present them again.
        ``rates_hz`` is in Hz, or a Brian2 quantity.
        """
        rates_hz = np.asarray(in_unit(rates_hz, "Hz", "rates_hz"))
        n_samples = len(rates_hz)
        if n_samples > self.chunk_size or rates_hz.shape[1] != self.params.n_input:
            raise ConfigError(f"a chunk holds at most {self.chunk_size} samples of {self.params.n_input} inputs")
        padded_rates = np.zeros((self.chunk_size + 1, self.params.n_input))
        padded_rates[:n_samples] = rates_hz
        padded_learn = np.zeros(self.chunk_size + 1)
        padded_learn[:n_samples] = learn
        if self._net is None or not self.backend.standalone:
            self._forget_runtime_network()
            self._build(padded_rates, padded_learn, state)
            self.backend.execute()
        else:
            plastic, exc = self._groups["plastic"], self._groups["exc"]
            self.backend.execute(run_args={
                self.stimulus: padded_rates * Hz, self.learn_schedule: padded_learn,
                plastic.w: state.weights, exc.theta: state.theta_mv * mV,
                exc.w_sum: state.weights.reshape(self.params.n_input, self.params.n_exc).sum(axis=0),
            })
        return self._collect(n_samples, state)

    def _forget_runtime_network(self) -> None:
        """Drop the previous chunk's objects (runtime mode rebuilds the graph for every chunk)."""
        if self._net is not None:
            self._net = self._groups = self.controller_monitor = self.weight_monitor = self.spike_monitor = None
            self.stimulus = self.learn_schedule = None
            gc.collect()

    def _collect(self, n_samples: int, previous: NetworkState) -> ChunkResult:
        """Attribute spikes to slots and slots to samples; a sample is complete once the controller moved on."""
        p = self.params
        sample_at_slot = np.asarray(self.controller_monitor.sample[0], dtype=int)
        spike_times = np.asarray(self.spike_monitor.t / ms)
        spike_slots = (spike_times // p.slot_ms).astype(int)
        presenting = spike_times - spike_slots * p.slot_ms < p.present_ms
        slot_counts = np.zeros((len(sample_at_slot), p.n_exc))
        np.add.at(slot_counts, (spike_slots[presenting], np.asarray(self.spike_monitor.i[:])[presenting]), 1)
        n_completed = min(n_samples, int(sample_at_slot.max()))
        samples = np.arange(n_completed)
        first_slot = np.searchsorted(sample_at_slot, samples, side="left")
        last_slot = np.searchsorted(sample_at_slot, samples, side="right") - 1
        weights = np.asarray(self.weight_monitor.w).T  # (n_slots, n_recorded)
        plastic, exc = self._groups["plastic"], self._groups["exc"]
        state = NetworkState(np.array(plastic.w[:]), np.array(exc.theta[:] / mV), previous.delays_ms)
        return ChunkResult(
            n_completed=n_completed,
            counts=slot_counts[last_slot],
            presentations=last_slot - first_slot + 1,
            weight_snapshots=weights[first_slot],
            state=state,
            simulated_slots=len(sample_at_slot),
        )


def _zeroing(*names: str) -> str:
    """Statements setting the variables ``names`` to 0."""
    return "\n".join(f"{name} = 0" for name in names)
