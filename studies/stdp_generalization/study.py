"""STDP generalizability of a Diehl & Cook network: BG index, generalization error and Bayesian search.

Chakraborty, B. & Mukhopadhyay, S. (2021). Characterization of Generalizability of Spike Timing Dependent
Plasticity Trained Spiking Neural Networks. Front. Neurosci. 15:695357 — Tables 2-5, Figs. 1-3 and 5-10.

For every STDP rule (add, mult, log; optionally Diehl & Cook's own ``dc``), scaling-function ratio
SFR = c+/c- (Table 2), learning rate eta (Table 3) and seed, a Diehl & Cook network is trained for one pass,
evaluated with frozen weights (train and test accuracy, generalization error |train - test|) and its BG index
measured on the weight increments of the last training iteration. ``brainsnn search stdp-generalization``
minimises the BG index over the Table 5 space with a GP and expected improvement.

Choices where the paper is silent (see docs/studies/stdp-generalization.md): Diehl & Cook's neuron and network
constants; c- fixed at Table 5's 0.45 with c+ = SFR * c-; the Table 5 "before" values for sigma, tau+, tau-,
W0, S and gamma; weights in [0, 1] with Diehl & Cook's per-neuron normalisation to a total of 78; digits
upscaled to 16x16 for the laptop presets.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brainsnn.config import StudyConfig, param, study_config
from brainsnn.errors import ConfigError
from brainsnn.search import Integer, Real
from brainsnn.study import Preset, Study
from brainsnn_studies.stdp_generalization.paper_numbers import PAPER_TABLE5

#: The rules of ``brainsnn.models.stdp.RULES`` (listed here because that module loads Brian2).
STDP_RULES = ("add", "mult", "log", "dc")
#: Image datasets of ``brainsnn.data.datasets`` (one input per pixel).
IMAGE_DATASETS = ("digits", "mnist", "mnist-5k", "fashion-mnist")
#: Table 5 search domains (W0, c+ and c- open at 0, so their lower bounds are small positive numbers).
TABLE5_SPACE = {
    "eta": Real("eta", 0.05, 0.2), "sigma": Real("sigma", 0.1, 1.0), "curvature": Integer("curvature", 1, 10),
    "ltp_decay": Integer("ltp_decay", 10, 100), "w0": Real("w0", 0.01, 1.0), "c_plus": Real("c_plus", 0.01, 1.0),
    "c_minus": Real("c_minus", 0.01, 1.0), "tau_plus": Real("tau_plus", 10.0, 20.0),
    "tau_minus": Real("tau_minus", 20.0, 40.0),
}


@study_config
class Config(StudyConfig):
    """Grid of Tables 2-3, the STDP settings (Table 5 "before" values where the tables leave them open), the
    Diehl & Cook protocol (Sec. 3.1) and the Table 5 search."""

    dataset: str = param("digits", "image dataset", choices=IMAGE_DATASETS)
    upsample: int | None = param(16, "image side after bilinear upscaling (null: native size)", gt=0)
    n_exc: int = param(100, "excitatory (and inhibitory) neurons", gt=0)
    rules: tuple[str, ...] = param(("add", "mult", "log"), "STDP rules to train", choices=STDP_RULES,
                                     unique=True)
    sfr: tuple[float, ...] = param((0.9, 2.1), "scaling-function ratios c+/c- (Table 2)", gt=0, unique=True)
    eta: tuple[float, ...] = param((0.05,), "learning rates (Table 3)", gt=0, unique=True)
    n_seeds: int = param(3, "consecutive seeds per setting, starting at seed", gt=0)
    c_minus: float = param(0.45, "LTD scale c-; c+ = sfr * c-", gt=0)
    sigma: float = param(0.5, "noise of the updates: dW scaled by 1 + zeta, zeta ~ N(0, sigma^2) (Eq. 2)", ge=0)
    tau_plus: float = param(15.0, "LTP trace time constant (ms)", gt=0)
    tau_minus: float = param(30.0, "LTD trace time constant (ms)", gt=0)
    w0: float = param(0.5, "log-STDP weight scale W0 (Eq. 7)", gt=0)
    curvature: float = param(3.0, "log-STDP curvature S of the LTD branch (Eq. 7)", gt=0)
    ltp_decay: float = param(45.0, "log-STDP LTP decay gamma (Eq. 6)", gt=0)
    n_train: int = param(600, "training samples, shown once", gt=0)
    iteration_size: int = param(150, "training samples per iteration (capped at n_train)", gt=0)
    probe_size: int = param(40, "frozen probe samples after each iteration (0: no loss curve)", ge=0)
    n_label: int = param(400, "training samples of the frozen labelling pass (capped at n_train)", gt=0)
    n_test: int = param(300, "test samples", gt=0)
    present_ms: float = param(350.0, "presentation time per sample (ms)", gt=0)
    rest_ms: float = param(0.0, "rest between samples (ms; 0: explicit state reset)", ge=0)
    dt_ms: float = param(0.5, "integration time step (ms)", gt=0)
    max_rate_hz: float = param(63.75, "input rate of a white pixel (Hz)", gt=0)
    boost_hz: float = param(32.0, "rate added per re-presentation (Hz)", ge=0)
    min_spikes: int = param(5, "excitatory spikes below which a sample is shown again", ge=0)
    max_boosts: int = param(5, "most re-presentations of a sample", ge=0)
    normalise: bool = param(True, "normalise each neuron's input weights to norm_total at every sample")
    norm_total: float = param(78.0, "summed input weight per excitatory neuron", gt=0)
    n_bg_synapses: int = param(2000, "random input synapses recorded for the BG index", gt=0)
    chunk_size: int = param(4000, "samples per simulation run()", gt=0)
    slack_fraction: float = param(0.1, "extra slots per chunk for re-presentations, fraction of chunk_size",
                                  gt=0, le=5)
    bg_aggregate: str = param("layer", "BG estimate reported as bg_index and minimised by the search",
                              choices=("layer", "synapse-median"))
    search_rule: str = param("log", "rule whose Table 5 space is searched", choices=tuple(PAPER_TABLE5))
    search_folds: int = param(1, "training runs (seeds seed, seed + 1, ...) per search point", gt=0)
    search_n_train: int = param(300, "training samples of a search run", gt=0)

    def check(self) -> None:
        if self.probe_size == 1:
            raise ConfigError("probe_size must be 0 (no loss curve) or >= 2 (half assigns labels, half is scored)")


class STDPGeneralization(Study):
    name = "stdp-generalization"
    paper = "Chakraborty & Mukhopadhyay (2021), Front. Neurosci. 15:695357, Tables 2-5, Figs. 1-10"
    summary = "BG index vs generalization error of add/mult/log STDP in a Diehl & Cook network, with Bayesian search"
    Config = Config
    presets = {
        "smoke": Preset({"n_exc": 10, "rules": ["add", "log"], "sfr": [2.1], "n_seeds": 1, "n_train": 20,
                         "iteration_size": 10, "probe_size": 6, "n_label": 20, "n_test": 10, "present_ms": 100.0,
                         "n_bg_synapses": 200, "search_n_train": 20, "device": "numpy"},
                        measured="26 s on 2 shared cores"),
        "quick": Preset({}, measured="9 min 44 s on 2 cores (fresh build and checkpoints)"),
        "mnist-5k": Preset({"dataset": "mnist-5k", "upsample": None, "n_exc": 400, "sfr": [2.1], "n_seeds": 2,
                            "n_train": 3500, "iteration_size": 350, "probe_size": 100, "n_label": 1000,
                            "n_test": 1500},
                           measured="49 min on 2 cores (seed 1's mult and log runs in a second process)"),
        "fashion": Preset({"dataset": "fashion-mnist", "upsample": None, "n_exc": 400, "sfr": [2.1], "n_seeds": 1,
                           "n_train": 60000, "iteration_size": 6000, "probe_size": 200, "n_label": 10000,
                           "n_test": 10000},
                          measured="2 h 15 min on 2 cores (one process per rule, three sharing the cores)"),
        "paper": Preset({"dataset": "mnist", "upsample": None, "n_exc": 6400, "sfr": [2.1, 1.7, 1.2, 0.9],
                         "eta": [0.2, 0.15, 0.1, 0.05], "n_seeds": 1, "n_train": 60000, "iteration_size": 600,
                         "probe_size": 1000, "n_label": 60000, "n_test": 10000, "rest_ms": 150.0,
                         "chunk_size": 1000, "n_bg_synapses": 20000, "search_n_train": 6000,
                         "device": "cuda_standalone"}),
    }

    def run(self, config: Config, out_dir: Path) -> dict[str, Any]:
        from brainsnn_studies.stdp_generalization import experiments, report

        dataset = experiments.load_images(config)
        runs = experiments.train_grid(config, dataset)
        report.save_figures(runs, config, out_dir)
        return experiments.tables(runs, dataset, config)

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from brainsnn_studies.stdp_generalization import report

        return report.render(config, metrics)

    def search_space_for(self, config: Mapping[str, Any]) -> list:
        return [TABLE5_SPACE[name] for name in PAPER_TABLE5[config["search_rule"]]["before"]]

    def search_baseline(self, config: Mapping[str, Any]) -> dict[str, Any]:
        return dict(PAPER_TABLE5[config["search_rule"]]["before"])

    def evaluate(self, config: Config, params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        from brainsnn_studies.stdp_generalization import experiments

        return experiments.search_point(config, params)


STUDY = STDPGeneralization()
