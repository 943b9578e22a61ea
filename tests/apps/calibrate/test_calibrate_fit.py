"""`rehearse calibrate` on a town small enough to fit in seconds: figures simulated at a known
value and fed back as targets give a posterior that covers the value and is much narrower than
the prior; a stopped calibration continues where it stopped and ends with the posterior of a
whole one; the optimizer finds a point within tolerance; the calibrated scenario is a valid
scenario with the fitted value."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.apps.calibrate.outputs import weighted_quantile
from sim.apps.calibrate.samplers import SeededMappingSampler
from sim.cli.commands import main
from sim.inputs.scenario_loading import load_scenario
from tests.support.calibration_fixtures import (
    FITTED_PATH,
    KNOWN_VALUE,
    PRIOR_HIGH,
    PRIOR_LOW,
    calibration_text,
    observed_at_known_value,
    write_calibration,
)


@pytest.fixture(scope="module")
def fitted(tmp_path_factory):
    """An ABC-SMC calibration to the figure simulated at the known value, run whole."""
    folder = tmp_path_factory.mktemp("calibrate-fit")
    observed = observed_at_known_value(folder)
    spec = write_calibration(folder, calibration_text(observed))
    assert main(["calibrate", str(spec), "--workers", "1", "--out", str(folder / "out"),
                 "--quiet"]) == 0
    return folder, spec, observed


def test_the_posterior_covers_the_known_value_and_is_much_narrower_than_the_prior(fitted):
    folder, _, _ = fitted
    posterior = pd.read_parquet(folder / "out" / "posterior.parquet")
    assert list(posterior.columns) == [FITTED_PATH, "weight", "distance"]
    assert len(posterior) == 12 and posterior["weight"].sum() == pytest.approx(1)
    low = weighted_quantile(posterior[FITTED_PATH], posterior["weight"], 0.05)
    high = weighted_quantile(posterior[FITTED_PATH], posterior["weight"], 0.95)
    assert low <= KNOWN_VALUE <= high
    prior_width = 0.9 * (PRIOR_HIGH - PRIOR_LOW)
    assert high - low < 0.25 * prior_width


def test_the_calibrated_scenario_extends_the_base_with_the_posterior_median(fitted, capsys):
    folder, _, observed = fitted
    calibrated = folder / "out" / "calibrated.toml"
    text = calibrated.read_text(encoding="utf-8")
    assert 'extends = "../tiny-town.toml"' in text
    assert "90% credible interval" in text and "channel_open_minutes_min" in text
    assert f"{observed:g} ± 1" in text
    assert main(["validate", str(calibrated)]) == 0
    scenario = load_scenario(calibrated)
    posterior = pd.read_parquet(folder / "out" / "posterior.parquet")
    median = weighted_quantile(posterior[FITTED_PATH], posterior["weight"], 0.5)
    assert scenario.command_centre.reach_area_minutes.high == pytest.approx(median)
    assert scenario.command_centre.reach_area_minutes.low == 2.0  # the base's, kept
    assert scenario.run.name == "tiny-town-calibrated"
    assert "posterior median" in (folder / "out" / "summary.md").read_text(encoding="utf-8")


def test_a_stopped_calibration_continues_from_its_history_and_ends_as_a_whole_one(
        fitted, tmp_path, capsys):
    folder, spec, _ = fitted
    out = tmp_path / "out"
    generations_asked = []
    run = SeededMappingSampler.sample_until_n_accepted

    def stop_after_the_first(self, n, simulate_one, t, **kwargs):
        if t == 1:
            raise KeyboardInterrupt
        return run(self, n, simulate_one, t, **kwargs)

    def record(self, n, simulate_one, t, **kwargs):
        generations_asked.append(t)
        return run(self, n, simulate_one, t, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SeededMappingSampler, "sample_until_n_accepted", stop_after_the_first)
        assert main(["calibrate", str(spec), "--workers", "1", "--out", str(out)]) == 130
        assert "run the same command again" in capsys.readouterr().err
        assert not (out / "posterior.parquet").exists()
        patch.setattr(SeededMappingSampler, "sample_until_n_accepted", record)
        assert main(["calibrate", str(spec), "--workers", "1", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert generations_asked == [1, 2]  # neither the prior's sample nor generation 1 again
    assert said.count("generation 1:") == 1 and "generation 3:" in said
    pd.testing.assert_frame_equal(pd.read_parquet(out / "posterior.parquet"),
                                  pd.read_parquet(folder / "out" / "posterior.parquet"))


def test_a_calibration_continued_with_more_particles_and_generations_goes_on_from_its_own(
        tmp_path, capsys):
    """A quick calibration carried on by a file that differs only in its bounds: the earlier
    generations are kept, the next ones have the new population."""
    def sized(particles: int, generations: int) -> str:
        return calibration_text(24.0).replace(
            "population_size = 12\nmax_populations = 3",
            f"population_size = {particles}\nmax_populations = {generations}")

    quick = write_calibration(tmp_path, sized(4, 1), name="quick")
    full = write_calibration(tmp_path, sized(6, 2), name="full")
    out = tmp_path / "out"
    assert main(["calibrate", str(quick), "--workers", "1", "--out", str(out), "--quiet",
                 "--check-seeds", "1"]) == 0
    first = pd.read_parquet(out / "posterior.parquet")
    assert len(first) == 4
    asked = []
    run = SeededMappingSampler.sample_until_n_accepted

    def record(self, n, simulate_one, t, **kwargs):
        asked.append((t, n))
        return run(self, n, simulate_one, t, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SeededMappingSampler, "sample_until_n_accepted", record)
        assert main(["calibrate", str(full), "--workers", "1", "--out", str(out),
                     "--check-seeds", "1"]) == 0
    assert asked == [(1, 6)]  # only the new generation, of the new size
    said = capsys.readouterr().out
    assert said.count("generation 1:") == 1 and said.count("generation 2:") == 1
    assert len(pd.read_parquet(out / "posterior.parquet")) == 6
    # the summary says the posterior is the last generation's, not that every one had 6
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "2 generations; the posterior is the last one's 6 particles" in summary


def test_a_folder_of_another_calibration_is_refused(fitted, tmp_path, capsys):
    folder, _, _ = fitted
    other = write_calibration(tmp_path, calibration_text(33.0), name="other")
    assert main(["calibrate", str(other), "--out", str(folder / "out"), "--quiet"]) == 2
    assert "another file or base scenario" in capsys.readouterr().err


def test_optimize_finds_a_point_within_tolerance(tmp_path, capsys):
    observed = observed_at_known_value(tmp_path)
    spec = write_calibration(tmp_path, calibration_text(observed, "optimize", tolerance=2.0))
    assert main(["calibrate", str(spec), "--workers", "1", "--out", str(tmp_path / "out")]) == 0
    assert "trials 20 of 20" in capsys.readouterr().out
    trials = pd.read_parquet(tmp_path / "out" / "trials.parquet")
    assert len(trials) == 20
    best = trials.loc[trials["distance"].idxmin()]
    assert abs(best["channel_open_minutes_min"] - observed) <= 2.0
    assert best["distance"] <= 1.0
    scenario = load_scenario(tmp_path / "out" / "calibrated.toml")
    assert scenario.command_centre.reach_area_minutes.high == pytest.approx(best[FITTED_PATH])


def test_the_summary_reads_in_chinese_with_the_same_figures(fitted):
    from sim.apps.calibrate.outputs import posterior_summary
    from sim.apps.calibrate.spec import load_calibration_spec

    folder, spec, _ = fitted
    loaded = load_calibration_spec(spec)
    particles = pd.read_parquet(folder / "out" / "posterior.parquet")
    figures = pd.DataFrame({"channel_open_minutes_min": [29.0] * len(particles)})
    en = posterior_summary(loaded, particles, figures, 3, "en")
    zh = posterior_summary(loaded, particles, figures, 3, "zh")
    assert zh.parameter_header[2] == "后验中位数" and zh.title == "校准 fit：后验分布"
    assert (zh.parameter_rows, zh.target_rows) == (en.parameter_rows, en.target_rows)
