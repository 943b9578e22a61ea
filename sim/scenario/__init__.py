"""The scenario: a typed, validated description of a town, its lockdowns and its response.

TOML files in `experiments/` load into these objects (see `sim.inputs.scenario_loading`); notebook
users build the same objects in Python. Every duration, rate and quantity is a distribution
(`sim.core.distributions.Dist`), so any part of the model can be reduced to a textbook case.
Unknown keys are errors.

The sections are in modules by theme (`run`, `town`, `stores`, `households`, `responders`,
`supply`, `disruptions`; `section` the base they share), the whole in `root`; Beizang's
defaults in `beizang`, the checks across sections in `checks`, and what keeps stored sweeps'
fingerprints valid in `fingerprint`. Everything is imported from here, as `sim.scenario`.
"""

from __future__ import annotations

from sim.core.distributions import Fixed
from sim.scenario.beizang import (
    BEIZANG_CATEGORIES,
    BEIZANG_CONSUMPTION,
    BEIZANG_FOOD_KIND_WEIGHTS,
    BEIZANG_STOCK_DAYS,
)
from sim.scenario.disruptions import (
    CouriersUnavailable,
    DemandSurge,
    Disruption,
    RoadClosedDisruption,
    SupplierOutage,
)
from sim.scenario.fingerprint import decisive_part
from sim.scenario.household_types import HouseholdType
from sim.scenario.households import Households, OrderCaps, Panic
from sim.scenario.responders import CommandCentre, Couriers, Volunteers
from sim.scenario.root import Scenario
from sim.scenario.run import RunSettings
from sim.scenario.section import DailyHours, Section
from sim.scenario.stores import (
    GoodsCategory,
    Restocking,
    StoreKindSettings,
    StoreSelection,
    StoreStaff,
    WalkIn,
)
from sim.scenario.supply import (
    ALL_VILLAGES,
    PUSH_PACK_SOURCES,
    Depot,
    DepotCosts,
    GroupBuying,
    PushPack,
    Supplier,
)
from sim.scenario.town import (
    Junction,
    Ledger,
    Lockdown,
    RoadClosure,
    RoadEdge,
    Roads,
    Store,
    Village,
)

__all__ = [
    "Scenario", "GoodsCategory", "BEIZANG_CATEGORIES",
    "RunSettings", "Village", "Store", "Ledger", "Lockdown", "Households", "StoreKindSettings",
    "StoreSelection", "OrderCaps", "Restocking", "Couriers", "Volunteers", "CommandCentre", "Supplier",
    "Depot", "Fixed", "Roads", "RoadEdge", "Junction", "RoadClosure", "GroupBuying", "PushPack",
    "ALL_VILLAGES",
    # importable from here before the package too
    "BEIZANG_CONSUMPTION", "BEIZANG_FOOD_KIND_WEIGHTS", "BEIZANG_STOCK_DAYS", "DailyHours",
    "Section", "StoreStaff", "WalkIn", "Panic", "DepotCosts", "PUSH_PACK_SOURCES",
    "SupplierOutage", "RoadClosedDisruption", "CouriersUnavailable", "DemandSurge", "Disruption",
    "decisive_part", "HouseholdType",
]
