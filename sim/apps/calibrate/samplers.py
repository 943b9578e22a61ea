"""Where ABC-SMC's particles are simulated, with draws that repeat.

pyabc's multicore and Dask samplers reseed every worker from the operating system's entropy,
and take whichever particles finish first, so a calibration could never
be run twice alike. This sampler is pyabc's `MappingSampler` (each job draws and simulates
until it has one accepted particle) with each job's draws seeded from the root seed, its
generation and its number: the same particles are accepted in any process, on any worker,
and after a resume. The jobs are mapped over a local process pool or a Dask cluster, the
sweep's backends (`sim/apps/sweep/executors.py`).

pyabc draws from NumPy's global generator; a job's draws come from its own seed for the span
of the job (`library_draws.py`), so what pyabc draws is the job's own named stream.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
from pyabc.sampler import MappingSampler

from sim.apps.calibrate.library_draws import library_draws_from
from sim.apps.calibrate.lost_workers import RedoingMap
from sim.apps.sweep.executors import make_backend
from sim.core.random_streams import stream_key

SAMPLER_STREAM = "abc-smc particles"
# pyabc's first call, to calibrate the first tolerance from the prior, comes with t = -1
FIRST_GENERATION = -1


def job_seed(root_seed: int, generation: int, job: int) -> int:
    """The seed of one job: its generation's and its own number's, under the root seed."""
    key = (*stream_key(SAMPLER_STREAM), generation - FIRST_GENERATION, job)
    seq = np.random.SeedSequence(entropy=int(root_seed), spawn_key=key)
    return int(seq.generate_state(1, dtype=np.uint32)[0])


class SeededMappingSampler(MappingSampler):
    """`MappingSampler` whose n jobs of generation t are seeded by (root seed, t, job): the
    population is a function of the root seed and the generation before, whatever runs it."""

    def __init__(self, map_, root_seed: int, before_generation=None, after_job=None):
        super().__init__(map_=map_)
        self.root_seed = int(root_seed)
        # called in the driver (never sent to workers): with t before each generation's jobs,
        # and with (t, jobs done, jobs, simulations so far) then and as they come back, in order
        self.before_generation = before_generation
        self.after_job = after_job

    def __getstate__(self):
        return super().__getstate__(), self.root_seed

    def __setstate__(self, state):
        base, self.root_seed = state
        super().__setstate__(base)

    def seeded_job(self, simulate_one, seed: int):
        """One job, run where the map sends it: draw and simulate until a particle is
        accepted, every draw from the job's seed."""
        simulate_one = self.unpickle(simulate_one)
        sample = self._create_empty_sample()
        simulations = 0
        with library_draws_from(seed):
            while True:
                particle = simulate_one()
                simulations += 1
                sample.append(particle)
                if particle.accepted:
                    return sample, simulations

    def sample_until_n_accepted(self, n, simulate_one, t, *, max_eval=np.inf,
                                all_accepted=False, ana_vars=None):
        if self.before_generation is not None:
            self.before_generation(t)
        job = functools.partial(self.seeded_job, self.pickle(simulate_one))
        seeds = [job_seed(self.root_seed, t, j) for j in range(n)]
        results, simulations = [], 0
        if self.after_job is not None:
            self.after_job(t, 0, n, 0)
        for result in self.map_(job, seeds):
            results.append(result)
            simulations += result[1]
            if self.after_job is not None:
                self.after_job(t, len(results), n, simulations)
        self.nr_evaluations_ = simulations
        sample = self._create_empty_sample()
        for result, _ in results:
            sample += result
        return sample


@contextmanager
def mapped_over(executor: str, workers: int | None, scheduler: str | None,
                on_pool_restart: Callable[[int], None] | None = None) -> Iterator[Callable]:
    """A `map` over the executor's workers: a local process pool (in this process for one
    worker), which is started again when a worker dies (`lost_workers.py`, telling
    `on_pool_restart` how many jobs are run again), or a Dask cluster (at `scheduler`, else a
    local one)."""
    if executor == "local" and workers == 1 and scheduler is None:
        yield map
        return
    backend = make_backend(executor, workers, scheduler)
    backend.warm_up()
    pool = backend.start()
    try:
        yield RedoingMap(backend, pool, on_pool_restart) if backend.name == "local" else pool.map
    except BaseException:  # Ctrl-C among them: the jobs in flight are not waited for
        backend.stop(cancel=True)
        raise
    backend.stop()
