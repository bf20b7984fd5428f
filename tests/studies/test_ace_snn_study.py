"""The ace-snn study end to end on its smoke preset (every metric the issue names, Brian2 spike identity with direct
input, the report's criteria), and its configuration errors."""

import pytest

from brainsnn.errors import ConfigError
from brainsnn_studies.ace_snn.study import STUDY

NAME = "ace-snn"


def test_smoke_metrics_name_every_stage_scheme_and_layer(smoke_run):
    folder, config, metrics = smoke_run(NAME)
    for key in ("ann", "conversion_T5", "conversion_T50", "qstdb_T5"):
        assert 0 <= metrics[key]["overall_accuracy"] <= 100
    assert metrics["qstdb_T5"]["overall_accuracy"] == metrics["quant"]["scale"]["6"]["overall_accuracy"]
    fp = metrics["qstdb_fp_T5"]["overall_accuracy"]
    for scheme in ("affine", "scale", "post_training"):
        entry = metrics["quant"][scheme]["6"]
        assert entry["oa_drop"] == pytest.approx(fp - entry["overall_accuracy"], abs=1e-9)
    assert set(metrics["zeta"]) == {f"layer_{i}" for i in range(1, 7)}
    assert metrics["energy"]["ann_fp_over_snn"] > metrics["energy"]["ann_6b_over_snn"] > 0
    assert 0 < metrics["energy"]["ann_fp_compute_share"] < 1
    assert len(metrics["range_loss"]["6"]) == 7 and all(0 <= v <= 1 for v in metrics["range_loss"]["6"])
    assert metrics["arithmetic_intensity"]["flop_ratio"] == 300
    report = (folder / "report.md").read_text()
    assert "stand-in" in report and "Reproduction criteria" in report
    assert (folder / "figures" / "quantisation_and_activity.png").exists()


def test_smoke_brian2_run_is_spike_identical_with_direct_input(smoke_run):
    _, config, metrics = smoke_run(NAME)
    brian = metrics["brian2"]
    assert brian["device"] == "numpy" and brian["samples"] == config["brian2_samples"]
    assert brian["predictions_agree"] == 1.0 and brian["mismatched_spikes"] == [0] * 6
    assert brian["spike_counts_torch"] == brian["spike_counts_brian"] and sum(brian["spike_counts_brian"]) > 0
    # zeta from Brian2's counts: spikes / samples / neurons of each layer (conv1 of the smoke net: 4 x 10 x 3 x 3)
    assert brian["zeta"][0] == pytest.approx(brian["spike_counts_brian"][0] / config["brian2_samples"] / 360)
    # Brian2's counts in the shared model: 0.1 pJ per accumulate, 3.1 pJ per MAC, the direct input's MACs once
    shared = metrics["energy"]["shared_model"]
    assert shared["accumulates"] == pytest.approx(sum(brian["accumulates"].values()))
    snn_pj = 0.1 * shared["accumulates"] + 3.1 * brian["input_macs"] / config["steps"]
    assert shared["ann_over_snn_input_once"] == pytest.approx(3.1 * shared["ann_macs"] / snn_pj)


@pytest.mark.parametrize("overrides, message", [
    ({"channels": [4, 4, 4]}, "channels"),
    ({"headline_bits": 8}, "headline_bits"),
    ({"training_schemes": ["scale"]}, "training_schemes"),
    ({"steps": 7}, "conversion_steps"),
    ({"dataset": "houston"}, "dataset"),
    ({"threshold_scale": 0.0}, "threshold_scale"),
])
def test_bad_configurations_are_rejected(overrides, message):
    with pytest.raises(ConfigError, match=message):
        STUDY.config("smoke", overrides)


def test_the_paper_preset_asks_for_the_indian_pines_files(tmp_path, monkeypatch):
    monkeypatch.delenv("BRAINSNN_DATA", raising=False)
    from brainsnn_studies.ace_snn.data import load_scene

    with pytest.raises(ConfigError, match="Indian_pines_corrected.mat"):
        load_scene(STUDY.config("paper", {"data_dir": str(tmp_path)}))


def test_search_scores_a_validation_split_carved_from_the_training_split(tmp_path):
    from brainsnn_studies.ace_snn.data import patches

    config = STUDY.config("smoke", {"n_train": None, "n_test": None})
    split, held = patches(config, 0), patches(config, 0, validation=True)
    rows = {tuple(x.flatten().tolist()) for x in split.x_train}
    assert all(tuple(x.flatten().tolist()) in rows for x in held.x_test)  # validation patches are training patches
    assert len(held.x_train) + len(held.x_test) == len(split.x_train)
    result = STUDY.evaluate(STUDY.config("smoke"), {"threshold_scale": 0.9, "qstdb_learning_rate": 1e-3}, tmp_path)
    assert result["objective"] == pytest.approx(100.0 - result["validation_accuracy"])
    assert 0 <= result["conversion_accuracy"] <= 100
