"""ANN -> SNN conversion, one family: rate-coded integrate-and-fire conversions with their calibrations, the
scatter-and-gather replica scheme, and the exact time-to-first-spike mapping of `brainsnn.ttfs`.

Each method turns a trained (quantised) ANN into a spiking network whose spike counts, or spike times, stand for
the ANN's activations; the rate-coded ones return a `brainsnn.train.snn.SpikingNetwork`, which `brainsnn.deploy`
runs in Brian2 (direct analog inputs, pre-charged membranes) and whose counted synaptic operations feed the shared
energy model (`brainsnn.metrics.energy`). See docs/conversion.md.

- `weight_normalisation`: layer maxima ``lambda_n`` and the data-based weight normalisation (Diehl 2015, Rueckauer
  2017);
- `ecc`: explicit current control (Wu, Yi & Huang 2022): current normalisation, batch-norm folding with its own
  epsilon, threshold-residual charge, threshold scaling, integer weights;
- `operation_model`: the ECC paper's operation counts of the CNN and of the SNN (eqs. 13-14);
- `threshold_balancing`: percentile threshold balancing (Sengupta 2019, Rathi 2020, ACE-SNN);
- `scatter_gather`: ternary k-bit ANNs and their lossless scatter-and-gather SNNs (Zou et al. 2021);
- `chip_mapping`: the scatter-and-gather paper's chip mapping, latency and throughput model;
- `ttfs_mapping`: the exact TTFS mapping (Stanojevic 2023), from `brainsnn.ttfs`.
"""

from brainsnn.lazy_exports import lazy_getattr

_HOMES = {
    "activation_maxima": "weight_normalisation", "weight_normalised": "weight_normalisation",
    "TRE_MODES": "ecc", "ecc_network": "ecc", "fold_batch_norm": "ecc",
    "cnn_operations": "operation_model", "snn_operations": "operation_model",
    "percentile_thresholds": "threshold_balancing",
    "MedianQuant": "scatter_gather", "TernaryConv2d": "scatter_gather", "TernaryLinear": "scatter_gather",
    "branch_dropout_readout": "scatter_gather", "effective_weight": "scatter_gather", "group_counts": "scatter_gather",
    "median_quantise": "scatter_gather", "quantised_levels": "scatter_gather", "replica_thresholds": "scatter_gather",
    "scatter_gather_network": "scatter_gather",
    "ExactMapping": "ttfs_mapping", "WindowOverflowWarning": "ttfs_mapping", "map_to_ttfs": "ttfs_mapping",
}
#: Modules whose names are used through the module (the chip model's many small functions and constants).
_MODULES = ["chip_mapping"]
__all__ = sorted([*_HOMES, *_MODULES])
__getattr__ = lazy_getattr(__name__, _HOMES)
