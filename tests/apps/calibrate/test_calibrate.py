"""`rehearse check-figures`: the default scenario against the source's figures, over seeds, in
English and Chinese; the same seeds give the same values as `rehearse run`."""

from __future__ import annotations

import csv
import json
import re

import pytest

from sim.apps.calibrate import figure_check
from sim.apps.calibrate.figure_check import SOURCE_FIGURES, calibration_seeds, run_seeds, within
from sim.cli.commands import main
from sim.core.i18n import translator
from tests.support.i18n_catalogue import messages_in_code

SEEDS = 2


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    """`rehearse check-figures` in English, then in Chinese; the language is not the model's (the
    runs are the seeds' alone: run_seeds takes no language), so the Chinese calibration is
    written from the English one's runs instead of running the default scenario again."""
    folder = tmp_path_factory.mktemp("calibrate")
    kept = []

    def keep(scenario, seeds, progress=False):
        kept.append(run_seeds(scenario, seeds, progress))
        return kept[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(figure_check, "run_seeds", keep)
        assert main(["check-figures", "--seeds", str(SEEDS), "--quiet", "--lang", "en",
                     "--out", str(folder / "en")]) == 0
        patch.setattr(figure_check, "run_seeds", lambda scenario, seeds, progress=False: kept[0])
        assert main(["check-figures", "--seeds", str(SEEDS), "--quiet", "--lang", "zh",
                     "--out", str(folder / "zh")]) == 0
    return folder


def test_each_seed_is_compared_with_each_source_figure(calibrated):
    with open(calibrated / "en" / "calibration.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["kpi"] for r in rows] == [f.kpi for f in SOURCE_FIGURES for _ in range(SEEDS)]
    seeds = calibration_seeds(20221110, SEEDS)  # the default scenario's seed is the root
    assert [int(r["seed"]) for r in rows[:SEEDS]] == seeds
    for row in rows:
        figure = next(f for f in SOURCE_FIGURES if f.kpi == row["kpi"])
        assert row["within"] == str(within(figure, float(row["value"])))
    # the default scenario reproduces the source on these seeds (as tests/model/test_default_scenario.py checks)
    assert all(r["within"] == "True" for r in rows)


def test_a_calibration_run_is_the_run_of_its_seed(calibrated, tmp_path):
    with open(calibrated / "en" / "calibration.csv", newline="") as f:
        first = next(csv.DictReader(f))
    assert main(["run", "--seed", first["seed"], "--quiet", "--out", str(tmp_path / "run")]) == 0
    kpis = json.loads((tmp_path / "run" / "kpis.json").read_text())
    assert f"{kpis[first['kpi']]:g}" == first["value"]


def test_the_chinese_calibration_report_reads_in_chinese_with_the_same_figures(calibrated):
    md = (calibrated / "zh" / "calibration.md").read_text(encoding="utf-8")
    assert md.startswith("# 校准：beizang-2022与报道数据对照")
    assert "最快一刻钟开通线上下单渠道" in md and f"{SEEDS}次中{SEEDS}次" in md
    english = {m for m in messages_in_code() if len(m.split()) >= 4 and translator("zh")(m) != m}
    assert [m for m in english if m in md] == []
    html = (calibrated / "zh" / "calibration.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    assert (calibrated / "zh" / "calibration.csv").read_bytes() == (calibrated / "en" / "calibration.csv").read_bytes()
    values = re.findall(r"\| ([\d.]+, [\d.]+) \|", md)
    assert values == re.findall(r"\| ([\d.]+, [\d.]+) \|", (calibrated / "en" / "calibration.md").read_text())


def test_a_calibration_is_not_overwritten_unless_asked(calibrated, capsys):
    before = (calibrated / "en" / "calibration.csv").read_bytes()
    assert main(["check-figures", "--seeds", "1", "--quiet", "--out", str(calibrated / "en")]) == 2
    assert "already holds a calibration" in capsys.readouterr().err
    assert (calibrated / "en" / "calibration.csv").read_bytes() == before


def test_the_old_calibrate_usage_still_checks_the_figures_and_says_the_new_name(
        calibrated, tmp_path, capsys):
    with pytest.MonkeyPatch.context() as patch:
        # the English check's runs again, without simulating the default scenario
        patch.setattr(figure_check, "run_seeds",
                      lambda scenario, seeds, progress=False: kept_runs(calibrated))
        assert main(["calibrate", "--seeds", str(SEEDS), "--quiet", "--lang", "en",
                     "--out", str(tmp_path / "old")]) == 0
    assert "is now `rehearse check-figures" in capsys.readouterr().err
    assert (tmp_path / "old" / "calibration.csv").read_bytes() == (calibrated / "en" / "calibration.csv").read_bytes()


def kept_runs(calibrated) -> list[dict]:
    """The KPIs of the English check's seeds, as the CSV holds them (the three figures)."""
    with open(calibrated / "en" / "calibration.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    runs: dict[str, dict] = {}
    for row in rows:
        value = None if row["value"] == "-" else float(row["value"])
        runs.setdefault(row["seed"], {})[row["kpi"]] = value
    return list(runs.values())
