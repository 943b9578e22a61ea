"""Ctrl-C and the local process pool: the driver alone answers it.

A terminal sends Ctrl-C's SIGINT to the whole process group, so the pool's fork server and its
workers get it too. Left to Python, each would print its own KeyboardInterrupt traceback above
the driver's one line: the fork server while it imports the model, a worker as it waits for
work. So they keep out of it, and the driver stops the pool itself (`stop_now`), at once: the
runs finished were stored as they came, the runs in flight are done again on resume.

- The fork server starts with SIGINT blocked (`fork_server_running`): a Ctrl-C during its
  start-up and imports waits, and its main loop ignores SIGINT, which drops it. In the driver
  SIGINT is blocked only for the moment of the start, and arrives after it.
- A Dask `LocalCluster`'s workers ignore it from their start (`dask_worker_start.py`).
- Each worker begins by ignoring SIGINT (`quiet_worker`, the pool's initializer), and ends
  with its driver: a worker the fork server forks as the driver stops, before the driver knows
  of it, would otherwise wait for work for ever, deaf to Ctrl-C.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from multiprocessing.connection import wait

EXIT_DRIVER_GONE = 1


def fork_server_running() -> None:
    """Start multiprocessing's fork server, unless it runs, with SIGINT blocked: it and the
    workers it forks keep that mask, here it is restored at once."""
    from multiprocessing import forkserver, resource_tracker

    resource_tracker.ensure_running()  # its own start unblocks SIGINT: done before blocking
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def quiet_worker() -> None:
    """A pool worker's start: SIGINT ignored (a Ctrl-C that waited, blocked, is dropped) and
    unblocked, and a thread that ends the worker when its driver has gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    driver = multiprocessing.parent_process()
    if driver is not None:
        threading.Thread(target=_end_with, args=(driver.sentinel,), name="end-with-driver",
                         daemon=True).start()


def _end_with(driver_sentinel: int) -> None:
    wait([driver_sentinel])
    os._exit(EXIT_DRIVER_GONE)


def stop_now(executor: ProcessPoolExecutor) -> None:
    """Shut the pool down without waiting: the queued runs cancelled, the workers ended (they
    ignore Ctrl-C, so would otherwise finish their runs first)."""
    workers = list((executor._processes or {}).values())  # shutdown forgets them
    executor.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        with suppress(ValueError):  # closed already
            worker.terminate()
