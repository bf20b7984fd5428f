"""Repetition-based recovery of sound and visual sources with two-compartment neurons (Exps. 1-5).

Dellaferrera, G., Asabuki, T. & Fukai, T. (2022). Modeling the Repetition-Based Recovering of Acoustic and Visual
Sources With Dendritic Neurons. Front. Neurosci. 16:855753.

Exp. 1: a target T is heard only inside mixtures T + M_1, ..., T + M_n with n different maskers, repeated; then,
plasticity frozen, the network hears the correct probes (T, M_1..M_n alone) and incorrect probes (new draws of
the same classes with 1/8 of the time frames copied from the sound). The population response is read out by
PCA(2) + GMM likelihood (four confidence levels) and ROC AUC. Claim: chance with one mixture, > 90 % with two,
> 80 % up to six. Control: the same network untrained (warm-up only). Synthetic Gaussian spectrogram classes
replace McDermott's sounds (brainsnn.data.gaussian_sounds); the network is scaled down (fewer inputs, shorter
stimuli, a higher input rate and learning rate). Same protocol and readout: Exp. 1 with all pairs of n sounds
(Fig. 5C), Exp. 2 conditions A/B/C (mixtures alternating with isolated sounds), Exp. 3 (d isolated sounds between
six target mixtures; Fig. 6), Exp. 4 (natural-like harmonic sounds, brainsnn.data.harmonic_sounds; Figs. 7-8) and
Exp. 5 (photograph mixtures, brainsnn.data.photo_patches; Figs. 9-10), the last two judged by the separation of the
sources' clusters; robustness to N and connectivity (Supp. Fig. 1), pretraining (Fig. 3C-E) and learning curves
(Fig. 3A-B).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brainsnn.config import BACKENDS, SEED_LIMIT, StudyConfig, param, study_config
from brainsnn.errors import ConfigError
from brainsnn.search import Real
from brainsnn.study import Preset, Study
from brainsnn_studies.dendritic_bss.phases import TEST_RATES

#: The conditions of Exp. 2 (Fig. 6), as brainsnn.data.recovery_tasks.EXP2_CONDITIONS builds them.
EXP2_CONDITION_NAMES = ("A", "B", "C")


@study_config
class Config(StudyConfig):
    """The paper's protocol at a reduced scale; stimuli and network constants are the reference code's except where
    a doc says "ours"."""

    # stimuli (ours: the paper uses McDermott's generator, 41 x 33 cells, 5 classes)
    n_classes: int = param(5, "Gaussian spectrogram classes", gt=0)
    n_freq: int = param(20, "frequency rows of a spectrogram (mel bands in Exp. 4)", gt=0)
    n_time: int = param(16, "time frames of a spectrogram; an incorrect probe copies n_time // 8 of them", ge=8)
    mean_db: float = param(-60.0, "mean level of the Gaussian spectrograms (dB)")
    sd_db: float = param(10.0, "s.d. of the Gaussian spectrograms (dB)", gt=0)
    class_rho: tuple[float, ...] = param((0.6, 0.9), "[low, high] of each class's AR(1) correlations", ge=0, lt=1,
                                         length=2)
    # network (reference-code constants except eta and the input rate, scaled for fewer inputs and steps)
    n_outputs: int = param(8, "two-compartment output neurons (the readout is a population response)", ge=2)
    stimulus_ms: float = param(200.0, "duration of each stimulus (ms, whole 1 ms steps)", gt=0)
    input_rate_hz: float = param(40.0, "Poisson rate of an input at stimulus value 1 (Hz)", gt=0)
    eta: float = param(1e-4, "learning rate of the dendritic weights (/ms)", gt=0)
    gamma: float = param(0.5, "weight decay of the plasticity rule", ge=0)
    noise: float = param(0.1, "noise amplitude g of the somatic rate while learning", ge=0)
    inhibition_max: float = param(0.4, "largest lateral inhibition G_max (before / N)", ge=0)
    test_rate: str = param("standardised", "somatic rate read out while testing", choices=TEST_RATES)
    eta_over_mixtures: bool = param(True, "divide eta by the slots of one training sequence (ours)")
    device: str = param("cython", "Brian2 device or runtime target", choices=BACKENDS)
    # protocol
    mixtures: tuple[int, ...] = param((1, 2, 3, 4, 5, 6), "Exp. 1: numbers of mixtures", ge=1)
    seeds: tuple[int, ...] = param((0, 1, 2, 3), "seeds of the runs (sounds and network)", ge=0, lt=SEED_LIMIT)
    train_reps: int = param(300, "training sequences per run", gt=0)
    test_reps: int = param(10, "test sequences per run", gt=0)
    transient_ms: float = param(50.0, "start of each probe dropped from the readout (ms, whole 1 ms steps)", ge=0)
    untrained_mixtures: tuple[int, ...] = param((2, 3), "Exp. 1 mixtures of the untrained control", ge=1)
    # further experiments (each a list of its conditions; empty skips it)
    all_pairs_sounds: tuple[int, ...] = param((), "Exp. 1 a.c. (Fig. 5C): numbers of sounds mixed in all pairs",
                                              ge=2, min_len=0)
    exp2_conditions: tuple[str, ...] = param((), "Exp. 2 (Fig. 6): conditions", choices=EXP2_CONDITION_NAMES,
                                             min_len=0)
    exp3_delays: tuple[int, ...] = param((), "Exp. 3 (Fig. 6): isolated sounds between the six target mixtures",
                                         ge=0, min_len=0)
    exp4_mixtures: tuple[int, ...] = param((1, 3), "Exp. 4 (natural-like sounds): numbers of mixtures", ge=1,
                                           min_len=0)
    exp5_mixtures: tuple[int, ...] = param((1, 3), "Exp. 5 (photographs): numbers of mixtures", ge=1, min_len=0)
    exp5_outputs: int = param(5, "Exp. 5: output neurons (the paper's 5)", ge=2)
    image_side: int = param(16, "Exp. 5: side of a picture (pixels)", ge=8)
    image_crop: int = param(96, "Exp. 5: side of the photograph squares block-averaged to image_side", gt=0)
    connectivity: float = param(1.0, "probability of each dendritic synapse (the paper: 1 or 0.3)", gt=0, le=1)
    learning_window: int = param(10, "learning curves: training sequences per s.d. window (Fig. 3A-B)", gt=0)
    # robustness (Supp. Fig. 1) and pretraining (Fig. 3C-E)
    robustness_mixtures: int = param(3, "robustness: mixtures of its Exp. 1 runs", gt=0)
    robustness_outputs: tuple[int, ...] = param((), "robustness: numbers of output neurons", ge=2, min_len=0)
    robustness_connectivity: tuple[float, ...] = param((), "robustness: connection probabilities", gt=0, le=1,
                                                       min_len=0)
    pre_exposure_reps: int = param(0, "presentations of the sources alone before training", ge=0)
    pretraining_mixtures: int = param(3, "pretraining: mixtures of its Exp. 1 runs", gt=0)
    pretraining_reps: tuple[int, ...] = param((150,), "pretraining: counts of pre-exposures", ge=1, min_len=0)

    def check(self) -> None:
        if self.class_rho[0] > self.class_rho[1]:
            raise ConfigError(f"class_rho must be [low, high] with 0 <= low <= high < 1, got {list(self.class_rho)}")
        for key in ("stimulus_ms", "transient_ms"):
            if not float(self[key]).is_integer():
                raise ConfigError(f"{key} must be a whole number of ms (the network steps by 1 ms), got {self[key]}")
        if not self.transient_ms < self.stimulus_ms:
            raise ConfigError("transient_ms must be shorter than stimulus_ms (it is dropped from each probe)")
        if not set(self.untrained_mixtures) <= set(self.mixtures):
            raise ConfigError("mixtures must contain every entry of untrained_mixtures")
        if self.learning_window > self.train_reps:
            raise ConfigError(f"learning_window ({self.learning_window}) must not exceed train_reps "
                              f"({self.train_reps}): the learning curve needs that many training sequences")
        if self.exp5_mixtures:
            self._check_pictures()

    def _check_pictures(self) -> None:
        """Exp. 5 needs up to max(exp5_mixtures) + 1 distinct pictures of the photograph squares."""
        from brainsnn_studies.dendritic_bss.sources import photo_pool

        photos = photo_pool(self, 0)
        if max(self.exp5_mixtures) + 1 > len(photos.sources):
            raise ConfigError(f"exp5_mixtures needs up to {max(self.exp5_mixtures) + 1} distinct pictures "
                              f"but image_crop {self.image_crop} gives {len(photos.sources)}; use a "
                              "smaller image_crop or fewer mixtures")


#: The quick preset: Exp. 1 (Fig. 5A) with 1-6 mixtures and its untrained control, on 3 seeds. Each run builds and
#: compiles its network again (a new schedule length costs about 16 s of Cython compilation), so everything else
#: runs in the extras preset to keep quick under 10 minutes on 2 cores.
QUICK = {"seeds": [0, 1, 2], "exp4_mixtures": [], "exp5_mixtures": [], "pretraining_reps": []}
#: What the quick preset leaves out, at its scale on 3 seeds: Exp. 1 a.c., Exps. 2-5, robustness and pretraining,
#: beside Exp. 1 with 1-3 mixtures (their tables compare with it). Each run is seeded by its seed and condition alone,
#: so the runs both presets share give the same numbers in both.
EXTRAS = {"seeds": [0, 1, 2], "mixtures": [1, 2, 3], "untrained_mixtures": [2], "exp2_conditions": ["A", "B", "C"],
          "exp3_delays": [0, 1, 2], "all_pairs_sounds": [2, 3, 4, 5], "robustness_outputs": [4, 16],
          "robustness_connectivity": [0.3]}


class DendriticBSS(Study):
    name = "dendritic-bss"
    paper = "Dellaferrera, Asabuki & Fukai (2022), Front. Neurosci. 16:855753"
    summary = "two-compartment neurons recover a source repeated across mixtures (AUC and cluster separation)"
    Config = Config
    presets = {
        "smoke": Preset({"n_freq": 10, "n_time": 8, "stimulus_ms": 100.0, "mixtures": [1, 2], "seeds": [0],
                         "train_reps": 5, "test_reps": 2, "transient_ms": 25.0, "untrained_mixtures": [2],
                         "device": "numpy", "all_pairs_sounds": [3], "exp2_conditions": ["B"], "exp3_delays": [1],
                         "exp4_mixtures": [2], "exp5_mixtures": [2], "image_side": 8, "image_crop": 96,
                         "learning_window": 2, "robustness_mixtures": 2, "robustness_outputs": [3],
                         "robustness_connectivity": [0.3], "pretraining_mixtures": 2, "pretraining_reps": [3]},
                        measured="28 s on 2 shared cores"),
        "quick": Preset(QUICK, measured="9 min 54 s on 2 cores (fresh Cython cache)"),
        "extras": Preset(EXTRAS, measured="35 min 30 s on 2 cores shared with a test run"),
        "paper": Preset({"n_freq": 41, "n_time": 33, "stimulus_ms": 400.0, "input_rate_hz": 10.0, "eta": 5e-6,
                         "train_reps": 3000, "test_reps": 50, "seeds": list(range(10)), "device": "cpp_standalone",
                         "eta_over_mixtures": False, "all_pairs_sounds": [2, 3, 4, 5],
                         "exp2_conditions": ["A", "B", "C"], "exp3_delays": [0, 1, 2, 3, 5], "exp4_mixtures": [1, 2, 3],
                         "exp5_mixtures": [1, 2, 3], "image_side": 128, "image_crop": 128, "learning_window": 100,
                         "robustness_outputs": [2, 4, 16, 32], "robustness_connectivity": [0.3, 0.6],
                         "pretraining_reps": [500]}),
    }

    #: The paper's own grid search (eta, g, input rate) plus the decay gamma; objective in `evaluate`.
    search_space = [
        Real("eta", 1e-5, 1e-3, prior="log-uniform"), Real("noise", 0.0, 0.5), Real("input_rate_hz", 10.0, 80.0),
        Real("gamma", 0.05, 2.0, prior="log-uniform"),
    ]
    #: Exp. 1 mixtures scored by the search: the chance control and the two the paper's claim names first.
    SEARCH_MIXTURES = (1, 2, 3)

    def run(self, config: Config, out_dir: Path) -> dict[str, Any]:
        from brainsnn_studies.dendritic_bss import experiments, figures
        from brainsnn_studies.dendritic_bss.sources import SOURCE_EXPERIMENTS

        metrics, exp1_examples = experiments.exp1(config)
        examples = {"exp1": exp1_examples}
        for key, (name, _) in experiments.GAUSSIAN_VARIANTS.items():
            if config[key]:
                metrics[name] = experiments.gaussian_variant(config, key)
        for name in SOURCE_EXPERIMENTS:
            if config[f"{name}_mixtures"]:
                metrics[name], examples[name] = experiments.source_experiment(config, name, metrics["exp1"])
        if config.robustness_outputs or config.robustness_connectivity:
            metrics["robustness"] = experiments.robustness(config)
        if config.pretraining_reps:
            metrics["pretraining"] = experiments.pretraining(config)
        figures.save_figures(metrics, examples, config, out_dir)
        return metrics

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from brainsnn_studies.dendritic_bss import report

        return report.render(config, metrics)

    def search_baseline(self, config: Config) -> dict[str, Any]:
        """The configured constants (the quick preset's: scaled down from the reference code, eta tuned, see the
        docs)."""
        return {dimension.name: config[dimension.name] for dimension in self.search_space}

    def evaluate(self, config: Config, params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """Exp. 1 with 1, 2 and 3 mixtures on the configured seeds. Objective (minimised, the paper's aim: chance
        with one mixture, high with two or more)::

            -mean(AUC(2), AUC(3)) + 2 max(0, AUC(1) - 0.55)        four-level AUCs, means over seeds
        """
        from brainsnn_studies.dendritic_bss import experiments

        trial = config.replace(**{key: float(value) for key, value in params.items()})
        auc = experiments.exp1_auc(trial, self.SEARCH_MIXTURES)
        objective = -(auc[2] + auc[3]) / 2 + 2 * max(0.0, auc[1] - 0.55)
        return {"objective": objective, **{f"auc_{n}": value for n, value in auc.items()}}

    def search_notes(self, config: Mapping[str, Any], trials: list[dict[str, Any]]) -> str:
        """The best points beside the configured constants (trial 0) and the paper's figures."""
        from brainsnn_studies.dendritic_bss import report

        return report.search_notes(config, trials, [dimension.name for dimension in self.search_space],
                                   self.SEARCH_MIXTURES)


STUDY = DendriticBSS()
