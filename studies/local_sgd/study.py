"""LoCal+SGD: a growing prefix of layers learns by localized Hebbian updates, the rest by SGD.

Krithivasan, S., Sen, S., Venkataramani, S. & Raghunathan, A. (2022). Accelerating DNN training through selective
localized learning. Front. Neurosci. 15:759807 — Tables 1-3 and 5, Algorithms 1-2, Sec. 3.5.

Bias-free ReLU MLPs are trained in torch (`brainsnn_studies.local_sgd.training`) in every mode of
`brainsnn_studies.local_sgd.modes.MODES` over several paired seeds; the GEMM FLOPs and stored activations are
counted exactly (`brainsnn_studies.local_sgd.cost`). The Bayesian search (`brainsnn search local-sgd`) minimises
``-savings + penalty * max(0, drop - bound)`` over (alpha, L_shift) of the dynamic rule or (c1, c2) of a static
schedule.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brainsnn.config import StudyConfig, param, study_config
from brainsnn.errors import ConfigError
from brainsnn.search import Real
from brainsnn.study import Preset, Study
from brainsnn_studies.local_sgd.modes import MODES
from brainsnn_studies.local_sgd.schedules import SCHEDULES

#: Image datasets with ten classes (`brainsnn_studies.local_sgd.data`) and their image side.
IMAGE_SIDES = {"digits": 8, "fashion-mnist": 28, "mnist": 28, "cifar-10": 32}
#: Modes the Bayesian search can tune: the dynamic rule (alpha, l_shift) or a static schedule (c1, c2).
SEARCH_MODES = ("dynamic", "static_linear", "static_quadratic", "static_exponential")


@study_config
class Config(StudyConfig):
    """Network, data, SGD and LoCal settings (paper: SGD lr 0.05, wd 5e-4, local lr 0.01 halved every 30 epochs,
    alpha 0.1-0.5 or 0.8, L_shift 10-15 %, c1 0.5-0.7, c2 0.2-0.3), scaled down to an MLP."""

    device: str = param("cpu", "torch device", choices=("cpu", "cuda"))
    threads: int = param(0, "torch threads (0: one)", ge=0, le=1024)
    dataset: str = param("fashion-mnist", "image dataset", choices=tuple(IMAGE_SIDES))
    n_train: int | None = param(6000, "training images (class-stratified subset; null: all)", gt=0)
    n_test: int | None = param(2000, "test images (class-stratified subset; null: all)", gt=0)
    conv_channels: tuple[int, ...] = param((), "channels of the 3x3 conv layers (BN, ReLU) before the dense layers",
                                           gt=0, min_len=0)
    pool_after: tuple[int, ...] = param((), "indices of the conv layers followed by 2x2 max-pooling", ge=0, min_len=0,
                                        unique=True)
    hidden: tuple[int, ...] = param((256,) * 6, "hidden widths of the bias-free ReLU dense layers", gt=0, min_len=0)
    modes: tuple[str, ...] = param(MODES, "training modes run ('sgd' is the reference)", choices=MODES, unique=True)
    seeds: int = param(3, "paired seeds per mode (initial weights and data order)", gt=0)
    epochs: int = param(15, "training epochs", gt=0)
    batch_size: int = param(64, "mini-batch size", gt=0)
    learning_rate: float = param(0.05, "SGD learning rate", gt=0)
    momentum: float = param(0.9, "SGD momentum (paper: not stated)", ge=0, lt=1)
    weight_decay: float = param(5e-4, "SGD weight decay", ge=0)
    lr_decay: float = param(0.1, "factor applied to the SGD learning rate every lr_step_epochs", gt=0, le=1)
    lr_step_epochs: int = param(10, "epochs between SGD learning-rate decays", gt=0)
    local_learning_rate: float = param(0.01, "learning rate lr_L of the normalised local updates", gt=0)
    local_lr_decay: float = param(0.5, "factor applied to lr_L every local_lr_step_epochs", gt=0, le=1)
    local_lr_step_epochs: int = param(30, "epochs between local learning-rate decays", gt=0)
    weak_supervision: bool = param(True, "flip local updates to anti-Hebbian after an epoch whose loss rose (Alg. 2)")
    c1: float = param(0.6, "static schedules: largest fraction of layers learnt locally", gt=0, le=1)
    c2: float = param(0.25, "static schedules: fraction of epochs before local learning starts", ge=0, lt=1)
    exponential_rate: float = param(3.0, "curvature k of the exponential schedule", gt=0)
    alpha: float = param(0.5, "dynamic rule: shift when ||dW_E|| <= alpha W_avg (Alg. 1)", gt=0)
    l_shift: float = param(0.1, "dynamic rule: layers moved per shift, as a fraction of the depth", gt=0, le=1)
    ema: float = param(0.8, "dynamic rule: coefficient of the running average W_avg", ge=0, lt=1)
    dynamic_warmup_epochs: int = param(3, "dynamic rule: first epoch that may run with a moved boundary", ge=1)
    freezing_schedule: str = param("quadratic", "boundary rule of the freezing control",
                                   choices=(*SCHEDULES, "dynamic"))
    search_mode: str = param("dynamic", "mode the Bayesian search tunes", choices=SEARCH_MODES)
    search_accuracy_bound: float = param(0.5, "search: accuracy drop (points) allowed without penalty", ge=0)
    search_penalty: float = param(1.0, "search: objective penalty per point of drop beyond the bound", ge=0)

    def check(self) -> None:
        if "sgd" not in self.modes:
            raise ConfigError("modes must include 'sgd' (every other mode is compared with it)")
        if len(self.conv_channels) + len(self.hidden) < 1:
            raise ConfigError("the network needs a hidden layer: set hidden or conv_channels")
        if any(index >= len(self.conv_channels) for index in self.pool_after):
            raise ConfigError(f"pool_after holds indices of conv layers, 0 .. {len(self.conv_channels) - 1}; "
                              f"got {list(self.pool_after)}")
        if IMAGE_SIDES[self.dataset] >> len(self.pool_after) < 1:
            raise ConfigError(f"{len(self.pool_after)} poolings shrink a {IMAGE_SIDES[self.dataset]}-pixel "
                              f"{self.dataset} image to nothing; drop some from pool_after")


class LocalSGD(Study):
    name = "local-sgd"
    paper = "Krithivasan et al. (2022), Accelerating DNN training through selective localized learning, Front. " \
            "Neurosci. 15:759807"
    summary = "LoCal+SGD: Hebbian prefix + SGD suffix, static/dynamic boundary, freezing; GEMM FLOPs and memory"
    Config = Config
    presets = {
        "smoke": Preset({"dataset": "digits", "n_train": None, "n_test": None, "hidden": [32, 32, 32],
                         "seeds": 2, "epochs": 4, "lr_step_epochs": 3, "dynamic_warmup_epochs": 1},
                        measured="16 s on 2 cores shared with two other runs"),
        "quick": Preset({}, measured="4 min 25 s on 2 cores shared with two other runs"),
        "paper": Preset({"dataset": "cifar-10", "n_train": None, "n_test": None,
                         "conv_channels": [64, 64, 128, 128, 256, 256, 512, 512, 512, 512],
                         "pool_after": [1, 3, 5, 7, 9], "hidden": [], "seeds": 10, "epochs": 90,
                         "lr_step_epochs": 30, "dynamic_warmup_epochs": 5, "device": "cuda"}),
    }

    def search_space_for(self, config: StudyConfig) -> list:
        if config["search_mode"] == "dynamic":
            return [Real("alpha", 0.05, 0.95), Real("l_shift", 0.05, 0.5)]
        return [Real("c1", 0.2, 1.0), Real("c2", 0.0, 0.6)]

    def run(self, config: Config, out_dir: Path) -> dict[str, Any]:
        from brainsnn_studies.local_sgd import experiments, report

        metrics = experiments.run_experiments(config)
        report.save_figures(config, metrics, out_dir)
        return metrics

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from brainsnn_studies.local_sgd import report

        return report.render(config, metrics)

    def search_baseline(self, config: Mapping[str, Any]) -> dict[str, Any]:
        names = ("alpha", "l_shift") if config["search_mode"] == "dynamic" else ("c1", "c2")
        return {name: config[name] for name in names}

    def evaluate(self, config: Config, params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """``-savings + search_penalty * max(0, drop - search_accuracy_bound)`` of ``search_mode`` run with
        ``params`` against SGD on the same seed (`brainsnn_studies.local_sgd.experiments.search_objective`)."""
        from brainsnn_studies.local_sgd.experiments import search_objective

        return search_objective(config, params)


STUDY = LocalSGD()
