"""Sweeps on a real Dask cluster (scheduler and workers as separate processes on 127.0.0.1):
the same KPIs as the local pool, run for run, even when a worker is killed mid-sweep."""

from __future__ import annotations

import signal

import pandas as pd
import pytest

from sim.apps.sweep import load_results, run_sweep
from tests.support.sweep_fixtures import (
    SMALL_SWEEP,
    dask_cluster,
    kpi_table,
    rehearse,
    stop,
    stored_runs,
    wait_for,
    write_spec,
)

SWEEP = SMALL_SWEEP.replace("replications = 3", "replications = 8")  # 32 runs



@pytest.fixture(scope="module")
def spec_and_local_table(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask-spec")
    spec = write_spec(folder, SWEEP)
    run_sweep(spec, folder / "local", workers=2, progress=False)
    return spec, kpi_table(folder / "local")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with dask_cluster(tmp_path_factory.mktemp("dask"), workers=1) as processes:
        yield processes


def test_dask_cluster_gives_each_run_the_same_kpis_as_the_local_pool(
        tmp_path, spec_and_local_table, cluster):
    spec, local = spec_and_local_table
    out = tmp_path / "dask"
    outcome = run_sweep(spec, out, executor="dask", scheduler=str(cluster.scheduler_file),
                        progress=False)
    assert (outcome.finished, outcome.failed, outcome.lost) == (32, 0, 0)
    pd.testing.assert_frame_equal(kpi_table(out), local, check_exact=True)
    assert load_results(out)["versions"].str.contains('"mesa"').all()


def test_a_worker_killed_mid_sweep_loses_no_run_and_repeats_none(
        tmp_path, spec_and_local_table, cluster):
    spec, local = spec_and_local_table
    doomed = cluster.add_worker()
    cluster.wait_for_workers(2)
    out = tmp_path / "dask"
    process = rehearse("sweep", str(spec), "--executor", "dask", "--scheduler",
                       str(cluster.scheduler_file), "--out", str(out), "--quiet")
    try:
        wait_for(lambda: stored_runs(out) >= 3 or process.poll() is not None, 60, "some runs")
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)
        stored_at_kill = stored_runs(out)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        stop(process)
    assert stored_at_kill < 32, "the kill must land mid-sweep"
    assert process.returncode == 0, stderr
    assert "32 finished, 0 failed, 0 lost" in stdout
    table = kpi_table(out)
    assert table["run_id"].is_unique
    pd.testing.assert_frame_equal(table, local, check_exact=True)


def test_dask_without_a_scheduler_starts_a_local_cluster(tmp_path, spec_and_local_table):
    spec, local = spec_and_local_table
    outcome = run_sweep(spec, tmp_path / "dask", executor="dask", workers=1, progress=False)
    assert (outcome.finished, outcome.lost) == (32, 0)
    pd.testing.assert_frame_equal(kpi_table(tmp_path / "dask"), local, check_exact=True)
