"""The local pool leaves Ctrl-C to the driver: a worker carries on through SIGINT, a pool
stopped at once ends its busy workers rather than waiting for their runs, and a worker whose
driver is gone ends too (none is left waiting for work for ever)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import pytest

from sim.apps.sweep.executors import LocalBackend
from tests.support.paths import ROOT
from tests.support.sweep_fixtures import wait_for


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended


@pytest.fixture
def one_worker():
    """A local pool of one worker, and the worker's process id."""
    backend = LocalBackend(workers=1)
    backend.warm_up()
    pool = backend.start()
    worker = pool.submit(os.getpid).result(timeout=120)
    try:
        yield backend, pool, worker
    finally:
        backend.stop(cancel=True)
        with suppress(ProcessLookupError):
            os.kill(worker, signal.SIGKILL)


def test_a_worker_carries_on_through_ctrl_c(one_worker):
    _, pool, worker = one_worker
    os.kill(worker, signal.SIGINT)
    time.sleep(0.5)
    assert pool.submit(os.getpid).result(timeout=60) == worker


def test_a_pool_stopped_at_once_ends_a_worker_mid_run(one_worker):
    backend, pool, worker = one_worker
    busy = pool.submit(time.sleep, 600)
    wait_for(busy.running, 30, "the run to be handed to the worker")
    backend.stop(cancel=True)
    wait_for(lambda: not _alive(worker), 10, "the busy worker to end")


DRIVER = """
import os, signal
from sim.apps.sweep.executors import LocalBackend
backend = LocalBackend(workers=1)
backend.warm_up()
print(backend.start().submit(os.getpid).result(), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_worker_ends_when_its_driver_is_killed(tmp_path):
    said = tmp_path / "worker.txt"
    with said.open("w") as out:
        driver = subprocess.Popen([sys.executable, "-c", DRIVER], cwd=tmp_path, stdout=out,
                                  stderr=subprocess.DEVNULL, start_new_session=True,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert driver.wait(timeout=120) == -signal.SIGKILL
        worker = int(said.read_text())
        wait_for(lambda: not _alive(worker), 10, "the worker to end with its driver")
    finally:
        with suppress(ProcessLookupError):  # the fork server and the worker, if left
            os.killpg(driver.pid, signal.SIGKILL)
