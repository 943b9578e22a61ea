"""A store: pickers, stock by category, a ledger record, and the villages it serves."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

import mesa

from agents.order_book import OrderBook
from agents.store_crew import StoreCrew
from sim.core.distributions import sampler
from sim.core.statistics import TimeWeightedCount
from sim.domain.demand import daily_share_through, orders_per_household_day
from sim.domain.working_hours import WorkingHours
from sim.engine.callbacks import call_later
from sim.engine.service_team import ServiceTeam
from sim.inputs.channel_coverage import disqualifications, picker_crew
from sim.scenario import Store as StoreSpec

if TYPE_CHECKING:
    from agents.village import Village
    from sim.domain.orders import Order


class Store(mesa.Agent):
    """Picks orders with its staff (a `ServiceTeam`), fills them from stock, hands them on.

    Who picks is its crew (`agents/store_crew.py`: rota, sealed villages, passes, drafted
    volunteers); how many orders it takes a day is its order book (`agents/order_book.py`).
    Stock is taken when picking starts, so an order is filled with what is on the shelf then;
    a fill of nothing cancels the order, and so does an order that waited past the
    household's patience.
    """

    def __init__(self, model, spec: StoreSpec, village: Village):
        super().__init__(model)
        self.spec = spec
        self.store_id = spec.id
        self.kind = spec.kind
        self.home = village
        self.x_km, self.y_km = village.x_km, village.y_km
        self.place = model.travel.place(spec.id, self.x_km, self.y_km, fallback_node=village.place.node)
        self.floor_m2 = spec.floor_m2
        sc = model.spec
        settings = sc.store_kinds[spec.kind]
        self.categories = list(settings.categories)
        self.shelf_capacity = {c: settings.stock_per_m2.get(c, 0.0) * spec.floor_m2
                               for c in self.categories}
        self.stock = dict(self.shelf_capacity)
        # beyond the shelves: filled the night it takes on a locked village, and by the table's decisions
        self.back_room_capacity = {c: settings.back_room_per_m2.get(c, 0.0) * spec.floor_m2
                                   for c in self.categories}
        # locked villages it began to serve since the last overnight order: it stocks up for
        # them that night, its back room taking what the shelves cannot (`stocking_up`)
        self.stock_up_for: list[Village] = []
        self.stocking_up = False
        self.picker_crew = picker_crew(settings, spec.floor_m2)
        self.crew = StoreCrew(self, self.picker_crew)
        pick = sampler(settings.pick_minutes, model.streams.generator(f"store.{spec.id}.pick"))
        # pickers work in opening hours: orders placed at night wait for the morning
        self.opening_hours = WorkingHours(model.clock, [settings.opening_hours])
        on_duty = self.opening_hours.on_duty(model.env.now)
        self.pick_minutes_mean = settings.pick_minutes.mean()
        crew = self.crew  # a crew with drafted volunteers picks at its members' average rate
        self.pickers = ServiceTeam(model.env, crew.headcount(model.env.now) if on_duty else 0,
                                   lambda: pick() * crew.pick_slowdown(),
                                   on_done=self._picked, on_start=self._start_picking)
        # the last opening and closing times: an order placed before the opening waited
        # through the closed hours first
        self._opened_minute = model.env.now if on_duty else -1.0
        self._shut_minute = -1.0
        model.env.process(self.opening_hours.keep(model.env, self._open, self._shut))
        self.book = OrderBook(self, settings.max_orders_per_picker_day, self.pick_minutes_mean)
        self.qualified = not disqualifications(spec, sc.store_selection)
        self.serves: list[Village] = []
        self.confirming: list[Village] = []  # assigned, not yet confirmed: load already planned
        # pickers on duty for locked villages (servers while active, else 0): utilization's base
        self.picker_capacity = TimeWeightedCount(model.env.now)
        self.closed = False
        self.closures = 0
        self.pending_restock: set[str] = set()
        self.out_of_stock: set[str] = set()
        self.ever_out_of_stock: set[str] = set()  # categories it ran out of at some time
        self.orders_by_day: dict[int, int] = {}
        self.units_received = {c: 0.0 for c in self.categories}
        self.units_sold = {c: 0.0 for c in self.categories}
        # bought over the counter: ahead of a lockdown's notice, or by an unlocked village
        self.units_walk_in = {c: 0.0 for c in self.categories}
        self.walk_in_per_day: dict[str, float] = {}  # its own village's counter trade (agents/walk_in_trade.py)

    @property
    def active(self) -> bool:
        return bool(self.serves) and not self.closed

    @property
    def takes_orders(self) -> bool:
        """Open, and today's orders are not yet filled."""
        return not self.closed and not self.full_today()

    def full_today(self) -> bool:
        """Whether the store took what its pickers at work can pick today: the app shows
        "today's orders are filled" until midnight."""
        return self.book.full(self.model.env.now)

    @property
    def daily_order_limit(self) -> int | None:
        """The orders the store may take today (None: it keeps no book)."""
        return self.book.limit if self.book.keeps_book else None

    # --- load: what selection weighs -----------------------------------------------------
    def saturated(self) -> bool:
        """Today's orders filled, or a queue its available pickers would need longer than
        `command_centre.backlog_threshold_minutes` to clear: such a store calls for a reserve
        and is never added as one."""
        return (self.full_today() or self.minutes_to_clear_backlog()
                > self.model.spec.command_centre.backlog_threshold_minutes)

    def planned_load(self, adding: Village | None = None) -> float:
        """Orders a day expected from the villages it serves or is being assigned to (and
        `adding`), over what its pickers at work pick in a day (0 without a book). Set-up has
        no orders to look at yet, so this is the load a planner would reckon from the ledger:
        each village's households x the orders a household makes a day of this kind, shared
        among the village's stores of the kind."""
        if not self.book.keeps_book:
            return 0.0
        capacity = self.book.orders_a_day(self.model.env.now)
        spec = self.model.spec
        rate = orders_per_household_day(spec.households, self.model.goods, self.kind)
        per_village = spec.store_kinds[self.kind].stores_per_village
        villages = list(dict.fromkeys([*self.serves, *self.confirming, *([adding] if adding else [])]))
        orders = sum(len(v.households) * rate / max(per_village, len(v.stores_by_kind.get(self.kind, ())))
                     for v in villages)
        return orders / capacity if capacity > 0 else float("inf")

    def distance_km_to(self, village: Village) -> float:
        """Road km to the village over the roads open now (inf: none leads there)."""
        return self.model.travel.km(self.place, village.place)

    @property
    def pickers_available(self) -> int:
        """The people picking today while the store is open: its crew at work (not resting, not
        sealed out of its village, not isolating) and any drafted volunteers."""
        return self.crew.headcount(self.model.env.now)

    def minutes_to_clear_backlog(self) -> float:
        """How long the pickers at work need for the orders waiting or in hand (on average)."""
        crew = self.crew.picker_equivalents(self.model.env.now)
        return self.pickers.backlog * self.pick_minutes_mean / crew if crew else float("inf")

    def home_sealed(self) -> None:
        """The store's village is sealed: staff living outside cannot come in, and the store
        can serve only its own village (the command centre finds others a replacement), unless
        the scenario lets it pass goods over the gate (`sealed_in_stores_serve_outside`)."""
        self.staff_changed()
        if self.model.spec.store_staff.sealed_in_stores_serve_outside:
            return
        for village in [v for v in self.serves if v is not self.home]:
            kinds = [k for k, stores in village.stores_by_kind.items() if self in stores]
            village.channels.drop_store(self)
            self.model.log_event("store_sealed_in", self.store_id,
                                 f"{self.store_id} is inside sealed {self.home.name}: "
                                 f"no longer serves {village.name}")
            for kind in kinds:
                self.model.command_centre.expand(village, kind, f"{self.store_id} sealed in",
                                                 replacing=True)

    def home_released(self) -> None:
        self.staff_changed()

    def staff_changed(self) -> None:
        """Who can come changed (or a day began): the book is replanned, a store short of
        pickers may draft volunteers, and, open now, the change is at once."""
        now = self.model.env.now
        self.book.plan(now)
        self.crew.draft_if_short(now)
        if self.opening_hours.on_duty(now):
            self.pickers.set_servers(self.pickers_available)
            self._active_changed()

    def _active_changed(self) -> None:
        """Pickers on duty count as available while the store serves a locked village, or
        still works off the orders of one that was released."""
        working = (self.active or self.pickers.backlog > 0) and not self.closed
        self.picker_capacity.set(self.model.env.now, self.pickers.servers if working else 0)

    def _open(self) -> None:
        """Opening time: the pickers start on what waited overnight."""
        self._opened_minute = self.model.env.now
        self.pickers.set_servers(self.pickers_available)
        self._active_changed()

    def _shut(self) -> None:
        """Closing time: pickers finish the order in hand; the rest waits for the morning."""
        self._shut_minute = self.model.env.now
        self.pickers.set_servers(0)
        self._active_changed()

    def stand_down(self, village: Village) -> None:
        """The village is released: this store no longer serves it."""
        if village in self.serves:
            self.serves.remove(village)
            self._active_changed()

    def serve(self, village: Village) -> None:
        if village not in self.serves:
            self.serves.append(village)
            self.stock_up_for.append(village)
            self._active_changed()
            self.crew.draft_if_short(self.model.env.now)
            self.model.log_event("store_assigned", self.store_id,
                                 f"{self.store_id} ({self.kind}, {self.home.name}) serves {village.name}")

    # --- orders -------------------------------------------------------------------------
    def take(self, order: Order) -> None:
        """The platform routed `order` here: it waits for a picker."""
        now = self.model.env.now
        self.book.full(now)  # planned for today before the order counts
        day = self.model.clock.day_index(now)
        taken = self.orders_by_day[day] = self.orders_by_day.get(day, 0) + 1
        self.book.taken(day, taken)
        self.pickers.submit(order)

    def _start_picking(self, order: Order) -> bool:
        model = self.model
        now = model.env.now
        if self.closed:
            model.platform.cancel(order, "store closed")
            return False
        if now - order.placed_minute > model.spec.households.patience_minutes:
            model.platform.cancel(order, "waited too long")
            return False
        filled = {}
        total = 0.0
        stock = self.stock
        sold = self.units_sold
        for c, wanted in order.requested.items():
            have = stock.get(c, 0.0)
            got = wanted if wanted <= have else have
            if got > 0:
                left = have - got
                stock[c] = left
                sold[c] += got
                filled[c] = got
                total += got
                if left <= 1e-9:
                    self._mark_out(c)
        if not filled:
            model.platform.cancel(order, "out of stock")
            return False
        order.filled = filled
        order.units_filled = total
        order.pick_start_minute = now
        if order.placed_minute < self._opened_minute:
            order.waited_closed_minutes = self._opened_minute - max(order.placed_minute, self._shut_minute)
        return True

    def _picked(self, order: Order) -> None:
        order.picked_minute = self.model.env.now
        if not self.serves:  # a released village's last orders: available while they last
            self._active_changed()
        self.model.delivery_group.add_to_outbox(self, order)

    def close(self, reason: str) -> int:
        """Closed (e.g. staff positive): waiting orders are cancelled; no new orders come.
        Returns the closure's number, for `reopen`."""
        self.closed = True
        self.closures += 1
        self._active_changed()
        waiting = list(self.pickers.queue)
        self.pickers.queue.clear()
        for order in waiting:
            self.model.platform.cancel(order, "store closed")
        self.model.log_event("store_closed", self.store_id, f"{self.store_id} closed: {reason}")
        return self.closures

    def close_for(self, hours: float | None, reason: str) -> int:
        """Close now and, with `hours`, reopen after them (unless closed again meanwhile)."""
        closure = self.close(reason)
        if hours is not None:
            call_later(self.model.env, hours * 60,
                       lambda _event: self.reopen(closure, f"after {hours:g} h"))
        return closure

    def reopen(self, closure: int, reason: str) -> bool:
        """Reopen after closure number `closure`, unless the store was closed again since."""
        if not self.closed or closure != self.closures:
            return False
        self.closed = False
        self._active_changed()
        self.model.log_event("store_reopened", self.store_id, f"{self.store_id} reopens: {reason}")
        return True

    # --- stock --------------------------------------------------------------------------
    def receive(self, category: str, units: float) -> None:
        self.stock[category] = self.stock.get(category, 0.0) + units
        self.units_received[category] = self.units_received.get(category, 0.0) + units
        self.pending_restock.discard(category)
        if units > 0 and category in self.out_of_stock:
            self.out_of_stock.discard(category)
            if not self.out_of_stock:
                self.model.stats.stores_out_of_stock.add(self.model.env.now, -1)

    def room_for(self, category: str) -> float:
        """What the shelves (and, while it stocks up, the back room) can still take of
        `category`, counting what is on the way: stock is bounded by floor area (stock per m2 x
        floor area), so no restock orders past it. Stock held in the back room fills the
        shelves first, so the shelves have room again only once the stock falls below them."""
        on_the_way = self.model.shipments.on_the_way(self, category)
        capacity = self.shelf_capacity.get(category, 0.0)
        if self.stocking_up:
            capacity += self.back_room_capacity.get(category, 0.0)
        return max(0.0, capacity - self.stock.get(category, 0.0) - on_the_way)

    def stocks_up_tonight(self) -> bool:
        """Whether it took on a locked village since the last overnight order and still serves
        it, in a scenario whose stores stock up (`restocking.lockdown_stock_up_days`)."""
        return (self.model.spec.restocking.lockdown_stock_up_days > 0
                and any(village in self.serves for village in self.stock_up_for))

    def take_for_urgent(self, category: str, units: float) -> float:
        """Urgent-medicine staff buy up to `units` of `category`; returns what they got."""
        return self._take_off_shelf(category, units, self.units_sold)

    def sell_over_the_counter(self, category: str, units: float) -> float:
        """Walk-in customers take up to `units` of `category` off the shelf; returns what they got."""
        return self._take_off_shelf(category, units, self.units_walk_in)

    def _take_off_shelf(self, category: str, units: float, tally: dict[str, float]) -> float:
        got = min(units, self.stock.get(category, 0.0))
        if got > 0:
            self.stock[category] -= got
            tally[category] += got
            if self.stock[category] <= 1e-9:
                self._mark_out(category)
        return got

    def _mark_out(self, category: str) -> None:
        self.ever_out_of_stock.add(category)
        if category not in self.out_of_stock:
            if not self.out_of_stock:
                self.model.stats.stores_out_of_stock.add(self.model.env.now, 1)
            self.out_of_stock.add(category)

    def overnight_estimate(self) -> dict[str, float]:
        """Tomorrow's demand estimated from the locked population served, per category.

        This is what the hub store's owner did the night Ma village was locked: population
        times daily consumption, for her share of each village (the source: 3,000 kg). A
        village taken on since the last night counts `restocking.lockdown_stock_up_days` of
        demand when set, the others `restocking.cover_days`.
        """
        sc = self.model.spec
        cover = sc.restocking.cover_days
        stock_up = max(sc.restocking.lockdown_stock_up_days, cover)  # never less than a usual night
        # people whose share of this kind of shopping comes here (serves: locked villages only),
        # in days of demand
        share = daily_share_through(sc.households, self.model.goods, self.kind)
        person_days = sum(village.population * share
                          / max(1, len(village.stores_by_kind.get(self.kind, ())))
                          * (stock_up if village in self.stock_up_for else cover)
                          for village in self.serves)
        estimate = {c: person_days * sc.consumption_per_person_day[c].mean()
                    for c in self.categories}
        if self.walk_in_per_day and not self.home.locked:  # and the counter trade of its village
            for c, units in self.walk_in_per_day.items():
                estimate[c] += units * cover
        return estimate

    def overnight_order(self) -> dict[str, float]:
        """The estimate less the stock, up to what the shelves hold with what is on the way (and
        the back room, while it stocks up)."""
        wants = {}
        for c, estimate in self.overnight_estimate().items():
            want = min(estimate - self.stock.get(c, 0.0), self.room_for(c))
            if want > 0:
                wants[c] = want
        return wants


@contextmanager
def back_rooms_open(stores):
    """While inside, deliveries to `stores` may fill their back rooms too: the goods the
    command centre buys for a store at the table are stored as the hub's owner stored his."""
    saved = [store.stocking_up for store in stores]
    for store in stores:
        store.stocking_up = True
    try:
        yield
    finally:
        for store, was in zip(stores, saved, strict=True):
            store.stocking_up = was
