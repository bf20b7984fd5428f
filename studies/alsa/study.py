"""ALSA: associative-learning-based supervised STDP with teacher neurons (Fig. 3, IRIS and the Fig. 7 pipeline).

Mo, L., Wang, G., Long, E. & Zhuo, M. (2022). ALSA: Associative Learning Based Supervised Learning Algorithm for
SNN. Front. Neurosci. 16:838832.

Fig. 3: the mean weight change of the ALSA rule (Eqs. 6-7) under independent Poisson pre and post trains at equal
rate, for several tau_p, against the closed-form crossover f* = -alpha / ((alpha + beta) tau_p). IRIS: 4 features
in triangular population code (Eq. 8, 4 x 12 neurons, 20 Hz peak) onto 3 conductance LIF outputs with dynamic
thresholds (Eqs. 1-5), each forced by a 20 Hz teacher neuron during training; 5-fold cross-validation (each class
split into 5 groups of 10, four groups train), several seeds, test accuracy after every epoch. Digits (the Fig. 7
pipeline on scikit-learn's digits, MNIST or Fashion-MNIST): a latency-coded, laterally inhibited feature layer
trained unsupervised with ALSA, then frozen; an ALSA readout with teachers beside Diehl & Cook's label vote on the
same feature spikes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brainsnn.config import SEED_LIMIT, StudyConfig, param, study_config
from brainsnn.errors import ConfigError
from brainsnn.search import Real
from brainsnn.study import Preset, Study
from brainsnn_studies.alsa.paper_numbers import MNIST_FEATURE_CONSTANTS, MNIST_READOUT_CONSTANTS

#: Image datasets of the digits pipeline; its metrics are stored under the dataset's name.
IMAGE_DATASETS = ("digits", "mnist", "fashion-mnist")
#: ``classifier.INPUT_TRAINS`` (listed here because that module loads Brian2).
INPUT_TRAINS = ("poisson", "regular")
#: Samples per IRIS class: the stratified folds are equal in size only when their number divides it.
IRIS_PER_CLASS = 50


@study_config
class Config(StudyConfig):
    """Fig. 3 and IRIS constants as printed (Sec. 3.1-3.2); the neuron constants, the output inhibition and the
    scaled-down digits pipeline are ours (docs/studies/alsa.md)."""

    # Fig. 3 (alpha, beta, eta as printed; tau_p values and rates are not listed in the paper)
    fig3_eta: float = param(0.01, "Fig. 3 learning rate eta (Eq. 6)", gt=0)
    fig3_alpha: float = param(-0.1, "Fig. 3 heterosynaptic LTD bias alpha (Eq. 6)", lt=0)
    fig3_beta: float = param(1.0, "Fig. 3 LTP strength beta (Eq. 6)", gt=0)
    fig3_tau_p_ms: tuple[float, ...] = param((5.0, 10.0, 20.0, 50.0), "Fig. 3 LTP time constants tau_p (ms)", gt=0)
    fig3_rates_hz: tuple[float, ...] = param((1.0, 2.0, 5.0, 10.0, 20.0, 50.0), "Fig. 3 pre = post rates (Hz)",
                                             gt=0)
    fig3_trials: int = param(50, "Fig. 3 trials per (tau_p, rate)", gt=0)
    fig3_duration_s: float = param(100.0, "Fig. 3 simulated time per trial (s)", gt=0)
    fig3_initial_weight: float = param(0.5, "Fig. 3 initial weight w0", gt=0, lt=1)
    fig3_dt_ms: float = param(0.1, "Fig. 3 integration time step (ms)", gt=0)
    # IRIS (Sec. 3.2: eta, alpha, beta, tau_p, initial weights, teacher rate; Eq. 8 code)
    iris_eta: float = param(0.015, "IRIS learning rate eta", gt=0)
    iris_alpha: float = param(-0.1, "IRIS heterosynaptic LTD bias alpha", lt=0)
    iris_beta: float = param(1.0, "IRIS LTP strength beta", gt=0)
    iris_tau_p_ms: float = param(50.0, "IRIS LTP time constant tau_p (ms)", gt=0)
    iris_initial_weight: tuple[float, ...] = param((0.2, 0.3), "IRIS initial weights U(low, high)", ge=0, le=1,
                                                   length=2)
    iris_folds: int = param(5, "cross-validation folds (must divide the 50 samples per class)", ge=2, le=50)
    iris_seeds: tuple[int, ...] = param((0, 1, 2, 3), "seeds of the fold splits and weights", ge=0, lt=SEED_LIMIT)
    iris_epochs: int = param(10, "passes over the training folds, each followed by a test pass", gt=0)
    iris_neurons_per_feature: int = param(12, "triangular receptive fields per feature (Eq. 8)", ge=2)
    iris_peak_rate_hz: float = param(20.0, "peak rate of a receptive field (Hz)", gt=0)
    iris_half_width: float = param(2.0, "half-width of a receptive field (centre spacings)", gt=0)
    iris_train_subset: int | None = param(None, "training samples per fold (null: all)", ge=3)
    present_ms: float = param(200.0, "presentation time per sample (ms)", gt=0)
    rest_ms: float = param(50.0, "silent rest after each sample (ms)", ge=0)
    teacher_rate_hz: float = param(20.0, "teacher rate on supervised samples (Hz)", gt=0)
    teacher_weight: float = param(10.0, "teacher -> output synaptic weight (ours)", gt=0)
    dt_ms: float = param(0.5, "integration time step of IRIS and the digits pipeline (ms)", gt=0)
    forget_pre_each_sample: bool = param(True, "forget the last pre spike at each sample onset")
    input_trains: str = param("poisson", "input spike trains at the encoded rates", choices=INPUT_TRAINS)
    output_inhibition: float = param(3.0, "IRIS output lateral inhibition (ours; the run without it is reported)",
                                     ge=0)
    iris_teacher_rate_sweep_hz: tuple[float, ...] = param(
        (10.0, 40.0), "further teacher rates IRIS is rerun at (the paper: the rate hardly matters)", gt=0, min_len=0)
    # neuron constants the paper omits (ours)
    tau_membrane_ms: float = param(20.0, "membrane time constant tau_m (ms)", gt=0)
    tau_ge_ms: float = param(5.0, "excitatory conductance time constant tau_E (ms)", gt=0)
    v_thresh_base_mv: float = param(-52.0, "resting threshold V_thrBase (mV)", gt=-100, lt=0)
    v_thresh_delta_mv: float = param(0.25, "threshold increment per spike V_thrDelta (mV)", ge=0)
    tau_thresh_ms: float = param(200.0, "threshold decay time constant tau_thr (ms)", gt=0)
    refractory_ms: float = param(5.0, "refractory period T_0 (ms)", gt=0)
    # digits pipeline (Fig. 7; by default on scikit-learn's 8x8 digits upsampled to 28x28, the upsampling applies
    # to them only); alpha, beta, tau_p as printed for MNIST (400 features), eta raised because digits offers
    # ~1000 samples where MNIST offers 60 000
    digits: bool = param(True, "run the digits pipeline")
    digits_dataset: str = param("digits", "images of the digits pipeline", choices=IMAGE_DATASETS)
    digits_features: int = param(100, "feature neurons", gt=0)
    digits_train: int = param(600, "training images (each shown once per phase)", gt=0)
    digits_test: int = param(300, "test images", gt=0)
    digits_upsample: int = param(28, "side of the upsampled 8x8 digits (scikit-learn's digits only)", gt=0)
    digits_feature_eta: float = param(0.2, "input -> feature learning rate", gt=0)
    digits_readout_eta: float = param(0.1, "feature -> output learning rate", gt=0)
    digits_inhibition: float = param(30.0, "feature lateral inhibition g_I increment", ge=0)
    digits_feature_thresh_delta_mv: float = param(0.5, "feature threshold increment per spike (mV)", ge=0)
    digits_feature_thresh_tau_ms: float = param(1e7, "feature threshold decay time constant (ms)", gt=0)
    digits_latency_max_ms: float = param(100.0, "latest pixel spike of the latency code (ms)", gt=0)
    digits_latency_threshold: float = param(0.3, "pixel value below which a pixel stays silent", ge=0, lt=1)
    digits_feature_sweep: tuple[int, ...] = param(
        (25, 50), "further feature counts (the paper: 400 and 1600 on MNIST)", ge=1, min_len=0)

    def check(self) -> None:
        if self.iris_initial_weight[0] > self.iris_initial_weight[1]:
            raise ConfigError(f"iris_initial_weight must be [low, high] with low <= high, got "
                              f"{list(self.iris_initial_weight)}")
        if IRIS_PER_CLASS % self.iris_folds:
            raise ConfigError(f"iris_folds must divide {IRIS_PER_CLASS} (e.g. 5) so that every fold has one size, "
                              f"got {self.iris_folds}")
        for key in ("present_ms", "rest_ms"):
            steps = getattr(self, key) / self.dt_ms
            if not math.isclose(steps, round(steps), abs_tol=1e-9):
                raise ConfigError(f"{key} must be a whole multiple of dt_ms = {self.dt_ms}, got {getattr(self, key)}")
        if not self.digits_latency_max_ms < self.present_ms:
            raise ConfigError("digits_latency_max_ms must be shorter than present_ms")


class ALSA(Study):
    name = "alsa"
    paper = "Mo, Wang, Long & Zhuo (2022), Front. Neurosci. 16:838832"
    summary = "ALSA supervised STDP: Fig. 3 crossover f*, IRIS 5-fold + teachers, digits/MNIST features + ALSA readout"
    Config = Config
    #: The neuron and teacher constants the paper omits (objective: IRIS cross-validated accuracy).
    search_space = [
        Real("tau_membrane_ms", 10.0, 100.0, prior="log-uniform"), Real("tau_ge_ms", 1.0, 10.0),
        Real("v_thresh_base_mv", -58.0, -44.0), Real("v_thresh_delta_mv", 0.0, 2.0),
        Real("tau_thresh_ms", 50.0, 2000.0, prior="log-uniform"), Real("teacher_weight", 2.0, 20.0),
        Real("output_inhibition", 0.0, 10.0),
    ]
    presets = {
        "smoke": Preset({
            "device": "numpy", "fig3_tau_p_ms": [10.0, 50.0], "fig3_rates_hz": [1.0, 50.0], "fig3_trials": 3,
            "fig3_duration_s": 5.0, "fig3_dt_ms": 0.5, "iris_seeds": [0], "iris_epochs": 1, "iris_train_subset": 15,
            "digits_features": 10, "digits_train": 20, "digits_test": 20, "iris_teacher_rate_sweep_hz": [],
            "digits_feature_sweep": [],
        }, measured="25 s on 2 shared cores"),
        "quick": Preset({
            "fig3_trials": 30, "fig3_duration_s": 60.0, "fig3_dt_ms": 0.2, "iris_seeds": [0, 1], "iris_epochs": 6,
        }, measured="1 min 58 s on 2 shared cores"),
        # Fig. 3 and IRIS: the defaults are the paper's protocol; MNIST as in Sec. 3.3 (one pass per phase)
        "paper": Preset({
            "digits_dataset": "mnist", "digits_features": 400, "digits_train": 60000, "digits_test": 10000,
            "digits_feature_eta": MNIST_FEATURE_CONSTANTS["eta"], "digits_readout_eta": MNIST_READOUT_CONSTANTS["eta"],
            "digits_feature_sweep": [1600],
        }),
    }

    def run(self, config: Config, out_dir: Path) -> dict[str, Any]:
        from brainsnn_studies.alsa import experiments, report

        images = experiments.load_images(config) if config.digits else None  # missing MNIST files fail first
        fig3 = experiments.fig3_weight_change(config)
        report.save_fig3_figure(fig3, config, out_dir)
        iris = experiments.iris_cross_validation(config)
        report.save_iris_figures(iris, config, out_dir)
        metrics = {"fig3": fig3, "iris": {**iris.metrics, **experiments.iris_variants(config)}}
        if images is not None:
            digits = experiments.digits_pipeline(config, images)
            report.save_feature_figure(digits.feature_weights, images.shape, f"{images.name}_features", out_dir)
            metrics[images.name] = {**digits.metrics, "feature_sweep": experiments.digits_feature_sweep(config, images)}
        return metrics

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from brainsnn_studies.alsa import report

        return report.render(config, metrics, next((name for name in IMAGE_DATASETS if name in metrics), None))

    def search_baseline(self, config: Config) -> dict[str, Any]:
        """The configured neuron constants (the defaults: ours, see docs/studies/alsa.md)."""
        return {dimension.name: config[dimension.name] for dimension in self.search_space}

    def evaluate(self, config: Config, params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """IRIS cross-validated accuracy with the constants the paper omits set to ``params``; objective 1 - acc."""
        from brainsnn_studies.alsa import experiments

        iris = experiments.iris_cross_validation(config.replace(**params)).metrics
        return {"objective": 1.0 - iris["test_accuracy"], "test_accuracy": iris["test_accuracy"],
                "first_epoch_accuracy": iris["first_epoch_accuracy"]}


STUDY = ALSA()
