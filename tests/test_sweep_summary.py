"""Summaries of a stored sweep: tables, confidence intervals, plots, sensitivity indices,
and the EMA Workbench form."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim.sweep import load_results, run_sweep, summarize, to_ema_workbench
from tests.test_sweep_fixtures import DELIVERY_SOBOL, DEMAND_PARAMETER, write_spec


@pytest.fixture(scope="module")
def small_sweep(tmp_path_factory):
    folder = tmp_path_factory.mktemp("summary")
    out = folder / "out"
    run_sweep(write_spec(folder), out, workers=2, progress=False)
    return out


@pytest.fixture(scope="module")
def summary(small_sweep):
    return summarize(small_sweep)


def test_summary_tables_hold_every_run_and_student_t_intervals(summary):
    written = set(summary.files)
    assert {"runs.parquet", "runs.csv", "points.parquet", "points.csv"} <= written
    runs = pd.read_parquet(summary.folder / "runs.parquet")
    assert len(runs) == 12 and len(pd.read_csv(summary.folder / "runs.csv")) == 12
    points = pd.read_csv(summary.folder / "points.csv")
    assert set(points["kpi"]) == {"orders_delivered", "lead_time_minutes_mean",
                                  "courier_utilization", "urgent_pickup_minutes_p90"}
    row = points[(points["kpi"] == "lead_time_minutes_mean") & (points["point_index"] == 1)
                 & (points["policy_index"] == 0)].iloc[0]
    values = runs[(runs["point_index"] == 1) & (runs["policy_index"] == 0)]["lead_time_minutes_mean"]
    half = stats.t.ppf(0.975, 2) * values.std(ddof=1) / np.sqrt(3)
    assert row["n"] == 3 and row["mean"] == pytest.approx(values.mean())
    assert row["ci95_low"] == pytest.approx(values.mean() - half)
    assert row["ci95_high"] == pytest.approx(values.mean() + half)


def test_summary_plots_each_numeric_kpi_against_each_parameter(summary):
    plots = sorted(f for f in summary.files if f.startswith("plots/"))
    assert len(plots) == 3 * 2  # busiest_store is text, no run had an urgent request
    assert "urgent_pickup_minutes_p90: no run has a value; not plotted" in summary.notes
    assert "plots/lead_time_minutes_mean--couriers.whitelist_size.png" in plots
    png = (summary.folder / plots[0]).read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    assert not (summary.folder / "sensitivity.csv").exists()  # a grid has no indices


def test_ema_workbench_form_is_row_aligned_with_the_results(small_sweep):
    experiments, outcomes = to_ema_workbench(small_sweep)
    table = load_results(small_sweep, finished_only=True)
    assert list(experiments.columns) == ["couriers.whitelist_size",
                                         "households.first_day_order_share",
                                         "scenario", "policy", "model"]
    assert len(experiments) == len(table) == 12
    assert set(outcomes) == {"orders_delivered", "lead_time_minutes_mean", "courier_utilization",
                             "busiest_store", "urgent_pickup_minutes_p90"}
    np.testing.assert_array_equal(outcomes["orders_delivered"], table["orders_delivered"].to_numpy())
    assert outcomes["orders_delivered"].dtype == float
    np.testing.assert_array_equal(experiments["policy"], table["policy_index"])


@pytest.mark.parametrize("design, samples, columns", [
    ("sobol", 4, {"S1", "S1_conf", "ST", "ST_conf"}),
    ("morris", 3, {"mu", "mu_star", "sigma", "mu_star_conf"}),
])
def test_sobol_and_morris_designs_get_sensitivity_indices(tmp_path, design, samples, columns):
    body = DELIVERY_SOBOL.replace('"sobol"', f'"{design}"').replace(
        "samples = 8", f"samples = {samples}") + DEMAND_PARAMETER
    out = tmp_path / "out"
    run_sweep(write_spec(tmp_path, body), out, workers=2, progress=False)
    summary = summarize(out)
    indices = pd.read_csv(summary.folder / "sensitivity.csv")
    assert columns | {"noise_share", "noise_floor", "noise_dominated"} <= set(indices.columns)
    demand = "households.first_day_order_share"
    assert set(indices["parameter"]) == {"couriers.max_batch_wait_minutes", "couriers.whitelist_size",
                                         "volunteers.orders_per_round", demand}
    assert set(indices["kpi"]) == {"orders_placed", "lead_time_minutes_mean"}
    placed = indices[indices["kpi"] == "orders_placed"].set_index("parameter")
    key = "ST" if design == "sobol" else "mu_star"
    # demand, not delivery, decides how many orders are placed
    assert placed.loc[demand, key] > placed.drop(index=demand)[key].max()
    assert not placed.loc[demand, "noise_dominated"]
