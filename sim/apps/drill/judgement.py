"""Judge each decision and say which objectives the table could move at all.

A decision is a strength only when it did what its inject expected and made an objective's
figure better than in the same drill without it (a shadow run, `shadow_runs.py`; before that
has run, when the figure it should move moved the expected way). Choosing `none` where action
was expected, an action the inject did not expect, one that could not act, one sent to a store
that serves no one, and one with no measurable effect or the opposite effect are areas for
improvement.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.apps.drill.spec import DrillSpec, Inject
from sim.apps.drill.what_changed import shadow_effect_text, shadow_verdict
from sim.core.i18n import N_, language_of
from sim.core.phrase import Phrase, Phrases

# what each action can move; an objective no option can move is outside the table's control
ACTION_OBJECTIVES = {
    "activate_reserve_store": {"fill_rate", "lead_time"}, "whitelist_couriers": {"lead_time"},
    "release_depot_stock": {"fill_rate"}, "cap_orders": {"fill_rate", "lead_time"},
    "move_volunteers": {"lead_time"}, "order_from_supplier": {"fill_rate"}, "none": set(),
}
# who moves an objective when no decision in the drill can
MOVED_BY_THE_MODEL = {
    "channel_open": N_("the command centre agent sets up every village's channels itself"),
    "urgent_pickup": N_("the model's urgent-needs staff answer every call"),
    "fill_rate": N_("stores, suppliers and the overnight orders of the model"),
    "lead_time": N_("the model's pickers, couriers and gate volunteers"),
}
OWNER = N_("town alliance command centre")
PLANNER = N_("exercise planner (the drill file)")


@dataclass
class Verdict:
    strength: bool
    text: Phrase
    action: str = ""  # for an area: what to do before the next drill (a catalogue message)
    owner: str = OWNER  # who does it: the table's command centre, or whoever writes the drill


def judge_decision(decision: dict, inject: Inject) -> Verdict | None:
    """The verdict on one decision (its text starts "chose ..."); None for a `none` the
    inject expected (nothing to say). The label and the expected action are the inject's own
    option (`label_key`) and text, so a report says them in its language."""
    head = Phrase("chose '{label}'", label=_label(decision, inject))
    if decision.get("every_option_blocked"):
        reasons = Phrases([Phrase("{key}: {why}", key=key, why=why)
                           for key, why in decision["options_blocked"].items()])
        return Verdict(False, Phrase("{head}; no option of this decision could act then, so the table is "
                                     "not judged on it ({reasons})", head=head, reasons=reasons),
                       N_("Give the decision an option that can act at its time, or move the inject "
                          "(rehearse drill --check lists options that cannot act)"), PLANNER)
    expected_text = Expected(inject)
    expected = inject.expected_actions
    if decision["action"] == "none":
        if expected is not None and "none" in expected:
            return None
        return Verdict(False, Phrase("{head}, doing nothing where the inject expected: {expected}", head=head,
                                     expected=expected_text),
                       N_("Rehearse this inject's expected action; decide to act unless the figures say otherwise"))
    if expected is not None and decision["action"] not in expected:
        return Verdict(False, Phrase("{head} ({action}); the inject expected: {expected}", head=head,
                                     action=Phrase(decision["action"].replace("_", " ")), expected=expected_text),
                       N_("Go through the inject's expected action before choosing"))
    if not decision["acted"]:
        return Verdict(False, Phrase("{head}, which did nothing: {result}", head=head, result=decision["result"]),
                       N_("Check the ledger and stocks before choosing; keep a reserve list per village"))
    if decision.get("target_serves_no_one"):
        return Verdict(False, Phrase("{head}: {result}", head=head, result=decision["result"]),
                       N_("Name the store by role (the busiest store serving the village) or check whom it serves"))
    shadow = shadow_verdict(decision)
    if shadow is not None:
        return shadow_judged(decision, head)
    effect = measured_effect_text(decision)
    if effect is None:
        return Verdict(True, Phrase("{head}: {result}", head=head, result=decision["result"]))
    said = Phrase("{head}: {result}; {effect}", head=head, result=decision["result"], effect=effect)
    if effect_moved_as_expected(decision):
        return Verdict(True, said)
    return Verdict(False, said, N_("Check where the bottleneck is before choosing; choose the action that moves it"))


def shadow_judged(record: dict, head: str) -> Verdict:
    """A decision or action judged by what it changed against the same drill without it: a
    strength when an objective's figure is better by more than its indifference and none worse."""
    said = Phrase("{head}: {result}; {effect}", head=head, result=record["result"], effect=shadow_effect_text(record))
    verdict = shadow_verdict(record)
    if verdict == "better":
        return Verdict(True, said)
    if verdict == "none":
        return Verdict(False, said, N_("Check where the bottleneck is before choosing; "
                                       "choose the action that moves it"))
    return Verdict(False, said, N_("Find out why the action made an objective worse before using it again"))


class Expected(Phrase):
    """An inject's expected action: English as the file wrote it, said again as the file wrote
    it in the reader's language (`expected_action_zh`, ...)."""

    def __new__(cls, inject: Inject):
        text = str.__new__(cls, inject.expected_action)
        text.message, text.values, text.inject = inject.expected_action, {}, inject
        return text

    def said(self, tr, show=str) -> str:
        return written_in(self.inject, "expected_action", tr)


class Label(Phrase):
    """An option's label as the file wrote it, and in the reader's language (`label_zh`, ...)."""

    def __new__(cls, option, text: str):
        made = str.__new__(cls, text)
        made.message, made.values, made.option = text, {}, option
        return made

    def said(self, tr, show=str) -> str:
        return written_in(self.option, "label", tr)


def written_in(entity, field: str, tr) -> str:
    """The file's text of `field` in the language of `tr` (`sim.core.i18n.language_of`)."""
    from sim.core.display_names import text_in

    return text_in(entity, field, language_of(tr))


def _label(decision: dict, inject: Inject):
    """The decision's label, as the reader's language has it when it is the inject's option."""
    try:
        option = inject.option(decision["choice"])
    except KeyError:
        return decision["label"]
    return Label(option, decision["label"]) if option.label == decision["label"] else decision["label"]


def measured_effect_text(decision: dict) -> str | None:
    if decision.get("effect_measure") is None:
        return None
    before, after = decision["effect_before"], decision["effect_after"]
    window = Phrase("{hours:g} h", hours=decision["effect_window_hours"])
    measure = decision["effect_measure"]
    if decision["effect_expect"] == "up":
        if effect_moved_as_expected(decision):
            return Phrase("{measure} in the {window} after: {change:,.0f}", measure=measure, window=window,
                          change=after - before)
        return Phrase("{measure} in the {window} after: {change:,.0f}: no measurable effect", measure=measure,
                      window=window, change=after - before)
    values = {"measure": measure, "before": before, "after": after, "window": window}
    if effect_moved_as_expected(decision):
        return Phrase("{measure}: {before:,.0f} then {after:,.0f} {window} later", **values)
    if before == after and before == 0:
        return Phrase("{measure}: {before:,.0f} then {after:,.0f} {window} later: no measurable effect "
                      "(nothing was waiting there)", **values)
    if before == after:
        return Phrase("{measure}: {before:,.0f} then {after:,.0f} {window} later: no measurable effect", **values)
    return Phrase("{measure}: {before:,.0f} then {after:,.0f} {window} later: the opposite of what was expected",
                  **values)


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
    return {objective: Phrase("outside the table's control in this drill: no option can move it; {who}",
                              who=Phrase(MOVED_BY_THE_MODEL[objective]))
            for objective in MOVED_BY_THE_MODEL if objective not in movable}
