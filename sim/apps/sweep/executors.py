"""Where runs execute: a local process pool, or a Dask cluster through its
`concurrent.futures`-style executor, so the driver code is the same for both.

Each backend says how many runs to keep in flight, and whether a broken pool can be
replaced (a local worker killed by the OS breaks the whole `ProcessPoolExecutor`; Dask
reschedules a lost worker's tasks by itself). The local pool leaves Ctrl-C to the driver
(`pool_ctrl_c.py`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import suppress
from pathlib import Path

from sim.apps.sweep.pool_ctrl_c import fork_server_running, quiet_worker, stop_now
from sim.core.run_folder import OutputError

EXECUTORS = ("local", "dask")
# how often one command may replace a broken local pool (a sweep's, a comparison's, a
# calibration's) before it stops: a machine short of memory for its workers breaks it again
POOL_RESTARTS_MAX = 3
WINDOW_RECHECK_SECONDS = 5.0


class LocalBackend:
    """A pool of `workers` processes forked from a server that has the model imported."""

    name = "local"

    def __init__(self, workers: int | None):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.in_flight = 2 * self.workers
        self.executor: Executor | None = None
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["sim.apps.sweep.worker", "sim.model.town_model"])

    def warm_up(self) -> None:
        """Start the fork server now: it imports the model while the driver plans."""
        fork_server_running()

    def start(self) -> Executor:
        fork_server_running()  # were it gone, the pool would start it with SIGINT unblocked
        self.executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=self._context,
                                            initializer=quiet_worker)
        return self.executor

    def restart(self) -> Executor:
        self.stop(cancel=True)
        return self.start()

    def stop(self, cancel: bool = False) -> None:
        """Once the runs are done, or with `cancel` at once (the runs in flight abandoned)."""
        if self.executor is not None:
            if cancel:
                stop_now(self.executor)
            else:
                self.executor.shutdown(wait=True)
            self.executor = None


class DaskBackend:
    """A Dask client: to `scheduler` (an address, or a scheduler file), or to a new
    `LocalCluster` of `workers` single-threaded processes."""

    name = "dask"

    def __init__(self, workers: int | None, scheduler: str | None):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.scheduler = scheduler
        self.client = None
        self.cluster = None
        self.executor: Executor | None = None
        self._window = 2 * self.workers
        self._window_checked = 0.0

    @property
    def in_flight(self) -> int:
        """Twice the cluster's threads, rechecked every few seconds: workers may join late."""
        now = time.monotonic()
        if self.client is not None and now - self._window_checked > WINDOW_RECHECK_SECONDS:
            self._window_checked = now
            threads = sum(self.client.nthreads().values())
            self._window = max(2 * threads, 4)
        return self._window

    def start(self) -> Executor:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise OutputError("--executor dask needs dask[distributed] installed") from None
        try:
            if self.scheduler is None:
                # its workers leave Ctrl-C to this process (dask_worker_start.py)
                self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                            processes=True, dashboard_address=":0",
                                            preload=["sim.apps.sweep.dask_worker_start"])
                self.client = Client(self.cluster)
            elif Path(self.scheduler).is_file():
                self.client = Client(scheduler_file=self.scheduler, timeout="20s")
            else:
                self.client = Client(self.scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            self.stop()
            raise OutputError(f"cannot reach the Dask scheduler {self.scheduler!r}: {exc}") from None
        self.executor = self.client.get_executor(pure=False)
        return self.executor

    def warm_up(self) -> None:
        pass

    def restart(self) -> Executor:
        return self.executor  # Dask reschedules a lost worker's tasks itself

    def stop(self, cancel: bool = False) -> None:
        if cancel and self.cluster is not None:
            self._quiet_shutdown()
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None


    def _quiet_shutdown(self) -> None:
        """A Ctrl-C stops our own local cluster with runs in flight: its scheduler, nannies and
        workers would each log the cancelled tasks and the workers killed on the way out, above
        the driver's one line. What they say is expected then, so only errors are kept; a
        cluster of the user's own (`--scheduler`) is left as it is."""
        logging.getLogger("distributed").setLevel(logging.ERROR)
        with suppress(Exception):  # a worker already gone has nothing to say
            self.client.run(_log_errors_only, nanny=True)
            self.client.run(_log_errors_only)


def _log_errors_only() -> None:
    logging.getLogger("distributed").setLevel(logging.ERROR)


def make_backend(kind: str, workers: int | None, scheduler: str | None):
    if kind == "local":
        if scheduler is not None:
            raise OutputError("--scheduler needs --executor dask")
        return LocalBackend(workers)
    if kind == "dask":
        return DaskBackend(workers, scheduler)
    raise OutputError(f"unknown executor {kind!r}; allowed: {', '.join(EXECUTORS)}")
