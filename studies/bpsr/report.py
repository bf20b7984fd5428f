"""Report of the ``bpsr`` study: our numbers beside the paper's, and every reproduction criterion of the research
notes (shared/notes, Sec. C6) judged from the metrics alone."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from brainsnn.report import render_template
from brainsnn_studies.bpsr import paper_numbers as paper
from brainsnn_studies.bpsr.figures import save_figures
from brainsnn_studies.bpsr.grid import by_value, key

__all__ = ["criteria", "render", "save_figures"]

Table = tuple[list[str], list[list[Any]]]
#: Criterion 1: a lambda_s "keeps" accuracy when it is at most this far below lambda_s = 0 (fraction).
ACCURACY_TOLERANCE = 0.01
#: Criterion 3: at least this compression at most this accuracy loss (fraction) against the dense network.
COMPRESSION_TARGET, REWIRING_LOSS = 5.0, 0.02
#: Criterion 4: accuracy drop of the first PTQ width, at most (fraction).
PTQ_DROP_TARGET = 0.005


def _pm(summary: Mapping[str, Any], scale: float = 100.0, digits: int = 1) -> str:
    return f"{scale * summary['mean']:.{digits}f} ± {scale * summary['sd']:.{digits}f}"


def spiking_table(sweep: Mapping[str, Any]) -> Table:
    headers = ["lambda_s", "test acc %", "train acc %", "train - test gap (points)", "hidden rate (spikes/neuron/step)",
               "hidden spikes / sample"]
    rows = [[value, _pm(r["accuracy"]), _pm(r["train_accuracy"]), _pm(r["gap"]), _pm(r["hidden_rate"], 1, 4),
             _pm(r["hidden_spikes"], 1, 1)] for value, r in by_value(sweep)]
    return headers, rows


def rewiring_table(metrics: Mapping[str, Any]) -> Table:
    dense = metrics["dense"]
    headers = ["lambda_w", "synapses kept", "compression (x)", "rewired acc %", "learned structure, retrained %",
               "random structure, retrained %", "hidden spikes / sample"]
    rows = [["dense (0, no rewiring)", dense["synapses"], "1", _pm(dense["accuracy"]), "", "", ""]]
    rows += [[value, _pm(r["synapses_kept"], 1, 0), _pm(r["compression"], 1, 1), _pm(r["accuracy"]),
              _pm(r["learned_mask_accuracy"]), _pm(r["random_mask_accuracy"]), _pm(r["hidden_spikes"], 1, 1)]
             for value, r in by_value(metrics["rewiring"])]
    return headers, rows


def ptq_table(ptq: Mapping[str, Any]) -> Table:
    headers = ["bits (w, b)", "float acc %", "PTQ acc %", "drop (points)", "float cost / inference",
               "fixed-point cost / inference", "cost ratio", "SOP ratio (PTQ / float)"]
    rows = [[bits, _pm(r["float_accuracy"]), _pm(r["accuracy"]), _pm(r["accuracy_drop"], 100, 2),
             _pm(r["float_cost"], 1, 0), _pm(r["fixed_cost"], 1, 0), _pm(r["cost_ratio"], 1, 3),
             _pm(r["sop_ratio"], 1, 3)] for bits, r in sorted(ptq["widths"].items(), key=lambda i: -int(i[0]))]
    return headers, rows


def brian_table(agreement: Mapping[str, Any]) -> Table:
    headers = ["network", "spikes per layer (torch)", "mismatched spikes", "SOPs / sample (torch)",
               "SOPs / sample (Brian2)", "synapses (torch / Brian2)", "Brian2 run (s)"]
    rows = [[name, ", ".join(map(str, r["spikes"])), ", ".join(map(str, r["mismatched_spikes"])),
             f"{r['torch_synaptic_operations']:.2f}", f"{r['brian2_synaptic_operations']:.2f}",
             f"{r['synapses_torch']} / {r['synapses_brian2']}", f"{r['seconds']:.1f}"]
            for name, r in agreement["networks"].items()]
    return headers, rows


def cost_table(cost: Mapping[str, Any]) -> Table:
    headers = ["T", "saved MiB, O(T) backward", "saved MiB, autograd", "memory ratio", "ms, O(T) backward",
               "ms, autograd", "time ratio", "max gradient difference"]
    rows = [[steps, f"{r['saved_bytes_iterative'] / 2**20:.2f}", f"{r['saved_bytes_autograd'] / 2**20:.2f}",
             f"{r['saved_bytes_autograd'] / r['saved_bytes_iterative']:.2f}", f"{1000 * r['seconds_iterative']:.1f}",
             f"{1000 * r['seconds_autograd']:.1f}", f"{r['seconds_autograd'] / r['seconds_iterative']:.2f}",
             f"{r['max_gradient_difference']:.1e}"] for steps, r in by_value(cost)]
    return headers, rows


def table_3() -> Table:
    headers = ["BPSR model (paper, MNIST)", "pruned", "synapses", "spikes / sample", "inference FLOPs", "acc %"]
    return headers, [[model, "yes" if pruned else "no", synapses, spikes, flops, f"{accuracy:.2f}"]
                     for model, pruned, synapses, spikes, flops, accuracy in paper.TABLE_3_BPSR]


def criteria(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each criterion of the notes' Sec. C6: ``name``, ``held`` (True / False / None when not attempted), ``why``."""
    return [_spiking(metrics["lambda_s"]), _gap(config, metrics["lambda_s"]), _rewiring(metrics),
            _ptq(metrics["ptq"]), _brian(metrics["brian2_agreement"]), _backward(metrics["backward_cost"]),
            {"name": "7. motif significance profile against a degree-preserving null (optional)", "held": None,
             "why": "no motif counting in this study (and no C. elegans connectome offline)"}]


def _spiking(sweep: Mapping[str, Any]) -> dict[str, Any]:
    rows = by_value(sweep)
    rates = [r["hidden_rate"]["mean"] for _, r in rows]
    sds = [r["hidden_rate"]["sd"] for _, r in rows]
    monotone = all(rates[i + 1] <= rates[i] + max(sds[i], sds[i + 1]) for i in range(len(rates) - 1))
    base_accuracy, base_rate = rows[0][1]["accuracy"]["mean"], rates[0]
    keeping = [value for value, r in rows[1:] if r["hidden_rate"]["mean"] <= base_rate / 2
               and r["accuracy"]["mean"] >= base_accuracy - ACCURACY_TOLERANCE]
    why = (f"hidden rate {'falls monotonically (within one s.d. per step)' if monotone else 'is not monotone'} "
           f"from {rates[0]:.4f} to {rates[-1]:.4f}; λ_s that at least halve the rate with accuracy no more than "
           f"{100 * ACCURACY_TOLERANCE:.0f} point below λ_s = {rows[0][0]}: {', '.join(keeping) or 'none'}")
    return {"name": "1. firing rate falls monotonically with λ_s, accuracy flat or rising over a range (Fig. 8A)",
            "held": bool(monotone and keeping), "why": why}


def _gap(config: Mapping[str, Any], sweep: Mapping[str, Any]) -> dict[str, Any]:
    rows = by_value(sweep)
    base_value, base = rows[0]
    chosen = sweep.get(key(config["lambda_s"]))
    largest_value, largest = rows[-1]
    candidates = {key(config["lambda_s"]): chosen, largest_value: largest}
    compared = [(value, r) for value, r in candidates.items() if r]
    held = bool(compared) and all(r["gap"]["mean"] < base["gap"]["mean"] for _, r in compared)
    why = f"gap at λ_s = {base_value}: {100 * base['gap']['mean']:.1f} points; " + "; ".join(
        f"at λ_s = {value}: {100 * r['gap']['mean']:.1f}" for value, r in compared)
    return {"name": "2. spiking regularisation narrows the train-test gap (Fig. 8C)", "held": held, "why": why}


def _rewiring(metrics: Mapping[str, Any]) -> dict[str, Any]:
    dense = metrics["dense"]["accuracy"]["mean"]
    parts, held = [], False
    for value, r in by_value(metrics["rewiring"]):
        small = r["compression"]["mean"] >= COMPRESSION_TARGET
        kept = r["accuracy"]["mean"] >= dense - REWIRING_LOSS
        beats = r["learned_mask_accuracy"]["mean"] > r["random_mask_accuracy"]["mean"]
        held = held or (small and kept and beats)
        parts.append(f"λ_w = {value}: {r['compression']['mean']:.1f}x fewer synapses, "
                     f"{100 * (dense - r['accuracy']['mean']):+.1f} points lost, learned structure "
                     f"{'beats' if beats else 'does not beat'} the random one "
                     f"({100 * r['learned_mask_accuracy']['mean']:.1f} vs "
                     f"{100 * r['random_mask_accuracy']['mean']:.1f} %)")
    return {"name": f"3. rewiring: ≥ {COMPRESSION_TARGET:.0f}x fewer synapses at ≤ {100 * REWIRING_LOSS:.0f} points "
                    "loss, beating a random structure of equal count (Fig. 8E)", "held": held, "why": "; ".join(parts)}


def _ptq(ptq: Mapping[str, Any]) -> dict[str, Any]:
    first = ptq["widths"][str(ptq["bits"])]
    ratio = first["cost_ratio"]["mean"]
    target = paper.OPERATION_COSTS["FI-ADD"] / paper.OPERATION_COSTS["FL-ADD"]
    held = ptq["accuracy_drop"] <= PTQ_DROP_TARGET and ratio <= target
    why = (f"{ptq['bits']}-bit drop {100 * ptq['accuracy_drop']:.2f} points (target ≤ {100 * PTQ_DROP_TARGET:.1f}); "
           f"normalised inference cost × {ratio:.3f} (FI-ADD / FL-ADD = {target:g}; the shift replacing the leak "
           "multiply lowers it further)")
    return {"name": "4. PTQ: accuracy drop ≤ 0.5 points, inference cost down by the FI-ADD/FL-ADD ratio (Fig. 9)",
            "held": bool(held), "why": why}


def _brian(agreement: Mapping[str, Any]) -> dict[str, Any]:
    mismatches = sum(sum(r["mismatched_spikes"]) for r in agreement["networks"].values())
    return {"name": "5. Brian2 raster identical to the torch forward, Brian2-counted SOPs equal the torch count",
            "held": bool(agreement["identical"]),
            "why": f"{mismatches} mismatched spikes over {agreement['samples']} samples and "
                   f"{len(agreement['networks'])} networks; SOPs "
                   + ("equal" if agreement["identical"] else "compared in the table")}


def _backward(cost: Mapping[str, Any]) -> dict[str, Any]:
    rows = by_value(cost)
    smaller = all(r["saved_bytes_iterative"] < r["saved_bytes_autograd"] for _, r in rows)
    same = all(r["max_gradient_difference"] < 1e-10 for _, r in rows)
    faster = [value for value, r in rows if r["seconds_iterative"] < r["seconds_autograd"]]
    why = (f"saved memory {'smaller' if smaller else 'not smaller'} at every T, gradients "
           f"{'equal' if same else 'differ'} (max difference below 1e-10); faster at T = {', '.join(faster) or 'none'}")
    return {"name": "6. O(T) backward with less memory than an unrolled autograd reference (Fig. 7, optional)",
            "held": bool(smaller and same), "why": why}


def render(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    return render_template(
        __package__, "report.md.j2", config=config, m=metrics, paper=paper, spiking=spiking_table(metrics["lambda_s"]),
        rewiring=rewiring_table(metrics), ptq=ptq_table(metrics["ptq"]),
        brian=brian_table(metrics["brian2_agreement"]), cost=cost_table(metrics["backward_cost"]), table_3=table_3(),
        criteria=criteria(config, metrics),
        costs=", ".join(f"{name} = {cost:g}" for name, cost in paper.OPERATION_COSTS.items()),
        sizes="-".join(map(str, [metrics["dataset"]["n_inputs"], *config["hidden"], metrics["dataset"]["n_classes"]])),
    )
