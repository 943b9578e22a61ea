"""Any town runs end to end: the shipped district of compounds (its own kinds and categories,
from CSV by latitude and longitude) and a town made by `rehearse town init` from two CSV files,
each through `run`, `drill` and `sweep`, on short horizons."""

import json
from pathlib import Path

from sim.cli.commands import main
from sim.inputs.scenario_loading import load_scenario, scenario_with_overrides
from sim.model.town_model import TownModel
from tests.support.paths import ROOT

EXPERIMENTS = ROOT / "experiments"
DISTRICT = EXPERIMENTS / "district-compounds.toml"


def _first_wave(hours: float = 12.0):
    """The district's first wave of four compounds, for `hours`."""
    sc = load_scenario(DISTRICT)
    first = [lk.model_dump() for lk in sc.lockdowns if lk.start_day < 0.5]
    return scenario_with_overrides(sc, {"lockdowns": first, "run.horizon_days": hours / 24})


def test_the_district_declares_its_own_kinds_and_categories():
    sc = load_scenario(DISTRICT)
    goods = sc.goods
    assert "front_warehouse" in goods.kinds and goods.ready_meals is None
    assert goods.pantry == ("grain_oil", "vegetables", "meat_eggs", "dairy")
    assert goods.units["dairy"] == "litres"
    assert sum(v.population for v in sc.villages) == 59_800
    assert len(sc.lockdowns) == 12
    fw = sc.store_kinds["front_warehouse"]
    # source: about 1,500 orders a day from about 25 staff
    assert fw.max_pickers == 25 and fw.max_orders_per_picker_day * fw.max_pickers == 1500
    # source: about 100 orders a rider a day, six to a trip
    assert sc.couriers.max_trips_per_day * sc.couriers.max_batch_orders >= 100


def test_the_districts_first_wave_runs_through_front_warehouses_and_riders():
    model = TownModel(_first_wave())
    kpis = model.run_episode()
    orders = model.platform.order_log.to_pandas()
    assert kpis["villages_locked"] == 4
    assert kpis["orders_delivered"] > 0
    assert {"front_warehouse", "supermarket"} <= set(orders.kind)
    assert orders.filled_dairy.sum() > 0
    assert "dairy_delivered_per_locked_person_day" in kpis
    assert kpis["channel_open_minutes_max"] is not None


def test_the_district_drill_and_sweep_run_from_the_command_line(tmp_path):
    drill = tmp_path / "drill.toml"
    drill.write_text(f"""
[drill]
name = "district-short"
scenario = "{DISTRICT}"
horizon_days = 0.5
shadow_seeds = 2
[objectives]
channel_open_minutes = 15
[[injects]]
id = "wave-1"
day = 0
clock = "06:00"
kind = "village_locked"
target = "Jinxiu Garden"
message = "Jinxiu Garden is sealed."
expected_action = "Channels open within 15 minutes"
objective = "channel_open"
[[injects]]
id = "fw-closed"
day = 0
clock = "09:00"
kind = "store_closed"
target = "FW-1"
hours = 2
message = "FW-1 closes for two hours."
expected_action = "Move its orders"
objective = "fill_rate"
decision = "Bring in a reserve front warehouse?"
default_option = "reserve"
expected_actions = ["activate_reserve_store"]

[[injects.options]]
key = "reserve"
label = "Reserve"
action = "activate_reserve_store"
village = "Jinxiu Garden"
store_kind = "front_warehouse"

[[injects.options]]
key = "none"
label = "Wait"
action = "none"
""")
    assert main(["drill", str(drill), "--quiet", "--out", str(tmp_path / "drill")]) == 0
    report = (tmp_path / "drill" / "after-action.md").read_text()
    assert "store closed: FW-1" in report and "Jinxiu Garden" in report
    _sweep(tmp_path, DISTRICT)


def _sweep(tmp_path: Path, scenario: Path) -> None:
    """A two-point sweep of the whitelist on `scenario` for half a day (the lockdowns that
    start in it); every run stored and summarized."""
    spec = tmp_path / "sweep.toml"
    spec.write_text(f"""
base_scenario = "{scenario}"
design = "full_factorial"
replications = 1
root_seed = 3
horizon_days = 0.5
kpis = ["orders_placed", "orders_delivered"]
[[parameters]]
path = "couriers.whitelist_size"
values = [2, 20]
""")
    out = tmp_path / "sweep"
    assert main(["sweep", str(spec), "--workers", "1", "--quiet", "--out", str(out)]) == 0
    assert main(["sweep", "summarize", str(out)]) == 0
    assert any((out / "summary").iterdir())


def test_a_town_from_two_spreadsheets_runs_drills_and_sweeps(tmp_path, capsys):
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    (sheets / "villages.csv").write_text("name,x_km,y_km,population,gate_volunteers\n"
                                         "Hilltop,0.0,0.0,600,4\nRiverside,2.5,1.0,400,3\n")
    (sheets / "stores.csv").write_text("id,village,kind,floor_m2\nHT-1,Hilltop,supermarket,150\n"
                                       "HT-2,Hilltop,vegetable_shop,60\nHT-3,Hilltop,pharmacy,50\n"
                                       "RS-1,Riverside,supermarket,120\nRS-2,Riverside,catering,80\n")
    town = tmp_path / "town.toml"
    assert main(["town", "init", "--villages", str(sheets / "villages.csv"),
                 "--stores", str(sheets / "stores.csv"), "--out", str(town)]) == 0
    assert main(["run", str(town), "--days", "0.75", "--quiet", "--out", str(tmp_path / "run")]) == 0
    kpis = json.loads((tmp_path / "run" / "kpis.json").read_text())
    assert kpis["orders_placed"] > 0
    drill = tmp_path / "drill.toml"
    drill.write_text(f"""
[drill]
name = "my-town-drill"
scenario = "{town}"
horizon_days = 0.75
[[injects]]
id = "hilltop"
day = 0
clock = "06:00"
kind = "village_locked"
target = "Hilltop"
message = "Hilltop is sealed."
expected_action = "Open ordering"
objective = "channel_open"
""")
    assert main(["drill", str(drill), "--quiet", "--out", str(tmp_path / "drill")]) == 0
    assert (tmp_path / "drill" / "after-action.html").exists()
    _sweep(tmp_path, town)
