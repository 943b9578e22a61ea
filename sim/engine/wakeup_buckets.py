"""Far-future wake-ups kept out of SimPy's event heap until their time slot comes.

Every household in a locked village always has its next order or call planned, so a town
holds tens of thousands of pending wake-ups. As SimPy events they would make every heap
operation of every event pay for them (a heap of ~25,000 in the whole-town episode). Here
they wait in buckets of `slot_minutes`, and a bucket goes into SimPy when its slot
begins: one ticker event per slot, and the same exact times. Five-minute slots keep the heap
small (measured on the whole-town episode: hour-long slots released ~600 wake-ups at once and
were about a fifth slower).
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappush

import simpy
from simpy.events import NORMAL

from sim.engine.callbacks import Wakeup, call_later


class WakeupBuckets:
    def __init__(self, env: simpy.Environment, slot_minutes: float = 5.0):
        self.env = env
        self.slot_minutes = slot_minutes
        self._buckets: dict[int, list[tuple[float, Callable, object]]] = {}
        self._released_through = -1  # slots up to this one have gone to SimPy
        self._ticking = False

    def at(self, minute: float, callback: Callable, value: object = None) -> None:
        """Call `callback(event)` at `minute` (not before now); `event.value` is `value`."""
        env = self.env
        now = env.now
        if minute < now:
            minute = now
        if not self._ticking:  # idle since the last bucket went out: slots up to now's are past
            self._released_through = int(now // self.slot_minutes)
        slot = int(minute // self.slot_minutes)
        if slot <= self._released_through:
            call_later(env, minute - now, callback, value)
            return
        bucket = self._buckets.get(slot)
        if bucket is None:
            self._buckets[slot] = [(minute, callback, value)]
        else:
            bucket.append((minute, callback, value))
        if not self._ticking:
            self._ticking = True
            call_later(env, (self._released_through + 1) * self.slot_minutes - now, self._release)

    def _release(self, _event) -> None:
        """At each slot's start: its wake-ups go to SimPy; then wait for the next slot.

        One ticker event per slot, rather than one pending event per future slot, keeps the
        heap to the events of the next few minutes."""
        env = self.env
        now = env.now
        self._released_through += 1
        bucket = self._buckets.pop(self._released_through, None)
        if bucket is not None:  # call_later for each, written out: a call less per wake-up
            queue, eid = env._queue, env._eid
            for minute, callback, value in bucket:
                heappush(queue, (now + (minute - now), NORMAL, next(eid), Wakeup(callback, value)))
        if self._buckets:
            call_later(env, (self._released_through + 1) * self.slot_minutes - now, self._release)
        else:
            self._ticking = False

    def __len__(self) -> int:
        return sum(len(b) for b in self._buckets.values())
