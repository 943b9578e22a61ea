"""Invariants of the simulated world, shared by the property tests and the agent tests."""

from __future__ import annotations

import math

from sim.scenario import FOOD_CATEGORIES

TOL = 1e-6


def check_orders_conserved(model) -> None:
    st = model.stats
    assert st.orders_placed == st.orders_delivered + st.orders_cancelled + len(model.platform.open_orders)


def check_stock_non_negative(model) -> None:
    for store in model.stores:
        for c, units in store.stock.items():
            assert units >= -TOL, f"{store.store_id} {c} stock {units}"
    for c, units in model.depot.stock.items():
        assert units >= -TOL, f"depot {c} stock {units}"


def check_goods_conserved(model, orders) -> None:
    """Per category: shelves + sold = initial + received; sold = filled orders + urgent buys;
    shipped by suppliers and depot = received by stores and depot + still on the road."""
    for c in model.categories:
        initial = sum(s.shelf_capacity.get(c, 0.0) for s in model.stores)
        received = sum(s.units_received.get(c, 0.0) for s in model.stores)
        on_shelves = sum(s.stock.get(c, 0.0) for s in model.stores)
        sold = sum(s.units_sold.get(c, 0.0) for s in model.stores)
        assert math.isclose(initial + received, on_shelves + sold, rel_tol=1e-9, abs_tol=TOL), c
        picked = sum(o.filled.get(c, 0.0) for o in orders if o.pick_start_minute == o.pick_start_minute)
        urgent = model.stats.urgent_medicine_units if c == "medicine" else 0.0
        assert math.isclose(sold, picked + urgent, rel_tol=1e-9, abs_tol=TOL), c
        shipped = sum(s.units_shipped.get(c, 0.0) for s in model.suppliers)
        released = model.depot.units_released.get(c, 0.0)
        depot_in = model.depot.units_received.get(c, 0.0)
        assert math.isclose(shipped + released, received + depot_in + model.shipments.in_transit[c],
                            rel_tol=1e-9, abs_tol=1e-6), c
        depot_initial = model.depot.units_initial.get(c, 0.0)
        assert math.isclose(depot_initial + depot_in, model.depot.stock.get(c, 0.0) + released,
                            rel_tol=1e-9, abs_tol=1e-6), c
        delivered = sum(o.filled.get(c, 0.0) for o in orders if o.status == "delivered")
        assert math.isclose(delivered, model.stats.units_delivered_by_category[c],
                            rel_tol=1e-9, abs_tol=TOL), c


def check_pantries_conserved(model, orders) -> None:
    """Per household and food category: stock = start + delivered - eaten, never below zero,
    and what came is what its delivered orders brought."""
    now = model.env.now
    brought: dict = {}
    for o in orders:
        if o.status == "delivered":
            for c, units in o.filled.items():
                brought[(o.household, c)] = brought.get((o.household, c), 0.0) + units
    for village in model.villages.values():
        for household in village.households:
            pantry = household.pantry
            stretch = pantry.pending(now)
            for i, c in enumerate(FOOD_CATEGORIES):
                stock = pantry.stock_at(i, now)
                eaten = pantry.tally.eaten[i] + stretch.eaten[i]
                delivered = pantry.tally.delivered[i]
                assert stock >= 0, (household.household_id, c, stock)
                assert math.isclose(stock, household.initial_stock[i] + delivered - eaten,
                                    rel_tol=1e-9, abs_tol=TOL), (household.household_id, c)
                assert math.isclose(delivered, brought.get((household, c), 0.0),
                                    rel_tol=1e-9, abs_tol=TOL), (household.household_id, c)


def check_food_orders_sell_what_runs_low(model, watched) -> None:
    """Every food order went to a kind that sells the category the household was running
    out of first, and asked for some food."""
    for order, lowest in watched:
        assert lowest in model.store_categories[order.kind], (order.kind, lowest)
        assert any(c in FOOD_CATEGORIES and units > 0 for c, units in order.requested.items())


def check_orders_inside_channel_windows(model, orders) -> None:
    windows = model.stats.channel_windows
    for o in orders:
        ok = any(w[0] == o.village.name and w[1] == o.kind and w[2] <= o.placed_minute
                 and (w[3] is None or o.placed_minute <= w[3]) for w in windows)
        assert ok, f"order {o.order_id} ({o.village.name}, {o.kind}) at {o.placed_minute} outside a channel window"


def check_timestamps_ordered(orders) -> None:
    for o in orders:
        if o.status == "delivered":
            seq = [o.placed_minute, o.pick_start_minute, o.picked_minute, o.dispatched_minute,
                   o.gate_minute, o.delivered_minute]
            assert all(a <= b + TOL for a, b in zip(seq, seq[1:])), seq
            assert o.courier_id >= 0


class OrderRecorder:
    """Keeps every order object a model creates (the log keeps rows, tests want objects)."""

    def __init__(self, model):
        self.orders = []
        platform = model.platform
        original = platform.place

        def place(*args, **kwargs):
            order = original(*args, **kwargs)
            self.orders.append(order)
            return order

        platform.place = place


class WhitelistWatcher:
    """Records the whitelist status of every courier at the moment it starts a trip."""

    def __init__(self, model):
        self.trips = []
        group = model.delivery_group
        for courier in group.couriers:
            self._watch(courier)
        add_courier = group.add_courier

        def add_and_watch(*args, **kwargs):
            return self._watch(add_courier(*args, **kwargs))

        group.add_courier = add_and_watch

    def _watch(self, courier):
        original = courier.start_trip

        def start_trip(store, village, batch):
            self.trips.append((courier.courier_id, courier.whitelisted, courier.state, len(batch)))
            return original(store, village, batch)

        courier.start_trip = start_trip
        return courier


class FoodOrderWatcher:
    """Records each food order (regular or extra) with the food category its household was
    running out of first, among those on sale, when it ordered."""

    def __init__(self, model):
        self.orders = []
        platform = model.platform
        original = platform.place

        def place(household, kind, requested, purpose, *args, **kwargs):
            lowest = None
            if purpose in ("food", "extra"):
                lowest = household.pantry.first_to_run_out(household.village.food_on_sale())[0]
            order = original(household, kind, requested, purpose, *args, **kwargs)
            if lowest is not None:
                self.orders.append((order, FOOD_CATEGORIES[lowest]))
            return order

        platform.place = place
