"""What the players of a drill played in a room did between the model's steps, kept so that
`rehearse drill SPEC --decisions FILE` replays it exactly.

A live drill advances the model in small `run_until` steps; a player's decision, action or
channel set-up happens between two of them, at the minute the clock showed: after every event
before that minute and before any event at it. Replayed with `call_first_at`, each lands in the
same place of the run, so the replay's `kpis.json` is the live drill's, byte for byte.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from sim.apps.drill.amount_bounds import amount_bounds, amount_problems
from sim.apps.drill.decisions_file import decisions_path
from sim.apps.drill.spec import Option, StoreRole
from sim.engine.callbacks import call_first_at
from sim.inputs.scenario_loading import Problem, ScenarioError


@dataclass
class LiveEntries:
    """A live drill's log, read back: decisions taken after their inject (inject id ->
    (minute, choice, seq)), actions and channel set-ups in time order, and whether the players
    set the channels up (then the model waits for them, as it did live)."""

    later_decisions: dict[str, tuple[float, str, int]] = field(default_factory=dict)
    actions: list[dict] = field(default_factory=list)
    set_ups: list[dict] = field(default_factory=list)
    role_changes: list[dict] = field(default_factory=list)
    evaluations: list[dict] = field(default_factory=list)  # evaluators' ratings: kept, they change nothing
    live: bool = False  # a live drill's log: the set-up waits for the players as it did live
    model_set_up_at_start: bool = False  # the command centre's role was left to the model
    model_takes_over_at: float | None = None  # a branch played at a terminal: nobody sets up after it
    chosen_at_branch: set[str] = field(default_factory=set)  # decisions the branch's alternative took

    def before(self, minute: float) -> LiveEntries:
        """What the players did before `minute`: a branch keeps the original's up to its time."""
        return LiveEntries(
            later_decisions={k: v for k, v in self.later_decisions.items() if v[0] < minute},
            actions=[a for a in self.actions if a["minute"] < minute],
            set_ups=[s for s in self.set_ups if s["minute"] < minute],
            role_changes=[c for c in self.role_changes if c["minute"] < minute],
            evaluations=[e for e in self.evaluations if e["minute"] < minute],
            live=self.live, model_set_up_at_start=self.model_set_up_at_start)

    @property
    def last_seq(self) -> int:
        """The highest sequence number in the log: what happens after it comes later."""
        seqs = [seq for _, _, seq in self.later_decisions.values()]
        seqs += [e.get("seq", 0) for e in (*self.actions, *self.set_ups, *self.role_changes, *self.evaluations)]
        return max(seqs, default=0)


class PlayersSetUp:
    """The command centre's channel set-ups done by players: the model's set-up process waits
    on one event per lockdown, which a publish (or a hand-over to the model) succeeds. The
    players' time is the channel's set-up time (`channel_open_minutes`); the model's coordinators,
    and so `coordinator_utilization`, count the model's own set-ups only."""

    def __init__(self, model, model_does_it: bool = False, opened=None):
        self.model = model
        self.model_does_it = model_does_it  # the role is left to the model: its own set-up, at once
        self.opened = opened  # told of each set-up the players are to do
        self.pending: dict[tuple[str, int], object] = {}
        model.command_centre.set_up_by_players = self.wait

    def wait(self, village):
        """The event the model's set-up of `village` waits on; None while the role is left to
        the model (then it starts at once, with no event more than a drill without players)."""
        if self.model_does_it:
            return None
        event = self.model.env.event()
        self.pending[(village.name, village.lock_epoch)] = event
        if self.opened is not None:
            self.opened(village)
        return event

    def publish(self, village_name: str, epoch: int, stores: dict[str, list[str]]) -> str:
        """The stores of each kind serve the village and its channels open now."""
        model = self.model
        village = model.villages[village_name]
        event = self._done(village_name, epoch)
        for kind, ids in stores.items():
            for store_id in ids:
                village.channels.add_store(kind, model.stores_by_id[store_id])
        for kind in stores:
            village.open_channel(kind)
        event.succeed(False)
        picked = "; ".join(f"{kind}: {', '.join(ids)}" for kind, ids in stores.items())
        model.log_event("set_up", village_name, f"players published {village_name}'s channels ({picked})")
        return picked

    def hand_to_model(self, village_name: str, epoch: int) -> None:
        """The model's own set-up starts now for this lockdown."""
        self._done(village_name, epoch).succeed(True)
        self.model.log_event("set_up", village_name, f"{village_name}'s set-up handed to the model")

    def _done(self, village_name: str, epoch: int):
        """The players are done with this set-up: its event."""
        return self.pending.pop((village_name, epoch))


def set_up_record(village: str, epoch: int, locked_minute: float, minute: float, wall_time: str,
                  stores: dict | None, by: str, stages: list, seq: int) -> dict:
    """A channel set-up as the live log keeps it (`stores` None: handed to the model)."""
    return {"village": village, "epoch": epoch, "locked_minute": locked_minute, "minute": minute,
            "wall_time": wall_time, "stores": stores, "by": by, "stages": stages,
            "minutes_taken": round(minute - locked_minute, 3), "seq": seq}


def model_takes_over(hook, model, seq: int) -> None:
    """From now on the model sets channels up (a branch played at a terminal, where nobody is
    in the command centre's page): set-ups still waiting for players are handed to it, and the
    log says so as a live drill's would, so the branch's own log replays it."""
    set_up = hook.players_set_up
    if set_up.model_does_it:
        return
    set_up.model_does_it = True
    hook.role_changes.append({"minute": model.env.now, "role": "command_centre", "played": False, "seq": seq})
    for village_name, epoch in sorted(set_up.pending):
        seq += 1
        set_up.hand_to_model(village_name, epoch)
        hook.channel_set_ups.append(set_up_record(village_name, epoch, model.villages[village_name].lock_minute,
                                                  model.env.now, "-", None, "model", [], seq))


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
            "actions": hook.actions, "channel_set_ups": hook.channel_set_ups, "evaluations": hook.evaluations}


def play_entries(hook, model, entries: LiveEntries, by: str = "replay") -> None:
    """Schedule a live drill's decisions, actions, set-ups and role changes at their minutes,
    in the order they happened (a replay, or a branch's part before its time: `by` says which).
    Each keeps its sequence number, so the log this run writes replays the same way."""
    if not entries.live:
        return
    hook.model_set_up_at_start = entries.model_set_up_at_start
    hook.evaluations.extend(dict(e) for e in entries.evaluations)
    if hook.players_set_up is None:
        hook.players_set_up = PlayersSetUp(model, entries.model_set_up_at_start)
    set_up = hook.players_set_up
    set_up.model_does_it = entries.model_set_up_at_start
    spec = hook.drill.spec
    planned = []  # (minute, seq, what to do)
    for change in entries.role_changes:
        def switch(_event, change=change):
            set_up.model_does_it = not change["played"]
            hook.role_changes.append(dict(change))
        planned.append((change["minute"], change.get("seq", 0), switch))
    for inject_id, (minute, choice, seq) in entries.later_decisions.items():
        inject = spec.inject(inject_id)

        def decide(_event, inject=inject, choice=choice, seq=seq):
            row = next(r for r in hook.timeline if r["inject"] == inject.id)
            who = "branch" if inject.id in entries.chosen_at_branch else by
            hook.decide(model, inject, choice, who, row, extra={"live": True, "seq": seq})
        planned.append((minute, seq, decide))
    for entry in entries.actions:
        option = recorded_option(entry)
        seq = entry.get("seq", 0)
        planned.append((entry["minute"], seq,
                        lambda _event, role=entry["role"], option=option, seq=seq:
                        hook.act(model, role, option, extra={"seq": seq})))
    for entry in entries.set_ups:
        def do(_event, entry=entry):
            if entry["stores"] is None:
                set_up.hand_to_model(entry["village"], entry["epoch"])
            else:
                set_up.publish(entry["village"], entry["epoch"], entry["stores"])
            hook.channel_set_ups.append(dict(entry, by=by))
        planned.append((entry["minute"], entry.get("seq", 0), do))
    if entries.model_takes_over_at is not None:
        seq = entries.last_seq + 1
        planned.append((entries.model_takes_over_at, seq,
                        lambda _event: model_takes_over(hook, model, seq)))
    for minute, _, what in sorted(planned, key=lambda p: (p[0], p[1])):
        call_first_at(model.env, minute, what)


def recorded_option(action: dict) -> Option:
    """The option a recorded action (a decisions file's or a journal's) replays: building it
    checks its fields as the room's page does (TypeError or ValueError if they are not)."""
    return Option(key="action", label=action["label"], action=action["action"], **action["fields"])


def read_live_entries(path, drill) -> LiveEntries:
    """The live part of a decisions file (empty for a drill played otherwise); an action's
    amount past what the scenario makes sensible is refused as the room refuses it."""
    path = decisions_path(path)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    live = data.get("live") if isinstance(data, dict) else None
    entries = LiveEntries()
    if not live:
        return entries
    too_much = amounts_out_of_range(str(path), text, live.get("actions"), drill)
    if too_much:
        raise ScenarioError(too_much)
    try:
        for d in data["decisions"]:
            if d.get("live"):
                entries.later_decisions[d["inject"]] = (float(d["minute"]), d["choice"], d.get("seq", 0))
        entries.actions = [a for a in live.get("actions", []) if a.get("acted") is not None]
        entries.set_ups = [s for s in live.get("channel_set_ups", []) if s.get("minute") is not None]
        entries.role_changes = [c for c in live.get("role_changes", []) if c.get("role") == "command_centre"]
        entries.model_set_up_at_start = bool(live.get("model_set_up_at_start"))
        entries.evaluations = [e for e in live.get("evaluations", []) if e.get("minute") is not None]
        entries.live = True
        for a in entries.actions:
            recorded_option(a)
    except (KeyError, TypeError, ValueError) as exc:
        raise ScenarioError([Problem(str(path), None, "live", f"not a live drill's log: {exc}")]) from None
    return entries


def amounts_out_of_range(name: str, text: str, actions, drill) -> list[Problem]:
    """Each amount of the players' actions in a decisions file (`live.actions[n].fields`) past
    its range (`amount_bounds.py`), located by entry and field, with what is allowed: a file
    edited by hand, or from an older version of the room, would otherwise whitelist a million
    couriers in the replay that the room refused."""
    if not isinstance(actions, list):
        return []
    scenario = drill.scenario
    bounds = amount_bounds(scenario)
    lines = text.splitlines()
    problems = []
    for n, action in enumerate(actions):
        fields = action.get("fields") if isinstance(action, dict) else None
        if not isinstance(fields, dict):
            continue
        for amount, why in amount_problems(fields, bounds, scenario):
            problems.append(Problem(name, _line_of(lines, amount, fields[amount], n, actions),
                                    f"live.actions[{n}].fields.{amount}", why))
    return problems


def _line_of(lines: list[str], amount: str, value, n: int, actions: list) -> int | None:
    """The line of the file where action `n`'s field `amount` holds `value`: the one after as
    many earlier lines with that field and value as earlier actions have."""
    earlier = sum(1 for a in actions[:n] if isinstance(a, dict) and isinstance(a.get("fields"), dict)
                  and a["fields"].get(amount) == value)
    pattern = re.compile(rf'"{re.escape(amount)}"\s*:\s*([^,}}\]\s]+)')
    for number, line in enumerate(lines, start=1):
        found = pattern.search(line)
        if found is None:
            continue
        try:
            same = json.loads(found[1]) == value
        except ValueError:
            same = False
        if same:
            if earlier == 0:
                return number
            earlier -= 1
    return None
