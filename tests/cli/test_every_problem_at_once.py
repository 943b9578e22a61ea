"""Every problem of every file a command reads, in one run: a scenario's own fields, its base's
CSV rows and the names its parts give each other; both CSV files of `town init`; a compare spec
and a sweep spec with their base scenario. Each listed with file, line and field; exit 2."""

from __future__ import annotations

from sim.cli.commands import main
from tests.support.sweep_fixtures import SMALL_TOWN

VILLAGES = """name,x_km,y_km,population,gate_volunteers
Ma,1.0,2.0,1200,4
Bajia,3.5,2.5,lots,
Xi,2.0,2.0,900,3
Ya,2.0,north,300,3
"""
STORES = """id,village,kind,floor_m2,licensed,infection_risk
MA-1,Ma,supermarket,120,true,false
MA-2,Ma,vegetable_shop,6o,,
XI-1,Nowhere,pharmacy,50,yes,no
BA-1,Bajia,catering,80,1,0
XI-2,Xi,bakery,80,maybe,0
MA-1,Xi,supermarket,90,,
"""
BASE = """villages = "villages.csv"
[run]
name = "csv-town"
horizon_days = 1
[ledger]
stores = "stores.csv"
"""
CHILD = """extends = "town.toml"
[couriers]
whitelist_sise = 5
[households]
reorder_at_food_days = "one"
[[lockdowns]]
village = "Xiwang"
start_day = 0.2
[[lockdowns]]
village = "Bajia"
start_day = 0.5
"""


def _run(argv: list[str], capsys) -> tuple[int, str]:
    status = main(argv)
    return status, capsys.readouterr().err


def _every(err: str, expected: list[str]) -> None:
    missing = [e for e in expected if e not in err]
    assert not missing, f"not reported: {missing}\n{err}"
    assert f"{len(expected)} problem(s)" in err, err
    assert "Traceback" not in err


def test_a_scenario_lists_its_own_its_base_s_and_its_csv_files_problems_at_once(tmp_path, capsys):
    (tmp_path / "villages.csv").write_text(VILLAGES)
    (tmp_path / "stores.csv").write_text(STORES)
    (tmp_path / "town.toml").write_text(BASE)
    child = tmp_path / "child.toml"
    child.write_text(CHILD)
    status, err = _run(["validate", str(child)], capsys)
    assert status == 2
    _every(err, [
        f"{tmp_path}/villages.csv:3: population: not a number (got 'lots')",
        f"{tmp_path}/villages.csv:5: y_km: not a number (got 'north')",
        f"{tmp_path}/stores.csv:3: floor_m2: not a number (got '6o')",
        # a store's village is checked against the villages that were read
        f"{tmp_path}/stores.csv:4: village: unknown village 'Nowhere'",
        f"{tmp_path}/stores.csv:6: licensed: not yes or no (got 'maybe')",
        f"{tmp_path}/stores.csv:7: id: duplicate store id 'MA-1' (first on line 2)",
        f"{child}:3: couriers.whitelist_sise: unknown key; did you mean 'whitelist_size'?",
        f"{child}:5: households.reorder_at_food_days: Input should be a valid number",
        f"{child}:7: lockdowns[0].village: unknown village 'Xiwang'",
    ])
    # Bajia's row has a problem: the store and the lockdown naming it are not wrongly accused
    assert "unknown village 'Bajia'" not in err
    assert "note: Bajia, MA-1, MA-2, XI-2, Ya with a problem above: what refers to them" in err
    # the same in `rehearse run`, which never starts
    status, run_err = _run(["run", str(child), "--out", str(tmp_path / "run")], capsys)
    assert status == 2 and run_err == err
    assert not (tmp_path / "run").exists()


def test_run_on_a_hand_written_scenario_still_refuses_a_kind_it_does_not_declare(tmp_path, capsys):
    text = SMALL_TOWN.read_text()
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"VEG-1"' in row)
    scenario = tmp_path / "town.toml"
    scenario.write_text(text.replace('"VEG-1", village = "V1", kind = "vegetable_shop"',
                                     '"VEG-1", village = "V1", kind = "front_warehouse"'))
    status, err = _run(["run", str(scenario), "--days", "0.1", "--out", str(tmp_path / "run")], capsys)
    assert status == 2
    _every(err, [f"{scenario}:{line}: ledger.stores[3].kind: unknown store kind 'front_warehouse'; "
                 "declared: ['supermarket', 'vegetable_shop', 'pharmacy', 'catering']"])


def test_town_init_lists_both_spreadsheets_problems_at_once(tmp_path, capsys):
    (tmp_path / "villages.csv").write_text(VILLAGES + "Zu,1,x,5,\n")
    (tmp_path / "stores.csv").write_text(STORES + "ZU-1,Zu,supermarket,-4,,\nYA-1,Yaa,pharmacy,40,,\n")
    out = tmp_path / "out" / "town.toml"
    status, err = _run(["town", "init", "--villages", str(tmp_path / "villages.csv"),
                        "--stores", str(tmp_path / "stores.csv"), "--out", str(out)], capsys)
    assert status == 2
    _every(err, [
        f"{tmp_path}/villages.csv:3: population: not a number (got 'lots')",
        f"{tmp_path}/villages.csv:5: y_km: not a number (got 'north')",
        f"{tmp_path}/villages.csv:6: y_km: not a number (got 'x')",
        f"{tmp_path}/stores.csv:3: floor_m2: not a number (got '6o')",
        f"{tmp_path}/stores.csv:4: village: unknown village 'Nowhere'; known: ['Ma', 'Xi']",
        f"{tmp_path}/stores.csv:6: licensed: not yes or no (got 'maybe')",
        f"{tmp_path}/stores.csv:7: id: duplicate store id 'MA-1' (first on line 2)",
        f"{tmp_path}/stores.csv:8: floor_m2: Input should be greater than 0 (got -4.0)",
        f"{tmp_path}/stores.csv:9: village: unknown village 'Yaa'",
    ])
    assert "unknown village 'Zu'" not in err  # Zu's row has a problem: its store is not accused
    assert not out.exists()


def test_a_spreadsheet_whose_header_has_a_mistake_still_has_its_cells_checked(tmp_path, capsys):
    (tmp_path / "villages.csv").write_text(VILLAGES.replace("population", "populaton"))
    (tmp_path / "stores.csv").write_text(STORES)
    status, err = _run(["town", "init", "--villages", str(tmp_path / "villages.csv"),
                        "--stores", str(tmp_path / "stores.csv"), "--out", str(tmp_path / "t.toml")],
                       capsys)
    assert status == 2
    _every(err, [
        f"{tmp_path}/villages.csv:1: populaton: unknown column",
        f"{tmp_path}/villages.csv:1: population: missing column",
        f"{tmp_path}/villages.csv:5: y_km: not a number (got 'north')",
        f"{tmp_path}/stores.csv:3: floor_m2: not a number (got '6o')",
        f"{tmp_path}/stores.csv:6: licensed: not yes or no (got 'maybe')",
        f"{tmp_path}/stores.csv:7: id: duplicate store id 'MA-1' (first on line 2)",
    ])
    # no village could be read: the stores' villages wait, and the note says so
    assert "unknown village" not in err
    assert f"({tmp_path}/villages.csv could not be read)" in err


def test_town_init_names_both_missing_spreadsheets(tmp_path, capsys):
    status, err = _run(["town", "init", "--villages", str(tmp_path / "v.csv"), "--stores",
                        str(tmp_path / "s.csv"), "--out", str(tmp_path / "t.toml")], capsys)
    assert status == 2
    _every(err, [f"--villages: no such file '{tmp_path / 'v.csv'}'",
                 f"--stores: no such file '{tmp_path / 's.csv'}'"])


COMPARE = f"""base_scenario = "{SMALL_TOWN}"
root_seed = 1
replications = "three"
baseline = "fewest"
kpis = [
  {{ name = "orders_delivered", goal = "max" }},
  {{ name = "lead_time_minutes_p09", goal = "min" }},
  {{ name = "courier_trips", goal = "least" }},
]

[[policies]]
name = "few"
set = {{ "couriers.whitelist_size" = 2 }}

[[policies]]
name = "many"
set = {{ "couriers.whitelist_sise" = 20, "store_selection.policy" = "largest" }}
"""


def test_a_compare_spec_lists_its_wrong_types_kpis_and_policy_paths_at_once(tmp_path, capsys):
    spec = tmp_path / "compare.toml"
    spec.write_text(COMPARE)
    status, err = _run(["compare", str(spec), "--out", str(tmp_path / "out"), "--quiet"], capsys)
    assert status == 2
    _every(err, [
        f"{spec}:3: replications: Input should be a valid integer",
        f"{spec}:4: baseline: no policy named 'fewest'; did you mean 'few'?",
        f"{spec}:7: kpis[1].name: unknown KPI 'lead_time_minutes_p09'; did you mean "
        "'lead_time_minutes_p90'?",
        f"{spec}:8: kpis[2].goal: Input should be 'min' or 'max' (got 'least')",
        f"{spec}:17: policies[1].set.couriers.whitelist_sise: no field 'whitelist_sise'",
        f"{spec}:17: policies[1].set.store_selection.policy: Input should be 'nearest_qualified', "
        "'largest_qualified' or 'coverage_first'",
    ])
    assert not (tmp_path / "out").exists()
    assert _run(["validate", str(spec)], capsys)[1].endswith(err)


def test_a_compare_spec_whose_base_scenario_has_problems_lists_both(tmp_path, capsys):
    base = tmp_path / "town.toml"
    base.write_text(SMALL_TOWN.read_text().replace("whitelist_size = 10", "whitelist_size = -10"))
    spec = tmp_path / "compare.toml"
    spec.write_text(COMPARE.replace(str(SMALL_TOWN), "town.toml"))
    status, err = _run(["validate", str(spec)], capsys)
    assert status == 2
    line = next(n for n, row in enumerate(base.read_text().splitlines(), 1) if "whitelist_size = -10" in row)
    _every(err, [
        f"{spec}:3: replications: Input should be a valid integer",
        f"{spec}:4: baseline: no policy named 'fewest'",
        f"{spec}:7: kpis[1].name: unknown KPI 'lead_time_minutes_p09'",
        f"{spec}:8: kpis[2].goal: Input should be 'min' or 'max' (got 'least')",
        f"{base}:{line}: couriers.whitelist_size: Input should be greater than or equal to 0",
    ])
    assert "note: what the policies and conditions set: checked once base_scenario is fixed" in err


SWEEP = f"""base_scenario = "{SMALL_TOWN}"
replications = "two"
root_seed = 7
horizon_days = 0.5
kpis = ["orders_delivered", "lead_time_mean"]

[[parameters]]
path = "couriers.whitelist_sise"
values = [2, 10]
policy = true

[[parameters]]
path = "households.first_day_order_share"
values = [0.3, 1.7, -0.5]

[[parameters]]
path = "couriers.max_batch_orders"
values = [2, 4]
policy = "maybe"
"""


def test_a_sweep_spec_lists_its_wrong_types_kpis_and_parameter_paths_at_once(tmp_path, capsys):
    spec = tmp_path / "sweep.toml"
    spec.write_text(SWEEP)
    status, err = _run(["sweep", str(spec), "--out", str(tmp_path / "out")], capsys)
    assert status == 2
    _every(err, [
        f"{spec}:2: replications: Input should be a valid integer",
        f"{spec}:5: kpis: unknown KPI 'lead_time_mean'; did you mean 'lead_time_minutes_mean'?",
        f"{spec}:8: parameters[0].path: unknown parameter path 'couriers.whitelist_sise'; "
        "did you mean 'whitelist_size'?",
        f"{spec}:14: parameters[1].values: 1.7 is not valid for households.first_day_order_share",
        f"{spec}:14: parameters[1].values: -0.5 is not valid for households.first_day_order_share",
        f"{spec}:19: parameters[2].policy: Input should be a valid boolean",
    ])
    # the design's check needs every parameter's policy flag: it waits, and says so
    assert "note: the design's parameters: checked once parameters is fixed" in err
    assert not (tmp_path / "out").exists()


def test_a_drill_with_a_bad_setting_still_checks_its_scenario_and_injects(tmp_path, capsys):
    from tests.support.drill_town import write_drill

    path = write_drill(tmp_path, replace={'scenario = "tiny-town.toml"':
                                          'scenario = "tiny-town.toml"\nseed = "seven"\n'
                                          'overrides = { "couriers.whitelist_sise" = 5, '
                                          '"couriers.speed" = 20 }',
                                          'target = "V1"\nmessage = "V1 is sealed."':
                                          'target = "V9"\nmessage = "V1 is sealed."'})
    status, err = _run(["validate", str(path)], capsys)
    assert status == 2
    lines = path.read_text().splitlines()
    _every(err, [
        f"{path}:{lines.index('seed = \"seven\"') + 1}: drill.seed: Input should be a valid integer",
        f"{path}:{lines.index('target = \"V9\"') + 1}: injects[2].target: unknown target for "
        "village_locked (village) 'V9'",
        "drill.overrides: cannot apply: couriers.whitelist_sise: no field 'whitelist_sise'",
        "drill.overrides: cannot apply: couriers.speed: no field 'speed'",
    ])
