"""Parts of a scenario with problems set aside while the rest is checked: whatever a user
spoils, loading ends in a list of located problems (never a traceback), and a spoilt record
is never blamed on the records that refer to it."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.inputs.scenario_files import read_scenario_data
from sim.inputs.scenario_loading import ScenarioError, validated
from tests.support.paths import ROOT

TOWN = read_scenario_data(ROOT / "experiments" / "small-town-roads.toml")
assert not TOWN.problems


def _leaves(data, path=()):
    """Every path into the scenario's data, tables and lists as well as values."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return
    for key, value in items:
        yield path + (key,)
        yield from _leaves(value, path + (key,))


PATHS = sorted(_leaves(TOWN.data), key=str)
SPOILS = st.one_of(st.just("x"), st.just(-5), st.just(0), st.just([1]), st.just({"a": 1}),
                   st.just("V9"), st.booleans())


@given(st.lists(st.tuples(st.sampled_from(PATHS), SPOILS), min_size=1, max_size=4))
def test_whatever_is_spoilt_loading_ends_in_located_problems(spoils):
    data = copy.deepcopy(TOWN.data)
    for path, value in spoils:
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]] = copy.deepcopy(value)  # a file never holds one table in two places
        except (KeyError, IndexError, TypeError):
            continue  # an earlier spoil replaced what this path leads through
    try:
        validated(data, TOWN.sources, copy.deepcopy(TOWN.set_aside))
    except ScenarioError as exc:
        assert exc.problems
        assert all(p.file and (p.field or p.message) for p in exc.problems)


@pytest.mark.parametrize("field, value, set_aside", [
    ("x_km", "east", True), ("population", -3, True),
    ("name_zh", "", False),  # its default stands in: the village stays, and is checked
])
def test_a_village_with_a_problem_is_not_blamed_on_its_stores_lockdowns_or_roads(field, value,
                                                                                  set_aside):
    data = copy.deepcopy(TOWN.data)
    data["villages"][1][field] = value
    with pytest.raises(ScenarioError) as info:
        validated(data, TOWN.sources)
    assert [p.field for p in info.value.problems] == [f"villages[1].{field}"]
    assert bool(info.value.notes) == set_aside
    assert not set_aside or info.value.notes[0].startswith("V1 with a problem above")
