"""The depot as real depots work (lots that spoil, rotation, a dispatch rate, release rules,
cover days, costs) and disruptions over time (the same code as a drill's injects)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.inputs.scenario_loading import scenario_with_overrides
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from tests.support.world_checks import (
    OrderRecorder,
    check_goods_conserved,
    check_orders_conserved,
    check_stock_non_negative,
)


def _town(days=10.0, **sections):
    return small_town(villages=2, population=400, horizon_days=days, **sections)


def _spoiled(depot_settings, days=10.0):
    kpis = TownModel(_town(days=days, depot=depot_settings)).run_episode()
    return kpis["depot_spoiled_kg"], kpis


def test_spoilage_grows_with_a_perishable_stock_held_and_falls_with_rotation():
    small, _ = _spoiled({"cover_days": {"vegetables": 2}})
    large, _ = _spoiled({"cover_days": {"vegetables": 8}})
    rotated, kpis = _spoiled({"cover_days": {"vegetables": 8}, "rotate": True})
    assert small < large and large > 0  # a small stock is used up before it expires
    assert rotated < large and kpis["depot_rotated_kg"] > 0
    # staples keep for months: of a reserve not rotated, its lots spread over 180 days of
    # age, about ten days' lots expire in ten days
    staples, kpis = _spoiled({"cover_days": {"staples": 8}})
    assert 0 < staples <= 11 / 180 * kpis["depot_capacity_kg"]


def test_cover_days_size_the_depot_from_the_towns_consumption():
    model = TownModel(_town(depot={"cover_days": {"vegetables": 5, "staples": 3}}))
    people = 800
    veg = model.spec.consumption_per_person_day["vegetables"].mean()
    assert model.depot.target["vegetables"] == pytest.approx(5 * people * veg)
    assert set(model.depot.target) == {"vegetables", "staples"}
    assert model.depot.exists


def test_the_depot_never_dispatches_faster_than_its_loading_staff():
    rate = 100.0  # kg an hour
    model = TownModel(_town(days=4, depot={"cover_days": 3, "dispatch_kg_per_hour": rate},
                            restocking={"emergency_below_share": 0.9}))
    sends, releasing = [], [False]
    original, original_release = model.shipments.send, model.depot.release

    def release(*args, **kwargs):  # only what the depot sends: suppliers ship to stores too
        releasing[0] = True
        try:
            return original_release(*args, **kwargs)
        finally:
            releasing[0] = False

    def send(receiver, category, units, minutes):
        if releasing[0]:
            sends.append((model.env.now, units, minutes))
        return original(receiver, category, units, minutes)

    model.depot.release = release
    model.shipments.send = send
    model.run_episode()
    released = [s for s in sends]
    assert len(released) > 3
    # each release leaves the loading bay no sooner than the ones before it allow
    bay_free = 0.0
    for now, units, minutes in released:
        loaded = max(now, bay_free) + units / rate * 60
        assert now + minutes >= loaded - 1e-6
        bay_free = loaded


def test_a_market_outage_with_no_depot_loses_service_that_a_depot_restores():
    outage = [{"kind": "supplier_outage", "supplier": "wholesale market", "start_day": 0.5,
               "days": 4, "capacity_share": 0.0}]
    lean = {"store_kinds.supermarket.stock_per_m2": {"staples": 1, "vegetables": 1,
                                                      "meat_eggs": 0.5, "daily_goods": 1},
            "store_kinds.vegetable_shop.stock_per_m2": {"vegetables": 1, "meat_eggs": 0.5}}
    base = scenario_with_overrides(_town(days=6, disruptions=outage), lean)
    without = TownModel(base).run_episode()
    with_depot = TownModel(scenario_with_overrides(base, {"depot.cover_days": 5})).run_episode()
    calm = TownModel(scenario_with_overrides(base, {"disruptions": []})).run_episode()
    assert without["unmet_energy_person_days"] > calm["unmet_energy_person_days"]
    assert with_depot["unmet_energy_person_days"] < without["unmet_energy_person_days"]
    assert with_depot["fill_rate"] > without["fill_rate"]


def test_a_partial_outage_ships_its_share():
    model = TownModel(_town(days=2, disruptions=[
        {"kind": "supplier_outage", "supplier": "wholesale market", "start_day": 0.0, "days": 1,
         "capacity_share": 0.25}]))
    model.env.run(until=60)
    market = model.suppliers_by_name["wholesale market"]
    assert market.capacity_share(model.env.now) == 0.25
    cap = market.daily_capacity["staples"]
    sent = market.ship(model.depot if model.depot.exists else model.stores[0], {"staples": 10 * cap})
    assert sent.get("staples", 0.0) <= 0.25 * cap + 1e-6
    assert market.capacity_share(1441) == 1.0


def test_release_rules_on_lockdown_and_held_for_an_outage():
    # shelves emptied by buying ahead on notice have room for what the depot sends at once
    warned = [{"village": "V0", "start_day": 0.5, "notice_hours": 12}]
    pushed = TownModel(_town(days=1, depot={"cover_days": 3, "release": "on_lockdown"},
                             lockdowns=warned))
    pushed.env.run(until=0.5 * 1440)
    assert sum(pushed.depot.units_released.values()) == 0
    pushed.env.run(until=0.6 * 1440)  # the channels opened: the depot sent cover at once
    assert sum(pushed.depot.units_released.values()) > 0
    held = TownModel(_town(days=3, depot={"cover_days": 3, "release": "hold_for_outage"},
                           restocking={"emergency_below_share": 0.9}))
    held.run_episode()
    assert sum(held.depot.units_released.values()) == 0  # no outage: the stock is held
    outage = [{"kind": "supplier_outage", "supplier": "wholesale market", "start_day": 0.2, "days": 2}]
    used = TownModel(_town(days=3, depot={"cover_days": 3, "release": "hold_for_outage"},
                           restocking={"emergency_below_share": 0.9}, disruptions=outage))
    used.run_episode()
    assert sum(used.depot.units_released.values()) > 0


def test_couriers_unavailable_and_a_demand_surge_and_a_closed_road():
    disruptions = [
        {"kind": "couriers_unavailable", "share": 0.5, "start_day": 0.5, "days": 0.5},
        {"kind": "demand_surge", "share": 0.5, "start_day": 0.6, "days": 0.1},
        {"kind": "road_closed", "village": "V1", "detour_factor": 3, "start_day": 0.5, "days": 0.2},
    ]
    model = TownModel(_town(days=2, disruptions=disruptions))
    recorder = OrderRecorder(model)
    model.env.run(until=0.55 * 1440)
    now = model.env.now
    away = [c for c in model.delivery_group.couriers if c.isolating_until > now]
    assert len(away) == 5  # half of the ten (those on a trip stop when it is over)
    assert model.villages["V1"].road_detour_factor == 3
    model.env.run(until=1.2 * 1440)
    assert model.villages["V1"].road_detour_factor == 1.0
    assert not [c for c in model.delivery_group.couriers if c.state == "isolating"]  # back
    assert any(o.purpose == "extra" for o in recorder.orders)
    kinds = {e["kind"] for e in model.events}
    assert {"couriers_unavailable", "demand_surge", "road_closed"} <= kinds


@pytest.mark.parametrize("disruption, where", [
    ({"kind": "supplier_outage", "supplier": "Xinfadi", "start_day": 0, "days": 1},
     "disruptions.0.supplier: unknown supplier 'Xinfadi'"),
    ({"kind": "demand_surge", "village": "V9", "share": 0.2, "start_day": 0, "days": 1},
     "disruptions.0.village: unknown village 'V9'"),
    ({"kind": "road_closed", "from": "V0", "to": "V1", "start_day": 0, "days": 1},
     "this town has no road network"),
    ({"kind": "supplier_outage", "supplier": "wholesale market", "start_day": 5, "days": 1},
     "disruptions.0.start_day: 5.0 is not before the horizon"),
])
def test_a_disruption_that_names_nothing_is_an_error_that_says_where(disruption, where):
    with pytest.raises(ValueError) as caught:
        _town(days=2, disruptions=[disruption])
    assert where in str(caught.value)


@settings(max_examples=12, deadline=None)
@given(cover=st.sampled_from([1, 4]), rotate=st.booleans(),
       rate=st.sampled_from([None, 50.0]), release=st.sampled_from(["on_request", "on_lockdown",
                                                                    "hold_for_outage"]),
       share=st.sampled_from([0.0, 0.5]), seed=st.integers(0, 2**32 - 1))
def test_goods_are_conserved_with_spoilage_and_rotation_as_outflows(cover, rotate, rate, release,
                                                                     share, seed):
    scenario = small_town(villages=2, population=200, horizon_days=9.0, seed=seed, couriers=4,
                          depot={"cover_days": cover, "rotate": rotate, "dispatch_kg_per_hour": rate,
                                 "release": release},
                          disruptions=[{"kind": "supplier_outage", "supplier": "wholesale market",
                                        "start_day": 1.0, "days": 2, "capacity_share": share}])
    model = TownModel(scenario)
    recorder = OrderRecorder(model)
    model.run_episode()
    check_stock_non_negative(model)
    check_orders_conserved(model)
    check_goods_conserved(model, recorder.orders)
