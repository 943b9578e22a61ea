"""Store selection: which stores the command centre assigns to a locked village from the
ledger (`store_selection.policy`). Each policy ranks the qualified stores,
`(model, village, kind, known store ids) -> stores`; a store's load (its planned orders a day
against its daily limit, its backlog) weighs in after the policy's order.
"""

from __future__ import annotations


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


def coverage_first(model, village, kind, known):
    """Stores within `store_selection.coverage_radius_km` that serve no village yet first,
    nearest first: each locked village gets a store of its own before one is shared (the
    nearest policy lets a hub between two villages take both); then the nearest others."""
    radius = model.spec.store_selection.coverage_radius_km

    def key(store):
        outside = store.distance_km_to(village) > radius
        shared = bool(store.serves or store.confirming) and village not in store.serves
        return (outside, shared and not outside, round(store.distance_km_to(village), 3),
                -store.floor_m2, store.store_id)

    return sorted(_qualified(model, village, kind, known), key=key)


STORE_SELECTION = {"nearest_qualified": nearest_qualified, "largest_qualified": largest_qualified,
                   "coverage_first": coverage_first}


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
