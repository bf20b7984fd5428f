"""Markdown report of the ``vo2-onn`` study: every experiment beside the paper's numbers and statements.

One Jinja2 template per section (``*.md.j2`` next to this module); this module builds their tables and verdicts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from brainsnn.report import render_template
from brainsnn_studies.vo2_onn import paper_numbers as paper
from brainsnn_studies.vo2_onn.circuit import metric_key
from brainsnn_studies.vo2_onn.ladder import RUNGS

#: Relative distance to the paper's period and t_d / t_c within which the simulation agrees with it.
PERIOD_TOLERANCE = 0.02
TD_TC_TOLERANCE = 0.1
#: The best beta of a search agrees with the paper's N / 32 when it lies this close.
BETA_TOLERANCE = 0.25
#: Row labels of the ladder's rungs.
RUNG_LABELS = {"hopfield": "discrete Hopfield", "phase_ideal": "ideal phase oscillators",
               "phase_transition": "composed pair rule", "vo2": "VO2 circuit"}


def short_number(value: Any, digits: int = 3) -> str:
    """``value`` with ``digits`` significant digits, ``n/a`` when undefined (None, NaN, infinite)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)


def signed_percent(fraction: float) -> str:
    """A relative change as a signed percentage (0.04 -> "+4 %")."""
    return f"{100 * fraction:+g} %"


def verdict(agrees: bool) -> str:
    return "agrees" if agrees else "**differs**"


def numeric_items(table: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Items of a metrics table keyed by numbers ("2", "10", "-0.05"), in numeric order."""
    return sorted(table.items(), key=lambda item: float(item[0]))


def section(template: str, **context: Any) -> str:
    """One section from its template, with the paper's numbers and the formatting helpers at hand."""
    return render_template(__package__, template, paper=paper, fmt=short_number, percent=signed_percent,
                           verdict=verdict, **context)


def render(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    """The report body, one section per group of the paper's figures and the choices made where it is silent."""
    return "\n".join([_oscillator(metrics), _pairs(metrics), _transition(metrics), _variability(metrics),
                      _asymmetry(metrics), _onn(config, metrics), _ladder(config, metrics),
                      section("choices.md.j2", config=config)])


def _oscillator(m: Mapping[str, Any]) -> str:
    period_agrees = abs(m["period_us"] / paper.PERIOD_US - 1) <= PERIOD_TOLERANCE
    rows = [["T_osc (us)", str(paper.PERIOD_US), short_number(m["period_us"], 4),
             short_number(m["period_closed_form_us"], 4), verdict(period_agrees)],
            ["V_out swing (V)", " - ".join(map(str, paper.SWING_V)), " - ".join(map(short_number, m["swing_v"])),
             " - ".join(map(short_number, m["swing_closed_form_v"])), ""]]
    for r_s, expected in paper.TD_TC.items():
        ours = m["td_tc_ratio"].get(r_s)
        rows.append([f"t_d / t_c at R_S = {r_s} kOhm", str(expected), short_number(ours),
                     short_number(m["td_tc_closed_form"].get(r_s)),
                     "not run" if ours is None else verdict(abs(ours / expected - 1) <= TD_TC_TOLERANCE)])
    return section("oscillator.md.j2", table=(["quantity", "paper", "simulated", "closed form (tau0 = 0)", ""], rows))


def _pairs(m: Mapping[str, Any]) -> str:
    switches, examples = m["switches"], m["pair_examples"]
    rows = [["R_C = 10 kOhm, delay T/2, no switches (Fig. 3A)",
             f"{paper.SWITCH_PHASE_DEG['without_switches_deg']} (input lost)", switches["without_switches_deg"]],
            ["R_C = 10 kOhm, delay T/2, switches (Fig. 3B)", paper.SWITCH_PHASE_DEG["with_switches_deg"],
             switches["with_switches_deg"]],
            ["R_C = 10 kOhm, delay 0.1 T (Fig. 4)", paper.EXAMPLE_PHASE_DEG[0], examples["rc10_delay0.1_deg"]],
            ["R_C = 100 kOhm, delay 0.1 T (Fig. 4)", paper.EXAMPLE_PHASE_DEG[1], examples["rc100_delay0.1_deg"]]]
    rows = [[case, str(expected), short_number(simulated)] for case, expected, simulated in rows]
    fractions = [float(f) for f in m["boundary"]["delay_fraction"]]
    half = m["boundary"]["simulated_r_kohm"][fractions.index(paper.SWITCH_DELAY)] \
        if paper.SWITCH_DELAY in fractions else None
    return section("pairs.md.j2", table=(["case", "paper phase (deg)", "simulated (deg)"], rows), half=half)


def _transition(m: Mapping[str, Any]) -> str:
    b = m["boundary"]
    rows = [[short_number(f), short_number(r), short_number(a)]
            for f, r, a in zip(b["delay_fraction"], b["simulated_r_kohm"], b["analytic_r_kohm"], strict=True)]
    in_max, out_min = m["always_in_phase_max_kohm"], m["always_out_of_phase_min_kohm"]
    return section("transition.md.j2", m=m,
                   table=(["delta t / T", "simulated zeta^-1 (kOhm)", "Eq. 10, fitted epsilon (kOhm)"], rows),
                   in_agrees=in_max is not None and in_max >= paper.ALWAYS_IN_PHASE_BELOW_KOHM,
                   out_agrees=out_min is not None and out_min <= paper.ALWAYS_OUT_OF_PHASE_ABOVE_KOHM)


def _variability(m: Mapping[str, Any]) -> str:
    rows = [[name, signed_percent(float(change)), short_number(row["period_us"], 4),
             f"{100 * row['period_change']:+.1f} %", short_number(row["r0_kohm"], 4),
             f"{100 * row['r0_change']:+.1f} %" if row["r0_change"] is not None else "n/a"]
            for name, changes in m["variability"].items() for change, row in numeric_items(changes)]
    headers = ["parameter", "change", "T_osc (us)", "T_osc change", "R_0 (kOhm)", "R_0 change"]
    return section("variability.md.j2", table=(headers, rows))


def _asymmetry_outcomes(row: Mapping[str, Any]) -> tuple[str, str]:
    """What came out of the 4-oscillator test, and what the paper expects at its t_d / t_c (Fig. 9)."""
    ratio = row["td_tc"]
    expected = ("in phase (wrong)" if ratio < paper.ALL_IN_PHASE_BELOW_TD_TC else
                "~270 deg" if ratio < paper.CORRECT_ABOVE_TD_TC else "correct")
    outcome = ("correct" if row["correct"] else "all in phase (binarised)" if row["all_in_phase"] else
               "intermediate" if row["intermediate"] else "wrong")
    return outcome, expected


def _asymmetry(m: Mapping[str, Any]) -> str:
    rows = [[r_s, short_number(row["td_tc"]), short_number(row["r_plus_kohm"], 4),
             short_number(row["r_minus_kohm"], 4), ", ".join(f"{p:.0f}" for p in row["phases_deg"]),
             *_asymmetry_outcomes(row)] for r_s, row in numeric_items(m["asymmetry"])]
    headers = ["R_S (kOhm)", "t_d / t_c", "R_+1 (kOhm)", "R_-1 (kOhm)", "phases (deg)", "simulated", "paper"]
    return section("asymmetry.md.j2", table=(headers, rows))


def _score_cell(scores: Mapping[str, float]) -> str:
    return f"{scores['retrieval_accuracy']:.2f} ({scores['hamming']:.1f}) / {scores['recognition']:.2f}"


def _retrieval_table(m: Mapping[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Per network (each beta, the references, the linear mapping) and k: exact (Hamming) / recognition."""
    acc = m["retrieval_accuracy"]
    ks = [k for k, _ in numeric_items(next(iter(acc.values())))]
    rows = [[f"ONN beta = {b}"] + [_score_cell({"retrieval_accuracy": acc[b][k], "hamming": m["hamming"][b][k],
                                                "recognition": m["recognition"][b][k]}) for k in ks]
            for b, _ in numeric_items(acc)]
    for name, label in (("hopfield", "discrete Hopfield"), ("input_sign", "sign(input), no network")):
        rows.append([label] + [_score_cell(m[name][k]) for k in ks])
    if "linear_mapping" in m:
        linear = m["linear_mapping"]
        rows.append([f"ONN linear mapping, beta = {linear['beta']}"] + [f"{linear['accuracy'][k]:.2f}" for k in ks])
    return ["network"] + [f"k = {k}" for k in ks], rows


def _paper_claims(acc: Mapping[str, Mapping[str, float]], n_inputs: int) -> list[str]:
    """Fig. 14C's statements checked on the measured exact-retrieval table."""
    lines = [f"With {n_inputs} inputs per k, one input is {1 / n_inputs:.2f} of the accuracy."]
    beta, limit = metric_key(paper.PAPER_BETA), paper.FUZZY_PIXELS_LIMIT
    best = acc.get(beta, {})
    up_to_limit = [value for k, value in best.items() if int(k) <= limit]
    if up_to_limit:
        worst = min(up_to_limit)
        lines.append(f"- beta = {beta} retrieves >= {100 * paper.RETRIEVAL_ACCURACY:g} % exactly for every "
                     f"k <= {limit} (paper): lowest measured {worst:.2f} "
                     f"({verdict(worst >= paper.RETRIEVAL_ACCURACY)}).")
    at_limit = metric_key(limit)
    for other in paper.WORSE_BETAS:
        if at_limit in best and at_limit in acc.get(other, {}):
            ours, theirs = acc[other][at_limit], best[at_limit]
            lines.append(f"- beta = {other} is less accurate than beta = {beta} at k = {limit} (paper): "
                         f"{ours:.2f} vs {theirs:.2f} ({verdict(ours < theirs)}).")
    return lines


def _onn(config: Mapping[str, Any], m: Mapping[str, Any]) -> str:
    n_inputs = 6 * config["inputs_per_digit"]
    spread = [[b, f"{100 * r['spread']:.1f} %", f"{100 * r['smallest_step']:.2f} %", paper.PAPER_SPREAD.get(b, "")]
              for b, r in numeric_items(m["mapping"])]
    scaling = m.get("scaling")
    scaling_table = None if scaling is None else (
        ["change"] + [signed_percent(float(c)) for c, _ in numeric_items(scaling["accuracy"])],
        [["exact retrieval"] + [f"{v:.2f}" for _, v in numeric_items(scaling["accuracy"])]])
    return section(
        "onn.md.j2", config=config, n_inputs=n_inputs, retrieval=_retrieval_table(m),
        claims=_paper_claims(m["retrieval_accuracy"], n_inputs),
        flagged=np.mean([v for row in m["flagged"].values() for v in row.values()]),
        imbalances=", ".join(f"{100 * r['pattern_imbalance']:.2f} % (beta = {b})"
                             for b, r in numeric_items(m["mapping"])),
        spread=(["beta", "Delta R_max / R_min", "Delta R_min / R_min", "paper"], spread),
        scaling=scaling, scaling_table=scaling_table)


def first_failing_rung(ladder: Mapping[str, Any], beta: str, limit: int) -> str | None:
    """The first rung whose exact retrieval falls below the paper's accuracy at some k <= ``limit``."""
    for rung in RUNGS:
        values = [value for k, value in ladder[rung][beta].items() if int(k) <= limit]
        if values and min(values) < paper.RETRIEVAL_ACCURACY:
            return rung
    return None


def _worst_up_to(values: Mapping[str, float], limit: int) -> float:
    """The lowest exact retrieval over k <= ``limit`` (NaN if no such k was run)."""
    return min((value for k, value in values.items() if int(k) <= limit), default=math.nan)


def _sweep_reading(sweep: Mapping[str, Any], limit: int) -> str:
    """Per binary-locking share and encoding: the best K by worst-case exact retrieval over k <= ``limit``."""
    lines = []
    for encoding in ("delay", "sign"):
        ratios: dict[str, list[tuple[float, str]]] = {}
        for strength, by_ratio in numeric_items(sweep[encoding]):
            for ratio, values in by_ratio.items():
                ratios.setdefault(ratio, []).append((_worst_up_to(values, limit), strength))
        for ratio, results in sorted(ratios.items(), key=lambda item: float(item[0])):
            worst, strength = max(results, key=lambda item: item[0] if math.isfinite(item[0]) else -1)
            lines.append(f"- {encoding} encoding, B / K = {ratio}: lowest exact retrieval over k <= {limit} is at "
                         f"best {short_number(worst, 2)} (K = {strength}).")
    return "\n".join(lines)


def corrected_share(hamming: Mapping[str, float], sign_hamming: Mapping[str, Any]) -> float:
    """The share of sign(input)'s wrong pixels that a network corrected, pooled over k > 0 (negative: it added
    errors)."""
    ks = [k for k in hamming if int(k) > 0]
    wrong = sum(sign_hamming[k]["hamming"] for k in ks)
    return (wrong - sum(hamming[k] for k in ks)) / wrong if wrong else math.nan


def _circuit_reading(m: Mapping[str, Any], limit: int) -> str:
    """Per beta: how much of sign(input)'s error each rung corrects, and the VO2 rung at k = 0 (clean digits kept,
    flagged runs, locked period)."""
    lines = []
    for b, _ in numeric_items(m["ladder"]["vo2"]):
        corrected = {rung: corrected_share(m["ladder_hamming"][rung][b], m["input_sign"]) for rung in RUNGS}
        shares = ", ".join(f"{RUNG_LABELS[rung]} " + (f"{100 * share:.0f} %" if math.isfinite(share) else "n/a")
                           for rung, share in corrected.items())
        clean = "" if "0" not in m["ladder"]["vo2"][b] else (
            f" With no fuzzy pixel the circuit keeps {m['ladder']['vo2'][b]['0']:.2f} of the digits, "
            f"{100 * m['flagged'][b]['0']:.0f} % of those runs end with an oscillator unconverged or at an "
            f"intermediate phase, and oscillator 1 locks at a median period of "
            f"{short_number(m['locked_period_us'][b]['0'])} us.")
        lines.append(f"- beta = {b}: {shares}.{clean}")
    return "\n".join(lines)


def _ladder(config: Mapping[str, Any], m: Mapping[str, Any]) -> str:
    """Exact retrieval (Hamming) of every rung and beta per k, the first failing rung, the ideal rung's sweep and
    the transit band of each mapping (nothing for a run made before the ladder existed)."""
    if "ladder" not in m:
        return ""
    ladder, hamming, limit = m["ladder"], m["ladder_hamming"], paper.FUZZY_PIXELS_LIMIT
    betas = [b for b, _ in numeric_items(ladder["vo2"])]
    ks = [k for k, _ in numeric_items(ladder["vo2"][betas[0]])]
    rows = [[f"{number}. {RUNG_LABELS[rung]}", b] + [f"{ladder[rung][b][k]:.2f} ({hamming[rung][b][k]:.1f})"
                                                      for k in ks]
            for number, rung in enumerate(RUNGS, start=1) for b in betas]
    sweep = m["phase_ideal_sweep"]
    sweep_rows = [[encoding, strength, ratio] + [f"{values[k]:.2f}" for k in ks]
                  for encoding in ("delay", "sign") for strength, ratios in numeric_items(sweep[encoding])
                  for ratio, values in numeric_items(ratios)]
    transit_rows = [[b, f"{low:.3f} - {high:.3f}", f"{1 - 4 * high:+.2f} .. {1 - 4 * low:+.2f}",
                     f"{2 * (high - low):.2f}"] for b, (low, high) in numeric_items(m["ladder_transit"])]
    return section(
        "ladder.md.j2", config=config, limit=limit, n_inputs=6 * config["inputs_per_digit"],
        table=(["rung", "beta"] + [f"k = {k}" for k in ks], rows),
        failures={b: first_failing_rung(ladder, b, limit) for b in betas}, labels=RUNG_LABELS,
        sweep_beta=sweep["beta"], sweep=(["encoding", "K", "B / K"] + [f"k = {k}" for k in ks], sweep_rows),
        sweep_reading=_sweep_reading(sweep, limit), circuit_reading=_circuit_reading(m, limit),
        paper_beta=metric_key(paper.PAPER_BETA), period=short_number(m["period_us"], 4),
        transit=(["beta", "zeta / T_osc of the mapped pairs", "grey values x decided by W", "share of U(-1, 1)"],
                 transit_rows))


def search_notes(config: Mapping[str, Any], trials: list[dict[str, Any]]) -> str:
    """The best points of a search against the paper's beta = N / 32 (Fig. 14C)."""
    finished = sorted((t for t in trials if t["objective"] is not None), key=lambda t: t["objective"])
    if not finished:
        return ""
    rows = [[str(t["trial"]), *(f"{t['params'][name]:.3g}" for name in ("beta", "r_s_kohm", "coupling_scale")),
             *(f"{t['metrics'][name]:.2f}" for name in ("accuracy", "hamming", "recognition"))]
            for t in finished[:5]]
    headers = ["trial", "beta", "R_S (kOhm)", "scale", "exact", "Hamming", "recognised"]
    best_beta = finished[0]["params"]["beta"]
    return section("search_notes.md.j2", config=config, table=(headers, rows), best_beta=best_beta,
                   near=abs(best_beta - paper.PAPER_BETA) <= BETA_TOLERANCE, tolerance=BETA_TOLERANCE)
