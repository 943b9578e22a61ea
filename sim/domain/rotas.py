"""Who of a team works on a given day, and when each takes a break.

In a lockdown of two weeks nobody can work every day, and a team whose members all break at
13:00 stops at once. A rota gives each worker `days_on` working days then `days_off` rest days,
the cycles offset by the worker's index so that about the same share of a team rests on any day;
breaks start at the team's hour, spread by index over `spread_hours`. Both are pure functions of
the day and the worker's index: no draws, so adding a rota reshuffles nobody's random numbers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rota:
    days_on: int = 6
    days_off: int = 1

    def __post_init__(self):
        if self.days_on < 1 or self.days_off < 0:
            raise ValueError("a rota works at least one day and rests zero or more days")

    @property
    def cycle_days(self) -> int:
        return self.days_on + self.days_off

    def rests_on(self, day: int, worker_index: int) -> bool:
        """Whether worker `worker_index` (0, 1, ...) rests on day `day` of the run (0 is the
        first). Worker i's cycle starts i days later than worker 0's, so rest days are staggered."""
        if self.days_off == 0:
            return False
        return (day + worker_index) % self.cycle_days >= self.days_on

    def present(self, day: int, team_size: int) -> int:
        """How many of a team of `team_size` work on day `day`."""
        return sum(not self.rests_on(day, index) for index in range(team_size))

    def resting_share(self) -> float:
        """The share of a large team resting on any day."""
        return self.days_off / self.cycle_days


EVERY_DAY = Rota(days_on=1, days_off=0)


def staggered_break_hour(break_hour: float, spread_hours: float, worker_index: int,
                         team_size: int) -> float:
    """When worker `worker_index` of a team of `team_size` starts a break: the team's hour plus
    an even share of `spread_hours` by index, so the team never stops all at once."""
    if team_size <= 1 or spread_hours <= 0:
        return break_hour
    return break_hour + spread_hours * (worker_index % team_size) / team_size
