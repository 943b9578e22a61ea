"""Uncertainty carried forward from a calibration: `[ensemble] posterior = "…/posterior.parquet"`
in a compare spec makes every replication draw one particle of the posterior, by weight, and
set its values (each column a dotted path of the scenario) in every run of that replication.

Each replication draws from its own stream (the ensemble's seed, else the root seed, and the
replication), so the same spec always gives the same draws, every policy of a replication
meets the same particle (its differences stay paired), and a recommendation is judged across
what the observed figures leave open rather than at one fitted point.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.core.random_streams import derive_seed, stream_key
from sim.inputs.scenario_loading import LineLocator, Problem, scenario_with_overrides
from sim.scenario import Scenario

WEIGHT = "weight"
NOT_PARAMETERS = (WEIGHT, "distance")
DRAWS_STREAM = "compare.posterior"


@dataclass(frozen=True)
class PosteriorDraws:
    """A posterior's particles (a column per path, `weight`) and the seed its draws come from."""

    path: Path
    particles: pd.DataFrame
    seed: int

    @property
    def paths(self) -> list[str]:
        return [c for c in self.particles.columns if c not in NOT_PARAMETERS]

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    def particle_index(self, replication: int) -> int:
        rng = np.random.default_rng(derive_seed(self.seed, *stream_key(DRAWS_STREAM), replication))
        weights = self.particles[WEIGHT].to_numpy(dtype=float)
        return int(rng.choice(len(weights), p=weights / weights.sum()))

    def values(self, replication: int) -> dict:
        """The values replication `replication` sets: its particle's, by path."""
        row = self.particles.iloc[self.particle_index(replication)]
        return {p: _plain(row[p]) for p in self.paths}


def _plain(value):
    """A number as Python writes it in JSON and a scenario reads it (whole numbers stay whole)."""
    return value.item() if hasattr(value, "item") else value


def load_posterior(file: str, locator: LineLocator, spec_dir: Path, posterior: str, seed: int,
                   base: Scenario) -> tuple[PosteriorDraws | None, list[Problem]]:
    """The posterior named by the spec (relative to the spec's folder), or the problems with it,
    said at the ensemble's `posterior` line."""
    where = ("ensemble", "posterior")

    def problem(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(file, locator.line_of(where), "ensemble.posterior", message)]

    path = (spec_dir / posterior).resolve()
    if not path.is_file():
        return problem(f"no posterior at {path}: give the posterior.parquet a calibration wrote "
                       "(rehearse calibrate), relative to this file")
    try:
        particles = pd.read_parquet(path)
    except Exception as exc:  # any reader error: not a Parquet table
        return problem(f"{path} is not a Parquet table ({type(exc).__name__}); give a "
                       "calibration's posterior.parquet")
    paths = [c for c in particles.columns if c not in NOT_PARAMETERS]
    if WEIGHT not in particles or not paths or particles.empty:
        return problem(f"{path} is not a posterior: it needs a `weight` column and a column per "
                       "fitted path, a row per particle")
    weights = particles[WEIGHT].to_numpy(dtype=float)
    if not np.isfinite(weights).all() or (weights < 0).any() or weights.sum() <= 0:
        return problem(f"{path}: the weights must be numbers of at least 0, not all 0")
    draws = PosteriorDraws(path, particles, seed)
    try:
        scenario_with_overrides(base, draws.values(0))
    except (ValueError, KeyError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return problem(f"{path}: its columns must be paths of the base scenario: {first}")
    return draws, []
