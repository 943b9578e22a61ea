"""Invariants of the simulated world, shared by the property tests and the agent tests."""

from __future__ import annotations

import math

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


def check_stock_within_storage(model) -> None:
    """A store's stock is bounded by its floor area (shelves and back room per m2 x floor
    area), and so is what it has on the way."""
    for store in model.stores:
        assert not store.stocking_up, f"{store.store_id}: back room left open between events"
        for c, shelves in store.shelf_capacity.items():
            capacity = shelves + store.back_room_capacity.get(c, 0.0)
            held = store.stock[c] + model.shipments.on_the_way(store, c)
            assert held <= capacity + TOL, f"{store.store_id} {c}: {held} held > room {capacity}"


def check_suppliers_within_limits(model) -> None:
    """No supplier ships more of a category on a day than its daily capacity, loads a truck
    past its load, or sends more trucks on a day than it has."""
    for supplier in model.suppliers:
        for day, shipped in supplier.shipped_by_day.items():
            for c, units in shipped.items():
                cap = supplier.daily_capacity.get(c)
                assert cap is None or units <= cap + TOL, f"{supplier.name} day {day} {c}: {units} > {cap}"
        trucks: dict[int, int] = {}
        for day, kg in supplier.truck_loads:
            assert 0 < kg <= supplier.truck_load_kg + TOL, f"{supplier.name}: a truck of {kg} kg"
            trucks[day] = trucks.get(day, 0) + 1
        if supplier.trucks_per_day is not None:
            assert all(n <= supplier.trucks_per_day for n in trucks.values()), (supplier.name, trucks)
        loaded = sum(kg for _, kg in supplier.truck_loads)
        assert math.isclose(loaded, sum(supplier.units_shipped.values()), rel_tol=1e-9, abs_tol=1e-6)


def check_goods_conserved(model, orders) -> None:
    """Per category: shelves + sold = initial + received; sold = filled orders + urgent buys;
    shipped by suppliers and depot = received by stores, depot and village gates + still on
    the road; what came to the gates in bulk (group pallets, packs) = what the orders without
    a store that reached the gate were filled with."""
    for c in model.categories:
        initial = sum(s.shelf_capacity.get(c, 0.0) for s in model.stores)
        received = sum(s.units_received.get(c, 0.0) for s in model.stores)
        on_shelves = sum(s.stock.get(c, 0.0) for s in model.stores)
        sold = sum(s.units_sold.get(c, 0.0) for s in model.stores)
        over_the_counter = sum(s.units_walk_in.get(c, 0.0) for s in model.stores)
        assert math.isclose(initial + received, on_shelves + sold + over_the_counter,
                            rel_tol=1e-9, abs_tol=TOL), c
        picked = sum(o.filled.get(c, 0.0) for o in orders if o.pick_start_minute == o.pick_start_minute)
        urgent = model.stats.urgent_medicine_units if c == model.goods.medicine else 0.0
        assert math.isclose(sold, picked + urgent, rel_tol=1e-9, abs_tol=TOL), c
        shipped = sum(s.units_shipped.get(c, 0.0) for s in model.suppliers)
        released = model.depot.units_released.get(c, 0.0)
        depot_in = model.depot.units_received.get(c, 0.0)
        at_gates = model.gate_goods.units_received[c]
        assert math.isclose(shipped + released,
                            received + depot_in + at_gates + model.shipments.in_transit[c],
                            rel_tol=1e-9, abs_tol=1e-6), c
        bulk = sum(o.filled.get(c, 0.0) for o in orders
                   if o.store is None and o.gate_minute == o.gate_minute)
        assert math.isclose(at_gates, bulk, rel_tol=1e-9, abs_tol=1e-6), c
        depot_initial = model.depot.units_initial.get(c, 0.0)
        depot_out = (released + model.depot.units_spoiled.get(c, 0.0)
                     + model.depot.units_rotated.get(c, 0.0))  # spoiled and rotated leave too
        assert math.isclose(depot_initial + depot_in, model.depot.stock.get(c, 0.0) + depot_out,
                            rel_tol=1e-9, abs_tol=1e-6), c
        lots = sum(units for _, units in model.depot.lots.get(c, ()))
        assert math.isclose(lots, model.depot.stock.get(c, 0.0), rel_tol=1e-9, abs_tol=1e-6), c
        delivered = sum(o.filled.get(c, 0.0) for o in orders if o.status == "delivered")
        assert math.isclose(delivered, model.stats.units_delivered_by_category[c],
                            rel_tol=1e-9, abs_tol=TOL), c


def check_pantries_conserved(model, orders) -> None:
    """Per household and food category: stock = start + delivered - eaten - wasted, never
    below zero, and what came is what its delivered orders brought; the same in energy (eaten
    + wasted + at home = start + delivered, at each category's kcal per unit)."""
    now = model.env.now
    kcal = model.diet.kcal_per_unit
    brought: dict = {}
    for o in orders:
        if o.status == "delivered":
            for c, units in o.filled.items():
                brought[(o.household, c)] = brought.get((o.household, c), 0.0) + units
    for village in model.villages.values():
        for household in village.households:
            pantry = household.pantry
            stretch = pantry.pending(now)
            energy_out = energy_in = 0.0
            for i, c in enumerate(model.goods.pantry):
                stock = pantry.stock_at(i, now)
                eaten = pantry.tally.eaten[i] + stretch.eaten[i]
                wasted = pantry.tally.wasted[i] + stretch.wasted[i]
                delivered = pantry.tally.delivered[i]
                assert stock >= 0, (household.household_id, c, stock)
                assert math.isclose(stock, household.initial_stock[i] + delivered - eaten - wasted,
                                    rel_tol=1e-9, abs_tol=TOL), (household.household_id, c)
                assert math.isclose(delivered, brought.get((household, c), 0.0),
                                    rel_tol=1e-9, abs_tol=TOL), (household.household_id, c)
                energy_out += (eaten + wasted + stock) * kcal[i]
                energy_in += (household.initial_stock[i] + delivered) * kcal[i]
            assert math.isclose(energy_out, energy_in, rel_tol=1e-9, abs_tol=TOL * max(kcal)), \
                household.household_id


def check_food_orders_sell_what_runs_low(model, watched) -> None:
    """Every food order went to a kind that sells the category the household was running
    out of first, and asked for some food."""
    for order, lowest in watched:
        assert lowest in model.store_categories[order.kind], (order.kind, lowest)
        assert any(c in model.goods.pantry and units > 0 for c, units in order.requested.items())


def check_orders_inside_channel_windows(model, orders) -> None:
    """Orders to stores come only through an open channel (group lists and packs do not
    go through a store's channel)."""
    windows = model.stats.channel_windows
    for o in orders:
        if o.store is None:
            continue
        ok = any(w[0] == o.village.name and w[1] == o.kind and w[2] <= o.placed_minute
                 and (w[3] is None or o.placed_minute <= w[3]) for w in windows)
        assert ok, f"order {o.order_id} ({o.village.name}, {o.kind}) at {o.placed_minute} outside a channel window"


def check_timestamps_ordered(orders) -> None:
    for o in orders:
        assert o.asked_minute <= o.placed_minute + TOL
        if o.status == "delivered" and o.store is None:  # bulk to the gate: no store, no courier
            assert o.placed_minute <= o.gate_minute + TOL and o.gate_minute <= o.delivered_minute + TOL
            assert o.courier_id == -1 and o.pick_start_minute != o.pick_start_minute
        elif o.status == "delivered":
            seq = [o.placed_minute, o.pick_start_minute, o.picked_minute, o.batch_ready_minute,
                   o.dispatched_minute, o.gate_minute, o.delivered_minute]
            assert all(a <= b + TOL for a, b in zip(seq, seq[1:])), seq
            assert o.courier_id >= 0


def check_work_inside_working_hours(model, orders) -> None:
    """Pickers start orders only in opening hours, couriers leave only on duty (their trips'
    whole length and their day's bounds: `check_couriers_kept_their_days`), urgent staff and
    gate volunteers start work on duty."""
    couriers = model.delivery_group.couriers
    for o in orders:
        if o.delivered_minute == o.delivered_minute:  # no door round before the gate's duty starts
            gate_hours = o.village.gate.duty_hours
            assert o.delivered_minute >= gate_hours.next_start(o.gate_minute) - TOL
        if o.pick_start_minute == o.pick_start_minute:
            assert o.store.opening_hours.on_duty(o.pick_start_minute), (o.store.store_id, o.pick_start_minute)
        if o.dispatched_minute == o.dispatched_minute:
            hours = couriers[o.courier_id].day.hours
            assert hours.on_duty_after(o.dispatched_minute), (o.courier_id, o.dispatched_minute)
    hours = model.command_centre.urgent_staff_hours
    for called, pickup, _ in model.stats.urgent:  # no staff at a door before their duty starts
        assert called + pickup >= hours.next_start(called) - TOL


def courier_duty_spans(model, courier_id: int, work_day: int) -> list[tuple[float, float]]:
    """The minutes a courier is on duty on its work days `work_day` - 1 to `work_day` + 1, as
    the scenario says them (its shift less its staggered break, none on a rest day), touching
    spans joined: worked out from the rota and the break's hour, not from the courier's hours."""
    from sim.domain.rotas import Rota, staggered_break_hour
    from sim.domain.working_hours import shift_spans

    sc = model.spec.couriers
    rota = Rota(sc.rota.days_on, sc.rota.days_off)
    own_break = (None if sc.break_hour is None else
                 staggered_break_hour(sc.break_hour, sc.break_spread_hours, courier_id,
                                      max(1, sc.whitelist_size)))
    spans = []
    for day in (work_day - 1, work_day, work_day + 1):
        if not rota.rests_on(day, courier_id):
            midnight = model.clock.day_start_minute(day)
            spans += [(midnight + s * 60, midnight + e * 60)
                      for s, e in shift_spans(sc.shift_hours, own_break, sc.break_minutes)]
    joined: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if joined and start <= joined[-1][1] + TOL:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def check_couriers_kept_their_days(model, trips) -> None:
    """No courier works past its hours or on its rest day: every trip (courier, start minute,
    minutes) lies inside one of the courier's spans on duty, and a courier's trips and minutes
    on trips of a work day (from its shift's start hour) stay within the day's bounds."""
    sc = model.spec.couriers
    per_day: dict[tuple, list[float]] = {}
    for courier_id, start, minutes in trips:
        day = model.clock.day_index(start - sc.shift_hours[0] * 60)
        end = start + minutes
        assert any(s - TOL <= start and end <= e + TOL
                   for s, e in courier_duty_spans(model, courier_id, day)), (courier_id, start, end)
        per_day.setdefault((courier_id, day), []).append(minutes)
    for (courier_id, day), minutes in per_day.items():
        assert len(minutes) <= sc.max_trips_per_day, (courier_id, day, len(minutes))
        assert sum(minutes) <= sc.max_trip_hours_per_day * 60 + TOL, (courier_id, day, sum(minutes))


class OrderRecorder:
    """Keeps every order object a model creates (the log keeps rows, tests want objects)."""

    def __init__(self, model):
        self.orders = []
        platform = model.platform
        original = platform.place
        original_without_store = platform.open_without_store

        def place(*args, **kwargs):
            order = original(*args, **kwargs)
            if order is not None:  # None: refused, never placed
                self.orders.append(order)
            return order

        def open_without_store(*args, **kwargs):
            order = original_without_store(*args, **kwargs)
            self.orders.append(order)
            return order

        platform.place = place
        platform.open_without_store = open_without_store


class WhitelistWatcher:
    """Records the whitelist status of every courier at the moment it starts a trip."""

    def __init__(self, model):
        self.trips = []
        self.trip_minutes = []  # (courier id, minute) of each trip's start
        self.trip_lengths = []  # (courier id, minute, minutes) of each trip
        self.model = model
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
            self.trip_minutes.append((courier.courier_id, self.model.env.now))
            # the trip's length, from the draws it is about to take
            minutes = courier.next_trip.minutes(courier.trip_km(store, village), len(batch))[-1]
            self.trip_lengths.append((courier.courier_id, self.model.env.now, minutes))
            assert courier._kept_away() is None  # never from a sealed home or from isolation
            return original(store, village, batch)

        courier.start_trip = start_trip
        return courier


class UrgentPurchaseWatcher:
    """Checks every pharmacy staff are sent to for an urgent purchase, at that moment: one store
    selection would accept (licensed, no infection risk, big enough), open, and not inside a
    sealed village other than the caller's unless it serves the caller's village."""

    def __init__(self, model):
        self.purchases = 0
        urgent = model.command_centre.urgent
        original = urgent.pharmacy_for

        def pharmacy_for(village):
            pharmacy = original(village)
            if pharmacy is not None:
                self.purchases += 1
                assert pharmacy.qualified and not pharmacy.closed, pharmacy.store_id
                assert (pharmacy.home is village or not pharmacy.home.locked
                        or village in pharmacy.serves), pharmacy.store_id
            return pharmacy

        urgent.pharmacy_for = pharmacy_for


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
                lowest = household.pantry.first_to_run_out(household.village.channels.food_on_sale())[0]
            order = original(household, kind, requested, purpose, *args, **kwargs)
            if lowest is not None and order is not None:  # None: refused, today's orders filled
                self.orders.append((order, household.model.goods.pantry[lowest]))
            return order

        platform.place = place
