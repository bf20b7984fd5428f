"""GEMM FLOP and stored-activation accounting of local-sgd against hand counts and torch's own FLOP counter."""

import torch
from torch.utils.flop_counter import FlopCounterMode

from brainsnn_studies.local_sgd.cost import LayerShape, layer_flops, stored_activation_bytes, training_flops
from brainsnn_studies.local_sgd.network import build_network, layer_shapes
from brainsnn_studies.local_sgd.training import step

# the MLP 4 -> 3 -> 2: weight layers of 12 and 6 weights, inputs of 4 and 3 values; one GEMM = 2 FLOPs per weight
SHAPES = [LayerShape(macs=12, inputs=4), LayerShape(macs=6, inputs=3)]


def test_hand_counted_flops_per_sample():
    # SGD (boundary 0): layer 0 forward 24 + weight gradient 24 (no error GEMM into the input) = 48;
    #                   layer 1 forward 12 + weight gradient 12 + error GEMM 12 = 36.
    assert layer_flops(SHAPES, 0) == [48, 36]
    # LoCal, boundary 1: layer 0 forward 24 + local GEMM z^T a 24 = 48; layer 1 forward 12 + weight gradient 12
    # and no error GEMM (back-propagation stops at the boundary) = 24.
    assert layer_flops(SHAPES, 1) == [48, 24]
    # freezing, boundary 1: layer 0 forward only = 24; layer 1 as above = 24.
    assert layer_flops(SHAPES, 1, "frozen") == [24, 24]
    # 10 samples at boundary 1: 10 * (48 + 24) = 720.
    assert training_flops(SHAPES, 1, 10) == 720


def test_hand_counted_stored_activations():
    # batch 5, float32: SGD keeps the inputs of both layers, 5 * (4 + 3) * 4 bytes = 140; boundary 1 keeps only
    # layer 1's input, 5 * 3 * 4 = 60.
    assert stored_activation_bytes(SHAPES, 0, 5) == 140
    assert stored_activation_bytes(SHAPES, 1, 5) == 60


def test_hand_counted_conv_shapes():
    # 1x8x8 input -> conv 3 channels (3x3, padding 1) + pool -> conv 2 channels -> dense 5 -> readout 4:
    # conv 0: 8*8 positions * 3 out * 1 in * 9 = 1728 MACs, input 64; conv 1 on 3x4x4: 16 * 2 * 3 * 9 = 864 MACs,
    # input 48; dense 2*4*4 = 32 -> 5: 160 MACs, input 32; readout 5 -> 4: 20 MACs, input 5.
    network = build_network((1, 8, 8), [3, 2], [0], [5], 4, seed=0)
    assert layer_shapes(network, (1, 8, 8)) == [LayerShape(1728, 64), LayerShape(864, 48), LayerShape(160, 32),
                                                LayerShape(20, 5)]


def test_the_count_is_what_one_training_step_executes():
    for input_shape, convs, pools, hidden in (((1, 6), [], [], [5, 4, 3]), ((2, 8, 8), [3, 4], [1], [5])):
        batch = 7
        x, y = torch.randn(batch, *input_shape), torch.arange(batch) % 2
        for prefix in ("local", "frozen"):
            for boundary in range(len(convs) + len(hidden) + 1):
                network = build_network(input_shape, convs, pools, hidden, 2, seed=0)
                optimiser = torch.optim.SGD(network.parameters(), lr=0.1)
                with FlopCounterMode(display=False) as counter:  # torch's count of every GEMM run, backward included
                    step(network, x, y, boundary, prefix, 0.01, optimiser)
                shapes = layer_shapes(network, input_shape)
                assert counter.get_total_flops() == training_flops(shapes, boundary, batch, prefix), (convs, boundary)
