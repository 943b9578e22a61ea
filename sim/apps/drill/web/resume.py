"""A stopped drill picked up from its journal (`rehearse drill SPEC --web --resume FOLDER`).

The model has replayed the journal to its last entry (`run_journal.resume_branch`); this puts
the room back as it was then: who decided what (the replay says "original"), the speeds, the
roles left to the model, the clock's log for the report, set-ups already done no longer
waiting, and the paused-time counter where the journal left it (a set-up open at the stop is
timed with the wall minutes paused before it and after the resume). The room starts paused; the
facilitator presses Play."""

from __future__ import annotations

from sim.apps.drill.web.evaluation import evaluation_line
from sim.apps.drill.web.run_journal import paused_seconds_in
from sim.core.phrase import Phrase

KEPT_FIELDS = ("by", "role", "wall_time", "live", "inject_minute", "paused_wall_minutes")


def resume_room(session, entries: list[dict]) -> None:
    hook = session.hook
    carried = paused_seconds_in(entries)
    session.paced.carry_on_paused(carried)
    decided = {e["inject"]: e for e in entries if e["kind"] == "decision"}
    for record in hook.decisions:
        _keep(record, decided.get(record["inject"]))
    set_ups = {(e["village"], e["epoch"]): e for e in entries if e["kind"] == "set_up"}
    for record in hook.channel_set_ups:
        _keep(record, set_ups.get((record["village"], record["epoch"])))
    hook.clock_actions = [{k: v for k, v in e.items() if k != "kind"} for e in entries if e["kind"] == "clock"]
    if hook.clock_actions:
        last = hook.clock_actions[-1]
        session.clock.speed, session.clock.speed_while_open = last["speed"], last["speed_while_open"]
        session.paced.speed = last["speed"]
    roles = [e for e in entries if e["kind"] == "roles"]
    if roles:
        session.room.model_roles = set(roles[-1]["model_roles"])
    session.channel_set_up.keep_only_unfinished()
    opened = {(e["village"], e["epoch"]): e["paused_seconds_at_open"] for e in entries if e["kind"] == "set_up_open"}
    for key, set_up in session.channel_set_up.waiting.items():  # a journal without it: counted from now
        set_up["paused_seconds_at_open"] = opened.get(key, carried)
    session.journal.log.extend(_log_lines(entries))
    session.hook.branch = None  # a resumed drill is the same drill, not a branch of it
    session.saved.skip_to(hook)
    _, time, wall = session.journal.now()
    session.saved.append("resume", {"minute": session.model.env.now, "time": time, "wall_time": wall})
    session.journal.record("facilitator", Phrase(
        "resumed from the journal at {time}: {decisions} decisions, {actions} actions and {set_ups} channel "
        "set-ups replayed; the clock is paused", time=time, decisions=len(hook.decisions),
        actions=len(hook.actions), set_ups=len(hook.channel_set_ups)), kind="resume")


def _log_lines(entries: list[dict]) -> list[dict]:
    """The log the pages showed before the stop, from the journal (decisions, actions, clock,
    evaluators' ratings)."""
    from sim.apps.drill.clock_log import clock_text

    lines = []
    for e in entries:
        if e["kind"] == "decision":
            text = Phrase("decision [{inject}]: {label} ({by})", inject=e["inject"], label=e["label"], by=e["by"])
        elif e["kind"] == "action":
            text = e["label"]
        elif e["kind"] == "clock":
            text = clock_text(e)
        elif e["kind"] == "evaluation":
            text = evaluation_line(e)
        else:
            continue
        lines.append({"minute": e["minute"], "time": e.get("time", "-"), "wall_time": e.get("wall_time", "-"),
                      "role": e.get("role") or "facilitator", "text": text, "kind": e["kind"],
                      "result": e.get("observation") if e["kind"] == "evaluation" else e.get("result")})
    return lines


def _keep(record: dict, journaled: dict | None) -> None:
    """The journal's word on who did it and when, over the replay's."""
    if journaled is not None:
        record.update({k: journaled[k] for k in KEPT_FIELDS if k in journaled})
