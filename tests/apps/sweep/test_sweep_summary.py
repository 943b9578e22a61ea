"""Summaries of a stored sweep: tables, confidence intervals, plots, sensitivity indices,
and the EMA Workbench form."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from sim.apps.sweep import load_results, run_sweep, summarize, to_ema_workbench
from sim.apps.sweep.headline import _columns, _label
from sim.cli.commands import main
from tests.support.sweep_fixtures import DELIVERY_SOBOL, DEMAND_PARAMETER, write_spec


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
    ("sobol", 8, {"S1", "S1_conf", "ST", "ST_conf"}),  # the sweep test_sweep_noise.py reads too
    ("morris", 3, {"mu", "mu_star", "sigma", "mu_star_conf"}),
])
def test_sobol_and_morris_designs_get_sensitivity_indices(stored_sweep, design, samples, columns):
    body = DELIVERY_SOBOL.replace('"sobol"', f'"{design}"').replace(
        "samples = 8", f"samples = {samples}") + DEMAND_PARAMETER
    summary = stored_sweep.summary(body)
    indices = pd.read_csv(summary.folder / "sensitivity.csv")
    assert columns | {"noise_share", "noise_floor", "noise_dominated"} <= set(indices.columns)
    demand = "households.first_day_order_share"
    assert set(indices["parameter"]) == {"couriers.max_batch_wait_minutes", "couriers.whitelist_size",
                                         "volunteers.orders_per_round", demand}
    assert set(indices["kpi"]) == {"orders_placed", "lead_time_share_batching",
                                   "channel_open_minutes_median"}
    placed = indices[indices["kpi"] == "orders_placed"].set_index("parameter")
    key = "ST" if design == "sobol" else "mu_star"
    # demand, not delivery, decides how many orders are placed
    assert placed.loc[demand, key] > placed.drop(index=demand)[key].max()
    assert not placed.loc[demand, "noise_dominated"]


def _printed_cells(lines: list[str], kpi: str) -> list[str]:
    """The cells of `kpi`'s rows in a printed table (in every block it wraps into), one per
    column."""
    rows = [line for line in lines if line.strip().startswith(kpi + " ")]
    return [cell for row in rows for cell in re.split(r"\s{2,}", row.strip())[1:]]


def test_summarize_prints_each_points_mean_and_interval_and_the_policy_differences(
        small_sweep, summary, capsys):
    assert main(["sweep", "summarize", str(small_sweep)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert "seeds: one per design point and replication (policies at a point share them)" in printed
    means_at = printed.index("mean and 95% CI (± half-width, or [low, high] where not symmetric):")
    differences_at = next(i for i, line in enumerate(printed) if line.startswith("paired difference"))
    means, differences = printed[means_at:differences_at], printed[differences_at:]
    assert means[1:5] == [
        "  A  couriers.whitelist_size=2, households.first_day_order_share=0.3",
        "  B  couriers.whitelist_size=10, households.first_day_order_share=0.3",
        "  C  couriers.whitelist_size=2, households.first_day_order_share=0.7",
        "  D  couriers.whitelist_size=10, households.first_day_order_share=0.7"]
    points = pd.read_csv(summary.folder / "points.csv")
    lead = points[points["kpi"] == "lead_time_minutes_mean"].sort_values(["point_index", "policy_index"])
    cells = _printed_cells(means, "lead_time_minutes_mean")
    assert len(cells) == 4
    for cell, (_, row) in zip(cells, lead.iterrows(), strict=True):
        symmetric = re.fullmatch(r"([-\d.,]+) ±([\d.,]+)", cell)
        if symmetric:
            mean, half = (float(x.replace(",", "")) for x in symmetric.groups())
            low, high = mean - half, mean + half
        else:  # an interval cut at 0 prints its ends
            mean, low, high = (float(x.replace(",", "")) for x in re.fullmatch(
                r"([-\d.,]+) \[([-\d.,]+), ([-\d.,]+)\]", cell).groups())
            assert low == 0
        assert mean == pytest.approx(row["mean"], rel=1e-3)
        # the cell prints 4 significant figures of the mean and of the half-width (or the ends)
        rounding = 5e-4 * (abs(mean) + abs(high - mean))
        assert (low, high) == pytest.approx((row["ci95_low"], row["ci95_high"]), abs=rounding)
    assert _printed_cells(means, "urgent_pickup_minutes_p90") == ["-"] * 4  # no run had one

    assert differences[1:3] == [
        "  A  couriers.whitelist_size=10 vs 2 at households.first_day_order_share=0.3",
        "  B  couriers.whitelist_size=10 vs 2 at households.first_day_order_share=0.7"]
    paired = pd.read_csv(summary.folder / "policy_differences.csv")
    utilization = paired[paired["kpi"] == "courier_utilization"].sort_values("point_index")
    marks = [cell.endswith("*") for cell in _printed_cells(differences, "courier_utilization")]
    assert marks == list(utilization["clear"]) and any(marks)
    assert any(line.startswith(f"wrote {summary.folder}/: points.csv") and "6 plot(s)" in line
               for line in printed)


def test_summarize_shows_the_indices_of_a_sobol_sweep_marked_where_noise_dominates(stored_sweep):
    # the sweep test_sweep_noise.py reads too
    body = "common_random_numbers = false\n" + DELIVERY_SOBOL + DEMAND_PARAMETER
    out, lines = stored_sweep(body), stored_sweep.summary(body).headline
    assert "seeds: one per design point and replication (policies at a point share them)" in lines
    assert "  ... and 44 more column(s) in points.csv" in lines  # 8 x (4 + 2) points, 4 shown
    start = lines.index("sensitivity, ST (~ cannot be told from replication noise):")
    assert lines[start + 4] == "  D  households.first_day_order_share"
    indices = pd.read_csv(out / "summary" / "sensitivity.csv")
    placed = indices[indices["kpi"] == "orders_placed"]
    marks = [cell.endswith("~") for cell in _printed_cells(lines[start:], "orders_placed")]
    assert marks == list(placed["noise_dominated"]) == [True, True, True, False]


@given(cells=st.lists(st.text("0123456789.±", min_size=1, max_size=14), min_size=1, max_size=30),
       width=st.integers(40, 120))
def test_headline_columns_wrap_to_the_width_and_keep_every_cell(cells, width):
    labels = [_label(i) for i in range(len(cells))]
    lines = _columns(labels, ["orders_delivered"], {"orders_delivered": cells}, width)
    assert all(len(line) <= width for line in lines)
    shown = [c for line in lines if line.lstrip().startswith("orders_delivered")
             for c in line.split()[1:]]
    assert shown == cells
