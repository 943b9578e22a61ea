"""The benchmark's district of two million people (`experiments/district-2m.toml`) is what its
generator writes from the compounds district, and it loads: 34 tiles of 12 compounds locked in
the same three waves, with couriers and trucks scaled with the people. The budgeted probe stops
a run at its wall or memory budget and says which."""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.district_scaled import district_files
from sim.inputs.scenario_loading import load_scenario
from tests.support.paths import ROOT

EXPERIMENTS = ROOT / "experiments"


def test_the_committed_district_is_what_the_generator_writes():
    files = district_files(34)
    assert set(files) == {"district-2m.toml", "district-2m/compounds.csv", "district-2m/stores.csv"}
    for relative, text in files.items():
        assert (EXPERIMENTS / relative).read_text(encoding="utf-8") == text, (
            f"{relative} is stale: python -m benchmarks.district_scaled --tiles 34")


def test_the_district_loads_with_two_million_people_locked_in_three_waves():
    scenario = load_scenario(EXPERIMENTS / "district-2m.toml")
    compounds = load_scenario(EXPERIMENTS / "district-compounds.toml")
    assert sum(v.population for v in scenario.villages) == 34 * sum(v.population for v in compounds.villages)
    assert 1.9e6 < sum(v.population for v in scenario.villages) < 2.1e6
    assert len(scenario.lockdowns) == 34 * len(compounds.lockdowns)
    assert sorted({lk.start_day for lk in scenario.lockdowns}) == sorted({lk.start_day for lk in compounds.lockdowns})
    assert scenario.couriers.whitelist_size == 34 * compounds.couriers.whitelist_size
    assert scenario.run.horizon_days == 14 and scenario.run.order_log
    # each tile's stores stand in its own tile's places
    places = {v.name for v in scenario.villages}
    assert all(store.village in places for store in scenario.ledger.stores)


def _budgeted(*limits: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "benchmarks.episode_probe", "budgeted",
                          "experiments/small-town.toml", *limits],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_budgeted_probe_stops_at_its_budget_and_says_which():
    figures = _budgeted("--wall-limit", "0")
    assert figures["stopped_by"] == "wall"
    assert 0 < figures["days_simulated"] < figures["days_planned"]
    figures = _budgeted("--memory-limit", "1")  # more than a megabyte once the town is made
    assert figures["stopped_by"] == "memory" and figures["days_simulated"] == 0


def test_within_its_budget_the_probe_runs_the_whole_horizon():
    figures = _budgeted("--wall-limit", "600", "--memory-limit", "100000")
    assert figures["stopped_by"] is None
    assert figures["days_simulated"] == figures["days_planned"] and figures["orders"] > 0
