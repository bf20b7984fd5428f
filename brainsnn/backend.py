"""Selecting where a Brian2 network runs: runtime ``numpy``/``cython``, ``cpp_standalone`` or ``cuda_standalone``.

Every network in brainsnn is built inside :func:`use_backend`::

    with use_backend("cpp_standalone", label="diehl-cook", seed=1) as backend:
        net = build_network(...)
        net.run(duration)          # in standalone mode this only records the run
        backend.execute()          # compiles and runs the standalone project (no-op at runtime)
        spikes = monitor.i[:]

Each process gets its own standalone directory (``<build root>/<label>-<host>-<pid>``), so parallel search workers never
collide, and Brian2's device is reset on entry and on exit. Rebuilding the same network in the same process reuses
the directory: Brian2 rewrites only changed sources, so ``make`` recompiles only those (a new seed only touches
``main.cpp``). A caller that names its network's shape (``build_key``) gets a directory keyed by it instead,
``<label>-<host>-<hash of the key>``, shared by every process that builds that network: the first compiles, later
ones recompile only what changed. An exclusive ``flock`` on ``<directory>.lock`` keeps two processes out of one
directory at once; a process that finds it held builds in its own per-process directory. The key only picks a
directory: any network may be built in any directory, a wrong key only costs compilation.

Without a working C++ compiler, ``cython`` and ``cpp_standalone`` fall back to ``numpy`` with a warning, and the
device that ran is noted for the run's provenance (:mod:`brainsnn.provenance`). Without a GPU,
``cuda_standalone`` generates and compiles the CUDA project and then raises :class:`BackendCannotRun`, naming the
directory with the compiled binary.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gc
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import brian2
from brian2 import device, prefs, set_device
from brian2.devices.device import reset_device
from brian2.utils.logger import BrianLogger, HierarchyFilter

from brainsnn.config import BACKENDS
from brainsnn.errors import ConfigError
from brainsnn.provenance import note_device

STANDALONE = ("cpp_standalone", "cuda_standalone")
#: Brian2 logger of the order-dependence warning, which :func:`use_backend` keeps off the console.
ORDER_DEPENDENCE_LOGGER = "brian2.codegen.generators.base"

#: Compute capability used to compile CUDA code when no GPU can be queried (Ampere; CUDA 13 needs >= 7.5).
DEFAULT_COMPUTE_CAPABILITY = 8.0


class BackendCannotRun(ConfigError):
    """The project was generated and compiled but this machine cannot execute it (no GPU)."""


def build_root() -> Path:
    """Root folder of standalone projects: ``$BRAINSNN_BUILD_DIR`` or ``~/.cache/brainsnn/standalone``."""
    root = os.environ.get("BRAINSNN_BUILD_DIR") or Path.home() / ".cache" / "brainsnn" / "standalone"
    return Path(root)


@functools.cache
def cxx_compiler_works() -> bool:
    """Whether the C++ compiler Brian2 would use compiles and links a trivial program."""
    compiler = os.environ.get("CXX", "g++")
    if shutil.which(compiler) is None:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "probe.cpp"
        source.write_text("int main() { return 0; }\n")
        result = subprocess.run([compiler, str(source), "-o", str(Path(tmp) / "probe")], capture_output=True)
    return result.returncode == 0


@functools.cache
def gpu_available() -> bool:
    """Whether ``nvidia-smi -L`` lists at least one GPU."""
    if shutil.which("nvidia-smi") is None:
        return False
    result = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True)
    return result.returncode == 0 and "GPU" in result.stdout


@dataclass
class Backend:
    """The device a network is being built for (returned by :func:`use_backend`)."""

    name: str
    directory: Path | None = None
    runnable: bool = True
    compiled: bool = False

    @property
    def standalone(self) -> bool:
        return self.name in STANDALONE

    def execute(self, run_args: Mapping | None = None) -> None:
        """Compile and run the recorded standalone project (no-op for runtime targets).

        ``run_args`` ({group.variable: values, timed_array: values}) changes initial values without
        recompiling; every variable not passed starts from its initial value again.
        """
        if not self.standalone:
            if run_args:
                raise ConfigError("run_args only applies to standalone backends")
            return
        if not self.compiled:
            device.build(directory=str(self.directory), compile=True, run=False, with_output=False)
            self.compiled = True
        if not self.runnable:
            raise BackendCannotRun(
                f"no CUDA GPU on this machine: the CUDA project was generated and compiled in {self.directory} "
                "but cannot run here; run it on a machine with a GPU or choose --device cpp_standalone"
            )
        device.run(directory=str(self.directory), with_output=False, run_args=run_args or {})


def reset_brian() -> None:
    """Forget every network, device state and preference change (the user's Brian2 preference files still apply).

    Unreachable Brian2 objects are collected first: while they live, a rebuilt network gets new object names
    (``..._codeobject_1``), which changes every generated source file and forces a full standalone recompile.
    """
    gc.collect()
    device.reinit()
    device.activate()
    reset_device()
    prefs.reset_to_defaults()
    prefs.load_preferences()
    brian2.defaultclock.dt = 0.1 * brian2.ms


@contextlib.contextmanager
def quiet_order_dependence_warning() -> Iterator[None]:
    """Keep Brian2's "may depend on the order of execution" warning off the console inside the block.

    Brian2 flags every synaptic code block that writes a weight and reads event-driven traces as possibly order
    dependent; brainsnn's rules only write per-synapse and post-synaptic accumulators, which is order
    independent. The filter sits on Brian2's console handler (as ``BrianLogger.suppress_hierarchy`` would put
    it, but removably), so the warning still reaches Brian2's log file and code outside the block.
    """
    handler = BrianLogger.console_handler
    quiet = HierarchyFilter(ORDER_DEPENDENCE_LOGGER)
    if handler is not None:
        handler.addFilter(quiet)
    try:
        yield
    finally:
        if handler is not None:
            handler.removeFilter(quiet)


@contextlib.contextmanager
def use_backend(
    name: str,
    *,
    label: str = "brainsnn",
    seed: int | None = None,
    threads: int = 0,
    directory: Path | None = None,
    build_key: str | None = None,
    compute_capability: float = DEFAULT_COMPUTE_CAPABILITY,
) -> Iterator[Backend]:
    """Select the device/target ``name`` for the networks built inside the ``with`` block.

    Brian2's warning about possibly order-dependent synaptic code is kept off the console inside the block
    (:func:`quiet_order_dependence_warning`); nothing else of Brian2's logging changes.

    Parameters
    ----------
    name : {'numpy', 'cython', 'cpp_standalone', 'cuda_standalone'}
    label : str
        Names the standalone project folder ``<build root>/<label>-<host>-<pid>``.
    seed : int, optional
        Seeds Brian2's random numbers (``rand()``, ``randn()``, Poisson groups) and numpy.
    threads : int
        OpenMP threads for ``cpp_standalone`` (0: single-threaded, fastest on 2 cores).
    directory : Path, optional
        Explicit standalone project folder instead of the per-process default.
    build_key : str, optional
        The network's shape (sizes, equations, schedule) in words: processes building the same network share
        the folder ``<label>-<host>-<hash>`` and reuse its compiled objects (module docstring).
    compute_capability : float
        GPU architecture to compile for when no GPU can be queried (``cuda_standalone``).
    """
    if name not in BACKENDS:
        raise ConfigError(f"unknown device {name!r}; choose one of {', '.join(BACKENDS)}")
    if threads < 0:
        raise ConfigError(f"threads must be >= 0, got {threads}")
    requested, reason = name, None
    if name in ("cython", "cpp_standalone") and not cxx_compiler_works():
        reason = "no working C++ compiler (set CXX or install g++)"
        warnings.warn(f"{reason}: running on 'numpy' instead of {name!r}", stacklevel=3)
        name = "numpy"
    note_device(requested, name, reason)
    reset_brian()
    backend = Backend(name)
    with contextlib.ExitStack() as folder:
        if backend.standalone:
            backend.directory = Path(directory) if directory else folder.enter_context(_build_folder(label, build_key))
            backend.directory.mkdir(parents=True, exist_ok=True)
            # Brian2's default `make -j` starts one compiler per source file at once, which overloads small machines.
            prefs.devices.cpp_standalone.extra_make_args_unix = [f"-j{os.cpu_count() or 1}"]
            if name == "cuda_standalone":
                backend.runnable = _configure_cuda(backend.directory, compute_capability)
            set_device(name, directory=str(backend.directory), build_on_run=False)
            prefs.devices.cpp_standalone.openmp_threads = threads
        else:
            set_device("runtime")
            prefs.codegen.target = name
        if seed is not None:
            brian2.seed(seed)
        try:
            with quiet_order_dependence_warning():
                yield backend
        finally:
            reset_brian()


@contextlib.contextmanager
def _build_folder(label: str, build_key: str | None) -> Iterator[Path]:
    """The standalone folder of a ``with`` block: the ``build_key`` one, locked, where given and free; else this
    process's own."""
    host = socket.gethostname()
    own = build_root() / f"{label}-{host}-{os.getpid()}"
    if build_key is None:
        yield own
        return
    shared = build_root() / f"{label}-{host}-{hashlib.sha256(build_key.encode()).hexdigest()[:16]}"
    shared.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(shared.with_name(shared.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield own
            return
        yield shared
    finally:
        os.close(descriptor)


def _configure_cuda(directory: Path, compute_capability: float) -> bool:
    """Set brian2cuda's preferences for this machine; return whether a GPU can run the result."""
    try:
        import brian2cuda  # noqa: F401  (registers the cuda_standalone device)
    except ImportError as err:
        raise ConfigError(
            f"cuda_standalone needs brian2cuda ({err}); install it with `pip install 'brainsnn[cuda]'`"
        ) from None
    if shutil.which("nvcc") is None:
        raise ConfigError("cuda_standalone needs nvcc on PATH (install the CUDA toolkit)")
    cuda = prefs.devices.cuda_standalone.cuda_backend
    has_gpu = gpu_available()
    if not has_gpu:
        cuda.detect_gpus = False
        cuda.gpu_id = 0
        cuda.compute_capability = compute_capability
    # CUDA 13's Thrust/CUB/libcu++ refuse C++11, which brian2cuda's makefile hard-codes; the later flag wins.
    cuda.extra_compile_args_nvcc = ["-w", "-use_fast_math", "-std=c++17"]
    gcc_args = [a for a in prefs.codegen.cpp.extra_compile_args_gcc if not a.startswith("-std=")]
    prefs.codegen.cpp.extra_compile_args_gcc = gcc_args + ["-std=c++17"]
    # Each nvcc job needs ~1 GB: bound `make -j` at 2 whatever the core count, or memory runs out.
    prefs.devices.cpp_standalone.extra_make_args_unix = ["-j2"]
    curand = _curand_dirs(directory)
    if curand is not None:
        include_dir, link_dir, lib_dir = curand
        prefs.codegen.cpp.include_dirs += [str(include_dir)]
        prefs.codegen.cpp.library_dirs += [str(link_dir), str(lib_dir)]
        prefs.codegen.cpp.runtime_library_dirs += [str(lib_dir)]
    return has_gpu


def _curand_dirs(directory: Path) -> tuple[Path, Path, Path] | None:
    """Include dir, link dir (with a ``libcurand.so`` symlink) and library dir of the nvidia-curand wheel.

    CUDA 13 toolkits ship no cuRAND; the ``nvidia-curand`` wheel has only ``libcurand.so.10`` while brian2cuda
    links with ``-lcurand``, hence the symlink. Returns None when the wheel is absent (system cuRAND is used).
    """
    try:
        import nvidia
    except ImportError:
        return None
    for package_dir in map(Path, nvidia.__path__):
        for lib_dir in sorted(package_dir.glob("*/lib")):
            libraries = sorted(lib_dir.glob("libcurand.so*"))
            if libraries:
                link_dir = directory / "curand-link"
                link_dir.mkdir(exist_ok=True)
                link = link_dir / "libcurand.so"
                if not link.exists():
                    link.symlink_to(libraries[0])
                return lib_dir.parent / "include", link_dir, lib_dir
    return None
