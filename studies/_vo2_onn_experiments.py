"""The experiments of the ``vo2-onn`` study, one function per group of the paper's figures.

Each function simulates on ``config['device']``, saves its figures into ``out_dir`` and returns plain metrics.
Pair experiments (Figs. 2-9) share one compiled batch of oscillator pairs; the 60-oscillator ONN (Figs. 12-14) has
its own. Times are in us, resistances in kOhm, phases in degrees.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from brian2 import kohm, mvolt, ohm, second, usecond, volt

from brainsnn.backend import use_backend
from brainsnn.data.digit_bitmaps import COLUMNS, ROWS, digit_patterns
from brainsnn.data.fuzzy_patterns import fuzzy_inputs
from brainsnn.errors import ConfigError
from brainsnn.metrics.retrieval import exact_retrieval, hamming_up_to_inversion, nearest_pattern
from brainsnn.models.hopfield import hebbian_weights, recall
from brainsnn.models.transition_function import fit_epsilon, zeta, zeta_inverse
from brainsnn.models.vo2_oscillator import VO2Parameters
from brainsnn.networks.hopfield_onn import HopfieldONN, Retrieval
from brainsnn.networks.onn_mapping import ResistanceMapping, transit_delays, weight_levels
from brainsnn.networks.oscillator_pairs import OscillatorPairs
from brainsnn.report import save_figure

US, KOHM = 1e6, 1e-3
#: Pairs recorded for the waveform figures (Figs. 2-4).
RECORDED_PAIRS = 3


def circuit_from(config: Mapping[str, Any], **overrides) -> VO2Parameters:
    """Table 1 with the configured V_H and R_S."""
    return VO2Parameters(v_h=config["v_h_volt"] * volt, r_s=config["r_s_kohm"] * kohm, **overrides)


def metric_key(value: float) -> str:
    """The metrics.json key of a parameter value (1.875 -> "1.875", 12 -> "12")."""
    return f"{value:g}"


def _pairs(config: Mapping[str, Any], backend, period_estimate) -> OscillatorPairs:
    return OscillatorPairs(backend, config["pair_batch"], config["pair_periods"] * period_estimate,
                           config["hysteresis"], recorded_pairs=RECORDED_PAIRS)


def _bracket_kohm(config: Mapping[str, Any], circuit: VO2Parameters, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per pair, ``r_bracket_kohm`` scaled by R_S / ``r_s_kohm``: zeta^-1 grows with R_S || R_ins (Eq. 10), so
    the low-R_S circuits of Fig. 8 need a lower bracket than the nominal one."""
    scale = np.asarray(circuit.r_s / kohm) / config["r_s_kohm"] * np.ones(n)
    low, high = config["r_bracket_kohm"]
    return low * scale, high * scale


def _zeta_inverse(pairs: OscillatorPairs, circuit, delays, config) -> np.ndarray:
    """Simulated zeta^-1 (kOhm) at ``delays``, in batches of the pair batch size."""
    values = []
    delays = np.atleast_1d(np.asarray(delays / second))
    low, high = _bracket_kohm(config, circuit, len(delays))
    for start in range(0, len(delays), pairs.n_pairs):
        part = slice(start, start + pairs.n_pairs)
        chunk_circuit = circuit if np.ndim(circuit.r_s) == 0 else _slice_circuit(circuit, part)
        values.append(np.asarray(pairs.zeta_inverse(chunk_circuit, delays[part] * second, low[part] * kohm,
                                                    high[part] * kohm, config["bisection_iterations"]) / kohm))
    return np.concatenate(values)


def _slice_circuit(circuit: VO2Parameters, part: slice) -> VO2Parameters:
    return replace(circuit, **{p.name: (getattr(circuit, p.name) * np.ones(np.size(circuit.r_s)))[part]
                               for p in fields(circuit)})


def pair_experiments(config: Mapping[str, Any], out_dir: Path) -> dict[str, Any]:
    """Figs. 2-9: single oscillators, switches, the phase map and transition function, variability, asymmetry."""
    circuit = circuit_from(config)
    metrics: dict[str, Any] = {}
    with use_backend(config["device"], label="vo2-pairs", seed=config["seed"], threads=config["threads"]) as backend:
        pairs = _pairs(config, backend, circuit.period)
        period = _single_oscillator(pairs, circuit, config, metrics, out_dir)
        _switches(pairs, circuit, period, metrics, out_dir)
        _phase_map(pairs, circuit, period, config, metrics, out_dir)
        _variability(pairs, circuit, config, metrics, out_dir)
        metrics["asymmetry"] = _asymmetry_resistances(pairs, circuit, config)
    return metrics


def _single_oscillator(pairs, circuit, config, metrics, out_dir) -> float:
    r_s = np.asarray(config["single_r_s_kohm"], dtype=float)
    circuits = VO2Parameters(v_h=circuit.v_h, r_s=r_s * kohm)
    stats = pairs.free_running(circuits)
    nominal = pairs.free_running(circuit)
    period = float(nominal.period[0])
    _, run = pairs.run(circuit, 0 * second, np.inf * ohm)
    trace = run.voltages[0]
    settled = run.voltage_time > run.voltage_time[-1] / 2
    metrics.update({
        "period_us": period * US,
        "period_closed_form_us": float(circuit.period / usecond),
        "swing_v": [float(trace[settled].min()), float(trace[settled].max())],
        "swing_closed_form_v": [float(circuit.v_minus / volt), float(circuit.v_plus / volt)],
        "td_tc_ratio": {metric_key(r): float(a) for r, a in zip(r_s, stats.asymmetry, strict=True)},
        "td_tc_closed_form": {metric_key(r): float(a) for r, a in zip(
            r_s, np.asarray(circuits.t_discharge / circuits.t_charge), strict=True)},
        "single_period_us": {metric_key(r): float(p * US) for r, p in zip(r_s, stats.period, strict=True)},
    })
    fig, ax = plt.subplots(figsize=(6, 2.8))
    window = run.voltage_time < 3 * period
    ax.plot(run.voltage_time[window] * US, trace[window])
    for level in metrics["swing_closed_form_v"]:
        ax.axhline(level, color="grey", lw=0.6, ls="--")
    ax.set(xlabel="t (us)", ylabel="V_out (V)", title=f"one VO2 oscillator: T = {period * US:.2f} us")
    save_figure(fig, out_dir, "single_oscillator")
    return period


def _switches(pairs, circuit, period, metrics, out_dir) -> None:
    """Fig. 3 (R_C = 10 kOhm, delay T/2, with and without switches) and Fig. 4 (delay 0.1 T, 10 and 100 kOhm)."""
    delays = np.array([0.5, 0.1, 0.1]) * period * second
    resistances = np.array([10, 10, 100]) * kohm
    _, without = pairs.run(circuit, delays[0], resistances[0], switches=False)
    _, with_switches = pairs.run(circuit, delays, resistances)
    second_phase = {name: run.phases.phase_deg[1::2] for name, run in (("without", without),
                                                                        ("with", with_switches))}
    metrics["switches"] = {"without_switches_deg": float(second_phase["without"][0]),
                           "with_switches_deg": float(second_phase["with"][0])}
    metrics["pair_examples"] = {"rc10_delay0.1_deg": float(second_phase["with"][1]),
                                "rc100_delay0.1_deg": float(second_phase["with"][2])}
    fig, axes = plt.subplots(4, 1, figsize=(6.5, 7.5), sharex=True)
    panels = [(without, 0, "R_C = 10 kOhm, delay T/2, no switches (Fig. 3A)"),
              (with_switches, 0, "R_C = 10 kOhm, delay T/2, switches (Fig. 3B)"),
              (with_switches, 1, "R_C = 10 kOhm, delay 0.1 T (Fig. 4)"),
              (with_switches, 2, "R_C = 100 kOhm, delay 0.1 T (Fig. 4)")]
    window = without.voltage_time < 8 * period
    for ax, (run, pair, title) in zip(axes, panels, strict=True):
        ax.plot(run.voltage_time[window] * US, run.voltages[2 * pair][window], lw=0.8, label="osc 1")
        ax.plot(run.voltage_time[window] * US, run.voltages[2 * pair + 1][window], lw=0.8, label="osc 2")
        ax.set_title(f"{title}: {run.phases.phase_deg[2 * pair + 1]:.0f} deg", fontsize=8)
        ax.set_ylabel("V_out (V)")
    axes[0].legend(fontsize=7, loc="upper right")
    axes[-1].set_xlabel("t (us)")
    save_figure(fig, out_dir, "switches_and_pairs")


def _phase_map(pairs, circuit, period, config, metrics, out_dir) -> None:
    """Fig. 5A and Eqs. 10-12: the phase map, the simulated boundary and the analytic zeta with fitted epsilon."""
    r_grid = np.asarray(config["map_r_kohm"], dtype=float)
    fractions = np.asarray(config["map_delays"], dtype=float)
    grid_r, grid_d = np.meshgrid(r_grid, fractions, indexing="ij")
    phases = np.concatenate([
        pairs.second_oscillator_phases(circuit, grid_d.ravel()[s] * period * second,
                                       grid_r.ravel()[s] * kohm).phase_deg
        for s in _chunks(grid_r.size, pairs.n_pairs)]).reshape(grid_r.shape)
    boundary_fractions, boundary, epsilon = _boundary(pairs, circuit, period, config)
    finite = np.isfinite(boundary)
    analytic = np.asarray(zeta_inverse(circuit, boundary_fractions * period * second, epsilon) / kohm)
    quarter = int(np.argmin(np.abs(boundary_fractions - 0.25)))
    out_phase = np.abs(((phases + 180) % 360) - 180) >= 90
    metrics.update({
        "phase_map": {"r_kohm": r_grid, "delay_fraction": fractions, "phase_deg": phases},
        "always_in_phase_max_kohm": _max_where(r_grid, ~out_phase.any(axis=1)),
        "always_out_of_phase_min_kohm": _min_where(r_grid, out_phase.all(axis=1)),
        "boundary": {"delay_fraction": boundary_fractions, "simulated_r_kohm": boundary, "analytic_r_kohm": analytic},
        "epsilon_mv": float(epsilon / mvolt),
        "boundary_rms_log_error": float(np.sqrt(np.mean(np.log(analytic[finite] / boundary[finite]) ** 2))),
        "r0_kohm": float(boundary[quarter]) if abs(boundary_fractions[quarter] - 0.25) < 1e-9 else None,
        "r0_analytic_kohm": float(zeta_inverse(circuit, period / 4 * second, epsilon) / kohm),
        "zeta_analytic_fraction": np.asarray(zeta(circuit, r_grid * kohm, epsilon, period * second) / second) / period,
    })
    fig, ax = plt.subplots(figsize=(6, 4))
    mesh = ax.pcolormesh(fractions, r_grid, phases, cmap="coolwarm", vmin=0, vmax=360, shading="nearest")
    ax.plot(boundary_fractions, boundary, "k.-", label="simulated boundary (bisection)")
    ax.plot(boundary_fractions, analytic, "g--", label=f"Eq. 10, epsilon = {epsilon / mvolt:.3f} mV")
    ax.set(yscale="log", xlabel="delta t_init / T_osc", ylabel="R_C (kOhm)", title="two-oscillator phase map")
    fig.colorbar(mesh, label="output phase (deg)")
    ax.legend(fontsize=7)
    save_figure(fig, out_dir, "phase_map")


def _boundary(pairs, circuit, period: float, config):
    """Simulated zeta^-1 (kOhm) at the configured delay fractions and the epsilon of Eq. 10 fitted to it."""
    fractions = np.asarray(config["boundary_delays"], dtype=float)
    boundary = _zeta_inverse(pairs, circuit, fractions * period * second, config)
    finite = np.isfinite(boundary)
    if not finite.any():
        raise ConfigError("no boundary point inside r_bracket_kohm; widen the bracket")
    epsilon = fit_epsilon(circuit, fractions[finite] * period * second, boundary[finite] * kohm)
    return fractions, boundary, epsilon


def calibrate(config: Mapping[str, Any]) -> tuple[float, float]:
    """Free-running period (s) and fitted epsilon (mV) of the configured circuit: what the mapping needs."""
    circuit = circuit_from(config)
    with use_backend(config["device"], label="vo2-pairs", seed=config["seed"], threads=config["threads"]) as backend:
        pairs = _pairs(config, backend, circuit.period)
        period = float(pairs.free_running(circuit).period[0])
        _, _, epsilon = _boundary(pairs, circuit, period, config)
    return period, float(epsilon / mvolt)


def _chunks(total: int, size: int) -> list[slice]:
    return [slice(start, min(start + size, total)) for start in range(0, total, size)]


def _max_where(values, mask):
    return float(values[mask].max()) if mask.any() else None


def _min_where(values, mask):
    return float(values[mask].min()) if mask.any() else None


def _variability(pairs, circuit, config, metrics, out_dir) -> None:
    """Fig. 7: one parameter at a time on both oscillators; T_osc and R_0 = zeta^-1(T/4)."""
    variants = [(name, change) for name, changes in config["variability"].items() for change in changes]
    batch = VO2Parameters.stack([circuit.varied(**{name: change}) for name, change in variants])
    periods = pairs.free_running(batch).period
    r0 = _zeta_inverse(pairs, batch, periods / 4 * second, config)
    nominal_r0, nominal_period = metrics["r0_kohm"], metrics["period_us"]
    table: dict[str, dict[str, Any]] = {}
    for (name, change), period, resistance in zip(variants, periods, r0, strict=True):
        table.setdefault(name, {})[metric_key(change)] = {
            "period_us": float(period * US), "r0_kohm": float(resistance),
            "period_change": float(period * US / nominal_period - 1),
            "r0_change": float(resistance / nominal_r0 - 1) if nominal_r0 else None}
    metrics["variability"] = table
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.2))
    for name, rows in table.items():
        changes = sorted(float(c) for c in rows)
        for ax, quantity in zip(axes, ("r0_change", "period_change"), strict=True):
            ax.plot([100 * c for c in changes], [100 * rows[metric_key(c)][quantity] for c in changes], "o-",
                    label=name)
    axes[0].set(xlabel="parameter change (%)", ylabel="R_0 change (%)")
    axes[1].set(xlabel="parameter change (%)", ylabel="T_osc change (%)")
    axes[0].legend(fontsize=7)
    save_figure(fig, out_dir, "variability")


def _asymmetry_resistances(pairs, circuit, config) -> dict[str, Any]:
    """Per R_S: t_d / t_c, T_osc and the single-pattern resistances R_+-1 = 3 zeta^-1(T/4 +- T/8) (Sec. 2.1.9)."""
    r_s = np.asarray(config["asymmetry_r_s_kohm"], dtype=float)
    circuits = VO2Parameters(v_h=circuit.v_h, r_s=r_s * kohm)
    stats = pairs.free_running(circuits)
    both = VO2Parameters(v_h=circuit.v_h, r_s=np.concatenate([r_s, r_s]) * kohm)
    delays = np.concatenate([3 * stats.period / 8, stats.period / 8]) * second
    resistances = _zeta_inverse(pairs, both, delays, config)
    rows = zip(r_s, stats.asymmetry, stats.period, resistances[: len(r_s)], resistances[len(r_s):], strict=True)
    return {metric_key(r): {"td_tc": float(a), "period_us": float(p * US), "r_plus_kohm": float(plus),
                      "r_minus_kohm": float(minus)} for r, a, p, plus, minus in rows}


def four_oscillator_test(config: Mapping[str, Any], asymmetry: dict[str, Any], out_dir: Path) -> None:
    """Figs. 8B-9: a single stored pattern in 4 oscillators, R_+-1 scaled by 3, for each R_S (adds to
    ``asymmetry``)."""
    pattern = np.asarray(config["four_pattern"], dtype=int)
    weights = np.outer(pattern, pattern)
    with use_backend(config["device"], label="vo2-four", seed=config["seed"], threads=config["threads"]) as backend:
        onn = HopfieldONN(backend, 1, len(pattern), config["pair_periods"] * circuit_from(config).period,
                          config["hysteresis"])
        for r_s, row in asymmetry.items():
            circuit = VO2Parameters(v_h=config["v_h_volt"] * volt, r_s=float(r_s) * kohm)
            # no boundary inside the bisection bracket (reported as n/a): the bracket's top stands in for R
            top = float(_bracket_kohm(config, circuit, 1)[1][0])
            r_plus, r_minus = (row[k] if np.isfinite(row[k]) else top for k in ("r_plus_kohm", "r_minus_kohm"))
            matrix = np.where(weights > 0, 3 * r_plus, 3 * r_minus) * kohm
            result = onn.retrieve(circuit, matrix, np.asarray(config["four_input"], dtype=float),
                                  row["period_us"] / US * second)
            phases = result.phases_deg[0]
            row.update({"phases_deg": phases, "correct": bool(exact_retrieval(result.states, pattern[None])[0]
                                                              and not result.flagged[0]),
                        "all_in_phase": bool(np.all(result.states == 1)),
                        "intermediate": bool(result.flagged[0])})
    ratios = [row["td_tc"] for row in asymmetry.values()]
    fig, ax = plt.subplots(figsize=(6, 3.2))
    for oscillator in range(len(pattern)):
        ax.plot(ratios, [row["phases_deg"][oscillator] for row in asymmetry.values()], "o-",
                label=f"osc {oscillator + 1}")
    for boundary in (7, 20):
        ax.axvline(boundary, color="grey", ls="--", lw=0.6)
    ax.set(xscale="log", xlabel="t_d / t_c", ylabel="output phase (deg)", title="4-oscillator single pattern (Fig. 9)")
    ax.legend(fontsize=7)
    save_figure(fig, out_dir, "asymmetry_four_oscillators")


def mapping_for(config: Mapping[str, Any], beta: float, levels, n_oscillators: int, period: float,
                epsilon_mv: float) -> ResistanceMapping:
    """Eq. 22 for ``beta`` from the analytic zeta^-1 with the fitted epsilon, scaled by ``coupling_scale``."""
    delays = transit_delays(levels, beta, period * second)
    pair_resistances = zeta_inverse(circuit_from(config), delays, epsilon_mv * mvolt)
    mapping = ResistanceMapping.from_pair_resistances(levels, pair_resistances, n_oscillators)
    return mapping.scaled(config["coupling_scale"])


def hopfield_onn_experiments(config: Mapping[str, Any], period: float, epsilon_mv: float, out_dir: Path | None,
                             betas=None, fuzzy_levels=None, extras: bool = True) -> dict[str, Any]:
    """Figs. 12-14: the 60-oscillator ONN storing digits 0-5, retrieval vs beta and fuzzy pixels, the linear
    mapping and a common scaling of all resistances, beside a discrete Hopfield network with the same weights."""
    patterns = digit_patterns()
    weights = hebbian_weights(patterns)
    levels = weight_levels(weights)
    n = patterns.shape[1]
    betas = config["betas"] if betas is None else betas
    fuzzy_levels = config["fuzzy_pixels"] if fuzzy_levels is None else fuzzy_levels
    rng = np.random.default_rng(config["seed"])
    tests = {k: fuzzy_inputs(patterns, k, config["inputs_per_digit"], rng) for k in fuzzy_levels}
    circuit = circuit_from(config)
    mappings = {beta: mapping_for(config, beta, levels, n, period, epsilon_mv) for beta in betas}
    metrics: dict[str, Any] = {"retrieval_accuracy": {}, "hamming": {}, "recognition": {}, "flagged": {},
                               "mapping": {}}
    examples = {}
    with use_backend(config["device"], label="vo2-onn60", seed=config["seed"], threads=config["threads"]) as backend:
        onn = HopfieldONN(backend, config["onn_batch"], n, config["onn_periods"] * period * second,
                          config["hysteresis"], switch_schedule=config["switch_schedule"])

        def retrieve_all(mapping: ResistanceMapping) -> dict[int, Retrieval]:
            """Every test set in as few batches as possible, split back per k."""
            inputs = np.concatenate([tests[k][0] for k in fuzzy_levels])
            result = onn.retrieve(circuit, mapping.matrix(weights), inputs, period * second)
            bounds = np.cumsum([0] + [len(tests[k][0]) for k in fuzzy_levels])
            return {k: Retrieval(*(value[start:end] for value in (result.states, result.phases_deg, result.flagged)))
                    for k, start, end in zip(fuzzy_levels, bounds[:-1], bounds[1:], strict=True)}

        def retrieve(mapping: ResistanceMapping, k: int) -> Retrieval:
            return onn.retrieve(circuit, mapping.matrix(weights), tests[k][0], period * second)

        for beta, mapping in mappings.items():
            b = metric_key(beta)
            metrics["mapping"][b] = {"r_kohm": np.asarray(mapping.resistances / kohm), "spread": mapping.spread,
                                     "smallest_step": mapping.smallest_step,
                                     "pattern_imbalance": _pattern_imbalance(mapping.matrix(weights), patterns)}
            results = retrieve_all(mapping)
            for k in fuzzy_levels:
                result = results[k]
                scores = _scores(result.states, patterns, tests[k][1])
                for name in ("retrieval_accuracy", "hamming", "recognition"):
                    metrics[name].setdefault(b, {})[metric_key(k)] = scores[name]
                metrics["flagged"].setdefault(b, {})[metric_key(k)] = float(result.flagged.mean())
                examples[b, k] = (tests[k][0][0], result.states[0])
        if extras:
            linear_beta = config["linear_beta"]
            nominal = mappings.get(linear_beta) or mapping_for(config, linear_beta, levels, n, period, epsilon_mv)
            linear = nominal.linear()
            linear_results = retrieve_all(linear)
            metrics["linear_mapping"] = {"beta": linear_beta, "r_kohm": np.asarray(linear.resistances / kohm),
                                         "accuracy": {metric_key(k): _scores(linear_results[k].states, patterns,
                                                                       tests[k][1])["retrieval_accuracy"]
                                                      for k in fuzzy_levels}}
            k_scale = config["scale_fuzzy_pixels"]
            tests.setdefault(k_scale, fuzzy_inputs(patterns, k_scale, config["inputs_per_digit"], rng))
            metrics["scaling"] = {"beta": linear_beta, "fuzzy_pixels": k_scale, "accuracy": {
                metric_key(change): _scores(retrieve(nominal.scaled(1 + change), k_scale).states, patterns,
                                      tests[k_scale][1])["retrieval_accuracy"] for change in config["scale_changes"]}}
    metrics["hopfield"], metrics["input_sign"] = {}, {}
    for k in fuzzy_levels:
        inputs, targets = tests[k]
        signs = np.where(inputs >= 0, 1, -1)
        metrics["input_sign"][metric_key(k)] = _scores(signs, patterns, targets)
        recalled = recall(weights, signs, np.random.default_rng(config["seed"]))
        metrics["hopfield"][metric_key(k)] = _scores(recalled, patterns, targets)
    if out_dir is not None:
        _onn_figures(metrics, weights, levels, examples, config, out_dir)
    return metrics


def _pattern_imbalance(resistances, patterns) -> float:
    """The Hebbian part of the coupling seen by a stored pattern: the mean over patterns and oscillators of
    xi_i sum_j g_ij xi_j / sum_j g_ij, minus the same with every g_ij replaced by their mean (so 0 for uniform
    coupling): the extra fraction of an oscillator's coupling conductance that joins it to its own side."""
    conductance = 1.0 / np.asarray(resistances / ohm)
    uniform = np.where(np.isfinite(np.asarray(resistances / ohm)), conductance[conductance > 0].mean(), 0.0)

    def own_side(g):
        return float(np.mean(patterns * (patterns @ g) / g.sum(axis=1)))

    return own_side(conductance) - own_side(uniform)


def _scores(states, patterns, targets) -> dict[str, float]:
    """Exact retrieval, mean Hamming distance and recognition (nearest stored pattern), all up to inversion."""
    return {"retrieval_accuracy": float(exact_retrieval(states, patterns[targets]).mean()),
            "hamming": float(hamming_up_to_inversion(states, patterns[targets]).mean()),
            "recognition": float(np.mean(nearest_pattern(states, patterns) == targets))}


def _onn_figures(metrics, weights, levels, examples, config, out_dir: Path) -> None:
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
    for beta, row in metrics["mapping"].items():
        axes[0].plot(levels * len(weights), row["r_kohm"] / 1000, "o-", label=f"beta = {beta}")
    if "linear_mapping" in metrics:
        axes[0].plot(levels * len(weights), metrics["linear_mapping"]["r_kohm"] / 1000, "k--", label="linear fit")
    axes[0].set(xlabel="N W_ij (Hebbian sum)", ylabel="R_ij (MOhm)", title="mapping mu_N (Fig. 12C)")
    axes[0].legend(fontsize=6)
    betas = [float(b) for b in metrics["mapping"]]
    axes[1].plot(betas, [100 * r["spread"] for r in metrics["mapping"].values()], "o-", label="Delta R_max / R_min")
    axes[1].plot(betas, [100 * r["smallest_step"] for r in metrics["mapping"].values()], "s-",
                 label="Delta R_min / R_min")
    axes[1].set(xlabel="beta", ylabel="%", title="resistance spread (Fig. 14B)")
    axes[1].legend(fontsize=7)
    save_figure(fig, out_dir, "mapping")

    fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
    for beta, row in metrics["retrieval_accuracy"].items():
        axes[0].plot([int(k) for k in row], list(row.values()), "o-", label=f"ONN beta = {beta}")
    references = (("hopfield", "k:", "discrete Hopfield"), ("input_sign", "c-.", "sign(input), no network"))
    for name, style, label in references:
        axes[0].plot([int(k) for k in metrics[name]], [v["retrieval_accuracy"] for v in metrics[name].values()],
                     style, lw=2, label=label)
    if "linear_mapping" in metrics:
        lin = metrics["linear_mapping"]["accuracy"]
        axes[0].plot([int(k) for k in lin], list(lin.values()), "m--", label="ONN linear mapping")
    axes[0].set(xlabel="fuzzy pixels k", ylabel="exact retrieval", ylim=(-0.02, 1.02), title="Fig. 14C")
    axes[0].legend(fontsize=6)
    if "scaling" in metrics:
        scale = metrics["scaling"]["accuracy"]
        axes[1].plot([100 * float(c) for c in scale], list(scale.values()), "o-")
        axes[1].set(xlabel="common change of all R (%)", ylabel="exact retrieval", ylim=(-0.02, 1.02),
                    title=f"Fig. 14D (k = {metrics['scaling']['fuzzy_pixels']})")
    save_figure(fig, out_dir, "retrieval")

    shown = [key for key in examples if key[0] == metric_key(config["linear_beta"])] or list(examples)
    fig, axes = plt.subplots(2, len(shown), figsize=(1.2 * len(shown), 4), squeeze=False)
    for column, key in enumerate(shown):
        noisy, state = examples[key]
        axes[0, column].imshow(noisy.reshape(ROWS, COLUMNS), cmap="gray", vmin=-1, vmax=1)
        axes[1, column].imshow((state * np.sign(state[0] or 1)).reshape(ROWS, COLUMNS), cmap="gray", vmin=-1, vmax=1)
        axes[0, column].set_title(f"k = {key[1]}", fontsize=7)
        for ax in axes[:, column]:
            ax.set_xticks([])
            ax.set_yticks([])
    axes[0, 0].set_ylabel("input", fontsize=7)
    axes[1, 0].set_ylabel("ONN", fontsize=7)
    save_figure(fig, out_dir, "examples")
