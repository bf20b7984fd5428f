"""Process-wide torch settings for reproducible training on shared cores, and device selection.

Measured on 2 shared cores (shared/notes/gradient-engine-feasibility.md): with OpenMP's default spin-waiting,
loop-heavy torch code ran 7-60x slower whenever another job used a core; ``OMP_WAIT_POLICY=PASSIVE`` or one
thread fixed it. Deterministic algorithms make two runs with the same seed bit-identical on one device.
"""

import os

import torch

from brainsnn.errors import ConfigError

#: Device names `torch_device` accepts.
DEVICES = ("cpu", "cuda")


def configure_torch(threads: int = 1, seed: int | None = None, deterministic: bool = True) -> None:
    """Pin torch's threads, make its algorithms deterministic and optionally seed it.

    Sets ``OMP_WAIT_POLICY=PASSIVE`` (and ``CUBLAS_WORKSPACE_CONFIG=:4096:8``, which deterministic cuBLAS
    needs) in the environment where unset; both only take effect if set before torch starts its thread pool
    or CUDA context, i.e. call this first thing in a process (or export them in the shell).

    Parameters
    ----------
    threads
        Intra-op threads (`torch.set_num_threads`), a positive integer.
    seed
        Seed for torch's global generators (CPU and CUDA); ``None`` leaves them alone.
    deterministic
        Use deterministic algorithms (`torch.use_deterministic_algorithms`); an operation without one warns
        instead of failing.
    """
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ConfigError(f"threads must be a positive integer, got {threads!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise ConfigError(f"seed must be a non-negative integer or None, got {seed!r}")
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(deterministic, warn_only=True)
    if deterministic:
        torch.backends.cudnn.benchmark = False
    if seed is not None:
        torch.manual_seed(seed)


def torch_device(name: str) -> torch.device:
    """``"cpu"`` or ``"cuda"`` as a `torch.device`; `ConfigError` naming the fix when CUDA cannot be used."""
    if name not in DEVICES:
        raise ConfigError(f"unknown torch device {name!r}; choose one of {', '.join(DEVICES)}")
    if name == "cuda":
        if torch.version.cuda is None:
            raise ConfigError(
                f"this torch ({torch.__version__}) was built without CUDA; install a CUDA build of torch "
                "(https://pytorch.org/get-started/locally/) or use device 'cpu'"
            )
        if not torch.cuda.is_available():
            raise ConfigError(
                "torch sees no CUDA GPU (check the driver with nvidia-smi and CUDA_VISIBLE_DEVICES) "
                "or use device 'cpu'"
            )
    return torch.device(name)
