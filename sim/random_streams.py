"""Named random streams derived from one root seed.

Every random process in a run (demand in a village, picking at a store, courier tests, ...)
draws from its own `numpy.random.Generator`, addressed by a stable name. Two runs with the same
root seed therefore see the same demand even when a policy changes how many draws another
process makes (common random numbers), and nothing touches global random state.
"""

from __future__ import annotations

import hashlib

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

    def generator(self, name: str) -> np.random.Generator:
        gen = self._generators.get(name)
        if gen is None:
            seq = np.random.SeedSequence(entropy=self.root_seed, spawn_key=stream_key(name))
            gen = np.random.Generator(np.random.PCG64(seq))
            self._generators[name] = gen
        return gen


def derive_seed(root_seed: int, *address: int) -> int:
    """A run seed addressed by integers (e.g. design point and replication) under a root seed."""
    seq = np.random.SeedSequence(entropy=int(root_seed), spawn_key=tuple(int(a) for a in address))
    return int(seq.generate_state(1, dtype=np.uint32)[0])
