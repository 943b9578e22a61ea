"""What a worker of our own Dask `LocalCluster` does as it starts (a Dask preload module).

A terminal sends Ctrl-C's SIGINT to the whole process group, workers too; asyncio, which runs
each worker, would turn it into a KeyboardInterrupt traceback per worker above the driver's one
line. The driver answers Ctrl-C alone and closes the cluster, so a worker ignores it. A cluster
of the user's own (`--scheduler`) is left as its owner started it.
"""

from __future__ import annotations

import signal
import threading


def dask_setup(worker) -> None:  # noqa: ARG001 (Dask's preload hook passes the worker)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
