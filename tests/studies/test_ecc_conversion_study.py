"""The ecc-conversion study: its smoke preset end to end (one cpp_standalone compile), the Brian2 operation count
against eq. (14) from the torch counts, the search objective against the run's own curve, and bad input."""

import json
import math

import pytest

pytest.importorskip("torch")

from brainsnn.errors import ConfigError  # noqa: E402
from brainsnn.json_values import json_values  # noqa: E402
from brainsnn_studies.ecc_conversion.study import STUDY  # noqa: E402

METHODS = ("wn2017", "ecc", "ecc_no_tre", "ts_0.8", "ts_0.9")


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    out = tmp_path_factory.mktemp("ecc")
    config = STUDY.config("smoke")
    metrics = json.loads(json.dumps(json_values(STUDY.run(config, out))))  # as re-read from metrics.json
    (out / "report.md").write_text(STUDY.render_report(config, metrics))
    return config, metrics, out


def test_smoke_run_reports_every_method_and_agrees_with_brian2(smoke):
    config, metrics, out = smoke
    result = metrics["datasets"]["digits"]
    for method in METHODS:
        for steps in config.time_steps:
            point = result["methods"][method][str(steps)]
            assert math.isfinite(point["accuracy_loss_pp"]["mean"]) and point["ops"]["mean"] > 0
            assert metrics[method][str(steps)] == {key: point[key]["mean"] for key in ("accuracy_loss_pp", "ops")}
    brian = result["brian2"]["ecc"]
    assert brian["device"] == "cpp_standalone"
    assert metrics["brian2_agreement"] == brian["agreement"] == 1.0 and brian["mismatched_counts"] == 0
    # Brian2's counted synaptic events are eq. (14) from the torch counts and the plan's fan-out
    assert brian["accumulates"] == pytest.approx(brian["eq14_ops"], rel=1e-12)
    assert result["proposition_1"] < 1e-9
    tre, plain = result["proposition_2"]["ecc"], result["proposition_2"]["ecc_no_tre"]
    assert -0.5 <= tre["min"] and tre["max"] < 0.5 and 0 <= plain["min"] and plain["max"] < 1
    assert plain["max"] > 0.5  # without TRE the residual error does exceed half a threshold
    report = (out / "report.md").read_text()
    assert "Reproduction criteria" in report and (out / "figures" / "loss_and_operations.png").exists()


def test_search_objective_scores_the_run_s_own_ecc_point(smoke, tmp_path):
    config, metrics, _ = smoke
    steps = config.search_steps
    result = STUDY.evaluate(config, {"eta": config.eta, "lambda_percentile": 100.0}, tmp_path)
    point = metrics["datasets"]["digits"]["methods"]["ecc"][str(steps)]
    assert result["accuracy_loss_pp"] == pytest.approx(point["accuracy_loss_pp"]["mean"])
    assert result["ops"] == pytest.approx(point["ops"]["mean"])
    assert 0 <= result["disagreement_pp"] <= 100
    assert result["objective"] == pytest.approx(result["disagreement_pp"] + result["ops_ratio"])


def test_bad_configurations_are_rejected():
    with pytest.raises(ConfigError, match="pool_after"):
        STUDY.config("smoke", {"pool_after": [3]})
    with pytest.raises(ConfigError, match="tre_mode"):
        STUDY.config("smoke", {"tre_mode": "sometimes"})
    with pytest.raises(ConfigError, match="eta"):
        STUDY.config("smoke", {"eta": 1.5})


def test_the_paper_preset_without_cifar_files_says_where_to_put_them(tmp_path):
    config = STUDY.config("paper", {"data_dir": str(tmp_path)})
    with pytest.raises(ConfigError, match="no cifar-10 files"):
        STUDY.run(config, tmp_path)
