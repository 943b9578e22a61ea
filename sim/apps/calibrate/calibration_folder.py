"""A calibration's output folder: what it was begun with, so that running the same file again
continues it (from pyabc's history or optuna's study, both kept there) and a different file is
not mixed into it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sim.apps.calibrate.spec import LoadedCalibration
from sim.core.atomic_files import OutputError, write_json

BEGUN_WITH = "calibration.json"
HISTORY_DB = "history.db"  # pyabc's ABC-SMC history
STUDY_DB = "study.db"  # optuna's trials
# the bounds of the work may change between a run and its continuation
BOUNDS = ("population_size", "max_populations", "minimum_epsilon", "trials", "lang")


def begun_with(loaded: LoadedCalibration) -> dict:
    """What decides a calibration's draws and runs: the spec but its bounds, and the base."""
    spec = {k: v for k, v in loaded.spec.model_dump(mode="json").items() if k not in BOUNDS}
    spec["base_scenario"] = str(loaded.base_path)
    spec["scenario"] = loaded.scenario.model_dump(mode="json")
    return spec


def prepare_folder(out: Path, loaded: LoadedCalibration, overwrite: bool) -> bool:
    """Make `out` ready; True when it holds this calibration begun earlier (continue it).
    Another calibration there is an OutputError unless `overwrite`, which starts afresh."""
    record = out / BEGUN_WITH
    mine = begun_with(loaded)
    if record.exists() and overwrite:
        shutil.rmtree(out)
    elif record.exists():
        if json.loads(record.read_text(encoding="utf-8")) != mine:
            raise OutputError(f"{out} holds a calibration begun from another file or base "
                              "scenario; choose another --out, or pass --overwrite to start again")
        return True
    elif out.exists() and any(out.iterdir()) and not overwrite:
        raise OutputError(f"{out} exists and holds no calibration; choose another --out")
    out.mkdir(parents=True, exist_ok=True)
    write_json(record, mine)
    return False
