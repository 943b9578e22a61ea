"""What each inject does to the town, at its minute, in SimPy time.

Every effect returns one line saying what actually changed (a trainer wants to know that the
closed store really had 14 orders waiting, or that only 3 couriers were idle to quarantine).
Randomness comes from a stream named after the inject, so an inject never shifts the draws of
the town's own streams before it happens.
"""

from __future__ import annotations

from agents.courier import AWAY, IDLE, OFF_DUTY, ON_TRIP, TESTING
from agents.disruptions import close_road, demand_surge, supplier_outage
from agents.panic import rumour
from sim.apps.drill.spec import Inject
from sim.core.phrase import Phrase, Phrases


def apply_inject(model, inject: Inject, state) -> str:
    """Apply `inject` now; `state` is the drill's live state (order cap, extra orders)."""
    return _EFFECTS[inject.kind](model, inject, state)


def _village_locked(model, inject, state) -> str:
    return model.command_centre.village_sealed(model.villages[inject.target], inject.lockdown_days)


def _village_released(model, inject, state) -> str:
    village = model.villages[inject.target]
    if not village.locked:
        return Phrase("{village} was not locked", village=village.name)
    waiting = village.orders_open
    village.release()
    return Phrase("{village} released with {waiting} orders still waiting", village=village.name, waiting=waiting)


def _store_closed(model, inject, state) -> str:
    store = model.stores_by_id[inject.target]
    if store.closed:
        return Phrase("{store} was already closed", store=store.store_id)
    waiting = len(store.pickers.queue)
    serving = [v.name for v in store.serves]
    store.close_for(inject.hours, f"staff positive ({inject.id})")
    served = Phrases([v for v in serving], ", ") if serving else Phrase("no village")
    text = Phrase("{store} closed, {waiting} waiting orders cancelled, served {served}", store=store.store_id,
                  waiting=waiting, served=served)
    if inject.hours is not None:
        text = Phrases([text, Phrase("reopens after {hours:g} h", hours=inject.hours)])
    return text


def _supplier_outage(model, inject, state) -> str:
    return supplier_outage(model, model.suppliers_by_name[inject.target], inject.hours, 0.0, inject.id)


def _courier_quarantine(model, inject, state) -> str:
    """Couriers leave the whitelist: idle ones at once (longest idle first), then those off duty
    or kept away (at once), then those on a trip or at their test (as soon as it is over)."""
    group = model.delivery_group
    resting = [c for c in group.couriers if c.state in (OFF_DUTY, *AWAY)]
    busy = [c for c in group.couriers if c.state in (ON_TRIP, TESTING)]
    chosen = list(group.idle) + resting + busy
    chosen = chosen[:inject.couriers]
    at_once = sum(1 for courier in chosen if courier.quarantine())
    idle_left = sum(1 for c in group.couriers if c.state == IDLE)
    parts = [Phrase("{chosen} couriers quarantined ({at_once} at once, {later} after their trip or test)",
                    chosen=len(chosen), at_once=at_once, later=len(chosen) - at_once),
             Phrase("{idle} idle couriers left", idle=idle_left)]
    if len(chosen) < inject.couriers:
        parts.append(Phrase("only {chosen} of the {asked} asked for were on the whitelist", chosen=len(chosen),
                            asked=inject.couriers))
    return Phrases(parts)


def _demand_shock(model, inject, state) -> str:
    """A rumour: a share of the village's households place an extra food order over a few hours."""
    village = model.villages[inject.target]
    if not village.locked or not any(village.is_open(k) for k in model.goods.food_kinds):
        return Phrase("rumour in {village}, but it has no open food channel: no extra orders", village=village.name)
    rng = model.streams.generator(f"drill.{inject.id}")
    over = (inject.over_hours or 2.0) * 60
    rumour(village, model.env.now)  # every household hears it; with panic on, each panics
    households = demand_surge(model, village, inject.share, over, inject.extra_basket_days or 2.0,
                              rng, state.extra_order)
    return Phrase("{chosen} of {households} households in {village} will order extra within {hours:g} h",
                  chosen=len(households), households=len(village.households), village=village.name, hours=over / 60)


def _urgent_request(model, inject, state) -> str:
    village = model.villages[inject.target]
    if not village.locked or not village.households:
        return Phrase("{village} is not locked: the call goes to the village clinic, not the command centre",
                      village=village.name)
    rng = model.streams.generator(f"drill.{inject.id}")
    chronic = [h for h in village.households if h.chronic] or village.households
    count = inject.requests or 1
    for _ in range(count):
        household = chronic[int(rng.random() * len(chronic))]
        household.urgent_calls += 1
        model.command_centre.urgent_request(household)
    return Phrase("{count} urgent medicine call(s) from {village}", count=count, village=village.name)


def _road_closed(model, inject, state) -> str:
    """With a road network: the named roads (else every road of the village) close for the
    hours; without one: the last leg to the village is `detour_factor` times as long."""
    roads = [tuple(edge) for edge in inject.edges] if inject.edges else None
    return close_road(model, model.villages[inject.target], roads, inject.hours,
                      inject.detour_factor, inject.id)


_EFFECTS = {
    "village_locked": _village_locked, "village_released": _village_released,
    "store_closed": _store_closed, "supplier_outage": _supplier_outage,
    "courier_quarantine": _courier_quarantine, "demand_shock": _demand_shock,
    "urgent_request": _urgent_request, "road_closed": _road_closed,
}
