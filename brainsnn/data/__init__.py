"""Datasets (offline first) and spike encoders.

``load_dataset`` gives train/test splits of digits, iris, MNIST, Fashion-MNIST (found where Debian's
``dataset-fashion-mnist`` installs it) and the procedural Yin-Yang set; ``brainsnn.data.idx`` reads, writes and
verifies IDX files; ``download_dataset`` fetches MNIST-format files on a machine with internet; ``load_cifar`` /
``download_cifar`` read and fetch CIFAR-10/100 (checksummed). Documented stand-ins, never reported under a real
data set's name: N-MNIST-like saccade events from real images (``simulate_saccades``), cochlea-like band bursts
(``band_burst_set``) and CIFAR-shaped colour images from Fashion-MNIST (``to_colour_stand_in``). Readers of the real
event recordings (N-MNIST ``.bin``, DVS Gesture AEDAT 3.1, N-TIDIGITS18 HDF5): ``brainsnn.data.event_files``; whole
sets from their published folder layouts as binned samples: ``load_nmnist``, ``load_dvs_gesture``,
``load_n_tidigits``. Hyperspectral scenes: the real Indian Pines / Pavia University / Salinas cubes from their
``.mat`` files (``load_hyperspectral_mat``) and a procedural stand-in (``procedural_hyperspectral_scene``). The
encoders turn samples into Brian2 inputs that cover a whole epoch in one ``run()``.

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
    "resolve_data_dir": "data_dir",
    "CIFAR_ARCHIVES": "cifar", "ColourImages": "cifar", "download_cifar": "cifar", "load_cifar": "cifar",
    "YIN_YANG_CLASSES": "yin_yang", "yin_yang_class": "yin_yang", "yin_yang_samples": "yin_yang",
    "yin_yang_split": "yin_yang",
    "bin_events": "saccade_events", "motion_events": "saccade_events", "simulate_saccades": "saccade_events",
    "triangle_saccade_path": "saccade_events",
    "tint_images": "colour_stand_in", "to_colour_stand_in": "colour_stand_in",
    "band_burst_samples": "band_bursts", "band_burst_set": "band_bursts", "band_burst_templates": "band_bursts",
    "read_aedat31": "event_files", "read_gesture_labels": "event_files", "read_nmnist_bin": "event_files",
    "read_tidigits_hdf5": "event_files", "tidigits_class": "event_files",
    "EventSamples": "event_sets", "load_dvs_gesture": "event_sets", "load_n_tidigits": "event_sets",
    "load_nmnist": "event_sets",
    "HYPERSPECTRAL_FILES": "hyperspectral_mat", "HyperspectralFiles": "hyperspectral_mat",
    "load_hyperspectral_mat": "hyperspectral_mat",
    "HyperspectralScene": "hyperspectral_scene", "procedural_hyperspectral_scene": "hyperspectral_scene",
    "scene_patches": "hyperspectral_scene", "split_patches": "hyperspectral_scene",
}
__all__ = sorted(_HOMES)
__getattr__ = lazy_getattr(__name__, _HOMES)
