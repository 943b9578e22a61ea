"""A drill played in a room, without a browser: the clock, deadlines, roles, delays, the
players' channel set-up, the tokens, and the replay of what the players did."""

from __future__ import annotations

import json
import math

import pytest

from sim.apps.drill.web.server import bind
from sim.apps.drill.web.session import Refused
from sim.apps.drill.web.views import view
from sim.cli.commands import main
from tests.support.drill_town import write_drill
from tests.support.live_drill import Client, finish, publish_first_stores, start_session


@pytest.fixture
def client(session):
    c = Client(session)
    yield c
    c.server.stop()


@pytest.fixture
def session(tmp_path):
    s = start_session(tmp_path)
    yield s
    if not s.done.is_set():
        s.stop()


def test_the_model_starts_paused_and_advances_only_when_asked(session):
    assert session.model.env.now == 0 and not session.playing
    session.advance(90)
    assert session.model.env.now == 90
    assert session.model.tick == 1  # the 60-minute tick was recorded on the way
    assert len(session.chart) == 1 and session.chart[0]["minute"] == 60


def test_jump_to_the_next_inject_plays_it_and_stops_just_after(session):
    assert session.next_inject().id == "v0-locked"
    assert session.jump_to_next_inject() == "v0-locked"
    assert 120 < session.model.env.now < 120 + 1e-9
    assert session.model.villages["V0"].locked
    assert session.next_inject().id == "v0-rumour"


def test_only_the_facilitator_token_runs_the_clock_and_no_token_is_refused(session, client):
    tokens = session.tokens
    assert len(set(tokens.values())) == 7 and all(len(t) >= 32 for t in tokens.values())  # evaluator, projector
    assert client.get("/")[0] == 403
    assert client.get("/?t=wrong")[0] == 403
    assert client.get("/api/state")[0] == 403
    assert client.post("/api/act", {"action": "cap_orders", "fields": {"orders_per_household_day": 1}})[0] == 403
    assert client.post("/api/clock", {"do": "play"})[0] == 403
    assert client.post("/api/clock", {"do": "play"}, {"X-Drill-Token": tokens["command_centre"]})[0] == 403
    assert not session.playing
    status, page = client.get("/", {"X-Drill-Token": tokens["supply_group"]})  # a link's ?t= is a redirect
    assert status == 200 and "<svg id=\"map\"" in page
    status, text = client.post("/api/clock", {"do": "play"}, {"X-Drill-Token": tokens["facilitator"]})
    assert (status, json.loads(text)) == (200, {"ok": True, "result": None})
    assert session.playing
    session.pause()
    status, text = client.post("/api/clock", {"do": "speed", "speed": -3}, {"X-Drill-Token": tokens["facilitator"]})
    assert status == 400 and "speed must be a number from 1 to 3600" in json.loads(text)["error"]


def test_two_browsers_on_one_role_see_the_same_state(session, client):
    session.advance(200)
    url = f"/api/state?t={session.tokens['delivery_group']}"
    first, second = json.loads(client.get(url)[1]), json.loads(client.get(url)[1])
    assert first == second
    assert first["role"] == "delivery_group" and "stock_report" not in first and "roll_call" in first


def test_a_decision_not_taken_by_its_deadline_takes_its_default_and_says_so(session):
    session.advance_to(9 * 60 + 1)  # v0-rumour at 09:00 opens a decision for the command centre
    assert list(session.pending) == ["v0-rumour"]
    pending = view(session, "command_centre")["decisions"][0]
    assert pending["deadline"] == 9 * 60 + session.web.decision_minutes
    assert view(session, "supply_group")["decisions"] == []
    session.advance_to(9 * 60 + session.web.decision_minutes + 1)
    assert session.pending == {}
    decision = session.hook.decisions[-1]
    assert decision["by"] == "default (deadline passed)"
    assert decision["minute"] == 9 * 60 + session.web.decision_minutes
    assert session.model.platform.food_order_cap_per_day == 1
    assert "default (deadline passed)" in session.log[-1]["text"]


def test_a_decision_taken_in_time_is_the_role_s_and_acts_at_once(session):
    session.advance_to(9 * 60 + 5)
    with pytest.raises(Refused, match="is for the command centre"):
        session.decide("supply_group", "v0-rumour", "none")
    with pytest.raises(Refused, match="not an option; allowed: cap, none"):
        session.decide("command_centre", "v0-rumour", "maybe")
    record = session.decide("command_centre", "v0-rumour", "none")
    assert record["by"] == "command centre" and record["minute"] == 9 * 60 + 5
    assert session.pending == {}


def test_roles_act_from_their_own_menu_any_time_and_are_logged(session):
    session.advance(30)
    with pytest.raises(Refused, match="has no action 'cap_orders'"):
        session.act("delivery_group", "cap_orders", {"orders_per_household_day": 1})
    with pytest.raises(Refused, match="couriers: 0 is out of range; allowed: 1 to 100"):
        session.act("delivery_group", "whitelist_couriers", {"couriers": 0})
    before = len(session.model.delivery_group.couriers)
    record = session.act("delivery_group", "whitelist_couriers", {"couriers": 4})
    assert len(session.model.delivery_group.couriers) == before + 4
    assert record["minute"] == 30 and record["role"] == "delivery_group" and record["acted"]
    entry = session.log[-1]
    assert entry["role"] == "delivery_group" and entry["time"] == "2022-11-10 00:30" and entry["wall_time"]
    assert "4 more couriers onboarding" in entry["result"]
    with pytest.raises(Refused, match="orders 'medicine' only"):
        session.act("urgent_desk", "order_from_supplier",
                    {"supplier": "wholesale market", "store": "SUP-0", "category": "staples", "units": 5})


def test_players_see_their_reports_late_and_the_facilitator_sees_the_truth(tmp_path):
    session = start_session(tmp_path)
    try:
        session.jump_to_next_inject()
        publish_first_stores(session)
        session.advance_to(5 * 60 + 30)
        report = view(session, "supply_group")["stock_report"]
        assert report["minute"] == 5 * 60  # hourly stock report
        truth = view(session, "facilitator")["stock_report"]
        assert truth["minute"] == 5 * 60 + 30
        roll = view(session, "delivery_group")["roll_call"]
        assert roll["minute"] == 5 * 60 + 30  # half-hourly roll call, taken at 05:30
        session.advance(10)
        assert view(session, "delivery_group")["roll_call"]["minute"] == 5 * 60 + 30
        assert "roll_call" not in view(session, "supply_group")
        desk = view(session, "urgent_desk")
        assert "urgent" in desk and "stock_report" not in desk
        assert desk["pharmacies"]["time"] == "Thu 10 Nov 05:00"
        assert {p["id"][:3] for p in desk["pharmacies"]["stores"]} == {"PHA"}
    finally:
        session.stop()


def test_players_set_a_village_up_and_its_channels_open_when_they_publish(session):
    session.jump_to_next_inject()
    locked = session.model.villages["V0"].lock_minute
    with pytest.raises(Refused, match="publish: first groups, stores, confirm"):
        session.set_up("command_centre", "V0", 1, "publish")
    with pytest.raises(Refused, match="only the command centre"):
        session.set_up("supply_group", "V0", 1, "groups")
    session.advance(60)  # the model waits for the players: no channel after an hour
    assert session.model.villages["V0"].channel_open_minute == {}
    picks = publish_first_stores(session)
    opened = session.model.villages["V0"].channel_open_minute
    assert set(opened) == set(session.model.spec.standard_kinds)
    taken = session.model.env.now - locked
    assert session.model.stats.channel_open_minutes["V0"] == pytest.approx(taken)
    assert taken == pytest.approx(70, abs=1e-6)
    done = session.hook.channel_set_ups[-1]
    assert done["by"] == "command centre" and done["stores"] == picks
    assert [s["stage"] for s in done["stages"]] == ["groups", "stores", "confirm", "publish"]


def test_a_role_left_to_the_model_decides_by_default_and_sets_up_itself(tmp_path):
    session = start_session(tmp_path, model_roles=["command_centre"])
    try:
        session.advance_to(9 * 60 + 1)
        assert session.set_ups == {}
        assert session.model.villages["V0"].channel_open_minute  # the model's own set-up
        assert session.pending == {}
        assert session.hook.decisions[-1]["by"] == "default (role left to the model)"
    finally:
        session.stop()


def test_a_live_drill_replays_byte_identically(tmp_path):
    session = start_session(tmp_path)
    session.jump_to_next_inject()
    session.advance(3.25)
    session.set_played("supply_group", False)
    publish_first_stores(session, waits=(2.5, 3.0, 1.5, 0.75))
    session.advance_to(9 * 60 + 7.5)
    session.decide("command_centre", "v0-rumour", "none")
    session.act("delivery_group", "whitelist_couriers", {"couriers": 3})
    session.act("command_centre", "cap_orders", {"orders_per_household_day": 2})
    session.advance_to(12 * 60 + 0.1)  # V1 locked at 12:00: handed to the model
    session.set_played("command_centre", False)
    session.advance_to(13 * 60 + 10)
    session.decide("delivery_group", "couriers-out", "more")
    folder = finish(session)
    saved = json.loads((folder / "decisions.json").read_text())
    assert [s["by"] for s in saved["live"]["channel_set_ups"]] == ["command centre", "model"]
    assert [(a["role"], a["action"]) for a in saved["live"]["actions"]] == [
        ("delivery_group", "whitelist_couriers"), ("command_centre", "cap_orders")]
    report = (folder / "after-action.md").read_text()
    roles = report.split("## Each role's actions and times")[1].split("## Strengths")[0]
    assert "| command centre | 2022-11-10 02:11 |" in roles
    assert "channel set-up of V0: groups +5.8 min, stores +8.8 min, confirm +10.2 min, publish +11.0 min" in roles
    assert "| delivery group | 2022-11-10 09:07 |" in roles and "Whitelist couriers: couriers 3" in roles
    assert "decision at couriers-out: Whitelist 10 more (delivery group)" in roles
    assert "channel set-up of V1 handed to the model" in roles
    channel = next(line for line in report.splitlines() if line.startswith("| Ordering channels open"))
    assert "| yes |" in channel  # the players set channels up: in the table's control
    by = {d["inject"]: d["by"] for d in saved["decisions"]}
    assert by["sup-closed"] == "default (role left to the model)"
    assert by["couriers-out"] == "delivery group"

    again = tmp_path / "replay"
    assert main(["drill", str(tmp_path / "tiny-drill.toml"), "--decisions", str(folder), "--out", str(again),
                 "--quiet"]) == 0
    assert (again / "kpis.json").read_bytes() == (folder / "kpis.json").read_bytes()
    kpis = json.loads((folder / "kpis.json").read_text())
    assert kpis["channel_open_minutes_min"] == pytest.approx(3.25 + 2.5 + 3.0 + 1.5 + 0.75)
    assert not math.isnan(kpis["fill_rate"])


def test_web_drill_command_line_mistakes_are_located(tmp_path, capsys):
    spec = write_drill(tmp_path)
    assert main(["drill", str(spec), "--web", "--interactive"]) == 2
    assert "--web: a drill in the browser is played live" in capsys.readouterr().err
    taken = bind("127.0.0.1", 0)  # a port someone else listens on
    port = taken.getsockname()[1]
    try:
        assert main(["drill", str(spec), "--web", "--port", str(port), "--out", str(tmp_path / "o")]) == 2
        assert f"--port: cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err
    finally:
        taken.close()
