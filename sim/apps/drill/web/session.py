"""A drill played in a room, as the web server sees it: one object that puts the parts together
and takes the lock for each request, so the server asks one thing and the parts stay apart.

The parts, each in its module: the model paced by the wall clock (`paced_model.py`), the room's
tokens and who may do what (`room.py`), the injects played and the next one (`live_hook.py`),
the decisions waiting for their role until a deadline (`open_decisions.py`), a role's action
from its form (`action_form.py`), the players' channel set-up (`channel_set_up.py`), the reports
the players see late and the facilitator's chart (`reports.py`), and the journal of all of it
(`journal.py`). What the players do happens between two of the model's steps, at the minute the
clock shows, so the drill's `decisions.json` replays it exactly.

Every public method takes the session's lock: the web server's requests and the pacing thread
take turns with the model.
"""

from __future__ import annotations

import math
from pathlib import Path

from sim.apps.drill.branch import Branch
from sim.apps.drill.clock_log import clock_entry, clock_text
from sim.apps.drill.loading import Drill
from sim.apps.drill.shadow_background import start_shadows
from sim.apps.drill.spec import Inject
from sim.apps.drill.web.action_form import action_option
from sim.apps.drill.web.channel_set_up import ChannelSetUps
from sim.apps.drill.web.evaluation import checked_evaluation, evaluation_line
from sim.apps.drill.web.journal import Journal
from sim.apps.drill.web.live_hook import LiveHook
from sim.apps.drill.web.open_decisions import OpenDecisions
from sim.apps.drill.web.paced_model import DrillStopped, PacedModel
from sim.apps.drill.web.refused import Refused
from sim.apps.drill.web.reports import FiguresTaken
from sim.apps.drill.web.resume import resume_room
from sim.apps.drill.web.roles import TITLES
from sim.apps.drill.web.room import Room
from sim.apps.drill.web.room_clock import RoomClock, check_may_skip, check_speed, open_things
from sim.apps.drill.web.run_journal import RunJournal
from sim.apps.episode import run_to_folder
from sim.core.phrase import Phrase

__all__ = ["LiveDrill", "Refused", "DrillStopped"]


def _part(part: str, name: str) -> property:
    """An attribute of one of the session's parts, read through the session (the server, the
    views and the tests read the session)."""
    return property(lambda self: getattr(getattr(self, part), name))


class LiveDrill:
    def __init__(self, drill: Drill, out: Path, seed: int | None = None, speed: float | None = None,
                 model_roles=None, overwrite: bool = False, step_seconds: float = 0.25,
                 branch: Branch | None = None, saved: RunJournal | None = None,
                 resumed: list[dict] | None = None, tokens: dict | None = None):
        """`branch`: pick up a drill already played (`sim.apps.drill.branch.Branch`) at its time: the
        model runs the original's decisions, actions and set-ups up to it, then the room plays.
        `saved`: the journal file everything is appended to as it happens (`run_journal.py`);
        `resumed`: its entries, when this session picks a stopped drill up (`branch` is then
        the journal replayed to its last entry), with the room's `tokens` kept."""
        self.drill = drill
        self.seed = drill.seed if seed is None else seed
        self.out = Path(out)
        self.overwrite = overwrite
        self.web = web = drill.spec.web
        self.branch = branch
        self.speaker = drill.speaker  # what the pages say, in the drill's language
        self.clock = RoomClock(speed if speed is not None else web.speed, web.speed_while_open)
        self.paced = PacedModel(self._run_model, self.clock.speed, self, step_seconds)
        self.paced.speed_now = lambda: self.clock.speed_now(self.something_open())
        self.room = Room(web.model_roles if model_roles is None else model_roles, tokens)
        self.journal = Journal(self.paced, 0 if branch is None else branch.entries.last_seq)
        self.hook = LiveHook(drill, self.seed, self.room, self.journal, branch)
        self.resumed = resumed
        self.saved = saved
        self.open_decisions = OpenDecisions(self.paced, self.hook, self.journal, web.decision_minutes)
        self.channel_set_up = ChannelSetUps(self.paced, self.hook, self.journal)
        self.hook.connect(self.open_decisions.open, self.channel_set_up.opened)
        self.figures = FiguresTaken(web)

    lock = _part("paced", "lock")
    model = _part("paced", "model")
    playing = _part("paced", "playing")
    speed = _part("clock", "speed")
    speed_while_open = _part("clock", "speed_while_open")
    ready = _part("paced", "ready")
    done = _part("paced", "done")
    error = _part("paced", "error")
    folder = _part("paced", "folder")
    kpis = _part("paced", "kpis")
    tokens = _part("room", "tokens")
    model_roles = _part("room", "model_roles")
    pending = _part("open_decisions", "pending")
    set_ups = _part("channel_set_up", "waiting")
    messages = _part("journal", "messages")
    log = _part("journal", "log")
    reports = _part("figures", "reports")
    chart = _part("figures", "chart")

    @property
    def saved(self) -> RunJournal | None:
        """The journal file, or None for a drill not saved as it goes."""
        return self._saved

    @saved.setter
    def saved(self, journal: RunJournal | None) -> None:
        """The hook appends to it too, and each entry carries the paused-time counter."""
        self._saved = self.hook.saved = journal
        if journal is not None:
            journal.paused_seconds = self.paced.paused_wall_seconds

    def role_of(self, token: str | None) -> str | None:
        """The role whose token this is, else None."""
        return self.room.role_of(token)

    # --- the paced model -------------------------------------------------------------------
    def _run_model(self, drive) -> tuple[dict, Path]:
        # a saved drill's folder holds its journal from the start: the finished run replaces it
        overwrite = self.overwrite or self.saved is not None
        kpis, folder = run_to_folder(self.drill.scenario, self.seed, None, self.out, overwrite=overwrite,
                                     progress=False, model_hook=self.hook, drive=drive, lang=self.drill.lang)
        start_shadows(self.hook, folder)  # what each decision changed, worked out while the pages answer
        return kpis, folder

    def start(self) -> None:
        """Build the model and start the pacing thread (paused); returns when the model is ready."""
        self.paced.start()

    def stop(self) -> None:
        self.paced.stop()

    def advance(self, minutes: float) -> None:
        """Run the model `minutes` of simulated time on (to the horizon at most)."""
        self.paced.advance(minutes)

    def advance_to(self, target: float) -> None:
        """Run the model to minute `target` (the steps stop where `stop_minutes` says)."""
        self.paced.advance_to(target)

    def begin(self) -> None:
        """The model is built: the first reports, and a branch run to its time."""
        self._boundary()
        if self.branch is not None:
            self.advance_to(self.branch.from_minute)
            if self.resumed is not None:
                resume_room(self, self.resumed)
            else:
                self._picked_up()
        self.save()

    def save(self) -> None:
        """Append what happened since the last call to the journal file (under the lock); a
        resumed drill's replay is in it already."""
        if self.saved is not None and not (self.resumed is not None and self.saved.counts["resume"] == 0):
            self.saved.catch_up(self.hook)

    def stop_minutes(self, now: float) -> list[float]:
        """A step stops at every report and deadline, just after the next inject (so the clock
        slows where a decision opens), and is never longer than a decision's time (so no
        deadline is passed)."""
        stops = [now + self.web.decision_minutes, *self.figures.next_minutes.values(),
                 *self.open_decisions.deadlines()]
        inject = self.hook.next_inject(now)
        if inject is not None:
            stops.append(math.nextafter(self.drill.inject_minutes[inject.id], math.inf))
        return stops

    def something_open(self) -> bool:
        """A decision or a channel set-up waits for people: the clock runs at the open speed."""
        return bool(self.open_decisions.pending or self.channel_set_up.waiting)

    def open_now(self) -> list[str]:
        """What is open, as a refusal names it."""
        return open_things(self.open_decisions.pending, self.channel_set_up.waiting, TITLES)

    def after_step(self, ticked: bool) -> None:
        if ticked:
            self.figures.ticked(self.model)
        self._boundary()
        self.save()

    def _boundary(self) -> None:
        """Reports whose minute has come, and decisions whose deadline has passed."""
        self.figures.take_due(self.model)
        self.open_decisions.take_overdue()

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

    # --- the facilitator's clock and roles ---------------------------------------------------
    def play(self, by: str = "facilitator") -> None:
        with self.lock:
            self.paced.play()
            self._clock_action(by, "play")

    def pause(self, by: str = "facilitator") -> None:
        with self.lock:
            self.paced.pause()
            self._clock_action(by, "pause")

    def set_speed(self, speed: float, confirm: bool = False, while_open: bool = False,
                  by: str = "facilitator") -> None:
        """The clock's speed between injects, or (`while_open`) while something is open; a
        faster clock while a decision or set-up is open needs `confirm`."""
        speed = check_speed(speed, "speed_while_open" if while_open else "speed")
        with self.lock:
            open_now = self.something_open()
            before = self.clock.speed_now(open_now)
            after = RoomClock(self.clock.speed if while_open else speed,
                              speed if while_open else self.clock.speed_while_open).speed_now(open_now)
            if after > before:
                check_may_skip(self.open_now(), "speed_while_open" if while_open else "speed", confirm)
            if while_open:
                self.clock.speed_while_open = speed
            else:
                self.clock.speed = speed
                self.paced.set_speed(speed)
            self._clock_action(by, "speed_while_open" if while_open else "speed", confirmed=confirm and after > before)

    def next_inject(self) -> Inject | None:
        with self.lock:
            return self.hook.next_inject(self.model.env.now if self.model is not None else 0.0)

    def jump_to_next_inject(self, confirm: bool = False, by: str = "facilitator") -> str:
        """Run the model on until the next inject has happened; refused while a decision or a
        set-up is open unless `confirm` (then their deadlines may pass and take defaults)."""
        with self.lock:
            inject = self.next_inject()
            if inject is None:
                raise Refused(Phrase("no inject is left to play"))
            open_now = self.open_now()
            check_may_skip(open_now, "next_inject", confirm)
            # just past its minute: the inject has happened, nothing else at that minute has
            to_minute = math.nextafter(self.drill.inject_minutes[inject.id], math.inf)
            # the journal keeps where the jump lands, so a resume returns there, not to its start
            self._clock_action(by, "next_inject", to=inject.id, to_minute=to_minute, confirmed=bool(open_now))
            self.advance_to(to_minute)
            return inject.id

    def _clock_action(self, by: str, action: str, **detail) -> dict:
        """A clock action in the log and the hook's record (the after-action report's)."""
        entry = clock_entry(self.journal, self.clock, self.playing, by, action, **detail)
        self.hook.clock_actions.append(entry)
        self.journal.record(by, clock_text(entry), kind="clock")
        self.save()
        return entry

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
                self.open_decisions.role_left_to_model(role)
            self.save()
            if self.saved is not None:
                self.saved.append("roles", {"minute": self.model.env.now, "model_roles": sorted(self.model_roles)})

    # --- the players -------------------------------------------------------------------------
    def decide(self, role: str, inject_id: str, key: str) -> dict:
        """`role` takes option `key` of its open decision `inject_id`, now."""
        with self.lock:
            self.paced.check_running()
            pending = self.open_decisions.waiting(inject_id)
            self.room.check_may_decide(role, pending["role"], inject_id)
            record = self.open_decisions.take(role, inject_id, key)
            self.save()
            return record

    def act(self, role: str, action: str, fields: dict) -> dict:
        """A role's action from its menu, now."""
        with self.lock:
            self.paced.check_running()
            self.room.check_may_act(role, action)
            option = action_option(self.model, role, action, fields)
            _, _, wall = self.journal.now()
            record = self.hook.act(self.model, role, option, extra={"wall_time": wall, "seq": self.journal.seq()})
            self.journal.record(role, option.label, result=record["result"], kind="action")
            self.save()
            return record

    def evaluate(self, role: str, objective, rating, observation) -> dict:
        """An evaluator rates `objective` (P, S, M or U) with what it observed, now."""
        with self.lock:
            self.paced.check_running()
            self.room.check_may_evaluate(role)
            record = checked_evaluation(objective, rating, observation)
            minute, sim_time, wall = self.journal.now()
            record.update(minute=minute, time=sim_time, wall_time=wall, role=role, seq=self.journal.seq())
            self.hook.evaluations.append(record)
            self.journal.record(role, evaluation_line(record), result=record["observation"], kind="evaluation")
            self.save()
            return record

    def set_up(self, role: str, village: str, epoch: int, stage: str, stores: dict | None = None) -> dict:
        """One step of a village's channel set-up in the command centre's page: `groups` (the
        volunteer and supply groups are set up), `stores` (the stores of each standard kind
        picked from the ledger), `confirm` (the stores confirmed), `publish` (channels open now)."""
        with self.lock:
            self.paced.check_running()
            self.room.check_may_set_up(role)
            set_up = self.channel_set_up.step(village, epoch, stage, stores)
            self.save()
            return set_up
