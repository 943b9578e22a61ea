"""Courier dispatch: when a store's outbox for a village is ready to go with a courier
(`couriers.dispatch`). Every policy answers the same two questions, so the delivery group
asks them without knowing which policy it has.
"""

from __future__ import annotations


class Batching:
    """Send a batch when it holds `max_batch_orders` or its oldest order has waited
    `max_batch_wait_minutes` (fuller trips, longer waits)."""

    def __init__(self, settings):
        self.max_orders = settings.max_batch_orders
        self.max_wait_minutes = settings.max_batch_wait_minutes

    def ready(self, orders: int, waited_minutes: float) -> bool:
        return orders >= self.max_orders or waited_minutes >= self.max_wait_minutes

    def wait_left(self, waited_minutes: float) -> float:
        """Minutes until the oldest order has waited long enough."""
        return self.max_wait_minutes - waited_minutes


class SendAtOnce(Batching):
    """A picked order goes with the next idle courier, together with whatever else waits in
    the same outbox (up to `max_batch_orders`): no order waits for a batch to fill."""

    def __init__(self, settings):
        super().__init__(settings)
        self.max_wait_minutes = 0.0


DISPATCH = {"batch": Batching, "send_at_once": SendAtOnce}


def make_dispatch(settings):
    """The scenario's dispatch policy, built for one model."""
    return DISPATCH[settings.dispatch](settings)
