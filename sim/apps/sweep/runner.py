"""Run a sweep: plan it, skip what is already stored, execute the rest, store each result.

Only this driver writes run files, once per run, as results arrive; a worker that dies
mid-run leaves no file, so its run is done again (by Dask at once, or on the next resume).
A spec that only grows (more replications, or more samples) extends the stored sweep: its
runs are kept and only the new ones run. Failed runs (the model raised) are stored with their
error and are not retried on resume: the same seed and parameters would fail the same way.
`retry_failed=True` reruns them once, after a fix.
"""

from __future__ import annotations

import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from sim.apps.sweep.executors import POOL_RESTARTS_MAX, make_backend
from sim.apps.sweep.growth import Growth
from sim.apps.sweep.plan import plan_sweep
from sim.apps.sweep.spec import load_sweep_spec
from sim.apps.sweep.storage import (
    check_sweep_dir,
    open_sweep_dir,
    stored_run_ids,
    stored_statuses,
    write_run,
)
from sim.apps.sweep.worker import RunTask, execute_run

SWEEPS_DIR = Path("results") / "sweeps"


@dataclass
class SweepOutcome:
    out: Path
    planned: int
    already_stored: int
    finished: int = 0
    failed: int = 0
    lost: int = 0
    run_seconds: float = 0.0
    pool_restarts: int = 0
    errors: list[str] = field(default_factory=list)
    growth: Growth | None = None  # how the spec grew the stored sweep (none: a comparison's)
    replications: int = 0  # of each point (a comparison's: those run so far)
    lang: str = "en"  # the language of what is printed of it

    @property
    def extension(self) -> str | None:
        """How the spec grew the stored sweep, in English; None when it did not."""
        return self.growth.describe() if self.growth is not None and self.growth.is_extension else None

    @property
    def complete(self) -> bool:
        return self.lost == 0

    @property
    def runs_per_second(self) -> float:
        done = self.finished + self.failed
        return done / self.run_seconds if self.run_seconds > 0 else 0.0


def default_sweep_dir(name: str) -> Path:
    """Fixed, not time-stamped: running the same command again resumes the same sweep."""
    return SWEEPS_DIR / name


def run_sweep(spec_path: str | Path, out: str | Path | None = None, executor: str = "local",
              workers: int | None = None, scheduler: str | None = None, progress: bool = True,
              retry_failed: bool = False, lang: str | None = None) -> SweepOutcome:
    """Run what is not stored; what is printed of it is in `lang` (None: the spec's language,
    else the base scenario's, else English)."""
    backend = make_backend(executor, workers, scheduler)
    backend.warm_up()
    loaded = load_sweep_spec(spec_path)
    manifest = plan_sweep(loaded)
    out = Path(out) if out else default_sweep_dir(loaded.name)
    growth = check_sweep_dir(out, manifest)  # a user's mistake is found before anything is written
    if retry_failed:
        statuses = stored_statuses(out)
        todo = [r for r in manifest["runs"] if statuses.get(r["run_id"], "failed") == "failed"]
    else:
        stored = stored_run_ids(out)
        todo = [r for r in manifest["runs"] if r["run_id"] not in stored]
    outcome = SweepOutcome(out, len(manifest["runs"]), len(manifest["runs"]) - len(todo),
                           growth=growth, replications=loaded.spec.replications,
                           lang=lang or loaded.report_language)
    if not todo:
        return outcome
    kpis = tuple(manifest["kpis"])
    tasks = [RunTask(r["run_id"], r["point_index"], r["policy_index"], r["replication"],
                     r["seed"], r["parameters"], kpis, loaded.scenario) for r in todo]
    execute_tasks(backend, out, manifest, tasks, outcome, f"sweep {loaded.name}", progress)
    return outcome


def execute_tasks(backend, out: Path, manifest: dict, tasks: list[RunTask],
                  outcome: SweepOutcome, label: str, progress: bool) -> None:
    """Run `tasks` on `backend` into the sweep folder `out` (opened with `manifest`), storing
    each result as it arrives; `outcome` counts them. Shared by sweeps and comparisons, so
    both resume the same way."""
    pool = backend.start()  # an unreachable scheduler fails here, before anything is written
    open_sweep_dir(out, manifest)
    bar = _progress_bar(outcome, label, progress)
    started = time.perf_counter()
    try:
        _drive(backend, pool, deque(tasks), outcome, bar)
    except BaseException:
        backend.stop(cancel=True)
        raise
    else:
        backend.stop()
    finally:
        outcome.run_seconds += time.perf_counter() - started
        bar.close()


def _drive(backend, pool, tasks: deque, outcome: SweepOutcome, bar) -> None:
    """Keep `backend.in_flight` runs going; store each result as it arrives."""
    in_flight = {}
    while tasks or in_flight:
        while tasks and len(in_flight) < backend.in_flight:
            task = tasks.popleft()
            in_flight[pool.submit(execute_run, task)] = task
        done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
        broken = False
        for future in done:
            task = in_flight.pop(future)
            try:
                record = future.result()
            except BrokenProcessPool:
                broken = True
                tasks.appendleft(task)
                continue
            except Exception as exc:  # the executor lost the run (e.g. Dask KilledWorker)
                outcome.lost += 1
                outcome.errors.append(f"{task.run_id}: lost: {type(exc).__name__}: {exc}")
                bar.set_postfix(failed=outcome.failed, lost=outcome.lost)
                continue
            write_run(outcome.out, record)
            if record["status"] == "finished":
                outcome.finished += 1
            else:
                outcome.failed += 1
                outcome.errors.append(f"{task.run_id}: {record['error']}")
                bar.set_postfix(failed=outcome.failed, lost=outcome.lost)
            bar.update(1)
        if broken:
            tasks.extendleft(reversed([in_flight.pop(f) for f in list(in_flight)]))
            outcome.pool_restarts += 1
            if outcome.pool_restarts > POOL_RESTARTS_MAX:
                outcome.lost += len(tasks)
                outcome.errors.append(f"the local pool broke {outcome.pool_restarts} times; stopped")
                tasks.clear()
                return
            pool = backend.restart()


def _progress_bar(outcome: SweepOutcome, label: str, show: bool):
    from tqdm import tqdm

    bar = tqdm(total=outcome.planned, initial=outcome.already_stored, unit="run",
               desc=label, disable=not show, smoothing=0.1)
    bar.set_postfix(failed=0, lost=0)
    return bar
