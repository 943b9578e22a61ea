"""Sweeps on the local process pool: every planned run stored once, resumable, failures kept."""

from __future__ import annotations

import pytest

from sim.apps.sweep import load_results, run_sweep
from sim.apps.sweep.plan import scenario_of
from sim.apps.sweep.storage import read_manifest, run_path
from sim.core.run_folder import OutputError
from sim.model.town_model import TownModel
from tests.support.sweep_fixtures import write_spec


def test_local_pool_stores_each_planned_run_once_and_a_rerun_skips_them(tmp_path):
    spec = write_spec(tmp_path)
    out = tmp_path / "out"
    outcome = run_sweep(spec, out, workers=2, progress=False)
    assert (outcome.planned, outcome.already_stored, outcome.finished, outcome.failed) == (12, 0, 12, 0)
    manifest = read_manifest(out)
    table = load_results(out)
    assert list(table["run_id"]) == [r["run_id"] for r in manifest["runs"]]
    assert set(table["status"]) == {"finished"}
    assert table["busiest_store"].str.match(r"^[A-Z]{3}-\d$").all()
    assert (table["couriers.whitelist_size"].isin([2, 10])).all()

    # any run rebuilt from the manifest alone gives the stored KPIs
    run = manifest["runs"][5]
    kpis = TownModel(scenario_of(manifest), seed=run["seed"], overrides=run["parameters"]).run_episode()
    row = table.set_index("run_id").loc[run["run_id"]]
    assert row["orders_delivered"] == kpis["orders_delivered"]
    assert row["lead_time_minutes_mean"] == kpis["lead_time_minutes_mean"]

    stamps = {p: p.stat().st_mtime_ns for p in (out / "runs").iterdir()}
    again = run_sweep(spec, out, workers=2, progress=False)
    assert (again.already_stored, again.finished, again.failed) == (12, 0, 0)
    assert {p: p.stat().st_mtime_ns for p in (out / "runs").iterdir()} == stamps


FAILING_SWEEP = """
design = "full_factorial"
replications = 1
root_seed = 1
kpis = ["orders_delivered"]
[[parameters]]
path = "run.horizon_days"
values = [0.3, 0.6]
[[parameters]]
path = "lockdowns.0.start_day"
values = [0.0, 0.4]
"""


def test_a_run_that_raises_is_stored_as_failed_and_retried_only_when_asked(tmp_path):
    spec = write_spec(tmp_path, FAILING_SWEEP)
    out = tmp_path / "out"
    outcome = run_sweep(spec, out, workers=1, progress=False)
    assert (outcome.finished, outcome.failed, outcome.lost) == (3, 1, 0)
    table = load_results(out)
    failed = table[table["status"] == "failed"].iloc[0]
    assert failed["run.horizon_days"] == 0.3 and failed["lockdowns.0.start_day"] == 0.4
    assert "not before the horizon" in failed["error"]
    assert failed["orders_delivered"] != failed["orders_delivered"]  # NaN: no KPI
    assert run_sweep(spec, out, workers=1, progress=False).failed == 0  # not retried
    stamp = run_path(out, failed["run_id"]).stat().st_mtime_ns
    retried = run_sweep(spec, out, workers=1, progress=False, retry_failed=True)
    assert (retried.already_stored, retried.failed) == (3, 1)
    assert run_path(out, failed["run_id"]).stat().st_mtime_ns != stamp


def test_a_folder_of_another_sweep_is_refused(tmp_path):
    out = tmp_path / "out"
    run_sweep(write_spec(tmp_path, FAILING_SWEEP), out, workers=1, progress=False)
    changed = write_spec(tmp_path, FAILING_SWEEP.replace("root_seed = 1", "root_seed = 2"))
    with pytest.raises(OutputError, match="holds a different sweep"):
        run_sweep(changed, out, workers=1, progress=False)

