"""The decisions of a drill played in a room on their own, while they wait for their role: a
deadline, an option, a default; with a stand-in for the model and the drill hook."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from sim.apps.drill.spec import Inject
from sim.apps.drill.web.journal import Journal
from sim.apps.drill.web.open_decisions import OpenDecisions
from sim.apps.drill.web.refused import Refused


def _inject(inject_id: str, recipient: str) -> Inject:
    return Inject.model_validate({
        "id": inject_id, "day": 0, "clock": "09:00", "kind": "demand_shock", "target": "V0", "share": 0.6,
        "over_hours": 2, "to": recipient, "message": "a rumour", "expected_action": "cap", "objective": "fill_rate",
        "decision": "cap orders?", "default_option": "cap",
        "options": [{"key": "cap", "label": "Cap", "action": "cap_orders", "orders_per_household_day": 1},
                    {"key": "none", "label": "Do nothing", "action": "none"}]})


class HookStandIn:
    """The drill hook's `decide`: records what it was asked to carry out."""

    def __init__(self):
        self.decisions: list[dict] = []

    def decide(self, model, inject, key, by, row, extra=None):
        record = {"inject": inject.id, "minute": model.env.now, "choice": key, "by": by,
                  "label": inject.option(key).label, "result": "done", **(extra or {})}
        self.decisions.append(record)
        return record


@pytest.fixture
def decisions():
    model = SimpleNamespace(
        env=SimpleNamespace(now=540.0),
        clock=SimpleNamespace(to_datetime=lambda m: dt.datetime(2022, 11, 10) + dt.timedelta(minutes=m)))
    paced = SimpleNamespace(model=model)
    open_decisions = OpenDecisions(paced, HookStandIn(), Journal(paced), decision_minutes=10)
    open_decisions.open(_inject("rumour", "command_centre"), {"inject": "rumour"})
    model.env.now = 545.0
    open_decisions.open(_inject("couriers", "delivery_group"), {"inject": "couriers"})
    return open_decisions


def test_a_decision_waits_for_its_role_until_its_deadline(decisions):
    assert decisions.deadlines() == [550.0, 555.0]
    assert decisions.waiting("rumour")["role"] == "command_centre"
    with pytest.raises(Refused, match="no decision is open for 'other'; open: rumour, couriers"):
        decisions.waiting("other")


def test_a_decision_taken_is_carried_out_now_and_logged(decisions):
    with pytest.raises(Refused, match="'maybe' is not an option; allowed: cap, none"):
        decisions.take("command_centre", "rumour", "maybe")
    record = decisions.take("command_centre", "rumour", "none")
    assert (record["by"], record["choice"], record["inject_minute"], record["seq"]) == (
        "command centre", "none", 540.0, 1)
    assert list(decisions.pending) == ["couriers"]
    assert decisions.journal.log[-1]["kind"] == "decision" and decisions.journal.log[-1]["role"] == "command_centre"


def test_past_its_deadline_a_decision_takes_its_default(decisions):
    decisions.paced.model.env.now = 550.0
    decisions.take_overdue()
    assert [(d["inject"], d["choice"], d["by"]) for d in decisions.hook.decisions] == [
        ("rumour", "cap", "default (deadline passed)")]
    assert list(decisions.pending) == ["couriers"]


def test_a_role_left_to_the_model_takes_the_defaults_of_its_decisions(decisions):
    decisions.role_left_to_model("delivery_group")
    assert [(d["inject"], d["by"]) for d in decisions.hook.decisions] == [
        ("couriers", "default (role left to the model)")]
    assert list(decisions.pending) == ["rumour"]
    assert "default (role left to the model)" in str(decisions.journal.log[-1]["text"])
