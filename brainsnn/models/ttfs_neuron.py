"""Brian2 equations of the time-to-first-spike network of Stanojevic (2023), Ch. 2 (thesis Eqs. 2.2, 2.32-2.35).

Time is counted in units of ``tau_c``; potentials, slopes, weights and thresholds are dimensionless.

Hidden neuron (Eq. 2.2), non-leaky, fires once, forced to fire at ``t_max``::

    tau_c dv/dt = alpha H(t - t_ramp) + sum_j J_ij H(t - t_j)

The synapses accumulate ``I_syn = sum_j J_ij`` and ``SJt = sum_j J_ij t_j`` over the spikes that have arrived.
Zero-padded conv inputs fire at ``t_min`` (x = 0) and enter as the constant ``J_pad`` switched on at ``t_min``.
In the "< 1 spike" variant (``sparse``) every input still silent at ``t_min`` counts as firing then (Sec. 2.4.4),
and a neuron that would only be forced at ``t_max`` stays silent. Two modes:

- ``clock``: ``v`` is integrated on the dt grid; a spike at the first step with ``v >= theta`` (error O(dt)).
- ``exact-event``: once every input has arrived the slope is constant, so the crossing time is the closed form
  ``t_cross = (tau_c theta + alpha t_ramp + SJt + late t_min) / (alpha + I_syn + late)`` (Eq. 2.30, 3.7); the
  neuron fires at the first grid step ``t >= t_cross`` and records ``t_spk = clip(t_cross, t_min, t_max)``.
  Thresholds open ``EXACT_GATE_STEPS`` steps after ``t_min`` so that the previous layer's forced spikes (and
  their pooling neurons) have been delivered.

Max/min-pool neuron (Eq. 2.32): ``v += K`` per input spike, fires once at ``v >= 1``; ``K = 1.5`` fires on the
first input (max-pool, earliest spike), ``1/Q < K < 1/(Q-1)`` on the last of ``Q`` (min-pool, latest spike).

Output integrator (Eqs. 2.34-2.35), non-spiking, read at ``t_read = t_max^(M)``::

    tau_c dv/dt = alpha H(t - t_start) + sum_j w_ij H(t - t_j)   for t < t_read
    v(t_read)   = (alpha (t_read - t_start) + I_syn t_read - SJt) / tau_c        (exact readout)

Synapses (all kinds) run ``I_syn += J; SJt += J t_spk_pre`` or, onto pool neurons, ``v += K``. Brian2's default
schedule delivers spikes before the resets that record ``t_spk``; networks must use ``SCHEDULE``.
"""

from brainsnn.errors import ConfigError

MODES = ("exact-event", "clock")
#: Thresholds, then resets (which write t_spk), then synapses (which read it): spike times reach the next layer.
SCHEDULE = ["start", "groups", "thresholds", "resets", "synapses", "end"]
#: Grid steps after t_min before an exact-event threshold opens: the previous layer's last spikes (step 0) and
#: its pooling neurons (step 1) are delivered by then.
EXACT_GATE_STEPS = 3
#: Increment of a max-pool neuron (> threshold 1: the first input spike fires it).
MAX_POOL_STEP = 1.5

SPIKE_STATE = """
fired : boolean
t_spk : second
"""

INPUT_EQUATIONS = "t_in : second" + SPIKE_STATE
INPUT_THRESHOLD = "not fired and t >= t_in"

ACCUMULATORS = """
I_syn : 1
SJt : second
"""

ON_PRE = "I_syn_post += J\nSJt_post += J * t_spk_pre"
SYNAPSE_MODEL = "J : 1 (constant)"
POOL_ON_PRE = """v_post += K_post
t_first_post += int(t_spk_pre < t_first_post) * (t_spk_pre - t_first_post)
t_last_post += int(t_spk_pre > t_last_post) * (t_spk_pre - t_last_post)
"""


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ConfigError(f"TTFS mode must be one of {', '.join(MODES)}, got {mode!r}")


def input_reset(mode: str) -> str:
    """Input neuron ``j`` fires once at ``t_j = tau_c (1 - x_j)``; exact mode keeps the off-grid time."""
    _check_mode(mode)
    return "fired = True\nt_spk = " + ("t_in" if mode == "exact-event" else "t")


def hidden_equations(mode: str) -> str:
    """Per-neuron state of a hidden layer; ``alpha, t_ramp, t_min, t_max, sparse, tau_c`` come from the namespace."""
    _check_mode(mode)
    state = ACCUMULATORS + SPIKE_STATE + """
theta : 1 (constant)
J_pad : 1 (constant)
J_total : 1 (constant)
late = J_pad + sparse * (J_total - J_pad - I_syn) : 1
"""
    if mode == "clock":
        return "dv/dt = (alpha * int(t > t_ramp) + I_syn + late * int(t >= t_min)) / tau_c : 1" + state
    return state + "t_cross = (tau_c * theta + alpha * t_ramp + SJt + late * t_min) / (alpha + I_syn + late) : second\n"


def hidden_threshold(mode: str, sparse: bool) -> str:
    """Fire once inside ``[t_min, t_max]``; forced at ``t_max`` unless ``sparse``."""
    _check_mode(mode)
    if mode == "clock":
        if sparse:
            return "not fired and t >= t_min and t <= t_max and v >= theta"
        return "not fired and t >= t_min and (v >= theta or t >= t_max)"
    gate = f"not fired and t >= t_min + {EXACT_GATE_STEPS} * dt"
    if sparse:
        return gate + " and t_cross < t_max and t >= t_cross"
    return gate + " and (t >= t_cross or t >= t_max)"


def hidden_reset(mode: str) -> str:
    _check_mode(mode)
    return "fired = True\nt_spk = " + ("clip(t_cross, t_min, t_max)" if mode == "exact-event" else "t")


POOL_EQUATIONS = """
v : 1
K : 1 (constant)
take_latest : 1 (constant)
t_first : second
t_last : second
""" + SPIKE_STATE
POOL_THRESHOLD = "not fired and v >= 1"


def pool_reset(mode: str) -> str:
    """Exact mode forwards the earliest (max-pool) or latest (min-pool) input time, clock mode its own time."""
    _check_mode(mode)
    if mode == "clock":
        return "fired = True\nt_spk = t"
    return "fired = True\nt_spk = take_latest * t_last + (1 - take_latest) * t_first"


def min_pool_step(n_inputs: int) -> float:
    """``K`` between ``1/Q`` and ``1/(Q-1)``: the neuron fires on the last of ``Q`` input spikes (Eq. 2.32)."""
    return 1.0 / (n_inputs - 0.5)


def output_equations(mode: str) -> str:
    """Output integrator; ``t_start, t_read, tau_c`` come from the namespace."""
    _check_mode(mode)
    state = ACCUMULATORS + "alpha : 1 (constant)\n"
    if mode == "clock":
        return "dv/dt = int(t < t_read) * (alpha * int(t >= t_start) + I_syn) / tau_c : 1" + state
    return state
