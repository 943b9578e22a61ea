"""`town init` with a ledger naming store kinds Beizang lacks: each declared in the scenario it
writes as a copy of a Beizang kind, with comments saying what to fill in, a note naming it, and
the scenario validates and runs with orders going to stores of the new kind."""

from __future__ import annotations

import tomllib

import pandas as pd

from sim.cli.commands import main
from sim.inputs.scenario_loading import load_scenario

VILLAGES = "name,x_km,y_km,population\nHill,0,0,300\nRiver,1.5,0.5,300\n"
STORES = """id,village,kind,floor_m2
H-1,Hill,supermarket,120
H-2,Hill,front_warehouse,300
H-3,Hill,pharmacy,50
R-1,River,front_warehouse,200
R-2,River,vegetable_shop,60
R-3,River,catering,80
"""


def test_town_init_declares_a_kind_beizang_lacks_and_the_scenario_runs(tmp_path, capsys):
    (tmp_path / "villages.csv").write_text(VILLAGES)
    (tmp_path / "stores.csv").write_text(STORES)
    out = tmp_path / "town.toml"
    assert main(["town", "init", "--villages", str(tmp_path / "villages.csv"),
                 "--stores", str(tmp_path / "stores.csv"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    text = out.read_text()
    lines = text.splitlines()
    header = lines.index("[store_kinds.front_warehouse]") + 1
    assert (f"note: store kind 'front_warehouse' (2 store(s)) is not one of Beizang's: "
            f"{out}:{header} declares it as a copy of Beizang's supermarket; fill in what it "
            "sells, its shelves, pickers and hours (the lines marked FILL IN)") in printed
    # the template: a line per setting, each saying what to fill in
    declaration = lines[header:header + 9]
    for setting, says in [("categories", "the categories it sells, of: vegetables, meat_eggs"),
                          ("stock_per_m2", "stock on its shelves per m2 of floor"),
                          ("pickers_per_100_m2", "pickers per 100 m2 of floor"),
                          ("max_pickers", "pickers at most"),
                          ("pick_minutes", "minutes to pick one order"),
                          ("opening_hours", "the hours of the day its pickers work")]:
        line = next(row for row in declaration if row.startswith(f"{setting} = "))
        assert f"# FILL IN: {says}" in line
    assert "# front_warehouse (2 store(s)): a copy of Beizang's supermarket" in lines[header - 2]
    data = tomllib.loads(text)
    assert data["store_kinds"]["front_warehouse"] == data["store_kinds"]["supermarket"] | {
        "opening_hours": [8.0, 20.0], "max_orders_per_picker_day": 144.0, "pickers_per_100_m2": 1.5}
    assert data["command_centre"]["standard_kinds"][-1] == "front_warehouse"
    assert data["households"]["food_kind_weights"]["front_warehouse"] == 0.65

    assert main(["validate", str(out)]) == 0
    assert "valid (2 villages, 6 stores" in capsys.readouterr().out
    run = tmp_path / "run"
    assert main(["run", str(out), "--days", "1", "--quiet", "--out", str(run)]) == 0
    orders = pd.read_parquet(run / "orders.parquet")
    kinds = {s.id: s.kind for s in load_scenario(out).ledger.stores}
    assert (orders["store"].map(kinds) == "front_warehouse").sum() > 0


def test_a_kind_closest_to_one_of_beizang_s_copies_it(tmp_path, capsys):
    (tmp_path / "villages.csv").write_text(VILLAGES)
    (tmp_path / "stores.csv").write_text(STORES.replace("R-2,River,vegetable_shop", "R-2,River,veg_shop"))
    out = tmp_path / "town.toml"
    assert main(["town", "init", "--villages", str(tmp_path / "villages.csv"),
                 "--stores", str(tmp_path / "stores.csv"), "--out", str(out)]) == 0
    assert "'veg_shop' (1 store(s)) is not one of Beizang's" in capsys.readouterr().out
    data = tomllib.loads(out.read_text())
    assert data["store_kinds"]["veg_shop"]["categories"] == ["vegetables", "meat_eggs"]
    assert data["households"]["food_kind_weights"]["veg_shop"] == 0.2
