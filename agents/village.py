"""A village: its households, its lockdown state, its ordering channels and its gate.

What a village holds lives beside it: its households are made by `agents/household_factory.py`,
its channels kept by `agents/village_channels.py`, its pharmacy orders come from
`agents/pharmacy_orders.py`, the daily rhythm of orders is `sim/domain/ordering_rhythm.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from agents.household_draws import daily_use
from agents.household_factory import households_of
from agents.pharmacy_orders import pharmacy_orders
from agents.village_channels import VillageChannels
from agents.volunteer import GateTeam
from sim.core.statistics import PastDueCount
from sim.scenario import Village as VillageSpec

if TYPE_CHECKING:
    from agents.household import Household
    from agents.store import Store
    from sim.model.town_model import TownModel


class Village(mesa.Agent):
    """A village's households, its lockdowns, its channels and its gate."""

    def __init__(self, model: TownModel, spec: VillageSpec):
        super().__init__(model)
        self.spec = spec
        self.name = spec.name
        self.x_km, self.y_km = spec.x_km, spec.y_km
        self.place = model.travel.place(spec.name, spec.x_km, spec.y_km)
        self.population = spec.population
        self.locked = False
        self.lock_minute: float | None = None
        self.lock_epoch = 0  # counts lockdowns; see lock()
        self.release_minute: float | None = None
        self.channels = VillageChannels(model, self)
        self.gate = GateTeam(model, self, spec.gate_volunteers)
        self.orders_placed = 0
        self.orders_delivered = 0
        self.orders_cancelled = 0
        # the index of each category households keep at home, in the pantry's order
        self.pantry_index = {c: i for i, c in enumerate(model.goods.pantry)}
        self.households_without_food = PastDueCount()
        self._sold_for_basket: dict[str, tuple[tuple[str, str | None], ...]] = {}
        self.road_detour_factor = 1.0  # > 1 while a road to the village is closed (road_closed)
        self.households: list[Household] = households_of(model, self)

    # --- lockdown -----------------------------------------------------------------------
    def lock(self) -> int:
        """Lock the village (if it is not already); returns this lockdown's epoch.

        Every lockdown has its own epoch: wake-ups and processes started in one lockdown carry
        it and do nothing in a later one, so a village released and locked again does not
        order twice over."""
        if self.locked:
            return self.lock_epoch
        model = self.model
        self.locked = True
        self.lock_epoch += 1
        self.lock_minute = model.env.now
        self.release_minute = None
        self.gate.on_duty_changed()
        model.delivery_group.village_sealed(self)
        for store in model.stores:
            if store.home is self:
                store.home_sealed()
        for household in self.households:
            household.on_lockdown()
        model.log_event("lockdown", self.name, f"{self.name} locked down")
        return self.lock_epoch

    def release(self, epoch: int | None = None) -> None:
        """Lift the lockdown (only lockdown `epoch`, if given): channels close, stores are
        stood down for this village; orders already placed are still delivered."""
        if not self.locked or (epoch is not None and epoch != self.lock_epoch):
            return
        self.locked = False
        self.release_minute = self.model.env.now
        self.gate.on_duty_changed()
        for store in self.model.stores:
            if store.home is self:
                store.home_released()
        self.channels.close_all()
        for household in self.households:
            household.on_release()
        self.model.stats.channels_closed(self, self.release_minute)
        self.model.delivery_group.village_released(self)
        self.model.command_centre.urgent.desks.village_released(self)
        self.model.log_event("release", self.name, f"{self.name} released; channels closed")

    @property
    def orders_open(self) -> int:
        """Placed and not yet delivered or cancelled."""
        return self.orders_placed - self.orders_delivered - self.orders_cancelled

    def order_placed(self) -> None:
        self.orders_placed += 1

    def order_closed(self, delivered: bool) -> None:
        """An order of the village was delivered, or cancelled."""
        if delivered:
            self.orders_delivered += 1
        else:
            self.orders_cancelled += 1

    def road_closed(self, detour_factor: float) -> None:
        """Without a road network: the last leg to the village is `detour_factor` times as long."""
        self.road_detour_factor = detour_factor

    def road_reopened(self) -> None:
        self.road_detour_factor = 1.0

    def in_lockdown(self, epoch: int) -> bool:
        """Still locked, in the lockdown numbered `epoch`."""
        return self.locked and self.lock_epoch == epoch

    # --- channels (agents/village_channels.py) -------------------------------------------
    @property
    def channel_open_minute(self) -> dict[str, float]:
        """The minute each open kind's channel opened."""
        return self.channels.open_minute

    @property
    def stores_by_kind(self) -> dict[str, list[Store]]:
        """The stores serving the village, by kind."""
        return self.channels.stores_by_kind

    def sold_for_basket(self, kind: str) -> tuple[tuple[str, str | None], ...]:
        """What a `kind` store sells, in the kind's order, as its households' baskets read it:
        (category, the purpose of a household's draw of a person's daily use; None for a
        category of the pantry, asked for by what it lacks). One list for all of them."""
        sold = self._sold_for_basket.get(kind)
        if sold is None:
            pantry_index = self.pantry_index
            sold = self._sold_for_basket[kind] = tuple(
                (c, None if c in pantry_index else daily_use(c)) for c in self.model.store_categories[kind])
        return sold

    def is_open(self, kind: str) -> bool:
        return self.channels.is_open(kind)

    def open_channel(self, kind: str) -> None:
        """Ordering for `kind` opens: households may now order from this kind of store."""
        if not self.locked or self.is_open(kind):
            return
        now = self.model.env.now
        self.channels.open(kind, now)
        self.model.stats.channel_opened(self, kind, now)
        self.model.log_event(
            "channel_open", self.name,
            f"{kind} channel open for {self.name}, {now - self.lock_minute:.0f} min after lockdown",
        )
        self.model.depot.channel_opened(self, kind)  # a depot that releases on lockdown sends stock
        goods = self.model.goods
        if kind in goods.food_kinds:  # households that could buy nothing they eat until now start
            for household in self.households:
                household.start_ordering(now)
        if kind == goods.pharmacy_kind:
            for household in self.households:
                household.start_refills(now)
            self.model.env.process(pharmacy_orders(self.model, self, self.lock_epoch))
