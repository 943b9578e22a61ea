"""A sweep killed with SIGKILL mid-way and run again gives exactly the uninterrupted table."""

from __future__ import annotations

import os
import signal

import pandas as pd

from sim.sweep import load_results, run_sweep
from sim.sweep.storage import read_manifest
from tests.test_sweep_fixtures import SMALL_SWEEP, rehearse, stop, stored_runs, wait_for, write_spec

LONGER_SWEEP = SMALL_SWEEP.replace("replications = 3", "replications = 8").replace(
    "horizon_days = 0.5", "horizon_days = 0.75")


def _kpi_table(out) -> pd.DataFrame:
    manifest = read_manifest(out)
    table = load_results(out).sort_values("run_id").reset_index(drop=True)
    return table[["run_id", "seed", "status", *manifest["parameters"], *manifest["kpis"]]]


def test_sigkill_mid_sweep_then_resume_equals_an_uninterrupted_sweep(tmp_path):
    spec = write_spec(tmp_path, LONGER_SWEEP)
    out = tmp_path / "interrupted"
    args = ("sweep", str(spec), "--out", str(out), "--workers", "2", "--quiet")
    process = rehearse(*args, start_new_session=True)  # its own group: the pool dies with it
    try:
        wait_for(lambda: stored_runs(out) >= 4 or process.poll() is not None, 60, "some runs")
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        stop(process)
    stored_at_kill = stored_runs(out)
    assert 4 <= stored_at_kill < 32, "the kill must land mid-sweep"

    resumed = rehearse(*args)
    stdout, stderr = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, stderr
    assert f"{stored_at_kill} already stored" in stdout
    assert stored_runs(out) == 32 and not list((out / "runs").glob(".*"))

    whole = tmp_path / "whole"
    outcome = run_sweep(spec, whole, workers=2, progress=False)
    assert outcome.finished == 32
    interrupted_table, whole_table = _kpi_table(out), _kpi_table(whole)
    assert interrupted_table["run_id"].is_unique
    pd.testing.assert_frame_equal(interrupted_table, whole_table, check_exact=True)
