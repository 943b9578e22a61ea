"""Intervals that make sense with few replications: a share's stays in [0, 1] and a count's at
0 or above, both print as `mean [low, high]` when they are not symmetric, and a sweep with too
few replications says so; with many replications the intervals are the textbook Student-t."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim.apps.sweep.headline import headline
from sim.apps.sweep.intervals import (
    MIN_REPLICATIONS_FOR_INTERVAL,
    kpi_interval,
    share_score_interval,
    student_t,
)
from sim.apps.sweep.statistics import point_table
from sim.cli.commands import main
from sim.core.kpi_kinds import NON_NEGATIVE, SHARE, kpi_kind
from tests.support.sweep_fixtures import write_spec

LOW_HIGH = re.compile(r"([-\d.,]+) \[([-\d.,]+), ([-\d.,]+)\]")
PLUS_MINUS = re.compile(r"([-\d.,]+) ±([\d.,]+)")


def _float(text: str) -> float:
    return float(text.replace(",", ""))


def _cells(lines: list[str], kpi: str) -> list[str]:
    """The cells of `kpi`'s row in a printed table, one per column."""
    (row,) = [line for line in lines if line.strip().startswith(kpi + " ")]
    return re.split(r"\s{2,}", row.strip())[1:]


def _two_replications() -> pd.DataFrame:
    return pd.DataFrame({
        "status": "finished", "point_index": 0, "replication": [0, 1, 0, 1],
        "policy_index": [0, 0, 1, 1], "couriers.whitelist_size": [2, 2, 10, 10],
        "fill_rate": [0.0, 0.5545, 0.90, 0.95],
        "orders_delivered": [10.0, 190.0, 300.0, 320.0],
        "lead_time_minutes_mean": [100.0, 110.0, 80.0, 84.0],
    })


def test_two_replications_keep_a_share_inside_and_a_count_at_zero_printed_as_low_high():
    runs = _two_replications()
    kpis = ["fill_rate", "orders_delivered", "lead_time_minutes_mean"]
    points = point_table(runs, ["couriers.whitelist_size"], kpis)
    manifest = {"parameters": ["couriers.whitelist_size"], "policy_parameters": [],
                "common_random_numbers": False}
    lines = headline(manifest, points, None)
    fill, delivered, lead = (_cells(lines, k)[0] for k in kpis)
    mean, low, high = (_float(x) for x in LOW_HIGH.fullmatch(fill).groups())
    assert mean == pytest.approx(0.2773, abs=1e-4) and 0 < low < mean < high < 1
    # the t-interval would run from -1,043.6 to 1,243.6 orders: cut at 0, printed as such
    mean, low, high = (_float(x) for x in LOW_HIGH.fullmatch(delivered).groups())
    assert (mean, low) == (100, 0)
    assert high == pytest.approx(100 + stats.t.ppf(0.975, 1) * 90, rel=1e-3)
    # a time whose t-interval stays above 0 is symmetric and keeps its ±
    mean, half = (_float(x) for x in PLUS_MINUS.fullmatch(lead).groups())
    assert mean == 105 and half == pytest.approx(stats.t.ppf(0.975, 1) * 5, rel=1e-3)
    row = points[(points.kpi == "orders_delivered") & (points.policy_index == 0)].iloc[0]
    assert row.ci95_low == 0  # points.csv keeps its columns, with the cut interval


def test_a_sweep_of_two_replications_prints_low_high_and_warns(tmp_path, capsys):
    spec = write_spec(tmp_path, """
design = "full_factorial"
replications = 2
root_seed = 7
horizon_days = 0.5
kpis = ["orders_delivered", "orders_delivered_share", "courier_utilization", "fill_rate"]

[[parameters]]
path = "couriers.whitelist_size"
values = [2, 10]
policy = true
""")
    out = tmp_path / "out"
    assert main(["sweep", str(spec), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    warning = (f"warning: fewer than {MIN_REPLICATIONS_FOR_INTERVAL} replications (2): a 95% "
               f"interval from so few runs rests on a spread that is itself barely known")
    assert any(line.startswith(warning) for line in capsys.readouterr().out.splitlines())
    assert main(["sweep", "summarize", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert any(line.startswith("warning: 2 of 2 point(s) have fewer than 5 replications "
                               "(the fewest: 2)") for line in printed)
    means = printed[printed.index("mean and 95% CI (± half-width, or [low, high] where not "
                                  "symmetric):"):]
    points = pd.read_csv(out / "summary" / "points.csv")
    for kpi in ("orders_delivered_share", "courier_utilization", "fill_rate", "orders_delivered"):
        cells = _cells(means[:means.index("")], kpi)
        assert len(cells) == 2
        for cell in cells:
            if LOW_HIGH.fullmatch(cell):
                mean, low, high = (_float(x) for x in LOW_HIGH.fullmatch(cell).groups())
                assert low <= mean <= high and low >= 0
                assert high <= 1 or kpi_kind(kpi).kind == NON_NEGATIVE
            else:
                assert PLUS_MINUS.fullmatch(cell), cell
        rows = points[points.kpi == kpi]
        assert (rows.ci95_low >= 0).all()
        if kpi_kind(kpi).kind == SHARE:
            assert (rows.ci95_high <= 1).all()
            assert all(LOW_HIGH.fullmatch(c) for c in cells if not c.endswith("±0"))


def test_the_student_t_interval_is_the_textbook_one():
    n, mean, sd, low, high = student_t([1.0, 2.0, 3.0, 4.0, 5.0])
    # mean 3, sd sqrt(2.5), t(0.975, 4) = 2.7764451
    assert (n, mean) == (5, 3.0) and sd == pytest.approx(1.5811388, rel=1e-7)
    assert (low, high) == pytest.approx((3 - 1.9632432, 3 + 1.9632432), rel=1e-7)


def test_with_many_replications_both_kinds_are_close_to_the_student_t_interval():
    rng = np.random.default_rng(3)
    shares = rng.beta(8, 2, 400)  # mean 0.8
    _, _, _, t_low, t_high = student_t(shares)
    _, mean, _, low, high = kpi_interval(shares, "fill_rate")
    half = (t_high - t_low) / 2
    assert abs(low - t_low) < 0.03 * half and abs(high - t_high) < 0.03 * half
    minutes = rng.normal(120, 30, 400)
    assert kpi_interval(minutes, "lead_time_minutes_p90") == student_t(minutes)


def test_a_shares_interval_ends_where_the_score_test_just_rejects():
    values = np.array([0.91, 0.97, 0.99, 0.95])
    n, mean, sd = len(values), values.mean(), values.std(ddof=1)
    low, high = share_score_interval(mean, sd, n)
    t2 = stats.t.ppf(0.975, n - 1) ** 2
    dispersion = sd ** 2 / (mean * (1 - mean))
    for p in (low, high):  # (mean - p)^2 = t^2 * dispersion * p(1 - p) / n at both ends
        assert (mean - p) ** 2 == pytest.approx(t2 * dispersion * p * (1 - p) / n, rel=1e-9)
    assert high < 1 and high - mean < mean - low  # shorter toward the bound it is near


def test_shares_of_zero_or_one_in_every_run_give_the_point_itself():
    assert kpi_interval([1.0, 1.0, 1.0], "fill_rate")[3:] == (1.0, 1.0)
    assert kpi_interval([0.0, 0.0], "orders_delivered_share")[3:] == (0.0, 0.0)
    assert kpi_interval([0.0, 0.0, 0.0], "orders_cancelled")[3:] == (0.0, 0.0)


def test_near_a_bound_the_share_interval_covers_the_mean_as_often_as_it_says():
    """Shares near 1 with 4 replications: the t-interval cut at 1 covers the mean well below
    95% of the time; the score interval comes close to it (why shares get it)."""
    rng = np.random.default_rng(11)
    draws = rng.beta(19, 1, size=(3000, 4))  # mean 0.95
    cut_t = score = 0
    for values in draws:
        _, _, _, low, high = student_t(values)
        cut_t += max(low, 0) <= 0.95 <= min(high, 1)
        _, _, _, low, high = kpi_interval(values, "fill_rate")
        score += low <= 0.95 <= high
    assert cut_t / len(draws) < 0.91 and score / len(draws) > 0.92


@pytest.mark.parametrize("kpi, kind, unit", [
    ("fill_rate", SHARE, "share"), ("need_fill_rate", SHARE, "share"),
    ("courier_utilization", SHARE, "share"), ("lead_time_share_picking", SHARE, "share"),
    ("orders_delivered_within_120_minutes_share", SHARE, "share"),
    ("lead_time_minutes_p90", NON_NEGATIVE, "minutes"),
    ("lead_time_from_asking_phone_minutes_p50", NON_NEGATIVE, "minutes"),
    ("stockout_store_hours", NON_NEGATIVE, "hours"),
    ("household_days_without_energy", NON_NEGATIVE, "household-days"),
    ("unmet_energy_person_days", NON_NEGATIVE, "person-days"),
    ("staples_kg_delivered_per_locked_person_day", NON_NEGATIVE, "kg per person-day"),
    ("overnight_restock_kg_max", NON_NEGATIVE, "kg"), ("depot_cost_total", NON_NEGATIVE, "yuan"),
    ("restock_units", NON_NEGATIVE, "units"),
    ("households_ever_without_energy", NON_NEGATIVE, "households"),
    ("orders_delivered", NON_NEGATIVE, "orders"), ("courier_trips", NON_NEGATIVE, "count"),
])
def test_a_kpis_kind_and_unit_come_from_its_name(kpi, kind, unit):
    assert (kpi_kind(kpi).kind, kpi_kind(kpi).unit) == (kind, unit)
