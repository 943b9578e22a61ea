"""Time in the town: SimPy's minutes since the run's start, and the days and wall times they fall on.

One clock: `env.now`, in minutes since `run.start`. Calendar days run midnight to midnight from
the run's first day, whatever hour the run starts at; daily rhythms (nightly restock orders,
courier tests, the households' ordering hours) are placed by the wall clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from sim.core.units import MINUTES_PER_DAY


class Clock:
    def __init__(self, start: dt.datetime):
        self.start = start
        self.start_minute_of_day = start.hour * 60 + start.minute

    def day_index(self, minute: float) -> int:
        """The calendar day of `minute`, counted from the run's first (midnight to midnight)."""
        return int((minute + self.start_minute_of_day) // MINUTES_PER_DAY)

    def day_start_minute(self, day: int) -> float:
        """The minute at which calendar day `day` begins (negative for the first day's midnight
        when the run starts after it)."""
        return day * MINUTES_PER_DAY - self.start_minute_of_day

    def hour_of_day(self, minute: float) -> float:
        """The wall clock's hour at `minute` (0 <= hour < 24, fractional)."""
        return ((minute + self.start_minute_of_day) % MINUTES_PER_DAY) / 60

    def midnight_before(self, minute: float) -> float:
        """The minute of the last midnight at or before `minute`."""
        return minute - (minute + self.start_minute_of_day) % MINUTES_PER_DAY

    def clock_times(self, hour_of_day: float | Callable[[], float], after: float) -> Iterator[float]:
        """Each day's minute at which the clock shows `hour_of_day` (a number, or a draw made
        for each day), from `after` on: the rhythm of nightly orders and daily tests."""
        day = self.day_index(after)
        while True:
            hour = hour_of_day() if callable(hour_of_day) else hour_of_day
            at = day * MINUTES_PER_DAY - self.start_minute_of_day + hour * 60
            day += 1
            if at >= after:
                yield at

    def to_datetime(self, minute: float) -> dt.datetime:
        return self.start + dt.timedelta(minutes=float(minute))
