"""At the table: the drill pauses at each decision point, shows only what is known then, and
takes the choice typed at the terminal."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from sim.drill.choosers import InteractiveChooser
from sim.drill.loading import load_drill
from sim.drill.runner import DrillHook
from sim.model import TownModel
from tests.drill_town import write_drill

ROOT = Path(__file__).resolve().parent.parent


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
