"""Resistive coupling of VO2 oscillators through switches (Delacour & Todri-Sanial 2021, Eq. 6, Fig. 3B).

Oscillators i and j are joined by a resistor R_ij = 1 / g_c once both of their switches have closed::

    I_c,i = sum_j g_c,ij (V_out,j - V_out,i) [t >= t_switch,i] [t >= t_switch,j]

One synapse per ordered pair carries the current into its postsynaptic oscillator, so a symmetric coupling has a
synapse in each direction with the same g_c. The sum is a ``(summed)`` variable: it runs on every backend.
"""

from __future__ import annotations

from brian2 import NeuronGroup, Synapses

_MODEL = """
g_c : siemens (constant)
i_coupling_post = g_c * (v_out_pre - v_out_post) * int(t >= t_switch_pre) * int(t >= t_switch_post) : amp (summed)
"""


def resistive_coupling(oscillators: NeuronGroup, pre, post, name: str) -> Synapses:
    """Synapses ``pre[k] -> post[k]`` of ``oscillators`` (a :func:`vo2_oscillator_group`) with conductance ``g_c``."""
    synapses = Synapses(oscillators, oscillators, _MODEL, name=name)
    synapses.connect(i=pre, j=post)
    return synapses
