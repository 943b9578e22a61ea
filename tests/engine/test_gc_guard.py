"""A process that runs many episodes (a sweep's or a calibration's worker) keeps no town it has
finished with for long: freezing the garbage collector during an episode must not keep the last
one, and the full collections that free them cost at most a tenth of the episodes' time."""

import gc
import weakref

from sim.engine import gc_guard
from sim.engine.gc_guard import CollectionLedger, fewer_gc_passes
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel


def _finished_town(seed: int, days: float = 0.5) -> weakref.ref:
    model = TownModel(small_town(population=200, horizon_days=days), seed=seed)
    model.run_episode()
    return weakref.ref(model)


def _costing(ledger: CollectionLedger, seconds: float):
    """The ledger's collection, booked as costing `seconds` whatever this process's heap is."""
    collect = ledger.collect

    def costly() -> None:
        collect()
        ledger.last_cost_seconds = seconds
    return costly


def test_a_long_episode_s_town_is_freed_by_the_next_episode(monkeypatch):
    monkeypatch.setattr(gc_guard, "EPISODE_SECONDS_PER_COLLECTION_SECOND", 0.0)  # every episode is long enough
    gc.collect()
    first = _finished_town(1)
    _finished_town(2)  # its episode starts while the first town is unreachable garbage
    assert first() is None, "the first town outlived the next episode: workers would grow per run"


def test_short_episodes_collect_only_once_their_time_pays_for_it(monkeypatch):
    ledger = CollectionLedger()  # a process that has run no episode yet
    monkeypatch.setattr(gc_guard, "LEDGER", ledger)
    # a full collection costs what a worker's heap (pandas, pyabc) makes it cost
    monkeypatch.setattr(ledger, "collect", _costing(ledger, seconds=0.05))
    towns = [_finished_town(seed, days=0.2) for seed in range(1, 13)]
    assert 1 <= ledger.collections < len(towns)  # not one full pass of the heap per tiny episode
    # and the towns do not pile up: once the episodes since have paid for a collection, the next
    # episode frees every finished town
    while not ledger.due():
        towns.append(_finished_town(len(towns) + 1, days=0.2))
    _finished_town(99, days=0.2)
    assert [t for t in towns if t() is not None] == []


def test_collect_first_frees_cyclic_garbage_that_a_plain_freeze_would_keep(monkeypatch):
    monkeypatch.setattr(gc_guard, "EPISODE_SECONDS_PER_COLLECTION_SECOND", 0.0)

    class Node:
        pass

    def cycle() -> weakref.ref:
        a, b = Node(), Node()
        a.other, b.other = b, a
        return weakref.ref(a)

    gc.collect()
    kept = cycle()
    with fewer_gc_passes():
        alive_under_plain_freeze = kept() is not None
    freed = cycle()
    with fewer_gc_passes(collect_first=True):
        alive_after_collect_first = freed() is not None
    assert alive_under_plain_freeze and not alive_after_collect_first
