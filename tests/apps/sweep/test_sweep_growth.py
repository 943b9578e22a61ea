"""A spec that only grows (more replications, or more samples of Sobol or Morris) extends the
stored sweep: stored runs are kept untouched and only the new ones run, and the result is the
sweep that the grown spec would have given from scratch. Any other change is refused."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.apps.sweep import run_sweep
from sim.apps.sweep.storage import read_manifest
from sim.cli.commands import main
from sim.core.run_folder import OutputError
from tests.support.sweep_fixtures import DELIVERY_SOBOL, SMALL_SWEEP, kpi_table, write_spec

SOBOL = DELIVERY_SOBOL.replace("samples = 8", "samples = 2").replace(
    "horizon_days = 0.5", "horizon_days = 0.3")

GRID = SMALL_SWEEP.replace("horizon_days = 0.5", "horizon_days = 0.3").replace(
    "replications = 3", "replications = 2")


def _stamps(out):
    return {p.name: p.stat().st_mtime_ns for p in (out / "runs").iterdir()}


@pytest.mark.parametrize("body, grow, from_scratch_planned", [
    (GRID, ("replications = 2", "replications = 4"), 2 * 2 * 4),
    (SOBOL, ("samples = 2", "samples = 4"), 4 * (3 + 2) * 3),
    (SOBOL, ("replications = 3", "replications = 4"), 2 * (3 + 2) * 4),
])
def test_a_grown_spec_keeps_the_stored_runs_and_runs_only_the_new_ones(
        tmp_path, body, grow, from_scratch_planned):
    out = tmp_path / "grown"
    small = run_sweep(write_spec(tmp_path, body), out, workers=2, progress=False)
    before = _stamps(out)
    grown_spec = write_spec(tmp_path, body.replace(*grow))
    grown = run_sweep(grown_spec, out, workers=2, progress=False)
    assert grown.planned == from_scratch_planned
    assert (grown.already_stored, grown.finished) == (small.planned, from_scratch_planned - small.planned)
    assert grown.extension == (f"extended: {grow[0].replace(' = ', ' ')} -> {grow[1].split()[-1]} "
                               f"(+{from_scratch_planned - small.planned} planned runs)")
    after = _stamps(out)
    assert {name: after[name] for name in before} == before  # stored runs were not rerun
    assert len(read_manifest(out)["runs"]) == from_scratch_planned

    scratch = tmp_path / "scratch"
    run_sweep(grown_spec, scratch, workers=2, progress=False)
    pd.testing.assert_frame_equal(kpi_table(out), kpi_table(scratch), check_exact=True)
    again = run_sweep(grown_spec, out, workers=2, progress=False)
    assert (again.already_stored, again.finished, again.extension) == (from_scratch_planned, 0, None)


@pytest.mark.parametrize("body, change, message", [
    (SOBOL, ("replications = 3", "replications = 2"),
     "it has replications = 3 and the spec says 2; a sweep can grow, not shrink"),
    (SOBOL.replace('"sobol"', '"latin_hypercube"'), ("samples = 2", "samples = 3"),
     "with samples 2 -> 3 the latin_hypercube design no longer contains"),
    (SOBOL, ("root_seed = 21", "root_seed = 22"), "changed since it started: root_seed 21 -> 22"),
    (SOBOL, ("samples = 2", "samples = 4\ncommon_random_numbers = false"),
     "common random numbers on -> off (set common_random_numbers = true"),
    (SOBOL, ("high = 60", "high = 90"), "changed since it started: parameters"),
])
def test_any_other_change_is_refused_with_what_changed(tmp_path, stored_sweep, body, change, message):
    out = stored_sweep(body)  # refused changes write nothing: the sweep serves every case
    stamps, manifest = _stamps(out), read_manifest(out)
    with pytest.raises(OutputError, match="holds a different sweep") as refused:
        run_sweep(write_spec(tmp_path, body.replace(*change)), out, workers=1, progress=False)
    assert message in str(refused.value)
    assert _stamps(out) == stamps and read_manifest(out) == manifest  # nothing written


def test_the_command_line_says_the_sweep_was_extended(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["sweep", str(write_spec(tmp_path, GRID)), "--out", str(out), "--quiet",
                 "--workers", "1"]) == 0
    grown = write_spec(tmp_path, GRID.replace("replications = 2", "replications = 3"))
    capsys.readouterr()
    assert main(["sweep", str(grown), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    assert "extended: replications 2 -> 3 (+4 planned runs)" in printed
    assert "planned 12 runs; 8 already stored; ran 4 (4 finished" in printed
    shrunk = write_spec(tmp_path, GRID.replace("replications = 2", "replications = 1"))
    assert main(["sweep", str(shrunk), "--out", str(out), "--quiet"]) == 2
    assert "a sweep can grow, not shrink" in capsys.readouterr().err
