"""A `DeploymentPlan` as Brian2 groups and synapses, run over many samples in one ``run()``.

Samples are presented one after another, ``steps`` time steps each, and every population is reset at the start of
a sample (``run_regularly`` every ``steps * dt``). Each Brian2 time step reproduces one step of `SpikingNetwork`:
all objects run in the ``thresholds`` slot, ordered population by population — synapses into it (``I += w``, or
``x = 1`` for a max-pooling relay), the membrane update, the threshold, the reset — so a spike reaches the last layer
in the step it was caused, as in the torch forward. The LIF update (brainsnn.train.snn.neurons)::

    active = (refractory_left == 0);  refractory_left = max(refractory_left - 1, 0)
    v = active ? beta v + I + b : v;  spike if active and v >= threshold
    reset: v = 0 ("zero") or v -= threshold ("subtract");  refractory_left = refractory_steps

A population after a `TimeBatchNorm` takes ``scale[t] I + offset[t]`` instead of ``I + b``, from 2-D
``TimedArray`` tables indexed by the step within the sample (``sample_step``). A LIF population starts every sample
from its ``initial_v``. Input spikes come from one ``SpikeGeneratorGroup``. Direct (analog) inputs
(``input_coding="direct"``: the first layer's current is ``W x[t]``, e.g. a constant current ``x`` for every step)
come from an input group whose ``x`` is read from a ``TimedArray`` at every step and that "fires" where ``x != 0``,
its synapses adding ``w x``: the same event path, one multiply-accumulate per non-zero input and synapse. The
read-out `Integrator` (``v = beta v + I + b``, no threshold) is recorded at every step. Runs on numpy, cython,
cpp_standalone and cuda_standalone (`brainsnn.backend`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import (
    Network,
    NeuronGroup,
    SpikeGeneratorGroup,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    TimedArray,
    defaultclock,
    ms,
    second,
)

from brainsnn.backend import use_backend
from brainsnn.deploy.plan import DeploymentPlan, Population
from brainsnn.errors import ConfigError
from brainsnn.progress import brian_report
from brainsnn.units import in_unit

SLOT = "thresholds"
#: Schedule positions within a population's block of the time step.
SYNAPSES, UPDATE, THRESHOLD, RESET, BLOCK = 0, 1, 2, 3, 4
SAMPLE_RESET_ORDER = -1

#: Variables of every neuron population; the spiking ones add the last two.
NEURON_MODEL = """
v : 1
I : 1
b : 1 (constant)
sample_step : 1
"""
SPIKING_VARIABLES = """
active : 1
refractory_left : 1
"""
LIF_UPDATE = """
active = int(refractory_left < 0.5)
refractory_left = clip(refractory_left - 1, 0, refractory_steps)
v = active * (beta * v + {current}) + (1 - active) * v
"""
INTEGRATOR_UPDATE = "v = beta * v + {current}\n"
#: Every update ends by clearing the synaptic input and advancing the step counter.
UPDATE_END = "I = 0\nsample_step += 1"
CURRENT = "I + b"
#: Per-step tables are read at time ``sample_step * second`` (a TimedArray with dt = 1 s: index = step).
TABLE_CURRENT = "step_scale(sample_step * second, i) * I + step_offset(sample_step * second, i)"
RESETS = {"zero": "v = 0", "subtract": "v -= theta"}
#: How input samples reach the first layer: 0/1 spikes, or real values added as ``w x`` (direct coding).
INPUT_CODINGS = ("spikes", "direct")


@dataclass(frozen=True)
class BrianRun:
    """Spikes ``(T, n_samples, n)`` of every LIF population (the layout of `SpikeRecord.spikes`), the read-out
    ``(n_samples, classes)`` (spike counts, or ``v[T] / T`` of an integrator), spike counts per population
    (``(n_samples, n)``, inputs and relays included; for direct inputs the steps with ``x != 0``) for counting
    synaptic operations, and the input coding."""

    spikes: list[np.ndarray]
    readout: np.ndarray
    counts: dict[str, np.ndarray]
    device: str
    input_coding: str = "spikes"


def _place(obj, population_index: int, position: int) -> None:
    obj.when, obj.order = SLOT, BLOCK * population_index + position


def _place_spiking(group: NeuronGroup, index: int) -> None:
    """Threshold and reset of a population that spikes, after its update in the step."""
    _place(group.thresholder["spike"], index, THRESHOLD)
    _place(group.resetter["spike"], index, RESET)


def _namespace(population: Population, steps: int) -> dict:
    namespace = {"beta": population.beta, "theta": population.threshold,
                 "refractory_steps": population.refractory_steps, "initial_v": population.initial_v}
    if population.step_scale is not None:
        if len(population.step_scale) != steps:
            raise ConfigError(f"{population.name} has batch-norm statistics for {len(population.step_scale)} time "
                              f"steps, but the inputs have {steps}; encode them with as many steps")
        namespace["step_scale"] = TimedArray(population.step_scale, dt=1 * second)
        namespace["step_offset"] = TimedArray(population.step_offset, dt=1 * second)
    return namespace


def _group(population: Population, index: int, steps: int, dt) -> NeuronGroup:
    if population.kind == "relay":
        group = NeuronGroup(population.size, "x : 1", threshold="x > 0.5", reset="x = 0", name=population.name)
        _place_spiking(group, index)
        return group
    current = CURRENT if population.step_scale is None else TABLE_CURRENT
    spiking = population.kind == "spiking"
    group = NeuronGroup(
        population.size, NEURON_MODEL + (SPIKING_VARIABLES if spiking else ""), name=population.name,
        threshold="active > 0.5 and v >= theta" if spiking else None,
        reset=f"{RESETS[population.reset]}\nrefractory_left = refractory_steps" if spiking else None,
        namespace=_namespace(population, steps),
    )
    update = (LIF_UPDATE if spiking else INTEGRATOR_UPDATE).format(current=current) + UPDATE_END
    _place(group.run_regularly(update), index, UPDATE)
    sample_reset = ("v = initial_v\nrefractory_left = 0" if spiking else "v = 0") + "\nsample_step = 0"
    _place(group.run_regularly(sample_reset, dt=steps * dt), index, SAMPLE_RESET_ORDER)
    if spiking:
        _place_spiking(group, index)
    if population.bias is not None:
        group.b = population.bias
    return group


def _synapses(source, target, population: Population, index: int, input_coding: str) -> Synapses:
    if population.kind == "relay":
        on_pre = "x_post = 1"
    else:
        on_pre = "I_post += w * x_pre" if index == 1 and input_coding == "direct" else "I_post += w"
    synapses = Synapses(source, target, "w : 1 (constant)", on_pre=on_pre, name=f"synapses_{population.name}")
    synapses.connect(i=population.synapses.pre, j=population.synapses.post)
    synapses.w = population.synapses.weight
    _place(synapses.pre, index, SYNAPSES)
    return synapses


def _input_group(n_inputs: int, spikes: np.ndarray, dt) -> SpikeGeneratorGroup:
    steps, samples = spikes.shape[:2]
    step, sample, neuron = np.nonzero(spikes.reshape(steps, samples, n_inputs))
    when = sample * steps + step
    order = np.lexsort((neuron, when))
    group = SpikeGeneratorGroup(n_inputs, neuron[order], when[order] * dt, name="inputs")
    _place(group, 0, THRESHOLD)
    return group


def _direct_input_group(n_inputs: int, values: np.ndarray, dt) -> NeuronGroup:
    """Inputs ``x[t]`` from a table: one row per sample when every step of a sample is the same (a constant
    current), else one row per step."""
    steps, samples = values.shape[:2]
    rows = values.reshape(steps, samples, n_inputs)
    if (rows == rows[:1]).all():
        drive = TimedArray(rows[0], dt=steps * dt)
    else:
        drive = TimedArray(rows.transpose(1, 0, 2).reshape(samples * steps, n_inputs), dt=dt)
    group = NeuronGroup(n_inputs, "x : 1", threshold="x != 0", reset="", name="inputs", namespace={"drive": drive})
    _place(group.run_regularly("x = drive(t, i)"), 0, UPDATE)
    _place(group.thresholder["spike"], 0, THRESHOLD)
    return group


def _checked_inputs(plan: DeploymentPlan, inputs: np.ndarray, input_coding: str) -> np.ndarray:
    shape = plan.populations[0].shape
    if input_coding not in INPUT_CODINGS:
        raise ConfigError(f"unknown input_coding {input_coding!r}; choose one of {', '.join(INPUT_CODINGS)}")
    if inputs.ndim < 3 or inputs.shape[2:] != shape:
        raise ConfigError(f"inputs must be (steps, samples, *{shape}), got shape {inputs.shape}")
    if input_coding == "spikes" and not np.isin(inputs, (0, 1)).all():
        raise ConfigError("input spikes must be 0 or 1 (encode intensities first, e.g. brainsnn.train.snn.encoders, "
                          'or pass input_coding="direct" for analog inputs)')
    if input_coding == "direct":
        if not np.isfinite(inputs).all():
            raise ConfigError("direct inputs must be finite numbers")
        if plan.populations[1].kind == "relay":
            raise ConfigError("max pooling of direct (analog) inputs is not an OR of spikes; pool after the first "
                              "spiking layer or encode the inputs as spikes")
    return inputs


def _trains(monitor: SpikeMonitor, steps: int, samples: int, size: int, dt) -> np.ndarray:
    trains = np.zeros((steps, samples, size), dtype=bool)
    when = np.rint(np.asarray(monitor.t / dt)).astype(np.int64)
    trains[when % steps, when // steps, np.asarray(monitor.i)] = True
    return trains


def run_in_brian(
    plan: DeploymentPlan, inputs: np.ndarray, *, device: str = "cpp_standalone", dt_ms: float = 1.0,
    input_coding: str = "spikes",
) -> BrianRun:
    """Run ``plan`` on ``inputs`` ``(T, n_samples, *input_shape)`` with Brian2 ``device``; one time step lasts
    ``dt_ms`` (milliseconds, or a Brian2 time). ``input_coding``: ``"spikes"`` (0/1 values) or ``"direct"`` (real
    values, the first layer's current ``W x[t]`` each step).

    Raises `brainsnn.backend.BackendCannotRun` for ``cuda_standalone`` without a GPU, after compiling.
    """
    dt = in_unit(dt_ms, "ms", "dt_ms") * ms
    if not dt > 0:
        raise ConfigError(f"dt_ms must be positive, got {dt_ms!r}")
    spikes = _checked_inputs(plan, np.asarray(inputs), input_coding)
    size = plan.populations[0].size
    steps, samples = spikes.shape[:2]
    with use_backend(device, label="deploy") as backend:
        defaultclock.dt = dt
        groups = [_input_group(size, spikes, dt) if input_coding == "spikes" else
                  _direct_input_group(size, spikes.astype(np.float64), dt)]
        objects = list(groups)
        for index, population in enumerate(plan.populations[1:], start=1):
            group = _group(population, index, steps, dt)
            objects += [group, _synapses(groups[-1], group, population, index, input_coding)]
            groups.append(group)
        spike_monitors = {population.name: SpikeMonitor(group)
                          for population, group in zip(plan.populations, groups, strict=True)
                          if population.kind != "integrator"}
        readout = plan.populations[-1]
        potential = StateMonitor(groups[-1], "v", record=True, when="end") if readout.kind == "integrator" else None
        objects += [*spike_monitors.values(), *([potential] if potential is not None else [])]
        Network(*objects).run(steps * samples * dt, report=brian_report())
        backend.execute()
        sizes = {population.name: population.size for population in plan.populations}
        trains = {name: _trains(monitor, steps, samples, sizes[name], dt) for name, monitor in spike_monitors.items()}
        if potential is not None:
            values = np.asarray(potential.v).reshape(readout.size, samples, steps)
            output = values[:, :, -1].T / steps
        else:
            output = trains[readout.name].sum(axis=0).astype(np.float64)
        return BrianRun(
            spikes=[trains[p.name] for p in plan.spiking], readout=output,
            counts={name: train.sum(axis=0) for name, train in trains.items()}, device=backend.name,
            input_coding=input_coding,
        )
