"""Panic from what a household sees itself: its own food orders from stores that came late or
short worry it, the worry decays, a rumour starts a panic; pushed packs and group-buying's
pallets never count, and a seal after a notice does not set a village panicking by itself."""

import math
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.panic import EMPTY_SHELVES, LONG_WAIT, HouseholdMood
from sim.inputs.scenario_loading import scenario_with_overrides
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from sim.scenario import Panic
from tests.support.world_checks import (
    OrderRecorder,
    check_orders_conserved,
    check_pantries_conserved,
)

HOUR = 60.0
SETTINGS = Panic(enabled=True, lead_time_minutes=480, calm_after_hours=24)


def _order(channel="app", purpose="food", waited=60.0, at=1000.0, delivered=True, filled=1.0):
    """A closed order as the household sees it: asked `waited` minutes before `at`, `filled`
    the share of each food it asked for that came."""
    requested = {"staples": 2.0, "vegetables": 3.0}
    return SimpleNamespace(channel=channel, purpose=purpose, asked_minute=at - waited,
                           status="delivered" if delivered else "cancelled", requested=requested,
                           filled={c: u * filled for c, u in requested.items()} if delivered else {})


def test_a_long_wait_for_its_own_order_starts_a_panic_that_lasts_a_day():
    mood = HouseholdMood(SETTINGS)
    mood.order_closed(_order(waited=300), 1000.0)
    assert not mood.panicking(1000.0) and mood.worry == 0
    mood.order_closed(_order(waited=600), 2000.0)
    assert mood.panicking(2000.0) and mood.seen == {LONG_WAIT: 1} and mood.panics == 1
    assert mood.panicking(2000.0 + 23.9 * HOUR) and not mood.panicking(2000.0 + 24.1 * HOUR)
    assert mood.extra_basket_days(2000.0) == SETTINGS.extra_basket_days
    assert mood.reorder_earlier_days(2000.0 + 25 * HOUR) == 0.0


def test_worry_decays_and_a_second_bad_experience_makes_the_panic_last_longer():
    mood = HouseholdMood(SETTINGS)
    mood.order_closed(_order(waited=600, at=0.0), 0.0)
    assert mood.worry_at(24 * HOUR) == pytest.approx(0.5)
    mood.order_closed(_order(waited=600, at=23 * HOUR), 23 * HOUR)  # before the first panic ends
    # worry 1 + 0.5 ** (23/24) calms at 0.5: log2(worry / 0.5) half-lives later, one panic all along
    worry = 1 + 0.5 ** (23 / 24)
    assert mood.until == pytest.approx(23 * HOUR + 24 * HOUR * math.log2(worry / 0.5))
    assert mood.until > 48 * HOUR and mood.panics == 1
    assert mood.panic_minutes(10 * 24 * HOUR) == pytest.approx(mood.until)
    mood.order_closed(_order(waited=600, at=mood.until + HOUR), mood.until + HOUR)
    assert mood.panics == 2  # calm in between: a second panic


def test_an_order_that_came_short_or_not_at_all_shows_an_empty_shelf():
    short, cancelled, full = HouseholdMood(SETTINGS), HouseholdMood(SETTINGS), HouseholdMood(SETTINGS)
    short.order_closed(_order(filled=0.4), 1000.0)
    cancelled.order_closed(_order(delivered=False), 1000.0)
    full.order_closed(_order(filled=0.6), 1000.0)
    assert short.seen == cancelled.seen == {EMPTY_SHELVES: 1}
    assert short.panicking(1000.0) and cancelled.panicking(1000.0) and not full.panicking(1000.0)
    blind = HouseholdMood(Panic(enabled=True, empty_shelves=False))
    blind.order_closed(_order(filled=0.0), 1000.0)
    assert not blind.panicking(1000.0)


def test_a_higher_threshold_needs_bad_experiences_close_together():
    mood = HouseholdMood(Panic(enabled=True, panic_at_worry=2.0, calm_after_hours=24))
    mood.order_closed(_order(waited=600, at=0.0), 0.0)
    mood.order_closed(_order(waited=600, at=48 * HOUR), 48 * HOUR)  # 1.25: too far apart
    assert not mood.panicking(48 * HOUR)
    mood.order_closed(_order(waited=600, at=49 * HOUR), 49 * HOUR)
    assert mood.panicking(49 * HOUR) and mood.panics == 1


_CHANNELS = st.sampled_from(["app", "phone", "volunteer", "group", "push_pack"])
_PURPOSES = st.sampled_from(["food", "extra", "pharmacy", "refill", "pack"])
_ORDERS = st.lists(st.tuples(_CHANNELS, _PURPOSES, st.floats(0, 3000), st.floats(0, 600),
                             st.booleans(), st.floats(0, 1)), max_size=25)


@settings(max_examples=200, deadline=None)
@given(orders=_ORDERS, threshold=st.sampled_from([0.5, 1.0, 2.0]))
def test_pushed_packs_and_group_orders_never_move_a_households_worry(orders, threshold):
    """Must hold: whatever else happens, a pushed pack or a group's pallet (however late or
    short) leaves the mood as the household's store orders alone leave it."""
    settings_ = Panic(enabled=True, lead_time_minutes=30, panic_at_worry=threshold)
    everything, stores_only, bulk_only = (HouseholdMood(settings_) for _ in range(3))
    now = 0.0
    for channel, purpose, waited, gap, delivered, filled in orders:
        now += gap
        order = _order(channel, purpose, waited, now, delivered, filled)
        everything.order_closed(order, now)
        if channel in ("group", "push_pack"):
            bulk_only.order_closed(order, now)
        else:
            stores_only.order_closed(order, now)
    assert (everything.worry, everything.until, everything.panics, everything.seen) == (
        stores_only.worry, stores_only.until, stores_only.panics, stores_only.seen)
    assert bulk_only.panics == 0 and bulk_only.worry == 0 and not bulk_only.seen


# --- in a town -----------------------------------------------------------------------------

def _bulk_fed_town(share=1.0, seed=1, packs=True, lead_days=None, min_households=1):
    """Households with 3.2 days of every food and no first-day orders: a group member orders
    on its leader's list in time for the pallet, an app user only near the horizon. Any food
    order from a store counts as a long wait (1 minute)."""
    suppliers = [{"name": "wholesale market", "delivery_hours": [0, 24], "capacity_town_days": None,
                  "categories": ["staples", "vegetables", "meat_eggs", "daily_goods", "prepared_meals"]},
                 {"name": "medicine distributor", "categories": ["medicine"]}]
    group = {"share": share, "min_households": min_households, "group_size": 20}
    if lead_days is not None:
        group["lead_time_days"] = lead_days
    return small_town(
        villages=2, population=300, horizon_days=3.0, seed=seed, suppliers=suppliers,
        households={"stock_days_at_lockdown": {"staples": 3.2, "vegetables": 3.2, "meat_eggs": 3.2,
                                               "prepared_meals": 0},
                    "first_day_order_share": 0.0, "food_kind_weights": {"supermarket": 1.0}},
        panic={"enabled": True, "lead_time_minutes": 1},
        group_buying=group,
        push_packs=[{"village": "all", "day": 0.5, "content": {"staples": 1, "vegetables": 1}}]
        if packs else [])


def test_households_fed_by_group_orders_and_packs_never_panic_however_long_they_wait():
    model = TownModel(_bulk_fed_town())
    kpis = model.run_episode()
    assert kpis["orders_delivered_group"] > 100 and kpis["orders_delivered_push_pack"] > 100
    assert kpis["orders_placed_app"] == kpis["orders_delivered_app"] < 50  # medicine only
    assert kpis["household_panics"] == 0 and kpis["household_days_in_panic"] == 0
    # the same households ordering their food through the app panic at once
    app = TownModel(_bulk_fed_town(share=0.0)).run_episode()
    assert app["household_panics"] > 100


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), share=st.sampled_from([0.5, 1.0]), packs=st.booleans(),
       lead_days=st.sampled_from([None, 0.2, 1.5]), min_households=st.integers(1, 15))
def test_a_household_that_panics_has_had_a_food_order_from_a_store(seed, share, packs, lead_days,
                                                                      min_households):
    """Must hold: panic never starts from pushed packs or group orders. In towns with both and
    any mix of members, waits and list minimums, only a household that closed a food order
    placed with a store (app, phone, volunteer) ever panics."""
    model = TownModel(_bulk_fed_town(share, seed, packs, lead_days, min_households))
    recorder = OrderRecorder(model)
    model.run_episode()
    check_orders_conserved(model)
    check_pantries_conserved(model, recorder.orders)
    from_stores = {o.household.household_id for o in recorder.orders
                   if o.channel not in ("group", "push_pack") and o.purpose in ("food", "extra")
                   and o.status != "open"}
    panicked = {h.household_id for v in model.villages.values() for h in v.households if h.mood.panics}
    assert panicked <= from_stores


def test_a_seal_after_a_notice_worries_only_households_whose_own_orders_came_short():
    """The notice's buying empties shelves before the seal. The village as a whole does not
    panic at the first look (the village-wide check used to set every household panicking at
    once): only a household whose own order has come back short or late panics."""
    scenario = small_town(villages=2, stores_per_kind=2, population=1500, horizon_days=1.0, seed=3,
                          panic={"enabled": True})
    model = TownModel(scenario_with_overrides(scenario, {"lockdowns": [
        {"village": "V0", "start_day": 0.5, "notice_hours": 8}]}))
    recorder = OrderRecorder(model)
    model.env.run(until=0.5 * 1440 + 3 * HOUR)
    assert any(store.out_of_stock for store in model.stores)  # the notice emptied shelves
    now = model.env.now
    households = model.villages["V0"].households
    panicking = {h.household_id for h in households if h.mood.panicking(now)}
    closed = {o.household.household_id for o in recorder.orders
              if o.status != "open" and o.purpose in ("food", "extra")}
    assert panicking <= closed
    assert len(panicking) < 0.2 * len(households)
