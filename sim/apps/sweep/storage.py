"""A sweep folder on disk: the manifest, then one Parquet file per finished run.

    DIR/sweep.json            every planned run (written first, atomically; rewritten when
                              the sweep grows)
    DIR/runs/<run_id>.parquet one row per run, written under a temporary name and renamed
    DIR/summary/              written by `rehearse sweep summarize`

A run's file either exists complete or not at all, so a sweep killed at any moment resumes
by running exactly the runs that have no file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.apps.sweep.growth import Growth, compare_plans
from sim.core.atomic_files import OutputError, atomic_file, write_json

MANIFEST_NAME = "sweep.json"
RUNS_DIR = "runs"
RECORD_COLUMNS = ("run_id", "point_index", "policy_index", "replication", "seed", "status",
                  "error", "traceback", "wall_seconds", "versions")


def check_sweep_dir(out: Path, manifest: dict) -> Growth:
    """That `out` is new, holds this same sweep, or one that `manifest` grows; writes
    nothing (OutputError if none of these)."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder; choose another --out")
    if (out / MANIFEST_NAME).exists():
        return compare_plans(out, read_manifest(out), manifest)
    if out.exists() and any(out.iterdir()):
        raise OutputError(f"{out}: exists and is not a sweep folder; choose another --out")
    return Growth((), 0)


def open_sweep_dir(out: Path, manifest: dict) -> Path:
    """Create `out` with its manifest, or check that `out` already holds this same sweep
    (the manifest is replaced by the grown one when the sweep grows)."""
    out = Path(out)
    growth = check_sweep_dir(out, manifest)
    if growth.is_extension or not (out / MANIFEST_NAME).exists():
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{out}: cannot write there ({exc.strerror or exc})") from None
        # a new sweep never replaces another's manifest; a grown one replaces its own
        write_json(out / MANIFEST_NAME, manifest, replace=growth.is_extension)
    runs = out / RUNS_DIR
    runs.mkdir(exist_ok=True)
    for leftover in runs.glob(".*.tmp*"):  # from a writer killed mid-file
        leftover.unlink(missing_ok=True)
    return out


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST_NAME
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OutputError(f"{folder}: not a sweep folder (no {MANIFEST_NAME})") from None
    except (OSError, ValueError) as exc:
        raise OutputError(f"{path}: cannot read the manifest: {exc}") from None


def run_path(folder: Path, run_id: str) -> Path:
    return Path(folder) / RUNS_DIR / f"{run_id}.parquet"


def write_run(folder: Path, record: dict) -> Path:
    """One run's row, written to a temporary file and renamed into place."""
    final = run_path(folder, record["run_id"])
    with atomic_file(final) as tmp:
        pq.write_table(pa.Table.from_pylist([record]), tmp)
    return final


def stored_run_ids(folder: Path) -> set[str]:
    """Ids of every run with a file (a file exists only once complete)."""
    return {p.stem for p in (Path(folder) / RUNS_DIR).glob("*.parquet") if not p.name.startswith(".")}


def stored_statuses(folder: Path) -> dict[str, str]:
    """run_id -> status of every run with a file."""
    statuses = {}
    for path in (Path(folder) / RUNS_DIR).glob("*.parquet"):
        if path.name.startswith("."):
            continue
        statuses[path.stem] = pq.read_table(path, columns=["status"]).column(0)[0].as_py()
    return statuses


def read_runs(folder: Path) -> pd.DataFrame:
    """Every stored run of the manifest as one DataFrame, in plan order (point, policy,
    replication). Columns: the record columns, one per parameter, one per KPI."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    columns = list(RECORD_COLUMNS) + manifest["parameters"] + manifest["kpis"]
    frames = []
    for run in manifest["runs"]:
        path = run_path(folder, run["run_id"])
        if path.exists():
            frames.append(pq.read_table(path).to_pandas())
    if not frames:
        return pd.DataFrame(columns=columns)
    table = pd.concat(frames, ignore_index=True)
    for name in manifest["kpis"]:
        table[name] = _harmonised(table[name])
    return table[columns]


def _harmonised(column: pd.Series) -> pd.Series:
    """A KPI column with one type: float when every stored value is a number (a file whose
    value was missing stores null), text otherwise."""
    present = column.dropna()
    if all(isinstance(v, (int, float)) for v in present):
        return column.astype("float64")
    return column.astype("string")
