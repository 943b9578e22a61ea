"""Run folders never clobber one another: unique default names."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.atomic_files import OutputError
from sim.cli import main
from sim.run_folder import atomic_run_folder, default_run_dir

ROOT = Path(__file__).resolve().parent.parent
SMALL_TOWN = ROOT / "experiments" / "small-town.toml"


def start_rehearse(*args, cwd: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "sim", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def horizon_days(folder: Path) -> float:
    return json.loads((folder / "scenario.json").read_text())["run"]["horizon_days"]


def hidden_leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_default_run_folder_names_differ_within_one_second(tmp_path):
    names = {default_run_dir("small-town", 1, tmp_path) for _ in range(200)}
    assert len(names) == 200
    assert all(n.name.startswith("small-town-seed1-") for n in names)
