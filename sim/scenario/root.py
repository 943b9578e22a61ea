"""The whole scenario (`Scenario`): its sections put together, Beizang's figures filled in
for what a file leaves out, the checks across sections (`checks.py`), and what the model reads
from the whole (its order channels, suppliers of group buying and packs, the goods
catalogue)."""

from __future__ import annotations

from functools import cached_property

from pydantic import (
    Field,
    SerializationInfo,
    ValidationInfo,
    model_serializer,
    model_validator,
)

from sim.core.distributions import Dist
from sim.core.goods import Goods
from sim.core.units import MINUTES_PER_DAY
from sim.scenario.beizang import (
    BEIZANG_CATEGORIES,
    BEIZANG_CONSUMPTION,
    BEIZANG_STOCK_DAYS,
    default_store_kinds,
    default_suppliers,
)
from sim.scenario.checks import reference_problems
from sim.scenario.disruptions import Disruption
from sim.scenario.fingerprint import without_fields_added_later
from sim.scenario.households import Households, OrderCaps, Panic
from sim.scenario.responders import CommandCentre, Couriers, Volunteers
from sim.scenario.run import RunSettings
from sim.scenario.section import Section
from sim.scenario.stores import (
    GoodsCategory,
    Restocking,
    StoreKindSettings,
    StoreSelection,
    StoreStaff,
    WalkIn,
)
from sim.scenario.supply import Depot, GroupBuying, PushPack, Supplier
from sim.scenario.town import Ledger, Lockdown, Roads, Village


class Scenario(Section):
    run: RunSettings
    villages: list[Village] = Field(min_length=1)
    ledger: Ledger
    lockdowns: list[Lockdown] = []
    # the town's goods and store kinds; Beizang's six categories and four kinds by default
    categories: dict[str, GoodsCategory] = Field(default_factory=lambda: dict(BEIZANG_CATEGORIES),
                                                 min_length=1)
    households: Households = Households()
    # per person per day of each category; Beizang's figures for categories of those names
    consumption_per_person_day: dict[str, Dist] = Field(default_factory=lambda: dict(BEIZANG_CONSUMPTION))
    store_kinds: dict[str, StoreKindSettings] = Field(default_factory=default_store_kinds, min_length=1)
    store_selection: StoreSelection = StoreSelection()
    store_staff: StoreStaff = StoreStaff()
    restocking: Restocking = Restocking()
    walk_in: WalkIn = WalkIn()
    panic: Panic = Panic()
    couriers: Couriers = Couriers()
    volunteers: Volunteers = Volunteers()
    command_centre: CommandCentre = CommandCentre()
    order_caps: OrderCaps = OrderCaps()
    # None: a wholesale market for every category but medicine, and a medicine distributor
    suppliers: list[Supplier] = Field(default=None, validate_default=False)
    depot: Depot = Depot()
    # what goes wrong, when (agents/disruptions.py); the same code as a drill's injects
    disruptions: list[Disruption] = []
    roads: Roads = Roads()
    # how else food came (None / []: only what households order, Beizang's calm case)
    group_buying: GroupBuying | None = None
    push_packs: list[PushPack] = []

    @model_validator(mode="before")
    @classmethod
    def _category_defaults(cls, data):
        """Beizang's figures for the categories of Beizang's names a scenario does not give;
        the default suppliers for the declared categories."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        declared = data.get("categories")
        names = list(declared) if isinstance(declared, dict) and declared else list(BEIZANG_CATEGORIES)
        given = data.get("consumption_per_person_day")
        if given is None or isinstance(given, dict):
            data["consumption_per_person_day"] = (
                {c: d for c, d in BEIZANG_CONSUMPTION.items() if c in names} | (given or {}))
        households = data.get("households")
        if households is None or isinstance(households, dict):
            households = dict(households or {})
            stock = households.get("stock_days_at_lockdown")
            if stock is None or isinstance(stock, dict):
                # the scenario's order first (the pantry's order), Beizang's for the rest
                stock = dict(stock or {})
                households["stock_days_at_lockdown"] = stock | {
                    c: d for c, d in BEIZANG_STOCK_DAYS.items() if c in names and c not in stock}
            data["households"] = households
        if data.get("suppliers") is None:
            data["suppliers"] = default_suppliers(declared if isinstance(declared, dict) and declared
                                                  else BEIZANG_CATEGORIES)
        return data

    @model_validator(mode="after")
    def _references(self, info: ValidationInfo):
        """Names that must refer to each other (`checks.py`). The loader collects these per
        field path."""
        problems = reference_problems(self)
        collector = (info.context or {}).get("reference_problems")
        if collector is not None:
            collector.extend(problems)
        elif problems:
            raise ValueError("; ".join(".".join(map(str, loc)) + ": " + msg for loc, msg in problems))
        return self

    @model_serializer(mode="wrap")
    def _json_as_before(self, handler, info: SerializationInfo):
        """A town with the default roads, no group-buying and no pushed packs writes its JSON
        as before these existed (`fingerprint.py`)."""
        return without_fields_added_later(self, handler(self), info,
                                          ("roads", "group_buying", "push_packs"))

    @property
    def horizon_minutes(self) -> float:
        return self.run.horizon_days * MINUTES_PER_DAY

    @property
    def order_channels(self) -> tuple[str, ...]:
        """The ways households' orders come in this town (`sim.domain.orders.CHANNELS`)."""
        channels = ["app"]
        if self.households.smartphone_share < 1:
            channels += (["volunteer"] if self.command_centre.vulnerable_register
                         else ["phone", "volunteer"])
        if self.group_buying is not None and self.group_buying.share > 0:
            channels.append("group")
        if self.push_packs or (self.depot.exists and self.depot.staples_release != "never"):
            channels.append("push_pack")  # the depot's staples packs come the same way
        return tuple(channels)

    def group_buying_supplier(self) -> str | None:
        """The supplier that fills group-buying's bulk orders: the one named, else the first
        that sells a food category (None without one)."""
        gb = self.group_buying
        if gb is not None and gb.supplier is not None:
            return gb.supplier
        food = {c for c, g in self.categories.items() if g.use == "food"}
        return next((s.name for s in self.suppliers if food & set(s.categories)), None)

    def push_pack_source(self, pack: PushPack) -> str | None:
        """Where a round of packs comes from: its `source`, else the depot when the town has
        one, else the first supplier that sells every category of the content."""
        if pack.source is not None:
            return pack.source
        if self.depot.exists:  # sized by capacity or by days of cover
            return "depot"
        return next((s.name for s in self.suppliers if set(pack.content) <= set(s.categories)),
                    None)

    @property
    def standard_kinds(self) -> list[str]:
        """The kinds a locked village gets a channel for (every store kind unless the command
        centre names a set)."""
        kinds = self.command_centre.standard_kinds
        return list(self.store_kinds) if kinds is None else list(kinds)

    @cached_property
    def goods(self) -> Goods:
        """The catalogue of the town's categories and store kinds the model reads."""
        return Goods.declared(
            units={c: g.unit for c, g in self.categories.items()},
            uses={c: g.use for c, g in self.categories.items()},
            pantry_order=list(self.households.stock_days_at_lockdown),
            sells={k: list(s.categories) for k, s in self.store_kinds.items()},
        )
