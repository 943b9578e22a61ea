"""Common random numbers entity by entity: with `run.random_numbers = "per_entity"` (the default) each
household draws from its own counter-keyed sequence, so a policy that only changes delivery
times leaves every household's choices as they were."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.core.distributions import Empirical, Exponential, Fixed, Lognormal, Triangular, Uniform
from sim.core.random_streams import EntityDraws, entity_key
from sim.inputs.scenario_loading import scenario_with_overrides
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from tests.support.world_checks import OrderRecorder

SPECS = [
    Fixed(value=3),
    Exponential(mean=30),
    Uniform(low=2, high=5),
    Triangular(low=0, mode=30, high=180),
    Lognormal(median=10, sigma=0.5),
    Empirical(values=[1, 2, 5], weights=[0.2, 0.5, 0.3]),
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.dist)
def test_inverse_distribution_functions_have_the_distributions_mean(spec):
    draws = EntityDraws(entity_key(1, "test"), 3)
    values = [spec.quantile(draws.uniform()) for _ in range(40_000)]
    assert sum(values) / len(values) == pytest.approx(spec.mean(), rel=0.03, abs=0.02)


@given(u=st.floats(0, 1, exclude_max=True), v=st.floats(0, 1, exclude_max=True))
def test_inverse_distribution_functions_are_monotone(u, v):
    lo, hi = min(u, v), max(u, v)
    for spec in SPECS:
        assert spec.quantile(lo) <= spec.quantile(hi) + 1e-12
        assert math.isfinite(spec.quantile(lo))


def test_an_entitys_draws_do_not_depend_on_other_entities():
    key = entity_key(5, "households.choices")
    alone = EntityDraws(key, 17)
    first = [alone.uniform() for _ in range(5)]
    other = EntityDraws(key, 18)
    again = EntityDraws(key, 17)
    mixed = []
    for _ in range(5):
        other.uniform()
        mixed.append(again.uniform())
    assert first == mixed
    assert EntityDraws(key, 18).uniform() != first[0]
    assert EntityDraws(entity_key(6, "households.choices"), 17).uniform() != first[0]


def _baskets(couriers: int, mode: str) -> dict:
    """Each household's sequence of regular food orders' basket days."""
    town = small_town(villages=2, population=300, horizon_days=4.0, couriers=couriers, seed=3)
    model = TownModel(scenario_with_overrides(town, {"run.random_numbers": mode}))
    recorder = OrderRecorder(model)
    model.run_episode()
    asked = {}
    for order in sorted(recorder.orders, key=lambda o: o.placed_minute):
        if order.purpose == "food":
            asked.setdefault(order.household.household_id, []).append(round(order.days_asked, 9))
    return asked


def _first_orders_agree(a: dict, b: dict, k: int = 2) -> float:
    """The share of households whose first `k` baskets are the same under both policies."""
    common = [h for h in a if h in b and len(a[h]) >= k and len(b[h]) >= k]
    return sum(a[h][:k] == b[h][:k] for h in common) / len(common)


def test_a_policy_that_only_changes_deliveries_leaves_each_households_baskets_as_they_were():
    own = _first_orders_agree(_baskets(3, "per_entity"), _baskets(12, "per_entity"))
    shared = _first_orders_agree(_baskets(3, "per_village"), _baskets(12, "per_village"))
    assert own == 1.0  # a household's second basket is its own second draw of basket days under both
    assert shared < own  # drawn from the village's stream in event order, they are reshuffled


def test_per_entity_draws_are_reproducible():
    town = scenario_with_overrides(small_town(villages=2, population=200, horizon_days=2.0),
                                   {"run.random_numbers": "per_entity"})
    assert TownModel(town).run_episode() == TownModel(town).run_episode()


def test_per_household_is_still_read_as_entity_draws_and_these_are_the_default():
    town = small_town(villages=1, population=50)
    assert town.run.random_numbers == "per_entity"
    assert scenario_with_overrides(town, {"run.random_numbers": "per_household"}).run.random_numbers == "per_entity"


def test_a_households_draws_are_keyed_by_its_village_and_place_not_by_creation_order():
    """More households in V0 shift the Mesa ids of V1's, not their draws."""
    town = small_town(villages=2, population=200, horizon_days=1.0, seed=3)
    bigger_v0 = scenario_with_overrides(town, {"villages.0.population": 400})
    first, second = TownModel(town).villages["V1"].households, TownModel(bigger_v0).villages["V1"].households
    assert len(first) == len(second) and first[0].household_id != second[0].household_id
    for a, b in zip(first, second):
        assert [a.draws.basket_days(), a.draws.notice_minutes()] == [b.draws.basket_days(), b.draws.notice_minutes()]
