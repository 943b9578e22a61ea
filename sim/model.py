"""The town model: a `mesa.Model` that owns a `simpy.Environment`.

Time: one clock, SimPy's `env.now`, in minutes since `run.start`. One Mesa step is one
reporting tick of `run.tick_minutes`: `step()` runs the environment to the tick's end and
records one row of the time series. The row of tick k describes the town after every event
strictly before minute (k+1)*tick_minutes (SimPy's `run(until=t)` stops before events at t).
`mesa.batch_run` and Mesa's own tools therefore see an ordinary model.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import mesa
import simpy

from agents.command_centre import CommandCentre
from agents.delivery_group import DeliveryGroup
from agents.depot import Depot
from agents.store import Store
from agents.supplier import Supplier
from agents.village import Village
from sim.calendar import Calendar
from sim.metrics import RunStatistics, compute_kpis
from sim.orders import Order, OrderLog
from sim.policies import select_stores
from sim.random_streams import RandomStreams
from sim.scenario import CATEGORIES, FOOD_KINDS, MINUTES_PER_DAY, Scenario
from sim.timeseries import TimeSeries
from sim.wakeups import run_until


class TownModel(mesa.Model):
    """One lockdown episode of the town.

    Args:
        scenario: a validated `Scenario`, or a path to a scenario TOML file.
        seed: root seed of every random stream (defaults to the scenario's `run.seed`).
        rng: accepted for `mesa.batch_run`, which passes its seed under this name.
        order_log_path: write the order log to this Parquet file in chunks; None keeps it in
            memory when the scenario asks for an order log.
        overrides: values set by dotted path before the run (e.g. ``{"couriers.whitelist_size": 150}``).
    """

    def __init__(self, scenario: Scenario | str | Path | None = None, seed: int | None = None,
                 rng: int | None = None, order_log_path: Path | None = None,
                 overrides: dict | None = None, **dotted_overrides):
        from sim.scenario_loading import load_scenario, scenario_with_overrides

        if scenario is None:
            scenario = default_scenario_path()
        if not isinstance(scenario, Scenario):
            scenario = load_scenario(scenario)
        merged = dict(overrides or {})
        merged.update({k.replace("__", "."): v for k, v in dotted_overrides.items()})
        if merged:
            scenario = scenario_with_overrides(scenario, merged)
        if seed is None:
            seed = rng if isinstance(rng, int) else scenario.run.seed
        super().__init__(rng=int(seed))
        self.spec = scenario  # our Scenario (Mesa reserves `model.scenario` for its own)
        self.seed = int(seed)
        self.streams = RandomStreams(self.seed)
        self.env = simpy.Environment()
        self.calendar = Calendar(self.env)
        self.horizon_minutes = scenario.horizon_minutes
        start = scenario.run.start
        self.start_minute_of_day = start.hour * 60 + start.minute
        self.categories = CATEGORIES
        self.store_categories = {k: list(v.categories) for k, v in scenario.store_kinds.items()}
        self.stats = RunStatistics()
        self.events: list[dict] = []
        self.goods_in_transit = {c: 0.0 for c in CATEGORIES}
        self._next_order_id = 0
        self.open_orders: dict[int, Order] = {}
        self.food_order_cap_per_day: int | None = None  # the platform's cap per household (a decision)
        self.order_log = OrderLog(order_log_path) if scenario.run.order_log else None

        self.villages: dict[str, Village] = {v.name: Village(self, v) for v in scenario.villages}
        self.stores: list[Store] = [Store(self, s, self.villages[s.village]) for s in scenario.ledger.stores]
        self.suppliers = [Supplier(self, s, i) for i, s in enumerate(scenario.suppliers)]
        self.depot = Depot(self)
        self.delivery_group = DeliveryGroup(self)
        cc = scenario.command_centre
        for _ in range(scenario.couriers.whitelist_size):
            self.delivery_group.add_courier(cc.x_km, cc.y_km)
        self.command_centre = CommandCentre(self)
        self.timeseries = TimeSeries(self)
        self.datacollector = mesa.DataCollector(model_reporters={
            "orders_placed": lambda m: m.stats.orders_placed,
            "orders_delivered": lambda m: m.stats.orders_delivered,
            "orders_open": lambda m: len(m.open_orders),
        })
        for lockdown in scenario.lockdowns:
            self.env.process(self._lockdown_schedule(lockdown))
        self.env.process(self.command_centre.monitor())
        self.env.process(self.command_centre.overnight_restock())
        self.tick = 0
        self.ticks_total = math.ceil(self.horizon_minutes / scenario.run.tick_minutes)
        self.running = True
        self._finished = False

    # --- time ---------------------------------------------------------------------------
    def step(self) -> None:
        """Advance one reporting tick and record it."""
        if not self.running:
            return
        tick_end = min((self.tick + 1) * self.spec.run.tick_minutes, self.horizon_minutes)
        run_until(self.env, tick_end)
        self.tick += 1
        self.timeseries.record()
        self.datacollector.collect(self)
        if tick_end >= self.horizon_minutes:
            self.running = False
            self._finish()

    def run_episode(self, progress: Callable[[int, int], None] | None = None) -> dict:
        """Run to the horizon; returns the KPIs. `progress(tick, ticks_total)` after each tick."""
        with fewer_gc_passes():
            while self.running:
                self.step()
                if progress is not None:
                    progress(self.tick, self.ticks_total)
        return self.kpis()

    def _finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        if self.order_log is not None:
            for order in self.open_orders.values():
                self.order_log.add(order)
            self.order_log.close()

    def kpis(self) -> dict:
        return compute_kpis(self)

    def day_index(self, minute: float) -> int:
        """The calendar day of `minute`, counted from the run's first (midnight to midnight)."""
        return int((minute + self.start_minute_of_day) // MINUTES_PER_DAY)

    def clock_times(self, hour_of_day: float | Callable[[], float], after: float):
        """Each day's minute at which the clock shows `hour_of_day` (a number, or a draw made
        for each day), from `after` on: the rhythm of nightly orders and daily tests."""
        day = self.day_index(after)
        while True:
            hour = hour_of_day() if callable(hour_of_day) else hour_of_day
            at = day * MINUTES_PER_DAY - self.start_minute_of_day + hour * 60
            day += 1
            if at >= after:
                yield at

    def minute_to_datetime(self, minute: float):
        import datetime as dt

        return self.spec.run.start + dt.timedelta(minutes=float(minute))

    def _lockdown_schedule(self, lockdown):
        env = self.env
        village = self.villages[lockdown.village]
        yield env.timeout(lockdown.start_day * MINUTES_PER_DAY)
        epoch = village.lock()
        env.process(self.command_centre.lockdown(village))
        if lockdown.days is not None:
            yield env.timeout(lockdown.days * MINUTES_PER_DAY)
            village.release(epoch)  # not a later lockdown of the same village

    # --- orders -------------------------------------------------------------------------
    def place_order(self, household, kind: str, requested: dict, need: tuple):
        """A household's order enters the channel; `need` is what the household needs back
        when it closes (days asked for, purpose, lockdown epoch)."""
        village = household.village
        store = village.route(kind)
        order = Order(self._next_order_id, household, village, kind, store, requested, self.env.now)
        order.need = need
        self._next_order_id += 1
        self.stats.orders_placed += 1
        village.orders_placed += 1
        self.open_orders[order.order_id] = order
        if store is None:
            self.cancel_order(order)
        else:
            store.take(order)
        return order

    def cancel_order(self, order: Order) -> None:
        order.cancelled_minute = self.env.now
        self.stats.order_cancelled(order)
        order.village.orders_cancelled += 1
        self._close(order, False)

    def deliver_order(self, order: Order) -> None:
        order.delivered_minute = self.env.now
        self.stats.order_delivered(order)
        order.village.orders_delivered += 1
        self._close(order, True)

    def _close(self, order: Order, delivered: bool) -> None:
        del self.open_orders[order.order_id]
        if self.order_log is not None:
            self.order_log.add(order)
        order.household.order_closed(order, delivered)

    # --- goods --------------------------------------------------------------------------
    def arrive(self, event) -> None:
        """A shipment (from a supplier or the depot) reaches a store or the depot."""
        receiver, category, units = event.value
        self.goods_in_transit[category] -= units
        receiver.receive(category, units)

    def kind_share(self, village: Village, kind: str) -> float:
        """The share of a village's daily consumption that goes through stores of `kind`."""
        hh = self.spec.households
        if kind == "pharmacy":  # per person: orders a household makes a day x days each covers
            return hh.pharmacy_orders_per_household_day * hh.basket_days.mean()
        weights = hh.food_kind_weights
        total = sum(w for k, w in weights.items() if k in FOOD_KINDS)
        return weights.get(kind, 0.0) / total if total else 0.0

    def select_stores(self, village: Village, kind: str, known: set[str], count: int | None = -1):
        """Stores of `kind` for `village` from the ledger (store-selection policy)."""
        if count == -1:
            count = self.spec.store_kinds[kind].stores_per_village
        return select_stores(self, village, kind, known, count)

    def log_event(self, kind: str, who: str, text: str) -> None:
        self.events.append({"minute": self.env.now, "kind": kind, "who": who, "text": text})


@contextmanager
def fewer_gc_passes(young_threshold: int = 50_000):
    """Keep the cyclic garbage collector off the town's long-lived objects during an episode.

    A town keeps tens of thousands of live objects (households, stores, pending events) and
    creates a few short-lived ones per event; with Python's defaults the collector walks the
    long-lived ones again and again, about a fifth of an episode. Freezing what exists at the
    start and collecting young objects less often removes that; reference counting still frees
    almost everything at once. Everything is restored afterwards.
    """
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(young_threshold, before[1], before[2])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def default_scenario_path() -> Path:
    return Path(__file__).resolve().parent.parent / "experiments" / "beizang-2022.toml"
