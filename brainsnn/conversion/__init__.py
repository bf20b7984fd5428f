"""ANN -> SNN conversion, one family: rate-coded integrate-and-fire conversions with their calibrations and the
scatter-and-gather replica scheme, beside the exact time-to-first-spike mapping of `brainsnn.ttfs`.

Each method turns a trained (quantised) ANN into the parameters of a spiking network whose spike counts, or spike
times, stand for the ANN's activations; `brainsnn.deploy` runs the result in Brian2 and counts its synaptic
operations for the shared energy model (`brainsnn.metrics.energy`). See docs/conversion.md.
"""

from brainsnn.lazy_exports import lazy_getattr

_HOMES: dict[str, str] = {}
__all__ = sorted(_HOMES)
__getattr__ = lazy_getattr(__name__, _HOMES)
