"""The command centre's options at a decision point, each a small change to the town.

Each action returns one line saying what it did, including when it could do nothing (no
reserve store left, no depot stock): the after-action report shows those lines.
"""

from __future__ import annotations

from agents.supplier import procure
from sim.drill.spec import Option


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


def apply_action(model, option: Option, state: DrillState) -> tuple[str, bool]:
    """Carry out a decision: what happened, and whether it changed anything in the town."""
    if option.action == "none":
        return "no action", False
    text = _ACTIONS[option.action](model, option, state)
    return text, not text.startswith(_DID_NOTHING)


# an action's text begins with one of these when it could not do what was asked
_DID_NOTHING = ("NOT DONE: ",)


def _activate_reserve_store(model, option, state) -> str:
    village = model.villages[option.village]
    if not village.locked:
        return f"NOT DONE: {village.name} is not locked: no store to activate"
    before = model.stats.reserve_stores_activated
    done = model.command_centre.expand(village, option.store_kind, "decision at the table")
    if not done or model.stats.reserve_stores_activated == before:
        return f"NOT DONE: no reserve {option.store_kind} available for {village.name} (or one was just added)"
    return f"reserve {option.store_kind} activated for {village.name}"


def _whitelist_couriers(model, option, state) -> str:
    model.command_centre.whitelist_more_couriers(option.couriers)
    return f"{option.couriers} more couriers onboarding (commitment and first test before their first trip)"


def _release_depot_stock(model, option, state) -> str:
    store = model.stores_by_id[option.store]
    got = model.depot.release(store, option.category, option.units) if model.depot.exists else 0.0
    if got > 0:
        store.pending_restock.add(option.category)
        model.log_event("restock", store.store_id,
                        f"depot releases {got:,.0f} {option.category} to {store.store_id} (decision)")
        return f"depot releases {got:,.0f} of {option.units:,.0f} {option.category} to {store.store_id}"
    return f"NOT DONE: depot has no {option.category} to release"


def _cap_orders(model, option, state) -> str:
    model.platform.food_order_cap_per_day = option.orders_per_household_day
    return f"platform caps food orders at {option.orders_per_household_day} per household per day"


def _move_volunteers(model, option, state) -> str:
    source = model.villages[option.from_village].gate
    dest = model.villages[option.to_village].gate
    moved = min(option.volunteers, max(0, source.volunteers - 1))
    if moved == 0:
        return f"NOT DONE: {option.from_village} has no volunteer to spare"
    source.set_volunteers(source.volunteers - moved)
    dest.set_volunteers(dest.volunteers + moved)
    return (f"{moved} volunteers moved from the {option.from_village} gate ({source.volunteers} left) "
            f"to the {option.to_village} gate ({dest.volunteers} now)")


def _order_from_supplier(model, option, state) -> str:
    store = model.stores_by_id[option.store]
    supplier = model.suppliers_by_name[option.supplier]
    sent = supplier.ship(store, option.category, option.units)
    if sent > 0:
        store.pending_restock.add(option.category)
        model.log_event("restock", store.store_id,
                        f"{store.store_id} orders {sent:,.0f} {option.category} from {supplier.name} (decision)")
        return f"{supplier.name} ships {sent:,.0f} {option.category} to {store.store_id}"
    fallback = procure(model, store, {option.category: option.units}, "decision: supplier could not ship")
    if fallback:
        return f"{supplier.name} could not ship; bought elsewhere: {fallback}"
    return f"NOT DONE: {supplier.name} could not ship {option.category} (outage or capacity) and nobody else could"


_ACTIONS = {
    "activate_reserve_store": _activate_reserve_store,
    "whitelist_couriers": _whitelist_couriers, "release_depot_stock": _release_depot_stock,
    "cap_orders": _cap_orders, "move_volunteers": _move_volunteers,
    "order_from_supplier": _order_from_supplier,
}
