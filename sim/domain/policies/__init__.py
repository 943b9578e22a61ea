"""Swappable policies, one module per family, each chosen by name in the scenario:

- `store_selection`: which stores serve a locked village (`store_selection.policy`);
- `routing`: which of them takes the next order (`store_selection.routing`);
- `dispatch`: when an outbox leaves with a courier (`couriers.dispatch`);
- `order_caps`: how many food orders the platform takes a day (`order_caps.policy`);
- `expansion`: what brings a reserve store (`command_centre.expansion`);
- `restocking`: when and how much a serving store orders (`restocking.policy`).

Every alternative of a family has the same interface, so a planner compares them by changing
one line (or one `set` entry of a compare spec). Stateful policies are objects built per model.
"""

from sim.domain.policies.dispatch import DISPATCH, make_dispatch
from sim.domain.policies.expansion import EXPANSION
from sim.domain.policies.order_caps import PerHouseholdDay, make_order_cap
from sim.domain.policies.restocking import RESTOCKING, make_restocking
from sim.domain.policies.routing import ROUTING, make_routing
from sim.domain.policies.store_selection import (
    STORE_SELECTION,
    for_expansion,
    for_set_up,
    select_stores,
)

__all__ = ["DISPATCH", "EXPANSION", "RESTOCKING", "ROUTING", "STORE_SELECTION", "PerHouseholdDay",
           "for_expansion", "for_set_up", "make_dispatch", "make_order_cap", "make_restocking",
           "make_routing", "select_stores"]
