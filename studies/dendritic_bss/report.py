"""Markdown report of the ``dendritic-bss`` study: AUC (Exps. 1-3) and cluster separation (Exps. 4-5) beside the
paper's statements (:mod:`.paper_numbers`); one Jinja2 template per section."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from brainsnn.report import render_template
from brainsnn_studies.dendritic_bss.paper_numbers import (
    HUMANS,
    PAPER_EXP1,
    PAPER_MODIFIED_INFERENCE,
    PAPER_SOURCES,
    PAPER_VARIANTS,
)

#: Exp. 1 variants: metrics key -> (section title, set-up, name of a condition).
VARIANT_SECTIONS = {
    "exp1_all_pairs": ("Experiment 1, all combinations (Fig. 5C)",
                       "every pair of n sounds is one training mixture (C(n, 2) mixtures); all n sounds are tested",
                       "sounds mixed"),
    "exp2": ("Experiment 2: mixtures alternating with isolated sounds (Fig. 6)",
             "A = [T+M1, X1, T+M2, X2, T+M3, X3] (T, M1..M3 tested); B = [T+M, X1, T+M, X2, T+M, X3] (T, M "
             "tested); C = [T+M, M] x 3 (T, M tested; our reading of the schematic of Fig. 6)",
             "condition"),
    "exp3": ("Experiment 3: isolated sounds between the target mixtures (Fig. 6)",
             "six mixtures T + M_k, each followed by d distinct isolated sounds; T and M_1..M_6 tested",
             "isolated sounds d"),
}
#: Exps. 4-5: metrics key -> (section title, short name, set-up with configuration keys in braces).
SOURCE_SECTIONS = {
    "exp4": ("Experiment 4: natural-like sounds with grouping cues (Figs. 7-8)", "Exp. 4 (natural-like sounds)",
             "Five categories synthesised in numpy (vowels with formants, decaying instrument tones, gliding "
             "calls, tremolo tones, half-octave noise bursts; brainsnn.data.harmonic_sounds) stand in for the "
             "paper's 72 recordings; 800 ms at 8 kHz, unit RMS, mixed as waveforms, heard as log-mel "
             "spectrograms of {n_freq} bands x {n_time} frames (the Gaussian sounds' input layer); incorrect "
             "probes are new sounds of the same category with 1/8 of the frames copied (ours: the paper has "
             "none for natural sounds)"),
    "exp5": ("Experiment 5: photograph mixtures (Figs. 9-10)", "Exp. 5 (photographs)",
             "Grey {image_side} x {image_side} squares of scikit-learn's two photographs (cut from "
             "{image_crop}-pixel squares, nearly uniform ones dropped; brainsnn.data.photo_patches) stand in for "
             "the paper's 32 pictures; mixtures overlay two pictures at equal transparency; {exp5_outputs} "
             "output neurons as in the paper; incorrect probes are unused squares with 1/8 of the columns copied "
             "(ours)"),
}
ROBUSTNESS_LABELS = {"n_outputs": "output neurons N", "connectivity": "connection probability p"}


def _cell(summary: Mapping[str, Any]) -> str:
    return f"{summary['mean']:.3f} ± {summary['sd']:.3f}"


def _verdict(flag: bool) -> str:
    return "**met**" if flag else "**not met**"


def _agreement(flag: bool | None) -> str:
    return "—" if flag is None else "**agrees**" if flag else "**differs**"


def _exp1_tables(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> dict[str, tuple[list, list]]:
    """Exp. 1 per number of mixtures beside Fig. 5A, and its four-level AUC per seed."""
    exp1, controls = metrics["exp1"], metrics["untrained"]["by_mixtures"]["auc"]
    ns = [str(n) for n in sorted(int(k) for k in exp1["auc"])]
    rows = [[int(n), _cell(exp1["auc"][n]), _cell(exp1["auc_raw"][n]), _cell(controls[n]) if n in controls else "—",
             _cell(exp1["auc_target"][n]), _cell(exp1["auc_target_raw"][n]), _cell(exp1["separation"][n]),
             PAPER_EXP1.get(int(n), "—")] for n in ns]
    headers = ["mixtures", "AUC, four levels (ours)", "AUC, raw likelihood (ours)", "untrained, four levels",
               "modified inference, four levels", "modified inference, raw", "cluster separation (as Exps. 4-5)",
               "paper (Fig. 5A, prose)"]
    per_seed = [[int(n), *(f"{a:.3f}" for a in exp1["auc"][n]["per_seed"])] for n in ns]
    return {"exp1_table": (headers, rows),
            "per_seed": (["mixtures", *(f"seed {s}" for s in config["seeds"])], per_seed)}


def _done_means_table(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> tuple[list, list]:
    """The three checks of the Exp. 1 claim with our numbers and verdicts."""
    auc, done = metrics["exp1"]["auc"], metrics["done_means"]
    auc_one = auc.get("1", {}).get("mean", float("nan"))
    return ["check of the Exp. 1 claim (four-level AUC)", "ours", "verdict"], [
        ["AUC with one mixture < 0.62", f"{auc_one:.3f}", _verdict(done["one_mixture_below_0_62"])],
        ["AUC with 2-3 mixtures at least 0.1 above one mixture",
         ", ".join(f"{n}: {auc[str(n)]['mean']:.3f}" for n in (2, 3) if str(n) in auc),
         _verdict(done["two_or_three_mixtures_0_1_above_one"])],
        [f"trained above untrained by >= 0.2 (mixtures {list(config['untrained_mixtures'])})",
         f"{done['trained_auc_on_control_mixtures']:.3f} vs {done['untrained_auc']:.3f}",
         _verdict(done["trained_0_2_above_untrained"])],
    ]


def _variants(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    """One section per Exp. 1 variant that ran: AUC per condition beside the paper's statement."""
    sections = []
    for key, (title, setup, label) in VARIANT_SECTIONS.items():
        if key not in metrics:
            continue
        result, paper = metrics[key], PAPER_VARIANTS[key]
        rows = [[c, _cell(result["auc"][c]), _cell(result["auc_raw"][c]), _cell(result["auc_target"][c]),
                 _cell(result["auc_target_raw"][c]), paper.get(c, paper.get("*", "—"))] for c in result["auc"]]
        headers = [label, "AUC, four levels (ours)", "AUC, raw likelihood (ours)", "modified inference, four levels",
                   "modified inference, raw", "paper (prose)"]
        sections.append(render_template(__package__, "variant.md.j2", config=config, title=title, setup=setup,
                                        table=(headers, rows), modified=PAPER_MODIFIED_INFERENCE[key]))
    return "\n".join(sections)


def _source_verdicts(metrics: Mapping[str, Any], key: str) -> list[list[str]]:
    """The paper's claims of Exp. 4 or 5 (``claims`` of the metrics) with our verdicts."""
    result, claims = metrics[key], metrics[key]["claims"]
    verdicts = [["more mixtures separate the sources better than one",
                 _agreement(claims["several_mixtures_separate_better_than_one"])]]
    for n, better in claims.get("natural_more_separated_than_synthetic", {}).items():
        synthetic = metrics["exp1"]["separation"][n]["mean"]
        verdicts.append([f"{n} mixtures: natural-like more separated than Gaussian "
                         f"({result['separation'][n]['mean']:.2f} vs {synthetic:.2f})", _agreement(better)])
    return verdicts


def _sources(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    """Exps. 4 and 5: AUC and cluster separation per number of mixtures, and the paper's claims as verdicts."""
    sections = []
    for key, (title, _, setup) in SOURCE_SECTIONS.items():
        if key not in metrics:
            continue
        result, control = metrics[key], metrics[key]["untrained"]
        rows = [[n, _cell(result["separation"][n]), _cell(control["separation"][n]), _cell(result["silhouette"][n]),
                 _cell(result["auc"][n]), _cell(result["auc_raw"][n])] for n in sorted(result["auc"], key=int)]
        headers = ["mixtures", "separation, trained", "separation, untrained", "silhouette, trained",
                   "AUC, four levels", "AUC, raw"]
        sections.append(render_template(
            __package__, "source.md.j2", config=config, key=key, title=title, setup=setup.format(**config),
            table=(headers, rows), paper=PAPER_SOURCES[key],
            verdicts=(["claim (trained, mean separation)", "ours"], _source_verdicts(metrics, key))))
    return "\n".join(sections)


def _robustness(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    """Supp. Fig. 1: Exp. 1 at other numbers of output neurons and connection probabilities, beside the default."""
    if "robustness" not in metrics:
        return ""
    n, exp1 = str(config["robustness_mixtures"]), metrics["exp1"]
    rows = []
    for field, result in metrics["robustness"].items():
        if n in exp1["auc"]:
            rows.append([ROBUSTNESS_LABELS[field], f"{config[field]} (Exp. 1)", _cell(exp1["auc"][n]),
                         _cell(exp1["auc_raw"][n]), _cell(exp1["separation"][n])])
        rows += [[ROBUSTNESS_LABELS[field], value, _cell(result["auc"][value]), _cell(result["auc_raw"][value]),
                  _cell(result["separation"][value])] for value in sorted(result["auc"], key=float)]
    return render_template(__package__, "robustness.md.j2", config=config,
                           table=(["varied", "value", "AUC, four levels", "AUC, raw", "separation"], rows))


def _pretraining(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    """Fig. 3C-E: Exp. 1 after the sources were heard alone, beside Exp. 1 without that pre-exposure."""
    if "pretraining" not in metrics:
        return ""
    n, result, exp1 = str(config["pretraining_mixtures"]), metrics["pretraining"], metrics["exp1"]
    rows = [[0, _cell(exp1["auc"][n]), _cell(exp1["auc_raw"][n]), _cell(exp1["separation"][n])]] \
        if n in exp1["auc"] else []
    rows += [[reps, _cell(result["auc"][reps]), _cell(result["auc_raw"][reps]), _cell(result["separation"][reps])]
             for reps in sorted(result["auc"], key=int)]
    return render_template(__package__, "pretraining.md.j2", config=config,
                           table=(["pre-exposures", "AUC, four levels", "AUC, raw", "separation"], rows))


def _learning(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    """Fig. 3A-B: how fast the weights settle, per condition (first and last point of each learning curve)."""
    groups = {"Exp. 1, mixtures": metrics["exp1"]["learning_curve"],
              **{f"{short}, mixtures": metrics[key]["learning_curve"]
                 for key, (_, short, _) in SOURCE_SECTIONS.items() if key in metrics},
              **{f"Exp. 1 ({config['robustness_mixtures']} mixtures), {ROBUSTNESS_LABELS[field]}":
                 result["learning_curve"] for field, result in metrics.get("robustness", {}).items()}}
    if "pretraining" in metrics:
        groups[f"Exp. 1 ({config['pretraining_mixtures']} mixtures), pre-exposures (curve includes them)"] = \
            metrics["pretraining"]["learning_curve"]
    rows = [[group, condition, f"{curves[condition][0]:.2e}", f"{curves[condition][-1]:.2e}",
             f"{curves[condition][-1] / curves[condition][0]:.2f}"]
            for group, curves in groups.items() for condition in sorted(curves, key=float) if curves[condition]]
    if not rows:
        return ""
    headers = ["runs", "condition", f"after {config['learning_window']} sequences", "at the end", "end / start"]
    return render_template(__package__, "learning.md.j2", config=config, table=(headers, rows))


def render(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    """The Markdown body: Exp. 1 and its claims, then one section per further experiment that ran."""
    exp1, untrained = metrics["exp1"], metrics["untrained"]
    controls = [str(n) for n in config["untrained_mixtures"]]
    return render_template(
        __package__, "report.md.j2", config=config, class_rho=tuple(config["class_rho"]), humans=HUMANS,
        **_exp1_tables(config, metrics), checks=_done_means_table(config, metrics), done=metrics["done_means"],
        untrained=untrained, trained_raw=sum(exp1["auc_raw"][n]["mean"] for n in controls) / len(controls),
        by_mixtures=", ".join(f"{n} mixtures {exp1['auc'][n]['mean']:.3f}" for n in controls),
        variants=_variants(config, metrics), sources=_sources(config, metrics),
        robustness=_robustness(config, metrics), pretraining=_pretraining(config, metrics),
        learning=_learning(config, metrics))


def search_notes(config: Mapping[str, Any], trials: list[dict[str, Any]], names: list[str],
                 mixtures: tuple[int, ...]) -> str:
    """The best five finished trials (search dimensions ``names``, AUC at each of ``mixtures``) beside Fig. 5A."""
    finished = sorted((t for t in trials if t["objective"] is not None), key=lambda t: t["objective"])
    if not finished:
        return ""
    rows = [[str(t["trial"]), *(f"{t['params'][name]:.3g}" for name in names),
             *(f"{t['metrics'][f'auc_{n}']:.3f}" for n in mixtures)] for t in finished[:5]]
    headers = ["trial", *names, *(f"AUC, {n} mixture(s)" for n in mixtures)]
    return render_template(__package__, "search_notes.md.j2", config=config, table=(headers, rows))
