"""Reference implementation for the throughput benchmark: one ``run()`` per sample, driven from Python.

This is how Diehl & Cook (2015) networks are usually run with Brian2 in runtime mode (the approach of Brian2's
``examples/frompapers/Diehl_Cook_2015.py``), written here from the description, with brainsnn's neuron and
synapse equations so that both implementations simulate the same model:

for every presentation, normalise each excitatory neuron's input weights to ``norm_total`` in numpy,
set the ``PoissonGroup`` rates, ``run(present)``, read the excitatory spike counts, set the rates to 0 and
``run(rest)``; if the layer fired fewer than ``min_spikes`` spikes, show the sample again with the maximum rate
raised by ``boost_hz`` (at most ``max_boosts`` times).

It must be built inside :func:`brainsnn.backend.use_backend` with a runtime target (``numpy`` or ``cython``).
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, Network, PoissonGroup, SpikeMonitor, Synapses, defaultclock, ms, mV

from brainsnn.errors import ConfigError
from brainsnn.models.conductance_lif import excitatory_group, inhibitory_group
from brainsnn.models.stdp import stdp_code
from brainsnn.networks.diehl_cook import DiehlCookParameters, NetworkState


class PerSampleNetwork:
    """A Diehl & Cook network run sample by sample from a Python loop (runtime mode only).

    Parameters
    ----------
    params : DiehlCookParameters
        Same architecture and protocol constants as :class:`brainsnn.networks.diehl_cook.DiehlCookNetwork`
        (``rest_ms`` must be > 0: the rest period, not an explicit reset, separates samples).
    state : NetworkState
        Initial weights, thresholds and delays.
    """

    def __init__(self, params: DiehlCookParameters, state: NetworkState):
        params.check()
        if params.rest_ms <= 0:
            raise ConfigError("the per-sample baseline separates samples by a rest period; set rest_ms > 0")
        self.params = params
        p = params
        defaultclock.dt = p.dt_ms * ms
        self.inputs = PoissonGroup(p.n_input, rates=np.zeros(p.n_input) * Hz, name="inputs")
        code = stdp_code(p.rule, p.rule_params)
        self.exc = excitatory_group(p.n_exc, name="exc", **code.postsynaptic_arguments())
        self.exc.theta = state.theta_mv * mV
        self.inh = inhibitory_group(p.n_exc, name="inh")
        self.plastic = Synapses(self.inputs, self.exc, code.model, on_pre=code.on_pre, on_post=code.on_post,
                                namespace=code.namespace, name="plastic")
        self.plastic.connect()
        self.plastic.w = state.weights
        self.plastic.delay = state.delays_ms * ms
        exc_to_inh = Synapses(self.exc, self.inh, on_pre="ge_post += w_exc_inh",
                              namespace={"w_exc_inh": p.w_exc_inh}, name="exc_to_inh")
        exc_to_inh.connect(j="i")
        inh_to_exc = Synapses(self.inh, self.exc, on_pre="gi_post += w_inh_exc",
                              namespace={"w_inh_exc": p.w_inh_exc}, name="inh_to_exc")
        inh_to_exc.connect(condition="i != j")
        self.counter = SpikeMonitor(self.exc, record=False, name="exc_counter")
        self.net = Network(self.inputs, self.exc, self.inh, self.plastic, exc_to_inh, inh_to_exc, self.counter)
        self.delays_ms = np.array(state.delays_ms)
        self.n_presentations = 0

    def _normalise(self) -> None:
        """Scale every excitatory neuron's input weights to sum to ``norm_total`` (numpy, between runs)."""
        p = self.params
        weights = np.asarray(self.plastic.w[:]).reshape(p.n_input, p.n_exc)  # i-major: rows are inputs
        sums = weights.sum(axis=0)
        sums[sums == 0] = 1.0
        self.plastic.w[:] = (weights * (p.norm_total / sums)).ravel()

    def present(self, rates_hz: np.ndarray, learn: bool) -> tuple[np.ndarray, int]:
        """Show one sample (``rates_hz``: shape ``(n_input,)``), repeating it with a boost while too silent.

        Returns
        -------
        counts : numpy.ndarray, shape (n_exc,)
            Excitatory spike counts during the accepted presentation.
        presentations : int
            How often the sample was shown (1 + boosts).
        """
        p = self.params
        self.exc.learning = float(learn)
        boost_fraction = p.boost_hz / p.max_rate_hz
        for boost in range(p.max_boosts + 1):
            # Before every presentation, as brainsnn does at every slot start: the frozen phases then see the
            # normalised weights too, not the last training sample's unnormalised ones.
            if p.normalise:
                self._normalise()
            before = np.array(self.counter.count[:])
            self.inputs.rates = rates_hz * (1 + boost * boost_fraction) * Hz
            self.net.run(p.present_ms * ms)
            counts = np.array(self.counter.count[:]) - before
            self.inputs.rates = 0 * Hz
            self.net.run(p.rest_ms * ms)
            self.n_presentations += 1
            if counts.sum() >= p.min_spikes:
                break
        return counts, boost + 1

    def run_stream(self, rates_hz: np.ndarray, learn: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Present every row of ``rates_hz`` (n_samples, n_input) with its learning flag ``learn[k]``.

        Returns
        -------
        counts : numpy.ndarray, shape (n_samples, n_exc)
        presentations : numpy.ndarray of int, shape (n_samples,)
        """
        counts = np.zeros((len(rates_hz), self.params.n_exc))
        presentations = np.zeros(len(rates_hz), dtype=int)
        for k, (rates, flag) in enumerate(zip(rates_hz, learn, strict=True)):
            counts[k], presentations[k] = self.present(np.asarray(rates), bool(flag))
        return counts, presentations

    @property
    def total_exc_spikes(self) -> int:
        """Excitatory spikes since the network was built (presentations and rests)."""
        return int(self.counter.num_spikes)

    def state(self) -> NetworkState:
        """Current weights and thresholds (delays unchanged)."""
        return NetworkState(np.array(self.plastic.w[:]), np.array(self.exc.theta[:] / mV), self.delays_ms)
