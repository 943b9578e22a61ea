"""A local worker killed while `rehearse calibrate --workers 2` samples a generation (SIGKILL,
as the system's out-of-memory killer sends it): the pool is started again and the jobs whose
particles had not come back are run again from their own seeds, so the calibration ends with
the posterior of an undisturbed one. Workers that keep dying stop it with one line, exit 1 and
no traceback; the command that line gives continues from the last finished generation."""

from __future__ import annotations

import functools
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.apps.calibrate.calibration_folder import HISTORY_DB
from sim.apps.calibrate.lost_workers import POOL_RESTARTS_MAX, RedoingMap, WorkersLost
from sim.apps.sweep.executors import LocalBackend
from sim.cli.commands import main
from tests.support.calibration_fixtures import calibration_text, write_calibration
from tests.support.paths import ROOT
from tests.support.pool_workers import pool_workers, square_dying_once
from tests.support.sweep_fixtures import wait_for

# this checkout's code, in the command and in the processes it starts
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
TWO_GENERATIONS = calibration_text(29.0).replace("max_populations = 3", "max_populations = 2")
# the second generation's bar with some of its 12 particles accepted, not all
SECOND_GENERATION_UNDER_WAY = re.compile(r"generation 2 \(tolerance [^)]*\):[^\r\n]*\| ([1-9]|1[01])/12")


@pytest.fixture(scope="module")
def undisturbed(tmp_path_factory):
    """The calibration run whole in one process: the spec and its output folder."""
    folder = tmp_path_factory.mktemp("calibrate-lost-worker")
    spec = write_calibration(folder, TWO_GENERATIONS)
    assert main(["calibrate", str(spec), "--workers", "1", "--out", str(folder / "whole"),
                 "--quiet", "--check-seeds", "1"]) == 0
    return spec, folder / "whole"


class Calibration:
    """`python -m sim calibrate SPEC --workers 2 --out OUT` in its own process group, what it
    prints kept in files to read while it runs."""

    def __init__(self, spec: Path, out: Path):
        self.out = out
        self.stdout_file, self.stderr_file = out.with_suffix(".out"), out.with_suffix(".err")
        with open(self.stdout_file, "w") as stdout, open(self.stderr_file, "w") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "sim", "calibrate", str(spec), "--workers", "2", "--out",
                 str(out), "--check-seeds", "1"], cwd=ROOT, env=ENV, stdout=stdout,
                stderr=stderr, start_new_session=True)

    @property
    def stdout(self) -> str:
        return self.stdout_file.read_text(errors="replace")

    @property
    def stderr(self) -> str:
        return self.stderr_file.read_text(errors="replace")

    def kill_a_worker(self) -> int:
        workers = pool_workers(self.process.pid)
        assert workers, "no pool worker found"
        os.kill(workers[0], signal.SIGKILL)
        return workers[0]

    def wait(self, timeout_s: float = 300) -> int:
        try:
            return self.process.wait(timeout=timeout_s)
        finally:
            self.stop()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def _generations(out: Path) -> list:
    """Each stored generation's tolerance, particles and simulations."""
    import pyabc

    from sim.apps.calibrate.abc_smc import generations

    return generations(pyabc.History(f"sqlite:///{out / HISTORY_DB}"))


def _same_calibration(out: Path, whole: Path) -> None:
    pd.testing.assert_frame_equal(pd.read_parquet(out / "posterior.parquet"),
                                  pd.read_parquet(whole / "posterior.parquet"), check_exact=True)
    assert _generations(out) == _generations(whole)


def test_a_worker_killed_mid_generation_is_replaced_and_the_posterior_is_unchanged(
        undisturbed, tmp_path):
    spec, whole = undisturbed
    run = Calibration(spec, tmp_path / "out")
    try:
        wait_for(lambda: SECOND_GENERATION_UNDER_WAY.search(run.stderr)
                 or run.process.poll() is not None, 240, "the second generation under way")
        assert run.process.poll() is None, run.stderr
        run.kill_a_worker()
        status = run.wait()
    finally:
        run.stop()
    said = run.stderr
    assert "Traceback" not in said + run.stdout, said
    assert status == 0, said
    assert re.search(r"a worker process died \(most likely the system ran out of memory\); the "
                     r"pool was started again and its [1-9]\d* unfinished job\(s\) run again",
                     said), said
    assert "generation 2: tolerance" in run.stdout
    _same_calibration(tmp_path / "out", whole)


def test_workers_that_keep_dying_stop_it_with_one_line_and_the_command_continues(
        undisturbed, tmp_path):
    spec, whole = undisturbed
    out = tmp_path / "out"
    run = Calibration(spec, out)
    killed = 0
    try:
        wait_for(lambda: "generation 1:" in run.stdout or run.process.poll() is not None, 240,
                 "the first generation stored")
        deadline = time.monotonic() + 120
        while run.process.poll() is None and time.monotonic() < deadline:
            for worker in pool_workers(run.process.pid):  # each new pool's too
                try:
                    os.kill(worker, signal.SIGKILL)
                    killed += 1
                except ProcessLookupError:
                    pass
            time.sleep(0.02)
        status = run.wait(timeout_s=30)
    finally:
        run.stop()
    said = run.stderr
    assert killed, "no pool worker was killed"
    assert "Traceback" not in said + run.stdout, said
    assert status == 1, said
    last = said.rstrip().rsplit("\n", 1)[-1]
    assert last.startswith("stopped: the pool lost a worker process 4 times, most likely "
                           "because the system ran out of memory; the finished generations are "
                           f"kept in {out / HISTORY_DB}; "), said
    assert "generation 2: tolerance" not in run.stdout
    assert not (out / "posterior.parquet").exists()
    assert len(_generations(out)) == 1

    command = re.search(r"`(rehearse calibrate [^`]*)` continues from them", last).group(1)
    assert shlex.split(command) == ["rehearse", "calibrate", str(spec), "--out", str(out),
                                    "--workers", "2"]
    resumed = subprocess.run([sys.executable, "-m", "sim", *shlex.split(command)[1:],
                              "--check-seeds", "1"], cwd=ROOT, env=ENV, capture_output=True,
                             text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    # neither the sample from the priors nor the first generation again
    assert "sampling the priors" not in resumed.stderr
    assert "generation 1 (tolerance" not in resumed.stderr
    assert "generation 2 (tolerance" in resumed.stderr
    _same_calibration(out, whole)


@pytest.fixture
def local_backend():
    backend = LocalBackend(workers=2)
    backend.warm_up()
    try:
        yield backend
    finally:
        backend.stop(cancel=True)


def test_the_map_runs_again_the_jobs_of_a_killed_worker_and_keeps_their_order(
        local_backend, tmp_path):
    told = []
    redoing = RedoingMap(local_backend, local_backend.start(), told.append)
    job = functools.partial(square_dying_once, str(tmp_path), 5)
    assert list(redoing(job, range(12))) == [i * i for i in range(12)]
    assert (tmp_path / "5").exists(), "the job of 5 did not kill its worker"
    assert redoing.breaks == 1 and len(told) == 1 and told[0] >= 1


def test_the_map_gives_a_job_its_own_error_without_running_it_again(local_backend, tmp_path):
    redoing = RedoingMap(local_backend, local_backend.start())
    with pytest.raises(ValueError, match="no square for -1"):
        list(redoing(functools.partial(square_dying_once, str(tmp_path), 5), [1, -1, 2]))
    assert redoing.breaks == 0


def test_the_map_stops_when_the_pool_breaks_once_more_than_it_may_be_started_again(
        local_backend, tmp_path):
    told = []
    redoing = RedoingMap(local_backend, local_backend.start(), told.append)
    with pytest.raises(WorkersLost) as lost:
        list(redoing(functools.partial(square_dying_once, str(tmp_path), 5), [1, -2, 2]))
    assert lost.value.breaks == redoing.breaks == POOL_RESTARTS_MAX + 1
    assert len(told) == POOL_RESTARTS_MAX
