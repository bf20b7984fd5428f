"""Explicit current control (ECC; Wu, Yi & Huang 2022, Front. Neurosci. 16:759900, Sec. 3): a ReLU CNN with biases,
batch norm and average pooling as a network of integrate-and-fire neurons with reset by subtraction (eqs. 2-4)
whose spike counts over ``T`` steps stand for the CNN's activations. Three parts:

- **CMB**, eqs. (11)-(12): batch norm folded into the layer before it *with its own epsilon* (TensorFlow's 1e-3),
  ``W <- gamma W / sqrt(var + eps)``, ``b <- gamma (b - mu) / sqrt(var + eps) + beta``.
- **CN**, eq. (8): current normalisation with the layer maxima ``lambda_n``
  (`brainsnn.conversion.weight_normalisation.activation_maxima`) and an integer threshold ``kappa_n``:
  ``W <- kappa_n W lambda_{n-1} / lambda_n``, ``b <- kappa_n b / lambda_n``, ``V_thr <- kappa_n`` (paper: 100).
  ``kappa = 1`` is weight normalisation; scaling the threshold by ``alpha`` is threshold scaling (RMP-SNN's
  ``alpha`` of Han et al. 2020, Remark 1). With ``bits`` the weights become ``bits``-bit signed integers
  (Sec. 4.4, the authors' SpKeras): ``kappa_n = 2^(bits-1) lambda_n / (lambda_{n-1} max|W^n|)``, and ``W``,
  ``b`` and ``V_thr`` are truncated toward zero.
- **TRE**, eq. (9): thresholding for residual elimination, ``eta V_thr`` of extra charge per sample — a constant
  current ``eta V_thr / T`` every step (``tre="per_step"``, the paper's equation) or an initial membrane
  ``V(0) = eta V_thr`` (``tre="initial_charge"``, SpKeras' count form). A neuron then spikes at the end iff
  ``V(T) > (1 - eta) V_thr`` (Prop. 2), halving the worst residual for ``eta = 0.5``.

The result is a float64 `brainsnn.train.snn.SpikingNetwork` fed the image itself as a constant current every step
(Rueckauer et al. 2017): the first layer's current is ``W x + b``; every ReLU becomes an ``IF(kappa,
reset="subtract")``; the last layer is an `Integrator` read-out, whose ``v[T]`` is the output neurons' total charge
— ``V_thr (count + V(T) / V_thr)`` of spiking output neurons, the paper's tie-free decoding up to a constant.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence

import torch
from torch import nn

from brainsnn.errors import ConfigError

#: How the residual-eliminating charge is delivered.
TRE_MODES = ("per_step", "initial_charge")
#: Layers passed on unchanged (they act on spikes exactly as on activations).
PASSED = (nn.AvgPool2d, nn.Flatten)


def fold_batch_norm(affine: nn.Conv2d | nn.Linear, norm: nn.BatchNorm1d | nn.BatchNorm2d,
                    eps: float | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """CMB, eqs. (11)-(12): the float64 weight and bias of ``affine`` followed by eval-mode ``norm``, folded with
    ``eps`` (``None``: the epsilon the network was trained with, ``norm.eps``; 0 reproduces Rueckauer et al. 2017)."""
    eps = norm.eps if eps is None else eps
    if not (math.isfinite(eps) and eps >= 0):
        raise ConfigError(f"batch-norm eps must be a finite number >= 0, got {eps!r}")
    weight, bias = _weight_and_bias(affine)
    gamma = norm.weight.detach().double() if norm.affine else torch.ones_like(norm.running_var, dtype=torch.float64)
    beta = norm.bias.detach().double() if norm.affine else torch.zeros_like(gamma)
    scale = gamma / torch.sqrt(norm.running_var.double() + eps)
    shape = (-1,) + (1,) * (weight.dim() - 1)
    return weight * scale.reshape(shape), scale * (bias - norm.running_mean.double()) + beta


def _weight_and_bias(affine: nn.Conv2d | nn.Linear) -> tuple[torch.Tensor, torch.Tensor]:
    weight = affine.weight.detach().double().clone()
    out = weight.shape[0]
    bias = torch.zeros(out, dtype=torch.float64) if affine.bias is None else affine.bias.detach().double().clone()
    return weight, bias


def _with(affine: nn.Conv2d | nn.Linear, weight: torch.Tensor, bias: torch.Tensor) -> nn.Module:
    layer = copy.deepcopy(affine).double()
    if layer.bias is None:
        layer.bias = nn.Parameter(torch.zeros(weight.shape[0], dtype=torch.float64))
    with torch.no_grad():
        layer.weight.copy_(weight)
        layer.bias.copy_(bias)
    return layer.requires_grad_(False)


def _stages(model: nn.Sequential, eps: float | None) -> list[tuple[nn.Module, torch.Tensor, torch.Tensor, list]]:
    """The affine layers of ``model`` with batch norm folded, each with its weight, bias and the pass-through layers
    before it; a stage ends at a ReLU (hidden) or at the end of the model (output)."""
    stages, pending, current, folded = [], [], None, False
    for layer in model:
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            if current is not None:
                raise ConfigError(f"{type(layer).__name__} directly after another affine layer: put a ReLU between")
            current, pending, folded = [layer, *_weight_and_bias(layer), pending], [], False
        elif isinstance(layer, (nn.BatchNorm1d, nn.BatchNorm2d)):
            if current is None or folded:
                raise ConfigError("batch norm must directly follow a Conv2d or Linear layer to be folded (CMB)")
            current[1], current[2] = fold_batch_norm(current[0], layer, eps)
            folded = True
        elif isinstance(layer, nn.ReLU):
            if current is None:
                raise ConfigError("a ReLU must follow a Conv2d or Linear layer")
            stages.append(tuple(current))
            current = None
        elif isinstance(layer, PASSED):
            if current is not None:
                raise ConfigError(f"{type(layer).__name__} between an affine layer and its ReLU: pool after the ReLU "
                                  "(conv - batch norm - ReLU - average pooling, as in the paper)")
            pending.append(layer)
        elif not isinstance(layer, nn.Dropout):
            raise ConfigError(f"cannot convert {type(layer).__name__}: use Conv2d, Linear, BatchNorm, ReLU, "
                              "AvgPool2d, Flatten, Dropout")
    if current is None or pending:
        raise ConfigError("the model must end with a Conv2d or Linear layer (the pre-softmax scores)")
    stages.append(tuple(current))
    return stages


def ecc_network(model: nn.Sequential, maxima: Sequence[float], *, kappa: float = 100.0, eps: float | None = None,
                eta: float = 0.5, steps: int | None = None, tre: str = "initial_charge", threshold_scale: float = 1.0,
                bits: int | None = None):
    """ECC: ``model`` (eval mode; Conv2d/Linear, BatchNorm, ReLU, AvgPool2d, Flatten, Dropout) as a float64
    `brainsnn.train.snn.SpikingNetwork` of ``IF`` layers with thresholds ``kappa * threshold_scale``.

    Parameters
    ----------
    maxima
        ``lambda_n`` of every ReLU and of the output, `activation_maxima`.
    kappa
        CN's threshold ``kappa_n`` (all layers); ignored when ``bits`` is given.
    eps
        Batch-norm epsilon of the folding (``None``: each layer's own; 0: ignore it).
    eta, steps, tre
        TRE's charge ``eta V_thr`` (0: none), as ``initial_charge`` (the network serves every T) or ``per_step``
        over ``steps`` steps (eq. 9; the network is built for that T).
    threshold_scale
        ``alpha`` of threshold scaling (1: none).
    bits
        Signed integer weights of this width (``None``: float).
    """
    from brainsnn.train.snn import IF, Integrator, SpikingNetwork

    if model.training:
        raise ConfigError("convert a model in eval mode: call model.eval() first (batch norm)")
    if tre not in TRE_MODES:
        raise ConfigError(f"unknown tre {tre!r}; choose one of {', '.join(TRE_MODES)}")
    if not 0 <= eta <= 1:
        raise ConfigError(f"eta must be in [0, 1], got {eta!r}")
    if eta > 0 and tre == "per_step" and not (isinstance(steps, int) and steps > 0):
        raise ConfigError("per-step TRE adds eta V_thr / T every step: give the number of steps T (steps=...)")
    if not (kappa > 0 and threshold_scale > 0):
        raise ConfigError(f"kappa and threshold_scale must be positive, got {kappa!r} and {threshold_scale!r}")
    if bits is not None and not (isinstance(bits, int) and bits >= 2):
        raise ConfigError(f"bits must be an integer >= 2 (one sign bit), got {bits!r}")
    stages = _stages(model, eps)
    if len(maxima) != len(stages):
        raise ConfigError(f"{len(maxima)} activation maxima for {len(stages)} layers (every ReLU and the output)")
    layers, previous = [], 1.0
    for index, (affine, weight, bias, passed) in enumerate(stages):
        ratio = previous / maxima[index]
        if bits is None:
            weight, bias, threshold = kappa * ratio * weight, kappa * bias / maxima[index], kappa
        else:
            largest = float(weight.abs().max())
            gain = 2 ** (bits - 1) / (ratio * largest)
            weight = torch.trunc(2 ** (bits - 1) * weight / largest)
            bias, threshold = torch.trunc(gain * bias / maxima[index]), float(math.trunc(gain))
        threshold *= threshold_scale
        output = index == len(stages) - 1
        if not output and eta > 0 and tre == "per_step":
            bias = bias + eta * threshold / steps
        layers += [*passed, _with(affine, weight, bias)]
        if output:
            layers.append(Integrator())
        elif eta > 0 and tre == "initial_charge":
            layers.append(IF(threshold, reset="subtract", initial_v=eta * threshold))
        else:
            layers.append(IF(threshold, reset="subtract"))
        previous = maxima[index]
    return SpikingNetwork(layers).double().eval()
