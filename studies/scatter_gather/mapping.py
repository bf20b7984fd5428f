"""Tables 2-3 and 7-11 recomputed from the layer shapes and patch plans the paper gives (`brainsnn.conversion.
chip_mapping`), cell by cell against the printed values."""

from __future__ import annotations

from typing import Any

from brainsnn.conversion.chip_mapping import (
    Layer,
    Plan,
    best_plan,
    cores,
    densities,
    frames_per_second,
    frames_per_second_per_watt,
    layer_latency_ms,
    output_side,
    smallest_extension,
)
from brainsnn_studies.scatter_gather import paper_numbers as paper

#: Printed precision of densities (2 decimals, Tables 7-8; % in Table 3) and latencies (ms).
DENSITY_TOLERANCE, PERCENT_TOLERANCE, LATENCY_TOLERANCE = 0.005, 0.5, 5e-5


def _plan(row: tuple) -> Plan:
    (w_in, h_in, d_in), (w_out, h_out, d_out), f = row[:3]
    return Plan(w_in, h_in, d_in, w_out, h_out, d_out, f)


def _k_rep(precision: str) -> int:
    k, bound = paper.PRECISIONS[precision]
    return bound * 2**k


def _cell(name: str, ours: float, printed: float, tolerance: float) -> dict[str, Any]:
    return {"cell": name, "ours": ours, "paper": printed, "matched": abs(ours - printed) <= tolerance + 1e-12}


def worked_example() -> list[dict[str, Any]]:
    """Table 2 (output patch by Eq. 13, the smallest feasible f, cores) and Table 3 (densities) of both plans."""
    layer = Layer(*paper.TABLE2_LAYER)
    cells = []
    for name, (patch_in, patch_out, f, n_cores) in paper.TABLE2.items():
        plan = Plan(*patch_in, *patch_out, f)
        cells += [_cell(f"{name} w_out", output_side(plan.w_in, layer.kernel, layer.stride), patch_out[0], 0),
                  _cell(f"{name} h_out", output_side(plan.h_in, layer.kernel, layer.stride), patch_out[1], 0),
                  _cell(f"{name} cores", cores(layer, plan), n_cores, 0)]
        use = densities(plan, layer.kernel, 1)
        for label, ours, printed in zip(("A", "N", "S"), (use.axon, use.neuron, use.synapse), paper.TABLE3[name],
                                        strict=True):
            cells.append(_cell(f"{name} {label} (%)", 100 * ours, printed, PERCENT_TOLERANCE))
    best = best_plan(layer, 1)
    cells.append(_cell("search finds No. 2 (1 = yes)", float(best == Plan(4, 2, 128, 2, 1, 256, 1)), 1.0, 0))
    return cells


def density_tables() -> list[dict[str, Any]]:
    """Tables 7-8: A, N, S of every printed plan (Eq. 14-16; the duplicated VGG 64C3 row once), whether the
    printed f is the smallest that fits the input patch, and whether the exhaustive search's best synapse density
    equals that of the printed plan (Eq. 16)."""
    cells = []
    for network, layers, table in (("LeNet", paper.LENET_LAYERS, paper.TABLE7), ("VGG", paper.VGG_LAYERS,
                                                                                  paper.TABLE8)):
        for precision, rows in table.items():
            k_rep = _k_rep(precision)
            for index, (shape, row) in enumerate(zip(layers, rows, strict=True)):
                if network == "VGG" and index == 1:
                    continue
                layer, plan = Layer(*shape), _plan(row)
                use = densities(plan, layer.kernel, k_rep)
                prefix = f"{network} {precision} {index + 1}:{layer.name}"
                for label, ours, printed in zip(("A", "N", "S"), (use.axon, use.neuron, use.synapse), row[3:],
                                                strict=True):
                    cells.append({**_cell(f"{prefix} {label}", ours, printed, DENSITY_TOLERANCE), "kind": "density"})
                smallest = smallest_extension(plan.w_in, plan.h_in, plan.d_in, k_rep)
                cells.append({**_cell(f"{prefix} f", smallest, plan.f, 0), "kind": "extension"})
                best = densities(best_plan(layer, k_rep), layer.kernel, k_rep).synapse
                cells.append({**_cell(f"{prefix} search S", best, use.synapse, 1e-9), "kind": "search"})
    return cells


def latency_tables() -> list[dict[str, Any]]:
    """Tables 9-10 (the read-out 10FC runs off chip): cores per layer from the printed plans and layer shapes,
    latency per layer from those cores, the totals; Table 11: FPS from the total latency and FPS/W from the printed
    mJ."""
    cells = []
    for network, layers, plans, table, dataset in (
            ("LeNet", paper.LENET_LAYERS, paper.TABLE7, paper.TABLE9, "MNIST"),
            ("VGG", paper.VGG_LAYERS, paper.TABLE8, paper.TABLE10, "CIFAR-10")):
        for precision, (rows, (total_cores, total_latency)) in table.items():
            on_chip = layers[:-1]
            counts = [cores(Layer(*shape), _plan(plan)) for shape, plan in zip(on_chip, plans[precision], strict=False)]
            latencies = [layer_latency_ms(count) for count in counts]
            for index, (shape, count, latency, (printed_cores, printed_latency)) in enumerate(
                    zip(on_chip, counts, latencies, rows, strict=True)):
                prefix = f"{network} {precision} {index + 1}:{shape[0]}"
                cells += [{**_cell(f"{prefix} cores", count, printed_cores, 0), "kind": "cores"},
                          {**_cell(f"{prefix} latency", latency, printed_latency, LATENCY_TOLERANCE),
                           "kind": "latency"}]
            total = round(sum(latencies), 4)
            cells += [{**_cell(f"{network} {precision} total cores", sum(counts), total_cores, 0), "kind": "cores"},
                      {**_cell(f"{network} {precision} total latency", total, total_latency, LATENCY_TOLERANCE),
                       "kind": "latency"}]
            _, fps, millijoules, per_watt = paper.TABLE11[dataset][precision]
            cells += [{**_cell(f"{network} {precision} FPS", frames_per_second(total), fps, 0), "kind": "fps"},
                      {**_cell(f"{network} {precision} FPS/W", frames_per_second_per_watt(millijoules), per_watt, 0),
                       "kind": "fps"}]
    return cells


def _count(cells: list[dict[str, Any]]) -> dict[str, Any]:
    matched = sum(cell["matched"] for cell in cells)
    return {"matched": matched, "total": len(cells), "misses": [cell for cell in cells if not cell["matched"]]}


def mapping_tables() -> dict[str, Any]:
    """Every recomputed cell, per table group, and ``tables_matched`` = matched / total over Tables 2-3, the
    densities of Tables 7-8, and Tables 9-11 (the search and f checks are reported beside, not counted)."""
    example, dense, latency = worked_example(), density_tables(), latency_tables()
    groups = {
        "table2_3": _count(example),
        "table7_8_densities": _count([c for c in dense if c["kind"] == "density"]),
        "table7_8_extension": _count([c for c in dense if c["kind"] == "extension"]),
        "table7_8_search": _count([c for c in dense if c["kind"] == "search"]),
        "table9_10_cores": _count([c for c in latency if c["kind"] == "cores"]),
        "table9_10_latency": _count([c for c in latency if c["kind"] == "latency"]),
        "table11": _count([c for c in latency if c["kind"] == "fps"]),
    }
    counted = [groups[name] for name in ("table2_3", "table7_8_densities", "table9_10_cores", "table9_10_latency",
                                         "table11")]
    matched, total = sum(g["matched"] for g in counted), sum(g["total"] for g in counted)
    return {"tables_matched": matched / total, "cells_matched": matched, "cells_total": total, "groups": groups}
