"""The thesis's two-layer fully connected network (Stanojevic 2023, Table 2.1 "2-layer FC", 784-600-10).

``inputs - H - classes``: a dense layer, ReLU, optional L1 activity regularisation on the hidden activity
(Table 2.1 "FC L1": ``coefficient * mean_mu sum_i |x_i|`` added to the loss), dropout, and the dense readout.
The ``ttfs-mapping`` study maps it exactly; ``ttfs-training`` sweeps its L1 coefficient and maps it under noise.
"""

from __future__ import annotations

import numpy as np

from brainsnn.train import Sequential
from brainsnn.train.layers import ActivityL1, Dense, Dropout, ReLU


def fc_network(
    n_inputs: int, hidden: int, rng: np.random.Generator, *, l1_coefficient: float = 0.0, dropout: float = 0.08,
    n_classes: int = 10,
) -> Sequential:
    """``n_inputs - hidden - n_classes`` with dropout ``dropout`` (thesis: 0.08) and, for ``l1_coefficient > 0``,
    L1 activity on the hidden layer. ``rng`` draws the hidden weights first, then the readout's."""
    penalty = [ActivityL1(l1_coefficient)] if l1_coefficient > 0 else []
    return Sequential([Dense(n_inputs, hidden, rng), ReLU(), *penalty, Dropout(dropout),
                       Dense(hidden, n_classes, rng)])
