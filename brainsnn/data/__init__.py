"""Datasets (offline first) and spike encoders.

``load_dataset`` gives train/test splits of digits, iris, MNIST and Fashion-MNIST; ``brainsnn.data.idx``
reads, writes and verifies IDX files; ``download_dataset`` fetches MNIST-format files on a machine with
internet; the encoders turn samples into Brian2 inputs that cover a whole epoch in one ``run()``.

Names are imported on first use: ``brainsnn.data.idx`` loads neither Brian2 (encoders) nor scikit-learn
(datasets), and ``python -m brainsnn.data.download`` does not find its own module already imported (runpy
warns about that). The generators of single studies (sounds, photographs, bitmaps) are imported from their
modules.
"""

from brainsnn.lazy_exports import lazy_getattr

_HOMES = {
    "DATASET_NAMES": "datasets", "Dataset": "datasets", "load_dataset": "datasets",
    "download_dataset": "download",
    "DIEHL_COOK_MAX_RATE": "encoders", "latency_spikes": "encoders", "onset_delays": "encoders",
    "poisson_rates": "encoders", "rate_timed_array": "encoders", "triangular_population": "encoders",
    "CHECKSUMS": "idx", "Checksum": "idx", "read_idx": "idx", "write_idx": "idx",
}
__all__ = sorted(_HOMES)
__getattr__ = lazy_getattr(__name__, _HOMES)
