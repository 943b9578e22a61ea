"""A distribution built in Python needs no `dist` tag (its class is its tag), while a scenario
file still says `dist` in every table: the tag is what chooses the distribution there."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from sim.core.distributions import (
    Dist,
    Empirical,
    Exponential,
    Fixed,
    Lognormal,
    Triangular,
    Uniform,
)
from sim.core.problems import ScenarioError
from sim.inputs.scenario_loading import load_scenario

UNTAGGED = [
    (Fixed, {"value": 3}, "fixed"),
    (Exponential, {"mean": 30}, "exponential"),
    (Uniform, {"low": 2, "high": 5}, "uniform"),
    (Triangular, {"low": 0, "mode": 30, "high": 180}, "triangular"),
    (Lognormal, {"median": 10, "sigma": 0.5}, "lognormal"),
    (Empirical, {"values": [1, 2, 5], "weights": [0.2, 0.5, 0.3]}, "empirical"),
]


@pytest.mark.parametrize(("spec", "values", "tag"), UNTAGGED,
                         ids=[spec.__name__ for spec, _, _ in UNTAGGED])
def test_a_distribution_built_in_python_takes_its_class_as_its_tag(spec, values, tag):
    untagged = spec(**values)
    assert untagged.dist == tag
    assert untagged == spec(dist=tag, **values)
    assert untagged.model_dump(by_alias=True) == spec(dist=tag, **values).model_dump(by_alias=True)
    assert untagged.model_dump_json() == spec(dist=tag, **values).model_dump_json()
    assert untagged == TypeAdapter(Dist).validate_python({"dist": tag, **values})


@given(st.floats(0, 1e6), st.floats(0, 1e6))
def test_an_untagged_uniform_is_the_uniform_a_file_describes(a, b):
    low, high = sorted((a, b))
    assert Uniform(low=low, high=high) == TypeAdapter(Dist).validate_python(
        {"dist": "uniform", "low": low, "high": high})


TOWN = """[run]
name = "t"
horizon_days = 2

[[villages]]
name = "A"
x_km = 0
y_km = 0
population = 100

[[ledger.stores]]
id = "s1"
village = "A"
kind = "supermarket"
floor_m2 = 200

[couriers]
"""


def test_a_file_says_uniform_with_its_tag(tmp_path):
    path = tmp_path / "town.toml"
    path.write_text(TOWN + 'speed_km_per_h = { dist = "uniform", low = 10, high = 12 }\n')
    assert load_scenario(path).couriers.speed_km_per_h == Uniform(low=10, high=12)


def test_a_table_without_its_tag_is_still_a_located_error(tmp_path):
    path = tmp_path / "town.toml"
    path.write_text(TOWN + "speed_km_per_h = { low = 10, high = 12 }\n")
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    line = TOWN.count("\n") + 1
    assert str(raised.value) == (f"{path}:{line}: couriers.speed_km_per_h: Unable to extract tag "
                                 "using discriminator 'dist'")
