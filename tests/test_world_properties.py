"""Property tests: invariants of the simulated world over random small towns."""

from hypothesis import given
from hypothesis import strategies as st

from sim.model import TownModel
from sim.small_town import small_town
from tests.world_checks import (
    OrderRecorder,
    WhitelistWatcher,
    check_goods_conserved,
    check_orders_conserved,
    check_orders_inside_channel_windows,
    check_stock_non_negative,
    check_timestamps_ordered,
)


def _kinds(stock_scale: float) -> dict:
    """Store kinds with shelves scaled down or up, so that stockouts and partial fills happen."""
    k = stock_scale
    return {
        "supermarket": {"categories": ["staples", "vegetables", "meat_eggs", "daily_goods"],
                        "stock_per_m2": {"staples": 6 * k, "vegetables": 5 * k,
                                         "meat_eggs": 2 * k, "daily_goods": 4 * k}},
        "vegetable_shop": {"categories": ["vegetables", "meat_eggs"],
                           "stock_per_m2": {"vegetables": 8 * k, "meat_eggs": 3 * k}},
        "pharmacy": {"categories": ["medicine"], "stock_per_m2": {"medicine": 3 * k}},
        "catering": {"categories": ["prepared_meals"], "stock_per_m2": {"prepared_meals": 6 * k},
                     "min_pickers": 1, "max_pickers": 1},
    }


@st.composite
def small_towns(draw):
    villages = draw(st.integers(1, 3))
    return small_town(
        villages=villages,
        stores_per_kind=draw(st.integers(1, 3)),
        population=draw(st.integers(20, 400)),
        horizon_days=draw(st.floats(1.0, 2.5)),
        seed=draw(st.integers(0, 2**32 - 1)),
        lockdown_days=draw(st.lists(st.floats(0.0, 0.8), min_size=villages, max_size=villages)),
        lockdown_lengths_days=draw(st.lists(st.one_of(st.none(), st.floats(0.2, 1.0)),
                                            min_size=villages, max_size=villages)),
        ledger_surveyed=draw(st.booleans()),
        store_kinds=_kinds(draw(st.sampled_from([0.05, 0.3, 1.0, 5.0]))),
        depot={"capacity_kg": draw(st.sampled_from([0, 500, 5000]))},
        couriers={"whitelist_size": draw(st.integers(1, 12)),
                  "exposure_probability_per_day": draw(st.sampled_from([0.0, 0.2, 0.6])),
                  "max_batch_orders": draw(st.integers(1, 25))},
    )


@given(small_towns())
def test_world_invariants_hold_at_every_tick_and_at_the_end(scenario):
    model = TownModel(scenario)
    recorder = OrderRecorder(model)
    watcher = WhitelistWatcher(model)
    while model.running:
        model.step()
        check_stock_non_negative(model)
        check_orders_conserved(model)
    orders = recorder.orders
    check_orders_conserved(model)
    check_goods_conserved(model, orders)
    check_orders_inside_channel_windows(model, orders)
    check_timestamps_ordered(orders)
    # every trip goes to a courier who was whitelisted and idle (not testing, not removed)
    assert all(whitelisted and state == "idle" for _, whitelisted, state, _ in watcher.trips)
    assert len(orders) == model.stats.orders_placed
    if model.order_log is not None:
        assert len(model.order_log.rows) == model.stats.orders_placed


@given(small_towns())
def test_same_seed_gives_identical_kpis(scenario):
    first = TownModel(scenario).run_episode()
    second = TownModel(scenario).run_episode()
    assert first == second
