"""Far-future wake-ups kept out of SimPy's event heap until their time slot comes.

Every household in a locked village always has its next order or call planned, so a town
holds tens of thousands of pending wake-ups. As SimPy events they would make every heap
operation of every event pay for them (a heap of ~25,000 in the whole-town episode). The
calendar files them in buckets of `slot_minutes` and releases a bucket into SimPy when its slot
begins: one extra event per slot, and the same exact times. Five-minute slots keep the heap
small (measured on the whole-town episode: hour-long slots released ~600 wake-ups at once and
were about a fifth slower).
"""

from __future__ import annotations

from collections.abc import Callable

import simpy

from sim.wakeups import call_later


class Calendar:
    def __init__(self, env: simpy.Environment, slot_minutes: float = 5.0):
        self.env = env
        self.slot_minutes = slot_minutes
        self._buckets: dict[int, list[tuple[float, Callable]]] = {}

    def at(self, minute: float, callback: Callable[[simpy.Event], None]) -> None:
        """Call `callback(event)` at `minute` (not before now)."""
        env = self.env
        now = env.now
        if minute < now:
            minute = now
        slot = int(minute // self.slot_minutes)
        if slot <= int(now // self.slot_minutes):
            call_later(env, minute - now, callback)
            return
        bucket = self._buckets.get(slot)
        if bucket is None:
            self._buckets[slot] = [(minute, callback)]
            call_later(env, slot * self.slot_minutes - now, self._release, slot)
        else:
            bucket.append((minute, callback))

    def _release(self, event: simpy.Event) -> None:
        env = self.env
        now = env.now
        for minute, callback in self._buckets.pop(event.value):
            call_later(env, minute - now, callback)

    def __len__(self) -> int:
        return sum(len(b) for b in self._buckets.values())
