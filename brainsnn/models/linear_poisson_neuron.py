"""Linear Poisson (escape-rate) neuron of the Table 1 set-up of Chakraborty & Mukhopadhyay (2021).

After Gilson, Fukai & Burkitt (2012): each input spike adds ``w`` to two traces with time constants tau_A
(rise) and tau_B (decay); the output is an inhomogeneous Poisson process of rate::

    rho(t) = (A - B) / (tau_A - tau_B),   tau_A dA/dt = -A,  tau_B dB/dt = -B

whose kernel (e^{-t/tau_B} - e^{-t/tau_A}) / (tau_B - tau_A) integrates to 1, so the mean output rate is
sum_i w_i r_i for Poisson inputs of rates r_i.
"""

from __future__ import annotations

from brian2 import NeuronGroup, ms

TABLE1_KERNEL = dict(tau_a=1 * ms, tau_b=5 * ms)
#: What a presynaptic spike does to a linear Poisson neuron.
TRANSMISSION = "A_post += w\nB_post += w"


def linear_poisson_group(n: int, name: str, tau_a=TABLE1_KERNEL["tau_a"], tau_b=TABLE1_KERNEL["tau_b"],
                         extra_model: str = "", extra_reset: str = "", **constants) -> NeuronGroup:
    """``n`` linear Poisson neurons; synapses add ``w`` to both: ``TRANSMISSION``. ``extra_model`` adds equations,
    ``extra_reset`` statements run on a spike (e.g. an STDP rule's ``post_model`` and ``post_reset``) and
    ``constants`` namespace entries."""
    model = f"""
dA/dt = -A / tau_a : 1
dB/dt = -B / tau_b : 1
rho = clip((A - B) / (tau_a - tau_b), 0 * Hz, inf * Hz) : Hz
learning : 1
{extra_model}
"""
    return NeuronGroup(
        n, model, threshold="rand() < rho * dt", reset=extra_reset or None, method="exact",
        namespace=dict(tau_a=tau_a, tau_b=tau_b, **constants), name=name,
    )
