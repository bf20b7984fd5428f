"""Training time-to-first-spike networks so that they follow the ReLU network (Ch. 3), and their robustness (Ch. 2-3).

Stanojevic, A. (2023). Supervised learning and inference of spiking neural networks with temporal coding. PhD
thesis, EPFL — Ch. 3 (Stanojevic et al. 2024, Nat. Commun. 15:6793): Fig. 3.2, Fig. 3.3, Table 3.1, Table 3.3,
Fig. 3.5; Ch. 2: Fig. 2.5 and the L1 rows of Table 2.1.

The experiments (numpy closed form with exact spike-time gradients, `brainsnn.ttfs.spike_time_network`, except
the L1 sweep in Brian2) are listed in :mod:`brainsnn_studies.ttfs_training.experiments`. The Bayesian search
(`brainsnn search ttfs-training`) minimises spikes per neuron + latency / reference latency over the L1
coefficient and zeta, with a penalty of 1 per accuracy point beyond 0.5 points below the ReLU net.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brainsnn.config import StudyConfig, param, study_config
from brainsnn.search import Real
from brainsnn.study import Preset, Study

#: Image datasets of ``brainsnn.data.datasets`` with ten classes.
DATASETS = ("digits", "mnist", "fashion-mnist")
#: Devices `simulate_ttfs` reruns one network on (cuda_standalone is not supported).
DEVICES = ("numpy", "cython", "cpp_standalone")


@study_config
class Config(StudyConfig):
    """Networks, training, fine-tuning and sensitivity settings (thesis: zeta 0.5, gamma 10, dropout 0.08),
    scaled down to digits by default."""

    device: str = param("cpp_standalone", "Brian2 device or runtime target (L1 sweep)", choices=DEVICES)
    dataset: str = param("digits", "image dataset", choices=DATASETS)
    deep_hidden: tuple[int, ...] = param((64,) * 8, "hidden layer sizes of the deep FC net (Fig. 3.3, Table 3.1)",
                                         gt=0)
    batch_size: int = param(8, "mini-batch of the Ch. 3 training and fine-tuning", gt=0)
    trajectory_epochs: int = param(30, "SGD epochs of the Fig. 3.3 trajectories", gt=0)
    trajectory_learning_rate: float = param(2e-3, "SGD learning rate of the trajectories", gt=0)
    deep_epochs: int = param(15, "Adam epochs of the deep net (Table 3.1)", gt=0)
    deep_learning_rate: float = param(1e-3, "Adam learning rate of the deep net", gt=0)
    shallow_hidden: int = param(340, "hidden neurons of the shallow net (Table 3.3)", gt=0)
    shallow_epochs: int = param(15, "Adam epochs of the shallow net", gt=0)
    shallow_learning_rate: float = param(5e-4, "Adam learning rate of the shallow net", gt=0)
    seeds: int = param(3, "seeds of Tables 3.1 and 3.3", gt=0)
    zeta: float = param(0.5, "window margin (Eqs. 3.19-3.21 and the Ch. 2 mapping)", gt=-1)
    gamma: float = param(10.0, "growth factor of the adaptive window rule (Eq. 3.3)", ge=1)
    spectrum_size: int = param(340, "N of the random W ~ N(0, 1/N) of Fig. 3.2", gt=0)
    fc_hidden: int = param(100, "hidden neurons of the FC net (sensitivity, L1 sweep, search)", gt=0)
    fc_epochs: int = param(30, "Adam epochs of the FC net", gt=0)
    fc_learning_rate: float = param(3e-3, "Adam learning rate of the FC net", gt=0)
    fc_batch_size: int = param(32, "mini-batch of the FC net", gt=0)
    dropout: float = param(0.08, "dropout rate of the FC net", ge=0, lt=1)
    l1_coefficients: tuple[float, ...] = param((0.0, 1e-3, 3e-3, 1e-2, 3e-2), "L1 activity coefficients swept",
                                               ge=0)
    sensitivity_zetas: tuple[float, ...] = param((1.0, 0.5, 0.0, -0.25, -0.5, -0.75),
                                                 "window margins of Fig. 2.5 (window (1 + zeta) X^(n) > 0)", gt=-1)
    jitter_sds: tuple[float, ...] = param((1e-3, 1e-2, 3e-2, 0.1, 0.3), "spike-time jitter SDs of Fig. 2.5 (tau_c)",
                                          ge=0)
    slope_sds: tuple[float, ...] = param((1e-4, 1e-3, 1e-2, 0.1), "slope heterogeneity SDs of Fig. 2.5", ge=0)
    sensitivity_trials: int = param(16, "noise draws per Fig. 2.5 setting", gt=0)
    finetune_jitter_sds: tuple[float, ...] = param((0.1, 0.3, 0.5), "jitter SDs of Fig. 3.5 (tau_c)", ge=0)
    finetune_time_steps: tuple[int, ...] = param((8, 4, 2), "time steps K per layer of Fig. 3.5", ge=1)
    finetune_weight_bits: tuple[int, ...] = param((4, 3, 2), "weight bits q of Fig. 3.5", ge=2)
    finetune_window_percentiles: tuple[float, ...] = param(
        (95.0, 90.0, 80.0), "percentile each shortened window holds (thesis: 90-100)", gt=0, le=100)
    time_quantisation_percentile: float = param(99.0, "percentile the K-step windows hold (thesis: 99)", gt=0, le=100)
    finetune_epochs: int = param(5, "fine-tuning epochs per learning rate", gt=0)
    finetune_learning_rates: tuple[float, ...] = param((1e-3, 1e-4), "fine-tuning Adam learning rates", gt=0)
    finetune_trials: int = param(8, "test passes averaged under jitter", gt=0)
    n_simulated: int | None = param(None, "test samples of the L1 sweep's Brian2 runs (null: all)", gt=0)
    dt: float = param(0.05, "time step of the Brian2 exact-event runs (tau_c)", gt=0)
    sim_batch_size: int = param(256, "samples per Brian2 run", gt=0)


class TTFSTraining(Study):
    name = "ttfs-training"
    paper = "Stanojevic (2023), EPFL PhD thesis, Ch. 3 (equivalent training of TTFS networks), Ch. 2 robustness"
    summary = "train TTFS SNNs along the ReLU trajectory (B = 1 vs alpha = 1), spectra, fine-tuning, sensitivity, L1"
    Config = Config
    presets = {
        "smoke": Preset({
            "deep_hidden": [16] * 3, "trajectory_epochs": 2, "deep_epochs": 2, "shallow_hidden": 24,
            "shallow_epochs": 2, "seeds": 2, "spectrum_size": 40, "fc_hidden": 20, "fc_epochs": 3,
            "l1_coefficients": [0.0, 3e-2], "sensitivity_zetas": [0.5, -0.75], "jitter_sds": [0.1],
            "slope_sds": [0.1], "sensitivity_trials": 2, "finetune_jitter_sds": [0.3], "finetune_time_steps": [2],
            "finetune_weight_bits": [2], "finetune_window_percentiles": [80.0], "finetune_epochs": 1,
            "finetune_learning_rates": [1e-3], "finetune_trials": 2, "n_simulated": 40, "device": "numpy",
        }, measured="7 s on 2 shared cores"),
        "quick": Preset({"device": "numpy"}, measured="1 min 46 s on 2 shared cores"),
        "paper": Preset({
            "dataset": "mnist", "deep_hidden": [340] * 16, "trajectory_epochs": 10, "trajectory_learning_rate": 5e-4,
            "deep_epochs": 10, "shallow_epochs": 50, "seeds": 16, "fc_hidden": 600, "fc_epochs": 10,
            "fc_batch_size": 64, "fc_learning_rate": 1e-3, "finetune_epochs": 10, "sim_batch_size": 16,
        }),
    }
    search_space = [Real("l1_coefficient", 1e-4, 1e-1, prior="log-uniform"), Real("zeta", -0.75, 1.0)]

    def run(self, config: Config, out_dir: Path) -> dict[str, Any]:
        from brainsnn_studies.ttfs_training import experiments, figures

        metrics, eigenvalues = experiments.run_experiments(config)
        figures.save_figures(metrics, eigenvalues, out_dir)
        return metrics

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from brainsnn_studies.ttfs_training import report

        return report.render(config, metrics)

    def search_baseline(self, config: Config) -> dict[str, Any]:
        return {"l1_coefficient": 1e-4, "zeta": 0.5}

    def evaluate(self, config: Config, params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """Objective ``spikes + latency / latency_ref + max(0, 100 (acc_ref - acc_snn) - 0.5)`` of one FC net with L1
        activity ``l1_coefficient`` mapped with ``zeta`` (closed form); the reference is the L1-free ReLU net."""
        from brainsnn_studies.ttfs_training.data import flat_images
        from brainsnn_studies.ttfs_training.l1_sparsity import search_objective

        return search_objective(config, flat_images(config), params["l1_coefficient"], params["zeta"])


STUDY = TTFSTraining()
