"""The flagship study end to end on its smoke preset, and its search through the CLI."""

import json

import numpy as np
import pytest

from brainsnn.cli import main
from brainsnn.registry import get_study
from studies.stdp_generalization import PAPER_TABLE5


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("flagship")
    assert main(["run", "stdp-generalization", "--preset", "smoke", "--out", str(out / "run")]) == 0
    return out / "run"


def test_metrics_hold_every_rule_with_per_seed_values(smoke_run):
    metrics = json.loads((smoke_run / "metrics.json").read_text())
    config = json.loads((smoke_run / "config.json").read_text())["config"]
    assert set(metrics["rules"]) == set(config["rules"])
    for values in metrics["rules"].values():
        for name in ("bg_index", "train_accuracy", "test_accuracy", "generalization_error"):
            assert values[name] == pytest.approx(np.mean(values[f"{name}_per_seed"]))
        assert 0 < values["bg_index"] <= 2
        assert 0 <= values["test_accuracy"] <= 100
    for run in metrics["runs"]:
        assert run["generalization_error"] == pytest.approx(abs(run["train_accuracy"] - run["test_accuracy"]))
        assert len(run["loss_curve"]) == config["n_train"] // config["iteration_size"]
        assert run["simulated_slots"] >= config["n_train"] + 2 * config["n_label"] // 2


def test_report_shows_paper_numbers_and_figures(smoke_run):
    report = (smoke_run / "report.md").read_text()
    assert "Table 2: 1.352 / 6.8 / 89.92" in report  # the paper's log-STDP row at SFR 2.1
    for figure in ("fig1_weight_density", "fig6_training_loss", "fig9_bg_vs_generalization", "fig2_levy_ou_paths"):
        assert (smoke_run / "figures" / f"{figure}.png").exists()
        assert f"figures/{figure}.png" in report


def test_rerun_reuses_finished_runs(smoke_run, capsys):
    assert main(["run", "stdp-generalization", "--preset", "smoke", "--out", str(smoke_run), "--overwrite"]) == 0
    assert "reusing the finished run" in capsys.readouterr().out


def test_search_space_is_table5(tmp_path):
    study = get_study("stdp-generalization")
    log_space = study.search_space_for(study.config("smoke"))
    assert [d.name for d in log_space] == list(PAPER_TABLE5["log"]["before"])
    add_space = study.search_space_for(study.config("smoke", {"search_rule": "add"}))
    assert [d.name for d in add_space] == ["eta", "sigma", "c_plus", "c_minus", "tau_plus", "tau_minus"]


@pytest.mark.slow
def test_search_evaluates_the_baseline_first_and_reports(tmp_path, capsys):
    out = tmp_path / "search"
    argv = ["search", "stdp-generalization", "--preset", "smoke", "--calls", "3", "--initial", "2", "--out", str(out)]
    assert main(argv) == 0
    lines = [json.loads(line) for line in (out / "trials.jsonl").read_text().splitlines()]
    trials = [line for line in lines if line["kind"] == "trial"]
    assert len(trials) == 3 and all(t["error"] is None for t in trials)
    baseline = next(t for t in trials if t["trial"] == 0)
    assert baseline["params"] == PAPER_TABLE5["log"]["before"]
    assert {"train_accuracy", "bg_index_layer", "bg_index_synapse_median"} <= set(baseline["metrics"])
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["best_objective"] == min(t["objective"] for t in trials)
    assert (out / "figures" / "search_progress.png").exists()
    assert main([*argv[:-2], "--out", str(out), "--resume"]) == 0  # complete log: nothing more to do
    assert len((out / "trials.jsonl").read_text().splitlines()) == 4
    (out / "report.md").unlink()
    assert main(["report", str(out)]) == 0  # re-rendered from the trial log
    assert "| objective |" in (out / "report.md").read_text()
