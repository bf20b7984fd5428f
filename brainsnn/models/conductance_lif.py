"""Conductance-based LIF neurons with a homeostatic adaptive threshold (Diehl & Cook 2015).

Chakraborty & Mukhopadhyay (2021), Sec. 2.1.1 and Eq. 1 (their paper gives no constants; these are those of
Diehl & Cook's reference code, peter-u-diehl/stdp-mnist)::

    tau dv/dt = (E_rest - v) + g_e (E_exc - v) + g_i (E_inh - v)
    tau_ge dg_e/dt = -g_e,   tau_gi dg_i/dt = -g_i
    spike when v > v_thresh + theta;  v <- v_reset;  refractory for t_ref
    excitatory only: theta += theta_plus on a spike, tau_theta dtheta/dt = -theta  (frozen while learning = 0)

Conductances are dimensionless (in units of the leak conductance), so a synaptic weight ``w`` is added to ``ge``.
The membrane is integrated with exponential Euler: forward Euler overshoots once g_e + g_i > 2 tau / dt (400 at
dt = 0.5 ms, i.e. 24 coincident inhibitory spikes of weight 17), drives v below E_inh and then makes the whole
layer fire (seen at N = 400 in the benchmark).
"""

from __future__ import annotations

from typing import Any

from brian2 import NeuronGroup, ms, mV

EXCITATORY: dict[str, Any] = dict(
    v_rest=-65 * mV, v_reset=-65 * mV, v_thresh=-52 * mV, t_ref=5 * ms, tau_membrane=100 * ms,
    e_exc=0 * mV, e_inh=-100 * mV, tau_ge=1 * ms, tau_gi=2 * ms, theta_plus=0.05 * mV, tau_theta=1e7 * ms,
)
INHIBITORY: dict[str, Any] = dict(
    v_rest=-60 * mV, v_reset=-45 * mV, v_thresh=-40 * mV, t_ref=2 * ms, tau_membrane=10 * ms,
    e_exc=0 * mV, e_inh=-85 * mV, tau_ge=1 * ms, tau_gi=2 * ms,
)

_MEMBRANE = """
dv/dt = ((v_rest - v) + ge * (e_exc - v) + gi * (e_inh - v)) / tau_membrane : volt (unless refractory)
dge/dt = -ge / tau_ge : 1
dgi/dt = -gi / tau_gi : 1
"""


def excitatory_group(n: int, name: str, extra_model: str = "", extra_reset: str = "", **overrides) -> NeuronGroup:
    """``n`` excitatory neurons with adaptive threshold ``theta``, learning gate ``learning`` (1: adapt and
    learn, 0: frozen) and summed input weight ``w_sum``; ``extra_model`` adds equations, ``extra_reset`` statements
    run on a spike (e.g. an STDP rule's ``post_model`` and ``post_reset``) and ``overrides`` namespace entries."""
    namespace = {**EXCITATORY, **overrides}
    model = _MEMBRANE + f"""
dtheta/dt = -learning * theta / tau_theta : volt
w_sum : 1
learning : 1
{extra_model}
"""
    group = NeuronGroup(
        n, model, threshold="v > v_thresh + theta", reset=f"v = v_reset\ntheta += learning * theta_plus\n{extra_reset}",
        refractory="t_ref", method="exponential_euler", namespace=namespace, name=name,
    )
    group.v = namespace["v_rest"]
    return group


def inhibitory_group(n: int, name: str, **overrides) -> NeuronGroup:
    """``n`` inhibitory neurons (fixed threshold)."""
    namespace = {**INHIBITORY, **overrides}
    group = NeuronGroup(
        n, _MEMBRANE, threshold="v > v_thresh", reset="v = v_reset", refractory="t_ref", method="exponential_euler",
        namespace=namespace, name=name,
    )
    group.v = namespace["v_rest"]
    return group
