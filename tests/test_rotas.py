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
