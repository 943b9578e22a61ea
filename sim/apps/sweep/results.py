"""Reading a sweep's results: one DataFrame, or EMA Workbench's (experiments, outcomes)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.apps.sweep.storage import read_manifest, read_runs


def load_results(folder: str | Path, finished_only: bool = False) -> pd.DataFrame:
    """Every stored run of the sweep in `folder`, in plan order: run_id, point_index,
    policy_index, replication, seed, status, error, traceback, wall_seconds, versions, one
    column per swept parameter (its dotted path) and one per KPI."""
    table = read_runs(Path(folder))
    if finished_only:
        table = table[table["status"] == "finished"].reset_index(drop=True)
    return table


def to_ema_workbench(folder: str | Path) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The finished runs as EMA Workbench returns them from `perform_experiments`: an
    `experiments` DataFrame (one column per parameter, plus `scenario`, `policy` and `model`)
    and an `outcomes` dict of one numpy array per KPI, row-aligned, ready for its PRIM/CART."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    runs = load_results(folder, finished_only=True)
    experiments = runs[manifest["parameters"]].copy()
    experiments["scenario"] = runs["point_index"].to_numpy()
    experiments["policy"] = runs["policy_index"].to_numpy()
    experiments["model"] = manifest["name"]
    outcomes = {}
    for name in manifest["kpis"]:
        column = runs[name]
        outcomes[name] = (column.to_numpy(dtype=float, na_value=np.nan)
                          if pd.api.types.is_numeric_dtype(column) else column.to_numpy(dtype=object))
    return experiments, outcomes
