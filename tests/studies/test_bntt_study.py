"""The bntt study end to end on its smoke preset (digits MLPs, row-sequential digits, a tiny VGG9 on the colour
stand-in, the Brian2 run of the folded BNTT network), and its configuration errors."""

import math

import pytest

from brainsnn.errors import ConfigError
from brainsnn_studies.bntt.study import STUDY

NAME = "bntt"


def test_smoke_metrics_have_every_variant_and_step(smoke_run):
    _, config, metrics = smoke_run(NAME)
    for variant in config["variants"]:
        for steps in config["time_steps"]:
            run = metrics[variant][str(steps)]
            assert 0 <= run["accuracy"] <= 1 and run["accuracy"] == run["accuracy_by_steps"][-1]
            assert len(run["accuracy_by_steps"]) == steps and len(run["accuracy_seeds"]) == config["seeds"]
            # the pooled rate is the size-weighted mean of the per-layer spikes per neuron, over T
            sizes = [config["width"]] * config["depth"]
            pooled = sum(s * n for s, n in zip(run["spikes_per_neuron"], sizes, strict=True)) / (sum(sizes) * steps)
            assert run["spike_rate"] == pytest.approx(pooled, rel=1e-12)
    assert set(metrics["depth"]) == {str(d) for d in config["depths"]}
    assert set(metrics["sequential"]) == set(config["variants"])
    assert metrics["vgg"]["dataset"]["name"] == "colour Fashion-MNIST stand-in (not CIFAR)"
    assert len(metrics["vgg"]["bntt"]["spikes_per_neuron"]) == 8  # 7 conv layers and the FC layer of VGG9


def test_smoke_brian2_run_of_the_folded_network_is_spike_identical(smoke_run):
    _, config, metrics = smoke_run(NAME)
    agreement = metrics["brian2_agreement"]
    assert sum(agreement["spikes_per_layer"]) > 0
    assert agreement["mismatched_spikes"] == [0] * config["depth"]
    assert agreement["spikes"] == 1.0 and agreement["predictions"] == 1.0
    assert agreement["readout_difference"] < 1e-12
    exact = metrics["threshold_equivalence"]["exact"]
    assert exact["bntt_spikes"] > 0 and exact["mismatched_spikes"] == 0


def test_smoke_early_exit_and_gamma_profiles_are_consistent(smoke_run):
    _, config, metrics = smoke_run(NAME)
    steps = max(config["time_steps"])
    exits = metrics["early_exit"]
    assert exits["steps"] == steps and 1 <= min(exits["t_exits"]) <= max(exits["t_exits"]) <= steps
    assert len(exits["t_exits"]) == len(exits["accuracy_drops"]) == config["seeds"]
    assert exits["accuracy_drop"] == pytest.approx(sum(exits["accuracy_drops"]) / config["seeds"], abs=1e-12)
    assert exits["latency_saving"] == pytest.approx(1 - exits["t_exit"] / steps, abs=1e-12)
    assert [s["threshold"] for s in exits["sweep"]] == config["exit_thresholds"]
    t_exits = [s["t_exit"] for s in exits["sweep"]]
    assert t_exits == sorted(t_exits, reverse=True)  # a higher threshold never exits later
    profile = metrics["gamma_profile"]["mlp"]
    assert len(profile["profiles"]) == config["depth"] and all(len(p) == steps for p in profile["profiles"])
    assert all(not math.isnan(c) for c in profile["centroid"])


def test_report_puts_the_paper_beside_ours_and_judges_every_criterion(smoke_run):
    folder, _, _ = smoke_run(NAME)
    report = (folder / "report.md").read_text()
    assert "| CIFAR-10 | BNTT | VGG9 | 25 | 90.5 |" in report
    assert "(not CIFAR)" in report
    for criterion in ("torch forward = Brian2", "Eq. 15", "BNTT >= standard BN", "deeper layers later",
                      "Gains under strong weight decay",
                      "early exit (threshold", "BNTT spike rate <= baseline", "fails to converge"):
        assert criterion in report
    for figure in ("accuracy_and_spike_rate", "accuracy_vs_depth", "gamma_profiles", "early_exit",
                   "vgg_layer_spikes"):
        assert (folder / "figures" / f"{figure}.png").exists() and f"figures/{figure}.png" in report


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"variants": ["bntt", "layer-norm"]}, "'variants'"),
        ({"exit_thresholds": [0.5, 1.5]}, "relative early-exit thresholds"),
        ({"leak": 1.5}, "'leak'"),
        ({"colour_dataset": "cifar-10-stand-in"}, "'colour_dataset'"),
    ],
)
def test_bad_configurations_are_rejected(rejects, overrides, message):
    rejects(NAME, overrides, message)


def test_pixels_per_step_must_divide_the_image(tmp_path):
    config = STUDY.config("smoke", {"sequential_pixels_per_step": 7, "time_steps": [2], "depths": [],
                                    "vgg_seeds": 0, "variants": ["none"], "seeds": 1})
    with pytest.raises(ConfigError, match="sequential_pixels_per_step .7. must divide the 64 pixels"):
        STUDY.run(config, tmp_path)


def test_paper_preset_without_mnist_files_says_where_to_put_them(tmp_path):
    config = STUDY.config("paper", {"data_dir": str(tmp_path)})
    with pytest.raises(ConfigError, match="missing mnist file"):
        STUDY.run(config, tmp_path)
