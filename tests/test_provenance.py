"""Provenance of the device: config.json, the report and search trials name the Brian2 device that actually ran
(numpy when no C++ compiler works) and why, not only the one requested."""

import json

import pytest

import brainsnn.backend
from brainsnn.backend import use_backend
from brainsnn.cli import main
from brainsnn.provenance import DeviceUse, describe_devices, note_device, recording_devices
from brainsnn.report import write_run
from brainsnn.search import evaluate_trial
from brainsnn.study import Preset, Study

NO_COMPILER = "no working C++ compiler (set CXX or install g++)"


@pytest.fixture
def no_compiler(monkeypatch):
    monkeypatch.setattr(brainsnn.backend, "cxx_compiler_works", lambda: False)


def _header(folder) -> str:
    return (folder / "report.md").read_text().split("\n\n")[1]


def test_a_run_that_falls_back_records_the_device_that_ran_and_why(no_compiler, tmp_path, capsys):
    out = tmp_path / "run"
    with pytest.warns(UserWarning, match="running on 'numpy' instead of 'cython'"):
        assert main(["-q", "run", "stdp-single-neuron", "--preset", "smoke", "--device", "cython",
                     "--set", "duration_s=2.0", "--out", str(out)]) == 0
    stored = json.loads((out / "config.json").read_text())
    assert stored["config"]["device"] == "cython"  # the request, as given
    assert stored["devices"] == [{"requested": "cython", "used": "numpy", "reason": NO_COMPILER}]
    assert f"device `numpy` instead of the requested `cython` ({NO_COMPILER})" in _header(out)
    assert "device `cython`" not in (out / "report.md").read_text()


def _publish(out, run):
    return write_run(out, run, {"device": "cpp_standalone"}, lambda config, metrics: "body", title="t",
                     command="brainsnn run t")


def test_a_run_without_fallback_records_the_requested_device(tmp_path):
    def run(staging):
        with use_backend("numpy"):
            return {}

    _publish(tmp_path / "res", run)
    stored = json.loads((tmp_path / "res" / "config.json").read_text())
    assert stored["devices"] == [{"requested": "numpy", "used": "numpy", "reason": None}]
    assert _header(tmp_path / "res").endswith("device `numpy`). This file is regenerated from `config.json` and "
                                              "`metrics.json`; do not edit it by hand.")


def test_a_run_without_brian2_networks_says_so_and_old_results_show_the_requested_device(tmp_path):
    _publish(tmp_path / "res", lambda staging: {})
    assert json.loads((tmp_path / "res" / "config.json").read_text())["devices"] == []
    assert "no Brian2 network run by this command" in _header(tmp_path / "res")
    assert describe_devices(None, "cython") == "device `cython`"  # config.json written before devices were kept


def test_distinct_device_uses_are_collected_in_order_only_inside_the_block():
    note_device("numpy", "numpy")  # outside any block: kept nowhere
    with recording_devices() as outer:
        note_device("cython", "numpy", "why")
        with recording_devices() as inner:
            note_device("numpy", "numpy")
            note_device("cython", "numpy", "why")
    assert outer == [DeviceUse("cython", "numpy", "why"), DeviceUse("numpy", "numpy")]
    assert inner == [DeviceUse("numpy", "numpy"), DeviceUse("cython", "numpy", "why")]
    assert describe_devices([{"requested": "cython", "used": "numpy", "reason": "why"},
                             {"requested": "numpy", "used": "numpy", "reason": None}], "cython") == (
        "devices `numpy` instead of the requested `cython` (why), `numpy`")


class _BrianStudy(Study):
    name = "test-brian-device"
    presets = {"smoke": Preset()}

    def run(self, config, out_dir):
        return {}

    def render_report(self, config, metrics):
        return ""

    def evaluate(self, config, params, work_dir):
        with use_backend(config["device"]):
            return {"objective": 1.0}


def test_a_search_trial_records_the_device_that_ran(no_compiler, tmp_path):
    with pytest.warns(UserWarning, match="instead of 'cpp_standalone'"):
        record = evaluate_trial(_BrianStudy(), {"device": "cpp_standalone", "seed": 0}, {}, 0, tmp_path)
    assert record["error"] is None
    assert record["devices"] == [{"requested": "cpp_standalone", "used": "numpy", "reason": NO_COMPILER}]
