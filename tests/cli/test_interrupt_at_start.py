"""Ctrl-C while `rehearse` is still importing its modules exits 130 with one line, as at any
other moment (the imports take a second or more, so a user can easily land in them); and help
answers without importing them."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REHEARSE = Path(sys.executable).parent / "rehearse"


def _interrupt_once_imported(command: list[str], module: str, tmp_path: Path) -> tuple[int, str]:
    """Start `command` with -X importtime's report on stderr, send SIGINT as soon as `module`
    has been imported (so the signal lands in the imports that follow it), and return the exit
    status and stderr without the import report."""
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    # a test run in the background ignores SIGINT and its children inherit that: restore it
    proc = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    seen, deadline = b"", time.monotonic() + 120
    try:
        while not any(line.rstrip().endswith(b"| " + module.encode()) or
                      line.rstrip().endswith(b"  " + module.encode())
                      for line in seen.splitlines()):
            assert time.monotonic() < deadline, seen[-500:]
            ready, _, _ = select.select([proc.stderr], [], [], 5)
            if ready:
                chunk = os.read(proc.stderr.fileno(), 65536)
                assert chunk, f"ended before importing {module}: {seen[-500:]!r}"
                seen += chunk
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    said = [line for line in (seen + err).decode(errors="replace").splitlines()
            if not line.startswith("import time:")]
    return proc.returncode, "\n".join(said)


@pytest.mark.parametrize("module", ["sim.core.problems", "numpy", "pydantic", "sim.scenario"])
@pytest.mark.parametrize("how", ["script", "module"])
def test_ctrl_c_during_start_up_exits_130_with_one_line(tmp_path, module, how):
    command = [str(REHEARSE)] if how == "script" else [sys.executable, "-m", "sim"]
    command += ["run", "--days", "1", "--quiet", "--out", str(tmp_path / "run")]
    status, said = _interrupt_once_imported(command, module, tmp_path)
    assert status == 130, said
    assert "Traceback" not in said
    assert said.strip().splitlines() == ["interrupted: nothing was written"]
    assert not (tmp_path / "run").exists()


def test_the_command_line_answers_help_without_the_model_s_libraries():
    """`rehearse --help` and every sub-command's parser stay free of the heavy imports, which
    the command that needs them takes when it runs (so help and a typo answer at once)."""
    probe = ("import sys; from sim.cli.commands import build_parser; build_parser(); "
             "print(' '.join(m for m in ('numpy', 'pandas', 'scipy', 'pydantic', 'simpy', "
             "'mesa', 'matplotlib', 'dask', 'starlette') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
