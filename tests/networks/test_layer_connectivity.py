"""Synapse index arrays of the Brian2 TTFS network against numpy's dense product, im2col convolution and pooling."""

import numpy as np
import pytest

from brainsnn.networks.layer_connectivity import connections, pool_connections
from brainsnn.train.layers.conv import conv2d
from brainsnn.train.layers.pooling import pool_windows


def propagate(wiring, x: np.ndarray, n_post: int) -> np.ndarray:
    """``sum_j w_ij x_j`` over the synapses of one sample."""
    return np.bincount(wiring.post, weights=wiring.weight * x.ravel()[wiring.pre], minlength=n_post)


def test_dense_connections_compute_the_matrix_product():
    rng = np.random.default_rng(0)
    weight, x = rng.normal(size=(5, 7)), rng.normal(size=7)
    wiring = connections(weight, (7,), None)
    assert np.allclose(propagate(wiring, x, 5), weight @ x, atol=1e-14)
    assert not wiring.padding_weight.any()


@pytest.mark.parametrize(("kernel", "padding"), [(3, "same"), (5, "same"), (2, "valid"), (3, "valid")])
def test_conv_connections_compute_the_zero_padded_convolution(kernel, padding):
    rng = np.random.default_rng(1)
    weight, x = rng.normal(size=(4, 3, kernel, kernel)), rng.normal(size=(3, 6, 6))
    expected = conv2d(x[None], weight, padding)[0]
    wiring = connections(weight, x.shape, padding)
    assert np.allclose(propagate(wiring, x, expected.size), expected.ravel(), atol=1e-13)
    # Every neuron sees its whole kernel: connected synapses plus the zero-padded positions.
    connected = np.bincount(wiring.post, weights=wiring.weight, minlength=expected.size)
    kernel_sums = np.repeat(weight.reshape(4, -1).sum(axis=1), expected[0].size)
    assert np.allclose(connected + wiring.padding_weight, kernel_sums, atol=1e-13)
    assert (padding == "valid") == (not wiring.padding_weight.any())


def test_pool_connections_group_each_window():
    x = np.random.default_rng(2).normal(size=(2, 4, 6))
    wiring = pool_connections(x.shape, 2)
    windows = pool_windows(x[None], 2)[0]
    for post in range(windows[..., 0].size):
        members = np.sort(x.ravel()[wiring.pre[wiring.post == post]])
        assert np.array_equal(members, np.sort(windows.reshape(-1, 4)[post]))


def test_replicated_connections_are_block_diagonal():
    wiring = connections(np.arange(6.0).reshape(2, 3), (3,), None).replicate(4, 3, 2)
    assert np.array_equal(wiring.pre // 3, wiring.post // 2)  # copy b only connects to copy b
    assert np.array_equal(wiring.weight, np.tile(np.arange(6.0), 4)) and len(wiring.padding_weight) == 8


def naive_conv(x: np.ndarray, weight: np.ndarray, padding: int, stride: int) -> np.ndarray:
    """Strided zero-padded cross-correlation by explicit loops."""
    padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    kernel = weight.shape[-1]
    out_h, out_w = (padded.shape[1] - kernel) // stride + 1, (padded.shape[2] - kernel) // stride + 1
    out = np.zeros((weight.shape[0], out_h, out_w))
    for k in range(weight.shape[0]):
        for y in range(out_h):
            for x_ in range(out_w):
                window = padded[:, y * stride:y * stride + kernel, x_ * stride:x_ * stride + kernel]
                out[k, y, x_] = (window * weight[k]).sum()
    return out


@pytest.mark.parametrize(("kernel", "padding", "stride"), [(3, 1, 2), (3, 0, 2), (2, 0, 2), (5, 2, 3), (3, 2, 1)])
def test_strided_conv_connections_match_a_loop_convolution(kernel, padding, stride):
    rng = np.random.default_rng(3)
    weight, x = rng.normal(size=(3, 2, kernel, kernel)), rng.normal(size=(2, 7, 8))
    expected = naive_conv(x, weight, padding, stride)
    wiring = connections(weight, x.shape, padding, stride)
    assert np.allclose(propagate(wiring, x, expected.size), expected.ravel(), atol=1e-13)


def test_overlapping_pool_windows_hold_every_member():
    x = np.random.default_rng(4).normal(size=(2, 5, 5))
    wiring = pool_connections(x.shape, 3, stride=1)
    for post in range(2 * 3 * 3):
        c, y, x_ = np.unravel_index(post, (2, 3, 3))
        members = np.sort(x.ravel()[wiring.pre[wiring.post == post]])
        assert np.array_equal(members, np.sort(x[c, y:y + 3, x_:x_ + 3].ravel()))
