"""The ``dendritic-bss`` study end to end on its smoke preset, and its configuration checks."""

import numpy as np
import pytest

from brainsnn.data.gaussian_sounds import SoundClasses
from brainsnn.data.recovery_tasks import EXP2_CONDITIONS, exp1_task
from brainsnn.registry import get_study
from brainsnn_studies.dendritic_bss.phases import TEST, TRAIN, WARM_UP
from brainsnn_studies.dendritic_bss.runs import run_schedule, run_task
from brainsnn_studies.dendritic_bss.sources import gaussian_pool
from brainsnn_studies.dendritic_bss.study import EXP2_CONDITION_NAMES


@pytest.mark.slow
def test_smoke_metrics_are_consistent_and_the_report_shows_the_paper(smoke_run):
    folder, config, metrics = smoke_run("dendritic-bss")
    auc = metrics["exp1"]["auc"]
    assert sorted(auc, key=int) == [str(n) for n in config["mixtures"]]
    for summary in (*auc.values(), *metrics["exp1"]["auc_raw"].values()):
        assert len(summary["per_seed"]) == len(config["seeds"])
        assert summary["mean"] == pytest.approx(np.mean(summary["per_seed"]))
        assert all(0 <= a <= 1 for a in summary["per_seed"])
    control = metrics["untrained"]["by_mixtures"]["auc"]
    assert metrics["untrained"]["auc"]["mean"] == pytest.approx(np.mean([a for v in control.values()
                                                                          for a in v["per_seed"]]))
    done = metrics["done_means"]
    assert done["one_mixture_below_0_62"] == (auc["1"]["mean"] < 0.62)
    assert done["all"] == all(done[k] for k in ("one_mixture_below_0_62", "two_or_three_mixtures_0_1_above_one",
                                                "trained_0_2_above_untrained"))
    for key, conditions in (("exp1_all_pairs", "all_pairs_sounds"), ("exp2", "exp2_conditions"),
                            ("exp3", "exp3_delays")):
        assert list(metrics[key]["auc"]) == [str(c) for c in config[conditions]]
    for key in ("exp4", "exp5"):
        result = metrics[key]
        assert list(result["separation"]) == list(result["untrained"]["separation"]) == [
            str(n) for n in config[f"{key}_mixtures"]]
        assert all(s >= 0 for v in result["separation"].values() for s in v["per_seed"])
        assert all(-1 <= s <= 1 for v in result["silhouette"].values() for s in v["per_seed"])
        assert result["claims"]["several_mixtures_separate_better_than_one"] is None  # smoke runs 2 mixtures only
    assert list(metrics["pretraining"]["auc"]) == [str(n) for n in config["pretraining_reps"]]
    for result in (metrics["exp1"], *metrics["robustness"].values()):
        for key in ("auc_target", "auc_target_raw"):
            assert all(0 <= a <= 1 for v in result[key].values() for a in v["per_seed"])
        window, reps = config["learning_window"], config["train_reps"]
        assert all(len(curve) == len(range(0, reps - window + 1, window)) and min(curve) > 0
                   for curve in result["learning_curve"].values())
    assert list(metrics["robustness"]["n_outputs"]["auc"]) == [str(n) for n in config["robustness_outputs"]]
    assert list(metrics["robustness"]["connectivity"]["auc"]) == [str(p) for p in config["robustness_connectivity"]]
    natural = metrics["exp4"]["claims"]["natural_more_separated_than_synthetic"]["2"]
    assert natural == (metrics["exp4"]["separation"]["2"]["mean"] > metrics["exp1"]["separation"]["2"]["mean"])
    report = (folder / "report.md").read_text()
    assert "> 0.9" in report and "The Exp. 1 claim, checked" in report
    assert "Experiment 2: mixtures alternating" in report and "Experiment 3" in report
    assert "Experiment 4: natural-like sounds" in report and "Experiment 5: photograph mixtures" in report
    assert "Robustness: output neurons and connectivity" in report and "Learning curves (Fig. 3A-B)" in report
    assert "Pretraining (Fig. 3C-E)" in report
    for figure in ("exp1_auc", "exp1_pca", "exp4_pca", "exp5_pca", "separation", "sources", "learning_curves"):
        assert (folder / "figures" / f"{figure}.png").exists()
        assert f"figures/{figure}.png" in report


@pytest.mark.parametrize(("override", "message"), [
    ({"n_time": 4}, r"'n_time' must be an integer \(>= 8\)"),
    ({"n_classes": 2.5}, "'n_classes' must be an integer"),
    ({"untrained_mixtures": [7]}, "must contain every entry of untrained_mixtures"),
    ({"untrained_mixtures": []}, "'untrained_mixtures'.*needs at least 1"),
    ({"mixtures": [0]}, "'mixtures' must be a list of integers"),
    ({"seeds": []}, "'seeds'.*needs at least 1"),
    ({"seeds": [-1]}, "'seeds' must be a list of integers"),
    ({"stimulus_ms": 100.5}, "stimulus_ms must be a whole number of ms"),
    ({"transient_ms": 500.0}, "transient_ms must be shorter than stimulus_ms"),
    ({"test_rate": "spikes"}, "'test_rate'.*one of standardised, raw"),
    ({"class_rho": [0.5, 1.0]}, r"'class_rho' must be a list of numbers \(each >= 0 and < 1, exactly 2 elements\)"),
    ({"class_rho": [0.9, 0.6]}, "class_rho must be \\[low, high\\]"),
    ({"class_rho": [0.5]}, "'class_rho' .* needs exactly 2 element"),
    ({"eta": float("nan")}, "'eta'.*not finite"),
    ({"eta": 0.0}, "'eta'"),
    ({"eta_over_mixtures": "yes"}, "'eta_over_mixtures' must be true or false"),
    ({"exp2_conditions": ["D"]}, "'exp2_conditions'.*one of A, B, C"),
    ({"exp3_delays": [-1]}, "'exp3_delays'"),
    ({"all_pairs_sounds": [1]}, r"'all_pairs_sounds'.*>= 2"),
    ({"exp4_mixtures": [0]}, "'exp4_mixtures'"),
    ({"exp5_outputs": 1}, r"'exp5_outputs' must be an integer \(>= 2\)"),
    ({"image_crop": 100}, "multiple of side"),
    ({"exp5_mixtures": [40]}, "smaller image_crop"),
    ({"connectivity": 0.0}, r"'connectivity' must be a number \(> 0 and <= 1\)"),
    ({"robustness_connectivity": [1.5]}, "'robustness_connectivity'"),
    ({"robustness_outputs": [1]}, "'robustness_outputs'"),
    ({"learning_window": 0}, "'learning_window'"),
    ({"learning_window": 6}, "must not exceed train_reps"),
    ({"image_side": 8.5}, "'image_side' must be an integer"),
    ({"pretraining_mixtures": 2.5}, "'pretraining_mixtures' must be an integer"),
    ({"pretraining_reps": [0]}, "'pretraining_reps'"),
    ({"pre_exposure_reps": -1}, "'pre_exposure_reps'"),
])
def test_bad_configuration_names_the_fix(rejects, override, message):
    rejects("dendritic-bss", override, message)


def test_integer_keys_take_whole_numbers_and_the_sweeps_may_be_empty():
    config = get_study("dendritic-bss").config("smoke", {"pretraining_mixtures": 2.0, "image_side": 8.0,
                                                         "pretraining_reps": [], "exp5_mixtures": []})
    assert config.pretraining_mixtures == 2 and isinstance(config.pretraining_mixtures, int)
    assert config.image_side == 8 and isinstance(config.image_side, int)
    assert config.pretraining_reps == () and config.exp5_mixtures == ()


def test_exp2_condition_names_are_those_the_tasks_build():
    assert EXP2_CONDITION_NAMES == tuple(EXP2_CONDITIONS)


def test_quick_runs_exp1_and_extras_everything_else_beside_it():
    study = get_study("dendritic-bss")
    quick, extras = study.config("quick"), study.config("extras")
    assert quick.mixtures == (1, 2, 3, 4, 5, 6) and quick.untrained_mixtures == (2, 3)
    further = ("all_pairs_sounds", "exp2_conditions", "exp3_delays", "exp4_mixtures", "exp5_mixtures",
               "robustness_outputs", "robustness_connectivity", "pretraining_reps")
    assert not any(quick[key] for key in further)
    assert all(extras[key] for key in further)
    # the robustness, pretraining and Exp. 4 tables compare with Exp. 1 at the same number of mixtures
    assert {extras.robustness_mixtures, extras.pretraining_mixtures, *extras.exp4_mixtures} <= set(extras.mixtures)
    assert extras.seeds == quick.seeds


def test_search_scores_exp1_with_the_trial_constants(tmp_path):
    study = get_study("dendritic-bss")
    config = study.config("smoke", {})
    baseline = study.search_baseline(config)
    assert set(baseline) == {d.name for d in study.search_space} and set(baseline) <= set(config)
    params = {**baseline, "eta": 3e-4, "noise": 0.05}
    result = study.evaluate(config, params, tmp_path)
    expected = {n: run_task({**config, **params}, gaussian_pool, exp1_task, n, 0, [0, n])[0]["auc_binned"]
                for n in (1, 2, 3)}
    assert [result[f"auc_{n}"] for n in (1, 2, 3)] == pytest.approx(list(expected.values()))
    penalty = 2 * max(0.0, expected[1] - 0.55)
    assert result["objective"] == pytest.approx(-(expected[2] + expected[3]) / 2 + penalty)


def test_run_schedule_is_warm_up_pre_exposure_training_then_probes():
    task = exp1_task(SoundClasses(n_freq=4, n_time=8, seed=0), 2, np.random.default_rng(0))
    stimuli, phases = run_schedule(task, train_reps=3, test_reps=2, pre_exposure_reps=4)
    mixtures, sources = task.mixtures.reshape(2, -1), task.correct_probes.reshape(3, -1)
    probes = np.concatenate([sources, task.incorrect_probes.reshape(3, -1)])
    expected = np.concatenate([mixtures, *[sources] * 4, *[mixtures] * 3, *[probes] * 2])
    np.testing.assert_array_equal(stimuli, expected)
    np.testing.assert_array_equal(phases, [WARM_UP] * 2 + [TRAIN] * (12 + 6) + [TEST] * 12)
