"""The after-action report judges by what a decision changed and counts what kpis.json counts:
the urgent objective counts care trips as reached calls, as the KPIs do."""

from types import SimpleNamespace

from agents.urgent_needs import UrgentNeeds
from sim.apps.drill.hseep import rate
from sim.apps.drill.objectives import evaluate
from sim.apps.drill.spec import Objectives
from sim.inputs.scenario_loading import load_scenario
from sim.model.metrics import RunStatistics


def _stats_with_care_trips() -> RunStatistics:
    """Four medicine calls reached in 10 min, two care trips finished, one care trip under way
    (staff at the door after 12 min), all long before the end."""
    stats = RunStatistics(load_scenario("experiments/beizang-2022.toml").goods)
    for n in range(4):
        call = stats.urgent_called(100.0 * n)
        stats.urgent_reached(call, 100.0 * n + 10)
        stats.urgent_done(call, 100.0 * n + 60, 1.0)
    for n in range(3):
        call = stats.urgent_called(1000.0 + n, care=True)
        stats.urgent_reached(call, 1012.0 + n)
        if n < 2:
            stats.urgent_care_done(call, 1200.0)
    return stats


def _model(stats, now=5000.0):
    return SimpleNamespace(stats=stats, villages={}, env=SimpleNamespace(now=now))


def test_the_urgent_objective_counts_care_trips_as_reached_as_kpis_json_does():
    stats = _stats_with_care_trips()
    model = _model(stats)
    kpis = UrgentNeeds.kpis(SimpleNamespace(centre=SimpleNamespace(model=model),
                                            desks=SimpleNamespace(posted_max=1)), 5000.0)
    assert kpis["urgent_within_30_minutes_share"] == 1.0
    urgent = next(r for r in evaluate(model, {}, Objectives()) if r.objective == "urgent_pickup")
    assert urgent.met is True
    assert str(urgent.figure).startswith("7 of 7 calls reached within 30 min (100%)")
    assert "open" not in str(urgent.figure) and "not reached" not in str(urgent.figure)
    assert rate("urgent_pickup", model, {}, Objectives()) == "P"


def test_a_call_never_reached_is_counted_not_reached():
    stats = _stats_with_care_trips()
    stats.urgent_called(2000.0)
    urgent = next(r for r in evaluate(_model(stats), {}, Objectives()) if r.objective == "urgent_pickup")
    assert "7 of 8 calls reached" in str(urgent.figure) and "1 not reached at the end" in str(urgent.figure)


# --- the shipped drill, played with its defaults (one run shared by the tests below) -------------

import pytest  # noqa: E402

from sim.apps.drill.choosers import DefaultChooser  # noqa: E402
from sim.apps.drill.loading import load_drill  # noqa: E402
from sim.apps.drill.runner import run_drill  # noqa: E402

SHIPPED = "experiments/drill-beizang.toml"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    _, folder, hook = run_drill(load_drill(SHIPPED), tmp_path_factory.mktemp("drill") / "run", DefaultChooser(),
                                shadows="never")  # the shadow runs are tested on the tiny drill
    return folder, hook, (folder / "after-action.md").read_text()


def _decision(hook, inject):
    return next(d for d in hook.decisions if d["inject"] == inject)


def test_the_first_decision_stocks_the_hub_with_what_its_shelves_can_take(shipped):
    folder, hook, report = shipped
    first = _decision(hook, "bajia-locked")
    assert first["target"] == "XDY-01"  # the hub the drill means, not the other supermarket serving Ma
    assert first["result"] == "Xinfadi wholesale market ships 80 of 80 vegetables to XDY-01"


def test_a_decision_no_option_could_carry_out_is_not_blamed_on_the_table(shipped):
    folder, hook, report = shipped
    closure = _decision(hook, "hub-staff-positive")
    assert closure["every_option_blocked"] and set(closure["options_blocked"]) == {"reserve-ma", "reserve-bajia"}
    plan = report.split("## Improvement plan")[1]
    row = next(line for line in plan.splitlines() if "hub-staff-positive" in line)
    assert "so the table is not judged on it" in row and "| exercise planner (the drill file) |" in row
    assert "town alliance command centre" not in row


def test_an_objective_no_option_can_meet_is_marked_and_not_blamed_on_the_table(shipped):
    folder, hook, report = shipped
    objectives = report.split("## Objectives")[1].split("## Timeline")[0]
    lead = next(line for line in objectives.splitlines() if line.startswith("| Lead time"))
    assert "no: beyond the table's options: the hours orders waited for their store to open" in lead
    plan = report.split("## Improvement plan")[1]
    row = next(line for line in plan.splitlines() if "| Lead time" in line)
    assert "exercise planner (the drill file)" in row and "delivery group lead" not in row


def test_the_shipped_urgent_objective_agrees_with_kpis_json(shipped):
    import json

    folder, hook, report = shipped
    kpis = json.loads((folder / "kpis.json").read_text())
    urgent = next(line for line in report.splitlines() if line.startswith("| Urgent medicine"))
    assert kpis["urgent_open_at_end"] == 0 and "open" not in urgent and "not reached" not in urgent


def test_check_tries_every_option_at_its_decision_point():
    from sim.apps.drill.option_rehearsal import try_options

    drill = load_drill(SHIPPED)
    notes = {(inject, key): str(note) for inject, key, note in try_options(drill, drill.seed)}
    assert notes[("bajia-locked", "buy-now")] == "the hub supermarket serving Ma is XDY-01 now"
    # the shipped amounts fit the stores they go to: no option asks for more than there is room for
    assert not [note for note in notes.values() if "has room for" in note]
    assert notes[("hub-staff-positive", "reserve-ma")].startswith("CANNOT ACT: the command centre tried a reserve")
