"""A decision is credited with what it changed against the same drill without it (a shadow run
on the same random numbers), not with a figure that moved after it."""

from __future__ import annotations

import pytest

from sim.apps.drill.choosers import DefaultChooser
from sim.apps.drill.loading import load_drill
from sim.apps.drill.runner import run_drill
from sim.apps.drill.what_changed import change, shadow_verdict
from tests.support.drill_town import write_drill

# the tiny drill with the courier decision whitelisting by default, the other decisions doing
# nothing (one shadow run each)
WHITELIST_BY_DEFAULT = {
    'default_option = "none"\noptions = [\n  { key = "none", label = "Carry on"':
        'default_option = "more"\noptions = [\n  { key = "none", label = "Carry on"',
    'default_option = "cap"': 'default_option = "none"',
    'default_option = "reserve"': 'default_option = "none"',
}


def _played(tmp_path, quarantined: int, whitelisted: int):
    replace = dict(WHITELIST_BY_DEFAULT)
    replace["couriers = 8"] = f"couriers = {quarantined}"
    replace["couriers = 10"] = f"couriers = {whitelisted}"
    _, folder, hook = run_drill(load_drill(write_drill(tmp_path, replace=replace)), tmp_path / "out",
                                DefaultChooser())
    decision = next(d for d in hook.decisions if d["inject"] == "couriers-out")
    return decision, (folder / "after-action.md").read_text(encoding="utf-8")


def test_whitelisting_when_couriers_were_short_is_credited_with_its_effect(tmp_path):
    """Eight of twelve couriers isolate: ten more shorten the lead time, against the same drill
    without them, by far more than the indifference."""
    decision, report = _played(tmp_path, quarantined=8, whitelisted=10)
    lead = decision["without_it"]["lead_time"]
    assert lead["without"] - lead["with"] > 60
    assert change("lead_time", lead) == "better" and shadow_verdict(decision) == "better"
    strengths = report.split("## Strengths")[1].split("## Areas")[0]
    line = next(s for s in strengths.splitlines() if "couriers-out" in s)
    assert "against the same drill without it: lead time p90" in line and "without it (-" in line


def test_whitelisting_while_couriers_are_idle_reads_no_measurable_effect(tmp_path):
    """One of twelve couriers isolates and two more are whitelisted: the new couriers make
    trips, but the lead time is the same as without them."""
    decision, report = _played(tmp_path, quarantined=1, whitelisted=2)
    assert shadow_verdict(decision) == "none"
    strengths = report.split("## Strengths")[1].split("## Areas")[0]
    assert "couriers-out" not in strengths
    plan = report.split("## Improvement plan")[1]
    row = next(line for line in plan.splitlines() if "couriers-out" in line)
    assert "against the same drill without it: lead time p90" in row and "no measurable effect (within 5 min)" in row


@pytest.mark.parametrize("objective,with_it,without_it,expected", [
    ("fill_rate", 0.931, 0.9308, "none"), ("fill_rate", 0.95, 0.93, "better"), ("fill_rate", 0.90, 0.93, "worse"),
    ("lead_time", 120.0, 124.0, "none"), ("lead_time", 100.0, 130.0, "better"), ("lead_time", 140.0, 120.0, "worse"),
    ("urgent_pickup", 1.0, 0.5, "better"), ("channel_open", 14.0, 14.3, "none"),
])
def test_a_difference_within_the_indifference_is_no_effect(objective, with_it, without_it, expected):
    assert change(objective, {"with": with_it, "without": without_it}) == expected


def test_a_role_s_action_in_the_room_is_credited_after_the_drill_in_the_background(tmp_path):
    """The delivery group whitelists ten couriers after eight of twelve isolate: the room's
    report is written at once, saying the comparison is under way, and again with the action's
    effect against the same drill without it once the shadow has run."""
    from sim.apps.drill.web.session import LiveDrill

    replace = {'default_option = "cap"': 'default_option = "none"',
               'default_option = "reserve"': 'default_option = "none"'}
    drill = load_drill(write_drill(tmp_path, replace=replace))
    session = LiveDrill(drill, tmp_path / "out", model_roles=["command_centre", "supply_group", "urgent_desk"])
    session.start()
    session.advance_to(13 * 60 + 5)
    session.act("delivery_group", "whitelist_couriers", {"couriers": 10})
    session.advance_to(session.model.horizon_minutes)
    assert session.done.wait(120) and session.error is None, session.error
    shadows = session.hook.shadow_runs
    assert shadows.done.wait(120) and shadows.error is None, shadows.error
    report = (session.folder / "after-action.md").read_text(encoding="utf-8")
    assert "is being worked out" not in report
    strengths = report.split("## Strengths")[1].split("## Areas")[0]
    line = next(s for s in strengths.splitlines() if "Action at 2022-11-10 13:05 (delivery group)" in s)
    assert "against the same drill without it: lead time p90" in line and "without it (-" in line
