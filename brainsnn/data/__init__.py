"""Datasets (offline first) and spike encoders.

``load_dataset`` gives train/test splits of digits, iris, MNIST and Fashion-MNIST; ``brainsnn.data.idx``
reads, writes and verifies IDX files; ``download_dataset`` fetches MNIST-format files on a machine with
internet; the encoders turn samples into Brian2 inputs that cover a whole epoch in one ``run()``.
"""

from brainsnn.data.datasets import DATASET_NAMES, Dataset, load_dataset
from brainsnn.data.encoders import (
    DIEHL_COOK_MAX_RATE,
    latency_spikes,
    onset_delays,
    poisson_rates,
    rate_timed_array,
    triangular_population,
)
from brainsnn.data.idx import CHECKSUMS, Checksum, read_idx, write_idx

__all__ = [
    "CHECKSUMS",
    "DATASET_NAMES",
    "DIEHL_COOK_MAX_RATE",
    "Checksum",
    "Dataset",
    "download_dataset",
    "latency_spikes",
    "load_dataset",
    "onset_delays",
    "poisson_rates",
    "rate_timed_array",
    "read_idx",
    "triangular_population",
    "write_idx",
]


def __getattr__(name):
    # download_dataset is imported on first use so that `python -m brainsnn.data.download` does not find its
    # own module already imported by this package (runpy warns about that).
    if name == "download_dataset":
        from brainsnn.data.download import download_dataset

        return download_dataset
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
