"""The delivery group: batches picked orders per store and village, sends whitelisted couriers.

An outbox (store, village) is sent when it holds `max_batch_orders` or its oldest order has
waited `max_batch_wait_minutes`. Idle couriers wait in a queue (longest idle first); outboxes
that are ready while no courier is free wait in a queue of their own. No process polls.
"""

from __future__ import annotations

from collections import deque

from agents.courier import COURIER_STATES, IDLE, ON_TRIP, ONBOARDING, REMOVED, TESTING, Courier
from sim.distributions import Uniform, sampler
from sim.geography import road_km, travel_minutes
from sim.statistics import TimeWeightedCount
from sim.wakeups import call_later

_UNIT = Uniform(dist="uniform", low=0, high=1)


class DeliveryGroup:
    def __init__(self, model):
        self.model = model
        self.env = model.env
        sc = model.spec.couriers
        self.settings = sc
        gen = model.streams.generator
        self.draw_speed = sampler(sc.speed_km_per_h, gen("couriers.speed"))
        self.draw_load = sampler(sc.load_minutes, gen("couriers.load"))
        self.draw_handover = sampler(sc.handover_minutes_per_order, gen("couriers.handover"))
        self.draw_test_minutes = sampler(sc.daily_test_minutes, gen("couriers.test"))
        self.draw_exposure = sampler(_UNIT, gen("couriers.exposure"))
        self._test_hour = sampler(_UNIT, gen("couriers.test_hour"))
        self.draw_onboarding = sampler(sc.onboarding_minutes, gen("couriers.onboarding"))
        self.couriers: list[Courier] = []
        self.idle: deque[Courier] = deque()
        self.ready: deque[tuple] = deque()
        self.outboxes: dict[tuple, list] = {}
        self._outbox_waiting: set[tuple] = set()
        self._outbox_generation: dict[tuple, int] = {}
        self.counts = {s: 0 for s in COURIER_STATES}
        now = model.env.now
        self.on_trip = TimeWeightedCount(now)
        self.on_duty = TimeWeightedCount(now)
        self.trips = 0

    def draw_test_hour(self, low: float, high: float) -> float:
        return low + (high - low) * self._test_hour()

    # --- couriers -----------------------------------------------------------------------
    def add_courier(self, x_km: float, y_km: float, onboarding: bool = False) -> Courier:
        courier = Courier(self.model, len(self.couriers), x_km, y_km,
                          ONBOARDING if onboarding else IDLE)
        self.couriers.append(courier)
        self.counts[courier.state] += 1
        if not onboarding:
            self.on_duty.add(self.env.now, 1)
            self.idle.append(courier)
            self.env.process(courier.daily_tests())
        return courier

    def onboard(self, courier: Courier):
        """Commitment signed, first test passed: the courier joins the whitelist."""
        yield self.env.timeout(self.draw_onboarding())
        courier.set_state(IDLE)
        self.idle.append(courier)
        self.env.process(courier.daily_tests())
        self._dispatch()

    def state_changed(self, courier: Courier, old: str, new: str) -> None:
        self.counts[old] -= 1
        self.counts[new] += 1
        now = self.env.now
        duty = (IDLE, ON_TRIP)
        if (old in duty) != (new in duty):
            self.on_duty.add(now, 1 if new in duty else -1)
        if (old == ON_TRIP) != (new == ON_TRIP):
            self.on_trip.add(now, 1 if new == ON_TRIP else -1)

    def quarantine(self, courier: Courier) -> bool:
        """Off the whitelist: at once if idle, else as soon as the trip or test is over."""
        if courier.state in (ON_TRIP, TESTING):
            courier.quarantine_due = True
            return False
        if courier.state != IDLE:  # already off the whitelist, or still onboarding
            return False
        self.idle.remove(courier)
        self.off_whitelist(courier)
        return True

    def off_whitelist(self, courier: Courier) -> None:
        """Exposed or quarantined: never dispatched again."""
        courier.quarantine_due = False
        courier.set_state(REMOVED)

    def remove_idle(self, courier: Courier) -> None:
        self.idle.remove(courier)

    def courier_free(self, courier: Courier) -> None:
        if courier.quarantine_due:  # told to isolate during the trip or test now over
            self.off_whitelist(courier)
            return
        if courier.test_due:
            self.env.process(courier.take_test())
            return
        if courier.state != IDLE:
            courier.set_state(IDLE)
        self.idle.append(courier)
        self._dispatch()

    # --- outboxes -----------------------------------------------------------------------
    def add_to_outbox(self, store, order) -> None:
        key = (store, order.village)
        box = self.outboxes.get(key)
        if box is None:
            box = self.outboxes[key] = []
        box.append(order)
        if len(box) == 1 or len(box) >= self.settings.max_batch_orders:
            self._watch(key, box)
            self._dispatch()

    def _watch(self, key, box: list) -> None:
        """Ready now (full, or its oldest order has waited long enough), else a timer for when
        the oldest will have waited long enough; a newer timer voids older ones."""
        waited = self.env.now - box[0].picked_minute
        settings = self.settings
        if len(box) >= settings.max_batch_orders or waited >= settings.max_batch_wait_minutes:
            self._queue_ready(key)
            return
        generation = self._outbox_generation.get(key, 0) + 1
        self._outbox_generation[key] = generation
        call_later(self.env, settings.max_batch_wait_minutes - waited, self._batch_timer,
                   (key, generation))

    def _batch_timer(self, event) -> None:
        key, generation = event.value
        box = self.outboxes.get(key)
        if self._outbox_generation.get(key) == generation and box:
            self._queue_ready(key)  # its wait is up (not re-measured: float rounding)
            self._dispatch()

    def _queue_ready(self, key) -> None:
        if key not in self._outbox_waiting:
            self._outbox_waiting.add(key)
            self.ready.append(key)

    def _dispatch(self) -> None:
        while self.ready and self.idle:
            key = self.ready.popleft()
            self._outbox_waiting.discard(key)
            box = self.outboxes.get(key)
            if not box:
                continue
            n = self.settings.max_batch_orders
            batch, rest = box[:n], box[n:]
            self.outboxes[key] = rest
            self._outbox_generation[key] = self._outbox_generation.get(key, 0) + 1  # void its timer
            if rest:
                self._watch(key, rest)
            courier = self.idle.popleft()
            self._trip(courier, key[0], key[1], batch)

    def _trip(self, courier: Courier, store, village, batch: list) -> None:
        """To the store, load, to the gate, hand each order over to the volunteers: one
        timeout with a callback (a process would add a start and an end event to every trip)."""
        now = self.env.now
        courier.set_state(ON_TRIP)
        courier_id = courier.courier_id
        for order in batch:
            order.dispatched_minute = now
            order.courier_id = courier_id
        km = (road_km(courier.x_km, courier.y_km, store.x_km, store.y_km)
              + road_km(store.x_km, store.y_km, village.x_km, village.y_km) * village.road_detour_factor)
        handover = self.draw_handover
        minutes = (travel_minutes(km, self.draw_speed()) + self.draw_load()
                   + sum([handover() for _ in batch]))
        call_later(self.env, minutes, self._handed_over, (courier, village, batch))

    def _handed_over(self, event) -> None:
        courier, village, batch = event.value
        village.gate.hand_over(batch)
        courier.x_km, courier.y_km = village.x_km, village.y_km
        courier.trips += 1
        courier.orders_carried += len(batch)
        self.trips += 1
        self.courier_free(courier)

    # --- what a command centre sees -----------------------------------------------------
    def orders_waiting_for_courier(self) -> int:
        return sum(len(box) for box in self.outboxes.values())

    def whitelisted(self) -> int:
        return sum(1 for c in self.couriers if c.whitelisted)
