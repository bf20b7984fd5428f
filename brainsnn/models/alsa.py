"""ALSA plasticity: potentiation for positive ISI plus a constant heterosynaptic depression (Mo et al. 2022).

Mo, Wang, Long & Zhuo (2022), "ALSA: Associative Learning Based Supervised Learning Algorithm for SNN",
Front. Neurosci. 16:838832, Eqs. 6-7::

    dw = eta (alpha + beta exp(-ISI / tau_p)) w (1 - w)   if ISI > 0,   else dw = 0        (Eq. 6)
    ISI = t_post - t_pre   between the most recent pre and post spikes                      (Eq. 7)

alpha < 0 is the heterosynaptic LTD bias, beta > 0 the LTP strength, w (1 - w) a soft bound keeping w in [0, 1].
A pre spike never changes w (its ISI to the last post spike is negative), so the rule runs on post spikes only,
with the time ``last_pre_spike`` of the synapse's most recent pre spike. A pre and post spike in the same time step
give ISI = 0 and no change (Brian2 runs the pre pathway first). A synapse whose pre neuron has not fired holds
``last_pre_spike = NEVER``: exp(-ISI / tau_p) = 0 and a post spike depresses it by eta alpha w (1 - w).

For independent Poisson pre and post trains at rate f, the ISI back from a post spike is exponential with rate f,
so E[exp(-ISI / tau_p)] = f tau_p / (1 + f tau_p) and the mean change per post spike is
eta w (1 - w) (alpha + beta f tau_p / (1 + f tau_p)): LTD below, LTP above the crossover (Fig. 3)::

    f* = -alpha / ((alpha + beta) tau_p)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from brian2 import ms, second

from brainsnn.errors import ConfigError
from brainsnn.models.stdp import STDPCode
from brainsnn.units import in_unit

#: ``last_pre_spike`` of a synapse whose pre neuron has not fired (in the current sample).
NEVER = -1e4 * second


@dataclass(frozen=True)
class AlsaRule:
    """Constants of Eq. 6 (``tau_p_ms`` in ms, or a Brian2 quantity)."""

    eta: float
    alpha: float
    beta: float
    tau_p_ms: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "tau_p_ms", in_unit(self.tau_p_ms, "ms", "tau_p_ms"))
        values = (self.eta, self.alpha, self.beta, self.tau_p_ms)
        if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
            raise ConfigError(f"ALSA constants must be finite numbers, got {self}")
        if self.eta <= 0 or self.tau_p_ms <= 0:
            raise ConfigError(f"ALSA needs eta > 0 and tau_p_ms > 0, got eta={self.eta}, tau_p_ms={self.tau_p_ms}")
        if self.beta <= 0 or self.alpha >= 0:
            raise ConfigError(
                f"ALSA needs alpha < 0 (heterosynaptic LTD) and beta > 0 (LTP), got alpha={self.alpha}, "
                f"beta={self.beta}"
            )

    def crossover_rate_hz(self, tau_p_ms: float | None = None) -> float:
        """f* = -alpha / ((alpha + beta) tau_p) in Hz (infinite when alpha + beta <= 0: LTD at every rate)."""
        tau_s = (self.tau_p_ms if tau_p_ms is None else in_unit(tau_p_ms, "ms", "tau_p_ms")) * 1e-3
        return -self.alpha / ((self.alpha + self.beta) * tau_s) if self.alpha + self.beta > 0 else math.inf

    def crossover_isi_ms(self) -> float:
        """ISI* = tau_p ln(beta / -alpha): LTP for shorter, LTD for longer positive ISIs."""
        return self.tau_p_ms * math.log(self.beta / -self.alpha)


#: Fig. 3 (rule characterisation; tau_p varies).
FIG3_RULE = AlsaRule(eta=0.01, alpha=-0.1, beta=1.0, tau_p_ms=20.0)
#: IRIS, 48 encoding neurons -> 3 outputs.
IRIS_RULE = AlsaRule(eta=0.015, alpha=-0.1, beta=1.0, tau_p_ms=50.0)


def alsa_code(
    rule: AlsaRule, *, transmission: str = "ge_post += w", gate: str = "1", tau_p_per_synapse: bool = False
) -> STDPCode:
    """Brian2 ``Synapses`` arguments of Eqs. 6-7.

    Parameters
    ----------
    rule
        The constants.
    transmission
        Statements run on a pre spike (e.g. ``ge_post += w``; empty for a plasticity-only synapse).
    gate
        Expression multiplying dw: ``1``, or e.g. a TimedArray ``plastic(t)`` that is 0 while testing.
    tau_p_per_synapse
        Declare ``tau_p`` as a constant synaptic variable (set it on the synapses) instead of using
        ``rule.tau_p_ms``.
    """
    model = "w : 1\nlast_pre_spike : second"
    namespace = {"eta": rule.eta, "alpha": rule.alpha, "beta": rule.beta, "never": NEVER}
    if tau_p_per_synapse:
        model += "\ntau_p : second (constant)"
    else:
        namespace["tau_p"] = rule.tau_p_ms * ms
    on_pre = f"{transmission}\nlast_pre_spike = t" if transmission else "last_pre_spike = t"
    on_post = (
        "isi = t - last_pre_spike\n"
        f"w = clip(w + ({gate}) * int(isi > 0*ms) * eta * (alpha + beta * exp(-isi / tau_p)) * w * (1 - w), 0, 1)"
    )
    return STDPCode(model=model, on_pre=on_pre, on_post=on_post, namespace=namespace, values={})


#: Statement that forgets the last pre spike (run at each sample onset so "silent" means silent in this sample).
FORGET_PRE_SPIKES = "last_pre_spike = never"
