"""Property tests: invariants of the simulated world over random small towns."""

from hypothesis import given
from hypothesis import strategies as st

from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from sim.scenario import Scenario
from tests.support.store_kinds import scaled_store_kinds
from tests.support.world_checks import (
    FoodOrderWatcher,
    OrderRecorder,
    UrgentPurchaseWatcher,
    WhitelistWatcher,
    check_couriers_kept_their_days,
    check_food_orders_sell_what_runs_low,
    check_goods_conserved,
    check_orders_conserved,
    check_orders_inside_channel_windows,
    check_pantries_conserved,
    check_stock_non_negative,
    check_stock_within_storage,
    check_suppliers_within_limits,
    check_timestamps_ordered,
    check_work_inside_working_hours,
)

# hours of the day a team works: around the clock, a day, a long day into the night
HOURS = st.sampled_from([(0.0, 24.0), (8.0, 20.0), (6.5, 22.0), (5.0, 25.0), (18.0, 30.0)])
# working and rest days: every day, one in seven, every other day
ROTAS = st.sampled_from([{"days_on": 1, "days_off": 0}, {"days_on": 6, "days_off": 1},
                         {"days_on": 1, "days_off": 1}])


def _supplier(draw, name: str, categories: list[str]) -> dict:
    """A supplier whose capacity, hours and trucks may bind."""
    start = draw(st.integers(0, 23))
    return {"name": name, "categories": categories,
            "capacity_town_days": draw(st.sampled_from([None, 0.3, 1.5])),
            "delivery_hours": draw(st.sampled_from([(0, 24), (start, (start + 8) % 24 or 24)])),
            "truck_load_kg": draw(st.sampled_from([50, 500, 3000])),
            "trucks_per_day": draw(st.sampled_from([None, 2, 20]))}


@st.composite
def small_towns(draw):
    villages = draw(st.integers(1, 3))
    scenario = _small_town(draw, villages)
    # some pharmacies are not qualified (unlicensed, infection risk or too small)
    data = scenario.model_dump(by_alias=True)
    for store in data["ledger"]["stores"]:
        if store["kind"] == "pharmacy":
            store.update(draw(st.sampled_from([{}, {"licensed": False}, {"infection_risk": True},
                                               {"floor_m2": 20}])))
    return Scenario.model_validate(data)


def _store_kinds(draw) -> dict:
    """Shelves scaled down or up, and supermarkets with no back room, a small or a large one."""
    kinds = scaled_store_kinds(draw(st.sampled_from([0.05, 0.3, 1.0, 5.0])), draw(HOURS))
    back_room_per_m2 = draw(st.sampled_from([0.0, 2.0, 15.0]))
    if back_room_per_m2:
        kinds["supermarket"]["back_room_per_m2"] = {"staples": back_room_per_m2,
                                                    "vegetables": back_room_per_m2}
    return kinds


def _small_town(draw, villages: int):
    return small_town(
        villages=villages,
        stores_per_kind=draw(st.integers(1, 3)),
        population=draw(st.integers(20, 400)),
        horizon_days=draw(st.floats(1.0, 2.5)),
        seed=draw(st.integers(0, 2**32 - 1)),
        lockdown_days=draw(st.lists(st.floats(0.0, 0.8), min_size=villages, max_size=villages)),
        lockdown_lengths_days=draw(st.lists(st.one_of(st.none(), st.floats(0.2, 1.0)),
                                            min_size=villages, max_size=villages)),
        ledger_surveyed=draw(st.booleans()),
        store_kinds=_store_kinds(draw),
        # stores stock up the night they take on a locked village (into a back room if any)
        restocking={"lockdown_stock_up_days": draw(st.sampled_from([0.0, 3.0, 10.0]))},
        volunteers={"duty_hours": draw(HOURS), "rota": draw(ROTAS),
                    "break_hour": draw(st.one_of(st.none(), st.floats(0.0, 23.5)))},
        depot={"capacity_kg": draw(st.sampled_from([0, 500, 5000]))},
        suppliers=[_supplier(draw, "market", ["staples", "vegetables", "meat_eggs", "daily_goods",
                                               "prepared_meals"]),
                   _supplier(draw, "cooperative", ["vegetables"]),
                   _supplier(draw, "medicine", ["medicine"])],
        couriers={"whitelist_size": draw(st.integers(1, 12)),
                  "exposure_probability_per_day": draw(st.sampled_from([0.0, 0.2, 0.6])),
                  "max_batch_orders": draw(st.integers(1, 25)),
                  "shift_hours": draw(HOURS),
                  "break_hour": draw(st.one_of(st.none(), st.floats(0.0, 23.5))),
                  "break_minutes": draw(st.sampled_from([0, 30, 90])),
                  "break_spread_hours": draw(st.sampled_from([0.0, 2.0, 5.5])),
                  "max_trips_per_day": draw(st.integers(1, 30)),
                  "max_trip_hours_per_day": draw(st.sampled_from([0.5, 2.0, 10.0])),
                  "rota": draw(ROTAS),
                  "closed_loop_passes": draw(st.booleans())},
        command_centre={"urgent_staff_hours": draw(HOURS), "coordinator_hours": draw(HOURS),
                        "urgent_staffing": draw(st.sampled_from(["per_locked_village", "per_households",
                                                                 "town_pool"])),
                        "urgent_staff_rota": draw(ROTAS)},
        households=draw(households()),
    )


@st.composite
def households(draw):
    """Stocks at home from nearly nothing to weeks, and shoppers who use some kinds only."""
    return {
        "stock_days_at_lockdown": {c: draw(st.sampled_from([0.0, 0.5, 2.0, 14.0]))
                                   for c in ("staples", "vegetables", "meat_eggs")},
        "food_kind_weights": draw(st.sampled_from([
            {"supermarket": 0.55, "vegetable_shop": 0.30, "catering": 0.15},
            {"vegetable_shop": 1.0},
            {"supermarket": 0.5, "catering": 0.5},
        ])),
    }


@given(small_towns())
def test_world_invariants_hold_at_every_tick_and_at_the_end(scenario):
    model = TownModel(scenario)
    recorder = OrderRecorder(model)
    watcher = WhitelistWatcher(model)
    UrgentPurchaseWatcher(model)
    food_orders = FoodOrderWatcher(model)
    while model.running:
        model.step()
        check_stock_non_negative(model)
        check_stock_within_storage(model)
        check_orders_conserved(model)
    orders = recorder.orders
    check_orders_conserved(model)
    check_goods_conserved(model, orders)
    check_suppliers_within_limits(model)
    check_pantries_conserved(model, orders)
    check_food_orders_sell_what_runs_low(model, food_orders.orders)
    check_orders_inside_channel_windows(model, orders)
    check_timestamps_ordered(orders)
    check_work_inside_working_hours(model, orders)
    check_couriers_kept_their_days(model, watcher.trip_lengths)
    # every trip goes to a courier who was whitelisted and idle (not testing, not removed)
    assert all(whitelisted and state == "idle" for _, whitelisted, state, _ in watcher.trips)
    assert len(orders) == model.stats.orders_placed
    if model.platform.order_log is not None:
        assert len(model.platform.order_log.rows) == model.stats.orders_placed


@given(small_towns())
def test_same_seed_gives_identical_kpis(scenario):
    first = TownModel(scenario).run_episode()
    second = TownModel(scenario).run_episode()
    assert first == second


@st.composite
def relocking_towns(draw):
    """Villages locked, released and locked again (the same village, twice or three times)."""
    villages = draw(st.integers(1, 2))
    starts, lengths, names = [], [], []
    for v in range(villages):
        t = draw(st.floats(0.0, 0.3))
        for _ in range(draw(st.integers(2, 3))):
            length = draw(st.floats(0.1, 0.5))
            starts.append(t)
            lengths.append(length)
            names.append(f"V{v}")
            t += length + draw(st.floats(0.0, 0.3))
    scenario = small_town(villages=villages, population=draw(st.integers(50, 300)),
                          horizon_days=max(starts) + 1.0, seed=draw(st.integers(0, 2**32 - 1)))
    data = scenario.model_dump(by_alias=True)
    data["lockdowns"] = [{"village": n, "start_day": s, "days": d}
                         for n, s, d in zip(names, starts, lengths)]
    return Scenario.model_validate(data)


def _live_food_chains(model) -> dict:
    """Pending regular-food wake-ups of the current lockdown, per household."""
    chains: dict = {}
    pending = [(cb, value) for bucket in model.wakeups._buckets.values() for _, cb, value in bucket]
    pending += [(ev.callbacks[0], ev.value) for *_, ev in model.env._queue if ev.callbacks]
    for callback, value in pending:
        household = getattr(callback, "__self__", None)
        if getattr(callback, "__name__", "") == "_food_order_due" and \
                household.village.in_lockdown(value):
            chains[household] = chains.get(household, 0) + 1
    return chains


@given(relocking_towns())
def test_a_village_locked_again_orders_as_one_household_chain_not_two(scenario):
    model = TownModel(scenario)
    recorder = OrderRecorder(model)
    while model.running:
        model.step()
        chains = _live_food_chains(model)
        for order in model.platform.open_orders.values():  # a regular order of this lockdown, in flight
            purpose, epoch = order.purpose, order.lockdown_epoch
            if purpose == "food" and order.village.in_lockdown(epoch):
                chains[order.household] = chains.get(order.household, 0) + 1
        assert all(n == 1 for n in chains.values())  # one chain per household, never two
        for village in model.villages.values():
            if village.locked:
                assert all(village in s.serves for ss in village.stores_by_kind.values() for s in ss)
            else:
                assert not any(village in s.serves for s in model.stores)
    orders = recorder.orders
    check_orders_conserved(model)
    check_goods_conserved(model, orders)
    check_pantries_conserved(model, orders)  # released villages: the stock stood still
    check_orders_inside_channel_windows(model, orders)
    food = {}
    for o in orders:
        if o.purpose == "food" and o.status != "cancelled":
            food.setdefault(o.household, []).append(o)
    for seq in food.values():  # a household's regular food orders never overlap
        seq.sort(key=lambda o: o.placed_minute)
        for a, b in zip(seq, seq[1:]):
            end = a.delivered_minute if a.status == "delivered" else model.env.now
            assert b.placed_minute >= end - 1e-9
