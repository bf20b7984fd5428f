"""Activation-based, timing-based and ANTLR gradients for spiking networks (Kim, Kim & Kim, NeurIPS 2020).

Kim J., Kim K., Kim J.-J. (2020). Unifying activation- and timing-based learning rules for spiking neural networks.
NeurIPS 33 — Eqs. 1-10, Table 1, Figs. 6-8.

Discrete-time LIF/SRM networks are trained in float64 numpy with the three gradients as backward recursions
(:mod:`brainsnn_studies.antlr.gradients`) on the random spike-train matching task, latency-coded images and the
saccade-event stand-in for N-MNIST; the trained latency network runs in Brian2 spike for spike (one step of delay per
layer). The experiments are listed in :mod:`brainsnn_studies.antlr.experiments`. The Bayesian search
(`brainsnn search antlr`) tunes ANTLR's lambda_tim and the learning rate for validation error plus spikes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brainsnn.config import StudyConfig, param, study_config
from brainsnn.errors import ConfigError
from brainsnn.search import Real
from brainsnn.study import Preset, Study

#: Image datasets of ``brainsnn.data.datasets`` with ten classes.
DATASETS = ("digits", "mnist", "fashion-mnist")
#: Brian2 devices the agreement check runs on.
DEVICES = ("numpy", "cython", "cpp_standalone")


@study_config
class Config(StudyConfig):
    """The authors' code defaults (alpha 0.99, theta 1, surrogate exp(-3|V-1|), lambda 1/1, softmax beta 1/6, no-spike
    weight 0.1, batch 16), scaled down to 8x8 digits; learning rates raised for the short runs."""

    device: str = param("numpy", "Brian2 device or runtime target of the agreement check", choices=DEVICES)
    alpha_i: float = param(0.99, "current decay alpha_I (Eq. 2)", gt=0, lt=1)
    alpha_v: float = param(0.99, "membrane decay alpha_V (Eq. 1)", gt=0, lt=1)
    threshold: float = param(1.0, "firing threshold theta (Eq. 3)", gt=0)
    surrogate_beta: float = param(3.0, "sharpness of the surrogate exp(-beta |V - theta|)", gt=0)
    lambda_act: float = param(1.0, "ANTLR's weight of the activation gradient (Eq. 8)", ge=0)
    lambda_tim: float = param(1.0, "ANTLR's weight of the timing gradient (Eq. 8)", ge=0)
    st_sizes: tuple[int, ...] = param((10, 50, 50, 5), "layer sizes of the spike-train task (Fig. 6)", gt=0)
    st_steps: int = param(100, "time steps T of the spike-train task", gt=3)
    st_target_spikes: int = param(1, "target spikes per output neuron (the paper: 1 or 3)", gt=0)
    st_iterations: int = param(600, "updates per trial (the paper: 50 000)", gt=0)
    st_trials: int = param(16, "trials per method, each its own pattern, target and initialisation (paper: 100)",
                           gt=0)
    st_gain: float = param(3.0, "initial weights N(0, (gain / sqrt(fan_in))^2) of the spike-train task", gt=0)
    st_learning_rate: float = param(3e-3, "Adam learning rate of the spike-train task", gt=0)
    kernel_tau: float = param(5.0, "time constant of the spike-train loss's exponential kernel (steps)", gt=0)
    dataset: str = param("digits", "image dataset of the latency task", choices=DATASETS)
    n_train: int | None = param(None, "training images kept (null: all)", gt=0)
    n_test: int | None = param(None, "test images kept (null: all)", gt=0)
    steps: int = param(60, "time steps T of the latency task (inputs fire at steps 0..24)", gt=24)
    hidden: tuple[int, ...] = param((100,), "hidden layer sizes of the latency task", gt=0)
    epochs: int = param(5, "training epochs of the latency task", gt=0)
    gain: float = param(4.0, "initial weight gain of the latency task", gt=0)
    count_target: float = param(1.0, "activation method's target count of the desired output (others 0)", gt=0)
    batch_size: int = param(16, "mini-batch", gt=0)
    learning_rate: float = param(1e-2, "Adam learning rate of the classification tasks", gt=0)
    softmax_beta: float = param(1 / 6, "beta of the latency loss's softmax over first-spike times (per step)", gt=0)
    no_spike_weight: float = param(0.1, "ANTLR's no-spike term on a silent desired output", ge=0)
    seeds: int = param(3, "seeds of the classification tasks (mean and s.d. over them)", gt=0)
    single_spike: bool = param(True, "repeat the latency task under the single-spike restriction (Fig. 7b)")
    saccade_dataset: str = param("digits", "images moved along the saccade triangle", choices=DATASETS)
    saccade_n_train: int | None = param(600, "training images of the saccade stand-in (null: all)", gt=0)
    saccade_n_test: int | None = param(300, "test images of the saccade stand-in (null: all)", gt=0)
    steps_per_saccade: int = param(10, "time steps per saccade (T = 3 x this)", gt=0)
    saccade_hidden: tuple[int, ...] = param((100,), "hidden layer sizes of the saccade task", gt=0)
    saccade_epochs: int = param(3, "training epochs of the saccade task", gt=0)
    saccade_gain: float = param(2.0, "initial weight gain of the saccade task", gt=0)
    saccade_count_target: float = param(3.0, "activation method's target count on the saccade task", gt=0)
    n_brian: int = param(200, "test samples run in Brian2", gt=0)
    search_spike_weight: float = param(0.1, "search objective: weight of spikes per sample / 100", ge=0)

    def check(self) -> None:
        if self.n_test is not None and self.n_brian > self.n_test:
            raise ConfigError(f"n_brian ({self.n_brian}) must be <= n_test ({self.n_test}): Brian2 runs test samples")
        if len(self.st_sizes) < 2:
            raise ConfigError("st_sizes needs at least an input and an output layer, e.g. [10, 50, 50, 5]")
        if 3 * self.st_steps // 4 - self.st_steps // 4 < self.st_target_spikes:
            raise ConfigError(f"st_target_spikes ({self.st_target_spikes}) must fit in the window [T/4, 3T/4) of "
                              f"st_steps ({self.st_steps}); raise st_steps")


class ANTLR(Study):
    name = "antlr"
    paper = "Kim, Kim & Kim (2020), Unifying activation- and timing-based learning rules for SNNs (ANTLR), NeurIPS"
    summary = "activation vs timing vs ANTLR gradients: spike-train task, latency digits, saccade events, Brian2"
    Config = Config
    presets = {
        "smoke": Preset({
            "st_sizes": [6, 12, 3], "st_steps": 40, "st_iterations": 20, "st_trials": 2, "n_train": 120,
            "n_test": 40, "steps": 30, "hidden": [20], "epochs": 1, "seeds": 2, "saccade_n_train": 60,
            "saccade_n_test": 30, "steps_per_saccade": 4, "saccade_hidden": [20], "saccade_epochs": 1,
            "n_brian": 20,
        }, measured="10 s on 2 cores shared with two other runs"),
        "quick": Preset({}, measured="3 min 59 s on 2 cores shared with two other runs (4-6 min in earlier runs)"),
        "paper": Preset({
            "dataset": "mnist", "steps": 100, "hidden": [800], "epochs": 20, "learning_rate": 1e-3, "seeds": 16,
            "st_iterations": 50_000, "st_trials": 100, "st_learning_rate": 1e-3, "saccade_dataset": "mnist",
            "saccade_n_train": None, "saccade_n_test": None, "steps_per_saccade": 100, "saccade_hidden": [800],
            "saccade_epochs": 20, "saccade_count_target": 10.0, "n_brian": 1000,
        }),
    }
    search_space = [Real("lambda_tim", 0.1, 10.0, prior="log-uniform"),
                    Real("learning_rate", 1e-3, 3e-2, prior="log-uniform")]

    def run(self, config: Config, out_dir: Path) -> dict[str, Any]:
        from brainsnn_studies.antlr import experiments, report

        metrics = experiments.run_all(config)
        report.save_figures(metrics, out_dir)
        return metrics

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from brainsnn_studies.antlr import report

        return report.render(config, metrics)

    def search_baseline(self, config: Mapping[str, Any]) -> dict[str, Any]:
        return {"lambda_tim": config["lambda_tim"], "learning_rate": config["learning_rate"]}

    def evaluate(self, config: Config, params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """Objective ``validation error + search_spike_weight x spikes per sample / 100`` of one ANTLR network
        (seed ``config.seed``) on the latency task, trained with ``lambda_tim`` and ``learning_rate``; the
        validation set is every fifth training image."""
        from brainsnn_studies.antlr.experiments import search_objective

        return search_objective(config, params["lambda_tim"], params["learning_rate"])


STUDY = ANTLR()
