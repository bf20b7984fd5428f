"""The flagship study end to end on its smoke preset, its configuration, and its search through the CLI."""

import json

import numpy as np
import pytest

from brainsnn.cli import main
from brainsnn.models.stdp import RULES
from brainsnn.registry import get_study
from brainsnn_studies.stdp_generalization.paper_numbers import PAPER_TABLE5
from brainsnn_studies.stdp_generalization.study import STDP_RULES, STUDY

NAME = "stdp-generalization"


def test_metrics_hold_every_rule_with_per_seed_values(smoke_run):
    _, config, metrics = smoke_run(NAME)
    assert set(metrics["rules"]) == set(config["rules"])
    for values in metrics["rules"].values():
        for name in ("bg_index", "train_accuracy", "test_accuracy", "generalization_error"):
            assert values[name] == pytest.approx(np.mean(values[f"{name}_per_seed"]))
        assert 0 < values["bg_index"] <= 2
        assert 0 <= values["test_accuracy"] <= 100
    for run in metrics["runs"]:
        assert run["generalization_error"] == pytest.approx(abs(run["train_accuracy"] - run["test_accuracy"]))
        assert run["bg_index"] == run["bg_index_layer"]  # bg_aggregate defaults to the layer estimate
        assert 0 <= run["zero_increment_share"] < 1 and 0 <= run["bg_block_drift"] < 2
        assert len(run["loss_curve"]) == config["n_train"] // config["iteration_size"]
        assert run["simulated_slots"] >= config["n_train"] + 2 * config["n_label"] // 2


def test_report_shows_paper_numbers_and_figures(smoke_run):
    folder, _, _ = smoke_run(NAME)
    report = (folder / "report.md").read_text()
    assert "Table 2: 1.352 / 6.8 / 89.92" in report  # the paper's log-STDP row at SFR 2.1
    for figure in ("fig1_weight_density", "fig6_training_loss", "fig9_bg_vs_generalization", "fig2_levy_ou_paths"):
        assert (folder / "figures" / f"{figure}.png").exists()
        assert f"figures/{figure}.png" in report


def test_an_undefined_spearman_correlation_is_reported_as_such(smoke_run):
    _, config, metrics = smoke_run(NAME)
    # equal generalization errors make spearmanr return NaN, which metrics.json stores as null
    undefined = {**metrics, "orderings": {**metrics["orderings"],
                                          "spearman_bg_vs_generalization_error": {"rho": None, "p_value": None}}}
    report = get_study(NAME).render_report(config, undefined)
    assert "generalization error over all" in report and "runs: undefined (the BG indices" in report
    too_few = {**metrics, "orderings": {**metrics["orderings"], "spearman_bg_vs_generalization_error": {
        "n": 2, "rho": None, "p_value": None, "low": None, "high": None, "confidence": 0.95}}}
    assert "runs: undefined (fewer than 3 runs)" in get_study(NAME).render_report(config, too_few)


def test_rerun_reuses_finished_runs(smoke_run, capsys):
    folder, _, metrics = smoke_run(NAME)
    capsys.readouterr()
    assert main(["run", NAME, "--preset", "smoke", "--out", str(folder), "--overwrite"]) == 0
    assert "reusing the finished run" in capsys.readouterr().err
    assert json.loads((folder / "metrics.json").read_text()) == metrics


def test_search_space_is_table5():
    study = get_study(NAME)
    log_space = study.search_space_for(study.config("smoke"))
    assert [d.name for d in log_space] == list(PAPER_TABLE5["log"]["before"])
    add_space = study.search_space_for(study.config("smoke", {"search_rule": "add"}))
    assert [d.name for d in add_space] == ["eta", "sigma", "c_plus", "c_minus", "tau_plus", "tau_minus"]


def test_the_rule_choices_are_the_library_rules():
    assert STDP_RULES == RULES


def test_the_paper_preset_runs_mnist_at_native_size():
    config = STUDY.config("paper")
    assert config.dataset == "mnist" and config.upsample is None
    assert config.sfr == (2.1, 1.7, 1.2, 0.9) and config.n_exc == 6400


@pytest.mark.parametrize(("overrides", "message"), [
    ({"rules": ["add", "oja"]}, r"'rules' must be a list of strings \(each one of add, mult, log, dc, no repeats\)"),
    ({"rules": []}, r"'rules'.*at least 1"),
    ({"rules": ["log", "log"]}, "'rules' .* an element is repeated"),
    ({"sfr": [2.1, -1.0]}, r"'sfr' must be a list of numbers \(each > 0, no repeats\)"),
    ({"eta": []}, r"'eta'.*at least 1"),
    ({"eta": 0.05}, "'eta' must be a list of numbers"),
    ({"n_exc": 10.5}, r"'n_exc' must be an integer \(> 0\)"),
    ({"n_seeds": 0}, r"'n_seeds' must be an integer \(> 0\)"),
    ({"upsample": 0}, r"'upsample' must be an integer or null \(> 0\)"),
    ({"dataset": "iris"}, "'dataset' must be a string .one of digits, mnist, mnist-5k, fashion-mnist"),
    ({"c_minus": 0.0}, r"'c_minus' must be a number \(> 0\)"),
    ({"sigma": -0.1}, r"'sigma' must be a number \(>= 0\)"),
    ({"rest_ms": -1.0}, r"'rest_ms' must be a number \(>= 0\)"),
    ({"min_spikes": -1}, r"'min_spikes' must be an integer \(>= 0\)"),
    ({"probe_size": 1}, "probe_size must be 0"),
    ({"n_bg_synapses": 0}, r"'n_bg_synapses' must be an integer \(> 0\)"),
    ({"slack_fraction": 6.0}, r"'slack_fraction' must be a number \(> 0 and <= 5\)"),
    ({"normalise": "yes"}, "'normalise' must be true or false"),
    ({"bg_aggregate": "mean"}, "'bg_aggregate' must be a string .one of layer, synapse-median"),
    ({"search_rule": "mult"}, "'search_rule' must be a string .one of log, add"),
    ({"search_folds": 0}, r"'search_folds' must be an integer \(> 0\)"),
])
def test_bad_parameters_are_rejected(rejects, overrides, message):
    rejects(NAME, overrides, message)


@pytest.mark.slow
def test_search_evaluates_the_baseline_first_and_reports(tmp_path):
    out = tmp_path / "search"
    argv = ["search", NAME, "--preset", "smoke", "--calls", "3", "--initial", "2", "--out", str(out)]
    assert main(argv) == 0
    lines = [json.loads(line) for line in (out / "trials.jsonl").read_text().splitlines()]
    trials = [line for line in lines if line["kind"] == "trial"]
    assert len(trials) == 3 and all(t["error"] is None for t in trials)
    baseline = next(t for t in trials if t["trial"] == 0)
    assert baseline["params"] == PAPER_TABLE5["log"]["before"]
    assert {"train_accuracy", "bg_index_layer", "bg_index_synapse_median"} <= set(baseline["metrics"])
    assert baseline["objective"] == baseline["metrics"]["bg_index_layer"]
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["best_objective"] == min(t["objective"] for t in trials)
    assert (out / "figures" / "search_progress.png").exists()
    assert main([*argv[:-2], "--out", str(out), "--resume"]) == 0  # complete log: nothing more to do
    assert len((out / "trials.jsonl").read_text().splitlines()) == 4
    (out / "report.md").unlink()
    assert main(["report", str(out)]) == 0  # re-rendered from the trial log
    assert "| objective |" in (out / "report.md").read_text()
