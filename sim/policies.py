"""Swappable policies, chosen by name in the scenario.

Store selection: which stores the command centre assigns to a locked village from the ledger;
a store's load (its planned orders a day against its daily limit, its backlog) weighs in after
the policy's order.
Routing: which of a village's stores of a kind takes the next order.
Every policy of a family has the same signature, so a planner compares them by changing one line.
"""

from __future__ import annotations

import math


def _qualified(model, village, kind: str, known: set[str]):
    """Qualified stores of `kind` on the ledger, open, with pickers, and able to serve
    `village` (a store inside a sealed village serves only that village)."""
    return [s for s in model.stores
            if s.kind == kind and s.qualified and not s.closed and s.store_id in known
            and s.pickers_available > 0 and (not s.home.locked or s.home is village
                                             or model.spec.store_staff.sealed_in_stores_serve_outside)]


def nearest_qualified(model, village, kind, known):
    """Closest qualified stores first; larger floor area breaks ties."""
    return sorted(_qualified(model, village, kind, known),
                  key=lambda s: (round(s.distance_km_to(village), 3), -s.floor_m2, s.store_id))


def largest_qualified(model, village, kind, known):
    """Largest qualified stores within the survey radius first, then the nearest others."""
    radius = model.spec.command_centre.survey_radius_km
    return sorted(_qualified(model, village, kind, known),
                  key=lambda s: (s.distance_km_to(village) > radius, -s.floor_m2,
                                 round(s.distance_km_to(village), 3), s.store_id))


STORE_SELECTION = {"nearest_qualified": nearest_qualified, "largest_qualified": largest_qualified}


def select_stores(model, village, kind: str, known: set[str], count: int | None,
                  adding_capacity: bool = False):
    """The first `count` stores by the scenario's policy, weighed by their load (all of them
    when count is None). `adding_capacity`: an expansion, which must add capacity."""
    ranked = STORE_SELECTION[model.spec.store_selection.policy](model, village, kind, known)
    ranked = for_expansion(ranked, village) if adding_capacity else for_set_up(ranked, village)
    return ranked if count is None else ranked[:count]


def for_set_up(ranked, village):
    """Stores with room for the village first, in the policy's order: not saturated, and
    their planned orders with this village within their daily limit (so the hub takes a
    second village, as in the source, but not a tenth); then the others, least loaded first,
    since a locked village needs its channels even when every store is busy."""
    fits = [s for s in ranked if not s.saturated() and s.planned_load(village) <= 1.0]
    rest = [s for s in ranked if s not in fits]
    return fits + sorted(rest, key=lambda s: s.planned_load(village))


def for_expansion(ranked, village):
    """A reserve store adds capacity: stores serving no village first, then stores with room
    for the village (as in set-up), each in the policy's order; never a saturated store nor
    one whose planned orders would pass its daily limit."""
    idle = [s for s in ranked if not s.serves and not s.confirming]
    spare = [s for s in ranked if s not in idle and not s.saturated() and s.planned_load(village) <= 1.0]
    return idle + spare


# --- routing: (village, stores of the kind serving it) -> store or None ----------------------
# Only stores that take orders now: open, and today's orders not yet filled.
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
