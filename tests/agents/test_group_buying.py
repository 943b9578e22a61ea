"""Group-buying: members' orders wait on a leader's list for the minimum, go to a supplier
as one bulk order, come days later as a pallet the gate's volunteers sort; couriers carry
none of it; goods, orders and pantries stay conserved."""

import math

from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from tests.support.world_checks import (
    OrderRecorder,
    check_goods_conserved,
    check_orders_conserved,
    check_pantries_conserved,
    check_suppliers_within_limits,
    check_timestamps_ordered,
    check_work_inside_working_hours,
)

LEAD_DAYS = 1.5
SORTING_MINUTES = 2.0
CUTOFF_HOUR = 20


def _town(share=0.6, min_households=10, seed=2, days=5.0, suppliers=None, population=500, **group):
    """Two villages of about 200 households (`population` 500 each); the wholesale market's
    trucks leave at any hour, so a pallet reaches the gate exactly the lead time after the bulk
    order."""
    suppliers = suppliers or [
        {"name": "wholesale market", "delivery_hours": [0, 24],
         "categories": ["staples", "vegetables", "meat_eggs", "daily_goods", "prepared_meals"]},
        {"name": "medicine distributor", "categories": ["medicine"]}]
    return small_town(villages=2, population=population, horizon_days=days, seed=seed, suppliers=suppliers,
                      group_buying={"share": share, "min_households": min_households,
                                    "group_size": 40, "lead_time_days": LEAD_DAYS,
                                    "sorting_minutes_per_household": SORTING_MINUTES,
                                    "order_cutoff_hour": CUTOFF_HOUR, **group})


def _run(scenario):
    model = TownModel(scenario)
    recorder = OrderRecorder(model)
    kpis = model.run_episode()
    check_orders_conserved(model)
    check_goods_conserved(model, recorder.orders)
    check_pantries_conserved(model, recorder.orders)
    check_timestamps_ordered(recorder.orders)
    check_work_inside_working_hours(model, recorder.orders)
    check_suppliers_within_limits(model)
    return model, kpis, [o for o in recorder.orders if o.channel == "group"]


def test_a_bulk_order_goes_at_the_cutoff_with_at_least_the_minimum_of_households():
    model, kpis, group = _run(_town())
    assert kpis["group_bulk_orders"] > 0 and group
    by_list: dict = {}
    for o in group:
        leader = model.group_buying.by_household[o.household.household_id]
        by_list.setdefault((leader, o.placed_minute), []).append(o)
    assert len(by_list) == kpis["group_bulk_orders"]
    for (_, placed), orders in by_list.items():
        assert len(orders) >= 10
        assert math.isclose(placed % 1440, CUTOFF_HOUR * 60)
        assert all(o.asked_minute <= placed and o.store is None and o.kind == "" for o in orders)
    members = [h for v in model.villages.values() for h in v.households if h.channel == "group"]
    assert {o.household for o in group} <= set(members)


def test_a_list_short_of_the_minimum_keeps_collecting_and_sends_nothing():
    model, kpis, group = _run(_town(min_households=1000))
    assert kpis["group_bulk_orders"] == 0 and not group
    waiting = sum(len(g.waiting) for g in model.group_buying.groups)
    assert waiting > 0  # members are on the lists, nothing was ordered for them
    assert kpis["orders_placed_group"] == 0


def test_the_pallet_reaches_the_gate_after_the_lead_time_and_volunteers_sort_it():
    model, kpis, group = _run(_town())
    at_gate = [o for o in group if o.gate_minute == o.gate_minute]
    assert at_gate
    for o in at_gate:
        assert math.isclose(o.gate_minute - o.placed_minute, LEAD_DAYS * 1440, abs_tol=1e-6)
    delivered = [o for o in group if o.status == "delivered"]
    sorting = sum(v.gate.busy_minutes_by_work.get("sorting", 0.0) for v in model.villages.values())
    # each member's share takes its sorting minutes; a round started is counted whole
    assert SORTING_MINUTES * len(delivered) <= sorting + 1e-6 <= SORTING_MINUTES * len(at_gate) + 1e-6
    assert kpis["volunteer_hours_sorting"] == round(sorting / 60, 1)


def test_couriers_carry_none_of_it():
    model, _, group = _run(_town())
    assert all(o.courier_id == -1 and o.dispatched_minute != o.dispatched_minute for o in group)
    log = model.platform.order_log.to_pandas()
    carried = sum(c.orders_carried for c in model.delivery_group.couriers)
    assert carried == log[log.channel != "group"].dispatched_minute.notna().sum()
    assert (log[log.channel == "group"].store == "").all()


def test_sorting_work_grows_with_the_members():
    hours = []
    for share in (0.2, 0.8):
        _, kpis, _ = _run(_town(share=share, min_households=5))
        hours.append(kpis["volunteer_hours_sorting"])
    assert hours[1] > 2 * hours[0] > 0


def test_a_short_supplier_fills_bulk_orders_in_part():
    suppliers = [
        {"name": "wholesale market", "delivery_hours": [0, 24],
         "categories": ["staples", "vegetables", "meat_eggs", "daily_goods", "prepared_meals"]},
        {"name": "cooperative", "delivery_hours": [0, 24], "categories": ["vegetables", "meat_eggs"],
         "daily_capacity": {"vegetables": 60, "meat_eggs": 10}},
        {"name": "medicine distributor", "categories": ["medicine"]}]
    model, kpis, group = _run(_town(suppliers=suppliers, supplier="cooperative"))
    assert kpis["group_bulk_orders_short"] > 0
    delivered = [o for o in group if o.status == "delivered"]
    assert delivered and any(o.fill_share() < 0.99 for o in delivered)
    assert set(model.suppliers_by_name["cooperative"].units_shipped) <= {"vegetables", "meat_eggs"}
    assert all(set(o.requested) <= {"vegetables", "meat_eggs"} for o in group)


def test_a_bulk_only_supplier_ships_to_groups_and_never_restocks_stores():
    from agents.gate_goods import Consignment

    suppliers = [
        {"name": "wholesale market", "delivery_hours": [0, 24],
         "categories": ["staples", "vegetables", "meat_eggs", "daily_goods", "prepared_meals"]},
        {"name": "farms", "delivery_hours": [0, 24], "bulk_orders_only": True,
         "categories": ["staples", "vegetables", "meat_eggs"]},
        {"name": "medicine distributor", "categories": ["medicine"]}]
    # villages big enough that the stores' shelves run low and restock within the five days
    model = TownModel(_town(suppliers=suppliers, supplier="farms", population=1000))
    farms = model.suppliers_by_name["farms"]
    receivers = []
    ship = farms.ship

    def recording_ship(receiver, wants, *args, **kwargs):
        receivers.append(receiver)
        return ship(receiver, wants, *args, **kwargs)

    farms.ship = recording_ship
    kpis = model.run_episode()
    assert kpis["group_bulk_orders"] > 0 and kpis["restock_orders"] > 0
    assert receivers and all(isinstance(r, Consignment) for r in receivers)


def _members(model):
    return {h.household_id for v in model.villages.values() for h in v.households if h.channel == "group"}


def _members_app_food(model):
    """The order log's food orders that group members placed through the app."""
    log = model.platform.order_log.to_pandas()
    return log[(log.channel == "app") & log.kind.isin(model.goods.food_kinds)
               & log.household.isin(_members(model))]


def test_without_a_lead_time_the_pallet_comes_on_the_suppliers_own_trucks():
    """The town's own wholesale market: trucks from 20:00 to 10:00 and two hours on the road,
    as for a store's restock; a list closed at the 20:00 cut-off is at the gate by 22:00."""
    suppliers = [
        {"name": "wholesale market", "delivery_hours": [20, 10], "lead_time_minutes": 120,
         "categories": ["staples", "vegetables", "meat_eggs", "daily_goods", "prepared_meals"]},
        {"name": "medicine distributor", "categories": ["medicine"]}]
    scenario = _town(suppliers=suppliers)
    data = scenario.model_dump(by_alias=True)
    del data["group_buying"]["lead_time_days"]
    from sim.scenario import Scenario

    model, kpis, group = _run(Scenario.model_validate(data))
    at_gate = [o for o in group if o.gate_minute == o.gate_minute]
    assert kpis["group_bulk_orders"] > 0 and at_gate
    assert all(math.isclose(o.gate_minute - o.placed_minute, 120, abs_tol=1e-6) for o in at_gate)
    assert model.group_buying.extra_reorder_days == 1.0 + 120 / 1440


def test_members_order_through_the_app_what_cannot_wait_for_a_slow_pallet():
    """With pallets three days away, a member on the list short of food orders what it lacks
    until then through the app, and still buys through the group; with pallets in an hour,
    members wait for the group."""
    slow_model, slow, _ = _run(_town(lead_time_days=3.0, days=4.0))
    fast_model, fast, _ = _run(_town(lead_time_days=0.05, days=4.0))
    assert slow["orders_placed_group"] > 0 and fast["orders_placed_group"] > 0
    slow_app, fast_app = (_members_app_food(model) for model in (slow_model, fast_model))
    assert len(slow_app) > 50 and len(fast_app) < len(slow_app) / 2


def test_a_member_on_a_list_that_stays_short_gets_its_food_through_the_app_meanwhile():
    model, kpis, group = _run(_town(min_households=1000, days=4.0))
    assert not group  # no list ever reached the supplier's minimum
    assert sum(len(g.waiting) for g in model.group_buying.groups) > 0  # still on the lists
    from_app = _members_app_food(model)
    assert from_app[from_app.status == "delivered"].household.nunique() > 0.5 * len(_members(model))
    assert kpis["households_ever_without_energy"] == 0
