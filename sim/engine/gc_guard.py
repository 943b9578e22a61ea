"""Keep the cyclic garbage collector off the town's long-lived objects during an episode, and
free the towns a process has finished with at a bounded cost in time and memory."""

from __future__ import annotations

import gc
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

# a full collection at an episode's start is skipped while the episodes since the last one have
# taken less than this many times what it cost (at most a tenth more time) ...
EPISODE_SECONDS_PER_COLLECTION_SECOND = 10.0
# ... and while the memory blocks allocated have grown by less than this share since it (finished
# towns held in cycles pile up by at most half the heap). Blocks, not the collector's objects:
# `sys.getallocatedblocks` walks the allocator's pools (0.2 ms at 6 M blocks), `gc.get_freeze_count`
# every frozen object (17-29 ms an episode in a worker with pandas and pyabc loaded, a third of a
# tiny town's episode). Without pymalloc (PYTHONMALLOC=malloc) it reads 0 and only time counts.
HEAP_GROWTH_BEFORE_COLLECTION = 0.5


@dataclass
class CollectionLedger:
    """This process's full collections at episodes' starts: how many, what the last one cost,
    the memory blocks allocated after it, and the episode seconds run since (infinite before
    the first, so the first is made)."""

    collections: int = 0
    last_cost_seconds: float = 0.0
    blocks_after_last: int = 0
    episode_seconds_since: float = float("inf")

    def due(self, blocks_now: int | None) -> bool:
        """`blocks_now`: the memory blocks allocated now, or None where growth is not asked (an
        episode inside another's guard, in another thread, collects only what is not frozen)."""
        paid_for = self.episode_seconds_since >= EPISODE_SECONDS_PER_COLLECTION_SECOND * self.last_cost_seconds
        grown = blocks_now is not None and blocks_now > (1 + HEAP_GROWTH_BEFORE_COLLECTION) * self.blocks_after_last
        return paid_for or grown

    def collect(self) -> None:
        started = time.perf_counter()
        gc.collect()
        self.last_cost_seconds = time.perf_counter() - started
        self.episode_seconds_since = 0.0
        self.collections += 1


LEDGER = CollectionLedger()
# the collector's settings are the process's: episodes in threads (a drill room's model, its
# shadow runs) share one guard, set by the first in and restored by the last out; a collection
# inside another's guard reaches what is not frozen (this episode's garbage, not the outer's heap)
_LOCK = threading.Lock()
_guard = {"depth": 0, "threshold": None}


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
    cost, or the heap has grown by half (`LEDGER`): a long episode's town is always freed by
    the next, and short ones pile up only so far.
    """
    with _LOCK:
        if _guard["depth"] == 0:
            if collect_first and LEDGER.due(sys.getallocatedblocks() or None):
                LEDGER.collect()
                # the heap's size after a whole collection (one inside another's guard cannot
                # reach the frozen heap, so it does not reset this)
                LEDGER.blocks_after_last = sys.getallocatedblocks()
            gc.freeze()
            _guard["threshold"] = before = gc.get_threshold()
            gc.set_threshold(young_threshold, before[1], before[2])
        elif collect_first and LEDGER.due(None):  # inside another's guard: what is not frozen
            LEDGER.collect()
        _guard["depth"] += 1
    started = time.perf_counter()
    try:
        yield
    finally:
        with _LOCK:
            _guard["depth"] -= 1
            if _guard["depth"] == 0:
                gc.set_threshold(*_guard["threshold"])
                gc.unfreeze()
            if collect_first:
                LEDGER.episode_seconds_since += time.perf_counter() - started
