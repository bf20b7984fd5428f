"""The local-sgd reproduction criteria on hand-made metrics."""

import pytest

from brainsnn_studies.local_sgd.criteria import criteria, paired_difference


def fake_run(accuracy, boundary, memory):
    return {"accuracy": accuracy, "final_boundary": boundary, "activation_mb": memory, "anti_hebbian_epochs": 0}


def fake_mode(accuracies, gflops, boundary=0, memory=(2.0, 2.0)):
    return {"gflops": gflops, "accuracy": sum(accuracies) / len(accuracies), "peak_activation_mb": memory[-1],
            "seeds": [fake_run(a, boundary, list(memory)) for a in accuracies]}


def test_paired_difference_by_hand():
    # differences 2, 1, -1 points: mean 2/3, s.d. sqrt(7/3) = 1.5275, t(0.975, 2) = 4.3027,
    # half width 4.3027 * 1.5275 / sqrt(3) = 3.7946
    difference = paired_difference([0.90, 0.80, 0.85], [0.88, 0.79, 0.86])
    assert difference["mean"] == pytest.approx(2 / 3)
    assert difference["high"] - difference["mean"] == pytest.approx(3.7946, abs=1e-3)


def test_criteria_on_hand_made_metrics():
    metrics = {
        "sgd": fake_mode([0.90, 0.80, 0.85], 100.0),
        "static_quadratic": fake_mode([0.895, 0.795, 0.845], 80.0, 2, (2.0, 1.0)),  # 1.25x, drop 0.5
        "dynamic": fake_mode([0.89, 0.79, 0.84], 95.0, 1, (2.0, 1.5)),  # 1.05x, drop 1
        "freezing": fake_mode([0.80, 0.70, 0.75], 70.0, 2, (2.0, 1.0)),
        "dynamic_no_weak_supervision": fake_mode([0.89, 0.79, 0.84], 95.0, 1, (2.0, 1.5)),
        "iso_flop": {"static_quadratic": {"sgd_accuracy": 0.86}, "dynamic": {"sgd_accuracy": 0.83}},
    }
    result = criteria({"freezing_schedule": "quadratic"}, metrics)
    assert result["savings"]["held"] and result["savings"]["passing"] == ["static_quadratic"]
    assert not result["dynamic_vs_static"]["held"]  # 0.2x apart in FLOP ratio
    assert result["freezing"]["held"]  # cheaper and 9.5 points less accurate than static_quadratic
    assert result["weak_supervision"]["held"]  # identical runs: gain 0
    assert result["memory"]["held"]
    assert not result["iso_flop"]["held"]  # static quadratic 84.5 % < SGD's 86 % at its budget
