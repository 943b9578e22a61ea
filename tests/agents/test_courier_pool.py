"""Couriers as one town-wide pool, or tied to the store of their first trip."""

from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from tests.support.world_checks import OrderRecorder, check_goods_conserved, check_orders_conserved


def _town(pool: str):
    """Six couriers, all living outside the town: none is locked in at a sealed home, so the
    pools differ only in how the same couriers are shared."""
    return small_town(villages=2, population=400, horizon_days=2.0,
                      couriers={"whitelist_size": 6, "pool": pool, "living_outside_town_share": 1.0})


def test_tied_couriers_only_carry_their_own_stores_batches():
    model = TownModel(_town("store"))
    trips = []
    for courier in model.delivery_group.couriers:
        original = courier.start_trip

        def start_trip(store, village, batch, c=courier, original=original):
            trips.append((c, store))
            return original(store, village, batch)
        courier.start_trip = start_trip
    recorder = OrderRecorder(model)
    kpis = model.run_episode()
    assert kpis["orders_delivered"] > 0
    stores_by_courier = {}
    for courier, store in trips:
        stores_by_courier.setdefault(courier, set()).add(store)
    assert stores_by_courier and all(len(s) == 1 for s in stores_by_courier.values())
    check_orders_conserved(model)
    check_goods_conserved(model, recorder.orders)


def test_a_town_wide_pool_serves_faster_than_couriers_tied_to_stores():
    pooled = TownModel(_town("town")).run_episode()
    tied = TownModel(_town("store")).run_episode()
    assert pooled["lead_time_share_waiting_for_courier"] < tied["lead_time_share_waiting_for_courier"]
    assert pooled["orders_delivered"] >= tied["orders_delivered"]
