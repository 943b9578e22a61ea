"""A courier's working day, and how long its next trip will take before it starts.

A courier works its shift less its own break (staggered across the whitelist), on the days its
rota works (`sim/domain/rostered_hours.py`). Its day is bounded by trips and by hours on trips
(`couriers.max_trips_per_day`, `max_trip_hours_per_day`), not by orders: a store-to-gate trip
carries many orders. A trip starts only if it ends inside the courier's hours and its day's
bounds, so the courier must know the trip's minutes first: `NextTrip` draws them when first
asked and keeps them for the trip that uses them, so a courier's n-th trip draws the same
numbers whichever batches it was offered before.
"""

from __future__ import annotations

from itertools import accumulate

from sim.core.geography import travel_minutes
from sim.domain.rostered_hours import RosteredHours
from sim.domain.rotas import Rota

TOLERANCE_MINUTES = 1e-6


class CourierDay:
    """The courier's hours and what it did today: trips and minutes on trips per work day."""

    def __init__(self, model, courier_id: int):
        sc = model.spec.couriers
        self.hours = RosteredHours(model.clock, sc.shift_hours, Rota(sc.rota.days_on, sc.rota.days_off),
                                   worker=courier_id, team_size=max(1, sc.whitelist_size),
                                   break_hour=sc.break_hour, break_minutes=sc.break_minutes,
                                   break_spread_hours=sc.break_spread_hours)
        self.max_trips = sc.max_trips_per_day
        self.max_trip_minutes = sc.max_trip_hours_per_day * 60
        self._day, self._trips, self._minutes = -1, 0, 0.0  # today's work day and its tally
        self._ended = False  # today's bounds turned a trip down: done for the day
        self.days_ended_at_limit = 0  # work days on which the bounds turned a trip down

    def _today(self, now: float) -> None:
        day = self.hours.work_day(now)
        if day != self._day:
            self._day, self._trips, self._minutes, self._ended = day, 0, 0.0, False

    def over(self, now: float) -> bool:
        """Today's trips or hours on trips are used up: done until the next work day."""
        self._today(now)
        return self._ended or self._trips >= self.max_trips or self._minutes >= self.max_trip_minutes

    def minutes_left(self, now: float) -> float:
        """Minutes of trips the courier may still start now: within today's hours on trips, and
        ending before it next goes off duty (its break, the end of its shift, a rest day)."""
        self._today(now)
        return min(self.max_trip_minutes - self._minutes, self.hours.duty_ends(now) - now)

    def end(self, now: float) -> None:
        """A trip was turned down by today's bounds: the courier is done for today."""
        self._today(now)
        if not self._ended:
            self._ended = True
            self.days_ended_at_limit += 1

    def turned_down_by_bounds(self, now: float, minutes: float) -> bool:
        """Whether a trip of `minutes` is too long for today's hours on trips (not just for what
        is left of the span before the break or the shift's end)."""
        self._today(now)
        return minutes > self.max_trip_minutes - self._minutes + TOLERANCE_MINUTES

    def worked(self, now: float, minutes: float) -> None:
        """A trip of `minutes` starts now: it counts on today, the day it starts."""
        self._today(now)
        self._trips += 1
        self._minutes += minutes


class NextTrip:
    """The draws of a courier's next trip: its speed, its loading minutes and the handover
    minutes of each order, drawn when first asked and used by the trip that starts next."""

    def __init__(self, draws):
        self.draws = draws
        self._speed_and_load: tuple[float, float] | None = None
        self._handovers: list[float] = []

    def minutes(self, km: float, orders: int) -> list[float]:
        """The trip's minutes with 1, 2, ..., `orders` orders aboard."""
        if self._speed_and_load is None:
            self._speed_and_load = (self.draws.speed_km_per_h(), self.draws.load_minutes())
        handover = self.draws.handover_minutes
        while len(self._handovers) < orders:
            self._handovers.append(handover())
        speed, load = self._speed_and_load
        base = travel_minutes(km, speed) + load
        return list(accumulate(self._handovers[:orders], initial=base))[1:]

    def take(self, km: float, orders: int) -> float:
        """The minutes of the trip that starts now with `orders` orders; its draws are used."""
        minutes = self.minutes(km, orders)[-1]
        self._speed_and_load = None
        del self._handovers[:orders]
        return minutes
