"""The ttfs-mapping study end to end on its smoke preset, and its configuration errors."""

import pytest

NAME = "ttfs-mapping"
REQUIRED = ("relu_accuracy", "snn_accuracy", "agreement", "max_spike_time_error", "max_logit_error",
            "spikes_per_neuron", "latency")


@pytest.mark.slow  # the smoke run takes about 11 s (8 Brian2 runs)
def test_smoke_metrics_show_an_exact_mapping(smoke_run):
    _, config, metrics = smoke_run(NAME)
    assert list(metrics["networks"]) == config["networks"]
    for network in metrics["networks"].values():
        assert set(REQUIRED) <= set(network)
        assert network["agreement"] == 1.0 and network["snn_accuracy"] == network["relu_accuracy"]
        assert network["max_spike_time_error"] <= 1e-9 and network["max_logit_error"] <= 1e-9
        assert network["spikes_per_neuron"] == pytest.approx(network["relu_active_fraction"], abs=1e-12)
        assert 0 < network["spikes_per_neuron"] < 1
        assert network["latency"] == network["windows"][-1][1]
        assert network["window_overflows"] == [0] * len(network["windows"])  # exact: no test input was clipped
        errors = [c["max_spike_time_error"] for c in network["clock"]]
        assert [c["dt"] for c in network["clock"]] == config["clock_dts"] and errors == sorted(errors, reverse=True)


@pytest.mark.slow
def test_report_has_the_thesis_table_and_figures(smoke_run):
    folder, _, _ = smoke_run(NAME)
    report = (folder / "report.md").read_text()
    assert "| LeNet5, MNIST (thesis) | 99.03 | 99.03 | 100 | 50.18 | ≈50 |" in report
    for figure in ("spike_times", "activation_vs_spike_time", "clock_error_vs_dt"):
        assert (folder / "figures" / f"{figure}.png").exists()
        assert f"figures/{figure}.png" in report


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"networks": ["vgg16"]}, r"'networks' must be a list of strings \(each one of fc, fc-l1, lenet, no repeats\)"),
        ({"networks": ["fc", "fc"]}, "'networks' .* an element is repeated"),
        ({"clock_dts": [0.01, -0.02]}, r"'clock_dts' must be a list of numbers \(each > 0\)"),
        ({"conv_kernels": [3, 3]}, "'conv_kernels' .* needs exactly 3 element"),
        ({"conv_paddings": ["same", "full", "valid"]}, "'conv_paddings'"),
        ({"input_range": [1.0, -1.0]}, "low < high"),
        ({"input_range": [0.0, 0.5, 1.0]}, "'input_range' .* needs exactly 2 element"),
        ({"device": "cuda_standalone"}, "'device' must be a string"),
        ({"windows": "widest"}, "'windows' must be a string .*representative, worst-case"),
        ({"epochs": 2.5}, "'epochs' must be an integer"),
        ({"n_simulated": 0}, r"'n_simulated' must be an integer or null \(> 0\)"),
        ({"dropout": 1.0}, r"'dropout' must be a number \(>= 0 and < 1\)"),
        ({"zeta": -1.0}, r"'zeta' must be a number \(> -1\)"),
    ],
)
def test_bad_configuration_names_the_fix(rejects, overrides, message):
    rejects(NAME, overrides, message)


def test_window_choices_are_the_mappings():
    from brainsnn.ttfs.exact_mapping import WINDOW_SOURCES
    from brainsnn_studies.ttfs_mapping.study import WINDOW_SOURCES as STUDY_CHOICES

    assert STUDY_CHOICES == WINDOW_SOURCES
