"""Calibration files: every mistake is said with file, line, field and what is allowed, exit 2,
before any run; `rehearse validate` tells a calibration file by its [[targets]]."""

from __future__ import annotations

import pytest

from sim.apps.calibrate.spec import load_calibration_spec
from sim.cli.commands import main
from tests.support.calibration_fixtures import calibration_text, write_calibration


def test_validate_tells_a_calibration_file_and_says_what_it_holds(tmp_path, capsys):
    spec = write_calibration(tmp_path, calibration_text(25.0))
    assert main(["validate", str(spec)]) == 0
    out = capsys.readouterr().out
    assert "this is a calibration file" in out
    assert "abc-smc, 1 parameters, 1 targets, up to 3 generations of 12 particles" in out


def problems_of(tmp_path, capsys, text: str) -> list[str]:
    spec = write_calibration(tmp_path, text)
    assert main(["calibrate", str(spec), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()  # nothing run, nothing written
    err = capsys.readouterr().err
    return [line.strip() for line in err.splitlines() if line.startswith("  ")]


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.parametrize("wrong, right, field, says", [
    ('path = "command_centre.reach_area_minutes.high"', 'path = "command_centre.reach_area_minuts.high"',
     "parameters[0].path", "did you mean 'reach_area_minutes'?"),
    ('kpi = "channel_open_minutes_min"', 'kpi = "channel_open_minute_min"',
     "targets[0].kpi", "unknown KPI 'channel_open_minute_min'; did you mean 'channel_open_minutes_min'?"),
    ("low = 3.0", "low = 45.0", "parameters[0].low", "low (45) must be below high (40)"),
    ("high = 40.0", 'high = "forty"', "parameters[0].high", "valid number"),
    ('method = "abc-smc"', 'method = "mcmc"', "method", "'abc-smc' or 'optimize'"),
    ("tolerance = 1.0", "tolerance = 0", "targets[0].tolerance", "greater than 0"),
    ("low = 3.0", "low = -5.0", "parameters[0].low", "-5.0 is not valid for command_centre.reach_area_minutes.high"),
    ("seeds_per_particle = 1", "seeds_per_particle = 1\nseed_per_particle = 2", "seed_per_particle",
     "did you mean 'seeds_per_particle'?"),
])
def test_a_bad_calibration_file_is_said_where_and_what_is_allowed(
        tmp_path, capsys, wrong, right, field, says):
    text = calibration_text(25.0)
    assert wrong in text
    text = text.replace(wrong, right)
    problems = problems_of(tmp_path, capsys, text)
    file = str(tmp_path / "fit.toml")
    line = line_of(text, right.splitlines()[-1])
    located = [p for p in problems if p.startswith(f"{file}:")]
    assert any(p.startswith(f"{file}:{line}: {field}") and says in p for p in located), problems


def test_every_problem_is_said_at_once(tmp_path, capsys):
    text = (calibration_text(25.0).replace("low = 3.0", "low = 50.0")
            .replace('kpi = "channel_open_minutes_min"', 'kpi = "no_such_kpi"'))
    problems = problems_of(tmp_path, capsys, text)
    assert any("parameters[0].low" in p and "must be below high" in p for p in problems)
    assert any("targets[0].kpi" in p and "unknown KPI 'no_such_kpi'" in p for p in problems)


def test_a_range_target_and_named_priors_load(tmp_path):
    text = calibration_text(25.0).replace("value = 25.0\ntolerance = 1.0", "low = 10.0\nhigh = 30.0")
    text = text.replace("high = 40.0", "high = 40.0\nprior = \"normal\"\nmean = 20.0\nsd = 5.0")
    loaded = load_calibration_spec(write_calibration(tmp_path, text))
    target = loaded.spec.targets[0]
    assert (target.miss(20.0), target.miss(34.0)) == (0.0, pytest.approx(0.4))
    assert loaded.spec.parameters[0].prior == "normal"


@pytest.mark.parametrize("fields, says", [
    ("value = 25.0", "an observed value needs tolerance"),
    ("high = 15.0", "a range open on one side needs tolerance"),
    ("value = 25.0\ntolerance = 1.0\nhigh = 30.0", "either value (with tolerance) or low/high"),
])
def test_a_target_says_what_it_needs(tmp_path, capsys, fields, says):
    text = calibration_text(25.0).replace("value = 25.0\ntolerance = 1.0", fields)
    problems = problems_of(tmp_path, capsys, text)
    assert any("targets[0]" in p and says in p for p in problems), problems


def test_the_calibrated_beizang_scenario_changes_the_fitted_values_and_nothing_else(tmp_path):
    """Fitted values inside distributions, a household type and a store kind: written so that
    the base's other entries (other types, kinds, categories) stay as they were."""
    from sim.apps.calibrate.outputs import Fitted, calibrated_scenario_text
    from sim.inputs.scenario_loading import load_scenario, scenario_with_overrides

    loaded = load_calibration_spec("experiments/calibrate-beizang.toml")
    fits = [Fitted(p, p.as_run_value((p.low + 2 * p.high) / 3), p.low, p.high)
            for p in loaded.spec.parameters]
    out = tmp_path / "out"
    out.mkdir()
    (out / "calibrated.toml").write_text(calibrated_scenario_text(loaded, fits, out, "test"),
                                         encoding="utf-8")
    calibrated = load_scenario(out / "calibrated.toml")
    base = load_scenario(loaded.base_path)
    expected = scenario_with_overrides(base, {f.parameter.path: f.value for f in fits})
    got = calibrated.model_dump(mode="json")
    want = expected.model_dump(mode="json")
    assert got["run"].pop("name") == "beizang-2022-calibrated"
    want["run"].pop("name")
    assert got == want


def test_the_quick_beizang_calibration_is_the_full_study_smaller_and_the_full_one_continues_it():
    """The same parameters, priors, targets, seeds and runs; fewer particles and generations
    (what a continuation may change), so the full study can go on in the quick one's folder."""
    from sim.apps.calibrate.calibration_folder import begun_with

    full = load_calibration_spec("experiments/calibrate-beizang.toml")
    quick = load_calibration_spec("experiments/calibrate-beizang-quick.toml")
    assert begun_with(quick) == begun_with(full)
    assert quick.spec.parameters == full.spec.parameters
    assert quick.spec.targets == full.spec.targets
    assert quick.spec.seeds_per_particle == full.spec.seeds_per_particle == 2
    assert quick.spec.population_size < full.spec.population_size
    assert quick.spec.max_populations < full.spec.max_populations
    header = open("experiments/calibrate-beizang-quick.toml", encoding="utf-8").read().split("\n\n")[0]
    assert "minutes" in header and "s of CPU" in header  # says what it costs, as measured
