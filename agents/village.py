"""A village: its households, its lockdown state, its ordering channels and its gate."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from agents.household import Household
from agents.household_draws import HouseholdDraws
from agents.panic import VillageMood
from agents.pantry import Pantry
from agents.volunteer import GateTeam
from sim.distributions import Empirical, Exponential, Uniform, sampler
from sim.orders import PHARMACY
from sim.scenario import MINUTES_PER_DAY
from sim.scenario import Village as VillageSpec
from sim.statistics import PastDueCount

if TYPE_CHECKING:
    from agents.store import Store
    from sim.model import TownModel


_UNIT = Uniform(low=0, high=1)
_MINUTE = Uniform(low=0, high=60)
_UNIT_EXP = Exponential(mean=1)


class Village(mesa.Agent):
    """A village's households, its per-village demand streams, its channels and its gate."""

    def __init__(self, model: TownModel, spec: VillageSpec):
        super().__init__(model)
        self.spec = spec
        self.name = spec.name
        self.x_km, self.y_km = spec.x_km, spec.y_km
        self.place = model.travel.place(spec.name, spec.x_km, spec.y_km)
        self.population = spec.population
        self.households: list[Household] = []
        self.locked = False
        self.lock_minute: float | None = None
        self.lock_epoch = 0  # counts lockdowns; see lock()
        self.release_minute: float | None = None
        self.channel_open_minute: dict[str, float] = {}
        self.stores_by_kind: dict[str, list[Store]] = {}
        self.gate = GateTeam(model, self, spec.gate_volunteers)
        self.orders_placed = 0
        self.orders_delivered = 0
        self.orders_cancelled = 0
        # the index of each category households keep at home, in the pantry's order
        self.pantry_index = {c: i for i, c in enumerate(model.goods.pantry)}
        # while channels stay as they are: food categories on sale, kinds selling each
        self._food_on_sale: list[int] | None = None
        self._kinds_selling: dict[str, tuple[list[str], list[float]]] = {}
        self.households_without_food = PastDueCount()
        self.mood = VillageMood(model, self)  # calm, or panicking (agents/panic.py)
        self.road_detour_factor = 1.0  # > 1 while a road to the village is closed (drills)

        hh = model.spec.households
        streams = model.streams
        self._rng_choice = streams.generator(f"demand.{self.name}.choice")
        self.draw_uniform = sampler(_UNIT, self._rng_choice)
        rng = streams.generator(f"demand.{self.name}.times")
        self.draw_notice = sampler(hh.notice_delay_minutes, rng)
        self.draw_basket_days = sampler(hh.basket_days, rng)
        self.draw_hour = sampler(_hour_spec(hh.order_hour_weights), rng)
        self.draw_minute_in_hour = sampler(_MINUTE, rng)
        pharmacy_rng = streams.generator(f"demand.{self.name}.pharmacy")
        self.draw_pharmacy_gap = sampler(_UNIT_EXP, pharmacy_rng)
        self.draw_pharmacy_accept = sampler(_UNIT, pharmacy_rng)
        weights = hh.order_hour_weights
        self._hour_weight_share = [w / max(weights) for w in weights]  # of the busiest hour's
        self._create_households()
        qrng = streams.generator(f"demand.{self.name}.quantities")
        per_person_day = {c: sampler(model.spec.consumption_per_person_day[c], qrng)
                          for c in model.categories}
        # (category, draw) pairs of what each kind of store sells, in the kind's order
        self.basket_draws = {kind: [(c, per_person_day[c]) for c in categories]
                             for kind, categories in model.store_categories.items()}

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
        self.channel_open_minute = {}
        self._channels_changed()
        for household in self.households:
            household.on_release()
        for stores in self.stores_by_kind.values():
            for store in stores:
                store.stand_down(self)
        self.stores_by_kind = {}
        self.model.stats.channels_closed(self, self.release_minute)
        self.model.delivery_group.village_released(self)
        self.model.log_event("release", self.name, f"{self.name} released; channels closed")

    def _create_households(self) -> None:
        """Households by household size until the population is housed (deterministic stream)."""
        hh = self.model.spec.households
        rng = self.model.streams.generator(f"households.{self.name}")
        size = sampler(hh.size_persons, rng)
        medicine = sampler(hh.medicine_days_at_lockdown, rng)
        uniform = sampler(_UNIT, rng)
        pantry = self._pantry_maker()
        housed = 0
        while housed < self.population:
            persons = max(1, min(int(round(size())), self.population - housed))
            housed += persons
            chronic = uniform() < hh.chronic_medicine_share
            self.households.append(
                Household(self.model, self, persons, pantry(persons),
                          medicine() if chronic else None, refill=uniform() < hh.refill_ordered_share)
            )
        if hh.smartphone_share < 1:
            self._assign_offline_channels()
        if self.model.spec.run.random_numbers == "per_entity":
            own = self.model.streams.own_uniform
            hour = _hour_spec(hh.order_hour_weights)
            for household in self.households:
                household.draws = HouseholdDraws(own("households.choices", household.household_id),
                                                 hh.notice_delay_minutes, hh.basket_days, hour)

    def _assign_offline_channels(self) -> None:
        """Households without the app phone a store or go through volunteers (their own
        stream, `households.<v>.online`, so the others' draws do not move)."""
        hh = self.model.spec.households
        register = self.model.spec.command_centre.vulnerable_register
        uniform = sampler(_UNIT, self.model.streams.generator(f"households.{self.name}.online"))
        for household in self.households:
            online, phone = uniform(), uniform()
            if online < hh.smartphone_share:
                continue
            if register:
                household.channel = "volunteer"
                household.reorder_at_days = hh.reorder_at_food_days + 1
            else:
                household.channel = "phone" if phone < hh.phone_share_of_offline else "volunteer"

    def _pantry_maker(self):
        """`make(persons)`: a household's pantry, with its own rate of eating each
        food category and its days of each at home (its own stream, `households.<v>.food`)."""
        model = self.model
        hh = model.spec.households
        rng = model.streams.generator(f"households.{self.name}.food")
        goods = model.goods
        pantry = goods.pantry
        rate = {c: sampler(model.spec.consumption_per_person_day[c], rng) for c in pantry}
        days = {c: sampler(hh.stock_days_at_lockdown[c], rng) for c in pantry}
        buys_meals = sampler(_UNIT, rng)
        meals_share = hh.ready_meals_share(goods)
        meals = pantry.index(goods.ready_meals) if goods.ready_meals in pantry else None

        def make(persons: int) -> Pantry:
            per_person_day = [rate[c]() for c in pantry]
            if buys_meals() >= meals_share and meals is not None:
                per_person_day[meals] = 0.0
            stock = [persons * r * days[c]() for c, r in zip(pantry, per_person_day)]
            return Pantry(persons, per_person_day, stock, meals)

        return make

    @property
    def orders_open(self) -> int:
        """Placed and not yet delivered or cancelled."""
        return self.orders_placed - self.orders_delivered - self.orders_cancelled

    # --- channels -----------------------------------------------------------------------
    def is_open(self, kind: str) -> bool:
        return kind in self.channel_open_minute

    def drop_store(self, store: Store) -> None:
        """`store` stops serving this village (it cannot any more): orders go to the others."""
        for stores in self.stores_by_kind.values():
            if store in stores:
                stores.remove(store)
        store.stand_down(self)

    def add_store(self, kind: str, store: Store) -> None:
        stores = self.stores_by_kind.setdefault(kind, [])
        if store not in stores:
            stores.append(store)
            store.serve(self)

    def open_channel(self, kind: str) -> None:
        """Ordering for `kind` opens: households may now order from this kind of store."""
        if not self.locked or kind in self.channel_open_minute:
            return
        now = self.model.env.now
        self.channel_open_minute[kind] = now
        self._channels_changed()
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
            self.model.env.process(self._pharmacy_orders(self.lock_epoch))

    def in_lockdown(self, epoch: int) -> bool:
        """Still locked, in the lockdown numbered `epoch`."""
        return self.locked and self.lock_epoch == epoch

    def _pharmacy_orders(self, epoch: int):
        """Non-urgent medicine orders: a Poisson stream over the village's households whose
        rate follows the daily ordering rhythm (thinned from the busiest hour's rate)."""
        weights = self._hour_weight_share
        mean_share = sum(weights) / len(weights)
        peak_rate_per_minute = (
            self.model.spec.households.pharmacy_orders_per_household_day
            * len(self.households) / MINUTES_PER_DAY / mean_share
        )
        if peak_rate_per_minute <= 0 or not self.households:
            return
        env = self.model.env
        hour_of_day = self.model.clock.hour_of_day
        pharmacy = self.model.goods.pharmacy_kind
        while self.in_lockdown(epoch) and self.is_open(pharmacy):
            yield env.timeout(self.draw_pharmacy_gap() / peak_rate_per_minute)
            if not (self.in_lockdown(epoch) and self.is_open(pharmacy)):
                return
            if self.draw_pharmacy_accept() >= weights[int(hour_of_day(env.now))]:
                continue
            household = self.households[int(self.draw_uniform() * len(self.households))]
            household.place_order(pharmacy, self.draw_basket_days(), PHARMACY)

    def _channels_changed(self) -> None:
        self._food_on_sale = None
        self._kinds_selling = {}

    def food_on_sale(self) -> list[int]:
        """The food categories (pantry indices) an open channel here sells."""
        on_sale = self._food_on_sale
        if on_sale is None:
            weights = self.model.spec.households.food_kind_weights
            goods = self.model.goods
            sold = {c for kind in goods.food_kinds if self.is_open(kind) and weights.get(kind, 0) > 0
                    for c in self.model.store_categories[kind]}
            on_sale = self._food_on_sale = [i for i, c in enumerate(goods.pantry) if c in sold]
        return on_sale

    def choose_kind_selling(self, category: str, draws) -> str | None:
        """An open food kind that sells `category`, by the households' weights (a uniform
        from `draws`: the household's, `Household.draws`)."""
        choices = self._kinds_selling.get(category)
        if choices is None:
            choices = self._kinds_selling[category] = self._cumulative_weights_selling(category)
        kinds, cumulative = choices
        if not kinds:
            return None
        if len(kinds) == 1:
            return kinds[0]
        u = draws.draw_uniform() * cumulative[-1]
        for kind, upper in zip(kinds, cumulative):
            if u < upper:
                return kind
        return kinds[-1]

    def _cumulative_weights_selling(self, category: str) -> tuple[list[str], list[float]]:
        kinds, cumulative, total = [], [], 0.0
        for kind, weight in self.model.spec.households.food_kind_weights.items():
            if weight > 0 and self.is_open(kind) and category in self.model.store_categories[kind]:
                total += weight
                kinds.append(kind)
                cumulative.append(total)
        return kinds, cumulative

    def route(self, kind: str) -> Store | None:
        """The store that takes an order of `kind` from this village (routing policy); while
        roads are closed, among the stores an open road joins to the village if any (else the
        order waits at its store for a road)."""
        stores = self.stores_by_kind.get(kind, ())
        travel = self.model.travel
        if travel.roads_closed:
            stores = [s for s in stores if travel.reachable(s.place, self.place)] or stores
        return self.model.routing(self, stores)

    # --- time of day --------------------------------------------------------------------
    def next_time_in_rhythm(self, earliest: float, draws) -> float:
        """A time at or after `earliest` whose hour follows the daily ordering rhythm (drawn
        from `draws`: the household's, `Household.draws`)."""
        t = self.model.clock.midnight_before(earliest) + draws.draw_hour() * 60 + draws.draw_minute_in_hour()
        while t < earliest:
            t += MINUTES_PER_DAY
        return t


def _hour_spec(weights) -> Empirical:
    return Empirical(values=list(range(24)), weights=list(weights))
