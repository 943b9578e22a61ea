"""Suppliers have limits: a daily capacity per category (by default sized from the town's
consumption), delivery hours, trucks with a load and a number of departures a day."""

import pytest

from agents.supplier import procure
from sim.inputs.scenario_loading import ScenarioError, load_scenario
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel, default_scenario_path

MARKET = {"name": "market", "categories": ["staples", "vegetables", "meat_eggs", "daily_goods",
                                           "prepared_meals", "medicine"],
          "lead_time_minutes": 60}


def _town(*suppliers, **sections):
    return TownModel(small_town(villages=1, stores_per_kind=1, population=300, horizon_days=3,
                                suppliers=list(suppliers), **sections))


def _emptied(model, category="staples"):
    store = next(s for s in model.stores if category in s.categories)
    store.take_for_urgent(category, store.stock[category])  # an empty shelf has room
    return store


def test_a_category_without_a_capacity_gets_days_of_the_towns_consumption():
    model = _town(dict(MARKET, daily_capacity={"staples": 50.0}, capacity_town_days=2.0))
    market = model.suppliers[0]
    assert market.daily_capacity["staples"] == 50.0
    vegetables = model.spec.consumption_per_person_day["vegetables"].mean()
    assert market.daily_capacity["vegetables"] == pytest.approx(2.0 * 300 * vegetables)
    unlimited = _town(dict(MARKET, capacity_town_days=None)).suppliers[0]
    assert unlimited.daily_capacity == {}


def test_an_order_outside_the_delivery_hours_ships_when_they_next_begin():
    model = _town(dict(MARKET, delivery_hours=[20, 10]))
    market = model.suppliers[0]
    assert market.departure_minute(9 * 60) == 9 * 60  # inside: at once
    assert market.departure_minute(12 * 60) == 20 * 60  # after the window: this evening
    model.env.run(until=12 * 60)
    store = _emptied(model)
    received = store.units_received["staples"]
    assert market.ship(store, {"staples": 100.0}) == {"staples": 100.0}
    model.env.run(until=20 * 60 + 59)  # lead time 60 minutes from 20:00
    assert store.units_received["staples"] == received
    model.env.run(until=21 * 60 + 1)
    assert store.units_received["staples"] >= received + 100.0


def test_a_daytime_window_ships_tomorrow_after_it_closes():
    model = _town(dict(MARKET, delivery_hours=[5, 18]))
    assert model.suppliers[0].departure_minute(19 * 60) == 1440 + 5 * 60


def test_an_order_larger_than_a_truck_takes_several_and_trucks_a_day_are_limited():
    model = _town(dict(MARKET, truck_load_kg=100, trucks_per_day=3, delivery_hours=[0, 24],
                       capacity_town_days=None))
    market = model.suppliers[0]
    store = _emptied(model)
    _emptied(model, "vegetables")
    sent = market.ship(store, {"staples": 250.0, "vegetables": 120.0})
    assert sent == {"staples": 250.0, "vegetables": 50.0}  # three trucks of 100 kg
    assert [kg for _, kg in market.truck_loads] == [100.0, 100.0, 100.0]
    assert market.ship(store, {"staples": 10.0}) == {}  # no truck left today
    model.env.run(until=1440)
    assert market.ship(store, {"vegetables": 10.0}) == {"vegetables": 10.0}  # a new day


def test_restocks_ask_the_supplier_whose_trucks_leave_soonest_first():
    night = dict(MARKET, name="night market", delivery_hours=[20, 6])
    day = dict(MARKET, name="day cooperative", categories=["vegetables"], delivery_hours=[6, 18])
    model = _town(night, day)
    model.env.run(until=10 * 60)
    store = _emptied(model, "vegetables")
    procure(model, store, {"vegetables": 100.0}, "test")
    night_market, cooperative = model.suppliers
    assert cooperative.units_shipped == {"vegetables": 100.0}
    assert night_market.units_shipped == {}


def test_bad_delivery_hours_are_reported_with_file_line_and_field(tmp_path):
    bad = default_scenario_path().read_text().replace("delivery_hours = [20, 10]", "delivery_hours = [20, 20]")
    path = tmp_path / "bad.toml"
    path.write_text(bad)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    line = next(i for i, s in enumerate(bad.splitlines(), 1) if s.startswith("delivery_hours = [20, 20]"))
    assert problem.line == line and problem.field == "suppliers[0].delivery_hours"
    assert "start != end" in problem.message
