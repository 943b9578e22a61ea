"""A drill file is checked before the exercise: every mistake with file, line, field and what
is allowed, and the command line exits 2 without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.apps.drill.loading import load_drill
from sim.apps.drill.spec import INJECT_KINDS
from sim.cli.commands import main
from sim.inputs.scenario_loading import ScenarioError
from tests.support.drill_town import write_drill
from tests.support.paths import ROOT

SHIPPED = ROOT / "experiments" / "drill-beizang.toml"


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if text in line)


def test_shipped_drill_has_six_injects_over_three_lockdowns():
    drill = load_drill(SHIPPED)
    injects = drill.injects_in_time_order()
    assert len(injects) >= 6
    locked = [i.target for i in injects if i.kind == "village_locked"]
    assert locked == ["Ma", "Bajia", "Xiwangzhuang"]
    assert drill.scenario.lockdowns == []  # the injects replace the scenario's schedule
    assert sum(1 for i in injects if i.decision) >= 4
    assert drill.inject_minutes["ma-locked"] == 8 * 60 + 24
    assert {i.kind for i in injects} == set(INJECT_KINDS)


def test_unknown_kind_names_file_line_field_and_allowed_kinds(tmp_path):
    path = write_drill(tmp_path, replace={'kind = "supplier_outage"': 'kind = "meteor_strike"'})
    with pytest.raises(ScenarioError) as err:
        load_drill(path)
    (problem,) = err.value.problems
    assert problem.file == str(path)
    assert problem.line == _line_of(path, "meteor_strike")
    assert problem.field == "injects[5].kind"
    assert "supplier_outage" in problem.message and "road_closed" in problem.message


def test_unknown_target_lists_the_villages(tmp_path):
    path = write_drill(tmp_path, replace={'target = "V1"\nmessage = "V1 is sealed."':
                                          'target = "V9"\nmessage = "V1 is sealed."'})
    with pytest.raises(ScenarioError) as err:
        load_drill(path)
    (problem,) = err.value.problems
    assert problem.field == "injects[2].target"
    assert problem.line == _line_of(path, '"V9"')
    assert "'V9'" in problem.message and "V0, V1" in problem.message


def test_time_outside_the_horizon_is_refused(tmp_path):
    path = write_drill(tmp_path, replace={"day = 1\nclock = \"07:00\"": "day = 2\nclock = \"07:00\""})
    with pytest.raises(ScenarioError) as err:
        load_drill(path)
    (problem,) = err.value.problems
    assert problem.field == "injects[7].clock"
    assert "outside the horizon" in problem.message and "day 0 to 1.5" in problem.message


def test_option_needs_the_fields_of_its_action(tmp_path):
    path = write_drill(tmp_path, replace={', couriers = 10 }': ' }'})
    with pytest.raises(ScenarioError) as err:
        load_drill(path)
    assert any("whitelist_couriers" in p.message and "couriers" in p.message for p in err.value.problems)


def test_bad_drill_exits_2_with_the_problem_and_no_traceback(tmp_path, capsys):
    path = write_drill(tmp_path, replace={'target = "wholesale market"': 'target = "Xinfadi"',
                                          'target = "SUP-0"': 'target = "SUP-99"'})
    assert main(["drill", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "2 problem(s)" in err
    assert f"{path}:{_line_of(path, 'SUP-99')}: injects[4].target: unknown target for store_closed" in err
    assert "'SUP-99'; allowed: CAT-0" in err
    assert f"{path}:{_line_of(path, 'Xinfadi')}: injects[5].target" in err
    assert "allowed: wholesale market, medicine distributor" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_bad_decisions_file_exits_2(tmp_path, capsys):
    path = write_drill(tmp_path)
    bad = tmp_path / "alt.json"
    bad.write_text('{"decisions": [{"inject": "v0-rumour", "choice": "panic"}]}')
    assert main(["drill", str(path), "--decisions", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "'panic' is not an option of 'v0-rumour'; allowed: cap, none" in err
    assert "Traceback" not in err


def test_check_prints_the_schedule_in_time_order_and_runs_nothing(tmp_path, capsys):
    path = write_drill(tmp_path)
    assert main(["drill", str(path), "--check", "--out", str(tmp_path / "out")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "valid drill 'tiny-drill'" in lines[0]
    ids = [line.split()[4] for line in lines[1:]]
    assert ids[:3] == ["v0-locked", "v0-rumour", "v1-locked"]
    assert "decision: cap, none (default cap)" in lines[2]
    assert not (tmp_path / "out").exists()


def test_problems_of_every_stage_are_listed_at_once(tmp_path):
    """A bad kind (schema), an unknown target (reference) and a time after the horizon are
    found in one pass, not one per attempt."""
    path = write_drill(tmp_path, replace={
        'kind = "supplier_outage"': 'kind = "meteor_strike"',
        'target = "V1"\nmessage = "V1 is sealed."': 'target = "V9"\nmessage = "V1 is sealed."',
        'day = 1\nclock = "07:00"': 'day = 2\nclock = "07:00"'})
    with pytest.raises(ScenarioError) as err:
        load_drill(path)
    fields = sorted(p.field for p in err.value.problems)
    assert fields == ["injects[2].target", "injects[5].kind", "injects[7].clock"]


def test_a_bad_base_scenario_is_listed_with_the_drill_file_problems(tmp_path):
    path = write_drill(tmp_path, replace={'kind = "supplier_outage"': 'kind = "meteor_strike"'})
    town = tmp_path / "tiny-town.toml"
    town.write_text(town.read_text().replace("whitelist_size = 12", "whitelist_size = -1"))
    with pytest.raises(ScenarioError) as err:
        load_drill(path)
    where = sorted((p.file, p.field) for p in err.value.problems)
    assert where == [(str(path), "injects[5].kind"), (str(town), "couriers.whitelist_size")]
