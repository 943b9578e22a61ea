"""One row per reporting tick: what a command centre's wall display would show.

Collected the Mesa way, once: the model's `datacollector` (a `mesa.DataCollector`) holds one
model reporter per column, so `mesa.batch_run` and Mesa's visualisation see every column, and
a table `store_stock` holds the shelves of the stores active at each tick (a long table: only
the few active stores, not every store of the ledger). `TimeSeries.to_pandas()` gives the wide
table written to `timeseries.parquet`, with a `store_<id>_stock_<category>` column per active
store and category.
"""

from __future__ import annotations

import mesa

from agents.courier import COURIER_STATES
from agents.volunteer import works_for
from sim.domain.orders import CANCEL_REASONS, LEAD_TIME_STAGES
from sim.model.resource_use import RESOURCE_CLASSES, resource_minutes

STORE_STOCK = "store_stock"


def _reporters(model) -> dict:
    """Column name -> reporter(model), in the order of the table."""
    villages = list(model.villages.values())
    stores = model.stores
    group = model.delivery_group
    reporters = {
        "tick": lambda m: m.tick,
        "minute": lambda m: m.env.now,
        "time": lambda m: m.clock.to_datetime(m.env.now),
        "villages_locked": lambda m: sum(1 for v in villages if v.locked),
        "orders_placed": lambda m: m.stats.orders_placed,
        "orders_delivered": lambda m: m.stats.orders_delivered,
        "orders_cancelled": lambda m: m.stats.orders_cancelled,
        "orders_open": lambda m: len(m.platform.open_orders),
        "orders_waiting_at_stores": lambda m: sum(s.pickers.backlog for s in stores),
        "orders_waiting_for_courier": lambda m: group.orders_waiting_for_courier(),
        "orders_at_gates": lambda m: sum(v.gate.orders_waiting for v in villages),
        "stores_active": lambda m: sum(1 for s in stores if s.active),
        "stores_out_of_stock": lambda m: m.stats.stores_out_of_stock.value,
        "urgent_requests": lambda m: m.stats.urgent_requests,
        "households_without_food": lambda m: sum(v.households_without_food.count(m.env.now)
                                                 for v in villages),
    }
    if model.travel.has_network:  # a town without roads keeps the columns it had
        closures = model.road_closures
        reporters["orders_held_for_road"] = lambda m: group.orders_held_for_road()
        reporters["orders_blocked_by_road"] = lambda m: closures.orders_blocked  # running total
        reporters["villages_cut_off"] = lambda m: len(closures.cut_off)
    for state in COURIER_STATES:
        reporters[f"couriers_{state}"] = lambda m, state=state: group.roster.counts[state]
    for c in model.categories:
        reporters[f"store_stock_{c}"] = lambda m, c=c: sum(s.stock.get(c, 0.0) for s in stores if s.active)
    for c in model.categories:
        reporters[f"depot_stock_{c}"] = lambda m, c=c: m.depot.stock.get(c, 0.0)
    # running totals, differenced by the report over any window: what limits deliveries
    use = _PerTick(resource_minutes)
    for c in RESOURCE_CLASSES:
        reporters[f"{c}_busy_minutes"] = lambda m, c=c: use(m)[c][0]
        reporters[f"{c}_available_minutes"] = lambda m, c=c: use(m)[c][1]
    for i, stage in enumerate(LEAD_TIME_STAGES):
        reporters[f"lead_minutes_{stage}"] = lambda m, i=i: m.stats.stage_minutes[i]
    for reason in CANCEL_REASONS:
        reporters[f"orders_cancelled_{reason.replace(' ', '_')}"] = \
            lambda m, reason=reason: m.stats.cancelled_by_reason[reason]
    channels = model.spec.order_channels
    if len(channels) > 1:  # a town with only the app keeps the columns it had
        for channel in channels:
            reporters[f"orders_delivered_{channel}"] = \
                lambda m, channel=channel: m.stats.delivered_by_channel.get(channel, 0)
        for work in works_for(channels):
            reporters[f"volunteer_busy_minutes_{work}"] = lambda m, work=work: sum(
                v.gate.busy_minutes_by_work.get(work, 0.0) for v in villages)
    for v in villages:
        reporters[f"village_{v.name}_placed"] = lambda m, v=v: v.orders_placed
        reporters[f"village_{v.name}_delivered"] = lambda m, v=v: v.orders_delivered
        reporters[f"village_{v.name}_open"] = lambda m, v=v: v.orders_open
        reporters[f"village_{v.name}_without_food"] = \
            lambda m, v=v: v.households_without_food.count(m.env.now)
    return reporters


class _PerTick:
    """`compute(model)` once per tick, however many columns read it."""

    def __init__(self, compute):
        self.compute = compute
        self.tick = None
        self.value = None

    def __call__(self, model):
        if model.tick != self.tick:
            self.tick, self.value = model.tick, self.compute(model)
        return self.value


class TimeSeries:
    def __init__(self, model):
        self.model = model
        self.collector = mesa.DataCollector(
            model_reporters=_reporters(model),
            tables={STORE_STOCK: ["tick", "store", "category", "units"]})

    def record(self) -> None:
        model = self.model
        self.collector.collect(model)
        for store in model.stores:
            if store.active:
                for category, units in store.stock.items():
                    self.collector.add_table_row(STORE_STOCK, {
                        "tick": model.tick, "store": store.store_id, "category": category,
                        "units": units})

    def to_pandas(self):
        """The wide table: one row per tick, the shelves of each active store as columns."""
        rows = self.collector.get_model_vars_dataframe()
        shelves = self.collector.get_table_dataframe(STORE_STOCK)
        if shelves.empty:
            return rows
        shelves["column"] = "store_" + shelves["store"] + "_stock_" + shelves["category"]
        wide = shelves.pivot(index="tick", columns="column", values="units")
        wide = wide[list(dict.fromkeys(shelves["column"]))]  # in order of first appearance
        return rows.join(wide, on="tick")
