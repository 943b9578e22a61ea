"""The depot as a standing reserve (issue 25): its lots at the start are a rotation steady
state, spread evenly in age, so perishable stock expires a little each day rather than all on
one day; and its costs are those of a year, with the lockdown's own cost on top."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.depot_costs import annual_costs, lockdown_cost
from agents.depot_lots import MAX_LOTS, rotation_days, steady_state_lots
from sim.core.units import MINUTES_PER_DAY
from sim.engine import run_until
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from sim.scenario.supply import DepotCosts

COSTS = DepotCosts(purchase_per_kg=6.0, holding_per_kg_day=0.02, capacity_per_kg_year=4.0,
                   rotation_markdown_share=0.3)


@settings(max_examples=200, deadline=None)
@given(shelf_life=st.floats(0.5, 400), rotate=st.booleans(), margin=st.floats(0, 5),
       units=st.floats(1, 1e6), now=st.floats(0, 1e5))
def test_steady_state_lots_are_spread_evenly_in_age(shelf_life, rotate, margin, units, now):
    age_out = rotation_days(shelf_life, rotate, margin)
    assert 0 < age_out <= shelf_life
    lots = steady_state_lots(units, shelf_life, age_out, now)
    expiries = [e for e, _ in lots]
    sizes = [u for _, u in lots]
    n = len(lots)
    assert n == min(MAX_LOTS, max(1, math.ceil(age_out)))
    assert sum(sizes) == pytest.approx(units)
    assert max(sizes) == pytest.approx(min(sizes))  # one lot a day of age, alike
    assert expiries == sorted(expiries)  # first expiring first
    # nothing has expired, nothing outlives a fresh lot, and none is older than it leaves at
    assert all(now < e <= now + shelf_life * MINUTES_PER_DAY for e in expiries)
    assert expiries[0] >= now + (shelf_life - age_out) * MINUTES_PER_DAY - 1e-6
    # the expiries follow each other at even steps of at most a day (of R / MAX_LOTS for
    # stock kept over a year): spread, not one step
    step = age_out / n * MINUTES_PER_DAY
    assert step <= max(1, age_out / MAX_LOTS) * MINUTES_PER_DAY + 1e-9
    assert all(b - a == pytest.approx(step) for a, b in zip(expiries, expiries[1:]))
    # the mean age is half the age stock leaves at
    mean_age = sum(now + shelf_life * MINUTES_PER_DAY - e for e in expiries) / n
    assert mean_age == pytest.approx(age_out / 2 * MINUTES_PER_DAY)
    if age_out >= 2:
        assert max(sizes) <= units / 2  # no single day sees most of the stock expire


def test_stock_that_never_expires_is_one_lot():
    assert steady_state_lots(50.0, None, rotation_days(None, True, 1.0), 0.0) == [(math.inf, 50.0)]


def test_rotation_age_is_shelf_life_less_the_inspections_margin():
    assert rotation_days(7, rotate=True, rotate_days_before_expiry=1) == 5
    assert rotation_days(7, rotate=False, rotate_days_before_expiry=1) == 7
    assert rotation_days(1, rotate=True, rotate_days_before_expiry=1) == 1  # turned over daily


def _spoiled_by_day(initial_ages: str, days: int = 8) -> tuple[list[float], float]:
    model = TownModel(small_town(villages=2, population=100, horizon_days=days,
                                 depot={"cover_days": {"vegetables": 3},
                                        "initial_ages": initial_ages}))
    spoiled = []
    for day in range(1, days + 1):
        run_until(model.env, day * MINUTES_PER_DAY - 1)
        spoiled.append(model.depot.units_spoiled.get("vegetables", 0.0))
    return spoiled, model.depot.target["vegetables"]


def test_a_reserve_not_rotated_spoils_a_little_each_day_not_all_on_the_day_it_was_bought():
    spoiled, target = _spoiled_by_day("steady_state")
    each_day = [b - a for a, b in zip([0.0, *spoiled], spoiled)]
    # vegetables keep 7 days: a seventh of the standing stock expires at each evening's inspection
    for day in range(7):
        assert each_day[day] == pytest.approx(target / 7, rel=0.05)
    # the stock bought at the start (the model before) expired in one step on day 7
    fresh, _ = _spoiled_by_day("fresh")
    assert fresh[:7] == [0.0] * 7 and fresh[7] == pytest.approx(target)


def test_a_years_costs_against_a_hand_computation():
    standing = {"vegetables": 300.0, "staples": 700.0}
    rotated = annual_costs(COSTS, 1000.0, standing, {"vegetables": 5.0, "staples": 178.0}, True)
    assert rotated["capacity"] == pytest.approx(4.0 * 1000)
    assert rotated["holding"] == pytest.approx(0.02 * 365 * 1000)
    # 300 kg turned over every 5 days and 700 kg every 178, marked down by 30% of 6 yuan
    assert rotated["rotation"] == pytest.approx(6 * 0.3 * (300 * 73 + 700 * 365 / 178))
    assert rotated["spoilage"] == 0
    assert rotated["total"] == pytest.approx(4000 + 7300 + 1.8 * (21900 + 700 * 365 / 178))
    kept = annual_costs(COSTS, 1000.0, standing, {"vegetables": 7.0, "staples": 180.0}, False)
    assert kept["rotation"] == 0
    assert kept["spoilage"] == pytest.approx(6 * (300 * 365 / 7 + 700 * 365 / 180))
    # medicine that never expires is held, never turned over
    assert annual_costs(COSTS, 10.0, {"medicine": 10.0}, {"medicine": math.inf}, True)["rotation"] == 0


def test_the_lockdowns_cost_is_what_it_spent_beyond_the_steady_state():
    year = {"holding": 3650.0, "spoilage": 0.0, "rotation": 730.0}
    run = {"holding": 100.0, "spoilage": 50.0, "rotation": 20.0}
    # ten days of the year: holding 100 and markdown 20 as usual, 50 spoiled beyond, 10 kg given
    assert lockdown_cost(COSTS, run, year, 10.0, 10.0) == pytest.approx(50 + 6 * 10)
    # less spoiled and marked down than usual: no cost beyond, and no saving netted off the packs
    assert lockdown_cost(COSTS, {**run, "spoilage": 0.0, "rotation": 0.0}, year, 10.0, 0) == 0
    assert lockdown_cost(COSTS, {**run, "spoilage": 0.0, "rotation": 0.0}, year, 10.0, 5) == 30


def test_a_depots_kpis_give_its_year_and_its_lockdown():
    model = TownModel(small_town(villages=2, population=100, horizon_days=4,
                                 depot={"cover_days": {"vegetables": 3, "staples": 10},
                                        "rotate": True}))
    kpis = model.run_episode()
    target = model.depot.target
    kg = target["vegetables"] + target["staples"]
    # vegetables keep 7 days, rotated at 5; staples 180, rotated at 178
    rotation = 6 * 0.3 * (target["vegetables"] * 365 / 5 + target["staples"] * 365 / 178)
    assert kpis["depot_cost_per_year_capacity"] == round(4 * kg)
    assert kpis["depot_cost_per_year_holding"] == round(0.02 * 365 * kg)
    assert kpis["depot_cost_per_year_rotation"] == round(rotation)
    assert kpis["depot_cost_per_year_spoilage"] == 0
    assert kpis["depot_cost_per_year"] == round(4 * kg + 0.02 * 365 * kg + rotation)
    # the small town's shelves hold days of food: the depot gave nothing, its lockdown cost 0
    assert kpis["depot_released_units"] == 0
    assert kpis["depot_cost_per_lockdown"] == 0
    assert kpis["depot_cost_year_and_lockdown"] == kpis["depot_cost_per_year"]
