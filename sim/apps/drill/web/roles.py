"""The roles of a drill played in a room: what each may do and what each sees.

The facilitator runs the clock and sees the truth. The players see only what their desk would
know: the supply group the stores' stock as of the last stock report, the delivery group the
couriers as of the last roll call, the urgent-medicine desk its calls and the pharmacies' stock
as of the last stock report, the command centre the villages, their orders and the ledger.
"""

from __future__ import annotations

from sim.apps.drill.spec import PLAYER_ROLES, ROLES
from sim.core.i18n import N_

TITLES = {"facilitator": N_("Facilitator"), "command_centre": N_("Command centre"),
          "supply_group": N_("Supply group"), "delivery_group": N_("Delivery group"),
          "urgent_desk": N_("Urgent-medicine desk"), "evaluator": N_("Evaluator"), "projector": N_("Projector")}
# a role as a decision's "by" names it (its title in lower case)
BY_WORDS = (N_("facilitator"), N_("command centre"), N_("supply group"), N_("delivery group"),
            N_("urgent-medicine desk"), N_("evaluator"))

# each role's action menu, from the drill actions (sim/apps/drill/actions.py)
ROLE_ACTIONS = {
    "command_centre": ("activate_reserve_store", "cap_orders", "whitelist_couriers"),
    "supply_group": ("release_depot_stock", "order_from_supplier", "activate_reserve_store"),
    "delivery_group": ("whitelist_couriers", "move_volunteers"),
    "urgent_desk": ("order_from_supplier",),
}
ACTION_TITLES = {
    "activate_reserve_store": N_("Activate a reserve store"), "whitelist_couriers": N_("Whitelist couriers"),
    "release_depot_stock": N_("Release depot stock"), "cap_orders": N_("Cap orders"),
    "move_volunteers": N_("Move gate volunteers"), "order_from_supplier": N_("Order from a supplier"),
}
# the fields of each action as a page asks for them: (field, what it is, kind of input)
ACTION_INPUTS = {
    "activate_reserve_store": (("village", N_("for village"), "village"), ("store_kind", N_("store kind"), "kind")),
    "whitelist_couriers": (("couriers", N_("couriers"), "count"),),
    "release_depot_stock": (("store", N_("to store"), "store"), ("category", N_("category"), "category"),
                            ("units", N_("units"), "amount")),
    "cap_orders": (("orders_per_household_day", N_("food orders per household per day"), "count"),),
    "move_volunteers": (("from_village", N_("from the gate of"), "village"),
                        ("to_village", N_("to the gate of"), "village"),
                        ("volunteers", N_("volunteers"), "count")),
    "order_from_supplier": (("supplier", N_("supplier"), "supplier"), ("store", N_("for store"), "store"),
                            ("category", N_("category"), "category"), ("units", N_("units"), "amount")),
}
# an action's field as its log line names it ("store kind supermarket")
FIELD_WORDS = {"village": N_("village"), "store_kind": N_("store kind"), "couriers": N_("couriers"),
               "store": N_("store"), "category": N_("category"), "units": N_("units"),
               "orders_per_household_day": N_("orders per household day"), "from_village": N_("from village"),
               "to_village": N_("to village"), "volunteers": N_("volunteers"), "supplier": N_("supplier")}
# what each role sees (besides its injects, decisions and its own log)
SEES = {
    "facilitator": N_("the truth, now: every figure, every role's actions, the objectives"),
    "command_centre": N_("villages (locked, channels), orders waiting per village, the ledger; "
                         "stores' backlogs as of the last stock report"),
    "supply_group": N_("stores' stock and backlogs and the depot as of the last stock report; suppliers' outages"),
    "delivery_group": N_("couriers by state and per village, orders waiting for a courier and at the gates, "
                         "as of the last roll call"),
    "urgent_desk": N_("urgent calls (its hotline, now); the pharmacies' medicine stock as of the last stock report"),
    "evaluator": N_("what the facilitator sees, now, and each objective's evaluation guide; rates the objectives "
                    "(P, S, M, U) and writes observations"),
    "projector": N_("the clock, the town map, the live charts and the messages: the room's screen, with no controls"),
}

__all__ = ["ROLES", "PLAYER_ROLES", "TITLES", "ROLE_ACTIONS", "ACTION_TITLES", "ACTION_INPUTS", "SEES",
           "FIELD_WORDS", "BY_WORDS"]
