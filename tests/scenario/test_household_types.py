"""Kinds of household (`households.types`): each type's share of the households, its size, what
its people eat and what it holds at the lockdown; the scenario's energy of its food; the
errors a scenario's types and energies can make, said where they are."""

from collections import Counter

import pytest

from sim.domain.diet import Diet
from sim.inputs.scenario_loading import ScenarioError, load_scenario
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from sim.scenario import BEIZANG_CONSUMPTION
from tests.support.compound_goods import COMPOUND_GOODS

TYPES = {
    # flour by the sack: half a kilo of staples a person-day, 40 days of it at home
    "sacks": {"share": 0.6, "consumption_per_person_day": {"staples": 0.5},
              "stock_days_at_lockdown": {"staples": 40, "vegetables": 20}},
    # a room rented by one worker: two days of staples
    "renters": {"share": 0.4, "size_persons": 1, "stock_days_at_lockdown": {"staples": 2}},
}


def _typed_town(**households):
    return small_town(villages=2, population=1500, horizon_days=0.5,
                      households={"types": TYPES, "stock_days_at_lockdown": {
                          "staples": 7, "vegetables": 1, "meat_eggs": 3}, **households})


def test_each_household_takes_its_types_share_size_diet_and_stocks():
    model = TownModel(_typed_town())
    households = [h for v in model.villages.values() for h in v.households]
    counts = Counter(h.household_type for h in households)
    assert set(counts) == {"sacks", "renters"}
    assert counts["sacks"] / len(households) == pytest.approx(0.6, abs=0.05)
    staples, vegetables, meat = (model.goods.pantry.index(c) for c in ("staples", "vegetables", "meat_eggs"))
    for h in households:
        rate = h.pantry.daily
        if h.household_type == "sacks":
            assert rate[staples] == pytest.approx(0.5 * h.persons)
            assert h.initial_stock[staples] == pytest.approx(40 * rate[staples])
            assert h.initial_stock[vegetables] == pytest.approx(20 * rate[vegetables])
        else:
            assert h.persons == 1
            assert h.initial_stock[staples] == pytest.approx(2 * rate[staples])
            assert h.initial_stock[vegetables] == pytest.approx(1 * rate[vegetables])
        # what a type leaves out is the households' own: meat for three days, at Beizang's rates
        low, high = BEIZANG_CONSUMPTION["meat_eggs"].low, BEIZANG_CONSUMPTION["meat_eggs"].high
        assert low * h.persons <= rate[meat] <= high * h.persons
        assert h.initial_stock[meat] == pytest.approx(3 * rate[meat])


def test_renters_with_two_days_of_staples_go_short_long_before_families_with_sacks():
    town = small_town(villages=1, population=600, horizon_days=4, seed=5, couriers=0,
                      households={"types": TYPES, "stock_days_at_lockdown": {
                          "staples": 7, "vegetables": 1, "meat_eggs": 3}})
    model = TownModel(town)  # no couriers: nothing comes, households live on what they have
    model.run_episode()
    without = Counter(h.household_type for v in model.villages.values() for h in v.households
                      if h.pantry.tally.households_ever_without_food
                      or h.pantry.pending(model.env.now).households_ever_without_food)
    assert without["sacks"] == 0 and without["renters"] > 0


def test_the_default_scenario_has_rural_elderly_and_migrant_households():
    scenario = load_scenario("experiments/beizang-2022.toml")
    types = scenario.households.types
    assert set(types) == {"rural", "elderly", "migrant_renters"}
    assert sum(t.share for t in types.values()) == pytest.approx(1.0)
    assert types["rural"].stock_days_at_lockdown["staples"].mean() > 30  # flour by the sack
    assert types["rural"].consumption_per_person_day["staples"].mean() == pytest.approx(0.45)
    assert scenario.consumption_per_person_day["staples"].mean() == pytest.approx(0.38)
    assert scenario.categories["vegetables"].guideline_per_person_day == pytest.approx(0.675)


def test_a_town_that_declares_no_energy_counts_its_food_by_weight():
    town = small_town(**COMPOUND_GOODS, households={
        "stock_days_at_lockdown": {"rice": 3, "greens": 1, "frozen": 2, "bread": 0.5},
        "food_kind_weights": {"front_warehouse": 0.8, "bakery": 0.2}})
    assert Diet.of(town) == Diet.by_weight(4)


@pytest.mark.parametrize("change, where", [
    ({"households": {"types": {"a": {"share": 0.5}, "b": {"share": 0.3}}}},
     "households.types.a.share: the types' shares must add up to 1; they add up to 0.8 (a 0.5, b 0.3)"),
    ({"households": {"types": {"a": {"share": 1.0, "stock_days_at_lockdown": {"rice": 9}}}}},
     "households.types.a.stock_days_at_lockdown: unknown food category 'rice'"),
    ({"categories": {"staples": {"kcal_per_unit": 3500}, "vegetables": {}, "meat_eggs": {},
                     "medicine": {"unit": "packs", "use": "medicine"}}},
     "categories.vegetables.kcal_per_unit: missing: declare the energy of every food"),
])
def test_types_and_energies_that_do_not_fit_are_errors_that_say_where(change, where):
    with pytest.raises(ValueError) as caught:
        small_town(**change)
    assert where in str(caught.value)


def test_a_toml_town_with_types_that_do_not_add_up_says_at_which_line(tmp_path):
    path = tmp_path / "typed.toml"
    path.write_text(open("experiments/small-town.toml", encoding="utf-8").read() + """
[households.types.rural]
share = 0.7
[households.types.renters]
share = 0.2
""")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    text = str(caught.value)
    assert "households.types.rural.share" in text and "add up to 0.9" in text
    line = path.read_text().splitlines().index("share = 0.7") + 1
    assert f"{path}:{line}:" in text  # the first type's share
