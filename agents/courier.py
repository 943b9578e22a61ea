"""A whitelisted courier and its life: onboarding, trips, daily tests, exposure, quarantine.

Every change of a courier's state happens here (`Courier._become`); the delivery group only
decides which idle courier takes which batch. States:

    onboarding -> idle <-> on_trip
                  idle <-> testing   (daily test; a trip in progress finishes first)
                  idle <-> off_duty  (outside its shift, on its break, on a rest day, or the
                                      day's trips or hours on trips used up)
                  idle <-> locked_in (the courier's home village is sealed: locked in with it,
                                      unless couriers hold closed-loop passes)
                  idle <-> isolating (a close contact of a courier who tested positive, for
                                      `couriers.contact_isolation_days`)
    idle, on_trip, testing, off_duty, locked_in, isolating -> removed   (exposed at a test, or
                     quarantined by the command centre: at once unless on a trip or at a test)
A trip or a test in progress always finishes before the courier goes home or into isolation;
a trip starts only if it ends inside the courier's hours and its day's bounds
(`agents/courier_day.py`), so no trip runs into a break, past the shift or onto a rest day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from agents.courier_day import TOLERANCE_MINUTES, CourierDay, NextTrip
from sim.core.distributions import UNIT
from sim.core.entity_draws import DrawKind, Draws
from sim.core.statistics import TimeWeightedCount
from sim.core.units import MINUTES_PER_DAY
from sim.engine.callbacks import call_later

if TYPE_CHECKING:
    from agents.delivery_group import DeliveryGroup
    from sim.core.roads import Place

IDLE, ON_TRIP, TESTING, REMOVED, ONBOARDING = "idle", "on_trip", "testing", "removed", "onboarding"
OFF_DUTY, LOCKED_IN, ISOLATING = "off_duty", "locked_in", "isolating"
COURIER_STATES = (IDLE, ON_TRIP, TESTING, REMOVED, ONBOARDING, OFF_DUTY, LOCKED_IN, ISOLATING)
AWAY = (LOCKED_IN, ISOLATING)  # on the whitelist, but kept from work
ON_DUTY = (IDLE, ON_TRIP)

# a courier's purposes and the name of each one's sequence (per_village: its shared stream)
_SEQUENCES = {"speed_km_per_h": "couriers.speed", "load_minutes": "couriers.load",
              "handover_minutes": "couriers.handover", "test_minutes": "couriers.test",
              "exposure": "couriers.exposure", "test_hour_share": "couriers.test_hour",
              "onboarding_minutes": "couriers.onboarding", "home": "couriers.home"}
_UNAVAILABLE = "unavailable."  # unavailable.<i>: its draw for the scenario's disruption i


def _sequence(purpose: str) -> str:
    return _SEQUENCES.get(purpose) or f"couriers.{purpose}"


def _stream(_number, purpose: str) -> tuple[str, str]:
    if purpose.startswith(_UNAVAILABLE):  # the disruption's own stream, courier after courier
        return f"disruption.{purpose.removeprefix(_UNAVAILABLE)}", "unavailable"
    return _SEQUENCES[purpose], purpose


COURIER = DrawKind(sequence=_sequence, stream=_stream, number=int)
"""A courier's draws (`model.entity_draws`), keyed by its whitelist number: by default its own
sequence per purpose, so its n-th trip or test draws the same numbers whichever orders a
policy gave it; with `run.random_numbers = "per_village"` one stream per purpose shared by all
couriers in event order."""


def courier_draw_specs(scenario) -> dict:
    """What a courier draws: trip speed, loading, handover, test length, exposure at a test,
    test hour (a share of the range), onboarding, where it lives, and for each disruption that
    keeps couriers off duty (`unavailable(i)`) its draw (the lowest are kept away)."""
    settings = scenario.couriers
    specs = {"speed_km_per_h": settings.speed_km_per_h, "load_minutes": settings.load_minutes,
             "handover_minutes": settings.handover_minutes_per_order,
             "test_minutes": settings.daily_test_minutes, "exposure": UNIT,
             "test_hour_share": UNIT, "onboarding_minutes": settings.onboarding_minutes,
             "home": UNIT}
    for i, disruption in enumerate(scenario.disruptions):
        if disruption.kind == "couriers_unavailable":
            specs[unavailable(i)] = UNIT
    return specs


def unavailable(disruption: int) -> str:
    """The purpose of a courier's draw for the scenario's disruption number `disruption`."""
    return f"{_UNAVAILABLE}{disruption}"


class CourierRoster:
    """Couriers by state, and the time-weighted counts on a trip and on duty (utilization)."""

    def __init__(self, now: float):
        self.counts = {s: 0 for s in COURIER_STATES}
        self.on_trip = TimeWeightedCount(now)
        self.on_duty = TimeWeightedCount(now)
        self.locked_in_max = 0  # the most couriers locked in at a sealed home at once

    def joined(self, state: str, now: float) -> None:
        self.counts[state] += 1
        self.locked_in_max = max(self.locked_in_max, self.counts[LOCKED_IN])
        if state in ON_DUTY:
            self.on_duty.add(now, 1)

    def moved(self, old: str, new: str, now: float) -> None:
        self.counts[old] -= 1
        self.counts[new] += 1
        self.locked_in_max = max(self.locked_in_max, self.counts[LOCKED_IN])
        if (old in ON_DUTY) != (new in ON_DUTY):
            self.on_duty.add(now, 1 if new in ON_DUTY else -1)
        if (old == ON_TRIP) != (new == ON_TRIP):
            self.on_trip.add(now, 1 if new == ON_TRIP else -1)


class Courier(mesa.Agent):
    """Carries batches from stores to village gates; only whitelisted couriers ever do."""

    def __init__(self, model, group: DeliveryGroup, courier_id: int, place: Place, draws: Draws,
                 onboarding: bool = False, home=None):
        super().__init__(model)
        self.group = group
        self.courier_id = courier_id
        self.draws = draws  # its draws (COURIER, `courier_draw_specs`)
        self.home = home  # the village the courier lives in (None: outside the town)
        self.isolating_until = -1.0
        self.place = place  # where the courier is: the command centre, then its last gate
        self.works_for = None  # with couriers tied to stores: the store of its first trip
        self.state = ONBOARDING if onboarding else IDLE
        self.test_due = False
        self.quarantine_due = False  # told to isolate while on a trip or at a test
        self.trips = 0
        self.orders_carried = 0
        self.day = CourierDay(model, courier_id)  # its hours and today's trips
        self.next_trip = NextTrip(draws)
        self.worked_on_pass = False  # made a trip from a sealed home on a closed-loop pass
        if not onboarding:
            away = self._kept_away()
            if away is not None:
                self.state = away
            elif not self.day.hours.on_duty(model.env.now):
                self.state = OFF_DUTY
        group.roster.joined(self.state, model.env.now)
        model.env.process(self.day.hours.keep(model.env, self._duty_changed))
        if onboarding:
            model.env.process(self._onboard())
        else:
            if self.state == IDLE:
                group.courier_idle(self, dispatch=False)
            model.env.process(self._daily_tests())

    @property
    def whitelisted(self) -> bool:
        """On the whitelist: signed and tested (not onboarding), and not taken off it."""
        return self.state not in (ONBOARDING, REMOVED)

    def _become(self, state: str) -> None:
        self.group.roster.moved(self.state, state, self.model.env.now)
        self.state = state

    def _onboard(self):
        """Commitment signed, first test passed: the courier joins the whitelist."""
        env = self.model.env
        yield env.timeout(self.draws.onboarding_minutes())
        env.process(self._daily_tests())
        self._free()

    @property
    def holds_pass(self) -> bool:
        """Works from a sealed home on a closed-loop pass."""
        return (self.home is not None and self.home.locked
                and self.model.spec.couriers.closed_loop_passes)

    # --- trips --------------------------------------------------------------------------
    def orders_that_fit(self, store, village, orders: int) -> int:
        """How many of `orders` the courier can carry from `store` to `village` on a trip that
        starts now and ends inside its hours and today's bounds. None (0): when today's trips
        or hours on trips cannot take even one, the courier's day is over; else it is too close
        to its break or the end of its shift, and it takes no new batch until then. Either way
        it goes off duty (`_duty_changed` brings it back)."""
        now = self.model.env.now
        day = self.day
        if not day.over(now):
            minutes = self.next_trip.minutes(self.trip_km(store, village), orders)
            left = day.minutes_left(now) + TOLERANCE_MINUTES
            fits = sum(1 for m in minutes if m <= left)
            if fits:
                return fits
            if day.turned_down_by_bounds(now, minutes[0]):
                day.end(now)
        else:
            day.end(now)
        if self.state == IDLE:
            self.group.idle.remove(self)
            self._become(OFF_DUTY)
        return 0

    def start_trip(self, store, village, batch: list) -> None:
        """To the store, load, to the gate, hand each order over to the volunteers: one
        scheduled callback (a process would add a start and an end event to every trip)."""
        now = self.model.env.now
        self._become(ON_TRIP)
        self.trip_to = village.name  # for the map of a drill played in a room
        self.worked_on_pass = self.worked_on_pass or self.holds_pass
        for order in batch:
            order.dispatched_minute = now
            order.courier_id = self.courier_id
            if order.batch_ready_minute != order.batch_ready_minute:  # NaN: went before its timer
                order.batch_ready_minute = now
        minutes = self.next_trip.take(self.trip_km(store, village), len(batch))
        self.day.worked(now, minutes)
        call_later(self.model.env, minutes, self._handed_over, (village, batch))

    def trip_km(self, store, village) -> float:
        """From where the courier is to the store, then to the village's gate. The dispatcher
        sends a batch only when an open road leads from the store to the village; a courier
        inside a village a closure has cut off drives out past the barrier."""
        travel = self.model.travel
        return (travel.km_through_closures(self.place, store.place)
                + travel.km(store.place, village.place) * village.road_detour_factor)

    def _handed_over(self, event) -> None:
        village, batch = event.value
        village.gate.hand_over(batch)
        self.place = village.place
        self.trips += 1
        self.orders_carried += len(batch)
        self._free()

    def _free(self) -> None:
        """A trip or a test is over: isolate if told to, take a test that came due, rest if
        off duty (break, end of shift, rest day) or the day's trips or hours are used up, or
        wait for the next batch."""
        if self.quarantine_due:
            self._leave_whitelist()
            return
        away = self._kept_away()
        if away is not None:
            self._become(away)
            return
        now = self.model.env.now
        on_duty = self.day.hours.on_duty_after(now)
        if self.test_due and on_duty:
            self.model.env.process(self._take_test())
            return
        if on_duty and self.day.over(now):
            self.day.end(now)
        if not on_duty or self.day.over(now):
            self._become(OFF_DUTY)
            return
        if self.state != IDLE:
            self._become(IDLE)
        self.group.courier_idle(self)

    def _kept_away(self) -> str | None:
        """Why the courier cannot work now: home sealed (and no pass), or isolating as a close
        contact."""
        if self.home is not None and self.home.locked and not self.model.spec.couriers.closed_loop_passes:
            return LOCKED_IN
        if self.isolating_until > self.model.env.now:
            return ISOLATING
        return None

    def keep_away(self) -> None:
        """Home sealed or isolation begun: an idle or resting courier stays away now; one on
        a trip or at a test finishes it first (`_free` sees why)."""
        if self._kept_away() is None:  # a pass holder whose home was sealed
            return
        if self.state == IDLE:
            self.group.idle.remove(self)
            self._become(self._kept_away())
        elif self.state == OFF_DUTY:
            self._become(self._kept_away())

    def back_to_work(self) -> None:
        """Home released or isolation over: back on the whitelist's rota if nothing else holds."""
        if self.state in AWAY:
            self._free()

    def isolate_as_contact(self, days: float) -> None:
        if not self.whitelisted:
            return
        env = self.model.env
        self.isolating_until = max(self.isolating_until, env.now + days * MINUTES_PER_DAY)
        self.keep_away()
        call_later(env, self.isolating_until - env.now, lambda _event: self.back_to_work())

    # --- hours --------------------------------------------------------------------------
    def _duty_changed(self) -> None:
        """A span of its hours begins or ends, or a new work day: an idle courier whose duty
        ended goes off duty, one off duty whose duty began comes back (a trip never runs
        across a change: it starts only if it ends before)."""
        if self.state == IDLE and not self.day.hours.on_duty_after(self.model.env.now):
            self.group.idle.remove(self)
            self._become(OFF_DUTY)
        elif self.state == OFF_DUTY:
            self._free()

    # --- tests and exposure -------------------------------------------------------------
    def _daily_tests(self):
        """Once a day at a random hour: tested now if idle, else as soon as the trip ends."""
        model = self.model
        env = model.env
        for at in model.clock.clock_times(self._test_hour, env.now):
            yield env.timeout(at - env.now)
            if self.state == REMOVED:
                return
            if self.state in AWAY:  # tested again when back
                continue
            if self.state == IDLE:
                self.group.idle.remove(self)
                env.process(self._take_test())
            elif self.state in (ON_TRIP, OFF_DUTY):  # tested after the trip, or on duty again
                self.test_due = True

    def _test_hour(self) -> float:
        """Today's test hour, in `couriers.test_hour_range`."""
        low, high = self.model.spec.couriers.test_hour_range
        return low + (high - low) * self.draws.test_hour_share()

    def _take_test(self):
        """Off duty for the test; a positive exposure takes the courier off the whitelist."""
        model = self.model
        self.test_due = False
        self._become(TESTING)
        yield model.env.timeout(self.draws.test_minutes())
        settings = model.spec.couriers
        risk = settings.exposure_probability_per_day
        if self.holds_pass:
            risk += settings.pass_exposure_probability_per_day
        if self.draws.exposure() < risk:
            self._leave_whitelist()
            contacts = self.group.close_contacts(self)
            days = model.spec.couriers.contact_isolation_days
            for contact in contacts:
                contact.isolate_as_contact(days)
            model.log_event("courier_removed", f"courier {self.courier_id}",
                            f"courier {self.courier_id} exposed: off the whitelist; "
                            f"{len(contacts)} close contacts isolate for {days:g} days")
            return
        self._free()

    def quarantine(self) -> bool:
        """Off the whitelist: at once if idle or off duty (True), else as soon as the trip or
        test is over."""
        if self.state in (ON_TRIP, TESTING):
            self.quarantine_due = True
            return False
        if self.state not in (IDLE, OFF_DUTY, *AWAY):  # off the whitelist already, or onboarding
            return False
        if self.state == IDLE:
            self.group.idle.remove(self)
        self._leave_whitelist()
        return True

    def _leave_whitelist(self) -> None:
        """Exposed or quarantined: never dispatched again."""
        self.quarantine_due = False
        self._become(REMOVED)
