"""`method = "optimize"`: the point whose runs come nearest the targets (optuna's TPE sampler),
for a quick best guess where a posterior would cost too much.

Trials are asked in rounds of a fixed size, simulated over the executor's workers and told
back in order, so the trials are the same for any number of workers; optuna's sampler is
seeded from the root seed. The study lives in the output folder (`study.db`): running the
file again continues it up to `trials`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.apps.calibrate.calibration_folder import STUDY_DB, prepare_folder
from sim.apps.calibrate.samplers import mapped_over
from sim.apps.calibrate.simulation import PointDistance, PointModel
from sim.apps.calibrate.spec import FittedParameter, LoadedCalibration
from sim.core.random_streams import derive_seed, stream_key

TRIALS_PER_ROUND = 4  # asked together: the trials do not depend on the number of workers
STUDY_NAME = "calibration"


@dataclass
class BestPoint:
    """Every trial (a column per parameter path, each target's figure, `distance`), in order,
    and the best one's row."""

    trials: pd.DataFrame
    best: pd.Series


def run_optimize(loaded: LoadedCalibration, out: Path, executor: str = "local",
                 workers: int | None = None, scheduler: str | None = None,
                 overwrite: bool = False,
                 on_round: Callable[[int, float], None] | None = None,
                 on_pool_restart: Callable[[int], None] | None = None) -> BestPoint:
    """Run (or continue) the study in `out` up to the spec's trials; `on_round(trials done,
    best distance)` after each round, `on_pool_restart(jobs run again)` when a local pool is
    started again after a worker died. Workers lost too often raise `WorkersLost`: the
    finished trials are kept."""
    import optuna

    optuna.logging.set_verbosity(logging.WARNING)
    spec = loaded.spec
    resuming = prepare_folder(out, loaded, overwrite)
    storage = f"sqlite:///{(out / STUDY_DB).resolve()}"
    sampler = optuna.samplers.TPESampler(
        seed=derive_seed(spec.root_seed, *stream_key("optimize trials")))
    study = optuna.create_study(study_name=STUDY_NAME, storage=storage, sampler=sampler,
                                direction="minimize", load_if_exists=resuming)
    _fail_unfinished(study)
    distances = _distributions(spec.parameters)
    evaluate = PointDistance(PointModel.of(loaded))
    with mapped_over(executor, workers, scheduler, on_pool_restart) as map_:
        while (done := _finished(study)) < spec.trial_count:
            asked = [study.ask(distances) for _ in range(min(TRIALS_PER_ROUND,
                                                             spec.trial_count - done))]
            for trial, (figures, distance) in zip(asked, map_(evaluate, [t.params for t in asked])):
                for kpi, value in figures.items():
                    trial.set_user_attr(kpi, value)
                study.tell(trial, distance if distance != float("inf") else None,
                           state=None if distance != float("inf") else optuna.trial.TrialState.FAIL)
            if on_round:
                on_round(_finished(study), _best_value(study))
    return best_point(study, loaded)


def _distributions(parameters: list[FittedParameter]) -> dict:
    from optuna.distributions import FloatDistribution

    return {p.path: FloatDistribution(p.low, p.high, log=p.prior == "log_uniform")
            for p in parameters}


def _finished(study) -> int:
    from optuna.trial import TrialState

    return len(study.get_trials(deepcopy=False, states=(TrialState.COMPLETE, TrialState.FAIL)))


def _fail_unfinished(study) -> None:
    """Trials asked but never told (a calibration stopped mid-round) count as failed."""
    from optuna.trial import TrialState

    for trial in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        study.tell(trial.number, state=TrialState.FAIL)


def _best_value(study) -> float:
    try:
        return study.best_value
    except ValueError:  # no trial finished with a distance
        return float("inf")


def best_point(study, loaded: LoadedCalibration) -> BestPoint:
    from optuna.trial import TrialState

    rows = []
    for trial in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
        row = {p.path: p.as_run_value(trial.params[p.path]) for p in loaded.spec.parameters}
        row.update(trial.user_attrs)
        row["distance"] = trial.value
        rows.append(row)
    trials = pd.DataFrame(rows)
    if trials.empty:
        return BestPoint(trials, pd.Series(dtype=float))
    return BestPoint(trials, trials.loc[trials["distance"].idxmin()])
