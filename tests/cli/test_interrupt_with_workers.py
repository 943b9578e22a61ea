"""Ctrl-C on a command that runs in a pool of worker processes (`sweep`, `compare`, `calibrate`
with --workers 2) exits 130 with the command's one line, as at any other moment. A terminal
sends Ctrl-C's SIGINT to the whole process group, so the pool's workers and the fork server get
it too, and none of them may print a traceback; the runs that finished are kept, and the same
command goes on from them."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.paths import EXPERIMENTS, ROOT
from tests.support.sweep_fixtures import SMALL_TOWN, stored_runs

# this checkout's code, in the command and in the processes it starts
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
RESUME = "run(s) stored in {out}; run the same command again to resume"

THREE_RUNS = """
design = "full_factorial"
replications = 3
root_seed = 7
horizon_days = 3
kpis = ["orders_delivered"]

[[parameters]]
path = "couriers.whitelist_size"
values = [4]
"""
FOUR_RUNS = """
root_seed = 11
replications = 2
horizon_days = 3
kpis = [{ name = "orders_delivered", goal = "max" }]

[[policies]]
name = "five"
set = { "couriers.whitelist_size" = 5 }

[[policies]]
name = "ten"
set = {}
"""


def _spec(folder: Path, body: str) -> Path:
    """A spec in `folder` on the small town with ten times its people: a run takes seconds, so
    Ctrl-C lands while one is in flight."""
    text = SMALL_TOWN.read_text(encoding="utf-8")
    assert text.count("population = 300\n") == 2
    town = folder / "town.toml"
    town.write_text(text.replace("population = 300\n", "population = 3000\n"), encoding="utf-8")
    spec = folder / "spec.toml"
    spec.write_text(f'base_scenario = "{town}"\n{body}', encoding="utf-8")
    return spec


def _ctrl_c_when(args: list[str], cwd: Path, ready: Callable[[str, str], bool],
                 env: dict | None = None, settle_s: float = 0.0) -> tuple[int, str, str]:
    """Run `python -m sim *args` in its own process group, reading what it prints until
    `ready(stdout, stderr)`, and `settle_s` later send SIGINT to the group as a terminal's
    Ctrl-C does; the exit status and everything the group printed, once every process of it
    has let go of the output (the fork server and the workers too)."""
    # a test run in the background ignores SIGINT and its children inherit that: restore it
    proc = subprocess.Popen([sys.executable, "-m", "sim", *args], cwd=cwd, env=env or ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    said = {proc.stdout.fileno(): b"", proc.stderr.fileno(): b""}
    out, err = proc.stdout.fileno(), proc.stderr.fileno()
    deadline = time.monotonic() + 180
    try:
        while not ready(said[out].decode(errors="replace"), said[err].decode(errors="replace")):
            assert time.monotonic() < deadline, said
            for fd in select.select(list(said), [], [], 0.1)[0]:
                chunk = os.read(fd, 65536)
                assert chunk, f"ended before the moment to interrupt: {said}"
                said[fd] += chunk
        time.sleep(settle_s)
        os.killpg(proc.pid, signal.SIGINT)
        rest_out, rest_err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    return (proc.returncode, (said[out] + rest_out).decode(errors="replace"),
            (said[err] + rest_err).decode(errors="replace"))


def _shown(said: str) -> list[str]:
    """The lines a terminal shows of `said`: a line rewritten in place (a progress bar) as it
    was left, one wiped clean (a bar closed) not at all."""
    shown = (line.rsplit("\r", 1)[-1].strip() for line in said.split("\n"))
    return [line for line in shown if line]


def _rerun(args: list[str], cwd: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "sim", *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _fork_server_importing(_: str, err: str) -> bool:
    """The import report (-X importtime) names `sim.scenario` twice: the command imported it
    before it started the fork server, so the second is the fork server's, which goes on to
    import the model for some seconds more."""
    return sum(line.split("|")[-1].strip() == "sim.scenario" for line in err.splitlines()) >= 2


def test_ctrl_c_while_the_fork_server_imports_exits_130_with_one_line(tmp_path):
    """The sweep starts the fork server before it reads its spec; Ctrl-C lands while the server
    still imports the model (and the command plans, or waits for its first worker)."""
    spec = _spec(tmp_path, THREE_RUNS)
    out = tmp_path / "out"
    status, printed, said = _ctrl_c_when(
        ["sweep", str(spec), "--workers", "2", "--quiet", "--out", str(out)], tmp_path,
        _fork_server_importing, env={**ENV, "PYTHONPROFILEIMPORTTIME": "1"})
    # the import timings are this test's instrument, not what the user reads; two processes
    # share the pipe, so one may land inside the command's own line, between its text and its
    # newline (print writes them apart)
    said = re.sub(r"import time:[^\n]*", "", said)
    assert "Traceback" not in printed + said, said
    assert status == 130, said
    assert _shown(said) == ["interrupted: 0 " + RESUME.format(out=out)]


def test_ctrl_c_on_a_sweep_with_a_run_in_flight_keeps_the_finished_runs_and_resumes(tmp_path):
    """Two of three runs stored: the third is running on one worker, the other worker has
    gone back to wait for work; Ctrl-C stops both, and the same command runs the third alone."""
    spec = _spec(tmp_path, THREE_RUNS)
    out = tmp_path / "out"
    args = ["sweep", str(spec), "--workers", "2", "--quiet", "--out", str(out)]
    status, printed, said = _ctrl_c_when(args, tmp_path, lambda *_: stored_runs(out) >= 2,
                                         settle_s=0.25)
    assert "Traceback" not in printed + said, said
    assert status == 130, said
    stored = stored_runs(out)
    assert _shown(said) == [f"interrupted: {stored} " + RESUME.format(out=out)]
    assert stored == 2  # the run in flight is not stored
    assert "planned 3 runs; 2 already stored; ran 1 (1 finished" in _rerun(args, tmp_path)


def test_ctrl_c_on_a_comparison_with_runs_in_flight_keeps_the_finished_runs_and_resumes(tmp_path):
    """Three of four runs stored: the fourth may still be running (or may have just ended, as
    the two last ones start together)."""
    spec = _spec(tmp_path, FOUR_RUNS)
    out = tmp_path / "out"
    args = ["compare", str(spec), "--workers", "2", "--quiet", "--out", str(out)]
    status, printed, said = _ctrl_c_when(args, tmp_path, lambda *_: stored_runs(out) >= 3)
    assert "Traceback" not in printed + said, said
    assert status == 130, said
    stored = stored_runs(out)
    assert _shown(said) == [f"interrupted: {stored} " + RESUME.format(out=out)]
    assert f"4 runs; {stored} already stored; ran {4 - stored} " in _rerun(args, tmp_path)


def test_ctrl_c_on_a_calibration_between_generations_exits_130_with_one_line(tmp_path):
    """As a generation is said the workers wait for the next one's jobs."""
    out = tmp_path / "out"
    status, printed, said = _ctrl_c_when(
        ["calibrate", str(EXPERIMENTS / "calibrate-small-town.toml"), "--workers", "2",
         "--out", str(out)], tmp_path, lambda printed, _: "generation 1:" in printed)
    assert "Traceback" not in printed + said, said
    assert status == 130, said
    assert _shown(said) == [
        f"stopped: what was finished is kept in {out}; run the same command again to continue"]


@pytest.mark.dask
def test_ctrl_c_on_a_sweep_on_its_own_dask_cluster_exits_130_with_one_line(tmp_path):
    """`--executor dask` without a scheduler starts a local cluster: its workers, in the same
    process group, leave Ctrl-C to the command (no traceback or log line from each), which
    closes the cluster and keeps the runs stored."""
    spec = _spec(tmp_path, THREE_RUNS)
    out = tmp_path / "out"
    args = ["sweep", str(spec), "--executor", "dask", "--workers", "2", "--quiet", "--out", str(out)]
    status, printed, said = _ctrl_c_when(args, tmp_path, lambda *_: stored_runs(out) >= 1, settle_s=0.25)
    assert "Traceback" not in printed + said and "KeyboardInterrupt" not in said, said
    assert status == 130, said
    stored = stored_runs(out)
    assert _shown(said) == [f"interrupted: {stored} " + RESUME.format(out=out)]
