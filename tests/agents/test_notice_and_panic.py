"""Notice and panic: households buy ahead before a seal they were warned of, serving stores keep
their counter trade with their own unlocked village, and long waits for their own orders or a
rumour make households order earlier, bigger and twice. Each is off by default."""

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
    check_pantries_conserved,
)

LOCK_DAY = 0.5


def _town(notice_hours=0.0, couriers=10, villages=2, locked=("V0",), seed=1, **sections):
    sc = small_town(villages=villages, stores_per_kind=2, population=400, horizon_days=3.0,
                    couriers=couriers, seed=seed)
    lockdowns = [{"village": v, "start_day": LOCK_DAY, "notice_hours": notice_hours} for v in locked]
    return scenario_with_overrides(sc, {"lockdowns": lockdowns, **sections})


def _at_the_seal(scenario):
    """The model run to just before the village is sealed."""
    model = TownModel(scenario)
    model.env.run(until=LOCK_DAY * 1440 - 1e-6)
    return model


def test_a_notice_draws_down_the_serving_stores_and_fills_the_pantries_before_the_seal():
    warned, calm = _at_the_seal(_town(notice_hours=8)), _at_the_seal(_town())
    bought = sum(sum(s.units_walk_in.values()) for s in warned.stores)
    assert bought > 0 and warned.stats.notice_units == bought
    assert sum(sum(s.units_walk_in.values()) for s in calm.stores) == 0
    drawn = [s for s in warned.stores if sum(s.units_walk_in.values()) > 0]
    assert all(s.kind in warned.goods.food_kinds for s in drawn)
    assert all(s.stock[c] < s.shelf_capacity[c] for s in drawn for c in s.categories
               if s.units_walk_in[c] > 0)
    at_home = sum(sum(h.pantry.stock) for h in warned.villages["V0"].households)
    assert at_home - sum(sum(h.pantry.stock) for h in calm.villages["V0"].households) \
        == pytest.approx(bought)
    assert any(e["kind"] == "notice" for e in warned.events)


def test_a_notice_shifts_food_from_orders_to_what_households_hold():
    calm = TownModel(_town()).run_episode()
    warned = TownModel(_town(notice_hours=8)).run_episode()
    assert warned["notice_units_bought_ahead"] > 0 and "notice_units_bought_ahead" not in calm
    assert warned["orders_placed"] < calm["orders_placed"]


def test_a_serving_store_keeps_selling_over_the_counter_to_its_unlocked_village():
    # two supermarkets a village: V0's own and V1's, which V1 still shops at
    scenario = _town(**{"walk_in.daily_consumption_share": 0.3,
                        "store_kinds.supermarket.stores_per_village": 2})
    model = TownModel(scenario)
    kpis = model.run_episode()
    counter = [s for s in model.stores if sum(s.units_walk_in.values()) > 0]
    assert counter and all(s.home.name == "V1" for s in counter)  # V1 is never locked
    assert kpis["walk_in_units_sold"] == pytest.approx(
        sum(sum(s.units_walk_in.values()) for s in model.stores), abs=0.1)
    store = counter[0]
    with_trade = store.overnight_estimate()
    store.walk_in_per_day = {}
    assert all(with_trade[c] >= store.overnight_estimate()[c] for c in store.categories)
    assert sum(with_trade.values()) > sum(store.overnight_estimate().values())


def test_long_waits_make_households_panic_and_order_bigger_and_twice():
    scarce = {"panic.enabled": True, "panic.lead_time_minutes": 120}
    # one courier, living outside the town (locked in with V0, it would deliver nothing to wait for)
    one_courier = {"whitelist_size": 1, "living_outside_town_share": 1.0}
    model = TownModel(_town(couriers=one_courier, **scarce))
    recorder = OrderRecorder(model)
    kpis = model.run_episode()
    assert kpis["household_panics"] >= 1 and kpis["household_days_in_panic"] > 0
    assert 0 < kpis["locked_household_days_in_panic_share"] < 1
    assert any(h.mood.seen.get("long wait") for h in model.villages["V0"].households)
    extra = [o for o in recorder.orders if o.purpose == "extra"]
    assert extra  # ordered twice
    calm = TownModel(_town(couriers=one_courier)).run_episode()
    assert "household_panics" not in calm
    assert kpis["orders_placed"] > calm["orders_placed"]


def test_a_rumour_starts_a_panic_only_where_panic_is_on():
    from agents.panic import rumour

    model = TownModel(_town(**{"panic.enabled": True}))
    model.env.run(until=LOCK_DAY * 1440 + 60)
    now = model.env.now
    households = model.villages["V0"].households
    assert not any(h.mood.panicking(now) for h in households)
    rumour(model.villages["V0"], now)
    mood = households[0].mood
    assert all(h.mood.panicking(now) for h in households) and mood.extra_basket_days(now) == 2.0
    assert mood.panicking(now + 23 * 60) and not mood.panicking(now + 25 * 60)
    assert mood.panic_minutes(now + 30 * 60) == pytest.approx(24 * 60)
    calm = TownModel(_town())
    calm.env.run(until=LOCK_DAY * 1440 + 60)
    rumour(calm.villages["V0"], calm.env.now)
    assert not any(h.mood.panicking(calm.env.now) for h in calm.villages["V0"].households)


@settings(max_examples=12, deadline=None)
@given(notice=st.sampled_from([0.0, 4.0, 20.0]), panic=st.booleans(),
       walk_in=st.sampled_from([0.0, 0.5]), couriers=st.integers(1, 6),
       seed=st.integers(0, 2**32 - 1))
def test_goods_orders_and_pantries_are_conserved_with_notice_panic_and_counter_trade(
        notice, panic, walk_in, couriers, seed):
    scenario = _town(notice_hours=notice, couriers=couriers, villages=3, locked=("V0", "V1"),
                     seed=seed, **{"panic.enabled": panic, "panic.lead_time_minutes": 90,
                                   "walk_in.daily_consumption_share": walk_in})
    model = TownModel(scenario)
    recorder = OrderRecorder(model)
    model.run_episode()
    check_orders_conserved(model)
    check_goods_conserved(model, recorder.orders)
    check_pantries_conserved(model, recorder.orders)
