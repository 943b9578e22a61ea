"""The night a store takes on a locked village it stocks up for it into its back room too
(`restocking.lockdown_stock_up_days`, `store_kinds.<kind>.back_room_per_m2`); every other night
its orders stop at its shelves (only the drill table's decisions fill a back room then), and the
back room's stock is sold before the shelves restock."""

import pytest

from sim.inputs.scenario_loading import scenario_with_overrides
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from tests.support.world_checks import check_stock_within_storage

KG_GOODS = ("staples", "vegetables", "meat_eggs")


def _town(stock_up_days: float, back_room: dict | None, days: float = 3.0, **more) -> TownModel:
    """One village of 3,000 people with one 100 m2 supermarket, locked at 06:00 on day 0."""
    scenario = small_town(villages=1, stores_per_kind=1, population=3000, horizon_days=days,
                          lockdown_days=[0.25])
    return TownModel(scenario_with_overrides(scenario, {
        "restocking.lockdown_stock_up_days": stock_up_days,
        "store_kinds.supermarket.back_room_per_m2": back_room or {}, **more}))


def _nights(model: TownModel, store_id: str) -> dict[int, float]:
    return {day: kg for store, day, kg in model.stats.overnight_restocks if store == store_id}


def _run_checking_capacity(model: TownModel) -> None:
    while model.running:
        model.step()
        check_stock_within_storage(model)


@pytest.fixture(scope="module")
def stocked_up():
    model = _town(10, {"staples": 8, "vegetables": 6, "meat_eggs": 1})
    _run_checking_capacity(model)
    return model


def test_the_first_night_fills_the_back_room_beyond_the_shelves(stocked_up):
    store = stocked_up.villages["V0"].stores_by_kind["supermarket"][0]
    nights = _nights(stocked_up, store.store_id)
    shelves = sum(store.shelf_capacity[c] for c in KG_GOODS)
    back_room = sum(store.back_room_capacity[c] for c in KG_GOODS)
    assert back_room == pytest.approx(100 * (8 + 6 + 1))
    # the first night it buys more than its shelves could ever take, and at most shelves and back room
    assert shelves < nights[0] <= shelves + back_room + 1e-6
    # later nights stop at the shelves again
    assert all(kg <= shelves + 1e-6 for day, kg in nights.items() if day > 0)


def test_without_a_back_room_the_stock_up_stops_at_the_shelves():
    model = _town(10, None, days=1.5)
    _run_checking_capacity(model)
    store = model.villages["V0"].stores_by_kind["supermarket"][0]
    shelves = sum(store.shelf_capacity[c] for c in KG_GOODS)
    assert 0 < _nights(model, store.store_id)[0] <= shelves + 1e-6


def test_more_days_of_stock_up_buy_more_the_first_night_and_less_the_next():
    """The estimate counts the stock-up days for the village taken on that day, cover_days after."""
    back_room = {"staples": 30, "vegetables": 30, "meat_eggs": 10}  # room for 3 days' estimate
    few, many = (_town(days, back_room, days=2.5) for days in (3, 9))
    for model in (few, many):
        model.run_episode()
    store_id = few.villages["V0"].stores_by_kind["supermarket"][0].store_id
    few_nights, many_nights = _nights(few, store_id), _nights(many, store_id)
    assert many_nights[0] > 1.1 * few_nights[0]
    # the next night both estimate cover_days again, and the one stocked up more needs less
    assert many_nights.get(1, 0.0) <= few_nights.get(1, 0.0)


def test_a_back_room_without_stock_up_days_changes_nothing():
    """lockdown_stock_up_days = 0 (the default): the back room stays empty, the run as without."""
    plain = _town(0, None, days=2)
    with_room = _town(0, {"staples": 8}, days=2)
    assert plain.run_episode() | {"scenario": ""} == with_room.run_episode() | {"scenario": ""}


def test_stock_up_days_below_cover_days_buy_no_less_than_a_usual_night():
    """Stock-up days below cover_days never buy less than a usual night's cover_days."""
    back_room = {"staples": 8, "vegetables": 6, "meat_eggs": 1}
    usual = _town(0, back_room, days=1.5, **{"restocking.cover_days": 1.5})
    short = _town(0.5, back_room, days=1.5, **{"restocking.cover_days": 1.5})
    for model in (usual, short):
        model.run_episode()
    store_id = usual.villages["V0"].stores_by_kind["supermarket"][0].store_id
    assert _nights(short, store_id)[0] >= _nights(usual, store_id)[0] - 1e-6 > 0


def test_a_store_closed_on_its_first_night_stocks_up_the_night_it_reopens():
    """The stock-up waits for a night the store is open to order; it is not lost."""
    model = _town(10, {"staples": 8, "vegetables": 6, "meat_eggs": 1}, days=2.5)
    store = next(s for s in model.stores if s.kind == "supermarket")
    shelves = sum(store.shelf_capacity[c] for c in KG_GOODS)
    env = model.env
    night_0 = model.spec.restocking.overnight_order_hour * 60  # minutes

    def close_for_the_first_night():
        yield env.timeout(night_0 - 1)
        store.close_for(2 / 60, "staff tested positive")

    env.process(close_for_the_first_night())
    _run_checking_capacity(model)
    nights = _nights(model, store.store_id)
    assert 0 not in nights
    assert nights[1] > shelves


def test_a_stock_up_with_the_s_s_policy_is_refused_saying_why():
    scenario = small_town(villages=1, stores_per_kind=1, population=300, horizon_days=1)
    with pytest.raises(ValueError, match="lockdown_stock_up_days needs policy"):
        scenario_with_overrides(scenario, {"restocking.policy": "s_S",
                                           "restocking.lockdown_stock_up_days": 3})
