"""Behaviour of each kind of actor, in small towns."""

import pytest
import simpy

from sim.engine.service_team import ServiceTeam
from sim.inputs.scenario_loading import scenario_with_overrides
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from tests.support.world_checks import OrderRecorder


def run(model, days):
    model.env.run(until=days * 1440)
    return model


# --- service team (pickers, gate volunteers) -------------------------------------------------
def test_service_team_serves_first_come_first_served_with_c_servers():
    env = simpy.Environment()
    done = []
    team = ServiceTeam(env, 2, lambda: 10.0, on_done=lambda job: done.append((env.now, job)))
    for job in "abcde":
        team.submit(job)
    assert team.backlog == 5 and team.busy == 2
    env.run()
    assert done == [(10, "a"), (10, "b"), (20, "c"), (20, "d"), (30, "e")]
    assert team.busy_minutes == 50


def test_service_team_counts_busy_minutes_up_to_now_for_jobs_in_service():
    env = simpy.Environment()
    team = ServiceTeam(env, 2, lambda: 10.0, on_done=lambda job: None)
    for job in "abc":
        team.submit(job)
    env.run(until=15)  # a and b done (20), c in service for 5 of its 10 minutes
    assert team.busy_minutes_until(env.now) == 25
    env.run()
    assert team.busy_minutes_until(env.now) == 30 == team.busy_minutes


def test_service_team_can_grow_and_drop_jobs_at_start():
    env = simpy.Environment()
    done = []
    team = ServiceTeam(env, 1, lambda: 5.0, on_done=done.append, on_start=lambda job: job != "skip")
    for job in ["a", "skip", "b", "c"]:
        team.submit(job)
    team.set_servers(3)
    env.run()
    assert done == ["a", "b", "c"] and env.now == 5


# --- households --------------------------------------------------------------------------------
def test_households_order_only_after_their_channel_opens_and_surge_on_day_one():
    model = TownModel(small_town(villages=1, population=600, horizon_days=3, lockdown_days=[0.5]))
    orders = OrderRecorder(model).orders
    run(model, 3)
    village = model.villages["V0"]
    assert len(village.households) > 150
    assert orders and min(o.placed_minute for o in orders) >= min(village.channel_open_minute.values())
    first_day = sum(1 for o in orders if o.placed_minute < 720 + 1440 and o.kind != "pharmacy")
    second_day = sum(1 for o in orders if 720 + 1440 <= o.placed_minute < 720 + 2 * 1440
                     and o.kind != "pharmacy")
    assert first_day > second_day  # pent-up demand when the channel first opens


def test_a_delivered_order_restores_food_and_the_next_order_waits_for_need():
    model = TownModel(small_town(villages=1, population=200, horizon_days=4))
    orders = OrderRecorder(model).orders
    run(model, 4)
    food = [o for o in orders if o.kind != "pharmacy" and o.status == "delivered"]
    by_household = {}
    for o in sorted(food, key=lambda o: o.placed_minute):
        by_household.setdefault(o.household.household_id, []).append(o)
    gaps = [b.placed_minute - a.delivered_minute
            for seq in by_household.values() for a, b in zip(seq, seq[1:])]
    assert gaps and min(gaps) >= 0  # one food order at a time per household
    assert sum(gaps) / len(gaps) > 360  # households wait for need, not order continuously


def test_no_orders_from_a_village_that_is_never_locked():
    model = TownModel(small_town(villages=2, lockdown_days=[0.0, 5.0], horizon_days=6))
    orders = OrderRecorder(model).orders
    run(model, 2)
    assert {o.village.name for o in orders} == {"V0"}
    assert model.villages["V1"].orders_placed == 0 and model.villages["V1"].households


# --- stores ------------------------------------------------------------------------------------
def test_store_fills_partially_from_what_is_on_the_shelf_then_cancels_on_empty():
    kinds = {"supermarket": {"categories": ["staples", "vegetables"],
                             "stock_per_m2": {"staples": 0.2, "vegetables": 50}},
             "vegetable_shop": {"categories": ["vegetables"], "stock_per_m2": {"vegetables": 0.0}},
             "pharmacy": {"categories": ["medicine"], "stock_per_m2": {"medicine": 50}},
             "catering": {"categories": ["prepared_meals"], "stock_per_m2": {"prepared_meals": 0.0}}}
    model = TownModel(small_town(villages=1, population=400, stores_per_kind=1, horizon_days=1,
                                 store_kinds=kinds,  # a restock would come after the run
                                 suppliers=[{"name": "far", "lead_time_minutes": 5000,
                                             "categories": ["staples", "vegetables", "medicine",
                                                            "prepared_meals"]}],
                                 households={"stock_days_at_lockdown": {"staples": 1}}))
    orders = OrderRecorder(model).orders
    run(model, 0.9)
    supermarket = [o for o in orders if o.kind == "supermarket" and o.pick_start_minute == o.pick_start_minute]
    assert any(0 < o.fill_share() < 1 for o in supermarket)  # staples ran out, vegetables did not
    assert all(o.status == "cancelled" for o in orders if o.kind in ("vegetable_shop", "catering")
               and o.status != "open")
    store = next(s for s in model.stores if s.kind == "supermarket")
    assert store.stock["staples"] == 0 and "staples" in store.out_of_stock
    assert model.stats.stores_out_of_stock.integral(model.env.now) > 0


def test_closing_a_store_cancels_its_waiting_orders_and_routes_new_ones_elsewhere():
    scenario = scenario_with_overrides(
        small_town(villages=1, population=800, stores_per_kind=2, horizon_days=2),
        {"store_kinds.supermarket.stores_per_village": 2})
    model = TownModel(scenario)
    orders = OrderRecorder(model).orders
    run(model, 0.5)
    first, second = model.villages["V0"].stores_by_kind["supermarket"]
    waiting = list(first.pickers.queue)
    first.close("staff positive")
    assert all(o.status == "cancelled" for o in waiting)
    before = len(orders)
    run(model, 1.0)
    later = [o for o in orders[before:] if o.kind == "supermarket"]
    assert later and all(o.store is second for o in later)


# --- couriers and the delivery group -----------------------------------------------------------
def test_couriers_are_tested_daily_and_an_exposed_courier_leaves_the_whitelist():
    model = TownModel(small_town(couriers={"whitelist_size": 5, "exposure_probability_per_day": 1.0,
                                           "contact_team_size": 1, "living_outside_town_share": 1.0},
                                 horizon_days=2))
    run(model, 1.5)  # a test that fell due on a late trip is taken next morning
    group = model.delivery_group
    assert group.roster.counts["removed"] == 5 and group.whitelisted() == 0
    assert all(not c.whitelisted for c in group.couriers)


def test_daily_test_takes_a_courier_off_duty_for_a_while():
    model = TownModel(small_town(couriers={"whitelist_size": 3, "exposure_probability_per_day": 0.0,
                                           "daily_test_minutes": 45, "living_outside_town_share": 1.0},
                                 horizon_days=3))  # none locked in at a sealed home, untested
    testing_seen = []
    while model.running:
        model.env.run(until=model.env.now + 5)
        testing_seen.append(model.delivery_group.roster.counts["testing"])
        if model.env.now >= 2 * 1440:
            break
    assert max(testing_seen) >= 1
    # each courier is off duty about 45 min a day: 3 couriers, 2 days, 5-minute samples
    assert 3 * 2 * 45 / 5 * 0.6 <= sum(testing_seen) <= 3 * 2 * 45 / 5 * 1.4


def test_trips_carry_batches_up_to_the_limit_and_small_batches_leave_after_the_wait():
    model = TownModel(small_town(villages=1, population=800,
                                 couriers={"whitelist_size": 20, "max_batch_orders": 7,
                                           "max_batch_wait_minutes": 30}, horizon_days=1))
    orders = OrderRecorder(model).orders
    run(model, 1.0)
    trips = {}
    for o in orders:
        if o.dispatched_minute == o.dispatched_minute:
            trips.setdefault((o.courier_id, o.dispatched_minute), []).append(o)
    sizes = [len(b) for b in trips.values()]
    assert max(sizes) == 7 and min(sizes) >= 1
    for batch in trips.values():
        if len(batch) < 7:  # a partial batch left because its oldest order had waited long enough
            oldest = min(o.picked_minute for o in batch)
            assert batch[0].dispatched_minute - oldest >= 30 - 1e-6


def test_without_free_couriers_picked_orders_wait():
    model = TownModel(small_town(villages=1, population=600,
                                 couriers={"whitelist_size": 1, "exposure_probability_per_day": 1.0,
                                           "living_outside_town_share": 1.0},  # tested, not locked in
                                 horizon_days=2))
    run(model, 1.5)
    assert model.delivery_group.whitelisted() == 0
    assert model.delivery_group.orders_waiting_for_courier() > 0


def test_onboarded_couriers_start_only_after_onboarding():
    model = TownModel(small_town(couriers={"whitelist_size": 2, "onboarding_minutes": 120}))
    run(model, 0.1)
    model.command_centre.whitelist_more_couriers(3)
    assert model.delivery_group.roster.counts["onboarding"] == 3
    model.env.run(until=model.env.now + 119)
    assert model.delivery_group.roster.counts["onboarding"] == 3
    model.env.run(until=model.env.now + 2)
    assert model.delivery_group.roster.counts["onboarding"] == 0 and model.delivery_group.whitelisted() == 5


# --- volunteers ----------------------------------------------------------------------------------
def test_volunteers_carry_rounds_from_the_gate_to_doors():
    model = TownModel(small_town(villages=1, population=500,
                                 volunteers={"orders_per_round": 4,
                                             "door_round_minutes": {"dist": "uniform", "low": 8, "high": 12}},
                                 horizon_days=1))
    orders = OrderRecorder(model).orders
    run(model, 1.0)
    delivered = [o for o in orders if o.status == "delivered"]
    assert delivered
    rounds = {}
    for o in delivered:
        rounds.setdefault(o.delivered_minute, []).append(o)
        assert o.delivered_minute - o.gate_minute >= 8 - 1e-9
    assert max(len(r) for r in rounds.values()) <= 4


# --- command centre ----------------------------------------------------------------------------
def test_channel_setup_with_the_ledger_takes_minutes_without_it_hours():
    with_ledger = TownModel(small_town(villages=1, stores_per_kind=4, ledger_surveyed=True)).run_episode()
    without = TownModel(small_town(villages=1, stores_per_kind=4, ledger_surveyed=False)).run_episode()
    assert with_ledger["channel_open_minutes_max"] < 25
    assert without["channel_open_minutes_min"] > 5 * 60  # 16 stores surveyed at 20-40 min each


def test_simultaneous_lockdowns_queue_for_the_coordinators():
    one = small_town(villages=3, lockdown_days=[0.2, 0.2, 0.2],
                     command_centre={"coordinators": 1})
    three = small_town(villages=3, lockdown_days=[0.2, 0.2, 0.2],
                       command_centre={"coordinators": 3})
    slow = TownModel(one).run_episode()
    fast = TownModel(three).run_episode()
    # a set-up takes at least 6 minutes (reach 2 + groups 2 + four assignments of 0.5): the last
    # village waits for the other two before its own, and is slower than with three coordinators
    assert slow["channel_open_minutes_max"] >= 3 * 6
    assert slow["channel_open_minutes_max"] > fast["channel_open_minutes_max"] + 6
    assert slow["channel_open_minutes_min"] < 25  # the first village is served at once


def test_urgent_medicine_pickup_and_delivery_are_measured():
    model = TownModel(small_town(villages=1, population=600, horizon_days=4,
                                 households={"chronic_medicine_share": 1.0, "refill_ordered_share": 0.0}))
    kpis = model.run_episode()
    assert kpis["urgent_requests"] > 50
    called, pickup, delivered = zip(*model.stats.urgent)
    assert all(0 < p < d for p, d in zip(pickup, delivered))
    assert kpis["urgent_pickup_minutes_p50"] <= kpis["urgent_delivered_minutes_p50"]
    assert model.stats.urgent_medicine_units > 0


def test_backlog_brings_a_reserve_store():
    model = TownModel(small_town(villages=1, population=3000, stores_per_kind=3, horizon_days=1,
                                 command_centre={"backlog_threshold_minutes": 10}))
    kpis = model.run_episode()
    assert kpis["reserve_stores_activated"] >= 1
    assert len(model.villages["V0"].stores_by_kind["supermarket"]) >= 2
    assert any(e["kind"] == "expansion" for e in model.events)


# --- suppliers and depot -------------------------------------------------------------------------
def test_supplier_ships_within_its_daily_capacity_and_not_during_an_outage():
    model = TownModel(small_town())
    supplier = model.suppliers[0]
    supplier.daily_capacity["staples"] = 100.0
    store = model.stores[0]
    store.take_for_urgent("staples", store.stock["staples"])  # an empty shelf has room
    assert supplier.ship(store, {"staples": 70}) == {"staples": 70}
    assert supplier.ship(store, {"staples": 70}) == {"staples": 30}
    model.env.run(until=1440 + 1)
    assert store.units_received["staples"] == 100
    supplier.add_outage(model.env.now, model.env.now + 600)
    assert supplier.ship(store, {"staples": 10}) == {}


def test_depot_releases_to_stores_first_and_refills_to_its_target():
    model = TownModel(small_town(horizon_days=2, depot={"capacity_kg": 1000,
                                                         "category_shares": {"staples": 1.0}}))
    depot = model.depot
    store = model.stores[0]
    store.take_for_urgent("staples", store.stock["staples"])  # an empty shelf has room
    assert depot.exists and depot.stock["staples"] == 1000
    from agents.supplier import procure

    procure(model, store, {"staples": 300.0}, "test")
    # the stock is lots of staggered ages (a standing reserve's steady state): summed, not exact
    assert depot.stock["staples"] == pytest.approx(700) and depot.units_released["staples"] == pytest.approx(300)
    run(model, 1.5)
    assert store.units_received["staples"] >= 300 - 1e-6
    assert depot.stock["staples"] == pytest.approx(1000)  # bought back from the wholesaler
    assert TownModel(small_town()).depot.exists is False


def test_an_urgent_call_with_no_medicine_in_any_pharmacy_is_counted_and_called_again():
    kinds = {"supermarket": {"categories": ["staples"], "stock_per_m2": {"staples": 5}},
             "vegetable_shop": {"categories": ["vegetables"], "stock_per_m2": {"vegetables": 5}},
             "pharmacy": {"categories": ["medicine"], "stock_per_m2": {"medicine": 0.1}},
             "catering": {"categories": ["prepared_meals"], "stock_per_m2": {"prepared_meals": 5}}}
    # shelves of 10 packs: the calls empty them between restocks
    model = TownModel(small_town(villages=1, population=300, horizon_days=3, store_kinds=kinds,
                                 households={"chronic_medicine_share": 1.0, "refill_ordered_share": 0.0,
                                             "medicine_days_at_lockdown": 1}))
    kpis = model.run_episode()
    empty_handed = [u for u in model.stats.urgent if u[2] is None]
    assert kpis["urgent_without_medicine"] == len(empty_handed) > 0
    assert kpis["urgent_without_medicine"] < len(model.stats.urgent)  # the overnight restock came
    callers = [h for h in model.villages["V0"].households if h.urgent_calls]
    assert max(h.urgent_calls for h in callers) >= 2  # empty-handed staff: the household calls again


def test_calendar_days_follow_the_clock_when_the_run_starts_at_noon():
    import datetime as dt

    scenario = small_town(villages=1, horizon_days=2)
    noon = scenario.model_copy(update={"run": scenario.run.model_copy(
        update={"start": dt.datetime(2022, 11, 10, 12, 0)})})
    model = TownModel(noon)
    assert model.clock.day_index(0) == 0 and model.clock.day_index(11 * 60) == 0 and model.clock.day_index(12 * 60) == 1


def test_a_store_reopens_only_from_its_latest_closure():
    model = TownModel(small_town())
    store = model.stores[0]
    first = store.close("staff positive")
    assert store.reopen(first, "after 24 h") and not store.closed
    second = store.close("staff positive again")
    assert not store.reopen(first, "the first closure's timer") and store.closed
    assert store.reopen(second, "cleared")


def test_the_platforms_cap_holds_regular_food_orders_to_the_limit_a_day():
    scenario = small_town(villages=1, population=400, horizon_days=4,
                          households={"basket_days": 0.3, "reorder_at_food_days": 0.1})
    free = TownModel(scenario)
    free_orders = OrderRecorder(free).orders
    free.run_episode()
    capped = TownModel(scenario)
    capped.platform.food_order_cap_per_day = 1
    capped_orders = OrderRecorder(capped).orders
    kpis = capped.run_episode()

    def most_in_a_day(orders):
        counts = {}
        for o in orders:
            if o.purpose == "food":
                key = (o.household.household_id, capped.clock.day_index(o.placed_minute))
                counts[key] = counts.get(key, 0) + 1
        return max(counts.values())

    assert most_in_a_day(free_orders) >= 2  # small baskets: several orders a day without a cap
    assert most_in_a_day(capped_orders) == 1
    assert kpis["food_orders_refused_by_cap"] > 0


def test_a_quarantine_reaches_a_courier_on_a_trip_when_the_trip_ends():
    model = TownModel(small_town(villages=1, population=600, couriers={"whitelist_size": 4,
                                                                       "exposure_probability_per_day": 0.0}))
    group = model.delivery_group
    while not any(c.state == "on_trip" for c in group.couriers):
        model.env.run(until=model.env.now + 5)
    courier = next(c for c in group.couriers if c.state == "on_trip")
    assert courier.quarantine() is False and courier.whitelisted  # finishes the trip first
    trips = courier.trips
    while courier.state == "on_trip":
        model.env.run(until=model.env.now + 5)
    assert courier.trips == trips + 1 and courier.state == "removed" and not courier.whitelisted
    model.env.run(until=model.env.now + 1440)
    assert courier.trips == trips + 1  # never dispatched again
