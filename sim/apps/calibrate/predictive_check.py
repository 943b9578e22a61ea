"""The posterior predictive check: the calibrated scenario (the posterior median, or the best
point) run on a few seeds, each target's figure in each run, and whether the runs' interval
reaches what was observed. A target whose interval misses the observed range is one the model
cannot meet with the values the calibration allowed.

The seeds are drawn as `rehearse check-figures` draws its own (`calibration_seeds`), from the
calibration's root seed, so the check is the same in any process.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.apps.calibrate.figure_check import calibration_seeds
from sim.apps.calibrate.outputs import Fitted
from sim.apps.calibrate.priors import TAILS
from sim.apps.calibrate.run_outputs import target_figures, with_order_log
from sim.apps.calibrate.spec import LoadedCalibration, Target
from sim.inputs.scenario_loading import scenario_with_overrides

DEFAULT_CHECK_SEEDS = 5


@dataclass(frozen=True)
class TargetCheck:
    """A target against its figures in the check's runs: their 90% interval (NaN when no run
    had such a case) and whether it reaches the observed value or range."""

    target: Target
    values: tuple[float, ...]
    low: float
    high: float

    @property
    def observed_low(self) -> float:
        t = self.target
        if t.value is not None:
            return t.value - t.tolerance
        return t.low if t.low is not None else -math.inf

    @property
    def observed_high(self) -> float:
        t = self.target
        if t.value is not None:
            return t.value + t.tolerance
        return t.high if t.high is not None else math.inf

    @property
    def met(self) -> bool:
        """Whether the runs' interval overlaps the observed range (with its tolerance)."""
        if math.isnan(self.low):
            return False
        return self.low <= self.observed_high and self.high >= self.observed_low


def target_checks(targets, figures: pd.DataFrame) -> list[TargetCheck]:
    """Each target against its column of `figures` (a row per run)."""
    checks = []
    for t in targets:
        values = figures[t.name].to_numpy(dtype=float) if t.name in figures else np.array([])
        known = values[~np.isnan(values)]
        low, high = ((float(np.quantile(known, TAILS[0])), float(np.quantile(known, TAILS[1])))
                     if known.size else (math.nan, math.nan))
        checks.append(TargetCheck(t, tuple(float(v) for v in values), low, high))
    return checks


def run_check(loaded: LoadedCalibration, fits: list[Fitted], seeds: int,
              progress: bool = False) -> pd.DataFrame:
    """The calibrated scenario's figures: a row per seed (`seed`, then a column per target);
    with `progress`, a bar of the runs (a whole town's week takes a while each)."""
    from tqdm import tqdm

    spec = loaded.spec
    scenario = scenario_with_overrides(
        with_order_log(loaded.scenario, spec.targets),
        {f.parameter.path: f.parameter.as_run_value(f.value) for f in fits})
    rows = []
    for seed in tqdm(calibration_seeds(spec.root_seed, seeds), unit="run", disable=not progress,
                     leave=False):
        figures = target_figures(scenario, spec.targets, seed)
        rows.append({"seed": seed, **{k: (math.nan if v is None else float(v))
                                      for k, v in figures.items()}})
    return pd.DataFrame(rows)
