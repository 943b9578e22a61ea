"""A worker's hours on the wall clock: the team's daily hours, split by the worker's own break,
on the days its rota works; and a team's members on duty at each minute.

A team's breaks start at staggered hours (`staggered_break_hour`) and its members rest on
staggered days (`Rota`), so a team thins out instead of stopping all at once. A worker's day
begins at the start hour of the team's hours: with hours (18, 30) the night to 06:00 belongs
to the day it began, and a rest day is that whole span. Pure functions of the minute and the
worker's index, as the rota is: no draws.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from sim.core.units import MINUTES_PER_DAY
from sim.domain.clock import Clock
from sim.domain.rotas import EVERY_DAY, Rota, staggered_break_hour
from sim.domain.working_hours import BOUNDARY_EPSILON_MINUTES, WorkingHours, shift_spans


class RosteredHours:
    """One worker's duty: `hours` (start, end) of the day less its break, on its rota's days."""

    def __init__(self, clock: Clock, hours: Sequence[float], rota: Rota = EVERY_DAY,
                 worker: int = 0, team_size: int = 1, break_hour: float | None = None,
                 break_minutes: float = 0.0, break_spread_hours: float = 0.0):
        self.clock = clock
        self.rota = rota
        self.worker = worker
        self.break_hour = (None if break_hour is None else
                           staggered_break_hour(break_hour, break_spread_hours, worker, team_size))
        self.hours = WorkingHours(clock, shift_spans(hours, self.break_hour, break_minutes))
        self.day_start_minutes = float(hours[0]) * 60
        self._ends = (math.inf, -math.inf, 0.0)  # duty_ends's last answer: (from, until, end)

    def work_day(self, minute: float) -> int:
        """The worker's day of `minute`: days counted from the run's first, each beginning at
        the start hour of the team's hours."""
        return self.clock.day_index(minute - self.day_start_minutes)

    def rests(self, minute: float) -> bool:
        """Whether `minute` falls on one of the worker's rest days."""
        return self.rota.rests_on(self.work_day(minute), self.worker)

    def on_duty(self, minute: float) -> bool:
        return not self.rests(minute) and self.hours.on_duty(minute)

    def on_duty_after(self, minute: float) -> bool:
        """On duty just after `minute`: the side of a boundary a worker is told of at it (a
        boundary reached by a timeout can fall a rounding error short)."""
        return self.on_duty(minute + BOUNDARY_EPSILON_MINUTES)

    def next_change(self, minute: float) -> float:
        """The first minute after `minute` at which duty may start or stop: a span of the hours
        begins or ends, or a new day of the rota begins."""
        next_day = self.clock.day_start_minute(self.work_day(minute) + 1) + self.day_start_minutes
        return min(self.hours.next_change(minute), next_day)

    def duty_ends(self, minute: float) -> float:
        """When a worker on duty at `minute` next goes off duty (its break, the end of its
        hours, a rest day); infinity if it never does within two days (around the clock, no
        rest days). The same answer holds until the next change: it is kept till then."""
        since, until, end = self._ends
        if since <= minute < until:
            return end
        t, limit, end = minute, minute + 2 * MINUTES_PER_DAY, math.inf
        while t < limit:
            t = self.next_change(t)
            if not self.on_duty_after(t):
                end = t
                break
        self._ends = (minute, self.next_change(minute), end)
        return end

    def keep(self, env, changed: Callable[[], None]):
        """A process: `changed()` at each minute duty may start or stop."""
        while True:
            yield env.timeout(self.next_change(env.now) - env.now)
            changed()


class TeamOnDuty:
    """A team of `size` whose members each keep their `RosteredHours`: how many are on duty."""

    def __init__(self, member: Callable[[int, int], RosteredHours], size: int):
        """`member(index, size)`: the hours of member `index` of a team of `size`."""
        self.members = [member(i, size) for i in range(size)]

    def present(self, minute: float) -> int:
        """Members on duty just after `minute`."""
        present = 0
        for m in self.members:  # at every change of the team's duty: a loop, not a generator
            if m.on_duty_after(minute):
                present += 1
        return present

    def next_change(self, minute: float) -> float:
        first = math.inf
        for m in self.members:
            at = m.next_change(minute)
            if at < first:
                first = at
        return first

    def keep(self, env, changed: Callable[[], None], still: Callable[[], bool] = lambda: True):
        """A process: `changed()` at each minute a member's duty may start or stop, while
        `still()` (a team rebuilt at another size stops its old process this way)."""
        while True:
            at = self.next_change(env.now)
            if at == math.inf:
                return
            yield env.timeout(at - env.now)
            if not still():
                return
            changed()
