"""Run a comparison: plan it on the sweep engine, run what is not stored, add rounds of
replications while the precision rule asks for them, then write the tables and the report.

Rounds are decided from the stored results alone, so a comparison killed at any moment and run
again walks the same rounds, runs only the runs that have no file, and ends where an
uninterrupted one would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sim.apps.compare.plan import plan_comparison, tasks_of
from sim.apps.compare.spec import LoadedComparison, has_depot, load_compare_spec
from sim.apps.compare.statistics import PrecisionCheck, next_round, precision_check
from sim.apps.report.cjk_font import require_cjk_font
from sim.apps.sweep.executors import make_backend
from sim.apps.sweep.runner import SweepOutcome, execute_tasks
from sim.apps.sweep.storage import (
    MANIFEST_NAME,
    check_sweep_dir,
    read_manifest,
    read_runs,
    stored_run_ids,
)

COMPARISONS_DIR = Path("results") / "compare"


@dataclass
class ComparisonOutcome(SweepOutcome):
    """A sweep's counts over every round (its replications: the comparison's), with the
    precision rule's rounds and the files written (its language: the reports')."""

    rounds: list[PrecisionCheck] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def default_comparison_dir(name: str) -> Path:
    """Fixed, not time-stamped: running the same command again resumes the same comparison."""
    return COMPARISONS_DIR / name


def run_comparison(spec_path: str | Path, out: str | Path | None = None, executor: str = "local",
                   workers: int | None = None, scheduler: str | None = None,
                   progress: bool = True, lang: str | None = None) -> ComparisonOutcome:
    """Run what is not stored and write the outputs; the reports in `lang` (None: the spec's
    language, else the base scenario's, else English)."""
    backend = make_backend(executor, workers, scheduler)
    backend.warm_up()
    loaded = load_compare_spec(spec_path)
    lang = lang or loaded.report_language
    if lang == "zh":  # before any run: a Chinese report's plots need a CJK font
        require_cjk_font()
    out = Path(out) if out else default_comparison_dir(loaded.name)
    replications = loaded.initial_replications
    stored_replications = _stored_replications(out)
    # a folder in the way, or holding another comparison, is found before anything runs
    check_sweep_dir(out, plan_comparison(loaded, max(replications, stored_replications)))
    outcome = ComparisonOutcome(out, 0, len(stored_run_ids(out)) if (out / "runs").is_dir() else 0,
                                lang=lang)
    while True:
        manifest = plan_comparison(loaded, replications)
        stored = stored_run_ids(out) if (out / "runs").is_dir() else set()
        todo = {r["run_id"] for r in manifest["runs"]} - stored
        if todo:
            written = (manifest if replications >= stored_replications
                       else plan_comparison(loaded, stored_replications))
            _run_round(backend, out, loaded, manifest, written, todo, outcome, progress)
            stored_replications = max(stored_replications, replications)
            if not outcome.complete:
                return outcome
        outcome.replications, outcome.planned = replications, len(manifest["runs"])
        precision = loaded.spec.precision
        if precision is None:
            break
        runs = read_runs(out)
        check = precision_check(runs, manifest, precision.kpi, precision.relative_half_width,
                                replications)
        outcome.rounds.append(check)
        if check.met or replications >= precision.max_replications:
            break
        replications = next_round(check, precision.max_replications)
    from sim.apps.compare.outputs import write_outputs

    runs = read_runs(out)
    runs = without_depot_as_zero(runs[runs["replication"] < replications], loaded)
    outcome.files = write_outputs(out, loaded, manifest, runs, outcome, lang)
    return outcome


def without_depot_as_zero(runs, loaded: LoadedComparison):
    """A town without a depot reports no depot KPIs; in a comparison its depot costs, stock and
    spoilage are zero (what a policy of no depot costs), so it can be set against the others."""
    depot_kpis = [k for k in loaded.kpi_names if k.startswith("depot_") and k in runs]
    if not depot_kpis or runs.empty:
        return runs
    no_depot = {(a.scenario_index, a.policy_index) for a in loaded.arms if not has_depot(a.scenario)}
    arm = list(zip(runs["point_index"], runs["policy_index"], strict=True))
    rows = (runs["status"] == "finished") & np.array([a in no_depot for a in arm], dtype=bool)
    runs = runs.copy()
    for kpi in depot_kpis:
        runs.loc[rows & runs[kpi].isna(), kpi] = 0.0
    return runs


def _stored_replications(out: Path) -> int:
    """Replications the folder's manifest has planned (0 for a new folder)."""
    if not (out / MANIFEST_NAME).is_file():
        return 0
    return int(read_manifest(out)["spec"].get("replications") or 0)


def _run_round(backend, out: Path, loaded: LoadedComparison, manifest: dict, written: dict,
               todo: set[str], outcome: ComparisonOutcome, progress: bool) -> None:
    planned = len(manifest["runs"])
    counts = SweepOutcome(out, planned, planned - len(todo))
    label = f"compare {loaded.name} ({manifest['spec']['replications']} replications)"
    execute_tasks(backend, out, written, tasks_of(loaded, manifest, todo), counts, label, progress)
    outcome.finished += counts.finished
    outcome.failed += counts.failed
    outcome.lost += counts.lost
    outcome.run_seconds += counts.run_seconds
    outcome.pool_restarts += counts.pool_restarts
    outcome.errors += counts.errors
