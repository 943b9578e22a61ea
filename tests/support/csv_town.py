"""A two-village town whose villages and store ledger are CSV files, written into a folder (the CSV
loading tests and `--set` on such a town)."""


VILLAGES = """name,x_km,y_km,population,gate_volunteers
Ma,1.0,2.0,1200,4
Bajia,3.5,2.5,800,
"""
STORES = """id,village,kind,floor_m2,licensed,infection_risk
MA-1,Ma,supermarket,120,true,false
MA-2,Ma,vegetable_shop,60,,
MA-3,Ma,pharmacy,50,yes,no
BA-1,Bajia,catering,80,1,0
"""
SCENARIO = """villages = "data/villages.csv"
[run]
name = "csv-town"
horizon_days = 1
[ledger]
stores = "data/stores.csv"
[[lockdowns]]
village = "Ma"
start_day = 0.2
"""


def write_csv_town(tmp_path, villages=VILLAGES, stores=STORES, scenario=SCENARIO):
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "villages.csv").write_text(villages)
    (tmp_path / "data" / "stores.csv").write_text(stores)
    path = tmp_path / "town.toml"
    path.write_text(scenario)
    return path
