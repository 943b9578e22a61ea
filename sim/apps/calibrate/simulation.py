"""A point of the parameters, simulated: the scenario with the point's values, run on the
calibration's seeds, and each target's figure (a KPI, or a statistic of the run's outputs)
averaged over them; and how far that is from what was observed.

Every point is run on the same seeds (common random numbers, drawn from the root seed's
`calibration runs` stream), so two points differ by their values, not by their luck, and a
point's figures are a function of the point: the same in any process and on any worker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.apps.calibrate.run_outputs import target_figures, with_order_log
from sim.apps.calibrate.spec import FittedParameter, LoadedCalibration, Target
from sim.core.random_streams import stream_key
from sim.inputs.scenario_loading import scenario_with_overrides
from sim.scenario import Scenario

RUN_SEEDS_STREAM = "calibration runs"


def run_seeds(root_seed: int, count: int) -> tuple[int, ...]:
    """The seeds every point is run on, from the root seed's own stream."""
    seq = np.random.SeedSequence(entropy=int(root_seed), spawn_key=stream_key(RUN_SEEDS_STREAM))
    return tuple(int(s) for s in seq.generate_state(count, dtype=np.uint32))


@dataclass(frozen=True)
class PointModel:
    """The scenario as a function of the fitted values: `figures(point)` gives each target's KPI,
    the mean over the seeds (NaN when no run had such a case). Picklable, so a worker process
    or a Dask worker runs it as it is."""

    scenario: Scenario
    parameters: tuple[FittedParameter, ...]
    targets: tuple[Target, ...]
    seeds: tuple[int, ...]

    @classmethod
    def of(cls, loaded: LoadedCalibration) -> PointModel:
        spec = loaded.spec
        return cls(with_order_log(loaded.scenario, spec.targets), tuple(spec.parameters),
                   tuple(spec.targets), run_seeds(spec.root_seed, spec.seeds_per_particle))

    def scenario_at(self, point: dict[str, float]) -> Scenario:
        return scenario_with_overrides(self.scenario, {
            p.path: p.as_run_value(point[p.path]) for p in self.parameters})

    def figures(self, point: dict[str, float]) -> dict[str, float]:
        scenario = self.scenario_at(point)
        runs = [target_figures(scenario, self.targets, seed) for seed in self.seeds]
        return {t.name: _mean([run.get(t.name) for run in runs]) for t in self.targets}

    def __call__(self, point: dict[str, float]) -> dict[str, float]:
        return self.figures(dict(point))


def _mean(values: list) -> float:
    numbers = [float(v) for v in values if v is not None and not _is_nan(v)]
    return sum(numbers) / len(numbers) if numbers else math.nan


def _is_nan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


@dataclass(frozen=True)
class TargetDistance:
    """The distance of a point's figures from the observed ones: the root mean square of each
    target's miss in tolerances (`Target.miss`), so 1 is every target off by one tolerance
    and 0 every target met exactly (or inside its range)."""

    targets: tuple[Target, ...]

    def __call__(self, simulated: dict, observed: dict | None = None) -> float:
        misses = [t.miss(simulated.get(t.name, math.nan)) for t in self.targets]
        if any(math.isinf(m) for m in misses):
            return math.inf
        return math.sqrt(sum(m * m for m in misses) / len(misses))


def observed_figures(targets: tuple[Target, ...] | list[Target]) -> dict[str, float]:
    """The observed figures as one number each (what pyabc stores as the data)."""
    return {t.name: t.observed for t in targets}


@dataclass(frozen=True)
class PointDistance:
    """A point's distance, run where it is sent (the optimizer's trials): the point, its
    figures and its distance."""

    model: PointModel

    def __call__(self, point: dict[str, float]) -> tuple[dict[str, float], float]:
        figures = self.model.figures(point)
        return figures, TargetDistance(self.model.targets)(figures)
