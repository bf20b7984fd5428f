"""Reducing the spike rate of deep SNNs based on time-encoding (Fontanini, Pilotto, Esseni & Loghi 2024).

Fontanini R., Pilotto A., Esseni D., Loghi M. (2024). Reducing the spike rate of deep spiking neural networks
based on time-encoding. Neuromorph. Comput. Eng. 4 034004 — Figs. 5-17, Table 2.

Deep feed-forward networks of current-based LIF neurons with time-encoded inputs classify by their first output
spike and train on exact EventProp gradients (Wunderlich & Pehle 2021), computed by an event-driven numpy float64
simulation and its adjoint. The losses L_W (EventProp's), L (with the spike penalty SP), L_A and the 2-phase
strategy are compared on Yin-Yang and an image set; the trained networks run in Brian2. The experiments are
listed in :mod:`brainsnn_studies.eventprop_spike_rate.experiments`. The Bayesian search (`brainsnn search
eventprop-spike-rate`) trades test error against spikes per neuron over (alpha, eta) of the 2-phase strategy.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brainsnn.config import StudyConfig, param, study_config
from brainsnn.errors import ConfigError
from brainsnn.search import Real
from brainsnn.study import Preset, Study

#: Image datasets of ``brainsnn.data.datasets`` standing in for MNIST.
IMAGE_DATASETS = ("digits", "fashion-mnist", "mnist")


@study_config
class Config(StudyConfig):
    """EventProp's constants where the paper's Table 1 is missing (notes A.8.1), Table 2's weight ranges, the
    paper's alpha, eta and learning rates; reduced data, epochs and seeds by default."""

    device: str = param("numpy", "Brian2 runtime target of the inference check", choices=("numpy", "cython"))
    tau_m: float = param(20.0, "membrane time constant tau_m (ms)", gt=0)
    tau_s: float = param(5.0, "synaptic time constant tau_s (ms)", gt=0)
    r_m: float = param(1.0, "membrane resistance R_m", gt=0)
    theta: float = param(1.0, "threshold Theta", gt=0)
    t_min: float = param(0.0, "earliest input spike (ms)", ge=0)
    t_max: float = param(30.0, "latest input spike (ms)", gt=0)
    t_end: float = param(90.0, "trial length T (ms)", gt=0)
    tau0: float = param(0.5, "CE normalisation tau0 (ms)", gt=0)
    tau1: float = param(6.4, "CS / AS normalisation tau1 (ms)", gt=0)
    n_train: int | None = param(300, "Yin-Yang training samples (null: the published 5000)", gt=0)
    n_test: int | None = param(500, "Yin-Yang test samples (null: the published 1000)", gt=0)
    hidden: tuple[int, ...] = param((40, 25, 13), "hidden layers of the Yin-Yang network (5/40/25/13/3)", gt=0)
    depth_hidden: tuple[str, ...] = param(("40-20", "40-33-25-13"), "other hidden stacks of Fig. 11, '-' joined",
                                          unique=True)
    init: str = param("calibrated", "Table 2 ranges as drawn, or scaled per layer into the calibration band",
                      choices=("calibrated", "table2"))
    calibration_low: float = param(1.0, "calibration: least initial <N_S> of a layer", gt=0)
    calibration_high: float = param(3.0, "calibration: largest initial <N_S> of a layer", gt=0)
    calibration_samples: int = param(64, "training samples the calibration simulates", gt=0)
    seeds: int = param(2, "seeds per setting (median over them, as the paper)", gt=0)
    batch_size: int = param(32, "mini-batch", gt=0)
    epochs: int = param(24, "epochs of single-phase training and of phase 1", gt=0)
    epochs_phase2: int = param(12, "epochs of phase 2", gt=0)
    learning_rate: float = param(5e-3, "Adam learning rate (phase 1; paper: 0.005)", gt=0)
    learning_rate_phase2: float = param(2e-4, "Adam learning rate of phase 2 (paper: 2e-4)", gt=0)
    alpha_lw: float = param(5e-3, "alpha of L_W (Fig. 5)", ge=0)
    alpha: float = param(4e-3, "alpha of L, L_A and the 2-phase strategy (Fig. 8)", ge=0)
    eta: float = param(0.4, "eta of SP (ms; Fig. 8)", ge=0)
    sp_scope: str = param("all", "neurons SP sums over (Eq. 12: all; Conclusions: output)", choices=("all", "output"))
    sp_min_gap: float = param(0.1, "SP floor of t_p - t_1 (ms); below it no gradient", gt=0)
    sweep_alphas: tuple[float, ...] = param((1e-3, 3e-3), "alphas of the sweep (Figs. 6-7, 9-10)", ge=0,
                                            unique=True)
    sweep_etas: tuple[float, ...] = param((0.3,), "etas of the sweep (ms)", ge=0, unique=True)
    image_dataset: str = param("digits", "image set standing in for MNIST", choices=IMAGE_DATASETS)
    image_n_train: int | None = param(300, "image training samples (null: all)", gt=0)
    image_n_test: int | None = param(300, "image test samples (null: all)", gt=0)
    image_hidden: tuple[int, ...] = param((60, 40, 20), "hidden layers of the image network", gt=0)
    image_skip_zero: bool = param(False, "background pixels stay silent (otherwise they spike at t_max)")
    image_batch_size: int = param(32, "mini-batch on images", gt=0)
    image_epochs: int = param(16, "epochs of single-phase training and phase 1 on images", gt=0)
    image_epochs_phase2: int = param(8, "epochs of phase 2 on images", gt=0)
    image_learning_rate: float = param(2e-3, "Adam learning rate on images, both phases (paper: 2e-3)", gt=0)
    image_alpha: float = param(3e-3, "alpha on images (Fig. 17)", ge=0)
    image_eta: float = param(3.0, "eta on images (ms; Fig. 12)", ge=0)
    brian_samples: int = param(200, "Yin-Yang test samples run in Brian2", gt=0)
    brian_dt: float = param(0.01, "Brian2 time step (ms) of brian2_agreement", gt=0)
    brian_coarser: tuple[float, ...] = param((0.02,), "coarser Brian2 steps (ms) whose agreement is reported beside",
                                             gt=0, unique=True)
    workers: int = param(2, "processes training independent protocols in parallel", gt=0)
    search_spike_weight: float = param(0.05, "search objective: kappa, weight of the network <N_S>", ge=0)
    search_accuracy_floor: float = param(0.7, "search objective: accuracy below which a penalty applies", ge=0, le=1)
    search_floor_penalty: float = param(10.0, "search objective: penalty per unit of accuracy below the floor", ge=0)

    def check(self) -> None:
        if self.tau_m == self.tau_s:
            raise ConfigError("tau_m and tau_s must differ (the closed form divides by tau_m - tau_s)")
        if not self.t_min < self.t_max < self.t_end:
            raise ConfigError(f"need t_min < t_max < t_end, got {self.t_min}, {self.t_max}, {self.t_end}")
        if self.calibration_low > self.calibration_high:
            raise ConfigError("calibration_low must be <= calibration_high")
        for text in self.depth_hidden:
            sizes = text.split("-")
            if not all(size.isdigit() and int(size) > 0 for size in sizes):
                raise ConfigError(f"depth_hidden entry {text!r} must be positive layer sizes joined by '-', "
                                  "e.g. '40-20'")


class EventPropSpikeRate(Study):
    name = "eventprop-spike-rate"
    paper = "Fontanini et al. (2024), Reducing the spike rate of deep SNNs based on time-encoding, Neuromorph. Comput."
    summary = "EventProp (exact adjoint) with L_W, L, L_A and 2-phase losses: spikes vs accuracy, depth, Brian2"
    Config = Config
    presets = {
        "smoke": Preset({
            "n_train": 32, "n_test": 24, "hidden": [12, 8], "depth_hidden": ["10"], "seeds": 2, "epochs": 1,
            "epochs_phase2": 1, "t_end": 60.0, "sweep_alphas": [3e-3], "image_n_train": 30, "image_n_test": 20,
            "image_hidden": [16, 10], "image_epochs": 1, "image_epochs_phase2": 1, "brian_samples": 10,
            "brian_dt": 0.1, "brian_coarser": [0.2], "calibration_samples": 16, "batch_size": 16,
            "image_batch_size": 16, "workers": 1,
        }, measured="10 s on 2 cores shared with two other runs"),
        "quick": Preset({"eta": 0.1, "sweep_etas": [0.1], "calibration_low": 2.0, "calibration_high": 5.0,
                         "batch_size": 16, "epochs": 16, "epochs_phase2": 8, "image_batch_size": 8,
                         "image_learning_rate": 5e-3, "image_eta": 0.1, "image_epochs": 12, "image_epochs_phase2": 6,
                         "brian_dt": 0.0025, "brian_coarser": [0.01, 0.005]},
                        measured="8 min 55 s on 2 cores, 2 worker processes, nothing else running"),
        "paper": Preset({
            "n_train": None, "n_test": None, "seeds": 10, "epochs": 100, "epochs_phase2": 60,
            "depth_hidden": ["40-20", "40-33-25-13"], "sweep_alphas": [0.0, 1e-3, 2e-3, 3e-3, 4e-3, 5e-3],
            "sweep_etas": [0.3, 0.4], "image_dataset": "mnist", "image_n_train": None, "image_n_test": None,
            "image_hidden": [280, 160, 70], "image_epochs": 150, "image_epochs_phase2": 50, "brian_samples": 1000,
        }),
    }
    search_space = [Real("alpha", 1e-4, 1e-2, prior="log-uniform"), Real("eta", 0.05, 3.0, prior="log-uniform")]

    def run(self, config: Config, out_dir: Path) -> dict[str, Any]:
        import threadpoolctl

        from brainsnn_studies.eventprop_spike_rate import experiments, report

        with threadpoolctl.threadpool_limits(limits=max(config.threads, 1)):
            metrics = experiments.run_all(config)
        report.save_figures(metrics, out_dir)
        return metrics

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from brainsnn_studies.eventprop_spike_rate import report

        return report.render(config, metrics)

    def search_baseline(self, config: Mapping[str, Any]) -> dict[str, Any]:
        return {"alpha": config["alpha"], "eta": config["eta"]}

    def evaluate(self, config: Config, params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """Objective ``(1 - acc) + kappa <N_S> + penalty x max(0, floor - acc)`` of one 2-phase network (L_A, then
        L) on Yin-Yang with ``alpha`` and ``eta``."""
        from brainsnn_studies.eventprop_spike_rate.experiments import search_objective

        return search_objective(config, params["alpha"], params["eta"])


STUDY = EventPropSpikeRate()
