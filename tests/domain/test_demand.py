"""Demand's arithmetic (`sim/domain/demand.py`): the planner's shares and orders a day from the
scenario's settings, a household's basket from its pantry, and what of it is newly needed."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agents.pantry import Pantry
from sim.core.goods import Goods
from sim.domain.demand import basket, daily_share_through, newly_needed, orders_per_household_day
from sim.inputs.small_town import small_town
from sim.scenario import Households

DAY = 1440.0
FOOD_KINDS = ("supermarket", "vegetable_shop", "catering")
BEIZANG = small_town(villages=1, population=100)
GOODS = BEIZANG.goods  # Beizang's six categories and four kinds
HOUSEHOLDS = BEIZANG.households  # food kinds 0.55 / 0.3 / 0.15, baskets of 2-3 days


# --- the planner's arithmetic -----------------------------------------------------------
def test_a_persons_food_goes_through_the_food_kinds_by_their_weights():
    shares = {k: daily_share_through(HOUSEHOLDS, GOODS, k) for k in FOOD_KINDS}
    assert shares == pytest.approx({"supermarket": 0.55, "vegetable_shop": 0.3, "catering": 0.15})
    assert sum(shares.values()) == pytest.approx(1.0)


def test_a_food_kind_gets_an_order_every_baskets_days_in_its_weights_share():
    # a basket covers 2.5 days on average: 0.55 of a food order every 2.5 days
    assert orders_per_household_day(HOUSEHOLDS, GOODS, "supermarket") == pytest.approx(0.55 / 2.5)
    assert orders_per_household_day(HOUSEHOLDS, GOODS, "catering") == pytest.approx(0.15 / 2.5)


def test_the_pharmacy_takes_its_orders_and_the_monthly_refills_of_those_who_order_them():
    # 0.03 orders a household a day, each for 2.5 days; 35% chronic, 80% of them order a
    # refill every 30 days
    assert daily_share_through(HOUSEHOLDS, GOODS, "pharmacy") == pytest.approx(0.03 * 2.5)
    assert orders_per_household_day(HOUSEHOLDS, GOODS, "pharmacy") == pytest.approx(
        0.03 + 0.35 * 0.8 / 30)


def test_a_pharmacy_that_also_sells_food_is_reckoned_as_a_food_kind():
    goods = Goods.declared(units={"rice": "kg", "pills": "packs"},
                           uses={"rice": "food", "pills": "medicine"}, pantry_order=["rice"],
                           sells={"shop": ["rice"], "chemist": ["rice", "pills"]})
    households = Households(food_kind_weights={"shop": 3.0, "chemist": 1.0})
    assert daily_share_through(households, goods, "chemist") == pytest.approx(0.25)
    assert orders_per_household_day(households, goods, "chemist") == pytest.approx(0.25 / 2.5)


def test_a_kind_that_sells_no_food_and_no_medicine_takes_no_share():
    goods = Goods.declared(units={"rice": "kg", "soap": "packs"},
                           uses={"rice": "food", "soap": "daily_goods"}, pantry_order=["rice"],
                           sells={"shop": ["rice"], "hardware": ["soap"]})
    households = Households(food_kind_weights={"shop": 1.0})  # weights name food kinds only
    assert daily_share_through(households, goods, "hardware") == 0.0
    assert daily_share_through(households, goods, "shop") == 1.0


_WEIGHTS = st.lists(st.floats(min_value=0, max_value=100), min_size=3, max_size=3).filter(
    lambda w: sum(w) > 1e-6)


@given(weights=_WEIGHTS, kind=st.sampled_from(FOOD_KINDS), more=st.floats(min_value=0, max_value=100))
def test_food_shares_lie_in_zero_one_add_up_to_one_and_grow_with_their_kinds_weight(weights, kind, more):
    def shares(w):
        households = HOUSEHOLDS.model_copy(update={"food_kind_weights": dict(zip(FOOD_KINDS, w))})
        return {k: daily_share_through(households, GOODS, k) for k in FOOD_KINDS}

    before = shares(weights)
    assert all(0.0 <= s <= 1.0 for s in before.values())
    assert sum(before.values()) == pytest.approx(1.0)
    raised = [w + more if k == kind else w for k, w in zip(FOOD_KINDS, weights)]
    after = shares(raised)
    assert after[kind] >= before[kind] - 1e-12
    assert all(after[k] <= before[k] + 1e-12 for k in FOOD_KINDS if k != kind)


# --- a household's basket ---------------------------------------------------------------
STAPLES, VEGETABLES, MEAT = range(3)
INDEX = {"staples": STAPLES, "vegetables": VEGETABLES, "meat_eggs": MEAT}


def _pantry(stock=(1.2, 2.0, 0.6), per_person_day=(0.3, 0.5, 0.0), persons=2, eating_from=None):
    """Two persons: staples 0.6 a day, vegetables 1.0 a day, no meat."""
    p = Pantry(persons, list(per_person_day), list(stock), None)
    if eating_from is not None:
        p.start_eating(eating_from)
    return p


class _Draws:
    """A household's draws of a person's daily use: 0.25 of daily goods; a pantry category's
    units are never drawn."""

    def __getattr__(self, purpose):
        if purpose == "daily_use.daily_goods":
            return lambda: 0.25
        raise AssertionError(f"drew {purpose}: a pantry category's units are not drawn")


SUPERMARKET = [("staples", None), ("daily_goods", "daily_use.daily_goods"), ("vegetables", None),
               ("meat_eggs", None)]


def test_food_is_topped_up_to_the_days_asked_and_other_goods_come_for_the_days_at_a_drawn_use():
    got = basket(_pantry(), 0.0, SUPERMARKET, INDEX, persons=2, days=2.0, top_up_days=3.0,
                 draws=_Draws())
    # staples: 0.6 x 3 - 1.2; vegetables: 1.0 x 3 - 2.0; daily goods: 2 persons x 2 days x 0.25;
    # no meat: not eaten
    assert got == pytest.approx({"staples": 0.6, "daily_goods": 1.0, "vegetables": 1.0})
    assert list(got) == ["staples", "daily_goods", "vegetables"]  # in the order sold


def test_a_food_category_with_enough_at_home_is_left_out():
    got = basket(_pantry(stock=(5.0, 2.0, 0.0)), 0.0, SUPERMARKET, INDEX, 2, 2.0, 3.0, draws=_Draws())
    assert "staples" not in got and got["vegetables"] == pytest.approx(1.0)


def test_the_top_up_counts_what_was_eaten_since_the_stock_was_last_counted():
    # eating from minute 0: a day later 0.6 of staples and 1.0 of vegetables are gone
    got = basket(_pantry(eating_from=0.0), DAY, SUPERMARKET, INDEX, 2, 2.0, 3.0, draws=_Draws())
    assert got["staples"] == pytest.approx(1.2) and got["vegetables"] == pytest.approx(2.0)


def test_an_extra_order_asks_for_the_days_more_whatever_is_at_home():
    got = basket(_pantry(stock=(5.0, 2.0, 0.0)), 0.0, SUPERMARKET, INDEX, 2, 2.0, 3.0, extra=True,
                 draws=_Draws())
    assert got == pytest.approx({"staples": 1.2, "daily_goods": 1.0, "vegetables": 2.0})


def test_a_group_list_of_pantry_categories_needs_no_draws():
    sold = [("vegetables", None), ("staples", None)]
    got = basket(_pantry(), 0.0, sold, INDEX, 2, 1.0, 2.5)
    assert got == pytest.approx({"vegetables": 0.5, "staples": 0.3})


_UNITS = st.floats(min_value=0, max_value=50)


@given(stock=st.tuples(_UNITS, _UNITS, _UNITS), rates=st.tuples(_UNITS, _UNITS, _UNITS),
       top_up_days=st.floats(min_value=0, max_value=10), eaten_days=st.floats(min_value=0, max_value=5))
def test_a_basket_brings_each_food_it_eats_to_the_top_up_and_asks_nothing_of_the_rest(
        stock, rates, top_up_days, eaten_days):
    p = _pantry(stock=stock, per_person_day=rates, eating_from=0.0)
    now = eaten_days * DAY
    sold = [(c, None) for c in INDEX]
    got = basket(p, now, sold, INDEX, 2, 1.0, top_up_days)
    for c, i in INDEX.items():
        target = p.daily[i] * top_up_days
        if c in got:
            assert got[c] > 0 and p.stock_at(i, now) + got[c] == pytest.approx(target)
        else:
            assert p.daily[i] == 0 or p.stock_at(i, now) >= target - 1e-9


# --- what is newly needed ---------------------------------------------------------------
def test_what_an_earlier_order_failed_to_bring_is_not_needed_twice():
    unmet = {"staples": 0.5, "vegetables": 3.0, "meat_eggs": 1.0}
    needed = newly_needed({"staples": 2.0, "vegetables": 1.0}, unmet)
    assert needed == pytest.approx(1.5)  # staples 2.0 - 0.5; vegetables carried in full
    assert unmet == {"meat_eggs": 1.0}  # what is asked again leaves the unmet list


@given(requested=st.dictionaries(st.sampled_from(list(INDEX)), _UNITS),
       unmet=st.dictionaries(st.sampled_from(list(INDEX)), _UNITS))
def test_newly_needed_is_what_each_category_asks_beyond_what_it_carries(requested, unmet):
    carried = dict(unmet)
    needed = newly_needed(requested, unmet)
    assert needed == pytest.approx(sum(max(0.0, u - carried.get(c, 0.0)) for c, u in requested.items()))
    assert 0.0 <= needed <= sum(requested.values()) + 1e-9
    assert unmet == {c: u for c, u in carried.items() if c not in requested}
