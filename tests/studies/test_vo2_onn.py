"""The vo2-onn study end to end on its smoke preset (cpp_standalone), checked against the closed forms."""

import json

import numpy as np
import pytest

from brainsnn.cli import main
from brainsnn.models.vo2_oscillator import VO2Parameters
from brainsnn.registry import get_study

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("vo2") / "run"
    assert main(["run", "vo2-onn", "--preset", "smoke", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def metrics(smoke_run):
    return json.loads((smoke_run / "metrics.json").read_text())


def test_single_oscillator_matches_the_closed_form_and_the_paper(metrics):
    circuit = VO2Parameters()
    # the simulated comparator waits one dt step per switch, so a small lag over the closed form is expected
    assert metrics["period_us"] == pytest.approx(float(circuit.period / 1e-6), rel=0.02)
    assert metrics["period_us"] == pytest.approx(21.6, rel=0.02)
    for r_s, ratio in metrics["td_tc_ratio"].items():
        assert ratio == pytest.approx(metrics["td_tc_closed_form"][r_s], rel=0.1)
    assert metrics["td_tc_ratio"]["20"] == pytest.approx(59, rel=0.1)
    assert metrics["td_tc_ratio"]["3"] == pytest.approx(3.7, rel=0.1)
    np.testing.assert_allclose(metrics["swing_v"], metrics["swing_closed_form_v"], atol=0.03)


def test_phase_map_ends_and_transition_function(metrics):
    assert metrics["always_in_phase_max_kohm"] == 8.0
    assert metrics["always_out_of_phase_min_kohm"] == 40.0
    assert metrics["pair_examples"]["rc10_delay0.1_deg"] == pytest.approx(0, abs=5)
    assert metrics["pair_examples"]["rc100_delay0.1_deg"] == pytest.approx(180, abs=5)
    # the bisection (3 halvings of [3, 300] kOhm in log R in smoke) brackets the neutral resistance of the notes
    assert 10 < metrics["r0_kohm"] < 20
    assert metrics["epsilon_mv"] > 0


def test_retrieval_metrics_and_report(smoke_run, metrics):
    accuracy = metrics["retrieval_accuracy"]["1.875"]["0"]
    assert 0 <= accuracy <= 1
    assert metrics["hopfield"]["0"]["retrieval_accuracy"] == 1.0  # every stored digit is a fixed point
    assert metrics["input_sign"]["0"]["retrieval_accuracy"] == 1.0
    report = (smoke_run / "report.md").read_text()
    for figure in ("single_oscillator", "switches_and_pairs", "phase_map", "variability", "mapping", "retrieval"):
        assert (smoke_run / "figures" / f"{figure}.png").exists()
        assert f"figures/{figure}.png" in report
    assert "21.6" in report


@pytest.mark.parametrize("override", ["v_h_volt=0.9", "map_delays=[0.7]", "variability={\"r_s\": [0.1]}",
                                      "four_pattern=[1, 1, 0, -1]", "switch_schedule=\"late\"",
                                      "search_fuzzy_pixels=61", "scale_changes=[-1.5]"])
def test_bad_configuration_is_rejected_before_anything_runs(tmp_path, override, capsys):
    out = tmp_path / "run"
    assert main(["run", "vo2-onn", "--preset", "smoke", "--out", str(out), "--set", override]) != 0
    assert not out.exists()
    assert "error" in capsys.readouterr().err.lower()


def test_search_space_holds_beta_r_s_and_the_coupling_scale():
    study = get_study("vo2-onn")
    assert [d.name for d in study.search_space_for(study.config("smoke"))] == ["beta", "r_s_kohm", "coupling_scale"]


@pytest.mark.parametrize(("best_beta", "verdict"), [(1.9, "emerges"), (3.2, "does not emerge")])
def test_search_notes_compare_the_best_beta_with_n_over_32(best_beta, verdict):
    study = get_study("vo2-onn")
    config = study.config("smoke")

    def trial(number, beta, objective):
        return {"trial": number, "objective": objective, "params": {"beta": beta, "r_s_kohm": 20.0,
                                                                    "coupling_scale": 1.0},
                "metrics": {"accuracy": -objective, "hamming": 1.0, "recognition": 1.0}}

    notes = study.search_notes(config, [trial(0, 1.0, -0.1), trial(1, best_beta, -0.5),
                                        {"trial": 2, "objective": None, "params": {}, "metrics": {}}])
    assert f"The best beta, {best_beta:.3g}," in notes
    assert f"the paper's optimum\n{verdict}" in notes or f"the paper's optimum {verdict}" in notes
