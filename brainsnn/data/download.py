"""Fetch the MNIST / Fashion-MNIST IDX files on a machine with internet access.

Each file is downloaded to a temporary file beside its destination, verified against the checksum registry
(`brainsnn.data.idx.CHECKSUMS`) and only then renamed into place, so an interrupted or corrupt download never
leaves a partial file under the real name. Files already present and verified are not downloaded again.

Usage from the shell::

    python -m brainsnn.data.download mnist ~/brainsnn-data
    export BRAINSNN_DATA=~/brainsnn-data
"""

import argparse
import functools
import logging
import os
import shutil
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path

from brainsnn.data.idx import CHECKSUMS, IDX_STEMS, Checksum, decode_idx, read_payload, verify_checksum
from brainsnn.errors import ConfigError

log = logging.getLogger(__name__)

#: Mirror torchvision uses for the original MNIST archives (yann.lecun.com often refuses scripted access).
MNIST_BASE_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/"
#: The Fashion-MNIST archives in Zalando Research's repository.
FASHION_MNIST_BASE_URL = (
    "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"
)
BASE_URLS = {"mnist": MNIST_BASE_URL, "fashion-mnist": FASHION_MNIST_BASE_URL}


def _is_verified(path: Path, checksum: Checksum) -> bool:
    try:
        stored, payload = read_payload(path)
        verify_checksum(path, stored, payload, checksum)
        decode_idx(payload, str(path))
    except ConfigError:
        return False
    return True


def _verify_idx(path: Path, url: str, checksum: Checksum) -> None:
    stored, payload = read_payload(path)
    verify_checksum(url, stored, payload, checksum)
    decode_idx(payload, url)


def fetch_verified(url: str, destination: Path, verify: Callable[[Path, str], None], timeout: float) -> None:
    """Download ``url`` to ``destination`` via a temporary file in the same directory.

    ``verify(temporary_path, url)`` must raise `ConfigError` on a corrupt download; only a file it accepts is
    renamed to ``destination``, and nothing is left behind otherwise.
    """
    handle, temporary_name = tempfile.mkstemp(
        dir=destination.parent, prefix=f".{destination.name}.", suffix=".part"
    )
    temporary = Path(temporary_name)
    try:
        with os.fdopen(handle, "wb") as sink, urllib.request.urlopen(url, timeout=timeout) as response:
            shutil.copyfileobj(response, sink)
        verify(temporary, url)
        temporary.chmod(0o644)  # mkstemp creates 0600; data files are meant to be shared
        os.replace(temporary, destination)
    except OSError as error:  # network errors (urllib.error.URLError) included
        temporary.unlink(missing_ok=True)
        raise ConfigError(
            f"download of {url} failed ({error}); check the network or pass another base_url / mirror"
        ) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def download_dataset(
    name: str,
    data_dir: str | Path,
    base_url: str | None = None,
    *,
    checksums: Mapping[str, Checksum] | None = None,
    timeout: float = 60.0,
) -> list[Path]:
    """Download the four IDX files of ``name`` into ``data_dir/name/`` and verify them.

    Parameters
    ----------
    name
        ``"mnist"`` or ``"fashion-mnist"``.
    data_dir
        The data directory (what ``--data-dir`` / ``BRAINSNN_DATA`` point to); files go to ``data_dir/name/``.
    base_url
        URL prefix the file names ``<stem>.gz`` are appended to; default `BASE_URLS` ``[name]``. Only
        ``http`` and ``https`` are accepted.
    checksums
        Per-stem checksums overriding the registry `brainsnn.data.idx.CHECKSUMS` (for mirrors of other data,
        and for tests serving synthetic files).
    timeout
        Seconds to wait on the network per request.

    Returns
    -------
    list of Path
        The four verified files, in `IDX_STEMS` order.
    """
    if name not in BASE_URLS:
        raise ConfigError(f"cannot download dataset {name!r}; downloadable: {', '.join(BASE_URLS)}")
    base_url = base_url or BASE_URLS[name]
    if urllib.parse.urlsplit(base_url).scheme not in ("http", "https"):
        raise ConfigError(f"base_url {base_url!r} must be an http:// or https:// URL")
    checksums = CHECKSUMS[name] if checksums is None else checksums
    missing = [stem for stem in IDX_STEMS if stem not in checksums]
    if missing:
        raise ConfigError(f"checksums for {name} lack {', '.join(missing)}; give one Checksum per IDX file")
    target = Path(data_dir).expanduser() / name
    target.mkdir(parents=True, exist_ok=True)
    files = []
    for stem in IDX_STEMS:
        destination = target / f"{stem}.gz"
        if not (destination.exists() and _is_verified(destination, checksums[stem])):
            url = urllib.parse.urljoin(base_url.rstrip("/") + "/", destination.name)
            log.info("downloading %s", url)
            fetch_verified(url, destination, functools.partial(_verify_idx, checksum=checksums[stem]), timeout)
        log.info("verified %s", destination)
        files.append(destination)
    return files


def main(argv: list[str] | None = None) -> None:
    """``python -m brainsnn.data.download NAME DATA_DIR [--base-url URL]``."""
    parser = argparse.ArgumentParser(
        prog="python -m brainsnn.data.download", description=__doc__.splitlines()[0]
    )
    parser.add_argument("name", choices=sorted(BASE_URLS))
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--base-url", default=None)
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        download_dataset(arguments.name, arguments.data_dir, arguments.base_url)
    except ConfigError as error:
        parser.exit(2, f"error: {error}\n")


if __name__ == "__main__":
    main()
