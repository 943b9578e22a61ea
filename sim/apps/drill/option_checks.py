"""Whether an option can act now, and why a shipment was smaller than asked, read from the
live model without changing it.

A decision whose every option is blocked (the model's own command centre activated the reserve
an hour before, the depot is empty) is no fault of the table: the report says so and gives the
finding to whoever writes the drill. `rehearse drill --check` asks the same of every option at
its decision point.
"""

from __future__ import annotations

import math

from agents.store import back_rooms_open
from sim.apps.drill.targets import resolve_store, role_phrase
from sim.core.phrase import Phrase
from sim.domain.policies import select_stores


def why_not(model, option) -> Phrase | None:
    """Why `option` cannot act at this minute (None when it can, or for `none`)."""
    check = _CHECKS.get(option.action)
    if check is None:
        return None
    with back_rooms_open(model.stores):  # as the action will (`actions.apply_action`)
        return check(model, option)


def blocked_options(model, inject) -> dict[str, Phrase]:
    """Option key -> why it cannot act now, for each acting option of `inject` that cannot."""
    blocked = {}
    for option in inject.options:
        if option.action != "none":
            reason = why_not(model, option)
            if reason is not None:
                blocked[option.key] = reason
    return blocked


def every_action_blocked(inject, blocked: dict) -> bool:
    """Whether no acting option of `inject` could act (and it has at least one)."""
    acting = [o.key for o in inject.options if o.action != "none"]
    return bool(acting) and all(key in blocked for key in acting)


def _reserve(model, option) -> Phrase | None:
    village = model.villages[option.village]
    if not village.locked:
        return Phrase("{village} is not locked", village=village.name)
    centre = model.command_centre
    last = centre._last_expansion.get((village.name, option.store_kind))
    cooldown = centre.settings.expansion_cooldown_minutes
    if last is not None and model.env.now - last < cooldown:
        return Phrase("the command centre tried a reserve {kind} for {village} {minutes:.0f} min ago (on its "
                      "own monitoring); the next one only after {cooldown:g} min", kind=option.store_kind,
                      village=village.name, minutes=model.env.now - last, cooldown=cooldown)
    serving = village.stores_by_kind.get(option.store_kind, ())
    reserves = [s for s in select_stores(model, village, option.store_kind, centre.surveyed, count=None,
                                         adding_capacity=True)
                if s not in serving and village not in s.confirming]
    if not reserves:
        return Phrase("the ledger has no {kind} left with room for {village}", kind=option.store_kind,
                      village=village.name)
    return None


def _store_goods(model, option) -> Phrase | None:
    store = resolve_store(model, option.store)
    if store is None:
        return Phrase("no store is {store} now", store=role_phrase(option.store))
    if store.room_for(option.category) <= 0:
        return Phrase("{store} has no room for more {category}", store=store.store_id, category=option.category)
    if option.action == "release_depot_stock":
        if not model.depot.exists or model.depot.stock.get(option.category, 0.0) <= 0:
            return Phrase("the depot has no {category}", category=option.category)
        return None
    supplier = model.suppliers_by_name[option.supplier]
    if supplier.capacity_share(model.env.now) <= 0:
        return Phrase("{supplier} ships nothing now (outage)", supplier=supplier.name)
    return None


def _volunteers(model, option) -> Phrase | None:
    if model.villages[option.from_village].gate.volunteers <= 1:
        return Phrase("{village} has no volunteer to spare", village=option.from_village)
    return None


_CHECKS = {"activate_reserve_store": _reserve, "release_depot_stock": _store_goods,
           "order_from_supplier": _store_goods, "move_volunteers": _volunteers}


def supplier_limit(model, supplier, store, category: str, asked: float) -> Phrase | None:
    """What held a supplier's shipment of `asked` units to `store` below it, read before it
    ships: its capacity left that day (or its outage), the store's room, or the trucks left."""
    now = model.env.now
    day = model.clock.day_index(supplier.departure_minute(now))
    share = supplier.capacity_share(now)
    available = supplier.available(category, day)
    cap = supplier.daily_capacity.get(category)
    if share < 1 and cap is not None:
        available = min(available, share * cap)
    limits = [(available, Phrase("{supplier} had {units:,.0f} left that day", supplier=supplier.name,
                                 units=available)),
              (store.room_for(category), _room(store, category)),
              (supplier.trucks_left(day) * supplier.truck_load_kg,
               Phrase("{supplier}'s trucks left that day carry {units:,.0f}", supplier=supplier.name,
                      units=supplier.trucks_left(day) * supplier.truck_load_kg))]
    return _binding(limits, asked)


def depot_limit(model, store, category: str, asked: float) -> Phrase | None:
    """What held a depot release below `asked`: the depot's stock or the store's room."""
    have = model.depot.stock.get(category, 0.0) if model.depot.exists else 0.0
    return _binding([(have, Phrase("the depot held {units:,.0f} {category}", units=have, category=category)),
                     (store.room_for(category), _room(store, category))], asked)


def _room(store, category: str) -> Phrase:
    return Phrase("{store}'s shelves and back room had room for {units:,.0f} {category} "
                  "(floor area, counting goods on the way)",
                  store=store.store_id, units=store.room_for(category), category=category)


def _binding(limits, asked: float) -> Phrase | None:
    finite = [(units, why) for units, why in limits if not math.isinf(units)]
    if not finite:
        return None
    units, why = min(finite, key=lambda limit: limit[0])
    return why if units < asked else None
