"""The town's fast paths through SimPy: cheap callbacks, and a run loop without a call per event.

Most of the town's events only need "call this at minute t" (a picking finished, a trip
arrived, a household's next order). A `simpy.Timeout` carries more than that and costs about
twice as much to create. `call_later` puts a small slotted object with what
`Environment.step` reads (`callbacks`, `_ok`) straight into the event queue, in the queue's own
(time, priority, id, event) format, so ordering is exactly what a Timeout would get. This
relies on SimPy 4.1's queue layout; pyproject pins simpy to 4.1.x and a test checks it.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappop, heappush
from typing import Any

import simpy
from simpy.events import NORMAL


class Wakeup:
    """A scheduled callback; `value` is what the callback reads from the event."""

    __slots__ = ("callbacks", "value", "_ok")

    def __init__(self, callback: Callable[[Wakeup], None], value: Any):
        self.callbacks = [callback]
        self.value = value
        self._ok = True


def call_later(env: simpy.Environment, delay: float, callback: Callable[[Wakeup], None],
               value: Any = None) -> None:
    """Call `callback(wakeup)` after `delay` minutes (delay >= 0)."""
    heappush(env._queue, (env._now + delay, NORMAL, next(env._eid), Wakeup(callback, value)))


# before SimPy's URGENT (0) and NORMAL (1) events of the same minute
FIRST = -1


def call_first_at(env: simpy.Environment, minute: float, callback: Callable[[Wakeup], None],
                  value: Any = None) -> None:
    """Call `callback(wakeup)` at `minute`, before every other event of that minute.

    What a person does in a live drill happens between two `run_until` calls: after every
    event before that minute and before any event at it. A replay schedules it here so that
    it lands in the same place of the run (minute >= now)."""
    heappush(env._queue, (minute, FIRST, next(env._eid), Wakeup(callback, value)))


def run_until(env: simpy.Environment, end: float) -> None:
    """Process every event scheduled before minute `end`, then set the clock to `end`.

    What `env.run(until=end)` does, with `Environment.step` written out in the loop: this loop
    runs once per event and a method call per event is a tenth of an episode. Failed events
    that nobody defused still crash the run, as in SimPy.
    """
    queue = env._queue
    while queue and queue[0][0] < end:
        env._now, _, _, event = heappop(queue)
        callbacks, event.callbacks = event.callbacks, None
        for callback in callbacks:
            callback(event)
        if not event._ok and not hasattr(event, "_defused"):
            exc = type(event._value)(*event._value.args)
            exc.__cause__ = event._value
            raise exc
    if end > env._now:
        env._now = end
