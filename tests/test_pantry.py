"""A household's stock per food category: when each runs out, what is eaten and needed, and
the time with none left, computed exactly."""

import math

import pytest

from agents.pantry import NEVER, Pantry

DAY = 1440.0
STAPLES, VEGETABLES, MEAT, MEALS = range(4)  # Beizang's pantry order


def pantry(persons=2, staples=(0.3, 1.2), vegetables=(0.5, 2.0), meat=(0.15, 0.6), meals=(0.0, 0.0)):
    """(per person a day, units at home) per category; eating from minute 0."""
    rates, stock = [0.0] * 4, [0.0] * 4
    for i, (rate, units) in ((STAPLES, staples), (VEGETABLES, vegetables), (MEAT, meat), (MEALS, meals)):
        rates[i], stock[i] = rate, units
    p = Pantry(persons, rates, stock, MEALS)
    p.start_eating(0.0)
    return p


def test_each_category_runs_out_when_its_stock_is_eaten_at_the_households_rate():
    p = pantry()  # 2 persons: staples 0.6 kg a day of 1.2, vegetables 1.0 of 2.0, meat 0.3 of 0.6
    assert p.runs_out_minute(STAPLES) == pytest.approx(2 * DAY)
    assert p.runs_out_minute(VEGETABLES) == pytest.approx(2 * DAY)
    assert p.stock_at(STAPLES, DAY / 2) == pytest.approx(0.9)
    assert p.days_left(VEGETABLES, DAY / 2) == pytest.approx(1.5)
    assert p.food_out_minute() == pytest.approx(2 * DAY)


def test_prepared_meals_replace_a_share_of_other_food_while_they_last():
    # 0.75 meals a person a day replace a quarter of the day's food; 1.5 meals last 1 day
    p = pantry(vegetables=(0.5, 1.75), meals=(0.75, 1.5))
    assert p.runs_out_minute(MEALS) == pytest.approx(DAY)
    # day 1: 0.75 kg of vegetables (a quarter replaced), then 1.0 kg a day: 1.0 left lasts a day
    assert p.runs_out_minute(VEGETABLES) == pytest.approx(2 * DAY)
    assert p.stock_at(VEGETABLES, DAY) == pytest.approx(1.0)
    assert p.stock_at(STAPLES, DAY) == pytest.approx(1.2 - 0.45)


def test_a_stretch_past_running_out_counts_what_was_needed_and_the_time_without():
    p = pantry(staples=(0.3, 3.0), vegetables=(0.5, 1.0), meat=(0.15, 0.3))
    p.advance(3 * DAY)
    t = p.tally
    assert t.eaten[VEGETABLES] == pytest.approx(1.0)  # all of it, after a day
    assert t.needed[VEGETABLES] == pytest.approx(3.0)
    assert t.minutes_without[VEGETABLES] == pytest.approx(2 * DAY)
    assert t.minutes_without[MEAT] == pytest.approx(2 * DAY)
    assert t.minutes_without[STAPLES] == 0.0  # 3 kg at 0.6 kg a day last 5 days
    assert t.minutes_without_food == 0.0  # a household with staples left is not without food
    assert t.households_ever_without_food == 0
    assert t.person_minutes == pytest.approx(2 * 3 * DAY)


def test_a_household_with_no_food_of_any_kind_counts_once_and_for_as_long_as_it_lasts():
    p = pantry(staples=(0.3, 0.6), vegetables=(0.5, 1.0), meat=(0.15, 0.3))  # all gone after a day
    p.advance(1.5 * DAY)
    p.advance(2.0 * DAY)
    t = p.tally
    assert t.minutes_without_food == pytest.approx(DAY)
    assert t.households_ever_without_food == 1
    for i in (STAPLES, VEGETABLES, MEAT):
        assert t.minutes_without[i] == pytest.approx(DAY)
        assert t.eaten[i] == pytest.approx(p.daily[i])
        assert p.stock[i] == 0.0


def test_a_delivery_restores_the_stock_and_moves_the_run_out_minute():
    p = pantry()
    p.receive({VEGETABLES: 3.0}, DAY)
    assert p.stock[VEGETABLES] == pytest.approx(1.0 + 3.0)
    assert p.tally.delivered[VEGETABLES] == 3.0
    assert p.runs_out_minute(VEGETABLES) == pytest.approx(5 * DAY)


def test_outside_a_lockdown_the_stock_stands_still_and_nothing_counts():
    p = pantry()
    p.stop_eating(DAY)
    assert p.runs_out_minute(STAPLES) == NEVER and p.food_out_minute() == NEVER
    p.advance(10 * DAY)
    assert p.stock[STAPLES] == pytest.approx(0.6)
    assert p.tally.person_minutes == pytest.approx(2 * DAY)
    p.start_eating(10 * DAY)
    assert p.runs_out_minute(STAPLES) == pytest.approx(11 * DAY)


def test_pending_is_what_advance_then_adds_and_changes_nothing():
    p = pantry(vegetables=(0.5, 1.0), meals=(0.75, 0.5))
    before = list(p.stock)
    stretch = p.pending(3 * DAY)
    assert p.stock == before and p.tally.person_minutes == 0.0
    p.advance(3 * DAY)
    for field in ("eaten", "needed", "minutes_without"):
        assert getattr(stretch, field) == pytest.approx(getattr(p.tally, field))
    assert stretch.minutes_without_food == pytest.approx(p.tally.minutes_without_food)
    assert stretch.households_ever_without_food == p.tally.households_ever_without_food


def test_stock_is_start_plus_delivered_less_eaten_and_never_negative():
    p = pantry(meals=(0.9, 2.0))
    for minute, units in ((0.7 * DAY, {VEGETABLES: 0.4}), (2.5 * DAY, {MEALS: 3.0, STAPLES: 1.0}),
                          (4.0 * DAY, {})):
        p.receive(units, minute)
    p.advance(6 * DAY)
    start = [1.2, 2.0, 0.6, 2.0]
    for i in range(4):
        assert p.stock[i] >= 0
        assert math.isclose(p.stock[i], start[i] + p.tally.delivered[i] - p.tally.eaten[i], abs_tol=1e-9)
