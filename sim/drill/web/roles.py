"""The roles of a drill played in a room: what each may do and what each sees.

The facilitator runs the clock and sees the truth. The players see only what their desk would
know: the supply group the stores' stock as of the last stock report, the delivery group the
couriers as of the last roll call, the urgent-medicine desk its calls and the pharmacies' stock
as of the last stock report, the command centre the villages, their orders and the ledger.
"""

from __future__ import annotations

from sim.drill.spec import PLAYER_ROLES, ROLES

TITLES = {"facilitator": "Facilitator", "command_centre": "Command centre",
          "supply_group": "Supply group", "delivery_group": "Delivery group",
          "urgent_desk": "Urgent-medicine desk"}

# each role's action menu, from the drill actions (sim/drill/actions.py)
ROLE_ACTIONS = {
    "command_centre": ("activate_reserve_store", "cap_orders", "whitelist_couriers"),
    "supply_group": ("release_depot_stock", "order_from_supplier", "activate_reserve_store"),
    "delivery_group": ("whitelist_couriers", "move_volunteers"),
    "urgent_desk": ("order_from_supplier",),
}
ACTION_TITLES = {
    "activate_reserve_store": "Activate a reserve store", "whitelist_couriers": "Whitelist couriers",
    "release_depot_stock": "Release depot stock", "cap_orders": "Cap orders",
    "move_volunteers": "Move gate volunteers", "order_from_supplier": "Order from a supplier",
}
# the fields of each action as a page asks for them: (field, what it is, kind of input)
ACTION_INPUTS = {
    "activate_reserve_store": (("village", "for village", "village"), ("store_kind", "store kind", "kind")),
    "whitelist_couriers": (("couriers", "couriers", "count"),),
    "release_depot_stock": (("store", "to store", "store"), ("category", "category", "category"),
                            ("units", "units", "amount")),
    "cap_orders": (("orders_per_household_day", "food orders per household per day", "count"),),
    "move_volunteers": (("from_village", "from the gate of", "village"), ("to_village", "to the gate of", "village"),
                        ("volunteers", "volunteers", "count")),
    "order_from_supplier": (("supplier", "supplier", "supplier"), ("store", "for store", "store"),
                            ("category", "category", "category"), ("units", "units", "amount")),
}
# what each role sees (besides its injects, decisions and its own log)
SEES = {
    "facilitator": "the truth, now: every figure, every role's actions, the objectives",
    "command_centre": "villages (locked, channels), orders waiting per village, the ledger; "
                      "stores' backlogs as of the last stock report",
    "supply_group": "stores' stock and backlogs and the depot as of the last stock report; suppliers' outages",
    "delivery_group": "couriers by state and per village, orders waiting for a courier and at the gates, "
                      "as of the last roll call",
    "urgent_desk": "urgent calls (its hotline, now); the pharmacies' medicine stock as of the last stock report",
}

__all__ = ["ROLES", "PLAYER_ROLES", "TITLES", "ROLE_ACTIONS", "ACTION_TITLES", "ACTION_INPUTS", "SEES"]
