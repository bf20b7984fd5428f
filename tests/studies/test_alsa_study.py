"""The ``alsa`` study end to end on its smoke preset (digits and MNIST-format files), and its configuration checks."""

import hashlib
import json

import numpy as np
import pytest

from brainsnn.cli import EXIT_BAD_INPUT, main
from brainsnn.data.idx import CHECKSUMS, Checksum, encode_idx, write_idx
from brainsnn.registry import get_study


@pytest.mark.slow
def test_smoke_metrics_are_consistent_and_the_report_shows_the_paper(smoke_run):
    folder, config, metrics = smoke_run("alsa")
    fig3 = metrics["fig3"]
    taus, rates = np.array(fig3["tau_p_ms"]), np.array(fig3["rates_hz"])
    f_star = -config["fig3_alpha"] / ((config["fig3_alpha"] + config["fig3_beta"]) * taus * 1e-3)
    np.testing.assert_allclose(fig3["crossover_hz"], f_star)
    np.testing.assert_array_equal(fig3["predicted_sign"], np.where(rates > f_star[:, None], 1, -1))
    np.testing.assert_array_equal(fig3["measured_sign"], np.sign(fig3["mean_weight_change"]))
    assert fig3["all_signs_match"]  # smoke rates (1 and 50 Hz) lie far from f* (2.2 and 11.1 Hz)
    iris = metrics["iris"]
    assert np.shape(iris["fold_accuracy"]) == (len(config["iris_seeds"]), config["iris_folds"])
    assert iris["test_accuracy"] == pytest.approx(np.mean(iris["fold_accuracy"]))
    assert iris["test_accuracy"] > 1 / 3  # above chance after one pass over 15 samples per fold
    assert np.sum(iris["confusion"]) == round(150 * len(config["iris_seeds"]) * (1 - iris["silent_fraction"]))
    digits = metrics["digits"]
    assert 0 <= digits["alsa_accuracy"] <= 1 and 0 <= digits["vote_accuracy"] <= 1
    assert (digits["n_train"], digits["n_test"]) == (config["digits_train"], config["digits_test"])
    report = (folder / "report.md").read_text()
    assert "0.957" in report and "0.8853" in report  # the paper's IRIS and MNIST numbers
    for figure in ("fig3_weight_change", "iris_accuracy_by_epoch", "iris_weights", "digits_features"):
        assert (folder / "figures" / f"{figure}.png").exists()
        assert f"figures/{figure}.png" in report


@pytest.mark.parametrize(("override", "message"), [
    ({"iris_alpha": 0.1}, r"'iris_alpha' must be a number \(< 0\)"),
    ({"fig3_rates_hz": []}, r"'fig3_rates_hz' must be a list of numbers .*needs at least 1"),
    ({"fig3_rates_hz": [5.0, float("inf")]}, r"'fig3_rates_hz' must be a list of numbers .*not finite"),
    ({"fig3_trials": 2.5}, r"'fig3_trials' must be an integer \(> 0\)"),
    ({"fig3_initial_weight": 1.0}, r"'fig3_initial_weight' must be a number \(> 0 and < 1\)"),
    ({"iris_folds": 1}, r"'iris_folds' must be an integer \(>= 2 and <= 50\)"),
    ({"iris_folds": 4}, "iris_folds must divide 50"),
    ({"iris_seeds": []}, r"'iris_seeds' must be a list of integers .*needs at least 1"),
    ({"iris_seeds": [0, -1]}, r"'iris_seeds' must be a list of integers \(each >= 0"),
    ({"iris_neurons_per_feature": 1}, r"'iris_neurons_per_feature' must be an integer \(>= 2\)"),
    ({"iris_train_subset": 2}, r"'iris_train_subset' must be an integer or null \(>= 3\)"),
    ({"input_trains": "bursts"}, r"'input_trains' must be a string \(one of poisson, regular\)"),
    ({"v_thresh_base_mv": 10.0}, r"'v_thresh_base_mv' must be a number \(> -100 and < 0\)"),
    ({"rest_ms": -1.0}, r"'rest_ms' must be a number \(>= 0\)"),
    ({"rest_ms": 50.2}, "rest_ms must be a whole multiple of dt_ms"),
    ({"iris_initial_weight": [0.5, 2.0]}, r"'iris_initial_weight' must be a list of numbers \(each >= 0 and <= 1, "
                                          r"exactly 2 elements\)"),
    ({"iris_initial_weight": [0.3, 0.2]}, "iris_initial_weight must be \\[low, high\\] with low <= high"),
    ({"iris_initial_weight": [0.2]}, "'iris_initial_weight' .* needs exactly 2 element"),
    ({"digits_latency_max_ms": 300.0}, "digits_latency_max_ms must be shorter than present_ms"),
    ({"digits_latency_threshold": 1.0}, r"'digits_latency_threshold' must be a number \(>= 0 and < 1\)"),
    ({"digits_upsample": 10.5}, r"'digits_upsample' must be an integer \(> 0\)"),
    ({"digits_feature_sweep": [0]}, r"'digits_feature_sweep' must be a list of integers \(each >= 1\)"),
    ({"iris_teacher_rate_sweep_hz": [-5.0]}, r"'iris_teacher_rate_sweep_hz' must be a list of numbers \(each > 0\)"),
    ({"digits_dataset": "iris"}, r"'digits_dataset' must be a string \(one of digits, mnist, fashion-mnist\)"),
])
def test_bad_configuration_names_the_key_and_the_bound(rejects, override, message):
    rejects("alsa", override, message)


def test_empty_sweeps_are_allowed():
    config = get_study("alsa").config("smoke", {"digits_feature_sweep": [], "iris_teacher_rate_sweep_hz": []})
    assert config.digits_feature_sweep == () and config.iris_teacher_rate_sweep_hz == ()


def test_search_space_holds_config_keys_and_evaluate_scores_iris(tmp_path):
    study = get_study("alsa")
    config = study.config("smoke", {"iris_train_subset": 6})
    baseline = study.search_baseline(config)
    assert set(baseline) == {d.name for d in study.search_space} and set(baseline) <= set(config)
    result = study.evaluate(config, {**baseline, "teacher_weight": 5.0}, tmp_path)
    assert result["objective"] == pytest.approx(1 - result["test_accuracy"])
    assert 0 <= result["test_accuracy"] <= 1


@pytest.mark.parametrize(("data_dir", "expected"), [
    (None, ["--data-dir", "BRAINSNN_DATA"]),
    ("empty", ["missing mnist file train-images-idx3-ubyte.gz", "mnist/"]),
])
def test_paper_preset_without_mnist_files_fails_first_and_names_the_fix(tmp_path, monkeypatch, capsys, data_dir,
                                                                         expected):
    monkeypatch.delenv("BRAINSNN_DATA", raising=False)
    out = tmp_path / "run"
    flags = [] if data_dir is None else ["--data-dir", str(tmp_path)]
    # the dataset is loaded before Fig. 3 and IRIS, whose paper protocol would take hours
    assert main(["run", "alsa", "--preset", "paper", *flags, "--out", str(out)]) == EXIT_BAD_INPUT
    message = capsys.readouterr().err
    for text in ("digits_dataset=mnist", "docs/data.md", *expected):
        assert text in message
    assert not out.exists()


def _write_mnist_format(folder, n_train=40, n_test=20):
    """Tiny MNIST-format IDX files; their payload digests replace the registry's (read back with verification)."""
    rng = np.random.default_rng(1)
    folder.mkdir(parents=True)
    arrays = {
        "train-images-idx3-ubyte": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte": np.arange(n_train, dtype=np.uint8) % 10,
        "t10k-images-idx3-ubyte": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte": np.arange(n_test, dtype=np.uint8) % 10,
    }
    for stem, array in arrays.items():
        write_idx(folder / f"{stem}.gz", array)
    return {stem: Checksum(hashlib.sha256(encode_idx(array)).hexdigest()) for stem, array in arrays.items()}


@pytest.mark.slow
def test_smoke_pipeline_on_mnist_format_files(tmp_path, monkeypatch):
    monkeypatch.setitem(CHECKSUMS, "mnist", _write_mnist_format(tmp_path / "data" / "mnist"))
    out = tmp_path / "run"
    assert main(["run", "alsa", "--preset", "smoke", "--set", "digits_dataset=mnist", "--set",
                 "digits_feature_sweep=[3]", "--data-dir", str(tmp_path / "data"), "--out", str(out)]) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    config = json.loads((out / "config.json").read_text())["config"]
    assert "digits" not in metrics
    mnist = metrics["mnist"]
    assert (mnist["n_train"], mnist["n_test"]) == (config["digits_train"], config["digits_test"])
    for result in (mnist, mnist["feature_sweep"]["3"]):
        assert 0 <= result["alsa_accuracy"] <= 1 and 0 <= result["vote_accuracy"] <= 1
    report = (out / "report.md").read_text()
    assert "## MNIST: unsupervised feature layer" in report and "figures/mnist_features.png" in report
    assert (out / "figures" / "mnist_features.png").exists()
