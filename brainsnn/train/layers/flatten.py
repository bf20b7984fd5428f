"""Flatten ``(n, c, h, w)`` feature maps to ``(n, c*h*w)`` vectors in C order (channel slowest)."""

from brainsnn.train.layers.layer import Layer


class Flatten(Layer):
    """Reshape every sample to one row; the inverse reshape carries gradients back."""

    def forward(self, x, *, training, rng):
        self._shape = x.shape
        return x.reshape(len(x), -1)

    def backward(self, grad_output):
        return grad_output.reshape(self._shape)
