"""A team's working hours on the wall clock: when its people are on duty each day.

Hours are given as (start, end) in hours of the day; an end past 24 runs into the next morning
((5, 25) is 05:00 to 01:00, as a vegetable cooperative's staff worked in 2022), and (0, 24) is
around the clock. A day may have several spans (a courier's shift with a break in it). Work
that arrives off duty waits for the next span: nobody works it off through the night.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sim.core.units import MINUTES_PER_DAY
from sim.domain.clock import Clock

AROUND_THE_CLOCK = ((0.0, 24.0),)
BOUNDARY_EPSILON_MINUTES = 1e-6


def shift_spans(shift: Sequence[float], break_hour: float | None = None,
                break_minutes: float = 0.0) -> tuple[tuple[float, float], ...]:
    """A shift's spans on duty, split by a break starting at `break_hour` (if inside it)."""
    start, end = float(shift[0]), float(shift[1])
    if break_hour is None or break_minutes <= 0:
        return ((start, end),)
    at = break_hour if break_hour >= start else break_hour + 24
    if not start < at < end:
        return ((start, end),)
    back = min(end, at + break_minutes / 60)
    return ((start, at), (back, end)) if back < end else ((start, at),)


class WorkingHours:
    def __init__(self, clock: Clock, spans: Sequence[Sequence[float]] = AROUND_THE_CLOCK):
        self.clock = clock
        self.spans = tuple((float(s), float(e)) for s, e in spans)
        self.around_the_clock = any(e - s >= 24 for s, e in self.spans)
        # the hours of the day at which duty may start or stop
        self._boundaries = sorted({h % 24 for span in self.spans for h in span})

    def hours_a_day(self) -> float:
        """Hours on duty in a day."""
        return min(24.0, sum(e - s for s, e in self.spans))

    def on_duty(self, minute: float) -> bool:
        if self.around_the_clock:
            return True
        hour = self.clock.hour_of_day(minute)
        for s, e in self.spans:  # asked for every worker at every change of a team's duty
            if s <= hour < e or hour < e - 24:
                return True
        return False

    def next_change(self, minute: float) -> float:
        """The first minute after `minute` at which duty starts or stops: the first boundary
        past it, today's in order and then tomorrow's (the boundaries are sorted)."""
        midnight = self.clock.midnight_before(minute)
        after = minute + 1e-9
        for day in (0, 1):
            for hour in self._boundaries:
                at = midnight + day * MINUTES_PER_DAY + hour * 60
                if at > after:
                    return at
        raise ValueError("working hours without a boundary")  # spans always have one

    def next_start(self, minute: float) -> float:
        """`minute` itself if on duty then, else when duty next starts."""
        while not self.on_duty(minute):
            minute = self.next_change(minute)
        return minute

    def minutes_on_duty(self, start: float, end: float) -> float:
        """How many minutes between `start` and `end` fall on duty."""
        if self.around_the_clock:
            return max(0.0, end - start)
        total, t = 0.0, start
        while t < end:
            upto = min(self.next_change(t), end)
            if self.on_duty(t):
                total += upto - t
            t = upto
        return total

    def until_on_duty(self, env):
        """A process step: off duty now, the work waits until the team's hours begin."""
        start = self.next_start(env.now)
        if start > env.now:
            yield env.timeout(start - env.now)

    def keep(self, env, on_start: Callable[[], None], on_stop: Callable[[], None]):
        """A process: `on_start()` as each span starts and `on_stop()` as it ends."""
        if self.around_the_clock:
            return
        on = self.on_duty(env.now)
        while True:
            yield env.timeout(self.next_change(env.now) - env.now)
            # the side of the boundary just passed: now + delay can fall a rounding error short
            # of a break's start, which would otherwise read as still on duty until its end
            now_on = self.on_duty(env.now + BOUNDARY_EPSILON_MINUTES)
            if now_on != on:
                (on_start if now_on else on_stop)()
                on = now_on
