"""The paced model of a drill played in a room, on its own: a small SimPy model with reporting
ticks stands in for the town, a recorder for the room around the steps."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import simpy

from sim.apps.drill.web.paced_model import DrillStopped, PacedModel
from sim.apps.drill.web.refused import Refused
from sim.engine.callbacks import run_until


class TickModel:
    """A model with the town's clock: reporting ticks of `tick` minutes up to a horizon."""

    def __init__(self, tick: float = 60, horizon: float = 300):
        self.env = simpy.Environment()
        self.spec = SimpleNamespace(run=SimpleNamespace(tick_minutes=tick))
        self.tick = 0
        self.horizon_minutes = horizon
        self.running = True

    def step(self) -> None:
        tick_end = min((self.tick + 1) * self.spec.run.tick_minutes, self.horizon_minutes)
        run_until(self.env, tick_end)
        self.tick += 1
        self.running = tick_end < self.horizon_minutes

    def kpis(self) -> dict:
        return {"minute": self.env.now}


class Recorder:
    """The room around the steps: stop minutes it names, and every step's end."""

    def __init__(self, stops=()):
        self.stops = list(stops)
        self.steps: list[tuple[float, bool]] = []
        self.paced: PacedModel | None = None
        self.begun = False

    def begin(self) -> None:
        self.begun = True

    def stop_minutes(self, now: float):
        return [s for s in self.stops if s > now]

    def after_step(self, ticked: bool) -> None:
        self.steps.append((self.paced.model.env.now, ticked))


def _paced(stops=(), speed=60.0, step_seconds=0.01, build=TickModel) -> tuple[PacedModel, Recorder]:
    room = Recorder(stops)

    def run(drive):
        model = build()
        return drive(model), Path("the-folder")

    paced = PacedModel(run, speed, room, step_seconds)
    room.paced = paced
    return paced, room


@pytest.fixture
def paced():
    paced, room = _paced(stops=(30, 75.5))
    paced.start()
    yield paced, room
    if not paced.done.is_set():
        paced.stop()


def test_the_model_starts_paused_and_built(paced):
    paced, room = paced
    assert room.begun and paced.model is not None and not paced.playing
    assert not paced.done.wait(0.1)
    assert paced.model.env.now == 0


def test_a_step_stops_at_each_tick_and_each_minute_the_room_names_and_never_passes_the_target(paced):
    paced, room = paced
    paced.advance_to(130)
    assert room.steps == [(30, False), (60, True), (75.5, False), (120, True), (130, False)]
    assert paced.model.tick == 2


def test_advance_stops_at_the_horizon(paced):
    paced, room = paced
    paced.advance(10_000)
    assert paced.model.env.now == 300 and not paced.model.running
    assert room.steps[-1] == (300, True)
    with pytest.raises(Refused, match="the drill has ended"):
        paced.check_running()
    assert paced.done.wait(5) and paced.error is None
    assert paced.kpis == {"minute": 300} and paced.folder == Path("the-folder")


def test_play_runs_the_model_on_the_wall_clock_at_its_speed():
    paced, _ = _paced(speed=100_000)
    paced.start()
    paced.play()
    assert paced.done.wait(10) and paced.error is None
    assert paced.kpis == {"minute": 300} and not paced.playing


def test_pause_holds_the_model():
    paced, _ = _paced(speed=100_000)
    paced.start()
    try:
        paced.play()
        paced.pause()
        with paced.lock:
            held = paced.model.env.now
        assert not paced.done.wait(0.1)
        assert paced.model.env.now == held
    finally:
        paced.stop()


@pytest.mark.parametrize("speed", [0, 0.5, -3, 3601, 100_000, float("inf"), float("nan"), True, "fast", None])
def test_a_speed_out_of_range_is_refused(paced, speed):
    paced, _ = paced
    with pytest.raises(Refused, match=r"speed must be a number from 1 to 3600 \(simulated minutes per wall minute\)"):
        paced.set_speed(speed)
    assert paced.speed == 60.0
    paced.set_speed(3600)
    assert paced.speed == 3600.0
    paced.set_speed(1)
    assert paced.speed == 1.0


def test_stopped_before_the_horizon_the_drill_writes_nothing(paced):
    paced, _ = paced
    paced.stop()
    assert paced.done.is_set() and isinstance(paced.error, DrillStopped) and paced.folder is None


def test_a_model_that_cannot_be_built_fails_start():
    def broken():
        raise ValueError("no town")

    paced, _ = _paced(build=broken)
    with pytest.raises(ValueError, match="no town"):
        paced.start()
    assert paced.done.is_set()
