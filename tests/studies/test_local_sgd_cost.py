"""GEMM FLOP and stored-activation accounting of local-sgd against hand counts and torch's own FLOP counter."""

import torch
from torch.utils.flop_counter import FlopCounterMode

from brainsnn_studies.local_sgd.cost import layer_flops, stored_activation_bytes, training_flops
from brainsnn_studies.local_sgd.training import init_weights, step

SIZES = [4, 3, 2]  # weight layers 4 -> 3 (12 weights) and 3 -> 2 (6 weights); one GEMM = 2 FLOPs per weight


def test_hand_counted_flops_per_sample():
    # SGD (boundary 0): layer 0 forward 24 + weight gradient 24 (no error GEMM into the input) = 48;
    #                   layer 1 forward 12 + weight gradient 12 + error GEMM 12 = 36.
    assert layer_flops(SIZES, 0) == [48, 36]
    # LoCal, boundary 1: layer 0 forward 24 + local GEMM z^T a 24 = 48; layer 1 forward 12 + weight gradient 12
    # and no error GEMM (back-propagation stops at the boundary) = 24.
    assert layer_flops(SIZES, 1) == [48, 24]
    # freezing, boundary 1: layer 0 forward only = 24; layer 1 as above = 24.
    assert layer_flops(SIZES, 1, "frozen") == [24, 24]
    # 10 samples at boundary 1: 10 * (48 + 24) = 720.
    assert training_flops(SIZES, 1, 10) == 720


def test_hand_counted_stored_activations():
    # batch 5, float32: SGD keeps the inputs of both layers, 5 * (4 + 3) * 4 bytes = 140; boundary 1 keeps only
    # layer 1's input, 5 * 3 * 4 = 60.
    assert stored_activation_bytes(SIZES, 0, 5) == 140
    assert stored_activation_bytes(SIZES, 1, 5) == 60


def test_the_count_is_what_one_training_step_executes():
    sizes, batch = [6, 5, 4, 3, 2], 7
    x, y = torch.randn(batch, sizes[0]), torch.arange(batch) % 2
    for prefix in ("local", "frozen"):
        for boundary in range(len(sizes) - 1):
            weights = init_weights(sizes, 0, torch.device("cpu"))
            optimiser = torch.optim.SGD(weights, lr=0.1)
            with FlopCounterMode(display=False) as counter:  # torch's count of every matmul run, backward included
                step(weights, x, y, boundary, prefix, 0.01, optimiser)
            assert counter.get_total_flops() == training_flops(sizes, boundary, batch, prefix), (prefix, boundary)
