"""The search report: metrics.json, the baseline/best table and the failures, checked against the trial log."""

import json

import pytest
import search_objectives as objectives

from brainsnn.registry import get_study, study_names
from brainsnn.search import run_search
from brainsnn.search_report import write_search_report


def test_report_compares_the_best_trial_of_the_log_with_trial_0(tmp_path):
    result = run_search(objectives.QUADRATIC, {"seed": 7}, calls=4, out_dir=tmp_path, seed=3)
    report = write_search_report(tmp_path, objectives.QUADRATIC, {"seed": 7}, result, command="brainsnn search")
    records = [json.loads(line) for line in (tmp_path / "trials.jsonl").read_text().splitlines()[1:]]
    best = min(records, key=lambda record: record["objective"])
    first = next(record for record in records if record["trial"] == 0)
    text = report.read_text()
    assert f"| objective | {first['objective']:.4g} | {best['objective']:.4g} |" in text
    assert f"| x | {first['params']['x']:.4g} | {best['params']['x']:.4g} |" in text
    assert "Failed evaluations" not in text and (tmp_path / "figures" / "search_progress.png").stat().st_size > 0
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert (metrics["calls"], metrics["failed"], metrics["best_objective"]) == (4, 0, best["objective"])
    assert metrics["best_below_baseline"] == (best["objective"] < first["objective"])


def test_report_lists_failed_evaluations(tmp_path):
    result = run_search(objectives.FAILING, {"seed": 7}, calls=3, out_dir=tmp_path, seed=3)
    text = write_search_report(tmp_path, objectives.FAILING, {"seed": 7}, result, command="c").read_text()
    records = [json.loads(line) for line in (tmp_path / "trials.jsonl").read_text().splitlines()[1:]]
    failed = sorted((record for record in records if record["error"]), key=lambda record: record["trial"])
    assert failed, "the failing study must fail at x < 0.5 for this test to test anything"
    listed = text.split("## Failed evaluations\n\n")[1].splitlines()
    assert listed == [f"- trial {record['trial']}: {record['error']}" for record in failed]


@pytest.mark.parametrize("name", [name for name in study_names() if get_study(name).search_space])
def test_every_search_baseline_reads_the_stored_configuration(name):
    """`brainsnn report` re-renders a search from the trial log's header, a plain JSON mapping, not a typed config."""
    study = get_study(name)
    typed = study.config("quick")
    stored = json.loads(json.dumps(dict(typed.items())))
    assert study.search_baseline(stored) == study.search_baseline(typed)
