"""The PyTorch engine for gradient-trained spiking networks (optional extra ``train``).

Thin modules of brainsnn's own: LIF/IF neurons over discrete time steps with surrogate gradients, per-time-step
batch norm (BNTT), SRM kernels, straight-through quantisers, spike encoders, spike-count/rate losses, the time-looped
`SpikingNetwork` and its training loop. Every trained `SpikingNetwork` runs in Brian2 through `brainsnn.deploy`,
spike for spike. The float64 numpy trainer (`brainsnn.train`) stays with the TTFS thesis (docs/training.md says why).

Importing this package without PyTorch raises `ConfigError` naming the extra to install. Importing it before torch
sets ``OMP_WAIT_POLICY=PASSIVE`` where unset (spin-waiting OpenMP threads made torch loops 7-60x slower on busy
machines; `configure_torch` also pins the thread count).
"""

import os

from brainsnn.errors import ConfigError

TORCH_MISSING = (
    "this needs PyTorch: pip install 'brainsnn[train]' (on machines without a GPU pip install torch==2.13.0 first, "
    "which takes the CPU build; see docs/training.md)"
)

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
try:
    import torch  # noqa: F401
except ModuleNotFoundError:
    raise ConfigError(TORCH_MISSING) from None

from brainsnn.train.snn.encoders import latency, poisson, rate_regular  # noqa: E402
from brainsnn.train.snn.fit import EpochLog, fit, predict  # noqa: E402
from brainsnn.train.snn.network import SpikeRecord, SpikingNetwork  # noqa: E402
from brainsnn.train.snn.neurons import IF, LIF, Integrator  # noqa: E402
from brainsnn.train.snn.quantisers import affine_quantise, symmetric_quantise, ternary  # noqa: E402
from brainsnn.train.snn.runtime import configure_torch, torch_device  # noqa: E402
from brainsnn.train.snn.spike_losses import count_cross_entropy, rate_mse, spikemax  # noqa: E402
from brainsnn.train.snn.srm_kernels import alpha_psp, exponential_psp  # noqa: E402
from brainsnn.train.snn.surrogates import SURROGATES, Surrogate, spike  # noqa: E402
from brainsnn.train.snn.time_batch_norm import TimeBatchNorm  # noqa: E402

__all__ = [
    "IF", "LIF", "SURROGATES", "EpochLog", "Integrator", "SpikeRecord", "SpikingNetwork", "Surrogate",
    "TimeBatchNorm", "affine_quantise", "alpha_psp", "configure_torch", "count_cross_entropy", "exponential_psp",
    "fit", "latency", "poisson", "predict", "rate_mse", "rate_regular", "spike", "spikemax", "symmetric_quantise",
    "ternary", "torch_device",
]
