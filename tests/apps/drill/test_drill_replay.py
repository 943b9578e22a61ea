"""A drill is deterministic for its seed and decisions: a replay gives the same bytes, and a
branch is the original minute for minute up to its branch time."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from sim.apps.drill.branch import identical_until
from sim.cli.commands import main

BRANCH_AT = "2022-11-10T14:00"
BRANCH_MINUTE = 14 * 60


@pytest.fixture
def original(tiny_drill_played):
    """The tiny drill played with its defaults (shared with tests/apps/drill/web/test_drill_live_branch.py)."""
    return tiny_drill_played


def test_replay_gives_identical_kpis_bytes(original, tmp_path):
    spec, out = original
    again = tmp_path / "replay"
    assert main(["drill", str(spec), "--decisions", str(out / "decisions.json"), "--out", str(again),
                 "--quiet"]) == 0
    assert (again / "kpis.json").read_bytes() == (out / "kpis.json").read_bytes()
    a, b = pd.read_parquet(out / "timeseries.parquet"), pd.read_parquet(again / "timeseries.parquet")
    pd.testing.assert_frame_equal(a, b)
    replayed = json.loads((again / "decisions.json").read_text())["decisions"]
    first = json.loads((out / "decisions.json").read_text())["decisions"]
    assert [d["choice"] for d in replayed] == [d["choice"] for d in first]
    assert {d["by"] for d in replayed} == {"replay"}


def test_branch_is_the_original_until_its_time_then_differs(original, tmp_path, capsys):
    spec, out = original
    alt = tmp_path / "alt.json"
    alt.write_text(json.dumps({"decisions": [{"inject": "sup-closed", "choice": "none"},
                                             {"inject": "v0-rumour", "choice": "none"}]}))
    branch = tmp_path / "branch"
    assert main(["drill", str(spec), "--from", BRANCH_AT, "--branch-of", str(out),
                 "--decisions", str(alt), "--out", str(branch), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "v0-rumour: before the branch time, kept the original's choice 'cap'" in printed

    a, b = pd.read_parquet(out / "timeseries.parquet"), pd.read_parquet(branch / "timeseries.parquet")
    assert identical_until(a, b, BRANCH_MINUTE)
    assert identical_until(a, b, 16 * 60)  # the changed decision is at 16:00
    assert not identical_until(a, b, a["minute"].max())
    decisions = json.loads((branch / "decisions.json").read_text())["decisions"]
    assert [(d["inject"], d["choice"], d["by"]) for d in decisions] == [
        ("v0-rumour", "cap", "original"), ("couriers-out", "none", "original"), ("sup-closed", "none", "branch")]
    report = (branch / "report.html").read_text()
    assert "What the decision changed: original and branch" in report
    assert 'identical to the original up to the branch point: <strong class="met">yes</strong>' in report
    assert (branch / "plots" / "branch_compare.png").stat().st_size > 10_000
    assert "identical to the original up to then: yes" in (branch / "after-action.md").read_text()


def test_branch_with_another_seed_is_refused(original, tmp_path, capsys):
    spec, out = original
    alt = tmp_path / "alt.json"
    alt.write_text(json.dumps({"decisions": []}))
    code = main(["drill", str(spec), "--from", "0.5", "--branch-of", str(out), "--decisions", str(alt),
                 "--seed", "99", "--out", str(tmp_path / "b")])
    assert code == 2
    assert "the original ran with seed 7" in capsys.readouterr().err


def test_a_folder_run_with_other_random_numbers_is_refused_with_the_setting_to_use(original, tmp_path, capsys):
    spec, out = original
    older = tmp_path / "older"
    shutil.copytree(out, older)
    scenario = json.loads((older / "scenario.json").read_text())
    del scenario["run"]["random_numbers"]  # a folder from before the setting: shared streams
    (older / "scenario.json").write_text(json.dumps(scenario))
    assert main(["drill", str(spec), "--decisions", str(older), "--out", str(tmp_path / "r"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "run.random_numbers" in err and "--set run.random_numbers=per_village" in err
    assert "Traceback" not in err and not (tmp_path / "r").exists()
    # asked for, it replays byte for byte
    assert main(["drill", str(spec), "--decisions", str(older), "--out", str(tmp_path / "r"), "--quiet",
                 "--set", "run.random_numbers=per_village"]) == 0
    assert main(["drill", str(spec), "--out", str(tmp_path / "again"), "--quiet",
                 "--set", "run.random_numbers=per_village"]) == 0
    assert (tmp_path / "r" / "kpis.json").read_bytes() == (tmp_path / "again" / "kpis.json").read_bytes()
    alt = tmp_path / "alt.json"
    alt.write_text(json.dumps({"decisions": []}))
    assert main(["drill", str(spec), "--from", BRANCH_AT, "--branch-of", str(older), "--decisions", str(alt),
                 "--out", str(tmp_path / "b"), "--quiet"]) == 2
    assert "--set run.random_numbers=per_village" in capsys.readouterr().err
