"""Urgent needs: the command centre's dedicated staff answer calls from locked households.

Staff go out from their desk (`agents/urgent_desks.py`): the command centre's for the whole
town, or the one posted at the caller's village.

Most calls are for medicine: staff collect the ID card and pill box, buy at a qualified
pharmacy and bring the medicine back. Calls from the same village that are waiting when a
staff member leaves go together (up to `urgent_calls_per_trip`), each household's pickup timed
at its own door. A share of calls (`urgent_care_share`) are urgent care instead: staff take the
resident to the hospital (dialysis, a pregnancy check), wait, and bring them home.

What a call draws is the calling household's (`Household.draws`): whether it is care, the
staff's minutes at its door, and the trip's speed, set-off, purchase and hospital minutes for
the call a trip is made for, so a household's n-th call takes the same minutes under policies
that do not change it.
"""

from __future__ import annotations

from dataclasses import dataclass

from agents.urgent_desks import UrgentDesks
from sim.core.geography import travel_minutes
from sim.core.statistics import KaplanMeier, StreamingHistogram, rounded

URGENT_WITHIN_MINUTES = 30  # source: staff at the door within half an hour


@dataclass(eq=False)
class UrgentCall:
    """A call waiting for staff; its times are kept by the run's statistics (`number`)."""

    number: int
    household: object
    collected: bool = False  # taken along on a trip for an earlier call of its village


class UrgentNeeds:
    """The calls waiting for staff, and the trips that answer them (medicine or care)."""

    def __init__(self, centre):
        self.centre = centre
        model = centre.model
        self.settings = model.spec.command_centre
        self.medicine, self.pharmacy_kind = model.goods.medicine, model.goods.pharmacy_kind
        self.waiting: dict[str, list[UrgentCall]] = {}  # village -> medicine calls not yet collected
        self.desks = UrgentDesks(centre)

    def request(self, household) -> None:
        model = self.centre.model
        now = model.env.now
        care = household.draws.urgent_care() < self.settings.urgent_care_share
        call = UrgentCall(model.stats.urgent_called(now, care), household)
        if care:
            model.env.process(self._care_trip(call))
        else:
            self.waiting.setdefault(household.village.name, []).append(call)
            model.env.process(self._medicine_trip(call))

    def _to_the_village(self, village, speed: float, draws, desk):
        """Staff leave their desk for the village (`draws`: of the call the trip is for); staff
        posted at the village only set off."""
        model = self.centre.model
        km = model.travel.km_through_closures(desk.place, village.place)
        yield model.env.timeout(draws.staff_dispatch_minutes() + travel_minutes(km, speed))

    def _at_the_door(self, call: UrgentCall):
        env = self.centre.model.env
        yield env.timeout(call.household.draws.door_minutes())
        self.centre.model.stats.urgent_reached(call.number, env.now)

    def _medicine_trip(self, call: UrgentCall):
        """Staff collect the village's waiting calls door to door, buy, and bring each back."""
        centre = self.centre
        model = centre.model
        env = model.env
        travel = model.travel
        village = call.household.village
        desk = self.desks.desk_for(village)
        with desk.staff.request() as staff:
            yield staff
            if call.collected:
                return  # it went with an earlier trip; the staff member is free again
            waiting = self.waiting[village.name]
            trip = waiting[:self.settings.urgent_calls_per_trip]
            del waiting[:len(trip)]
            for taken in trip:
                taken.collected = True
            yield from centre.urgent_staff_hours.until_on_duty(env)
            centre.urgent_staff_busy.add(env.now, 1)
            draws = trip[0].household.draws  # the trip's: the first call's it collects
            speed = draws.staff_speed_km_per_h()
            yield from self._to_the_village(village, speed, draws, desk)
            for taken in trip:
                yield from self._at_the_door(taken)
            pharmacy = self.pharmacy_for(village)
            km = 2 * travel.km_through_closures(pharmacy.place, village.place) if pharmacy else 0.0
            yield env.timeout(travel_minutes(km, speed) + draws.buy_minutes())
            for taken in trip:
                yield env.timeout(taken.household.draws.door_minutes())
                units = pharmacy.take_for_urgent(self.medicine, 1.0) if pharmacy else 0.0
                self._medicine_done(taken, units, pharmacy)
            centre.urgent_staff_busy.add(env.now, -1)

    def _medicine_done(self, call: UrgentCall, units: float, pharmacy) -> None:
        model = self.centre.model
        now = model.env.now
        called, picked_up = model.stats.urgent_done(call.number, now, units)
        call.household.urgent_request_done(units)
        outcome = (f"delivered from {pharmacy.store_id} after {now - called:.0f} min" if units > 0
                   else "no qualified pharmacy had it: the household will call again")
        model.log_event("urgent", call.household.village.name,
                        f"urgent medicine for household {call.household.household_id}: "
                        f"staff at the door after {picked_up - called:.0f} min, {outcome}")

    def pharmacy_for(self, village):
        """The nearest open pharmacy with medicine that store selection would accept
        (licensed, no infection risk, big enough), and not inside a sealed village other than
        the caller's own unless it is the caller's village's emergency pharmacy (it serves the
        village through the gate anyway): staff do not buy where the town would not send an
        order. Staff pass a road closure's barrier, so nearest is by every road."""
        travel = self.centre.model.travel
        usable = [s for s in self.centre.model.stores
                  if s.kind == self.pharmacy_kind and s.qualified and not s.closed
                  and s.stock.get(self.medicine, 0) >= 1
                  and (s.home is village or not s.home.locked or village in s.serves)]
        if not usable:
            return None
        return min(usable, key=lambda s: (travel.km_through_closures(s.place, village.place),
                                          s.store_id))

    def _care_trip(self, call: UrgentCall):
        """Staff fetch the resident, take them to the hospital, wait, and bring them home."""
        centre = self.centre
        model = centre.model
        env = model.env
        village = call.household.village
        desk = self.desks.desk_for(village)
        with desk.staff.request() as staff:
            yield staff
            yield from centre.urgent_staff_hours.until_on_duty(env)
            centre.urgent_staff_busy.add(env.now, 1)
            draws = call.household.draws
            speed = draws.staff_speed_km_per_h()
            yield from self._to_the_village(village, speed, draws, desk)
            yield from self._at_the_door(call)
            km = model.travel.km_through_closures(village.place, centre.hospital)
            yield env.timeout(2 * travel_minutes(km, speed) + draws.hospital_minutes() + draws.door_minutes())
            centre.urgent_staff_busy.add(env.now, -1)
        called, picked_up = model.stats.urgent_care_done(call.number, env.now)
        call.household.urgent_request_done(1.0)  # the visit ends the need; the doctor prescribes
        model.log_event("urgent", village.name,
                        f"urgent care for household {call.household.household_id}: staff at the door "
                        f"after {picked_up - called:.0f} min, home after {env.now - called:.0f} min")

    # --- KPIs ---------------------------------------------------------------------------
    def kpis(self, now: float) -> dict:
        """The urgent calls' KPIs (`sim/core/kpi_registry.py`). Calls still open at the end enter
        as censored (they have waited that long and more), as orders do; a call still waiting
        and younger than URGENT_WITHIN_MINUTES is left out of the share reached in time."""
        st = self.centre.model.stats
        within = URGENT_WITHIN_MINUTES
        reached, not_reached = st.urgent_door_minutes(now)
        pickup = _survival(reached, not_reached)
        with_medicine = [u[2] for u in st.urgent if u[2] is not None]
        delivery = _survival(with_medicine, [now - c for call, (c, _) in st.urgent_open.items()
                                             if call not in st.urgent_care_open])
        care_open = [st.urgent_open[call] for call in st.urgent_care_open]
        care_door = _survival([u[1] for u in st.urgent_care] + [p - c for c, p in care_open if p is not None],
                              [now - c for c, p in care_open if p is None])
        care_home = _survival([u[2] for u in st.urgent_care], [now - c for c, _ in care_open])
        undecided = sum(1 for age in not_reached if age < within)
        decided = st.urgent_requests - undecided
        in_time = sum(1 for minutes in reached if minutes <= within)
        return {
            "urgent_requests": st.urgent_requests,
            "urgent_pickup_minutes_p50": rounded(pickup.quantile(0.5)),
            "urgent_pickup_minutes_p90": rounded(pickup.quantile(0.9)),
            f"urgent_within_{within:g}_minutes_share": rounded(in_time / decided if decided else None, 4),
            "urgent_delivered_minutes_p50": rounded(delivery.quantile(0.5)),
            "urgent_care_trips": len(st.urgent_care) + len(st.urgent_care_open),
            "urgent_care_door_minutes_p50": rounded(care_door.quantile(0.5)),
            "urgent_care_home_minutes_p50": rounded(care_home.quantile(0.5)),
            "urgent_without_medicine": sum(1 for u in st.urgent if u[2] is None),
            "urgent_open_at_end": len(st.urgent_open),
            "urgent_staff_posted_max": self.desks.posted_max,
        }


def _survival(done: list[float], waiting: list[float]) -> KaplanMeier:
    events = StreamingHistogram()
    for minutes in done:
        events.add(minutes)
    return events.survival_with_censored(waiting)
