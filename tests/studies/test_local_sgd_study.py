"""The local-sgd study end to end on its smoke preset, its configuration errors and its search objective."""

import pytest

from brainsnn.errors import ConfigError
from brainsnn.registry import get_study
from brainsnn_studies.local_sgd.schedules import static_boundary

NAME = "local-sgd"
ISSUE_MODES = ("sgd", "static_linear", "static_quadratic", "static_exponential", "dynamic", "freezing")


# the smoke run takes about 2 s (7 modes x 2 seeds, 4 epochs of digits on a 64-32-32-32-10 MLP)
def test_smoke_metrics_count_flops_and_pair_the_seeds(smoke_run):
    _, config, metrics = smoke_run(NAME)
    for mode in ISSUE_MODES:
        assert {"accuracy", "gflops", "final_boundary", "peak_activation_mb"} <= set(metrics[mode])
    # SGD per sample: 2 (64*32 + 32*32 + 32*32 + 32*10) * 3 minus the input layer's error GEMM 2 * 64*32 = 22400
    # FLOPs; 1257 training images, 4 epochs
    assert metrics["sgd"]["gflops"] == pytest.approx(4 * 1257 * 22400 / 1e9, rel=1e-12)
    # stored activations of SGD: batch 64 * (64 + 32 + 32 + 32) float32 = 40960 bytes
    assert metrics["sgd"]["peak_activation_mb"] == pytest.approx(0.04096, rel=1e-12)
    for seed, sgd in enumerate(metrics["sgd"]["seeds"]):
        for mode in ISSUE_MODES:
            run = metrics[mode]["seeds"][seed]
            moved = next((e for e, b in enumerate(run["boundaries"]) if b > 0), len(run["boundaries"]))
            # same weights and data order: identical to SGD until the boundary first moves
            assert run["test_accuracies"][:moved] == sgd["test_accuracies"][:moved]
            assert run["accuracy"] == run["test_accuracies"][-1]
    quadratic = [static_boundary("quadratic", e, 4, 4, config["c1"], config["c2"]) for e in range(4)]
    assert metrics["static_quadratic"]["seeds"][0]["boundaries"] == quadratic == [0, 0, 1, 2]
    assert metrics["freezing"]["seeds"][0]["boundaries"] == quadratic
    assert metrics["freezing"]["gflops"] < metrics["static_quadratic"]["gflops"] < metrics["sgd"]["gflops"]


def test_smoke_conv_network_counts_its_flops(smoke_run):
    _, _, metrics = smoke_run(NAME, "--set", "conv_channels=[4]", "--set", "pool_after=[0]", "--set", "hidden=[]",
                              "--set", 'modes=["sgd", "freezing"]')
    # conv 1 -> 4 channels on 8x8 digits: 64 positions * 4 * 9 = 2304 MACs, forward + weight gradient (no error GEMM
    # into the input) = 4 * 2304 FLOPs; pooled 4x4x4 = 64 -> 10 readout: 640 MACs, 3 GEMMs = 6 * 640 FLOPs
    assert metrics["sgd"]["gflops"] == pytest.approx(4 * 1257 * (4 * 2304 + 6 * 640) / 1e9, rel=1e-12)
    assert metrics["freezing"]["final_boundary"] == 1 and metrics["freezing"]["accuracy"] > 0.5


def test_report_has_the_paper_tables_criteria_and_figures(smoke_run):
    folder, _, _ = smoke_run(NAME)
    report = (folder / "report.md").read_text()
    assert "| ResNet18 (CIFAR-10) | 6.06 | 6.17, 1.53x | 6.23, 1.43x | 6.51, 1.65x |" in report
    assert report.count("**Reproduced**") + report.count("**Not reproduced**") == 6
    for figure in ("boundary_and_memory", "accuracy_vs_gflops"):
        assert (folder / "figures" / f"{figure}.png").exists()
        assert f"figures/{figure}.png" in report


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"modes": ["dynamic"]}, "modes must include 'sgd'"),
        ({"modes": ["sgd", "adam"]}, "'modes' must be a list of strings"),
        ({"c2": 1.0}, r"'c2' must be a number \(>= 0 and < 1\)"),
        ({"l_shift": 0.0}, r"'l_shift' must be a number \(> 0 and <= 1\)"),
        ({"hidden": [32, 0]}, r"'hidden' must be a list of integers \(each > 0\)"),
        ({"device": "numpy"}, "'device' must be"),
        ({"freezing_schedule": "cosine"}, "'freezing_schedule' must be"),
        ({"hidden": []}, "the network needs a hidden layer"),
        ({"conv_channels": [4], "pool_after": [1]}, "pool_after holds indices of conv layers"),
        ({"conv_channels": [4] * 4, "pool_after": [0, 1, 2, 3]}, "4 poolings shrink a 8-pixel digits image"),
    ],
)
def test_bad_configuration_names_the_fix(rejects, overrides, message):
    rejects(NAME, overrides, message)


def test_search_objective_is_minus_savings_plus_the_penalty(tmp_path):
    study = get_study(NAME)
    config = study.config("smoke", {"search_accuracy_bound": 0.0, "search_penalty": 2.0, "c2": 0.0})
    assert [d.name for d in study.search_space_for(config)] == ["alpha", "l_shift"]
    quadratic = config.replace(search_mode="static_quadratic")
    assert [d.name for d in study.search_space_for(quadratic)] == ["c1", "c2"]
    assert study.search_baseline(quadratic) == {"c1": 0.6, "c2": 0.0}
    result = study.evaluate(quadratic, {"c1": 0.9, "c2": 0.0}, tmp_path)
    savings = 1 - result["gflops"] / result["reference_gflops"]
    drop = 100 * (result["reference_accuracy"] - result["accuracy"])
    assert result["objective"] == pytest.approx(-savings + 2.0 * max(0.0, drop), rel=1e-12)
    assert result["final_boundary"] == 3 and savings > 0  # c1 = 0.9 of 4 layers, capped at the output layer


def test_paper_preset_without_cifar_files_says_where_to_put_them(tmp_path):
    study = get_study(NAME)
    config = study.config("paper", {"data_dir": str(tmp_path)})
    assert config["conv_channels"] == (64, 64, 128, 128, 256, 256, 512, 512, 512, 512)  # VGG13
    with pytest.raises(ConfigError, match="no cifar-10 files in"):
        study.run(config, tmp_path)


def test_finished_runs_are_not_trained_again(monkeypatch):
    from brainsnn_studies.local_sgd import experiments

    config = get_study(NAME).config("smoke", {"modes": ["sgd"], "epochs": 1, "seed": 7})
    first = experiments.run_experiments(config)

    def no_training(*args):
        raise AssertionError("a checkpointed run was trained again")

    monkeypatch.setattr(experiments, "train_mode", no_training)
    assert experiments.run_experiments(config)["sgd"] == first["sgd"]
