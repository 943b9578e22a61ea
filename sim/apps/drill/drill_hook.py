"""The drill's hook into a run (`DrillHook`, given to `run_to_folder`): the injects scheduled as
SimPy processes, a chooser at each decision point, the players' actions, and the drill's files
written after the run (the decisions, the after-action report). Ctrl-C during a drill raises
`DrillInterrupted`, which carries the hook so the decisions taken so far can be saved."""

from __future__ import annotations

from pathlib import Path

from sim.apps.drill.actions import DrillState, apply_action
from sim.apps.drill.decision_effects import finish, probe_for, watch
from sim.apps.drill.decisions_file import DECISIONS_FILE, write_decisions
from sim.apps.drill.effects import apply_inject
from sim.apps.drill.live_entries import LiveEntries, live_record, option_fields, play_entries
from sim.apps.drill.loading import Drill
from sim.apps.drill.option_checks import blocked_options, every_action_blocked
from sim.apps.drill.paused_work import count_paused_work
from sim.apps.drill.situation import situation
from sim.apps.drill.table_news import NewsSinceLastDecision, announce_inject
from sim.engine.callbacks import call_later


class DrillInterrupted(KeyboardInterrupt):
    """Ctrl-C during a drill: carries the hook, so the decisions taken so far can be saved."""

    def __init__(self, hook: "DrillHook"):
        super().__init__()
        self.hook = hook


class DrillHook:
    """Given to `run_to_folder`: schedules the injects, then writes the drill's files."""

    def __init__(self, drill: Drill, chooser, seed: int, branch=None, entries=None):
        self.drill = drill
        self.chooser = chooser
        self.seed = seed
        self.branch = branch  # sim.apps.drill.branch.Branch or None
        self.state = DrillState()
        self.timeline: list[dict] = []
        self.decisions: list[dict] = []
        self.news = NewsSinceLastDecision()
        self._probes: list[tuple[dict, object]] = []
        self.last_minute = 0.0  # of the last inject played, for a message on interrupt
        self.actions: list[dict] = []  # roles' actions outside decision points (a live drill)
        self.channel_set_ups: list[dict] = []  # set-ups the players did (a live drill)
        self.role_changes: list[dict] = []  # roles handed to the model or back (a live drill)
        self.evaluations: list[dict] = []  # evaluators' ratings and observations (a live drill)
        self.players_set_up = None  # a live drill's (or its replay's) PlayersSetUp
        self.model_set_up_at_start = False
        self.entries = entries if entries is not None else LiveEntries()
        self.speaker = drill.speaker  # what the table reads, in the drill's language
        # each decision compared with the same drill without it (shadow_runs.py): at the end of
        # the run ("at_end"), in the background once the run folder is written, or not at all
        self.shadows = "at_end"
        self.shadows_pending = False
        self.before_report = None  # called (hook, model, folder) before the after-action report

    def __call__(self, model) -> None:
        for inject in self.drill.injects_in_time_order():
            call_later(model.env, self.drill.inject_minutes[inject.id],
                       lambda _event, inject=inject: self._play(model, inject))
        play_entries(self, model, self.entries, by="replay" if self.branch is None else "original")

    def _tell(self, model, text: str) -> None:
        """The table hears `text` (only a chooser with a table at it has `hear`)."""
        hear = getattr(self.chooser, "hear", None)
        if hear is not None:
            hear(model.env.now, text)

    def _play(self, model, inject) -> None:
        """The inject happens now: its effect, and the table's decision if it asks for one."""
        self.last_minute = model.env.now
        effect = apply_inject(model, inject, self.state)
        model.log_event("inject", inject.target, f"[{inject.id}] {inject.message} | effect: {effect}")
        time = _clock(model, model.env.now)
        row = {"minute": model.env.now, "time": time, "inject": inject.id,
               "kind": inject.kind, "target": inject.target, "message": inject.message,
               "expected_action": inject.expected_action, "objective": inject.objective,
               "effect": effect, "decision": None, "choice": None, "by": None, "result": None}
        self.news.inject_happened(inject.id)
        self._tell(model, announce_inject(time, inject, self.speaker))
        self.timeline.append(row)
        if inject.decision is not None:
            self._tell(model, self.news.summary(model, time, self.speaker))
            self.decision_opened(model, inject, row)

    def decision_opened(self, model, inject, row: dict) -> None:
        """A decision point: the chooser answers now, unless a live drill's log says it was
        taken later (then `play_entries` takes it at its minute)."""
        if inject.id in self.entries.later_decisions:
            row.update(decision=inject.decision)
            return
        key, by = self.chooser.choose(inject, model.env.now, lambda: situation(model, inject))
        self.decide(model, inject, key, by, row)

    def decide(self, model, inject, key: str, by: str, row: dict, extra: dict | None = None) -> dict:
        """Carry out option `key` of `inject` now and record it (and the figure it should move)."""
        option = inject.option(key)
        blocked = blocked_options(model, inject)  # read before the action changes the town
        outcome = apply_action(model, option, self.state)
        model.log_event("decision", "command centre",
                        f"[{inject.id}] {option.label} ({by}) | result: {outcome.text}")
        sp = self.speaker
        self._tell(model, sp.tr("  decision: [{key}] {label} ({by})\n  result: {result}").format(
            key=key, label=sp.text(option, "label"), by=sp.say(by), result=sp.say(outcome.text)))
        row.update(decision=inject.decision, choice=key, choice_label=option.label, by=by,
                   result=outcome.text)
        decision = {"inject": inject.id, "time": _clock(model, model.env.now), "minute": model.env.now,
                    "choice": key, "action": option.action, "label": option.label,
                    "by": by, "result": outcome.text, "acted": outcome.acted,
                    "target": outcome.target, "target_serves_no_one": outcome.target_serves_no_one}
        if blocked:
            decision["options_blocked"] = blocked
            decision["every_option_blocked"] = every_action_blocked(inject, blocked)
        decision.update(extra or {})
        self.decisions.append(decision)
        self._watch(model, decision, option, outcome)
        return decision

    def _watch(self, model, record: dict, option, outcome) -> None:
        probe = probe_for(model, option, outcome)
        if probe is not None:
            self._probes.append((record, probe))
            model.env.process(watch(model, record, probe))

    def act(self, model, role: str, option, extra: dict | None = None) -> dict:
        """A role's action outside a decision point, now: carried out, logged and measured."""
        outcome = apply_action(model, option, self.state)
        who = role.replace("_", " ")
        model.log_event("action", who, f"{option.label} | result: {outcome.text}")
        record = {"minute": model.env.now, "time": _clock(model, model.env.now), "role": role,
                  "action": option.action, "fields": option_fields(option), "label": option.label,
                  "result": outcome.text, "acted": outcome.acted, "target": outcome.target,
                  "target_serves_no_one": outcome.target_serves_no_one}
        record.update(extra or {})
        self.actions.append(record)
        self._watch(model, record, option, outcome)
        return record

    def after(self, model, folder: Path) -> None:
        count_paused_work(self, model)  # before the report reads the channel-open figures
        for decision, probe in self._probes:
            finish(decision, probe, model)
        write_decisions(folder / DECISIONS_FILE, self.drill, self.seed, self.decisions,
                        live_record(self))

    def report_sections(self, model, folder: Path) -> dict:
        from sim.apps.drill.after_action import write_after_action

        if self.before_report is not None:  # the shadow runs, set by `run_drill` (runner.py)
            self.before_report(self, model, folder)
        self.shadows_pending = self.shadows == "background"
        self.model_at_end = model  # the background shadows compare with it
        sections = write_after_action(self, model, folder)
        marks = [(row["minute"], row["inject"]) for row in self.timeline]
        title = self.speaker.tr("Drill report: {name}").format(name=self.drill.name)
        return {"sections": sections, "marks": marks, "title": title}


def _clock(model, minute: float) -> str:
    return model.clock.to_datetime(minute).strftime("%Y-%m-%d %H:%M")
