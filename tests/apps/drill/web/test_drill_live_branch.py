"""A drill played in a room, branched: the room picks it up again at a time (`--web --from`),
or a terminal plays another choice from a time (`--from --decisions`). Up to the branch time
the run is the original's minute for minute, the room's actions and set-ups included."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from sim.apps.drill.branch import identical_until, load_branch
from sim.apps.drill.loading import load_drill
from sim.apps.drill.web.session import LiveDrill
from sim.cli.commands import main
from tests.support.live_drill import finish, publish_first_stores, start_session

SEED = 7  # the tiny town's


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """A drill played in a room: V0 set up by the players, a decision taken late, two actions,
    V1's set-up handed to the model, the couriers' decision taken ten minutes after its inject."""
    tmp = tmp_path_factory.mktemp("room")
    session = start_session(tmp)
    session.jump_to_next_inject()
    session.advance(3.25)
    publish_first_stores(session, waits=(2.5, 3.0, 1.5, 0.75))
    session.advance_to(9 * 60 + 7.5)
    session.decide("command_centre", "v0-rumour", "none")
    session.act("delivery_group", "whitelist_couriers", {"couriers": 3})
    session.advance_to(12 * 60 + 0.1)
    session.set_played("command_centre", False)
    session.advance_to(13 * 60 + 10)
    session.decide("delivery_group", "couriers-out", "more")
    return tmp / "tiny-drill.toml", finish(session)


def _pick_up(spec, original, at: str, out, **kwargs) -> LiveDrill:
    drill = load_drill(spec)
    branch = load_branch(original, drill, at, None, SEED)
    session = LiveDrill(drill, out, branch=branch, **kwargs)
    session.start()
    return session


def _series(folder):
    return pd.read_parquet(folder / "timeseries.parquet")


def _assert_replays_byte_identically(spec, folder, tmp_path) -> None:
    """The branch's own log replays it byte for byte, at a terminal."""
    again = tmp_path / "replay"
    assert main(["drill", str(spec), "--decisions", str(folder), "--out", str(again), "--quiet"]) == 0
    assert (again / "kpis.json").read_bytes() == (folder / "kpis.json").read_bytes()


def _terminal_branch(played, at: str, couriers_choice: str, tmp_path):
    """`rehearse drill --from AT --branch-of ORIGINAL` with another choice at the couriers' decision."""
    spec, original = played
    alt = tmp_path / "alt.json"
    alt.write_text(json.dumps({"decisions": [{"inject": "couriers-out", "choice": couriers_choice}]}))
    branch = tmp_path / "branch"
    assert main(["drill", str(spec), "--from", at, "--branch-of", str(original),
                 "--decisions", str(alt), "--out", str(branch), "--quiet"]) == 0
    return branch


def test_the_room_picks_up_at_the_branch_time_with_the_original_s_log_replayed(played, tmp_path):
    spec, original = played
    session = _pick_up(spec, original, "2022-11-10T13:05", tmp_path / "branch")
    try:
        assert session.model.env.now == 13 * 60 + 5 and not session.playing
        model = session.model
        assert model.villages["V0"].channel_open_minute  # the players' publish, replayed
        assert model.platform.food_order_cap_per_day is None  # the room chose "none" at 09:07
        by = {d["inject"]: d["by"] for d in session.hook.decisions}
        assert by == {"v0-rumour": "original"}
        # the couriers' decision was still open at 13:05 in the original: it is open for the room
        assert list(session.pending) == ["couriers-out"]
        assert session.pending["couriers-out"]["deadline"] > session.model.env.now
        assert session.set_ups == {}  # V1 was handed to the model before 13:05
        assert session.log[-1]["kind"] == "branch" and "picked up from" in session.log[-1]["text"]
        session.decide("delivery_group", "couriers-out", "volunteers")  # another choice than the original's
        folder = finish(session)
    finally:
        if not session.done.is_set():
            session.stop()
    a, b = _series(original), _series(folder)
    assert identical_until(a, b, 13 * 60 + 5)
    assert not identical_until(a, b, a["minute"].max())
    report = (folder / "after-action.md").read_text()
    assert "identical to the original up to then: yes" in report

    _assert_replays_byte_identically(spec, folder, tmp_path)


def test_picked_up_before_a_lockdown_the_room_sets_that_village_up(played, tmp_path):
    spec, original = played
    session = _pick_up(spec, original, "2022-11-10T11:00", tmp_path / "branch")
    try:
        assert "command_centre" not in session.model_roles
        assert not session.hook.players_set_up.model_does_it
        session.advance_to(12 * 60 + 0.5)  # V1 is locked at 12:00: this time the players set it up
        assert list(session.set_ups) == [("V1", 1)]
        publish_first_stores(session, village="V1", waits=(1.0, 1.0, 1.0, 1.0))
        assert session.model.villages["V1"].channel_open_minute
        folder = finish(session)
    finally:
        if not session.done.is_set():
            session.stop()
    saved = json.loads((folder / "decisions.json").read_text())
    assert [(s["village"], s["by"]) for s in saved["live"]["channel_set_ups"]] == [
        ("V0", "original"), ("V1", "command centre")]
    assert identical_until(_series(original), _series(folder), 11 * 60)
    _assert_replays_byte_identically(spec, folder, tmp_path)


def test_a_terminal_branch_of_a_room_s_drill_keeps_its_log_then_the_model_sets_up(played, tmp_path):
    spec, original = played
    branch = _terminal_branch(played, "2022-11-10T11:00", "none", tmp_path)
    assert identical_until(_series(original), _series(branch), 11 * 60)
    saved = json.loads((branch / "decisions.json").read_text())
    # V1 (locked at 12:00) was set up by the model: nobody is in the command centre's page
    assert [(s["village"], s["by"]) for s in saved["live"]["channel_set_ups"]] == [("V0", "original")]
    assert saved["live"]["role_changes"][-1] == {"minute": 660.0, "role": "command_centre", "played": False,
                                                 "seq": saved["live"]["role_changes"][-1]["seq"]}
    kpis = json.loads((branch / "kpis.json").read_text())
    assert not math.isnan(kpis["channel_open_minutes_max"])  # V1's channels opened too
    choices = {d["inject"]: (d["choice"], d["by"]) for d in saved["decisions"]}
    assert choices["v0-rumour"] == ("none", "original")
    assert choices["couriers-out"] == ("none", "branch")
    _assert_replays_byte_identically(spec, branch, tmp_path)


def test_a_terminal_branch_takes_the_decision_the_room_had_left_open_at_its_time(played, tmp_path):
    _, original = played
    branch = _terminal_branch(played, "2022-11-10T13:05", "volunteers", tmp_path)
    assert identical_until(_series(original), _series(branch), 13 * 60 + 5)
    saved = json.loads((branch / "decisions.json").read_text())["decisions"]
    taken = next(d for d in saved if d["inject"] == "couriers-out")
    assert (taken["choice"], taken["minute"], taken["by"]) == ("volunteers", 13 * 60 + 5, "branch")
    # the report compares it with what the room chose then ("more"), not with the default
    report = (branch / "report.html").read_text(encoding="utf-8")
    assert "<td>2022-11-10 13:05</td><td>couriers-out</td><td>more</td><td>volunteers</td><td>changed</td>" in report


def test_a_drill_played_at_a_terminal_is_picked_up_by_the_room(tiny_drill_played, tmp_path):
    spec, original = tiny_drill_played  # played with its defaults (tests/apps/drill/conftest.py)
    session = _pick_up(spec, original, "2022-11-10T10:00", tmp_path / "branch")
    try:
        assert session.model.villages["V0"].channel_open_minute  # the model's set-up, as in the original
        assert not session.hook.players_set_up.model_does_it  # from now on the room sets up
        session.advance_to(12 * 60 + 0.5)
        assert list(session.set_ups) == [("V1", 1)]
        session.set_played("command_centre", False)
        folder = finish(session)
    finally:
        if not session.done.is_set():
            session.stop()
    assert identical_until(_series(original), _series(folder), 10 * 60)
    _assert_replays_byte_identically(spec, folder, tmp_path)
