"""A drill played in a room is saved as it goes: a real kill -9 of the drill's process, then
`--resume FOLDER`, gives back the decisions taken and the players' same links; Ctrl-C keeps the
journal; a finished drill is not picked up again."""

from __future__ import annotations

import json
import math
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

from sim.apps.drill.web.run_journal import JOURNAL_FILE, TOKENS_FILE
from sim.cli.commands import main
from tests.support.drill_town import write_drill
from tests.support.paths import ROOT


def _serve(*args) -> tuple[subprocess.Popen, dict[str, str]]:
    proc = subprocess.Popen([sys.executable, "-m", "sim", "drill", *args, "--port", "0"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    links = {}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        found = re.match(r"\s+(\w+)\s+(http://\S+)", line)
        if found:
            links[found[1]] = found[2]
        if "Ctrl-C" in line:
            return proc, links
    proc.kill()
    raise AssertionError(f"the drill did not start: {proc.stderr.read()}")


def _post(link: str, path: str, body: dict) -> dict:
    base, token = link.split("/?t=")
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), headers={
        "Content-Type": "application/json", "X-Drill-Token": token})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read())


def _state(link: str) -> dict:
    base, token = link.split("/?t=")
    with urllib.request.urlopen(f"{base}/api/state?t={token}", timeout=60) as answer:
        return json.loads(answer.read())


def test_a_killed_drill_resumes_with_its_decisions_and_the_same_links(tmp_path):
    spec = str(write_drill(tmp_path))
    out = tmp_path / "room"
    proc, links = _serve(spec, "--web", "--out", str(out))
    try:
        boss = links["facilitator"]
        _post(boss, "/api/roles", {"role": "command_centre", "played": False})
        for _ in range(4):  # v0-locked, v0-rumour (the model's), v1-locked, couriers-out
            _post(boss, "/api/clock", {"do": "next_inject"})
        assert _post(links["delivery_group"], "/api/decide", {"inject": "couriers-out", "option": "more"})["ok"]
        assert _post(links["delivery_group"], "/api/act", {"action": "whitelist_couriers",
                                                           "fields": {"couriers": 3}})["ok"]
        rated = _post(links["evaluator"], "/api/evaluate", {"objective": "fill_rate", "rating": "s",
                                                             "observation": "the gate handover queued"})
        minute = _state(boss)["clock"]["minute"]
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    journal = (out / JOURNAL_FILE).read_text(encoding="utf-8").splitlines()
    kinds = [json.loads(line)["kind"] for line in journal]
    assert kinds[0] == "header" and kinds.count("clock") == 4 and "action" in kinds
    assert kinds.count("evaluation") == 1  # an evaluator's rating is not lost with the process
    assert (out / TOKENS_FILE).stat().st_mode & 0o077 == 0

    proc, again = _serve(spec, "--resume", str(out))
    try:
        token = lambda link: link.split("/?t=")[1]  # noqa: E731 (the port is any free one)
        assert {r: token(v) for r, v in again.items()} == {r: token(v) for r, v in links.items()}
        state = _state(again["facilitator"])
        assert abs(state["clock"]["minute"] - minute) < 1e-6
        decisions = [e for e in state["log"] if e.get("kind") == "decision"] or state["log"]
        assert any("couriers-out" in e["text"] for e in state["log"])
        assert any(e.get("kind") == "resume" for e in state["log"])
        recorded = _state(again["evaluator"])["evaluation"]["recorded"]
        assert [(e["objective"], e["rating"], e["observation"], e["minute"]) for e in recorded] == [
            ("fill_rate", "S", "the gate handover queued", rated["result"]["minute"])]
        assert any(e.get("kind") == "evaluation" and "fill rate: S" in e["text"] for e in state["log"])
        mine = _state(again["delivery_group"])
        assert mine["decisions"] == []  # taken before the crash, not open again
        assert decisions
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl-C: the journal stays, and says how to go on
        _, err = proc.communicate(timeout=60)
    assert f"--resume {out}" in err
    assert (out / JOURNAL_FILE).read_text(encoding="utf-8").count('"kind": "resume"') == 1


def test_a_finished_drill_is_not_picked_up_again(tmp_path, capsys):
    from sim.apps.drill.loading import load_drill
    from sim.apps.drill.web.run_journal import RunJournal
    from sim.apps.drill.web.session import LiveDrill

    spec = write_drill(tmp_path)
    out = tmp_path / "room"
    session = LiveDrill(load_drill(spec), out, model_roles=["command_centre"])
    session.saved = session.hook.saved = RunJournal(out, {"drill": "tiny-drill", "seed": session.seed}, session.tokens)
    session.start()
    session.advance_to(session.model.horizon_minutes)
    assert session.done.wait(120) and session.error is None, session.error
    assert (out / JOURNAL_FILE).exists() and (out / "kpis.json").exists()
    assert main(["drill", str(spec), "--resume", str(out)]) == 2
    err = capsys.readouterr().err
    assert "this drill has ended" in err and "no new links are issued" in err


def _stopped_room(tmp_path):
    """A drill served a little while, then stopped before its end: its folder's journal and tokens."""
    from sim.apps.drill.loading import load_drill
    from sim.apps.drill.web.run_journal import RunJournal
    from sim.apps.drill.web.session import LiveDrill

    spec = write_drill(tmp_path)
    out = tmp_path / "room"
    session = LiveDrill(load_drill(spec), out, model_roles=["command_centre"])
    session.saved = session.hook.saved = RunJournal(out, {"drill": "tiny-drill", "seed": session.seed, "days": None,
                                                          "set": [], "model_roles": ["command_centre"]},
                                                    session.tokens)
    session.start()
    session.advance(60)
    session.stop()
    return spec, out


def test_an_old_folder_resumed_keeps_its_projector_s_link(tmp_path):
    """A folder from before the room had a projector's (and evaluators') link: the first resume
    gives them links, and every later resume keeps them, as it keeps the players'."""
    from types import SimpleNamespace

    from sim.apps.drill.loading import load_drill
    from sim.apps.drill.web.serve import _resumed

    spec, out = _stopped_room(tmp_path)
    tokens = json.loads((out / TOKENS_FILE).read_text(encoding="utf-8"))
    old = {role: token for role, token in tokens.items() if role not in ("projector", "evaluator")}
    (out / TOKENS_FILE).write_text(json.dumps(old), encoding="utf-8")
    args = SimpleNamespace(resume=str(out), days=None, set=[], seed=None, speed=None)
    first, _ = _resumed(load_drill(spec), args)
    again, _ = _resumed(load_drill(spec), args)
    assert {role: first.tokens[role] for role in old} == old  # the players' links, as before
    assert again.tokens == first.tokens and {"projector", "evaluator"} <= set(again.tokens)
    assert first.role_of(again.tokens["projector"]) == "projector"
    assert json.loads((out / TOKENS_FILE).read_text(encoding="utf-8")) == first.tokens
    assert (out / TOKENS_FILE).stat().st_mode & 0o077 == 0


def test_a_resumed_folder_s_tokens_file_is_left_as_it_was(tmp_path):
    from types import SimpleNamespace

    from sim.apps.drill.loading import load_drill
    from sim.apps.drill.web.serve import _resumed

    spec, out = _stopped_room(tmp_path)
    before = (out / TOKENS_FILE).read_bytes()
    session, _ = _resumed(load_drill(spec), SimpleNamespace(resume=str(out), days=None, set=[], seed=None, speed=None))
    assert (out / TOKENS_FILE).read_bytes() == before and session.tokens == json.loads(before)


def test_the_paused_time_carries_on_from_the_journal_after_a_resume(tmp_path):
    """V0's set-up is open while the clock is paused for 5 wall minutes; the facilitator changes
    the speed (a journal entry) and the drill stops. Resumed, the room stays paused 2 wall
    minutes more before the command centre publishes: the set-up is timed with all 7."""
    from types import SimpleNamespace

    import pytest

    from sim.apps.drill.loading import load_drill
    from sim.apps.drill.web.run_journal import RunJournal
    from sim.apps.drill.web.serve import _resumed
    from sim.apps.drill.web.session import LiveDrill
    from tests.support.live_drill import publish_first_stores

    spec = write_drill(tmp_path)
    out = tmp_path / "room"
    wall = [1000.0]
    session = LiveDrill(load_drill(spec), out)
    session.paced.wall_clock = lambda: wall[0]
    session.saved = RunJournal(out, {"drill": "tiny-drill", "seed": session.seed, "days": None, "set": [],
                                     "model_roles": []}, session.tokens)
    session.start()
    session.advance_to(2 * 60 + 5)  # V0 locked at 02:00: its set-up waits for the command centre
    assert ("V0", 1) in session.set_ups
    wall[0] += 5 * 60
    session.set_speed(120)
    assert session.paced.paused_wall_seconds() == pytest.approx(300)
    session.stop()  # as a crash would: nothing more is written

    resumed, _ = _resumed(load_drill(spec), SimpleNamespace(resume=str(out), days=None, set=[], seed=None,
                                                            speed=None))
    wall_again = [50_000.0]
    resumed.paced.wall_clock = lambda: wall_again[0]
    resumed.start()
    try:
        assert resumed.paced.paused_wall_seconds() == pytest.approx(300)  # not 0: it carries on
        assert ("V0", 1) in resumed.set_ups
        wall_again[0] += 2 * 60
        publish_first_stores(resumed, waits=(0.0, 0.0, 0.0, 0.0))
        record = resumed.hook.channel_set_ups[-1]
        assert record["village"] == "V0" and record["paused_wall_minutes"] == 7.0
        assert "and 7.0 wall min while the clock was paused" in resumed.log[-1]["text"]
        entries = [json.loads(line) for line in (out / JOURNAL_FILE).read_text(encoding="utf-8").splitlines()]
        assert entries[-1]["kind"] == "set_up" and entries[-1]["paused_wall_seconds"] == pytest.approx(420)
    finally:
        resumed.stop()


def test_a_resume_after_a_jump_returns_where_the_jump_landed(tmp_path):
    """The jump's journal entry is written at its start; the resume goes on from its end."""
    from sim.apps.drill.loading import load_drill
    from sim.apps.drill.web.run_journal import RunJournal, read_journal, resume_branch
    from sim.apps.drill.web.session import LiveDrill

    spec = write_drill(tmp_path)
    out = tmp_path / "room"
    session = LiveDrill(load_drill(spec), out, model_roles=["command_centre"])
    session.saved = session.hook.saved = RunJournal(out, {"drill": "tiny-drill", "seed": session.seed}, session.tokens)
    session.start()
    session.advance(5)
    started = session.model.env.now
    session.jump_to_next_inject(confirm=True)
    landed = session.model.env.now
    session.stop()
    assert landed > started + 1
    header, entries, _ = read_journal(out)
    assert entries[-1]["kind"] == "clock" and entries[-1]["minute"] < landed
    assert resume_branch(out, entries, header).from_minute == math.nextafter(landed, math.inf)


def test_a_journal_edited_past_an_amount_s_range_is_refused_with_its_line(tmp_path, capsys):
    spec, out = _stopped_room(tmp_path)
    journal = out / JOURNAL_FILE
    lines = journal.read_text(encoding="utf-8").splitlines()
    action = {"kind": "action", "minute": 30.0, "role": "delivery_group", "action": "whitelist_couriers",
              "label": "whitelist couriers", "fields": {"couriers": 1_000_000}, "acted": 30.0}
    journal.write_text("\n".join(lines + [json.dumps(action)]) + "\n", encoding="utf-8")
    edited = journal.read_bytes()
    assert main(["drill", str(spec), "--resume", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{JOURNAL_FILE}:{len(lines) + 1}: fields.couriers" in err
    assert "out of range; allowed: 1 to" in err
    assert journal.read_bytes() == edited  # nothing written to it


def test_a_journal_edited_into_what_the_room_never_writes_is_refused_line_by_line(tmp_path, capsys):
    """Not an object, an unknown kind, a decision without its choice, a jump that lands at no
    number, an action's field the action does not take, a rating of no objective: each is said
    with its line, and nothing is replayed (no traceback)."""
    spec, out = _stopped_room(tmp_path)
    journal = out / JOURNAL_FILE
    lines = journal.read_text(encoding="utf-8").splitlines()
    edits = [
        [1, 2],
        {"kind": "gossip", "minute": 5.0},
        {"kind": "decision", "minute": 6.0, "inject": "couriers-out"},
        {"kind": "clock", "minute": 7.0, "action": "next_inject", "speed": 60, "speed_while_open": 1,
         "to_minute": "soon"},
        {"kind": "action", "minute": 8.0, "action": "whitelist_couriers", "label": "whitelist couriers",
         "fields": {"couriers": 3, "colour": "red"}},
        {"kind": "evaluation", "minute": 9.0, "time": "day 0 00:09", "objective": "vibes", "rating": "P"},
    ]
    journal.write_text("\n".join(lines + [json.dumps(e) for e in edits]) + "\n", encoding="utf-8")
    assert main(["drill", str(spec), "--resume", str(out)]) == 2
    err = capsys.readouterr().err
    first = len(lines) + 1
    said = {n: [line for line in err.splitlines() if f"{JOURNAL_FILE}:{n}:" in line] for n in range(first, first + 6)}
    assert "no kind of journal entry" in said[first][0] and "'gossip'" in said[first + 1][0]
    assert "choice: a decision entry needs it" in said[first + 2][0]
    assert "to_minute: 'soon' is not a number" in said[first + 3][0]
    assert "fields: not an action the room takes" in said[first + 4][0]
    assert "evaluation: objective: 'vibes'; allowed:" in said[first + 5][0]
    assert "Traceback" not in err
