"""Spikemax (Shrestha, Zhu & Sun): spike-count probability losses against the spike-rate loss for SRM networks
trained with SLAYER-style surrogate gradients: accuracy, spike counts and accuracy against inference time on event
sets (documented stand-ins for N-MNIST and N-TIDIGITS18, or the real N-MNIST, DVS Gesture and N-TIDIGITS18
recordings from ``data_dir``), and Brian2 inference spike for spike.

Shrestha S. B., Zhu L., Sun P. "Spikemax: Spike-based Loss Methods for Classification", IJCNN 2022 — Table I,
Figs. 2-7. The experiments are in :mod:`brainsnn_studies.spikemax.experiments`; the Bayesian search
(`brainsnn search spikemax`) tunes the count window W and the kernel time constant, the two things the paper sets
per data set, for accuracy and early decisions.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brainsnn.config import StudyConfig, param, study_config
from brainsnn.data.data_dir import DATA_ENV_VAR
from brainsnn.errors import ConfigError
from brainsnn.search import Integer, Real
from brainsnn.study import Preset, Study

#: Event sets (`brainsnn_studies.spikemax.data.EVENT_SETS`; repeated so that this module stays light).
EVENT_SETS = ("saccade-digits", "saccade-fashion-mnist", "saccade-mnist", "band-bursts", "nmnist", "dvs-gesture",
              "n-tidigits")
#: The event sets read from the paper's recordings in ``data_dir`` (`brainsnn.data.event_sets`).
REAL_SETS = ("nmnist", "dvs-gesture", "n-tidigits")
#: Each real set's folder in ``data_dir``.
REAL_FOLDERS = {"nmnist": "N-MNIST", "dvs-gesture": "DvsGesture", "n-tidigits": "N-TIDIGITS18"}
#: Brian2 devices the inference check runs on.
DEVICES = ("numpy", "cython", "cpp_standalone")


@study_config
class Config(StudyConfig):
    """The paper's constants (theta 10, W 40 and rates (0.2, 0.02) of N-TIDIGITS18, tau_s = tau_r = 5 ms) on
    scaled-down event sets and a dense 64-64 network (N-TIDIGITS18's 256-256 scaled by 1/4)."""

    device: str = param("numpy", "Brian2 device or runtime target of the inference check", choices=DEVICES)
    datasets: tuple[str, ...] = param(("saccade-digits", "band-bursts"), "event sets; the first gives the top-level "
                                      "metrics", choices=EVENT_SETS, unique=True)
    n_train: int = param(400, "training samples per event set", gt=0)
    n_test: int = param(300, "test samples per event set", gt=0)
    steps_per_saccade: int = param(50, "1-ms steps per saccade of the saccade sets and of nmnist (3 per sample; "
                                   "N-MNIST: 100)", gt=0)
    burst_channels: int = param(32, "channels of the band-burst set (N-TIDIGITS18: 64)", ge=8)
    burst_steps: int = param(150, "1-ms steps of a band-burst sample", ge=10)
    gesture_steps: int = param(1450, "1-ms steps of a dvs-gesture sample from its labelled start", ge=10)
    gesture_pool: int = param(4, "dvs-gesture: 128x128 pixels pooled pool x pool (4: 2x32x32 channels)",
                              choices=(1, 2, 4, 8, 16))
    tidigits_steps: int = param(2500, "1-ms steps of an n-tidigits sample from its start", ge=10)
    hidden: tuple[int, ...] = param((64, 64), "hidden layer sizes", gt=0)
    tau_s: float = param(5.0, "PSP time constant tau_s (ms)", gt=0)
    tau_r: float = param(5.0, "refractory time constant tau_r (ms)", gt=0)
    theta: float = param(10.0, "threshold theta", gt=0)
    surrogate_width: float = param(0.5, "surrogate width tau_rho / theta", gt=0)
    weight_scale: float = param(30.0, "initial weights N(0, weight_scale / sqrt(fan-in))", gt=0)
    learning_rate: float = param(0.02, "Adam learning rate", gt=0)
    batch_size: int = param(32, "mini-batch", gt=0)
    epochs: int = param(12, "training epochs", gt=0)
    window: int = param(40, "count window W of spikemax (steps)", gt=0)
    epsilon: float = param(1.0, "count added per class in p = (c + eps) / (sum c + C eps)", gt=0)
    true_rate: float = param(0.2, "spike-rate loss: target rate of the true class per step", gt=0, le=1)
    false_rate: float = param(0.02, "spike-rate loss: target rate of the other classes per step", ge=0, lt=1)
    softmax_input: str = param("count", "spikemax_s: softmax of counts (eq. 13) or rates (lava-dl)",
                               choices=("count", "rate"))
    seeds: int = param(3, "seeds per loss (the same for every loss; mean and s.d. over them)", gt=0)
    workers: int = param(1, "processes training networks in parallel", gt=0, le=64)
    tolerance: float = param(0.01, "time to accuracy: first t from which acc stays >= acc(T) - tolerance", ge=0,
                             lt=1)
    accuracy_band: float = param(0.015, "observable 1: the losses' mean accuracies lie within this band", gt=0,
                                 lt=1)
    n_brian: int = param(30, "test samples run in Brian2 per network", gt=0)
    latency_weight: float = param(0.5, "search objective: weight of t_lat / T", ge=0)

    def check(self) -> None:
        if self.n_brian > self.n_test:
            raise ConfigError(f"n_brian ({self.n_brian}) must be <= n_test ({self.n_test}): Brian2 runs test samples")
        if self.false_rate >= self.true_rate:
            raise ConfigError(f"false_rate ({self.false_rate}) must be < true_rate ({self.true_rate})")
        real = [REAL_FOLDERS[name] + "/" for name in self.datasets if name in REAL_SETS]
        if real and not (self.data_dir or os.environ.get(DATA_ENV_VAR)):
            raise ConfigError(f"datasets {list(self.datasets)} read the real recordings: pass --data-dir FOLDER "
                              f"holding {', '.join(real)} (docs/studies/spikemax.md, 'On the real recordings') or "
                              f"set {DATA_ENV_VAR}")
        steps = min(self.sample_steps(name) for name in self.datasets)
        if self.window > steps:
            raise ConfigError(f"window ({self.window}) must be <= the steps of a sample ({steps})")

    def sample_steps(self, name: str) -> int:
        """The 1-ms steps of a sample of event set ``name``."""
        if name.startswith("saccade") or name == "nmnist":
            return 3 * self.steps_per_saccade
        return {"band-bursts": self.burst_steps, "dvs-gesture": self.gesture_steps,
                "n-tidigits": self.tidigits_steps}[name]


class Spikemax(Study):
    name = "spikemax"
    paper = "Shrestha, Zhu & Sun (2022), Spikemax: Spike-based Loss Methods for Classification, IJCNN"
    summary = "spike-rate vs spikemax / spikemax_s / spikemax_g losses: accuracy, spikes, latency; Brian2 SRM"
    Config = Config
    presets = {
        "smoke": Preset({
            "n_train": 40, "n_test": 20, "steps_per_saccade": 14, "burst_steps": 40, "burst_channels": 16,
            "hidden": [12], "epochs": 2, "seeds": 2, "window": 10, "n_brian": 4,
        }, measured="18 s on 2 cores shared with two other runs"),
        "quick": Preset({"workers": 2},
                        measured="5 min 29 s to 7 min 39 s on 2 cores shared with two other runs (3.5 min CPU)"),
        "paper": Preset({
            "datasets": ["nmnist", "dvs-gesture", "n-tidigits"], "n_train": 60000, "n_test": 10000,
            "steps_per_saccade": 100, "hidden": [256, 256], "epochs": 30, "seeds": 5, "n_brian": 200,
            "device": "cpp_standalone",
        }),
    }
    search_space = [Integer("window", 5, 40), Real("tau", 1.0, 10.0)]

    def run(self, config: Config, out_dir: Path) -> dict[str, Any]:
        from brainsnn_studies.spikemax import experiments, report

        metrics = experiments.run_all(config)
        report.save_figures(metrics, out_dir)
        return metrics

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from brainsnn_studies.spikemax import report

        return report.render(config, metrics)

    def search_baseline(self, config: Mapping[str, Any]) -> dict[str, Any]:
        return {"window": config["window"], "tau": config["tau_s"]}

    def evaluate(self, config: Config, params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """Objective ``(1 - accuracy) + latency_weight * t_lat / T`` of one spikemax network (seed ``config.seed``,
        first event set) with window ``W`` and ``tau_s = tau_r = tau``."""
        from brainsnn_studies.spikemax.experiments import search_objective

        return search_objective(config, params["window"], params["tau"])


STUDY = Spikemax()
