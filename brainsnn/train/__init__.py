"""Gradient training. This package is the numpy float64 trainer of the TTFS thesis: ReLU networks (dense, conv,
batch norm, max-pool, dropout, L1 activity) trained with softmax cross-entropy and Adam, deterministic per seed.
It stays with the TTFS work because that is not BPTT: the spike-time network's closed-form gradients are checked
by float64 finite differences and the exact mapping needs no torch; on the same MLP torch float64 measured about as
fast (docs/training.md). Spiking networks trained through time (surrogate gradients, BPTT) use the
PyTorch engine in `brainsnn.train.snn`."""

from brainsnn.train.adam import Adam
from brainsnn.train.fit import TrainingHistory, accuracy, fit
from brainsnn.train.losses import softmax_cross_entropy
from brainsnn.train.network import Sequential
from brainsnn.train.sgd import SGD

__all__ = ["SGD", "Adam", "Sequential", "TrainingHistory", "accuracy", "fit", "softmax_cross_entropy"]
