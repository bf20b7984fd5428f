"""VO2 oscillatory neural network: Hebbian weights mapped to coupling resistances, pattern retrieval.

Delacour, C. & Todri-Sanial, A. (2021). Mapping Hebbian Learning Rules to Coupling Resistances for Oscillatory
Neural Networks. Front. Neurosci. 15:694549.

VO2 relaxation oscillators (Eqs. 1-4, Table 1 with V_H = 1.999 V) coupled by resistors through switches (Eqs. 5-6)
store binary patterns as 0/180 deg phase relations. The study measures the single oscillator (Fig. 2), the role
of the switches (Figs. 3-4), the two-oscillator phase map and transition function zeta (Fig. 5, Eqs. 7-12),
device variability (Fig. 7), the waveform asymmetry needed for binary locking (Figs. 8-9), and a 60-oscillator
Hopfield ONN storing digits 0-5 through the mapping mu_N (Eqs. 14-23, Figs. 12-14), beside a discrete Hopfield
network with the same weights.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from brian2 import kohm, volt

from brainsnn.errors import ConfigError
from brainsnn.models.vo2_oscillator import HYSTERESIS, VO2Parameters
from brainsnn.networks.hopfield_onn import SWITCH_SCHEDULES
from brainsnn.report import markdown_table
from brainsnn.search import Real
from brainsnn.study import Study, require_choice, require_positive
from studies._vo2_onn_experiments import (
    US,
    calibrate,
    circuit_from,
    four_oscillator_test,
    hopfield_onn_experiments,
    metric_key,
    pair_experiments,
)
from studies._vo2_onn_report import render

VARIED_PARAMETERS = ("r_met", "r_ins", "v_l", "v_h")
#: Fig. 14C: the best accuracy at beta = N / 32 for the 60-oscillator ONN.
PAPER_BETA = 60 / 32


class VO2ONN(Study):
    name = "vo2-onn"
    paper = "Delacour & Todri-Sanial (2021), Front. Neurosci. 15:694549"
    summary = "VO2 oscillator ONN: transition function, Hebbian -> resistance mapping, 60-oscillator pattern retrieval"
    defaults = {
        "hysteresis": "comparator",
        "v_h_volt": 1.999,
        "r_s_kohm": 20.0,
        "pair_periods": 15.0,
        "pair_batch": 40,
        "single_r_s_kohm": [20.0, 10.0, 5.0, 3.0, 2.0],
        "map_r_kohm": [5.0, 8.0, 10.0, 12.0, 13.0, 14.0, 15.0, 16.0, 18.0, 20.0, 25.0, 30.0, 40.0, 50.0, 70.0],
        "map_delays": [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5],
        "boundary_delays": [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5],
        "r_bracket_kohm": [3.0, 300.0],
        "bisection_iterations": 14,
        "variability": {"r_met": [-0.2, -0.1, 0.1, 0.2], "r_ins": [-0.2, -0.1, 0.1, 0.2],
                        "v_l": [-0.2, -0.1, 0.1, 0.2], "v_h": [-0.04, -0.02, 0.02, 0.04]},
        "asymmetry_r_s_kohm": [2.0, 3.0, 5.0, 7.0, 10.0, 15.0, 20.0],
        "four_pattern": [1, 1, -1, -1],
        "four_input": [1, 1, -1, 1],
        "betas": [1.0, 1.5, 1.875, 2.0, 2.5, 3.0],
        "fuzzy_pixels": [0, 4, 8, 12, 16, 20],
        "inputs_per_digit": 2,
        "onn_periods": 15.0,
        "onn_batch": 12,
        "coupling_scale": 1.0,
        "switch_schedule": "global",
        "linear_beta": 1.875,
        "scale_fuzzy_pixels": 10,
        "scale_changes": [-0.15, -0.1, -0.05, 0.0, 0.05, 0.1],
        "search_fuzzy_pixels": 12,
    }
    presets = {
        "smoke": {
            "device": "cpp_standalone", "pair_periods": 8.0, "pair_batch": 8, "single_r_s_kohm": [20.0, 3.0],
            "map_r_kohm": [8.0, 40.0], "map_delays": [0.1, 0.5], "boundary_delays": [0.25, 0.5],
            "bisection_iterations": 3, "variability": {"v_h": [0.04]}, "asymmetry_r_s_kohm": [20.0],
            "betas": [1.875], "fuzzy_pixels": [0], "inputs_per_digit": 1, "onn_periods": 8.0, "onn_batch": 6,
            "scale_changes": [0.0], "scale_fuzzy_pixels": 0,
        },
        "quick": {"inputs_per_digit": 1},
        "paper": {"inputs_per_digit": 10, "fuzzy_pixels": list(range(21)),
                  "boundary_delays": [round(0.025 * i, 3) for i in range(2, 21)]},
    }

    def check(self, config: Mapping[str, Any]) -> None:
        require_choice(config, "hysteresis", HYSTERESIS)
        require_choice(config, "switch_schedule", SWITCH_SCHEDULES)
        require_positive(config, "v_h_volt", "r_s_kohm", "pair_periods", "pair_batch", "bisection_iterations",
                         "inputs_per_digit", "onn_periods", "onn_batch", "coupling_scale", "linear_beta")
        for key in ("single_r_s_kohm", "map_r_kohm", "asymmetry_r_s_kohm", "betas"):
            if not config[key] or not all(isinstance(v, (int, float)) and v > 0 for v in config[key]):
                raise ConfigError(f"{key} must be a non-empty list of positive numbers, got {config[key]!r}")
        for key in ("map_delays", "boundary_delays"):
            if not config[key] or not all(isinstance(v, (int, float)) and 0 < v <= 0.5 for v in config[key]):
                raise ConfigError(f"{key} are fractions of T_osc in (0, 0.5], got {config[key]!r}")
        low, high = config["r_bracket_kohm"]
        if not 0 < low < high:
            raise ConfigError(f"r_bracket_kohm must be [low, high] with 0 < low < high, got {config['r_bracket_kohm']}")
        unknown = set(config["variability"]) - set(VARIED_PARAMETERS)
        if unknown:
            raise ConfigError(f"variability may vary {', '.join(VARIED_PARAMETERS)}; unknown: {sorted(unknown)}")
        fuzzy = [*config["fuzzy_pixels"], config["scale_fuzzy_pixels"], config["search_fuzzy_pixels"]]
        if not all(isinstance(k, int) and 0 <= k <= 60 for k in fuzzy):
            raise ConfigError("fuzzy_pixels, scale_fuzzy_pixels and search_fuzzy_pixels must be integers in [0, 60], "
                              f"got {config['fuzzy_pixels']!r}, {config['scale_fuzzy_pixels']!r}, "
                              f"{config['search_fuzzy_pixels']!r}")
        if not all(change > -1 for change in config["scale_changes"]):
            raise ConfigError(f"scale_changes are relative changes of every R and must exceed -1, got "
                              f"{config['scale_changes']!r}")
        for key in ("four_pattern", "four_input"):
            if len(config[key]) != 4 or not all(abs(v) <= 1 for v in config[key]):
                raise ConfigError(f"{key} must be 4 values in [-1, 1], got {config[key]!r}")
        if not all(abs(v) == 1 for v in config["four_pattern"]):
            raise ConfigError("four_pattern must be +1/-1 values")
        try:
            circuit_from(config).check_oscillates()
            for name, changes in config["variability"].items():
                for change in changes:
                    circuit_from(config).varied(**{name: change}).check_oscillates()
            VO2Parameters(v_h=config["v_h_volt"] * volt,
                          r_s=np.asarray(config["asymmetry_r_s_kohm"]) * kohm).check_oscillates()
        except ConfigError as err:
            raise ConfigError(f"{err} (check v_h_volt, r_s_kohm, variability, asymmetry_r_s_kohm)") from None

    def run(self, config: Mapping[str, Any], out_dir: Path) -> dict[str, Any]:
        metrics = pair_experiments(config, out_dir)
        four_oscillator_test(config, metrics["asymmetry"], out_dir)
        metrics.update(hopfield_onn_experiments(config, metrics["period_us"] / US, metrics["epsilon_mv"], out_dir))
        return metrics

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        return render(config, metrics)

    def search_space_for(self, config: Mapping[str, Any]) -> list:
        """beta and R_S (the issue), and the common scale of all resistances (Fig. 14D's mean-R tolerance).
        R_S stops at 24 kOhm: above ~25.1 kOhm the insulating branch settles above V- and nothing oscillates."""
        return [Real("beta", 0.5, 4.0), Real("r_s_kohm", 10.0, 24.0), Real("coupling_scale", 0.6, 1.1)]

    def search_baseline(self, config: Mapping[str, Any]) -> dict[str, Any]:
        return {"beta": 1.875, "r_s_kohm": config["r_s_kohm"], "coupling_scale": config["coupling_scale"]}

    def evaluate(self, config: Mapping[str, Any], params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """Exact retrieval at ``search_fuzzy_pixels`` for (beta, R_S, scale), the mapping recalibrated for R_S.

        Objective: -exact retrieval + mean Hamming distance / 1000, so that equal accuracies (common when few
        inputs are retrieved) are ranked by how close the states came; the tie-break stays below one accuracy step
        for up to 16 inputs per digit.
        """
        point = {**config, "r_s_kohm": float(params["r_s_kohm"]), "coupling_scale": float(params["coupling_scale"])}
        period, epsilon_mv = calibrate(point)
        k = metric_key(config["search_fuzzy_pixels"])
        metrics = hopfield_onn_experiments(point, period, epsilon_mv, None, betas=[float(params["beta"])],
                                           fuzzy_levels=[config["search_fuzzy_pixels"]], extras=False)
        accuracy = next(iter(metrics["retrieval_accuracy"].values()))[k]
        hamming = next(iter(metrics["hamming"].values()))[k]
        return {"objective": -accuracy + hamming / 1000, "accuracy": accuracy, "hamming": hamming,
                "recognition": next(iter(metrics["recognition"].values()))[k], "period_us": period * US,
                "epsilon_mv": epsilon_mv}

    def search_notes(self, config: Mapping[str, Any], trials: list[dict[str, Any]]) -> str:
        """The best points against the paper's beta = N / 32 = 1.875."""
        finished = sorted((t for t in trials if t["objective"] is not None), key=lambda t: t["objective"])
        if not finished:
            return ""
        rows = [[str(t["trial"]), *(f"{t['params'][name]:.3g}" for name in ("beta", "r_s_kohm", "coupling_scale")),
                 *(f"{t['metrics'][name]:.2f}" for name in ("accuracy", "hamming", "recognition"))]
                for t in finished[:5]]
        best_beta = finished[0]["params"]["beta"]
        near = abs(best_beta - PAPER_BETA) <= 0.25
        return f"""
## Against the paper

The paper finds the best accuracy at beta = N / 32 = {PAPER_BETA} (Fig. 14C; R_S = 20 kOhm, nominal resistances).
Best points here (exact retrieval and mean Hamming distance at k = {config['search_fuzzy_pixels']}, recognition
= nearest stored pattern):

{markdown_table(["trial", "beta", "R_S (kOhm)", "scale", "exact", "Hamming", "recognised"], rows)}

The best beta, {best_beta:.3g}, is {'within' if near else 'not within'} 0.25 of N / 32: the paper's optimum
{'emerges' if near else 'does not emerge'} in this search.
"""


STUDY = VO2ONN()
