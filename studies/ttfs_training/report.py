"""Markdown report of the ``ttfs-training`` study: Tables 3.1 / 3.3 beside the thesis, Figs. 3.2, 3.3, 3.5, 2.5, L1."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from brainsnn.report import markdown_table

#: Thesis Table 3.1 (training from scratch, mean ± sd over trials): ReLU acc %, SNN acc %.
THESIS_TABLE_3_1 = [("MNIST (16-layer FC or LeNet5-like)", "99.57 ± 0.01", "99.57 ± 0.00"),
                    ("Fashion-MNIST", "94.24 ± 0.02", "94.26 ± 0.03"), ("CIFAR10 (VGG16)", "93.68 ± 0.02",
                                                                        "93.69 ± 0.001")]
#: Thesis Table 3.3 (one hidden layer of 340, 50 epochs).
THESIS_TABLE_3_3 = [("MNIST", "98.3", "98.3"), ("Fashion-MNIST", "90.14", "90.14")]
SLOPES = {"linear": "SNN, B = 1 (linearly mappable)", "constant": "SNN, alpha = 1"}


def _pct(value: float | None) -> str:
    return "diverged" if value is None else f"{100 * value:.2f}"


def _num(value: float | None, spec: str = ".3g") -> str:
    return "overflow" if value is None else format(value, spec)


def _kept(kept: Mapping[str, Any]) -> str:
    return f"{kept['learning_rate']:g}, {kept['epoch']}" if kept["epoch"] else "none (0)"


def _setting_rows(label: str, m: Mapping[str, Any]) -> list[Any]:
    return [label, _pct(m["relu_accuracy"]), _pct(m["snn_accuracy"]), _pct(m["agreement"]),
            f"{m['spikes_per_neuron']:.3f}", _num(m["latency"], ".4g")]


def _seed_table(result: Mapping[str, Any], label: str, thesis: list[tuple[str, str, str]]) -> str:
    summary = result["summary"]

    def mean_sd(key: str) -> str:
        return f"{100 * summary[key]['mean']:.2f} ± {100 * summary[key]['sd']:.2f}"

    return markdown_table(
        ["network", "ReLU acc %", "SNN acc %", "agreement %", "max abs(w_SNN - w_ReLU) over seeds"],
        [[f"{SLOPES[s]}, {label}", mean_sd(f"{s}_relu_accuracy"), mean_sd(f"{s}_snn_accuracy"),
          f"{100 * summary[f'{s}_agreement']['mean']:.2f}", _num(summary[f"{s}_max_weight_difference"], ".2e")]
         for s in SLOPES]
        + [[f"{name} (thesis)", relu, snn, "—", "—"] for name, relu, snn in thesis])


def render(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    dataset = metrics["dataset"]
    spectra, trajectory, deep = metrics["spectra"], metrics["trajectory"], metrics["table_3_1"]
    shallow, tuning, sensitivity, l1 = (metrics[k] for k in ("table_3_3", "fine_tuning", "sensitivity", "l1_sweep"))
    setting_headers = ["network", "ReLU acc %", "SNN acc %", "agreement %", "spikes / neuron", "latency (tau_c)"]
    sizes = "-".join(map(str, trajectory["sizes"]))

    table_3_1 = _seed_table(deep, f"{sizes}, ours ({config['seeds']} seeds)", THESIS_TABLE_3_1)
    table_3_3 = _seed_table(shallow, f"{dataset['n_inputs']}-{config['shallow_hidden']}-10, ours ({config['seeds']} "
                            "seeds)", THESIS_TABLE_3_3)

    spectra_table = markdown_table(
        ["Jacobian B^-1 W", "spectral radius", "fraction abs(lambda) > 1", "rows with B <= 0"],
        [[SLOPES[s], f"{spectra[s]['spectral_radius']:.3g}", f"{spectra[s]['fraction_outside_unit_circle']:.3f}",
          f"{spectra[s]['fraction_rows_b_not_positive']:.3f}"] for s in SLOPES])

    history = trajectory["history"]
    checkpoints = sorted({0, len(history["train_accuracy"]) // 3, 2 * len(history["train_accuracy"]) // 3,
                          len(history["train_accuracy"]) - 1})
    trajectory_table = markdown_table(
        ["epoch", "train acc ReLU", "train acc B = 1", "train acc alpha = 1", "max abs(dW) B = 1",
         "max abs(dW) alpha = 1", "cos alpha = 1", "latency B = 1", "latency alpha = 1"],
        [[e + 1, _pct(history["train_accuracy"][e]["relu"]), _pct(history["train_accuracy"][e]["linear"]),
          _pct(history["train_accuracy"][e]["constant"]), _num(history["max_weight_difference"][e]["linear"], ".2e"),
          _num(history["max_weight_difference"][e]["constant"], ".2e"),
          _num(history["cosine_similarity"][e]["constant"], ".3f"), _num(history["latency"][e]["linear"], ".4g"),
          _num(history["latency"][e]["constant"], ".4g")] for e in checkpoints])
    final_table = markdown_table(setting_headers, [_setting_rows(SLOPES[s], trajectory["final"][s]) for s in SLOPES])

    tuning_table = markdown_table(
        ["constraint", "level", "SNN acc % before", "SNN acc % after", "change (points)", "kept (lr, epoch)",
         "agreement % after", "spikes / neuron", "latency (tau_c)"],
        [[c["constraint"], f"{c['level']:g}", _pct(c["before"]["snn_accuracy"]), _pct(c["after"]["snn_accuracy"]),
          f"{100 * (c['after']['snn_accuracy'] - c['before']['snn_accuracy']):+.2f}", _kept(c["kept"]),
          _pct(c["after"]["agreement"]),
          f"{c['after']['spikes_per_neuron']:.3f}", f"{c['after']['latency']:.4g}"] for c in tuning["cases"]])

    def sweep_table(key: str, column: str) -> str:
        return markdown_table(
            ["network", column, "SNN acc %", "sd over trials", "agreement %", "spikes / neuron", "latency (tau_c)"],
            [[name, f"{row[column]:g}", _pct(row["snn_accuracy"]), f"{100 * row['snn_accuracy_sd']:.2f}",
              _pct(row["agreement"]), f"{row['spikes_per_neuron']:.3f}", f"{row['latency']:.4g}"]
             for name, result in sensitivity.items() for row in result[key]])

    windows = "; ".join(f"{name}: " + ", ".join(f"{w:.2f}" for w in result["windows"])
                        for name, result in sensitivity.items())
    l1_table = markdown_table(
        ["L1 coefficient", "ReLU acc %", "SNN acc % (Brian2)", "agreement %", "spikes / neuron (Brian2)",
         "ReLU active fraction", "max logit error", "latency (tau_c)"],
        [[f"{r['l1_coefficient']:g}", _pct(r["relu_accuracy"]), _pct(r["snn_accuracy"]), _pct(r["agreement"]),
          f"{r['spikes_per_neuron']:.4f}", f"{r['relu_active_fraction']:.4f}", f"{r['max_logit_error']:.1e}",
          f"{r['latency']:.3g}"] for r in l1["rows"]])
    rates = ", ".join(f"{lr:g}" for lr in config["finetune_learning_rates"])
    seconds = ", ".join(f"{k} {v:.0f} s" for k, v in metrics["seconds"].items())

    return f"""
## What ran

`{dataset['name']}`: {dataset['n_train']} training and {dataset['n_test']} test images, pixels / 255 as inputs
x in [0, 1] (input spikes at t = tau_c (1 - x), tau_c = 1). Everything in float64 numpy with the closed-form spike
times and exact spike-time gradients of `SpikeTimeNetwork` (thesis Eqs. 3.1-3.13), except the L1 sweep, whose SNN
runs in Brian2 (exact-event mode, "< 1 spike" variant, device `{config['device']}`). Windows start from data
(Eqs. 3.19-3.21, zeta = {config['zeta']}) and grow with the adaptive rule (Eq. 3.3, gamma = {config['gamma']:g})
during training; batch size {config['batch_size']}; seed {config['seed']}. Accuracies are on the test set.
Time per part: {seconds}.

Latency = readout time t_max^(N) in units of tau_c. Spikes / neuron = fraction of hidden (neuron, sample) pairs
that spike before their window ends (the "< 1 spike" count). Agreement = fraction of test samples where the SNN
predicts what the ReLU network (or, under constraints, the unconstrained SNN) predicts.

## Fig. 3.2 analogue: Jacobian spectra at a naive initialisation

W ~ N(0, 1/N) with N = {spectra['size']}; the spike-time Jacobian dt^(n)/dt^(n-1) = M B^-1 W (Eq. 3.12) with
every neuron inside its window (M = 1). Under B = 1 it is W itself (circular law, radius about 1); with alpha = 1,
B = 1 + sum_j W_ij is about N(1, 1), so rows with B near 0 blow up and rows with B < 0 flip sign. Thesis: "many
eigenvalues outside the unit circle" for alpha = 1, inside under the linear condition.

{spectra_table}

![Jacobian spectra](figures/jacobian_spectra.png)

For the trained B = 1 network of Fig. 3.3, the eigenvalues of dt^(n)/dt^(n-1) equal those of the ReLU network's
Jacobian M w to {trajectory['jacobian_spectrum_difference']:.1e} (square hidden layers, 5 test samples).

## Fig. 3.3 analogue: training trajectories (plain SGD)

{sizes} network; ReLU, B = 1 and alpha = 1 SNNs start from the same row-centred weights (sum_j w_ij = 0, so both
SNNs equal the ReLU network at the start: max weight difference {trajectory['start_weight_difference']:.1e}),
train {config['trajectory_epochs']} epochs with SGD (lr {config['trajectory_learning_rate']:g}) on identical
mini-batches. The SNNs' weights are compared after the reverse map w = W / B (Eq. 3.4). Thesis (8-layer FC,
MNIST, lr 5e-4): the B = 1 network follows the ReLU curve, cos = 1; alpha = 1 "struggles to surpass training
accuracy of around 20 %" and its cosine similarity drifts after about 20 epochs.

{trajectory_table}

After training (test set):

{final_table}

![trajectories](figures/trajectory.png)

## Table 3.1 analogue: training from scratch (Adam)

The same {sizes} architecture from other row-centred starts, Adam (lr {config['deep_learning_rate']:g} with the
0.9^(it/5000) decay), {config['deep_epochs']} epochs, mean ± sd over {config['seeds']} seeds. Under Adam the B = 1
SNN and the ReLU network of a deep net drift apart by rounding (Adam's m / sqrt(v) amplifies differences in
near-zero gradients, and each layer amplifies them further), so, as in the thesis, compare means over trials; the
float-exact equality is the SGD trajectory above. The thesis's rows are MNIST, Fashion-MNIST and CIFAR10 with
larger networks; what carries over is SNN = ReLU for B = 1.

{table_3_1}

## Table 3.3 analogue: shallow network

One hidden layer of {config['shallow_hidden']} (the thesis's 340), Adam (lr {config['shallow_learning_rate']:g}),
{config['shallow_epochs']} epochs, identical start and batches for ReLU and SNN, mean ± sd over
{config['seeds']} seeds.

{table_3_3}

## Fig. 3.5 analogue: fine-tuning under constraints

The trained B = 1 network of Table 3.1 (test accuracy {_pct(tuning['float_accuracy'])} %, latency
{tuning['float_latency']:.4g} tau_c) evaluated under each constraint, then fine-tuned {config['finetune_epochs']}
epochs with Adam (lr {rates}, each from the same start) through the constrained forward pass (straight-through
gradients for rounding and noise, full-precision shadow weights for q bits, adaptive rule off), keeping the learning
rate and epoch with the lowest constrained *training* loss (epoch 0 = no fine-tuning). Jitter: Gaussian
noise on every spike time including inputs, mean over {config['finetune_trials']} test passes. Time steps: windows
holding the {config['time_quantisation_percentile']:g}th percentile of each layer's activations, K steps each,
inputs included. Weight bits: symmetric grid, 1st/99th percentile clip (4th/96th for q <= 4). Window percentile:
each window holds that percentile of the layer's positive activations (a clipped ReLU), which is what shortens
the latency. Agreement is with the unconstrained network. Thesis (CIFAR10 VGG16): fine-tuning recovers K = 16 to
within 1.5 %, 4-bit weights "from a complete failure" to above 90 %, and 4x lower latency to within 3 %.

{tuning_table}

![fine-tuning](figures/fine_tuning.png)

## Fig. 2.5 analogue: sensitivity of the Ch. 2 mapping (closed form)

The Ch. 2 mapping (alpha = 1, delta = 0.01, B_low = 10) of two ReLU networks: `fc` ({dataset['n_inputs']}-
{config['fc_hidden']}-10, Adam, dropout {config['dropout']}) and `deep` (the Table 3.1 ReLU network). Layer
windows at zeta = {config['zeta']} (tau_c): {windows}. Jitter: fresh Gaussian noise on every spike time, inputs
included; slope heterogeneity: alpha_i + Y_i, Y_i ~ N(0, SD) fixed per neuron; {config['sensitivity_trials']}
trials each. zeta < 0 shortens every window, so activations above (1 + zeta) X^(n) are clipped (gated threshold).
Thesis (CIFAR10 VGG16): graceful for slightly negative zeta, breakdown below -0.5, 3x shorter processing from
+0.5 to -0.5; no loss up to jitter SD 0.001, 93.59 -> 92.93 % at 0.01; slope SD 0.001 already a "dramatic drop"
(windows of about 200 tau_c; sensitivity grows with the window length).

Window margin zeta:

{sweep_table('zeta', 'zeta')}

Spike-time jitter:

{sweep_table('jitter', 'sd')}

Slope heterogeneity:

{sweep_table('slope', 'sd')}

![sensitivity](figures/sensitivity.png)

## L1 activity regularisation: spikes per neuron

FC {dataset['n_inputs']}-{config['fc_hidden']}-10 trained with L1 activity on the hidden layer (coefficient on the
batch mean of the summed activity), mapped (zeta = {config['zeta']}), and run in Brian2 in exact-event mode as the
"< 1 spike" variant on {l1['n_simulated']} test images. A neuron fires iff its ReLU is active, so spikes per
neuron must equal the ReLU active fraction; L1 lowers both, and the latency with them. Thesis (MNIST 784-600-10):
50.28 % spikes without L1, 3.33 % with it, same accuracy.

{l1_table}

![L1 sweep](figures/l1_sweep.png)
"""
