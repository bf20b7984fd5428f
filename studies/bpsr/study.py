"""BPTT with sparsity regularisation for spiking networks (Yan et al. 2022, BPSR): spiking and synaptic sparsity,
rewiring, post-training quantisation, Brian2 inference.

Yan Y., Chu H., Jin Y., Huan Y., Zou Z., Zheng L. (2022). Backpropagation with sparsity regularization for spiking
neural network learning. Front. Neurosci. 16:760298 — Figs. 7-9, Table 2.

Heterogeneous LIF networks (trainable leak and bias per neuron, hard reset, optional recurrent first hidden layer)
are trained with the paper's O(T) backward on rank-order coded images, with the spiking (lambda_s) and L1
(lambda_w) regularisers and rewiring; quantised after training; and run in Brian2 spike for spike. The experiments
are listed in :mod:`brainsnn_studies.bpsr.experiments`. The Bayesian search (`brainsnn search bpsr`) trades
test error against hidden firing rate and synapses over lambda_s and lambda_w.
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
#: Brian2 devices the inference check runs on.
DEVICES = ("numpy", "cython", "cpp_standalone")


@study_config
class Config(StudyConfig):
    """Table 2 constants (U_th 1, alpha 0.7, tau 0.5, rewiring Theta_w 1e-2, Theta_m 1e-4, mu_m 5, beta_m 0.99,
    lr 1e-2), scaled down to 8x8 digits by default."""

    device: str = param("numpy", "Brian2 device or runtime target of the inference check", choices=DEVICES)
    dataset: str = param("digits", "image dataset", choices=DATASETS)
    n_train: int | None = param(None, "training images kept (null: all)", gt=0)
    n_test: int | None = param(None, "test images kept (null: all)", gt=0)
    steps: int = param(10, "time steps T of the rank-order code (k = 10 / T)", gt=1)
    hidden: tuple[int, ...] = param((100,), "hidden layer sizes", gt=0)
    recurrent: bool = param(False, "first hidden layer recurrent (the paper's r100, r1000, ...)")
    threshold: float = param(1.0, "firing threshold U_th", gt=0)
    alpha: float = param(0.7, "width parameter alpha of the Gaussian surrogate (Eq. 3)", gt=0)
    tau_init: float = param(0.5, "initial leak tau of every neuron", ge=0, le=1)
    optimizer: str = param("adam", "optimiser", choices=("adam", "adamw", "sgd"))
    learning_rate: float = param(1e-2, "learning rate", gt=0)
    batch_size: int = param(32, "mini-batch", gt=0)
    epochs: int = param(15, "training epochs of every network", gt=0)
    seeds: int = param(3, "seeds per setting (mean and s.d. over them)", gt=0)
    lambda_s_grid: tuple[float, ...] = param((0.0, 1e-7, 1e-5, 1e-3, 1e-2, 3e-2, 1e-1),
                                             "spiking-regulariser coefficients swept (Fig. 8A-C)", ge=0,
                                             unique=True)
    lambda_s: float = param(3e-2, "lambda_s of the rewiring, quantisation and Brian2 experiments", ge=0)
    lambda_w_grid: tuple[float, ...] = param((1e-3, 3e-3, 1e-2), "L1 coefficients swept with rewiring (Fig. 8D-E)",
                                             gt=0, unique=True)
    theta_w: float = param(1e-2, "pruning threshold Theta_w (Eq. 14)", ge=0)
    theta_m: float = param(1e-4, "growth threshold Theta_m (Eq. 15)", gt=0)
    mu_m: float = param(5.0, "distance factor mu_m of the growth threshold (Eq. 15)", ge=0)
    beta_m: float = param(0.99, "decay beta_m of the gradient moving average", ge=0, lt=1)
    rewiring_budget: float | None = param(None, "hold this fraction of each matrix's synapses (null: Eqs. 14-15 "
                                          "alone decide)", gt=0, le=1)
    weight_bits: tuple[int, ...] = param((8, 4), "PTQ bit widths of w and b (tau: shifts of up to bits - 1)",
                                         ge=2, le=32, unique=True)
    n_brian: int = param(200, "test samples run in Brian2", gt=0)
    cost_steps: tuple[int, ...] = param((10, 20, 40), "windows T of the backward-cost comparison (Fig. 7)", gt=1,
                                        unique=True)
    cost_repeats: int = param(5, "timed repeats per backward-cost measurement", gt=0)
    search_rate_weight: float = param(1.0, "search objective: weight of the hidden firing rate", ge=0)
    search_synapse_weight: float = param(0.1, "search objective: weight of the fraction of synapses kept", ge=0)

    def check(self) -> None:
        if self.n_test is not None and self.n_brian > self.n_test:
            raise ConfigError(f"n_brian ({self.n_brian}) must be <= n_test ({self.n_test}): Brian2 runs test samples")


class BPSR(Study):
    name = "bpsr"
    paper = "Yan et al. (2022), Backpropagation with sparsity regularization for SNN learning, Front. Neurosci."
    summary = "BPTT with spiking/L1 regularisers and rewiring, PTQ, Brian2 inference (BPSR, Figs. 7-9)"
    Config = Config
    presets = {
        "smoke": Preset({
            "n_train": 200, "n_test": 100, "hidden": [20], "recurrent": True, "epochs": 2, "seeds": 2,
            "lambda_s_grid": [0.0, 1e-1], "lambda_s": 1e-1, "lambda_w_grid": [1e-2], "n_brian": 20,
            "cost_steps": [5, 10], "cost_repeats": 1,
        }, measured="13 s on 2 cores shared with two other runs"),
        "quick": Preset({}, measured="5 min 4 s on 2 cores shared with two other runs (2 min 39 s CPU)"),
        "paper": Preset({
            "dataset": "mnist", "steps": 20, "hidden": [1000, 100], "recurrent": True, "epochs": 20,
            "lambda_s_grid": [0.0, 1e-9, 1e-7, 1e-5, 1e-3, 1e-2, 1e-1], "lambda_s": 1e-7, "lambda_w_grid": [1e-2],
            "n_brian": 1000, "cost_steps": [10, 20, 40, 80], "device": "cpp_standalone",
        }),
    }
    search_space = [Real("lambda_s", 1e-4, 1.0, prior="log-uniform"), Real("lambda_w", 1e-4, 3e-2,
                                                                            prior="log-uniform")]

    def run(self, config: Config, out_dir: Path) -> dict[str, Any]:
        from brainsnn_studies.bpsr import experiments, report

        metrics, rasters = experiments.run_all(config)
        report.save_figures(metrics, rasters, out_dir)
        return metrics

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from brainsnn_studies.bpsr import report

        return report.render(config, metrics)

    def search_baseline(self, config: Mapping[str, Any]) -> dict[str, Any]:
        return {"lambda_s": config["lambda_s"], "lambda_w": config["lambda_w_grid"][0]}

    def evaluate(self, config: Config, params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """Objective ``test error + search_rate_weight x hidden rate + search_synapse_weight x synapses kept / all``
        of one rewired network (seed ``config.seed``) trained with ``lambda_s`` and ``lambda_w``."""
        from brainsnn_studies.bpsr.experiments import search_objective

        return search_objective(config, params["lambda_s"], params["lambda_w"])


STUDY = BPSR()
