"""The delivery group: batches picked orders per store and village, sends whitelisted couriers.

An outbox (store, village) is sent when the dispatch policy says it is ready (`sim/domain/policies/
dispatch.py`; by default when it holds `max_batch_orders` or its oldest order has waited
`max_batch_wait_minutes`). Idle couriers wait in a queue (longest idle first); outboxes
that are ready while no courier is free wait in a queue of their own. No process polls.
A courier takes a batch only on a trip that ends inside its hours and its day's bounds
(`agents/courier_day.py`): the longest idle one that can carry the whole batch, else the one
that can carry most of it (the rest stays ready).
A ready outbox whose store no open road joins to its village is held until a road reopens
(`agents/road_closures.py`).
"""

from __future__ import annotations

from collections import deque

from agents.courier import COURIER, Courier, CourierRoster, courier_draw_specs
from sim.domain.policies import make_dispatch
from sim.engine.callbacks import call_later


class DeliveryGroup:
    def __init__(self, model):
        self.model = model
        self.env = model.env
        self.settings = model.spec.couriers
        self.dispatch_policy = make_dispatch(self.settings)
        self._draw_specs = courier_draw_specs(model.spec)
        self._population_cumulative, total = [], 0
        for village in model.villages.values():
            total += village.population
            self._population_cumulative.append((village, total))
        self._population_total = total
        self.roster = CourierRoster(model.env.now)
        self.couriers: list[Courier] = []
        self.idle: deque[Courier] = deque()
        self.ready: deque[tuple] = deque()
        self.outboxes: dict[tuple, list] = {}
        self._outbox_waiting: set[tuple] = set()
        self._outbox_generation: dict[tuple, int] = {}
        self.held_for_road: dict[tuple, None] = {}  # ready outboxes no open road can take, in order

    # --- couriers -----------------------------------------------------------------------
    def add_courier(self, place, onboarding: bool = False) -> Courier:
        """A courier at `place` on the whitelist (or, with `onboarding`, signing up to it),
        living in a village of the town (drawn by population) or outside it."""
        courier_id = len(self.couriers)  # its whitelist number: its draws' key
        draws = self.model.entity_draws.draws(COURIER, courier_id, self._draw_specs)
        courier = Courier(self.model, self, courier_id, place, draws, onboarding,
                          home=self._draw_home(draws.home))
        self.couriers.append(courier)
        return courier

    def _draw_home(self, uniform):
        if uniform() < self.settings.living_outside_town_share:
            return None
        u = uniform() * self._population_total
        for village, upper in self._population_cumulative:
            if u < upper:
                return village
        return None

    def close_contacts(self, courier: Courier) -> list[Courier]:
        """The courier's shift team (`couriers.contact_team_size` by whitelist number), still
        on the whitelist: who isolates when one of them tests positive."""
        size = self.settings.contact_team_size
        team = courier.courier_id // size
        return [c for c in self.couriers[team * size:(team + 1) * size]
                if c is not courier and c.whitelisted]

    def village_sealed(self, village) -> None:
        """Couriers living in the village are locked in with it (unless they hold passes)."""
        for courier in self.couriers:
            if courier.home is village:
                courier.keep_away()

    def village_released(self, village) -> None:
        for courier in self.couriers:
            if courier.home is village:
                courier.back_to_work()
        self.dispatch()

    def courier_idle(self, courier: Courier, dispatch: bool = True) -> None:
        """`courier` waits for a batch (longest idle first)."""
        self.idle.append(courier)
        if dispatch:
            self.dispatch()

    # --- outboxes -----------------------------------------------------------------------
    def add_to_outbox(self, store, order) -> None:
        key = (store, order.village)
        box = self.outboxes.get(key)
        if box is None:
            box = self.outboxes[key] = []
        box.append(order)
        if key in self._outbox_waiting:  # the batch is ready and waits for a courier
            order.batch_ready_minute = self.env.now
            if key in self.held_for_road:
                self.model.road_closures.orders_held([order])
        if len(box) == 1 or len(box) >= self.dispatch_policy.max_orders:
            self._watch(key, box)
            self.dispatch()

    def _watch(self, key, box: list) -> None:
        """Ready now (full, or its oldest order has waited long enough), else a timer for when
        the oldest will have waited long enough; a newer timer voids older ones."""
        waited = self.env.now - box[0].picked_minute
        policy = self.dispatch_policy
        if policy.ready(len(box), waited):
            self._queue_ready(key)
            return
        generation = self._outbox_generation.get(key, 0) + 1
        self._outbox_generation[key] = generation
        call_later(self.env, policy.wait_left(waited), self._batch_timer, (key, generation))

    def _batch_timer(self, event) -> None:
        key, generation = event.value
        box = self.outboxes.get(key)
        if self._outbox_generation.get(key) == generation and box:
            self._queue_ready(key)  # its wait is up (not re-measured: float rounding)
            self.dispatch()

    def _queue_ready(self, key) -> None:
        """The outbox is ready to go (full, or waited long enough): it waits for a courier."""
        if key not in self._outbox_waiting:
            self._outbox_waiting.add(key)
            self.ready.append(key)
            now = self.env.now
            for order in self.outboxes[key]:
                if order.batch_ready_minute != order.batch_ready_minute:  # NaN: not yet ready
                    order.batch_ready_minute = now

    def dispatch(self) -> None:
        """Ready outboxes go with idle couriers, first come first served: the longest-idle
        courier whose hours take the whole batch (else the one that takes most of it), or
        with couriers tied to stores the same among those that work for the outbox's store or
        for none yet (tied to it from now). An outbox none can take keeps its place."""
        travel = self.model.travel
        tied = self.settings.pool == "store"
        waiting = deque()
        while self.ready and self.idle:
            key = self.ready.popleft()
            box = self.outboxes.get(key)
            if box and travel.roads_closed and not travel.reachable(key[0].place, key[1].place):
                self.held_for_road[key] = None  # still ready: its orders wait for a road
                self.model.road_closures.orders_held(box)
                continue
            if not box:
                self._outbox_waiting.discard(key)
                continue
            courier, n = self._courier_for(key, box, tied)
            if courier is None:
                waiting.append(key)  # no idle courier can take it now
                continue
            self._outbox_waiting.discard(key)
            self.idle.remove(courier)
            if tied:
                courier.works_for = key[0]
            self._send(key, box, courier, n)
        if waiting:
            waiting.extend(self.ready)
            self.ready = waiting

    def _courier_for(self, key, box: list, tied: bool):
        """The courier for outbox `key` and how many of its orders it carries (None, 0: no
        idle courier can take any now). A courier whose day is over leaves the idle queue."""
        store, village = key
        wanted = min(self.settings.max_batch_orders, len(box))
        best, most = None, 0
        for courier in list(self.idle):
            if tied and courier.works_for not in (None, store):
                continue
            n = courier.orders_that_fit(store, village, wanted)
            if n == wanted:
                return courier, n
            if n > most:
                best, most = courier, n
        return best, most

    def _send(self, key, box: list, courier, n: int) -> None:
        batch, rest = box[:n], box[n:]
        self.outboxes[key] = rest
        self._outbox_generation[key] = self._outbox_generation.get(key, 0) + 1  # void its timer
        if rest:
            self._watch(key, rest)
        courier.start_trip(key[0], key[1], batch)

    def roads_changed(self) -> None:
        """A road closed or reopened: held outboxes that an open road now takes are ready
        again, ahead of those that became ready while they waited."""
        travel = self.model.travel
        free = [key for key in self.held_for_road if travel.reachable(key[0].place, key[1].place)]
        for key in reversed(free):
            del self.held_for_road[key]
            self.ready.appendleft(key)
        self.dispatch()

    # --- what a command centre sees -----------------------------------------------------
    def orders_waiting_for_courier(self) -> int:
        return sum(len(box) for box in self.outboxes.values())

    def orders_held_for_road(self) -> int:
        return sum(len(self.outboxes[key]) for key in self.held_for_road)

    def whitelisted(self) -> int:
        return sum(1 for c in self.couriers if c.whitelisted)

    def trips(self) -> int:
        return sum(c.trips for c in self.couriers)

    def kpis(self, now: float) -> dict:
        """The delivery group's KPIs (`sim/core/kpi_registry.py`): the whitelist at the end, couriers
        taken off it, trips, and orders per trip (how full batches are; to 3 places); the most
        couriers locked in at a sealed home at once, those who worked from one on a closed-loop
        pass, and the courier-days that ended at the day's trips or hours on trips."""
        trips = self.trips()
        carried = sum(c.orders_carried for c in self.couriers)
        return {
            "couriers_whitelisted_at_end": self.whitelisted(),
            "couriers_removed": self.roster.counts["removed"],
            "courier_trips": trips,
            "courier_orders_per_trip_mean": round(float(carried / trips), 3) if trips else None,
            "couriers_locked_in_max": self.roster.locked_in_max,
            "couriers_worked_on_closed_loop_pass": sum(c.worked_on_pass for c in self.couriers),
            "courier_days_ended_at_daily_limit": sum(c.day.days_ended_at_limit for c in self.couriers),
        }
