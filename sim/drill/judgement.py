"""Judge each decision and say which objectives the table could move at all.

A decision is a strength only when it did what its inject expected and the figure it should
move moved the expected way. Choosing `none` where action was expected, an action the inject
did not expect, one that could not act, one sent to a store that serves no one, and one with no
measurable effect or the opposite effect are areas for improvement.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.drill.spec import DrillSpec, Inject

# what each action can move; an objective no option can move is outside the table's control
ACTION_OBJECTIVES = {
    "activate_reserve_store": {"fill_rate", "lead_time"}, "whitelist_couriers": {"lead_time"},
    "release_depot_stock": {"fill_rate"}, "cap_orders": {"fill_rate", "lead_time"},
    "move_volunteers": {"lead_time"}, "order_from_supplier": {"fill_rate"}, "none": set(),
}
# who moves an objective when no decision in the drill can
MOVED_BY_THE_MODEL = {
    "channel_open": "the command centre agent sets up every village's channels itself",
    "urgent_pickup": "the model's urgent-needs staff answer every call",
    "fill_rate": "stores, suppliers and the overnight orders of the model",
    "lead_time": "the model's pickers, couriers and gate volunteers",
}
OWNER = "town alliance command centre"


@dataclass
class Verdict:
    strength: bool
    text: str
    action: str = ""  # for an area: what to do before the next drill


def judge_decision(decision: dict, inject: Inject) -> Verdict | None:
    """The verdict on one decision (its text starts "chose ..."); None for a `none` the
    inject expected (nothing to say)."""
    head = f"chose '{decision['label']}'"
    expected = inject.expected_actions
    if decision["action"] == "none":
        if expected is not None and "none" in expected:
            return None
        return Verdict(False, f"{head}, doing nothing where the inject expected: {inject.expected_action}",
                       "Rehearse this inject's expected action; decide to act unless the figures say otherwise")
    if expected is not None and decision["action"] not in expected:
        return Verdict(False, f"{head} ({decision['action'].replace('_', ' ')}); the inject expected: "
                              f"{inject.expected_action}",
                       "Go through the inject's expected action before choosing")
    if not decision["acted"]:
        return Verdict(False, f"{head}, which did nothing: {decision['result']}",
                       "Check the ledger and stocks before choosing; keep a reserve list per village")
    if decision.get("target_serves_no_one"):
        return Verdict(False, f"{head}: {decision['result']}",
                       "Name the store by role (the busiest store serving the village) or check whom it serves")
    effect = measured_effect_text(decision)
    if effect is None:
        return Verdict(True, f"{head}: {decision['result']}")
    if effect_moved_as_expected(decision):
        return Verdict(True, f"{head}: {decision['result']}; {effect}")
    return Verdict(False, f"{head}: {decision['result']}; {effect}",
                   "Check where the bottleneck is before choosing; choose the action that moves it")


def measured_effect_text(decision: dict) -> str | None:
    if decision.get("effect_measure") is None:
        return None
    before, after = decision["effect_before"], decision["effect_after"]
    window = f"{decision['effect_window_hours']:g} h"
    if decision["effect_expect"] == "up":
        verdict = "" if effect_moved_as_expected(decision) else ": no measurable effect"
        return f"{decision['effect_measure']} in the {window} after: {after - before:,.0f}{verdict}"
    if effect_moved_as_expected(decision):
        verdict = ""
    elif before == after:
        verdict = ": no measurable effect" + (" (nothing was waiting there)" if before == 0 else "")
    else:
        verdict = ": the opposite of what was expected"
    return f"{decision['effect_measure']}: {before:,.0f} then {after:,.0f} {window} later{verdict}"


def effect_moved_as_expected(decision: dict) -> bool:
    before, after = decision["effect_before"], decision["effect_after"]
    if decision["effect_expect"] == "up":
        return after > before
    return after < before


def outside_control(spec: DrillSpec, players_set_up: bool = False) -> dict[str, str]:
    """Objective -> why the table could not move it in this drill (only those it could not).
    `players_set_up`: players set the channels up (a drill played in a room)."""
    movable = {"channel_open"} if players_set_up else set()
    for inject in spec.injects:
        for option in inject.options:
            movable |= ACTION_OBJECTIVES[option.action]
    return {objective: f"outside the table's control in this drill: no option can move it; "
                       f"{MOVED_BY_THE_MODEL[objective]}"
            for objective in MOVED_BY_THE_MODEL if objective not in movable}
