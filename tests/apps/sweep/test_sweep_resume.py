"""Killing a sweep, or one of its local workers, with SIGKILL loses no run and repeats none:
the final table equals an uninterrupted sweep's."""

from __future__ import annotations

import os
import signal

import pandas as pd
import pytest

from sim.apps.sweep import run_sweep
from tests.support.pool_workers import pool_workers
from tests.support.sweep_fixtures import (
    SMALL_SWEEP,
    kill_mid_run,
    kpi_table,
    rehearse,
    stop,
    stored_runs,
    wait_for,
    write_spec,
)

LONGER_SWEEP = SMALL_SWEEP.replace("replications = 3", "replications = 8").replace(
    "horizon_days = 0.5", "horizon_days = 0.75")
PLANNED = 32



@pytest.fixture(scope="module")
def spec_and_whole_table(tmp_path_factory):
    folder = tmp_path_factory.mktemp("resume")
    spec = write_spec(folder, LONGER_SWEEP)
    outcome = run_sweep(spec, folder / "whole", workers=2, progress=False)
    assert outcome.finished == PLANNED
    return spec, kpi_table(folder / "whole")


def test_sigkill_mid_sweep_then_resume_equals_an_uninterrupted_sweep(tmp_path, spec_and_whole_table):
    spec, whole = spec_and_whole_table
    out = tmp_path / "interrupted"
    args = ("sweep", str(spec), "--out", str(out), "--workers", "2", "--quiet")
    kill_mid_run(args, out, at_least=4)
    stored_at_kill = stored_runs(out)
    assert 4 <= stored_at_kill < PLANNED, "the kill must land mid-sweep"

    resumed = rehearse(*args)
    stdout, stderr = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, stderr
    assert f"{stored_at_kill} already stored" in stdout
    assert stored_runs(out) == PLANNED and not list((out / "runs").glob(".*"))
    table = kpi_table(out)
    assert table["run_id"].is_unique
    pd.testing.assert_frame_equal(table, whole, check_exact=True)


def test_a_local_worker_killed_mid_sweep_is_replaced_and_nothing_is_lost(
        tmp_path, spec_and_whole_table):
    spec, whole = spec_and_whole_table
    out = tmp_path / "worker-killed"
    process = rehearse("sweep", str(spec), "--out", str(out), "--workers", "2", "--quiet")
    try:
        wait_for(lambda: stored_runs(out) >= 3 or process.poll() is not None, 60, "some runs")
        workers = pool_workers(process.pid)
        assert workers, "no pool worker found"
        os.kill(workers[0], signal.SIGKILL)
        stored_at_kill = stored_runs(out)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        stop(process)
    assert stored_at_kill < PLANNED, "the kill must land mid-sweep"
    assert process.returncode == 0, stderr
    assert f"{PLANNED} finished, 0 failed, 0 lost" in stdout
    assert "the local pool was restarted 1 time(s)" in stdout
    pd.testing.assert_frame_equal(kpi_table(out), whole, check_exact=True)
