"""Every run folder has its plots and a self-contained report; a drill's report adds the
objectives, the inject-decision-effect timeline and the after-action report."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from sim.apps.episode import run_to_folder
from sim.cli.commands import main
from sim.inputs.scenario_loading import load_scenario, scenario_with_overrides
from tests.support.drill_town import write_drill, write_town

PLOTS = ["timeline", "orders_by_village", "households_without_food", "lead_time", "store_stock",
         "couriers", "resource_utilization", "urgent"]


@pytest.fixture(scope="module")
def drill_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    spec = write_drill(folder, replace={'[[injects]]\nid = "v0-locked"':
                                        '[objectives]\nchannel_open_minutes = 1\n\n[[injects]]\nid = "v0-locked"'})
    out = folder / "drill"
    assert main(["drill", str(spec), "--out", str(out), "--quiet"]) == 0
    return out


def test_a_plain_run_writes_plots_and_a_self_contained_report(tmp_path):
    scenario = scenario_with_overrides(load_scenario(write_town(tmp_path)),
                                       {"lockdowns": [{"village": "V0", "start_day": 0.1}]})
    _, out = run_to_folder(scenario, 3, None, tmp_path / "run", progress=False)
    for name in PLOTS:
        assert (out / "plots" / f"{name}.png").stat().st_size > 5_000, name
    html = (out / "report.html").read_text()
    assert html.count('src="data:image/png;base64,') == len(PLOTS)
    assert not re.search(r'src="(?!data:)', html)  # nothing loaded from elsewhere
    for title in ("Lockdowns and ordering channels", "Orders placed, delivered and waiting",
                  "Households without food", "Lead time",
                  "Stock at the busiest stores", "Couriers", "Urgent medicine requests", "Key figures",
                  "What limits deliveries", "What limits deliveries: utilization and lead time"):
        assert f"<h2>{title}</h2>" in html
    ts = pd.read_parquet(out / "timeseries.parquet")
    stock = [c for c in ts.columns if c.startswith("store_") and "_stock_" in c]
    assert stock and ts[stock].notna().any().all()
    per_village = [c for c in ts.columns if c.startswith("village_") and c.endswith("_without_food")]
    assert per_village and (ts[per_village].sum(axis=1) == ts["households_without_food"]).all()


def test_drill_report_has_plots_objectives_and_timeline(drill_folder):
    html = (drill_folder / "report.html").read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert html.count('src="data:image/png;base64,') == len(PLOTS)
    assert "<h2>Objectives</h2>" in html and "<h2>Timeline: inject, decision, effect</h2>" in html
    for title in ("Ordering channels open after a lockdown", "Urgent medicine: staff at the door",
                  "Fill rate", "Lead time, order to door"):
        assert title in html
    assert html.count("v0-rumour") >= 1 and "Cap orders at one per household per day (default)" in html


def test_after_action_report_judges_objectives_by_their_figures(drill_folder):
    md = (drill_folder / "after-action.md").read_text()
    assert "| objective | target | figure | result | tested by injects |" in md
    channel = next(line for line in md.splitlines() if line.startswith("| Ordering channels open"))
    assert "within 1 min" in channel and "| not met |" in channel and "v0-locked, v1-locked" in channel
    assert channel.rstrip(" |").endswith(("S: performed with some challenges", "M: performed with major challenges"))
    assert "HSEEP ratings from the figures: ordering channels open after a lockdown: P within the target" in md
    urgent = next(line for line in md.splitlines() if line.startswith("| Urgent medicine"))
    assert "| met |" in urgent or "| not met |" in urgent
    plan = md.split("## Improvement plan")[1]
    assert "| 1 | Ordering channels open after a lockdown |" in plan
    assert "town alliance command centre | before the next drill |" in plan
    assert "## Strengths" in md and "## Timeline: inject, decision, effect" in md
    assert "| 2022-11-10 16:00 | sup-closed (store closed: SUP-0)" in md
    assert "SUP-0 closed" in md and "six hours later" in md
    aar = (drill_folder / "after-action.html").read_text()
    assert 'class="missed">not met' in aar
