"""Each of the depot's release rules fires when it should (issue 25): a depot released on
request is bought back at once, so the normal trade of the night before an outage does not
leave it short; one held for an outage gives stock only while a supplier the stores restock
that category from is short."""

import pytest

from sim.engine import run_until
from sim.inputs.scenario_loading import scenario_with_overrides
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel

# shops that hold about a day and a half of their villages' food, so restocks come nightly
LEAN_SHELVES = {"store_kinds.supermarket.stock_per_m2": {"staples": 1, "vegetables": 1,
                                                          "meat_eggs": 0.5, "daily_goods": 1},
                "store_kinds.vegetable_shop.stock_per_m2": {"vegetables": 1, "meat_eggs": 0.5}}
SUPPLIERS = [{"name": "market", "categories": ["staples", "vegetables", "meat_eggs", "daily_goods",
                                              "prepared_meals", "medicine"]},
             {"name": "farm", "categories": ["vegetables"], "bulk_orders_only": True}]


def _town(depot, outage_of=None, days=2.0):
    outage = ([{"kind": "supplier_outage", "supplier": outage_of, "start_day": 1.0, "days": 1,
                "capacity_share": 0}] if outage_of else [])
    town = small_town(villages=2, population=300, horizon_days=days, suppliers=SUPPLIERS,
                      depot=depot, disruptions=outage)
    return TownModel(scenario_with_overrides(town, LEAN_SHELVES))


def test_on_request_the_depot_buys_back_what_it_released_before_the_outage_begins():
    model = _town({"cover_days": 1}, outage_of="market")
    depot = model.depot
    run_until(model.env, 1440 - 1)  # the stores' overnight restocks came from the depot
    assert sum(depot.units_released.values()) > 50
    # bought back from the market that night: the depot goes into the outage full
    for category, target in depot.target.items():
        assert depot.stock[category] == pytest.approx(target)


def test_the_old_evening_buy_back_is_still_there_to_compare():
    model = _town({"cover_days": 1, "buy_back": "each_evening"}, outage_of="market")
    run_until(model.env, 1440 - 1)
    depot = model.depot
    assert depot.stock["vegetables"] < depot.target["vegetables"] - 50


@pytest.mark.parametrize("outage_of, releases", [
    ("market", True),  # the stores' own supplier is short: the depot gives
    ("farm", False),  # a farm taking group orders only: the stores never buy from it
    (None, False),  # no outage: the stock is held
])
def test_hold_for_outage_releases_only_while_the_stores_supplier_is_short(outage_of, releases):
    model = _town({"cover_days": 1, "release": "hold_for_outage"}, outage_of=outage_of)
    model.run_episode()
    assert (sum(model.depot.units_released.values()) > 0) == releases


def test_hold_for_outage_counts_a_supplier_only_for_the_categories_it_sells():
    suppliers = [{"name": "market", "categories": ["staples", "vegetables", "meat_eggs",
                                                   "daily_goods", "prepared_meals"]},
                 {"name": "medicine distributor", "categories": ["medicine"]}]
    town = small_town(villages=2, population=300, horizon_days=2.0, suppliers=suppliers,
                      depot={"cover_days": 1, "release": "hold_for_outage"},
                      disruptions=[{"kind": "supplier_outage", "supplier": "medicine distributor",
                                    "start_day": 0.0, "days": 2, "capacity_share": 0}])
    model = TownModel(scenario_with_overrides(town, LEAN_SHELVES))
    model.run_episode()
    released = model.depot.units_released
    assert released.get("vegetables", 0.0) == 0 and released.get("staples", 0.0) == 0
