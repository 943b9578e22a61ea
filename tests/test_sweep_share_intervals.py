"""A share's confidence interval stays inside [0, 1] (a fill rate's interval once went above 1)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from sim.sweep.statistics import mean_ci, point_table, policy_difference_table

shares = st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=2, max_size=12)


@given(shares)
def test_the_interval_of_a_share_stays_in_the_unit_interval(values):
    _, mean, _, low, high = mean_ci(np.array(values), (0.0, 1.0))
    assert 0.0 <= low <= mean + 1e-12 and mean - 1e-12 <= high <= 1.0


def test_tables_keep_share_kpis_inside_and_leave_counts_alone():
    runs = pd.DataFrame({
        "status": "finished", "point_index": 0, "replication": [0, 1, 2, 0, 1, 2],
        "policy_index": [0, 0, 0, 1, 1, 1], "couriers": [2, 2, 2, 10, 10, 10],
        "fill_rate": [1.0, 0.98, 0.99, 0.40, 0.95, 0.70],
        "orders_delivered": [10.0, 990.0, 500.0, 0.0, 900.0, 20.0],
    })
    points = point_table(runs, ["couriers"], ["fill_rate", "orders_delivered"])
    fill = points[points.kpi == "fill_rate"]
    assert (fill.ci95_low >= 0).all() and (fill.ci95_high <= 1).all()
    assert fill.ci95_high.max() == 1.0  # it would pass 1 without the bound
    delivered = points[points.kpi == "orders_delivered"]
    assert (delivered.ci95_low < 0).any()  # a count is not bounded here (it is not a share)
    diffs = policy_difference_table(runs, ["couriers"], ["fill_rate"])
    assert (diffs.ci95_low >= -1).all() and (diffs.ci95_high <= 1).all()
