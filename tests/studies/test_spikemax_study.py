"""The spikemax study end to end on its smoke preset, its search objective, and its configuration errors."""

import pytest

from brainsnn_studies.spikemax.study import STUDY

NAME = "spikemax"
LOSSES = ("spike_rate", "spikemax", "spikemax_s", "spikemax_g")


def test_smoke_run_has_the_issue_metrics_and_identical_brian2_trains(smoke_run):
    folder, config, metrics = smoke_run(NAME)
    first = metrics["datasets"][config["datasets"][0]]
    for loss in LOSSES:
        assert metrics[loss] == {key: first["losses"][loss][key] for key in metrics[loss]}
        assert set(metrics[loss]) == {"accuracy", "spikes_per_sample", "time_to_accuracy_ms"}
    for name, entry in metrics["datasets"].items():
        losses = entry["losses"]
        for loss in LOSSES:
            row = losses[loss]
            assert len(row["accuracy"]["values"]) == config["seeds"]
            assert row["accuracy"]["mean"] == pytest.approx(row["curve"][-1], abs=1e-6)
            assert 1 <= row["time_to_accuracy_ms"]["mean"] <= entry["steps"]
            assert sum(row["spikes_per_layer"]) == pytest.approx(row["spikes_per_sample"]["mean"])
        latency = {loss: losses[loss]["time_to_accuracy_ms"]["mean"] for loss in LOSSES}
        assert entry["observables"]["variants_earlier"] == all(latency[v] < latency["spike_rate"] for v in LOSSES[1:])
        for check in entry["brian2"]["networks"].values():  # Brian2's ODEs against the torch Toeplitz forward
            assert check["identical"] and check["curve_identical"] and check["mismatched_spikes"] == [0, 0]
            assert check["spikes"][0] > 0, name
    assert metrics["brian2_agreement"] == 1.0
    report = (folder / "report.md").read_text()
    assert "| 99.33 ± 0.03 |" in report and "≈ 250" in report
    assert report.count("(observable 4)**: held") == len(config["datasets"])
    for figure in ("accuracy_vs_time", "spike_counts"):
        assert (folder / "figures" / f"{figure}.png").exists() and f"figures/{figure}.png" in report


def test_search_objective_adds_the_latency_term(tmp_path):
    config = STUDY.config("smoke", {"datasets": ["band-bursts"], "n_train": 20, "epochs": 1, "latency_weight": 2.0})
    result = STUDY.evaluate(config, {"window": 8, "tau": 3.0}, tmp_path)
    expected = (1 - result["accuracy"]) + 2.0 * result["time_to_accuracy_ms"] / config.burst_steps
    assert result["objective"] == pytest.approx(expected)


BAD = [
    ({"datasets": ["saccade-digits", "saccade-digits"]}, "'datasets' .* an element is repeated"),
    ({"datasets": ["n-mnist"]}, "'datasets'"),
    ({"false_rate": 0.3}, r"false_rate \(0.3\) must be < true_rate"),
    ({"window": 41}, r"window \(41\) must be <= the steps of a sample \(40\)"),
    ({"n_brian": 30}, r"n_brian \(30\) must be <= n_test \(20\)"),
    ({"softmax_input": "logit"}, "'softmax_input'"),
]


def test_bad_parameters_are_rejected(rejects):
    for overrides, message in BAD:
        rejects(NAME, overrides, message)
