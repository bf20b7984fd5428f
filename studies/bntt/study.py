"""Batch normalisation through time for low-latency deep SNNs trained from scratch.

Kim, Y. & Panda, P. (2021). Revisiting Batch Normalization for Training Low-Latency Deep Spiking Neural Networks
From Scratch. Front. Neurosci. 15:773954 — Eq. 4-15, Tables 1 and 3, Fig. 4-7.

LIF networks trained with surrogate-gradient BPTT (`brainsnn.train.snn`), each without normalisation, with one
batch norm shared over time, or with BNTT (`TimeBatchNorm`: statistics and gamma per step): MLPs on digits over
T and depth, a row-sequential digits task (the stand-in of Sequential MNIST), a reduced VGG9 on colour 32 x 32
images (a stand-in made from Fashion-MNIST, never called CIFAR); the temporal early exit from the learnt gains,
the Eq. 15 threshold form, and the folded network run in Brian2 (`brainsnn.deploy`). The search
(`brainsnn search bntt`) tunes the leak, the learning rate and the early-exit threshold of one BNTT MLP.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brainsnn.config import StudyConfig, param, study_config
from brainsnn.errors import ConfigError
from brainsnn.search import Real
from brainsnn.study import Preset, Study

#: Normalisations compared (networks.py).
VARIANTS = ("none", "bn", "bntt")
GREY_DATASETS = ("digits", "mnist-5k", "mnist", "fashion-mnist")
COLOUR_DATASETS = ("fashion-mnist-stand-in", "mnist-stand-in", "cifar-10", "cifar-100")
#: Brian2 targets of the deployment check.
DEVICES = ("numpy", "cython", "cpp_standalone")
#: Weight of the latency T_exit / T against the error (in %) in the search objective.
LATENCY_WEIGHT = 10.0


@study_config
class Config(StudyConfig):
    """Networks, training and early exit (paper: lr 0.3, momentum 0.9, weight decay 5e-4, steps at 50/70/90 %;
    authors' code: leak 0.99, threshold 1, BN eps 1e-4, momentum 0.1), scaled down to digits by default."""

    device: str = param("numpy", "Brian2 target of the deployment check", choices=DEVICES)
    dataset: str = param("digits", "grey images of the MLPs and the sequential task", choices=GREY_DATASETS)
    n_train: int | None = param(None, "training images kept (null: all)", gt=0)
    n_test: int | None = param(None, "test images kept (null: all)", gt=0)
    variants: tuple[str, ...] = param(VARIANTS, "normalisations compared", choices=VARIANTS, unique=True)
    time_steps: tuple[int, ...] = param((4, 8, 16), "time steps T of the MLP grid", gt=0, unique=True)
    width: int = param(128, "neurons per hidden layer of the MLPs", gt=0)
    depth: int = param(2, "hidden layers of the MLP grid", gt=0)
    seeds: int = param(2, "training seeds of the MLP grid and the sequential task", gt=0)
    epochs: int = param(20, "epochs of the MLPs and the sequential task", gt=0)
    batch_size: int = param(50, "training mini-batch", gt=0)
    test_batch_size: int = param(256, "test mini-batch", gt=0)
    learning_rate: float = param(0.1, "SGD learning rate (divided by 10 at 50, 70 and 90 % of the epochs)", gt=0)
    momentum: float = param(0.9, "SGD momentum", ge=0, lt=1)
    weight_decay: float = param(5e-4, "SGD weight decay (also on the BNTT gains)", ge=0)
    gamma_weight_decay: float | None = param(None, "weight decay of the BNTT gains (null: weight_decay)", ge=0)
    gain_decay: float | None = param(0.01, "gamma_weight_decay of the gain-decay runs (null: skip them)", ge=0)
    leak: float = param(0.99, "LIF leak lambda per step", gt=0, le=1)
    threshold: float = param(1.0, "LIF threshold theta (also the surrogate's width)", gt=0)
    surrogate_alpha: float = param(0.3, "height alpha of the triangle surrogate (Eq. 8)", gt=0)
    bn_eps: float = param(1e-4, "epsilon of both batch norms", gt=0)
    bn_momentum: float = param(0.1, "running-statistics momentum of both batch norms", gt=0, le=1)
    max_rate: float = param(1.0, "spike probability per step of a pixel of intensity 1", gt=0, le=1)
    depths: tuple[int, ...] = param((4, 8), "hidden layers of the depth sweep (empty: no sweep)", gt=0,
                                    min_len=0, unique=True)
    depth_time_steps: int = param(4, "T of the depth sweep", gt=0)
    depth_seeds: int = param(1, "training seeds per depth", gt=0)
    sequential_pixels_per_step: int | None = param(8, "pixels per step of the sequential task (null: skip it)",
                                                   gt=0)
    sequential_width: int = param(128, "neurons per hidden layer of the sequential task", gt=0)
    colour_dataset: str = param("fashion-mnist-stand-in", "colour images of the VGG", choices=COLOUR_DATASETS)
    colour_n_train: int | None = param(600, "colour training images kept (null: all)", gt=0)
    colour_n_test: int | None = param(300, "colour test images kept (null: all)", gt=0)
    vgg_layout: str = param("vgg9", "VGG layout", choices=("vgg9", "vgg11"))
    vgg_width: int = param(8, "channels of the first conv layer (paper: 64)", gt=0)
    vgg_fc: int = param(128, "neurons of the hidden FC layer (paper: 1024 for VGG9, 4096 for VGG11)", gt=0)
    vgg_time_steps: int = param(8, "T of the VGG (paper: 25 on CIFAR-10, 50 on CIFAR-100)", gt=0)
    vgg_epochs: int = param(4, "epochs of the VGG", gt=0)
    vgg_seeds: int = param(1, "training seeds of the VGG (0: skip it)", ge=0)
    exit_threshold: float = param(0.1, "early-exit threshold on the mean BNTT gain (paper: 0.1, absolute)", gt=0)
    exit_relative: bool = param(True, "early-exit threshold relative to each layer's largest mean gain")
    exit_thresholds: tuple[float, ...] = param((0.1, 0.3, 0.5, 0.7, 0.9), "early-exit thresholds swept (Fig. 7)",
                                               gt=0)
    brian2_samples: int = param(50, "test samples of the Brian2 deployment check", gt=0)

    def check(self) -> None:
        if self.exit_relative and (self.exit_threshold > 1 or max(self.exit_thresholds) > 1):
            raise ConfigError("relative early-exit thresholds (exit_relative=true) must be <= 1: every layer's mean "
                              "gain reaches its own maximum")


class BNTT(Study):
    name = "bntt"
    paper = "Kim & Panda (2021), Front. Neurosci. 15:773954: Batch Normalization Through Time (BNTT)"
    summary = "LIF SNNs by surrogate BPTT without BN, with shared BN and with BNTT; early exit; Brian2 deployment"
    Config = Config
    presets = {
        "smoke": Preset({
            "n_train": 200, "n_test": 60, "time_steps": [3, 5], "width": 16, "seeds": 2, "epochs": 2,
            "depths": [3], "depth_time_steps": 3, "depth_seeds": 1, "sequential_width": 16, "colour_n_train": 40,
            "colour_n_test": 20, "vgg_width": 2, "vgg_fc": 8, "vgg_time_steps": 3, "vgg_epochs": 1,
            "brian2_samples": 8,
        }, measured="36 s on 2 cores shared with two other runs (9 s CPU)"),
        "quick": Preset({}, measured="8 min 19 s on 2 cores shared with two other runs (4 min 43 s CPU)"),
        "paper": Preset({
            "dataset": "mnist", "time_steps": [25], "width": 256, "seeds": 3, "epochs": 120, "batch_size": 128,
            "learning_rate": 0.3, "depths": [], "sequential_pixels_per_step": 1, "sequential_width": 256,
            "colour_dataset": "cifar-10", "colour_n_train": None, "colour_n_test": None, "vgg_width": 64,
            "vgg_fc": 1024, "vgg_time_steps": 25, "vgg_epochs": 120, "vgg_seeds": 3, "exit_relative": False,
            "exit_thresholds": [0.05, 0.1, 0.2, 0.3], "gain_decay": None, "device": "cpp_standalone",
        }),
    }
    search_space = [Real("leak", 0.8, 1.0), Real("learning_rate", 0.01, 0.5, prior="log-uniform"),
                    Real("exit_threshold", 0.05, 0.95)]

    def run(self, config: Config, out_dir: Path) -> dict[str, Any]:
        from brainsnn_studies.bntt import experiments, report

        metrics = experiments.run_experiments(config)
        report.save_figures(metrics, out_dir)
        return metrics

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from brainsnn_studies.bntt import report

        return report.render(config, metrics)

    def search_baseline(self, config: Mapping[str, Any]) -> dict[str, Any]:
        return {name: config[name] for name in ("leak", "learning_rate", "exit_threshold")}

    def evaluate(self, config: Config, params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """Objective ``error at T_exit (%) + 10 T_exit / T`` of one BNTT MLP (seed ``seed``, the largest T of
        ``time_steps``) trained with ``leak`` and ``learning_rate``, exiting at relative ``exit_threshold``."""
        from brainsnn_studies.bntt.search import search_objective

        return search_objective(config, params, work_dir, LATENCY_WEIGHT)


STUDY = BNTT()
