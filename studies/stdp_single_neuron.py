"""Single-neuron STDP weight dynamics: add, mult and log STDP under the Table 1 set-up.

Chakraborty, B. & Mukhopadhyay, S. (2021). Characterization of Generalizability of Spike Timing Dependent
Plasticity Trained Spiking Neural Networks. Front. Neurosci. 15:695357 — Table 1 and Fig. 1.

200 Poisson inputs in 4 pools of 50 at 10 Hz drive one linear Poisson neuron per rule. The study reports the
final weight densities (Gaussian KDE, Eqs. 4-5; Fig. 1: add bimodal, mult unimodal, log long-tailed), output
rates, and each rule's tail index alpha of the weight increments (Mohammadi estimator, median over block
sizes), which for a single plastic layer is the BG index.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.metrics import count_modes, skewness, weight_increment_tail_index, weight_kde
from brainsnn.networks.single_neuron_stdp import run_single_neuron_stdp
from brainsnn.report import markdown_table, save_figure
from brainsnn.study import Study, require_positive

#: Fig. 1 of the paper, in words (the figure has no numbers).
PAPER_SHAPES = {"add": "bimodal (at 0 and w_max)", "mult": "unimodal, narrow", "log": "unimodal, long right tail"}


class SingleNeuronSTDP(Study):
    name = "stdp-single-neuron"
    paper = "Chakraborty & Mukhopadhyay (2021), Front. Neurosci. 15:695357, Table 1 / Fig. 1"
    summary = "weight densities and BG index of add/mult/log STDP on one neuron (Table 1 set-up)"
    defaults = {
        "rules": ["add", "mult", "log"],
        "duration_s": 200.0,
        "dt_ms": 0.1,
        "input_rate_hz": 10.0,
        "pool_sizes": [50, 50, 50, 50],
        # Table 1 lists 4 correlated pools without their correlations; these are ours (one pool independent).
        "pool_correlations": [0.2, 0.1, 0.05, 0.0],
        "eta": 2e-4,
        "sigma": 0.5,
        "record_every_ms": 100.0,
    }
    presets = {
        "smoke": {"duration_s": 4.0, "eta": 5e-3, "device": "numpy"},
        # eta 10x Table 1 so that 300 s approach the stationary densities in about a minute.
        "quick": {"duration_s": 300.0, "eta": 2e-3},
        "paper": {"duration_s": 1000.0, "eta": 2e-4},
    }

    def check(self, config: Mapping[str, Any]) -> None:
        if not config["rules"] or not set(config["rules"]) <= set(PAPER_SHAPES):
            raise ConfigError(f"rules must be a non-empty list of {', '.join(PAPER_SHAPES)}; got {config['rules']}")
        require_positive(config, "duration_s", "dt_ms", "input_rate_hz", "eta", "record_every_ms")
        require_positive(config, "sigma", allow_zero=True)
        if len(config["pool_sizes"]) != len(config["pool_correlations"]):
            raise ConfigError("pool_correlations needs one value per pool in pool_sizes")
        if config["duration_s"] * 1000 / config["record_every_ms"] < 20:
            raise ConfigError("need >= 20 weight snapshots: raise duration_s or lower record_every_ms")

    def run(self, config: Mapping[str, Any], out_dir: Path) -> dict[str, Any]:
        shared = {"eta": config["eta"], "sigma": config["sigma"]}
        result = run_single_neuron_stdp(
            config["rules"], {rule: shared for rule in config["rules"]},
            pool_sizes=config["pool_sizes"], pool_correlations=config["pool_correlations"],
            input_rate_hz=config["input_rate_hz"], duration_s=config["duration_s"], dt_ms=config["dt_ms"],
            record_every_ms=config["record_every_ms"], device=config["device"], seed=config["seed"],
            threads=config["threads"],
        )
        rules = {}
        fig, axes = plt.subplots(1, len(config["rules"]), figsize=(4 * len(config["rules"]), 3.2))
        for ax, rule in zip(np.atleast_1d(axes), config["rules"], strict=True):
            final = result.final_weights[rule]
            grid, density = weight_kde(final)
            ax.plot(grid, density)
            ax.hist(final, bins=30, density=True, alpha=0.3)
            ax.set(title=f"{rule}-STDP", xlabel="final weight", ylabel="density")
            rules[rule] = {
                "bg_index": weight_increment_tail_index(result.weight_snapshots[rule]),
                "output_rate_hz": result.output_rate_hz[rule],
                "weight_mean": float(final.mean()),
                "weight_std": float(final.std()),
                "weight_skewness": skewness(final),
                "density_modes": count_modes(grid, density),
            }
        save_figure(fig, out_dir, "weight_densities")
        self._plot_trajectories(result, config, out_dir)
        return {"rules": rules, "input_rate_hz": result.input_rate_hz}

    @staticmethod
    def _plot_trajectories(result, config, out_dir: Path) -> None:
        fig, axes = plt.subplots(1, len(config["rules"]), figsize=(4 * len(config["rules"]), 3.2))
        times = np.arange(len(next(iter(result.weight_snapshots.values())))) * config["record_every_ms"] / 1000
        for ax, rule in zip(np.atleast_1d(axes), config["rules"], strict=True):
            ax.plot(times, result.weight_snapshots[rule][:, ::20], lw=0.7)
            ax.set(title=f"{rule}-STDP: 10 weights", xlabel="time (s)", ylabel="w")
        save_figure(fig, out_dir, "weight_trajectories")

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        rows = [
            [rule, m["bg_index"], m["output_rate_hz"], m["weight_mean"], m["weight_skewness"], m["density_modes"],
             PAPER_SHAPES[rule]]
            for rule, m in metrics["rules"].items()
        ]
        table = markdown_table(
            ["rule", "BG index (alpha of dW)", "output rate (Hz)", "mean w", "skewness", "KDE modes",
             "paper (Fig. 1)"], rows,
        )
        ordering = sorted(metrics["rules"], key=lambda r: metrics["rules"][r]["bg_index"])
        return f"""
Single-neuron STDP with the Table 1 constants: {sum(config['pool_sizes'])} inputs in pools of
{config['pool_sizes']} at {config['input_rate_hz']} Hz (pool correlations {config['pool_correlations']}), one
linear Poisson neuron per rule (tau_A = 1 ms, tau_B = 5 ms), {config['duration_s']} s simulated at
dt = {config['dt_ms']} ms, eta = {config['eta']}, noise sigma = {config['sigma']}, seed {config['seed']}.
Measured input rate: {metrics['input_rate_hz']:.2f} Hz.

{table}

BG index = tail index alpha (Mohammadi et al. 2015, median over block sizes) of the weight increments between
snapshots every {config['record_every_ms']} ms. Ordering measured here (lowest first): {' < '.join(ordering)}.
The paper reports BG only for the Diehl & Cook network (log < mult < add, Tables 2-4); this single-neuron
set-up is its Table 1 / Fig. 1 illustration, so the ordering is reported, not asserted.

![weight densities](figures/weight_densities.png)

![weight trajectories](figures/weight_trajectories.png)
"""


STUDY = SingleNeuronSTDP()
