"""A KPI's confidence interval respects what the KPI is: a share's stays inside [0, 1] (a fill
rate's interval once went above 1), a count's never goes below 0 (an `orders_delivered` once
reached -147.5), and each holds the mean."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from sim.apps.sweep.intervals import kpi_interval
from sim.apps.sweep.statistics import point_table, policy_difference_table

shares = st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=2, max_size=12)
counts = st.lists(st.floats(min_value=0.0, max_value=1e6), min_size=2, max_size=12)


@given(shares)
def test_the_interval_of_a_share_stays_in_the_unit_interval(values):
    _, mean, _, low, high = kpi_interval(np.array(values), "fill_rate")
    assert 0.0 <= low <= mean + 1e-12 and mean - 1e-12 <= high <= 1.0


@given(counts)
def test_the_interval_of_a_count_stays_at_or_above_zero(values):
    _, mean, _, low, high = kpi_interval(np.array(values), "orders_delivered")
    assert 0.0 <= low <= mean + 1e-9 * max(1.0, mean) and high >= mean - 1e-9 * max(1.0, mean)


def test_tables_keep_share_kpis_inside_and_counts_at_or_above_zero():
    runs = pd.DataFrame({
        "status": "finished", "point_index": 0, "replication": [0, 1, 2, 0, 1, 2],
        "policy_index": [0, 0, 0, 1, 1, 1], "couriers": [2, 2, 2, 10, 10, 10],
        "fill_rate": [1.0, 0.98, 0.99, 0.40, 0.95, 0.70],
        "orders_delivered": [10.0, 990.0, 500.0, 0.0, 900.0, 20.0],
    })
    points = point_table(runs, ["couriers"], ["fill_rate", "orders_delivered"])
    fill = points[points.kpi == "fill_rate"]
    assert (fill.ci95_low >= 0).all() and (fill.ci95_high <= 1).all()
    delivered = points[points.kpi == "orders_delivered"]
    assert (delivered.ci95_low == 0).all()  # the t-interval's lower ends are below 0: cut there
    assert (delivered.ci95_high > delivered["mean"]).all()
    diffs = policy_difference_table(runs, ["couriers"], ["fill_rate"])
    assert (diffs.ci95_low >= -1).all() and (diffs.ci95_high <= 1).all()
