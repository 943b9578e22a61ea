"""`method = "abc-smc"`: a posterior of the fitted values by approximate Bayesian computation
with sequential Monte Carlo (pyabc).

Each generation is one `ABCSMC.run` of one population, stored in pyabc's history database in
the output folder before the next begins: a calibration stopped at any moment is continued
from its last whole generation by running it again (`abc.load`), and says each generation's
tolerance and acceptance rate as it goes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.apps.calibrate.calibration_folder import HISTORY_DB, prepare_folder
from sim.apps.calibrate.library_draws import library_draws_from
from sim.apps.calibrate.priors import pyabc_prior
from sim.apps.calibrate.samplers import SeededMappingSampler, mapped_over
from sim.apps.calibrate.simulation import PointModel, TargetDistance, observed_figures
from sim.apps.calibrate.spec import LoadedCalibration
from sim.core.random_streams import derive_seed, stream_key


@dataclass(frozen=True)
class Generation:
    """One population as the history keeps it."""

    number: int  # from 0
    epsilon: float  # the tolerance its particles met
    accepted: int
    simulations: int  # points simulated to accept them

    @property
    def acceptance_rate(self) -> float:
        return self.accepted / self.simulations if self.simulations else float("nan")


@dataclass(frozen=True)
class GenerationProgress:
    """A generation under way: its particles accepted so far (a job's results come back in
    the jobs' order) and the simulations they took. Number -1 is the sample drawn from the
    priors to set the first tolerance (it has none)."""

    number: int
    accepted: int
    population: int
    simulations: int
    tolerance: float | None


@dataclass
class Posterior:
    """The last generation's particles: a column per parameter path (the value runs used),
    `weight` (summing to 1) and `distance`; the figures each particle's runs gave, a column
    per target KPI; and every generation."""

    particles: pd.DataFrame
    figures: pd.DataFrame
    generations: list[Generation]


def run_abc_smc(loaded: LoadedCalibration, out: Path, executor: str = "local",
                workers: int | None = None, scheduler: str | None = None,
                overwrite: bool = False,
                on_generation: Callable[[Generation], None] | None = None,
                on_progress: Callable[[GenerationProgress], None] | None = None,
                on_pool_restart: Callable[[int], None] | None = None) -> Posterior:
    """Run (or continue) the calibration in `out` up to its `max_populations`; the posterior
    of the last generation. `on_generation` hears of each generation stored, `on_progress`
    of each particle accepted (and of a generation's start, with none), `on_pool_restart` of
    a local pool started again after a worker died (with the jobs run again). Workers lost
    too often raise `WorkersLost`: the finished generations are kept."""
    logging.getLogger("ABC").setLevel(logging.WARNING)  # the generations are said here
    spec = loaded.spec
    resuming = prepare_folder(out, loaded, overwrite)
    with mapped_over(executor, workers, scheduler, on_pool_restart) as map_:
        said: list[int] = []

        def say_stored(t: int) -> None:
            """Say each generation the history holds that was not said yet (called before
            each generation's jobs, and once at the end)."""
            if on_generation is None or t < 0:
                return
            for generation in generations(abc.history):
                if generation.number not in said:
                    said.append(generation.number)
                    on_generation(generation)

        def say_progress(t: int, accepted: int, population: int, simulations: int) -> None:
            if on_progress is not None:
                on_progress(GenerationProgress(t, accepted, population, simulations,
                                               float(abc.eps(t)) if t >= 0 else None))

        abc = _abc(loaded, map_, say_stored, say_progress)
        db = f"sqlite:///{(out / HISTORY_DB).resolve()}"
        history = abc.load(db, 1) if resuming else abc.new(db, observed_figures(spec.targets))
        remaining = spec.max_populations - (history.max_t + 1)
        if remaining > 0:
            # pyabc's own draws in this process (its tolerance and transitions) from the
            # root seed and where the calibration begins
            with library_draws_from(derive_seed(spec.root_seed, *stream_key("abc-smc driver"),
                                                history.max_t + 1)):
                history = abc.run(max_nr_populations=remaining, minimum_epsilon=spec.minimum_epsilon)
        say_stored(history.max_t + 1)
    return posterior(history, loaded)


def _abc(loaded: LoadedCalibration, map_, before_generation, after_job):
    import pyabc

    spec = loaded.spec
    return pyabc.ABCSMC(PointModel.of(loaded), pyabc_prior(spec.parameters),
                        TargetDistance(tuple(spec.targets)),
                        population_size=spec.population_size,
                        sampler=SeededMappingSampler(map_, spec.root_seed, before_generation,
                                                     after_job))


def generations(history) -> list[Generation]:
    table = history.get_all_populations()
    table = table[table["t"] >= 0]
    sizes = history.get_nr_particles_per_population()
    return [Generation(int(row.t), float(row.epsilon), int(sizes[int(row.t)]), int(row.samples))
            for row in table.itertuples()]


def posterior(history, loaded: LoadedCalibration) -> Posterior:
    """The last generation of `history` as tables (integer paths rounded as runs used them)."""
    t = history.max_t
    population = history.get_population(t)
    params = loaded.spec.parameters
    rows, figures = [], []
    for particle in population.particles:
        row = {p.path: p.as_run_value(particle.parameter[p.path]) for p in params}
        row.update(weight=float(particle.weight), distance=float(particle.distance))
        rows.append(row)
        figures.append({k: float(v) for k, v in particle.sum_stat.items()})
    particles = pd.DataFrame(rows)
    particles["weight"] = particles["weight"] / particles["weight"].sum()
    return Posterior(particles, pd.DataFrame(figures), generations(history))
