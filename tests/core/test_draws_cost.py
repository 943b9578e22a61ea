"""What an entity's draws cost. A town makes the draws of tens of thousands of households and
most draw only a few numbers of a few purposes, so making an entity's draws reckons nothing
yet, and what a purpose draws is found once for all the entities of a kind; the numbers drawn
are those of each entity's own sequences, as before. The households are made without the cyclic
garbage collector walking them again and again."""

import gc
from collections.abc import Mapping

from sim.core.distributions import UNIT, Exponential
from sim.core.entity_draws import DrawFactory, DrawKind
from sim.core.random_streams import RandomStreams, entity_number
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel

_MINUTES = Exponential(dist="exponential", mean=30)


class _CountedSpecs(Mapping):
    """Specs that count how often each purpose's distribution is read."""

    def __init__(self, specs: dict):
        self.specs, self.reads = specs, dict.fromkeys(specs, 0)

    def __getitem__(self, purpose):
        self.reads[purpose] += 1
        return self.specs[purpose]

    def __iter__(self):
        return iter(self.specs)

    def __len__(self):
        return len(self.specs)


def _counted_kind(numbered: list, sequence=lambda purpose: f"test.{purpose}") -> DrawKind:
    def number(key):
        numbered.append(key)
        return entity_number(f"entity/{key}")

    return DrawKind(sequence=sequence, stream=lambda key, purpose: ("test", purpose), number=number)


def test_an_entity_that_never_draws_costs_no_number():
    numbered = []
    kind = _counted_kind(numbered)
    factory = DrawFactory(RandomStreams(4), "per_entity")
    entities = [factory.draws(kind, key, {"minutes": _MINUTES, "share": UNIT}) for key in range(50)]
    assert numbered == []  # its number is a hash of its key: reckoned when it first draws
    entities[3].minutes(), entities[3].share(), entities[3].minutes()
    entities[7].share()
    assert numbered == [3, 7]


def test_a_purposes_distribution_is_read_once_for_all_entities_of_a_kind():
    specs = _CountedSpecs({"minutes": _MINUTES, "share": UNIT})
    factory = DrawFactory(RandomStreams(4), "per_entity")
    kind = _counted_kind([])
    entities = [factory.draws(kind, key, specs) for key in range(50)]
    drawn = [[draws.minutes() for _ in range(3)] for draws in entities]
    assert specs.reads == {"minutes": 1, "share": 0}
    # each entity's numbers are its own sequence's, through the distribution's quantile
    streams = RandomStreams(4)
    for key, minutes in enumerate(drawn):
        uniform = streams.own_uniform("test.minutes", entity_number(f"entity/{key}"))
        assert minutes == [_MINUTES.quantile(uniform()) for _ in range(3)]


def test_purposes_of_one_sequence_take_its_numbers_in_turn():
    kind = _counted_kind([], sequence=lambda _purpose: "test.one")
    draws = DrawFactory(RandomStreams(4), "per_entity").draws(kind, 9, {"minutes": _MINUTES, "share": UNIT})
    drawn = [draws.share(), draws.minutes(), draws.share()]
    uniform = RandomStreams(4).own_uniform("test.one", entity_number("entity/9"))
    first, second, third = uniform(), uniform(), uniform()
    assert drawn == [first, _MINUTES.quantile(second), third]
    other = DrawFactory(RandomStreams(4), "per_entity").draws(kind, 10, {"minutes": _MINUTES, "share": UNIT})
    assert other.share() != first  # another entity, another sequence


def _collector_passes_making(population: int) -> int:
    town = small_town(villages=2, population=population, horizon_days=1.0, seed=3)
    passes = []

    def count(phase, _info):
        if phase == "start":
            passes.append(phase)

    gc.collect()
    gc.callbacks.append(count)
    try:
        TownModel(town)
    finally:
        gc.callbacks.remove(count)
    return len(passes)


def test_making_more_households_takes_no_more_passes_of_the_garbage_collector():
    """The collector's passes walk every household made so far; with Python's defaults there
    were about three for every hundred households made (74 for a town of 2,264)."""
    assert _collector_passes_making(4000) <= _collector_passes_making(1000) + 3
