"""A map over the local pool that outlives a lost worker.

A local worker killed (by the system's out-of-memory killer, or by hand) breaks the whole
process pool: every job in flight or queued fails with `BrokenProcessPool`. A calibration's
jobs are functions of their arguments alone (an ABC-SMC job draws from its own seed,
`samplers.py`; a point is run on the calibration's seeds, `simulation.py`), so a job run again
gives what it would have given the first time. The map starts a new pool, runs again the jobs
whose results had not come back, and yields every result in the jobs' order: the particles,
and the simulations they took, are those of a calibration that lost no worker. A pool that
keeps breaking (more than POOL_RESTARTS_MAX times in one command: a machine too short of
memory for its workers) stops the calibration with `WorkersLost`; what it finished is kept.

A Dask cluster reschedules a lost worker's tasks itself, so it keeps its own map.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

from sim.apps.sweep.executors import POOL_RESTARTS_MAX


class WorkersLost(Exception):
    """The local pool broke once more than it may be started again."""

    def __init__(self, breaks: int):
        super().__init__(f"the local pool lost a worker {breaks} times")
        self.breaks = breaks


class RedoingMap:
    """`map(fn, items)` over `backend`'s local pool, in the items' order; a broken pool is
    replaced (`backend.restart()`), and `on_restart(jobs)` hears how many jobs are run again."""

    def __init__(self, backend, pool, on_restart: Callable[[int], None] | None = None):
        self.backend = backend
        self.pool = pool
        self.on_restart = on_restart
        self.breaks = 0

    def __call__(self, fn: Callable, items: Iterable) -> Iterator:
        items = list(items)
        futures: list[Future | None] = [None] * len(items)
        self._submit(fn, items, futures, 0)
        for index in range(len(items)):
            while True:
                try:
                    result = futures[index].result()
                    break
                except BrokenProcessPool:
                    self._replace_pool(_lost_count(futures[index:]))
                    self._submit(fn, items, futures, index)
            futures[index] = None  # yielded: not kept
            yield result

    def _submit(self, fn: Callable, items: list, futures: list, first: int) -> None:
        """Submit each job from `first` on whose result has not come back (never submitted,
        or lost with a broken pool); a pool found broken on the way is replaced first."""
        while True:
            try:
                for index in range(first, len(items)):
                    if futures[index] is None or _lost(futures[index]):
                        futures[index] = self.pool.submit(fn, items[index])
                return
            except BrokenProcessPool:  # broke before the jobs were all handed to it
                self._replace_pool(_lost_count(futures[first:]))

    def _replace_pool(self, jobs_lost: int) -> None:
        self.breaks += 1
        if self.breaks > POOL_RESTARTS_MAX:
            raise WorkersLost(self.breaks)
        self.pool = self.backend.restart()
        if self.on_restart is not None:
            self.on_restart(jobs_lost)


def _lost_count(futures: list[Future | None]) -> int:
    return sum(_lost(f) for f in futures if f is not None)


def _lost(future: Future) -> bool:
    """Gone with a broken pool: not come back, cancelled, or failed with the pool. (A job
    whose own code raised has come back: its error is its result.)"""
    if not future.done() or future.cancelled():
        return True
    return isinstance(future.exception(), BrokenProcessPool)
