"""The ttfs-training study end to end on its smoke preset, its configuration errors and its search objective."""

import pytest

from brainsnn.registry import get_study

NAME = "ttfs-training"
REQUIRED = ("relu_accuracy", "snn_accuracy", "agreement", "spikes_per_neuron", "latency")


# the smoke run takes about 7 s (seven experiments, two Brian2 runs)
def test_smoke_metrics_show_equivalent_training_and_the_sparse_variant(smoke_run):
    _, _, metrics = smoke_run(NAME)
    trajectory = metrics["trajectory"]
    assert trajectory["start_weight_difference"] < 1e-12
    assert max(h["linear"] for h in trajectory["history"]["max_weight_difference"]) <= 1e-12
    linear, constant = trajectory["final"]["linear"], trajectory["final"]["constant"]
    assert linear["agreement"] == 1.0 and linear["snn_accuracy"] == linear["relu_accuracy"]
    assert constant["max_weight_difference"] is None or constant["max_weight_difference"] > 1e-3
    assert trajectory["jacobian_spectrum_difference"] < 1e-9
    spectra = metrics["spectra"]
    assert spectra["constant"]["spectral_radius"] > spectra["linear"]["spectral_radius"]
    assert spectra["linear"]["fraction_rows_b_not_positive"] == 0
    for case in metrics["fine_tuning"]["cases"]:
        assert set(REQUIRED) <= set(case["before"]) and set(REQUIRED) <= set(case["after"])
    for row in metrics["l1_sweep"]["rows"]:
        assert set(REQUIRED) <= set(row)
        assert row["spikes_per_neuron"] == pytest.approx(row["relu_active_fraction"], abs=1e-12)
        assert row["agreement"] == 1.0 and row["max_logit_error"] < 1e-9
    for network in metrics["sensitivity"].values():
        assert network["jitter"][0]["agreement"] == 1.0 and network["slope"][0]["agreement"] == 1.0


def test_report_has_the_thesis_tables_and_figures(smoke_run):
    folder, _, _ = smoke_run(NAME)
    report = (folder / "report.md").read_text()
    assert "| MNIST (thesis) | 98.3 | 98.3 | — | — |" in report
    for figure in ("jacobian_spectra", "trajectory", "fine_tuning", "sensitivity", "l1_sweep"):
        assert (folder / "figures" / f"{figure}.png").exists()
        assert f"figures/{figure}.png" in report


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"deep_hidden": []}, "'deep_hidden' must be a list of integers"),
        ({"deep_hidden": [16, 0]}, r"'deep_hidden' must be a list of integers \(each > 0\)"),
        ({"l1_coefficients": [-1e-3]}, r"'l1_coefficients' must be a list of numbers \(each >= 0\)"),
        ({"sensitivity_zetas": [-1.0]}, r"'sensitivity_zetas' must be a list of numbers \(each > -1\)"),
        ({"finetune_window_percentiles": [120.0]},
         r"'finetune_window_percentiles' must be a list of numbers \(each > 0 and <= 100\)"),
        ({"finetune_weight_bits": [4, 1]}, r"'finetune_weight_bits' must be a list of integers \(each >= 2\)"),
        ({"finetune_time_steps": [2.5]}, "'finetune_time_steps' must be a list of integers"),
        ({"time_quantisation_percentile": 0.0}, r"'time_quantisation_percentile' must be a number \(> 0 and <= 100\)"),
        ({"seeds": 2.5}, "'seeds' must be an integer"),
        ({"gamma": 0.5}, r"'gamma' must be a number \(>= 1\)"),
        ({"dropout": 1.0}, r"'dropout' must be a number \(>= 0 and < 1\)"),
        ({"n_simulated": -4}, r"'n_simulated' must be an integer or null \(> 0\)"),
        ({"device": "cuda_standalone"}, "'device' must be a string"),
    ],
)
def test_bad_configuration_names_the_fix(rejects, overrides, message):
    rejects(NAME, overrides, message)


def test_search_objective_penalises_accuracy_beyond_half_a_point(tmp_path):
    study = get_study(NAME)
    config = study.config("smoke")
    result = study.evaluate(config, {"l1_coefficient": 1e-3, "zeta": 0.5}, tmp_path)
    penalty = max(0.0, result["accuracy_shortfall_points"] - 0.5)
    expected = result["spikes_per_neuron"] + result["latency"] / result["reference_latency"] + penalty
    assert result["objective"] == pytest.approx(expected, rel=1e-12)
    assert [d.name for d in study.search_space_for(config)] == ["l1_coefficient", "zeta"]
