"""Explicit current control for CNN -> SNN conversion.

Wu, D., Yi, X. & Huang, X. (2022). A Little Energy Goes a Long Way: Build an Energy-Efficient, Accurate Spiking
Neural Network From Convolutional Neural Network. Front. Neurosci. 16:759900 — eqs. (1)-(14), Figs. 1, 3, 5.

A small CNN with biases, batch norm and average pooling is trained (torch) on digits and Fashion-MNIST, converted to
integrate-and-fire networks with reset by subtraction by the 2017 weight-normalisation baseline, by ECC (current
normalisation with kappa, batch-norm folding with its epsilon, residual elimination TRE), by ECC without TRE and by
threshold scaling, and run step by step on a constant-current input (`brainsnn.conversion`, the torch engine):
accuracy loss and eq. (14) operations against T, kappa invariance, integer weights, Propositions 1-2, and the
converted networks in Brian2 (`brainsnn.deploy`, direct input) with their counted operations and energy. The search
(`brainsnn search ecc-conversion`) tunes TRE's eta and the activation percentile of lambda.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brainsnn.config import StudyConfig, param, study_config
from brainsnn.errors import ConfigError
from brainsnn.search import Real
from brainsnn.study import Preset, Study

DATASETS = ("digits", "fashion-mnist", "cifar-10")
TRE_MODES = ("per_step", "initial_charge")
DEVICES = ("numpy", "cython", "cpp_standalone")
#: Weight of the operations (SNN / CNN, eqs. 14 / 13) against the disagreement with the CNN (points) in the search
#: objective.
OPS_WEIGHT = 1.0


@study_config
class Config(StudyConfig):
    """CNN, conversion and checks (paper: kappa 100, eta 0.5, BN eps 1e-3, T 16-256, 7-10-bit weights), scaled down
    to a two-conv network on digits and Fashion-MNIST."""

    device: str = param("cpp_standalone", "Brian2 target of the deployment check", choices=DEVICES)
    datasets: tuple[str, ...] = param(("digits", "fashion-mnist"), "data sets (cifar-10 needs --data-dir)",
                                      choices=DATASETS, unique=True)
    n_train: int | None = param(None, "training images kept (null: all)", gt=0)
    n_test: int | None = param(None, "test images kept (null: all)", gt=0)
    conv_channels: tuple[int, ...] = param((8, 16), "channels of the 3x3 conv layers (each with BN and ReLU)", gt=0)
    pool_after: tuple[int, ...] = param((1, 2), "1-based conv layers followed by 2x2 average pooling", gt=0,
                                        min_len=0, unique=True)
    dense: tuple[int, ...] = param((), "hidden dense layers (each with BN and ReLU) before the output", gt=0,
                                   min_len=0)
    bn_eps: float = param(1e-3, "batch-norm epsilon of training (TensorFlow's default, as in the paper)", gt=0)
    epochs: int = param(8, "training epochs", gt=0)
    batch_size: int = param(64, "training mini-batch", gt=1)
    learning_rate: float = param(3e-3, "Adam learning rate", gt=0)
    seeds: int = param(2, "training seeds (mean and s.d. over them)", gt=0)
    calibration_samples: int = param(1000, "training images that set the activation maxima lambda", gt=0)
    lambda_percentile: float = param(100.0, "percentile of the activations taken as lambda (paper: the maximum)",
                                     gt=0, le=100)
    time_steps: tuple[int, ...] = param((4, 8, 16, 32, 64, 128), "time steps T of the loss/ops curves", gt=0,
                                        unique=True)
    kappa: float = param(100.0, "CN threshold kappa of ECC and threshold scaling (paper: 100)", gt=0)
    eta: float = param(0.5, "TRE charge eta V_thr (paper: 0.5)", ge=0, le=1)
    tre_mode: str = param("initial_charge", "TRE as initial membrane eta V_thr (authors' code) or eta V_thr / T per "
                          "step (eq. 9)",
                          choices=TRE_MODES)
    threshold_scales: tuple[float, ...] = param((0.8, 0.9), "alpha of the threshold-scaling methods", gt=0, le=1,
                                                min_len=0, unique=True)
    quant_bits: tuple[int, ...] = param((10, 9, 8, 7), "signed weight widths of the quantisation check", ge=2,
                                        min_len=0, unique=True)
    quant_steps: int = param(64, "T of the quantisation check", gt=0)
    check_steps: int = param(32, "T of the kappa, Prop. 1/2 and Brian2 checks", gt=0)
    check_samples: int = param(200, "test images of the kappa and Prop. 1/2 checks", gt=0)
    brian2_samples: int = param(40, "test images run in Brian2 (first seed)", gt=0)
    brian2_methods: tuple[str, ...] = param(("ecc", "wn2017"), "conversions run in Brian2", min_len=0, unique=True,
                                            choices=("wn2017", "ecc", "ecc_no_tre"))
    search_steps: int = param(16, "T at which the search scores ECC", gt=0)

    def check(self) -> None:
        if any(index > len(self.conv_channels) for index in self.pool_after):
            raise ConfigError(f"pool_after names conv layer {max(self.pool_after)}, but there are only "
                              f"{len(self.conv_channels)} (conv_channels)")


class ECCConversion(Study):
    name = "ecc-conversion"
    paper = "Wu, Yi & Huang (2022), Front. Neurosci. 16:759900: explicit current control (ECC) for CNN -> SNN"
    summary = "CNN -> IF conversion: 2017 weight normalisation, ECC (CN, CMB, TRE), threshold scaling; ops; Brian2"
    Config = Config
    presets = {
        "smoke": Preset({
            "datasets": ["digits"], "n_train": 300, "n_test": 60, "conv_channels": [4], "pool_after": [1],
            "epochs": 3, "learning_rate": 0.01, "seeds": 1, "calibration_samples": 200, "time_steps": [4, 16],
            "quant_bits": [8], "quant_steps": 16, "check_steps": 8, "check_samples": 30, "brian2_samples": 6,
            "brian2_methods": ["ecc"], "search_steps": 16,
        }, measured="19 s on 2 cores shared with two other runs, one cpp_standalone compile included"),
        "quick": Preset({"n_train": 6000, "n_test": 500},
                        measured="8 min 36 s on 2 cores shared with two other runs (5 min 10 s CPU)"),
        "paper": Preset({
            "datasets": ["cifar-10"], "conv_channels": [64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512],
            "pool_after": [2, 4, 7, 10, 13], "dense": [512, 512], "epochs": 300, "batch_size": 128, "seeds": 1,
            "calibration_samples": 50000, "time_steps": [16, 32, 48, 64, 80, 96, 112, 128, 256],
            "quant_steps": 128, "check_steps": 128, "search_steps": 64,
        }),
    }
    search_space = [Real("eta", 0.0, 1.0), Real("lambda_percentile", 99.0, 100.0)]

    def run(self, config: Config, out_dir: Path) -> dict[str, Any]:
        from brainsnn_studies.ecc_conversion import experiments, report

        metrics = experiments.run_experiments(config)
        report.save_figures(metrics, out_dir)
        return metrics

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from brainsnn_studies.ecc_conversion import report

        return report.render(config, metrics)

    def search_baseline(self, config: Mapping[str, Any]) -> dict[str, Any]:
        return {"eta": config["eta"], "lambda_percentile": config["lambda_percentile"]}

    def evaluate(self, config: Config, params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """Objective ``disagreement with the CNN (points, training images) + ops_SNN / ops_CNN`` of ECC at
        ``search_steps`` on the first data set with ``eta`` and ``lambda_percentile`` (the CNN is trained once)."""
        from brainsnn_studies.ecc_conversion.experiments import search_objective

        return search_objective(config, params, OPS_WEIGHT)


STUDY = ECCConversion()
