"""Markdown report of the ``alsa`` study: Fig. 3 signs against the crossover f*, IRIS and the digits/MNIST pipeline
beside the paper's numbers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from brainsnn.networks.alsa_feature_readout import MNIST_FEATURE_RULE, MNIST_READOUT_RULE
from brainsnn.report import markdown_table

#: Mo et al. (2022), Sec. 3.2-3.3.
PAPER_IRIS_ACCURACY = 0.957
PAPER_MNIST = {"400 features": (0.8853, 0.87), "1600 features": (0.9158, 0.919)}
IRIS_CLASSES = ("setosa", "versicolor", "virginica")
IMAGE_TITLES = {"digits": "Digits", "mnist": "MNIST", "fashion-mnist": "Fashion-MNIST"}


def _fig3_section(config: Mapping[str, Any], fig3: Mapping[str, Any]) -> str:
    rates = fig3["rates_hz"]
    rows = []
    for k, tau in enumerate(fig3["tau_p_ms"]):
        cells = []
        for r in range(len(rates)):
            mark = "ok" if fig3["predicted_sign"][k][r] == fig3["measured_sign"][k][r] else "MISMATCH"
            cells.append(f"{fig3['mean_weight_change'][k][r]:+.4f} ± {fig3['sd_weight_change'][k][r]:.4f} ({mark})")
        rows.append([f"{tau:g}", f"{fig3['crossover_hz'][k]:.2f}", *cells])
    table = markdown_table(["tau_p (ms)", "f* (Hz)", *(f"{f:g} Hz" for f in rates)], rows)
    verdict = "every sign matches" if fig3["all_signs_match"] else "NOT every sign matches"
    return f"""## Fig. 3: mean weight change against pre/post rate

Independent Poisson pre and post trains at the same rate, {config['fig3_trials']} trials of
{config['fig3_duration_s']:g} s per point, w0 = {config['fig3_initial_weight']}, eta = {config['fig3_eta']},
alpha = {config['fig3_alpha']}, beta = {config['fig3_beta']}, dt = {config['fig3_dt_ms']} ms. Cells: mean ± s.d. over
trials of w(end) - w0; "ok" when its sign is the sign of f - f* with the closed-form crossover
f* = -alpha / ((alpha + beta) tau_p). **{fig3['signs_matching']} of {fig3['signs_total']} signs match: {verdict}.**

{table}

Paper (Fig. 3, no numbers printed): 100 s per simulation, 50 trials; at high enough rate dw > 0 for every tau_p,
with a small standard deviation.

![Fig. 3](figures/fig3_weight_change.png)
"""


def _iris_section(config: Mapping[str, Any], iris: Mapping[str, Any]) -> str:
    seeds = config["iris_seeds"]
    fold_rows = [[seed, *(f"{a:.3f}" for a in accs), f"{np.mean(accs):.3f}"]
                 for seed, accs in zip(seeds, iris["fold_accuracy"], strict=True)]
    folds = markdown_table(["seed", *(f"fold {k + 1}" for k in range(config["iris_folds"])), "mean"], fold_rows)
    epochs = markdown_table(["epoch", *(str(e) for e in range(1, len(iris["accuracy_by_epoch"]) + 1))],
                            [["test accuracy", *(f"{a:.3f}" for a in iris["accuracy_by_epoch"])]])
    confusion = markdown_table(["true \\ predicted", *IRIS_CLASSES],
                               [[name, *row] for name, row in zip(IRIS_CLASSES, iris["confusion"], strict=True)])
    ablation = iris.get("without_output_inhibition")
    comparison_rows = [
        ["test accuracy, mean over folds and seeds (final epoch)", f"{iris['test_accuracy']:.3f}",
         f"{PAPER_IRIS_ACCURACY:.3f} (mean of 4 trials, after several passes)"],
        ["test accuracy after one pass", f"{iris['first_epoch_accuracy']:.3f}", "about 0.95"],
    ]
    if ablation:
        comparison_rows.append(["the same without output inhibition (as in the paper's Fig. 5)",
                                f"{ablation['test_accuracy']:.3f} (one pass: {ablation['first_epoch_accuracy']:.3f})",
                                "—"])
    sweep = iris.get("teacher_rate_sweep") or {}
    if sweep:
        rates = {f"{config['teacher_rate_hz']:g}": iris["test_accuracy"], **sweep}
        ordered = sorted(rates.items(), key=lambda item: float(item[0]))
        comparison_rows.append(["test accuracy by teacher rate", ", ".join(f"{r} Hz: {a:.3f}" for r, a in ordered),
                                "teacher frequency has little influence (dynamic threshold)"])
    comparison = markdown_table(["IRIS", "ours", "paper"], comparison_rows)
    return f"""## IRIS, {config['iris_folds']}-fold cross-validation

Each class split into {config['iris_folds']} stratified groups (seeded shuffle); four groups train (120 samples),
one tests (30). Features min-max scaled on the training folds to 12 triangular receptive fields each (Eq. 8,
half-width {config['iris_half_width']} centre spacings, peak {config['iris_peak_rate_hz']} Hz, {config['input_trains']}
trains): 48 inputs -> 3 outputs, one-to-one teachers at {config['teacher_rate_hz']} Hz (weight
{config['teacher_weight']}) during training; {config['present_ms']:g} ms per sample + {config['rest_ms']:g} ms
rest; eta = {config['iris_eta']}, alpha = {config['iris_alpha']}, beta = {config['iris_beta']}, tau_p =
{config['iris_tau_p_ms']} ms, initial w ~ U{tuple(config['iris_initial_weight'])}; output lateral inhibition
{config['output_inhibition']} (ours). Neuron constants (ours): tau_m = {config['tau_membrane_ms']} ms, tau_E =
{config['tau_ge_ms']} ms, V_thrBase = {config['v_thresh_base_mv']} mV, V_thrDelta = {config['v_thresh_delta_mv']} mV,
tau_thr = {config['tau_thresh_ms']} ms, T_0 = {config['refractory_ms']} ms. {config['iris_epochs']} epochs, each
followed by a frozen test pass (teacher off, plasticity off); prediction = output with most spikes (ties: earliest
first spike; silent = wrong). Seeds {seeds}.

{comparison}

Per fold (final epoch):

{folds}

Mean over folds and seeds by epoch:

{epochs}

Confusion over all folds and seeds (final epoch); silent test samples: {100 * iris['silent_fraction']:.1f} %;
output spikes per test sample: {iris['output_spikes_per_test_sample']:.1f}; weights below 0.1 or above 0.9:
{100 * iris['final_weights_bimodal_fraction']:.0f} % (the paper: relevant weights go to 1, the others to 0).

{confusion}

![IRIS accuracy by epoch](figures/iris_accuracy_by_epoch.png)

![IRIS weights](figures/iris_weights.png)
"""


def _images(config: Mapping[str, Any], name: str) -> str:
    if name == "digits":
        return f"scikit-learn's 8x8 digits upsampled to {config['digits_upsample']}x{config['digits_upsample']}"
    return f"{IMAGE_TITLES[name]}'s 28x28 images of the official 60 000 / 10 000 split (seeded stratified subsets)"


def _digits_section(config: Mapping[str, Any], name: str | None, results: Mapping[str, Any] | None) -> str:
    paper = markdown_table(
        ["MNIST (paper)", "ALSA readout", "Diehl & Cook vote readout"],
        [[label, f"{alsa:.4f}", f"{vote:.3f}"] for label, (alsa, vote) in PAPER_MNIST.items()],
    )
    if results is None:
        return f"## Digits pipeline: not run (digits = false)\n\nThe paper's MNIST numbers:\n\n{paper}\n"
    title = IMAGE_TITLES[name]
    by_count = {str(config["digits_features"]): results, **(results.get("feature_sweep") or {})}
    ours = markdown_table(
        [f"{title} (ours, {results['n_train']} train / {results['n_test']} test)", "ALSA readout",
         "Diehl & Cook vote readout"],
        [[f"{n} features", f"{r['alsa_accuracy']:.3f}", f"{r['vote_accuracy']:.3f}"]
         for n, r in sorted(by_count.items(), key=lambda item: int(item[0]))],
    )
    spikes = ", ".join(f"{p} {n:.1f}" for p, n in zip(("features", "readout", "test"),
                                                        results["feature_spikes_per_sample"], strict=True))
    scope = "" if name == "mnist" else f" {title}, not MNIST, is run here."
    feature, readout = MNIST_FEATURE_RULE, MNIST_READOUT_RULE
    return f"""## {title}: unsupervised feature layer + ALSA readout vs label vote (Fig. 7 pipeline)

{_images(config, name)}, latency coded (one
spike per pixel, t = (1 - v) / (1 - 0.3) x {config['digits_latency_max_ms']:g} ms, none below
{config['digits_latency_threshold']}); {config['digits_features']} feature neurons with all-to-all lateral inhibition
(g_I += {config['digits_inhibition']}) and a homeostatic threshold (+{config['digits_feature_thresh_delta_mv']} mV per
spike, tau {config['digits_feature_thresh_tau_ms']:g} ms, frozen after the feature phase). Phase 1: input -> features
learn unsupervised (ALSA, alpha = {feature.alpha}, beta = {feature.beta}, tau_p = {feature.tau_p_ms:g} ms,
eta = {config['digits_feature_eta']}; paper {feature.eta} over 60 000 MNIST samples). Phase 2: features frozen,
features -> 10 outputs learn with {config['teacher_rate_hz']:g} Hz teachers (alpha = {readout.alpha}, beta =
{readout.beta:g}, tau_p = {readout.tau_p_ms:g} ms, eta = {config['digits_readout_eta']}; paper {readout.eta}).
Phase 3: test, all frozen. The ALSA readout predicts the output with most spikes (ties and silence broken by the
synaptic drive sum_j w_jc n_j; silent outputs: {100 * results['output_silent_fraction']:.0f} % of test samples); the
vote readout assigns each feature neuron the class it fired most for during phase 2 and votes on the same test
spikes. Feature spikes per sample: {spikes}; features active in the test: {results['features_active_in_test']}.

{ours}

{paper}

The paper's claim is that the ALSA readout matches the vote readout on the same features.{scope}

![{name} features](figures/{name}_features.png)
"""


def render(config: Mapping[str, Any], metrics: Mapping[str, Any], images: str | None) -> str:
    """The report; ``images`` names the dataset of the digits pipeline (its metrics key), ``None`` if not run."""
    return f"""
Mo, Wang, Long & Zhuo (2022), ALSA, Front. Neurosci. 16:838832: the plasticity rule (Eqs. 6-7) in Brian2,
the conductance LIF with dynamic threshold (Eqs. 1-5), teacher neurons, triangular population coding (Eq. 8) and
latency coding.

{_fig3_section(config, metrics['fig3'])}
{_iris_section(config, metrics['iris'])}
{_digits_section(config, images, metrics.get(images))}"""
