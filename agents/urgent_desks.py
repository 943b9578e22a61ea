"""Who answers urgent calls: desks of urgent staff, at the command centre for the whole town or
one posted in each locked village.

`command_centre.urgent_staffing` chooses: `town_pool` (`urgent_staff` at the command centre),
`per_locked_village` (the source: a dedicated worker for each locked area, at the door within
half an hour; `urgent_staff_per_village` posted at its gate while it is locked) or
`per_households` (one for every `urgent_households_per_staff` households of a locked village,
at least one). Staff keep the desk's hours on a rota of rest days staggered across the desk
(`urgent_staff_rota`): a member off duty holds a place of the desk's resource (an absence, ahead
of every call in the queue) so calls wait for the staff at work; one on a trip finishes it first.
"""

from __future__ import annotations

import math

import simpy

from sim.core.statistics import TimeWeightedCount
from sim.domain.rostered_hours import RosteredHours, TeamOnDuty
from sim.domain.rotas import Rota

ABSENCE_PRIORITY = -1  # ahead of calls (priority 0): who is off duty leaves as soon as free


class UrgentDesk:
    """A team of urgent staff at `place`, who go out from there; `staff` is its resource."""

    def __init__(self, model, place, size: int):
        env = model.env
        sc = model.spec.command_centre
        self.env = env
        self.place = place
        self.size = size
        self.staff = simpy.PriorityResource(env, capacity=size)
        rota = Rota(sc.urgent_staff_rota.days_on, sc.urgent_staff_rota.days_off)
        self.on_duty = TeamOnDuty(lambda i, n: RosteredHours(model.clock, sc.urgent_staff_hours, rota, i, n),
                                  size)
        self._absences: list = []
        self.active = False  # posted: its village locked (the town's desk: from the first lockdown)
        self.available = TimeWeightedCount(env.now)  # staff on duty while posted
        self._staff_changed()
        env.process(self.on_duty.keep(env, self._staff_changed))

    def post(self, active: bool) -> None:
        self.active = active
        self._staff_changed()

    def _staff_changed(self) -> None:
        """Members came on or went off duty: as many absences as members off duty."""
        now = self.env.now
        present = self.on_duty.present(now)
        self.available.set(now, present if self.active else 0)
        absent = self.size - present
        while len(self._absences) < absent:
            self._absences.append(self.staff.request(priority=ABSENCE_PRIORITY))
        while len(self._absences) > absent:
            absence = self._absences.pop()
            absence.cancel()  # not yet away: the member had a trip to finish
            self.staff.release(absence)


class UrgentDesks:
    """The town's urgent desks: which desk answers a village's calls, and how many are posted."""

    def __init__(self, centre):
        self.centre = centre
        model = centre.model
        self.model = model
        self.settings = model.spec.command_centre
        self.town_desk = (UrgentDesk(model, centre.place, self.settings.urgent_staff)
                          if self.settings.urgent_staffing == "town_pool" else None)
        self.by_village: dict[str, UrgentDesk] = {}
        self.posted_max = 0  # the most urgent staff posted at once, resting ones included

    def desk_for(self, village) -> UrgentDesk:
        """The desk that answers the village's calls (a village's own is posted at its gate)."""
        if self.town_desk is not None:
            return self.town_desk
        desk = self.by_village.get(village.name)
        if desk is None:
            desk = self.by_village[village.name] = UrgentDesk(self.model, village.place,
                                                             self._village_desk_size(village))
        return desk

    def _village_desk_size(self, village) -> int:
        sc = self.settings
        if sc.urgent_staffing == "per_households":
            return max(1, math.ceil(len(village.households) / sc.urgent_households_per_staff))
        return sc.urgent_staff_per_village

    def village_sealed(self, village) -> None:
        """Staff are posted: the village's own desk, or the town's from the first lockdown."""
        self.desk_for(village).post(True)
        self._count_posted()

    def village_released(self, village) -> None:
        """A village's own desk stands down (calls in hand are finished); the town's stays."""
        if self.town_desk is None:
            self.desk_for(village).post(False)
            self._count_posted()

    def _desks(self) -> list[UrgentDesk]:
        return [self.town_desk] if self.town_desk is not None else list(self.by_village.values())

    def _count_posted(self) -> None:
        self.posted_max = max(self.posted_max, sum(d.size for d in self._desks() if d.active))

    def available_minutes(self, now: float) -> float:
        """Staff-minutes on duty at posted desks: utilization's base."""
        return sum(d.available.integral(now) for d in self._desks())
