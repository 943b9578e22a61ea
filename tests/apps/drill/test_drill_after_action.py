"""The after-action report judges each decision by what its inject expected and by what it
measurably did, not by whether it acted or how its text reads; and it says which objectives
the table could not move in this drill."""

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from sim.apps.drill.actions import DrillState
from sim.apps.drill.after_action import findings
from sim.apps.drill.judgement import judge_decision, outside_control
from sim.apps.drill.objectives import ObjectiveResult
from sim.apps.drill.spec import DrillSpec, Inject

OPTIONS = [{"key": "act", "label": "whitelist", "action": "whitelist_couriers", "couriers": 5},
           {"key": "cap", "label": "cap", "action": "cap_orders", "orders_per_household_day": 1},
           {"key": "none", "label": "wait", "action": "none"}]


def _inject(expected_actions=None) -> Inject:
    return Inject.model_validate({
        "id": "x", "day": 1, "kind": "courier_quarantine", "target": "couriers", "couriers": 3,
        "message": "m", "expected_action": "Whitelist more couriers", "objective": "lead_time",
        "decision": "q", "options": OPTIONS, "default_option": "act", "expected_actions": expected_actions})


def _spec(inject: Inject) -> DrillSpec:
    return DrillSpec(drill={"name": "d", "scenario": "s.toml"}, injects=[inject])


def _hook(decisions, inject=None):
    return SimpleNamespace(decisions=decisions, state=DrillState(),
                           drill=SimpleNamespace(spec=_spec(inject or _inject())))


def _decision(action, acted=True, result="done", **effect):
    return {"time": "2022-11-12 09:00", "inject": "x", "label": "choice", "action": action,
            "acted": acted, "result": result, **effect}


def _effect(expect, before, after):
    return {"effect_measure": "trips by the new couriers", "effect_expect": expect,
            "effect_before": before, "effect_after": after, "effect_window_hours": 12}


def test_doing_nothing_where_action_was_expected_is_a_gap():
    strengths, areas = findings([], {}, _hook([_decision("none", False, "no action")]))
    assert strengths == []
    assert [a["observation"] for a in areas] == [
        "chose 'choice', doing nothing where the inject expected: Whitelist more couriers"]


def test_doing_nothing_when_the_inject_expects_it_is_neither_strength_nor_gap():
    hook = _hook([_decision("none", False, "no action")], _inject(["none", "whitelist_couriers"]))
    assert findings([], {}, hook) == ([], [])


def test_an_action_the_inject_did_not_expect_is_a_gap_even_if_it_worked():
    hook = _hook([_decision("cap_orders", **_effect("up", 0, 40))], _inject(["whitelist_couriers"]))
    strengths, areas = findings([], {}, hook)
    assert strengths == [] and "the inject expected: Whitelist more couriers" in areas[0]["observation"]


def test_a_decision_that_could_not_act_is_a_gap_and_one_that_moved_its_figure_a_strength():
    hook = _hook([
        _decision("whitelist_couriers", False, "NOT DONE: no reserve supermarket available"),
        _decision("whitelist_couriers", True, "no-fuss onboarding of 10 couriers", **_effect("up", 0, 12)),
    ])
    strengths, areas = findings([], {}, hook)
    assert [a["observation"] for a in areas] == [
        "chose 'choice', which did nothing: NOT DONE: no reserve supermarket available"]
    assert len(strengths) == 1 and "no-fuss onboarding" in strengths[0] and ": 12." in strengths[0]


def test_a_store_that_serves_no_one_is_a_gap_not_a_strength():
    d = _decision("whitelist_couriers", result="depot releases 1,500 staples to BAJ-01; WARNING: ...",
                  target_serves_no_one=True, **_effect("up", 0, 0))
    strengths, areas = findings([], {}, _hook([d]))
    assert strengths == [] and "BAJ-01" in areas[0]["observation"]


@given(before=st.integers(0, 1000), change=st.integers(-1000, 1000), expect=st.sampled_from(["up", "down"]))
def test_a_decision_is_a_strength_exactly_when_its_figure_moved_the_expected_way(before, change, expect):
    after = max(0, before + change)
    verdict = judge_decision(_decision("whitelist_couriers", **_effect(expect, before, after)), _inject())
    moved = after > before if expect == "up" else after < before
    assert verdict.strength == moved
    if not moved:
        assert ("no measurable effect" in verdict.text) == (after == before or expect == "up")
        assert ("the opposite of what was expected" in verdict.text) == (expect == "down" and after > before)


def test_objectives_no_option_can_move_are_outside_the_tables_control():
    control = outside_control(_spec(_inject()))
    assert set(control) == {"channel_open", "urgent_pickup"}  # couriers and a cap move lead time and fill
    assert "command centre agent sets up" in control["channel_open"]
    missed = ObjectiveResult("channel_open", "Channels", "15 min", "Ma 16 min", False)
    met = ObjectiveResult("lead_time", "Lead time", "120 min", "84 min", True)
    strengths, areas = findings([missed, met], {}, _hook([]))
    assert "outside the table's control in this drill" in areas[0]["observation"]
    assert strengths == ["Lead time: 84 min (target 120 min)."]


def test_expected_actions_must_be_offered_by_the_decision():
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=r"expected_actions \['move_volunteers'\] are not among"):
        _inject(["move_volunteers"])
