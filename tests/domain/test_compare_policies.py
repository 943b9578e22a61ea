"""The swappable policies each move the town the way they should, on small towns; the defaults
are the behaviour the model had before they were swappable (checked by the KPI files of the
default runs elsewhere)."""

from __future__ import annotations

import pytest

from sim.domain.policies.order_caps import NoCap, PerHouseholdDay, PerVillageDay
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel


def _run(scenario, **overrides):
    model = TownModel(scenario, seed=5, overrides=overrides)
    return model, model.run_episode()


def _shared_hub_town():
    """Two supermarkets in V2, which stays open, 2 km from V0 and 1 km from V1, both locked:
    the nearest policy lets the larger serve both villages; coverage-first gives V1 the other
    one."""
    stores = [{"id": "SUP-A", "village": "V2", "kind": "supermarket", "floor_m2": 200},
              {"id": "SUP-B", "village": "V2", "kind": "supermarket", "floor_m2": 120}]
    stores += [{"id": f"{k[:3].upper()}-{v}", "village": v, "kind": k, "floor_m2": 100}
               for k in ("vegetable_shop", "pharmacy", "catering") for v in ("V0", "V1")]
    return small_town(villages=3, lockdown_days=[0.0, 0.1], horizon_days=0.4, population=100,
                      ledger={"surveyed": True, "stores": stores})


@pytest.mark.parametrize("policy, shared", [("nearest_qualified", True), ("coverage_first", False)])
def test_coverage_first_gives_each_village_a_supermarket_of_its_own(policy, shared):
    model, _ = _run(_shared_hub_town(), **{"store_selection.policy": policy})
    v0 = [s.store_id for s in model.villages["V0"].stores_by_kind["supermarket"]]
    v1 = [s.store_id for s in model.villages["V1"].stores_by_kind["supermarket"]]
    assert v0 == ["SUP-A"]
    assert (v1 == ["SUP-A"]) is shared
    if not shared:
        assert v1 == ["SUP-B"]


def test_coverage_first_reaches_no_further_than_its_radius():
    model, _ = _run(_shared_hub_town(), **{"store_selection.policy": "coverage_first",
                                          "store_selection.coverage_radius_km": 0.5})
    assert [s.store_id for s in model.villages["V1"].stores_by_kind["supermarket"]] == ["SUP-A"]


def test_send_at_once_removes_the_batch_wait_and_makes_more_trips():
    town = small_town(horizon_days=1.0, couriers=20)
    _, batched = _run(town)
    _, at_once = _run(town, **{"couriers.dispatch": "send_at_once"})
    assert batched["lead_time_share_batching"] > 0.1
    assert at_once["lead_time_share_batching"] == 0
    assert at_once["courier_trips"] > batched["courier_trips"]
    assert at_once["courier_orders_per_trip_mean"] < batched["courier_orders_per_trip_mean"]


def _food_orders_per_day(model, by: str):
    log = model.platform.order_log.to_pandas()
    food = log[log["kind"].isin(model.goods.food_kinds)].copy()
    food["day"] = (food["placed_minute"] // 1440).astype(int)
    return food.groupby([by, "day"]).size()


def test_a_cap_per_household_day_refuses_second_food_orders_of_the_day():
    town = small_town(horizon_days=2.0, population=150)
    free, free_kpis = _run(town)
    capped, capped_kpis = _run(town, **{"order_caps.policy": "per_household_day",
                                        "order_caps.limit": 1})
    assert free_kpis["food_orders_refused_by_cap"] == 0
    assert _food_orders_per_day(free, "household").max() > 1  # the cap has something to refuse
    assert capped_kpis["food_orders_refused_by_cap"] > 0
    assert _food_orders_per_day(capped, "household").max() == 1


def test_a_cap_per_village_day_holds_each_village_to_its_limit():
    town = small_town(horizon_days=2.0, population=150)
    free, _ = _run(town)
    capped, kpis = _run(town, **{"order_caps.policy": "per_village_day", "order_caps.limit": 40})
    assert _food_orders_per_day(free, "village").max() > 40
    assert kpis["food_orders_refused_by_cap"] > 0
    assert _food_orders_per_day(capped, "village").max() == 40


def test_caps_count_an_order_only_when_every_cap_admits_it():
    class Household:
        household_id = 7

        class village:
            name = "V0"

    household, village = PerHouseholdDay(2), PerVillageDay(1)
    assert NoCap().admits(household, 0)
    for cap in (household, village):
        assert cap.admits(Household, 0)
        cap.count(Household, 0)
    assert household.admits(Household, 0) and not village.admits(Household, 0)
    assert village.admits(Household, 1)  # a new day
    assert PerHouseholdDay(None).admits(Household, 0)


def _busy_town():
    """Three stores of each kind for two villages, one picker each and slow picking: queues
    grow, and the third store of a kind is a reserve."""
    return small_town(villages=2, stores_per_kind=3, population=400, horizon_days=1.0,
                      couriers=20)


def test_no_expansion_activates_no_reserve_store_where_the_backlog_rule_does():
    slow = {"store_kinds.supermarket.pick_minutes": 30, "store_kinds.supermarket.max_pickers": 1}
    _, backlog = _run(_busy_town(), **slow)
    _, none = _run(_busy_town(), **slow, **{"command_centre.expansion": "none"})
    assert backlog["reserve_stores_activated"] > 0
    assert none["reserve_stores_activated"] == 0


def test_stockout_expansion_activates_a_reserve_when_a_shelf_runs_empty():
    scarce = {"store_kinds.vegetable_shop.stock_per_m2": {"vegetables": 0.05, "meat_eggs": 0.05}}
    _, backlog = _run(_busy_town(), **scarce)
    _, stockout = _run(_busy_town(), **scarce, **{"command_centre.expansion": "stockout"})
    assert stockout["stockout_store_hours"] > 0
    assert stockout["reserve_stores_activated"] > backlog["reserve_stores_activated"]
