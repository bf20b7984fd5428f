"""One local-sgd training step against a numpy oracle of the normalised Hebbian update and momentum SGD."""

import numpy as np
import torch

from brainsnn_studies.local_sgd.network import build_network
from brainsnn_studies.local_sgd.training import step

SIZES, BATCH = [5, 4, 3, 2], 6
LR, MOMENTUM, DECAY, LOCAL_RATE = 0.1, 0.9, 0.01, -0.02


def relu(v):
    return np.maximum(v, 0.0)


def oracle(weights, x, y, prefix):
    """Layer 0 local (or frozen), layers 1-2 by SGD: numpy forward, softmax cross-entropy gradient, first momentum
    step ``W - lr (grad + decay W)`` (the momentum buffer starts at the gradient)."""
    w0, w1, w2 = weights
    z0 = x @ w0.T
    delta = z0.T @ x
    new_w0 = w0 + LOCAL_RATE * delta / np.linalg.norm(delta) if prefix == "local" else w0
    a1 = relu(z0)
    h1 = relu(a1 @ w1.T)
    logits = h1 @ w2.T
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    g = (p - np.eye(2)[y]) / len(y)
    grad_w2 = g.T @ h1
    grad_w1 = ((g @ w2) * (h1 > 0)).T @ a1
    return [new_w0, w1 - LR * (grad_w1 + DECAY * w1), w2 - LR * (grad_w2 + DECAY * w2)]


def test_step_with_the_boundary_at_layer_one_matches_numpy():
    generator = torch.Generator().manual_seed(3)
    x = torch.randn(BATCH, SIZES[0], generator=generator)
    y = torch.tensor([0, 1, 1, 0, 1, 0])
    for prefix in ("local", "frozen"):
        network = build_network(SIZES[:1], [], [], SIZES[1:-1], SIZES[-1], seed=1)
        weights = [layer.weight for layer in network]
        before = [w.detach().double().numpy().copy() for w in weights]
        optimiser = torch.optim.SGD(network.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=DECAY)
        step(network, x, y, 1, prefix, LOCAL_RATE, optimiser)
        expected = oracle(before, x.double().numpy(), y.numpy(), prefix)
        for got, want in zip(weights, expected, strict=True):
            np.testing.assert_allclose(got.detach().double().numpy(), want, rtol=1e-5, atol=1e-6)
        assert weights[0].grad is None  # back-propagation stopped at the boundary


def test_conv_hebbian_update_is_the_sum_over_batch_and_positions():
    # dW[o, i, p, q] = sum over samples b and positions (r, c) of z[b, o, r, c] a_padded[b, i, r + p, c + q]
    network = build_network((2, 5, 5), [3], [], [], 2, seed=0)
    conv = network[0]
    generator = torch.Generator().manual_seed(0)
    a = torch.randn(4, 2, 5, 5, generator=generator)
    z = conv.gemm(a).detach()
    padded = np.pad(a.numpy(), ((0, 0), (0, 0), (1, 1), (1, 1)))
    expected = np.zeros((3, 2, 3, 3))
    for p in range(3):
        for q in range(3):
            expected[:, :, p, q] = np.einsum("borc,birc->oi", z.numpy(), padded[:, :, p:p + 5, q:q + 5])
    np.testing.assert_allclose(conv.hebbian(a, z).numpy(), expected, rtol=1e-4, atol=1e-4)
