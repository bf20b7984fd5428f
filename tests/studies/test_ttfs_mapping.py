"""The ttfs-mapping study end to end on its smoke preset, and its configuration errors."""

import json

import pytest

from brainsnn.cli import main
from brainsnn.errors import ConfigError
from brainsnn.registry import get_study

REQUIRED = ("relu_accuracy", "snn_accuracy", "agreement", "max_spike_time_error", "max_logit_error",
            "spikes_per_neuron", "latency")


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("ttfs-mapping") / "run"
    assert main(["run", "ttfs-mapping", "--preset", "smoke", "--out", str(out)]) == 0
    return out


@pytest.mark.slow  # the smoke run takes about 11 s (8 Brian2 runs)
def test_smoke_metrics_show_an_exact_mapping(smoke_run):
    metrics = json.loads((smoke_run / "metrics.json").read_text())
    config = json.loads((smoke_run / "config.json").read_text())["config"]
    assert list(metrics["networks"]) == config["networks"]
    for network in metrics["networks"].values():
        assert set(REQUIRED) <= set(network)
        assert network["agreement"] == 1.0 and network["snn_accuracy"] == network["relu_accuracy"]
        assert network["max_spike_time_error"] <= 1e-9 and network["max_logit_error"] <= 1e-9
        assert network["spikes_per_neuron"] == pytest.approx(network["relu_active_fraction"], abs=1e-12)
        assert 0 < network["spikes_per_neuron"] < 1
        assert network["latency"] == network["windows"][-1][1]
        errors = [c["max_spike_time_error"] for c in network["clock"]]
        assert [c["dt"] for c in network["clock"]] == config["clock_dts"] and errors == sorted(errors, reverse=True)


@pytest.mark.slow
def test_report_has_the_thesis_table_and_figures(smoke_run):
    report = (smoke_run / "report.md").read_text()
    assert "| LeNet5, MNIST (thesis) | 99.03 | 99.03 | 100 | 50.18 | ≈50 |" in report
    for figure in ("spike_times", "activation_vs_spike_time", "clock_error_vs_dt"):
        assert (smoke_run / "figures" / f"{figure}.png").exists()
        assert f"figures/{figure}.png" in report


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"networks": ["vgg16"]}, "networks must be"),
        ({"clock_dts": [0.01, -0.02]}, "clock_dts"),
        ({"conv_kernels": [3, 3]}, "3 entries"),
        ({"input_range": [1.0, -1.0]}, "low < high"),
        ({"device": "cuda_standalone"}, "device"),
    ],
)
def test_bad_configuration_names_the_fix(overrides, message):
    with pytest.raises(ConfigError, match=message):
        get_study("ttfs-mapping").config("smoke", overrides)


def test_paper_preset_without_mnist_files_says_where_to_put_them(tmp_path):
    study = get_study("ttfs-mapping")
    config = study.config("paper", {"data_dir": str(tmp_path)})
    with pytest.raises(ConfigError, match="missing mnist file"):
        study.run(config, tmp_path)
