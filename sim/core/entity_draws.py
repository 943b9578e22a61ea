"""Each entity's draws, whichever way the scenario sets `run.random_numbers`.

An agent asks `model.entity_draws.draws(kind, key, specs)` for one entity's draws (a household,
a courier, a store) and draws `draws.basket_days()`, never asking how they are made:

- `"per_entity"` (the default): each purpose from the entity's own counter-keyed sequence
  (`sim.core.random_streams.EntityDraws`), keyed by the root seed, the sequence's name and the
  entity's key, so its n-th draw is the same whatever other entities drew before it;
- `"per_village"`: from streams the kind's entities share (a village's households their
  village's, all couriers one stream per purpose), in event order: one draw function per
  stream and purpose, handed to every entity that shares it.

A kind (`DrawKind`, declared beside the agent that draws) names each purpose's own sequence and
the stream it shares, and turns an entity's key into its number. A key is stable, never a
creation-order id: a household's village and place in it, a courier's whitelist number, a
store's id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sim.core.distributions import UNIT, sampler
from sim.core.random_streams import RandomStreams, entity_number


@dataclass(frozen=True)
class DrawKind:
    """How the entities of one kind draw.

    `sequence(purpose)`: the name of the purpose's own sequence (purposes may share one);
    `stream(key, purpose)`: the shared stream of an entity's purpose and the name of its draw
    function there (two purposes with the same pair draw from one function);
    `number(key)`: the entity's number in its own sequences."""

    sequence: Callable[[str], str]
    stream: Callable[[object, str], tuple[str, str]]
    number: Callable[[object], int] = entity_number


class Draws:
    """One entity's draw functions, an attribute per purpose (`draws.notice_minutes()`), each
    made when it is first drawn: an entity pays only for the purposes it draws."""

    def __init__(self, make: Callable[[str], Callable[[], float]]):
        self._make = make

    def __getattr__(self, purpose: str) -> Callable[[], float]:
        if purpose.startswith("_"):
            raise AttributeError(purpose)
        try:
            draw = self._make(purpose)
        except KeyError:
            raise AttributeError(f"no draws for {purpose!r}") from None
        setattr(self, purpose, draw)
        return draw


class _OwnDraws(Draws):
    """An entity's draws from its own sequences. Tens of thousands are made with a town and
    many never draw, so making one stores two references; the entity's number (a hash of its
    key) is reckoned at its first draw, what each purpose draws once for all the kind's
    entities (`_OwnPlan`)."""

    def __init__(self, plan: _OwnPlan, key):
        self._plan, self._key = plan, key

    def _make(self, purpose: str) -> Callable[[], float]:
        sequence, spec = self._plan.purpose(purpose)
        number = self.__dict__.get("_number")
        if number is None:
            number = self._number = self._plan.kind.number(self._key)
        uniform = self._plan.streams.own_uniform(sequence, number)
        if sequence in self._plan.shared_sequences:  # another purpose draws from it too
            uniform = self.__dict__.setdefault("_uniforms", {}).setdefault(sequence, uniform)
        if spec is None:  # the uniform itself
            return uniform
        return spec.drawn_from(uniform)


class _OwnPlan:
    """What each purpose of `specs` draws for the entities of `kind`: its sequence's name and
    its distribution (None for the uniform on [0, 1)), found at the first draw of the purpose
    by any of them (a distribution compared with `UNIT` once, not once per entity)."""

    def __init__(self, streams: RandomStreams, kind: DrawKind, specs: Mapping):
        self.streams, self.kind, self.specs = streams, kind, specs
        sequences = [kind.sequence(purpose) for purpose in specs]
        self.shared_sequences = {name for name in sequences if sequences.count(name) > 1}
        self._purposes: dict[str, tuple[str, object | None]] = {}

    def purpose(self, purpose: str) -> tuple[str, object | None]:
        found = self._purposes.get(purpose)
        if found is None:
            spec = self.specs[purpose]
            found = self._purposes[purpose] = (self.kind.sequence(purpose),
                                               None if spec == UNIT else spec)
        return found


class DrawFactory:
    """Makes entities' draws from the run's streams, the one place that reads
    `run.random_numbers`."""

    def __init__(self, streams: RandomStreams, random_numbers: str):
        self.streams = streams
        self.per_entity = random_numbers == "per_entity"
        self._shared: dict[tuple[str, str], Callable[[], float]] = {}
        self._plans: dict[tuple[int, int], _OwnPlan] = {}

    def draws(self, kind: DrawKind, key, specs: Mapping) -> Draws:
        """The draws of the entity `key` of `kind`: a purpose of `specs` (purpose ->
        distribution, read at the purpose's first draw) from its own sequence, or from the
        stream its kind shares."""
        if self.per_entity:
            return _OwnDraws(self._plan(kind, specs), key)
        return self.shared(kind, key, specs)

    def shared(self, kind: DrawKind, key, specs: Mapping) -> Draws:
        """Draws from the streams `kind` shares, whatever the setting: for what belongs to a
        group (which of a village's households makes the next pharmacy order)."""
        return Draws(lambda purpose: self._shared_draw(kind.stream(key, purpose), specs[purpose]))

    def _shared_draw(self, where: tuple[str, str], spec) -> Callable[[], float]:
        draw = self._shared.get(where)
        if draw is None:
            draw = self._shared[where] = sampler(spec, self.streams.generator(where[0]))
        return draw

    def _plan(self, kind: DrawKind, specs: Mapping) -> _OwnPlan:
        """One plan for each kind and specs (the plan holds both, so their ids stay theirs)."""
        plan = self._plans.get((id(kind), id(specs)))
        if plan is None:
            plan = self._plans[(id(kind), id(specs))] = _OwnPlan(self.streams, kind, specs)
        return plan
