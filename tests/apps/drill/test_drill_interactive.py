"""At the table: the drill pauses at each decision point, shows only what is known then, and
takes the choice typed at the terminal."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from sim.apps.drill.choosers import InteractiveChooser
from sim.apps.drill.loading import load_drill
from sim.apps.drill.runner import DrillHook
from sim.model.town_model import TownModel
from tests.support.drill_town import write_drill
from tests.support.paths import ROOT


def _play(tmp_path, typed: str):
    drill = load_drill(write_drill(tmp_path))
    model = TownModel(drill.scenario, seed=drill.seed)
    out = io.StringIO()
    hook = DrillHook(drill, InteractiveChooser(io.StringIO(typed), out), drill.seed)
    hook(model)
    model.run_episode()
    return model, hook, out.getvalue()


def test_choices_by_number_key_and_enter(tmp_path):
    model, hook, screen = _play(tmp_path, "2\nmore\n\n")
    chosen = [(d["inject"], d["choice"], d["by"]) for d in hook.decisions]
    assert chosen == [("v0-rumour", "none", "trainee"), ("couriers-out", "more", "trainee"),
                      ("sup-closed", "reserve", "trainee")]
    assert len(model.delivery_group.couriers) == 22
    assert screen.count("DECISION POINT") == 3
    assert "Rumour: shops close tomorrow." in screen
    assert "  2. [none] Do nothing" in screen


def test_situation_shows_the_present_not_the_future(tmp_path):
    _, hook, screen = _play(tmp_path, "1\n1\n1\n")
    first = screen.split("DECISION POINT")[1]
    assert "Situation at Thu 10 Nov 2022 09:00" in first
    # at 09:00 only V0 is locked (V1 is locked at 12:00 by a later inject)
    assert "V0: locked 7.0 h" in first and "V1:" not in first
    assert "couriers:" in first and "urgent medicine calls:" in first
    third = screen.split("DECISION POINT")[3]
    assert "V1: locked 4.0 h" in third


def test_a_wrong_answer_is_asked_again_and_end_of_input_takes_defaults(tmp_path):
    _, hook, screen = _play(tmp_path, "7\npanic\n2\n")
    assert "not an option: '7'" in screen and "not an option: 'panic'" in screen
    assert [(d["choice"], d["by"]) for d in hook.decisions] == [
        ("none", "trainee"), ("none", "default"), ("reserve", "default")]
    assert "no more input: taking the default [none]" in screen


def test_rehearse_drill_interactive_reads_the_terminal(tmp_path):
    spec = write_drill(tmp_path)
    out = tmp_path / "table"
    done = subprocess.run(
        [sys.executable, "-m", "sim", "drill", str(spec), "--interactive", "--out", str(out)],
        input="2\n2\n2\n", capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("DECISION POINT") == 3
    saved = json.loads((out / "decisions.json").read_text())
    assert [(d["inject"], d["choice"], d["by"]) for d in saved["decisions"]] == [
        ("v0-rumour", "none", "trainee"), ("couriers-out", "more", "trainee"), ("sup-closed", "none", "trainee")]


def test_the_table_hears_every_inject_and_a_summary_at_each_decision(tmp_path):
    model, hook, screen = _play(tmp_path, "1\n1\n1\n")
    for row in hook.timeline:  # injects without a decision too, with their message, in time order
        assert f"INJECT {row['inject']} (" in screen and f'"{row["message"]}"' in screen
    heard = [screen.index(f"INJECT {row['inject']} (") for row in hook.timeline]
    assert heard == sorted(heard)
    first, second = screen.split("DECISION POINT")[:2]
    assert "INJECT v0-locked (village locked: V0)" in first and "Since the start:" in first
    assert "injects: v0-locked, v0-rumour" in first
    # the second summary counts only what happened since the first decision point
    assert "Since 2022-11-10 09:00:" in second and "injects: v1-locked, couriers-out" in second
    placed = [int(line.split("placed ")[1].split(",")[0]) for line in screen.splitlines()
              if line.startswith("  orders placed ")]
    assert len(placed) == 3 and sum(placed) <= model.stats.orders_placed and placed[1] > 0
    assert "KPIs so far:" in second and "  result: " in second


class _InterruptAfter:
    """Terminal input that gives some lines, then Ctrl-C."""

    def __init__(self, lines):
        self.lines = list(lines)

    def readline(self):
        if not self.lines:
            raise KeyboardInterrupt
        return self.lines.pop(0)


def test_ctrl_c_saves_the_decisions_so_far_and_they_can_be_continued(tmp_path, monkeypatch, capsys):
    from sim.cli.commands import main

    spec = write_drill(tmp_path)
    out = tmp_path / "table"
    monkeypatch.setattr(sys, "stdin", _InterruptAfter(["2\n"]))
    assert main(["drill", str(spec), "--interactive", "--out", str(out)]) == 130
    err = capsys.readouterr().err
    saved = tmp_path / "table.decisions-so-far.json"
    assert "Traceback" not in err and f"decisions so far saved to: {saved}" in err
    assert f"--decisions {saved} --interactive --out {out}" in err
    assert not out.exists()
    first = json.loads(saved.read_text())["decisions"]
    assert [(d["inject"], d["choice"], d["by"]) for d in first] == [("v0-rumour", "none", "trainee")]

    monkeypatch.setattr(sys, "stdin", io.StringIO("2\n2\n"))
    assert main(["drill", str(spec), "--decisions", str(saved), "--interactive", "--out", str(out)]) == 0
    screen = capsys.readouterr().out
    done = json.loads((out / "decisions.json").read_text())["decisions"]
    assert [(d["inject"], d["choice"], d["by"]) for d in done] == [
        ("v0-rumour", "none", "replay"), ("couriers-out", "more", "trainee"), ("sup-closed", "none", "trainee")]
    assert screen.count("DECISION POINT") == 2  # the replayed one is not asked again


def test_sigint_to_a_real_interactive_drill_exits_130_and_saves(tmp_path):
    import os
    import select
    import signal

    spec = write_drill(tmp_path)
    out = tmp_path / "table"
    # a test run started in the background (`cmd &`) ignores SIGINT, and its children inherit
    # that: give the drill the default handling, as at a terminal
    proc = subprocess.Popen([sys.executable, "-m", "sim", "drill", str(spec), "--interactive", "--out", str(out)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    seen, answered = b"", False
    try:
        while seen.count(b"Your choice") < 2:  # answer the first, interrupt at the second
            ready, _, _ = select.select([proc.stdout], [], [], 60)
            assert ready, seen[-500:]
            chunk = os.read(proc.stdout.fileno(), 65536)
            assert chunk, seen[-500:]
            seen += chunk
            if seen.count(b"Your choice") == 1 and not answered:
                proc.stdin.write(b"2\n")  # the input stays open: the second prompt waits
                proc.stdin.flush()
                answered = True
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)  # drains both pipes: a full one would stall the drill
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert b"Traceback" not in err and b"decisions so far saved to:" in err
    saved = json.loads((tmp_path / "table.decisions-so-far.json").read_text())["decisions"]
    assert [(d["inject"], d["choice"]) for d in saved] == [("v0-rumour", "none")]
