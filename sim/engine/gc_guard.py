"""Keep the cyclic garbage collector off the town's long-lived objects during an episode."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def fewer_gc_passes(young_threshold: int = 50_000, collect_first: bool = False):
    """Freeze what exists at the start and collect young objects less often.

    A town keeps tens of thousands of live objects (households, stores, pending events) and
    creates a few short-lived ones per event; with Python's defaults the collector walks the
    long-lived ones again and again, about a fifth of an episode (measured with py-spy on the
    14-day whole-town episode). Reference counting still frees almost everything at once.
    Everything is restored afterwards.

    `collect_first` collects everything collectable before freezing (an episode asks for it).
    A process that runs many episodes (a sweep's or a calibration's worker) would otherwise
    freeze the previous episode's town, unreachable but held in cycles, at each episode's start:
    the collector never reaches it, and a worker grew by a town per run (6.5 GB after a dozen
    week-long Beizang runs) until the system killed it.
    """
    before = gc.get_threshold()
    if collect_first:
        gc.collect()
    gc.freeze()
    gc.set_threshold(young_threshold, before[1], before[2])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
