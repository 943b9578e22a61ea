"""Store restocking: when a serving store orders and how much (`restocking.policy`), and where
it buys first (`restocking.source`). Every policy answers the same two questions, asked by
the command centre: what to order at night, and what to order when the supply group's round
finds a shelf low.
"""

from __future__ import annotations


class OvernightEstimate:
    """Each night, tomorrow's demand estimated from the locked population served (the hub
    owner's rule in the source); by day, a shelf under `emergency_below_share` is topped up."""

    def __init__(self, settings):
        self.emergency_below_share = settings.emergency_below_share

    def overnight_wants(self, store) -> dict[str, float]:
        return store.overnight_order()

    def low_stock_wants(self, store) -> dict[str, float]:
        share = self.emergency_below_share
        return {c: store.room_for(c) for c in store.categories
                if c not in store.pending_restock and store.stock[c] < share * store.shelf_capacity[c]}


class ReorderPointOrderUpTo:
    """(s, S): whenever a category's stock and what is on the way fall below
    `reorder_point_share` of the shelf, order up to `order_up_to_share` of it; no estimate at
    night (a textbook continuous-review rule, checked on each round)."""

    def __init__(self, settings):
        self.reorder_point = settings.reorder_point_share
        self.order_up_to = settings.order_up_to_share

    def overnight_wants(self, store) -> dict[str, float]:
        return {}

    def low_stock_wants(self, store) -> dict[str, float]:
        wants = {}
        on_the_way = store.model.shipments.on_the_way
        for c in store.categories:
            cap = store.shelf_capacity[c]
            position = store.stock[c] + on_the_way(store, c)
            if position < self.reorder_point * cap:
                want = min(self.order_up_to * cap - position, store.room_for(c))
                if want > 0:
                    wants[c] = want
        return wants


RESTOCKING = {"overnight_estimate": OvernightEstimate, "s_S": ReorderPointOrderUpTo}


def make_restocking(settings):
    """The scenario's restocking policy, built for one model."""
    return RESTOCKING[settings.policy](settings)
