"""Conductance LIF: the membrane stays between the reversal potentials however large the conductances."""

import numpy as np
from brian2 import Network, StateMonitor, defaultclock, ms, mV

from brainsnn.backend import use_backend
from brainsnn.models.conductance_lif import EXCITATORY, excitatory_group


def test_huge_inhibition_cannot_push_v_below_the_inhibitory_reversal_potential():
    """With g_i = 600 (35 coincident spikes of weight 17) forward Euler at dt = 0.5 ms overshoots to ~-400 mV."""
    with use_backend("numpy"):
        defaultclock.dt = 0.5 * ms
        group = excitatory_group(2, name="exc")
        group.gi = [600, 0]
        group.ge = [0, 600]
        monitor = StateMonitor(group, "v", record=True)
        Network(group, monitor).run(20 * ms)
        v = np.asarray(monitor.v / mV)
    assert v[0].min() >= float(EXCITATORY["e_inh"] / mV) - 1e-9
    assert v[0].min() < -95  # and it does get close to E_inh
    # the excitatory neuron is driven towards E_exc = 0 mV and fires (reset to -65 mV) but never overshoots E_exc
    assert v[1].max() <= float(EXCITATORY["e_exc"] / mV) + 1e-9
