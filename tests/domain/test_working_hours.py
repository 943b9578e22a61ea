"""Working hours: nobody works a night's backlog off, couriers keep their day's bounds and a break."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.domain.clock import Clock
from sim.domain.working_hours import WorkingHours, shift_spans
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel

MIDNIGHT = Clock(dt.datetime(2022, 11, 10))
NOON = Clock(dt.datetime(2022, 11, 10, 12, 0))


def test_a_span_past_midnight_runs_into_the_next_morning():
    hours = WorkingHours(MIDNIGHT, [(5, 25)])  # 05:00 to 01:00, as a cooperative's staff worked
    assert hours.on_duty(30)            # 00:30 (the previous day's span)
    assert not hours.on_duty(60)        # 01:00
    assert not hours.on_duty(4 * 60 + 59)
    assert hours.on_duty(5 * 60)
    assert hours.next_change(2 * 60) == 5 * 60
    assert hours.next_start(2 * 60) == 5 * 60 and hours.next_start(6 * 60) == 6 * 60
    assert hours.minutes_on_duty(0, 1440) == 20 * 60


def test_hours_follow_the_wall_clock_when_the_run_starts_at_noon():
    hours = WorkingHours(NOON, [(8, 20)])
    assert hours.on_duty(0) and not hours.on_duty(8 * 60)   # 12:00 on, 20:00 off
    assert hours.next_change(0) == 8 * 60                   # closes at 20:00
    assert hours.next_start(8 * 60) == 20 * 60              # opens at 08:00 next day


def test_a_break_splits_the_shift():
    assert shift_spans((7, 24), 13, 60) == ((7, 13), (14, 24))
    assert shift_spans((7, 24), 3, 60) == ((7, 24),)        # a break outside the shift
    assert shift_spans((18, 30), 2, 30) == ((18, 26), (26.5, 30))
    hours = WorkingHours(MIDNIGHT, shift_spans((7, 24), 13, 60))
    assert hours.minutes_on_duty(0, 1440) == 16 * 60


quarter_hours = st.integers(0, 95).map(lambda q: q / 4)  # hours as a roster writes them


@given(start=quarter_hours, length=st.integers(1, 96).map(lambda q: q / 4),
       a=st.floats(0, 4000), span=st.floats(0, 3000))
def test_minutes_on_duty_add_up_and_changes_alternate(start, length, a, span):
    hours = WorkingHours(MIDNIGHT, [(start, start + length)])
    b = a + span
    middle = (a + b) / 2
    assert hours.minutes_on_duty(a, b) == pytest.approx(
        hours.minutes_on_duty(a, middle) + hours.minutes_on_duty(middle, b), abs=1e-6)
    assert 0 <= hours.minutes_on_duty(a, b) <= span + 1e-9
    if length < 24:
        t = hours.next_change(a)
        assert a < t <= a + 1440
        assert hours.on_duty(t) != hours.on_duty((a + t) / 2)


def test_nothing_is_picked_or_carried_at_night_and_couriers_keep_their_daily_limit():
    """Without working hours couriers were on trips through the night and a backlog was worked off
    between 01:00 and 05:00. Now the night is quiet and a courier stops at its day's trips."""
    model = TownModel(small_town(villages=2, population=600, horizon_days=3,
                                 couriers={"whitelist_size": 2, "max_trips_per_day": 4,
                                           "living_outside_town_share": 1.0}))
    model.run_episode()
    ts = model.timeseries.to_pandas()
    night = ts[ts["time"].dt.hour.isin([2, 3, 4, 5])]
    assert (night["couriers_on_trip"] == 0).all()
    for _, hours in night.groupby(night["time"].dt.date):  # nothing delivered or picked at night
        assert hours["orders_delivered"].nunique() == 1
        assert hours["orders_waiting_at_stores"].is_monotonic_increasing
    assert model.delivery_group.trips() <= 2 * 4 * 3
    assert sum(c.day.days_ended_at_limit for c in model.delivery_group.couriers) > 0
    assert ts["couriers_off_duty"].max() == 2


def test_a_drill_quarantine_reaches_couriers_off_duty():
    model = TownModel(small_town(villages=1, population=100, horizon_days=1,
                                 couriers={"whitelist_size": 3, "living_outside_town_share": 1.0},
                                 lockdown_days=[0.0]))
    model.step()  # 01:00: the couriers' shift has not begun
    couriers = model.delivery_group.couriers
    assert all(c.state == "off_duty" for c in couriers)
    assert all(c.quarantine() for c in couriers)
    assert model.delivery_group.whitelisted() == 0


def test_a_courier_at_the_daily_limit_works_again_the_next_shift_day_even_around_the_clock():
    model = TownModel(small_town(villages=1, population=400, horizon_days=2.5, lockdown_days=[0.0],
                                 couriers={"whitelist_size": 1, "max_trips_per_day": 2,
                                           "shift_hours": [0, 24], "break_hour": None,
                                           "living_outside_town_share": 1.0}))
    model.run_episode()
    courier = model.delivery_group.couriers[0]
    assert 2 < courier.trips <= 2 * 3  # three shift days begun, two trips each


def test_a_break_starting_off_the_minute_grid_ends_duty_at_its_start_every_day():
    import simpy

    env = simpy.Environment()
    hours = WorkingHours(MIDNIGHT, shift_spans((0, 24), 13.414379648473949, 90))
    stops = []
    env.process(hours.keep(env, lambda: None, lambda: stops.append(env.now)))
    env.run(until=3 * 1440)
    break_start = 13.414379648473949 * 60
    assert [round(t - day * 1440, 6) for day, t in enumerate(stops)] == [round(break_start, 6)] * 3
