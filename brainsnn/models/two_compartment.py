"""Two-compartment (somato-dendritic) neurons learning by somato-dendritic consistency, with plastic inhibition.

Dellaferrera, Asabuki & Fukai (2022), Front. Neurosci. 16:855753 (after Asabuki & Fukai 2020); constants of their
reference code (Asabuki & Fukai 2020, dendritic-neuron-BSS). Per output neuron i, with unit PSPs ``psp_j``::

    v_i = sum_j w_ij psp_j                                        dendrite
    du_i/dt = -u_i / tau + g_D (v_i - u_i - sum_k G_ki f_k)        soma, Eq. 1 (inhibition inside the g_D bracket,
                                                                    as in the reference code)
    f_i = clip(sigmoid(beta0 ((u_i - mu_i) / sigma_i - theta0)) + g xi, 0, 1)   somatic rate while learning
    f_i = sigmoid(beta0 (u_i - theta0))                            somatic rate while testing
    phi_i = sigmoid(beta0 (v*_i - theta0)),  v*_i = g_D / (g_D + 1/tau) v_i     dendritic prediction
    dw_ij/dt = eta [beta0 (1 - phi_i) (f_i - phi_i) psp_j - gamma w_ij]       KL-gradient rule, Eq. 3

(phi_0 = 1; beta0 (1 - phi) is psi = d log phi / dv*). The adaptive beta, theta of Eq. 1 are the running mean
``mu`` and s.d. ``sigma`` of u, exponential averages over ``tau_avg`` (no ``network_operation``, so the equations
run in standalone)::

    dmu/dt = (u - mu) / tau_avg,   dm2/dt = (u**2 - m2) / tau_avg,   sigma = sqrt(m2 - mu**2)

Lateral inhibition G_ki >= 0 follows the symmetric kernel of Eq. 4 (reference-code constants)::

    dG = G_max [c_p exp(-|dt| / tau_p) + c_d exp(-|dt| / tau_d)],   G in [0, G_max]

driven by Bernoulli output spikes at rate f * r_out. Per time step the order is: PSPs, v and inhibition (summed),
u / mu / m2, f, w; then spikes, traces, G.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from brian2 import Hz, NeuronGroup, Synapses, ms

from brainsnn.errors import ConfigError
from brainsnn.units import in_unit


@dataclass(frozen=True)
class TwoCompartmentParams:
    """Constants (reference-code values; eta per ms, g_dendrite per ms, inhibition_max before / N).

    Fields ending in ``_ms`` or ``_hz`` are numbers in that unit or Brian2 quantities (``tau_ms=15 * ms``).
    """

    tau_ms: float = 15.0
    tau_syn_ms: float = 5.0
    g_dendrite: float = 0.7
    beta0: float = 5.0
    theta0: float = 0.5
    noise: float = 0.1
    eta: float = 5e-6
    gamma: float = 0.5
    tau_avg_ms: float = 800.0
    inhibition_max: float = 0.4
    c_p: float = -0.0105
    c_d: float = 0.00525
    tau_p_ms: float = 20.0
    tau_d_ms: float = 40.0
    output_rate_hz: float = 10.0

    def __post_init__(self) -> None:
        for name in ("tau_ms", "tau_syn_ms", "tau_avg_ms", "tau_p_ms", "tau_d_ms"):
            object.__setattr__(self, name, in_unit(getattr(self, name), "ms", name))
        object.__setattr__(self, "output_rate_hz", in_unit(self.output_rate_hz, "Hz", "output_rate_hz"))
        values = asdict(self)
        if not all(isinstance(v, int | float) and math.isfinite(v) for v in values.values()):
            raise ConfigError(f"two-compartment constants must be finite numbers, got {values}")
        positive = ("tau_ms", "tau_syn_ms", "g_dendrite", "beta0", "tau_avg_ms", "tau_p_ms", "tau_d_ms")
        for key in positive:
            if values[key] <= 0:
                raise ConfigError(f"two-compartment constant {key} must be > 0, got {values[key]}")
        for key in ("noise", "eta", "gamma", "inhibition_max", "output_rate_hz"):
            if values[key] < 0:
                raise ConfigError(f"two-compartment constant {key} must be >= 0, got {values[key]}")
        if self.tau_syn_ms == self.tau_ms:
            raise ConfigError("tau_syn_ms must differ from tau_ms (the PSP is a difference of exponentials)")

    @property
    def attenuation(self) -> float:
        """g_D / (g_D + g_L): the stationary soma as a fraction of the dendrite."""
        return self.g_dendrite / (self.g_dendrite + 1.0 / self.tau_ms)

    @property
    def psp_scale(self) -> float:
        """c in dpsp/dt = (c xs - psp) / tau such that one input spike gives a PSP of peak 1."""
        tau, tau_s = self.tau_ms, self.tau_syn_ms
        t_peak = math.log(tau / tau_s) * tau * tau_s / (tau - tau_s)
        return 1.0 / (tau_s / (tau - tau_s) * (math.exp(-t_peak / tau) - math.exp(-t_peak / tau_s)))


def poisson_input_group(n: int, params: TwoCompartmentParams, rate: str, name: str = "bss_input") -> NeuronGroup:
    """``n`` Poisson inputs firing at ``rate`` (an expression in Hz, e.g. ``stimulus(t, i)``), each with a unit PSP
    ``psp`` (difference of exponentials tau_syn / tau, peak 1)."""
    model = f"""
dxs/dt = -xs / tau_syn : 1
dpsp/dt = (psp_scale * xs - psp) / tau : 1
rate = {rate} : Hz
"""
    return NeuronGroup(n, model, threshold="rand() < rate * dt", reset="xs += 1", method="exact", order=0,
                       namespace={"tau": params.tau_ms * ms, "tau_syn": params.tau_syn_ms * ms,
                                  "psp_scale": params.psp_scale}, name=name)


def two_compartment_group(n: int, params: TwoCompartmentParams, standardised: str, noisy: str = "1",
                          name: str = "two_compartment") -> NeuronGroup:
    """``n`` output neurons (Eq. 1 and the somatic rate ``f``); ``standardised`` (expression, 1 or 0) selects the
    rate of u standardised by its running statistics (learning) or the raw sigmoid of u (the reference code's
    testing rate); ``noisy`` (expression, 1 or 0) adds the noise g xi to the standardised rate."""
    model = """
du/dt = -u / tau + g_dendrite * (v_dend - u - inhibition) : 1
dmu/dt = (u - mu) / tau_avg : 1
dm2/dt = (u**2 - m2) / tau_avg : 1
dA_p/dt = -A_p / tau_p : 1
dA_d/dt = -A_d / tau_d : 1
v_dend : 1
inhibition : 1
phi_dend = 1 / (1 + exp(beta0 * (theta0 - attenuation * v_dend))) : 1
f : 1
"""
    namespace = {
        "tau": params.tau_ms * ms, "g_dendrite": params.g_dendrite / ms, "tau_avg": params.tau_avg_ms * ms,
        "tau_p": params.tau_p_ms * ms, "tau_d": params.tau_d_ms * ms, "beta0": params.beta0,
        "theta0": params.theta0, "attenuation": params.attenuation, "noise": params.noise,
        "r_out": params.output_rate_hz * Hz, "c_p": params.c_p, "c_d": params.c_d,
    }
    group = NeuronGroup(n, model, threshold="rand() < f * r_out * dt", reset="A_p += c_p\nA_d += c_d",
                        method="euler", order=2, namespace=namespace, name=name)
    group.resetter["spike"].when = "before_synapses"  # traces include this spike before G is updated
    group.run_regularly(
        f"sigma = sqrt(clip(m2 - mu**2, 1e-12, 1e12))\n"
        f"z = clip((u - mu) / sigma, -100, 100)\n"  # bounded so that exp() cannot overflow before sigma settles
        f"f_learn = clip(1 / (1 + exp(beta0 * (theta0 - z))) + ({noisy}) * noise * randn(), 0, 1)\n"
        f"f_test = 1 / (1 + exp(beta0 * (theta0 - u)))\n"
        f"f = ({standardised}) * f_learn + (1 - ({standardised})) * f_test",
        when="groups", order=3, name=name + "_rate",
    )
    return group


def dendritic_synapses(source: NeuronGroup, target: NeuronGroup, params: TwoCompartmentParams, plastic: str,
                       mask: np.ndarray | None = None, name: str = "dendritic_synapses") -> Synapses:
    """Dendritic synapses ``w`` (Eq. 3), all-to-all or where the boolean (source, target) ``mask`` is set (the
    paper's sparse variant: "only 30 % of the total connections"); ``plastic`` (expression, 1 or 0) freezes them."""
    model = f"""
v_dend_post = w * psp_pre : 1 (summed)
dw/dt = ({plastic}) * eta * (psi * (f_post - phi_dend_post) * psp_pre - gamma * w) : 1 (clock-driven)
psi = beta0 * (1 - phi_dend_post) : 1
"""
    synapses = Synapses(source, target, model, method="euler", order=4, name=name,
                        namespace={"eta": params.eta / ms, "gamma": params.gamma, "beta0": params.beta0,
                                   "theta0": params.theta0, "attenuation": params.attenuation})
    if mask is None:
        synapses.connect()
    else:
        sources, targets = np.nonzero(mask)
        synapses.connect(i=sources, j=targets)
    return synapses


def lateral_inhibition(group: NeuronGroup, params: TwoCompartmentParams, plastic: str,
                       name: str = "lateral_inhibition") -> Synapses:
    """Symmetric plastic inhibition G (Eq. 4) between distinct outputs, starting at and bounded by
    G_max = inhibition_max / N; ``plastic`` (expression, 1 or 0) freezes it."""
    g_max = params.inhibition_max / len(group)
    update = "G = clip(G + ({plastic}) * G_max * (A_p_{side} + A_d_{side}), 0, G_max)"
    synapses = Synapses(group, group, "G : 1\ninhibition_post = G * f_pre : 1 (summed)",
                        on_pre=update.format(plastic=plastic, side="post"),
                        on_post=update.format(plastic=plastic, side="pre"),
                        namespace={"G_max": g_max}, name=name)
    synapses.connect(condition="i != j")
    synapses.G = g_max
    return synapses
