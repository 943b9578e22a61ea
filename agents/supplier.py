"""Wholesale suppliers and the procurement that restocks stores (depot first, then suppliers)."""

from __future__ import annotations

import math

import mesa

from sim.core.distributions import sampler
from sim.domain.working_hours import WorkingHours
from sim.scenario import Supplier as SupplierSpec

_EPS = 1e-9


class Supplier(mesa.Agent):
    """A wholesale market or cooperative: a lead time, a daily capacity per category, delivery
    hours, trucks with a load and a number of departures a day, and outages.

    An order is loaded on trucks that leave at once within the delivery hours, else when they
    next begin; capacity and trucks count against the day the trucks leave. Quantities in kg
    (a pack or a meal counts as 1 kg)."""

    def __init__(self, model, spec: SupplierSpec, index: int):
        super().__init__(model)
        self.spec = spec
        self.name = spec.name
        self.categories = set(spec.categories)
        self.draw_lead = sampler(spec.lead_time_minutes,
                                 model.streams.generator(f"supplier.{index}.lead"))
        self.daily_capacity = dict(spec.daily_capacity)
        if spec.capacity_town_days is not None:
            people = sum(v.population for v in model.spec.villages)
            for c in spec.categories:
                if c not in self.daily_capacity:
                    per_person = model.spec.consumption_per_person_day[c].mean()
                    self.daily_capacity[c] = spec.capacity_town_days * people * per_person
        self.delivery_hours = WorkingHours(model.clock, [delivery_span(*spec.delivery_hours)])
        self.truck_load_kg = spec.truck_load_kg
        self.trucks_per_day = spec.trucks_per_day
        self.outages: list[tuple[float, float, float]] = []  # (from, until, capacity share)
        self.shipped_by_day: dict[int, dict[str, float]] = {}  # departure day -> category -> units
        self.truck_loads: list[tuple[int, float]] = []  # (departure day, kg) of every truck
        self._trucks_by_day: dict[int, int] = {}
        self.units_shipped: dict[str, float] = {}

    # --- outages ----------------------------------------------------------------------------
    def add_outage(self, start: float, until: float, capacity_share: float = 0.0) -> None:
        """From `start` to `until` the supplier ships `capacity_share` of what it would."""
        self.outages.append((start, until, capacity_share))

    def capacity_share(self, now: float) -> float:
        """The share of its capacity it ships now (the worst outage in force; 1 without)."""
        share = 1.0
        for start, until, s in self.outages:
            if start <= now < until and s < share:
                share = s
        return share

    # --- when trucks leave ------------------------------------------------------------------
    def departure_minute(self, now: float) -> float:
        """Now, within the delivery hours; else the minute they next begin."""
        return self.delivery_hours.next_start(now)

    # --- what it can send -------------------------------------------------------------------
    def available(self, category: str, day: int) -> float:
        """What is left of `category` on departure day `day`."""
        if category not in self.categories:
            return 0.0
        cap = self.daily_capacity.get(category)
        if cap is None:
            return math.inf
        return max(0.0, cap - self.shipped_by_day.get(day, {}).get(category, 0.0))

    def trucks_left(self, day: int) -> float:
        if self.trucks_per_day is None:
            return math.inf
        return max(0, self.trucks_per_day - self._trucks_by_day.get(day, 0))

    def ship(self, receiver, wants: dict[str, float],
             lead_minutes: float | None = None) -> dict[str, float]:
        """Send what it can of `wants` (category -> units) to `receiver` (a store, the depot or
        a village gate): within its capacity, the receiver's room and the trucks left that
        day, loaded on trucks of at most `truck_load_kg` that travel together. They take
        `lead_minutes` from departure when given (drawn by the caller, e.g. a group's bulk
        order days ahead), else the supplier's own lead time. Returns what was sent."""
        now = self.model.env.now
        share = self.capacity_share(now)
        if share <= 0:
            return {}
        depart = self.departure_minute(now)
        day = self.model.clock.day_index(depart)
        room_on_trucks = self.trucks_left(day) * self.truck_load_kg
        load: dict[str, float] = {}
        for category, units in wants.items():
            available = self.available(category, day)
            if share < 1:  # an outage: that share of the day's capacity, or of the order
                cap = self.daily_capacity.get(category)
                available = (min(available, share * cap) if cap is not None else share * units)
            units = min(units, available, receiver.room_for(category), room_on_trucks)
            if units > _EPS:
                load[category] = units
                room_on_trucks -= units
        if load:
            lead = self.draw_lead() if lead_minutes is None else lead_minutes
            self._send_trucks(receiver, load, day, depart - now + lead)
        return load

    def _send_trucks(self, receiver, load: dict[str, float], day: int, minutes: float) -> None:
        """Fill trucks one after another; each part of a truck's load is a shipment."""
        shipped = self.shipped_by_day.setdefault(day, {})
        truck_kg = 0.0
        for category, units in load.items():
            shipped[category] = shipped.get(category, 0.0) + units
            self.units_shipped[category] = self.units_shipped.get(category, 0.0) + units
            left = units
            while left > _EPS:
                if truck_kg >= self.truck_load_kg - _EPS:
                    self._truck_left(day, truck_kg)
                    truck_kg = 0.0
                part = min(left, self.truck_load_kg - truck_kg)
                self.model.shipments.send(receiver, category, part, minutes)
                truck_kg += part
                left -= part
        self._truck_left(day, truck_kg)

    def _truck_left(self, day: int, kg: float) -> None:
        self.truck_loads.append((day, kg))
        self._trucks_by_day[day] = self._trucks_by_day.get(day, 0) + 1


def delivery_span(start: float, end: float) -> tuple[float, float]:
    """A supplier's delivery hours as written in a scenario ((20, 10): 20:00 to 10:00, past
    midnight; (0, 24): around the clock) as a span of the day for `WorkingHours` ((20, 34))."""
    start = start % 24
    return start, start + ((end - start) % 24 or 24)


def procure(model, store, wants: dict[str, float], reason: str) -> dict[str, float]:
    """Restock `store`: release from the depot what it holds, buy the rest from suppliers,
    those whose trucks leave soonest first (the scenario's order breaks ties)."""
    sent: dict[str, float] = {}
    rest = {c: units for c, units in wants.items() if units > 0}
    depot_first = model.spec.restocking.source == "depot_first"
    rest = _from_depot(model, store, rest, sent) if depot_first else {
        c: units for c, units in rest.items() if units > _EPS}
    now = model.env.now
    restocking = [s for s in model.suppliers if not s.spec.bulk_orders_only]
    for supplier in sorted(restocking, key=lambda s: s.departure_minute(now)):
        if not rest:
            break
        for category, units in supplier.ship(store, rest).items():
            sent[category] = sent.get(category, 0.0) + units
            rest[category] -= units
            if rest[category] <= _EPS:
                del rest[category]
    if not depot_first and rest:  # the depot covers what the suppliers cannot
        rest = _from_depot(model, store, rest, sent)
    store.pending_restock.update(sent)
    if sent:
        total = sum(sent.values())
        model.stats.restock_ordered(store, total, reason)
        model.log_event("restock", store.store_id,
                        f"{store.store_id} orders {total:,.0f} units ({reason})")
    return sent


def _from_depot(model, store, wants: dict[str, float], sent: dict[str, float]) -> dict[str, float]:
    """Release what the depot gives of `wants` to `store` (adding it to `sent`); returns what is
    still wanted."""
    if not model.depot.exists:
        return {c: units for c, units in wants.items() if units > _EPS}
    rest = {}
    for category, units in wants.items():
        got = model.depot.release(store, category, units) if model.depot.releases_now(category) else 0.0
        if got > 0:
            sent[category] = sent.get(category, 0.0) + got
        if units - got > _EPS:
            rest[category] = units - got
    return rest
