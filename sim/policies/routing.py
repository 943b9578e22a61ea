"""Routing: which of a village's stores of a kind takes the next order
(`store_selection.routing`), `(village, stores of the kind serving it) -> store or None`.
Only stores that take orders now: open, and today's orders not yet filled.
"""

from __future__ import annotations

import math


def least_backlog(village, stores):
    """The open store with room today with the fewest orders per picker waiting or being picked."""
    best, best_load = None, math.inf
    for store in stores:
        if not store.takes_orders:
            continue
        team = store.pickers  # per picker available, on duty now or not (a night's queue counts)
        crew = store.pickers_available
        load = (len(team.queue) + team.busy) / crew if crew else math.inf
        if load < best_load:
            best, best_load = store, load
    return best


def nearest(village, stores):
    """The closest open store with room today."""
    open_stores = [s for s in stores if s.takes_orders]
    return min(open_stores, key=lambda s: s.distance_km_to(village)) if open_stores else None


def round_robin(village, stores):
    """Open stores with room today, in turn."""
    open_stores = [s for s in stores if s.takes_orders]
    if not open_stores:
        return None
    village.routing_turn = getattr(village, "routing_turn", -1) + 1
    return open_stores[village.routing_turn % len(open_stores)]


ROUTING = {"least_backlog": least_backlog, "nearest": nearest, "round_robin": round_robin}
