"""A household's stock per food category, eaten as a diet: when each runs out, what is eaten,
wasted and needed, the energy made up from what is left when a category runs out, and the time
with none left, computed exactly."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.pantry import NEVER, Pantry
from sim.domain.diet import Diet, energy_limit_order, fill_energy

DAY = 1440.0
STAPLES, VEGETABLES, MEAT, MEALS = range(4)  # Beizang's pantry order
# Beizang's energies and limits; a meal is a third of the day's energy of the diet below
# (staples 0.3 x 3500 + vegetables 0.5 x 330 + meat 0.15 x 2100 = 1530 kcal a person)
DIET = Diet(kcal_per_unit=(3500.0, 330.0, 2100.0, 510.0), max_energy_share=(0.9, 0.15, 0.35, 1.0),
            waste_share=(0.0, 0.0, 0.0, 0.0), guideline_per_person_day=(0.325, 0.675, 0.16, None))


def pantry(persons=2, staples=(0.3, 1.2), vegetables=(0.5, 2.0), meat=(0.15, 0.6), meals=(0.0, 0.0),
           diet=DIET):
    """(per person a day, units at home) per category; eating from minute 0."""
    rates, stock = [0.0] * 4, [0.0] * 4
    for i, (rate, units) in ((STAPLES, staples), (VEGETABLES, vegetables), (MEAT, meat), (MEALS, meals)):
        rates[i], stock[i] = rate, units
    p = Pantry(persons, rates, stock, MEALS, diet)
    p.start_eating(0.0)
    return p


def test_each_category_runs_out_when_its_stock_is_eaten_at_the_households_rate():
    p = pantry()  # 2 persons: staples 0.6 kg a day of 1.2, vegetables 1.0 of 2.0, meat 0.3 of 0.6
    assert p.runs_out_minute(STAPLES) == pytest.approx(2 * DAY)
    assert p.runs_out_minute(VEGETABLES) == pytest.approx(2 * DAY)
    assert p.stock_at(STAPLES, DAY / 2) == pytest.approx(0.9)
    assert p.days_left(VEGETABLES, DAY / 2) == pytest.approx(1.5)
    assert p.food_out_minute() == pytest.approx(2 * DAY)
    assert p.need_kcal == pytest.approx(2 * 1530)


def test_prepared_meals_replace_their_energy_of_the_other_food_while_they_last():
    # 0.75 meals a person a day replace a quarter of the day's energy; 1.5 meals last 1 day
    p = pantry(vegetables=(0.5, 1.75), meals=(0.75, 1.5))
    assert p.runs_out_minute(MEALS) == pytest.approx(DAY)
    # day 1: 0.75 kg of vegetables (a quarter replaced), then 1.0 kg a day: 1.0 left lasts a day
    assert p.runs_out_minute(VEGETABLES) == pytest.approx(2 * DAY)
    assert p.stock_at(VEGETABLES, DAY) == pytest.approx(1.0)
    assert p.stock_at(STAPLES, DAY) == pytest.approx(1.2 - 0.45)
    p.advance(DAY)
    assert p.tally.energy_short_kcal == pytest.approx(0.0, abs=1e-6)


def test_when_a_category_runs_out_the_others_make_up_its_energy_within_their_limits():
    # one person: staples 0.4 kg (1400 kcal), vegetables 0.5 (165), meat 0.2 (420): 1985 kcal
    p = pantry(persons=1, staples=(0.4, 4.0), vegetables=(0.5, 0.5), meat=(0.2, 1.0))
    need = 1985.0
    # day 1 the usual diet; then staples and meat give the vegetables' energy, in proportion
    scale = need / (1400 + 420)
    staples_day, meat_day = 0.4 * scale, 0.2 * scale
    meat_out = DAY + 0.8 / meat_day * DAY
    assert p.runs_out_minute(VEGETABLES) == pytest.approx(DAY)
    assert p.runs_out_minute(MEAT) == pytest.approx(meat_out)
    # then staples alone, up to nine tenths of the day's energy: a tenth short
    staples_left = 3.6 - staples_day * (meat_out - DAY) / DAY
    staples_alone = 0.9 * need / 3500
    staples_out = meat_out + staples_left / staples_alone * DAY
    assert p.runs_out_minute(STAPLES) == pytest.approx(staples_out)
    assert p.food_out_minute() == pytest.approx(staples_out)
    p.advance(staples_out + DAY)
    t = p.tally
    assert t.energy_needed_kcal == pytest.approx(need * (staples_out + DAY) / DAY)
    assert t.energy_short_kcal == pytest.approx(0.1 * need * (staples_out - meat_out) / DAY + need)
    assert t.minutes_below_energy_need == pytest.approx(staples_out + DAY - meat_out)
    assert t.minutes_without_food == pytest.approx(DAY)
    assert t.eaten[STAPLES] == pytest.approx(4.0) and t.eaten[MEAT] == pytest.approx(1.0)
    # the usual diet's amounts: what it would have eaten with everything at home
    assert t.needed[STAPLES] == pytest.approx(0.4 * (staples_out + DAY) / DAY)


def test_vegetables_cannot_make_up_for_staples_beyond_their_limit():
    p = pantry(persons=1, staples=(0.4, 0.0), vegetables=(0.5, 5.0), meat=(0.2, 0.0))
    p.advance(DAY)
    need = 1985.0
    # at most 15% of the day's energy from vegetables: 0.9 kg of them, 85% of the energy short
    assert p.tally.eaten[VEGETABLES] == pytest.approx(0.15 * need / 330)
    assert p.tally.energy_short_kcal == pytest.approx(0.85 * need)
    assert p.tally.minutes_without_food == 0.0 and p.tally.minutes_below_energy_need == DAY


def test_a_limit_below_a_categorys_usual_share_never_cuts_the_usual_diet():
    heavy = Diet(kcal_per_unit=(3500.0, 330.0, 2100.0, 510.0), max_energy_share=(0.5, 0.05, 0.1, 1.0),
                 waste_share=(0.0,) * 4, guideline_per_person_day=(None,) * 4)
    p = pantry(diet=heavy)
    p.advance(DAY)
    assert p.tally.energy_short_kcal == pytest.approx(0.0, abs=1e-6)
    assert p.tally.eaten[STAPLES] == pytest.approx(0.6)


def test_a_stretch_past_running_out_counts_what_was_needed_and_the_time_without():
    p = pantry(staples=(0.3, 3.0), vegetables=(0.5, 1.0), meat=(0.15, 0.3))
    p.advance(3 * DAY)
    t = p.tally
    assert t.eaten[VEGETABLES] == pytest.approx(1.0)  # all of it, after a day
    assert t.needed[VEGETABLES] == pytest.approx(3.0)
    assert t.minutes_without[VEGETABLES] == pytest.approx(2 * DAY)
    assert t.minutes_without[MEAT] == pytest.approx(2 * DAY)
    assert t.minutes_without[STAPLES] == 0.0
    # from day 1 staples alone: more of them than usual, nine tenths of the energy
    assert t.eaten[STAPLES] == pytest.approx(0.6 + 2 * 0.9 * 3060 / 3500)
    assert t.minutes_without_food == 0.0  # a household with staples left is not without food
    assert t.households_ever_without_food == 0
    assert t.minutes_below_energy_need == pytest.approx(2 * DAY)
    assert t.person_minutes == pytest.approx(2 * 3 * DAY)


def test_a_household_with_no_food_of_any_kind_counts_once_and_for_as_long_as_it_lasts():
    p = pantry(staples=(0.3, 0.6), vegetables=(0.5, 1.0), meat=(0.15, 0.3))  # all gone after a day
    p.advance(1.5 * DAY)
    p.advance(2.0 * DAY)
    t = p.tally
    assert t.minutes_without_food == pytest.approx(DAY)
    assert t.households_ever_without_food == 1
    assert t.energy_short_kcal == pytest.approx(3060.0)
    for i in (STAPLES, VEGETABLES, MEAT):
        assert t.minutes_without[i] == pytest.approx(DAY)
        assert t.eaten[i] == pytest.approx(p.daily[i])
        assert p.stock[i] == 0.0


def test_a_delivery_restores_the_stock_and_moves_the_run_out_minute():
    p = pantry()
    p.receive({VEGETABLES: 3.0}, DAY)
    assert p.stock[VEGETABLES] == pytest.approx(1.0 + 3.0)
    assert p.tally.delivered[VEGETABLES] == 3.0
    # a day more as usual, then vegetables alone: 15% of the day's energy
    assert p.runs_out_minute(VEGETABLES) == pytest.approx(2 * DAY + 3.0 / (0.15 * 3060 / 330) * DAY)


def test_food_thrown_away_leaves_the_stock_without_being_eaten():
    wasteful = Diet(kcal_per_unit=DIET.kcal_per_unit, max_energy_share=DIET.max_energy_share,
                    waste_share=(0.0, 0.2, 0.0, 0.0), guideline_per_person_day=DIET.guideline_per_person_day)
    p = pantry(diet=wasteful)  # vegetables: 1.0 kg a day eaten, 1.25 out of the stock
    assert p.runs_out_minute(VEGETABLES) == pytest.approx(2.0 / 1.25 * DAY)
    p.advance(DAY)
    assert p.tally.eaten[VEGETABLES] == pytest.approx(1.0)
    assert p.tally.wasted[VEGETABLES] == pytest.approx(0.25)
    assert p.stock[VEGETABLES] == pytest.approx(0.75)


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
    for field in ("eaten", "wasted", "needed", "minutes_without"):
        assert getattr(stretch, field) == pytest.approx(getattr(p.tally, field))
    for field in ("minutes_without_food", "minutes_below_energy_need", "energy_needed_kcal",
                  "energy_short_kcal"):
        assert getattr(stretch, field) == pytest.approx(getattr(p.tally, field))
    assert stretch.households_ever_without_food == p.tally.households_ever_without_food


# --- property: energy is conserved per household --------------------------------------------

amounts = st.sampled_from([0.0, 0.05, 0.3, 1.0, 4.0])


@st.composite
def pantries_and_events(draw):
    """A household of random rates, stocks, energies, limits and waste, and a random run of
    deliveries, lockdowns and releases."""
    diet = Diet(kcal_per_unit=tuple(draw(st.sampled_from([1.0, 330.0, 2100.0, 3500.0])) for _ in range(4)),
                max_energy_share=tuple(draw(st.sampled_from([0.1, 0.5, 1.0])) for _ in range(4)),
                waste_share=tuple(draw(st.sampled_from([0.0, 0.1, 0.4])) for _ in range(4)),
                guideline_per_person_day=(None,) * 4)
    rates = [draw(st.sampled_from([0.0, 0.1, 0.5])) for _ in range(4)]
    stock = [draw(amounts) for _ in range(4)]
    events = draw(st.lists(st.tuples(st.floats(0.0, 3.0), st.sampled_from(["deliver", "release", "lock"]),
                                     st.integers(0, 3), amounts), max_size=8))
    return Pantry(draw(st.integers(1, 5)), rates, stock, draw(st.sampled_from([MEALS, None])), diet), events


@settings(max_examples=200, deadline=None)
@given(pantries_and_events())
def test_energy_is_conserved_per_household(case):
    """Eaten + wasted + at home = start + delivered, per category and in energy; never a
    negative stock, never more energy short than needed."""
    p, events = case
    start = list(p.stock)
    p.start_eating(0.0)
    minute = 0.0
    for gap, what, category, units in events:
        minute += gap * DAY
        if what == "deliver":
            p.receive({category: units}, minute)
        elif what == "release":
            p.stop_eating(minute)
        else:
            p.start_eating(minute)
    end = minute + DAY
    stretch = p.pending(end)
    kcal = p.diet.kcal_per_unit

    def energy(values):
        return sum(v * k for v, k in zip(values, kcal))

    at_home = [p.stock_at(i, end) for i in range(4)]
    eaten = [a + b for a, b in zip(p.tally.eaten, stretch.eaten)]
    wasted = [a + b for a, b in zip(p.tally.wasted, stretch.wasted)]
    for i in range(4):
        assert at_home[i] >= 0
        assert math.isclose(eaten[i] + wasted[i] + at_home[i], start[i] + p.tally.delivered[i],
                            rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(energy(eaten) + energy(wasted) + energy(at_home),
                        energy(start) + energy(p.tally.delivered), rel_tol=1e-9, abs_tol=1e-6)
    short = p.tally.energy_short_kcal + stretch.energy_short_kcal
    needed = p.tally.energy_needed_kcal + stretch.energy_needed_kcal
    assert -1e-9 <= short <= needed + 1e-6


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0.0, 90.0, 330.0, 1050.0]),
                          st.sampled_from([0.0, 100.0, 500.0, 1500.0]), st.booleans()),
                min_size=1, max_size=5),
       st.sampled_from([0.0, 800.0, 1530.0, 3000.0]))
def test_filling_in_the_full_diets_order_is_filling_after_sorting_again(categories, target):
    """A pantry sorts its diet by how soon each category reaches its limit once, and fills
    with what is at home in that order: exactly what sorting the categories at home gives."""
    usual = [u for u, _, _ in categories]
    most = [max(m, u) for u, m, _ in categories]
    at_home = [u if home else 0.0 for u, _, home in categories]
    order = energy_limit_order(usual, most)
    assert fill_energy(at_home, most, target, order) == fill_energy(at_home, most, target)


def test_a_pantry_that_never_ate_keeps_no_tally_and_gets_its_own_with_food():
    """A district's households not yet locked hold no tally of their own: a read gives a tally
    of nothing that is not kept; the first food in makes one."""
    idle = [Pantry(2, [0.3, 0.5, 0.15, 0.0], [1.2, 2.0, 0.6, 0.0], MEALS, DIET) for _ in range(2)]
    read = idle[0].tally
    assert read.delivered == [0.0] * 4 and read.person_minutes == 0.0
    read.delivered[VEGETABLES] = 5.0  # a careless reader changes nothing kept
    assert idle[0].tally.delivered == [0.0] * 4 and idle[1].tally is not idle[0].tally
    assert idle[0].pending(DAY).person_minutes == 0.0
    idle[0].receive({VEGETABLES: 3.0}, DAY)
    assert idle[0].tally is not idle[1].tally and idle[0].tally.delivered[VEGETABLES] == 3.0
    assert idle[1].tally.delivered == [0.0] * 4 and idle[1].tally.person_minutes == 0.0
    idle[1].start_eating(DAY)
    idle[1].advance(2 * DAY)
    assert idle[1].tally.person_minutes == 2 * DAY and idle[0].tally.person_minutes == 0.0
