"""Routing: which of a village's stores of a kind takes the next order
(`store_selection.routing`), `(village, stores of the kind serving it) -> store or None`.
Only stores that take orders now: open, and today's orders not yet filled. `make_routing`
builds the model's policy (`model.routing`).
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


class RoundRobin:
    """Open stores with room today, in turn: each village's turn is kept here, one object per
    model, so a village agent carries no policy state."""

    def __init__(self):
        self._turns: dict[str, int] = {}  # village name -> orders routed so far, less one

    def __call__(self, village, stores):
        open_stores = [s for s in stores if s.takes_orders]
        if not open_stores:
            return None
        turn = self._turns[village.name] = self._turns.get(village.name, -1) + 1
        return open_stores[turn % len(open_stores)]


ROUTING = {"least_backlog": least_backlog, "nearest": nearest, "round_robin": RoundRobin}


def make_routing(settings):
    """The scenario's routing policy (`store_selection.routing`), built for one model: a
    function, or a fresh object for a policy that keeps state."""
    policy = ROUTING[settings.routing]
    return policy() if isinstance(policy, type) else policy
