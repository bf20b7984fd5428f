"""ACE-SNN: quantisation-aware hybrid training of 3-D SNNs for hyperspectral image recognition.

Datta, G., Kundu, S., Jaiswal, A. R. & Beerel, P. A. (2022). ACE-SNN: Algorithm-Hardware Co-design of
Energy-Efficient & Low-Latency Deep Spiking Neural Networks for 3D Image Recognition. Front. Neurosci. 16:815258 —
Eq. 2-28, Tables 1, 2, 4, 5, Fig. 8-13.

CNN-3D (Conv3d, Table 1) trained as an ANN on 5 x 5 x B hyperspectral patches, converted to an SNN by threshold
balancing (99.7th percentile x 0.8, `brainsnn.conversion.threshold_balancing`), fine-tuned by Q-STDB at T = 5 with
affine or scale fake quantisation at 4-6 bits (trainable leak and threshold, direct input), quantised after
training for comparison; spike rates zeta_l, the energy model of Eq. 22-26 with the PIM first layer, Eq. 4-12's
arithmetic intensity, and the 6-bit network in Brian2 (`brainsnn.deploy`, direct input). Data: a procedural
hyperspectral scene (a stand-in, `brainsnn.data.hyperspectral_scene`) or the real Indian Pines / Pavia University /
Salinas cubes (`brainsnn.data.hyperspectral_mat`, --data-dir). The search tunes the conversion's threshold scale and
the Q-STDB learning rate.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brainsnn.config import StudyConfig, param, study_config
from brainsnn.errors import ConfigError
from brainsnn.search import Real
from brainsnn.study import Preset, Study

DATASETS = ("stand-in", "indian-pines", "pavia-university", "salinas")
DEVICES = ("numpy", "cython", "cpp_standalone")
SCHEMES = ("affine", "scale")
#: The paper's CNN-3D channels (Table 1).
PAPER_CHANNELS = (20, 40, 84, 84, 84, 84)


@study_config
class Config(StudyConfig):
    """Data, CNN-3D, conversion and Q-STDB (paper: ANN SGD lr 0.01 for 100 epochs; 99.7th percentile over 100
    steps of 50 images, x 0.8; Q-STDB Adam lr 1e-4 for 100 epochs at T = 5, gamma 0.3, 4-6 bits)."""

    device: str = param("cpp_standalone", "Brian2 target of the deployment check", choices=DEVICES)
    dataset: str = param("stand-in", "hyperspectral scene (real ones need --data-dir)", choices=DATASETS)
    scene_side: int = param(64, "side of the stand-in scene (pixels)", ge=3)
    scene_classes: int = param(6, "classes of the stand-in scene", ge=2)
    scene_bands: int = param(32, "spectral bands of the stand-in scene", ge=8)
    patch: int = param(5, "patch side p (p x p x bands; paper: 5 for CNN-3D)", ge=1, le=15)
    train_fraction: float = param(0.4, "training share of the labelled pixels (paper: 0.4)", gt=0, lt=1)
    n_train: int | None = param(None, "training patches kept (null: the whole 40 % split)", gt=0)
    n_test: int | None = param(None, "test patches kept (null: the whole 60 % split)", gt=0)
    channels: tuple[int, ...] = param(PAPER_CHANNELS, "filters of the six Conv3d layers (paper: 20 40 84 84 84 84)",
                                      gt=0, length=6)
    ann_epochs: int = param(100, "ANN epochs", gt=0)
    ann_learning_rate: float = param(0.01, "ANN SGD learning rate (/10 at 60, 80, 90 % of the epochs)", gt=0)
    batch_size: int = param(32, "mini-batch of the ANN and Q-STDB", gt=0)
    balance_samples: int = param(50, "training patches that set the thresholds", gt=0)
    balance_steps: int = param(100, "time steps of threshold balancing", gt=0)
    percentile: float = param(99.7, "percentile of the input currents that sets a threshold", gt=0, le=100)
    threshold_scale: float = param(0.8, "factor on the balanced thresholds before Q-STDB", gt=0, le=2)
    conversion_steps: tuple[int, ...] = param((5, 50), "T of the conversion-only SNN", gt=0, unique=True)
    steps: int = param(5, "T of Q-STDB and of the quantised SNNs", gt=0)
    qstdb_epochs: int = param(100, "Q-STDB epochs of every fine-tuning", gt=0)
    qstdb_learning_rate: float = param(1e-4, "Q-STDB Adam learning rate (halved at 60, 80, 90 %)", gt=0)
    gamma: float = param(0.3, "height of the surrogate gradient (Eq. 21)", gt=0)
    bits: tuple[int, ...] = param((4, 5, 6), "weight bits of quantisation-aware Q-STDB", ge=2, le=16, unique=True)
    headline_bits: int = param(6, "bits of the headline SNN (qstdb_T5, zeta, energy, Brian2)", ge=2, le=16)
    training_schemes: tuple[str, ...] = param(SCHEMES, "quantisers used in training", choices=SCHEMES, unique=True)
    ptq_bits: tuple[int, ...] = param((4, 6, 8, 10, 12), "bits of post-training scale quantisation", ge=2, le=16,
                                      unique=True)
    seeds: int = param(3, "seeds (split and initialisation)", gt=0)
    brian2_samples: int | None = param(20, "test patches run in Brian2 (null: none; needed for the paper's sizes, "
                                               "whose dense layer maps would not fit in memory)", gt=0)

    def check(self) -> None:
        if self.headline_bits not in self.bits or "affine" not in self.training_schemes:
            raise ConfigError("headline_bits must be one of bits, and training_schemes must include 'affine' (the "
                              "headline network is trained affine and inferred scale)")
        if self.steps not in self.conversion_steps:
            raise ConfigError(f"conversion_steps must include steps={self.steps} (conversion_T{self.steps})")


class ACESNN(Study):
    name = "ace-snn"
    paper = "Datta et al. (2022), Front. Neurosci. 16:815258: ACE-SNN, quantisation-aware hybrid 3-D SNNs"
    summary = "CNN-3D -> threshold-balanced SNN -> Q-STDB at T=5 and 4-6 bits; energy model; Brian2 (direct input)"
    Config = Config
    presets = {
        "smoke": Preset({
            "device": "numpy", "scene_side": 12, "scene_classes": 3, "scene_bands": 12, "n_train": 48, "n_test": 30,
            "channels": [4, 4, 4, 4, 4, 4], "ann_epochs": 4, "balance_samples": 8, "balance_steps": 10,
            "qstdb_epochs": 1, "bits": [6], "training_schemes": ["affine"], "ptq_bits": [6], "seeds": 1,
            "brian2_samples": 3, "batch_size": 16,
        }, measured="5 s on 2 cores shared with two other runs"),
        "quick": Preset({
            "n_train": 800, "n_test": 1200, "channels": [8, 16, 16, 16, 16, 16], "ann_epochs": 30,
            "ann_learning_rate": 0.05, "qstdb_epochs": 6, "qstdb_learning_rate": 3e-3, "seeds": 3,
            "ptq_bits": [3, 4, 5, 6, 8, 12],
        }, measured="7 min 57 s on 2 cores shared with two other runs (5 min 23 s CPU)"),
        "paper": Preset({"dataset": "indian-pines", "brian2_samples": None}),
    }
    search_space = [Real("threshold_scale", 0.4, 1.2), Real("qstdb_learning_rate", 1e-5, 1e-2, prior="log-uniform")]

    def run(self, config: Config, out_dir: Path) -> dict[str, Any]:
        from brainsnn_studies.ace_snn import experiments, report

        metrics = experiments.run_experiments(config)
        report.save_figures(metrics, out_dir)
        return metrics

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from brainsnn_studies.ace_snn import report

        return report.render(config, metrics)

    def search_baseline(self, config: Mapping[str, Any]) -> dict[str, Any]:
        return {"threshold_scale": config["threshold_scale"], "qstdb_learning_rate": config["qstdb_learning_rate"]}

    def evaluate(self, config: Config, params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """Objective ``100 - OA`` (%) on a validation quarter of the training split (never the test split) of the
        SNN converted with ``threshold_scale`` and fine-tuned by Q-STDB with ``qstdb_learning_rate`` (affine
        training, scale inference at ``headline_bits``, seed ``seed``)."""
        from brainsnn_studies.ace_snn.search import search_objective

        return search_objective(config, params)


STUDY = ACESNN()
