"""Villages and the store ledger from CSV files: both placements (km, lat/lon), every mistake
pointed at by file:line: column, and `extends` still working."""

import math

import pytest

from sim.cli.commands import main
from sim.inputs.scenario_loading import ScenarioError, load_scenario
from tests.support.csv_town import STORES, VILLAGES, write_csv_town
from tests.support.paths import ROOT


def _problems(path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return [str(p) for p in info.value.problems]


def test_villages_and_stores_in_kilometres(tmp_path):
    sc = load_scenario(write_csv_town(tmp_path))
    assert [(v.name, v.x_km, v.y_km, v.population) for v in sc.villages] == [
        ("Ma", 1.0, 2.0, 1200), ("Bajia", 3.5, 2.5, 800)]
    assert sc.villages[0].gate_volunteers == 4
    assert sc.villages[1].gate_volunteers == 6  # an empty optional cell takes the default
    assert [(s.id, s.kind, s.licensed, s.infection_risk) for s in sc.ledger.stores] == [
        ("MA-1", "supermarket", True, False), ("MA-2", "vegetable_shop", True, False),
        ("MA-3", "pharmacy", True, False), ("BA-1", "catering", True, False)]


def test_villages_by_latitude_and_longitude_are_projected_around_their_mean(tmp_path):
    villages = "name,lat,lon,population\nA,39.60,116.40,100\nB,39.62,116.44,100\n"
    sc = load_scenario(write_csv_town(tmp_path, villages=villages.replace("A,", "Ma,").replace("B,", "Bajia,")))
    ma, bajia = sc.villages
    assert ma.x_km == pytest.approx(-bajia.x_km) and ma.y_km == pytest.approx(-bajia.y_km)
    # 0.02 degrees of latitude is 2.22 km; 0.04 of longitude at 39.61 N is 3.43 km
    assert bajia.y_km - ma.y_km == pytest.approx(2.224, abs=0.002)
    assert bajia.x_km - ma.x_km == pytest.approx(4.448 * math.cos(math.radians(39.61)), abs=0.002)


def test_a_base_scenario_s_csv_is_relative_to_the_base_and_overrides_still_apply(tmp_path):
    write_csv_town(tmp_path)
    child = tmp_path / "child" / "more.toml"
    child.parent.mkdir()
    child.write_text('extends = "../town.toml"\n[couriers]\nwhitelist_size = 7\n')
    sc = load_scenario(child)
    assert len(sc.villages) == 2 and len(sc.ledger.stores) == 4
    assert sc.couriers.whitelist_size == 7


def test_a_child_may_replace_a_base_s_csv_with_its_own(tmp_path):
    write_csv_town(tmp_path)
    (tmp_path / "child.toml").write_text(
        'extends = "town.toml"\n[ledger]\nstores = "more.csv"\n')
    (tmp_path / "more.csv").write_text("id,village,kind,floor_m2\nX,Ma,bakery,10\n")
    assert _problems(tmp_path / "child.toml") == [
        f"{tmp_path / 'more.csv'}:2: kind: unknown store kind 'bakery'; declared: "
        "['supermarket', 'vegetable_shop', 'pharmacy', 'catering']"]


@pytest.mark.parametrize("villages, stores, expected", [
    ("name,x_km,population\nMa,1,10\n", STORES,
     "villages.csv:1: y_km: missing column; required: name,x_km,y_km,population (or lat,lon "
     "instead of x_km,y_km); optional: gate_volunteers,name_zh,name_en"),
    (VILLAGES, "id,village,floor_m2\nMA-1,Ma,10\n",
     "stores.csv:1: kind: missing column; required: id,village,kind,floor_m2; optional: "
     "licensed,infection_risk,name_zh,name_en"),
    (VILLAGES + "Xi,1.5,2,lots\n", STORES,
     "villages.csv:4: population: not a number (got 'lots'); allowed: a whole number such as 1200"),
    (VILLAGES, STORES.replace("MA-2,Ma,vegetable_shop,60", "MA-2,Ma,vegetable_shop,6o"),
     "stores.csv:3: floor_m2: not a number (got '6o'); allowed: a number such as 2.5"),
    (VILLAGES, STORES + "XW-1,Xiwang,pharmacy,40,,\n",
     "stores.csv:6: village: unknown village 'Xiwang'; known: ['Bajia', 'Ma']"),
    (VILLAGES, STORES + "MA-1,Ma,pharmacy,40,,\n",
     "stores.csv:6: id: duplicate store id 'MA-1' (first on line 2); allowed: each id once"),
    (VILLAGES, STORES.replace("BA-1,Bajia,catering", "BA-1,Bajia,bakery"),
     "stores.csv:5: kind: unknown store kind 'bakery'; declared: ['supermarket', "
     "'vegetable_shop', 'pharmacy', 'catering']"),
    ("", STORES,
     "villages.csv:1: (header): the file is empty; allowed: a header row (name,x_km,y_km,"
     "population, optional: gate_volunteers,lat,lon,name_zh,name_en) and a row per village"),
    (VILLAGES.splitlines()[0] + "\n", STORES,
     "villages.csv:2: (rows): no villages; allowed: a row per village under the header"),
    (VILLAGES + "Xi,1,2,3,4,5\n", STORES,
     "villages.csv:4: (row): 6 cells, but the header has 5; allowed: one cell per column"),
    (VILLAGES.replace("gate_volunteers", "gates"), STORES,
     "villages.csv:1: gates: unknown column; allowed: name, x_km, y_km, population, "
     "gate_volunteers, lat, lon, name_zh, name_en"),
    (VILLAGES, STORES.replace("yes,no", "maybe,no"),
     "stores.csv:4: licensed: not yes or no (got 'maybe'); allowed: true or false (also "
     "yes/no, 1/0)"),
    ("name,lat,lon,population\nMa,39.6,216.4,10\n", STORES,
     "villages.csv:2: lon: 216.4 is out of range; allowed: degrees from -180 to 180"),
    (VILLAGES.replace("Ma,1.0,2.0,1200", "Ma,1.0,2.0,-5"), STORES,
     "villages.csv:2: population: Input should be greater than or equal to 0 (got -5)"),
])
def test_every_csv_mistake_is_pointed_at_by_file_line_and_column(tmp_path, villages, stores, expected):
    problems = _problems(write_csv_town(tmp_path, villages, stores))
    assert [p.removeprefix(str(tmp_path / "data") + "/") for p in problems] == [expected]


def test_a_missing_csv_file_is_pointed_at_in_the_scenario(tmp_path):
    path = write_csv_town(tmp_path)
    (tmp_path / "data" / "stores.csv").unlink()
    assert _problems(path) == [
        f"{path}:6: ledger.stores: no such file '{tmp_path / 'data' / 'stores.csv'}'; allowed: a "
        "list of stores or the path of a CSV file relative to this scenario file"]


def test_validate_lists_every_csv_problem_and_exits_2(tmp_path, capsys):
    bad_villages = VILLAGES + "Xi,1.5,two,3\nYa,1,2,4.5\n"
    path = write_csv_town(tmp_path, villages=bad_villages)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "2 problem(s)" in err
    assert "villages.csv:4: y_km: not a number (got 'two')" in err
    assert "villages.csv:5: population: not a whole number (got '4.5')" in err
    assert "Traceback" not in err


def _spreadsheets(tmp_path, villages=VILLAGES, stores=STORES):
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    (sheets / "villages.csv").write_text(villages)
    (sheets / "stores.csv").write_text(stores)
    return sheets


def test_town_init_writes_a_scenario_that_runs(tmp_path, capsys):
    sheets = _spreadsheets(tmp_path)
    out = tmp_path / "scenarios" / "my-town.toml"
    assert main(["town", "init", "--villages", str(sheets / "villages.csv"),
                 "--stores", str(sheets / "stores.csv"), "--out", str(out)]) == 0
    assert f"wrote {out}: 2 villages, 4 stores" in capsys.readouterr().out
    text = out.read_text()
    assert 'villages = "../sheets/villages.csv"' in text  # relative to the written file
    assert 'stores = "../sheets/stores.csv"' in text
    assert text.count("ASSUMPTION TO REPLACE") >= 10
    assert "XDY-01" not in text and "Xiwangzhuang" not in text  # none of Beizang's villages or stores
    sc = load_scenario(out)
    assert sc.run.name == "my-town"
    assert [lk.village for lk in sc.lockdowns] == ["Ma"]
    beizang = load_scenario(ROOT / "experiments" / "beizang-2022.toml")
    assert sc.couriers == beizang.couriers and sc.suppliers == beizang.suppliers
    assert sc.store_kinds == beizang.store_kinds and sc.households == beizang.households
    assert (sc.command_centre.x_km, sc.command_centre.y_km) == (2.25, 2.25)  # the villages' centre
    assert sorted(p.name for p in out.parent.iterdir()) == ["my-town.toml"]  # no temporary left
    assert main(["run", str(out), "--days", "0.5", "--quiet", "--out", str(tmp_path / "run")]) == 0
    assert (tmp_path / "run" / "kpis.json").exists()


def test_town_init_from_latitude_and_longitude(tmp_path):
    sheets = _spreadsheets(tmp_path, villages="name,lat,lon,population\nMa,39.60,116.40,900\n"
                                              "Bajia,39.62,116.44,700\n")
    out = tmp_path / "town.toml"
    assert main(["town", "init", "--villages", str(sheets / "villages.csv"),
                 "--stores", str(sheets / "stores.csv"), "--out", str(out)]) == 0
    sc = load_scenario(out)
    assert (sc.command_centre.x_km, sc.command_centre.y_km) == (0, 0)
    assert sc.villages[1].y_km == pytest.approx(1.112, abs=0.002)


def test_town_init_never_replaces_a_file(tmp_path, capsys):
    sheets = _spreadsheets(tmp_path)
    out = tmp_path / "town.toml"
    out.write_text("mine\n")
    assert main(["town", "init", "--villages", str(sheets / "villages.csv"),
                 "--stores", str(sheets / "stores.csv"), "--out", str(out)]) == 2
    assert f"error: {out}: exists; nothing was written" in capsys.readouterr().err
    assert out.read_text() == "mine\n"


@pytest.mark.parametrize("stores, expected", [
    (STORES + "XW-1,Xiwang,pharmacy,40,,\n",
     "stores.csv:6: village: unknown village 'Xiwang'; known: ['Bajia', 'Ma']"),
    (STORES.replace("MA-2,Ma,vegetable_shop,60", "MA-2,Ma,vegetable_shop,big"),
     "stores.csv:3: floor_m2: not a number (got 'big')"),
])
def test_town_init_with_a_bad_spreadsheet_exits_2_and_writes_nothing(tmp_path, capsys, stores, expected):
    sheets = _spreadsheets(tmp_path, stores=stores)
    out = tmp_path / "out" / "town.toml"
    assert main(["town", "init", "--villages", str(sheets / "villages.csv"),
                 "--stores", str(sheets / "stores.csv"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{sheets}/{expected}" in err and "Traceback" not in err
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_town_init_names_a_missing_spreadsheet(tmp_path, capsys):
    assert main(["town", "init", "--villages", str(tmp_path / "v.csv"), "--stores",
                 str(tmp_path / "s.csv"), "--out", str(tmp_path / "t.toml")]) == 2
    assert f"--villages: no such file '{tmp_path / 'v.csv'}'" in capsys.readouterr().err
