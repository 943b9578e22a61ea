"""What the players of a drill played in a room did between the model's steps, kept so that
`rehearse drill SPEC --decisions FILE` replays it exactly.

A live drill advances the model in small `run_until` steps; a player's decision, action or
channel set-up happens between two of them, at the minute the clock showed: after every event
before that minute and before any event at it. Replayed with `call_first_at`, each lands in the
same place of the run, so the replay's `kpis.json` is the live drill's, byte for byte.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sim.drill.decisions_file import decisions_path
from sim.drill.spec import Option, StoreRole
from sim.engine.callbacks import call_first_at
from sim.scenario_loading import Problem, ScenarioError


@dataclass
class LiveEntries:
    """A live drill's log, read back: decisions taken after their inject (inject id ->
    (minute, choice, seq)), actions and channel set-ups in time order, and whether the players
    set the channels up (then the model waits for them, as it did live)."""

    later_decisions: dict[str, tuple[float, str, int]] = field(default_factory=dict)
    actions: list[dict] = field(default_factory=list)
    set_ups: list[dict] = field(default_factory=list)
    role_changes: list[dict] = field(default_factory=list)
    live: bool = False  # a live drill's log: the set-up waits for the players as it did live
    model_set_up_at_start: bool = False  # the command centre's role was left to the model


class PlayersSetUp:
    """The command centre's channel set-ups done by players: the model's set-up process waits
    on one event per lockdown, which a publish (or a hand-over to the model) succeeds."""

    def __init__(self, model, model_does_it: bool = False, opened=None):
        self.model = model
        self.model_does_it = model_does_it  # the role is left to the model: its own set-up, at once
        self.opened = opened  # told of each set-up the players are to do
        self.pending: dict[tuple[str, int], object] = {}
        model.command_centre.set_up_by_players = self.wait

    def wait(self, village):
        event = self.model.env.event()
        if self.model_does_it:
            return event.succeed(True)
        self.pending[(village.name, village.lock_epoch)] = event
        if self.opened is not None:
            self.opened(village)
        return event

    def publish(self, village_name: str, epoch: int, stores: dict[str, list[str]]) -> str:
        """The stores of each kind serve the village and its channels open now."""
        model = self.model
        village = model.villages[village_name]
        event = self.pending.pop((village_name, epoch))
        for kind, ids in stores.items():
            for store_id in ids:
                village.add_store(kind, model.stores_by_id[store_id])
        for kind in stores:
            village.open_channel(kind)
        event.succeed(False)
        picked = "; ".join(f"{kind}: {', '.join(ids)}" for kind, ids in stores.items())
        model.log_event("set_up", village_name, f"players published {village_name}'s channels ({picked})")
        return picked

    def hand_to_model(self, village_name: str, epoch: int) -> None:
        """The model's own set-up starts now for this lockdown."""
        self.pending.pop((village_name, epoch)).succeed(True)
        self.model.log_event("set_up", village_name, f"{village_name}'s set-up handed to the model")


def option_fields(option: Option) -> dict:
    """An option's action fields, as the live log keeps them."""
    fields = {}
    for name in ("village", "store_kind", "couriers", "store", "category", "units",
                 "orders_per_household_day", "from_village", "to_village", "volunteers", "supplier"):
        value = getattr(option, name)
        if value is not None:
            fields[name] = value.model_dump(exclude_none=True) if isinstance(value, StoreRole) else value
    return fields


def live_record(hook) -> dict | None:
    """The live part of decisions.json (None for a drill played at a terminal or by defaults)."""
    if hook.players_set_up is None:
        return None
    return {"model_set_up_at_start": hook.model_set_up_at_start, "role_changes": hook.role_changes,
            "actions": hook.actions, "channel_set_ups": hook.channel_set_ups}


def play_entries(hook, model, entries: LiveEntries) -> None:
    """Schedule a live drill's decisions, actions, set-ups and role changes at their minutes,
    in the order they happened (a replay)."""
    if not entries.live:
        return
    hook.model_set_up_at_start = entries.model_set_up_at_start
    set_up = hook.players_set_up = PlayersSetUp(model, entries.model_set_up_at_start)
    spec = hook.drill.spec
    planned = []  # (minute, seq, what to do)
    for change in entries.role_changes:
        def switch(_event, change=change):
            set_up.model_does_it = not change["played"]
            hook.role_changes.append(dict(change))
        planned.append((change["minute"], change.get("seq", 0), switch))
    for inject_id, (minute, choice, seq) in entries.later_decisions.items():
        inject = spec.inject(inject_id)

        def decide(_event, inject=inject, choice=choice):
            row = next(r for r in hook.timeline if r["inject"] == inject.id)
            hook.decide(model, inject, choice, "replay", row)
        planned.append((minute, seq, decide))
    for entry in entries.actions:
        option = Option(key="action", label=entry["label"], action=entry["action"], **entry["fields"])
        planned.append((entry["minute"], entry.get("seq", 0),
                        lambda _event, role=entry["role"], option=option: hook.act(model, role, option)))
    for entry in entries.set_ups:
        def do(_event, entry=entry):
            if entry["stores"] is None:
                set_up.hand_to_model(entry["village"], entry["epoch"])
            else:
                set_up.publish(entry["village"], entry["epoch"], entry["stores"])
            hook.channel_set_ups.append(dict(entry, by="replay"))
        planned.append((entry["minute"], entry.get("seq", 0), do))
    for minute, _, what in sorted(planned, key=lambda p: (p[0], p[1])):
        call_first_at(model.env, minute, what)


def read_live_entries(path, drill) -> LiveEntries:
    """The live part of a decisions file (empty for a drill played otherwise)."""
    path = decisions_path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    live = data.get("live") if isinstance(data, dict) else None
    entries = LiveEntries()
    if not live:
        return entries
    try:
        for d in data["decisions"]:
            if d.get("live"):
                entries.later_decisions[d["inject"]] = (float(d["minute"]), d["choice"], d.get("seq", 0))
        entries.actions = [a for a in live.get("actions", []) if a.get("acted") is not None]
        entries.set_ups = [s for s in live.get("channel_set_ups", []) if s.get("minute") is not None]
        entries.role_changes = [c for c in live.get("role_changes", []) if c.get("role") == "command_centre"]
        entries.model_set_up_at_start = bool(live.get("model_set_up_at_start"))
        entries.live = True
        for a in entries.actions:
            Option(key="action", label=a["label"], action=a["action"], **a["fields"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ScenarioError([Problem(str(path), None, "live", f"not a live drill's log: {exc}")]) from None
    return entries
