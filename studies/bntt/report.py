"""Figures and report of the ``bntt`` study: our numbers beside Kim & Panda's, and every reproduction criterion of
the research notes (shared/notes, section B.6) judged from the metrics."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from brainsnn.report import render_template, save_figure
from brainsnn_studies.bntt.paper_numbers import (
    CIFAR10_TRAINING,
    DVS_CIFAR10_BNTT,
    EARLY_EXIT,
    GAMMA_PEAKS,
    TABLE_1,
    TABLE_3,
)

Table = tuple[list[str], list[list[Any]]]
NAMES = {"none": "no BN", "bn": "standard BN (shared over t)", "bntt": "BNTT"}
#: Accuracy below this multiple of chance counts as "did not converge".
CHANCE_FACTOR = 2.0
#: Steps by which the last BNTT layer's gain centroid must follow the first's for "deeper layers later".
LATER_BY = 0.25


def pm(mean: float | None, sd: float | None, scale: float = 100.0, digits: int = 1) -> str:
    """``mean ± sd`` (scaled, e.g. to %), or the mean alone for one seed."""
    if mean is None:
        return "n/a"
    return f"{scale * mean:.{digits}f}" + ("" if sd is None else f" ± {scale * sd:.{digits}f}")


def grid_steps(metrics: Mapping[str, Any], variants) -> list[str]:
    """The T of the MLP grid, ascending (JSON keys come back sorted as text)."""
    return sorted(metrics[variants[0]], key=int)


def save_figures(metrics: Mapping[str, Any], out_dir: Path) -> None:
    """Accuracy and spike rate against T, accuracy against depth, the BNTT gain profiles, accuracy against the
    steps run (early exit) and spikes per neuron per layer of the VGG."""
    variants = [v for v in NAMES if v in metrics]
    fig = Figure(figsize=(9, 3.4))
    for ax, key, label in zip(fig.subplots(1, 2), ("accuracy", "spike_rate"),
                              ("test accuracy (%)", "spikes per neuron per step"), strict=True):
        for variant in variants:
            steps = [int(t) for t in grid_steps(metrics, variants)]
            means = [metrics[variant][str(t)][key] for t in steps]
            sds = [metrics[variant][str(t)][f"{key}_sd"] or 0.0 for t in steps]
            scale = 100 if key == "accuracy" else 1
            ax.errorbar(steps, scale * np.array(means), scale * np.array(sds), marker="o", capsize=3,
                        label=NAMES[variant])
        ax.set(xlabel="time steps T", ylabel=label, xscale="log", xticks=steps, xticklabels=steps)
        ax.minorticks_off()
        ax.legend(fontsize=7)
    save_figure(fig, out_dir, "accuracy_and_spike_rate")
    if "depth" in metrics:
        plot_depth(metrics, variants, out_dir)
    if "gamma_profile" in metrics:
        plot_gamma_profiles(metrics["gamma_profile"], out_dir)
    if "early_exit" in metrics:
        plot_early_exit(metrics, out_dir)
    if "vgg" in metrics:
        fig = Figure(figsize=(5, 3.4))
        ax = fig.subplots()
        for variant in variants:
            counts = metrics["vgg"][variant]["spikes_per_neuron"]
            ax.semilogy(range(1, len(counts) + 1), np.maximum(counts, 1e-4), "o-", label=NAMES[variant])
        ax.set(xlabel="spiking layer", ylabel="spikes per neuron per inference", title="VGG, per layer (Fig. 5)")
        ax.legend(fontsize=7)
        save_figure(fig, out_dir, "vgg_layer_spikes")


def plot_depth(metrics: Mapping[str, Any], variants: list[str], out_dir: Path) -> None:
    fig = Figure(figsize=(5, 3.4))
    ax = fig.subplots()
    depths = sorted(int(d) for d in metrics["depth"])
    for variant in variants:
        rows = [next(iter(metrics["depth"][str(d)][variant].values())) for d in depths]
        ax.errorbar(depths, [100 * r["accuracy"] for r in rows], [100 * (r["accuracy_sd"] or 0) for r in rows],
                    marker="o", capsize=3, label=NAMES[variant])
    ax.set(xlabel="hidden layers", ylabel="test accuracy (%)", xticks=depths)
    ax.legend(fontsize=7)
    save_figure(fig, out_dir, "accuracy_vs_depth")


def plot_gamma_profiles(profiles: Mapping[str, Any], out_dir: Path) -> None:
    fig = Figure(figsize=(4.2 * len(profiles), 3.4))
    for ax, (name, profile) in zip(fig.subplots(1, len(profiles), squeeze=False)[0], profiles.items(), strict=True):
        for layer, values in zip(profile["layers"], profile["profiles"], strict=True):
            ax.plot(range(1, len(values) + 1), values, "o-", ms=3, label=layer)
        ax.set(xlabel="time step t", ylabel="mean gamma^t", title=name)
        ax.legend(fontsize=6)
    save_figure(fig, out_dir, "gamma_profiles")


def plot_early_exit(metrics: Mapping[str, Any], out_dir: Path) -> None:
    fig = Figure(figsize=(9, 3.4))
    left, right = fig.subplots(1, 2)
    exit_metrics = metrics["early_exit"]
    curves = {"MLP": (metrics["bntt"][str(exit_metrics["steps"])]["accuracy_by_steps"], exit_metrics)}
    if "gain_decay" in exit_metrics:
        curves["MLP, gain decay"] = (metrics["gain_decay"]["mlp"]["accuracy_by_steps"], exit_metrics["gain_decay"])
    if "vgg" in metrics and "early_exit" in metrics["vgg"]:
        curves["VGG"] = (metrics["vgg"]["bntt"]["accuracy_by_steps"], metrics["vgg"]["early_exit"])
    for index, (name, (curve, exits)) in enumerate(curves.items()):
        left.plot(range(1, len(curve) + 1), 100 * np.asarray(curve), "o-", ms=3, color=f"C{index}", label=name)
        left.axvline(exits["t_exit"], color=f"C{index}", ls="--", lw=1)
        sweep = exits["sweep"]
        right.plot([s["threshold"] for s in sweep], [s["t_exit"] / s["steps"] for s in sweep], "o-",
                   color=f"C{index}", label=f"{name}: T_exit / T")
        right.plot([s["threshold"] for s in sweep], [s["accuracy_drop"] for s in sweep], "s:", color=f"C{index}",
                   label=f"{name}: accuracy drop")
    left.set(xlabel="steps run", ylabel="test accuracy (%)",
             title=f"BNTT, stopped early (dashed: T_exit at {exit_metrics['threshold']})")
    left.legend(fontsize=7)
    right.set(xlabel="exit threshold" + (" (x max gain)" if exit_metrics["relative"] else ""), ylabel="fraction",
              title="threshold sweep (Fig. 7)")
    right.legend(fontsize=6)
    save_figure(fig, out_dir, "early_exit")


def accuracy_table(metrics: Mapping[str, Any], variants: list[str]) -> Table:
    steps = grid_steps(metrics, variants)
    rows = [[NAMES[v], *(pm(metrics[v][t]["accuracy"], metrics[v][t]["accuracy_sd"]) for t in steps),
             *(pm(metrics[v][t]["spike_rate"], metrics[v][t]["spike_rate_sd"], 1, 3) for t in steps)]
            for v in variants]
    return (["variant", *(f"acc % T={t}" for t in steps), *(f"spike rate T={t}" for t in steps)], rows)


def paper_table() -> Table:
    return (["dataset", "method", "network", "T", "accuracy %"],
            [[d, NAMES.get(m, m.replace("bntt", "BNTT")), n, "n/a" if t is None else t,
              "n/a (did not converge)" if a is None else f"{a:.1f}"]
             for d, m, n, t, a in TABLE_1])


def depth_table(metrics: Mapping[str, Any], variants: list[str], main_depth: int) -> Table:
    depths = sorted(metrics["depth"], key=int)
    steps = next(iter(metrics["depth"][depths[0]][variants[0]]))
    columns = [(str(main_depth), {v: metrics[v].get(steps) for v in variants})] if steps in metrics[variants[0]] \
        else []
    columns += [(d, {v: metrics["depth"][d][v][steps] for v in variants}) for d in depths]
    rows = [[NAMES[v], *(pm(c[v]["accuracy"], c[v]["accuracy_sd"]) for _, c in columns),
             *(pm(c[v]["spike_rate"], c[v]["spike_rate_sd"], 1, 3) for _, c in columns)] for v in variants]
    return (["variant", *(f"acc % depth {d}" for d, _ in columns), *(f"rate depth {d}" for d, _ in columns)], rows)


def single_table(block: Mapping[str, Any], variants: list[str], paper: Mapping[str, float | None]) -> Table:
    rows = [[NAMES[v], pm(block[v]["accuracy"], block[v]["accuracy_sd"]),
             pm(block[v]["spike_rate"], block[v]["spike_rate_sd"], 1, 3),
             ", ".join(f"{x:.3f}" for x in block[v]["spikes_per_neuron"]),
             "n/a" if paper.get(v) is None else f"{paper[v]:.1f}"] for v in variants]
    return ["variant", "acc %", "spike rate", "spikes per neuron per inference, by layer", "paper acc %"], rows


def gamma_table(profiles: Mapping[str, Any]) -> Table:
    rows = [[name, layer, peak, f"{centroid:.3f}", " ".join(f"{g:.3f}" for g in values)]
            for name, profile in profiles.items()
            for layer, peak, centroid, values in zip(profile["layers"], profile["peak_step"], profile["centroid"],
                                                    profile["profiles"], strict=True)]
    return ["network", "BNTT layer", "peak step", "centroid step", "mean gamma^t, t = 1..T"], rows


def sweep_table(sweep: list[Mapping[str, Any]]) -> Table:
    return (["threshold", "T_exit (mean over seeds)", "T_exit per seed", "latency saved %", "accuracy drop (points)"],
            [[s["threshold"], f"{s['t_exit']:.1f}", ", ".join(map(str, s["t_exits"])),
              f"{100 * s['latency_saving']:.0f}", f"{100 * s['accuracy_drop']:.2f}"] for s in sweep])


def gain_shrinkage(learning_rate: float, weight_decay: float, epochs: int, train_images: int,
                   batch_size: int) -> float:
    """``sum_k lr_k wd`` over every SGD step: weight decay alone shrinks a gain without gradient by
    ``exp(-shrinkage)``. The schedule divides lr by 10 at 50, 70 and 90 % of the epochs, so
    ``sum_k lr_k = lr E ceil(N / B) (0.5 + 0.2 / 10 + 0.2 / 100 + 0.1 / 1000)``."""
    steps_per_epoch = -(-train_images // batch_size)
    return learning_rate * weight_decay * epochs * steps_per_epoch * (0.5 + 0.02 + 0.002 + 0.0001)


def gain_decay_table(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> Table:
    """BNTT with the common weight decay on its gains against the gain-decay runs, with the shrinkage each gives."""
    paper = CIFAR10_TRAINING
    rows = [["paper, VGG9 / CIFAR-10", f"{paper['weight_decay']:g}", f"{gain_shrinkage(**paper):.3g}",
             f"{EARLY_EXIT['accuracy']:.1f}", "n/a", f"{EARLY_EXIT['t_exit']} of {EARLY_EXIT['steps']}",
             f"{EARLY_EXIT['accuracy'] - EARLY_EXIT['accuracy_exit']:.2f}"]]
    blocks = [("MLP", metrics["dataset"], config["epochs"], metrics["bntt"][str(metrics["early_exit"]["steps"])],
               metrics["early_exit"], metrics["gain_decay"]["mlp"], metrics["early_exit"]["gain_decay"])]
    if "vgg" in metrics["gain_decay"]:
        vgg = metrics["vgg"]
        blocks.append(("VGG", vgg["dataset"], config["vgg_epochs"], vgg["bntt"], vgg["early_exit"],
                       metrics["gain_decay"]["vgg"], vgg["early_exit"]["gain_decay"]))
    for name, data, epochs, plain, plain_exit, decayed, decayed_exit in blocks:
        for decay, run, exits in ((config["weight_decay"], plain, plain_exit),
                                  (metrics["gain_decay"]["gamma_weight_decay"], decayed, decayed_exit)):
            shrinkage = gain_shrinkage(config["learning_rate"], decay, epochs, data["n_train"], config["batch_size"])
            rows.append([f"{name}, gains decayed by {decay:g}", f"{decay:g}", f"{shrinkage:.3g}",
                         pm(run["accuracy"], run["accuracy_sd"]), pm(run["spike_rate"], run["spike_rate_sd"], 1, 3),
                         f"{exits['t_exit']:.1f} of {exits['steps']}", f"{100 * exits['accuracy_drop']:.2f}"])
    return (["run", "weight decay of the gains", "shrinkage sum lr wd", "acc %", "spike rate",
             f"T_exit (threshold {config['exit_threshold']})", "accuracy drop (points)"], rows)


def later_with_depth(profile: Mapping[str, Any]) -> bool:
    """Deeper layers later: centroids non-decreasing with depth (within 0.05 steps) and the last at least
    ``LATER_BY`` steps after the first."""
    centroid = profile["centroid"]
    return (all(b >= a - 0.05 for a, b in zip(centroid, centroid[1:], strict=False))
            and centroid[-1] - centroid[0] >= LATER_BY)


def split_by_decay(items: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Profiles or exits keyed by network, split into plain weight decay and the gain-decay runs."""
    return {"plain weight decay": {k: v for k, v in items.items() if not k.endswith("gain_decay")},
            "strong gain decay": {k.removesuffix("_gain_decay"): v for k, v in items.items()
                                  if k.endswith("gain_decay")}}


def exit_held(x: Mapping[str, Any]) -> bool:
    return 0.1 <= x["latency_saving"] and x["accuracy_drop"] < 0.01


def exit_reading(x: Mapping[str, Any]) -> str:
    """The exit at the configured threshold and the sweep's thresholds that save >= 10 % for < 1 point."""
    good = [s["threshold"] for s in x.get("sweep", []) if exit_held(s)]
    return (f"T_exit {x['t_exit']:.1f} of {x['steps']} ({100 * x['latency_saving']:.0f} % saved), drop "
            f"{100 * x['accuracy_drop']:.2f} points; thresholds of the sweep that hold: "
            f"{', '.join(f'{t:g}' for t in good) or 'none'}")


def exit_verdict(x: Mapping[str, Any]) -> str:
    in_sweep = any(exit_held(s) for s in x.get("sweep", []))
    return f"{'yes' if exit_held(x) else 'no'} (sweep: {'yes' if in_sweep else 'no'})"


def vgg_comparison(metrics: Mapping[str, Any], key: str, other: str) -> str:
    """``; VGG: BNTT x vs <other> y`` for accuracy (%) or spike rate, or nothing without a VGG."""
    if "vgg" not in metrics or other not in metrics["vgg"] or "bntt" not in metrics["vgg"]:
        return ""
    value = (lambda v: f"{100 * v:.1f} %") if key == "accuracy" else (lambda v: f"{v:.3f}")
    return (f"; {metrics['vgg']['dataset']['name']} VGG: BNTT {value(metrics['vgg']['bntt'][key])} vs "
            f"{NAMES[other]} {value(metrics['vgg'][other][key])}")


def shrinkage_of(config: Mapping[str, Any], metrics: Mapping[str, Any], name: str) -> float:
    """`gain_shrinkage` of the gains of the network ``name`` of ``gamma_profile`` (``vgg...`` or an MLP)."""
    plain = config["weight_decay"] if config["gamma_weight_decay"] is None else config["gamma_weight_decay"]
    decay = metrics["gain_decay"]["gamma_weight_decay"] if name.endswith("gain_decay") else plain
    epochs, data = ((config["vgg_epochs"], metrics["vgg"]["dataset"]) if name.startswith("vgg")
                    else (config["epochs"], metrics["dataset"]))
    return gain_shrinkage(config["learning_rate"], decay, epochs, data["n_train"], config["batch_size"])


def gain_spread(profile: Mapping[str, Any]) -> float:
    """The largest relative range ``(max - min) / max`` over t of a layer's mean gain."""
    return max((max(p) - min(p)) / max(p) for p in profile["profiles"])


def last_step_share(profile: Mapping[str, Any]) -> float:
    """The largest ratio of a layer's last-step gain to its own maximum (T_exit = T while it is >= the threshold)."""
    return max(p[-1] / max(p) for p in profile["profiles"])


def criteria(config: Mapping[str, Any], metrics: Mapping[str, Any], variants: list[str]) -> Table:
    """Every reproduction criterion of the notes' section B.6 with our reading and whether it held."""
    rows = []
    chance = 1 / metrics["dataset"]["n_classes"]
    paper_shrinkage = gain_shrinkage(**CIFAR10_TRAINING)
    if "brian2_agreement" in metrics:
        b = metrics["brian2_agreement"]
        held = b["spikes"] == 1.0 and b["predictions"] == 1.0
        rows.append(["torch forward = Brian2 run of the folded network (same input spikes)",
                     f"{sum(b['mismatched_spikes'])} mismatched of {sum(b['spikes_per_layer'])} spikes, predictions "
                     f"{100 * b['predictions']:.0f} % identical ({b['samples']} samples, {b['device']})",
                     "yes" if held else "no",
                     "" if held else "a membrane within rounding of its threshold decides differently (counted above)"])
    if "threshold_equivalence" in metrics:
        e = metrics["threshold_equivalence"]
        rows.append(["Eq. 15 threshold form exact when mu = 0 (constant gain)",
                     f"{e['exact']['mismatched_spikes']} mismatches in {e['exact']['bntt_spikes']} spikes; with the "
                     f"trained per-step statistics Jaccard {e['trained']['jaccard']:.2f}",
                     "yes" if e["exact"]["mismatched_spikes"] == 0 else "no",
                     "" if e["exact"]["mismatched_spikes"] == 0 else "membranes within rounding of the threshold"])
    rows.append(["early-exit rule gives the documented T_exit on a synthetic gain profile",
                 "asserted by tests/studies/test_bntt_rules.py (the paper's Fig. 4/6 shape: T_exit = 20)",
                 "tested", ""])
    rows.append(["spike-rate formula (Supplementary D)", "asserted by tests/studies/test_bntt_rules.py against "
                 "hand counts", "tested", ""])
    if "bn" in variants and "bntt" in variants:
        steps = grid_steps(metrics, variants)
        wins = [t for t in steps if metrics["bntt"][t]["accuracy"] >= metrics["bn"][t]["accuracy"]]
        low = steps[0]
        rows.append(["BNTT >= standard BN at equal low T (paper 90.5 vs 84.3 % at T = 25)",
                     f"T = {low}: {pm(metrics['bntt'][low]['accuracy'], metrics['bntt'][low]['accuracy_sd'])} vs "
                     f"{pm(metrics['bn'][low]['accuracy'], metrics['bn'][low]['accuracy_sd'])} %; BNTT >= BN at "
                     f"T = {', '.join(wins) or 'none'} of {', '.join(steps)}"
                     + vgg_comparison(metrics, "accuracy", "bn"),
                     "yes" if low in wins else "no",
                     "" if low in wins else "at this scale the shared BN is not worse than BNTT at the lowest T"])
    if "gamma_profile" in metrics:
        groups = split_by_decay(metrics["gamma_profile"])
        rows.append([f"gamma^t profiles differ by layer, deeper layers later (centroid of the last layer >= "
                     f"{LATER_BY} steps after the first; paper: conv4, conv7 peak at t = 9, 13)",
                     "; ".join(f"{name} ({label}): centroids {', '.join(f'{c:.2f}' for c in p['centroid'])}"
                               for label, group in groups.items() for name, p in group.items()),
                     "; ".join(f"{name} ({label}): {'yes' if later_with_depth(p) else 'no'}"
                               for label, group in groups.items() for name, p in group.items()),
                     "; ".join(f"{name}: gains vary by {100 * gain_spread(p):.1f} % over t, weight-decay shrinkage "
                               f"{shrinkage_of(config, metrics, name):.3g} (paper {paper_shrinkage:.3g})"
                               for name, p in metrics["gamma_profile"].items() if not later_with_depth(p))])
    if "early_exit" in metrics:
        x = metrics["early_exit"]
        kind = "x max gain" if x["relative"] else "absolute"
        exits = {"MLP": x, **({"VGG": metrics["vgg"]["early_exit"]} if "early_exit" in metrics.get("vgg", {}) else {})}
        readings = [(f"{name}{', gain decay' if decay else ''}", e["gain_decay"] if decay else e)
                    for decay in (False, True) for name, e in exits.items() if not decay or "gain_decay" in e]
        rows.append([f"early exit (threshold {x['threshold']} {kind}) saves 10-20 % of T for < 1 point",
                     "; ".join(f"{name}: {exit_reading(e)}" for name, e in readings),
                     "; ".join(f"{name}: {exit_verdict(e)}" for name, e in readings),
                     "; ".join(f"{name}: the last step keeps {last_step_share(metrics['gamma_profile'][key]):.2f} x "
                               "its layer's largest mean gain" for name, e in readings if not exit_held(e)
                               for key in [name.lower().replace(", gain decay", "_gain_decay")]
                               if key in metrics["gamma_profile"])])
    if "none" in variants and "bntt" in variants:
        steps = grid_steps(metrics, variants)
        lower = [t for t in steps if metrics["bntt"][t]["spike_rate"] <= metrics["none"][t]["spike_rate"]]
        reading = f"lower or equal at T = {', '.join(lower) or 'none'} of {', '.join(steps)}"
        if "gain_decay" in metrics:
            longest, decayed = steps[-1], metrics["gain_decay"]["mlp"]
            reading += (f"; strong gain decay at T = {longest}: {decayed['spike_rate']:.3f} vs no BN "
                        f"{metrics['none'][longest]['spike_rate']:.3f}")
        reading += vgg_comparison(metrics, "spike_rate", "none")
        verdict = f"MLP: {'yes' if len(lower) == len(steps) else 'no'}"
        why = "" if len(lower) == len(steps) else "the MLP without BN fires less at some T"
        if vgg_comparison(metrics, "spike_rate", "none"):
            vgg = metrics["vgg"]
            sparser = vgg["bntt"]["spike_rate"] <= vgg["none"]["spike_rate"]
            verdict += f"; VGG: {'yes' if sparser else 'no'}"
            if not sparser:
                why += (f"{'; ' if why else ''}the VGG without BN reaches only {100 * vgg['none']['accuracy']:.1f} % "
                        f"(BNTT {100 * vgg['bntt']['accuracy']:.1f} %): a network that hardly learns also hardly fires")
        rows.append(["BNTT spike rate <= baseline (no BN) spike rate", reading, verdict, why])
    if "none" in variants and "bntt" in variants and "sequential" in metrics:
        seq = metrics["sequential"]
        rows.append([f"sequential task: BNTT well above the baseline without BN (Table 3: {TABLE_3['bntt']} vs "
                     f"{TABLE_3['none']} % on Sequential MNIST)",
                     f"row-sequential digits: BNTT {pm(seq['bntt']['accuracy'], seq['bntt']['accuracy_sd'])} vs no BN "
                     f"{pm(seq['none']['accuracy'], seq['none']['accuracy_sd'])} %",
                     "yes (direction)" if seq["bntt"]["accuracy"] > seq["none"]["accuracy"] else "no",
                     "" if seq["bntt"]["accuracy"] > seq["none"]["accuracy"] else
                     "8 analog pixels per step over 8 steps is a far shorter sequence than 784 pixels"])
    if "none" in variants and "depth" in metrics:
        failed = [d for d, grid in metrics["depth"].items()
                  if next(iter(grid["none"].values()))["accuracy"] < CHANCE_FACTOR * chance]
        deepest = max(metrics["depth"], key=int)
        at_deepest = ", ".join(f"{NAMES[v]} {pm(next(iter(metrics['depth'][deepest][v].values()))['accuracy'], None)} %"
                               for v in variants)
        reading = (f"no-BN accuracy < {CHANCE_FACTOR:g} x chance at depth {', '.join(failed)}" if failed else
                   f"no-BN trains at every depth tried ({', '.join(metrics['depth'])} hidden layers, T = "
                   f"{config['depth_time_steps']})")
        last = {v: next(iter(metrics["depth"][deepest][v].values()))["accuracy"] for v in variants}
        why = "" if failed else (
            f"digits MLPs up to {deepest} hidden layers train without BN at T = {config['depth_time_steps']}; "
            + ("the variant without BN loses the least with depth" if last["none"] == max(last.values()) else
               "deeper nets lose accuracy with every variant")
            + ". The paper's failures are VGG11 on CIFAR-100 / Tiny-ImageNet and DVS, not run here")
        rows.append(["the baseline without BN fails to converge (paper: CIFAR-100, Tiny-ImageNet, DVS)",
                     f"{reading}; at {deepest} hidden layers: {at_deepest}", "yes" if failed else "no", why])
    return ["criterion (notes B.6)", "ours", "held", "why not (where it failed)"], rows


def render(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    """The Markdown body."""
    variants = [v for v in NAMES if v in metrics]
    context = {"config": config, "metrics": metrics, "names": NAMES, "variants": variants,
               "accuracy": accuracy_table(metrics, variants), "paper": paper_table(),
               "criteria": criteria(config, metrics, variants), "early_exit_paper": EARLY_EXIT,
               "gamma_peaks": GAMMA_PEAKS, "dvs": DVS_CIFAR10_BNTT}
    if "depth" in metrics:
        context["depth"] = depth_table(metrics, variants, config["depth"])
    if "sequential" in metrics:
        context["sequential"] = single_table(metrics["sequential"], variants, TABLE_3)
    if "vgg" in metrics:
        cifar10 = {variant: accuracy for data, variant, _, _, accuracy in TABLE_1 if data == "CIFAR-10"}
        context["vgg"] = single_table(metrics["vgg"], variants, cifar10)
    if "gamma_profile" in metrics:
        context["gamma"] = gamma_table(metrics["gamma_profile"])
    if "early_exit" in metrics:
        context["sweep"] = sweep_table(metrics["early_exit"]["sweep"])
    if "gain_decay" in metrics:
        context["gain_decay"] = gain_decay_table(config, metrics)
        context["gain_decay_sweep"] = sweep_table(metrics["early_exit"]["gain_decay"]["sweep"])
    return render_template(__package__, "report.md.j2", **context)
