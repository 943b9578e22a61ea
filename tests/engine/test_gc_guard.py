"""A process that runs many episodes (a sweep's or a calibration's worker) keeps no town it has
finished with for long: freezing the garbage collector during an episode must not keep the last
one; the full collections that free them cost at most a tenth of the episodes' time, or come
once the heap has grown by half; and episodes in threads (a drill room and its shadow runs)
share the collector's settings without undoing each other's."""

import gc
import threading
import weakref

import pytest

from sim.engine import gc_guard
from sim.engine.gc_guard import CollectionLedger, fewer_gc_passes
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel


def _finished_town(seed: int, days: float = 0.2) -> weakref.ref:
    model = TownModel(small_town(population=200, horizon_days=days), seed=seed)
    model.run_episode()
    return weakref.ref(model)


@pytest.fixture
def ledger(monkeypatch) -> CollectionLedger:
    """A process that has run no episode yet."""
    fresh = CollectionLedger()
    monkeypatch.setattr(gc_guard, "LEDGER", fresh)
    return fresh


def _costing(ledger: CollectionLedger, seconds: float):
    """The ledger's collection, booked as costing `seconds` whatever this process's heap is."""
    collect = ledger.collect

    def costly() -> None:
        collect()
        ledger.last_cost_seconds = seconds
    return costly


def test_a_long_episode_s_town_is_freed_by_the_next_episode(ledger, monkeypatch):
    monkeypatch.setattr(ledger, "collect", _costing(ledger, seconds=1e-6))  # any episode pays for it
    first = _finished_town(1)
    _finished_town(2)  # its episode starts while the first town is unreachable garbage
    assert first() is None, "the first town outlived the next episode: workers would grow per run"


def test_short_episodes_collect_only_once_their_time_pays_for_it(ledger, monkeypatch):
    # a full collection costs what a worker's heap (pandas, pyabc) makes it cost; the heap may
    # grow as it likes here
    monkeypatch.setattr(ledger, "collect", _costing(ledger, seconds=0.05))
    monkeypatch.setattr(gc_guard, "HEAP_GROWTH_BEFORE_COLLECTION", 1e9)
    towns = [_finished_town(seed) for seed in range(1, 13)]
    assert 1 <= ledger.collections < len(towns)  # not one full pass of the heap per tiny episode
    # and the towns do not pile up: once the episodes since have paid for a collection, the next
    # episode frees every finished town
    while not ledger.due(None):
        towns.append(_finished_town(len(towns) + 1))
    _finished_town(99)
    assert [t for t in towns if t() is not None] == []


def test_a_heap_grown_by_the_towns_held_is_collected_however_cheap_the_episodes(ledger, monkeypatch):
    monkeypatch.setattr(ledger, "collect", _costing(ledger, seconds=1e9))  # time never pays for one
    monkeypatch.setattr(gc_guard, "HEAP_GROWTH_BEFORE_COLLECTION", 0.005)  # a town is more than this
    towns = [_finished_town(seed) for seed in range(1, 6)]
    assert ledger.collections >= 4  # the first, then each time a finished town had grown the heap
    assert sum(t() is not None for t in towns[:-1]) <= 1


def test_collect_first_frees_cyclic_garbage_that_a_plain_freeze_would_keep(ledger):
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
    with fewer_gc_passes(collect_first=True):  # a fresh ledger: the first is always made
        alive_after_collect_first = freed() is not None
    assert alive_under_plain_freeze and not alive_after_collect_first


def test_an_episode_in_a_thread_inside_a_room_s_guard_leaves_the_room_s_settings(ledger, monkeypatch):
    """The room's model holds the guard for hours; a shadow run in another thread starts and ends
    inside it: the collector stays frozen and slowed for the room, and the shadow runs' towns are
    still freed (a collection reaches what is not frozen)."""
    monkeypatch.setattr(ledger, "collect", _costing(ledger, seconds=1e-6))
    defaults = gc.get_threshold()
    with fewer_gc_passes(young_threshold=12_345):
        frozen = gc.get_freeze_count()
        shadows = []
        worker = threading.Thread(target=lambda: shadows.extend(_finished_town(s) for s in (1, 2, 3)))
        worker.start()
        worker.join()
        # still frozen (a frozen object may die by its count, so not one fewer is no rule)
        assert gc.get_threshold()[0] == 12_345 and gc.get_freeze_count() > frozen // 2
        assert shadows[0]() is None and shadows[1]() is None
    assert gc.get_threshold() == defaults and gc.get_freeze_count() == 0
