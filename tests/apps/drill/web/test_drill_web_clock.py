"""The room's clock: fast between injects, real time while a decision or set-up is open, jumps
and faster clocks that never skip open work unconfirmed, bounded speeds, and every clock action
in the log and the after-action report."""

from __future__ import annotations

import threading
import time

import pytest

from sim.apps.drill.loading import load_drill
from sim.apps.drill.web.room_clock import NeedsConfirmation
from sim.apps.drill.web.session import LiveDrill, Refused
from sim.apps.drill.web.views import view
from sim.cli.commands import main
from tests.support.drill_town import write_drill
from tests.support.live_drill import publish_first_stores

WEB = {'scenario = "tiny-town.toml"\n': 'scenario = "tiny-town.toml"\n\n[web]\n{web}\n'}


def _session(tmp_path, web: str = "", **kwargs) -> LiveDrill:
    replace = {k: v.format(web=web) for k, v in WEB.items()} if web else None
    session = LiveDrill(load_drill(write_drill(tmp_path, replace=replace)), tmp_path / "out", **kwargs)
    session.start()
    return session


@pytest.fixture
def room(tmp_path):
    sessions = []

    def make(**kwargs):
        sessions.append(_session(tmp_path, **kwargs))
        return sessions[-1]
    yield make
    for s in sessions:
        if not s.done.is_set():
            s.stop()


def test_the_clock_runs_fast_between_injects_and_at_real_time_once_a_set_up_is_open(room):
    session = room(speed=3600, step_seconds=0.05)  # an hour a wall second between injects
    assert session.clock.speed_now(False) == 3600 and session.clock.speed_now(True) == 1
    session.play()
    deadline = time.monotonic() + 20
    while not session.set_ups and time.monotonic() < deadline:  # V0 is locked at 02:00
        time.sleep(0.02)
    assert session.set_ups, "the lockdown at 02:00 was never reached"
    with session.lock:
        opened_at = session.model.env.now
    # the fast step that reached the inject ends just after it, not a quarter of an hour later
    assert 120 <= opened_at < 121
    time.sleep(1.0)
    with session.lock:
        now = session.model.env.now
        state = view(session, "facilitator")["clock"]
    session.pause()
    assert now - opened_at < 0.1  # about a wall second at real time: 1/60 of a minute (with slack)
    assert state["open"] and state["speed_now"] == 1 and state["speed"] == 3600


def test_a_card_shows_the_deadline_in_wall_minutes_at_the_open_speed(room):
    session = room(web="speed_while_open = 2")
    session.advance_to(9 * 60 + 6)  # v0-rumour at 09:00: 30 simulated minutes to decide
    card = view(session, "command_centre")["decisions"][0]
    assert card["deadline"] - session.model.env.now == pytest.approx(24)
    assert card["wall_minutes_left"] == 12.0  # two simulated minutes a wall minute


def _v0_set_up(session):
    """V0's lockdown at 02:00, its channels set up by the command centre at once."""
    session.jump_to_next_inject()
    publish_first_stores(session, waits=(0.0, 0.0, 0.0, 0.0))
    assert not session.set_ups


def test_a_jump_is_refused_while_a_decision_is_open_and_goes_on_when_confirmed(room):
    session = room()
    _v0_set_up(session)
    session.advance_to(9 * 60 + 1)
    assert list(session.pending) == ["v0-rumour"]
    with pytest.raises(NeedsConfirmation, match=r"jump to the next inject refused: still open: "
                                                r"decision v0-rumour \(command centre\); confirm to go on"):
        session.jump_to_next_inject()
    assert session.model.env.now == 9 * 60 + 1 and list(session.pending) == ["v0-rumour"]
    session.set_speed(3600)  # between injects: the open decision still runs at real time
    assert session.paced.speed_now() == 1
    with pytest.raises(NeedsConfirmation, match="speed while open refused"):
        session.set_speed(30, while_open=True)
    session.set_speed(1)  # slower is never refused
    assert session.jump_to_next_inject(confirm=True) == "v1-locked"  # 12:00
    assert session.hook.decisions[0]["by"] == "default (deadline passed)"
    clock = [e for e in session.log if e.get("kind") == "clock"]
    assert "jump to the next inject (v1-locked)" in clock[-1]["text"]
    assert "(confirmed with work open)" in clock[-1]["text"]


def test_a_set_up_open_also_stops_a_jump(room):
    session = room()
    session.jump_to_next_inject()  # V0 locked: its set-up waits for the command centre
    with pytest.raises(NeedsConfirmation, match="still open: channel set-up of V0"):
        session.jump_to_next_inject()


def test_two_jumps_at_once_never_open_and_default_a_decision_in_the_same_second(room):
    session = room()
    _v0_set_up(session)
    session.advance_to(8 * 60)  # next: v0-rumour at 09:00, a decision for the command centre
    answers = []
    start = threading.Barrier(2)

    def jump():
        start.wait()
        try:
            answers.append(session.jump_to_next_inject())
        except Refused as exc:
            answers.append(type(exc).__name__)

    threads = [threading.Thread(target=jump) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(answers) == ["NeedsConfirmation", "v0-rumour"]
    assert list(session.pending) == ["v0-rumour"] and session.hook.decisions == []


@pytest.mark.parametrize("speed", [0.5, 3601, 100_000])
def test_a_drill_file_with_a_speed_out_of_range_exits_2_with_its_place(tmp_path, capsys, speed):
    spec = write_drill(tmp_path, replace={k: v.format(web=f"speed = {speed}") for k, v in WEB.items()})
    assert main(["drill", str(spec), "--check"]) == 2
    err = capsys.readouterr().err
    assert "tiny-drill.toml:8: web.speed: Input should be" in err
    assert ("less than or equal to 3600" if speed > 1 else "greater than or equal to 1") in err


def test_a_speed_out_of_range_on_the_command_line_exits_2(tmp_path, capsys):
    spec = write_drill(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(["drill", str(spec), "--web", "--speed", "100000"])
    assert exit_.value.code == 2
    assert "expected a number from 1 to 3600" in capsys.readouterr().err


def test_every_clock_action_is_in_the_log_and_the_after_action_report(room):
    session = room(model_roles=["command_centre"])
    session.play()
    session.pause()
    session.set_speed(120)
    session.set_speed(2, while_open=True)
    session.jump_to_next_inject()
    clock = [e for e in session.log if e.get("kind") == "clock"]
    assert [e["role"] for e in clock] == ["facilitator"] * 5
    assert all(e["wall_time"] and e["time"].startswith("2022-11-10") for e in clock)
    assert [a["action"] for a in session.hook.clock_actions] == ["play", "pause", "speed", "speed_while_open",
                                                                  "next_inject"]
    assert "speed x120 between injects, x2 while a decision or set-up is open" in clock[3]["text"]
    session.advance_to(session.model.horizon_minutes)
    assert session.done.wait(120) and session.error is None, session.error
    md = (session.folder / "after-action.md").read_text(encoding="utf-8")
    html = (session.folder / "after-action.html").read_text(encoding="utf-8")
    assert "## The room's clock" in md and "The room&#x27;s clock" in html or "The room's clock" in html
    assert "clock: jump to the next inject (v0-locked)" in md and "clock: pause" in md


def test_a_set_up_done_while_paused_is_timed_in_wall_minutes_and_marked(tmp_path):
    wall = [1000.0]  # the room's wall clock, in seconds, wound by the test
    session = LiveDrill(load_drill(write_drill(tmp_path)), tmp_path / "out")
    session.paced.wall_clock = lambda: wall[0]
    session.start()
    try:
        session.jump_to_next_inject()  # V0 locked at 02:00; the clock stays paused
        picks = {}
        for stage in ("groups", "stores", "confirm", "publish"):
            wall[0] += 5 * 60  # five wall minutes a step, not a simulated second
            if stage == "stores":
                for row in view(session, "command_centre")["set_ups"][0]["ledger"]:
                    picks.setdefault(row["kind"], [row["id"]])
            session.set_up("command_centre", "V0", 1, stage, picks if stage == "stores" else None)
        record = session.hook.channel_set_ups[-1]
        assert record["minutes_taken"] < 0.01 and record["paused_wall_minutes"] == 20.0
        assert "channels open 0.0 min after the lockdown, and 20.0 wall min while the clock was paused" \
            in session.log[-1]["text"]
        session.set_played("command_centre", False)  # V1's set-up is the model's
        session.advance_to(session.model.horizon_minutes)
        assert session.done.wait(120) and session.error is None, session.error
        # the objective (15 min) and its rating read the set-up's time with its wall minutes
        assert session.model.stats.channel_open_minutes["V0"] == 20.0
        md = (session.folder / "after-action.md").read_text(encoding="utf-8")
        assert "and 20.0 wall min while the clock was paused" in md
    finally:
        if not session.done.is_set():
            session.stop()
