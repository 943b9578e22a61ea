"""What a worker does for one run: rebuild the model from the task, run it, return a record.

The same function runs in a local process pool and on a Dask worker, so a run's KPIs do not
depend on where it ran. An exception in the model is part of the result (status "failed"),
not a crash of the sweep.
"""

from __future__ import annotations

import functools
import json
import platform
import time
import traceback
from dataclasses import dataclass
from importlib import metadata

from sim.scenario import Scenario

VERSIONED_PACKAGES = ("lockdown-rehearsal", "numpy", "simpy", "mesa", "pydantic", "scipy")


@dataclass(frozen=True)
class RunTask:
    run_id: str
    point_index: int
    policy_index: int
    replication: int
    seed: int
    parameters: dict
    kpis: tuple[str, ...]
    scenario: Scenario


def execute_run(task: RunTask) -> dict:
    """One run's record: identity, parameters, seed, status, error, wall seconds, package
    versions and the kept KPIs (numbers as float, so every file has the same column types)."""
    from sim.model.town_model import TownModel

    started = time.perf_counter()
    error = trace = None
    try:
        model = TownModel(task.scenario, seed=task.seed, overrides=task.parameters)
        kpis = model.run_episode()
        status = "finished"
    except Exception as exc:  # a failing run is a result to record, not a reason to stop
        status, kpis = "failed", {}
        error = f"{type(exc).__name__}: {exc}"
        trace = traceback.format_exc(limit=-8)
    record = {
        "run_id": task.run_id,
        "point_index": task.point_index,
        "policy_index": task.policy_index,
        "replication": task.replication,
        "seed": task.seed,
        "status": status,
        "error": error,
        "traceback": trace,
        "wall_seconds": time.perf_counter() - started,
        "versions": package_versions(),
    }
    record.update(task.parameters)
    for name in task.kpis:
        record[name] = _as_column_value(kpis.get(name))
    return record


def _as_column_value(value):
    if isinstance(value, bool) or isinstance(value, int):
        return float(value)
    return value


@functools.cache
def package_versions() -> str:
    """Versions on the machine that ran the run, as JSON (clusters drift)."""
    found = {"python": platform.python_version()}
    for name in VERSIONED_PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return json.dumps(found, sort_keys=True)
