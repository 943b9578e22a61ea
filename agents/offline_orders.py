"""Orders of households that cannot order online: by phone to the store, or through the
village's volunteers.

In 2022 about 43% of Chinese people over 60 were online and about half of those could shop
online; the rest phoned a store, whose line was busy, or told a volunteer, who went round for
orders at set hours and typed them in. Both are slower than the app, and the volunteer route
takes the gate team's time. With the command centre's register of vulnerable households,
volunteers check on every such household on their rounds and order before it runs low.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.volunteer import ORDER_TAKING
from sim.core.units import MINUTES_PER_DAY
from sim.domain.orders import FOOD, REFILL
from sim.engine.callbacks import call_later

if TYPE_CHECKING:
    from agents.household import Household

PHONE = "phone"
VOLUNTEER = "volunteer"


class OfflineOrders:
    """Relays orders of households without the app to the platform, after the phone call or the
    volunteer's round (the minutes of each are the household's draws); what the platform
    refuses then is tried again tomorrow."""

    def __init__(self, model):
        self.model = model
        self.collection_hours = sorted(model.spec.households.volunteer_collection_hours)

    def relay(self, household: Household, kind: str, requested: dict[str, float], purpose: str,
              days: float, units_needed: float) -> None:
        """Start the household's order on its way to the platform."""
        village = household.village
        env = self.model.env
        epoch, asked = village.lock_epoch, env.now

        def send() -> None:
            self._place(household, kind, requested, purpose, days, units_needed, epoch, asked)

        if household.channel == PHONE:
            call_later(env, household.draws.phone_minutes(), lambda _e: send())
            return
        # a volunteer takes the order on the next round, then types it in
        wait = self.next_collection_minute(env.now) - env.now
        taking = household.draws.order_taking_minutes
        call_later(env, wait, lambda _e: village.gate.submit_work(ORDER_TAKING, taking(), send))

    def next_collection_minute(self, now: float) -> float:
        """The next time volunteers go round for orders (now, if a round starts now)."""
        clock = self.model.clock
        midnight = clock.midnight_before(now)
        for day in (0, 1):
            for hour in self.collection_hours:
                t = midnight + day * MINUTES_PER_DAY + hour * 60
                if t >= now:
                    return t
        return midnight + 2 * MINUTES_PER_DAY + self.collection_hours[0] * 60

    def _place(self, household: Household, kind: str, requested, purpose, days, units_needed,
               epoch: int, asked_minute: float) -> None:
        village = household.village
        if not village.in_lockdown(epoch):
            household.offline_order_dropped(purpose)
            return
        order = self.model.platform.place(household, kind, requested, purpose, days, units_needed,
                                          channel=household.channel, asked_minute=asked_minute)
        if order is None and purpose in (FOOD, REFILL):  # "today's orders are filled"
            household.offline_order_refused(purpose, requested, units_needed)
