"""Named random streams derived from one root seed.

Every random process in a run (demand in a village, picking at a store, courier tests, ...)
draws from its own `numpy.random.Generator`, addressed by a stable name. Two runs with the same
root seed therefore see the same demand even when a policy changes how many draws another
process makes (common random numbers), and nothing touches global random state.

Entity by entity (`run.random_numbers = "per_entity"`, the default), a household, a courier or
a store draws from sequences of its own, keyed by the entity, the purpose and its own count of
draws (`nth_uniform` from `entity_start`; `sim/core/entity_draws.py` makes an entity's draws of
it, `own_uniform` is one sequence alone), so its n-th draw does not depend on the order in
which a policy made other entities draw.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np


def stream_key(name: str) -> tuple[int, int]:
    """A stable spawn key for a stream name (Python's hash() differs between processes)."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (int.from_bytes(digest[:4], "little"), int.from_bytes(digest[4:8], "little"))


class RandomStreams:
    """Hands out one independent generator per stream name, all from `root_seed`."""

    def __init__(self, root_seed: int):
        if root_seed < 0:
            raise ValueError(f"root seed must be >= 0, got {root_seed}")
        self.root_seed = int(root_seed)
        self._generators: dict[str, np.random.Generator] = {}
        self._entity_keys: dict[str, int] = {}

    def generator(self, name: str) -> np.random.Generator:
        gen = self._generators.get(name)
        if gen is None:
            seq = np.random.SeedSequence(entropy=self.root_seed, spawn_key=stream_key(name))
            gen = np.random.Generator(np.random.PCG64(seq))
            self._generators[name] = gen
        return gen

    def own_uniform(self, purpose: str, entity: int) -> Callable[[], float]:
        """One entity's own uniform numbers for one purpose (`EntityDraws`): its n-th is the
        same whatever other entities drew before it."""
        return EntityDraws(self.sequence_key(purpose), entity).uniform

    def sequence_key(self, purpose: str) -> int:
        """The 64-bit key of the entities' own sequences of `purpose` (`entity_key`), once."""
        key = self._entity_keys.get(purpose)
        if key is None:
            key = self._entity_keys[purpose] = entity_key(self.root_seed, purpose)
        return key


def entity_number(name: str) -> int:
    """A stable entity number for a named entity (a store's id): the same in every run."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "little")


def derive_seed(root_seed: int, *address: int) -> int:
    """A run seed addressed by integers (e.g. design point and replication) under a root seed."""
    seq = np.random.SeedSequence(entropy=int(root_seed), spawn_key=tuple(int(a) for a in address))
    return int(seq.generate_state(1, dtype=np.uint32)[0])


MASK_64 = (1 << 64) - 1  # 64-bit arithmetic on Python integers


def _mix(z: int) -> int:
    """SplitMix64's finaliser: a well-mixed 64-bit value from any 64-bit input."""
    z = (z + 0x9E3779B97F4A7C15) & MASK_64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK_64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK_64
    return z ^ (z >> 31)


def entity_start(key: int, entity: int) -> int:
    """Where an entity's own sequence of a family of draws (keyed `key`) starts."""
    return _mix(key ^ int(entity))


def nth_uniform(start: int, n: int) -> float:
    """The n-th (from 1) uniform number in [0, 1) of the sequence that starts at `start`: the
    top 53 bits of `_mix(start + n)`. An entity's draw methods write it out (the hot path;
    `sim/core/entity_draws.py`), and a test holds them to it."""
    return (_mix(start + n) >> 11) * (1.0 / (1 << 53))


class EntityDraws:
    """Uniform draws keyed by an entity and its own count of draws, from one root seed and a
    stream name: the n-th draw of household 17 is the same number whatever else happened in
    the run before it, so two policies that do not change a household's situation see it
    make the same choices (common random numbers entity by entity). An entity's draws of many
    purposes keep only the starts and counts (`sim/core/entity_draws.py`)."""

    __slots__ = ("_entity", "_count")

    def __init__(self, key: int, entity: int):
        self._entity = entity_start(key, entity)
        self._count = 0

    def uniform(self) -> float:
        """The entity's next uniform number in [0, 1)."""
        self._count += 1
        return nth_uniform(self._entity, self._count)


def entity_key(root_seed: int, name: str) -> int:
    """The 64-bit key of a family of entity draws (`EntityDraws(key, entity)`)."""
    seq = np.random.SeedSequence(entropy=int(root_seed), spawn_key=stream_key(name))
    return int(seq.generate_state(1, dtype=np.uint64)[0])
