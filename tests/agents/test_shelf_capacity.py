"""A store's storage is bounded by its floor area: restocks order at most up to its shelves,
counting what is already on the way."""

from agents.supplier import procure
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel


def _crowded_town():
    """One 100 m2 supermarket for 3,000 people: the estimate is far above its shelves."""
    return TownModel(small_town(villages=1, stores_per_kind=1, population=3000, horizon_days=3))


def test_the_overnight_order_stops_at_the_shelves_and_counts_what_is_on_the_way():
    model = _crowded_town()
    model.env.run(until=20 * 60)  # the day's orders emptied shelves; the estimate is large
    store = model.villages["V0"].stores_by_kind["supermarket"][0]
    wants = store.overnight_order()
    assert wants
    for c, units in wants.items():
        assert units <= store.shelf_capacity[c] - store.stock[c] + 1e-9
    procure(model, store, wants, "test")
    assert all(store.room_for(c) <= 1e-9 for c in wants)
    assert not store.overnight_order()  # what is on the way fills the room: nothing more


def test_no_restock_overfills_a_store_over_a_run():
    model = _crowded_town()
    ordered = []
    original = model.stats.overnight_order

    def watch(store, sent):
        ordered.append((store, sent))
        original(store, sent)

    model.stats.overnight_order = watch
    while model.running:
        model.step()
        for store in model.stores:
            for c, capacity in store.shelf_capacity.items():
                assert store.stock[c] <= capacity + 1e-6
    assert ordered
    assert all(units <= store.shelf_capacity[c] + 1e-6 for store, sent in ordered for c, units in sent.items())
