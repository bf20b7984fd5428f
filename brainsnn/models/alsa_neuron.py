"""ALSA's conductance LIF with a dynamic threshold (Mo et al. 2022, Eqs. 1-5) on brainsnn's conductance LIF.

    tau_m dV/dt = -(V - V_L) - (g_E / g_L)(V - V_E)                                   (Eq. 2)
    tau_E dg_E/dt = -g_E + sum_j w_ji delta(t - t_j)                                  (Eq. 3)
    if V > V_thr: V = V_L, refractory for T_0, V_thr += V_thrDelta                    (Eq. 4)
    tau_thr dV_thr/dt = -(V_thr - V_thrBase)                                          (Eq. 5)

This is :func:`brainsnn.models.conductance_lif.excitatory_group` with V_thr = v_thresh + theta (V_thrBase =
v_thresh, V_thrDelta = theta_plus, tau_thr = tau_theta), its ``learning`` flag held at 1 (the threshold is
neuron dynamics here, active in training and testing) and no inhibitory input unless a layer adds some. The
paper gives no constants; these are Diehl & Cook's potentials with a faster membrane, synapse and threshold
decay (the threshold visibly decays within a sample in the paper's Fig. 1, so tau_thr is far below Diehl &
Cook's 10^7 ms).
"""

from __future__ import annotations

from typing import Any

from brian2 import NeuronGroup, ms, mV

from brainsnn.models.conductance_lif import excitatory_group

ALSA_NEURON: dict[str, Any] = dict(
    v_rest=-65 * mV, v_reset=-65 * mV, v_thresh=-52 * mV, e_exc=0 * mV, tau_membrane=20 * ms, tau_ge=5 * ms,
    t_ref=5 * ms, theta_plus=1 * mV, tau_theta=200 * ms,
)


def alsa_neuron_group(n: int, name: str, **overrides) -> NeuronGroup:
    """``n`` ALSA neurons (Eqs. 1-5) with ``ALSA_NEURON`` constants updated by ``overrides``."""
    group = excitatory_group(n, name, **{**ALSA_NEURON, **overrides})
    group.learning = 1
    return group
