"""The shipped outage scenario (experiments/small-town-outage.toml, issue 25): with the small
town's only supplier shut for three days, a depot restores service on the same seed; and a
run whose depot did nothing says why."""

import json

from sim.cli.commands import main
from sim.inputs.scenario_loading import load_scenario, scenario_with_overrides, with_horizon
from sim.model.depot_notes import FILE_NAME, HELD_NO_OUTAGE, depot_notes
from sim.model.town_model import TownModel

OUTAGE = "experiments/small-town-outage.toml"


def _kpis(overrides, days=6.0):
    scenario, _ = with_horizon(scenario_with_overrides(load_scenario(OUTAGE), overrides), days)
    return TownModel(scenario).run_episode()


def test_a_depot_restores_service_through_the_outage():
    without = _kpis({})
    small = _kpis({"depot.cover_days": 1})
    assert without["stockout_store_hours"] > 0
    assert small["unmet_energy_person_days"] < without["unmet_energy_person_days"]
    # a day of cover, bought back at once, gives back most of what the outage took
    assert small["fill_rate"] > without["fill_rate"] + 0.2
    assert small["household_days_without_vegetables"] < 0.35 * without["household_days_without_vegetables"]


def test_a_depot_whose_stock_was_never_needed_says_why(tmp_path, capsys):
    # the small town's own shelves hold about ten days of vegetables: the outage empties none
    roomy = ["--set", "store_kinds.supermarket.stock_per_m2={staples = 6, vegetables = 5, "
             "meat_eggs = 2, daily_goods = 4}",
             "--set", "store_kinds.vegetable_shop.stock_per_m2={vegetables = 8, meat_eggs = 3}"]
    # prepared meals keep a day: the depot's spoil within the two days run
    assert main(["run", OUTAGE, "--quiet", "--days", "2", "--out", str(tmp_path / "run"), "--set",
                 "depot.cover_days={vegetables = 6, prepared_meals = 1}", *roomy]) == 0
    printed = capsys.readouterr().out
    assert "The depot's stock was not needed: no store ran out of" in printed
    notes = json.loads((tmp_path / "run" / FILE_NAME).read_text())["depot_notes"]
    assert len(notes) == 1 and notes[0]["values"]["spoiled"] > 0
    assert "not needed" in (tmp_path / "run" / "report.html").read_text()


def test_a_depot_held_for_an_outage_that_never_came_says_so():
    scenario, _ = with_horizon(scenario_with_overrides(load_scenario(OUTAGE), {
        "depot.cover_days": 1, "depot.release": "hold_for_outage", "disruptions": []}), 2.0)
    model = TownModel(scenario)
    model.run_episode()
    assert sum(model.depot.units_released.values()) == 0
    # (the oldest lots of its vegetables and prepared meals spoiled too, and another note says so)
    assert HELD_NO_OUTAGE in [n.message for n in depot_notes(model)]


def test_a_depot_held_for_an_outage_that_came_says_nothing_of_the_kind():
    # the depot released to the stores during the outage and bought back at once; the buying
    # back once cleared what the notes read, so a run ending after it said no outage came
    scenario, _ = with_horizon(scenario_with_overrides(load_scenario(OUTAGE), {
        "depot.cover_days": 1, "depot.release": "hold_for_outage"}), 3.0)
    model = TownModel(scenario)
    model.run_episode()
    assert sum(model.depot.units_released.values()) > 0
    assert model.depot.outage_seen
    assert HELD_NO_OUTAGE not in [n.message for n in depot_notes(model)]
