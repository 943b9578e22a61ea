"""Helpers shared by the sweep tests: small-town sweep specs and a real Dask cluster made of
separate `dask scheduler` / `dask worker` processes on 127.0.0.1."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests.support.paths import ROOT

SMALL_TOWN = ROOT / "experiments" / "small-town.toml"
BIN = Path(sys.executable).parent

SMALL_SWEEP = """
design = "full_factorial"
replications = 3
root_seed = 7
horizon_days = 0.5
kpis = ["orders_delivered", "lead_time_minutes_mean", "courier_utilization", "busiest_store",
        "urgent_pickup_minutes_p90"]

[[parameters]]
path = "couriers.whitelist_size"
values = [2, 10]
policy = true

[[parameters]]
path = "households.first_day_order_share"
values = [0.3, 0.7]
"""


def write_spec(folder: Path, body: str = SMALL_SWEEP, name: str = "sweep-small") -> Path:
    """A spec file in `folder` whose base scenario is the shipped small town."""
    path = Path(folder) / f"{name}.toml"
    path.write_text(f'base_scenario = "{SMALL_TOWN}"\n{body}', encoding="utf-8")
    return path


class StoredSweeps:
    """Sweeps of the small town, each spec text run once (on 2 workers) into its own folder of
    `root` and handed to every test that asks for it again, and summarized once (`summary`):
    the tests read the folder, or write its summary again, which gives the same files."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.folders: dict[str, Path] = {}
        self.summaries: dict[str, object] = {}

    def summary(self, body: str):
        """`sim.apps.sweep.summarize` of the sweep of `body`, computed once."""
        from sim.apps.sweep import summarize

        if body not in self.summaries:
            self.summaries[body] = summarize(self(body))
        return self.summaries[body]

    def __call__(self, body: str) -> Path:
        from sim.apps.sweep import run_sweep

        if body not in self.folders:
            folder = self.root / f"sweep-{len(self.folders)}"
            folder.mkdir(parents=True)
            outcome = run_sweep(write_spec(folder, body), folder / "out", workers=2, progress=False)
            assert (outcome.failed, outcome.lost) == (0, 0), outcome.errors[:3]
            self.folders[body] = folder / "out"
        return self.folders[body]


def kpi_table(out: Path):
    """Every stored run's id, seed, status, parameters and KPIs, sorted by run id."""
    from sim.apps.sweep import load_results
    from sim.apps.sweep.storage import read_manifest

    manifest = read_manifest(out)
    table = load_results(out).sort_values("run_id").reset_index(drop=True)
    return table[["run_id", "seed", "status", *manifest["parameters"], *manifest["kpis"]]]


def rehearse(*args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "rehearse"), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **popen)


def stored_runs(out: Path) -> int:
    runs = Path(out) / "runs"
    return len([p for p in runs.glob("*.parquet") if not p.name.startswith(".")]) if runs.is_dir() else 0


def wait_for(condition, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(0.05)


def kill_mid_run(args: tuple[str, ...], out: Path, at_least: int) -> None:
    """Start `rehearse *args` in its own process group and SIGKILL the group (driver and pool)
    once `at_least` runs are stored in `out`."""
    import os

    process = rehearse(*args, start_new_session=True)
    try:
        wait_for(lambda: stored_runs(out) >= at_least or process.poll() is not None, 60,
                 "some runs")
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


@contextmanager
def dask_cluster(folder: Path, workers: int = 1):
    """A scheduler and `workers` single-thread workers (no nanny, so killing one is final),
    each its own process; all are killed on exit, even when the test fails."""
    scheduler_file = Path(folder) / "scheduler.json"
    processes = []
    cluster = DaskProcesses(scheduler_file, processes)
    try:
        processes.append(subprocess.Popen(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
             "--no-dashboard", "--scheduler-file", str(scheduler_file)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for(scheduler_file.exists, 30, "the Dask scheduler file")
        for _ in range(workers):
            cluster.add_worker()
        cluster.wait_for_workers(workers)
        yield cluster
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)


class DaskProcesses:
    def __init__(self, scheduler_file: Path, processes: list):
        self.scheduler_file = scheduler_file
        self.processes = processes

    def add_worker(self) -> subprocess.Popen:
        worker = subprocess.Popen(
            [str(BIN / "dask"), "worker", "--scheduler-file", str(self.scheduler_file),
             "--nthreads", "1", "--no-nanny", "--no-dashboard", "--host", "127.0.0.1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.processes.append(worker)
        return worker

    def wait_for_workers(self, n: int) -> None:
        from distributed import Client

        with Client(scheduler_file=str(self.scheduler_file), timeout="30s") as client:
            client.wait_for_workers(n, timeout=60)


# Three delivery settings that move orders placed only a little (a household's next order waits
# for its last delivery) and cannot move the channel set-up, and one demand setting
# (DEMAND_PARAMETER, appended) that moves orders placed much more. Its runs are shared between
# the test files through the `stored_sweep` fixture (tests/apps/sweep/conftest.py): each variant runs once.
DELIVERY_SOBOL = """
design = "sobol"
samples = 8
replications = 3
root_seed = 21
horizon_days = 0.5
kpis = ["orders_placed", "lead_time_share_batching", "channel_open_minutes_median"]
[[parameters]]
path = "couriers.max_batch_wait_minutes"
low = 5
high = 60
[[parameters]]
path = "couriers.whitelist_size"
low = 2
high = 12
integer = true
[[parameters]]
path = "volunteers.orders_per_round"
low = 1
high = 8
integer = true
"""
DEMAND_PARAMETER = """
[[parameters]]
path = "households.first_day_order_share"
low = 0.1
high = 0.9
"""
