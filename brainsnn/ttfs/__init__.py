"""Time-to-first-spike networks in numpy: the exact ReLU -> TTFS mapping of Stanojevic (2023), Ch. 2 (Phase 1
preprocessing, Phase 2 conversion), a closed-form TTFS evaluator, and the Ch. 3 spike-time network with exact
gradients. See docs/ttfs.md."""

from brainsnn.ttfs.closed_form import TTFSTrace, spike_fractions, ttfs_forward
from brainsnn.ttfs.conversion import TTFSLayer, TTFSNetwork, TTFSOutput, convert
from brainsnn.ttfs.exact_mapping import ExactMapping, map_to_ttfs
from brainsnn.ttfs.fusion import fuse_network
from brainsnn.ttfs.input_range import fuse_input_range, rescale_inputs
from brainsnn.ttfs.relu_network import ReluLayer, ReluNetwork, ReluTrace
from brainsnn.ttfs.scaling import max_activations, scale_rows
from brainsnn.ttfs.spike_time_network import SpikeTimeNetwork
from brainsnn.ttfs.window_overflow import WindowOverflowWarning, window_overflows, worst_case_max_activations

__all__ = [
    "ExactMapping",
    "ReluLayer",
    "ReluNetwork",
    "ReluTrace",
    "SpikeTimeNetwork",
    "TTFSLayer",
    "TTFSNetwork",
    "TTFSOutput",
    "TTFSTrace",
    "WindowOverflowWarning",
    "convert",
    "fuse_input_range",
    "fuse_network",
    "map_to_ttfs",
    "max_activations",
    "rescale_inputs",
    "scale_rows",
    "spike_fractions",
    "ttfs_forward",
    "window_overflows",
    "worst_case_max_activations",
]
