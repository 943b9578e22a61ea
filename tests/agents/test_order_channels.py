"""Households that cannot order online phone a store or go through volunteers: slower, and
the volunteers' time goes into it; the channel of every order is logged and reported."""

from hypothesis import given, settings
from hypothesis import strategies as st

from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from tests.support.world_checks import (
    OrderRecorder,
    check_goods_conserved,
    check_orders_conserved,
    check_pantries_conserved,
)


def _town(share: float = 0.5, register: bool = False, seed: int = 1, days: float = 3.0):
    return small_town(villages=2, population=400, horizon_days=days, seed=seed,
                      households={"smartphone_share": share},
                      command_centre={"vulnerable_register": register})


def test_everyone_online_is_the_calm_case_with_no_channel_split():
    model = TownModel(_town(share=1.0))
    kpis = model.run_episode()
    assert set(model.platform.order_log.to_pandas().channel) == {"app"}
    assert not any(k.startswith(("orders_placed_", "offline_")) for k in kpis)
    assert model.spec.order_channels == ("app",)


def test_offline_households_phone_or_go_through_volunteers_and_wait_longer():
    model = TownModel(_town(share=0.4))
    kpis = model.run_episode()
    orders = model.platform.order_log.to_pandas()
    assert set(orders.channel) == {"app", "phone", "volunteer"}
    offline = [h for v in model.villages.values() for h in v.households if h.channel != "app"]
    assert 0.45 < len(offline) / sum(len(v.households) for v in model.villages.values()) < 0.75
    by_channel = orders.groupby("channel")
    assert (orders.placed_minute >= orders.asked_minute).all()
    assert (orders[orders.channel == "app"].placed_minute == orders[orders.channel == "app"].asked_minute).all()
    phone = orders[orders.channel == "phone"]
    assert (phone.placed_minute - phone.asked_minute).between(10, 60).all()  # phone_minutes
    # a volunteer types an order in after the round at 09:00 or 16:00 and 5-10 minutes of taking it
    volunteer = orders[orders.channel == "volunteer"]
    minute_of_day = volunteer.placed_minute % 1440
    assert (((minute_of_day >= 9 * 60) & (minute_of_day < 16 * 60)) | (minute_of_day >= 16 * 60)).all()
    assert kpis["volunteer_hours_order_taking"] > 0
    assert kpis["orders_placed_volunteer"] == by_channel.size()["volunteer"]
    assert kpis["lead_time_from_asking_volunteer_minutes_p50"] > kpis["lead_time_from_asking_app_minutes_p50"]
    assert kpis["offline_households_locked"] == len(offline)
    assert "offline_households_ever_without_energy_share" in kpis


def test_with_a_register_volunteers_order_for_every_offline_household_a_day_sooner():
    model = TownModel(_town(share=0.4, register=True))
    model.run_episode()
    offline = [h for v in model.villages.values() for h in v.households if h.channel != "app"]
    assert offline and all(h.channel == "volunteer" for h in offline)
    base = model.spec.households.reorder_at_food_days
    assert all(h.reorder_at_days == base + 1 for h in offline)
    assert set(model.platform.order_log.to_pandas().channel) == {"app", "volunteer"}


@settings(max_examples=15, deadline=None)
@given(share=st.sampled_from([0.0, 0.3, 0.8]), register=st.booleans(),
       seed=st.integers(0, 2**32 - 1), couriers=st.integers(1, 8))
def test_goods_orders_and_pantries_are_conserved_whatever_the_channel_mix(share, register, seed, couriers):
    model = TownModel(small_town(villages=2, population=150, horizon_days=2.0, seed=seed,
                                 couriers=couriers, households={"smartphone_share": share},
                                 command_centre={"vulnerable_register": register}))
    recorder = OrderRecorder(model)
    model.run_episode()
    check_orders_conserved(model)
    check_goods_conserved(model, recorder.orders)
    check_pantries_conserved(model, recorder.orders)
    kpis = model.kpis()
    channels = model.spec.order_channels
    assert sum(kpis.get(f"orders_placed_{c}", 0) for c in channels) == (
        kpis["orders_placed"] if len(channels) > 1 else 0)
