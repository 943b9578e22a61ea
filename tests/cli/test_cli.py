"""The `rehearse` command as a user meets it: run, validate, and mistakes (exit 2, no traceback)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.cli.commands import main
from sim.inputs.small_town import small_town
from sim.model.town_model import default_scenario_path
from tests.support.paths import ROOT


def rehearse(*args, cwd=ROOT):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def small_town_toml(tmp_path) -> Path:
    """A small town written as TOML, as a user would have it."""
    import tomllib  # noqa: F401  (the file below must parse with the standard reader)

    sc = small_town(horizon_days=1.0)
    lines = ['[run]', 'name = "small-town"', 'start = 2022-11-10T00:00:00', 'horizon_days = 1.0',
             'seed = 5', '']
    for v in sc.villages:
        lines += ['[[villages]]', f'name = "{v.name}"', f'x_km = {v.x_km}', f'y_km = {v.y_km}',
                  f'population = {v.population}', '']
    for lk in sc.lockdowns:
        lines += ['[[lockdowns]]', f'village = "{lk.village}"', f'start_day = {lk.start_day}', '']
    lines += ['[couriers]', 'whitelist_size = 10', '', '[ledger]', 'stores = [']
    for s in sc.ledger.stores:
        lines.append(f'  {{ id = "{s.id}", village = "{s.village}", kind = "{s.kind}", floor_m2 = {s.floor_m2} }},')
    lines.append(']')
    path = tmp_path / "small.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_run_writes_a_complete_run_folder(tmp_path):
    out = tmp_path / "run"
    result = rehearse("run", str(small_town_toml(tmp_path)), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert "orders_placed" in result.stdout and f"run folder: {out}" in result.stdout
    assert {"kpis.json", "timeseries.parquet", "orders.parquet", "events.parquet",
            "scenario.json"} <= {p.name for p in out.iterdir()}
    kpis = json.loads((out / "kpis.json").read_text())
    orders = pd.read_parquet(out / "orders.parquet")
    series = pd.read_parquet(out / "timeseries.parquet")
    assert len(orders) == kpis["orders_placed"] > 0
    assert (orders.status == "delivered").sum() == kpis["orders_delivered"]
    assert len(series) == 24  # one row per hourly tick of a one-day horizon
    assert series.orders_placed.iloc[-1] == kpis["orders_placed"]
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]


def test_kpis_have_every_required_key_with_units_in_names(tmp_path):
    out = tmp_path / "run"
    assert main(["run", str(small_town_toml(tmp_path)), "--out", str(out), "--quiet"]) == 0
    kpis = json.loads((out / "kpis.json").read_text())
    required = ["scenario", "seed", "orders_placed", "orders_delivered", "orders_cancelled",
                "orders_open_at_end", "lead_time_minutes_p50", "lead_time_minutes_p90", "fill_rate",
                "channel_open_minutes_min", "channel_open_minutes_median",
                "channel_open_minutes_max", "store_orders_per_day_max", "urgent_requests",
                "urgent_pickup_minutes_p50", "urgent_pickup_minutes_p90",
                "urgent_within_30_minutes_share", "courier_utilization", "stockout_store_hours"]
    assert [k for k in required if k not in kpis] == []
    assert all(not isinstance(v, (dict, list)) for v in kpis.values())  # flat
    assert kpis["seed"] == 5
    assert kpis["orders_placed"] == (kpis["orders_delivered"] + kpis["orders_cancelled"]
                                     + kpis["orders_open_at_end"])


def test_seed_and_days_options(tmp_path):
    out = tmp_path / "run"
    assert main(["run", str(small_town_toml(tmp_path)), "--out", str(out), "--quiet",
                 "--seed", "9", "--days", "0.5"]) == 0
    kpis = json.loads((out / "kpis.json").read_text())
    assert kpis["seed"] == 9 and kpis["simulated_days"] == 0.5


def test_same_seed_gives_byte_identical_kpis_in_separate_processes(tmp_path):
    scenario = small_town_toml(tmp_path)
    for name in ("a", "b"):
        result = rehearse("run", str(scenario), "--out", str(tmp_path / name), "--quiet")
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "a/kpis.json").read_bytes() == (tmp_path / "b/kpis.json").read_bytes()
    assert main(["run", str(scenario), "--out", str(tmp_path / "c"), "--quiet", "--seed", "6"]) == 0
    assert (tmp_path / "a/kpis.json").read_bytes() != (tmp_path / "c/kpis.json").read_bytes()


def test_validate_lists_problems_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(default_scenario_path().read_text()
                   .replace("whitelist_size = 200", "whitelist_sise = 200")
                   .replace("coordinators = 2 ", "coordinators = 0 "))
    assert main(["validate", str(bad)]) == 2  # in this process: the command line's own is run above
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "2 problem(s)" in err
    assert f"{bad}:" in err and "couriers.whitelist_sise" in err
    assert "command_centre.coordinators" in err and "greater than or equal to 1" in err
    assert main(["validate", str(default_scenario_path())]) == 0


@pytest.mark.parametrize("content", [None, "[run]\nname = 'x'\n", "not toml at all ==="])
def test_run_on_a_bad_or_missing_file_writes_nothing(tmp_path, content, capsys):
    path = tmp_path / "scenario.toml"
    if content is not None:
        path.write_text(content)
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out)]) == 2
    assert str(path) in capsys.readouterr().err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == (["scenario.toml"] if content else [])


def test_existing_run_folder_is_not_overwritten_unless_asked(tmp_path):
    scenario = small_town_toml(tmp_path)
    out = tmp_path / "run"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert main(["run", str(scenario), "--out", str(out), "--quiet"]) == 2
    assert (out / "keep.txt").read_text() == "mine"
    assert main(["run", str(scenario), "--out", str(out), "--quiet", "--overwrite"]) == 0
    assert not (out / "keep.txt").exists() and (out / "kpis.json").exists()


def test_bad_command_line_values_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["run", "--seed", "-3"])
    assert info.value.code == 2
    assert "whole number >= 0" in capsys.readouterr().err


def test_a_crash_mid_run_leaves_no_folder_that_looks_complete(tmp_path, monkeypatch):
    from sim.apps import episode
    from sim.model.town_model import TownModel

    def explode(self, progress=None):
        raise RuntimeError("power cut")

    monkeypatch.setattr(TownModel, "run_episode", explode)
    with pytest.raises(RuntimeError):
        episode.run_to_folder(small_town(), 1, None, tmp_path / "run", progress=False)
    assert list(tmp_path.iterdir()) == []


def test_a_shorter_run_is_the_first_days_and_says_what_it_leaves_out(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", "--days", "2", "--out", str(out), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert ("--days 2: left out what starts after the horizon: the lockdown of Xiwangzhuang "
            "(day 3.45)") in err
    kpis = json.loads((out / "kpis.json").read_text())
    assert kpis["villages_locked"] == 2 and kpis["simulated_days"] == 2


def test_a_scenario_can_extend_another_and_errors_point_at_the_right_file(tmp_path):
    from sim.inputs.scenario_loading import ScenarioError, load_scenario

    town = load_scenario(ROOT / "experiments/town-14d.toml")
    assert len(town.lockdowns) == 17 and town.run.name == "town-14d"
    assert len(town.ledger.stores) == 130  # from the file it extends
    child = tmp_path / "child.toml"
    child.write_text(f'extends = "{default_scenario_path()}"\n\n[couriers]\nwhitelist_size = -1\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    (problem,) = info.value.problems
    assert problem.file == str(child) and problem.line == 4


@pytest.mark.parametrize("command", [
    ["run", "--out", "{file}", "--quiet"],
    ["run", "--out", "{file}/run", "--quiet"],
    ["sweep", "experiments/sweep-couriers.toml", "--out", "{file}"],
])
def test_output_mistakes_exit_2_without_a_traceback(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(ROOT)
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    args = [c.format(file=a_file, tmp=tmp_path) for c in command]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and ("not a folder" in err or "cannot write" in err)
    assert a_file.read_text() == "not a folder"


def test_a_branch_time_with_a_time_zone_is_refused_with_a_hint():
    from sim.apps.drill.drill_time import parse_drill_time
    from sim.apps.drill.loading import load_drill
    from sim.inputs.scenario_loading import ScenarioError

    drill = load_drill(ROOT / "experiments/drill-beizang.toml")
    assert parse_drill_time("2022-11-12T19:30", drill) == (2 * 24 + 19.5) * 60
    with pytest.raises(ScenarioError) as info:
        parse_drill_time("2022-11-12T19:30+08:00", drill)
    assert "time zone" in str(info.value)


def test_validate_tells_a_drill_file_and_lists_its_problems(tmp_path, capsys):
    from tests.support.drill_town import write_drill

    good = write_drill(tmp_path)
    assert main(["validate", str(good)]) == 0
    out = capsys.readouterr().out
    assert f"{good}: this is a drill file" in out
    assert "valid drill 'tiny-drill' on scenario 'tiny-town' (9 injects, 3 decision points" in out
    bad = write_drill(tmp_path, replace={'target = "SUP-0"': 'target = "SUP-99"',
                                         'kind = "supplier_outage"': 'kind = "meteor_strike"'})
    assert main(["validate", str(bad)]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "this is a drill file" in out and "2 problem(s)" in err
    assert "injects[4].target: unknown target for store_closed" in err
    assert "injects[5].kind" in err


def test_validate_tells_a_sweep_file_and_lists_its_problems(tmp_path, capsys):
    spec = ROOT / "experiments/sweep-couriers.toml"
    assert main(["validate", str(spec)]) == 0
    out = capsys.readouterr().out
    assert "this is a sweep file" in out and "valid sweep 'sweep-couriers'" in out
    bad = tmp_path / "sweep.toml"
    bad.write_text(spec.read_text().replace('"beizang-2022.toml"', f'"{ROOT / "experiments/beizang-2022.toml"}"')
                   .replace("replications = 5", "replications = 0"))
    assert main(["validate", str(bad)]) == 2
    captured = capsys.readouterr()
    assert "this is a sweep file" in captured.out
    assert f"{bad}:" in captured.err and "replications" in captured.err


def test_validate_says_it_checks_every_kind_of_file_it_tells(tmp_path, capsys):
    """One table tells a file's kind and checks it; validate's help names every kind in it."""
    for argv in (["--help"], ["validate", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        assert "scenario, drill, compare, calibration or sweep" in " ".join(capsys.readouterr().out.split())
    compare = tmp_path / "compare.toml"
    compare.write_text(f'base_scenario = "{ROOT / "experiments/small-town.toml"}"\nroot_seed = 1\n'
                       'replications = 2\nkpis = [{ name = "fill_rate", goal = "max" }]\n'
                       '[[policies]]\nname = "a"\n[[policies]]\nname = "b"\n'
                       'set = { "couriers.whitelist_size" = 5 }\n', encoding="utf-8")
    for kind, path, valid in [
            ("drill", ROOT / "experiments/drill-district.toml", "valid drill 'drill-district'"),
            ("compare", compare, "valid comparison 'compare' on scenario 'small-town' (2 policies, "
                                 "1 condition(s), 1 KPIs)"),
            ("calibration", ROOT / "experiments/calibrate-small-town.toml",
             "valid calibration 'calibrate-small-town' on scenario 'small-town' (abc-smc, 1 "
             "parameters, 1 targets, up to 3 generations of 20 particles)"),
            ("sweep", ROOT / "experiments/sweep-small-town-sobol.toml",
             "valid sweep 'sweep-small-town-sobol' on scenario 'small-town'")]:
        assert main(["validate", str(path)]) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[0] == f"{path}: this is a {kind} file; validating it as one"
        assert out[1].startswith(f"{path}: {valid}")
