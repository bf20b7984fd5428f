"""ECC-conversion throughput (a ``make bench`` suite): images per second of the quick preset's Fashion-MNIST CNN as
an ANN and as its ECC-converted SNN stepped in torch (float64, constant-current input), the same SNN in Brian2
(direct input, spike-identical), and a paper-sized slice (VGG-16 on 3 x 32 x 32 inputs: one SNN step and one
training step per image, for the paper preset's CPU estimate).

Each case (``python -m benchmarks.ecc_conversion_throughput``, a fresh process, one torch thread) times several
calls; steady = median of those after the first. Ratios are taken between cases of the same run. Results go to
``<out>/ecc_conversion_throughput.{json,md}``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.harness import fmt, header_lines, results_table, run_timing_suite
from brainsnn.report import markdown_table

NAME = "ecc_conversion_throughput"
SIZES = {"full": {"samples": 500, "calls": 5, "steps": 32, "brian_samples": 100, "vgg_images": 8},
         "quick": {"samples": 200, "calls": 3, "steps": 32, "brian_samples": 20, "vgg_images": 2}}


def cases(mode: str, seed: int) -> list[dict[str, Any]]:
    sizes = SIZES[mode]
    common = {"seed": seed, "steps": sizes["steps"]}
    return [{"name": "torch", "kind": "torch", "samples": sizes["samples"], "calls": sizes["calls"], **common},
            {"name": "Brian2 cpp_standalone", "kind": "brian", "samples": sizes["brian_samples"],
             "device": "cpp_standalone", **common},
            {"name": "VGG-16 slice", "kind": "vgg", "images": sizes["vgg_images"], "calls": sizes["calls"], **common}]


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    common = {key: result[key] for key in ("name", "kind", "seed", "steps", "wall_s", "python_peak_rss_mb")}
    return {**common, **{key: value for key, value in result.items() if key not in common}}


def ratios(timing: list[dict[str, Any]]) -> dict[str, Any]:
    """The ANN's images/s over the SNN's (T steps), and torch's SNN over Brian2's."""
    rows = {row["kind"]: row for row in timing if "error" not in row}
    found: dict[str, Any] = {}
    if "torch" in rows:
        rates = rows["torch"]["samples_per_s"]
        found["ann_over_snn"] = rates["ANN (float32)"] / rates["SNN (torch float64)"]
    if "brian" in rows:
        found["torch_over_brian2"] = rows["brian"]["torch_samples_per_s"] / rows["brian"]["brian_samples_per_s"]
    return {"ratios": found}


def markdown(report: dict[str, Any]) -> str:
    rows = {row["kind"]: row for row in report["timing"]}
    lines = header_lines("ECC-conversion throughput (quick preset's Fashion-MNIST CNN; VGG-16 slice)", report)
    torch_row = rows.get("torch")
    if torch_row and "error" not in torch_row:
        body = [[name, fmt(t["first_s"], 3), fmt(t["steady_s"], 3), fmt(torch_row["samples_per_s"][name], 1)]
                for name, t in torch_row["timings"].items()]
        lines += [f"{torch_row['samples']} test images per call, SNN at T = {torch_row['steps']}, one thread.", "",
                  markdown_table(("implementation", "first call s", "steady call s", "images/s"), body), ""]
    lines += ["Brian2: one call including code generation and compilation, checked spike count for spike count "
              "against the torch run of the same images.", "",
              results_table(("case", "images", "Brian2 s", "torch s", "Brian2 images/s", "identical counts",
                             "accumulates per image"), [r for r in report["timing"] if r["kind"] == "brian"],
                            ("name", "samples"), lambda r: [
                                r["name"], str(r["samples"]), fmt(r["brian_s"]), fmt(r["torch_s"], 3),
                                fmt(r["brian_samples_per_s"], 1), "yes" if r["identical"] else "no",
                                fmt(r["accumulates_per_sample"], 0)]), ""]
    vgg = rows.get("vgg")
    if vgg and "error" not in vgg:
        lines += ["VGG-16 slice (paper preset's network, random weights, 3 x 32 x 32): seconds per image for one SNN "
                  "step (float64) and for one training step (float32 forward + backward + Adam).", "",
                  markdown_table(("quantity", "seconds per image"),
                                 [["SNN step", fmt(vgg["snn_step_s_per_image"], 4)],
                                  ["training step", fmt(vgg["train_s_per_image"], 4)]]), ""]
    ratio = report["ratios"]
    lines.append(markdown_table(("ratio", "value"), [["ANN / SNN images/s", fmt(ratio.get("ann_over_snn"))],
                                                     ["torch SNN / Brian2 images/s",
                                                      fmt(ratio.get("torch_over_brian2"))]]))
    return "\n".join(lines) + "\n"


def run_suite(quick: bool, out: Path, seed: int) -> list[str]:
    """Run the suite, write its results into ``out``; returns the names of failed cases."""
    mode = "quick" if quick else "full"
    return run_timing_suite(NAME, "benchmarks.ecc_conversion_throughput", mode, cases(mode, seed), summarise, ratios,
                            markdown, out)
