"""Where trials run: in this process, in a local process pool, or on a Dask cluster.

All three executors share one small interface: ``slots`` (how many trials to keep in flight),
``submit(fn, *args)`` returning a future with ``result()``, ``wait_first(futures)`` returning the futures that
have finished (at least one, blocking until then), and use as a context manager (``close`` on exit).

Worker processes run one BLAS thread each (``threadpoolctl.threadpool_limits(1)``) and carry
``BRAINSNN_WORKER=<pid>`` in their environment (the Brian2 backend names standalone build folders after host
and pid, so workers never share one); several trials never share a process at the same time.

A search never outlives its process. A local worker ignores SIGINT (Ctrl-C reaches every process of the
terminal's group; only the search reacts), leads its own process group (with the compilers and standalone
binaries it starts), and a thread in it checks every :data:`PARENT_POLL_S` seconds that the search process
still runs; once it is gone (killed with SIGKILL, say) the thread kills the worker's whole group. The parent's
death signal of Linux (``prctl(PR_SET_PDEATHSIG)``) is not used: it would kill the worker before the worker
could take its children with it. When the search stops on an exception or a signal, :meth:`ProcessExecutor.abort`
kills the workers' groups at once instead of waiting for their trials, whose results would be dropped anyway.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import threadpoolctl

from brainsnn.errors import ConfigError

#: Seconds to wait for a Dask scheduler before reporting it unreachable.
CONNECT_TIMEOUT_S = 5
#: Seconds between a local worker's checks that the search process that started it still runs.
PARENT_POLL_S = 0.2

_blas_limits: list[threadpoolctl.threadpool_limits] = []
#: ``[PROTOCOL://]HOST:PORT`` with a protocol a Dask client reaches without further settings (``tls://`` needs
#: certificates and ``ucx://`` the ucx-py package, which brainsnn does not pass or install).
_ADDRESS = re.compile(r"^(?:(?:tcp|ws|wss)://)?(?P<host>\[[0-9a-fA-F:]+\]|[^\s:/\[\]]+):(?P<port>\d{1,5})$")


def check_scheduler_address(address: str) -> None:
    """Raise :class:`ConfigError` unless ``address`` reads ``[tcp://]HOST:PORT`` (or ``ws://``, ``wss://``) with a
    port in 1..65535, or is the ``inproc://`` address of a scheduler in this process."""
    if address.startswith("inproc://") and len(address) > len("inproc://"):
        return
    match = _ADDRESS.match(address)
    if match is None or not 1 <= int(match["port"]) <= 65535:
        raise ConfigError(
            f"--scheduler {address!r} is not a Dask scheduler address brainsnn can connect to; give "
            "tcp://HOST:PORT (PORT in 1..65535), as printed by `dask scheduler` (tls:// and ucx:// are not supported)"
        )


#: Thread counts read by OpenBLAS, OpenMP and MKL when they are loaded.
_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def limit_worker_threads() -> None:
    """Make this process a search worker: one BLAS/OpenMP thread and ``BRAINSNN_WORKER`` set to its pid.

    A spawned worker runs this before it has imported numpy: the environment variables limit the libraries
    loaded later, ``threadpoolctl`` those already loaded.
    """
    os.environ["BRAINSNN_WORKER"] = str(os.getpid())
    os.environ.update(dict.fromkeys(_THREAD_VARIABLES, "1"))
    if not _blas_limits:
        _blas_limits.append(threadpoolctl.threadpool_limits(limits=1))


def _start_local_worker(parent_pid: int) -> None:
    """Make this process a local search worker of the search process ``parent_pid`` (the pool's initializer).

    Limits its threads (:func:`limit_worker_threads`), ignores SIGINT, makes it the leader of a new process
    group, and starts the thread that kills that group once ``parent_pid`` is no longer its parent.
    """
    limit_worker_threads()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.setpgid(0, 0)
    threading.Thread(target=_die_with_parent, args=(parent_pid,), name="brainsnn-parent-watch", daemon=True).start()


def _die_with_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_S)
    os.killpg(os.getpgid(0), signal.SIGKILL)


class _Executor:
    slots = 1

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def close(self) -> None:
        """Release the workers."""

    def abort(self) -> None:
        """Release the workers without waiting for the trials in flight (the search stops on an exception)."""
        self.close()

    def wait_first(self, futures: Iterable[Any]) -> set:
        """Block until at least one of ``futures`` is done; return the finished ones."""
        done, _ = concurrent.futures.wait(list(futures), return_when=concurrent.futures.FIRST_COMPLETED)
        return done


class SerialExecutor(_Executor):
    """Run each trial in this process, at submission; one trial in flight."""

    def submit(self, fn: Callable, /, *args: Any) -> concurrent.futures.Future:
        """Run ``fn(*args)`` now and return its finished future."""
        future: concurrent.futures.Future = concurrent.futures.Future()
        try:
            future.set_result(fn(*args))
        except Exception as error:  # delivered through future.result(), like the parallel executors
            future.set_exception(error)
        return future


class ProcessExecutor(_Executor):
    """Run trials in ``workers`` local processes, started with ``spawn`` (nothing inherited but imports).

    Parameters
    ----------
    workers : int
        Number of worker processes, and of trials kept in flight.
    """

    def __init__(self, workers: int):
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise ConfigError(f"--workers must be an integer >= 1, got {workers!r}")
        self.slots = workers
        self._pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_local_worker,
            initargs=(os.getpid(),),
        )

    def submit(self, fn: Callable, /, *args: Any) -> concurrent.futures.Future:
        """Queue ``fn(*args)`` on the pool."""
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        """Cancel queued trials, wait for running ones and stop the processes."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        """Kill every worker with the processes it started (its process group), then stop the pool."""
        for pid in list(self._pool._processes or ()):  # the pool's workers by pid (no public accessor before 3.14)
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:  # a worker that has not yet run its initializer leads no group
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self._pool.shutdown(wait=True, cancel_futures=True)


def _run_on_dask_worker(fn: Callable, *args: Any) -> Any:
    limit_worker_threads()
    return fn(*args)


class DaskExecutor(_Executor):
    """Run trials on the Dask cluster whose scheduler listens at ``address``, ``slots`` at a time.

    Each Dask worker must run one thread (``dask worker --nthreads 1 ADDRESS``): Brian2 keeps its device in
    process-global state, so two trials must never share a worker process. ``--out`` must be a folder the
    workers can reach at the same path when the study writes files there.

    Parameters
    ----------
    address : str
        Scheduler address, e.g. ``tcp://10.0.0.5:8786``.
    slots : int
        Trials kept in flight.
    """

    def __init__(self, address: str, slots: int = 1):
        check_scheduler_address(address)
        import distributed  # optional dependency: the ``dist`` extra

        if isinstance(slots, bool) or not isinstance(slots, int) or slots < 1:
            raise ConfigError(f"--workers must be an integer >= 1, got {slots!r}")
        self.slots = slots
        self._distributed = distributed
        try:
            self._client = distributed.Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except Exception as error:
            raise ConfigError(
                f"cannot reach the Dask scheduler at --scheduler {address!r} within {CONNECT_TIMEOUT_S} s "
                f"({type(error).__name__}: {error}); start one with `dask scheduler` and pass its "
                "tcp:// address"
            ) from error
        threaded = {
            worker: info["nthreads"]
            for worker, info in self._client.scheduler_info()["workers"].items()
            if info["nthreads"] != 1
        }
        if threaded:
            self._client.close()
            raise ConfigError(
                f"Dask workers at --scheduler {address!r} run several threads ({threaded}); "
                "Brian2 trials need one "
                "thread per worker process: start them with `dask worker --nthreads 1 ADDRESS`"
            )

    def submit(self, fn: Callable, /, *args: Any):
        """Send ``fn(*args)`` to the cluster (never deduplicated: each call is a new trial)."""
        return self._client.submit(_run_on_dask_worker, fn, *args, pure=False)

    def wait_first(self, futures: Iterable[Any]) -> set:
        """Block until at least one of ``futures`` is done; return the finished ones."""
        with self._client.as_current():
            done, _ = self._distributed.wait(list(futures), return_when="FIRST_COMPLETED")
        return set(done)

    def close(self) -> None:
        """Disconnect from the scheduler (its pending trials are released)."""
        self._client.close()
