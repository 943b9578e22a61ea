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
