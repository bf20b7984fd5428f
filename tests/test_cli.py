"""The `brainsnn` command: runs, reports, and one-line errors for bad input that leave existing files alone."""

import json
import os
import subprocess
import sys

import pytest

from brainsnn.backend import gpu_available
from brainsnn.cli import EXIT_BAD_INPUT, main

SMOKE = ["--preset", "smoke", "--device", "numpy", "--set", "duration_s=2.0"]


def _bad(argv, capsys, match):
    assert main(argv) == EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip()
    assert err.startswith("brainsnn: error:") and match in err and "\n" not in err, err


def test_list_names_every_study_with_its_paper_and_presets(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "stdp-single-neuron" in out and "stdp-generalization" in out and "Chakraborty" in out
    assert out.count("smoke ") >= 7 and out.count("quick ") >= 7


def test_a_study_folder_without_its_study_module_is_named_with_the_fix(tmp_path, monkeypatch, capsys):
    import brainsnn_studies

    (tmp_path / "half_built").mkdir()
    (tmp_path / "half_built" / "__init__.py").write_text("")
    monkeypatch.setattr(brainsnn_studies, "__path__", [*brainsnn_studies.__path__, str(tmp_path)])
    _bad(["config", "half-built"], capsys, "brainsnn_studies.half_built has no module study.py")


def test_config_prints_every_key_with_type_default_preset_value_and_doc(capsys):
    assert main(["config", "stdp-single-neuron", "--preset", "quick"]) == 0
    out = capsys.readouterr().out
    assert "  duration_s (a number; > 0): default 200.0, quick 300.0\n      simulated time (s)" in out
    assert "  seed (an integer; >= 0 and < 4294967296): default 0\n" in out
    assert "  study " not in out and "  preset " not in out


def test_run_writes_a_complete_results_folder_and_report_rerenders(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", "stdp-single-neuron", *SMOKE, "--out", str(out), "--seed", "3"]) == 0
    config = json.loads((out / "config.json").read_text())
    metrics = json.loads((out / "metrics.json").read_text())
    assert config["config"]["seed"] == 3 and config["config"]["study"] == "stdp-single-neuron"
    assert "brian2" in config["environment"]["packages"]
    assert set(metrics["rules"]) == {"add", "mult", "log"}
    assert 0 < metrics["rules"]["log"]["bg_index"] <= 2
    assert (out / "figures" / "weight_densities.png").stat().st_size > 1000
    original = (out / "report.md").read_text()
    (out / "report.md").write_text("stale")
    assert main(["report", str(out)]) == 0
    assert (out / "report.md").read_text().split("\n", 3)[3] == original.split("\n", 3)[3]


def test_existing_results_are_not_overwritten_without_flag(tmp_path, capsys):
    out = tmp_path / "kept"
    out.mkdir()
    (out / "metrics.json").write_text("{}")
    _bad(["run", "stdp-single-neuron", *SMOKE, "--out", str(out)], capsys, "--overwrite")
    assert (out / "metrics.json").read_text() == "{}"


def test_failing_run_leaves_previous_results_intact(tmp_path, capsys):
    out = tmp_path / "kept"
    out.mkdir()
    (out / "metrics.json").write_text("{}")
    _bad(["run", "stdp-single-neuron", *SMOKE, "--set", "pool_correlations=[0.2, 0]", "--out", str(out),
          "--overwrite"], capsys, "pool_correlations needs one value per pool")
    assert (out / "metrics.json").read_text() == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept"]


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (["run", "no-such-study"], "unknown study 'no-such-study'"),
        (["run", "stdp-single-neuron", "--set", "duration_s=NaN"], "not finite"),
        (["run", "stdp-single-neuron", "--set", "eta=-1"], "'eta' must be a number (> 0), got -1"),
        (["run", "stdp-single-neuron", "--set", "rules=[\"oja\"]"], "'rules' must be a list of strings (each one of"),
        (["run", "stdp-single-neuron", "--set", "rules=5"], "'rules' must be a list of strings"),
        (["run", "stdp-single-neuron", "--set", "pool_sizes=[50,-50,50,50]"], "'pool_sizes' must be a list of "
                                                                              "integers (each > 0)"),
        (["run", "stdp-single-neuron", "--set", "pool_sizes=[50.5,50,50,50]"], "'pool_sizes' must be a list of "
                                                                               "integers"),
        (["run", "stdp-single-neuron", "--set", "bogus=1"], "unknown parameter 'bogus'"),
        (["run", "stdp-single-neuron", "--set", "study=other"], "'study' is set by the command line"),
        (["run", "stdp-single-neuron", "--set", "novalue"], "KEY=VALUE"),
        (["run", "stdp-single-neuron", "--seed", "-1"], "'seed' must be an integer (>= 0 and < 4294967296), got -1"),
        (["run", "stdp-single-neuron", "--seed", "4294967296"], "'seed' must be an integer (>= 0 and < 4294967296)"),
        (["run", "stdp-single-neuron", "--threads", "-1"], "'threads' must be an integer (>= 0"),
        (["run", "stdp-single-neuron", "--preset", "huge"], "unknown preset 'huge' for study 'stdp-single-neuron'"),
        (["run", "stdp-single-neuron", "--compile-only"], "--compile-only applies to --device cuda_standalone"),
        (["run", "stdp-generalization", "--set", "rules=[\"hebb\"]"], "'rules' must be a list of strings"),
        (["run", "stdp-generalization", "--set", "tau_plus=-5"], "'tau_plus' must be a number (> 0)"),
        (["run", "stdp-generalization", "--set", "max_rate_hz=-1"], "'max_rate_hz' must be a number (> 0)"),
        (["run", "stdp-generalization", "--set", "w0=0"], "'w0' must be a number (> 0)"),
        (["run", "stdp-generalization", "--set", "n_exc=10.5"], "'n_exc' must be an integer (> 0), got 10.5"),
        (["run", "alsa", "--set", "digits_features=-3"], "'digits_features' must be an integer (> 0), got -3"),
        (["search", "stdp-single-neuron", "--calls", "2"], "has no search"),
        (["search", "stdp-generalization", "--calls", "0"], "--calls"),
        (["search", "stdp-generalization", "--calls", "2", "--workers", "0"], "--workers"),
        (["search", "stdp-generalization", "--calls", "2", "--scheduler", "nonsense"], "--scheduler"),
        (["search", "stdp-generalization", "--calls", "2", "--scheduler", "tcp://host:99999"], "--scheduler"),
    ],
)
def test_bad_input_gives_one_line_error(argv, match, capsys, tmp_path):
    _bad([*argv, "--out", str(tmp_path / "out")], capsys, match)
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(gpu_available(), reason="this machine has a GPU")
def test_cuda_without_a_gpu_fails_before_any_work(tmp_path, capsys):
    _bad(["run", "stdp-single-neuron", "--device", "cuda_standalone", "--out", str(tmp_path / "out")], capsys,
         "needs a CUDA GPU and this machine has none")
    assert not (tmp_path / "out").exists()


def test_unknown_device_is_rejected_by_the_parser(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["run", "stdp-single-neuron", "--device", "tpu"])
    assert raised.value.code == EXIT_BAD_INPUT
    assert "invalid choice" in capsys.readouterr().err


def test_data_dir_and_report_folder_that_are_files_are_rejected(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("keep")
    _bad(["run", "stdp-single-neuron", *SMOKE, "--data-dir", str(target), "--out", str(tmp_path / "out")], capsys,
         "--data-dir")
    _bad(["report", str(target)], capsys, "cannot read")
    assert target.read_text() == "keep" and not (tmp_path / "out").exists()


def test_out_on_a_pseudo_file_system_is_rejected(capsys):
    _bad(["run", "stdp-single-neuron", *SMOKE, "--out", "/proc/brainsnn-out"], capsys, "not writable")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_out_is_rejected(tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    _bad(["run", "stdp-single-neuron", *SMOKE, "--out", str(locked / "sub")], capsys, "not writable")


def test_out_that_is_a_file_is_rejected(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("keep")
    _bad(["run", "stdp-single-neuron", *SMOKE, "--out", str(target)], capsys, "is a file")
    _bad(["run", "stdp-single-neuron", *SMOKE, "--out", str(target / "below")], capsys, "not writable")
    assert target.read_text() == "keep"


def test_resume_with_a_log_of_another_study_is_refused(tmp_path, capsys):
    log = tmp_path / "search" / "trials.jsonl"
    log.parent.mkdir()
    log.write_text(json.dumps({"kind": "header", "study": "vo2-onn", "space": [], "config": {}, "created": "x"}) + "\n")
    before = log.read_bytes()
    _bad(["search", "stdp-generalization", "--preset", "smoke", "--calls", "2", "--resume", "--out",
          str(tmp_path / "search")], capsys, "vo2-onn")
    assert log.read_bytes() == before


def test_the_console_script_exits_non_zero_on_bad_input():
    result = subprocess.run([sys.executable, "-m", "brainsnn.cli", "run", "nope"], capture_output=True, text=True)
    assert result.returncode == EXIT_BAD_INPUT and "unknown study" in result.stderr
