"""The scatter-gather study: the smoke preset end to end (Brian2 on numpy against the ANN), its report, the search
objective and bad configurations."""

import json

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.metrics.energy import KUANG_CHIP_SOP
from brainsnn_studies.scatter_gather.study import STUDY

SMOKE = {"standalone_samples": None, "device": "numpy"}  # cpp_standalone compiles for a minute: the CLI smoke runs it


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    out = tmp_path_factory.mktemp("scatter-gather")
    config = STUDY.config("smoke", SMOKE)
    metrics = json.loads(json.dumps(STUDY.run(config, out), default=lambda value: np.asarray(value).tolist()))
    return config, metrics, out


def test_smoke_conversion_is_lossless_in_torch_and_brian2(smoke):
    _, metrics, out = smoke
    conversion = metrics["conversion"]["1_2"]
    assert conversion["snn_accuracy"] == conversion["ann_accuracy"] > 0.3
    assert conversion["prediction_agreement"] == 1.0
    model = metrics["datasets"]["digits"]["models"]["1_2"]
    for run in model["runs"]:
        assert run["count_mismatches"] == 0 and run["compared_counts"] > 0
        assert run["max_group_count"] == 4  # B 2^k spikes at most, and reached
        brian = run["brian"]
        assert brian["identical"] and brian["count_mismatches_ann"] == 0 and brian["predictions_agree_ann"] == 1.0
        assert brian["energy_nj"] == pytest.approx(brian["sops_on_chip"] * KUANG_CHIP_SOP.accumulate_pj / 1000)
        assert brian["input_macs"] > 0  # the direct-coded first layer is counted apart from the chip's SOPs
    assert set(metrics["dropout"]) == {"0.1", "0.2"}
    assert metrics["criteria"]["lossless"]["held"] is True
    assert metrics["criteria"]["precision"]["held"] is None  # one model: no pair to compare
    assert (out / "figures" / "precision.png").exists()


def test_smoke_report_renders_from_config_and_metrics(smoke):
    config, metrics, _ = smoke
    text = STUDY.render_report(dict(config), metrics)
    assert "Lossless conversion" in text and "99.37 (MNIST)" in text
    assert f"{metrics['mapping']['cells_matched']} of {metrics['mapping']['cells_total']}" in text


def test_search_objective_adds_error_and_energy():
    config = STUDY.config("smoke", {**SMOKE, "energy_weight": 0.5})
    result = STUDY.evaluate(config, {"k": 0, "bound": 1, "ternary_factor": 0.7}, None)
    assert result["objective"] == pytest.approx(result["validation_error"] + 0.5 * result["energy_nj"])
    assert result["energy_nj"] == pytest.approx(result["sops_on_chip"] * 0.57 / 1000)
    assert result["prediction_agreement"] == 1.0


def test_bad_configurations_are_rejected():
    with pytest.raises(ConfigError, match="four-spike"):
        STUDY.config("smoke", {"levels": [0]})
    with pytest.raises(ConfigError, match="ternary_factor"):
        STUDY.config("smoke", {"ternary_factor": -0.1})
    with pytest.raises(ConfigError, match="datasets"):
        STUDY.config("smoke", {"datasets": ["cifar-100"]})
