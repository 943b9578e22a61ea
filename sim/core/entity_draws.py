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


class DrawFactory:
    """Makes entities' draws from the run's streams, the one place that reads
    `run.random_numbers`."""

    def __init__(self, streams: RandomStreams, random_numbers: str):
        self.streams = streams
        self.per_entity = random_numbers == "per_entity"
        self._shared: dict[tuple[str, str], Callable[[], float]] = {}

    def draws(self, kind: DrawKind, key, specs: Mapping) -> Draws:
        """The draws of the entity `key` of `kind`: a purpose of `specs` (purpose ->
        distribution) from its own sequence, or from the stream its kind shares."""
        if self.per_entity:
            return Draws(self._own(kind, key, specs))
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

    def _own(self, kind: DrawKind, key, specs: Mapping) -> Callable[[str], Callable[[], float]]:
        number = kind.number(key)
        uniforms: dict[str, Callable[[], float]] = {}
        own_uniform = self.streams.own_uniform

        def make(purpose: str) -> Callable[[], float]:
            spec = specs[purpose]
            name = kind.sequence(purpose)
            uniform = uniforms.get(name)
            if uniform is None:
                uniform = uniforms[name] = own_uniform(name, number)
            if spec == UNIT:  # its quantile is the uniform itself
                return uniform
            quantile = spec.quantile
            return lambda: quantile(uniform())

        return make
