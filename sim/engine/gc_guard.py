"""Keep the cyclic garbage collector off the town's long-lived objects during an episode, and
free the towns a process has finished with at a bounded cost."""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass

# a full collection at an episode's start is skipped until the episodes since the last one have
# taken this many times what it cost: at most a tenth more time, however short the episodes
EPISODE_SECONDS_PER_COLLECTION_SECOND = 10.0


@dataclass
class CollectionLedger:
    """This process's full collections at episodes' starts: how many, what the last one cost,
    and the episode seconds run since (infinite before the first, so the first is made)."""

    collections: int = 0
    last_cost_seconds: float = 0.0
    episode_seconds_since: float = float("inf")

    def due(self) -> bool:
        return self.episode_seconds_since >= EPISODE_SECONDS_PER_COLLECTION_SECOND * self.last_cost_seconds

    def collect(self) -> None:
        started = time.perf_counter()
        gc.collect()
        self.last_cost_seconds = time.perf_counter() - started
        self.episode_seconds_since = 0.0
        self.collections += 1


LEDGER = CollectionLedger()


@contextmanager
def fewer_gc_passes(young_threshold: int = 50_000, collect_first: bool = False):
    """Freeze what exists at the start and collect young objects less often.

    A town keeps tens of thousands of live objects (households, stores, pending events) and
    creates a few short-lived ones per event; with Python's defaults the collector walks the
    long-lived ones again and again, about a fifth of an episode (measured with py-spy on the
    14-day whole-town episode). Reference counting still frees almost everything at once.
    Everything is restored afterwards.

    `collect_first` (an episode asks for it) collects everything collectable before freezing.
    A process that runs many episodes (a sweep's or a calibration's worker) would otherwise
    freeze the previous episode's town, unreachable but held in cycles, at each episode's start:
    the collector never reaches it, and a worker grew by a town per run (6.5 GB after a dozen
    week-long Beizang runs) until the system killed it. A full collection walks the whole heap,
    though: about 0.2 s in a worker that has imported pandas and pyabc, four times a tiny town's
    episode. So it is made only once the episodes since the last one have taken ten times its
    cost (`LEDGER`): a long episode's town is always freed by the next, and short ones pile up
    only as many as run in that time.
    """
    before = gc.get_threshold()
    if collect_first and LEDGER.due():
        LEDGER.collect()
    gc.freeze()
    gc.set_threshold(young_threshold, before[1], before[2])
    started = time.perf_counter()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
        if collect_first:
            LEDGER.episode_seconds_since += time.perf_counter() - started
