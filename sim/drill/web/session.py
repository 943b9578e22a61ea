"""A drill played in a room: the model on the wall clock, and what the players do to it.

The model advances at `speed` times wall time in small `run_until` steps (the pacing thread
asks for the minutes that passed, a few times a second). Between two steps a player may decide,
act or set a village's channels up; it happens at the minute the clock shows and is kept with
who did it and the wall time, so the drill's `decisions.json` replays it exactly. A decision
point waits for its role until its deadline (`[web] decision_minutes`), then takes its default
and the log says so. Reports reach the roles late: the stores' stock as of the last stock report,
the couriers as of the last roll call (`[web]`), taken at their minutes.

Every public method takes the session's lock: the web server's requests and the pacing thread
take turns with the model.
"""

from __future__ import annotations

import math
from pathlib import Path

from pydantic import ValidationError

from sim.drill.branch import Branch
from sim.drill.choosers import BranchChooser, DefaultChooser
from sim.drill.judgement import Label
from sim.drill.live_entries import PlayersSetUp
from sim.drill.loading import Drill
from sim.drill.runner import DrillHook
from sim.drill.spec import Inject, Option
from sim.drill.web.channel_set_up import ChannelSetUps
from sim.drill.web.journal import Journal
from sim.drill.web.paced_model import DrillStopped, PacedModel
from sim.drill.web.refused import Refused
from sim.drill.web.reports import live_figures, roll_call, stock_report
from sim.drill.web.roles import ACTION_TITLES, FIELD_WORDS, TITLES
from sim.drill.web.room import Room
from sim.episode import run_to_folder
from sim.phrase import Phrase, Phrases

__all__ = ["LiveDrill", "Refused", "DrillStopped"]


class LiveHook(DrillHook):
    """The drill hook of a live drill: a decision point opens for its role instead of asking a
    chooser (a role left to the model takes the default at once)."""

    def __init__(self, drill: Drill, seed: int, session: LiveDrill, branch: Branch | None = None):
        if branch is None:
            super().__init__(drill, DefaultChooser(), seed)
        else:  # the original's decisions before the branch time; the room's from then on
            super().__init__(drill, BranchChooser(branch.original_choices, {}, branch.from_minute), seed,
                             branch, branch.entries)
        self.session = session

    def __call__(self, model) -> None:
        # a branch of a drill played at a terminal: the model set channels up before its time
        of_terminal_drill = self.branch is not None and not self.branch.of_live_drill
        self.model_set_up_at_start = "command_centre" in self.session.model_roles or of_terminal_drill
        self.players_set_up = PlayersSetUp(model, self.model_set_up_at_start, self.session.channel_set_up.opened)
        super().__call__(model)  # a branch: the original's log before its time, on the same set-up

    def _play(self, model, inject) -> None:
        super()._play(model, inject)
        self.session.journal.heard(inject, self.timeline[-1])

    def decision_opened(self, model, inject, row: dict) -> None:
        if self.branch is not None and model.env.now < self.branch.from_minute and (
                inject.id in self.entries.later_decisions or inject.id in self.branch.original_choices):
            super().decision_opened(model, inject, row)  # as in the original, before the room takes over
            return
        if inject.recipient in self.session.model_roles:
            self.decide(model, inject, inject.default_option, "default (role left to the model)", row)
            return
        self.session.open_decision(inject, row)


def _part(part: str, name: str) -> property:
    """An attribute of one of the session's parts, read through the session (the server, the
    views and the tests read the session)."""
    return property(lambda self: getattr(getattr(self, part), name))


class LiveDrill:
    """A drill played in a room, as the server sees it: the paced model (`paced`), the
    decisions, actions and set-ups of the roles."""

    def __init__(self, drill: Drill, out: Path, seed: int | None = None, speed: float | None = None,
                 model_roles=None, overwrite: bool = False, step_seconds: float = 0.25,
                 branch: Branch | None = None):
        """`branch`: pick up a drill already played (`sim.drill.branch.Branch`) at its time: the
        model runs the original's decisions, actions and set-ups up to it, then the room plays."""
        self.drill = drill
        self.seed = drill.seed if seed is None else seed
        self.out = Path(out)
        self.overwrite = overwrite
        web = drill.spec.web
        self.web = web
        self.paced = PacedModel(self._run_model, speed if speed is not None else web.speed, self, step_seconds)
        self.room = Room(web.model_roles if model_roles is None else model_roles)
        self.branch = branch
        self.hook = LiveHook(drill, self.seed, self, branch)
        self.speaker = drill.speaker  # what the pages say, in the drill's language
        self.journal = Journal(self.paced, 0 if branch is None else branch.entries.last_seq)
        self.channel_set_up = ChannelSetUps(self.paced, self.hook, self.journal)
        self.pending: dict[str, dict] = {}  # inject id -> the open decision
        self.chart: list[dict] = []  # the facilitator's figures, once per reporting tick
        self.reports: dict[str, dict] = {}
        self._next_report = {"stock": 0.0, "roll_call": 0.0}

    lock = _part("paced", "lock")
    model = _part("paced", "model")
    playing = _part("paced", "playing")
    speed = _part("paced", "speed")
    ready = _part("paced", "ready")
    done = _part("paced", "done")
    error = _part("paced", "error")
    folder = _part("paced", "folder")
    kpis = _part("paced", "kpis")
    tokens = _part("room", "tokens")
    model_roles = _part("room", "model_roles")
    set_ups = _part("channel_set_up", "waiting")
    messages = _part("journal", "messages")
    log = _part("journal", "log")

    def role_of(self, token: str | None) -> str | None:
        """The role whose token this is, else None."""
        return self.room.role_of(token)

    # --- the paced model -------------------------------------------------------------------
    def _run_model(self, drive) -> tuple[dict, Path]:
        return run_to_folder(self.drill.scenario, self.seed, None, self.out, overwrite=self.overwrite,
                             progress=False, model_hook=self.hook, drive=drive, lang=self.drill.lang)

    def start(self) -> None:
        """Build the model and start the pacing thread (paused); returns when the model is ready."""
        self.paced.start()

    def stop(self) -> None:
        self.paced.stop()

    def advance(self, minutes: float) -> None:
        """Run the model `minutes` of simulated time on (to the horizon at most)."""
        self.paced.advance(minutes)

    def advance_to(self, target: float) -> None:
        """Run the model to minute `target` (see `stop_minutes`)."""
        self.paced.advance_to(target)

    def begin(self) -> None:
        """The model is built: the first reports, and a branch run to its time."""
        self._boundary()
        if self.branch is not None:
            self.advance_to(self.branch.from_minute)
            self._picked_up()

    def stop_minutes(self, now: float) -> list[float]:
        """A step stops at every report and deadline, and is never longer than a decision's
        time (so no deadline is passed)."""
        return [now + self.web.decision_minutes, *self._next_report.values(),
                *(d["deadline"] for d in self.pending.values())]

    def after_step(self, ticked: bool) -> None:
        if ticked:
            self.chart.append(live_figures(self.model))
        self._boundary()

    def _boundary(self) -> None:
        """Reports whose minute has come, and decisions whose deadline has passed."""
        model = self.model
        now = model.env.now
        if now >= self._next_report["stock"]:
            self.reports["stock"] = stock_report(model)
            self._next_report["stock"] = now + self.web.stock_report_minutes
        if now >= self._next_report["roll_call"]:
            self.reports["roll_call"] = roll_call(model)
            self._next_report["roll_call"] = now + self.web.roll_call_minutes
        for pending in list(self.pending.values()):
            if pending["deadline"] <= now:
                inject = pending["inject"]
                self._decide(inject, inject.default_option, "default (deadline passed)", pending["role"])

    def _picked_up(self) -> None:
        """The room takes over a branch at its time: set-ups the original's log finished are no
        longer waiting, the command centre is played as this drill says, and the log says where
        the drill was picked up."""
        branch, set_up = self.branch, self.hook.players_set_up
        self.channel_set_up.keep_only_unfinished()
        played = "command_centre" not in self.model_roles
        if set_up.model_does_it == played:
            self.set_played("command_centre", played)
        entries = branch.entries
        self.journal.record("facilitator", Phrase(
            "picked up from {folder} at {time}: the original's decisions before it ({decisions}), its actions "
            "({actions}) and channel set-ups ({set_ups}) replayed", folder=str(branch.original_folder),
            time=self.journal.now()[1], decisions=len(self.hook.decisions), actions=len(entries.actions),
            set_ups=len(entries.set_ups)), kind="branch")

    # --- the facilitator's clock ------------------------------------------------------------
    def play(self) -> None:
        self.paced.play()

    def pause(self) -> None:
        self.paced.pause()

    def set_speed(self, speed: float) -> None:
        self.paced.set_speed(speed)

    def next_inject(self) -> Inject | None:
        with self.lock:
            now = self.model.env.now if self.model is not None else 0.0
            for inject in self.drill.injects_in_time_order():
                if self.drill.inject_minutes[inject.id] >= now and not self._played(inject.id):
                    return inject
            return None

    def _played(self, inject_id: str) -> bool:
        return any(row["inject"] == inject_id for row in self.hook.timeline)

    def jump_to_next_inject(self) -> str:
        """Run the model on until the next inject has happened."""
        with self.lock:
            inject = self.next_inject()
            if inject is None:
                raise Refused(Phrase("no inject is left to play"))
            # just past its minute: the inject has happened, nothing else at that minute has
            self.advance_to(math.nextafter(self.drill.inject_minutes[inject.id], math.inf))
            return inject.id

    def set_played(self, role: str, played: bool) -> None:
        """The facilitator leaves a role to the model (`played` False) or gives it back."""
        with self.lock:
            self.room.set_played(role, played)
            title = Phrase(TITLES[role])
            self.journal.record("facilitator", Phrase("{role} played by people", role=title) if played else
                         Phrase("{role} left to the model", role=title))
            if role == "command_centre":
                self.channel_set_up.command_centre_played(played)
            if not played:
                for pending in [p for p in self.pending.values() if p["role"] == role]:
                    inject = pending["inject"]
                    self._decide(inject, inject.default_option, "default (role left to the model)", role)

    # --- what happens in the model ----------------------------------------------------------
    def open_decision(self, inject: Inject, row: dict) -> None:
        now = self.model.env.now
        self.pending[inject.id] = {"inject": inject, "row": row, "role": inject.recipient,
                                   "opened": now, "deadline": now + self.web.decision_minutes}

    # --- the players -------------------------------------------------------------------------
    def decide(self, role: str, inject_id: str, key: str) -> dict:
        with self.lock:
            self.paced.check_running()
            pending = self.pending.get(inject_id)
            if pending is None:
                raise Refused(Phrase("no decision is open for {inject!r}; open: {open}", inject=inject_id,
                                     open=", ".join(self.pending) or Phrase("none")))
            self.room.check_may_decide(role, pending["role"], inject_id)
            keys = [o.key for o in pending["inject"].options]
            if key not in keys:
                raise Refused(Phrase("{key!r} is not an option; allowed: {keys}", key=key, keys=", ".join(keys)))
            return self._decide(pending["inject"], key, TITLES[role].lower(), role)

    def _decide(self, inject: Inject, key: str, by: str, role: str) -> dict:
        pending = self.pending.pop(inject.id)
        minute, _, wall = self.journal.now()
        record = self.hook.decide(self.model, inject, key, by, pending["row"],
                                  extra={"live": True, "role": role, "inject_minute": pending["opened"],
                                         "wall_time": wall, "seq": self.journal.seq()})
        self.journal.record(role, Phrase("decision [{inject}]: {label} ({by})", inject=inject.id,
                                  label=Label(inject.option(key), record["label"]), by=by),
                     result=record["result"], kind="decision")
        return record

    def act(self, role: str, action: str, fields: dict) -> dict:
        """A role's action from its menu, now."""
        with self.lock:
            self.paced.check_running()
            self.room.check_may_act(role, action)
            option = self._option(role, action, fields)
            _, _, wall = self.journal.now()
            record = self.hook.act(self.model, role, option, extra={"wall_time": wall, "seq": self.journal.seq()})
            self.journal.record(role, option.label, result=record["result"], kind="action")
            return record

    def _option(self, role: str, action: str, fields: dict) -> Option:
        model = self.model
        clean = {k: v for k, v in (fields or {}).items() if v not in (None, "")}
        try:
            option = Option(key="action", label=ACTION_TITLES[action], action=action, **clean)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "action"
            raise Refused(f"{where}: {first['msg'].removeprefix('Value error, ')}") from None  # pydantic's own words
        known = {"village": list(model.villages), "from_village": list(model.villages),
                 "to_village": list(model.villages), "supplier": list(model.suppliers_by_name),
                 "store_kind": list(model.goods.kinds), "store": list(model.stores_by_id)}
        for name, allowed in known.items():
            value = getattr(option, name)
            if value is not None and value not in allowed:
                raise Refused(Phrase("{field}: unknown {value!r}; allowed: {allowed}", field=name, value=value,
                                     allowed=", ".join(map(str, allowed[:20]))))
        if option.category is not None:
            sells = model.goods.sells[model.stores_by_id[option.store].kind]
            if option.category not in sells:
                raise Refused(Phrase("category: {store} does not sell {category!r}; allowed: {allowed}",
                                     store=option.store, category=option.category, allowed=", ".join(sells)))
            if role == "urgent_desk" and option.category != model.goods.medicine:
                raise Refused(Phrase("category: the urgent-medicine desk orders {medicine!r} only",
                                     medicine=model.goods.medicine))
        fields = Phrases([Phrase("{field} {value}", field=Phrase(FIELD_WORDS[k]),
                                 value=v if isinstance(v, str) else f"{v}") for k, v in clean.items()], ", ")
        return option.model_copy(update={"label": Phrase("{action}: {fields}", action=Phrase(ACTION_TITLES[action]),
                                                         fields=fields)})

    # --- the command centre's set-up ---------------------------------------------------------
    def set_up(self, role: str, village: str, epoch: int, stage: str, stores: dict | None = None) -> dict:
        """One step of a village's channel set-up in the command centre's page: `groups` (the
        volunteer and supply groups are set up), `stores` (the stores of each standard kind
        picked from the ledger), `confirm` (the stores confirmed), `publish` (channels open now)."""
        with self.lock:
            self.paced.check_running()
            self.room.check_may_set_up(role)
            return self.channel_set_up.step(village, epoch, stage, stores)
