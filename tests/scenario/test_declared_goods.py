"""Store kinds and goods categories are data: a town declares its own, everything downstream
follows the declared names, and goods, orders and pantries are conserved per category."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.inputs.scenario_loading import ScenarioError, load_scenario
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from sim.scenario import Scenario
from tests.support.compound_goods import COMPOUND_GOODS
from tests.support.world_checks import (
    FoodOrderWatcher,
    OrderRecorder,
    check_food_orders_sell_what_runs_low,
    check_goods_conserved,
    check_orders_conserved,
    check_pantries_conserved,
    check_stock_non_negative,
    check_stock_within_storage,
)


def _compound(**extra) -> Scenario:
    households = {"stock_days_at_lockdown": {"rice": 3, "greens": 1, "frozen": 2, "bread": 0.5},
                  "food_kind_weights": {"front_warehouse": 0.8, "bakery": 0.2}}
    households.update(extra.pop("households", {}))
    return small_town(villages=2, population=200, horizon_days=2.0,
                      **{**COMPOUND_GOODS, "households": households, **extra})


def test_a_town_of_its_own_kinds_and_categories_runs_and_reports_them_by_name():
    model = TownModel(_compound())
    kpis = model.run_episode()
    assert model.goods.pantry == ("rice", "greens", "frozen", "bread")
    assert model.goods.pharmacy_kind == "clinic" and model.goods.ready_meals is None
    assert set(model.goods.food_kinds) == {"front_warehouse", "bakery"}
    orders = model.platform.order_log.to_pandas()
    assert {"requested_rice", "filled_bread", "filled_drugs"} <= set(orders.columns)
    assert "requested_vegetables" not in orders.columns
    assert set(orders.kind) == {"front_warehouse", "bakery", "clinic"}
    assert orders.filled_bread.sum() > 0 and orders.filled_drugs.sum() > 0
    # KPIs per category: kg in the key only for categories counted in kg
    assert kpis["rice_kg_delivered_per_locked_person_day"] > 0
    assert kpis["bread_delivered_per_locked_person_day"] > 0
    assert "household_days_without_greens" in kpis
    assert not any("vegetables" in k or "prepared_meals" in k for k in kpis)
    ts = model.timeseries.to_pandas()
    assert {"store_stock_frozen", "depot_stock_toiletries"} <= set(ts.columns)
    assert all(f"channel_open_minutes_{v}" not in kpis for v in ("x",))  # keys stay flat


def test_households_order_through_the_kinds_in_the_shares_the_scenario_gives():
    bakery_only = TownModel(_compound(households={"food_kind_weights": {"bakery": 1.0}}))
    bakery_only.run_episode()
    kinds = set(bakery_only.platform.order_log.to_pandas().kind)
    assert "front_warehouse" not in kinds and "bakery" in kinds


def test_beizang_goods_are_the_default_and_ready_meals_replace_other_food():
    model = TownModel(small_town(villages=1, population=100, horizon_days=1.0))
    assert model.goods.categories == ("vegetables", "meat_eggs", "staples", "medicine",
                                      "daily_goods", "prepared_meals")
    assert model.goods.pantry == ("staples", "vegetables", "meat_eggs", "prepared_meals")
    assert model.goods.kinds == ("supermarket", "vegetable_shop", "pharmacy", "catering")
    assert model.spec.standard_kinds == list(model.goods.kinds)
    assert [s.name for s in model.spec.suppliers] == ["wholesale market", "medicine distributor"]


@pytest.mark.parametrize("change, where", [
    ({"store_kinds": {**COMPOUND_GOODS["store_kinds"],
                      "bakery": {"categories": ["cake"], "stock_per_m2": {"cake": 1}}}},
     "store_kinds.bakery.categories: unknown category 'cake'"),
    ({"consumption_per_person_day": {"rice": 0.3}},
     "consumption_per_person_day: missing for ['greens', 'frozen', 'bread', 'drugs', 'toiletries']"),
    ({"households": {"food_kind_weights": {"clinic": 1.0}}},
     "households.food_kind_weights: unknown store kind selling food 'clinic'"),
    ({"households": {"stock_days_at_lockdown": {"rice": 3, "greens": 1, "frozen": 2, "bread": 1,
                                                "drugs": 4}}},
     "households.stock_days_at_lockdown: unknown food category 'drugs'"),
    ({"command_centre": {"standard_kinds": ["supermarket"]}},
     "command_centre.standard_kinds: unknown store kind 'supermarket'"),
])
def test_names_that_are_not_declared_are_errors_that_say_where(change, where):
    with pytest.raises(ValueError, match=None) as caught:
        _compound(**change)
    assert where in str(caught.value)


def test_a_toml_town_with_declared_goods_reports_a_bad_kind_at_its_line(tmp_path):
    path = tmp_path / "compound.toml"
    path.write_text("""
[run]
name = "compound"
horizon_days = 1
[categories.rice]
unit = "kg"
[categories.greens]
unit = "kg"
[consumption_per_person_day]
rice = 0.3
greens = 0.5
[households.stock_days_at_lockdown]
rice = 3
greens = 1
[households.food_kind_weights]
warehouse = 1.0
[store_kinds.warehouse]
categories = ["rice", "greens"]
[[villages]]
name = "A"
x_km = 0
y_km = 0
population = 50
[ledger]
stores = [{ id = "W1", village = "A", kind = "warehose", floor_m2 = 100 }]
""")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    text = str(caught.value)
    assert "ledger.stores[0].kind" in text and "unknown store kind 'warehose'" in text
    assert f"{path}:" in text


# --- property: goods, orders and pantries conserved over random declared goods ------------

@st.composite
def declared_goods_towns(draw):
    """1-3 food categories, maybe ready meals, maybe medicine, maybe household goods, their
    food maybe worth energy (else by weight) and partly thrown away; 1-3 kinds selling random
    mixes of them; a supplier of everything with limits that may bind."""
    foods = [f"food{i}" for i in range(draw(st.integers(1, 3)))]
    categories = {c: {"unit": draw(st.sampled_from(["kg", "packs"]))} for c in foods}
    extras = draw(st.sets(st.sampled_from(["meals", "drugs", "soap"])))
    use = {"meals": "ready_meals", "drugs": "medicine", "soap": "household_goods"}
    for c in sorted(extras):
        categories[c] = {"unit": "units", "use": use[c]}
    if draw(st.booleans()):  # food worth energy, households substituting within limits, waste
        for c in [*foods, "meals"]:
            if c in categories:
                categories[c].update(kcal_per_unit=draw(st.sampled_from([300.0, 2000.0, 3500.0])),
                                     max_energy_share=draw(st.sampled_from([0.1, 0.5, 1.0])),
                                     home_waste_share=draw(st.sampled_from([0.0, 0.15])))
    sellable = [c for c in categories if c != "drugs"]
    kinds = {}
    for k in range(draw(st.integers(1, 3))):
        sells = draw(st.lists(st.sampled_from(sellable), min_size=1, max_size=len(sellable), unique=True))
        kinds[f"kind{k}"] = sells
    if not any(c in foods or c == "meals" for sells in kinds.values() for c in sells):
        kinds["kind0"] = [foods[0]]
    if "drugs" in categories:
        kinds["chemist"] = ["drugs"]
    scale = draw(st.sampled_from([0.05, 0.5, 3.0]))
    store_kinds = {k: {"categories": sells, "stock_per_m2": {c: 4 * scale for c in sells},
                       "opening_hours": draw(st.sampled_from([[0, 24], [8, 20]]))}
                   for k, sells in kinds.items()}
    pantry = [c for c in categories if c in foods or c == "meals"]
    food_kinds = [k for k, sells in kinds.items() if any(c in pantry for c in sells)]
    weights = {k: draw(st.sampled_from([0.0, 0.3, 1.0])) for k in food_kinds}
    if not any(weights.values()):
        weights[food_kinds[0]] = 1.0
    villages = draw(st.integers(1, 2))
    return small_town(
        villages=villages, stores_per_kind=draw(st.integers(1, 2)),
        population=draw(st.integers(20, 200)), horizon_days=draw(st.floats(1.0, 2.0)),
        seed=draw(st.integers(0, 2**32 - 1)),
        couriers={"whitelist_size": draw(st.integers(1, 8))},
        categories=categories, store_kinds=store_kinds,
        consumption_per_person_day={c: draw(st.sampled_from([0.05, 0.3, 1.0])) for c in categories},
        households={"stock_days_at_lockdown": {c: draw(st.sampled_from([0.0, 1.0, 4.0])) for c in pantry},
                    "food_kind_weights": weights},
        suppliers=[{"name": "market", "categories": list(categories),
                    "capacity_town_days": draw(st.sampled_from([None, 0.3])),
                    "trucks_per_day": draw(st.sampled_from([None, 3]))}],
        depot={"capacity_kg": draw(st.sampled_from([0, 500]))},
    )


@settings(max_examples=25, deadline=None)
@given(declared_goods_towns())
def test_goods_orders_and_pantries_are_conserved_for_any_declared_goods(scenario):
    model = TownModel(scenario)
    recorder = OrderRecorder(model)
    food_orders = FoodOrderWatcher(model)
    while model.running:
        model.step()
        check_stock_non_negative(model)
        check_stock_within_storage(model)
    orders = recorder.orders
    check_orders_conserved(model)
    check_goods_conserved(model, orders)
    check_pantries_conserved(model, orders)
    check_food_orders_sell_what_runs_low(model, food_orders.orders)
    assert set(model.stats.units_delivered_by_category) == set(scenario.categories)
