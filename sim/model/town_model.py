"""The town model: a `mesa.Model` that owns a `simpy.Environment`; it builds, steps, runs, reports.

Time: one clock, SimPy's `env.now`, in minutes since `run.start` (`sim/domain/clock.py` turns it into
days and wall times). One Mesa step is one reporting tick of `run.tick_minutes`: `step()` runs
the environment to the tick's end and records one row of the time series. The row of tick k
describes the town after every event strictly before minute (k+1)*tick_minutes (SimPy's
`run(until=t)` stops before events at t). `mesa.batch_run` and Mesa's own tools therefore see an
ordinary model. The path of an order is in ARCHITECTURE.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import mesa
import simpy

from agents.ad_hoc_licensing import AdHocLicensing
from agents.command_centre import CommandCentre
from agents.delivery_group import DeliveryGroup
from agents.depot import Depot
from agents.disruptions import schedule_disruptions
from agents.gate_goods import GateGoods
from agents.group_buying import GroupBuying
from agents.notice import buy_ahead
from agents.offline_orders import OfflineOrders
from agents.order_book import plan_each_morning
from agents.platform import OrderingPlatform
from agents.push_packs import PushPacks
from agents.road_closures import RoadClosures
from agents.shipments import Shipments
from agents.staff_tests import daily_staff_tests
from agents.store import Store
from agents.supplier import Supplier
from agents.village import Village
from agents.walk_in_trade import walk_in_trade
from sim.core.entity_draws import DrawFactory
from sim.core.packaged_data import default_scenario_path
from sim.core.random_streams import RandomStreams
from sim.core.roads import COMMAND_CENTRE, Travel
from sim.core.units import MINUTES_PER_DAY
from sim.domain.clock import Clock
from sim.domain.diet import Diet
from sim.domain.orders import OrderLog
from sim.domain.policies import make_routing
from sim.engine import WakeupBuckets, call_later, fewer_gc_passes, run_until
from sim.model.metrics import RunStatistics, compute_kpis
from sim.model.timeseries import TimeSeries
from sim.scenario import Scenario


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
        from sim.inputs.scenario_loading import load_scenario, scenario_with_overrides

        scenario = load_scenario(scenario or default_scenario_path()) \
            if not isinstance(scenario, Scenario) else scenario
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
        self.entity_draws = DrawFactory(self.streams, scenario.run.random_numbers)
        self.env = simpy.Environment()
        self.clock = Clock(scenario.run.start)
        self.wakeups = WakeupBuckets(self.env)
        self.horizon_minutes = scenario.horizon_minutes
        self.goods = scenario.goods  # the town's categories and store kinds
        self.diet = Diet.of(scenario)  # what the pantry's categories are worth as food
        self.categories = self.goods.categories
        self.store_categories = {k: list(v) for k, v in self.goods.sells.items()}
        self.stats = RunStatistics(self.goods, several_channels=len(scenario.order_channels) > 1)
        self.events: list[dict] = []
        self.shipments = Shipments(self.env, self.categories)
        self.travel = Travel.for_scenario(scenario)  # every trip's km

        self.routing = make_routing(scenario.store_selection)  # villages ask it (may keep turns)
        self.villages: dict[str, Village] = {v.name: Village(self, v) for v in scenario.villages}
        self.stores: list[Store] = [Store(self, s, self.villages[s.village]) for s in scenario.ledger.stores]
        self.stores_by_id: dict[str, Store] = {s.store_id: s for s in self.stores}
        self.suppliers = [Supplier(self, s, i) for i, s in enumerate(scenario.suppliers)]
        self.suppliers_by_name: dict[str, Supplier] = {s.name: s for s in self.suppliers}
        self.depot = Depot(self)
        self.delivery_group = DeliveryGroup(self)
        cc = scenario.command_centre
        start = self.travel.place(COMMAND_CENTRE, cc.x_km, cc.y_km)
        for _ in range(scenario.couriers.whitelist_size):
            self.delivery_group.add_courier(start)
        self.command_centre = CommandCentre(self)
        self.ad_hoc_licensing = AdHocLicensing(self)  # the command centre's inspections
        self.offline_orders = OfflineOrders(self)
        self.road_closures = RoadClosures(self)
        self.platform = OrderingPlatform(
            self, OrderLog(self.categories, order_log_path) if scenario.run.order_log else None)
        self.gate_goods = GateGoods(self.categories)  # bulk goods at the gates (group, packs)
        self.group_buying = GroupBuying(self)
        self.push_packs = PushPacks(self)
        self.timeseries = TimeSeries(self)
        self.datacollector = self.timeseries.collector  # Mesa's convention: batch_run reads it
        for lockdown in scenario.lockdowns:
            village = self.villages[lockdown.village]
            if lockdown.notice_hours > 0:
                notice = max(0.0, lockdown.start_day * MINUTES_PER_DAY - lockdown.notice_hours * 60)
                call_later(self.env, notice, lambda _e, v=village: buy_ahead(self, v))
            call_later(self.env, lockdown.start_day * MINUTES_PER_DAY,
                       lambda _e, v=village, days=lockdown.days: self.command_centre.village_sealed(v, days))
        self.env.process(self.command_centre.monitor())
        self.env.process(self.command_centre.overnight_restock())
        self.env.process(daily_staff_tests(self))
        self.env.process(plan_each_morning(self))
        schedule_disruptions(self)
        if scenario.walk_in.daily_consumption_share > 0:
            self.env.process(walk_in_trade(self))
        self.tick = 0
        self.ticks_total = math.ceil(self.horizon_minutes / scenario.run.tick_minutes)
        self.running = True

    def step(self) -> None:
        """Advance one reporting tick and record it."""
        if not self.running:
            return
        tick_end = min((self.tick + 1) * self.spec.run.tick_minutes, self.horizon_minutes)
        run_until(self.env, tick_end)
        self.tick += 1
        self.timeseries.record()
        if tick_end >= self.horizon_minutes:
            self.running = False
            self.platform.finish()

    def run_episode(self, progress: Callable[[int, int], None] | None = None) -> dict:
        """Run to the horizon; returns the KPIs. `progress(tick, ticks_total)` after each tick."""
        with fewer_gc_passes(collect_first=True):
            while self.running:
                self.step()
                if progress is not None:
                    progress(self.tick, self.ticks_total)
        return self.kpis()

    def kpis(self) -> dict:
        return compute_kpis(self)

    def log_event(self, kind: str, who: str, text: str) -> None:
        self.events.append({"minute": self.env.now, "kind": kind, "who": who, "text": text})
