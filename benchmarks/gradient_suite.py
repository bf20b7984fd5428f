"""Gradient-engine benchmark: BPTT training of a conv SNN in torch against its numpy lower bound, one MLP epoch on the
numpy float64 trainer against torch float64/float32 (the engine decision), and inference of a trained SNN in torch
against its spike-identical Brian2 build on cpp_standalone and numpy (a ``make bench`` suite).

Each case (``python -m benchmarks.gradient_throughput``, a fresh process, every thread pool pinned to one thread)
times several batches, epochs or calls; steady = median of those after the first, first = the first alone (warm-up,
allocation, code generation, compilation). Ratios are taken between cases of the same run. Results go to
``<out>/gradient_throughput.{json,md}``.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from benchmarks.harness import fmt, header_lines, results_table, run_timing_suite
from brainsnn.report import markdown_table

NAME = "gradient_throughput"
#: Case names; their values are the fixed parts of each case.
SNN_TRAIN = {"snn-train torch": {"engine": "torch", "dtype": "float32"},
             "snn-train numpy-equivalent": {"engine": "numpy", "dtype": "float64"}}
#: Engines of the MLP case, the reference (the numpy trainer) first.
MLP_ENGINES = {f"{engine} {dtype}": (engine, dtype)
               for engine, dtype in (("numpy", "float64"), ("torch", "float64"), ("torch", "float32"))}
SIZES = {
    "full": {"snn_batches": {"torch": 11, "numpy": 6}, "mlp_epochs": 11, "torch_calls": 11,
             "brian_calls": {"cpp_standalone": 4, "numpy": 2}},
    "quick": {"snn_batches": {"torch": 4, "numpy": 4}, "mlp_epochs": 4, "torch_calls": 4,
              "brian_calls": {"cpp_standalone": 2, "numpy": 1}},
}
SNN_BATCH, SNN_STEPS, MLP_SAMPLES, MLP_BATCH = 64, 25, 5000, 64


def cases(mode: str, seed: int) -> list[dict[str, Any]]:
    sizes = SIZES[mode]
    snn = [{"name": name, "kind": "snn-train", **fixed, "batches": sizes["snn_batches"][fixed["engine"]],
            "batch_size": SNN_BATCH, "steps": SNN_STEPS, "seed": seed} for name, fixed in SNN_TRAIN.items()]
    mlp = {"name": "mlp-epoch", "kind": "mlp-epoch", "engines": MLP_ENGINES, "epochs": sizes["mlp_epochs"],
           "samples": MLP_SAMPLES, "batch_size": MLP_BATCH, "seed": seed}
    inference = {"name": "inference", "kind": "inference", "torch_calls": sizes["torch_calls"],
                 "brian_calls": sizes["brian_calls"], "seed": seed}
    return [*snn, mlp, inference]


def first_and_steady(seconds: list[float]) -> tuple[float, float]:
    """The first timing and the median of the later ones (the first alone if there is only one)."""
    return seconds[0], statistics.median(seconds[1:] or seconds)


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    common = {key: result[key] for key in ("name", "kind", "seed", "torch", "wall_s", "python_peak_rss_mb",
                                            "tree_peak_rss_mb", "load_1min")}
    if result["kind"] == "snn-train":
        first, steady = first_and_steady(result["batch_s"])
        return {**common, "engine": result["engine"], "dtype": result["dtype"], "batch_size": result["batch_size"],
                "steps": result["steps"], "parameters": result["parameters"], "timed": len(result["batch_s"]) - 1,
                "first_s": first, "steady_s": steady, "fastest_s": min(result["batch_s"][1:] or result["batch_s"]),
                "samples_per_s": result["batch_size"] / steady, "batch_s": result["batch_s"]}
    if result["kind"] == "mlp-epoch":
        return {**common, **summarise_mlp(result)}
    samples = result["samples"]
    first_brian = next(iter(result["brian"].values()))[0]
    rows = []
    for dtype, calls in sorted(result["torch_s"].items(), reverse=True):
        first, steady = first_and_steady(calls)
        rows.append({"implementation": f"torch {dtype}", "first_s": first, "steady_s": steady,
                     "samples_per_s": samples / steady})
    for calls in result["brian"].values():
        first, steady = first_and_steady([call["seconds"] for call in calls])
        later = calls[1:] or calls
        row = {"implementation": f"Brian2 {calls[0]['device']}", "first_s": first, "steady_s": steady,
               "samples_per_s": samples / steady,
               "synaptic_ops_per_s": first_brian["accumulates_per_sample"] * samples / steady,
               "identical": all(call["identical"] for call in calls),
               "mismatched_spikes": max(max(call["mismatched_spikes"]) for call in calls)}
        if "binary_run_s" in calls[0]:
            simulation = statistics.median(call["binary_run_s"] for call in later)
            row.update(simulation_s=simulation, simulation_samples_per_s=samples / simulation,
                       simulation_synaptic_ops_per_s=first_brian["accumulates_per_sample"] * samples / simulation,
                       later_calls_s=[call["seconds"] for call in calls[1:]],
                       rebuilt_after_first=[call["rebuilt_objects"] for call in calls[1:]],
                       rebuilt_first=len(calls[0]["rebuilt_objects"]))
        rows.append(row)
    return {**common, "samples": samples, "steps": result["steps"], "training_s": result["training_s"],
            "training_samples": result["training_samples"], "test_accuracy": result["test_accuracy"],
            "float32_predictions_agree": result["float32_predictions_agree"],
            "macs_per_sample": result["macs_per_sample"],
            "accumulates_per_sample": first_brian["accumulates_per_sample"],
            "spikes_per_layer": first_brian["spikes_per_layer"], "rows": rows, "brian": result["brian"]}


def summarise_mlp(result: dict[str, Any]) -> dict[str, Any]:
    """Per engine: first and steady epoch, and the median over the rounds after the first of its epoch time over the
    numpy trainer's epoch of the same round."""
    epochs = result["epoch_s"]
    reference = epochs[next(iter(MLP_ENGINES))]
    rows = []
    for name, seconds in epochs.items():
        first, steady = first_and_steady(seconds)
        per_round = [s / r for s, r in zip(seconds, reference, strict=True)]
        fastest = min(seconds[1:] or seconds)
        rows.append({"engine": name, "first_s": first, "steady_s": steady, "fastest_s": fastest,
                     "fastest_over_numpy": fastest / min(reference[1:] or reference),
                     "time_over_numpy": statistics.median(per_round[1:] or per_round),
                     "time_over_numpy_range": [min(per_round[1:] or per_round), max(per_round[1:] or per_round)]})
    return {"samples": result["samples"], "batch_size": result["batch_size"], "timed": len(reference) - 1,
            "rows": rows, "epoch_s": epochs}


def ratios(timing: list[dict[str, Any]]) -> dict[str, Any]:
    """Steady time of numpy over torch (training step) and of every MLP engine over the numpy trainer's."""
    steady = {row["name"]: row["steady_s"] for row in timing if "error" not in row and "steady_s" in row}

    def ratio(name: str, reference: str) -> float | None:
        return steady[name] / steady[reference] if name in steady and reference in steady else None

    mlp = next((row for row in timing if row["kind"] == "mlp-epoch" and "error" not in row), None)
    return {"ratios": {"snn_train_numpy_over_torch": ratio("snn-train numpy-equivalent", "snn-train torch"),
                       "mlp_over_numpy": {r["engine"]: r["time_over_numpy"] for r in mlp["rows"]} if mlp else None}}


SNN_COLUMNS = ("case", "dtype", "B", "T", "batches timed", "first batch s", "steady s/batch", "fastest s/batch",
               "samples/s", "time / torch", "peak RSS MiB", "load before / after")
MLP_COLUMNS = ("engine", "first epoch s", "steady s/epoch", "fastest s/epoch", "time / numpy float64 (median)",
               "time / numpy float64 (range)", "fastest / numpy's fastest")
INFERENCE_COLUMNS = ("implementation", "first call s", "steady call s", "samples/s", "synaptic ops/s",
                     "binary simulation s", "samples/s (simulation)", "synaptic ops/s (simulation)",
                     "spikes identical to torch float64")


def _load(row: dict[str, Any]) -> str:
    return " / ".join(f"{load:.1f}" for load in row["load_1min"])


def _snn_cells(report: dict[str, Any]):
    ratio = report["ratios"]["snn_train_numpy_over_torch"]

    def cells(r: dict[str, Any]) -> list[str]:
        relative = "1.00" if r["engine"] == "torch" else fmt(ratio)
        return [r["name"], r["dtype"], str(r["batch_size"]), str(r["steps"]), str(r["timed"]), fmt(r["first_s"]),
                fmt(r["steady_s"]), fmt(r["fastest_s"]), fmt(r["samples_per_s"], 1), relative,
                fmt(r["tree_peak_rss_mb"], 0), _load(r)]
    return cells


def _mlp_cells(r: dict[str, Any]) -> list[str]:
    low, high = r["time_over_numpy_range"]
    return [r["engine"], fmt(r["first_s"]), fmt(r["steady_s"]), fmt(r["fastest_s"]), fmt(r["time_over_numpy"]),
            f"{fmt(low)}-{fmt(high)}", fmt(r["fastest_over_numpy"])]


def _inference_cells(float32_agreement: float):
    def cells(row: dict[str, Any]) -> list[str]:
        float32 = f"spikes not compared; predictions agree on {float32_agreement:.3f} of samples"
        identical = {"torch float64": "reference", "torch float32": float32}.get(row["implementation"])
        if "identical" in row:
            identical = "yes" if row["identical"] else f"no (up to {row['mismatched_spikes']} per layer)"
        return [row["implementation"], fmt(row["first_s"]), fmt(row["steady_s"], 3), fmt(row["samples_per_s"], 0),
                fmt(row.get("synaptic_ops_per_s")), fmt(row.get("simulation_s"), 3),
                fmt(row.get("simulation_samples_per_s"), 0), fmt(row.get("simulation_synaptic_ops_per_s")), identical]
    return cells


def _mlp_lines(report: dict[str, Any]) -> list[str]:
    rows = [r for r in report["timing"] if r["kind"] == "mlp-epoch"]
    if not rows or "error" in rows[0]:
        return [f"MLP case failed: {rows[0]['error'] if rows else 'not run'}.", ""]
    r = rows[0]
    return [
        f"MLP 784-400-10 (ReLU), one epoch over {r['samples']} random samples (uniform [0, 1) features, random "
        f"labels), batch {r['batch_size']}, Adam, softmax cross-entropy: the numpy float64 trainer "
        "(`brainsnn.train.fit`) against a plain torch loop in float64 and float32. The three engines run in one "
        f"process and take turns, one epoch each per round, {r['timed']} rounds timed after a first one; time / "
        "numpy = an engine's epoch over the numpy trainer's epoch of the same round (median and range over the "
        f"rounds), so a change of load hits both sides alike. Load before / after the case: {_load(r)}; peak RSS "
        f"{r['tree_peak_rss_mb']:.0f} MiB.", "",
        markdown_table(MLP_COLUMNS, [_mlp_cells(row) for row in r["rows"]]), "",
    ]


def _later_calls(row: dict[str, Any]) -> str:
    """Each later cpp_standalone call's seconds and what ``make`` rebuilt in it."""
    return ", ".join(f"{seconds:.2f} s ({', '.join(objects) or 'nothing'} rebuilt)"
                     for seconds, objects in zip(row["later_calls_s"], row["rebuilt_after_first"], strict=True))


def _inference_lines(report: dict[str, Any]) -> list[str]:
    rows = [r for r in report["timing"] if r["kind"] == "inference"]
    if not rows or "error" in rows[0]:
        return [f"Inference case failed: {rows[0]['error'] if rows else 'not run'}."]
    r = rows[0]
    table = results_table(INFERENCE_COLUMNS, r["rows"], ("implementation",),
                          _inference_cells(r["float32_predictions_agree"]))
    cpp = next((row for row in r["rows"] if "simulation_s" in row), None)
    lines = [
        f"The conv SNN of `tests/deploy/test_spike_identity.py` (8C3-LIF-MP2-16C3-LIF-AP2-FC10-integrator, LIF beta "
        f"0.9) trained on scikit-learn's digits (8x8, T = {r['steps']} Poisson steps, 4 epochs, batch 32, Adam 3e-3) "
        f"in {r['training_s']:.1f} s ({r['training_samples'] / r['training_s']:.0f} sample presentations/s, torch "
        f"float32); test accuracy {r['test_accuracy']:.3f}. Then all {r['samples']} test samples at once through "
        f"each implementation. Synaptic ops = accumulates measured from the Brian2 run (`operation_counts`): "
        f"{r['accumulates_per_sample']:.0f} per sample (the ANN-equivalent network: {r['macs_per_sample']} MACs); "
        f"spikes per LIF layer over the test set: {r['spikes_per_layer']}. Load before / after the case: "
        f"{_load(r)}.", "",
        table, "",
    ]
    if cpp is not None:
        lines += [
            "Brian2 calls are `run_in_brian(plan, spikes)`: building the Brian2 objects, code generation, compiling "
            "(cpp_standalone), running and reading the monitors. Binary simulation s = the simulation loop alone, as "
            "the binary reports it (`results/last_run_info.txt`), median of the calls after the first. The first "
            f"cpp_standalone call compiled {cpp['rebuilt_first']} object files. Each later call in the same process "
            "regenerates the project in the same folder and `make` rebuilds only the sources that changed: "
            f"{_later_calls(cpp)}. A steady call is therefore mostly Python code generation and, when a source "
            "changed, its recompilation, not simulation.", "",
        ]
    return lines


def markdown(report: dict[str, Any]) -> str:
    timing = report["timing"]
    torch_version = next((row["torch"] for row in timing if "torch" in row), "unknown")
    snn_rows = [row for row in timing if row["kind"] == "snn-train"]
    lines = header_lines("Gradient engine: torch training and inference against numpy and Brian2", report) + [
        f"torch {torch_version} (CPU). Each case ran in a fresh process with torch (`configure_torch(threads=1)`) and "
        "every BLAS/OpenMP pool (threadpoolctl) pinned to one thread. Steady = median over the batches, epochs or "
        "calls after the first; first = the first alone; fastest = the least disturbed of those after the first "
        "(on shared cores a busy neighbour slows single epochs by up to ~1.6x). Ratios are of this run: above 1 is "
        "slower. "
        "The cases run one after another on a shared machine: a ratio is only as good as the load was steady "
        "(1-minute load average before / after each case in the tables; 2 cores).", "",
        "## BPTT training step of a conv SNN", "",
        f"12C5-MP2-64C5-MP2-FC10 on 28x28 inputs: torch = `SpikingNetwork` with LIF (beta 0.9, subtract reset, "
        f"triangle surrogate) after each convolution and an integrator read-out, one step = forward over "
        f"T = {SNN_STEPS} time steps, cross-entropy, backward through time, Adam. Inputs are Poisson spikes of random "
        "intensities with random labels (the cost does not depend on the data); the spikes are drawn before the "
        "timing. numpy-equivalent = the numpy float64 trainer (`brainsnn.train`), which has no spiking layers: the "
        "same architecture with ReLU in place of LIF (valid 5x5 convolutions, max pooling, dense), forward + backward "
        f"once per time step's spike frame (T = {SNN_STEPS} per batch) and one Adam step on the summed gradients. It "
        "has no membrane state, reset, surrogate or gradient through time, so it is a lower bound of what a "
        "hand-written numpy BPTT costs, and the ratio is a lower bound of torch's advantage.", "",
        results_table(SNN_COLUMNS, snn_rows, ("name", "dtype"), _snn_cells(report)), "",
        "## MLP epoch (the engine decision)", "",
        *_mlp_lines(report),
        "## Inference of a trained SNN: torch and its Brian2 build", "",
        *_inference_lines(report),
    ]
    return "\n".join(lines) + "\n"


def run_suite(quick: bool, out: Path, seed: int) -> list[str]:
    """Run the suite, write its results into ``out``; returns the names of failed cases."""
    mode = "quick" if quick else "full"
    return run_timing_suite(NAME, "benchmarks.gradient_throughput", mode, cases(mode, seed), summarise, ratios,
                            markdown, out)
