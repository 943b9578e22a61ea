"""A whitelisted courier: tested daily, removed from the whitelist if exposed."""

from __future__ import annotations

import mesa

IDLE, ON_TRIP, TESTING, REMOVED, ONBOARDING = "idle", "on_trip", "testing", "removed", "onboarding"
COURIER_STATES = (IDLE, ON_TRIP, TESTING, REMOVED, ONBOARDING)


class Courier(mesa.Agent):
    """Carries batches from stores to village gates; only whitelisted couriers ever do."""

    def __init__(self, model, courier_id: int, x_km: float, y_km: float, state: str = IDLE):
        super().__init__(model)
        self.courier_id = courier_id
        self.x_km, self.y_km = x_km, y_km
        self.state = state
        self.test_due = False
        self.quarantine_due = False  # told to isolate while on a trip or at a test
        self.trips = 0
        self.orders_carried = 0

    @property
    def whitelisted(self) -> bool:
        """On the whitelist: signed and tested (not onboarding), and not taken off it."""
        return self.state not in (ONBOARDING, REMOVED)

    def set_state(self, state: str) -> None:
        self.model.delivery_group.state_changed(self, self.state, state)
        self.state = state

    def daily_tests(self):
        """Once a day at a random hour: tested now if idle, else as soon as the trip ends."""
        model = self.model
        env = model.env
        group = model.delivery_group
        low, high = model.spec.couriers.test_hour_range
        for at in model.clock_times(lambda: group.draw_test_hour(low, high), env.now):
            yield env.timeout(at - env.now)
            if self.state == REMOVED:
                return
            if self.state == IDLE:
                group.remove_idle(self)
                env.process(self.take_test())
            elif self.state == ON_TRIP:
                self.test_due = True

    def take_test(self):
        """Off duty for the test; a positive exposure takes the courier off the whitelist."""
        model = self.model
        group = model.delivery_group
        self.test_due = False
        self.set_state(TESTING)
        yield model.env.timeout(group.draw_test_minutes())
        if group.draw_exposure() < model.spec.couriers.exposure_probability_per_day:
            group.off_whitelist(self)
            model.log_event("courier_removed", f"courier {self.courier_id}",
                            f"courier {self.courier_id} exposed: off the whitelist")
            return
        group.courier_free(self)
