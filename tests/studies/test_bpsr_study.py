"""The bpsr study end to end on its smoke preset, its search objective, and its configuration errors."""

import pytest

from brainsnn_studies.bpsr.study import STUDY

NAME = "bpsr"


@pytest.mark.slow  # the smoke run takes about 15 s (16 small trainings, 2 Brian2 runs)
def test_smoke_run_has_the_issue_metrics_and_an_identical_brian2_run(smoke_run):
    folder, config, metrics = smoke_run(NAME)
    assert list(metrics["lambda_s"]) == ["0", "0.1"]
    for row in metrics["lambda_s"].values():
        assert 0 <= row["accuracy"]["mean"] <= 1 and 0 <= row["hidden_rate"]["mean"] <= 1
        assert len(row["accuracy"]["values"]) == config["seeds"]
        gap = [train - test for train, test in zip(row["train_accuracy"]["values"], row["accuracy"]["values"],
                                                   strict=True)]
        assert row["gap"]["values"] == pytest.approx(gap)
    rewired = metrics["rewiring"]["0.01"]
    assert {"accuracy", "synapses_kept", "random_mask_accuracy", "learned_mask_accuracy"} <= set(rewired)
    assert 0 < rewired["synapses_kept"]["mean"] <= metrics["dense"]["synapses"] == 64 * 20 + 20 * 20 + 20 * 10
    assert metrics["ptq"]["accuracy_drop"] == metrics["ptq"]["widths"]["8"]["accuracy_drop"]["mean"]
    agreement = metrics["brian2_agreement"]
    assert agreement["identical"] and agreement["samples"] == 20
    for network in agreement["networks"].values():
        assert network["mismatched_spikes"] == [0, 0] and network["spikes"][0] > 0
        assert network["brian2_synaptic_operations"] == network["torch_synaptic_operations"] > 0
    for cost in metrics["backward_cost"].values():
        assert cost["max_gradient_difference"] < 1e-10
        assert cost["saved_bytes_iterative"] < cost["saved_bytes_autograd"]
    report = (folder / "report.md").read_text()
    assert "| 98.33 |" in report
    for figure in ("spiking_sparsity", "synaptic_sparsity", "brian2_raster", "backward_cost"):
        assert (folder / "figures" / f"{figure}.png").exists() and f"figures/{figure}.png" in report


def test_search_objective_adds_rate_and_synapse_terms(tmp_path):
    config = STUDY.config("smoke", {"n_train": 60, "epochs": 1, "search_rate_weight": 2.0,
                                    "search_synapse_weight": 0.5})
    result = STUDY.evaluate(config, {"lambda_s": 1e-2, "lambda_w": 1e-2}, tmp_path)
    expected = (1 - result["accuracy"]) + 2.0 * result["hidden_rate"] + 0.5 * result["synapses_kept_fraction"]
    assert result["objective"] == pytest.approx(expected)
    assert 0 < result["synapses_kept_fraction"] <= 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"lambda_s_grid": [0.0, -1e-3]}, r"'lambda_s_grid' must be a list of numbers \(each >= 0"),
        ({"lambda_w_grid": [1e-2, 1e-2]}, "'lambda_w_grid' .* an element is repeated"),
        ({"weight_bits": [1]}, "'weight_bits'"),
        ({"rewiring_budget": 1.5}, "'rewiring_budget'"),
        ({"dataset": "cifar10"}, "'dataset'"),
        ({"n_brian": 500}, r"n_brian \(500\) must be <= n_test \(100\)"),
    ],
)
def test_bad_parameters_are_rejected(rejects, overrides, message):
    rejects(NAME, overrides, message)
