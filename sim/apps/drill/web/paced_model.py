"""The model of a drill played in a room, paced by the wall clock.

The model runs in its own thread (`run_to_folder` with a `drive` function): a few times a
second the thread advances it by the wall time that passed times `speed`, while the facilitator
has it playing. It advances in `run_until` steps under one lock, which every request of the
room takes too, so what a player does happens between two steps, at the minute the clock shows.
Where a step must stop (a report, a deadline) and what happens after it is the room's to say
(`BetweenSteps`); this module knows only the clock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Protocol

from sim.apps.drill.web.refused import Refused
from sim.apps.drill.web.room_clock import check_speed
from sim.core.phrase import Phrase
from sim.engine.callbacks import run_until
from sim.engine.gc_guard import fewer_gc_passes


class DrillStopped(Exception):
    """The server stopped before the horizon: no drill folder is written."""


class BetweenSteps(Protocol):
    """What the drill does around the model's steps; every call is under the lock."""

    def begin(self) -> None:
        """The model is built, and nobody has seen it yet (a branch runs to its time here)."""

    def stop_minutes(self, now: float) -> Iterable[float]:
        """Minutes the next step from `now` must not pass."""

    def after_step(self, ticked: bool) -> None:
        """A step ended: at a reporting tick (`ticked`, the model stepped) or at a stop minute."""

    def something_open(self) -> bool:
        """A decision or a set-up waits for people: the clock's own steps stop when one opens."""


class PacedModel:
    """The model on the wall clock: started paused; `play`, `pause`, `set_speed` run the clock,
    `advance` and `advance_to` move the model on at once. `run(drive)` builds the model and runs
    it with `drive` (as `run_to_folder` does) and returns the KPIs and the folder written.

    `speed_now` says how fast the clock runs at this moment (the room's clock policy, see
    `room_clock.py`); by default it is `speed`. The wall time spent paused is counted
    (`paused_wall_seconds`), so work done while paused can be timed in wall minutes."""

    def __init__(self, run: Callable, speed: float, between: BetweenSteps, step_seconds: float = 0.25):
        self._run_model = run
        self.speed = float(speed)
        self.between = between
        self.step_seconds = step_seconds
        self.lock = threading.RLock()
        self.playing = False
        self.model = None
        self.ready = threading.Event()
        self.done = threading.Event()
        self._stop = threading.Event()
        self.error: BaseException | None = None
        self.folder = None
        self.kpis: dict | None = None
        self._thread: threading.Thread | None = None
        self.speed_now: Callable[[], float] = lambda: self.speed
        self.wall_clock: Callable[[], float] = time.monotonic  # a test may wind its own
        self._paused_seconds = 0.0
        self._paused_since: float | None = None  # set once the model is ready, while paused

    # --- the thread ----------------------------------------------------------------------------
    def start(self) -> None:
        """Build the model and start the pacing thread (paused); returns when the model is ready."""
        self._thread = threading.Thread(target=self._run, name="drill-clock", daemon=True)
        self._thread.start()
        self.ready.wait()
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        try:
            self.kpis, self.folder = self._run_model(self._drive)
        except BaseException as exc:  # shown on the pages and by the command
            self.error = exc
        finally:
            self.ready.set()
            self.done.set()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _drive(self, model) -> dict:
        with self.lock:
            self.model = model
            self.between.begin()
            if not self.playing:
                self._paused_since = self.wall_clock()
        self.ready.set()
        with fewer_gc_passes():
            last = time.monotonic()
            while model.running:
                if self._stop.wait(self.step_seconds):
                    raise DrillStopped()
                now = time.monotonic()
                with self.lock:
                    if self.playing:
                        self.advance_to(model.env.now + self.speed_now() * (now - last) / 60,
                                        stop_when_opened=True)
                last = now
        with self.lock:
            self.playing = False
            return model.kpis()

    # --- moving the model on -----------------------------------------------------------------
    def advance(self, minutes: float) -> None:
        """Run the model `minutes` of simulated time on (to the horizon at most)."""
        with self.lock:
            self.advance_to(self.model.env.now + minutes)

    def advance_to(self, target: float, stop_when_opened: bool = False) -> None:
        """Run the model to minute `target` in steps that stop at every reporting tick and at
        every minute the room names (`BetweenSteps.stop_minutes`). `stop_when_opened`: the
        clock's own steps end where a decision or set-up opens, so the rest of a fast step is
        not run past it (the next step runs at the speed for open work)."""
        something_open = getattr(self.between, "something_open", lambda: False)
        with self.lock:
            model = self.model
            tick = model.spec.run.tick_minutes
            target = min(target, model.horizon_minutes)
            while model.running and model.env.now < target:
                tick_end = min((model.tick + 1) * tick, model.horizon_minutes)
                stop = min(target, tick_end, *self.between.stop_minutes(model.env.now))
                ticked = stop >= tick_end
                was_open = stop_when_opened and something_open()
                if ticked:
                    model.step()
                else:
                    run_until(model.env, stop)
                self.between.after_step(ticked)
                if stop_when_opened and not was_open and something_open():
                    return

    def check_running(self) -> None:
        """Refuse what the players do once the model has ended."""
        if self.model is None or not self.model.running:
            raise Refused(Phrase("the drill has ended"))

    # --- the facilitator's clock ---------------------------------------------------------------
    def play(self) -> None:
        with self.lock:
            if self._paused_since is not None:
                self._paused_seconds += self.wall_clock() - self._paused_since
                self._paused_since = None
            self.playing = True

    def pause(self) -> None:
        with self.lock:
            if self.playing or self._paused_since is None:
                self._paused_since = self.wall_clock()
            self.playing = False

    def carry_on_paused(self, seconds: float) -> None:
        """A resumed drill's paused-time counter goes on from `seconds`, its journal's count
        (call before the model is ready: the resumed room's own pause counts from then)."""
        with self.lock:
            self._paused_seconds = float(seconds)

    def paused_wall_seconds(self) -> float:
        """Wall seconds spent paused since the model was ready (the pause going on included)."""
        with self.lock:
            going_on = 0.0 if self._paused_since is None else self.wall_clock() - self._paused_since
            return self._paused_seconds + going_on

    def set_speed(self, speed: float) -> None:
        speed = check_speed(speed)
        with self.lock:
            self.speed = speed
