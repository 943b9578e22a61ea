"""`--set PATH=VALUE` on `rehearse run` and `rehearse drill`: values read as TOML, applied by
dotted path, and every mistake reported as "--set PATH: what is wrong, what is allowed"."""

import json

import pytest

from sim.apps.drill.loading import load_drill
from sim.cli.commands import main
from sim.inputs.scenario_loading import (
    ScenarioError,
    apply_set_options,
    load_scenario,
    parse_set_option,
)
from tests.support.csv_town import write_csv_town
from tests.support.paths import ROOT

DRILL = ROOT / "experiments" / "drill-beizang.toml"


@pytest.mark.parametrize("text, expected", [
    ("couriers.whitelist_size=50", ("couriers.whitelist_size", 50)),
    ("store_kinds.supermarket.opening_hours=[7,22]", ("store_kinds.supermarket.opening_hours", [7, 22])),
    ("depot.capacity_kg = 2.5e3", ("depot.capacity_kg", 2500.0)),
    ("run.order_log=false", ("run.order_log", False)),
    ("store_selection.routing=nearest", ("store_selection.routing", "nearest")),
    ('run.name="a b"', ("run.name", "a b")),
    ('couriers.load_minutes={ dist = "fixed", value = 5 }',
     ("couriers.load_minutes", {"dist": "fixed", "value": 5})),
])
def test_values_are_read_as_toml(text, expected):
    assert parse_set_option(text) == expected


def test_run_applies_every_set_and_the_run_folder_records_them(tmp_path, capsys):
    town = write_csv_town(tmp_path)
    out = tmp_path / "out"
    code = main(["run", str(town), "--days", "0.3", "--quiet", "--out", str(out),
                 "--set", "couriers.whitelist_size=50",
                 "--set", "store_kinds.supermarket.opening_hours=[7,22]",
                 "--set", "store_selection.routing=nearest",
                 "--set", "couriers.whitelist_size=40"])  # the later one wins
    assert code == 0, capsys.readouterr().err
    recorded = json.loads((out / "scenario.json").read_text())
    assert recorded["couriers"]["whitelist_size"] == 40
    assert recorded["store_kinds"]["supermarket"]["opening_hours"] == [7, 22]
    assert recorded["store_selection"]["routing"] == "nearest"


@pytest.mark.parametrize("option, expected", [
    ("couriers.whitelist_sise=5",
     "--set couriers.whitelist_sise: no field 'whitelist_sise'; allowed: whitelist_size, "),
    ("courier.whitelist_size=5", "--set courier.whitelist_size: no section 'courier'; allowed: run, "),
    ("villages.9.population=5", "--set villages.9.population: no item '9'; allowed: 0 to 1"),
    ("couriers.whitelist_size.x=5",
     "--set couriers.whitelist_size.x: no field 'x'; couriers.whitelist_size is a single value"),
    ("couriers.whitelist_size=-1",
     "--set couriers.whitelist_size: Input should be greater than or equal to 0 (got -1)"),
    ("store_selection.routing=nearst",
     "--set store_selection.routing: Input should be 'least_backlog', 'nearest' or 'round_robin' "
     "(got 'nearst')"),
    ("store_kinds.supermarket.opening_hours=[7,22", "--set store_kinds.supermarket.opening_hours: "
     "'[7,22' is not a TOML value; allowed: a number, true or false, \"text\", a list"),
    ("couriers.whitelist_size", "--set couriers.whitelist_size: expected PATH=VALUE; allowed: "),
    ("store_kinds.supermarket.back_room_per_m2={medicine = 3}",
     "--set store_kinds.supermarket.back_room_per_m2: unknown category of supermarket 'medicine'; "
     "declared: ['staples', 'vegetables', 'meat_eggs', 'daily_goods']"),
    ("store_kinds.supermarket.back_room_per_m2={staples = -3}",
     "--set store_kinds.supermarket.back_room_per_m2: staples: Input should be greater than or "
     "equal to 0 (got -3)"),
    ("restocking.lockdown_stock_up_days=-1",
     "--set restocking.lockdown_stock_up_days: Input should be greater than or equal to 0 (got -1)"),
    ("run.horizon_days=0.1",
     "--set: lockdowns[0].start_day: 0.2 is not before the horizon (0.1 days)"),
])
def test_a_bad_set_exits_2_saying_what_is_wrong_and_writes_nothing(tmp_path, capsys, option, expected):
    out = tmp_path / "out"
    assert main(["run", str(write_csv_town(tmp_path)), "--quiet", "--out", str(out), "--set", option]) == 2
    err = capsys.readouterr().err
    assert f"  {expected}" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_a_stock_up_with_the_s_s_policy_exits_2_saying_which_policy_it_needs(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(write_csv_town(tmp_path)), "--quiet", "--out", str(out),
                 "--set", 'restocking.policy="s_S"', "--set", "restocking.lockdown_stock_up_days=3"]) == 2
    err = capsys.readouterr().err
    assert 'lockdown_stock_up_days needs policy = "overnight_estimate"' in err
    assert "Traceback" not in err
    assert not out.exists()


def test_every_bad_set_is_listed_at_once(tmp_path):
    with pytest.raises(ScenarioError) as info:
        apply_set_options(load_scenario(write_csv_town(tmp_path)),
                          ["couriers.nope=1", "depot=", "couriers.whitelist_size=2"])
    assert [p.file for p in info.value.problems] == ["--set couriers.nope", "--set depot"]


def test_drill_applies_set_after_its_own_overrides():
    drill = load_drill(DRILL, set_options=["couriers.whitelist_size=33", "depot.capacity_kg=1234"])
    assert drill.scenario.couriers.whitelist_size == 33
    assert drill.scenario.depot.capacity_kg == 1234


def test_drill_with_a_bad_set_exits_2(capsys):
    assert main(["drill", str(DRILL), "--check", "--set", "couriers.nope=1"]) == 2
    err = capsys.readouterr().err
    assert "--set couriers.nope: no field 'nope'; allowed: whitelist_size" in err
    assert "Traceback" not in err
