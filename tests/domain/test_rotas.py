"""Rotas: rest days staggered across a team, and breaks spread over the team's window."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.domain.rotas import EVERY_DAY, Rota, staggered_break_hour


@given(days_on=st.integers(1, 14), days_off=st.integers(0, 7), worker=st.integers(0, 500),
       start=st.integers(0, 60))
def test_each_worker_rests_days_off_in_every_cycle(days_on, days_off, worker, start):
    rota = Rota(days_on, days_off)
    cycle = range(start, start + rota.cycle_days)
    assert sum(rota.rests_on(day, worker) for day in cycle) == days_off


@given(days_on=st.integers(1, 14), days_off=st.integers(0, 7), day=st.integers(0, 60))
def test_a_team_of_one_cycle_has_the_same_share_resting_every_day(days_on, days_off, day):
    rota = Rota(days_on, days_off)
    assert rota.present(day, rota.cycle_days) == days_on  # staggered: never all off together


def test_six_on_one_off_rests_worker_zero_on_the_seventh_day():
    rota = Rota(6, 1)
    assert [rota.rests_on(day, 0) for day in range(8)] == [False] * 6 + [True, False]
    assert [rota.rests_on(day, 1) for day in range(8)] == [False] * 5 + [True, False, False]
    assert rota.resting_share() == pytest.approx(1 / 7)


def test_every_day_never_rests():
    assert not any(EVERY_DAY.rests_on(day, w) for day in range(30) for w in range(10))


def test_a_rota_that_never_works_is_refused():
    with pytest.raises(ValueError):
        Rota(0, 1)


def test_breaks_are_spread_over_the_window_by_index():
    hours = [staggered_break_hour(12.0, 2.0, i, 4) for i in range(4)]
    assert hours == [12.0, 12.5, 13.0, 13.5]
    assert staggered_break_hour(13.0, 2.0, 0, 1) == 13.0
    assert staggered_break_hour(13.0, 0.0, 3, 4) == 13.0


# --- a worker's rostered hours and a team on duty (sim/domain/rostered_hours.py) ------------
def _clock():
    import datetime as dt

    from sim.domain.clock import Clock
    return Clock(dt.datetime(2022, 11, 10))


def test_a_worker_is_off_on_its_rest_days_and_on_its_own_break():
    from sim.domain.rostered_hours import RosteredHours

    # worker 1 of 4: break from 12:30 (12:00 + 2 h x 1/4) for an hour; rests day 5 of each 7
    hours = RosteredHours(_clock(), (7, 24), Rota(6, 1), worker=1, team_size=4, break_hour=12.0,
                          break_minutes=60, break_spread_hours=2.0)
    day = 24 * 60
    assert hours.on_duty(12 * 60) and not hours.on_duty(12 * 60 + 45) and hours.on_duty(13 * 60 + 31)
    assert not hours.on_duty(6 * 60) and hours.on_duty(24 * 60 - 1) and not hours.on_duty(24 * 60 + 1)
    assert [hours.rests(d * day + 10 * 60) for d in range(7)] == [False] * 5 + [True, False]
    assert not hours.on_duty(5 * day + 10 * 60)
    assert hours.duty_ends(8 * 60) == 12.5 * 60               # its break
    assert hours.duty_ends(14 * 60) == 24 * 60                 # the end of its shift
    assert hours.next_change(5 * day + 60) == 5 * day + 7 * 60  # the rest day begins


def test_a_shift_past_midnight_belongs_to_the_day_it_began():
    from sim.domain.rostered_hours import RosteredHours

    hours = RosteredHours(_clock(), (18, 30), Rota(1, 1), worker=0)
    day = 24 * 60
    assert hours.on_duty(day + 2 * 60)          # 02:00 on day 1: day 0's night, a working one
    assert not hours.on_duty(day + 20 * 60)     # day 1 is a rest day
    assert hours.on_duty(2 * day + 20 * 60)
    assert hours.duty_ends(20 * 60) == day + 6 * 60


@given(size=st.integers(1, 30), days_off=st.integers(0, 2), minute=st.floats(0, 20 * 24 * 60))
def test_a_team_never_stops_at_once_for_breaks_and_rests(size, days_off, minute):
    """With breaks spread over two hours of an hour each and rest days staggered, at most about
    half a team is on its break, and a team of a full cycle or more always has someone on duty
    inside its hours."""
    from sim.domain.rostered_hours import RosteredHours, TeamOnDuty

    rota = Rota(6, days_off)
    team = TeamOnDuty(lambda i, n: RosteredHours(_clock(), (6, 23), rota, i, n, 12.0, 60, 2.0), size)
    hour = (minute / 60) % 24
    present = team.present(minute)
    assert 0 <= present <= size
    if 6 <= hour < 22.9 and size >= rota.cycle_days + 1:
        assert present >= 1
    assert team.next_change(minute) > minute
