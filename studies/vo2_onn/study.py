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

from brainsnn.config import StudyConfig, param, study_config
from brainsnn.errors import ConfigError
from brainsnn.search import Real
from brainsnn.study import Preset, Study
from brainsnn_studies.vo2_onn.paper_numbers import PAPER_BETA

#: Circuit parameters that Fig. 7 varies (the keys of ``variability``).
VARIED_PARAMETERS = ("r_met", "r_ins", "v_l", "v_h")
#: Hysteresis models of brainsnn.models.vo2_oscillator and switch schedules of the 60-oscillator ONN.
HYSTERESIS = ("comparator", "tanh")
SWITCH_SCHEDULES = ("global", "own")
#: Pixels of a digit bitmap, the most that can be fuzzy.
N_PIXELS = 60


@study_config
class Config(StudyConfig):
    """Table 1 circuit (V_H = 1.999 V), the grids of Figs. 2-9 and the 60-oscillator ONN of Figs. 12-14."""

    hysteresis: str = param("comparator", "VO2 switching model: ideal comparator or the tanh of Eq. 3",
                            choices=HYSTERESIS)
    v_h_volt: float = param(1.999, "upper switching threshold V_H (V)", gt=0)
    r_s_kohm: float = param(20.0, "series resistance R_S (kOhm)", gt=0)
    pair_periods: float = param(15.0, "simulated periods of every pair and 4-oscillator run", gt=0)
    pair_batch: int = param(40, "pairs simulated at once", gt=0)
    single_r_s_kohm: tuple[float, ...] = param((20.0, 10.0, 5.0, 3.0, 2.0), "R_S of the single oscillators (kOhm)",
                                               gt=0)
    map_r_kohm: tuple[float, ...] = param(
        (5.0, 8.0, 10.0, 12.0, 13.0, 14.0, 15.0, 16.0, 18.0, 20.0, 25.0, 30.0, 40.0, 50.0, 70.0),
        "R_C of the phase map (kOhm)", gt=0)
    map_delays: tuple[float, ...] = param((0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5),
                                          "delays of the phase map (fractions of T_osc)", gt=0, le=0.5)
    boundary_delays: tuple[float, ...] = param((0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5),
                                               "delays at which zeta^-1 is bisected (fractions of T_osc)", gt=0, le=0.5)
    r_bracket_kohm: tuple[float, ...] = param((3.0, 300.0), "bisection bracket [low, high] of zeta^-1 (kOhm)", gt=0,
                                             length=2)
    bisection_iterations: int = param(14, "halvings of the bracket (on log R)", gt=0)
    variability: dict[str, tuple[float, ...]] = param(
        {"r_met": (-0.2, -0.1, 0.1, 0.2), "r_ins": (-0.2, -0.1, 0.1, 0.2), "v_l": (-0.2, -0.1, 0.1, 0.2),
         "v_h": (-0.04, -0.02, 0.02, 0.04)},
        "relative changes of each varied circuit parameter (Fig. 7)", gt=-1, keys=VARIED_PARAMETERS)
    asymmetry_r_s_kohm: tuple[float, ...] = param((2.0, 3.0, 5.0, 7.0, 10.0, 15.0, 20.0),
                                                  "R_S of the 4-oscillator asymmetry test (kOhm)", gt=0)
    four_pattern: tuple[int, ...] = param((1, 1, -1, -1), "pattern stored in the 4-oscillator test",
                                          choices=(-1, 1), length=4)
    four_input: tuple[float, ...] = param((1.0, 1.0, -1.0, 1.0), "input of the 4-oscillator test", ge=-1, le=1,
                                           length=4)
    betas: tuple[float, ...] = param((1.0, 1.5, 1.875, 2.0, 2.5, 3.0), "gains beta of the mapping (Eq. 22)", gt=0)
    fuzzy_pixels: tuple[int, ...] = param((0, 4, 8, 12, 16, 20), "grey pixels k of the test sets", ge=0,
                                          le=N_PIXELS)
    inputs_per_digit: int = param(2, "noisy inputs per digit and k", gt=0)
    onn_periods: float = param(15.0, "simulated periods of every 60-oscillator run", gt=0)
    onn_batch: int = param(12, "60-oscillator networks simulated at once", gt=0)
    coupling_scale: float = param(1.0, "common factor of every ONN resistance", gt=0)
    switch_schedule: str = param("global", "60-ONN switches: all at T/2 + t_c, or each at its own first charge",
                                 choices=SWITCH_SCHEDULES)
    linear_beta: float = param(1.875, "beta of the linear mapping and of the common scaling", gt=0)
    linear_mapping: bool = param(True, "also retrieve with the linear approximation of the mapping (Fig. 14C, dashed)")
    scale_fuzzy_pixels: int = param(10, "k of the common-scaling test (Fig. 14D)", ge=0, le=N_PIXELS)
    scale_changes: tuple[float, ...] = param((-0.15, -0.1, -0.05, 0.0, 0.05, 0.1),
                                             "relative common changes of every resistance (Fig. 14D; [] skips it)",
                                             gt=-1, min_len=0)
    search_fuzzy_pixels: int = param(12, "k at which a search point is scored", ge=0, le=N_PIXELS)
    phase_strength: float = param(0.3, "coupling strength K (per period) of the ladder's ideal phase oscillators",
                                  gt=0)
    phase_binarisation_ratio: float = param(0.0, "binary-locking strength B / K of the ideal phase oscillators",
                                            ge=0)
    phase_strengths: tuple[float, ...] = param((0.1, 0.3, 1.0), "K of the ideal rung's sweep at linear_beta", gt=0)
    phase_binarisation_ratios: tuple[float, ...] = param((0.0, 0.35, 1.0),
                                                         "B / K of the ideal rung's sweep at linear_beta", ge=0)

    def check(self) -> None:
        if not self.r_bracket_kohm[0] < self.r_bracket_kohm[1]:
            raise ConfigError(f"r_bracket_kohm must be [low, high] with low < high, got {list(self.r_bracket_kohm)}")
        self._check_circuits_oscillate()

    def _check_circuits_oscillate(self) -> None:
        import numpy as np
        from brian2 import kohm, volt

        from brainsnn.models.vo2_oscillator import VO2Parameters
        from brainsnn_studies.vo2_onn.circuit import circuit_from

        try:
            circuit_from(self).check_oscillates()
            for name, changes in self.variability.items():
                for change in changes:
                    circuit_from(self).varied(**{name: change}).check_oscillates()
            VO2Parameters(v_h=self.v_h_volt * volt, r_s=np.asarray(self.asymmetry_r_s_kohm) * kohm).check_oscillates()
        except ConfigError as err:
            raise ConfigError(f"{err} (check v_h_volt, r_s_kohm, variability, asymmetry_r_s_kohm)") from None


class VO2ONN(Study):
    name = "vo2-onn"
    paper = "Delacour & Todri-Sanial (2021), Front. Neurosci. 15:694549"
    summary = "VO2 oscillator ONN: transition function, Hebbian -> resistance mapping, 60-oscillator pattern retrieval"
    Config = Config
    presets = {
        "smoke": Preset({
            "device": "cpp_standalone", "pair_periods": 8.0, "pair_batch": 8, "single_r_s_kohm": [20.0, 3.0],
            "map_r_kohm": [8.0, 40.0], "map_delays": [0.1, 0.5], "boundary_delays": [0.25, 0.5],
            "bisection_iterations": 3, "variability": {"v_h": [0.04]}, "asymmetry_r_s_kohm": [20.0],
            "betas": [1.875], "fuzzy_pixels": [0], "inputs_per_digit": 1, "onn_periods": 8.0, "onn_batch": 6,
            "scale_changes": [0.0], "scale_fuzzy_pixels": 0,
        }, measured="59 s on 2 shared cores"),
        "quick": Preset({"betas": [1.0, 1.875, 3.0], "fuzzy_pixels": [0, 2, 4, 6, 8, 10, 12], "inputs_per_digit": 4,
                         "onn_periods": 10.0, "onn_batch": 42, "linear_mapping": False, "scale_changes": []},
                        measured="9 min 24 s on 2 cores"),
        "paper": Preset({"inputs_per_digit": 10, "fuzzy_pixels": list(range(21)),
                         "boundary_delays": [round(0.025 * i, 3) for i in range(2, 21)]}),
    }
    #: beta and R_S, and the common scale of all resistances (Fig. 14D's mean-R tolerance). R_S stops at 24 kOhm:
    #: above ~25.1 kOhm the insulating branch settles above V- and nothing oscillates.
    search_space = [Real("beta", 0.5, 4.0), Real("r_s_kohm", 10.0, 24.0), Real("coupling_scale", 0.6, 1.1)]

    def run(self, config: Config, out_dir: Path) -> dict[str, Any]:
        from brainsnn_studies.vo2_onn import experiments, figures

        results = experiments.run_all(config)
        figures.save_figures(results, config, out_dir)
        return results.metrics

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from brainsnn_studies.vo2_onn import report

        return report.render(config, metrics)

    def search_baseline(self, config: Config) -> dict[str, Any]:
        return {"beta": PAPER_BETA, "r_s_kohm": config["r_s_kohm"], "coupling_scale": config["coupling_scale"]}

    def evaluate(self, config: Config, params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """Exact retrieval at ``search_fuzzy_pixels`` for (beta, R_S, scale), the mapping recalibrated for R_S.

        Objective: -exact retrieval + mean Hamming distance / 1000, so that equal accuracies (common when few
        inputs are retrieved) are ranked by how close the states came; the tie-break stays below one accuracy step
        for up to 16 inputs per digit.
        """
        from brainsnn_studies.vo2_onn.circuit import US, metric_key
        from brainsnn_studies.vo2_onn.retrieval import hopfield_onn
        from brainsnn_studies.vo2_onn.transition import calibrate

        point = {**config, "r_s_kohm": float(params["r_s_kohm"]), "coupling_scale": float(params["coupling_scale"])}
        period, epsilon_mv = calibrate(point)
        beta, k = float(params["beta"]), config.search_fuzzy_pixels
        metrics = hopfield_onn(point, period, epsilon_mv, betas=[beta], fuzzy_levels=[k], extras=False).metrics
        measured = {name: metrics[name][metric_key(beta)][metric_key(k)]
                    for name in ("retrieval_accuracy", "hamming", "recognition")}
        return {"objective": -measured["retrieval_accuracy"] + measured["hamming"] / 1000,
                "accuracy": measured["retrieval_accuracy"], "hamming": measured["hamming"],
                "recognition": measured["recognition"], "period_us": period * US, "epsilon_mv": epsilon_mv}

    def search_notes(self, config: Mapping[str, Any], trials: list[dict[str, Any]]) -> str:
        from brainsnn_studies.vo2_onn import report

        return report.search_notes(config, trials)


STUDY = VO2ONN()
