"""The package as `pip install .` makes it, away from the checkout: `rehearse run` with no
scenario finds the default one inside the package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import ROOT


@pytest.mark.slow
def test_an_installed_package_runs_the_default_scenario_outside_the_checkout(tmp_path):
    # built from a copy of the sources, so the checkout gets no build/ folder (whose stale files
    # a later build would pack)
    source, wheels, site = tmp_path / "source", tmp_path / "wheels", tmp_path / "site"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("sim", "agents"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)  # links become files
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                    str(wheels), str(source)], check=True, capture_output=True)
    (wheel,) = wheels.glob("*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target",
                    str(site), str(wheel)], check=True, capture_output=True)
    # the installed copy, not the checkout, is imported: PYTHONPATH comes before the checkout's
    # editable finder, and the working folder holds no experiments/
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import sim; print(sim.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, check=True).stdout
    assert Path(where.strip()).is_relative_to(site)
    assert not (site / "sim" / "data" / "beizang-2022.toml").is_symlink()
    run = subprocess.run([sys.executable, "-m", "sim", "run", "--days", "0.5", "--quiet",
                          "--out", "run"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    kpis = json.loads((tmp_path / "run" / "kpis.json").read_text())
    assert kpis["orders_placed"] > 0
    scenario = json.loads((tmp_path / "run" / "scenario.json").read_text())
    assert len(scenario["villages"]) == 17  # Beizang's default town
