"""Figures and report of the ``ecc-conversion`` study: our numbers beside Wu et al.'s, and every reproduction
criterion of the research notes (shared/notes, Article B, B6) judged from the metrics."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from brainsnn.report import render_template, save_figure
from brainsnn_studies.ecc_conversion import paper_numbers

NAMES = {"wn2017": "2017-SNN (WN)", "ecc": "ECC-SNN", "ecc_no_tre": "ECC w/o TRE"}
#: Accuracy loss (points) that counts as "near zero" (notes B6, criterion 2).
NEAR_ZERO_PP = 0.5


def ordered(methods) -> list[str]:
    """The baseline, ECC, ECC without TRE, then threshold scaling by alpha."""
    return sorted(methods, key=lambda m: (list(NAMES).index(m) if m in NAMES else len(NAMES), m))


def label(method: str) -> str:
    return NAMES.get(method, f"TS {method.removeprefix('ts_')}")


def steps_of(curve: Mapping[str, Any]) -> list[int]:
    """The T of a curve, ascending (JSON keys come back sorted as text)."""
    return sorted(int(t) for t in curve)


def point(metrics: Mapping[str, Any], method: str, steps: int, key: str) -> float:
    return metrics["methods"][method][str(steps)][key]["mean"]


def pm(stat: Mapping[str, Any], scale: float = 1.0, digits: int = 2) -> str:
    """``mean ± sd`` (scaled), or the mean alone for one seed."""
    text = f"{scale * stat['mean']:.{digits}f}"
    return text if stat["sd"] is None else f"{text} ± {scale * stat['sd']:.{digits}f}"


def first_near_zero(metrics: Mapping[str, Any], method: str) -> int | None:
    """The smallest T whose mean accuracy loss is at most 0.5 points, if any."""
    curve = metrics["methods"][method]
    return next((t for t in steps_of(curve) if point(metrics, method, t, "accuracy_loss_pp") <= NEAR_ZERO_PP), None)


def save_figures(metrics: Mapping[str, Any], out_dir: Path) -> None:
    """Accuracy loss and eq. (14) operations against T per method, one row per data set."""
    datasets = metrics["datasets"]
    fig = Figure(figsize=(9, 3.2 * len(datasets)))
    axes = fig.subplots(len(datasets), 2, squeeze=False)
    for row, (name, result) in zip(axes, datasets.items(), strict=True):
        for method in ordered(result["methods"]):
            curve = result["methods"][method]
            steps = steps_of(curve)
            for ax, key, scale in ((row[0], "accuracy_loss_pp", 1.0), (row[1], "ops", 1e-3)):
                means = [scale * curve[str(t)][key]["mean"] for t in steps]
                sds = [scale * (curve[str(t)][key]["sd"] or 0.0) for t in steps]
                ax.errorbar(steps, means, sds, marker="o", capsize=3, label=label(method))
        row[0].set(xlabel="time steps T", ylabel="accuracy loss (points)", xscale="log", title=name)
        row[0].set_yscale("symlog", linthresh=1.0)
        row[1].set(xlabel="time steps T", ylabel="eq. (14) operations per image (k)", xscale="log", yscale="log",
                   title=f"{name} (CNN eq. 13: {result['cnn_ops'] / 1e3:.0f}k)")
        row[1].axhline(result["cnn_ops"] / 1e3, color="grey", linestyle=":")
        row[0].legend(fontsize=7)
    save_figure(fig, out_dir, "loss_and_operations")


def curve_table(result: Mapping[str, Any]) -> tuple[list[str], list[list[str]]]:
    methods = ordered(result["methods"])
    headers = ["T", *[f"{label(m)} loss (pp) / ops (k)" for m in methods]]
    rows = []
    for steps in steps_of(result["methods"][methods[0]]):
        cells = [str(steps)]
        for method in methods:
            entry = result["methods"][method][str(steps)]
            cells.append(f"{pm(entry['accuracy_loss_pp'])} / {pm(entry['ops'], 1e-3, 1)}")
        rows.append(cells)
    return headers, rows


def held(flag: bool | None) -> str:
    return "n/a" if flag is None else ("yes" if flag else "**no**")


def ratio_text(values: Mapping[int, float]) -> str:
    return ", ".join(f"{v:.2f} (T {t})" for t, v in values.items())


def criteria(result: Mapping[str, Any], config: Mapping[str, Any]) -> list[list[str]]:
    """The notes' pass criteria 1-8 (B6) and the paper's Fig. 1C and 3C claims, judged on the seed means, each
    with the reason where it fails: rows of criterion, measured, held, why not."""
    methods = result["methods"]
    steps = steps_of(methods["ecc"])
    loss = {m: {t: point(result, m, t, "accuracy_loss_pp") for t in steps} for m in methods}
    spread = {m: {t: methods[m][str(t)]["accuracy_loss_pp"]["sd"] or 0.0 for t in steps} for m in methods}
    ops = {m: {t: point(result, m, t, "ops") for t in steps} for m in methods}
    image_pp = 100 / result["n_test"]
    rows = []

    worse = {t: loss["ecc"][t] - loss["wn2017"][t] for t in steps if loss["ecc"][t] > loss["wn2017"][t]}
    lossy = next((t for t in steps if loss["wn2017"][t] > 1.0), None)
    strict = None if lossy is None else loss["ecc"][lossy] < loss["wn2017"][lossy]
    measured = (f"ECC worse at T = {list(worse) or 'none'}; " + (
        f"first T with 2017 loss > 1 pp: {lossy} (ECC {loss['ecc'][lossy]:.2f} vs 2017 {loss['wn2017'][lossy]:.2f})"
        if lossy else "2017 never loses > 1 pp"))
    noise = max((max(spread["ecc"][t], spread["wn2017"][t]) for t in worse), default=0.0)
    why = "" if not worse else (
        f"ECC trails by at most {max(worse.values()):.2f} pp (T = {list(worse)}), where the seeds' s.d. reaches "
        f"{noise:.2f} pp and one test image is {image_pp:.2f} pp: "
        + ("within the seeds' spread" if max(worse.values()) <= max(noise, image_pp) else "beyond the seeds' spread")
        + ("; at T = 4 TRE's extra half spike is a large share of a 4-step train" if 4 in worse else ""))
    rows.append(["1. ECC loss <= 2017 loss at every T; strictly smaller where 2017 first loses > 1 pp", measured,
                 held(not worse and strict is not False), why])

    near = {m: first_near_zero(result, m) for m in methods}
    others = [m for m in ("wn2017", "ts_0.9") if m in near]
    ok = near["ecc"] is not None and all(near[m] is None or near["ecc"] <= near[m] for m in others)
    rows.append(["2. ECC reaches <= 0.5 pp loss at a T no larger than 2017 and TS 0.9",
                 ", ".join(f"{label(m)}: T = {near[m]}" for m in ["ecc", *others]), held(ok),
                 "" if ok else "ECC needs more steps than a baseline on this network"])

    late = [t for t in steps if t >= 16]
    if "ts_0.8" in ops and late:
        ratios = {t: ops["ts_0.8"][t] / ops["ecc"][t] for t in late}
        low = [t for t, r in ratios.items() if r <= 1.1]
        rows.append(["3. ops(TS 0.8) > 1.1 x ops(ECC) for T >= 16", ratio_text(ratios), held(not low),
                     "" if not low else f"at T = {low} ECC's TRE charge (about half a spike more per active neuron "
                     "and image) costs as much as TS 0.8's lower thresholds; the gap opens as T grows"])
    if late:
        ratios = {t: ops["ecc"][t] / ops["wn2017"][t] for t in late}
        high = [t for t, r in ratios.items() if r > 1.3]
        rows.append(["4. ops(ECC) <= 1.3 x ops(2017) for T >= 16", ratio_text(ratios), held(not high),
                     "" if not high else f"at T = {high} TRE's extra half spike per neuron is a large share of a "
                     "short spike train; the ratio falls toward 1 as T grows"])

    identity = result["proposition_1"]
    brian = result["brian2"]
    same = all(check["mismatched_counts"] == 0 for check in brian.values()) if brian else None
    rows.append(["5. Prop. 1 identity (eq. 6 x T) to 1e-9 in the torch engine and Brian2",
                 f"torch: largest residual {identity:.1e} spikes; Brian2: "
                 + ("spike counts equal to torch's" if same else "not run" if same is None else "counts differ"),
                 held(identity < 1e-9 and same is not False), ""])
    kappa = result["kappa_invariance"]
    kappa_ok = kappa["predictions_equal"] == 1.0 and kappa["readout_difference"] < 1e-9
    rows.append([f"6. kappa invariance (kappa = 1 vs {config['kappa']:g})",
                 f"{100 * kappa['counts_equal']:.4f} % of spike counts and {100 * kappa['predictions_equal']:.1f} % "
                 f"of predictions equal; read-out difference {kappa['readout_difference']:.1e}", held(kappa_ok),
                 "" if kappa_ok else "rounding at a threshold decides a spike differently"])
    quantised = result["quantisation"]
    if quantised:
        wide = {bits: quantised[bits]["loss_vs_float_pp"]["mean"] for bits in quantised if int(bits) >= 8}
        quant_ok = all(value <= 1.0 for value in wide.values()) if wide else None
        rows.append([f"7. 10/9/8-bit within 1 pp of float at T = {config['quant_steps']}; 7-bit may drop",
                     ", ".join(f"{bits}-bit {quantised[bits]['loss_vs_float_pp']['mean']:+.2f} pp"
                               for bits in sorted(quantised, key=int, reverse=True)), held(quant_ok),
                     "" if quant_ok is not False else "truncated weights change the network"])
    prop2 = result["proposition_2"]
    tre, plain = prop2["ecc"], prop2["ecc_no_tre"]
    eta = tre["eta"]
    prop_ok = tre["min"] >= -eta - 1e-9 and tre["max"] < 1 - eta and plain["min"] >= -1e-9 and plain["max"] < 1
    rows.append([f"8. Prop. 2: Q/V_thr - N in [-{eta:g}, {1 - eta:g}) with TRE, [0, 1) without",
                 f"TRE [{tre['min']:.5f}, {tre['max']:.5f}] ({tre['neurons']} neurons); "
                 f"without [{plain['min']:.5f}, {plain['max']:.5f}] ({plain['neurons']})", held(prop_ok),
                 "" if prop_ok else "a first-layer neuron left the range"])

    t_ecc, t_wn = near["ecc"], near["wn2017"]
    claim = "Fig. 3C: ECC reaches 2017's near-zero loss with 3x lower latency and 2x fewer ops"
    if t_ecc and not t_wn:
        rows.append([claim, f"2017 does not reach <= 0.5 pp by T = {steps[-1]}; ECC does at T = {t_ecc}", held(None),
                     "2017's T is beyond the grid"])
    if t_ecc and t_wn:
        latency, saving = t_wn / t_ecc, ops["wn2017"][t_wn] / ops["ecc"][t_ecc]
        fine = latency >= 3 and saving >= 2
        rows.append([claim, f"latency {latency:.1f}x (T {t_wn} vs {t_ecc}), ops {saving:.1f}x fewer (paper: 3x, 2x)",
                     held(fine), "" if fine else "the T grid (powers of two) shows latency ratios of 1, 2 or 4, "
                     "never 3; the ordering holds where the ratio is above 1"])
    if t_ecc:
        ratio = ops["ecc"][t_ecc] / result["cnn_ops"]
        rows.append(["Fig. 1C: SNN needs fewer operations than the CNN (paper 90 vs 657 MOps, 0.14x)",
                     f"ECC at T = {t_ecc}: {ops['ecc'][t_ecc] / 1e3:.1f}k vs CNN {result['cnn_ops'] / 1e3:.1f}k "
                     f"({ratio:.2f}x)", held(ratio < 1),
                     "" if ratio < 1 else f"eq. (14) grows with T and this shallow dense network needs T = {t_ecc}; "
                     "the paper's 0.14x comes from the deep, sparse VGG-16 (notes B6 caveat)"])
    return rows


def render(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    datasets = {}
    for name, result in metrics["datasets"].items():
        quantised = result["quantisation"]
        datasets[name] = {
            "result": result, "curves": curve_table(result), "criteria": (["criterion", "measured", "held", "why not"],
                                                                           criteria(result, config)),
            "quantisation": (["weights", "accuracy (%)", "loss vs CNN (pp)", "loss vs float ECC (pp)"],
                             [[f"{bits}-bit", pm(q["accuracy"], 100), pm(q["accuracy_loss_pp"]),
                               pm(q["loss_vs_float_pp"])] for bits, q in sorted(quantised.items(),
                                                                                 key=lambda item: -int(item[0]))]),
            "brian2": (["method", "agreement", "samples", "mismatched counts", "eq. 14 ops", "Brian2 accumulates",
                        "input MACs", "E_SNN (nJ)", "E_CNN (nJ)"],
                       [[label(m), f"{c['agreement']:.3f}", c["samples"], c["mismatched_counts"],
                         f"{c['eq14_ops']:.0f}", f"{c['accumulates']:.0f}", f"{c['input_macs']:.0f}",
                         f"{c['snn_energy_pj'] / 1e3:.1f}", f"{c['ann_energy_pj'] / 1e3:.1f}"]
                        for m, c in sorted(result["brian2"].items(), key=lambda item: ordered(result["brian2"])
                                           .index(item[0]))]),
            "cnn_accuracy": pm(result["cnn_accuracy"], 100),
        }
    return render_template(__package__, "report.md.j2", config=config, metrics=metrics, datasets=datasets,
                           paper=paper_numbers, table_2=(["method", "accuracy (%)", "N_f", "MOps"],
                                                         [["-" if cell is None else cell for cell in row]
                                                          for row in paper_numbers.TABLE_2]))
