"""Layers of the numpy trainer; each file holds one concept with its forward and backward pass."""

from brainsnn.train.layers.activity_l1 import ActivityL1
from brainsnn.train.layers.batch_norm import BatchNorm
from brainsnn.train.layers.conv import Conv2D
from brainsnn.train.layers.dense import Dense
from brainsnn.train.layers.dropout import Dropout
from brainsnn.train.layers.flatten import Flatten
from brainsnn.train.layers.layer import Layer
from brainsnn.train.layers.pooling import MaxPool2D
from brainsnn.train.layers.relu import ReLU

__all__ = ["ActivityL1", "BatchNorm", "Conv2D", "Dense", "Dropout", "Flatten", "Layer", "MaxPool2D", "ReLU"]
