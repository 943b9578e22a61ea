"""Restocking as a policy: the overnight estimate (as the source's hub) against (s, S), and the
depot first against the suppliers first."""

import pytest

from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel


def _town(**restocking):
    return small_town(villages=2, population=400, horizon_days=4.0, depot={"cover_days": 3},
                      restocking=restocking)


def test_s_S_orders_up_to_its_level_when_stock_and_what_is_coming_fall_below_the_reorder_point():
    model = TownModel(_town(policy="s_S", reorder_point_share=0.5, order_up_to_share=0.9))
    policy = model.command_centre.restocking
    store = next(s for s in model.stores if s.kind == "supermarket")
    cap = store.shelf_capacity["staples"]
    store.stock["staples"] = 0.3 * cap
    store.serves.append(next(iter(model.villages.values())))
    wants = policy.low_stock_wants(store)
    assert wants["staples"] == pytest.approx(min(0.6 * cap, store.room_for("staples")))
    store.stock["staples"] = 0.6 * cap
    assert "staples" not in policy.low_stock_wants(store)
    assert policy.overnight_wants(store) == {}


def test_s_S_runs_and_places_no_overnight_estimate():
    estimate = TownModel(_town())
    estimate.run_episode()
    s_s = TownModel(_town(policy="s_S"))
    kpis = s_s.run_episode()
    assert kpis["restock_orders"] > 0
    assert kpis["overnight_restock_kg_max"] == 0
    assert estimate.kpis()["overnight_restock_kg_max"] > 0


def test_suppliers_first_leaves_the_depot_for_what_they_cannot_send():
    depot_first = TownModel(_town(source="depot_first"))
    depot_first.run_episode()
    suppliers_first = TownModel(_town(source="supplier_first"))
    suppliers_first.run_episode()
    assert sum(depot_first.depot.units_released.values()) > 0
    assert sum(suppliers_first.depot.units_released.values()) < sum(depot_first.depot.units_released.values())


def test_levels_out_of_order_are_an_error():
    with pytest.raises(ValueError, match="reorder_point_share must be below order_up_to_share"):
        _town(policy="s_S", reorder_point_share=0.8, order_up_to_share=0.5)
