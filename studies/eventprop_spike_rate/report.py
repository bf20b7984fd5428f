"""Report of the ``eventprop-spike-rate`` study: our numbers beside the paper's, and every observable of the
research notes' scaled-down reproduction (shared/notes, Sec. A.6) and of the issue judged from the metrics alone."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from brainsnn.report import render_template
from brainsnn_studies.eventprop_spike_rate import paper_numbers as paper
from brainsnn_studies.eventprop_spike_rate.figures import LABELS, save_figures

__all__ = ["criteria", "render", "save_figures"]

Table = tuple[list[str], list[list[Any]]]
#: Switch-off: L_W at alpha = 0 ends with output <N_S> below this and at least this much lower accuracy.
SWITCH_OFF_OUTPUT, SWITCH_OFF_DROP = 1.0, 0.10
#: Excess spikes: L_W's network <N_S> at least this ("close to 2", Fig. 5).
EXCESS_SPIKES = 1.8
#: Done means: 2-phase accuracy at most this below L_W, with at least this fraction fewer network spikes, and
#: output <N_S> within this of 1.
ACCURACY_TOLERANCE, SPIKE_REDUCTION, OUTPUT_TOLERANCE = 0.01, 0.30, 0.25
#: Depth: 2-phase "roughly flat" means its largest network <N_S> over depths is at most this times its smallest.
FLAT_RATIO = 1.5
#: Images: 2-phase <N_S> "far lower" than L_W means at most this fraction of it.
FAR_LOWER = 0.7


#: What the paper states for each loss (Yin-Yang and MNIST; no table values survive in the text).
YIN_YANG_STATED = {"lw": f"network <N_S> close to {paper.FIG_5_LW_SPIKES:g} (Fig. 5)",
                   "lw_alpha0": "accuracy drops to uselessness (Fig. 5)",
                   "two_phase": f"~{paper.FIG_8_PHASE_1_ACCURACY} % after phase 1 -> ~{paper.FIG_8_PHASE_2_ACCURACY} % "
                                "(Fig. 8)",
                   "la_continued": "does not lower CE further (Fig. 8b)"}
IMAGES_STATED = {"lw": "<N_S> 'way larger' (Fig. 17)", "la": "<N_S> above 2-phase (Fig. 17)",
                 "two_phase": f"accuracy >= {paper.MNIST_MEANINGFUL_ACCURACY:g} %, network <N_S> much below "
                              f"{paper.MNIST_SPIKES_BELOW:g} (MNIST)"}


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}"


def _f(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def loss_table(losses: Mapping[str, Any], alphas: Mapping[str, float], etas: Mapping[str, float],
               stated: Mapping[str, str]) -> Table:
    headers = ["loss", "alpha", "eta (ms)", "test acc % (median)", "acc s.d.", "test CE", "network <N_S>",
               "output <N_S>", "silent neurons %", "first-spike latency (ms)", "<N_S> per layer (input first)",
               "paper"]
    rows = [[LABELS[name], alphas.get(name, ""), etas.get(name, ""), _pct(r["accuracy"]), _pct(r["accuracy_sd"]),
             _f(r["ce"], 3), _f(r["n_spikes_network"]), _f(r["n_spikes_output"]), _pct(r["silent_fraction"]),
             _f(r["latency_ms"]), " / ".join(f"{v:.2f}" for v in r["n_spikes_layers"]), stated.get(name, "")]
            for name, r in losses.items()]
    return headers, rows


def depth_table(metrics: Mapping[str, Any]) -> Table:
    headers = ["layers", "network", "L_W acc %", "L_W network <N_S>", "2-phase acc %", "2-phase network <N_S>"]
    rows = []
    for layers, row in metrics["depth"].items():
        sizes = "/".join(str(n) for n in metrics["depth_hidden"][layers])
        rows.append([layers, f"5/{sizes}/3", _pct(row["lw"]["accuracy"]), _f(row["lw"]["n_spikes_network"]),
                     _pct(row["two_phase"]["accuracy"]), _f(row["two_phase"]["n_spikes_network"])])
    return headers, rows


def sweep_table(rows: list[Mapping[str, Any]]) -> Table:
    headers = ["loss", "alpha", "eta (ms)", "test acc % (median)", "acc s.d.", "test CE", "network <N_S>",
               "output <N_S>", "silent neurons %"]
    return headers, [[LABELS[r["loss"]], r["alpha"], "" if r["eta"] is None else r["eta"], _pct(r["accuracy"]),
                      _pct(r["accuracy_sd"]), _f(r["ce"], 3), _f(r["n_spikes_network"]), _f(r["n_spikes_output"]),
                      _pct(r["silent_fraction"])] for r in rows]


def criteria(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every observable: claim, what we measured, whether it held."""
    y = metrics["yinyang"]
    lw, off, two, cont = y["lw"], y["lw_alpha0"], y["two_phase"], y["la_continued"]
    curves = metrics["curves"]["yinyang"]
    out = []

    def add(name: str, claim: str, measured: str, held: bool) -> None:
        out.append({"name": name, "claim": claim, "measured": measured, "held": bool(held)})

    drop = lw["accuracy"] - off["accuracy"]
    add("switch-off (Fig. 5)", f"L_W at alpha = 0: output <N_S> < {SWITCH_OFF_OUTPUT:g} and accuracy >= "
        f"{100 * SWITCH_OFF_DROP:.0f} points below alpha = {config['alpha_lw']}",
        f"output <N_S> {_f(off['n_spikes_output'])}, accuracy {_pct(off['accuracy'])} % vs {_pct(lw['accuracy'])} % "
        f"({100 * drop:+.1f} points)", off["n_spikes_output"] < SWITCH_OFF_OUTPUT and drop >= SWITCH_OFF_DROP)
    add("excess spikes under L_W (Fig. 5)", f"network <N_S> >= {EXCESS_SPIKES} (paper: close to "
        f"{paper.FIG_5_LW_SPIKES:g})", f"{_f(lw['n_spikes_network'])}", lw["n_spikes_network"] >= EXCESS_SPIKES)
    reduction = 1 - two["n_spikes_network"] / lw["n_spikes_network"]
    accuracy_gap = two["accuracy"] - lw["accuracy"]
    add("done means: 2-phase vs L_W", f"2-phase accuracy >= L_W - {100 * ACCURACY_TOLERANCE:.0f} point with >= "
        f"{100 * SPIKE_REDUCTION:.0f} % fewer network spikes",
        f"accuracy {100 * accuracy_gap:+.1f} points, network spikes {100 * reduction:.0f} % fewer",
        accuracy_gap >= -ACCURACY_TOLERANCE and reduction >= SPIKE_REDUCTION)
    add("SP works: output near one spike", f"2-phase output <N_S> within {OUTPUT_TOLERANCE} of 1",
        _f(two["n_spikes_output"]), abs(two["n_spikes_output"] - 1) <= OUTPUT_TOLERANCE)
    phase_1 = curves["la"]["ce"][-1]
    add("phase 2 matters (Fig. 8b)", "phase-2 training CE with L ends below phase 1's; L_A continued does not "
        "improve as much", f"phase 1 {_f(phase_1, 4)}, then L {_f(curves['two_phase']['ce'][-1], 4)}, L_A continued "
        f"{_f(curves['la_continued']['ce'][-1], 4)}; test CE {_f(two['ce'], 4)} vs {_f(cont['ce'], 4)}",
        curves["two_phase"]["ce"][-1] < phase_1 and curves["two_phase"]["ce"][-1] < curves["la_continued"]["ce"][-1])
    depth = metrics["depth"]
    layers = sorted(depth, key=int)
    lw_spikes = [depth[n]["lw"]["n_spikes_network"] for n in layers]
    two_spikes = [depth[n]["two_phase"]["n_spikes_network"] for n in layers]
    steps = [b - a for a, b in zip(lw_spikes, lw_spikes[1:], strict=False)]
    growing = len(steps) >= 2 and all(s > 0 for s in steps) and all(b > a for a, b in zip(steps, steps[1:],
                                                                                           strict=False))
    flat = min(two_spikes) > 0 and max(two_spikes) / min(two_spikes) <= FLAT_RATIO
    add("depth (Fig. 11)", f"L_W network <N_S> grows super-linearly with depth; 2-phase roughly flat (max/min <= "
        f"{FLAT_RATIO})", f"L_W {' -> '.join(_f(v) for v in lw_spikes)}; 2-phase "
        f"{' -> '.join(_f(v) for v in two_spikes)} over {' -> '.join(layers)} layers", growing and flat)
    images = metrics["images"]["losses"]
    add("images: 2-phase vs L_A and L_W (Figs. 15-17)", f"2-phase lower CE and lower <N_S> than L_A, <N_S> <= "
        f"{FAR_LOWER} x L_W's", f"CE {_f(images['two_phase']['ce'], 3)} vs {_f(images['la']['ce'], 3)}; <N_S> "
        f"{_f(images['two_phase']['n_spikes_network'])} vs L_A {_f(images['la']['n_spikes_network'])}, L_W "
        f"{_f(images['lw']['n_spikes_network'])}",
        images["two_phase"]["ce"] < images["la"]["ce"]
        and images["two_phase"]["n_spikes_network"] < images["la"]["n_spikes_network"]
        and images["two_phase"]["n_spikes_network"] <= FAR_LOWER * images["lw"]["n_spikes_network"])
    sweep = metrics["sweep"]
    better = [(r["alpha"], r["eta"]) for r in sweep if r["loss"] == "two_phase" and all(
        r["accuracy"] >= o["accuracy"] for o in sweep
        if o["loss"] in ("l", "la") and o["alpha"] == r["alpha"] and o["eta"] == r["eta"])]
    points = [r for r in sweep if r["loss"] == "two_phase"]
    add("sweep: 2-phase consistently better (Figs. 9-10)", "2-phase median accuracy >= L and >= L_A at every "
        "(alpha, eta)", f"{len(better)} of {len(points)} points", len(better) == len(points))
    add("Brian2 decisions", "the trained 2-phase network decides identically in Brian2",
        f"{_pct(metrics['brian2_agreement'])} % identical", metrics["brian2_agreement"] == 1.0)
    return out


def render(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    alphas = {"lw": config["alpha_lw"], "lw_alpha0": 0.0, "l": config["alpha"], "la": config["alpha"],
              "two_phase": config["alpha"], "la_continued": config["alpha"]}
    etas = {name: config["eta"] for name in ("l", "la", "two_phase", "la_continued")}
    image_alphas = dict.fromkeys(("lw", "l", "la", "two_phase"), config["image_alpha"])
    image_etas = dict.fromkeys(("l", "la", "two_phase"), config["image_eta"])
    checks = criteria(config, metrics)
    brian = metrics["brian2"]
    disagreements = {str(brian["dt_ms"]): brian.get("disagreements", [])} | brian.get("disagreements_by_dt", {})
    return render_template(
        __package__, "report.md.j2", config=config, m=metrics, paper=paper, checks=checks,
        losses=loss_table(metrics["yinyang"], alphas, etas, YIN_YANG_STATED), depth=depth_table(metrics),
        sweep=sweep_table(metrics["sweep"]),
        images=loss_table(metrics["images"]["losses"], image_alphas, image_etas, IMAGES_STATED),
        observables=(["observable", "criterion", "measured", "held"],
                     [[c["name"], c["claim"], c["measured"], "yes" if c["held"] else "**no**"] for c in checks]),
        factors=", ".join(f"{f:.3g}" for f in metrics["calibration_factors"]), disagreements=disagreements)
