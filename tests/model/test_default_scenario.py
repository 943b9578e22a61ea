"""The default scenario reproduces what the source reports (FACTS.md)."""

import pytest

from sim.model.town_model import TownModel, default_scenario_path


@pytest.fixture(scope="module", params=[20221110, 7])
def default_run(request):
    model = TownModel(seed=request.param)
    return model, model.run_episode()


def test_fastest_channel_opens_within_15_minutes(default_run):
    _, kpis = default_run
    assert kpis["channel_open_minutes_min"] <= 15.0
    assert kpis["channel_open_minutes_max"] < 60  # with the surveyed ledger, never hours


def test_busiest_store_takes_200_to_400_orders_a_day(default_run):
    _, kpis = default_run
    assert 200 <= kpis["store_orders_per_day_max"] <= 400
    assert kpis["busiest_store"] == "XDY-01"  # the hub supermarket in Xidaying


def test_median_urgent_pickup_within_30_minutes(default_run):
    _, kpis = default_run
    assert kpis["urgent_requests"] > 20
    assert kpis["urgent_pickup_minutes_p50"] <= 30


def test_three_villages_locked_in_succession_and_served(default_run):
    model, kpis = default_run
    locks = sorted((v.lock_minute, v.name) for v in model.villages.values() if v.lock_minute is not None)
    assert [name for _, name in locks] == ["Ma", "Bajia", "Xiwangzhuang"]
    assert kpis["orders_delivered"] > 0.95 * kpis["orders_placed"]
    hub = next(s for s in model.stores if s.store_id == "XDY-01")
    assert {v.name for v in hub.serves} == {"Ma", "Bajia"}  # the hub served several villages


def test_overnight_restock_is_estimated_from_the_locked_population(default_run):
    model, kpis = default_run
    overnight = [e for e in model.events if "overnight estimate" in e["text"]]
    assert overnight, "stores must order overnight for the next day"
    hour = model.spec.restocking.overnight_order_hour
    assert all(round(e["minute"] % 1440 / 60, 6) == hour for e in overnight)
    # no overnight order is larger than a store's shelves and back room (the hub: 3,400 kg and
    # units on its shelves, 3,000 kg in its back room)
    hub = model.stores_by_id["XDY-01"]
    room = sum(hub.shelf_capacity.values()) + sum(hub.back_room_capacity.values())
    assert 0 < kpis["overnight_restock_kg_max"] <= room


def test_the_hub_estimates_tomorrows_demand_as_its_owner_did():
    """The night Ma was locked the hub's owner estimated from the population and bought 3,000 kg
    of potatoes, tomatoes and other staples: the estimate is of that order (what the store then
    orders is the estimate less its stock, within its shelves and back room)."""
    model = TownModel(default_scenario_path())
    while model.env.now < 21 * 60 + 1:  # the first night: Ma locked at 08:24
        model.step()
    hub = model.stores_by_id["XDY-01"]
    assert [v.name for v in hub.serves] == ["Ma"]
    estimate = hub.overnight_estimate()
    kg = sum(estimate[c] for c in ("staples", "vegetables", "meat_eggs"))
    # people eat about 0.99 kg of these a day (the household survey), not the guideline's 1.2;
    # this is a usual night's estimate (`cover_days`): the stock-up for Ma is already ordered
    assert not hub.stocks_up_tonight()
    assert 800 <= kg <= 4000


def test_the_night_ma_is_sealed_the_hub_stocks_up_near_the_owners_3000_kg():
    """The source's owner bought 3,000 kg overnight, beyond his shelves: the hub's first
    overnight order fills its back room too, and comes near that figure."""
    model = TownModel(default_scenario_path())
    while model.env.now < 23 * 60:  # past the first night's order (21:00)
        model.step()
    hub = model.stores_by_id["XDY-01"]
    (day, kg), = [(d, kg) for store, d, kg in model.stats.overnight_restocks if store == "XDY-01"]
    assert day == 0
    assert 2000 <= kg <= 3500
    assert kg > sum(hub.shelf_capacity[c] for c in ("staples", "vegetables", "meat_eggs")) - 1000
    held = {c: hub.stock[c] + model.shipments.on_the_way(hub, c) for c in hub.categories}
    assert any(held[c] > hub.shelf_capacity[c] + 1 for c in held)  # the back room holds some


def test_households_live_on_their_staples(default_run):
    _, kpis = default_run
    # rice and flour at home last weeks: far less reaches each locked person a day than is eaten
    assert kpis["staples_kg_delivered_per_locked_person_day"] < 0.5 * kpis["staples_kg_eaten_per_locked_person_day"]
    # what people eat (the survey): 0.38 kg a person-day, 0.45 in rural households, 0.34 in towns
    assert 0.34 < kpis["staples_kg_needed_per_locked_person_day"] < 0.45
    # households that retry after a partial fill do not need the missing part twice
    assert kpis["need_fill_rate"] >= kpis["fill_rate"]
