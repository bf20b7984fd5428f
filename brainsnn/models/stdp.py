"""Trace-based STDP rules chosen by name: ``add``, ``mult``, ``log`` and Diehl & Cook's ``dc``.

Chakraborty & Mukhopadhyay (2021), Eqs. 2-3 with Morrison et al. (2007) traces::

    dW = eta (1 + zeta) H(W; t_pre - t_post),   zeta ~ N(0, sigma^2)
    on pre : trace_ltp  += 1;  W -= eta (1 + zeta) c_minus f_minus(W) trace_ltd     (LTD, post before pre)
    on post: trace_ltd += 1;  W += eta (1 + zeta) c_plus  f_plus(W)  trace_ltp      (LTP, pre before post)

with ``trace_ltp`` decaying with tau_plus and ``trace_ltd`` with tau_minus, and the weight dependences

=======  =============================  ===================================================================
rule     f_plus(W)                      f_minus(W)
=======  =============================  ===================================================================
add      1 (Song et al. 2000, Eq. 8)    1 (hard bounds [0, w_max])
mult     1 (van Rossum 2000, Eq. 9)     W (fixed point c+ tau+ / c- tau-)
log      exp(-W / (W0 gamma)) (Eq. 6)   W/W0 if W <= W0 else 1 + ln(1 + S (W/W0 - 1)) / S (Eq. 7)
=======  =============================  ===================================================================

``dc`` is Diehl & Cook's (2015) nearest-spike rule with two post traces (no noise): on pre ``W -= nu_ltd post1``,
on post ``W += nu_ltp pre post2`` (post2 taken before its reset). All rules are gated by the postsynaptic
variable ``learning`` (1 while training, 0 frozen) and clip to [0, w_max].

Presynaptic traces live in the synapses (event-driven, so each synapse's transmission delay applies to its own
trace). Postsynaptic traces are the same for every synapse onto a neuron (the post pathway has no delay), so they
live in the postsynaptic group, as in Diehl & Cook's Brian 1 code: one decay per neuron and time step instead of
one exponential per synapse and input spike. The group declares them with ``post_model`` and ``post_reset``.

The returned code can also keep each postsynaptic neuron's summed input weight ``w_sum`` up to date, so that
Diehl & Cook's column normalisation needs no ``(summed)`` variable (evaluated every step, 10x slower).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from brian2 import ms

from brainsnn.config import require_positive
from brainsnn.errors import ConfigError
from brainsnn.models.gated_normal import gated_randn, noise_draw

RULES = ("add", "mult", "log", "dc")

#: Parameters each rule reads, with defaults (Table 1 of Chakraborty & Mukhopadhyay for add/mult/log, the
#: Diehl & Cook 2015 code for dc). Time constants in ms.
RULE_DEFAULTS: dict[str, dict[str, float]] = {
    "add": dict(eta=2e-4, sigma=0.5, c_plus=1.0, c_minus=0.55, tau_plus=17.0, tau_minus=34.0, w_max=0.04),
    "mult": dict(eta=2e-4, sigma=0.5, c_plus=1.0, c_minus=100.0, tau_plus=17.0, tau_minus=34.0, w_max=1.0),
    "log": dict(
        eta=2e-4, sigma=0.5, c_plus=1.0, c_minus=0.5, tau_plus=17.0, tau_minus=34.0, w_max=1.0,
        w0=0.006, curvature=5.0, ltp_decay=50.0,
    ),
    "dc": dict(nu_ltd=1e-4, nu_ltp=1e-2, tau_pre_trace=20.0, tau_post_trace1=20.0, tau_post_trace2=40.0, w_max=1.0),
}

_WEIGHT_DEPENDENCE = {
    "add": ("1", "1"),
    "mult": ("1", "w"),
    "log": (
        "exp(-w / (w0 * ltp_decay))",
        "int(w <= w0) * w / w0 + int(w > w0) * (1 + log(1 + curvature * clip(w / w0 - 1, 0, inf)) / curvature)",
    ),
}


@dataclass(frozen=True)
class STDPCode:
    """Brian2 arguments of a rule: ``Synapses(src, dst, model, on_pre=..., on_post=..., namespace=...)`` and, for
    the postsynaptic group, the trace equations ``post_model``, the statements ``post_reset`` its reset must run
    and the constants ``post_namespace`` they read (empty for a rule without postsynaptic traces).

    With ``as_variables`` the rule constants are shared variables (of the synapses, or of the postsynaptic group
    for the postsynaptic traces' time constants) instead of namespace constants, so new values need no
    recompilation (standalone ``run_args``); :meth:`assign` sets them.
    """

    model: str
    on_pre: str
    on_post: str
    namespace: dict[str, Any]
    values: dict[str, Any]
    post_model: str = ""
    post_reset: str = ""
    post_namespace: dict[str, Any] = field(default_factory=dict)
    post_values: dict[str, Any] = field(default_factory=dict)
    synapse_traces: tuple[str, ...] = ()
    post_traces: tuple[str, ...] = ()

    def assign(self, synapses) -> None:
        """Set the rule constants declared as variables (no-op when they are namespace constants)."""
        for name, value in self.values.items():
            setattr(synapses, name, value)
        for name, value in self.post_values.items():
            setattr(synapses.target, name, value)

    def postsynaptic_arguments(self, extra_model: str = "") -> dict[str, Any]:
        """Keyword arguments giving a neuron-group factory (``excitatory_group``, ``linear_poisson_group``) the
        rule's postsynaptic traces, after the group's own ``extra_model``."""
        return {"extra_model": f"{extra_model}\n{self.post_model}", "extra_reset": self.post_reset,
                **self.post_namespace}


def rule_parameters(rule: str, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """Defaults of ``rule`` updated with those ``overrides`` the rule reads; validated."""
    if rule not in RULES:
        raise ConfigError(f"unknown STDP rule {rule!r}; choose one of {', '.join(RULES)}")
    params = dict(RULE_DEFAULTS[rule])
    params.update({k: v for k, v in (overrides or {}).items() if k in params})
    require_positive(params, *(k for k in params if k != "sigma"))
    if "sigma" in params:
        require_positive(params, "sigma", allow_zero=True)
    return params


def stdp_code(
    rule: str,
    params: Mapping[str, float],
    *,
    transmission: str = "ge_post += w",
    track_column_sum: bool = False,
    as_variables: bool = False,
) -> STDPCode:
    """Synapse equations of ``rule`` (on a pre spike ``transmission``, e.g. ``ge_post += w``, then plasticity) and
    the postsynaptic group's traces (:class:`STDPCode`).

    Parameters
    ----------
    rule : {'add', 'mult', 'log', 'dc'}
    params : mapping
        Output of :func:`rule_parameters`.
    transmission : str
        Statements run on a presynaptic spike before plasticity.
    track_column_sum : bool
        Also keep the postsynaptic ``w_sum`` equal to the sum of the neuron's input weights.
    as_variables : bool
        Declare the rule constants as shared synaptic variables (see :class:`STDPCode`).
    """
    params = rule_parameters(rule, params)
    if rule == "dc":
        synapse_traces, post_traces = {"pre": "tau_pre_trace"}, {"post1": "tau_post_trace1", "post2": "tau_post_trace2"}
        ltd = "w = clip(w - learning_post * nu_ltd * post1_post, 0, w_max)"
        ltp = "w = clip(w + learning_post * nu_ltp * pre * post2_post, 0, w_max)"
        pre_trace, post_reset = "pre = 1", "post1 = 1\npost2 = 1"
    else:
        f_plus, f_minus = _WEIGHT_DEPENDENCE[rule]
        synapse_traces, post_traces = {"trace_ltp": "tau_plus"}, {"trace_ltd": "tau_minus"}
        ltd = _noisy_update("-", "c_minus", f_minus, "trace_ltd_post")
        ltp = _noisy_update("+", "c_plus", f_plus, "trace_ltp")
        pre_trace, post_reset = "trace_ltp += 1", "trace_ltd += 1"
    model = "w : 1" + "".join(f"\nd{x}/dt = -{x} / {tau} : 1 (event-driven)" for x, tau in synapse_traces.items())
    post_model = "\n".join(f"d{x}/dt = -{x} / {tau} : 1" for x, tau in post_traces.items())
    if track_column_sum:
        ltd = f"w_before = w\n{ltd}\nw_sum_post += w - w_before"
        ltp = f"w_before = w\n{ltp}\nw_sum_post += w - w_before"
    on_pre = f"{transmission}\n{pre_trace}\n{ltd}"
    on_post = ltp
    constants = {k: (v * ms if k.startswith("tau") else v) for k, v in params.items()}
    post_constants = {tau: constants.pop(tau) for tau in post_traces.values()}
    functions = {"gated_randn": gated_randn}
    names = dict(synapse_traces=tuple(synapse_traces), post_traces=tuple(post_traces))
    if not as_variables:
        return STDPCode(model=model, on_pre=on_pre, on_post=on_post, namespace={**functions, **constants}, values={},
                        post_model=post_model, post_reset=post_reset, post_namespace=post_constants, post_values={},
                        **names)
    return STDPCode(model=model + _shared(constants), on_pre=on_pre, on_post=on_post, namespace=functions,
                    values=constants, post_model=post_model + _shared(post_constants), post_reset=post_reset,
                    post_namespace={}, post_values=post_constants, **names)


def _shared(constants: Mapping[str, Any]) -> str:
    """Declarations of ``constants`` as shared constant variables (time constants in seconds)."""
    return "".join(f"\n{k} : {'second' if k.startswith('tau') else '1'} (shared, constant)" for k in constants)


def _noisy_update(sign: str, scale: str, dependence: str, trace: str) -> str:
    """``w = clip(w +/- learning eta (1 + sigma zeta) scale f(w) trace, 0, w_max)`` (Eq. 2), with zeta drawn only
    where the update is not 0 anyway (:mod:`brainsnn.models.gated_normal`)."""
    zeta = noise_draw(f"learning_post * {trace}")
    return (f"w = clip(w {sign} learning_post * eta * (1 + sigma * {zeta}) * {scale} * ({dependence}) * {trace}, "
            "0, w_max)")
