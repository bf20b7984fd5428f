"""Windows that hold a percentile of each layer's activations (thesis Sec. 3.6.4 (iv), Fig. 3.5d).

Layer by layer, ``t_max^(n) - t_min^(n) = tau_c P_p({x_i^(n) > 0})`` with ``x^(n) = (t_max^(n) - t^(n)) / tau_c``
over reference inputs; later windows shift along and every ``theta~`` follows Eq. 3.21. Under the linearly
mappable condition the layer then computes a ReLU clipped at its window, ``min([w x + b]_+, V / tau_c)``, so
``p = 100`` is the tight inference window (the earliest spike at ``t_min``) and lower ``p`` trade accuracy for
latency.
"""

import math

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.ttfs.spike_time_network import SpikeTimeNetwork


def shorten_windows(network: SpikeTimeNetwork, x: np.ndarray, percentile: float) -> list[float]:
    """Set every window to the ``percentile`` of the layer's positive activations on ``x``; returns the windows."""
    if not (math.isfinite(percentile) and 0 < percentile <= 100):
        raise ConfigError(f"window percentile must lie in (0, 100], got {percentile!r} (thesis: 90-100)")
    windows = [layer.t_max - layer.t_min for layer in network.hidden]
    for index, layer in enumerate(network.hidden):
        network.forward(x)
        activations = (layer.t_max - network.spike_times[index + 1]) / network.tau_c
        active = activations[activations > 0]
        if active.size == 0:
            raise ConfigError(f"hidden layer {index + 1} is silent on the reference inputs; pass more of them")
        windows[index] = network.tau_c * float(np.percentile(active, percentile))
        network.chain_windows(windows)
    return windows
