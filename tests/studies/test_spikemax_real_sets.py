"""The spikemax study on the real event sets: a smoke run through the command line on a fixture N-MNIST folder,
the configuration rules of the real sets, and the report's naming of real sets and stand-ins."""

import json

import numpy as np
import pytest

from brainsnn.cli import main
from brainsnn.errors import ConfigError
from brainsnn_studies.spikemax import data, study
from brainsnn_studies.spikemax.report import render
from brainsnn_studies.spikemax.study import STUDY

LOSSES = ("spike_rate", "spikemax", "spikemax_s", "spikemax_g")


def nmnist_bytes(events):
    """40 bits per event (x, y, polarity, t_us): x (8), y (8), polarity (1), timestamp (23), big-endian."""
    return b"".join(((x << 32) | (y << 24) | (p << 23) | t).to_bytes(5, "big") for x, y, p, t in events)


@pytest.fixture(scope="module")
def nmnist_run(tmp_path_factory):
    """``brainsnn run spikemax --preset smoke`` on 3 digits x (4 train, 2 test) recordings of random events."""
    root = tmp_path_factory.mktemp("data")
    rng = np.random.default_rng(0)
    for split, per_class in (("Train", 4), ("Test", 2)):
        for digit in range(3):
            (root / "N-MNIST" / split / str(digit)).mkdir(parents=True)
            for k in range(per_class):  # each digit's events cluster in its own band of rows, over 42 ms
                events = [(int(rng.integers(34)), int(rng.integers(10 * digit, 10 * digit + 14)),
                           int(rng.integers(2)), int(rng.integers(42_000))) for _ in range(400)]
                (root / "N-MNIST" / split / str(digit) / f"{k:05d}.bin").write_bytes(nmnist_bytes(events))
    out = tmp_path_factory.mktemp("spikemax") / "run"
    assert main(["-q", "run", "spikemax", "--preset", "smoke", "--data-dir", str(root), "--set",
                 'datasets=["nmnist"]', "--out", str(out)]) == 0
    return out, json.loads((out / "config.json").read_text())["config"], json.loads((out / "metrics.json").read_text())


def test_smoke_run_on_nmnist_files_trains_and_reports_them_under_their_name(nmnist_run):
    out, config, metrics = nmnist_run
    entry = metrics["datasets"]["nmnist"]
    assert (entry["steps"], entry["channels"], entry["classes"]) == (3 * config["steps_per_saccade"], 2312, 3)
    assert (entry["n_train"], entry["n_test"]) == (12, 6)  # every recording: fewer than n_train / n_test
    for loss in LOSSES:
        assert len(entry["losses"][loss]["accuracy"]["values"]) == config["seeds"]
        assert entry["losses"][loss]["spikes_per_layer"][0] > 0
    assert metrics["brian2_agreement"] == 1.0 and entry["brian2"]["samples"] == 4
    report = (out / "report.md").read_text()
    assert "## `nmnist` (the NMNIST recordings)" in report and "`nmnist` holds the recordings of\nNMNIST" in report
    assert "stand-in" not in report and "Saccade sets" not in report
    assert "N-MNIST the first 42 ms of each recording" in report and "(12 training / 6 test samples," in report


def test_the_report_names_stand_ins_as_stand_ins_beside_real_sets(nmnist_run):
    _, config, metrics = nmnist_run
    mixed = {**metrics, "datasets": {**metrics["datasets"], "band-bursts": metrics["datasets"]["nmnist"]}}
    report = render({**config, "datasets": ["nmnist", "band-bursts"]}, mixed)
    assert "Event sets (stand-ins named as such beside the paper's recordings)" in report
    assert "## `band-bursts` (stand-in for N-TIDIGITS18)" in report and "Saccade sets are" in report
    assert "## `nmnist` (the NMNIST recordings)" in report


def test_event_sets_of_the_light_study_module_are_those_of_data():
    assert study.EVENT_SETS == data.EVENT_SETS and set(study.REAL_SETS) == set(data.REAL_SETS)


def test_real_sets_need_a_data_folder_and_their_steps_bound_the_window(rejects, monkeypatch, tmp_path):
    monkeypatch.delenv("BRAINSNN_DATA", raising=False)
    rejects("spikemax", {"datasets": ["nmnist", "n-tidigits"]},
            r"read the real recordings: pass --data-dir FOLDER holding N-MNIST/, N-TIDIGITS18/")
    with pytest.raises(ConfigError, match="pass --data-dir FOLDER holding N-MNIST/, DvsGesture/, N-TIDIGITS18/"):
        STUDY.config("paper")
    paper = STUDY.config("paper", {"data_dir": str(tmp_path)})
    assert paper.datasets == ("nmnist", "dvs-gesture", "n-tidigits")
    assert [paper.sample_steps(name) for name in paper.datasets] == [300, 1450, 2500]
    rejects("spikemax", {"data_dir": str(tmp_path), "datasets": ["dvs-gesture"], "gesture_steps": 20, "window": 21},
            r"window \(21\) must be <= the steps of a sample \(20\)")
    monkeypatch.setenv("BRAINSNN_DATA", str(tmp_path))
    assert STUDY.config("smoke", {"datasets": ["nmnist"]}).datasets == ("nmnist",)


def test_missing_recordings_stop_the_run_naming_the_layout(tmp_path, capsys):
    assert main(["run", "spikemax", "--preset", "smoke", "--data-dir", str(tmp_path), "--set",
                 'datasets=["dvs-gesture"]', "--out", str(tmp_path / "out")]) != 0
    assert "DvsGesture/user*_*.aedat with user*_*_labels.csv, trials_to_train.txt" in capsys.readouterr().err


def test_each_real_set_gets_its_steps_pool_sizes_and_folder(monkeypatch, tmp_path):
    calls = []

    def loader(data_dir, split, **keywords):
        calls.append((data_dir, split, keywords))
        return data.EventSamples([np.zeros((0, 2), dtype=np.int64)] * 2, keywords["steps"], 5), np.array([0, 1])

    for name in data.REAL_SETS:
        monkeypatch.setitem(data.REAL_SETS, name, loader)
    config = STUDY.config("smoke", {"data_dir": str(tmp_path), "n_train": 30, "n_test": 10, "seed": 4,
                                    "gesture_steps": 20, "gesture_pool": 8, "tidigits_steps": 30})
    shapes = [data.load_event_set(name, config).shape for name in ("nmnist", "dvs-gesture", "n-tidigits")]
    assert shapes == [(42, 5, 2), (20, 5, 2), (30, 5, 2)]
    common = {"seed": 4}
    assert calls == [(str(tmp_path), "train", {"n": 30, "steps": 42, **common}),
                     (str(tmp_path), "test", {"n": 10, "steps": 42, **common}),
                     (str(tmp_path), "train", {"n": 30, "steps": 20, "pool": 8, **common}),
                     (str(tmp_path), "test", {"n": 10, "steps": 20, "pool": 8, **common}),
                     (str(tmp_path), "train", {"n": 30, "steps": 30, **common}),
                     (str(tmp_path), "test", {"n": 10, "steps": 30, **common})]
