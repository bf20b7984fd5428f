"""IDX files (the MNIST format): reading, writing and checksum verification.

An IDX file (LeCun et al., http://yann.lecun.com/exdb/mnist/) is a 4-byte magic number ``00 00 TT NN``
(``TT`` the element type code, ``NN`` the number of dimensions), ``NN`` big-endian uint32 sizes, then the
elements in C order, big-endian. The standard files are distributed gzipped; this module reads either form,
recognising gzip by its own magic bytes ``1f 8b`` rather than by the file name.

Checksums are kept for the *decompressed payload*, so the original ``.gz`` archives, recompressed copies
(Debian's ``dataset-fashion-mnist`` recompresses them) and plain uncompressed files all verify the same way.
"""

import gzip
import hashlib
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from brainsnn.errors import ConfigError

#: IDX element type code -> big-endian numpy dtype.
IDX_DTYPES: dict[int, np.dtype] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}

GZIP_MAGIC = b"\x1f\x8b"

#: The four standard IDX files of both datasets (file names without ``.gz``).
IDX_STEMS = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)


@dataclass(frozen=True)
class Checksum:
    """Known digests of one standard IDX file.

    A file verifies if the SHA-256 of its decompressed payload equals ``payload_sha256``, or if its bytes as
    stored equal a published digest of the original archive (``archive_sha256`` / ``archive_md5``).
    """

    payload_sha256: str
    archive_sha256: str | None = None
    archive_md5: str | None = None


def _by_stem(**digests: tuple[str, ...]) -> dict[str, Checksum]:
    """One :class:`Checksum` per file of :data:`IDX_STEMS`, from columns of digests listed in that order."""
    return {stem: Checksum(**{kind: column[i] for kind, column in digests.items()}) for i, stem in enumerate(IDX_STEMS)}


# Provenance of every digest below (none was invented; none could be checked against a download here):
#
# MNIST payload_sha256 — SHA-256 of the decompressed IDX files, as published identically in several
#   independent public repositories that pin the files they load (e.g. Makefiles listing
#   "SHA256_train-images-idx3-ubyte = ba89...", Rust/Python dataset crates). Not recomputed here: MNIST
#   cannot be downloaded on the build machine.
# MNIST archive_sha256 — SHA-256 of the original .gz archives as served by yann.lecun.com and its mirrors
#   (storage.googleapis.com/cvdf-datasets/mnist, ossci-datasets.s3.amazonaws.com/mnist): the values
#   TensorFlow Datasets and many download scripts pin. They agree with the MD5s torchvision pins for the same
#   archives (f68b3c2d..., d53e105e..., 9fb629c4..., ec29112d...), which are kept as archive_md5.
# Fashion-MNIST payload_sha256 — computed on this project's build machine from the files of Debian's
#   `dataset-fashion-mnist` package (version 0.0~git20200523.55506a9-1, /usr/share/datasets/fashion-mnist/),
#   whose .gz files are recompressed; the same four values are published by independent public repositories
#   that derived them from archives matching Zalando's published MD5s.
# Fashion-MNIST archive_md5 — MD5 of the original .gz archives as published in Zalando Research's
#   fashion-mnist README ("Get the Data" table; the README ships in the Debian package) and pinned by
#   torchvision.
#: Known digests of the standard files, per dataset and file (each column in ``IDX_STEMS`` order).
CHECKSUMS: dict[str, dict[str, Checksum]] = {
    "mnist": _by_stem(
        payload_sha256=(
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        ),
        archive_sha256=(
            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
        ),
        archive_md5=(
            "f68b3c2dcbeaaa9fbdd348bbdeb94873",
            "d53e105ee54ea40749a09fcbcd1e9432",
            "9fb629c4189551a2d022fa330f9573f3",
            "ec29112dd5afa0611ce80d1b7f02629c",
        ),
    ),
    "fashion-mnist": _by_stem(
        payload_sha256=(
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
        ),
        archive_md5=(
            "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
            "25c81989df183df01b3e8a0aad5dffbe",
            "bef4ecab320f06d8554ea6380940ec79",
            "bb300cfdad3c16e7a12a480ee83cd310",
        ),
    ),
}


def encode_idx(array: np.ndarray) -> bytes:
    """Serialise ``array`` as an uncompressed IDX payload (header + big-endian elements)."""
    array = np.asarray(array)
    codes = {dtype.newbyteorder("="): code for code, dtype in IDX_DTYPES.items()}
    native = array.dtype.newbyteorder("=")
    if native not in codes:
        known = ", ".join(str(dtype.newbyteorder("=")) for dtype in IDX_DTYPES.values())
        raise ConfigError(f"IDX cannot store dtype {array.dtype}; convert the array to one of: {known}")
    if not 1 <= array.ndim <= 255:
        raise ConfigError(f"IDX stores 1 to 255 dimensions, got a {array.ndim}-d array; reshape it")
    code = codes[native]
    header = bytes([0, 0, code, array.ndim]) + np.asarray(array.shape, dtype=">u4").tobytes()
    return header + np.ascontiguousarray(array, dtype=IDX_DTYPES[code]).tobytes()


def decode_idx(payload: bytes, source: str) -> np.ndarray:
    """Parse an uncompressed IDX payload; ``source`` names the file in error messages.

    Returns the array in native byte order. Raises `ConfigError` on a wrong magic number, an unknown type
    code, or a payload whose length does not match its header (truncated or padded file).
    """
    if len(payload) < 4 or payload[:2] != b"\x00\x00" or payload[2] not in IDX_DTYPES or payload[3] == 0:
        raise ConfigError(
            f"{source} is not an IDX file (bad magic number {payload[:4].hex() or 'empty'}); "
            "re-download it or check that the right file was put there"
        )
    dtype = IDX_DTYPES[payload[2]]
    n_dims = payload[3]
    header_length = 4 + 4 * n_dims
    if len(payload) < header_length:
        raise ConfigError(f"{source} is truncated inside its IDX header; re-download it")
    shape = tuple(int(size) for size in np.frombuffer(payload, dtype=">u4", count=n_dims, offset=4))
    expected_length = header_length + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(payload) != expected_length:
        raise ConfigError(
            f"{source} has {len(payload)} bytes but its IDX header {shape} needs {expected_length} "
            "(truncated or corrupt); re-download it"
        )
    values = np.frombuffer(payload, dtype=dtype, offset=header_length).reshape(shape)
    return values.astype(dtype.newbyteorder("="))


def read_payload(path: str | Path) -> tuple[bytes, bytes]:
    """Return ``(stored_bytes, payload)`` of an IDX file, decompressing it if it is gzipped."""
    path = Path(path)
    try:
        stored = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"cannot read IDX file {path}: {error.strerror}; check the path") from error
    if not stored.startswith(GZIP_MAGIC):
        return stored, stored
    try:
        return stored, gzip.decompress(stored)
    except (OSError, EOFError, zlib.error) as error:
        raise ConfigError(f"{path} is a corrupt gzip file ({error}); re-download it") from error


def verify_checksum(path: str | Path, stored: bytes, payload: bytes, checksum: Checksum) -> None:
    """Raise `ConfigError` unless the file matches ``checksum`` (payload SHA-256 or archive digest)."""
    actual = hashlib.sha256(payload).hexdigest()
    if actual == checksum.payload_sha256:
        return
    if checksum.archive_sha256 is not None and hashlib.sha256(stored).hexdigest() == checksum.archive_sha256:
        return
    if checksum.archive_md5 is not None:
        if hashlib.md5(stored, usedforsecurity=False).hexdigest() == checksum.archive_md5:
            return
    raise ConfigError(
        f"file {path} is corrupt or not the original: SHA-256 of its decompressed payload is {actual}, "
        f"expected {checksum.payload_sha256}; re-download it"
    )


def read_idx(path: str | Path, checksum: Checksum | None = None) -> np.ndarray:
    """Read an IDX file (raw or gzipped), verifying it against ``checksum`` when one is given."""
    stored, payload = read_payload(path)
    if checksum is not None:
        verify_checksum(path, stored, payload, checksum)
    return decode_idx(payload, str(path))


def write_idx(path: str | Path, array: np.ndarray) -> Path:
    """Write ``array`` as an IDX file; a name ending in ``.gz`` is gzipped (reproducibly, mtime 0)."""
    path = Path(path)
    payload = encode_idx(array)
    if path.suffix == ".gz":
        payload = gzip.compress(payload, mtime=0)
    path.write_bytes(payload)
    return path
