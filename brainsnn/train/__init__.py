"""numpy float64 trainers for the gradient-based papers: ReLU networks (dense, conv, batch norm, max-pool,
dropout, L1 activity) trained with softmax cross-entropy and Adam, deterministic per seed."""

from brainsnn.train.adam import Adam
from brainsnn.train.fit import TrainingHistory, accuracy, fit
from brainsnn.train.losses import softmax_cross_entropy
from brainsnn.train.network import Sequential
from brainsnn.train.sgd import SGD

__all__ = ["SGD", "Adam", "Sequential", "TrainingHistory", "accuracy", "fit", "softmax_cross_entropy"]
