"""The ttfs-training study end to end on its smoke preset, and its configuration errors."""

import json

import pytest

from brainsnn.cli import main
from brainsnn.errors import ConfigError
from brainsnn.registry import get_study

REQUIRED = ("relu_accuracy", "snn_accuracy", "agreement", "spikes_per_neuron", "latency")


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("ttfs-training") / "run"
    assert main(["run", "ttfs-training", "--preset", "smoke", "--out", str(out)]) == 0
    return out


# the smoke run takes about 7 s (seven experiments, two Brian2 runs)
def test_smoke_metrics_show_equivalent_training_and_the_sparse_variant(smoke_run):
    metrics = json.loads((smoke_run / "metrics.json").read_text())
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
    report = (smoke_run / "report.md").read_text()
    assert "| MNIST (thesis) | 98.3 | 98.3 | — | — |" in report
    for figure in ("jacobian_spectra", "trajectory", "fine_tuning", "sensitivity", "l1_sweep"):
        assert (smoke_run / "figures" / f"{figure}.png").exists()
        assert f"figures/{figure}.png" in report


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"deep_hidden": []}, "deep_hidden"),
        ({"l1_coefficients": [-1e-3]}, "l1_coefficients"),
        ({"sensitivity_zetas": [-1.0]}, "sensitivity_zetas"),
        ({"finetune_window_percentiles": [120.0]}, "percentiles"),
        ({"finetune_weight_bits": [4, 1]}, "q >= 2"),
        ({"seeds": 2.5}, "integer"),
        ({"device": "cuda_standalone"}, "device"),
    ],
)
def test_bad_configuration_names_the_fix(overrides, message):
    with pytest.raises(ConfigError, match=message):
        get_study("ttfs-training").config("smoke", overrides)


def test_paper_preset_without_mnist_files_says_where_to_put_them(tmp_path):
    study = get_study("ttfs-training")
    config = study.config("paper", {"data_dir": str(tmp_path)})
    with pytest.raises(ConfigError, match="missing mnist file"):
        study.run(config, tmp_path)


def test_search_objective_penalises_accuracy_beyond_half_a_point(tmp_path):
    study = get_study("ttfs-training")
    config = study.config("smoke")
    result = study.evaluate(config, {"l1_coefficient": 1e-3, "zeta": 0.5}, tmp_path)
    penalty = max(0.0, result["accuracy_shortfall_points"] - 0.5)
    expected = result["spikes_per_neuron"] + result["latency"] / result["reference_latency"] + penalty
    assert result["objective"] == pytest.approx(expected, rel=1e-12)
    assert [d.name for d in study.search_space_for(config)] == ["l1_coefficient", "zeta"]
