"""`rehearse run --sensitivity`: the same scenario and seed run again with the food households
hold at lockdown scaled; the headline hunger figure for each in sensitivity.csv, the report
(English and Chinese) and the terminal. Without the flag nothing more runs."""

from __future__ import annotations

import csv

import pytest

from sim.apps.episode import run_to_folder
from sim.apps.stock_sensitivity import (
    FILE_NAME,
    HEADLINE_HUNGER_KPI,
    STOCK_FACTORS,
    mean_days,
    report_section,
    scaled_stock,
)
from sim.cli.commands import main
from sim.core.kpi_lookup import declaration_of
from sim.inputs.small_town import small_town
from tests.support.drill_town import write_town

LOCKDOWN = '--set=lockdowns=[{village = "V0", start_day = 0.1}]'


def _hungry_town():
    """Little food at home and one courier: how soon households run out is what the
    stock decides."""
    return small_town(villages=2, population=600, horizon_days=3.0, seed=4,
                      couriers={"whitelist_size": 1, "max_batch_orders": 5},
                      households={"stock_days_at_lockdown": {
                          "staples": {"dist": "uniform", "low": 0.5, "high": 2},
                          "vegetables": {"dist": "uniform", "low": 0.2, "high": 1},
                          "meat_eggs": {"dist": "triangular", "low": 0.2, "mode": 0.5, "high": 1.5},
                          "prepared_meals": 0}})


def test_the_headline_kpi_is_one_the_model_declares():
    assert declaration_of(HEADLINE_HUNGER_KPI) is not None


def test_every_distribution_of_days_at_home_is_scaled():
    town = _hungry_town()
    doubled = scaled_stock(town, 2.0)
    days = doubled.households.stock_days_at_lockdown
    assert (days["staples"].low, days["staples"].high) == (1.0, 4.0)
    assert (days["meat_eggs"].low, days["meat_eggs"].mode, days["meat_eggs"].high) == (0.4, 1.0, 3.0)
    assert days["prepared_meals"].mean() == 0
    assert mean_days(doubled) == pytest.approx({k: 2 * v for k, v in mean_days(town).items()})
    # nothing else moves
    assert doubled.model_dump(exclude={"households"}) == town.model_dump(exclude={"households"})


def test_each_household_types_days_at_home_are_scaled_and_shown_by_type():
    town = small_town(households={"types": {
        "sacks": {"share": 0.6, "stock_days_at_lockdown": {"staples": {"dist": "uniform", "low": 20, "high": 60}}},
        "renters": {"share": 0.4, "stock_days_at_lockdown": {"staples": 3, "vegetables": 1}}}})
    doubled = scaled_stock(town, 2.0)
    types = doubled.households.types
    assert (types["sacks"].stock_days_at_lockdown["staples"].low,
            types["sacks"].stock_days_at_lockdown["staples"].high) == (40, 120)
    assert types["renters"].stock_days_at_lockdown["vegetables"].mean() == 2
    assert doubled.households.stock_days_at_lockdown["meat_eggs"].mean() == pytest.approx(
        2 * town.households.stock_days_at_lockdown["meat_eggs"].mean())
    # each type's own days, else the households' own, by type
    days = mean_days(town)
    assert days["sacks.staples"] == 40 and days["renters.staples"] == 3
    assert days["sacks.vegetables"] == town.households.stock_days_at_lockdown["vegetables"].mean()
    assert mean_days(doubled) == pytest.approx({k: 2 * v for k, v in days.items()})


def test_more_food_at_home_means_less_hunger_and_the_run_itself_is_a_row(tmp_path):
    kpis, folder = run_to_folder(_hungry_town(), 4, None, tmp_path / "run", progress=False,
                                 sensitivity=True)
    with (folder / FILE_NAME).open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [float(r["stock_factor"]) for r in rows] == list(STOCK_FACTORS)
    headline = [float(r[HEADLINE_HUNGER_KPI]) for r in rows]
    assert headline[STOCK_FACTORS.index(1.0)] == kpis[HEADLINE_HUNGER_KPI]
    assert headline[0] > headline[-1] and headline == sorted(headline, reverse=True)
    assert [float(r["staples_days_mean"]) for r in rows] == pytest.approx(
        [1.25 * f for f in STOCK_FACTORS])
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert "How hunger moves with the food households hold" in report
    assert "as assumed (this run)" in report and "twice as much" in report


def test_the_section_reads_in_chinese():
    from sim.apps.stock_sensitivity import StockRow

    rows = [StockRow(f, {"staples": 14.0 * f, "vegetables": 2.5 * f}, 0.1 / f) for f in STOCK_FACTORS]
    title, body = report_section(rows, "zh")
    assert title == "断粮情况随家庭存粮的变化"
    assert "按假设（本次运行）" in body and "加倍" in body and "曾经断粮的家庭（占比）" in body
    assert "The same scenario" not in body and "twice as much" not in body


def test_the_command_prints_the_rows_and_runs_nothing_more_without_the_flag(tmp_path, capsys):
    town = write_town(tmp_path)
    assert main(["run", str(town), "--quiet", LOCKDOWN, "--sensitivity", "--out", str(tmp_path / "s")]) == 0
    out = capsys.readouterr().out
    assert "How hunger moves with the food households hold at lockdown" in out
    assert out.count(" | ") >= 2 * len(STOCK_FACTORS)
    assert (tmp_path / "s" / FILE_NAME).exists()
    assert main(["run", str(town), "--quiet", LOCKDOWN, "--out", str(tmp_path / "plain")]) == 0
    assert "How hunger moves" not in capsys.readouterr().out
    assert not (tmp_path / "plain" / FILE_NAME).exists()
    assert "How hunger moves" not in (tmp_path / "plain" / "report.html").read_text(encoding="utf-8")
