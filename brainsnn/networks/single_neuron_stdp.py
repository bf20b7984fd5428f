"""One linear Poisson neuron per STDP rule, all driven by the same 200 pooled Poisson inputs (Table 1 set-up).

Chakraborty & Mukhopadhyay (2021), Table 1 and Fig. 1: the rules run side by side in one ``Network`` (one neuron
and one ``Synapses`` object each) so they see identical input; weights are sampled every ``record_every`` for
the tail-index (BG) analysis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from brian2 import (
    Network,
    NeuronGroup,
    SpikeGeneratorGroup,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    defaultclock,
    ms,
    second,
)

from brainsnn.backend import use_backend
from brainsnn.data.correlated_pools import correlated_pool_spikes
from brainsnn.models.linear_poisson_neuron import TRANSMISSION, linear_poisson_group
from brainsnn.models.stdp import rule_parameters, stdp_code
from brainsnn.progress import brian_report
from brainsnn.units import in_unit


@dataclass
class SingleNeuronResult:
    """Weights and output of each rule (dicts keyed by rule name)."""

    initial_weights: dict[str, np.ndarray]
    final_weights: dict[str, np.ndarray]
    weight_snapshots: dict[str, np.ndarray]  # (n_snapshots, n_inputs)
    output_rate_hz: dict[str, float]
    input_rate_hz: float


def run_single_neuron_stdp(
    rules: Sequence[str],
    rule_overrides: Mapping[str, Mapping[str, float]],
    *,
    pool_sizes: Sequence[int] = (50, 50, 50, 50),
    pool_correlations: Sequence[float] = (0.2, 0.1, 0.05, 0.0),
    input_rate_hz: float = 10.0,
    duration_s: float = 200.0,
    dt_ms: float = 0.1,
    delay_ms: float = 0.75,
    initial_weight: Mapping[str, float] | None = None,
    record_every_ms: float = 100.0,
    device: str = "numpy",
    seed: int = 0,
    threads: int = 0,
) -> SingleNeuronResult:
    """Simulate ``duration_s`` seconds of STDP for each rule in ``rules``.

    Initial weights are U(0, 2 w_init) per rule (``initial_weight[rule]``, default the rule's fixed point:
    W0 for log, c+ tau+ / (c- tau-) for mult, w_max / 2 for add), drawn with numpy so every backend starts
    from the same weights. The input spikes are generated in numpy too.

    The defaults are those of the ``stdp-single-neuron`` study, except ``device``: ``numpy`` needs no compiler.
    ``input_rate_hz``, ``duration_s``, ``dt_ms``, ``delay_ms`` and ``record_every_ms`` are numbers in the unit
    their name ends with, or Brian2 quantities (``duration_s=20 * second``).
    """
    input_rate_hz = in_unit(input_rate_hz, "Hz", "input_rate_hz")
    duration_s = in_unit(duration_s, "second", "duration_s")
    dt_ms = in_unit(dt_ms, "ms", "dt_ms")
    delay_ms = in_unit(delay_ms, "ms", "delay_ms")
    record_every_ms = in_unit(record_every_ms, "ms", "record_every_ms")
    rng = np.random.default_rng(seed)
    n_inputs = int(sum(pool_sizes))
    indices, times = correlated_pool_spikes(
        pool_sizes, pool_correlations, input_rate_hz, duration_s, dt_ms * 1e-3, rng
    )
    params = {rule: rule_parameters(rule, rule_overrides.get(rule)) for rule in rules}
    start = {rule: rng.uniform(0, 2 * _initial_weight(rule, params[rule], initial_weight), n_inputs) for rule in rules}

    with use_backend(device, label="single-neuron-stdp", seed=seed, threads=threads) as backend:
        defaultclock.dt = dt_ms * ms
        inputs = SpikeGeneratorGroup(n_inputs, indices, times * second, name="inputs")
        net = Network(inputs)
        monitors = {}
        for rule in rules:
            monitors[rule] = _plastic_neuron(inputs, rule, params[rule], start[rule], delay_ms, record_every_ms)
            net.add(*monitors[rule])
        net.run(duration_s * second, report=brian_report())
        backend.execute()
        return SingleNeuronResult(
            initial_weights=start,
            final_weights={rule: np.array(m[1].w[:]) for rule, m in monitors.items()},
            weight_snapshots={rule: np.array(m[2].w[:]).T for rule, m in monitors.items()},
            output_rate_hz={rule: m[3].num_spikes / duration_s for rule, m in monitors.items()},
            input_rate_hz=len(times) / n_inputs / duration_s,
        )


def _plastic_neuron(inputs, rule: str, params: Mapping[str, float], start: np.ndarray, delay_ms: float,
                    record_every_ms: float) -> tuple[NeuronGroup, Synapses, StateMonitor, SpikeMonitor]:
    """One linear Poisson neuron learning from every input with ``rule``; its weights sampled every
    ``record_every_ms``. Synapse k comes from input k (explicit indices, so standalone mode can check what the
    weight monitor records)."""
    code = stdp_code(rule, params, transmission=TRANSMISSION)
    neuron = linear_poisson_group(1, name=f"neuron_{rule}", **code.postsynaptic_arguments())
    neuron.learning = 1
    synapses = Synapses(
        inputs, neuron, code.model, on_pre=code.on_pre, on_post=code.on_post, namespace=code.namespace,
        delay=delay_ms * ms, name=f"synapses_{rule}",
    )
    synapses.connect(i=np.arange(len(start)), j=np.zeros(len(start), dtype=int))
    synapses.w = start
    weights = StateMonitor(synapses, "w", record=np.arange(len(start)), dt=record_every_ms * ms,
                           name=f"weights_{rule}")
    return neuron, synapses, weights, SpikeMonitor(neuron, name=f"spikes_{rule}")


def _initial_weight(rule: str, params: Mapping[str, float], override: Mapping[str, float] | None) -> float:
    """Mean initial weight: the override, else the rule's equilibrium weight."""
    if override and rule in override:
        return override[rule]
    if rule == "log":
        return params["w0"]
    if rule == "mult":
        return params["c_plus"] * params["tau_plus"] / (params["c_minus"] * params["tau_minus"])
    return params["w_max"] / 2
