"""The command centre's options at a decision point, each a small change to the town.

Each action returns an `ActionOutcome`: one line saying what it did, including when it could
do nothing (no reserve store left, no depot stock) or acted on a store that serves no one; the
table and the after-action report show those lines and judge the decision by them.
"""

from __future__ import annotations

from dataclasses import dataclass

from agents.store import back_rooms_open
from agents.supplier import procure
from sim.apps.drill.option_checks import depot_limit, supplier_limit
from sim.apps.drill.spec import Option
from sim.apps.drill.targets import idle_store_note, resolve_store, serves_no_one
from sim.core.phrase import Phrase, Phrases


class DrillState:
    """What the drill adds to the town while it runs: the order cap and the rumour's orders."""

    def __init__(self):
        self.extra_orders_placed = 0
        self.extra_orders_refused = 0

    def extra_order(self, household, days: float) -> None:
        """An extra food order from a worried household, unless the platform's cap (which
        counts all of a household's food orders today) refuses it."""
        outcome = household.extra_food_order(days)
        if outcome == "placed":
            self.extra_orders_placed += 1
        elif outcome == "capped":
            self.extra_orders_refused += 1


@dataclass
class ActionOutcome:
    """What a decision did: the line the table and the report show, whether it changed the
    town, the store it acted on (when it acts on one) and, for whitelisting, how many couriers
    there were before (the new ones come after them)."""

    text: str
    acted: bool
    target: str | None = None
    target_serves_no_one: bool = False
    couriers_before: int | None = None


def apply_action(model, option: Option, state: DrillState) -> ActionOutcome:
    """Carry out a decision."""
    if option.action == "none":
        return ActionOutcome(Phrase("no action"), False)
    with back_rooms_open(model.stores):  # what the table buys a store may go to its back room
        return _ACTIONS[option.action](model, option, state)


def _not_done(text: Phrase) -> ActionOutcome:
    return ActionOutcome(Phrase("NOT DONE: {what}", what=text), False)


def _done_to_store(text: Phrase, store) -> ActionOutcome:
    """A store action's outcome; it warns when the store serves no locked village."""
    if serves_no_one(store):
        return ActionOutcome(Phrase("{done}; WARNING: {note}", done=text, note=idle_store_note(store)),
                             True, store.store_id, True)
    return ActionOutcome(text, True, store.store_id)


def _activate_reserve_store(model, option, state) -> ActionOutcome:
    village = model.villages[option.village]
    if not village.locked:
        return _not_done(Phrase("{village} is not locked: no store to activate", village=village.name))
    before = model.stats.reserve_stores_activated
    done = model.command_centre.expand(village, option.store_kind, "decision at the table")
    if not done or model.stats.reserve_stores_activated == before:
        return _not_done(Phrase("no reserve {kind} available for {village} (or one was just added)",
                               kind=option.store_kind, village=village.name))
    return ActionOutcome(Phrase("reserve {kind} activated for {village}", kind=option.store_kind,
                                village=village.name), True)


def _whitelist_couriers(model, option, state) -> ActionOutcome:
    before = len(model.delivery_group.couriers)
    model.command_centre.whitelist_more_couriers(option.couriers)
    return ActionOutcome(Phrase("{couriers} more couriers onboarding (commitment and first test before "
                                "their first trip)", couriers=option.couriers), True, couriers_before=before)


def _release_depot_stock(model, option, state) -> ActionOutcome:
    store = resolve_store(model, option.store)
    if store is None:
        return _not_done(Phrase("no store is {store} now", store=str(option.store)))
    limit = depot_limit(model, store, option.category, option.units)
    got = model.depot.release(store, option.category, option.units) if model.depot.exists else 0.0
    if got > 0:
        store.pending_restock.add(option.category)
        model.log_event("restock", store.store_id,
                        f"depot releases {got:,.0f} {option.category} to {store.store_id} (decision)")
        return _done_to_store(_partly(Phrase("depot releases {got:,.0f} of {units:,.0f} {category} to {store}",
                                             got=got, units=option.units, category=option.category,
                                             store=store.store_id), got, option.units, limit), store)
    if store.room_for(option.category) <= 0:
        return _not_done(_no_room(store, option.category))
    return _not_done(Phrase("depot has no {category} to release", category=option.category))


def _partly(done: Phrase, got: float, asked: float, limit: Phrase | None) -> Phrase:
    """A shipment or release smaller than asked says what held it back."""
    if got >= asked - 1e-9 or limit is None:
        return done
    return Phrase("{done} (only part: {limit})", done=done, limit=limit)


def _no_room(store, category: str) -> Phrase:
    return Phrase("{store} has no room for more {category} (shelves and back room full, or goods on the way)",
                  store=store.store_id, category=category)


def _cap_orders(model, option, state) -> ActionOutcome:
    model.platform.food_order_cap_per_day = option.orders_per_household_day
    return ActionOutcome(Phrase("platform caps food orders at {orders} per household per day",
                                orders=option.orders_per_household_day), True)


def _move_volunteers(model, option, state) -> ActionOutcome:
    source = model.villages[option.from_village].gate
    dest = model.villages[option.to_village].gate
    moved = min(option.volunteers, max(0, source.volunteers - 1))
    if moved == 0:
        return _not_done(Phrase("{village} has no volunteer to spare", village=option.from_village))
    source.set_volunteers(source.volunteers - moved)
    dest.set_volunteers(dest.volunteers + moved)
    return ActionOutcome(Phrase("{moved} volunteers moved from the {source} gate ({left} left) "
                                "to the {dest} gate ({now} now)", moved=moved, source=option.from_village,
                                left=source.volunteers, dest=option.to_village, now=dest.volunteers), True)


def _order_from_supplier(model, option, state) -> ActionOutcome:
    store = resolve_store(model, option.store)
    if store is None:
        return _not_done(Phrase("no store is {store} now", store=str(option.store)))
    supplier = model.suppliers_by_name[option.supplier]
    limit = supplier_limit(model, supplier, store, option.category, option.units)
    sent = supplier.ship(store, {option.category: option.units}).get(option.category, 0.0)
    if sent > 0:
        store.pending_restock.add(option.category)
        model.log_event("restock", store.store_id,
                        f"{store.store_id} orders {sent:,.0f} {option.category} from {supplier.name} (decision)")
        return _done_to_store(_partly(Phrase("{supplier} ships {sent:,.0f} of {units:,.0f} {category} to {store}",
                                             supplier=supplier.name, sent=sent, units=option.units,
                                             category=option.category, store=store.store_id),
                                      sent, option.units, limit), store)
    if store.room_for(option.category) <= 0:
        return _not_done(_no_room(store, option.category))
    fallback = procure(model, store, {option.category: option.units}, "decision: supplier could not ship")
    if fallback:
        bought = Phrases([Phrase("{units:,.0f} {category}", units=units, category=category)
                          for category, units in fallback.items()], ", ")
        return _done_to_store(Phrase("{supplier} could not ship; bought elsewhere: {fallback}",
                                     supplier=supplier.name, fallback=bought), store)
    return _not_done(Phrase("{supplier} could not ship {category} (outage or capacity) and nobody else could",
                            supplier=supplier.name, category=option.category))


_ACTIONS = {
    "activate_reserve_store": _activate_reserve_store,
    "whitelist_couriers": _whitelist_couriers, "release_depot_stock": _release_depot_stock,
    "cap_orders": _cap_orders, "move_volunteers": _move_volunteers,
    "order_from_supplier": _order_from_supplier,
}
