"""A process that runs many episodes (a sweep's or a calibration's worker) keeps no town it has
finished with: freezing the garbage collector during an episode must not keep the last one."""

import gc
import weakref

from sim.engine.gc_guard import fewer_gc_passes
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel


def _finished_town(seed: int) -> weakref.ref:
    model = TownModel(small_town(population=200, horizon_days=0.5), seed=seed)
    model.run_episode()
    return weakref.ref(model)


def test_the_next_episode_frees_the_last_town_without_an_explicit_collection():
    gc.collect()
    first = _finished_town(1)
    _finished_town(2)  # its episode starts while the first town is unreachable garbage
    assert first() is None, "the first town outlived the next episode: workers would grow per run"


def test_collect_first_frees_cyclic_garbage_that_a_plain_freeze_would_keep():
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
