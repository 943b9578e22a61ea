"""The command centre's options at a decision point, each a small change to the town.

Each action returns an `ActionOutcome`: one line saying what it did, including when it could
do nothing (no reserve store left, no depot stock) or acted on a store that serves no one; the
table and the after-action report show those lines and judge the decision by them.
"""

from __future__ import annotations

from dataclasses import dataclass

from agents.supplier import procure
from sim.drill.spec import Option
from sim.drill.targets import idle_store_note, resolve_store, serves_no_one


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
        return ActionOutcome("no action", False)
    return _ACTIONS[option.action](model, option, state)


def _not_done(text: str) -> ActionOutcome:
    return ActionOutcome(f"NOT DONE: {text}", False)


def _done_to_store(text: str, store) -> ActionOutcome:
    """A store action's outcome; it warns when the store serves no locked village."""
    if serves_no_one(store):
        return ActionOutcome(f"{text}; WARNING: {idle_store_note(store)}", True, store.store_id, True)
    return ActionOutcome(text, True, store.store_id)


def _activate_reserve_store(model, option, state) -> ActionOutcome:
    village = model.villages[option.village]
    if not village.locked:
        return _not_done(f"{village.name} is not locked: no store to activate")
    before = model.stats.reserve_stores_activated
    done = model.command_centre.expand(village, option.store_kind, "decision at the table")
    if not done or model.stats.reserve_stores_activated == before:
        return _not_done(f"no reserve {option.store_kind} available for {village.name} (or one was just added)")
    return ActionOutcome(f"reserve {option.store_kind} activated for {village.name}", True)


def _whitelist_couriers(model, option, state) -> ActionOutcome:
    before = len(model.delivery_group.couriers)
    model.command_centre.whitelist_more_couriers(option.couriers)
    return ActionOutcome(f"{option.couriers} more couriers onboarding (commitment and first test before "
                         f"their first trip)", True, couriers_before=before)


def _release_depot_stock(model, option, state) -> ActionOutcome:
    store = resolve_store(model, option.store)
    if store is None:
        return _not_done(f"no store is {option.store} now")
    got = model.depot.release(store, option.category, option.units) if model.depot.exists else 0.0
    if got > 0:
        store.pending_restock.add(option.category)
        model.log_event("restock", store.store_id,
                        f"depot releases {got:,.0f} {option.category} to {store.store_id} (decision)")
        return _done_to_store(f"depot releases {got:,.0f} of {option.units:,.0f} {option.category} "
                              f"to {store.store_id}", store)
    if store.room_for(option.category) <= 0:
        return _not_done(_no_room(store, option.category))
    return _not_done(f"depot has no {option.category} to release")


def _no_room(store, category: str) -> str:
    return f"{store.store_id} has no room for more {category} (shelves full, or goods on the way)"


def _cap_orders(model, option, state) -> ActionOutcome:
    model.platform.food_order_cap_per_day = option.orders_per_household_day
    return ActionOutcome(f"platform caps food orders at {option.orders_per_household_day} per household per day",
                         True)


def _move_volunteers(model, option, state) -> ActionOutcome:
    source = model.villages[option.from_village].gate
    dest = model.villages[option.to_village].gate
    moved = min(option.volunteers, max(0, source.volunteers - 1))
    if moved == 0:
        return _not_done(f"{option.from_village} has no volunteer to spare")
    source.set_volunteers(source.volunteers - moved)
    dest.set_volunteers(dest.volunteers + moved)
    return ActionOutcome(f"{moved} volunteers moved from the {option.from_village} gate ({source.volunteers} left) "
                         f"to the {option.to_village} gate ({dest.volunteers} now)", True)


def _order_from_supplier(model, option, state) -> ActionOutcome:
    store = resolve_store(model, option.store)
    if store is None:
        return _not_done(f"no store is {option.store} now")
    supplier = model.suppliers_by_name[option.supplier]
    sent = supplier.ship(store, {option.category: option.units}).get(option.category, 0.0)
    if sent > 0:
        store.pending_restock.add(option.category)
        model.log_event("restock", store.store_id,
                        f"{store.store_id} orders {sent:,.0f} {option.category} from {supplier.name} (decision)")
        return _done_to_store(f"{supplier.name} ships {sent:,.0f} {option.category} to {store.store_id}", store)
    if store.room_for(option.category) <= 0:
        return _not_done(_no_room(store, option.category))
    fallback = procure(model, store, {option.category: option.units}, "decision: supplier could not ship")
    if fallback:
        return _done_to_store(f"{supplier.name} could not ship; bought elsewhere: {fallback}", store)
    return _not_done(f"{supplier.name} could not ship {option.category} (outage or capacity) and nobody else could")


_ACTIONS = {
    "activate_reserve_store": _activate_reserve_store,
    "whitelist_couriers": _whitelist_couriers, "release_depot_stock": _release_depot_stock,
    "cap_orders": _cap_orders, "move_volunteers": _move_volunteers,
    "order_from_supplier": _order_from_supplier,
}
