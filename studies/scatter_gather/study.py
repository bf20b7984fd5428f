"""Scatter-and-gather SNNs from ternary-weight, k-bit quantised ANNs, and their mapping onto crossbar chips.

Zou, C., Cui, X., Kuang, Y., Liu, K., Wang, Y., Wang, X. & Huang, R. (2021). A Scatter-and-Gather Spiking
Convolutional Neural Network on a Reconfigurable Neuromorphic Hardware. Front. Neurosci. 15:694170 — Eq. 6-22,
Tables 2-11, Figures 9-10.

Quantised ANNs (median quantisation with level k and bound B, ternary hidden weights, straight-through training)
over the (k, B) grid are converted into one-step SNNs of ``B 2^k`` IF replicas per neuron with thresholds from the
batch-norm statistics (`brainsnn.conversion.scatter_gather`); the conversion is checked exact neuron for neuron,
the SNNs run in Brian2 (`brainsnn.deploy`), whose synaptic operations give the chip energy at 0.57 pJ/SOP; branch
dropout measures robustness; the chip mapping model (`brainsnn.conversion.chip_mapping`) recomputes Tables 2-3 and
7-11. The search (`brainsnn search scatter-gather`) trades validation error against chip energy over k, B and the
ternary threshold factor.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brainsnn.config import StudyConfig, param, study_config
from brainsnn.errors import ConfigError
from brainsnn.search import Categorical, Real
from brainsnn.study import Preset, Study

DATASETS = ("digits", "fashion-mnist", "mnist", "cifar-10")
#: Brian2 targets of the conversion check.
DEVICES = ("numpy", "cython", "cpp_standalone")


@study_config
class Config(StudyConfig):
    """Quantisation grid, training (paper: Adam 1e-3, divided by 10 every 200 epochs; authors' code: batch 128) and
    the checks, scaled down to digits and a Fashion-MNIST subset by default."""

    device: str = param("numpy", "Brian2 target of every converted network", choices=DEVICES)
    datasets: tuple[str, ...] = param(("digits", "fashion-mnist"), "data sets (the first one gives conversion.* "
                                      "and dropout.*)", choices=DATASETS, unique=True)
    n_train: int | None = param(3000, "training images kept of every set but digits (null: all)", gt=0)
    n_test: int | None = param(500, "test images kept of every set but digits (null: all)", gt=0)
    levels: tuple[int, ...] = param((0, 1), "quantisation levels k of the grid (2^k steps per unit)", ge=0, le=3,
                                    unique=True)
    bounds: tuple[int, ...] = param((1, 2, 4), "upper bounds B of the grid", ge=1, le=8, unique=True)
    grid_everywhere: bool = param(False, "run the (k, B) grid on every data set (false: the sets after the first run "
                                         "only the four-spike model k=1, B=2)")
    seeds: int = param(3, "training seeds per (k, B)", gt=0)
    width_scale: float = param(0.25, "channels of LeNet / VGG relative to the paper's", gt=0, le=1)
    ternary_factor: float = param(0.7, "ternary threshold Delta / mean|w| (TWN: 0.7)", ge=0, le=3)
    epochs: int = param(30, "training epochs", gt=0)
    batch_size: int = param(64, "training mini-batch", ge=2)
    learning_rate: float = param(3e-3, "Adam learning rate (paper: 1e-3)", gt=0)
    lr_step_epochs: int = param(200, "epochs between divisions of the learning rate by 10 (paper: 200)", gt=0)
    dropout_rates: tuple[float, ...] = param((0.1, 0.2), "branch-dropout probabilities (Tables 4-6)", gt=0, lt=1,
                                             unique=True)
    dropout_draws: int = param(5, "dropout masks drawn per rate", gt=0)
    brian_samples: int | None = param(None, "test images of every Brian2 run (null: all)", gt=0)
    brian_max_synapses: int = param(4_000_000, "larger converted networks skip Brian2 (named in the report)", gt=0)
    standalone_samples: int | None = param(100, "test images of the cpp_standalone run of the four-spike network "
                                                "(null: skip)", gt=0)
    validation_fraction: float = param(0.2, "training images held out for the search objective", gt=0, lt=1)
    energy_weight: float = param(0.1, "search objective: percentage points of error per nJ of chip energy", ge=0)

    def check(self) -> None:
        if 1 not in self.levels or 2 not in self.bounds:
            raise ConfigError("the grid must hold the paper's four-spike model k=1, B=2: include 1 in levels and 2 in "
                              "bounds")


class ScatterGather(Study):
    name = "scatter-gather"
    paper = "Zou et al. (2021), Front. Neurosci. 15:694170: scatter-and-gather spiking CNN on neuromorphic chips"
    summary = "ternary k-bit ANNs converted losslessly into B*2^k-replica SNNs; Brian2; branch dropout; chip mapping"
    Config = Config
    presets = {
        "smoke": Preset({
            "datasets": ["digits"], "levels": [1], "bounds": [2], "seeds": 1, "epochs": 2,
            "dropout_draws": 1, "brian_samples": 40, "standalone_samples": 8,
        }, measured="1 min 31 s on 2 cores shared with two other runs, most of it compiling cpp_standalone "
                    "(52 s CPU)"),
        "quick": Preset({"seeds": 3, "n_train": 2000, "dropout_draws": 3},
                        measured="7 min 8 s on 2 cores shared with two other runs (4 min 50 s CPU)"),
        "paper": Preset({
            "datasets": ["mnist", "cifar-10"], "n_train": None, "n_test": None, "width_scale": 1.0, "epochs": 400,
            "batch_size": 128, "learning_rate": 1e-3, "seeds": 1, "grid_everywhere": True, "brian_samples": 1000,
            "brian_max_synapses": 10**9, "device": "cpp_standalone",
        }),
    }
    search_space = [Categorical("k", (0, 1)), Categorical("bound", (1, 2, 4)), Real("ternary_factor", 0.3, 1.2)]

    def run(self, config: Config, out_dir: Path) -> dict[str, Any]:
        from brainsnn.checkpoint import CheckpointStore
        from brainsnn_studies.scatter_gather import experiments, report

        store = CheckpointStore(self.name, {key: value for key, value in config.items()
                                            if key not in ("threads", "preset", "device", "brian_samples",
                                                           "brian_max_synapses", "standalone_samples")})
        metrics = experiments.run_experiments(config, store)
        report.save_figures(metrics, out_dir)
        return metrics

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from brainsnn_studies.scatter_gather import report

        return report.render(config, metrics)

    def search_baseline(self, config: Mapping[str, Any]) -> dict[str, Any]:
        return {"k": 1, "bound": 2, "ternary_factor": config["ternary_factor"]}

    def evaluate(self, config: Config, params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """Objective ``validation error (%) + energy_weight x chip energy (nJ per image)`` of one network
        (``datasets[0]``, seed ``seed``) with quantisation ``(k, bound)`` and ternary threshold factor
        ``ternary_factor``, trained on the training images less ``validation_fraction``."""
        from brainsnn_studies.scatter_gather.search import search_objective

        return search_objective(config, params)


STUDY = ScatterGather()
