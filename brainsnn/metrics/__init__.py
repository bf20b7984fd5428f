"""Metrics of spiking-network runs: tail and BG indices, Lévy noise, weight densities, label readout.

- :mod:`~brainsnn.metrics.tail_index`: Mohammadi et al. (2015) tail-index estimator and the Blumenthal–Getoor
  index of weight trajectories (Chakraborty & Mukhopadhyay 2021, Sec. 2.2.3).
- :mod:`~brainsnn.metrics.levy`: symmetric alpha-stable sampler and Lévy-driven O-U paths (Figs. 2–3).
- :mod:`~brainsnn.metrics.weight_density`: Gaussian KDE of weights (Eqs. 4–5), modes, skewness (Fig. 1).
- :mod:`~brainsnn.metrics.rank_correlation`: Spearman rho with a Fisher-z (Fieller) confidence interval.
- :mod:`~brainsnn.metrics.label_readout`: Diehl & Cook (2015) neuron labelling, prediction, accuracy,
  generalization error and the class-spike-count training loss.

These names are imported with the package (numpy and SciPy only). The readouts of single studies (oscillation
cycles, phases, pattern retrieval, cluster separation, probe recognition) are imported from their modules, so
that ``brainsnn.metrics`` does not load scikit-learn.
"""

from brainsnn.metrics.label_readout import (
    UNASSIGNED,
    accuracy,
    assign_labels,
    class_rates,
    class_spike_loss,
    correct_fraction,
    generalization_error,
    predict,
)
from brainsnn.metrics.levy import levy_ou_path, symmetric_stable
from brainsnn.metrics.rank_correlation import RankCorrelation, spearman_interval
from brainsnn.metrics.tail_index import (
    bg_index,
    default_block_sizes,
    mohammadi_alpha,
    nonzero_rows,
    tail_index,
    tail_index_profile,
    weight_increment_tail_index,
    weight_increments,
)
from brainsnn.metrics.weight_density import count_modes, skewness, weight_kde

__all__ = [
    "UNASSIGNED",
    "RankCorrelation",
    "accuracy",
    "assign_labels",
    "bg_index",
    "class_rates",
    "class_spike_loss",
    "correct_fraction",
    "count_modes",
    "default_block_sizes",
    "generalization_error",
    "levy_ou_path",
    "mohammadi_alpha",
    "nonzero_rows",
    "predict",
    "skewness",
    "spearman_interval",
    "symmetric_stable",
    "tail_index",
    "tail_index_profile",
    "weight_increment_tail_index",
    "weight_increments",
    "weight_kde",
]
