"""The after-action report judges decisions by what they did, not by how their text reads."""

from types import SimpleNamespace

from sim.drill.actions import DrillState
from sim.drill.after_action import findings


def _hook(decisions):
    return SimpleNamespace(decisions=decisions, state=DrillState())


def _decision(action, acted, result):
    return {"time": "2022-11-12 09:00", "inject": "x", "label": "choice", "action": action,
            "acted": acted, "result": result}


def test_doing_nothing_on_purpose_is_neither_strength_nor_gap():
    strengths, areas = findings([], {}, _hook([_decision("none", False, "no action")]))
    assert strengths == [] and areas == []


def test_a_decision_that_could_not_act_is_a_gap_and_one_that_did_is_a_strength():
    hook = _hook([
        _decision("activate_reserve_store", False, "NOT DONE: no reserve supermarket available"),
        _decision("whitelist_couriers", True, "no-fuss onboarding of 10 couriers"),  # text starts with "no"
    ])
    strengths, areas = findings([], {}, hook)
    assert [a["observation"] for a in areas] == [
        "chose 'choice', which did nothing: NOT DONE: no reserve supermarket available"]
    assert len(strengths) == 1 and "no-fuss onboarding" in strengths[0]
