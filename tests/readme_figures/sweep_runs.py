"""Run a shipped sweep spec quietly in a temporary folder and read back its runs, as
`rehearse sweep SPEC` and `rehearse sweep summarize` would compute them."""

from __future__ import annotations

import json
import re
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.apps.sweep.results import load_results
from sim.apps.sweep.runner import run_sweep
from sim.apps.sweep.storage import read_manifest
from sim.core.atomic_files import write_text_atomically
from tests.support.paths import ROOT

EXPERIMENTS = ROOT / "experiments"


@dataclass
class SweepRuns:
    manifest: dict
    runs: pd.DataFrame


def run_spec(name: str, workers: int, **settings) -> SweepRuns:
    """Every run of experiments/NAME.toml, with top-level `settings` changed (e.g.
    common_random_numbers=False); raises if a run fails, since a figure would then be wrong."""
    spec = EXPERIMENTS / f"{name}.toml"
    with tempfile.TemporaryDirectory(prefix=f"readme-{name}-") as tmp:
        if settings:
            spec = _variant(spec, Path(tmp) / spec.name, settings)
        out = Path(tmp) / "sweep"
        outcome = run_sweep(spec, out, workers=workers, progress=False)
        if outcome.failed or outcome.lost:
            raise RuntimeError(f"{spec.name}: {outcome.failed} run(s) failed and "
                               f"{outcome.lost} lost: " + "; ".join(outcome.errors[:3]))
        return SweepRuns(read_manifest(out), load_results(out))


def _variant(spec: Path, path: Path, settings: dict) -> Path:
    """A copy of `spec` at `path` with `settings` set, its base scenario found from anywhere."""
    text = spec.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    base = (spec.parent / data["base_scenario"]).resolve()
    text = re.sub(r"(?m)^base_scenario\s*=.*$", f"base_scenario = {json.dumps(str(base))}", text)
    for key in settings:
        text = re.sub(rf"(?m)^{re.escape(key)}\s*=.*$\n?", "", text)
    lines = [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    write_text_atomically(path, "\n".join(lines) + "\n" + text)
    return path
