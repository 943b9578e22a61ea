"""Each entity's draws, whichever way the scenario sets `run.random_numbers`.

An agent asks `model.entity_draws.draws(kind, key, specs)` for one entity's draws (a household,
a courier, a store) and draws `draws.basket_days()`, never asking how they are made:

- `"per_entity"` (the default): each purpose from the entity's own counter-keyed sequence
  (`sim.core.random_streams.nth_uniform`), keyed by the root seed, the sequence's name and the
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
from sim.core.random_streams import MASK_64, RandomStreams, entity_number, entity_start


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


class _OwnDraws:
    """An entity's draws from its own sequences. Tens of thousands are made with a town and
    many never draw, so making one stores its key alone; at its first draw it reckons its
    number (a hash of its key) and keeps, per sequence of its kind, where its own sequence
    stands (its start plus the numbers drawn). Its draw functions are methods of its kind's class
    (`_OwnPlan`), made at the first draw of a purpose by any entity of the kind: an entity
    holds numbers, not a function per purpose."""

    _plan: _OwnPlan  # set on each kind's class

    def __init__(self, key):
        self._key = key
        # per sequence of the kind: where its own sequence stands (its start plus the numbers
        # drawn; `nth_uniform`), None before its first number; nothing until it first draws
        self._at: list[int | None] | tuple[()] = ()

    def __getattr__(self, purpose: str) -> Callable[[], float]:
        if purpose.startswith("_"):
            raise AttributeError(purpose)
        try:
            draw = self._plan.method(purpose)
        except KeyError:
            raise AttributeError(f"no draws for {purpose!r}") from None
        setattr(type(self), purpose, draw)  # for every entity of the kind from now on
        return getattr(self, purpose)

    def _start(self, slot: int, sequence_key: int) -> int:
        """Where the entity's own sequence in `slot` starts (its first draw of it); the list
        of positions grows to the slot (slots follow the order of the kind's specs: a
        household's daily-use purposes, drawn least, come last)."""
        at = self._at
        if not at:  # its first draw of any purpose
            at = self._at = []
            self._number = self._plan.kind.number(self._key)
        if len(at) <= slot:
            at.extend([None] * (slot + 1 - len(at)))
        return entity_start(sequence_key, self._number)


class _OwnPlan:
    """What each purpose of `specs` draws for the entities of `kind`: its sequence (purposes
    may share one: they take its numbers in turn) and its distribution (none for the uniform
    on [0, 1)), found at the first draw of the purpose by any of them (a distribution compared
    with `UNIT` once, not once per entity). `draws_class`: the kind's class of entity draws."""

    def __init__(self, streams: RandomStreams, kind: DrawKind, specs: Mapping):
        self.streams, self.kind, self.specs = streams, kind, specs
        self._slots: dict[str, int] = {}
        for purpose in specs:
            self._slots.setdefault(kind.sequence(purpose), len(self._slots))
        self.draws_class = type("OwnDraws", (_OwnDraws,), {"_plan": self})

    def method(self, purpose: str) -> Callable:
        """The draw method of `purpose` (KeyError: no such purpose)."""
        spec = self.specs[purpose]
        sequence = self.kind.sequence(purpose)
        slot, key = self._slots[sequence], self.streams.sequence_key(sequence)
        value = None if spec == UNIT else spec.from_uniform()

        def draw(entity: _OwnDraws) -> float:
            # the entity's next number of its sequence: nth_uniform(start, n), written out
            # (a draw sits on the hot path: about sixteen an order in the whole town)
            at = entity._at
            p = at[slot] if slot < len(at) else None
            if p is None:
                p = entity._start(slot, key)
                at = entity._at
            p += 1
            at[slot] = p
            z = (p + 0x9E3779B97F4A7C15) & MASK_64
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK_64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK_64
            u = ((z ^ (z >> 31)) >> 11) * (1.0 / (1 << 53))
            return u if value is None else value(u)

        draw.__name__ = purpose
        return draw


class DrawFactory:
    """Makes entities' draws from the run's streams, the one place that reads
    `run.random_numbers`."""

    def __init__(self, streams: RandomStreams, random_numbers: str):
        self.streams = streams
        self.per_entity = random_numbers == "per_entity"
        self._shared: dict[tuple[str, str], Callable[[], float]] = {}
        self._plans: dict[tuple[int, int], _OwnPlan] = {}

    def draws(self, kind: DrawKind, key, specs: Mapping) -> Draws | _OwnDraws:
        """The draws of the entity `key` of `kind`: a purpose of `specs` (purpose ->
        distribution, read at the purpose's first draw) from its own sequence, or from the
        stream its kind shares."""
        if self.per_entity:
            return self._plan(kind, specs).draws_class(key)
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
