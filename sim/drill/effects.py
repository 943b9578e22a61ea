"""What each inject does to the town, at its minute, in SimPy time.

Every effect returns one line saying what actually changed (a trainer wants to know that the
closed store really had 14 orders waiting, or that only 3 couriers were idle to quarantine).
Randomness comes from a stream named after the inject, so an inject never shifts the draws of
the town's own streams before it happens.
"""

from __future__ import annotations

from agents.courier import AWAY, IDLE, OFF_DUTY, ON_TRIP, TESTING
from agents.disruptions import close_road, demand_surge, supplier_outage
from sim.drill.spec import Inject


def apply_inject(model, inject: Inject, state) -> str:
    """Apply `inject` now; `state` is the drill's live state (order cap, extra orders)."""
    return _EFFECTS[inject.kind](model, inject, state)


def _village_locked(model, inject, state) -> str:
    return model.command_centre.village_sealed(model.villages[inject.target], inject.lockdown_days)


def _village_released(model, inject, state) -> str:
    village = model.villages[inject.target]
    if not village.locked:
        return f"{village.name} was not locked"
    waiting = village.orders_open
    village.release()
    return f"{village.name} released with {waiting} orders still waiting"


def _store_closed(model, inject, state) -> str:
    store = model.stores_by_id[inject.target]
    if store.closed:
        return f"{store.store_id} was already closed"
    waiting = len(store.pickers.queue)
    serving = [v.name for v in store.serves]
    store.close_for(inject.hours, f"staff positive ({inject.id})")
    text = f"{store.store_id} closed, {waiting} waiting orders cancelled, served {serving or 'no village'}"
    if inject.hours is not None:
        text += f"; reopens after {inject.hours:g} h"
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
    text = f"{len(chosen)} couriers quarantined ({at_once} at once, {len(chosen) - at_once} after their trip or test); {idle_left} idle couriers left"
    if len(chosen) < inject.couriers:
        text += f"; only {len(chosen)} of the {inject.couriers} asked for were on the whitelist"
    return text


def _demand_shock(model, inject, state) -> str:
    """A rumour: a share of the village's households place an extra food order over a few hours."""
    village = model.villages[inject.target]
    if not village.locked or not any(village.is_open(k) for k in model.goods.food_kinds):
        return f"rumour in {village.name}, but it has no open food channel: no extra orders"
    rng = model.streams.generator(f"drill.{inject.id}")
    over = (inject.over_hours or 2.0) * 60
    if model.spec.panic.enabled:  # the rumour is one of the triggers of the village's panic
        village.mood.trigger(model.env.now, "a rumour")
    households = demand_surge(model, village, inject.share, over, inject.extra_basket_days or 2.0,
                              rng, state.extra_order)
    return f"{len(households)} of {len(village.households)} households in {village.name} will order extra within {over / 60:g} h"


def _urgent_request(model, inject, state) -> str:
    village = model.villages[inject.target]
    if not village.locked or not village.households:
        return f"{village.name} is not locked: the call goes to the village clinic, not the command centre"
    rng = model.streams.generator(f"drill.{inject.id}")
    chronic = [h for h in village.households if h.chronic] or village.households
    count = inject.requests or 1
    for _ in range(count):
        household = chronic[int(rng.random() * len(chronic))]
        household.urgent_calls += 1
        model.command_centre.urgent_request(household)
    return f"{count} urgent medicine call(s) from {village.name}"


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
