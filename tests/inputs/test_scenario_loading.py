"""Scenario files: the default loads; every mistake is found and pointed at by line and field."""

import pytest

from sim.core.distributions import Exponential, Fixed, Triangular, sampler
from sim.core.random_streams import RandomStreams
from sim.inputs.scenario_loading import ScenarioError, load_scenario, scenario_with_overrides
from sim.model.town_model import default_scenario_path

DEFAULT = default_scenario_path()


def test_default_scenario_matches_the_source_layout():
    sc = load_scenario(DEFAULT)
    assert len(sc.villages) == 17
    assert 125 <= len(sc.ledger.stores) <= 140
    assert {s.kind for s in sc.ledger.stores} == {"supermarket", "vegetable_shop", "pharmacy", "catering"}
    qualified = [s for s in sc.ledger.stores
                 if s.licensed and not s.infection_risk and s.floor_m2 >= sc.store_selection.min_floor_m2]
    assert 55 <= len(qualified) <= 65
    assert sc.couriers.whitelist_size == 200
    assert [lk.village for lk in sc.lockdowns] == ["Ma", "Bajia", "Xiwangzhuang"]
    assert sc.run.horizon_days == 14 and sc.run.start.day == 10 and sc.run.start.month == 11
    assert sc.ledger.surveyed
    hub = next(s for s in sc.ledger.stores if s.id == "XDY-01")
    assert hub.village == "Xidaying" and hub.floor_m2 == 200


def _write(tmp_path, text, name="bad.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def _with_default(tmp_path, transform):
    return _write(tmp_path, transform(DEFAULT.read_text()))


def _problems(path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return info.value.problems


def test_unknown_key_is_reported_with_line_and_did_you_mean(tmp_path):
    path = _with_default(tmp_path, lambda t: t.replace("whitelist_size = 200", "whitelist_sise = 200"))
    (problem,) = _problems(path)
    expected_line = next(i for i, line in enumerate(path.read_text().splitlines(), 1)
                         if line.startswith("whitelist_sise"))
    assert problem.line == expected_line
    assert problem.field == "couriers.whitelist_sise"
    assert "did you mean 'whitelist_size'" in problem.message
    assert "max_batch_orders" in problem.message  # what is allowed here


def test_every_problem_is_listed_not_just_the_first(tmp_path):
    def spoil(text):
        text = text.replace("whitelist_size = 200", "whitelist_size = -5")
        text = text.replace('village = "Bajia"\nstart_day', 'village = "Bajai"\nstart_day')
        text = text.replace('pick_minutes = { dist = "triangular", low = 3, mode = 5, high = 8 }',
                            'pick_minutes = { dist = "triangle", low = 3, mode = 5, high = 8 }')
        return text
    problems = _problems(_with_default(tmp_path, spoil))
    fields = {p.field for p in problems}
    assert "couriers.whitelist_size" in fields
    assert "store_kinds.supermarket.pick_minutes" in fields
    tag = next(p for p in problems if p.field == "store_kinds.supermarket.pick_minutes")
    assert "triangular" in tag.message and "exponential" in tag.message  # allowed choices
    assert all(p.line is not None for p in problems)


def test_reference_to_an_unknown_village_names_the_lockdown(tmp_path):
    path = _with_default(tmp_path, lambda t: t.replace('village = "Bajia"\nstart_day',
                                                       'village = "Bajai"\nstart_day'))
    (problem,) = _problems(path)
    assert problem.field == "lockdowns[1].village"
    assert "'Bajai'" in problem.message and "Bajia" in problem.message
    lines = path.read_text().splitlines()
    assert lines[problem.line - 1].strip() == 'village = "Bajai"'


def test_store_in_the_ledger_points_at_its_own_line(tmp_path):
    path = _with_default(tmp_path, lambda t: t.replace('{ id = "MA-02", village = "Ma"',
                                                       '{ id = "MA-02", village = "Mars"'))
    (problem,) = _problems(path)
    assert problem.field.startswith("ledger.stores[") and problem.field.endswith("].village")
    assert 'id = "MA-02"' in path.read_text().splitlines()[problem.line - 1]


def test_bad_distribution_parameters_are_explained(tmp_path):
    path = _with_default(tmp_path, lambda t: t.replace(
        'speed_km_per_h = { dist = "uniform", low = 15, high = 25 }',
        'speed_km_per_h = { dist = "uniform", low = 25, high = 15 }'))
    (problem,) = _problems(path)
    assert problem.field == "couriers.speed_km_per_h"
    assert "low <= high" in problem.message


def test_syntax_error_and_missing_file(tmp_path):
    (problem,) = _problems(_write(tmp_path, "[run]\nname = \n"))
    assert problem.field == "(syntax)" and problem.line == 2
    (missing,) = _problems(tmp_path / "nope.toml")
    assert "no such file" in missing.message


def test_lockdown_after_the_horizon_is_an_error(tmp_path):
    path = _with_default(tmp_path, lambda t: t.replace("start_day = 3.45", "start_day = 30"))
    (problem,) = _problems(path)
    assert problem.field == "lockdowns[2].start_day"


def test_overrides_by_dotted_path_are_validated():
    sc = load_scenario(DEFAULT)
    changed = scenario_with_overrides(sc, {"couriers.whitelist_size": 50, "depot.capacity_kg": 1000})
    assert changed.couriers.whitelist_size == 50 and changed.depot.capacity_kg == 1000
    with pytest.raises(KeyError):
        scenario_with_overrides(sc, {"couriers.whitelist": 50})
    with pytest.raises(ValueError):
        scenario_with_overrides(sc, {"couriers.whitelist_size": -1})


def test_a_bare_number_is_a_fixed_distribution_and_samplers_follow_their_spec():
    from pydantic import TypeAdapter

    from sim.core.distributions import Dist

    assert TypeAdapter(Dist).validate_python(4) == Fixed(dist="fixed", value=4)
    rng = RandomStreams(3).generator("x")
    assert sampler(Exponential(dist="exponential", mean=5), rng)() > 0
    draw = sampler(Triangular(dist="triangular", low=3, mode=5, high=8), rng)
    values = [draw() for _ in range(20000)]
    assert min(values) >= 3 and max(values) <= 8
    assert sum(values) / len(values) == pytest.approx(16 / 3, rel=0.01)


def test_named_streams_are_reproducible_and_independent():
    a, b = RandomStreams(7), RandomStreams(7)
    assert a.generator("demand.Ma").random() == b.generator("demand.Ma").random()
    assert RandomStreams(7).generator("demand.Ma").random() != RandomStreams(7).generator("demand.Bajia").random()
    assert RandomStreams(7).generator("x").random() != RandomStreams(8).generator("x").random()
