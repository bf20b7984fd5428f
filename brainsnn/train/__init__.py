"""Gradient training. This package is the numpy float64 trainer of the TTFS thesis: ReLU networks (dense, conv,
batch norm, max-pool, dropout, L1 activity) trained with softmax cross-entropy and Adam, deterministic per seed,
exact enough for the thesis' finite-difference checks and spike-time mapping without a torch dependency
(docs/training.md gives the measured comparison). Spiking networks trained through time (surrogate gradients,
BPTT) use the PyTorch engine in `brainsnn.train.snn`."""

from brainsnn.train.adam import Adam
from brainsnn.train.fit import TrainingHistory, accuracy, fit
from brainsnn.train.losses import softmax_cross_entropy
from brainsnn.train.network import Sequential
from brainsnn.train.sgd import SGD

__all__ = ["SGD", "Adam", "Sequential", "TrainingHistory", "accuracy", "fit", "softmax_cross_entropy"]
