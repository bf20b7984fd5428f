"""Exact mapping of trained ReLU networks onto time-to-first-spike networks, simulated in Brian2.

Stanojevic, A. (2023). Supervised learning and inference of spiking neural networks with temporal coding. PhD
thesis, EPFL — Ch. 2 (Stanojevic et al. 2022b, arXiv:2212.12522), Table 2.1.

Each network (a one-hidden-layer FC net, the same with L1 activity regularisation, a LeNet5-like conv net with
batch norm before the ReLU and max-pooling) is trained as a ReLU network in numpy, mapped with
`brainsnn.ttfs.map_to_ttfs` (Phase 1 + Phase 2, delta = 0.01, B_low = 10, zeta = 0.5) and simulated in Brian2
(`brainsnn.networks.ttfs_network`): exact-event mode on the test set (spike times, logits, predictions against
the closed form and the ReLU network), the "< 1 spike" variant (spikes per neuron) and clock mode at several dt.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brainsnn.config import StudyConfig, param, study_config
from brainsnn.errors import ConfigError
from brainsnn.study import Preset, Study

ARCHITECTURES = ("fc", "fc-l1", "lenet")
#: Image datasets of ``brainsnn.data.datasets`` with ten classes.
DATASETS = ("digits", "mnist", "fashion-mnist")
#: Devices `simulate_ttfs` reruns one network on (cuda_standalone is not supported).
DEVICES = ("numpy", "cython", "cpp_standalone")
#: `brainsnn.ttfs.exact_mapping.WINDOW_SOURCES`, spelled out: importing brainsnn.ttfs here would load scipy.
WINDOW_SOURCES = ("representative", "worst-case")


@study_config
class Config(StudyConfig):
    """Architectures, training and mapping constants of Ch. 2 (thesis values: dropout 0.08, delta 0.01, B_low 10,
    zeta 0.5), scaled down to digits by default."""

    device: str = param("cpp_standalone", "Brian2 device or runtime target", choices=DEVICES)
    dataset: str = param("digits", "image dataset", choices=DATASETS)
    networks: tuple[str, ...] = param(ARCHITECTURES, "networks to train, map and simulate", choices=ARCHITECTURES,
                                    unique=True)
    fc_hidden: int = param(100, "hidden neurons of the FC networks", gt=0)
    l1_coefficient: float = param(1e-2, "L1 activity coefficient of fc-l1", ge=0)
    dropout: float = param(0.08, "dropout rate before the readout", ge=0, lt=1)
    conv_channels: tuple[int, ...] = param((6, 16, 32), "channels of the 3 conv layers of lenet", gt=0,
                                         length=3)
    conv_kernels: tuple[int, ...] = param((3, 3, 2), "kernel sides of the 3 conv layers", gt=0, length=3)
    conv_paddings: tuple[str, ...] = param(("same", "same", "valid"), "paddings of the 3 conv layers",
                                           choices=("same", "valid"), length=3)
    conv_dense: int = param(24, "neurons of lenet's dense hidden layer", gt=0)
    epochs: int = param(30, "training epochs", gt=0)
    train_batch_size: int = param(32, "training mini-batch", gt=0)
    learning_rate: float = param(3e-3, "Adam learning rate (decay 0.9^(it/5000))", gt=0)
    input_range: tuple[float, ...] = param((-1.0, 1.0), "[low, high] the pixels are mapped onto", length=2)
    zeta: float = param(0.5, "window margin of Phase 2 (window (1 + zeta) X^(n))", gt=-1)
    windows: str = param("representative", "X^(n) over the training set (thesis) or the input range's worst case",
                         choices=WINDOW_SOURCES)
    delta: float = param(0.01, "row-scaling margin delta of Phase 1", gt=0, lt=1)
    b_low: float = param(10.0, "row-scaling bound B_low of Phase 1", gt=0)
    n_simulated: int | None = param(None, "test samples simulated in Brian2 (null: all)", gt=0)
    dt: float = param(0.05, "time step of exact-event mode (tau_c)", gt=0)
    clock_dts: tuple[float, ...] = param((0.04, 0.02, 0.01), "time steps of clock mode (tau_c)", gt=0)
    n_clock: int | None = param(None, "samples simulated in clock mode (null: n_simulated)", gt=0)
    sim_batch_size: int = param(256, "samples per Brian2 run", gt=0)

    def check(self) -> None:
        if not self.input_range[0] < self.input_range[1]:
            raise ConfigError(f"input_range must be [low, high] with low < high, got {list(self.input_range)}")


class TTFSMapping(Study):
    name = "ttfs-mapping"
    paper = "Stanojevic (2023), EPFL PhD thesis, Ch. 2 (exact ReLU -> TTFS mapping), Table 2.1"
    summary = "train ReLU nets, map them exactly to single-spike IF networks, simulate in Brian2 (Table 2.1)"
    Config = Config
    presets = {
        "smoke": Preset({"networks": ["fc", "lenet"], "epochs": 2, "n_simulated": 40, "clock_dts": [0.04, 0.02],
                         "n_clock": 20, "device": "numpy"}, measured="16 s on 2 shared cores"),
        "quick": Preset({"device": "numpy"}, measured="1 min 58 s on 2 shared cores"),
        "paper": Preset({
            "dataset": "mnist", "fc_hidden": 600, "conv_channels": [6, 16, 120], "conv_kernels": [5, 5, 5],
            "conv_paddings": ["same", "valid", "valid"], "conv_dense": 84, "epochs": 10, "train_batch_size": 64,
            "learning_rate": 1e-3, "n_clock": 500, "sim_batch_size": 16,
        }),
    }

    def run(self, config: Config, out_dir: Path) -> dict[str, Any]:
        from brainsnn.progress import progress
        from brainsnn_studies.ttfs_mapping import experiments, report

        data = experiments.scaled_images(config)
        runs = {name: experiments.map_and_simulate(name, config, data)
                for name in progress(config.networks, "networks", unit="network")}
        report.save_figures(runs, out_dir)
        return {"dataset": experiments.dataset_summary(data),
                "networks": {name: run.metrics for name, run in runs.items()}}

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from brainsnn_studies.ttfs_mapping import report

        return report.render(config, metrics)


STUDY = TTFSMapping()
